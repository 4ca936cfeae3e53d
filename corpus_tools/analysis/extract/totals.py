"""The corpus-wide counts the build's corpus-wide tables are made of, summed from per-document
partial counts (`partials`) with bounded memory.

    partial rows, a block of documents at a time (from the per-document stage's cache, or
    streamed from the tables: `stream_partials`)
      -> each row given its document's outlet, month and whether it counts (`counting` rule)
      -> summed by key, a block at a time (`Sums`): memory grows with the tables written
         (outlets x months x lemmas, pairs of actors), never with the number of documents
      -> `CorpusTotals`: lemma_counts' rows, mentions per outlet and actor, the pairs, actors and
         units of every level, and the mentions of each actor (each story once)

`corpus_totals(corpus)` gives them once per corpus reader; the build hands its cached partials
to `with_partials` first, so that a rebuild reads no token again.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import counting
from ..cooccurrence import pair_counts
from ..distinctive import LEMMA_COLUMNS, counted_words
from ..paragraphs import placed, starts_by_document, starts_from_texts
from .partials import (MENTION_COLUMNS, SENTENCE_COLUMNS, TOKEN_COLUMNS, mention_partials, sentence_partials,
                       term_partials, with_paragraphs)

TOTALS = "corpus totals"      # the memo key of a reader's totals


class Units(NamedTuple):
    """Co-occurrence counts at one level (sentence, paragraph or document), each story once."""
    pairs: pd.DataFrame         # actor_a, actor_b, n: units naming both
    per_actor: pd.Series        # actor_id -> units naming it
    n_units: int                # units in the corpus


class CorpusTotals(NamedTuple):
    """What the corpus-wide tables are computed from."""
    lemmas: pd.DataFrame        # the rows of lemma_counts, in its order
    outlet_mentions: pd.Series  # (source, actor_id) -> mentions, what each outlet published
    actor_mentions: pd.Series   # actor_id -> mentions, each story once
    units: dict[str, Units]     # by level
    sources: list[str]          # the outlets of the documents, in order


class Sums:
    """Counts summed by key, a block of rows at a time: blocks are kept until they hold
    `limit` rows, then summed into one, so memory stays near the size of the result."""

    def __init__(self, keys: list[str], values: list[str], limit: int = 500_000):
        self.keys, self.values, self.limit = keys, values, limit
        self.blocks: list[pd.DataFrame] = []
        self.rows = 0

    def add(self, block: pd.DataFrame) -> None:
        """Add rows (the key and value columns), summed by key first."""
        if len(block):
            self.blocks.append(self.summed([block[self.keys + self.values]]))
            self.rows += len(self.blocks[-1])
            if self.rows >= self.limit:
                self.blocks = [self.summed(self.blocks)]
                self.rows = len(self.blocks[0])

    def total(self) -> pd.DataFrame:
        """The sums by key (key columns, then value columns), in key order."""
        if not self.blocks:
            return pd.DataFrame({c: pd.Series(dtype="int64" if c in self.values else object)
                                 for c in self.keys + self.values})
        return self.summed(self.blocks)

    def summed(self, blocks: list[pd.DataFrame]) -> pd.DataFrame:
        """The rows of `blocks` summed by key, in key order."""
        frame = blocks[0] if len(blocks) == 1 else pd.concat(blocks, ignore_index=True)
        summed = frame.groupby(self.keys, dropna=False, sort=True)[self.values].sum()
        return summed.reset_index().astype({c: "int64" for c in self.values})


class DocumentCodes:
    """What the totals need of every document, compact whatever the corpus's size: the doc_ids
    in order (one Arrow array), each document's outlet and month as integer codes, and whether
    the counting rule counts it (`counting.counted_flags`); read a row group at a time."""

    def __init__(self, corpus):
        wanted = [c for c in ("doc_id", "source", "date", "duplicate_of") if c in corpus.columns("documents")]
        table = corpus.read_arrow("documents", wanted)
        text = {c: table[c].cast(pa.large_string()).combine_chunks() for c in wanted}
        order = pc.sort_indices(text["doc_id"])
        text = {c: pc.take(values, order) for c, values in text.items()}
        self.ids = text["doc_id"]
        self.source, self.sources = codes(text["source"])
        self.month, self.months = codes(pc.utf8_slice_codeunits(text["date"], 0, 7))
        duplicate_of = text["duplicate_of"].to_pandas() if "duplicate_of" in text else None
        self.counted = counting.counted_flags(self.ids.to_pandas(), duplicate_of)

    def places(self, doc_ids: pd.Series) -> np.ndarray:
        """The position of each of `doc_ids` among the documents (-1: none), looked up in the range
        of doc_ids they span (partial rows come in doc_id order: a few documents' worth)."""
        if not len(doc_ids):
            return np.zeros(0, dtype=np.int64)
        found = pa.array(doc_ids, pa.large_string())
        # Arrow's strings sort as Python's (by code point): a binary search over the sorted ids
        begin = bisect.bisect_left(self.ids, pc.min(found).as_py(), key=pa.LargeStringScalar.as_py)
        end = bisect.bisect_right(self.ids, pc.max(found).as_py(), key=pa.LargeStringScalar.as_py)
        place = pc.index_in(found, value_set=self.ids.slice(begin, end - begin))
        return np.where(place.is_null().to_numpy(zero_copy_only=False), -1,
                        place.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64) + begin)


def codes(values: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of `values` (nulls a value of their own), and the values they stand for."""
    encoded = pc.dictionary_encode(values, null_encoding="encode")
    return (encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64),
            np.asarray(encoded.dictionary.to_pylist(), dtype=object))


class Totals:
    """Partial rows summed into `CorpusTotals`, the documents' outlet, month and counting rule
    applied (`DocumentCodes`).  Outlets and months are summed as integer codes, named in `result`."""

    def __init__(self, documents: DocumentCodes):
        self.documents = documents
        self.sources, self.months = documents.sources, documents.months
        self.lemmas = Sums(["source", "month", "a"], ["n_published", "n_counted"])
        self.outlet = Sums(["source", "a"], ["n"])
        self.mentions = Sums(["a"], ["n"])
        self.sentence_pairs, self.sentence_actors = Sums(["a", "b"], ["n"]), Sums(["a"], ["n"])
        self.paragraph_pairs, self.paragraph_actors = Sums(["a", "b"], ["n"]), Sums(["a"], ["n"])
        self.document_pairs, self.document_actors = Sums(["actor_a", "actor_b"], ["n"]), Sums(["a"], ["n"])
        self.n_units = {"sentences": 0, "paragraphs": 0}

    def add(self, partials: pd.DataFrame) -> None:
        """Add the partial rows of some whole documents (a document's `mentions` rows in one call)."""
        docs = self.documents
        place = docs.places(partials["doc_id"])
        partials = partials[place >= 0]       # rows of no current document: none in a build
        place = place[place >= 0]
        partials = partials.assign(source=docs.source[place], month=docs.month[place], counted=docs.counted[place])
        by_part = dict(tuple(partials.groupby("part", sort=False)))
        empty = partials.iloc[:0]
        terms = by_part.get("term", empty)
        self.lemmas.add(terms.assign(n_published=terms["n"], n_counted=terms["n"].where(terms["counted"], 0)))
        mentions = by_part.get("mentions", empty)
        self.outlet.add(mentions)
        counted = mentions[mentions["counted"]]
        self.mentions.add(counted)
        self.document_actors.add(counted.assign(n=1))
        self.document_pairs.add(pair_counts(counted.rename(columns={"a": "actor_id"}), ["doc_id"]))
        for part, sums in (("sentence_pair", self.sentence_pairs), ("sentence_actor", self.sentence_actors),
                           ("paragraph_pair", self.paragraph_pairs), ("paragraph_actor", self.paragraph_actors)):
            rows = by_part.get(part, empty)
            sums.add(rows[rows["counted"]])
        for part in self.n_units:
            rows = by_part.get(part, empty)
            self.n_units[part] += int(rows.loc[rows["counted"], "n"].sum())

    def result(self) -> CorpusTotals:
        """The totals of every row added."""
        lemmas = self.lemmas.total()
        lemmas = pd.DataFrame({"source": self.named(self.sources, lemmas["source"]),
                               "month": self.named(self.months, lemmas["month"]), "term": lemmas["a"].to_numpy(),
                               "n_published": lemmas["n_published"].to_numpy(),
                               "n_counted": lemmas["n_counted"].to_numpy()})
        lemmas = lemmas.sort_values(["source", "month", "term"], na_position="first").reset_index(drop=True)
        outlet = self.outlet.total()
        outlet = pd.Series(outlet["n"].to_numpy(), index=pd.MultiIndex.from_arrays(
            [self.named(self.sources, outlet["source"]), outlet["a"].to_numpy()], names=["source", "actor_id"]))
        units = {"sentence": Units(self.sentence_pairs.total().rename(columns={"a": "actor_a", "b": "actor_b"}),
                                   series(self.sentence_actors), self.n_units["sentences"]),
                 "paragraph": Units(self.paragraph_pairs.total().rename(columns={"a": "actor_a", "b": "actor_b"}),
                                    series(self.paragraph_actors), self.n_units["paragraphs"]),
                 "document": Units(self.document_pairs.total(), series(self.document_actors),
                                   int(self.documents.counted.sum()))}
        sources = sorted(map(str, pd.Series(self.sources).dropna().unique()))
        return CorpusTotals(lemmas[LEMMA_COLUMNS], outlet, series(self.mentions), units, sources)

    @staticmethod
    def named(values, codes: pd.Series) -> np.ndarray:
        """The values (outlets, months) of integer codes."""
        return np.asarray(values, dtype=object)[codes.to_numpy(np.int64)]


def series(sums: Sums) -> pd.Series:
    """actor_id -> n of sums keyed by one actor."""
    return sums.total().set_index("a")["n"].rename_axis("actor_id")


def corpus_totals(corpus) -> CorpusTotals:
    """The corpus-wide counts of a whole build: from the partials the build handed over
    (`with_partials`), else streamed from its tables (`stream_partials`)."""
    def compute() -> CorpusTotals:
        totals = Totals(DocumentCodes(corpus))
        for block in stream_partials(corpus):
            totals.add(block)
        return totals.result()
    return corpus.memo(TOTALS, compute)


def with_partials(corpus, blocks: Iterable[pd.DataFrame]) -> None:
    """Have `corpus_totals(corpus)` sum `blocks` of partial rows (the per-document stage's, every
    document of the build in them) instead of reading the tables."""
    def compute() -> CorpusTotals:
        totals = Totals(DocumentCodes(corpus))
        for block in joined(blocks):
            totals.add(block)
        return totals.result()
    corpus.memo(TOTALS, compute)


def joined(blocks: Iterable[pd.DataFrame], rows: int = 500_000) -> Iterator[pd.DataFrame]:
    """Consecutive blocks joined into blocks of about `rows` rows: each sum costs about the same
    whatever its size, and the build's chunks are small."""
    pending: list[pd.DataFrame] = []
    for block in blocks:
        pending.append(block)
        if sum(map(len, pending)) >= rows:
            yield pd.concat(pending, ignore_index=True)
            pending = []
    if pending:
        yield pd.concat(pending, ignore_index=True)


def stream_partials(corpus, batch_rows: int = 100_000) -> Iterator[pd.DataFrame]:
    """The partial rows of every document, counted from the tables a batch of rows at a time.

    Tokens add up piece by piece (the words of paragraphs in another language left out).
    Sentences come in batches of whole documents (the build writes its tables in doc_id order),
    placed in their paragraphs, with the mentions of the same documents read beside them: a
    document's pairs need all its mentions."""
    for batch in counted_words(corpus, TOKEN_COLUMNS, batch_rows):
        yield term_partials(batch)
    for sentences in whole_documents(corpus.batches("sentences", SENTENCE_COLUMNS, batch_rows=batch_rows)):
        ids = sentences["doc_id"]
        these = (pc.field("doc_id") >= ids.iloc[0]) & (pc.field("doc_id") <= ids.iloc[-1])
        sentences = sentences.assign(para_idx=placed(sentences, range_starts(corpus, these)))
        yield sentence_partials(sentences)
        yield mention_partials(with_paragraphs(corpus.read("mentions", MENTION_COLUMNS, these), sentences))


def range_starts(corpus, these) -> dict[str, np.ndarray]:
    """doc_id -> paragraph starts of the documents `these` selects: the text stage's, else (a build
    without them) cut from their texts."""
    if "paragraphs" in corpus.tables:
        found = corpus.read("paragraphs", ["doc_id", "start_char"], these)
        if len(found):
            return starts_by_document(found)
    return starts_from_texts(corpus.read("documents", ["doc_id", "text"], these))


def whole_documents(batches: Iterable[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """Batches of rows in doc_id order, regrouped so that no document spans two."""
    held = None
    for batch in batches:
        if held is not None:
            batch = pd.concat([held, batch], ignore_index=True)
        ids = batch["doc_id"].to_numpy()
        last = int(np.searchsorted(ids == ids[-1], True))   # where the last document's rows begin
        held = batch.iloc[last:]
        if last:
            yield batch.iloc[:last]
    if held is not None and len(held):
        yield held
