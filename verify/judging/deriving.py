"""Deriving: what the sources imply without saying it in so many words.

Two things an experienced fact-checker works out from the figures at hand:

- Changes. "Jiangxi's GDP more than doubled between 2012 and 2023" is in no source;
  a source gives GDP in 2012 and in 2023. A claim of change (a multiplier such as
  "tripled", or a number a rise or fall word makes a change: "rose by about 150
  percent", "fell 3 billion yuan", see `claims.change`) is judged against the change
  between two stored levels of its metric: those of the first and last year of the
  claim's own period ("between 2012 and 2023", "since 2012"), or else a from-to pair
  one source sentence gives ("rose from 28,600 yuan to 71,200 yuan").
- Exchange rates. Currencies convert only at a rate a source itself gives:
  "569 billion yuan ($78.9 billion)" makes 1 CNY = 0.1387 USD, dated by that source,
  and applies to the figures of that source. verify holds no rates of its own.
"""

import math
from itertools import pairwise
from typing import NamedTuple, Protocol

from ..cache import regex
from ..knowledge import units
from ..models import Figure, Frame, Mention, Quantity, Verdict
from .align import AGREE, Alignment, align, compare, entity_outcome, finite, metric_outcome, qualifier_outcome
from .tolerances import Tolerances
from .verdicts import OTHER_WAY, correct, moved, said, unjudgeable

_FROM_TO = regex(r"(?i)\bfrom\b.*\bto\b|[从由].*(?:增长|增加|提高|上升|下降|减少|降低|扩大)?[到至]")
_PAIRED = regex(r"\s*[(（]\s*(?:about|around|roughly|approximately|some|or|约|合)?\s*$")


# ---- exchange rates ------------------------------------------------------------------


class Rate(NamedTuple):
    """One unit of `base` in `quote`, as a source gives it by writing one sum in both."""

    base: str  # ISO 4217 code: "CNY"
    quote: str  # "USD"
    value: float  # 1 base = value quote
    text: str  # the pair as written: "569 billion yuan ($78.9 billion)"


class SourceFigures(Protocol):
    """What working out a source's rates reads of the store (a `verify.store.Store`)."""

    def figures(self, source_id: int) -> list[Figure]: ...

    def text_of(self, source_id: int) -> str: ...


class Rates:
    """The exchange rates each source gives, read once per source."""

    def __init__(self, store: SourceFigures):
        self.store = store
        self.cache: dict[int, tuple[Rate, ...]] = {}

    def __call__(self, source_id: int) -> tuple[Rate, ...]:
        if source_id not in self.cache:
            self.cache[source_id] = rates_in(self.store.figures(source_id), self.store.text_of(source_id))
        return self.cache[source_id]


def rates_in(figures: list[Figure], text: str) -> tuple[Rate, ...]:
    """Rates from sums written twice, the second in brackets: "569 billion yuan ($78.9 billion)"."""
    out = []
    for a, b in pairwise(figures):
        qa, qb = a.mention.quantity, b.mention.quantity
        if not (units.is_currency(qa.unit) and units.is_currency(qb.unit)) or qa.unit == qb.unit or not qa.value:
            continue
        if qa.hedge != qb.hedge or not _PAIRED.fullmatch(text[qa.end : qb.start]):
            continue
        rate = qb.value / qa.value
        if not math.isfinite(rate) or not rate:  # a sum written as 1e400: no rate
            continue
        out.append(Rate(qa.unit, qb.unit, rate, text[qa.start : qb.end + 1].strip()))
    return tuple(out)


def convert_currencies(claim: Mention, alignments: list[Alignment], rates: Rates, **kw) -> list[Alignment]:
    """Figures in another currency, compared again in the claim's at their source's own
    rate; those whose source gives no rate stay a `unit` mismatch. `kw` are `align`'s
    (`tolerances=` among them), as the alignments were made."""
    cu = claim.quantity.unit
    if not units.is_currency(cu):
        return alignments
    out = []
    for a in alignments:
        fq = a.figure.mention.quantity
        if a.unit == "other" and units.is_currency(fq.unit) and fq.unit != cu:
            rate = _rate(rates(a.figure.source.id), fq.unit, cu)
            if rate is not None:
                value, r = rate
                converted = fq._replace(value=fq.value * value, unit=cu, step=fq.step * value)
                a = align(claim, a.figure, quantity=converted, note=f"at the source's own rate, {r.text}", **kw)
        out.append(a)
    return out


def _rate(rates: tuple[Rate, ...], src: str, dst: str) -> tuple[float, Rate] | None:
    for r in rates:
        if (r.base, r.quote) == (src, dst):
            return r.value, r
        if (r.base, r.quote) == (dst, src):
            return 1 / r.value, r
    return None


# ---- changes -------------------------------------------------------------------------


def is_change(claim: Mention) -> bool:
    return claim.quantity.kind == "multiplier" or claim.frame.change is not None


def judge_change(
    claim: Mention, figures: list[Figure], *, tolerances: Tolerances, weights: dict[str, float] | None = None
) -> Verdict | None:
    """The verdict on a claim of change, from the two stored levels it spans; None when the
    store holds no such pair (the claim then keeps the verdict `judging.judge` gave it).
    The levels are found, and the change judged, with `tolerances` (`verify.judging.tolerances`)."""
    if not is_change(claim) or unjudgeable(claim) is not None:
        return None
    t = tolerances
    pair = _pair(claim, _levels(claim, figures, weights, t))
    if pair is None:
        return None
    (f0, f1), s = pair
    derived = _derived(claim, f0, f1)
    if derived is None or not finite(derived):  # levels too far apart to compute with
        return None
    q = claim.quantity
    if q.kind == "multiplier" and not q.step:
        q = q._replace(step=t.multiplier_step)  # "doubled" is a round figure: 2.04 times is doubled
    outcome = compare(q, derived, rounding_cap=t.rounding_cap, hedge_reach=t.hedge_reach)
    start, end = f"{said(f0.mention.quantity)}{_when(f0)}", f"{said(f1.mention.quantity)}{_when(f1)}"
    span = f"{start} to {end} is {_describe(derived, claim, t)}"
    if outcome == "supported":
        return Verdict(claim, "supported", None, f1, s, f"{said(claim.quantity)} agrees: {span}", basis=(f0, f1))
    if outcome == "contradicted":
        return Verdict(
            claim,
            "contradicted",
            None,
            f1,
            s,
            f"{said(claim.quantity)} does not agree: {span}",
            _correction(claim, derived, t),
            basis=(f0, f1),
        )
    return Verdict(
        claim,
        "unknown",
        "ambiguous",
        f1,
        s,
        f"{said(claim.quantity)} is neither borne out nor ruled out: {span}",
        candidates=(f0, f1),
        basis=(f0, f1),
    )


def _levels(claim: Mention, figures: list[Figure], weights, t: Tolerances) -> list[tuple[Figure, float]]:
    """Stored levels (not changes, not hedged) of the claim's metric, about its entity."""
    cq = claim.quantity
    level = Mention(cq, claim.sentence, claim.frame._replace(change=None), claim.position, claim.line, claim.column)
    out = []
    for f in figures:
        fq = f.mention.quantity
        if fq.kind != "amount" or fq.hedge or f.mention.frame.change or not finite(fq) or not units.known(fq.unit):
            continue
        if cq.kind == "amount" and cq.unit not in ("percent", "percentage_point"):
            if not (units.compatible(cq.unit, fq.unit) and (cq.noun == fq.noun or not cq.noun or not fq.noun)):
                continue
        elif cq.unit == "percentage_point" and fq.unit != "percent":
            continue
        elif cq.kind != "multiplier" and fq.unit == "percent":
            continue  # "fell 20 percent" of a rate in percent: relative or points? Not said.
        metric, score, _ = metric_outcome(
            level, f.mention, weights, match=t.match, agree=t.agree, word_alike=t.word_alike
        )
        entity, _ = entity_outcome(level.frame, f.mention.frame, name_alike=t.name_alike)
        quals, _, _ = qualifier_outcome(_without_base(level.frame), _without_base(f.mention.frame))
        if metric in AGREE["metric"] and entity in AGREE["entity"] and quals in AGREE["qualifiers"]:
            out.append((f, score))
    return out


def _without_base(f: Frame) -> Frame:
    return f._replace(qualifiers=tuple(q for q in f.qualifiers if q[0] != "base"))


def _pair(claim: Mention, levels: list[tuple[Figure, float]]) -> tuple[tuple[Figure, Figure], float] | None:
    """The two levels the change runs between, and how well they match (the lower score)."""
    p = claim.period
    pairs = []
    for f0, s0 in levels:
        for f1, s1 in levels:
            a, b = f0.mention, f1.mention
            if f0.id == f1.id or units.dimension(a.quantity.unit) != units.dimension(b.quantity.unit):
                continue
            same_source = f0.source.id == f1.source.id
            from_to = (
                same_source
                and f0.quote == f1.quote
                and b.position == a.position + 1
                and a.quantity.start < b.quantity.start
                and bool(_FROM_TO.search(f0.quote))
            )
            if p is not None and p.stated and p.start and p.end and p.start < p.end:
                ends = ((p.start, p.start), (p.end, p.end))
                spans = ((p.start, p.end), (p.start, p.end))  # "rose from X to Y during the same period"
                got = (
                    (a.period.start, a.period.end) if a.period else None,
                    (b.period.start, b.period.end) if b.period else None,
                )
                if not (got == ends or (from_to and got == spans)):
                    continue
            elif p is None or not p.stated:
                if not from_to:
                    continue
            else:
                continue  # a change "in 2023" is a change within a year: no two levels span it
            pairs.append((not same_source, -min(s0, s1), f0.id, f1.id, (f0, f1), min(s0, s1)))
    if not pairs:
        return None
    best = min(pairs, key=lambda t: t[:4])
    return best[4], round(best[5], 1)


def _derived(claim: Mention, f0: Figure, f1: Figure) -> Quantity | None:
    """The change from f0 to f1, in the claim's terms (times, percent or the claim's unit)."""
    a, b = f0.mention.quantity, f1.mention.quantity
    v0 = a.value
    v1 = units.convert(b.value, b.unit, a.unit) if a.unit and b.unit and a.unit != b.unit else b.value
    cq = claim.quantity
    sign = -1.0 if claim.frame.change == "decrease" else 1.0
    step = max(a.step, units.convert(b.step, b.unit, a.unit) if a.unit and b.unit and a.unit != b.unit else b.step)
    base = Quantity(b.start, b.end, b.text, 0.0, a.unit, "amount", a.noun, step=step, lang=cq.lang)
    if cq.kind == "multiplier":
        return base._replace(value=v1 / v0, unit=None, kind="multiplier", noun=None, step=0.0) if v0 else None
    if cq.unit == "percentage_point":
        return base._replace(value=sign * (v1 - v0), unit="percentage_point", step=0.0)
    if cq.unit == "percent" or cq.kind == "fraction":
        return base._replace(value=sign * (v1 / v0 - 1) * 100, unit="percent", noun=None, step=0.0) if v0 else None
    return base._replace(value=sign * (v1 - v0))


def _describe(derived: Quantity, claim: Mention, t: Tolerances) -> str:
    v = derived.value
    if derived.kind == "multiplier":
        return f"{v:.3g} times the start"
    way = claim.frame.change or "increase"
    unit = {"percent": " percent", "percentage_point": " percentage points"}.get(derived.unit or "", "")
    amount = f"{abs(v):,.4g}{unit}" if unit else correct(claim.quantity, derived._replace(value=abs(v)), tolerances=t)
    return moved(way if v >= 0 else OTHER_WAY[way], amount)


def _correction(claim: Mention, derived: Quantity, t: Tolerances) -> str:
    if derived.kind == "multiplier":
        r = derived.value
        if claim.quantity.lang == "zh":  # "增长1.5倍" counts the growth, "是...的2.5倍" the ratio: say both
            return f"{r:.2g}倍（增长{r - 1:.2g}倍）"
        return f"{r:.2g} times"
    fixed = correct(claim.quantity, derived._replace(value=abs(derived.value)), tolerances=t)
    if derived.value < 0:  # it moved the other way
        return moved(OTHER_WAY[claim.frame.change or "increase"], fixed)
    return fixed


def _when(f: Figure) -> str:
    p = f.mention.period
    return f" [{p.label}]" if p else ""
