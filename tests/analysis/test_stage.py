"""The analysis stage: registered per-document analyses are written by the build, once, and cached."""
from __future__ import annotations

import corpus_tools as ct
from corpus_tools import analysis as A
from corpus_tools.analysis import stage
from corpus_tools.pipeline import BuildConfig, build


def test_the_build_writes_the_sentence_cooccurrences_of_its_mentions(sample_build):
    corpus = ct.load(sample_build)
    pairs = corpus.cooccurrences
    assert len(pairs) > 0 and (pairs["actor_a"] < pairs["actor_b"]).all()
    actors_in = corpus.mentions.groupby(["doc_id", "sent_idx"])["actor_id"].agg(set)
    assert all({r.actor_a, r.actor_b} <= actors_in[(r.doc_id, r.sent_idx)] for r in pairs.itertuples())
    again = A.cooccurrences(corpus.mentions, "sentence")
    key = ["doc_id", "sent_idx", "actor_a", "actor_b"]
    assert sorted(map(tuple, pairs[key].to_numpy())) == sorted(map(tuple, again[key].to_numpy()))


def test_a_rebuild_analyses_only_the_documents_that_changed(tmp_path, corpus_copy, models_dir, monkeypatch):
    config = BuildConfig(corpus=corpus_copy, out=tmp_path / "out", models_dir=models_dir, progress=False)
    build(config)
    seen: list[str] = []
    analysis = stage.ANALYSES["cooccurrences"]

    def counted(chunk):
        seen.extend(chunk.documents["doc_id"])
        return analysis.run(chunk)
    monkeypatch.setitem(stage.ANALYSES, "cooccurrences", stage.DocumentAnalysis("cooccurrences", counted))
    first = sorted(corpus_copy.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nAnkara a salué l'accord avec Moscou.\n", encoding="utf-8")
    build(config)
    documents = ct.load(tmp_path / "out").documents
    assert first.stem in seen and len(set(seen)) < len(documents)
