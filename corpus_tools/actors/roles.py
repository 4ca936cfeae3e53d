"""Role phrases: the office a description names and what qualifies it.

`read_role` reads one role phrase from the words of a sentence -- "ministre malien des Affaires
étrangères", "ambassadeur de France au Mali", "Président du Conseil national ... (CNSP)", "Chef de
l'Etat" -- into a `Role`: its office (`data/roles.yaml`: "chef de la diplomatie" and "ministre des
Affaires étrangères" are one office; any other title head of `data/words.yaml` is an office of its
own), the countries it is held for (demonyms, "de France"), the bodies its complements name ("du
CNSP": the names there, the acronym in brackets), its grammatical gender where the words show it,
whether it is a former office ("l'ancien président"), and the adjectives that tell its holders
apart ("le président sortant", "le président élu").  `fit` says how closely a description
fits a role an article gives someone; `titles` resolves descriptions with it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ..fold import fold
from ..nlp.parse import Token, feature
from ..userfiles import shipped_yaml
from .normalize import ADDRESS_WORDS, TITLE_HEADS, normalize_name
from .registry import Registry

DATA = shipped_yaml("actors", "roles")
CONTRACTIONS = {"du": ("de", "le"), "des": ("de", "les"), "au": ("a", "le"), "aux": ("a", "les")}
ELIDED = {"l'", "d'"}
DETERMINERS = {"le", "la", "les", "l'"}
NOMINAL = {"NOUN", "PROPN", "X"}


def split_words(text: str) -> list[str]:
    """The words of a phrase as the tagger splits them, as written ("du" is "de le").

    >>> split_words("chef du Gouvernement"), split_words("Chef de l’État")
    (['chef', 'de', 'le', 'Gouvernement'], ['Chef', 'de', "l'", 'État'])
    """
    out: list[str] = []
    for w in re.findall(r"[^\s'’]+['’]?", text):
        out.extend(CONTRACTIONS.get(fold(w), (w.replace("’", "'"),)))
    return out


def words_of(text: str) -> tuple[str, ...]:
    """Folded words of a phrase as the tagger splits them: `split_words`, folded."""
    return tuple(fold(w) for w in split_words(text))


def office_forms() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First word -> (form words, office), longest form first; every other title head that can
    start a title is an office of its own, named by its word."""
    forms: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for office, names in DATA["offices"].items():
        for name in names:
            words = words_of(name)
            forms.setdefault(words[0], []).append((words, office))
    unlearnt = set(shipped_yaml("actors", "words")["unlearnt_title_heads"])
    for head in TITLE_HEADS - unlearnt - set(forms):
        forms[head] = [((head,), head)]
    return {w: sorted(f, key=lambda form: -len(form[0])) for w, f in forms.items()}


OFFICES = office_forms()
OFFICE_FORMS = frozenset(form for forms in OFFICES.values() for form, _ in forms)   # ("garde", "de", "les", ...)
BROADER = {office: frozenset(narrower) for office, narrower in DATA["broader"].items()}
COUNTRY_OFFICES = frozenset(DATA["country_offices"])
PORTFOLIO_OFFICES = frozenset(DATA["portfolio_offices"])
EPICENE = frozenset(DATA["epicene"])
FORMER = frozenset(DATA["former"])
DISTINGUISHING = frozenset(DATA["distinguishing"])
POSTING = frozenset(DATA["posting_prepositions"])
OF = frozenset(DATA["complement_prepositions"])
NAME_LINKS = frozenset(DATA["name_links"])


class NameSpan(NamedTuple):
    """A name of the document a role's complement may hold: its span, its key and what it names
    ("country", "person" or "body")."""
    start: int
    end: int
    key: str
    what: str


class Role(NamedTuple):
    """One role phrase, its determiner left out: offsets in `documents.text`, the office and the end
    of the office's own words ("Chef de l'Etat" in "Chef de l'Etat turc"), the folded words of the
    phrase (equal words: the same title), the countries it is held for, the keys naming the body of
    each complement, the gender its words show (Masc, Fem or None), whether it is a former office, and
    the adjectives that tell holders of the office apart ("sortant", "élu")."""
    start: int
    end: int
    office: str
    office_end: int
    words: tuple[str, ...]
    countries: frozenset[str]
    bodies: tuple[frozenset[str], ...]
    gender: str | None
    former: bool
    marks: frozenset[str] = frozenset()

    @property
    def bare(self) -> bool:
        """An office in one word and nothing more ("le président", "le ministre")."""
        return len(self.words) == 1 and not self.countries and not self.bodies


def word(t: Token) -> str:
    """A token's folded word."""
    return fold(t.text)


def starts_office(t: Token) -> bool:
    """Whether a word may open an office ("président", "ex-président", "chef")."""
    return office_word(t.text)


@lru_cache(maxsize=1 << 16)
def office_word(text: str) -> bool:
    """`starts_office` of a word as written (read for every word of a corpus: kept)."""
    w = fold(text)
    return w in OFFICES or (w.startswith("ex-") and w[3:] in OFFICES)


def read_role(sent: list[Token], i: int, names: list[NameSpan], registry: Registry, stop: int | None = None,
              det: Token | None = None) -> tuple[Role, int] | None:
    """The role phrase starting at word `i` of `sent` (its determiner `det`, if any, before it) and
    the index after it, reading no further than `stop`; None when no office starts there (past at
    most two adjectives: "l'ancien président", "le puissant ministre")."""
    stop = len(sent) if stop is None else stop
    j, former = i, False
    while j < stop and j - i < 2 and not starts_office(sent[j]) and (
            sent[j].upos == "ADJ" or word(sent[j]) in FORMER):
        former |= word(sent[j]) in FORMER
        j += 1
    matched = match_office(sent, j, stop, registry) if j < stop else None
    if matched is None:
        return None
    office, k, countries, gendered, ex = matched
    k, bodies, office_end = qualifiers(sent, i, k, stop, office, names, registry, countries, gendered)
    start, end = sent[i].start_char, sent[k - 1].end_char
    words = tuple(word(t) for t in sent[i:k])
    gender = next((g for g in (feature(t, "Gender") for t in [det, *sent[i:j], *gendered] if t is not None) if g),
                  None)
    marks = frozenset(w for w in words if w in DISTINGUISHING)
    return Role(start, end, office, office_end, words, frozenset(countries), tuple(bodies), gender,
                former or ex, marks), k


def qualifiers(sent: list[Token], i: int, k: int, stop: int, office: str, names: list[NameSpan], registry: Registry,
               countries: set[str], gendered: list[Token]) -> tuple[int, list[frozenset[str]], int]:
    """What follows an office ending before word `k`: nationality adjectives (added to `countries`),
    complements ("du CNSP", "de France"), a posting ("au Mali"), other adjectives ("sortant", added
    to `gendered`); the index after them, the keys of each body named, and the end of the office's
    own words (a minister's portfolio included: "ministre des Mines")."""
    office_end = sent[k - 1].end_char
    bodies: list[frozenset[str]] = []
    while k < stop:
        w = word(sent[k])
        if w in OF or w in POSTING:
            found = complement(sent, k, stop, names, registry) if w in OF else posting(sent, k, stop)
            if found is None:
                break
            k, keys, country = found
            if country:
                countries.add(country)
            elif keys:
                if not bodies and office in PORTFOLIO_OFFICES:
                    office_end = sent[k - 1].end_char     # the portfolio is the office's
                bodies.append(keys)
            continue
        if w in registry.demonyms and sent[k].text[:1].islower():
            countries.add(registry.demonyms[w])
        elif not (adjective(sent[k]) and k > i and (sent[k - 1].upos in ("NOUN", "ADJ") or adjective(sent[k - 1]))):
            break                                    # adjectives go on: "le président sortant", "renversé"
        gendered.append(sent[k])
        k += 1
    return k, bodies, office_end


def adjective(t: Token) -> bool:
    """An adjective or a past participle used as one ("renversé")."""
    return t.upos == "ADJ" or t.upos == "VERB" and feature(t, "VerbForm") == "Part"


def match_office(sent: list[Token], j: int, stop: int, registry: Registry):
    """(office, index after it, countries of the demonyms inside it, its gendered words, former)
    of the longest office form starting at word `j`; a demonym may stand inside a form ("ministre
    malien des Affaires étrangères")."""
    first = word(sent[j])
    ex = first.startswith("ex-") and first[3:] in OFFICES
    first = first[3:] if ex else first
    for form, office in OFFICES.get(first, ()):
        k, countries, inside = j + 1, set(), []
        for piece in form[1:]:
            while k < stop and word(sent[k]) in registry.demonyms and word(sent[k]) != piece:
                countries.add(registry.demonyms[word(sent[k])])
                inside.append(sent[k])
                k += 1
            if k >= stop or word(sent[k]) != piece:
                break
            k += 1
        else:
            head = [] if first in EPICENE else [sent[j]]
            return office, k, countries, inside + head, ex
    return None


def complement(sent: list[Token], k: int, stop: int, names: list[NameSpan],
               registry: Registry) -> tuple[int, frozenset[str], str | None] | None:
    """The complement opened by "de" at word `k` ("du CNSP", "de France", "de la Transition"): the
    index after it, the keys naming its body, and its country when it names one; None when no noun
    follows.  It runs on through a capitalised name ("du Conseil national pour la sauvegarde de
    la Patrie") and an acronym in brackets after it."""
    m = k + 1
    while m < stop and word(sent[m]) in DETERMINERS:
        m += 1
    if m >= stop or sent[m].upos not in NOMINAL:
        return None
    first, end = m, m + 1
    people = {n.start for n in names if n.what == "person"}
    while end < stop and sent[end].start_char not in people:   # "le porte-parole du gouvernement X": X apart
        t = sent[end]
        if word(t) in ADDRESS_WORDS:
            break                                    # "du Qatar Cheikh X": the next name's title
        if t.upos in NOMINAL or (t.upos == "ADJ" and not (word(t) in registry.demonyms and t.text[:1].islower())):
            end += 1
            continue
        link = end
        while link < stop and word(sent[link]) in NAME_LINKS:
            link += 1
        if link > end and link < stop and sent[link].text[:1].isupper() and sent[link].upos in NOMINAL:
            end = link + 1                           # "Conseil national pour la Sauvegarde ..."
            continue
        break
    keys = {normalize_name(" ".join(t.text for t in sent[first:end]))}
    if end + 2 < stop and sent[end].text == "(" and sent[end + 2].text == ")":
        keys.add(normalize_name(sent[end + 1].text))  # "(CNSP)"
        end += 3
    span = (sent[first].start_char, sent[end - 1].end_char)
    inside = [n for n in names if n.start < span[1] and span[0] < n.end]
    country = next((n.key for n in inside if n.what == "country"), None) or country_named(keys, registry)
    keys |= {n.key for n in inside if n.what != "country"}
    return end, frozenset(keys), country


def posting(sent: list[Token], k: int, stop: int) -> tuple[int, frozenset[str], None] | None:
    """A posting ("au Mali", "en France", "auprès de l'ONU") at word `k`: where the office is held,
    read and left out of the comparison (the index after it, no key, no country); None when no name
    follows."""
    m = k + 1
    while m < stop and (word(sent[m]) in DETERMINERS or word(sent[m]) in OF):
        m += 1
    if m >= stop or sent[m].upos not in NOMINAL or not sent[m].text[:1].isupper():
        return None
    end = m + 1
    while end < stop and sent[end].upos == "PROPN":
        end += 1
    return end, frozenset(), None


def country_named(keys: set[str], registry: Registry) -> str | None:
    """The country one of `keys` names in the registry, if any."""
    for key in keys:
        ref = registry.index.get(key)
        if ref and registry.entries[ref].type == "country":
            return ref
    return None


def fit(description: Role, held: Role) -> int | None:
    """How closely a description fits a role the article gives someone: 0 the same title, 1 the
    same office with every country and body it names confirmed, 2 a broader office ("le diplomate"
    for an ambassador), a nationality the role does not give or a country the role names and the
    description leaves open; None when they disagree (office,
    country, body, gender, former office, a distinguishing adjective)."""
    if description.former != held.former or not description.marks <= held.marks:
        return None                                  # "l'ancien président", "le président sortant"
    if description.gender and held.gender and description.gender != held.gender:
        return None
    broader = description.office != held.office
    if broader and (held.office not in BROADER.get(description.office, ())
                    or description.office in COUNTRY_OFFICES and held.bodies):
        return None
    if description.countries and held.countries and not description.countries & held.countries:
        return None
    if not all(any(body & other for other in held.bodies) for body in description.bodies):
        return None                                  # "le président du CNSP": that body's president
    if description.words == held.words:
        return 0
    if not broader and description.countries <= held.countries and (description.countries or not held.countries):
        return 1
    return 2                         # "le Président de la République" for a "Président de la République du Tchad"


def title_words(title: str, registry: Registry) -> list[Token]:
    """A title written out (a registry role: "président turc") as the words `read_role` reads,
    their parts of speech guessed from the word lists."""
    out = []
    for k, w in enumerate(split_words(title)):
        folded = fold(w)
        adjective = folded in registry.demonyms or folded in DISTINGUISHING | FORMER
        upos = ("ADJ" if adjective else "ADP" if folded in OF | POSTING else "DET" if folded in DETERMINERS
                else "PROPN" if w[:1].isupper() else "NOUN")
        out.append(Token("", 0, k, w, w, upos, 0, "", 0, 0, None))
    return out
