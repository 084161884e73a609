"""Reading markdown: what is prose, what is not, where each character is."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verify.errors import InputError
from verify.reading import document
from verify.reading.document import parse, read

DRAFT = """---
title: Test
date: 2024-05-22
---

Trade came to 569 billion yuan.

```python
x = 4.3
```

Inline `code 12` and a [link](https://example.com/45) and <!-- 99 hidden -->.

| Metric | 2023 |
|---|---|
| Foreign trade | 596 billion yuan |
"""


def test_front_matter_is_read_and_hidden():
    doc = parse(DRAFT)
    assert doc.meta == {"title": "Test", "date": "2024-05-22"}
    assert "2024" not in doc.visible[: doc.text.index("Trade")]


def test_visible_keeps_offsets():
    doc = parse(DRAFT)
    assert len(doc.visible) == len(doc.text)
    i = doc.text.index("569")
    assert doc.visible[i : i + 3] == "569"


@pytest.mark.parametrize("hidden", ["4.3", "code 12", "example.com/45", "99 hidden"])
def test_non_prose_is_blanked(hidden):
    doc = parse(DRAFT)
    i = doc.text.index(hidden)
    assert doc.visible[i : i + len(hidden)].strip() == ""


def test_table_cells_carry_their_headers():
    doc = parse(DRAFT)
    cells = [b for b in doc.blocks if b.context]
    assert [(doc.text[b.start : b.end], b.context) for b in cells] == [("596 billion yuan", "Foreign trade | 2023")]


def test_position_counts_characters():
    doc = parse("第一行\n营收5690亿元")
    assert doc.position(doc.text.index("5690")) == (2, 3)


@pytest.mark.parametrize("content,problem", [(b"\x00\x01\x02binary", "not text"), (b"\xff\xfe\xfa", "not UTF-8")])
def test_bad_files(tmp_path, content, problem):
    p = tmp_path / "bad.md"
    p.write_bytes(content)
    with pytest.raises(InputError, match=problem):
        read(p)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read(tmp_path / "nope.md")


# ---- CommonMark's edge cases: what a rendered page shows is read, and nothing else -----------

EDGE_CASES = [
    (
        "setext-heading-underline-is-no-front-matter",
        "Trade grew 7%\n-------------\n\nImports rose 3% in 2023.\n",
        [("7%", 1, 12), ("3%", 4, 14)],
    ),
    ("setext-h1", "Exports in 2023\n===============\n\nExports rose 5% in 2023.\n", [("5%", 4, 14)]),
    (
        "nested-list-items",
        "- Trade\n  - exports rose 5% in 2023\n    - imports fell 2% in 2023\n",
        [("5%", 2, 18), ("2%", 3, 20)],
    ),
    ("nested-quote", "> The mayor said:\n> > exports rose 5% in 2023\n", [("5%", 2, 18)]),
    ("html-block-content-is-shown", '<div class="note">\nExports rose 9% in 2023.\n</div>\n', [("9%", 2, 14)]),
    (
        "reference-definition-is-never-shown",
        'Exports rose 5% in 2023 [per the bureau][1].\n\n[1]: https://example.org/2023/report-42 "Report 42"\n',
        [("5%", 1, 14)],
    ),
    (
        "reference-definition-over-three-lines",
        "Exports rose 5% in 2023 [per the bureau][2].\n\n"
        '[2]:\n  https://example.org/a\n  "Report of 88 billion dollars"\n',
        [("5%", 1, 14)],
    ),
    (
        "a-quote-after-a-definition-is-prose",
        '[3]: https://example.org/b\n"Up 7% this year," the mayor said.\n',
        [("7%", 2, 5)],
    ),
    (
        "code-in-a-list-item-is-four-past-its-content",
        "- Exports rose 5% in 2023.\n\n      x = 123456 tonnes\n",
        [("5%", 1, 16)],
    ),
    (
        "a-wide-marker-moves-the-content",
        "-   Exports rose 5% in 2023.\n\n        x = 31337 tonnes\n\n    Imports rose 3% in 2023.\n",
        [("5%", 1, 18), ("3%", 5, 18)],
    ),
    (
        "code-in-a-block-quote",
        "> Exports rose 5% in 2023.\n>\n>     code in quote 4242 tonnes\n",
        [("5%", 1, 16)],
    ),
    (
        "escaped-pipe-stays-in-its-cell",
        "| Item | Value |\n|---|---|\n| Exports \\| goods | 5.2 billion yuan |\n",
        [("5.2 billion yuan", 3, 22)],
    ),
    ("indented-code-block", "Text here.\n\n    exports = 900 tonnes\n\nImports rose 3% in 2023.\n", [("3%", 5, 14)]),
    ("tab-indented-code-block", "Intro.\n\n\tcount = 77 units\n", []),
    (
        "code-block-of-several-parts",
        "# Data\n\n    x = 900 tonnes\n\n    z = 4%\n\nImports rose 3% in 2023.\n",
        [("3%", 7, 14)],
    ),
    ("indented-paragraph-of-a-loose-list", "1. First point\n\n    Exports rose 5% in 2023.\n", [("5%", 3, 18)]),
    ("indented-lazy-continuation", "Exports rose\n    5% in 2023.\n", [("5%", 2, 5)]),
    ("tilde-fence", "~~~\nexports = 900 tonnes\n~~~\n\nImports rose 3% in 2023.\n", [("3%", 5, 14)]),
    ("html-comment-block", "<!--\nExports rose 9% in 2023.\n-->\nImports rose 3% in 2023.\n", [("3%", 4, 14)]),
    ("autolink", "See <https://example.org/2023/12/5> for imports, which rose 3% in 2023.\n", [("3%", 1, 61)]),
    ("link-text-is-read-its-target-not", "Exports [rose 5% in 2023](https://example.org/7).\n", [("5%", 1, 15)]),
    (
        "a-footnote-is-read-where-it-is-written",
        "Harbour traffic rose 6% in 2022.[^a]\n\n[^a]: Ferries carried 2% fewer people in 2022.\n",
        [("6%", 1, 22), ("2%", 3, 23)],
    ),
    ("closing-hashes-of-a-heading", "## Harbour traffic rose 6% in 2022 ##\n", [("6%", 1, 25)]),
    ("a-heading-number-is-no-figure", "### 4. Harbour traffic rose 6% in 2022\n", [("6%", 1, 29)]),
    ("a-carriage-return-ends-no-line", "Harbour traffic rose 6%\rin 2022.\n", [("6%", 1, 22)]),
    (
        "only-a-list-starting-at-1-interrupts-a-paragraph",
        "The ferry fleet grew by\n12. Most of them are electric.\n",
        [("12", 2, 1)],
    ),
    (
        "script-is-never-shown",
        "<script>\nvar share = 0.35;\n</script>\n\nHarbour traffic rose 6% in 2022.\n",
        [("6%", 5, 22)],
    ),
    ("front-matter-closed-by-dots", "---\ntitle: Harbour\n...\nHarbour traffic rose 6% in 2022.\n", [("6%", 4, 22)]),
]


@pytest.mark.parametrize("text,claims", [c[1:] for c in EDGE_CASES], ids=[c[0] for c in EDGE_CASES])
def test_markdown_edge_cases(text, claims):
    from verify.reading.claims import mentions

    found = [(m.quantity.text, m.line, m.column) for m in mentions(parse(text, path="d.md"), date="2024-05-01")]
    assert found == claims


def test_draft_paths_name_each_draft_once_in_the_order_given(tmp_path):
    from verify.errors import UsageError
    from verify.reading.document import draft_paths

    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "b.md").write_text("x", encoding="utf-8")
    (tmp_path / "desk" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "desk" / "notes.json").write_text("{}", encoding="utf-8")  # not a draft
    (tmp_path / "desk" / ".drafts").mkdir()
    (tmp_path / "desk" / ".drafts" / "old.md").write_text("x", encoding="utf-8")  # hidden
    one = str(tmp_path / "desk" / "b.md")
    got = draft_paths([one, str(tmp_path / "desk"), "-", str(tmp_path / "desk" / "*.txt")])
    assert got == [one, str(tmp_path / "desk" / "a.txt"), "-"]
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError, match="holds no drafts"):
        draft_paths([str(tmp_path / "empty")])
    with pytest.raises(UsageError, match="matches no file"):
        draft_paths([str(tmp_path / "nowhere" / "*.md")])


BLOCKS = [
    (
        "each-item-of-a-tight-list-is-a-block",
        "- Harbour traffic rose 6% in 2022\n- Ferries carried 2% fewer people\n",
        [("Harbour traffic rose 6% in 2022", ""), ("Ferries carried 2% fewer people", "")],
    ),
    (
        "a-table-without-outer-pipes",
        "Port | Tonnes\n--- | ---\nNorth quay | 4.1 million\n",
        [("4.1 million", "North quay | Tonnes")],
    ),
    (
        "a-table-in-a-block-quote",
        "> | Port | Tonnes |\n> |---|---|\n> | North quay | 4.1 million |\n",
        [("4.1 million", "North quay | Tonnes")],
    ),
    (
        "a-row-longer-than-its-header-is-cut",
        "| Port | Tonnes |\n|---|---|\n| North quay | 4.1 million | 9 |\n",
        [("4.1 million", "North quay | Tonnes")],
    ),
    (
        "a-setext-underline-is-no-part-of-its-heading",
        "Harbour traffic\n---------------\n\nText.\n",
        [("Harbour traffic", ""), ("Text.", "")],
    ),
    (
        "a-paragraph-after-a-heading-line-is-its-own",
        "# Harbour\nTraffic rose 6% in 2022.\n",
        [("Harbour", ""), ("Traffic rose 6% in 2022.", "")],
    ),
    ("a-quote-marker-is-blanked", "> Traffic rose 6% in 2022.\n", [("Traffic rose 6% in 2022.", "")]),
]


@pytest.mark.parametrize("text,blocks", [c[1:] for c in BLOCKS], ids=[c[0] for c in BLOCKS])
def test_blocks_as_commonmark_reads_them(text, blocks):
    doc = parse(text)
    assert [(doc.visible[b.start : b.end].strip(), b.context) for b in doc.blocks] == blocks


def test_a_web_pages_indents_make_no_code():
    """A web page's text is indented as its markup was: its indents make no code block."""
    text = "Harbour traffic\n\n        rose 6% in 2022.\n"
    assert "6%" not in parse(text).visible
    assert "6%" in parse(text, indents=False).visible


def test_a_long_text_is_read_in_pieces_as_a_whole(monkeypatch):
    """A long text is given to the markdown reader a piece at a time, and read as if whole:
    a fence left open at a piece's end is read on into the next."""
    from verify.reading import document

    text = "Traffic rose 6% in 2022.\n\n```\nx = 1\n\ny = 44 tonnes\n```\n\nFerries carried 2% fewer.\n\n" * 40
    whole = parse(text)
    monkeypatch.setattr(document, "CHUNK", 30)
    pieces = parse(text)
    assert pieces.visible == whole.visible and pieces.blocks == whole.blocks
    assert "44" not in pieces.visible and pieces.visible.count("6%") == 40


# ---- addresses and link targets: searched where they can be, found as a plain search finds them

_OLD_LINK_TARGET = re.compile(r"(?<=\])\((?:[^()\s]|\([^()]*\))+(?:\s+\"[^\"]*\")?\)|(?<=\]):\s*\S+")

ADDRESSES = [
    pytest.param("Read example.org/report?x=1 first.\nThen www.example.com.", id="bare-and-www-on-two-lines"),
    pytest.param("Mail <desk@example.org> or see https://example.net/a_(b)", id="angle-mail-and-scheme"),
    pytest.param("e.g. 4.5 tons, i.e. a.b.c.d.e.f.com and U.S. data", id="dots-in-prose"),
    pytest.param("no address here\n\n@@@ a@b\nmailto:x@y.z ", id="ats-and-mailto"),
    pytest.param("x.com\ny.org\n\nz.net/path\n", id="one-a-line"),
    pytest.param("", id="empty"),
]


def _addresses_as_a_whole_text_search_finds_them(text: str) -> None:
    for pattern, holds in ((document._URL, document._URL_HOLDS), (document._bare_address(), document._TLD_DOT)):
        assert document._in_lines(pattern, holds, text) == [m.span() for m in pattern.finditer(text)]


def _link_targets_as_the_lookbehind_found_them(text: str) -> None:
    assert [m.span(1) for m in document._LINK_TARGET.finditer(text)] == [
        m.span() for m in _OLD_LINK_TARGET.finditer(text)
    ]


@pytest.mark.parametrize("text", ADDRESSES)
def test_addresses_are_found_as_a_whole_text_search_finds_them(text):
    _addresses_as_a_whole_text_search_finds_them(text)


LINKS = [
    pytest.param('[a](https://x.org) and [b]: y.org\n[c](d (e)) [f](g "t")', id="inline-reference-nested-title"),
    pytest.param("]](x)](y) ]:z", id="brackets-run-on"),
    pytest.param("[a](b\n(c)) [d]( e)", id="target-over-a-line-end"),
]


@pytest.mark.parametrize("text", LINKS)
def test_link_targets_are_found_after_their_bracket(text):
    _link_targets_as_the_lookbehind_found_them(text)


_PARTS = ["news", ".com", ".io", "www.", "https://", "mailto:", "@", "<", ">", "(", ")", "[", "]", ":", '"', "a", "1"]
_PARTS += [".", "-", "/", "?", " ", "\n", "\n\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PARTS), max_size=30).map("".join))
def test_address_and_link_searches_match_plain_searches(text):
    _addresses_as_a_whole_text_search_finds_them(text)
    _link_targets_as_the_lookbehind_found_them(text)
