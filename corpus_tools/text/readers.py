"""Readers: the bytes of one file -> raw articles.

One article per .txt or web page (.html/.htm, main text and metadata by
trafilatura), many per .jsonl/.csv row file or news-database export (Nexis Uni,
Factiva text, Europresse HTML; see `exports`).  Readers sit in a registry keyed by
file suffix (`register_reader`), so a new format plugs in without touching the
walk over the corpus.  Decoding and repairs are `decode`'s job.  Metadata comes in two ranks: `meta`, supplied by the user
(jsonl/csv fields), which always wins, and `found`, read from the file's own
structure (HTML metadata, export fields), which wins over inference from text.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Callable, Iterable, Iterator

from lxml.etree import LxmlError

from . import exports
from .decode import decode, fix_text
from .records import RawArticle, Skipped

META_FIELDS = ("source", "date", "title", "url", "author", "section")
# Column names researchers' tables use for the same fields (lower-cased).
ALIASES = {
    "text": ("text", "body", "content", "texte", "article", "contenu", "full_text"),
    "source": ("source", "outlet", "media", "journal", "newspaper", "publication", "site", "sitename"),
    "date": ("date", "published", "publication_date", "pubdate", "date_publication", "published_at"),
    "title": ("title", "titre", "headline"),
    "url": ("url", "link", "lien"),
    "author": ("author", "authors", "auteur", "byline"),
    "section": ("section", "rubrique", "category"),
}


Reader = Callable[[bytes, Path, str], Iterator["RawArticle | Skipped"]]
READERS: dict[str, Reader] = {}


def register_reader(suffixes: Iterable[str], reader: Reader) -> Reader:
    """Read files ending in `suffixes` (".xml", ...) with `reader(data, path, rel)`, which yields
    `RawArticle`s and `Skipped` rows; a later registration for a suffix replaces the earlier one."""
    for suffix in suffixes:
        READERS[suffix.lower()] = reader
    return reader


def supported_suffixes() -> list[str]:
    """The file suffixes some reader reads, sorted."""
    return sorted(READERS)


def parse(data: bytes, path: Path, rel: str) -> Iterator[RawArticle | Skipped]:
    """Every article in one file's bytes, by the reader registered for its suffix."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ValueError(f"no reader for '{path.suffix}' files")
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


def read_jsonl(data: bytes, path: Path, rel: str) -> Iterator[RawArticle | Skipped]:
    """A .jsonl file: one article per JSON object with a text field."""
    decoded = decode(data, fix=False)  # records are fixed field by field (see `records`)
    yield from records(jsonl_rows(decoded.text), path, rel, decoded.repairs)


def read_csv(data: bytes, path: Path, rel: str) -> Iterator[RawArticle | Skipped]:
    """A .csv file: one article per row with a text column."""
    decoded = decode(data, fix=False)  # ftfy on a whole CSV file turns "&quot;" into '"' and breaks it
    yield from records(csv.DictReader(io.StringIO(decoded.text, newline="")), path, rel, decoded.repairs)


HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)


def looks_like_html(text: str) -> bool:
    """Whether a text file is in fact a saved web page."""
    return bool(HTML_START.match(text[:4096]))


def parse_txt(text: str, path: Path, rel: str, repairs: tuple) -> Iterator[RawArticle]:
    """One plain-text article, or the articles of a Nexis or Factiva text export."""
    kind = exports.sniff_text_export(text)
    if kind is None:
        yield RawArticle(path.stem, rel, text, {}, {"format": "txt"}, repairs)
        return
    for n, art in enumerate(exports.split_text_export(text, kind)):
        yield RawArticle(f"{path.stem}-{n:04d}", rel, art.text, {}, {"format": kind, **art.found}, repairs)


def parse_html(html: str, path: Path, rel: str, repairs: tuple) -> Iterator[RawArticle | Skipped]:
    """The article of a web page, or the articles of a Europresse export; a page lxml cannot read is skipped."""
    try:
        yield from read_html(html, path, rel, repairs)
    except (LxmlError, ValueError) as exc:
        yield Skipped(rel, f"unreadable HTML: {exc}")


def read_html(html: str, path: Path, rel: str, repairs: tuple) -> Iterator[RawArticle | Skipped]:
    """`parse_html` without the error handling."""
    if exports.is_europresse(html):
        for n, art in enumerate(exports.split_europresse(html)):
            yield RawArticle(f"{path.stem}-{n:04d}", rel, art.text, {}, {"format": "europresse", **art.found}, repairs)
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


def jsonl_rows(text: str) -> Iterator[dict | str]:
    """Each non-empty line as a dict, or a string saying why it is not a JSON object."""
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            yield f"invalid JSON: {exc}"
            continue
        yield row if isinstance(row, dict) else "not a JSON object"


def records(rows: Iterable[dict | str], path: Path, rel: str, repairs: tuple) -> Iterator[RawArticle | Skipped]:
    """Articles from table rows: the text column (`ALIASES`), metadata columns as supplied metadata."""
    for n, row in enumerate(rows):
        if isinstance(row, str):
            yield Skipped(f"{rel}#{n}", row)
            continue
        row = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
        text = pick(row, "text")
        if not isinstance(text, str) or not text.strip():
            yield Skipped(f"{rel}#{n}", "no text field")
            continue
        text, fixes = fix_text(text)
        doc_id = str(row.get("id") or row.get("doc_id") or f"{path.stem}-{n:06d}")
        meta = {k: str(v).strip() for k in META_FIELDS if (v := pick(row, k)) not in (None, "") and str(v).strip()}
        yield RawArticle(doc_id, rel, text, meta, {"format": path.suffix.lower().lstrip(".")},
                         tuple(dict.fromkeys(repairs + tuple(fixes))))


def pick(row: dict, name: str):
    """The first non-empty value among the column names researchers use for `name`."""
    return next((row[a] for a in ALIASES[name] if row.get(a) not in (None, "")), None)


register_reader([".txt"], read_plain)
register_reader([".html", ".htm"], read_page)
register_reader([".jsonl"], read_jsonl)
register_reader([".csv"], read_csv)
