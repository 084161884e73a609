"""The HTML report for editors.

In a real browser: Debian's headless chromium loads the report, and a probe script (added
by the test, not shipped) reads what the page actually shows: the article rendered (not a
monospace block), every claim highlighted and focusable, the needs-an-editor links, the
evidence cards. CI installs chromium and sets VERIFY_REQUIRE_BROWSER=1, so there the test
cannot skip.

Without a browser: where claims land in the rendered markdown (a table of edge cases), and
what a draft may not do to the page."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from verify.adapters.cli import main
from verify.models import Figure, Frame, Mention, Quantity, Report, Source, Verdict
from verify.reporting.html import render_html, shown_name

ROOT = Path(__file__).resolve().parents[2]
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
DRAFTS = ["tests/data/formats/desk.md", "claims/jiangxi-economy.md", "tests/data/html/long-read.md"]

PROBE = """
<script>
(function () {
  const q = (s, root) => Array.from((root || document).querySelectorAll(s));
  // the outline a focused claim gets: its computed style while the page has the focus; a
  // headless browser on a busy machine may load the page without it (then no :focus rule
  // applies), and the outline is read from the style sheet's rule for a focused claim
  const focusRule = Array.from(document.styleSheets).flatMap(s => Array.from(s.cssRules))
    .find(r => r.selectorText && r.selectorText.split(",").some(x => x.trim() === "mark.claim:focus"));
  const claims = q("mark.claim[id]").map(mark => {
    mark.focus();
    const focused = document.activeElement === mark;
    const ruled = focusRule && / solid /.test(" " + focusRule.style.outline + " ") ? "solid" : "none";
    const outline = document.hasFocus() ? getComputedStyle(mark).outlineStyle : ruled;
    mark.blur();
    return {id: mark.id, text: mark.textContent, verdict: mark.dataset.verdict,
            colour: getComputedStyle(mark).backgroundColor,
            icon: getComputedStyle(mark, "::after").content,
            focused: focused, outline: outline,
            card: (document.getElementById(mark.getAttribute("aria-describedby")) || {}).id || null};
  });
  const links = q(".todo li").map(li => {
    const a = li.querySelector("a");
    const target = document.getElementById(a.getAttribute("href").slice(1));
    return {verdict: li.className, draft: li.closest("section.draft").id, href: a.getAttribute("href"),
            text: li.innerText,
            target: target ? target.tagName.toLowerCase() : null,
            target_verdict: target ? target.dataset.verdict : null};
  });
  const cards = q(".card").map(c => ({id: c.id, verdict: c.classList[1], text: c.innerText,
                                      shown: c.getBoundingClientRect().height > 20}));
  const article = document.querySelector(".article");
  const para = document.querySelector(".article p");
  const pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify({
    title: document.title, summary: document.getElementById("summary").innerText,
    headings: q(".article h1, .article h2").map(h => h.innerText),
    items: q(".article li").length, cells: q(".article td").length,
    paragraph_font: getComputedStyle(para).fontFamily, paragraph_space: getComputedStyle(para).whiteSpace,
    front_matter_shown: article.innerText.includes("title:"),
    claims: claims, links: links, cards: cards});
  document.body.appendChild(pre);
})();
</script>
"""


def _browse(page: Path, tmp_path: Path) -> dict:
    cmd = [
        BROWSER,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1200,900",
        "--dump-dom",
        page.as_uri(),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    m = re.search(r'<pre id="probe">(.*?)</pre>', proc.stdout, re.S)
    assert m, f"the page did not run the probe: {proc.stderr[-1500:]}"
    return json.loads(html.unescape(m.group(1)))


@pytest.fixture
def browser():
    if BROWSER is None:
        if os.environ.get("VERIFY_REQUIRE_BROWSER"):
            pytest.fail("VERIFY_REQUIRE_BROWSER is set but chromium is not installed (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return BROWSER


def test_html_report_in_a_real_browser(browser, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    report = tmp_path / "report.html"
    assert main(["check", *DRAFTS, "--format", "html", "--output", str(report)]) == 1
    assert main(["check", *DRAFTS, "--format", "json"]) == 1
    claims = json.loads(capsys.readouterr().out)["claims"]
    shipped = report.read_text(encoding="utf-8")
    assert "<script" not in shipped and not re.search(r"\son\w+=", shipped), "nothing on the page needs a script"
    page = tmp_path / "probed.html"
    page.write_text(shipped.replace("</body>", PROBE + "</body>"), encoding="utf-8")

    seen = _browse(page, tmp_path)

    assert seen["title"] == "verify: 3 drafts"
    assert seen["summary"].startswith("27 claims: 16 supported, 4 contradicted, 5 unknown, 2 suppressed")
    # the article, rendered: headings, list items, table cells; prose, not a monospace block
    assert seen["headings"][:2] == ["Jiangxi, by the numbers", "Jiangxi's open economy in numbers"]
    assert "What the numbers say" in seen["headings"]
    assert seen["items"] >= 4 and seen["cells"] >= 6
    assert "monospace" not in seen["paragraph_font"] and seen["paragraph_space"] == "normal"
    assert not seen["front_matter_shown"]
    # every claim highlighted in place, in reading order, with its verdict, a colour and an icon
    shown = [(c["text"], c["verdict"]) for c in seen["claims"]]
    expected = [(c["text"], "suppressed" if c["suppressed"] else c["verdict"]) for c in claims]
    assert shown == expected
    assert len({c["colour"] for c in seen["claims"]}) == 4, "each verdict has a colour of its own"
    assert len({c["icon"] for c in seen["claims"]}) == 4, "and an icon of its own: not colour alone"
    for c in seen["claims"]:
        assert c["focused"] and c["outline"] == "solid", f"reachable by keyboard, focus visible: {c}"
        assert c["card"], f"described by its evidence card: {c}"
    # each draft's needs-an-editor list: contradicted first, then unknown, each link to a claim of that verdict
    for draft in ("draft-1", "draft-2", "draft-3"):
        verdicts = [x["verdict"] for x in seen["links"] if x["draft"] == draft]
        assert verdicts == sorted(verdicts, key=["contradicted", "unknown"].index) and verdicts, draft
    verdicts = [x["verdict"] for x in seen["links"]]
    assert verdicts.count("contradicted") == 4 and verdicts.count("unknown") == 5
    for link in seen["links"]:
        assert link["target"] == "mark" and link["target_verdict"] == link["verdict"], link
    # evidence cards: a contradicted claim's card says what to write and where that is from
    cards = {c["id"]: c for c in seen["cards"]}
    wrong = cards[next(c["card"] for c in seen["claims"] if c["verdict"] == "contradicted")]
    assert wrong["shown"]
    assert "Write 3.2 trillion yuan" in wrong["text"]
    assert "Jiangxi's GDP increased from 1.28 trillion yuan in 2012 to 3.22 trillion yuan in 2023" in wrong["text"]
    assert "Jiangxi accelerates development of open economy" in wrong["text"] and "China Daily" in wrong["text"]
    assert "2024-05-20" in wrong["text"]
    unknown = cards[next(c["card"] for c in seen["claims"] if c["verdict"] == "unknown")]
    assert unknown["shown"] and "the closest figure is" in unknown["text"]
    quiet = cards[next(c["card"] for c in seen["claims"] if c["verdict"] == "suppressed")]
    assert "quoted from the governor's speech" in quiet["text"]


# ---- where claims land: markers through markdown ---------------------------------------------

SOURCE = Source(1, "bulletin.txt", "Jiangxi bulletin", "Stats office", "2024-02-01", url="https://example.org/b")


def _verdict(text: str, start: int, end: int, verdict: str) -> Verdict:
    q = Quantity(start, end, text[start:end], 1.0)
    claim = Mention(q, text, Frame(None, "gdp"), line=text.count("\n", 0, start) + 1, column=1)
    fq = Quantity(10, 13, "3.2", 3.2)
    fig = Figure(
        1, SOURCE, Mention(fq, "GDP was 3.2 trillion.", Frame(None, "gdp"), line=4, column=9), "GDP was 3.2 trillion."
    )
    if verdict == "unknown":
        return Verdict(claim, "unknown", reason="no_match")
    return Verdict(claim, verdict, figure=fig, comparison="3.2 agrees with 3.2", correction="3.2 trillion")


def _report(text: str, *claims: str, verdict: str = "contradicted") -> Report:
    """A report of `text` whose claims are the given strings (each the first occurrence
    after the previous claim); `[[x]]` in a claim string stands for nothing."""
    verdicts, pos = [], 0
    for c in claims:
        start = text.index(c, pos)
        verdicts.append(_verdict(text, start, start + len(c), verdict))
        pos = start + len(c)
    return Report("draft.md", "2024-05-28", tuple(verdicts), text=text)


class _Balance(HTMLParser):
    """Fails on an end tag that closes anything but the element last opened."""

    VOID = {"br", "hr", "img", "meta", "input", "wbr", "link"}

    def __init__(self):
        super().__init__()
        self.stack, self.errors = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


def _page(report: Report) -> tuple[str, str, dict[str, str]]:
    """The page, its article, and the text of each claim's highlight by id."""
    page = render_html([report])
    checker = _Balance()
    checker.feed(page)
    assert checker.errors == [] and checker.stack == [], "the page's elements nest"
    assert not re.search("[\ue000-\ue01f]", page), "no marker left on the page"
    assert "%EE%80%8" not in page.upper() and "%EE%80%9" not in page.upper()
    article = page[page.index('<article class="article">') : page.index("</article>")]
    marks: dict[str, str] = {}
    for m in re.finditer(r'<mark class="claim [^"]*"(?: id="(claim-\d+)")?[^>]*>(.*?)</mark>', article, re.S):
        key = m.group(1) or list(marks)[-1]
        marks[key] = marks.get(key, "") + re.sub("<[^>]+>", "", m.group(2))
    return page, article, marks


PLACED = [
    (
        "in-a-table-cell",
        "| Year | GDP |\n|---|---|\n| 2023 | 3.4 trillion yuan |\n",
        ["3.4 trillion yuan"],
        "<td><mark",
    ),
    (
        "in-a-list-item",
        "- Exports grew 73 percent.\n- Imports fell 5%.\n",
        ["73 percent", "5%"],
        "<li>Exports grew <mark",
    ),
    ("in-a-heading", "# GDP hit 3.4 trillion yuan\n\nText.\n", ["3.4 trillion yuan"], "<h1>GDP hit <mark"),
    (
        "in-link-text",
        "See [GDP of 3.4 trillion yuan](https://example.org/gdp).\n",
        ["3.4 trillion yuan"],
        '<a href="https://example.org/gdp" rel="noopener noreferrer">GDP of <mark',
    ),
    ("next-to-inline-code", "Run `check`3.4 trillion yuan, then `x`.\n", ["3.4 trillion yuan"], "</code><mark"),
    ("two-claims-in-one-word-run", "Growth was 12%-15% a year.\n", ["12%", "15%"], "</mark>-<mark"),
    ("chinese", "江西外贸进出口总额5690亿元，增长4.3%。\n", ["5690亿元", "4.3%"], "总额<mark"),
    ("across-emphasis", "GDP hit **3.4** trillion yuan.\n", ["3.4** trillion yuan"], "<strong><mark"),
    ("escaped-dollar", "It cost \\$5 million.\n", ["$5 million"], "cost <mark"),
    (
        "in-an-image-description",
        "![GDP of 3.4 trillion yuan](chart.png)\n",
        ["3.4 trillion yuan"],
        '<span class="image">',
    ),
    ("in-a-quote", "> GDP hit 3.4 trillion yuan.\n", ["3.4 trillion yuan"], "<blockquote>"),
    ("at-a-line-start", "GDP\n3.4 trillion yuan it was.\n", ["3.4 trillion yuan"], "<p>GDP\n<mark"),
    (
        "in-the-drafts-own-html-shown-as-text",
        'A <span title="3.4 trillion yuan">b</span>.\n',
        ["3.4 trillion yuan"],
        '&lt;span title="<mark',
    ),
    (
        "in-a-footnote",
        "Text.[^1]\n\n[^1]: GDP was 3.4 trillion yuan.\n",
        ["3.4 trillion yuan"],
        'class="footnote-item"',
    ),
]


@pytest.mark.parametrize("text,claims,where", [c[1:] for c in PLACED], ids=[c[0] for c in PLACED])
def test_a_claim_is_highlighted_where_it_stands(text, claims, where):
    page, article, marks = _page(_report(text, *claims))
    assert where in article
    assert sorted(marks) == [f"claim-{i}" for i in range(1, len(claims) + 1)]
    for i, c in enumerate(claims, 1):
        assert marks[f"claim-{i}"] == html.escape(c.replace("**", "").replace("\\", ""), quote=False)
        assert f'id="card-{i}"' in article, "its card is beside it"
    assert 'class="unplaced"' not in page


MISPLACED = [
    ("in-inline-code", "Run `3.4 trillion yuan` now.\n", "3.4 trillion yuan"),
    ("in-a-fenced-block", "```\nGDP 3.4 trillion yuan\n```\n", "3.4 trillion yuan"),
    ("in-a-link-title", '[GDP](https://example.org "3.4 trillion yuan")\n', "3.4 trillion yuan"),
    ("in-a-link-address", "[GDP](https://example.org/3.4/x)\n", "3.4"),
    ("in-the-front-matter", "---\ntitle: 3.4 trillion yuan\n---\n\nText.\n", "3.4 trillion yuan"),
    ("in-an-html-comment", "<!-- 3.4 trillion yuan -->\n\nText.\n", "3.4 trillion yuan"),
]


@pytest.mark.parametrize("text,claim", [c[1:] for c in MISPLACED], ids=[c[0] for c in MISPLACED])
def test_a_claim_that_cannot_be_highlighted_is_listed_and_never_breaks_the_page(text, claim):
    page, article, marks = _page(_report(text, claim))
    assert marks == {}
    assert 'class="unplaced"' in page and 'id="claim-1" tabindex="0"' in page, "its card stands in for it"
    assert '<a href="#claim-1">' in page, "and the needs-an-editor list still links to it"
    if "example.org" in text:
        assert 'href="https://example.org' in article


def test_overlapping_claims_keep_the_first_in_place_and_list_the_other():
    text = "GDP hit 3.4 trillion yuan.\n"
    r = Report("d.md", None, (_verdict(text, 8, 25, "supported"), _verdict(text, 12, 25, "unknown")), text=text)
    page, article, marks = _page(r)
    assert list(marks) == ["claim-1"] and 'id="claim-2" tabindex="0"' in page


def test_a_drafts_own_marker_characters_are_not_taken_for_markers():
    text = "Odd \ue000\ue011\ue002 and \ue001\ue011\ue002 here, GDP 3.4 trillion yuan.\n"
    page, article, marks = _page(_report(text, "3.4 trillion yuan"))
    assert list(marks) == ["claim-1"] and "\ufffd" in article


# ---- what a draft may not do ----------------------------------------------------------------

HOSTILE = """# Title <script>alert(1)</script>

<script>alert(2)</script>

<div onclick="alert(3)">GDP 3.4 trillion yuan</div>

An <img src=x onerror=alert(4)> image, [a link](javascript:alert(5)), [another](data:text/html,x),
<a href="javascript:alert(6)">raw</a>, ![pic](https://example.org/track.png) and [fine](https://example.org/ok).
"""


def test_a_drafts_html_is_shown_as_text_and_links_go_only_to_web_pages():
    page = render_html([_report(HOSTILE, "3.4 trillion yuan")])
    body = page[page.index("<body>") :]
    assert "<script" not in body and "<img" not in body and "<div onclick" not in body
    assert not re.search(r"<[^>]+\son\w+=", body), "no event handler attribute"
    hrefs = re.findall(r'<a\b[^>]*\shref="([^"]*)"', body)
    assert "https://example.org/ok" in hrefs
    assert all(h.startswith(("#", "https://")) for h in hrefs), hrefs
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in body, "shown, as text"
    assert "[image: pic]" in body, "an image is described, not loaded"


def test_the_same_reports_render_to_the_same_bytes():
    text = (ROOT / "tests/data/html/long-read.md").read_text(encoding="utf-8")
    r = _report(text, "569 billion yuan", "3.4 trillion yuan", "73 percent", "3.5 trillion yuan")
    assert render_html([r, r]) == render_html([r, r])


def test_ids_are_unique_in_a_page_of_several_drafts():
    r = _report("Text.[^1]\n\n[^1]: GDP was 3.4 trillion yuan.\n", "3.4 trillion yuan")
    page = render_html([r, r._replace(draft="other.md")])
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(ids)


@pytest.mark.parametrize(
    "given,shown",
    [
        ("claims/jiangxi-economy.md", "claims/jiangxi-economy.md"),
        ("draft.md", "draft.md"),
        ("/home/editor/drafts/jiangxi.md", "jiangxi.md"),
        ("C:\\Users\\ed\\jiangxi.md", "jiangxi.md"),
        ("-", "standard input"),
    ],
    ids=["relative", "bare", "absolute", "windows", "stdin"],
)
def test_the_draft_is_named_as_given_but_never_by_an_absolute_path(given, shown):
    assert shown_name(given) == shown
    page = render_html([_report("GDP 3.4 trillion yuan.\n", "3.4 trillion yuan")._replace(draft=given)])
    assert f"<h1>{html.escape(shown)}</h1>" in page and "/home/editor" not in page and "Users" not in page


def test_rendering_is_linear_in_the_drafts_size():
    para = "Jiangxi's GDP hit 3.4 trillion yuan in 2023, and **trade** grew 5%.\n\n- a list of 73 percent\n\n"

    def took(k: int) -> float:
        text = para * k
        r = _report(text, *(["3.4 trillion yuan", "5%", "73 percent"] * k))
        best = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            render_html([r])
            best = min(best, time.perf_counter() - t)
        return best

    small, large = took(250), took(1000)
    assert large < small * 8, (small, large)
