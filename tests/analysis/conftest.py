"""Fixtures of the analysis tests: the sample corpus with a second outlet's copy of one of its
articles (a wire story reprinted), built with the real models."""
from __future__ import annotations

import json
import shutil

import pytest

import corpus_tools as ct
from corpus_tools.pipeline import BuildConfig, build
from tests.conftest import SAMPLE

COPY_SOURCE = "Dépêches du Sud"


@pytest.fixture(scope="session")
def dup_build(tmp_path_factory, sample_build, models_dir):
    """The sample corpus plus `COPY_SOURCE`'s reprint of the article naming the most actors
    (the annotation of the sample is reused: only the copy is annotated)."""
    base = tmp_path_factory.mktemp("dup")
    corpus, out = base / "corpus", base / "build"
    shutil.copytree(SAMPLE, corpus)
    shutil.copytree(sample_build, out)
    sample = ct.load(sample_build)
    busiest = sample.mentions.groupby("doc_id")["actor_id"].nunique().idxmax()
    original = sample.documents.set_index("doc_id").loc[busiest]
    copy = {"id": "copy-1", "source": COPY_SOURCE, "date": "2021-01-05", "title": original["title"],
            "text": original["text"] + "\n\n(Avec agences)"}
    (corpus / "reprints.jsonl").write_text(json.dumps(copy, ensure_ascii=False) + "\n", encoding="utf-8")
    build(BuildConfig(corpus=corpus, out=out, models_dir=models_dir, progress=False))
    return out
