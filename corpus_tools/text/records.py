"""The records the text stage passes between its steps: files become articles, articles documents.

    files/readers -> RawArticle | Skipped -> clean -> Cleaned -> metadata -> a `documents` row

Each is a small immutable record; the columns of the tables they end up in are
documented once, in `corpus_tools.schema`.
"""
from __future__ import annotations

from typing import NamedTuple

import pandas as pd


class RawArticle(NamedTuple):
    """One article as read from its file, before cleaning."""
    doc_id: str
    path: str                  # relative to the corpus folder
    text: str                  # decoded text, before cleaning (`removed` offsets index it)
    meta: dict                 # metadata supplied by the user (jsonl/csv fields): always wins
    found: dict = {}           # metadata read from the file's structure; "format" names the reader
    repairs: tuple = ()        # decoding repairs (see decode.Decoded.repairs)


class Skipped(NamedTuple):
    """A file (or file#row) that gave no article, and why (a row of the `skipped` table)."""
    path: str
    reason: str


class Removed(NamedTuple):
    """A span the clean stage removed (a row of the `removed` table, without its doc_id)."""
    start_char: int   # offset in the decoded raw text
    end_char: int
    text: str
    rule: str


class Dateline(NamedTuple):
    """Where and from which agency a story was filed: "TRIPOLI (AFP) -", "AA/ Bruxelles"."""
    place: str
    agency: str                        # the agency as spelled in the text
    credit: tuple[int, int] | None     # span of the agency credit in the cleaned text (inline datelines)


class Cleaned(NamedTuple):
    """The article text without furniture, what was removed, and what the removed lines said."""
    text: str
    removed: list[Removed]
    title: str | None          # the title line (kept at the head of `text`), or None when none was recognised
    dateline: Dateline | None  # the dateline, removed as a line or opening the first paragraph


class CachedText(NamedTuple):
    """The text stage's result for one article, but for its duplicates (those depend on the corpus)."""
    document: dict | None   # the `documents` row without duplicate_of/duplicate_similarity; None: no text left
    removed: list[dict]     # its `removed` rows
    exact: bytes            # dedup.signature: digest of the words
    minhash: bytes          # dedup.signature: MinHash of the shingles


class Prepared(NamedTuple):
    """One article through the whole text stage: its `documents` row and its `removed` rows."""
    document: dict        # schema.TABLES['documents'] plus schema.EXTRA_COLUMNS['documents']
    removed: list[dict]   # doc_id, start_char, end_char, text, rule


class TextTables(NamedTuple):
    """What the text stage hands the build: its three tables (columns in `corpus_tools.schema`)."""
    documents: pd.DataFrame   # one row per article, sorted by doc_id
    removed: pd.DataFrame     # the boilerplate audit
    skipped: pd.DataFrame     # entries that gave no article, and why
