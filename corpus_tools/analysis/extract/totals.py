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

from collections.abc import Iterable, Iterator
from typing import NamedTuple

import numpy as np
import pandas as pd
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
    """Counts summed by key, a block of rows at a time: blocks are kept until they hold `limit`
    rows, or twice the rows of the last sum if more, then summed into one, so memory stays near
    the size of the result whatever the number of blocks."""

    def __init__(self, keys: list[str], values: list[str], limit: int = 50_000):
        self.keys, self.values, self.limit = keys, values, limit
        self.blocks: list[pd.DataFrame] = []
        self.rows = 0
        self.result_rows = 0   # rows of the last sum

    def add(self, block: pd.DataFrame) -> None:
        """Add rows (the key and value columns), summed by key first."""
        if len(block):
            self.blocks.append(self.summed([block[self.keys + self.values]]))
            self.rows += len(self.blocks[-1])
            if self.rows >= max(self.limit, 2 * self.result_rows):
                self.blocks = [self.summed(self.blocks)]
                self.rows = self.result_rows = len(self.blocks[0])

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
    """The outlet, month and counting rule of the documents that partial rows name, without holding
    every document: the rows of each block's documents are read for the doc_id range it spans (the
    build writes its tables in doc_id order: a row group or two of `documents`), outlets and months
    given integer codes as they come.  The rule's exceptions -- the copies of stories it does not
    count -- are found once (`counting.uncounted_copies`), with the number of documents it counts."""

    def __init__(self, corpus):
        self.corpus = corpus
        self.uncounted, self.n_counted = counting.uncounted_copies(corpus)
        self.codes: dict[str, dict] = {"source": {}, "month": {}}   # value -> code, null as None

    def look_up(self, doc_ids: pd.Series) -> pd.DataFrame:
        """The outlet and month codes and the counting rule's flag of each of `doc_ids` (columns
        source, month, counted; a row each, in order); `found` False for a doc_id no document has."""
        these = (pc.field("doc_id") >= doc_ids.min()) & (pc.field("doc_id") <= doc_ids.max())
        rows = self.corpus.read("documents", ["doc_id", "source", "date"], these) if len(doc_ids) \
            else pd.DataFrame({"doc_id": [], "source": [], "date": []})
        place = pd.Index(rows["doc_id"]).get_indexer(doc_ids)
        known = np.append(np.arange(len(rows)), -1)[place]              # -1: no such document
        source = np.append(self.code("source", rows["source"]), -1)[known]
        month = np.append(self.code("month", rows["date"].astype(object).str[:7]), -1)[known]
        counted = np.append(~rows["doc_id"].isin(self.uncounted).to_numpy(), False)[known]
        return pd.DataFrame({"source": source, "month": month, "counted": counted, "found": place >= 0})

    def code(self, kind: str, values: pd.Series) -> np.ndarray:
        """The integer codes of `values` (outlets or months; a new value gets the next code)."""
        codes = self.codes[kind]
        return np.asarray([codes.setdefault(v, len(codes)) for v in values.astype(object).where(values.notna(), None)],
                          dtype=np.int64)

    def values(self, kind: str) -> np.ndarray:
        """The outlets or months the codes of `kind` stand for, in code order (null as NaN)."""
        return np.asarray([np.nan if v is None else v for v in self.codes[kind]], dtype=object)


class Totals:
    """Partial rows summed into `CorpusTotals`, the documents' outlet, month and counting rule
    applied (`DocumentCodes`).  Outlets and months are summed as integer codes, named in `result`."""

    def __init__(self, corpus):
        self.documents = DocumentCodes(corpus)
        self.outlets = counting.sources(corpus)
        self.lemmas = Sums(["source", "month", "a"], ["n_published", "n_counted"])
        self.outlet = Sums(["source", "a"], ["n"])
        self.mentions = Sums(["a"], ["n"])
        self.sentence_pairs, self.sentence_actors = Sums(["a", "b"], ["n"]), Sums(["a"], ["n"])
        self.paragraph_pairs, self.paragraph_actors = Sums(["a", "b"], ["n"]), Sums(["a"], ["n"])
        self.document_pairs, self.document_actors = Sums(["actor_a", "actor_b"], ["n"]), Sums(["a"], ["n"])
        self.n_units = {"sentences": 0, "paragraphs": 0}

    def add(self, partials: pd.DataFrame) -> None:
        """Add the partial rows of some whole documents (a document's `mentions` rows in one call)."""
        found = self.documents.look_up(partials["doc_id"])
        keep = found["found"].to_numpy()
        partials = partials[keep]       # rows of no current document: none in a build
        partials = partials.assign(**{c: found[c].to_numpy()[keep] for c in ("source", "month", "counted")})
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
        lemmas = pd.DataFrame({"source": self.named("source", lemmas["source"]),
                               "month": self.named("month", lemmas["month"]), "term": lemmas["a"].to_numpy(),
                               "n_published": lemmas["n_published"].to_numpy(),
                               "n_counted": lemmas["n_counted"].to_numpy()})
        lemmas = lemmas.sort_values(["source", "month", "term"], na_position="first").reset_index(drop=True)
        outlet = self.outlet.total()
        outlet = pd.Series(outlet["n"].to_numpy(), index=pd.MultiIndex.from_arrays(
            [self.named("source", outlet["source"]), outlet["a"].to_numpy()], names=["source", "actor_id"]))
        units = {"sentence": Units(self.sentence_pairs.total().rename(columns={"a": "actor_a", "b": "actor_b"}),
                                   series(self.sentence_actors), self.n_units["sentences"]),
                 "paragraph": Units(self.paragraph_pairs.total().rename(columns={"a": "actor_a", "b": "actor_b"}),
                                    series(self.paragraph_actors), self.n_units["paragraphs"]),
                 "document": Units(self.document_pairs.total(), series(self.document_actors),
                                   self.documents.n_counted)}
        sources = sorted(map(str, pd.Series(list(self.outlets)).dropna().unique()))
        return CorpusTotals(lemmas[LEMMA_COLUMNS], outlet, series(self.mentions), units, sources)

    def named(self, kind: str, codes: pd.Series) -> np.ndarray:
        """The outlets or months (`kind`) of integer codes."""
        return self.documents.values(kind)[codes.to_numpy(np.int64)]


def series(sums: Sums) -> pd.Series:
    """actor_id -> n of sums keyed by one actor."""
    return sums.total().set_index("a")["n"].rename_axis("actor_id")


def corpus_totals(corpus) -> CorpusTotals:
    """The corpus-wide counts of a whole build: from the partials the build handed over
    (`with_partials`), else streamed from its tables (`stream_partials`)."""
    def compute() -> CorpusTotals:
        totals = Totals(corpus)
        for block in stream_partials(corpus):
            totals.add(block)
        return totals.result()
    return corpus.memo(TOTALS, compute)


def with_partials(corpus, blocks: Iterable[pd.DataFrame]) -> None:
    """Have `corpus_totals(corpus)` sum `blocks` of partial rows (the per-document stage's, every
    document of the build in them) instead of reading the tables."""
    def compute() -> CorpusTotals:
        totals = Totals(corpus)
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


def stream_partials(corpus, batch_rows: int = 100_000, sentence_rows: int = 20_000) -> Iterator[pd.DataFrame]:
    """The partial rows of every document, counted from the tables a batch of rows at a time.

    Tokens add up piece by piece (the words of paragraphs in another language left out), in
    batches of `batch_rows`.  Sentences come in batches of whole documents (the build writes its
    tables in doc_id order), of about `sentence_rows` (their mentions' pairs cost more per row),
    placed in their paragraphs, with the mentions of the same documents read beside them: a
    document's pairs need all its mentions."""
    for batch in counted_words(corpus, TOKEN_COLUMNS, batch_rows):
        yield term_partials(batch)
    for sentences in whole_documents(corpus.batches("sentences", SENTENCE_COLUMNS, batch_rows=sentence_rows)):
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
