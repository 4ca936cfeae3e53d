"""The data contract: every table a build writes, its columns, and what they mean.

Stages exchange pandas DataFrames with exactly these columns (extra columns are
allowed and documented here too).  Offsets (`start_char`, `end_char`) in
`sentences`, `tokens`, `entities` and `mentions` index into `documents.text`,
the cleaned article text; offsets in `removed` index into the decoded raw file
text (`documents.raw_text` is not stored; re-read `documents.path`).
"""
from __future__ import annotations

TABLES: dict[str, dict[str, str]] = {
    "documents": {
        "doc_id": "stable id: file stem for one-article files, id field or row number for multi-article files",
        "path": "file path relative to the corpus directory",
        "source": "outlet: supplied metadata, else outlet registry, else 'unknown'",
        "title": "article title or null",
        "date": "publication date as ISO text (YYYY-MM-DD) or null",
        "text": "cleaned article text: what the NLP stage sees",
        "content_hash": "sha256 of `text`; the annotation cache key",
    },
    "sentences": {
        "doc_id": "document id",
        "sent_idx": "0-based sentence index in the document",
        "start_char": "offset of the first character in documents.text",
        "end_char": "offset after the last character",
        "text": "sentence text: the unit every count in a report points back to",
    },
    "tokens": {
        "doc_id": "document id",
        "sent_idx": "sentence index",
        "tok_idx": "1-based word index in the sentence (after multi-word token expansion, as in CoNLL-U)",
        "text": "word form",
        "lemma": "lemma",
        "upos": "universal part of speech",
        "feats": "universal morphological features (CoNLL-U string) or null",
        "head": "tok_idx of the syntactic head, 0 for the root",
        "deprel": "universal dependency relation",
        "start_char": "offset in documents.text (the surface token's span for expanded words)",
        "end_char": "offset after the word",
    },
    "entities": {
        "doc_id": "document id",
        "sent_idx": "sentence index",
        "start_char": "offset in documents.text",
        "end_char": "offset after the entity",
        "text": "entity surface text",
        "label": "PER, ORG, LOC or MISC",
    },
    "mentions": {
        "doc_id": "document id",
        "sent_idx": "sentence index",
        "start_char": "offset in documents.text",
        "end_char": "offset after the mention",
        "text": "mention surface text",
        "actor_id": "canonical actor (actors.actor_id)",
    },
    "actors": {
        "actor_id": "stable canonical id (a slug of the canonical name)",
        "name": "display name",
        "type": "person, organisation, country, government, armed group, media, place or other",
        "aliases": "list of surface forms seen for this actor",
        "n_mentions": "number of mentions in the corpus",
        "n_docs": "number of documents mentioning the actor",
    },
}


def columns(table: str) -> list[str]:
    """The fixed columns of `table`, in order.

    >>> columns("sentences")
    ['doc_id', 'sent_idx', 'start_char', 'end_char', 'text']
    """
    return list(TABLES[table])


HEADER = """# Data contract

Generated from `corpus_tools/schema.py`: `python -m corpus_tools.schema > docs/data_contract.md`.
Offsets in `sentences`, `tokens`, `entities` and `mentions` index into `documents.text` (the cleaned
article); offsets in `removed` index into the decoded text of the file at `documents.path`.
The column names listed here are fixed; a build may add columns, never rename these.
"""


def markdown() -> str:
    """The contract as Markdown (the text of docs/data_contract.md)."""
    out = [HEADER]
    for name, cols in TABLES.items():
        out.append(f"### `{name}`\n\n| column | meaning |\n|---|---|")
        out.extend(f"| `{c}` | {d} |" for c, d in cols.items())
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    print(markdown(), end="")
