"""Reports stage: a build's tables become a folder of HTML pages, every count linked to its sentences.

    stage.render_reports(build, reports)        the door; holds the reports folder's lock
      plan          selection: which actors and documents get a page, where each page lives (slugs);
                    a digest per page of everything it is drawn from -- unchanged pages are skipped
      notebook pages (actor, source, overview): papermill runs notebooks/*.ipynb in one warm
                    kernel per worker (kernel; papermill's engine: papermill_engine); each notebook
                    reads the tables once per kernel (notebook) and draws its page a section per
                    cell with pages.actor | pages.source | pages.overview, on rows from
                    corpus_tools.analysis (the actor page's from slices), counts linked to evidence
                    (evidence), figures as SVG (figures); the executed outputs become the page
                    (cells), inside the one skeleton (render, templates/)
      document pages and the index: written whole, straight from the tables (pages.document, pages.index)
      assets (templates/style.css, reports.js) and .reports.json (the digests of the pages written)

`render_reports` is the entry point; `PageRules` decide which pages exist.
"""
from __future__ import annotations

from importlib import import_module

# Where each name lives, imported on first use: the command line reads `PageRules`' defaults at start,
# and must not pull in the analysis stack and Jinja for it.
_LAZY = {"render_reports": "stage", "RenderResult": "stage", "ReportJob": "stage", "PageRules": "selection",
         "slugify": "slugs"}

__all__ = ["render_reports", "RenderResult", "ReportJob", "PageRules", "slugify"]


def __getattr__(name: str):
    """A name of `__all__`, from its module (imported now if it was not yet)."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_LAZY[name]}", __name__), name)
