"""Sentence repair: undo the sentence boundaries a model draws where French text has none.

Models cut after a title ("M. | Stoltenberg"), an initial, inside a name ("Hulusi | Akar"), after
a colon ("Et d'ajouter : | « ... »") and inside open quotation marks ("« Nos relations sont
cruciales. | Notre objectif ... »").  `repair_sentences` joins such pieces, whatever the backend,
and renumbers tokens and entities so that every later table sees the repaired sentences; each
boundary undone is one row of the `sentence_repairs` table (the rule that undid it included).

It is a pure function of a document's text and annotation, applied when annotation is read from
the cache (`AnnotationCache(..., repair=repair_sentences)`): the cache holds what the model said,
so changing these rules re-annotates nothing.  The rules' words live in
`data/sentence_repair.yaml`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..userfiles import shipped_yaml

REPAIR_COLUMNS = ["doc_id", "sent_idx", "start_char", "rule", "text"]
INITIAL = re.compile(r"^(?:[A-ZÀ-Ý]\.)(?:-?[A-ZÀ-Ý]\.)*$")
CONTEXT = 25   # characters of each piece shown in `sentence_repairs.text`


class RepairRules(NamedTuple):
    """The words and characters of `data/sentence_repair.yaml`."""
    titles: frozenset[str]
    abbreviations: frozenset[str]
    terminal: str
    paired_quotes: dict[str, str]
    straight_quotes: str


class Piece(NamedTuple):
    """One sentence as the model cut it."""
    sent_idx: int
    start: int
    end: int


@lru_cache(maxsize=1)
def repair_rules() -> RepairRules:
    """The rules of the shipped data file, read once."""
    data = shipped_yaml("nlp", "sentence_repair")
    return RepairRules(frozenset(map(str, data["title_abbreviations"])),
                       frozenset(map(str, data["other_abbreviations"])), data["terminal"],
                       dict(data["paired_quotes"]), data["straight_quotes"])


def boundary_rule(text: str, piece: Piece, after: Piece, entity_starts: set[int],
                  rules: RepairRules | None = None) -> str | None:
    """Why the boundary between `piece` and the `after` piece of `text` is no sentence end, or None.

    >>> text = "M. Stoltenberg a parlé. Il part."
    >>> boundary_rule(text, Piece(0, 0, 2), Piece(1, 3, 23), set())
    'title-abbreviation'
    >>> boundary_rule(text, Piece(0, 0, 23), Piece(1, 24, 32), set()) is None
    True
    """
    rules = rules or repair_rules()
    if "\n" in text[piece.end:after.start]:
        return None                                    # a paragraph ends: the model is right
    head = text[piece.start:piece.end].rstrip()
    tail = text[after.start:after.end].lstrip()
    last_word = head.rsplit(None, 1)[-1] if head else ""
    starts_upper = tail[:1].isupper()
    if inside_quotation(text, piece.end, after.start, rules):
        return "open-quote"
    if last_word.endswith(".") and starts_upper and last_word[:-1] in rules.titles:
        return "title-abbreviation"
    if last_word.endswith(".") and last_word[:-1] in rules.abbreviations:
        return "abbreviation"
    if starts_upper and INITIAL.match(last_word):
        return "initial"
    if head and head[-1] not in rules.terminal:
        return "name" if after.start in entity_starts else "unfinished"
    if tail[:1].islower():
        return "lowercase"
    return None


def inside_quotation(text: str, end: int, start: int, rules: RepairRules) -> bool:
    """Whether the boundary [end, start) lies between an opening quotation mark and its closing
    mark in the same paragraph."""
    para_start = text.rfind("\n", 0, end) + 1
    para_end = text.find("\n", start)
    before = text[para_start:end]
    after = text[start:len(text) if para_end < 0 else para_end]
    for opening, closing in rules.paired_quotes.items():
        if before.count(opening) > before.count(closing) and closing in after:
            return True
    return any(before.count(mark) % 2 == 1 and mark in after for mark in rules.straight_quotes)


def repair_sentences(tables: dict[str, pd.DataFrame], texts: pd.Series) -> dict[str, pd.DataFrame]:
    """The `sentences`, `tokens` and `entities` of some documents (doc_id first, sorted in
    document order) with wrong boundaries undone, plus their `sentence_repairs` rows.

    `texts` maps doc_id to the document text the offsets index into.  Sentence indices stay
    0-based and consecutive; the words of a joined sentence are numbered on from the first
    piece's (heads follow; each piece keeps its own root)."""
    sentences, tokens, entities = tables["sentences"], tables["tokens"], tables["entities"]
    joined, repairs = find_joins(sentences, entities, texts)
    out = dict(tables)
    out["sentence_repairs"] = pd.DataFrame(repairs, columns=REPAIR_COLUMNS).astype(
        {"sent_idx": "int64", "start_char": "int64"})
    if not joined.any():
        return out
    plan = renumbering(sentences, tokens, joined)
    out["sentences"] = joined_sentences(sentences, plan, texts)
    out["tokens"] = renumbered(tokens, plan, words=True)
    out["entities"] = renumbered(entities, plan, words=False)
    return out


def find_joins(sentences: pd.DataFrame, entities: pd.DataFrame,
               texts: pd.Series) -> tuple[np.ndarray, list[tuple]]:
    """Per sentence row, whether it joins the one before; and one repair row per join
    (its sent_idx still to be renumbered, filled in here from the running count)."""
    rules = repair_rules()
    texts = texts.to_dict()
    starts = entities.groupby("doc_id")["start_char"].agg(set).to_dict() if len(entities) else {}
    joined = np.zeros(len(sentences), dtype=bool)
    repairs: list[tuple] = []
    columns = [sentences[c].tolist() for c in ("doc_id", "sent_idx", "start_char", "end_char")]
    previous: tuple | None = None
    new_idx = -1
    for row, (doc_id, sent_idx, start, end) in enumerate(zip(*columns)):
        piece = Piece(sent_idx, start, end)
        rule = None
        if previous is not None and previous[0] == doc_id:
            text = texts[doc_id]
            rule = boundary_rule(text, previous[1], piece, starts.get(doc_id, set()), rules)
        else:
            new_idx = -1
        if rule:
            joined[row] = True
            repairs.append((doc_id, new_idx, start, rule, context(texts[doc_id], previous[1].end, start)))
        else:
            new_idx += 1
        previous = (doc_id, piece)
    return joined, repairs


def context(text: str, end: int, start: int) -> str:
    """The words on both sides of a boundary, the boundary shown as ' | '."""
    before, after = text[max(0, end - CONTEXT):end], text[start:start + CONTEXT]
    return f"{' '.join(before.split())} | {' '.join(after.split())}"


def renumbering(sentences: pd.DataFrame, tokens: pd.DataFrame, joined: np.ndarray) -> pd.DataFrame:
    """(doc_id, sent_idx) -> new sentence index and the number added to its word indices."""
    plan = sentences[["doc_id", "sent_idx"]].copy()
    plan["new_idx"] = pd.Series(~joined, index=plan.index).astype("int64").groupby(plan["doc_id"]).cumsum() - 1
    words = tokens.groupby(["doc_id", "sent_idx"])["tok_idx"].max()
    plan["words"] = words.reindex(pd.MultiIndex.from_frame(plan[["doc_id", "sent_idx"]])).fillna(0).to_numpy()
    plan["word_offset"] = (plan.groupby(["doc_id", "new_idx"])["words"].cumsum() - plan["words"]).astype("int64")
    return plan[["doc_id", "sent_idx", "new_idx", "word_offset"]]


def renumbered(frame: pd.DataFrame, plan: pd.DataFrame, words: bool) -> pd.DataFrame:
    """`frame` with sentence indices (and, for tokens, word and head indices) of the repaired sentences."""
    columns = list(frame.columns)
    out = frame.merge(plan, on=["doc_id", "sent_idx"], how="left", sort=False)
    out["sent_idx"] = out["new_idx"].astype("int64")
    if words:
        out["tok_idx"] = out["tok_idx"] + out["word_offset"]
        out["head"] = np.where(out["head"] > 0, out["head"] + out["word_offset"], 0)
    return out[columns]


def joined_sentences(sentences: pd.DataFrame, plan: pd.DataFrame, texts: pd.Series) -> pd.DataFrame:
    """One row per repaired sentence: first start, last end, and the document text between."""
    frame = sentences.assign(sent_idx=plan["new_idx"].to_numpy())
    out = frame.groupby(["doc_id", "sent_idx"], sort=False).agg(
        start_char=("start_char", "min"), end_char=("end_char", "max")).reset_index()
    out["text"] = [texts[d][s:e] for d, s, e in zip(out["doc_id"], out["start_char"], out["end_char"])]
    return out[list(sentences.columns)]
