"""The rendered reports as a reader sees them: each page kind opened in headless Chromium.

Debian's `chromium` is driven through Playwright (Playwright's own browser download is not
used).  Every request that is not `file://` is blocked and counted as a failure: the reports
must work from the folder alone, nothing fetched from a CDN.  Set `CORPUS_TOOLS_SCREENSHOTS=DIR`
to keep a full-page PNG of each page checked.
"""
from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest


pytestmark = pytest.mark.slow

CHROMIUM_NAMES = ("chromium", "chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# One page of each kind: a fixed page, or the first (sorted) page matching a pattern.
PAGE_KINDS = {"index": "index.html", "overview": "overview.html", "actor": "actors/*.html",
              "source": "sources/*.html", "document": "documents/*.html"}
EVIDENCE_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|s\.d\.")
CLICK_TIMEOUT_MS = 5000
SHOWN_PROBLEMS = 20


def find_chromium() -> str | None:
    """Path of the system's Chromium (Debian's package), or None."""
    return next(filter(None, map(shutil.which, CHROMIUM_NAMES)), None)


def skip_or_fail(reason: str) -> None:
    """Skip outside CI; in CI (`$CI` set, as `.ci/run` does) a missing browser is a failure."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must install it: see .ci/run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium shared by the module's tests."""
    executable = find_chromium()
    if executable is None:
        skip_or_fail("the browser test needs Debian's chromium: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("the browser test needs playwright: pip install -e '.[dev]'")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def reports(browser, sample_reports) -> Path:
    """The sample build's reports (rendered once for all report tests, after the browser is known to exist)."""
    folder, result = sample_reports
    assert not result.failed, result.failed
    return folder


def pick_page(reports: Path, kind: str) -> Path:
    """The page checked for `kind`: the largest match (the most to check), ties by name.

    Fails naming the pattern when the build has no such page.
    """
    pattern = PAGE_KINDS[kind]
    found = sorted(reports.glob(pattern), key=lambda p: (-p.stat().st_size, p.name))
    if not found:
        pytest.fail(f"no {kind} page: nothing matches {pattern} in the rendered reports")
    return found[0]


@dataclass
class Visit:
    """One page opened in the browser, with what went wrong while loading it."""
    page: object
    path: Path
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    network: list[str] = field(default_factory=list)


def is_local(url: str) -> bool:
    """Whether a request stays on this machine (a file of the reports, or inline data)."""
    return url.startswith(("file:", "data:"))


def block_network(route) -> None:
    """Let local requests through; abort every other one."""
    route.continue_() if is_local(route.request.url) else route.abort()


def record_network(visit: Visit, url: str) -> None:
    """Remember a request that tried to leave the machine."""
    if not is_local(url) and url not in visit.network:
        visit.network.append(url)


def open_page(browser, path: Path) -> Visit:
    """Open `path` in a fresh context, recording console errors, page errors and network attempts."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    visit = Visit(page, path)
    context.route("**/*", block_network)
    page.on("request", lambda request: record_network(visit, request.url))
    page.on("console", lambda msg: msg.type == "error" and visit.console_errors.append(msg.text))
    page.on("pageerror", lambda error: visit.page_errors.append(str(error)))
    page.goto(path.as_uri(), wait_until="load")
    load_images(page)
    return visit


def load_images(page) -> None:
    """Make lazy images load now and wait until every image has loaded or failed."""
    page.evaluate("""() => Promise.all(Array.from(document.images, img => {
        img.loading = "eager";
        return img.complete ? null : new Promise(done => { img.onload = img.onerror = done; });
    }))""")


def local_target(href: str) -> tuple[Path | None, str]:
    """The file a resolved `file://` URL points to (None for other schemes) and its fragment."""
    parts = urlsplit(href)
    if parts.scheme != "file":
        return None, ""
    return Path(unquote(parts.path)), unquote(parts.fragment)


class Ids(HTMLParser):
    """Every `id` attribute of an HTML file."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        """Collect the tag's id."""
        self.ids.update(value for name, value in attrs if name == "id" and value)


def ids_in(path: Path) -> set[str]:
    """The element ids of the HTML file at `path`."""
    parser = Ids()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.ids


def broken_links(visit: Visit, reports: Path) -> list[str]:
    """Links that leave the reports folder, miss their file, or name an id their page lacks."""
    problems, ids = [], {visit.path: set(visit.page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))}
    links = visit.page.eval_on_selector_all("a[href]", "els => els.map(e => [e.getAttribute('href'), e.href])")
    for raw, href in links:
        target, fragment = local_target(href)
        if target is None:
            continue
        if not target.is_relative_to(reports):
            problems.append(f"link {raw!r} leaves the reports folder")
        elif not target.is_file():
            problems.append(f"link {raw!r}: no file {target.relative_to(reports)}")
        elif fragment:
            if target not in ids:
                ids[target] = ids_in(target)
            if fragment not in ids[target]:
                problems.append(f"link {raw!r}: no id {fragment!r} in {target.relative_to(reports)}")
    return problems


def image_problems(visit: Visit) -> list[str]:
    """Images that did not load (naturalWidth 0) or carry no alt text."""
    images = visit.page.eval_on_selector_all(
        "img", "els => els.map(e => [e.getAttribute('src') || '', e.naturalWidth, e.getAttribute('alt')])")
    problems = []
    for src, width, alt in images:
        name = src if len(src) < 80 else src[:60] + "…"
        if width == 0:
            problems.append(f"image {name!r} did not load")
        if not (alt or "").strip():
            problems.append(f"image {name!r} has no alt text")
    return problems


def header_problems(visit: Visit, reports: Path) -> list[str]:
    """A missing `header.site`, or one that does not link the index and the overview."""
    if visit.page.query_selector("header.site") is None:
        return ["no <header class=\"site\">"]
    hrefs = visit.page.eval_on_selector_all("header.site a[href]", "els => els.map(e => e.href)")
    targets = {local_target(h)[0] for h in hrefs}
    return [f"header.site does not link {name}" for name in ("index.html", "overview.html")
            if reports / name not in targets]


def language_problems(visit: Visit) -> list[str]:
    """`<html lang>` must declare French."""
    lang = visit.page.evaluate("() => document.documentElement.getAttribute('lang') || ''")
    return [] if lang.lower().startswith("fr") else [f"<html lang={lang!r}>: expected fr"]


def evidence_problems(visit: Visit) -> list[str]:
    """Evidence lists off the contract, and evidence items without a source or a date.

    Contract: `<details class="evidence" id="ev-…">` holding `<li class="ev">` items, each with a
    non-empty `<span class="src">` and a `<span class="date">` (ISO date or "s.d.").
    """
    page = visit.page
    unmarked = page.eval_on_selector_all("details[id^='ev-']:not(.evidence)", "els => els.map(e => e.id)")
    problems = [f"{len(unmarked)} <details id=\"ev-…\"> lack class=\"evidence\" (first: {unmarked[0]})"
                ] if unmarked else []
    lists = page.eval_on_selector_all("details.evidence", """els => els.map(d => [d.id,
        Array.from(d.querySelectorAll('li.ev'), li => [
            (li.querySelector('span.src') || {textContent: ''}).textContent.trim(),
            (li.querySelector('span.date') || {textContent: ''}).textContent.trim(),
            li.textContent.trim().slice(0, 60)])])""")
    for list_id, items in lists:
        if not list_id.startswith("ev-"):
            problems.append(f"details.evidence with id {list_id!r}: expected ev-…")
        if not items:
            problems.append(f"evidence {list_id!r} has no <li class=\"ev\"> item")
        for source, date, text in items:
            if not source:
                problems.append(f"evidence {list_id!r}: item without source: {text!r}")
            if not EVIDENCE_DATE.fullmatch(date):
                problems.append(f"evidence {list_id!r}: item dated {date!r} (ISO date or s.d.): {text!r}")
    return problems


def load_problems(visit: Visit) -> list[str]:
    """Console errors, uncaught page errors and attempts to reach the network."""
    return ([f"console error: {m}" for m in visit.console_errors]
            + [f"page error: {m}" for m in visit.page_errors]
            + [f"network request (blocked): {u}" for u in visit.network])


def page_problems(visit: Visit, reports: Path) -> list[str]:
    """Everything a reader would trip over on the visited page."""
    return (load_problems(visit) + broken_links(visit, reports) + image_problems(visit)
            + header_problems(visit, reports) + language_problems(visit) + evidence_problems(visit))


def summary(problems: list[str]) -> str:
    """The first problems, one a line, and how many more there are."""
    shown = problems[:SHOWN_PROBLEMS]
    more = [f"... and {len(problems) - len(shown)} more"] if len(problems) > len(shown) else []
    return "\n  ".join(shown + more)


def save_screenshot(visit: Visit, kind: str) -> None:
    """A full-page PNG under $CORPUS_TOOLS_SCREENSHOTS, when set."""
    folder = os.environ.get("CORPUS_TOOLS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        visit.page.screenshot(path=str(Path(folder) / f"{kind}.png"), full_page=True)


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_page_reads_cleanly_in_a_browser(kind, browser, reports):
    visit = open_page(browser, pick_page(reports, kind))
    try:
        save_screenshot(visit, kind)
        problems = page_problems(visit, reports)
    finally:
        visit.page.context.close()
    where = visit.path.relative_to(reports)
    assert not problems, f"{where}:\n  {summary(problems)}"


def test_evidence_link_opens_its_list(browser, reports):
    visit = open_page(browser, pick_page(reports, "actor"))
    try:
        link = visit.page.locator("a[href^='#ev-']").first
        assert link.count(), f"{visit.path.name}: no link to an evidence list (#ev-…)"
        target = link.get_attribute("href")[1:]
        link.click(timeout=CLICK_TIMEOUT_MS)
        opened = visit.page.evaluate(
            "id => { const e = document.getElementById(id); return e && [e.tagName, e.hasAttribute('open')]; }",
            target)
        problems = load_problems(visit)
    finally:
        visit.page.context.close()
    assert opened, f"{visit.path.name}: no element with id {target!r}"
    assert opened == ["DETAILS", True], (
        f"{visit.path.name}: clicking #{target} left <{opened[0].lower()}> closed (reports.js should open it)")
    assert not problems, problems


HEADER = '<header class="site"><a href="index.html">Index</a> <a href="overview.html">Overview</a></header>'
DOT_PNG = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
           "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
GOOD_PAGE = f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>ok</title></head><body>
{HEADER}<p><a href="overview.html#top">haut</a> <a href="#ev-1">3</a> <img src="{DOT_PNG}" alt="un point"></p>
<details class="evidence" id="ev-1"><summary>preuves</summary><ol>
<li class="ev"><span class="src">Le Monde</span>, <span class="date">2020-05-17</span>: phrase.</li>
<li class="ev"><span class="src">L'Orient-Le Jour</span>, <span class="date">s.d.</span>: phrase.</li>
</ol></details></body></html>"""
BAD_PAGE = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>bad</title>
<script src="https://cdn.example.org/lib.js"></script></head><body>
<a href="missing.html">a</a> <a href="index.html#nowhere">b</a> <a href="../outside.html">c</a>
<img src="absent.png" alt="absent"> <img src="{DOT_PNG}">
<details id="ev-2"><ol><li>no class</li></ol></details>
<details class="evidence" id="ev-1"><ol><li class="ev"><span class="src">X</span> <span class="date">hier</span></li>
<li class="ev"><span class="date">2020-01-01</span></li></ol></details>
<script>console.error("boom"); throw new Error("kaboom");</script></body></html>"""


def test_the_checks_pass_a_clean_page_and_catch_each_fault(browser, tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    (tmp_path / "outside.html").write_text(GOOD_PAGE, encoding="utf-8")
    (reports / "overview.html").write_text(GOOD_PAGE.replace("<p>", '<p id="top">', 1), encoding="utf-8")
    (reports / "index.html").write_text(GOOD_PAGE, encoding="utf-8")
    (reports / "bad.html").write_text(BAD_PAGE, encoding="utf-8")
    found = {}
    for name in ("index.html", "bad.html"):
        visit = open_page(browser, reports / name)
        found[name] = "\n".join(page_problems(visit, reports))
        visit.page.context.close()
    assert found["index.html"] == ""
    expected = ["cdn.example.org", "console error: boom", "page error: kaboom", "no file missing.html",
                "no id 'nowhere' in index.html", "leaves the reports folder", "'absent.png' did not load",
                "has no alt text", 'no <header class="site">', "expected fr", 'lack class="evidence"',
                "dated 'hier'", "item without source"]
    assert [e for e in expected if e not in found["bad.html"]] == [], found["bad.html"]
