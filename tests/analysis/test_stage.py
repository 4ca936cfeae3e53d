"""The analysis stage: the extractors' tables are written by the build, once, and cached; a user's own
extractors run beside the package's."""
from __future__ import annotations

import pytest

import corpus_tools as ct
from corpus_tools import analysis as A
from corpus_tools.analysis import counting, stage
from corpus_tools.pipeline import BuildConfig, build


def test_the_build_writes_the_sentence_cooccurrences_of_its_mentions(sample_build):
    corpus = ct.load(sample_build)
    pairs = corpus.cooccurrences
    assert len(pairs) > 0 and (pairs["actor_a"] < pairs["actor_b"]).all()
    kinds_in = corpus.mentions.groupby(["doc_id", "sent_idx"])[["actor_id", "kind"]].apply(
        lambda g: set(map(tuple, g.to_numpy())))
    for r in pairs.itertuples():
        assert {(r.actor_a, r.kind_a), (r.actor_b, r.kind_b)} <= kinds_in[(r.doc_id, r.sent_idx)]
    for kinds in ("all", "name"):      # the default, and names alone
        named = corpus.mentions[corpus.mentions["kind"].isin(counting.kinds_of(kinds))]
        named = named.groupby(["doc_id", "sent_idx"])["actor_id"].agg(set)
        expected = {(d, s, a, b) for (d, s), ids in named.items() for a in ids for b in ids if a < b}
        again = A.cooccurrences(corpus, kinds=kinds)
        assert set(map(tuple, again[["doc_id", "sent_idx", "actor_a", "actor_b"]].to_numpy())) == expected


def test_a_rebuild_analyses_only_the_documents_that_changed(tmp_path, corpus_copy, models_dir, monkeypatch):
    config = BuildConfig(corpus=corpus_copy, out=tmp_path / "out", models_dir=models_dir, progress=False)
    build(config)
    seen: list[str] = []
    extractor = next(e for e in stage.document_extractors() if e.table == "cooccurrences")

    def counted(chunk):
        seen.extend(chunk.documents["doc_id"])
        return extractor.run(chunk)
    monkeypatch.setattr(stage, "ADDED_DOCUMENT_EXTRACTORS", {})
    stage.register_analysis("cooccurrences", counted, extractor.requires)
    assert [e.table for e in stage.document_extractors()] == ["labels", "agency", "cooccurrences", "quotes"]
    first = sorted(corpus_copy.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nAnkara a salué l'accord avec Moscou.\n", encoding="utf-8")
    build(config)
    documents = ct.load(tmp_path / "out").documents
    assert first.stem in seen and len(set(seen)) < len(documents)


def test_the_build_runs_registered_corpus_wide_analyses_once_after_the_tables(tmp_path, corpus_copy, models_dir,
                                                                               monkeypatch):
    seen = []

    def documents_per_source(corpus):
        seen.append(sorted(corpus.tables))
        counts = corpus.read("documents", ["source"])["source"].value_counts()
        rows = counts.rename_axis("source").rename("n_published").reset_index().assign(
            month=None, term="documents", n_counted=counts.to_numpy())
        return stage.CorpusResults({"lemma_counts": rows}, {"extra/hello.txt": b"hello"})
    monkeypatch.setattr(stage.extract, "CORPUS_EXTRACTORS", ())
    monkeypatch.setattr(stage, "ADDED_CORPUS_EXTRACTORS", {})
    stage.register_corpus_analysis("per source", ["lemma_counts"], documents_per_source)
    build(BuildConfig(corpus=corpus_copy, out=tmp_path / "out", models_dir=models_dir, progress=False))
    assert len(seen) == 1 and {"documents", "mentions", "cooccurrences"} <= set(seen[0])
    corpus = ct.load(tmp_path / "out")
    assert corpus.lemma_counts["n_published"].sum() == len(corpus.documents)
    assert (tmp_path / "out" / "tables" / "extra" / "hello.txt").read_bytes() == b"hello"


def test_a_user_extractor_runs_after_the_package_s_and_writes_only_documented_tables(monkeypatch):
    monkeypatch.setattr(stage, "ADDED_CORPUS_EXTRACTORS", {})
    stage.register_corpus_analysis("again", ["actor_pairs"], lambda corpus: stage.CorpusResults({}))
    assert [e.name for e in stage.corpus_extractors()] == ["keyness", "actor_pairs", "again"]
    with pytest.raises(KeyError, match="no table 'outlet_mentions'"):
        stage.register_analysis("outlet_mentions", lambda chunk: None)
    with pytest.raises(ValueError, match="a chunk holds no actors"):
        stage.register_analysis("labels", lambda chunk: None, requires=["actors"])
