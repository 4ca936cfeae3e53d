"""The source page's sections: an outlet's articles, dates, wire share and boilerplate removed,
its distinctive words and actors (G², log ratio against the other outlets, each count linked to
its sentences), its most mentioned actors, the labels it uses, whom it quotes, its articles.

Each function takes the outlet's rows (its sub-corpus's tables, as the notebook
`notebooks/source_report.ipynb` selects them) with the page's `Site` and `Page`, and returns escaped
HTML, or '' when there is nothing to show.  Copies count here: the outlet did publish them.
"""
from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import pandas as pd

from ...analysis import counting
from ...analysis.distinctive import G2_SIGNIFICANT
from ..render import date_span, heading, linked, plural, table_html

if TYPE_CHECKING:   # for the hints only: the notebook hands these in
    from ..evidence import Page
    from ..notebook import Site


def source_summary(page: Page, source: str, docs: pd.DataFrame, removed: pd.DataFrame, mentions: pd.DataFrame) -> str:
    """An outlet's articles, dates, wire share and boilerplate removed."""
    wire = docs["wire"].notna().sum() if "wire" in docs else 0
    copies = docs["duplicate_of"].notna().sum() if "duplicate_of" in docs else 0
    chars = int((removed["end_char"] - removed["start_char"]).sum()) if len(removed) else 0
    return (heading(source) + f"<p>{plural(len(docs), 'article')}, {escape(date_span(docs['date']))}. "
            f"{wire} credit a news agency ({wire / max(len(docs), 1):.0%}); {copies} are copies of another article "
            f"of the corpus. {plural(len(removed), 'span')} of web boilerplate removed ({chars:,} characters). "
            f"{page.link(mentions, f'All actor mentions in {source}')} actor mentions of "
            f"{plural(mentions['actor_id'].nunique(), 'actor')}. {escape(counting.rule('outlet'))}</p>")


def source_actors(site: Site, page: Page, source: str, mentions: pd.DataFrame, keyness: pd.DataFrame, names: pd.Series,
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
                         f"G² > {G2_SIGNIFICANT}: mentioned more by this outlet than by the others (p < 0.05); "
                         "negative: less. Log ratio: log2 of the ratio of relative frequencies (1 = twice as often)."))


KEYNESS_NOTE = ("Against the other outlets, as each outlet published (copies included). G²: log-likelihood; "
                f"★ G² ≥ {G2_SIGNIFICANT}, p < 0.05. Log ratio: log2 of the ratio of relative frequencies "
                "(1 = twice as often). Per 10,000: words (or actor mentions) of this outlet, of the others.")


def distinctive(keyness: pd.DataFrame, limit: int = 30, min_target: int = 2) -> pd.DataFrame:
    """The rows of a `source_keyness` part over-represented in the outlet (G² > 0), seen at least
    `min_target` times there, highest G² first (`limit` of them)."""
    if keyness.empty:
        return keyness
    found = keyness[(keyness["g2"] > 0) & (keyness["n_target"] >= min_target)]
    return found.sort_values(["g2", "term"], ascending=[False, True], kind="stable").head(limit)


def keyness_cells(row) -> list[str]:
    """The score cells of a keyness row: per 10,000 in the outlet and in the others, G² (starred
    when p < 0.05) and log ratio."""
    star = " ★" if row.g2 >= G2_SIGNIFICANT else ""
    return [f"{row.per_10k_target:.1f}", f"{row.per_10k_reference:.1f}", f"{row.g2:.1f}{star}",
            f"{row.log_ratio:+.2f}"]


def source_words(page: Page, source: str, keyness: pd.DataFrame, words: pd.DataFrame) -> str:
    """The outlet's distinctive words: `keyness` rows (lemmas, from `distinctive`), each count
    linking to the words behind it (`words`: `A.term_rows` of the outlet for those terms)."""
    if keyness.empty:
        return ""
    by_term = dict(tuple(words.groupby("term"))) if len(words) else {}
    body = []
    for row in keyness.itertuples():
        rows = by_term.get(str(row.term).lower(), words.iloc[:0])
        body.append([escape(str(row.term)), page.link(rows, f"“{row.term}” in {source}", str(int(row.n_target))),
                     *keyness_cells(row)])
    return (heading("Distinctive words", 2)
            + table_html(["lemma", "n", "per 10,000", "others per 10,000", "G²", "log ratio"], body, None,
                         (1, 2, 3, 4, 5), KEYNESS_NOTE + " Lemmas, case aside; stop words are not listed.",
                         sortable=True))


def distinctive_actors(site: Site, page: Page, source: str, keyness: pd.DataFrame, mentions: pd.DataFrame,
                       names: pd.Series) -> str:
    """The actors the outlet mentions more than the others do: `keyness` rows (actors, from
    `distinctive`), each count linking to its mentions in the outlet."""
    if keyness.empty:
        return ""
    by_actor = dict(tuple(mentions.groupby("actor_id"))) if len(mentions) else {}
    body = []
    for row in keyness.itertuples():
        name = str(names.get(row.term, row.term))
        rows = by_actor.get(row.term, mentions.iloc[:0])
        body.append([linked(name, site.actor_href(row.term)),
                     page.link(rows, f"{name} in {source}", str(int(row.n_target))), *keyness_cells(row)])
    return (heading("Distinctive actors", 2)
            + table_html(["actor", "mentions", "per 10,000", "others per 10,000", "G²", "log ratio"], body, None,
                         (1, 2, 3, 4, 5), KEYNESS_NOTE + " " + counting.rule("outlet"), sortable=True))


def source_labels(page: Page, source: str, labels: pd.DataFrame, names: pd.Series, limit: int = 30) -> str:
    """The labels this outlet uses for its main actors."""
    if labels.empty:
        return ""
    body = []
    groups = sorted(labels.groupby(["actor_id", "label_norm"]), key=lambda kv: (-len(kv[1]), kv[0]))[:limit]
    for (actor_id, label), group in groups:
        name = str(names.get(actor_id, actor_id))
        body.append([escape(name), escape(label), page.link(group, f"{name} labelled “{label}” in {source}")])
    return heading("Labels it uses", 2) + table_html(["actor", "label", "n"], body, None, (2,))


def source_quoted(page: Page, source: str, said: pd.DataFrame, names: pd.Series) -> str:
    """Whom the outlet quotes: speakers (actors, or unnamed sources) with counts."""
    if said.empty:
        return ""
    who = said["speaker"].map(names).fillna(said["unnamed_speaker"].map({True: "unnamed source", False: "unresolved"}))
    rows = said.assign(speaker=who.to_numpy())
    return heading("Whom it quotes", 2) + page.counts(rows, by="speaker", caption=f"Quotations in {source} by speaker",
                                                      limit=25)


def article_list(site: Site, docs: pd.DataFrame, counts: pd.Series, limit: int = 500) -> str:
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
