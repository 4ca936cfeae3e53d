"""Surface-form normalisation shared by the actor resolver.

Three levels, each coarser than the last:
- `trim_span`: which part of an entity span is the name (drops articles, honorifics,
  titles and stray punctuation) -- offsets stay valid in `documents.text`;
- `normalize_name`: the registry/lookup key (case, accents, elided articles, hyphens);
- `name_tokens`: the matching key for people (plus Arabic particles and
  transliteration variants folded: 'Faiez Al-Sarraj' and 'Fayez al-Sarraj' meet).

The stage's word lists (articles, honorifics, title heads, generic heads, ...) are data, in
`data/words.yaml`, read through `corpus_tools.userfiles.shipped_list`.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..fold import fold
from ..userfiles import shipped_list


ELIDED = re.compile(r"^(?:l|d|qu)['’]\s*", re.I)
ARTICLE = re.compile(r"^(?:le|la|les|du|des|de la|de l['’])\s+", re.I)
# The word lists are data (data/words.yaml, where each is described; the labels analysis reads the
# honorifics and title heads there too).
ARTICLES = frozenset(shipped_list("actors", "words", "articles"))
HONORIFICS = frozenset(shipped_list("actors", "words", "honorifics"))
TITLE_HEADS = frozenset(shipped_list("actors", "words", "title_heads"))
ORDINAL_TITLE_HEADS = frozenset(shipped_list("actors", "words", "ordinal_title_heads"))
ADDRESS_WORDS = HONORIFICS | TITLE_HEADS    # words opening a person's name ("Cheikh X", "M. X"), never ending another
GENERIC_HEADS = frozenset(shipped_list("actors", "words", "generic_heads"))
GENERIC_ACRONYMS = frozenset(shipped_list("actors", "words", "generic_acronyms"))
PARTICLES = frozenset(shipped_list("actors", "words", "particles"))

ROMAN = re.compile(r"[ivxlcdm]{1,7}")
# Transliteration variants folded together (applied to folded words, in order).
TRANSLIT = [(re.compile(p), r) for p, r in [
    (r"ph", "f"), (r"kh", "k"), (r"dh", "d"), (r"th", "t"), (r"ch", "sh"),
    (r"ou", "u"), (r"w", "u"), (r"y", "i"), (r"ie", "i"), (r"ei", "i"), (r"q", "k"), (r"c(?=[aou]|$)", "k"),
    (r"ck", "k"), (r"(.)\1", r"\1"), (r"(?<=..)e$", ""), (r"(?<=..)h$", ""),   # never down to one letter
]]
WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*|\d+", re.UNICODE)


@lru_cache(maxsize=1 << 18)
def normalize_name(text: str) -> str:
    """'l'OTAN' and 'OTAN' meet; articles, quotes and extra spaces go.

    >>> normalize_name("l’OTAN"), normalize_name("OTAN"), normalize_name("Al-Sarraj")
    ('otan', 'otan', 'al sarraj')
    """
    text = ELIDED.sub("", text.strip().strip("\"«»“”'’ "))
    text = ARTICLE.sub("", text)
    text = fold(text).replace("-", " ")
    return " ".join(re.sub(r"[^\w' ]+", " ", text).split())


def translit(word: str) -> str:
    """A coarse spelling key: 'fayez' and 'faiez' -> 'faiez'; 'choigou' -> 'shoigu'."""
    for pattern, repl in TRANSLIT:
        word = pattern.sub(repl, word)
    return word


@lru_cache(maxsize=1 << 18)
def name_words(text: str) -> tuple[str, ...]:
    """Words of a personal name folded (case, accents), particles dropped, spelled as written.

    >>> name_words("Fayez al-Sarraj"), name_words("O'Brien")
    (('fayez', 'sarraj'), ('obrien',))
    """
    glued = re.sub(r"\b(\w) ?'(?=\w)", r"\1", normalize_name(text))    # O'Brien, O 'Brien -> obrien
    return tuple(w for w in glued.replace("'", " ").split() if w not in PARTICLES)


@lru_cache(maxsize=1 << 18)
def name_tokens(text: str) -> tuple[str, ...]:
    """Words of a personal name folded for matching (`name_words`, transliteration variants folded).

    >>> name_tokens("Fayez al-Sarraj") == name_tokens("Faiez Al-Sarraj")
    True
    """
    return tuple(translit(w) for w in name_words(text))


def skeleton(word: str) -> str:
    """Consonant skeleton used to block fuzzy comparisons: 'sarraj' -> 'srj'."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouy]", "", word)) or word[:2]


def trim_span(text: str) -> tuple[int, int]:
    """(start, end) of the name inside an entity span: leading articles, honorifics and
    titles, and surrounding punctuation, are left out ("Le Caire" keeps its article, "la Première
    Guerre mondiale" its ordinal).

    >>> [(s, s[slice(*trim_span(s))]) for s in ("le président Erdogan", "l'OTAN", "M. Erdogan")]
    [('le président Erdogan', 'Erdogan'), ("l'OTAN", 'OTAN'), ('M. Erdogan', 'Erdogan')]
    >>> [s[slice(*trim_span(s))] for s in ("le Premier Ministre Awa Diop", "la Première Guerre mondiale")]
    ['Awa Diop', 'Première Guerre mondiale']
    """
    words = list(WORD.finditer(text))
    if not words:
        return 0, 0
    i = 0
    while True:
        raw = words[i].group()
        elided = ELIDED.match(raw)
        if elided and elided.end() < len(raw):
            return words[i].start() + elided.end(), words[-1].end()
        if i == len(words) - 1:
            break
        word, nxt = fold(raw), words[i + 1].group()
        title_next = fold(nxt) in HONORIFICS or fold(nxt) in TITLE_HEADS
        if ((word in ARTICLES and (raw[0].islower() or title_next)) or word in HONORIFICS
                or (word in TITLE_HEADS and nxt[:1].isupper() and (title_next or word not in ORDINAL_TITLE_HEADS))):
            i += 1
            continue
        break
    return words[i].start(), words[-1].end()


def is_title_head(word: str) -> bool:
    """Whether a word (as written) is a role title's head, singular or plural ("Chefs", "Députés").

    >>> is_title_head("Chefs"), is_title_head("Europe")
    (True, False)
    """
    folded = fold(word).rstrip(".")
    return folded in TITLE_HEADS or (folded[-1:] in ("s", "x") and folded[:-1] in TITLE_HEADS)


def is_acronym(surface: str) -> bool:
    """'GNA', 'OTAN', 'EI': 2-8 capitals (digits and '&' allowed after the first)."""
    return bool(re.fullmatch(r"[A-Z][A-Z0-9&]{1,7}", surface))


def actor_id_for(key: str) -> str:
    """A readable, stable id for a name: 'Jens Stoltenberg' -> 'jens-stoltenberg'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(key)).strip("-") or "actor"


def unique_id(name: str, taken: set[str]) -> str:
    """The slug of `name`, numbered when another actor has it.

    >>> unique_id("Jean Dupont", {"jean-dupont"})
    'jean-dupont-2'
    """
    base = actor_id_for(name)
    cand, n = base, 2
    while cand in taken:
        cand, n = f"{base}-{n}", n + 1
    return cand


ARTICLE_AFTER_OF = re.compile(r"\b(?:de l'|(?:du|des|de (?:la|le|les)|de)\b)\s*")


def without_articles(key: str) -> str:
    """A name key without the articles after "de" ("forum mondial de la langue" -> "forum mondial de
    langue"): house styles and the NER differ on them, the name is the same."""
    return ARTICLE_AFTER_OF.sub("de ", key)
