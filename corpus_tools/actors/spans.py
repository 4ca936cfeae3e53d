"""NER spans made into name candidates: trimmed, cut, extended and re-typed where the evidence is strong.

Each repair is said in the candidate's `ner_fix` field (and so in the `merges` table):
- a ministerial title glued to a name ("Défense Hulusi" + "Akar" -> "Hulusi Akar"), a title
  span tagged ORG ("Président du Conseil présidentiel de Libye") -> no organisation;
- spans that run on ("Organisation lors du sommet", "Conseil de sécurité à New York") are cut;
- a surname the NER left out is added ("Abdourahamane" + "Tiani"), and a complement coordinated with
  the one ending an institution's name ("Bureau d'enquêtes" + "et d'analyses");
- a nationality before a name goes ("la Roumaine Ana Ivanović"), and after one when the name
  also stands alone in the document ("le Hezbollah libanais", but "l'Aube libyenne");
- institutions tagged LOC become ORG, capitals and countries tagged PER become LOC;
- names inside event descriptions ("guerre de Poutine") count only when named elsewhere;
- junk (dates, numbers, lower-case fragments, lone titles, "ONG") gives nothing.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import NamedTuple

import pandas as pd

from ..fold import fold
from ..userfiles import shipped_list
from .candidate import Candidate
from .normalize import (ADDRESS_WORDS, ARTICLES, GENERIC_ACRONYMS, GENERIC_HEADS, HONORIFICS, ORDINAL_TITLE_HEADS,
                        PARTICLES, is_acronym,
                        is_title_head, name_tokens, normalize_name, trim_span)
from .registry import Registry
from .roles import OFFICE_FORMS, words_of

# Longest first: "Défense nationale" before "Défense" (ties in the order of data/words.yaml).
PORTFOLIOS = sorted((fold(p) for p in shipped_list("actors", "words", "portfolios")), key=len, reverse=True)
PORTFOLIO_START = re.compile("(?:" + "|".join(map(re.escape, PORTFOLIOS)) + r")(?= |$)")   # longest first
MINISTRY_BEFORE = re.compile(r"minist\w*\b[^.;:]{0,80}\b(?:de la|de l'|des|du|de)\s*$")
LEADING_OF = re.compile(r"^(?:de la|de l['’]|des|du|de|d['’])\s*", re.I)
# Lower-case words that never stand inside a name: an entity span reaching one ran on.
NEVER_IN_NAME = frozenset(shipped_list("actors", "words", "never_in_name"))
# Honorifics that address a person alone: not the possessives of "Son Excellence" ("son Gouvernement").
ADDRESSING = HONORIFICS - frozenset(shipped_list("actors", "words", "possessive_honorifics"))
SURNAME_AFTER = re.compile(r"[ \t]+(?P<word>(?:(?:al|el|ad|ash|as|az|ben|bin|ould|ag|ibn)-)?[A-ZÀ-Ý][a-zà-ÿ'’]+"
                           r"(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?)(?![\w-])")
SURNAME_CAPS = re.compile(r"[ \t]+(?P<word>[A-ZÀ-Ý]{2,}(?:-[A-ZÀ-Ý]{2,})?)(?![\w-])")      # "Amadou DIOUF"
PARTICLE_SURNAME = re.compile(r"[ \t]+(?:[Ll]e|[Ll]a|De|[Dd]u|Des|[Vv]an|[Vv]on|Da|Di|Mac|Ben|Ould)[ \t]+"
                              r"(?P<word>[A-ZÀ-Ý][a-zà-ÿ'’-]+)(?![\w-])")      # "Le Gallic", "le Gallic"
AT_PLACE = re.compile(r"\s+à\s+(?=[A-ZÀ-Ý])")
TRAILING_LINK = re.compile(r"(?:\s+(?:à|a|de|du|des|en|pour|par|avec|sur|et))+$")
LINK_WORDS = {"le", "la", "les", "l'", "de", "du", "des", "d'", "d’", "au", "aux", "à", "et", "pour"}  # as written
ELIDED_END = re.compile(r"(?:\s+\w{1,2}['’])+$")
WORD_RE = re.compile(r"[^\W\d_]+")
ORDINAL_BEFORE = re.compile(r"(?<!\w)(?:Premi(?:er|ère)|Seconde?|[A-ZÉ][a-zé]+ième)[ \t]+$")
NEXT_WORDS = re.compile(r"(?:[ \t]+[^\W\d_]+){1,2}")   # the next one or two words
CUT_AT = re.compile(r"\s+(?:pour|de|du|des|d['’])(?:\s+(?:la|le|les|l['’]))?\s*")
ADDRESS_BEFORE = re.compile(r"(?:^|[\s(«\"“])(?P<word>[^\W\d_]+)\.?\s+$")
BARE_COMPLEMENT_END = re.compile(r"(?:\s+de\s+|\s+d['’])[a-zà-ÿ-]+$")          # "Bureau d'enquêtes"
# "et d'analyses" then a link, a punctuation mark or the end: no lower-case word after it ("et de
# nombreux pays" is no complement of the name).
PARALLEL_COMPLEMENT = re.compile(r"[ \t]+et[ \t]+(?:de[ \t]+|d['’])[a-zà-ÿ-]+"
                                 r"(?=[ \t]*(?:[,.;:)»\n]|$)|[ \t]+(?:de|du|des|pour|en|à)[ \t]|[ \t]+d['’])")


def overlaps(start: int, end: int, spans) -> bool:
    """Whether [start, end) overlaps any (start, end) of `spans`."""
    return any(start < e and s < end for s, e in spans)


class Entity(NamedTuple):
    """One NER span of a document (a row of the entities table)."""
    sent_idx: int
    start_char: int
    end_char: int
    text: str
    label: str


def entity_rows(entities: pd.DataFrame) -> dict[str, list[Entity]]:
    """The NER spans of each document, in text order (column lists: rows of Arrow-backed frames are slow)."""
    out: dict[str, list[Entity]] = defaultdict(list)
    for doc_id, *fields in zip(*(entities[name].tolist() for name in ("doc_id", *Entity._fields))):
        out[doc_id].append(Entity(*fields))
    for rows in out.values():
        rows.sort(key=lambda e: e.start_char)
    return out


def entity_candidates(text: str, rows: list[Entity], registry: Registry) -> list[Candidate]:
    """NER spans trimmed to names and repaired; junk spans dropped."""
    out: list[Candidate] = []
    skip_next = False
    for i, e in enumerate(rows):
        if skip_next:
            skip_next = False
            continue
        if text[int(e.start_char):int(e.end_char)] != e.text:
            continue                                      # not a span of this text: never an actor
        c = repair_span(text, int(e.start_char), int(e.end_char), e.label, int(e.sent_idx), registry)
        if c is None:
            continue
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        # Two person spans a space apart are one name the tagger (or sentence splitter) cut:
        # "Mouammar" + "El Kadhafi", "Défense Hulusi" + "Akar".
        if (c.ner == "PER" and nxt is not None and nxt.label == "PER"
                and re.fullmatch(r"[ \t]+", text[c.end_char:int(nxt.start_char)])
                and c.end_char <= int(nxt.start_char)):
            a, b = trim_span(text[c.start_char:int(nxt.end_char)])   # "Son Excellence" + "Monsieur X": X
            c.start_char, c.end_char = c.start_char + a, c.start_char + b   # "Défense Hulusi" + "Akar"
            c.text = text[c.start_char:c.end_char]
            c.surface = text[int(e.start_char):c.end_char]
            c.ner_fix = c.ner_fix or f"'{c.text}' was cut in two person spans by the NER"
            skip_next = True
        elif c.ner == "PER" and capitals_surname(text, c, nxt, registry):
            skip_next = nxt is not None and int(nxt.start_char) < c.end_char     # the NER's span of the surname
        elif c.ner == "PER":
            skip_next = extend_surname(text, c, nxt, registry)
        if not junk(c.text, c.ner):
            out.append(c)
    out = rejoined(text, out, registry)
    # "le Hezbollah libanais" when the document also says "Hezbollah" alone, but "l'Aube libyenne".
    alone = {normalize_name(c.text) for c in out}
    for c in out:
        words = c.text.split()
        if (c.ner in ("ORG", "MISC") and len(words) == 2 and fold(words[1]) in registry.demonyms
                and (normalize_name(words[0]) in alone or registry.lookup(words[0]))):
            c.update(end_char=c.start_char + len(words[0]), text=words[0],
                     ner_fix=f"'{c.surface}': the nationality after the name left out")
    # A name inside a description ("la guerre de Poutine", "bataille de Stalingrad") counts only
    # when the document names it elsewhere or the registry knows it: events are no actors.
    named = [name_tokens(c.text) for c in out if not c.described]

    def elsewhere(toks: tuple) -> bool:
        return bool(toks) and any(n[-len(toks):] == toks for n in named)
    return [c for c in out if not c.described or elsewhere(name_tokens(c.text)) or registry.lookup(c.text)]


def rejoined(text: str, found: list[Candidate], registry: Registry) -> list[Candidate]:
    """'Conseil national' + 'pour la' + 'Sauvegarde de la Patrie': an institution's name the NER cut
    at a preposition is one name again when it opens with an institution noun and the next span
    (organisation or other, capitalised, no acronym, no known actor) follows the preposition."""
    out: list[Candidate] = []
    for c in found:
        prev = out[-1] if out else None
        if (prev is not None and prev.ner in ("ORG", "MISC") and c.ner in ("ORG", "MISC", "LOC")
                and prev.sent_idx == c.sent_idx and CUT_AT.fullmatch(text[prev.end_char:c.start_char])
                and fold(prev.text.split()[0]) in GENERIC_HEADS and c.text[:1].isupper()
                and not is_acronym(c.text) and not registry.lookup(c.text)
                and not country_of(normalize_name(c.text), registry)):
            prev.update(end_char=c.end_char, text=text[prev.start_char:c.end_char], ner="ORG",
                        ner_fix=f"'{prev.text}' and '{c.text}': one name the NER cut at a preposition")
            continue
        out.append(c)
    return out


def extend_surname(text: str, c: Candidate, nxt, registry: Registry) -> bool:
    """'Abdel Fattah' + 'al-Burhane', 'Abdourahamane' + 'Tiani', 'Jean-Paul' + 'Le Gallic': a person span
    the NER ended before the surname that follows it, outside any other entity (a surname opening with a
    particle only after a lone given name: "Jean-Paul le Gallic", not "Emmanuel le Président" nor "Roi du
    Maroc"; the NER may have tagged that surname alone, "Jean-Yves" + "Drian").  Whether the span took
    the next entity (`nxt`)."""
    if c.text.split()[-1] in LINK_WORDS:
        return False                                  # "Président de la" + "Commission": no name, no surname
    next_entity = int(nxt.start_char) if nxt is not None else len(text)
    particle = PARTICLE_SURNAME.match(text, c.end_char) if len(c.text.split()) == 1 else None
    if particle and not {fold(particle["word"]), fold(c.text)} & ADDRESS_WORDS and (
            particle.end() <= next_entity
            or is_word_of(nxt, particle) and not registry.lookup(particle["word"])):
        c.end_char, c.text = particle.end(), text[c.start_char:particle.end()]
        c.ner_fix = c.ner_fix or f"'{c.text}': the NER left out the surname"
        return particle.end() > next_entity
    m = SURNAME_AFTER.match(text, c.end_char)
    if m and m.end() <= next_entity and fold(m["word"].split("-")[-1]) not in ADDRESS_WORDS | ARTICLES:
        c.end_char, c.text = m.end(), text[c.start_char:m.end()]
        c.ner_fix = c.ner_fix or f"'{c.text}': the NER left out the surname"
    return False


def is_word_of(entity, m: re.Match) -> bool:
    """Whether an entity span is exactly the surname word `m` matched."""
    return entity is not None and int(entity.start_char) == m.start("word") and int(entity.end_char) == m.end()


def capitals_surname(text: str, c: Candidate, nxt, registry: Registry) -> bool:
    """'Amadou Chérif' + 'DIOUF': given names the NER ended before a surname in capitals (left untagged, or
    tagged apart as an organisation) take it -- not a name it knows ("ONU"), not after a surname in capitals."""
    m = SURNAME_CAPS.match(text, c.end_char)
    if m is None or c.text.split()[-1].isupper() or registry.index.get(normalize_name(m["word"])) \
            or m["word"] in GENERIC_ACRONYMS or fold(m["word"]) in ADDRESS_WORDS:
        return False
    if nxt is not None and int(nxt.start_char) < m.end() and not (is_word_of(nxt, m) and nxt.label != "PER"):
        return False
    c.end_char, c.text = m.end(), text[c.start_char:m.end()]
    c.ner_fix = c.ner_fix or f"'{c.text}': the NER left out the surname in capitals"
    return True


def repair_span(text: str, start: int, end: int, ner: str, sent_idx: int, registry: Registry) -> Candidate | None:
    """One NER span made into a name candidate, or None when it names no actor.

    In order: cut at a line break; articles, honorifics and titles trimmed off; cut before a
    word no name contains ('lors') or, for organisations, before a place ('à New York'); a
    description around a name reduced to the name; a nationality before a person dropped;
    NER types fixed (a country tagged PER, an institution tagged LOC); a ministerial title
    around a name reduced to the name.  Every change is said in `ner_fix`."""
    surface = text[start:end]
    if "\n" in surface:                                   # a name never spans a line break
        line = max(re.finditer(r"[^\n]+", surface), key=lambda m: len(m.group().strip()))
        start, end = start + line.start(), start + line.end()
    a, b = trim_span(text[start:end])
    s, e = start + a, start + b
    ner_was = ner
    repaired, described = None, False
    cut = next((m for m in WORD_RE.finditer(text, s, e) if m.start() > s and m.group() in NEVER_IN_NAME), None)
    if cut:                                               # "Organisation lors du sommet de Bruxelles"
        kept = TRAILING_LINK.sub("", ELIDED_END.sub("", text[s:cut.start()].rstrip()).rstrip(" ,;:-"))
        e = s + len(kept)                                 # "X s'est", "X à travers"
        repaired = f"'{surface}' cut before '{cut.group()}', a word no name contains"
    ordinal = ORDINAL_BEFORE.search(text, max(0, s - 14), s)
    if ordinal and ner != "PER":                          # "la Première" + "Guerre mondiale"
        s, repaired = ordinal.start(), f"'{surface}' opened by the ordinal before it"
    e, completed = completed_name(text, s, e, registry)
    if completed:                                         # "Assemblée générale des Nations" + "unies"
        repaired = f"'{surface}' completed to the known name ending '{completed}'"
    e, parallel = parallel_complement(text, s, e, ner)
    if parallel:                                          # "Bureau d'enquêtes" + "et d'analyses"
        repaired = f"'{surface}' completed by its parallel complement '{parallel}'"
    place = AT_PLACE.search(text, s, e)
    if place and ner == "ORG":                            # "Conseil de sécurité à New York"
        e = place.start()
        repaired = f"'{surface}' cut before a place ('{text[place.start():end].strip()}')"
    if ner == "MISC" and text[s:s + 1].islower():         # "guerre de Poutine", "nucléaire iranien"
        upper = next((m for m in WORD_RE.finditer(text, s, e) if m.group()[0].isupper()), None)
        if upper is None:
            return None
        s, repaired = upper.start(), f"'{surface}': a description around the name '{text[upper.start():e]}'"
        described = True
    words = list(WORD_RE.finditer(text, s, e))
    lead = next((w for w in words if w.group()[0].isupper() or fold(w.group()) in PARTICLES), None)
    if ner == "PER" and lead is not None and lead.start() > s:
        # "rencontrer Macron": the words before the name are no part of it
        s, repaired = lead.start(), f"'{surface}': the lower-case words before the name left out"
        words = list(WORD_RE.finditer(text, s, e))
    if ner == "PER" and len(words) >= 3 and fold(words[0].group()) in registry.demonyms:
        s = words[1].start()                              # "la Roumaine Ana Ivanović"
        repaired = f"'{surface}': the nationality before the name left out"
    if ner == "PER" and country_of(normalize_name(text[s:e]), registry):
        ner, repaired = "LOC", f"'{text[s:e]}' tagged PER: a country or capital"   # "Abou Dhabi"
    if ner != "PER" and addressed(text, s) and not country_of(normalize_name(text[s:e]), registry):
        ner, repaired = "PER", f"'{text[s:e]}' tagged {ner}: a form of address before it names a person"
    elif ner != "PER" and titled(text[start:s]) and not registry.index.get(normalize_name(text[s:e])):
        ner, repaired = "PER", f"'{surface}' tagged {ner}: a title before the name names a person"
    if ner == "LOC" and words and fold(words[0].group()) in GENERIC_HEADS and len(words) > 1:
        ner, repaired = "ORG", f"'{text[s:e]}' tagged LOC: an institution ('{words[0].group()}')"
    if ner != "PER":
        words = text[s:e].split()
        if len(words) > 1 and is_title_head(words[0]) and not ordinal_name(words):
            return None                                   # a title span, not an organisation
        folded = fold(text[s:e])
        portfolio = PORTFOLIO_START.match(folded)
        portfolio = portfolio.group() if portfolio else None
        if portfolio and MINISTRY_BEFORE.search(fold(text[max(0, s - 100):s])):
            # End of the portfolio's last word in the text (folding may change lengths).
            rest_start = s + list(re.finditer(r"\S+", text[s:e]))[len(portfolio.split()) - 1].end()
            rest = text[rest_start:e]
            lead = len(rest) - len(rest.lstrip())
            rest_start += lead
            rest = rest.strip()
            if not rest:
                return None                               # "ministre ... de la Défense": a title
            of = LEADING_OF.match(rest)
            if of:
                rest_start += of.end()                    # "Défense du GNA" -> "GNA"
            else:
                ner = "PER"                               # "Finances Berat Albayrak" -> a person
            s = rest_start
            a2, b2 = trim_span(text[s:e])
            s, e = s + a2, s + b2
            repaired = f"'{surface}' tagged {ner_was}: a ministerial title around the name '{text[s:e]}'"
    if s >= e:
        return None
    return Candidate(s, e, text[s:e], surface, ner, "ner", sent_idx=sent_idx, ner_fix=repaired,
                     described=described)


def completed_name(text: str, s: int, e: int, registry: Registry) -> tuple[int, str | None]:
    """The span's end moved past the words that complete a known name its last words open ("des
    Nations" + "unies", "Émirats" + "arabes unis"): the NER often stops at the last capital, or
    before a capital it did not expect ("Nations" + "Unies").  Returns the end and the known name
    so completed (None: the span as it was)."""
    following = NEXT_WORDS.match(text, e)
    if following is None:
        return e, None
    tail = list(WORD_RE.finditer(text, e, following.end()))
    for word in reversed(list(WORD_RE.finditer(text, s, e))[-2:]):
        for n in range(len(tail), 0, -1):
            name = text[word.start():tail[n - 1].end()]
            if normalize_name(name) in registry.index:
                return tail[n - 1].end(), name
    return e, None


def parallel_complement(text: str, s: int, e: int, ner: str) -> tuple[int, str | None]:
    """The span's end moved past a complement coordinated with the bare complement that ends an
    institution's name ("Bureau d'enquêtes" + "et d'analyses", "Fonds de solidarité" + "et de
    développement"): the NER stops before "et".  Returns the end and the words added (None: none)."""
    words = text[s:e].split()
    if ner not in ("ORG", "MISC") or len(words) < 2 or fold(words[0]) not in GENERIC_HEADS \
            or not BARE_COMPLEMENT_END.search(text[s:e]):
        return e, None
    m = PARALLEL_COMPLEMENT.match(text, e)
    return (m.end(), m.group().strip()) if m else (e, None)


def ordinal_name(words: list[str]) -> bool:
    """Whether a name opens with an ordinal that is no title's ("Première Guerre mondiale", not
    "Premier ministre")."""
    return fold(words[0]) in ORDINAL_TITLE_HEADS and not is_title_head(words[1])


def titled(trimmed: str) -> bool:
    """Whether the words trimmed off the front of a span hold a role title ("Président" of "Président
    KANE")."""
    return any(is_title_head(w) for w in WORD_RE.findall(trimmed))


def addressed(text: str, start: int) -> bool:
    """Whether a form of address stands right before `start` ("M. Tshisekedi", "Mme Sall")."""
    m = ADDRESS_BEFORE.search(text, max(0, start - 20), start)
    return m is not None and fold(m["word"]) in ADDRESSING


def country_of(key: str, registry: Registry) -> str | None:
    """The country a name key names, as the country or as its capital."""
    ref = registry.index.get(key)
    if ref and registry.entries[ref].type == "country":
        return ref
    return registry.capitals.get(key)


def junk(name: str, ner: str) -> bool:
    """Spans that cannot be an actor's name."""
    letters = sum(ch.isalpha() for ch in name)
    if letters < 2 or (ner == "PER" and any(ch.isdigit() for ch in name)):
        return True
    if any(re.fullmatch(r"[\d.:/-]+", w) for w in name.split()):
        return True                                       # dates and numbers: "15 May", "Jour : 17.05.2020"
    if name == name.lower():
        return True                                       # NER fragments such as "frontières sud"
    if name in GENERIC_ACRONYMS:
        return True                                       # "ONG", "PIB": common nouns
    words = [fold(w).rstrip(".") for w in name.split()]
    if words[-1] in HONORIFICS or name.split()[-1] in LINK_WORDS:
        return True                         # "Ecoutez Monsieur", "Président de la": a name never ends so
    return len(words) == 1 and is_title_head(words[0]) or words_of(name) in OFFICE_FORMS   # "Garde des Sceaux"
