"""The NLP stage of the build: annotate what the cache lacks -- texts in chunks, run on an executor,
each chunk stored as it returns -- and read annotation back with its sentence boundaries repaired.

Chunks are cut in document order and each becomes one cache shard as soon as
it comes back, so an interrupted build keeps its finished chunks.  Where the
chunks run (this process, local workers, a Dask cluster) is `parallel`'s
business; which device and how many workers suit the backend is decided here.
"""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple, Protocol

import pandas as pd
from tqdm import tqdm

from ..parallel import cpu_count, make_executor
from ..stopping import checkpoint
from .boundaries import repair_sentences
from .cache import AnnotationCache
from .worker import BackendSpec, annotate_chunk, cuda_available

MIN_CHUNK_DOCS = 8     # smallest chunk cut to spread a small job over the workers (bulk calls pay off)


class RunSettings(Protocol):
    """The settings annotation reads (`pipeline.BuildConfig` has them)."""
    models_dir: str | None
    device: str | None
    threads: int | None
    workers: int | None
    scheduler: str | None
    chunk_docs: int
    chunk_words: int
    progress: bool | None


class TextChunk(NamedTuple):
    """Texts annotated together: one task, one cache shard."""
    hashes: list[str]
    texts: list[str]
    words: int


def open_cache(out: str | Path, identity: str) -> AnnotationCache:
    """The annotation cache of the build in `out` for models `identity`, read through the sentence repair."""
    return AnnotationCache(out, identity, repair=repair_sentences)


def annotate_missing(documents: pd.DataFrame, cache: AnnotationCache, backend: str, settings: RunSettings,
                     previous_info: dict) -> tuple[int, dict]:
    """Annotate every distinct text of `documents` not yet in the cache; returns how many texts
    were annotated and the backend's info for the manifest (`previous_info` when none was)."""
    known = cache.index()
    todo = documents.drop_duplicates("content_hash")
    todo = todo[~todo["content_hash"].isin(known)]
    if todo.empty:
        # The info of the run that annotated these texts, kept in its shards: a build killed after
        # annotation and before its manifest leaves no manifest to take it from (the overview
        # page would say "unknown" backend), and the last manifest may be of other models.
        return 0, cache.info(documents["content_hash"].tolist()) or previous_info
    device, workers = placement(backend, settings.device, settings.workers)
    chunks = text_chunks(todo, chunk_docs(len(todo), workers, settings), settings.chunk_words)
    executor = make_executor(workers, settings.scheduler, settings.threads, tasks=len(chunks))
    spec = BackendSpec(backend, settings.models_dir, device, executor.threads or None)
    bar = tqdm(total=sum(c.words for c in chunks), unit="word", desc=f"annotating ({executor.where})",
               disable=None if settings.progress is None else not settings.progress)
    info, threads = previous_info, set()
    try:
        for chunk, done in zip(chunks, executor.map(annotate_chunk, (c.texts for c in chunks), spec)):
            threads.add(done.torch_threads)
            info = {**done.info, "run": {"where": executor.where, "workers": executor.workers,
                                         "torch_threads": sorted(threads)}}
            cache.write(chunk.hashes, done.annotations, info)
            bar.update(chunk.words)
            checkpoint()
    finally:
        executor.close()
        bar.close()
    return len(todo), info


def placement(backend: str, device: str | None, workers: int | None) -> tuple[str | None, int | None]:
    """Device and local workers: Stanza on a GPU when there is one, fed by one process."""
    if backend == "stanza" and device is None and cuda_available():
        return "cuda", workers or 1
    return device, workers


def chunk_docs(n_texts: int, workers: int | None, settings: RunSettings) -> int:
    """Texts per chunk: `settings.chunk_docs`, smaller for a small job on local workers so that every
    worker gets some (one process needs no sharing: one bulk call is fastest)."""
    processes = workers or cpu_count()
    if settings.scheduler or processes == 1:
        return settings.chunk_docs
    slots = 2 * processes
    return max(min(settings.chunk_docs, MIN_CHUNK_DOCS), min(settings.chunk_docs, -(-n_texts // slots)))


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
