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
MARK = ("start_char", "end_char")   # the columns of a row's words to mark in its sentence
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

    def link(self, rows: pd.DataFrame, title: str, text: str | None = None, mark: tuple[str, str] = MARK) -> str:
        """`text` (default: the number of rows) as a link to the sentences of `rows`, the words
        between the `mark` columns' offsets marked."""
        anchor = self.register(title, rows, mark)
        return f'<a href="#{anchor}">{escape(text if text is not None else str(len(rows)))}</a>'

    def register(self, title: str, rows: pd.DataFrame, mark: tuple[str, str] = MARK) -> str:
        """Keep `rows` as the evidence of `title` (read when the lists are drawn); its anchor."""
        anchor = "ev-" + hashlib.sha1(title.encode("utf-8")).hexdigest()[:12]
        self._evidence[anchor] = (title, rows, mark)
        return anchor

    # ------------------------------------------------------------ the lists
    def evidence(self, max_lines: int = MAX_LINES) -> str:
        """The sentences behind every count drawn so far, one closed list per count."""
        if not self._evidence:
            return ""
        keys = {anchor: evidence_keys(rows, mark) for anchor, (_, rows, mark) in self._evidence.items()}
        lines = self.lines([k for found in keys.values() for k in found[:max_lines]])
        blocks = ['<h2 id="evidence">Sentences behind the counts</h2>']
        for anchor, (title, *_) in self._evidence.items():
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
        sentences, docs = lookups(self.corpus, sorted({k[0] for k in keys}))
        hrefs = {d: self.document_href(d) for d in {k[0] for k in keys}}
        out = {}
        for key in keys:
            offset, text = sentences.get(key[:2], (0, None))
            source, date, title = docs.get(key[0], (None, None, None))
            out[key] = evidence_line(source, date, title, key, text, offset, hrefs[key[0]])
        return out


def lookups(corpus, doc_ids: list[str]) -> tuple[dict, dict]:
    """{(doc_id, sent_idx): (start_char, text)} and {doc_id: (source, date, title)} for `doc_ids`:
    for the whole corpus once (kept with it) when it is small enough to hold, else read for these."""
    small = corpus.memo("evidence lookups", lambda: read_lookups(corpus) if sentence_rows(corpus) <= MAX_HELD
                        else None)
    return small if small is not None else read_lookups(corpus.restrict(doc_ids, []))


MAX_HELD = 2_000_000   # sentences whose text a report kernel keeps in a dictionary


def sentence_rows(corpus) -> int:
    """Rows of the sentences table (from the file's metadata)."""
    import pyarrow.parquet as pq
    return pq.ParquetFile(corpus.path("sentences")).metadata.num_rows


def read_lookups(corpus) -> tuple[dict, dict]:
    """The lookups of `lookups` for every document of `corpus`."""
    sentences = corpus.read("sentences", ["doc_id", "sent_idx", "start_char", "text"])
    docs = corpus.read("documents", ["doc_id", "source", "date", "title"])
    return ({(d, int(i)): (int(s), t) for d, i, s, t in zip(sentences["doc_id"], sentences["sent_idx"],
                                                            sentences["start_char"], sentences["text"])},
            {d: (s, dt, t) for d, s, dt, t in zip(docs["doc_id"], docs["source"], docs["date"], docs["title"])})


def evidence_keys(rows: pd.DataFrame, mark: tuple[str, str] = MARK) -> list[tuple]:
    """One key per distinct evidence row: doc_id, sent_idx and the marked span (or -1, -1)."""
    n = len(rows)
    starts = offsets(rows[mark[0]]) if mark[0] in rows else [-1] * n
    ends = offsets(rows[mark[1]]) if mark[1] in rows else [-1] * n
    return list(dict.fromkeys(zip(rows["doc_id"].tolist(), map(int, rows["sent_idx"].tolist()), starts, ends)))


def offsets(column: pd.Series) -> list[int]:
    """Character offsets as ints, -1 for a missing one."""
    return [-1 if v is None or v != v else int(v) for v in column.tolist()]


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
