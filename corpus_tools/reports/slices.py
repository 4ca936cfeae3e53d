"""Everything an actor page shows, computed once per kernel for every actor and split by actor.

Report pages run one after another in a warm kernel (`kernel`).  Running each analysis for one
actor per page would pass over the tables once per page (work growing as actors x rows); here
the analyses of `corpus_tools.analysis` run once over the whole corpus, with the same counting
rule, and each page takes its actor's rows -- the rows the notebook functions return for one
actor (named beside each table below; `tests/reports/test_slices.py` checks that they agree).
"""
from __future__ import annotations

import pandas as pd

from ..analysis import counting
from ..analysis.cooccurrence import cooccurrences, pairs
from ..analysis.concordance import concordance

WINDOW = 60   # characters of KWIC context, as `A.kwic`'s default


class ActorSlices:
    """Per-actor rows of every table an actor page shows (see the module docstring)."""

    def __init__(self, corpus):
        story = counting.scope(corpus, "story")
        with_docs = lambda rows: counting.with_documents(rows, corpus)   # noqa: E731 -- one call, seven uses
        mentions = with_docs(counting.mentions(corpus, per="story"))
        self.tables: dict[str, tuple[pd.DataFrame, dict]] = {
            # A.actor_mentions(corpus, actor): each story once
            "mentions": split(mentions, "actor_id"),
            # A.actor_mentions(corpus, actor, per="outlet"): what each outlet published
            "published": split(with_docs(counting.mentions(corpus, per="outlet",
                                                           columns=["doc_id", "actor_id"])), "actor_id"),
            # A.labels(corpus, actor, per="outlet")
            "labels": split(with_docs(corpus.read("labels")), "actor_id"),
            # A.agency(corpus, actor)
            "agency": split(with_docs(story.read("agency")), "actor_id"),
            # A.quotes(corpus, actor)
            "quotes": split(with_docs(story.read("quotes")), "speaker"),
            # A.partners(corpus, actor)
            "partners": split(directed(cooccurrences(corpus), "actor_a", "actor_b"), "actor"),
            # A.co_actors(corpus, actor)
            "co_actors": split(co_actor_rows(corpus), "actor"),
            # A.kwic(corpus, actor=actor)
            "kwic": split(kwic_lines(corpus, mentions), "actor_id"),
        }

    def rows(self, table: str, actor_id: str) -> pd.DataFrame:
        """The rows of `table` about one actor, in order (none: an empty frame with the columns)."""
        frame, positions = self.tables[table]
        return frame.take(positions.get(actor_id, [])).reset_index(drop=True)


def split(frame: pd.DataFrame, key: str) -> tuple[pd.DataFrame, dict]:
    """The frame and, per value of `key`, the positions of its rows (frames are cut on demand:
    a corpus has many more actors than pages)."""
    frame = frame.reset_index(drop=True)
    return frame, (frame.groupby(key, sort=False).indices if len(frame) else {})


def directed(rows: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """Each pair row twice, once from each side (`actor` and `partner` columns), in the order of
    `rows`: an actor's rows come in sentence order, as `A.partners` gives them."""
    rows = rows.reset_index(drop=True)
    forward = rows.rename(columns={a: "actor", b: "partner"})
    backward = rows.rename(columns={b: "actor", a: "partner"})
    return pd.concat([forward, backward]).sort_index(kind="stable").reset_index(drop=True)


def co_actor_rows(corpus) -> pd.DataFrame:
    """`pairs` from each side: actor, partner, name, type, n, n_partner, pmi, npmi, jaccard."""
    found = pairs(corpus)
    info = counting.actor_info(corpus)
    sides = []
    for me, other, n_other in (("actor_a", "actor_b", "n_b"), ("actor_b", "actor_a", "n_a")):
        sides.append(pd.DataFrame({"actor": found[me].to_numpy(), "partner": found[other].to_numpy(),
                                   "n": found["n"].to_numpy(), "n_partner": found[n_other].to_numpy(),
                                   "pmi": found["pmi"].to_numpy(), "npmi": found["npmi"].to_numpy(),
                                   "jaccard": found["jaccard"].to_numpy(), "order": range(len(found))}))
    rows = pd.concat(sides, ignore_index=True).sort_values("order", kind="stable").drop(columns="order")
    rows.insert(2, "name", rows["partner"].map(info["name"]))
    rows.insert(3, "type", rows["partner"].map(info["type"]))
    return rows.reset_index(drop=True)


def kwic_lines(corpus, mentions: pd.DataFrame) -> pd.DataFrame:
    """The concordance line of every counted mention, with its actor."""
    hits = mentions[["doc_id", "sent_idx", "start_char", "end_char", "actor_id"]]
    if hits.empty:
        return concordance(corpus, hits, WINDOW).assign(actor_id=pd.Series(dtype=object))
    lines = concordance(corpus, hits.drop(columns="actor_id"), WINDOW)
    keys = hits.sort_values(["doc_id", "start_char"], kind="stable").reset_index(drop=True)
    return lines.assign(actor_id=keys["actor_id"].to_numpy())


def actor_slices(corpus) -> ActorSlices:
    """The slices of `corpus`, computed on first use and kept with the corpus (`Corpus.memo`)."""
    return corpus.memo("report actor slices", lambda: ActorSlices(corpus))
