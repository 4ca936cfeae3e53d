"""Actor curation from the notebook, end to end through the real models: suggestions on a build of
small invented articles, decisions recorded in the curation file, rebuilds that link again without
annotating, the report pages that follow, and the same actors from the file alone."""
import shutil

import pandas as pd
import pytest

import corpus_tools as ct
from corpus_tools.pipeline import BuildConfig, build
from corpus_tools.reports import render_reports
from corpus_tools.reports.selection import PageRules, actor_path

# Two people share a surname; a third article names one of them by surname only (kept apart: the
# surname is ambiguous), a fourth by initials; an organisation is named in full in one article and
# by its acronym, never defined, in another.  Names are made up.
ARTICLES = {
    "a1": "Plan pour la pêche en Bretagne\n\nLe ministre de la Mer, Jean-Baptiste Morvanec, a présenté mardi à "
          "Brest un plan pour la pêche artisanale. Jean-Baptiste Morvanec a rencontré les représentants de la "
          "Fédération bretonne des armateurs. Morvanec a promis des aides aux patrons pêcheurs.\n",
    "a2": "Les élus régionaux critiquent le plan\n\nClaire Morvanec, conseillère régionale, a critiqué mercredi le "
          "plan du gouvernement. Claire Morvanec juge les aides insuffisantes pour les ports du Finistère. Selon "
          "Claire Morvanec, les armateurs attendent davantage.\n",
    "a3": "Le débat continue à Lorient\n\nJeudi, M. Morvanec a répondu aux critiques lors d'une visite à Lorient. La "
          "FBA a salué un premier pas, mais les syndicats demandent une nouvelle réunion. Selon M. Morvanec, le plan "
          "sera financé dès le printemps.\n",
    "a4": "Les ports attendent les aides\n\nÀ Concarneau, les patrons pêcheurs ont lu la lettre signée par J.-B. "
          "Morvanec avec prudence. Pour eux, J.-B. Morvanec doit préciser le calendrier des aides.\n",
}
RULES = PageRules(min_mentions=2, min_documents=1)


@pytest.fixture
def project(tmp_path, models_dir):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for doc_id, text in ARTICLES.items():
        (corpus / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    config = BuildConfig(corpus=corpus, out=tmp_path / "build", models_dir=models_dir, progress=False)
    assert build(config).n_annotated == len(ARTICLES)
    return config


def shards(out):
    """The annotation cache's files and when each was written."""
    return {p: p.stat().st_mtime_ns for p in (out / "cache").rglob("shard-*/*.parquet")}


def pair(suggestions: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    return suggestions[(suggestions["actor_a"] == a) & (suggestions["actor_b"] == b)]


def test_suggest_merge_split_rebuild_and_replay(project, tmp_path, monkeypatch):
    monkeypatch.setenv("CORPUS_TOOLS_USER", "Ana Lopes")
    corpus = ct.load(project.out)
    minister, surname = corpus.actor_id("Jean-Baptiste Morvanec"), corpus.actor_id("Morvanec")
    assert minister != surname                                          # ambiguous: kept apart by the rules
    suggestions = corpus.suggest_merges()
    found = pair(suggestions, minister, surname)
    assert len(found) == 1 and "surname" in found["reason"].iloc[0]
    assert found["doc_b"].iloc[0] == "a3" and "Morvanec" in found["sentence_b"].iloc[0]
    assert found["n_mentions_b"].iloc[0] == 2
    assert not pair(suggestions, corpus.actor_id("Claire Morvanec"), surname).empty   # the other candidate
    acronym = pair(suggestions, corpus.actor_id("Fédération bretonne des armateurs"), corpus.actor_id("FBA"))
    assert len(acronym) == 1 and "abbreviates" in acronym["reason"].iloc[0]

    change = corpus.merge("Jean-Baptiste Morvanec", "Morvanec", why="the minister: the plan is his")
    assert change.file == tmp_path / "build.curation.yaml" == corpus.curation_file
    assert "next 'corpus-tools build'" in str(change) and "mentions" in str(change) and surname in str(change)
    before = shards(project.out)
    render_reports(project.out, tmp_path / "reports", RULES, progress=False, workers=1)
    assert (tmp_path / "reports" / actor_path(surname)).is_file()

    result = build(project)                                             # the merge applied
    assert result.n_annotated == 0 and shards(project.out) == before and result.n_curated == 1
    corpus = ct.load(project.out)
    actors = corpus.actors.set_index("actor_id")
    assert surname not in actors.index and "Morvanec" in list(actors.loc[minister, "aliases"])
    decided = actors.loc[minister, "curation"][0]
    assert "Ana Lopes" in decided and "the plan is his" in decided
    assert set(corpus.mentions.loc[corpus.mentions["doc_id"] == "a3", "actor_id"]) >= {minister}
    rows = corpus.merges[corpus.merges["rule"] == "curation"]
    assert list(rows["actor_id"]) == [minister] and "line 4" in rows["evidence"].iloc[0]

    render_reports(project.out, tmp_path / "reports", RULES, progress=False, workers=1)
    page = (tmp_path / "reports" / actor_path(minister)).read_text(encoding="utf-8")
    assert 'class="curated"' in page and "the plan is his" in page
    assert not (tmp_path / "reports" / actor_path(surname)).exists()  # its page went with it
    index = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    assert index.count('class="curated"') == 1

    corpus.split(minister, ["Morvanec"], why="two people after all")   # and undone, by a split
    corpus.rename("FBA", "Fédération des armateurs <FBA>", why="clearer & escaped")
    assert build(project).n_annotated == 0
    actors = ct.load(project.out).actors.set_index("actor_id")
    assert surname in actors.index and list(actors.loc[surname, "aliases"]) == ["Morvanec"]
    assert len(actors.loc[minister, "curation"]) == 2
    render_reports(project.out, tmp_path / "reports", RULES, progress=False, workers=1)
    index = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    assert "Fédération des armateurs &lt;FBA&gt;" in index and "<FBA>" not in index

    curated = ct.load(project.out)
    tables = {name: curated.read(name) for name in ("actors", "mentions", "merges")}
    shutil.rmtree(project.out)                                          # replay: the file alone
    assert build(project).n_curated == 3
    again = ct.load(project.out)
    for name, table in tables.items():
        pd.testing.assert_frame_equal(again.read(name), table)


def test_a_decision_on_an_unknown_actor_is_refused_and_nothing_recorded(project):
    corpus = ct.load(project.out)
    with pytest.raises(KeyError, match="no actor"):
        corpus.merge("Jean-Baptiste Morvanec", "Yvon Kerguelen", why="?")
    with pytest.raises(ValueError, match="not a form of it: Kerguelen"):
        corpus.split("Claire Morvanec", ["Kerguelen"], why="?")
    assert not corpus.curation_file.exists()


def test_a_file_naming_an_actor_the_build_lacks_stops_the_build_with_its_line(project, tmp_path):
    from corpus_tools.pipeline import BuildError
    (tmp_path / "build.curation.yaml").write_text("decisions:\n- {rename: yvon-kerguelen, name: Yvon}\n",
                                                  encoding="utf-8")
    with pytest.raises(BuildError, match=r"build.curation.yaml, line 2: no actor 'yvon-kerguelen' in this build"):
        build(project)


def test_suggestion_rules_on_names_alone():
    from corpus_tools.analysis.curation import candidate_pairs
    actors = pd.DataFrame({
        "actor_id": ["jean-kerbrat", "j-kerbrat", "kerbrat", "anne-kerbrat", "union-des-criees-du-ponant", "ucp",
                     "p-kerbrat"],
        "name": ["Jean Kerbrat", "J. Kerbrat", "Kerbrat", "Anne Kerbrat", "Union des criées du Ponant", "UCP",
                 "P. Kerbrat"],
        "type": ["person", "person", "person", "person", "organisation", "organisation", "person"],
        "aliases": [["Jean Kerbrat"], ["J. Kerbrat"], ["Kerbrat"], ["Anne Kerbrat"], ["Union des criées du Ponant"],
                    ["UCP"], ["P. Kerbrat"]],
    })
    pairs = {(a, b): why for a, b, why in candidate_pairs(actors)}
    assert "surname" in pairs[("jean-kerbrat", "kerbrat")] and ("anne-kerbrat", "kerbrat") in pairs
    assert "initials" in pairs[("jean-kerbrat", "j-kerbrat")]
    assert ("anne-kerbrat", "j-kerbrat") not in pairs and ("jean-kerbrat", "p-kerbrat") not in pairs
    assert "abbreviates" in pairs[("union-des-criees-du-ponant", "ucp")]


def test_a_place_is_no_surname_and_the_fuller_name_comes_first():
    from corpus_tools.analysis.curation import candidate_pairs
    actors = pd.DataFrame({"actor_id": ["kempere", "paul-kemper", "kemper", "ponant", "union-du-ponant"],
                           "name": ["Kempère", "Paul Kemper", "Kemper", "Ponant", "Union du Ponant"],
                           "type": ["place", "person", "person", "place", "organisation"],
                           "aliases": [["Kempère"], ["Paul Kemper"], ["Kemper"], ["Ponant"],
                                       ["Union du Ponant", "Ponant"]]})
    pairs = {(a, b) for a, b, _ in candidate_pairs(actors)}
    assert ("paul-kemper", "kemper") in pairs and not {p for p in pairs if "kempere" in p}
    assert ("union-du-ponant", "ponant") in pairs
