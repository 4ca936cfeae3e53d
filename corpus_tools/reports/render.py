"""HTML building blocks of report pages: escaped headings, links and tables, the page skeleton, the allowlist.

All text goes through `html.escape`; and since a notebook may still paste data into HTML by
hand, every HTML output of an executed report passes through an allowlist of tags and
attributes (`sanitize`: no script, no event handler, no javascript: link) before it is written.
Tables are designed for reading: text left-aligned, numbers right-aligned (`class="num"`), no
table at all when there is nothing to show.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from html import escape
from pathlib import Path

import pandas as pd

# What report outputs may contain: tables, text structure, evidence lists, links.  Figures are image
# outputs (`cells.image_html`), never HTML: no img tag passes.
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "br", "caption", "code", "col", "colgroup", "dd", "details", "div", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "mark", "ol", "p", "pre", "q",
    "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul"})
ALLOWED_ATTRIBUTES = {"*": {"class", "id", "title", "lang"}, "a": {"href"}, "td": {"colspan", "rowspan"},
                      "th": {"colspan", "rowspan", "scope"}, "details": {"open"}, "ol": {"start"}}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
# Every page is our own skeleton (templates/page.html.j2) around its content: one shared
# stylesheet and one small shared script (sorting tables, opening evidence), nothing from a CDN.
TEMPLATES = Path(__file__).with_name("templates")
ASSETS = ("style.css", "reports.js")


def heading(text: str, level: int = 1, anchor: str | None = None) -> str:
    """An escaped heading (with an id when `anchor` is given)."""
    ident = f' id="{escape(anchor)}"' if anchor else ""
    return f"<h{level}{ident}>{escape(text)}</h{level}>"


def linked(text: str, href: str | None) -> str:
    """`text`, escaped, as a link when `href` is given.

    >>> linked("A & B", "a.html#s1"), linked("A & B", None)
    ('<a href="a.html#s1">A &amp; B</a>', 'A &amp; B')
    """
    return f'<a href="{escape(href)}">{escape(text)}</a>' if href else escape(text)


def paragraph(text: str) -> str:
    """An escaped paragraph."""
    return f"<p>{escape(text)}</p>"


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 source', '3 sources' ('1 article', '0 articles').

    >>> plural(1, "source"), plural(3, "source"), plural(2, "pays", "pays")
    ('1 source', '3 sources', '2 pays')
    """
    return f"{n} {word if n == 1 else (many or word + 's')}"


def date_span(dates: pd.Series) -> str:
    """The range of the dated documents' dates (ISO text), and how many documents are undated.

    >>> date_span(pd.Series(["2020-05-17", None, "2020-05-14", None]))
    'from 2020-05-14 to 2020-05-17 (2 of 4 documents undated)'
    >>> date_span(pd.Series(["2020-05-14", None])), date_span(pd.Series([None]))
    ('on 2020-05-14 (1 of 2 documents undated)', 'undated (1 document)')
    """
    dated = dates.dropna().sort_values()
    undated = len(dates) - len(dated)
    if dated.empty:
        return f"undated ({plural(len(dates), 'document')})"
    span = f"on {dated.iloc[0]}" if dated.iloc[0] == dated.iloc[-1] else f"from {dated.iloc[0]} to {dated.iloc[-1]}"
    return span + (f" ({undated} of {plural(len(dates), 'document')} undated)" if undated else "")


def table_html(header: list[str], rows: Iterable[list[str]], caption: str | None = None,
               numeric: Iterable[int] = (), note: str = "", sortable: bool = False) -> str:
    """A table from cells that are already HTML (escaped by the caller); columns at `numeric`
    positions right-aligned; `note` under it.  No rows: no table (an empty string)."""
    rows = list(rows)
    if not rows:
        return ""
    numeric = set(numeric)
    cls = lambda i: ' class="num"' if i in numeric else ""   # noqa: E731 -- one attribute, two uses
    head = "".join(f'<th scope="col"{cls(i)}>{escape(h)}</th>' for i, h in enumerate(header))
    body = "".join("<tr>" + "".join(f"<td{cls(i)}>{c}</td>" for i, c in enumerate(r)) + "</tr>" for r in rows)
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    tail = f'<p class="note">{escape(note)}</p>' if note else ""
    kind = ' class="sortable"' if sortable else ""
    return f"<table{kind}>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{tail}"


def table(df: pd.DataFrame, caption: str | None = None, max_rows: int = 50,
          links: dict[str, pd.Series] | None = None, sortable: bool = False) -> str:
    """An escaped table of `df` (at most `max_rows` rows, the rest counted under it): numbers
    right-aligned, missing values blank, lists joined; `links` maps a column to the href of each
    row's cell (None: no link).  An empty frame gives no table."""
    if df.empty:
        return ""
    shown = df.head(max_rows)
    numeric = [i for i, c in enumerate(shown.columns) if pd.api.types.is_numeric_dtype(shown[c])
               and not pd.api.types.is_bool_dtype(shown[c])]
    rows = []
    for position, (_, row) in enumerate(shown.iterrows()):
        cells = []
        for column in shown.columns:
            text = escape(cell_text(row[column]))
            href = links[column].iloc[position] if links and column in links else None
            cells.append(f'<a href="{escape(href)}">{text}</a>' if href else text)
        rows.append(cells)
    note = f"{len(df) - max_rows} more rows not shown" if len(df) > max_rows else ""
    return table_html([str(c) for c in shown.columns], rows, caption, numeric, note, sortable)


def cell_text(value) -> str:
    """A table cell's text: blank for missing values, lists joined, floats rounded.

    >>> cell_text(None), cell_text(["a", "b"]), cell_text(0.123456), cell_text(3)
    ('', 'a, b', '0.123', '3')
    """
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist") and not isinstance(value, str):
        return ", ".join(map(str, list(value)))
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def sanitize(html: str) -> str:
    """`html` with every tag or attribute outside the allowlist escaped or dropped.

    Disallowed tags are dropped with their content when they hold code (script, style), else
    replaced by their text (nh3, the maintained successor of bleach).

    >>> sanitize('<p onclick="x()">A &amp; B<script>alert(1)</script> <a href="javascript:x()">C</a></p>')
    '<p>A &amp; B <a>C</a></p>'
    """
    import nh3
    return nh3.clean(html, tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES, url_schemes=set(ALLOWED_PROTOCOLS),
                     strip_comments=True, link_rel=None)


@lru_cache(maxsize=1)
def page_template():
    """The page skeleton (templates/page.html.j2), with HTML escaping of everything but the body."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html", "j2"]))
    return env.get_template("page.html.j2")


def page_html(title: str, body: str, depth: int = 0, kind: str = "") -> str:
    """A whole report page: `body` (sanitised HTML) in the skeleton, links `depth` folders up to the root.

    >>> "<title>A &amp; B</title>" in page_html("A & B", "<p>x</p>")
    True
    """
    from markupsafe import Markup
    return page_template().render(title=title, body=Markup(body), root="../" * depth, kind=kind)


def asset(name: str) -> bytes:
    """A file every page links to (the stylesheet, the script)."""
    return (TEMPLATES / name).read_bytes()
