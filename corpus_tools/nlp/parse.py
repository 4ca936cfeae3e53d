"""The parse of a sentence as every later stage reads it: `Token` (a row of the `tokens` table) and
`Sentence` (its words in order, by id, with their dependents), built once per chunk of documents
from the `tokens` table (`sentences_by_document`).

The actors stage reads the words next to names on it; the analyses read labels, agency and
quotations on it.
"""
from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

import pandas as pd

from ..fold import fold


class Token(NamedTuple):
    """One word of a sentence: the `tokens` columns the rules read (see `corpus_tools.schema`)."""
    doc_id: str
    sent_idx: int
    tok_idx: int
    text: str
    lemma: str
    upos: str
    head: int
    deprel: str
    start_char: int
    end_char: int
    feats: str | None = None


class Sentence:
    """The words of one sentence in order, by id, with their dependents."""

    def __init__(self, words: list[Token]):
        self.words = words
        self.by_id = {t.tok_idx: t for t in words}
        self.position = {t.tok_idx: i for i, t in enumerate(words)}
        self._children: dict[int, list[Token]] = defaultdict(list)
        for t in words:
            self._children[t.head].append(t)

    def children(self, word: Token, *deprels: str) -> list[Token]:
        """The dependents of `word`, those whose relation (before any ':') is one of `deprels` if given."""
        found = self._children.get(word.tok_idx, [])
        return [t for t in found if t.deprel.split(":")[0] in deprels or t.deprel in deprels] if deprels else found

    def head(self, word: Token) -> Token | None:
        """The syntactic head of `word` (None for the root)."""
        return self.by_id.get(word.head)

    def inside(self, start: int, end: int) -> list[Token]:
        """The words within the characters [start, end)."""
        return [t for t in self.words if t.start_char >= start and t.end_char <= end]

    def span_head(self, start: int, end: int) -> Token | None:
        """The word of [start, end) whose head lies outside it (the first such word), if any."""
        inside = self.inside(start, end)
        ids = {t.tok_idx for t in inside}
        return next((t for t in inside if t.head not in ids), None)

    def next_word(self, word: Token, step: int = 1) -> Token | None:
        """The word `step` places after `word` (before it when negative), if any."""
        i = self.position[word.tok_idx] + step
        return self.words[i] if 0 <= i < len(self.words) else None


def feature(word: Token, name: str) -> str | None:
    """One morphological feature of a word ('Number' -> 'Plur'), None when absent.

    >>> feature(Token("d", 0, 1, "forces", "force", "NOUN", 0, "root", 0, 6, "Gender=Fem|Number=Plur"), "Number")
    'Plur'
    """
    if not isinstance(word.feats, str):
        return None                                   # null in the table (None, or NaN once in pandas)
    for pair in word.feats.split("|"):
        key, _, value = pair.partition("=")
        if key == name:
            return value
    return None


def folded_lemma(word: Token) -> str:
    """The lemma of a word (its text when it has none), folded (`fold`), to compare with word lists."""
    return fold(word.lemma if isinstance(word.lemma, str) and word.lemma else str(word.text))


def sentences_by_document(tokens: pd.DataFrame) -> dict[str, dict[int, Sentence]]:
    """doc_id -> sent_idx -> `Sentence`, for every sentence of a `tokens` table."""
    groups: dict[tuple[str, int], list[Token]] = defaultdict(list)
    # Column lists, not itertuples: iterating Arrow-backed columns row by row is slow.
    for t in zip(*(tokens[name].tolist() for name in Token._fields)):
        groups[(t[0], t[1])].append(Token(*t))
    out: dict[str, dict[int, Sentence]] = defaultdict(dict)
    for (doc_id, sent_idx), words in groups.items():
        out[doc_id][sent_idx] = Sentence(words)
    return out
