"""The metadata sidecar, the column table and outlets named by folders and URLs, in the text stage."""
from __future__ import annotations

import json

import pytest

from corpus_tools.text import InputWarning, Prepared, Skipped, load_columns, load_outlets, prepare, read_corpus
from corpus_tools.text.outlets import attribute
from corpus_tools.userfiles import UserFileError

BODY = ("Le ministre des Affaires étrangères a reçu mardi son homologue pour évoquer la crise libyenne "
        "et les moyens de relancer le dialogue politique entre les parties, a indiqué son porte-parole.")


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def article(n: int) -> str:
    return f"Un titre numéro {n} pour cet article\n\n{BODY} Détail {n}.\n"


def items(corpus, **options):
    found = list(prepare(corpus, **options))
    docs = {i.document["doc_id"]: i.document for i in found if isinstance(i, Prepared)}
    warnings = [w for i in found for w in ([i] if isinstance(i, InputWarning) else getattr(i, "warnings", ()))]
    return docs, warnings, [i for i in found if isinstance(i, Skipped)]


def test_a_jsonl_sidecar_describes_records_by_id_and_files_by_path(tmp_path):
    write(tmp_path / "a" / "one.txt", article(1))
    write(tmp_path / "rows.jsonl", "\n".join(json.dumps({"id": f"r{n}", "texte": article(n + 2)}) for n in range(2)))
    write(tmp_path / "metadata.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"fichier": "a/one.txt", "média": "Le Soir", "date": "3 juillet 2020", "langue": "fr"},
        {"file": "rows.jsonl", "journal": "La Libre Belgique"},
        {"id": "r1", "source": "RTBF", "titre": "Un autre titre"},
    ]))
    docs, warnings, skipped = items(tmp_path)
    assert warnings == [] and skipped == []
    assert (docs["one"]["source"], docs["one"]["date"], docs["one"]["described_by"]) == ("Le Soir", "2020-07-03",
                                                                                        "metadata.jsonl:1")
    assert docs["r0"]["source"] == "La Libre Belgique"                      # the file's row
    assert (docs["r1"]["source"], docs["r1"]["title"]) == ("RTBF", "Un autre titre")   # its id's row wins
    assert docs["r1"]["described_by"] == "metadata.jsonl:2, metadata.jsonl:3"


def test_a_sidecar_without_a_key_column_or_with_a_repeated_row_says_so(tmp_path):
    write(tmp_path / "one.txt", article(1))
    write(tmp_path / "metadata.csv", "outlet,date\nLe Soir,2020-01-01\n")
    _, warnings, _ = items(tmp_path)
    assert [str(w) for w in warnings] == ["metadata.csv: no column names the articles (a 'file' or 'id' column): "
                                          "nothing in it is used"]
    write(tmp_path / "metadata.csv", "file,outlet\none.txt,Le Soir\n./one.txt,RTBF\n")
    docs, warnings, _ = items(tmp_path)
    assert docs["one"]["source"] == "Le Soir"
    assert [str(w) for w in warnings] == ["metadata.csv:3: file 'one.txt' is described already on metadata.csv:2: "
                                          "this row is ignored"]


def test_a_sidecar_row_for_a_skipped_file_or_an_unknown_id_describes_nothing(tmp_path):
    write(tmp_path / "one.txt", article(1))
    (tmp_path / "empty.txt").write_bytes(b"")
    write(tmp_path / "metadata.csv", "file,id,source\nempty.txt,,Le Soir\n,r9,RTBF\n")
    _, warnings, _ = items(tmp_path)
    assert sorted(str(w) for w in warnings) == [
        "metadata.csv:2: 'empty.txt' gave no article (see its 'skipped' line): the row describes nothing",
        "metadata.csv:3: no article has the id 'r9': the row describes nothing"]


def test_the_sidecar_is_part_of_each_article_cache_key(tmp_path):
    corpus, cache = tmp_path / "c", tmp_path / "cache"
    write(corpus / "one.txt", article(1))
    write(corpus / "metadata.csv", "file,source,date\none.txt,Le Soir,2020-01-02\n")
    assert read_corpus(corpus, cache_dir=cache).documents.loc[0, "date"] == "2020-01-02"
    write(corpus / "metadata.csv", "file,source,date\none.txt,Le Soir,2020-01-03\n")
    assert read_corpus(corpus, cache_dir=cache).documents.loc[0, "date"] == "2020-01-03"
    first = read_corpus(corpus, cache_dir=cache, source_from_folder=True).documents
    write(corpus / "lesoir" / "two.txt", article(2))
    docs = read_corpus(corpus, cache_dir=cache, source_from_folder=True).documents.set_index("doc_id")
    assert docs.loc["two", "source"] == "Le Soir" and docs.loc["two", "source_from"] == "folder"
    assert read_corpus(corpus, cache_dir=cache).documents.set_index("doc_id").loc["two", "source_from"] == "none"
    assert first.loc[0, "source"] == "Le Soir"


def test_user_column_names_extend_the_table_and_bad_files_name_file_and_line(tmp_path):
    mine = write(tmp_path / "cols.yaml", "source: [nom_du_media]\n")
    assert load_columns([mine]).field_of("Nom du média") == "source"
    write(tmp_path / "bad.yaml", "source: [titre]\n")
    with pytest.raises(UserFileError, match="'titre' is given to 'source' and to 'title'"):
        load_columns([tmp_path / "bad.yaml"])
    write(tmp_path / "bad.yaml", "source: [a]\nmedia_name: [b]\n")
    with pytest.raises(UserFileError, match=r"bad.yaml, line 1: column table: unknown key 'media_name'"):
        load_columns([tmp_path / "bad.yaml"])


@pytest.mark.parametrize("evidence, expected", [
    ({"supplied": "lemonde.fr", "folder": "liberation"}, ("Le Monde", "supplied")),
    ({"folder": "liberation", "url": "https://www.lefigaro.fr/x"}, ("Libération", "folder")),
    ({"folder": "la-gazette"}, ("la-gazette", "folder")),
    ({"url": "https://www.lefigaro.fr/x", "page": "Le Figaro Premium"}, ("Le Figaro", "url")),
    ({"url": "https://www.example-news.org/x", "page": "Example News"}, ("Example News", "page")),
    ({"url": "https://www.example-news.org/x"}, ("example-news.org", "domain")),
    ({"url": "not a url at all"}, ("unknown", "none")),
    ({}, ("unknown", "none")),
])
def test_the_source_comes_from_the_strongest_evidence(evidence, expected):
    who = attribute(load_outlets(), **evidence)
    assert (who.source, who.basis) == expected
