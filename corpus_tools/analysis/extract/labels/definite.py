"""Definite descriptions: a later "le maréchal", "le président américain", "son homologue
français" as a label of the actor it stands for -- the one actor an earlier label it repeats
belongs to, else the person a reader would resolve a role noun to."""
from __future__ import annotations

from collections.abc import Iterable

from ....fold import fold
from ....nlp.parse import Sentence, Token, feature, folded_lemma
from ...wordlists import words
from ..mention import Mention
from .phrases import first_noun, is_role_noun, noun_phrase_after
from .rows import Label


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
    if any((head.start_char <= m.start_char < end and m.ner == "PER") or m.start_char <= head.start_char < m.end_char
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
    people = {m.actor_id for m in mentions if m.kind == "name" and m.ner == "PER"}
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

