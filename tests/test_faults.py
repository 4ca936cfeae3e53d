"""kill -9 at many points of every stage, then the same command again: the tables and pages of a clean build.

`tests.faults` runs the command line with a SIGKILL at a chosen point -- a named step's entry, a
change to the output folders, a record of the text stage's spill file.  A clean build, run under
it, counts the points of each stage; kill points are then drawn from every stage (text, nlp,
actors, the per-document analyses, the corpus-wide step, the networks, the publishing of the
tables, the reports).  After each kill the visible files must be whole; a plain rerun must end
with exit 0, the reference's tables (as DataFrames), network files, manifest and pages (bytes),
no temporary file, and no lock left held.

To keep the test short, a kill in the text or annotation stage hits a build from empty folders (models
load, texts are annotated); one in a later stage of the tables hits a build whose annotation cache
holds every text already (what a cold build has on disk once annotation is done: the models are not
loaded), both without reports -- pages are drawn from the tables alone, and the reference's pages
are those of a build from empty folders; one in the reports hits a build whose tables are up to date.
A kill point is an index in the reference's count; where the kill landed is read from the run's log.
"""
from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pandas as pd
import pyarrow.parquet as pq
import pytest

from corpus_tools.storage.lock import folder_lock
from tests.corpora import environment, make_news_corpus, run
from tests.faults import ENV, WRITES

pytestmark = pytest.mark.slow
COLD_STAGES = ("text", "nlp")
WARM_STAGES = ("actors", "analyses", "corpus", "networks", "publish")
PER_STAGE = {"text": 2, "nlp": 3, "actors": 2, "analyses": 2, "corpus": 1, "networks": 2, "publish": 2, "reports": 4}
# One actor page, one source page, the overview, four document pages; everything in this process
# (one worker): the kill points of a run are the same from one run to the next.
PAGE_OPTIONS = ("--min-mentions", "1", "--min-documents", "1", "--max-actor-pages", "1", "--workers", "1")


class Work:
    """One folder pair (tables, pages) every run of the test writes to: pages name no folder, but
    the same paths keep every run's inputs the same as the reference's."""

    def __init__(self, root: Path, corpus: Path, models_dir: str, seed: Path | None = None):
        self.root, self.corpus, self.models_dir = root, corpus, models_dir
        self.seed = seed or root / "seed"    # the reference's folders (`reset`)
        self.out, self.reports = root / "work" / "build", root / "work" / "reports"
        self.tmp = root / "tmp"       # the runs' TMPDIR: a killed run's temporary folders show there

    def args(self, reports: bool = True) -> tuple[str, ...]:
        """The build command, with its reports or without."""
        return ("build", "--corpus", str(self.corpus), "--out", str(self.out), "--reports", str(self.reports),
                "--models", self.models_dir, *PAGE_OPTIONS, *(() if reports else ("--no-reports",)))

    def reset(self, seed: str = "") -> None:
        """Empty output folders; `seed` "annotation": the reference's annotation cache (shards and
        index) in the tables' folder; "tables": the reference's whole tables folder (caches included);
        "previous": its tables folder and its pages."""
        for folder in (self.root / "work", self.tmp):
            shutil.rmtree(folder, ignore_errors=True)
        self.tmp.mkdir(parents=True)
        if seed in ("tables", "previous"):
            shutil.copytree(self.seed / "build", self.out)
            if seed == "previous":
                shutil.copytree(self.seed / "reports", self.reports)
            return
        self.out.mkdir(parents=True)
        for identity in (self.seed / "build" / "cache").iterdir() if seed else ():
            if identity.name != "text":
                shutil.copytree(identity, self.out / "cache" / identity.name, ignore=shutil.ignore_patterns("*.pickle"))

    def faulty(self, log: Path, reports: bool = True, **plan) -> subprocess.CompletedProcess:
        """The command under `tests.faults` with `plan` (none: count the points)."""
        plan = {"log": str(log), "watch": [str(self.out), str(self.reports)], **plan}
        env = environment(**{ENV: json.dumps(plan), "TMPDIR": str(self.tmp)})
        return subprocess.run([sys.executable, "-m", "tests.faults", *self.args(reports)], capture_output=True,
                              text=True, timeout=600, env=env)

    def plain(self, reports: bool = True) -> subprocess.CompletedProcess:
        """The same command, as a user runs it again."""
        return run(*self.args(reports), env={"TMPDIR": str(self.tmp)})


def points(log: Path) -> list[tuple[int, str, str, str]]:
    """The points a run logged: (index, stage, kind, detail)."""
    rows = [line.split("\t") for line in log.read_text(encoding="utf-8").splitlines()]
    return [(int(i), stage, kind, detail) for i, stage, kind, detail in rows]


def spread(indices: list[int], k: int) -> list[int]:
    """`k` of `indices`, evenly spread from the first to the last."""
    if len(indices) <= k:
        return indices
    return sorted({indices[round(j * (len(indices) - 1) / max(1, k - 1))] for j in range(k)})


def sample(logged: list[tuple[int, str, str, str]], stages: tuple[str, ...], offset: int = 0) -> list[int]:
    """Kill points spread over each of `stages` (`PER_STAGE` of them), `offset` taken from each index."""
    chosen = []
    for stage in stages:
        chosen += spread([i - offset for i, s, _, _ in logged if s == stage], PER_STAGE[stage])
    return chosen


def snapshot(work: Work) -> dict[str, object]:
    """What a build shows: each table as a DataFrame, every other file's bytes (the lock aside)."""
    found = {}
    for root in (work.out, work.reports):
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(work.root).as_posix()
            if not path.is_file() or path.name == ".lock" or "cache" in path.relative_to(root).parts:
                continue
            found[rel] = pd.read_parquet(path) if path.suffix == ".parquet" else path.read_bytes()
    return found


def differences(got: dict, want: dict) -> list[str]:
    """The files that differ between two snapshots."""
    diff = sorted(set(got) ^ set(want))
    for name in sorted(set(got) & set(want)):
        a, b = got[name], want[name]
        same = a.equals(b) and list(a.dtypes) == list(b.dtypes) if isinstance(a, pd.DataFrame) else a == b
        if not same:
            diff.append(name)
    return diff


def half_written(work: Work) -> list[str]:
    """Visible files a reader would find broken: a Parquet file that does not read, a page that does
    not end, a JSON file that does not parse."""
    broken = []
    for root in (work.out, work.reports):
        for path in root.rglob("*"):
            if not path.is_file() or any(p.startswith(".") and p not in (".reports.json",)
                                         for p in path.relative_to(root).parts):
                continue
            try:
                if path.suffix == ".parquet":
                    pq.read_table(path)
                elif path.suffix == ".html":
                    assert path.read_text(encoding="utf-8").rstrip().endswith("</html>")
                elif path.suffix == ".json":
                    json.loads(path.read_text(encoding="utf-8"))
            except Exception as exc:     # noqa: BLE001 -- any failure to read is the finding
                broken.append(f"{path.relative_to(work.root)}: {type(exc).__name__}")
    return broken


def leftovers(work: Work) -> list[str]:
    """Temporary files and folders of killed runs, in the output folders and in TMPDIR."""
    junk = [p for root in (work.out, work.reports) for p in root.rglob(".*")
            if p.name.startswith(".tmp") or p.name.endswith((".tmp", "-staging", "-old"))]
    junk += [p for p in work.tmp.iterdir() if p.name.startswith("corpus-tools-")]
    return sorted(str(p.relative_to(work.root)) for p in junk)


def unlocked(work: Work) -> bool:
    """Whether both folders' locks can be taken at once (no run left one held)."""
    try:
        with folder_lock(work.out), folder_lock(work.reports):
            return True
    except Exception:     # noqa: BLE001
        return False


@pytest.fixture(scope="module")
def work(tmp_path_factory, models_dir) -> Work:
    root = tmp_path_factory.mktemp("faults")
    return Work(root, make_news_corpus(root / "corpus", 4), models_dir)


@pytest.fixture(scope="module")
def reference(work) -> dict:
    """A clean build from empty folders, and a build from a full annotation cache: the points of
    each (counted), and what both must show."""
    work.reset()
    cold = work.faulty(work.root / "cold.log")
    assert cold.returncode == 0, cold.stderr[-3000:]
    shown = snapshot(work)
    shutil.copytree(work.out, work.seed / "build")
    shutil.copytree(work.reports, work.seed / "reports")
    work.reset(seed="annotation")
    warm = work.faulty(work.root / "warm.log")
    assert warm.returncode == 0, warm.stderr[-3000:]
    assert not differences(snapshot(work), shown), "a build from a full annotation cache differs from a cold one"
    return {"cold": points(work.root / "cold.log"), "warm": points(work.root / "warm.log"), "shown": shown}


def kill_and_rerun(work: Work, reference: dict, at: int, seed: str) -> tuple[str, list[str]]:
    """Kill a build at point `at`, check what it left, run it again, compare; (where it landed, faults).
    Reports are on only when the kill is meant for them (`seed` "tables")."""
    work.reset(seed)
    reports = seed == "tables"
    log = work.root / "kill.log"
    log.unlink(missing_ok=True)
    killed = work.faulty(log, reports, kill=at)
    logged = points(log) if log.exists() else []
    landed = logged[-1] if logged else (at, "?", "", "")
    where = f"{seed or 'empty'} #{at} {landed[1]} {landed[2]} {landed[3]}"
    faults = []
    if killed.returncode == 0:      # the reports' record is saved at most once a second: a run may have
        where = f"{seed} #{at} finished first"      # a point or two fewer than the count
    elif killed.returncode != -signal.SIGKILL:
        faults.append(f"not killed (exit {killed.returncode}): {killed.stderr[-500:]}")
    faults += [f"half-written after the kill: {f}" for f in half_written(work)]
    again = work.plain(reports)
    if again.returncode != 0:
        return where, [*faults, f"rerun failed ({again.returncode}): {again.stderr[-1500:]}"]
    want = {k: v for k, v in reference["shown"].items() if reports or not k.startswith("work/reports/")}
    faults += [f"differs from a clean build: {f}" for f in differences(snapshot(work), want)]
    faults += [f"left behind: {f}" for f in leftovers(work)]
    if not unlocked(work):
        faults.append("a lock is still held")
    return where, faults


def test_kill_9_anywhere_then_rerun_gives_a_clean_builds_tables_and_pages(work, reference):
    warm = reference["warm"]
    render = next(i for i, stage, _, _ in warm if stage == "reports")     # an up-to-date build's first point
    plan = [(i, "") for i in sample(reference["cold"], COLD_STAGES)]
    plan += [(i, "annotation") for i in sample(warm, WARM_STAGES)]
    plan += [(i, "tables") for i in sample(warm, ("reports",), offset=render)]
    covered, found = Counter(), []
    for at, seed in plan:
        where, faults = kill_and_rerun(work, reference, at, seed)
        covered[where.split()[2]] += 1
        found += [f"{where}: {f}" for f in faults]
    counts = {name: dict(Counter(s for _, s, _, _ in reference[name])) for name in ("cold", "warm")}
    print(f"\npoints of a clean build: from empty folders {counts['cold']}, from a full annotation cache "
          f"{counts['warm']}; killed at: {dict(covered)}")
    assert not found, "\n".join(found)
    assert set(covered) >= {*COLD_STAGES, *WARM_STAGES, "reports"}, covered     # every stage, killed


# ---------------------------------------------------------------- a full disk, a read-only folder

ONE_LINE = re.compile(r"corpus-tools: error: [^\n]+\n\Z")


@pytest.fixture(scope="module")
def update(work, reference) -> Work:
    """Folders holding the reference's tables and pages, and its corpus less one article: the build
    has work to do (none of it annotation), and the reports too."""
    fewer = work.root / "fewer"
    shutil.copytree(work.corpus, fewer)
    (fewer / "article_0003.txt").unlink()
    return Work(work.root / "update", fewer, work.models_dir, seed=work.seed)


def assert_stopped_cleanly(proc: subprocess.CompletedProcess, folder: Path, why: str) -> None:
    """Exit 1, one line naming `folder` and saying `why`, and no traceback."""
    assert proc.returncode == 1, (proc.returncode, proc.stderr[-2000:])
    assert ONE_LINE.fullmatch(proc.stderr), proc.stderr
    assert f"cannot write to {folder}" in proc.stderr and why in proc.stderr, proc.stderr


def assert_nothing_lost(work: Work, before: dict, after: dict) -> None:
    """Every file of the last build is still there, whole, or this build's finished version of it; no
    temporary file is left."""
    got = snapshot(work)
    for name, content in before.items():
        assert name in got and (not differences({name: got[name]}, {name: content})
                                or not differences({name: got[name]}, {name: after.get(name)})), name
    assert not half_written(work) and not leftovers(work), (half_written(work), leftovers(work))


@pytest.fixture(scope="module")
def update_run(update) -> dict:
    """The update, uninterrupted and counted: its points, and what is shown before and after it."""
    update.reset("previous")
    before = snapshot(update)
    assert update.faulty(update.root / "count.log").returncode == 0
    return {"points": points(update.root / "count.log"), "before": before, "after": snapshot(update)}


def test_a_full_disk_stops_with_one_line_naming_the_folder_and_loses_nothing(update, update_run):
    before, after = update_run["before"], update_run["after"]
    first = {}
    for i, stage, kind, _ in update_run["points"]:
        if kind in WRITES:
            first.setdefault(stage, i)
    # The first write of the text stage, of the analyses, of the networks and of the reports; the
    # analyses' and the reports' fail as a write() does, naming no file.
    for stage, named in (("text", True), ("analyses", False), ("networks", True), ("reports", False)):
        update.reset("previous")
        proc = update.faulty(update.root / "fail.log", fail=first[stage], errno=errno.ENOSPC, named=named)
        folder = update.reports if stage == "reports" else update.out
        assert_stopped_cleanly(proc, folder, "No space left on device")
        assert_nothing_lost(update, before, after if stage == "reports" else {})
    again = update.plain()                # space freed: the same command finishes the update
    assert again.returncode == 0, again.stderr[-2000:]
    assert not differences(snapshot(update), after)


def test_a_build_killed_inside_the_swap_of_its_tables_keeps_the_last_ones(update, update_run):
    update.reset("previous")
    swap = next(i for i, _, kind, detail in update_run["points"] if (kind, detail) == ("replace", "tables"))
    assert update.faulty(update.root / "swap.log", kill=swap).returncode == -signal.SIGKILL
    assert not (update.out / "tables").exists()       # killed between the two renames: the old tables aside
    full = update.faulty(update.root / "swap.log", fail=0, errno=errno.ENOSPC)    # and then the disk is full
    assert_stopped_cleanly(full, update.out, "No space left on device")
    assert not differences(snapshot(update), update_run["before"])     # the last build's tables are back


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """`folder` and everything in it read-only: by permissions, or for root (whom permissions do not
    stop) by the immutable attribute; skips the test where neither is possible."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")]}
        for path, mode in modes.items():
            path.chmod(mode & ~0o222)
        try:
            yield
        finally:
            for path, mode in modes.items():
                path.chmod(mode)
        return
    if subprocess.run(["chattr", "-R", "+i", str(folder)], capture_output=True).returncode != 0:
        subprocess.run(["chattr", "-R", "-i", str(folder)], capture_output=True)
        pytest.skip("running as root, and this file system has no immutable attribute (chattr)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-R", "-i", str(folder)], check=True)


@pytest.mark.parametrize("which", ["tables", "reports"])
def test_a_read_only_folder_stops_with_one_line_naming_it_and_loses_nothing(update, which):
    update.reset("previous")
    before = snapshot(update)
    folder = update.out if which == "tables" else update.reports
    with read_only(folder):
        proc = update.plain()
    assert_stopped_cleanly(proc, folder, "ermission denied" if os.geteuid() else "not permitted")
    if which == "tables":
        assert not differences(snapshot(update), before)     # not a byte changed
    else:   # the tables are the update's; every page is the last build's
        pages = {k: v for k, v in snapshot(update).items() if k.startswith("work/reports/")}
        assert not differences(pages, {k: v for k, v in before.items() if k.startswith("work/reports/")})
    assert not half_written(update) and not leftovers(update)
