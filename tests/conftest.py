"""Shared fixtures: the real compact Stanza models and one build of the sample corpus."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "raw"


def models_path() -> Path:
    candidates = [os.environ.get("STANZA_RESOURCES_DIR"), ROOT.parent / "shared" / "stanza_resources_medium",
                  ROOT.parent / "shared" / "stanza_resources"]
    for c in candidates:
        if c and (Path(c) / "resources.json").is_file():
            return Path(c)
    pytest.exit("tests need French Stanza models: set STANZA_RESOURCES_DIR", returncode=3)


@pytest.fixture(scope="session")
def models_dir() -> str:
    return str(models_path())


@pytest.fixture(scope="session")
def backend(models_dir):
    from corpus_tools.nlp import load_backend
    return load_backend("stanza", models_dir=models_dir, device="cpu")


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory, models_dir):
    """The sample corpus built once into a temporary folder (tables only)."""
    from corpus_tools.pipeline import BuildConfig, build
    out = tmp_path_factory.mktemp("sample") / "build"
    build(BuildConfig(corpus=SAMPLE, out=out, models_dir=models_dir, progress=False))
    return out


@pytest.fixture
def corpus_copy(tmp_path):
    dest = tmp_path / "corpus"
    shutil.copytree(SAMPLE, dest)
    return dest
