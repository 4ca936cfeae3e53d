"""When: mentions per actor, period and outlet, raw, per article the outlet published in that
period and as the share of those articles that mention the actor; undated mentions are counted
apart and always reported.

>>> from corpus_tools.analysis.demo import demo_corpus
>>> from corpus_tools.analysis.mentions import actor_mentions
>>> corpus = demo_corpus()
>>> rows = timeline(corpus, "Haftar", period="month")
>>> list(rows.columns)[5:]
['n_mentions', 'n_articles', 'per_article', 'n_articles_mentioning', 'share']
>>> int(rows["n_mentions"].sum()) == len(actor_mentions(corpus, "Haftar", per="outlet"))
True
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from . import counting
from .options import DEFAULT_KINDS, PERIODS, choose

ALL_OUTLETS = "(all outlets)"
COLUMNS = ["actor_id", "name", "source", "period", "dated", "n_mentions", "n_articles", "per_article",
           "n_articles_mentioning", "share"]


def timeline(corpus, actor: str | None = None, period: str = "month", by_source: bool = True,
             kinds: str | Iterable[str] = DEFAULT_KINDS) -> pd.DataFrame:
    """Mentions of `actor` (an id or any name; None: every actor) per period and outlet.

    Columns: actor_id, name, source, period (first day of the day, week -- Monday --, month or
    year; NaT on undated rows), dated (False on the undated row each actor and outlet always
    has), n_mentions, n_articles (articles of the outlet in that period, undated ones on the
    undated row), per_article (n_mentions / n_articles), n_articles_mentioning (those of its
    articles that mention the actor) and share (n_articles_mentioning / n_articles).

    With `by_source` (the default), outlet figures: what each outlet published, copies of a
    story included.  Without it, one row per period for the whole corpus (source
    "(all outlets)"), each story once.  ``attrs["undated_mentions"]`` holds the undated total."""
    freq = PERIODS[choose("period", period, PERIODS)]
    per = "outlet" if by_source else "story"
    actor_id = None if actor is None else corpus.actor_id(actor)
    docs = corpus.memo(f"documents per {freq} {by_source}", lambda: dated_documents(corpus, freq, by_source))
    rows = counting.mentions(corpus, kinds, per, actor_id=actor_id, columns=["doc_id", "actor_id"])
    rows = rows.merge(docs, on="doc_id")
    counts = rows.groupby(["actor_id", "source", "period"], dropna=False).agg(
        n_mentions=("doc_id", "size"), n_articles_mentioning=("doc_id", "nunique")).reset_index()
    counts = with_undated_rows(counts, rows)
    articles = docs.groupby(["source", "period"], dropna=False).size().rename("n_articles").reset_index()
    out = counts.merge(articles, on=["source", "period"], how="left").fillna({"n_articles": 0})
    out["n_articles"] = out["n_articles"].astype("int64")
    out["per_article"] = out["n_mentions"] / out["n_articles"].where(out["n_articles"] > 0)
    out["share"] = out["n_articles_mentioning"] / out["n_articles"].where(out["n_articles"] > 0)
    out["dated"] = out["period"].notna()
    out.insert(1, "name", out["actor_id"].map(counting.actor_info(corpus)["name"]))
    out = out[COLUMNS].sort_values(["actor_id", "source", "dated", "period"], ascending=[True, True, False, True])
    out = out.reset_index(drop=True)
    out.attrs["counted"] = counting.describe(kinds, per)
    out.attrs["undated_mentions"] = int(out.loc[~out["dated"], "n_mentions"].sum())
    return out


def dated_documents(corpus, freq: str, by_source: bool) -> pd.DataFrame:
    """doc_id, source (or "(all outlets)", counted documents only) and period of every document."""
    docs = corpus.read("documents", ["doc_id", "source", "date"])
    docs = docs if by_source else docs[~docs["doc_id"].isin(counting.uncounted_ids(corpus))]
    return docs.assign(period=period_start(docs["date"], freq),
                       source=docs["source"] if by_source else ALL_OUTLETS)[["doc_id", "source", "period"]]


def period_start(dates: pd.Series, freq: str) -> pd.Series:
    """The first day of the period holding each ISO date (NaT for undated or unreadable dates)."""
    parsed = pd.to_datetime(dates, errors="coerce", format="%Y-%m-%d")
    return parsed.dt.to_period(freq).dt.start_time


def with_undated_rows(counts: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """`counts` with an undated row (n_mentions 0 when there is none) for each actor and outlet."""
    pairs = rows[["actor_id", "source"]].drop_duplicates()
    undated = counts[counts["period"].isna()][["actor_id", "source", "n_mentions"]]
    zero = pairs.merge(undated, on=["actor_id", "source"], how="left").fillna({"n_mentions": 0})
    zero = zero[zero["n_mentions"] == 0].assign(period=pd.NaT, n_articles_mentioning=0)
    out = pd.concat([counts, zero[counts.columns]], ignore_index=True)
    return out.astype({"n_mentions": "int64", "n_articles_mentioning": "int64"})
