"""verify's top level: check a draft against a store.

    report = check(read("draft.md"), default_store())

reads the draft's claims, asks the store for candidate figures, aligns each claim
with them and judges it. The CLI and the server are thin adapters over this.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from . import dates, suppress
from .align import align
from .claims import mentions
from .deriving import Rates, convert_currencies, is_change, judge_change
from .document import Document
from .judging import judge, unjudgeable
from .models import Report
from .store import Store
from .tolerances import Tolerances, tolerances as checked


def check(doc: Document, store: Store, *, date: str | None = None,
          tolerances: Tolerances | Mapping[str, float] | None = None) -> Report:
    """Judge every claim of `doc` against the figures in `store`.

    Each claim's frame (what metric, whose, how qualified, when) is aligned field by
    field with the figures the store offers for it (`verify.align`), and judged
    (`verify.judging`), with `tolerances`: a `verify.tolerances.Tolerances`, or a mapping
    that replaces some of the defaults in data/verdicts.toml (checked: UsageError). Claims the draft
    suppresses (`<!-- verify-ignore-next-line: REASON -->`) are judged all the same and
    marked, with the reason, by `suppress.apply`.

    `date` (any form `verify.dates` reads) stands in for the draft's own (its front
    matter's `date:`); a date that does not exist is an error (UsageError for `date`,
    InputError for the front matter's). A draft with neither has no date: its report
    says so (`verify.report.NO_DATE`). A claim in a unit verify does not know, or whose
    value is no finite number, is unknown (`judging.unjudgeable`)."""
    t = checked(tolerances)
    date = dates.given(date, name="date") or dates.of_draft(doc.meta, path=doc.path, text=doc.text)
    if doc.meta.get("date") not in (None, date):  # the date as read, for every stage that reads the draft's own
        doc = replace(doc, meta={**doc.meta, "date": date})
    rates = Rates(store)
    calendars = store.calendars()
    verdicts = []
    for claim in mentions(doc, date=date):
        verdict = unjudgeable(claim)  # a unit verify does not know, a value that is no number: no figure decides
        if verdict is not None:
            verdicts.append(verdict)
            continue
        figures = store.candidates(claim)
        weights = store.term_weights(list(claim.frame.words) + [w for f in figures for w in f.mention.frame.words])
        kw = {"tolerances": t, "calendars": calendars, "anchor": date, "weights": weights}
        alignments = convert_currencies(claim, [align(claim, f, **kw) for f in figures], rates, **kw)
        verdict = judge(claim, alignments, tolerances=t)
        if verdict.verdict == "unknown" and is_change(claim):  # no stored change: work it out from the levels
            verdict = judge_change(claim, figures, weights, tolerances=t) or verdict
        verdicts.append(verdict)
    return suppress.apply(doc, Report(doc.path, date, tuple(verdicts), text=doc.text))


def figures(store: Store, query: str = "", *, limit: int = 50, statuses: tuple[str, ...] = ("active",)) -> list:
    """What the store holds about some words (best first), or its first figures for no
    words. Figures that checks do not use (rejected, superseded) are found by the words
    of their subject or quote."""
    from .lexicon import stem

    words = [w for w in (stem(t) for t in query.split()) if w]  # as figures' subjects are stored
    if statuses == ("active",):
        if not words:
            return store.figures()[:limit]
        # by the metric index; else by the words of the source's sentence ("clearance" of
        # "export clearance efficiency", a figure of exports)
        return store.search(words, limit=limit) or store.quoting(query.split(), limit=limit)
    found = store.figures(statuses=statuses)
    if words:
        found = [f for f in found if all(w in f"{f.mention.subject} {f.quote}".lower() for w in words)]
    return found[:limit]
