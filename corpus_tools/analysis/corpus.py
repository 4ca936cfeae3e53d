"""The researcher's corpus: the tables of a build read lazily (`storage.tables.TableReader`), with
what notebooks add -- sub-corpora (`select`), actors named as the text names them (`actor_id`,
`actor`) and a summary card.

>>> from corpus_tools.analysis.demo import demo_corpus
>>> corpus = demo_corpus()
>>> corpus.actor_id("Haftar")
'khalifa-haftar'
>>> corpus.select(source="Le Courrier du Maghreb").is_subcorpus
True
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

from ..fold import fold
from ..storage.tables import TableReader
from .cards import Actor, corpus_card
from .subcorpus import select


class Corpus(TableReader):
    """The tables of one build -- or of a sub-corpus of it (`select`) -- read lazily from Parquet.

    Loading reads nothing.  A table is read on first use (`corpus.mentions`, `corpus["tokens"]`),
    and only the rows of the corpus's own documents; `read` takes columns and a row filter,
    `batches` streams a table, so that analyses of a big build touch only the rows they need.
    A sub-corpus is a `Corpus` too: every analysis runs on it unchanged.

    >>> corpus = load("build")                      # doctest: +SKIP
    >>> corpus.actors.head()                        # doctest: +SKIP
    >>> corpus.select(source="Le Monde", since="2020").mentions   # doctest: +SKIP
    """

    def select(self, source: str | Iterable[str] | None = None, since: str | None = None, until: str | None = None,
               actor: str | None = None, query: str | None = None) -> "Corpus":
        """The sub-corpus of documents from `source`, dated from `since` to `until`, mentioning
        `actor`, whose text holds `query`; every analysis runs on it unchanged.

        See `corpus_tools.analysis.subcorpus.select` for the rules."""
        return select(self, source=source, since=since, until=until, actor=actor, query=query)

    def actor_id(self, actor: str) -> str:
        """The id of an actor given by id, display name or any name form seen ("Haftar" ->
        "khalifa-haftar"); KeyError listing close matches when none fits.

        Analyses take an actor this way, so a researcher can write the name as the text does."""
        actors = self.memo("actor names", lambda: self.read("actors", ["actor_id", "name", "aliases"]))
        if actor in set(actors["actor_id"]):
            return actor
        key = fold(str(actor).strip())
        by_name: dict[str, set[str]] = {}
        for actor_id, name, aliases in zip(actors["actor_id"], actors["name"], actors["aliases"]):
            for form in [name, *(list(aliases) if aliases is not None else [])]:
                by_name.setdefault(fold(str(form)), set()).add(actor_id)
        found = by_name.get(key, set())
        if len(found) == 1:
            return next(iter(found))
        if found:
            raise KeyError(f"{actor!r} names several actors: {', '.join(sorted(found))}; pass an actor_id")
        close = difflib.get_close_matches(key, list(by_name), n=5, cutoff=0.6)
        hint = ", ".join(sorted({i for c in close for i in by_name[c]}))
        raise KeyError(f"no actor {actor!r} in {self.out}" + (f"; close: {hint}" if hint else ""))

    def actor(self, actor: str) -> Actor:
        """One actor of the corpus (by id or any name), shown in a notebook as a summary card.

        See `corpus_tools.analysis.cards.Actor`."""
        return Actor(self, self.actor_id(actor))

    def _repr_html_(self) -> str:
        return corpus_card(self)


def load(out: str | Path = "build") -> Corpus:
    """The tables of a build (documents, sentences, tokens, entities, mentions, actors, ...), read lazily."""
    return Corpus(out)
