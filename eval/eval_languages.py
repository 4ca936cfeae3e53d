"""Measure language per paragraph and closing bylines on a French corpus: how many paragraphs are
taken for another language (should be none on French prose) and how many articles get a byline
from the text, with examples to read.

    python eval/eval_languages.py [CORPUS_FOLDER]     # default: ../shared/bench_corpus

Runs the text stage alone (`read_corpus`), no models.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus_tools.text import read_corpus  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "bench_corpus"


def main(folder: Path) -> None:
    """Print the foreign-paragraph rate and the bylines the text stage found in `folder`."""
    tables = read_corpus(folder)
    paragraphs, documents = tables.paragraphs, tables.documents.set_index("doc_id")
    foreign = paragraphs[paragraphs["lang"] != "fr"]
    print(f"{len(documents)} documents, {len(paragraphs)} paragraphs ({paragraphs['identified'].mean():.1%} "
          f"identified alone); not French: {len(foreign)} ({len(foreign) / max(len(paragraphs), 1):.3%}) "
          f"in {foreign['doc_id'].nunique()} documents; documents not mainly French: "
          f"{(documents['lang'] != 'fr').sum()}")
    for row in foreign.head(10).itertuples():
        print(f"  {row.doc_id} [{row.lang}] {documents.loc[row.doc_id, 'text'][row.start_char:row.end_char][:100]}")
    bylines = tables.removed[tables.removed["rule"] == "byline"]
    print(f"byline lines: {len(bylines)} in {bylines['doc_id'].nunique()} documents; "
          f"documents with an author: {documents['author'].notna().sum()}")
    for row in bylines.head(10).itertuples():
        print(f"  {row.doc_id}: {row.text.strip()[:80]!r} -> author {documents.loc[row.doc_id, 'author']!r}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
