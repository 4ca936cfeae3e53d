"""Actor curation from a notebook: which actors may be one (`suggest_merges`), and the researcher's
decisions (`decide`: merge, split, rename, retype) written to the build's curation file.

A decision is appended to the curation file (`corpus_tools.actors.curation`), not applied to the
tables at once: the next `corpus-tools build` applies every decision of the file after actor linking,
without annotating anything again, and redraws what depends on the actors -- the tables and pages
each `Change` lists.  Recording and rebuilding apart lets a researcher make several decisions in one
sitting, keeps the tables one build's consistent output, and keeps the file (not the build) the
record of the hand work: deleting the build and building again gives the same actors.

Suggestions follow general rules on the actors' names (no list of names): a bare surname, or an
initial and a surname ("J. Dupont"), beside a person's full name; an acronym beside a name
abbreviating to it (French or English word order, `actors.acronyms.initials`); two actors written
alike once case, accents and articles are folded.
"""
from __future__ import annotations

import os

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow.compute as pc

from ..actors import curation
from ..actors.acronyms import initials
from ..actors.clusters import same_person
from ..actors.normalize import is_acronym, name_tokens, normalize_name

SUGGESTION_COLUMNS = ["actor_a", "name_a", "n_mentions_a", "actor_b", "name_b", "n_mentions_b", "reason",
                      "doc_a", "sentence_a", "doc_b", "sentence_b"]
PERSONISH = ("person", "other")     # actor types a bare surname or an initialled name may have
DEPENDENT_TABLES = ("actors", "mentions", "merges", "labels", "agency", "quotes", "cooccurrences", "actor_pairs",
                    "networks")


@dataclass
class Change:
    """One decision recorded: what it does, the file it is in, and what the next build redraws."""
    decision: curation.Decision
    file: Path
    touches: str

    def __str__(self) -> str:
        return (f"Recorded in {self.file} (line {self.decision.line}): {self.decision.words()} "
                f"({self.decision.signed()}).\nNot applied yet: the next 'corpus-tools build' applies it after "
                f"actor linking, without annotating again. It will redraw {self.touches}.")

    __repr__ = __str__

    def _repr_html_(self) -> str:
        from html import escape
        return "<p>" + escape(str(self)).replace("\n", "<br>") + "</p>"


def curation_file(corpus) -> Path:
    """The curation file the build read (its manifest says, relative to the build folder), else the
    default beside the build folder."""
    recorded = (corpus.manifest.get("curation") or {}).get("path")
    return Path(os.path.normpath(Path(corpus.out) / recorded)) if recorded else curation.default_file(corpus.out)


def decide(corpus, action: str, actor: str, value, why: str = "", file: str | Path | None = None) -> Change:
    """Record one decision on `actor` (an id or any of its names) in the curation file (`file`, else
    the build's); the recorded `Change`.  Nothing is recorded when an actor is unknown (KeyError)."""
    whole = corpus.whole
    actor_id = whole.actor_id(actor)
    involved = [actor_id]
    if action == "merge":
        value = whole.actor_id(value)
        if value == actor_id:
            raise ValueError(f"{actor!r} and the actor it would merge into are one actor already ({actor_id})")
        involved.append(value)
    elif action == "split":
        value = check_forms(whole, actor_id, [value] if isinstance(value, str) else list(value))
    path = Path(file) if file is not None else curation_file(whole)
    made = curation.record(path, action, actor_id, value, why)
    return Change(made, path, touches(whole, involved, action))


def check_forms(corpus, actor_id: str, forms: list[str]) -> list[str]:
    """`forms` when each is a form of the actor (case and accents aside) and some forms stay; ValueError."""
    names = corpus.read("actors", ["actor_id", "name", "aliases"], pc.field("actor_id") == actor_id).iloc[0]
    held = {normalize_name(str(f)) for f in [names["name"], *list(names["aliases"])]}
    missing = [f for f in forms if normalize_name(f) not in held]
    if missing or held <= {normalize_name(f) for f in forms}:
        known = ", ".join(sorted(map(str, names["aliases"])))
        raise ValueError(f"{actor_id}: split needs some of its forms, not all ({known})"
                         + (f"; not a form of it: {', '.join(missing)}" if missing else ""))
    return forms


def touches(corpus, actor_ids: list[str], action: str) -> str:
    """What the next build redraws for a decision on these actors, in words."""
    rows = corpus.read("mentions", ["doc_id", "actor_id"], pc.field("actor_id").isin(actor_ids))
    docs = corpus.read("documents", ["doc_id", "source"], pc.field("doc_id").isin(rows["doc_id"].unique().tolist()))
    pages = [f"the page of {a}" for a in actor_ids]
    if action == "merge":
        pages = [f"the page of {actor_ids[1]} (the page of {actor_ids[0]} goes)"]
    elif action == "split":
        pages.append("a page for the new actor (if it has enough mentions)")
    n_docs, n_sources = len(docs), docs["source"].nunique()
    return (f"the tables {', '.join(DEPENDENT_TABLES)} (rows of {n_docs} article(s)); the report pages: "
            f"{', '.join(pages)}, the pages of the {n_docs} article(s) and {n_sources} outlet(s) mentioning "
            "them, the index and the overview")


# ---------------------------------------------------------------- suggestions

def suggest_merges(corpus, limit: int | None = None) -> pd.DataFrame:
    """Pairs of actors that may be one, most mentioned first: both actors' ids, names and mention
    counts, the reason, and a sentence naming each (`doc_*`, `sentence_*`) to judge by.

    Columns: actor_a (the fuller name: merge actor_b into it), name_a, n_mentions_a, actor_b, name_b,
    n_mentions_b, reason, doc_a, sentence_a, doc_b, sentence_b."""
    actors = corpus.whole.read("actors", ["actor_id", "name", "type", "aliases", "n_mentions"])
    pairs = candidate_pairs(actors)
    frame = pd.DataFrame(pairs, columns=["actor_a", "actor_b", "reason"]).drop_duplicates(["actor_a", "actor_b"])
    info = actors.set_index("actor_id")
    for side in ("a", "b"):
        frame[f"name_{side}"] = frame[f"actor_{side}"].map(info["name"])
        frame[f"n_mentions_{side}"] = frame[f"actor_{side}"].map(info["n_mentions"]).astype("int64")
    frame = frame.assign(total=frame["n_mentions_a"] + frame["n_mentions_b"])
    frame = frame.sort_values(["total", "actor_a", "actor_b"], ascending=[False, True, True]).head(limit)
    examples = example_sentences(corpus.whole, set(frame["actor_a"]) | set(frame["actor_b"]))
    for side in ("a", "b"):
        frame[f"doc_{side}"] = frame[f"actor_{side}"].map(lambda a: examples.get(a, (None, None))[0])
        frame[f"sentence_{side}"] = frame[f"actor_{side}"].map(lambda a: examples.get(a, (None, None))[1])
    return frame[SUGGESTION_COLUMNS].reset_index(drop=True)


def candidate_pairs(actors: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(fuller actor, other actor, reason) for every pair a rule finds, each rule through an index
    (by surname, acronym, form): linear in the actors, not quadratic."""
    forms = {a: {str(n), *map(str, aliases if aliases is not None else [])}
             for a, n, aliases in zip(actors["actor_id"], actors["name"], actors["aliases"])}
    people = {a: name_tokens(str(n)) for a, n, t in zip(actors["actor_id"], actors["name"], actors["type"])
              if t == "person" and len(name_tokens(str(n))) >= 2}
    fuller = {a: len(str(n).split()) for a, n in zip(actors["actor_id"], actors["name"])}
    return [*surname_pairs(actors, people), *acronym_pairs(forms), *form_pairs(forms, people, fuller)]


def surname_pairs(actors: pd.DataFrame, people: dict[str, tuple]) -> list[tuple[str, str, str]]:
    """A bare surname, or initials and a surname, beside a person's full name (given names agreeing)."""
    by_surname: dict[str, list[str]] = defaultdict(list)
    for a, toks in people.items():
        by_surname[toks[-1]].append(a)
    out = []
    for b, name, kind in zip(actors["actor_id"], actors["name"], actors["type"]):
        if kind not in PERSONISH:           # "Cayenne" is no "Kaine", however close the spelling
            continue
        toks = name_tokens(str(name))
        for a in by_surname.get(toks[-1], []) if toks else []:
            if a == b:
                continue
            if len(toks) == 1:
                out.append((a, b, f"'{name}' is the surname of '{full(actors, a)}'"))
            elif len(toks) <= len(people[a]) and any(len(g) == 1 for g in toks[:-1]) and same_person(toks, people[a]):
                out.append((a, b, f"'{name}' may be '{full(actors, a)}' with initials"))
    return out


def acronym_pairs(forms: dict[str, set[str]]) -> list[tuple[str, str, str]]:
    """An actor written as an acronym beside another whose name abbreviates to it."""
    by_acronym: dict[str, set[str]] = defaultdict(set)
    for a, names in forms.items():
        for n in names:
            if is_acronym(n):
                by_acronym[n].add(a)
    out = []
    for a, names in forms.items():
        for n in names:
            for acr in initials(normalize_name(n)) if not is_acronym(n) else ():
                out += [(a, b, f"'{acr}' abbreviates '{n}'") for b in sorted(by_acronym.get(acr, ())) if b != a]
    return out


def form_pairs(forms: dict[str, set[str]], people: dict[str, tuple], words: dict[str, int]
               ) -> list[tuple[str, str, str]]:
    """Two actors written alike (case, accents, articles aside), the one whose name has more `words`
    first, unless both are people whose full names disagree (two Duponts: the surname rule lists them)."""
    by_form: dict[str, set[str]] = defaultdict(set)
    written: dict[str, str] = {}
    for a, names in forms.items():
        for n in names:
            by_form[normalize_name(n)].add(a)
            written.setdefault(normalize_name(n), n)
    out = []
    for key, ids in by_form.items():
        ids = sorted(ids, key=lambda a: (-words[a], a))
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                if a in people and b in people and not same_person(people[a], people[b]):
                    continue
                out.append((a, b, f"both are written '{written[key]}'"))
    return out


def full(actors: pd.DataFrame, actor_id: str) -> str:
    """An actor's display name."""
    return str(actors.loc[actors["actor_id"] == actor_id, "name"].iloc[0])


def example_sentences(corpus, actor_ids: set[str]) -> dict[str, tuple[str, str]]:
    """actor id -> (doc id, sentence) of its first mention by name (else of any kind)."""
    if not actor_ids:
        return {}
    rows = corpus.read("mentions", ["doc_id", "sent_idx", "start_char", "actor_id", "kind"],
                       pc.field("actor_id").isin(sorted(actor_ids)))
    rows = rows.assign(by_name=rows["kind"] != "name").sort_values(["actor_id", "by_name", "doc_id", "start_char"])
    first = rows.drop_duplicates("actor_id")
    sentences = corpus.read("sentences", ["doc_id", "sent_idx", "text"],
                            pc.field("doc_id").isin(first["doc_id"].unique().tolist()))
    text = dict(zip(zip(sentences["doc_id"], sentences["sent_idx"]), sentences["text"]))
    return {a: (d, text.get((d, s))) for a, d, s in zip(first["actor_id"], first["doc_id"], first["sent_idx"])}
