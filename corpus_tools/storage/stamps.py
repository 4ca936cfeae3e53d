"""Knowing when a build has nothing to do: input stamps and table fingerprints.

Two checks, cheapest first:

- the *input stamp* covers the path, size and modification time of every corpus file
  (the metadata sidecar included) and of the user's outlet and column files, with the
  models, registry, text options and package code: when it equals the last build's,
  nothing is read at all;
- the *fingerprint* covers what the tables depend on once the corpus is read (every
  document's metadata and text hash, the skipped entries and warnings, models, registry,
  code): a file touched without change reads the corpus, finds the same fingerprint, and
  writes nothing but the new stamp.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable, Protocol

import pandas as pd

from .._version import code_digest
from .tables import TABLES_DIR

REQUIRED_TABLES = ("documents", "sentences", "tokens", "entities", "mentions", "actors")


class Unreadable(Protocol):
    """A corpus entry that was not read, and why (the text stage's `Skipped`)."""
    path: str
    reason: str


def input_stamp(corpus: str | Path, entries: Iterable[Path | Unreadable], inputs_key: str) -> str:
    """Path, size and modification time of every file of `entries` (the corpus files, the
    metadata sidecar, the user's files; an entry that could not be read stamps its reason), with
    `inputs_key` (models, registry): equal stamps, nothing to read again."""
    digest = hashlib.sha256()
    for key in (code_digest(), inputs_key, str(Path(corpus).resolve())):
        digest.update(key.encode() + b"\0")
    for item in entries:
        if not isinstance(item, Path):
            digest.update(f"{item.path}\0{item.reason}\0".encode("utf-8", "surrogateescape"))
            continue
        try:
            st = item.stat()
        except OSError as exc:
            digest.update(f"{item}\0{exc.errno}\0".encode("utf-8", "surrogateescape"))
            continue
        digest.update(f"{item}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}\0"
                      .encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def fingerprint(documents: pd.DataFrame, side_tables: Iterable[pd.DataFrame], inputs_key: str) -> str:
    """Everything the tables depend on: the documents' metadata and text hashes, the side tables
    of the text stage (skipped entries, warnings), models and registry (`inputs_key`), the
    package code (`code_digest`)."""
    digest = hashlib.sha256()
    for key in (code_digest(), inputs_key):
        digest.update(key.encode("utf-8", "surrogateescape") + b"\0")
    for table in [documents.drop(columns=["text"]), *side_tables]:
        digest.update(f"{len(table)}\0{','.join(table.columns)}\0".encode())
        digest.update(pd.util.hash_pandas_object(table.astype(str), index=False).values.tobytes())
    return digest.hexdigest()


def tables_present(out: str | Path) -> bool:
    """Whether `out` holds every table a finished build writes."""
    tables = Path(out) / TABLES_DIR
    return all((tables / f"{n}.parquet").is_file() for n in REQUIRED_TABLES)


def stamp_unchanged(out: str | Path, manifest: dict, stamp: str) -> bool:
    """Whether the last build in `out` (its `manifest`, `tables.read_manifest`) finished with the same input stamp."""
    return tables_present(out) and manifest.get("inputs") == stamp


def fingerprint_unchanged(out: str | Path, manifest: dict, digest: str) -> bool:
    """Whether the last build in `out` (its `manifest`) finished from the same documents, models and registry."""
    return tables_present(out) and manifest.get("fingerprint") == digest
