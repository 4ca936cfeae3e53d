"""Title mentions: a role title standing for the person who holds it.

Two sources, both giving candidate rows of kind 'title':
- the registry's roles ("le secrétaire général de l'OTAN" -> its holder at the article's date);
- titles learnt inside a document from an apposition next to a person's name
  ("le ministre turc de la Défense Hulusi Akar", "Sergueï Lavrov, ministre russe des
  Affaires étrangères", read by the shared apposition reader `apposition.appositions`): later bare uses
  of the same title in that document name that person.  A title learnt for two people of one
  document is not used.
"""
from __future__ import annotations

import re

import pandas as pd

from ..fold import fold
from ..nlp.parse import Token
from ..userfiles import shipped_list
from .apposition import appositions
from .candidate import Candidate
from .normalize import TITLE_HEADS, name_tokens, normalize_name
from .registry import Registry
from .spans import overlaps

# Title heads that can start a learnt title ("ancien", "homme fort" only qualify one).
LEARN_HEADS = TITLE_HEADS - frozenset(shipped_list("actors", "words", "unlearnt_title_heads"))
OF_AFTER = re.compile(r"\s*(?:(?:de|du|des)(?![\w])|d['’])", re.I)


def registry_titles(text: str, found: list[Candidate], registry: Registry, date) -> list[Candidate]:
    """Registry role titles, resolved to the holder at the document's date."""
    pattern = registry.title_pattern
    if pattern is None:
        return []
    date = None if date is None or pd.isna(date) else str(date)
    named = {c.ref for c in found if c.ref and c.kind == "name"}
    out = []
    for m in pattern.finditer(text):
        holder = registry.holder_at(m.group(), date, named)
        if holder is None or next_to(found, m.start(), m.end(), lambda c: c.ref == holder[0]):
            continue        # "le secrétaire général de l'OTAN, Jens Stoltenberg": the name counts, not the title
        out.append(title_row(m.start(), m.end(), text, ref=holder[0], full_key=None, evidence=holder[1]))
    return out


def learnt_titles(text: str, found: list[Candidate], tokens: list[Token]) -> list[Candidate]:
    """Bare uses of titles that the document itself attaches to one person's name."""
    people = [c for c in found if c.kind == "name" and c.ner == "PER"
              and (c.full_key or len(name_tokens(c.text)) >= 2)]
    by_sent: dict[int, list[Token]] = {}
    for t in tokens:
        by_sent.setdefault(t.sent_idx, []).append(t)
    titles: dict[str, set[str]] = {}
    phrase_of: dict[str, str] = {}
    for c in people:
        person = c.full_key or normalize_name(c.text)
        for start, end in title_spans(by_sent.get(c.sent_idx, []), c.start_char, c.end_char, found):
            phrase = text[start:end]
            key = " ".join(fold(phrase).replace("’", "'").split())
            if len(key.split()) >= 2:
                titles.setdefault(key, set()).add(person)
                phrase_of.setdefault(key, phrase)
    # A title may contain an organisation ("de l'OTAN") but not a person's name or another title.
    taken = [(c.start_char, c.end_char) for c in found if c.kind == "title" or c.ner == "PER"]
    out = []
    for key, persons in titles.items():
        if len(persons) != 1:
            continue
        person = next(iter(persons))
        pattern = re.compile(r"(?<![\w'’])" + re.escape(phrase_of[key]).replace("'", "['’]").replace(r"\ ", r"\s+")
                             + r"(?![\w'’])", re.I)
        for m in pattern.finditer(text):
            if overlaps(m.start(), m.end(), taken):
                continue
            if OF_AFTER.match(text, m.end()):
                continue    # "secrétaire général" learnt, "secrétaire général de l'ONU" is someone else
            if next_to(found, m.start(), m.end(), lambda c: (c.full_key or normalize_name(c.text)) == person):
                continue    # the apposition itself
            out.append(title_row(m.start(), m.end(), text, ref=None, full_key=person,
                                 evidence=f"called '{phrase_of[key]}' next to the name '{person}' in this document"))
            taken.append((m.start(), m.end()))
    return out


def title_spans(sent: list[Token], start: int, end: int, found: list[Candidate]) -> list[tuple[int, int]]:
    """Spans of title phrases right before ('le ministre turc de la Défense X') or right after
    ('X, ministre russe des Affaires étrangères') a name: the appositions that start with a title head."""
    names = [(c.start_char, c.end_char) for c in found if c.kind == "name" and c.ner == "PER"]
    spans = []
    for apposition in appositions(sent, start, end, names):
        run = apposition.tokens
        if apposition.side == "before":
            heads = [k for k, t in enumerate(run) if fold(t.text) in LEARN_HEADS]
            if heads:
                spans.append(trimmed(run[heads[0]:]))
        elif fold(run[0].text) in LEARN_HEADS:
            spans.append(trimmed(run))
    return [s for s in spans if s]


def trimmed(run: list[Token]) -> tuple[int, int] | None:
    """The span of a run of title tokens without trailing determiners and prepositions, if 2+ tokens remain."""
    while run and run[-1].upos in ("DET", "ADP"):
        run = run[:-1]
    return (run[0].start_char, run[-1].end_char) if len(run) >= 2 else None


def next_to(found: list[Candidate], start: int, end: int, same) -> bool:
    """Whether a matching name candidate touches [start, end) (at most 3 characters apart)."""
    return any(same(c) and (0 <= c.start_char - end <= 3 or 0 <= start - c.end_char <= 3) for c in found)


def title_row(start: int, end: int, text: str, ref, full_key, evidence: str) -> Candidate:
    """A title candidate: a registry role (`ref`) or a title learnt for a person (`full_key`)."""
    return Candidate(start, end, text[start:end], text[start:end], None, "title", kind="title", ref=ref,
                     full_key=full_key, evidence=evidence)
