"""A journalist's signature closing an article is a byline: removed from the text, kept as the author
when the file names none or only an agency, its agency kept in `wire`; a final sentence, a heading,
a link or an outlet's name is no signature (invented examples)."""
from __future__ import annotations

import pytest

from corpus_tools.text import load_outlets
from corpus_tools.text.clean import Context, clean
from corpus_tools.text.metadata import extract_metadata

REGISTRY = load_outlets()
BODY = ("Le conseil régional a adopté jeudi un plan de rénovation des routes rurales, financé pour moitié par "
        "l'État, après plusieurs mois de négociations avec les communes concernées.")
MORE = ("Les travaux doivent commencer avant la saison des pluies et durer deux ans, selon le calendrier "
        "présenté par le président du conseil aux élus.")


def article(last: str) -> str:
    return f"Un plan pour les routes rurales du département\n\n{BODY}\n\n{MORE}\n\n{last}\n"


def read(last: str, author: str | None = None) -> tuple[dict, list[tuple[str, str]], str]:
    cleaned = clean(article(last), Context(agencies=REGISTRY.agency_pattern))
    found = {"author": author} if author else {}
    meta = extract_metadata(cleaned, {}, found, REGISTRY).columns
    return meta, [(r.rule, r.text) for r in cleaned.removed], cleaned.text


@pytest.mark.parametrize("last, name, wire", [
    ("Léonie Kabore (ANP)", "Léonie Kabore", "ANP"),
    ("Par Hugo Delmas, envoyé spécial", "Hugo Delmas", None),
    ("Par Hugo Delmas, envoyé spécial à Dakar", "Hugo Delmas", None),
    ("Aminata Sow", "Aminata Sow", None),
    ("Aminata Sow.", "Aminata Sow", None),
    ("Aminata Sow à Bamako", "Aminata Sow", None),
    ("Jean-Marc Le Floch (avec AFP)", "Jean-Marc Le Floch", "AFP"),
    ("Karim Ben Salah, correspondant", "Karim Ben Salah", None),
])
def test_a_closing_signature_is_the_author_and_its_agency_the_wire(last, name, wire):
    meta, removed, text = read(last)
    assert ("byline", last) in removed and last not in text
    assert meta["author"] == name and meta["wire"] == wire


def test_an_agency_or_desk_in_the_author_field_gives_way_to_the_signature_and_stays_in_the_wire():
    meta, _, _ = read("Léonie Kabore", author="AFP")
    assert (meta["author"], meta["wire"]) == ("Léonie Kabore", "AFP")
    meta, _, _ = read("Léonie Kabore (ANP)", author="La rédaction")
    assert (meta["author"], meta["wire"]) == ("Léonie Kabore", "ANP")
    meta, _, _ = read("Léonie Kabore", author="Paul Garnier")          # a person: the file's field wins
    assert meta["author"] == "Paul Garnier"
    meta, _, _ = read("Les travaux ont été suspendus hier.", author="AFP")   # no signature: the field stays
    assert meta["author"] == "AFP"


def test_an_agency_credit_alone_stays_a_credit():
    meta, removed, _ = read("(Avec AFP)")
    assert ("credit", "(Avec AFP)") in removed and meta["author"] is None and meta["wire"] == "AFP"


@pytest.mark.parametrize("last", [
    "Le préfet a salué un projet attendu depuis longtemps.",   # a final sentence stays in the text
    "Il est reparti lundi.",
    "Tout reste à faire.",
])
def test_a_final_sentence_is_kept(last):
    meta, removed, text = read(last)
    assert text.endswith(last) and meta["author"] is None and not [r for r in removed if r[0] == "byline"]


@pytest.mark.parametrize("last", [
    "Le Journal du Plateau",          # an outlet's name
    "Lire aussi nos articles",        # a link
    "CONDITIONS GENERALES DE VENTE",  # a heading in capitals
    "Reuters",                        # an agency alone
    "Politique Internationale",       # a section
    "- Aminata Sow",                  # an item of a list
])
def test_no_signature_is_read_in_furniture(last):
    meta, removed, _ = read(last)
    assert meta["author"] is None and ("byline", last) not in removed


def test_a_name_answering_a_line_ending_with_a_colon_is_no_signature():
    cleaned = clean(f"Un plan pour les routes rurales du département\n\n{BODY}\n\nLe nouveau président :\n\n"
                    "Aminata Sow\n", Context(agencies=REGISTRY.agency_pattern))
    assert not [r for r in cleaned.removed if r.rule == "byline"]
