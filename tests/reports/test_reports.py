"""End to end: build the sample corpus, render its reports, check the HTML."""
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

import corpus_tools as ct
from corpus_tools.reports import render_reports, slugify
from tests.conftest import SAMPLE
from tests.corpora import run_listing_imports


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids, self.tags, self.text = [], set(), [], []

    def handle_data(self, data):
        self.text.append(data)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        if "id" in attrs:
            self.ids.add(attrs["id"])


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def rendered(sample_reports):
    return sample_reports


def test_index_links_every_actor_and_source_page_and_lists_every_actor(rendered, sample_build):
    reports, result = rendered
    assert not result.failed
    pages = {p.relative_to(reports).as_posix() for p in reports.glob("*/*.html") if p.parent.name != "documents"}
    links = set(parse(reports / "index.html").hrefs)
    assert pages and pages <= links
    assert any(p.startswith("actors/") for p in pages) and any(p.startswith("sources/") for p in pages)
    text = " ".join(unescape("".join(parse(reports / "index.html").text)).split())
    actors = ct.load(sample_build).actors
    assert all(name in text for name in actors["name"])           # with or without a page
    assert len(list((reports / "actors").glob("*.html"))) < len(actors) and "fewer than" in text


def test_every_document_has_a_page_with_its_mentions_linked_and_sentence_anchors(rendered, sample_build):
    reports, _ = rendered
    corpus = ct.load(sample_build)
    assert len(list((reports / "documents").glob("*.html"))) == len(corpus.documents)
    doc = corpus.documents.iloc[0]
    page = parse(reports / "documents" / f"{slugify(doc.doc_id)}.html")
    assert {f"s{i}" for i in corpus.sentences.loc[corpus.sentences["doc_id"] == doc.doc_id, "sent_idx"]} <= page.ids
    assert any(h.startswith("../actors/") for h in page.hrefs)          # mentions link to their actors' pages


def test_stoltenberg_page_names_him_and_links_counts_to_sentences(rendered, sample_build):
    reports, _ = rendered
    actors = ct.load(sample_build).actors
    index = (reports / "index.html").read_text(encoding="utf-8")
    page = next(p for p in (reports / "actors").glob("*.html") if "Stoltenberg" in p.read_text(encoding="utf-8")
                and "stoltenberg" in p.name)
    html = page.read_text(encoding="utf-8")
    assert "Stoltenberg" in index and '<img src="data:image/svg+xml;base64,' in html  # a figure, with alt text
    assert 'alt="Ego network of' in html
    links = parse(page)
    evidence = [h[1:] for h in links.hrefs if h.startswith("#ev-")]
    assert evidence and set(evidence) <= links.ids
    corpus = ct.load(sample_build)
    actor_id = next(a for a in actors["actor_id"] if slugify(a) == page.stem)
    first = corpus.mentions[corpus.mentions["actor_id"] == actor_id].iloc[0]
    sentence = corpus.sentences.set_index(["doc_id", "sent_idx"]).loc[(first.doc_id, first.sent_idx), "text"]
    assert sentence in "".join(links.text)  # the evidence shows the sentences behind the counts


def test_a_source_page_dates_its_documents_from_the_dated_ones_and_counts_the_undated(rendered, sample_build):
    from corpus_tools.reports.render import date_span
    reports, _ = rendered
    docs = ct.load(sample_build).documents
    pages = {p.stem: " ".join(unescape("".join(parse(p).text)).split()) for p in (reports / "sources").glob("*.html")}
    assert pages
    for source, group in docs.groupby("source"):
        if slugify(source) in pages:
            span = date_span(group["date"])
            assert span in pages[slugify(source)], (source, span)
            assert "undated" not in span or str(int(group["date"].isna().sum())) in span
    overview = " ".join("".join(parse(reports / "overview.html").text).split())
    assert "undated" in overview


def test_a_build_with_nothing_to_do_renders_no_page_and_imports_no_kernel(rendered, sample_build, models_dir):
    reports, _ = rendered
    proc, imported = run_listing_imports("build", "--corpus", str(SAMPLE), "--out", str(sample_build),
                                         "--models", models_dir, "--reports", str(reports))
    assert proc.returncode == 0 and "up to date" in proc.stdout and "0 report files written" in proc.stdout, \
        proc.stderr
    assert imported == []    # no papermill, nbconvert, kernel client, matplotlib, torch, ...


def test_rerender_with_unchanged_inputs_writes_nothing(rendered, sample_build):
    reports, _ = rendered
    before = {p: p.stat().st_mtime_ns for p in reports.rglob("*") if p.is_file()}
    again = render_reports(sample_build, reports, progress=False)
    assert again.written == 0
    assert before == {p: p.stat().st_mtime_ns for p in reports.rglob("*") if p.is_file()}


def test_a_source_page_shows_its_distinctive_words_and_actors_linked_to_their_sentences(rendered, sample_build):
    import hashlib
    from corpus_tools.analysis import counting
    from corpus_tools.reports.pages.source import distinctive
    reports, _ = rendered
    corpus = ct.load(sample_build)
    names = corpus.actors.set_index("actor_id")["name"]
    keyness = corpus.source_keyness
    shown = 0
    for source in corpus.documents["source"].unique():
        html = (reports / "sources" / f"{slugify(source)}.html").read_text(encoding="utf-8")
        ids = parse(reports / "sources" / f"{slugify(source)}.html").ids
        assert counting.rule("outlet") in unescape(html)
        mine = keyness[keyness["source"] == source]
        for unit, title in (("lemma", "“{}” in {}"), ("actor", "{} in {}")):
            for row in distinctive(mine[mine["unit"] == unit]).itertuples():
                label = row.term if unit == "lemma" else names[row.term]
                anchor = "ev-" + hashlib.sha1(title.format(label, source).encode("utf-8")).hexdigest()[:12]
                assert anchor in ids and f'href="#{anchor}">{row.n_target}</a>' in html, (source, label)
                assert f"{row.g2:.1f}" in html and f"{row.log_ratio:+.2f}" in html
                shown += 1
        assert ("Distinctive words" in html) == (distinctive(mine[mine["unit"] == "lemma"]).shape[0] > 0)
    assert shown
    for page in ("index.html", "overview.html"):
        text = " ".join(unescape("".join(parse(reports / page).text)).split())
        assert counting.rule() in text or counting.rule("outlet") in text
        assert f"{counting.actor_count(corpus)} actors" in text        # one actor count, the card's too
