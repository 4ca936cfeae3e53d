"""Per-document partial counts: what the corpus-wide step sums (`totals`), counted once per
document so that a rebuild counts only the new or changed documents.

Each document gives rows (doc_id, part, a, b, n) -- `PARTIAL_COLUMNS` -- of five parts:

    term            a: a keyness term (`distinctive.terms_of`)        n: its occurrences
    mentions        a: an actor_id                                    n: its mentions (every kind)
    sentence_actor  a: an actor_id                                    n: sentences naming it
    sentence_pair   a, b: actor_a < actor_b                           n: sentences naming both
    sentences       (none)                                            n: sentences of the document

They depend on the document's tokens, sentences and mentions only -- never on its outlet, date or
copies (`counting`), which `totals` applies when it sums them -- so the build keeps them under
the document's key, with its other per-document analyses (`analysis.stage.analyse`).
"""
from __future__ import annotations

import pandas as pd

from ..distinctive import terms_of, word_lists
from ..options import KINDS
from .base import ChunkTables

PARTIAL_COLUMNS = ["doc_id", "part", "a", "b", "n"]
TOKEN_COLUMNS = ["doc_id", "text", "lemma", "upos"]
MENTION_COLUMNS = ["doc_id", "sent_idx", "actor_id", "kind"]


def document_partials(chunk: ChunkTables) -> pd.DataFrame:
    """The partial counts of the documents of a chunk (columns `PARTIAL_COLUMNS`, by doc_id)."""
    return pd.concat([term_partials(chunk.tokens), sentence_partials(chunk.sentences),
                      mention_partials(chunk.mentions)], ignore_index=True).sort_values("doc_id", kind="stable")


def term_partials(tokens: pd.DataFrame) -> pd.DataFrame:
    """Part `term`: each keyness term of each document, with its occurrences (tokens: doc_id,
    text, lemma, upos).  A document may come in several pieces: their rows add up."""
    tokens = tokens[~tokens["upos"].isin(list(word_lists()["skip_upos"]))]
    found = pd.DataFrame({"doc_id": tokens["doc_id"].to_numpy(), "a": terms_of(tokens).to_numpy()}).dropna()
    return rows("term", found.groupby(["doc_id", "a"], sort=True).size())


def sentence_partials(sentences: pd.DataFrame) -> pd.DataFrame:
    """Part `sentences`: the number of sentences of each document (sentences: doc_id)."""
    return rows("sentences", sentences.groupby("doc_id", sort=True).size())


def mention_partials(mentions: pd.DataFrame) -> pd.DataFrame:
    """Parts `mentions`, `sentence_actor` and `sentence_pair` of whole documents (mentions: doc_id,
    sent_idx, actor_id, kind; every mention of each document)."""
    mentions = mentions[mentions["kind"].isin(KINDS)]
    units = mentions[["doc_id", "sent_idx", "actor_id"]].drop_duplicates()
    both = units.merge(units, on=["doc_id", "sent_idx"], suffixes=("_a", "_b"))
    both = both[both["actor_id_a"] < both["actor_id_b"]]
    return pd.concat([rows("mentions", mentions.groupby(["doc_id", "actor_id"], sort=True).size()),
                      rows("sentence_actor", units.groupby(["doc_id", "actor_id"], sort=True).size()),
                      rows("sentence_pair", both.groupby(["doc_id", "actor_id_a", "actor_id_b"], sort=True).size())],
                     ignore_index=True)


def rows(part: str, counts: pd.Series) -> pd.DataFrame:
    """Partial rows of `part` from counts indexed by doc_id and up to two keys (a, b)."""
    frame = counts.rename("n").reset_index()
    frame.columns = ["doc_id", *["a", "b"][:frame.shape[1] - 2], "n"]
    for column in ("a", "b"):
        if column not in frame:
            frame[column] = None
    frame["n"] = frame["n"].astype("int64")
    return frame.assign(part=part)[PARTIAL_COLUMNS]
