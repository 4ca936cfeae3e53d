"""Evaluate the text stage against gold files: line removal precision/recall and metadata accuracy.

    python eval/eval_text.py [eval/gold/sample.yaml ...] [--no-outlet-profiles]

A gold file names a corpus folder and, per document, the expected metadata and
the 1-based numbers of its boilerplate lines (every other non-empty line is
article text), or `present`/`absent` snippets for multi-article files; and,
optionally, the entries that are not articles (`skipped`: export cover pages,
result lists).  Line removal is scored per non-empty line: a line counts as
removed when a `removed` span starts inside it.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus_tools.text import Prepared, Skipped, prepare  # noqa: E402
from corpus_tools.text.decode import decode  # noqa: E402

GOLD = [ROOT / "eval" / "gold" / "sample.yaml", ROOT / "eval" / "gold" / "fixtures.yaml"]
FIELDS = ("title", "date", "updated", "author", "section", "dateline", "wire", "source", "lang",
          "duplicate_of", "repairs")


@dataclass
class Report:
    gold: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    lost: list[str] = field(default_factory=list)      # article lines removed or missing from documents.text
    leaked: list[str] = field(default_factory=list)    # boilerplate lines kept
    fields: dict[str, list[bool]] = field(default_factory=dict)
    wrong: list[str] = field(default_factory=list)
    skips: tuple[int, int, int] | None = None          # (expected skips found, expected, other skips)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def accuracy(self, name: str) -> float:
        hits = self.fields.get(name, [])
        return sum(hits) / len(hits) if hits else float("nan")

    def lines(self) -> list[str]:
        out = [f"== {self.gold}",
               f"line removal: precision {self.precision:.3f}  recall {self.recall:.3f}  "
               f"(tp {self.tp}, fp {self.fp}, fn {self.fn})",
               f"article lines lost: {len(self.lost)}   boilerplate lines kept: {len(self.leaked)}"]
        out += [f"  lost:   {t[:100]}" for t in self.lost] + [f"  leaked: {t[:100]}" for t in self.leaked]
        out.append("metadata accuracy: " + "  ".join(
            f"{f} {self.accuracy(f):.2f} ({len(self.fields[f])})" for f in FIELDS if f in self.fields))
        out += [f"  wrong: {w}" for w in self.wrong]
        if self.skips:
            found, expected, other = self.skips
            out.append(f"pages that are not articles: {found} of {expected} skipped; other skips: {other}")
        return out


def evaluate(gold_path: str | Path, outlet_profiles: bool = True) -> Report:
    gold = yaml.safe_load(Path(gold_path).read_text(encoding="utf-8"))
    corpus = ROOT / gold["corpus"]
    items = list(prepare(corpus, builtin_outlets=outlet_profiles))
    prepared = {p.document["doc_id"]: p for p in items if isinstance(p, Prepared)}
    report = Report(str(Path(gold_path).relative_to(ROOT)) + ("" if outlet_profiles else " (no outlet profiles)"))
    for entry in gold["documents"]:
        doc_id = entry["doc_id"]
        if doc_id not in prepared:
            report.wrong.append(f"{doc_id}: not produced")
            continue
        item = prepared[doc_id]
        if "boilerplate" in entry:
            score_lines(report, corpus / item.document["path"], item, set(entry["boilerplate"]))
        text = item.document["text"]
        report.lost += [f"{doc_id}: {s}" for s in entry.get("present", []) if s not in text]
        report.leaked += [f"{doc_id}: {s}" for s in entry.get("absent", []) if s in text]
        for name in FIELDS:
            if name in entry and (outlet_profiles or name != "source"):
                ok = item.document.get(name) == entry[name]
                report.fields.setdefault(name, []).append(ok)
                if not ok:
                    report.wrong.append(f"{doc_id}.{name}: got {item.document.get(name)!r}, want {entry[name]!r}")
    if "skipped" in gold:
        skipped = {s.path for s in items if isinstance(s, Skipped)}
        expected = set(gold["skipped"])
        report.skips = (len(expected & skipped), len(expected), len(skipped - expected))
        report.wrong += [f"not skipped: {p}" for p in sorted(expected - skipped)]
        report.wrong += [f"skipped, not expected: {p}" for p in sorted(skipped - expected)]
    return report


def score_lines(report: Report, path: Path, item: Prepared, boilerplate: set[int]) -> None:
    raw = decode(path.read_bytes()).text
    starts = sorted(r["start_char"] for r in item.removed)
    text = item.document["text"]
    pos = 0
    for number, line in enumerate(raw.splitlines(keepends=True), start=1):
        begin, end = pos, pos + len(line)
        pos = end
        if not line.strip():
            continue
        removed = any(begin <= s < end for s in starts)
        is_bp = number in boilerplate
        report.tp += removed and is_bp
        report.fp += removed and not is_bp
        report.fn += is_bp and not removed
        label = f"{item.document['doc_id']}:{number}: {line.strip()}"
        if is_bp and not removed:
            report.leaked.append(label)
        if not is_bp and (removed or line.strip() not in text):
            report.lost.append(label)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", type=Path, default=GOLD)
    parser.add_argument("--no-outlet-profiles", action="store_true",
                        help="ignore the built-in outlet registry: measure the general rules alone")
    args = parser.parse_args(argv)
    for path in args.gold:
        print("\n".join(evaluate(path.resolve(), not args.no_outlet_profiles).lines()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
