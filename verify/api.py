"""verify's top level: check a draft against a store.

    report = check(read("draft.md"), default_store())

reads the draft's claims, asks the store for candidate figures, aligns each claim
with them and judges it. The CLI and the server are thin adapters over this.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from . import dates, suppress
from .align import align
from .claims import mentions
from .config import tolerances as checked_tolerances
from .deriving import Rates, convert_currencies, is_change, judge_change
from .document import Document
from .judging import judge, unjudgeable
from .models import Report, Suppression, Verdict
from .store import Store


def check(doc: Document, store: Store, *, date: str | None = None,
          tolerances: dict[str, float] | None = None) -> Report:
    """Judge every claim of `doc` against the figures in `store`.

    Each claim's frame (what metric, whose, how qualified, when) is aligned field by
    field with the figures the store offers for it (`verify.align`), and judged
    (`verify.judging`). `tolerances` replaces any of the defaults in data/verdicts.toml
    (match, agree, near, rounding_cap, multiplier_step, hedge_reach). Claims the draft
    suppresses (`<!-- verify-ignore-next-line: REASON -->`) are judged all the same and
    marked, with the reason, by `suppress.apply`.

    `date` (any form `verify.dates` reads) stands in for the draft's own (its front
    matter's `date:`); a date that does not exist is an error (UsageError for `date`,
    InputError for the front matter's). A draft with neither has no date: its report
    says so (`verify.report.NO_DATE`). A claim in a unit verify does not know, or whose
    value is no finite number, is unknown (`judging.unjudgeable`).

    The report holds every verdict; `checking` gives them one at a time, for a draft
    too big to hold judged."""
    return checking(doc, store, date=date, tolerances=tolerances).report()


class Checking:
    """A check under way: iterating it judges the draft's claims one at a time, in reading
    order, each marked if the draft suppresses it; once it is iterated, `suppressions`
    are the draft's controls with their counts. Made by `checking`; `report()` is the
    whole `Report` (what `check` returns)."""

    def __init__(self, doc: Document, store: Store, date: str | None, t: dict[str, float]):
        self.doc = doc
        self.store = store
        self.draft = doc.path  # the draft's path as given
        self.date = date  # the draft's date as read, YYYY-MM-DD, or None
        self.tolerances = t
        self.marks = suppress.Marks(doc)

    def __iter__(self) -> Iterator[Verdict]:
        for verdict in judged(self.doc, self.store, self.date, self.tolerances):
            yield self.marks.mark(verdict)

    def suppressions(self) -> tuple[Suppression, ...]:
        return self.marks.suppressions()

    def report(self) -> Report:
        verdicts = tuple(self)
        return Report(self.draft, self.date, verdicts, self.suppressions(), text=self.doc.text)


def checking(doc: Document, store: Store, *, date: str | None = None,
             tolerances: dict[str, float] | None = None) -> Checking:
    """`check`, one claim at a time: the draft's date and the tolerances are read now (an
    error is raised here), its claims judged as the result is iterated."""
    t = checked_tolerances(tolerances)
    date = dates.given(date, name="date") or dates.of_draft(doc.meta, path=doc.path, text=doc.text)
    if doc.meta.get("date") not in (None, date):  # the date as read, for every stage that reads the draft's own
        doc = replace(doc, meta={**doc.meta, "date": date})
    return Checking(doc, store, date, t)


def judged(doc: Document, store: Store, date: str | None, t: dict[str, float]) -> Iterator[Verdict]:
    """The verdict on each claim of `doc` (its date read already), in reading order, unmarked."""
    rates = Rates(store)
    calendars = store.calendars()
    for claim in mentions(doc, date=date):
        verdict = unjudgeable(claim)  # a unit verify does not know, a value that is no number: no figure decides
        if verdict is not None:
            yield verdict
            continue
        figures = store.candidates(claim)
        weights = store.term_weights(list(claim.frame.words) + [w for f in figures for w in f.mention.frame.words])
        kw = {"calendars": calendars, "anchor": date, "weights": weights, "match": t["match"], "agree": t["agree"],
              "rounding_cap": t["rounding_cap"], "hedge_reach": t["hedge_reach"]}
        alignments = convert_currencies(claim, [align(claim, f, **kw) for f in figures], rates, **kw)
        verdict = judge(claim, alignments, near=t["near"])
        if verdict.verdict == "unknown" and is_change(claim):  # no stored change: work it out from the levels
            verdict = judge_change(claim, figures, weights, tolerances=t) or verdict
        yield verdict


def figures(store: Store, query: str = "", *, limit: int = 50, statuses: tuple[str, ...] = ("active",)) -> list:
    """What the store holds about some words (best first), or its first figures for no
    words. Figures that checks do not use (rejected, superseded) are found by the words
    of their subject or quote."""
    from .frames import stem

    words = [w for w in (stem(t) for t in query.split()) if w]  # as figures' subjects are stored
    if statuses == ("active",):
        return store.search(words, limit=limit) if words else store.figures()[:limit]
    found = store.figures(statuses=statuses)
    if words:
        found = [f for f in found if all(w in f"{f.mention.subject} {f.quote}".lower() for w in words)]
    return found[:limit]
