"""Text stage façade: corpus folder -> cleaned documents with metadata, removals, duplicates and skips.

Composes ingest/readers -> clean -> metadata -> dedup; the build consumes only `prepare`.
Two passes over the corpus: the first counts, per outlet, how many documents
contain each line (hashed, so memory stays bounded) -- lines on many pages of
one outlet are furniture, as in trafilatura's deduplication; the second cleans,
reads metadata and flags duplicates, one article at a time.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple

from .clean import Context, clean, split_lines
from .dedup import Deduplicator
from .ingest import RawArticle, Skipped, content_hash, iter_articles
from .metadata import extract_metadata
from .outlets import Outlet, Registry, load_registry

EXPORT_FORMATS = {"nexis", "factiva", "europresse"}


class Prepared(NamedTuple):
    document: dict        # one `documents` row (schema.TABLES['documents'] plus schema.EXTRA_COLUMNS)
    removed: list[dict]   # `removed` rows: doc_id, start_char, end_char, text, rule


class LineCounter:
    """Documents per (outlet, line), counted by hash; lossy-pruned of singletons past `max_entries`."""

    def __init__(self, min_docs: int = 3, min_share: float = 0.05, max_entries: int = 2_000_000):
        self.min_docs, self.min_share, self.max_entries = min_docs, min_share, max_entries
        self.counts: dict[int, int] = {}
        self.docs: Counter[str] = Counter()

    def add(self, group: str, text: str) -> None:
        self.docs[group] += 1
        for key in {ln.key for ln in split_lines(text) if ln.key}:
            h = hash((group, key))
            self.counts[h] = self.counts.get(h, 0) + 1
        if len(self.counts) > self.max_entries:   # lines seen once are almost never furniture
            self.counts = {h: n for h, n in self.counts.items() if n > 1}

    def checker(self, group: str) -> Callable[[str], bool]:
        needed = max(self.min_docs, self.min_share * self.docs[group])
        return lambda key: self.counts.get(hash((group, key)), 0) >= needed


def prepare(corpus: str | Path, outlets: Iterable[str | Path] = (), duplicate_threshold: float = 0.8,
            builtin_outlets: bool = True) -> Iterator[Prepared | Skipped]:
    """Every article of `corpus` as a `documents` row plus its removal audit, or a `Skipped`.

    `outlets`: the user's outlet registry files, added to the built-in one (see data/outlets.yaml);
    `builtin_outlets=False` ignores the built-in outlet profiles (to measure the general rules alone).
    """
    registry = load_registry(outlets, builtin=builtin_outlets)
    lines = LineCounter()
    for item in iter_articles(corpus):
        if isinstance(item, RawArticle):
            lines.add(group_of(item, identify(item, registry)), item.text)
    dedup = Deduplicator(duplicate_threshold)
    for item in iter_articles(corpus):
        if isinstance(item, Skipped):
            yield item
            continue
        yield prepare_one(item, registry, lines, dedup)


def identify(item: RawArticle, registry: Registry) -> Outlet | None:
    url = item.meta.get("url") or item.found.get("url")
    name = item.meta.get("source") or item.found.get("source")
    return registry.identify(url=url, name=name, text=None if name else item.text)


def group_of(item: RawArticle, outlet: Outlet | None) -> str:
    """Which documents share furniture: same outlet, else same folder."""
    name = outlet.name if outlet else item.meta.get("source") or item.found.get("source")
    return f"outlet:{name}" if name else f"folder:{Path(item.path).parent.as_posix()}"


def prepare_one(item: RawArticle, registry: Registry, lines: LineCounter, dedup: Deduplicator) -> Prepared | Skipped:
    outlet = identify(item, registry)
    export = item.found.get("format") if item.found.get("format") in EXPORT_FORMATS else None
    fields = tuple(v for k in ("source", "date_text", "author") if (v := item.found.get(k))) if export else ()
    ctx = Context(boilerplate=outlet.boilerplate if outlet else (), agencies=registry.agency_pattern,
                  common=lines.checker(group_of(item, outlet)),
                  title=item.meta.get("title") or item.found.get("title"), export=export, field_lines=fields)
    cleaned = clean(item.text, ctx)
    if not cleaned.text.strip():
        return Skipped(item.path if item.doc_id == Path(item.path).stem else f"{item.path}#{item.doc_id}",
                       "no article text after cleaning")
    meta = extract_metadata(cleaned, item.meta, item.found, registry, outlet)
    match = dedup.add(item.doc_id, cleaned.text)
    doc = {"doc_id": item.doc_id, "path": item.path, "source": meta.pop("source"), "title": meta.pop("title"),
           "date": meta.pop("date"), "text": cleaned.text, "content_hash": content_hash(cleaned.text), **meta,
           "format": item.found.get("format"), "repairs": "; ".join(item.repairs) or None,
           "duplicate_of": match.of if match else None,
           "duplicate_similarity": match.similarity if match else None}
    removed = [{"doc_id": item.doc_id, **r._asdict()} for r in cleaned.removed]
    return Prepared(doc, removed)


__all__ = ["Prepared", "Skipped", "prepare", "LineCounter"]
