"""Who says what: the quotations of the corpus, their kind, their cue and their speaker (the `quotes`
table), for one actor or all.

The build writes the table (its extractor and the rules it reads -- the table's `method` --:
`corpus_tools.analysis.extract.quotes`); `quotes(corpus, actor)` reads it.
"""
from __future__ import annotations

import pandas as pd

from . import counting

TABLE = "quotes"


def quotes(corpus, actor: str | None = None, per: str = "story") -> pd.DataFrame:
    """Quotations of the corpus with the source, date and title of their document; only those
    whose speaker is `actor` (an actor_id or any of its names) if given.  Counting rule as
    everywhere (`counting`): `per="story"` counts each story once, `per="outlet"` what each
    outlet published.

    Columns: doc_id, sent_idx, source, date, title, then those of the `quotes` table (see
    `corpus_tools.schema`).

    >>> from corpus_tools.analysis.demo import demo_corpus
    >>> said = quotes(demo_corpus())
    >>> list(said.columns[:5])
    ['doc_id', 'sent_idx', 'source', 'date', 'title']
    """
    if actor is not None:
        return counting.actor_rows(corpus, TABLE, actor, "all", per, actor_column="speaker")
    rows = counting.scope(corpus, per).read(TABLE)
    out = counting.with_documents(rows, corpus)
    out.attrs["counted"] = "each story once" if per == "story" else "what each outlet published"
    return out
