"""Per-document partial counts: what the corpus-wide step sums (`totals`), counted once per
document so that a rebuild counts only the new or changed documents.

Each document gives rows (doc_id, part, a, b, n) -- `PARTIAL_COLUMNS` -- of eight parts:

    term             a: a keyness term (`distinctive.terms_of`)       n: its occurrences (the words of
                                                                         paragraphs in another language
                                                                         left out: `language`)
    mentions         a: an actor_id                                   n: its mentions (every kind)
    sentence_actor   a: an actor_id                                   n: sentences naming it
    sentence_pair    a, b: actor_a < actor_b                          n: sentences naming both
    sentences        (none)                                           n: sentences of the document
    paragraph_actor  a: an actor_id                                   n: paragraphs naming it
    paragraph_pair   a, b: actor_a < actor_b                          n: paragraphs naming both
    paragraphs       (none)                                           n: paragraphs holding a sentence

They depend on the document's text, tokens, sentences, mentions and paragraphs only -- never on
its outlet, date or copies (`counting`), which `totals` applies when it sums them -- so the build
keeps them under the document's key, with its other per-document analyses
(`analysis.stage.analyse`).
"""
from __future__ import annotations

import pandas as pd

from ...nlp.lexicon import LANG
from ..distinctive import terms_of, word_lists
from ..language import in_corpus_language
from ..paragraphs import placed, starts_by_document, starts_from_texts
from ..options import KINDS
from .base import ChunkTables

PARTIAL_COLUMNS = ["doc_id", "part", "a", "b", "n"]
TOKEN_COLUMNS = ["doc_id", "start_char", "text", "lemma", "upos"]
SENTENCE_COLUMNS = ["doc_id", "sent_idx", "start_char"]
MENTION_COLUMNS = ["doc_id", "sent_idx", "actor_id", "kind"]


def document_partials(chunk: ChunkTables, paragraphs: pd.DataFrame) -> pd.DataFrame:
    """The partial counts of the documents of a chunk (columns `PARTIAL_COLUMNS`, by doc_id);
    `paragraphs`: the text stage's rows of these documents (doc_id, start_char, end_char, lang) --
    none (a build made before they were written): cut from the texts."""
    starts = starts_by_document(paragraphs) if len(paragraphs) else starts_from_texts(chunk.documents)
    sentences = chunk.sentences.assign(para_idx=placed(chunk.sentences, starts))
    foreign = (paragraphs[paragraphs["lang"].notna() & (paragraphs["lang"] != LANG)] if len(paragraphs)
               else paragraphs)[["doc_id", "start_char", "end_char"]]
    return pd.concat([term_partials(in_corpus_language(chunk.tokens, foreign)), sentence_partials(sentences),
                      mention_partials(with_paragraphs(chunk.mentions, sentences))],
                     ignore_index=True).sort_values("doc_id", kind="stable")


def term_partials(tokens: pd.DataFrame) -> pd.DataFrame:
    """Part `term`: each keyness term of each document, with its occurrences (tokens: doc_id,
    text, lemma, upos).  A document may come in several pieces: their rows add up."""
    tokens = tokens[~tokens["upos"].isin(list(word_lists()["skip_upos"]))]
    found = pd.DataFrame({"doc_id": tokens["doc_id"].to_numpy(), "a": terms_of(tokens).to_numpy()}).dropna()
    return rows("term", found.groupby(["doc_id", "a"], sort=True).size())


def sentence_partials(sentences: pd.DataFrame) -> pd.DataFrame:
    """Parts `sentences` and `paragraphs` of whole documents: their sentences, and the paragraphs
    holding one (sentences: doc_id, para_idx)."""
    held = sentences[["doc_id", "para_idx"]].drop_duplicates()
    return pd.concat([rows("sentences", sentences.groupby("doc_id", sort=True).size()),
                      rows("paragraphs", held.groupby("doc_id", sort=True).size())], ignore_index=True)


def with_paragraphs(mentions: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """`mentions` with the paragraph of their sentence (`para_idx`, from `sentences`: doc_id,
    sent_idx, para_idx)."""
    placed_in = sentences[["doc_id", "sent_idx", "para_idx"]].drop_duplicates(["doc_id", "sent_idx"])
    out = mentions.merge(placed_in, on=["doc_id", "sent_idx"], how="left")
    return out.assign(para_idx=out["para_idx"].fillna(0).astype("int64"))


def mention_partials(mentions: pd.DataFrame) -> pd.DataFrame:
    """Parts `mentions`, `sentence_actor`, `sentence_pair`, `paragraph_actor` and `paragraph_pair`
    of whole documents (mentions: doc_id, sent_idx, para_idx, actor_id, kind; every mention of
    each document)."""
    mentions = mentions[mentions["kind"].isin(KINDS)]
    parts = [rows("mentions", mentions.groupby(["doc_id", "actor_id"], sort=True).size())]
    for level, unit in (("sentence", "sent_idx"), ("paragraph", "para_idx")):
        units = mentions[["doc_id", unit, "actor_id"]].drop_duplicates()
        both = units.merge(units, on=["doc_id", unit], suffixes=("_a", "_b"))
        both = both[both["actor_id_a"] < both["actor_id_b"]]
        parts += [rows(f"{level}_actor", units.groupby(["doc_id", "actor_id"], sort=True).size()),
                  rows(f"{level}_pair", both.groupby(["doc_id", "actor_id_a", "actor_id_b"], sort=True).size())]
    return pd.concat(parts, ignore_index=True)


def rows(part: str, counts: pd.Series) -> pd.DataFrame:
    """Partial rows of `part` from counts indexed by doc_id and up to two keys (a, b)."""
    frame = counts.rename("n").reset_index()
    frame.columns = ["doc_id", *["a", "b"][:frame.shape[1] - 2], "n"]
    for column in ("a", "b"):
        if column not in frame:
            frame[column] = None
    frame["n"] = frame["n"].astype("int64")
    return frame.assign(part=part)[PARTIAL_COLUMNS]
