"""Suppressing: the draft's own controls applied to a judged report.

An editor silences a claim with an HTML comment, which markdown does not show:

    <!-- verify-ignore-next-line: figure from the minister's speech, not in any source -->
    <!-- verify off: quoted from the 2019 report -->  ...  <!-- verify on -->

A suppressed claim is still judged and still reported, marked with the reason; it only
stops counting towards the exit status. A control that silences nothing is kept in the
report so that stale ones are noticed (see `Report.unused`).
"""

from __future__ import annotations

from bisect import bisect_right

from ..models import Report, Suppression, Verdict
from ..reading.document import Document

OFF_REASON = "in a verify off section"


def apply(doc: Document, report: Report) -> Report:
    if not doc.controls:
        return report
    marks = Marks(doc)
    verdicts = tuple(marks.mark(v) for v in report.verdicts)
    return report._replace(verdicts=verdicts, suppressions=marks.suppressions())


class Marks:
    """A draft's controls applied to its verdicts one at a time, in reading order (a
    report written as its claims are judged), then the controls with their counts."""

    def __init__(self, doc: Document):
        controls = self.controls = doc.controls
        regions: list[
            tuple[int, int | None, int, int]
        ] = []  # (index of the off control, index of its on control or None, first offset, end offset)
        open_off: int | None = None
        for i, c in enumerate(controls):
            if c.kind == "off" and open_off is None:
                open_off = i
            elif c.kind == "on" and open_off is not None:
                regions.append((open_off, i, controls[open_off].end, c.start))
                open_off = None
        if open_off is not None:
            regions.append((open_off, None, controls[open_off].end, len(doc.text)))
        self.regions = regions
        self.starts = [a for _, _, a, _ in regions]
        self.next_line = {c.target: i for i, c in reversed(list(enumerate(controls))) if c.kind == "next-line"}
        self.counts = [0] * len(controls)

    def mark(self, v: Verdict) -> Verdict:
        """The verdict, marked with the reason of the control that silences it, if one does."""
        if not self.controls:
            return v
        offset = v.claim.quantity.start  # a claim's offsets are into the draft's text
        hit = self.next_line.get(v.claim.line)
        regions = self.regions
        if hit is None and regions:  # regions are in order and do not overlap: bisect, not scan
            k = bisect_right(self.starts, offset) - 1
            if k >= 0 and offset < regions[k][3]:
                hit = regions[k][0]
        if hit is None:
            return v
        self.counts[hit] += 1
        return v._replace(suppressed=self.controls[hit].reason or OFF_REASON)

    def suppressions(self) -> tuple[Suppression, ...]:
        """The draft's controls, each with the claims it silenced so far."""
        counts = list(self.counts)
        for off, on, _, _ in self.regions:
            if on is not None:
                counts[on] = counts[off]  # an "on" that closes a section is as used as its "off"
        return tuple(Suppression(c.line, c.kind, c.reason, counts[i]) for i, c in enumerate(self.controls))
