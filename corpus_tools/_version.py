"""The package version, and a digest of the code itself: one place, imported by whatever records them.

Caches and "nothing changed" checks key on `code_digest`, not only on the version, so that
an edited rule (a development checkout, a patched install) never serves results of the old code.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

__version__ = "0.2.0"

PACKAGE = Path(__file__).resolve().parent
CODE_SUFFIXES = {".py", ".yaml", ".ipynb", ".j2"}


@lru_cache(maxsize=16)
def code_digest(*parts: str) -> str:
    """A digest of the version and of the code and data files under `parts` of the package
    (folders such as "text" or files such as "fold.py"; none: the whole package).

    >>> code_digest("text") == code_digest("text") != code_digest("actors")
    True
    """
    digest = hashlib.sha256(__version__.encode())
    for part in [PACKAGE / p for p in parts] or [PACKAGE]:
        for path in [part] if part.is_file() else sorted(part.rglob("*")):
            if path.suffix in CODE_SUFFIXES and "__pycache__" not in path.parts:
                digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]
