"""corpus_tools: actor-centred analysis of French-language news corpora.

>>> import corpus_tools as ct
>>> ct.build(ct.BuildConfig(corpus="data/raw", out="build"))   # doctest: +SKIP
>>> corpus = ct.load("build")                                  # doctest: +SKIP
>>> corpus.actors.head()                                       # doctest: +SKIP
"""
from ._version import __version__

__all__ = ["__version__", "load", "Corpus", "build", "BuildConfig", "BuildResult", "BuildError"]


def __getattr__(name):
    # Import a stage only when asked for: the build pulls in the NLP stack.
    if name in ("load", "Corpus"):
        from . import store
        return getattr(store, name)
    if name in ("build", "BuildConfig", "BuildResult", "BuildError"):
        from . import pipeline
        return getattr(pipeline, name)
    raise AttributeError(name)
