"""One way to compare words: lower case, no accents, one apostrophe and one hyphen.

Every stage matches labels, names and lexicons on folded text (`fold`), so
"Mıse À Jour", "mise a jour" and "MISE À JOUR" meet, as do "Erdoğan" and
"erdogan", "l’OTAN" and "l'OTAN".  Folding keeps one character per letter for
accented Latin letters, so positions found in a folded line still point into
the original one.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters NFKD does not decompose, and the typographic apostrophes and hyphens.
EXTRA_FOLD = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "Ø": "O",
                            "Ł": "L", "Đ": "D", "Æ": "AE", "Œ": "OE", "’": "'", "‘": "'", "‐": "-", "‑": "-",
                            "–": "-"})
EXTRA = re.compile("[ıøłđßæœØŁĐÆŒ’‘‐‑–]")
# The combining marks of the accent blocks, removed by one regex (the common case, fast); any
# other combining mark is removed character by character.
ACCENT_BLOCKS = [(0x300, 0x36F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F)]
ACCENTS = re.compile("[" + "".join(re.escape(chr(c)) for a, b in ACCENT_BLOCKS for c in range(a, b + 1)
                                   if unicodedata.combining(chr(c))) + "]")
NON_ASCII = re.compile(r"[^\x00-\x7f]")
SHORT = 80   # words and names recur (every token is folded) and are cached; lines and paragraphs rarely do


def fold(text: str) -> str:
    """Lower case without accents, typographic apostrophes and hyphens made plain.

    >>> fold("Erdoğan"), fold("Mıse À Jour"), fold("l’Élysée")
    ('erdogan', 'mise a jour', "l'elysee")
    """
    return _fold_short(text) if len(text) <= SHORT else _fold(text)


@lru_cache(maxsize=1 << 17)
def _fold_short(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    lower = unaccent(text).lower()
    return lower.translate(EXTRA_FOLD) if EXTRA.search(lower) else lower


def unaccent(text: str) -> str:
    """`fold` but for the case: no accents, typographic apostrophes and hyphens made plain.

    >>> unaccent("Élysée, l’Œuvre")
    "Elysee, l'OEuvre"
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(EXTRA_FOLD) if EXTRA.search(text) else text)
    bare = ACCENTS.sub("", decomposed)
    if any(unicodedata.combining(c) for c in set(NON_ASCII.findall(bare))):
        bare = "".join(c for c in bare if not unicodedata.combining(c))
    return bare
