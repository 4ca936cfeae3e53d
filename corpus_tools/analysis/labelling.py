"""With which labels: the descriptors a text attaches to an actor itself, per mention.

Patterns (the `labels.pattern` column):
- ``prenominal``: a title or noun phrase right before the name ("le maréchal Khalifa Haftar",
  "du général renégat Khalifa Haftar", "le chef de guerre Khalifa Haftar");
- ``apposition``: a noun phrase set off by a comma, before or after the name ("le ministre russe
  des Affaires étrangères, Sergueï Lavrov", "Khalifa Haftar, l'homme fort de l'est libyen"),
  read by the actors stage's own reader of appositions (`corpus_tools.actors.appositions`);
- ``predicate``: a nominal predicate ("X est un ancien général", "X est devenu le chef de ...");
- ``relative``: the same in a relative clause ("X, qui est le secrétaire général de l'OTAN");
- ``title``: a role title the actors stage resolved to the actor ("le secrétaire général de l'OTAN
  a déclaré": a mention of kind 'title');
- ``definite``: a later definite description repeating an earlier label of one actor of the
  document ("le maréchal", "l'ancien général").
Nouns that govern the name are no labels ("la volonté de l'alliance d'aider X", "l'administration
Trump"), nor are demonyms: "le président turc" labels the president, never Turquie.  Word lists
are in `analysis/data/labels.yaml` and `verbs.yaml`.

The build writes the `labels` table (`document_labels`, registered below); `labels` and
`labels_by_source` read it for one actor.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

import pandas as pd

from ..actors import appositions
from ..actors.normalize import HONORIFICS, TITLE_HEADS
from ..fold import fold
from ..nlp.parse import Sentence, Token, feature, folded_lemma, sentences_by_document
from . import counting
from .distinctive import g2, log_ratio
from .stage import ChunkTables, register_analysis
from .syntax import Mention, mentions_by_document
from .wordlists import words

MAX_LABEL_WORDS = 10
NOMINAL = {"NOUN", "ADJ", "ADP", "DET", "PROPN"}
CLOSING = {",", ".", ";", ":", ")", "!", "?", "»", "-", "–", "—"}
COLUMNS = ["doc_id", "sent_idx", "start_char", "end_char", "actor_id", "mention_kind", "label", "label_norm",
           "head", "pattern", "mention_start", "mention_end"]


class Label(NamedTuple):
    """One label found next to one mention (a `labels` row, with its words for later patterns)."""
    mention: Mention
    words: tuple[Token, ...]
    head: Token
    pattern: str


# ---------------------------------------------------------------- the analysis the build runs

def document_labels(chunk: ChunkTables) -> pd.DataFrame:
    """The `labels` table of some documents: every label of every mention (columns `COLUMNS`)."""
    by_document = sentences_by_document(chunk.tokens)
    texts = dict(zip(chunk.documents["doc_id"], chunk.documents["text"]))
    rows = []
    for doc_id, mentions in mentions_by_document(chunk.mentions):
        found = labels_of_document(mentions, by_document.get(doc_id, {}))
        rows.extend(label_row(texts[doc_id], label) for label in found)
    return pd.DataFrame(rows, columns=COLUMNS)


register_analysis("labels", document_labels)


def labels_of_document(mentions: list[Mention], by_sentence: dict[int, Sentence]) -> list[Label]:
    """Every label of a document's mentions, in text order, the definite descriptions last."""
    people = [(m.start_char, m.end_char) for m in mentions if m.kind == "name" and m.label == "PER"]
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
    before = before or leading_noun(sent, m)
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
        return m.label != "PER" or is_role_noun(first_noun(phrase))
    if apposition.side == "after":
        return False
    opener = sent.next_word(phrase[0], -1)
    last = sent.inside(m.start_char, m.end_char)[-1]
    return (m.label == "PER" and is_role_noun(first_noun(phrase)) and opener is not None and opener.upos == "DET"
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


# ---------------------------------------------------------------- reading noun phrases

def prenominal(sent: Sentence, m: Mention, people: list[tuple[int, int]]) -> list[Token]:
    """The label right before a name, without its determiner ("le chef de guerre X" -> "chef de
    guerre"); [] when none.  In "la visite du président turc X", "président turc" (a role noun
    after "de" starts a label of its own); in "le ministre belge des Affaires étrangères et de la
    Défense X", the whole phrase.  A label has a determiner ("du maréchal X"): "en cause X",
    "avec virulence X" are none."""
    others = [(s, e) for s, e in people if not (s == m.start_char and e == m.end_char)]
    run = next((a.tokens for a in appositions(sent.words, m.start_char, m.end_char, others)
                if a.side == "before" and not a.comma), [])
    if not run or run[-1].upos in ("DET", "ADP") or honorific(run[-1]):
        return []
    run = coordinated(sent, run, others)
    phrase = run[label_start(run):]
    while phrase and phrase[0].upos not in ("NOUN", "ADJ"):
        phrase = phrase[1:]
    phrase = nominalised(phrase)
    if not phrase or not acceptable(phrase, feature(sent.span_head(m.start_char, m.end_char), "Number") == "Plur",
                                    before_name=True):
        return []
    opener = sent.next_word(phrase[0], -1)
    if opener is not None and opener.upos != "DET":
        return []                                    # "ce que démentent Alger": a verb the tagger took for a noun
    return phrase


def leading_noun(sent: Sentence, m: Mention) -> list[Token]:
    """A common noun the name span itself starts with ("groupe État islamique", "ONG Reporters sans
    frontières"), and the adjectives after it, up to the capitalised name."""
    inside = sent.inside(m.start_char, m.end_char)
    phrase = []
    for word in inside[:-1]:
        if word.text[:1].isupper() and not word.text.isupper():
            break
        phrase.append(word)
    if not phrase or phrase[0].upos != "NOUN" or any(t.upos not in ("NOUN", "ADJ") for t in phrase):
        return []
    return phrase if acceptable(phrase, feature(phrase[0], "Number") == "Plur", before_name=True) else []


def coordinated(sent: Sentence, run: list[Token], people: list[tuple[int, int]]) -> list[Token]:
    """A run starting with "de" after "et" extended over the first conjunct ("ministre des
    Affaires étrangères et | de la Défense X")."""
    before = sent.next_word(run[0], -1)
    if folded_lemma(run[0]) != "de" or before is None or before.upos != "CCONJ" or folded_lemma(before) != "et":
        return run
    more = [before]
    word = sent.next_word(before, -1)
    while word is not None and word.upos in NOMINAL and not any(s <= word.start_char < e for s, e in people) \
            and len(more) + len(run) < 2 * MAX_LABEL_WORDS:
        more.insert(0, word)
        word = sent.next_word(word, -1)
    return more + run if len(more) > 1 else run


def label_start(run: list[Token]) -> int:
    """Where the label begins in a run of nominal words ending right before a name: after the
    determiner or preposition that opens its noun phrase.  A complement "de X" without
    determiner belongs to it ("chef de guerre"); one with a determiner too ("ministre de la
    Défense", "chef du gouvernement"), unless X is a role noun ("la visite du président turc X")
    or no role noun comes before it ("d'anciens cadres du parti Baas")."""
    i = len(run) - 1
    while i >= 0:
        word = run[i]
        if word.upos == "CCONJ":
            i -= 1                                   # "des Affaires étrangères et de la Défense"
            continue
        if word.upos in ("DET", "ADP"):
            prep = i if word.upos == "ADP" else i - 1
            if prep <= 0 or run[prep].upos != "ADP" or not complement_preposition(run[prep]):
                return i + 1
            complement = first_noun(run[i + 1:])
            bare = word.upos == "ADP"
            if not bare and ((complement is not None and is_role_noun(complement)) or not role_before(run, prep)):
                return i + 1
            i = prep - 1
            continue
        if honorific(word):
            return i + 1
        i -= 1
    return 0


def complement_preposition(word: Token) -> bool:
    """'de', 'à', 'pour': prepositions whose complement belongs to a label."""
    return word.upos == "ADP" and folded_lemma(word) in words("labels", "complement_prepositions")


def role_before(run: list[Token], prep: int) -> bool:
    """Whether a role noun heads the words before the preposition at `prep` ("ministre turc" in
    "ministre turc de la Défense"), through complements ("chef de guerre de ...", "ministre
    des Affaires étrangères et de ...")."""
    j = prep - 1
    while j >= 0:
        word = run[j]
        if word.upos == "NOUN" and is_role_noun(word):
            return True
        complement_det = word.upos == "DET" and j > 0 and complement_preposition(run[j - 1])
        if not (word.upos in ("NOUN", "ADJ", "PROPN", "CCONJ") or complement_det
                or (word.upos == "ADP" and complement_preposition(word))):
            return False
        j -= 1
    return False


def apposition_phrase(run: list[Token], side: str) -> list[Token]:
    """The noun phrase of an apposition run set off by a comma: for a run before the name, from
    its determiner ("l'homme fort de l'est libyen, le maréchal X"); trailing determiners and
    prepositions left out."""
    phrase = run[label_start(run):] if side == "before" else list(run)
    if side == "after" and phrase and phrase[0].upos not in ("NOUN", "ADJ"):
        return []                                    # "X, dans un communiqué": a complement, not an apposition
    if side == "after" and phrase and phrase[0].upos == "NOUN" and participle(phrase[0]):
        return []                                    # "X, ironisant sur ...": the tagger took a participle for a noun
    while phrase and phrase[0].upos not in ("NOUN", "ADJ"):
        phrase = phrase[1:]
    while phrase and phrase[-1].upos in ("DET", "ADP"):
        phrase = phrase[:-1]
    return phrase if first_noun(phrase) is not None else []


def noun_phrase_after(sent: Sentence, word: Token | None) -> list[Token]:
    """The noun phrase starting at `word` (its determiner and adverbs skipped): adjectives, a head
    noun, its complements ("de", "à", "pour"); [] when no noun heads it.  The phrase ends where
    the parse leaves it ("le journaliste émanait": a verb the tagger took for a noun)."""
    while word is not None and word.upos in ("DET", "ADV") and folded_lemma(word) not in words("verbs", "negation"):
        word = sent.next_word(word)
    phrase: list[Token] = []
    while word is not None and len(phrase) < MAX_LABEL_WORDS:
        following = sent.next_word(word)
        if word.upos == "ADP" and not complement_preposition(word):
            break                                    # "le président américain dans un tweet"
        if not (word.upos in NOMINAL or (not phrase and ordinal(word))
                or (word.upos == "CCONJ" and phrase and phrase[-1].upos == "ADJ"
                    and following is not None and following.upos == "ADJ")):
            break                                    # "partenaire économique et diplomatique", "45e président"
        phrase.append(word)
        word = following
    phrase = subtree_prefix(phrase)
    while phrase and phrase[-1].upos in ("DET", "ADP", "CCONJ"):
        phrase.pop()
    if not phrase or (phrase[0].upos not in ("NOUN", "ADJ") and not ordinal(phrase[0])):
        return []
    return phrase if first_noun(phrase) is not None else []


def subtree_prefix(phrase: list[Token]) -> list[Token]:
    """The longest start of `phrase` that the parse keeps together: one word (its head) governed
    from outside, every other word governed from inside."""
    for end in range(len(phrase), 0, -1):
        ids = {t.tok_idx for t in phrase[:end]}
        if sum(t.head not in ids for t in phrase[:end]) <= 1:
            return phrase[:end]
    return phrase[:1]


def predicate(sent: Sentence, opening: Token, end: int, anchors: list[Token]) -> list[Token]:
    """"X est un ancien général", "X est devenu le chef de ...": the nominal predicate of a name
    (its noun phrase opening at `opening`) that is the subject of a copula; [] when none (or
    when it is negated)."""
    before = sent.next_word(opening, -1)
    if before is not None and before.upos in ("ADP", "DET"):
        return []                                    # "la ville de X est ...": X is no subject
    if not (any(a.deprel.startswith("nsubj") for a in anchors) or before is None or before.text in (",", "«", '"')):
        return []
    return copula_phrase(sent, next((t for t in sent.words if t.start_char >= end), None))


def relative(sent: Sentence, end: int) -> list[Token]:
    """"X, qui est le secrétaire général de ...": a copula in a relative clause right after the name."""
    comma = next((t for t in sent.words if t.start_char >= end), None)
    who = sent.next_word(comma) if comma is not None and comma.text == "," else None
    if who is None or folded_lemma(who) != "qui":
        return []
    return copula_phrase(sent, sent.next_word(who))


def copula_phrase(sent: Sentence, word: Token | None) -> list[Token]:
    """The noun phrase after a copula starting at `word` ("est (devenu) un ancien général")."""
    while word is not None and word.upos == "AUX" and folded_lemma(word) == "avoir":
        word = sent.next_word(word)                  # "a été", "avait été"
    if word is None or folded_lemma(word) not in words("verbs", "copular") or word.upos not in ("AUX", "VERB"):
        return []
    following = sent.next_word(word)
    if following is not None and folded_lemma(following) in words("verbs", "copular") and following.upos == "VERB":
        following = sent.next_word(following)        # "est devenu"
    return noun_phrase_after(sent, following)


def linked(sent: Sentence, phrase_head: Token | None, anchors: list[Token], m: Mention,
           phrase: list[Token] = ()) -> bool:
    """Whether the parse joins a label phrase to the name (`anchors`: the name's head word and
    the head of its prenominal label): one governs the other, the phrase hangs on a word of the
    name or the name on a word of the phrase, or both are the same argument of one word ("Le
    ministre russe ..., Sergueï Lavrov, a rencontré": two subjects).  "Après avoir rencontré le
    président turc, X a annoncé" is no apposition."""
    if phrase_head is None:
        return False
    via = sent.head(phrase_head)
    if via is not None and via.start_char >= m.start_char and via.end_char <= m.end_char:
        return True
    if any(anchor.head in {t.tok_idx for t in phrase} for anchor in anchors):
        return True                                  # "le chef de guerre Khalifa Haftar": Khalifa under "guerre"
    for anchor in anchors:
        if phrase_head.head == anchor.tok_idx or anchor.head == phrase_head.tok_idx:
            return True
        if phrase_head.head == anchor.head and phrase_head.deprel.split(":")[0] == anchor.deprel.split(":")[0]:
            return True
    return False


def acceptable(phrase: list[Token], plural_ok: bool, before_name: bool = False) -> bool:
    """Whether a phrase can label an actor: a noun heads it, not a noun of time, nor, right before
    the name, one that governs it ("le soutien X", while "X, soutien indéfectible de ..." is a
    label), singular for a person, no honorific in it, not too long."""
    head = first_noun(phrase)
    if head is None or len(phrase) > MAX_LABEL_WORDS or any(honorific(t) for t in phrase):
        return False
    lemma = folded_lemma(head)
    if (before_name and lemma in words("labels", "governing_nouns")) or any(
            folded_lemma(t).removeprefix("mi-") in words("labels", "time_nouns") for t in phrase):
        return False
    if head.text[:1].isupper() and not head.text.isupper() and head.tok_idx > 1 and not is_role_noun(head):
        return False                                 # "le Parlement britannique": a name, not a label
    if fold(head.text).endswith(("ant", "ants")) and lemma.endswith(("er", "ir", "re")):
        return False                                 # "ironisant" tagged as a noun: a participle
    return plural_ok or feature(head, "Number") != "Plur"


def ordinal(word: Token) -> bool:
    """'45e', '3ème', '1er': a number standing as an adjective."""
    return word.upos == "NUM" and fold(word.text).endswith(("e", "eme", "er", "ere"))


def participle(word: Token) -> bool:
    """A present participle the tagger may take for a noun ("ironisant"), not a role noun ("dirigeant")."""
    return fold(word.text).endswith("ant") and not is_role_noun(word)


def first_noun(phrase: Iterable[Token]) -> Token | None:
    """The head of a French noun phrase: its first noun (adjectives may come before it), or the
    last role word of its leading adjectives when the tagger took the noun for one ("un ancien
    général" tagged ADJ ADJ)."""
    role = None
    for t in phrase:
        if t.upos == "NOUN":
            return t
        if t.upos != "ADJ" and not ordinal(t):
            break
        if is_role_noun(t) and folded_lemma(t) not in words("labels", "qualifiers"):
            role = t
    return role


def nominalised(phrase: list[Token]) -> list[Token]:
    """A determiner's adjectives right before a name as a noun phrase ("le djihadiste français X"
    tagged ADJ ADJ: "djihadiste" is its head), retagged so; the phrase itself otherwise."""
    if phrase and first_noun(phrase) is None and all(t.upos == "ADJ" for t in phrase) \
            and folded_lemma(phrase[0]) not in words("labels", "qualifiers"):
        return [phrase[0]._replace(upos="NOUN")] + list(phrase[1:])
    return phrase


def is_role_noun(word: Token) -> bool:
    """A noun naming a person by role or relation ("président", "homologue", "gendre")."""
    people = TITLE_HEADS | words("labels", "role_nouns") | words("labels", "relation_nouns")
    return folded_lemma(word) in people or fold(word.text) in people     # "figure" lemmatised "figurer"


def honorific(word: Token) -> bool:
    """'M.', 'Mme', 'Dr': a form of address, never a label."""
    return fold(word.text).rstrip(".") in HONORIFICS


# ---------------------------------------------------------------- definite descriptions

def definite_descriptions(found: list[Label], mentions: list[Mention], by_sentence: dict[int, Sentence]) -> list[Label]:
    """Later definite descriptions of an actor the document names: one repeating an earlier label
    of exactly one actor ("le maréchal", "l'ancien général"; no word that label lacks, and a bare
    generic head such as "l'homme" is not enough), else one headed by a role noun ("le président
    américain", "son homologue français") for the person it can stand for (`described_person`)."""
    names = [m for m in mentions if m.kind in ("name", "title")]
    out: list[Label] = []
    for _, sent in sorted(by_sentence.items()):
        for det in sent.words:
            phrase = described(sent, det, found + out, names)
            if not phrase:
                continue
            earlier = matching_label(found, phrase, det.start_char)
            if earlier is None and is_role_noun(first_noun(phrase)):
                earlier = described_person(phrase, found + out, mentions, sent, by_sentence)
            if earlier is not None:
                out.append(Label(earlier.mention, tuple(phrase), first_noun(phrase), "definite"))
    return out


def described(sent: Sentence, det: Token, found: list[Label], names: list[Mention]) -> list[Token]:
    """The singular noun phrase a definite, demonstrative or possessive determiner opens, unless it
    is a label already, a name itself, or stands right before a name."""
    if det.upos != "DET" or not (feature(det, "Definite") == "Def" or feature(det, "PronType") == "Dem"
                                 or feature(det, "Poss") == "Yes"):
        return []
    phrase = noun_phrase_after(sent, sent.next_word(det))
    head = first_noun(phrase)
    if head is None or feature(head, "Number") == "Plur" or folded_lemma(head) in words("labels", "time_nouns"):
        return []
    start, end = phrase[0].start_char, phrase[-1].end_char
    if any(lab.words[0].start_char < end and start < lab.words[-1].end_char for lab in found):
        return []
    after = next_content_word(sent, phrase[-1])
    if any((head.start_char <= m.start_char < end and m.label == "PER") or m.start_char <= head.start_char < m.end_char
           or (after is not None and m.start_char == after.start_char) for m in names):
        return []                                    # a name's title ("le porte-parole du Kremlin, Dmitri Peskov")
    if after is None and sent.words[-1].upos != "PUNCT":
        return []                                    # a sentence cut before the name it titles
    return phrase


def next_content_word(sent: Sentence, word: Token) -> Token | None:
    """The word a name would start at if a phrase ending at `word` were its title: the next word,
    past a parenthesis, a comma, and a few words before that comma ("le secrétaire d'Etat (ministre
    des Affaires étrangères), Mike Pompeo", "le négociateur en chef des Houthis, Mohammed Abdelsalam")."""
    after = sent.next_word(word)
    if after is not None and after.text == "(":
        while after is not None and after.text != ")":
            after = sent.next_word(after)
    ahead = after
    for _ in range(6):
        if ahead is None or ahead.text == "," or ahead.upos in ("VERB", "AUX"):
            break
        ahead = sent.next_word(ahead)
    if ahead is not None and ahead.text == ",":
        after = ahead
    while after is not None and after.upos == "PUNCT" and after.text in (",", ")", "("):
        after = sent.next_word(after)
    return after


def matching_label(found: list[Label], phrase: list[Token], start: int) -> Label | None:
    """The earlier label a description repeats: same head, no other word, one actor only."""
    head = folded_lemma(first_noun(phrase))
    content = {folded_lemma(t) for t in phrase if t.upos in ("NOUN", "ADJ", "PROPN")}
    if head in words("labels", "generic_heads") and len(content) < 2:
        return None
    candidates = [lab for lab in found if lab.pattern != "definite" and lab.mention.start_char < start
                  and folded_lemma(lab.head) == head
                  and content <= {folded_lemma(t) for t in lab.words}]
    actors = {lab.mention.actor_id for lab in candidates}
    return candidates[-1] if len(actors) == 1 else None


def described_person(phrase: list[Token], found: list[Label], mentions: list[Mention], sent: Sentence,
                     by_sentence: dict[int, Sentence]) -> Label | None:
    """The person a role description stands for ("le président américain", "son homologue
    français"), the way a reader resolves it: the nearest sentence before it that mentions a
    person whose nationality and gender, where the document gives them, agree with it, and who is
    no other argument of the description's verb ("X a reçu le président français" is not X); in
    that sentence, its first subject, else its last person -- its last person other than a
    subject when that sentence is the description's own or the description is possessive (the
    possessor is the subject: "il a raillé son allié").  With no such sentence, the first
    person named after it ("Le président américain a affirmé ... a déclaré M. Trump").  A noun of
    relation ("l'épouse"), one the text introduced with an indefinite article ("un porte-parole
    ... le porte-parole"), one in a quotation, or one after a possessive other than a counterpart
    ("son homologue français", not "son porte-parole") stands for none.  A placeholder `Label`
    carries the person's mention."""
    head = first_noun(phrase)
    possessive = feature(sent.next_word(phrase[0], -1) or phrase[0], "Poss") == "Yes"
    if folded_lemma(head) in words("labels", "relation_nouns") or introduced(head, by_sentence) or quoted(sent, head) \
            or (possessive and folded_lemma(head) not in words("labels", "counterpart_nouns")):
        return None
    start = phrase[0].start_char
    countries = {m.actor_id for m in mentions if m.kind == "demonym" and start <= m.start_char < phrase[-1].end_char}
    gender = label_gender([sent.next_word(phrase[0], -1) or phrase[0], *phrase])
    people = {m.actor_id for m in mentions if m.kind == "name" and m.label == "PER"}
    partners = clause_partners(sent, phrase, mentions)
    seen = [m for m in [lab.mention for lab in found if lab.pattern == "definite"] + mentions + pronoun_subjects(
                found, mentions, by_sentence, people, start)
            if m.actor_id in people and m.actor_id not in partners and m.kind != "demonym"
            and agrees(m.actor_id, countries, gender, found, mentions, head)]
    before = [m for m in seen if m.start_char < start]
    if before:
        nearest = max(m.sent_idx for m in before)
        here = sorted((m for m in before if m.sent_idx == nearest), key=lambda m: m.start_char)
        subjects = [m for m in here if m.kind == "pronoun" or is_subject(by_sentence.get(m.sent_idx), m)]
        others = [m for m in here if m not in subjects]
        # "il a raillé son allié", "Trump ... en montrant au président français": not the subject
        if possessive or nearest == head.sent_idx:
            chosen = others[-1] if others else subjects[-1]
        else:
            chosen = subjects[0] if subjects else here[-1]
    else:
        after = sorted((m for m in seen if m.start_char > start and m.sent_idx <= head.sent_idx + 2),
                       key=lambda m: m.start_char)
        chosen = after[0] if after else None
    if chosen is not None and chosen.kind == "pronoun":  # the person the pronoun stands for, as last named
        chosen = max((m for m in seen if m.actor_id == chosen.actor_id and m.kind != "pronoun"
                      and m.start_char < start), key=lambda m: m.start_char, default=None)
    return Label(chosen, (), head, "definite") if chosen is not None else None


def pronoun_subjects(found: list[Label], mentions: list[Mention], by_sentence: dict[int, Sentence],
                     people: set[str], before: int) -> list[Mention]:
    """A subject pronoun ("il a envoyé ...") as a mention of the person the previous subject was,
    for the sentences before `before` (kind 'pronoun'; only to find what a description stands for)."""
    named = sorted([m for m in mentions if m.actor_id in people and m.kind != "demonym"]
                   + [lab.mention for lab in found if lab.pattern == "definite"], key=lambda m: m.start_char)
    out, subject = [], None
    for idx, sent in sorted(by_sentence.items()):
        if sent.words[0].start_char >= before:
            break
        here = [m for m in named if m.sent_idx == idx]
        subjects = [m for m in here if is_subject(sent, m)]
        pronoun = next((t for t in sent.words if t.deprel.startswith("nsubj") and t.upos == "PRON"
                        and fold(t.text) in ("il", "elle")), None)
        if subjects:
            subject = subjects[0]
        elif pronoun is not None and subject is not None:
            out.append(subject._replace(sent_idx=idx, start_char=pronoun.start_char, end_char=pronoun.end_char,
                                        kind="pronoun"))
    return out


def quoted(sent: Sentence, word: Token) -> bool:
    """Whether a word stands inside quotation marks (« ... »): a quoted speaker's words, whose
    descriptions ("l'obéissance à l'émir") need not be the reporter's."""
    opened = False
    for t in sent.words:
        if t.start_char >= word.start_char:
            return opened
        if t.text in ("«", "“"):
            opened = True
        elif t.text in ("»", "”"):
            opened = False
    return opened


def introduced(head: Token, by_sentence: dict[int, Sentence]) -> bool:
    """Whether an indefinite noun phrase with the same head comes before `head` ("un porte-parole
    du président ... a déclaré le porte-parole")."""
    lemma = folded_lemma(head)
    for idx, sent in by_sentence.items():
        if idx > head.sent_idx:
            continue
        for word in sent.words:
            if word.start_char >= head.start_char:
                break
            if word.upos == "NOUN" and folded_lemma(word) == lemma and any(
                    feature(d, "Definite") == "Ind" for d in sent.children(word, "det")):
                return True
    return False


def is_subject(sent: Sentence | None, m: Mention) -> bool:
    """Whether a mention is the subject of its clause (directly, or through its title or a coordination)."""
    if sent is None:
        return False
    word = sent.span_head(m.start_char, m.end_char)
    for _ in range(3):
        if word is None or word.deprel.startswith("nsubj"):
            break
        head = sent.head(word)
        if word.deprel not in ("conj", "appos", "nmod", "flat:name") or head is None \
                or head.upos not in ("NOUN", "PROPN"):
            return False
        word = head
    return word is not None and word.deprel.startswith("nsubj")


def clause_partners(sent: Sentence, phrase: list[Token], mentions: list[Mention]) -> set[str]:
    """Actors mentioned as other arguments of the verb the description depends on."""
    verb = sent.head(first_noun(phrase))
    if verb is None:
        return set()
    out = set()
    for m in mentions:
        head = sent.span_head(m.start_char, m.end_char) if m.sent_idx == first_noun(phrase).sent_idx else None
        if head is not None and head.head == verb.tok_idx:
            out.add(m.actor_id)
    return out


def agrees(actor_id: str, countries: set[str], gender: str | None, found: list[Label], mentions: list[Mention],
           head: Token | None = None) -> bool:
    """Whether nothing the document says of an actor contradicts a description's nationality
    (demonyms in its labels), grammatical gender, or office (`head`: a "ministre" is no
    "président")."""
    own = [lab for lab in found if lab.mention.actor_id == actor_id and lab.words]
    known = {m.actor_id for lab in own for m in mentions if m.kind == "demonym"
             and lab.words[0].start_char <= m.start_char < lab.words[-1].end_char}
    if countries and known and not countries & known:
        return False
    offices = {folded_lemma(lab.head) for lab in own} & words("labels", "offices")
    if head is not None and folded_lemma(head) in words("labels", "offices") and offices \
            and folded_lemma(head) not in offices:
        return False                                 # "le premier ministre" is not the "secrétaire général"
    genders = {label_gender(lab.words) for lab in own} - {None}
    return not (gender and genders and gender not in genders)


def label_gender(phrase: Iterable[Token]) -> str | None:
    """The grammatical gender a phrase shows before its complements, its determiner and adjectives
    first ("la Première ministre": feminine, whatever the tagger says of "ministre")."""
    own = []
    for t in phrase:
        if t.upos == "ADP":
            break
        own.append(t)
    found = [feature(t, "Gender") for t in own if t.upos in ("DET", "ADJ")] + [feature(t, "Gender") for t in own]
    return next((g for g in found if g), None)


# ---------------------------------------------------------------- rows

def unique(found: list[Label], mentions: list[Mention]) -> list[Label]:
    """Each label span once per actor; none that holds a mention of the actor it labels."""
    own = {}
    for m in mentions:
        own.setdefault(m.actor_id, []).append((m.start_char, m.end_char))
    seen, out = set(), []
    for lab in found:
        start, end = lab.words[0].start_char, lab.words[-1].end_char
        key = (lab.mention.actor_id, start, end)
        others = [(s, e) for s, e in own[lab.mention.actor_id]
                  if (s, e) != (lab.mention.start_char, lab.mention.end_char)]
        inside = lab.mention.start_char <= start and end <= lab.mention.end_char      # "groupe État islamique"
        if key in seen or (not inside and any(s < end and start < e for s, e in others + [
                (lab.mention.start_char, lab.mention.end_char)])):
            continue
        seen.add(key)
        out.append(lab)
    return out


def label_row(text: str, lab: Label) -> tuple:
    """A `labels` row: the label as written (no determiner) and its normalised form."""
    start, end = lab.words[0].start_char, lab.words[-1].end_char
    m = lab.mention
    return (m.doc_id, lab.words[0].sent_idx, start, end, m.actor_id, m.kind, text[start:end].replace("\n", " "),
            normalised(text, lab), str(lab.head.lemma).lower(), lab.pattern, m.start_char, m.end_char)


def normalised(text: str, lab: Label) -> str:
    """The label for grouping: lower case, its head and the adjectives next to it as lemmas, the rest as written
    ("Premiers ministres libyens" -> "premier ministre libyen").

    >>> w = [Token("d", 0, 1, "Anciens", "ancien", "ADJ", 2, "amod", 0, 7),
    ...      Token("d", 0, 2, "généraux", "général", "NOUN", 0, "root", 8, 16)]
    >>> normalised("Anciens généraux", Label(None, tuple(w), w[1], "prenominal"))
    'ancien général'
    """
    i = lab.words.index(lab.head)
    lemmatised = {lab.head}
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(lab.words) and lab.words[j].upos == "ADJ":
            lemmatised.add(lab.words[j])
            j += step
    start = lab.words[0].start_char
    out, at = [], start
    for t in lab.words:
        if t in lemmatised and t.start_char >= at and isinstance(t.lemma, str) and len(t.lemma) <= len(t.text):
            out += [text[at:t.start_char], t.lemma]  # not "figurer" for "figure": a verb's lemma is longer
            at = t.end_char
    out.append(text[at:lab.words[-1].end_char])
    return " ".join("".join(out).lower().replace("’", "'").split())


# ---------------------------------------------------------------- notebook functions

def actor_rows(corpus, table: str, actor: str, kinds: str | Iterable[str], per: str,
               actor_column: str = "actor_id") -> pd.DataFrame:
    """The rows of analysis `table` about one actor (an id or any of its names) under the counting
    rule (`per`: each story once or what each outlet published; `kinds` of mention), with the
    source, date and title of their document; `attrs["counted"]` says what was counted."""
    import pyarrow.compute as pc
    actor_id = corpus.actor_id(actor)
    rows = counting.scope(corpus, per).read(table, where=pc.field(actor_column) == actor_id)
    if "mention_kind" in rows:
        rows = rows[rows["mention_kind"].isin(counting.kinds_of(kinds))]
    out = counting.with_documents(rows.reset_index(drop=True), corpus)
    out.attrs["counted"] = counting.describe(kinds, per)
    return out


def labels(corpus, actor: str, kinds: str | Iterable[str] = "all", per: str = "story") -> pd.DataFrame:
    """The labels of one actor (an id or any of its names), with the source, date and title of
    their document.  Counting rule as everywhere (`counting`): `per="story"` counts each story
    once, `per="outlet"` what each outlet published; `kinds` keeps labels attached to some kinds
    of mention ("name", "demonym", "title" or "all", the default: a role title is a label).

    Columns: doc_id, sent_idx, source, date, title, then those of the `labels` table (see
    `corpus_tools.schema`).

    >>> from corpus_tools.analysis.demo import demo_corpus
    >>> rows = labels(demo_corpus(), "Haftar")
    >>> list(rows.columns[:5]), rows.attrs["counted"]
    (['doc_id', 'sent_idx', 'source', 'date', 'title'], 'each story once; names, demonyms and role titles')
    """
    return actor_rows(corpus, "labels", actor, kinds, per)


def log_likelihood(counts: pd.DataFrame) -> pd.DataFrame:
    """The default comparison of `labels_by_source`: signed log-likelihood G² of a label in an
    outlet against the other outlets, with Hardie's log ratio as effect size (the functions of
    `keyness`).  `counts` has columns n, total (labels of the outlet), n_other and total_other."""
    a, b = counts["n"].to_numpy(), counts["n_other"].to_numpy()
    c, d = counts["total"].clip(lower=1).to_numpy(), counts["total_other"].clip(lower=1).to_numpy()
    return pd.DataFrame({"g2": g2(a, b, c, d), "log_ratio": log_ratio(a, b, c, d)}, index=counts.index)


def labels_by_source(corpus, actor: str, min_count: int = 2, min_g2: float = 3.84,
                     compare: Callable[[pd.DataFrame], pd.DataFrame] = log_likelihood) -> pd.DataFrame:
    """How each outlet labels one actor: per source and normalised label, the count (split by kind
    of mention: n_name, n_demonym, n_title), the share of the outlet's labels of the actor, the
    count and share in the other outlets, G² and log ratio against them, and whether the label
    is distinctive of the outlet: over-represented (G² >= `min_g2`, 3.84 being p < 0.05) and
    seen at least `min_count` times there.  Outlet figures: what each outlet published.

    Columns: source, label_norm, n, n_name, n_demonym, n_title, share, n_other, share_other, g2,
    log_ratio, distinctive.

    >>> from corpus_tools.analysis.demo import demo_corpus
    >>> table = labels_by_source(demo_corpus(), "Haftar")
    >>> list(table.columns[:3])
    ['source', 'label_norm', 'n']
    """
    return label_sources(labels(corpus, actor, per="outlet"), min_count, min_g2, compare)


def label_sources(rows: pd.DataFrame, min_count: int = 2, min_g2: float = 3.84,
                  compare: Callable[[pd.DataFrame], pd.DataFrame] = log_likelihood) -> pd.DataFrame:
    """`labels_by_source` from one actor's label rows (as `labels(..., per="outlet")` returns them)."""
    columns = ["source", "label_norm", "n", "n_name", "n_demonym", "n_title", "share", "n_other", "share_other",
               "g2", "log_ratio", "distinctive"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    counts = (rows.groupby(["source", "label_norm", "mention_kind"]).size().unstack(fill_value=0)
              .reindex(columns=list(counting.KINDS), fill_value=0).add_prefix("n_").reset_index())
    counts.columns.name = None
    counts["n"] = counts[["n_name", "n_demonym", "n_title"]].sum(axis=1)
    counts["total"] = counts.groupby("source")["n"].transform("sum")
    counts["n_other"] = counts.groupby("label_norm")["n"].transform("sum") - counts["n"]
    counts["total_other"] = counts["n"].sum() - counts["total"]
    counts["share"] = counts["n"] / counts["total"]
    counts["share_other"] = (counts["n_other"] / counts["total_other"].where(counts["total_other"] > 0)).fillna(0.0)
    counts = counts.join(compare(counts))
    counts["distinctive"] = (counts["g2"] >= min_g2) & (counts["n"] >= min_count)
    out = counts.sort_values(["source", "n"], ascending=[True, False])[columns].reset_index(drop=True)
    out.attrs["counted"] = rows.attrs.get("counted", "what each outlet published")
    return out
