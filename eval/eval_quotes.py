"""Quotation extraction scored against hand-annotated gold, beside the public French extractors.

    python eval/eval_quotes.py                                   # ours, on eval/quotes/gold/wikinews.yaml
    python eval/eval_quotes.py --set sample                      # the sample articles (never tuned on)
    python eval/eval_quotes.py --sfu PATH/GenderGapTracker --getalp PATH/genderednews

Ours: a corpus-tools build of the gold set's articles (the compact Stanza models of --models), its
`quotes` table.  Peers (`eval/quote_peers.py`, each in its own process, from a checkout of its
repository): SFU's Gender Gap Tracker French extractor with spaCy's fr_core_news_md, GETALP's Stanza
port with the same Stanza models as ours.  Scored as SFU scores (`eval/quote_scoring.py`): quote
precision, recall and F1 at overlap > 0.3 and > 0.8, speaker accuracy over matched quotations,
recall per kind.  The table is printed and written to eval/quotes/results-<set>.md.

With --halves, the table is also given for the two halves of the gold (articles in doc_id order,
alternately): while the rules were written, the errors of the first half were studied and those of the
second never looked at, so the second half's numbers are the held-out ones.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval.models import models_label, shared_models  # noqa: E402
from eval.quote_gold import GoldSet, OffsetMap, load_gold  # noqa: E402
from eval.quote_scoring import KINDS, THRESHOLDS, Prediction, Score, score  # noqa: E402


def ours(gold: GoldSet, work: Path, models: str) -> list[Prediction]:
    """Our quotations: a build of the gold articles, offsets mapped to the article files."""
    import corpus_tools as ct
    from corpus_tools.pipeline import BuildConfig, build
    out = work / f"build-{gold.name}"
    build(BuildConfig(corpus=gold.articles_dir, out=out, models_dir=models, progress=False))
    corpus = ct.load(out)
    names = {a: [n, *(list(al) if al is not None else [])]
             for a, n, al in zip(corpus.actors["actor_id"], corpus.actors["name"], corpus.actors["aliases"])}
    texts = corpus.documents.set_index("doc_id")["text"].to_dict()
    maps = {d: OffsetMap(texts[d], gold.texts[d]) for d in texts if d in gold.texts}
    predictions = []
    for q in corpus.quotes.itertuples():
        if q.doc_id not in maps:
            continue
        to_file = maps[q.doc_id]
        said = [*(names.get(q.speaker, []) if isinstance(q.speaker, str) else []),
                q.speaker_text if isinstance(q.speaker_text, str) else ""]
        has_span = q.speaker_start is not None and q.speaker_start == q.speaker_start
        predictions.append(Prediction(q.doc_id, to_file(q.start_char), to_file(q.end_char), tuple(said),
                                      to_file(int(q.speaker_start)) if has_span else None,
                                      to_file(int(q.speaker_end)) if has_span else None))
    return predictions


def peer(name: str, checkout: Path, gold: GoldSet, work: Path, models: str, reuse: bool) -> list[Prediction]:
    """A peer's quotations (run in its own process by eval/quote_peers.py; with `reuse`, those of the
    last run when there are some)."""
    out = work / f"{name}-{gold.name}.json"
    if not (reuse and out.is_file()):
        subprocess.run([sys.executable, "-m", "eval.quote_peers", name, str(checkout), str(gold.articles_dir), str(out),
                        "--models", models], cwd=ROOT, check=True)
    found = json.loads(out.read_text(encoding="utf-8"))
    return [Prediction(doc_id, q["start"], q["end"], (q["speaker"],), q["speaker_start"], q["speaker_end"])
            for doc_id, quotes in found.items() if doc_id in gold.texts for q in quotes]


def table(gold: GoldSet, results: dict[str, dict[float, Score]]) -> str:
    """The results as one Markdown table."""
    counts = {k: sum(q.kind == k for q in gold.quotes) for k in KINDS}
    lines = [f"Gold `{gold.name}`: {len(gold.texts)} articles, {len(gold.quotes)} quotations "
             f"({', '.join(f'{n} {k}' for k, n in counts.items())}).", "",
             "| system | P / R / F1 at 0.3 | P / R / F1 at 0.8 | speaker accuracy (0.3) | speaker accuracy (0.8) | "
             "recall direct / indirect / mixed (0.3) |",
             "|---|---|---|---|---|---|"]
    for system, by_threshold in results.items():
        low, high = by_threshold[0.3], by_threshold[0.8]
        lines.append(f"| {system} | {prf(low)} | {prf(high)} | {100 * low.speaker_accuracy:.1f} % | "
                     f"{100 * high.speaker_accuracy:.1f} % | "
                     f"{' / '.join(f'{100 * low.recall_by_kind[k]:.0f}' for k in KINDS)} |")
    return "\n".join(lines) + "\n"


def scores(gold: GoldSet, systems: dict[str, list[Prediction]]) -> dict[str, dict[float, Score]]:
    """Every system's score at both thresholds on `gold`'s articles."""
    return {name: {t: score(gold.quotes, [p for p in found if p.doc_id in gold.texts], t, set(gold.texts))
                   for t in THRESHOLDS} for name, found in systems.items()}


def halves(gold: GoldSet) -> dict[str, GoldSet]:
    """The two halves of a gold set (doc_ids in order, alternately): studied, and held out."""
    ids = sorted(gold.texts)
    out = {}
    for label, part in (("Half studied while writing rules", set(ids[0::2])),
                        ("Half held out (its errors never looked at)", set(ids[1::2]))):
        out[label] = GoldSet(f"{gold.name}, {label.split(' (')[0].lower()}", gold.articles_dir,
                             {d: t for d, t in gold.texts.items() if d in part},
                             [q for q in gold.quotes if q.doc_id in part])
    return out


def prf(s: Score) -> str:
    """Precision / recall / F1 in percent, F1 in bold."""
    return f"{100 * s.precision:.1f} / {100 * s.recall:.1f} / **{100 * s.f1:.1f}**"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--set", default="wikinews", help="gold file of eval/quotes/gold/ (wikinews, sample)")
    p.add_argument("--sfu", type=Path, help="checkout of sfu-discourse-lab/GenderGapTracker")
    p.add_argument("--getalp", type=Path, help="checkout of getalp/genderednews")
    p.add_argument("--models", default=shared_models())
    p.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "corpus-tools-eval-quotes")
    p.add_argument("--halves", action="store_true", help="also score the studied and held-out halves")
    p.add_argument("--reuse", action="store_true", help="reuse the peers' outputs of the last run in --work")
    p.add_argument("--results", type=Path, help="Markdown file for the table (default eval/quotes/results-SET.md)")
    args = p.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    gold = load_gold(args.set)
    label = models_label(args.models)
    systems = {f"corpus-tools ({label})": ours(gold, args.work, args.models)}
    if args.sfu:
        systems["SFU GGT (spaCy fr_core_news_md)"] = peer("sfu", args.sfu, gold, args.work, args.models, args.reuse)
    if args.getalp:
        systems[f"GETALP V2 ({label})"] = peer("getalp", args.getalp, gold, args.work, args.models, args.reuse)
    text = table(gold, scores(gold, systems))
    if args.halves:
        for label, half in halves(gold).items():
            text += f"\n{label}\n\n" + table(half, scores(half, systems))
    print(text)
    (args.results or ROOT / "eval" / "quotes" / f"results-{args.set}.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
