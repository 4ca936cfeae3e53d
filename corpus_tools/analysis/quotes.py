"""Who says what: every quotation of a document, its kind, its cue and its speaker (the `quotes` table).

The build runs `quote_rows` once per document after actor linking (`register_analysis`); notebooks and
reports read the table with `quotes(corpus, actor)`.

Quotations are found by rules over the repaired sentences, the parse, and the document's quotation
marks, in this order of precedence:

- an incise inside quotation marks (« ..., a-t-il dit, ... »), which splits the quotation;
- a colon before quotation marks (X a déclaré : « ... »; Et d'ajouter : « ... »);
- an incise after the content, with a postposed subject (« ... », a affirmé le ministre; ..., estime X)
  -- parsers often tag that subject `obj`, so word order and the cue decide, not `nsubj`;
- a cue verb with a que-clause, with an infinitive, or with quoted words as its complement;
- "selon X", "d'après X" and "pour X, ..." where X speaks;
- a floating quotation: quoted words with no cue of their own, or a paragraph signed "— Name".

Each quotation's kind follows from its quotation marks: direct (the content is one quoted stretch),
mixed (reported speech holding quoted words, or quoted words completing a cue) or indirect (none).
Speakers are resolved to actors through the mentions table: a name, a description whose words the
article attaches to a name ("l'ancien général"), an institution speaking through a communiqué or a
spokesperson, a pronoun or a follow-up (the previous speaker); a speaker the article does not name
("une source de l'OTAN") is flagged `unnamed_speaker`.  The words are data:
`data/quotes.yaml` (cue verbs and their irregular forms, markers, nouns).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import yaml

from ..schema import columns
from ..text.fold import fold
from .mentions import with_documents
from .stage import ChunkTables, register_analysis

DATA = Path(__file__).with_name("data") / "quotes.yaml"
TABLE = "quotes"
END_PUNCT = {".", "!", "?", ";", "…"}
PERSON_LABELS = {"PER"}
PLACE_LABELS = {"LOC"}
NP_RELATIONS = ("det", "amod", "nmod", "case", "flat", "appos", "nummod", "compound", "fixed", "acl", "mark")
CLOSED_CLASSES = {"DET", "PRON", "ADP", "PUNCT", "CCONJ", "SCONJ", "NUM", "PROPN", "SYM", "PART"}


# ---------------------------------------------------------------- the words of data/quotes.yaml

class QuoteWords(NamedTuple):
    """The lists of `data/quotes.yaml`, folded for comparison."""
    verbs: frozenset[str]
    forms: dict[str, str]                    # folded inflected form -> folded lemma
    names: dict[str, str]                    # folded cue (verb or marker) -> as the data writes it
    phrases: dict[tuple[str, ...], str]      # folded lemmas of a cue phrase -> its name
    infinitive_verbs: frozenset[str]
    object_infinitive_verbs: frozenset[str]
    que_only_verbs: frozenset[str]
    subordinators: frozenset[str]
    semi_auxiliaries: frozenset[str]
    markers: tuple[str, ...]
    not_sources: frozenset[str]
    person_nouns: frozenset[str]
    body_nouns: frozenset[str]
    voice_nouns: frozenset[str]
    possessives: frozenset[str]
    clause_openers: frozenset[str]
    unnamed_determiners: frozenset[str]
    person_pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    first_person: frozenset[str]
    object_clitics: frozenset[str]
    anaphoric_words: frozenset[str]
    follow_up_openers: frozenset[str]
    fillers: frozenset[str]
    paired_quotes: dict[str, str]
    straight_quotes: str
    floating_min_words: int


def inflections(lemma: str) -> set[str]:
    """Common forms of a regular -er or -ir verb (present, past participle, imperfect, simple past,
    future, conditional, present participle), with the spelling changes of c, g, e and l.

    >>> sorted(f for f in inflections("annoncer") if f.startswith("annon"))[:4]
    ['annonce', 'annoncent', 'annoncer', 'annoncera']
    >>> "averti" in inflections("avertir"), "annonça" in inflections("annoncer")
    (True, True)
    """
    forms = {lemma}
    if lemma.endswith("er"):
        stem = lemma[:-2]
        soft = stem[:-1] + "ç" if stem.endswith("c") else stem + "e" if stem.endswith("g") else stem
        grave = re.sub(r"[eé]([^aeiouyéèê]+)$", r"è\1", stem)
        double = stem + stem[-1] if stem.endswith(("l", "t")) and stem[-2:-1] == "e" else grave
        forms |= {double + e for e in ("e", "es", "ent")}
        forms |= {stem + e for e in ("ons", "ez", "é", "ée", "és", "ées", "era", "eront", "erait", "eraient",
                                     "èrent", "ions", "iez")}
        forms |= {soft + e for e in ("ait", "aient", "ais", "a", "ant", "as")}
    elif lemma.endswith("ir"):
        stem = lemma[:-2]
        forms |= {stem + e for e in ("is", "it", "issent", "issons", "i", "ie", "ies", "issait", "issaient", "ira",
                                     "iront", "irait", "issant", "irent")}
    return forms


@lru_cache(maxsize=1)
def quote_words() -> QuoteWords:
    """The shipped word lists, read once."""
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    for word in [*data["speech_verbs"], *data["attribution_markers"]]:
        names.setdefault(fold(str(word)), str(word))
    verbs = frozenset(fold(v) for v in data["speech_verbs"])
    forms: dict[str, str] = {}
    for verb in verbs:
        for form in inflections(verb):
            forms.setdefault(fold(form), verb)
    for lemma, irregular in data["irregular_forms"].items():
        if fold(lemma) in verbs:
            forms.update({fold(str(form)): fold(lemma) for form in irregular})
    pronouns = data["pronouns"]

    def folded(key: str) -> frozenset[str]:
        return frozenset(fold(str(w)) for w in data[key])
    return QuoteWords(
        verbs, forms, names, {tuple(fold(w) for w in words): name for name, words in data["speech_phrases"].items()},
        folded("infinitive_verbs"), folded("object_infinitive_verbs"), folded("que_only_verbs"),
        folded("subordinators"), folded("semi_auxiliaries"), tuple(fold(m) for m in data["attribution_markers"]),
        folded("not_sources"), folded("person_nouns"), folded("body_nouns"), folded("voice_nouns"),
        folded("possessives"), folded("clause_openers"), folded("unnamed_determiners"), frozenset(fold(p) for p in pronouns["person"]),
        frozenset(fold(p) for p in pronouns["plural"]), frozenset(fold(p) for p in pronouns["first_person"]),
        folded("object_clitics"), folded("anaphoric_words"), folded("follow_up_openers"), folded("incise_fillers"), dict(data["paired_quotes"]), data["straight_quotes"],
        int(data["floating_min_words"]))


# ---------------------------------------------------------------- one document, as the rules read it

class Token(NamedTuple):
    """One word of the document: `i` its position in the document, `head` its head's (-1: a root)."""
    i: int
    sent: int
    text: str
    lemma: str
    upos: str
    feats: str
    head: int
    deprel: str
    start: int
    end: int


class Mention(NamedTuple):
    """A resolved mention (a row of the mentions table)."""
    start: int
    end: int
    actor_id: str
    label: str
    kind: str


class Stretch(NamedTuple):
    """Words between quotation marks: the opening mark at `open`, the content [start, end), the
    position after the closing mark `close`."""
    open: int
    start: int
    end: int
    close: int


class SpeakerRef(NamedTuple):
    """Where a rule found the speaker: a noun phrase or pronoun [start, end), or `previous` (the last
    speaker: a follow-up or floating quotation)."""
    start: int
    end: int
    kind: str        # "np", "previous"


class Speaker(NamedTuple):
    """A resolved speaker."""
    actor_id: str | None
    text: str | None
    start: int | None
    end: int | None
    unnamed: bool


class Candidate(NamedTuple):
    """A quotation a rule found, before its kind and speaker are settled."""
    start: int
    end: int
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    speaker: SpeakerRef | None
    method: str
    kind: str | None = None          # set by rules that know it (fragment: mixed; colon, incise: direct)


class Quote(NamedTuple):
    """One row of the quotes table (without doc_id)."""
    sent_idx: int
    start_char: int
    end_char: int
    quote: str
    kind: str
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    speaker: str | None
    speaker_text: str | None
    speaker_start: int | None
    speaker_end: int | None
    unnamed_speaker: bool
    method: str


class Document:
    """A document's text, words, sentences, mentions and quoted stretches, with lookups by offset."""

    def __init__(self, text: str, tokens: list[Token], sentences: list[tuple[int, int, int]],
                 mentions: list[Mention], words: QuoteWords):
        self.text, self.tokens, self.mentions, self.words = text, tokens, mentions, words
        self.sentences = sentences                              # (sent_idx, start, end), in order
        self.sentence_starts = [s for _, s, _ in sentences]
        self.token_starts = [t.start for t in tokens]
        self.stretches = quoted_stretches(text, words)
        self.closing_marks = {s.close - 1: s for s in self.stretches}
        self.mention_starts = [m.start for m in mentions]
        self.mention_end_at = {m.start: m.end for m in mentions}
        self.mention_ends = {m.end for m in mentions}
        self.by_sentence: dict[int, list[Token]] = {}
        for t in tokens:
            self.by_sentence.setdefault(t.sent, []).append(t)

    def sentence_at(self, pos: int) -> tuple[int, int, int]:
        """The sentence holding offset `pos` (the last one starting at or before it)."""
        k = max(bisect_right(self.sentence_starts, pos) - 1, 0)
        return self.sentences[k]

    def token_after(self, pos: int) -> int:
        """Index of the first token starting at or after `pos` (len(tokens) when none)."""
        return bisect_left(self.token_starts, pos)

    def in_stretch(self, pos: int) -> Stretch | None:
        """The quoted stretch whose content holds `pos`, if any."""
        for s in self.stretches:
            if s.start <= pos < s.end:
                return s
        return None

    def paragraph_start(self, pos: int) -> int:
        """Offset where the paragraph holding `pos` starts."""
        return self.text.rfind("\n", 0, pos) + 1

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """Mentions lying inside [start, end)."""
        k = bisect_left(self.mention_starts, start)
        out = []
        while k < len(self.mentions) and self.mentions[k].start < end:
            if self.mentions[k].end <= end:
                out.append(self.mentions[k])
            k += 1
        return out


def quoted_stretches(text: str, words: QuoteWords) -> list[Stretch]:
    """The outermost stretches between quotation marks.  A quotation left open at the end of a
    paragraph goes on when the next paragraph opens with the same mark (French typography for a
    quotation over several paragraphs); otherwise it is dropped, as is an unclosed one.

    >>> words = quote_words()
    >>> [text[s.start:s.end] for text in ["Il a dit « oui « vraiment » » puis « non »."]
    ...  for s in quoted_stretches(text, words)]
    ['oui « vraiment »', 'non']
    >>> text = "« Premier paragraphe.\\n\\n« Second », a-t-il dit."
    >>> [text[s.start:s.end] for s in quoted_stretches(text, words)]
    ['Premier paragraphe.\\n\\n« Second']
    """
    closing = words.paired_quotes
    out: list[Stretch] = []
    top: str | None = None
    opened = depth = 0
    pos, n = 0, len(text)
    while pos < n:
        c = text[pos]
        if c == "\n" and top is not None:
            nxt = len(text) - len(text[pos:].lstrip())
            if nxt < n and text[nxt] == top:
                pos = nxt + 1                       # the quotation goes on in this paragraph
                continue
            top = None                              # left open: not a quotation we can bound
        elif top is None:
            if c in closing or c in words.straight_quotes:
                top, opened, depth = c, pos, 1
        elif top in words.straight_quotes:
            if c == top:
                out.append(stretch(text, opened, pos))
                top = None
        elif c == closing[top]:
            depth -= 1
            if depth == 0:
                out.append(stretch(text, opened, pos))
                top = None
        elif c == top:
            depth += 1
        pos += 1
    return [s for s in out if s.end > s.start]


def is_name(doc: "Document", s: Stretch) -> bool:
    """Whether a quoted stretch is a name ("Wagner", « Nintendo Direct »): a few words, each capitalised."""
    words = doc.text[s.start:s.end].split()
    return len(words) <= 4 and all(w[:1].isupper() or w[:1].isdigit() for w in words)


def stretch(text: str, opened: int, closed: int) -> Stretch:
    """The stretch from the opening mark at `opened` to the closing mark at `closed`, content trimmed."""
    start, end = opened + 1, closed
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Stretch(opened, start, end, closed + 1)


# ---------------------------------------------------------------- reading the words

def cue_of(doc: Document, t: Token) -> tuple[str, int] | None:
    """(cue lemma, index of its last token) when token `t` starts a cue: a speech verb or a phrase."""
    words = doc.words
    for phrase, name in words.phrases.items():
        k = t.i
        for word in phrase:
            if k >= len(doc.tokens) or fold(doc.tokens[k].lemma) != word or doc.tokens[k].sent != t.sent:
                break
            k += 1
        else:
            return name, k - 1
    if t.upos in CLOSED_CLASSES and not (t.upos == "PROPN" and t.text.islower()):
        return None
    if adjectival(doc, t):
        return None                              # "la loi dite « ... »", "les propos tenus"
    lemma = fold(t.lemma)
    if t.upos in {"VERB", "AUX"} and lemma in words.verbs:
        return lemma, t.i
    form = words.forms.get(fold(t.text))       # a form the tagger or lemmatizer got wrong ("disant" ADV)
    if form is None or (t.upos == "NOUN" and t.i > 0 and doc.tokens[t.i - 1].upos in {"DET", "ADJ", "ADP", "NUM"}):
        return None                            # "la note": a noun
    return form, t.i


INVERTED = re.compile(r"-(?:t-)?(?:il|elle|ils|elles|on)$")


def inverted_pronoun(t: Token) -> bool:
    """A subject pronoun inverted onto its verb ("-il", "-t-elle"), however the tagger took it."""
    return bool(INVERTED.fullmatch(fold(t.text)))


def adjectival(doc: Document, t: Token) -> bool:
    """A past participle qualifying the noun before it, with no auxiliary ("la loi dite « ... »")."""
    if t.i == 0 or not (t.upos == "ADJ" or ("VerbForm=Part" in t.feats and "Tense=Past" in t.feats)):
        return False
    before = doc.tokens[max(t.i - 5, 0):t.i]
    return before[-1].upos in {"NOUN", "PROPN", "ADJ"} and before[-1].sent == t.sent and not any(
        (b.upos == "AUX" or fold(b.lemma) in {"avoir", "etre"}) and b.sent == t.sent for b in before)


def negated(doc: Document, t: Token) -> bool:
    """Whether the cue at `t` is negated ("n'a pas précisé", "n'a jamais pu être confirmé"): a "ne"
    among the auxiliaries, adverbs, clitics and modal verbs before it."""
    k = t.i - 1
    while k >= 0 and doc.tokens[k].sent == t.sent:
        b = doc.tokens[k]
        if fold(b.text) in {"ne", "n'"}:
            return True
        if not (b.upos in {"AUX", "ADV", "PART"} or fold(b.text) in doc.words.object_clitics
                or fold(b.lemma) in doc.words.semi_auxiliaries):
            return False
        k -= 1
    return False


def is_participle_present(t: Token) -> bool:
    """A present participle or gerund ("affirmant", "en ajoutant")."""
    return "VerbForm=Part" in (t.feats or "") and "Tense=Pres" in (t.feats or "") or fold(t.text).endswith("ant")


def clause_end(doc: Document, k: int, limit: int) -> int:
    """Where the reported content starting at token `k` ends: before the sentence's end punctuation, a
    semicolon, a colon opening a quotation, or a new cue after a comma; at `limit` at the latest."""
    end = limit
    tokens = doc.tokens
    while k < len(tokens) and tokens[k].start < limit:
        t = tokens[k]
        if doc.in_stretch(t.start) is None:
            closing = doc.closing_marks.get(t.start)
            if closing is not None and doc.text[closing.end - 1] in END_PUNCT and k + 1 < len(tokens) and \
                    tokens[k + 1].text[:1].isupper():
                return min(t.end, end)               # « ... victoire ! » Le porte-parole ...: the sentence ended
            if t.text in END_PUNCT or (t.text == ":" and k + 1 < len(tokens)):
                return min(t.start, end)
            if is_participle_present(t) and t.upos == "VERB" and cue_of(doc, t) is not None:
                return min(t.start, end)             # "... » évoquant des « refus »": a new report
            if t.text == "," and k + 2 < len(tokens) and new_cue_follows(doc, k + 1):
                return min(t.start, end)
        k += 1
    return end


def new_cue_follows(doc: Document, k: int) -> bool:
    """Whether the words from token `k` open a new report ("en ajoutant", "a-t-il précisé", "estime X")."""
    tokens = doc.tokens
    if fold(tokens[k].text) == "en" and k + 1 < len(tokens):
        k += 1
    while k < len(tokens) and tokens[k].upos in {"AUX", "ADV"}:
        k += 1
    return k < len(tokens) and cue_of(doc, tokens[k]) is not None


def trimmed(doc: Document, start: int, end: int) -> tuple[int, int]:
    """[start, end) without surrounding spaces, commas and dashes."""
    text = doc.text
    while start < end and (text[start].isspace() or text[start] in ",;-–—"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:-–—"):
        end -= 1
    return start, end


# ---------------------------------------------------------------- noun phrases and subjects

def noun_phrase_after(doc: Document, k: int, limit: int) -> tuple[int, int] | None:
    """The postposed subject after a cue ending at token `k`: skip inverted clitics, fillers and
    prepositional phrases ("à l'AFP", "lors d'une conférence"), then take a noun phrase with its
    complements and a following name in apposition; None when none stands before `limit`."""
    tokens, words = doc.tokens, doc.words
    k += 1
    if k < len(tokens) and tokens[k].start < limit and fold(tokens[k].text) in {"-t", "-t-"}:
        k += 1
    if k < len(tokens) and tokens[k].start < limit and inverted_pronoun(tokens[k]):
        return tokens[k].start, tokens[k].end
    while k < len(tokens) and tokens[k].start < limit:
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
    if k >= len(tokens) or tokens[k].start >= limit or tokens[k].upos not in {"DET", "NOUN", "PROPN", "ADJ", "NUM"}:
        return None
    if fold(tokens[k].text) in {"du", "de", "d'"} or (fold(tokens[k].text) == "des" and tokens[k].upos == "ADP"):
        return None                                  # a complement ("se sont félicités du résultat")
    start = tokens[k].start
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
    end = tokens[k].start
    seen_head = False
    while k < len(tokens) and tokens[k].start < limit:
        t = tokens[k]
        if t.start in doc.mention_end_at:                # a mention is one piece of the phrase
            if seen_head and not appositions and tokens[k - 1].end in doc.mention_ends:
                break                                    # "à l'AFP Jean-Philippe Magnen": the PP ends
            end = max(end, doc.mention_end_at[t.start])
            seen_head = True
            k = doc.token_after(end)
            continue
        if t.upos in {"DET", "ADJ", "NUM"} or (t.upos in {"NOUN", "PROPN"}):
            seen_head = seen_head or t.upos in {"NOUN", "PROPN"}
            end = t.end
        elif fold(t.text) in {"de", "d'", "du", "des"} and seen_head:
            end = t.end
        elif t.text == "-" or (t.upos == "PUNCT" and t.text in "()" and seen_head):
            end = t.end
        elif t.text == "," and appositions and seen_head and apposition_follows(doc, k + 1, limit):
            end = t.end
        else:
            break
        k += 1
    return end if seen_head else tokens[min(k, len(tokens) - 1)].start


def apposition_follows(doc: Document, k: int, limit: int) -> bool:
    """Whether a name follows at token `k` (an apposition: "le président du conseil, Michel Spiro")."""
    tokens = doc.tokens
    if k >= len(tokens) or tokens[k].start >= limit:
        return False
    return tokens[k].upos == "PROPN" or tokens[k].start in doc.mention_end_at


def subject_before(doc: Document, v: Token) -> SpeakerRef | None:
    """The subject of cue `v`: its `nsubj` (all of them: "Le président du club, Joey Saputo"; the
    antecedent of a relative "qui"; for a present participle, its verb's subject), with any name in
    apposition after it; else the nearest noun phrase to its left in the clause; `previous` for a
    subjectless follow-up ("Et d'ajouter") or participle."""
    tokens, words = doc.tokens, doc.words
    participle = is_participle_present(v)
    if participle:
        speaking = words.voice_nouns | words.person_nouns | words.body_nouns
        before = tokens[v.i - 1] if v.i > 0 and tokens[v.i - 1].sent == v.sent else None
        if before is not None and before.upos == "NOUN" and fold(before.lemma) in speaking:
            return participle_speaker(doc, before, v)          # "un message disant « ... »"
        head = tokens[v.head] if v.head >= 0 else None
        if v.deprel.startswith("acl") and head is not None and head.upos == "NOUN" and fold(head.lemma) in speaking:
            return participle_speaker(doc, head, v)
        if before is None or (before.text not in {",", '"'} | set(words.paired_quotes.values())
                              and fold(before.text) != "en"):
            return None                      # "une croyance locale affirmant que": no one speaks
    verb, subjects = v, []
    for _ in range(4):                   # up through coordinated, complement and adverbial verbs
        subjects = [t for t in doc.by_sentence[v.sent] if t.head == verb.i and t.deprel.startswith("nsubj")
                    and (t.i < v.i or participle) and doc.in_stretch(t.start) is None]
        if subjects or verb.head < 0 or not verb.deprel.startswith(("conj", "xcomp", "advcl", "ccomp", "acl")) or \
                tokens[verb.head].upos not in {"VERB", "AUX", "ADJ", "NOUN"}:
            break
        verb = tokens[verb.head]
    if participle and not subjects:
        return SpeakerRef(v.start, v.start, "previous")
    if not subjects:
        return subject_by_order(doc, v)
    s = subjects[0]
    if fold(s.text) in {"qui", "qu'"} and verb.head >= 0:
        s = phrase_head(doc, tokens[verb.head])
    elif s.upos == "PRON" and fold(s.text) in words.person_pronouns | words.plural_pronouns | words.first_person:
        return SpeakerRef(s.start, s.end, "np")
    first, last = subtree_span(doc, s, limit=v.start)
    for other in subjects[1:]:
        first, last = min(first, other.start), max(last, subtree_span(doc, other, limit=v.start)[1])
    return SpeakerRef(first, with_apposition(doc, last, v.start), "np")


def participle_speaker(doc: Document, head: Token, v: Token) -> SpeakerRef:
    """Who speaks through present participle `v` qualifying noun `head`, a noun that speaks: that
    noun ("un communiqué affirmant que"), or the communiqué's issuer when it names none."""
    tokens = doc.tokens
    first, last = subtree_span(doc, head, limit=v.start)
    verb = head
    while verb.head >= 0 and verb.upos != "VERB" and verb.deprel.startswith(("nmod", "obj", "obl", "appos")):
        verb = tokens[verb.head]                   # "a émis le lendemain un communiqué": up to "émis"
    if not doc.mentions_in(first, last) and verb.upos == "VERB":
        issuer = [t for t in doc.by_sentence[head.sent] if t.head == verb.i and t.deprel.startswith("nsubj")]
        if issuer:                                   # "TVE a émis un communiqué affirmant que ..."
            a, b = subtree_span(doc, issuer[0], limit=head.start)
            return SpeakerRef(a, b, "np")
    return SpeakerRef(first, last, "np")


def phrase_head(doc: Document, t: Token) -> Token:
    """The head of the phrase a relative clause qualifies: a name climbs to the noun it completes
    ("la Commission européenne de Bruxelles, qui ..."), a noun stays ("des représailles de
    l'organisation islamique, qui ...")."""
    tokens = doc.tokens
    while t.head >= 0 and tokens[t.head].upos in {"NOUN", "PROPN"} and (
            t.deprel.startswith("appos") or (t.upos == "PROPN" and t.deprel.startswith(("nmod", "flat")))):
        t = tokens[t.head]
    return t


def with_apposition(doc: Document, end: int, limit: int) -> int:
    """`end`, or the end of a name in apposition right after it (", Mme Fatou Bensouda,")."""
    k = doc.token_after(end)
    if k + 1 >= len(doc.tokens) or doc.tokens[k].text != "," or doc.tokens[k + 1].start >= limit:
        return end
    people = [m for m in doc.mentions_in(doc.tokens[k + 1].start, limit) if m.label in PERSON_LABELS]
    if not people or doc.token_after(people[0].start) - k > 4:
        return end
    return people[0].end


def has_subject(doc: Document, v: Token) -> bool:
    """Whether `v` has its own nsubj."""
    return any(t.head == v.i and t.deprel.startswith("nsubj") for t in doc.by_sentence[v.sent])


def subtree_span(doc: Document, s: Token, limit: int) -> tuple[int, int]:
    """The offsets of noun phrase head `s` and the words it governs within its phrase (determiners,
    adjectives, complements, names, appositions; no relative clause), before `limit`."""
    sent = doc.by_sentence[s.sent]
    inside = {s.i}
    grew = True
    while grew:
        grew = False
        for t in sent:
            if t.i not in inside and t.head in inside and t.start < limit and t.deprel.startswith(
                    NP_RELATIONS) and not t.deprel.startswith("acl:relcl") and not (
                    t.head == s.i and t.deprel.startswith(("case", "mark"))):
                inside.add(t.i)
                grew = True
    span = sorted(inside)
    # keep the contiguous run around the subject's head
    lo = hi = span.index(s.i)
    while lo > 0 and span[lo - 1] == span[lo] - 1:
        lo -= 1
    while hi + 1 < len(span) and span[hi + 1] == span[hi] + 1 or (
            hi + 2 < len(span) and span[hi + 2] == span[hi] + 2 and doc.tokens[span[hi] + 1].text == ","):
        hi += 1
    tokens = doc.tokens
    return tokens[span[lo]].start, tokens[span[hi]].end


def subject_by_order(doc: Document, v: Token) -> SpeakerRef | None:
    """The subject by word order: a clitic pronoun or the nearest noun phrase left of `v` in its
    clause; `previous` when the clause opens with "Et de" + the cue (a follow-up)."""
    tokens, words = doc.tokens, doc.words
    k = v.i - 1
    while k >= 0 and tokens[k].sent == v.sent and (tokens[k].upos in {"AUX", "ADV"} or fold(tokens[k].text) in
                                                   words.object_clitics | words.fillers | {"y", "en", "ne", "n'"}):
        k -= 1
    if k < 0 or tokens[k].sent != v.sent:
        return None
    t = tokens[k]
    if fold(t.text) in {"de", "d'"} and (k == 0 or tokens[k - 1].sent != v.sent
                                         or fold(tokens[k - 1].text) in words.follow_up_openers):
        return SpeakerRef(v.start, v.start, "previous")
    if t.upos == "PRON" and fold(t.text) in words.person_pronouns | words.plural_pronouns:
        return SpeakerRef(t.start, t.end, "np")
    if t.upos in {"NOUN", "PROPN"} or any(m.end == t.end for m in doc.mentions):
        start = t.start
        for m in doc.mentions:
            if m.start <= t.start < m.end:
                start = m.start
        j = doc.token_after(start) - 1
        while j >= 0 and tokens[j].sent == v.sent and tokens[j].upos in {"DET", "ADJ", "NOUN", "PROPN", "NUM"}:
            start = tokens[j].start
            j -= 1
        return SpeakerRef(start, t.end, "np")
    return None


# ---------------------------------------------------------------- the rules

def candidates(doc: Document) -> list[Candidate]:
    """Every quotation the rules find, in order of precedence (see the module docstring)."""
    found: list[Candidate] = []
    found += incises_inside(doc)
    found += colon_quotes(doc)
    found += signed_paragraphs(doc)
    for t in doc.tokens:
        cue = cue_of(doc, t)
        if cue is None or doc.in_stretch(t.start) is not None or negated(doc, t):
            continue
        lemma, last = cue
        found += [c for c in (incise_after(doc, t, lemma, last), que_clause(doc, t, lemma, last),
                              infinitive(doc, t, lemma, last), fragment(doc, t, lemma, last)) if c]
    found += attributions(doc)
    return found


def incises_inside(doc: Document) -> list[Candidate]:
    """« A, a-t-il dit, B »: the cue and its postposed subject inside the marks split the quotation."""
    out = []
    for s in doc.stretches:
        k = doc.token_after(s.start)
        while k < len(doc.tokens) and doc.tokens[k].start < s.end:
            t = doc.tokens[k]
            cue = cue_of(doc, t)
            if cue and preceded_by_comma(doc, t, s.start):
                lemma, last = cue
                after = last + 1
                if after < len(doc.tokens) and fold(doc.tokens[after].text) in {"-t", "-t-"}:
                    after += 1
                inverted = after < len(doc.tokens) and inverted_pronoun(doc.tokens[after])
                if inverted and after + 1 < len(doc.tokens) and doc.tokens[after + 1].text in {",", "."}:
                    comma = comma_before(doc, t)
                    speaker = SpeakerRef(doc.tokens[after].start, doc.tokens[after].end, "np")
                    resume = doc.tokens[after + 1].end
                    for a, b in ((s.start, comma), (resume, s.end)):
                        a, b = trimmed(doc, a, b)
                        if len(doc.text[a:b].split()) >= 2:
                            out.append(Candidate(a, b, lemma, t.start, doc.tokens[last].end, speaker, "incise-inside",
                                                 "direct"))
                    break
            k += 1
    return out


def preceded_by_comma(doc: Document, t: Token, floor: int) -> bool:
    """Whether a comma stands before cue `t` (auxiliaries and clitics between), after `floor`."""
    k = t.i - 1
    while k >= 0 and doc.tokens[k].start >= floor and (doc.tokens[k].upos in {"AUX", "ADV"} or
                                                       fold(doc.tokens[k].text) in doc.words.object_clitics):
        k -= 1
    return k >= 0 and doc.tokens[k].start >= floor and doc.tokens[k].text == ","


def comma_before(doc: Document, t: Token) -> int:
    """Offset of the comma before cue `t`."""
    k = t.i - 1
    while k >= 0 and doc.tokens[k].text != ",":
        k -= 1
    return doc.tokens[k].start


def colon_quotes(doc: Document) -> list[Candidate]:
    """X a déclaré : « ... »: a quotation right after a colon belongs to the subject of the clause
    before the colon (its cue when it has one); a subjectless "Et d'ajouter :" follows up."""
    out = []
    for s in doc.stretches:
        before = doc.text[:s.open].rstrip()
        if not before.endswith(":"):
            continue
        colon = len(before) - 1
        sent_start = doc.sentence_at(colon)[1]
        clause = [t for t in doc.tokens[doc.token_after(max(sent_start, doc.paragraph_start(colon))):
                                        doc.token_after(colon)] if doc.in_stretch(t.start) is None]
        verb = next((t for t in reversed(clause) if cue_of(doc, t)), None)
        cue = cue_of(doc, verb) if verb else None
        if verb is None:
            verb = next((t for t in reversed(clause) if t.upos == "VERB" and t.deprel in {"root", "ROOT"}), None) or \
                next((t for t in reversed(clause) if t.upos == "VERB"), None)
        speaker = subject_before(doc, verb) if verb else None
        if verb is not None and speaker is None and fold(doc.tokens[max(verb.i - 1, 0)].text) in {"de", "d'"}:
            speaker = SpeakerRef(verb.start, verb.start, "previous")
        if speaker is None:
            continue
        out.append(Candidate(s.start, s.end, cue[0] if cue else None, verb.start if cue else None,
                             doc.tokens[cue[1]].end if cue else None, speaker, "colon", "direct"))
    return out


SIGNATURE = re.compile(r"\s[—–-]\s?(?P<name>[A-ZÀ-Ý][^\n,—–]{2,60})(?:,[^\n]{0,80})?$")


def signed_paragraphs(doc: Document) -> list[Candidate]:
    """A paragraph ending "— Name, title" with a named person: the paragraph is that person's words."""
    out = []
    pos = 0
    for paragraph in doc.text.split("\n"):
        m = SIGNATURE.search(paragraph)
        if m and len(paragraph[:m.start()].split()) >= 5:
            name_start = pos + m.start("name")
            if any(mn.label in PERSON_LABELS for mn in doc.mentions_in(name_start, pos + m.end("name") + 1)):
                start, end = trimmed(doc, pos, pos + m.start())
                out.append(Candidate(start, end, None, None, None,
                                     SpeakerRef(name_start, pos + m.end("name"), "np"), "signature", "direct"))
        pos += len(paragraph) + 1
    return out


def incise_after(doc: Document, v: Token, lemma: str, last: int) -> Candidate | None:
    """« ... », a affirmé le ministre / ..., estime X / ..., a-t-il ajouté / « ... », tente-t-il de
    corriger: the cue follows the content (a comma or closing mark before it, auxiliaries, clitics and
    a semi-auxiliary between) and its subject follows the cue or is inverted onto its auxiliary."""
    tokens, words = doc.tokens, doc.words
    closers = {",", '"'} | set(words.paired_quotes.values())
    k, inverted = v.i - 1, None
    while k >= 0 and tokens[k].sent == v.sent and tokens[k].text not in closers:
        t = tokens[k]
        if inverted_pronoun(t):
            inverted = inverted or t                 # "a-t-il précisé", "tente-t-il de corriger"
        elif not (t.upos in {"AUX", "ADV"} or fold(t.text) in words.object_clitics | words.fillers | {"-t", "-t-"}
                  or (t.upos == "VERB" and fold(t.lemma) in words.semi_auxiliaries)):
            return None
        k -= 1
    if k < 0 or tokens[k].sent != v.sent or tokens[k].text not in closers:
        return None
    if is_participle_present(v) or (last + 1 < len(tokens) and fold(tokens[last + 1].text) in {"que", "qu'"}):
        return None
    sent_idx, sent_start, sent_end = doc.sentence_at(v.start)
    np = (inverted.start, inverted.end) if inverted else noun_phrase_after(doc, last, clause_end(doc, last + 1, sent_end))
    if np is None:
        return None
    content_end = tokens[k].start if tokens[k].text == "," else tokens[k].end
    start = sent_start
    mark = tokens[k - 1] if tokens[k].text == "," and k > 0 else tokens[k]
    quoted = doc.closing_marks.get(mark.start)
    if quoted is not None and quoted.open < start:
        start = quoted.open                          # a quotation begun paragraphs before
    start = max(start, last_break(doc, start, content_end))
    start, end = trimmed(doc, start, content_end)
    content = doc.tokens[doc.token_after(start):doc.token_after(end)]
    if len(doc.text[start:end].split()) < 2 or not any(t.upos in {"VERB", "AUX"} for t in content):
        return None
    return Candidate(start, end, lemma, v.start, tokens[last].end, SpeakerRef(np[0], np[1], "np"), "incise")


def last_break(doc: Document, start: int, end: int) -> int:
    """Where the content before an incise starts: after the last colon or semicolon outside quotation
    marks in [start, end), else `start`."""
    best = start
    for k in range(doc.token_after(start), doc.token_after(end)):
        t = doc.tokens[k]
        if t.text in {":", ";"} and doc.in_stretch(t.start) is None:
            best = t.end
    return best


def que_clause(doc: Document, v: Token, lemma: str, last: int) -> Candidate | None:
    """X a indiqué (dimanche, à l'AFP) que ...: the clause after "que" is the content.  Only adverbs,
    prepositional phrases and clitics may stand between the cue and "que" (not its object: "justifie
    ces exactions par le fait que" reports nothing)."""
    tokens, words = doc.tokens, doc.words
    k = last + 1
    while k < len(tokens) and tokens[k].sent == v.sent and k <= last + 8:
        t = tokens[k]
        if fold(t.text) in {"que", "qu'"}:
            break
        if t.upos in {"VERB", "SCONJ"} or t.text in END_PUNCT | {":", "«", "»"} or (
                t.head == v.i and t.deprel == "obj" and t.upos == "NOUN" and tokens[k - 1].upos == "DET"):
            return None
        k += 1
    else:
        return None
    if k >= len(tokens) or fold(tokens[k].text) not in {"que", "qu'"}:
        return None
    if fold(tokens[k - 1].text) in words.subordinators and not (
            fold(tokens[k - 1].text) == "ce" and fold(tokens[k - 2].text) == "a"):   # "appelle à ce que"
        return None
    speaker = speaker_of(doc, v, last)
    if speaker is None:
        return None
    sent_end = doc.sentence_at(v.start)[2]
    start, end = trimmed(doc, tokens[k].end, clause_end(doc, k + 1, sent_end))
    if end <= start:
        return None
    return Candidate(start, end, lemma, v.start, tokens[last].end, speaker, "que")


def speaker_of(doc: Document, v: Token, last: int) -> SpeakerRef | None:
    """The subject of cue `v` (ending at token `last`), before it or, inverted, after it (a present
    participle has none after it)."""
    found = subject_before(doc, v)
    if found is None and not is_participle_present(v):
        found = postposed_subject(doc, v, last)
    return found


def postposed_subject(doc: Document, v: Token, last: int) -> SpeakerRef | None:
    """A subject after the cue in an inverted clause ("comme le rappelle HRW")."""
    np = noun_phrase_after(doc, last, doc.sentence_at(v.start)[2])
    return SpeakerRef(np[0], np[1], "np") if np else None


def infinitive(doc: Document, v: Token, lemma: str, last: int) -> Candidate | None:
    """X affirme avoir ..., X a appelé (les électeurs) à voter ..., X s'est dit satisfait de ...:
    the infinitive (or the attribute of "se dire") is the content.  Between the cue and the
    infinitive stand only adverbs and clitics, or for the verbs that take one, an object."""
    words, tokens = doc.words, doc.tokens
    reflexive_say = lemma == "dire" and any(fold(t.text) in {"se", "s'"} for t in tokens[max(v.i - 3, 0):v.i])
    if lemma not in words.infinitive_verbs and not reflexive_say:
        return None
    takes_object = lemma in words.object_infinitive_verbs
    if v.i > 0 and fold(tokens[v.i - 1].lemma) == "voir":
        return None                                  # "se verra demander de ...": asked, not asking
    k = last + 1
    while k < len(tokens) and tokens[k].sent == v.sent and k <= last + (12 if takes_object else 4):
        t = tokens[k]
        if t.upos in {"VERB", "AUX"} and "VerbForm=Inf" in t.feats:
            break
        if reflexive_say and t.upos in {"ADJ", "VERB"}:
            break
        finite = t.upos == "VERB" and ("VerbForm=Fin" in t.feats or not takes_object)
        if finite or t.upos == "SCONJ" or t.text in END_PUNCT | {":"} or fold(t.text) in {"que", "qu'"} or (
                not takes_object and t.upos in {"NOUN", "PROPN", "PUNCT"}):
            return None
        k += 1
    else:
        return None
    if k >= len(tokens) or tokens[k].sent != v.sent or doc.in_stretch(tokens[k].start):
        return None
    speaker = subject_before(doc, v)
    if speaker is None:
        return None
    start = tokens[k].start
    if k > last + 1 and fold(tokens[k - 1].text) in {"de", "d'", "à"}:
        start = tokens[k - 1].start
    start, end = trimmed(doc, start, clause_end(doc, k, doc.sentence_at(v.start)[2]))
    if len(doc.text[start:end].split()) < 2 and not reflexive_say:
        return None
    return Candidate(start, end, lemma, v.start, tokens[last].end, speaker, "infinitive")


def fragment(doc: Document, v: Token, lemma: str, last: int) -> Candidate | None:
    """X a dénoncé « la furie destructrice », X s'est dit « préoccupé »: quoted words completing the
    cue in its clause make a mixed quotation, from the cue's complement to the end of the quoted words
    and what completes them (up to a new cue or a coordinated clause)."""
    tokens = doc.tokens
    sent_end = doc.sentence_at(v.start)[2]
    limit = clause_end(doc, last + 1, sent_end)
    first = next((s for s in doc.stretches if tokens[v.i].end <= s.open < limit and not is_name(doc, s)), None)
    if first is None:
        return None
    for t in tokens[last + 1:doc.token_after(first.open)]:
        if fold(t.text) in {"que", "qu'"} or t.text in END_PUNCT | {":"} or (
                t.upos == "VERB" and "VerbForm=Fin" in t.feats):
            return None
    if doc.token_after(first.open) - last > 16:
        return None
    speaker = speaker_of(doc, v, last)
    if speaker is None:
        return None
    end = first.close
    for s in doc.stretches:
        if first.close <= s.open < limit and not opens_new_clause(doc, end, s.open):
            end = s.close
    if not opens_new_clause(doc, end, limit):
        end = limit
    start, end = trimmed(doc, tokens[last + 1].start, end)
    return Candidate(start, end, lemma, v.start, tokens[last].end, speaker, "fragment", "mixed")


def opens_new_clause(doc: Document, start: int, end: int) -> bool:
    """Whether the words in [start, end) hold a cue or a coordinated finite verb ("et pense que")."""
    tokens = doc.tokens[doc.token_after(start):doc.token_after(end)]
    for k, t in enumerate(tokens):
        if doc.in_stretch(t.start) is None and cue_of(doc, t) is not None:
            return True
        if fold(t.text) in {"et", "mais", "puis"} and any(
                u.upos in {"VERB", "AUX"} and "VerbForm=Fin" in u.feats for u in tokens[k + 1:k + 4]):
            return True
    return False


def attributions(doc: Document) -> list[Candidate]:
    """"selon X" / "d'après X" (content: the rest of the clause) and "Pour X, ..." where X speaks."""
    out = []
    text_folded = fold(doc.text)
    for marker in doc.words.markers:
        for m in re.finditer(r"(?<![\w'’])" + re.escape(marker) + r"(?![\w])", text_folded):
            if doc.in_stretch(m.start()) is None:
                c = selon(doc, m.start(), m.end(), marker)
                if c:
                    out.append(c)
    for sent_idx, start, end in doc.sentences:
        c = pour(doc, start, end)
        if c:
            out.append(c)
    return out


def selon(doc: Document, at: int, after: int, marker: str) -> Candidate | None:
    """The quotation a "selon X" at [at, after) attributes: the clause after "selon X," when it opens
    the clause, else the clause before it."""
    _, sent_start, sent_end = doc.sentence_at(at)
    k = doc.token_after(after)
    if k >= len(doc.tokens) or doc.tokens[k].start >= sent_end:
        return None
    limit = next((t.start for t in doc.tokens[k:] if t.start >= sent_end or t.text in END_PUNCT | {":"}), sent_end)
    np_end = phrase_end(doc, k, limit)
    if doc.tokens[k].upos == "PRON":
        np_end = doc.tokens[k].end
    np = (doc.tokens[k].start, np_end)
    if np_end <= np[0] or not speaks(doc, np):
        return None
    opens = not doc.text[doc.paragraph_start(at) if sent_start < doc.paragraph_start(at) else sent_start:at].strip(
        " ,«\"") or doc.text[max(sent_start, last_break(doc, sent_start, at)):at].strip() == ""
    if opens:
        start, end = trimmed(doc, np[1], clause_end(doc, doc.token_after(np[1]), sent_end))
        nxt = doc.token_after(end)
        if nxt + 1 < len(doc.tokens) and doc.tokens[nxt].text == "," and new_cue_follows(doc, nxt + 1):
            return None             # "Selon l'AFP, le CNS ..., a appelé à ...": the report inside is the quotation
    else:
        start, end = trimmed(doc, max(sent_start, last_break(doc, sent_start, at)), at)
    if len(doc.text[start:end].split()) < 3:
        return None
    return Candidate(start, end, marker, at, after, SpeakerRef(np[0], np[1], "np"), "selon")


def speaks(doc: Document, np: tuple[int, int]) -> bool:
    """Whether the phrase after "selon" names a source of speech (not "selon le bilan")."""
    words = doc.words
    tokens = doc.tokens[doc.token_after(np[0]):doc.token_after(np[1])]
    if not tokens:
        return False
    if tokens[0].upos == "PRON":
        return fold(tokens[0].text) in words.person_pronouns | words.plural_pronouns
    head = next((t for t in tokens if t.upos in {"NOUN", "PROPN"}), None)
    if head is None:
        return False
    return fold(head.lemma) not in words.not_sources


def pour(doc: Document, sent_start: int, sent_end: int) -> Candidate | None:
    """"Pour X, ..." opening a sentence or following its colon ("France : pour Montebourg, ...", "Mais
    pour Obama, ..."): X's view when X is a pronoun, a named actor or someone who speaks."""
    tokens, words = doc.tokens, doc.words
    starts = [doc.token_after(sent_start)] + [t.i + 1 for t in doc.by_sentence.get(doc.tokens[
        doc.token_after(sent_start)].sent, []) if t.text == ":"] if doc.token_after(sent_start) < len(tokens) else []
    for k in starts:
        if k < len(tokens) and fold(tokens[k].text) in words.clause_openers:
            k += 1
        if k < len(tokens) and fold(tokens[k].text) == "pour" and tokens[k].start < sent_end:
            found = pour_view(doc, k, sent_end)
            if found:
                return found
    return None


def pour_view(doc: Document, k: int, sent_end: int) -> Candidate | None:
    """The view "pour" at token `k` attributes, if its phrase names someone who speaks."""
    tokens, words = doc.tokens, doc.words
    comma = next((t for t in tokens[k + 1:k + 14] if t.text == "," and t.start < sent_end), None)
    if comma is None:
        return None
    np = (tokens[k + 1].start, comma.start)
    phrase = tokens[k + 1:comma.i]
    if not phrase or any(t.upos in {"VERB", "AUX"} for t in phrase):
        return None
    first = phrase[0]
    head = next((t for t in phrase if t.upos in {"NOUN", "PROPN"}), None)
    if first.upos == "PRON":
        ok = fold(first.text) in words.person_pronouns | words.plural_pronouns
    else:
        ok = any(m.kind == "name" for m in doc.mentions_in(*np)) or (
            head is not None and fold(head.lemma) in words.person_nouns | words.body_nouns)
    if not ok or fold(first.text) in words.possessives:
        return None
    start, end = trimmed(doc, comma.end, clause_end(doc, comma.i + 1, sent_end))
    if len(doc.text[start:end].split()) < 3:
        return None
    return Candidate(start, end, "pour", tokens[k].start, tokens[k].end, SpeakerRef(np[0], np[1], "np"), "pour")


def floating(doc: Document, covered: list[tuple[int, int]]) -> list[Candidate]:
    """Quoted words no rule attributed that read as an utterance (enough words and a verb): they go
    on the previous speaker's words."""
    out = []
    for s in doc.stretches:
        if any(a <= s.start and s.end <= b or overlap(a, b, s.start, s.end) > 0.5 for a, b in covered):
            continue
        inside = doc.tokens[doc.token_after(s.start):doc.token_after(s.end)]
        k = doc.token_after(s.open) - 1
        governed = k >= 0 and doc.tokens[k].upos in {"ADP", "DET", "VERB", "AUX", "NOUN", "ADJ", "SCONJ", "PRON"}
        if not governed and len(doc.text[s.start:s.end].split()) >= doc.words.floating_min_words and any(
                t.upos in {"VERB", "AUX"} for t in inside):
            out.append(Candidate(s.start, s.end, None, None, None, SpeakerRef(s.start, s.start, "previous"),
                                 "floating", "direct"))
    return out


def overlap(a: int, b: int, c: int, d: int) -> float:
    """The share of [c, d) that [a, b) covers."""
    return max(0, min(b, d) - max(a, c)) / max(d - c, 1)


# ---------------------------------------------------------------- settling quotations

def settle(doc: Document, found: list[Candidate]) -> list[Candidate]:
    """One candidate per quotation: earlier rules win over later ones they overlap (by more than
    half of either), then the floating quotations; in document order."""
    kept: list[Candidate] = []
    for c in found:
        if c.end <= c.start:
            continue
        if any(overlap(k.start, k.end, c.start, c.end) > 0.5 or overlap(c.start, c.end, k.start, k.end) > 0.5
               for k in kept):
            continue
        kept.append(c)
    kept += floating(doc, [(k.start, k.end) for k in kept])
    kept += reported_conditionals(doc, kept)
    return sorted(kept, key=lambda c: c.start)


def reported_conditionals(doc: Document, kept: list[Candidate]) -> list[Candidate]:
    """A sentence in the reporting conditional right after an indirect quotation goes on with it
    ("D'après V. Sapounov, le Kouzbass ne serait pas la seule zone. Ces espèces seraient également
    présentes ..."): a floating indirect quotation of the same speaker."""
    out = []
    ends = {doc.sentence_at(c.end - 1)[0] for c in kept if c.kind != "direct" and doc.in_stretch(c.start) is None}
    for k, (sent_idx, start, end) in enumerate(doc.sentences[1:], 1):
        if doc.sentences[k - 1][0] not in ends or any(c.start < end and start < c.end for c in kept):
            continue
        tokens = doc.by_sentence.get(sent_idx, [])
        root = next((t for t in tokens if t.head < 0), None)
        if root is None or doc.in_stretch(root.start) or not conditional(doc, root):
            continue
        if any(fold(t.text) in doc.words.first_person for t in tokens) or any(cue_of(doc, t) for t in tokens):
            continue
        a, b = trimmed(doc, start, end)
        b = b - 1 if doc.text[b - 1:b] in END_PUNCT else b
        out.append(Candidate(a, b, None, None, None, SpeakerRef(a, a, "previous"), "floating", "indirect"))
    return out


CONDITIONAL = re.compile(r"r(?:ais|ait|ions|iez|aient)$")


def conditional(doc: Document, root: Token) -> bool:
    """Whether the clause of `root` is in the conditional mood (its verb or auxiliary, by the tagger's
    features or by the ending, which the compact tagger often misses)."""
    verbs = [root] + [t for t in doc.by_sentence[root.sent] if t.head == root.i and t.upos == "AUX"]
    return any("Mood=Cnd" in t.feats or CONDITIONAL.search(fold(t.text)) for t in verbs)


def kind_of(doc: Document, c: Candidate) -> tuple[str, int, int]:
    """The kind of a candidate and its span: direct when its content is one quoted stretch (the span
    is then the words between the marks), mixed when it holds quoted words, else indirect."""
    if c.kind == "mixed":
        return "mixed", c.start, c.end
    for s in doc.stretches:
        if s.open - 1 <= c.start <= s.start and s.end <= c.end <= s.close + 1:
            return "direct", s.start, s.end
    if c.kind == "direct":
        return "direct", c.start, c.end
    if any((c.start <= s.open < c.end or c.start < s.close <= c.end) and not is_name(doc, s) for s in doc.stretches):
        return "mixed", c.start, c.end
    return "indirect", c.start, c.end


class Resolver:
    """Speakers in document order: noun phrases through mentions and descriptions, pronouns and
    follow-ups through the previous speaker or the person last named as a subject."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.previous: tuple[int, int, Speaker] | None = None   # (sentence, end offset, speaker) of the last one
        self.history: list[tuple[int, int, Speaker]] = []
        self.people = {m.actor_id for m in doc.mentions if m.label in PERSON_LABELS}
        self.descriptors = descriptor_index(doc)
        self.subjects = [m for m in doc.mentions if m.kind != "demonym" and any(
            t.deprel.startswith("nsubj") for t in doc.tokens[doc.token_after(m.start):doc.token_after(m.end)])]

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
        named = [m for m in self.subjects if floor <= m.start < ref.start and (plural or m.label in PERSON_LABELS)]
        recent = self.recent(ref.start, sentences=3)
        if named and (recent is None or named[-1].start > self.previous[1]):
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
        at_head = [m for m in named if head is not None and m.start <= head.start < m.end]
        people = [m for m in named if m.label in PERSON_LABELS]
        bodies = [m for m in named if m.label not in PERSON_LABELS | PLACE_LABELS]
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
            person = m.label in PERSON_LABELS
            if m.kind == "name" and m.label not in PLACE_LABELS and (person if not plural else people or not person):
                return self.mention_speaker(m)
        return None

    def mention_speaker(self, m: Mention) -> Speaker:
        """The speaker a mention names, in its words."""
        return Speaker(m.actor_id, self.doc.text[m.start:m.end], m.start, m.end, False)

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
        if m.kind == "demonym" or m.label not in {"PER", "ORG", ""}:
            continue
        k = doc.token_after(m.start)
        sent = tokens[k].sent if k < len(tokens) else -1
        window = title_before(doc, k, sent) + apposition(doc, doc.token_after(m.end), sent)
        for t in window:
            if t.upos in {"NOUN", "ADJ"}:
                index.setdefault(fold(t.lemma), []).append((m.start, m.actor_id))
    return index


def title_before(doc: Document, k: int, sent: int) -> list[Token]:
    """The words of a title right before the name at token `k` ("le chef militaire libyen", "le
    ministre turc de la Défense"): nouns, adjectives, determiners and de-complements, back to the
    first other word."""
    words = []
    j = k - 1
    if j >= 1 and doc.tokens[j].text == "," and doc.tokens[j].sent == sent:
        j -= 1                                   # "le chef du gouvernement, M. Ayrault"
    while j >= 0 and k - j <= 9 and doc.tokens[j].sent == sent:
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
        if t.sent != sent or t.text in END_PUNCT or t.text == ",":
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


def document_quotes(doc: Document) -> list[Quote]:
    """Every quotation of `doc`, with its kind and resolved speaker."""
    resolver = Resolver(doc)
    out = []
    for c in settle(doc, candidates(doc)):
        kind, start, end = kind_of(doc, c)
        speaker = resolver.resolve(c.speaker, start) if c.speaker else None
        if speaker is None or (speaker.actor_id is None and not speaker.text):
            continue
        resolver.remember(start, end, speaker)
        sent_idx = doc.sentence_at(start)[0]
        cue = doc.words.names.get(c.cue, c.cue) if c.cue else None
        out.append(Quote(sent_idx, start, end, doc.text[start:end], kind, cue, c.cue_start, c.cue_end,
                         speaker.actor_id, speaker.text, speaker.start, speaker.end, speaker.unnamed, c.method))
    return out


# ---------------------------------------------------------------- the table and the notebook function

def documents_of(chunk: ChunkTables) -> Iterator[tuple[str, Document]]:
    """(doc_id, Document) for every document of a chunk."""
    words = quote_words()
    sentences = {d: g for d, g in chunk.sentences.groupby("doc_id", sort=False)}
    tokens = {d: g for d, g in chunk.tokens.groupby("doc_id", sort=False)}
    mentions = {d: g for d, g in chunk.mentions.groupby("doc_id", sort=False)}
    for doc_id, text in zip(chunk.documents["doc_id"], chunk.documents["text"]):
        if doc_id not in tokens:
            continue
        yield doc_id, Document(text or "", token_list(tokens[doc_id]), sentence_list(sentences[doc_id]),
                               mention_list(mentions.get(doc_id)), words)


def token_list(frame: pd.DataFrame) -> list[Token]:
    """A document's tokens in order, heads as document positions."""
    cols = [frame[c].tolist() for c in ("sent_idx", "tok_idx", "text", "lemma", "upos", "feats", "head",
                                        "deprel", "start_char", "end_char")]
    position = {(s, t): i for i, (s, t) in enumerate(zip(cols[0], cols[1]))}
    return [Token(i, s, text, lemma if isinstance(lemma, str) else text, upos, feats if isinstance(feats, str) else "",
                  position.get((s, h), -1) if h else -1, deprel, start, end)
            for i, (s, t, text, lemma, upos, feats, h, deprel, start, end) in enumerate(zip(*cols))]


def sentence_list(frame: pd.DataFrame) -> list[tuple[int, int, int]]:
    """A document's (sent_idx, start, end) in order."""
    return list(zip(frame["sent_idx"].tolist(), frame["start_char"].tolist(), frame["end_char"].tolist()))


def mention_list(frame: pd.DataFrame | None) -> list[Mention]:
    """A document's mentions sorted by offset."""
    if frame is None or frame.empty:
        return []
    rows = zip(frame["start_char"].tolist(), frame["end_char"].tolist(), frame["actor_id"].tolist(),
               frame["label"].tolist(), frame["kind"].tolist())
    return sorted(Mention(s, e, a, label if isinstance(label, str) else "", kind) for s, e, a, label, kind in rows)


def quote_rows(chunk: ChunkTables) -> pd.DataFrame:
    """The quotes table's rows for one chunk of documents (the registered analysis)."""
    rows = [(doc_id, *q) for doc_id, doc in documents_of(chunk) for q in document_quotes(doc)]
    return pd.DataFrame(rows, columns=columns(TABLE))


register_analysis(TABLE, quote_rows)


def quotes(corpus, actor: str | None = None) -> pd.DataFrame:
    """Quotations of the build (counted documents only: duplicates left out), with the source, date
    and title of their document; only those of `actor` (an actor_id or any name it goes by) if given.

    >>> said = quotes(load("build"), "Stoltenberg")      # doctest: +SKIP
    >>> said[["date", "source", "kind", "cue", "quote"]]  # doctest: +SKIP
    """
    rows = corpus[TABLE]
    docs = corpus.documents
    if "duplicate_of" in docs.columns:
        rows = rows[rows["doc_id"].isin(docs.loc[docs["duplicate_of"].isna(), "doc_id"])]
    if actor is not None:
        rows = rows[rows["speaker"] == corpus.actor_id(actor)]
    return with_documents(rows.reset_index(drop=True), docs)

