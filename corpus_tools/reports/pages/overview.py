"""The overview page's sections: how big the corpus is and what each outlet contributes, who each
outlet mentions, articles over time, the actor network, and how the tables were made.

Each function takes what the notebook (`notebooks/overview.ipynb`) reads of the whole corpus with
the page's `Site` and `Page`, and returns escaped HTML (figures: SVG, alt text and caption), or ''
when there is nothing to show.
"""
from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import pandas as pd

from ...analysis import counting
from .. import figures
from ..render import date_span, heading, linked, plural, table_html
from .over_time import per_period, period_bars

if TYPE_CHECKING:   # for the hints only: the notebook hands these in
    from ..evidence import Page
    from ..notebook import Site


def corpus_summary(site: Site, page: Page, docs: pd.DataFrame, mentions: pd.DataFrame, n_actors: int,
                   n_pages: int) -> str:
    """How big the corpus is, and what each outlet contributes."""
    counted = docs[docs["duplicate_of"].isna()] if "duplicate_of" in docs else docs
    per_source = docs.groupby("source").agg(articles=("doc_id", "size"), first=("date", "min"), last=("date", "max"),
                                            undated=("date", lambda d: int(d.isna().sum())))
    body = [[linked(str(s), site.source_href(s)), str(int(r.articles)),
             escape(str(r.first) if pd.notna(r.first) else ""), escape(str(r.last) if pd.notna(r.last) else ""),
             str(int(r.undated))]
            for s, r in per_source.iterrows()]
    return (heading("Corpus overview")
            + f"<p>{plural(len(docs), 'article')} from {plural(len(per_source), 'outlet')} "
            f"({len(docs) - len(counted)} copies of another article), {escape(date_span(docs['date']))}; "
            f"{page.link(mentions, 'All counted actor mentions')} actor mentions of {plural(n_actors, 'actor')}, "
            f"{n_pages} of them with a page.</p>"
            + table_html(["outlet", "articles", "first date", "last date", "undated"], body, "Articles by outlet",
                         (1, 4), "First and last dates are those of dated articles.", sortable=True))


def heatmap(site: Site, page: Page, mentions: pd.DataFrame, names: pd.Series, top: int = 25) -> str:
    """Outlets x most mentioned actors: mentions per cell (what each outlet published), shaded by
    the cell's share of the outlet's mentions, each count linking to its sentences."""
    if mentions.empty:
        return ""
    actors = mentions["actor_id"].value_counts().sort_index().sort_values(ascending=False, kind="stable").index[:top]
    outlets = sorted(mentions["source"].dropna().unique())
    shown = mentions[mentions["actor_id"].isin(actors)]
    cells = {key: group for key, group in shown.groupby(["actor_id", "source"])}
    outlet_totals = mentions.groupby("source").size()
    body = []
    for actor_id in actors:
        name = str(names.get(actor_id, actor_id))
        row = [linked(name, site.actor_href(actor_id))]
        for source in outlets:
            group = cells.get((actor_id, source))
            if group is None:
                row.append("")
                continue
            level = min(5, int(6 * len(group) / outlet_totals[source]) + 1)
            row.append(f'<span class="h{level}">{page.link(group, f"{name} in {source}")}</span>')
        body.append(row)
    return (heading("Who each outlet mentions", 2)
            + table_html(["actor", *outlets], body, f"Mentions of the {len(actors)} most mentioned actors by outlet",
                         range(1, len(outlets) + 1), "Darker: a larger share of the outlet's actor mentions. "
                         + counting.rule("outlet")))


def network_figure(graph, names: pd.Series, top: int = 30) -> tuple[str, str, str]:
    """The co-occurrence network of the most connected actors (SVG), its alt text, and a caption
    saying what it leaves out."""
    if graph is None or graph.number_of_edges() == 0:
        return "", "", "No two actors are named together often enough to draw a network."
    strength = sorted(graph.degree(weight="weight"), key=lambda kv: (-kv[1], kv[0]))
    keep = [n for n, _ in strength[:top]]
    sub = graph.subgraph(keep)
    nodes = [(n, str(names.get(n, n)), int(graph.nodes[n].get("mentions", 1) or 1)) for n in keep]
    edges = sorted(((a, b, int(d.get("weight", 1))) for a, b, d in sub.edges(data=True)), key=lambda e: (e[0], e[1]))
    caption = (f"The {len(keep)} actors with the most co-mentions (of {graph.number_of_nodes()} in the network), "
               f"{len(edges)} of {graph.number_of_edges()} pairs; pairs named together in at least two sentences. "
               "Line width: shared sentences.")
    top_pairs = sorted(edges, key=lambda e: -e[2])[:5]
    alt = ("Network of actors named in the same sentences. Strongest pairs: "
           + "; ".join(f"{names.get(a, a)} and {names.get(b, b)} ({w})" for a, b, w in top_pairs) + ".")
    return figures.network(nodes, edges), alt, caption


def methods(manifest: dict, rules, version: str) -> str:
    """How the tables were made: backend and models, versions, thresholds, what a mention is."""
    backend = manifest.get("backend", {}) or {}
    name = str(backend.get("backend", "unknown"))
    versions = ", ".join(f"{k} {backend[k]}" for k in ("stanza", "spacy", "torch") if backend.get(k))
    return (heading("Methods", 2) + "<ul>"
            f"<li>corpus_tools {escape(version)}; NLP backend: {escape(name)} ({escape(versions)}), processors "
            f"{escape(str(backend.get('processors', '')))}, models {escape(str(backend.get('models', '')))} "
            "(a digest of the model files: manifest.json in the build says more).</li>"
            "<li>A mention is a span the named-entity recogniser or the actor registry found, resolved to one actor: "
            "a name, a demonym or capital standing for a state (\"libyen\", \"Ankara\"), or a role title resolved "
            "to its holder (\"le secrétaire général de l'OTAN\"). Every figure counts the three together "
            "(<code>kinds=</code> in the notebook functions counts one apart).</li>"
            "<li>Corpus-wide figures count each story once (copies of an article, exact or near, are left out); "
            "outlet figures count what each outlet published.</li>"
            f"<li>Actor pages: at least {rules.min_mentions} mentions in at least {rules.min_documents} articles, "
            f"the {rules.max_actor_pages} most mentioned; every actor is listed in the index.</li>"
            "<li>Every count links to the sentences behind it.</li></ul>")


def articles_figure(docs: pd.DataFrame, period: str) -> tuple[str, str, str]:
    """Bars of articles per period and outlet, their alt text, and a caption stating the undated."""
    table, undated = per_period(docs, period)
    caption = f"Articles per {period} and outlet."
    caption += f" {plural(undated, 'undated article')}, not drawn." if undated else " Every article is dated."
    if table is None:
        return "", "", caption
    svg, alt = period_bars(table, period, "articles", "the articles")
    return svg, alt, caption
