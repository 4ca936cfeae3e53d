"""A non-editable install works on its own: the package data (notebooks, templates, registries) ships
with it, and it builds and renders the sample corpus from a folder that is not the source tree."""
from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE


def make_venv(tmp_path: Path) -> Path:
    """A fresh virtual environment that sees this one's dependencies but not its corpus_tools."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # A plain path line: the dependencies import, but the .pth hooks of this environment's own
    # (editable) corpus_tools install are not run there.
    Path(site, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return python


def install(python: Path, tmp_path: Path) -> None:
    """Build a wheel from a copy of the sources (no build/ left in the checkout) and install it."""
    src = tmp_path / "src"
    shutil.copytree(ROOT / "corpus_tools", src / "corpus_tools", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels),
                    str(src)], check=True, capture_output=True)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", site,
                    *map(str, wheels.glob("*.whl"))], check=True, capture_output=True)


@pytest.mark.slow
def test_installed_package_builds_and_renders_the_sample(tmp_path, models_dir):
    python = make_venv(tmp_path)
    install(python, tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    # The dependencies' data files (nbconvert's page templates) live under this environment's prefix.
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "STANZA_RESOURCES_DIR": models_dir,
           "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter")}
    where = subprocess.run([str(python), "-c", "import corpus_tools; print(corpus_tools.__file__)"], cwd=work,
                           env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert where.startswith(str(tmp_path / "venv")), where
    proc = subprocess.run([str(python), "-m", "corpus_tools", "build", "--corpus", str(SAMPLE), "--out", "build",
                           "--reports", "reports", "--min-mentions", "3"], cwd=work, env=env, capture_output=True,
                          text=True, timeout=1200)
    assert proc.returncode == 0, proc.stderr[-3000:]
    reports = work / "reports"
    assert (reports / "index.html").is_file() and (reports / "overview.html").is_file()
    assert list((reports / "actors").glob("*.html")) and list((reports / "sources").glob("*.html"))
