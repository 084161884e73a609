"""Reporting: a Report as JSON (for tools) or as aligned text (for people)."""

from __future__ import annotations

import io
import json
import math
from collections.abc import Iterable, Iterator, Sequence
from json.encoder import encode_basestring
from typing import Any, BinaryIO, TextIO, cast

from ..judging.verdicts import as_written, moved
from ..judging.verdicts import said as judging_said
from ..knowledge import units
from ..models import Figure, Frame, Mention, Quantity, Report, Suppression, Verdict

SCHEMA_VERSION = 3
VERDICTS = ("supported", "contradicted", "unknown")
REASONS = {
    "no_match": "no stored figure is about this",
    "entity_mismatch": "the closest figure is about someone else",
    "metric_mismatch": "the closest figure measures something else",
    "qualifier_mismatch": "the closest figure is qualified otherwise",
    "period_mismatch": "the closest figure is about another period",
    "unit_mismatch": "the closest figure is in another unit or counts something else",
    "finer_than_source": "the claim is more precise than its source",
    "ambiguous": "the stored figures neither confirm nor rule this out",
    "unit_unknown": "the claim or the closest figure is in a unit or currency verify does not know",
    "value_not_finite": "the claim or the closest figure gives a value that is no finite number",
}
# said once in the entry of a draft without a usable date (see verify/reading/dates.py)
NO_DATE = (
    "no date: relative periods ('last year') are not resolved and a claim that names no period is read "
    "against the latest figures (give the draft 'date: YYYY-MM-DD' in its front matter, or --date)"
)


def to_dict(reports: Report | Sequence[Report]) -> dict:
    """The JSON report (schema: verify/data/report.schema.json): every claim of every draft
    in one list, each naming its draft; one entry per draft for what is not a claim."""
    reports = [reports] if isinstance(reports, Report) else list(reports)
    claims = []
    for r in reports:
        claims += claim_records(r)
    return {
        "schema_version": SCHEMA_VERSION,
        "summary": {"drafts": len(reports), **summary(reports)},
        "drafts": [_draft(r) for r in reports],
        "claims": claims,
    }


def claim_records(report: Report) -> list[dict]:
    """The JSON report's records of one draft's claims, each naming its draft (the JSON
    lines report, `verify.archive`, writes each as one line)."""
    return [
        {"draft": report.draft, **_claim(v), "fingerprint": fp} for v, fp in zip(report.verdicts, fingerprints(report))
    ]


def _draft(r: Report, counts: dict | None = None) -> dict:
    """A draft's entry: its path, date and counts, its in-document controls, and (only
    when there is something to say) warnings about the draft as a whole."""
    out: dict[str, Any] = {
        "path": r.draft,
        "date": r.date,
        "summary": counts or summary([r]),
        "suppressions": [_suppression(s) for s in r.suppressions],
    }
    if warnings(r):
        out["warnings"] = warnings(r)
    return out


def warnings(report: Report) -> list[str]:
    """What a draft's report must say about the draft as a whole, once: it has no date."""
    return [NO_DATE] if report.date is None else []


def number(value: float) -> float | None:
    """A value as JSON can hold it: a float that is no finite number ("1e400" is read as
    infinity) is null, as JSON has no Infinity or NaN."""
    return value if math.isfinite(value) else None


def dumps(obj, **kw) -> str:
    """json.dumps that never writes Infinity or NaN (which are not JSON): any such float
    left in `obj` is written as null."""
    try:
        return json.dumps(obj, allow_nan=False, **kw)
    except ValueError:
        return json.dumps(_finite(obj), allow_nan=False, **kw)


def _finite(obj):
    if isinstance(obj, float):
        return number(obj)
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def summary(reports: Sequence[Report]) -> dict:
    """Counts of claims by verdict; suppressed claims count only as suppressed."""
    return {
        "claims": sum(len(r.verdicts) for r in reports),
        **{v: sum(r.count(v) for r in reports) for v in VERDICTS},
        "suppressed": sum(r.suppressed for r in reports),
        "unused_suppressions": sum(len(r.unused) for r in reports),
    }


def _suppression(s: Suppression) -> dict:
    return {"line": s.line, "kind": s.kind, "reason": s.reason, "claims": s.claims}


def fingerprints(report: Report) -> list[str]:
    """A stable id per claim, from what it says rather than where: the quantity as written,
    its subject and period, and which occurrence of that it is in the draft. Moving a
    paragraph or editing another one keeps it; rewording the claim changes it."""
    prints = Fingerprints()
    return [prints(v.claim) for v in report.verdicts]


class Fingerprints:
    """The fingerprints of one draft's claims, given one at a time in reading order."""

    def __init__(self):
        import hashlib  # here: only the JSON and SARIF reports carry fingerprints

        self.sha256 = hashlib.sha256
        self.seen: dict[str, int] = {}  # key -> occurrences so far

    def __call__(self, m: Mention) -> str:
        key = "\x1f".join((" ".join(m.quantity.text.casefold().split()), m.subject, m.period.label if m.period else ""))
        n = self.seen[key] = self.seen.get(key, 0) + 1
        return self.sha256(f"{key}\x1f{n}".encode()).hexdigest()[:32]


def _period(m: Mention) -> dict | None:
    p = m.period
    if p is None:
        return None
    return {
        "start": p.start,
        "end": p.end,
        "text": p.text,
        "label": p.label,
        "first": p.first,
        "last": p.last,
        "stated": p.stated,
    }


def frame_dict(f: Frame) -> dict:
    """What a claim or figure is about, field by field, as reports give it."""
    return {
        "metric": f.metric,
        "concept": f.concept,
        "modifiers": list(f.modifiers),
        "entity": f.entity,
        "entity_name": f.entity_name,
        "segment": f.segment,
        "qualifiers": dict(f.qualifiers),
        "change": f.change,
    }


def figure_dict(f: Figure, score: float | None = None) -> dict:
    """A stored figure as reports and the server give it: value, unit, quote, source, location."""
    q = f.mention.quantity
    out = {
        "text": q.text,
        "value": number(q.value),
        "unit": q.unit,
        "hedge": q.hedge,
        "period": _period(f.mention),
        "frame": frame_dict(f.mention.frame),
        "quote": f.quote,
        "source": {
            "title": f.source.title,
            "publisher": f.source.publisher,
            "published": f.source.published,
            "author": f.source.author,
            "url": f.source.url,
            "path": f.source.path,
        },
        "location": {"line": f.mention.line, "column": f.mention.column, "start": q.start, "end": q.end},
    }
    if score is not None:
        out["score"] = score
    return out


def figure_record(f: Figure) -> dict:
    """A stored figure as the store lists it: its id, the figure, and its review."""
    return {"id": f.id, **figure_dict(f), "status": f.status, "review": f.review, "note": f.note}


def _claim(v: Verdict, figure=lambda f, score, level: figure_dict(f, score)) -> dict:
    """A claim as the JSON report gives it; `figure(f, score, level)` gives each figure
    it cites (at that level of nesting)."""
    m = v.claim
    q = m.quantity
    return {
        "line": m.line,
        "column": m.column,
        "text": q.text,
        "value": number(q.value),
        "unit": q.unit,
        "kind": q.kind,
        "noun": q.noun,
        "hedge": q.hedge,
        "period": _period(m),
        "subject": m.subject,
        "frame": frame_dict(m.frame),
        "verdict": v.verdict,
        "reason": v.reason,
        "message": message(v),
        "comparison": v.comparison,
        "correction": v.correction,
        "evidence": figure(v.figure, v.score, 3) if v.figure else None,
        "alignment": dict(v.fields) if v.fields else None,
        "candidates": [figure(f, None, 4) for f in v.candidates],
        "basis": [figure(f, None, 4) for f in v.basis],
        "suppressed": v.suppressed,
    }


def message(v: Verdict) -> str:
    """One line saying what the verdict rests on."""
    if v.verdict == "supported" and v.figure is not None:
        by = ", as an editor corrected it" if v.figure.review == "corrected" else ""
        return f"{v.comparison}{by} ({_cite(v.figure)})"
    if v.verdict == "contradicted" and v.figure is not None and (v.basis or _converted(v)):
        return f"{v.comparison}; write {v.correction} ({_cite(v.figure)})"
    if v.verdict == "contradicted" and v.figure is not None:
        who = "an editor's correction of the source says" if v.figure.review == "corrected" else "source says"
        note = f"; editor's note: {v.figure.note}" if v.figure.review == "corrected" and v.figure.note else ""
        return f"{who} {_said(v.figure)}; write {v.correction} ({_cite(v.figure)}{note})"
    text = REASONS.get(v.reason or "", v.reason or "")
    if v.basis and v.figure is not None:
        text += f"; {v.comparison} ({_cite(v.figure)})"
    elif v.figure is not None:
        why = f" ({v.comparison})" if v.comparison and v.reason != "ambiguous" else ""
        text += f"{why}; closest: {_said(v.figure)} ({_cite(v.figure)})"
    elif v.comparison:  # judged before any figure was looked for: say what stood in the way
        text += f" ({v.comparison})"
    return text


def _converted(v: Verdict) -> bool:
    """Was the figure converted to the claim's currency at its source's rate?"""
    a, b = v.claim.quantity.unit, v.figure.mention.quantity.unit if v.figure else None
    return a != b and units.is_currency(a) and units.is_currency(b)


def _said(f: Figure) -> str:
    q = f.mention.quantity
    said = as_written(q) if f.review in ("corrected", "added") else judging_said(q)
    way = f.mention.frame.change
    if way:  # a change: say which way it went
        said = moved(way, said)
    if f.mention.period:
        said += f" [{f.mention.period.label}]"
    return said


def _cite(f: Figure) -> str:
    s = f.source
    who = s.publisher or s.title
    return f"{who}, {s.published}" if s.published else who


def render_json(reports: Report | Sequence[Report]) -> str:
    return dumps(to_dict(reports), ensure_ascii=False, indent=2) + "\n"


class Tally:
    """A draft's counts (as `summary` gives them), kept as its verdicts go by."""

    def __init__(self):
        self.counts = dict.fromkeys(("claims", *VERDICTS, "suppressed", "unused_suppressions"), 0)

    def add(self, v: Verdict) -> None:
        self.counts["claims"] += 1
        self.counts["suppressed" if v.suppressed is not None else v.verdict] += 1

    def close(self, suppressions: Sequence[Suppression]) -> dict:
        self.counts["unused_suppressions"] = sum(s.claims == 0 for s in suppressions)
        return self.counts


def total(counts: Sequence[dict]) -> dict:
    """The counts of several drafts together."""
    keys = ("claims", *VERDICTS, "suppressed", "unused_suppressions")
    return {k: sum(c[k] for c in counts) for k in keys}


def write_json(checks: Iterable, out: TextIO | BinaryIO) -> dict:
    """The JSON report of `render_json`, byte for byte, written as the claims are judged:
    `checks` are `verify.api.Checking`s (iterated here, one after the other). Each claim is
    written as it comes to a spool (`Spool`), so that memory does not grow with the number of
    claims, and the spool follows the summary, which needs them all. The counts of all
    the drafts together are returned. `out` is a text stream, or a binary one (a file
    `verify check` writes), which is given the report in UTF-8: the spool is then copied
    as the bytes it holds, not read back as text to be encoded again (a big draft's
    report is gigabytes, copied after its last claim is judged)."""
    binary = cast(BinaryIO, out) if _binary(out) else None

    def put(text: str) -> None:
        if binary is not None:
            binary.write(text.encode("utf-8"))
        else:
            cast(TextIO, out).write(text)

    drafts, counts = [], []
    figures = _Figures()
    with Spool() as spool:
        first = True
        for c in checks:
            tally, prints = Tally(), Fingerprints()
            for v in c:
                tally.add(v)
                claim = {"draft": c.draft, **_claim(v, figures), "fingerprint": prints(v.claim)}
                spool.write(("    " if first else ",\n    ") + _indented(claim, 2))
                first = False
            suppressions = c.suppressions()
            counts.append(tally.close(suppressions))
            drafts.append(_draft(Report(c.draft, c.date, (), suppressions), counts[-1]))
        whole = total(counts)
        head = dumps(
            {
                "schema_version": SCHEMA_VERSION,
                "summary": {"drafts": len(drafts), **whole},
                "drafts": drafts,
                "claims": [],
            },
            ensure_ascii=False,
            indent=2,
        )
        if first:
            put(head + "\n")
            return whole
        put(head.removesuffix("[]\n}") + "[\n")
        spool.copy(out)
        put("\n  ]\n}\n")
    return whole


def _binary(out) -> bool:
    """Is `out` a stream of bytes (anything else is written text)?"""
    return isinstance(out, (io.RawIOBase, io.BufferedIOBase))


SPOOL_MEMORY = 4_000_000  # characters a Spool keeps in memory before it moves them to a temporary file


class Spool:
    """Text kept for later: in memory up to SPOOL_MEMORY characters, then in a temporary
    file (so a small report costs no file, and a big one no memory)."""

    def __init__(self):
        self.parts: list[str] = []
        self.size = 0
        self.file = None

    def write(self, text: str) -> None:
        if self.file is not None:
            self.file.write(text)
            return
        self.parts.append(text)
        self.size += len(text)
        if self.size > SPOOL_MEMORY:
            import tempfile

            self.file = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n")
            self.file.writelines(self.parts)
            self.parts = []

    def copy(self, out: TextIO | BinaryIO) -> None:
        """Write what was kept to `out`: text, or to a binary stream its UTF-8 (the bytes
        of the file it is kept in, as they are)."""
        binary = _binary(out)
        if self.file is None:
            if binary:
                cast(BinaryIO, out).writelines(part.encode("utf-8") for part in self.parts)
            else:
                cast(TextIO, out).writelines(self.parts)
            return
        import shutil

        self.file.seek(0)  # flushed
        if binary:
            self.file.buffer.seek(0)
            shutil.copyfileobj(self.file.buffer, cast(BinaryIO, out), 1 << 20)
        else:
            shutil.copyfileobj(self.file, cast(TextIO, out), 1 << 20)

    def lines(self) -> Iterator[str]:
        """What was kept, line by line."""
        if self.file is None:
            return iter("".join(self.parts).split("\n")[:-1])  # not splitlines: a claim may hold a U+2028
        self.file.seek(0)
        return iter(self.file)

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc) -> None:
        if self.file is not None:
            self.file.close()


class _Raw:
    """JSON written already (not a subclass of str: this module is compiled, and a
    compiled class cannot be one)."""

    __slots__ = ("json",)

    def __init__(self, json: str):
        self.json = json  # the value as `_indented` writes it


class _Figures:
    """Figures as JSON, each written once for a run: a big draft's claims cite the same
    figures of the store again and again (at most LIMIT kept, so memory stays flat)."""

    LIMIT = 20_000

    def __init__(self):
        self.written: dict[tuple, _Raw] = {}

    def __call__(self, f: Figure, score: float | None, level: int) -> _Raw:
        key = (f, score, level)
        out = self.written.get(key)
        if out is None:
            if len(self.written) >= self.LIMIT:
                self.written.clear()
            out = self.written[key] = _Raw(_indented(figure_dict(f, score), level))
        return out


def _indented(obj, level: int) -> str:
    """`obj` as `dumps(obj, ensure_ascii=False, indent=2)` writes it at `level` levels of
    nesting, byte for byte (a float that is no finite number as null), in a fraction of
    its time: json writes an indented report in pure Python, one call per value. A
    function of the module, not a closure that calls itself: that would be a reference
    cycle a claim, which a command (run without the cycle collector) would never free.
    The values of a dict or list that are strings or None, most of a claim's, are written
    in its loop, without a call each."""
    if isinstance(obj, str):
        return encode_basestring(obj)
    if type(obj) is _Raw:
        return obj.json
    if obj is None:
        return "null"
    if obj is True:
        return "true"
    if obj is False:
        return "false"
    if isinstance(obj, int):
        return int.__repr__(obj)
    if isinstance(obj, float):
        return float.__repr__(obj) if math.isfinite(obj) else "null"
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        keys = _KEYS
        parts = []
        for k, v in obj.items():
            key = keys.get(k) if type(k) is str else None
            if key is None:
                key = encode_basestring(str(k)) + ": "
                if type(k) is str and len(keys) < _KEYS_LIMIT:
                    keys[k] = key
            t = type(v)
            if t is str:
                parts.append(key + encode_basestring(v))
            elif t is _Raw:
                parts.append(key + v.json)
            elif v is None:
                parts.append(key + "null")
            else:
                parts.append(key + _indented(v, level + 1))
    elif isinstance(obj, (list, tuple)):
        if not obj:
            return "[]"
        parts = []
        for v in obj:
            t = type(v)
            if t is _Raw:
                parts.append(v.json)
            elif t is str:
                parts.append(encode_basestring(v))
            else:
                parts.append(_indented(v, level + 1))
    else:
        return dumps(obj, ensure_ascii=False)  # anything else: as json has it
    inner = "\n" + "  " * (level + 1)
    opening, closing = ("{", "}") if isinstance(obj, dict) else ("[", "]")
    return opening + inner + ("," + inner).join(parts) + "\n" + "  " * level + closing


_KEYS: dict[str, str] = {}  # a dict's keys as `_indented` writes them, with their colon: the same few again and again
_KEYS_LIMIT = 10_000  # keys kept (a report's are the schema's and a few dozen qualifiers')


# ---- the report in words, for every format that writes them --------------------------


def unused_text(s: Suppression) -> str:
    what = {"next-line": "verify-ignore-next-line", "off": "verify off", "on": "verify on"}[s.kind]
    if s.kind == "on":
        return f"{what} closes no verify off section"
    return f"{what}{': ' + s.reason if s.reason else ''} silences no claim; remove it"


def summary_line(reports: Sequence[Report], counts: dict | None = None) -> str:
    """The closing line: counts of the run's claims (`counts`, when they were kept as the
    claims went by: `report.total`)."""
    counts = counts or summary(reports)
    n = counts["claims"]
    text = f"{n} claim{'s' if n != 1 else ''}: " + ", ".join(f"{counts[k]} {k}" for k in VERDICTS)
    if counts["suppressed"]:
        text += f", {counts['suppressed']} suppressed"
    if counts["unused_suppressions"]:
        k = counts["unused_suppressions"]
        text += f"; {k} unused suppression{'s' if k != 1 else ''}"
    if len(reports) > 1:
        text += f" in {len(reports)} drafts"
    return text


def quantity_record(q: Quantity, start: int | None = None) -> dict:
    """One quantity as `verify extract` writes it.

    "value" is null for a number that is no finite one ("1e400").
    "unit" is a string pint's default registry parses (currencies as ISO codes). pint has
    no percentage point, so points are written as unit "percent" (a point, like a percent,
    is a hundredth) with "points": true; verify itself never compares the two.
    """
    s = q.start if start is None else start
    points = units.is_points(q.unit)
    value = q.value * units.resolve(q.unit).factor if points else q.value  # in percentage points
    return {
        "start": s,
        "end": s + (q.end - q.start),
        "text": q.text,
        "value": value if math.isfinite(value) else None,  # "1e400" is read as infinity, which JSON cannot hold
        "unit": "percent" if points else q.unit,
        "points": points,
        "kind": q.kind,
        "noun": q.noun,
        "hedge": q.hedge,
    }
