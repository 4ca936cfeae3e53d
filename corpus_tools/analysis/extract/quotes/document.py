"""One document as the quotation rules read it: its words (`Token`s of `corpus_tools.nlp.parse`, with
their positions in the document and their heads there), sentences, mentions (`Mention`s of the
extractors) and quoted stretches, with lookups by offset; and the tests on single words (is it a cue,
negated, a participle, an inverted pronoun) and on where reported content ends."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import NamedTuple

import pandas as pd

from ....fold import fold
from ....nlp.parse import Token
from ..mention import Mention, mention_list
from .words import QuoteWords


END_PUNCT = {".", "!", "?", ";", "…"}


PERSON_NER = {"PER"}


PLACE_NER = {"LOC"}


CLOSED_CLASSES = {"DET", "PRON", "ADP", "PUNCT", "CCONJ", "SCONJ", "NUM", "PROPN", "SYM", "PART"}


class Stretch(NamedTuple):
    """Words between quotation marks: the opening mark at `open`, the content [start, end), the
    position after the closing mark `close`."""
    open: int
    start: int
    end: int
    close: int


class Document:
    """A document's text, words, sentences, mentions and quoted stretches, with lookups by offset and
    by position: a word's place among the document's words (`position`) and its head's there
    (`head_position`), so that the rules can walk from one sentence to the next."""

    def __init__(self, text: str, tokens: list[Token], sentences: list[tuple[int, int, int]],
                 mentions: list[Mention], words: QuoteWords):
        self.text, self.tokens, self.mentions, self.words = text, tokens, mentions, words
        self.sentences = sentences                              # (sent_idx, start, end), in order
        self.sentence_starts = [s for _, s, _ in sentences]
        self.token_starts = [t.start_char for t in tokens]
        self.stretches = quoted_stretches(text, words)
        self.closing_marks = {s.close - 1: s for s in self.stretches}
        self.mention_starts = [m.start_char for m in mentions]
        self.mention_end_at = {m.start_char: m.end_char for m in mentions}
        self.mention_ends = {m.end_char for m in mentions}
        self.positions = {(t.sent_idx, t.tok_idx): i for i, t in enumerate(tokens)}
        self.heads = [self.positions.get((t.sent_idx, t.head), -1) if t.head else -1 for t in tokens]
        self.by_sentence: dict[int, list[Token]] = {}
        for t in tokens:
            self.by_sentence.setdefault(t.sent_idx, []).append(t)

    def position(self, t: Token) -> int:
        """Where word `t` stands among the document's words."""
        return self.positions[(t.sent_idx, t.tok_idx)]

    def head_position(self, t: Token) -> int:
        """Where the head of word `t` stands among the document's words (-1: `t` is a root)."""
        return self.heads[self.position(t)]

    def head(self, t: Token) -> Token | None:
        """The head of word `t` (None for a root)."""
        at = self.head_position(t)
        return self.tokens[at] if at >= 0 else None

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
        while k < len(self.mentions) and self.mentions[k].start_char < end:
            if self.mentions[k].end_char <= end:
                out.append(self.mentions[k])
            k += 1
        return out


def quoted_stretches(text: str, words: QuoteWords) -> list[Stretch]:
    """The outermost stretches between quotation marks.  A quotation left open at the end of a
    paragraph goes on when the next paragraph opens with the same mark (French typography for a
    quotation over several paragraphs); otherwise it is dropped, as is an unclosed one.

    >>> from corpus_tools.analysis.extract.quotes.words import quote_words
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


def token_list(frame: pd.DataFrame) -> list[Token]:
    """A document's words in order, a null lemma read as the word's text and null features as ""."""
    cols = [frame[c].tolist() for c in Token._fields]
    return [Token(doc_id, s, i, text, lemma if isinstance(lemma, str) else text, upos, head, deprel, start, end,
                  feats if isinstance(feats, str) else "")
            for doc_id, s, i, text, lemma, upos, head, deprel, start, end, feats in zip(*cols)]


def sentence_list(frame: pd.DataFrame) -> list[tuple[int, int, int]]:
    """A document's (sent_idx, start, end) in order."""
    return list(zip(frame["sent_idx"].tolist(), frame["start_char"].tolist(), frame["end_char"].tolist()))


def sorted_mentions(frame: pd.DataFrame | None) -> list[Mention]:
    """A document's mentions sorted by offset (then actor, NER type and kind)."""
    if frame is None or frame.empty:
        return []
    return sorted(mention_list(frame), key=lambda m: (m.start_char, m.end_char, m.actor_id, m.ner or "", m.kind))


def cue_of(doc: Document, t: Token) -> tuple[str, int] | None:
    """(cue lemma, index of its last token) when token `t` starts a cue: a speech verb or a phrase."""
    words = doc.words
    at = doc.position(t)
    for phrase, name in words.phrases.items():
        k = at
        for word in phrase:
            if k >= len(doc.tokens) or fold(doc.tokens[k].lemma) != word or doc.tokens[k].sent_idx != t.sent_idx:
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
        return lemma, at
    form = words.forms.get(fold(t.text))       # a form the tagger or lemmatizer got wrong ("disant" ADV)
    if form is None or (t.upos == "NOUN" and at > 0 and doc.tokens[at - 1].upos in {"DET", "ADJ", "ADP", "NUM"}):
        return None                            # "la note": a noun
    return form, at


INVERTED = re.compile(r"-(?:t-)?(?:il|elle|ils|elles|on)$")


def inverted_pronoun(t: Token) -> bool:
    """A subject pronoun inverted onto its verb ("-il", "-t-elle"), however the tagger took it."""
    return bool(INVERTED.fullmatch(fold(t.text)))


def adjectival(doc: Document, t: Token) -> bool:
    """A past participle qualifying the noun before it, with no auxiliary ("la loi dite « ... »")."""
    at = doc.position(t)
    if at == 0 or not (t.upos == "ADJ" or ("VerbForm=Part" in t.feats and "Tense=Past" in t.feats)):
        return False
    before = doc.tokens[max(at - 5, 0):at]
    return before[-1].upos in {"NOUN", "PROPN", "ADJ"} and before[-1].sent_idx == t.sent_idx and not any(
        (b.upos == "AUX" or fold(b.lemma) in {"avoir", "etre"}) and b.sent_idx == t.sent_idx for b in before)


def negated(doc: Document, t: Token) -> bool:
    """Whether the cue at `t` is negated ("n'a pas précisé", "n'a jamais pu être confirmé"): a "ne"
    among the auxiliaries, adverbs, clitics and modal verbs before it."""
    k = doc.position(t) - 1
    while k >= 0 and doc.tokens[k].sent_idx == t.sent_idx:
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
    while k < len(tokens) and tokens[k].start_char < limit:
        t = tokens[k]
        if doc.in_stretch(t.start_char) is None:
            closing = doc.closing_marks.get(t.start_char)
            if closing is not None and doc.text[closing.end - 1] in END_PUNCT and k + 1 < len(tokens) and \
                    tokens[k + 1].text[:1].isupper():
                return min(t.end_char, end)          # « ... victoire ! » Le porte-parole ...: the sentence ended
            if t.text in END_PUNCT or (t.text == ":" and k + 1 < len(tokens)):
                return min(t.start_char, end)
            if is_participle_present(t) and t.upos == "VERB" and cue_of(doc, t) is not None:
                return min(t.start_char, end)             # "... » évoquant des « refus »": a new report
            if t.text == "," and k + 2 < len(tokens) and new_cue_follows(doc, k + 1):
                return min(t.start_char, end)
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
