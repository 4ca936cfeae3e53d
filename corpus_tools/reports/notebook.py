"""What a report notebook imports: the build's tables read once per kernel, a `Page` that links
counts to evidence and pages to pages, and `show` / `show_figure` to put HTML and figures on the page.

Report pages run one after another in the same kernel (`kernel`); `shared_corpus` keeps the
corpus (and everything analyses memoise on it) between them.
"""
from __future__ import annotations

from pathlib import Path

from ..analysis import load
from ..storage.tables import TABLES_DIR, read_manifest
from .evidence import Page
from .selection import PageRules, actor_path, actors_with_pages, document_path, documents_with_pages, source_path

_CORPORA: dict[tuple, object] = {}


def shared_corpus(build_dir: str | Path):
    """The tables of a build, read once per kernel; a rebuild (new tables) gives a new corpus."""
    out = Path(build_dir).resolve()
    tables = out / TABLES_DIR
    key = (str(out), read_manifest(out).get("fingerprint"), tables.stat().st_ino, tables.stat().st_mtime_ns)
    if key not in _CORPORA:
        _CORPORA.clear()   # one build at a time: the previous build's tables are not needed any more
        _CORPORA[key] = load(out).keep_in_memory()   # pages filter tables in memory, not on disk
    return _CORPORA[key]


class Site:
    """The pages of a report folder as seen from one page `depth` folders down: which actors and
    documents have a page, and the relative link to each."""

    def __init__(self, corpus, rules: PageRules | dict | None = None, depth: int = 1):
        self.corpus = corpus
        self.rules = PageRules(**rules) if isinstance(rules, dict) else rules or PageRules()
        self.root = "../" * depth
        key = f"report pages {self.rules}"
        self.actors, self.documents = corpus.memo(key, self.pages)

    def pages(self):
        """(actor_ids, doc_ids) with a page."""
        actors = self.corpus.read("actors", ["actor_id", "n_mentions", "n_docs"])
        page_actors = actors_with_pages(actors, self.rules)
        docs = self.corpus.read("documents", ["doc_id"])
        if len(docs) > self.rules.max_document_pages:
            mentions = self.corpus.read("mentions", ["doc_id", "actor_id"])
        else:
            mentions = None
        return set(page_actors), set(documents_with_pages(docs, mentions, page_actors, self.rules))

    def actor_href(self, actor_id: str) -> str | None:
        """The link to an actor's page, or None when it has none."""
        return self.root + actor_path(actor_id) if actor_id in self.actors else None

    def source_href(self, source: str) -> str:
        """The link to a source's page (every source has one)."""
        return self.root + source_path(source)

    def document_href(self, doc_id: str) -> str | None:
        """The link to a document's page, or None when it has none."""
        return self.root + document_path(doc_id) if doc_id in self.documents else None

    def page(self) -> Page:
        """A fresh evidence collector whose lines link to document pages."""
        return Page(self.corpus, self.document_href)


def show(html: str) -> None:
    """Put HTML on the page (nothing for an empty string)."""
    from IPython.display import HTML, display
    if html:
        display(HTML(html))


def show_figure(svg: str, alt: str) -> None:
    """Put an SVG figure on the page, with `alt` saying what it shows (the page's image alt text)."""
    from IPython.display import display
    display({"image/svg+xml": svg}, raw=True, metadata={"image/svg+xml": {"alt": alt}})
