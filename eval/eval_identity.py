"""Identity measures of issue 21 (one entity, one actor) on the actor tables of a build, against gold.

For each evaluation set it builds a folder with the package (or reuses one) and prints, for the whole
set and, where the gold defines them, for its halves (tune / held-out):

- **top-100 precision**: of the 100 predicted actors with the most mentions, the share that are real
  (their mentions name a gold entity), rightly typed (the actor's type is one of the gold's types) and
  rightly named (its display name is one of the gold's acceptable names, case aside);
- **non-actor mentions**: the share of predicted mentions held by non-actors (an actor whose mentions
  name no gold entity, or a mention that is a gold "not actor" form such as a bare "République");
- **splits**: for each gold person, the share of its name mentions held by its main predicted actor;
  the share of persons at >= 95 %, and the split ones listed;
- **wrong merges**: predicted actors holding the names of two or more gold entities;
- **roles**: the share of gold role sentences whose role phrase ("le chef de l'État") is a mention
  resolved to the right person; roles the article never ties to a named holder are counted apart
  (right person / another gold person / unresolved).

    python eval/eval_identity.py                        # all sets: unseen, sample, heldout, heldout2
    python eval/eval_identity.py --sets unseen --keep /tmp/builds   # keep the builds: a later run redoes only what changed

How gold and prediction meet: every gold form is found in `documents.text` (a gold occurrence); each
predicted mention goes to the occurrence it overlaps best (character Jaccard; entity names before role
phrases before not-actor forms on ties); a predicted actor maps to the gold entity most of its
matched name mentions point to.  Role phrases and not-actor forms never make an actor real.

The unseen set's gold (eval/actors/unseen/gold.yaml) has types, display names, not-actor forms, role
sentences and halves; the older golds (eval/actors/gold.yaml, heldout, heldout2) have forms only, and
leave places used as places out and descriptions unannotated, so on them predicted actors of type
`place`, collective descriptions ("l'armée française": method `collective`) and role descriptions
(`kind` title) are left out (as eval/eval_actors.py does), splits are over all gold actors, and type,
name and role measures are n/a.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval.eval_actors import build_corpus  # noqa: E402

try:
    from eval.models import shared_models  # noqa: E402
except ImportError:  # the models helper of the issue-21 switch, when this branch runs without it
    import os

    def shared_models() -> str | None:
        for candidate in (os.environ.get("STANZA_RESOURCES_DIR"), ROOT.parent / "shared" / "stanza_resources_medium",
                          ROOT.parent / "shared" / "stanza_resources"):
            if candidate and (Path(candidate) / "resources.json").is_file():
                return str(candidate)
        return None

SETS = {
    "unseen": (ROOT / "eval" / "actors" / "unseen" / "articles", ROOT / "eval" / "actors" / "unseen" / "gold.yaml"),
    "sample": (ROOT / "data" / "raw", ROOT / "eval" / "actors" / "gold.yaml"),
    "heldout": (ROOT / "eval" / "actors" / "heldout" / "articles", ROOT / "eval" / "actors" / "heldout" / "gold.yaml"),
    "heldout2": (ROOT / "eval" / "actors" / "heldout2" / "articles",
                 ROOT / "eval" / "actors" / "heldout2" / "gold.yaml"),
}
TOP = 100
SPLIT_OK = 0.95


# ---------------------------------------------------------------- gold

@dataclass
class Gold:
    forms: dict[str, dict[str, list[str]]]             # doc -> gold id -> forms as written
    meta: dict[str, dict] | None = None                  # gold id -> type(s), names, country (unseen only)
    not_actors: dict[str, list[str]] = field(default_factory=dict)
    roles: list[dict] = field(default_factory=list)
    halves: dict[str, list[str]] = field(default_factory=dict)

    @property
    def typed(self) -> bool:
        return self.meta is not None

    def types(self, g: str) -> list[str]:
        t = self.meta[g]["type"]
        return t if isinstance(t, list) else [t]

    def names(self, g: str) -> set[str]:
        m = self.meta[g]
        return {name_key(n) for n in [m["name"], *m.get("names", [])]}

    def persons(self) -> list[str]:
        if not self.typed:
            return sorted({g for d in self.forms.values() for g in d})
        return sorted(g for g in self.meta if "person" in self.types(g))


def load_gold(path: Path) -> Gold:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Gold(forms=data["documents"], meta=data.get("actors"), not_actors=data.get("not_actors") or {},
                roles=data.get("roles") or [], halves=data.get("halves") or {})


def name_key(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s).replace("’", "'").casefold().split())


def fold_chars(text: str) -> str:
    """Case and accents folded one character for one, so offsets stay those of the text."""
    return "".join((unicodedata.normalize("NFD", c)[:1] or c).casefold()[:1] or c for c in text)


def form_regex(form: str, bounded: bool = True) -> str:
    words = [re.sub(r"['’]", "['’]", re.escape(w)) for w in form.split()]
    body = r"\s+".join(words)
    return r"(?<!\w)" + body + r"(?!\w)" if bounded else body


# ---------------------------------------------------------------- occurrences

@dataclass
class Occ:
    doc: str
    start: int
    end: int
    kind: str            # entity, role or not
    gold: str | None     # gold id (entity) or person (role)
    role: int | None = None


def find(text: str, form: str, folded: bool) -> list[tuple[int, int]]:
    if folded:
        return [m.span() for m in re.finditer(form_regex(fold_chars(form)), fold_chars(text))]
    return [m.span() for m in re.finditer(form_regex(form), text)]


def occurrences(gold: Gold, texts: dict[str, str]) -> tuple[list[Occ], list[str]]:
    """Gold occurrences in the build's texts, and problems (forms or role sentences not found)."""
    occs, problems, folded = [], [], not gold.typed
    for doc, golds in gold.forms.items():
        text = texts.get(doc)
        if text is None:
            problems.append(f"{doc}: not in the build")
            continue
        for g, forms in golds.items():
            for form in forms:
                m = re.fullmatch(r"(.*)@(\d+)", form)
                spans = find(text, m.group(1) if m else form, folded)
                if m:
                    k = int(m.group(2))
                    spans = spans[k - 1:k]
                if not spans:
                    problems.append(f"{doc}: form {form!r} of {g} not found")
                occs += [Occ(doc, s, e, "entity", g) for s, e in spans]
        for form in gold.not_actors.get(doc, []):
            occs += [Occ(doc, s, e, "not", None) for s, e in find(text, form, folded)]
    for i, r in enumerate(gold.roles):
        text = texts.get(r["doc"], "")
        sents = [m.span() for m in re.finditer(form_regex(r["sentence"], bounded=False), text)]
        k = r.get("occurrence", 1)
        if len(sents) < k:
            problems.append(f"{r['doc']}: role sentence not found: {r['sentence'][:60]!r}")
            continue
        s0, s1 = sents[k - 1]
        spans = [m.span() for m in re.finditer(form_regex(r["role"], bounded=False), text[s0:s1])]
        n = r.get("nth", 1)
        if len(spans) < n:
            problems.append(f"{r['doc']}: role {r['role']!r} not in its sentence")
            continue
        occs.append(Occ(r["doc"], s0 + spans[n - 1][0], s0 + spans[n - 1][1], "role", r["person"], i))
    return occs, problems


def best_match(mentions: pd.DataFrame, occs: list[Occ]) -> list[Occ | None]:
    """The gold occurrence each mention matches best, or None.

    A mention matches an occurrence it overlaps when one holds the other and, if the mention is the
    smaller, it is a cut of the name at its start or end ("Macron", "Jean-Yves" of "Jean-Yves Le Drian",
    "Nations" of "Nations Unies"; not "Europe" inside "ministère de l'Europe et des affaires
    étrangères"), or when they overlap by half their union.  A demonym or capital mention (kind
    `demonym`) matches only an occurrence of exactly its span: "française" in "l'armée française" is a
    mention of France, "Téhéran" standing for Iran a form of Iran; a role-title mention (kind `title`)
    matches only role phrases, so "secrétaire général de l'ONU" never names the ONU.  Best: the largest character
    Jaccard; entity names before role phrases before not-actor forms on ties."""
    by_doc = defaultdict(list)
    for o in occs:
        by_doc[o.doc].append(o)
    rank = {"entity": 0, "role": 1, "not": 2}
    out = []
    for doc, s, e, kind in zip(mentions["doc_id"], mentions["start_char"], mentions["end_char"], mentions["kind"]):
        best, key = None, None
        for o in by_doc.get(doc, ()):
            inter = min(e, o.end) - max(s, o.start)
            if inter <= 0:
                continue
            jac = inter / (max(e, o.end) - min(s, o.start))
            if kind == "demonym" and (s, e) != (o.start, o.end):
                continue
            if kind == "title" and o.kind != "role":
                continue
            inside = o.start <= s and e <= o.end
            cut = inside and (s == o.start or e == o.end)
            if not (cut or (s <= o.start and o.end <= e) or jac >= 0.5):
                continue
            k = (-jac, rank[o.kind])
            if key is None or k < key:
                best, key = o, k
        out.append(best)
    return out


# ---------------------------------------------------------------- scoring

@dataclass
class Result:
    title: str
    n_docs: int
    n_mentions: int
    top: pd.DataFrame                        # the top actors with real / typed / named flags
    non_actor_share: float
    non_actors: pd.DataFrame                 # actor, n, examples
    splits: pd.DataFrame                     # gold, n, main, share, actors
    merges: list[tuple[str, dict]]
    roles: pd.DataFrame                      # role index, doc, role, person, named, verdict, predicted
    missed: int                              # gold entity occurrences no mention matches
    n_occ: int
    missed_by: pd.DataFrame = None           # gold type, n missed, examples


def score(title: str, gold: Gold, docs: list[str], mentions: pd.DataFrame, actors: pd.DataFrame,
          occs: list[Occ]) -> Result:
    docs_set = set(docs)
    m = mentions[mentions["doc_id"].isin(docs_set)].reset_index(drop=True)
    occs = [o for o in occs if o.doc in docs_set]
    types = actors.set_index("actor_id")["type"].to_dict()
    display = actors.set_index("actor_id")["name"].to_dict()
    if not gold.typed:   # older golds leave places used as places out, and descriptions unannotated
        described = (m["method"] == "collective") | (m["kind"] == "title")
        m = m[(m["actor_id"].map(types) != "place") & ~described].reset_index(drop=True)
    match = best_match(m, occs)
    m["occ_kind"] = [o.kind if o else None for o in match]
    m["occ_gold"] = [o.gold if o else None for o in match]
    ent = m[m["occ_kind"] == "entity"]
    per_actor = ent.groupby("actor_id")["occ_gold"].agg(lambda s: Counter(s))
    mapped = {a: c.most_common(1)[0][0] for a, c in per_actor.items()}

    # top actors by mentions (all kinds)
    counts = m.groupby("actor_id").size().sort_values(ascending=False, kind="stable")
    counts = counts.reset_index(name="n").sort_values(["n", "actor_id"], ascending=[False, True]).head(TOP)
    rows = []
    for a, n in zip(counts["actor_id"], counts["n"]):
        g = mapped.get(a)
        row = {"actor": a, "name": display.get(a), "type": types.get(a), "n": n, "gold": g, "real": g is not None}
        if gold.typed:
            row["typed"] = g is not None and types.get(a) in gold.types(g)
            row["named"] = g is not None and name_key(display.get(a) or "") in gold.names(g)
            row["ok"] = row["real"] and row["typed"] and row["named"]
        else:
            row["ok"] = row["real"]
        rows.append(row)
    top = pd.DataFrame(rows)

    # non-actor mentions
    non = (m["occ_kind"] == "not") | ~m["actor_id"].isin(mapped)
    na = (m[non].groupby("actor_id").agg(n=("text", "size"), examples=("text", lambda s: ", ".join(sorted(set(s))[:4])))
          .reset_index().sort_values(["n", "actor_id"], ascending=[False, True]))

    # splits
    srows = []
    for g in gold.persons():
        c = Counter(ent.loc[ent["occ_gold"] == g, "actor_id"])
        if not c:
            continue
        main, k = c.most_common(1)[0]
        srows.append({"gold": g, "n": sum(c.values()), "main": main, "share": k / sum(c.values()),
                      "actors": ", ".join(f"{a} {v}" for a, v in c.most_common())})
    splits = pd.DataFrame(srows, columns=["gold", "n", "main", "share", "actors"])

    merges = sorted(((a, dict(c)) for a, c in per_actor.items() if len(c) > 1), key=lambda x: -sum(x[1].values()))

    # roles
    rrows = []
    role_occs = [o for o in occs if o.kind == "role"]
    for o in role_occs:
        r = gold.roles[o.role]
        over = m[(m["doc_id"] == o.doc) & (m["start_char"] < o.end) & (m["end_char"] > o.start)]
        preds = [(a, mapped.get(a), display.get(a)) for a in over["actor_id"]]
        names = gold.names(r["person"]) if gold.typed else set()
        right = any(g == r["person"] or name_key(d or "") in names for _, g, d in preds)
        persons = set(gold.persons())
        wrong = [a for a, g, d in preds if g in persons and g != r["person"]]
        verdict = "right" if right else "wrong person" if wrong else "unresolved"
        rrows.append({"doc": o.doc, "role": r["role"], "person": r["person"], "named": r.get("named", True),
                      "verdict": verdict, "predicted": ", ".join(a for a, _, _ in preds) or "-"})
    roles = pd.DataFrame(rrows, columns=["doc", "role", "person", "named", "verdict", "predicted"])

    ent_occs = [o for o in occs if o.kind == "entity"]
    hit = set()
    for o in match:
        if o is not None:
            hit.add(id(o))
    # a gold name is found when a mention matches it, or it lies inside a found name ("Niger" in "République du Niger")
    found = [o for o in ent_occs if id(o) in hit]
    lost = [o for o in ent_occs if id(o) not in hit
            and not any(f.doc == o.doc and f.start <= o.start and o.end <= f.end for f in found)]
    rows_missed = defaultdict(list)
    for o in lost:
        t = gold.types(o.gold)[0] if gold.typed else "-"
        rows_missed[t].append(o.gold)
    missed_by = pd.DataFrame([{"gold type": t, "missed": len(gs),
                               "entities": ", ".join(f"{g} {n}" for g, n in Counter(gs).most_common(8))}
                              for t, gs in sorted(rows_missed.items(), key=lambda x: -len(x[1]))])
    return Result(title, len(docs_set), len(m), top, float(non.mean()) if len(m) else 0.0, na, splits, merges, roles,
                  len(lost), len(ent_occs), missed_by)


def pct(x: float) -> str:
    return f"{100 * x:.1f} %"


def summary_row(r: Result, typed: bool) -> dict:
    t = r.top
    row = {"set": r.title, "docs": r.n_docs, "mentions": r.n_mentions, "top": len(t),
           "top-100 ok": pct(t["ok"].mean()) if len(t) else "-", "real": pct(t["real"].mean()) if len(t) else "-"}
    if typed:
        real = t[t["real"]]
        row["typed (of real)"] = pct(real["typed"].mean()) if len(real) else "-"
        row["named (of real)"] = pct(real["named"].mean()) if len(real) else "-"
    row["non-actor mentions"] = pct(r.non_actor_share)
    s = r.splits
    ok = s["share"] >= SPLIT_OK
    split_cell = f"{pct(ok.mean())} ({int(ok.sum())}/{len(s)})" if len(s) else "-"
    row["persons >=95 % (older sets: all gold actors)"] = split_cell
    row["wrong merges"] = len(r.merges)
    if typed:
        named = r.roles[r.roles["named"]]
        row["roles right"] = (f"{pct((named['verdict'] == 'right').mean())} ({int((named['verdict'] == 'right').sum())}"
                              f"/{len(named)})") if len(named) else "-"
        un = r.roles[~r.roles["named"]]
        row["unnamed roles: right / wrong / unresolved"] = (
            f"{int((un['verdict'] == 'right').sum())} / {int((un['verdict'] == 'wrong person').sum())} / "
            f"{int((un['verdict'] == 'unresolved').sum())}") if len(un) else "-"
    row["gold names not found"] = f"{r.missed}/{r.n_occ}"
    return row


def table(df: pd.DataFrame) -> str:
    """A Markdown table."""
    if df.empty:
        return "(none)"
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for _, row in df.iterrows():
        lines.append("| " + " | ".join(str(row[c]).replace("|", "/") for c in cols) + " |")
    return "\n".join(lines)


def details(r: Result, typed: bool) -> str:
    out = [f"### {r.title}: details", ""]
    bad = r.top[~r.top["ok"]].copy()
    if typed:
        bad["why"] = [("not real" if not x.real
                       else ", ".join(w for w, f in (("type", not x.typed), ("name", not x.named)) if f))
                      for x in bad.itertuples()]
        cols = ["actor", "name", "type", "n", "gold", "why"]
    else:
        cols = ["actor", "name", "type", "n"]
    out += [f"Top-{TOP} actors that fail ({len(bad)} of {len(r.top)}):", "", table(bad[cols]), ""]
    out += ["Actors holding non-actor mentions (most mentions first):", "", table(r.non_actors.head(30)), ""]
    split = r.splits[r.splits["share"] < SPLIT_OK]
    out += [f"Split {'persons' if typed else 'gold actors'} (< 95 % in their main actor):", "",
            table(split.assign(share=split["share"].map(pct))), ""]
    out += ["Wrong merges (predicted actor <- gold entities, with mentions):", ""]
    out += [f"- `{a}` <- " + ", ".join(f"{g} {n}" for g, n in sorted(c.items(), key=lambda x: -x[1]))
            for a, c in r.merges] or ["(none)"]
    out.append("")
    if typed and len(r.roles):
        out += ["Role sentences not resolved to their person:", "",
                table(r.roles[r.roles["verdict"] != "right"]), ""]
    out += ["Gold names no predicted mention matches (lower-case collective actors included), by gold type:", "",
            table(r.missed_by), ""]
    if typed:
        shouted = r.top[[any(w.isupper() and len(w) > 2 and w.isalpha() for w in str(n).split())
                         and not str(n).isupper() for n in r.top["name"]]]
        out += [f"Top-{TOP} display names with a shouted word (accepted, case aside): "
                + (", ".join(f"{a} '{n}'" for a, n in zip(shouted["actor"], shouted["name"])) or "none"), ""]
    return "\n".join(out)


# ---------------------------------------------------------------- driver

def build_tables(name: str, corpus: Path, keep: Path | None, tmp: Path, models: str | None) -> Path:
    """Build `corpus` into `keep/name` (or a temporary folder).  A kept build is built again, not read
    as it is: the build is incremental, so only what the code or models changed is redone, and a
    build left by older code is never scored as today's."""
    return build_corpus(corpus, (keep or tmp) / name, models)


def evaluate(name: str, tables: Path, gold_path: Path, part: str = "all") -> tuple[list[dict], str, list[str]]:
    gold = load_gold(gold_path)
    documents = pd.read_parquet(tables / "documents.parquet")
    mentions = pd.read_parquet(tables / "mentions.parquet")
    actors = pd.read_parquet(tables / "actors.parquet")
    texts = dict(zip(documents["doc_id"], documents["text"]))
    occs, problems = occurrences(gold, texts)
    parts = [(name, sorted(gold.forms))] + [(f"{name} / {h}", docs) for h, docs in gold.halves.items()]
    results = [score(title, gold, docs, mentions, actors, occs) for title, docs in parts]
    rows = [summary_row(r, gold.typed) for r in results]
    # Rules are tuned on the tune half alone: `part="tune"` shows its details, never the held-out half's.
    shown = [r for r in results if r.title == f"{name} / {part}"] or results[:1]
    text = "\n".join(details(r, gold.typed) for r in shown)
    if gold.typed and len(results) > 1:
        by_source = []
        for prefix, label in (("wn_", "Wikinews 2012"), ("fr_", "French government 2020"),
                              ("sn_", "Senegal government 2024")):
            docs = [d for d in gold.forms if d.startswith(prefix)]
            if docs:
                by_source.append(summary_row(score(f"{name} / {label}", gold, docs, mentions, actors, occs), True))
        text += "\n### By source\n\n" + table(pd.DataFrame(by_source)) + "\n"
    return rows, text, problems


def removed_lines(tables: Path, problems: list[str]) -> str:
    """What the text stage removed from the documents where gold forms went missing (removed.parquet)."""
    path = tables / "removed.parquet"
    if not path.is_file():
        return ""
    removed = pd.read_parquet(path)
    docs = sorted({p.split(":")[0] for p in problems})
    rows = removed[removed["doc_id"].isin(docs)].groupby(["doc_id", "rule"]).size().reset_index(name="lines removed")
    return "Lines the text stage removed from those documents (tables/removed.parquet):\n\n" + table(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=list(SETS), choices=list(SETS),
                        help="sets to score (default: all)")
    parser.add_argument("--models", default=shared_models(), help="Stanza resources folder for the builds "
                        "(default: $STANZA_RESOURCES_DIR, else ../shared/stanza_resources_medium)")
    parser.add_argument("--keep", type=Path,
                        help="build into this folder (one subfolder per set); a later run rebuilds there incrementally")
    parser.add_argument("--details", action="store_true", help="also print the details of the older sets")
    parser.add_argument("--details-of", default="all", choices=("all", "tune"),
                        help="whose details to print for a set with halves: the whole set, or the tune half only "
                             "(while rules are being tuned: the held-out half stays unseen)")
    args = parser.parse_args(argv)
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "corpus_tools"], capture_output=True,
                           text=True).stdout.strip()
    print(f"# Identity measures (issue 21)\n\ncode: {commit}"
          f"{' + uncommitted changes in corpus_tools/' if dirty else ''}; "
          f"models: {args.models}\n")
    rows_all, texts = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.sets:
            corpus, gold_path = SETS[name]
            tables = build_tables(name, corpus, args.keep, Path(tmp), args.models)
            rows, text, problems = evaluate(name, tables, gold_path, args.details_of)
            rows_all += rows
            if name == "unseen" or args.details:
                texts.append(text)
            if problems:
                texts.append(f"### {name}: gold forms not found in the build's texts ({len(problems)})\n\n"
                             + "\n".join(f"- {p}" for p in problems) + "\n\n" + removed_lines(tables, problems))
    summary = pd.DataFrame(rows_all).fillna("n/a")
    print("## Summary\n")
    print(table(summary))
    print("\nOlder sets: forms only (no types, names or roles: n/a); their predicted `place` actors, collective and role"
          " descriptions are left out, and their splits are over all gold actors.\n")
    for t in texts:
        print(t)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
