"""Metadata stage: title, publication date and outlet of an article."""
from __future__ import annotations

import re

DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")


def extract_metadata(text: str, supplied: dict) -> dict:
    """Supplied metadata wins; otherwise infer what the text states, else null."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    title = next((ln for ln in lines if len(ln.split()) >= 4), None)
    match = DATE.search(text[:500])
    date = f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}" if match else None
    meta = {"title": title, "date": date, "source": "unknown"}
    meta.update(supplied)
    return meta
