"""Looking an actor up by name: any name form or one word of it, case and accents aside; a form
several actors carry lists them with their mention counts, most mentioned first.

The articles were written for these tests (made-up people) and go through the real models and the
ordinary build."""
from __future__ import annotations

import re

import pytest

import corpus_tools as ct
from corpus_tools.pipeline import BuildConfig, build

ARTICLES = {
    "a": "Sylvain Marchetti a présenté mardi son rapport sur la pêche. Sylvain Marchetti a été applaudi.",
    "b": "Paul Durand a quitté la mairie de Lyon. M. Durand a dénoncé une manœuvre.",
    "c": ("Marie Durand a ouvert le festival de Nantes. Mme Durand a remercié les bénévoles. "
          "Mme Durand a ensuite visité le port."),
    "d": ("Marie Lefèvre a gagné la course de Rennes. Marie Lefèvre a salué ses rivales. "
          "Marie Lefèvre a ensuite annoncé sa retraite. Marie Lefèvre courra encore à Brest."),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, models_dir):
    folder = tmp_path_factory.mktemp("lookup")
    (folder / "corpus").mkdir()
    for doc, text in ARTICLES.items():
        (folder / "corpus" / f"{doc}.txt").write_text(f"Article {doc}\n\n{text}\n", encoding="utf-8")
    build(BuildConfig(corpus=folder / "corpus", out=folder / "build", models_dir=models_dir, progress=False))
    return ct.load(folder / "build")


def ids(corpus, *names):
    actors = corpus.actors.set_index("name")
    return [actors.loc[n, "actor_id"] for n in names]


def test_an_actor_is_found_by_any_name_or_one_word_of_it(corpus):
    marchetti, lefevre = ids(corpus, "Sylvain Marchetti", "Marie Lefèvre")
    assert corpus.actor_id("Sylvain Marchetti") == corpus.actor_id("SYLVAIN MARCHETTI") == marchetti
    assert corpus.actor_id("Marchetti") == corpus.actor_id("marchétti") == marchetti
    assert corpus.actor_id("Lefevre") == lefevre and corpus.actor("lefèvre").actor_id == lefevre


def test_a_form_several_actors_carry_lists_them_most_mentioned_first(corpus):
    paul, marie, lefevre = ids(corpus, "Paul Durand", "Marie Durand", "Marie Lefèvre")
    with pytest.raises(KeyError) as found:
        corpus.actor_id("Durand")                   # a name form of both Durands
    listed = re.findall(r"([\w-]+) \((\d+) mentions?", str(found.value))
    assert [i for i, _ in listed] == [marie, paul] and int(listed[0][1]) > int(listed[1][1])
    with pytest.raises(KeyError, match=f"names several actors: {lefevre} .*{marie} "):
        corpus.actor_id("Marie")                    # one word of two actors' names


def test_a_name_no_actor_has_proposes_the_close_ones(corpus):
    marchetti, = ids(corpus, "Sylvain Marchetti")
    with pytest.raises(KeyError, match=f"no actor 'Marchety'.*close: {marchetti} "):
        corpus.actor_id("Marchety")
