"""`Mention`: a row of the `mentions` table as every extractor reads it, beside the parse of its
sentence (`corpus_tools.nlp.parse`); built once per chunk of documents (`mentions_by_document`)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import NamedTuple

import pandas as pd


class Mention(NamedTuple):
    """One resolved mention of an actor: the `mentions` columns the extractors read.

    `ner` is the column `label` of the table (the NER type: PER, ORG, LOC, ...; None when the
    NER gave none), renamed here so that "label" means a descriptor only (the `labels` table);
    `COLUMNS` maps each field to its column, the one place that does."""
    doc_id: str
    sent_idx: int
    start_char: int
    end_char: int
    actor_id: str
    kind: str
    method: str
    ner: str | None


COLUMNS = {field: "label" if field == "ner" else field for field in Mention._fields}


def mention_list(mentions: pd.DataFrame) -> list[Mention]:
    """The rows of a `mentions` table as `Mention`s, in table order (a null NER type as None)."""
    rows = zip(*(mentions[column].tolist() for column in COLUMNS.values()))
    return [Mention(*row[:-1], row[-1] if isinstance(row[-1], str) else None) for row in rows]


def mentions_by_document(mentions: pd.DataFrame) -> Iterator[tuple[str, list[Mention]]]:
    """(doc_id, its mentions in text order) for each document of a `mentions` table."""
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for m in sorted(mention_list(mentions), key=lambda m: (m.doc_id, m.start_char, m.end_char)):
        by_doc[m.doc_id].append(m)
    return iter(by_doc.items())
