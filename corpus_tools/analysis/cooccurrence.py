"""Next to whom: actors mentioned in the same sentence (or document)."""
from __future__ import annotations

import pandas as pd

from .stage import ChunkTables, register_analysis


def cooccurrences(mentions: pd.DataFrame, level: str = "sentence") -> pd.DataFrame:
    """One row per pair of distinct actors sharing a sentence (or a document).

    Columns: actor_a, actor_b (actor_a < actor_b), doc_id, sent_idx (the
    sentence of actor_b's mention at document level).
    """
    keys = ["doc_id", "sent_idx"] if level == "sentence" else ["doc_id"]
    units = mentions[keys + ["actor_id"]].drop_duplicates()
    pairs = units.merge(units, on=keys, suffixes=("_a", "_b"))
    pairs = pairs[pairs["actor_id_a"] < pairs["actor_id_b"]]
    if level != "sentence":
        first = mentions.groupby(["doc_id", "actor_id"])["sent_idx"].min().rename("sent_idx")
        pairs = pairs.merge(first, left_on=["doc_id", "actor_id_b"], right_index=True)
    return (pairs.rename(columns={"actor_id_a": "actor_a", "actor_id_b": "actor_b"})
            [["actor_a", "actor_b", "doc_id", "sent_idx"]].reset_index(drop=True))


def sentence_pairs(chunk: ChunkTables) -> pd.DataFrame:
    """The `cooccurrences` table of some documents: each pair of actors sharing a sentence, once per sentence."""
    return cooccurrences(chunk.mentions, "sentence")[["doc_id", "sent_idx", "actor_a", "actor_b"]]


register_analysis("cooccurrences", sentence_pairs)


def partners(mentions: pd.DataFrame, actor_id: str, level: str = "sentence") -> pd.DataFrame:
    """The actors co-mentioned with `actor_id`: rows (partner, doc_id, sent_idx)."""
    pairs = cooccurrences(mentions, level)
    a = pairs[pairs["actor_a"] == actor_id].rename(columns={"actor_b": "partner"})
    b = pairs[pairs["actor_b"] == actor_id].rename(columns={"actor_a": "partner"})
    return pd.concat([a, b])[["partner", "doc_id", "sent_idx"]].reset_index(drop=True)


def cooccurrence_graph(mentions: pd.DataFrame, level: str = "sentence", min_weight: int = 1):
    """A networkx graph: actors as nodes, shared sentences as edge weights."""
    import networkx as nx
    weights = cooccurrences(mentions, level).groupby(["actor_a", "actor_b"]).size()
    graph = nx.Graph()
    graph.add_weighted_edges_from((a, b, int(w)) for (a, b), w in weights.items() if w >= min_weight)
    return graph
