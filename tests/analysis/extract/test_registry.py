"""The extractors' declarations hold: each table they name is in the data contract, they read exactly the
tables they say they require, and together they write exactly the tables and files the build adds to
those of the earlier stages."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from corpus_tools import actors, text
from corpus_tools.analysis import extract
from corpus_tools.analysis.demo import build_from_tables, stored_tables
from corpus_tools.analysis.extract import CHUNK_TABLES, ChunkTables
from corpus_tools.pipeline import NLP_TABLES
from corpus_tools.schema import columns
from corpus_tools.storage.tables import TABLES_DIR, TableReader

DOCUMENT = {e.table: e for e in extract.DOCUMENT_EXTRACTORS}
CORPUS = {e.name: e for e in extract.CORPUS_EXTRACTORS}


class Forbidden:
    """A table an extractor did not declare: any use of it fails the test."""

    def __init__(self, name: str):
        self.name = name

    def __getattr__(self, attribute):
        raise AssertionError(f"read {self.name}, which it does not declare")

    def __getitem__(self, key):
        raise AssertionError(f"read {self.name}, which it does not declare")

    def __iter__(self):
        raise AssertionError(f"read {self.name}, which it does not declare")

    def __len__(self):
        raise AssertionError(f"read {self.name}, which it does not declare")


def demo_chunk(allowed) -> ChunkTables:
    """The demo corpus's tables as one chunk, those not `allowed` forbidden."""
    tables = stored_tables()
    return ChunkTables(*(tables[name].reindex(columns=columns(name, extra=True)) if name in allowed
                         else Forbidden(name) for name in CHUNK_TABLES))


def test_every_table_an_extractor_names_is_in_the_data_contract():
    named = set(DOCUMENT) | {t for e in DOCUMENT.values() for t in e.requires}
    named |= {t for e in CORPUS.values() for t in (*e.writes, *(e.requires or ()))}
    for table in named:
        assert columns(table)
    assert all(e.requires is not None for e in CORPUS.values())


@pytest.mark.parametrize("table", list(DOCUMENT))
def test_a_document_extractor_reads_exactly_the_tables_it_requires(table):
    extractor = DOCUMENT[table]
    everything = extractor.run(demo_chunk(CHUNK_TABLES))
    assert len(everything) > 0
    pd.testing.assert_frame_equal(extractor.run(demo_chunk(extractor.requires)), everything)
    for required in extractor.requires:
        with pytest.raises(AssertionError, match=f"read {required}"):
            extractor.run(demo_chunk(set(extractor.requires) - {required}))


@pytest.fixture(scope="module")
def demo_before_corpus_extractors(tmp_path_factory) -> Path:
    """A build of the demo tables as the corpus-wide extractors find it: every other table written."""
    out = tmp_path_factory.mktemp("demo")
    build_from_tables(out, stored_tables())
    for extractor in CORPUS.values():
        for table in extractor.writes:
            (out / TABLES_DIR / f"{table}.parquet").unlink()
    return out


@pytest.mark.parametrize("name", list(CORPUS))
def test_a_corpus_extractor_reads_exactly_the_tables_it_requires(name, demo_before_corpus_extractors):
    read: set[str] = set()

    class Recording(TableReader):
        def path(self, table: str) -> Path:
            read.add(table)
            return super().path(table)

    extractor = CORPUS[name]
    results = extractor.run(Recording(demo_before_corpus_extractors))
    assert read == set(extractor.requires)
    assert set(results.tables) == set(extractor.writes) and set(results.files) == set(extractor.files)


def test_the_extractors_write_exactly_what_the_build_adds_to_the_earlier_stages(sample_build):
    tables_dir = Path(sample_build) / TABLES_DIR
    written = {p.stem for p in tables_dir.glob("*.parquet")}
    earlier = set(text.TextTables._fields) | set(NLP_TABLES) | set(actors.ActorTables._fields)
    declared = set(DOCUMENT) | {t for e in CORPUS.values() for t in e.writes}
    assert written - earlier == declared and not declared & earlier
    files = {p.relative_to(tables_dir).as_posix() for p in tables_dir.rglob("*") if p.is_file()
             and p.suffix != ".parquet"}
    assert files == {f for e in CORPUS.values() for f in e.files}


def test_the_build_runs_the_extractors_in_the_order_they_are_declared():
    assert list(DOCUMENT) == ["labels", "agency", "cooccurrences", "quotes"]
    assert list(CORPUS) == ["keyness", "actor_pairs"]
