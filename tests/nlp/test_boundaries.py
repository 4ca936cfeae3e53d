"""Sentence repair: the model's wrong boundaries are undone on real annotations, offsets stay true."""
from __future__ import annotations

import pandas as pd
import pytest

from corpus_tools.nlp.boundaries import Piece, boundary_rule, repair_sentences
from corpus_tools.schema import columns


def frames(backend, texts: dict[str, str]) -> dict[str, pd.DataFrame]:
    """The backend's annotation of `texts` as the tables the annotation cache gives (doc_id first)."""
    annotations = backend.annotate(list(texts.values()))
    out = {}
    for part in ("sentences", "tokens", "entities"):
        rows = [(doc_id, *row) for doc_id, ann in zip(texts, annotations) for row in getattr(ann, part)]
        out[part] = pd.DataFrame(rows, columns=columns(part, extra=True))
    return out


def repaired(backend, texts: dict[str, str]) -> dict[str, pd.DataFrame]:
    return repair_sentences(frames(backend, texts), pd.Series(texts))


def check_consistent(tables: dict[str, pd.DataFrame], texts: dict[str, str]) -> None:
    """Offsets point into the text; sentences are numbered 0..n-1; words 1..m with heads inside."""
    sentences, tokens = tables["sentences"], tables["tokens"]
    for row in sentences.itertuples():
        assert texts[row.doc_id][row.start_char:row.end_char] == row.text
    for doc_id, group in sentences.groupby("doc_id"):
        assert group["sent_idx"].tolist() == list(range(len(group)))
    bounds = sentences.set_index(["doc_id", "sent_idx"])
    for (doc_id, sent_idx), words in tokens.groupby(["doc_id", "sent_idx"]):
        assert words["tok_idx"].tolist() == list(range(1, len(words) + 1))
        assert words["head"].between(0, len(words)).all()
        start, end = bounds.loc[(doc_id, sent_idx), ["start_char", "end_char"]]
        assert (words["start_char"] >= start).all() and (words["end_char"] <= end).all()
    for row in tables["entities"].itertuples():
        assert texts[row.doc_id][row.start_char:row.end_char] == row.text
        start, end = bounds.loc[(row.doc_id, row.sent_idx), ["start_char", "end_char"]]
        assert start <= row.start_char and row.end_char <= end


# Each text is one the compact model cuts wrongly (checked by `test_the_model_cuts_every_case`).
CASES = {
    "title": "Le secrétaire général a parlé.\n\nM. Stoltenberg a souligné qu'en ces temps difficiles, il était plus "
             "important que jamais que les Alliés fassent preuve de solidarité.",
    "quote": "« Nous ne demandons pas la charité. Nous demandons que la parole donnée soit tenue », a déclaré "
             "M. Zelensky.",
    "colon": "En attendant, l’OTAN espère aboutir à une résolution.\n\nEt d’ajouter : «Nous soutenons "
             "entièrement l’approche de l’ONU et du représentant spécial de son secrétaire général pour la Libye, "
             "Bernardino Leon».",
    "name": "Le ministre turc de la Défense Hulusi Akar et le chef d'état-major turc Yasar Guler se sont rendus "
            "vendredi à Tripoli pour évoquer la coopération militaire.",
    "word": "Le secrétaire général a félicité la Turquie pour l’aide en matériel médical qu’elle apporte à d’autres "
            "Alliés et aux partenaires.",
}
SENTENCES = {"title": 2, "quote": 1, "colon": 2, "name": 1, "word": 1}


@pytest.fixture(scope="module")
def model(backend):
    return frames(backend, CASES)


@pytest.fixture(scope="module")
def cases(model):
    return repair_sentences(model, pd.Series(CASES))


def sentences_of(tables, doc_id: str) -> list[str]:
    rows = tables["sentences"]
    return rows.loc[rows["doc_id"] == doc_id, "text"].tolist()


def test_the_model_cuts_every_case(model):
    for doc_id, expected in SENTENCES.items():
        assert len(sentences_of(model, doc_id)) > expected, doc_id


def test_sentences_are_cut_where_french_ends_them(cases):
    for doc_id, expected in SENTENCES.items():
        assert len(sentences_of(cases, doc_id)) == expected, (doc_id, sentences_of(cases, doc_id))


def test_no_sentence_ends_after_a_title_abbreviation(cases):
    assert sentences_of(cases, "title")[1].startswith("M. Stoltenberg a souligné")


def test_no_sentence_ends_inside_open_quotation_marks(cases):
    assert sentences_of(cases, "quote") == [CASES["quote"]]


def test_a_colon_ends_no_sentence(cases):
    assert sentences_of(cases, "colon")[1].startswith("Et d’ajouter : «Nous soutenons")


def test_no_sentence_ends_inside_a_name(cases):
    assert sentences_of(cases, "name") == [CASES["name"]]
    rules = cases["sentence_repairs"].set_index("doc_id")["rule"]
    assert rules["name"] == "name" and rules["title"] == "title-abbreviation" and rules["word"] == "unfinished"


def test_no_sentence_ends_after_an_initial():
    text = "Le président George W. Bush a reçu le chancelier."
    assert boundary_rule(text, Piece(0, 0, 22), Piece(1, 23, len(text)), set()) == "initial"


def test_repaired_offsets_and_indices_stay_consistent(cases):
    check_consistent(cases, CASES)


def test_every_join_is_recorded_with_its_rule(model, cases):
    joins = cases["sentence_repairs"]
    assert len(model["sentences"]) - len(cases["sentences"]) == len(joins)
    assert set(joins["rule"]) <= {"open-quote", "title-abbreviation", "abbreviation", "initial", "name",
                                  "unfinished", "lowercase"}
    assert len(joins) and joins["text"].str.contains(" | ", regex=False).all()


def test_a_paragraph_break_is_always_a_boundary():
    text = "Le ministre turc de la Défense Hulusi\nAkar est arrivé."
    assert boundary_rule(text, Piece(0, 0, 37), Piece(1, 38, len(text)), {38}) is None
    assert boundary_rule(text.replace("\n", " "), Piece(0, 0, 37), Piece(1, 38, len(text)), {38}) == "name"


def test_repair_without_wrong_boundaries_changes_nothing(backend):
    texts = {"d": "Le ministre est arrivé à Tripoli. Il a rencontré le chef du gouvernement."}
    before = frames(backend, texts)
    after = repair_sentences(before, pd.Series(texts))
    assert after["sentence_repairs"].empty
    for part in ("sentences", "tokens", "entities"):
        pd.testing.assert_frame_equal(after[part], before[part])


def test_the_build_uses_the_repaired_sentences(sample_build):
    import corpus_tools as ct
    corpus = ct.load(sample_build)
    texts = corpus.documents.set_index("doc_id")["text"].to_dict()
    check_consistent({name: corpus[name] for name in ("sentences", "tokens", "entities")}, texts)
    assert not corpus.sentences["text"].str.fullmatch(r"M\.").any()
    assert (corpus.sentence_repairs["rule"] == "title-abbreviation").any()
    mentions = corpus.mentions.merge(corpus.sentences, on=["doc_id", "sent_idx"], suffixes=("", "_sent"))
    assert ((mentions["start_char"] >= mentions["start_char_sent"])
            & (mentions["end_char"] <= mentions["end_char_sent"])).all()
