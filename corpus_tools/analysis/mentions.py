"""Who is mentioned, where, and how often: an actor's mentions with their documents, mentions
per outlet, and the tokens of the sentences mentions sit in.

>>> from corpus_tools.analysis.demo import demo_corpus
>>> corpus = demo_corpus()
>>> rows = actor_mentions(corpus, "Haftar")
>>> list(rows.columns[:6]), rows.attrs["counted"]
(['doc_id', 'sent_idx', 'source', 'date', 'title', 'start_char'], 'each story once; names, demonyms and role titles')
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from . import counting
from .options import DEFAULT_KINDS


def actor_mentions(corpus, actor: str, kinds: str | Iterable[str] = DEFAULT_KINDS, per: str = "story") -> pd.DataFrame:
    """Every mention of one actor (an id or any of its names) that the counting rule counts.

    Columns: doc_id, sent_idx, source, date, title, then those of `mentions` (start_char,
    end_char, text, actor_id, surface, method, kind, label).  `per="outlet"` keeps every copy
    of a story (what each outlet published); `kinds` as in `counting`."""
    actor_id = corpus.actor_id(actor)
    return counting.with_documents(counting.mentions(corpus, kinds, per, actor_id=actor_id), corpus)


def counted_mentions(corpus, kinds: str | Iterable[str] = DEFAULT_KINDS) -> pd.DataFrame:
    """The mentions corpus-wide figures count: each story once, of `kinds` (columns of `mentions`)."""
    return counting.mentions(corpus, kinds)


def mentions_by_source(corpus, top: int | None = None, kinds: str | Iterable[str] = DEFAULT_KINDS) -> pd.DataFrame:
    """Actor x outlet table of mention counts, most mentioned actors first (`top` of them).

    Rows: actor_id; columns: one per source.  Outlet figures: what each outlet published,
    copies of a story included."""
    rows = counting.with_documents(counting.mentions(corpus, kinds, per="outlet", columns=["doc_id", "actor_id"]),
                                   corpus)
    table = rows.pivot_table(index="actor_id", columns="source", values="doc_id", aggfunc="count", fill_value=0)
    table = table.loc[table.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    table = table.head(top) if top else table
    table.attrs["counted"] = counting.describe(kinds, "outlet")
    return table


def sentence_tokens(corpus, mentions: pd.DataFrame) -> dict[tuple[str, int], pd.DataFrame]:
    """(doc_id, sent_idx) -> the tokens of that sentence, for the documents of `mentions` (only
    their tokens are read)."""
    docs = mentions["doc_id"].unique()
    if not len(docs):
        return {}
    tokens = corpus.restrict(docs, []).read("tokens")
    return {key: group.reset_index(drop=True) for key, group in tokens.groupby(["doc_id", "sent_idx"])}
