"""Timelines: mentions per actor, period and outlet, raw and per article; undated mentions counted
apart and always reported."""
from __future__ import annotations

import pandas as pd
import pytest

import corpus_tools as ct
from corpus_tools import analysis as A


def most_mentioned_with_undated(corpus):
    docs = corpus.documents
    undated = set(docs.loc[docs["date"].isna(), "doc_id"])
    names = corpus.mentions[corpus.mentions["kind"] == "name"]
    counts = names[names["doc_id"].isin(undated)]["actor_id"].value_counts()
    return counts.index[0]


def test_undated_mentions_are_counted_apart_never_dropped(sample_build):
    corpus = ct.load(sample_build)
    actor_id = most_mentioned_with_undated(corpus)
    rows = A.timeline(corpus, actor_id)
    every = A.actor_mentions(corpus, actor_id, per="outlet")
    assert rows["n_mentions"].sum() == len(every)
    assert rows.attrs["undated_mentions"] == every["date"].isna().sum() > 0
    for source in set(rows["source"]):                  # one undated row per outlet, even with no mention
        assert (~rows[rows["source"] == source]["dated"]).sum() == 1


def test_counts_are_normalised_by_the_outlets_articles_in_the_period(sample_build):
    corpus = ct.load(sample_build)
    rows = A.timeline(corpus, period="year")
    docs = corpus.documents.assign(year=pd.to_datetime(corpus.documents["date"]).dt.to_period("Y").dt.start_time)
    articles = docs.groupby(["source", "year"], dropna=False).size()
    for r in rows[rows["dated"]].itertuples():
        assert r.n_articles == articles[(r.source, r.period)]
        assert r.per_article == pytest.approx(r.n_mentions / r.n_articles)
        mentioning = corpus.mentions[corpus.mentions["actor_id"] == r.actor_id]     # every kind: the default
        in_period = docs[(docs["source"] == r.source) & (docs["year"] == r.period)]["doc_id"]
        assert r.n_articles_mentioning == mentioning["doc_id"].isin(in_period).groupby(mentioning["doc_id"]).any().sum()
        assert r.share == pytest.approx(r.n_articles_mentioning / r.n_articles) and 0 < r.share <= 1
    undated = rows[~rows["dated"]]
    assert (undated["n_articles"] == undated["source"].map(docs[docs["date"].isna()].groupby("source").size())
            .fillna(0)).all()


def test_whole_corpus_timeline_counts_each_story_once(dup_build):
    corpus = ct.load(dup_build)
    rows = A.timeline(corpus, by_source=False, period="week")
    assert set(rows["source"]) == {"(all outlets)"}
    assert rows["n_mentions"].sum() == len(A.counted_mentions(corpus))
    assert A.timeline(corpus)["n_mentions"].sum() == len(corpus.mentions)            # every kind: the default
    assert A.timeline(corpus, kinds="name")["n_mentions"].sum() == (corpus.mentions["kind"] == "name").sum()


def test_periods_are_checked(sample_build):
    with pytest.raises(ValueError, match="period='fortnight' is not one of: day, week, month, quarter, year"):
        A.timeline(ct.load(sample_build), period="fortnight")
