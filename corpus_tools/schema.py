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
        "surface": "the entity or match span before trimming (\"le président Erdogan\" for text \"Erdogan\")",
        "method": "how the mention was resolved: ner (the actor's own name), registry (a registry name, alias "
                  "or translation), alias (another form joined automatically: short form, spelling, fuzzy), "
                  "acronym, title (a registry role title, resolved by the document's date), demonym "
                  "('turc' -> Turquie) or capital ('Ankara' acting for Turquie)",
        "kind": "name, demonym (demonyms and capitals standing for a country) or title: count them apart",
        "label": "NER label of the span (PER, ORG, LOC, MISC); null when the NER did not tag it",
    },
    "actors": {
        "actor_id": "stable canonical id (a slug of the canonical name)",
        "name": "display name",
        "type": "person, organisation, country, government, armed group, media, place or other",
        "aliases": "list of name forms seen for this actor, most frequent first",
        "n_mentions": "number of mentions in the corpus (names, demonyms and titles)",
        "n_docs": "number of documents mentioning the actor",
        "n_sources": "number of sources (documents.source) mentioning the actor",
        "n_name_mentions": "mentions by name (kind 'name')",
        "n_demonym_mentions": "mentions by demonym or capital (kind 'demonym')",
        "n_title_mentions": "mentions by role title (kind 'title')",
    },
    "merges": {
        "actor_id": "the actor a variant was joined to (or kept apart from, for rule 'kept-apart')",
        "variant": "a surface form (or name key) other than the display name",
        "rule": "registry, override, short-form, spelling, fuzzy, surname, acronym, expansion (an acronym joined "
                "to the one name abbreviating to it, French or English word order), title, demonym, capital, "
                "ner-repair (a span re-cut or re-typed), ner-type-repair (NER label differs from the "
                "actor's type) or kept-apart (a join refused: evidence says why)",
        "evidence": "why, in words (the document for in-document rules)",
        "n": "number of mentions concerned",
    },
}

# Columns beyond the fixed ones, per table (added by the text stage; see `documents.prepare`).
EXTRA_COLUMNS: dict[str, dict[str, str]] = {
    "documents": {
        "updated": "date of the last update stated by the page (ISO YYYY-MM-DD) or null",
        "author": "author(s) as credited (byline, 'Par ...', export Byline field) or null",
        "section": "section or breadcrumb as printed ('Monde', 'Moyen Orient et Monde - Libye') or null",
        "dateline": "place of the dateline ('AA/ Bruxelles' -> 'Bruxelles'; its agency goes to `wire`) or null",
        "wire": "agencies credited, comma-separated canonical codes in order of appearance ('AFP, Reuters') or null",
        "lang": "ISO 639-1 language of the cleaned text (py3langid); anything but 'fr' flags a non-French article",
        "url": "article URL (supplied or read from the HTML) or null",
        "format": "reader that produced the article: txt, html, jsonl, csv, nexis, factiva, europresse",
        "repairs": "decoding repairs, '; '-separated (bom, encoding:cp1252, mojibake, nfc, ...) or null",
        "duplicate_of": "doc_id of the first article this one duplicates (exact or near); null for kept articles. "
                        "Count only rows where it is null",
        "duplicate_similarity": "1.0 for an exact duplicate, else the estimated Jaccard similarity of word "
                                "5-shingles (MinHash); null for kept articles",
    },
    "removed": {
        "doc_id": "document id",
        "start_char": "offset in the decoded raw text (for HTML: the extracted text; for exports: the article's slice)",
        "end_char": "offset after the removed span",
        "text": "the removed text",
        "rule": "why: chrome, outlet, crossdoc, export, section, header, byline, dateline, credit, related, "
                "comments, repeat, teaser, tail, footer (see corpus_tools.clean)",
    },
    "skipped": {
        "path": "file (or file#row) relative to the corpus folder that gave no document",
        "reason": "why, in one line (see docs/exit_codes.md for the reasons)",
    },
}


def columns(table: str) -> list[str]:
    """The fixed columns of `table`, in order (for side tables such as `removed`: all of them).

    >>> columns("sentences")
    ['doc_id', 'sent_idx', 'start_char', 'end_char', 'text']
    """
    return list(TABLES[table] if table in TABLES else EXTRA_COLUMNS[table])


HEADER = """# Data contract

Generated from `corpus_tools/schema.py`: `python -m corpus_tools.schema > docs/data_contract.md`.
Offsets in `sentences`, `tokens`, `entities` and `mentions` index into `documents.text` (the cleaned
article); offsets in `removed` index into the decoded text of the file at `documents.path`.
The column names listed here are fixed; a build may add columns, never rename these.
"""


def markdown() -> str:
    """The contract as Markdown (the text of docs/data_contract.md)."""
    out = [HEADER]
    extra_only = {t: {} for t in EXTRA_COLUMNS if t not in TABLES}
    for name, cols in {**TABLES, **extra_only}.items():
        out.append(f"### `{name}`\n\n| column | meaning |\n|---|---|")
        out.extend(f"| `{c}` | {d} |" for c, d in cols.items())
        out.extend(f"| `{c}` | {d} (extra) |" for c, d in EXTRA_COLUMNS.get(name, {}).items())
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    print(markdown(), end="")
