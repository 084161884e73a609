"""Reporting: a Report as JSON (for tools) or as aligned text (for people)."""

from __future__ import annotations

import json

from . import units
from .claims import CLAUSE_END
from .judging import moved
from .judging import said as judging_said
from .matching import direction
from .models import Figure, Mention, Report, Verdict

SCHEMA_VERSION = 1
VERDICTS = ("supported", "contradicted", "unknown")
REASONS = {
    "no_match": "no stored figure is about this",
    "entity_mismatch": "the closest figure is about someone else",
    "period_mismatch": "the closest figure is about another period",
    "unit_mismatch": "the closest figure is in another unit or counts something else",
    "ambiguous": "the stored figures neither confirm nor rule this out",
}


def to_dict(report: Report) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "draft": report.draft,
        "date": report.date,
        "summary": {"claims": len(report.verdicts), **{v: report.count(v) for v in VERDICTS}},
        "claims": [_claim(v) for v in report.verdicts],
    }


def _period(m: Mention) -> dict | None:
    p = m.period
    return {"start": p.start, "end": p.end, "text": p.text} if p else None


def figure_dict(f: Figure, score: float | None = None) -> dict:
    """A stored figure as reports and the server give it: value, unit, quote, source, location."""
    q = f.mention.quantity
    out = {
        "text": q.text,
        "value": q.value,
        "unit": q.unit,
        "hedge": q.hedge,
        "period": _period(f.mention),
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


def _claim(v: Verdict) -> dict:
    m = v.claim
    q = m.quantity
    return {
        "line": m.line,
        "column": m.column,
        "text": q.text,
        "value": q.value,
        "unit": q.unit,
        "kind": q.kind,
        "noun": q.noun,
        "hedge": q.hedge,
        "period": _period(m),
        "subject": " ".join(w for w in m.subject.split() if w != CLAUSE_END),
        "verdict": v.verdict,
        "reason": v.reason,
        "message": message(v),
        "comparison": v.comparison,
        "correction": v.correction,
        "evidence": figure_dict(v.figure, v.score) if v.figure else None,
        "candidates": [figure_dict(f) for f in v.candidates],
        "basis": [figure_dict(f) for f in v.basis],
    }


def message(v: Verdict) -> str:
    """One line saying what the verdict rests on."""
    if v.verdict == "supported":
        return f"{v.comparison} ({_cite(v.figure)})"
    if v.verdict == "contradicted" and (v.basis or _converted(v)):
        return f"{v.comparison}; write {v.correction} ({_cite(v.figure)})"
    if v.verdict == "contradicted":
        return f"source says {_said(v.figure)}; write {v.correction} ({_cite(v.figure)})"
    text = REASONS.get(v.reason or "", v.reason or "")
    if v.basis:
        text += f"; {v.comparison} ({_cite(v.figure)})"
    elif v.figure is not None:
        text += f"; closest: {_said(v.figure)} ({_cite(v.figure)})"
    return text


def _converted(v: Verdict) -> bool:
    """Was the figure converted to the claim's currency at its source's rate?"""
    a, b = v.claim.quantity.unit, v.figure.mention.quantity.unit if v.figure else None
    return a != b and units.is_currency(a) and units.is_currency(b)


def _said(f: Figure) -> str:
    said = judging_said(f.mention.quantity)
    way = direction(f.mention)
    if way:  # a change: say which way it went
        said = moved(way, said)
    if f.mention.period:
        said += f" [{f.mention.period.label}]"
    return said


def _cite(f: Figure) -> str:
    s = f.source
    who = s.publisher or s.title
    return f"{who}, {s.published}" if s.published else who


def render_json(report: Report) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"


_COLORS = {"supported": "32", "contradicted": "31;1", "unknown": "33"}


def render_text(report: Report, *, color: bool = False) -> str:
    """Aligned lines for a terminal: position, verdict, the quantity, what it rests on."""
    rows = []
    for v in report.verdicts:
        pos = f"{v.claim.line}:{v.claim.column}"
        rows.append((pos, v.verdict, v.claim.quantity.text, message(v)))
    w_pos = max((len(r[0]) for r in rows), default=0)
    w_text = min(max((len(r[2]) for r in rows), default=0), 28)
    lines = [report.draft]
    for pos, verdict, text, msg in rows:
        label = f"{verdict:<12}"
        if color:
            label = f"\x1b[{_COLORS[verdict]}m{label}\x1b[0m"
        lines.append(f"  {pos:<{w_pos}}  {label}  {text:<{w_text}}  {msg}")
    n = len(report.verdicts)
    summary = ", ".join(f"{report.count(k)} {k}" for k in VERDICTS)
    lines.append(f"{n} claim{'s' if n != 1 else ''}: {summary}")
    return "\n".join(lines) + "\n"
