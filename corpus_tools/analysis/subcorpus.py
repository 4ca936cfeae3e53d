"""Sub-corpora: the documents of some outlets, some dates, mentioning an actor or matching a
query -- a `Corpus` on which every analysis runs unchanged (`Corpus.select`).

Selecting reads only the columns it tests (source and date of the documents, a batch at a time,
the actor's mentions, for a query the token columns it names, of the documents the other criteria
kept), never a whole table.

>>> from corpus_tools.analysis.demo import demo_corpus
>>> corpus = demo_corpus()
>>> sub = corpus.select(source="Le Courrier du Maghreb", since="2020-04")
>>> sub.criteria
['source: Le Courrier du Maghreb', 'since 2020-04']
>>> sorted(sub.documents["doc_id"])
['demo-2', 'demo-4']
>>> corpus.select(actor="Stoltenberg").select(query="offensive").doc_ids.tolist()
['demo-5']
>>> corpus.select(query='[lemma="conduire"] "par" [pos="DET"]').doc_ids.tolist()
['demo-3', 'demo-4']
>>> corpus.select(level="x")
Traceback (most recent call last):
...
TypeError: Corpus.select() got an unexpected keyword argument 'level'
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd
import pyarrow.compute as pc

from . import counting
from .query import documents_matching

PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def select(corpus, source: str | Iterable[str] | None = None, since: str | None = None, until: str | None = None,
           actor: str | None = None, query: str | None = None):
    """The sub-corpus of `corpus` whose documents meet every criterion given:

    - `source`: an outlet (`documents.source`) or a list of them; ValueError naming the outlets
      for one the build does not have;
    - `since`, `until`: ISO dates, whole or partial ("2020", "2020-05", "2020-05-17"), both
      included ("until 2020-05" keeps all of May); undated documents are left out;
    - `actor`: the documents mentioning an actor (by id or any name; by name, demonym or title);
    - `query`: the documents holding at least one match of a query (`corpus_tools.analysis.query`:
      words, ``*`` wildcards, regular expressions, lemma and part-of-speech tests, sequences, as
      CQP writes them): ``query="chef de guerre"``, ``query='[lemma="accuser"] [pos="PROPN"]'``.
    """
    sources = None if source is None else [source] if isinstance(source, str) else list(source)
    criteria = []
    if sources is not None:
        known = counting.sources(corpus.whole)
        unknown = [s for s in sources if s not in known]
        if unknown:
            raise ValueError(f"no source {', '.join(map(repr, unknown))} in this corpus; sources: "
                             f"{', '.join(sorted(map(str, known)))}")
        criteria.append(f"source: {', '.join(sources)}")
    if since is not None:
        since = check_date("since", since)
        criteria.append(f"since {since}")
    if until is not None:
        until = check_date("until", until)
        criteria.append(f"until {until}")
    kept = [docs.loc[meets(docs, sources, since, until), "doc_id"]
            for docs in corpus.batches("documents", ["doc_id", "source", "date"])]
    ids = pd.concat(kept, ignore_index=True) if kept else pd.Series([], dtype=object)
    if actor is not None:
        actor_id = corpus.actor_id(actor)
        ids = ids[ids.isin(corpus.read("mentions", ["doc_id"], pc.field("actor_id") == actor_id)["doc_id"])]
        criteria.append(f"actor: {actor_id}")
    if query is not None:
        ids = documents_matching(corpus.restrict(ids, []), query)
        criteria.append(f"query: {query}")
    return corpus.restrict(ids, criteria or ["all documents"])


def meets(docs: pd.DataFrame, sources: list[str] | None, since: str | None, until: str | None) -> pd.Series:
    """Whether each of `docs` (source, date) is of one of `sources` and dated from `since` to
    `until` (those given)."""
    keep = pd.Series(True, index=docs.index)
    if sources is not None:
        keep &= docs["source"].isin(sources)
    dates = docs["date"].astype(object).where(docs["date"].notna(), None)
    if since is not None:
        keep &= dates.map(lambda d: d is not None and d[:len(since)] >= since).astype(bool)
    if until is not None:
        keep &= dates.map(lambda d: d is not None and d[:len(until)] <= until).astype(bool)
    return keep


def check_date(option: str, value: str) -> str:
    """`value` if it is an ISO date, whole or partial; ValueError otherwise."""
    if not isinstance(value, str) or not PARTIAL_DATE.match(value):
        raise ValueError(f"{option}={value!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return value
