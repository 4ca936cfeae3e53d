"""Benchmark of `actors.link` on synthetic candidate rows (no model needed).

    python eval/bench_actors.py --mentions 1000000 --names 100000

Generates person names from random syllables (given names from a small pool, so many
people share given names; surnames from a large pool, some shared), with full names,
bare surnames resolved in the document, and organisations; prints rows/s of `link`.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus_tools import actors  # noqa: E402
from corpus_tools.actors.finding import COLUMNS  # noqa: E402
from corpus_tools.actors.normalize import normalize_name  # noqa: E402

SYLLABLES = ["ka", "li", "mo", "ra", "sen", "tor", "bel", "ha", "fi", "dou", "mar", "es", "al", "vi", "no", "gu"]


def word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()


def synthetic(n_mentions: int, n_names: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = random.Random(seed)
    given = [word(rng, 2) for _ in range(2000)]
    people = [f"{rng.choice(given)} {word(rng, 3)}" for _ in range(n_names)]
    orgs = [f"Parti {word(rng, 3)}" for _ in range(n_names // 4)]
    n_docs = max(n_mentions // 30, 1)
    rows = []
    for i in range(n_mentions):
        doc = f"d{i % n_docs}"
        if i % 3 == 2:
            text, ner, full = rng.choice(orgs), "ORG", None
        else:
            person = rng.choice(people)
            short = i % 3 == 1
            text, ner, full = (person.split()[-1], "PER", normalize_name(person)) if short else (person, "PER", None)
        rows.append({"doc_id": doc, "sent_idx": 0, "start_char": i, "end_char": i + len(text), "text": text,
                     "surface": text, "ner": ner, "method": "ner", "kind": "name", "key": normalize_name(text),
                     "full_key": full, "evidence": "", "typed": False})
    cands = pd.DataFrame(rows).reindex(columns=COLUMNS)   # the other columns stay empty
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(n_docs)], "source": "s"})
    return cands, docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=300_000)
    parser.add_argument("--names", type=int, default=30_000)
    args = parser.parse_args(argv)
    cands, docs = synthetic(args.mentions, args.names)
    registry = actors.load_registry()
    start = time.perf_counter()
    tables = actors.link(cands, docs, registry)
    seconds = time.perf_counter() - start
    print(f"link: {len(cands)} candidate rows, {cands['key'].nunique()} distinct keys -> "
          f"{len(tables.actors)} actors in {seconds:.1f}s ({len(cands) / seconds:,.0f} rows/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
