"""The corpus-wide tables come from per-document partial counts: a rebuild counts only the documents
whose text or mentions changed, and its tables equal a clean build's; streamed from the tables
instead (no cache), in batches that cut documents, they are the same again."""
from __future__ import annotations

import shutil
from functools import partial
from pathlib import Path

import pandas as pd
import pytest

from corpus_tools.analysis import analyse_corpus, stage
from corpus_tools.analysis.extract import totals
from corpus_tools.analysis.extract.pairs import NETWORK_FILES
from corpus_tools.analysis.extract.totals import whole_documents
from corpus_tools.pipeline import BuildConfig, build

CORPUS_WIDE = ("lemma_counts", "source_keyness", "actor_pairs")


def corpus_wide_outputs(out: Path) -> dict[str, object]:
    """The corpus-wide tables (as frames) and the network files (as bytes) of a build."""
    tables = out / "tables"
    found: dict[str, object] = {name: pd.read_parquet(tables / f"{name}.parquet") for name in CORPUS_WIDE}
    found.update({p.name: p.read_bytes() for p in sorted((tables / "networks").glob("*"))})
    return found


def assert_same_outputs(a: Path, b: Path) -> None:
    one, other = corpus_wide_outputs(a), corpus_wide_outputs(b)
    assert one.keys() == other.keys() and len(one) == len(CORPUS_WIDE) + len(NETWORK_FILES)
    for name, value in one.items():
        if isinstance(value, pd.DataFrame):
            pd.testing.assert_frame_equal(value, other[name], check_exact=True, obj=name)
        else:
            assert value == other[name], name


def mention_rows(out: Path) -> dict[str, set[tuple]]:
    """doc_id -> its rows of the mentions table."""
    mentions = pd.read_parquet(out / "tables" / "mentions.parquet")
    return {doc_id: set(map(tuple, rows.astype(str).to_numpy())) for doc_id, rows in mentions.groupby("doc_id")}


@pytest.mark.slow
def test_a_rebuild_counts_only_changed_documents_and_its_corpus_wide_tables_equal_a_clean_build_s(
        tmp_path, corpus_copy, models_dir, monkeypatch):
    warm = tmp_path / "warm"
    config = BuildConfig(corpus=corpus_copy, out=warm, models_dir=models_dir, progress=False)
    build(config)
    before = mention_rows(warm)
    files = sorted(corpus_copy.glob("*.txt"))
    files[0].write_text(files[0].read_text(encoding="utf-8") + "\nLa Commission européenne a réagi jeudi.\n",
                        encoding="utf-8")                                                    # changed
    files[-1].unlink()                                                                       # removed
    (corpus_copy / "zz_added.txt").write_text(                                               # added
        "Visite à Bruxelles\n\nLe secrétaire général de l'OTAN, Jens Stoltenberg, a reçu mardi le ministre turc "
        "des Affaires étrangères à Bruxelles. Ankara a salué l'accord avec Moscou.\n", encoding="utf-8")
    counted: list[str] = []
    count = stage.document_partials

    def counting(chunk, paragraphs):
        counted.extend(chunk.documents["doc_id"])
        return count(chunk, paragraphs)
    monkeypatch.setattr(stage, "document_partials", counting)
    build(config)
    after = mention_rows(warm)
    texts_changed = {files[0].stem, "zz_added"}
    mentions_changed = {d for d in after if after[d] != before.get(d)}
    assert texts_changed <= set(counted) <= texts_changed | mentions_changed
    assert len(counted) < len(after)
    cold = tmp_path / "cold"
    build(BuildConfig(corpus=corpus_copy, out=cold, models_dir=models_dir, progress=False))
    assert_same_outputs(warm, cold)


def test_the_tables_streamed_in_batches_that_cut_documents_give_the_build_s_tables(sample_build, tmp_path,
                                                                                   monkeypatch):
    copy = tmp_path / "copy"
    shutil.copytree(sample_build, copy)
    for path in [*(copy / "tables").glob("*.parquet"), *(copy / "tables" / "networks").glob("*")]:
        if path.stem in CORPUS_WIDE or path.parent.name == "networks":
            path.unlink()
    monkeypatch.setattr(totals, "stream_partials", partial(totals.stream_partials, batch_rows=37))
    analyse_corpus(copy / "tables", copy)       # no partials: counted from the tables
    assert_same_outputs(sample_build, copy)


def test_batches_are_regrouped_so_that_no_document_spans_two():
    rows = pd.DataFrame({"doc_id": ["a", "a", "b", "b", "b", "c", "d", "d"], "n": range(8)})
    cut = [rows.iloc[0:3], rows.iloc[3:4], rows.iloc[4:7], rows.iloc[7:8]]
    regrouped = list(whole_documents(cut))
    assert [list(batch["doc_id"]) for batch in regrouped] == [["a", "a"], ["b", "b", "b", "c"], ["d", "d"]]
    pd.testing.assert_frame_equal(pd.concat(regrouped, ignore_index=True), rows)
