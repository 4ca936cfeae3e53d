"""Curation: the researcher's decisions about actors, kept in a YAML file and applied by every build.

Linking decides which names are one actor by rules; a researcher who reads the result may know
better: two actors are one person, one actor is two things, a name or a type is wrong.  Each such
decision is one entry (one line) of a curation file, appended by `record` (what the notebook's
`Corpus.merge`, `split`, `rename`, `retype` and the `corpus-tools actors` commands call):

    decisions:
    - {merge: dupont, into: jean-dupont, why: same person, who: alice, when: '2026-12-07T17:30:00+00:00'}
    - {split: otan, forms: [Organisation], why: another organisation, who: alice, when: '...'}
    - {rename: jean-dupont, name: Jean A. Dupont, why: as he signs, who: alice, when: '...'}
    - {retype: barkhane, type: event, why: an operation, who: alice, when: '...'}

An actor is named by its id (`actors.actor_id`) as the build before the decision had it.  A merge
keeps the id, name and type of the actor merged `into`; a split gives the `forms` (names as written,
case and accents aside) of an actor to a new actor, named by them; rename and retype keep the id.

The file is hand work: it lives outside the build folder (`default_file`: `<build>.curation.yaml`
beside the build folder, or the file `--curation` names), so `make clean` never deletes it.  The
build reads it as one of its inputs (`load`: checked before anything is written, each error one line
naming the file and the line) and `apply` runs its decisions in order after the linking rules, on the
same union-find (a merge is a join no guard refuses) -- so a rebuild, or a build from scratch, gives
the same actors.  Each decision is a row of the `merges` table (rule `curation`) and a line of the
actor's `actors.curation`.
"""
from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd
import yaml

from ..userfiles import UserFileError, check_keys, load_yaml, where
from .clusters import Clusters
from .normalize import actor_id_for, normalize_name, unique_id
from .registry import TYPES

ACTIONS = {"merge": "into", "split": "forms", "rename": "name", "retype": "type"}   # action -> its second key
KEYS = (*ACTIONS, *ACTIONS.values(), "why", "who", "when")
HEADER = ("# Actor curation: decisions applied by corpus-tools build after actor linking, in order.\n"
          "# One entry per decision (who, when, why); actors by their id. See README, 'Curating actors'.\n")


class CurationError(UserFileError):
    """A curation file that cannot be used; the message names the file and the line."""


@dataclass(frozen=True)
class Decision:
    """One decision: `action` (merge, split, rename, retype) on `actor` (an id), with its `value`
    (the actor merged into, the forms split off, the new name or type), why, who and when."""
    action: str
    actor: str
    value: str | tuple[str, ...]
    why: str = ""
    who: str = ""
    when: str = ""
    line: int = 0

    def entry(self) -> dict:
        """The decision as an entry of the file."""
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {self.action: self.actor, ACTIONS[self.action]: value, "why": self.why, "who": self.who,
                "when": self.when}

    def words(self) -> str:
        """What the decision does, in words.

        >>> Decision("merge", "dupont", "jean-dupont").words()
        "merge 'dupont' into 'jean-dupont'"
        """
        value = ", ".join(self.value) if isinstance(self.value, tuple) else self.value
        return {"merge": f"merge '{self.actor}' into '{value}'",
                "split": f"split the forms {value} off '{self.actor}' into a new actor",
                "rename": f"rename '{self.actor}' to '{value}'",
                "retype": f"retype '{self.actor}' as {value}"}[self.action]

    def signed(self) -> str:
        """Who decided, when and why: "alice, 2026-12-07: same person"."""
        return f"{self.who or 'unknown'}, {self.when[:10] or 's.d.'}: {self.why or 'no reason given'}"


@dataclass
class Curation:
    """The decisions of one curation file (none: no file), and the digest of its text."""
    path: Path | None = None
    decisions: list[Decision] = field(default_factory=list)
    digest: str = ""

    def at(self, decision: Decision) -> str:
        """"curation file FILE, line N" of a decision."""
        return f"curation file {self.path}" + (f", line {decision.line}" if decision.line else "")


def default_file(out: str | Path) -> Path:
    """The curation file of a build folder when none is named: beside it, `<build>.curation.yaml`
    (`build` -> `build.curation.yaml`), outside what `make clean` deletes.

    >>> default_file("work/build").as_posix()
    'work/build.curation.yaml'
    """
    out = Path(out)
    out = out if out.name else out.resolve()
    return out.with_name(f"{out.name}.curation.yaml")


def load(path: str | Path | None, required: bool = False) -> Curation:
    """The decisions of the curation file at `path`, checked; an empty `Curation` when there is no
    file (CurationError when `required`: a file the user named).  Every error names the file and line."""
    if path is None:
        return Curation()
    path = Path(path)
    if not path.is_file():
        if required:
            raise CurationError(f"curation file {path} does not exist")
        return Curation(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CurationError(f"cannot read curation file {path}: {exc}") from None
    name = f"curation file {path}"
    data = load_yaml(text, name) or {}
    check_keys(data, name, "curation file", ("decisions",))
    entries = data.get("decisions") or []
    if not isinstance(entries, list):
        raise CurationError(f"{where(name, data)}: 'decisions' must be a list of entries")
    return Curation(path, [decision(e, name) for e in entries], hashlib.sha256(text.encode()).hexdigest()[:16])


def decision(entry: object, name: str) -> Decision:
    """One entry of a curation file as a `Decision`; CurationError naming the file and line otherwise."""
    try:
        check_keys(entry, name, "decision", KEYS)
    except UserFileError as exc:
        raise CurationError(str(exc)) from None
    actions = [a for a in ACTIONS if a in entry]
    if len(actions) != 1:
        raise CurationError(f"{where(name, entry)}: a decision holds one of {', '.join(ACTIONS)} "
                            f"(found {', '.join(actions) or 'none'})")
    action = actions[0]
    actor, value = entry[action], entry.get(ACTIONS[action])
    if not isinstance(actor, str) or not actor.strip():
        raise CurationError(f"{where(name, entry)}: {action}: an actor id is required")
    value = checked_value(action, value, where(name, entry))
    return Decision(action, actor.strip(), value, *(str(entry.get(k) or "") for k in ("why", "who", "when")),
                    line=getattr(entry, "line", 0))


def checked_value(action: str, value: object, at: str) -> str | tuple[str, ...]:
    """The second key of a decision, checked: an actor id, a list of forms, a name, a type."""
    key = ACTIONS[action]
    if action == "split":
        forms = [value] if isinstance(value, str) else value
        listed = isinstance(forms, (list, tuple)) and forms
        if not listed or not all(isinstance(f, str) and f.strip() for f in forms):
            raise CurationError(f"{at}: split: 'forms' must be a list of names as written")
        return tuple(f.strip() for f in forms)
    if not isinstance(value, str) or not value.strip():
        raise CurationError(f"{at}: {action}: '{key}' is required")
    if action == "retype" and value not in TYPES:
        raise CurationError(f"{at}: retype: unknown type {value!r} (one of {', '.join(TYPES)})")
    return value.strip()


def record(path: str | Path, action: str, actor: str, value: str | list[str] | tuple[str, ...],
           why: str = "", who: str | None = None) -> Decision:
    """Append one decision to the curation file at `path` (created with its header when new), signed
    with the user's name (`who`, else the login name) and the time; the decision, as read back."""
    path = Path(path)
    value = tuple(value) if isinstance(value, (list, tuple)) else value
    made = Decision(action, actor, checked_value(action, value, str(path)), why or "", who or user_name(),
                    dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat())
    before = path.read_text(encoding="utf-8") if path.is_file() else ""
    if before.strip():
        load(path)                                  # never append to a file the build would refuse
    line = "- " + yaml.safe_dump(made.entry(), default_flow_style=True, allow_unicode=True, width=1 << 30,
                                 sort_keys=False)
    data = yaml.safe_load(before) if before.strip() else None
    head = "" if isinstance(data, dict) and "decisions" in data else "decisions:\n"
    head = (HEADER if not before.strip() else "" if before.endswith("\n") else "\n") + head
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as f:
        f.write(head + line)
    try:
        return load(path).decisions[-1]
    except UserFileError:                           # 'decisions' was not the file's last key: undo
        path.write_text(before, encoding="utf-8")
        raise CurationError(f"curation file {path}: cannot append a decision: 'decisions' must be its "
                            "last key") from None


def user_name() -> str:
    """Who is deciding: $CORPUS_TOOLS_USER, else the login name."""
    try:
        return os.environ.get("CORPUS_TOOLS_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


# ---------------------------------------------------------------- applying the decisions in a build

Describe = Callable[[pd.Series, set], dict]   # (roots, which roots) -> root -> {"id", "name", "type", ...}


@dataclass
class Applied:
    """The clusters after curation: each candidate's cluster (`roots`), each cluster's description
    (`info`, curated ones with their fixed id) and the rows for the `merges` table (`notes`)."""
    roots: pd.Series
    info: dict[str, dict]
    notes: list[dict]


class Curator:
    """Runs a curation's decisions, in order, over the linked clusters (see `apply`)."""

    def __init__(self, curation: Curation, cands: pd.DataFrame, nodes: pd.Series, roots: pd.Series,
                 clusters: Clusters, info: dict[str, dict], ids: dict[str, str], describe: Describe):
        self.curation, self.cands, self.nodes, self.clusters = curation, cands, nodes, clusters
        self.roots = roots.copy()
        self.info = {r: {**i, "id": ids[r]} for r, i in info.items()}   # every id fixed: decisions name them
        self.describe = describe
        self.notes: list[dict] = []

    def root_of(self, actor: str, d: Decision) -> str:
        """The cluster of the actor a decision names by id; CurationError (file, line) when no actor of
        the build has that id, saying which actor holds a name of that slug now (one merged away)."""
        by_id = [r for r, i in self.info.items() if i["id"] == actor]
        if by_id:
            return by_id[0]
        names = self.cands[self.cands["kind"] == "name"]
        held = sorted({self.info[r]["id"] for r, t in zip(self.roots[names.index], names["text"])
                       if actor_id_for(t) == actor and r in self.info})
        now = f" (a name of that id is now a form of: {', '.join(held)})" if held else ""
        raise CurationError(f"{self.curation.at(d)}: no actor '{actor}' in this build{now}")

    def note(self, root: str, variant: str, d: Decision, text: str, n: int = 0, row: bool = True) -> None:
        """A line of the actor's `curation` column, and (`row`) a `merges` row (rule curation)."""
        if row:
            self.notes.append({"root": root, "key": variant, "rule": "curation", "n": n,
                               "evidence": self.evidence(d, text)})
        self.info[root].setdefault("curation", [])
        self.info[root]["curation"] = [*self.info[root]["curation"], f"{text} ({d.signed()})"]

    def evidence(self, d: Decision, text: str) -> str:
        """A decision's `merges` evidence: where it is written, what it did, who, when and why."""
        return f"{self.curation.at(d)}: {text} ({d.signed()})"

    def merge(self, d: Decision) -> None:
        """`d.actor` joins `d.value`, which keeps its id, name and type."""
        src, dst = self.root_of(d.actor, d), self.root_of(d.value, d)
        if src == dst:
            return                                     # the rules joined them already
        gone, kept = self.info.pop(src), self.info.pop(dst)
        text = f"merged with '{gone['name']}' ({gone['id']})"
        joining = set(self.clusters.members.get(src, {src})) | set(self.nodes[self.roots == src])
        self.clusters.union(src, dst, "curation", self.evidence(d, text), checked=False)
        for key in joining:       # each form of the actor merged in: a `merges` row of this decision
            self.clusters.reason[key] = ("curation", self.evidence(d, text))
        root = self.clusters.find(dst)
        self.roots = self.roots.where(~self.roots.isin([src, dst]), root)
        self.info[root] = {**kept, "curation": [*kept.get("curation", []), *gone.get("curation", [])]}
        self.forward(src, root)
        self.forward(dst, root)
        self.note(root, gone["name"], d, text, row=False)

    def split(self, d: Decision) -> None:
        """The forms `d.value` of `d.actor` (and the role titles standing for them) become a new actor."""
        root = self.root_of(d.actor, d)
        keys = {normalize_name(f) for f in d.value}
        mine = self.roots == root
        kind = self.cands["kind"]
        moved = mine & (((kind == "name") & self.cands["key"].isin(keys)) | ((kind == "title") & self.nodes.isin(keys)))
        if not moved.any() or moved.sum() == mine.sum():
            forms = sorted(set(self.cands.loc[mine & (kind == "name"), "text"]))
            problem = "none of" if not moved.any() else "all of"
            raise CurationError(f"{self.curation.at(d)}: split: {', '.join(d.value)} are {problem} the forms of "
                                f"'{d.actor}' ({', '.join(forms)}): name some of them")
        new = f"~curation:{d.line}:{sorted(keys)[0]}"
        self.clusters.find(new)
        self.clusters.members[new] = keys
        self.roots = self.roots.mask(moved, new)
        fresh = self.describe(self.roots, {root, new})
        old = self.info[root]
        if normalize_name(old["name"]) in keys:       # its display name left with the forms
            old["name"] = fresh[root]["name"]
        taken = {i["id"] for i in self.info.values()}
        self.info[new] = {**fresh[new], "id": unique_id(fresh[new]["name"], taken)}
        self.note(new, ", ".join(d.value), d, f"split from '{old['name']}' ({old['id']})", int(moved.sum()))
        self.note(root, ", ".join(d.value), d, f"forms {', '.join(d.value)} split off to "
                  f"'{self.info[new]['name']}' ({self.info[new]['id']})")

    def rename(self, d: Decision) -> None:
        """`d.actor` is displayed as `d.value` (its id stays)."""
        root = self.root_of(d.actor, d)
        old = self.info[root]["name"]
        self.info[root]["name"] = d.value
        self.note(root, old, d, f"renamed from '{old}'")

    def retype(self, d: Decision) -> None:
        """`d.actor` is of type `d.value`."""
        root = self.root_of(d.actor, d)
        old = self.info[root]["type"]
        self.info[root]["type"] = d.value
        self.note(root, self.info[root]["name"], d, f"type {d.value} (the rules said {old})")

    def forward(self, old: str, new: str) -> None:
        """Notes made on a cluster that joined another now belong to that one."""
        for n in self.notes:
            if n["root"] == old:
                n["root"] = new


def apply(curation: Curation, cands: pd.DataFrame, nodes: pd.Series, roots: pd.Series, clusters: Clusters,
          info: dict[str, dict], ids: dict[str, str], describe: Describe) -> Applied:
    """Run the decisions of `curation`, in order, over linked candidates: `nodes` is what each
    candidate names (its name key, or the full name a short form or title stands for), `roots` its
    cluster, `info`/`ids` each cluster's description and id as the rules made them, `describe`
    describes clusters anew.  CurationError (file and line) for an actor the build does not have."""
    curator = Curator(curation, cands, nodes, roots, clusters, info, ids, describe)
    for d in curation.decisions:
        getattr(curator, d.action)(d)
    return Applied(curator.roots, curator.info, curator.notes)
