"""Keyness: G2 and log ratio against a hand computation, Lafon's specificity against the
published formula evaluated exactly, and the parts (outlet, actor, period, sub-corpus) on a
real build."""
from __future__ import annotations

import math
from fractions import Fraction
from math import comb

import pytest

import corpus_tools as ct
from corpus_tools import analysis as A
from corpus_tools.analysis.distinctive import g2, log_ratio, specificity, stop_list


def test_g2_and_log_ratio_match_a_hand_computation():
    # A word seen 10 times in a part of 1,000 words, 5 times in a rest of 2,000 words.
    e1, e2 = 1000 * 15 / 3000, 2000 * 15 / 3000          # expected: 5 and 10
    by_hand = 2 * (10 * math.log(10 / e1) + 5 * math.log(5 / e2))
    assert g2(10, 5, 1000, 2000) == pytest.approx(by_hand) == pytest.approx(6.931471805599453)
    assert g2(2, 40, 1000, 1000) < 0                     # under-represented: negative
    assert log_ratio(10, 5, 1000, 2000) == pytest.approx(math.log2((10 / 1000) / (5 / 2000)))
    assert log_ratio(3, 0, 1000, 1000) == pytest.approx(math.log2(3 / 0.5))   # zero counted as 0.5


def exact_tail(k, f, t, total, upper):
    """P(X >= k) or P(X <= k), X hypergeometric, with integer binomials (Lafon's formula)."""
    support = range(k, min(f, t) + 1) if upper else range(max(0, t - (total - f)), k + 1)
    return Fraction(sum(comb(f, i) * comb(total - f, t - i) for i in support), comb(total, t))


def log10_fraction(x: Fraction) -> float:
    return math.log10(x.numerator) - math.log10(x.denominator)   # math.log10 takes integers of any size


@pytest.mark.parametrize("k", [0, 2, 5, 11, 20, 40])
def test_specificity_is_lafons_formula_on_txms_worked_example(k):
    # TXM's documented example: a word of frequency F=296 in a corpus of T=61,449 words, a part of
    # t=1,084 words; expected frequency 5.2.  Scores: -log10 P(X >= k) above it, log10 P(X <= k) below.
    f, t, total = 296, 1084, 61449
    over = k >= f * t / total
    exact = exact_tail(k, f, t, total, upper=over)
    expected = -log10_fraction(exact) if over else log10_fraction(exact)
    assert specificity(k, f, t, total) == pytest.approx(expected, rel=1e-9)


def test_specificity_on_a_small_table_by_hand():
    # Part of 4 words out of 10; a word seen 3 times in all, 3 times in the part:
    # P(X >= 3) = C(3,3) C(7,1) / C(10,4) = 7 / 210.
    assert specificity(3, 3, 4, 10) == pytest.approx(-math.log10(7 / 210))
    # ... and 0 times in the part (expectation 1.2): P(X <= 0) = C(7,4) / C(10,4) = 35 / 210.
    assert specificity(0, 3, 4, 10) == pytest.approx(math.log10(35 / 210))
    assert specificity(6000, 6000, 200_000, 10 ** 7) > 300          # beyond floating point, still finite


def test_keyness_by_outlet_reads_the_build_tables_and_agrees_with_a_scan(sample_build):
    corpus = ct.load(sample_build)
    source = corpus.documents["source"].value_counts().index[-1]
    from_tables = A.keyness(corpus, source=source)
    scanned = A.keyness(corpus.restrict(corpus.documents["doc_id"], ["all"]), source=source)
    assert from_tables.equals(scanned)
    assert from_tables.attrs["counted"] == "what each outlet published"
    assert from_tables["g2"].is_monotonic_decreasing
    assert ((from_tables["n_target"] + from_tables["n_reference"]) >= 3).all()
    assert not set(from_tables["term"]) & stop_list(True)
    table = corpus.source_keyness
    mine = table[(table["source"] == source) & (table["unit"] == "lemma")].drop(columns=["source", "unit"])
    assert mine.reset_index(drop=True).equals(from_tables.reset_index(drop=True))


def test_stop_words_count_in_the_sizes_but_are_not_listed(sample_build):
    corpus = ct.load(sample_build)
    source = corpus.documents["source"].value_counts().index[-1]
    listed = A.keyness(corpus, source=source, stop_words=False, min_count=1)
    hidden = A.keyness(corpus, source=source, min_count=1)
    assert {"le", "de"} <= set(listed["term"]) and not {"le", "de"} & set(hidden["term"])
    assert listed.attrs["size_target"] == hidden.attrs["size_target"]


def test_keyness_around_an_actor_counts_its_sentences_but_not_its_own_name(sample_build):
    corpus = ct.load(sample_build)
    person = corpus.actors[corpus.actors["type"] == "person"].sort_values("n_name_mentions").iloc[-1]
    around = A.keyness(corpus, actor=person["actor_id"], min_count=1, stop_words=False)
    own = corpus.mentions[corpus.mentions["actor_id"] == person["actor_id"]]      # every kind: the default
    words = corpus.tokens.merge(own[["doc_id", "sent_idx"]].drop_duplicates())
    words = words[words["upos"] != "PUNCT"]
    spans = words.reset_index().merge(own[["doc_id", "sent_idx", "start_char", "end_char"]], on=["doc_id", "sent_idx"],
                                      suffixes=("", "_m"))
    inside = spans[(spans["start_char"] >= spans["start_char_m"]) & (spans["end_char"] <= spans["end_char_m"])]
    outside = words.drop(index=inside["index"].unique())
    assert around.attrs["size_target"] == (~outside["upos"].isin(["SYM", "NUM", "X"])).sum()
    surname = person["name"].split()[-1]
    assert around.set_index("term")["n_target"].get(surname, 0) == (outside["lemma"] == surname).sum()
    assert around.attrs["counted"] == "each story once"


def test_an_actor_a_sub_corpus_never_names_has_no_kwic_line_and_nothing_counted_around_it(sample_build):
    # The scale bench's "empty KWIC": the corpus's most named person, in an outlet that never names it.
    # Keyness still lists the rest's terms (counts reconcile), each with n_target 0: nothing was found.
    corpus = ct.load(sample_build)
    person = corpus.actors[corpus.actors["type"] == "person"].sort_values("n_name_mentions").iloc[-1]["actor_id"]
    named = corpus.mentions[(corpus.mentions["actor_id"] == person) & (corpus.mentions["kind"] == "name")]
    docs = corpus.documents
    sub = corpus.select(source=sorted(set(docs["source"]) - set(docs.loc[docs["doc_id"].isin(named["doc_id"]),
                                                                           "source"]))[0])
    assert A.kwic(sub, actor=person).empty and not A.kwic(corpus, actor=person).empty
    found = A.keyness(sub, actor=person, min_count=1)
    assert found.attrs["size_target"] == 0 and (found["n_target"] == 0).all()


def test_keyness_by_period_months_from_the_table_days_from_a_scan(sample_build):
    corpus = ct.load(sample_build)
    month = corpus.documents["date"].dropna().sort_values().iloc[0][:7]
    by_month = A.keyness(corpus, period=month, min_count=1)
    by_days = A.keyness(corpus, period=(f"{month}-01", f"{month}-31"), min_count=1)
    assert by_month.equals(by_days)


def test_actor_and_label_units_and_a_subcorpus_target(sample_build):
    corpus = ct.load(sample_build)
    source = corpus.documents["source"].value_counts().index[-1]
    actors = A.keyness(corpus, source=source, unit="actor", min_count=1)
    assert list(actors.columns[:2]) == ["term", "name"] and set(actors["term"]) <= set(corpus.actors["actor_id"])
    person = corpus.actors[corpus.actors["type"] == "person"].iloc[0]
    labels = A.keyness(corpus, actor=person["actor_id"], unit="label", min_count=1)
    assert labels["n_target"].sum() == len(A.labels(corpus, person["actor_id"]))
    sub = corpus.select(source=source)
    assert A.keyness(corpus, target=sub).attrs["part"] == f"source: {source}"
    with pytest.raises(ValueError, match="unit='word' is not one of"):
        A.keyness(corpus, source=source, unit="word")
    with pytest.raises(ValueError, match="exactly one of"):
        A.keyness(corpus, source=source, period="2020")


def test_a_term_is_a_word_quote_marks_brackets_and_numbers_are_not():
    import pandas as pd
    from corpus_tools.analysis.distinctive import terms_of
    lemmas = ["‘’", "“", "1960", "'e", "Niger", "dire", "aujourd'hui", "cessez-le-feu", "qu'", "G5", "«contagion",
              "h)"]
    terms = terms_of(pd.DataFrame({"lemma": lemmas, "upos": ["NOUN", "X", "NOUN", "NOUN", "PROPN", "VERB", "ADV",
                                                             "NOUN", "SCONJ", "PROPN", "NOUN", "NOUN"]}))
    assert terms[:4].isna().all()
    assert terms[4:].tolist() == ["Niger", "dire", "aujourd'hui", "cessez-le-feu", "qu'", "G5", "contagion", "h"]


def test_invented_lemmas_are_replaced_from_the_lexicon_and_proper_names_are_not():
    import pandas as pd
    from corpus_tools.analysis.distinctive import terms_of
    tokens = pd.DataFrame({"text": ["vaincus", "lançait", "Patrie", "djihadistes", "Lançait"],
                           "lemma": ["vaincer", "lançer", "Patrie", "djihadiste", "Lançer"],
                           "upos": ["VERB", "VERB", "NOUN", "NOUN", "PROPN"]})
    assert terms_of(tokens).tolist() == ["vaincre", "lancer", "patrie", "djihadiste", "Lançer"]


def test_the_sample_terms_are_case_folded_repaired_and_traced_to_their_words(sample_build):
    from corpus_tools.analysis.distinctive import term_rows, terms_of
    from corpus_tools.analysis.lexicon import REPAIRED_UPOS, repaired
    corpus = ct.load(sample_build)
    tokens = corpus.tokens
    terms = terms_of(tokens)
    common = terms.notna() & tokens["upos"].isin(REPAIRED_UPOS)     # nouns, verbs, adjectives, adverbs
    # no term the lexicon would still change: every invented lemma of a known form was replaced
    verbs = tokens.loc[common, "upos"].isin(["VERB", "AUX"])
    assert all(repaired(f.lower(), t, v) == t for f, t, v in zip(tokens.loc[common, "text"], terms[common], verbs))
    for source in corpus.documents["source"].unique():
        found = A.keyness(corpus, source=source, min_count=1)
        assert found["term"].str.lower().is_unique          # "Niger" and "niger": one term
        assert (found["term"].str.count(r"\w") >= 2).all()   # no lone letter ("x", an initial)
        top = found[found["n_target"] > 0].iloc[0]
        rows = term_rows(corpus.select(source=source), [top["term"]])
        assert len(rows) == top["n_target"] and set(rows["term"]) == {top["term"].lower()}
