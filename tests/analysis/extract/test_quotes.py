"""The quotes extractor: each case French news writes, in a fixture article (`QUOTE_ARTICLES`) run
through the real models and the build."""
from __future__ import annotations

from corpus_tools.analysis.extract.quotes.document import quoted_stretches
from corpus_tools.analysis.extract.quotes.words import inflections, quote_words
from corpus_tools.schema import columns


def rows(corpus, doc_id: str):
    quotes = corpus.quotes
    return quotes[quotes["doc_id"] == doc_id].reset_index(drop=True)


def speaker_name(corpus, actor_id) -> str:
    names = corpus.actors.set_index("actor_id")["name"]
    return names.get(actor_id, "") if isinstance(actor_id, str) else ""


def test_the_table_has_the_contract_columns_and_offsets_point_into_the_text(quoted):
    quotes = quoted.quotes
    assert list(quotes.columns) == columns("quotes")
    texts = quoted.documents.set_index("doc_id")["text"]
    for q in quotes.itertuples():
        assert texts[q.doc_id][q.start_char:q.end_char] == q.quote
        if q.cue_start == q.cue_start and q.cue_start is not None:
            assert texts[q.doc_id][int(q.cue_start):int(q.cue_end)]
        if q.speaker_start == q.speaker_start and q.speaker_start is not None:
            assert texts[q.doc_id][int(q.speaker_start):int(q.speaker_end)] == q.speaker_text
    assert set(quotes["kind"]) <= {"direct", "indirect", "mixed"}


def test_a_postposed_description_resolves_to_the_actor_the_article_gives_that_title(quoted):
    q = rows(quoted, "incise_description")
    direct = q[q["quote"].str.startswith("Nos relations sont solides")]
    assert len(direct) == 1, q
    row = direct.iloc[0]
    assert row.kind == "direct" and row.cue == "déclarer" and row.method == "incise"
    assert row.quote.endswith("Nous voulons les renforcer")          # one quotation over two sentences
    assert "Berrada" in speaker_name(quoted, row.speaker) and row.speaker_text == "l'ancien général"


def test_a_colon_introduces_a_quotation_and_et_d_ajouter_follows_up(quoted):
    q = rows(quoted, "colon_and_follow_up")
    assert len(q) == 2, q
    assert all("Lindqvist" in speaker_name(quoted, s) for s in q["speaker"])
    assert list(q["method"]) == ["colon", "colon"] and set(q["kind"]) == {"direct"}
    assert q.iloc[1].quote == "Les États membres doivent tenir leurs engagements."


def test_an_inverted_pronoun_in_the_incise_resolves_to_the_person_named_before(quoted):
    q = rows(quoted, "pronoun_incise")
    assert len(q) == 1 and q.iloc[0].quote == "C'est un grand jour pour la ville"
    assert "Garnier" in speaker_name(quoted, q.iloc[0].speaker) and q.iloc[0].cue == "affirmer"


def test_a_quotation_over_two_paragraphs_is_one_quotation(quoted):
    q = rows(quoted, "multi_paragraph")
    assert len(q) == 1, q
    assert q.iloc[0].quote.startswith("Nous avons voté ce texte") and q.iloc[0].quote.endswith("dessus")
    assert "Delmas" in speaker_name(quoted, q.iloc[0].speaker)


def test_a_floating_quotation_goes_to_the_previous_speaker(quoted):
    q = rows(quoted, "floating")
    assert len(q) == 2, q
    assert q.iloc[1].method == "floating" and q.iloc[1].quote.startswith("Nous allons débloquer")
    assert q.iloc[0].speaker == q.iloc[1].speaker and "Vidal" in speaker_name(quoted, q.iloc[1].speaker)


def test_indirect_speech_with_a_que_clause_and_with_an_infinitive(quoted):
    q = rows(quoted, "indirect").set_index("method")
    assert q.loc["que", "quote"] == "le budget serait présenté en octobre"
    assert "Morel" in speaker_name(quoted, q.loc["que", "speaker"]) and q.loc["que", "kind"] == "indirect"
    assert "manifester le 12 mars dans toutes les grandes villes" in q.loc["infinitive", "quote"]
    assert q.loc["infinitive", "cue"] == "appeler"


def test_selon_and_d_apres_attribute_the_clause_and_pour_sa_part_does_not(quoted):
    q = rows(quoted, "selon")
    assert list(q["cue"]) == ["selon", "d'après"], q
    assert q.iloc[0].quote == "plus de 2 000 personnes ont défilé samedi à Nantes"
    assert q.iloc[1].quote.startswith("Le cortège s'est dispersé") and "préfecture" in q.iloc[1].speaker_text


def test_pour_x_gives_the_view_of_someone_who_speaks(quoted):
    q = rows(quoted, "pour")
    assert len(q) == 1 and q.iloc[0].cue == "pour"
    assert q.iloc[0].quote.startswith("la croissance restera faible")
    assert "Lefèvre" in speaker_name(quoted, q.iloc[0].speaker)


def test_reported_speech_holding_quoted_words_is_mixed(quoted):
    q = rows(quoted, "mixed")
    assert len(q) == 1 and q.iloc[0].kind == "mixed"
    assert "« une erreur historique »" in q.iloc[0].quote and "Weber" in speaker_name(quoted, q.iloc[0].speaker)


def test_institutions_speak_through_communiques_and_ministries(quoted):
    q = rows(quoted, "institution")
    assert len(q) == 2, q
    assert speaker_name(quoted, q.iloc[0].speaker) in {"GNA", "Gouvernement d'union nationale"}
    assert q.iloc[0].speaker_text.startswith("Un communiqué du Gouvernement")
    assert not q.iloc[0].unnamed_speaker and q.iloc[1].speaker_text == "Le ministère de la Santé"


def test_a_source_the_article_does_not_name_is_flagged_and_no_actor(quoted):
    q = rows(quoted, "unnamed_source")
    assert len(q) == 2, q
    assert q["unnamed_speaker"].all() and q["speaker"].isna().all()
    assert list(q["speaker_text"]) == ["une source de l'OTAN", "Un diplomate européen"]


def test_verbs_whose_subject_is_an_actor_are_no_speech_and_quoted_names_no_quotation(quoted):
    assert rows(quoted, "not_speech").empty


def test_cue_verbs_are_data_and_regular_verbs_are_inflected_by_rule():
    words = quote_words()
    assert {"declarer", "affirmer", "ajouter"} <= words.verbs and "mettre" not in words.verbs
    assert words.forms["declare"] == "declarer" and words.forms["dit"] == "dire"
    assert {"annonça", "annoncent", "annoncé"} <= inflections("annoncer")


def test_quotation_marks_nest_and_straight_quotes_pair_within_a_paragraph():
    words = quote_words()
    text = 'Il a dit "oui" puis « non, « jamais » ».\n\n"Ouvert sans fin'
    assert [text[s.start:s.end] for s in quoted_stretches(text, words)] == ["oui", "non, « jamais »"]
