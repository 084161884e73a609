"""Properties of the whole pipeline on arbitrary input: it never raises, and every
position it reports points at the text it reports."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verify.api import check
from verify.reading.claims import mentions
from verify.reading.document import parse
from verify.reporting.formats import render_text
from verify.reporting.report import render_json
from verify.store.seeds import default_store

PIECES = st.sampled_from(
    [
        "Jiangxi's",
        "foreign trade",
        "reached",
        "569 billion yuan",
        "last year",
        "in 2023",
        "GDP",
        "more than",
        "80%",
        "$78.9 billion",
        "5690亿元",
        "去年",
        "增长4.1%",
        "ranked sixth",
        "nearly tripled",
        "83 projects",
        "\n",
        "\n\n",
        "# ",
        "- ",
        "1. ",
        "| a | 2023 |\n|---|---|\n| trade | 596 billion yuan |\n",
        "`x = 4.3`",
        "```\n99\n```",
        "<!-- 12 -->",
        "[link](http://x.io/45)",
        "---\ndate: 2024-05-22\n---\n",
        ", ",
        ". ",
        "—",
        "Hunan's",
        "per capita",
        "between",
        "and",
        "to",
        "less than 30",
        "hours",
        "**",
        "_",
        "[^1]",
    ]
)
DRAFTS = st.lists(PIECES, max_size=25).map(" ".join) | st.text(max_size=200)


@pytest.fixture(scope="module")
def store():
    with default_store() as s:
        yield s


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(DRAFTS)
def test_reading_never_raises_and_positions_point_at_the_text(draft):
    doc = parse(draft)
    assert len(doc.visible) == len(doc.text)
    lines = doc.text.split("\n")
    for m in mentions(doc):
        q = m.quantity
        assert doc.text[q.start : q.end] == q.text
        assert lines[m.line - 1][m.column - 1 :].startswith(q.text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(DRAFTS)
def test_checking_never_raises_and_is_deterministic(store, draft):
    doc = parse(draft)
    first = check(doc, store)
    assert render_json(first) == render_json(check(doc, store))
    render_text(first, color=True)
    for v in first.verdicts:
        assert v.verdict in ("supported", "contradicted", "unknown")
        assert (v.verdict == "contradicted") == bool(v.correction)


@given(
    st.text(alphabet="abcdeilnorstxz江西贸易", max_size=14),
    st.text(alphabet="abcdeilnorstxz江西贸易", max_size=14),
    st.sampled_from([50.0, 85.0, 90.0]),
)
def test_pruned_word_ratio_decides_as_rapidfuzz_does(a, b, cutoff):
    """The bound that spares most word pairs rapidfuzz never changes whether a pair reaches the cutoff."""
    from rapidfuzz import fuzz

    from verify.judging.align import ratio

    assert (ratio(a, b, cutoff) >= cutoff) == (fuzz.ratio(a, b) >= cutoff)
