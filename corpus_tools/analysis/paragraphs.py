"""Paragraphs: the blocks of `documents.text` between blank lines, as the text stage cuts them
(the `paragraphs` table) and the document pages show them, and the paragraph each sentence starts
in -- the unit of paragraph-level co-occurrence (`cooccurrence`, ``level="paragraph"``).

Read from the build's `paragraphs` table; a build whose table is missing or empty (made before it
existed, or from tables given by hand) has them cut again from its texts (in batches) by the text
stage's own rule (`text.languages.spans`).  Once per corpus object.

>>> from corpus_tools.analysis.demo import demo_corpus
>>> rows = sentence_paragraphs(demo_corpus())
>>> rows[rows["doc_id"] == "demo-1"].values.tolist()
[['demo-1', 0, 0], ['demo-1', 1, 1], ['demo-1', 2, 1]]
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..text.languages import spans


def sentence_paragraphs(corpus) -> pd.DataFrame:
    """(doc_id, sent_idx, para_idx) of every sentence of `corpus`: the 0-based index of the
    paragraph its first character lies in."""
    return corpus.memo("sentence paragraphs", lambda: located_sentences(corpus))


def paragraph_starts(corpus) -> dict[str, np.ndarray]:
    """doc_id -> the offsets where its paragraphs start, in order."""
    table = corpus.read("paragraphs", ["doc_id", "start_char"]) if "paragraphs" in corpus.tables else None
    if table is not None and len(table):
        return starts_by_document(table)
    starts: dict[str, np.ndarray] = {}
    for batch in corpus.batches("documents", ["doc_id", "text"], batch_rows=2_000):
        starts.update(starts_from_texts(batch))
    return starts


def starts_by_document(paragraphs: pd.DataFrame) -> dict[str, np.ndarray]:
    """doc_id -> paragraph starts, from `paragraphs` rows (doc_id, start_char)."""
    table = paragraphs.sort_values(["doc_id", "start_char"])
    return {doc_id: rows.to_numpy(np.int64) for doc_id, rows in table.groupby("doc_id")["start_char"]}


def starts_from_texts(documents: pd.DataFrame) -> dict[str, np.ndarray]:
    """doc_id -> paragraph starts, cut from the texts of `documents` (doc_id, text) by the text stage's rule."""
    return {doc_id: np.asarray([s for s, _ in spans(text or "")], dtype=np.int64)
            for doc_id, text in zip(documents["doc_id"], documents["text"])}


def placed(sentences: pd.DataFrame, starts: dict[str, np.ndarray]) -> np.ndarray:
    """The paragraph index of each of `sentences` (doc_id, start_char): the paragraph its first
    character lies in, by `starts` (doc_id -> paragraph starts); 0 for a document without any."""
    para_idx = np.zeros(len(sentences), dtype=np.int64)
    offsets = sentences["start_char"].to_numpy()
    for doc_id, rows in sentences.groupby("doc_id", sort=False).indices.items():
        found = starts.get(doc_id)
        if found is not None and len(found):
            para_idx[rows] = np.clip(np.searchsorted(found, offsets[rows], side="right") - 1, 0, None)
    return para_idx


def located_sentences(corpus) -> pd.DataFrame:
    """`sentence_paragraphs`, computed."""
    sentences = corpus.read("sentences", ["doc_id", "sent_idx", "start_char"])
    out = sentences[["doc_id", "sent_idx"]].assign(para_idx=placed(sentences, paragraph_starts(corpus)))
    return out.sort_values(["doc_id", "sent_idx"]).reset_index(drop=True)
