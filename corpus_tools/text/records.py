"""The records the text stage passes between its steps: files become articles, articles documents.

    files/readers -> RawArticle | Skipped | InputWarning -> clean -> Cleaned -> metadata -> a `documents` row

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
    described_by: str | None = None   # the sidecar row merged into `meta` ("metadata.csv:4"), if any


class Skipped(NamedTuple):
    """A file (or file#row) that gave no article, and why (a row of the `skipped` table)."""
    path: str
    reason: str


class InputWarning(NamedTuple):
    """Something about the input the user should know, that lost no article (a row of the `warnings` table):
    a column no field claims, a sidecar row naming no file, a date that is not a date."""
    path: str                  # file (or file#doc_id) relative to the corpus folder
    line: int | None           # 1-based line in that file, when one line is at fault
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


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
    warnings: tuple = ()    # messages about the article's metadata (a date that is not a date)
    paragraphs: tuple = ()  # its `paragraphs` rows (dicts)


class Prepared(NamedTuple):
    """One article through the whole text stage: its `documents` row and its `removed` rows."""
    document: dict        # schema.TABLES['documents'] plus schema.EXTRA_COLUMNS['documents']
    removed: list[dict]   # doc_id, start_char, end_char, text, rule
    warnings: tuple = ()  # InputWarning rows about this article
    paragraphs: tuple = ()  # its `paragraphs` rows: doc_id, para_idx, start_char, end_char, lang, identified


class TextTables(NamedTuple):
    """What the text stage hands the build: its tables (columns in `corpus_tools.schema`)."""
    documents: pd.DataFrame   # one row per article, sorted by doc_id
    removed: pd.DataFrame     # the boilerplate audit
    skipped: pd.DataFrame     # entries that gave no article, and why
    warnings: pd.DataFrame    # what the user should know about the input, one line each
    paragraphs: pd.DataFrame  # each paragraph (block between blank lines) of each document and its language
