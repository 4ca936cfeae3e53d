"""One writer per folder: the lock refuses a second holder in another process and is re-entrant in its own."""
import multiprocessing

import pytest

from corpus_tools.storage.lock import FolderLocked, folder_lock


def hold(folder, ready, release):
    with folder_lock(folder):
        ready.set()
        release.wait(30)


def test_a_second_process_is_refused_until_the_first_lets_go(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    ready, release = ctx.Event(), ctx.Event()
    child = ctx.Process(target=hold, args=(tmp_path, ready, release))
    child.start()
    try:
        assert ready.wait(30)
        with pytest.raises(FolderLocked, match=str(tmp_path / ".lock")):
            with folder_lock(tmp_path, wait=0.2):
                pass
    finally:
        release.set()
        child.join(30)
    with folder_lock(tmp_path, wait=5):
        pass


def test_lock_is_reentrant_within_a_process(tmp_path):
    with folder_lock(tmp_path):
        with folder_lock(tmp_path):
            pass
        with folder_lock(tmp_path, wait=0):
            pass
