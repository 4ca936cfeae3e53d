"""Tables are published together or not at all, and read back lazily, for some documents only."""
import pandas as pd
import pyarrow.compute as pc
import pytest

from corpus_tools.schema import arrow_schema
from corpus_tools.storage.tables import (TABLES_DIR, TableReader, TableWriters, read_manifest, staged_tables,
                                         write_manifest, write_table)


def sentences(doc_id: str, n: int) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [doc_id] * n, "sent_idx": list(range(n)), "start_char": [10 * i for i in range(n)],
                         "end_char": [10 * i + 9 for i in range(n)], "text": [f"{doc_id} {i}" for i in range(n)]})


def test_tables_written_chunk_by_chunk_read_back_in_order(tmp_path):
    with TableWriters(tmp_path, ["sentences"]) as writers:
        writers.write("sentences", sentences("a", 2))
        writers.write("sentences", sentences("b", 3))
    back = pd.read_parquet(tmp_path / "sentences.parquet")
    assert back["text"].tolist() == ["a 0", "a 1", "b 0", "b 1", "b 2"]


def test_a_failed_build_publishes_no_table_and_keeps_the_last_ones(tmp_path):
    with staged_tables(tmp_path) as staging:
        write_table(sentences("a", 1), staging / "sentences.parquet", arrow_schema("sentences"))
    with pytest.raises(RuntimeError):
        with staged_tables(tmp_path) as staging:
            with TableWriters(staging, ["sentences"]) as writers:
                writers.write("sentences", sentences("b", 1))
            raise RuntimeError("killed after one table")
    assert pd.read_parquet(tmp_path / TABLES_DIR / "sentences.parquet")["doc_id"].tolist() == ["a"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [TABLES_DIR]


def test_a_reader_reads_only_its_documents_and_only_what_is_asked(tmp_path):
    tables = tmp_path / TABLES_DIR
    write_table(pd.concat([sentences("a", 2), sentences("b", 3), sentences("c", 1)]), tables / "sentences.parquet",
                arrow_schema("sentences"))
    reader = TableReader(tmp_path)
    assert reader.tables == ["sentences"] and not reader.is_subcorpus
    some = reader.restrict(["c", "a", "z"], ["two documents"])
    assert type(some) is TableReader and some.criteria == ["two documents"]
    assert some.read("sentences", ["doc_id"])["doc_id"].tolist() == ["a", "a", "c"]
    assert some.read("sentences", ["text"], pc.field("sent_idx") == 1)["text"].tolist() == ["a 1"]
    assert some.whole.read("sentences", ["doc_id"])["doc_id"].nunique() == 3
    assert len(reader.keep_in_memory().sentences) == 6
    with pytest.raises(KeyError, match="tables: sentences"):
        reader.path("tokens")


def test_the_manifest_is_written_only_when_it_changes(tmp_path):
    assert read_manifest(tmp_path) == {}
    write_manifest(tmp_path, {"n_documents": 5})
    mtime = (tmp_path / "manifest.json").stat().st_mtime_ns
    write_manifest(tmp_path, {"n_documents": 5})
    assert (tmp_path / "manifest.json").stat().st_mtime_ns == mtime
    assert read_manifest(tmp_path) == {"n_documents": 5}
