"""The word lists of the analyses: YAML files under `analysis/data/`, read once, words folded."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

from ..text.fold import fold


@lru_cache(maxsize=None)
def words(file: str, key: str) -> frozenset[str]:
    """The folded words listed under `key` in `analysis/data/<file>.yaml`.

    >>> "devenir" in words("verbs", "copular")
    True
    """
    text = resources.files("corpus_tools.analysis").joinpath("data", f"{file}.yaml").read_text(encoding="utf-8")
    return frozenset(fold(str(w)) for w in yaml.safe_load(text)[key])
