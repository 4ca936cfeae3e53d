"""Reports stage: papermill runs the notebooks in `notebooks/` once per actor, per source, and
once for the overview, exports them as HTML without code, and writes an index page.

`render_reports` is the entry point; `render` holds the HTML helpers the notebooks use.
"""
from .run import RenderResult, ReportJob, render_reports
from .slugs import slugify

__all__ = ["render_reports", "RenderResult", "ReportJob", "slugify"]
