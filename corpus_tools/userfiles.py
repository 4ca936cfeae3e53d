"""User files and shipped data: YAML read with the line of every entry, the keys of each entry
checked, and the one way to read the data files shipped with the package.

Registries (actors, outlets) and column tables are files researchers write by hand; a typo
in a key (`alias:` for `aliases:`, `nom:` for `name:`) must stop the run with one line
naming the file, the line and the key -- never be accepted silently, never surface as a
bare KeyError.  `load_yaml` keeps the line of every mapping; `check_keys` compares an
entry's keys with the ones it may hold.

Shipped data (word lists, patterns, registries, tables: each stage's `data/` folder) is read
through `shipped_file` and `shipped_yaml` only, as trafilatura keeps its XPaths apart from
its logic: a word list is changed in its YAML file, never in the code.
"""
from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

PACKAGE = Path(__file__).resolve().parent
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class UserFileError(ValueError):
    """A user's file that cannot be used; the message names the file and, where known, the line."""


class Lined(dict):
    """A YAML mapping that knows the (1-based) line it starts on."""
    line: int = 0


class LineLoader(SafeLoader):
    """PyYAML's safe loader (libyaml's parser where PyYAML has it: 9x faster on the shipped registries),
    building `Lined` mappings."""


def _construct_lined(loader: LineLoader, node: yaml.MappingNode) -> Lined:
    mapping = Lined(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_lined)


def load_yaml(text: str, name: str):
    """The data of a YAML text whose mappings are `Lined`; UserFileError naming `name` when it is not YAML.

    >>> data = load_yaml("actors:\\n  - name: OTAN\\n    alias: [NATO]\\n", "mine.yaml")
    >>> data["actors"][0].line
    2
    """
    try:
        return yaml.load(text, Loader=LineLoader)
    except yaml.YAMLError as exc:
        raise UserFileError(f"{name} is not valid YAML: {yaml_problem(exc)}") from None


def yaml_problem(exc: yaml.YAMLError) -> str:
    """'line 3, column 5: mapping values are not allowed here' (PyYAML's own text names no file)."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    return f"line {mark.line + 1}, column {mark.column + 1}: {problem}" if mark else problem


def where(name: str, entry: object) -> str:
    """"file, line N" for an entry of a file (just the file when its line is unknown)."""
    line = getattr(entry, "line", 0)
    return f"{name}, line {line}" if line else name


def check_keys(entry: object, name: str, what: str, allowed: tuple[str, ...],
               required: tuple[str, ...] = ()) -> None:
    """UserFileError unless `entry` is a mapping holding only `allowed` keys and every `required` one.

    `name` is the file, `what` the kind of entry ("actor entry").  One message says everything wrong:

    >>> entry = load_yaml("- nom: OTAN\\n  alias: [NATO]\\n", "mine.yaml")[0]
    >>> check_keys(entry, "mine.yaml", "actor entry", ("id", "name", "aliases"), required=("name",))
    Traceback (most recent call last):
    ...
    corpus_tools.userfiles.UserFileError: mine.yaml, line 1: actor entry: unknown key 'nom', unknown key 'alias'
    (did you mean 'aliases'?); no 'name' (required); allowed keys: id, name, aliases
    """
    if not isinstance(entry, dict):
        raise UserFileError(f"{where(name, entry)}: {what} must be a mapping of keys to values, "
                            f"got {type(entry).__name__} {str(entry)[:60]!r}")
    unknown = ", ".join(unknown_key(str(key), allowed) for key in entry if key not in allowed)
    missing = ", ".join(f"no '{key}' (required)" for key in required if entry.get(key) in (None, ""))
    if unknown or missing:
        problems = "; ".join(p for p in (unknown, missing) if p)
        raise UserFileError(f"{where(name, entry)}: {what}: {problems}; allowed keys: {', '.join(allowed)}")


def unknown_key(key: str, allowed: tuple[str, ...]) -> str:
    """"unknown key 'alias' (did you mean 'aliases'?)"."""
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    return f"unknown key '{key}'" + (f" (did you mean '{close[0]}'?)" if close else "")


def shipped_file(stage: str, name: str) -> Path:
    """A data file shipped with the package: `corpus_tools/<stage>/data/<name>`.

    >>> shipped_file("actors", "countries.yaml").is_file()
    True
    """
    return PACKAGE / stage / "data" / name


@lru_cache(maxsize=None)
def shipped_yaml(stage: str, name: str) -> Any:
    """The data of the shipped YAML file `corpus_tools/<stage>/data/<name>.yaml`, read once per
    process (shared: callers build their own structures from it, never change it).

    >>> "devenir" in shipped_yaml("analysis", "verbs")["copular"]
    True
    """
    return yaml.load(shipped_file(stage, f"{name}.yaml").read_text(encoding="utf-8"), Loader=SafeLoader)


def shipped_list(stage: str, name: str, key: str) -> tuple[str, ...]:
    """The entries listed under `key` in the shipped `corpus_tools/<stage>/data/<name>.yaml`, as
    written and in their order (word lists and the phrases patterns are built from).

    >>> shipped_list("actors", "words", "articles")[:3]
    ('le', 'la', 'les')
    """
    entries = shipped_yaml(stage, name)[key]
    odd = [entry for entry in entries if not isinstance(entry, str)]
    if odd:   # YAML reads some bare words as booleans or numbers ("no", "on", "1er"): quote them there
        raise UserFileError(f"corpus_tools/{stage}/data/{name}.yaml, {key}: quote {odd!r}")
    return tuple(entries)
