"""The index page: the overview, every source, and every actor -- with its page, or the reason it
has none -- in tables a reader can sort and filter (the shared script, `templates/reports.js`).

Written whole by the stage, straight from the tables, once the notebook pages are done: it links
only to the pages that rendered without error."""
from __future__ import annotations

from html import escape

import pandas as pd

from ...analysis import counting
from ..render import date_span, linked, page_html, plural, table_html
from ..selection import why_no_page

MAX_LISTED = 50_000     # actors listed; a corpus with more lists the most mentioned


def index_html(jobs, corpus, site) -> str:
    """The index page, linking to the pages of `jobs` (those rendered without error)."""
    rendered = {j.relpath for j in jobs}
    docs = corpus.read("documents", ["doc_id", "source", "date"])
    actors = corpus.read("actors", ["actor_id", "name", "type", "n_mentions", "n_docs", "n_sources", "curation"])
    n_actors = counting.actor_count(corpus)      # the count the overview and the notebook card show
    overview = '<a href="overview.html">Corpus overview</a>: who is mentioned, by whom, when, next to whom; ' \
               'how the tables were made.' if "overview.html" in rendered else ""
    return page_html("Corpus reports", f"""<h1>Corpus reports</h1>
<p>{plural(len(docs), 'article')} from {plural(docs['source'].nunique(), 'outlet')}, {escape(date_span(docs['date']))};
{plural(n_actors, 'actor')}, {len(site.actors)} of them with a page. {overview}</p>
{sources_table(docs, jobs)}
{actors_table(actors, jobs, site)}""", kind="index")


def sources_table(docs: pd.DataFrame, jobs) -> str:
    """Every outlet with its page, articles and dates."""
    pages = {j.key: j.relpath for j in jobs if j.kind == "source"}
    body = []
    for source, group in docs.groupby("source", sort=True):
        body.append([linked(source, pages.get(source)), str(len(group)), escape(date_span(group["date"]))])
    return '<h2 id="sources">Sources</h2>' + table_html(["outlet", "articles", "dates"], body, None, (1,),
                                                        sortable=True)


def actors_table(actors: pd.DataFrame, jobs, site) -> str:
    """Every actor (the most mentioned `MAX_LISTED`), with its page or why it has none."""
    pages = {j.key: j.relpath for j in jobs if j.kind == "actor"}
    ordered = actors.sort_values(["n_mentions", "actor_id"], ascending=[False, True], kind="stable")
    listed = ordered.head(MAX_LISTED)
    rules = site.rules
    body, curated = [], False
    for a in listed.itertuples():
        mark = curated_mark(a.curation)
        curated = curated or bool(mark)
        if a.actor_id in pages:
            cells = [f'<a href="{escape(pages[a.actor_id])}">{escape(str(a.name))}</a>{mark}', "page"]
        else:
            cells = [escape(str(a.name)) + mark, escape(why_no_page(a.n_mentions, a.n_docs, rules))]
        body.append([cells[0], escape(str(a.type)), str(int(a.n_mentions)), str(int(a.n_docs)),
                     str(int(a.n_sources)), cells[1]])
    note = (f"{len(actors) - len(listed)} less mentioned actors not listed. " if len(actors) > len(listed) else "") + \
        (f"An actor has a page when it has at least {rules.min_mentions} mentions in at least "
         f"{rules.min_documents} articles (the {rules.max_actor_pages} most mentioned). {counting.rule()}") + \
        (" curated: changed by a decision of the curation file (hover for it)." if curated else "")
    return ('<h2 id="actors">Actors</h2><p><label>Filter actors: <input class="filter" type="search" '
            'data-table="actor-table" placeholder="name, type, …"></label></p>'
            + table_html(["actor", "type", "mentions", "articles", "outlets", "page"], body, None, (2, 3, 4), note,
                         sortable=True).replace("<table", '<table id="actor-table"', 1))


def curated_mark(decisions) -> str:
    """' curated' (escaped, the decisions as its title) after the name of an actor a researcher's
    decision changed; '' for the others."""
    decisions = [str(d) for d in (decisions if decisions is not None else [])]
    if not decisions:
        return ""
    return f' <em class="curated" title="{escape(" / ".join(decisions))}">curated</em>'
