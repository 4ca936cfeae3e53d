"""Who says what: the quotations of the corpus, their kind, their cue and their speaker (the `quotes`
table), for one speaker or all, and those about an actor (mentioning it in the quoted words).

The build writes the table (its extractor and the rules it reads -- the table's `method` --:
`corpus_tools.analysis.extract.quotes`); `quotes(corpus, actor)` reads it.
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from . import counting
from .options import DEFAULT_KINDS

TABLE = "quotes"


def quotes(corpus, actor: str | None = None, per: str = "story", about: str | None = None,
           kinds: str | Iterable[str] = DEFAULT_KINDS) -> pd.DataFrame:
    """Quotations of the corpus with the source, date and title of their document; only those
    whose speaker is `actor` (an actor_id or any of its names) if given, and only those whose
    quoted words mention `about` (a mention of `kinds` inside the quotation: what is said *about*
    an actor) if given.  Counting rule as everywhere (`counting`): `per="story"` counts each story
    once, `per="outlet"` what each outlet published.

    Columns: doc_id, sent_idx, source, date, title, then those of the `quotes` table (see
    `corpus_tools.schema`).

    >>> from corpus_tools.analysis.demo import demo_corpus
    >>> said = quotes(demo_corpus())
    >>> list(said.columns[:5])
    ['doc_id', 'sent_idx', 'source', 'date', 'title']
    """
    if actor is not None:
        out = counting.actor_rows(corpus, TABLE, actor, "all", per, actor_column="speaker")
    else:
        out = counting.with_documents(counting.scope(corpus, per).read(TABLE), corpus)
        out.attrs["counted"] = "each story once" if per == "story" else "what each outlet published"
    return out if about is None else mentioning(corpus, out, about, kinds, per)


def mentioning(corpus, said: pd.DataFrame, about: str, kinds: str | Iterable[str], per: str) -> pd.DataFrame:
    """The quotations of `said` whose quoted words hold a mention of `about`."""
    found = counting.mentions(corpus, kinds, per, actor_id=corpus.actor_id(about),
                              columns=["doc_id", "start_char", "end_char"])
    pairs = said[["doc_id", "start_char", "end_char"]].reset_index().merge(found, on="doc_id", suffixes=("", "_m"))
    inside = pairs[(pairs["start_char"] <= pairs["start_char_m"]) & (pairs["end_char_m"] <= pairs["end_char"])]
    out = said.loc[sorted(set(inside["index"]))].reset_index(drop=True)
    out.attrs = {**said.attrs, "about": about}
    return out
