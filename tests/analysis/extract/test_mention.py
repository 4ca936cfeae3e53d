"""The one `Mention` of the extractors: a `mentions` row, its NER type read from the column `label` as `ner`."""
from __future__ import annotations

import pandas as pd

from corpus_tools.analysis.extract.mention import COLUMNS, Mention, mentions_by_document
from corpus_tools.schema import columns


def test_each_field_reads_a_column_of_the_mentions_table():
    assert set(COLUMNS.values()) <= set(columns("mentions")) and COLUMNS["ner"] == "label"


def test_mentions_come_per_document_in_text_order_with_their_ner_type():
    frame = pd.DataFrame([("b", 0, 9, 14, "x", "name", "ner", None), ("a", 1, 30, 35, "y", "name", "ner", "ORG"),
                          ("a", 0, 0, 5, "z", "title", "title", "PER")],
                         columns=["doc_id", "sent_idx", "start_char", "end_char", "actor_id", "kind", "method",
                                  "label"])
    found = dict(mentions_by_document(frame))
    assert [m.actor_id for m in found["a"]] == ["z", "y"] and [m.ner for m in found["a"]] == ["PER", "ORG"]
    assert found["b"] == [Mention("b", 0, 9, 14, "x", "name", "ner", None)]
