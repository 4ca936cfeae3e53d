"""Fault injection for the robustness tests: the command line, killed (SIGKILL) or failing a write at a chosen point.

Run as ``python -m tests.faults ARGS...`` (the arguments of ``corpus-tools``) with ``CORPUS_TOOLS_FAULTS`` set
to a JSON plan::

    {"log": FILE, "watch": [FOLDER, ...]}                       count: every point is logged, nothing else
    {"log": FILE, "watch": [...], "kill": N}                    SIGKILL at point N (0-based), before it acts
    {"log": FILE, "watch": [...], "fail": N, "errno": 28}       OSError(errno) at write point N and every later one
                                                                ("named": false: an OSError naming no file, as
                                                                a failed write() gives)

No production hook: the package's own functions are wrapped here before `corpus_tools.cli.main` runs.
A point is

- the entry of a named step of the build or of the reports (`STEPS`), which also sets the stage
  the following points belong to;
- every change to the file system under a watched folder: a file opened for writing, a temporary
  file or folder made, a Parquet file or row group written, a rename, a folder made, a file or
  folder removed (between two such changes what is on disk stays the same, so a kill anywhere
  between them leaves what a kill at the next one leaves);
- every record the text stage spills to its temporary file, or reads back from it.

Each point is appended to the log as ``INDEX<TAB>STAGE<TAB>KIND<TAB>DETAIL`` (flushed before it acts),
so a test learns how many points a clean build has, per stage, and where a kill landed.
"""
from __future__ import annotations

import builtins
import errno as errnos
import io
import json
import os
import shutil
import signal
import sys
import tempfile
from contextlib import contextmanager
from functools import wraps
from importlib import import_module
from typing import Any, Callable, Iterator

ENV = "CORPUS_TOOLS_FAULTS"
WRITE_MODES = set("wax+")
WRITES = {"open", "mkstemp", "mkdtemp", "mkdir", "to_parquet", "write_table", "parquet_writer", "row_group"}  # kinds


class Plan:
    """What to do at each point: count it, kill the process, or raise the plan's OSError."""

    def __init__(self, plan: dict):
        self.log = open(plan["log"], "a", encoding="utf-8")
        self.watch = [os.path.realpath(p) for p in plan.get("watch", [])]
        self.kill_at = plan.get("kill")
        self.fail_from = plan.get("fail")
        self.errno = plan.get("errno", errnos.ENOSPC)
        self.named = plan.get("named", True)
        self.stage = "start"
        self.index = 0
        self.busy = False          # a point inside a point (our own log write) is none

    def watched(self, path: Any) -> bool:
        """Whether `path` (a str, bytes or Path; not a file descriptor) lies under a watched folder."""
        if not isinstance(path, (str, bytes, os.PathLike)):
            return False
        full = os.path.realpath(os.fsdecode(path))
        return any(full == w or full.startswith(w + os.sep) for w in self.watch)

    def point(self, kind: str, detail: str = "", writes: bool = False, path: Any = None) -> None:
        """One point: logged, then the plan's fault if it falls here."""
        if self.busy:
            return
        self.busy = True
        try:
            index, self.index = self.index, self.index + 1
            self.log.write(f"{index}\t{self.stage}\t{kind}\t{detail}\n")
            self.log.flush()
        finally:
            self.busy = False
        if index == self.kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        if writes and self.fail_from is not None and index >= self.fail_from:
            if self.named and path is not None:
                raise OSError(self.errno, os.strerror(self.errno), os.fsdecode(path))
            raise OSError(self.errno, os.strerror(self.errno))


PLAN: Plan | None = None


def disk(kind: str, path_arg: int = 0, writes: bool = True, also: int | None = None) -> Callable:
    """Wrap a file-system function: a point when its path (argument `path_arg`, or `also`) is watched."""
    def wrap(fn: Callable) -> Callable:
        @wraps(fn)
        def wrapper(*args, **kwargs):
            paths = [args[i] for i in (path_arg, also) if i is not None and i < len(args)]
            for path in paths:
                if PLAN.watched(path):
                    PLAN.point(kind, os.path.basename(os.fsdecode(path)), writes, path)
                    break
            return fn(*args, **kwargs)
        return wrapper
    return wrap


def new_folder(fn: Callable) -> Callable:
    """`os.mkdir`: a point when it makes a watched folder (not when the folder is there already)."""
    @wraps(fn)
    def wrapper(path, *args, **kwargs):
        if PLAN.watched(path) and not os.path.isdir(path):
            PLAN.point("mkdir", os.path.basename(os.fsdecode(path)), True, path)
        return fn(path, *args, **kwargs)
    return wrapper


def opener(fn: Callable) -> Callable:
    """`open` and `io.open`: a point when a watched file is opened for writing."""
    @wraps(fn)
    def wrapper(file, mode="r", *args, **kwargs):
        if WRITE_MODES & set(mode) and PLAN.watched(file):
            PLAN.point("open", os.path.basename(os.fsdecode(file)), True, file)
        return fn(file, mode, *args, **kwargs)
    return wrapper


def temp_maker(kind: str, fn: Callable) -> Callable:
    """`tempfile.mkstemp` / `mkdtemp`: a point when the temporary lands in a watched folder."""
    @wraps(fn)
    def wrapper(*args, **kwargs):
        folder = kwargs.get("dir")
        if folder is not None and PLAN.watched(folder):
            PLAN.point(kind, kwargs.get("prefix", ""), True, folder)
        return fn(*args, **kwargs)
    return wrapper


def patch_disk() -> None:
    """Every way the package changes the disk, wrapped (the stdlib's and the Parquet writers')."""
    import pandas as pd
    import pyarrow.parquet as pq
    builtins.open = io.open = opener(io.open)
    for name in ("replace", "rename"):
        setattr(os, name, disk(name, 1, writes=False, also=0)(getattr(os, name)))
    for name in ("unlink", "remove", "rmdir"):
        setattr(os, name, disk(name, writes=False)(getattr(os, name)))
    os.mkdir = new_folder(os.mkdir)
    shutil.rmtree = disk("rmtree", writes=False)(shutil.rmtree)
    tempfile.mkstemp = temp_maker("mkstemp", tempfile.mkstemp)
    tempfile.mkdtemp = temp_maker("mkdtemp", tempfile.mkdtemp)
    pd.DataFrame.to_parquet = disk("to_parquet", 1)(pd.DataFrame.to_parquet)
    pq.write_table = disk("write_table", 1)(pq.write_table)
    pq.ParquetWriter.__init__ = disk("parquet_writer", 1)(pq.ParquetWriter.__init__)
    row_group = pq.ParquetWriter.write_table

    def write_row_group(self, *args, **kwargs):
        if PLAN.watched(self.where):
            PLAN.point("row_group", os.path.basename(os.fsdecode(self.where)), True, self.where)
        return row_group(self, *args, **kwargs)
    pq.ParquetWriter.write_table = write_row_group


# The named steps: (module, attribute) -> the stage the points from its entry on belong to.  Modules
# imported lazily by the package (the text stage, annotation, the analyses, the reports) are patched
# when the step that imports them starts.
STEPS = {
    ("corpus_tools.pipeline", "clear_leftovers"): "text",
    ("corpus_tools.text", "read_corpus"): "text",
    ("corpus_tools.nlp", "open_cache"): "nlp",
    ("corpus_tools.nlp", "annotate_missing"): "nlp",
    ("corpus_tools.pipeline", "assemble"): "nlp",
    ("corpus_tools.actors", "link"): "actors",
    ("corpus_tools.pipeline", "analyse"): "analyses",
    ("corpus_tools.pipeline", "write_table"): "actors",      # the text and actor tables, staged
    ("corpus_tools.pipeline", "analyse_corpus"): "corpus",
    ("corpus_tools.storage.tables", "replace_dir"): "publish",
    ("corpus_tools.pipeline", "write_manifest"): "publish",
    ("corpus_tools.cli", "render"): "reports",
}
LATER_STEPS = {   # step -> the lazily imported module whose steps it starts, and those steps
    "read_corpus": ("corpus_tools.text.stage", ("spill", "prepare_one")),
    "analyse": ("corpus_tools.analysis.stage", ("rows_of",)),
    "analyse_corpus": ("corpus_tools.analysis.stage", ("corpus_extractors",)),
    "render": ("corpus_tools.reports.stage", ("plan", "execute_pages", "write_document_pages", "remove_stale",
                                             "index_html")),
}


def step(stage: str | None, name: str, fn: Callable) -> Callable:
    """`fn`, its entry a point of its own that starts `stage` (None: stays in the current one)."""
    @wraps(fn)
    def wrapper(*args, **kwargs):
        if stage is not None:
            PLAN.stage = stage
        PLAN.point("step", name)
        if name in LATER_STEPS:
            patch_later(*LATER_STEPS[name])
        return fn(*args, **kwargs)
    return wrapper


def patch_steps() -> None:
    """Wrap the build's named steps (`STEPS`)."""
    for (module_name, name), stage in STEPS.items():
        module = import_module(module_name)
        if name in ("read_corpus", "open_cache", "annotate_missing"):   # imported on first use
            setattr(module, name, lazy_step(stage, module, name))
        else:
            setattr(module, name, step(stage, name, module.__dict__[name]))


def lazy_step(stage: str, module: Any, name: str) -> Callable:
    """A step whose function its package imports only when first asked for."""
    getter = module.__getattr__

    def wrapper(*args, **kwargs):
        return step(stage, name, getter(name))(*args, **kwargs)
    return wrapper


def patch_later(module_name: str, names: tuple[str, ...]) -> None:
    """Wrap the steps of a module the package imports lazily (once)."""
    module = import_module(module_name)
    for name in names:
        fn = module.__dict__[name]
        if not getattr(fn, "__faults__", False):
            wrapped = SPECIAL.get(name, lambda f, n=name: step(None, n, f))(fn)
            wrapped.__faults__ = True
            setattr(module, name, wrapped)


def spill_points(fn: Callable) -> Callable:
    """The text stage's spill file: a point per record stored and per record read back."""
    @contextmanager
    @wraps(fn)
    def wrapper() -> Iterator:
        with fn() as (store, replay):
            def stored(record):
                PLAN.point("spill", "store")
                store(record)

            def replayed():
                for record in replay():
                    PLAN.point("spill", "replay")
                    yield record
            yield stored, replayed
    return wrapper


def extractor_stages(fn: Callable) -> Callable:
    """The corpus-wide extractors, each run a step: the one writing network files starts the 'networks' stage."""
    import dataclasses

    @wraps(fn)
    def wrapper():
        return [dataclasses.replace(e, run=step("networks" if e.files else "corpus", f"extract {e.name}", e.run))
                for e in fn()]
    return wrapper


SPECIAL = {"spill": spill_points, "corpus_extractors": extractor_stages}


def main() -> None:
    """Run the command line under the plan in $CORPUS_TOOLS_FAULTS."""
    global PLAN
    PLAN = Plan(json.loads(os.environ[ENV]))
    patch_disk()
    patch_steps()
    from corpus_tools.cli import run
    sys.argv[0] = "corpus-tools"
    run()


if __name__ == "__main__":
    main()
