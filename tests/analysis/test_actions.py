"""Agency for notebooks: `agency` and `agency_by_source` over the sample build."""
from __future__ import annotations

import corpus_tools as ct
from corpus_tools import analysis as A


def test_agency_by_source_and_period(sample_build):
    corpus = ct.load(sample_build)
    actor = corpus["agency"]["actor_id"].value_counts().index[0]
    rows = A.agency(corpus, actor)
    assert {"source", "date", "title", "verb", "role"} <= set(rows.columns)
    by_source = A.agency_by_source(corpus, actor)
    assert by_source["n"].sum() == len(rows)
    assert (by_source["n"] == by_source[["n_name", "n_demonym", "n_title"]].sum(axis=1)).all()
    by_month = A.agency_by_source(corpus, actor, freq="MS")
    assert "period" in by_month.columns and by_month["n"].sum() == rows["date"].notna().sum()
