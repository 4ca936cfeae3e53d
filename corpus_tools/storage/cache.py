"""Per-document results kept from one build to the next, under a digest of everything they depend on.

`KeyedCache`: any per-document result (a cleaned article, its actor candidates, its analysis rows)
by key, in one file; `rows_per_document` computes only the documents whose key is new.
"""
from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any, Callable, Iterable

import pandas as pd

from .files import atomic_path


class KeyedCache:
    """Results of the last build by key (`get`), and those of this one (`put`), saved by `save`.

    One pickle file, replaced atomically, holding the entries put by the last build only:
    results no current input needs leave it.  A missing or unreadable file is an empty cache.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._old: dict[str, Any] | None = None
        self._new: dict[str, Any] = {}

    def get(self, key: str) -> Any | None:
        """The last build's entry for `key`, or None."""
        if self._old is None:
            self._old = self._load()
        return self._old.get(key)

    def put(self, key: str, entry: Any) -> None:
        """Keep `entry` for the next build."""
        self._new[key] = entry

    def save(self) -> bool:
        """Write this build's entries, unless they are exactly the last build's; True if written.

        Equal keys mean equal entries: a key covers everything its entry depends on."""
        if self._old is None:
            self._old = self._load()
        if self._new.keys() == self._old.keys():
            return False
        with atomic_path(self.path) as tmp:
            with open(tmp, "wb") as handle:
                pickle.dump(self._new, handle, protocol=pickle.HIGHEST_PROTOCOL)
        self._old = self._new
        return True

    def _load(self) -> dict[str, Any]:
        try:
            with open(self.path, "rb") as handle:
                entries = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
            return {}
        return entries if isinstance(entries, dict) else {}


def rows_per_document(doc_ids: Iterable[str], keys: Iterable[str], cache: KeyedCache,
                      compute: Callable[[set[str]], Iterable[tuple]]) -> list[tuple]:
    """Rows for each document, in document order: from the cache when the document's key is known,
    else from `compute(doc_ids still to do)`, whose rows are tuples starting with their doc_id.
    Every document's rows (none included) are kept for the next build."""
    doc_ids, keys = list(doc_ids), list(keys)
    known = {key: rows for key in keys if (rows := cache.get(key)) is not None}
    todo = {doc_id for doc_id, key in zip(doc_ids, keys) if key not in known}
    computed: dict[str, list[tuple]] = {}
    for row in (compute(todo) if todo else ()):
        computed.setdefault(row[0], []).append(row)
    out: list[tuple] = []
    for doc_id, key in zip(doc_ids, keys):
        rows = known[key] if key in known else computed.get(doc_id, [])
        cache.put(key, rows)
        out.extend(rows)
    return out


def frame_per_document(doc_ids: Iterable[str], keys: Iterable[str], cache: KeyedCache,
                       compute: Callable[[set[str]], pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """As `rows_per_document`, for results many rows long: each document's rows of `columns`
    (doc_id first) kept column by column (a list per column: quicker to keep and to join than
    tuples), in document order, from the cache when its key is known, else from
    `compute(doc_ids still to do)`."""
    doc_ids, keys = list(doc_ids), list(keys)
    known = {key: entry for key in keys if (entry := cache.get(key)) is not None}
    todo = {doc_id for doc_id, key in zip(doc_ids, keys) if key not in known}
    computed: dict[str, tuple[list, ...]] = {}
    if todo:
        frame = compute(todo)
        for doc_id, rows in frame.groupby("doc_id", sort=False):
            computed[doc_id] = tuple(rows[c].tolist() for c in columns[1:])
    out: list[list] = [[] for _ in columns]
    for doc_id, key in zip(doc_ids, keys):
        entry = known[key] if key in known else computed.get(doc_id, tuple([] for _ in columns[1:]))
        cache.put(key, entry)
        out[0].extend([doc_id] * len(entry[0]))
        for column, values in zip(out[1:], entry):
            column.extend(values)
    return pd.DataFrame(dict(zip(columns, out)), columns=columns)
