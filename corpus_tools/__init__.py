"""corpus_tools: actor-centred analysis of French-language news corpora.

>>> import corpus_tools as ct
>>> ct.build(ct.BuildConfig(corpus="data/raw", out="build"))   # doctest: +SKIP
>>> corpus = ct.load("build")                                  # doctest: +SKIP
>>> corpus.actors.head()                                       # doctest: +SKIP
"""
from ._version import __version__  # noqa: E402
from .store import Corpus, load  # noqa: E402

__all__ = ["__version__", "load", "Corpus", "build", "BuildConfig"]


def __getattr__(name):
    # The pipeline pulls in the NLP stack: import it only when asked for.
    if name in ("build", "BuildConfig", "BuildResult", "BuildError"):
        from . import pipeline
        return getattr(pipeline, name)
    raise AttributeError(name)
