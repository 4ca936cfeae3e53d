"""The analyses that read lemmas count only the words of French paragraphs: an article half in
English (invented) adds none of its English lemmas to lemma counts, keyness or lemma concordances."""
from __future__ import annotations

import pytest

import corpus_tools as ct
from corpus_tools import analysis as A
from corpus_tools.pipeline import BuildConfig, build

MIXED = """Un nouveau pont pour les villages de la vallée

Le gouverneur Paul Lemaire a inauguré samedi à Valbourg le pont qui relie désormais les deux rives du fleuve.

The governor said the bridge would change the lives of thousands of farmers who sell their harvest.

Officials expect the traffic on the bridge to double within a year, the governor added.

Les habitants attendaient cet ouvrage depuis des années, disent les élus de la vallée.
"""
FRENCH = """Une école rouvre ses portes dans la vallée

Les élèves de la vallée ont retrouvé lundi leur école, fermée pendant deux mois par les inondations.

Le directeur de l'école de Valbourg a remercié les parents qui ont aidé à nettoyer les salles de classe.
"""


@pytest.fixture(scope="module")
def mixed_build(tmp_path_factory, models_dir):
    corpus = tmp_path_factory.mktemp("mixed") / "corpus"
    for source, text in (("Le Courrier de la Vallée", MIXED), ("La Gazette du Fleuve", FRENCH)):
        (corpus / source).mkdir(parents=True)
        (corpus / source / "article.txt").write_text(text, encoding="utf-8")
    out = corpus.parent / "build"
    build(BuildConfig(corpus=corpus, out=out, models_dir=models_dir, progress=False, source_from_folder=True))
    return ct.load(out)


ENGLISH_WORDS = {"the", "farmer", "farmers", "governor", "official", "officials", "traffic", "harvest", "say", "said"}


def test_the_build_records_the_english_paragraphs(mixed_build):
    paragraphs = mixed_build.read("paragraphs")
    assert sorted(paragraphs.loc[paragraphs["lang"] == "en", "para_idx"]) == [2, 3]
    documents = mixed_build.documents.set_index("source")
    assert documents.loc["Le Courrier de la Vallée", "langs"] == "fr, en"


def test_lemma_counts_and_keyness_leave_out_the_english_words(mixed_build):
    terms = set(mixed_build.read("lemma_counts")["term"].str.lower())
    assert not terms & ENGLISH_WORDS
    assert {"pont", "gouverneur", "école"} <= terms
    key = A.keyness(mixed_build, source="Le Courrier de la Vallée", min_count=1)
    assert not set(key["term"].str.lower()) & ENGLISH_WORDS and "pont" in set(key["term"])


def test_concordances_leave_out_the_english_paragraphs_unless_asked(mixed_build):
    assert A.kwic(mixed_build, lemma="governor").empty
    assert len(A.kwic(mixed_build, lemma="gouverneur")) == 1
    assert A.kwic(mixed_build, word="governor").empty and A.kwic(mixed_build, query="the").empty
    assert len(A.kwic(mixed_build, word="governor", all_languages=True)) == 2
    assert len(A.kwic(mixed_build, word="gouverneur")) == 1
