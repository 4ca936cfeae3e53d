"""Words in the corpus's language: the analyses that read lemmas -- lemma counts, keyness, lemma
concordances -- count only the words of paragraphs in the language of the NLP models
(`nlp.lexicon.LANG`, French); the text stage told each paragraph's language (the `paragraphs`
table).  A French model's lemmas of an English paragraph are no French words ("the", "said").

A build without a `paragraphs` table (made before it existed) has every word counted.
"""
from __future__ import annotations

import pandas as pd
import pyarrow.compute as pc

from ..nlp.lexicon import LANG

SPAN_COLUMNS = ["doc_id", "start_char", "end_char"]


def foreign_paragraphs(corpus) -> pd.DataFrame:
    """(doc_id, start_char, end_char) of the corpus's paragraphs in another language than the
    models' (a paragraph whose language could not be told is not one), read once per corpus."""
    def compute() -> pd.DataFrame:
        if "paragraphs" not in corpus.tables:
            return pd.DataFrame({c: pd.Series(dtype=object if c == "doc_id" else "int64") for c in SPAN_COLUMNS})
        return corpus.read("paragraphs", SPAN_COLUMNS, pc.field("lang") != LANG)
    return corpus.memo("foreign paragraphs", compute)


def in_corpus_language(tokens: pd.DataFrame, foreign: pd.DataFrame) -> pd.DataFrame:
    """The rows of `tokens` (doc_id, start_char, ...) outside every `foreign` paragraph.

    >>> tokens = pd.DataFrame({"doc_id": ["a", "a", "b"], "start_char": [0, 40, 40], "lemma": ["le", "the", "la"]})
    >>> english = pd.DataFrame({"doc_id": ["a"], "start_char": [30], "end_char": [60]})
    >>> in_corpus_language(tokens, english)["lemma"].tolist()
    ['le', 'la']
    """
    if foreign.empty or tokens.empty:
        return tokens
    suspect = tokens[tokens["doc_id"].isin(foreign["doc_id"])]
    if suspect.empty:
        return tokens
    # each word against the last foreign paragraph starting at or before it (paragraphs never overlap)
    words = suspect[["doc_id", "start_char"]].astype({"start_char": "int64"}).reset_index(names="row")
    spans = foreign.astype({"start_char": "int64", "end_char": "int64"}).rename(columns={"end_char": "para_end"})
    located = pd.merge_asof(words.sort_values("start_char"), spans.sort_values("start_char"), on="start_char",
                            by="doc_id", direction="backward")
    inside = located.loc[located["start_char"] < located["para_end"], "row"]
    return tokens.drop(index=inside.unique())
