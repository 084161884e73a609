"""schema.org ClaimReview: each checked claim as the review fact-checkers publish.

    render_claimreview(reports, author="Riverton Daily", url="https://riverton.example/checks")

gives one JSON-LD document (`@graph`) with one `ClaimReview` per claim verify judged,
leaving out the claims a draft suppresses (the desk chose not to check those). Search
engines and fact-check explorers read this vocabulary; the properties they require of a
ClaimReview (`claimReviewed`, `reviewRating` with `alternateName`, `author`, `url`) are
always written, and `itemReviewed` says where the claim appears (the draft, as named,
with its date).

The rating scale maps verify's three verdicts onto schema.org's `Rating`, worst 1 to
best 3, and names each (`alternateName`, what a reader sees):

    3  supported      "Supported by the source": a sourced figure bears the number out
    2  unknown        "Unverified": no sourced figure decides it (the reason says why)
    1  contradicted   "Contradicted by the source": a sourced figure rules it out

`ratingExplanation` is the report's own line for the claim (the evidence, or the
correction), and a contradiction's or support's source is cited as `isBasedOn`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..models import Report, Verdict
from .report import message

RATINGS = {  # verdict -> (ratingValue, alternateName)
    "supported": (3, "Supported by the source"),
    "unknown": (2, "Unverified"),
    "contradicted": (1, "Contradicted by the source"),
}


def render_claimreview(reports: Sequence[Report], *, author: str, url: str, date: str | None = None) -> str:
    """The claims of `reports` as ClaimReviews, published by `author` (the newsroom or desk)
    at `url` (the page the reviews are published on; each review's own url is that page
    with the claim's place as its fragment) on `date` (YYYY-MM-DD; else each draft's)."""
    graph = [
        _review(r, v, author=author, url=url, date=date) for r in reports for v in r.verdicts if v.suppressed is None
    ]
    doc = {"@context": "https://schema.org", "@graph": graph}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _review(r: Report, v: Verdict, *, author: str, url: str, date: str | None) -> dict:
    value, name = RATINGS[v.verdict]
    claim = v.claim
    review: dict = {
        "@type": "ClaimReview",
        "url": f"{url}#{_fragment(r.draft, claim.line, claim.column)}",
        "claimReviewed": " ".join(claim.sentence.split()) or claim.quantity.text,
        "author": {"@type": "Organization", "name": author},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": 3,
            "worstRating": 1,
            "alternateName": name,
            "ratingExplanation": message(v),
        },
        "itemReviewed": {
            "@type": "Claim",
            "appearance": {"@type": "CreativeWork", "name": r.draft, **({"datePublished": r.date} if r.date else {})},
            "text": claim.quantity.text,
        },
    }
    when = date or r.date
    if when:
        review["datePublished"] = when
    if v.figure is not None and v.verdict != "unknown":
        s = v.figure.source
        cited: dict[str, Any] = {"@type": "CreativeWork", "name": s.title}
        if s.url:
            cited["url"] = s.url
        if s.publisher:
            cited["publisher"] = {"@type": "Organization", "name": s.publisher}
        if s.published:
            cited["datePublished"] = s.published
        review["isBasedOn"] = cited
    return review


def _fragment(draft: str, line: int, column: int) -> str:
    """A claim's place as a URL fragment: "claim-jiangxi-economy.md-12-31"."""
    name = draft.replace("\\", "/").rsplit("/", 1)[-1]
    safe = "".join(c if c.isalnum() or c in "-._" else "-" for c in name)
    return f"claim-{safe}-{line}-{column}"
