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
- a floating quotation: quoted words with no cue of their own, a paragraph signed "— Name", or a
  sentence in the reporting conditional right after an indirect quotation (the same speaker's).

Each quotation's kind follows from its quotation marks: direct (the content is one quoted stretch),
mixed (reported speech holding quoted words, or quoted words completing a cue) or indirect (none).
Speakers are resolved to actors through the mentions table: a name, a description whose words the
article attaches to a name ("l'ancien général"), an institution speaking through a communiqué or a
spokesperson, a pronoun or a follow-up (the previous speaker); a speaker the article does not name
("une source de l'OTAN") is flagged `unnamed_speaker`.  The words are data:
`data/quotes.yaml` (cue verbs and their irregular forms, markers, nouns); the rules are in
`corpus_tools.analysis.quoting`, one module per job."""
from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import pandas as pd

from ..schema import columns
from . import counting
from .labelling import actor_rows
from .quoting.document import Document, mention_list, sentence_list, token_list
from .quoting.rules import candidates, kind_of, settle
from .quoting.speakers import Resolver
from .quoting.words import quote_words
from .stage import ChunkTables, register_analysis


TABLE = "quotes"


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


def quote_rows(chunk: ChunkTables) -> pd.DataFrame:
    """The quotes table's rows for one chunk of documents (the registered analysis)."""
    rows = [(doc_id, *q) for doc_id, doc in documents_of(chunk) for q in document_quotes(doc)]
    return pd.DataFrame(rows, columns=columns(TABLE))


register_analysis(TABLE, quote_rows)


def quotes(corpus, actor: str | None = None, per: str = "story") -> pd.DataFrame:
    """Quotations of the corpus with the source, date and title of their document; only those
    whose speaker is `actor` (an actor_id or any of its names) if given.  Counting rule as
    everywhere (`counting`): `per="story"` counts each story once, `per="outlet"` what each
    outlet published.

    Columns: doc_id, sent_idx, source, date, title, then those of the `quotes` table (see
    `corpus_tools.schema`).

    >>> from corpus_tools.analysis.demo import demo_corpus
    >>> said = quotes(demo_corpus())
    >>> list(said.columns[:5])
    ['doc_id', 'sent_idx', 'source', 'date', 'title']
    """
    if actor is not None:
        return actor_rows(corpus, TABLE, actor, "all", per, actor_column="speaker")
    rows = counting.scope(corpus, per).read(TABLE)
    out = counting.with_documents(rows, corpus)
    out.attrs["counted"] = "each story once" if per == "story" else "what each outlet published"
    return out
