"""Files that are whole or absent: atomic writes, folder swaps, and the leftovers of killed runs.

A reader never sees a half-written file or a folder mixing two runs; a run killed at any moment
(even kill -9) leaves at most hidden temporary files, which `remove_leftovers` clears.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

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


def write_bytes_if_changed(path: str | Path, data: bytes) -> bool:
    """Atomically write `data` unless the file already holds exactly it. True if written."""
    path = Path(path)
    if path.is_file() and path.read_bytes() == data:
        return False
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return True


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


def restore_dir(target: str | Path) -> bool:
    """Put back the folder that a run killed inside `replace_dir`, between its two renames, had moved
    aside (the old folder, whole); True if it did.  Hold the folder's lock (`lock.folder_lock`)."""
    target = Path(target)
    old = target.with_name(f".{target.name}{OLD_SUFFIX}")
    if target.exists() or not old.is_dir():
        return False
    os.replace(old, target)
    return True


def remove_leftovers(folder: str | Path) -> int:
    """Delete temporary files and folders that killed runs left in `folder` (not recursive).

    Call it only while holding the folder's lock (`lock.folder_lock`): a live writer's files look the same.
    """
    n = 0
    for path in Path(folder).glob(".*"):
        if path.name.endswith((TMP_SUFFIX, OLD_SUFFIX, STAGING_SUFFIX)) or path.name.startswith(".tmp"):
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
            n += 1
    return n
