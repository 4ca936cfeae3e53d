"""The command line: its errors, version, help, and warnings, as the user reads them."""
import argparse

from tests.conftest import SAMPLE
from tests.corpora import run, run_listing_imports


def test_missing_corpus_is_one_clear_line(tmp_path, models_dir):
    proc = run("build", "--corpus", str(tmp_path / "nope"), "--out", str(tmp_path / "o"), "--models", models_dir)
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0 and "nope" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "o").exists()


def test_models_folder_without_models_exits_3(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text("La Turquie soutient le GNA.", encoding="utf-8")
    proc = run("build", "--corpus", str(tmp_path / "c"), "--out", str(tmp_path / "o"), "--models", str(tmp_path))
    assert proc.returncode == 3 and "models" in proc.stderr


def test_version_is_printed():
    from corpus_tools import __version__
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"corpus-tools {__version__}"


def test_help_has_no_markup_and_a_line_for_every_option():
    from corpus_tools.cli import make_parser
    parsers = [make_parser()]
    for parser in parsers:              # every subcommand, at every level
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                parsers.extend(action.choices.values())
            elif action.option_strings:
                assert action.help and action.help.strip(), f"{parser.prog} {action.option_strings}"
    for args in [(), ("build",), ("reports",), ("models",), ("models", "download"), ("models", "install"),
                 ("actors",), ("actors", "suggest"), ("actors", "merge"), ("actors", "split")]:
        proc = run(*args, "--help")
        assert proc.returncode == 0 and "``" not in proc.stdout and "`" not in proc.stdout, args


def test_a_run_that_fails_before_reading_creates_no_output_folder(tmp_path, models_dir):
    proc = run("build", "--corpus", str(tmp_path / "nope"), "--out", str(tmp_path / "o"), "--models", models_dir)
    assert proc.returncode == 1 and not (tmp_path / "o").exists()
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text("La Turquie soutient le GNA.", encoding="utf-8")
    proc = run("build", "--corpus", str(tmp_path / "c"), "--out", str(tmp_path / "o"), "--models", str(tmp_path / "c"))
    assert proc.returncode == 3 and not (tmp_path / "o").exists()


def test_the_spacy_fallback_warning_is_one_line(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Emmanuel Macron a reçu Recep Tayyip Erdogan à Paris pour parler de la Libye.",
                                  encoding="utf-8")
    empty = tmp_path / "no_models"
    empty.mkdir()
    proc = run("build", "--corpus", str(corpus), "--out", str(tmp_path / "o"), "--no-reports",
               env={"STANZA_RESOURCES_DIR": str(empty), "HOME": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    fallback = [line for line in lines if "FALLING BACK TO spaCy" in line]
    assert len(fallback) == 1 and fallback[0].startswith("corpus-tools: warning: Stanza French models not found")
    assert not [line for line in lines if "warnings.warn" in line or "Warning:" in line]


def test_a_build_with_nothing_to_do_imports_no_model_nor_report_machinery(sample_build, models_dir):
    proc, imported = run_listing_imports("build", "--corpus", str(SAMPLE), "--out", str(sample_build),
                                         "--models", models_dir, "--no-reports")
    assert proc.returncode == 0 and "up to date" in proc.stdout, proc.stderr
    assert imported == []    # no torch, Stanza, spaCy, papermill, matplotlib, datasketch, ...


def test_actors_suggest_then_merge_then_build_applies_it_without_annotating(tmp_path, models_dir):
    from tests.analysis.test_curation import ARTICLES
    corpus, out = tmp_path / "c", tmp_path / "o"
    corpus.mkdir()
    for doc_id, text in ARTICLES.items():
        (corpus / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    build = ("build", "--corpus", str(corpus), "--out", str(out), "--models", models_dir, "--no-reports")
    assert run(*build).returncode == 0
    proc = run("actors", "suggest", "--out", str(out))
    assert proc.returncode == 0 and "is the surname of" in proc.stdout and "    a3: " in proc.stdout
    mine = tmp_path / "decisions.yaml"
    proc = run("actors", "merge", "Jean-Baptiste Morvanec", "Morvanec", "--why", "the minister", "--out", str(out),
               "--curation", str(mine), env={"CORPUS_TOOLS_USER": "Ana Lopes"})
    assert proc.returncode == 0 and f"Recorded in {mine}" in proc.stdout and "Ana Lopes" in mine.read_text()
    proc = run("actors", "retype", "Morvanec", "personne", "--why", "?", "--out", str(out), "--curation", str(mine))
    assert proc.returncode == 2 and "unknown type 'personne'" in proc.stderr and proc.stderr.count("\n") == 1
    proc = run(*build, "--curation", str(mine))
    assert proc.returncode == 0 and "0 annotated" in proc.stdout and "1 curation decision" in proc.stdout
    mine.write_text(mine.read_text() + "- {rename: morvanec, name: X}\n", encoding="utf-8")   # merged away
    proc = run(*build, "--curation", str(mine))
    assert proc.returncode == 1 and f"curation file {mine}, line 5: no actor 'morvanec'" in proc.stderr
