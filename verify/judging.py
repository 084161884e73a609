"""Judging: is a claim supported or contradicted by the figure it was matched with?

Values are intervals. A figure written without a hedge is the value it states; a
claim covers the values that round to it at its own precision (`3.2 trillion`
covers 3.15-3.25 trillion, widened by no more than `rounding_cap` of the value).
Hedges turn either side into a bound or a band, as data/language.toml defines them.
The claim is supported when everything the figure allows lies inside the claim,
contradicted when nothing does, and otherwise neither can be said (`ambiguous`).
"""

from __future__ import annotations

import math
import re

from . import units
from .lexicon import hedges, thresholds
from .matching import Candidate, clause_overlap, direction
from .models import Mention, Quantity, Verdict
from .quantities import as_percent

INF = math.inf

# interval: (low, high, low_open, high_open)
Interval = tuple[float, float, bool, bool]


def interval(q: Quantity, *, exact: bool = False, rounding_cap: float | None = None) -> Interval:
    """The values a quantity allows. `exact`: take an unhedged value as a point (a source's figure)."""
    v = q.value
    rounding_cap = thresholds()["rounding_cap"] if rounding_cap is None else rounding_cap
    half = 0.0 if exact else min(q.step / 2, abs(v) * rounding_cap)
    h = hedges().get(q.hedge) if q.hedge else None
    if h is None:
        return (v - half, v + half, False, False)
    if h.bound == "lower":
        return (v, INF, h.strict, True)
    if h.bound == "upper":
        return (-INF, v, True, h.strict)
    if h.bound == "below":
        return (v - abs(v) * h.tolerance, v, False, False)
    return (v - abs(v) * h.tolerance - half, v + abs(v) * h.tolerance + half, False, False)


def _inside(f: Interval, c: Interval) -> bool:
    lo_ok = f[0] > c[0] or (f[0] == c[0] and (f[2] or not c[2]))
    hi_ok = f[1] < c[1] or (f[1] == c[1] and (f[3] or not c[3]))
    return lo_ok and hi_ok


def _disjoint(f: Interval, c: Interval) -> bool:
    if f[1] < c[0] or c[1] < f[0]:
        return True
    if f[1] == c[0]:
        return f[3] or c[2]
    if c[1] == f[0]:
        return c[3] or f[2]
    return False


def compare(claim: Quantity, figure: Quantity, *, rounding_cap: float | None = None, tolerance: float = 1e-9) -> str:
    """supported | contradicted | ambiguous, for two quantities in compatible units."""
    claim, figure = as_percent(claim), as_percent(figure)
    f_value = figure.value
    if claim.unit and figure.unit and claim.unit != figure.unit:
        f_value = units.convert(figure.value, figure.unit, claim.unit)
        figure = Quantity(figure.start, figure.end, figure.text, f_value, claim.unit, figure.kind, figure.noun,
                          figure.hedge, figure.hedge_text, 0.0, figure.lang)
    c = interval(claim, rounding_cap=rounding_cap)
    f = interval(figure, exact=True)
    pad = abs(f_value) * tolerance
    c = (c[0] - pad, c[1] + pad, c[2], c[3])
    if _inside(f, c):
        return "supported"
    if _disjoint(f, c):
        return "contradicted"
    return "ambiguous"


def judge(claim: Mention, candidates: list[Candidate], *, match: float | None = None, agree: float | None = None,
          near: float | None = None, specific: float | None = None, rounding_cap: float | None = None) -> Verdict:
    """The verdict on one claim, given its candidates from `matching.align`.

    A figure is about the claim when its subject score reaches `match`; one whose value
    bears the claim out needs only `agree` (what it says and what it is about agree
    together). Among figures within `near` of the best score, one that bears the claim
    out wins; if none does, the best decides, and two different best figures that
    both rule it out make the verdict `ambiguous` rather than a guess. A figure whose own
    clause the claim names less than `specific` of (see `matching.specificity`) is about
    something narrower than the claim, and decides nothing. Defaults: data/verdicts.toml."""
    t = thresholds()
    match = t["match"] if match is None else match
    agree = t["agree"] if agree is None else agree
    near = t["near"] if near is None else near
    specific = t["specific"] if specific is None else specific
    usable = [c for c in candidates if c.problem is None and c.specificity >= specific]
    outcomes = {id(c): _outcome(claim, c, rounding_cap) for c in usable}
    agreeing = [c for c in usable if outcomes[id(c)] == "supported" and c.score >= agree]
    matched = [c for c in usable if c.score >= match]
    if matched:
        top = matched[0].score
        close = [c for c in matched if c.score >= top - near]
        for c in close:
            if outcomes[id(c)] == "supported":
                return _verdict(claim, c, "supported")
        if agreeing and agreeing[0].score >= top - near:
            return _verdict(claim, agreeing[0], "supported")
        c = close[0]
        if outcomes[id(c)] == "contradicted":
            rivals = [r for r in close if r.score >= c.score - 1 and outcomes[id(r)] == "contradicted"]
            dated = [r.figure.mention.period for r in rivals]
            if len(rivals) > 1 and claim.period is None and all(dated) and len({p.end for p in dated}) == len(dated):
                c = max(rivals, key=lambda r: r.figure.mention.period.end)  # no year said: the latest figure
                rivals = [c]
            if len(rivals) > 1:  # figures that fit equally well: the one in the claim's own clause, if one is
                overlaps = sorted(((clause_overlap(claim, r.figure), r) for r in rivals),
                                  key=lambda t: -t[0])
                same_place = [r for r in rivals if r.figure.mention.position == claim.position]
                if overlaps[0][0] > overlaps[1][0]:
                    c = overlaps[0][1]
                    rivals = [c]
                elif len(same_place) == 1:  # "from X to Y": the first number answers to the first
                    c = same_place[0]
                    rivals = [c]
            rivals = [r for r in rivals if r is not c and not math.isclose(r.value.value, c.value.value, rel_tol=1e-9)]
            if rivals:
                return Verdict(claim, "unknown", "ambiguous", c.figure, c.score,
                               candidates=tuple(r.figure for r in close[:3]))
            return _verdict(claim, c, "contradicted")
        return Verdict(claim, "unknown", "ambiguous", c.figure, c.score,
                       comparison=f"the source says {said(c.figure.mention.quantity)}",
                       candidates=tuple(r.figure for r in close[:3]))
    if agreeing:
        return _verdict(claim, agreeing[0], "supported")
    strong = [c for c in candidates if c.score >= match]
    if strong:  # show the figure that says the claim's number, if one does: "3.22 trillion is 2023's"
        best = next((c for c in strong if c.score >= strong[0].score - near and c.problem != "unit_mismatch"
                     and _outcome(claim, c, rounding_cap) == "supported"), strong[0])
        return Verdict(claim, "unknown", best.problem or "no_match", best.figure, best.score,
                       candidates=tuple(c.figure for c in strong[:3]))
    return Verdict(claim, "unknown", "no_match", candidates=tuple(c.figure for c in candidates[:3]))


def _outcome(claim: Mention, c: Candidate, rounding_cap: float | None = None) -> str:
    """compare(), and a rise told as a fall (or a fall as a rise) is wrong whatever its size."""
    a, b = direction(claim), direction(c.figure.mention)
    if a and b and a != b and c.value.value:
        return "contradicted"
    return compare(claim.quantity, c.value, rounding_cap=rounding_cap)


def moved(way: str, amount: str) -> str:
    """A change in words: moved("increase", "73 percent") is "an increase of 73 percent"."""
    return f"{'an' if way == 'increase' else 'a'} {way} of {amount}"


OTHER_WAY = {"increase": "decrease", "decrease": "increase"}


def said(q: Quantity) -> str:
    """A quantity with its hedge, as written: "more than 80%"."""
    return f"{q.hedge_text} {q.text}" if q.hedge_text and q.hedge_text not in q.text else q.text


def _verdict(claim: Mention, c: Candidate, verdict: str) -> Verdict:
    fq = c.figure.mention.quantity
    note = f" {c.note}" if c.note else ""
    p = c.figure.mention.period
    if claim.period is None and p is not None:  # the claim names no year: say which figure it was read against
        note += f", the figure for {p.label}"
    if verdict == "supported":
        comparison = f"{said(claim.quantity)} agrees with {said(fq)}{note}"
        return Verdict(claim, verdict, None, c.figure, c.score, comparison)
    correction = correct(claim.quantity, c.value)
    way = direction(c.figure.mention)
    if direction(claim) and way and way != direction(claim):
        correction = moved(way, correction)
    comparison = f"{said(claim.quantity)} does not agree with {said(fq)}{note}"
    return Verdict(claim, verdict, None, c.figure, c.score, comparison, correction)


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_ORDINAL_SUFFIX = {1: "st", 2: "nd", 3: "rd"}


def correct(claim: Quantity, figure: Quantity) -> str:
    """What the draft should say: the figure's value written as the claim writes its own."""
    value = figure.value * (100 if figure.kind == "fraction" and claim.unit == "percent" else 1)
    if claim.kind == "fraction" and figure.unit == "percent":
        return f"{value:g} percent"  # "two-fifths" was wrong: say it in percent, as the source does
    if claim.unit and figure.unit and claim.unit != figure.unit:
        value = units.convert(value, figure.unit, claim.unit)
    if claim.kind == "ordinal":
        n = int(value)
        suffix = "th" if 10 <= n % 100 <= 20 else _ORDINAL_SUFFIX.get(n % 10, "th")
        return f"{n}{suffix}"
    m = _NUMBER.search(claim.text)
    prefix = f"{figure.hedge_text} " if figure.hedge_text and figure.hedge != claim.hedge else ""
    if m is None:
        return prefix + _plain(value) + (f" {claim.unit}" if claim.unit else "")
    written = float(m.group().replace(",", ""))
    scale = claim.value / written if written else 1.0
    number = value / scale
    digits = len(m.group().partition(".")[2])
    fdigits = _decimals_needed(figure, scale)
    shown = f"{number:,.{max(digits, fdigits)}f}" if "," in m.group() else f"{number:.{max(digits, fdigits)}f}"
    return prefix + claim.text[:m.start()] + shown + claim.text[m.end():]


def _decimals_needed(q: Quantity, scale: float) -> int:
    """Decimals that show the figure's own digits at the claim's scale (320.184 billion)."""
    step = q.step or 1.0
    ratio = step / scale if scale else step
    if ratio >= 1:
        return 0
    return min(6, max(0, -math.floor(math.log10(ratio) + 1e-9)))


def _plain(value: float) -> str:
    return f"{value:,.12g}"
