"""Actor resolution: normalisation, registry, guarded linking, and the sample corpus evaluation.

Model-based tests annotate the fixture articles in tests/fixtures/actors with the real
Stanza models, and the sample corpus through the ordinary build.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from corpus_tools import actors
from corpus_tools.actors.clusters import same_person
from corpus_tools.actors.normalize import name_tokens, normalize_name, trim_span
from corpus_tools.actors.registry import RegistryError
from corpus_tools.schema import columns
from corpus_tools.text import read_corpus

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parents[1] / "fixtures" / "actors"
sys.path.insert(0, str(ROOT / "eval"))
import eval_actors  # noqa: E402

# --- normalisation -----------------------------------------------------------------------

def test_elided_article_is_stripped():
    assert normalize_name("l'OTAN") == normalize_name("OTAN") == normalize_name("l’OTAN")


@pytest.mark.parametrize("span, name", [
    ("M. Erdogan", "Erdogan"), ("le président Erdogan", "Erdogan"), ("maréchal Khalifa Haftar", "Khalifa Haftar"),
    ("l'OTAN", "OTAN"), ("Le Caire", "Le Caire"), ("Mme Merkel", "Merkel"),
])
def test_trim_span_keeps_the_name(span, name):
    start, end = trim_span(span)
    assert span[start:end] == name


@pytest.mark.parametrize("a, b", [
    ("Faiez Al-Sarraj", "Fayez al-Sarraj"), ("Fayez el-Sarraj", "Fayez al-Sarraj"),
    ("Sergueï Choïgou", "Sergueï Choigou"), ("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"),
    ("Mouammar El Kadhafi", "Mouammar Kadhafi"),
])
def test_spelling_variants_share_a_matching_key(a, b):
    assert name_tokens(a) == name_tokens(b)


def test_person_guard():
    assert same_person(name_tokens("Recep Tayyip Erdogan"), name_tokens("Tayyip Erdogan"))
    assert same_person(name_tokens("J. Stoltenberg"), name_tokens("Jens Stoltenberg"))
    assert not same_person(name_tokens("Saïf al-Islam Kadhafi"), name_tokens("Mouammar Kadhafi"))
    assert not same_person(name_tokens("George Bush"), name_tokens("Jeb Bush"))


# --- registry ----------------------------------------------------------------------------

def test_registry_default_user_file_and_switch():
    full = actors.load_registry()
    bare = actors.load_registry(use_default=False)
    user = actors.load_registry([FIXTURES / "user_registry.yaml"], use_default=False)
    assert full.lookup("NATO") == ("otan", "acronym") and full.lookup("l'Alliance")[0] == "otan"
    assert bare.lookup("NATO") is None and bare.lookup("la Turquie") == ("turquie", "registry")
    assert bare.demonyms["turc"] == bare.demonyms["turques"] == "turquie"
    assert bare.capitals["ankara"] == "turquie"
    assert user.lookup("Seif al-Islam Kadhafi")[0] == "saif-al-islam-kadhafi"
    assert len({full.digest, bare.digest, user.digest}) == 3


def test_role_holder_depends_on_the_date():
    reg = actors.load_registry()
    assert reg.holder_at("secrétaire général de l'OTAN", "2020-05-14", set())[0] == "jens-stoltenberg"
    assert reg.holder_at("secrétaire général de l'OTAN", "2025-01-10", set())[0] == "mark-rutte"
    assert reg.holder_at("secrétaire général de l'OTAN", None, {"mark-rutte"})[0] == "mark-rutte"
    assert reg.holder_at("secrétaire général de l'OTAN", None, set()) is None


def test_bad_registry_file_is_named(tmp_path):
    bad = tmp_path / "mine.yaml"
    bad.write_text("actors:\n  - id: x\n    name: X\n    type: planet\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="mine.yaml"):
        actors.load_registry([bad])
    bad.write_text("actors:\n  - id: x\n    name: [X\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"mine\.yaml is not valid YAML: line \d+, column \d+") as err:
        actors.load_registry([bad])
    assert "unicode string" not in str(err.value)


def test_registry_names_the_ner_missed_are_found_but_not_in_capitalised_headlines():
    text = "LE GNA AU POUVOIR\n\nLe GNA a répondu au Conseil de sécurité."
    docs = pd.DataFrame({"doc_id": ["x"], "source": "s", "date": None, "text": [text]})
    cands = actors.candidates(docs, pd.DataFrame(columns=columns("entities")),
                              pd.DataFrame(columns=columns("tokens")), actors.load_registry())
    assert list(cands.loc[cands["text"] == "GNA", "start_char"]) == [text.rindex("GNA")]
    assert set(cands["ref"]) == {"gna", "conseil-de-securite-de-l-onu"}


# --- linking on candidate rows --------------------------------------------------------------

def cand(doc, start, text, ner="PER", **extra):
    row = {"doc_id": doc, "sent_idx": 0, "start_char": start, "end_char": start + len(text), "text": text,
           "surface": text, "ner": ner, "method": "ner", "kind": "name", "key": normalize_name(text),
           "ref": None, "full_key": None, "stands_for": None, "evidence": ""}
    row.update(extra)
    return row


def link_rows(rows, registry=None):
    docs = pd.DataFrame({"doc_id": sorted({r["doc_id"] for r in rows}), "source": "s"})
    return actors.link(pd.DataFrame(rows), docs, registry or actors.load_registry(use_default=False))


def actor_of(tables, text):
    return set(tables.mentions.loc[tables.mentions["text"] == text, "actor_id"])


def test_people_sharing_a_surname_stay_apart():
    tables = link_rows([cand("a", 0, "George Bush"), cand("b", 0, "Jeb Bush"), cand("c", 0, "Bush")])
    assert actor_of(tables, "George Bush") != actor_of(tables, "Jeb Bush")
    assert actor_of(tables, "Bush").isdisjoint(actor_of(tables, "George Bush") | actor_of(tables, "Jeb Bush"))
    kept = tables.merges[tables.merges["rule"] == "kept-apart"]
    assert "George Bush" in kept["evidence"].str.cat() or "george bush" in kept["evidence"].str.cat()


@pytest.mark.parametrize("a, b", [
    ("Lennox Lewis", "Jerry Lee Lewis"), ("Benoît XV", "Benoît XVI"), ("Dov Charney", "Geoffroy de Charnay"),
    ("Ed O'Brien", "Conan O 'Brien"), ("George Bush", "Jeb Bush")])
def test_different_people_with_close_names_stay_apart(a, b):
    tables = link_rows([cand("a", 0, a), cand("b", 0, b)])
    assert actor_of(tables, a).isdisjoint(actor_of(tables, b))


def test_a_bare_name_that_is_also_a_given_name_stays_apart():
    tables = link_rows([cand("a", 0, "Tina Charles"), cand("b", 0, "Charles Michel"), cand("c", 0, "Charles")])
    assert actor_of(tables, "Charles").isdisjoint(actor_of(tables, "Tina Charles") | actor_of(tables, "Charles Michel"))
    assert tables.merges["evidence"].str.contains("also a given name").any()


def test_a_nationality_before_a_person_name_is_left_out():
    text = "La Roumaine Ana Ivanović a gagné."
    docs = pd.DataFrame({"doc_id": ["x"], "source": "s", "date": None, "text": [text]})
    ents = pd.DataFrame([("x", 0, 3, 24, "Roumaine Ana Ivanović", "PER")], columns=columns("entities"))
    cands = actors.candidates(docs, ents, pd.DataFrame(columns=columns("tokens")), actors.load_registry())
    assert cands["text"].tolist() == ["Ana Ivanović"]
    assert "nationality" in cands["ner_fix"].iloc[0]


def spans(text, *names_labels):
    """Entity rows for the given (name, label) pairs, at their first occurrence after the previous one."""
    rows, at = [], 0
    for name, label in names_labels:
        start = text.index(name, at)
        rows.append(("x", 0, start, start + len(name), name, label))
        at = start + len(name)
    return pd.DataFrame(rows, columns=columns("entities"))


def resolve_text(text, ents, use_default=True):
    docs = pd.DataFrame({"doc_id": ["x"], "source": "s", "date": None, "text": [text]})
    registry = actors.load_registry(use_default=use_default)
    return actors.link(actors.candidates(docs, ents, pd.DataFrame(columns=columns("tokens")), registry), docs, registry)


def test_a_dateline_credit_is_no_mention_but_the_agency_named_in_the_text_is(tmp_path):
    article = "KIEV, 12 juin (AFP) - Selon un rapport consulté par l'AFP, Kiev attend la réponse de Moscou."
    (tmp_path / "a.txt").write_text(f"Un titre sur l'Ukraine et la Russie\n\n{article}\n", encoding="utf-8")
    docs = read_corpus(tmp_path).documents        # the text stage finds the dateline and its credit
    text = docs["text"].iloc[0]
    assert (docs["wire"].iloc[0], text[docs["credit_start"].iloc[0]:docs["credit_end"].iloc[0]]) == ("AFP", "AFP")
    registry = actors.load_registry()
    ents = spans(text, ("AFP", "ORG"), ("AFP", "ORG")).assign(doc_id=docs["doc_id"].iloc[0])
    m = actors.link(actors.candidates(docs, ents, pd.DataFrame(columns=columns("tokens")), registry),
                    docs, registry).mentions
    assert m.loc[m["text"] == "AFP", "start_char"].tolist() == [text.rindex("AFP")]


def test_a_long_form_the_ner_cut_short_is_recovered_from_its_acronym():
    text = ("Le Groupe de soutien à l'islam et aux musulmans (GSIM, ou JNIM) a revendiqué l'attaque. "
            "Le GSIM est actif au Mali.")
    tables = resolve_text(text, spans(text, ("Groupe de soutien", "ORG"), ("Mali", "LOC")), use_default=False)
    m = tables.mentions
    full = "Groupe de soutien à l'islam et aux musulmans"
    assert full in set(m["text"]) and actor_of(tables, "GSIM") == actor_of(tables, full)
    assert (m["text"] == "GSIM").sum() == 2


def test_an_institution_noun_names_the_organisation_mentioned_most_before_it():
    text = ("L'Agence internationale de l'énergie atomique (AIEA) s'inquiète. L'AIEA demande des garanties. "
            "Selon un rapport consulté par l'AFP, l'Agence estime que les stocks augmentent.")
    ents = spans(text, ("Agence internationale de l'énergie atomique", "ORG"), ("AIEA", "ORG"), ("AIEA", "ORG"),
                 ("AFP", "ORG"), ("Agence", "ORG"))
    tables = resolve_text(text, ents)
    assert actor_of(tables, "Agence") == actor_of(tables, "AIEA") != actor_of(tables, "AFP")


def test_short_names_in_parentheses_stand_for_their_name_everywhere_in_the_document():
    text = ("Orano perd la Somaïr\n\nNiamey a nationalisé la Société des mines de l'Aïr (Somaïr). "
            "La Cedeao proteste, et le Parti socialiste (France) aussi.")
    ents = spans(text, ("Somaïr", "ORG"), ("Niamey", "LOC"), ("Société des mines de l'Aïr", "ORG"),
                 ("Somaïr", "LOC"), ("Cedeao", "LOC"), ("Parti socialiste", "ORG"), ("France", "LOC"))
    tables = resolve_text(text, ents, use_default=False)
    assert actor_of(tables, "Somaïr") == actor_of(tables, "Société des mines de l'Aïr")
    assert actor_of(tables, "France").isdisjoint(actor_of(tables, "Parti socialiste"))


@pytest.mark.parametrize("text, span, label, expected, expected_ner", [
    ("Il a parlé devant le Conseil de sécurité à New York.", "Conseil de sécurité à New York", "ORG",
     "Conseil de sécurité", "ORG"),
    ("Abou Dhabi a démenti tout soutien.", "Abou Dhabi", "PER", "Abou Dhabi", "LOC"),
    ("Le Mali a quitté la Communauté économique des États de l'Afrique de l'Ouest.",
     "Communauté économique des États de l'Afrique de l'Ouest", "LOC",
     "Communauté économique des États de l'Afrique de l'Ouest", "ORG"),
    ("Le chef de la junte, le général Abdourahamane Tiani, a reçu l'émissaire.", "Abdourahamane", "PER",
     "Abdourahamane Tiani", "PER"),
    ("Une ONG a alerté les autorités.", "ONG", "ORG", None, None),
    ("Il dénonce la guerre de Poutine.", "guerre de Poutine", "MISC", None, None),
    ("Les islamistes de l'Aube libyenne ont pris Tripoli.", "Aube libyenne", "ORG", "Aube libyenne", "ORG"),
])
def test_ner_spans_are_repaired(text, span, label, expected, expected_ner):
    docs = pd.DataFrame({"doc_id": ["x"], "source": "s", "date": None, "text": [text]})
    cands = actors.candidates(docs, spans(text, (span, label)), pd.DataFrame(columns=columns("tokens")),
                              actors.load_registry(use_default=False))
    names = cands[(cands["kind"] == "name") & (cands["method"] == "ner")]     # not the country tables' matches
    if expected is None:
        assert names.empty
    else:
        assert names[["text", "ner"]].values.tolist() == [[expected, expected_ner]]


def test_nicknames_and_single_names_name_the_person_of_their_document():
    text = ("Jimmy Chérizier, dit « Barbecue », menace la capitale. Barbecue a parlé. Le Premier ministre "
            "Abiy Ahmed a répondu ; M. Abiy refuse. Edmundo González Urrutia a voté ; González attend.")
    ents = spans(text, ("Jimmy Chérizier", "PER"), ("Barbecue", "PER"), ("Abiy Ahmed", "PER"), ("Abiy", "PER"),
                 ("Edmundo González Urrutia", "PER"), ("González", "PER"))
    tables = resolve_text(text, ents, use_default=False)
    assert actor_of(tables, "Barbecue") == actor_of(tables, "Jimmy Chérizier")
    assert actor_of(tables, "Abiy") == actor_of(tables, "Abiy Ahmed")
    assert actor_of(tables, "González") == actor_of(tables, "Edmundo González Urrutia")


def test_an_institution_noun_naming_nothing_in_its_document_is_no_actor():
    rows = []
    for doc in ("a", "b"):
        text = "La Mission a quitté la ville."
        rows.append(pd.DataFrame({"doc_id": [doc], "source": "s", "date": None, "text": [text]}))
    docs = pd.concat(rows, ignore_index=True)
    ents = pd.DataFrame([(d, 0, 3, 10, "Mission", "ORG") for d in ("a", "b")], columns=columns("entities"))
    registry = actors.load_registry(use_default=False)
    tables = actors.link(actors.candidates(docs, ents, pd.DataFrame(columns=columns("tokens")), registry), docs, registry)
    assert tables.mentions.empty                          # a generic noun alone: no actor, not one per document


def test_a_name_without_its_institution_noun_joins_it():
    tables = link_rows([cand("a", 0, "Organisation des Nations unies", "ORG"), cand("b", 0, "Nations unies", "ORG")])
    assert actor_of(tables, "Nations unies") == actor_of(tables, "Organisation des Nations unies")


@pytest.mark.parametrize("full, bare", [("Ricardo Rosset", "Rosette"), ("David Moyes", "Moïse"),
                                        ("Lionel Tardy", "Tardi")])
def test_a_bare_word_joins_a_persons_surname_only_spelled_the_same(full, bare):
    # transliteration folds these together ("rosset", "rosette" -> "roset"): fit for two full names,
    # too little for one word alone
    apart = link_rows([cand("a", 0, full), cand("b", 0, bare)])
    assert actor_of(apart, bare).isdisjoint(actor_of(apart, full))
    surname = full.split()[-1]
    joined = link_rows([cand("a", 0, full), cand("b", 0, surname)])
    assert actor_of(joined, surname) == actor_of(joined, full)


def test_full_names_one_document_gives_two_people_stay_apart_everywhere():
    elsewhere = [cand("b", 0, "Moussa Kanté"), cand("c", 0, "Ali Moussa Kanté")]
    joined = link_rows(elsewhere)                       # no document gives them apart: one person
    assert actor_of(joined, "Ali Moussa Kanté") == actor_of(joined, "Moussa Kanté")
    tables = link_rows([cand("a", 0, "Ali Moussa Kanté"), cand("a", 40, "Moussa Kanté"), *elsewhere])
    assert actor_of(tables, "Ali Moussa Kanté").isdisjoint(actor_of(tables, "Moussa Kanté"))


def test_bare_surname_joins_its_only_bearer_and_fuzzy_names_join():
    tables = link_rows([cand("a", 0, "Khalifa Haftar"), cand("b", 0, "Haftar"), cand("c", 0, "Khalifa Hafter")])
    assert len(actor_of(tables, "Khalifa Haftar") | actor_of(tables, "Haftar") | actor_of(tables, "Khalifa Hafter")) == 1
    assert {"surname", "fuzzy"} <= set(tables.merges["rule"])


def test_registry_overrides_split_and_join(tmp_path):
    reg_file = tmp_path / "r.yaml"
    reg_file.write_text("overrides:\n  split: [[Khalifa Haftar, Khalifa Hafter]]\n"
                        "  join: [[Abou Bakr, Ibrahim Awad]]\n", encoding="utf-8")
    reg = actors.load_registry([reg_file], use_default=False)
    tables = link_rows([cand("a", 0, "Khalifa Haftar"), cand("c", 0, "Khalifa Hafter"),
                        cand("d", 0, "Abou Bakr"), cand("e", 0, "Ibrahim Awad")], reg)
    assert actor_of(tables, "Khalifa Haftar") != actor_of(tables, "Khalifa Hafter")
    assert actor_of(tables, "Abou Bakr") == actor_of(tables, "Ibrahim Awad")


def test_two_registry_actors_are_never_merged():
    reg = actors.load_registry()
    rows = [cand("a", 0, "Ban Ki-moon", ref="ban-ki-moon"), cand("b", 0, "António Guterres", ref="antonio-guterres")]
    tables = link_rows(rows, reg)
    assert actor_of(tables, "Ban Ki-moon") == {"ban-ki-moon"}
    assert actor_of(tables, "António Guterres") == {"antonio-guterres"}


def test_acronyms_join_the_name_they_abbreviate_in_french_or_english_order():
    """Without any registry: OTAN and NATO abbreviate the one full name of the corpus; an
    English-order acronym defined for a translated name still joins the name it abbreviates."""
    tables = link_rows([
        cand("a", 0, "Organisation du traité de l'Atlantique nord", "ORG"), cand("a", 50, "OTAN", "ORG"),
        cand("a", 60, "NATO", "ORG"), cand("b", 0, "OTAN", "ORG"),
        cand("c", 0, "Vivendi Générale des eaux", "ORG"), cand("f", 0, "VGE", "ORG"),
        cand("d", 0, "Gouvernement d'union nationale", "ORG"),
        cand("d", 32, "GNA", "ORG", stands_for="gouvernement d'union nationale"),
        cand("e", 0, "Gouvernement d'entente nationale", "ORG")])
    otan = actor_of(tables, "OTAN")
    assert len(otan) == 1 and otan == actor_of(tables, "NATO") == actor_of(tables, "Organisation du traité de l'Atlantique nord")
    gna = actor_of(tables, "GNA")
    assert len(gna) == 1 and gna == actor_of(tables, "Gouvernement d'entente nationale") == actor_of(
        tables, "Gouvernement d'union nationale")
    assert set(tables.mentions.loc[tables.mentions["text"] == "NATO", "method"]) == {"acronym"}
    # An acronym never defined, with no document naming both, is not joined: VGE is also a person.
    assert actor_of(tables, "VGE").isdisjoint(actor_of(tables, "Vivendi Générale des eaux"))
    assert (tables.merges["rule"] == "expansion").sum() >= 2


def test_acronyms_never_join_other_organisations_with_the_same_initials():
    tables = link_rows([
        cand("a", 0, "Parti socialiste", "ORG"), cand("a", 17, "PS", "ORG", stands_for="parti socialiste"),
        cand("b", 0, "Parti du Sud", "ORG"), cand("c", 0, "PS", "ORG"),
        cand("d", 0, "Armée nationale", "ORG"), cand("e", 0, "AN", "ORG")])
    assert actor_of(tables, "PS") == actor_of(tables, "Parti socialiste")
    assert actor_of(tables, "Parti du Sud").isdisjoint(actor_of(tables, "PS"))
    # Two letters are too ambiguous to join across documents without a definition.
    assert actor_of(tables, "AN").isdisjoint(actor_of(tables, "Armée nationale"))
    kept = tables.merges[tables.merges["rule"] == "kept-apart"]
    assert kept["evidence"].str.contains("parti du sud").any()


def test_a_registry_organisation_never_absorbs_a_person():
    """'Wagner' is the registry's armed group, but Richard Wagner is a person: never joined."""
    reg = actors.load_registry()
    tables = link_rows([cand("a", 0, "Wagner", "ORG", ref="wagner"), cand("b", 0, "Richard Wagner"),
                        cand("c", 0, "Wagner")], reg)
    assert actor_of(tables, "Richard Wagner").isdisjoint({"wagner"})
    people = tables.actors.set_index("actor_id")
    assert people.loc["wagner", "type"] == "armed group"


def test_link_of_nothing_has_the_columns():
    tables = actors.link(pd.DataFrame(), pd.DataFrame(columns=["doc_id", "source"]))
    assert list(tables.mentions.columns) == columns("mentions")
    assert list(tables.actors.columns) == columns("actors")
    assert list(tables.merges.columns) == columns("merges")


# --- fixture articles through the real models ---------------------------------------------------

@pytest.fixture(scope="module")
def fixture_tables(backend):
    """documents, entities and tokens of the fixture articles, annotated by the real backend."""
    paths = sorted(FIXTURES.glob("*.txt"))
    docs = pd.DataFrame({"doc_id": [p.stem for p in paths], "source": "fixture", "date": None,
                         "text": [p.read_text(encoding="utf-8") for p in paths]})
    ents, toks = [], []
    for doc_id, ann in zip(docs["doc_id"], backend.annotate(docs["text"].tolist())):
        ents += [(doc_id, *e) for e in ann.entities]
        toks += [(doc_id, *t) for t in ann.tokens]
    return (docs, pd.DataFrame(ents, columns=columns("entities")), pd.DataFrame(toks, columns=columns("tokens", extra=True)))


def resolve_fixtures(fixture_tables, use_default):
    docs, ents, toks = fixture_tables
    registry = actors.load_registry(use_default=use_default)
    return actors.link(actors.candidates(docs, ents, toks, registry), docs, registry), docs


@pytest.mark.parametrize("use_default", [True, False])
def test_fixture_variants_resolve_to_one_actor(fixture_tables, use_default):
    tables, docs = resolve_fixtures(fixture_tables, use_default)
    m = tables.mentions
    text = docs.set_index("doc_id")["text"]
    assert all(text[r.doc_id][r.start_char:r.end_char] == r.text for r in m.itertuples())
    for variants in (["Fayez el-Sarraj", "Sarraj", "Faiez Al-Sarraj"], ["Sergueï Choïgou", "Sergueï Choigou", "Choigou"],
                     ["Recep Tayyip Erdoğan", "Erdogan", "Recep Tayyip Erdogan"], ["Khalifa Haftar", "Haftar"],
                     ["Turquie", "Ankara", "turc"]):
        ids = set(m.loc[m["text"].isin(variants), "actor_id"])
        assert len(ids) == 1, (variants, m[m["text"].isin(variants)])
    assert set(m.loc[m["text"] == "turc", "kind"]) == {"demonym"}
    # "reçu mardi à Moscou" is the city; "Selon Moscou" is the Russian state.
    moscou = m[(m["doc_id"] == "d_russie") & (m["text"] == "Moscou")].sort_values("start_char")
    assert list(moscou["actor_id"]) == ["moscou", "russie"]
    assert list(moscou["method"]) == ["ner", "capital"]
    kadhafi = m[m["doc_id"] == "c_kadhafi"]
    assert actor_of(tables, "Saïf al-Islam Kadhafi").isdisjoint(actor_of(tables, "Mouammar Kadhafi"))
    bare = set(kadhafi.loc[kadhafi["text"] == "Kadhafi", "actor_id"])
    assert bare.isdisjoint(actor_of(tables, "Mouammar Kadhafi") | actor_of(tables, "Saïf al-Islam Kadhafi"))
    # In the document that names only Mouammar Kadhafi, "Kadhafi" is him.
    d = m[m["doc_id"] == "d_russie"]
    assert set(d.loc[d["text"] == "Kadhafi", "actor_id"]) == actor_of(tables, "Mouammar Kadhafi")
    gna = m[(m["doc_id"] == "b_libye") & m["text"].isin(["Gouvernement d'union nationale", "GNA"])]
    assert gna["actor_id"].nunique() == 1 and (gna["text"] == "GNA").sum() == 2
    # Organisations by name, acronym (French or English) and translation, across documents.
    for variants in (["Gouvernement d'union nationale", "GNA", "Gouvernement d'entente nationale",
                      "Gouvernement d'entente nationale libyen"],
                     ["Armée nationale libyenne", "ANL", "LNA"]):
        found = m[m["text"].isin(variants)]
        assert found["text"].nunique() >= 2 and found["actor_id"].nunique() == 1, (variants, found)
    # A head noun standing alone names the organisation of its own document ("l'Alliance").
    e = m[m["doc_id"] == "e_alliance"]
    assert e.loc[e["text"] == "Alliance", "actor_id"].tolist() == e.loc[e["text"] == "Alliance atlantique", "actor_id"].tolist()
    # "la société russe « Wagner »" is an organisation; Wagner after "Richard Wagner" is the composer.
    wagner = m[m["text"] == "Wagner"].set_index("doc_id")["actor_id"]
    assert wagner["e_alliance"] != wagner["f_culture"] == actor_of(tables, "Richard Wagner").pop()
    assert tables.actors.set_index("actor_id").loc[wagner["e_alliance"], "type"] != "person"


@pytest.mark.parametrize("use_default", [True, False])
def test_fixture_titles_name_their_holder(fixture_tables, use_default):
    """Registry roles (by date or the holder named nearby) and titles the article itself
    gives a person ("Le ministre russe de la Défense, Sergueï Choigou") name that person."""
    tables, docs = resolve_fixtures(fixture_tables, use_default)
    m = tables.mentions
    titles = m[m["kind"] == "title"]
    d = titles[titles["doc_id"] == "d_russie"]
    assert set(d["actor_id"]) == actor_of(tables, "Sergueï Choigou")
    a = titles[titles["doc_id"] == "a_otan"]
    assert set(a["actor_id"]) == actor_of(tables, "Jens Stoltenberg") and len(a) == 1
    # The apposition itself is not counted twice.
    assert not titles["text"].str.contains("Recep").any()


def test_fixture_registry_names_and_titles(fixture_tables):
    tables, _ = resolve_fixtures(fixture_tables, True)
    m = tables.mentions
    assert set(m.loc[m["text"].isin(["OTAN", "NATO", "Alliance"]), "actor_id"]) == {"otan"}
    assert set(m.loc[m["text"] == "NATO", "method"]) == {"acronym"}
    people = tables.actors.set_index("actor_id")
    assert people.loc["fayez-al-sarraj", "type"] == "person"
    assert people.loc["otan", "type"] == "organisation"


def test_text_not_in_documents_text_gives_no_actor(fixture_tables):
    """Actors come only from `documents.text`: a span blanked out (as boilerplate removal
    would) yields no candidate even though the entity rows still name it."""
    docs, ents, toks = fixture_tables
    start = docs.set_index("doc_id")["text"]["a_otan"].index("Jens Stoltenberg")
    blanked = docs.assign(text=docs["text"].str.replace("Jens Stoltenberg", " " * 16, regex=False))
    cands = actors.candidates(blanked, ents, toks, actors.load_registry())
    a = cands[cands["doc_id"] == "a_otan"]
    assert not ((a["start_char"] < start + 16) & (a["end_char"] > start)).any()


# --- the sample corpus and its gold actors ------------------------------------------------------

@pytest.fixture(scope="module")
def sample_scores(sample_build):
    gold = eval_actors.load_gold()
    return {use: eval_actors.score(eval_actors.resolve(sample_build / "tables", use), gold)
            for use in (True, False)}


def test_sample_evaluation_numbers(sample_scores):
    with_reg, without = sample_scores[True], sample_scores[False]
    for scores in (with_reg, without):
        assert scores.recall >= 0.95 and scores.precision >= 0.9
        assert scores.wrong_merges == {}
    assert with_reg.splits == {} and all(merged for *_, merged in with_reg.variant_pairs)
    # Without the registry nothing says that "l'Organisation" (capitalised, alone) is the OTAN.
    assert set(without.splits) <= {"otan"}
    assert all(merged for gold, a, b, merged in without.variant_pairs if "organisation" not in (a, b))
    gna = [pair for pair in without.variant_pairs if pair[0] == "gna"]
    assert gna and all(merged for *_, merged in gna)      # "entente" and "union" translations, GNA


def test_sample_build_tables_carry_the_new_columns(sample_build):
    from corpus_tools.analysis import load
    corpus = load(sample_build)
    assert {"method", "surface", "kind"} <= set(corpus.mentions.columns)
    assert {"type", "aliases", "n_sources", "n_demonym_mentions", "n_title_mentions"} <= set(corpus.actors.columns)
    text = corpus.documents.set_index("doc_id")["text"]
    assert all(text[r.doc_id][r.start_char:r.end_char] == r.text for r in corpus.mentions.itertuples())
    sarraj = corpus.mentions[corpus.mentions["text"].isin(["Al-Sarraj", "Faiez Al-Sarraj", "Fayez al-Sarraj"])]
    assert sarraj["actor_id"].nunique() == 1
    turkey = corpus.mentions[corpus.mentions["text"].isin(["Turquie", "Ankara", "turc"])]
    assert set(turkey["actor_id"]) == {"turquie"}
    assert set(corpus.mentions["method"]) <= {"ner", "registry", "alias", "title", "demonym", "acronym", "capital",
                                               "collective"}


@pytest.mark.parametrize("use_default", [True, False])
def test_sample_titles_name_the_holder(sample_build, use_default):
    tables = eval_actors.resolve(sample_build / "tables", use_default)
    titles = tables.mentions[tables.mentions["kind"] == "title"]
    stoltenberg = titles[titles["text"].str.lower().str.startswith("secrétaire général")]
    assert len(stoltenberg) >= 3 and set(stoltenberg["actor_id"]) == {"jens-stoltenberg"}
    akar = titles[titles["text"].str.startswith("ministre turc de la Défense")]
    assert len(akar) >= 1 and set(akar["actor_id"]) == {"hulusi-akar"}


def test_cli_switches_the_shipped_registry_off(tmp_path, models_dir):
    from corpus_tools.cli import main
    from corpus_tools.analysis import load
    from tests.conftest import SAMPLE
    out = tmp_path / "build"
    assert main(["build", "--corpus", str(SAMPLE), "--out", str(out), "--no-reports",
                 "--models", models_dir, "--no-default-registry"]) == 0
    ids = set(load(out).actors["actor_id"])
    assert "gna" not in ids and "gouvernement-d-union-nationale" in ids
    assert "turquie" in ids          # the country tables stay


def test_the_linking_benchmark_runs(capsys):
    import bench_actors
    assert bench_actors.main(["--mentions", "3000", "--names", "300"]) == 0
    assert "candidate rows" in capsys.readouterr().out
