"""Noun phrases and subjects: who a cue's subject is, before it (its `nsubj`, through coordination,
participles and appositions, or by word order) or after it (the postposed subject of an incise, which
parsers often tag `obj`)."""
from __future__ import annotations

from typing import NamedTuple

from ....fold import fold
from ....nlp.parse import Token
from .document import PERSON_NER, Document, inverted_pronoun, is_participle_present


NP_RELATIONS = ("det", "amod", "nmod", "case", "flat", "appos", "nummod", "compound", "fixed", "acl", "mark")


class SpeakerRef(NamedTuple):
    """Where a rule found the speaker: a noun phrase or pronoun [start, end), or `previous` (the last
    speaker: a follow-up or floating quotation)."""
    start: int
    end: int
    kind: str        # "np", "previous"


def noun_phrase_after(doc: Document, k: int, limit: int) -> tuple[int, int] | None:
    """The postposed subject after a cue ending at token `k`: skip inverted clitics, fillers and
    prepositional phrases ("à l'AFP", "lors d'une conférence"), then take a noun phrase with its
    complements and a following name in apposition; None when none stands before `limit`."""
    tokens, words = doc.tokens, doc.words
    k += 1
    if k < len(tokens) and tokens[k].start_char < limit and fold(tokens[k].text) in {"-t", "-t-"}:
        k += 1
    if k < len(tokens) and tokens[k].start_char < limit and inverted_pronoun(tokens[k]):
        return tokens[k].start_char, tokens[k].end_char
    while k < len(tokens) and tokens[k].start_char < limit:
        t = tokens[k]
        if fold(t.text) in {"de", "d'"}:
            return None                              # a complement ("se sont félicités du résultat")
        if fold(t.text) in words.fillers or t.upos == "ADV":
            k += 1
        elif t.upos == "ADP":
            k = skip_phrase(doc, k + 1, limit)
        elif t.upos in {"VERB", "SCONJ"} and fold(t.text) in {"de", "d'"} or (t.upos == "VERB" and k == 0):
            return None
        else:
            break
    if k >= len(tokens) or tokens[k].start_char >= limit or \
            tokens[k].upos not in {"DET", "NOUN", "PROPN", "ADJ", "NUM"}:
        return None
    if fold(tokens[k].text) in {"du", "de", "d'"} or (fold(tokens[k].text) == "des" and tokens[k].upos == "ADP"):
        return None                                  # a complement ("se sont félicités du résultat")
    start = tokens[k].start_char
    end = phrase_end(doc, k, limit)
    return (start, end) if end > start else None


def skip_phrase(doc: Document, k: int, limit: int) -> int:
    """Index after the noun phrase (with its de-complements) starting at token `k`."""
    end = phrase_end(doc, k, limit, appositions=False)
    return doc.token_after(end)


def phrase_end(doc: Document, k: int, limit: int, appositions: bool = True) -> int:
    """End offset of the noun phrase starting at token `k`: determiners, adjectives, nouns and names,
    de-complements, and (with `appositions`) a name or title after a comma ("le porte-parole, Dmitri
    Peskov")."""
    tokens = doc.tokens
    end = tokens[k].start_char
    seen_head = False
    while k < len(tokens) and tokens[k].start_char < limit:
        t = tokens[k]
        if t.start_char in doc.mention_end_at:                # a mention is one piece of the phrase
            if seen_head and not appositions and tokens[k - 1].end_char in doc.mention_ends:
                break                                    # "à l'AFP Jean-Philippe Magnen": the PP ends
            end = max(end, doc.mention_end_at[t.start_char])
            seen_head = True
            k = doc.token_after(end)
            continue
        if t.upos in {"DET", "ADJ", "NUM"} or (t.upos in {"NOUN", "PROPN"}):
            seen_head = seen_head or t.upos in {"NOUN", "PROPN"}
            end = t.end_char
        elif fold(t.text) in {"de", "d'", "du", "des"} and seen_head:
            end = t.end_char
        elif t.text == "-" or (t.upos == "PUNCT" and t.text in "()" and seen_head):
            end = t.end_char
        elif t.text == "," and appositions and seen_head and apposition_follows(doc, k + 1, limit):
            end = t.end_char
        else:
            break
        k += 1
    return end if seen_head else tokens[min(k, len(tokens) - 1)].start_char


def apposition_follows(doc: Document, k: int, limit: int) -> bool:
    """Whether a name follows at token `k` (an apposition: "le président du conseil, Michel Spiro")."""
    tokens = doc.tokens
    if k >= len(tokens) or tokens[k].start_char >= limit:
        return False
    return tokens[k].upos == "PROPN" or tokens[k].start_char in doc.mention_end_at


def subject_before(doc: Document, v: Token) -> SpeakerRef | None:
    """The subject of cue `v`: its `nsubj` (all of them: "Le président du club, Joey Saputo"; the
    antecedent of a relative "qui"; for a present participle, its verb's subject), with any name in
    apposition after it; else the nearest noun phrase to its left in the clause; `previous` for a
    subjectless follow-up ("Et d'ajouter") or participle."""
    tokens, words = doc.tokens, doc.words
    at = doc.position(v)
    participle = is_participle_present(v)
    if participle:
        speaking = words.voice_nouns | words.person_nouns | words.body_nouns
        before = tokens[at - 1] if at > 0 and tokens[at - 1].sent_idx == v.sent_idx else None
        if before is not None and before.upos == "NOUN" and fold(before.lemma) in speaking:
            return participle_speaker(doc, before, v)          # "un message disant « ... »"
        head = doc.head(v)
        if v.deprel.startswith("acl") and head is not None and head.upos == "NOUN" and fold(head.lemma) in speaking:
            return participle_speaker(doc, head, v)
        if before is None or (before.text not in {",", '"'} | set(words.paired_quotes.values())
                              and fold(before.text) != "en"):
            return None                      # "une croyance locale affirmant que": no one speaks
    verb, subjects = v, []
    for _ in range(4):                   # up through coordinated, complement and adverbial verbs
        verb_at = doc.position(verb)
        subjects = [t for t in doc.by_sentence[v.sent_idx] if doc.head_position(t) == verb_at
                    and t.deprel.startswith("nsubj") and (doc.position(t) < at or participle)
                    and doc.in_stretch(t.start_char) is None]
        head = doc.head(verb)
        if subjects or head is None or not verb.deprel.startswith(("conj", "xcomp", "advcl", "ccomp", "acl")) or \
                head.upos not in {"VERB", "AUX", "ADJ", "NOUN"}:
            break
        verb = head
    if participle and not subjects:
        return SpeakerRef(v.start_char, v.start_char, "previous")
    if not subjects:
        return subject_by_order(doc, v)
    s = subjects[0]
    if fold(s.text) in {"qui", "qu'"} and doc.head(verb) is not None:
        s = phrase_head(doc, doc.head(verb))
    elif s.upos == "PRON" and fold(s.text) in words.person_pronouns | words.plural_pronouns | words.first_person:
        return SpeakerRef(s.start_char, s.end_char, "np")
    first, last = subtree_span(doc, s, limit=v.start_char)
    for other in subjects[1:]:
        first, last = min(first, other.start_char), max(last, subtree_span(doc, other, limit=v.start_char)[1])
    return SpeakerRef(first, with_apposition(doc, last, v.start_char), "np")


def participle_speaker(doc: Document, head: Token, v: Token) -> SpeakerRef:
    """Who speaks through present participle `v` qualifying noun `head`, a noun that speaks: that
    noun ("un communiqué affirmant que"), or the communiqué's issuer when it names none."""
    first, last = subtree_span(doc, head, limit=v.start_char)
    verb = head
    while doc.head(verb) is not None and verb.upos != "VERB" and \
            verb.deprel.startswith(("nmod", "obj", "obl", "appos")):
        verb = doc.head(verb)                      # "a émis le lendemain un communiqué": up to "émis"
    if not doc.mentions_in(first, last) and verb.upos == "VERB":
        verb_at = doc.position(verb)
        issuer = [t for t in doc.by_sentence[head.sent_idx]
                  if doc.head_position(t) == verb_at and t.deprel.startswith("nsubj")]
        if issuer:                                   # "TVE a émis un communiqué affirmant que ..."
            a, b = subtree_span(doc, issuer[0], limit=head.start_char)
            return SpeakerRef(a, b, "np")
    return SpeakerRef(first, last, "np")


def phrase_head(doc: Document, t: Token) -> Token:
    """The head of the phrase a relative clause qualifies: a name climbs to the noun it completes
    ("la Commission européenne de Bruxelles, qui ..."), a noun stays ("des représailles de
    l'organisation islamique, qui ...")."""
    while doc.head(t) is not None and doc.head(t).upos in {"NOUN", "PROPN"} and (
            t.deprel.startswith("appos") or (t.upos == "PROPN" and t.deprel.startswith(("nmod", "flat")))):
        t = doc.head(t)
    return t


def with_apposition(doc: Document, end: int, limit: int) -> int:
    """`end`, or the end of a name in apposition right after it (", Mme Fatou Bensouda,")."""
    k = doc.token_after(end)
    if k + 1 >= len(doc.tokens) or doc.tokens[k].text != "," or doc.tokens[k + 1].start_char >= limit:
        return end
    people = [m for m in doc.mentions_in(doc.tokens[k + 1].start_char, limit) if m.ner in PERSON_NER]
    if not people or doc.token_after(people[0].start_char) - k > 4:
        return end
    return people[0].end_char


def subtree_span(doc: Document, s: Token, limit: int) -> tuple[int, int]:
    """The offsets of noun phrase head `s` and the words it governs within its phrase (determiners,
    adjectives, complements, names, appositions; no relative clause), before `limit`."""
    sent = doc.by_sentence[s.sent_idx]
    top = doc.position(s)
    inside = {top}
    grew = True
    while grew:
        grew = False
        for t in sent:
            at, head = doc.position(t), doc.head_position(t)
            if at not in inside and head in inside and t.start_char < limit and t.deprel.startswith(
                    NP_RELATIONS) and not t.deprel.startswith("acl:relcl") and not (
                    head == top and t.deprel.startswith(("case", "mark"))):
                inside.add(at)
                grew = True
    span = sorted(inside)
    # keep the contiguous run around the subject's head
    lo = hi = span.index(top)
    while lo > 0 and span[lo - 1] == span[lo] - 1:
        lo -= 1
    while hi + 1 < len(span) and span[hi + 1] == span[hi] + 1 or (
            hi + 2 < len(span) and span[hi + 2] == span[hi] + 2 and doc.tokens[span[hi] + 1].text == ","):
        hi += 1
    tokens = doc.tokens
    return tokens[span[lo]].start_char, tokens[span[hi]].end_char


def subject_by_order(doc: Document, v: Token) -> SpeakerRef | None:
    """The subject by word order: a clitic pronoun or the nearest noun phrase left of `v` in its
    clause; `previous` when the clause opens with "Et de" + the cue (a follow-up)."""
    tokens, words = doc.tokens, doc.words
    k = doc.position(v) - 1
    while k >= 0 and tokens[k].sent_idx == v.sent_idx and (
            tokens[k].upos in {"AUX", "ADV"}
            or fold(tokens[k].text) in words.object_clitics | words.fillers | {"y", "en", "ne", "n'"}):
        k -= 1
    if k < 0 or tokens[k].sent_idx != v.sent_idx:
        return None
    t = tokens[k]
    if fold(t.text) in {"de", "d'"} and (k == 0 or tokens[k - 1].sent_idx != v.sent_idx
                                         or fold(tokens[k - 1].text) in words.follow_up_openers):
        return SpeakerRef(v.start_char, v.start_char, "previous")
    if t.upos == "PRON" and fold(t.text) in words.person_pronouns | words.plural_pronouns:
        return SpeakerRef(t.start_char, t.end_char, "np")
    if t.upos in {"NOUN", "PROPN"} or any(m.end_char == t.end_char for m in doc.mentions):
        start = t.start_char
        for m in doc.mentions:
            if m.start_char <= t.start_char < m.end_char:
                start = m.start_char
        j = doc.token_after(start) - 1
        while j >= 0 and tokens[j].sent_idx == v.sent_idx and tokens[j].upos in {"DET", "ADJ", "NOUN", "PROPN", "NUM"}:
            start = tokens[j].start_char
            j -= 1
        return SpeakerRef(start, t.end_char, "np")
    return None


def speaker_of(doc: Document, v: Token, last: int) -> SpeakerRef | None:
    """The subject of cue `v` (ending at token `last`), before it or, inverted, after it (a present
    participle has none after it)."""
    found = subject_before(doc, v)
    if found is None and not is_participle_present(v):
        found = postposed_subject(doc, v, last)
    return found


def postposed_subject(doc: Document, v: Token, last: int) -> SpeakerRef | None:
    """A subject after the cue in an inverted clause ("comme le rappelle HRW")."""
    np = noun_phrase_after(doc, last, doc.sentence_at(v.start_char)[2])
    return SpeakerRef(np[0], np[1], "np") if np else None
