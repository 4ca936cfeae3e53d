"""The labels extractor: the `labels` rows of a chunk of documents, found mention by mention -- a
title mention is a label in itself; next to a name, a prenominal label, appositions, a nominal
predicate or a relative clause -- then the document's later definite descriptions."""
from __future__ import annotations

import pandas as pd

from ....actors import appositions
from ....nlp.parse import Sentence, Token, feature, folded_lemma, sentences_by_document
from ..base import ChunkTables
from ..mention import Mention, mentions_by_document
from .definite import definite_descriptions
from .phrases import (acceptable, apposition_phrase, first_noun, honorific, is_role_noun, leading_noun, linked,
                      predicate, prenominal, relative)
from .rows import COLUMNS, Label, label_row, unique

CLOSING = {",", ".", ";", ":", ")", "!", "?", "»", "-", "–", "—"}


def document_labels(chunk: ChunkTables) -> pd.DataFrame:
    """The `labels` table of some documents: every label of every mention (columns `COLUMNS`)."""
    by_document = sentences_by_document(chunk.tokens)
    texts = dict(zip(chunk.documents["doc_id"], chunk.documents["text"]))
    rows = []
    for doc_id, mentions in mentions_by_document(chunk.mentions):
        found = labels_of_document(mentions, by_document.get(doc_id, {}))
        rows.extend(label_row(texts[doc_id], label) for label in found)
    return pd.DataFrame(rows, columns=COLUMNS)


def labels_of_document(mentions: list[Mention], by_sentence: dict[int, Sentence]) -> list[Label]:
    """Every label of a document's mentions, in text order, the definite descriptions last."""
    people = [(m.start_char, m.end_char) for m in mentions if m.kind == "name" and m.ner == "PER"]
    found: list[Label] = []
    for m in mentions:
        sent = by_sentence.get(m.sent_idx)
        if sent is not None and describable(m, sent):
            found.extend(mention_labels(m, sent, people))
    found = unique(found, mentions)
    found += definite_descriptions(found, mentions, by_sentence)
    return found


def describable(m: Mention, sent: Sentence) -> bool:
    """Whether labels can attach to a mention: names, titles, capitals and nouns of nationality
    ("les Turcs"), not the demonym adjectives that describe another noun ("le président turc")."""
    if m.kind == "demonym" and m.method != "capital":
        head = sent.span_head(m.start_char, m.end_char)
        return head is not None and head.text[:1].isupper() and head.upos in ("NOUN", "PROPN")
    return True


def mention_labels(m: Mention, sent: Sentence, people: list[tuple[int, int]]) -> list[Label]:
    """The labels next to one mention (a title mention is a label in itself)."""
    if m.kind == "title":
        inside = [t for t in sent.inside(m.start_char, m.end_char) if t.upos != "DET"]
        head = first_noun(inside)
        return [Label(m, tuple(inside), head, "title")] if head is not None else []
    name_head = sent.span_head(m.start_char, m.end_char)
    if name_head is None:
        return []
    plural_ok = feature(name_head, "Number") == "Plur"   # "les Etats-Unis, premiers ..."; never for a person
    before = prenominal(sent, m, people)
    if before and not linked(sent, first_noun(before), [name_head], m, before):
        before = []                                  # "..., analyse Bakary Traoré": a verb the tagger took for a noun
    if not before and m.method != "collective":      # a collective's own noun ("l'armée française") is its name
        before = leading_noun(sent, m)
    found = [Label(m, tuple(before), first_noun(before), "prenominal")] if before else []
    anchors = [name_head] + ([first_noun(before)] if before else [])
    name_words = sent.inside(m.start_char, m.end_char)
    opening = opening_word(sent, before[0] if before else name_words[0])
    others = [(s, e) for s, e in people if not (s == m.start_char and e == m.end_char)]
    end = with_acronym(sent, name_words[-1])
    for apposition in appositions(sent.words, opening.start_char, end, others):
        if apposition.side == "before" and not apposition.comma:
            continue                                 # the prenominal label, read above
        phrase = apposition_phrase(apposition.tokens, apposition.side)
        if not phrase or not acceptable(phrase, plural_ok):
            continue
        if apposition.side == "after" and (titles_someone(sent, apposition.tokens[-1], others)
                                           or fronted(sent, opening) or infinitive_after(sent, apposition.tokens)):
            continue                                 # "Jérusalem, le Premier ministre Benjamin N.", "A Munich, l'idée"
        if apposition_of(sent, apposition, phrase, anchors, m):
            found.append(Label(m, tuple(phrase), first_noun(phrase), "apposition"))
    for pattern, phrase in (("predicate", predicate(sent, opening, m.end_char, anchors)),
                            ("relative", relative(sent, m.end_char))):
        if phrase and acceptable(phrase, plural_ok):
            found.append(Label(m, tuple(phrase), first_noun(phrase), pattern))
    return found


def apposition_of(sent: Sentence, apposition, phrase: list[Token], anchors: list[Token], m: Mention) -> bool:
    """Whether a phrase set off by a comma is an apposition of the name: after the name, closed
    (`closes`); joined to it by the parse (for a person, naming a role: "avec le président X, la
    possibilité d'une mission" is an object); or, before a person's name that ends the clause, a
    role opened by a determiner ("a estimé le ministre des Affaires étrangères iranien, Mohammad
    Javad Zarif, sur ..."), which "qui a révélé l'information, son frère Jean-Michel" is not."""
    article = sent.next_word(apposition.tokens[0], -1)
    if apposition.side == "after" and article is not None and feature(article, "PronType") == "Dem":
        following = sent.next_word(apposition.tokens[-1])     # "X, cette rétrospective qui ...": a new subject
        return following is None or following.upos == "PUNCT"
    if apposition.side == "after" and closes(sent, apposition.tokens[-1]):
        return True
    if linked(sent, first_noun(phrase), anchors, m):   # a person's is a role ("X, la possibilité de ..." is not)
        return m.ner != "PER" or is_role_noun(first_noun(phrase))
    if apposition.side == "after":
        return False
    opener = sent.next_word(phrase[0], -1)
    last = sent.inside(m.start_char, m.end_char)[-1]
    return (m.ner == "PER" and is_role_noun(first_noun(phrase)) and opener is not None and opener.upos == "DET"
            and closes(sent, last))


def fronted(sent: Sentence, opening: Token) -> bool:
    """Whether a name opens its sentence inside a preposition ("A Munich, l'idée ...", "Pour M.
    Poutine, toute présence ..."): the comma after it ends that phrase, no apposition follows."""
    before = sent.words[:sent.position[opening.tok_idx]]
    return bool(before) and before[0].upos == "ADP" and all(t.upos in ("ADP", "DET") or honorific(t) for t in before)


def with_acronym(sent: Sentence, last: Token) -> int:
    """The end of a name followed by its acronym in parentheses ("Conseil national de la résistance
    iranienne (CNRI), entité ...": the apposition follows the parenthesis)."""
    opening = sent.next_word(last)
    acronym = sent.next_word(opening) if opening is not None and opening.text == "(" else None
    closing = sent.next_word(acronym) if acronym is not None else None
    if acronym is not None and acronym.text.isupper() and closing is not None and closing.text == ")":
        return closing.end_char
    return last.end_char


def infinitive_after(sent: Sentence, run: list[Token]) -> bool:
    """Whether a run ends with a preposition opening a verb ("X, la volonté de l'alliance d'aider ..."):
    a noun with a clause of its own, the object of some verb, not an apposition."""
    following = sent.next_word(run[-1])
    return run[-1].upos == "ADP" and following is not None and following.upos == "VERB"


def closes(sent: Sentence, word: Token) -> bool:
    """Whether punctuation, the end of the sentence, a relative pronoun or a participle follows
    `word`: an apposition so closed ("X, le puissant lobby pro-armes, ...", "X, un parti ...
    fondé en 1965") needs no confirmation from the parse, one followed by a finite verb does
    ("Après avoir rencontré le président turc, X a annoncé")."""
    after = sent.next_word(word)
    return (after is None or after.upos == "PUNCT" and after.text in CLOSING or folded_lemma(after) == "qui"
            or (after.upos == "VERB" and feature(after, "VerbForm") == "Part"))


def titles_someone(sent: Sentence, last: Token, people: list[tuple[int, int]]) -> bool:
    """Whether a person's name follows a run right after its `last` word, or after a comma (the run
    is that person's title: "Interrogé à Pékin, le porte-parole de la diplomatie chinoise, Lu Kang")."""
    after = sent.next_word(last)
    if after is not None and after.text == ",":
        after = sent.next_word(after)
    return after is not None and any(s <= after.start_char < e for s, e in people)


def opening_word(sent: Sentence, word: Token) -> Token:
    """The first word of the noun phrase `word` starts once its determiner is counted ("le maréchal")."""
    before = sent.next_word(word, -1)
    return before if before is not None and before.upos == "DET" else word

