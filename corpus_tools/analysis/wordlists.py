"""The word lists of the analyses: YAML files under `analysis/data/` (and the lists the actors stage
shares in `actors/data/words.yaml`), read once, words folded."""
from __future__ import annotations

from functools import lru_cache
from ..fold import fold
from ..userfiles import shipped_yaml


@lru_cache(maxsize=None)
def words(file: str, key: str, stage: str = "analysis") -> frozenset[str]:
    """The folded words listed under `key` in `<stage>/data/<file>.yaml` (the analyses' own lists, or
    one another stage shares: the actors stage's honorifics and title heads).

    >>> "devenir" in words("verbs", "copular") and "president" in words("words", "title_heads", "actors")
    True
    """
    return frozenset(fold(str(w)) for w in shipped_yaml(stage, file)[key])
