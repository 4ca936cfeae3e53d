"""Render the reports folder from a build, incrementally: a list of named steps.

`render_reports` plans the pages (`plan`: which actors get a page, `selection`), executes the
report notebooks whose inputs changed with papermill in a warm kernel per worker (`kernel`, `papermill_engine`),
turns their outputs into pages (`cells`), writes the document pages straight from the tables
(`pages.document`), the shared assets and the index (`pages.index`).  Each page has a digest of everything it is
drawn from (its notebook, the package code, its parameters and the rows of its slice of the
tables); a page whose digest is unchanged is not executed again, and no file is rewritten.
"""
from __future__ import annotations

import copy
import hashlib
import json
import sys
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from .._version import code_digest
from ..parallel import make_executor
from ..analysis import Corpus, load
from ..storage.files import remove_leftovers, write_bytes_if_changed
from ..storage.lock import folder_lock
from ..stopping import checkpoint
from .cells import page_body
from .kernel import remove_orphaned_folders
from .notebook import Site
from .pages import document as document_pages
from .pages.index import index_html
from .render import ASSETS, asset, page_html
from .selection import PageRules, actor_path, document_path, source_path

NOTEBOOKS = {"actor": "actor_report.ipynb", "source": "source_report.ipynb", "overview": "overview.ipynb"}
STATE = ".reports.json"
NOTEBOOKS_DIR = Path(__file__).with_name("notebooks")   # package data: installed with the package


@dataclass(frozen=True)
class ReportJob:
    """One notebook page to render: its kind, key, title, path and the digest of what it is drawn from."""
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
    pages: int = 0     # actor, source and overview pages executed this run

    def summary(self) -> str:
        """One line for the user."""
        failed = f", {len(self.failed)} failed" if self.failed else ""
        return f"{self.written} report files written, {self.unchanged} unchanged{failed} in {self.seconds:.1f}s"


def render_reports(out: str | Path, reports: str | Path, rules: PageRules | None = None,
                   notebooks: str | Path | None = None, progress: bool | None = None,
                   workers: int | None = None, scheduler: str | None = None, wait: float = 0) -> RenderResult:
    """Render every report page whose inputs changed, remove pages that no longer exist, write the
    document pages, the assets and the index.

    `rules` decide which actors and documents get a page (`selection.PageRules`).  Pages run in
    `workers` local processes (default: one per core), or on the Dask cluster at `scheduler`
    (see `corpus_tools.parallel`).  The run holds the reports folder's lock (waiting up to `wait`
    seconds for another run to finish) and first clears the temporary pages a killed run left (and
    the kernel folders of killed runs).
    """
    reports = Path(reports)
    with folder_lock(reports, wait):
        for folder in (reports, *(p for p in reports.iterdir() if p.is_dir())):
            remove_leftovers(folder)
        remove_orphaned_folders()
        return render_unlocked(Path(out).resolve(), reports, rules or PageRules(), notebooks, progress, workers,
                               scheduler)


def render_unlocked(out: Path, reports: Path, rules: PageRules, notebooks: str | Path | None,
                    progress: bool | None, workers: int | None, scheduler: str | None) -> RenderResult:
    """`render_reports` once its lock is held: the steps, in order."""
    start = time.monotonic()
    notebooks = Path(notebooks).resolve() if notebooks else NOTEBOOKS_DIR
    corpus = load(out)
    site = Site(corpus, rules, depth=1)
    jobs = plan(corpus, site, notebooks)
    state = State(reports)
    todo = [j for j in jobs if state.get(j.relpath) != j.digest or not (reports / j.relpath).is_file()]
    written, failed = execute_pages(todo, reports, state, out, notebooks, rules, progress, workers, scheduler)
    written += write_document_pages(corpus, site, reports, state)
    current = {j.relpath for j in jobs} | {document_path(d) for d in site.documents}
    remove_stale(reports, state, current)
    written += sum(write_bytes_if_changed(reports / name, asset(name)) for name in ASSETS)
    ok = [j for j in jobs if j.relpath not in {f for f, _ in failed}]
    written += write_bytes_if_changed(reports / "index.html", index_html(ok, corpus, site).encode("utf-8"))
    files = len(current) + len(ASSETS) + 1
    return RenderResult(written, files - written - len(failed), failed, time.monotonic() - start, len(todo))


# ---------------------------------------------------------------- plan

def plan(corpus: Corpus, site: Site, notebooks: Path) -> list[ReportJob]:
    """One job per actor with a page, per source, plus the overview, each with its digest.

    An actor page is drawn from the documents that mention the actor (their rows, mentions and
    links); source pages and the overview compare with the whole corpus, so they are drawn from
    every document.  Rows are hashed once per document, so planning is linear in the corpus."""
    docs = corpus.read("documents", ["doc_id", "source", "title", "date", "content_hash", "duplicate_of"])
    mentions = corpus.read("mentions", ["doc_id", "sent_idx", "start_char", "end_char", "actor_id", "kind"])
    actors = corpus.read("actors", ["actor_id", "name", "type", "aliases", "curation"])
    per_doc = document_digests(docs, mentions, actors, site)
    everything = hashlib.sha256(b"".join(per_doc.to_list())).digest()
    rules = json.dumps(site.rules.as_parameters(), sort_keys=True)
    backend = json.dumps(corpus.manifest.get("backend", {}), sort_keys=True, default=str)

    def digest(kind: str, key: str, doc_ids=None) -> str:
        """Of the notebook, the code, the parameters and the documents (None: all of them)."""
        h = hashlib.sha256((notebooks / NOTEBOOKS[kind]).read_bytes())
        h.update(f"{code_digest()}\0{kind}\0{key}\0{rules}\0{backend}\0".encode())
        h.update(everything if doc_ids is None else b"".join(per_doc.reindex(sorted(doc_ids)).to_list()))
        return h.hexdigest()

    names = actors.set_index("actor_id")["name"]
    jobs = [ReportJob("overview", "", "Corpus overview", "overview.html", digest("overview", ""))]
    docs_of = mentions.groupby("actor_id")["doc_id"].unique()
    for actor_id in sorted(site.actors):
        jobs.append(ReportJob("actor", actor_id, str(names[actor_id]), actor_path(actor_id),
                              digest("actor", actor_id, docs_of.get(actor_id, []))))
    for source in sorted(docs["source"].dropna().unique()):
        jobs.append(ReportJob("source", source, str(source), source_path(source), digest("source", source)))
    return jobs


def document_digests(docs: pd.DataFrame, mentions: pd.DataFrame, actors: pd.DataFrame, site: Site) -> pd.Series:
    """doc_id -> digest of the document's row, its mentions, the names of the actors it mentions,
    and which of them (and whether the document itself) have a page: everything a page citing
    the document shows of it."""
    named = mentions.merge(actors.astype({c: str for c in ("aliases", "curation") if c in actors}), on="actor_id",
                           how="left")
    named["has_page"] = named["actor_id"].isin(site.actors)
    doc_rows = docs.assign(has_page=docs["doc_id"].isin(site.documents))
    doc_hash = pd.Series(pd.util.hash_pandas_object(doc_rows.astype(str), index=False).to_numpy(),
                         index=doc_rows["doc_id"].to_numpy())
    row_hash = pd.Series(pd.util.hash_pandas_object(named.astype(str), index=False).to_numpy(), index=named.index)
    by_doc = row_hash.groupby(named["doc_id"].to_numpy()).agg(lambda h: h.to_numpy().tobytes())
    return pd.Series({doc_id: hashlib.sha256(int(h).to_bytes(8, "little") + by_doc.get(doc_id, b"")).digest()
                      for doc_id, h in doc_hash.items()}, dtype=object)


# ---------------------------------------------------------------- notebook pages

def execute_pages(todo: list[ReportJob], reports: Path, state: "State", out: Path, notebooks: Path,
                  rules: PageRules, progress: bool | None, workers: int | None,
                  scheduler: str | None) -> tuple[int, list[tuple[str, str]]]:
    """Execute the notebook pages to do (in parallel), writing each as it arrives; (written, failed)."""
    failed, written = [], 0
    executor = make_executor(workers, scheduler, tasks=len(todo))
    try:
        pages = executor.map(execute_page, todo, out, notebooks, rules)
        for job, (html, error) in tqdm(zip(todo, pages), total=len(todo), desc="reports", unit="page",
                                       disable=None if progress is None else not progress):
            if error is not None:  # one broken page must not stop the others
                failed.append((job.relpath, error))
                print(f"report {job.relpath} ({job.title}) failed: {error}", file=sys.stderr)
                state.pop(job.relpath, None)
                continue
            written += write_bytes_if_changed(reports / job.relpath, html.encode("utf-8"))
            state[job.relpath] = job.digest
            checkpoint()
    finally:
        executor.close()
        state.save()
    return written, failed


def execute_page(job: ReportJob, out: Path, notebooks: Path, rules: PageRules) -> tuple[str | None, str | None]:
    """(html, None), or (None, the error's first line): the task an executor runs."""
    try:
        return execute(job, out, notebooks, rules), None
    except Exception as exc:
        return None, first_line(exc)


def execute(job: ReportJob, out: Path, notebooks: Path, rules: PageRules) -> str:
    """Run one notebook with papermill and turn its outputs into a page.

    Parameters reach the kernel through papermill's escaped string literals, so any actor or
    source name is carried safely.  Pages run in this process's warm kernel (`papermill_engine`): one
    kernel start per worker, not per page.  Outputs pass the allowlist (`cells.page_body`).
    """
    import papermill as pm

    from .papermill_engine import ENGINE, register_engine

    params = {"build_dir": str(out), "page_rules": rules.as_parameters()}
    if job.kind == "actor":
        params["actor_id"] = job.key
    elif job.kind == "source":
        params["source"] = job.key
    register_engine()
    nb = pm.execute_notebook(notebook_node(notebooks / NOTEBOOKS[job.kind]), None, parameters=params,
                             progress_bar=False, kernel_name="python3", engine_name=ENGINE)
    return page_html(job.title, page_body(nb), depth=job.relpath.count("/"), kind=job.kind)


def notebook_node(path: Path):
    """A fresh copy of the notebook at `path` (read once per process and version of the file)."""
    return copy.deepcopy(read_notebook(str(path), path.stat().st_mtime_ns))


@lru_cache(maxsize=8)
def read_notebook(path: str, mtime_ns: int):
    """The notebook at `path` as papermill loads it."""
    from papermill.iorw import load_notebook_node
    return load_notebook_node(path)


# ---------------------------------------------------------------- document pages

def write_document_pages(corpus: Corpus, site: Site, reports: Path, state: "State") -> int:
    """Write the document pages whose rows changed (no kernel: straight from the tables)."""
    if not site.documents:
        return 0
    names = corpus.read("actors", ["actor_id", "name"]).set_index("actor_id")["name"]
    code = code_digest()
    written = 0
    for rows in document_pages.rows_per_document(corpus, sorted(site.documents)):
        relpath = document_path(rows.doc["doc_id"])
        linked = sorted(a for a in rows.mentions.get("actor_id", []) if site.actor_href(a))
        digest = rows.digest(f"{code}\0{linked}\0{rows.doc.get('duplicate_of') in site.documents}")
        if state.get(relpath) == digest and (reports / relpath).is_file():
            continue
        html = document_pages.document_html(rows, names, site.actor_href, site.source_href, site.document_href)
        written += write_bytes_if_changed(reports / relpath, html.encode("utf-8"))
        state.set_quietly(relpath, digest)
    state.save()
    return written


class State(dict):
    """The digest of every page in the reports folder (`.reports.json`).

    Saved atomically at most once a second while pages arrive, and at the end of a run, so a run
    killed half-way keeps the record of (nearly) every page it finished; a page whose record was
    lost is rendered again, to the same bytes, and not rewritten.
    """

    def __init__(self, reports: Path):
        self.path = Path(reports) / STATE
        self.saved_at = 0.0
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = {}
        super().__init__(saved if isinstance(saved, dict) else {})

    def save(self) -> None:
        """Write the digests (unless unchanged)."""
        write_bytes_if_changed(self.path, json.dumps(self, indent=1, sort_keys=True).encode())
        self.saved_at = time.monotonic()

    def save_now_and_then(self) -> None:
        """`save`, unless the last save was less than a second ago."""
        if time.monotonic() - self.saved_at >= 1:
            self.save()

    def __setitem__(self, key: str, value: str) -> None:
        super().__setitem__(key, value)
        self.save_now_and_then()

    def set_quietly(self, key: str, value: str) -> None:
        """Record a digest without saving yet (`save` once after a batch of cheap pages)."""
        super().__setitem__(key, value)

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
