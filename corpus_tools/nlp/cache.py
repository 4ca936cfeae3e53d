"""The annotation cache: NLP output per distinct text, keyed by content hash and backend identity,
so that a rebuild annotates only new texts.

It keeps what the model said; a `repair` function given to it (the stage's sentence repair,
`boundaries.repair_sentences`) is applied each time annotation is read, so changing the repair
re-annotates nothing.

A shard is a folder holding the sentences, tokens and entities of a batch of
texts (column `content_hash` instead of `doc_id`). Shards appear atomically
(written under a temporary name, then renamed), so a build killed mid-way
keeps every finished shard and redoes only the rest.  Shards none of whose
texts are still in the corpus are pruned after a build, so deleted articles
do not stay on disk for ever.  After each build the content_hash -> shard map
is saved in one file (`index.parquet`), so the next build reads one file, not
one per shard; shards written since (a killed build) are read one by one.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from collections import OrderedDict
from pathlib import Path
from typing import Callable

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..schema import columns
from ..storage.files import atomic_path
from .base import DocAnnotation

PARTS = ("sentences", "tokens", "entities")
REPAIRS = "sentence_repairs"   # the table `tables_for` adds: what the repair changed
# (tables of some documents, their texts by doc_id) -> the tables repaired, plus REPAIRS
Repair = Callable[[dict[str, pd.DataFrame], pd.Series], dict[str, pd.DataFrame]]
INDEX = "index.parquet"
INFO = "info.json"             # in a shard: the backend's info for the manifest (see `info`)
SORT_KEYS = {"sentences": ["doc_id", "sent_idx"], "tokens": ["doc_id", "sent_idx", "tok_idx"],
             "entities": ["doc_id", "sent_idx", "start_char"]}


class AnnotationCache:
    """The annotation of every distinct text annotated with one backend identity, in shards."""

    def __init__(self, out: str | Path, identity: str, keep_loaded: int = 4, repair: Repair | None = None):
        self.dir = Path(out) / "cache" / identity
        self.repair = repair
        self._loaded: OrderedDict[str, dict[str, pd.DataFrame]] = OrderedDict()
        self._keep = keep_loaded
        self._index: dict[str, str] | None = None

    def index(self) -> dict[str, str]:
        """content_hash -> shard name, for every finished shard (read once, then kept up to date)."""
        if self._index is None:
            shards = {p.name for p in self.dir.glob("shard-*")} if self.dir.is_dir() else set()
            self._index = self.saved_index(shards)
            for shard in sorted(shards - set(self._index.values())):
                docs = pq.read_table(self.dir / shard / "docs.parquet", columns=["content_hash"])
                for h in docs.column(0).to_pylist():
                    self._index[h] = shard
        return self._index

    def saved_index(self, shards: set[str]) -> dict[str, str]:
        """The saved map, restricted to the shards still on disk (shards never change once written)."""
        try:
            table = pq.read_table(self.dir / INDEX).to_pydict()
        except (OSError, pa.ArrowException):
            return {}
        return {h: s for h, s in zip(table["content_hash"], table["shard"]) if s in shards}

    def save_index(self) -> None:
        """Write the content_hash -> shard map, so the next build reads one file."""
        frame = pd.DataFrame(list(self.index().items()), columns=["content_hash", "shard"])
        with atomic_path(self.dir / INDEX) as tmp:
            frame.to_parquet(tmp, index=False, compression="zstd")

    def write(self, hashes: list[str], annotations: list[DocAnnotation], info: dict | None = None) -> str:
        """Store one batch, with the backend's `info` when given; returns the shard name."""
        self.dir.mkdir(parents=True, exist_ok=True)
        name = f"shard-{uuid.uuid4().hex}"
        staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.dir))
        try:
            for part in PARTS:
                cols = ["content_hash"] + columns(part, extra=True)[1:]
                rows = [(h, *row) for h, ann in zip(hashes, annotations) for row in getattr(ann, part)]
                frame = pd.DataFrame(rows, columns=cols)
                frame.to_parquet(staging / f"{part}.parquet", index=False, compression="zstd")
            pd.DataFrame({"content_hash": hashes}).to_parquet(staging / "docs.parquet", index=False)
            if info is not None:
                (staging / INFO).write_text(json.dumps(info, sort_keys=True), encoding="utf-8")
            os.replace(staging, self.dir / name)
        finally:
            if staging.exists():
                shutil.rmtree(staging)
        if self._index is not None:
            self._index.update(dict.fromkeys(hashes, name))
        return name

    def info(self, hashes: list[str]) -> dict:
        """The backend's info kept with the shard of the last of `hashes` that is cached (the last
        chunk of the run that annotated them); {} when none is, or its shard was written without."""
        index = self.index()
        shards = [index[h] for h in hashes if h in index]
        try:
            return json.loads((self.dir / shards[-1] / INFO).read_text(encoding="utf-8")) if shards else {}
        except (OSError, ValueError):
            return {}

    def prune(self, live: set[str]) -> int:
        """Delete the shards holding none of the `live` texts; returns how many went."""
        index = self.index()
        shards = set(index.values())
        keep = {index[h] for h in live if h in index}
        for shard in sorted(shards - keep):
            # Renamed aside first: a build killed inside rmtree would leave a visible shard with
            # some files gone, which the next build reads (and crashes on); a hidden `.tmp-` folder
            # is a leftover that the next build clears.
            aside = self.dir / f".tmp-pruned-{shard}"
            os.replace(self.dir / shard, aside)
            shutil.rmtree(aside, ignore_errors=True)
            self._loaded.pop(shard, None)
        self._index = {h: s for h, s in index.items() if s in keep}
        if self.dir.is_dir():
            self.save_index()
        return len(shards - keep)

    def read(self, shard: str) -> dict[str, pd.DataFrame]:
        """The three tables of a shard (a few recent shards stay in memory)."""
        if shard in self._loaded:
            self._loaded.move_to_end(shard)
            return self._loaded[shard]
        tables = {part: pd.read_parquet(self.dir / shard / f"{part}.parquet") for part in PARTS}
        self._loaded[shard] = tables
        if len(self._loaded) > self._keep:
            self._loaded.popitem(last=False)
        return tables

    def tables_for(self, documents: pd.DataFrame) -> dict[str, pd.DataFrame]:
        """The cached sentences, tokens and entities of `documents` (doc_id, content_hash, text), with
        doc_id in place of content_hash, sorted in document order, repaired by `repair` (with the
        `sentence_repairs` rows it made; none without a repair)."""
        index = self.index()
        ids = documents[["doc_id", "content_hash"]]
        shards = list(dict.fromkeys(index[h] for h in documents["content_hash"]))
        out = {}
        for part in PARTS:
            rows = pd.concat([self.read(s)[part] for s in shards], ignore_index=True)
            rows = ids.merge(rows, on="content_hash", how="inner").drop(columns="content_hash")
            rows = rows.sort_values(SORT_KEYS[part], kind="stable").reset_index(drop=True)
            out[part] = with_extra_columns(part, rows)
        if self.repair is None:
            return {**out, REPAIRS: pd.DataFrame(columns=columns(REPAIRS))}
        repaired = self.repair(out, documents.drop_duplicates("doc_id").set_index("doc_id")["text"])
        return {name: repaired[name][columns(name, extra=True)] for name in (*PARTS, REPAIRS)}


def with_extra_columns(part: str, rows: pd.DataFrame) -> pd.DataFrame:
    """`rows` with every column of the contract, extra ones included: shards written before a
    column existed get it here (a word's surface token is the word itself when not recorded)."""
    if part == "tokens":
        for column, own in (("token_start", "start_char"), ("token_end", "end_char")):
            rows[column] = rows[column].fillna(rows[own]) if column in rows else rows[own]
    for column in columns(part, extra=True):
        if column not in rows:
            rows[column] = None
    return rows[columns(part, extra=True)]
