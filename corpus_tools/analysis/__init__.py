"""Actor-centred analyses over the tables of a build: plain functions over DataFrames.

The build runs the per-document analyses registered with `register_analysis` (`stage`) once,
after actor linking, and writes their tables (`cooccurrences`, `labels`, `agency`); the
functions below read the tables in notebooks and reports.

One module per analysis (as textacy's ``extract`` package does):
`mentions` (who is mentioned, where, when), `cooccurrence` (next to whom),
`labels` (with which descriptors, per outlet), `agency` (who does what to whom),
`quotes` (who is quoted, saying what) and `kwic` (keyword in context); `syntax` (the parse
of a sentence as a tree) and `wordlists` (the word lists of `data/`) serve them.  Every function returns rows that keep
``doc_id`` and ``sent_idx`` so reports can link each count to its sentences.
"""
from .agency import agency, agency_by_source
from .cooccurrence import cooccurrence_graph, cooccurrences, partners
from .kwic import kwic
from .labels import labels, labels_by_source
from .mentions import actor_mentions, counted_mentions, mentions_by_source, timeline
from .quotes import quotes
from .stage import ChunkTables, analyse, register_analysis

__all__ = ["actor_mentions", "counted_mentions", "mentions_by_source", "timeline", "cooccurrences", "partners",
           "cooccurrence_graph", "labels", "labels_by_source", "agency", "agency_by_source", "quotes", "kwic",
           "analyse", "register_analysis", "ChunkTables"]
