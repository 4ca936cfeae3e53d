"""The build: every stage over a corpus folder, writing the tables of the data contract.

Stages flow one way -- text -> nlp -> actors -> analysis -- and meet only here.  `build` reads as the
list of its steps; each step is defined in the stage or infrastructure module it belongs to.
Annotation is cached per distinct text and cleaning per article, so a rebuild works only on
new or changed articles, and a rebuild whose inputs are unchanged does no work at all.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from . import actors, nlp, text
from .analysis import analyse, analyse_corpus
from ._version import __version__
from .assemble import assemble
from .cache import AnnotationCache
from .incremental import fingerprint, fingerprint_unchanged, input_stamp, stamp_unchanged
from .messages import report_skipped
from .nlp.run import annotate_missing
from .store import (TABLES_DIR, FolderLocked, clear_leftovers, folder_lock, read_manifest, staged_tables,
                    write_manifest, write_table)


class BuildError(RuntimeError):
    """A build that cannot go on; the message is meant for the user."""


class BuildLocked(BuildError, FolderLocked):
    """Another build holds the output folder."""


@dataclass
class BuildConfig:
    """Where to read and write, which models and registries, and where annotation runs."""
    corpus: Path = Path("data/raw")
    out: Path = Path("build")
    models_dir: str | None = None
    backend: str = "auto"
    device: str | None = None
    threads: int | None = None
    registry: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)  # extra outlet registry files (see text/data/outlets.yaml)
    default_registry: bool = True  # False: only the user's registry files (and the country tables)
    progress: bool | None = None  # None: bars only on a terminal
    workers: int | None = None     # local annotation processes (None: one per core, 1 on a GPU)
    scheduler: str | None = None   # Dask scheduler address, or "local:N" for a LocalCluster
    chunk_docs: int = 64           # texts per annotation task (one cache shard) and per assembly step
    chunk_words: int = 25_000      # ... and at most about this many words (bounds a worker's memory)


@dataclass
class BuildResult:
    """What a build did, in numbers."""
    out: Path
    n_documents: int
    n_sentences: int
    n_actors: int
    n_skipped: int
    n_annotated: int
    up_to_date: bool
    seconds: float

    def summary(self) -> str:
        """One line for the user."""
        state = "up to date" if self.up_to_date else f"{self.n_annotated} annotated"
        return (f"{self.n_documents} documents, {self.n_sentences} sentences, {self.n_actors} actors, "
                f"{self.n_skipped} skipped, {state} in {self.seconds:.1f}s -> {self.out}")


class Inputs(NamedTuple):
    """What the build depends on besides the corpus, resolved once."""
    backend: str                  # NLP backend name
    identity: str                 # its models' identity (the annotation cache key)
    registry: actors.Registry     # actor registry

    @property
    def key(self) -> str:
        """The models and registry as one string (part of the input stamp and fingerprint)."""
        return f"{self.identity}\0{self.registry.digest}"


def build(config: BuildConfig) -> BuildResult:
    """Run every stage; safe to interrupt (even kill -9) and re-run: finished annotation is kept.

    Only one build at a time may write to `config.out`: a second one raises `BuildLocked`.
    """
    start = time.monotonic()
    check_corpus(Path(config.corpus))
    try:
        with folder_lock(config.out):
            return build_locked(config, Path(config.out), start)
    except FolderLocked as exc:
        raise BuildLocked(str(exc)) from None


def build_locked(config: BuildConfig, out: Path, start: float) -> BuildResult:
    """The build's steps, run while holding the output folder's lock."""
    inputs = resolve_inputs(config)
    stamp = input_stamp(config.corpus, config.outlets, inputs.key)
    if stamp_unchanged(out, stamp):
        skipped = pd.read_parquet(out / TABLES_DIR / "skipped.parquet")
        report_skipped(skipped)                       # the same lines as the run that read them
        return result(out, read_manifest(out).get("n_documents", 0), len(skipped), 0, True, start)
    tables = text.read_corpus(config.corpus, config.outlets, cache_dir=out / "cache" / "text")
    report_skipped(tables.skipped)
    require_articles(tables, Path(config.corpus))
    digest = fingerprint(tables.documents, tables.skipped, inputs.key)
    manifest = read_manifest(out)
    if fingerprint_unchanged(out, digest):            # files touched, content the same
        write_manifest(out, {**manifest, "inputs": stamp})
        return result(out, len(tables.documents), len(tables.skipped), 0, True, start)
    clear_leftovers(out)
    cache = AnnotationCache(out, inputs.identity)
    n_annotated, backend_info = annotate_missing(tables.documents, cache, inputs.backend, config,
                                                 manifest.get("backend", {}))
    with staged_tables(out) as staging:
        n_sentences, candidates = assemble(tables.documents, cache, staging, inputs.registry, config.chunk_docs,
                                           config.progress)
        linked = actors.link(candidates, tables.documents, inputs.registry)
        analyse(tables.documents, linked.mentions, cache, staging, config.chunk_docs, config.progress)
        for name, frame in {**tables._asdict(), **linked._asdict()}.items():
            write_table(frame, staging / f"{name}.parquet")
        analyse_corpus(staging, out)
    write_manifest(out, {"fingerprint": digest, "inputs": stamp, "corpus_tools": __version__,
                         "backend": backend_info, "n_documents": len(tables.documents),
                         "n_sentences": n_sentences, "n_actors": len(linked.actors)})
    return result(out, len(tables.documents), len(tables.skipped), n_annotated, False, start)


def check_corpus(corpus: Path) -> None:
    """BuildError unless `corpus` is a folder."""
    if not corpus.is_dir():
        raise BuildError(f"corpus folder {corpus} does not exist" if not corpus.exists()
                         else f"corpus {corpus} is not a folder")


def resolve_inputs(config: BuildConfig) -> Inputs:
    """The NLP backend and the actor registry the build uses (neither is loaded twice)."""
    backend, identity = nlp.choose_backend(config.backend, config.models_dir)
    try:
        registry = actors.load_registry(config.registry, use_default=config.default_registry)
    except Exception as exc:  # a user's file: say which, in one line
        files = ", ".join(map(str, config.registry)) or "the built-in registry"
        raise BuildError(f"cannot load the actor registry ({files}): {type(exc).__name__}: {exc}") from exc
    return Inputs(backend, identity, registry)


def require_articles(tables: text.TextTables, corpus: Path) -> None:
    """BuildError when no article could be read, saying why."""
    if not tables.documents.empty:
        return
    if len(tables.skipped):
        raise BuildError(f"no article could be read in {corpus}: {len(tables.skipped)} entries skipped "
                         "(reasons above)")
    raise BuildError(f"no article files in {corpus} (looked for {', '.join(text.supported_suffixes())})")


def result(out: Path, n_documents: int, n_skipped: int, n_annotated: int, up_to_date: bool,
           start: float) -> BuildResult:
    """The build's summary; sentence and actor counts come from the manifest of the tables."""
    manifest = read_manifest(out)
    return BuildResult(out, n_documents, manifest.get("n_sentences", 0), manifest.get("n_actors", 0),
                       n_skipped, n_annotated, up_to_date, time.monotonic() - start)
