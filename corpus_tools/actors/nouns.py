"""Common nouns the NER tags as names: what they name, if anything.

- People nouns ("les Maliens", "les Africains", "Sénégalais") are demonym mentions of their
  country or region (`kind = demonym`), as the adjectives already are; a run-on after them
  ("Angolais interrogés") is left out.
- Nouns that never name an actor alone ("l'État", "la République", "les Etats", "Celui-ci") give
  no mention; they count inside a name ("État islamique").
- A state's official name ("République du Mali", "Royaume du Maroc") names its country.
- A country's name followed by a number or a capitalised word ("France 24", "France Volontaires")
  is an organisation's name holding it, not the country.
Word lists: `data/words.yaml` (`never_alone`, `state_words`); demonyms and countries: the registry.
"""
from __future__ import annotations

import re

from ..fold import fold
from ..userfiles import shipped_list
from .candidate import Candidate
from .registry import Registry

NEVER_ALONE = frozenset(shipped_list("actors", "words", "never_alone"))
STATE_WORDS = frozenset(shipped_list("actors", "words", "state_words"))
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
    """Drop the candidates that are only a noun never naming an actor alone ("l'État", "Celui-ci")."""
    for c in found:
        if c.kind == "name" and not c.ref and fold(c.text).strip(" .") in NEVER_ALONE:
            c.update(kind="dropped", evidence=f"'{c.text}' names no actor standing alone")


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
    continues (in the same sentence, not another candidate) starts an organisation's name."""
    taken = {c.start_char for c in found}
    for c in found:
        if c.kind != "name" or not c.ref or registry.entries[c.ref].type != "country":
            continue
        m = NAME_GOES_ON.match(text, c.end_char)
        if not m or m.start() + len(m.group()) - len(m.group().lstrip()) in taken:
            continue
        name = text[c.start_char:m.end()]
        c.update(end_char=m.end(), text=name, ner="ORG", ref=None, method="ner",
                 ner_fix=f"'{name}': a name holding the country's name '{c.text}', not the country")
