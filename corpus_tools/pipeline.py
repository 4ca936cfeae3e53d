"""The build: run every stage over a corpus folder and write the tables of the data contract.

Stages flow one way -- documents (ingest, clean, metadata) -> nlp -> actors --
and meet only here.  Annotation is cached per distinct text (see `cache`), so a
rebuild annotates only new or changed articles, and a rebuild whose inputs,
models and registry are unchanged does no work at all.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pandas as pd
from tqdm.auto import tqdm

from . import __version__, actors, nlp
from .cache import AnnotationCache
from .documents import Prepared, prepare
from .ingest import Skipped
from .readers import SUFFIXES
from .schema import columns
from .store import (STAGING_SUFFIX, TABLES_DIR, FolderLocked, folder_lock, read_manifest, remove_leftovers,
                    replace_dir, write_manifest, write_table)

CHUNK_DOCS = 64  # documents per annotation batch (one cache shard each)
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
    documents, removed, skipped = read_corpus(config.corpus, config.outlets)
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
    fingerprint = build_fingerprint(documents, identity, registry.digest)
    manifest = read_manifest(out)
    tables_dir = out / TABLES_DIR
    if manifest.get("fingerprint") == fingerprint and tables_present(tables_dir):
        return result(out, documents, tables_dir, len(skipped), 0, True, start)

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
    write_table(pd.DataFrame(removed, columns=columns_removed()), staging / "removed.parquet")
    write_table(pd.DataFrame(skipped, columns=["path", "reason"]), staging / "skipped.parquet")
    write_table(linked.mentions, staging / "mentions.parquet")
    write_table(linked.actors, staging / "actors.parquet")
    write_table(linked.merges, staging / "merges.parquet")
    replace_dir(staging, tables_dir)
    write_manifest(out, {"fingerprint": fingerprint, "corpus_tools": __version__,
                         "backend": backend_info, "n_documents": len(documents),
                         "n_sentences": n_sent, "n_actors": len(linked.actors)})
    return result(out, documents, tables_dir, len(skipped), n_annotated, False, start)


def one_line(text: str) -> str:
    """`text` with line breaks and other control characters escaped, for one-line messages."""
    return CONTROL_CHARS.sub(lambda m: m.group().encode("unicode_escape").decode(), str(text))


def columns_removed() -> list[str]:
    return ["doc_id", "start_char", "end_char", "text", "rule"]


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


def build_fingerprint(documents: pd.DataFrame, identity: str, registry_digest: str) -> str:
    """Everything the tables depend on: inputs, metadata, models, registry, package version."""
    digest = hashlib.sha256()
    for key in (__version__, identity, registry_digest):
        digest.update(key.encode() + b"\0")
    meta = documents.drop(columns=["text"]).astype(str)
    digest.update(pd.util.hash_pandas_object(meta, index=False).values.tobytes())
    return digest.hexdigest()


def tables_present(tables_dir: Path) -> bool:
    names = ("documents", "sentences", "tokens", "entities", "mentions", "actors")
    return all((tables_dir / f"{n}.parquet").is_file() for n in names)


def annotate_missing(documents: pd.DataFrame, cache: AnnotationCache, config: BuildConfig,
                     backend_name: str, previous_info: dict) -> tuple[int, dict]:
    """Annotate every distinct text not yet in the cache, in document order, chunk by chunk."""
    known = cache.index()
    todo = documents.drop_duplicates("content_hash")
    todo = todo[~todo["content_hash"].isin(known)]
    if todo.empty:
        return 0, previous_info
    backend = nlp.load_backend(backend_name, config.models_dir, config.device, config.threads)
    words = todo["text"].str.split().str.len()
    bar = tqdm(total=int(words.sum()), unit="word", desc="annotating", disable=progress_off(config.progress))
    for start in range(0, len(todo), CHUNK_DOCS):
        chunk = todo.iloc[start:start + CHUNK_DOCS]
        cache.write(chunk["content_hash"].tolist(), backend.annotate(chunk["text"].tolist()))
        bar.update(int(words.iloc[start:start + CHUNK_DOCS].sum()))
    bar.close()
    return len(todo), backend.info


def assemble(documents: pd.DataFrame, cache: AnnotationCache, tables_dir: Path, registry,
             progress: bool | None) -> tuple[int, pd.DataFrame]:
    """Write sentences/tokens/entities in document order; collect actor candidates per chunk."""
    index = cache.index()
    parts: dict[str, list[pd.DataFrame]] = {"sentences": [], "tokens": [], "entities": []}
    candidates = []
    for start in tqdm(range(0, len(documents), CHUNK_DOCS), desc="assembling", disable=progress_off(progress)):
        chunk = documents.iloc[start:start + CHUNK_DOCS]
        tables = chunk_tables(chunk, cache, index)
        for name, frame in tables.items():
            parts[name].append(frame)
        candidates.append(actors.candidates(chunk, tables["entities"], tables["tokens"], registry))
    n_sentences = 0
    for name, frames in parts.items():
        frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns(name))
        n_sentences += len(frame) if name == "sentences" else 0
        write_table(frame, tables_dir / f"{name}.parquet")
    return n_sentences, pd.concat(candidates, ignore_index=True)


def chunk_tables(chunk: pd.DataFrame, cache: AnnotationCache, index: dict[str, str]) -> dict[str, pd.DataFrame]:
    """The cached annotation of these documents, with doc_id in place of content_hash."""
    ids = chunk[["doc_id", "content_hash"]]
    out = {}
    for name in ("sentences", "tokens", "entities"):
        shards = dict.fromkeys(index[h] for h in chunk["content_hash"])
        frames = [cache.read(s)[name] for s in shards]
        rows = pd.concat(frames, ignore_index=True)
        rows = ids.merge(rows, on="content_hash", how="inner").drop(columns="content_hash")
        sort_keys = ["doc_id", "sent_idx"] + (["tok_idx"] if name == "tokens" else ["start_char"] if name == "entities" else [])
        out[name] = rows.sort_values(sort_keys, kind="stable").reset_index(drop=True)[columns(name)]
    return out


def progress_off(progress: bool | None) -> bool | None:
    return None if progress is None else not progress


def result(out: Path, documents: pd.DataFrame, tables_dir: Path, n_skipped: int,
           n_annotated: int, up_to_date: bool, start: float) -> BuildResult:
    manifest = read_manifest(out)
    return BuildResult(out, len(documents), manifest.get("n_sentences", 0), manifest.get("n_actors", 0),
                       n_skipped, n_annotated, up_to_date, time.monotonic() - start)
