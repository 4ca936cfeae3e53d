"""HTML building blocks for report notebooks: escaped tables whose counts link to evidence.

Every count a report shows is a link to the list of sentences behind it, so
a reader can check any number.  All text goes through `html.escape`; and
since a notebook may still paste data into HTML by hand, `sanitize_outputs`
passes every HTML output of an executed report through an allowlist of tags
and attributes (no script, no event handler, no javascript: link) before export.

>>> page = Page()
>>> rows = pd.DataFrame({"source": ["A", "A", "B"], "doc_id": ["d1", "d2", "d3"],
...                      "sent_idx": [0, 3, 1]})
>>> "href=\\"#ev-" in page.counts(rows, by="source", caption="Mentions")
True
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from html import escape
from pathlib import Path

import pandas as pd

# What report outputs may contain: tables, text structure, evidence lists, in-page links.
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "br", "caption", "code", "col", "colgroup", "dd", "details", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"})
ALLOWED_ATTRIBUTES = {"*": {"class", "id", "title"}, "a": {"href"}, "td": {"colspan", "rowspan"},
                      "th": {"colspan", "rowspan"}, "details": {"open"}, "ol": {"start"}, "table": {"border"}}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
# Every page is our own skeleton (templates/page.html.j2: one shared stylesheet, a header) around
# the notebook's outputs exported with nbconvert's "basic" template (no styles, no scripts: reports
# are static and load nothing from a CDN; no MathJax to typeset '$...$' in names and quotes).
TEMPLATES = Path(__file__).with_name("templates")
STYLESHEET = "style.css"
# Output types kept in an executed report; others (JavaScript, raw Markdown...) are dropped.
SAFE_MIMETYPES = ("text/html", "text/plain", "image/png", "image/jpeg", "image/svg+xml")

EVIDENCE_COLUMNS = ["doc_id", "sent_idx"]


_CORPORA: dict[tuple, object] = {}


def shared_corpus(build_dir: str | Path):
    """The tables of a build, read once per kernel: report pages run one after another in the same
    kernel (`engine`), and those drawn from the same build share what they loaded.  A rebuild (new
    tables folder, new manifest) gives a new corpus."""
    from ..store import TABLES_DIR, load, read_manifest
    out = Path(build_dir).resolve()
    tables = out / TABLES_DIR
    key = (str(out), read_manifest(out).get("fingerprint"), tables.stat().st_ino, tables.stat().st_mtime_ns)
    if key not in _CORPORA:
        _CORPORA.clear()   # one build at a time: the previous build's tables are not needed any more
        _CORPORA[key] = load(out)
    return _CORPORA[key]


class Page:
    """Collects evidence while tables are drawn, then renders it once at the end."""

    def __init__(self, sentences: pd.DataFrame | None = None, documents: pd.DataFrame | None = None):
        self.sentences = sentences
        self.documents = documents
        self._evidence: dict[str, tuple[str, pd.DataFrame]] = {}

    def counts(self, rows: pd.DataFrame, by: str | list[str], caption: str,
               count_label: str = "n", limit: int | None = None) -> str:
        """Count `rows` (one row per observation, with doc_id and sent_idx) per `by`.

        Each count links to the sentences of the observations it counts.
        """
        by = [by] if isinstance(by, str) else list(by)
        if rows.empty:
            return f"<p><em>{escape(caption)}: none.</em></p>"
        groups = sorted(rows.groupby(by, dropna=False, sort=False), key=lambda kv: (-len(kv[1]), str(kv[0])))
        if limit:
            groups = groups[:limit]
        head = "".join(f"<th>{escape(str(c))}</th>" for c in by) + f"<th>{escape(count_label)}</th>"
        body = []
        for key, group in groups:
            key = key if isinstance(key, tuple) else (key,)
            label = " / ".join(str(k) for k in key)
            anchor = self._register(f"{caption}: {label}", group)
            cells = "".join(f"<td>{escape(str(k))}</td>" for k in key)
            body.append(f"<tr>{cells}<td><a href=\"#{anchor}\">{len(group)}</a></td></tr>")
        return (f"<table class=\"counts\"><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
                f"<tbody>{''.join(body)}</tbody></table>")

    def evidence_link(self, rows: pd.DataFrame, title: str, text: str | None = None) -> str:
        """A single count (or `text`) linking to the sentences of `rows`."""
        anchor = self._register(title, rows)
        return f"<a href=\"#{anchor}\">{escape(text if text is not None else str(len(rows)))}</a>"

    def _register(self, title: str, rows: pd.DataFrame) -> str:
        anchor = "ev-" + hashlib.sha1(title.encode("utf-8")).hexdigest()[:12]
        self._evidence[anchor] = (title, rows[EVIDENCE_COLUMNS].drop_duplicates())
        return anchor

    def evidence(self, max_sentences: int = 200) -> str:
        """The sentences behind every count drawn so far, one block per count."""
        if not self._evidence:
            return ""
        blocks = ["<h2>Evidence</h2>"]
        for anchor, (title, rows) in self._evidence.items():
            items = self._sentences(rows.head(max_sentences))
            more = len(rows) - max_sentences
            tail = f"<p><em>and {more} more sentences</em></p>" if more > 0 else ""
            blocks.append(f"<details id=\"{anchor}\"><summary>{escape(title)} ({len(rows)} sentences)</summary>"
                          f"<ol>{items}</ol>{tail}</details>")
        return "\n".join(blocks)

    def _sentences(self, rows: pd.DataFrame) -> str:
        if self.sentences is None:
            return "".join(f"<li>{escape(str(r.doc_id))} #{int(r.sent_idx)}</li>" for r in rows.itertuples())
        merged = rows.merge(self.sentences[["doc_id", "sent_idx", "text"]], on=EVIDENCE_COLUMNS, how="left")
        if self.documents is not None:
            merged = merged.merge(self.documents[["doc_id", "source", "date"]], on="doc_id", how="left")
        items = []
        for r in merged.itertuples():
            where = f"{r.doc_id} #{int(r.sent_idx)}"
            if self.documents is not None:
                where = f"{r.source}, {r.date or 's.d.'}, {where}"
            items.append(f"<li><span class=\"where\">{escape(where)}</span>: {escape(str(r.text))}</li>")
        return "".join(items)


def table(df: pd.DataFrame, caption: str | None = None, max_rows: int = 50) -> str:
    """An escaped HTML table of `df` (at most `max_rows` rows)."""
    html = df.head(max_rows).to_html(index=False, escape=True, border=0, na_rep="")
    if caption:
        html = html.replace("<table", "<table class=\"plain\"", 1).replace(
            "<thead>", f"<caption>{escape(caption)}</caption><thead>", 1)
    return html


def heading(text: str, level: int = 1) -> str:
    """An escaped heading."""
    return f"<h{level}>{escape(text)}</h{level}>"


def plural(n: int, word: str) -> str:
    """'1 source', '3 sources'.

    >>> plural(1, "source"), plural(3, "source")
    ('1 source', '3 sources')
    """
    return f"{n} {word}{'' if n == 1 else 's'}"


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


def paragraph(text: str) -> str:
    """An escaped paragraph."""
    return f"<p>{escape(text)}</p>"


def setup_figures() -> None:
    """Matplotlib settings for reports: no TeX parsing of names ('$' is plain text), stable output."""
    import matplotlib
    matplotlib.rcParams.update({"text.parse_math": False, "text.usetex": False,
                                "figure.dpi": 100, "svg.hashsalt": "corpus_tools",
                                "figure.figsize": (8, 3.5)})


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
def page_exporter():
    """An nbconvert exporter for the content of report pages: outputs only, no code, no prompts, no
    styles (one per process)."""
    from nbconvert import HTMLExporter
    return HTMLExporter(template_name="basic", exclude_input=True, exclude_input_prompt=True,
                        exclude_output_prompt=True)


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


def stylesheet() -> bytes:
    """The shared stylesheet every page links to."""
    return (TEMPLATES / STYLESHEET).read_bytes()


def sanitize_outputs(nb) -> None:
    """Make an executed notebook fit to publish, in place.

    HTML outputs are sanitised, unsafe output types dropped, and so are stderr
    streams (library warnings: noise to a reader, and they hold process ids
    that would make every rendering differ); papermill's parameter cell gets a
    fixed id for the same reason.
    """
    for cell in nb.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = "injected-parameters"
        outputs = cell.get("outputs", [])
        outputs[:] = [o for o in outputs if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
        for output in outputs:
            data = output.get("data")
            if not data:
                continue
            for mimetype in [m for m in data if m not in SAFE_MIMETYPES]:
                del data[mimetype]
            if "text/html" in data:
                html = data["text/html"]
                data["text/html"] = sanitize("".join(html) if isinstance(html, list) else html)
