"""Actor-centred analyses over the tables of a build: plain functions whose first argument is a
corpus (`corpus_tools.load`, or a sub-corpus from `Corpus.select`).

The build runs the per-document analyses registered with `register_analysis` (`stage`) once,
after actor linking (`cooccurrences`, `labels`, `agency`, `quotes`), then the corpus-wide ones
registered with `register_corpus_analysis` (`actor_pairs`, `lemma_counts`, `source_keyness`, ...)
and networks; the functions below read their tables in notebooks and reports.

One module per analysis (as textacy's ``extract`` package does), named so that no function
hides it: `mentions` (who is mentioned, where), `periods` (when: `timeline`), `cooccurrence`
(next to whom; networks), `distinctive` (which words, actors and labels set a part apart:
`keyness`), `concordance` (keyword in context: `kwic`), `labelling` (with which descriptors,
per outlet: `labels`), `actions` (who does what to whom: `agency`), `quotations` (who is quoted,
saying what: `quotes`); `corpus` (the `Corpus` every function takes), `subcorpus` (selections),
`formats` (`export` to CSV, CoNLL-U, IRaMuTeQ, GEXF, GraphML) and `cards` (notebook summaries);
`syntax` (a document's mentions beside the parse of `corpus_tools.nlp.parse`) and `wordlists`
(the word lists of `data/`) serve them.  They share one counting rule (`counting`) and one way to check
options (`options`).  Every actor argument takes an id or any of the actor's names; rows keep
``doc_id`` and ``sent_idx`` beside the document's source, date and title, so every count can be
traced to its sentences.
"""
from .actions import agency, agency_by_source
from .corpus import Corpus, load
from .cooccurrence import co_actors, cooccurrence_graph, cooccurrences, ego_network, pairs, partners
from .counting import KINDS, counted_ids
from .formats import export
from .distinctive import keyness
from .concordance import kwic
from .labelling import label_sources, labels, labels_by_source
from .mentions import actor_mentions, counted_mentions, mentions_by_source, sentence_tokens
from .quotations import quotes
from .stage import ChunkTables, analyse, analyse_corpus, register_analysis, register_corpus_analysis
from .periods import timeline

__all__ = ["Corpus", "load", "actor_mentions", "counted_mentions", "mentions_by_source", "sentence_tokens", "timeline",
           "cooccurrences", "pairs", "co_actors", "partners", "cooccurrence_graph", "ego_network", "keyness", "kwic",
           "labels", "labels_by_source", "label_sources", "agency", "agency_by_source", "quotes", "export",
           "counted_ids", "KINDS", "analyse", "analyse_corpus", "register_analysis", "register_corpus_analysis",
           "ChunkTables"]
