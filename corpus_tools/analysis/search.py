"""Finding a word or a phrase in the original text as `fold` compares words: case, accents,
ligatures, typographic apostrophes and hyphens aside, whole words only; `*` stands for any letters
("néo*", "*isme", "cessez-le-*").

The pattern is built on the original characters (each letter of the phrase becomes the class of
every letter that folds to it), so matches point into the text as it is.  The same pattern,
without the word-boundary guards, prefilters documents inside Arrow (RE2) before Python's
`re` finds the exact spans.

>>> pattern = phrase_pattern("secretaire general de l'OTAN")
>>> [m.group() for m in pattern.finditer("Le Secrétaire général de l’OTAN, puis l'OTANIEN.")]
['Secrétaire général de l’OTAN']
>>> [m.group() for m in phrase_pattern("néo*").finditer("Le néocolonialisme, les Néo-Zélandais, un néon.")]
['néocolonialisme', 'Néo', 'néon']
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from ..fold import fold

# Characters whose folded form a phrase can name: Latin letters with their accented forms,
# digits, the apostrophes and hyphens `fold` makes plain.
FOLDED_RANGES = [(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x1E00, 0x1EFF),
                 (0x2018, 0x2019), (0x2010, 0x2013), (0x27, 0x27), (0x2D, 0x2D)]
SPACE = "[\\s\u00a0\u202f]+"   # RE2's \s is ASCII only: the no-break spaces of French typography spelt out
WORD = re.compile(r"\w", re.UNICODE)
WILDCARD = r"[^\W_]*"    # "néo*", "*isme": any letters or digits, none at all included


@lru_cache(maxsize=1)
def letter_classes() -> tuple[dict[str, str], dict[str, str]]:
    """folded character -> regex class of the characters folding to it, and folded pair ("oe")
    -> the ligatures folding to it ("œŒ")."""
    singles: dict[str, set[str]] = defaultdict(set)
    pairs: dict[str, set[str]] = defaultdict(set)
    for first, last in FOLDED_RANGES:
        for code in range(first, last + 1):
            char = chr(code)
            folded = fold(char)
            (singles if len(folded) == 1 else pairs)[folded].add(char)
    as_class = {k: "[" + "".join(re.escape(c) for c in sorted(v)) + "]" for k, v in singles.items()}
    return as_class, {k: "".join(sorted(v)) for k, v in pairs.items() if len(k) == 2}


def pattern_text(phrase: str) -> str:
    """The regex (no word-boundary guards) matching `phrase` folded, on original text."""
    singles, pairs = letter_classes()
    words = fold(" ".join(phrase.split()))
    if not words.strip():
        raise ValueError("empty phrase")
    out, i = [], 0
    while i < len(words):
        char = words[i]
        if char == " ":
            out.append(SPACE)
        elif words[i:i + 2] in pairs:   # "oe" also matches "œ"
            out.append(f"(?:{singles.get(words[i], re.escape(words[i]))}"
                       f"{singles.get(words[i + 1], re.escape(words[i + 1]))}|[{pairs[words[i:i + 2]]}])")
            i += 1
        elif char == "'":
            out.append(singles["'"] + "[\\s\u00a0\u202f]?")   # "l' OTAN" as "l'OTAN"
        elif char == "*":
            out.append(WILDCARD)
        else:
            out.append(singles.get(char, re.escape(char)))
        i += 1
    return "".join(out)


@lru_cache(maxsize=256)
def phrase_pattern(phrase: str) -> re.Pattern:
    """A compiled pattern matching `phrase` as whole words, whatever the case, accents and apostrophes."""
    body = pattern_text(phrase)
    words = fold(phrase.strip())
    before = r"(?<!\w)" if WORD.match(words[0]) or words[0] == "*" else ""
    after = r"(?!\w)" if WORD.match(words[-1]) or words[-1] == "*" else ""
    return re.compile(before + body + after)


def prefilter(phrase: str) -> str:
    """The pattern for Arrow's `match_substring_regex` (RE2): a superset of `phrase_pattern`'s matches
    (RE2's classes are ASCII only: a wildcard there is any run of characters but spaces)."""
    return pattern_text(phrase).replace(WILDCARD, "[^\\s]*")
