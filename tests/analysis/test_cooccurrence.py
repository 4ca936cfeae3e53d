"""Co-occurrence: pairs at sentence, paragraph and document level with their association, the
network with its attributes, written by the build as GEXF and GraphML that networkx reads back."""
from __future__ import annotations

import math
import re

import networkx as nx
import pytest

import corpus_tools as ct
from corpus_tools import analysis as A


def top_person(corpus):
    actors = corpus.actors
    return actors[actors["type"] == "person"].sort_values("n_name_mentions", ascending=False).iloc[0]


def test_the_build_writes_the_pairs_table_the_function_gives(sample_build):
    corpus = ct.load(sample_build)
    table = corpus.actor_pairs
    assert set(table["level"]) == {"sentence", "paragraph", "document"}
    for level in ("sentence", "paragraph", "document"):
        mine = table[table["level"] == level].drop(columns="level").reset_index(drop=True)
        again = A.pairs(corpus, level=level)
        assert mine.equals(again[mine.columns].astype(mine.dtypes.to_dict()))


def test_pair_counts_and_association_follow_from_the_mentions(sample_build):
    corpus = ct.load(sample_build)
    per_sentence = corpus.mentions.groupby(["doc_id", "sent_idx"])["actor_id"].agg(set)   # every kind: the default
    n_units = len(corpus.sentences)
    found = A.pairs(corpus)
    assert len(found) and (found["actor_a"] < found["actor_b"]).all()
    for r in found.head(20).itertuples():
        assert r.n == sum(1 for s in per_sentence if {r.actor_a, r.actor_b} <= s)
        assert r.n_a == sum(1 for s in per_sentence if r.actor_a in s) and r.n_units == n_units
        assert r.pmi == pytest.approx(math.log2(r.n * n_units / (r.n_a * r.n_b)))
        assert r.jaccard == pytest.approx(r.n / (r.n_a + r.n_b - r.n))
        assert -1 <= r.npmi <= 1
    assert (A.pairs(corpus, min_count=2)["n"] >= 2).all()


def test_partners_take_any_name_and_carry_their_documents(sample_build):
    corpus = ct.load(sample_build)
    person = top_person(corpus)
    by_alias = A.partners(corpus, person["aliases"][-1])
    assert by_alias.equals(A.partners(corpus, person["actor_id"]))
    assert list(by_alias.columns) == ["doc_id", "sent_idx", "source", "date", "title", "partner", "name"]
    co = A.co_actors(corpus, person["actor_id"])
    assert co.set_index("partner")["n"].to_dict() == by_alias.groupby("partner").size().to_dict()
    assert co["n"].is_monotonic_decreasing
    with pytest.raises(KeyError, match="no actor"):
        A.partners(corpus, "Zorglub Inconnu")


def test_options_are_checked(sample_build):
    corpus = ct.load(sample_build)
    with pytest.raises(ValueError, match="level='section' is not one of: sentence, paragraph, document"):
        A.pairs(corpus, level="section")
    with pytest.raises(ValueError, match="min_count"):
        A.pairs(corpus, min_count=0)


def test_graph_nodes_and_edges_carry_names_types_counts_and_weights(sample_build):
    corpus = ct.load(sample_build)
    graph = A.cooccurrence_graph(corpus)
    actors = corpus.actors.set_index("actor_id")
    for node, data in graph.nodes(data=True):
        assert data["label"] == actors.loc[node, "name"] and data["type"] == actors.loc[node, "type"]
        assert data["mentions"] == actors.loc[node, "n_mentions"]       # every kind: the default
        assert data["n_sources"] == len(data["sources"].split(";"))
    found = A.pairs(corpus).set_index(["actor_a", "actor_b"])
    for a, b, data in graph.edges(data=True):
        assert data["weight"] == found.loc[tuple(sorted((a, b))), "n"]


def test_the_build_writes_networks_networkx_reads_back(sample_build):
    corpus = ct.load(sample_build)
    for level in ("sentence", "paragraph", "document"):
        graph = A.cooccurrence_graph(corpus, level, min_count=2)
        assert graph.number_of_edges() > 0
        for fmt, read in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
            back = read(sample_build / "tables" / "networks" / f"actors-{level}.{fmt}")
            assert set(back.nodes) == set(graph.nodes) and back.number_of_edges() == graph.number_of_edges()
            node = next(iter(graph.nodes))
            label = back.nodes[node].get("label")
            assert label == graph.nodes[node]["label"]
            a, b = next(iter(graph.edges))
            assert float(back.edges[a, b]["weight"]) == graph.edges[a, b]["weight"]


def test_the_ego_network_holds_the_actor_and_its_partners(sample_build):
    corpus = ct.load(sample_build)
    person = top_person(corpus)
    ego = A.ego_network(corpus, person["name"])
    assert person["actor_id"] in ego
    assert set(ego.nodes) - {person["actor_id"]} == set(A.co_actors(corpus, person["actor_id"])["partner"])


def paragraph_of_mentions(corpus) -> dict[tuple[str, int], set[str]]:
    """(doc_id, paragraph number) -> the actors mentioned there: paragraphs cut from the text at
    its blank lines, mentions placed by their own offsets (not through their sentences)."""
    texts = corpus.documents.set_index("doc_id")["text"]
    out: dict[tuple[str, int], set[str]] = {}
    for m in corpus.mentions.itertuples():
        breaks = sum(1 for b in re.finditer(r"\n\s*\n", texts[m.doc_id]) if b.start() < m.start_char)
        out.setdefault((m.doc_id, breaks), set()).add(m.actor_id)
    return out


def test_paragraph_pairs_count_the_blocks_between_blank_lines_naming_both(sample_build):
    corpus = ct.load(sample_build)
    paragraphs = paragraph_of_mentions(corpus)
    found = A.pairs(corpus, level="paragraph")
    assert len(found)
    for r in found.head(30).itertuples():
        assert r.n == sum(1 for actors in paragraphs.values() if {r.actor_a, r.actor_b} <= actors)
        assert r.n_a == sum(1 for actors in paragraphs.values() if r.actor_a in actors)
    n_sentences, n_documents = (A.pairs(corpus, level=level)["n_units"].iloc[0] for level in ("sentence", "document"))
    assert n_documents < found["n_units"].iloc[0] < n_sentences
    # A wider unit finds every pair a sentence finds, and more.
    per_sentence = set(zip(*A.pairs(corpus)[["actor_a", "actor_b"]].to_numpy().T))
    per_paragraph = set(zip(found["actor_a"], found["actor_b"]))
    assert per_sentence < per_paragraph
    person = corpus.actors[corpus.actors["type"] == "person"].sort_values("n_mentions").iloc[-1]["actor_id"]
    wide = A.co_actors(corpus, person, level="paragraph")
    rows = A.partners(corpus, person, level="paragraph")
    assert wide.set_index("partner")["n"].to_dict() == rows.groupby("partner").size().to_dict()
    assert set(rows.columns) == {"doc_id", "sent_idx", "source", "date", "title", "partner", "name"}
