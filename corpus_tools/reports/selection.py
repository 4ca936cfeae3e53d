"""Which actors and documents get a page, and where every page lives.

The report stage stays proportionate on any corpus: an actor gets a page when it is mentioned
at least `min_mentions` times in at least `min_documents` documents (each story once), the
`max_actor_pages` most mentioned of them; every actor is still listed in the index, with the
reason it has no page.  Documents get a page (cheap: no kernel) up to `max_document_pages`, those
mentioning the most actors with a page first.  The rules travel to the report notebooks as a
parameter, so pages link only to pages that exist.

>>> rules = PageRules(min_mentions=2, min_documents=1, max_actor_pages=2)
>>> actors = pd.DataFrame({"actor_id": ["a", "b", "c", "d"], "n_mentions": [5, 2, 9, 1], "n_docs": [2, 1, 3, 1]})
>>> list(actors_with_pages(actors, rules))
['c', 'a']
>>> why_no_page(1, 1, rules)
'fewer than 2 mentions'
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from .slugs import slugify


@dataclass(frozen=True)
class PageRules:
    """Thresholds deciding which pages are rendered (see the module docstring)."""
    min_mentions: int = 3
    min_documents: int = 2
    max_actor_pages: int = 400
    max_document_pages: int = 5000

    def as_parameters(self) -> dict:
        """The rules as a notebook parameter."""
        return asdict(self)


def actors_with_pages(actors: pd.DataFrame, rules: PageRules) -> pd.Index:
    """The actor_ids with a page, most mentioned first (ties by id)."""
    ok = actors[(actors["n_mentions"] >= rules.min_mentions) & (actors["n_docs"] >= rules.min_documents)]
    ok = ok.sort_values(["n_mentions", "actor_id"], ascending=[False, True], kind="stable")
    return pd.Index(ok["actor_id"].head(rules.max_actor_pages))


def why_no_page(n_mentions: int, n_docs: int, rules: PageRules) -> str:
    """In words, why an actor with these counts has no page."""
    if n_mentions < rules.min_mentions:
        return f"fewer than {rules.min_mentions} mentions"
    if n_docs < rules.min_documents:
        return f"in fewer than {rules.min_documents} documents"
    return f"beyond the {rules.max_actor_pages} most mentioned actors"


def documents_with_pages(documents: pd.DataFrame, mentions: pd.DataFrame, page_actors: pd.Index,
                         rules: PageRules) -> pd.Index:
    """The doc_ids with a page: all of them when there are at most `max_document_pages`, else
    those mentioning the most actors that have a page (ties by doc_id)."""
    if len(documents) <= rules.max_document_pages:
        return pd.Index(sorted(documents["doc_id"]))
    hits = mentions[mentions["actor_id"].isin(page_actors)].groupby("doc_id").size()
    hits = hits.reindex(documents["doc_id"], fill_value=0)
    order = pd.DataFrame({"doc_id": hits.index, "n": hits.to_numpy()}).sort_values(["n", "doc_id"],
                                                                                   ascending=[False, True])
    return pd.Index(sorted(order["doc_id"].head(rules.max_document_pages)))


def actor_path(actor_id: str) -> str:
    """The actor page, relative to the reports folder."""
    return f"actors/{slugify(actor_id)}.html"


def source_path(source: str) -> str:
    """The source page, relative to the reports folder."""
    return f"sources/{slugify(source)}.html"


def document_path(doc_id: str) -> str:
    """The document page, relative to the reports folder."""
    return f"documents/{slugify(doc_id)}.html"
