"""Safe, stable file names for actors and outlets.

>>> slugify("Recep Tayyip Erdoğan")
'recep-tayyip-erdogan-026ffff1'
>>> slugify("../../etc/passwd").startswith("etc-passwd-")
True
>>> slugify("CON") != slugify("con") and slugify("CON").startswith("con--")
True
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_BASE = 60
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                    *(f"lpt{i}" for i in range(1, 10))}


def slugify(name: str) -> str:
    """ASCII base of at most 60 characters plus a hash of the exact name.

    The hash keeps names that differ only by case, accent or punctuation apart,
    and gives the same slug for the same name on every run.  The result is
    lower case and made of [a-z0-9-] only: no path separator, no dot, never a
    reserved Windows device name, at most 69 characters.
    """
    folded = unicodedata.normalize("NFKD", name)
    ascii_text = folded.encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:MAX_BASE].strip("-") or "x"
    if base in WINDOWS_RESERVED:
        base = f"{base}-"
    tag = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{base}-{tag}"
