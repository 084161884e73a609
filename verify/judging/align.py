"""Alignment: a claim and a stored figure compared field by field.

Each field of the two frames (`verify.reading.frames`) is compared on its own and gives an
outcome a report can show:

    entity      same | unstated (the claim names no one) | contained (the claim's
                entity lies inside the figure's: Ganzhou in Jiangxi) | contains | other
    metric      same (one concept, the same narrowing words) | words (no concept;
                the words read alike) | narrower | broader (a part of the other:
                exports of trade, Data Center of revenue) | other
    qualifiers  same | other (per capita and total, GAAP and adjusted, year on year
                and on the quarter before, ...); `silent` names a group only the
                figure speaks of, with no default to read the claim's silence by
    period      same | unstated (the claim gives no time; its draft's date bounds it)
                | other
    unit        same | converted (at the source's own rate) | other
    value       supported | contradicted | finer (the claim is more precise than the
                figure and within its rounding: consistent, but not what it says) |
                ambiguous

Only a figure that agrees on entity, metric, qualifiers, period and unit can bear a
claim out or rule it out (`Alignment.agrees`); for any other, the first field that
differs is why it cannot (`Alignment.reason`).
"""

import math
from functools import lru_cache
from typing import NamedTuple

from ..cache import regex
from ..knowledge import units
from ..knowledge.lexicon import hedges
from ..knowledge.names import ancestors, concepts, defaults, english_of, label, organisations, places, said_across
from ..models import Figure, Frame, Mention, Period, Quantity
from ..reading import periods
from ..reading.quantities import as_percent
from .tolerances import Tolerances

FIELDS = ("entity", "metric", "qualifiers", "period", "unit", "value")
REASON = {
    "entity": "entity_mismatch",
    "metric": "metric_mismatch",
    "qualifiers": "qualifier_mismatch",
    "period": "period_mismatch",
    "unit": "unit_mismatch",
}
AGREE = {
    "entity": ("same", "unstated"),
    "metric": ("same", "words"),
    "qualifiers": ("same", "silent"),
    "period": ("same", "unstated"),
    "unit": ("same", "converted"),
}


class Alignment(NamedTuple):
    """A stored figure compared with a claim, field by field."""

    figure: Figure  # the figure
    entity: str  # same | unstated | contained | contains | other
    metric: str  # same | words | narrower | broader | other
    qualifiers: str  # same | silent | other
    period: str  # same | unstated | other
    unit: str  # same | converted | other
    value: str  # supported | contradicted | finer | ambiguous ("" when the unit differs)
    score: float = 100.0  # how alike the metrics read (0-100; 100 for one concept)
    detail: str = ""  # what differs, for the first field that does: "per capita", "China", "2022"
    silent: tuple[str, ...] = ()  # qualifier groups the claim leaves to their default and the figure does not
    quantity: Quantity | None = None  # the figure's value as compared, when not as stored (converted)
    note: str | None = None  # how `quantity` was had ("at the source's own rate, ...")

    @property
    def agrees(self) -> bool:
        """Entity, metric, qualifiers, period and unit all agree: the value decides. Metric
        words that read only somewhat alike (`weak`) agree when the value bears the claim out."""
        metric = self.metric in AGREE["metric"] or self.metric == "weak" and self.value == "supported"
        return metric and all(getattr(self, f) in AGREE[f] for f in AGREE if f != "metric")

    @property
    def reason(self) -> str | None:
        """The first field that stands in the way, as a reason code."""
        for f in ("entity", "metric", "qualifiers", "period", "unit"):
            if getattr(self, f) not in AGREE[f]:
                return REASON[f]
        return None

    @property
    def value_quantity(self) -> Quantity:
        """What the claim is compared with."""
        return self.quantity or self.figure.mention.quantity

    def fields(self) -> tuple[tuple[str, str], ...]:
        return tuple((f, getattr(self, f) or "-") for f in FIELDS)

    @property
    def rank(self) -> tuple:
        """How close a figure comes to being about the claim: fields agreeing in order,
        then how alike the metrics read."""
        return (
            self.metric in AGREE["metric"],
            self.entity in AGREE["entity"],
            self.qualifiers in AGREE["qualifiers"],
            self.period in AGREE["period"],
            self.unit in AGREE["unit"],
            self.value == "supported",
            self.score,
        )


def align(
    claim: Mention,
    figure: Figure,
    *,
    tolerances: Tolerances,
    calendars: dict[str, int] | None = None,
    anchor: str | None = None,
    weights: dict[str, float] | None = None,
    quantity: Quantity | None = None,
    note: str | None = None,
) -> Alignment:
    """Compare a claim with one figure. `tolerances` says how alike words and names must
    read and how much a claim's wording allows (`verify.judging.tolerances`); `calendars` gives the
    month each company's fiscal year ends in; `anchor` is the draft's date."""
    t = tolerances
    c, f = claim.frame, figure.mention.frame
    entity, edetail = entity_outcome(c, f, name_alike=t.name_alike)
    metric, score, mdetail = metric_outcome(
        claim, figure.mention, weights, match=t.match, agree=t.agree, word_alike=t.word_alike
    )
    quals, qdetail, silent = qualifier_outcome(c, f)
    period, pdetail = period_outcome(claim, figure, calendars or {}, anchor, name_alike=t.name_alike)
    fq = quantity or figure.mention.quantity
    unit = "same" if comparable(claim.quantity, fq, word_alike=t.word_alike) else "other"
    if quantity is not None and unit == "same":
        unit = "converted"
    value = ""  # no comparison: the units differ, or a value is no number to compare (1e400 is read as infinity)
    if unit != "other" and finite(claim.quantity) and finite(fq):
        value = compare(claim.quantity, fq, rounding_cap=t.rounding_cap, hedge_reach=t.hedge_reach)
    if value and c.change and f.change and c.change != f.change and fq.value:
        value = "contradicted"  # a rise told as a fall, whatever its size
    detail = next(
        (
            d
            for ok, d in (
                (entity in AGREE["entity"], edetail),
                (metric in AGREE["metric"], mdetail),
                (quals in AGREE["qualifiers"], qdetail),
                (period in AGREE["period"], pdetail),
            )
            if not ok
        ),
        "",
    )
    return Alignment(figure, entity, metric, quals, period, unit, value, score, detail, silent, quantity, note)


# ---- entity -----------------------------------------------------------------------------


def entity_outcome(c: Frame, f: Frame, *, name_alike: float) -> tuple[str, str]:
    if c.entity is None:
        return "unstated", ""
    if f.entity is None:
        return ("unstated", "") if not c.entity_stated else ("other", f"no one named, not {c.entity_name}")
    if same_entity(c.entity, f.entity, name_alike):
        return "same", ""
    if f.entity in ancestors(c.entity):
        return "contained", entity_label(f.entity, f.entity_name)
    if c.entity in ancestors(f.entity):
        return "contains", entity_label(f.entity, f.entity_name)
    return "other", entity_label(f.entity, f.entity_name)


def entity_label(entity: str, written: str | None = None) -> str:
    """An entity as reports name it: the gazetteer's or organisations' name, else as written."""
    if entity.startswith("org:"):
        o = organisations().get(entity[4:])
        if o:
            return o.name
    elif entity in places():
        return places()[entity].name
    name = written or entity.partition(":")[2] or entity
    return regex(r"['’]s$").sub("", name)


@lru_cache(maxsize=4096)
def same_entity(a: str, b: str, name_alike: float) -> bool:
    """Two entity ids for one entity: equal, or a name verify does not know that reads as
    the other's name ("name:microsoft" and "org:microsoft"), spelt alike to `name_alike`."""
    if a == b:
        return True
    na, nb = _entity_names(a), _entity_names(b)
    return any(
        x == y or (len(x) > 3 and len(y) > 3 and ratio(x, y, name_alike) >= name_alike) or _prefix(x, y)
        for x in na
        for y in nb
    )


def _prefix(x: str, y: str) -> bool:
    """ "riverton" and "riverton water": a name and its longer form."""
    a, b = sorted((x.split(), y.split()), key=len)
    return len(a[0]) > 3 and b[: len(a)] == a


def _entity_names(e: str) -> set[str]:
    if e.startswith("name:"):
        return {e[5:]}
    if e.startswith("org:"):
        o = organisations().get(e[4:])
        return {e[4:].replace("_", " ")} | ({o.name.lower()} if o else set())
    p = places().get(e)
    return {p.name.lower()} if p else {e.lower()}


# ---- metric ------------------------------------------------------------------------------


def metric_outcome(
    claim: Mention, figure: Mention, weights: dict[str, float] | None, *, match: float, agree: float, word_alike: float
) -> tuple[str, float, str]:
    c, f = claim.frame, figure.frame
    if c.concept and f.concept:
        if c.concept != f.concept:
            if f.concept in _broader(c.concept):
                return "narrower", 0.0, _concept_name(f.concept)
            if c.concept in _broader(f.concept):
                return "broader", 0.0, _concept_name(f.concept)
            return "other", 0.0, _concept_name(f.concept)
        extra = _unsaid(f.modifiers, claim) or _unsaid(c.modifiers, figure)
        if extra:
            return ("broader" if _unsaid(f.modifiers, claim) else "narrower"), 50.0, extra
        return "same", 100.0, ""
    if _lang(" ".join(c.words)) == _lang(" ".join(f.words)):
        s = similarity(c.words, f.words, weights=weights, cutoff=word_alike)
    else:  # across languages, through the terms both name (氧化锂储量, "lithium oxide reserves")
        cw, fw = c.words + c.modifiers, f.words + f.modifiers
        s = similarity(english_of(cw, frozenset(fw)), english_of(fw, frozenset(cw)), weights=weights, cutoff=word_alike)
    if c.concept or f.concept:  # one side's words the glossary knows, the other's not: only words that read alike
        if s >= match and not (c.concept and f.concept):
            # the named side's narrowing words must be said by the other ("煤炭储量" is no
            # "lithium mica reserves", though both are reserves)
            extra = _unsaid(c.modifiers, figure) if c.concept else _unsaid(f.modifiers, claim)
            if extra:
                return "other", 0.0, f.metric
            return "words", round(s, 1), f.metric
        return "other", 0.0, _concept_name(f.concept) if f.concept else f.metric
    a, b = claim.quantity.noun, figure.quantity.noun
    if a and b and (a == b or ratio(a, b, word_alike) >= word_alike):
        s = 50.0 + s / 2  # for a count, the counted noun is the metric: "412,000 residents"
    return ("words" if s >= match else "weak" if s >= agree else "other"), round(s, 1), f.metric


def _concept_name(cid: str | None) -> str:
    c = concepts().get(cid or "")
    return c.name if c else (cid or "")


@lru_cache(maxsize=1024)
def _broader(cid: str) -> frozenset[str]:
    out: set[str] = set()
    todo = [cid]
    while todo:
        c = concepts().get(todo.pop())
        if c is None:
            continue
        for p in c.part_of:
            if p not in out:
                out.add(p)
                todo.append(p)
    return frozenset(out)


def _unsaid(modifiers: tuple[str, ...], other: Mention) -> str:
    """The first of `modifiers` the other side's metric does not say ("cloud" of "cloud
    revenue" against plain revenue). Across languages a modifier is said when the other
    side names its term (data/terms.toml: "data center" and 数据中心); one the glossary of
    terms does not know cannot be checked, and a narrower metric is another."""
    if not modifiers:
        return ""
    f = other.frame
    said = set(f.modifiers) | set(f.words) | set(f.metric.split())
    other_lang = _lang(f.metric or other.sentence)
    text = " ".join([f.metric, *f.modifiers])
    for m in modifiers:
        if _lang(m) != other_lang:
            if said_across(m, said, text):
                continue
            return m
        if m in said or any(m in w or w in m for w in said if len(w) >= 4 and len(m) >= 4):
            continue
        return m
    return ""


def _lang(text: str) -> str:
    return "zh" if _HAN.search(text) else "en"


_HAN = regex(r"[\u4e00-\u9fff]")


def similarity(
    claim: tuple[str, ...],
    figure: tuple[str, ...],
    *,
    cutoff: float,
    weights: dict[str, float] | None = None,
    free: int = 6,
    decay: float = 6.0,
) -> float:
    """How much of what the claim's words say the figure's words cover (0-100), for
    metrics the glossary does not name. Words are ordered nearest the number first: a
    word's weight is 1 for the `free` nearest and falls off as 1 / (1 + (rank - free) /
    decay) beyond; rare words (the store's inverse document frequencies, `weights`)
    count more. A claim word is covered by a figure word a rapidfuzz ratio of at least
    `cutoff` (the tolerance `word_alike`) finds, in proportion to that word's nearness to the figure's number."""
    if not claim or not figure:
        return 0.0
    rank: dict[str, int] = {}
    for i, w in enumerate(figure):
        rank.setdefault(w, i)
    prox = lambda r: 1.0 if r < free else 1.0 / (1.0 + (r - free + 1) / decay)  # noqa: E731
    total = got = 0.0
    for i, w in enumerate(claim):
        weight = prox(i) * (weights.get(w, 1.0) if weights else 1.0)
        total += weight
        hit = _best(w, tuple(figure), cutoff)
        if hit is not None:
            got += weight * prox(rank[hit])
    return 100.0 * got / total if total else 0.0


@lru_cache(maxsize=65536)
def _best(word: str, choices: tuple[str, ...], cutoff: float) -> str | None:
    if word in choices:
        return word
    if len(word) < 4:
        return None
    for c in choices:  # invest / investment, provincial / province
        if len(c) >= 5 and len(word) >= 5 and (c.startswith(word) or word.startswith(c)):
            return c
    best, found = cutoff, None
    for c in choices:  # the first of the best, as rapidfuzz's extractOne gives it
        score = ratio(word, c, cutoff)
        if score > best or found is None and score >= cutoff:
            best, found = score, c
    return found


def ratio(a: str, b: str, cutoff: float) -> float:
    """rapidfuzz's `fuzz.ratio` of two strings (0-100) when it can reach `cutoff`, else 0.

    The ratio is 200 * LCS / (len(a) + len(b)), LCS their longest common subsequence,
    which can be no longer than the shorter string or than the letters the two share;
    most pairs of words are ruled out by that bound alone, and rapidfuzz (~9 ms to
    import) is loaded only for a pair that might reach the cutoff."""
    if a == b:
        return 100.0
    total = len(a) + len(b)
    if 200.0 * min(len(a), len(b)) / total < cutoff:
        return 0.0
    shared = sum(min(n, b.count(ch)) for ch, n in _letters(a))
    if 200.0 * shared / total < cutoff:
        return 0.0
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b)


@lru_cache(maxsize=4096)
def _letters(word: str) -> tuple[tuple[str, int], ...]:
    return tuple((ch, word.count(ch)) for ch in dict.fromkeys(word))


# ---- qualifiers ------------------------------------------------------------------------------


def qualifier_outcome(c: Frame, f: Frame) -> tuple[str, str, tuple[str, ...]]:
    """same | silent | other, what differs, and the groups where the claim's silence was
    read as the group's default and the figure says otherwise."""
    if bool(c.change) != bool(f.change):
        return "other", "a change" if f.change else "a level", ()
    groups = {g for g, _ in c.qualifiers} | {g for g, _ in f.qualifiers}
    dflt = defaults()
    outcome, detail, silent = "same", "", []
    for g in sorted(groups):
        if g == "base" and not (c.change and f.change):
            continue
        cv, fv = c.qualifier(g), f.qualifier(g)
        if cv == fv:
            continue
        if cv is None and g not in dflt:
            outcome = "silent" if outcome == "same" else outcome
            continue
        if fv is None and g not in dflt:
            continue  # the figure does not say; the claim's word cannot be checked against it
        cv, fv = cv or dflt.get(g), fv or dflt.get(g)
        if cv == fv:
            continue
        if c.qualifier(g) is None:
            silent.append(g)
        if outcome != "other":
            outcome, detail = "other", label(g, fv or "") if fv else f"not {label(g, cv or '')}"
    return outcome, detail, tuple(silent)


# ---- period --------------------------------------------------------------------------------------


def period_outcome(
    claim: Mention, figure: Figure, calendars: dict[str, int], anchor: str | None, *, name_alike: float
) -> tuple[str, str]:
    cp, fp = claim.frame.period, figure.mention.frame.period
    fdates = _dates(fp, figure.mention.frame.entity, calendars, figure.source.published, name_alike)
    if cp is None:
        if fdates and anchor and fdates[0] > periods._full(anchor):
            return "other", f"after the draft's date ({fp.label if fp else ''})"
        return "unstated", ""
    cdates = _dates(cp, claim.frame.entity, calendars, anchor, name_alike)
    readings = [cdates] if cdates else []
    calendar = periods.dates(cp, anchor=anchor) if cp.grain in ("quarter", "half") and not cp.fiscal else None
    if calendar and calendar != cdates:
        readings.append(calendar)  # "Q1 2024" of a company whose fiscal year is not the calendar's: either
    if fp is None:  # a figure its source dates only by its own date: current then
        published = figure.source.published
        if cdates and published and (cdates[1] < _months_back(published, 18) or cdates[0] > periods._full(published)):
            return "other", f"as of {published}"
        return "unstated", ""
    if cdates and fdates:
        if periods.overlap(cdates, fdates) >= 0.75 or any(periods.overlap(r, fdates) >= 0.6 for r in readings[1:]):
            return "same", ""
        if _stock_at_end(cp, fp, cdates, fdates, claim):
            return "same", ""
        return "other", fp.label
    if cdates is None and fdates and cp.grain == "quarter" and cp.index and cp.year is None and not cp.shift:
        month = _calendar_month(claim.frame.entity, calendars)
        end = int(fdates[1][5:7])
        if fdates[1][8:] < "20":
            end = end - 1 or 12
        if ((end - month - 1) % 12) // 3 + 1 == cp.index:  # the figure's quarter is that quarter of its year
            return "same", ""
    # a side whose year is unknown: the same kind of period, the same part of its year
    if (
        cp.grain == fp.grain
        and (cp.index == fp.index or cp.grain == "year")
        and cp.shift == fp.shift
        and (cp.months is None or fp.months is None or cp.months == fp.months)
    ):
        if cp.year is None or fp.year is None or cp.year == fp.year:
            return "same", ""
    if cdates is None and cp.grain in ("months",) and fp.first and cp.months:
        if fp.first[5:7] == f"{cp.months[0]:02d}" and fp.last and fp.last[5:7] == f"{cp.months[1]:02d}":
            return "same", ""
    return "other", fp.label


def _months_back(day: str, n: int) -> str:
    d = periods._full(day)
    y, m = int(d[:4]), int(d[5:7]) - n
    while m <= 0:
        m += 12
        y -= 1
    return f"{y}-{m:02d}-01"


def _days_after(a: str, b: str) -> int:
    from datetime import date

    return (date.fromisoformat(a) - date.fromisoformat(periods._full(b))).days


def _dates(p: Period | None, entity: str | None, calendars: dict[str, int], anchor: str | None, name_alike: float):
    if p is None:
        return None
    month = calendars.get(entity or "")
    if month is None and entity and entity.startswith("org:"):
        o = organisations().get(entity[4:])
        month = o.fiscal_year_end if o else None
    if month is None and entity:
        month = next((m for e, m in calendars.items() if same_entity(e, entity, name_alike)), None)
    if p.grain == "year" and not p.fiscal or p.grain not in ("quarter", "half", "year"):
        month = None  # a calendar year, or months named outright
    return periods.dates(p, fiscal_year_end=month, anchor=anchor)


def _calendar_month(entity: str | None, calendars: dict[str, int]) -> int:
    month = calendars.get(entity or "")
    if month is None and entity and entity.startswith("org:"):
        o = organisations().get(entity[4:])
        month = o.fiscal_year_end if o else None
    return month or 12


def _stock_at_end(cp: Period, fp: Period, cd, fd, claim: Mention) -> bool:
    """A moment at the end of the other's span: a year-end population is that year's."""
    if cp.grain != "instant" and fp.grain != "instant":
        return False
    instant, span = (cd, fd) if cp.grain == "instant" else (fd, cd)
    if span[0] == span[1]:
        return False
    return abs(_days_after(span[1], instant[1])) <= 7


# ---- unit and value ------------------------------------------------------------------------------


def finite(q: Quantity) -> bool:
    """Is a quantity's value (and its precision) a finite number? "1e400" reads as
    infinity, which lies beyond every bound: it may never bear a claim out or rule it out."""
    return math.isfinite(q.value) and math.isfinite(q.step)


def comparable(a: Quantity, b: Quantity, *, word_alike: float) -> bool:
    """Same kind of number, and units (or counted nouns, spelt alike to `word_alike`) that
    can be compared."""
    a, b = as_percent(a), as_percent(b)
    if a.kind != b.kind:
        return False
    if a.kind != "amount":
        return True
    if a.unit or b.unit:
        try:
            return units.compatible(a.unit, b.unit)
        except Exception:  # a unit verify cannot resolve is not comparable
            return False
    if a.noun and b.noun:
        if a.noun.isascii() != b.noun.isascii():
            return True  # "people" and 人: the metric, compared on its own, says what is counted
        return a.noun == b.noun or ratio(a.noun, b.noun, word_alike) >= word_alike
    return a.noun == b.noun or not (a.noun and b.noun)


INF = math.inf
Interval = tuple[float, float, bool, bool]  # (low, high, low_open, high_open)


def interval(q: Quantity, *, rounding_cap: float, hedge_reach: float, exact: bool = False) -> Interval:
    """The values a quantity allows. A claim allows what rounds to it at its own
    precision (`3.2 trillion` is 3.15-3.25 trillion, never more than `rounding_cap` of
    its value either side); a figure (`exact`) the same at its precision, without the
    cap. A hedge turns it into a bound that reaches `hedge_reach` times its value and no
    further ("more than 3 million" is above 3 million and below 30 million: a figure of 3
    billion rules it out) or a band (data/language.toml)."""
    v = q.value
    half = min(q.step / 2, abs(v) * rounding_cap)
    h = hedges().get(q.hedge) if q.hedge else None
    if h is None:
        return (v - half, v + half, False, False)
    reach = hedge_reach
    if h.bound == "lower":
        return (v, v * reach if v > 0 else v / reach, h.strict, True)
    if h.bound == "upper":
        return (v / reach if v > 0 else v * reach, v, False, h.strict)
    if h.bound == "below":
        return (v - abs(v) * h.tolerance, v, False, False)
    return (v - abs(v) * h.tolerance - half, v + abs(v) * h.tolerance + half, False, False)


def _duration(unit: str | None) -> bool:
    """Durations are converted exactly by whoever writes them ("two hours" as "120 minutes");
    other conversions into a finer unit ("69541万吨" as "13908.2亿斤") state more than the
    source does."""
    return bool(unit) and units.dimension(unit) == "[time]"


def _same_bounds(claim: Quantity, figure: Quantity, pad: float, reach: float) -> str | None:
    """Two bounds the same way ("over 25%" and "over 30%"): the claim is borne out when
    the figure's bound is at least as strong (what the source says entails it) and within
    the claim's reach, ruled out when it lies beyond that reach, and otherwise left open."""
    hc = hedges().get(claim.hedge) if claim.hedge else None
    hf = hedges().get(figure.hedge) if figure.hedge else None
    if not (hc and hf and hc.bound == hf.bound and hc.bound in ("lower", "upper")):
        return None
    cb, fb = abs(claim.value), abs(figure.value)
    if hc.bound == "upper":
        cb, fb = 1 / cb if cb else math.inf, 1 / fb if fb else math.inf
    if cb - pad <= fb < cb * reach:
        return "supported"
    return "contradicted" if fb >= cb * reach else "ambiguous"


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


def compare(
    claim: Quantity, figure: Quantity, *, rounding_cap: float, hedge_reach: float, tolerance: float = 1e-9
) -> str:
    """supported | contradicted | finer | ambiguous, for two quantities in compatible units.

    Supported when every value the figure allows (its own rounding, its hedge) lies in
    what the claim allows; contradicted when none does; finer when the claim is written
    more precisely than the figure and lies within its rounding ($19.28 billion against
    a source's $19.3 billion: consistent, but not what the source says); else ambiguous."""
    claim, figure = as_percent(claim), as_percent(figure)
    f_value, f_step = figure.value, figure.step
    if claim.unit and figure.unit and claim.unit != figure.unit:
        f_value = units.convert(figure.value, figure.unit, claim.unit)
        f_step = abs(units.convert(figure.step, figure.unit, claim.unit) - units.convert(0.0, figure.unit, claim.unit))
        figure = Quantity(
            figure.start,
            figure.end,
            figure.text,
            f_value,
            claim.unit,
            figure.kind,
            figure.noun,
            figure.hedge,
            figure.hedge_text,
            f_step,
            figure.lang,
        )
    if not (finite(claim) and finite(figure)):
        return "ambiguous"  # infinity lies within and beyond every bound: it neither bears out nor rules out
    pad = max(abs(f_value), abs(claim.value)) * tolerance
    if (
        not claim.hedge
        and not figure.hedge
        and abs(claim.value - f_value) <= pad
        and (not claim.step or claim.step >= f_step * (1 - 1e-9) or _duration(claim.unit))
    ):
        return "supported"  # the same number, however each writes it ("120 minutes", "two hours")
    if (
        not claim.hedge
        and figure.hedge in ("about", "nearly", "more_than", "at_least")
        and abs(claim.value - f_value) <= max(pad, min(claim.step / 2, abs(claim.value) * rounding_cap))
    ):
        return "supported"  # "$27 billion" of a source's "nearly $27 billion": the number it gives, rounded
    reach = hedge_reach
    bounds = _same_bounds(claim, figure, pad, reach)
    if bounds:
        return bounds
    c = interval(claim, rounding_cap=rounding_cap, hedge_reach=reach)
    f = interval(figure, exact=True, rounding_cap=rounding_cap, hedge_reach=reach)
    c = (c[0] - pad, c[1] + pad, c[2], c[3])
    if _inside(f, c):
        return "supported"
    if _disjoint(f, c):
        return "contradicted"
    if not claim.hedge and not figure.hedge and claim.step < f_step and f[0] - pad <= claim.value <= f[1] + pad:
        return "finer"
    return "ambiguous"
