"""Clean stage: strip web boilerplate from flattened article text, keeping an audit of removals."""
from __future__ import annotations

import re
from typing import NamedTuple


class Removed(NamedTuple):
    start_char: int   # offset in the raw text
    end_char: int
    text: str
    rule: str


class Cleaned(NamedTuple):
    text: str
    removed: list[Removed]


CHROME = re.compile(r"^(rechercher|retour en haut|commentaires? \(\d+\)|articles? (similaires|les plus lus))$", re.I)


def clean(raw: str) -> Cleaned:
    kept, removed, offset = [], [], 0
    for line in raw.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and CHROME.match(stripped):
            removed.append(Removed(offset, offset + len(line), line, "chrome"))
        else:
            kept.append(line)
        offset += len(line)
    text = re.sub(r"\n{3,}", "\n\n", "".join(kept)).strip()
    return Cleaned(text, removed)
