"""Keyword in context: each mention with the words around it."""
from __future__ import annotations

import pandas as pd


def kwic(corpus, actor_id: str, window: int = 60) -> pd.DataFrame:
    """Rows (doc_id, sent_idx, left, mention, right), `window` characters each side."""
    mentions = corpus.mentions
    mentions = mentions[mentions["actor_id"] == actor_id]
    texts = corpus.documents.set_index("doc_id")["text"]
    rows = []
    for m in mentions.itertuples():
        text = texts[m.doc_id]
        left = text[max(0, m.start_char - window):m.start_char].replace("\n", " ")
        right = text[m.end_char:m.end_char + window].replace("\n", " ")
        rows.append((m.doc_id, m.sent_idx, left, text[m.start_char:m.end_char], right))
    return pd.DataFrame(rows, columns=["doc_id", "sent_idx", "left", "mention", "right"])
