"""One writer per output folder: an OS lock that dies with its process."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

LOCK = ".lock"


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
