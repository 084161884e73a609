"""--format claimreview: one schema.org ClaimReview per checked claim (JSON-LD), with what
search engines and fact-check explorers require of one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from verify.api import check
from verify.reading.document import read
from verify.reporting.claimreview import RATINGS, render_claimreview
from verify.store.seeds import default_store

ROOT = Path(__file__).resolve().parents[2]

# What the consumers of ClaimReview require of it (Google's fact-check structured data:
# developers.google.com/search/docs/appearance/structured-data/factcheck), and the
# schema.org properties of each type used (schema.org/ClaimReview, /Rating, /Claim,
# /CreativeWork, /Organization): a property outside its type's vocabulary is a typo.
REQUIRED = {
    "ClaimReview": {"url", "claimReviewed", "author", "reviewRating"},
    "Rating": {"alternateName", "ratingValue", "bestRating", "worstRating"},
    "Claim": {"appearance"},
    "Organization": {"name"},
}
VOCABULARY = {
    "ClaimReview": {"url", "claimReviewed", "author", "reviewRating", "itemReviewed", "datePublished", "isBasedOn"},
    "Rating": {"ratingValue", "bestRating", "worstRating", "alternateName", "ratingExplanation"},
    "Claim": {"appearance", "firstAppearance", "text", "author", "datePublished"},
    "CreativeWork": {"name", "url", "datePublished", "publisher"},
    "Organization": {"name", "url"},
}


def _walk(node):
    if isinstance(node, dict):
        if "@type" in node:
            yield node
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v)


@pytest.fixture(scope="module")
def reviews():
    with default_store() as st:
        reports = [check(read(str(ROOT / "claims" / n)), st) for n in ("jiangxi-economy.md", "jiangxi-economy-zh.md")]
    text = render_claimreview(reports, author="Riverton Daily", url="https://news.example/checks/jiangxi")
    return reports, json.loads(text)


def test_each_checked_claim_is_one_claimreview(reviews):
    reports, doc = reviews
    graph = doc["@graph"]
    assert doc["@context"] == "https://schema.org"
    assert len(graph) == sum(1 for r in reports for v in r.verdicts if v.suppressed is None)
    assert [g["reviewRating"]["ratingValue"] for g in graph] == [
        RATINGS[v.verdict][0] for r in reports for v in r.verdicts if v.suppressed is None
    ]


def test_every_node_has_what_its_type_requires_and_nothing_outside_its_vocabulary(reviews):
    _, doc = reviews
    for node in _walk(doc["@graph"]):
        props = set(node) - {"@type"}
        assert REQUIRED.get(node["@type"], set()) <= props, node
        assert props <= VOCABULARY[node["@type"]], (node["@type"], props - VOCABULARY[node["@type"]])


# (verdict, rating, name a reader sees)
SCALE = [
    ("supported", 3, "Supported by the source"),
    ("unknown", 2, "Unverified"),
    ("contradicted", 1, "Contradicted by the source"),
]


@pytest.mark.parametrize("verdict,value,name", SCALE, ids=[s[0] for s in SCALE])
def test_the_rating_scale_maps_the_three_verdicts(reviews, verdict, value, name):
    reports, doc = reviews
    judged = [v for r in reports for v in r.verdicts if v.suppressed is None]
    (first, review) = next((v, g) for v, g in zip(judged, doc["@graph"]) if v.verdict == verdict)
    rating = review["reviewRating"]
    assert (rating["ratingValue"], rating["alternateName"], rating["bestRating"], rating["worstRating"]) == (
        value,
        name,
        3,
        1,
    )
    assert review["claimReviewed"] == " ".join(first.claim.sentence.split())
    assert review["itemReviewed"]["appearance"]["datePublished"] == "2024-05-28"
    if verdict != "unknown":
        assert review["isBasedOn"]["name"] and review["isBasedOn"]["datePublished"]


def test_a_contradiction_explains_itself_with_the_correction(reviews):
    _, doc = reviews
    wrong = [g for g in doc["@graph"] if g["reviewRating"]["ratingValue"] == 1]
    assert wrong and all("write " in g["reviewRating"]["ratingExplanation"] for g in wrong)


def test_the_same_reports_give_the_same_bytes(reviews):
    reports, _ = reviews
    a = render_claimreview(reports, author="A", url="https://x.example/c")
    assert a == render_claimreview(reports, author="A", url="https://x.example/c")


def _run(capsys, *args):
    from verify.adapters.cli import main

    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_cli_writes_claimreview_from_options_or_config(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    draft = "claims/jiangxi-economy.md"
    code, out, _ = _run(
        capsys,
        "check",
        draft,
        "-f",
        "claimreview",
        "--author",
        "Riverton Daily",
        "--review-url",
        "https://news.example/checks",
    )
    graph = json.loads(out)["@graph"]
    assert code == 1 and {g["author"]["name"] for g in graph} == {"Riverton Daily"}  # one claim is contradicted
    config = tmp_path / "verify.toml"
    config.write_text(
        '[claimreview]\nauthor = "Riverton Daily"\nurl = "https://news.example/checks"\n', encoding="utf-8"
    )
    assert _run(capsys, "check", draft, "-f", "claimreview", "--config", config)[1] == out


@pytest.mark.parametrize(
    "args,problem",
    [
        ([], "--format claimreview needs --author"),
        (["--author", "Riverton Daily"], "--format claimreview needs --review-url"),
        (["--author", "Riverton Daily", "--review-url", "news.example/checks"], "is not a web address"),
    ],
    ids=["an-author-is-needed", "a-page-is-needed", "the-page-is-a-web-address"],
)
def test_claimreview_without_its_author_or_page_is_a_one_line_error(capsys, monkeypatch, args, problem):
    monkeypatch.chdir(ROOT)
    code, out, err = _run(capsys, "check", "claims/jiangxi-economy.md", "-f", "claimreview", *args)
    assert code == 2 and out == "" and problem in err and err.count("\n") == 1
