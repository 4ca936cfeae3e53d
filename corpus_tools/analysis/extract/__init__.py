"""The build's extractors: from the parse and the resolved mentions to the analysis tables that
notebooks and reports read, one module per extraction (as textacy's ``extract`` does).

    chunk of documents (ChunkTables: documents, sentences, tokens, entities, mentions)
      -> labels/    labels        the descriptors a text attaches to an actor, per mention
      -> agency     agency        the verbs an actor is agent or patient of
      -> pairs      cooccurrences actors sharing a sentence
      -> quotes/    quotes        who says what, of which kind, through which cue
    and, cached per document beside those rows,
      -> partials   the per-document partial counts (terms, mentions, sentence pairs)
    the build's tables (TableReader), once every per-document table is written
      -> totals     the partial counts summed over the corpus (or streamed from the tables)
      -> keyness    lemma_counts, source_keyness
      -> pairs      actor_pairs, networks/actors-<level>.gexf|graphml

They read one view of a sentence: `Token` and `Sentence` (`corpus_tools.nlp.parse`) and
`Mention` (`mention`).  Each is declared below, once, with the tables it requires and writes (as
spaCy's components declare what they require and assign), in the order the build runs them;
`corpus_tools.analysis.stage` runs them, with any a user adds (`register_analysis`,
`register_corpus_analysis`).  Extractors may use the notebook modules of `corpus_tools.analysis`
(`cooccurrence.pairs`, `distinctive.keyness`); those never import an extractor.
"""
from __future__ import annotations

from .agency import document_agency
from .base import CHUNK_TABLES, ChunkTables, CorpusExtractor, CorpusResults, DocumentExtractor
from .keyness import corpus_keyness
from .labels.extractor import document_labels
from .pairs import NETWORK_FILES, corpus_pairs, sentence_pairs
from .quotes.extractor import quote_rows

DOCUMENT_EXTRACTORS: tuple[DocumentExtractor, ...] = (
    DocumentExtractor("labels", document_labels, requires=("documents", "tokens", "mentions")),
    DocumentExtractor("agency", document_agency, requires=("tokens", "mentions")),
    DocumentExtractor("cooccurrences", sentence_pairs, requires=("mentions",)),
    DocumentExtractor("quotes", quote_rows, requires=("documents", "sentences", "tokens", "mentions")),
)

# Both read the corpus-wide counts (`totals`): summed from the build's per-document partial counts,
# or streamed from the tables they require (tokens, sentences and mentions, in one pass for both).
CORPUS_EXTRACTORS: tuple[CorpusExtractor, ...] = (
    CorpusExtractor("keyness", corpus_keyness, writes=("lemma_counts", "source_keyness"),
                    requires=("documents", "tokens", "sentences", "mentions", "paragraphs")),
    CorpusExtractor("actor_pairs", corpus_pairs, writes=("actor_pairs",), files=NETWORK_FILES,
                    requires=("documents", "tokens", "sentences", "mentions", "actors", "paragraphs")),
)

__all__ = ["DOCUMENT_EXTRACTORS", "CORPUS_EXTRACTORS", "CHUNK_TABLES", "ChunkTables", "CorpusResults",
           "DocumentExtractor", "CorpusExtractor"]
