"""The text stage as a whole: corpus folder -> cleaned documents with metadata, removals, duplicates, skips,
and the language of each paragraph.

Composes files/readers -> clean -> metadata -> dedup, reading every file once:

1. the first pass reads, decodes and parses each file, merges the sidecar's row into each
   article's supplied metadata, names each article's source (`outlets.attribute`) and
   counts, per outlet, how many articles contain each line (lines on many pages of one outlet
   are furniture, as in trafilatura's deduplication); the articles go to a temporary spill
   file, so memory stays bounded whatever the corpus size;
2. the second pass reads the spill back and cleans each article, reads its metadata and
   flags duplicates, one article at a time.

With a cache (the build passes one), an article whose inputs are unchanged since the
last build -- its text and metadata (its sidecar row included), its source and how it was
found (the folder-as-source option included), which of its lines are furniture, the outlet
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
from ..storage.cache import KeyedCache
from ..schema import columns as columns_of
from ..stopping import checkpoint
from .clean import Context, clean, line_keys
from .columns import load_columns
from .dedup import Deduplicator, signature
from .files import iter_articles
from .languages import paragraphs as paragraphs_of
from .metadata import extract_metadata
from .outlets import Attribution, OutletRegistry, attribute, load_outlets
from .records import CachedText, InputWarning, Prepared, RawArticle, Skipped, TextTables
from .sidecar import read_sidecar

EXPORT_FORMATS = {"nexis", "factiva", "europresse"}
ONE_ARTICLE_FORMATS = {"txt", "html"}   # a file of these formats is one article: named by its path alone
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
            builtin_outlets: bool = True, cache: KeyedCache | None = None, columns: Iterable[str | Path] = (),
            source_from_folder: bool = False) -> Iterator[Prepared | Skipped | InputWarning]:
    """Every article of `corpus` as a `documents` row plus its removal audit, or a `Skipped`; and
    the warnings about the input (sidecar rows, unread columns, dates that are not dates).

    `outlets`: the user's outlet registry files, added to the built-in one (see data/outlets.yaml);
    `builtin_outlets=False` ignores the built-in outlet profiles (to measure the general rules alone);
    `cache`: rows of the last build, reused for articles whose inputs did not change;
    `columns`: the user's column tables, added to data/columns.yaml;
    `source_from_folder`: the first folder under `corpus` names the outlet of the articles in it.
    """
    registry = load_outlets(outlets, builtin=builtin_outlets)
    table = load_columns(columns)
    sidecar = read_sidecar(corpus, table)
    yield from sidecar.warnings
    lines = LineCounter()
    dedup = Deduplicator(duplicate_threshold)
    with spill() as (store, replay):
        for item in iter_articles(corpus, table):
            if isinstance(item, RawArticle):
                item = sidecar.describe(item)
                who = attribution_of(item, registry, source_from_folder)
                store((item, who, lines.add(group_of(item, who), item.text)))
            else:
                store(item)
        yield from sidecar.unused(corpus)
        for entry in replay():
            if isinstance(entry, (Skipped, InputWarning)):
                yield entry
                continue
            item, who, keys = entry
            common = lines.checker(group_of(item, who))
            yield prepare_one(item, registry, who, [k for k in keys if common(k)], dedup, cache)


@contextmanager
def spill() -> Iterator[tuple[Callable[[object], None], Callable[[], Iterator]]]:
    """A temporary file to write records to once and read back once, in order (pickled)."""
    with tempfile.TemporaryFile(prefix="corpus-tools-text-") as handle:
        def store(record: object) -> None:
            try:
                pickle.dump(record, handle, protocol=pickle.HIGHEST_PROTOCOL)
            except OSError as exc:   # a full disk: say which folder (a failed write names no file)
                raise OSError(exc.errno, exc.strerror, tempfile.gettempdir()) from exc

        def replay() -> Iterator:
            handle.flush()
            handle.seek(0)
            while True:
                try:
                    yield pickle.load(handle)
                except EOFError:
                    return
        yield store, replay


def attribution_of(item: RawArticle, registry: OutletRegistry, source_from_folder: bool) -> Attribution:
    """The article's source: supplied, its folder (when folders are outlets), its URL, its page's name, its text.

    A news-database export mixes outlets and names each article's: a folder of exports is no outlet.
    """
    page = item.found.get("source")
    exported = item.found.get("format") in EXPORT_FORMATS and page
    in_folder = source_from_folder and len(Path(item.path).parts) > 1 and not exported
    folder = Path(item.path).parts[0] if in_folder else None
    supplied = item.meta.get("source")
    return attribute(registry, supplied=supplied, folder=folder, url=item.meta.get("url") or item.found.get("url"),
                     page=page, text=None if supplied or folder or page else item.text)


def group_of(item: RawArticle, who: Attribution) -> str:
    """Which documents share furniture: same source, else same folder."""
    return f"outlet:{who.source}" if who.basis != "none" else f"folder:{Path(item.path).parent.as_posix()}"


def prepare_one(item: RawArticle, registry: OutletRegistry, who: Attribution, common: list[str],
                dedup: Deduplicator, cache: KeyedCache | None) -> Prepared | Skipped:
    """One article cleaned (or taken from the cache), its metadata read, its duplicate flagged."""
    key = input_key(item, who, common, registry)
    done = cache.get(key) if cache is not None else None
    if done is None:
        done = clean_article(item, registry, who, set(common))
    if cache is not None:
        cache.put(key, done)
    one_article = item.found.get("format") in ONE_ARTICLE_FORMATS or item.doc_id == Path(item.path).stem
    where = item.path if one_article else f"{item.path}#{item.doc_id}"
    if done.document is None:
        return Skipped(where, "no article text after cleaning")
    match = dedup.add_signature(item.doc_id, done.exact, done.minhash)
    document = {**done.document, "duplicate_of": match.of if match else None,
                "duplicate_similarity": match.similarity if match else None}
    return Prepared(document, done.removed, tuple(InputWarning(where, None, w) for w in done.warnings),
                    done.paragraphs)


def clean_article(item: RawArticle, registry: OutletRegistry, who: Attribution, common: set[str]) -> CachedText:
    """Clean one article and read its metadata: everything about it but its duplicates."""
    outlet = registry.by_name(who.outlet) if who.outlet else None
    export = item.found.get("format") if item.found.get("format") in EXPORT_FORMATS else None
    fields = tuple(v for k in ("source", "date_text", "author") if (v := item.found.get(k))) if export else ()
    ctx = Context(boilerplate=outlet.boilerplate if outlet else (), agencies=registry.agency_pattern,
                  common=common.__contains__, title=item.meta.get("title") or item.found.get("title"),
                  export=export, field_lines=fields)
    cleaned = clean(item.text, ctx)
    if not cleaned.text.strip():
        return CachedText(None, [], b"", b"")
    paragraphs = paragraphs_of(cleaned.text)
    meta, warnings = extract_metadata(cleaned, item.meta, item.found, registry, outlet, who, item.described_by,
                                      paragraphs)
    credit = cleaned.dateline.credit if cleaned.dateline and cleaned.dateline.credit else (None, None)
    doc = {"doc_id": item.doc_id, "path": item.path, "source": meta.pop("source"), "title": meta.pop("title"),
           "date": meta.pop("date"), "text": cleaned.text, "content_hash": content_hash(cleaned.text), **meta,
           "credit_start": credit[0], "credit_end": credit[1], "described_by": item.described_by,
           "format": item.found.get("format"), "repairs": "; ".join(item.repairs) or None}
    removed = [{"doc_id": item.doc_id, **r._asdict()} for r in cleaned.removed]
    exact, minhash = signature(cleaned.text)
    return CachedText(doc, removed, exact, minhash, tuple(warnings),
                      tuple({"doc_id": item.doc_id, **p._asdict()} for p in paragraphs))


def input_key(item: RawArticle, who: Attribution, common: list[str], registry: OutletRegistry) -> str:
    """Everything an article's cleaning and metadata depend on, as one digest: its text, supplied
    metadata and sidecar row (`item`), its source and how it was found (`who`: the folder-as-source
    option shows there), its furniture lines, the outlet registry and the text stage's code."""
    code = code_digest("text", "fold.py", "userfiles.py")
    blob = pickle.dumps((code, registry.digest, tuple(who), sorted(common), tuple(item)), protocol=4)
    return hashlib.sha256(blob).hexdigest()


def content_hash(text: str) -> str:
    """sha256 of a cleaned text: the annotation cache key."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_corpus(corpus: str | Path, outlets: Iterable[str | Path] = (), cache_dir: str | Path | None = None,
                columns: Iterable[str | Path] = (), source_from_folder: bool = False) -> TextTables:
    """The `documents` (sorted by doc_id), `removed`, `skipped`, `warnings` and `paragraphs` tables of a
    corpus folder.

    Every file under `corpus` is accounted for: its path is in the documents or in the skipped
    rows (but the metadata sidecar, which describes them: see `sidecar`).  With `cache_dir`,
    articles unchanged since the last call with the same folder are not cleaned again.
    `columns` and `source_from_folder`: as for `prepare`.
    """
    cache = KeyedCache(Path(cache_dir) / CACHE_FILE) if cache_dir is not None else None
    docs, removed, skipped, warnings, paragraphs = [], [], [], [], []
    for item in prepare(corpus, outlets=outlets, cache=cache, columns=columns, source_from_folder=source_from_folder):
        checkpoint()
        if isinstance(item, Skipped):
            skipped.append(item)
        elif isinstance(item, InputWarning):
            warnings.append(item)
        else:
            docs.append(item.document)
            removed.extend(item.removed)
            warnings.extend(item.warnings)
            paragraphs.extend(item.paragraphs)
    if cache is not None:
        cache.save()
    documents = pd.DataFrame(docs, columns=columns_of("documents", extra=True))
    documents = documents.sort_values("doc_id", kind="stable").reset_index(drop=True)
    documents = documents.astype({"credit_start": "Int64", "credit_end": "Int64", "lang_share": "float64"})
    notes = pd.DataFrame(warnings, columns=columns_of("warnings")).astype({"line": "Int64"})
    return TextTables(documents, pd.DataFrame(removed, columns=columns_of("removed")),
                      pd.DataFrame(skipped, columns=columns_of("skipped")), notes, paragraph_table(paragraphs))


def paragraph_table(rows: list[dict]) -> pd.DataFrame:
    """The `paragraphs` table, sorted by document and paragraph."""
    table = pd.DataFrame(rows, columns=columns_of("paragraphs")).astype(
        {"para_idx": "int64", "start_char": "int64", "end_char": "int64", "identified": "bool"})
    return table.sort_values(["doc_id", "para_idx"], kind="stable").reset_index(drop=True)
