"""Paragraphs: each sentence of a real build placed in the block of its text between blank lines."""
from __future__ import annotations

import re

import corpus_tools as ct
from corpus_tools.analysis.paragraphs import paragraph_starts, sentence_paragraphs


def test_each_sentence_lies_in_the_paragraph_it_is_given(sample_build):
    corpus = ct.load(sample_build)
    located = sentence_paragraphs(corpus)
    sentences = corpus.sentences.merge(located, on=["doc_id", "sent_idx"])
    assert len(located) == len(corpus.sentences) == len(sentences)
    texts = corpus.documents.set_index("doc_id")["text"]
    for s in sentences.itertuples():
        blocks = [b for b in re.split(r"\n\s*\n", texts[s.doc_id].strip()) if b.strip()]
        assert texts[s.doc_id][s.start_char:s.end_char] in blocks[s.para_idx]
    for _, rows in sentences.groupby("doc_id"):
        assert rows.sort_values("sent_idx")["para_idx"].is_monotonic_increasing
    assert sentences.groupby("doc_id")["para_idx"].max().gt(0).all()      # every sample article has paragraphs


def test_a_line_break_stays_inside_its_paragraph():
    text = "Un titre\n\nPremière phrase.\nDeuxième ligne.\n\n\n  Dernier paragraphe."
    starts = paragraph_starts(text)
    assert [text[s:].split("\n")[0] for s in starts] == ["Première phrase.", "Dernier paragraphe."]
