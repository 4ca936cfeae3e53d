"""The quotes table for notebooks: `quotes` over the build of the fixture articles (`QUOTE_ARTICLES`)."""
from __future__ import annotations

import pytest

from corpus_tools import analysis as A


def test_quotes_for_notebooks_take_an_actor_by_name_and_join_the_documents(quoted):
    said = A.quotes(quoted, "Paul Garnier")
    assert len(said) == 1 and {"source", "date", "title", "quote", "cue"} <= set(said.columns)
    assert len(A.quotes(quoted)) == len(quoted.quotes)
    with pytest.raises(KeyError, match="no actor"):
        A.quotes(quoted, "Personne Inconnue")
