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

from .document import Document
from .models import Report, Suppression

OFF_REASON = "in a verify off section"


def apply(doc: Document, report: Report) -> Report:
    if not doc.controls:
        return report
    controls = doc.controls
    regions: list[tuple[int, int | None, int, int]] = []  # (index of the off control, index of its on control or None, first offset, end offset)
    open_off: int | None = None
    for i, c in enumerate(controls):
        if c.kind == "off" and open_off is None:
            open_off = i
        elif c.kind == "on" and open_off is not None:
            regions.append((open_off, i, controls[open_off].end, c.start))
            open_off = None
    if open_off is not None:
        regions.append((open_off, None, controls[open_off].end, len(doc.text)))
    starts = [a for _, _, a, _ in regions]
    next_line = {c.target: i for i, c in reversed(list(enumerate(controls))) if c.kind == "next-line"}
    counts = [0] * len(controls)
    verdicts = []
    for v in report.verdicts:
        offset = v.claim.quantity.start  # a claim's offsets are into the draft's text
        hit = next_line.get(v.claim.line)
        if hit is None and regions:  # regions are in order and do not overlap: bisect, not scan
            k = bisect_right(starts, offset) - 1
            if k >= 0 and offset < regions[k][3]:
                hit = regions[k][0]
        if hit is None:
            verdicts.append(v)
            continue
        counts[hit] += 1
        verdicts.append(v._replace(suppressed=controls[hit].reason or OFF_REASON))
    for off, on, _, _ in regions:
        if on is not None:
            counts[on] = counts[off]  # an "on" that closes a section is as used as its "off"
    suppressions = tuple(Suppression(c.line, c.kind, c.reason, counts[i]) for i, c in enumerate(controls))
    return report._replace(verdicts=tuple(verdicts), suppressions=suppressions)
