"""Execute report notebooks with papermill and export them to HTML, incrementally.

Each page has a digest of everything it is drawn from (its notebook, the
package code, its parameters and the table rows it reads); a page whose
digest is unchanged is not executed again, and no file is rewritten.
"""
from __future__ import annotations

import hashlib
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from .._version import code_digest
from ..parallel import make_executor
from ..store import Corpus, folder_lock, load, remove_leftovers, write_bytes_if_changed
from .index import index_html
from .engine import ENGINE, register_engine
from .render import STYLESHEET, page_exporter, page_html, sanitize_outputs, stylesheet
from .slugs import slugify

NOTEBOOKS = {"actor": "actor_report.ipynb", "source": "source_report.ipynb", "overview": "overview.ipynb"}
FOLDERS = {"actor": "actors", "source": "sources", "overview": ""}
STATE = ".reports.json"


@dataclass(frozen=True)
class ReportJob:
    """One page to render: its kind, key, title, path and the digest of what it is drawn from."""
    kind: str          # actor, source or overview
    key: str           # actor_id, source name, or "" for the overview
    title: str
    relpath: str       # page path inside the reports folder
    digest: str


@dataclass
class RenderResult:
    """What a report run did."""
    written: int
    unchanged: int
    failed: list[tuple[str, str]]
    seconds: float

    def summary(self) -> str:
        """One line for the user."""
        failed = f", {len(self.failed)} failed" if self.failed else ""
        return f"{self.written} reports written, {self.unchanged} unchanged{failed} in {self.seconds:.1f}s"


NOTEBOOKS_DIR = Path(__file__).with_name("notebooks")   # package data: installed with the package


def plan(corpus: Corpus, notebooks: Path, min_mentions: int = 2) -> list[ReportJob]:
    """One job per actor with at least `min_mentions` mentions, per source, plus the overview.

    A page's digest covers its notebook, the package code, its key, the rows of every
    document it draws on (with their mentions) and the actors table.  Rows are hashed once
    per document, so planning is linear in the corpus, not in actors x mentions."""
    docs = corpus.documents[["doc_id", "source", "title", "date", "content_hash"]]
    mentions = corpus.mentions[["doc_id", "sent_idx", "start_char", "end_char", "actor_id"]]
    actors = corpus.actors
    per_doc = document_digests(docs, mentions)
    shared = frame_digest(actors)

    def digest(kind: str, key: str, doc_ids) -> str:
        return page_digest(notebooks / NOTEBOOKS[kind], key, per_doc.loc[sorted(doc_ids)], shared)

    jobs = [ReportJob("overview", "", "Overview", "overview.html", digest("overview", "", docs["doc_id"]))]
    docs_of = mentions.groupby("actor_id")["doc_id"].unique()
    for actor in actors[actors["n_mentions"] >= min_mentions].itertuples():
        jobs.append(ReportJob("actor", actor.actor_id, actor.name, f"actors/{slugify(actor.actor_id)}.html",
                              digest("actor", actor.actor_id, docs_of.get(actor.actor_id, []))))
    for source, group in docs.groupby("source", sort=True):
        jobs.append(ReportJob("source", source, source, f"sources/{slugify(source)}.html",
                              digest("source", source, group["doc_id"])))
    return jobs


def frame_digest(frame: pd.DataFrame) -> bytes:
    """A digest of a table's rows."""
    return hashlib.sha256(pd.util.hash_pandas_object(frame.astype(str), index=False).values.tobytes()).digest()


def document_digests(docs: pd.DataFrame, mentions: pd.DataFrame) -> pd.Series:
    """doc_id -> digest of the document's row and its mention rows."""
    doc_rows = pd.Series(pd.util.hash_pandas_object(docs.astype(str), index=False).values, index=docs["doc_id"])
    mention_rows = pd.Series(pd.util.hash_pandas_object(mentions.astype(str), index=False).values,
                             index=mentions.index)
    by_doc = mention_rows.groupby(mentions["doc_id"].to_numpy()).agg(lambda h: h.values.tobytes())
    return pd.Series({doc_id: hashlib.sha256(int(h).to_bytes(8, "little") + by_doc.get(doc_id, b"")).digest()
                      for doc_id, h in doc_rows.items()}, dtype=object)


def page_digest(notebook: Path, key: str, per_doc: pd.Series, shared: bytes) -> str:
    """A digest of everything one page is drawn from: notebook, code, key, documents, shared tables."""
    digest = hashlib.sha256(notebook.read_bytes())
    digest.update(f"{code_digest()}\0{key}\0".encode())
    digest.update(shared)
    for doc_id, doc_digest in per_doc.items():
        digest.update(f"{doc_id}\0".encode() + doc_digest)
    return digest.hexdigest()


def render_reports(out: str | Path, reports: str | Path, min_mentions: int = 2,
                   notebooks: str | Path | None = None, progress: bool | None = None,
                   workers: int | None = None, scheduler: str | None = None, wait: float = 0) -> RenderResult:
    """Render every report page whose inputs changed, remove pages that no longer exist, write the index.

    Pages run in `workers` local processes (default: one per core), or on the
    Dask cluster at `scheduler` (see `corpus_tools.parallel`).  The run holds the
    reports folder's lock (waiting up to `wait` seconds for another run to finish)
    and first clears the temporary pages a killed run left.
    """
    reports = Path(reports)
    with folder_lock(reports, wait):
        for folder in (reports, *(p for p in reports.iterdir() if p.is_dir())):
            remove_leftovers(folder)
        return render_unlocked(Path(out).resolve(), reports, min_mentions, notebooks, progress, workers, scheduler)


def render_unlocked(out: Path, reports: Path, min_mentions: int, notebooks: str | Path | None,
                    progress: bool | None, workers: int | None, scheduler: str | None) -> RenderResult:
    """`render_reports` once its lock is held."""
    start = time.monotonic()
    notebooks = Path(notebooks).resolve() if notebooks else NOTEBOOKS_DIR
    corpus = load(out)
    jobs = plan(corpus, notebooks, min_mentions)
    state = State(reports)
    todo = [j for j in jobs if state.get(j.relpath) != j.digest or not (reports / j.relpath).is_file()]
    failed, written = [], 0
    executor = make_executor(workers, scheduler, tasks=len(todo))
    try:
        pages = executor.map(execute_page, todo, out, notebooks)
        for job, (html, error) in tqdm(zip(todo, pages), total=len(todo), desc="reports", unit="page",
                                       disable=None if progress is None else not progress):
            if error is not None:  # one broken page must not stop the others
                failed.append((job.relpath, error))
                print(f"report {job.relpath} ({job.title}) failed: {error}", file=sys.stderr)
                state.pop(job.relpath, None)
                continue
            written += write_bytes_if_changed(reports / job.relpath, html.encode("utf-8"))
            state[job.relpath] = job.digest
    finally:
        executor.close()
    remove_stale(reports, state, {j.relpath for j in jobs})
    ok = [j for j in jobs if j.relpath not in {f for f, _ in failed}]
    written += write_bytes_if_changed(reports / STYLESHEET, stylesheet())
    written += write_bytes_if_changed(reports / "index.html", index_html(ok, corpus).encode("utf-8"))
    files = len(jobs) + 2   # the pages, the stylesheet and the index
    return RenderResult(written, files - written - len(failed), failed, time.monotonic() - start)


def execute_page(job: ReportJob, out: Path, notebooks: Path) -> tuple[str | None, str | None]:
    """(html, None), or (None, the error's first line): the task an executor runs."""
    try:
        return execute(job, out, notebooks), None
    except Exception as exc:
        return None, first_line(exc)


def execute(job: ReportJob, out: Path, notebooks: Path) -> str:
    """Run one notebook with papermill and export it as HTML without code cells.

    Parameters reach the kernel through papermill's escaped string literals, so any actor or
    source name is carried safely.  Pages run in this process's warm kernel (`engine`): one
    kernel start per worker, not per page.  Outputs are sanitised before export
    (`render.sanitize_outputs`), and the page loads no script (`render.page_exporter`).
    """
    import papermill as pm

    params = {"build_dir": str(out)}
    if job.kind == "actor":
        params["actor_id"] = job.key
    elif job.kind == "source":
        params["source"] = job.key
    register_engine()
    nb = pm.execute_notebook(str(notebooks / NOTEBOOKS[job.kind]), None, parameters=params, progress_bar=False,
                             kernel_name="python3", engine_name=ENGINE)
    sanitize_outputs(nb)
    body, _ = page_exporter().from_notebook_node(nb)
    return page_html(job.title, body, depth=job.relpath.count("/"), kind=job.kind)


class State(dict):
    """The digest of every page in the reports folder (`.reports.json`).

    Saved atomically after every change, so a run killed half-way keeps the
    record of each page it finished and the next run does not redo them.
    """

    def __init__(self, reports: Path):
        self.path = Path(reports) / STATE
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = {}
        super().__init__(saved if isinstance(saved, dict) else {})

    def save(self) -> None:
        """Write the digests (unless unchanged)."""
        write_bytes_if_changed(self.path, json.dumps(self, indent=1, sort_keys=True).encode())

    def __setitem__(self, key: str, value: str) -> None:
        super().__setitem__(key, value)
        self.save()

    def __delitem__(self, key: str) -> None:
        super().__delitem__(key)
        self.save()

    def pop(self, key: str, *default):
        """dict.pop, saved."""
        value = super().pop(key, *default)
        self.save()
        return value


def remove_stale(reports: Path, state: dict[str, str], current: set[str]) -> None:
    """Delete pages this tool wrote earlier for actors or sources that are gone."""
    for relpath in list(state):
        if relpath not in current:
            (reports / relpath).unlink(missing_ok=True)
            del state[relpath]


def first_line(exc: Exception) -> str:
    """An error as one line: its type and the last line of its message (papermill puts the cause last)."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[-1] if text else ''}"
