"""The quotation extractor behind the `quotes` table (`corpus_tools.analysis.quotations`), one module per
job: `words` (the data file), `document` (a document as the rules read it), `phrases` (noun phrases and
subjects), `rules` (the rules that find quotations), `speakers` (resolving speakers to actors)."""
