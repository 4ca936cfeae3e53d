"""A researcher's own corpus, made the ways researchers make them, built through the command line:
a metadata sidecar (with bad rows), one folder per outlet, URLs, French column names, a Nexis export
opening with a cover page, dates that are not dates, the same file in two outlets' folders.  Each test
checks what the user reads (stdout, stderr) and what the tables hold."""
from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

import corpus_tools as ct
from tests.conftest import ROOT, SAMPLE
from tests.corpora import run

FIXTURES = ROOT / "tests" / "fixtures" / "text" / "corpus"
HAFTAR = ("Libye : les forces de l'Est reculent au sud de Tripoli\n\n"
          "Les forces du maréchal Khalifa Haftar ont reculé mercredi au sud de Tripoli, après plusieurs jours "
          "de combats contre les troupes du gouvernement d'union nationale, selon des sources militaires.\n\n"
          "Le porte-parole du gouvernement a affirmé que l'aéroport international était de nouveau sous contrôle.\n")
ANKARA = ("La Turquie promet de nouveaux drones à Tripoli\n\n"
          "Le ministre turc de la Défense a annoncé jeudi à Ankara que son pays livrerait de nouveaux équipements "
          "au gouvernement libyen, malgré l'embargo décrété par les Nations unies.\n")
RECORDS = [
    {"id": "r1", "url": "https://www.lefigaro.fr/international/libye-la-russie-2020.html",
     "text": "Moscou dément envoyer des mercenaires en Libye\n\nLe Kremlin a démenti lundi tout soutien militaire "
             "aux forces de l'Est libyen, malgré les accusations répétées de Washington."},
    {"id": "r2", "url": "https://actu.example-news.org/2020/05/libye",
     "text": "L'Algérie propose sa médiation\n\nLe président algérien a reçu samedi à Alger des émissaires des deux "
             "camps libyens et proposé d'accueillir des pourparlers."},
    {"id": "r3", "url": "https://www.gazette-du-desert.net/articles/tunis",
     "text": "Tunis inquiet pour sa frontière\n\nLes autorités tunisiennes ont renforcé jeudi les contrôles à la "
             "frontière libyenne, où des milliers de travailleurs attendent de rentrer."},
]
FRENCH_CSV = ("titre;date;texte;média;mots_clés\n"
              "Le Caire réunit les tribus libyennes;16/07/2020;Le président égyptien a reçu jeudi au Caire des chefs "
              "de tribus libyennes venus demander une intervention de l'armée égyptienne.;Al-Ahram Hebdo;Egypte\n"
              "Rome appelle à la désescalade;2020-13-45;Le ministre italien des Affaires étrangères a appelé lundi "
              "toutes les parties libyennes à la retenue et au respect du cessez-le-feu.;La Voce francese;Italie\n")
SIDECAR = ("file,id,outlet,date,notes\n"
           "lemonde/haftar.txt,,,2020-06-03,relu\n"            # 2: a date; 'notes' is no field
           "liberation/ankara.txt,,,mardi dernier,\n"          # 3: a date that is not a date
           ",,Le Temps,2020-01-01,\n"                          # 4: names no article
           "lemonde/absent.txt,,Le Monde,2020-01-02,\n"        # 5: names a file the corpus does not have
           "liberation/ankara.txt,,x,y,z,trop\n"               # 6: more values than columns
           ",r3,Gazette du désert,,\n")                        # 7: describes one record by its id


def researcher_corpus(root):
    """The corpus: a sidecar, folders per outlet (one file in both), records, French columns, a Nexis export."""
    (root / "lemonde").mkdir(parents=True)
    (root / "liberation").mkdir()
    (root / "lemonde" / "haftar.txt").write_text(HAFTAR, encoding="utf-8")
    (root / "liberation" / "haftar.txt").write_text(HAFTAR, encoding="utf-8")   # the same bytes, a second outlet
    (root / "liberation" / "ankara.txt").write_text(ANKARA, encoding="utf-8")
    (root / "records.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS),
                                        encoding="utf-8")
    (root / "articles_fr.csv").write_text(FRENCH_CSV, encoding="utf-8")
    (root / "metadata.csv").write_text(SIDECAR, encoding="utf-8")
    (root / "exports").mkdir()
    shutil.copy(FIXTURES / "exports" / "nexis_cover.txt", root / "exports" / "nexis_export.txt")
    return root


@pytest.fixture(scope="module")
def researcher(tmp_path_factory, models_dir):
    """The corpus built once through the command line, folders as outlets; (process, tables)."""
    root = tmp_path_factory.mktemp("own")
    corpus = researcher_corpus(root / "corpus")
    proc = run("build", "--corpus", str(corpus), "--out", str(root / "out"), "--no-reports", "--models", models_dir,
               "--source-from-folder")
    assert proc.returncode == 0, proc.stderr
    return proc, ct.load(root / "out")


def stderr_lines(proc) -> list[str]:
    return proc.stderr.splitlines()


def docs_by_path(corpus):
    return corpus.documents.set_index("path")


def test_the_sample_names_every_article_outlet(tmp_path, models_dir):
    proc = run("build", "--corpus", str(SAMPLE), "--out", str(tmp_path / "out"), "--no-reports",
               "--models", models_dir)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("5 documents (5 described by the sidecar), ")
    assert not [line for line in stderr_lines(proc) if line.startswith(("warning", "skipped"))]
    docs = ct.load(tmp_path / "out").documents
    outlets = dict(zip(docs["doc_id"].str[:3], docs["source"]))
    assert outlets == {"000": "Agence Anadolu", "001": "OTAN", "002": "L'Orient-Le Jour", "003": "L'Orient-Le Jour",
                       "004": "Aujourd'hui le Maroc"}
    assert (docs["source_from"] == "supplied").all() and docs["described_by"].str.startswith("metadata.csv:").all()


def test_the_sidecar_describes_articles_and_wins(researcher):
    proc, corpus = researcher
    docs = docs_by_path(corpus)
    assert docs.loc["lemonde/haftar.txt", "date"] == "2020-06-03"
    assert docs.loc["lemonde/haftar.txt", "described_by"] == "metadata.csv:2"
    r3 = corpus.documents.set_index("doc_id").loc["r3"]
    assert (r3["source"], r3["source_from"], r3["described_by"]) == ("Gazette du désert", "supplied", "metadata.csv:7")
    assert "3 described by the sidecar" in proc.stdout
    assert "metadata.csv" not in set(corpus.documents["path"]) | set(corpus.skipped["path"])  # not an article


def test_a_sidecar_with_bad_rows_says_so_line_by_line(researcher):
    proc, corpus = researcher
    lines = stderr_lines(proc)
    assert any(line.startswith("warning: metadata.csv:2: column 'notes' is not read: no field has this name")
               for line in lines)
    assert "warning: metadata.csv:4: the row names no article (no file, no id): ignored" in lines
    assert any(line.startswith("warning: metadata.csv:6: row ignored: more values than the 5 columns of the header")
               for line in lines)
    assert set(corpus.warnings["path"]) >= {"metadata.csv"}
    assert all(len(line) < 400 for line in lines)


def test_a_sidecar_row_naming_a_missing_file_says_so(researcher):
    proc, _ = researcher
    assert ("warning: metadata.csv:5: 'lemonde/absent.txt' is not in the corpus folder: the row describes nothing"
            in stderr_lines(proc))


def test_folders_name_the_outlets(researcher):
    _, corpus = researcher
    docs = docs_by_path(corpus)
    assert docs.loc["lemonde/haftar.txt", "source"] == "Le Monde"           # the registry's name for 'lemonde'
    assert docs.loc["liberation/ankara.txt", "source"] == "Libération"
    assert set(docs.loc[["lemonde/haftar.txt", "liberation/ankara.txt"], "source_from"]) == {"folder"}


def test_an_identical_file_in_two_outlets_folders_is_two_publications(researcher):
    proc, corpus = researcher
    docs = docs_by_path(corpus)
    first, copy = docs.loc["lemonde/haftar.txt"], docs.loc["liberation/haftar.txt"]
    assert (first["source"], copy["source"]) == ("Le Monde", "Libération")
    assert copy["duplicate_of"] == first["doc_id"] and copy["duplicate_similarity"] == 1.0
    assert "liberation/haftar.txt" not in set(corpus.skipped["path"])
    assert "1 a copy of another" in proc.stdout
    assert set(corpus.mentions["doc_id"]) >= {first["doc_id"], copy["doc_id"]}   # both annotated
    mentions = corpus.mentions.merge(corpus.documents[["doc_id", "source", "duplicate_of"]], on="doc_id")
    in_copy = mentions[mentions["doc_id"] == copy["doc_id"]]["actor_id"].unique()
    assert len(in_copy)
    actors = corpus.actors.set_index("actor_id")
    for actor in in_copy:                   # corpus-wide: the story once; outlets: each one that published it
        rows = mentions[mentions["actor_id"] == actor]
        stories = rows[rows["duplicate_of"].isna()]
        assert actors.loc[actor, "n_mentions"] == len(stories)
        assert actors.loc[actor, "n_docs"] == stories["doc_id"].nunique()
        assert actors.loc[actor, "n_sources"] == rows["source"].nunique() >= 2


def test_urls_name_the_outlet_by_the_registry_then_by_their_domain(researcher):
    _, corpus = researcher
    docs = corpus.documents.set_index("doc_id")
    assert (docs.loc["r1", "source"], docs.loc["r1", "source_from"]) == ("Le Figaro", "url")
    assert (docs.loc["r2", "source"], docs.loc["r2", "source_from"]) == ("actu.example-news.org", "domain")


def test_french_columns_are_read_and_an_unknown_one_is_reported(researcher):
    proc, corpus = researcher
    rows = corpus.documents[corpus.documents["path"] == "articles_fr.csv"].set_index("title")
    first = rows.loc["Le Caire réunit les tribus libyennes"]
    assert (first["source"], first["date"]) == ("Al-Ahram Hebdo", "2020-07-16")
    assert "chefs de tribus libyennes" in first["text"]
    assert any(line.startswith("warning: articles_fr.csv:2: column 'mots_clés' is not read") for line in
               stderr_lines(proc))


def test_dates_that_are_not_dates_are_null_with_one_warning_naming_file_and_value(researcher):
    proc, corpus = researcher
    docs = docs_by_path(corpus)
    assert pd.isna(docs.loc["liberation/ankara.txt", "date"])
    rome = corpus.documents.set_index("title").loc["Rome appelle à la désescalade"]
    assert pd.isna(rome["date"])
    lines = stderr_lines(proc)
    assert ("warning: liberation/ankara.txt: date 'mardi dernier' (from metadata.csv:3) is not a full date "
            "(day, month, year): not used; documents.date left empty") in lines
    assert (f"warning: articles_fr.csv#{rome['doc_id']}: date '2020-13-45' (supplied) is not a full date "
            "(day, month, year): not used; documents.date left empty") in lines
    dates = corpus.documents["date"].dropna()
    assert dates.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()


def test_a_nexis_cover_page_is_skipped_and_every_article_kept(researcher):
    proc, corpus = researcher
    assert ("skipped exports/nexis_export.txt#cover: cover page of a Nexis Uni export (download details, search, "
            "the list of its 3 titles): not an article") in stderr_lines(proc)
    nexis = corpus.documents[corpus.documents["path"] == "exports/nexis_export.txt"].set_index("doc_id")
    assert len(nexis) == 3
    first = nexis.loc["nexis_export-0000"]
    assert first["title"] == "Tripoli et Ankara signent un accord de coopération navale"
    assert first["date"] == "2021-01-12"                      # not the download date of the cover page
    assert first["source"] == "La Gazette du Littoral"       # the export's outlet field, not the folder 'exports'
    assert nexis.loc["nexis_export-0001", "source"] == "Le Courrier du Nil"
    for word in ("Job Number", "Search Terms", "Syrte", "Genève"):
        assert word not in first["text"]
    cover_mentions = corpus.mentions[(corpus.mentions["doc_id"] == "nexis_export-0000")
                                     & corpus.mentions["text"].isin(["Syrte", "Genève", "Le Caire"])]
    assert cover_mentions.empty


def test_every_warning_and_skip_is_one_line_and_stored(researcher):
    proc, corpus = researcher
    shown = [line for line in stderr_lines(proc) if line.startswith("warning: ")]
    assert len(shown) == len(corpus.warnings) and f"{len(corpus.warnings)} warnings" in proc.stdout
    assert "Traceback" not in proc.stderr and "warnings.warn" not in proc.stderr


def test_a_rebuild_with_nothing_changed_says_the_same(researcher, tmp_path, models_dir):
    proc, corpus = researcher
    out = corpus.out
    corpus_dir = out.parent / "corpus"
    again = run("build", "--corpus", str(corpus_dir), "--out", str(out), "--no-reports", "--models", models_dir,
                "--source-from-folder")
    assert again.returncode == 0 and "up to date" in again.stdout
    assert sorted(again.stderr.splitlines()) == sorted(proc.stderr.splitlines())
    edited = run("build", "--corpus", str(corpus_dir), "--out", str(out), "--no-reports", "--models", models_dir)
    assert edited.returncode == 0 and "up to date" not in edited.stdout   # without the option: sources change
    assert ct.load(out).documents.set_index("path").loc["liberation/ankara.txt", "source"] != "Libération"
