"""Outlet registry: identify an article's outlet and its site-specific furniture; know the wire agencies.

The registry is a YAML data file (`data/outlets.yaml`, documented there) that
users extend with their own files (unknown keys are errors naming the file and line).
`attribute` names an article's source, strongest evidence first: what the user
supplied (sidecar or record column), the first folder under the corpus (with
`--source-from-folder`), the registry outlet of its URL's domain, the outlet name its
page or export gives, the URL's domain itself, a registry text signature.  A name
the registry knows (name or alias, case, accents and punctuation aside) becomes the
registry's name, so "lemonde", "lemonde.fr" and "Le Monde" are one source.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable, NamedTuple
from urllib.parse import urlparse

from ..userfiles import UserFileError, check_keys, load_yaml, shipped_file, where
from ..fold import fold

DEFAULT = shipped_file("text", "outlets.yaml")


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
        host = host_of(url)
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
    """An outlet name for comparison: folded, letters and digits only.

    >>> name_key("L'Orient-Le Jour"), name_key("Libération")
    ('lorientlejour', 'liberation')
    """
    return re.sub(r"[\W_]+", "", fold(s))


def host_of(url: str) -> str:
    """The host name of a URL (or of a bare domain), lower case; "" when there is none."""
    try:
        return (urlparse(url if "//" in url else f"//{url}").hostname or "").lower()
    except ValueError:   # "http://[" and other malformed URLs
        return ""


def domain_of(url: str) -> str | None:
    """The site a URL is on, as a source name: its host without "www.".

    >>> domain_of("https://www.example-news.org/a/b.html"), domain_of("pas une adresse")
    ('example-news.org', None)
    """
    host = host_of(url)
    return re.sub(r"^www\d*\.", "", host) if "." in host and " " not in url.strip() else None


class Attribution(NamedTuple):
    """Who published an article, and how the text stage knows it."""
    source: str              # documents.source
    outlet: str | None       # the registry outlet whose furniture patterns apply, or None
    basis: str               # documents.source_from: supplied, folder, url, page, domain, text or none


def attribute(registry: OutletRegistry, supplied: str | None = None, folder: str | None = None,
              url: str | None = None, page: str | None = None, text: str | None = None) -> Attribution:
    """An article's source and registry outlet, from the strongest evidence there is.

    `supplied`: the user's source (sidecar, record column); `folder`: the first folder under the
    corpus, when folders are outlets; `url`: the article's URL; `page`: the outlet name its page or
    export gives; `text`: the raw text (registry signatures; looked at only when no name is known).

    >>> attribute(load_outlets(), folder="lemonde")
    Attribution(source='Le Monde', outlet='Le Monde', basis='folder')
    >>> attribute(load_outlets(), url="https://actu.example-news.org/x.html")
    Attribution(source='actu.example-news.org', outlet=None, basis='domain')
    """
    by_url = registry.by_url(url) if url else None
    for basis, name in (("supplied", supplied), ("folder", folder), ("url", by_url and by_url.name),
                        ("page", page)):
        if name:
            outlet = registry.by_name(name)
            furniture = outlet or by_url      # an outlet the registry does not know may be served from one it does
            return Attribution(outlet.name if outlet else name, furniture.name if furniture else None, basis)
    domain = domain_of(url) if url else None
    if domain:
        return Attribution(domain, None, "domain")
    outlet = registry.by_text(text) if text else None
    if outlet:
        return Attribution(outlet.name, outlet.name, "text")
    return Attribution("unknown", None, "none")


def load_outlets(extra: Iterable[str | Path] = (), builtin: bool = True) -> OutletRegistry:
    """The built-in registry, extended (and overridden by name) by the user's YAML files.

    `builtin=False` keeps only the built-in agencies: no outlet is known (used to measure the general rules).
    """
    paths = [DEFAULT, *map(Path, extra)]
    outlets: dict[str, Outlet] = {}
    agencies: dict[str, tuple[str, ...]] = {}
    digest = hashlib.sha256()
    for path in paths:
        try:
            raw = path.read_bytes()
            text = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserFileError(f"cannot read outlet registry {path}: {exc}") from None
        digest.update(raw)
        data = load_yaml(text, str(path)) or {}
        check_keys(data, str(path), "outlet registry", ("agencies", "outlets"))
        for code, names in (data.get("agencies") or {}).items():
            agencies[str(code)] = tuple(str(n) for n in names)
        for entry in data.get("outlets") or [] if builtin or path != DEFAULT else []:
            outlet = make_outlet(entry, path)
            outlets[outlet.name] = outlet
    return OutletRegistry(tuple(outlets.values()), agencies, digest.hexdigest())


OUTLET_KEYS = ("name", "aliases", "domains", "signatures", "boilerplate", "agency")


def make_outlet(entry: dict, path: Path) -> Outlet:
    """An `Outlet` from one YAML entry; UserFileError naming the file and line when it is malformed."""
    check_keys(entry, str(path), "outlet entry", OUTLET_KEYS, required=("name",))
    try:
        return Outlet(name=str(entry["name"]),
                      aliases=tuple(map(str, entry.get("aliases") or ())),
                      domains=tuple(str(d).lower() for d in entry.get("domains") or ()),
                      signatures=tuple(re.compile(s, re.M) for s in entry.get("signatures") or ()),
                      boilerplate=tuple(re.compile(s) for s in entry.get("boilerplate") or ()),
                      agency=entry.get("agency"))
    except re.error as exc:
        raise UserFileError(f"{where(str(path), entry)}: outlet {entry['name']!r} has an invalid pattern: "
                            f"{exc}") from None
