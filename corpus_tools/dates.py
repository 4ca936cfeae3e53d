"""Dates in article text: find French or English date expressions and parse them (dateparser).

A regex only *finds* candidates ("17.05.2020", "14 May. 2020", "3 juillet 2020",
"May 17, 2020", "2020-05-17"); dateparser parses them, so no date grammar is
hand-written here.  Which date is the publication date is the caller's choice.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import dateparser

MONTH = (r"(?:janv(?:ier)?|f[ée]vr(?:ier)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|ao[uû]t|sept(?:embre)?|oct(?:obre)?"
         r"|nov(?:embre)?|d[ée]c(?:embre)?|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
         r"|aug(?:ust)?|sep(?:t(?:ember)?)?|october|november|december)\.?")
TIME = r"(?:,?\s*(?:à\s*|at\s*|-\s*)?\d{1,2}\s*[:h]\s*\d{2}(?:\s*(?:GMT|UTC|CET|CEST|[AP]M))?)?"
DATE_RE = re.compile(
    rf"\b(?:\d{{1,2}}(?:er)?\s+{MONTH}\s+\d{{4}}"          # 3 juillet 2020, 14 May. 2020
    rf"|{MONTH}\s+\d{{1,2}},?\s+\d{{4}}"                   # May 17, 2020
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{4}"                       # 17.05.2020
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?"  # 2020-05-17
    rf"){TIME}", re.I)
COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
SETTINGS = {"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"}


def find_dates(text: str) -> list[re.Match]:
    return list(DATE_RE.finditer(text))


@lru_cache(maxsize=4096)
def parse_date(expr: str) -> str | None:
    """ISO date (YYYY-MM-DD) of one date expression, or None when it is not a full date."""
    expr = re.sub(r"\s+", " ", expr).strip()
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2}).*", expr)
    if iso:
        return f"{iso[1]}-{iso[2]}-{iso[3]}" if 1 <= int(iso[2]) <= 12 and 1 <= int(iso[3]) <= 31 else None
    parsed = dateparser.parse(expr, languages=["fr", "en"], settings=SETTINGS)
    return parsed.date().isoformat() if parsed else None


def first_date(text: str) -> str | None:
    """The first parseable full date in `text`."""
    for m in find_dates(text):
        iso = parse_date(m[0])
        if iso:
            return iso
    return None


def fold(s: str) -> str:
    """Casefolded, accent-free text for matching labels ("Mıse À Jour" -> "mise a jour")."""
    s = unicodedata.normalize("NFKD", s.replace("ı", "i").replace("İ", "I").replace("’", "'"))
    return COMBINING.sub("", s).casefold()
