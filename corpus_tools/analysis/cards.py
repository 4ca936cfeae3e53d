"""Summary cards: a corpus and an actor display themselves in a notebook (``_repr_html_``) as a
short card -- counts, outlets, date range, top actors, labels and co-actors -- as pandas and
textacy objects do.  Every card states the counting rule (`counting.rule`), the same one every
analysis and report page follows; the actor count is `counting.actor_count`, the index's;
everything shown is HTML-escaped.

>>> from corpus_tools.analysis.demo import demo_corpus
>>> corpus = demo_corpus()
>>> haftar = corpus.actor("Haftar")
>>> haftar
Actor('khalifa-haftar', name='Khalifa Haftar', type='person')
>>> "Khalifa Haftar" in haftar._repr_html_() and "<script" not in corpus._repr_html_()
True
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

import pandas as pd

from . import counting
from .cooccurrence import co_actors
from .labelling import labels

STYLE = ("font-family:system-ui,sans-serif;border:1px solid #ccc;border-radius:6px;padding:.6em 1em;"
         "max-width:44em;line-height:1.4")
TOP = 5


@dataclass(frozen=True)
class Actor:
    """One actor of a corpus (`Corpus.actor("Haftar")`): its id, name, type and names seen, and a
    summary card in notebooks."""
    corpus: object
    actor_id: str

    @property
    def row(self) -> pd.Series:
        """The actor's row of the `actors` table."""
        actors = self.corpus.memo("actors by id", lambda: self.corpus.read("actors").set_index("actor_id"))
        return actors.loc[self.actor_id]

    @property
    def name(self) -> str:
        """Display name."""
        return str(self.row["name"])

    @property
    def type(self) -> str:
        """person, organisation, country, ..."""
        return str(self.row["type"])

    @property
    def aliases(self) -> list[str]:
        """Name forms seen, most frequent first."""
        aliases = self.row["aliases"]
        return [] if aliases is None else [str(a) for a in aliases]

    def __repr__(self) -> str:
        return f"Actor({self.actor_id!r}, name={self.name!r}, type={self.type!r})"

    def _repr_html_(self) -> str:
        return actor_card(self)


def plural(n: int, one: str, many: str) -> str:
    """'1 story', '2 stories'."""
    return f"{n} {one if n == 1 else many}"


def kind_counts(rows: pd.DataFrame) -> str:
    """'9 by name, 6 by role title' for mention rows with a kind column."""
    words = {"name": "by name", "demonym": "by demonym or capital", "title": "by role title"}
    counts = rows["kind"].value_counts()
    return ", ".join(f"{int(counts[k])} {words[k]}" for k in counting.KINDS if counts.get(k, 0)) or "none"


def date_range(dates: pd.Series) -> str:
    """'2020-03-02 to 2020-04-16 (1 undated)' for ISO dates."""
    known = dates.dropna().astype(str)
    span = f"{known.min()} to {known.max()}" if len(known) else "no date"
    undated = int(dates.isna().sum())
    return span + (f" ({undated} undated)" if undated else "")


def top_list(counts: pd.Series, n: int = TOP) -> str:
    """'<b>A</b> (3), <b>B</b> (2)' for the largest counts, escaped."""
    counts = counts.sort_values(ascending=False, kind="stable").head(n)
    return ", ".join(f"<b>{escape(str(k))}</b> ({int(v)})" for k, v in counts.items()) or "none"


def card(title: str, rows: list[tuple[str, str]]) -> str:
    """A card: a title (escaped) and rows of (label, HTML already escaped)."""
    body = "".join(f"<tr><th style='text-align:left;padding-right:1em;vertical-align:top'>{escape(k)}</th>"
                   f"<td>{v}</td></tr>" for k, v in rows)
    return f"<div style='{STYLE}'><div style='font-weight:bold;font-size:1.1em'>{escape(title)}</div>" \
           f"<table>{body}</table></div>"


def corpus_card(corpus) -> str:
    """The card of a corpus or sub-corpus: documents and stories, outlets, dates, mentions, top actors."""
    docs = counting.documents(corpus)
    counted = docs[docs["counted"]]
    mentions = counting.mentions(corpus, columns=["actor_id", "kind"])
    names = corpus.read("actors", ["actor_id", "name"]).set_index("actor_id")["name"]
    n_actors = counting.actor_count(corpus)
    copies_only = n_actors - mentions["actor_id"].nunique()
    title = f"Corpus {corpus.out}" + (f" -- {'; '.join(corpus.criteria)}" if corpus.is_subcorpus else "")
    return card(title, [
        ("documents", f"{len(docs)} ({plural(len(counted), 'story', 'stories')}; "
                      f"{plural(len(docs) - len(counted), 'copy', 'copies')} of a story counted once)"),
        ("outlets", f"{docs['source'].nunique()}: " + top_list(docs["source"].value_counts())
         + " <i>(articles published)</i>"),
        ("dates", escape(date_range(docs["date"]))),
        ("actors", f"{n_actors}" + (f" ({plural(copies_only, 'actor', 'actors')} named only in copies of a story)"
                                     if copies_only else "")),
        ("mentions", f"{len(mentions)}: {escape(kind_counts(mentions))}"),
        ("top actors", top_list(mentions["actor_id"].map(names).value_counts()) + " <i>(mentions)</i>"),
        ("counted", escape(counting.rule())),
    ])


def actor_card(actor: Actor) -> str:
    """The card of an actor: names, mentions by kind, documents, outlets, dates, labels, co-actors."""
    corpus = actor.corpus
    rows = counting.mentions(corpus, actor_id=actor.actor_id, columns=["doc_id", "kind"])
    published = counting.mentions(corpus, per="outlet", actor_id=actor.actor_id, columns=["doc_id"])
    docs = counting.documents(corpus).set_index("doc_id")
    partners = co_actors(corpus, actor.actor_id).set_index("name")["n"]
    return card(f"{actor.name} ({actor.type})", [
        ("id", escape(actor.actor_id)),
        ("names seen", escape(", ".join(actor.aliases[:8])) or "none"),
        ("mentions", f"{len(rows)}: {escape(kind_counts(rows))}"),
        ("documents", f"{rows['doc_id'].nunique()}"),
        ("outlets", top_list(published["doc_id"].map(docs["source"]).value_counts())
         + " <i>(mentions published, copies included)</i>"),
        ("dates", escape(date_range(rows["doc_id"].map(docs["date"])))),
        ("top labels", top_list(actor_labels(corpus, actor.actor_id))),
        ("top co-actors", top_list(partners) + " <i>(sentences naming both)</i>"),
        ("counted", escape(counting.rule())),
    ])


def actor_labels(corpus, actor_id: str) -> pd.Series:
    """label -> how often it is attached to the actor (each story once)."""
    found = labels(corpus, actor_id)
    found = found[found["doc_id"].isin(counting.counted_ids(corpus))]
    return found["label"].value_counts()
