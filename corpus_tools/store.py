"""Reading and writing build outputs: Parquet tables, atomic files, the manifest, `load`."""
from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pandas as pd


TABLES_DIR = "tables"
MANIFEST = "manifest.json"


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; rename it over `path` only on success.

    Readers never see a half-written file, and a crash leaves the old file intact.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_bytes_if_changed(path: str | Path, data: bytes) -> bool:
    """Atomically write `data` unless the file already holds exactly it. True if written."""
    path = Path(path)
    if path.is_file() and path.read_bytes() == data:
        return False
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return True


def write_table(df: pd.DataFrame, path: str | Path) -> None:
    with atomic_path(path) as tmp:
        df.to_parquet(tmp, index=False, compression="zstd")


def read_manifest(out: str | Path) -> dict:
    path = Path(out) / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_manifest(out: str | Path, manifest: dict) -> None:
    write_bytes_if_changed(Path(out) / MANIFEST,
                           json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8"))


class Corpus:
    """The tables of one build, loaded lazily as pandas DataFrames.

    >>> corpus = load("build")                      # doctest: +SKIP
    >>> corpus.actors.head()                        # doctest: +SKIP
    >>> corpus["mentions"].query("actor_id == 'jens-stoltenberg'")   # doctest: +SKIP
    """

    def __init__(self, out: str | Path):
        self.out = Path(out)
        self.tables_dir = self.out / TABLES_DIR
        if not self.tables_dir.is_dir():
            raise FileNotFoundError(f"no build in {self.out}: run 'corpus-tools build --out {self.out}' first")
        self._cache: dict[str, pd.DataFrame] = {}

    @property
    def tables(self) -> list[str]:
        return sorted(p.stem for p in self.tables_dir.glob("*.parquet"))

    @property
    def manifest(self) -> dict:
        return read_manifest(self.out)

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._cache:
            path = self.tables_dir / f"{name}.parquet"
            if not path.is_file():
                raise KeyError(f"no table {name!r} in {self.tables_dir}; tables: {', '.join(self.tables)}")
            self._cache[name] = pd.read_parquet(path)
        return self._cache[name]

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError as exc:
            raise AttributeError(str(exc)) from None

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self.tables))

    def __repr__(self) -> str:
        return f"Corpus({str(self.out)!r}, tables={self.tables})"


def load(out: str | Path = "build") -> Corpus:
    """The tables of a build (documents, sentences, tokens, entities, mentions, actors, ...)."""
    return Corpus(out)


__all__ = ["Corpus", "load", "atomic_path", "write_table", "write_bytes_if_changed"]
