"""Outlet registry: identify an article's outlet and its site-specific furniture; know the wire agencies.

The registry is a YAML data file (`data/outlets.yaml`, documented there) that
users extend with their own files.  Identification order: a URL's domain, then
a name (supplied or read from an export) matched against names and aliases,
then a text signature.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable
from urllib.parse import urlparse

import yaml

DEFAULT = Path(__file__).with_name("data") / "outlets.yaml"


@dataclass(frozen=True)
class Outlet:
    """One outlet of the registry: its names, web domains, text signatures and page furniture."""
    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    signatures: tuple[re.Pattern, ...] = ()
    boilerplate: tuple[re.Pattern, ...] = ()
    agency: str | None = None


@dataclass(frozen=True)
class OutletRegistry:
    """The known outlets and wire agencies (the built-in data file and the user's)."""
    outlets: tuple[Outlet, ...]
    agencies: dict[str, tuple[str, ...]]
    digest: str

    def outlet_for(self, url: str | None = None, name: str | None = None, text: str | None = None) -> Outlet | None:
        """The outlet of an article: by its URL's domain, else by a name, else by a text signature."""
        return (url and self.by_url(url)) or (name and self.by_name(name)) or (text and self.by_text(text)) or None

    def by_url(self, url: str) -> Outlet | None:
        """The outlet whose domain (or a subdomain of it) serves `url`."""
        host = (urlparse(url if "//" in url else f"//{url}").hostname or "").lower()
        for o in self.outlets:
            if any(host == d or host.endswith("." + d) for d in o.domains):
                return o
        return None

    def by_name(self, name: str) -> Outlet | None:
        """The outlet with this name or alias (case, spaces and punctuation aside)."""
        return self._by_key.get(name_key(name))

    @cached_property
    def _by_key(self) -> dict[str, Outlet]:
        keys: dict[str, Outlet] = {}
        for outlet in self.outlets:
            for n in (outlet.name, *outlet.aliases):
                keys.setdefault(name_key(n), outlet)
        return keys

    def by_text(self, text: str) -> Outlet | None:
        """The first outlet one of whose signatures occurs in `text`."""
        return next((o for o in self.outlets if any(s.search(text) for s in o.signatures)), None)

    @property
    def agency_pattern(self) -> re.Pattern:
        """Any agency spelling as a whole word (group 1: the spelling)."""
        return agency_regex(tuple((code, tuple(names)) for code, names in self.agencies.items()))

    def agency_code(self, spelling: str) -> str | None:
        """The canonical code of an agency spelling ("Agence France-Presse" -> "AFP"), or None."""
        return next((code for code, names in self.agencies.items() if spelling in names), None)


@lru_cache(maxsize=8)
def agency_regex(agencies: tuple[tuple[str, tuple[str, ...]], ...]) -> re.Pattern:
    """One alternation of every spelling, longest first (cached: registries are few)."""
    names = sorted({n for _, ns in agencies for n in ns}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


def name_key(s: str) -> str:
    """An outlet name for comparison: lower case, letters and digits only ("L'Orient-Le Jour" -> "lorientlejour")."""
    return re.sub(r"[\W_]+", "", s.casefold().replace("’", "'"))


def load_outlets(extra: Iterable[str | Path] = (), builtin: bool = True) -> OutletRegistry:
    """The built-in registry, extended (and overridden by name) by the user's YAML files.

    `builtin=False` keeps only the built-in agencies: no outlet is known (used to measure the general rules).
    """
    paths = [DEFAULT, *map(Path, extra)]
    outlets: dict[str, Outlet] = {}
    agencies: dict[str, tuple[str, ...]] = {}
    digest = hashlib.sha256()
    for path in paths:
        raw = path.read_bytes()
        digest.update(raw)
        data = yaml.safe_load(raw) or {}
        for code, names in (data.get("agencies") or {}).items():
            agencies[str(code)] = tuple(str(n) for n in names)
        for entry in data.get("outlets") or [] if builtin or path != DEFAULT else []:
            outlet = make_outlet(entry, path)
            outlets[outlet.name] = outlet
    return OutletRegistry(tuple(outlets.values()), agencies, digest.hexdigest())


def make_outlet(entry: dict, path: Path) -> Outlet:
    """An `Outlet` from one YAML entry; ValueError naming the file when it is malformed."""
    if not isinstance(entry, dict) or not entry.get("name"):
        raise ValueError(f"{path}: every outlet needs a name (got {entry!r})")
    try:
        return Outlet(name=str(entry["name"]),
                      aliases=tuple(map(str, entry.get("aliases") or ())),
                      domains=tuple(str(d).lower() for d in entry.get("domains") or ()),
                      signatures=tuple(re.compile(s, re.M) for s in entry.get("signatures") or ()),
                      boilerplate=tuple(re.compile(s) for s in entry.get("boilerplate") or ()),
                      agency=entry.get("agency"))
    except re.error as exc:
        raise ValueError(f"{path}: outlet {entry['name']!r} has an invalid pattern: {exc}") from None
