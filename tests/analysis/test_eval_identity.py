"""The identity evaluation of issue 21 (eval/eval_identity.py): its unseen gold reads and holds together,
and its scoring counts what it says, on tables written here (no model)."""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from eval import eval_identity as ei  # noqa: E402

UNSEEN = Path(__file__).resolve().parents[2] / "eval" / "actors" / "unseen"


def test_the_unseen_gold_holds_together():
    gold = ei.load_gold(UNSEEN / "gold.yaml")
    docs = {p.stem for p in (UNSEEN / "articles").glob("*.txt")}
    assert set(gold.forms) == docs and len(docs) >= 30
    assert sorted(gold.halves["tune"] + gold.halves["heldout"]) == sorted(docs)
    used = {g for d in gold.forms.values() for g in d} | {r["person"] for r in gold.roles}
    assert used == set(gold.meta)
    kinds = {"person", "organisation", "country", "government", "armed group", "military", "media", "place",
             "event", "other"}
    assert all(set(gold.types(g)) <= kinds for g in gold.meta)
    assert all("person" in gold.types(r["person"]) for r in gold.roles)
    texts = {d: (UNSEEN / "articles" / f"{d}.txt").read_text(encoding="utf-8") for d in docs}
    _, problems = ei.occurrences(gold, texts)      # every form and role sentence is in its article
    assert problems == []


def test_scores_count_what_they_say():
    text = ("Le président Jean Dupont a vu la République. Le chef de l'État, M. Dupont, a parlé aux Ruritaniens. "
            "La Ruritanie attend.")
    gold = ei.Gold(forms={"d": {"dupont": ["Jean Dupont", "Dupont"], "ruritanie": ["Ruritanie"]}},
                   meta={"dupont": {"type": "person", "name": "Jean Dupont"},
                         "ruritanie": {"type": "country", "name": "Ruritanie"}},
                   not_actors={"d": ["République"]},
                   roles=[{"doc": "d", "sentence": "Le chef de l'État, M. Dupont, a parlé aux Ruritaniens.",
                           "role": "Le chef de l'État", "person": "dupont"}])
    rows = [("Jean Dupont", "jean-dupont", "name"), ("République", "republique", "name"), ("État", "etat", "name"),
            ("Dupont", "dupont", "name"), ("Ruritaniens", "ruritanie", "demonym"), ("Ruritanie", "ruritanie", "name")]
    after = {"Dupont": "M. ", "Ruritanie": "La "}    # the second "Dupont", the name (not the demonym)
    starts = [text.index(t, text.index(after[t]) if t in after else 0) for t, _, _ in rows]
    mentions = pd.DataFrame({"doc_id": "d", "start_char": starts, "end_char": [s + len(t) for s, (t, _, _) in
                                                                                zip(starts, rows)],
                             "text": [t for t, _, _ in rows], "actor_id": [a for _, a, _ in rows],
                             "kind": [k for _, _, k in rows]})
    actors = pd.DataFrame({"actor_id": ["jean-dupont", "republique", "etat", "dupont", "ruritanie"],
                           "name": ["Jean Dupont", "République", "État", "Dupont", "Ruritanie"],
                           "type": ["person", "place", "place", "organisation", "country"]})
    occs, problems = ei.occurrences(gold, {"d": text})
    assert problems == []
    r = ei.score("t", gold, ["d"], mentions, actors, occs)
    top = r.top.set_index("actor")
    assert set(top.index[top["real"]]) == {"jean-dupont", "dupont", "ruritanie"}   # République, État name no entity
    assert set(top.index[top["ok"]]) == {"jean-dupont", "ruritanie"}                # "Dupont": an organisation
    assert r.non_actor_share == 2 / 6          # République (a not-actor form), État (an actor naming nothing)
    assert r.splits.set_index("gold").loc["dupont", "share"] == 0.5
    assert r.merges == []                      # the demonym counts for its country, nothing else
    assert list(r.roles["verdict"]) == ["unresolved"]                               # "État" is no mention of Dupont
