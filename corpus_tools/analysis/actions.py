"""Who does what to whom: the verbs of which an actor is the agent, and those of which it is the
patient, per mention and per outlet.

The build writes the `agency` table (its extractor and the rules it reads:
`corpus_tools.analysis.extract.agency`); `agency` reads it for one actor, `agency_by_source`
counts verbs per outlet and period.
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from . import counting
from .options import DEFAULT_KINDS, PERIODS, choose
from .periods import period_start

def agency(corpus, actor: str, kinds: str | Iterable[str] = DEFAULT_KINDS, per: str = "story") -> pd.DataFrame:
    """The verbs one actor (an id or any of its names) is agent or patient of, with the source,
    date and title of their document.  Counting rule as everywhere (`counting`): `per` and
    `kinds` ("name", "demonym", "title" or "all") as in `labels`.

    Columns: doc_id, sent_idx, source, date, title, then those of the `agency` table (see
    `corpus_tools.schema`).

    >>> from corpus_tools.analysis.demo import demo_corpus
    >>> rows = agency(demo_corpus(), "Haftar")
    >>> sorted(set(rows["role"]) - {"agent", "patient"})
    []
    """
    return counting.actor_rows(corpus, "agency", actor, kinds, per)


def agency_by_source(corpus, actor: str, period: str | None = None, kinds: str | Iterable[str] = DEFAULT_KINDS
                     ) -> pd.DataFrame:
    """Counts of the verbs one actor is agent or patient of, per source (and per `period`: day, week,
    month, quarter or year, as `timeline` takes it; undated documents are left out then).

    Columns: source, [period] (the period's first day), role, verb, n (all mentions), n_name,
    n_demonym, n_title (by kind of mention), n_negated, n_passive.

    >>> agency_by_source(load("build"), "khalifa-haftar", period="quarter")   # doctest: +SKIP
    """
    freq = PERIODS[choose("period", period, PERIODS)] if period is not None else None
    rows = agency(corpus, actor, kinds, per="outlet")
    keys = ["source"] + (["period"] if freq else []) + ["role", "verb"]
    counts = ["n", "n_name", "n_demonym", "n_title", "n_negated", "n_passive"]
    if freq:
        rows = rows.assign(period=period_start(rows["date"], freq)).dropna(subset=["period"])
    if rows.empty:
        return pd.DataFrame(columns=keys + counts)
    rows = rows.assign(n=1, n_negated=rows["negated"].astype(int), n_passive=(rows["voice"] == "passive").astype(int),
                       **{f"n_{k}": (rows["mention_kind"] == k).astype(int) for k in ("name", "demonym", "title")})
    table = rows.groupby(keys)[counts].sum().reset_index()
    table = table[table["n"] > 0]
    order = keys[:-2] + ["role", "n"]
    return table.sort_values(order, ascending=[True] * (len(order) - 1) + [False])[keys + counts].reset_index(drop=True)
