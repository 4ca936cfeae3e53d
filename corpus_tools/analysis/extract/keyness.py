"""The keyness extractor: the corpus-wide `lemma_counts` (lemma frequencies per outlet and month)
and `source_keyness` (each outlet against the others, lemmas and actors), computed by the
notebook functions of `corpus_tools.analysis.distinctive` (`lemma_table`, `keyness`)."""
from __future__ import annotations

import pandas as pd

from .. import counting
from ..distinctive import RESULT_COLUMNS, keyness, lemma_table
from .base import CorpusResults


def source_keyness(corpus, min_count: int = 3) -> pd.DataFrame:
    """Each outlet against the others, lemmas and actors (the `source_keyness` table's rows)."""
    tables = []
    sources = sorted(map(str, counting.documents(corpus)["source"].dropna().unique()))
    for unit in ("lemma", "actor"):
        for source in sources if len(sources) > 1 else []:
            found = keyness(corpus, source=source, unit=unit, min_count=min_count)
            tables.append(found.drop(columns=["name"], errors="ignore").assign(source=source, unit=unit))
    columns = ["source", "unit"] + RESULT_COLUMNS
    return pd.concat(tables, ignore_index=True)[columns] if tables else pd.DataFrame(columns=columns)


def corpus_keyness(corpus) -> CorpusResults:
    """The build's corpus-wide step: `lemma_counts`, then `source_keyness` from it."""
    return CorpusResults({"lemma_counts": lemma_table(corpus), "source_keyness": source_keyness(corpus)})
