"""Actors stage: map entity mentions to canonical actors.

Two steps so that the build can stream: `candidates` runs per chunk of
documents (it sees their tokens), `link` runs once over all candidate rows
(small beside the tokens) and decides which candidates are the same actor.
"""
from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from .normalize import actor_id_for, normalize_name
from .registry import Registry, load_registry

TYPE_BY_LABEL = {"PER": "person", "ORG": "organisation", "LOC": "place", "MISC": "other"}


class ActorTables(NamedTuple):
    mentions: pd.DataFrame
    actors: pd.DataFrame
    merges: pd.DataFrame


def candidates(documents: pd.DataFrame, entities: pd.DataFrame, tokens: pd.DataFrame,
               registry=None) -> pd.DataFrame:
    """Candidate mentions for one chunk of documents: entity spans with a normalised key."""
    cand = entities.copy()
    cand["surface"] = cand["text"]
    cand["key"] = cand["text"].map(normalize_name)
    return cand[cand["key"] != ""].reset_index(drop=True)


def link(cands: pd.DataFrame, documents: pd.DataFrame, registry=None) -> ActorTables:
    """Group candidates into actors (first version: one actor per normalised key)."""
    if cands.empty:
        return ActorTables(pd.DataFrame(columns=["doc_id", "sent_idx", "start_char", "end_char", "text", "actor_id"]),
                           pd.DataFrame(columns=["actor_id", "name", "type", "aliases", "n_mentions", "n_docs"]),
                           pd.DataFrame(columns=["actor_id", "variant", "rule", "evidence"]))
    cands = cands.copy()
    cands["actor_id"] = cands["key"].map(actor_id_for)
    cands["method"] = "ner"
    mentions = cands[["doc_id", "sent_idx", "start_char", "end_char", "text", "actor_id", "surface", "method", "label"]]
    grouped = cands.groupby("actor_id")
    actors = pd.DataFrame({
        "name": grouped["surface"].agg(lambda s: s.value_counts().index[0]),
        "type": grouped["label"].agg(lambda s: TYPE_BY_LABEL.get(s.value_counts().index[0], "other")),
        "aliases": grouped["surface"].agg(lambda s: sorted(set(s))),
        "n_mentions": grouped.size(),
        "n_docs": grouped["doc_id"].nunique(),
    }).reset_index()
    merges = cands.groupby(["actor_id", "surface"]).size().reset_index(name="n")
    merges = merges.assign(variant=merges["surface"], rule="normalised-form",
                           evidence="same form after lower-casing, accent and article stripping")
    return ActorTables(mentions.reset_index(drop=True),
                       actors.sort_values(["n_mentions", "actor_id"], ascending=[False, True]).reset_index(drop=True),
                       merges[["actor_id", "variant", "rule", "evidence"]])
