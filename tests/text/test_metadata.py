"""Metadata: publication dates, authors, wires and outlets right where the text gives them, null where not."""
import pytest

from corpus_tools.text import load_outlets
from corpus_tools.text.clean import Context, clean
from corpus_tools.text.dates import parse_date
from corpus_tools.text.metadata import extract_metadata
from corpus_tools.text.outlets import attribute

REGISTRY = load_outlets()
BODY = ("Le ministre des Affaires étrangères a reçu mardi son homologue pour évoquer la crise libyenne "
        "et les moyens de relancer le dialogue politique entre les parties.")


def meta(raw: str, supplied: dict | None = None, found: dict | None = None) -> dict:
    supplied, found = supplied or {}, found or {}
    cleaned = clean(raw, Context(agencies=REGISTRY.agency_pattern))
    who = attribute(REGISTRY, supplied=supplied.get("source"), page=found.get("source"), text=raw)
    return extract_metadata(cleaned, supplied, found, REGISTRY, REGISTRY.by_name(who.outlet or ""), who).columns


@pytest.mark.parametrize("expr, iso", [
    ("17.05.2020", "2020-05-17"), ("14 May. 2020", "2020-05-14"), ("3 juillet 2020", "2020-07-03"),
    ("1er août 2021", "2021-08-01"), ("May 17, 2020", "2020-05-17"), ("2020-05-17T10:00:00", "2020-05-17"),
    ("12/03/2021", "2021-03-12"), ("juillet 2020", None),
])
def test_date_formats(expr, iso):
    assert parse_date(expr) == iso


def test_publication_and_update_dates_from_a_byline():
    m = meta(f"Un titre d'article assez long\nPublié le 3 juillet 2020 à 10h05 - Mis à jour le 5 juillet 2020\n\n{BODY}\n")
    assert (m["date"], m["updated"]) == ("2020-07-03", "2020-07-05")


def test_a_date_in_the_story_is_not_the_publication_date():
    m = meta(f"Un titre d'article assez long\n\n{BODY} La rencontre a eu lieu le 3 juillet 2020 à Rome, "
             "selon un communiqué diffusé le 4 juillet 2020.\n")
    assert m["date"] is None and m["updated"] is None


def test_an_update_date_alone_is_not_the_publication_date():
    m = meta(f"Un titre d'article assez long\nMis à jour le 5 juillet 2020\n\n{BODY}\n")
    assert (m["date"], m["updated"]) == (None, "2020-07-05")


def test_author_from_par_line_and_from_name_before_the_date():
    assert meta(f"Un titre d'article assez long\nPar Anne-Sophie Le Gall\n\n{BODY}\n")["author"] == "Anne-Sophie Le Gall"
    assert meta(f"Un titre d'article assez long\nJean Dupont | 17.05.2020\n\n{BODY}\n")["author"] == "Jean Dupont"


def test_wire_from_credits_and_datelines_not_from_mentions():
    m = meta(f"Un titre d'article assez long\n\n{BODY} Selon l'agence Reuters, rapporte l'agence Tass.\n")
    assert m["wire"] is None
    m = meta(f"Un titre d'article assez long\n\nBEYROUTH (AFP) - {BODY}\n(avec Reuters)\n")
    assert m["wire"] == "AFP, Reuters" and m["dateline"] == "Beyrouth"


def test_supplied_metadata_wins_and_unknown_outlet_is_unknown():
    raw = f"Monde\nUn titre d'article assez long\n17.05.2020\n\n{BODY}\n"
    m = meta(raw)
    assert (m["title"], m["date"], m["section"], m["source"]) == ("Un titre d'article assez long", "2020-05-17",
                                                                   "Monde", "unknown")
    m = meta(raw, supplied={"title": "Autre titre", "date": "2 mars 2021", "source": "Le Temps", "section": "Suisse"})
    assert (m["title"], m["date"], m["section"], m["source"]) == ("Autre titre", "2021-03-02", "Suisse", "Le Temps")


def test_outlet_from_url_and_from_a_registry_file_of_the_user(tmp_path):
    assert REGISTRY.outlet_for(url="https://www.lemonde.fr/international/article/x.html").name == "Le Monde"
    extra = tmp_path / "mine.yaml"
    extra.write_text("outlets:\n  - name: Le Courrier du Sahel\n    signatures: ['^Le Courrier du Sahel —']\n"
                     "    boilerplate: ['Nos journalistes sur le terrain.*']\n", encoding="utf-8")
    registry = load_outlets([extra])
    outlet = registry.outlet_for(text="Le Courrier du Sahel — édition\nTitre\n")
    assert outlet.name == "Le Courrier du Sahel"
    assert registry.digest != REGISTRY.digest


def test_a_broken_registry_pattern_is_reported_with_its_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("outlets:\n  - name: X\n    signatures: ['(']\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.yaml"):
        load_outlets([bad])


def test_language_flags_non_french_articles():
    assert meta("A title for an English article\n\nThe minister met his counterpart on Tuesday to discuss the "
                "Libyan crisis and ways to revive the political dialogue between the parties.\n")["lang"] == "en"
    assert meta(f"Un titre d'article assez long\n\n{BODY}\n")["lang"] == "fr"


def test_a_user_registry_names_the_outlet_and_strips_its_furniture(tmp_path):
    from corpus_tools.text import prepare
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(f"Le Courrier du Sahel — édition numérique\nUn titre d'article assez long\n\n{BODY}\n"
                                  "Nos journalistes sur le terrain vous informent\n", encoding="utf-8")
    extra = tmp_path / "mine.yaml"
    extra.write_text("outlets:\n  - name: Le Courrier du Sahel\n    signatures: ['^Le Courrier du Sahel —']\n"
                     "    boilerplate: ['Le Courrier du Sahel — .*', 'Nos journalistes sur le terrain.*']\n",
                     encoding="utf-8")
    (doc,) = [p.document for p in prepare(corpus, outlets=[extra])]
    assert doc["source"] == "Le Courrier du Sahel" and doc["title"] == "Un titre d'article assez long"
    assert "Courrier" not in doc["text"] and "journalistes" not in doc["text"]
    (doc,) = [p.document for p in prepare(corpus)]
    assert doc["source"] == "unknown"


def test_line_counter_prunes_singletons_but_keeps_furniture():
    from corpus_tools.text.stage import LineCounter
    counter = LineCounter(max_entries=50)
    for n in range(40):
        counter.add("outlet:X", f"Menu du site X\nUne ligne unique numéro {n} de l'article\n")
    common = counter.checker("outlet:X")
    assert len(counter.counts) <= 51
    assert common("menu du site x") and not common("une ligne unique numero 3 de l article")
