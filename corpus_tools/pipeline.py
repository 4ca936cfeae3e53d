"""The build: every stage over a corpus folder, writing the tables of the data contract.

Stages flow one way -- text -> nlp -> actors -> analysis -- and meet only here.  `build` reads as the
list of its steps; each step is defined in the stage or storage module it belongs to, except the
two that only join stages (`assemble`: annotation streamed to tables and into the actors stage)
or speak to the user (`report_skipped`, `report_warnings`).  Annotation is cached per distinct
text and cleaning per article, so a rebuild works only on new or changed articles, and a
rebuild whose inputs are unchanged does no work at all -- nor imports what only work needs (the text
stage's readers, annotation, the analyses: imported on first use).
"""
from __future__ import annotations

import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pandas as pd
from tqdm import tqdm

from . import actors, nlp, text
from ._version import __version__
from .storage.cache import KeyedCache
from .storage.lock import FolderLocked, folder_lock
from .storage.stamps import fingerprint, fingerprint_unchanged, input_stamp, stamp_unchanged
from .storage.tables import (TABLES_DIR, TableWriters, clear_leftovers, read_manifest, restore_tables, staged_tables,
                             write_manifest, write_table)
from .schema import arrow_schema
from .stopping import checkpoint
from .userfiles import UserFileError

NLP_TABLES = ("sentences", "tokens", "entities", "sentence_repairs")
CONTROL_CHARS = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")


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
    columns: list[str] = field(default_factory=list)  # extra column tables (see text/data/columns.yaml)
    source_from_folder: bool = False  # the first folder under the corpus names the outlet of its articles
    default_registry: bool = True  # False: only the user's registry files (and the country tables)
    progress: bool | None = None  # None: bars only on a terminal
    workers: int | None = None     # local annotation processes (None: one per core, 1 on a GPU)
    scheduler: str | None = None   # Dask scheduler address, or "local:N" for a LocalCluster
    chunk_docs: int = 64           # texts per annotation task (one cache shard) and per assembly step
    chunk_words: int = 25_000      # ... and at most about this many words (bounds a worker's memory)
    curation: str | None = None    # the researcher's actor decisions (None: `<out>.curation.yaml` if it exists)


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
    n_described: int = 0      # documents a sidecar row described
    n_duplicates: int = 0     # documents that copy an earlier one (documents.duplicate_of)
    n_warnings: int = 0       # rows of the warnings table
    n_curated: int = 0        # curation decisions applied

    def summary(self) -> str:
        """One line for the user.

        >>> BuildResult("build", 6, 40, 9, 1, 6, False, 2.0, n_described=5, n_duplicates=1, n_warnings=2).summary()
        '6 documents (5 described by the sidecar, 1 a copy of another), 40 sentences, 9 actors, 1 skipped,
         2 warnings, 6 annotated in 2.0s -> build'
        """
        state = "up to date" if self.up_to_date else f"{self.n_annotated} annotated"
        about = ", ".join(part for part in (
            f"{self.n_described} described by the sidecar" if self.n_described else "",
            f"{self.n_duplicates} a cop{'y' if self.n_duplicates == 1 else 'ies'} of another" if self.n_duplicates
            else "") if part)
        warnings = f", {self.n_warnings} warning{'s' * (self.n_warnings != 1)}" if self.n_warnings else ""
        warnings += f", {self.n_curated} curation decision{'s' * (self.n_curated != 1)}" if self.n_curated else ""
        return (f"{self.n_documents} documents{f' ({about})' if about else ''}, {self.n_sentences} sentences, "
                f"{self.n_actors} actors, {self.n_skipped} skipped{warnings}, {state} in {self.seconds:.1f}s "
                f"-> {self.out}")


class Inputs(NamedTuple):
    """What the build depends on besides the corpus, resolved (and checked) once, before anything is written."""
    backend: str                  # NLP backend name
    identity: str                 # its models' identity (the annotation cache key)
    registry: actors.Registry     # actor registry
    text_options: str = ""        # the text stage's options and user files (column tables, outlet registries)
    curation: actors.Curation = actors.Curation()   # the researcher's actor decisions

    @property
    def key(self) -> str:
        """The models, registry, text options and curation as one string (part of the input stamp and
        fingerprint): a changed curation file links actors again, and annotates nothing."""
        key = f"{self.identity}\0{self.registry.digest}\0{self.text_options}"
        return f"{key}\0{self.curation.digest}" if self.curation.digest else key   # no file: as before curation


def build(config: BuildConfig, inputs: Inputs | None = None) -> BuildResult:
    """Run every stage; safe to interrupt (even kill -9) and re-run: finished annotation is kept.

    Only one build at a time may write to `config.out`: a second one raises `BuildLocked`.
    Nothing is written (not even the output folder) when the corpus, the models or a user's
    file is at fault (`preflight`; pass its `inputs` when you ran it already).
    """
    start = time.monotonic()
    inputs = inputs or preflight(config)
    try:
        with folder_lock(config.out):
            return build_locked(config, Path(config.out), start, inputs)
    except FolderLocked as exc:
        raise BuildLocked(str(exc)) from None


def preflight(config: BuildConfig) -> Inputs:
    """Check what the build reads before it writes anything: the corpus folder, the models, the
    registries and column tables (each error one line naming its file); the resolved inputs."""
    check_corpus(Path(config.corpus))
    return resolve_inputs(config)


def build_locked(config: BuildConfig, out: Path, start: float, inputs: Inputs) -> BuildResult:
    """The build's steps, run while holding the output folder's lock."""
    corpus = Path(config.corpus)
    entries = stamped_entries(config)
    restore_tables(out)                               # a build killed amid its tables' swap: the last ones back
    manifest = read_manifest(out)                     # the last build's record (the lock keeps it so)
    stamp = input_stamp(corpus, entries, inputs.key)
    if stamp_unchanged(out, manifest, stamp):
        report_tables(out)                            # the same lines as the run that read them
        return result(out, manifest, 0, True, start)
    tables = text.read_corpus(corpus, config.outlets, cache_dir=out / "cache" / "text", columns=config.columns,
                              source_from_folder=config.source_from_folder)
    report_skipped(tables.skipped)
    report_warnings(tables.warnings)
    require_articles(tables, corpus)
    digest = fingerprint(tables.documents, [tables.skipped, tables.warnings], inputs.key)
    counts = text_counts(tables)
    if fingerprint_unchanged(out, manifest, digest):  # files touched, content the same
        write_manifest(out, {**manifest, "inputs": stamp})
        return result(out, {**manifest, **counts}, 0, True, start)
    clear_leftovers(out)
    checkpoint()
    cache = nlp.open_cache(out, inputs.identity)
    n_annotated, backend_info = nlp.annotate_missing(tables.documents, cache, inputs.backend, config,
                                                     manifest.get("backend", {}))
    with staged_tables(out) as staging:
        n_sentences, candidates = assemble(tables.documents, cache, staging, inputs.registry, config.chunk_docs,
                                           config.progress)
        checkpoint()
        linked = link(candidates, tables.documents, inputs)
        checkpoint()
        partials = analyse(tables.documents, linked.mentions, cache, staging, config.chunk_docs, config.progress,
                           actors.mention_digests(linked.mentions), tables.paragraphs)
        for name, frame in {**tables._asdict(), **linked._asdict()}.items():
            # an empty table keeps its documented column types: no reader's filter meets a null-typed column
            write_table(frame, staging / f"{name}.parquet", arrow_schema(name) if frame.empty else None)
        checkpoint()
        analyse_corpus(staging, out, partials)
    manifest = {"fingerprint": digest, "inputs": stamp, "corpus_tools": __version__, "backend": backend_info,
                **counts, "n_sentences": n_sentences, "n_actors": len(linked.actors),
                "curation": curation_record(inputs.curation, out)}
    write_manifest(out, manifest)
    return result(out, manifest, n_annotated, False, start)


def link(candidates: pd.DataFrame, documents: pd.DataFrame, inputs: Inputs) -> actors.ActorTables:
    """Actor linking, then the curation decisions; a decision naming an actor the build does not
    have stops the build with one line naming the curation file and its line."""
    try:
        return actors.link(candidates, documents, inputs.registry, inputs.curation)
    except UserFileError as exc:
        raise BuildError(str(exc)) from exc


def curation_record(curation: actors.Curation, out: Path) -> dict:
    """What the manifest says of the curation: the file read (or looked for), relative to the build
    folder (a build and its curation file move together; the manifest never holds where they were),
    and its number of decisions."""
    if curation.path is None:
        return {"path": None, "decisions": len(curation.decisions)}
    path = Path(os.path.relpath(Path(curation.path).resolve(), Path(out).resolve())).as_posix()
    return {"path": path, "decisions": len(curation.decisions)}


def analyse(documents: pd.DataFrame, mentions: pd.DataFrame, cache: nlp.AnnotationCache, tables_dir: Path,
            chunk_docs: int = 64, progress: bool | None = None,
            digests: pd.Series | None = None, paragraphs: pd.DataFrame | None = None) -> list[pd.DataFrame]:
    """The per-document analyses (`analysis.analyse`), keyed by each document's text hash and
    mention digest (`digests`); gives the per-document partial counts of the corpus-wide step
    (its sentences placed in the text stage's `paragraphs`).
    The analysis package, like the corpus-wide step's, is imported only when a build has work to
    do: a build with nothing to do starts fast."""
    from .analysis import analyse as run
    return run(documents, mentions, cache, tables_dir, chunk_docs, progress, digests, paragraphs)


def analyse_corpus(tables_dir: Path, out: Path | None = None,
                   partials: list[pd.DataFrame] | None = None) -> dict[str, int]:
    """The corpus-wide step (`analysis.analyse_corpus`), summing the per-document `partials`;
    imported on first use (see `analyse`)."""
    from .analysis import analyse_corpus as run
    return run(tables_dir, out, partials)


def stamped_entries(config: BuildConfig) -> list:
    """What the input stamp covers: every entry of the corpus folder (`Skipped` ones with their reason),
    the metadata sidecar and the user's outlet and column files."""
    corpus = Path(config.corpus)
    return [*text.iter_files(corpus), *map(Path, [*config.outlets, *config.columns, *text.sidecar_files(corpus)])]


def assemble(documents: pd.DataFrame, cache: nlp.AnnotationCache, tables_dir: Path, registry: actors.Registry,
             chunk_docs: int = 64, progress: bool | None = None) -> tuple[int, pd.DataFrame]:
    """Stream sentences, tokens, entities and sentence repairs to Parquet in document order, `chunk_docs`
    documents at a time, and find the actor candidates of each chunk; returns the number of
    sentences and the candidates.

    Only one chunk of annotation is in memory at a time, whatever the corpus size.  Tables
    hold the current documents only: cache shards no current text needs are pruned.  Candidates
    of documents unchanged since the last build come from the candidates cache.
    """
    known = KeyedCache(cache.dir / "candidates.pickle")
    candidates, n_sentences = [], 0
    with TableWriters(tables_dir, NLP_TABLES) as writers:
        for begin in tqdm(range(0, len(documents), chunk_docs), desc="assembling",
                          disable=None if progress is None else not progress):
            checkpoint()
            chunk = documents.iloc[begin:begin + chunk_docs]
            annotation = cache.tables_for(chunk)
            for name in NLP_TABLES:
                writers.write(name, annotation[name])
            n_sentences += len(annotation["sentences"])
            candidates.append(actors.candidates(chunk, annotation["entities"], annotation["tokens"], registry,
                                                known))
    known.save()
    cache.prune(set(documents["content_hash"]))
    return n_sentences, pd.concat(candidates, ignore_index=True)


def report_tables(out: Path) -> None:
    """Print the skipped entries and warnings of the last build (a build with nothing to do)."""
    report_skipped(pd.read_parquet(out / TABLES_DIR / "skipped.parquet"))
    if (out / TABLES_DIR / "warnings.parquet").is_file():
        report_warnings(pd.read_parquet(out / TABLES_DIR / "warnings.parquet"))


def text_counts(tables: text.TextTables) -> dict:
    """What the text stage found, in numbers (kept in the manifest for the summary line)."""
    docs = tables.documents
    return {"n_documents": len(docs), "n_skipped": len(tables.skipped), "n_warnings": len(tables.warnings),
            "n_described": int(docs["described_by"].notna().sum()),
            "n_duplicates": int(docs["duplicate_of"].notna().sum())}


def check_corpus(corpus: Path) -> None:
    """BuildError unless `corpus` is a folder."""
    if not corpus.is_dir():
        raise BuildError(f"corpus folder {corpus} does not exist" if not corpus.exists()
                         else f"corpus {corpus} is not a folder")


def resolve_inputs(config: BuildConfig) -> Inputs:
    """The NLP backend, the actor registry and the text stage's user files, checked (none is loaded twice)."""
    backend, identity = nlp.choose_backend(config.backend, config.models_dir)
    try:
        registry = actors.load_registry(config.registry, use_default=config.default_registry)
    except UserFileError as exc:   # names the file, the line and the key already
        raise BuildError(f"cannot load the actor registry: {exc}") from exc
    except Exception as exc:  # a user's file: say which, in one line
        files = ", ".join(map(str, config.registry)) or "the built-in registry"
        raise BuildError(f"cannot load the actor registry ({files}): {type(exc).__name__}: {exc}") from exc
    try:
        outlets = text.load_outlets(config.outlets)
        columns = text.load_columns(config.columns)
        curation = actors.curation.load(config.curation or actors.curation.default_file(config.out),
                                        required=config.curation is not None)
    except UserFileError as exc:
        raise BuildError(str(exc)) from exc
    options = f"outlets={outlets.digest}\0columns={columns.digest}\0source_from_folder={config.source_from_folder}"
    return Inputs(backend, identity, registry, options, curation)


def require_articles(tables: text.TextTables, corpus: Path) -> None:
    """BuildError when no article could be read, saying why."""
    if not tables.documents.empty:
        return
    if len(tables.skipped):
        raise BuildError(f"no article could be read in {corpus}: {len(tables.skipped)} entries skipped "
                         "(reasons above)")
    raise BuildError(f"no article files in {corpus} (looked for {', '.join(text.supported_suffixes())})")


def result(out: Path, counts: dict, n_annotated: int, up_to_date: bool, start: float) -> BuildResult:
    """The build's summary, from the counts of the manifest (or of the text stage just run)."""
    return BuildResult(out, counts.get("n_documents", 0), counts.get("n_sentences", 0), counts.get("n_actors", 0),
                       counts.get("n_skipped", 0), n_annotated, up_to_date, time.monotonic() - start,
                       counts.get("n_described", 0), counts.get("n_duplicates", 0), counts.get("n_warnings", 0),
                       (counts.get("curation") or {}).get("decisions", 0))


def report_skipped(skipped: pd.DataFrame) -> None:
    """One line on stderr per entry of the `skipped` table: every entry that gave no article, and why."""
    for path, reason in zip(skipped["path"], skipped["reason"]):
        print(f"skipped {one_line(path)}: {one_line(reason)}", file=sys.stderr)


def report_warnings(warnings: pd.DataFrame) -> None:
    """One line on stderr per row of the `warnings` table: "warning: PATH[:LINE]: MESSAGE"."""
    for path, line, message in zip(warnings["path"], warnings["line"], warnings["message"]):
        where = f"{path}:{line}" if pd.notna(line) else path
        print(f"warning: {one_line(where)}: {one_line(message)}", file=sys.stderr)


def one_line(message: str) -> str:
    r"""`message` with line breaks and other control characters escaped.

    >>> print(one_line("two\nlines"))
    two\nlines
    """
    return CONTROL_CHARS.sub(lambda m: m.group().encode("unicode_escape").decode(), str(message))
