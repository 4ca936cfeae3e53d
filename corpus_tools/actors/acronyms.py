"""Acronyms: where a document defines one, and which acronyms a full name can have.

French news names organisations by French acronyms (OTAN, ANL, EI) and by English ones
(NATO, LNA, GNA), and translates the full name freely ("Gouvernement d'entente
nationale" / "Gouvernement d'union nationale" for the GNA).  Two jobs:
- `definitions`: "Gouvernement d'union nationale (GNA)" in a document makes "GNA" stand
  for that name there, wherever it occurs in the document;
- `initials`: the acronyms a French name abbreviates to, in French word order and in
  English word order (words translated through `data/acronym_words.yaml`, modifiers
  before their head, "of" segments kept in order or compounded), so that `link` can
  join an acronym to the name it abbreviates across documents.

>>> sorted(initials("Armée nationale libyenne"))
['ANL', 'LNA']
>>> {"OTAN", "NATO"} <= initials("Organisation du traité de l'Atlantique nord")
True
>>> "GNA" in initials("Gouvernement d'entente nationale"), "GNA" in initials("Gouvernement d'union nationale")
(True, False)
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from itertools import islice, product

from ..fold import fold
from ..nlp.lexicon import known
from ..userfiles import shipped_list, shipped_yaml
from .candidate import Candidate
from .normalize import GENERIC_ACRONYMS, is_acronym, normalize_name
from .registry import Registry
from .spans import overlaps

# "(GNA)", "(GSIM, ou JNIM ...)", and the short names French house styles write in lower
# case after the capital ("(Cedeao)", "(Somaïr)").
PAREN_ACRONYM = re.compile(r"\s*\(\s*([A-Z][A-Z0-9&]{1,7}|[A-ZÀ-Ý][a-zà-ÿ]{2,9})\s*(?:\)|[,;]|\s+ou\s)")
# Words that split a name into "of" segments, and words acronyms skip.
SEGMENT_WORDS = frozenset(shipped_list("actors", "words", "segment_words"))
SKIPPED_WORDS = frozenset(shipped_list("actors", "words", "acronym_skipped_words"))
BARE_ACRONYM = re.compile(r"(?<![\w-])[A-Z][A-Z0-9&]{2,7}(?![\w-])")   # "l'AFD" too
ROMAN = re.compile(r"[IVXLCDM]+")
PLACE_LINK = re.compile(r"\s+(?:en|au|aux|à|a|pour|de|du|des|d['’])\s*(?:la\s+|le\s+|les\s+|l['’]\s*)?")
# What introduces another acronym of the organisation just named: "(AIEA, ou IAEA", "son sigle anglais".
ANOTHER_NAME = re.compile(r"(?:\b(?:sigle|acronyme|abréviation)s?(?:\s+[^\W\d_]+)?|[A-Z]{2,8}\s*,?\s+ou)\s+$")
MAX_FORMS = 64          # English initials tried per word order (a word may have several translations)


@lru_cache(maxsize=1)
def english_words() -> dict[str, list[str]]:
    """French words of institution names -> their English translations (data/acronym_words.yaml, folded keys)."""
    return {fold(k): [str(w) for w in v] for k, v in (shipped_yaml("actors", "acronym_words") or {}).items()}


def segments(name: str) -> list[list[str]]:
    """Content words of a name (folded), cut at "de/du/des/pour...": each segment is a head
    noun followed by its modifiers, as French orders them."""
    out: list[list[str]] = [[]]
    for word in re.findall(r"[^\W\d_]+", fold(name)):
        if word in SEGMENT_WORDS:
            out.append([])
        elif word not in SKIPPED_WORDS:
            out[-1].append(word)
    return [s for s in out if s]


@lru_cache(maxsize=1 << 16)
def initials(name: str) -> frozenset[str]:
    """Acronyms `name` abbreviates to: French order, and English order ("X of Y" or a compound)
    when at least two of its words are in the translation list.

    Names of fewer than two content words have none."""
    segs = segments(name)
    if sum(map(len, segs)) < 2:
        return frozenset()
    out = {"".join(w[0] for s in segs for w in s).upper()}
    if sum(w in english_words() for s in segs for w in s) < 2:
        return frozenset(out)     # not an institutional name we can translate ("Racing club haïtien")
    english = [[english_letters(w) for w in [*reversed(s[1:]), s[0]]] for s in segs]   # modifiers before the head
    of_order = [w for s in english for w in s]
    for order in (of_order, compound(english)):
        out |= {"".join(p).upper() for p in islice(product(*order), MAX_FORMS)}
    return frozenset(out)


def english_letters(word: str) -> list[str]:
    """First letters of a folded French word's English translations (its own, when not listed)."""
    return sorted({fold(t)[0] for t in english_words().get(word, [word])})


def compound(english: list[list[list[str]]]) -> list[list[str]]:
    """English compound order: a segment's modifiers, then the segments after it, then its head
    ("Organisation | traité | Atlantique nord" -> North Atlantic Treaty Organization)."""
    if not english:
        return []
    first = english[0]
    return first[:-1] + compound(english[1:]) + first[-1:]


def same_words(a: str, b: str) -> bool:
    """Whether two names say the same content words, one for one, in French or English
    ("Gouvernement d'entente nationale" / "Government of National Accord"), order aside.

    >>> same_words("Gouvernement d'entente nationale", "Government of National Accord")
    True
    >>> same_words("Parti socialiste", "Parti du Sud")
    False
    """
    left, right = [w for s in segments(a) for w in s], [w for s in segments(b) for w in s]
    if len(left) != len(right):
        return False
    for word in left:
        match = next((w for w in right if equivalent(word, w)), None)
        if match is None:
            return False
        right.remove(match)
    return True


def equivalent(a: str, b: str) -> bool:
    """Folded words equal, translations of each other, or spelled alike (organisation/organization)."""
    if a == b or a[:5] == b[:5] and min(len(a), len(b)) >= 5:
        return True
    words = english_words()
    return bool(({a, *map(fold, words.get(a, []))}) & ({b, *map(fold, words.get(b, []))}))


def definitions(found: list[Candidate], text: str, registry: Registry) -> list[Candidate]:
    """'Gouvernement d'union nationale (GNA)': the acronym stands for the name before it.

    Sets `stands_for` on the acronym's candidate and returns new candidates for the acronym
    where the NER missed it, and for its later uses in the document.  Names the NER cut
    short or missed before an acronym are recovered first (`recover_long_forms`)."""
    new = recover_long_forms(found, text, registry)
    found = found + new
    join_place_endings(found, text, registry)
    by_start = {c.start_char: c for c in found}
    for c in list(found):
        if c.ner == "PER" or c.kind != "name" or is_acronym(c.text):
            continue
        m = PAREN_ACRONYM.match(text, c.end_char)
        if not m:
            continue
        acr = m.group(1)
        first_letters = {fold(w)[0] for w in re.findall(r"[^\W\d_]+", c.text) if len(w) > 2}
        if fold(acr)[0] not in first_letters or not expands(c, acr, registry):
            continue
        evidence = f"defined in the text as '{c.text} ({acr})'"
        row = by_start.get(m.start(1))
        if not is_acronym(acr) and (normalize_name(acr) in registry.index or normalize_name(acr) in registry.capitals):
            continue                                      # "Parti socialiste (France)": a place, not a short name
        if row is None:
            row = Candidate(m.start(1), m.end(1), acr, acr, c.ner, "acronym", sent_idx=c.sent_idx)
            new.append(row)
        row.update(stands_for=normalize_name(c.text), evidence=evidence, short_name=True)
    return new + later_uses(found + new, text)


def join_place_endings(found: list[Candidate], text: str, registry: Registry) -> None:
    """'Mission de l'Union européenne' + 'en' + 'Arménie' + '(EUMA)': before an acronym, a place the NER
    split off the end of an organisation's name is that name's end (the acronym stands for the whole)."""
    names = sorted((c for c in found if c.kind == "name"), key=lambda c: c.start_char)
    for before, place in zip(names, names[1:]):
        if (before.ner in ("ORG", "MISC") and is_place(place, registry) and PAREN_ACRONYM.match(text, place.end_char)
                and PLACE_LINK.fullmatch(text[before.end_char:place.start_char])):
            before.update(end_char=place.end_char, text=text[before.start_char:place.end_char], ner="ORG",
                          ner_fix=f"'{before.text}' and '{place.text}': one name before its acronym")
            place.kind = "dropped"


def is_place(c: Candidate, registry: Registry) -> bool:
    """Whether a candidate names a place (tagged LOC, or a country or capital the registry knows)."""
    return c.ner == "LOC" or registry.lookup(c.text) is not None or normalize_name(c.text) in registry.capitals


def expands(c: Candidate, acr: str, registry: Registry) -> bool:
    """Whether the name right before "(ACR)" is what the acronym stands for, not a word inside it.

    It is when the acronym abbreviates it (French or English word order, or its letters in order
    from its first word: "Communauté économique des États de l'Afrique de l'Ouest (CEDEAO)"); a
    French name glossed by a foreign acronym ("Gouvernement d'union nationale (GNA)", "Parti des
    travailleurs du Kurdistan (PKK)") is too.  A single word or a place is not: it ends a longer
    name the NER did not see ("... verte en Afrique (AGIA)", "... d'Afrique noire en France (FEANF)")."""
    return abbreviates(c.text, acr) or (len(c.text.split()) > 1 and not is_place(c, registry))


def abbreviates(name: str, acr: str) -> bool:
    """Whether `acr` is an acronym of `name`: its initials in French or English word order, or its
    letters in order in the name, the first one starting the name (Schwartz and Hearst 2003).

    >>> abbreviates("Agence française de développement", "AFD"), abbreviates("Afrique", "AGIA")
    (True, False)
    """
    if acr.upper() in initials(name):
        return True
    span = long_form(name + " ", len(name), acr)
    return span is not None and span[0] == 0


def recover_long_forms(found: list[Candidate], text: str, registry: Registry) -> list[Candidate]:
    """'Groupe de soutien à l'islam et aux musulmans (GSIM)' when the NER tagged only 'Groupe de
    soutien', only its end, or cut it in two at a preposition: the long form is found as Schwartz
    and Hearst (2003) do, the shortest run of words before the parenthesis holding the acronym's
    letters in order, the first at the start of a word.  The first candidate inside it grows to
    it and the others are dropped; a person's name is left alone."""
    new = []
    for m in PAREN_ACRONYM.finditer(text):
        acr = m.group(1)
        if acr in GENERIC_ACRONYMS or normalize_name(acr) in registry.index or normalize_name(acr) in registry.capitals:
            continue                                      # "(France)": a place, not a short name
        span = long_form(text, m.start(), acr)
        if span is None:
            continue
        s, e = span
        inside = [c for c in found if c.kind == "name" and s <= c.start_char < e]
        whole = any(c.kind == "name" and c.start_char <= s and c.end_char >= e for c in found)
        if any(c.ner == "PER" for c in inside) or whole:
            continue                                      # a person's name, or a span the NER gave whole
        repair = f"'{text[s:e]}' defined as {acr}: " + ("the NER cut it short" if inside else "missed by the NER")
        if inside:
            inside[0].update(start_char=s, end_char=e, text=text[s:e], ner="ORG", ner_fix=repair)
            for c in inside[1:]:
                c.kind = "dropped"                     # swallowed by the long form
        else:
            new.append(Candidate(s, e, text[s:e], text[s:e], "ORG", "ner", ner_fix=repair))
    return new


def long_form(text: str, paren: int, acr: str) -> tuple[int, int] | None:
    """(start, end) of the words before `paren` that `acr` abbreviates, or None."""
    clause = re.split(r"[.!?;:«»\"“”()\n]", text[max(0, paren - 300):paren])[-1]
    base = paren - len(clause)
    words = list(re.finditer(r"[^\s]+", clause))[-min(len(acr) + 5, len(acr) * 2):]
    if not words:
        return None
    chars = clause[words[0].start():].rstrip()
    offset = base + words[0].start()
    i, j = len(acr) - 1, len(chars) - 1
    while i >= 0:
        want = acr[i].lower()
        while j >= 0 and (fold(chars[j]) != want or (i == 0 and j > 0 and chars[j - 1].isalpha())):
            j -= 1
        if j < 0:
            return None
        i, j = i - 1, j - 1
    start = offset + j + 1
    if not text[start:start + 1].isupper():
        return None                                       # a name starts with a capital
    return start, offset + len(chars)


def later_uses(found: list[Candidate], text: str) -> list[Candidate]:
    """Once defined, an acronym names its organisation wherever it stands in the document
    (the headline included): its other candidates point at the name, and new candidates
    cover the uses the NER missed."""
    defined = {c.text: c for c in found if c.short_name}
    for c in found:
        if c.text in defined and c.kind == "name" and not c.stands_for and not c.ref:
            c.update(stands_for=defined[c.text].stands_for, evidence=defined[c.text].evidence)
    taken = [(c.start_char, c.end_char) for c in found]
    new = []
    for acr, definition in defined.items():
        for m in re.finditer(rf"(?<![\w'’-]){re.escape(acr)}(?![\w-])", text):
            if overlaps(m.start(), m.end(), taken):
                continue
            new.append(replace(definition, sent_idx=None, start_char=m.start(), end_char=m.end(), surface=acr,
                               method="acronym"))
    return new


def bare_acronyms(found: list[Candidate], text: str) -> list[Candidate]:
    """Acronyms of three capitals or more that neither the NER nor the registry nor a definition
    gave ("La CEDEAO a levé ses sanctions"): in running text, such a word names an organisation.
    Common nouns written so ("PIB", "FCFA"), roman numerals, codes (three digits or more: a flight
    "KL612", an aircraft "B777"), French words of four letters or more in capitals for emphasis ("le
    PROJET") and words in a run of capitals (a headline) are none."""
    taken = [(c.start_char, c.end_char) for c in found]
    out = []
    for m in BARE_ACRONYM.finditer(text):
        s, e, acr = m.start(), m.end(), m.group()
        if (acr in GENERIC_ACRONYMS or ROMAN.fullmatch(acr) or sum(map(str.isdigit, acr)) >= 3
                or overlaps(s, e, taken) or in_capitals(text, s, e) or shouted_word(acr)):
            continue
        out.append(Candidate(s, e, acr, acr, "ORG", "acronym",
                             evidence=f"'{acr}': an acronym in running text (not tagged by the NER)"))
    return out


@lru_cache(maxsize=4096)
def shouted_word(acr: str) -> bool:
    """Whether a word in capitals is a French word of four letters or more ("PROJET", "ETAT"), not an
    acronym ("CEDEAO", "OTAN"): the French lexicon holds it."""
    if len(acr) < 4 or not acr.isalpha():
        return False                                 # "FAR", "IRA": short acronyms are words too often
    return known(acr.lower())


def in_capitals(text: str, start: int, end: int) -> bool:
    """Whether a word stands in a run of capitals ("LE GNA AU POUVOIR"), where any word looks like an acronym."""
    before = re.findall(r"[^\W\d_]+", text[max(0, start - 30):start])[-1:]
    after = re.findall(r"[^\W\d_]+", text[end:end + 30])[:1]
    return any(len(w) > 1 and w.isupper() for w in before + after)


def other_acronyms(found: list[Candidate], text: str) -> None:
    """'(AIEA, ou IAEA selon son sigle anglais)', 'plus connu sous son acronyme arabe JNIM': an acronym
    the text gives as another name of an organisation just named names that organisation -- the
    nearest one named by an acronym too ("le Groupe ... (GSIM), lié à Al-Qaïda et plus connu sous son
    acronyme arabe JNIM": the GSIM), else the nearest."""
    for c in found:
        if c.kind != "name" or c.stands_for or c.ref or not is_acronym(c.text):
            continue
        if not ANOTHER_NAME.search(text[max(0, c.start_char - 40):c.start_char]):
            continue
        named = [o for o in found if o.kind == "name" and o.end_char <= c.start_char and o.ner != "PER"
                 and c.start_char - o.end_char < 120
                 and (o.stands_for or o.ref or o.ner == "ORG" or is_acronym(o.text))]
        if not named:
            continue
        target = max(named, key=lambda o: (bool(o.stands_for) or is_acronym(o.text), o.end_char))
        c.update(stands_for=target.stands_for or (None if target.ref else normalize_name(target.text)),
                 ref=target.ref, evidence=f"'{c.text}': another acronym the text gives for '{target.text}'")
