"""Surface-form normalisation shared by the actor resolver."""
from __future__ import annotations

import re
import unicodedata

ELIDED = re.compile(r"^(?:l|d|qu)['’]\s*", re.I)
ARTICLE = re.compile(r"^(?:le|la|les|du|des|de la|de l['’])\s+", re.I)


def fold(text: str) -> str:
    """Lower case without accents: 'Erdoğan' -> 'erdogan'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def normalize_name(text: str) -> str:
    """'l'OTAN' and 'OTAN' meet; articles, quotes and extra spaces go.

    >>> normalize_name("l’OTAN"), normalize_name("OTAN")
    ('otan', 'otan')
    """
    text = ELIDED.sub("", text.strip().strip("\"«»“”'’ "))
    text = ARTICLE.sub("", text)
    return " ".join(fold(text).replace("’", "'").split())


def actor_id_for(key: str) -> str:
    """A readable, stable id for a normalised key: 'jens stoltenberg' -> 'jens-stoltenberg'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(key)).strip("-") or "actor"
