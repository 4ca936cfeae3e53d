"""Quotation scoring as SFU's Gender Gap Tracker scores it (`nlp/french/evaluation/src/evaluate_quotes.py`).

For each gold quotation, in document order, the best remaining predicted quotation whose overlap
|gold ∩ predicted| / |gold| (in characters) is above the threshold is its match (each prediction
matches once); unmatched gold quotations are false negatives, unmatched predictions false positives.
Speaker accuracy is over matched quotations.  Beside SFU's span test, a speaker counts as right only
when it names the gold speaker: a named speaker must be named (a name form of the gold speaker in the
predicted speaker's words, or the predicted name inside a gold form -- an unresolved pronoun is
wrong); an unnamed gold source must be pointed at (the predicted speaker's words overlap the gold
source's words near the quotation).
"""
from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from corpus_tools.fold import fold

THRESHOLDS = (0.3, 0.8)
KINDS = ("direct", "indirect", "mixed")
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)


class GoldQuote(NamedTuple):
    """A hand-annotated quotation, located in its article."""
    doc_id: str
    start: int
    end: int
    kind: str
    cue: str | None
    speaker: str | None          # the gold speaker's full name, or None for an unnamed source
    forms: tuple[str, ...]       # every name form of the speaker in the article
    speaker_start: int | None    # the gold `as` words nearest the quotation
    speaker_end: int | None
    unnamed: bool


class Prediction(NamedTuple):
    """A system's quotation, its offsets in the article file's text."""
    doc_id: str
    start: int
    end: int
    speaker_names: tuple[str, ...]   # every string naming the predicted speaker (resolved name, words)
    speaker_start: int | None
    speaker_end: int | None


class Score(NamedTuple):
    """One system at one threshold."""
    threshold: float
    tp: int
    fp: int
    fn: int
    speaker_right: int
    recall_by_kind: dict[str, float]

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.tp if self.tp else 0.0


def overlap(gold: GoldQuote, pred: Prediction) -> float:
    """|gold ∩ predicted| / |gold|, in characters (SFU's asymmetric score)."""
    if gold.end <= gold.start or pred.end <= pred.start:
        return 0.0
    return max(0, min(gold.end, pred.end) - max(gold.start, pred.start)) / (gold.end - gold.start)


def words(text: str) -> tuple[str, ...]:
    """Folded words of `text`."""
    return tuple(WORD.findall(fold(text)))


def contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    """Whether `needle` is a contiguous run of `haystack`."""
    n = len(needle)
    return n > 0 and any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


PRONOUNS = {"il", "elle", "ils", "elles", "lui", "eux", "t", "on", "je", "nous", "vous", "celui", "celle", "ce"}


def speaker_right(gold: GoldQuote, pred: Prediction) -> bool:
    """Whether the predicted speaker is the gold one (see the module docstring)."""
    if gold.unnamed:
        if None not in (gold.speaker_start, pred.speaker_start) and \
                min(gold.speaker_end, pred.speaker_end) > max(gold.speaker_start, pred.speaker_start):
            return True
        gold_words = words(" ".join(gold.forms))
        return any(contains(words(name), gold_words) for name in pred.speaker_names)
    forms = [words(f) for f in gold.forms]
    for name in pred.speaker_names:
        said = words(name)
        if not said or set(said) <= PRONOUNS:
            continue
        if any(contains(said, f) for f in forms):
            return True
        content = tuple(w for w in said if w not in PRONOUNS)
        if any(contains(f, content) for f in forms) and len("".join(content)) >= 3:
            return True
    return False


def score(gold: list[GoldQuote], predictions: list[Prediction], threshold: float, doc_ids: set[str]) -> Score:
    """SFU's greedy matching at one threshold over the articles `doc_ids`, with speaker accuracy and
    recall per gold kind."""
    by_doc: dict[str, list[Prediction]] = {}
    for p in predictions:
        by_doc.setdefault(p.doc_id, []).append(p)
    tp = fn = right = 0
    found: Counter[str] = Counter()
    for g in gold:
        remaining = by_doc.get(g.doc_id, [])
        best, best_score = None, 0.0
        for p in remaining:
            s = overlap(g, p)
            if s > threshold and s > best_score:
                best, best_score = p, s
        if best is None:
            fn += 1
            continue
        remaining.remove(best)
        tp += 1
        found[g.kind] += 1
        right += speaker_right(g, best)
    fp = sum(len(v) for d, v in by_doc.items() if d in doc_ids)
    totals = Counter(g.kind for g in gold)
    return Score(threshold, tp, fp, fn, right, {k: found[k] / totals[k] if totals[k] else 0.0 for k in KINDS})
