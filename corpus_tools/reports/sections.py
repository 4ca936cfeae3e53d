"""The sections of report pages, as HTML drawn from the analyses' rows.

Each function takes what an analysis of `corpus_tools.analysis` returned (the notebook shows the
call) and the page's `Site` (links to other pages) and `Page` (links to evidence), and returns
escaped HTML, or '' when there is nothing to show: no empty tables.  Counts link to the
sentences behind them; actors link to their pages; documents to theirs.
"""
from __future__ import annotations

from html import escape

import pandas as pd

from ..analysis.options import PERIODS
from ..analysis.periods import period_start
from . import figures
from .render import date_span, heading, paragraph, plural, table_html  # noqa: F401 -- paragraph: for notebooks

KIND_WORDS = {"name": "by name", "demonym": "by demonym or capital", "title": "by role title"}
MAX_OUTLET_COLUMNS = 8


def linked(text: str, href: str | None) -> str:
    """`text`, escaped, as a link when `href` is given."""
    return f'<a href="{escape(href)}">{escape(text)}</a>' if href else escape(text)


# ---------------------------------------------------------------- actor page

def actor_summary(site, page, actor: pd.Series, mentions: pd.DataFrame) -> str:
    """Who this is and how much it is mentioned, where and when: `mentions` are the actor's
    mentions of every kind, each story once (`A.actor_mentions(..., kinds="all")`)."""
    name = str(actor["name"])
    parts = [heading(name), f'<p class="lead">{escape(str(actor["type"]).capitalize())}. '
             f'Names seen: {escape(", ".join(map(str, actor["aliases"])) or name)}.</p>']
    if mentions.empty:
        return "".join(parts) + "<p>No mention is counted (every mention is in a copy of another article).</p>"
    by_kind = [f"{page.link(mentions[mentions['kind'] == k], f'{name}: mentions {words}')} {words}"
               for k, words in KIND_WORDS.items() if (mentions["kind"] == k).any()]
    docs = mentions.drop_duplicates("doc_id")
    outlets = sorted(docs["source"].dropna().unique())
    outlet_links = ", ".join(linked(s, site.source_href(s)) for s in outlets)
    parts.append(f"<p>{page.link(mentions, f'All mentions of {name}')} mentions "
                 f"({', '.join(by_kind)}) in {page.link(docs, f'Articles mentioning {name}', str(len(docs)))} "
                 f"articles from {plural(len(outlets), 'outlet')} ({outlet_links}), "
                 f"{escape(date_span(docs['date']))}. Each story counts once: copies of an article are left out; "
                 "demonyms (\"libyen\"), capitals standing for a state and role titles are counted apart from "
                 "names.</p>")
    return "".join(parts)


def labels_by_outlet(page, name: str, table: pd.DataFrame, rows: pd.DataFrame) -> str:
    """How each outlet labels the actor: labels (normalised) x outlets, counts linking to the
    labels as written; a star marks a label distinctive of an outlet (G², log ratio).
    `table` is `A.labels_by_source`, `rows` `A.labels(..., per="outlet")`."""
    if table.empty:
        return heading("How each outlet labels this actor", 2) + "<p>No label found.</p>"
    outlets = list(table.groupby("source")["n"].sum().sort_values(ascending=False, kind="stable").index)
    shown = outlets[:MAX_OUTLET_COLUMNS]
    totals = table.groupby("label_norm")["n"].sum().sort_values(ascending=False, kind="stable")
    cells = table.set_index(["label_norm", "source"])
    written = dict(tuple(rows.groupby(["label_norm", "source"])))
    per_label = dict(tuple(rows.groupby("label_norm")))
    body = []
    for label in totals.index[:40]:
        row = [escape(label)]
        for source in shown:
            if (label, source) not in cells.index:
                row.append("")
                continue
            c = cells.loc[(label, source)]
            these = written[(label, source)]
            star = (f' <span class="key" title="distinctive of this outlet: G² {c["g2"]:.1f}, log ratio '
                    f'{c["log_ratio"]:.1f}">★</span>') if c["distinctive"] else ""
            row.append(page.link(these, f"{name} labelled “{label}” in {source}", str(int(c["n"]))) + star)
        row.append(page.link(per_label[label], f"{name} labelled “{label}”", str(int(totals[label]))))
        body.append(row)
    note = (f"{len(outlets) - len(shown)} more outlets not shown. " if len(outlets) > len(shown) else "") + \
        "Labels as each outlet published them (copies included); ★ distinctive of the outlet: log-likelihood " \
        "G² ≥ 3.84 against the other outlets and seen at least twice. Patterns: titles before the name, " \
        "appositions, predicates, relatives, role titles and later descriptions."
    return (heading("How each outlet labels this actor", 2)
            + table_html(["label", *shown, "all"], body, None, range(1, len(shown) + 2), note))


def quotations(site, page, name: str, said: pd.DataFrame, limit: int = 30) -> str:
    """What the actor is quoted saying: counts per outlet and kind (linking to the quotations
    marked in their sentences), then the quotations themselves (linking to their documents)."""
    if said.empty:
        return ""
    counts = page.counts(said[["doc_id", "sent_idx", "start_char", "end_char", "source", "kind"]],
                         by=["source", "kind"], caption=f"Quotations of {name} by outlet and kind")
    body = []
    for r in said.sort_values(["date", "doc_id", "start_char"], na_position="last").head(limit).itertuples():
        quote = r.quote if len(r.quote) <= 300 else r.quote[:299] + "…"
        href = site.document_href(r.doc_id)
        body.append([escape(str(r.source)), escape(str(r.date) if pd.notna(r.date) else "s.d."), escape(r.kind),
                     escape(str(r.cue) if pd.notna(r.cue) else ""),
                     linked(f"« {quote} »" if r.kind == "direct" else quote, href and f"{href}#s{r.sent_idx}")])
    note = f"{len(said) - limit} more quotations counted above." if len(said) > limit else ""
    return (heading("What this actor says", 2) + counts
            + table_html(["outlet", "date", "kind", "cue", "quotation"], body, "Quotations", (), note))


def agency(page, name: str, rows: pd.DataFrame, limit: int = 15) -> str:
    """What the actor does and what is done to it: verbs as agent and as patient, with counts
    linking to the sentences (negated and passive uses counted beside them)."""
    if rows.empty:
        return ""
    parts = [heading("What this actor does, and what is done to it", 2)]
    for role, words in (("agent", "as agent (who acts)"), ("patient", "as patient (acted upon)")):
        these = rows[rows["role"] == role]
        if these.empty:
            continue
        body = []
        for verb, group in sorted(these.groupby("verb"), key=lambda kv: (-len(kv[1]), kv[0]))[:limit]:
            body.append([escape(verb), page.link(group, f"{name} {role} of “{verb}”", mark=("verb_start", "verb_end")),
                         str(int(group["negated"].sum())), str(int((group["voice"] == "passive").sum()))])
        parts.append(table_html(["verb", "n", "negated", "passive"], body, f"{name} {words}", (1, 2, 3),
                                f"{these['verb'].nunique() - len(body)} more verbs" if these["verb"].nunique() > limit
                                else ""))
    return "".join(parts)


def co_actors(site, page, name: str, co: pd.DataFrame, shared: pd.DataFrame, limit: int = 20) -> str:
    """Next to whom: co-actors named in the same sentences (`A.co_actors`), each linked to its page
    and its count to the shared sentences (`A.partners` rows)."""
    if co.empty:
        return ""
    by_partner = dict(tuple(shared.groupby("partner")))
    body = [[linked(r.name, site.actor_href(r.partner)), escape(str(r.type)),
             page.link(by_partner.get(r.partner, shared.iloc[:0]), f"{name} and {r.name} in the same sentence",
                       str(int(r.n)))] for r in co.head(limit).itertuples()]
    note = (f"{len(co) - limit} more co-actors. " if len(co) > limit else "") + \
        "n: sentences naming both by name, each story once."
    return heading("Next to whom", 2) + table_html(["co-actor", "type", "n"], body, None, (2,), note)


def ego_figure(name: str, co: pd.DataFrame, limit: int = 12) -> tuple[str, str]:
    """The ego network (SVG) of the most frequent co-actors, and its alt text."""
    top = co.head(limit)
    partners = [(str(r.name), int(r.n)) for r in top.itertuples()]
    listing = "; ".join(f"{n} ({w})" for n, w in partners)
    more = f" {len(co) - limit} less frequent co-actors not drawn." if len(co) > limit else ""
    alt = f"Ego network of {name}: co-actors named in the same sentences, with counts: {listing}.{more}"
    return figures.ego(name, partners), alt


def timeline_figure(name: str, rows: pd.DataFrame, period: str) -> tuple[str, str, str]:
    """Bars of the actor's mentions per period and outlet (`rows`: what each outlet published, as
    `A.actor_mentions(..., per="outlet")`), their alt text, and a caption saying how many mentions
    are undated (never silently left out)."""
    starts = period_start(rows["date"], PERIODS[period])
    undated = int(starts.isna().sum())
    caption = f"Mentions of {name} per {period} and outlet (what each outlet published)."
    caption += (f" {plural(undated, 'mention')} in undated articles, not drawn." if undated
                else " Every mention is dated.")
    dated = rows.assign(period=starts).dropna(subset=["period"])
    if dated.empty:
        return "", "", caption
    table = dated.groupby(["period", "source"]).size().unstack(fill_value=0)
    svg, alt = period_bars(table, period, "mentions", f"the mentions of {name}")
    return svg, alt, caption


def period_bars(table: pd.DataFrame, period: str, y_label: str, what: str) -> tuple[str, str]:
    """Stacked bars of `table` (index: period starts; columns: outlets), every period between the
    first and the last drawn, and the alt text."""
    freq = {"day": "D", "week": "W-MON", "month": "MS", "year": "YS"}[period]
    full = pd.date_range(table.index.min(), table.index.max(), freq=freq)
    table = table.reindex(full if len(full) else table.index, fill_value=0)
    fmt = {"day": "%Y-%m-%d", "week": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[period]
    labels = [p.strftime(fmt) for p in table.index]
    series = {str(s): [int(v) for v in table[s]] for s in table.columns}
    peak = table.sum(axis=1)
    alt = (f"Bar chart of {what} per {period} from {labels[0]} to {labels[-1]}, by outlet; "
           f"highest: {int(peak.max())} in {labels[int(peak.to_numpy().argmax())]}.")
    return figures.bars(labels, series, y_label), alt


def fitting_period(dates: pd.Series) -> str:
    """The period that gives a readable number of bars for these dates: day, week, month or year.

    >>> fitting_period(pd.Series(["2020-05-01", "2020-05-20"])), fitting_period(pd.Series(["2019-01-01", "2021-06-01"]))
    ('day', 'month')
    """
    dated = pd.to_datetime(dates.dropna(), errors="coerce").dropna()
    if dated.empty:
        return "month"
    days = (dated.max() - dated.min()).days
    return "day" if days <= 45 else "week" if days <= 250 else "month" if days <= 6 * 365 else "year"


def concordance(site, name: str, lines: pd.DataFrame, limit: int = 25) -> str:
    """Key words in context: the actor's mentions in their sentences' words (`A.kwic`), each
    linked to its sentence on the document's page."""
    if lines.empty:
        return ""
    body = []
    for r in lines.head(limit).itertuples():
        href = site.document_href(r.doc_id)
        body.append([escape(str(r.source)), escape(str(r.date) if pd.notna(r.date) else "s.d."),
                     f'<span class="left">{escape(r.left)}</span>',
                     f"<strong>{linked(r.match, href and f'{href}#s{r.sent_idx}')}</strong>", escape(r.right)])
    note = f"{len(lines) - limit} more lines (A.kwic in a notebook lists them all)." if len(lines) > limit else ""
    return heading("In context", 2) + table_html(["outlet", "date", "left", "mention", "right"], body, None, (), note)


# ---------------------------------------------------------------- source page

def source_summary(page, source: str, docs: pd.DataFrame, removed: pd.DataFrame, mentions: pd.DataFrame) -> str:
    """An outlet's articles, dates, wire share and boilerplate removed."""
    wire = docs["wire"].notna().sum() if "wire" in docs else 0
    copies = docs["duplicate_of"].notna().sum() if "duplicate_of" in docs else 0
    chars = int((removed["end_char"] - removed["start_char"]).sum()) if len(removed) else 0
    return (heading(source) + f"<p>{plural(len(docs), 'article')}, {escape(date_span(docs['date']))}. "
            f"{wire} credit a news agency ({wire / max(len(docs), 1):.0%}); {copies} are copies of another article "
            f"of the corpus. {plural(len(removed), 'span')} of web boilerplate removed ({chars:,} characters). "
            f"{page.link(mentions, f'All actor mentions in {source}')} actor mentions of "
            f"{plural(mentions['actor_id'].nunique(), 'actor')}.</p>")


def source_actors(site, page, source: str, mentions: pd.DataFrame, keyness: pd.DataFrame, names: pd.Series,
                  limit: int = 25) -> str:
    """The outlet's most mentioned actors, with their over- or under-representation against the
    other outlets (the build's `source_keyness` rows for actors)."""
    if mentions.empty:
        return ""
    key = keyness.set_index("term") if len(keyness) else pd.DataFrame(columns=["g2", "log_ratio"])
    body = []
    for actor_id, group in sorted(mentions.groupby("actor_id"), key=lambda kv: (-len(kv[1]), kv[0]))[:limit]:
        name = str(names.get(actor_id, actor_id))
        g2 = f"{key.loc[actor_id, 'g2']:+.1f}" if actor_id in key.index else ""
        ratio = f"{key.loc[actor_id, 'log_ratio']:+.2f}" if actor_id in key.index else ""
        body.append([linked(name, site.actor_href(actor_id)),
                     page.link(group, f"{name} in {source}"), g2, ratio])
    return (heading("Most mentioned actors, against the other outlets", 2)
            + table_html(["actor", "mentions", "G²", "log ratio"], body, None, (1, 2, 3),
                         "G² > 3.84: mentioned more by this outlet than by the others (p < 0.05); negative: less. "
                         "Log ratio: log2 of the ratio of relative frequencies (1 = twice as often)."))


def source_labels(page, source: str, labels: pd.DataFrame, names: pd.Series, limit: int = 30) -> str:
    """The labels this outlet uses for its main actors."""
    if labels.empty:
        return ""
    body = []
    groups = sorted(labels.groupby(["actor_id", "label_norm"]), key=lambda kv: (-len(kv[1]), kv[0]))[:limit]
    for (actor_id, label), group in groups:
        name = str(names.get(actor_id, actor_id))
        body.append([escape(name), escape(label), page.link(group, f"{name} labelled “{label}” in {source}")])
    return heading("Labels it uses", 2) + table_html(["actor", "label", "n"], body, None, (2,))


def source_quoted(site, page, source: str, said: pd.DataFrame, names: pd.Series) -> str:
    """Whom the outlet quotes: speakers (actors, or unnamed sources) with counts."""
    if said.empty:
        return ""
    who = said["speaker"].map(names).fillna(said["unnamed_speaker"].map({True: "unnamed source", False: "unresolved"}))
    rows = said.assign(speaker=who.to_numpy())
    return heading("Whom it quotes", 2) + page.counts(rows, by="speaker", caption=f"Quotations in {source} by speaker",
                                                      limit=25)


def article_list(site, docs: pd.DataFrame, counts: pd.Series, limit: int = 500) -> str:
    """The articles, dated first, each linked to its page when it has one."""
    if docs.empty:
        return ""
    ordered = docs.assign(n=docs["doc_id"].map(counts).fillna(0).astype(int)).sort_values(
        ["date", "doc_id"], na_position="last")
    body = [[escape(str(r.date) if pd.notna(r.date) else "s.d."),
             linked(str(r.title) if pd.notna(r.title) and str(r.title).strip() else r.doc_id,
                    site.document_href(r.doc_id)), str(r.n)] for r in ordered.head(limit).itertuples()]
    note = f"{len(docs) - limit} more articles." if len(docs) > limit else ""
    return heading("Articles", 2) + table_html(["date", "title", "actor mentions"], body, None, (2,), note,
                                               sortable=True)


# ---------------------------------------------------------------- overview

def corpus_summary(site, page, docs: pd.DataFrame, mentions: pd.DataFrame, n_actors: int, n_pages: int) -> str:
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


def heatmap(site, page, mentions: pd.DataFrame, names: pd.Series, top: int = 25) -> str:
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
                         "Names, demonyms and role titles; what each outlet published."))


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
            "names, demonyms and capitals standing for a state (\"libyen\", \"Ankara\"), and role titles "
            "(\"le secrétaire général de l'OTAN\") are counted apart.</li>"
            "<li>Corpus-wide figures count each story once (copies of an article, exact or near, are left out); "
            "outlet figures count what each outlet published.</li>"
            f"<li>Actor pages: at least {rules.min_mentions} mentions in at least {rules.min_documents} articles, "
            f"the {rules.max_actor_pages} most mentioned; every actor is listed in the index.</li>"
            "<li>Every count links to the sentences behind it.</li></ul>")


def articles_figure(docs: pd.DataFrame, period: str) -> tuple[str, str, str]:
    """Bars of articles per period and outlet, their alt text, and a caption stating the undated."""
    starts = period_start(docs["date"], PERIODS[period])
    undated = int(starts.isna().sum())
    caption = f"Articles per {period} and outlet."
    caption += f" {plural(undated, 'undated article')}, not drawn." if undated else " Every article is dated."
    dated = docs.assign(period=starts).dropna(subset=["period"])
    if dated.empty:
        return "", "", caption
    table = dated.groupby(["period", "source"]).size().unstack(fill_value=0)
    svg, alt = period_bars(table, period, "articles", "the articles")
    return svg, alt, caption
