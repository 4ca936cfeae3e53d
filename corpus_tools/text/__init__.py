"""Text stage: a corpus folder -> cleaned article texts with metadata, in the `documents` table.

    files (walk, safe reads) -> readers (a registry by file suffix: plain text, web pages,
    records named through the column table of `columns`, the export files of news databases
    read by `databases`) -> sidecar (the metadata.csv / metadata.jsonl beside the articles)
    -> outlets (who published each article) -> clean (boilerplate out, every removal
    audited) -> languages (each paragraph's) -> metadata (title, date, author, dateline, wire,
    languages) -> dedup (exact and near copies)

`read_corpus` is the stage's door for the build: it returns the `documents`, `removed`,
`skipped`, `warnings` and `paragraphs` tables (columns in `corpus_tools.schema`).  `prepare` streams the same rows one
article at a time.  `patterns` holds the date, name and dateline patterns; words are compared
folded (`corpus_tools.fold`), as in every stage.  Word lists are data, in `data/` (the lexicon of
clean in `clean.yaml`, the words of the patterns in `patterns.yaml`, the languages told apart in
`languages.yaml`).
"""
from .columns import ColumnTable, load_columns
from .files import iter_files
from .outlets import OutletRegistry, load_outlets
from .readers import register_reader, supported_suffixes
from .sidecar import sidecar_files
from .records import Cleaned, InputWarning, Prepared, RawArticle, Skipped, TextTables

__all__ = ["read_corpus", "prepare", "iter_files", "OutletRegistry", "load_outlets", "ColumnTable",
           "load_columns", "register_reader", "supported_suffixes", "sidecar_files", "Cleaned", "InputWarning",
           "Prepared", "RawArticle", "Skipped", "TextTables"]


def __getattr__(name: str):
    """`read_corpus` and `prepare`, imported on first use: a build with nothing to do only stamps the
    files, and the stage's deduplication (datasketch, SciPy) and metadata readers are slow to import."""
    if name in ("read_corpus", "prepare"):
        from . import stage
        return getattr(stage, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
