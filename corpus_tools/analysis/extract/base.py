"""What an extractor is: what it reads (`ChunkTables`, or the build's tables), what it gives
(rows, or `CorpusResults`) and what it declares (`DocumentExtractor`, `CorpusExtractor`: the tables
it requires and writes, each documented in `corpus_tools.schema`)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from ...schema import columns
from ...storage.tables import TableReader

CHUNK_TABLES = ("documents", "sentences", "tokens", "entities", "mentions")


class ChunkTables(NamedTuple):
    """What a per-document extractor reads for one chunk of documents (each table holds those
    documents' rows)."""
    documents: pd.DataFrame
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    entities: pd.DataFrame
    mentions: pd.DataFrame

    def only(self, doc_ids: set[str]) -> "ChunkTables":
        """The same tables restricted to `doc_ids`."""
        return ChunkTables(*(frame[frame["doc_id"].isin(doc_ids)] for frame in self))


class CorpusResults(NamedTuple):
    """What a corpus-wide extractor gives: tables (name -> rows, documented in `schema`) and files
    (path relative to the tables folder -> bytes)."""
    tables: dict[str, pd.DataFrame]
    files: dict[str, bytes] = {}


@dataclass(frozen=True)
class DocumentExtractor:
    """A per-document extractor: the table it writes, the tables of `ChunkTables` it reads, and
    `run(chunk) -> rows` (the schema's columns, doc_id first)."""
    table: str
    run: Callable[[ChunkTables], pd.DataFrame]
    requires: tuple[str, ...] = CHUNK_TABLES

    def __post_init__(self):
        columns(self.table)   # KeyError unless the data contract documents the table
        unknown = set(self.requires) - set(CHUNK_TABLES)
        if unknown:
            raise ValueError(f"{self.table}: a chunk holds no {', '.join(sorted(unknown))}")


@dataclass(frozen=True)
class CorpusExtractor:
    """A corpus-wide extractor: its name, the tables it writes, the files it writes (paths relative
    to the tables folder), the build's tables it reads, and `run(tables) -> CorpusResults`, run once
    over the whole build after every per-document table is written."""
    name: str
    run: Callable[[TableReader], CorpusResults]
    writes: tuple[str, ...]
    files: tuple[str, ...] = ()
    requires: tuple[str, ...] | None = None     # None: not declared (any table of the build)

    def __post_init__(self):
        for table in (*self.writes, *(self.requires or ())):
            columns(table)   # KeyError unless the data contract documents the table
