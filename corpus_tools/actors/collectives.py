"""Collective actors written in lower case: the army, the government, the embassy or a ministry of a country.

"l'armée française", "les troupes françaises", "les autorités de Niamey", "l'ambassade de France",
"le ministère français des Affaires étrangères": a collective noun, its qualifiers ("les forces
armées", "les forces de sécurité") and its country -- a demonym, "de/du/des" and the country's name,
or, where the group allows it, its capital.  The nouns, their groups and qualifiers are data
(`data/collectives.yaml`).  Every noun of a group names one actor per country ("les forces
françaises" and "l'armée française" are France's military; a ministry is one actor per country and
portfolio).  Such a span is a name mention (method `collective`) of that actor, not of its country:
the names and the demonym inside it are no mentions of their own.

The actor's node (the candidates' `stands_for`) is `@<group>:<country id>[:<portfolio>]`: written
like a registry node, so that linking never joins it with its country or another registry actor.
`describe` gives the actor's display name ("Armée française", "Gouvernement malien", "Ambassade de
France"), type and country.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from ..fold import fold
from ..nlp.parse import Token
from ..userfiles import shipped_list, shipped_yaml
from .candidate import Candidate
from .clusters import Clusters
from .normalize import TITLE_HEADS, normalize_name
from .registry import Registry

DATA = shipped_yaml("actors", "collectives")
PREPOSITIONS = frozenset(DATA["country_prepositions"])
PLACE_PREPOSITIONS = frozenset(fold(p) for p in DATA["place_prepositions"])
ROLE_NOUNS = TITLE_HEADS | {fold(n) for n in DATA["role_nouns"]}
ARTICLES_AFTER_OF = frozenset({"la", "l", "le", "les"})   # "de la Défense", "de l'Intérieur"
NOUN_TAGS, DEMONYM_TAGS = ("NOUN", "PROPN"), ("ADJ", "NOUN", "PROPN")
MAX_NAME_WORDS = 6                                        # "de la République démocratique du Congo"
WORD = re.compile(r"[^\W\d_]+")


def phrase(text: str) -> tuple[str, ...]:
    """The folded words of a phrase, elided articles without their apostrophe ("de l'air" -> de, l, air)."""
    return tuple(WORD.findall(fold(text)))


@dataclass(frozen=True)
class Group:
    """One group of collective nouns (data/collectives.yaml): the actor it names per country."""
    key: str
    type: str
    name: str                                  # head noun of the display name ("Armée")
    gender: str                                # m or f: the demonym agrees with `name`
    nouns: frozenset[str]                      # folded
    qualifiers: tuple[tuple[str, ...], ...]    # folded word sequences, longest first
    capital: bool = False                      # "les autorités de Niamey"
    portfolio: bool = False                    # one actor per portfolio ("ministère ... de la Défense")


GROUPS = {key: Group(key, g["type"], g["name"], g["gender"], frozenset(fold(n) for n in g["nouns"]),
                     tuple(sorted((phrase(q) for q in g.get("qualifiers", [])), key=len, reverse=True)),
                     bool(g.get("capital")), bool(g.get("portfolio")))
          for key, g in DATA["groups"].items()}
GROUP_OF_NOUN = {noun: group for group in GROUPS.values() for noun in group.nouns}
PORTFOLIOS = sorted({phrase(p) for p in shipped_list("actors", "words", "portfolios")}, key=len, reverse=True)


class Word(NamedTuple):
    """A surface word of a sentence ("du", not "de" + "le"), folded, with its part of speech."""
    start: int
    end: int
    key: str
    upos: str


class Found(NamedTuple):
    """A collective span: its group, country (registry id), portfolio and how the country was named."""
    group: Group
    country: str
    portfolio: str | None
    how: str                                   # the words that name the country, explained
    start: int
    end: int
    sent_idx: int


def with_collectives(text: str, tokens: list[Token], found: list[Candidate], registry: Registry) -> list[Candidate]:
    """`found` with the document's collective actors added, less the names inside them ("France" in
    "l'ambassade de France", "Armée" in "l'Armée française") and the names run on from them into a
    place ("Armée française au Tchad"); a collective that a longer name holds or crosses ("le
    Gouvernement libyen d'union nationale") is left to that name."""
    inside: set[int] = set()
    new = []
    for f in spans(text, tokens, registry):
        within = [i for i, c in enumerate(found) if f.start <= c.start_char and c.end_char <= f.end]
        ran_on = [i for i, c in enumerate(found) if c.start_char == f.start and run_on(text, f.end, c.end_char)]
        if any(c.start_char < f.end and f.start < c.end_char for i, c in enumerate(found)
               if i not in within and i not in ran_on):
            continue
        label = next((found[i].ner for i in within + ran_on if found[i].start_char == f.start), None)
        inside.update(within)
        for i in ran_on:
            cut_to_place(text, found[i], f.end)
        new.append(candidate(text, f, label, registry))
    return [c for i, c in enumerate(found) if i not in inside] + new


def run_on(text: str, end: int, name_end: int) -> bool:
    """Whether the words a name holds after a collective ending at `end` name a place ("au Tchad")."""
    words = list(WORD.finditer(fold(text[end:name_end])))
    return text[end:end + 1].isspace() and len(words) >= 2 and words[0].group() in PLACE_PREPOSITIONS


def cut_to_place(text: str, c: Candidate, end: int) -> None:
    """A name run on from a collective into a place ("Armée française au Tchad") cut to the place."""
    start = end + list(WORD.finditer(text[end:c.end_char]))[1].start()
    c.update(start_char=start, text=text[start:c.end_char], ner="LOC",
             ner_fix=f"'{c.surface}' ran on from a collective into a place: '{text[start:c.end_char]}'")


def candidate(text: str, f: Found, label: str | None, registry: Registry) -> Candidate:
    """The name candidate of a collective span (a registry name, when the registry knows the span)."""
    span = text[f.start:f.end]
    looked = registry.lookup(span)
    if looked:
        return Candidate(f.start, f.end, span, span, label, "ner", sent_idx=f.sent_idx, ref=looked[0],
                         evidence=f"a registry name of '{looked[0]}'")
    country = registry.entries[f.country].name
    what = f"{f.group.key} of {country}" + (f" ({f.portfolio})" if f.portfolio else "")
    node = f"@{f.group.key}:{f.country}" + (f":{f.portfolio}" if f.portfolio else "")
    return Candidate(f.start, f.end, span, span, label, "collective", sent_idx=f.sent_idx, stands_for=node,
                     evidence=f"'{span}' names the {what}: the collective noun '{span.split()[0]}' and {f.how} "
                              "(data/collectives.yaml)")


def spans(text: str, tokens: list[Token], registry: Registry) -> list[Found]:
    """Every collective span of a document, from its tokens, sentence by sentence."""
    out = []
    for sent_idx, words in sentence_words(text, tokens):
        i = 0
        while i < len(words):
            f = match_at(text, words, i, registry)
            if f is None:
                i += 1
                continue
            out.append(f._replace(sent_idx=sent_idx))
            i = next((k for k, w in enumerate(words) if w.start >= f.end), len(words))
    return out


def sentence_words(text: str, tokens: list[Token]) -> list[tuple[int, list[Word]]]:
    """The surface words of each sentence holding a collective noun, in order (a contraction's words,
    "de" + "le", are its one word "du")."""
    nouns = {w for w in {t.text for t in tokens} if fold(w) in GROUP_OF_NOUN}   # each word folded once
    with_noun = {t.sent_idx for t in tokens if t.text in nouns}
    by_sentence: dict[int, list[Token]] = {}
    for t in tokens:
        if t.sent_idx in with_noun:                       # most sentences: nothing to read
            by_sentence.setdefault(t.sent_idx, []).append(t)
    out = []
    for sent_idx, sentence in by_sentence.items():
        spans = sorted({(int(t.start_char), int(t.end_char)): t.upos for t in reversed(sentence)}.items())
        out.append((int(sent_idx), [Word(s, e, fold(text[s:e]).rstrip("'"), upos) for (s, e), upos in spans]))
    return out


def match_at(text: str, words: list[Word], i: int, registry: Registry) -> Found | None:
    """The collective starting at word `i`: noun, qualifiers, then country (and portfolio, before or after it)."""
    group = GROUP_OF_NOUN.get(words[i].key)
    if group is None or words[i].upos not in NOUN_TAGS or of_role(words, i):
        return None
    j = after_qualifiers(words, i + 1, group)
    portfolio = None
    if group.portfolio:
        portfolio, j = portfolio_at(words, j)
    country = country_at(text, words, j, group, registry)
    if country is None:
        return None
    country_id, how, end = country
    if group.portfolio and portfolio is None:
        portfolio, end = portfolio_at(words, end)
        if portfolio is None:
            return None                                   # "le ministère nigérien" names no ministry
    return Found(group, country_id, portfolio, how, words[i].start, words[end - 1].end, -1)


def of_role(words: list[Word], i: int) -> bool:
    """Whether the noun at `i` completes a role noun ("chef du gouvernement", "porte-parole de l'armée")."""
    j = i - 1 - (i >= 1 and words[i - 1].key in ARTICLES_AFTER_OF)
    return j >= 1 and words[j].key in PREPOSITIONS and words[j - 1].key in ROLE_NOUNS


def after_qualifiers(words: list[Word], j: int, group: Group) -> int:
    """The index after the group's qualifiers that follow the noun at `j - 1` ("forces armées spéciales")."""
    keys = [w.key for w in words]
    while True:
        q = next((q for q in group.qualifiers if tuple(keys[j:j + len(q)]) == q), None)
        if q is None:
            return j
        j += len(q)


def portfolio_at(words: list[Word], j: int) -> tuple[str | None, int]:
    """("affaires etrangeres", index after it) for "des Affaires étrangères" at `j`, else (None, j)."""
    if j >= len(words) or words[j].key not in PREPOSITIONS:
        return None, j
    k = j + 1 + (j + 1 < len(words) and words[j + 1].key in ARTICLES_AFTER_OF)
    keys = tuple(w.key for w in words[k:k + len(PORTFOLIOS[0])])
    p = next((p for p in PORTFOLIOS if keys[:len(p)] == p), None)
    return (" ".join(p), k + len(p)) if p else (None, j)


def country_at(text: str, words: list[Word], j: int, group: Group, registry: Registry) -> tuple[str, str, int] | None:
    """(country id, how it is named, index after it) for a demonym or "de" + a country (or capital) at `j`."""
    if j >= len(words):
        return None
    word = words[j]
    country = registry.demonyms.get(word.key)
    if country and word.upos in DEMONYM_TAGS and is_country(country, registry):
        return country, f"the demonym '{text[word.start:word.end]}'", j + 1
    if word.key not in PREPOSITIONS:
        return None
    for k in range(min(len(words), j + 1 + MAX_NAME_WORDS), j + 1, -1):   # the longest name first
        name = text[words[j + 1].start:words[k - 1].end]
        country = country_named(name, registry)
        if country:
            return country, f"'{text[word.start:words[k - 1].end]}', naming the country", k
        capital = registry.capitals.get(normalize_name(name)) if group.capital else None
        if capital:
            return capital, f"'{text[word.start:words[k - 1].end]}', naming its capital", k
    return None


def is_country(actor_id: str, registry: Registry) -> bool:
    """Whether a registry id is a country (demonyms may one day name regions too)."""
    entry = registry.entries.get(actor_id)
    return entry is not None and entry.type == "country"


def country_named(name: str, registry: Registry) -> str | None:
    """The country a name names ("la France", "République démocratique du Congo"), else None."""
    looked = registry.lookup(name)
    return looked[0] if looked and is_country(looked[0], registry) else None


def join_collectives(clusters: Clusters, names: pd.DataFrame) -> None:
    """Join each collective's own words to its actor, so that what stands for them joins it too
    ("Forces armées soudanaises (FAS)": FAS)."""
    rows = names[names["method"] == "collective"].drop_duplicates(["key", "stands_for"])
    for key, node, evidence in zip(rows["key"].tolist(), rows["stands_for"].tolist(), rows["evidence"].tolist()):
        clusters.union(key, node, "collective", evidence)


# --- the actor ------------------------------------------------------------------------------------

def describe(members: set[str], forms: dict[str, int], registry: Registry) -> dict | None:
    """Display name, type and country of a cluster holding a collective node, else None.

    The name is the group's head noun and the country as the corpus most often names it: by its
    demonym, agreeing with the noun ("les militaires français", "les forces de Paris" -> "Armée
    française"), or "de" and its name as written ("Ambassade de France"); a ministry keeps its words."""
    node = next((m for m in sorted(members) if m.startswith("@") and ":" in m), None)
    if node is None:
        return None
    group_key, country, *_ = node[1:].split(":")
    group = GROUPS[group_key]
    names: Counter[str] = Counter()
    for text, n in forms.items():
        name = display_form(text, group, country, registry)
        if name:
            names[name] += n
    fallback = f"{group.name} ({registry.entries[country].name})" if country in registry.entries else group.name
    # On a tie the demonym form ("Gouvernement malien" over "Gouvernement du Mali").
    name = max(names, key=lambda f: (names[f], len(f.split()) == 2, f)) if names else fallback
    return {"id": None, "name": name, "type": group.type, "country": country}


def display_form(text: str, group: Group, country: str, registry: Registry) -> str | None:
    """A collective mention as its actor's name: "troupes françaises" -> "Armée française",
    "ambassade de France" -> "Ambassade de France"; None for another form of the actor ("FAS")."""
    words = text.split()
    if not words or fold(words[0]) not in group.nouns:
        return None
    if group.portfolio:
        return text[:1].upper() + text[1:]
    of, by_capital = of_country(words, country, registry)
    adjective = demonym(country, group.gender, registry)
    if adjective and (registry.demonyms.get(fold(words[-1])) == country or by_capital):
        return f"{group.name} {adjective}"
    return f"{group.name} {' '.join(words[of:])}" if of else None


def of_country(words: list[str], country: str, registry: Registry) -> tuple[int | None, bool]:
    """(index of the preposition before the country's name or capital, whether a capital) in a
    collective's words ("gouvernement du Mali" -> 1), else (None, False)."""
    for i, word in enumerate(words[1:], 1):
        elided = fold(word).startswith("d'")
        if not elided and fold(word) not in PREPOSITIONS:
            continue
        tail = " ".join([word[2:]] * elided + words[i + 1:])
        if country_named(tail, registry) == country:
            return i, False
        if registry.capitals.get(normalize_name(tail)) == country:
            return i, True
    return None, False


def demonym(country: str, gender: str, registry: Registry) -> str | None:
    """The country's demonym (as data/countries.yaml writes it) in the singular of `gender` (m, f)."""
    forms = registry.demonym_forms.get(country) or []
    feminine = [f for f in forms if fold(f).endswith("e")]
    masculine = [f for f in forms if not fold(f).endswith("e")]
    wanted = (feminine if gender == "f" else masculine) or forms
    return wanted[0] if wanted else None
