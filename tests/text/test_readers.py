"""Readers and decoding: every format in, the right articles and repairs out."""
import json
from pathlib import Path

import pytest

from corpus_tools.text import RawArticle, Skipped
from corpus_tools.text.decode import decode
from corpus_tools.text.readers import parse

FIXTURES = Path(__file__).parents[1] / "fixtures" / "text" / "corpus"
TEXT = "Le ministre de la Défense « a dit » l’été à Genève."


@pytest.mark.parametrize("data, repair", [
    (TEXT.encode("utf-8"), None),
    (TEXT.encode("utf-8-sig"), "bom"),
    (TEXT.encode("cp1252"), "encoding:cp1252"),
    (TEXT.encode("utf-16"), "bom"),
    (TEXT.encode("utf-16-le"), "encoding:utf-16-le"),
    (TEXT.encode("utf-8").decode("cp1252").encode("utf-8"), "mojibake"),
])
def test_decoding_recovers_the_text_and_records_the_repair(data, repair):
    decoded = decode(data)
    assert decoded.text == TEXT
    assert (repair in decoded.repairs) if repair else decoded.repairs == ()


def test_decoding_normalises_to_nfc_and_keeps_curly_quotes():
    decoded = decode("l’e\u0301te\u0301".encode())
    assert decoded.text == "l’été" and "nfc" in decoded.repairs


def read(path: Path) -> list:
    return list(parse(path.read_bytes(), path, path.name))


def test_nexis_export_is_split_into_articles_with_their_fields():
    arts = read(FIXTURES / "exports" / "nexis_uni.txt")
    assert [a.doc_id for a in arts] == ["nexis_uni-0000", "nexis_uni-0001"]
    first = arts[0].found
    assert first["format"] == "nexis" and first["source"] == "Le Figaro"
    assert first["author"] == "Delphine Minoui" and first["section"] == "INTERNATIONAL"
    assert "Load-Date" not in first.get("date_text", "")
    assert "Moscou dément" not in arts[0].text and "Moscou dément" in arts[1].text


def test_factiva_export_is_split_on_document_lines():
    arts = read(FIXTURES / "exports" / "factiva.txt")
    assert [a.found["source"] for a in arts] == ["Le Monde", "La Croix"]
    assert arts[0].found["author"] == "Hélène Sallon" and "author" not in arts[1].found


def test_europresse_html_gives_one_article_per_article_element():
    arts = read(FIXTURES / "exports" / "europresse.html")
    assert [a.found["source"] for a in arts] == ["La Croix", "Le Soir"]
    assert arts[0].text.startswith("L'Union européenne hausse le ton")


def test_web_page_main_text_and_metadata_come_from_trafilatura():
    (art,) = read(FIXTURES / "web_page.html")
    assert art.found["format"] == "html" and art.found["source"] == "France 24"
    assert "quatorze appareils" in art.text
    assert "Bolsonaro" not in art.text and "Retour en haut" not in art.text


def test_an_html_page_without_article_text_is_skipped_with_a_reason(tmp_path):
    from corpus_tools.text import prepare
    (tmp_path / "empty.html").write_text("<html><body><nav>Menu</nav></body></html>", encoding="utf-8")
    (tmp_path / "blank.html").write_text("<html><body></body></html>", encoding="utf-8")
    items = list(prepare(tmp_path))
    assert all(isinstance(i, Skipped) for i in items)
    assert sorted(i.path for i in items) == ["blank.html", "empty.html"]


def test_plain_text_that_mentions_export_words_is_one_article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Titre\n\nLe rapport fait 300 pages. End of Document est le titre d'un roman.\n", encoding="utf-8")
    (art,) = read(path)
    assert art.found["format"] == "txt" and art.doc_id == "a"


def test_jsonl_bad_lines_are_skipped_alone_and_aliases_are_read(tmp_path):
    path = tmp_path / "rows.jsonl"
    rows = [json.dumps({"id": "a", "body": "Un texte.", "Outlet": "Le Soir", "headline": "Titre"}), "{not json",
            json.dumps({"id": "c", "text": "Autre texte."})]
    path.write_text("\n".join(rows), encoding="utf-8")
    items = read(path)
    assert [type(i) for i in items] == [RawArticle, Skipped, RawArticle]
    assert items[0].meta == {"source": "Le Soir", "title": "Titre"} and items[0].text == "Un texte."
    assert items[1].path == "rows.jsonl#1"


def test_csv_fields_are_repaired_too(tmp_path):
    path = tmp_path / "t.csv"
    bad = "Les dÃ©lÃ©guÃ©s sont arrivÃ©s."
    path.write_text(f"texte,journal\n{bad},La Presse\n", encoding="utf-8")
    (art,) = read(path)
    assert art.text == "Les délégués sont arrivés." and "mojibake" in art.repairs
    assert art.meta == {"source": "La Presse"}


def test_older_lexisnexis_format_with_document_counters(tmp_path):
    path = tmp_path / "academic.txt"
    path.write_text(
        "                              1 of 2 DOCUMENTS\n\n                                 Le Monde\n\n"
        "                          17 mai 2020 dimanche\n\nLibye : l'ONU inquiète des combats\n\n"
        "BYLINE: Jean Dupont\n\nSECTION: INTERNATIONAL\n\nLENGTH: 420 mots\n\n"
        "Les Nations unies se sont dites préoccupées dimanche par l'intensification des combats au sud de Tripoli.\n\n"
        "LOAD-DATE: 19 mai 2020\n\nLANGUAGE: FRENCH\n\n"
        "                              2 of 2 DOCUMENTS\n\n                                 Le Soir\n\n"
        "                          18 mai 2020 lundi\n\nLa Belgique appelle à la retenue\n\nLENGTH: 200 mots\n\n"
        "Le ministre belge des Affaires étrangères a appelé lundi toutes les parties libyennes à la retenue.\n\n"
        "LOAD-DATE: 20 mai 2020\n", encoding="utf-8")
    arts = read(path)
    assert [(a.found["source"], a.found["title"], a.found["date_text"]) for a in arts] == [
        ("Le Monde", "Libye : l'ONU inquiète des combats", "17 mai 2020 dimanche"),
        ("Le Soir", "La Belgique appelle à la retenue", "18 mai 2020 lundi")]
    assert arts[0].found["author"] == "Jean Dupont"


def test_export_field_lines_never_reach_the_text():
    from corpus_tools.text import Prepared, prepare
    docs = [p.document for p in prepare(FIXTURES / "exports") if isinstance(p, Prepared)]
    assert len(docs) == 12
    for d in docs:
        assert not any(word in d["text"] for word in ("Load-Date", "Length:", "End of Document", "Document LMDE",
                                                      "Job Number", "Search Summary", "Results Found"))


def test_a_web_page_saved_as_txt_is_read_as_html():
    from corpus_tools.text.readers import parse
    body = ("Le ministre turc de la Défense a rencontré mardi à Tripoli les responsables du gouvernement "
            "libyen pour évoquer la coopération militaire entre les deux pays.")
    page = (f"<!DOCTYPE html><html><head><title>Libye</title><script>var x = 1;</script></head><body>"
            f"<nav>Accueil | Monde</nav><article><h1>Ankara à Tripoli</h1><p>{body}</p></article></body></html>")
    [art] = parse(page.encode("utf-8"), Path("saved.txt"), "saved.txt")
    assert body in art.text and "<" not in art.text and "var x" not in art.text
    [plain] = parse("Un texte avec <b>des balises</b> au milieu.".encode(), Path("a.txt"), "a.txt")
    assert plain.text.startswith("Un texte")


def test_a_registered_reader_reads_its_suffix_through_the_whole_text_stage(tmp_path, monkeypatch):
    from corpus_tools.text import read_corpus, readers, register_reader
    monkeypatch.setattr(readers, "READERS", dict(readers.READERS))

    def read_markdown(data, path, rel):
        title, _, body = data.decode("utf-8").partition("\n")
        yield RawArticle(path.stem, rel, f"{title.lstrip('# ')}\n\n{body.strip()}", {}, {"format": "markdown"})

    (tmp_path / "a.md").write_text("# Un titre assez long pour un article\n\n" + "Le texte de l'article, "
                                   "qui parle de la Libye et de ses voisins, continue ici longuement. " * 3,
                                   encoding="utf-8")
    assert read_corpus(tmp_path).skipped["reason"].str.contains("unsupported file type").all()
    register_reader([".md"], read_markdown)
    tables = read_corpus(tmp_path)
    assert tables.skipped.empty and tables.documents["format"].tolist() == ["markdown"]
    assert tables.documents["title"].tolist() == ["Un titre assez long pour un article"]


def test_export_pages_that_are_not_articles_are_skipped_with_what_they_are():
    nexis = read(FIXTURES / "exports" / "nexis_cover.txt")
    assert isinstance(nexis[0], Skipped) and nexis[0].path == "nexis_cover.txt#cover"
    assert "cover page of a Nexis Uni export" in nexis[0].reason and "3 titles" in nexis[0].reason
    articles = [a for a in nexis if isinstance(a, RawArticle)]
    assert [a.found["title"] for a in articles] == [
        "Tripoli et Ankara signent un accord de coopération navale",
        "Le Caire met en garde contre toute offensive vers Syrte",
        "Les négociations de Genève reprennent sous l'égide de l'ONU"]
    assert articles[0].found["date_text"] == "12 janvier 2021 mardi" and "Job Number" not in articles[0].text
    factiva = read(FIXTURES / "exports" / "factiva_summary.txt")
    assert [type(a).__name__ for a in factiva] == ["RawArticle", "Skipped"]
    assert factiva[1].path.endswith("#search-summary") and "Results Found" not in factiva[0].text
    europresse = read(FIXTURES / "exports" / "europresse_list.html")
    skipped = {a.path.split("#")[1]: a.reason for a in europresse if isinstance(a, Skipped)}
    assert set(skipped) == {"results", "entry-3"} and "2 titles" in skipped["results"]
    assert len([a for a in europresse if isinstance(a, RawArticle)]) == 2


def test_a_numbered_list_in_an_article_is_no_result_list(tmp_path):
    text = ("Les trois conditions d'Ankara\nLe Journal du Bosphore\n12 mai 2020 mardi\n\nLength: 90 words\n\nBody\n\n"
            "Le ministre a posé trois conditions :\n1. un cessez-le-feu ;\n2. le retrait des mercenaires ;\n"
            "3. des élections.\n\nLoad-Date: May 14, 2020\n\nEnd of Document\n")
    path = tmp_path / "one.txt"
    path.write_text(text, encoding="utf-8")
    (art,) = read(path)
    assert isinstance(art, RawArticle) and "2. le retrait des mercenaires" in art.text


def test_record_columns_in_french_and_english_and_unread_ones_reported(tmp_path):
    from corpus_tools.text import InputWarning
    path = tmp_path / "t.csv"
    path.write_text("Titre;Texte;Média;Auteur;Lien;remarque\nUn titre;Un texte assez long;Le Temps;A. B.;"
                    "https://letemps.ch/x;vu\n", encoding="utf-8")
    warning, art = read(path)
    assert isinstance(warning, InputWarning) and (warning.path, warning.line) == ("t.csv", 2)
    assert "column 'remarque' is not read" in warning.message
    assert art.meta == {"source": "Le Temps", "title": "Un titre", "author": "A. B.", "url": "https://letemps.ch/x"}
