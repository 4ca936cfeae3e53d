"""The French lexicon: whether a word is a French word, from simplemma's French data (MIT licence;
forms and lemmas of Wiktionary and other open dictionaries), read on first use.  Later stages ask
it: the actors (a word in capitals that is no acronym), the analyses (lemmas the model invented)."""
from __future__ import annotations

from functools import lru_cache

LANG = "fr"


@lru_cache(maxsize=1 << 16)
def known(word: str) -> bool:
    """Whether the French lexicon holds `word` (lower case) as a form or a lemma."""
    import simplemma   # its French data is read on first use (about a second)
    return bool(simplemma.is_known(word, lang=LANG))
