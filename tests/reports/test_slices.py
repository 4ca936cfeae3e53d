"""The actor page's slices agree with the public functions its notebook cites.

`reports.slices` computes every per-actor table of the actor page once for all actors; the
notebook (`notebooks/actor_report.ipynb`) names, beside each table, the function of
`corpus_tools.analysis` whose rows it stands for.  For every actor of the sample, each table's
rows are those of that function: same rows, same order, same values in every column both have.
"""
from __future__ import annotations

import pandas as pd
import pytest

from corpus_tools import analysis as A
from corpus_tools.reports.notebook import Site, shared_corpus
from corpus_tools.reports.slices import actor_slices

# table -> the call the notebook cites for one actor
PUBLIC = {
    "mentions": lambda corpus, actor: A.actor_mentions(corpus, actor, kinds="all"),
    "published": lambda corpus, actor: A.actor_mentions(corpus, actor, kinds="all", per="outlet"),
    "labels": lambda corpus, actor: A.labels(corpus, actor, per="outlet"),
    "agency": lambda corpus, actor: A.agency(corpus, actor),
    "quotes": lambda corpus, actor: A.quotes(corpus, actor),
    "partners": lambda corpus, actor: A.partners(corpus, actor),
    "co_actors": lambda corpus, actor: A.co_actors(corpus, actor),
    "kwic": lambda corpus, actor: A.kwic(corpus, actor=actor, kinds="all"),
}
# The columns the actor page reads of each table (`reports.pages.actor`, the evidence's keys included).
EVIDENCE = ["doc_id", "sent_idx", "start_char", "end_char"]
PAGE_COLUMNS = {
    "mentions": [*EVIDENCE, "kind", "source", "date"],
    "published": ["doc_id", "source", "date"],
    "labels": [*EVIDENCE, "source", "label_norm", "mention_kind"],
    "agency": ["doc_id", "sent_idx", "verb_start", "verb_end", "role", "verb", "negated", "voice"],
    "quotes": [*EVIDENCE, "source", "date", "kind", "cue", "quote"],
    "partners": ["doc_id", "sent_idx", "partner"],
    "co_actors": ["partner", "name", "type", "n"],
    "kwic": ["doc_id", "sent_idx", "source", "date", "left", "match", "right"],
}


@pytest.fixture(scope="module")
def corpus(sample_build):
    """The sample build as report pages read it (in memory, once per kernel)."""
    return shared_corpus(sample_build)


def shared_columns(slice_rows: pd.DataFrame, public_rows: pd.DataFrame) -> list[str]:
    """The columns both frames have, in the public function's order (slices add their key column,
    and read only the columns the page shows where the function returns more)."""
    return [c for c in public_rows.columns if c in slice_rows.columns]


@pytest.mark.parametrize("table", sorted(PUBLIC))
def test_each_actor_page_table_equals_the_public_function_for_that_actor(corpus, table):
    slices = actor_slices(corpus)
    actors = corpus.actors["actor_id"].tolist()
    non_empty = 0
    for actor_id in actors:
        mine, theirs = slices.rows(table, actor_id), PUBLIC[table](corpus, actor_id)
        columns = shared_columns(mine, theirs)
        assert set(PAGE_COLUMNS[table]) <= set(columns), f"{table}: the page reads columns the slice lacks"
        if theirs.empty:   # an empty frame's string columns may be typed differently: nothing to show
            assert mine.empty, f"{table} of {actor_id}: rows where {PUBLIC[table]} finds none"
            continue
        non_empty += 1
        pd.testing.assert_frame_equal(mine[columns], theirs[columns].reset_index(drop=True),
                                      obj=f"{table} of {actor_id}")
    assert non_empty, f"no actor has {table} rows: the comparison checked nothing"


def test_every_actor_with_a_page_is_compared(corpus):
    site = Site(corpus)
    assert site.actors and site.actors <= set(corpus.actors["actor_id"])
    assert all(len(actor_slices(corpus).rows("mentions", a)) for a in site.actors)
