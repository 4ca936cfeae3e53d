"""The agency extractor: who does what to whom, on fixture sentences through the real models, and the
table the build writes."""
from __future__ import annotations

import corpus_tools as ct
from corpus_tools.schema import columns


def agency_of(analysed, doc_id: str) -> list[tuple]:
    """(actor_id, verb, role, voice, negated) of one fixture text."""
    rows = analysed.rows("agency", doc_id)
    return sorted(zip(rows["actor_id"], rows["verb"], rows["role"], rows["voice"], rows["negated"]))


def test_subject_and_object_of_an_active_verb(analysed):
    rows = analysed.rows("agency", "active")
    assert agency_of(analysed, "active") == [("fayez-al-sarraj", "soutenir", "patient", "active", False),
                                             ("turquie", "soutenir", "agent", "active", False)]
    # "Ankara" acts for its state: a capital, counted apart from names.
    assert rows.set_index("actor_id").loc["turquie", "mention_kind"] == "demonym"


def test_a_passive_with_its_agent(analysed):
    assert agency_of(analysed, "passive") == [("fayez-al-sarraj", "recevoir", "patient", "passive", False),
                                              ("recep-tayyip-erdogan", "recevoir", "agent", "passive", False)]


def test_a_passive_without_agent_has_a_patient_only(analysed):
    assert agency_of(analysed, "no_agent") == [("jamal-khashoggi", "tuer", "patient", "passive", False)]


def test_negation_is_flagged(analysed):
    assert agency_of(analysed, "negation") == [("jens-stoltenberg", "condamner", "agent", "active", True)]


def test_coordinated_subjects_each_act(analysed):
    assert [r[:3] for r in agency_of(analysed, "coordinated_subjects")] == [("russie", "signer", "agent"),
                                                                             ("turquie", "signer", "agent")]


def test_coordinated_verbs_share_their_subject(analysed):
    assert [r[:3] for r in agency_of(analysed, "coordinated_verbs")] == [("vladimir-poutine", "annoncer", "agent"),
                                                                          ("vladimir-poutine", "signer", "agent")]


def test_verbs_introducing_a_quotation_are_left_to_the_quotes_table(analysed):
    assert agency_of(analysed, "quotation") == []


def test_reported_speech_is_left_out_but_not_the_verbs_it_reports(analysed):
    assert agency_of(analysed, "reported") == [("russie", "reculer", "agent", "active", True)]


def test_a_verb_of_saying_with_an_object_is_an_action(analysed):
    assert agency_of(analysed, "cue_as_action") == [("emmanuel-macron", "dénoncer", "agent", "active", False)]


def test_an_infinitive_is_done_by_the_object_of_a_verb_of_control(analysed):
    assert [r[:3] for r in agency_of(analysed, "control")] == [("donald-trump", "soutenir", "agent"),
                                                                ("turquie", "reprocher", "agent")]


def test_a_later_description_acts_for_the_actor_it_describes(analysed):
    assert ("abdel-fattah-al-burhane", "quitter", "agent", "active", False) in agency_of(analysed, "definite")


def test_agency_offsets_point_at_the_verb_and_the_mention(analysed):
    text = analysed.documents.set_index("doc_id")["text"]
    for row in analysed.agency.itertuples():
        assert text[row.doc_id][row.verb_start:row.verb_end].strip()
        assert row.start_char < row.end_char


def test_the_build_writes_the_agency_table(sample_build):
    corpus = ct.load(sample_build)
    table = corpus["agency"]
    assert list(table.columns) == columns("agency") and len(table) > 0
    assert set(table["role"]) <= {"agent", "patient"} and set(table["voice"]) <= {"active", "passive"}
    assert table["negated"].dtype == bool
