"""Metadata stage: title, dates, author, section, dateline, wire, outlet and language of an article.

Three ranks, strongest first: what the user supplied (jsonl/csv fields), what
the file's structure says (HTML metadata, export fields: `RawArticle.found`),
and what the flattened text says -- read from the lines the clean stage set
aside (its `removed` rows: section, byline, dateline, credit) and from the
head of the cleaned text.  A field the text does not give stays null (source:
"unknown"); a date mentioned inside the story is never taken for the
publication date, nor is an export's load date.
"""
from __future__ import annotations

import re

import py3langid

from .dates import first_date, parse_date
from .fold import fold
from .outlets import Outlet, OutletRegistry
from .patterns import AUTHOR_NAMES, DATE_RE, PERSON_NAME, UPDATE_LABEL
from .records import Cleaned, Dateline


def extract_metadata(cleaned: Cleaned, supplied: dict, found: dict, registry: OutletRegistry,
                     outlet: Outlet | None = None) -> dict:
    """One document's metadata columns (see schema.EXTRA_COLUMNS); supplied wins, then found, then text."""
    by_rule: dict[str, list[str]] = {}
    for r in cleaned.removed:
        by_rule.setdefault(r.rule, []).append(r.text.strip())
    bylines = by_rule.get("byline", [])
    date, updated = dates_from_bylines(bylines)
    place, wires = dateline(cleaned.dateline, registry)
    found_date = found.get("date_text") and (first_date(found["date_text"]) or parse_date(found["date_text"]))
    meta = {
        "title": found.get("title") or cleaned.title,
        "date": found_date or date,
        "updated": updated,
        "author": found.get("author") or author_from_bylines(bylines),
        "section": found.get("section") or section(by_rule.get("section", [])),
        "dateline": found.get("dateline") or place,
        "wire": ", ".join(dict.fromkeys(wires + credited(cleaned, registry)
                                        + ([outlet.agency] if outlet and outlet.agency else []))) or None,
        "source": source_name(supplied, found, outlet),
        "lang": language(cleaned.text),
        "url": found.get("url"),
    }
    for key in ("title", "date", "author", "section", "url"):
        if supplied.get(key):
            meta[key] = supplied[key]
    if supplied.get("date"):
        meta["date"] = parse_date(supplied["date"]) or supplied["date"]
    return meta


def dates_from_bylines(bylines: list[str]) -> tuple[str | None, str | None]:
    """Publication and update dates from byline lines: a date after an update label is the update."""
    date = updated = None
    for line in bylines:
        folded = fold(line)
        label = UPDATE_LABEL.search(folded)
        cut = label.start() if label else len(line)
        for m in DATE_RE.finditer(line):
            iso = parse_date(m[0])
            if iso is None:
                continue
            if m.start() >= cut:
                updated = updated or iso
            else:
                date = date or iso
    if date is None and updated is not None:
        return None, updated   # an update date alone is not the publication date
    return date, updated


def author_from_bylines(bylines: list[str]) -> str | None:
    """The author a byline names: "Par X et Y", or a name heading a "Name | date" line."""
    for line in bylines:
        m = AUTHOR_NAMES.match(line)
        if m:
            return m[1].strip()
        head = re.split(r"\s*[|•·,]\s*|\s+-\s+|\s+(?:à|depuis|in|at)\s+", DATE_RE.sub("|", line))[0].strip(" -|•")
        if re.fullmatch(PERSON_NAME, head) and not UPDATE_LABEL.search(fold(head)) and not re.search(r"\d", head):
            return head
    return None


def dateline(found: Dateline | None, registry: OutletRegistry) -> tuple[str | None, list[str]]:
    """Place and agency code of the dateline the clean stage found."""
    if found is None:
        return None, []
    return found.place, [registry.agency_code(found.agency) or found.agency]


def section(lines: list[str]) -> str | None:
    """Section lines as printed, joined by " > ", without a home crumb ("Accueil > Monde" -> "Monde")."""
    joined = " > ".join(lines)
    return re.sub(r"^(accueil|home|actualités?|news)\s*[>/»›|]\s*", "", joined, flags=re.I).strip() or None


def credited(cleaned: Cleaned, registry: OutletRegistry) -> list[str]:
    """Agencies credited, in order, by credit, caption and byline lines ("(Source : Reuters)", "Photo AFP")."""
    out = []
    for r in cleaned.removed:
        if r.rule not in ("credit", "byline"):
            continue
        for m in registry.agency_pattern.finditer(r.text):
            out.append(registry.agency_code(m[1]) or m[1])
    return out


def source_name(supplied: dict, found: dict, outlet: Outlet | None) -> str:
    """Supplied source, else the registry's outlet, else the file's own (HTML, export), else "unknown"."""
    if supplied.get("source"):
        return supplied["source"]
    if outlet is not None:
        return outlet.name
    return found.get("source") or "unknown"


def language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (py3langid), None for a text too short to tell."""
    sample = text[:5000]
    if len(re.findall(r"\w+", sample)) < 5:
        return None
    return py3langid.classify(sample)[0]

