"""KWIC: concordance lines for an actor, a word, a lemma or a phrase, from the original text,
with source, date and title, sortable by context."""
from __future__ import annotations

import re

import pytest

import corpus_tools as ct
from corpus_tools import analysis as A
from corpus_tools.fold import fold


def test_actor_lines_are_its_mentions_with_their_documents(sample_build):
    corpus = ct.load(sample_build)
    person = corpus.actors[corpus.actors["type"] == "person"].sort_values("n_mentions").iloc[-1]
    lines = A.kwic(corpus, actor=person["aliases"][-1], window=40)
    mentions = corpus.mentions[corpus.mentions["actor_id"] == person["actor_id"]]
    assert sorted(lines["match"]) == sorted(mentions["text"])      # every kind: the default
    texts = corpus.documents.set_index("doc_id")
    for line in lines.itertuples():
        doc = texts.loc[line.doc_id]
        assert doc["text"][line.start_char:line.end_char] == line.match
        assert line.source == doc["source"] and line.title == doc["title"]
        assert len(line.left) <= 40 and len(line.right) <= 40
    assert len(A.kwic(corpus, actor=person["actor_id"])) == person["n_mentions"]
    assert len(A.kwic(corpus, actor=person["actor_id"], kinds="name")) == person["n_name_mentions"]


def test_a_word_is_found_whatever_its_case_and_accents_and_only_whole(sample_build):
    corpus = ct.load(sample_build)
    words = [x for aliases in corpus.actors["aliases"] for x in aliases if len(x.split()) == 1 and len(x) > 4]
    word = words[0]
    exact = A.kwic(corpus, word=word)
    assert len(exact) >= 1 and set(exact["match"].map(fold)) == {fold(word)}
    assert A.kwic(corpus, word=fold(word).upper()).equals(exact)
    partial = A.kwic(corpus, word=word[:-1])                  # never inside the longer word
    assert not set(zip(partial["doc_id"], partial["start_char"])) & set(zip(exact["doc_id"], exact["start_char"]))
    texts = corpus.documents["text"]
    assert len(exact) == sum(len(re.findall(rf"(?<!\w){re.escape(word)}(?!\w)", t)) for t in texts)


def test_a_wildcard_stands_for_any_letters_of_a_word(sample_build):
    corpus = ct.load(sample_build)
    texts = corpus.documents["text"]
    stem = "milit"              # militaire(s), militants...: a stem a French text about wars holds
    expected = sum(len(re.findall(rf"(?<!\w){stem}\w*", t, re.IGNORECASE)) for t in texts)
    lines = A.kwic(corpus, word=f"{stem}*")
    assert expected > 1 and len(lines) == expected
    assert all(fold(m).startswith(stem) for m in lines["match"]) and lines["match"].nunique() > 1
    suffix = A.kwic(corpus, word="*aire")
    assert len(suffix) and all(fold(m).endswith("aire") for m in suffix["match"])
    assert A.kwic(corpus, phrase=f"forces {stem}*").shape[0] <= expected
    lemmas = A.kwic(corpus, lemma="dire*")
    assert len(lemmas) >= len(A.kwic(corpus, lemma="dire")) > 0


def test_a_phrase_matches_across_apostrophes_and_a_lemma_its_inflections(sample_build):
    corpus = ct.load(sample_build)
    straight = A.kwic(corpus, phrase="l'OTAN")
    curly = A.kwic(corpus, phrase="l’otan")
    assert len(straight) >= 1 and straight.equals(curly)
    noun = corpus.tokens[(corpus.tokens["upos"] == "NOUN") & (corpus.tokens["text"] != corpus.tokens["lemma"])].iloc[0]
    lines = A.kwic(corpus, lemma=noun["lemma"])
    words = corpus.tokens[corpus.tokens["lemma"].map(fold) == fold(noun["lemma"])]
    assert len(lines) == len(words[["doc_id", "start_char", "end_char"]].drop_duplicates())
    assert noun["text"] in set(lines["match"])


def test_a_lemma_concordance_finds_the_words_whose_lemma_the_model_invented_under_the_lexicons(sample_build):
    from corpus_tools.analysis.lexicon import repair_lemmas
    corpus = ct.load(sample_build)
    tokens = corpus.tokens
    lemmas = repair_lemmas(tokens["text"], tokens["lemma"].str.lower(), tokens["upos"])
    invented = tokens[lemmas != tokens["lemma"].str.lower()].assign(repaired=lemmas)
    assert len(invented), "a model this size invents some lemma in five articles"
    word = invented.iloc[0]
    found = A.kwic(corpus, lemma=word["repaired"], per="outlet")
    assert (word["doc_id"], word["start_char"]) in set(zip(found["doc_id"], found["start_char"]))
    expected = tokens[lemmas.map(fold) == fold(word["repaired"])][["doc_id", "start_char"]].drop_duplicates()
    assert len(found) == len(expected)
    assert word["start_char"] not in set(A.kwic(corpus, lemma=word["lemma"], per="outlet")["start_char"])
    queried = A.kwic(corpus, query=f'[lemma="{word["repaired"]}"%cd]', per="outlet")   # the query reads the same lemma
    assert set(zip(queried["doc_id"], queried["start_char"])) == set(zip(found["doc_id"], found["start_char"]))


def test_lines_sort_by_left_or_right_context(sample_build):
    corpus = ct.load(sample_build)
    lines = A.kwic(corpus, phrase="de", window=30, sort="right")
    keys = [fold(r).strip() for r in lines["right"]]
    assert keys == sorted(keys)
    left = A.kwic(corpus, phrase="de", window=30, sort="left")
    keys = [" ".join(reversed(fold(s).split())) for s in left["left"]]
    assert keys == sorted(keys)


def test_queries_are_checked(sample_build):
    corpus = ct.load(sample_build)
    with pytest.raises(ValueError, match="exactly one of"):
        A.kwic(corpus)
    with pytest.raises(ValueError, match="sort='middle' is not one of"):
        A.kwic(corpus, word="Libye", sort="middle")
    with pytest.raises(ValueError, match="pass it as phrase="):
        A.kwic(corpus, word="secrétaire général")
    with pytest.raises(KeyError, match="no actor"):
        A.kwic(corpus, actor="Nobody Atall")
