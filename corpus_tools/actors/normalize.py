"""Surface-form normalisation shared by the actor resolver.

Three levels, each coarser than the last:
- `trim_span`: which part of an entity span is the name (drops articles, honorifics,
  titles and stray punctuation) -- offsets stay valid in `documents.text`;
- `normalize_name`: the registry/lookup key (case, accents, elided articles, hyphens);
- `name_tokens`: the matching key for people (plus Arabic particles and
  transliteration variants folded: 'Faiez Al-Sarraj' and 'Fayez al-Sarraj' meet).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..fold import fold

ELIDED = re.compile(r"^(?:l|d|qu)['’]\s*", re.I)
ARTICLE = re.compile(r"^(?:le|la|les|du|des|de la|de l['’])\s+", re.I)
# Words that may precede a name without being part of it (folded, without final '.').
ARTICLES = {"le", "la", "les", "l", "du", "de", "des", "d", "au", "aux", "un", "une", "son", "sa", "ses", "leur"}
HONORIFICS = {"m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "pr", "me", "mgr", "monsieur", "madame",
              "mademoiselle", "sir", "lord", "dame", "messieurs", "sa", "majeste", "excellence", "son"}
TITLE_HEADS = {
    "president", "presidente", "vice-president", "vice-presidente", "premier", "premiere", "ministre",
    "secretaire", "general", "generale", "marechal", "colonel", "commandant", "capitaine", "lieutenant",
    "amiral", "chef", "roi", "reine", "prince", "princesse", "emir", "cheikh", "sheikh", "sultan", "pape",
    "imam", "ayatollah", "ambassadeur", "ambassadrice", "senateur", "senatrice", "depute", "deputee",
    "porte-parole", "gouverneur", "maire", "juge", "procureur", "patron", "patronne", "directeur",
    "directrice", "dirigeant", "dirigeante", "leader", "candidat", "candidate", "chancelier", "chanceliere",
    "ex-president", "ancien", "ancienne", "feu", "docteur", "professeur", "maitre", "saint", "sainte",
    "envoye", "emissaire", "representant", "representante", "conseiller", "conseillere", "homme", "fort",
}
# Nouns naming a kind of institution: capitalised and alone ("l'Alliance"), they stand for an
# organisation whose name starts with them ("l'Alliance atlantique"); a place name starting
# with one is an organisation the NER mistyped ("Communauté économique des États...").
GENERIC_HEADS = {"organisation", "alliance", "union", "conseil", "commission", "parlement", "assemblee", "cour",
                 "fonds", "banque", "agence", "ligue", "armee", "gouvernement", "parti", "mouvement", "front",
                 "coalition", "comite", "autorite", "federation", "communaute", "commissariat", "tribunal",
                 "ministere", "association", "fondation", "office", "institut", "mission", "force", "forces",
                 "commandement", "administration", "direction", "police", "garde", "haut-commissariat"}
# Acronyms of common nouns, which name no actor.
GENERIC_ACRONYMS = {"ONG", "PIB", "PME", "TVA", "PDG", "DRH", "QG", "ADN", "VIH", "OGM", "BTP", "HLM", "TGV",
                    "CDI", "CDD", "IVG", "PMA", "SMS", "VIP", "OVNI", "JT"}
# Particles in Arabic, Romance and Germanic names, ignored when matching people
# ("Al-Sarraj" / "Sarraj", "Charles de Gaulle" / "de Gaulle").
# ("ed" is left out: "Ed Miliband" is commoner in news than "Salah ed-Din".)
PARTICLES = {"al", "el", "ul", "ad", "ash", "as", "at", "az", "ar", "an",
             "de", "da", "di", "du", "del", "della", "dos", "das", "van", "von", "der", "den", "ter"}
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
def name_tokens(text: str) -> tuple[str, ...]:
    """Words of a personal name folded for matching; particles dropped.

    >>> name_tokens("Fayez al-Sarraj") == name_tokens("Faiez Al-Sarraj")
    True
    """
    glued = re.sub(r"\b(\w) ?'(?=\w)", r"\1", normalize_name(text))    # O'Brien, O 'Brien -> obrien
    words = [w for w in glued.replace("'", " ").split() if w not in PARTICLES]
    return tuple(translit(w) for w in words)


def skeleton(word: str) -> str:
    """Consonant skeleton used to block fuzzy comparisons: 'sarraj' -> 'srj'."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouy]", "", word)) or word[:2]


def trim_span(text: str) -> tuple[int, int]:
    """(start, end) of the name inside an entity span: leading articles, honorifics and
    titles, and surrounding punctuation, are left out ("Le Caire" keeps its article).

    >>> [(s, s[slice(*trim_span(s))]) for s in ("le président Erdogan", "l'OTAN", "M. Erdogan")]
    [('le président Erdogan', 'Erdogan'), ("l'OTAN", 'OTAN'), ('M. Erdogan', 'Erdogan')]
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
                or (word in TITLE_HEADS and nxt[:1].isupper())):
            i += 1
            continue
        break
    return words[i].start(), words[-1].end()


def is_acronym(surface: str) -> bool:
    """'GNA', 'OTAN', 'EI': 2-8 capitals (digits and '&' allowed after the first)."""
    return bool(re.fullmatch(r"[A-Z][A-Z0-9&]{1,7}", surface))


def actor_id_for(key: str) -> str:
    """A readable, stable id for a name: 'Jens Stoltenberg' -> 'jens-stoltenberg'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(key)).strip("-") or "actor"
