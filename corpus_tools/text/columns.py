"""Column names: what researchers call each field of their tables, in French and English.

One table (`data/columns.yaml`), used for article records (.csv, .jsonl) and for the
metadata sidecar alike, extended by the user's files of the same shape.  Names compare
folded (`fold`: case and accents aside), with spaces and hyphens as "_".  A column no
field claims is reported by the readers, never dropped silently.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterable

from ..userfiles import UserFileError, check_keys, load_yaml, shipped_file, where
from ..fold import fold

DEFAULT = shipped_file("text", "columns.yaml")
FIELDS = ("text", "id", "file", "source", "date", "title", "url", "author", "section", "lang")
META_FIELDS = ("source", "date", "title", "url", "author", "section", "lang")  # documents columns a table may supply
RECORD_FIELDS = ("text", "id", *META_FIELDS)     # what an article record may hold
SIDECAR_FIELDS = ("file", "id", *META_FIELDS)    # what a sidecar row may hold


def column_key(name: str) -> str:
    """A column name for comparison.

    >>> column_key(" Média "), column_key("Date de publication"), column_key("full-text")
    ('media', 'date_de_publication', 'full_text')
    """
    return re.sub(r"[\s\-]+", "_", fold(str(name).strip()))


@dataclass(frozen=True)
class ColumnTable:
    """Column name (folded) -> field, and the field's names in order of preference."""
    names: dict[str, tuple[str, ...]]   # field -> column keys, preferred first
    digest: str

    def field_of(self, column: str) -> str | None:
        """The field a column name means, or None.

        >>> load_columns().field_of("Média"), load_columns().field_of("notes")
        ('source', None)
        """
        return self._fields.get(column_key(column))

    @cached_property
    def _fields(self) -> dict[str, str]:
        return {key: name for name, keys in self.names.items() for key in keys}

    def mapped(self, row: dict, fields: tuple[str, ...]) -> tuple[dict, list[str]]:
        """`row` as field -> value for `fields` (the first non-empty column of each), and the
        columns it holds that are none of them, as written."""
        by_field: dict[str, list[tuple[int, object]]] = {}
        unused = []
        for column, value in row.items():
            name = self.field_of(column) if column is not None else None
            if name not in fields:
                unused.append(str(column))
                continue
            rank = self.names[name].index(column_key(column))
            by_field.setdefault(name, []).append((rank, value))
        values = {}
        for name, ranked in by_field.items():
            filled = [v for _, v in sorted(ranked, key=lambda rv: rv[0]) if v not in (None, "") and str(v).strip()]
            if filled:
                values[name] = filled[0]
        return values, unused

    def known(self, fields: tuple[str, ...]) -> str:
        """The preferred name of each of `fields`, for messages ("file, id, source, ...")."""
        return ", ".join(self.names[f][0] for f in fields)


def load_columns(extra: Iterable[str | Path] = ()) -> ColumnTable:
    """The built-in column table extended by the user's files (names added to each field's list).

    UserFileError naming the file and line for an unknown field or a name claimed by two fields.
    """
    names: dict[str, list[str]] = {f: [] for f in FIELDS}
    owner: dict[str, str] = {}
    digest = hashlib.sha256()
    for path in [DEFAULT, *map(Path, extra)]:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserFileError(f"cannot read column table {path}: {exc}") from None
        digest.update(text.encode())
        data = load_yaml(text, str(path)) or {}
        check_keys(data, str(path), "column table", FIELDS)
        for name, columns in data.items():
            if not isinstance(columns, list):
                raise UserFileError(f"{where(str(path), data)}: '{name}' must be a list of column names")
            for column in map(column_key, columns):
                if owner.setdefault(column, name) != name:
                    raise UserFileError(f"{path}: column name '{column}' is given to '{name}' and to "
                                        f"'{owner[column]}' already; a name may mean one field only")
                if column not in names[name]:
                    names[name].append(column)
    return ColumnTable({f: tuple(n) for f, n in names.items()}, digest.hexdigest()[:16])
