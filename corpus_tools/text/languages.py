"""Language per paragraph: which paragraphs of a cleaned text are in the corpus's language, which
in another (an article half in English), and the document's main language.

A paragraph is a block of the cleaned text between blank lines (a single line break stays inside
its paragraph, as on the document pages; the title is paragraph 0).  One of at least `min_words` words is identified by
py3langid, restricted to the candidate languages of `data/languages.yaml`, when its probability
reaches `min_probability` -- and, for a language other than the home one, when few of its words
are home function words (a French sentence quoting an English title stays French).  Every other
paragraph (a short line, a name, an uncertain one) takes the language of the identified
paragraphs around it when those before and after agree, else the document's: the language with
the most characters among the identified paragraphs (the whole text's, when none is).

>>> text = "Le ministre a visité la ville mardi pour inaugurer le nouveau marché couvert du quartier.\\n\\n" \\
...        "The minister said the market would open next week for local farmers.\\n\\nJean Dupont"
>>> [p.lang for p in paragraphs(text)]
['fr', 'en', 'fr']
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import NamedTuple

from ..userfiles import shipped_yaml

WORD = re.compile(r"\w+")
PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")      # blank lines, spaces on them or not


class Paragraph(NamedTuple):
    """A paragraph of the cleaned text and its language (a row of the `paragraphs` table, without its doc_id)."""
    para_idx: int
    start_char: int
    end_char: int
    lang: str | None    # ISO 639-1; None for a text too short to tell
    identified: bool    # identified on its own words (else taken from its neighbours or the document)


class Settings(NamedTuple):
    """`data/languages.yaml`, read once."""
    home: str
    candidates: tuple[str, ...]
    min_words: int
    min_probability: float
    max_home_share: float
    home_words: frozenset[str]


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The language settings shipped in `data/languages.yaml`."""
    data = shipped_yaml("text", "languages")
    return Settings(str(data["home"]), tuple(map(str, data["candidates"])), int(data["min_words"]),
                    float(data["min_probability"]), float(data["max_home_share"]),
                    frozenset(map(str, data["home_words"])))


@lru_cache(maxsize=1)
def identifier():
    """py3langid's identifier with normalised probabilities, restricted to the candidate languages."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    found = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    found.set_languages(list(settings().candidates))
    return found


def identify(paragraph: str) -> str | None:
    """The language of one paragraph on its own words, or None when it is too short or uncertain."""
    words = [w.lower() for w in WORD.findall(paragraph)]
    conf = settings()
    if len(words) < conf.min_words:
        return None
    lang, probability = identifier().classify(paragraph)
    if probability < conf.min_probability:
        return None
    if lang != conf.home and sum(w in conf.home_words for w in words) > conf.max_home_share * len(words):
        return None
    return lang


def spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of `text` (blocks between blank lines), surrounding spaces left out.

    >>> spans("Titre\\n\\nUn. Deux.\\nSuite.\\n \\n\\nFin. ")
    [(0, 5), (7, 23), (27, 31)]
    """
    bounds = [0] + [i for m in PARAGRAPH_BREAK.finditer(text) for i in m.span()] + [len(text)]
    out = []
    for start, end in zip(bounds[::2], bounds[1::2]):
        block = text[start:end]
        if block.strip():
            lead = len(block) - len(block.lstrip())
            out.append((start + lead, start + len(block.rstrip())))
    return out


def paragraphs(text: str) -> list[Paragraph]:
    """Every paragraph of a cleaned text with its language (see the module's rules)."""
    cut = spans(text)
    found = [identify(text[s:e]) for s, e in cut]
    chars: Counter[str] = Counter()
    for (s, e), lang in zip(cut, found):
        if lang:
            chars[lang] += e - s
    main = chars.most_common(1)[0][0] if chars else whole_text(text)
    return [Paragraph(i, s, e, lang or neighbours(found, i) or main, lang is not None)
            for i, ((s, e), lang) in enumerate(zip(cut, found))]


def neighbours(found: list[str | None], i: int) -> str | None:
    """The language of the identified paragraphs before and after paragraph `i`, when they agree."""
    before = next((lang for lang in reversed(found[:i]) if lang), None)
    after = next((lang for lang in found[i + 1:] if lang), None)
    return before if before is not None and before == after else None


def whole_text(text: str) -> str | None:
    """The language of a text none of whose paragraphs could be identified alone: of all its words
    together, None when it holds fewer than 5."""
    sample = text[:5000]
    if len(WORD.findall(sample)) < 5:
        return None
    return identifier().classify(sample)[0]


def shares(text_paragraphs: list[Paragraph]) -> dict[str, float]:
    """Language -> share of the paragraphs' characters, largest first (rounded to 3 decimals).

    >>> shares([Paragraph(0, 0, 30, "fr", True), Paragraph(1, 31, 41, "en", True)])
    {'fr': 0.75, 'en': 0.25}
    """
    chars: Counter[str] = Counter()
    for p in text_paragraphs:
        if p.lang:
            chars[p.lang] += p.end_char - p.start_char
    total = sum(chars.values())
    return {lang: round(n / total, 3) for lang, n in chars.most_common()} if total else {}
