"""Keyword in context: concordance lines for an actor, a word, a lemma, a phrase or a query, cut
from the original text, sortable by their left or right context.

Words and phrases are found as `search.phrase_pattern` finds them (case, accents and
apostrophes aside, whole words); lemmas in the `tokens` table; queries -- words, wildcards,
regular expressions, lemma and part-of-speech tests, sequences, as CQP writes them -- as
`query` matches them over the tokens; actors through their mentions (every name form, by
`kinds`).  Texts are read in batches and only those of the documents with a hit are kept.

>>> from corpus_tools.analysis.demo import demo_corpus
>>> corpus = demo_corpus()
>>> lines = kwic(corpus, actor="Haftar", window=25, sort="right")
>>> list(lines.columns)
['doc_id', 'sent_idx', 'source', 'date', 'title', 'left', 'match', 'right', 'start_char', 'end_char']
>>> sorted(set(kwic(corpus, word="haftar")["match"]))
['Haftar']
>>> accusing = kwic(corpus, query='[lemma="accuser"] [pos="DET"]? [pos="PROPN"]', window=20)
>>> accusing[["left", "match", "right"]].values.tolist()
[['Khalifa Haftar ', 'accuse Ankara', ' de prolonger la']]
>>> kwic(corpus, actor="Haftar", word="Haftar")
Traceback (most recent call last):
...
ValueError: give exactly one of actor, word, lemma, phrase, query (got actor, word)
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from ..fold import fold
from . import counting
from ..nlp.lexicon import known
from .language import foreign_paragraphs, in_corpus_language
from .lexicon import REPAIRED_UPOS, repair_lemmas
from .options import DEFAULT_KINDS, at_least, choose, one_of
from .query import query_hits
from .search import WILDCARD, phrase_pattern, prefilter

COLUMNS = ["doc_id", "sent_idx", "source", "date", "title", "left", "match", "right", "start_char", "end_char"]
SORTS = (None, "left", "right", "date")
SPACES = re.compile(r"\s+")


def kwic(corpus, actor: str | None = None, word: str | None = None, lemma: str | None = None,
         phrase: str | None = None, query: str | None = None, window: int = 60, sort: str | None = None,
         kinds: str | Iterable[str] = DEFAULT_KINDS, per: str = "story",
         all_languages: bool = False) -> pd.DataFrame:
    """One line per occurrence of `actor` (an id or any name), `word`, `lemma`, `phrase` or match
    of `query` -- exactly one of them -- with `window` characters of context on each side.  Words,
    phrases and queries are not looked for in the paragraphs the text stage found in another
    language than the models' (an English passage of a French article: `language`) unless
    `all_languages`; an actor's lines are its mentions, counted in every paragraph.

    A query is written as in CQP (`corpus_tools.analysis.query` has the whole language):
    ``query="chef de guerre"`` (words, case and accents aside), ``query="néo*"`` (wildcard),
    ``query='[word="néo.*"]'`` (a regular expression, case kept; ``"néo.*"%c``: case aside),
    ``query='[lemma="accuser"] [pos="DET"]? [pos="PROPN"]'`` (lemma and part-of-speech tests,
    an optional token), ``query='[lemma="dire" & pos="VERB"]'``; a match spans its tokens.

    Columns: doc_id, sent_idx, source, date, title, left, match (as written), right,
    start_char, end_char (offsets in documents.text).  Lines come in document order, or sorted
    by `sort`: "left" (the words nearest the match first, as concordancers do), "right" or
    "date".  Each story once unless `per="outlet"`; `kinds` (actors only) as in `counting`."""
    what, value = one_of(actor=actor, word=word, lemma=lemma, phrase=phrase, query=query)
    at_least("window", window, 0)
    choose("sort", sort, SORTS)
    kinds = counting.kinds_of(kinds)
    scope = counting.scope(corpus, per)
    if what == "actor":
        hits = counting.mentions(corpus, kinds, per, actor_id=corpus.actor_id(value),
                                 columns=["doc_id", "sent_idx", "start_char", "end_char"])
    elif what == "lemma":
        hits = lemma_hits(scope, value)
    elif what == "query":
        hits = query_hits(scope, value)
    else:
        if what == "word" and len(value.split()) > 1:
            raise ValueError(f"word={value!r} holds several words: pass it as phrase=")
        hits = text_hits(scope, value)
    if what != "actor" and not all_languages:
        hits = in_corpus_language(hits, foreign_paragraphs(corpus))
    lines = concordance(corpus, hits, window)
    lines = sorted_lines(lines, sort)
    lines.attrs["counted"] = counting.describe(kinds, per) if what == "actor" else (
        "each story once" if per == "story" else "what each outlet published")
    return lines


def text_hits(corpus, phrase: str) -> pd.DataFrame:
    """(doc_id, sent_idx, start_char, end_char) of every match of `phrase` in the corpus's texts."""
    pattern = phrase_pattern(phrase)
    where = pc.match_substring_regex(pc.field("text"), prefilter(phrase))
    found = []
    for batch in corpus.batches("documents", ["doc_id", "text"], where, batch_rows=2_000):
        for doc_id, text in zip(batch["doc_id"], batch["text"]):
            found += [(doc_id, m.start(), m.end()) for m in pattern.finditer(text)]
    hits = pd.DataFrame(found, columns=["doc_id", "start_char", "end_char"])
    return with_sentences(corpus, hits)


def with_sentences(corpus, hits: pd.DataFrame) -> pd.DataFrame:
    """`hits` (doc_id, start_char, end_char) with the index of the sentence each starts in."""
    if hits.empty:
        return hits.assign(sent_idx=pd.Series(dtype="int64"))[["doc_id", "sent_idx", "start_char", "end_char"]]
    sentences = corpus.restrict(hits["doc_id"].unique(), []).read("sentences", ["doc_id", "sent_idx", "start_char"])
    located = pd.merge_asof(hits.sort_values("start_char"), sentences.sort_values("start_char"),
                            on="start_char", by="doc_id", direction="backward")
    located["sent_idx"] = located["sent_idx"].fillna(0).astype("int64")
    return located[["doc_id", "sent_idx", "start_char", "end_char"]]


def lemma_hits(corpus, lemma: str) -> pd.DataFrame:
    """(doc_id, sent_idx, start_char, end_char) of every word whose lemma folds to `lemma`'s fold
    (`*` standing for any letters) -- the lemma keyness counts: the model's, or the lexicon's where
    the model invented one ("tiendra": "tenir", not "tiendre"; `lexicon`) -- but in paragraphs of
    another language than the models' (`language`: their lemmas are no French words, whatever
    `kwic`'s `all_languages`)."""
    key = re.compile(re.escape(fold(lemma.strip())).replace(r"\*", WILDCARD))
    where = pc.match_substring_regex(pc.field("lemma"), f"^(?:{prefilter(lemma)})$")
    invented = invented_lemmas(corpus)
    if invented:
        where = where | pc.field("lemma").isin(invented)
    foreign = foreign_paragraphs(corpus)
    found = []
    for batch in corpus.batches("tokens", ["doc_id", "sent_idx", "text", "lemma", "upos", "start_char", "end_char"],
                                where):
        lemmas = repair_lemmas(batch["text"], batch["lemma"].astype(object).str.lower(), batch["upos"])
        found.append(in_corpus_language(batch[lemmas.map(lambda x: isinstance(x, str) and key.fullmatch(fold(x))
                                                         is not None)], foreign))
    columns = ["doc_id", "sent_idx", "start_char", "end_char"]
    return pd.concat(found, ignore_index=True)[columns].drop_duplicates() if found else pd.DataFrame(columns=columns)


def invented_lemmas(corpus) -> list[str]:
    """The lemmas of the corpus's open-class words that the French lexicon does not know (the model's
    inventions among them: "tiendre"), as written; found once per corpus."""
    def compute() -> list[str]:
        seen: set[str] = set()
        for batch in corpus.batches("tokens", ["lemma"], pc.field("upos").isin(list(REPAIRED_UPOS))):
            seen.update(batch["lemma"].dropna().unique().tolist())
        return sorted(w for w in seen if not known(w.lower()))
    return corpus.memo("invented lemmas", compute)


def concordance(corpus, hits: pd.DataFrame, window: int) -> pd.DataFrame:
    """The concordance lines of `hits`: contexts cut from the texts of the documents hit (only
    those are read, a batch at a time: what is held is the lines, never the texts)."""
    if hits.empty:
        return pd.DataFrame(columns=COLUMNS)
    hits = hits.sort_values(["doc_id", "start_char"], kind="stable").reset_index(drop=True)
    spans = hits.groupby("doc_id", sort=False).indices
    starts, ends = hits["start_char"].astype(int).to_numpy(), hits["end_char"].astype(int).to_numpy()
    cut = np.empty((len(hits), 3), dtype=object)
    for batch in corpus.restrict(list(spans), []).batches("documents", ["doc_id", "text"], batch_rows=2_000):
        for doc_id, text in zip(batch["doc_id"], batch["text"]):
            for i in spans[doc_id]:
                cut[i] = (context(text, max(0, starts[i] - window), starts[i]), text[starts[i]:ends[i]],
                          context(text, ends[i], min(len(text), ends[i] + window)))
    lines = hits.assign(left=cut[:, 0], match=cut[:, 1], right=cut[:, 2])
    return counting.with_documents(lines, corpus)[COLUMNS].reset_index(drop=True)


def context(text: str, start: int, end: int) -> str:
    """text[start:end] on one line, without the word the window cuts at either edge."""
    piece = text[start:end]
    if start > 0 and text[start - 1].isalnum() and piece[:1].isalnum():
        piece = piece.split(None, 1)[1] if len(piece.split(None, 1)) > 1 else ""
    if end < len(text) and text[end:end + 1].isalnum() and piece[-1:].isalnum():
        piece = piece.rsplit(None, 1)[0] if len(piece.rsplit(None, 1)) > 1 else ""
    return SPACES.sub(" ", piece)


def sorted_lines(lines: pd.DataFrame, sort: str | None) -> pd.DataFrame:
    """Lines in document order, or by their left context (nearest word first), right context or date."""
    if sort is None or lines.empty:
        return lines
    if sort == "date":
        lines = lines.sort_values(["date", "doc_id", "start_char"], kind="stable", na_position="last")
        return lines.reset_index(drop=True)
    if sort == "left":
        key = lines["left"].map(lambda s: " ".join(reversed(fold(s).split())))
    else:
        key = lines["right"].map(lambda s: fold(s).strip())
    return lines.assign(_key=key).sort_values(["_key", "doc_id", "start_char"], kind="stable").drop(
        columns="_key").reset_index(drop=True)
