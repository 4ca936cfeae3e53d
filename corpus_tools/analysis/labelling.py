"""With which labels: the descriptors a text attaches to an actor itself ("maréchal", "général
renégat", "chef de guerre"), per mention and per outlet.

The build writes the `labels` table (its extractor and the patterns it reads:
`corpus_tools.analysis.extract.labels`); `labels` reads it for one actor, `labels_by_source` and
`label_sources` compare outlets (`log_likelihood` by default).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from . import counting
from .options import DEFAULT_KINDS
from .distinctive import G2_SIGNIFICANT, g2, log_ratio


def labels(corpus, actor: str, kinds: str | Iterable[str] = DEFAULT_KINDS, per: str = "story") -> pd.DataFrame:
    """The labels of one actor (an id or any of its names), with the source, date and title of
    their document.  Counting rule as everywhere (`counting`): `per="story"` counts each story
    once, `per="outlet"` what each outlet published; `kinds` keeps labels attached to some kinds
    of mention ("name", "demonym", "title" or "all", the default: a role title is a label).

    Columns: doc_id, sent_idx, source, date, title, then those of the `labels` table (see
    `corpus_tools.schema`).

    >>> from corpus_tools.analysis.demo import demo_corpus
    >>> rows = labels(demo_corpus(), "Haftar")
    >>> list(rows.columns[:5]), rows.attrs["counted"]
    (['doc_id', 'sent_idx', 'source', 'date', 'title'], 'each story once; names, demonyms and role titles')
    """
    return counting.actor_rows(corpus, "labels", actor, kinds, per)


def log_likelihood(counts: pd.DataFrame) -> pd.DataFrame:
    """The default comparison of `labels_by_source`: signed log-likelihood G² of a label in an
    outlet against the other outlets, with Hardie's log ratio as effect size (the functions of
    `keyness`).  `counts` has columns n, total (labels of the outlet), n_other and total_other."""
    a, b = counts["n"].to_numpy(), counts["n_other"].to_numpy()
    c, d = counts["total"].clip(lower=1).to_numpy(), counts["total_other"].clip(lower=1).to_numpy()
    return pd.DataFrame({"g2": g2(a, b, c, d), "log_ratio": log_ratio(a, b, c, d)}, index=counts.index)


def labels_by_source(corpus, actor: str, min_count: int = 2, min_g2: float = G2_SIGNIFICANT,
                     compare: Callable[[pd.DataFrame], pd.DataFrame] = log_likelihood) -> pd.DataFrame:
    """How each outlet labels one actor: per source and normalised label, the count (split by kind
    of mention: n_name, n_demonym, n_title), the share of the outlet's labels of the actor, the
    count and share in the other outlets, G² and log ratio against them, and whether the label
    is distinctive of the outlet: over-represented (G² >= `min_g2`, `G2_SIGNIFICANT` being p < 0.05) and
    seen at least `min_count` times there.  Outlet figures: what each outlet published.

    Columns: source, label_norm, n, n_name, n_demonym, n_title, share, n_other, share_other, g2,
    log_ratio, distinctive.

    >>> from corpus_tools.analysis.demo import demo_corpus
    >>> table = labels_by_source(demo_corpus(), "Haftar")
    >>> list(table.columns[:3])
    ['source', 'label_norm', 'n']
    """
    return label_sources(labels(corpus, actor, per="outlet"), min_count, min_g2, compare)


def label_sources(rows: pd.DataFrame, min_count: int = 2, min_g2: float = G2_SIGNIFICANT,
                  compare: Callable[[pd.DataFrame], pd.DataFrame] = log_likelihood) -> pd.DataFrame:
    """`labels_by_source` from one actor's label rows (as `labels(..., per="outlet")` returns them)."""
    columns = ["source", "label_norm", "n", "n_name", "n_demonym", "n_title", "share", "n_other", "share_other",
               "g2", "log_ratio", "distinctive"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    counts = (rows.groupby(["source", "label_norm", "mention_kind"]).size().unstack(fill_value=0)
              .reindex(columns=list(counting.KINDS), fill_value=0).add_prefix("n_").reset_index())
    counts.columns.name = None
    counts["n"] = counts[["n_name", "n_demonym", "n_title"]].sum(axis=1)
    counts["total"] = counts.groupby("source")["n"].transform("sum")
    counts["n_other"] = counts.groupby("label_norm")["n"].transform("sum") - counts["n"]
    counts["total_other"] = counts["n"].sum() - counts["total"]
    counts["share"] = counts["n"] / counts["total"]
    counts["share_other"] = (counts["n_other"] / counts["total_other"].where(counts["total_other"] > 0)).fillna(0.0)
    counts = counts.join(compare(counts))
    counts["distinctive"] = (counts["g2"] >= min_g2) & (counts["n"] >= min_count)
    out = counts.sort_values(["source", "n"], ascending=[True, False])[columns].reset_index(drop=True)
    out.attrs["counted"] = rows.attrs.get("counted", "what each outlet published")
    return out
