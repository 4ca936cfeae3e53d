"""Analysis stage: actor-centred analyses over the tables of a build -- tables the build writes
once, then plain functions over them for notebooks and reports.

    build, after actor linking (`stage`: `analyse`, `analyse_corpus`, cached per document):
        extract/ (the extractors, declared in one list with the tables they require and write)
            per chunk of documents -> labels/, agency, pairs (cooccurrences), quotes/
            once over the build    -> keyness (lemma_counts, source_keyness), pairs (actor_pairs,
                                      networks)
    notebooks and reports, on a `Corpus` (`corpus`: `load`, `select` for sub-corpora):
        mentions (who is mentioned, where), periods (when: `timeline`), cooccurrence (next to
        whom; networks), distinctive (which words, actors and labels set a part apart: `keyness`),
        concordance (keyword in context: `kwic`), labelling (with which descriptors, per outlet:
        `labels`), actions (who does what to whom: `agency`), quotations (who is quoted, saying
        what: `quotes`), formats (`export` to CSV, CoNLL-U, IRaMuTeQ, GEXF, GraphML), cards
        (notebook summaries), curation (actors that may be one: `Corpus.suggest_merges`; the
        researcher's decisions, `Corpus.merge`/`split`/`rename`/`retype`, recorded for the next build)

Every function's first argument is a corpus (`corpus_tools.load`, or a sub-corpus from
`Corpus.select`).  One module per analysis (as textacy's ``extract`` package does), named so that
no function hides it.  They share one counting rule (`counting`, with `actor_rows`: an analysis
table's rows about one actor) and one way to check options (`options`); `subcorpus` selects,
`search` finds words, `query` matches the query language of `kwic` and `select` (CQP's common
cases) over the tokens, `paragraphs` places sentences in their paragraphs, `wordlists` reads the
word lists of `data/`, `demo` builds a tiny corpus for examples.  Extractors may call the notebook
functions (`cooccurrence.pairs`, `distinctive.keyness`), never the reverse.  Every actor argument
takes an id or any of the actor's names; rows keep ``doc_id`` and ``sent_idx`` beside the
document's source, date and title, so every count can be traced to its sentences.  A user adds an
extractor of their own with `register_analysis` or `register_corpus_analysis`.
"""
from .actions import agency, agency_by_source
from .corpus import Corpus, load
from .cooccurrence import co_actors, cooccurrence_graph, cooccurrences, ego_network, pairs, partners
from .counting import KINDS, actor_count, counted_ids, rule
from .formats import export
from .distinctive import keyness, term_rows
from .concordance import kwic
from .labelling import label_sources, labels, labels_by_source
from .mentions import actor_mentions, counted_mentions, mentions_by_source, sentence_tokens
from .quotations import quotes
from .stage import ChunkTables, analyse, analyse_corpus, register_analysis, register_corpus_analysis
from .periods import timeline

__all__ = ["Corpus", "load", "actor_mentions", "counted_mentions", "mentions_by_source", "sentence_tokens", "timeline",
           "cooccurrences", "pairs", "co_actors", "partners", "cooccurrence_graph", "ego_network", "keyness",
           "term_rows", "kwic", "labels", "labels_by_source", "label_sources", "agency", "agency_by_source", "quotes",
           "export", "counted_ids", "actor_count", "rule", "KINDS", "analyse", "analyse_corpus", "register_analysis",
           "register_corpus_analysis", "ChunkTables"]
