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
from functools import lru_cache
from pathlib import Path
from typing import Iterable
from urllib.parse import urlparse

import yaml

DEFAULT = Path(__file__).with_name("data") / "outlets.yaml"


@dataclass(frozen=True)
class Outlet:
    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    signatures: tuple[re.Pattern, ...] = ()
    boilerplate: tuple[re.Pattern, ...] = ()
    agency: str | None = None


@dataclass(frozen=True)
class Registry:
    outlets: tuple[Outlet, ...]
    agencies: dict[str, tuple[str, ...]]
    digest: str

    def identify(self, url: str | None = None, name: str | None = None, text: str | None = None) -> Outlet | None:
        return (url and self.by_url(url)) or (name and self.by_name(name)) or (text and self.by_text(text)) or None

    def by_url(self, url: str) -> Outlet | None:
        host = (urlparse(url if "//" in url else f"//{url}").hostname or "").lower()
        for o in self.outlets:
            if any(host == d or host.endswith("." + d) for d in o.domains):
                return o
        return None

    def by_name(self, name: str) -> Outlet | None:
        key = squash(name)
        return next((o for o in self.outlets if key in {squash(n) for n in (o.name, *o.aliases)}), None)

    def by_text(self, text: str) -> Outlet | None:
        return next((o for o in self.outlets if any(s.search(text) for s in o.signatures)), None)

    @property
    def agency_pattern(self) -> re.Pattern:
        return agency_regex(tuple((code, tuple(names)) for code, names in self.agencies.items()))

    def agency_code(self, spelling: str) -> str | None:
        return next((code for code, names in self.agencies.items() if spelling in names), None)


@lru_cache(maxsize=8)
def agency_regex(agencies: tuple[tuple[str, tuple[str, ...]], ...]) -> re.Pattern:
    names = sorted({n for _, ns in agencies for n in ns}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


def squash(s: str) -> str:
    return re.sub(r"[\W_]+", "", s.casefold().replace("’", "'"))


def load_registry(extra: Iterable[str | Path] = (), builtin: bool = True) -> Registry:
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
    return Registry(tuple(outlets.values()), agencies, digest.hexdigest())


def make_outlet(entry: dict, path: Path) -> Outlet:
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
