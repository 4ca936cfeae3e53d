"""Next to whom: actors named in the same sentence, the same paragraph or the same document, how
often and how strongly associated, and the network they make (networkx; GEXF and GraphML for Gephi).

The build writes `cooccurrences` document by document (each pair of actors sharing a
sentence, with the kinds of their mentions there) and, once over the whole corpus,
`actor_pairs` (count and association of every pair, at every level) and the networks of the
pairs named together at least twice (`tables/networks/actors-<level>.gexf` and `.graphml`;
`export` and `cooccurrence_graph` give any other minimum): its extractors are in
`corpus_tools.analysis.extract.pairs`.  Paragraphs are the text's blocks between blank lines
(`paragraphs`).  Counts follow the counting rule (`counting`): each story once, names, demonyms
and role titles unless `kinds` says otherwise.

>>> from corpus_tools.analysis.demo import demo_corpus
>>> corpus = demo_corpus()
>>> top = co_actors(corpus, "Haftar")
>>> list(top.columns)
['partner', 'name', 'type', 'n', 'n_partner', 'pmi', 'npmi', 'jaccard']
>>> "recep-tayyip-erdogan" in set(top["partner"])      # named in the next sentence...
False
>>> "recep-tayyip-erdogan" in set(co_actors(corpus, "Haftar", level="paragraph")["partner"])   # ...of the paragraph
True
>>> graph = cooccurrence_graph(corpus)
>>> graph.nodes["khalifa-haftar"]["label"]
'Khalifa Haftar'
"""
from __future__ import annotations

import io
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from . import counting
from .options import DEFAULT_KINDS, LEVELS, at_least, choose
from .paragraphs import sentence_paragraphs

UNIT_COLUMNS = {"sentence": ["doc_id", "sent_idx"], "paragraph": ["doc_id", "para_idx"], "document": ["doc_id"]}
PAIR_COLUMNS = ["actor_a", "actor_b", "name_a", "name_b", "n", "n_a", "n_b", "n_units", "pmi", "npmi", "jaccard"]
NETWORK_FORMATS = ("gexf", "graphml")
WRITTEN_ON = re.compile(rb'<meta lastmodifieddate="[^"]*">')


def actor_units(corpus, level: str = "sentence", kinds: str | Iterable[str] = DEFAULT_KINDS) -> pd.DataFrame:
    """Each (unit, actor) once: rows (doc_id, sent_idx, actor_id) for the sentences -- or the
    paragraphs (with their para_idx) or the documents, with the actor's first sentence there --
    naming each actor (counted documents, mentions of `kinds`)."""
    level = choose("level", level, LEVELS)
    mentions = counting.mentions(corpus, kinds, columns=["doc_id", "sent_idx", "actor_id"])
    if level == "sentence":
        return mentions.drop_duplicates().reset_index(drop=True)
    if level == "paragraph":
        mentions = mentions.merge(sentence_paragraphs(corpus), on=["doc_id", "sent_idx"], how="left")
    unit = UNIT_COLUMNS[level]
    first = mentions.groupby([*unit, "actor_id"], as_index=False)["sent_idx"].min()
    return first[["doc_id", "sent_idx", *unit[1:], "actor_id"]]


def cooccurrences(corpus, level: str = "sentence", kinds: str | Iterable[str] = DEFAULT_KINDS) -> pd.DataFrame:
    """One row per pair of actors and sentence (or paragraph, or document) naming both, each story once.

    Columns: doc_id, sent_idx (at paragraph and document level: the first sentence there by
    which both have been named), source, date, title, actor_a, actor_b (actor_a < actor_b)."""
    kinds = counting.kinds_of(kinds)
    if choose("level", level, LEVELS) == "sentence":
        where = pc.field("kind_a").isin(list(kinds)) & pc.field("kind_b").isin(list(kinds))
        rows = corpus.read("cooccurrences", ["doc_id", "sent_idx", "actor_a", "actor_b"], where)
        rows = rows[rows["doc_id"].isin(counting.counted_ids(corpus))].drop_duplicates()
    else:
        units = actor_units(corpus, level, kinds)
        rows = units.merge(units, on=UNIT_COLUMNS[level], suffixes=("_a", "_b"))
        rows = rows[rows["actor_id_a"] < rows["actor_id_b"]]
        rows = rows.assign(sent_idx=rows[["sent_idx_a", "sent_idx_b"]].max(axis=1)).rename(
            columns={"actor_id_a": "actor_a", "actor_id_b": "actor_b"})
    rows = rows[["doc_id", "sent_idx", "actor_a", "actor_b"]].sort_values(["doc_id", "sent_idx", "actor_a", "actor_b"])
    rows.attrs["counted"] = counting.describe(kinds)
    return counting.with_documents(rows.reset_index(drop=True), corpus)


def pairs(corpus, level: str = "sentence", kinds: str | Iterable[str] = DEFAULT_KINDS,
          min_count: int = 1) -> pd.DataFrame:
    """Every pair of actors named together at least `min_count` times, with its association.

    Columns: actor_a, actor_b, name_a, name_b, n (units -- sentences, paragraphs or documents --
    naming both), n_a, n_b (units naming each), n_units (units in the corpus), pmi (log2 of n x
    n_units / (n_a x n_b)), npmi (pmi / -log2(n / n_units), from -1 to 1), jaccard
    (n / (n_a + n_b - n)); most frequent pairs first.  Each story once."""
    level, kinds = choose("level", level, LEVELS), counting.kinds_of(kinds)
    at_least("min_count", min_count)
    found = corpus.memo(f"pairs {level} {kinds} {min_count}", lambda: all_pairs(corpus, level, kinds, min_count))
    out = found.copy()
    out.attrs = dict(found.attrs)
    return out


def all_pairs(corpus, level: str, kinds: tuple[str, ...], min_count: int) -> pd.DataFrame:
    """`pairs`, computed (once per corpus object: `pairs` keeps it)."""
    units = actor_units(corpus, level, kinds)
    per_actor = units.groupby("actor_id").size()
    counts = pair_counts(units, UNIT_COLUMNS[level])
    out = pair_table(counts[counts["n"] >= min_count], per_actor, unit_count(corpus, level),
                     counting.actor_info(corpus)["name"])
    out.attrs["counted"] = counting.describe(kinds)
    return out


def pair_table(counts: pd.DataFrame, per_actor: pd.Series, n_units: int, names: pd.Series) -> pd.DataFrame:
    """The rows of `pairs` from the pair counts (actor_a, actor_b, n), the units naming each actor
    (`per_actor`, by actor_id), the units of the corpus and the actors' display names (by actor_id):
    with names and association, most frequent pairs first.  The build's `actor_pairs` is made
    so from its corpus-wide counts."""
    out = counts.assign(name_a=counts["actor_a"].map(names), name_b=counts["actor_b"].map(names),
                        n_a=counts["actor_a"].map(per_actor).astype("int64"),
                        n_b=counts["actor_b"].map(per_actor).astype("int64"), n_units=n_units)
    out = with_association(out)[PAIR_COLUMNS]
    out = out.sort_values(["n", "pmi", "actor_a", "actor_b"], ascending=[False, False, True, True])
    return out.reset_index(drop=True)


def pair_counts(units: pd.DataFrame, unit: list[str], step_rows: int = 200_000) -> pd.DataFrame:
    """(actor_a, actor_b, n): how many units (rows of `units` alike in the `unit` columns: a
    sentence, a document) name both actors of each pair.

    Vectorised on integer codes (actor codes in id order, so that code order is id order), a
    block of units at a time so that a self-join never holds more than a block's pairs."""
    actor_codes, actors = pd.factorize(units["actor_id"], sort=True)
    unit_codes = pd.factorize(pd.MultiIndex.from_frame(units[unit]))[0]
    order = np.argsort(unit_codes, kind="stable")
    unit_codes, actor_codes = unit_codes[order], actor_codes[order]
    found: list[pd.Series] = []
    begin = 0
    while begin < len(unit_codes):
        end = min(len(unit_codes), begin + step_rows)
        if end < len(unit_codes):   # never split a unit across blocks
            cut = int(np.searchsorted(unit_codes, unit_codes[end], side="left"))
            end = cut if cut > begin else int(np.searchsorted(unit_codes, unit_codes[end], side="right"))
        block = pd.DataFrame({"unit": unit_codes[begin:end], "actor": actor_codes[begin:end]})
        joined = block.merge(block, on="unit", suffixes=("_a", "_b"))
        joined = joined[joined["actor_a"] < joined["actor_b"]]
        keys = joined["actor_a"].to_numpy(np.int64) * len(actors) + joined["actor_b"].to_numpy(np.int64)
        values, counts = np.unique(keys, return_counts=True)
        found.append(pd.Series(counts, index=values))
        begin = end
    total = pd.concat(found).groupby(level=0).sum() if found else pd.Series(dtype="int64")
    keys = total.index.to_numpy(np.int64)
    return pd.DataFrame({"actor_a": np.asarray(actors)[keys // max(len(actors), 1)],
                         "actor_b": np.asarray(actors)[keys % max(len(actors), 1)],
                         "n": total.to_numpy(np.int64)})


def with_association(counts: pd.DataFrame) -> pd.DataFrame:
    """Pair counts (n, n_a, n_b, n_units) with pmi, npmi and jaccard, vectorised."""
    n, a, b, total = (counts[c].to_numpy(dtype=float) for c in ("n", "n_a", "n_b", "n_units"))
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log2(n * total / (a * b))
        share = n / total
        npmi = np.where(share >= 1, 1.0, pmi / -np.log2(share))
    return counts.assign(pmi=pmi, npmi=npmi, jaccard=n / (a + b - n))


def unit_count(corpus, level: str) -> int:
    """How many sentences (or paragraphs holding a sentence, or documents) the corpus counts, each
    story once."""
    counted = counting.counted_ids(corpus)
    if level == "document":
        return len(counted)
    if level == "paragraph":
        paragraphs = sentence_paragraphs(corpus)
        return len(paragraphs[paragraphs["doc_id"].isin(counted)].drop_duplicates(["doc_id", "para_idx"]))
    return int(corpus.read("sentences", ["doc_id"])["doc_id"].isin(counted).sum())


def co_actors(corpus, actor: str, level: str = "sentence", kinds: str | Iterable[str] = DEFAULT_KINDS,
              min_count: int = 1) -> pd.DataFrame:
    """The actors named with `actor` (an id or any name) in the same `level` unit -- "sentence",
    "paragraph" (between blank lines) or "document" -- most frequent first.

    Columns: partner (actor_id), name, type, n (units naming both), n_partner (units naming the
    partner), pmi, npmi, jaccard (as in `pairs`).  Each story once."""
    actor_id = corpus.actor_id(actor)
    found = pairs(corpus, level, kinds, min_count)
    mine = found[(found["actor_a"] == actor_id) | (found["actor_b"] == actor_id)]
    first = mine["actor_a"] == actor_id
    out = pd.DataFrame({"partner": np.where(first, mine["actor_b"], mine["actor_a"]),
                        "n": mine["n"].to_numpy(), "n_partner": np.where(first, mine["n_b"], mine["n_a"]),
                        "pmi": mine["pmi"].to_numpy(), "npmi": mine["npmi"].to_numpy(),
                        "jaccard": mine["jaccard"].to_numpy()})
    types = counting.actor_info(corpus)
    out.insert(1, "name", out["partner"].map(types["name"]))
    out.insert(2, "type", out["partner"].map(types["type"]))
    out.attrs["counted"] = found.attrs["counted"]
    return out.reset_index(drop=True)


def partners(corpus, actor: str, level: str = "sentence", kinds: str | Iterable[str] = DEFAULT_KINDS) -> pd.DataFrame:
    """Every sentence (or paragraph, or document) naming `actor` (an id or any name) with another
    actor: one row per partner and unit, each story once.

    Columns: doc_id, sent_idx, source, date, title, partner (actor_id), name (the partner's)."""
    actor_id = corpus.actor_id(actor)
    rows = cooccurrences(corpus, level, kinds)
    rows = rows[(rows["actor_a"] == actor_id) | (rows["actor_b"] == actor_id)]
    rows = rows.assign(partner=np.where(rows["actor_a"] == actor_id, rows["actor_b"], rows["actor_a"]))
    rows = rows.drop(columns=["actor_a", "actor_b"]).reset_index(drop=True)
    rows["name"] = rows["partner"].map(counting.actor_info(corpus)["name"])
    return rows


def cooccurrence_graph(corpus, level: str = "sentence", kinds: str | Iterable[str] = DEFAULT_KINDS, min_count: int = 1,
                       found: pd.DataFrame | None = None):
    """A networkx graph of the actors named together at least `min_count` times.

    Nodes: actor_id, with label (display name), type, mentions (each story once, of `kinds`),
    n_sources and sources (the outlets that published a mention, ';'-joined).  Edges: weight
    (the pair's `n`), pmi, npmi, jaccard, as in `pairs` (pass its rows as `found` to reuse them)."""
    found = pairs(corpus, level, kinds, min_count) if found is None else found
    counted = found.attrs.get("counted", counting.describe(kinds))
    return graph_of(found, node_attributes(corpus, pair_actors(found), kinds), level, counted)


def pair_actors(found: pd.DataFrame) -> list[str]:
    """The actors of some `pairs` rows, in order of first appearance (the nodes of their graph)."""
    return list(pd.unique(pd.concat([found["actor_a"], found["actor_b"]])))


def graph_of(found: pd.DataFrame, nodes: dict[str, dict], level: str, counted: str):
    """A networkx graph of `pairs` rows: `nodes` (actor_id -> attributes, `node_table`) and an
    edge per pair, weighted by its `n`, with its association."""
    import networkx as nx
    graph = nx.Graph(level=level, counted=counted)
    graph.add_nodes_from(nodes.items())
    graph.add_edges_from((r.actor_a, r.actor_b, {"weight": int(r.n), "pmi": float(r.pmi), "npmi": float(r.npmi),
                                                 "jaccard": float(r.jaccard)}) for r in found.itertuples())
    return graph


def node_attributes(corpus, actor_ids, kinds) -> dict[str, dict]:
    """actor_id -> the attributes of its node (strings and numbers only: GEXF and GraphML take no lists)."""
    counted = counting.mentions(corpus, kinds, columns=["actor_id"])["actor_id"].value_counts()
    published = counting.mentions(corpus, kinds, per="outlet", columns=["doc_id", "actor_id"])
    published = published.merge(counting.documents(corpus)[["doc_id", "source"]], on="doc_id")
    return node_table(counting.actor_info(corpus), counted, published[["actor_id", "source"]], actor_ids)


def node_table(info: pd.DataFrame, counted: pd.Series, published: pd.DataFrame, actor_ids) -> dict[str, dict]:
    """actor_id -> the attributes of its node, from the actors' names and types (`info`, by
    actor_id), their mentions each story once (`counted`, by actor_id) and the (actor_id, source)
    of what the outlets published (`published`, repeats welcome)."""
    published = published.drop_duplicates().astype(str).sort_values(["actor_id", "source"])
    sources = {actor_id: list(group) for actor_id, group in published.groupby("actor_id", sort=False)["source"]}
    out = {}
    for actor_id in actor_ids:
        outlets = sources.get(actor_id, [])
        out[actor_id] = {"label": str(info["name"].get(actor_id, actor_id)),
                         "type": str(info["type"].get(actor_id, "")), "mentions": int(counted.get(actor_id, 0)),
                         "n_sources": len(outlets), "sources": ";".join(outlets)}
    return out


def ego_network(corpus, actor: str, radius: int = 1, level: str = "sentence",
                kinds: str | Iterable[str] = DEFAULT_KINDS, min_count: int = 1):
    """The network around `actor` (an id or any name): its partners up to `radius` steps away and
    the ties among them, as in `cooccurrence_graph`."""
    import networkx as nx
    actor_id = corpus.actor_id(actor)
    at_least("radius", radius)
    graph = cooccurrence_graph(corpus, level, kinds, min_count)
    if actor_id not in graph:
        graph.add_node(actor_id, **node_attributes(corpus, [actor_id], kinds)[actor_id])
    return nx.ego_graph(graph, actor_id, radius=radius)


def network_bytes(graph, fmt: str) -> bytes:
    """A graph as a GEXF or GraphML file's bytes (the same graph gives the same bytes: GEXF's
    date of writing is left out)."""
    import networkx as nx
    buffer = io.BytesIO()
    {"gexf": nx.write_gexf, "graphml": nx.write_graphml}[choose("format", fmt, NETWORK_FORMATS)](graph, buffer)
    return WRITTEN_ON.sub(b"<meta>", buffer.getvalue(), count=1)
