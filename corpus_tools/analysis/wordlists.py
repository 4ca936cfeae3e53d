"""The word lists of the analyses: YAML files under `analysis/data/`, read once, words folded."""
from __future__ import annotations

from functools import lru_cache
from ..fold import fold
from ..userfiles import shipped_yaml


@lru_cache(maxsize=None)
def words(file: str, key: str) -> frozenset[str]:
    """The folded words listed under `key` in `analysis/data/<file>.yaml`.

    >>> "devenir" in words("verbs", "copular")
    True
    """
    return frozenset(fold(str(w)) for w in shipped_yaml("analysis", file)[key])
