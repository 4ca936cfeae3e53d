"""Command line: ``corpus-tools build | reports | models download | models install``.

Every user-facing error is one line on stderr (tracebacks only with --debug).
Exit codes: 0 success; 1 nothing could be processed or a report failed;
2 usage error; 3 models not found; 4 another build holds the output folder.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_FAILED, EXIT_USAGE, EXIT_MODELS, EXIT_LOCKED = 1, 2, 3, 4


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.func(args)
    except Exception as exc:
        if args.debug:
            raise
        from .nlp.base import ModelsNotFound
        from .pipeline import BuildError, BuildLocked
        code = (EXIT_MODELS if isinstance(exc, ModelsNotFound) else
                EXIT_LOCKED if isinstance(exc, BuildLocked) else EXIT_FAILED)
        kind = "" if isinstance(exc, (ModelsNotFound, BuildError)) else f"{type(exc).__name__}: "
        print(f"corpus-tools: error: {kind}{exc} (run with --debug for details)", file=sys.stderr)
        return code
    except KeyboardInterrupt:
        print("corpus-tools: interrupted; finished work is kept, re-run to resume", file=sys.stderr)
        return 130


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="corpus-tools", description=__doc__.splitlines()[0])
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers()

    b = sub.add_parser("build", help="run every stage on a corpus folder and render the reports")
    b.add_argument("--corpus", default="data/raw", help="folder of article files (default: data/raw)")
    b.add_argument("--out", default="build", help="folder for tables and caches (default: build)")
    b.add_argument("--reports", default="reports", help="folder for HTML reports (default: reports)")
    b.add_argument("--no-reports", action="store_true", help="write the tables only")
    add_model_options(b)
    b.add_argument("--registry", action="append", default=[], metavar="FILE",
                   help="extra actor registry file (YAML); repeatable")
    b.add_argument("--min-mentions", type=int, default=2, help="actors with fewer mentions get no page (default: 2)")
    add_parallel_options(b)
    b.set_defaults(func=cmd_build)

    r = sub.add_parser("reports", help="render reports from an existing build")
    r.add_argument("--out", default="build")
    r.add_argument("--reports", default="reports")
    r.add_argument("--min-mentions", type=int, default=2)
    add_parallel_options(r)
    r.set_defaults(func=cmd_reports)

    m = sub.add_parser("models", help="get Stanza's French models").add_subparsers()
    d = m.add_parser("download", help="download the official French models from Stanza's model hub")
    d.add_argument("--dir", help="target folder (default: Stanza's default, ~/stanza_resources)")
    d.set_defaults(func=cmd_download)
    i = m.add_parser("install", help="install a stanza_resources folder fetched on another machine")
    i.add_argument("--from", dest="source", required=True, help="a stanza_resources folder holding fr/")
    i.add_argument("--dir", help="target folder (default: Stanza's default, ~/stanza_resources)")
    i.set_defaults(func=cmd_install)
    return parser


def add_model_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--models", dest="models_dir", help="Stanza resources folder (default: "
                   "$STANZA_RESOURCES_DIR, then Stanza's default folder)")
    p.add_argument("--backend", default="auto", help="NLP backend: auto (default), stanza or spacy")
    p.add_argument("--device", help="cpu or cuda (default: cuda when available)")
    p.add_argument("--cpu", dest="device", action="store_const", const="cpu", help="never use a GPU")
    p.add_argument("--threads", type=int, help="torch threads per worker (default: cores / workers)")


def add_parallel_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=int, help="local worker processes (default: one per core; 1 with a GPU)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="run on a Dask cluster: a scheduler address "
                   "(tcp://host:8786) or local:N to start N local Dask workers")


def cmd_build(args) -> int:
    from .pipeline import BuildConfig, build
    config = BuildConfig(corpus=Path(args.corpus), out=Path(args.out), models_dir=args.models_dir,
                         backend=args.backend, device=args.device, threads=args.threads,
                         registry=args.registry, workers=args.workers, scheduler=args.scheduler)
    result = build(config)
    print(result.summary())
    if args.no_reports:
        return 0
    return render(args)


def cmd_reports(args) -> int:
    return render(args)


def render(args) -> int:
    from .reports import render_reports
    out, reports = args.out, args.reports
    result = render_reports(out, reports, min_mentions=args.min_mentions, workers=args.workers,
                            scheduler=args.scheduler)
    print(f"{result.summary()} -> {Path(reports) / 'index.html'}")
    return EXIT_FAILED if result.failed else 0


def cmd_download(args) -> int:
    from .nlp.models import download
    print(f"French Stanza models in {download(args.dir)}")
    return 0


def cmd_install(args) -> int:
    from .nlp.models import install_from
    print(f"French Stanza models installed in {install_from(args.source, args.dir)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
