"""The actor registry: known actors, their names, roles, and the country tables.

Two YAML files ship with the package:
- ``data/countries.yaml`` -- a language resource always loaded: per country its
  French name, other names, capital and demonyms (the demonym->country and
  capital->country tables), and world regions with their demonyms ("les Africains");
- ``data/actors.yaml`` -- the shipped registry of actors (switched off with
  ``use_default=False`` / ``--no-default-registry``).
Users add or override entries with their own files (same format as actors.yaml):

    actors:
      - id: otan                      # stable slug; reports name files after it
        name: OTAN                    # display name
        type: organisation            # one of TYPES: person, organisation, government, military, media, event...
        aliases: [l'Alliance atlantique]
        acronyms: [OTAN, NATO]        # matched case-sensitively
        translations: [North Atlantic Treaty Organization]
        roles:                        # titles that name this actor while held
          - titles: [secrétaire général de l'OTAN]
            from: 2014-10-01
            to: 2024-09-30
    overrides:
      join: [[Fayez el-Sarraj, Faiez Al-Sarraj]]   # these names are one actor
      split: [[Mohamed Ali, Mohammed Ali]]         # never merge these automatically

A later file's entry with the same id replaces the earlier one.  A key not listed
above (`alias:` for `aliases:`, `nom:` for `name:`) is an error naming the file, the
line and the key (`userfiles.check_keys`); so is an entry without its `name`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..fold import fold
from ..userfiles import UserFileError, check_keys, load_yaml, shipped_file, where
from .normalize import actor_id_for, normalize_name

TYPES = ("person", "organisation", "country", "government", "armed group", "military", "media", "place", "event",
         "other")
# What each kind of entry may hold (see the module docstring); anything else is a typo to report.
KEYS = {
    "file": ("actors", "countries", "regions", "overrides"),
    "actor": ("id", "name", "type", "aliases", "acronyms", "translations", "roles"),
    "role": ("titles", "from", "to"),
    "country": ("id", "name", "aliases", "capital", "capital_aliases", "demonyms"),
    "region": ("id", "name", "aliases", "demonyms"),
    "overrides": ("join", "split"),
}


class RegistryError(UserFileError):
    """A registry file that cannot be used; the message names the file (and the line of the entry at fault)."""


@dataclass
class Entry:
    """One actor the registry knows: id, display name, type, names and acronyms."""
    id: str
    name: str
    type: str
    names: list[str]          # name, aliases and translations
    acronyms: list[str]


@dataclass
class Role:
    """A title that names `actor_id` while held (ISO dates, inclusive; None: open)."""
    actor_id: str
    titles: list[str]
    start: str | None         # ISO dates, inclusive; None: open
    end: str | None


@dataclass
class Registry:
    """Known actors, country tables, role titles and join/split overrides, with lookup indexes."""
    entries: dict[str, Entry] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)   # folded word -> country id
    demonym_forms: dict[str, list[str]] = field(default_factory=dict)   # country id -> its demonyms as written
    capitals: dict[str, str] = field(default_factory=dict)   # normalised name -> country id
    roles: list[Role] = field(default_factory=list)
    joins: list[tuple[str, str]] = field(default_factory=list)
    splits: list[tuple[str, str]] = field(default_factory=list)
    digest: str = ""
    index: dict[str, str] = field(default_factory=dict)       # normalised name -> id
    acronym_index: dict[str, str] = field(default_factory=dict)  # exact acronym -> id
    _roles_by_title: dict[str, list[Role]] | None = field(default=None, repr=False)

    def lookup(self, surface: str) -> tuple[str, str] | None:
        """(actor id, method) for a surface form the registry knows, else None."""
        if surface in self.acronym_index:
            return self.acronym_index[surface], "acronym"
        key = normalize_name(surface)
        if key in self.index:
            return self.index[key], "registry"
        return None

    def holders(self, title_key: str) -> list[Role]:
        """The roles whose titles normalise to `title_key`."""
        if self._roles_by_title is None:
            self._roles_by_title = {}
            for r in self.roles:
                for t in {normalize_name(t) for t in r.titles}:
                    self._roles_by_title.setdefault(t, []).append(r)
        return self._roles_by_title.get(title_key, [])

    def holder_at(self, title: str, date: str | None, named_in_doc: set[str]) -> tuple[str, str] | None:
        """(actor id, evidence) of who held `title` at `date`; without a date, the one
        holder also named in the document, or the only holder listed."""
        roles = self.holders(normalize_name(title))
        if date:
            held = [r for r in roles if (r.start or "") <= date[:10] <= (r.end or "9999")]
            if len(held) == 1:
                return held[0].actor_id, f"holder of '{title}' on {date[:10]}"
        if not date or not roles:
            named = [r for r in roles if r.actor_id in named_in_doc]
            if len({r.actor_id for r in named}) == 1:
                return named[0].actor_id, f"the holder of '{title}' named in the same document"
            if len({r.actor_id for r in roles}) == 1:
                return roles[0].actor_id, f"the only listed holder of '{title}'"
        return None

    @cached_property
    def gazetteer(self) -> re.Pattern | None:
        """One pattern matching every registry name and acronym as a whole word (case-sensitive)."""
        forms = {f for e in self.entries.values() for f in [*e.names, *e.acronyms] if len(f) > 1}
        return _alternation(forms, flags=0)

    @cached_property
    def title_pattern(self) -> re.Pattern | None:
        """One case-insensitive pattern matching every role title."""
        titles = {t for r in self.roles for t in r.titles}
        return _alternation(titles, flags=re.I)


def _alternation(forms: set[str], flags: int) -> re.Pattern | None:
    if not forms:
        return None
    parts = [re.escape(f).replace("'", "['’]").replace(r"\ ", r"\s+") for f in sorted(forms, key=len, reverse=True)]
    # A name starts a word, or follows an elided article or preposition ("l'Armée", "d'EI", "qu'Ankara");
    # never the second half of a compound ("Nouvelle-Guinée" is not Guinée).
    start = r"(?<![-‐])(?:(?<![\w'’])|(?<=\b[ldjnsctmLDJNSCTM]['’])|(?<=\b[qQ]u['’]))"
    return re.compile(start + r"(?:" + "|".join(parts) + r")(?![\w])", flags)


def default_texts(use_default: bool) -> list[tuple[str, str]]:
    """(name, YAML text) of the shipped files: the country tables, and the actor registry unless
    `use_default` is False."""
    names = ["countries.yaml"] + (["actors.yaml"] if use_default else [])
    return [(f"<corpus_tools>/actors/data/{n}", shipped_file("actors", n).read_text(encoding="utf-8")) for n in names]


def load_registry(paths: list[str] | tuple = (), use_default: bool = True) -> Registry:
    """The country tables and the shipped registry (unless `use_default` is False),
    extended by the files in `paths`."""
    texts = default_texts(use_default)
    for p in paths:
        try:
            texts.append((str(p), Path(p).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            raise RegistryError(f"cannot read registry file {p}: {exc}") from None
    registry = Registry(digest=hashlib.sha256("\0".join(t for _, t in texts).encode()).hexdigest()[:16])
    for name, text in texts:
        try:
            data = load_yaml(text, f"registry file {name}") or {}
            check_keys(data, f"registry file {name}", "registry", KEYS["file"])
            add_countries(registry, data.get("countries") or [], name)
            add_regions(registry, data.get("regions") or [], name)
            add_actors(registry, data.get("actors") or [], name)
            overrides = data.get("overrides") or {}
            check_keys(overrides, f"registry file {name}", "overrides", KEYS["overrides"])
            registry.joins.extend(tuple(p) for p in overrides.get("join") or [])
            registry.splits.extend(tuple(p) for p in overrides.get("split") or [])
        except UserFileError as exc:
            raise RegistryError(str(exc)) from None
        except (TypeError, KeyError, ValueError, AttributeError) as exc:
            raise RegistryError(f"registry file {name} is not valid: {exc}") from None
    build_index(registry)
    return registry


def entries_of(section: object, name: str, what: str) -> list:
    """The entries of a registry section (a list), each checked against the keys its kind may hold."""
    if not isinstance(section, list):
        raise RegistryError(f"{where(f'registry file {name}', section)}: '{what}s' must be a list of entries")
    for entry in section:
        check_keys(entry, f"registry file {name}", f"{what} entry", KEYS[what], required=("name",))
    return section


def add_countries(registry: Registry, countries: list[dict], name: str = "") -> None:
    """Add countries as actors, with their capitals and demonyms (singular and plural)."""
    for c in entries_of(countries, name, "country"):
        cid = c.get("id") or actor_id_for(c["name"])
        registry.entries[cid] = Entry(cid, c["name"], "country", [c["name"], *c.get("aliases", [])], [])
        for capital in [c.get("capital"), *c.get("capital_aliases", [])]:
            if capital:
                registry.capitals[normalize_name(capital)] = cid
        registry.demonym_forms[cid] = list(c.get("demonyms", []))
        for word in c.get("demonyms", []):
            for form in (word, demonym_plural(word)):
                registry.demonyms[fold(form)] = cid


def add_regions(registry: Registry, regions: list[dict], name: str = "") -> None:
    """Add world regions as actors of type place, with their demonyms ("africain" -> Afrique)."""
    for r in entries_of(regions, name, "region"):
        rid = r.get("id") or actor_id_for(r["name"])
        registry.entries[rid] = Entry(rid, r["name"], "place", [r["name"], *r.get("aliases", [])], [])
        for word in r.get("demonyms", []):
            for form in (word, demonym_plural(word)):
                registry.demonyms[fold(form)] = rid


def demonym_plural(word: str) -> str:
    """The French plural of a demonym ('libyen' -> 'libyens', 'national' -> 'nationaux')."""
    return word if word.endswith(("s", "x")) else word[:-2] + "aux" if word.endswith("al") else word + "s"


def add_actors(registry: Registry, actors: list[dict], name: str = "") -> None:
    """Add actor entries (a later entry with the same id replaces the earlier one, roles included)."""
    for a in entries_of(actors, name, "actor"):
        aid = a.get("id") or actor_id_for(a["name"])
        kind = a.get("type", "other")
        if kind not in TYPES:
            raise RegistryError(f"{where(f'registry file {name}', a)}: actor {aid}: unknown type {kind!r} "
                                f"(one of {', '.join(TYPES)})")
        for role in a.get("roles") or []:
            check_keys(role, f"registry file {name}", f"role of actor {aid}", KEYS["role"], required=("titles",))
        names = [a["name"], *a.get("aliases", []), *a.get("translations", [])]
        if aid in registry.entries:                       # a later file replaces the entry, roles too
            registry.roles = [r for r in registry.roles if r.actor_id != aid]
        registry.entries[aid] = Entry(aid, a["name"], kind, names, list(a.get("acronyms", [])))
        for role in a.get("roles", []):
            titles = role["titles"] if isinstance(role["titles"], list) else [role["titles"]]
            registry.roles.append(Role(aid, titles, iso(role.get("from")), iso(role.get("to"))))


def iso(value) -> str | None:
    """A YAML date (or text) as ISO text, or None."""
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else (str(value) if value else None)


def build_index(registry: Registry) -> None:
    """Name keys -> ids; a key claimed by two actors is left out (ambiguous)."""
    claims: dict[str, set[str]] = {}
    for e in registry.entries.values():
        for n in e.names:
            claims.setdefault(normalize_name(n), set()).add(e.id)
    registry.index = {k: next(iter(ids)) for k, ids in claims.items() if len(ids) == 1 and k}
    acr: dict[str, set[str]] = {}
    for e in registry.entries.values():
        for a in e.acronyms:
            acr.setdefault(a, set()).add(e.id)
    registry.acronym_index = {k: next(iter(ids)) for k, ids in acr.items() if len(ids) == 1}
