"""verify's top level: check a draft against a store.

    report = check(read("draft.md"), default_store())

reads the draft's claims, asks the store for candidate figures, aligns each claim
with them and judges it. The CLI and the server are thin adapters over this.
"""

from __future__ import annotations

from . import suppress
from .claims import mentions
from .deriving import Rates, convert_currencies, is_change, judge_change
from .document import Document
from .judging import judge
from .lexicon import tolerances as lexicon_tolerances
from .matching import align
from .models import Report
from .store import Store


def check(doc: Document, store: Store, *, date: str | None = None, match: float | None = None,
          agree: float | None = None, tolerances: dict[str, float] | None = None) -> Report:
    """Judge every claim of `doc` against the figures in `store`.

    `match` and `agree` are the subject scores (0-100) at which a figure is taken to be
    about the claim, and at which it is when its value also bears the claim out (see
    `judging.judge`). `tolerances` replaces any of the defaults in data/verdicts.toml
    (match, agree, near, specific, rounding_cap, multiplier_step). Claims the draft
    suppresses (`<!-- verify-ignore-next-line: REASON -->`) are judged all the same and
    marked, with the reason, by `suppress.apply`."""
    t = lexicon_tolerances(tolerances)
    match = t["match"] if match is None else match
    agree = t["agree"] if agree is None else agree
    date = date or doc.meta.get("date")
    source_names = store.names_of
    rates = Rates(store)
    verdicts = []
    for claim in mentions(doc, date=date):
        figures = store.candidates(claim.subject.split(), names=list(claim.entities))
        weights = store.term_weights(claim.subject.split() + [w for f in figures for w in f.mention.subject.split()])
        candidates = convert_currencies(claim, align(claim, figures, source_names, weights,
                                                     min_score=min(match, agree)), rates, source_names)
        verdict = judge(claim, candidates, match=match, agree=agree, near=t["near"], specific=t["specific"],
                        rounding_cap=t["rounding_cap"])
        if verdict.verdict == "unknown" and is_change(claim):  # no stored change: work it out from the levels
            verdict = judge_change(claim, figures, source_names, weights, match=match, tolerances=t) or verdict
        verdicts.append(verdict)
    return suppress.apply(doc, Report(doc.path, date, tuple(verdicts), text=doc.text))


def figures(store: Store, query: str = "", *, limit: int = 50, statuses: tuple[str, ...] = ("active",)) -> list:
    """What the store holds about some words (best first), or its first figures for no
    words. Figures that checks do not use (rejected, superseded) are found by the words
    of their subject or quote."""
    from .claims import stem

    words = [w for w in (stem(t) for t in query.split()) if w]  # as figures' subjects are stored
    if statuses == ("active",):
        return store.candidates(words, limit=limit) if words else store.figures()[:limit]
    found = store.figures(statuses=statuses)
    if words:
        found = [f for f in found if all(w in f"{f.mention.subject} {f.quote}".lower() for w in words)]
    return found[:limit]
