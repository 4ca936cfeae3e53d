"""Clusters: a union-find over name keys that refuses unsafe joins.

Nodes are name keys and registry actors ('@id').  A join is refused, and the refusal
kept for the `merges` table, when it would put in one cluster two registry actors, the
two sides of a registry `split`, two full names one document gives two people (`apart`),
a person and a registry actor that is no person, or two people whose names conflict
(`same_person`).
"""
from __future__ import annotations

from rapidfuzz import fuzz

from .normalize import ROMAN, skeleton

SURNAME_MIN, GIVEN_MIN = 88, 80   # rapidfuzz ratios (0-100) for surnames and given names
SURNAME_NEAR = 80                 # surnames this close join only with identical given names
GIVEN_NEAR = 70                   # a given name this close joins under the very same surname


class Clusters:
    """Union-find over name keys and registry nodes ('@id') that refuses unsafe joins."""

    def __init__(self, splits: list[tuple[str, str]], people: dict[str, tuple], not_people: dict[str, str],
                 apart: dict[tuple[str, str], str] | None = None):
        self.parent: dict[str, str] = {}
        self.members: dict[str, set[str]] = {}
        self.splits = splits
        self.apart = apart or {}      # (key, key) -> the document that names both people
        self.people = people          # person key -> name tokens
        self.not_people = not_people  # registry node ('@id') of an actor that is no person -> its type
        self.reason: dict[str, tuple[str, str]] = {}
        self.refused: list[tuple[str, str, str]] = []

    def find(self, x: str) -> str:
        """The root of `x`'s cluster (path-compressed); `x` becomes a cluster of its own when new."""
        self.parent.setdefault(x, x)
        self.members.setdefault(x, {x})
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str, rule: str, evidence: str, force: bool = False, checked: bool = True) -> bool:
        """Join the clusters of `a` and `b` unless that is unsafe; `force` (a registry join)
        overrides the person-name guard but not a registry split or two registry actors;
        `checked=False` (a researcher's curation decision) overrides every guard."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        why = self.conflict(self.members[ra], self.members[rb], people=not force) if checked else ""
        if why:
            self.refused.append((a, b, why))
            return False
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] |= self.members.pop(rb)
        for node in (a, b):
            self.reason.setdefault(node, (rule, evidence))
        return True

    def conflict(self, left: set[str], right: set[str], people: bool = True) -> str:
        """Why the clusters `left` and `right` may not be joined, or '' when they may."""
        regs = {m for m in left | right if m.startswith("@")}
        if len(regs) > 1:
            return "two registry actors: " + ", ".join(sorted(r[1:] for r in regs))
        for x, y in self.splits:
            if (x in left and y in right) or (y in left and x in right):
                return f"registry split: {x} / {y}"
        for (x, y), doc_id in self.apart.items():
            if (x in left and y in right) or (y in left and x in right):
                return f"named apart in document {doc_id}: {x} / {y}"
        for side, other in ((left, right), (right, left)):
            kind = next((self.not_people[m] for m in side if m in self.not_people), None)
            person = next((m for m in other if len(self.people.get(m, ())) >= 2), None)
            if kind and person:
                return f"'{person}' is a person, the registry actor is a {kind}"
        if not people:
            return ""
        full_l = [self.people[m] for m in left if len(self.people.get(m, ())) >= 2]
        full_r = [self.people[m] for m in right if len(self.people.get(m, ())) >= 2]
        for p in full_l:
            for q in full_r:
                if not same_person(p, q):
                    return f"different people: {' '.join(p)} / {' '.join(q)}"
        return ""


def same_person(p: tuple, q: tuple) -> bool:
    """Surnames close, and the given names of one found among the other's (initials allowed).

    >>> same_person(("faiz", "saraj"), ("faiz", "saraj"))
    True
    >>> same_person(("taiip", "erdogan"), ("recep", "taiip", "erdogan"))
    True
    >>> same_person(("george", "bush"), ("jeb", "bush")), same_person(("benoit", "xv"), ("benoit", "xvi"))
    (False, False)
    >>> same_person(("marin", "dupont"), ("jean", "mari", "dupont"))
    False
    """
    if ROMAN.fullmatch(p[-1]) or ROMAN.fullmatch(q[-1]):
        return p == q                                     # "Benoît XV" is not "Benoît XVI"
    surname = fuzz.ratio(p[-1], q[-1])
    if surname < SURNAME_MIN:
        # One vowel apart ("Haftar"/"Hafter") only with the very same given names.
        return (surname >= SURNAME_NEAR and len(p) > 1 and p[:-1] == q[:-1]
                and skeleton(p[-1]) == skeleton(q[-1]))
    short, long_ = sorted((p[:-1], q[:-1]), key=len)
    if len(short) < len(long_):
        # A given name left out: the others as written (or as initials), no spelling freedom on top --
        # "Marine Dupont" is no short form of "Jean-Marie Dupont".
        return all(any(given_match(g, h, exact=True) for h in long_) for g in short)
    unmatched = [g for g in short if not any(given_match(g, h) for h in long_)]
    return not unmatched or p[-1] == q[-1] and given_variant(unmatched, len(short), long_)


def given_variant(unmatched: list[str], n_given: int, long_: tuple) -> bool:
    """Under the very same surname, one given name spelled apart: its initial kept and its letters
    close ("Babajide"/"Babadije"), or any spelling beside two given names that agree ("Mamadou
    Lamine Ndiack"/"Mamadou Lamine Njak").

    >>> given_variant(["babajid"], 1, ("babadij",)), given_variant(["ndiak"], 3, ("mamadu", "lamin", "njak"))
    (True, True)
    >>> given_variant(["jeb"], 1, ("george",)), given_variant(["mahamat"], 1, ("mohamed",))
    (False, False)
    """
    if len(unmatched) != 1:
        return False
    g = unmatched[0]
    return any(h[0] == g[0] and (n_given - 1 >= 2 or fuzz.ratio(g, h) >= GIVEN_NEAR) for h in long_)


def given_match(g: str, h: str, exact: bool = False) -> bool:
    """Two given names agree: the same initial when one is an initial, else close spellings (with
    `exact`, the same spelling)."""
    if len(g) == 1 or len(h) == 1:
        return g[0] == h[0]
    return g == h if exact else fuzz.ratio(g, h) >= GIVEN_MIN
