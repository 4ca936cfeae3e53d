"""Property-based tests of the text stage's public functions.

`clean(raw) -> Cleaned(text, removed, ...)` and `extract_metadata(cleaned, supplied, found, outlets) -> (columns,
warnings)`
must take any string without crashing, and cleaning must never lose a sentence
of the article, whatever web chrome, blank lines and odd whitespace surround it.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus_tools.text import load_outlets
from corpus_tools.text.clean import clean
from corpus_tools.text.metadata import extract_metadata

OUTLETS = load_outlets()


def metadata_of(text: str, supplied: dict) -> dict:
    """The metadata stage as the text stage calls it, on a file with no structural metadata."""
    meta, warnings = extract_metadata(clean(text), supplied, {}, OUTLETS)
    assert all(isinstance(w, str) and "\n" not in w for w in warnings)
    return meta

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

SENTENCES = [
    "Le ministre des Affaires étrangères a reçu mardi son homologue turc à Paris.",
    "Les deux hommes ont évoqué la situation sécuritaire en Libye pendant plus de deux heures.",
    "« Nous voulons une solution politique et durable », a déclaré le chef de la diplomatie française.",
    "Selon l’agence officielle, 1 200 soldats ont été déployés dans la région depuis janvier.",
    "Le secrétaire général de l'OTAN, Jens Stoltenberg, a appelé les alliés à la retenue.",
    "Moscou dément toute implication de mercenaires russes dans les combats autour de Tripoli.",
    "L’Union européenne prépare de nouvelles sanctions contre les responsables de l’embargo violé.",
    "Le Parlement de Tobrouk a rejeté l'accord signé à Ankara par le gouvernement d’union nationale.",
    "D'après un diplomate onusien, les négociations reprendront à Genève la semaine prochaine.",
    "Le maréchal Khalifa Haftar n'a pas répondu aux sollicitations de notre journal.",
    "Les prix du pétrole ont augmenté de 3 % après l'annonce de la fermeture des terminaux.",
    "Au Maroc, le gouvernement d’Aziz Akhannouch a salué « un pas dans la bonne direction ».",
    "Washington a demandé « un cessez-le-feu immédiat et sans conditions » dans un communiqué.",
    "La Turquie a livré des drones au GNA, affirment plusieurs sources concordantes.",
    "Des milliers de civils ont fui les quartiers sud de la capitale ces derniers jours.",
    "Le Conseil de sécurité des Nations unies se réunira jeudi à huis clos.",
    "« Il n’y a pas de solution militaire », a répété le représentant spécial de l’ONU, Ghassan Salamé.",
    "Les observateurs craignent une internationalisation durable du conflit libyen.",
    "Rome et Paris divergent toujours sur la stratégie à adopter face aux milices de l’Est.",
    "L'Égypte a massé des troupes à sa frontière occidentale, selon des images satellites.",
]
CHROME = [
    "Rechercher", "Retour en haut", "Partager sur Facebook",
    "Abonnez-vous à notre newsletter", "Publicité", "Accueil > International > Afrique", "© Le Journal 2021",
    "Lire aussi : nos articles sur la Libye", "Cet article est réservé aux abonnés", "Tweeter",
]
# Headings of blocks that end an article (the cleaner drops them and what follows, as it should):
# generated only after the last paragraph.
TAIL_HEADINGS = ["Commentaires (12)", "Articles similaires", "Les plus lus"]
SPACE = st.sampled_from([" ", "  ", "\t", "\u00a0", ""])
BREAK = st.sampled_from(["\n", "\n\n", "\n\n\n", "\r\n", "\r\n\r\n", "\n \n", "\n\t\n"])
HOSTILE = st.sampled_from(["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "\\", "\u200f",
                           "\u202e", "\0", "\ufeff", "\ud800", "\r", "\u2028", "Ã©", "\x85", "$x$", "{{x}}"])


def norm(text: str) -> str:
    """Compare modulo Unicode compatibility forms, quote styles and whitespace."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "«": '"', "»": '"', "“": '"', "”": '"'}))
    return " ".join(text.split())


@st.composite
def articles(draw) -> tuple[str, list[str]]:
    """A raw article: paragraphs of real sentences with chrome lines and odd whitespace between them."""
    chosen = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=10, unique=True))
    cut = sorted(draw(st.sets(st.integers(1, max(1, len(chosen) - 1)), max_size=4)))
    paragraphs = [chosen[a:b] for a, b in zip([0, *cut], [*cut, len(chosen)]) if chosen[a:b]]
    parts = [draw(st.lists(st.sampled_from(CHROME), max_size=3, unique=True))]
    for para in paragraphs:
        parts.append([draw(SPACE) + " ".join(para) + draw(SPACE)])
        parts.append(draw(st.lists(st.sampled_from(CHROME), max_size=2, unique=True)))
    parts.append(draw(st.lists(st.sampled_from(TAIL_HEADINGS), max_size=2, unique=True)))
    lines = [line for group in parts for line in group]
    raw = draw(BREAK).join(lines) if draw(st.booleans()) else "".join(ln + draw(BREAK) for ln in lines)
    return raw, chosen


@SETTINGS
@given(articles())
def test_cleaning_never_loses_a_sentence(article):
    raw, sentences = article
    cleaned = norm(clean(raw).text)
    for sentence in sentences:
        assert norm(sentence) in cleaned


@SETTINGS
@given(articles())
def test_removed_rows_point_into_the_raw_text(article):
    raw, _ = article
    for row in clean(raw).removed:
        assert 0 <= row.start_char <= row.end_char <= len(raw)
        assert raw[row.start_char:row.end_char] == row.text


@SETTINGS
@given(st.one_of(st.text(), st.text(alphabet=st.characters(codec=None, exclude_categories=())),
                 st.lists(st.one_of(HOSTILE, st.sampled_from(SENTENCES + CHROME), st.text(max_size=5)))
                 .map("".join)))
def test_clean_takes_any_string(raw):
    cleaned = clean(raw)
    assert isinstance(cleaned.text, str)
    assert all(isinstance(r.text, str) for r in cleaned.removed)


@SETTINGS
@given(st.text(), st.dictionaries(st.sampled_from(["source", "date", "title", "url", "author"]),
                                  st.one_of(st.text(), HOSTILE), max_size=5))
def test_extract_metadata_takes_any_input(text, supplied):
    meta = metadata_of(text, supplied)
    assert {"title", "date", "source"} <= set(meta)
    assert isinstance(meta["source"], str)
    assert meta["title"] is None or isinstance(meta["title"], str)
    assert meta["date"] is None or dt.date.fromisoformat(meta["date"]).isoformat() == meta["date"]  # never raw text


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(SENTENCES),
                          st.from_regex(r"\A[0-9]{1,2}[./-][0-9]{1,2}[./-][0-9]{2,4}\Z"),
                          st.from_regex(r"\A[0-9]{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|"
                                        r"octobre|novembre|décembre) [0-9]{1,4}\Z"), st.text(max_size=20)),
                max_size=8).map("\n".join))
def test_inferred_dates_are_real_iso_dates(text):
    date = metadata_of(text, {})["date"]
    if date is not None:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", date)
        dt.date.fromisoformat(date)
