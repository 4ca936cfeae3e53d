"""Hostile text: names, sources, dates and article text that try to inject HTML or escape the reports folder.

Reports must show such text as text (a parser of the page finds no injected
element or attribute), papermill must carry it into the notebooks unchanged,
and file names made from it must stay inside the reports folder.
"""
from __future__ import annotations

import json
import re
import unicodedata
from html.parser import HTMLParser

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corpus_tools as ct
from corpus_tools.pipeline import BuildConfig, build
from corpus_tools.reports import PageRules, render_reports, slugify
from corpus_tools.reports.evidence import Page
from corpus_tools.reports.render import heading, paragraph, sanitize, table
from corpus_tools.schema import arrow_schema
from corpus_tools.storage.tables import write_table

MARK = "ct-xss"
PAYLOADS = [
    f"<script>alert('{MARK}-1')</script>",
    f"\"><img src=x onerror=alert('{MARK}-2')>",
    f"</title><script>alert('{MARK}-3')</script>",
    f"<a href=\"javascript:alert('{MARK}-4')\">x</a>",
    f"'><svg onload=alert('{MARK}-5')>",
    f"<!-- {MARK}-6 --><style>body{{display:none}}</style>",
    f"{{{{{MARK}-7}}}} $x^2$ \\(y\\) \\ \\\\ \" ' \u200f\u202e\n\r\t",
]
HOSTILE_SOURCE = f"Le \"Monde\" \\ {PAYLOADS[0]}\nl'\u200fédition"
SOURCES = [HOSTILE_SOURCE, "../../etc/passwd", "CON", "L" + "a" * 299]
HOSTILE_ID = f"../../{PAYLOADS[1]}\\\n\u200f"
HOSTILE_NAME = f"Jens {PAYLOADS[2]} \"Stoltenberg\" \u200f$x$"
ARTICLE = ("Le secrétaire général de l'OTAN, Jens Stoltenberg, a rencontré le président Emmanuel Macron à Paris. "
           "Jens Stoltenberg a déclaré que l'Alliance soutenait la Turquie. "
           "Le message « {payload} » a circulé sur les réseaux sociaux, selon l'OTAN. "
           "Emmanuel Macron a répondu à Jens Stoltenberg depuis l'Élysée.")


class Page_(HTMLParser):
    """Every element, attribute and text node of a page."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.data: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.data.append(data)

    @property
    def text(self) -> str:
        return "".join(self.data)


TEXT_ATTRIBUTES = {"alt", "title"}   # escaped text a reader sees (an actor's name in a figure's alt text)


def assert_nothing_injected(html: str) -> Page_:
    page = Page_(html)
    assert html.count("<script") <= 1             # at most the skeleton's own script
    for tag, attrs in page.tags:
        if tag == "script":                       # the shared script of every page, from the reports folder
            assert set(attrs) <= {"src", "defer"} and re.fullmatch(r"(\.\./)*reports\.js", attrs["src"]), attrs
            continue
        assert tag not in {"script", "iframe", "object", "embed", "svg", "frame", "base", "form"}, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name not in TEXT_ATTRIBUTES:
                assert "alert(" not in (value or "") and "<" not in (value or ""), (tag, name, value)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name, value)
    return page


# --- file names -------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text())
def test_any_name_gives_a_safe_stable_slug(name):
    slug = slugify(name)
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug) and len(slug) <= 69
    assert slug == slugify(name)


@pytest.mark.parametrize("name", ["../../etc/passwd", "..", ".", "/", "CON", "con.html", "NUL", "a/b\\c",
                                  "x" * 300, "\0", "", " ", "\u202e\u200f", "Ünïcödé " * 40])
def test_slugs_stay_inside_the_reports_folder(name, tmp_path):
    page = tmp_path / "actors" / f"{slugify(name)}.html"
    assert page.resolve().parent == (tmp_path / "actors").resolve()
    page.parent.mkdir(exist_ok=True)
    page.write_text("ok", encoding="utf-8")   # a legal file name on this system
    assert [p.name for p in (tmp_path / "actors").iterdir()] == [page.name]


def test_names_differing_by_case_or_accent_get_distinct_slugs():
    variants = ["Libération", "Liberation", "liberation", "LIBÉRATION", unicodedata.normalize("NFD", "Libération"),
                "Erdoğan", "Erdogan", "Al-Sarraj", "Al Sarraj", "al-sarraj"]
    slugs = [slugify(v) for v in variants]
    assert len(set(slugs)) == len(variants)
    assert slugify("Recep Tayyip Erdoğan") == "recep-tayyip-erdogan-026ffff1"   # stable across runs and machines


# --- HTML helpers -----------------------------------------------------------------------------

@pytest.mark.parametrize("payload", PAYLOADS)
def test_render_helpers_escape_everything(payload, tmp_path):
    rows = pd.DataFrame({"source": [payload, payload, "b"], "doc_id": [payload, "d2", "d3"], "sent_idx": [0, 1, 2],
                         "start_char": [9, 0, 0], "end_char": [12, 3, 4]})
    sentences = pd.DataFrame({"doc_id": [payload, "d2", "d3"], "sent_idx": [0, 1, 2], "start_char": [0, 0, 0],
                              "end_char": [len(payload) + 10, len(payload), 5],
                              "text": [f"Il a dit {payload}.", payload, "Rien."]})
    documents = pd.DataFrame({"doc_id": [payload, "d2", "d3"], "source": [payload] * 3,
                              "date": [payload, None, "2020-01-01"], "title": [payload, None, "t"]})
    (tmp_path / "tables").mkdir()
    write_table(sentences, tmp_path / "tables" / "sentences.parquet")
    write_table(documents, tmp_path / "tables" / "documents.parquet")
    page = Page(ct.load(tmp_path), lambda doc_id: f"../documents/{slugify(doc_id)}.html")
    html = (heading(payload) + paragraph(payload) + page.counts(rows, by="source", caption=payload)
            + page.link(rows, payload, payload) + table(rows, caption=payload) + page.evidence())
    parsed = assert_nothing_injected(html)
    assert {t for t, _ in parsed.tags} <= {"h1", "p", "table", "caption", "thead", "tbody", "tr", "th", "td", "a",
                                           "h2", "details", "summary", "ol", "li", "span", "em", "mark", "q", "br"}
    assert parsed.text.count(payload) >= 5       # shown as text, not dropped
    newlines = lambda text: text.replace("\r\n", "\n").replace("\r", "\n")  # noqa: E731 (as any HTML parser does)
    # sanitising keeps what is safe
    assert newlines(assert_nothing_injected(sanitize(html)).text) == newlines(parsed.text)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitize_disarms_raw_html(payload):
    parsed = assert_nothing_injected(sanitize(f"<p>{payload}</p><table><tr><td>{payload}</td></tr></table>"))
    assert all(tag in {"p", "table", "tbody", "tr", "td", "a"} for tag, _ in parsed.tags)


# --- end to end: build, render, parse every page ---------------------------------------------

@pytest.fixture(scope="module")
def hostile_reports(tmp_path_factory, models_dir):
    root = tmp_path_factory.mktemp("hostile")
    corpus, out, reports = root / "corpus", root / "build", root / "reports"
    corpus.mkdir()
    rows = [{"id": f"{PAYLOADS[n]}-{n}", "source": source, "title": PAYLOADS[n + 2], "date": PAYLOADS[n + 1],
             "text": ARTICLE.format(payload=PAYLOADS[n + 3])} for n, source in enumerate(SOURCES)]
    (corpus / "hostile.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    build(BuildConfig(corpus=corpus, out=out, models_dir=models_dir, progress=False))
    # What if the NLP stage or the linker gave an actor a hostile id and name?  Rewrite the top actor.
    c = ct.load(out)
    top = c.actors["actor_id"].iloc[0]
    actors = c.actors.copy()
    actors.loc[0, ["actor_id", "name"]] = [HOSTILE_ID, HOSTILE_NAME]
    actors.at[0, "aliases"] = [HOSTILE_NAME, PAYLOADS[4], PAYLOADS[6]]
    write_table(actors, out / "tables" / "actors.parquet")
    write_table(c.mentions.replace({"actor_id": {top: HOSTILE_ID}}), out / "tables" / "mentions.parquet")
    write_table(c.merges.replace({"actor_id": {top: HOSTILE_ID}}), out / "tables" / "merges.parquet")
    for table_name in ("cooccurrences", "labels", "agency", "quotes", "actor_pairs"):
        frame = c[table_name]
        renamed = {col: {top: HOSTILE_ID} for col in ("actor_id", "actor_a", "actor_b", "speaker") if col in frame}
        write_table(frame.replace(renamed), out / "tables" / f"{table_name}.parquet", arrow_schema(table_name))
    rules = PageRules(min_mentions=int(actors["n_mentions"].iloc[0]), min_documents=1)
    result = render_reports(out, reports, rules, progress=False)
    return reports, result


def test_every_hostile_page_renders(hostile_reports):
    reports, result = hostile_reports
    assert not result.failed, result.failed
    pages = {p.relative_to(reports).as_posix() for p in reports.rglob("*.html")}
    assert len([p for p in pages if p.startswith("sources/")]) == len(SOURCES)
    assert any(p.startswith("actors/") for p in pages)


def test_pages_stay_inside_the_reports_folder(hostile_reports):
    reports, _ = hostile_reports
    for path in reports.rglob("*"):
        assert path.resolve().is_relative_to(reports.resolve())
        if path.suffix == ".html":
            assert re.fullmatch(r"[a-z0-9-]+\.html", path.name), path.name
    assert not (reports.parent / "etc").exists() and not (reports / "etc").exists()


def test_no_page_has_an_injected_element_or_attribute(hostile_reports):
    reports, _ = hostile_reports
    for path in reports.rglob("*.html"):
        assert_nothing_injected(path.read_text(encoding="utf-8"))


def test_hostile_text_is_shown_as_text(hostile_reports):
    reports, _ = hostile_reports
    sources = [Page_(p.read_text(encoding="utf-8")).text for p in (reports / "sources").glob("*.html")]
    hostile = [text for text in sources if PAYLOADS[0] in text]
    assert len(hostile) == 1
    # papermill carried the exact name (quotes, backslash, newline, right-to-left mark) into the notebook
    assert HOSTILE_SOURCE in hostile[0]
    actor_pages = [Page_(p.read_text(encoding="utf-8")).text for p in (reports / "actors").glob("*.html")]
    assert any(HOSTILE_NAME in text and PAYLOADS[4] in text for text in actor_pages)
    index = Page_((reports / "index.html").read_text(encoding="utf-8")).text
    assert HOSTILE_NAME in index and HOSTILE_SOURCE in index


def test_index_links_only_to_pages_inside_the_folder(hostile_reports):
    reports, _ = hostile_reports
    parsed = assert_nothing_injected((reports / "index.html").read_text(encoding="utf-8"))
    hrefs = [a["href"] for t, a in parsed.tags if t == "a"]
    files = [h.partition("#")[0] for h in hrefs]
    assert hrefs and all((reports / f).resolve().is_file() for f in files)
    assert all((reports / f).resolve().is_relative_to(reports.resolve()) for f in files)
    for href in hrefs:                       # an anchor names an element of its page
        page, _, anchor = href.partition("#")
        assert not anchor or f'id="{anchor}"' in (reports / page).read_text(encoding="utf-8")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_curation_decisions_are_escaped_on_the_index_and_the_actor_page(payload):
    from corpus_tools.reports.pages.actor import curation
    from corpus_tools.reports.pages.index import curated_mark
    html = curated_mark([payload, "renamed"]) + curation(pd.Series({"curation": [payload]}))
    parsed = assert_nothing_injected(html)
    assert {t for t, _ in parsed.tags} <= {"em", "p", "ul", "li"} and payload in parsed.text
    assert curated_mark([]) == "" and curation(pd.Series({"curation": []})) == ""
