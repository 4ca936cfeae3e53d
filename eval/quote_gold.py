"""The hand-annotated quotation gold (eval/quotes/gold/*.yaml), located in its articles.

Each gold file names its articles folder; every quotation is given by its text (`q`, "A ~ B" for
the span from A to the end of B, `at` for the n-th occurrence), which is found in the article.
"""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import yaml

from eval.quote_scoring import GoldQuote

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "eval" / "quotes" / "gold"


class GoldSet(NamedTuple):
    """A gold file: its articles (doc_id -> text, as the files hold them) and quotations."""
    name: str
    articles_dir: Path
    texts: dict[str, str]
    quotes: list[GoldQuote]


def locate(text: str, q: str, at: int = 0) -> tuple[int, int]:
    """Offsets of the gold span `q` ("A ~ B": from A to the end of B) in `text`; ValueError if absent."""
    head, _, tail = q.partition(" ~ ")
    start = -1
    for _ in range(at + 1):
        start = text.find(head, start + 1)
        if start < 0:
            raise ValueError(f"gold quotation not in its article: {q!r}")
    if not tail:
        return start, start + len(head)
    end = text.find(tail, start + len(head))
    if end < 0:
        raise ValueError(f"end of gold quotation not in its article: {q!r}")
    return start, end + len(tail)


def nearest(text: str, words: str | None, at: int) -> tuple[int | None, int | None]:
    """Offsets of the occurrence of `words` nearest offset `at`."""
    if not words:
        return None, None
    best, pos = None, text.find(words)
    while pos >= 0:
        if best is None or abs(pos - at) < abs(best - at):
            best = pos
        pos = text.find(words, pos + 1)
    return (best, best + len(words)) if best is not None else (None, None)


def load_gold(name: str) -> GoldSet:
    """The gold set `name` (a file of eval/quotes/gold/)."""
    data = yaml.safe_load((GOLD / f"{name}.yaml").read_text(encoding="utf-8"))
    articles = (ROOT / data["articles"]).resolve()
    texts, quotes = {}, []
    for doc_id, entry in data["documents"].items():
        text = (articles / f"{doc_id}.txt").read_text(encoding="utf-8")
        texts[doc_id] = text
        names = entry.get("names") or {}
        for q in entry.get("quotes") or []:
            start, end = locate(text, q["q"], q.get("at", 0))
            speaker = q.get("speaker")
            forms = tuple([speaker, *names.get(speaker, [])] if speaker else [q.get("as") or ""])
            s_start, s_end = nearest(text, q.get("as"), start)
            quotes.append(GoldQuote(doc_id, start, end, q["kind"], q.get("cue"), speaker, forms, s_start, s_end,
                                    bool(q.get("source")) or speaker is None))
    return GoldSet(name, articles, texts, quotes)


class OffsetMap:
    """Offsets in a system's copy of a text (cleaned, preprocessed) mapped to the article file's text,
    through the blocks the two have in common."""

    def __init__(self, copy: str, original: str):
        import difflib
        blocks = difflib.SequenceMatcher(None, copy, original, autojunk=False).get_matching_blocks()
        self.blocks = [(a, b, size) for a, b, size in blocks if size]
        self.starts = [a for a, _, _ in self.blocks]
        self.length = len(original)

    def __call__(self, pos: int) -> int:
        """The offset in the original text of `pos` in the copy (the nearest common block's edge when
        `pos` falls between blocks)."""
        from bisect import bisect_right
        k = bisect_right(self.starts, pos) - 1
        if k < 0:
            return 0 if not self.blocks else self.blocks[0][1]
        a, b, size = self.blocks[k]
        return b + min(pos - a, size)
