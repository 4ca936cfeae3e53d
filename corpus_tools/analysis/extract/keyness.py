"""The keyness extractor: the corpus-wide `lemma_counts` (lemma frequencies per outlet and month)
and `source_keyness` (each outlet against the others, lemmas and actors), from the build's
corpus-wide counts (`totals`), scored as the notebook function `distinctive.keyness` scores them:
the table and the function agree."""
from __future__ import annotations

import pandas as pd

from ..distinctive import RESULT_COLUMNS, case_display, letters_alone, scores, stop_list
from .base import CorpusResults
from .totals import CorpusTotals, corpus_totals


def source_keyness(totals: CorpusTotals, min_count: int = 3) -> pd.DataFrame:
    """Each outlet against the others, lemmas and actors (the `source_keyness` table's rows).

    What `keyness(corpus, source=...)` works out alike for every outlet -- the case variants of
    each lemma merged (`merge_case`), the terms never listed -- is worked out once."""
    lemmas = totals.lemmas.groupby(["source", "term"], dropna=False)["n_published"].sum()
    display = case_display(lemmas.groupby(level="term").sum())
    lemmas = lemmas.groupby([lemmas.index.get_level_values("source"),
                             lemmas.index.get_level_values("term").map(display)], dropna=False).sum()
    units = {"lemma": (lemmas, stop_list(True) | letters_alone(lemmas.index.get_level_values(1).unique())),
             "actor": (totals.outlet_mentions, frozenset())}
    tables = []
    for unit, (counts, hidden) in units.items():
        for source in totals.sources if len(totals.sources) > 1 else []:
            a, b = outlet_and_rest(counts, source)
            tables.append(scores(a, b, int(a.sum()), int(b.sum()), min_count, hidden).assign(source=source, unit=unit))
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
