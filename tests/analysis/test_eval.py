"""The labels and agency evaluation: its gold reads, and its scoring counts what it says."""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "eval"))
import eval_labels  # noqa: E402


def test_the_gold_names_every_actor_it_labels():
    gold = eval_labels.load_gold()
    assert len(gold) >= 20
    for spec in gold.values():
        assert {a for a, _ in spec["labels"]} <= set(spec["actors"])
        assert {a for a, _, _ in spec["agency"]} <= set(spec["actors"])
        assert {role for _, _, role in spec["agency"]} <= {"agent", "patient"}


def test_scores_count_matches_per_actor_and_document():
    gold = {"d": {"actors": {"trump": {"donald trump", "trump"}},
                  "labels": Counter({("trump", "president americain"): 2}),
                  "agency": Counter({("trump", "signer", "agent"): 1})}}
    mentions = pd.DataFrame({"doc_id": ["d", "d"], "actor_id": ["donald-trump", "other"],
                             "text": ["Donald Trump", "Someone"]})
    labels = pd.DataFrame({"doc_id": ["d", "d", "d"], "actor_id": ["donald-trump", "donald-trump", "other"],
                           "label": ["président américain", "président", "président américain"]})
    agency = pd.DataFrame({"doc_id": ["d"], "actor_id": ["donald-trump"], "verb": ["signer"], "role": ["patient"]})
    row = eval_labels.score(gold, mentions, labels, agency)["per_doc"].iloc[0]
    # "other" is no gold actor: not scored; "président" overlaps the second "président américain".
    assert (row.labels_gold, row.labels_pred, row.labels_exact, row.labels_overlap) == (2, 2, 1, 2)
    assert (row.agency_gold, row.agency_pred, row.agency_match) == (1, 1, 0)
