"""The analysis stage of the build: the extractors of `extract` -- per-document ones over resolved
mentions, then corpus-wide ones over the whole build -- run in the order they are declared there,
writing their tables (and files).

A per-document extractor (`DocumentExtractor`) turns one chunk of documents (`ChunkTables`: the
documents with their sentences, tokens, entities and resolved mentions) into the rows of its table
-- its columns documented in `corpus_tools.schema`.  The build runs each once, chunk by chunk after
actor linking, and keeps each document's rows in a cache keyed by everything they depend on, so a
rebuild computes only new or changed documents.

A corpus-wide extractor (`CorpusExtractor`) turns the build's tables (a `TableReader` over the
staged tables, read lazily) into `CorpusResults`: its tables and any files (networks for Gephi).
The build runs each once, after every other table is written.  The package's read the corpus-wide
counts (`extract.totals`), summed from per-document partial counts (`extract.partials`) that
`analyse` computes beside the rows and caches the same way: a rebuild counts only the new or
changed documents, then sums.  Notebooks and reports read the tables; they never recompute them
page by page.

A user adds an extractor of their own with `register_analysis` or `register_corpus_analysis`: it
runs after the package's, or in place of the package's one that writes the same table.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from .._version import code_digest
from ..nlp.cache import AnnotationCache
from ..schema import arrow_schema, columns
from ..actors import mention_digests
from ..stopping import checkpoint
from ..storage.cache import KeyedCache, frame_per_document, rows_per_document
from ..storage.files import atomic_path
from ..storage.tables import TableReader, TableWriters, write_table
from . import extract
from .extract import CHUNK_TABLES, ChunkTables, CorpusExtractor, CorpusResults, DocumentExtractor
from .extract.partials import PARTIAL_COLUMNS, document_partials
from .extract.totals import with_partials

ADDED_DOCUMENT_EXTRACTORS: dict[str, DocumentExtractor] = {}   # by table, through `register_analysis`
ADDED_CORPUS_EXTRACTORS: dict[str, CorpusExtractor] = {}       # by name, through `register_corpus_analysis`


def register_analysis(table: str, run: Callable[[ChunkTables], pd.DataFrame],
                      requires: Iterable[str] = CHUNK_TABLES) -> None:
    """Have the build write `table` with `run(chunk) -> rows` (the schema's columns, doc_id first),
    reading the tables of the chunk named in `requires`."""
    ADDED_DOCUMENT_EXTRACTORS[table] = DocumentExtractor(table, run, tuple(requires))


def register_corpus_analysis(name: str, tables: Iterable[str], run: Callable[[TableReader], CorpusResults],
                             files: Iterable[str] = (), requires: Iterable[str] | None = None) -> None:
    """Have the build compute `run(corpus) -> CorpusResults` once, after the other tables, and write
    its `tables` (each documented in the data contract) and files."""
    ADDED_CORPUS_EXTRACTORS[name] = CorpusExtractor(name, run, tuple(tables), tuple(files),
                                                    None if requires is None else tuple(requires))


def document_extractors() -> list[DocumentExtractor]:
    """The per-document extractors the build runs, in order: the package's, then the user's."""
    by_table = {e.table: e for e in extract.DOCUMENT_EXTRACTORS}
    by_table.update(ADDED_DOCUMENT_EXTRACTORS)
    return list(by_table.values())


def corpus_extractors() -> list[CorpusExtractor]:
    """The corpus-wide extractors the build runs, in order: the package's, then the user's."""
    by_name = {e.name: e for e in extract.CORPUS_EXTRACTORS}
    by_name.update(ADDED_CORPUS_EXTRACTORS)
    return list(by_name.values())


def analyse(documents: pd.DataFrame, mentions: pd.DataFrame, annotation: AnnotationCache, tables_dir: Path,
            chunk_docs: int = 64, progress: bool | None = None,
            digests: pd.Series | None = None, paragraphs: pd.DataFrame | None = None) -> list[pd.DataFrame]:
    """Write the table of every per-document extractor to `tables_dir`, and give the partial counts
    of every document (`extract.partials`), a chunk of documents at a time, for the corpus-wide
    step (`analyse_corpus`).

    The rows of a document depend on its text, annotation and resolved mentions only: source,
    date and title are joined when the tables are read, never stored in them.  Each document's
    rows and partial counts are kept under its key (`document_keys`: its text's hash and its
    mentions' digest, `digests` as the actor stage gives them), so that a rebuild computes only
    new or changed documents.  `paragraphs`: the text stage's table (the partial counts place
    sentences in them and leave out the words of those in another language; none: cut from the
    texts)."""
    extractors = document_extractors()
    tables = [e.table for e in extractors]
    caches = {table: KeyedCache(annotation.dir / f"analysis-{table}.pickle") for table in tables}
    partial_cache = KeyedCache(annotation.dir / "analysis-partials.pickle")
    keys = document_keys(documents, mention_digests(mentions) if digests is None else digests)
    by_document = mentions.groupby("doc_id", sort=False).indices
    paragraphs = paragraphs if paragraphs is not None else pd.DataFrame(columns=columns("paragraphs"))
    paragraphs_of = paragraphs.groupby("doc_id", sort=False).indices
    partials = []
    with TableWriters(tables_dir, tables) as writers:
        for begin in tqdm(range(0, len(documents), chunk_docs), desc="analysing",
                          disable=None if progress is None else not progress):
            checkpoint()
            chunk = LazyChunk(documents.iloc[begin:begin + chunk_docs], mentions, by_document, annotation)
            chunk_keys = keys[begin:begin + chunk_docs]
            for extractor in extractors:
                rows = rows_per_document(chunk.documents["doc_id"], chunk_keys, caches[extractor.table],
                                         lambda todo, run=extractor: rows_of(run, chunk.tables.only(todo)))
                writers.write(extractor.table, pd.DataFrame(rows, columns=columns(extractor.table, extra=True)))
            partials.append(frame_per_document(chunk.documents["doc_id"], chunk_keys, partial_cache,
                                               lambda todo: document_partials(chunk.tables.only(todo),
                                                                              rows_of_documents(paragraphs,
                                                                                                paragraphs_of, todo)),
                                               PARTIAL_COLUMNS).astype({"n": "int64"}))
    for cache in [*caches.values(), partial_cache]:
        cache.save()
    return partials


def rows_of_documents(table: pd.DataFrame, positions: dict, doc_ids) -> pd.DataFrame:
    """The rows of `table` of `doc_ids` (`positions`: doc_id -> row positions, groupby indices)."""
    found = [positions[d] for d in doc_ids if d in positions]
    return table.iloc[np.sort(np.concatenate(found))] if found else table.iloc[:0]


def document_keys(documents: pd.DataFrame, digests: pd.Series) -> list[str]:
    """Per document, a digest of everything its analysis rows and partial counts depend on: the
    extractors' code (and the code of the earlier stages they read: the sentence repair, the
    apposition reader, the fold), its text and annotation (content hash) and its resolved mentions
    (their digest, doc_id -> `actors.mention_digests`)."""
    code = code_digest("analysis", "nlp", "actors", "text", "fold.py", "userfiles.py")
    mentioned = documents["doc_id"].map(digests).astype(object).fillna("").tolist()
    return [hashlib.sha256(f"{code}\0{doc_id}\0{content_hash}\0{digest}".encode("utf-8", "surrogateescape"))
            .hexdigest() for doc_id, content_hash, digest in zip(documents["doc_id"], documents["content_hash"],
                                                                 mentioned)]


class LazyChunk:
    """One chunk of documents and their mentions; the annotation is read only if some document needs it."""

    def __init__(self, documents: pd.DataFrame, mentions: pd.DataFrame, by_document: dict, annotation: AnnotationCache):
        self.documents = documents
        self.mentions = rows_of_documents(mentions, by_document, documents["doc_id"])
        self.annotation = annotation

    @cached_property
    def tables(self) -> ChunkTables:
        """The chunk's tables, read from the annotation cache on first use."""
        ann = self.annotation.tables_for(self.documents)
        return ChunkTables(self.documents, ann["sentences"], ann["tokens"], ann["entities"], self.mentions)


def rows_of(extractor: DocumentExtractor, tables: ChunkTables) -> Iterable[tuple]:
    """An extractor's rows for some documents, as tuples in the schema's column order."""
    frame = extractor.run(tables)
    return zip(*(frame[name].tolist() for name in columns(extractor.table, extra=True)))


def analyse_corpus(tables_dir: Path, out: Path | None = None,
                   partials: Iterable[pd.DataFrame] | None = None) -> dict[str, int]:
    """Run every corpus-wide extractor over the tables in `tables_dir` and write what it gives
    there; returns the row count of each table written.

    The package's extractors read the corpus-wide counts (`extract.totals`): summed from the
    per-document `partials` that `analyse` gave, when given (a rebuild reads no token again), else
    counted from the tables a batch at a time -- memory bounded either way."""
    corpus = TableReader(out or tables_dir, tables_dir)
    if partials is not None:
        with_partials(corpus, partials)
    counts = {}
    for extractor in corpus_extractors():
        results = extractor.run(corpus)
        for table in extractor.writes:
            frame = results.tables[table]
            write_table(frame[columns(table, extra=True)], tables_dir / f"{table}.parquet", arrow_schema(table))
            counts[table] = len(frame)
        for relpath, data in results.files.items():
            with atomic_path(tables_dir / relpath) as tmp:
                tmp.write_bytes(data)
    return counts
