"""Two runs on the same output folder: the second stops at once with a clear line, or waits with --wait."""
from __future__ import annotations

import multiprocessing
import time

import pytest

import corpus_tools as ct
from corpus_tools.pipeline import BuildConfig, BuildLocked, build
from corpus_tools.storage.lock import FolderLocked, folder_lock
from tests.corpora import make_news_corpus, start, wait_for

pytestmark = pytest.mark.slow
N_DOCS = 80   # enough work for the first build to outlast the others' start-up


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_news_corpus(tmp_path_factory.mktemp("conc") / "corpus", N_DOCS)


def test_second_build_stops_or_waits_never_interleaves(corpus, tmp_path, models_dir):
    out = tmp_path / "build"
    common = ("--corpus", str(corpus), "--out", str(out), "--models", models_dir)
    # The first build renders two report pages too: it holds the folder for many seconds.
    first = start("build", *common, "--reports", str(tmp_path / "r1"), "--min-mentions", "100000")
    wait_for(lambda: (out / ".lock").exists(), first)
    waiting = start("build", *common, "--no-reports", "--wait", "-1")

    others = [start("build", *common, "--no-reports"), start("reports", "--out", str(out), "--reports", str(tmp_path / "reports"))]
    answers = [proc.communicate(timeout=120) for proc in others]
    assert first.poll() is None, "the first build ended too soon for this test"
    for proc, (_, err) in zip(others, answers):
        assert proc.returncode == 4, err
        assert err.count("\n") == 1 and "another corpus-tools run is writing to" in err
        assert str(out) in err and "Traceback" not in err
    assert not (tmp_path / "reports" / "index.html").exists()

    out1, err1 = first.communicate(timeout=600)
    assert first.returncode == 0, err1
    assert (tmp_path / "r1" / "index.html").is_file()
    out2, err2 = waiting.communicate(timeout=600)
    assert waiting.returncode == 0, err2
    assert "up to date" in out2       # it started after the first had finished, and found nothing to do
    tables = ct.load(out)
    assert len(tables.documents) == N_DOCS and tables.documents["doc_id"].is_unique
    # the tables are one build's, whole: every sentence belongs to a document, in order
    assert set(tables.sentences["doc_id"]) == set(tables.documents["doc_id"])
    assert tables.sentences.groupby("doc_id")["sent_idx"].apply(lambda s: list(s) == list(range(len(s)))).all()


def test_library_build_refuses_a_locked_folder(tmp_path, models_dir):
    out = tmp_path / "build"
    (tmp_path / "a.txt").write_text("La Turquie soutient le gouvernement libyen.", encoding="utf-8")

    def hold():   # another process holds the folder
        with folder_lock(out):
            time.sleep(60)

    child = multiprocessing.get_context("fork").Process(target=hold)
    child.start()
    try:
        wait_for(lambda: (out / ".lock").exists())
        with pytest.raises(BuildLocked, match="another corpus-tools run"):
            build(BuildConfig(corpus=tmp_path, out=out, models_dir=models_dir, progress=False))
        with pytest.raises(FolderLocked):
            with folder_lock(out, wait=0.2):
                pass
    finally:
        child.terminate()
        child.join()
    with folder_lock(out):   # released when its holder died
        pass
