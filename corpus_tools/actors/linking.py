"""Linking: decide which candidate mentions are the same actor (the once-per-build half).

Works on distinct name keys, not on mentions, so its cost grows with the number of
different names in the corpus.  Keys are joined with a union-find; every join keeps
its rule and evidence for the `merges` table, and is refused when it would put two
registry actors, a registry `split` pair, or two people with conflicting names in
one actor.  Joins, strongest first:
  registry   a name, alias, translation or acronym of a registry entry;
  override   a registry `join` pair;
  collective a collective's words and its actor ("Forces armées soudanaises", see `collectives`);
  spelling   the same person name once case, accents, hyphens, al-/el- particles and
             transliteration (Faiez/Fayez, Choïgou/Choigou) are folded;
  fuzzy      person names whose surnames and given names match closely (rapidfuzz),
             compared only inside blocks of equal surname skeleton;
  surname    a bare surname carried by exactly one person in the corpus, spelled the same (case and
             accents aside);
  acronym    "Name (ACR)" in some document, when ACR is never defined otherwise;
  expansion  an acronym and the one organisation name of the corpus that abbreviates
             to it, in French or English word order ("Gouvernement d'entente nationale"
             -> Government of National Accord -> GNA; see `acronyms.initials`);
  short-form an organisation name without its institution noun ("Nations unies");
  articles   names of three words or more that differ only by the articles after their
             prepositions ("Forum mondial de la langue française" / "de langue française");
  curation   last, the researcher's decisions (merge, split, rename, retype; `curation`), which no
             guard refuses.
Short forms ("Haftar", "M. Erdogan") are resolved per mention inside their document
(candidates' `full_key`), so one surname can name different people in different documents.
"""
from __future__ import annotations

import re
from collections import defaultdict

import pandas as pd
from rapidfuzz import fuzz

from .acronyms import initials, same_words, segments
from .collectives import join_collectives
from .finding import COLUMNS
from .clusters import Clusters, same_person
from .normalize import (GENERIC_HEADS, is_acronym, name_tokens, name_words, normalize_name, skeleton,
                        without_articles)
from .curation import Curation
from .curation import apply as apply_curation
from .outputs import ActorTables, build_tables, describe_roots, empty_tables, unique_ids
from .registry import Registry

HEADLESS = re.compile(r"(?P<head>\w+) (?:des|du|de la|de l'|de|d')\s*(?P<rest>.+)")


def link(cands: pd.DataFrame, documents: pd.DataFrame, registry: Registry | None = None,
         curation: Curation | None = None) -> ActorTables:
    """Group candidates into actors; see the module docstring for the rules.  The researcher's
    `curation` decisions run last, in order (`curation.apply`)."""
    registry = registry or Registry()
    cands = cands.reindex(columns=COLUMNS) if not cands.empty else cands
    if cands.empty:
        return empty_tables()
    cands = cands.reset_index(drop=True)
    names = cands[cands["kind"] == "name"]
    people = person_keys(names)
    clusters = Clusters([(normalize_name(a), normalize_name(b)) for a, b in registry.splits], people,
                        {"@" + e.id: e.type for e in registry.entries.values() if e.type != "person"},
                        named_apart(names, people))
    join_registry(clusters, cands, registry)
    join_collectives(clusters, names)
    join_spelling(clusters, people)
    join_fuzzy(clusters, people)
    notes = join_surnames(clusters, people, names)
    notes += join_acronyms(clusters, names)
    notes += join_expansions(clusters, names, people, registry)
    join_headless(clusters, names, people)
    join_articles(clusters, names, people)
    nodes = named_nodes(cands)
    roots = resolve(nodes, clusters)
    if curation is None or not curation.decisions:
        return build_tables(cands, roots, clusters, documents, registry, people, notes)

    def describe(current: pd.Series, which: set | None = None) -> dict[str, dict]:
        return describe_roots(cands.assign(root=current), clusters, documents, registry, people, which)
    info = describe(roots)
    done = apply_curation(curation, cands, nodes, roots, clusters, info, unique_ids(info), describe)
    return build_tables(cands, done.roots, clusters, documents, registry, people, notes + done.notes, done.info)


def person_keys(names: pd.DataFrame) -> dict[str, tuple]:
    """Keys used mostly as person names (or as the full name of a short form) -> name tokens."""
    counts = names.groupby(["key", "ner"]).size().unstack(fill_value=0)
    per = counts["PER"] if "PER" in counts else pd.Series(0, index=counts.index)
    keys = set(counts.index[(per > 0) & (per >= counts.max(axis=1))])
    keys |= set(names["full_key"].dropna())
    keys -= set(names.loc[names["ref"].notna() & (names["ner"] != "PER"), "key"])
    keys -= set(names.loc[names["typed"].eq(True), "key"])   # "la société « Wagner »"
    return {k: name_tokens(k) for k in keys if name_tokens(k)}


def named_apart(names: pd.DataFrame, people: dict[str, tuple]) -> dict[tuple[str, str], str]:
    """Full person names that one document gives two people although their forms would join, one
    holding a given name more ("Moussa Kanté" and "Ali Moussa Kanté", "Paul K. Martin" and "Paul
    J. K. Martin"): within a document a short form takes its full name's key
    (`finding.link_short_forms`), so two such keys left there are two people -- kept apart
    corpus-wide.  (A given name spelled two ways, "Babajide"/"Babadije", is one person.)  (key, key)
    -> one such document."""
    keys = names["full_key"].fillna(names["key"])
    full = keys.map(lambda k: len(people.get(k, ())) >= 2)
    apart: dict[tuple[str, str], str] = {}
    for doc_id, found in keys[full].groupby(names.loc[full, "doc_id"], sort=False):
        distinct = sorted(set(found))
        for i, a in enumerate(distinct):
            for b in distinct[i + 1:]:
                p, q = people[a], people[b]
                if len(p) != len(q) and same_person(p, q):     # a given name more, yet forms that would join
                    apart.setdefault((a, b), str(doc_id))
    return apart


def join_registry(clusters: Clusters, cands: pd.DataFrame, registry: Registry) -> None:
    """Join each name a registry entry gives to that entry, and apply the registry's `join` overrides."""
    for ref in cands["ref"].dropna().unique():
        clusters.find("@" + ref)
    named = cands[(cands["kind"] == "name") & cands["ref"].notna()].drop_duplicates(["key", "ref"])
    for row in named.itertuples():
        clusters.union(row.key, "@" + row.ref, "registry", row.evidence or f"registry entry {row.ref}")
    for a, b in registry.joins:
        clusters.union(normalize_name(a), normalize_name(b), "override", f"registry join: {a} = {b}", force=True)


def join_spelling(clusters: Clusters, people: dict[str, tuple]) -> None:
    """Join person names that are the same once case, accents, particles and transliteration are folded."""
    by_tokens = defaultdict(list)
    for key, toks in people.items():
        by_tokens[toks].append(key)
    for keys in by_tokens.values():
        for other in keys[1:]:
            clusters.union(other, keys[0], "spelling",
                           f"'{other}' and '{keys[0]}' are spelled alike once case, accents, hyphens, "
                           "particles and transliteration are folded")


def join_fuzzy(clusters: Clusters, people: dict[str, tuple]) -> None:
    """Compare full person names only inside blocks of the same surname skeleton."""
    blocks = defaultdict(dict)
    for key, toks in people.items():
        if len(toks) >= 2:
            blocks[skeleton(toks[-1])].setdefault(toks, key)
    for block in blocks.values():
        items = sorted(block.items())
        for i, (p, kp) in enumerate(items):
            for q, kq in items[i + 1:]:
                if same_person(p, q):
                    clusters.union(kq, kp, "fuzzy",
                                   f"'{kq}' ~ '{kp}': surname ratio {fuzz.ratio(p[-1], q[-1]):.0f}, "
                                   "given names compatible")


def join_surnames(clusters: Clusters, people: dict[str, tuple], names: pd.DataFrame) -> list[dict]:
    """A bare surname joins the one person of the corpus who carries it, spelled the same once case
    and accents are folded -- not once transliteration is: a lone word has too little to tell
    "Rosette" from "Rosset" or "Moïse" from "Moyes"; carried by several, or also a given name in the
    corpus ("Charles"): kept apart."""
    words = {key: name_words(key) for key in people}
    by_surname, given = defaultdict(set), set()
    for key, toks in words.items():
        if len(toks) >= 2:
            by_surname[toks[-1]].add(key)
            given.add(toks[0])
    notes = []
    for key, toks in words.items():
        if len(toks) != 1:
            continue
        owners = {clusters.find(k) for k in by_surname.get(toks[0], ())}
        if owners and toks[0] in given:
            notes.append({"key": key, "rule": "kept-apart",
                          "evidence": f"'{key}' is also a given name in the corpus"})
            continue
        if len(owners) == 1:
            owner = next(iter(owners))
            clusters.union(key, owner, "surname", f"'{key}' is the surname of one person only in the corpus")
        elif len(owners) > 1:
            full = sorted({k for r in owners for k in clusters.members[r] if len(people.get(k, ())) >= 2})
            notes.append({"key": key, "rule": "kept-apart",
                          "evidence": "surname shared by " + " / ".join(full)})
    return notes


def join_acronyms(clusters: Clusters, names: pd.DataFrame) -> list[dict]:
    """An acronym defined once (or always for the same actor) names that actor everywhere."""
    notes = []
    defined = names.dropna(subset=["stands_for"])
    defined = defined[defined["text"].map(is_acronym).astype(bool)]       # head nouns ("l'Alliance") stay per document
    for key, group in defined.groupby("key"):
        targets = {clusters.find(k) for k in group["stands_for"]}
        if len(targets) == 1:
            clusters.union(key, group["stands_for"].iloc[0], "acronym", group["evidence"].iloc[0])
        else:
            meant = " / ".join(sorted(set(group["stands_for"])))
            notes.append({"key": key, "rule": "kept-apart", "evidence": f"acronym defined for several actors: {meant}"})
    return notes


def join_expansions(clusters: Clusters, names: pd.DataFrame, people: dict[str, tuple],
                    registry: Registry) -> list[dict]:
    """Join each acronym of the corpus to the organisation name that abbreviates to it.

    - An acronym standing for a name it abbreviates keeps that meaning: another name with the
      same initials joins only as a translation of it, word for word ("Government of National
      Accord" / "Gouvernement d'entente nationale"); else it is another organisation ("Parti
      socialiste" / "Parti du Sud").
    - An acronym standing only for names it does not abbreviate ("Gouvernement d'union
      nationale (GNA)") joins the one name that does and shares their head noun.
    - An acronym never defined (three letters or more) joins the one name that abbreviates to
      it in a document where both appear."""
    forms = names.drop_duplicates("key")
    acronym_keys = {k: t for k, t in zip(forms["key"], forms["text"]) if is_acronym(t)}
    by_initials: dict[str, set[str]] = defaultdict(set)
    for key in forms["key"]:
        if key not in people and key not in acronym_keys:
            for acr in abbreviations(key, registry):
                by_initials[acr].add(key)
    docs_of: dict[str, set[str]] = defaultdict(set)
    for key, doc_id in zip(names["key"].tolist(), names["doc_id"].tolist()):
        docs_of[key].add(doc_id)
    notes = []
    for key, acr in sorted(acronym_keys.items()):
        root = clusters.find(key)
        others: dict[str, str] = {}
        for name in sorted(by_initials.get(acr, ())):
            if clusters.find(name) != root:
                others.setdefault(clusters.find(name), name)
        if not others:
            continue
        defined = expansions_of(clusters.members[root], acronym_keys, registry)
        if any(acr in abbreviations(d, registry) for d in defined):
            notes += join_translations(clusters, key, acr, defined, list(others.values()), registry)
            continue
        if defined:
            heads = {head(d) for d in defined}
            fits = [n for n in others.values() if head(n) in heads]
            why = f"; {acr} also stands for '{defined[0]}', whose initials it is not"
        else:
            fits = [n for n in others.values() if len(acr) >= 3 and docs_of[n] & docs_of[key]]
            why = ", and both appear in one document"
        if len(fits) == 1:
            clusters.union(fits[0], key, "expansion", f"'{fits[0]}' abbreviates to {acr} (French or English "
                           f"word order){why}")
        elif len(fits) > 1:
            notes.append({"key": key, "rule": "kept-apart",
                          "evidence": f"{acr} abbreviates several names: " + " / ".join(sorted(fits))})
    return notes


def join_translations(clusters: Clusters, key: str, acr: str, defined: list[str], names: list[str],
                      registry: Registry) -> list[dict]:
    """Names abbreviating to an acronym that already abbreviates its own name join it only
    when they say its words; the others are kept apart."""
    notes = []
    for name in names:
        same = next((d for d in defined if same_words(strip_demonym(name, registry), d)), None)
        if same:
            clusters.union(name, key, "expansion", f"'{name}' abbreviates to {acr} and says the words of "
                           f"'{same}', which {acr} stands for")
        else:
            notes.append({"key": key, "rule": "kept-apart",
                          "evidence": f"{acr} stands for '{defined[0]}'; '{name}' also abbreviates to it"})
    return notes


def join_headless(clusters: Clusters, names: pd.DataFrame, people: dict[str, tuple]) -> None:
    """'Nations unies' is 'Organisation des Nations unies' without its institution noun."""
    keys = set(names["key"]) - set(people)
    for key in sorted(keys):
        m = HEADLESS.match(key)
        if m and m["head"] in GENERIC_HEADS and len(m["rest"].split()) >= 2 and m["rest"] in keys:
            clusters.union(m["rest"], key, "short-form",
                           f"'{m['rest']}' is '{key}' without its institution noun")


def join_articles(clusters: Clusters, names: pd.DataFrame, people: dict[str, tuple]) -> None:
    """'Forum mondial de langue française' is 'Forum mondial de la langue française': names of
    three words or more, not people's, equal once the articles after "de" are left out."""
    by_bare = defaultdict(list)
    for key in sorted(set(names["key"]) - set(people)):
        if len(key.split()) >= 3:
            by_bare[without_articles(key)].append(key)
    for keys in by_bare.values():
        for other in keys[1:]:
            clusters.union(other, keys[0], "articles",
                           f"'{other}' and '{keys[0]}' differ only by the articles after 'de'")


def abbreviations(key: str, registry: Registry) -> frozenset[str]:
    """Acronyms of a name key, also without a nationality adjective closing it: acronyms rarely
    keep it ("gouvernement d'entente nationale libyen" -> GNA)."""
    return initials(key) | initials(strip_demonym(key, registry))


def strip_demonym(key: str, registry: Registry) -> str:
    """A name key without the nationality adjective closing it ('gouvernement ... libyen')."""
    words = key.split()
    return " ".join(words[:-1]) if len(words) > 2 and words[-1] in registry.demonyms else key


def expansions_of(members: set[str], acronym_keys: dict[str, str], registry: Registry) -> list[str]:
    """Full names in an acronym's cluster: its definitions in the text and registry names."""
    out = sorted(m for m in members if not m.startswith("@") and m not in acronym_keys and len(m.split()) > 1)
    for m in sorted(members):
        if m.startswith("@") and m[1:] in registry.entries:
            out += [normalize_name(n) for n in registry.entries[m[1:]].names if len(n.split()) > 1]
    return out


def head(name: str) -> str:
    """The head noun of an organisation name: its first content word."""
    segs = segments(name)
    return segs[0][0] if segs else ""


def named_nodes(cands: pd.DataFrame) -> pd.Series:
    """What every candidate row names: its name key, the full name a short form or title stands
    for, the name an acronym stands for, or the registry actor ('@id') of a demonym or capital."""
    node = cands["key"].where(cands["kind"] == "name", "@" + cands["ref"].astype(object).fillna(""))
    node = cands["full_key"].where(cands["full_key"].notna() & (cands["kind"] != "demonym"), node)
    return cands["stands_for"].where(cands["stands_for"].notna() & (cands["kind"] == "name"), node)


def resolve(nodes: pd.Series, clusters: Clusters) -> pd.Series:
    """The cluster root of every candidate row (of what it names, `named_nodes`)."""
    roots = {n: clusters.find(n) for n in nodes.unique()}
    return nodes.map(roots)
