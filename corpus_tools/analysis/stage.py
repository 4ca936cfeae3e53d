"""The analysis stage of the build: per-document analyses over resolved mentions, then corpus-wide
results over the whole build, written as tables (and files).

A per-document analysis registers (`register_analysis`) the table it writes -- its columns
documented in `corpus_tools.schema` -- and a function from one chunk of documents
(`ChunkTables`: the documents with their sentences, tokens, entities and resolved mentions) to
that table's rows.  The build runs every registered analysis once, chunk by chunk after actor
linking, and keeps each document's rows in a cache keyed by everything they depend on, so a
rebuild computes only new or changed documents.

A corpus-wide analysis registers (`register_corpus_analysis`) the tables it writes and a
function from the build's tables (a `TableReader` over the staged tables, read lazily) to
`CorpusResults`: those tables and any files (networks for Gephi).  The build runs them once,
after every other table is written, each vectorised over the whole corpus.  Notebooks and
reports read the tables; they never recompute them page by page.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

import pandas as pd
from tqdm import tqdm

from .._version import code_digest
from ..nlp.cache import AnnotationCache
from ..schema import arrow_schema, columns
from ..storage.cache import KeyedCache, rows_per_document
from ..storage.files import atomic_path
from ..storage.tables import TableReader, TableWriters, write_table


class ChunkTables(NamedTuple):
    """What an analysis reads for one chunk of documents (each table holds those documents' rows)."""
    documents: pd.DataFrame
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    entities: pd.DataFrame
    mentions: pd.DataFrame

    def only(self, doc_ids: set[str]) -> "ChunkTables":
        """The same tables restricted to `doc_ids`."""
        return ChunkTables(*(frame[frame["doc_id"].isin(doc_ids)] for frame in self))


@dataclass(frozen=True)
class DocumentAnalysis:
    """A registered analysis: the table it writes and how to compute it for a chunk of documents."""
    table: str
    run: Callable[[ChunkTables], pd.DataFrame]


ANALYSES: dict[str, DocumentAnalysis] = {}


def register_analysis(table: str, run: Callable[[ChunkTables], pd.DataFrame]) -> None:
    """Have the build write `table` with `run(chunk) -> rows` (the schema's columns, doc_id first)."""
    columns(table)   # KeyError unless the data contract documents the table
    ANALYSES[table] = DocumentAnalysis(table, run)


def analyse(documents: pd.DataFrame, mentions: pd.DataFrame, annotation: AnnotationCache, tables_dir: Path,
            chunk_docs: int = 64, progress: bool | None = None) -> dict[str, int]:
    """Write the table of every registered analysis to `tables_dir`; returns their row counts.

    The rows of a document depend on its text, annotation and resolved mentions only: source,
    date and title are joined when the tables are read, never stored in them."""
    caches = {name: KeyedCache(annotation.dir / f"analysis-{name}.pickle") for name in ANALYSES}
    counts = dict.fromkeys(ANALYSES, 0)
    with TableWriters(tables_dir, ANALYSES) as writers:
        for begin in tqdm(range(0, len(documents), chunk_docs), desc="analysing",
                          disable=None if progress is None else not progress):
            chunk = LazyChunk(documents.iloc[begin:begin + chunk_docs], mentions, annotation)
            keys = chunk.keys()
            for name, analysis in ANALYSES.items():
                rows = rows_per_document(chunk.documents["doc_id"], keys, caches[name],
                                         lambda todo, run=analysis: rows_of(run, chunk.tables.only(todo)))
                writers.write(name, pd.DataFrame(rows, columns=columns(name, extra=True)))
                counts[name] += len(rows)
    for cache in caches.values():
        cache.save()
    return counts


class LazyChunk:
    """One chunk of documents and their mentions; the annotation is read only if some document needs it."""

    def __init__(self, documents: pd.DataFrame, mentions: pd.DataFrame, annotation: AnnotationCache):
        self.documents = documents
        self.mentions = mentions[mentions["doc_id"].isin(documents["doc_id"])]
        self.annotation = annotation

    @cached_property
    def tables(self) -> ChunkTables:
        """The chunk's tables, read from the annotation cache on first use."""
        ann = self.annotation.tables_for(self.documents)
        return ChunkTables(self.documents, ann["sentences"], ann["tokens"], ann["entities"], self.mentions)

    def keys(self) -> list[str]:
        """Per document, a digest of everything its analysis rows depend on: the analyses' code (and
        the code of the earlier stages they read: the sentence repair, the apposition reader, the
        fold), its text and annotation (content hash) and its resolved mentions."""
        rows = pd.util.hash_pandas_object(self.mentions.astype(str), index=False).to_numpy()
        per_doc: dict[str, list[int]] = {}
        for doc_id, row in zip(self.mentions["doc_id"].tolist(), rows.tolist()):
            per_doc.setdefault(doc_id, []).append(row)
        keys = []
        code = code_digest("analysis", "nlp", "actors", "text", "fold.py", "userfiles.py")
        for doc_id, content_hash in zip(self.documents["doc_id"], self.documents["content_hash"]):
            blob = f"{code}\0{doc_id}\0{content_hash}\0{per_doc.get(doc_id, [])}"
            keys.append(hashlib.sha256(blob.encode("utf-8", "surrogateescape")).hexdigest())
        return keys


def rows_of(analysis: DocumentAnalysis, tables: ChunkTables) -> Iterable[tuple]:
    """An analysis's rows for some documents, as tuples in the schema's column order."""
    frame = analysis.run(tables)
    return zip(*(frame[name].tolist() for name in columns(analysis.table, extra=True)))


class CorpusResults(NamedTuple):
    """What a corpus-wide analysis gives: tables (name -> rows, documented in `schema`) and files
    (path relative to the tables folder -> bytes)."""
    tables: dict[str, pd.DataFrame]
    files: dict[str, bytes] = {}


@dataclass(frozen=True)
class CorpusAnalysis:
    """A registered corpus-wide analysis: the tables it writes and how to compute them from a build."""
    name: str
    tables: tuple[str, ...]
    run: Callable[[TableReader], CorpusResults]


CORPUS_ANALYSES: dict[str, CorpusAnalysis] = {}


def register_corpus_analysis(name: str, tables: Iterable[str], run: Callable[[TableReader], CorpusResults]) -> None:
    """Have the build compute `run(corpus) -> CorpusResults` once, after the other tables, and write
    its `tables` (each documented in the data contract) and files."""
    tables = tuple(tables)
    for table in tables:
        columns(table)   # KeyError unless the data contract documents the table
    CORPUS_ANALYSES[name] = CorpusAnalysis(name, tables, run)


def analyse_corpus(tables_dir: Path, out: Path | None = None) -> dict[str, int]:
    """Run every corpus-wide analysis over the tables in `tables_dir` and write what it gives
    there; returns the row count of each table written."""
    corpus = TableReader(out or tables_dir, tables_dir)
    counts = {}
    for analysis in CORPUS_ANALYSES.values():
        results = analysis.run(corpus)
        for table in analysis.tables:
            frame = results.tables[table]
            write_table(frame[columns(table, extra=True)], tables_dir / f"{table}.parquet", arrow_schema(table))
            counts[table] = len(frame)
        for relpath, data in results.files.items():
            with atomic_path(tables_dir / relpath) as tmp:
                tmp.write_bytes(data)
    return counts
