"""News-database export files (Nexis Uni, Factiva, Europresse) -> one (text, found-metadata) pair per article.

Nexis Uni / LexisNexis text exports (articles ended by ``End of Document`` or
headed by ``N of M DOCUMENTS``), Factiva text exports (articles ended by a
``Document <id>`` line) and Europresse HTML exports (one ``<article>`` each).
Field names follow what LexisNexisTools reads (Newspaper, Date, Length,
Section, Author/Byline, Headline, Body).  Each article's text is its own slice
of the export, so the clean stage can drop the export's field lines and audit
them like any other boilerplate (`EXPORT_FIELD` is the line pattern it uses).
A load or indexing date is never taken as the publication date.

Exports also hold pages that are not articles: the cover page a Nexis Uni export
opens with (user, download date and time, job number, a numbered list of every
title), a numbered list of results before the first article, Factiva's closing
search summary, Europresse's list of results.  They are recognised by their
structure (labels in `data/export_pages.yaml`, a numbered list of the file's own
titles) and come out as `NotArticle`, so the reader lists them as skipped and
their titles never yield mentions.
"""
from __future__ import annotations

import re
from typing import Iterator, NamedTuple

import lxml.html

from ..fold import fold
from ..userfiles import shipped_yaml
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
FACTIVA_CODE = re.compile(r"^(?:HD|BY|WC|PD|ET|SN|SC|ED|PG|LA|CY|LP|TD|CO|IN|NS|RE|IPC|IPD|PUB|AN|CR|ART|SE|CLM|RF)"
                          r"(?:\s.*)?$")


NUMBERED = re.compile(r"^\s*(\d{1,4})[.)]\s+(\S.*?)\s*$")
# The first line of an article's fields: where an export's front matter has certainly ended.
NEXIS_FIELDS_START = re.compile(r"(?i)^\s*(?:length|byline|section|load-date)\s*:|^\s*copyright\b|^\s*body\s*$")
FACTIVA_FIELDS_START = re.compile(r"(?i)^\s*\d[\d\s.,]* (?:words|mots)\s*$")


class ExportArticle(NamedTuple):
    """One article of an export: its slice of the export and the metadata of its fields."""
    text: str      # the article's slice of the export (field lines included)
    found: dict    # metadata read from the export's fields


class NotArticle(NamedTuple):
    """A page of an export that is not an article (a cover page, a result list), and what it is."""
    part: str      # where it is: "cover", "results", "search-summary", or "entry-N"
    reason: str    # the skip reason the user reads


class FrontMatter(NamedTuple):
    """Lines before an export's first article that are not an article."""
    end: int       # offset where the first article starts
    titles: int    # how many titles its numbered list holds
    labels: int    # how many cover labels it has


def sniff_text_export(text: str) -> str | None:
    """'nexis', 'factiva' or None for a plain article."""
    if NEXIS_END.search(text) or NEXIS_OLD_HEAD.search(text):
        if re.search(r"(?im)^\s*(Length|Load-Date|Byline|Section)\s*:", text):
            return "nexis"
    if FACTIVA_END.search(text) and re.search(r"(?im)^\s*\d[\d\s.,]* (words|mots)\s*$", text):
        return "factiva"
    return None


def split_text_export(text: str, kind: str) -> Iterator[ExportArticle | NotArticle]:
    """The articles of a Nexis or Factiva text export, each with the metadata of its fields, and
    the pages that are not articles (a cover page, a result list, a search summary)."""
    labels = shipped_yaml("text", "export_pages")["nexis_cover"] if kind == "nexis" else []
    front = front_matter(text, labels, NEXIS_FIELDS_START if kind == "nexis" else FACTIVA_FIELDS_START)
    if front is not None:
        yield front_page(front, kind)
        text = text[front.end:]
    pieces = split_nexis(text) if kind == "nexis" else split_on(FACTIVA_END, text, keep_end=True)
    for piece in pieces:
        if not re.search(r"\w{3}", piece):
            continue
        if kind == "factiva" and is_factiva_summary(piece):
            yield NotArticle("search-summary", "search summary of a Factiva export (search text, filters, "
                                               "number of results, time stamp): not an article")
            continue
        found = nexis_fields(piece) if kind == "nexis" else factiva_fields(piece)
        yield ExportArticle(piece, found)


def front_page(front: FrontMatter, kind: str) -> NotArticle:
    """What the front matter of an export is, as a skip."""
    titles = (f"the list of its {front.titles} title{'s' * (front.titles > 1)}" if front.titles
              else "no list of titles")
    if front.labels:
        return NotArticle("cover", f"cover page of a Nexis Uni export (download details, search, {titles}): "
                                   "not an article")
    return NotArticle("results", f"list of results at the head of a {'Nexis' if kind == 'nexis' else 'Factiva'} "
                                 f"export ({titles}): not an article")


def label_of(line: str, labels: list[str]) -> str | None:
    """The label (of `labels`, folded) a line starts with, as a whole word, or None."""
    folded = fold(line.strip())
    for label in labels:
        if folded.startswith(label) and not folded[len(label):len(label) + 1].isalnum():
            return label
    return None


def numbered_list(lines: list[str], labels: list[str]) -> list[tuple[int, str]]:
    """(line index, title) of the first run of items numbered 1, 2, 3... (blank and labelled lines
    between them allowed)."""
    items: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        m = NUMBERED.match(line)
        if m and int(m[1]) == len(items) + 1:
            items.append((i, m[2]))
        elif items and line.strip() and not m and not label_of(line, labels):
            break
    return items


def front_matter(text: str, labels: list[str], fields_start: re.Pattern) -> FrontMatter | None:
    """The cover page or result list before an export's first article, or None.

    Looked for in the lines before the first article's field lines: two cover `labels` or more,
    or a numbered list (1, 2, ...) opening the file.  The first article starts on the line that
    repeats the list's first title; without a list, after the block of the last cover label.
    """
    lines = text.splitlines(keepends=True)
    head = next((i for i, line in enumerate(lines) if fields_start.match(line)), len(lines))
    labelled = [i for i in range(head) if label_of(lines[i], labels)]
    found = {label_of(lines[i], labels) for i in labelled}
    items = numbered_list(lines[:head], labels)
    opens = [i for i, line in enumerate(lines[:head]) if line.strip()][:3]
    if len(found) < 2 and not (len(items) >= 2 and items[0][0] in opens):
        return None
    last = max([*labelled, *(i for i, _ in items)])
    start = None
    if items:
        first_title = fold(items[0][1])[:40]
        start = next((i for i in range(last + 1, head) if lines[i].strip()
                      and fold(lines[i].strip()).startswith(first_title)), None)
    if start is None:   # after the block of the last label: lines up to the next blank one
        start = next((i for i in range(last + 1, len(lines)) if not lines[i].strip()), len(lines))
    return FrontMatter(sum(map(len, lines[:start])), len(items), len(found))


def is_factiva_summary(piece: str) -> bool:
    """Whether a piece of a Factiva export is its closing search summary."""
    lines = [line for line in piece.splitlines() if line.strip()]
    pages = shipped_yaml("text", "export_pages")
    if any(label_of(line, pages["factiva_summary_heading"]) for line in lines[:3]):
        return True
    return len({label_of(line, pages["factiva_summary"]) for line in lines} - {None}) >= 2


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
    head = header_lines(piece, re.compile(r"(?i)^\s*(copyright\b|byline\s*:|dateline\s*:"
                                          r"|(length|section|byline|body)\s*:?\s*$|(length|section|byline)\s*:)"))
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


def split_europresse(html: str) -> Iterator[ExportArticle | NotArticle]:
    """One article per <article>: title, outlet, header (date, section), authors, body paragraphs;
    an entry without text, and a list of results outside the articles, as `NotArticle`."""
    tree = lxml.html.fromstring(html)
    titles = []
    for n, node in enumerate(tree.iter("article"), start=1):
        title = first_text(node, ".//*[contains(@class,'titreArticle')]")
        source = first_text(node, ".//*[contains(@class,'DocPublicationName')]")
        header = first_text(node, ".//*[contains(@class,'DocHeader')]")
        author = first_text(node, ".//*[contains(@class,'docAuthors')]")
        body = node.xpath(".//*[contains(@class,'DocText')]")
        paras = [collapse_spaces(p.text_content()) for p in (body[0].xpath(".//p") or [body[0]])] if body else []
        paras = [p for p in paras if p]
        titles.append(title)
        if not paras:
            yield NotArticle(f"entry-{n}", f"entry {n} of the Europresse export has no article text"
                                           + (f" ('{title[:60]}')" if title else ""))
            continue
        section = header.split(",")[0].strip() if header and "," in header else None
        if section and re.search(r"\d", section):
            section = None
        found = {k: v for k, v in (("title", title), ("source", source and re.split(r",|\bno\.", source)[0].strip()),
                                   ("date_text", header), ("author", author), ("section", section)) if v}
        text = "\n\n".join(([title] if title else []) + paras)
        yield ExportArticle(text, found)
    listed = europresse_results(tree, [t for t in titles if t])
    if listed:
        yield NotArticle("results", f"list of results of a Europresse export ({listed} titles): not an article")


def europresse_results(tree, titles: list[str]) -> int:
    """How many of the export's titles the page lists outside its articles (a list of results: 2 or more),
    else 0."""
    for node in list(tree.iter("article")):
        node.drop_tree()
    outside = fold(collapse_spaces(tree.text_content()))
    listed = sum(fold(t)[:60] in outside for t in titles)
    return listed if listed >= 2 else 0


def first_text(node, xpath: str) -> str | None:
    """The whitespace-collapsed text of the first node matching `xpath`, or None."""
    hits = node.xpath(xpath)
    return collapse_spaces(hits[0].text_content()) or None if hits else None


def collapse_spaces(s: str) -> str:
    """Runs of whitespace as one space, ends stripped."""
    return re.sub(r"\s+", " ", s).strip()
