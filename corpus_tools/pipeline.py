"""The build: run every stage over a corpus folder and write the tables of the data contract.

Stages flow one way -- documents (ingest, clean, metadata) -> nlp -> actors --
and meet only here.  Annotation is cached per distinct text (see `cache`), so a
rebuild annotates only new or changed articles, and a rebuild whose inputs,
models and registry are unchanged does no work at all.
"""
from __future__ import annotations

import hashlib
import re
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, NamedTuple

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from tqdm import tqdm

from . import actors, nlp
from ._version import __version__
from .cache import AnnotationCache
from .documents import prepare
from .ingest import Skipped, iter_files
from .nlp.worker import BackendSpec, annotate_chunk, cuda_available
from .parallel import cpu_count, make_executor
from .readers import SUFFIXES
from .schema import columns
from .store import (STAGING_SUFFIX, TABLES_DIR, FolderLocked, atomic_path, folder_lock, read_manifest,
                    remove_leftovers, replace_dir, write_manifest, write_table)

CHUNK_DOCS = 64        # documents per annotation batch (one cache shard each) and per assembly step
CHUNK_WORDS = 25_000   # ... and at most about this many words (bounds a worker's memory)
MIN_CHUNK_DOCS = 8     # smallest chunk cut to spread a small job over the workers (bulk calls pay off)
CONTROL_CHARS = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")


class BuildError(RuntimeError):
    """A build that cannot go on; the message is meant for the user."""


class BuildLocked(BuildError, FolderLocked):
    """Another build holds the output folder."""


@dataclass
class BuildConfig:
    corpus: Path = Path("data/raw")
    out: Path = Path("build")
    models_dir: str | None = None
    backend: str = "auto"
    device: str | None = None
    threads: int | None = None
    registry: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)  # extra outlet registry files (see data/outlets.yaml)
    default_registry: bool = True  # False: only the user's registry files (and the country tables)
    progress: bool | None = None  # None: bars only on a terminal
    workers: int | None = None     # local annotation processes (None: one per core, 1 on a GPU)
    scheduler: str | None = None   # Dask scheduler address, or "local:N" for a LocalCluster
    chunk_docs: int = CHUNK_DOCS   # texts per annotation task
    chunk_words: int = CHUNK_WORDS


@dataclass
class BuildResult:
    out: Path
    n_documents: int
    n_sentences: int
    n_actors: int
    n_skipped: int
    n_annotated: int
    up_to_date: bool
    seconds: float

    def summary(self) -> str:
        state = "up to date" if self.up_to_date else f"{self.n_annotated} annotated"
        return (f"{self.n_documents} documents, {self.n_sentences} sentences, {self.n_actors} actors, "
                f"{self.n_skipped} skipped, {state} in {self.seconds:.1f}s -> {self.out}")


def build(config: BuildConfig) -> BuildResult:
    """Run every stage; safe to interrupt (even kill -9) and re-run: finished annotation is kept.

    Only one build at a time may write to `config.out`: a second one raises `BuildLocked`.
    """
    start = time.monotonic()
    out = Path(config.out)
    if not Path(config.corpus).is_dir():
        raise BuildError(f"corpus folder {config.corpus} does not exist"
                         if not Path(config.corpus).exists() else f"corpus {config.corpus} is not a folder")
    try:
        with folder_lock(out):
            return _build_locked(config, out, start)
    except FolderLocked as exc:
        raise BuildLocked(str(exc)) from None


def _build_locked(config: BuildConfig, out: Path, start: float) -> BuildResult:
    unchanged = unchanged_since_last_build(config, out, start)
    if unchanged is not None:
        return unchanged
    documents, removed, skipped = read_corpus(config.corpus, config.outlets)
    for item in skipped:
        print(f"skipped {one_line(item['path'])}: {one_line(item['reason'])}", file=sys.stderr)
    if documents.empty:
        raise BuildError(f"no article could be read in {config.corpus}: {len(skipped)} entries skipped "
                         "(reasons above)" if skipped else
                         f"no article files in {config.corpus} (looked for {', '.join(sorted(SUFFIXES))})")
    backend_name, identity = nlp.choose_backend(config.backend, config.models_dir)
    try:
        registry = actors.load_registry(config.registry, use_default=config.default_registry)
    except Exception as exc:  # a user's file: say which, in one line
        files = ", ".join(map(str, config.registry)) or "the built-in registry"
        raise BuildError(f"cannot load the actor registry ({files}): {type(exc).__name__}: {exc}") from exc
    fingerprint = build_fingerprint(documents, skipped, identity, registry.digest)
    manifest = read_manifest(out)
    tables_dir = out / TABLES_DIR
    stamp = input_stamp(config, identity, registry.digest)
    if manifest.get("fingerprint") == fingerprint and tables_present(tables_dir):
        write_manifest(out, {**manifest, "inputs": stamp})    # files touched, content the same
        return result(out, len(documents), len(skipped), 0, True, start)

    # Leftovers of killed runs; safe to delete since we hold the lock.
    for folder in (out, tables_dir, *Path(out, "cache").glob("*")):
        remove_leftovers(folder)
    cache = AnnotationCache(out, identity)
    n_annotated, backend_info = annotate_missing(documents, cache, config, backend_name,
                                                 manifest.get("backend", {}))
    # All tables go to a staging folder that replaces `tables` once complete, so a
    # killed build never leaves tables from two different builds side by side.
    staging = out / f".{TABLES_DIR}{STAGING_SUFFIX}"
    staging.mkdir()
    n_sent, candidates = assemble(documents, cache, staging, registry, config.progress)
    linked = actors.link(candidates, documents, registry)
    write_table(documents, staging / "documents.parquet")
    write_table(pd.DataFrame(removed, columns=columns("removed")), staging / "removed.parquet")
    write_table(pd.DataFrame(skipped, columns=columns("skipped")), staging / "skipped.parquet")
    write_table(linked.mentions, staging / "mentions.parquet")
    write_table(linked.actors, staging / "actors.parquet")
    write_table(linked.merges, staging / "merges.parquet")
    replace_dir(staging, tables_dir)
    write_manifest(out, {"fingerprint": fingerprint, "inputs": stamp, "corpus_tools": __version__,
                         "backend": backend_info, "n_documents": len(documents),
                         "n_sentences": n_sent, "n_actors": len(linked.actors)})
    return result(out, len(documents), len(skipped), n_annotated, False, start)


def unchanged_since_last_build(config: BuildConfig, out: Path, start: float) -> BuildResult | None:
    """The last build's result when no input file changed since (same paths, sizes and
    modification times, models, registry and package version), else None.

    Checked before the corpus is read, so an unchanged re-run costs a walk over the file
    names; a file touched without change goes the long way once, which then finds the
    same content and does no work."""
    manifest, tables_dir = read_manifest(out), out / TABLES_DIR
    if "inputs" not in manifest or not tables_present(tables_dir):
        return None
    try:
        identity = nlp.choose_backend(config.backend, config.models_dir)[1]
        digest = actors.load_registry(config.registry, use_default=config.default_registry).digest
    except Exception:
        return None                                   # the long way says what is wrong
    if input_stamp(config, identity, digest) != manifest["inputs"]:
        return None
    path = tables_dir / "skipped.parquet"
    skipped = pd.read_parquet(path) if path.is_file() else pd.DataFrame(columns=columns("skipped"))
    for row in skipped.itertuples():                  # the same lines as the run that read them
        print(f"skipped {one_line(row.path)}: {one_line(row.reason)}", file=sys.stderr)
    return result(out, manifest.get("n_documents", 0), len(skipped), 0, True, start)


def input_stamp(config: BuildConfig, identity: str, registry_digest: str) -> str:
    """Path, size and modification time of every corpus file (and outlet file), with the
    models, registry and package version: equal stamps, nothing to read again."""
    digest = hashlib.sha256()
    for key in (__version__, identity, registry_digest, str(Path(config.corpus).resolve())):
        digest.update(key.encode() + b"\0")
    for item in [*iter_files(config.corpus), *map(Path, config.outlets)]:
        if isinstance(item, Skipped):
            digest.update(f"{item.path}\0{item.reason}\0".encode("utf-8", "surrogateescape"))
            continue
        try:
            st = item.stat()
        except OSError as exc:
            digest.update(f"{item}\0{exc.errno}\0".encode("utf-8", "surrogateescape"))
            continue
        digest.update(f"{item}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}\0"
                      .encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def one_line(text: str) -> str:
    """`text` with line breaks and other control characters escaped, for one-line messages."""
    return CONTROL_CHARS.sub(lambda m: m.group().encode("unicode_escape").decode(), str(text))


def read_corpus(corpus: Path, outlets: Iterable[str] = ()) -> tuple[pd.DataFrame, list[dict], list[dict]]:
    """All documents (sorted by doc_id), removal audit rows, and skipped entries (path, reason).

    Every file under `corpus` is accounted for: its path is in the documents or in the skipped rows.
    """
    docs, removed, skipped = [], [], []
    for item in prepare(corpus, outlets=outlets):
        if isinstance(item, Skipped):
            skipped.append(item._asdict())
        else:
            docs.append(item.document)
            removed.extend(item.removed)
    documents = pd.DataFrame(docs)
    if not documents.empty:
        documents = documents.sort_values("doc_id", kind="stable").reset_index(drop=True)
    return documents, removed, skipped


def build_fingerprint(documents: pd.DataFrame, skipped: list[dict], identity: str, registry_digest: str) -> str:
    """Everything the tables depend on: inputs (the skipped ones too), metadata, models,
    registry, package version."""
    digest = hashlib.sha256()
    for key in (__version__, identity, registry_digest, *(f"{s['path']}\0{s['reason']}" for s in skipped)):
        digest.update(key.encode("utf-8", "surrogateescape") + b"\0")
    meta = documents.drop(columns=["text"]).astype(str)
    digest.update(pd.util.hash_pandas_object(meta, index=False).values.tobytes())
    return digest.hexdigest()


def tables_present(tables_dir: Path) -> bool:
    names = ("documents", "sentences", "tokens", "entities", "mentions", "actors")
    return all((tables_dir / f"{n}.parquet").is_file() for n in names)


def annotate_missing(documents: pd.DataFrame, cache: AnnotationCache, config: BuildConfig,
                     backend_name: str, previous_info: dict) -> tuple[int, dict]:
    """Annotate every distinct text not yet in the cache, chunk by chunk, on the configured executor.

    Chunks are cut in document order and each becomes one cache shard as soon
    as it comes back, so an interrupted build keeps its finished chunks.
    """
    known = cache.index()
    todo = documents.drop_duplicates("content_hash")
    todo = todo[~todo["content_hash"].isin(known)]
    if todo.empty:
        return 0, previous_info
    device, workers = config.device, config.workers
    if backend_name == "stanza" and device is None and cuda_available():
        device, workers = "cuda", workers or 1  # one process feeds the GPU best
    chunk_docs = config.chunk_docs
    if not config.scheduler:  # small jobs: smaller chunks, so that every local worker gets some
        slots = 2 * (workers or cpu_count())
        chunk_docs = max(min(chunk_docs, MIN_CHUNK_DOCS), min(chunk_docs, -(-len(todo) // slots)))
    chunks = text_chunks(todo, chunk_docs, config.chunk_words)
    executor = make_executor(workers, config.scheduler, config.threads, tasks=len(chunks))
    spec = BackendSpec(backend_name, config.models_dir, device, executor.threads or None)
    bar = tqdm(total=sum(c.words for c in chunks), unit="word", desc=f"annotating ({executor.where})",
               disable=progress_off(config.progress))
    info, threads = previous_info, set()
    try:
        for chunk, done in zip(chunks, executor.map(annotate_chunk, (c.texts for c in chunks), spec)):
            cache.write(chunk.hashes, done.annotations)
            info = done.info
            threads.add(done.torch_threads)
            bar.update(chunk.words)
    finally:
        executor.close()
        bar.close()
    return len(todo), {**info, "run": {"where": executor.where, "workers": executor.workers,
                                       "torch_threads": sorted(threads)}}


class TextChunk(NamedTuple):
    hashes: list[str]
    texts: list[str]
    words: int


def text_chunks(todo: pd.DataFrame, max_docs: int, max_words: int) -> list[TextChunk]:
    """Consecutive runs of at most `max_docs` texts and about `max_words` words (a long text stays whole)."""
    chunks: list[TextChunk] = []
    hashes: list[str] = []
    texts: list[str] = []
    words = 0
    for h, text in zip(todo["content_hash"], todo["text"]):
        n = len(text.split())
        if texts and (len(texts) >= max_docs or words + n > max_words):
            chunks.append(TextChunk(hashes, texts, words))
            hashes, texts, words = [], [], 0
        hashes.append(h)
        texts.append(text)
        words += n
    if texts:
        chunks.append(TextChunk(hashes, texts, words))
    return chunks


def assemble(documents: pd.DataFrame, cache: AnnotationCache, tables_dir: Path, registry,
             progress: bool | None) -> tuple[int, pd.DataFrame]:
    """Stream sentences/tokens/entities to Parquet in document order; collect actor candidates per chunk.

    Only one chunk of annotation is in memory at a time, whatever the corpus
    size.  Tables hold the current documents only: rows of deleted articles
    disappear, and cache shards no current text needs are pruned.
    """
    index = cache.index()
    candidates = []
    n_sentences = 0
    doc_id_type = pa.Schema.from_pandas(documents[["doc_id"]], preserve_index=False).field("doc_id").type
    with TableWriters(tables_dir, ("sentences", "tokens", "entities"), doc_id_type) as writers:
        for start in tqdm(range(0, len(documents), CHUNK_DOCS), desc="assembling",
                          disable=progress_off(progress)):
            chunk = documents.iloc[start:start + CHUNK_DOCS]
            tables = chunk_tables(chunk, cache, index)
            for name, frame in tables.items():
                writers.write(name, frame)
            n_sentences += len(tables["sentences"])
            candidates.append(actors.candidates(chunk, tables["entities"], tables["tokens"], registry))
    cache.prune(set(documents["content_hash"]))
    return n_sentences, pd.concat(candidates, ignore_index=True)


class TableWriters:
    """One Parquet file per table, appended chunk by chunk, renamed into place only if all succeed.

    Rows are buffered up to `ROW_GROUP_ROWS` per table so that row groups stay
    large enough to compress well.
    """
    ROW_GROUP_ROWS = 100_000

    def __init__(self, tables_dir: Path, names: Iterable[str], doc_id_type: pa.DataType):
        self.schemas = {name: arrow_schema(name, doc_id_type) for name in names}
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
        self._buffers[name].append(frame)
        if sum(len(f) for f in self._buffers[name]) >= self.ROW_GROUP_ROWS:
            self._flush(name)

    def _flush(self, name: str) -> None:
        frames, self._buffers[name] = self._buffers[name], []
        if frames:
            frame = pd.concat(frames, ignore_index=True)
            table = pa.Table.from_pandas(frame, schema=self.schemas[name], preserve_index=False)
            self._writers[name].write_table(table.replace_schema_metadata(None))

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                for name in self.schemas:
                    self._flush(name)
        except BaseException:
            self._stack.__exit__(*sys.exc_info())  # remove the temporary files
            raise
        self._stack.__exit__(exc_type, exc, tb)


ARROW_INTS = {"sent_idx", "tok_idx", "start_char", "end_char", "head"}


def arrow_schema(name: str, doc_id_type: pa.DataType) -> pa.Schema:
    """The Arrow types of a table's fixed columns (every chunk is written with the same ones)."""
    return pa.schema([(col, doc_id_type if col == "doc_id" else pa.int64() if col in ARROW_INTS
                       else pa.large_string()) for col in columns(name)])


def chunk_tables(chunk: pd.DataFrame, cache: AnnotationCache, index: dict[str, str]) -> dict[str, pd.DataFrame]:
    """The cached annotation of these documents, with doc_id in place of content_hash."""
    ids = chunk[["doc_id", "content_hash"]]
    shards = list(dict.fromkeys(index[h] for h in chunk["content_hash"]))
    out = {}
    for name in ("sentences", "tokens", "entities"):
        frames = [cache.read(s)[name] for s in shards]
        rows = pd.concat(frames, ignore_index=True)
        rows = ids.merge(rows, on="content_hash", how="inner").drop(columns="content_hash")
        sort_keys = ["doc_id", "sent_idx"] + (["tok_idx"] if name == "tokens" else ["start_char"] if name == "entities" else [])
        out[name] = rows.sort_values(sort_keys, kind="stable").reset_index(drop=True)[columns(name)]
    return out


def progress_off(progress: bool | None) -> bool | None:
    return None if progress is None else not progress


def result(out: Path, n_documents: int, n_skipped: int, n_annotated: int, up_to_date: bool,
           start: float) -> BuildResult:
    """The build's summary; sentence and actor counts come from the manifest of the tables."""
    manifest = read_manifest(out)
    return BuildResult(out, n_documents, manifest.get("n_sentences", 0), manifest.get("n_actors", 0),
                       n_skipped, n_annotated, up_to_date, time.monotonic() - start)
