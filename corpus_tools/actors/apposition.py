"""Appositions: the runs of nominal words right before or right after a name.

The labels analysis reads the descriptors an outlet attaches to an actor from these runs ("l'homme
fort de l'est libyen, le maréchal Khalifa Haftar", "Sergueï Lavrov, ministre russe des Affaires
étrangères") and decides which part of a run it keeps.  (The actors stage reads the roles given a
person, chains of titles and acronyms in brackets included, with `titles` and `roles`.)
"""
from __future__ import annotations

from typing import NamedTuple

from ..nlp.parse import Token

# Parts of speech an apposition is made of (a run stops at any other word: a verb, a pronoun,
# a number, punctuation other than the comma next to the name).
NOMINAL_POS = {"NOUN", "ADJ", "ADP", "DET", "PROPN"}
MAX_RUN = 10


class Apposition(NamedTuple):
    """A run of nominal words next to a name, in text order.

    `side` is "before" ('le ministre turc de la Défense X', 'le chef de guerre X') or "after"
    ('X, ministre russe des Affaires étrangères'; a determiner right after the comma is left
    out: 'X, l'homme fort' gives 'homme fort'); `comma` says whether a comma stands between
    the run and the name."""
    side: str
    tokens: list[Token]
    comma: bool


def appositions(sent: list[Token], start: int, end: int, names: list[tuple[int, int]]) -> list[Apposition]:
    """The runs of nominal words (`NOMINAL_POS`, at most `MAX_RUN`) right before the name at
    [start, end) of sentence `sent` -- a comma between them allowed -- and right after it behind a
    comma.  Words inside the person names `names` (character spans) end a run.

    >>> words = [(1, "le", "DET"), (2, "maréchal", "NOUN"), (3, "Haftar", "PROPN"), (4, ",", "PUNCT"),
    ...          (5, "chef", "NOUN"), (6, "de", "ADP"), (7, "l'", "DET"), (8, "ANL", "PROPN")]
    >>> sent, at = [], 0
    >>> for i, w, pos in words:
    ...     sent.append(Token("d", 0, i, w, w, pos, 0, "dep", at, at + len(w))); at += len(w) + 1
    >>> [(a.side, [t.text for t in a.tokens]) for a in appositions(sent, 12, 18, [(12, 18)])]
    [('before', ['le', 'maréchal']), ('after', ['chef', 'de', "l'", 'ANL'])]
    """
    inside = [i for i, t in enumerate(sent) if t.start_char >= start and t.end_char <= end]
    if not inside:
        return []

    def usable(t: Token) -> bool:
        return t.upos in NOMINAL_POS and not any(s <= t.start_char < e for s, e in names)

    found = []
    i = inside[0] - 1
    comma = i >= 0 and sent[i].text == ","
    if comma:
        i -= 1
    run: list[Token] = []
    while i >= 0 and usable(sent[i]) and len(run) < MAX_RUN:
        run.insert(0, sent[i])
        i -= 1
    if run:
        found.append(Apposition("before", run, comma))
    j = inside[-1] + 1
    if j < len(sent) and sent[j].text == ",":
        j += 1
        if j < len(sent) and sent[j].upos == "DET":
            j += 1
        run = []
        while j < len(sent) and usable(sent[j]) and len(run) < MAX_RUN:
            run.append(sent[j])
            j += 1
        if run:
            found.append(Apposition("after", run, True))
    return found
