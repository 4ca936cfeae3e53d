"""Text stage façade: corpus folder -> cleaned documents with metadata, removals and skips.

Composes ingest -> clean -> metadata; the build consumes only `prepare`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator, NamedTuple

from .clean import clean
from .ingest import Skipped, content_hash, iter_articles
from .metadata import extract_metadata


class Prepared(NamedTuple):
    document: dict        # one `documents` row (schema.TABLES['documents'] plus extras)
    removed: list[dict]   # `removed` rows: doc_id, start_char, end_char, text, rule


def prepare(corpus: str | Path) -> Iterator[Prepared | Skipped]:
    for item in iter_articles(corpus):
        if isinstance(item, Skipped):
            yield item
            continue
        cleaned = clean(item.text)
        if not cleaned.text.strip():
            yield Skipped(item.path, "no article text after cleaning")
            continue
        meta = extract_metadata(item.text, item.meta)
        doc = {"doc_id": item.doc_id, "path": item.path, "source": meta.pop("source"),
               "title": meta.pop("title"), "date": meta.pop("date"), "text": cleaned.text,
               "content_hash": content_hash(cleaned.text), **meta}
        removed = [{"doc_id": item.doc_id, **r._asdict()} for r in cleaned.removed]
        yield Prepared(doc, removed)
