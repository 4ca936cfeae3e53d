"""Summary cards: a corpus and an actor show their counts, outlets, dates, labels and co-actors in
a notebook, every figure saying what it counts, everything escaped."""
from __future__ import annotations

from html import escape

import pandas as pd

import corpus_tools as ct
from corpus_tools.analysis import counting
from corpus_tools.analysis.demo import build_from_tables


def test_the_actor_card_shows_counts_outlets_dates_labels_and_co_actors(sample_build):
    corpus = ct.load(sample_build)
    person = corpus.actors[corpus.actors["type"] == "person"].sort_values("n_mentions").iloc[-1]
    actor = corpus.actor(person["aliases"][-1])
    assert actor.actor_id == person["actor_id"] and actor.name == person["name"]
    html = actor._repr_html_()
    assert f"{person['n_mentions']}: {person['n_name_mentions']} by name" in html
    assert escape(counting.rule()) in html and "top co-actors" in html and "top labels" in html
    for source in corpus.mentions.merge(corpus.documents, on="doc_id").query("actor_id == @actor.actor_id")["source"]:
        assert source in html


def test_the_corpus_card_says_what_it_counts(sample_build):
    corpus = ct.load(sample_build)
    html = corpus._repr_html_()
    assert f"{len(corpus.documents)} (" in html and escape(counting.rule()) in html
    assert corpus.actors.sort_values("n_mentions").iloc[-1]["name"] in html
    # one actor count: the index's (the actors table) and the card's
    assert f">actors</th><td>{len(corpus.actors)}" in html and counting.actor_count(corpus) == len(corpus.actors)
    sub = corpus.select(source=corpus.documents["source"].iloc[0])
    assert counting.actor_count(sub) == sub.mentions["actor_id"].nunique()


def test_cards_escape_what_they_show(tmp_path):
    hostile = "<script>alert(1)</script>"
    docs = pd.DataFrame({"doc_id": ["d1"], "source": [hostile], "title": [hostile], "date": [None],
                         "text": ["Un texte."], "content_hash": ["h"]})
    mentions = pd.DataFrame({"doc_id": ["d1"], "sent_idx": [0], "start_char": [0], "end_char": [2], "text": ["Un"],
                             "actor_id": ["x"], "surface": ["Un"], "method": ["ner"], "kind": ["name"],
                             "label": [None]})
    actors = pd.DataFrame({"actor_id": ["x"], "name": [hostile], "type": [hostile], "aliases": [[hostile]],
                           "n_mentions": [1], "n_docs": [1], "n_sources": [1], "n_name_mentions": [1],
                           "n_demonym_mentions": [0], "n_title_mentions": [0]})
    corpus = build_from_tables(tmp_path, {"documents": docs, "mentions": mentions, "actors": actors})
    for html in (corpus._repr_html_(), corpus.actor("x")._repr_html_()):
        assert "<script>" not in html and "&lt;script&gt;" in html
