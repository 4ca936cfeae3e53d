"""Reading and writing build outputs: Parquet tables, atomic files and folders, the output lock,
the manifest, `load`."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pandas as pd
from filelock import FileLock, Timeout

TABLES_DIR = "tables"
MANIFEST = "manifest.json"
LOCK = ".lock"
UMASK = os.umask(0o022)
os.umask(UMASK)
TMP_SUFFIX = ".tmp"          # atomic_path's temporary files
OLD_SUFFIX = "-old"          # replace_dir's folder on its way out
STAGING_SUFFIX = "-staging"  # folders a run fills before replace_dir publishes them


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; rename it over `path` only on success.

    Readers never see a half-written file, and a crash (even kill -9 or a power
    cut: the data is flushed to disk before the rename) leaves the old file intact.
    A killed process may leave its hidden `.NAME.*.tmp` file behind;
    `remove_leftovers` clears them.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        with open(tmp, "rb") as written:
            os.fsync(written.fileno())
        os.chmod(tmp, 0o666 & ~UMASK)  # mkstemp's 0600 would hide published reports from the web server
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def replace_dir(new: str | Path, target: str | Path) -> None:
    """Put the finished folder `new` in place of `target` (two renames, no copy).

    Readers see the old folder's files or the new folder's, never a mix of both.
    """
    new, target = Path(new), Path(target)
    old = target.with_name(f".{target.name}{OLD_SUFFIX}")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def remove_leftovers(folder: str | Path) -> int:
    """Delete temporary files and folders that killed runs left in `folder` (not recursive).

    Call it only while holding `folder_lock`: a live writer's files look the same.
    """
    n = 0
    for path in Path(folder).glob(".*"):
        if path.name.endswith((TMP_SUFFIX, OLD_SUFFIX, STAGING_SUFFIX)) or path.name.startswith(".tmp"):
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
            n += 1
    return n


class FolderLocked(RuntimeError):
    """Another process is writing to the folder; the message is meant for the user."""


@contextmanager
def folder_lock(folder: str | Path, wait: float = 0) -> Iterator[None]:
    """Hold `folder/.lock` so that no other build or report run writes to `folder` meanwhile.

    Waits up to `wait` seconds (negative: forever), then raises `FolderLocked`.
    The lock is an OS lock (flock): it dies with its process, so a killed run
    never leaves a stale lock.  Re-entrant within a process.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(folder / LOCK, is_singleton=True)
    try:
        lock.acquire(timeout=wait)
    except Timeout:
        raise FolderLocked(f"another corpus-tools run is writing to {folder} (it holds {folder / LOCK}); "
                           "wait for it to finish, pass --wait, or choose another folder") from None
    try:
        yield
    finally:
        lock.release()


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


__all__ = ["Corpus", "load", "atomic_path", "write_table", "write_bytes_if_changed", "replace_dir",
           "remove_leftovers", "folder_lock", "FolderLocked"]
