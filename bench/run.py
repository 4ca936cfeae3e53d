"""Benchmark: annotation throughput, worker scaling, incremental rebuilds and peak memory.

    python bench/run.py            # the issue's settings (about 20 minutes on 2 free cores)
    python bench/run.py --quick    # the same measurements on small slices (a few minutes)
    python bench/run.py --sections incremental,text   # some sections only

Corpus: ``../shared/bench_corpus/articles.jsonl`` (``--corpus``), first N lines per measurement.
Everything runs in one go on one machine, side by side; the table is printed
and written to ``bench/results.md`` (``--results``).  Sections are written as
soon as they finish, so an interrupted run keeps what it measured.

1. words/s of a corpus-tools build (1 worker, all cores as torch threads, model
   already loaded, so cleaning, caching, assembling and table writing count)
   against two raw Stanza baselines with the same models and threads: a loop
   calling the pipeline document by document, and one bulk call on a list of
   ``stanza.Document``; and the spaCy fallback on the same texts.
2. cold builds (model loading included) with 1 worker x 1 thread, 1 worker x
   all threads, and one worker per core x 1 thread.
3. cold build, no-change rebuild and +10 % articles rebuild, each in a fresh
   process with the default settings; peak RSS of a cold build at two sizes.
4. the text stage alone (read, decode, clean, metadata, duplicates) on a folder of one
   .txt file per article: milliseconds per article cold and after +10 % articles (its
   per-article cache), and how many times each file is read.
5. the labels and agency analyses: their seconds within a cold build (default settings,
   model loading included), against that build's seconds (target: at most 5 %).
6. quotations: the quotes analysis and the sentence repair (run each time annotation is read:
   twice per build) timed alone on the tables of a cold build, against that build's seconds
   (target: the quotes analysis adds <= 5 % to a cold build).
7. analytics: what the analyses add to a cold build and to a +10 % rebuild (the per-document
   analyses and the corpus-wide step, timed inside the build), against the build without them.
8. scale: the tables of a built slice replicated to >= 200k articles (documents renamed per
   copy), the corpus-wide step run on them, then `select(source=...)` + keyness + KWIC + timeline,
   each in a fresh process, time and peak memory beside the same on about 2k articles.
9. reports: a slice built without reports, then actor and source pages per minute of
   `corpus-tools reports` (cold, default workers, in a fresh process) against plain papermill
   CLI + nbconvert on a sample of the same pages, one process after another; a second run with
   unchanged inputs (pages rewritten) and a second clean render (byte-identical or not).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval.models import shared_models  # noqa: E402 -- the models every measurement of the project uses

PRESETS = {
    #            throughput, workers, incremental base, rss small, text stage, labels+agency, quotes,
    #            analytics build (then +10 %), scale: slice built, then replicated to about `scale_small`
    #            and `scale_large` articles; reports: slice built, then pages rendered by plain papermill
    "full": dict(throughput=60, workers=120, base=1958, small=500, text=1958, analysis=1958, quotes=1958,
                 analytics=1958, scale_base=1958, scale_small=2_000, scale_large=200_000,
                 reports=300, reports_baseline=12),
    "quick": dict(throughput=15, workers=30, base=150, small=50, text=300, analysis=60, quotes=100,
                  analytics=100, scale_base=50, scale_small=2_000, scale_large=20_000,
                  reports=40, reports_baseline=4),
}


def main() -> None:
    args = parse_args()
    sizes = {**PRESETS["quick" if args.quick else "full"],
             **{k: v for k, v in vars(args).items() if k in PRESETS["full"] and v}}
    lines = Path(args.corpus).read_text(encoding="utf-8").splitlines()
    needed = max(v for k, v in sizes.items()
                 if k not in ("scale_small", "scale_large", "reports_baseline"))   # replicas, and pages
    if len(lines) < needed:
        raise SystemExit(f"{args.corpus} has {len(lines)} articles; this run needs {needed}")
    work = Path(tempfile.mkdtemp(prefix="corpus-tools-bench-"))
    report = Report(Path(args.results), machine(args, sizes))
    sections = args.sections.split(",")
    try:
        if "throughput" in sections:
            throughput(report, lines[:sizes["throughput"]], work, args.models)
        if "workers" in sections:
            workers(report, lines[:sizes["workers"]], work, args.models)
        if "incremental" in sections:
            incremental(report, lines, sizes, work, args.models)
        if "text" in sections:
            text_stage(report, lines, sizes["text"], work)
        if "analysis" in sections:
            analysis_stage(report, lines[:sizes["analysis"]], work, args.models)
        if "quotes" in sections:
            quotations(report, lines[:sizes["quotes"]], work, args.models)
        if "analytics" in sections:
            analytics(report, lines, sizes["analytics"], work, args.models)
        if "scale" in sections:
            scale(report, lines, sizes, work, args.models)
        if "reports" in sections:
            reports(report, lines[:sizes["reports"]], sizes["reports_baseline"], work, args.models)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report.finish()


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="small slices: a few minutes")
    p.add_argument("--sections", default="throughput,workers,incremental,text,analysis,quotes,analytics,scale,reports",
                   help="comma-separated sections to run (default: all)")
    p.add_argument("--corpus", default=str(ROOT.parent / "shared" / "bench_corpus" / "articles.jsonl"))
    p.add_argument("--models", default=os.environ.get("STANZA_RESOURCES_DIR") or shared_models())
    p.add_argument("--results", default=str(ROOT / "bench" / "results.md"))
    for name, help_ in (("throughput", "articles for the throughput baselines"),
                        ("workers", "articles for the worker comparison"),
                        ("base", "articles of the cold build (then +10 %%)"),
                        ("small", "articles of the smaller peak-RSS build"),
                        ("text", "articles of the text-stage measurement (then +10 %%)"),
                        ("analysis", "articles of the cold build timing the labels and agency analyses"),
                        ("quotes", "articles of the quotations measurement"),
                        ("analytics", "articles of the analytics cold build (then +10 %%)"),
                        ("scale_base", "articles built for the scale simulation"),
                        ("scale_small", "articles of the small replicated corpus"),
                        ("scale_large", "articles of the large replicated corpus"),
                        ("reports", "articles built for the reports measurement"),
                        ("reports_baseline", "pages the plain papermill + nbconvert baseline renders")):
        p.add_argument(f"--{name.replace('_', '-')}", dest=name, type=int, help=help_)
    return p.parse_args()


# ---------------------------------------------------------------- sections

def throughput(report: "Report", lines: list[str], work: Path, models: str) -> None:
    import stanza
    import torch

    from corpus_tools.nlp.models import PROCESSORS
    from corpus_tools.pipeline import BuildConfig, build
    from corpus_tools.text import read_corpus

    cores = cpu_count()
    corpus = write_corpus(work / "throughput", lines)
    texts = read_corpus(corpus).documents["text"].tolist()  # the cleaned texts every contender annotates
    words = sum(len(t.split()) for t in texts)
    torch.set_num_threads(cores)
    pipe = stanza.Pipeline("fr", dir=models, processors=PROCESSORS, download_method=None,
                           logging_level="WARN", use_gpu=False)
    loop = timed(lambda: [pipe(t) for t in texts])
    bulk = timed(lambda: pipe.bulk_process([stanza.Document([], text=t) for t in texts]))
    pipe = None  # free the models before the build is measured
    config = dict(models_dir=models, backend="stanza", device="cpu", workers=1, threads=cores, progress=False)
    build(BuildConfig(corpus=write_corpus(work / "warmup", lines[:1]), out=work / "warmup-out", **config))
    ours = timed(lambda: build(BuildConfig(corpus=corpus, out=work / "throughput-out", **config)))
    spacy = spacy_timing(texts)
    rows = [("raw Stanza, loop of `Pipeline(text)`", loop, ""),
            ("raw Stanza, one bulk call on `stanza.Document`s", bulk,
             f"{loop[0] / bulk[0]:.2f}x loop (CPU time: {loop[1] / bulk[1]:.2f}x)"),
            ("corpus-tools build (1 worker)", ours,
             f"{loop[0] / ours[0]:.2f}x loop (target >= 1.5), {bulk[0] / ours[0]:.2f}x bulk (target >= 0.95); "
             f"CPU time: {loop[1] / ours[1]:.2f}x loop, {bulk[1] / ours[1]:.2f}x bulk"),
            ("spaCy fallback (`fr_core_news_md`, nlp.pipe)", spacy, "")]
    report.section(f"Annotation throughput ({len(texts)} articles, {words:,} words, {cores} torch threads, "
                   "models loaded beforehand)", ["run", "words/s (wall)", "words per CPU-second", "ratio"],
                   [(name, f"{words / wall:,.0f}", f"{words / cpu:,.0f}", note)
                    for name, (wall, cpu), note in rows],
                   note="Wall-clock ratios are the targets; CPU-time ratios are shown because they are "
                   "much less disturbed by other work on a shared machine.")


def spacy_timing(texts: list[str]) -> tuple[float, float]:
    from corpus_tools.nlp import get_backend
    try:
        backend = get_backend("spacy")(threads=cpu_count())
    except Exception as exc:  # spaCy is optional
        print(f"spaCy fallback not measured: {exc}", file=sys.stderr)
        return float("nan"), float("nan")
    backend.annotate(texts[:2])  # first call pays for lazy initialisation
    return timed(lambda: backend.annotate(texts))


def workers(report: "Report", lines: list[str], work: Path, models: str) -> None:
    cores = cpu_count()
    corpus = write_corpus(work / "workers", lines)
    settings = [(1, 1), (1, cores), (cores, 1)]
    rows, rates = [], {}
    for n, threads in settings:
        run = child_build(corpus, work / f"workers-{n}x{threads}", models, workers=n, threads=threads)
        rates[(n, threads)] = run["words"] / run["seconds"]
        rows.append((f"{n} worker(s) x {threads} torch thread(s)", f"{run['seconds']:.1f}",
                     f"{rates[(n, threads)]:,.0f}", str(run["torch_threads"])))
    base = rates[(1, 1)]
    rows = [(*r, f"{rates[s] / base:.2f}x") for r, s in zip(rows, settings)]
    best = max(rates, key=rates.get)
    report.section(f"Workers vs threads (cold builds of {len(lines)} articles, {run['words']:,} words, "
                   "model loading included)", ["setting", "seconds", "words/s", "torch threads seen", "vs 1x1"],
                   rows, note=f"{cores} workers x 1 thread vs 1 worker x 1 thread: "
                   f"{rates[(cores, 1)] / base:.2f}x (target >= 1.6x on 2 cores); "
                   f"1 worker x {cores} threads: {rates[(1, cores)] / base:.2f}x. Fastest: "
                   f"{best[0]} worker(s) x {best[1]} thread(s).")


def incremental(report: "Report", lines: list[str], sizes: dict, work: Path, models: str) -> None:
    base, extra = sizes["base"], sizes["base"] // 10
    corpus = write_corpus(work / "incremental", lines[:base])
    out = work / "incremental-out"
    cold = child_build(corpus, out, models)
    same = child_build(corpus, out, models)
    write_corpus(corpus, lines[:base + extra])
    added = child_build(corpus, out, models)
    small = child_build(write_corpus(work / "small", lines[:sizes["small"]]), work / "small-out", models)
    rows = [(f"cold build, {base} articles", cold, "100 %", ""),
            ("rebuild, nothing changed", same, pct(same, cold), "<= 1 %"),
            (f"rebuild, +{extra} articles (+10 %)", added, pct(added, cold), "<= 15 %"),
            (f"cold build, {sizes['small']} articles", small, "", "")]
    growth = {k: cold[k] / small[k] for k in ("rss_total_mb", "rss_largest_mb")}
    report.section("Incremental builds and peak memory (each build a fresh process, default workers)",
                   ["build", "build seconds", "of cold", "target", "process seconds (with start-up)",
                    "peak RSS MB, all processes / largest"],
                   [(name, f"{run['seconds']:.2f}", share, target, f"{run['process_seconds']:.1f}", rss(run))
                    for name, run, share, target in rows],
                   note=f"Peak RSS growth from {sizes['small']} to {base} articles: all processes "
                   f"{growth['rss_total_mb']:.2f}x, largest process {growth['rss_largest_mb']:.2f}x "
                   "(target <= 1.2x). Build seconds: inside `build()`; process seconds add Python start-up "
                   "and imports.")


def text_stage(report: "Report", lines: list[str], n: int, work: Path) -> None:
    import corpus_tools.text.files as files
    from corpus_tools.text import read_corpus

    extra = n // 10
    corpus, cache = write_txt_corpus(work / "text", lines[:n]), work / "text-cache"
    reads: list[str] = []
    read_file = files.read_file

    def counted(path, limit):
        reads.append(str(path))
        return read_file(path, limit)

    files.read_file = counted
    try:
        cold = timed(lambda: read_corpus(corpus))
        n_reads = len(reads)
        read_corpus(corpus, cache_dir=cache)                      # fill the cache
        write_txt_corpus(corpus, lines[:n + extra])
        reads.clear()
        added = timed(lambda: read_corpus(corpus, cache_dir=cache))
        added_reads = len(reads)
    finally:
        files.read_file = read_file
    rows = [(f"cold, {n} articles (no cache)", cold, n, n_reads / n),
            (f"+{extra} articles, per-article cache", added, n + extra, added_reads / (n + extra))]
    report.section("Text stage (read, decode, clean, metadata, duplicates; one .txt file per article)",
                   ["run", "seconds", "ms per article (wall)", "ms per article (CPU)", "reads per file"],
                   [(name, f"{wall:.1f}", f"{1000 * wall / k:.2f}", f"{1000 * cpu / k:.2f}", f"{reads:.2f}")
                    for name, (wall, cpu), k, reads in rows],
                   note="Each file is read, decoded and parsed once per build (the second pass reads a spill "
                   "file); with the cache, only new or changed articles are cleaned, while the corpus-wide "
                   "rules (lines repeated per outlet, duplicates) still see every article.")


def analysis_stage(report: "Report", lines: list[str], work: Path, models: str) -> None:
    from corpus_tools.analysis import stage
    from corpus_tools.pipeline import BuildConfig, build

    spent = {name: 0.0 for name in ("labels", "agency")}

    def timed_run(name, run):
        def wrapper(chunk):
            start = time.perf_counter()
            try:
                return run(chunk)
            finally:
                spent[name] += time.perf_counter() - start
        return wrapper

    original = {e.table: e for e in stage.document_extractors()}
    for name in spent:
        stage.register_analysis(name, timed_run(name, original[name].run), original[name].requires)
    try:
        corpus = write_corpus(work / "analysis", lines)
        seconds, _ = timed(lambda: build(BuildConfig(corpus=corpus, out=work / "analysis-out", models_dir=models,
                                                     backend="stanza", device="cpu", progress=False)))
    finally:
        for name in spent:
            stage.ADDED_DOCUMENT_EXTRACTORS.pop(name, None)
    rows = [(f"cold build, {len(lines)} articles", f"{seconds:.1f}", "100 %", ""),
            *((f"  of which {name}", f"{s:.2f}", f"{100 * s / seconds:.2f} %", "") for name, s in spent.items()),
            ("  labels + agency", f"{sum(spent.values()):.2f}", f"{100 * sum(spent.values()) / seconds:.2f} %",
             "<= 5 %")]
    report.section("Labels and agency analyses within a cold build (default settings, model loading included)",
                   ["run", "seconds", "of the build", "target"], rows,
                   note="Seconds inside the extractors (`analysis/extract/labels/`, `analysis/extract/agency.py`), "
                   "each document once, in the build's own process.")


def quotations(report: "Report", lines: list[str], work: Path, models: str) -> None:
    import pandas as pd

    from corpus_tools.analysis.extract import ChunkTables
    from corpus_tools.analysis.extract.quotes.extractor import quote_rows
    from corpus_tools.nlp.cache import AnnotationCache
    from corpus_tools.nlp import choose_backend
    from corpus_tools.nlp.boundaries import repair_sentences
    from corpus_tools.analysis import load

    out = work / "quotes-out"
    cold = child_build(write_corpus(work / "quotes", lines), out, models)
    corpus = load(out)
    documents, mentions = corpus.documents, corpus.mentions
    tables = {name: corpus[name] for name in ("sentences", "tokens", "entities")}
    raw = AnnotationCache(out, choose_backend("stanza", models)[1])     # the model's sentences, unrepaired
    quotes_seconds = repair_seconds = 0.0
    n_quotes = 0
    for begin in range(0, len(documents), 64):
        chunk = documents.iloc[begin:begin + 64]
        ids = set(chunk["doc_id"])
        part = ChunkTables(chunk, *(tables[t][tables[t]["doc_id"].isin(ids)] for t in ("sentences", "tokens",
                                                                                       "entities")),
                           mentions[mentions["doc_id"].isin(ids)])
        start = time.perf_counter()
        n_quotes += len(quote_rows(part))
        quotes_seconds += time.perf_counter() - start
        annotation = raw.tables_for(chunk)
        start = time.perf_counter()
        repair_sentences(annotation, chunk.set_index("doc_id")["text"])
        repair_seconds += time.perf_counter() - start
    build_seconds = cold["seconds"]
    rows = [(f"cold build, {len(documents)} articles", f"{build_seconds:.1f}", "100 %", ""),
            (f"quotes analysis ({n_quotes} quotations)", f"{quotes_seconds:.2f}",
             f"{100 * quotes_seconds / build_seconds:.1f} %", "<= 5 %"),
            ("sentence repair, x2 (assembly and analysis read annotation)", f"{2 * repair_seconds:.2f}",
             f"{100 * 2 * repair_seconds / build_seconds:.1f} %", "")]
    report.section("Quotations: extraction and sentence repair against a cold build (default workers)",
                   ["run", "seconds", "of the cold build", "target"], rows,
                   note=f"{pd.Series(corpus.sentence_repairs['rule']).value_counts().to_dict()} sentence "
                   "boundaries undone. The analysis and repair are timed alone on the build's tables, in this "
                   "process; the build itself runs them too (its seconds include them).")


def analytics(report: "Report", lines: list[str], n: int, work: Path, models: str) -> None:
    extra = n // 10
    corpus = write_corpus(work / "analytics", lines[:n])
    out = work / "analytics-out"
    cold = child_build(corpus, out, models, time_steps=True)
    write_corpus(corpus, lines[:n + extra])
    added = child_build(corpus, out, models, time_steps=True)
    rows = []
    for name, run, share in ((f"cold build, {n} articles", cold, "100 %"),
                             (f"rebuild, +{extra} articles (+10 %)", added, f"{pct(added, cold)} (target <= 15 %)")):
        per_doc, corpus_wide = run["steps"].get("analyse", 0.0), run["steps"].get("analyse_corpus", 0.0)
        without = run["seconds"] - per_doc - corpus_wide
        rows.append((name, f"{without:.1f}", f"{per_doc:.2f}", f"{corpus_wide:.2f}", f"{run['seconds']:.1f}",
                     share, f"+{100 * (per_doc + corpus_wide) / without:.1f} %", "<= +10 %"))
    report.section("Analytics: what the analyses add to a build (each build a fresh process, default workers)",
                   ["build", "seconds without analytics", "per-document analyses", "corpus-wide step",
                    "build seconds", "of the cold build, analytics included", "analytics add", "target"], rows,
                   note="Timed inside `build()`: the per-document analyses (`analysis.stage.analyse`: co-occurrence "
                   "pairs, and quotes, labels, ... once registered) and the corpus-wide step "
                   "(`analyse_corpus`: actor pairs and networks, lemma counts, keyness by outlet).")


def scale(report: "Report", lines: list[str], sizes: dict, work: Path, models: str) -> None:
    base = sizes["scale_base"]
    built = work / "scale-out"
    child_build(write_corpus(work / "scale", lines[:base]), built, models)
    rows, small, disk = [], {}, {}
    for target in (sizes["scale_small"], sizes["scale_large"]):
        copies = max(1, round(target / base))
        folder = work / f"scale-{copies}"
        n_tokens = replicate(built, folder, copies)
        disk[base * copies] = folder_bytes(folder)
        label = f"{base * copies:,} articles ({n_tokens:,} tokens)"
        runs = [("corpus-wide step (build)", child_call("corpus_step", folder))]
        chosen = child_call("choose", folder)       # the outlet and person the queries ask about
        runs += [(None, child_call(query, folder, chosen)) for query in QUERIES]
        for name, run in runs:
            what = name or run["what"]
            rows.append((label, what, f"{run['seconds']:.2f}", rss(run), against(run, small.get(what), n_tokens),
                         run.get("result", "")))
            small.setdefault(what, {**run, "tokens": n_tokens})
        shutil.rmtree(folder, ignore_errors=True)
    per_article = max(disk.values()) / max(disk)
    report.section(f"Scale: the tables of {base} built articles replicated, then queried (each step a fresh process)",
                   ["corpus", "step", "seconds", "peak RSS MB, all processes / largest",
                    "vs the smaller corpus (target: peak RSS <= 1.2x; seconds ~ tokens)", "result"], rows,
                   note="Replicas are renamed documents (same outlets, dates, texts), written in doc_id order and row "
                   "groups as the build writes them. Seconds time the step alone; peak RSS is the process's, imports "
                   "and the sub-corpus's `select` included (the outlet and the person asked about are chosen "
                   "beforehand, in another process). "
                   "Every table is read a row group at a time (about 4 MB of its widest column: a few thousand "
                   "documents); a sub-corpus reads the row groups of its doc_id range, then keeps its documents' rows "
                   "(one set test per row group read); keyness by "
                   "outlet reads the build's `lemma_counts`; the corpus-wide step streams the tables and reads the "
                   "outlet and month of each block's documents for its doc_id range. Disk: the replicated tables take "
                   + ", ".join(f"{b / 2 ** 20:,.0f} MB for {n:,} articles" for n, b in sorted(disk.items()))
                   + f" ({per_article / 1024:.1f} KB per article): about {200_000 * per_article / 2 ** 30:.1f} GB "
                   f"for 200,000 articles and {1_000_000 * per_article / 2 ** 30:.1f} GB for 1,000,000 (plus "
                   "the built slice; the bench's temporary folder holds one replicated size at a time).")


def against(run: dict, small: dict | None, n_tokens: int) -> str:
    """A step at the larger size against the same step at the smaller one: peak RSS and seconds ratios."""
    if small is None:
        return ""
    memory = run["rss_largest_mb"] / small["rss_largest_mb"]
    return (f"RSS {memory:.2f}x ({'ok' if memory <= 1.2 else 'over'}), "
            f"seconds {run['seconds'] / small['seconds']:.1f}x for {n_tokens / small['tokens']:.0f}x tokens")


def folder_bytes(folder: Path) -> int:
    """Bytes of the files under `folder`."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


QUERIES = ("select", "keyness_outlet", "keyness_actor", "kwic_actor", "kwic_word", "timeline")


def replicate(src: Path, dest: Path, copies: int) -> int:
    """A build whose tables hold `copies` renamed copies of every document of `src`, as the corpus-wide
    step finds them (its own tables left out: the step must count them, not find them), in row
    groups of the size the build writes; returns its token count."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from corpus_tools.analysis.stage import corpus_extractors
    from corpus_tools.storage.tables import row_group_rows
    (dest / "tables").mkdir(parents=True)
    shutil.copy(src / "manifest.json", dest / "manifest.json")
    corpus_wide = {table for extractor in corpus_extractors() for table in extractor.writes}
    n_tokens = 0
    for path in sorted((src / "tables").glob("*.parquet")):
        if path.stem in corpus_wide:
            continue
        table = pq.read_table(path)
        if "doc_id" not in table.column_names:
            shutil.copy(path, dest / "tables" / path.name)
            continue
        size = row_group_rows(table)
        with pq.ParquetWriter(dest / "tables" / path.name, table.schema, compression="zstd") as writer:
            pending: list = []
            for r in range(copies):
                copy = table
                for column in ("doc_id", "duplicate_of"):
                    if column in copy.column_names and copy.schema.field(column).type != pa.null():
                        prefix = pa.scalar(f"r{r:05d}-", copy.schema.field(column).type)
                        renamed = pc.binary_join_element_wise(prefix, copy[column], pa.scalar("", prefix.type))
                        copy = copy.set_column(copy.column_names.index(column), column, renamed)
                pending.append(copy)
                if sum(t.num_rows for t in pending) >= size or r == copies - 1:
                    joined = pa.concat_tables(pending)                 # whole row groups, as the build writes
                    whole = joined.num_rows if r == copies - 1 else joined.num_rows // size * size
                    writer.write_table(joined.slice(0, whole), size)
                    pending = [joined.slice(whole)]
        if path.stem == "tokens":
            n_tokens = table.num_rows * copies
    return n_tokens


def child_call(kind: str, build: Path, chosen: dict | None = None) -> dict:
    """One scale step in a fresh process: its own seconds, what it found, and peak memory
    (`chosen`: the outlet and person it asks about, chosen beforehand in another process)."""
    chosen = {k: chosen[k] for k in ("source", "actor_id", "name")} if chosen else {}
    result, process_seconds, total, largest = sampled([sys.executable, __file__, "--call", kind, str(build),
                                                       json.dumps(chosen)])
    return {**result, "process_seconds": process_seconds, "rss_total_mb": total / 2 ** 20,
            "rss_largest_mb": largest / 2 ** 20}


def call_main(kind: str, build: str, chosen: str) -> None:
    import corpus_tools as ct
    from corpus_tools import analysis as A
    if kind == "corpus_step":
        from corpus_tools.analysis import analyse_corpus
        start = time.perf_counter()
        analyse_corpus(Path(build) / "tables", Path(build))
        print(json.dumps({"seconds": time.perf_counter() - start}))
        return
    corpus = ct.load(build)
    if kind == "choose":
        # The person the outlet's sub-corpus names most: the corpus's own most named person may be
        # absent from this outlet, and its KWIC then rightly empty (the 0-line rows of earlier runs).
        source = top_source(corpus)
        print(json.dumps({"seconds": 0.0, "source": source, **top_person(corpus.select(source=source))}))
        return
    person = json.loads(chosen)
    source = person["source"]
    sub = corpus.select(source=source) if kind not in ("select", "keyness_outlet") else None
    word = max(person["name"].split(), key=len)   # "Auguste", not "II"
    start = time.perf_counter()
    if kind == "select":
        what, result = f"select(source={source!r})", f"{len(corpus.select(source=source).doc_ids):,} documents"
    elif kind == "keyness_outlet":
        found = A.keyness(corpus, source=source)
        what, result = "keyness(corpus, source=...) (lemmas)", f"{len(found):,} terms, top: {found['term'].iloc[0]}"
    elif kind == "keyness_actor":
        found = A.keyness(sub, actor=person["actor_id"])
        what, result = (f"keyness(sub, actor={person['name']!r})",
                        f"{len(found):,} terms, {found.attrs['size_target']:,} words around")
    elif kind == "kwic_actor":
        what, result = f"kwic(sub, actor={person['name']!r})", f"{len(A.kwic(sub, actor=person['actor_id'])):,} lines"
    elif kind == "timeline":
        found = A.timeline(sub, actor=person["actor_id"])
        what, result = (f"timeline(sub, actor={person['name']!r})",
                        f"{len(found):,} rows, {int(found['n_mentions'].sum()):,} mentions")
    else:
        what, result = f"kwic(sub, word={word!r})", f"{len(A.kwic(sub, word=word)):,} lines"
    print(json.dumps({"seconds": time.perf_counter() - start, "what": what, "result": result}))


def top_source(corpus) -> str:
    """The outlet of most documents (ties by name), its documents counted batch by batch."""
    import pandas as pd
    counts = pd.Series(dtype="int64")
    for batch in corpus.batches("documents", ["source"]):
        counts = counts.add(batch["source"].value_counts(), fill_value=0)
    return counts.index[counts == counts.max()].sort_values()[0]


def top_person(corpus) -> dict:
    """The actor_id and name of the person `corpus` names most often (ties by id); its
    mentions are counted batch by batch."""
    import pandas as pd
    import pyarrow.compute as pc
    persons = corpus.read("actors", ["actor_id", "name", "type"]).query("type == 'person'").set_index("actor_id")
    counts = pd.Series(dtype="int64")
    for batch in corpus.batches("mentions", ["actor_id"], pc.field("kind") == "name"):
        counts = counts.add(batch["actor_id"].value_counts(), fill_value=0)
    counts = counts[counts.index.isin(persons.index)]
    top = counts.index[counts == counts.max()].sort_values()[0]
    return {"actor_id": top, "name": persons.at[top, "name"]}


def reports(report: "Report", lines: list[str], k: int, work: Path, models: str) -> None:
    out = work / "reports-out"
    child_build(write_corpus(work / "reports", lines), out, models)       # tables only, as `build --no-reports`
    sample = baseline_sample(out, k)
    papermill_seconds, nbconvert_seconds = plain_papermill(sample, out, work / "reports-papermill")
    baseline = papermill_seconds + nbconvert_seconds
    first, clean = work / "reports-html", work / "reports-html-clean"
    cold = run_command(reports_command(out, first))
    pages = count_pages(first)
    before = file_stamps(first)
    same = run_command(reports_command(out, first))
    rewritten = [p for p, stamp in file_stamps(first).items() if before.get(p) != stamp]
    rewritten_pages = [p for p in rewritten if p.split("/")[0] in ("actors", "sources")]
    again = run_command(reports_command(out, clean))
    differs = first_difference(first, clean)
    n_pages, n_baseline = sum(pages.values()), len(sample)
    ours_rate, baseline_rate = 60 * n_pages / cold, 60 * n_baseline / baseline
    print(f"pages rewritten by the second run: {len(rewritten_pages)} (files: {len(rewritten)})")
    print(f"second clean render byte-identical: {'yes' if differs is None else f'no, first: {differs}'}")
    kinds = Counter(kind for kind, _ in sample)
    rows = [(f"plain papermill CLI + nbconvert ({kinds['actor']} actor, {kinds['source']} source pages; "
             "1 worker, one process after another)", n_baseline, f"{baseline:.1f}", f"{baseline_rate:.1f}", "",
             f"{baseline / n_baseline:.1f} s per page: papermill {papermill_seconds / n_baseline:.1f} s, "
             f"nbconvert {nbconvert_seconds / n_baseline:.1f} s"),
            (f"`corpus-tools reports`, cold ({pages['actors']} actor, {pages['sources']} source pages; "
             f"{cpu_count()} workers)", n_pages, f"{cold:.1f}", f"{ours_rate:.1f}", ">= 300 on 2 cores",
             f"{ours_rate / baseline_rate:.1f}x the baseline; before issue 16: ≈ 26 pages/min (sample corpus)"),
            ("`corpus-tools reports` again, inputs unchanged", f"{len(rewritten_pages)} rewritten", f"{same:.1f}",
             "", "0 rewritten", f"{len(rewritten)} files changed in the folder"),
            ("`corpus-tools reports`, clean, into another folder", sum(count_pages(clean).values()), f"{again:.1f}",
             f"{60 * sum(count_pages(clean).values()) / again:.1f}", "byte-identical",
             "byte-identical: yes" if differs is None else f"byte-identical: no, first differing file: {differs}")]
    report.section(f"Reports: actor and source pages per minute ({len(lines)} articles built with default settings, "
                   "then rendered; each run a fresh process)",
                   ["run", "pages", "seconds", "pages/min", "target", "note"], rows,
                   note="Pages are the files written in actors/ and sources/ (the overview and the index are "
                   "rendered too, and counted in the seconds). Seconds are each command's wall clock, Python "
                   "start-up included. The baseline runs `papermill <package notebook> page.ipynb -r build_dir "
                   "... -r actor_id ...` (or `-r source ...`) then `jupyter nbconvert --to html --no-input` on a "
                   "sample spread over the pages `corpus-tools reports` plans, actors and sources in proportion.")


def baseline_sample(build: Path, k: int) -> list[tuple[str, str]]:
    """(kind, key) of `k` actor and source pages spread evenly over the pages the reports plan,
    actors and sources in proportion to their number (at least one of each)."""
    from corpus_tools.reports.notebook import Site
    from corpus_tools.reports.stage import NOTEBOOKS_DIR, plan
    from corpus_tools.analysis import load
    corpus = load(build)
    jobs = plan(corpus, Site(corpus), NOTEBOOKS_DIR)
    actors = [(j.kind, j.key) for j in jobs if j.kind == "actor"]
    sources = [(j.kind, j.key) for j in jobs if j.kind == "source"]
    n_sources = min(len(sources), max(1, round(k * len(sources) / max(1, len(actors) + len(sources)))))
    return spread(actors, k - n_sources) + spread(sources, n_sources)


def spread(items: list, n: int) -> list:
    """`n` of `items` (or all of them), evenly spaced from the first to the last."""
    if n >= len(items):
        return list(items)
    return [items[round(i * (len(items) - 1) / max(1, n - 1))] for i in range(n)]


def plain_papermill(sample: list[tuple[str, str]], build: Path, folder: Path) -> tuple[float, float]:
    """Seconds of `papermill` and of `jupyter nbconvert` run as their command lines, page after page."""
    from corpus_tools.reports.stage import NOTEBOOKS, NOTEBOOKS_DIR
    folder.mkdir(parents=True)
    scripts = Path(sys.executable).parent
    papermill_seconds = nbconvert_seconds = 0.0
    for i, (kind, key) in enumerate(sample):
        page = folder / f"page-{i}.ipynb"
        parameter = "actor_id" if kind == "actor" else "source"
        papermill_seconds += run_command([str(scripts / "papermill"), str(NOTEBOOKS_DIR / NOTEBOOKS[kind]), str(page),
                                          "-r", "build_dir", str(build), "-r", parameter, key, "--no-progress-bar"],
                                         cwd=folder)
        nbconvert_seconds += run_command([str(scripts / "jupyter"), "nbconvert", "--to", "html", "--no-input",
                                          str(page)], cwd=folder)
    return papermill_seconds, nbconvert_seconds


def reports_command(build: Path, reports: Path) -> list[str]:
    return [sys.executable, "-m", "corpus_tools", "reports", "--out", str(build), "--reports", str(reports)]


def run_command(command: list[str], cwd: Path | None = None) -> float:
    """Wall seconds of `command` in a fresh process (this package first on its path); stops the bench if it fails."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "PATH": f"{Path(sys.executable).parent}"
                               f"{os.pathsep}{os.environ.get('PATH', '')}"})
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    return time.perf_counter() - start


def count_pages(reports: Path) -> dict[str, int]:
    """Number of HTML pages in the actors/ and sources/ folders of a reports folder."""
    return {folder: len(list((reports / folder).glob("*.html"))) for folder in ("actors", "sources")}


def file_stamps(folder: Path) -> dict[str, tuple[int, int, int]]:
    """relative path -> (inode, mtime in ns, size) of every file under `folder`: any rewrite changes it."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.stat().st_size)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def first_difference(a: Path, b: Path) -> str | None:
    """The first file (in path order) missing from one folder or holding other bytes; None if all are identical."""
    files = sorted(set(file_stamps(a)) | set(file_stamps(b)))
    return next((f for f in files if not ((a / f).is_file() and (b / f).is_file()
                                          and (a / f).read_bytes() == (b / f).read_bytes())), None)


# ---------------------------------------------------------------- helpers

def cpu_count() -> int:
    from corpus_tools.parallel import cpu_count as count
    return count()


def timed(fn) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process, all threads) of `fn()`."""
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - start, time.process_time() - cpu


def write_txt_corpus(folder: Path, lines: list[str]) -> Path:
    """One .txt file per article (title, blank line, text), as scraped corpora come."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, line in enumerate(lines):
        row = json.loads(line)
        path = folder / f"{row.get('id') or i}.txt"
        if not path.exists():
            path.write_text(f"{row.get('title') or ''}\n\n{row['text']}\n", encoding="utf-8")
    return folder


def write_corpus(folder: Path, lines: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def child_build(corpus: Path, out: Path, models: str, **config) -> dict:
    """One build in a fresh process: its seconds, what the manifest says, and peak memory.

    Memory is sampled every 50 ms over the process and all its descendants
    (worker processes): peak of their summed RSS, and of the largest one.
    (`ru_maxrss` would not do: Linux carries it across fork and exec, so a
    child would report this benchmark's own peak.)
    """
    spec = json.dumps({"corpus": str(corpus), "out": str(out), "models_dir": models, "backend": "stanza",
                       "device": "cpu", "progress": False, **config})
    result, process_seconds, total, largest = sampled([sys.executable, __file__, "--child", spec])
    return {**result, "process_seconds": process_seconds,
            "rss_total_mb": total / 2 ** 20, "rss_largest_mb": largest / 2 ** 20}


def sampled(command: list[str]) -> tuple[dict, float, float, float]:
    """Run `command` (it prints one JSON line last); its result, seconds, and peak RSS in bytes of
    it and its descendants (summed, and of the largest process)."""
    import psutil
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    total = largest = 0.0
    root = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            rss = [p.memory_info().rss for p in [root, *root.children(recursive=True)]]
        except psutil.Error:  # a process ended while being read
            rss = [0]
        total, largest = max(total, sum(rss)), max(largest, max(rss))
        time.sleep(0.05)
    stdout, stderr = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"{' '.join(command[1:3])} failed:\n{stderr}")
    return json.loads(stdout.strip().splitlines()[-1]), time.perf_counter() - start, total, largest


def child_main(spec: str) -> None:
    import corpus_tools.pipeline as pipeline
    from corpus_tools.pipeline import BuildConfig, build
    from corpus_tools.analysis import load
    config = json.loads(spec)
    steps: dict[str, float] = {}
    if config.pop("time_steps", False):
        for name in ("analyse", "analyse_corpus"):
            setattr(pipeline, name, timed_step(steps, name, getattr(pipeline, name)))
    start = time.perf_counter()
    result = build(BuildConfig(**{k: Path(v) if k in ("corpus", "out") else v for k, v in config.items()}))
    seconds = time.perf_counter() - start
    manifest = load(config["out"]).manifest
    words = int(load(config["out"]).documents["text"].str.split().str.len().sum())
    print(json.dumps({"seconds": seconds, "words": words, "n_annotated": result.n_annotated,
                      "up_to_date": result.up_to_date, "steps": steps,
                      "torch_threads": manifest.get("backend", {}).get("run", {}).get("torch_threads")}))


def timed_step(steps: dict, name: str, step):
    """`step`, adding its wall seconds to steps[name] at every call."""
    def run(*args, **kwargs):
        start = time.perf_counter()
        try:
            return step(*args, **kwargs)
        finally:
            steps[name] = steps.get(name, 0.0) + time.perf_counter() - start
    return run


def pct(run: dict, cold: dict) -> str:
    return f"{100 * run['seconds'] / cold['seconds']:.1f} %"


def rss(run: dict) -> str:
    return f"{run['rss_total_mb']:,.0f} / {run['rss_largest_mb']:,.0f}"


def machine(args, sizes: dict) -> list[str]:
    import stanza
    import torch
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo", encoding="utf-8")
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() \
        else platform.processor()
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
    return [f"- Machine: {cpu}, {cpu_count()} usable cores, {mem:.0f} GiB RAM, {platform.platform()}",
            f"- Python {platform.python_version()}, torch {torch.__version__}, stanza {stanza.__version__}, "
            f"models {args.models}",
            f"- Run: `python bench/run.py{' --quick' if args.quick else ''}` ({json.dumps(sizes)}), "
            f"started {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
            f"load average at start {os.getloadavg()[0]:.2f}"]


class Report:
    """Markdown tables, printed and rewritten to the results file after every section."""

    def __init__(self, path: Path, header: list[str]):
        self.path, self.parts = path, ["# Benchmark results", "", *header, ""]
        self._write()

    def section(self, title: str, head: list[str], rows: list[tuple], note: str = "") -> None:
        lines = [f"## {title}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
        if note:
            lines += ["", note]
        self.parts += [*lines, ""]
        print("\n".join(lines) + "\n", flush=True)
        self._write()

    def finish(self) -> None:
        self.parts.append(f"Finished {time.strftime('%H:%M UTC', time.gmtime())}, "
                          f"load average at end {os.getloadavg()[0]:.2f}.")
        self._write()
        print(f"written to {self.path}")

    def _write(self) -> None:
        self.path.write_text("\n".join(self.parts) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child_main(sys.argv[2])
    elif len(sys.argv) == 5 and sys.argv[1] == "--call":
        call_main(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        os.environ.setdefault("STANZA_RESOURCES_DIR", shared_models())
        main()
