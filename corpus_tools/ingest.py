"""Ingest stage: find article files under a corpus folder and decode them into raw articles."""
from __future__ import annotations

import csv
import hashlib
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


def iter_files(corpus: Path) -> Iterator[Path]:
    """Article files under `corpus`, recursively, in a stable order."""
    for path in sorted(corpus.rglob("*")):
        if path.is_file() and path.suffix.lower() in SUFFIXES and not path.name.startswith("."):
            yield path


def iter_articles(corpus: str | Path) -> Iterator[RawArticle | Skipped]:
    corpus = Path(corpus)
    for path in iter_files(corpus):
        rel = path.relative_to(corpus).as_posix()
        try:
            yield from read_file(path, rel)
        except (UnicodeDecodeError, OSError, ValueError) as exc:
            yield Skipped(rel, f"{type(exc).__name__}: {exc}")


def read_file(path: Path, rel: str) -> Iterator[RawArticle | Skipped]:
    suffix = path.suffix.lower()
    if suffix == ".txt":
        yield RawArticle(path.stem, rel, path.read_text(encoding="utf-8-sig"), {})
    elif suffix == ".jsonl":
        with path.open(encoding="utf-8-sig") as fh:
            rows = (json.loads(line) for line in fh if line.strip())
            yield from records(rows, path, rel)
    elif suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            yield from records(csv.DictReader(fh), path, rel)


def records(rows, path: Path, rel: str) -> Iterator[RawArticle | Skipped]:
    for n, row in enumerate(rows):
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            yield Skipped(f"{rel}#{n}", "no text field")
            continue
        doc_id = str(row.get("id") or row.get("doc_id") or f"{path.stem}-{n:06d}")
        meta = {k: str(row[k]) for k in META_FIELDS if row.get(k) not in (None, "")}
        yield RawArticle(doc_id, rel, text, meta)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
