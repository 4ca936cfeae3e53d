"""corpus_tools: actor-centred analysis of French-language news corpora.

>>> import corpus_tools as ct
>>> ct.build(ct.BuildConfig(corpus="data/raw", out="build"))   # doctest: +SKIP
>>> corpus = ct.load("build")                                  # doctest: +SKIP
>>> corpus.actors.head()                                       # doctest: +SKIP
>>> ct.kwic(corpus.select(source="Le Monde"), actor="Haftar")  # doctest: +SKIP
"""
from ._version import __version__

# The analysis functions (corpus_tools.analysis), importable from here too.
ANALYSIS_FUNCTIONS = ("actor_mentions", "mentions_by_source", "timeline", "cooccurrences", "pairs", "co_actors",
                      "partners", "cooccurrence_graph", "ego_network", "keyness", "kwic", "labels", "quotes", "export")

__all__ = ["__version__", "load", "Corpus", "build", "BuildConfig", "BuildResult", "BuildError", *ANALYSIS_FUNCTIONS]


def __getattr__(name):
    # Import a stage only when asked for: the build pulls in the NLP stack.
    if name in ("build", "BuildConfig", "BuildResult", "BuildError"):
        from . import pipeline
        return getattr(pipeline, name)
    if name in ("load", "Corpus", *ANALYSIS_FUNCTIONS):
        from . import analysis
        return getattr(analysis, name)
    raise AttributeError(name)
