import subprocess
import sys


def run(*args, **kw):
    return subprocess.run([sys.executable, "-m", "corpus_tools", *args], capture_output=True, text=True, **kw)


def test_missing_corpus_is_one_clear_line(tmp_path, models_dir):
    proc = run("build", "--corpus", str(tmp_path / "nope"), "--out", str(tmp_path / "o"), "--models", models_dir)
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0 and "nope" in proc.stderr and "Traceback" not in proc.stderr


def test_models_folder_without_models_exits_3(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text("La Turquie soutient le GNA.", encoding="utf-8")
    proc = run("build", "--corpus", str(tmp_path / "c"), "--out", str(tmp_path / "o"), "--models", str(tmp_path))
    assert proc.returncode == 3 and "models" in proc.stderr
