"""The quotes extractor: every quotation of each document of a chunk, with its kind, its cue and its
resolved speaker (the `quotes` table's rows)."""
from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import pandas as pd

from ....schema import columns
from ..base import ChunkTables
from .document import Document, sentence_list, sorted_mentions, token_list
from .rules import candidates, kind_of, settle
from .speakers import Resolver
from .words import quote_words


TABLE = "quotes"


class Quote(NamedTuple):
    """One row of the quotes table (without doc_id)."""
    sent_idx: int
    start_char: int
    end_char: int
    quote: str
    kind: str
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    speaker: str | None
    speaker_text: str | None
    speaker_start: int | None
    speaker_end: int | None
    unnamed_speaker: bool
    method: str


def document_quotes(doc: Document) -> list[Quote]:
    """Every quotation of `doc`, with its kind and resolved speaker."""
    resolver = Resolver(doc)
    out = []
    for c in settle(doc, candidates(doc)):
        kind, start, end = kind_of(doc, c)
        speaker = resolver.resolve(c.speaker, start) if c.speaker else None
        if speaker is None or (speaker.actor_id is None and not speaker.text):
            continue
        resolver.remember(start, end, speaker)
        sent_idx = doc.sentence_at(start)[0]
        cue = doc.words.names.get(c.cue, c.cue) if c.cue else None
        out.append(Quote(sent_idx, start, end, doc.text[start:end], kind, cue, c.cue_start, c.cue_end,
                         speaker.actor_id, speaker.text, speaker.start, speaker.end, speaker.unnamed, c.method))
    return out


def documents_of(chunk: ChunkTables) -> Iterator[tuple[str, Document]]:
    """(doc_id, Document) for every document of a chunk."""
    words = quote_words()
    sentences = {d: g for d, g in chunk.sentences.groupby("doc_id", sort=False)}
    tokens = {d: g for d, g in chunk.tokens.groupby("doc_id", sort=False)}
    mentions = {d: g for d, g in chunk.mentions.groupby("doc_id", sort=False)}
    for doc_id, text in zip(chunk.documents["doc_id"], chunk.documents["text"]):
        if doc_id not in tokens:
            continue
        yield doc_id, Document(text or "", token_list(tokens[doc_id]), sentence_list(sentences[doc_id]),
                               sorted_mentions(mentions.get(doc_id)), words)


def quote_rows(chunk: ChunkTables) -> pd.DataFrame:
    """The quotes table's rows for one chunk of documents."""
    rows = [(doc_id, *q) for doc_id, doc in documents_of(chunk) for q in document_quotes(doc)]
    return pd.DataFrame(rows, columns=columns(TABLE))
