"""Collective actors written in lower case, and actors' types and display names, on sentences written
for these tests, built through the real models and the ordinary build (one small corpus, built once)."""
from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest

from corpus_tools import actors
from corpus_tools.actors import collectives, naming
from corpus_tools.actors.normalize import normalize_name
from corpus_tools.actors.registry import TYPES
from corpus_tools.fold import fold
from corpus_tools.nlp.parse import Token

ARTICLES = {
    "retrait": "Retrait des soldats\n\nL'armée française a quitté la base de Ménaka en mars. Les troupes françaises "
               "étaient arrivées en 2014, et les forces françaises restent au Tchad. Des militaires français ont "
               "encadré le départ. Les forces spéciales ont quitté la zone la veille, et les forces de sécurité ont "
               "bouclé la route.\n",
    "ambassade": "Niamey rappelle son ambassadeur\n\nLes autorités nigériennes ont demandé le départ de l'ambassadeur. "
                 "Le gouvernement du Niger a fixé un délai de quarante-huit heures. L'ambassade de France a fermé ses "
                 "portes, et le ministère français des Affaires étrangères a publié un communiqué. Le ministère "
                 "nigérien de la Défense n'a pas réagi.\n",
    "defense": "Accord de défense\n\nLes Forces armées tchadiennes (FAT) ont reçu des blindés. Selon l'armée "
               "tchadienne, la FAT compte désormais dix bataillons. Les autorités de N'Djamena ont salué l'accord, "
               "tout comme l'Armée Djiboutienne au Soudan.\n",
    "escale": "Escale au port\n\nLe cargo a quitté Le Havre mardi soir. Au Havre, les dockers étaient en grève depuis "
              "une semaine.\n",
    "mission": "Fin de mission\n\nL'opération Serval a été lancée en janvier 2013. Pendant l'opération Serval, Paris a "
               "engagé quatre mille hommes. Serval a ensuite laissé la place à une autre mission.\n",
    "medias": "Un quotidien suspendu\n\nLe quotidien Ouest Express a été suspendu pour un mois. Le journal Ouest "
              "Express conteste la décision.\n",
    "village": "Village attaqué\n\nLe groupe armé Katiba Kanouri a attaqué un village. Selon un élu, Katiba Kanouri "
               "compte deux cents hommes.\n",
}


@pytest.fixture(scope="module")
def tables(tmp_path_factory, models_dir):
    """mentions, actors and merges of the articles above, built once."""
    from corpus_tools.pipeline import BuildConfig, build
    root = tmp_path_factory.mktemp("collectives")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / f"{name}.txt").write_text(text, encoding="utf-8")
    build(BuildConfig(corpus=corpus, out=root / "build", models_dir=models_dir, progress=False))
    return {name: pd.read_parquet(root / "build" / "tables" / f"{name}.parquet")
            for name in ("mentions", "actors", "merges", "labels")}


def actor(tables, text: str) -> pd.Series:
    """The actors row of the one actor the mentions written `text` name."""
    ids = set(tables["mentions"].loc[tables["mentions"]["text"] == text, "actor_id"])
    assert len(ids) == 1, (text, ids)
    return tables["actors"].set_index("actor_id").loc[ids.pop()]


def mentions_in(tables, doc_id: str) -> pd.DataFrame:
    m = tables["mentions"]
    return m[m["doc_id"] == doc_id]


# --- collectives ---------------------------------------------------------------------------------

def test_the_nouns_of_a_group_name_one_actor_of_the_country(tables):
    """Army, troops, forces, soldiers of France: one actor, France's military, apart from France."""
    forms = ["armée française", "troupes françaises", "forces françaises", "militaires français"]
    rows = [actor(tables, f) for f in forms]
    assert {r.name for r in rows} == {"armee-francaise"}
    assert (rows[0]["name"], rows[0]["type"], rows[0]["country"]) == ("Armée française", "military", "france")
    m = tables["mentions"]
    assert set(m.loc[m["text"].isin(forms), "method"]) == {"collective"}
    assert set(m.loc[m["text"].isin(forms), "kind"]) == {"name"}


def test_forces_without_a_country_are_no_actor(tables):
    texts = " | ".join(mentions_in(tables, "retrait")["text"])
    assert "spéciales" not in texts and "sécurité" not in texts


def test_the_words_inside_a_collective_are_no_mentions_of_their_own(tables):
    """The demonym in "l'armée française" is no France demonym mention; "France" in "l'ambassade de
    France" is no mention of France."""
    m = tables["mentions"]
    for doc_id, group in m.groupby("doc_id"):
        spans = group.loc[group["method"] == "collective", ["start_char", "end_char"]].itertuples(index=False)
        for s, e in spans:
            inside = group[(group["start_char"] < e) & (group["end_char"] > s)]
            assert len(inside) == 1, inside
    assert not ((m["actor_id"] == "france") & m["doc_id"].isin(["retrait", "ambassade"])).any()


def test_a_government_named_by_demonym_country_or_capital(tables):
    niger = actor(tables, "autorités nigériennes")
    assert niger.name == actor(tables, "gouvernement du Niger").name
    assert (niger["name"], niger["type"], niger["country"]) == ("Gouvernement nigérien", "government", "niger")
    chad = actor(tables, "autorités de N'Djamena")
    assert (chad["name"], chad["country"]) == ("Gouvernement tchadien", "tchad")


def test_embassies_and_ministries_are_actors_of_their_country(tables):
    embassy = actor(tables, "ambassade de France")
    assert (embassy["name"], embassy["type"], embassy["country"]) == ("Ambassade de France", "government", "france")
    paris = actor(tables, "ministère français des Affaires étrangères")
    niamey = actor(tables, "ministère nigérien de la Défense")
    assert paris.name != niamey.name
    assert (paris["name"], paris["country"]) == ("Ministère français des Affaires étrangères", "france")
    assert (niamey["type"], niamey["country"]) == ("government", "niger")


def test_a_capitalised_collective_and_its_acronym_are_the_actor(tables):
    chad = actor(tables, "armée tchadienne")
    assert chad.name == actor(tables, "Forces armées tchadiennes").name == actor(tables, "FAT").name
    assert (chad["name"], chad["country"]) == ("Armée tchadienne", "tchad")
    djibouti = actor(tables, "Armée Djiboutienne")
    assert (djibouti["name"], djibouti["country"]) == ("Armée djiboutienne", "djibouti")
    # "l'Armée Djiboutienne au Soudan", one name for the NER: Soudan stays a name of its own.
    assert actor(tables, "Soudan").name == "soudan"


def test_merges_show_each_collective_join_and_its_rule(tables):
    merges = tables["merges"][tables["merges"]["rule"] == "collective"]
    m = tables["mentions"]
    for r in m[m["method"] == "collective"].itertuples():
        row = merges[(merges["actor_id"] == r.actor_id) & (merges["variant"] == r.text)]
        assert len(row) == 1, r.text
        assert r.text.split()[0] in row["evidence"].iloc[0]
    assert "the demonym 'françaises'" in merges.loc[merges["variant"] == "troupes françaises", "evidence"].iloc[0]
    assert "naming its capital" in merges.loc[merges["variant"] == "autorités de N'Djamena", "evidence"].iloc[0]


def test_collectives_in_a_user_registry_are_the_registry_actor(tmp_path):
    registry_file = tmp_path / "mine.yaml"
    registry_file.write_text("actors:\n  - id: armee-de-terre\n    name: Armée de terre française\n"
                             "    type: military\n    aliases: [armée française]\n", encoding="utf-8")
    registry = actors.load_registry([registry_file], use_default=False)
    text = "L'armée française recrute."
    words = [("L'", "DET"), ("armée", "NOUN"), ("française", "ADJ"), ("recrute", "VERB"), (".", "PUNCT")]
    tokens, at = [], 0
    for i, (word, upos) in enumerate(words, 1):
        start = text.index(word, at)
        at = start + len(word)
        tokens.append(("x", 0, i, word, word, upos, 0, "dep", start, at))
    found = collectives.with_collectives(text, [Token(*t) for t in tokens], [], registry)
    assert [(c.text, c.ref, c.stands_for) for c in found] == [("armée française", "armee-de-terre", None)]


def test_a_collectives_own_noun_is_no_label_of_it(tables):
    """"l'armée française": "armée" is the actor's name, not a label the text gives it."""
    a, labels = tables["actors"], tables["labels"]
    ids = set(a.loc[a["country"].notna(), "actor_id"])
    nouns = {n for group in collectives.GROUPS.values() for n in group.nouns}
    own = labels[labels["actor_id"].isin(ids) & labels["label"].map(lambda t: fold(t) in nouns)]
    assert own.empty, own


# --- types and display names ---------------------------------------------------------------------

def test_types_come_from_the_nouns_introducing_a_name(tables):
    assert actor(tables, "Serval")["type"] == "event"
    assert actor(tables, "Ouest Express")["type"] == "media"
    assert actor(tables, "Katiba Kanouri")["type"] == "armed group"      # tagged PER by the NER
    assert set(tables["actors"]["type"]) <= set(TYPES)


def test_the_display_name_keeps_the_article_the_corpus_writes(tables):
    """"au Havre" is tagged "Havre"; "Le Havre" inside a sentence says the article is the name's."""
    assert actor(tables, "Havre")["name"] == "Le Havre"


def test_only_collectives_have_a_country(tables):
    a = tables["actors"]
    assert a["country"].notna().sum() > 0
    assert set(a.loc[a["country"].notna(), "type"]) <= {"military", "government"}
    assert a.loc[a["actor_id"] == "tchad", "country"].isna().all()


@pytest.mark.parametrize("forms, kind, expected", [
    ({"PARIS": 5, "Paris": 2}, "place", "Paris"),                          # a dateline's capitals
    ({"LE CAIRE": 3}, "place", "Le Caire"),                                # shouted only: written as a name
    ({"CEDEAO": 9, "Cedeao": 2}, "organisation", "CEDEAO"),                # an acronym is no shouting
    ({"Macron": 9, "Emmanuel Macron": 2}, "person", "Emmanuel Macron"),    # the full form
    ({"Conseil National": 6, "Conseil National pour la Sauvegarde de la Patrie": 2, "CNSP": 8}, "organisation",
     "Conseil National pour la Sauvegarde de la Patrie"),
])
def test_the_display_name_is_the_most_frequent_well_cased_full_form(forms, kind, expected):
    assert naming.display_name(forms, kind, {}) == expected


def test_a_name_written_shouted_and_cased_is_displayed_cased():
    """Through the linker: "KIDAL" (a headline, a dateline) and "Kidal" are one place, written "Kidal"."""
    text = "KIDAL SOUS TENSION\n\nKIDAL, 3 mars - La nuit a été calme à Kidal."
    starts = [0, text.index("KIDAL", 1), text.index("Kidal")]
    rows = [{"doc_id": "x", "sent_idx": 0, "start_char": s, "end_char": s + 5, "text": text[s:s + 5],
             "surface": text[s:s + 5], "ner": "LOC", "method": "ner", "kind": "name", "key": normalize_name("kidal"),
             "ref": None, "full_key": None, "stands_for": None, "evidence": ""} for s in starts]
    docs = pd.DataFrame({"doc_id": ["x"], "source": "s", "text": [text]})
    linked = actors.link(pd.DataFrame(rows), docs, actors.load_registry(use_default=False))
    assert linked.actors["name"].tolist() == ["Kidal"]


def test_a_collective_name_agrees_with_its_head_noun():
    registry = actors.load_registry(use_default=False)
    group = collectives.GROUPS["government"]
    names = Counter(collectives.display_form(t, group, "mali", registry)
                    for t in ("autorités maliennes", "exécutif malien", "gouvernement de Bamako"))
    assert names == Counter({"Gouvernement malien": 3})


def test_an_article_opening_a_sentence_or_paragraph_is_not_the_names():
    """"Le" opening a paragraph or a sentence is the sentence's; inside one, after a word, the name's."""
    assert naming.inside_sentence("selon ") and naming.inside_sentence("Paris, ")
    assert not naming.inside_sentence("Un titre\n\n") and not naming.inside_sentence("a parlé. ")
