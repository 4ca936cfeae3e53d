"""Command line: corpus-tools build, reports, export, actors (suggest, merge, split, rename, retype), models
download, models install.

Every user-facing error is one line on stderr (tracebacks only with --debug); so is
every warning, Python's own included (no source line under it).
Exit codes (docs/exit_codes.md): 0 success (skipped files are listed, not
errors); 1 nothing could be processed, or another error; 2 usage error;
3 models not found; 4 another run is writing to the same folder; 5 tables
built but some report pages failed; 130 interrupted; 143 terminated.  An output folder
that cannot be written (disk full, read-only) is exit 1, its one line naming the folder.
"""
from __future__ import annotations

import argparse
import errno
import os
import re
import signal
import sys
import warnings
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path
from typing import Iterator

from ._version import __version__
from .stopping import EXIT_INTERRUPTED, hold_until_safe_point, stop_now

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_MODELS, EXIT_LOCKED, EXIT_REPORTS = 0, 1, 2, 3, 4, 5
# Why a folder cannot be written -> what the user can do about it.
FULL = "free some space"
DENIED = "make it writable or choose another folder"
WRITE_ERRORS = {errno.ENOSPC: FULL, errno.EDQUOT: FULL, errno.EFBIG: FULL, errno.EROFS: DENIED, errno.EACCES: DENIED,
                errno.EPERM: DENIED}


class NotWritable(RuntimeError):
    """An output folder that cannot be written (disk full, read-only); the message is meant for the user."""


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    from .parallel import signals_held
    signal.signal(signal.SIGTERM, stop_now)  # first: unwind like Ctrl-C, temporary files go, kernels shut down
    args = None
    try:
        with signals_held():    # a signal inside an import leaves modules half made: acted on after them
            parser = make_parser()
            args = parser.parse_args(argv)
            args.debug = getattr(args, "debug", False)
            if getattr(args, "func", None) in (cmd_build, cmd_reports):
                import_module(".pipeline", __package__)
        if not getattr(args, "func", None):
            parser.print_help()
            return EXIT_USAGE
        if args.func in (cmd_build, cmd_reports):
            hold_until_safe_point()     # these stop between pieces of work, never inside native code
        if not args.debug:
            warnings.showwarning = show_warning
        return args.func(args)
    except KeyboardInterrupt as exc:
        if args is not None and args.debug:
            raise
        print("corpus-tools: interrupted; finished work is kept, run the same command again to resume",
              file=sys.stderr)
        return getattr(exc, "code", EXIT_INTERRUPTED)
    except BrokenPipeError:     # "corpus-tools actors suggest | head": the reader has had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())   # nothing more to flush at exit
        return EXIT_OK
    except Exception as exc:
        if args is None or args.debug:
            raise
        code, message = error_message(exc)
        print(f"corpus-tools: error: {message} (run with --debug for details)", file=sys.stderr)
        return code


def run() -> None:
    """The `corpus-tools` command: `main`, then exit with its code, a late stop signal ignored (the work is
    done; the interpreter's shutdown would otherwise die of it without an exit code of ours)."""
    code = main()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_IGN)
    sys.exit(code)


def show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """A Python warning as the command line's other messages: one line, no source line under it."""
    text = re.sub(r"\s+", " ", str(message)).strip()
    print(f"corpus-tools: warning: {text}", file=file or sys.stderr)


def error_message(exc: Exception) -> tuple[int, str]:
    """Exit code and one-line message for an error that reached the command line."""
    from .nlp.base import ModelsNotFound
    from .pipeline import BuildError
    from .storage.lock import FolderLocked
    code = (EXIT_MODELS if isinstance(exc, ModelsNotFound) else
            EXIT_LOCKED if isinstance(exc, FolderLocked) else EXIT_FAILED)
    expected = (ModelsNotFound, BuildError, FolderLocked, FileNotFoundError, PermissionError, NotWritable)
    if isinstance(exc, OSError) and WRITE_ERRORS.get(exc.errno) == FULL and exc.filename:  # not an output folder
        return EXIT_FAILED, (f"cannot write to {shown_path(exc.filename)}: {exc.strerror}; {FULL} "
                             "(or set TMPDIR to a folder with room), then run the same command again")
    text = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
    text = re.sub(r"\s+", " ", str(text)).strip()
    return code, text if isinstance(exc, expected) and text else f"{type(exc).__name__}: {text}"


@contextmanager
def writing_to(folder: str | Path) -> Iterator[None]:
    """A full disk or a read-only folder while writing `folder`: `NotWritable`, one line naming the
    folder (and the file the system named, if any).  Every file is written under a temporary name
    and renamed into place, so what was there before stays whole (tables, pages, exported files)."""
    try:
        yield
    except OSError as exc:
        if exc.errno not in WRITE_ERRORS or not inside(exc.filename, folder):
            raise
        shown = shown_path(exc.filename) if exc.filename else str(folder)
        where = f"{folder} ({shown})" if Path(shown).absolute() != Path(folder).absolute() else str(folder)
        raise NotWritable(f"cannot write to {where}: {exc.strerror}; what was there before stays whole: "
                          f"{WRITE_ERRORS[exc.errno]}, then run the same command again") from exc


def inside(filename: str | bytes | None, folder: str | Path) -> bool:
    """Whether `filename` (None: unknown, as for a failed write) may lie in `folder`."""
    if filename is None:
        return True
    path, folder = Path(str(filename)).absolute(), Path(folder).absolute()
    return path == folder or folder in path.parents or path in folder.parents


def shown_path(filename: str | bytes) -> str:
    """`filename` up to its first temporary part (a hidden `.NAME.*.tmp`, a `-staging` folder): the
    user knows the folder, not our temporary names.

    >>> shown_path("out/.tables-staging/.labels.parquet.x1.tmp")
    'out'
    """
    from .storage.files import STAGING_SUFFIX, TMP_SUFFIX
    path = Path(str(filename))
    for i, part in enumerate(path.parts):
        if part.startswith(".") and part.endswith((TMP_SUFFIX, STAGING_SUFFIX)) or part.startswith(".tmp"):
            return str(Path(*path.parts[:i])) if i else "."
    return str(path)


class Parser(argparse.ArgumentParser):
    """argparse, with usage errors on one line."""

    def error(self, message: str):
        """A usage error: one line, exit code 2."""
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def make_parser() -> argparse.ArgumentParser:
    """The command line's parser, every subcommand included."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show tracebacks instead of one-line errors")
    parser = Parser(prog="corpus-tools", parents=[common],
                    description="Actor-centred analysis of French-language news corpora: who is mentioned, "
                                "quoted, with which labels, per outlet and per actor.")
    parser.add_argument("--version", action="version", version=f"corpus-tools {__version__}",
                        help="print the version and exit")
    sub = parser.add_subparsers(parser_class=Parser, title="commands", metavar="COMMAND")

    b = sub.add_parser("build", parents=[common], help="run every stage on a corpus folder and render the reports",
                       description="Read a corpus folder, annotate it, resolve its actors, write the tables "
                                   "and render the reports.")
    b.add_argument("--corpus", default="data/raw", metavar="DIR", help="folder of article files (default: data/raw); a "
                   "metadata.csv or metadata.jsonl at its root describes the articles")
    b.add_argument("--out", default="build", metavar="DIR", help="folder for tables and caches (default: build)")
    b.add_argument("--reports", default="reports", metavar="DIR", help="folder for HTML reports (default: reports)")
    b.add_argument("--no-reports", action="store_true", help="write the tables only")
    b.add_argument("--source-from-folder", action="store_true",
                   help="the first folder under the corpus names the outlet of the articles in it "
                        "(corpus/lemonde/*.txt: Le Monde); a sidecar, a record column or an export's own "
                        "outlet field still wins")
    b.add_argument("--columns", action="append", default=[], metavar="FILE",
                   help="extra column names for record files and the sidecar (YAML, as "
                        "corpus_tools/text/data/columns.yaml); repeatable")
    add_model_options(b)
    b.add_argument("--registry", action="append", default=[], metavar="FILE",
                   help="extra actor registry file (YAML); repeatable")
    b.add_argument("--outlets", action="append", default=[], metavar="FILE",
                   help="extra outlet registry file (YAML, as corpus_tools/text/data/outlets.yaml); repeatable")
    b.add_argument("--no-default-registry", action="store_true",
                   help="do not load the shipped actor registry (country tables stay)")
    b.add_argument("--curation", metavar="FILE", help="the actor curation file to apply after linking (YAML, "
                   "written by 'corpus-tools actors merge|split|rename|retype'; default: OUT.curation.yaml "
                   "beside the build folder, when it exists)")
    add_page_options(b)
    add_wait_option(b)
    add_parallel_options(b)
    b.set_defaults(func=cmd_build)

    r = sub.add_parser("reports", parents=[common], help="render reports from an existing build",
                       description="Render the HTML reports of an existing build again.")
    r.add_argument("--out", default="build", metavar="DIR", help="folder of the build to read (default: build)")
    r.add_argument("--reports", default="reports", metavar="DIR", help="folder for HTML reports (default: reports)")
    add_page_options(r)
    add_wait_option(r)
    add_parallel_options(r)
    r.set_defaults(func=cmd_reports)

    e = sub.add_parser("export", parents=[common], help="write a build (or a sub-corpus of it) as CSV, CoNLL-U, "
                       "IRaMuTeQ, GEXF or GraphML",
                       description="Write a build, or a sub-corpus of it, as CSV, CoNLL-U, IRaMuTeQ, GEXF or GraphML.")
    e.add_argument("--out", default="build", metavar="DIR",
                   help="folder written by corpus-tools build (default: build)")
    e.add_argument("--format", required=True, choices=["csv", "conllu", "iramuteq", "gexf", "graphml"],
                   help="csv (every table), conllu, iramuteq (a corpus for IRaMuTeQ), gexf or graphml (actor networks)")
    e.add_argument("--to", required=True, metavar="DIR", help="folder to write the files into")
    e.add_argument("--source", action="append", metavar="OUTLET", help="only this outlet; repeatable")
    e.add_argument("--since", metavar="DATE",
                   help="only documents dated from this ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    e.add_argument("--until", metavar="DATE", help="only documents dated up to this ISO date, included")
    e.add_argument("--actor", metavar="ACTOR", help="only documents mentioning this actor (an id or any of its names)")
    e.add_argument("--query", metavar="QUERY", help="only documents holding a match of this query: words, "
                   "'néo*', or CQP's token tests and sequences ('[lemma=\"accuser\"] [pos=\"PROPN\"]')")
    e.add_argument("--all-copies", action="store_true", help="CoNLL-U and IRaMuTeQ: every copy of a story, "
                   "not each story once")
    e.add_argument("--variable", action="append", metavar="NAME=WHAT", help="IRaMuTeQ: a starred variable, WHAT a "
                   "period of the date (day, week, month, quarter, year) or a column of documents; repeatable")
    add_wait_option(e)
    e.set_defaults(func=cmd_export)

    add_actors_parser(sub, common)

    m = sub.add_parser("models", parents=[common], help="get Stanza's French models",
                       description="Get Stanza's French models.").add_subparsers(parser_class=Parser, title="commands",
                                                                                  metavar="COMMAND")
    d = m.add_parser("download", parents=[common], help="download the official French models from Stanza's model hub",
                     description="Download the official French models from Stanza's model hub.")
    d.add_argument("--dir", metavar="DIR", help="target folder (default: Stanza's default, ~/stanza_resources)")
    d.set_defaults(func=cmd_download)
    i = m.add_parser("install", parents=[common], help="install a stanza_resources folder fetched on another machine",
                     description="Install a stanza_resources folder fetched on another machine.")
    i.add_argument("--from", dest="source", required=True, metavar="DIR", help="a stanza_resources folder holding fr/")
    i.add_argument("--dir", metavar="DIR", help="target folder (default: Stanza's default, ~/stanza_resources)")
    i.set_defaults(func=cmd_install)
    return parser


def add_actors_parser(sub, common: argparse.ArgumentParser) -> None:
    """corpus-tools actors suggest|merge|split|rename|retype: actor curation from the command line."""
    from .actors.registry import TYPES
    a = sub.add_parser("actors", parents=[common], help="curate the actors of a build: suggest merges, record "
                       "merge, split, rename and retype decisions",
                       description="Curate the actors of a build. Decisions go to the curation file; the next "
                                   "'corpus-tools build' applies them without annotating again."
                       ).add_subparsers(parser_class=Parser, title="commands", metavar="COMMAND")
    s = a.add_parser("suggest", parents=[common], help="pairs of actors that may be one, with the reason and a "
                     "sentence naming each", description="List pairs of actors that may be one.")
    s.add_argument("--limit", type=int, default=30, metavar="N", help="at most N pairs (default: 30)")
    s.set_defaults(func=cmd_actors, action="suggest")
    verbs = {"merge": ("OTHER", "the actor OTHER is ACTOR (which keeps its id, name and type)"),
             "split": ("FORM", "the names FORM of ACTOR, as written, are another actor"),
             "rename": ("NAME", "ACTOR is displayed as NAME (its id stays)"),
             "retype": ("TYPE", f"ACTOR is of type TYPE ({', '.join(TYPES)})")}
    for verb, (value, says) in verbs.items():
        p = a.add_parser(verb, parents=[common], help=f"record that {says}", description=f"Record that {says}.")
        p.add_argument("actor", metavar="ACTOR", help="an actor id or any of its names")
        p.add_argument("value", metavar=value, nargs="+" if verb == "split" else None,
                       help={"merge": "an actor id or any of its names", "split": "a name as written; repeatable",
                             "rename": "the new display name", "retype": "the new type"}[verb])
        p.add_argument("--why", required=True, metavar="TEXT", help="why: kept with the decision")
        p.add_argument("--curation", metavar="FILE", help="the curation file (default: the one the build read, "
                       "else OUT.curation.yaml beside the build folder)")
        p.set_defaults(func=cmd_actors, action=verb)
    for p in a.choices.values():
        p.add_argument("--out", default="build", metavar="DIR", help="folder of the build (default: build)")
        add_wait_option(p)


def add_page_options(p: argparse.ArgumentParser) -> None:
    """Which actors and documents get a report page (every actor is still listed in the index)."""
    from .reports.selection import PageRules
    d = PageRules()
    g = p.add_argument_group("report pages")
    g.add_argument("--min-mentions", type=int, default=d.min_mentions, metavar="N",
                   help=f"an actor page needs at least N mentions (default: {d.min_mentions})")
    g.add_argument("--min-documents", type=int, default=d.min_documents, metavar="N",
                   help=f"... in at least N articles (default: {d.min_documents})")
    g.add_argument("--max-actor-pages", type=int, default=d.max_actor_pages, metavar="N",
                   help=f"at most N actor pages, the most mentioned (default: {d.max_actor_pages})")
    g.add_argument("--max-document-pages", type=int, default=d.max_document_pages, metavar="N",
                   help=f"at most N document pages (default: {d.max_document_pages}; beyond, those mentioning "
                   "the most actors with a page)")


def add_wait_option(p: argparse.ArgumentParser) -> None:
    """--wait: wait for another run on the same folders."""
    p.add_argument("--wait", type=float, default=0, metavar="SECONDS",
                   help="if another run is writing to the same folders, wait up to SECONDS for it "
                        "(-1: as long as it takes) instead of stopping at once")


def add_model_options(p: argparse.ArgumentParser) -> None:
    """--models, --backend, --device, --cpu, --threads."""
    p.add_argument("--models", dest="models_dir", metavar="DIR", help="Stanza resources folder (default: "
                   "$STANZA_RESOURCES_DIR, then Stanza's default folder)")
    p.add_argument("--backend", default="auto", metavar="NAME",
                   help="NLP backend: auto (default), stanza, spacy or one a plugin registers")
    p.add_argument("--device", metavar="DEVICE", help="cpu or cuda (default: cuda when available)")
    p.add_argument("--cpu", dest="device", action="store_const", const="cpu", help="never use a GPU")
    p.add_argument("--threads", type=int, metavar="N", help="torch threads per worker (default: cores / workers)")


def add_parallel_options(p: argparse.ArgumentParser) -> None:
    """--workers, --scheduler."""
    p.add_argument("--workers", type=int, metavar="N",
                   help="local worker processes (default: one per core; 1 with a GPU)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="run on a Dask cluster: a scheduler address "
                   "(tcp://host:8786) or local:N to start N local Dask workers")


def cmd_build(args) -> int:
    """corpus-tools build: the tables, then the reports unless --no-reports."""
    from .pipeline import BuildConfig, build, preflight
    from .storage.lock import folder_lock
    config = BuildConfig(corpus=Path(args.corpus), out=Path(args.out), models_dir=args.models_dir,
                         backend=args.backend, device=args.device, threads=args.threads,
                         registry=args.registry, default_registry=not args.no_default_registry,
                         outlets=args.outlets, columns=args.columns, source_from_folder=args.source_from_folder,
                         workers=args.workers, scheduler=args.scheduler, curation=args.curation)
    inputs = preflight(config)   # a run that fails before reading writes nothing, not even --out
    # The lock covers the build and the reports drawn from it: no other run
    # can replace the tables while the notebooks read them.
    with writing_to(args.out), folder_lock(args.out, args.wait):
        result = build(config, inputs)
        print(result.summary())
        if args.no_reports:
            return EXIT_OK
        return render(args)


@contextmanager
def reading_build(out: str, wait: float) -> Iterator[None]:
    """Read the build in `out` while no build replaces its tables: its lock held (a build in progress
    first), the last tables put back if a build was killed while swapping them; a build folder no one
    may write to is read as it is.  No build there: one line saying how to make one."""
    from .storage.lock import folder_lock
    from .storage.tables import TABLES_DIR, restore_tables
    missing = FileNotFoundError(f"no build in {out}: run 'corpus-tools build --out {out}' first")
    if not Path(out).is_dir():
        raise missing
    if not os.access(out, os.W_OK):       # read-only: no build can change it, and no lock can be taken
        if not Path(out, TABLES_DIR).is_dir():
            raise missing
        yield
        return
    with folder_lock(out, wait):
        restore_tables(out)
        if not Path(out, TABLES_DIR).is_dir():
            raise missing
        yield


def cmd_reports(args) -> int:
    """corpus-tools reports: re-render the reports of an existing build."""
    with reading_build(args.out, args.wait):
        return render(args)


def render(args) -> int:
    """Render the reports and say what was done; exit code 5 when some page failed."""
    from .reports import render_reports
    from .reports.selection import PageRules
    reports = args.reports
    rules = PageRules(args.min_mentions, args.min_documents, args.max_actor_pages, args.max_document_pages)
    with writing_to(reports):
        result = render_reports(args.out, reports, rules, workers=args.workers, scheduler=args.scheduler,
                                wait=args.wait)
    print(f"{result.summary()} -> {Path(reports) / 'index.html'}")
    return EXIT_REPORTS if result.failed else EXIT_OK


def cmd_export(args) -> int:
    """corpus-tools export: the build, or the sub-corpus the options select, in one format."""
    from .analysis.formats import export
    from .analysis import load
    with writing_to(args.to), reading_build(args.out, args.wait):
        corpus = load(args.out)
        criteria = {k: getattr(args, k) for k in ("source", "since", "until", "actor", "query")}
        try:
            corpus = corpus.select(**criteria) if any(v is not None for v in criteria.values()) else corpus
            variables = dict(v.partition("=")[::2] for v in args.variable or [])
            written = export(corpus, args.format, args.to, per="outlet" if args.all_copies else "story",
                             variables=variables)
        except (KeyError, ValueError) as exc:   # an unknown outlet, actor or variable, a malformed date
            print(f"corpus-tools export: error: {exc.args[0] if exc.args else exc}", file=sys.stderr)
            return EXIT_USAGE
    what = f"{len(corpus.doc_ids)} documents" if corpus.is_subcorpus else "the whole build"
    print(f"{len(written)} {args.format} file(s) of {what} -> {args.to}")
    return EXIT_OK


def cmd_actors(args) -> int:
    """corpus-tools actors: suggest merges, or record a curation decision (applied by the next build)."""
    from .analysis import load
    with reading_build(args.out, args.wait):
        corpus = load(args.out)
        try:
            if args.action == "suggest":
                print(suggestions_text(corpus.suggest_merges(args.limit)))
                return EXIT_OK
            change = getattr(corpus, args.action)(args.actor, args.value, why=args.why, file=args.curation)
        except (KeyError, ValueError) as exc:   # an unknown actor, a form it does not have, a bad type
            print(f"corpus-tools actors: error: {exc.args[0] if exc.args else exc}", file=sys.stderr)
            return EXIT_USAGE
    print(change)
    return EXIT_OK


def suggestions_text(pairs) -> str:
    """The suggested merges as lines: the pair, the reason, a sentence naming each."""
    if pairs.empty:
        return "no pair of actors to suggest"
    lines = []
    for p in pairs.itertuples():
        lines += [f"{p.actor_b} ({p.name_b}, {p.n_mentions_b}) -> {p.actor_a} ({p.name_a}, {p.n_mentions_a}): "
                  f"{p.reason}",
                  f"    {p.doc_b}: {p.sentence_b}", f"    {p.doc_a}: {p.sentence_a}"]
    lines.append("Record one with: corpus-tools actors merge ACTOR OTHER --why TEXT (OTHER joins ACTOR)")
    return "\n".join(lines)


def cmd_download(args) -> int:
    """corpus-tools models download."""
    from .nlp.models import download
    print(f"French Stanza models in {download(args.dir)}")
    return 0


def cmd_install(args) -> int:
    """corpus-tools models install."""
    from .nlp.models import install_from
    print(f"French Stanza models installed in {install_from(args.source, args.dir)}")
    return 0


if __name__ == "__main__":
    run()
