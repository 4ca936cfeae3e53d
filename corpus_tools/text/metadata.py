"""Metadata stage: title, dates, author, section, dateline, wire, outlet and languages of an article.

Three ranks, strongest first: what the user supplied (sidecar rows, jsonl/csv fields), what
the file's structure says (HTML metadata, export fields: `RawArticle.found`),
and what the flattened text says -- read from the lines the clean stage set
aside (its `removed` rows: section, byline, dateline, credit) and from the
head of the cleaned text.  A field the text does not give stays null (source:
"unknown"); a date mentioned inside the story is never taken for the
publication date, nor is an export's load date.  Dates are ISO text (YYYY-MM-DD)
or null: a supplied or found date that is not a full date is set aside with a
warning saying what was kept instead.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from .dates import first_date, parse_date
from ..fold import fold
from .languages import Paragraph, paragraphs as paragraphs_of, shares
from .outlets import Attribution, Outlet, OutletRegistry, attribute, name_key
from .patterns import ACRONYM, AUTHOR_NAMES, DATE_RE, DESK_AUTHOR, PERSON_NAME, UPDATE_LABEL, signature
from .records import Cleaned, Dateline


class Extracted(NamedTuple):
    """An article's metadata columns, and the warnings reading them gave."""
    columns: dict          # see schema.EXTRA_COLUMNS (and source, title, date)
    warnings: list[str]    # one line each, naming the value at fault


def extract_metadata(cleaned: Cleaned, supplied: dict, found: dict, registry: OutletRegistry,
                     outlet: Outlet | None = None, attribution: Attribution | None = None,
                     described_by: str | None = None, paragraphs: list[Paragraph] | None = None) -> Extracted:
    """One document's metadata columns (see schema.EXTRA_COLUMNS); supplied wins, then found, then text.

    `attribution`: the article's source as `outlets.attribute` gave it (default: from the supplied and
    found names and URL); `described_by`: the sidecar row behind `supplied`, named in warnings;
    `paragraphs`: the cleaned text's paragraphs with their language (default: `languages.paragraphs`).
    """
    by_rule: dict[str, list[str]] = {}
    for r in cleaned.removed:
        by_rule.setdefault(r.rule, []).append(r.text.strip())
    bylines = by_rule.get("byline", [])
    text_date, updated = dates_from_bylines(bylines)
    place, wires = dateline(cleaned.dateline, registry)
    if attribution is None:
        attribution = attribute(registry, supplied=supplied.get("source"), url=supplied.get("url") or found.get("url"),
                                page=found.get("source"))
    date, warnings = publication_date(supplied.get("date"), found.get("date_text"), text_date, described_by)
    meta = {
        "title": found.get("title") or cleaned.title,
        "date": date,
        "updated": updated,
        "author": author(found.get("author"), bylines, registry, attribution.source),
        "section": found.get("section") or section(by_rule.get("section", [])),
        "dateline": found.get("dateline") or place,
        "wire": ", ".join(dict.fromkeys(wires + credited(cleaned, registry)
                                        + agencies_as_author(found.get("author"), registry, attribution.source)
                                        + ([outlet.agency] if outlet and outlet.agency else []))) or None,
        "source": attribution.source,
        "source_from": attribution.basis,
        "url": found.get("url"),
    }
    for key in ("title", "author", "section", "url"):
        if supplied.get(key):
            meta[key] = supplied[key]
    meta.update(languages(paragraphs_of(cleaned.text) if paragraphs is None else paragraphs, supplied.get("lang")))
    return Extracted(meta, warnings)


def languages(text_paragraphs: list[Paragraph], supplied: str | None = None) -> dict:
    """The `lang` (the supplied one, else the language of most of the text), `lang_share` (the share
    of the text in it, null when no paragraph could be told) and `langs` (every language present,
    most first, comma-separated) columns.

    >>> languages([Paragraph(0, 0, 30, "fr", True), Paragraph(1, 31, 41, "en", True)])
    {'lang': 'fr', 'lang_share': 0.75, 'langs': 'fr, en'}
    """
    found = shares(text_paragraphs)
    lang = supplied or next(iter(found), None)
    return {"lang": lang, "lang_share": found.get(lang, 0.0) if found else None, "langs": ", ".join(found) or None}


def publication_date(supplied: str | None, found: str | None, from_text: str | None,
                     described_by: str | None = None) -> tuple[str | None, list[str]]:
    """The publication date (ISO) -- supplied, else found in the file's structure, else read in the
    text -- and a warning for each supplied or found value that is not a full date.

    >>> publication_date("mardi dernier", None, "2020-05-14")
    ('2020-05-14', ["date 'mardi dernier' (supplied) is not a full date (day, month, year): not used;
                     documents.date is 2020-05-14 instead"])
    """
    values = [(supplied, parse_date, f"from {described_by}" if described_by else "supplied"),
              (found, found_date, "in the file's metadata")]
    bad: list[tuple[str, str]] = []
    for value, parse, origin in values:
        if value is None or not str(value).strip():
            continue
        iso = parse(str(value))
        if iso:
            return iso, [unparsed(v, o, iso) for v, o in bad]
        bad.append((str(value), origin))
    return from_text, [unparsed(v, o, from_text) for v, o in bad]


def found_date(text: str) -> str | None:
    """The date of a date field of a page or export ("Monde, mardi 14 juillet 2020 505 mots")."""
    return first_date(text) or parse_date(text)


def unparsed(value: str, origin: str, kept: str | None) -> str:
    """The warning for a date value that is not a full date, saying what documents.date holds instead."""
    outcome = f"documents.date is {kept} instead" if kept else "documents.date left empty"
    return f"date {value.strip()[:80]!r} ({origin}) is not a full date (day, month, year): not used; {outcome}"


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


def author(field: str | None, bylines: list[str], registry: OutletRegistry, source: str | None) -> str | None:
    """The author: the file's author field, unless it names no person (empty, or only agencies,
    outlets and desks: "AFP", "La rédaction"); then the person a byline of the text names, else the field."""
    if field and not names_no_person(field, registry, source):
        return field
    return author_from_bylines(bylines) or field or None


def names_no_person(field: str, registry: OutletRegistry, source: str | None) -> bool:
    """Whether every part of an author field ("AFP", "Le Sahel / ANP", "La rédaction") is an
    agency, an outlet (the article's own included) or a desk."""
    parts = [p.strip() for p in re.split(r"\s*(?:[,;/&+]|\bet\b|\band\b|\bavec\b)\s*", field) if p.strip(" ().")]
    return bool(parts) and all(
        registry.agency_pattern.fullmatch(p.strip(" ().")) or registry.by_name(p) is not None
        or (source is not None and name_key(p) == name_key(source)) or DESK_AUTHOR.fullmatch(fold(p).strip(" ."))
        for p in parts)


def agencies_as_author(field: str | None, registry: OutletRegistry, source: str | None) -> list[str]:
    """The agencies an author field names when it names no person (kept in `wire` when a byline of
    the text gives the author)."""
    if not field or not names_no_person(field, registry, source):
        return []
    return [registry.agency_code(m[1]) or m[1] for m in registry.agency_pattern.finditer(field)]


def author_from_bylines(bylines: list[str]) -> str | None:
    """The author a byline names: "Par X et Y", a name heading a "Name | date" line, or a signature
    closing the article ("Jean Dupont (AGENCE)", "Marie Martin, envoyée spéciale")."""
    for line in bylines:
        m = AUTHOR_NAMES.match(line)
        if m:
            return m[1].strip()
        signed = signature(line)
        if signed:
            return signed["name"].rstrip(".")
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
        found = [registry.agency_code(m[1]) or m[1] for m in registry.agency_pattern.finditer(r.text)]
        signed = signature(r.text.strip()) if r.rule == "byline" and not found else None
        if signed and signed["credit"] and ACRONYM.fullmatch(signed["credit"]):
            found = [signed["credit"]]   # an agency the registry does not know: "Jean Dupont (ANP)"
        out.extend(found)
    return out

