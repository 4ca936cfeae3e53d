"""Ingest stage: find article files under a corpus folder and read them safely.

File-level concerns live here (discovery, unreadable or binary files); turning
a file's bytes into articles is the job of `readers`.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterator

from .readers import SUFFIXES, RawArticle, Skipped, parse

__all__ = ["RawArticle", "Skipped", "iter_files", "iter_articles", "content_hash"]


def iter_files(corpus: Path) -> Iterator[Path]:
    """Article files under `corpus`, recursively, in a stable order."""
    for path in sorted(corpus.rglob("*")):
        if path.is_file() and path.suffix.lower() in SUFFIXES and not path.name.startswith("."):
            yield path


def iter_articles(corpus: str | Path) -> Iterator[RawArticle | Skipped]:
    """Every article of every file, or one `Skipped` per file (or row) that could not be read."""
    corpus = Path(corpus)
    for path in iter_files(corpus):
        rel = path.relative_to(corpus).as_posix()
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield Skipped(rel, f"cannot read: {exc.strerror or exc}")
            continue
        try:
            yield from parse(data, path, rel)
        except (UnicodeDecodeError, ValueError) as exc:
            yield Skipped(rel, f"{type(exc).__name__}: {exc}")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
