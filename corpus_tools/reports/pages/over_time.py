"""Counts over time on pages: the period that suits a corpus's dates, counts per period and outlet,
and their stacked bars with alt text (actor and overview pages)."""
from __future__ import annotations

import pandas as pd

from ...analysis.options import PERIODS
from ...analysis.periods import period_start
from .. import figures

FREQUENCIES = {"day": "D", "week": "W-MON", "month": "MS", "year": "YS"}
LABEL_FORMATS = {"day": "%Y-%m-%d", "week": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def fitting_period(dates: pd.Series) -> str:
    """The period that gives a readable number of bars for these dates: day, week, month or year.

    >>> fitting_period(pd.Series(["2020-05-01", "2020-05-20"])), fitting_period(pd.Series(["2019-01-01", "2021-06-01"]))
    ('day', 'month')
    """
    dated = pd.to_datetime(dates.dropna(), errors="coerce").dropna()
    if dated.empty:
        return "month"
    days = (dated.max() - dated.min()).days
    return "day" if days <= 45 else "week" if days <= 250 else "month" if days <= 6 * 365 else "year"


def per_period(rows: pd.DataFrame, period: str) -> tuple[pd.DataFrame | None, int]:
    """`rows` (with date and source) counted per period start (index) and outlet (columns), or
    None when no row is dated; and how many rows are undated (a caption states them)."""
    starts = period_start(rows["date"], PERIODS[period])
    dated = rows.assign(period=starts).dropna(subset=["period"])
    table = None if dated.empty else dated.groupby(["period", "source"]).size().unstack(fill_value=0)
    return table, int(starts.isna().sum())


def period_bars(table: pd.DataFrame, period: str, y_label: str, what: str) -> tuple[str, str]:
    """Stacked bars of `table` (index: period starts; columns: outlets), every period between the
    first and the last drawn, and the alt text."""
    full = pd.date_range(table.index.min(), table.index.max(), freq=FREQUENCIES[period])
    table = table.reindex(full if len(full) else table.index, fill_value=0)
    labels = [p.strftime(LABEL_FORMATS[period]) for p in table.index]
    series = {str(s): [int(v) for v in table[s]] for s in table.columns}
    peak = table.sum(axis=1)
    alt = (f"Bar chart of {what} per {period} from {labels[0]} to {labels[-1]}, by outlet; "
           f"highest: {int(peak.max())} in {labels[int(peak.to_numpy().argmax())]}.")
    return figures.bars(labels, series, y_label), alt
