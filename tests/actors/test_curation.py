"""The curation file: one line per decision, signed and dated; every mistake one message naming the
file and the line; the build refuses a bad file before writing anything."""
import pytest
import yaml

from corpus_tools.actors import curation
from corpus_tools.actors.curation import CurationError
from corpus_tools.pipeline import BuildConfig, BuildError, preflight


def test_each_decision_is_one_line_with_who_when_and_why(tmp_path, monkeypatch):
    monkeypatch.setenv("CORPUS_TOOLS_USER", "Ana Lopes")
    path = tmp_path / "notes" / "curation.yaml"
    first = curation.record(path, "merge", "lemoine", "paul-lemoine", why="same man: the articles say so")
    curation.record(path, "split", "cgpa", ["Comité", "comité des ports"], why="two bodies")
    curation.record(path, "rename", "paul-lemoine", "Paul Lemoine-Arzel", why="as he signs")
    curation.record(path, "retype", "arzel", "place", why="a town")
    text = path.read_text(encoding="utf-8")
    entries = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(entries) == 4 and text.startswith("#")
    assert first.who == "Ana Lopes" and first.why == "same man: the articles say so" and first.when[:4].isdigit()
    read = curation.load(path)
    assert [d.action for d in read.decisions] == ["merge", "split", "rename", "retype"]
    assert read.decisions[1].value == ("Comité", "comité des ports")
    assert [d.line for d in read.decisions] == [text.splitlines().index(e) + 1 for e in entries]
    assert yaml.safe_load(text)["decisions"][0]["into"] == "paul-lemoine"


def test_a_missing_file_is_no_curation_unless_named(tmp_path):
    assert curation.load(tmp_path / "none.yaml").decisions == []
    with pytest.raises(CurationError, match="none.yaml does not exist"):
        curation.load(tmp_path / "none.yaml", required=True)


@pytest.mark.parametrize("entry, says", [
    ("{merge: a, into: b, pourquoi: x}", "line 3: decision: unknown key 'pourquoi'"),
    ("{merge: a, rename: b, into: c, name: d}", "line 3: a decision holds one of merge, split, rename, retype "
                                                  "(found merge, rename)"),
    ("{merge: a}", "line 3: merge: 'into' is required"),
    ("{retype: a, type: personne}", "line 3: retype: unknown type 'personne'"),
    ("{split: a, forms: []}", "line 3: split: 'forms' must be a list"),
])
def test_a_bad_entry_names_the_file_and_the_line(tmp_path, entry, says):
    path = tmp_path / "curation.yaml"
    path.write_text(f"decisions:\n- {{merge: x, into: y}}\n- {entry}\n", encoding="utf-8")
    with pytest.raises(CurationError) as err:
        curation.load(path)
    assert f"curation file {path}, {says}" in str(err.value)


def test_a_bad_curation_file_stops_the_build_before_it_writes(tmp_path, models_dir):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text("Paul Lemoine a visité le port.", encoding="utf-8")
    bad = tmp_path / "mine.yaml"
    bad.write_text("decisions:\n  - merge: a\n    inot: b\n", encoding="utf-8")
    config = BuildConfig(corpus=tmp_path / "c", out=tmp_path / "o", models_dir=models_dir, curation=str(bad))
    with pytest.raises(BuildError, match=r"mine.yaml, line 2: decision: unknown key 'inot' \(did you mean 'into'\?\)"):
        preflight(config)
    assert not (tmp_path / "o").exists()


def test_the_default_file_lives_beside_the_build_folder():
    assert curation.default_file("projects/build").as_posix() == "projects/build.curation.yaml"


def test_recording_never_appends_to_a_file_the_build_would_refuse(tmp_path):
    path = tmp_path / "curation.yaml"
    path.write_text("decisions:\n- {merge: a, into: b, nom: c}\n", encoding="utf-8")
    with pytest.raises(CurationError, match="unknown key 'nom'"):
        curation.record(path, "rename", "a", "A")
    assert path.read_text(encoding="utf-8") == "decisions:\n- {merge: a, into: b, nom: c}\n"
