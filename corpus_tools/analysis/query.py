"""The query language of `kwic(corpus, query=...)` and `select(query=...)`: the common cases of CQP,
the language of the Corpus Workbench that TXM speaks, matched over the `tokens` table.

    guerre                   a word as `kwic(word=)` finds it: case, accents and apostrophes aside
    néo*   *isme             in a bare word, `*` stands for any letters
    M. Diallo                a bare word may hold periods: an abbreviation ("M.", "U.S.")
    chef de guerre           a sequence: one token after the other
    l'OTAN                   a word holding an apostrophe also matches its two tokens ("l'" "OTAN")
    "Guerre"                 CQP: a regular expression the whole word matches, case and accents kept
    "guerre"%c  "guerre"%d   %c: case aside; %d: accents (diacritics) aside; %cd: both;
    "U.S."%l                 %l: the value literally, not a regular expression
    [word="néo.*"]           a token test, attribute named: word, lemma (as keyness counts it: the
                             French lexicon's where the model invented one) or pos (universal part
                             of speech: NOUN, PROPN, VERB, ADJ, DET, ADP...); values as in "..."
    [lemma="dire" & pos="VERB"]    tests combine with & (and), | (or), ! (not), ( ); != negates
    []                       any token
    [pos="ADJ"]?  []*  []+  []{2}  []{1,3}  []{,2}   repetitions: optional, any number, at
                             least one, exactly n, from m to n, at most n; after [...], "..." or ( )
    ("chef" | "patron") de   alternatives, in parentheses or for the whole query

A match never crosses a sentence (CQP's ``within s``); matches do not overlap; a repetition takes
as many tokens as it can.  Words are the model's, after multi-word tokens are expanded ("du" is
"de" "le", "des" is "de" "les"): a match on one of them spans the word as written ("des").
Bare words take no repetition (`*` belongs to the word): write ``(guerre)?``.  A query that may
match no token at all (``[]*``) is refused, as is anything else the language does not know,
naming the character where the query goes wrong.

How: each token test of the query is evaluated once per distinct value of its column (vectorised
over the token table: only the columns the query names are read), each token becomes one
character standing for the set of tests it passes, and the sequence becomes a regular
expression over that string, one character per token, sentences apart.  (bcql-py parses
BlackLab's much larger language into an AST; everything beyond this subset would have had to be
refused, and the matching written anyway.)

>>> from corpus_tools.analysis.demo import demo_corpus
>>> corpus = demo_corpus()
>>> hits = query_hits(corpus, '[lemma="accuser"] [pos="PROPN"]')
>>> list(hits.columns), len(hits)
(['doc_id', 'sent_idx', 'start_char', 'end_char'], 2)
>>> parse('[lemma="dire" &]')
Traceback (most recent call last):
...
ValueError: query '[lemma="dire" &]', character 16: expected a test such as lemma="..."
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NoReturn, Union

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..fold import fold, unaccent
from .lexicon import repair_lemmas
from .search import WILDCARD

# Attribute of a token test -> its column in `tokens`.
ATTRIBUTES = {"word": "text", "lemma": "lemma", "pos": "upos"}
FLAGS = "cdl"
BARE_WORD = re.compile(r"[\w*][\w*'’.-]*")     # "M.", "U.S.": abbreviations keep their periods
APOSTROPHE_SPLIT = re.compile(r"(?<=['’])(?=.)")
SENTENCE_BREAK = "\n"           # between sentences in the token string: no token test ever matches it
FIRST_CODE = 0x10000            # token characters: outside the BMP, clear of every regex metacharacter
MAX_POSITIONS = 62                  # one bit per token position of the query in an int64


# -- the query, parsed

@dataclass(frozen=True)
class Test:
    """One test on a token attribute: `attribute` ("word", "lemma", "pos") matches `value` -- a
    regular expression with CQP `flags`, or a `bare` word folded with `*` wildcards -- or, when
    `negated`, does not."""
    attribute: str
    value: str
    flags: str = ""
    bare: bool = False
    negated: bool = False


@dataclass(frozen=True)
class Not:
    """A test expression that must not hold."""
    item: "Condition"


@dataclass(frozen=True)
class AllOf:
    """Test expressions that must all hold (&)."""
    items: tuple["Condition", ...]


@dataclass(frozen=True)
class AnyOf:
    """Test expressions of which one must hold (|)."""
    items: tuple["Condition", ...]


Condition = Union[Test, Not, AllOf, AnyOf]


@dataclass(frozen=True)
class Token:
    """One token meeting `condition` (None: any token)."""
    condition: Condition | None


@dataclass(frozen=True)
class Sequence:
    """Parts matched one after the other."""
    items: tuple["Pattern", ...]


@dataclass(frozen=True)
class Choice:
    """One of several alternatives."""
    items: tuple["Pattern", ...]


@dataclass(frozen=True)
class Repeat:
    """`item` from `least` to `most` times (None: no limit)."""
    item: "Pattern"
    least: int
    most: int | None


Pattern = Union[Token, Sequence, Choice, Repeat]


class Parser:
    """A recursive-descent parser of the query language (grammar in the module docstring)."""

    def __init__(self, query: str):
        self.query = query
        self.at = 0
        self.last_word = ""

    def fail(self, problem: str, at: int | None = None) -> NoReturn:
        """ValueError naming the query, the character (1-based) where it goes wrong, and the problem."""
        raise ValueError(f"query {self.query!r}, character {(self.at if at is None else at) + 1}: {problem}")

    def peek(self) -> str:
        """The next character that is not a space ('' at the end)."""
        while self.at < len(self.query) and self.query[self.at].isspace():
            self.at += 1
        return self.query[self.at:self.at + 1]

    def take(self, expected: str, what: str) -> None:
        """Move past `expected`, or fail saying `what` was expected."""
        if self.peek() != expected:
            self.fail(f"expected {what}" + (f", found {self.peek()!r}" if self.peek() else ", found the end"))
        self.at += 1

    def parse(self) -> Pattern:
        """The whole query."""
        if not self.peek():
            self.fail("empty query")
        pattern = self.choice()
        if self.peek():
            self.fail(f"unexpected {self.peek()!r}")
        return pattern

    def choice(self) -> Pattern:
        """sequence ('|' sequence)*"""
        items = [self.sequence()]
        while self.peek() == "|":
            self.at += 1
            items.append(self.sequence())
        return items[0] if len(items) == 1 else Choice(tuple(items))

    def sequence(self) -> Pattern:
        """item+"""
        items = []
        while self.peek() not in ("", "|", ")"):
            items.append(self.item())
        if not items:
            self.fail('expected a token: a word, "..." or [...]')
        return items[0] if len(items) == 1 else Sequence(tuple(items))

    def item(self) -> Pattern:
        """atom quantifier?  (no quantifier after a bare word)"""
        char = self.peek()
        if char == "[":
            atom = self.token()
        elif char == '"':
            atom = Token(self.test_value("word"))
        elif char == "(":
            self.at += 1
            atom = self.choice()
            self.take(")", "')' closing the group")
        elif BARE_WORD.match(self.query, self.at):
            atom = self.bare_word()
            if self.peek() and self.peek() in "?+{":
                self.fail("a bare word takes no repetition ('*' belongs to the word): "
                          f"write ({self.last_word}){self.peek()}")
            return atom
        elif char == "'":
            self.fail('values go in double quotes: "..."')
        else:
            self.fail(f"unexpected {char!r}")
        return self.quantified(atom)

    def bare_word(self) -> Pattern:
        """A word folded, with `*` wildcards; one with an apostrophe inside ("l'OTAN") also as its
        tokens ("l'" "OTAN"), as the models cut it."""
        word = BARE_WORD.match(self.query, self.at).group()
        self.at += len(word)
        self.last_word = word
        whole = Token(Test("word", word, bare=True))
        parts = APOSTROPHE_SPLIT.split(word)
        if len(parts) == 1:
            return whole
        return Choice((whole, Sequence(tuple(Token(Test("word", p, bare=True)) for p in parts))))

    def token(self) -> Token:
        """'[' condition? ']'"""
        self.at += 1
        if self.peek() == "]":
            self.at += 1
            return Token(None)
        condition = self.any_of()
        self.take("]", "']' closing the token, or & | between tests")
        return Token(condition)

    def any_of(self) -> Condition:
        """all_of ('|' all_of)*"""
        items = [self.all_of()]
        while self.peek() == "|":
            self.at += 1
            items.append(self.all_of())
        return items[0] if len(items) == 1 else AnyOf(tuple(items))

    def all_of(self) -> Condition:
        """unary ('&' unary)*"""
        items = [self.unary()]
        while self.peek() == "&":
            self.at += 1
            items.append(self.unary())
        return items[0] if len(items) == 1 else AllOf(tuple(items))

    def unary(self) -> Condition:
        """'!' unary | '(' any_of ')' | attribute ('=' | '!=') value"""
        char = self.peek()
        if char == "!":
            self.at += 1
            return Not(self.unary())
        if char == "(":
            self.at += 1
            inner = self.any_of()
            self.take(")", "')' closing the group of tests")
            return inner
        name = re.match(r"[A-Za-z_]+", self.query[self.at:])
        if not name:
            self.fail('expected a test such as lemma="..."')
        if name.group() not in ATTRIBUTES:
            self.fail(f"unknown attribute {name.group()!r}: use {', '.join(ATTRIBUTES)}")
        self.at += len(name.group())
        negated = self.peek() == "!"
        self.at += negated
        self.take("=", "'=' or '!=' after the attribute")
        return self.test_value(name.group(), negated)

    def test_value(self, attribute: str, negated: bool = False) -> Test:
        """'"' regular expression '"' ('%' flags)?  -- a backslash escapes the quotation mark."""
        self.take('"', f'a value in double quotes after {attribute}=')
        start = self.at
        end = start
        while end < len(self.query) and self.query[end] != '"':
            end += 2 if self.query[end] == "\\" else 1
        if end >= len(self.query):
            self.fail("this quotation mark is never closed", start - 1)
        value = self.query[start:end].replace('\\"', '"')
        self.at = end + 1
        flags = ""
        if self.query[self.at:self.at + 1] == "%":
            flags = re.match(r"[A-Za-z]*", self.query[self.at + 1:]).group()
            unknown = sorted(set(flags) - set(FLAGS))
            if not flags or unknown:
                self.fail(f"unknown flag {''.join(unknown) or '%'!r}: %c (case aside), %d (accents aside), "
                          "%l (literally)")
            self.at += 1 + len(flags)
        test = Test(attribute, value, flags, negated=negated)
        try:
            value_pattern(test)
        except re.error as err:
            self.fail(f"{value!r} is not a regular expression ({err.msg})", start)
        return test

    def quantified(self, atom: Pattern) -> Pattern:
        """atom followed by ? * + {n} {m,n} {m,} {,n}, if any."""
        char = self.query[self.at:self.at + 1]
        if char in ("?", "*", "+"):
            self.at += 1
            return Repeat(atom, 1 if char == "+" else 0, 1 if char == "?" else None)
        if char != "{":
            return atom
        start = self.at
        found = re.match(r"\{\s*(\d*)\s*(,?)\s*(\d*)\s*\}", self.query[self.at:])
        if not found or not (found.group(1) or found.group(3)):
            self.fail("expected a repetition {n}, {m,n}, {m,} or {,n}")
        least = int(found.group(1) or 0)
        most = int(found.group(3)) if found.group(3) else (None if found.group(2) else least)
        if most is not None and most < least:
            self.fail(f"repetition {{{least},{most}}}: the most is below the least", start)
        self.at += found.end()
        return Repeat(atom, least, most)


def parse(query: str) -> Pattern:
    """The query parsed; ValueError naming the character where it goes wrong.

    >>> parse('"chef" [pos="ADP"]?')
    Sequence(items=(Token(condition=Test(attribute='word', value='chef', flags='', bare=False, negated=False)), \
Repeat(item=Token(condition=Test(attribute='pos', value='ADP', flags='', bare=False, negated=False)), least=0, most=1)))
    >>> parse("[upos='NOUN']")
    Traceback (most recent call last):
    ...
    ValueError: query "[upos='NOUN']", character 2: unknown attribute 'upos': use word, lemma, pos
    """
    if not isinstance(query, str):
        raise ValueError(f"query={query!r} is not text")
    pattern = Parser(query).parse()
    if may_be_empty(pattern):
        raise ValueError(f"query {query!r} may match no token at all: give at least one token that must be there")
    return pattern


def may_be_empty(pattern: Pattern) -> bool:
    """Whether `pattern` can match zero tokens ("[]*", '"a"?')."""
    if isinstance(pattern, Token):
        return False
    if isinstance(pattern, Repeat):
        return pattern.least == 0 or may_be_empty(pattern.item)
    empty = [may_be_empty(p) for p in pattern.items]
    return all(empty) if isinstance(pattern, Sequence) else any(empty)


# -- matching

def value_pattern(test: Test) -> re.Pattern:
    """The compiled pattern a token's value (prepared by `prepared_values`) must match whole."""
    if test.bare:
        return re.compile(re.escape(fold(test.value)).replace(r"\*", WILDCARD))
    text = re.escape(test.value) if "l" in test.flags else test.value
    text = unaccent(text) if "d" in test.flags else text
    return re.compile(text, re.IGNORECASE if "c" in test.flags else 0)


def prepared_values(values: list[str], test: Test) -> list[str]:
    """The distinct values of a column as `test` compares them: folded for a bare word, without
    accents for %d, as written otherwise."""
    if test.bare:
        return [fold(v) for v in values]
    return [unaccent(v) for v in values] if "d" in test.flags else values


class TokenTable:
    """The tokens a query reads: their positions, and the columns its tests name, each held as
    codes into its distinct values (so that a test runs once per distinct value)."""

    def __init__(self, corpus, attributes: set[str]):
        read = {ATTRIBUTES[a] for a in attributes} | ({"text", "upos"} if "lemma" in attributes else set())
        table = corpus.scanner("tokens", ["doc_id", "sent_idx", "start_char", "end_char", *sorted(read)]).to_table()
        self.size = table.num_rows
        self.doc_codes, self.doc_ids = encoded(table["doc_id"])
        self.sent_idx = table["sent_idx"].to_numpy()
        self.start_char = table["start_char"].to_numpy()
        self.end_char = table["end_char"].to_numpy()
        self.columns = {a: encoded(lexicon_lemmas(table) if a == "lemma" else table[ATTRIBUTES[a]])
                        for a in attributes}
        self._passes: dict[Test, np.ndarray] = {}

    def passes(self, test: Test) -> np.ndarray:
        """For each token, whether it passes `test` (one regex match per distinct value)."""
        if test not in self._passes:
            codes, values = self.columns[test.attribute]
            pattern = value_pattern(test)
            found = np.fromiter((pattern.fullmatch(v) is not None for v in prepared_values(values, test)),
                                dtype=bool, count=len(values))
            self._passes[test] = found[codes] != test.negated
        return self._passes[test]

    def meets(self, condition: Condition) -> np.ndarray:
        """For each token, whether it meets `condition`."""
        if isinstance(condition, Test):
            return self.passes(condition)
        if isinstance(condition, Not):
            return ~self.meets(condition.item)
        parts = [self.meets(c) for c in condition.items]
        return np.logical_and.reduce(parts) if isinstance(condition, AllOf) else np.logical_or.reduce(parts)

    def sentence_starts(self) -> np.ndarray:
        """Row numbers of the first token of each sentence (tokens are stored sentence by sentence)."""
        changed = (np.diff(self.doc_codes) != 0) | (np.diff(self.sent_idx) != 0)
        return np.concatenate([[0], np.flatnonzero(changed) + 1]) if self.size else np.zeros(0, dtype=np.int64)


def lexicon_lemmas(table: pa.Table) -> pa.ChunkedArray:
    """The tokens' lemmas as keyness and `kwic(lemma=)` read them: the model's, or the French
    lexicon's where the model invented one (`lexicon.repair_lemmas`: "tiendra" is "tenir")."""
    lemmas = repair_lemmas(table["text"].to_pandas(), table["lemma"].to_pandas().astype(object),
                           table["upos"].to_pandas())
    return pa.chunked_array([pa.array(lemmas, type=pa.string())])


def encoded(column: pa.ChunkedArray) -> tuple[np.ndarray, list[str]]:
    """A string column as (codes, distinct values), nulls as ''."""
    encoded = pc.dictionary_encode(pc.fill_null(column, "")).combine_chunks()
    return encoded.indices.to_numpy(zero_copy_only=False), encoded.dictionary.to_pylist()


def token_positions(pattern: Pattern) -> list[Token]:
    """The token positions of a pattern, in order."""
    if isinstance(pattern, Token):
        return [pattern]
    if isinstance(pattern, Repeat):
        return token_positions(pattern.item)
    return [t for item in pattern.items for t in token_positions(item)]


def attributes_of(condition: Condition | None) -> set[str]:
    """The attributes a condition tests."""
    if condition is None:
        return set()
    if isinstance(condition, Test):
        return {condition.attribute}
    if isinstance(condition, Not):
        return attributes_of(condition.item)
    return set().union(*(attributes_of(c) for c in condition.items))


def regex_of(pattern: Pattern, classes: dict[int, str]) -> str:
    """The regular expression over the token string for `pattern` (`classes`: id of a Token ->
    the character class of the tokens meeting it)."""
    if isinstance(pattern, Token):
        return classes[id(pattern)]
    if isinstance(pattern, Sequence):
        return "".join(regex_of(p, classes) for p in pattern.items)
    if isinstance(pattern, Choice):
        return "(?:" + "|".join(regex_of(p, classes) for p in pattern.items) + ")"
    most = "" if pattern.most is None else pattern.most
    return f"(?:{regex_of(pattern.item, classes)}){{{pattern.least},{most}}}"


def query_hits(corpus, query: str) -> pd.DataFrame:
    """(doc_id, sent_idx, start_char, end_char) of every match of `query` in the corpus: from the
    first character of its first token to the end of its last, in document order."""
    pattern = parse(query)
    positions = token_positions(pattern)
    if len(positions) > MAX_POSITIONS:
        raise ValueError(f"query {query!r} has {len(positions)} token positions: at most {MAX_POSITIONS}")
    tokens = TokenTable(corpus, set().union(*(attributes_of(t.condition) for t in positions)))
    letters, classes = token_letters(tokens, positions)
    regex = re.compile(regex_of(pattern, classes))
    starts = tokens.sentence_starts()
    text, rows = token_string(letters, starts)
    found = [(m.start(), m.end() - 1) for m in regex.finditer(text)]
    first = rows[[f for f, _ in found]] if found else np.zeros(0, dtype=np.int64)
    last = rows[[e for _, e in found]] if found else np.zeros(0, dtype=np.int64)
    return pd.DataFrame({"doc_id": np.asarray(tokens.doc_ids, dtype=object)[tokens.doc_codes[first]],
                         "sent_idx": tokens.sent_idx[first].astype("int64"),
                         "start_char": tokens.start_char[first].astype("int64"),
                         "end_char": tokens.end_char[last].astype("int64")})


def token_letters(tokens: TokenTable, positions: list[Token]) -> tuple[np.ndarray, dict[int, str]]:
    """One code point per token standing for the set of the query's token positions it can fill,
    and for each position the character class of those code points."""
    signature = np.zeros(tokens.size, dtype=np.int64)
    for bit, position in enumerate(positions):
        if position.condition is not None:
            signature |= tokens.meets(position.condition).astype(np.int64) << bit
    kinds, letters = np.unique(signature, return_inverse=True)
    classes = {}
    for bit, position in enumerate(positions):
        members = np.flatnonzero((kinds >> bit) & 1) if position.condition is not None else np.arange(len(kinds))
        classes[id(position)] = ("[" + "".join(chr(FIRST_CODE + int(k)) for k in members) + "]") if len(members) \
            else "(?!)"
    return letters.astype(np.uint32) + FIRST_CODE, classes


def token_string(letters: np.ndarray, sentence_starts: np.ndarray) -> tuple[str, np.ndarray]:
    """The tokens as one string, a `SENTENCE_BREAK` before each sentence, and for each character
    the token row it stands for (-1 for a break)."""
    codes = np.insert(letters, sentence_starts, ord(SENTENCE_BREAK))
    rows = np.insert(np.arange(len(letters)), sentence_starts, -1)
    return codes.astype("<u4").tobytes().decode("utf-32-le"), rows


def documents_matching(corpus, query: str) -> list[str]:
    """The doc_ids of the documents of `corpus` holding at least one match of `query`."""
    return sorted(pd.unique(query_hits(corpus, query)["doc_id"]))
