"""Output tables of the actor stage: `mentions`, `actors` and `merges` from clustered candidates.

Each cluster becomes an actor with an id, a display name and a type (the registry's; a
collective's group and country, `collectives`; else from its mentions, `naming`); each candidate
row a mention of it, with the `method` that resolved it; and `merges` says, per actor and variant,
which rule joined the variant and on what evidence, and which joins were refused.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import NamedTuple

import pandas as pd

from ..schema import columns
from . import collectives, naming
from .clusters import Clusters
from .naming import TYPE_BY_NER
from .normalize import actor_id_for, is_acronym, normalize_name, unique_id
from .registry import Registry

NER_BY_TYPE = {"person": "PER", "organisation": "ORG", "government": "ORG", "armed group": "ORG", "military": "ORG",
               "media": "ORG", "country": "LOC", "place": "LOC", "event": "MISC"}
MENTION_COLUMNS, ACTOR_COLUMNS, MERGE_COLUMNS = columns("mentions"), columns("actors"), columns("merges")
MENTION_COLUMN_OF = {"ner": "label"}   # candidate field -> mentions column, where the names differ


class ActorTables(NamedTuple):
    """The actor stage's tables: mentions, actors, merges (columns in `corpus_tools.schema`)."""
    mentions: pd.DataFrame
    actors: pd.DataFrame
    merges: pd.DataFrame


def empty_tables() -> ActorTables:
    """The three tables with their columns and no row."""
    return ActorTables(pd.DataFrame(columns=MENTION_COLUMNS), pd.DataFrame(columns=ACTOR_COLUMNS),
                       pd.DataFrame(columns=MERGE_COLUMNS))


def build_tables(cands: pd.DataFrame, roots: pd.Series, clusters: Clusters, documents: pd.DataFrame,
                 registry: Registry, people: dict[str, tuple], notes: list[dict],
                 info: dict[str, dict] | None = None) -> ActorTables:
    """The mentions, actors and merges tables from candidates and the cluster of each (`roots`);
    `info` describes the clusters where the caller did already (`describe_roots`; curation)."""
    cands = cands.assign(root=roots)
    info = info if info is not None else describe_roots(cands, clusters, documents, registry, people)
    ids = unique_ids(info)
    cands["actor_id"] = cands["root"].map(ids)
    cands["method"] = methods(cands, info)
    # The one place a candidate field and its table column differ: the field `ner` (the NER type) is
    # the column `label` of the mentions table (as in `entities`), which stays as it is.
    mentions = (cands.rename(columns=MENTION_COLUMN_OF)[MENTION_COLUMNS]
                .sort_values(["doc_id", "start_char"], kind="stable").reset_index(drop=True))
    return ActorTables(mentions, actor_table(cands, info, ids, documents), merge_table(cands, info, clusters, notes))


def describe_roots(cands: pd.DataFrame, clusters: Clusters, documents: pd.DataFrame, registry: Registry,
                   people: dict[str, tuple], which: set[str] | None = None) -> dict[str, dict]:
    """Id (registry actors), display name and type of each cluster (`cands["root"]`), or of those
    in `which` only (`describe_cluster`)."""
    if which is not None:
        cands = cands[cands["root"].isin(which)]
    names = cands[cands["kind"] == "name"]
    forms = per_root(names.groupby(["root", "text"]).size())
    ners = per_root(names.groupby(["root", "ner"]).size())
    votes, with_article = naming.read_context(cands, documents)
    return {root: describe_cluster(root, clusters.members.get(root, {root}), forms.get(root, {}), ners.get(root, {}),
                                   registry, people, (votes.get(root), with_article))
            for root in cands["root"].unique()}


def per_root(counts: pd.Series) -> dict[str, dict[str, int]]:
    """A (root, value) -> count series as {root: {value: count}}."""
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for (root, value), n in counts.items():
        out[root][value] = int(n)
    return out


def describe_cluster(root: str, members: set[str], forms: dict[str, int], ners: dict[str, int], registry: Registry,
                     people: dict[str, tuple], context: tuple[Counter | None, dict[str, str]]) -> dict:
    """Id (registry actors), display name, type and country (collectives) of one cluster: the
    registry's, a collective's (`collectives.describe`), else from its name forms and mentions
    (`naming`; `context` is what the text says around them); a cluster without names is named by its root."""
    reg = next((m[1:] for m in members if m.startswith("@")), None)
    if reg and reg in registry.entries:
        entry = registry.entries[reg]
        return {"id": reg, "name": entry.name, "type": entry.type}
    collective = collectives.describe(members, forms, registry)
    if collective:
        return collective
    votes, with_article = context
    kind = naming.actor_type(any(len(people.get(m, ())) >= 2 for m in members), votes, ners)
    return {"id": None, "name": naming.display_name(forms, kind, with_article) if forms else root, "type": kind}


def unique_ids(info: dict) -> dict[str, str]:
    """Registry ids as they are; other actors a slug of their name, numbered on a clash."""
    ids, taken = {}, {i["id"] for i in info.values() if i["id"]}
    for root in sorted(info, key=lambda r: (info[r]["id"] is None, info[r]["name"], r)):
        if info[root]["id"]:
            ids[root] = info[root]["id"]
            continue
        ids[root] = unique_id(info[root]["name"], taken)
        taken.add(ids[root])
    return ids


def methods(cands: pd.DataFrame, info: dict) -> pd.Series:
    """ner: the actor's own name; registry/acronym: through the registry; alias: another
    form joined automatically; title, demonym, capital: indirect references."""
    canonical = cands["root"].map({r: normalize_name(i["name"]) for r, i in info.items()})
    method = cands["method"].copy()
    ner = (cands["kind"] == "name") & (method == "ner")
    own = cands["key"] == canonical
    via_registry = cands["ref"].notna() & ~own
    method[ner & via_registry] = [("acronym" if is_acronym(t) else "registry")
                                  for t in cands.loc[ner & via_registry, "text"]]
    acronym = cands["text"].map(is_acronym).astype(bool) & (cands["ner"] != "PER")   # "KANE" is a surname
    method[ner & ~own & ~via_registry & acronym] = "acronym"
    method[ner & ~own & ~via_registry & ~acronym] = "alias"
    return method


def actor_table(cands: pd.DataFrame, info: dict, ids: dict, documents: pd.DataFrame) -> pd.DataFrame:
    """One row per actor: names, type, mention counts by kind, documents and sources.

    Mention and document counts are corpus-wide figures: each story counts once (documents that
    duplicate another, `documents.duplicate_of`, are left out); `n_sources` counts every outlet
    that published the actor, copies included.
    """
    source = documents.set_index("doc_id")["source"] if "source" in documents else pd.Series(dtype=object)
    cands = cands.assign(source=cands["doc_id"].map(source))
    copies = documents.loc[documents["duplicate_of"].notna(), "doc_id"] if "duplicate_of" in documents else []
    stories = cands[~cands["doc_id"].isin(copies)]
    by_root = cands.groupby("root")
    roots = by_root.size().index
    by_story = stories.groupby("root")
    kinds = stories.groupby(["root", "kind"]).size().unstack(fill_value=0)
    forms = (cands[cands["kind"] == "name"].groupby(["root", "text"]).size().rename("n").reset_index()
             .sort_values(["root", "n", "text"], ascending=[True, False, True]))
    aliases: dict[str, list[str]] = defaultdict(list)   # most frequent first (a loop: agg(list) is slow)
    for root, text in zip(forms["root"].tolist(), forms["text"].tolist()):
        aliases[root].append(text)
    actors = pd.DataFrame({
        "actor_id": roots.map(ids), "name": [info[r]["name"] for r in roots],
        "type": [info[r]["type"] for r in roots],
        "country": [info[r].get("country") for r in roots],
        "aliases": [aliases.get(r, []) for r in roots],
        "n_mentions": by_story.size().reindex(roots, fill_value=0).to_numpy(),
        "n_docs": by_story["doc_id"].nunique().reindex(roots, fill_value=0).to_numpy(),
        "n_sources": by_root["source"].nunique().to_numpy(),
        **{f"n_{k}_mentions": kinds.get(k, pd.Series(0, index=roots)).reindex(roots, fill_value=0).to_numpy()
           for k in ("name", "demonym", "title")},
        "curation": [list(info[r].get("curation", [])) for r in roots],
    })
    return actors.sort_values(["n_mentions", "actor_id"], ascending=[False, True]).reset_index(drop=True)


def merge_table(cands: pd.DataFrame, info: dict, clusters: Clusters, notes: list[dict]) -> pd.DataFrame:
    """One row per (actor, variant, rule): why each form joined its actor, and joins refused.

    Works on distinct (actor, form, context) combinations, not on every mention."""
    keys = ["root", "actor_id", "text", "kind", "method", "ner", "key", "full_key", "stands_for", "ner_fix"]
    distinct = (cands.groupby(keys, dropna=False, sort=False)
                .agg(n=("doc_id", "size"), doc_id=("doc_id", "first"), evidence=("evidence", "first"))
                .reset_index())
    rows = []
    for r in distinct.itertuples():
        actor = info[r.root]
        # A collective is always a join, its display form included: words of a country made its actor.
        own_name = r.kind == "name" and normalize_name(r.text) == normalize_name(actor["name"])
        if r.method == "collective" or not own_name:
            rule, evidence = rule_of(r, clusters)
            rows.append((r.actor_id, r.text, rule, evidence, r.n))
        if isinstance(r.ner_fix, str):
            rows.append((r.actor_id, r.text, "ner-repair", r.ner_fix, r.n))
        expected = NER_BY_TYPE.get(actor["type"])
        if r.kind == "name" and expected and r.ner in TYPE_BY_NER and r.ner != expected:
            rows.append((r.actor_id, r.text, "ner-type-repair",
                         f"tagged {r.ner} by the NER; the actor's type is {actor['type']}", r.n))
    key_actor = dict(zip(cands["key"], cands["actor_id"]))
    for n in notes:
        if "root" not in n:     # a curation note names its cluster (`root`): one row per decision, below
            rows.append((key_actor.get(n["key"], actor_id_for(n["key"])), n["key"], n["rule"], n["evidence"], 0))
    for a, b, why in clusters.refused:
        rows.append((key_actor.get(a, a.lstrip("@")), a.lstrip("@"), "kept-apart",
                     f"not joined with '{b.lstrip('@')}': {why}", 0))
    frame = pd.DataFrame(rows, columns=MERGE_COLUMNS)
    frame = (frame.groupby(["actor_id", "variant", "rule"], sort=True)
             .agg(evidence=("evidence", "first"), n=("n", "sum")).reset_index()[MERGE_COLUMNS])
    root_actor = dict(zip(cands["root"], cands["actor_id"]))
    curated = pd.DataFrame([(root_actor.get(n["root"]), n["key"], n["rule"], n["evidence"], n["n"])
                            for n in notes if "root" in n], columns=MERGE_COLUMNS)
    return pd.concat([frame, curated], ignore_index=True) if len(curated) else frame


def rule_of(r, clusters: Clusters) -> tuple[str, str]:
    """The rule and evidence that joined a distinct variant to its actor."""
    if r.kind != "name" or r.method == "collective":
        return r.method, r.evidence
    if pd.notna(r.full_key):
        return "short-form", f"'{r.text}' ends '{r.full_key}' in document {r.doc_id}"
    if pd.notna(r.stands_for):
        return ("acronym" if is_acronym(r.text) else "short-form"), r.evidence
    return clusters.reason.get(r.key, ("ner", "the actor's own name"))


def mention_digests(mentions: pd.DataFrame) -> pd.Series:
    """doc_id -> a digest of the document's rows of `mentions` (every column; equal rows, equal
    digest, whatever their order): what later stages key a document's results by, so that they
    find the documents whose mentions changed without hashing them again.  Documents without
    mentions have none.

    Vectorised: one 64-bit hash per row (`pandas.util.hash_pandas_object`), summed per document
    (wrapping), with the row count."""
    if mentions.empty:
        return pd.Series(dtype=object, index=pd.Index([], name="doc_id"))
    rows = pd.util.hash_pandas_object(mentions[MENTION_COLUMNS], index=False).to_numpy().view("int64")
    per_doc = pd.Series(rows, index=mentions["doc_id"].to_numpy()).groupby(level=0, sort=True).agg(["sum", "size"])
    sums = per_doc["sum"].to_numpy().view("uint64")
    return pd.Series([f"{n}:{s:016x}" for n, s in zip(per_doc["size"].tolist(), sums.tolist())],
                     index=per_doc.index.rename("doc_id"), dtype=object)
