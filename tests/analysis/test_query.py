"""The query language of `kwic(query=...)` and `select(query=...)`: CQP's common cases matched over
the tokens of a real build, checked against the tokens table itself; malformed queries name the
character where they go wrong."""
from __future__ import annotations

import re

import pandas as pd
import pytest

import corpus_tools as ct
from corpus_tools import analysis as A
from corpus_tools.analysis.query import parse, query_hits
from corpus_tools.fold import fold, unaccent


def spans(hits: pd.DataFrame) -> set[tuple[str, int, int]]:
    return set(zip(hits["doc_id"], hits["start_char"], hits["end_char"]))


def token_spans(tokens: pd.DataFrame) -> set[tuple[str, int, int]]:
    return set(zip(tokens["doc_id"], tokens["start_char"], tokens["end_char"]))


def test_lemma_and_part_of_speech_tests_match_the_tokens_table(sample_build):
    corpus = ct.load(sample_build)
    tokens = corpus.tokens
    verb = tokens.loc[tokens["upos"] == "VERB", "lemma"].value_counts().index[0]
    hits = query_hits(corpus, f'[lemma="{verb}" & pos="VERB"]')
    expected = tokens[(tokens["lemma"] == verb) & (tokens["upos"] == "VERB")]
    assert len(hits) == len(expected) > 0 and spans(hits) == token_spans(expected)
    others = query_hits(corpus, f'[lemma="{verb}" & pos!="VERB"]')
    assert spans(others) == token_spans(tokens[(tokens["lemma"] == verb) & (tokens["upos"] != "VERB")])
    either = query_hits(corpus, '[pos="NOUN|PROPN"]')
    assert len(either) == tokens["upos"].isin(["NOUN", "PROPN"]).sum()
    assert len(query_hits(corpus, '[!(pos="NOUN" | pos="PROPN")]')) == len(tokens) - len(either)


def test_a_sequence_matches_adjacent_tokens_of_one_sentence(sample_build):
    corpus = ct.load(sample_build)
    tokens = corpus.tokens
    after = tokens.shift(-1)
    same_sentence = (after["doc_id"] == tokens["doc_id"]) & (after["sent_idx"] == tokens["sent_idx"])
    pairs = tokens[same_sentence & (tokens["upos"] == "DET") & (after["upos"] == "NOUN")]
    hits = query_hits(corpus, '[pos="DET"] [pos="NOUN"]')
    assert len(hits) == len(pairs) > 0
    assert set(zip(hits["doc_id"], hits["start_char"])) == set(zip(pairs["doc_id"], pairs["start_char"]))
    assert set(hits["end_char"]) == set(after.loc[pairs.index, "end_char"].astype(int))
    # An optional determiner: every proper noun is matched once, with the determiner before it if any.
    proper = query_hits(corpus, '[pos="DET"]? [pos="PROPN"]')
    assert len(proper) == (tokens["upos"] == "PROPN").sum()
    assert len(query_hits(corpus, '[pos="DET"] [pos="PROPN"]')) < len(proper)


def test_a_match_never_crosses_a_sentence(sample_build):
    corpus = ct.load(sample_build)
    hits = query_hits(corpus, "[]{2}")
    sizes = corpus.tokens.groupby(["doc_id", "sent_idx"]).size()
    assert len(hits) == (sizes // 2).sum()
    bounds = corpus.sentences.set_index(["doc_id", "sent_idx"])
    for hit in hits.itertuples():
        sentence = bounds.loc[(hit.doc_id, hit.sent_idx)]
        assert sentence["start_char"] <= hit.start_char < hit.end_char <= sentence["end_char"]
    longest = query_hits(corpus, "[]+")          # a repetition takes as many tokens as it can
    assert len(longest) == len(sizes)


def test_words_fold_case_and_accents_and_quoted_values_follow_cqp_flags(sample_build):
    corpus = ct.load(sample_build)
    words = corpus.tokens["text"]
    word = next(w for w in words.value_counts().index if w[:1].isupper() and unaccent(w) != w and w.isalpha())
    count = lambda keep: int(words.map(keep).sum())  # noqa: E731
    assert len(query_hits(corpus, f'"{word}"')) == count(lambda w: w == word)
    assert len(query_hits(corpus, f'"{word.lower()}"')) == count(lambda w: w == word.lower())
    assert len(query_hits(corpus, f'"{word.lower()}"%c')) == count(lambda w: w.lower() == word.lower())
    assert len(query_hits(corpus, f'"{unaccent(word)}"%d')) == count(lambda w: unaccent(w) == unaccent(word))
    folded = count(lambda w: fold(w) == fold(word))
    assert len(query_hits(corpus, f'"{fold(word)}"%cd')) == folded
    assert len(query_hits(corpus, f'[word="{fold(word).upper()}"%cd]')) == folded
    assert len(query_hits(corpus, fold(word).upper())) == folded            # a bare word: folded
    stem = fold(word)[:3]
    regex = query_hits(corpus, f'[word="{stem}.*"%cd]')
    assert len(regex) == count(lambda w: fold(w).startswith(stem))
    assert spans(query_hits(corpus, f"{stem}*")) == spans(
        query_hits(corpus, f'[word="{stem}[^\\W_]*"%cd]'))                   # `*` in a bare word: letters
    assert len(query_hits(corpus, '"."%l')) == count(lambda w: w == ".")
    assert len(query_hits(corpus, '"."')) == count(lambda w: len(w) == 1)


def test_bare_words_find_what_the_phrase_search_finds(sample_build):
    corpus = ct.load(sample_build)
    tokens = corpus.tokens.reset_index(drop=True)
    sentence = tokens["doc_id"] + "/" + tokens["sent_idx"].astype(str)
    elided = tokens.index[tokens["text"].str.fullmatch(r"[a-z]['’]") & tokens["text"].shift(-1).fillna("").str.isalpha()
                          & tokens["text"].shift(-2).fillna("").str.isalpha() & (sentence.shift(-2) == sentence)]
    first = int(elided[0])
    phrase = tokens.loc[first, "text"] + tokens.loc[first + 1, "text"] + " " + tokens.loc[first + 2, "text"]
    query = fold(phrase).upper().replace("'", "’")      # l'X as the typographer writes it: two tokens
    lines = A.kwic(corpus, query=query)
    assert len(lines) >= 1
    assert spans(lines) == spans(A.kwic(corpus, phrase=phrase))


def test_a_bare_word_may_hold_the_periods_of_an_abbreviation(sample_build):
    corpus = ct.load(sample_build)
    tokens = corpus.tokens.reset_index(drop=True)
    abbreviated = tokens[tokens["text"].str.fullmatch(r"[A-Z][a-z]?\.")]
    assert len(abbreviated), "the sample holds an abbreviation such as 'M.'"
    word = abbreviated["text"].iloc[0]
    hits = A.kwic(corpus, query=word.lower(), per="outlet")
    assert len(hits) == int((tokens["text"].str.lower() == word.lower()).sum())


def test_kwic_lines_of_a_query_span_its_tokens(sample_build):
    corpus = ct.load(sample_build)
    lines = A.kwic(corpus, query='[pos="ADJ"]{2,}', window=30, sort="right")
    assert list(lines.columns) == list(A.kwic(corpus, word="*").columns)
    texts = corpus.documents.set_index("doc_id")["text"]
    adjectives = corpus.tokens[corpus.tokens["upos"] == "ADJ"]
    starts = set(zip(adjectives["doc_id"], adjectives["start_char"]))
    ends = set(zip(adjectives["doc_id"], adjectives["end_char"]))
    assert len(lines) > 0
    for line in lines.itertuples():
        assert texts[line.doc_id][line.start_char:line.end_char] == line.match and len(line.match.split()) >= 2
        assert (line.doc_id, line.start_char) in starts and (line.doc_id, line.end_char) in ends
    assert lines["right"].map(lambda s: fold(s).strip()).is_monotonic_increasing


def test_select_keeps_the_documents_with_a_match(sample_build):
    corpus = ct.load(sample_build)
    query = '[pos="PROPN"] [pos="PROPN"] [pos="PROPN"]'
    hits = query_hits(corpus, query)
    sub = corpus.select(query=query)
    assert sorted(sub.doc_ids) == sorted(set(hits["doc_id"])) and 0 < len(sub.doc_ids)
    assert sub.criteria == [f"query: {query}"]
    source = corpus.documents["source"].iloc[0]
    both = corpus.select(source=source, query=query)
    assert set(both.doc_ids) == set(sub.doc_ids) & set(corpus.select(source=source).doc_ids)
    assert set(A.kwic(sub, query=query)["doc_id"]) <= set(sub.doc_ids)


def test_a_query_reads_only_the_token_columns_it_tests(sample_build, table_reads):
    reads = table_reads
    corpus = ct.load(sample_build)
    source = corpus.read("documents", ["source"])["source"].iloc[0]
    reads.clear()
    corpus.select(source=source, query='[lemma="avoir"] [pos="VERB"]')
    tokens = [r for r in reads if r[0] == "tokens"]
    # the words too: a lemma the model invented is read as the lexicon's lemma of its word
    assert tokens == [("tokens", ("doc_id", "sent_idx", "start_char", "end_char", "lemma", "text", "upos"), True)]
    assert all(columns is None or "text" not in columns for name, columns, _ in reads if name == "documents")


@pytest.mark.parametrize("query, message", [
    ('[lemma="dire" &]', r"character 16: expected a test such as lemma=\"...\""),
    ('"guerre', r"character 1: this quotation mark is never closed"),
    ('[upos="NOUN"]', r"character 2: unknown attribute 'upos': use word, lemma, pos"),
    ('[word="("]', r"character 8: '\(' is not a regular expression"),
    ("guerre?", r"character 7: a bare word takes no repetition .* write \(guerre\)\?"),
    ('[]{3,1}', r"character 3: repetition \{3,1\}: the most is below the least"),
    ('"guerre"%x', r"character 9: unknown flag 'x'"),
    ("chef )", r"character 6: unexpected '\)'"),
    ('("chef" "de"', r"character 13: expected '\)' closing the group, found the end"),
    ("  ", r"character 3: empty query"),
    ("'guerre'", r"character 1: values go in double quotes"),
    ("[lemma=dire]", r"character 8: expected a value in double quotes after lemma=, found 'd'"),
])
def test_a_malformed_query_names_the_character_where_it_goes_wrong(query, message):
    with pytest.raises(ValueError, match=f"^query {re.escape(repr(query))}, " + message):
        parse(query)


def test_a_query_that_may_match_nothing_is_refused(sample_build):
    corpus = ct.load(sample_build)
    for query in ('[pos="DET"]*', '"le"? []{0,2}', '("le"? | "la") "de"?'):
        with pytest.raises(ValueError, match=r"may match no token at all"):
            A.kwic(corpus, query=query)
    with pytest.raises(ValueError, match="give exactly one of actor, word, lemma, phrase, query"):
        A.kwic(corpus, word="x", query="x")
    assert A.kwic(corpus, query='[pos="NO SUCH TAG"]').empty
