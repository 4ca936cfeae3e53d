"""The pages of the reports, one module per kind of page.

Notebook pages are drawn a section per cell: their notebooks (`reports/notebooks/`) call the
functions of `actor`, `source` and `overview` on rows from `corpus_tools.analysis` (the actor
page on `reports.slices`), each returning escaped HTML with its counts linked to their evidence.
Document pages and the index need no kernel: the stage writes them whole, straight from the
tables (`document`, `index`).  `over_time` holds the bars over time that actor and overview pages
share; the HTML building blocks all pages use are in `reports.render`.
"""
