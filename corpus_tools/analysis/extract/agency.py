"""The agency extractor: who does what to whom -- the verbs of which an actor is the agent, and those
of which it is the patient (the `agency` table).

Read from the dependency parse, per mention of an actor:
- agent: subject of an active verb ("Haftar a lancé une offensive"), agent of a passive one
  ("X est attaqué par Haftar"), subject of a relative clause ("Haftar, qui contrôle l'est");
- patient: object of an active verb ("Ankara soutient Sarraj"), subject of a passive one, with or
  without "par" ("Sarraj a été reçu"), noun a past participle describes ("Sarraj, soutenu par ...");
- coordinated subjects and objects count for each actor ("Ankara et Moscou ont signé"), and
  coordinated verbs share their subject ("X a signé un accord et annoncé une trêve"), as do verbs
  the subject's verb governs ("X veut prendre Tripoli");
- a name under its title counts as the title does ("le maréchal Khalifa Haftar a lancé");
- `negated` flags "ne" on the verb ("n'a pas condamné");
- verbs of saying that introduce a quotation or reported speech are left to the quotes table
  (cue verbs: `analysis/data/cue_verbs.yaml`); copulas are no action (their predicates are labels).

The notebook functions `agency` and `agency_by_source` (`corpus_tools.analysis.actions`) read the
table for one actor.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import pandas as pd

from ...fold import fold
from ...nlp.parse import Sentence, Token, feature, folded_lemma, sentences_by_document
from ..wordlists import words
from .base import ChunkTables
from .labels.extractor import describable, labels_of_document
from .labels.phrases import honorific, prenominal
from .labels.rows import Label
from .mention import Mention, mentions_by_document

COLUMNS = ["doc_id", "sent_idx", "start_char", "end_char", "actor_id", "mention_kind", "verb", "role", "voice",
           "negated", "verb_start", "verb_end"]
QUOTATION_MARKS = ("«", "»", "“", "”", '"', "+")   # "+...+": a quotation inside a quotation, as AFP writes it
NOMINAL_HEADS = {"NOUN", "PROPN", "PRON"}


class Role(NamedTuple):
    """An actor's part in one verb."""
    verb: Token
    role: str          # agent or patient
    voice: str         # active or passive


def document_agency(chunk: ChunkTables) -> pd.DataFrame:
    """The `agency` table of some documents: each verb each mention (or later description, such as
    "le maréchal" for the Haftar of an earlier "le maréchal Khalifa Haftar") is agent or patient of
    (columns `COLUMNS`)."""
    by_document = sentences_by_document(chunk.tokens)
    rows = []
    for doc_id, mentions in mentions_by_document(chunk.mentions):
        sentences = by_document.get(doc_id, {})
        people = [(m.start_char, m.end_char) for m in mentions if m.kind == "name" and m.ner == "PER"]
        seen = set()
        for m, sent, word in arguments(mentions, sentences, people):
            for part in roles(sent, word):
                key = (m.actor_id, part.verb.tok_idx, word.sent_idx, part.role)
                if key not in seen:
                    seen.add(key)
                    rows.append(agency_row(m, sent, word, part))
    return pd.DataFrame(rows, columns=COLUMNS)


def arguments(mentions: list[Mention], sentences: dict[int, Sentence],
              people: list[tuple[int, int]]) -> Iterable[tuple[Mention, Sentence, Token]]:
    """(mention, its sentence, the word standing for it in its clause) for every mention of a
    document and every later definite description of an actor (labels of pattern 'definite')."""
    for m in mentions:
        sent = sentences.get(m.sent_idx)
        if sent is not None and describable(m, sent):
            word = argument(sent, m, people)
            if word is not None:
                yield m, sent, word
    for label in labels_of_document(mentions, sentences):
        if label.pattern == "definite":
            yield description(label), sentences[label.head.sent_idx], label.head


def description(label: Label) -> Mention:
    """A definite description as a mention of the actor its label repeats (its kind, the description's place)."""
    return label.mention._replace(sent_idx=label.head.sent_idx, start_char=label.words[0].start_char,
                                  end_char=label.words[-1].end_char)



def roles(sent: Sentence, word: Token) -> list[Role]:
    """The verbs of which the word standing for a mention is agent or patient."""
    found = clause_roles(sent, word)
    for verb in sent.children(word, "acl"):
        if verb.deprel == "acl:relcl" or not sent.children(word, "case"):
            found += described_roles(sent, verb)     # not "un sommet sur la Syrie visant à ...": the summit's
    found = [p for p in found if p.verb.upos == "VERB" and not idle(sent, p.verb, word)]
    shared = []
    for part in found:
        if (part.role, part.voice) in (("agent", "active"), ("patient", "passive")):
            shared += [shared_role(sent, v, part) for v in sharing_subject(sent, part.verb)]
        elif part.role == "patient" and folded_lemma(part.verb) in words("verbs", "object_control"):
            shared += [Role(v, "agent", "active") for v in controlled(sent, part.verb)]
    if word.deprel in ("iobj", "obl:arg") and sent.head(word) is not None \
            and folded_lemma(sent.head(word)) in words("verbs", "object_control"):
        # "reproché à Trump de vouloir": Trump wants
        shared += [Role(v, "agent", "active") for v in controlled(sent, sent.head(word))]
    return found + [p for p in shared if not idle(sent, p.verb, word)]


def argument(sent: Sentence, m: Mention, people: list[tuple[int, int]]) -> Token | None:
    """The word standing for the mention in its clause: the name's head word, or the form of
    address or head of the prenominal title the parser put above it ("M. Macron", "le maréchal
    Khalifa Haftar"), or the head of the coordination it is part of."""
    word = sent.span_head(m.start_char, m.end_char)
    if word is None:
        return None
    address = sent.head(word)
    if address is not None and address.end_char <= m.start_char and honorific(address):
        word = address                               # "M. Macron a accusé": the parser heads it with "M."
    title = prenominal(sent, m, people)
    if title:
        inside = {t.tok_idx for t in title} | {t.tok_idx for t in sent.inside(m.start_char, m.end_char)}
        while word.head in inside and word.head != word.tok_idx:
            word = sent.by_id[word.head]
    for _ in range(4):                               # "Ankara et Moscou ont signé": Moscou is conj of Ankara
        head = sent.head(word)
        if word.deprel != "conj" or head is None or head.upos not in NOMINAL_HEADS:
            break
        word = head
    return word


def clause_roles(sent: Sentence, word: Token) -> list[Role]:
    """The role of an argument word in the clause of its head verb (through a modal: "devrait rencontrer")."""
    verb = sent.head(word)
    if verb is None:
        return []
    verb = through_modals(sent, verb)
    relation = word.deprel
    if relation.startswith("nsubj"):
        return [Role(verb, "patient", "passive") if passive(sent, verb) else Role(verb, "agent", "active")]
    if relation == "obl:agent":
        return [Role(verb, "agent", "passive")]
    if relation == "obj":
        return [Role(verb, "patient", "active")]
    return []


def described_roles(sent: Sentence, verb: Token) -> list[Role]:
    """A clause describing the noun: "X, qui contrôle l'est" (agent), "X, que Moscou soutient"
    (patient), "X, soutenu par Moscou" (patient), "X, accusant Y" (agent)."""
    if verb.deprel == "acl:relcl":
        for pronoun in sent.children(verb, "nsubj", "obj"):
            if feature(pronoun, "PronType") == "Rel":
                if pronoun.deprel == "obj":
                    return [Role(verb, "patient", "active")]
                return [Role(verb, "patient", "passive") if passive(sent, verb) or pronoun.deprel == "nsubj:pass"
                        else Role(verb, "agent", "active")]
        return []
    if feature(verb, "VerbForm") == "Part":
        return [Role(verb, "patient", "passive") if bare_participle(sent, verb) else Role(verb, "agent", "active")]
    return []


def passive(sent: Sentence, verb: Token) -> bool:
    """Whether a verb is in the passive voice ("a été reçu", "est attaqué par"), not merely conjugated
    with "être": verbs of motion and state ("sont arrivés") and pronominal verbs ("s'est entretenu",
    "se soit basé"), which parsers often mark as passive."""
    children = sent.children(verb)
    if any(t.deprel == "obl:agent" for t in children):
        return True
    if not any(t.deprel == "aux:pass" for t in children):
        return False
    pronominal = any(t.deprel.startswith("expl") or fold(t.text) in ("se", "s'", "s’") for t in children)
    return not pronominal and folded_lemma(verb) not in words("verbs", "unaccusative")


def through_modals(sent: Sentence, verb: Token) -> Token:
    """The infinitive a modal governs ("pourrait tenter" -> "tenter"), else the verb itself."""
    for _ in range(3):
        if folded_lemma(verb) not in words("verbs", "modal"):
            break
        infinitive = next((t for t in sent.children(verb, "xcomp") if t.upos == "VERB"), None)
        if infinitive is None:
            break
        verb = infinitive
    return verb


def sharing_subject(sent: Sentence, verb: Token) -> list[Token]:
    """Verbs sharing the subject of `verb`: coordinated verbs without a subject of their own ("a
    signé un accord et annoncé une trêve"), infinitives it governs ("veut prendre", "pour punir"),
    gerunds and participles ("en montrant", "à peine arrivé") -- not the infinitive of a verb
    whose object does it ("reprocher à X de ...")."""
    out, todo = [], [verb]
    while todo:
        current = todo.pop()
        for child in sent.children(current, "conj", "xcomp", "advcl"):
            if child.upos != "VERB" or sent.children(child, "nsubj") or child in out:
                continue
            if child.deprel.startswith("advcl") and feature(child, "VerbForm") not in ("Inf", "Part", "Ger"):
                continue
            if not child.deprel.startswith("conj") and folded_lemma(current) in words("verbs", "object_control"):
                continue
            out.append(child)
            todo.append(child)
    return out


def controlled(sent: Sentence, verb: Token) -> list[Token]:
    """The infinitives a verb of object control governs ("accusé M. Trump d'avoir commis")."""
    return [t for t in sent.children(verb, "xcomp", "advcl", "ccomp", "obl") if t.upos == "VERB"
            and feature(t, "VerbForm") == "Inf" and not sent.children(t, "nsubj")]


def bare_participle(sent: Sentence, verb: Token) -> bool:
    """A past participle without auxiliary whose noun is its patient ("soutenu par Moscou"), not
    one of the verbs whose participle is active ("arrivé à Paris")."""
    return (feature(verb, "VerbForm") == "Part" and feature(verb, "Tense") == "Past" and not sent.children(verb, "aux")
            and folded_lemma(verb) not in words("verbs", "unaccusative"))


def shared_role(sent: Sentence, verb: Token, source: Role) -> Role:
    """The role of the subject of `source` in a verb sharing it: patient of a passive verb ("a été
    arrêté puis inculpé", "Interrogé par l'AFP, le ministre"), agent otherwise ("a signé ... et
    annoncé", "a été appelé à démissionner")."""
    if passive(sent, verb) or (bare_participle(sent, verb)
                               and (verb.deprel.startswith(("advcl", "acl")) or source.voice == "passive")):
        return Role(verb, "patient", "passive")
    return Role(verb, "agent", "active")


def idle(sent: Sentence, verb: Token, word: Token) -> bool:
    """Verbs that are no action of their subject: copulas ("est devenu"), and cue verbs
    introducing a quotation or reported speech (the quotes table's)."""
    lemma = folded_lemma(verb)
    if lemma in words("verbs", "copular"):
        return True
    return lemma in words("cue_verbs", "verbs") and introduces_speech(sent, verb, word)


def introduces_speech(sent: Sentence, verb: Token, word: Token) -> bool:
    """A verb of saying introduces speech when it governs a clause ("a affirmé que ..."), stands
    in an incise with its subject after it ("« ... », a déclaré X"; the parser may take X for its
    object), or has no object in a sentence holding a quotation; never in the passive ("la force
    évoquée par la Maison Blanche")."""
    if passive(sent, verb) or bare_participle(sent, verb):
        return False
    if sent.children(verb, "ccomp", "parataxis") or verb.deprel.startswith(("parataxis", "ccomp")):
        return True
    if any(folded_lemma(mark) in ("que", "qu'") for clause in sent.children(verb)
           if clause.upos in ("VERB", "AUX", "ADJ") for mark in sent.children(clause, "mark")):
        return True                                  # "a indiqué que les Etats-Unis maintiendraient"
    first = min([verb, *sent.children(verb, "aux")], key=lambda t: t.start_char)
    before = sent.next_word(first, -1)
    inverted = any(t.start_char > verb.start_char for t in sent.children(verb, "nsubj", "obj"))
    if inverted and before is not None and before.text in (",", "»", '"', "”", ")", ":"):
        return True                                  # an incise: "..., a déclaré le ministre"
    for clause in sent.children(verb):
        opening = sent.next_word(min([clause, *sent.children(clause, "mark")], key=lambda t: t.start_char), -1)
        if clause.upos == "VERB" and opening is not None and opening.text in QUOTATION_MARKS:
            return True                              # "a appelé son homologue à « respecter ... »"
    for obj in sent.children(verb, "obj"):
        first = min([obj, *sent.children(obj)], key=lambda t: t.start_char)
        opening = first if first.text in QUOTATION_MARKS else sent.next_word(first, -1)
        if opening is not None and opening.text in QUOTATION_MARKS:
            return True                              # 'a souligné "la nécessité ..."': the object is a quotation
    quoted = any(t.text in QUOTATION_MARKS for t in sent.words)
    return quoted and not sent.children(verb, "obj")


def negated(sent: Sentence, verb: Token) -> bool:
    """Whether "ne" negates the verb (on the verb or on its auxiliary)."""
    around = sent.children(verb) + [c for aux in sent.children(verb, "aux") for c in sent.children(aux)]
    return any(folded_lemma(t) in words("verbs", "negation") for t in around)


def agency_row(m: Mention, sent: Sentence, word: Token, part: Role) -> tuple:
    """An `agency` row."""
    return (m.doc_id, word.sent_idx, m.start_char, m.end_char, m.actor_id, m.kind, str(part.verb.lemma).lower(),
            part.role, part.voice, negated(sent, part.verb), part.verb.start_char, part.verb.end_char)
