"""Labels for notebooks: `labels`, `labels_by_source` and `log_likelihood` over the sample build."""
from __future__ import annotations

import pandas as pd
import pytest

import corpus_tools as ct
from corpus_tools import analysis as A
from corpus_tools.analysis.labelling import log_likelihood


def test_labels_of_an_actor_by_any_name_join_source_date_title(sample_build):
    corpus = ct.load(sample_build)
    actor = corpus.labels["actor_id"].value_counts().index[0]
    name = corpus.actors.set_index("actor_id").loc[actor, "name"]
    rows = A.labels(corpus, name)
    assert len(rows) > 0 and set(rows["actor_id"]) == {actor}
    assert {"source", "date", "title", "label", "doc_id", "sent_idx"} <= set(rows.columns)
    with pytest.raises(KeyError):
        A.labels(corpus, "nobody-by-that-name")


def test_labels_by_source_counts_shares_and_distinctive_labels(sample_build):
    corpus = ct.load(sample_build)
    actor = corpus.labels["actor_id"].value_counts().index[0]
    table = A.labels_by_source(corpus, actor, min_count=1)
    assert {"source", "label_norm", "n", "n_name", "n_demonym", "n_title", "share", "distinctive"} <= set(table.columns)
    assert (table["n"] == table[["n_name", "n_demonym", "n_title"]].sum(axis=1)).all()
    assert table.groupby("source")["share"].sum().round(6).eq(1).all()
    assert table["n"].sum() == len(A.labels(corpus, actor, per="outlet"))


def test_distinctive_labels_are_over_represented_by_log_likelihood(sample_build):
    counts = pd.DataFrame({"n": [12, 1], "total": [20, 20], "n_other": [1, 12], "total_other": [20, 20]})
    scores = log_likelihood(counts)
    assert scores.loc[0, "g2"] > 3.84 and scores.loc[0, "log_ratio"] > 3
    assert scores.loc[1, "g2"] < 0 and scores.loc[1, "log_ratio"] < -3
    corpus = ct.load(sample_build)
    actor = corpus.labels["actor_id"].value_counts().index[0]
    table = A.labels_by_source(corpus, actor, min_count=1)
    assert (table["distinctive"] == ((table["g2"] >= 3.84) & (table["n"] >= 1))).all()
