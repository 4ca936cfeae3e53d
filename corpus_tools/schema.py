"""The data contract: every table a build writes, its columns, and what they mean.

Stages exchange pandas DataFrames with exactly these columns (extra columns are
allowed and documented here too).  Offsets (`start_char`, `end_char` and the other `*_start`,
`*_end`) in `sentences`, `tokens`, `entities`, `mentions`, `labels` and `agency` index into `documents.text`,
the cleaned article text; offsets in `removed` index into the decoded raw file
text (`documents.raw_text` is not stored; re-read `documents.path`).
"""
from __future__ import annotations

from typing import NamedTuple

import pyarrow as pa


class Column(NamedTuple):
    """One column of the contract: its type ("string", "int64", "Int64" for integers that may be
    null, "float64", "bool", "list<string>") and what it holds."""
    dtype: str
    doc: str


ARROW_TYPES = {"string": pa.large_string(), "int64": pa.int64(), "Int64": pa.int64(), "float64": pa.float64(),
               "bool": pa.bool_(), "list<string>": pa.list_(pa.large_string())}

TABLES: dict[str, dict[str, Column]] = {
    "documents": {
        "doc_id": Column("string", 'stable id: file stem for one-article files, id field or row number for multi-article files'),
        "path": Column("string", 'file path relative to the corpus directory'),
        "source": Column("string", "outlet: supplied metadata (sidecar, record column), else the folder (with "
                                   "--source-from-folder), else the outlet registry (by URL, by the page's outlet "
                                   "name, by a text signature) or the URL's domain, else 'unknown'; names the "
                                   "registry knows are written as the registry's name (see `source_from`)"),
        "title": Column("string", 'article title or null'),
        "date": Column("string", "publication date as ISO text (YYYY-MM-DD) or null; never anything else: a "
                                 "supplied or found value that is not a full date is a row of `warnings`"),
        "text": Column("string", 'cleaned article text: what the NLP stage sees'),
        "content_hash": Column("string", 'sha256 of `text`; the annotation cache key'),
    },
    "sentences": {
        "doc_id": Column("string", 'document id'),
        "sent_idx": Column("int64", '0-based sentence index in the document'),
        "start_char": Column("int64", 'offset of the first character in documents.text'),
        "end_char": Column("int64", 'offset after the last character'),
        "text": Column("string", 'sentence text: the unit every count in a report points back to (the model\'s sentences, '
                                 'repaired: see `sentence_repairs`)'),
    },
    "tokens": {
        "doc_id": Column("string", 'document id'),
        "sent_idx": Column("int64", 'sentence index'),
        "tok_idx": Column("int64", '1-based word index in the sentence (after multi-word token expansion, as in CoNLL-U)'),
        "text": Column("string", 'word form'),
        "lemma": Column("string", 'lemma'),
        "upos": Column("string", 'universal part of speech'),
        "feats": Column("string", 'universal morphological features (CoNLL-U string) or null'),
        "head": Column("int64", 'tok_idx of the syntactic head, 0 for a root (a sentence joined by sentence repair keeps one root per piece the model parsed)'),
        "deprel": Column("string", 'universal dependency relation'),
        "start_char": Column("int64", "offset in documents.text (the surface token's span for expanded words)"),
        "end_char": Column("int64", 'offset after the word'),
    },
    "sentence_repairs": {
        "doc_id": Column("string", "document id"),
        "sent_idx": Column("int64", "the repaired sentence (sentences.sent_idx) in which the model's boundary was undone"),
        "start_char": Column("int64", "offset in documents.text where the model began a new sentence"),
        "rule": Column("string", "why it was no sentence end: open-quote (inside quotation marks that close later in the "
                                 "paragraph), title-abbreviation ('M. | Stoltenberg'), abbreviation, initial ('George W. | "
                                 "Bush'), name (no end punctuation, a named entity follows: 'Hulusi | Akar'), unfinished "
                                 "(no end punctuation: a colon, a word) or lowercase (the next piece starts in lower case); "
                                 "see corpus_tools/nlp/data/sentence_repair.yaml"),
        "text": Column("string", "the words on both sides, the model's boundary shown as ' | '"),
    },
    "entities": {
        "doc_id": Column("string", 'document id'),
        "sent_idx": Column("int64", 'sentence index'),
        "start_char": Column("int64", 'offset in documents.text'),
        "end_char": Column("int64", 'offset after the entity'),
        "text": Column("string", 'entity surface text'),
        "label": Column("string", 'PER, ORG, LOC or MISC'),
    },
    "mentions": {
        "doc_id": Column("string", 'document id'),
        "sent_idx": Column("int64", 'sentence index'),
        "start_char": Column("int64", 'offset in documents.text'),
        "end_char": Column("int64", 'offset after the mention'),
        "text": Column("string", 'mention surface text'),
        "actor_id": Column("string", 'canonical actor (actors.actor_id)'),
        "surface": Column("string", 'the entity or match span before trimming ("le président Erdogan" for text "Erdogan")'),
        "method": Column("string", "how the mention was resolved: ner (the actor's own name), registry (a registry "
                                     "name, alias or translation), alias (another form joined automatically: short "
                                     "form, spelling, fuzzy), acronym, title (a role description standing for the "
                                     "person holding the role: a registry title resolved by the document's date, or "
                                     "a description resolved to the person the document gives that role), demonym "
                                     "('turc' -> Turquie), capital ('Ankara' acting for Turquie) or collective (a "
                                     "collective noun and its country: 'les troupes françaises' -> Armée française)"),
        "kind": Column("string", 'name, demonym (demonyms and capitals standing for a country) or title: count them apart'),
        "label": Column("string", 'NER label of the span (PER, ORG, LOC, MISC); null when the NER did not tag it'),
    },
    "actors": {
        "actor_id": Column("string", 'stable canonical id (a slug of the canonical name)'),
        "name": Column("string", 'display name'),
        "type": Column("string", "person, organisation, country, government, armed group, military, media, place, "
                                 "event or other: the registry's type, a collective's group (the military; the "
                                 "government, its embassies and ministries: government), else from the actor's "
                                 "mentions (a full personal name; nouns introducing its names, 'l\'opération X': "
                                 "event; else its most frequent NER label)"),
        "country": Column("string", "for a collective actor named by its country (\"l'armée française\", \"les "
                                    "autorités nigériennes\", \"l'ambassade de France\"), the country "
                                    "(actors.actor_id of the registry's country); null for other actors"),
        "aliases": Column("list<string>", 'list of name forms seen for this actor, most frequent first'),
        "n_mentions": Column("int64", 'mentions in the corpus, each story once (copies flagged documents.duplicate_of '
                                      'left out): names, demonyms and titles together'),
        "n_docs": Column("int64", 'documents mentioning the actor, each story once'),
        "n_sources": Column("int64", 'outlets (documents.source) that published a mention of the actor, their copies '
                                     'of a story included'),
        "n_name_mentions": Column("int64", "mentions by name (kind 'name'), each story once"),
        "n_demonym_mentions": Column("int64", "mentions by demonym or capital (kind 'demonym'), each story once"),
        "n_title_mentions": Column("int64", "mentions by role title (kind 'title'), each story once"),
        "curation": Column("list<string>", "the researcher's curation decisions that changed this actor (merged, "
                                           "split, renamed, retyped: who, when, why), in the order applied; empty "
                                           "for an actor as the rules linked it (see merges rule 'curation')"),
    },
    "cooccurrences": {
        "doc_id": Column("string", "document id"),
        "sent_idx": Column("int64", "the sentence in which both actors are mentioned"),
        "actor_a": Column("string", "one actor of the pair (actors.actor_id; the smaller id)"),
        "actor_b": Column("string", "the other actor"),
        "kind_a": Column("string", "how actor_a is mentioned there (mentions.kind: name, demonym or title); a pair "
                                   "named in several ways in one sentence has a row per combination"),
        "kind_b": Column("string", "how actor_b is mentioned there"),
    },
    "actor_pairs": {
        "level": Column("string", "sentence, paragraph (a block of documents.text between blank lines, as "
                                  "analysis.paragraphs finds it) or document: the unit both actors are named in"),
        "actor_a": Column("string", "one actor of the pair (actors.actor_id; the smaller id)"),
        "actor_b": Column("string", "the other actor"),
        "name_a": Column("string", "actor_a's display name"),
        "name_b": Column("string", "actor_b's display name"),
        "n": Column("int64", "units naming both actors (names, demonyms and role titles; each story once)"),
        "n_a": Column("int64", "units naming actor_a (as n)"),
        "n_b": Column("int64", "units naming actor_b (as n)"),
        "n_units": Column("int64", "units in the corpus (sentences, paragraphs holding a sentence, or documents; "
                                   "each story once)"),
        "pmi": Column("float64", "pointwise mutual information: log2(n * n_units / (n_a * n_b))"),
        "npmi": Column("float64", "pmi normalised to [-1, 1]: pmi / -log2(n / n_units)"),
        "jaccard": Column("float64", "n / (n_a + n_b - n)"),
    },
    "lemma_counts": {
        "source": Column("string", "outlet (documents.source)"),
        "month": Column("string", "month of publication (YYYY-MM), null for undated documents"),
        "term": Column("string", "lemma (lower case unless a proper noun; punctuation, symbols, numbers "
                                   "and non-words left out, so are the words of paragraphs in another language "
                                   "(paragraphs.lang); lemmas the model invented replaced from a French "
                                   "lexicon: analysis.lexicon)"),
        "n_published": Column("int64", "occurrences in the outlet's documents that month, copies of a story included "
                                       "(outlet figures)"),
        "n_counted": Column("int64", "occurrences in the documents that count each story once (corpus-wide figures)"),
    },
    "source_keyness": {
        "source": Column("string", "the outlet set against all the others (what each outlet published)"),
        "unit": Column("string", "lemma or actor (mentions: names, demonyms and role titles)"),
        "term": Column("string", "the lemma (case variants merged, written as the corpus mostly writes it; "
                                   "lemmas the model invented replaced from a French lexicon), or the actor_id"),
        "n_target": Column("int64", "occurrences in the outlet"),
        "n_reference": Column("int64", "occurrences in the other outlets"),
        "per_10k_target": Column("float64", "n_target per 10,000 words (or mentions) of the outlet"),
        "per_10k_reference": Column("float64", "n_reference per 10,000 words (or mentions) of the others"),
        "g2": Column("float64", "signed log-likelihood G2 (negative: under-represented in the outlet)"),
        "p": Column("float64", "p-value of G2 (chi-squared, 1 degree of freedom)"),
        "log_ratio": Column("float64", "log2 of the outlet's relative frequency over the others' (Hardie's log ratio)"),
        "specificity": Column("float64", "Lafon's hypergeometric specificity, as TXM computes it (+: over-represented)"),
    },
    "labels": {
        "doc_id": Column("string", "document id"),
        "sent_idx": Column("int64", "sentence of the label"),
        "start_char": Column("int64", "offset of the label in documents.text"),
        "end_char": Column("int64", "offset after the label"),
        "actor_id": Column("string", "the actor the label describes (actors.actor_id)"),
        "mention_kind": Column("string", "kind of the mention it attaches to (mentions.kind: name, demonym for a capital "
                                         "standing for its state, title); for a definite description, the kind of the "
                                         "mention whose label it repeats. Count them apart"),
        "label": Column("string", "the label as written, without its determiner, contractions intact "
                                  "('ministre russe des Affaires étrangères', 'homme fort de l'est libyen')"),
        "label_norm": Column("string", "the label for grouping: lower case, its head noun and the adjectives next to it "
                                       "as lemmas, the rest as written ('ancien général', 'ministre russe des affaires "
                                       "étrangères')"),
        "head": Column("string", "lemma of the label's head noun, lower case ('maréchal', 'chef')"),
        "pattern": Column("string", "prenominal ('le maréchal X'), apposition ('X, ministre ...', 'l'homme fort ..., "
                                    "X'), predicate ('X est un ancien général'), relative ('X, qui est ...'), title (a "
                                    "role title standing for the actor: a mention of kind title) or definite (a later "
                                    "'le maréchal' repeating an earlier label of one actor of the document)"),
        "mention_start": Column("int64", "offset of the mention the label attaches to (for a definite description: of "
                                         "the mention whose label it repeats)"),
        "mention_end": Column("int64", "offset after that mention"),
    },
    "agency": {
        "doc_id": Column("string", "document id"),
        "sent_idx": Column("int64", "sentence of the verb and the mention"),
        "start_char": Column("int64", "offset of the mention of the actor in documents.text"),
        "end_char": Column("int64", "offset after the mention"),
        "actor_id": Column("string", "the actor (actors.actor_id)"),
        "mention_kind": Column("string", "kind of the mention (mentions.kind: name, demonym for a capital standing for "
                                         "its state or a nationality noun, title). Count them apart"),
        "verb": Column("string", "lemma of the verb, lower case"),
        "role": Column("string", "agent (subject of an active verb, 'par' agent of a passive one, subject of a relative "
                                 "clause) or patient (object, subject of a passive verb with or without 'par', noun a "
                                 "past participle describes)"),
        "voice": Column("string", "active or passive"),
        "negated": Column("bool", "whether 'ne' negates the verb ('n'a pas condamné')"),
        "verb_start": Column("int64", "offset of the verb in documents.text"),
        "verb_end": Column("int64", "offset after the verb"),
    },
    "quotes": {
        "doc_id": Column("string", "document id"),
        "sent_idx": Column("int64", "the sentence where the quoted content starts (a quotation may run over several)"),
        "start_char": Column("int64", "offset in documents.text of the quoted content (for a direct quotation, the "
                                      "words between the quotation marks)"),
        "end_char": Column("int64", "offset after the quoted content"),
        "quote": Column("string", "the quoted content: documents.text[start_char:end_char]"),
        "kind": Column("string", "direct (the content is the words between quotation marks), indirect (reported "
                                 "speech without them) or mixed (reported speech holding quoted words, or quoted words "
                                 "completing a cue: 'a dénoncé « la furie destructrice »')"),
        "cue": Column("string", "what reports the speech: the lemma of the cue verb or phrase ('déclarer', 'faire "
                                "savoir'), or the marker ('selon', 'd'après', 'pour'); null for a floating quotation "
                                "or one after a colon without a cue verb"),
        "cue_start": Column("Int64", "offset of the cue in documents.text, or null"),
        "cue_end": Column("Int64", "offset after the cue, or null"),
        "speaker": Column("string", "the speaker (actors.actor_id), or null when the text names none or it is not "
                                    "resolved to an actor"),
        "speaker_text": Column("string", "the words naming the speaker nearest the quotation, as written ('il', "
                                         "'l'ancien général', 'une source de l'OTAN', 'Dmitri Peskov, porte-parole de "
                                         "la présidence'); for a follow-up or floating quotation, those of the "
                                         "quotation it follows"),
        "speaker_start": Column("Int64", "offset of speaker_text in documents.text, or null"),
        "speaker_end": Column("Int64", "offset after speaker_text, or null"),
        "unnamed_speaker": Column("bool", "the speaker is a source the article does not name ('une source de "
                                          "l'OTAN', 'un diplomate européen', 'le procureur fédéral'): speaker is null"),
        "method": Column("string", "the rule that found and attributed it: incise-inside, colon, signature, incise "
                                   "(cue and postposed subject after the content), que, infinitive, fragment, selon, "
                                   "pour or floating (see corpus_tools.analysis.extract.quotes)"),
    },
    "merges": {
        "actor_id": Column("string", "the actor a variant was joined to (or kept apart from, for rule 'kept-apart')"),
        "variant": Column("string", 'a surface form (or name key) other than the display name'),
        "rule": Column("string", "registry, override, short-form, spelling, articles (organisation names equal but for the articles after 'de'), fuzzy, surname, acronym, expansion (an acronym joined to the one name abbreviating to it, French or English word order), title, demonym, capital, collective (a collective noun and its country; every mention, its evidence names the noun and the country's words), ner-repair (a span re-cut or re-typed), ner-type-repair (NER label differs from the actor's type), kept-apart (a join refused: evidence says why) or curation (a researcher's decision in the curation file, applied after the rules: evidence names the file, line, who, when and why)"),
        "evidence": Column("string", 'why, in words (the document for in-document rules)'),
        "n": Column("int64", 'number of mentions concerned'),
    },
}

# Columns beyond the fixed ones, per table (added by the text stage; see `text.stage`).
EXTRA_COLUMNS: dict[str, dict[str, Column]] = {
    "tokens": {
        "token_start": Column("int64", "offset in documents.text of the surface token holding the word: the words of "
                                       "a multi-word token ('du' = 'de' + 'le') share it (CoNLL-U's '3-4 du' line)"),
        "token_end": Column("int64", "offset after that surface token"),
    },
    "documents": {
        "updated": Column("string", 'date of the last update stated by the page (ISO YYYY-MM-DD) or null'),
        "author": Column("string", "author(s) as credited (export or page author field, byline under the title, "
                                   "'Par ...', a signature closing the article: 'Jean Dupont (AGENCE)') or null; an "
                                   "author field naming only agencies, outlets or a desk ('AFP', 'La rédaction') "
                                   "gives way to the person a byline names (its agencies go to `wire`)"),
        "section": Column("string", "section or breadcrumb as printed ('Monde', 'Moyen Orient et Monde - Libye') or null"),
        "dateline": Column("string", "place of the dateline ('AA/ Bruxelles' -> 'Bruxelles'; its agency goes to `wire`) or null"),
        "wire": Column("string", "agencies credited (dateline, credit lines, bylines and their brackets: 'Jean "
                                 "Dupont (ANP)', an author field naming only agencies), comma-separated canonical "
                                 "codes in order of appearance ('AFP, Reuters') or null"),
        "lang": Column("string", "ISO 639-1 main language of the cleaned text: supplied, else the language of "
                                 "most of its characters (`paragraphs.lang`); anything but 'fr' flags a non-French "
                                 "article"),
        "lang_share": Column("float64", "share of the text's characters in paragraphs of `lang` (1.0: all of it; "
                                        "0.55 for an article half in English); null for a text too short to tell"),
        "langs": Column("string", "every language of its paragraphs, comma-separated, most of the text first "
                                  "('fr, en'); null for a text too short to tell"),
        "url": Column("string", 'article URL (supplied or read from the HTML) or null'),
        "source_from": Column("string", "how `source` was found: supplied (sidecar or record column), folder (the "
                                        "first folder under the corpus, --source-from-folder), url (the registry "
                                        "outlet of the URL's domain), page (the outlet name the page or export "
                                        "gives), domain (the URL's domain, an outlet the registry does not know), "
                                        "text (a registry signature) or none ('unknown')"),
        "described_by": Column("string", "the metadata sidecar row(s) that described this document "
                                         "('metadata.csv:4'), or null"),
        "format": Column("string", 'reader that produced the article: txt, html, jsonl, csv, nexis, factiva, europresse'),
        "credit_start": Column("Int64", "offset in documents.text of the agency credit of a dateline opening the "
                                        "article ('(AFP)' in 'TRIPOLI (AFP) -'): wire metadata, never a mention; "
                                        "null when none"),
        "credit_end": Column("Int64", "offset after that credit, or null"),
        "repairs": Column("string", "decoding repairs, '; '-separated (bom, encoding:cp1252, mojibake, nfc, ...) or null"),
        "duplicate_of": Column("string", 'doc_id of the first article this one duplicates (exact or near); null for kept articles. Count only rows where it is null'),
        "duplicate_similarity": Column("float64", '1.0 for an exact duplicate, else the estimated Jaccard similarity of word 5-shingles (MinHash); null for kept articles'),
    },
    "removed": {
        "doc_id": Column("string", 'document id'),
        "start_char": Column("int64", "offset in the decoded raw text (for HTML: the extracted text; for exports: the article's slice)"),
        "end_char": Column("int64", 'offset after the removed span'),
        "text": Column("string", 'the removed text'),
        "rule": Column("string", 'why: chrome, outlet, crossdoc, export, section, header, byline, dateline, credit, related, comments, repeat, teaser, tail, footer (see corpus_tools.text.clean)'),
    },
    "paragraphs": {
        "doc_id": Column("string", "document id"),
        "para_idx": Column("int64", "0-based paragraph index in the document: a paragraph is a block of "
                                    "documents.text between blank lines (the title is paragraph 0)"),
        "start_char": Column("int64", "offset of the paragraph's first character in documents.text"),
        "end_char": Column("int64", "offset after its last character"),
        "lang": Column("string", "ISO 639-1 language (py3langid over the languages of text/data/languages.yaml): its "
                                 "own when `identified`, else that of the identified paragraphs around it when they "
                                 "agree, else the document's; lemma counts, keyness and lemma concordances count only "
                                 "the words of paragraphs in the models' language (fr)"),
        "identified": Column("bool", "the language was told from the paragraph's own words (long enough, certain); "
                                     "false for a short line, a name, an uncertain paragraph"),
    },
    "skipped": {
        "path": Column("string", "file (or file#row, file#part of an export: #cover, #results, "
                                 "#search-summary) relative to the corpus folder that gave no document"),
        "reason": Column("string", 'why, in one line (see docs/exit_codes.md for the reasons)'),
    },
    "warnings": {
        "path": Column("string", "the file at fault relative to the corpus folder (file#doc_id for one article "
                                 "of a many-article file): a sidecar, a record file, an article"),
        "line": Column("Int64", "1-based line in that file, or null"),
        "message": Column("string", "what is wrong and what was done instead (a column not read, a sidecar row "
                                    "describing nothing, a date that is not a date); the build prints each as "
                                    "one line 'warning: PATH[:LINE]: MESSAGE'"),
    },
}


def columns(table: str, extra: bool = False) -> list[str]:
    """The fixed columns of `table`, in order (for side tables such as `removed`: all of them);
    with `extra`, the extra columns after them.

    >>> columns("sentences")
    ['doc_id', 'sent_idx', 'start_char', 'end_char', 'text']
    """
    return list(spec(table, extra))


def spec(table: str, extra: bool = True) -> dict[str, Column]:
    """Column name -> `Column` for `table` (with its extra columns unless `extra` is False)."""
    fixed = TABLES.get(table, {})
    more = EXTRA_COLUMNS.get(table, {}) if extra or not fixed else {}
    if not fixed and not more:
        raise KeyError(f"no table {table!r} in the data contract")
    return {**fixed, **more}


def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema of a table's columns, extra columns included (every chunk of a streamed
    table is written with it).

    >>> arrow_schema("entities").field("sent_idx").type
    DataType(int64)
    >>> arrow_schema("tokens").names[-2:]
    ['token_start', 'token_end']
    """
    return pa.schema([(name, ARROW_TYPES[col.dtype]) for name, col in spec(table).items()])


HEADER = """# Data contract

Generated from `corpus_tools/schema.py`: `python -m corpus_tools.schema > docs/data_contract.md`.
Offsets in `sentences`, `tokens`, `entities`, `mentions`, `labels` and `agency` index into `documents.text`
(the cleaned article); offsets in `removed` index into the decoded text of the file at `documents.path`.
The column names listed here are fixed; a build may add columns, never rename these.
"""


def markdown() -> str:
    """The contract as Markdown (the text of docs/data_contract.md)."""
    out = [HEADER]
    extra_only = {t: {} for t in EXTRA_COLUMNS if t not in TABLES}
    for name, cols in {**TABLES, **extra_only}.items():
        out.append(f"### `{name}`\n\n| column | type | meaning |\n|---|---|---|")
        out.extend(f"| `{c}` | {col.dtype} | {col.doc} |" for c, col in cols.items())
        out.extend(f"| `{c}` | {col.dtype} | {col.doc} (extra) |" for c, col in EXTRA_COLUMNS.get(name, {}).items())
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    print(markdown(), end="")
