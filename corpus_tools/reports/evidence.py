"""Evidence: every count a report shows links to the sentences behind it.

A `Page` collects, while a report draws its tables, the rows each count stands for (doc_id,
sent_idx and, where a mention or a quotation is meant, its character offsets); `Page.evidence`
then renders one list per count: source · date (or "s.d.") · title (a link to the document's
page, when it has one) · the sentence with the counted words marked.  A count links to its list
by anchor; the shared script (`templates/reports.js`) opens a list when its link is followed.

>>> page = Page()
>>> rows = pd.DataFrame({"source": ["A", "A", "B"], "doc_id": ["d1", "d2", "d3"], "sent_idx": [0, 3, 1]})
>>> 'href="#ev-' in page.counts(rows, by="source", caption="Mentions")
True
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from html import escape

import pandas as pd

from .render import plural, table_html

EVIDENCE_KEYS = ["doc_id", "sent_idx"]
MAX_LINES = 40          # sentences shown per count; the rest are counted, not listed


class Page:
    """The evidence of one report page.

    `corpus` gives the sentences and documents behind the rows (read once, for the documents the
    page cites); `document_href(doc_id)` is the link to a document's page, or None when it has
    none; `root` is the relative path from the page to the reports folder."""

    def __init__(self, corpus=None, document_href: Callable[[str], str | None] | None = None):
        self.corpus = corpus
        self.document_href = document_href or (lambda doc_id: None)
        self._evidence: dict[str, tuple[str, pd.DataFrame]] = {}

    # ------------------------------------------------------------ counts that link
    def counts(self, rows: pd.DataFrame, by: str | list[str], caption: str, count_label: str = "n",
               limit: int | None = None, labels: dict[str, str] | None = None) -> str:
        """A table counting `rows` (one per observation, with doc_id and sent_idx) per `by`, most
        frequent first; each count links to the sentences it counts.  Empty rows: no table."""
        by = [by] if isinstance(by, str) else list(by)
        if rows.empty:
            return ""
        groups = sorted(rows.groupby(by, dropna=False, sort=False), key=lambda kv: (-len(kv[1]), str(kv[0])))
        shown = groups[:limit] if limit else groups
        header = [labels.get(c, c) if labels else c for c in by] + [count_label]
        body = []
        for key, group in shown:
            key = key if isinstance(key, tuple) else (key,)
            title = f"{caption}: {' / '.join(str(k) for k in key)}"
            body.append([escape(str(k)) for k in key] + [self.link(group, title)])
        note = f"{len(groups) - len(shown)} more not shown" if len(groups) > len(shown) else ""
        return table_html(header, body, caption, numeric=[len(by)], note=note)

    def link(self, rows: pd.DataFrame, title: str, text: str | None = None) -> str:
        """`text` (default: the number of rows) as a link to the sentences of `rows`."""
        anchor = self.register(title, rows)
        return f'<a href="#{anchor}">{escape(text if text is not None else str(len(rows)))}</a>'

    def register(self, title: str, rows: pd.DataFrame) -> str:
        """Keep `rows` as the evidence of `title` (read when the lists are drawn); its anchor."""
        anchor = "ev-" + hashlib.sha1(title.encode("utf-8")).hexdigest()[:12]
        self._evidence[anchor] = (title, rows)
        return anchor

    # ------------------------------------------------------------ the lists
    def evidence(self, max_lines: int = MAX_LINES) -> str:
        """The sentences behind every count drawn so far, one closed list per count."""
        if not self._evidence:
            return ""
        keys = {anchor: evidence_keys(rows) for anchor, (_, rows) in self._evidence.items()}
        lines = self.lines([k for found in keys.values() for k in found[:max_lines]])
        blocks = ['<h2 id="evidence">Sentences behind the counts</h2>']
        for anchor, (title, _) in self._evidence.items():
            found = keys[anchor]
            n_sentences = len({k[:2] for k in found})
            items = "".join(lines[k] for k in found[:max_lines])
            more = len(found) - max_lines
            tail = f'<p class="more">… and {more} more not listed.</p>' if more > 0 else ""
            blocks.append(f'<details class="evidence" id="{anchor}"><summary>{escape(title)} '
                          f'({plural(n_sentences, "sentence")})</summary><ol>{items}</ol>{tail}</details>')
        return "\n".join(blocks)

    def lines(self, keys: list[tuple]) -> dict[tuple, str]:
        """key -> its evidence line (the sentences and documents of all keys read at once)."""
        keys = list(dict.fromkeys(keys))
        if self.corpus is None or not keys:
            return {k: f'<li class="ev"><span class="src">source inconnue</span> · <span class="date">s.d.</span> · '
                       f'{escape(str(k[0]))} #{k[1]}</li>' for k in keys}
        wanted = pd.DataFrame(keys, columns=["doc_id", "sent_idx", "mark_start", "mark_end"])
        sub = self.corpus.restrict(wanted["doc_id"].unique(), [])
        sentences = sub.read("sentences", ["doc_id", "sent_idx", "start_char", "text"])
        docs = sub.read("documents", ["doc_id", "source", "date", "title"])
        rows = wanted.merge(sentences, on=EVIDENCE_KEYS, how="left").merge(docs, on="doc_id", how="left")
        hrefs = {d: self.document_href(d) for d in rows["doc_id"].unique()}
        return {key: evidence_line(source, date, title, key, text, start, hrefs[key[0]])
                for key, source, date, title, text, start in zip(
                    keys, rows["source"], rows["date"], rows["title"], rows["text"], rows["start_char"])}


def evidence_keys(rows: pd.DataFrame) -> list[tuple]:
    """One key per distinct evidence row: doc_id, sent_idx and the marked span (or -1, -1)."""
    n = len(rows)
    starts = rows["start_char"].fillna(-1).astype(int).tolist() if "start_char" in rows else [-1] * n
    ends = rows["end_char"].fillna(-1).astype(int).tolist() if "end_char" in rows else [-1] * n
    return list(dict.fromkeys(zip(rows["doc_id"].tolist(), rows["sent_idx"].astype(int).tolist(), starts, ends)))


def evidence_line(source, date, title, key: tuple, text, offset, href: str | None) -> str:
    """One evidence item: source · date · title · the sentence with the key's span marked."""
    doc_id, sent_idx, start, end = key
    source = escape(str(source)) if isinstance(source, str) and source else "source inconnue"
    date = escape(str(date)) if isinstance(date, str) and date else "s.d."
    title_html = escape(str(title) if isinstance(title, str) and title.strip() else doc_id)
    if href:
        title_html = f'<a class="doc" href="{escape(href)}#s{sent_idx}">{title_html}</a>'
    sentence = marked(text, int(offset), start, end) if isinstance(text, str) else ""
    return (f'<li class="ev"><span class="src">{source}</span> · <span class="date">{date}</span> · '
            f'<span class="doc-title">{title_html}</span><br><q>{sentence}</q></li>')


def marked(text: str, offset: int, start: int, end: int) -> str:
    """The sentence `text` (starting at document offset `offset`), escaped, with `start:end` in <mark>.

    >>> marked("Le maréchal Haftar a dit <non>.", 100, 112, 118)
    'Le maréchal <mark>Haftar</mark> a dit &lt;non&gt;.'
    """
    a, b = max(start - offset, 0), min(end - offset, len(text))   # a quotation may run past its sentence
    if start < 0 or a >= b:
        return escape(text)
    return f"{escape(text[:a])}<mark>{escape(text[a:b])}</mark>{escape(text[b:])}"
