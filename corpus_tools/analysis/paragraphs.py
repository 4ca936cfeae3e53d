"""Paragraphs: the blocks of `documents.text` between blank lines (as the text stage writes them
and the document pages show them), and the paragraph each sentence starts in -- the unit of
paragraph-level co-occurrence (`cooccurrence`, ``level="paragraph"``).

No stage stores a paragraph index: it follows from the text's blank lines and the sentences'
offsets, so it is derived here, once per corpus object, reading only the texts (in batches) and
the sentences' starts.  A single line break stays inside its paragraph (a line break, as on the
pages); the title, first in the text, is paragraph 0.

>>> from corpus_tools.analysis.demo import demo_corpus
>>> rows = sentence_paragraphs(demo_corpus())
>>> rows[rows["doc_id"] == "demo-1"].values.tolist()
[['demo-1', 0, 0], ['demo-1', 1, 1], ['demo-1', 2, 1]]
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

PARAGRAPH_BREAK = re.compile(r"(?:\n[^\S\n]*){2,}")   # blank lines, spaces on them or not


def paragraph_starts(text: str) -> np.ndarray:
    """Offsets of the first character of each paragraph after the first (after each run of blank lines).

    >>> paragraph_starts("Titre\\n\\nUn. Deux.\\nSuite.\\n \\n\\nFin.").tolist()
    [7, 27]
    """
    ends = [m.end() for m in PARAGRAPH_BREAK.finditer(text)]
    return np.asarray(ends, dtype=np.int64)


def sentence_paragraphs(corpus) -> pd.DataFrame:
    """(doc_id, sent_idx, para_idx) of every sentence of `corpus`: the 0-based index of the
    paragraph its first character lies in."""
    return corpus.memo("sentence paragraphs", lambda: located_sentences(corpus))


def located_sentences(corpus) -> pd.DataFrame:
    """`sentence_paragraphs`, computed."""
    sentences = corpus.read("sentences", ["doc_id", "sent_idx", "start_char"])
    starts: dict[str, np.ndarray] = {}
    for batch in corpus.batches("documents", ["doc_id", "text"], batch_rows=2_000):
        starts.update((doc_id, paragraph_starts(text or "")) for doc_id, text in zip(batch["doc_id"], batch["text"]))
    para_idx = np.zeros(len(sentences), dtype=np.int64)
    for doc_id, rows in sentences.groupby("doc_id", sort=False).indices.items():
        breaks = starts.get(doc_id)
        if breaks is not None and len(breaks):
            para_idx[rows] = np.searchsorted(breaks, sentences["start_char"].to_numpy()[rows], side="right")
    out = sentences[["doc_id", "sent_idx"]].assign(para_idx=para_idx)
    return out.sort_values(["doc_id", "sent_idx"]).reset_index(drop=True)
