"""Readers: the bytes of one file -> raw articles.

One article per .txt or web page (.html/.htm, main text and metadata by
trafilatura), many per .jsonl/.csv row file or news-database export (Nexis Uni,
Factiva text, Europresse HTML; see `databases`; their cover pages and result lists are
skipped with the reason).  Readers sit in a registry keyed by file suffix
(`register_reader`), so a new format plugs in without touching the walk over the
corpus.  Decoding and repairs are `decode`'s job.  Metadata comes in two ranks:
`meta`, supplied by the user (jsonl/csv fields, named through the column table of
`columns`), which always wins, and `found`, read from the file's own structure (HTML
metadata, export fields), which wins over inference from text.  A column no field
claims is an `InputWarning`, once per file.
"""
from __future__ import annotations

import csv
import inspect
import io
import json
import re
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple

from lxml.etree import LxmlError

from . import databases
from .columns import META_FIELDS, RECORD_FIELDS, ColumnTable, load_columns
from .decode import decode, fix_text
from .records import InputWarning, RawArticle, Skipped

Reader = Callable[..., Iterator["RawArticle | Skipped | InputWarning"]]
READERS: dict[str, Reader] = {}
TAKES_COLUMNS: set[str] = set()   # suffixes whose reader takes the column table (a `columns` parameter)


def register_reader(suffixes: Iterable[str], reader: Reader) -> Reader:
    """Read files ending in `suffixes` (".xml", ...) with `reader(data, path, rel)`, which yields
    `RawArticle`s, `Skipped` rows and `InputWarning`s; a later registration for a suffix replaces
    the earlier one.  A reader of tables with a `columns` parameter is given the column table
    (`columns.ColumnTable`: the built-in names and the user's)."""
    takes_columns = "columns" in inspect.signature(reader).parameters
    for suffix in suffixes:
        READERS[suffix.lower()] = reader
        (TAKES_COLUMNS.add if takes_columns else TAKES_COLUMNS.discard)(suffix.lower())
    return reader


def supported_suffixes() -> list[str]:
    """The file suffixes some reader reads, sorted."""
    return sorted(READERS)


def parse(data: bytes, path: Path, rel: str,
          columns: ColumnTable | None = None) -> Iterator[RawArticle | Skipped | InputWarning]:
    """Every article in one file's bytes, by the reader registered for its suffix."""
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise ValueError(f"no reader for '{path.suffix}' files")
    if suffix in TAKES_COLUMNS:
        yield from reader(data, path, rel, columns=columns or load_columns())
    else:
        yield from reader(data, path, rel)


def read_plain(data: bytes, path: Path, rel: str) -> Iterator[RawArticle | Skipped]:
    """A .txt file: one article, a news-database text export, or a web page saved as text."""
    decoded = decode(data)
    if looks_like_html(decoded.text):
        yield from parse_html(decoded.text, path, rel, decoded.repairs)
    else:
        yield from parse_txt(decoded.text, path, rel, decoded.repairs)


def read_page(data: bytes, path: Path, rel: str) -> Iterator[RawArticle | Skipped]:
    """An .html/.htm file: a web page (trafilatura) or a Europresse export."""
    decoded = decode(data)
    yield from parse_html(decoded.text, path, rel, decoded.repairs)


def read_jsonl(data: bytes, path: Path, rel: str,
               columns: ColumnTable) -> Iterator[RawArticle | Skipped | InputWarning]:
    """A .jsonl file: one article per JSON object with a text field."""
    decoded = decode(data, fix=False)  # records are fixed field by field (see `records`)
    yield from records(jsonl_rows(decoded.text), path, rel, decoded.repairs, columns)


def read_csv(data: bytes, path: Path, rel: str,
             columns: ColumnTable) -> Iterator[RawArticle | Skipped | InputWarning]:
    """A .csv file: one article per row with a text column."""
    decoded = decode(data, fix=False)  # ftfy on a whole CSV file turns "&quot;" into '"' and breaks it
    yield from records(csv_rows(decoded.text), path, rel, decoded.repairs, columns)


HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)


def looks_like_html(text: str) -> bool:
    """Whether a text file is in fact a saved web page."""
    return bool(HTML_START.match(text[:4096]))


def parse_txt(text: str, path: Path, rel: str, repairs: tuple) -> Iterator[RawArticle | Skipped]:
    """One plain-text article, or the articles of a Nexis or Factiva text export (their cover
    pages and search summaries skipped, with what they are)."""
    kind = databases.sniff_text_export(text)
    if kind is None:
        yield RawArticle(path.stem, rel, text, {}, {"format": "txt"}, repairs)
        return
    n = 0
    for art in databases.split_text_export(text, kind):
        if isinstance(art, databases.NotArticle):
            yield Skipped(f"{rel}#{art.part}", art.reason)
            continue
        yield RawArticle(f"{path.stem}-{n:04d}", rel, art.text, {}, {"format": kind, **art.found}, repairs)
        n += 1


def parse_html(html: str, path: Path, rel: str, repairs: tuple) -> Iterator[RawArticle | Skipped]:
    """The article of a web page, or the articles of a Europresse export; a page lxml cannot read is skipped."""
    try:
        yield from read_html(html, path, rel, repairs)
    except (LxmlError, ValueError) as exc:
        yield Skipped(rel, f"unreadable HTML: {exc}")


def read_html(html: str, path: Path, rel: str, repairs: tuple) -> Iterator[RawArticle | Skipped]:
    """`parse_html` without the error handling."""
    if databases.is_europresse(html):
        n = 0
        for art in databases.split_europresse(html):
            if isinstance(art, databases.NotArticle):
                yield Skipped(f"{rel}#{art.part}", art.reason)
                continue
            yield RawArticle(f"{path.stem}-{n:04d}", rel, art.text, {}, {"format": "europresse", **art.found}, repairs)
            n += 1
        return
    found = extract_html(html)
    if found is None:
        yield Skipped(rel, "no main text found in the HTML page")
        return
    yield RawArticle(path.stem, rel, found.pop("text"), {}, found, repairs)


def extract_html(html: str) -> dict | None:
    """Main text and metadata of a web page (trafilatura); the title heads the text as in a flattened page."""
    import trafilatura  # heavy import, only for HTML corpora
    doc = trafilatura.bare_extraction(html, include_comments=False, include_tables=False, with_metadata=True,
                                      favor_precision=True, deduplicate=False,
                                      # the page's own publication date only, not any date found in the prose
                                      date_extraction_params={"original_date": True, "extensive_search": False})
    doc = doc.as_dict() if hasattr(doc, "as_dict") else doc
    if not doc or not (doc.get("text") or "").strip():
        return None
    title = (doc.get("title") or "").strip()
    body = doc["text"].strip()
    text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
    found = {"format": "html", "text": text, "title": title or None, "author": doc.get("author"),
             "date_text": doc.get("date"), "source": doc.get("sitename"), "url": doc.get("url"),
             "section": ", ".join(doc.get("categories") or []) or None}
    return {k: v for k, v in found.items() if v}


class Row(NamedTuple):
    """One row of a table file: its 1-based line, and its columns (or why it is not a row)."""
    line: int
    values: dict | str


def jsonl_rows(text: str) -> Iterator[Row]:
    """Each non-empty line as a dict, or a string saying why it is not a JSON object."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            yield Row(number, f"invalid JSON: {exc}")
            continue
        yield Row(number, row if isinstance(row, dict) else "not a JSON object")


EXTRA_VALUES = "\0extra"   # DictReader's key for values beyond the header


def csv_rows(text: str) -> Iterator[Row]:
    """Each row of a CSV text under its header; a row with more (non-empty) values than the header
    has columns is a string saying so (its values cannot be told apart).  The separator is the one
    the header uses most: ',' or ';' (spreadsheets set to French write ';') or a tab."""
    header = text.split("\n", 1)[0]
    separator = max(",;\t", key=header.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), restkey=EXTRA_VALUES, delimiter=separator)
    start = 2
    for row in reader:
        if any(str(v).strip() for v in row.pop(EXTRA_VALUES, ())):
            yield Row(start, f"more values than the {len(reader.fieldnames or ())} columns of the header "
                             "(a separator or a quote out of place?)")
        else:
            yield Row(start, row)
        start = reader.line_num + 1


def unread_column(column: str, columns: ColumnTable, fields: tuple[str, ...], where: str) -> str:
    """Why a column of a table is not read, and what to do about it (a warning's message)."""
    field = columns.field_of(column)
    if field:
        return f"column {column!r} is not read: it names the field '{field}', which {where} do not use"
    return (f"column {column!r} is not read: no field has this name (fields: {columns.known(fields)}; "
            "add names with --columns FILE)")


def records(rows: Iterable[Row], path: Path, rel: str, repairs: tuple,
            columns: ColumnTable) -> Iterator[RawArticle | Skipped | InputWarning]:
    """Articles from table rows: the text column, the metadata columns as supplied metadata
    (names from the column table); each column no field claims is reported once."""
    reported: set[str] = set()
    for n, (line, row) in enumerate(rows):
        if isinstance(row, str):
            yield Skipped(f"{rel}#{n}", f"line {line}: {row}")
            continue
        values, unused = columns.mapped(row, RECORD_FIELDS)
        for column in unused:
            if column not in reported:
                reported.add(column)
                yield InputWarning(rel, line, unread_column(column, columns, RECORD_FIELDS, "article records"))
        text = values.get("text")
        if not isinstance(text, str) or not text.strip():
            yield Skipped(f"{rel}#{n}", f"line {line}: no text field (looked for a column named "
                                        f"{', '.join(columns.names['text'][:4])} ...)")
            continue
        text, fixes = fix_text(text)
        doc_id = str(values.get("id") or f"{path.stem}-{n:06d}")
        meta = {k: str(v).strip() for k in META_FIELDS if (v := values.get(k)) is not None}
        yield RawArticle(doc_id, rel, text, meta, {"format": path.suffix.lower().lstrip(".")},
                         tuple(dict.fromkeys(repairs + tuple(fixes))))


register_reader([".txt"], read_plain)
register_reader([".html", ".htm"], read_page)
register_reader([".jsonl"], read_jsonl)
register_reader([".csv"], read_csv)
