"""Reports stage: papermill runs the notebooks in `notebooks/` once per actor with a page, per
source, and once for the overview, in a warm kernel per worker (`kernel`, `papermill_engine`); their outputs become
pages (`cells`) in one skeleton (`render`); document pages and the index are written straight
from the tables (`documents`, `index`).

`render_reports` is the entry point; report notebooks import `notebook` (the shared corpus, the
site's links, `show`) and draw their sections with `sections`, `evidence` and `figures`.
"""
from .stage import RenderResult, ReportJob, render_reports
from .selection import PageRules
from .slugs import slugify

__all__ = ["render_reports", "RenderResult", "ReportJob", "PageRules", "slugify"]
