"""Paragraphs: each sentence of a real build placed in the block of its text between blank lines."""
from __future__ import annotations

import re

import corpus_tools as ct
from corpus_tools.analysis.paragraphs import sentence_paragraphs
from corpus_tools.text.languages import spans


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
    assert [text[s:e] for s, e in spans(text)] == ["Un titre", "Première phrase.\nDeuxième ligne.",
                                                  "Dernier paragraphe."]


def test_the_paragraphs_the_text_stage_wrote_are_those_the_analyses_read(sample_build):
    corpus = ct.load(sample_build)
    table = corpus.read("paragraphs", ["doc_id", "para_idx", "start_char", "end_char"])
    texts = corpus.documents.set_index("doc_id")["text"]
    for doc_id, rows in table.groupby("doc_id"):
        assert list(zip(rows["start_char"], rows["end_char"])) == spans(texts[doc_id])
        assert rows["para_idx"].tolist() == list(range(len(rows)))
