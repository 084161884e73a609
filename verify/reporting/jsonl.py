"""The JSON lines report: one JSON object a line, for archives of many drafts.

The JSON lines, one object a line, of three kinds:

    {"draft": PATH, "line": ..., "verdict": ..., ...}    a claim: the JSON report's claim record
    {"draft": PATH, "error": "one line"}                  a draft that could not be checked
    {"summary": {...}, "failed": [{"draft", "error"}]}    the last line: the run's counts

Written as drafts are checked (`verify.archive`, `verify.cluster`), or from reports
already made (`render_jsonl`, for `verify.reporting.formats`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .report import SCHEMA_VERSION, claim_records, dumps, summary


@dataclass(frozen=True)
class Checked:
    """One draft's result, as the JSON lines report writes it."""

    path: str  # the draft's path as given
    lines: tuple[str, ...] = ()  # its claims, each as one JSON line (no newline)
    counts: dict = field(default_factory=dict)  # its claims by verdict (verify.reporting.report.summary)
    error: str | None = None  # why it could not be checked (then no lines, no counts)
    warnings: tuple[str, ...] = ()  # what its report says of the draft as a whole (`report.warnings`: no date)


@dataclass(frozen=True)
class Summary:
    """What a run checked: the last line of the JSON lines report."""

    drafts: int  # drafts given, those that failed included
    counts: dict  # claims, each verdict, suppressed, unused_suppressions (verify.reporting.report.summary)
    failed: tuple[tuple[str, str], ...]  # (path, error) of each draft that could not be checked, in path order

    def record(self) -> dict:
        return {
            "summary": {
                "schema_version": SCHEMA_VERSION,
                "drafts": self.drafts,
                **self.counts,
                "failed": len(self.failed),
            },
            "failed": [{"draft": p, "error": e} for p, e in self.failed],
        }


class Tally:
    """Counts drafts and claims as results go by (for the summary and the exit status)."""

    def __init__(self) -> None:
        self.drafts = 0
        self.counts = summary([])  # every count at zero
        self.failed: list[tuple[str, str]] = []
        self.warned: list[tuple[str, str]] = []  # (path, warning) of each draft's warnings, in order

    def add(self, result: Checked) -> None:
        self.drafts += 1
        if result.error is not None:
            self.failed.append((result.path, result.error))
        self.warned += [(result.path, w) for w in result.warnings]
        for key, n in result.counts.items():
            self.counts[key] += n

    def merge(self, other: Summary) -> None:
        """Add a whole summary (a partition's, verify.cluster)."""
        self.drafts += other.drafts
        self.failed += other.failed
        for key, n in other.counts.items():
            self.counts[key] += n

    def summary(self) -> Summary:
        return Summary(self.drafts, dict(self.counts), tuple(sorted(self.failed)))

    def fails(self, verdicts: Iterable[str]) -> bool:
        """Is any unsuppressed claim of one of these verdicts (a --fail-on policy's)?"""
        return any(self.counts[v] for v in verdicts)


def jsonl(results: Iterable[Checked], tally: Tally | None = None, *, last: bool = True) -> Iterator[str]:
    """The JSON lines of a run's results (without newlines), counting them in `tally`;
    with `last`, the summary line at the end."""
    tally = Tally() if tally is None else tally
    for r in results:
        tally.add(r)
        if r.error is not None:
            yield dumps({"draft": r.path, "error": r.error}, ensure_ascii=False)
        else:
            yield from r.lines
    if last:
        yield dumps(tally.summary().record(), ensure_ascii=False)


def render_jsonl(reports) -> str:
    """Reports already made, as the JSON lines report (`verify.reporting.formats.render`)."""
    tally = Tally()
    results = (
        Checked(r.draft, tuple(dumps(c, ensure_ascii=False) for c in claim_records(r)), summary([r])) for r in reports
    )
    return "".join(line + "\n" for line in jsonl(results, tally))
