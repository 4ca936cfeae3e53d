"""Files are whole or absent: a failed write keeps the old file, a folder swap leaves no mix, leftovers go."""
import pytest

from corpus_tools.storage.files import atomic_path, remove_leftovers, replace_dir, restore_dir, write_bytes_if_changed


def test_a_write_that_fails_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "table.parquet"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("killed")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["table.parquet"]


def test_an_unchanged_file_is_not_rewritten(tmp_path):
    target = tmp_path / "page.html"
    assert write_bytes_if_changed(target, b"<p>a</p>")
    mtime = target.stat().st_mtime_ns
    assert not write_bytes_if_changed(target, b"<p>a</p>")
    assert target.stat().st_mtime_ns == mtime
    assert write_bytes_if_changed(target, b"<p>b</p>") and target.read_bytes() == b"<p>b</p>"


def test_a_folder_is_replaced_whole(tmp_path):
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "old.parquet").write_bytes(b"1")
    new = tmp_path / ".tables-staging"
    new.mkdir()
    (new / "new.parquet").write_bytes(b"2")
    replace_dir(new, tmp_path / "tables")
    assert [p.name for p in (tmp_path / "tables").iterdir()] == ["new.parquet"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tables"]


def test_leftovers_of_killed_runs_are_removed_and_nothing_else(tmp_path):
    (tmp_path / ".table.parquet.x1.tmp").write_bytes(b"")
    (tmp_path / ".tables-staging").mkdir()
    (tmp_path / ".tables-old").mkdir()
    (tmp_path / "kept.parquet").write_bytes(b"")
    (tmp_path / ".lock").write_bytes(b"")
    assert remove_leftovers(tmp_path) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == [".lock", "kept.parquet"]


def test_a_folder_swap_killed_between_its_renames_is_undone(tmp_path):
    (tmp_path / ".tables-old").mkdir()           # the last tables, moved aside; the new ones never arrived
    (tmp_path / ".tables-old" / "old.parquet").write_bytes(b"1")
    (tmp_path / ".tables-staging").mkdir()
    assert restore_dir(tmp_path / "tables")
    assert (tmp_path / "tables" / "old.parquet").read_bytes() == b"1"
    assert not restore_dir(tmp_path / "tables")  # nothing to undo: nothing done
