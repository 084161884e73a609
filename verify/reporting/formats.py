"""Rendering: judged reports in the format their reader wants.

    text      aligned lines for a terminal (colour only on a terminal, never with NO_COLOR)
    json      for tools; versioned, schema in verify/data/report.schema.json (see report.py)
    sarif     SARIF 2.1.0 for code scanning: contradicted as errors, unknown as warnings
    github    workflow commands: ::error / ::warning annotations, at most ten of each, and a notice
    markdown  a summary table for a pull-request comment or $GITHUB_STEP_SUMMARY
    html      the article rendered, every claim highlighted in place, evidence beside it (htmlreport.py)
    claimreview  schema.org ClaimReview, one per checked claim, as JSON-LD (claimreview.py)
    jsonl     one JSON line per claim and a summary line (archive.py: streamed by `verify check`)

Every renderer takes the reports of one run (one per draft) and returns a string; each is
linear in the number of claims, and the same reports always render to the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO

from .. import __version__
from ..models import Report, Suppression, Verdict
from .report import (  # noqa: F401  (summary_line, unused_text: as formats has given them)
    VERDICTS,
    Spool,
    Tally,
    dumps,
    fingerprints,
    message,
    render_json,
    summary,
    summary_line,
    total,
    unused_text,
    warnings,
)

FORMATS = ("text", "json", "sarif", "github", "markdown", "html", "jsonl", "claimreview")


def render(fmt: str, reports: Sequence[Report], *, color: bool = False, review: dict | None = None) -> str:
    """The reports in format `fmt`; `review` gives claimreview its author, url and date."""
    if fmt == "text":
        return render_text(reports, color=color)
    if fmt == "json":
        return render_json(reports)
    if fmt == "sarif":
        return render_sarif(reports)
    if fmt == "github":
        return render_github(reports)
    if fmt == "markdown":
        return render_markdown(reports)
    if fmt == "html":
        from .html import render_html

        return render_html(reports)
    if fmt == "jsonl":
        from .jsonl import render_jsonl

        return render_jsonl(reports)
    if fmt == "claimreview":
        from .claimreview import render_claimreview

        return render_claimreview(reports, **(review or {}))
    raise ValueError(fmt)


# ---- text -------------------------------------------------------------------------

_COLORS = {"supported": "32", "contradicted": "31;1", "unknown": "33", "suppressed": "2", "unused": "33"}


def _width(text: str) -> int:
    """Columns a terminal gives `text`: Chinese characters and full-width forms take two."""
    if text.isascii():
        return len(text)
    from unicodedata import east_asian_width

    return sum(2 if east_asian_width(c) in "WF" else 1 for c in text)


def _text_row(v: Verdict) -> tuple[int, str, str, str, str]:
    pos = f"{v.claim.line}:{v.claim.column}"
    if v.suppressed is not None:
        return v.claim.line, pos, "suppressed", v.claim.quantity.text, f"{v.suppressed} [would be {v.verdict}]"
    return v.claim.line, pos, v.verdict, v.claim.quantity.text, message(v)


def _unused_row(s: Suppression) -> tuple[int, str, str, str, str]:
    return s.line, f"{s.line}:1", "unused", "", unused_text(s)


def _draft_lines(report: Report, rows: Iterable[tuple], w_pos: int, w_text: int, *, color: bool) -> Iterator[str]:
    yield report.draft
    yield from (f"  warning: {w}" for w in warnings(report))
    for _, pos, verdict, text, msg in rows:
        label = f"{verdict:<12}"
        if color:
            label = f"\x1b[{_COLORS[verdict]}m{label}\x1b[0m"
        pad = " " * max(0, w_text - _width(text))
        yield f"  {pos:<{w_pos}}  {label}  {text}{pad}  {msg}"


def _widths(rows: Iterable[tuple]) -> tuple[int, int]:
    w_pos = w_text = 0
    for r in rows:
        w_pos, w_text = max(w_pos, len(r[1])), max(w_text, _width(r[3]))
    return w_pos, min(w_text, 28)


def render_text(reports: Report | Sequence[Report], *, color: bool = False) -> str:
    """Aligned lines for a terminal: position, verdict, the quantity, what it rests on."""
    reports = [reports] if isinstance(reports, Report) else list(reports)
    lines: list[str] = []
    for report in reports:
        rows = [_text_row(v) for v in report.verdicts] + [_unused_row(s) for s in report.unused]
        rows.sort(key=lambda r: r[0])  # stable: claims keep reading order
        lines += _draft_lines(report, rows, *_widths(rows), color=color)
    lines.append(summary_line(reports))
    return "\n".join(lines) + "\n"


def write_text(checks: Iterable, out: TextIO, *, color: bool = False) -> dict:
    """The text report of `render_text`, byte for byte, written as the claims are judged:
    `checks` are `verify.api.Checking`s. A draft's rows wait in a spool (`report.Spool`) until its
    last claim gives the widths of its columns (and its controls, the unused ones), so
    memory does not grow with the number of claims. Returns the counts of all drafts."""
    import json

    counts, drafts = [], []
    for c in checks:
        tally = Tally()
        w_pos = w_text = 0
        in_order, last = True, 0  # claims come in reading order, so by line: the rows need no sorting
        with Spool() as spool:
            for v in c:
                tally.add(v)
                row = _text_row(v)
                w_pos, w_text = max(w_pos, len(row[1])), max(w_text, _width(row[3]))
                in_order, last = in_order and row[0] >= last, row[0]
                spool.write(json.dumps(row, ensure_ascii=False) + "\n")
            suppressions = c.suppressions()
            counts.append(tally.close(suppressions))
            report = Report(c.draft, c.date, (), suppressions)
            unused = [_unused_row(s) for s in report.unused]
            w_pos = max([w_pos, *(len(r[1]) for r in unused)])
            judged: Iterator[tuple] = (tuple(json.loads(line)) for line in spool.lines())
            rows: Iterable[tuple]
            if in_order:  # a control's row after the claims of its line and of the lines before it
                rows = _merged(judged, unused)
            else:
                rows = sorted([*judged, *unused], key=lambda r: r[0])
            for line in _draft_lines(report, rows, w_pos, min(w_text, 28), color=color):
                out.write(line + "\n")
        drafts.append(report)
    whole = total(counts)
    out.write(summary_line(drafts, whole) + "\n")
    return whole


def _merged(rows: Iterator[tuple], unused: list[tuple]) -> Iterator[tuple]:
    """Claims' rows, in order of line, with the unused controls' rows put in as a stable
    sort by line puts them (after the claims of their line)."""
    k = 0
    for r in rows:
        while k < len(unused) and unused[k][0] < r[0]:
            yield unused[k]
            k += 1
        yield r
    yield from unused[k:]


# ---- SARIF ------------------------------------------------------------------------

_RULES = [
    ("contradicted", "error", "A stored source gives another value for this claim."),
    ("unknown", "warning", "No stored source confirms or rules out this claim."),
    ("unused-suppression", "warning", "An in-document verify control silences no claim."),
]


def _uri(path: str) -> str:
    from urllib.parse import quote

    return quote(path.replace("\\", "/"), safe="/:")


def render_sarif(reports: Sequence[Report]) -> str:
    """SARIF 2.1.0. Supported claims are not results (nothing to fix); suppressed ones
    carry an inSource suppression with the draft's reason, as code scanning expects."""
    index = {rule: i for i, (rule, _, _) in enumerate(_RULES)}
    results = []
    for report in reports:
        uri = _uri(report.draft)
        for v, fp in zip(report.verdicts, fingerprints(report)):
            if v.verdict == "supported":
                continue
            m = v.claim
            result = {
                "ruleId": v.verdict,
                "ruleIndex": index[v.verdict],
                "level": "error" if v.verdict == "contradicted" else "warning",
                "message": {"text": f"{m.quantity.text}: {message(v)}"},
                "locations": [_location(uri, m.line, m.column, m.column + len(m.quantity.text.split("\n")[0]))],
                "partialFingerprints": {"verifyClaim/v1": fp},
                "properties": {"verdict": v.verdict, "reason": v.reason, "correction": v.correction},
            }
            if v.suppressed is not None:
                result["suppressions"] = [{"kind": "inSource", "justification": v.suppressed}]
            results.append(result)
        for s in report.unused:
            results.append(
                {
                    "ruleId": "unused-suppression",
                    "ruleIndex": index["unused-suppression"],
                    "level": "warning",
                    "message": {"text": unused_text(s)},
                    "locations": [_location(uri, s.line, 1, None)],
                }
            )
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "verify",
                        "version": __version__,
                        "rules": [
                            {
                                "id": rule,
                                "name": rule,
                                "shortDescription": {"text": text},
                                "defaultConfiguration": {"level": level},
                            }
                            for rule, level, text in _RULES
                        ],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return dumps(log, ensure_ascii=False, indent=2) + "\n"


def _location(uri: str, line: int, column: int, end_column: int | None) -> dict:
    region = {"startLine": line, "startColumn": column}
    if end_column:
        region["endColumn"] = end_column
    return {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}


# ---- GitHub workflow commands -----------------------------------------------------

GITHUB_LIMIT = 10  # GitHub shows at most ten annotations of each level per step


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(reports: Sequence[Report]) -> str:
    """`::error` for contradicted claims and `::warning` for unknown ones (ten of each at
    most, as GitHub shows no more), then one `::notice` with the whole count."""
    lines = []
    shown = {"error": 0, "warning": 0}
    total = {"error": 0, "warning": 0}
    for report in reports:
        items: list[tuple[int, str, int, int, str, str]] = []
        for v in report.verdicts:
            if v.verdict == "supported" or v.suppressed is not None:
                continue
            level = "error" if v.verdict == "contradicted" else "warning"
            m = v.claim
            items.append(
                (
                    m.line,
                    level,
                    m.column,
                    m.column + len(m.quantity.text.split("\n")[0]),
                    f"verify: {v.verdict} claim",
                    f"{m.quantity.text}: {message(v)}",
                )
            )
        for s in report.unused:
            items.append((s.line, "warning", 1, 0, "verify: unused suppression", unused_text(s)))
        items.sort(key=lambda i: i[0])
        for line, level, col, end, title, text in items:
            total[level] += 1
            if shown[level] >= GITHUB_LIMIT:
                continue
            shown[level] += 1
            props = f"file={_gh_property(report.draft)},line={line},col={col}"
            if end:
                props += f",endColumn={end}"
            lines.append(f"::{level} {props},title={_gh_property(title)}::{_gh_data(text)}")
    note = f"verify: {summary_line(reports)}"
    hidden = [f"{total[k] - shown[k]} more {k}s" for k in ("error", "warning") if total[k] > shown[k]]
    if hidden:
        note += f" ({' and '.join(hidden)} not annotated; see the full report)"
    lines.append(f"::notice title=verify::{_gh_data(note)}")
    return "\n".join(lines) + "\n"


# ---- markdown ---------------------------------------------------------------------

_ICON = {"contradicted": "❌", "unknown": "❔", "supported": "✅", "suppressed": "➖"}


def _cell(text: str) -> str:
    return (
        " ".join(str(text).split())
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("`", "\\`")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def render_markdown(reports: Sequence[Report]) -> str:
    """A pull-request comment: the count, a table of what needs an editor (contradicted,
    unknown, unused suppressions), and the rest folded away."""
    counts = summary(reports)
    head = (
        f"### verify: {counts['contradicted']} contradicted, {counts['unknown']} unknown, "
        f"{counts['supported']} supported"
    )
    if counts["suppressed"]:
        head += f", {counts['suppressed']} suppressed"
    drafts = len(reports)
    claims = counts["claims"]
    head += f" ({claims} claim{'s' if claims != 1 else ''} in {drafts} draft{'s' if drafts != 1 else ''})"
    problems: list[str] = []
    rest: list[str] = []
    for report in reports:
        for v in report.verdicts:
            row = _row(report.draft, v)
            (rest if v.verdict == "supported" or v.suppressed is not None else problems).append(row)
        for s in report.unused:
            problems.append(
                f"| ⚠️ | | `{_cell(report.draft)}:{s.line}` | unused suppression | {_cell(unused_text(s))} |"
            )
    header = ["| | Claim | Where | Verdict | What the sources say |", "|---|---|---|---|---|"]
    out = [head, ""]
    if problems:
        out += header + problems + [""]
    else:
        out += ["No claim needs an editor's attention.", ""]
    if rest:
        out += (
            [f"<details><summary>{len(rest)} supported or suppressed</summary>", ""]
            + header
            + rest
            + ["", "</details>", ""]
        )
    return "\n".join(out)


def _row(draft: str, v: Verdict) -> str:
    label = "suppressed" if v.suppressed is not None else v.verdict
    said = f"{v.suppressed} (would be {v.verdict})" if v.suppressed is not None else message(v)
    return (
        f"| {_ICON[label]} | {_cell(v.claim.quantity.text)} | `{_cell(draft)}:{v.claim.line}:{v.claim.column}` "
        f"| {label} | {_cell(said)} |"
    )
