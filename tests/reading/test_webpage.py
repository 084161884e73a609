"""A web page ingested as a source: only its article gives figures, its date comes from
its metadata, and every figure still points into the page as written.

The pages are made up for these tests (tests/data/web/), each with the furniture real
pages carry: navigation, a cookie banner, related-article boxes, share counts, comments,
a pager to the next release, a footer with a phone number."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from verify.reading import sourcetext, webpage
from verify.reading.sourcetext import read

WEB = Path(__file__).parent.parent / "data" / "web"


def figures(name: str) -> list[str]:
    html = (WEB / name).read_text(encoding="utf-8")
    return [html[m.quantity.start : m.quantity.end] for m in read(html, path=name).mentions]


@pytest.mark.parametrize(
    "page,kept,dropped",
    [
        ("riverton-trade.html", ["5.2 billion yuan", "12.5 percent", "40.6 million tonnes", "2.1 million"], []),
        ("riverton-trade.html", [], ["9 billion yuan"]),  # a reader's comment
        ("riverton-trade.html", [], ["1,204 times", "3"]),  # a share count, the cookie banner
        ("hillford-zh.html", ["3200亿元", "8.4%", "402万人"], ["20%", "900万"]),  # a sidebar of hot news
        ("hillford-zh.html", [], ["12345678"]),  # the footer's telephone
        ("hillford-bulletin-table.html", ["812.4 billion yuan", "880.6", "301.7 billion yuan"], []),  # its table too
        ("hillford-bulletin-table.html", [], ["5.1%", "1,024"]),  # the next release's headline, shares
    ],
    ids=[
        "the-article-gives-its-figures",
        "a-comment-is-no-source",
        "share-counts-and-banners-are-no-figures",
        "a-chinese-page-without-its-sidebar",
        "a-footer-is-no-figure",
        "a-table-in-the-article-is-read",
        "a-link-to-the-next-release-is-no-figure",
    ],
)
def test_only_the_article_gives_figures(page, kept, dropped):
    found = figures(page)
    assert all(k in found for k in kept), found
    assert not [d for d in dropped if d in found], found


@pytest.mark.parametrize(
    "page,date",
    [
        ("riverton-trade.html", "2024-03-01"),  # <meta property="article:published_time">
        ("hillford-zh.html", "2024-01-26"),  # JSON-LD datePublished
        ("hillford-bulletin-table.html", "2024-02-28"),  # <meta name="citation_publication_date">
    ],
    ids=["article-published-time", "json-ld-date-published", "citation-publication-date"],
)
def test_the_date_comes_from_the_pages_metadata(page, date):
    assert read((WEB / page).read_text(encoding="utf-8"), path=page).published == date


def test_a_date_given_beats_the_pages_own():
    html = (WEB / "riverton-trade.html").read_text(encoding="utf-8")
    assert read(html, path="p.html", published="2024-03-05").published == "2024-03-05"


@pytest.mark.parametrize("page", sorted(p.name for p in WEB.glob("*.html")))
def test_figures_point_into_the_page_as_written(page):
    html = (WEB / page).read_text(encoding="utf-8")
    prepared = sourcetext.prepare(html, page)
    assert len(prepared) == len(html)
    for m in read(html, path=page).mentions:
        written = html[m.quantity.start : m.quantity.end].replace("&nbsp;", " ")
        assert written.split() == m.quantity.text.split()  # the entity read as the space it is


def test_a_page_the_library_cannot_take_apart_is_read_whole(monkeypatch):
    """No article found (or too little of it found in the page): every line is read, as
    before there was a main-text reader."""
    monkeypatch.setattr(webpage, "article_lines", lambda html, visible: None)
    found = figures("riverton-trade.html")
    assert "5.2 billion yuan" in found and "9 billion yuan" in found


def test_an_article_not_found_in_the_page_is_no_article(monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "extract", lambda *a, **k: "A text that is nowhere on the page at all")
    html = (WEB / "riverton-trade.html").read_text(encoding="utf-8")
    assert webpage.article_lines(html, sourcetext._unmarked(html)) is None


def test_checking_a_draft_never_imports_the_page_reader(tmp_path):
    draft = tmp_path / "d.md"
    draft.write_text("Jiangxi's foreign trade reached 569 billion yuan in 2023.\n", encoding="utf-8")
    probe = (
        "import sys\n"
        "from verify.adapters.cli import main\n"
        f"main(['check', {str(draft)!r}])\n"
        "heavy = sorted(m for m in ('trafilatura', 'htmldate', 'lxml') if m in sys.modules)\n"
        "print('IMPORTED', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120).stdout
    assert "IMPORTED []" in out, out


@pytest.mark.parametrize("page", sorted(p.name for p in WEB.glob("*.html")))
def test_a_figure_of_a_page_is_placed_on_the_pages_own_line(page):
    """A block tag's end is read as a paragraph break; lines are still counted in the page."""
    html = (WEB / page).read_text(encoding="utf-8")
    for m in read(html, path=page).mentions:
        line_start = html.rfind("\n", 0, m.quantity.start) + 1
        assert (m.line, m.column) == (html.count("\n", 0, m.quantity.start) + 1, m.quantity.start - line_start + 1)


def test_a_date_that_does_not_exist_dates_no_page():
    """htmldate turns 2024-02-30 into 2024-02-01; a page must not be dated by a date it never wrote."""
    html = (WEB / "riverton-trade.html").read_text(encoding="utf-8").replace("2024-03-01T08:00", "2024-02-30T08:00")
    assert read(html, path="p.html").published is None


@pytest.mark.parametrize(
    "head,date",
    [
        ("发布时间：2024年3月20日 来源：市统计局\n\n全年粮食产量312.5万吨。", "2024-03-20"),
        ("Updated: 2024-08-09\n\nOutput was 5 tonnes.", "2024-08-09"),
        ("2024年2月30日\n\n产量5吨。", None),
    ],
    ids=["a-chinese-dateline", "an-updated-line", "a-chinese-day-that-does-not-exist"],
)
def test_a_texts_own_date_line(head, date):
    assert sourcetext.find_date(head) == date


@pytest.mark.parametrize(
    "head,title",
    [
        (
            '<title>Port trade climbs | Riverton Daily</title><meta property="og:title" content="Port trade climbs">',
            "Port trade climbs",
        ),
        ('<meta property="og:title" content="Sales &amp; profits rise">', "Sales & profits rise"),
        ("<title>Port trade climbs | Riverton Daily</title>", "Port trade climbs | Riverton Daily"),
    ],
    ids=["og-title-names-the-article-without-the-site", "entities-read", "else-the-page-title"],
)
def test_a_pages_title(head, title):
    page = f"<html><head>{head}</head><body><p>Exports rose 5% in 2023.</p></body></html>"
    assert sourcetext.title_of(page, "p.html") == title


def test_a_pages_table_is_read_with_its_headers():
    """Each cell of an HTML table is read under its row's and column's headers, as a draft's
    markdown table is, with the unit a column's header gives."""
    page = (
        "<html><head><title>Rainfall</title></head><body><article><h1>Rainfall in 2023</h1>"
        "<p>Rainfall across the valley was well above average in 2023, the weather office said.</p>"
        "<table>\n<tr><th>Town</th><th>Rainfall (mm)</th><th>Change (%)</th></tr>\n"
        "<tr><td>Lowford</td><td>1,512</td><td>8.2</td></tr>\n"
        "<tr><td>Highcross</td><td>934</td><td>-2.5</td></tr>\n</table></article></body></html>"
    )
    found = {(m.sentence, m.quantity.value, m.quantity.unit) for m in read(page, path="rain.html").mentions}
    assert ("Lowford | Rainfall (mm): 1,512", 1512.0, "millimeter") in found
    assert ("Highcross | Change (%): -2.5", -2.5, "percent") in found
