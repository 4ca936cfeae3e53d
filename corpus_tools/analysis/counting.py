"""The one counting rule every analysis table and function follows.

- **corpus-wide figures count each story once** (``per="story"``): of the copies of a story in
  the corpus (`documents.duplicate_of`: exact and near duplicates, wire stories reprinted), only
  the first counts -- the original when it is in the (sub-)corpus, else the first copy by doc_id;
- **outlet figures count what each outlet published** (``per="outlet"``), its copies of wire
  stories included;
- **names, demonyms and role titles count together** (`mentions.kind`; why:
  `options.DEFAULT_KINDS`): functions take ``kinds`` -- ``"all"`` (the default), ``"name"``,
  ``"demonym"`` (demonyms and capitals: "turc", "Ankara"), ``"title"`` (role titles resolved to
  their holder: "le secrétaire général de l'OTAN") or a list of them -- and every result says
  what it counts (``result.attrs["counted"]``), as every report page does (`rule`).

>>> from corpus_tools.analysis.demo import demo_corpus
>>> corpus = demo_corpus()
>>> rows = mentions(corpus)
>>> rows.attrs["counted"]
'each story once; names, demonyms and role titles'
>>> mentions(corpus, kinds="name").attrs["counted"]
'each story once; names only'
>>> len(rows) == len(corpus.mentions[corpus.mentions["doc_id"].isin(counted_ids(corpus))])
True
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from .options import DEFAULT_KINDS, KINDS, choose

PER = ("story", "outlet")
KIND_WORDS = {"name": "names", "demonym": "demonyms", "title": "role titles"}
DOCUMENT_COLUMNS = ["doc_id", "source", "date", "title"]


def kinds_of(kinds: str | Iterable[str]) -> tuple[str, ...]:
    """The mention kinds an option names ("all", one kind or several); ValueError for others.

    >>> kinds_of("all"), kinds_of("name"), kinds_of(["title", "name"])
    (('name', 'demonym', 'title'), ('name',), ('name', 'title'))
    """
    if isinstance(kinds, str):
        kinds = KINDS if kinds == "all" else [kinds]
    found = [choose("kinds", k, KINDS + ("all",)) for k in kinds]
    return KINDS if "all" in found else tuple(k for k in KINDS if k in found)


def describe(kinds: str | Iterable[str], per: str = "story") -> str:
    """What a total counts, in words.

    >>> describe("name"), describe(["name", "title"], per="outlet")
    ('each story once; names only', 'what each outlet published; names and role titles')
    """
    scope = "each story once" if choose("per", per, PER) == "story" else "what each outlet published"
    return f"{scope}; {kinds_in_words(kinds)}"


def kinds_in_words(kinds: str | Iterable[str]) -> str:
    """The mention kinds counted, in words ("names only", "names, demonyms and role titles")."""
    words = [KIND_WORDS[k] for k in kinds_of(kinds)]
    return f"{words[0]} only" if len(words) == 1 else ", ".join(words[:-1]) + f" and {words[-1]}"


def rule(per: str = "story", kinds: str | Iterable[str] = DEFAULT_KINDS) -> str:
    """The counting rule in one line, as results and report pages state it.

    >>> rule()
    'Counted: names, demonyms and role titles, each story once.'
    >>> rule("outlet", kinds="name")
    'Counted: names only, as each outlet published them (copies included).'
    """
    story = choose("per", per, PER) == "story"
    where = "each story once" if story else "as each outlet published them (copies included)"
    return f"Counted: {kinds_in_words(kinds)}, {where}."


def actor_count(corpus) -> int:
    """How many actors `corpus` holds: the actors its documents mention, copies of a story
    included (for a whole build, the rows of the `actors` table) -- the one count the index, the
    overview and the cards show.

    >>> from corpus_tools.analysis.demo import demo_corpus
    >>> actor_count(demo_corpus()) == len(demo_corpus().actors)
    True
    """
    if not corpus.is_subcorpus:
        return len(corpus.read("actors", ["actor_id"]))
    return int(corpus.read("mentions", ["actor_id"])["actor_id"].nunique())


def documents(corpus) -> pd.DataFrame:
    """The corpus's documents with their metadata and the counting rule applied.

    Columns: doc_id, source, date (ISO text or null), title, story (the doc_id of the story's
    original), counted (True for the one copy of its story that corpus-wide figures count).
    """
    def compute() -> pd.DataFrame:
        columns = [c for c in DOCUMENT_COLUMNS + ["duplicate_of"] if c in corpus.columns("documents")]
        docs = with_rule(corpus.read("documents", columns=columns))
        return docs[DOCUMENT_COLUMNS + ["story", "counted"]].reset_index(drop=True)
    return corpus.memo("counting documents", compute)


def sources(corpus) -> set:
    """The outlets of the corpus's documents (`documents.source`), read a batch at a time, once per corpus."""
    def compute() -> set:
        found: set = set()
        for batch in corpus.batches("documents", ["source"]):
            found.update(batch["source"].unique())
        return found
    return corpus.memo("sources", compute)


def with_rule(docs: pd.DataFrame) -> pd.DataFrame:
    """`docs` (doc_id, and duplicate_of where the build has it) with the counting rule applied:
    story (the doc_id of the story's original) and counted (True for the one copy of its story
    that corpus-wide figures count)."""
    docs = docs.copy()
    original = docs["duplicate_of"] if "duplicate_of" in docs else pd.Series(None, index=docs.index)
    docs["story"] = original.where(original.notna(), docs["doc_id"]).astype(object)
    docs["counted"] = counted_flags(docs["doc_id"], original)
    return docs


def counted_flags(doc_ids: pd.Series, duplicate_of: pd.Series | None) -> np.ndarray:
    """Whether each document is the one copy of its story that corpus-wide figures count: the
    original when it is there, else the first copy by doc_id (doc_ids unique; `duplicate_of`
    null for originals, None when the build has no such column).  Only the copies are worked
    on: a build's worth of originals costs one array of flags."""
    counted = np.ones(len(doc_ids), dtype=bool)
    copy = np.zeros(len(doc_ids), dtype=bool) if duplicate_of is None else duplicate_of.notna().to_numpy()
    if not copy.any():
        return counted
    ids = pd.Series(doc_ids).reset_index(drop=True)
    copies = pd.DataFrame({"doc_id": ids[copy], "story": pd.Series(duplicate_of).reset_index(drop=True)[copy]})
    orphans = copies[~copies["story"].isin(ids[~copy])]         # copies whose original is not here
    first = orphans.sort_values("doc_id", kind="stable").drop_duplicates("story").index
    counted[copy] = False
    counted[first.to_numpy()] = True
    return counted


def uncounted_copies(corpus) -> tuple[pd.Index, int]:
    """The doc_ids of the copies of stories that corpus-wide figures do not count (`counted_flags`),
    and how many documents they count.  Read a batch at a time; only the copies, and the
    originals they name, are kept."""
    wanted = [c for c in ("doc_id", "duplicate_of") if c in corpus.columns("documents")]
    n_documents, copies = 0, []
    for batch in corpus.batches("documents", wanted):
        n_documents += len(batch)
        if "duplicate_of" in batch:
            copies.append(batch[batch["duplicate_of"].notna()])
    copies = pd.concat(copies, ignore_index=True) if copies else pd.DataFrame(columns=["doc_id", "duplicate_of"])
    if copies.empty:
        return pd.Index([], dtype=object), n_documents
    originals = corpus.restrict(copies["duplicate_of"], []).read("documents", wanted)
    docs = pd.concat([copies, originals[originals["duplicate_of"].isna()]], ignore_index=True)
    counted = counted_flags(docs["doc_id"], docs["duplicate_of"])
    return pd.Index(docs.loc[~counted, "doc_id"]), n_documents - int((~counted).sum())


def uncounted_ids(corpus) -> pd.Index:
    """The doc_ids of the corpus's copies that corpus-wide figures do not count (`uncounted_copies`:
    only the copies, and the originals they name, are read), found once per corpus: a corpus's
    other documents all count."""
    return corpus.memo("uncounted copies", lambda: uncounted_copies(corpus)[0])


def counted_ids(corpus) -> pd.Index:
    """The doc_ids of the documents corpus-wide figures count (each story once): all but the
    uncounted copies (`uncounted_ids`), the one place the rule is applied to doc_ids."""
    return all_ids(corpus).difference(uncounted_ids(corpus))


def mentions(corpus, kinds: str | Iterable[str] = DEFAULT_KINDS, per: str = "story", actor_id: str | None = None,
             columns: list[str] | None = None) -> pd.DataFrame:
    """The mentions a figure counts: of `kinds`, in the documents the rule `per` keeps
    (``"story"``: each story once; ``"outlet"``: every document), of one actor if given.

    Columns: those of `mentions` (or `columns`); ``attrs["counted"]`` says what is counted."""
    kinds = kinds_of(kinds)
    where = pc.field("kind").isin(list(kinds))
    if actor_id is not None:
        where = where & (pc.field("actor_id") == actor_id)
    wanted = None if columns is None else list(dict.fromkeys(["doc_id", *columns]))
    rows = corpus.read("mentions", columns=wanted, where=where)
    if choose("per", per, PER) == "story":
        rows = rows[~rows["doc_id"].isin(uncounted_ids(corpus))].reset_index(drop=True)
    rows = rows if columns is None else rows[columns]
    rows.attrs["counted"] = describe(kinds, per)
    return rows


def actor_info(corpus) -> pd.DataFrame:
    """The name and type of each actor, by actor_id (the `actors` table's, read once per corpus)."""
    return corpus.memo("actor names and types",
                       lambda: corpus.read("actors", ["actor_id", "name", "type"]).set_index("actor_id"))


def with_documents(rows: pd.DataFrame, corpus) -> pd.DataFrame:
    """`rows` with the source, date and title of their document beside doc_id (date as ISO text)."""
    docs = documents_by_id(corpus, rows["doc_id"])
    added = {c if c not in rows else f"{c}_document": rows["doc_id"].map(docs[c]) for c in DOCUMENT_COLUMNS[1:]}
    out = rows.assign(**added)
    front = [c for c in ["doc_id", "sent_idx", "source", "date", "title"] if c in out]
    out = out[front + [c for c in out.columns if c not in front]]
    out.attrs = dict(rows.attrs)
    return out


def documents_by_id(corpus, doc_ids: pd.Series) -> pd.DataFrame:
    """source, date and title by doc_id: of every document of a whole build (read once), of the
    documents of `doc_ids` only in a sub-corpus (its documents are not held)."""
    if corpus.is_subcorpus:
        return corpus.restrict(doc_ids.unique(), []).read("documents", DOCUMENT_COLUMNS).set_index("doc_id")
    return corpus.memo("documents by id", lambda: documents(corpus)[DOCUMENT_COLUMNS].set_index("doc_id"))


def scope(corpus, per: str = "story"):
    """The corpus a figure of rule `per` reads: only its counted documents (each story once), or
    all of them (what each outlet published)."""
    if choose("per", per, PER) == "outlet":
        return corpus
    uncounted = uncounted_ids(corpus)
    if not len(uncounted):
        return corpus
    return corpus.memo("counted scope", lambda: corpus.restrict(all_ids(corpus).difference(uncounted), []))


def all_ids(corpus) -> pd.Index:
    """The doc_ids of the corpus's documents."""
    return corpus.doc_ids if corpus.is_subcorpus else pd.Index(documents(corpus)["doc_id"])


def actor_rows(corpus, table: str, actor: str, kinds: str | Iterable[str], per: str,
               actor_column: str = "actor_id") -> pd.DataFrame:
    """The rows of analysis `table` about one actor (an id or any of its names) under the counting
    rule (`per`: each story once or what each outlet published; `kinds` of mention, for a table
    with a `mention_kind`), with the source, date and title of their document; `attrs["counted"]`
    says what was counted.  The notebook functions `labels`, `agency` and `quotes` read this way."""
    actor_id = corpus.actor_id(actor)
    rows = scope(corpus, per).read(table, where=pc.field(actor_column) == actor_id)
    if "mention_kind" in rows:
        rows = rows[rows["mention_kind"].isin(kinds_of(kinds))]
    out = with_documents(rows.reset_index(drop=True), corpus)
    out.attrs["counted"] = describe(kinds, per)
    return out
