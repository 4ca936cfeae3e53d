"""What every NLP backend returns: per-document rows for sentences, tokens, entities."""
from __future__ import annotations

from typing import NamedTuple, Protocol


class ModelsNotFound(RuntimeError):
    """No usable model: the message says how to get one."""


class DocAnnotation(NamedTuple):
    """One document's annotation; rows follow `schema.TABLES` without `doc_id`."""
    sentences: list[tuple]   # (sent_idx, start_char, end_char, text)
    tokens: list[tuple]      # (sent_idx, tok_idx, text, lemma, upos, feats, head, deprel, start_char, end_char)
    entities: list[tuple]    # (sent_idx, start_char, end_char, text, label)


class Backend(Protocol):
    name: str
    identity: str  # changes whenever annotations could change: part of the cache key
    info: dict     # backend, library and model versions, recorded in the build manifest

    def annotate(self, texts: list[str]) -> list[DocAnnotation]: ...
