"""Readers: the bytes of one file -> raw articles (one per .txt, many per .jsonl/.csv)."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Iterator, NamedTuple

SUFFIXES = {".txt", ".jsonl", ".csv"}
META_FIELDS = ("source", "date", "title", "url", "author")


class RawArticle(NamedTuple):
    doc_id: str
    path: str            # relative to the corpus folder
    text: str            # decoded text, before cleaning
    meta: dict           # metadata supplied with the article (jsonl/csv fields)


class Skipped(NamedTuple):
    path: str
    reason: str


def decode(data: bytes) -> str:
    return data.decode("utf-8-sig")


def parse(data: bytes, path: Path, rel: str) -> Iterator[RawArticle | Skipped]:
    suffix = path.suffix.lower()
    text = decode(data)
    if suffix == ".txt":
        yield RawArticle(path.stem, rel, text, {})
    elif suffix == ".jsonl":
        rows = (json.loads(line) for line in text.splitlines() if line.strip())
        yield from records(rows, path, rel)
    elif suffix == ".csv":
        yield from records(csv.DictReader(io.StringIO(text, newline="")), path, rel)


def records(rows, path: Path, rel: str) -> Iterator[RawArticle | Skipped]:
    for n, row in enumerate(rows):
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            yield Skipped(f"{rel}#{n}", "no text field")
            continue
        doc_id = str(row.get("id") or row.get("doc_id") or f"{path.stem}-{n:06d}")
        meta = {k: str(row[k]) for k in META_FIELDS if row.get(k) not in (None, "")}
        yield RawArticle(doc_id, rel, text, meta)
