"""The actor registry: known actors, their aliases, and tables of demonyms and capitals.

A YAML file ships with the package; users add or override entries with their own files.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml


@dataclass
class Registry:
    actors: list[dict] = field(default_factory=list)
    demonyms: dict[str, str] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)
    digest: str = ""


def load_registry(paths: list[str] | tuple = (), use_default: bool = True) -> Registry:
    """The shipped registry (unless `use_default` is False) extended by the files in `paths`."""
    texts = []
    if use_default:
        texts.append(resources.files("corpus_tools.actors").joinpath("data/actors.yaml").read_text(encoding="utf-8"))
    texts.extend(Path(p).read_text(encoding="utf-8") for p in paths)
    registry = Registry(digest=hashlib.sha256("\0".join(texts).encode()).hexdigest()[:16])
    for text in texts:
        data = yaml.safe_load(text) or {}
        registry.actors.extend(data.get("actors", []))
        registry.demonyms.update(data.get("demonyms", {}))
        registry.capitals.update(data.get("capitals", {}))
    return registry
