import json

from corpus_tools.text import RawArticle, Skipped
from corpus_tools.text.files import iter_articles


def test_reads_txt_jsonl_csv_recursively(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("Un article sur la Libye.\n", encoding="utf-8")
    rows = [{"id": "x1", "text": "Premier texte.", "source": "Le Monde"}, {"text": "Second texte."}]
    (tmp_path / "many.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    (tmp_path / "t.csv").write_text("title,text\nTitre,Texte du csv\n", encoding="utf-8")
    items = list(iter_articles(tmp_path))
    arts = {a.doc_id: a for a in items if isinstance(a, RawArticle)}
    assert set(arts) == {"one", "x1", "many-000001", "t-000000"}
    assert arts["x1"].meta["source"] == "Le Monde"
    assert arts["one"].path == "a/one.txt"
    assert arts["t-000000"].meta["title"] == "Titre"


def test_rows_without_text_are_skipped_with_their_location(tmp_path):
    (tmp_path / "bad.jsonl").write_text('{"id": "a", "text": ""}\n{"id": "b", "text": "ok"}\n', encoding="utf-8")
    items = list(iter_articles(tmp_path))
    assert [type(i) for i in items] == [Skipped, RawArticle]
    assert items[0].path == "bad.jsonl#0"
