"""kill -9 in the middle of a build, then run it again: nothing is lost, nothing is redone, nothing is corrupt.

A real `corpus-tools build` subprocess is killed once the annotation cache
holds a finished shard, or once the first report page exists; the rerun must
finish with tables (and pages) identical to an uninterrupted build.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import time
import uuid
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import corpus_tools as ct
from corpus_tools import pipeline
from corpus_tools.nlp.cache import AnnotationCache
from corpus_tools.nlp import choose_backend
from tests.corpora import make_news_corpus, marked_processes, run, start, wait_for

pytestmark = pytest.mark.slow
N_DOCS = 2 * getattr(pipeline, "CHUNK_DOCS", 64) + 3  # at least two annotation batches


@pytest.fixture(scope="module")
def crash_corpus(tmp_path_factory) -> Path:
    return make_news_corpus(tmp_path_factory.mktemp("crash") / "corpus", N_DOCS)


@pytest.fixture(scope="module")
def reference(crash_corpus, tmp_path_factory, models_dir) -> Path:
    """An uninterrupted build of the same corpus."""
    out = tmp_path_factory.mktemp("reference") / "build"
    proc = run("build", "--corpus", str(crash_corpus), "--out", str(out), "--no-reports", "--models", models_dir)
    assert proc.returncode == 0, proc.stderr
    return out


def cache_index(out: Path, models_dir: str) -> dict[str, str]:
    return AnnotationCache(out, choose_backend("stanza", models_dir)[1]).index()


def assert_same_tables(out: Path, reference: Path) -> None:
    got, want = ct.load(out), ct.load(reference)
    assert got.tables == want.tables
    for name in want.tables:
        pd.testing.assert_frame_equal(got[name], want[name], obj=name)


def assert_no_leftovers(folder: Path) -> None:
    """No temporary file or folder of a killed run is left behind."""
    junk = [p for p in folder.rglob(".*") if p.name.startswith(".tmp") or p.name.endswith((".tmp", "-staging", "-old"))]
    assert not junk, junk


def assert_visible_parquet_is_whole(out: Path) -> None:
    for path in out.rglob("*.parquet"):
        if not any(part.startswith(".") for part in path.relative_to(out).parts):
            pq.read_table(path)  # raises on a truncated file


def kill(proc) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL


def test_kill_during_annotation_then_resume(crash_corpus, reference, tmp_path, models_dir):
    out = tmp_path / "build"
    proc = start("build", "--corpus", str(crash_corpus), "--out", str(out), "--no-reports", "--models", models_dir)
    wait_for(lambda: (out / "cache").is_dir() and len(set(cache_index(out, models_dir).values())) >= 1, proc)
    kill(proc)
    done = cache_index(out, models_dir)
    assert 0 < len(done) < N_DOCS, "the kill did not land during annotation"
    assert not (out / "tables").exists()       # nothing half-published
    assert_visible_parquet_is_whole(out)

    again = run("build", "--corpus", str(crash_corpus), "--out", str(out), "--no-reports", "--models", models_dir)
    assert again.returncode == 0, again.stderr
    assert f"{N_DOCS - len(done)} annotated" in again.stdout      # finished documents are not redone
    after = cache_index(out, models_dir)
    assert all(after[h] == shard for h, shard in done.items())   # their shards are kept as they were
    assert_same_tables(out, reference)
    assert_no_leftovers(out)


def test_kill_during_reports_then_resume(crash_corpus, reference, tmp_path, models_dir):
    actors = ct.load(reference).actors
    min_mentions = int(actors["n_mentions"].iloc[min(2, len(actors) - 1)])   # overview, a few actors, one source
    # The reference pages, rendered without interruption.
    ref_reports = tmp_path / "ref_reports"
    proc = run("reports", "--out", str(reference), "--reports", str(ref_reports), "--min-mentions", str(min_mentions))
    assert proc.returncode == 0, proc.stderr

    out, reports = tmp_path / "build", tmp_path / "reports"
    shutil.copytree(reference, out)  # the tables are up to date: the build goes straight to the reports
    marker = uuid.uuid4().hex
    args = ("build", "--corpus", str(crash_corpus), "--out", str(out), "--reports", str(reports),
            "--models", models_dir, "--min-mentions", str(min_mentions))
    proc = start(*args, marker=marker)
    pages = lambda: [p for p in reports.rglob("*.html") if p.name != "index.html" and not p.name.startswith(".")]  # noqa: E731
    wait_for(lambda: reports.is_dir() and len(pages()) >= 1, proc)
    kill(proc)
    at_kill = {p: p.stat().st_mtime_ns for p in pages()}
    state = json.loads((reports / ".reports.json").read_text()) if (reports / ".reports.json").exists() else {}
    assert len(at_kill) < len(list(ref_reports.rglob("*.html"))) - 1, "the kill did not land during rendering"
    for page in at_kill:   # every visible page is whole
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>")
    # The notebook kernels die with the build (ipykernel polls its parent): none is left running.
    deadline = time.monotonic() + 20
    while marked_processes(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not marked_processes(marker), "orphaned kernel processes"

    again = run(*args)
    assert again.returncode == 0, again.stderr
    for page, mtime in at_kill.items():   # pages finished before the kill are not redone
        assert page.stat().st_mtime_ns == mtime, page
    assert set(state) <= set(json.loads((reports / ".reports.json").read_text()))
    names = lambda d: sorted(p.relative_to(d).as_posix() for p in d.rglob("*") if p.is_file() and p.name != ".lock")  # noqa: E731
    assert names(reports) == names(ref_reports)
    for name in names(ref_reports):
        assert (reports / name).read_bytes() == (ref_reports / name).read_bytes(), name
    assert_no_leftovers(reports)
    assert not re.search(r"Traceback|WARNING", again.stderr)
