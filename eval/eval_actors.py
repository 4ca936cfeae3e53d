"""Evaluate actor resolution on the sample corpus against gold actors (eval/actors/gold.yaml).

Prints, with the shipped registry and without it: per document, precision and recall of
the actors named in the article; the gold actors split over several predicted actors and
the predicted actors that merge several gold actors; and, per gold actor, which pairs of
its name variants were merged into one actor or split apart.

    python eval/eval_actors.py                 # builds data/raw into a temporary folder
    python eval/eval_actors.py --build build   # reuses the tables of an existing build
    python eval/eval_actors.py --corpus eval/actors/heldout/articles --gold eval/actors/heldout/gold.yaml
                                               # 8 articles on other topics, written apart from the resolver

Predicted actors of a document are those with a name mention in it, or a capital standing
for its state ("Moscou a répondu"); demonym and title mentions are reported by the resolver
separately.  Actors of type `place` are left out (towns used as places are not actors), and so are
collective actors named only by a description ("l'armée française", "le gouvernement libyen": method
`collective`) that match no gold actor: the gold leaves descriptions out by its rules, so they are
listed apart, not scored.
A predicted actor matches a gold actor when one of its names in the document is one of
the gold variants (compared after case, accent and article folding).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus_tools import actors  # noqa: E402
from eval.models import shared_models  # noqa: E402
from corpus_tools.actors.normalize import normalize_name  # noqa: E402

GOLD = ROOT / "eval" / "actors" / "gold.yaml"


@dataclass
class Scores:
    per_doc: pd.DataFrame                 # doc_id, n_gold, n_pred, tp_gold, tp_pred, precision, recall
    precision: float                      # micro-averaged over documents
    recall: float
    splits: dict[str, list[str]]          # gold actor -> predicted actor ids (more than one)
    wrong_merges: dict[str, list[str]]    # predicted actor id -> gold actors (more than one)
    variant_pairs: list[tuple[str, str, str, bool]] = field(default_factory=list)  # gold, v1, v2, merged
    collectives: list[tuple[str, str]] = field(default_factory=list)   # (doc, actor id) described only, unscored


def load_gold(path: Path = GOLD) -> dict[str, dict[str, set[str]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))["documents"]
    return {doc: {g: {normalize_name(v) for v in variants} for g, variants in golds.items()}
            for doc, golds in data.items()}


def resolve(tables: Path, use_default: bool, registry_files: list[str] = ()) -> actors.ActorTables:
    """Run the actor stage over the tables of a build."""
    registry = actors.load_registry(list(registry_files), use_default=use_default)
    documents = pd.read_parquet(tables / "documents.parquet")
    entities = pd.read_parquet(tables / "entities.parquet")
    tokens = pd.read_parquet(tables / "tokens.parquet")
    cands = actors.candidates(documents, entities, tokens, registry)
    return actors.link(cands, documents, registry)


def score(linked: actors.ActorTables, gold: dict[str, dict[str, set[str]]]) -> Scores:
    types = linked.actors.set_index("actor_id")["type"]
    m = linked.mentions
    names = m[(m["kind"] == "name") | (m["method"] == "capital")]      # "Moscou a répondu" names the state
    names = names[names["actor_id"].map(types) != "place"]
    rows, gold_to_pred, pred_to_gold, forms_of, collectives = [], {}, {}, {}, []
    for doc_id, golds in gold.items():
        doc = names[names["doc_id"] == doc_id]
        matched_gold, tp_pred = set(), 0
        for actor_id, group in doc.groupby("actor_id"):
            forms = {normalize_name(t) for t in group["text"]}
            hits = {g for g, variants in golds.items() if forms & variants}
            if not hits and (group["method"] == "collective").all():
                collectives.append((doc_id, actor_id))
                continue
            tp_pred += bool(hits)
            matched_gold |= hits
            for g in hits:
                gold_to_pred.setdefault(g, set()).add(actor_id)
                pred_to_gold.setdefault(actor_id, set()).add(g)
                for f in forms & golds[g]:
                    forms_of.setdefault(g, {}).setdefault(f, set()).add(actor_id)
        n_pred = doc["actor_id"].nunique() - sum(d == doc_id for d, _ in collectives)
        rows.append({"doc_id": doc_id, "n_gold": len(golds), "n_pred": n_pred, "tp_gold": len(matched_gold),
                     "tp_pred": tp_pred, "precision": tp_pred / n_pred if n_pred else 1.0,
                     "recall": len(matched_gold) / len(golds) if golds else 1.0})
    per_doc = pd.DataFrame(rows)
    pairs = []
    for g, forms in sorted(forms_of.items()):
        for (f1, a1), (f2, a2) in combinations(sorted(forms.items()), 2):
            pairs.append((g, f1, f2, a1 == a2 and len(a1) == 1))
    return Scores(per_doc,
                  precision=per_doc["tp_pred"].sum() / max(per_doc["n_pred"].sum(), 1),
                  recall=per_doc["tp_gold"].sum() / max(per_doc["n_gold"].sum(), 1),
                  splits={g: sorted(p) for g, p in gold_to_pred.items() if len(p) > 1},
                  wrong_merges={p: sorted(g) for p, g in pred_to_gold.items() if len(g) > 1},
                  variant_pairs=pairs, collectives=collectives)


def report(title: str, s: Scores, linked: actors.ActorTables) -> str:
    out = [f"== {title}", s.per_doc.to_string(index=False, float_format=lambda x: f"{x:.2f}"),
           f"micro precision {s.precision:.3f}  recall {s.recall:.3f}",
           "gold actors split over several actors: " + (", ".join(f"{g} -> {p}" for g, p in s.splits.items()) or "none"),
           "actors merging several gold actors: " + (", ".join(f"{p} <- {g}" for p, g in s.wrong_merges.items()) or "none"),
           "collective actors the gold leaves out (not scored): "
           + (", ".join(f"{d}: {a}" for d, a in s.collectives) or "none"),
           "variant pairs (merged = one actor):"]
    out += [f"  {'merged' if m else 'SPLIT '}  {g}: '{a}' / '{b}'" for g, a, b, m in s.variant_pairs]
    kinds = linked.mentions["kind"].value_counts()
    out.append("mentions by kind: " + ", ".join(f"{k} {v}" for k, v in kinds.items()))
    return "\n".join(out)


def build_corpus(corpus: Path, out: Path, models_dir: str | None) -> Path:
    from corpus_tools.pipeline import BuildConfig, build
    build(BuildConfig(corpus=corpus, out=out, models_dir=models_dir, progress=False))
    return out / "tables"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT / "data" / "raw"), help="article folder (default: data/raw)")
    parser.add_argument("--gold", default=str(GOLD), help="gold actors of that folder (default: %(default)s)")
    parser.add_argument("--build", help="an existing build folder of the corpus (default: build one)")
    parser.add_argument("--models", default=shared_models(), help="Stanza resources folder for the build "
                        "(default: $STANZA_RESOURCES_DIR, else ../shared/stanza_resources_medium)")
    args = parser.parse_args(argv)
    gold = load_gold(Path(args.gold))
    with tempfile.TemporaryDirectory() as tmp:
        tables = (Path(args.build) / "tables" if args.build
                  else build_corpus(Path(args.corpus), Path(tmp) / "build", args.models))
        for use_default, title in ((True, "with the shipped registry"), (False, "without the shipped registry")):
            linked = resolve(tables, use_default)
            print(report(title, score(linked, gold), linked), end="\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
