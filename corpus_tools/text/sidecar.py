"""Sidecar: the metadata researchers keep beside their articles, in `metadata.csv` or `metadata.jsonl`.

The file sits at the root of the corpus folder, one row per article, keyed by

* `file`: the article's path relative to the corpus folder (`lemonde/2020-05-14.txt`); the
  row then describes every article of that file (all the records of a .jsonl, all the
  articles of an export), or by
* `id`: one article's `doc_id` (a record's id, `export-0003`); an `id` row wins over a `file` row,

with any of source, date, title, url, author, section, lang -- column names from the column
table (`columns`), French or English.  What a row says is supplied metadata: it wins over
what the files and texts say, and over a record's own columns.  Nothing is lost silently:
a column no field claims, a row naming no article, a row that is not a row, a second row for
the same article, and a row naming a file the corpus does not have are warnings, one line each,
naming the sidecar and the line.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

from .columns import SIDECAR_FIELDS, ColumnTable
from .decode import decode
from .readers import Row, csv_rows, jsonl_rows, unread_column
from .records import InputWarning, RawArticle

SIDECAR_NAMES = ("metadata.csv", "metadata.jsonl")


class SidecarRow(NamedTuple):
    """One row of a sidecar: where it is, what it names, and the metadata it gives."""
    where: str     # "metadata.csv:4"
    key: str       # the file or id it names
    meta: dict     # field -> value (the fields of `columns.META_FIELDS`)


@dataclass
class Sidecar:
    """The rows of the corpus's sidecar files by the file and by the id they name, with their warnings."""
    by_file: dict[str, SidecarRow] = field(default_factory=dict)
    by_id: dict[str, SidecarRow] = field(default_factory=dict)
    warnings: list[InputWarning] = field(default_factory=list)
    used: set[str] = field(default_factory=set)   # `where` of the rows that described an article

    def describe(self, item: RawArticle) -> RawArticle:
        """`item` with the metadata of its rows merged into `meta` (`id` row over `file` row over
        the record's own columns) and `described_by` naming them."""
        rows = [r for r in (self.by_file.get(item.path), self.by_id.get(item.doc_id)) if r is not None]
        if not rows:
            return item
        meta = dict(item.meta)
        for row in rows:
            meta.update(row.meta)
            self.used.add(row.where)
        return item._replace(meta=meta, described_by=", ".join(r.where for r in rows))

    def unused(self, corpus: str | Path) -> Iterator[InputWarning]:
        """A warning for every row that described no article, saying why."""
        for kind, rows in (("file", self.by_file), ("id", self.by_id)):
            for row in rows.values():
                if row.where not in self.used:
                    yield InputWarning(*split_where(row.where), nothing_described(kind, row.key, Path(corpus)))


def nothing_described(kind: str, key: str, corpus: Path) -> str:
    """Why a row described no article."""
    if kind == "id":
        return f"no article has the id '{key}': the row describes nothing"
    if (corpus / key).is_file():
        return f"'{key}' gave no article (see its 'skipped' line): the row describes nothing"
    return f"'{key}' is not in the corpus folder: the row describes nothing"


def split_where(where: str) -> tuple[str, int]:
    """"metadata.csv:4" -> ("metadata.csv", 4)."""
    path, line = where.rsplit(":", 1)
    return path, int(line)


def sidecar_files(corpus: str | Path) -> list[Path]:
    """The sidecar files at the root of `corpus` (none, one or both names)."""
    return [p for p in (Path(corpus) / n for n in SIDECAR_NAMES) if p.is_file()]


def read_sidecar(corpus: str | Path, columns: ColumnTable) -> Sidecar:
    """The rows of the corpus's sidecar files (an empty `Sidecar` when there is none)."""
    sidecar = Sidecar()
    for path in sidecar_files(corpus):
        try:
            text = decode(path.read_bytes(), fix=False).text
        except (OSError, UnicodeDecodeError) as exc:
            sidecar.warnings.append(InputWarning(path.name, None, f"cannot read the sidecar: {exc}"))
            continue
        rows = csv_rows(text) if path.suffix == ".csv" else jsonl_rows(text)
        add_rows(sidecar, path.name, rows, columns)
    return sidecar


def add_rows(sidecar: Sidecar, name: str, rows: Iterable[Row], columns: ColumnTable) -> None:
    """Add one sidecar file's rows to `sidecar`, with a warning for each column, row or key it cannot use."""
    reported: set[str] = set()
    n_rows, unkeyed = 0, []
    for line, values in rows:
        n_rows += 1
        if isinstance(values, str):
            sidecar.warnings.append(InputWarning(name, line, f"row ignored: {values}"))
            continue
        fields, unused = columns.mapped(values, SIDECAR_FIELDS)
        for column in unused:
            if column not in reported:
                reported.add(column)
                sidecar.warnings.append(InputWarning(name, line, unread_column(column, columns, SIDECAR_FIELDS,
                                                                               "sidecar rows")))
        if not any(columns.field_of(c) in ("file", "id") for c in values):
            unkeyed.append(line)
            continue
        add_row(sidecar, name, line, fields)
    if unkeyed and len(unkeyed) == n_rows:
        keys = f"a '{columns.names['file'][0]}' or '{columns.names['id'][0]}' column"
        sidecar.warnings.append(InputWarning(name, None, f"no column names the articles ({keys}): "
                                                         "nothing in it is used"))
    else:
        sidecar.warnings.extend(InputWarning(name, line, NO_KEY) for line in unkeyed)


NO_KEY = "the row names no article (no file, no id): ignored"


def add_row(sidecar: Sidecar, name: str, line: int, fields: dict) -> None:
    """Add one row keyed by its file or id; a warning when it names none, or one named already."""
    where = f"{name}:{line}"
    meta = {k: str(v).strip() for k, v in fields.items() if k not in ("file", "id")}
    entries = [("file", file_key(fields["file"]), sidecar.by_file)] if "file" in fields else []
    entries += [("id", str(fields["id"]).strip(), sidecar.by_id)] if "id" in fields else []
    if not entries:
        if meta:
            sidecar.warnings.append(InputWarning(name, line, NO_KEY))
        return
    kind, key, table = entries[-1]      # an id names one article: more precise than its file
    if key in table:
        sidecar.warnings.append(InputWarning(name, line, f"{kind} '{key}' is described already on "
                                                         f"{table[key].where}: this row is ignored"))
        return
    table[key] = SidecarRow(where, key, meta)


def file_key(value: object) -> str:
    """A sidecar's file value as a corpus path: forward slashes, no leading './'.

    >>> file_key(".\\\\lemonde\\\\a.txt"), file_key(" ./b.txt ")
    ('lemonde/a.txt', 'b.txt')
    """
    key = str(value).strip().replace("\\", "/")
    while key.startswith("./"):
        key = key[2:]
    return key
