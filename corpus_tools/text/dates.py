"""Dates in article text: find date expressions (`patterns.DATE_RE`) and parse them with dateparser.

A regex only *finds* candidates ("17.05.2020", "14 May. 2020", "3 juillet 2020",
"May 17, 2020", "2020-05-17"); dateparser parses them, so no date grammar is
hand-written here.  Which date is the publication date is the caller's choice.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import dateparser

from .patterns import DATE_RE

SETTINGS = {"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"}


@lru_cache(maxsize=4096)
def parse_date(expr: str) -> str | None:
    """ISO date (YYYY-MM-DD) of one date expression, or None when it is not a full date.

    >>> parse_date("3 juillet 2020"), parse_date("May 17, 2020"), parse_date("2020-13-45"), parse_date("2021-02-30")
    ('2020-07-03', '2020-05-17', None, None)
    """
    expr = re.sub(r"\s+", " ", expr).strip()
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?", expr)
    if iso:
        try:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat()
        except ValueError:     # "2020-13-45", "2021-02-30": not a day of the calendar
            return None
    try:
        parsed = dateparser.parse(expr, languages=["fr", "en"], settings=SETTINGS)
    except (ValueError, OverflowError):
        return None
    return parsed.date().isoformat() if parsed else None


def first_date(text: str) -> str | None:
    """The first parseable full date in `text`.

    >>> first_date("Publié le 14 mai 2020 à 10h, mis à jour le 15 mai 2020")
    '2020-05-14'
    """
    for m in DATE_RE.finditer(text):
        iso = parse_date(m[0])
        if iso:
            return iso
    return None
