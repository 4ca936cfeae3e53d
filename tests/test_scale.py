"""Scaling paths give the same tables as the plain serial build: worker processes, a Dask
cluster, and incremental rebuilds after adding, changing or deleting articles."""
import json
import shutil

import pandas as pd
import pytest

import corpus_tools as ct
from corpus_tools.nlp.cache import AnnotationCache
from corpus_tools.nlp.base import DocAnnotation
from corpus_tools.nlp.stage import text_chunks
from corpus_tools.parallel import cpu_count
from corpus_tools.pipeline import BuildConfig, build
from corpus_tools.storage.files import remove_leftovers
from tests.conftest import SAMPLE


def assert_same_tables(a, b):
    names_a = sorted(p.name for p in (a / "tables").glob("*.parquet"))
    assert names_a == sorted(p.name for p in (b / "tables").glob("*.parquet"))
    for name in names_a:
        pd.testing.assert_frame_equal(pd.read_parquet(a / "tables" / name), pd.read_parquet(b / "tables" / name),
                                      obj=name)


def run_info(out):
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))["backend"]["run"]


@pytest.mark.slow
def test_dask_local_cluster_gives_the_serial_tables(sample_build, models_dir, tmp_path):
    out = tmp_path / "dask"
    # Chunks of 2 texts: the 5 sample articles become 3 tasks shared by the 2 workers.
    build(BuildConfig(corpus=SAMPLE, out=out, models_dir=models_dir, progress=False,
                      scheduler="local:2", chunk_docs=2))
    assert run_info(out)["where"].startswith("dask") and run_info(out)["workers"] == 2
    assert run_info(out)["torch_threads"] == [max(1, cpu_count() // 2)]  # torch threads x workers = cores
    assert_same_tables(sample_build, out)


@pytest.mark.slow
def test_worker_processes_give_the_serial_tables(sample_build, models_dir, tmp_path):
    out = tmp_path / "procs"
    build(BuildConfig(corpus=SAMPLE, out=out, models_dir=models_dir, progress=False, workers=2,
                      threads=1, chunk_docs=2))
    assert run_info(out) == {"where": "processes", "workers": 2, "torch_threads": [1]}
    assert_same_tables(sample_build, out)


def add_article(corpus):
    (corpus / "zz_added.txt").write_text(
        "Visite à Bruxelles\n\nLe secrétaire général de l'OTAN, Jens Stoltenberg, a reçu "
        "mardi le ministre turc des Affaires étrangères à Bruxelles. Ankara a salué l'accord.\n",
        encoding="utf-8")
    return 1  # texts to annotate


def change_article(corpus):
    first = sorted(corpus.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nLa Commission européenne a réagi jeudi.\n",
                     encoding="utf-8")
    return 1


def delete_article(corpus):
    sorted(corpus.glob("*.txt"))[-1].unlink()
    return 0


@pytest.mark.slow
@pytest.mark.parametrize("edit", [add_article, change_article, delete_article], ids=["add", "change", "delete"])
def test_incremental_rebuild_equals_a_cold_build(edit, sample_build, corpus_copy, models_dir, tmp_path):
    warm = tmp_path / "warm"
    shutil.copytree(sample_build, warm)  # a finished build of the unedited corpus, cache included
    expected_annotations = edit(corpus_copy)
    result = build(BuildConfig(corpus=corpus_copy, out=warm, models_dir=models_dir, progress=False))
    assert result.n_annotated == expected_annotations and not result.up_to_date
    cold = tmp_path / "cold"
    build(BuildConfig(corpus=corpus_copy, out=cold, models_dir=models_dir, progress=False))
    assert_same_tables(cold, warm)
    docs = ct.load(warm).documents
    for table in ("sentences", "tokens", "entities", "mentions"):
        assert set(ct.load(warm)[table]["doc_id"]) <= set(docs["doc_id"]), table


def fake_annotation(text):
    # Storage test: the cache must keep whatever rows a backend returns, so any rows will do.
    return DocAnnotation([(0, 0, len(text), text)], [], [])


def test_cache_prunes_shards_no_current_text_needs(tmp_path):
    cache = AnnotationCache(tmp_path, "identity")
    first = cache.write(["h1", "h2"], [fake_annotation("a"), fake_annotation("b")])
    second = cache.write(["h3"], [fake_annotation("c")])
    assert cache.prune({"h2"}) == 1  # h1 shares a shard with a live text: kept
    assert AnnotationCache(tmp_path, "identity").index() == {"h1": first, "h2": first}
    assert not (cache.dir / second).exists()


def test_a_prune_killed_midway_leaves_no_half_deleted_shard(tmp_path, monkeypatch):
    cache = AnnotationCache(tmp_path, "identity")
    cache.write(["h1"], [fake_annotation("a")])
    kept = cache.write(["h2"], [fake_annotation("b")])
    monkeypatch.setattr(shutil, "rmtree", lambda *a, **k: None)   # killed before a file of the shard went
    cache.prune({"h2"})
    assert AnnotationCache(tmp_path, "identity").index() == {"h2": kept}   # the next build reads no part of it
    assert [p.name for p in cache.dir.glob("shard-*")] == [kept]
    monkeypatch.undo()
    assert remove_leftovers(cache.dir) == 1                               # and clears what is left of it


def test_cache_index_is_one_file_and_finds_shards_written_after_it(tmp_path):
    cache = AnnotationCache(tmp_path, "identity")
    first = cache.write(["h1"], [fake_annotation("a")])
    cache.prune({"h1"})                                  # a finished build saves the index
    assert (cache.dir / "index.parquet").is_file()
    later = cache.write(["h2"], [fake_annotation("b")])  # a build killed before its end
    (cache.dir / first / "docs.parquet").unlink()       # the saved index is read, not the shard
    assert AnnotationCache(tmp_path, "identity").index() == {"h1": first, "h2": later}
    shutil.rmtree(cache.dir / later)                    # a shard gone is not listed
    assert AnnotationCache(tmp_path, "identity").index() == {"h1": first}


def test_text_chunks_keep_order_and_bounds():
    texts = ["un deux trois", "quatre", "cinq six", "sept huit neuf dix onze", "douze"]
    todo = pd.DataFrame({"content_hash": [f"h{i}" for i in range(5)], "text": texts})
    chunks = text_chunks(todo, max_docs=2, max_words=4)
    assert [c.hashes for c in chunks] == [["h0", "h1"], ["h2"], ["h3"], ["h4"]]
    assert [h for c in chunks for h in c.hashes] == list(todo["content_hash"])
    assert [c.words for c in chunks] == [4, 2, 5, 1]  # a text longer than the cap stays whole
