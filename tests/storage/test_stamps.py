"""A build has nothing to do when its inputs are unchanged: stamps follow files, fingerprints follow content."""
import os
from typing import NamedTuple

import pandas as pd

from corpus_tools.storage.stamps import (REQUIRED_TABLES, fingerprint, fingerprint_unchanged, input_stamp,
                                         stamp_unchanged)
from corpus_tools.storage.tables import TABLES_DIR, read_manifest, write_manifest


class Unread(NamedTuple):
    path: str
    reason: str


def test_the_input_stamp_changes_with_any_file_and_any_unread_entry(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Un article.", encoding="utf-8")
    stamp = input_stamp(tmp_path, [article], "models")
    assert input_stamp(tmp_path, [article], "models") == stamp
    assert input_stamp(tmp_path, [article], "other models") != stamp
    assert input_stamp(tmp_path, [article, Unread("b.pdf", "not an article file")], "models") != stamp
    os.utime(article, ns=(1, 1))
    assert input_stamp(tmp_path, [article], "models") != stamp


def test_the_fingerprint_follows_content_not_files():
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["x"], "content_hash": ["h1"]})
    same = fingerprint(docs.assign(text="y"), [], "models")      # text is covered by its hash
    assert fingerprint(docs, [], "models") == same
    assert fingerprint(docs.assign(content_hash="h2"), [], "models") != same


def test_nothing_to_do_only_when_the_last_build_finished(tmp_path):
    write_manifest(tmp_path, {"inputs": "s", "fingerprint": "f"})
    manifest = read_manifest(tmp_path)
    assert not stamp_unchanged(tmp_path, manifest, "s")           # no tables: that build never finished
    (tmp_path / TABLES_DIR).mkdir()
    for name in REQUIRED_TABLES:
        (tmp_path / TABLES_DIR / f"{name}.parquet").write_bytes(b"")
    assert stamp_unchanged(tmp_path, manifest, "s") and fingerprint_unchanged(tmp_path, manifest, "f")
    assert not stamp_unchanged(tmp_path, manifest, "other") and not fingerprint_unchanged(tmp_path, {}, "f")
