"""Assembly: the NLP tables of a build, streamed from the annotation cache, and the actor
candidates of each chunk of documents -- where the nlp and actors stages meet.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from tqdm import tqdm

from . import actors
from .cache import AnnotationCache, KeyedCache
from .store import TableWriters

NLP_TABLES = ("sentences", "tokens", "entities", "sentence_repairs")


def assemble(documents: pd.DataFrame, cache: AnnotationCache, tables_dir: Path, registry: actors.Registry,
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
