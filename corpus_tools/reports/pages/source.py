"""The source page's sections: an outlet's articles, dates, wire share and boilerplate removed,
its distinctive words, its actors (its most mentioned and its distinctive ones; G², log ratio
against the other outlets; each count linked to its sentences), the labels it uses, whom it quotes,
its articles.

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
    g2 = row.g2 if abs(row.g2) >= 0.05 else 0.0          # never "-0.0"
    return [f"{row.per_10k_target:.1f}", f"{row.per_10k_reference:.1f}", f"{g2:.1f}{star}",
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


def source_actors(site: Site, page: Page, source: str, mentions: pd.DataFrame, keyness: pd.DataFrame, names: pd.Series,
                  limit: int = 25) -> str:
    """The outlet's actors in one table: its `limit` most mentioned, and those it mentions
    significantly more than the other outlets do (`distinctive`), each with its counts against the
    others (`keyness`: the build's `source_keyness` rows for actors) and each count linked to its
    mentions in the outlet."""
    if mentions.empty:
        return ""
    by_actor = dict(tuple(mentions.groupby("actor_id")))
    scores = keyness.set_index("term") if len(keyness) else None
    top = sorted(by_actor, key=lambda a: (-len(by_actor[a]), a))[:limit]
    more = [a for a in distinctive(keyness)["term"] if a in by_actor and a not in top] if len(keyness) else []
    body = []
    for actor_id in top + more:
        name = str(names.get(actor_id, actor_id))
        cells = keyness_cells(scores.loc[actor_id]) if scores is not None and actor_id in scores.index else [""] * 4
        body.append([linked(name, site.actor_href(actor_id)), page.link(by_actor[actor_id], f"{name} in {source}"),
                     *cells])
    note = (f"The {limit} most mentioned, then any other this outlet mentions more than the others do (G² > 0, "
            "twice or more). " + KEYNESS_NOTE + " " + counting.rule("outlet"))
    return (heading("Actors, against the other outlets", 2)
            + table_html(["actor", "mentions", "per 10,000", "others per 10,000", "G²", "log ratio"], body, None,
                         (1, 2, 3, 4, 5), note, sortable=True))


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
