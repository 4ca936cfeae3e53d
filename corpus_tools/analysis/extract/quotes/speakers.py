"""Speakers resolved in document order: noun phrases through mentions and the titles the article gives
actors, institutions through their voice, pronouns and follow-ups through the previous speaker or the
person last named as a subject; sources the article does not name flagged."""
from __future__ import annotations

from typing import NamedTuple

from ....fold import fold
from ....nlp.parse import Token
from ..mention import Mention
from .document import END_PUNCT, PERSON_NER, PLACE_NER, Document
from .phrases import SpeakerRef


class Speaker(NamedTuple):
    """A resolved speaker."""
    actor_id: str | None
    text: str | None
    start: int | None
    end: int | None
    unnamed: bool


class Resolver:
    """Speakers in document order: noun phrases through mentions and descriptions, pronouns and
    follow-ups through the previous speaker or the person last named as a subject."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.previous: tuple[int, int, Speaker] | None = None   # (sentence, end offset, speaker) of the last one
        self.history: list[tuple[int, int, Speaker]] = []
        self.people = {m.actor_id for m in doc.mentions if m.ner in PERSON_NER}
        self.descriptors = descriptor_index(doc)
        self.subjects = [m for m in doc.mentions if m.kind != "demonym" and any(
            t.deprel.startswith("nsubj")
            for t in doc.tokens[doc.token_after(m.start_char):doc.token_after(m.end_char)])]

    def resolve(self, ref: SpeakerRef, at: int) -> Speaker | None:
        """The speaker `ref` names, for a quotation at offset `at`."""
        doc, words = self.doc, self.doc.words
        if ref.kind == "previous":
            return self.recent(at, sentences=4)
        text = doc.text[ref.start:ref.end]
        folded = fold(text.strip())
        if folded in words.first_person:
            return None
        if any(fold(w) in words.anaphoric_words for w in text.split()):
            return self.recent(at, sentences=4) or self.noun_phrase(ref, at)
        if folded in words.person_pronouns | words.plural_pronouns:
            return self.antecedent(ref, folded in words.plural_pronouns)
        return self.noun_phrase(ref, at)

    def antecedent(self, ref: SpeakerRef, plural: bool) -> Speaker:
        """Who a pronoun stands for: the person (or, plural, any actor) last named as a subject when
        named after the last quotation, else the last quotation's speaker, else the last person named;
        given by the antecedent's words."""
        doc = self.doc
        here = doc.sentences.index(doc.sentence_at(ref.start))
        floor = doc.sentences[max(here - 2, 0)][1]
        named = [m for m in self.subjects if floor <= m.start_char < ref.start and (plural or m.ner in PERSON_NER)]
        recent = self.recent(ref.start, sentences=3)
        if named and (recent is None or named[-1].start_char > self.previous[1]):
            return self.mention_speaker(named[-1])
        if recent:
            return recent
        found = self.last_named(ref.start, plural, sentences=3)
        return found or Speaker(None, doc.text[ref.start:ref.end], ref.start, ref.end, False)

    def noun_phrase(self, ref: SpeakerRef, at: int) -> Speaker:
        """The speaker a noun phrase names: the mention at its head, a person named in it, a name the
        NER missed; for an institution's voice or body, the actor of its complement ("un communiqué du
        GNA"); with a possessive ("leur direction"), the body last named; an indefinite phrase is an
        unnamed source; a description is the person the article gives that role, or the last
        speaker or person named."""
        doc, words = self.doc, self.doc.words
        text = doc.text[ref.start:ref.end]
        tokens = doc.tokens[doc.token_after(ref.start):doc.token_after(ref.end)]
        named = [m for m in doc.mentions_in(ref.start, ref.end) if m.kind != "demonym"]
        head = next((t for t in tokens if t.upos in {"NOUN", "PROPN"}), None)
        head_word = fold(head.lemma) if head is not None else ""
        determiner = fold(tokens[0].text) if tokens else ""
        indefinite = determiner in words.unnamed_determiners or bool(tokens and tokens[0].upos == "NUM")

        def speaker(actor: str | None, unnamed: bool = False) -> Speaker:
            return Speaker(actor, text, ref.start, ref.end, unnamed)
        at_head = [m for m in named if head is not None and m.start_char <= head.start_char < m.end_char]
        people = [m for m in named if m.ner in PERSON_NER]
        bodies = [m for m in named if m.ner not in PERSON_NER | PLACE_NER]
        if at_head:
            return speaker(at_head[0].actor_id)
        if people and not indefinite:
            return speaker(people[0].actor_id)
        if head is not None and head.upos == "PROPN":
            return speaker(None)                     # a name the NER missed: named, but no actor
        if bodies and head_word in words.voice_nouns | words.body_nouns:
            return speaker(bodies[0].actor_id)       # "un communiqué du GNA", "les analystes du groupe X"
        if people and head_word in words.voice_nouns:
            return speaker(people[0].actor_id)       # "un communiqué du bureau d'Al-Sarraj"
        if determiner in words.possessives and head_word in words.voice_nouns | words.body_nouns | words.person_nouns:
            body = self.last_named(ref.start, plural=True, sentences=2, people=False)
            return speaker(body.actor_id) if body else speaker(None, True)
        if indefinite:
            return speaker(None, True)
        described = next((a for t in tokens if t.upos in {"NOUN", "ADJ"}      # the tagger may take "ancien" for
                          for a in [describe(self.descriptors, fold(t.lemma), ref.start)] if a), None)  # the head
        if described:
            return speaker(described)                # "l'ancien général": the article calls Haftar so
        if head_word in words.body_nouns:            # "le parti écologiste": the body last named
            found = self.last_named(ref.start, True, sentences=3, people=False) or self.recent_actor(at, people=False)
            if found:
                return speaker(found.actor_id)
        if head_word in words.person_nouns | words.voice_nouns:   # "le chercheur": the last who spoke
            found = self.recent_actor(at, people=head_word in words.person_nouns) or (
                self.last_named(ref.start, False, sentences=3) if head_word in words.person_nouns else None)
            if found:
                return speaker(found.actor_id)
        if bodies:
            return speaker(bodies[0].actor_id)
        return speaker(None, True)

    def recent(self, at: int, sentences: int) -> Speaker | None:
        """The last quotation's speaker when it stands within `sentences` sentences before `at`."""
        if self.previous is None:
            return None
        here = self.doc.sentences.index(self.doc.sentence_at(at))
        return self.previous[2] if here - self.previous[0] <= sentences else None

    def recent_actor(self, at: int, people: bool) -> Speaker | None:
        """The last speaker resolved to an actor (a person with `people`, else any) within four
        sentences before `at`."""
        here = self.doc.sentences.index(self.doc.sentence_at(at))
        for sentence, _, speaker in reversed(self.history):
            if here - sentence > 4:
                return None
            if speaker.actor_id and (not people or speaker.actor_id in self.people):
                return speaker
        return None

    def last_named(self, before: int, plural: bool, sentences: int, people: bool = True) -> Speaker | None:
        """The last person (plural: any actor; without `people`: no person) mentioned by name within
        `sentences` sentences before `before`."""
        doc = self.doc
        here = doc.sentences.index(doc.sentence_at(before))
        floor = doc.sentences[max(here - sentences, 0)][1]
        for m in reversed(doc.mentions_in(floor, before)):
            person = m.ner in PERSON_NER
            if m.kind == "name" and m.ner not in PLACE_NER and (person if not plural else people or not person):
                return self.mention_speaker(m)
        return None

    def mention_speaker(self, m: Mention) -> Speaker:
        """The speaker a mention names, in its words."""
        return Speaker(m.actor_id, self.doc.text[m.start_char:m.end_char], m.start_char, m.end_char, False)

    def remember(self, start: int, end: int, speaker: Speaker) -> None:
        """Keep `speaker` as the last one (for pronouns and follow-ups)."""
        self.previous = (self.doc.sentences.index(self.doc.sentence_at(start)), end, speaker)
        self.history.append(self.previous)


def descriptor_index(doc: Document) -> dict[str, list[tuple[int, str]]]:
    """Folded noun lemma -> (offset, actor) for the nouns the article attaches to each person or
    organisation mention: a title before it ("le général Haftar") or an apposition after it between
    commas ("Dmitri Peskov, porte-parole de la présidence, a ...")."""
    index: dict[str, list[tuple[int, str]]] = {}
    tokens = doc.tokens
    for m in doc.mentions:
        if m.kind == "demonym" or m.ner not in {"PER", "ORG", "", None}:   # persons, bodies, untyped names
            continue
        k = doc.token_after(m.start_char)
        sent = tokens[k].sent_idx if k < len(tokens) else -1
        window = title_before(doc, k, sent) + apposition(doc, doc.token_after(m.end_char), sent)
        for t in window:
            if t.upos in {"NOUN", "ADJ"}:
                index.setdefault(fold(t.lemma), []).append((m.start_char, m.actor_id))
    return index


def title_before(doc: Document, k: int, sent: int) -> list[Token]:
    """The words of a title right before the name at token `k` ("le chef militaire libyen", "le
    ministre turc de la Défense"): nouns, adjectives, determiners and de-complements, back to the
    first other word."""
    words = []
    j = k - 1
    if j >= 1 and doc.tokens[j].text == "," and doc.tokens[j].sent_idx == sent:
        j -= 1                                   # "le chef du gouvernement, M. Ayrault"
    while j >= 0 and k - j <= 9 and doc.tokens[j].sent_idx == sent:
        t = doc.tokens[j]
        if t.upos not in {"NOUN", "ADJ", "DET", "PROPN"} and fold(t.text) not in {"de", "d'", "du", "des"}:
            break
        words.append(t)
        j -= 1
    return words


def apposition(doc: Document, j: int, sent: int) -> list[Token]:
    """The head noun (and adjectives after it) of an apposition opening with the comma at token `j`:
    a noun phrase closed by a comma or the sentence's end, with no verb in it."""
    tokens = doc.tokens
    if j >= len(tokens) or tokens[j].text != ",":
        return []
    phrase = []
    for t in tokens[j + 1:j + 12]:
        if t.sent_idx != sent or t.text in END_PUNCT or t.text == ",":
            break
        if t.upos in {"VERB", "AUX", "PRON", "SCONJ"}:
            return []
        phrase.append(t)
    else:
        return []
    head = next((k for k, t in enumerate(phrase) if t.upos == "NOUN"), None)
    if head is None:
        return []
    return [phrase[head]] + [t for t in phrase[head + 1:head + 3] if t.upos == "ADJ"]


def describe(descriptors: dict[str, list[tuple[int, str]]], head: str, at: int) -> str | None:
    """The actor last described with noun `head` before offset `at` (else first after it)."""
    places = descriptors.get(head, [])
    before = [p for p in places if p[0] < at]
    if before:
        return max(before)[1]
    return min(places)[1] if places else None
