"""Language per paragraph: English paragraphs of a French article are told apart, French ones quoting
English names and titles are not, short lines take their neighbours' language (invented texts)."""
from __future__ import annotations

from corpus_tools.text import read_corpus
from corpus_tools.text.languages import identify, paragraphs

FRENCH = [
    "Le gouverneur de la région a inauguré samedi le pont qui relie désormais les deux rives du fleuve.",
    "Les habitants des villages voisins attendaient cet ouvrage depuis des années, disent les élus locaux.",
    "Le coût total du projet s'élève à douze milliards de francs, financés par un prêt de la banque régionale.",
]
ENGLISH = [
    "The governor said the bridge would change the lives of thousands of farmers who sell their crops.",
    "Officials expect traffic on the new road to double within a year, according to the ministry.",
    "Critics say the cost has doubled since the first estimate was published last spring.",
]


def langs(text: str) -> list[str | None]:
    return [p.lang for p in paragraphs(text)]


def test_english_paragraphs_of_a_french_article_are_told_apart():
    text = "\n\n".join([FRENCH[0], FRENCH[1], ENGLISH[0], ENGLISH[1], FRENCH[2]])
    assert langs(text) == ["fr", "fr", "en", "en", "fr"]


def test_french_sentences_quoting_english_titles_and_names_stay_french():
    quoting = [
        "Le groupe a sorti l'album « The Long Road Home » en 2004 avec le producteur John Miller.",
        "Il a joué dans « Night Shift at the Harbour » aux côtés de Emily Stone et Robert Green.",
        "Selon le Daily Courier, the situation is under control, a assuré le porte-parole.",
        "Hilltop Pharma Ltd, 12 Station Road, Oxford OX1 2AB, Royaume-Uni",
    ]
    assert set(langs("\n\n".join(quoting))) == {"fr"}


def test_short_lines_and_names_take_the_language_around_them():
    text = "\n\n".join([FRENCH[0], "Jean Dupont", FRENCH[1], ENGLISH[0], "He agreed.", ENGLISH[1], FRENCH[2]])
    found = paragraphs(text)
    assert [p.lang for p in found] == ["fr", "fr", "fr", "en", "en", "en", "fr"]
    assert [p.identified for p in found] == [True, False, True, True, False, True, True]


def test_a_short_line_between_two_languages_takes_the_documents():
    text = "\n\n".join([ENGLISH[0], "Merci.", FRENCH[0], FRENCH[1]])
    assert langs(text) == ["en", "fr", "fr", "fr"]


def test_a_short_or_uncertain_paragraph_is_not_identified_alone():
    assert identify("Prices rose in March.") is None            # too few words
    assert identify(ENGLISH[2]) == "en" and identify(FRENCH[2]) == "fr"


def test_the_stage_writes_paragraphs_and_the_documents_main_language_and_share(tmp_path):
    (tmp_path / "mixed.txt").write_text("Un pont pour la vallée\n\n" + "\n\n".join(
        [FRENCH[0], ENGLISH[0], ENGLISH[1], ENGLISH[2], FRENCH[1]]) + "\n", encoding="utf-8")
    (tmp_path / "fr.txt").write_text("Un pont pour la vallée\n\n" + "\n\n".join(FRENCH) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("A bridge for the valley\n\n" + "\n\n".join(ENGLISH) + "\n", encoding="utf-8")
    tables = read_corpus(tmp_path)
    docs = tables.documents.set_index("doc_id")
    assert docs.loc["fr", ["lang", "lang_share", "langs"]].tolist() == ["fr", 1.0, "fr"]
    assert docs.loc["en", "lang"] == "en"
    assert docs.loc["mixed", "lang"] == "en" and docs.loc["mixed", "langs"] == "en, fr"
    assert 0.5 < docs.loc["mixed", "lang_share"] < 0.8
    paras = tables.paragraphs
    assert list(paras.columns) == ["doc_id", "para_idx", "start_char", "end_char", "lang", "identified"]
    for row in paras.itertuples():
        piece = docs.loc[row.doc_id, "text"][row.start_char:row.end_char]
        assert piece and piece == piece.strip() and "\n" not in piece
    mixed = paras[paras["doc_id"] == "mixed"]
    # the short title, at the edge, takes the document's language
    assert mixed["lang"].tolist() == ["en", "fr", "en", "en", "en", "fr"]


def test_a_supplied_language_wins_and_its_share_is_measured(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": "x", "lang": "fr", "text": "%s"}\n' % "\\n\\n".join(ENGLISH),
                                      encoding="utf-8")
    docs = read_corpus(tmp_path).documents
    assert docs.loc[0, ["lang", "lang_share", "langs"]].tolist() == ["fr", 0.0, "en"]
