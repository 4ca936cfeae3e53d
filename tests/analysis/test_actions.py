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
    dated = rows["date"].notna().sum()
    for period in ("month", "quarter", "year"):
        by_period = A.agency_by_source(corpus, actor, period=period)
        assert "period" in by_period.columns and by_period["n"].sum() == dated
    quarters = A.agency_by_source(corpus, actor, period="quarter")["period"]
    assert set(quarters.dt.month) <= {1, 4, 7, 10} and set(quarters.dt.day) == {1}


def test_every_analysis_takes_the_same_period_names(sample_build):
    corpus = ct.load(sample_build)
    actor = corpus["agency"]["actor_id"].value_counts().index[0]
    by_quarter = A.timeline(corpus, actor, period="quarter")
    assert by_quarter["n_mentions"].sum() == A.timeline(corpus, actor, period="month")["n_mentions"].sum()
    for call in (lambda: A.timeline(corpus, actor, period="QS"),
                 lambda: A.agency_by_source(corpus, actor, period="QS")):
        try:
            call()
        except ValueError as error:
            assert "day, week, month, quarter, year" in str(error)
        else:
            raise AssertionError("a pandas frequency is no period name")
