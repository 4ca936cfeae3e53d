"""The text stage as a whole: each file read once, and a rebuild cleans only what changed."""
from __future__ import annotations

import errno
import json
import tempfile

import pandas as pd
import pytest

import corpus_tools.text.files as files
import corpus_tools.text.stage as stage
from corpus_tools.text import read_corpus

BODY = ("Le ministre des Affaires étrangères a reçu mardi son homologue pour évoquer la crise libyenne "
        "et les moyens de relancer le dialogue politique entre les parties, a indiqué son porte-parole.")
PROMO = "Recevez chaque matin notre lettre sur l'actualité du Maghreb"


def article(n: int, promo: bool = True) -> str:
    return f"Un titre numéro {n} pour cet article\n\n{BODY} Détail {n}.\n\n{PROMO}\n\n{BODY} Fin {n}.\n" \
        if promo else f"Un titre numéro {n} pour cet article\n\n{BODY} Détail {n}.\n"


def counting(monkeypatch, module, name: str) -> list:
    calls, original = [], getattr(module, name)
    monkeypatch.setattr(module, name, lambda *a, **k: calls.append(a) or original(*a, **k))
    return calls


def test_each_file_is_read_once(tmp_path, monkeypatch):
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(article(n), encoding="utf-8")
    rows = [{"id": f"r{n}", "text": article(10 + n)} for n in range(2)]
    (tmp_path / "more.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    reads = counting(monkeypatch, files, "read_file")
    tables = read_corpus(tmp_path)
    assert len(tables.documents) == 5 and sorted(str(a[0].name) for a in reads) == ["0.txt", "1.txt", "2.txt",
                                                                                       "more.jsonl"]


def test_a_rebuild_cleans_only_new_articles_and_gives_the_same_tables(tmp_path, monkeypatch):
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpus.mkdir()
    for n in range(4):
        (corpus / f"{n}.txt").write_text(article(n, promo=False), encoding="utf-8")
    read_corpus(corpus, cache_dir=cache)
    (corpus / "4.txt").write_text(article(4, promo=False), encoding="utf-8")
    cleaned = counting(monkeypatch, stage, "clean_article")
    again = read_corpus(corpus, cache_dir=cache)
    assert [a[0].doc_id for a in cleaned] == ["4"]
    monkeypatch.undo()
    fresh = read_corpus(corpus)
    pd.testing.assert_frame_equal(again.documents, fresh.documents)
    pd.testing.assert_frame_equal(again.removed, fresh.removed)


def test_a_line_that_becomes_furniture_is_removed_from_cached_articles_too(tmp_path):
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpus.mkdir()
    for n in range(2):
        (corpus / f"{n}.txt").write_text(article(n), encoding="utf-8")
    first = read_corpus(corpus, cache_dir=cache)
    assert first.documents["text"].str.contains(PROMO).all()      # on two pages: not yet furniture
    (corpus / "2.txt").write_text(article(2), encoding="utf-8")
    again = read_corpus(corpus, cache_dir=cache)
    assert not again.documents["text"].str.contains(PROMO).any()  # on three: furniture everywhere
    pd.testing.assert_frame_equal(again.documents, read_corpus(corpus).documents)


def test_a_full_disk_under_the_spill_file_names_its_folder(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(article(1), encoding="utf-8")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")    # as a failed write(): no file named
    monkeypatch.setattr(stage.pickle, "dump", full)
    with pytest.raises(OSError) as caught:
        read_corpus(tmp_path)
    assert caught.value.errno == errno.ENOSPC and caught.value.filename == tempfile.gettempdir()
