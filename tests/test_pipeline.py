import json

import corpus_tools as ct
from corpus_tools.pipeline import BuildConfig, build
from corpus_tools.schema import TABLES


def test_tables_follow_the_data_contract(sample_build):
    corpus = ct.load(sample_build)
    for name, cols in TABLES.items():
        assert list(corpus[name].columns[:len(cols)]) == list(cols) or set(cols) <= set(corpus[name].columns), name
    assert len(corpus.documents) == 5
    assert corpus.documents["doc_id"].is_unique


def test_sentences_and_mentions_point_into_document_text(sample_build):
    corpus = ct.load(sample_build)
    texts = corpus.documents.set_index("doc_id")["text"]
    for s in corpus.sentences.itertuples():
        assert texts[s.doc_id][s.start_char:s.end_char] == s.text
    for m in corpus.mentions.itertuples():
        assert texts[m.doc_id][m.start_char:m.end_char] == m.text


def test_stoltenberg_is_an_actor_in_two_documents(sample_build):
    actors = ct.load(sample_build).actors
    stolt = actors[actors["name"].str.contains("Stoltenberg")]
    assert stolt["n_docs"].max() >= 2


def test_rebuild_with_unchanged_input_does_no_work(sample_build, models_dir):
    files = sorted(p for p in sample_build.rglob("*") if p.is_file() and p.name != ".lock")
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files}
    from tests.conftest import SAMPLE
    result = build(BuildConfig(corpus=SAMPLE, out=sample_build, models_dir=models_dir, progress=False))
    assert result.up_to_date and result.n_annotated == 0
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files}
    assert before == after


def test_builds_a_folder_it_has_never_seen(tmp_path, models_dir):
    corpus = tmp_path / "other"
    corpus.mkdir()
    rows = [{"id": "a1", "source": "Le Temps", "date": "2021-03-02",
             "text": "Le président français Emmanuel Macron a rencontré Angela Merkel à Berlin."},
            {"id": "a2", "source": "Le Soir", "text": "Emmanuel Macron a appelé la Russie au dialogue."}]
    (corpus / "articles.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = build(BuildConfig(corpus=corpus, out=tmp_path / "out", models_dir=models_dir, progress=False))
    assert result.n_documents == 2
    c = ct.load(tmp_path / "out")
    assert set(c.documents["source"]) == {"Le Temps", "Le Soir"}
    macron = c.actors[c.actors["name"].str.contains("Macron")]
    assert not macron.empty and macron["n_docs"].max() == 2


def test_changed_article_is_reannotated_alone(tmp_path, corpus_copy, models_dir):
    out = tmp_path / "out"
    build(BuildConfig(corpus=corpus_copy, out=out, models_dir=models_dir, progress=False))
    first = sorted(corpus_copy.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nAnkara a salué l'accord.\n", encoding="utf-8")
    result = build(BuildConfig(corpus=corpus_copy, out=out, models_dir=models_dir, progress=False))
    assert result.n_annotated == 1 and not result.up_to_date
    assert ct.load(out).sentences["text"].str.contains("Ankara a salué").any()


def test_unchanged_files_are_not_read_again_and_touched_or_bad_ones_are(tmp_path, corpus_copy, models_dir, monkeypatch):
    import os

    import corpus_tools.text as text_stage
    out, config = tmp_path / "out", BuildConfig(corpus=corpus_copy, out=tmp_path / "out", models_dir=models_dir,
                                                progress=False)
    build(config)
    read = text_stage.read_corpus
    calls = []
    monkeypatch.setattr(text_stage, "read_corpus", lambda *a, **k: calls.append(1) or read(*a, **k))
    assert build(config).up_to_date and calls == []               # nothing changed: the files are not read
    first = sorted(corpus_copy.glob("*.txt"))[0]
    os.utime(first, ns=(first.stat().st_atime_ns, first.stat().st_mtime_ns + 10**9))
    result = build(config)                                          # touched: read, found the same
    assert calls == [1] and result.up_to_date and result.n_annotated == 0
    (corpus_copy / "scan.txt").write_bytes(b"%PDF-1.4\x00\x01\x02 not text")
    result = build(config)                                          # a new unreadable file is listed
    assert not result.up_to_date and result.n_skipped == 1
    assert ct.load(out).skipped["path"].tolist() == ["scan.txt"]
    assert build(config).n_skipped == 1 and len(calls) == 2


def test_an_actor_is_found_by_id_or_by_any_name_it_goes_by(sample_build):
    import pytest
    corpus = ct.load(sample_build)
    actor = corpus.actors[corpus.actors["name"].str.contains("Stoltenberg")].iloc[0]
    assert corpus.actor_id(actor["actor_id"]) == actor["actor_id"]
    assert corpus.actor_id("stoltenberg") == actor["actor_id"] == corpus.actor_id(actor["name"].upper())
    with pytest.raises(KeyError, match="close: .*" + actor["actor_id"]):
        corpus.actor_id("Stoltenbergg")


def test_an_edited_sidecar_is_a_new_input_and_annotates_nothing_again(tmp_path, corpus_copy, models_dir):
    config = BuildConfig(corpus=corpus_copy, out=tmp_path / "out", models_dir=models_dir, progress=False)
    first = build(config)
    assert first.n_described == len(ct.load(tmp_path / "out").documents)
    sidecar = corpus_copy / "metadata.csv"
    lines = sidecar.read_text(encoding="utf-8").splitlines()
    name = lines[1].split(",")[0]
    lines[1] = f"{name},Le Journal du Test,2020-05-01"
    sidecar.write_text("\n".join([lines[0] + ",date", *lines[1:]]) + "\n", encoding="utf-8")
    result = build(config)
    assert not result.up_to_date and result.n_annotated == 0          # same texts: their annotation is reused
    docs = ct.load(tmp_path / "out").documents.set_index("path")
    assert (docs.loc[name, "source"], docs.loc[name, "date"]) == ("Le Journal du Test", "2020-05-01")
    assert build(config).up_to_date


def test_a_corpus_naming_no_actor_builds_its_tables_and_pages(tmp_path, models_dir):
    import pyarrow.parquet as pq
    from corpus_tools.reports import render_reports
    corpus = tmp_path / "calm"
    corpus.mkdir()
    (corpus / "pluie.txt").write_text("Une journée calme\n\nIl a plu toute la journée et les habitants sont restés "
                                      "chez eux.\n\nLe marché était presque vide ce matin.\n", encoding="utf-8")
    build(BuildConfig(corpus=corpus, out=tmp_path / "out", models_dir=models_dir, progress=False))
    assert pq.read_schema(tmp_path / "out" / "tables" / "mentions.parquet").field("kind").type != "null"
    result = render_reports(tmp_path / "out", tmp_path / "reports", progress=False, workers=1)
    assert not result.failed and (tmp_path / "reports" / "overview.html").is_file()
