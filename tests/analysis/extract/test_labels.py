"""The labels extractor: each pattern on a fixture sentence through the real models, and the table the
build writes."""
from __future__ import annotations

import corpus_tools as ct
from corpus_tools.schema import columns


def labels_of(analysed, doc_id: str) -> list[tuple[str, str, str]]:
    """(actor_id, label, pattern) of one fixture text."""
    rows = analysed.rows("labels", doc_id)
    return sorted(zip(rows["actor_id"], rows["label"], rows["pattern"]))


def test_a_title_before_the_name(analysed):
    assert labels_of(analysed, "prenominal") == [("mohamed-hamdan-daglo", "chef de guerre soudanais", "prenominal")]


def test_coordinated_complements_stay_in_the_title(analysed):
    assert labels_of(analysed, "coordinated") == [
        ("johan-van-overtveldt", "ministre belge des Finances et du Budget", "prenominal")]


def test_an_apposition_after_the_name_as_written(analysed):
    # The text's "des", not the parser's "de les".
    assert labels_of(analysed, "after") == [("serguei-lavrov", "ministre russe des Affaires étrangères", "apposition")]


def test_an_apposition_before_the_name(analysed):
    assert labels_of(analysed, "before") == [
        ("antonio-guterres", "secrétaire général des Nations unies", "apposition")]


def test_a_nominal_predicate(analysed):
    assert labels_of(analysed, "predicate") == [
        ("abdel-fattah-al-burhane", "ancien officier de l'armée soudanaise", "predicate")]


def test_a_relative_clause(analysed):
    rows = analysed.rows("labels", "relative")
    assert list(zip(rows["actor_id"], rows["label"], rows["label_norm"], rows["head"], rows["pattern"])) == [
        ("abiy-ahmed", "Premier ministre éthiopien", "premier ministre éthiopien", "ministre", "relative")]


def test_a_role_title_standing_alone_labels_its_holder(analysed):
    rows = analysed.rows("labels", "title")
    title = rows[rows["pattern"] == "title"]
    assert list(zip(title["actor_id"], title["label"], title["mention_kind"])) == [
        ("serguei-choigou", "ministre russe de la Défense", "title")]


def test_a_later_definite_description_repeats_a_label(analysed):
    rows = analysed.rows("labels", "definite")
    later = rows[rows["pattern"] == "definite"]
    assert list(zip(later["actor_id"], later["label"], later["sent_idx"])) == [
        ("abdel-fattah-al-burhane", "ancien officier", 1)]
    # It points back to the mention that named the actor.
    assert later["mention_start"].iloc[0] == analysed.text("definite").index("Abdel")


def test_a_role_description_stands_for_the_person_named_before(analysed):
    assert labels_of(analysed, "role") == [("donald-trump", "président américain", "definite")]


def test_nationality_decides_which_person_a_description_stands_for(analysed):
    # Poutine is the subject before it, but the text calls him "russe": "le président américain" is Biden.
    assert ("joe-biden", "président américain", "definite") in labels_of(analysed, "nationality")
    assert ("vladimir-poutine", "président américain", "definite") not in labels_of(analysed, "nationality")


def test_nouns_governing_a_name_are_no_labels(analysed):
    assert labels_of(analysed, "governing") == []


def test_demonyms_get_no_labels(analysed):
    rows = analysed.rows("labels", "demonym")
    assert set(rows["actor_id"]) == {"recep-tayyip-erdogan"} and "turquie" not in set(rows["actor_id"])


def test_label_offsets_point_at_the_label_and_its_mention(analysed):
    text = analysed.documents.set_index("doc_id")["text"]
    for row in analysed.labels.itertuples():
        assert text[row.doc_id][row.start_char:row.end_char] == row.label
        mentions = analysed.mentions[analysed.mentions["doc_id"] == row.doc_id]
        assert ((mentions["start_char"] == row.mention_start) & (mentions["actor_id"] == row.actor_id)).any()


def test_the_build_writes_the_labels_table(sample_build):
    corpus = ct.load(sample_build)
    table = corpus.labels
    assert list(table.columns) == columns("labels") and len(table) > 0
    texts = corpus.documents.set_index("doc_id")["text"]
    assert all(texts[r.doc_id][r.start_char:r.end_char] == r.label for r in table.itertuples())
    assert set(table["mention_kind"]) <= {"name", "demonym", "title"}
