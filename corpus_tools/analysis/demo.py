"""A tiny built corpus for examples and doctests: five short French articles written for it (two
fictional outlets, a wire story one of them reprinted, an undated article), with their
annotation by Stanza's French models and their actors, shipped as data so that examples run
without loading a model.

`demo_corpus()` writes the tables to a temporary folder, runs the build's own extractors on them
(every per-document and corpus-wide one) and loads the result.  After a change
to the tables' columns, re-annotate the articles (``data/demo_articles.jsonl``) with
``python -m corpus_tools.analysis.demo --rebuild`` (it uses the models the build would).

>>> corpus = demo_corpus()
>>> len(corpus.documents), sorted(set(corpus.documents["source"]))
(5, ['Agence Méditerranée', 'Le Courrier du Maghreb'])
"""
from __future__ import annotations

import atexit
import json
import shutil
import subprocess
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..schema import arrow_schema, columns, spec
from ..storage.tables import TABLES_DIR, write_table
from ..userfiles import shipped_file
from .corpus import Corpus
from .stage import ChunkTables, analyse_corpus, document_extractors

ARTICLES = shipped_file("analysis", "demo_articles.jsonl")
TABLES = shipped_file("analysis", "demo_tables.json")
BASE_TABLES = ("documents", "sentences", "tokens", "entities", "mentions", "actors", "merges", "removed", "skipped",
               "paragraphs")


@lru_cache(maxsize=1)
def demo_corpus() -> Corpus:
    """The demo corpus, built once per process in a temporary folder (removed at exit)."""
    out = Path(tempfile.mkdtemp(prefix="corpus-tools-demo-"))
    atexit.register(shutil.rmtree, out, True)
    return build_from_tables(out, stored_tables())


def build_from_tables(out: Path, tables: dict[str, pd.DataFrame]) -> Corpus:
    """A build in `out` from the tables of the text, nlp and actor stages (any left out: empty),
    finished by the build's own extractors: every per-document one, then every corpus-wide one.
    For examples and tests that need a corpus without running the models."""
    tables_dir = Path(out) / TABLES_DIR
    tables_dir.mkdir(parents=True, exist_ok=True)
    tables = {name: with_lists(name, tables.get(name, pd.DataFrame(columns=columns(name, extra=True))).reindex(
        columns=columns(name, extra=True))) for name in BASE_TABLES}
    for name, frame in tables.items():
        write_table(frame, tables_dir / f"{name}.parquet", arrow_schema(name))
    chunk = ChunkTables(*(tables[name] for name in ("documents", "sentences", "tokens", "entities", "mentions")))
    for extractor in document_extractors():
        rows = extractor.run(chunk)[columns(extractor.table, extra=True)]
        write_table(rows, tables_dir / f"{extractor.table}.parquet", arrow_schema(extractor.table))
    analyse_corpus(tables_dir, Path(out))
    return Corpus(out)


def with_lists(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with an empty list where a list column has no value (a column newer than the stored tables)."""
    for column, col in spec(name).items():
        if col.dtype.startswith("list") and column in frame:
            frame[column] = [v if isinstance(v, (list, tuple)) or hasattr(v, "tolist") else [] for v in frame[column]]
    return frame


def stored_tables() -> dict[str, pd.DataFrame]:
    """The demo build's tables as shipped (`data/demo_tables.json`), with the contract's columns (a table
    newer than the stored ones is left out: `build_from_tables` writes it empty)."""
    stored = json.loads(TABLES.read_text(encoding="utf-8"))
    return {name: pd.DataFrame(stored[name]["rows"], columns=stored[name]["columns"])
            for name in BASE_TABLES if name in stored}


def rebuild(models_dir: str | None = None) -> Path:
    """Annotate the demo articles again with the build (models found as the build finds them) and
    store the tables; returns the data file written."""
    work = Path(tempfile.mkdtemp(prefix="corpus-tools-demo-build-"))
    try:
        (work / "corpus").mkdir()
        shutil.copy(ARTICLES, work / "corpus" / ARTICLES.name)
        command = [sys.executable, "-m", "corpus_tools", "build", "--corpus", str(work / "corpus"),
                   "--out", str(work / "out"), "--no-reports", *(["--models", models_dir] if models_dir else [])]
        subprocess.run(command, check=True)   # the command line, as a user builds: no import of the build here
        built = Corpus(work / "out")
        stored = {}
        for name in BASE_TABLES:
            frame = built.read(name).reindex(columns=columns(name, extra=True))
            frame = frame.astype(object).where(frame.notna(), None)
            rows = [[v.tolist() if hasattr(v, "tolist") else v for v in row] for row in frame.itertuples(index=False)]
            stored[name] = {"columns": list(frame.columns), "rows": rows}
        lines = ["{"]
        for i, (name, table) in enumerate(stored.items()):
            rows = ",\n".join("    " + json.dumps(row, ensure_ascii=False) for row in table["rows"])
            lines.append(f'  {json.dumps(name)}: {{"columns": {json.dumps(table["columns"])}, "rows": [\n{rows}\n  ]}}'
                         + ("," if i < len(stored) - 1 else ""))
        TABLES.write_text("\n".join(lines + ["}"]) + "\n", encoding="utf-8")
        return TABLES
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--rebuild"]:
        print(f"written {rebuild(sys.argv[2] if len(sys.argv) > 2 else None)}")
    else:
        print(demo_corpus())
