"""Evaluate the labels and agency tables against hand-annotated gold (eval/labels/gold.yaml).

    python eval/eval_labels.py                      # builds eval/labels/articles/ into a temporary folder
    python eval/eval_labels.py --build DIR          # reuses an existing build of those articles
    python eval/eval_labels.py --errors             # also lists every miss and every false label or tuple

The gold (22 AFP-based articles from six outlets, none of them a sample article) says, per
document, which actors are named at least twice, every label of those actors as written, and
the (verb lemma, role) tuples of those actors; eval/labels/gold.yaml documents how it was made.

Labels and tuples are recomputed from the build's tables with the current code (the extractors
`corpus_tools.analysis.extract.labels` and `extract.agency`), so a rule can be changed and scored
without rebuilding.  A predicted actor stands for the gold actor most of
its mentions in the document name (gold name forms, compared after case, accent and article
folding); predictions for actors outside the gold are not scored.  Scores are micro-averaged
counts of multisets per document and actor:
- labels, exact: a predicted label matches a gold label of the same actor with the same text
  (folded: case, accents, quotes and spacing aside);
- labels, overlap: ... or when one's words contain the other's (a shorter or longer span);
- agency: (actor, verb lemma, role) tuples, lemmas folded.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus_tools.actors.normalize import normalize_name  # noqa: E402
from corpus_tools.analysis.extract import ChunkTables  # noqa: E402
from corpus_tools.analysis.extract.agency import document_agency  # noqa: E402
from corpus_tools.analysis.extract.labels.extractor import document_labels  # noqa: E402
from corpus_tools.fold import fold  # noqa: E402
from eval.models import shared_models  # noqa: E402

CORPUS = ROOT / "eval" / "labels" / "articles"
GOLD = ROOT / "eval" / "labels" / "gold.yaml"


def folded(text: str) -> str:
    """A label or lemma for comparison: folded, without quotes, one space between words.

    >>> folded("« Prix  Goncourt »"), folded("chef de l’État")
    ('prix goncourt', "chef de l'etat")
    """
    return " ".join(re.sub(r"[«»\"“”+]", " ", fold(text)).split())


def load_gold(path: Path = GOLD) -> dict:
    """doc -> {"actors": gold actor -> name keys, "labels": Counter((actor, label)),
    "agency": Counter((actor, verb, role))}."""
    out = {}
    for doc, spec in yaml.safe_load(path.read_text(encoding="utf-8"))["documents"].items():
        labels = Counter((actor, folded(label))
                         for actor, found in (spec.get("labels") or {}).items() for label in found)
        agency = Counter((actor, folded(item.rsplit(" ", 1)[0]), item.rsplit(" ", 1)[1])
                         for actor, found in (spec.get("agency") or {}).items() for item in found)
        out[doc] = {"actors": {a: {normalize_name(v) for v in forms} for a, forms in spec["actors"].items()},
                    "labels": labels, "agency": agency}
    return out


def predictions(tables: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(mentions, labels, agency) of a build's documents, labels and agency computed by the current code."""
    frames = {n: pd.read_parquet(tables / f"{n}.parquet")
              for n in ("documents", "sentences", "tokens", "entities", "mentions")}
    chunk = ChunkTables(*(frames[n] for n in ("documents", "sentences", "tokens", "entities", "mentions")))
    return frames["mentions"], document_labels(chunk), document_agency(chunk)


def actor_map(mentions: pd.DataFrame, gold: dict) -> dict[tuple[str, str], str]:
    """(doc_id, predicted actor_id) -> gold actor: the one most of its mentions in the document name."""
    out = {}
    for (doc, actor), group in mentions[mentions["doc_id"].isin(gold)].groupby(["doc_id", "actor_id"]):
        votes = Counter(g for text in group["text"] for g, forms in gold[doc]["actors"].items()
                        if normalize_name(text) in forms)
        if votes:
            out[(doc, actor)] = votes.most_common(1)[0][0]
    return out


def overlapping(a: str, b: str) -> bool:
    """Whether the words of one label contain those of the other."""
    x, y = f" {a} ", f" {b} "
    return x in y or y in x


def score(gold: dict, mentions: pd.DataFrame, labels: pd.DataFrame, agency: pd.DataFrame) -> dict:
    """Per document counts and the errors, for labels (exact and overlap) and agency."""
    mapping = actor_map(mentions, gold)
    rows, errors = [], {}
    for doc, spec in gold.items():
        lab = labels[labels["doc_id"] == doc]
        predicted_labels = Counter((mapping[(doc, a)], folded(t))
                                   for a, t in zip(lab["actor_id"], lab["label"]) if (doc, a) in mapping)
        ag = agency[agency["doc_id"] == doc]
        predicted_agency = Counter((mapping[(doc, a)], folded(v), r)
                                   for a, v, r in zip(ag["actor_id"], ag["verb"], ag["role"]) if (doc, a) in mapping)
        exact = sum((predicted_labels & spec["labels"]).values())
        loose = overlap_matches(predicted_labels, spec["labels"])
        tuples = sum((predicted_agency & spec["agency"]).values())
        rows.append({"doc_id": doc, "labels_gold": sum(spec["labels"].values()),
                     "labels_pred": sum(predicted_labels.values()), "labels_exact": exact, "labels_overlap": loose,
                     "agency_gold": sum(spec["agency"].values()), "agency_pred": sum(predicted_agency.values()),
                     "agency_match": tuples})
        errors[doc] = {"labels missed": spec["labels"] - predicted_labels,
                       "labels wrong": predicted_labels - spec["labels"],
                       "agency missed": spec["agency"] - predicted_agency,
                       "agency wrong": predicted_agency - spec["agency"]}
    return {"per_doc": pd.DataFrame(rows), "errors": errors}


def overlap_matches(predicted: Counter, gold: Counter) -> int:
    """Matches of predicted labels to gold labels of the same actor, one to one, by overlapping words."""
    left = Counter(gold)
    n = 0
    for (actor, text), count in sorted(predicted.items()):
        for _ in range(count):
            match = next((g for g in sorted(left) if left[g] and g[0] == actor and overlapping(g[1], text)), None)
            if match is not None:
                left[match] -= 1
                n += 1
    return n


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 in percent."""
    p = 100 * tp / n_pred if n_pred else 0.0
    r = 100 * tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report(result: dict, show_errors: bool) -> str:
    """The score table (per document, then micro-averaged totals) and, with `show_errors`, the errors."""
    d = result["per_doc"]
    out = [d.to_string(index=False)]
    totals = d.sum(numeric_only=True)
    table = [("labels (exact text)", totals["labels_exact"], totals["labels_pred"], totals["labels_gold"]),
             ("labels (overlapping words)", totals["labels_overlap"], totals["labels_pred"], totals["labels_gold"]),
             ("agency (actor, verb, role)", totals["agency_match"], totals["agency_pred"], totals["agency_gold"])]
    out += ["", "| task | matched | predicted | gold | P | R | F1 |", "|---|---|---|---|---|---|---|"]
    for name, tp, n_pred, n_gold in table:
        p, r, f = prf(int(tp), int(n_pred), int(n_gold))
        out.append(f"| {name} | {int(tp)} | {int(n_pred)} | {int(n_gold)} | {p:.1f} | {r:.1f} | {f:.1f} |")
    if show_errors:
        for doc, kinds in result["errors"].items():
            for kind, items in kinds.items():
                if items:
                    out.append(f"{doc} {kind}: " + "; ".join(f"{'/'.join(k)} x{n}" if n > 1 else "/".join(k)
                                                           for k, n in sorted(items.items())))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(CORPUS), help="article folder (default: eval/labels/articles)")
    parser.add_argument("--gold", default=str(GOLD), help="gold of that folder (default: %(default)s)")
    parser.add_argument("--build", help="an existing build folder of the corpus (default: build one)")
    parser.add_argument("--models", default=shared_models(), help="Stanza resources folder for the build "
                        "(default: $STANZA_RESOURCES_DIR, else ../shared/stanza_resources_medium)")
    parser.add_argument("--errors", action="store_true", help="list the misses and false predictions")
    args = parser.parse_args(argv)
    gold = load_gold(Path(args.gold))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.build) if args.build else Path(tmp) / "build"
        if not args.build:
            from corpus_tools.pipeline import BuildConfig, build
            build(BuildConfig(corpus=Path(args.corpus), out=out, models_dir=args.models, progress=False))
        mentions, labels, agency = predictions(out / "tables")
    print(report(score(gold, mentions, labels, agency), args.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
