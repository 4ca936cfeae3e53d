"""Linking: decide which candidate mentions are the same actor (the once-per-build half).

Works on distinct name keys, not on mentions, so its cost grows with the number of
different names in the corpus.  Keys are joined with a union-find; every join keeps
its rule and evidence for the `merges` table, and is refused when it would put two
registry actors, a registry `split` pair, or two people with conflicting names in
one actor.  Joins, strongest first:
  registry   a name, alias, translation or acronym of a registry entry;
  override   a registry `join` pair;
  spelling   the same person name once case, accents, hyphens, al-/el- particles and
             transliteration (Faiez/Fayez, Choïgou/Choigou) are folded;
  fuzzy      person names whose surnames and given names match closely (rapidfuzz),
             compared only inside blocks of equal surname skeleton;
  surname    a bare surname carried by exactly one person in the corpus;
  acronym    "Name (ACR)" in some document, when ACR is never defined otherwise;
  expansion  an acronym and the one organisation name of the corpus that abbreviates
             to it, in French or English word order ("Gouvernement d'entente nationale"
             -> Government of National Accord -> GNA; see `acronyms.initials`).
Short forms ("Haftar", "M. Erdogan") are resolved per mention inside their document
(candidates' `full_key`), so one surname can name different people in different documents.
"""
from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

import pandas as pd
from rapidfuzz import fuzz

from ..schema import columns
from .candidates import COLUMNS
from .acronyms import initials, same_words, segments
from .normalize import ROMAN, actor_id_for, is_acronym, name_tokens, normalize_name, skeleton
from .registry import Registry

TYPE_BY_LABEL = {"PER": "person", "ORG": "organisation", "LOC": "place", "MISC": "other"}
LABEL_BY_TYPE = {"person": "PER", "organisation": "ORG", "government": "ORG", "armed group": "ORG",
                 "media": "ORG", "country": "LOC", "place": "LOC"}
SURNAME_MIN, GIVEN_MIN = 88, 80   # rapidfuzz ratios (0-100) for surnames and given names
SURNAME_NEAR = 80                 # surnames this close join only with identical given names
MENTION_COLUMNS, ACTOR_COLUMNS, MERGE_COLUMNS = columns("mentions"), columns("actors"), columns("merges")


class ActorTables(NamedTuple):
    mentions: pd.DataFrame
    actors: pd.DataFrame
    merges: pd.DataFrame


class Clusters:
    """Union-find over name keys and registry nodes ('@id') that refuses unsafe joins."""

    def __init__(self, splits: list[tuple[str, str]], people: dict[str, tuple], not_people: dict[str, str]):
        self.parent: dict[str, str] = {}
        self.members: dict[str, set[str]] = {}
        self.splits = splits
        self.people = people          # person key -> name tokens
        self.not_people = not_people  # registry node ('@id') of an actor that is no person -> its type
        self.reason: dict[str, tuple[str, str]] = {}
        self.refused: list[tuple[str, str, str]] = []

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        self.members.setdefault(x, {x})
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str, rule: str, evidence: str, force: bool = False) -> bool:
        """Join the clusters of `a` and `b` unless that is unsafe; `force` (a registry join)
        overrides the person-name guard but not a registry split or two registry actors."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        why = self.conflict(self.members[ra], self.members[rb], people=not force)
        if why:
            self.refused.append((a, b, why))
            return False
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] |= self.members.pop(rb)
        for node, other in ((a, b), (b, a)):
            self.reason.setdefault(node, (rule, evidence))
        return True

    def conflict(self, left: set[str], right: set[str], people: bool = True) -> str:
        regs = {m for m in left | right if m.startswith("@")}
        if len(regs) > 1:
            return "two registry actors: " + ", ".join(sorted(r[1:] for r in regs))
        for x, y in self.splits:
            if (x in left and y in right) or (y in left and x in right):
                return f"registry split: {x} / {y}"
        for side, other in ((left, right), (right, left)):
            kind = next((self.not_people[m] for m in side if m in self.not_people), None)
            person = next((m for m in other if len(self.people.get(m, ())) >= 2), None)
            if kind and person:
                return f"'{person}' is a person, the registry actor is a {kind}"
        if not people:
            return ""
        full_l = [self.people[m] for m in left if len(self.people.get(m, ())) >= 2]
        full_r = [self.people[m] for m in right if len(self.people.get(m, ())) >= 2]
        for p in full_l:
            for q in full_r:
                if not same_person(p, q):
                    return f"different people: {' '.join(p)} / {' '.join(q)}"
        return ""


def same_person(p: tuple, q: tuple) -> bool:
    """Surnames close, and the given names of one found among the other's (initials allowed).

    >>> same_person(("faiz", "saraj"), ("faiz", "saraj")), same_person(("taiip", "erdogan"), ("recep", "taiip", "erdogan"))
    (True, True)
    >>> same_person(("george", "bush"), ("jeb", "bush")), same_person(("benoit", "xv"), ("benoit", "xvi"))
    (False, False)
    """
    if ROMAN.fullmatch(p[-1]) or ROMAN.fullmatch(q[-1]):
        return p == q                                     # "Benoît XV" is not "Benoît XVI"
    surname = fuzz.ratio(p[-1], q[-1])
    if surname < SURNAME_MIN:
        # One vowel apart ("Haftar"/"Hafter") only with the very same given names.
        return (surname >= SURNAME_NEAR and len(p) > 1 and p[:-1] == q[:-1]
                and skeleton(p[-1]) == skeleton(q[-1]))
    short, long_ = sorted((p[:-1], q[:-1]), key=len)
    return all(any(given_match(g, h) for h in long_) for g in short)


def given_match(g: str, h: str) -> bool:
    if len(g) == 1 or len(h) == 1:
        return g[0] == h[0]
    return fuzz.ratio(g, h) >= GIVEN_MIN


def link(cands: pd.DataFrame, documents: pd.DataFrame, registry: Registry | None = None) -> ActorTables:
    """Group candidates into actors; see the module docstring for the rules."""
    registry = registry or Registry()
    cands = cands.reindex(columns=COLUMNS) if not cands.empty else cands
    if cands.empty:
        return ActorTables(pd.DataFrame(columns=MENTION_COLUMNS), pd.DataFrame(columns=ACTOR_COLUMNS),
                           pd.DataFrame(columns=MERGE_COLUMNS))
    cands = cands.reset_index(drop=True)
    names = cands[cands["kind"] == "name"]
    people = person_keys(names)
    clusters = Clusters([(normalize_name(a), normalize_name(b)) for a, b in registry.splits], people,
                        {"@" + e.id: e.type for e in registry.entries.values() if e.type != "person"})
    join_registry(clusters, cands, registry)
    join_spelling(clusters, people)
    join_fuzzy(clusters, people)
    notes = join_surnames(clusters, people, names)
    notes += join_acronyms(clusters, names)
    notes += join_expansions(clusters, names, people, registry)
    nodes = resolve(cands, clusters)
    return tables(cands, nodes, clusters, documents, registry, people, notes)


def person_keys(names: pd.DataFrame) -> dict[str, tuple]:
    """Keys used mostly as person names (or as the full name of a short form) -> name tokens."""
    counts = names.groupby(["key", "label"]).size().unstack(fill_value=0)
    per = counts["PER"] if "PER" in counts else pd.Series(0, index=counts.index)
    keys = set(counts.index[(per > 0) & (per >= counts.max(axis=1))])
    keys |= set(names["full_key"].dropna())
    keys -= set(names.loc[names["ref"].notna() & (names["label"] != "PER"), "key"])
    keys -= set(names.loc[names["typed"].eq(True), "key"])   # "la société « Wagner »"
    return {k: name_tokens(k) for k in keys if name_tokens(k)}


def join_registry(clusters: Clusters, cands: pd.DataFrame, registry: Registry) -> None:
    for ref in cands["ref"].dropna().unique():
        clusters.find("@" + ref)
    named = cands[(cands["kind"] == "name") & cands["ref"].notna()].drop_duplicates(["key", "ref"])
    for row in named.itertuples():
        clusters.union(row.key, "@" + row.ref, "registry", row.evidence or f"registry entry {row.ref}")
    for a, b in registry.joins:
        clusters.union(normalize_name(a), normalize_name(b), "override", f"registry join: {a} = {b}", force=True)


def join_spelling(clusters: Clusters, people: dict[str, tuple]) -> None:
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
    """A bare surname joins the one person of the corpus who carries it (spelled alike once
    folded); carried by several, or also a given name in the corpus ("Charles"): kept apart."""
    by_surname, given = defaultdict(set), set()
    for key, toks in people.items():
        if len(toks) >= 2:
            by_surname[toks[-1]].add(key)
            given.add(toks[0])
    notes = []
    for key, toks in people.items():
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
            notes.append({"key": key, "rule": "kept-apart",
                          "evidence": "acronym defined for several actors: " + " / ".join(sorted(set(group["stands_for"])))})
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
    docs_of = names.groupby("key")["doc_id"].agg(frozenset)
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


def abbreviations(key: str, registry: Registry) -> frozenset[str]:
    """Acronyms of a name key, also without a nationality adjective closing it: acronyms rarely
    keep it ("gouvernement d'entente nationale libyen" -> GNA)."""
    return initials(key) | initials(strip_demonym(key, registry))


def strip_demonym(key: str, registry: Registry) -> str:
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


def resolve(cands: pd.DataFrame, clusters: Clusters) -> pd.Series:
    """The cluster root of every candidate row."""
    node = cands["key"].where(cands["kind"] == "name", "@" + cands["ref"].fillna(""))
    node = cands["full_key"].where(cands["full_key"].notna() & (cands["kind"] != "demonym"), node)
    node = cands["stands_for"].where(cands["stands_for"].notna() & (cands["kind"] == "name"), node)
    roots = {n: clusters.find(n) for n in node.unique()}
    return node.map(roots)


def tables(cands: pd.DataFrame, roots: pd.Series, clusters: Clusters, documents: pd.DataFrame,
           registry: Registry, people: dict[str, tuple], notes: list[dict]) -> ActorTables:
    cands = cands.assign(root=roots)
    names = cands[cands["kind"] == "name"]
    forms = per_root(names.groupby(["root", "text"]).size())
    labels = per_root(names.groupby(["root", "label"]).size())
    info = {root: describe(root, clusters, forms.get(root, {}), labels.get(root, {}), registry, people)
            for root in cands["root"].unique()}
    ids = unique_ids(info)
    cands["actor_id"] = cands["root"].map(ids)
    cands["method"] = methods(cands, info)
    mentions = cands[MENTION_COLUMNS].sort_values(["doc_id", "start_char"], kind="stable").reset_index(drop=True)
    return ActorTables(mentions, actor_table(cands, info, ids, documents), merge_table(cands, info, clusters, notes))


def per_root(counts: pd.Series) -> dict[str, dict[str, int]]:
    """A (root, value) -> count series as {root: {value: count}}."""
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for (root, value), n in counts.items():
        out[root][value] = int(n)
    return out


def describe(root: str, clusters: Clusters, forms: dict[str, int], labels: dict[str, int], registry: Registry,
             people: dict[str, tuple]) -> dict:
    """Display name and type of one cluster: the registry's, else its most telling name form."""
    members = clusters.members.get(root, {root})
    reg = next((m[1:] for m in members if m.startswith("@")), None)
    if reg and reg in registry.entries:
        entry = registry.entries[reg]
        return {"id": reg, "name": entry.name, "type": entry.type}
    is_person = any(len(people.get(m, ())) >= 2 for m in members)
    # Prefer a full name of several words, then an acronym over a lone word ("OTAN" over
    # "Organisation"), then the most frequent.
    name = max(forms, key=lambda f: (len(f.split()) >= 2 and not is_acronym(f), is_acronym(f), forms[f], -len(f), f),
               default=root)
    if is_person:
        kind = "person"
    elif labels:
        kind = TYPE_BY_LABEL.get(max(labels, key=lambda l: (labels[l], l == "PER", l == "ORG")), "other")
    else:
        kind = "other"
    return {"id": None, "name": name, "type": kind}


def unique_ids(info: dict) -> dict[str, str]:
    """Registry ids as they are; other actors a slug of their name, numbered on a clash."""
    ids, taken = {}, {i["id"] for i in info.values() if i["id"]}
    for root in sorted(info, key=lambda r: (info[r]["id"] is None, info[r]["name"], r)):
        if info[root]["id"]:
            ids[root] = info[root]["id"]
            continue
        base = actor_id_for(info[root]["name"])
        cand, n = base, 2
        while cand in taken:
            cand, n = f"{base}-{n}", n + 1
        taken.add(cand)
        ids[root] = cand
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
    acronym = cands["text"].map(is_acronym).astype(bool)
    method[ner & ~own & ~via_registry & acronym] = "acronym"
    method[ner & ~own & ~via_registry & ~acronym] = "alias"
    return method


def actor_table(cands: pd.DataFrame, info: dict, ids: dict, documents: pd.DataFrame) -> pd.DataFrame:
    source = documents.set_index("doc_id")["source"] if "source" in documents else pd.Series(dtype=object)
    cands = cands.assign(source=cands["doc_id"].map(source))
    by_root = cands.groupby("root")
    kinds = cands.groupby(["root", "kind"]).size().unstack(fill_value=0)
    aliases = (cands[cands["kind"] == "name"].groupby(["root", "text"]).size().rename("n").reset_index()
               .sort_values(["root", "n", "text"], ascending=[True, False, True])
               .groupby("root")["text"].agg(list))
    roots = by_root.size().index
    actors = pd.DataFrame({
        "actor_id": roots.map(ids), "name": [info[r]["name"] for r in roots],
        "type": [info[r]["type"] for r in roots],
        "aliases": [aliases.get(r, []) for r in roots],
        "n_mentions": by_root.size().to_numpy(), "n_docs": by_root["doc_id"].nunique().to_numpy(),
        "n_sources": by_root["source"].nunique().to_numpy(),
        **{f"n_{k}_mentions": kinds.get(k, pd.Series(0, index=roots)).reindex(roots, fill_value=0).to_numpy()
           for k in ("name", "demonym", "title")},
    })
    return actors.sort_values(["n_mentions", "actor_id"], ascending=[False, True]).reset_index(drop=True)


def merge_table(cands: pd.DataFrame, info: dict, clusters: Clusters, notes: list[dict]) -> pd.DataFrame:
    """One row per (actor, variant, rule): why each form joined its actor, and joins refused.

    Works on distinct (actor, form, context) combinations, not on every mention."""
    keys = ["root", "actor_id", "text", "kind", "method", "label", "key", "full_key", "stands_for", "repair"]
    distinct = (cands.groupby(keys, dropna=False, sort=False)
                .agg(n=("doc_id", "size"), doc_id=("doc_id", "first"), evidence=("evidence", "first"))
                .reset_index())
    rows = []
    for r in distinct.itertuples():
        actor = info[r.root]
        if not (r.kind == "name" and normalize_name(r.text) == normalize_name(actor["name"])):
            rule, evidence = rule_of(r, clusters)
            rows.append((r.actor_id, r.text, rule, evidence, r.n))
        if isinstance(r.repair, str):
            rows.append((r.actor_id, r.text, "ner-repair", r.repair, r.n))
        expected = LABEL_BY_TYPE.get(actor["type"])
        if r.kind == "name" and expected and r.label in TYPE_BY_LABEL and r.label != expected:
            rows.append((r.actor_id, r.text, "ner-type-repair",
                         f"tagged {r.label} by the NER; the actor's type is {actor['type']}", r.n))
    key_actor = dict(zip(cands["key"], cands["actor_id"]))
    for n in notes:
        rows.append((key_actor.get(n["key"], actor_id_for(n["key"])), n["key"], n["rule"], n["evidence"], 0))
    for a, b, why in clusters.refused:
        rows.append((key_actor.get(a, a.lstrip("@")), a.lstrip("@"), "kept-apart",
                     f"not joined with '{b.lstrip('@')}': {why}", 0))
    frame = pd.DataFrame(rows, columns=MERGE_COLUMNS)
    return (frame.groupby(["actor_id", "variant", "rule"], sort=True)
            .agg(evidence=("evidence", "first"), n=("n", "sum")).reset_index()[MERGE_COLUMNS])


def rule_of(r, clusters: Clusters) -> tuple[str, str]:
    if r.kind != "name":
        return r.method, r.evidence
    if pd.notna(r.full_key):
        return "short-form", f"'{r.text}' ends '{r.full_key}' in document {r.doc_id}"
    if pd.notna(r.stands_for):
        return ("acronym" if is_acronym(r.text) else "short-form"), r.evidence
    return clusters.reason.get(r.key, ("ner", "the actor's own name"))
