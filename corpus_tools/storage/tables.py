"""A build's tables on disk: Parquet files written whole or streamed chunk by chunk, published
together from a staging folder, described by the build's manifest, and read back lazily.

`TableReader` reads the tables of a build, or of some of its documents, and knows no analysis:
`corpus_tools.analysis.Corpus` builds the researcher's API on it.
"""
from __future__ import annotations

import json
import shutil
import sys
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..schema import arrow_schema
from .files import STAGING_SUFFIX, atomic_path, remove_leftovers, replace_dir, restore_dir, write_bytes_if_changed

if TYPE_CHECKING:
    import pyarrow.dataset as pds

TABLES_DIR = "tables"
MANIFEST = "manifest.json"
ROW_GROUP_ROWS = 100_000        # rows of a row group at most: large enough to compress well
ROW_GROUP_BYTES = 4 * 2**20     # and about this many bytes of its widest column: a reader decodes a row group
                                # at a time, so a table of long texts (documents, sentences) gets smaller ones


def row_group_rows(table: pa.Table) -> int:
    """The rows of a row group of `table` when written: `ROW_GROUP_ROWS`, fewer where a column is
    wide (about `ROW_GROUP_BYTES` of it)."""
    widest = max((column.nbytes for column in table.columns), default=0) / max(table.num_rows, 1)
    return max(1, min(ROW_GROUP_ROWS, int(ROW_GROUP_BYTES / max(widest, 1))))


def clear_leftovers(out: str | Path) -> None:
    """What killed builds left in the output folder, its tables and caches (hold `lock.folder_lock`)."""
    for folder in (Path(out), Path(out) / TABLES_DIR, *Path(out, "cache").glob("*")):
        remove_leftovers(folder)


def restore_tables(out: str | Path) -> bool:
    """The last build's tables back in place if a build was killed while swapping in its own (hold
    `lock.folder_lock`): otherwise they would be lost with the leftovers, and the folder hold no
    build until a build finishes."""
    return restore_dir(Path(out) / TABLES_DIR)


def write_table(df: pd.DataFrame, path: str | Path, schema: pa.Schema | None = None) -> None:
    """Write one whole table as Parquet, atomically (with `schema`'s column types when given), in
    row groups of `row_group_rows`."""
    with atomic_path(path) as tmp:
        if schema is None:
            sample = pa.Table.from_pandas(df.iloc[:1_000], preserve_index=False)   # its bytes per row
            df.to_parquet(tmp, index=False, compression="zstd", row_group_size=row_group_rows(sample))
        else:
            table = pa.Table.from_pandas(df, schema=schema, preserve_index=False)
            pq.write_table(table.replace_schema_metadata(None), tmp, compression="zstd",
                           row_group_size=row_group_rows(table))


@contextmanager
def staged_tables(out: str | Path) -> Iterator[Path]:
    """A staging folder for every table of a build, put in place of `out/tables` only when the
    block succeeds: a killed build never leaves tables of two builds side by side."""
    staging = Path(out) / f".{TABLES_DIR}{STAGING_SUFFIX}"
    staging.mkdir(parents=True)
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    replace_dir(staging, Path(out) / TABLES_DIR)


class TableWriters:
    """One Parquet file per table, appended chunk by chunk, renamed into place only if all succeed.

    Every chunk is written with the table's Arrow schema (`schema.arrow_schema`); rows are
    buffered up to `ROW_GROUP_ROWS` per table, then written in whole row groups of `row_group_rows`
    (the rows left over stay buffered), so that row groups stay large enough to compress well.
    """

    def __init__(self, tables_dir: Path, names: Iterable[str]):
        self.schemas = {name: arrow_schema(name) for name in names}
        self.tables_dir = tables_dir
        self._stack = ExitStack()
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._buffers: dict[str, list[pd.DataFrame]] = {name: [] for name in self.schemas}

    def __enter__(self) -> "TableWriters":
        with ExitStack() as stack:
            for name, schema in self.schemas.items():
                tmp = stack.enter_context(atomic_path(self.tables_dir / f"{name}.parquet"))
                self._writers[name] = pq.ParquetWriter(tmp, schema, compression="zstd")
                stack.callback(self._writers[name].close)  # closed before its file is renamed
            self._stack = stack.pop_all()
        return self

    def write(self, name: str, frame: pd.DataFrame) -> None:
        """Append rows to table `name` (its contract columns, in order)."""
        self._buffers[name].append(frame)
        if sum(len(f) for f in self._buffers[name]) >= ROW_GROUP_ROWS:
            self._flush(name)

    def _flush(self, name: str, last: bool = False) -> None:
        """Write the rows buffered for `name` in whole row groups (every row when `last`)."""
        frames, self._buffers[name] = self._buffers[name], []
        if frames:
            frame = pd.concat(frames, ignore_index=True)
            table = pa.Table.from_pandas(frame, schema=self.schemas[name], preserve_index=False)
            size = row_group_rows(table)
            whole = len(frame) if last else len(frame) // size * size
            if whole:
                self._writers[name].write_table(table.slice(0, whole).replace_schema_metadata(None), size)
            if whole < len(frame):
                self._buffers[name] = [frame.iloc[whole:]]

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                for name in self.schemas:
                    self._flush(name, last=True)
        except BaseException:
            self._stack.__exit__(*sys.exc_info())  # remove the temporary files
            raise
        self._stack.__exit__(exc_type, exc, tb)


def read_manifest(out: str | Path) -> dict:
    """The manifest of the build in `out` ({} when there is none or it is unreadable)."""
    path = Path(out) / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_manifest(out: str | Path, manifest: dict) -> None:
    """Write the build manifest (unless it holds exactly this already)."""
    write_bytes_if_changed(Path(out) / MANIFEST,
                           json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8"))


class TableReader:
    """The tables of one build -- or of some of its documents (`restrict`) -- read lazily from Parquet.

    Opening reads nothing.  A table is read on first use (`reader.mentions`, `reader["tokens"]`),
    and only the rows of the reader's own documents; `read` takes columns and a row filter,
    `batches` streams a table, so that a big build is read only where it is needed.
    `restrict` gives a reader of the same class over fewer documents.
    """

    def __init__(self, out: str | Path, tables_dir: str | Path | None = None):
        self.out = Path(out)
        self.tables_dir = Path(tables_dir) if tables_dir is not None else self.out / TABLES_DIR
        if not self.tables_dir.is_dir():
            raise FileNotFoundError(f"no build in {self.out}: run 'corpus-tools build --out {self.out}' first")
        self.doc_ids: pd.Index | None = None   # None: every document of the build
        self.criteria: list[str] = []          # how the sub-corpus was selected, in words
        self._cache: dict = {}
        self._in_memory: dict[str, pa.Table] = {}   # shared with sub-corpora (`keep_in_memory`)

    @property
    def tables(self) -> list[str]:
        """The names of the tables in this build."""
        return sorted(p.stem for p in self.tables_dir.glob("*.parquet"))

    @property
    def manifest(self) -> dict:
        """What the build recorded: package, backend and model versions, counts."""
        return read_manifest(self.out)

    @property
    def is_subcorpus(self) -> bool:
        """True for a selection (`select`), False for a whole build."""
        return self.doc_ids is not None

    @property
    def whole(self):
        """The whole build this reader belongs to (itself when it reads every document)."""
        if self.doc_ids is None:
            return self
        return self.sibling()

    def sibling(self):
        """A reader of the same class over every document of the same build, sharing what is held in memory."""
        other = type(self)(self.out, self.tables_dir)
        other._in_memory = self._in_memory
        return other

    def keep_in_memory(self, max_bytes: int = 256 * 2**20):
        """Hold every table whose file is at most `max_bytes` in memory, decoded once: later reads
        filter it there instead of scanning the file again.  For a process that reads one build
        many times (a report kernel renders page after page); sub-corpora share what is held."""
        for name in self.tables:
            if name not in self._in_memory and self.path(name).stat().st_size <= max_bytes:
                self._in_memory[name] = pq.read_table(self.path(name))
        return self

    def path(self, name: str) -> Path:
        """The Parquet file of table `name`; KeyError naming the tables there when it has none."""
        path = self.tables_dir / f"{name}.parquet"
        if not path.is_file():
            raise KeyError(f"no table {name!r} in {self.tables_dir}; tables: {', '.join(self.tables)}")
        return path

    def columns(self, name: str) -> list[str]:
        """The columns of table `name` (read from the file's schema, no row read)."""
        return self.memo(f"columns of {name}", lambda: pq.read_schema(self.path(name)).names)

    def row_filter(self, name: str, where: "pds.Expression | None" = None) -> "pds.Expression | None":
        """`where`, restricted to this corpus's documents for tables that have a doc_id.

        The id range is added to the set test so that Parquet skips row groups outside it
        (tables are written in doc_id order)."""
        import pyarrow.compute as pc
        ids = self.id_array(name)
        if ids is None:
            return where
        mine = pc.field("doc_id").isin(ids) & self.id_range(name) if len(ids) else pc.scalar(False)
        return mine if where is None else mine & where

    def id_array(self, name: str) -> pa.Array | None:
        """This corpus's doc_ids as an Arrow array of table `name`'s doc_id type, made once per table
        type; None for a whole build or a table without doc_id; empty when the table was written
        without types (no row is ours)."""
        if self.doc_ids is None or "doc_id" not in self.columns(name):
            return None
        kind = self.memo(f"doc_id type of {name}", lambda: pq.read_schema(self.path(name)).field("doc_id").type)
        if pa.types.is_null(kind):
            return pa.array([], pa.string())
        return self.memo(f"doc_ids as {kind}",   # the system's allocator: Arrow's would keep pages after it
                         lambda: pa.array(self.doc_ids, kind, memory_pool=pa.system_memory_pool()))

    def id_range(self, name: str) -> "pds.Expression":
        """The test that a row's doc_id lies between this corpus's first and last (of a sub-corpus
        with documents): Parquet skips the row groups outside it by their statistics."""
        import pyarrow.compute as pc
        doc = pc.field("doc_id")
        return (doc >= self.doc_ids.min()) & (doc <= self.doc_ids.max())

    def scanner(self, name: str, columns: list[str] | None = None, where=None, batch_rows: int = 200_000):
        """A pyarrow scanner over this corpus's rows of table `name` (`columns` only, rows matching `where`)."""
        import pyarrow.dataset as pds
        held = self._in_memory.get(name)
        dataset = pds.dataset(held) if held is not None else pds.dataset(self.path(name), format="parquet")
        return dataset.scanner(columns=columns, filter=self.row_filter(name, where), batch_size=batch_rows)

    def read(self, name: str, columns: list[str] | None = None, where=None) -> pd.DataFrame:
        """This corpus's rows of table `name` as a DataFrame: only `columns`, only rows matching
        `where` (a `pyarrow.compute` expression such as ``pc.field("actor_id") == "otan"``).

        Read a row group at a time (`pieces`): what is held besides the rows found is one row group."""
        return self.read_arrow(name, columns, where).to_pandas()

    def read_arrow(self, name: str, columns: list[str] | None = None, where=None) -> pa.Table:
        """`read`, as an Arrow table (strings stay Arrow's: a few bytes each, no Python object)."""
        pieces = list(self.pieces(name, columns, where))
        if not pieces:                           # no row group: the file's empty columns
            return self.scanner(name, columns, where).to_table()
        return pa.concat_tables(pieces)

    def batches(self, name: str, columns: list[str] | None = None, where=None,
                batch_rows: int = 200_000) -> Iterator[pd.DataFrame]:
        """This corpus's rows of table `name`, a batch of at most `batch_rows` rows at a time (a row
        group's, `pieces`, or part of one)."""
        for piece in self.pieces(name, columns, where, batch_rows):
            for batch in piece.to_batches(batch_rows):
                if batch.num_rows:
                    yield batch.to_pandas()

    def pieces(self, name: str, columns: list[str] | None = None, where=None,
               batch_rows: int = 200_000) -> Iterator[pa.Table]:
        """This corpus's rows of table `name` (`columns`, rows matching `where`), a row group at a
        time, read when asked for: a scanner would decode ahead of a slow reader and hold what it
        decoded, its memory growing with the table.  Row groups outside the rows asked for (by their
        statistics: a doc_id range) are never read.  What decoding a row group took is handed back
        to the system before the next is read (Arrow's allocator would keep it: the peak memory of
        a reader would grow with the number of row groups read)."""
        import pyarrow.dataset as pds
        if name in self._in_memory:
            yield self.scanner(name, columns, where, batch_rows).to_table()
            return
        ids = self.id_array(name)
        if ids is not None and len(ids):          # a sub-corpus: its doc_ids tested after the read
            yield from self.own_rows(name, columns, where, ids)
            return
        where = self.row_filter(name, where)
        for fragment in pds.dataset(self.path(name), format="parquet").get_fragments(filter=where):
            for group in fragment.split_by_row_group(filter=where):
                yield group.to_table(columns=columns, filter=where)
                pa.default_memory_pool().release_unused()

    def own_rows(self, name: str, columns: list[str] | None, where, ids: pa.Array) -> Iterator[pa.Table]:
        """`pieces` of a sub-corpus: each row group in its doc_id range read with `where` alone, then
        only the rows of `ids` kept -- one set test on the rows `where` found, not the set of every
        document held by Arrow's filter of each batch (its memory grew with the sub-corpus)."""
        import pyarrow.compute as pc
        import pyarrow.dataset as pds
        bounds = self.id_range(name) if where is None else self.id_range(name) & where
        wanted = None if columns is None else list(dict.fromkeys([*columns, "doc_id"]))
        for fragment in pds.dataset(self.path(name), format="parquet").get_fragments(filter=bounds):
            for group in fragment.split_by_row_group(filter=bounds):
                table = group.to_table(columns=wanted, filter=bounds)
                table = table.filter(pc.is_in(table["doc_id"], value_set=ids))
                yield table if columns is None else table.select(columns)
                pa.default_memory_pool().release_unused()

    def __getitem__(self, name: str) -> pd.DataFrame:
        key = ("table", name)
        if key not in self._cache:
            self._cache[key] = self.read(name)
        return self._cache[key]

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError as exc:
            raise AttributeError(str(exc)) from None

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self.tables))

    def __repr__(self) -> str:
        selection = f", selection={'; '.join(self.criteria)!r}, documents={len(self.doc_ids)}" \
            if self.doc_ids is not None else ""
        return f"{type(self).__name__}({str(self.out)!r}{selection}, tables={self.tables})"

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """`compute()`, once per corpus object: analyses keep derived tables here (a sub-corpus
        has its own)."""
        if ("memo", key) not in self._cache:
            self._cache[("memo", key)] = compute()
        return self._cache[("memo", key)]

    def restrict(self, doc_ids: Iterable[str], criteria: Iterable[str]):
        """A reader of the same class over the documents of `doc_ids` that are in this one; `criteria`
        say in words how they were chosen."""
        sub = self.sibling()
        values = doc_ids.tolist() if isinstance(doc_ids, (pd.Index, pd.Series)) else doc_ids
        ids = {i for i in values if not pd.isna(i)}          # plain strings: a few bytes each, no Arrow pages
        if self.doc_ids is not None:
            ids.intersection_update(self.doc_ids.tolist())
        sub.doc_ids = pd.Index(np.array(sorted(ids), dtype=object), dtype=object)
        sub.criteria = [*self.criteria, *criteria]
        return sub
