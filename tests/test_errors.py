"""User-facing errors: one clear line, the documented exit code, a traceback only with --debug."""
from __future__ import annotations

import errno
import os
import re
import signal
import time

import pytest

from tests.corpora import make_news_corpus, run, start, wait_for

ONE_LINE = re.compile(r"corpus-tools( \w+)?: error: [^\n]+\n\Z")


def corpus_of_one(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text("La Turquie soutient le gouvernement libyen de Tripoli.", encoding="utf-8")
    return str(tmp_path / "c")


@pytest.mark.parametrize("args", [("build", "--bogus"), ("build", "--min-mentions", "many"), ("frobnicate",),
                                  ("build", "--wait")])
def test_usage_errors_are_one_line_with_exit_2(args):
    proc = run(*args)
    assert proc.returncode == 2
    assert ONE_LINE.fullmatch(proc.stderr), proc.stderr


def test_a_broken_registry_file_is_one_line_naming_it(tmp_path, models_dir):
    registry = tmp_path / "actors.yaml"
    registry.write_text("actors:\n  - name: [unclosed\n    aliases: {\n", encoding="utf-8")
    args = ("build", "--corpus", corpus_of_one(tmp_path), "--out", str(tmp_path / "o"), "--no-reports",
            "--models", models_dir, "--registry", str(registry))
    proc = run(*args)
    assert proc.returncode == 1
    assert ONE_LINE.fullmatch(proc.stderr) and str(registry) in proc.stderr and "Traceback" not in proc.stderr
    missing = run(*args[:-1], str(tmp_path / "nope.yaml"))
    assert missing.returncode == 1 and ONE_LINE.fullmatch(missing.stderr) and "nope.yaml" in missing.stderr


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_traceback(tmp_path, where):
    args = ["build", "--corpus", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]
    proc = run(*(["--debug", *args] if where == "before" else [*args, "--debug"]))
    assert proc.returncode == 1 and "Traceback" in proc.stderr and "BuildError" in proc.stderr


def test_reports_without_a_build_is_one_line(tmp_path):
    proc = run("reports", "--out", str(tmp_path / "none"), "--reports", str(tmp_path / "r"))
    assert proc.returncode == 1 and ONE_LINE.fullmatch(proc.stderr) and "no build in" in proc.stderr
    assert not (tmp_path / "none").exists()


def test_sigterm_stops_cleanly_with_exit_143(tmp_path, models_dir):
    corpus = make_news_corpus(tmp_path / "c", 60)
    out = tmp_path / "o"
    proc = start("build", "--corpus", str(corpus), "--out", str(out), "--no-reports", "--models", models_dir)
    wait_for(lambda: (out / ".lock").exists(), proc)
    time.sleep(1.0)
    os.kill(proc.pid, signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.skip("the build finished before the signal")
    assert proc.returncode == 143, err
    assert err.strip().splitlines()[-1].startswith("corpus-tools: interrupted")
    assert "Traceback" not in err
    assert not [p for p in out.rglob(".*") if p.name.startswith(".tmp") or p.name.endswith(".tmp")]


@pytest.mark.parametrize("option, text, said", [
    ("--registry", "actors:\n  - id: otan\n    name: OTAN\n    alias: [NATO]\n",
     "line 2: actor entry: unknown key 'alias' (did you mean 'aliases'?)"),
    ("--registry", "actors:\n  - id: otan\n    nom: OTAN\n",
     "line 2: actor entry: unknown key 'nom'; no 'name' (required)"),
    ("--registry",
     "actors:\n  - name: Jens Stoltenberg\n    type: person\n    roles:\n      - title: [secrétaire général]\n",
     "line 5: role of actor jens-stoltenberg: unknown key 'title' (did you mean 'titles'?); no 'titles' (required)"),
    ("--outlets", "outlets:\n  - name: La Gazette\n    domain: [gazette.example]\n",
     "line 2: outlet entry: unknown key 'domain' (did you mean 'domains'?)"),
    ("--columns", "source: [nom_du_media]\nauthors: [plume]\n",
     "line 1: column table: unknown key 'authors' (did you mean 'author'?)"),
])
def test_a_user_file_with_an_unknown_or_missing_key_names_file_line_and_key(tmp_path, models_dir, option, text, said):
    user_file = tmp_path / "mine.yaml"
    user_file.write_text(text, encoding="utf-8")
    proc = run("build", "--corpus", corpus_of_one(tmp_path), "--out", str(tmp_path / "o"), "--no-reports",
               "--models", models_dir, option, str(user_file))
    assert proc.returncode == 1 and ONE_LINE.fullmatch(proc.stderr), proc.stderr
    assert f"{user_file}, {said}" in proc.stderr, proc.stderr
    assert not (tmp_path / "o").exists()                     # nothing written before the files are checked


def test_a_full_disk_outside_the_output_folders_is_one_line_naming_the_folder():
    from corpus_tools.cli import error_message
    code, message = error_message(OSError(errno.ENOSPC, "No space left on device", "/scratch"))
    assert code == 1 and message.startswith("cannot write to /scratch: No space left on device; free some space")


def test_only_a_write_error_in_the_output_folder_is_called_one(tmp_path):
    from corpus_tools.cli import NotWritable, writing_to
    out = tmp_path / "out"
    with pytest.raises(PermissionError):          # a file read elsewhere (the models): left as it is
        with writing_to(out):
            raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "models" / "x.pt"))
    with pytest.raises(NotWritable, match=f"cannot write to {out} \\({out}/cache\\): No space left on device"):
        with writing_to(out):                     # the folder, and where in it (not our temporary names)
            raise OSError(errno.ENOSPC, "No space left on device", str(out / "cache" / ".a.pickle.x1.tmp"))
    with pytest.raises(NotWritable, match=f"cannot write to {out}: No space left on device"):
        with writing_to(out):                     # a failed write() names no file
            raise OSError(errno.ENOSPC, "No space left on device")
