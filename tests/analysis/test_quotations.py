"""The quotes table for notebooks: `quotes` over the build of the fixture articles (`QUOTE_ARTICLES`)."""
from __future__ import annotations

import pytest

from corpus_tools import analysis as A


def test_quotes_for_notebooks_take_an_actor_by_name_and_join_the_documents(quoted):
    said = A.quotes(quoted, "Paul Garnier")
    assert len(said) == 1 and {"source", "date", "title", "quote", "cue"} <= set(said.columns)
    assert len(A.quotes(quoted)) == len(quoted.quotes)
    with pytest.raises(KeyError, match="no actor"):
        A.quotes(quoted, "Personne Inconnue")


def test_quotes_about_an_actor_are_those_whose_words_mention_it(quoted):
    m = quoted.mentions[quoted.mentions["kind"] == "name"]
    q = quoted.quotes
    inside = m.merge(q[["doc_id", "start_char", "end_char"]], on="doc_id", suffixes=("", "_q"))
    inside = inside[(inside["start_char_q"] <= inside["start_char"]) & (inside["end_char"] <= inside["end_char_q"])]
    assert len(inside), "the fixture articles quote someone naming an actor"
    about = inside["actor_id"].value_counts().index[0]
    said = A.quotes(quoted, about=about, per="outlet")
    expected = inside[inside["actor_id"] == about][["doc_id", "start_char_q"]].drop_duplicates()
    assert len(said) == len(expected) and set(zip(said["doc_id"], said["start_char"])) == set(
        zip(expected["doc_id"], expected["start_char_q"]))
    speaker = said["speaker"].dropna()
    if len(speaker):
        both = A.quotes(quoted, speaker.iloc[0], about=about, per="outlet")
        assert 1 <= len(both) <= len(said) and set(both["speaker"]) == {speaker.iloc[0]}
