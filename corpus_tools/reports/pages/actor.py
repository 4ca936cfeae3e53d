"""The actor page's sections: who the actor is and how much it is mentioned, how each outlet
labels it, what it says, what it does and what is done to it, next to whom, when, in context.

Each function takes the rows the notebook (`notebooks/actor_report.ipynb`) gives it -- one actor's
rows of an analysis of `corpus_tools.analysis`, taken from `reports.slices` (the notebook names the
public function beside each) -- with the page's `Site` (links to other pages) and `Page` (links to
evidence), and returns escaped HTML, or '' when there is nothing to show: no empty tables.
"""
from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import pandas as pd

from ...analysis import counting
from ...analysis.distinctive import G2_SIGNIFICANT
from .. import figures
from ..render import date_span, heading, linked, plural, table_html
from .over_time import per_period, period_bars

if TYPE_CHECKING:   # for the hints only: the notebook hands these in
    from ..evidence import Page
    from ..notebook import Site

KIND_WORDS = {"name": "by name", "demonym": "by demonym or capital", "title": "by role title"}
MAX_OUTLET_COLUMNS = 8


def actor_summary(site: Site, page: Page, actor: pd.Series, mentions: pd.DataFrame) -> str:
    """Who this is and how much it is mentioned, where and when: `mentions` are the actor's
    mentions of the default kinds, each story once (`A.actor_mentions`)."""
    name = str(actor["name"])
    parts = [heading(name), f'<p class="lead">{escape(str(actor["type"]).capitalize())}. '
             f'Names seen: {escape(", ".join(map(str, actor["aliases"])) or name)}.</p>', curation(actor)]
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
                 f"{escape(date_span(docs['date']))}. {escape(counting.rule())} Copies of an article are left out; "
                 "names, demonyms (\"libyen\"), capitals standing for a state and role titles are each linked "
                 "apart.</p>")
    return "".join(parts)


def curation(actor: pd.Series) -> str:
    """The researcher's decisions that made this actor what it is (`actors.curation`), or ''."""
    decisions = [str(d) for d in (actor.get("curation") if actor.get("curation") is not None else [])]
    if not decisions:
        return ""
    items = "".join(f"<li>{escape(d)}</li>" for d in decisions)
    return (f'<p><em class="curated">curated</em>: this actor was changed by hand after the linking rules '
            f'(the curation file):</p><ul class="curation">{items}</ul>')


def labels_by_outlet(page: Page, name: str, table: pd.DataFrame, rows: pd.DataFrame) -> str:
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
        f"G² ≥ {G2_SIGNIFICANT} against the other outlets and seen at least twice. Patterns: titles before the name, " \
        "appositions, predicates, relatives, role titles and later descriptions."
    return (heading("How each outlet labels this actor", 2)
            + table_html(["label", *shown, "all"], body, None, range(1, len(shown) + 2), note))


def quotations(site: Site, page: Page, name: str, said: pd.DataFrame, limit: int = 30) -> str:
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


def agency(page: Page, name: str, rows: pd.DataFrame, limit: int = 15) -> str:
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


def co_actors(site: Site, page: Page, name: str, co: pd.DataFrame, shared: pd.DataFrame, limit: int = 20) -> str:
    """Next to whom: co-actors named in the same sentences (`A.co_actors`), each linked to its page
    and its count to the shared sentences (`A.partners` rows)."""
    if co.empty:
        return ""
    by_partner = dict(tuple(shared.groupby("partner")))
    body = [[linked(r.name, site.actor_href(r.partner)), escape(str(r.type)),
             page.link(by_partner.get(r.partner, shared.iloc[:0]), f"{name} and {r.name} in the same sentence",
                       str(int(r.n)))] for r in co.head(limit).itertuples()]
    note = (f"{len(co) - limit} more co-actors. " if len(co) > limit else "") + \
        f"n: sentences naming both. {counting.rule()}"
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
    table, undated = per_period(rows, period)
    caption = f"Mentions of {name} per {period} and outlet (what each outlet published)."
    caption += (f" {plural(undated, 'mention')} in undated articles, not drawn." if undated
                else " Every mention is dated.")
    if table is None:
        return "", "", caption
    svg, alt = period_bars(table, period, "mentions", f"the mentions of {name}")
    return svg, alt, caption


def concordance(site: Site, lines: pd.DataFrame, limit: int = 25) -> str:
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
