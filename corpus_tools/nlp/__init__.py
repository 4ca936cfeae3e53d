"""NLP stage: turn cleaned article texts into sentences, tokens and entities.

    backends (a registry: Stanza, spaCy, entry points) -> stage (`annotate_missing`: the texts the
    cache lacks, in chunks on an executor, run by `worker` in each process) -> cache (one shard per
    chunk) -> boundaries (sentence repair, applied when annotation is read back: `open_cache`)

`models` finds, downloads and installs Stanza's French models; `base` holds the records a
backend returns (`DocAnnotation`: sentence, token and entity rows) and the `Backend` protocol.

>>> from corpus_tools.nlp import load_backend
>>> nlp = load_backend(models_dir="../shared/stanza_resources")   # doctest: +SKIP
>>> ann = nlp.annotate(["Jens Stoltenberg a parlé à Ankara."])[0]  # doctest: +SKIP
>>> ann.entities[0]                                                # doctest: +SKIP
(0, 0, 16, 'Jens Stoltenberg', 'PER')
"""
from .backends import (ENTRY_POINT_GROUP, FallbackWarning, available_backends, choose_backend, get_backend,
                       load_backend, register)
from .base import Backend, BackendFactory, DocAnnotation, EntityRow, ModelsNotFound, SentenceRow, TokenRow
from .cache import AnnotationCache
from .models import PROCESSORS

__all__ = ["Backend", "BackendFactory", "DocAnnotation", "SentenceRow", "TokenRow", "EntityRow", "ModelsNotFound",
           "FallbackWarning", "PROCESSORS", "ENTRY_POINT_GROUP", "register", "get_backend", "choose_backend",
           "load_backend", "available_backends", "AnnotationCache", "open_cache", "annotate_missing"]


def __getattr__(name: str):
    """`annotate_missing` and `open_cache`, imported on first use: a build with nothing to do needs only
    `choose_backend`, not the executors and sentence repair of the stage."""
    if name in ("annotate_missing", "open_cache"):
        from . import stage
        return getattr(stage, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
