"""One counting rule: every count of every analysis reconciles with the `mentions` table --
corpus-wide figures each story once, outlet figures every copy, names apart from demonyms and
titles -- on generated corpora (hypothesis) and on a real build with a reprinted article."""
from __future__ import annotations

import tempfile
from itertools import combinations
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import corpus_tools as ct
from corpus_tools import analysis as A
from corpus_tools.analysis import counting
from corpus_tools.analysis.demo import build_from_tables
from corpus_tools.schema import columns
from tests.analysis.conftest import COPY_SOURCE

ACTORS = ["a1", "a2", "a3", "a4"]
TEXT = "Lorem ipsum dolor sit amet, " * 12


@st.composite
def corpora(draw):
    """Tables of a small corpus: documents (some copies of earlier ones, some undated), their
    sentences, and mentions of a few actors by name, demonym or title."""
    n_docs = draw(st.integers(1, 7))
    docs, sentences, mentions = [], [], []
    for i in range(n_docs):
        originals = [d["doc_id"] for d in docs if d["duplicate_of"] is None]
        copy_of = draw(st.one_of(st.none(), st.sampled_from(originals))) if originals else None
        docs.append({"doc_id": f"d{i}", "source": draw(st.sampled_from(["A", "B", "C"])), "title": f"t{i}",
                     "date": draw(st.one_of(st.none(), st.sampled_from(["2020-01-03", "2020-01-20", "2020-03-01",
                                                                         "2021-07-14"]))),
                     "text": TEXT, "content_hash": f"h{i}", "duplicate_of": copy_of})
        n_sent = draw(st.integers(1, 3))
        sentences += [{"doc_id": f"d{i}", "sent_idx": s, "start_char": 100 * s, "end_char": 100 * s + 90, "text": "x"}
                      for s in range(n_sent)]
        for _ in range(draw(st.integers(0, 6))):
            s = draw(st.integers(0, n_sent - 1))
            start = 100 * s + draw(st.integers(0, 80))
            mentions.append({"doc_id": f"d{i}", "sent_idx": s, "start_char": start, "end_char": start + 5,
                             "text": TEXT[start:start + 5], "actor_id": draw(st.sampled_from(ACTORS)),
                             "surface": "x", "method": "ner", "kind": draw(st.sampled_from(counting.KINDS)),
                             "label": None})
    mentions = pd.DataFrame(mentions, columns=columns("mentions"))
    actors = pd.DataFrame({"actor_id": ACTORS, "name": [f"Actor {a}" for a in ACTORS], "type": "person",
                           "aliases": [[f"Actor {a}"] for a in ACTORS], "n_mentions": 0, "n_docs": 0, "n_sources": 0,
                           "n_name_mentions": 0, "n_demonym_mentions": 0, "n_title_mentions": 0})
    return {"documents": pd.DataFrame(docs), "sentences": pd.DataFrame(sentences), "mentions": mentions,
            "actors": actors}


def mentions_frame(tables) -> pd.DataFrame:
    mentions = tables["mentions"]
    if mentions.empty:
        mentions = pd.DataFrame(columns=["doc_id", "sent_idx", "start_char", "end_char", "actor_id", "kind"])
    return mentions.merge(tables["documents"][["doc_id", "source", "date", "duplicate_of"]], on="doc_id", how="left")


KIND_CHOICES = st.sampled_from(["name", "demonym", "title", "all", ("name", "title")])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables=corpora(), kinds=KIND_CHOICES)
def test_every_count_reconciles_with_the_mentions_table(tables, kinds):
    rows = mentions_frame(tables)
    rows = rows[rows["kind"].isin(counting.kinds_of(kinds))]
    once = rows[rows["duplicate_of"].isna()]
    with tempfile.TemporaryDirectory() as folder:
        corpus = build_from_tables(Path(folder), tables)
        # outlet figures: every copy; corpus-wide figures: each story once
        per_source = A.timeline(corpus, kinds=kinds)
        assert per_source["n_mentions"].sum() == len(rows)
        assert per_source.attrs["undated_mentions"] == rows["date"].isna().sum()
        assert A.timeline(corpus, kinds=kinds, by_source=False)["n_mentions"].sum() == len(once)
        table = A.mentions_by_source(corpus, kinds=kinds)
        assert table.sum().sum() == len(rows)
        for actor_id in ACTORS:
            mine = once[once["actor_id"] == actor_id]
            assert len(A.actor_mentions(corpus, actor_id, kinds=kinds)) == len(mine)
            assert len(A.kwic(corpus, actor=actor_id, kinds=kinds)) == len(mine)
            published = A.actor_mentions(corpus, actor_id, kinds=kinds, per="outlet")
            assert len(published) == (rows["actor_id"] == actor_id).sum()
        # pairs: sentences naming both actors, each story once
        units = once.groupby(["doc_id", "sent_idx"])["actor_id"].agg(set)
        found = A.pairs(corpus, kinds=kinds).set_index(["actor_a", "actor_b"])
        for a, b in combinations(ACTORS, 2):
            expected = sum(1 for s in units if {a, b} <= s)
            assert (found["n"].get((a, b), 0)) == expected
            if expected:
                assert found.loc[(a, b), "n_a"] == sum(1 for s in units if a in s)
        doc_units = once.groupby("doc_id")["actor_id"].agg(set)
        found = A.pairs(corpus, level="document", kinds=kinds).set_index(["actor_a", "actor_b"])
        for a, b in combinations(ACTORS, 2):
            assert found["n"].get((a, b), 0) == sum(1 for s in doc_units if {a, b} <= s)
        # keyness by outlet counts what each outlet published, in the part and in the rest
        for source in sorted(set(tables["documents"]["source"])):
            if rows.empty:
                continue
            key = A.keyness(corpus, source=source, unit="actor", kinds=kinds, min_count=1).set_index("term")
            published = rows.groupby("actor_id").size()
            assert (key["n_target"] + key["n_reference"]).to_dict() == published.to_dict()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables=corpora(), source=st.sampled_from(["A", "B", "C"]))
def test_a_subcorpus_counts_each_of_its_stories_once(tables, source):
    if source not in set(tables["documents"]["source"]):
        return
    with tempfile.TemporaryDirectory() as folder:
        corpus = build_from_tables(Path(folder), tables)
        sub = corpus.select(source=source)
        docs = counting.documents(sub)
        assert set(docs["doc_id"]) == set(tables["documents"].query("source == @source")["doc_id"])
        assert docs.groupby("story")["counted"].sum().eq(1).all()   # one copy of each story counts
        rows = mentions_frame(tables)
        rows = rows[rows["source"] == source]             # the default: every kind of mention
        assert A.timeline(sub)["n_mentions"].sum() == len(rows)


def test_the_real_counts_agree_with_a_reprinted_article(dup_build):
    corpus = ct.load(dup_build)
    docs = corpus.documents
    assert docs["duplicate_of"].notna().sum() == 1      # the reprint is found
    copy = docs[docs["duplicate_of"].notna()].iloc[0]
    mentions = corpus.mentions
    once = mentions[~mentions["doc_id"].isin([copy["doc_id"]])]
    for actor in corpus.actors.itertuples():
        mine = once[once["actor_id"] == actor.actor_id]
        assert actor.n_mentions == len(mine)
        assert actor.n_name_mentions == (mine["kind"] == "name").sum()
        assert actor.n_docs == mine["doc_id"].nunique()
    person = corpus.actors[corpus.actors["type"] == "person"].iloc[0]
    assert len(A.kwic(corpus, actor=person.actor_id, kinds="all")) == person.n_mentions
    assert len(A.actor_mentions(corpus, person.actor_id, kinds="all")) == person.n_mentions
    published = A.actor_mentions(corpus, person.actor_id, kinds="all", per="outlet")
    assert COPY_SOURCE in set(published["source"]) or person.actor_id not in set(
        mentions.loc[mentions["doc_id"] == copy["doc_id"], "actor_id"])
    partners = A.partners(corpus, person.actor_id)
    assert copy["doc_id"] not in set(partners["doc_id"])
    co = A.co_actors(corpus, person.actor_id).set_index("partner")["n"]
    assert co.to_dict() == partners.groupby("partner").size().to_dict()


def test_kinds_are_checked_and_said():
    with pytest.raises(ValueError, match="kinds='adjective' is not one of"):
        counting.kinds_of("adjective")
    assert counting.describe("all", per="outlet") == "what each outlet published; names, demonyms and role titles"


def test_one_default_for_every_function_said_by_every_result(sample_build):
    import inspect
    from corpus_tools.analysis.options import DEFAULT_KINDS
    functions = [counting.mentions, A.actor_mentions, A.counted_mentions, A.mentions_by_source, A.timeline, A.kwic,
                 A.co_actors, A.partners, A.pairs, A.cooccurrences, A.cooccurrence_graph, A.ego_network, A.labels,
                 A.agency, A.agency_by_source, A.quotes, A.keyness]
    assert {f.__name__: inspect.signature(f).parameters["kinds"].default for f in functions} == \
        {f.__name__: DEFAULT_KINDS for f in functions}
    corpus = ct.load(sample_build)
    person = corpus.actors[corpus.actors["type"] == "person"].sort_values("n_mentions").iloc[-1]
    said = counting.describe(DEFAULT_KINDS)
    assert said == "each story once; names, demonyms and role titles"
    for result in (A.actor_mentions(corpus, person.actor_id), A.kwic(corpus, actor=person.actor_id),
                   A.co_actors(corpus, person.actor_id), A.labels(corpus, person.actor_id),
                   A.agency(corpus, person.actor_id), A.pairs(corpus)):
        assert result.attrs["counted"] == said
    # the actors table, the index and the API count the same mentions
    assert len(A.actor_mentions(corpus, person.actor_id)) == person.n_mentions
    names_only = A.actor_mentions(corpus, person.actor_id, kinds="name")
    assert len(names_only) == person.n_name_mentions and names_only.attrs["counted"].endswith("names only")
    assert counting.rule() == "Counted: names, demonyms and role titles, each story once."
