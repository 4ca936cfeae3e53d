"""The keyness extractor: the corpus-wide `lemma_counts` (lemma frequencies per outlet and month)
and `source_keyness` (each outlet against the others, lemmas and actors), from the build's
corpus-wide counts (`totals`), scored as the notebook function `distinctive.keyness` scores them
(`part_scores`): the table and the function agree."""
from __future__ import annotations

import pandas as pd

from ..distinctive import RESULT_COLUMNS, part_scores
from .base import CorpusResults
from .totals import CorpusTotals, corpus_totals


def source_keyness(totals: CorpusTotals, min_count: int = 3) -> pd.DataFrame:
    """Each outlet against the others, lemmas and actors (the `source_keyness` table's rows)."""
    lemmas = totals.lemmas.groupby(["source", "term"], dropna=False)["n_published"].sum()
    by_unit = {"lemma": lemmas, "actor": totals.outlet_mentions}
    sources = totals.sources
    tables = []
    for unit, counts in by_unit.items():
        for source in sources if len(sources) > 1 else []:
            a, b = outlet_and_rest(counts, source)
            found = part_scores(a, b, int(a.sum()), int(b.sum()), unit, min_count)
            tables.append(found.assign(source=source, unit=unit))
    columns = ["source", "unit"] + RESULT_COLUMNS
    return pd.concat(tables, ignore_index=True)[columns] if tables else pd.DataFrame(columns=columns)


def outlet_and_rest(counts: pd.Series, source: str) -> tuple[pd.Series, pd.Series]:
    """term -> count in `source`, and in every other outlet, of counts by (source, term)."""
    mine = counts.index.get_level_values(0) == source
    return (counts[mine].groupby(level=1).sum(), counts[~mine].groupby(level=1).sum())


def corpus_keyness(corpus) -> CorpusResults:
    """The build's corpus-wide step: `lemma_counts`, then `source_keyness` from the same counts."""
    totals = corpus_totals(corpus)
    return CorpusResults({"lemma_counts": totals.lemmas, "source_keyness": source_keyness(totals)})
