"""What every NLP backend is and returns: per-document rows for sentences, tokens, entities.

A backend is registered as a factory (`corpus_tools.nlp.register`) that has an
`identify(models_dir)` method -- the identity the backend would have, found without
loading any model -- and, called as ``factory(models_dir=..., device=..., threads=...)``,
returns a `Backend`.  A class with a static `identify` method is such a factory.
"""
from __future__ import annotations

from typing import NamedTuple, Protocol


class ModelsNotFound(RuntimeError):
    """No usable model: the message says how to get one."""


class SentenceRow(NamedTuple):
    """A `sentences` row without doc_id."""
    sent_idx: int
    start_char: int
    end_char: int
    text: str


class TokenRow(NamedTuple):
    """A `tokens` row without doc_id (one syntactic word; CoNLL-U numbering).

    `token_start`/`token_end` give the span of the surface token the word belongs to: the words
    of a multi-word token ("du" = "de" + "le") share it, so CoNLL-U can be written back.  A
    backend that leaves them out gets the word's own span."""
    sent_idx: int
    tok_idx: int
    text: str
    lemma: str
    upos: str
    feats: str | None
    head: int
    deprel: str
    start_char: int
    end_char: int
    token_start: int | None = None
    token_end: int | None = None


class EntityRow(NamedTuple):
    """An `entities` row without doc_id."""
    sent_idx: int
    start_char: int
    end_char: int
    text: str
    label: str


class DocAnnotation(NamedTuple):
    """One document's annotation; rows follow `schema.TABLES` without `doc_id`."""
    sentences: list[SentenceRow]
    tokens: list[TokenRow]
    entities: list[EntityRow]


class Backend(Protocol):
    """A loaded NLP backend."""
    name: str
    identity: str  # changes whenever annotations could change: part of the cache key
    info: dict     # backend, library and model versions, recorded in the build manifest

    def annotate(self, texts: list[str]) -> list[DocAnnotation]:
        """One annotation per text, in order (an empty text gets an empty annotation)."""


class BackendFactory(Protocol):
    """What `register` takes: something that identifies a backend cheaply and loads it."""

    def identify(self, models_dir: str | None = None) -> str | None:
        """The identity the backend would have with these models, or None when it cannot load."""

    def __call__(self, models_dir: str | None = None, device: str | None = None,
                 threads: int | None = None) -> Backend:
        """Load the backend."""
