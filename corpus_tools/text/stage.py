"""The text stage as a whole: corpus folder -> cleaned documents with metadata, removals, duplicates, skips.

Composes files/readers -> clean -> metadata -> dedup, reading every file once:

1. the first pass reads, decodes and parses each file, identifies each article's outlet and
   counts, per outlet, how many articles contain each line (lines on many pages of one outlet
   are furniture, as in trafilatura's deduplication); the articles go to a temporary spill
   file, so memory stays bounded whatever the corpus size;
2. the second pass reads the spill back and cleans each article, reads its metadata and
   flags duplicates, one article at a time.

With a cache (the build passes one), an article whose inputs are unchanged since the
last build -- its text and metadata, its outlet, which of its lines are furniture, the outlet
registry and the text stage's code -- is not cleaned again: its row comes from the cache.  Only
the corpus-wide rules (repeated lines per outlet, duplicates) look at every article.
"""
from __future__ import annotations

import hashlib
import pickle
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from .._version import code_digest
from ..cache import KeyedCache
from ..schema import columns
from .clean import Context, clean, line_keys
from .dedup import Deduplicator, signature
from .files import iter_articles
from .metadata import extract_metadata
from .outlets import Outlet, OutletRegistry, load_outlets
from .records import CachedText, Prepared, RawArticle, Skipped, TextTables

EXPORT_FORMATS = {"nexis", "factiva", "europresse"}
CACHE_FILE = "documents.pickle"


class LineCounter:
    """Documents per (outlet, line), counted by hash; lossy-pruned of singletons past `max_entries`."""

    def __init__(self, min_docs: int = 3, min_share: float = 0.05, max_entries: int = 2_000_000):
        self.min_docs, self.min_share, self.max_entries = min_docs, min_share, max_entries
        self.counts: dict[int, int] = {}
        self.docs: Counter[str] = Counter()

    def add(self, group: str, text: str) -> list[str]:
        """Count the distinct lines of one document of `group`; returns their keys."""
        self.docs[group] += 1
        keys = list(dict.fromkeys(line_keys(text)))
        for key in keys:
            h = hash((group, key))
            self.counts[h] = self.counts.get(h, 0) + 1
        if len(self.counts) > self.max_entries:   # lines seen once are almost never furniture
            self.counts = {h: n for h, n in self.counts.items() if n > 1}
        return keys

    def checker(self, group: str) -> Callable[[str], bool]:
        """line key -> whether it is on enough documents of `group` to be furniture."""
        needed = max(self.min_docs, self.min_share * self.docs[group])
        return lambda key: self.counts.get(hash((group, key)), 0) >= needed


def prepare(corpus: str | Path, outlets: Iterable[str | Path] = (), duplicate_threshold: float = 0.8,
            builtin_outlets: bool = True, cache: KeyedCache | None = None) -> Iterator[Prepared | Skipped]:
    """Every article of `corpus` as a `documents` row plus its removal audit, or a `Skipped`.

    `outlets`: the user's outlet registry files, added to the built-in one (see data/outlets.yaml);
    `builtin_outlets=False` ignores the built-in outlet profiles (to measure the general rules alone);
    `cache`: rows of the last build, reused for articles whose inputs did not change.
    """
    registry = load_outlets(outlets, builtin=builtin_outlets)
    lines = LineCounter()
    dedup = Deduplicator(duplicate_threshold)
    with spill() as (store, replay):
        for item in iter_articles(corpus):
            if isinstance(item, RawArticle):
                outlet = outlet_of(item, registry)
                store((item, outlet.name if outlet else None, lines.add(group_of(item, outlet), item.text)))
            else:
                store(item)
        for entry in replay():
            if isinstance(entry, Skipped):
                yield entry
                continue
            item, outlet_name, keys = entry
            outlet = registry.by_name(outlet_name) if outlet_name else None
            common = lines.checker(group_of(item, outlet))
            yield prepare_one(item, registry, outlet, [k for k in keys if common(k)], dedup, cache)


@contextmanager
def spill() -> Iterator[tuple[Callable[[object], None], Callable[[], Iterator]]]:
    """A temporary file to write records to once and read back once, in order (pickled)."""
    with tempfile.TemporaryFile(prefix="corpus-tools-text-") as handle:
        def store(record: object) -> None:
            pickle.dump(record, handle, protocol=pickle.HIGHEST_PROTOCOL)

        def replay() -> Iterator:
            handle.flush()
            handle.seek(0)
            while True:
                try:
                    yield pickle.load(handle)
                except EOFError:
                    return
        yield store, replay


def outlet_of(item: RawArticle, registry: OutletRegistry) -> Outlet | None:
    """The article's outlet: by its URL, its supplied or found source name, else its text."""
    url = item.meta.get("url") or item.found.get("url")
    name = item.meta.get("source") or item.found.get("source")
    return registry.outlet_for(url=url, name=name, text=None if name else item.text)


def group_of(item: RawArticle, outlet: Outlet | None) -> str:
    """Which documents share furniture: same outlet, else same folder."""
    name = outlet.name if outlet else item.meta.get("source") or item.found.get("source")
    return f"outlet:{name}" if name else f"folder:{Path(item.path).parent.as_posix()}"


def prepare_one(item: RawArticle, registry: OutletRegistry, outlet: Outlet | None, common: list[str],
                dedup: Deduplicator, cache: KeyedCache | None) -> Prepared | Skipped:
    """One article cleaned (or taken from the cache), its metadata read, its duplicate flagged."""
    key = input_key(item, outlet, common, registry)
    done = cache.get(key) if cache is not None else None
    if done is None:
        done = clean_article(item, registry, outlet, set(common))
    if cache is not None:
        cache.put(key, done)
    if done.document is None:
        return Skipped(item.path if item.doc_id == Path(item.path).stem else f"{item.path}#{item.doc_id}",
                       "no article text after cleaning")
    match = dedup.add_signature(item.doc_id, done.exact, done.minhash)
    document = {**done.document, "duplicate_of": match.of if match else None,
                "duplicate_similarity": match.similarity if match else None}
    return Prepared(document, done.removed)


def clean_article(item: RawArticle, registry: OutletRegistry, outlet: Outlet | None,
                  common: set[str]) -> CachedText:
    """Clean one article and read its metadata: everything about it but its duplicates."""
    export = item.found.get("format") if item.found.get("format") in EXPORT_FORMATS else None
    fields = tuple(v for k in ("source", "date_text", "author") if (v := item.found.get(k))) if export else ()
    ctx = Context(boilerplate=outlet.boilerplate if outlet else (), agencies=registry.agency_pattern,
                  common=common.__contains__, title=item.meta.get("title") or item.found.get("title"),
                  export=export, field_lines=fields)
    cleaned = clean(item.text, ctx)
    if not cleaned.text.strip():
        return CachedText(None, [], b"", b"")
    meta = extract_metadata(cleaned, item.meta, item.found, registry, outlet)
    credit = cleaned.dateline.credit if cleaned.dateline and cleaned.dateline.credit else (None, None)
    doc = {"doc_id": item.doc_id, "path": item.path, "source": meta.pop("source"), "title": meta.pop("title"),
           "date": meta.pop("date"), "text": cleaned.text, "content_hash": content_hash(cleaned.text), **meta,
           "credit_start": credit[0], "credit_end": credit[1],
           "format": item.found.get("format"), "repairs": "; ".join(item.repairs) or None}
    removed = [{"doc_id": item.doc_id, **r._asdict()} for r in cleaned.removed]
    exact, minhash = signature(cleaned.text)
    return CachedText(doc, removed, exact, minhash)


def input_key(item: RawArticle, outlet: Outlet | None, common: list[str], registry: OutletRegistry) -> str:
    """Everything an article's cleaning and metadata depend on, as one digest."""
    blob = pickle.dumps((code_digest("text"), registry.digest, outlet.name if outlet else None, sorted(common),
                         tuple(item), ), protocol=4)
    return hashlib.sha256(blob).hexdigest()


def content_hash(text: str) -> str:
    """sha256 of a cleaned text: the annotation cache key."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_corpus(corpus: str | Path, outlets: Iterable[str | Path] = (),
                cache_dir: str | Path | None = None) -> TextTables:
    """The `documents` (sorted by doc_id), `removed` and `skipped` tables of a corpus folder.

    Every file under `corpus` is accounted for: its path is in the documents or in the skipped
    rows.  With `cache_dir`, articles unchanged since the last call with the same folder are not
    cleaned again.
    """
    cache = KeyedCache(Path(cache_dir) / CACHE_FILE) if cache_dir is not None else None
    docs, removed, skipped = [], [], []
    for item in prepare(corpus, outlets=outlets, cache=cache):
        if isinstance(item, Skipped):
            skipped.append(item)
        else:
            docs.append(item.document)
            removed.extend(item.removed)
    if cache is not None:
        cache.save()
    documents = pd.DataFrame(docs, columns=columns("documents", extra=True))
    documents = documents.sort_values("doc_id", kind="stable").reset_index(drop=True)
    documents = documents.astype({"credit_start": "Int64", "credit_end": "Int64"})
    return TextTables(documents, pd.DataFrame(removed, columns=columns("removed")),
                      pd.DataFrame(skipped, columns=columns("skipped")))
