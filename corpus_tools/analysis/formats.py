"""Exports for the tools researchers use next: CSV of every table, CoNLL-U, an IRaMuTeQ (ALCESTE)
corpus, and the actor networks as GEXF or GraphML (Gephi, Cytoscape, igraph).

Each takes a corpus or a sub-corpus (`select`) and writes into a folder; the command line's
``corpus-tools export --out BUILD --format FORMAT --to DIR`` does the same.  Tables and texts
are read a batch of documents at a time, so a big build exports in bounded memory.

- **csv**: one UTF-8 file per table, every row of the (sub-)corpus -- of a sub-corpus, the
  corpus-wide tables (actor pairs, lemma counts, outlets' keyness) computed on it alone, and the
  actors it mentions; a list cell (actor aliases) is one cell, its items joined by ';'.
- **conllu**: ``corpus.conllu``, one sentence block per sentence (``# newdoc id``, ``# sent_id``,
  ``# text``), multi-word tokens rebuilt ("3-4 du" over "de" and "le"), ``SpaceAfter=No``
  where the text has no space; each story once unless ``per="outlet"``.
- **iramuteq**: ``corpus_iramuteq.txt``, one text per article opened by
  ``**** *source_<outlet> *date_<YYYY_MM_DD>`` (``*date_sd`` when undated); variable values
  made safe (lower case letters, digits and '_'), stars taken out of the texts; each story once
  unless ``per="outlet"``; more variables with ``variables`` (a period, a document column, a
  researcher's coding per document).
- **gexf**, **graphml**: ``actors-sentence.<format>`` and ``actors-document.<format>``, the
  networks of `cooccurrence.cooccurrence_graph`.

>>> import tempfile
>>> from corpus_tools.analysis.demo import demo_corpus
>>> folder = tempfile.mkdtemp()
>>> [p.name for p in export(demo_corpus(), "iramuteq", folder)]
['corpus_iramuteq.txt']
>>> print(open(f"{folder}/corpus_iramuteq.txt", encoding="utf-8").readline().strip())
**** *source_le_courrier_du_maghreb *date_2020_03_02
"""
from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pandas as pd

from ..storage.files import atomic_path
from ..fold import fold
from . import counting
from .cooccurrence import NETWORK_FORMATS, cooccurrence_graph, network_bytes
from .extract import CORPUS_EXTRACTORS
from .options import LEVELS, PERIODS, choose

FORMATS = ("csv", "conllu", "iramuteq") + NETWORK_FORMATS
DOCS_PER_STEP = 500
UNSAFE = re.compile(r"[^a-z0-9]+")
SPACES = re.compile(r"\s+")


def export(corpus, format: str, to: str | Path, per: str = "story", min_count: int = 1,
           variables: Mapping[str, str | Mapping] | None = None) -> list[Path]:
    """Write `corpus` in `format` ("csv", "conllu", "iramuteq", "gexf" or "graphml") into the
    folder `to` (made if missing); returns the files written.  `per` ("story" or "outlet")
    says whether texts count each story once or every copy (CoNLL-U and IRaMuTeQ); networks
    hold the pairs named together at least `min_count` times.  `variables` (IRaMuTeQ) adds a
    starred variable per name after source and date: a period of the date ("quarter": day,
    week, month, quarter or year), a column of `documents`, or a mapping doc_id -> value (a
    researcher's own coding; a document it lacks gets 'sd').

    >>> import tempfile
    >>> from corpus_tools.analysis.demo import demo_corpus
    >>> f = export(demo_corpus(), "iramuteq", tempfile.mkdtemp(), variables={"periode": "year"})
    >>> open(f[0], encoding="utf-8").readline().split()[-1]
    '*periode_2020'
    """
    choose("format", format, FORMATS)
    choose("per", per, counting.PER)
    to = Path(to)
    to.mkdir(parents=True, exist_ok=True)
    if format == "csv":
        return write_csv(corpus, to)
    if format == "conllu":
        return [write_conllu(counting.scope(corpus, per), to / "corpus.conllu")]
    if format == "iramuteq":
        return [write_iramuteq(counting.scope(corpus, per), to / "corpus_iramuteq.txt", variables or {})]
    written = []
    for level in LEVELS:
        path = to / f"actors-{level}.{format}"
        with atomic_path(path) as tmp:
            tmp.write_bytes(network_bytes(cooccurrence_graph(corpus, level, min_count=min_count), format))
        written.append(path)
    return written


# ---------------------------------------------------------------- CSV

def write_csv(corpus, folder: Path) -> list[Path]:
    """Every table of the build as `<table>.csv`, streamed: of a sub-corpus, its rows, and the
    corpus-wide tables computed again on it (`selection_tables`)."""
    derived = selection_tables(corpus) if corpus.is_subcorpus else {}
    written = []
    for name in corpus.tables:
        path = folder / f"{name}.csv"
        with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as handle:
            header = True
            for batch in [derived[name]] if name in derived else corpus.batches(name):
                csv_ready(batch).to_csv(handle, index=False, header=header, quoting=csv.QUOTE_MINIMAL)
                header = False
            if header:   # no row: the header alone
                pd.DataFrame(columns=corpus.columns(name)).to_csv(handle, index=False)
        written.append(path)
    return written


def selection_tables(corpus) -> dict[str, pd.DataFrame]:
    """The tables without documents, for a sub-corpus: those the build computes over the whole
    corpus (actor pairs, lemma counts, outlets' keyness) computed on the sub-corpus alone, and the
    actors and merges of the actors it mentions."""
    out = {name: rows for extractor in CORPUS_EXTRACTORS for name, rows in extractor.run(corpus).tables.items()}
    named = set(corpus.read("mentions", ["actor_id"])["actor_id"])
    for name in ("actors", "merges"):
        if name in corpus.tables:
            rows = corpus.read(name)
            out[name] = rows[rows["actor_id"].isin(named)].reset_index(drop=True)
    return out


def csv_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with list cells joined by ';' (one cell each, not Python's repr over several lines)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].map(lambda v: isinstance(v, (list, tuple)) or hasattr(v, "tolist")).any():
            out[column] = out[column].map(lambda v: ";".join(map(str, list(v))) if v is not None else "")
    return out


# ---------------------------------------------------------------- CoNLL-U

def document_steps(corpus) -> Iterator[tuple[pd.DataFrame, object]]:
    """The corpus's documents (doc_id, source, date, text) a step at a time, each with the
    sub-corpus holding them (so that their sentences and tokens are read together)."""
    docs = corpus.read("documents", ["doc_id"])["doc_id"].sort_values().tolist()
    for begin in range(0, len(docs), DOCS_PER_STEP):
        part = corpus.restrict(docs[begin:begin + DOCS_PER_STEP], [])
        yield part.read("documents", ["doc_id", "source", "date", "text"]).sort_values("doc_id"), part


def write_conllu(corpus, path: Path) -> Path:
    """The corpus's sentences and words as CoNLL-U (multi-word tokens rebuilt from the words'
    surface token spans)."""
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as handle:
        for docs, part in document_steps(corpus):
            sentences = part.read("sentences").sort_values(["doc_id", "sent_idx"])
            tokens = part.read("tokens").sort_values(["doc_id", "sent_idx", "tok_idx"])
            words_of = {key: group for key, group in tokens.groupby(["doc_id", "sent_idx"], sort=False)}
            texts = dict(zip(docs["doc_id"], docs["text"]))
            for doc_id, doc_sentences in sentences.groupby("doc_id", sort=True):
                handle.write(f"# newdoc id = {one_line(doc_id)}\n")
                for sent in doc_sentences.itertuples():
                    words = words_of.get((doc_id, sent.sent_idx))
                    if words is not None and len(words):
                        handle.write(conllu_sentence(f"{doc_id}-{sent.sent_idx + 1}", words, texts[doc_id]))
    return path


def one_line(value) -> str:
    """A value for a CoNLL-U field or comment: no tab, no line break, '_' when empty."""
    text = SPACES.sub(" ", "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)).strip()
    return text or "_"


def conllu_sentence(sent_id: str, words: pd.DataFrame, text: str) -> str:
    """One CoNLL-U sentence block from its words (`tokens` rows) and the document's text."""
    surface = words["token_start"] if "token_start" in words else words["start_char"]
    surface_end = words["token_end"] if "token_end" in words else words["end_char"]
    spans = list(zip(surface.astype(int), surface_end.astype(int)))
    groups: list[list[int]] = []   # word positions per surface token, in order
    for i, span in enumerate(spans):
        if groups and spans[groups[-1][0]] == span:
            groups[-1].append(i)
        else:
            groups.append([i])
    rows, pieces = [], []
    records = words.to_dict("records")
    for g, members in enumerate(groups):
        start, end = spans[members[0]]
        next_start = spans[groups[g + 1][0]][0] if g + 1 < len(groups) else None
        misc = "SpaceAfter=No" if next_start == end else "_"
        form = text[start:end]
        pieces.append(form + ("" if misc != "_" or next_start is None else " "))
        first, last = records[members[0]]["tok_idx"], records[members[-1]]["tok_idx"]
        if len(members) > 1:
            rows.append(f"{first}-{last}\t{one_line(form)}\t_\t_\t_\t_\t_\t_\t_\t{misc}")
        for position in members:
            w = records[position]
            rows.append("\t".join([str(w["tok_idx"]), one_line(w["text"]), one_line(w["lemma"]), one_line(w["upos"]),
                                   "_", one_line(w["feats"]), str(int(w["head"])), one_line(w["deprel"]), "_",
                                   misc if len(members) == 1 else "_"]))
    header = f"# sent_id = {one_line(sent_id)}\n# text = {''.join(pieces).strip()}\n"
    return header + "\n".join(rows) + "\n\n"


# ---------------------------------------------------------------- IRaMuTeQ

def star_value(value) -> str:
    """A variable value IRaMuTeQ reads as one modality: folded, letters, digits and '_' only; 'sd' when empty.

    >>> star_value("Le Monde diplomatique"), star_value("2020-05-17"), star_value(None)
    ('le_monde_diplomatique', '2020_05_17', 'sd')
    """
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "sd"
    return UNSAFE.sub("_", fold(str(value))).strip("_") or "sd"


def iramuteq_text(text: str) -> str:
    """An article's text as IRaMuTeQ reads it: no star (they open variable lines), no blank lines."""
    lines = (SPACES.sub(" ", line.replace("*", " ")).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def write_iramuteq(corpus, path: Path, variables: Mapping[str, str | Mapping]) -> Path:
    """The corpus as one IRaMuTeQ/ALCESTE text file: a starred line per article, then its text."""
    value_of = variable_readers(corpus, variables)
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as handle:
        for docs, _ in document_steps(corpus):
            for doc in docs.sort_values(["date", "doc_id"], na_position="last").itertuples():
                extra = "".join(f" *{name}_{star_value(read(doc))}" for name, read in value_of.items())
                handle.write(f"**** *source_{star_value(doc.source)} *date_{star_value(doc.date)}{extra}\n"
                             f"{iramuteq_text(doc.text)}\n\n")
    return path


def variable_readers(corpus, variables: Mapping[str, str | Mapping]) -> dict[str, Callable]:
    """name -> how to read its value from a document row (doc_id, source, date, text): a period of
    the date, a `documents` column, or a researcher's mapping doc_id -> value."""
    readers: dict[str, Callable] = {}
    columns = corpus.columns("documents")
    for name, how in variables.items():
        if not name or UNSAFE.sub("", name) != name:
            raise ValueError(f"variable name {name!r}: lower-case letters and digits only")
        if isinstance(how, Mapping):
            readers[name] = lambda doc, coding=how: coding.get(doc.doc_id)
        elif how in PERIODS:
            readers[name] = lambda doc, freq=PERIODS[how]: period_label(doc.date, freq)
        elif how in columns:
            values = corpus.read("documents", ["doc_id", how]).set_index("doc_id")[how].to_dict()
            readers[name] = lambda doc, values=values: values.get(doc.doc_id)
        else:
            raise ValueError(f"variable {name}={how!r}: give a period ({', '.join(PERIODS)}), a documents "
                             f"column ({', '.join(columns)}) or a mapping doc_id -> value")
    return readers


def period_label(date, freq: str) -> str | None:
    """The period of an ISO date as pandas writes it ("2020Q2", "2020-05"), None when undated."""
    parsed = pd.to_datetime(date, errors="coerce", format="%Y-%m-%d")
    return None if pd.isna(parsed) else str(parsed.to_period(freq))
