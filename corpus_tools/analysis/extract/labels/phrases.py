"""Reading noun phrases: the label phrase before a name, after a comma, after a copula; where a
label starts in a run of words; whether the parse joins a phrase to the name; whether a phrase
can label an actor, and its head noun."""
from __future__ import annotations

from collections.abc import Iterable

from ....actors import appositions
from ....fold import fold
from ....nlp.parse import Sentence, Token, feature, folded_lemma
from ...wordlists import words
from ..mention import Mention

MAX_LABEL_WORDS = 10
NOMINAL = {"NOUN", "ADJ", "ADP", "DET", "PROPN"}


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
    people = words("words", "title_heads", "actors") | words("labels", "role_nouns") | words("labels", "relation_nouns")
    return folded_lemma(word) in people or fold(word.text) in people     # "figure" lemmatised "figurer"


def honorific(word: Token) -> bool:
    """'M.', 'Mme', 'Dr': a form of address, never a label."""
    return fold(word.text).rstrip(".") in words("words", "honorifics", "actors")

