"""News-database exports -> one (text, found-metadata) pair per article.

Nexis Uni / LexisNexis text exports (articles ended by ``End of Document`` or
headed by ``N of M DOCUMENTS``), Factiva text exports (articles ended by a
``Document <id>`` line) and Europresse HTML exports (one ``<article>`` each).
Field names follow what LexisNexisTools reads (Newspaper, Date, Length,
Section, Author/Byline, Headline, Body).  Each article's text is its own slice
of the export, so the clean stage can drop the export's field lines and audit
them like any other boilerplate (`EXPORT_FIELD` is the line pattern it uses).
A load or indexing date is never taken as the publication date.
"""
from __future__ import annotations

import re
from typing import Iterator, NamedTuple

import lxml.html

from .patterns import is_date_line

NEXIS_END = re.compile(r"(?im)^[ \t]*(End of Document|Fin du document|Dokumentende)[ \t]*$")
NEXIS_OLD_HEAD = re.compile(r"(?im)^[ \t]*\d+ (of|de|sur) \d+ DOCUMENTS?[ \t]*$")
FACTIVA_END = re.compile(r"(?m)^[ \t]*Document [A-Za-z0-9]{16,}[ \t]*$")
NEXIS_FIELDS = ("length", "byline", "section", "load-date", "language", "publication-type", "subject",
                "geographic", "company", "organization", "person", "industry", "graphic", "dateline",
                "highlight", "journal-code", "classification", "document-type", "edition", "copyright",
                "body", "notes", "correction-date", "ticker", "series", "type", "pub-type", "url")
# A line that belongs to the export, not to the article (used by clean as an audited rule).
EXPORT_FIELD = re.compile(
    r"^\s*(?:(?:" + "|".join(re.escape(f) for f in NEXIS_FIELDS) + r")\s*:.*"
    r"|body|classification|end of document|fin du document|\d+ (?:of|de|sur) \d+ documents?"
    r"|copyright\b.*|\(c\)\s*\d{4}.*|©\s*\d{4}.*|document [a-z0-9]{16,}"
    r"|\d[\d\s.,]* (?:words|mots|wörter))\s*$",
    re.I)
# Factiva's labelled export format: a two-to-four-letter upper-case field code, then its value.
FACTIVA_CODE = re.compile(r"^(?:HD|BY|WC|PD|ET|SN|SC|ED|PG|LA|CY|LP|TD|CO|IN|NS|RE|IPC|IPD|PUB|AN|CR|ART|SE|CLM|RF)(?:\s.*)?$")


class ExportArticle(NamedTuple):
    """One article of an export: its slice of the export and the metadata of its fields."""
    text: str      # the article's slice of the export (field lines included)
    found: dict    # metadata read from the export's fields


def sniff_text_export(text: str) -> str | None:
    """'nexis', 'factiva' or None for a plain article."""
    if NEXIS_END.search(text) or NEXIS_OLD_HEAD.search(text):
        if re.search(r"(?im)^\s*(Length|Load-Date|Byline|Section)\s*:", text):
            return "nexis"
    if FACTIVA_END.search(text) and re.search(r"(?im)^\s*\d[\d\s.,]* (words|mots)\s*$", text):
        return "factiva"
    return None


def split_text_export(text: str, kind: str) -> Iterator[ExportArticle]:
    """The articles of a Nexis or Factiva text export, each with the metadata of its fields."""
    pieces = split_nexis(text) if kind == "nexis" else split_on(FACTIVA_END, text, keep_end=True)
    for piece in pieces:
        if not re.search(r"\w{3}", piece):
            continue
        found = nexis_fields(piece) if kind == "nexis" else factiva_fields(piece)
        yield ExportArticle(piece, found)


def split_nexis(text: str) -> list[str]:
    """Nexis articles: ended by "End of Document", or headed by "N of M DOCUMENTS" in older exports."""
    if NEXIS_END.search(text):
        return split_on(NEXIS_END, text, keep_end=True)
    starts = [m.start() for m in NEXIS_OLD_HEAD.finditer(text)] + [len(text)]
    return [text[a:b] for a, b in zip(starts, starts[1:])]


def split_on(pattern: re.Pattern, text: str, keep_end: bool) -> list[str]:
    """`text` cut at every match of `pattern` (the match kept at the end of its piece, or dropped)."""
    out, start = [], 0
    for m in pattern.finditer(text):
        out.append(text[start:m.end() if keep_end else m.start()])
        start = m.end()
    out.append(text[start:])
    return out


def field(piece: str, name: str) -> str | None:
    """The value of a "Name: value" line of an export article."""
    m = re.search(rf"(?im)^\s*{name}\s*:\s*(.+?)\s*$", piece)
    return m[1] if m else None


def header_lines(piece: str, stop: re.Pattern) -> list[str]:
    """Non-empty lines before the first line matching `stop`."""
    out = []
    for line in piece.splitlines():
        if stop.match(line):
            break
        if line.strip() and not NEXIS_OLD_HEAD.match(line):
            out.append(line.strip())
    return out


def nexis_fields(piece: str) -> dict:
    """Headline, newspaper and date from the header lines (LexisNexisTools' reading).

    Nexis Uni prints headline, newspaper, date; the older LexisNexis Academic
    format ("1 of 20 DOCUMENTS") prints newspaper, date, headline.
    """
    head = header_lines(piece, re.compile(r"(?i)^\s*(copyright\b|byline\s*:|dateline\s*:|(length|section|byline|body)\s*:?\s*$|(length|section|byline)\s*:)"))
    found: dict = {}
    dated = [i for i, ln in enumerate(head) if is_date_line(ln)]
    if dated and NEXIS_OLD_HEAD.search(piece):
        i = dated[0]
        found["date_text"] = head[i]
        if i >= 1:
            found["source"] = head[i - 1]
        if len(head) > i + 1:
            found["title"] = " ".join(head[i + 1:])
    elif dated:
        i = dated[0]
        found["date_text"] = head[i]
        if i >= 2:
            found["title"], found["source"] = " ".join(head[:i - 1]), head[i - 1]
        elif i == 1:
            found["title"] = head[0]
    elif head:
        found["title"] = head[0]
    section = field(piece, "Section")
    if section:
        found["section"] = re.split(r";\s*(Pg\.|Page|S\.)", section)[0].strip()
    author = field(piece, "Byline")
    if author:
        found["author"] = author
    dateline = field(piece, "Dateline")
    if dateline:
        found["dateline"] = dateline
    return found


def factiva_fields(piece: str) -> dict:
    """Factiva: title, [author], 'N words', date, [time], source name, code, language, copyright."""
    labelled = {m[1].upper(): m[2].strip() for m in re.finditer(r"(?m)^\s*(HD|BY|PD|SN|SE)\s+(.+)$", piece)}
    if "HD" in labelled:
        keys = {"HD": "title", "BY": "author", "PD": "date_text", "SN": "source", "SE": "section"}
        return {keys[k]: v for k, v in labelled.items()}
    lines = [ln.strip() for ln in piece.splitlines() if ln.strip()]
    wc = next((i for i, ln in enumerate(lines) if re.fullmatch(r"\d[\d\s.,]* (words|mots)", ln, re.I)), None)
    if wc is None:
        return {}
    found: dict = {}
    if wc >= 1:
        found["title"] = lines[0]
    if wc >= 2:
        found["author"] = lines[1]
    after = lines[wc + 1:wc + 4]
    if after and is_date_line(after[0]):
        found["date_text"] = after[0]
        rest = [ln for ln in after[1:] if not re.fullmatch(r"\d{1,2}[:h]\d{2}( GMT| UTC)?", ln)]
        if rest:
            found["source"] = rest[0]
    return found


# --- Europresse HTML ---------------------------------------------------------------------------

def is_europresse(html: str) -> bool:
    """Whether an HTML file is a Europresse export (its class names say so)."""
    return "DocPublicationName" in html and ("titreArticle" in html or "DocText" in html)


def split_europresse(html: str) -> Iterator[ExportArticle]:
    """One article per <article>: title, outlet, header (date, section), authors, body paragraphs."""
    tree = lxml.html.fromstring(html)
    for node in tree.iter("article"):
        title = first_text(node, ".//*[contains(@class,'titreArticle')]")
        source = first_text(node, ".//*[contains(@class,'DocPublicationName')]")
        header = first_text(node, ".//*[contains(@class,'DocHeader')]")
        author = first_text(node, ".//*[contains(@class,'docAuthors')]")
        body = node.xpath(".//*[contains(@class,'DocText')]")
        paras = [collapse_spaces(p.text_content()) for p in (body[0].xpath(".//p") or [body[0]])] if body else []
        paras = [p for p in paras if p]
        if not paras:
            continue
        section = header.split(",")[0].strip() if header and "," in header else None
        if section and re.search(r"\d", section):
            section = None
        found = {k: v for k, v in (("title", title), ("source", source and re.split(r",|\bno\.", source)[0].strip()),
                                   ("date_text", header), ("author", author), ("section", section)) if v}
        text = "\n\n".join(([title] if title else []) + paras)
        yield ExportArticle(text, found)


def first_text(node, xpath: str) -> str | None:
    """The whitespace-collapsed text of the first node matching `xpath`, or None."""
    hits = node.xpath(xpath)
    return collapse_spaces(hits[0].text_content()) or None if hits else None


def collapse_spaces(s: str) -> str:
    """Runs of whitespace as one space, ends stripped."""
    return re.sub(r"\s+", " ", s).strip()
