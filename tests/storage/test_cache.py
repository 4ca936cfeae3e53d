"""Per-document results come back by key; only new keys are computed; an unchanged cache is not rewritten."""
from corpus_tools.storage.cache import KeyedCache, rows_per_document


def test_rows_are_computed_only_for_documents_whose_key_is_new(tmp_path):
    asked = []

    def compute(todo):
        asked.append(sorted(todo))
        return [(doc_id, f"row of {doc_id}") for doc_id in sorted(todo)]

    cache = KeyedCache(tmp_path / "rows.pickle")
    first = rows_per_document(["a", "b"], ["ka", "kb"], cache, compute)
    assert cache.save()
    again = KeyedCache(tmp_path / "rows.pickle")
    second = rows_per_document(["a", "b", "c"], ["ka", "kb2", "kc"], again, compute)
    assert first == [("a", "row of a"), ("b", "row of b")]
    assert second == [("a", "row of a"), ("b", "row of b"), ("c", "row of c")]
    assert asked == [["a", "b"], ["b", "c"]]


def test_a_cache_with_the_same_keys_is_not_written_again(tmp_path):
    path = tmp_path / "rows.pickle"
    cache = KeyedCache(path)
    cache.put("k", [1])
    assert cache.save()
    mtime = path.stat().st_mtime_ns
    same = KeyedCache(path)
    same.put("k", [1])
    assert not same.save() and path.stat().st_mtime_ns == mtime


def test_an_unreadable_cache_is_an_empty_one(tmp_path):
    path = tmp_path / "rows.pickle"
    path.write_bytes(b"not a pickle")
    assert KeyedCache(path).get("k") is None
