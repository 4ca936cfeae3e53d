"""The pairs extractors: `sentence_pairs`, the `cooccurrences` rows of each document (each pair of
actors sharing a sentence), and `corpus_pairs`, the corpus-wide `actor_pairs` table and the
networks of the pairs named together at least twice, from the build's corpus-wide counts
(`totals`), made as the notebook functions of `corpus_tools.analysis.cooccurrence` make them
(`pair_table`, `node_table`, `graph_of`): the table and `pairs` agree."""
from __future__ import annotations

import pandas as pd

from .. import counting
from ..cooccurrence import NETWORK_FORMATS, graph_of, network_bytes, node_table, pair_actors, pair_table
from ..options import DEFAULT_KINDS, LEVELS
from .base import ChunkTables, CorpusResults
from .totals import CorpusTotals, corpus_totals

BUILD_NETWORK_MIN_COUNT = 2   # the build's network files: ties seen once are noise in Gephi and cost the most


def network_file(level: str, fmt: str) -> str:
    """Where the build writes the network of `level` in format `fmt`, relative to the tables folder.

    >>> network_file("sentence", "gexf")
    'networks/actors-sentence.gexf'
    """
    return f"networks/actors-{level}.{fmt}"


NETWORK_FILES = tuple(network_file(level, fmt) for level in LEVELS for fmt in NETWORK_FORMATS)


def sentence_pairs(chunk: ChunkTables) -> pd.DataFrame:
    """The `cooccurrences` rows of some documents: each pair of actors sharing a sentence, once
    per sentence and pair of mention kinds."""
    mentions = chunk.mentions[["doc_id", "sent_idx", "actor_id", "kind"]].drop_duplicates()
    both = mentions.merge(mentions, on=["doc_id", "sent_idx"], suffixes=("_a", "_b"))
    both = both[both["actor_id_a"] < both["actor_id_b"]]
    return (both.rename(columns={"actor_id_a": "actor_a", "actor_id_b": "actor_b"})
            [["doc_id", "sent_idx", "actor_a", "actor_b", "kind_a", "kind_b"]]
            .sort_values(["doc_id", "sent_idx", "actor_a", "actor_b", "kind_a", "kind_b"]).reset_index(drop=True))


def corpus_pairs(corpus) -> CorpusResults:
    """The build's corpus-wide step: `actor_pairs` at every level (every pair) and their networks
    (pairs named together at least `BUILD_NETWORK_MIN_COUNT` times)."""
    totals = corpus_totals(corpus)
    info = counting.actor_info(corpus)
    published = totals.outlet_mentions.index.to_frame(index=False)[["actor_id", "source"]]
    tables, files = [], {}
    for level in LEVELS:
        found = level_pairs(totals, level, info["name"])
        tables.append(found.assign(level=level))
        strong = found[found["n"] >= BUILD_NETWORK_MIN_COUNT]
        nodes = node_table(info, totals.actor_mentions, published, pair_actors(strong))
        graph = graph_of(strong, nodes, level, counting.describe(DEFAULT_KINDS))
        for fmt in NETWORK_FORMATS:
            files[network_file(level, fmt)] = network_bytes(graph, fmt)
    return CorpusResults({"actor_pairs": pd.concat(tables, ignore_index=True)}, files)


def level_pairs(totals: CorpusTotals, level: str, names: pd.Series) -> pd.DataFrame:
    """The `pairs` rows of one level (every pair), from the corpus-wide counts."""
    units = totals.units[level]
    return pair_table(units.pairs, units.per_actor, units.n_units, names)
