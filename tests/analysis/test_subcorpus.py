"""Sub-corpora: `select` by outlet, dates, actor and words gives a corpus every analysis runs on
unchanged, reading only the rows it needs."""
from __future__ import annotations

import pyarrow.compute as pc
import pytest

import corpus_tools as ct
from corpus_tools import analysis as A
from tests.analysis.conftest import COPY_SOURCE


def test_select_by_outlet_dates_actor_and_words(dup_build):
    corpus = ct.load(dup_build)
    docs = corpus.documents
    sub = corpus.select(source=COPY_SOURCE)
    assert set(sub.documents["source"]) == {COPY_SOURCE} and len(sub.documents) == (docs["source"] == COPY_SOURCE).sum()
    year = docs["date"].dropna().min()[:4]
    dated = corpus.select(since=year, until=year)
    assert set(dated.documents["doc_id"]) == set(docs.loc[docs["date"].fillna("").str.startswith(year), "doc_id"])
    person = corpus.actors[corpus.actors["type"] == "person"].iloc[0]
    mentioning = corpus.select(actor=person["name"])
    assert set(mentioning.documents["doc_id"]) == set(corpus.mentions.loc[
        corpus.mentions["actor_id"] == person["actor_id"], "doc_id"])
    word = person["aliases"][0]
    holding = corpus.select(query=word.upper())
    assert set(holding.documents["doc_id"]) == set(docs.loc[docs["text"].str.contains(word), "doc_id"])
    both = corpus.select(actor=person["actor_id"]).select(source=COPY_SOURCE)
    assert set(both.doc_ids) == set(mentioning.doc_ids) & set(sub.doc_ids)
    assert both.criteria == [f"actor: {person['actor_id']}", f"source: {COPY_SOURCE}"]


def test_select_checks_its_options(sample_build):
    corpus = ct.load(sample_build)
    with pytest.raises(ValueError, match="no source 'Nowhere Times' in this corpus; sources: "):
        corpus.select(source="Nowhere Times")
    with pytest.raises(ValueError, match="since='May 2020' is not an ISO date"):
        corpus.select(since="May 2020")
    with pytest.raises(KeyError, match="no actor"):
        corpus.select(actor="Nobody Atall")


def test_every_analysis_runs_unchanged_on_a_subcorpus(dup_build, tmp_path):
    corpus = ct.load(dup_build)
    sub = corpus.select(source=COPY_SOURCE)
    person = sub.mentions[sub.mentions["kind"] == "name"]["actor_id"].value_counts().index[0]
    ids = set(sub.doc_ids)
    for rows in (A.actor_mentions(sub, person), A.kwic(sub, actor=person), A.partners(sub, person),
                 A.quotes(sub, person), A.labels(sub, person), A.cooccurrences(sub)):
        assert set(rows["doc_id"]) <= ids
    assert A.timeline(sub, person)["source"].unique().tolist() == [COPY_SOURCE]
    assert A.pairs(sub)["n_units"].max() == len(sub.sentences)
    assert len(A.keyness(sub, actor=person, min_count=1)) > 0
    # The copy is the only copy of its story in this sub-corpus: it counts here.
    assert len(A.actor_mentions(sub, person)) == ((sub.mentions["actor_id"] == person)
                                                 & (sub.mentions["kind"] == "name")).sum()
    written = A.export(sub, "iramuteq", tmp_path)
    assert written[0].read_text(encoding="utf-8").count("****") == len(ids)
    assert "documents" in sub._repr_html_() and COPY_SOURCE in sub._repr_html_()


def test_load_and_select_never_read_a_whole_big_table(sample_build, table_reads):
    reads = table_reads
    corpus = ct.load(sample_build)
    assert reads == []
    source = corpus.read("documents", ["source"])["source"].iloc[0]
    reads.clear()
    sub = corpus.select(source=source)
    assert all(name == "documents" and columns and "text" not in columns for name, columns, _ in reads)
    reads.clear()
    sub.tokens, sub.mentions
    assert reads and all(filtered for _, _, filtered in reads)    # only the sub-corpus's rows
    reads.clear()
    sub.select(query="Libye")
    assert ("tokens", ("doc_id", "sent_idx", "start_char", "end_char", "text"), True) in reads
    assert all(filtered and (name == "tokens" or "text" not in columns) for name, columns, filtered in reads)


def test_a_filter_reads_only_the_rows_it_asks_for(sample_build):
    corpus = ct.load(sample_build)
    actor_id = corpus.actors["actor_id"].iloc[0]
    rows = corpus.read("mentions", ["doc_id", "actor_id"], pc.field("actor_id") == actor_id)
    assert list(rows.columns) == ["doc_id", "actor_id"] and set(rows["actor_id"]) == {actor_id}
    batches = list(corpus.batches("tokens", ["doc_id"], batch_rows=500))
    assert sum(len(b) for b in batches) == len(corpus.tokens) and max(len(b) for b in batches) <= 500
