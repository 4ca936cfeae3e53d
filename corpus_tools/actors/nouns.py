"""Common nouns the NER tags as names: what they name, if anything.

- People nouns ("les Maliens", "les Africains", "Sénégalais") are demonym mentions of their
  country or region (`kind = demonym`), as the adjectives already are; a run-on after them
  ("Angolais interrogés") is left out.
- Nouns that never name an actor alone ("l'État", "la République", "les Etats", "Celui-ci") give
  no mention; they count inside a name ("État islamique").  Nor do the names of texts ("la Charte
  de transition", "le Code de la presse").
- A state's official name ("République du Mali", "Royaume du Maroc") names its country.
- A country's name followed by a number or a capitalised word ("France 24", "France Volontaires")
  is an organisation's name holding it, not the country.
- A ministry's portfolio ("ministère de l'Europe et des Affaires étrangères", "ministre de l'Eau et
  de l'Assainissement") is part of a title, not an actor; a span the NER ran into a clause
  ("Gouvernement de veiller", "Comité d'organisation de ce sommet") stops before it.
Word lists: `data/words.yaml` (`never_alone`, `state_words`); demonyms and countries: the registry.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from ..fold import fold
from ..nlp.parse import Token
from ..userfiles import shipped_list
from .candidate import Candidate
from .normalize import ADDRESS_WORDS, GENERIC_HEADS, normalize_name
from .registry import Registry

NEVER_ALONE = frozenset(shipped_list("actors", "words", "never_alone"))
DOCUMENT_HEADS = frozenset(shipped_list("actors", "words", "document_heads"))
STATE_WORDS = frozenset(shipped_list("actors", "words", "state_words"))
RUN_ON_DET = ("PronType=Dem", "Poss=Yes", "Definite=Ind")
MINISTRY_WORDS = frozenset({"ministre", "ministere", "ministres", "ministeres"})
PORTFOLIO_LINKS = frozenset({"de", "du", "des", "d'", "d", "l'", "l", "la", "le", "les", "et", ",",
                             "a", "au", "aux"})   # "secrétaire d'État aux Sports"
PORTFOLIO_NOUNS = frozenset({"affaires", "relations"})   # lower-case in some house styles: "des affaires étrangères"
NAME_GOES_ON = re.compile(r"[ \t]+(?:\d+\b|[A-ZÀ-Ý][\w’'-]*)")
STATE_NAME = re.compile(r"^(?P<state>[^\W\d_]+)(?:\s+[^\W\d_]+){0,3}?\s+(?:du|de la|de l['’]|des|de|d['’])\s*"
                        r"(?P<country>.+)$")


def people_nouns(found: list[Candidate], registry: Registry) -> None:
    """Name candidates that are a capitalised noun of nationality ("Maliens", "Africains"): demonym
    mentions of their country or region, the words the NER ran on after them left out."""
    for c in found:
        words = c.text.split()
        if c.kind != "name" or c.ner == "PER" and len(words) > 1 or not words or not words[0][:1].isupper():
            continue
        place = registry.demonyms.get(fold(words[0]))
        if place is None or any(w[:1].isupper() for w in words[1:]) or registry.lookup(words[0]):
            continue                                      # "Nigériens Unis": a name; "Philippines": a country
        c.update(end_char=c.start_char + len(words[0]), text=words[0], kind="demonym", method="demonym",
                 ref=place, evidence=f"'{words[0]}': a noun of nationality of {registry.entries[place].name}",
                 ner_fix=f"'{c.surface}' tagged {c.ner}: a noun of nationality" if c.ner else None)


def never_alone(found: list[Candidate]) -> None:
    """Drop the candidates that are only a noun never naming an actor alone ("l'État", "Celui-ci"), and
    the names of texts ("la Charte de transition", "le Code de la presse"): no actor either."""
    for c in found:
        if c.kind != "name" or c.ref:
            continue
        words = fold(c.text).strip(" .").split()
        if " ".join(words) in NEVER_ALONE:
            c.update(kind="dropped", evidence=f"'{c.text}' names no actor standing alone")
        elif words and words[0] in DOCUMENT_HEADS and c.ner != "PER":
            c.update(kind="dropped", evidence=f"'{c.text}' names a text, not an actor")


def state_names(found: list[Candidate], registry: Registry) -> None:
    """'République du Mali', 'Royaume du Maroc': a state's official name names its country."""
    for c in found:
        if c.kind != "name" or c.ref:
            continue
        m = STATE_NAME.match(c.text)
        if not m or fold(m["state"]) not in STATE_WORDS:
            continue
        country = registry.lookup(m["country"])
        if country and registry.entries[country[0]].type == "country":
            c.update(ref=country[0], method="registry",
                     evidence=f"'{c.text}': the official name of {registry.entries[country[0]].name}")


def names_holding_countries(found: list[Candidate], text: str, registry: Registry) -> None:
    """'France 24', 'France Volontaires': a country's name that a number or a capitalised word
    continues (in the same sentence, not another candidate) starts an organisation's name -- not a
    title or form of address opening a person's name ("l'émir du Qatar Cheikh X")."""
    taken = {c.start_char for c in found}
    for c in found:
        if c.kind != "name" or not c.ref or registry.entries[c.ref].type != "country":
            continue
        m = NAME_GOES_ON.match(text, c.end_char)
        if not m or m.start() + len(m.group()) - len(m.group().lstrip()) in taken \
                or fold(m.group().strip()).rstrip(".") in ADDRESS_WORDS:
            continue
        name = text[c.start_char:m.end()]
        c.update(end_char=m.end(), text=name, ner="ORG", ref=None, method="ner",
                 ner_fix=f"'{name}': a name holding the country's name '{c.text}', not the country")


def clause_cuts(found: list[Candidate], tokens: list[Token]) -> None:
    """Cut a name before a verb or a demonstrative, possessive or indefinite determiner it runs into
    ("Gouvernement de veiller", "Commission chargée des questions", "Comité d'organisation de ce
    sommet"): names hold neither; what is left may be a generic noun alone (then no actor)."""
    starts = [t.start_char for t in tokens]
    for c in found:
        if c.kind != "name" or c.ner == "PER" or c.ref:
            continue
        inside = [t for t in tokens[bisect_right(starts, c.start_char):bisect_right(starts, c.end_char)]
                  if t.end_char <= c.end_char]
        stop = next((t for t in inside if t.upos in ("VERB", "AUX") or (t.upos == "DET" and feats_say(t, RUN_ON_DET))),
                    None)
        if stop is None:
            continue
        end = c.start_char + len(c.text[:stop.start_char - c.start_char].rstrip(" ,'’").removesuffix(" de")
                                 .removesuffix(" pour").removesuffix(" du").removesuffix(" des").rstrip())
        if end > c.start_char:
            c.update(end_char=end, text=c.text[:end - c.start_char],
                     ner_fix=f"'{c.text}' cut before '{stop.text}': a name holds no clause")


def feats_say(t: Token, wanted: tuple[str, ...]) -> bool:
    """Whether a token's features hold one of `wanted` ("PronType=Dem")."""
    return isinstance(t.feats, str) and any(w in t.feats.split("|") for w in wanted)


BODY_HEADS = GENERIC_HEADS - {"ministere", "force", "forces"}   # "ministre des Forces armées": a portfolio


def portfolios(found: list[Candidate], tokens: list[Token], registry: Registry) -> None:
    """Drop the names that are a ministry's portfolio: reached from "ministre"/"ministère" through
    "de", articles, "et", commas, adjectives and capitalised words only ("ministère de
    l'Agriculture, de la Souveraineté alimentaire et de l'Élevage"); a country closing a title
    ("ministre des Affaires étrangères du Mali"), acronyms, the names of bodies ("premier ministre
    du Gouvernement d'union nationale") and names after a common noun ("les ministres des pays de
    l'Union africaine") stay."""
    by_start = {t.start_char: i for i, t in enumerate(tokens)}
    for c in found:
        if c.kind != "name" or c.ner == "PER" or c.start_char not in by_start or c.text.isupper():
            continue
        if (country_named(c, registry) or (c.ref and registry.entries[c.ref].type == "country")
                or normalize_name(c.text) in registry.capitals):   # "ministre à Dakar"
            continue
        if fold(c.text.split()[0]) in BODY_HEADS:
            continue            # "le premier ministre du Gouvernement d'entente nationale": a body, no portfolio
        first = by_start[c.start_char]
        for i in range(first - 1, max(0, first - 16) - 1, -1):
            t = tokens[i]
            if t.sent_idx != tokens[first].sent_idx or not in_portfolio(t):
                break
            if ministry_word(tokens, i):
                c.update(kind="dropped", evidence=f"'{c.text}': a ministry's portfolio, part of a title")
                break


def ministry_word(tokens: list[Token], i: int) -> bool:
    """Whether word `i` names a member of a government: "ministre", "ministère", or the "État" of
    "secrétaire d'État" ("Secrétaire d'État à l'Urbanisme")."""
    t = tokens[i]
    if fold(str(t.lemma)) in MINISTRY_WORDS or fold(t.text) in MINISTRY_WORDS:
        return True
    return (fold(t.text) == "etat" and i >= 2 and fold(tokens[i - 1].text) in ("d'", "d")
            and fold(tokens[i - 2].text) in ("secretaire", "secretaires"))


def in_portfolio(t: Token) -> bool:
    """Whether a word can stand in a ministry's title between "ministère" and a portfolio."""
    word = fold(t.text)
    if word == "a":
        return t.upos == "ADP"                            # "aux Sports", not the verb "a"
    return (word in PORTFOLIO_LINKS or t.upos == "ADJ" or t.text[:1].isupper()
            or word in MINISTRY_WORDS | PORTFOLIO_NOUNS)


def country_named(c: Candidate, registry: Registry) -> bool:
    """Whether a candidate names a country (by reference or by its name or capital)."""
    looked = registry.lookup(c.text)
    return bool(looked and registry.entries[looked[0]].type == "country")
