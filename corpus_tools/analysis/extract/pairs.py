"""The pairs extractors: `sentence_pairs`, the `cooccurrences` rows of each document (each pair of
actors sharing a sentence), and `corpus_pairs`, the corpus-wide `actor_pairs` table and the
networks of the pairs named together at least twice, computed by the notebook functions of
`corpus_tools.analysis.cooccurrence` (`pairs`, `cooccurrence_graph`)."""
from __future__ import annotations

import pandas as pd

from ..cooccurrence import NETWORK_FORMATS, cooccurrence_graph, network_bytes, pairs
from ..options import LEVELS
from .base import ChunkTables, CorpusResults

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
    tables, files = [], {}
    for level in LEVELS:
        found = pairs(corpus, level)
        tables.append(found.assign(level=level))
        strong = found[found["n"] >= BUILD_NETWORK_MIN_COUNT]
        strong.attrs = found.attrs
        graph = cooccurrence_graph(corpus, level, found=strong)
        for fmt in NETWORK_FORMATS:
            files[network_file(level, fmt)] = network_bytes(graph, fmt)
    return CorpusResults({"actor_pairs": pd.concat(tables, ignore_index=True)}, files)
