"""The researcher's corpus: the tables of a build read lazily (`storage.tables.TableReader`), with
what notebooks add -- sub-corpora (`select`), actors named as the text names them (`actor_id`,
`actor`), a summary card, and curation (`suggest_merges`; `merge`, `split`, `rename`, `retype`
recorded in the curation file for the next build: `curation`).

>>> from corpus_tools.analysis.demo import demo_corpus
>>> corpus = demo_corpus()
>>> corpus.actor_id("Haftar")
'khalifa-haftar'
>>> corpus.select(source="Le Courrier du Maghreb").is_subcorpus
True
"""
from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..actors.normalize import normalize_name
from ..storage.tables import TableReader
from .cards import Actor, corpus_card
from .curation import Change, curation_file, decide, suggest_merges
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
        `actor`, holding a match of `query` (`corpus_tools.analysis.query`: ``"chef de guerre"``,
        ``'[lemma="accuser"] [pos="PROPN"]'``); every analysis runs on it unchanged.

        See `corpus_tools.analysis.subcorpus.select` for the rules."""
        return select(self, source=source, since=since, until=until, actor=actor, query=query)

    def actor_id(self, actor: str) -> str:
        """The id of an actor given by id, display name or any name form seen, case and accents
        aside ("Haftar" -> "khalifa-haftar"), else by one word of its names ("Itté" for "Sylvain
        Itté").  A form several actors carry is a KeyError listing them with their mention counts,
        most mentioned first, to pick one by id; so is a name no actor has, with the close ones.

        Analyses take an actor this way, so a researcher can write the name as the text does."""
        names = self.memo("actor names", lambda: ActorNames(
            self.read("actors", ["actor_id", "name", "aliases", "n_mentions"])))
        return names.find(actor, f"no actor {actor!r} in {self.out}")

    def actor(self, actor: str) -> Actor:
        """One actor of the corpus (by id or any name), shown in a notebook as a summary card.

        See `corpus_tools.analysis.cards.Actor`."""
        return Actor(self, self.actor_id(actor))

    # -- curation: decisions about actors, recorded in the curation file, applied by the next build

    @property
    def curation_file(self) -> Path:
        """The curation file the build reads (`corpus_tools.analysis.curation.curation_file`)."""
        return curation_file(self)

    def suggest_merges(self, limit: int | None = None) -> pd.DataFrame:
        """Pairs of actors that may be one, with the reason and a sentence naming each
        (`corpus_tools.analysis.curation.suggest_merges`)."""
        return suggest_merges(self, limit)

    def merge(self, actor: str, other: str, why: str = "", file: str | Path | None = None) -> Change:
        """Record that `other` is `actor` (which keeps its id, name and type); the next build applies it."""
        return decide(self, "merge", other, actor, why, file)

    def split(self, actor: str, forms: str | list[str], why: str = "", file: str | Path | None = None) -> Change:
        """Record that the name `forms` of `actor` (as written) are another actor; the next build applies it."""
        return decide(self, "split", actor, forms, why, file)

    def rename(self, actor: str, name: str, why: str = "", file: str | Path | None = None) -> Change:
        """Record `actor`'s display name (its id stays); the next build applies it."""
        return decide(self, "rename", actor, name, why, file)

    def retype(self, actor: str, type: str, why: str = "", file: str | Path | None = None) -> Change:
        """Record `actor`'s type (person, organisation, ...: `actors.registry.TYPES`); the next build applies it."""
        return decide(self, "retype", actor, type, why, file)

    def _repr_html_(self) -> str:
        return corpus_card(self)


class ActorNames:
    """The actors of a build by every name form and every word of their names, folded as the
    actors stage folds names (`normalize_name`: case, accents, articles, hyphens)."""

    def __init__(self, actors: pd.DataFrame):
        self.ids = set(actors["actor_id"])
        self.label = {i: f"{i} ({int(n)} mention{'s' * (n != 1)}, '{name}')"
                      for i, n, name in zip(actors["actor_id"], actors["n_mentions"], actors["name"])}
        self.count = dict(zip(actors["actor_id"], actors["n_mentions"]))
        self.by_form: dict[str, set[str]] = defaultdict(set)
        self.by_word: dict[str, set[str]] = defaultdict(set)
        for actor_id, name, aliases in zip(actors["actor_id"], actors["name"], actors["aliases"]):
            for form in {name, *(list(aliases) if aliases is not None else [])}:
                key = normalize_name(str(form))
                self.by_form[key].add(actor_id)
                for word in key.split():
                    self.by_word[word].add(actor_id)

    def find(self, actor: str, missing: str) -> str:
        """The one actor `actor` names (see `Corpus.actor_id`); KeyError (`missing` when none) otherwise."""
        if actor in self.ids:
            return actor
        key = normalize_name(str(actor))
        words = key.split()
        for found in (self.by_form.get(key, set()),
                      set.intersection(*(self.by_word.get(w, set()) for w in words)) if words else set()):
            if len(found) == 1:
                return next(iter(found))
            if found:
                raise KeyError(f"{actor!r} names several actors: {self.listed(found)}; pass an actor_id")
        near = {i for form in difflib.get_close_matches(key, list(self.by_form), n=5, cutoff=0.75)
                for i in self.by_form[form]}
        near |= {i for w in words for close in difflib.get_close_matches(w, list(self.by_word), n=5, cutoff=0.75)
                 for i in self.by_word[close]}
        raise KeyError(missing + (f"; close: {self.listed(near)}" if near else ""))

    def listed(self, ids: set[str]) -> str:
        """Actor ids with their mention counts and names, most mentioned first."""
        return ", ".join(self.label[i] for i in sorted(ids, key=lambda i: (-self.count[i], i)))


def load(out: str | Path = "build") -> Corpus:
    """The tables of a build (documents, sentences, tokens, entities, mentions, actors, ...), read lazily."""
    return Corpus(out)
