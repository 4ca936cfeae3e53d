"""The mentions of a document as the per-document analyses (labels, agency) read them, beside the
parse of its sentences (`corpus_tools.nlp.parse`); built once per chunk from the `mentions` table."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import NamedTuple

import pandas as pd



class Mention(NamedTuple):
    """The `mentions` columns the analyses read."""
    doc_id: str
    sent_idx: int
    start_char: int
    end_char: int
    actor_id: str
    kind: str
    method: str
    label: str | None


def mentions_by_document(mentions: pd.DataFrame) -> Iterator[tuple[str, list[Mention]]]:
    """(doc_id, its mentions in text order) for each document of a `mentions` table."""
    rows = sorted((Mention(*r) for r in zip(*(mentions[name].tolist() for name in Mention._fields))),
                  key=lambda m: (m.doc_id, m.start_char, m.end_char))
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for m in rows:
        by_doc[m.doc_id].append(m)
    return iter(by_doc.items())
