"""Judging: the verdict on a claim, from its alignments with the stored figures.

A claim is **supported** when a figure that agrees with it on entity, metric,
qualifiers, period and unit (`align.Alignment.agrees`) bears its value out;
**contradicted** only when such figures rule its value out and agree among themselves;
otherwise **unknown**, with the reason the closest figure gives: the first of its
fields that differs (entity, metric, qualifiers, period, unit), or, where every field
agrees, that the claim is finer than the source (`finer_than_source`) or that the
figures neither confirm nor rule it out (`ambiguous`).

Two cautions keep an editor from being told a right claim is wrong:

- A claim that leaves a qualifier to its default (a bare "net income" is the GAAP
  line) but whose value a figure of the other value bears out (the adjusted line) is
  unknown, not contradicted: it may well mean that one.
- A claim that names no period is read against the latest figure on or before its
  draft's date; if only an earlier period's figure bears it out, it is unknown.

A contradiction comes with a correction (`correct`): the figure's value written as
the claim writes its own, at the claim's precision where that is enough to be right.
"""

from __future__ import annotations

import math

from ..cache import regex
from ..knowledge import units
from ..knowledge.lexicon import language, unit_forms
from ..models import Figure, Mention, Quantity, Verdict
from .align import AGREE, Alignment, compare, finite
from .tolerances import Tolerances, defaults


def unjudgeable(claim: Mention) -> Verdict | None:
    """The verdict on a claim no figure can decide, before any is looked for: one in a
    unit or currency verify does not know (`unit_unknown`: "30 MSEK" while units.toml
    has no krona), or whose value is no finite number (`value_not_finite`: "1e400" is
    read as infinity). None for a claim the figures can decide."""
    q = claim.quantity
    if not units.known(q.unit):
        return Verdict(claim, "unknown", "unit_unknown", comparison=f"verify does not know the unit {q.unit!r}")
    if not finite(q):
        return Verdict(claim, "unknown", "value_not_finite", comparison=f"{said(q)} is read as {_no_number(q)}")
    return None


def judge(claim: Mention, alignments: list[Alignment], *, tolerances: Tolerances) -> Verdict:
    """The verdict on one claim, given its alignments with candidate figures (made with the
    same `tolerances`; a correction must read as the figure within their `rounding_cap` and
    `hedge_reach`). A figure whose value is no finite number decides nothing: when it is
    the one about the claim, the claim is unknown (`value_not_finite`)."""
    verdict = unjudgeable(claim)
    if verdict is not None:
        return verdict
    usable = [a for a in alignments if finite(a.value_quantity)]
    verdict = _judge(claim, usable, tolerances=tolerances)
    if verdict.verdict == "unknown" and len(usable) < len(alignments):
        broken = [a for a in alignments if a.agrees and not finite(a.value_quantity)]
        if broken:
            a = _best(broken, claim)
            return _unknown(
                claim,
                a,
                "value_not_finite",
                f"the source's {said(a.figure.mention.quantity)} is read as {_no_number(a.value_quantity)}",
            )
    return verdict


def _no_number(q: Quantity) -> str:
    v = q.value if not math.isfinite(q.value) else q.step
    return "not a number" if math.isnan(v) else "minus infinity" if v < 0 else "infinity"


def _judge(claim: Mention, alignments: list[Alignment], *, tolerances: Tolerances) -> Verdict:
    agreeing = [a for a in alignments if a.agrees]
    supported = [a for a in agreeing if a.value == "supported"]
    if supported:
        return _verdict(claim, _best(supported, claim), "supported", tolerances)
    silent = [a for a in alignments if _only(a, "qualifiers") and a.silent and a.value == "supported"]
    if silent:
        a = _best(silent, claim)
        return _unknown(claim, a, "qualifier_mismatch", f"the source gives it as {a.detail}")
    if claim.period is None or not claim.period.stated:
        earlier = [a for a in alignments if _only(a, "period") and a.value == "supported"]
        if earlier:
            a = _best(earlier, claim)
            return _unknown(claim, a, "period_mismatch", "the source gives it for another period")
        agreeing = _latest(agreeing)
    finer = [a for a in agreeing if a.value == "finer"]
    if finer:
        a = _best(finer, claim)
        return _unknown(
            claim,
            a,
            "finer_than_source",
            f"{said(claim.quantity)} is more precise than the source's {said(a.figure.mention.quantity)}",
        )
    # to rule a claim out, a figure must be about what the claim says, not merely not
    # otherwise: a claim that names no one, or leaves a qualifier unsaid that the figure
    # says, is not contradicted by it
    whose = {a.figure.mention.frame.entity for a in agreeing}
    contra = [
        a
        for a in agreeing
        if a.value == "contradicted"
        and a.qualifiers == "same"
        and (a.entity == "same" or len(whose) == 1)  # no one named: only if the store knows one
        and not claim.frame.carried
    ]  # a metric guessed from an earlier sentence rules nothing out
    ambiguous = [a for a in agreeing if a.value == "ambiguous"]
    if contra and not ambiguous:
        top = _best(contra, claim)
        rivals = [a for a in contra if not _same_value(a, top)]
        if rivals:
            top = _pick(claim, contra) or top
            rivals = [a for a in contra if not _same_value(a, top)]
        if not rivals:
            return _verdict(claim, top, "contradicted", tolerances)
        return _unknown(claim, top, "ambiguous", "the stored figures disagree", candidates=contra)
    if ambiguous:
        a = _best(ambiguous, claim)
        return _unknown(claim, a, "ambiguous", f"the source says {said(a.figure.mention.quantity)}")
    if not alignments:
        return Verdict(claim, "unknown", "no_match")
    closest = max(alignments, key=lambda a: (a.rank, -a.figure.id))
    if closest.metric not in ("same", "words", "weak", "narrower", "broader"):
        return Verdict(claim, "unknown", "no_match", candidates=tuple(a.figure for a in _top(alignments)))
    if closest.reason == "unit_mismatch" and not units.known(closest.figure.mention.quantity.unit):
        unit = closest.figure.mention.quantity.unit
        return _unknown(claim, closest, "unit_unknown", f"verify does not know the source's unit {unit!r}")
    return _unknown(claim, closest, closest.reason or "no_match", _explain(closest))


_EXPLAIN = {
    "entity_mismatch": "it is about {}",
    "metric_mismatch": "it measures {}",
    "qualifier_mismatch": "it is {}",
    "period_mismatch": "it is for {}",
    "unit_mismatch": "it is in {}",
}


def _explain(a: Alignment) -> str:
    """Why the closest figure cannot decide, in words: "it is about Guangdong"."""
    reason = a.reason
    if reason == "unit_mismatch":
        return _EXPLAIN[reason].format(a.figure.mention.quantity.unit or "no unit")
    if reason == "metric_mismatch" and a.metric in ("narrower", "broader"):
        return f"it is about {a.detail}" if a.detail else "it measures a part or a whole of it"
    return _EXPLAIN.get(reason or "", "{}").format(a.detail) if a.detail else ""


def _only(a: Alignment, field: str) -> bool:
    """Does `a` agree on every field but `field`?"""
    return getattr(a, field) not in AGREE[field] and all(getattr(a, f) in AGREE[f] for f in AGREE if f != field)


def _latest(alignments: list[Alignment]) -> list[Alignment]:
    """For a claim of no stated period: the figures of the latest period only."""
    dated = [
        a
        for a in alignments
        if a.figure.mention.period and (a.figure.mention.period.last or a.figure.mention.period.year)
    ]
    if len(dated) < 2:
        return alignments
    key = lambda a: a.figure.mention.period.last or str(a.figure.mention.period.year)  # noqa: E731
    top = max(key(a) for a in dated)
    return [a for a in alignments if a not in dated or key(a) == top]


def _best(alignments: list[Alignment], claim: Mention) -> Alignment:
    def rank(a: Alignment):
        p = a.figure.mention.period
        return (
            a.metric == "same",
            a.qualifiers == "same",
            a.period == "same",
            a.entity == "same",
            a.score,
            a.quantity is None,
            (p.last or "") if p else "",
            -a.figure.id,
        )

    return max(alignments, key=rank)


def _top(alignments: list[Alignment], n: int = 3) -> list[Alignment]:
    return sorted(alignments, key=lambda a: (a.rank, -a.figure.id), reverse=True)[:n]


def _same_value(a: Alignment, b: Alignment) -> bool:
    qa, qb = a.value_quantity, b.value_quantity
    try:
        vb = units.convert(qb.value, qb.unit, qa.unit) if qa.unit and qb.unit and qa.unit != qb.unit else qb.value
    except Exception:
        return False
    return math.isclose(qa.value, vb, rel_tol=1e-6) and a.figure.mention.frame.change == b.figure.mention.frame.change


def _pick(claim: Mention, contra: list[Alignment]) -> Alignment | None:
    """Among figures that rule a claim out with different values, the one it answers to:
    the one in the same place of a "from X to Y" sentence, or of the same period."""
    same_place = [a for a in contra if a.figure.mention.position == claim.position]
    if len({id(a) for a in same_place}) == 1 or same_place and all(_same_value(a, same_place[0]) for a in same_place):
        return same_place[0]
    stated = [a for a in contra if a.period == "same"]
    if stated and all(_same_value(a, stated[0]) for a in stated):
        return stated[0]
    return None


def _unknown(
    claim: Mention, a: Alignment, reason: str, comparison: str, *, candidates: list[Alignment] | None = None
) -> Verdict:
    return Verdict(
        claim,
        "unknown",
        reason,
        a.figure,
        a.score,
        comparison or None,
        candidates=tuple(x.figure for x in (candidates or [a]))[:3],
        fields=a.fields(),
    )


def _verdict(claim: Mention, a: Alignment, verdict: str, tolerances: Tolerances) -> Verdict:
    fq = a.figure.mention.quantity
    note = f" {a.note}" if a.note else ""
    p = a.figure.mention.period
    if claim.period is None and p is not None:
        note += f", the figure for {p.label}"  # the claim names no period: say which it was read against
    if verdict == "supported":
        comparison = f"{said(claim.quantity)} agrees with {said(fq)}{note}"
        return Verdict(claim, verdict, None, a.figure, a.score, comparison, fields=a.fields())
    correction = correct(claim.quantity, a.value_quantity, tolerances=tolerances)
    way = a.figure.mention.frame.change
    if claim.frame.change and way and way != claim.frame.change:
        correction = moved(way, correction)
    comparison = f"{said(claim.quantity)} does not agree with {said(fq)}{note}"
    return Verdict(claim, verdict, None, a.figure, a.score, comparison, correction, fields=a.fields())


# ---- words ---------------------------------------------------------------------------------


def moved(way: str, amount: str) -> str:
    """A change in words: moved("increase", "73 percent") is "an increase of 73 percent"."""
    return f"{'an' if way == 'increase' else 'a'} {way} of {amount}"


OTHER_WAY = {"increase": "decrease", "decrease": "increase"}


def said(q: Quantity) -> str:
    """A quantity with its hedge, as written: "more than 80%"."""
    return f"{q.hedge_text} {q.text}" if q.hedge_text and q.hedge_text not in q.text else q.text


def as_written(q: Quantity) -> str:
    """A figure's value written the way its source writes the number: for a figure an
    editor corrected, whose text is still the source's ("52.3 billion yuan" now worth
    52.5 billion), the value it now has ("52.5 billion yuan"). No verdict is at stake: the
    number is written to read as the value at the defaults of data/verdicts.toml."""
    from ..reading.quantities import extract

    written = extract(q.text)
    return correct(written[0], q, tolerances=defaults()) if len(written) == 1 else f"{q.value:g} {q.unit or ''}".strip()


# ---- corrections --------------------------------------------------------------------------------

_NUMBER = regex(r"\d[\d,]*(?:\.\d+)?")
_TIME_PARTS = regex(
    r"(?i)(?<![A-Za-z])(?:days?|hours?|hrs?|minutes?|mins?|seconds?|secs?)(?![A-Za-z])|天|小时|分钟|分|秒"
)
_ORDINAL_SUFFIX = {1: "st", 2: "nd", 3: "rd"}
_SIGN = regex(r"(?:[-−负負]|(?i:minus|negative)\s+)\s*$")  # a minus written before the digits


def correct(claim: Quantity, figure: Quantity, *, tolerances: Tolerances) -> str:
    """What the draft should say: the figure's value written as the claim writes its own
    number, with as many decimals as it takes to be right at the figure's precision (the
    claim's own where they are enough), in the claim's unit and scale; in the source's
    own wording where the claim's way of writing cannot hold it. The number written must
    bear the claim out as the judge would (`tolerances`: rounding_cap, hedge_reach)."""
    if not (finite(claim) and finite(figure)):
        return _hedged(claim, figure) + figure.text  # nothing to compute with: the source's own words
    value = figure.value * (100 if figure.kind == "fraction" and claim.unit == "percent" else 1)
    step = figure.step * (100 if figure.kind == "fraction" and claim.unit == "percent" else 1)
    if claim.kind == "fraction" and figure.unit == "percent":
        return f"{value:g} percent"  # "two-fifths" was wrong: say it in percent, as the source does
    if claim.unit and figure.unit and claim.unit != figure.unit:
        try:
            value, step = (
                units.convert(value, figure.unit, claim.unit),
                abs(units.convert(step, figure.unit, claim.unit) - units.convert(0.0, figure.unit, claim.unit)),
            )
        except Exception:
            return _hedged(claim, figure) + figure.text
    if claim.kind == "ordinal":
        return _ordinal(claim.text, int(round(value)))
    numbers = list(_NUMBER.finditer(claim.text))
    prefix = _hedged(claim, figure)
    if (
        claim.unit
        and units.dimension(claim.unit) == "[time]"
        and (len(numbers) > 1 or len(_TIME_PARTS.findall(claim.text)) > 1)
    ):
        return prefix + _duration(value, claim.unit, claim.lang)  # "one hour and 10 minutes" rewritten whole
    if len(numbers) != 1:
        return prefix + _source_wording(claim, figure, value)
    m = numbers[0]
    head = claim.text[: m.start()]
    sign = _SIGN.search(head) if claim.value < 0 else None
    if sign:  # "-54(万人)": the sign is written, and written again only if the figure has one
        head = head[: sign.start()]
    written = float(m.group().replace(",", "")) * (-1 if sign else 1)
    scale = claim.value / written if written else _scale_of(claim, m)
    if not scale or not math.isfinite(scale):
        return prefix + _source_wording(claim, figure, value)
    own = len(m.group().partition(".")[2])
    for decimals in range(own, own + 7):
        shown = round(value / scale, decimals)
        if shown == 0 and value != 0:
            continue
        written_as = _read_as_written(claim, m, shown, decimals)  # its precision as a reader will take it
        candidate = claim._replace(
            value=shown * scale,
            step=written_as.step if written_as else 10.0**-decimals * scale,
            hedge=figure.hedge,
            hedge_text=figure.hedge_text,
        )
        if (
            compare(
                candidate,
                figure._replace(value=value, unit=claim.unit, step=step),
                rounding_cap=tolerances.rounding_cap,
                hedge_reach=tolerances.hedge_reach,
            )
            == "supported"
        ):
            break
    else:
        return prefix + _source_wording(claim, figure, value)
    number = f"{abs(shown):,.{decimals}f}" if "," in m.group() else f"{abs(shown):.{decimals}f}"
    if shown < 0:
        number = (sign.group() if sign else "-") + number
    rest = _agree_unit(claim.text[m.end() :], shown)
    return prefix + head + number + rest


def _ordinal(text: str, n: int) -> str:
    """An ordinal written as the claim writes its own: 第3位 -> 第5位, 第四 -> 第五,
    "fourth" -> "fifth", "Fourth" -> "Fifth", "4th" -> "5th"."""
    if text.startswith("第"):
        rest = text[1:]
        suffix = rest[-1] if rest[-1:] in ("位", "名") else ""
        if any(c.isdigit() and c.isascii() for c in rest) or not 0 < n < 100:
            return f"第{n}{suffix}"
        return f"第{_chinese_number(n)}{suffix}"
    if not any(c.isdigit() for c in text):
        word = next((w for w, v in language()["ordinals"].items() if v == n), None)
        if word:
            return word.capitalize() if text[:1].isupper() else word
    suffix = "th" if 10 <= n % 100 <= 20 else _ORDINAL_SUFFIX.get(n % 10, "th")
    return f"{n}{suffix}"


def _chinese_number(n: int) -> str:
    """1 to 99 in Chinese numerals: 5 -> 五, 10 -> 十, 12 -> 十二, 40 -> 四十, 46 -> 四十六."""
    digits = "〇一二三四五六七八九"
    tens, ones = divmod(n, 10)
    return ((digits[tens] if tens > 1 else "") + "十" if tens else "") + (digits[ones] if ones else "")


def _read_as_written(claim: Quantity, m, shown: float, decimals: int) -> Quantity | None:
    """The claim's text with `shown` in place of its number, read again: how precise a
    reader takes it to be ("6170亿" is read to the 10亿, as "617 billion" is)."""
    from ..reading.quantities import extract

    number = f"{abs(shown):,.{decimals}f}" if "," in m.group() else f"{abs(shown):.{decimals}f}"
    found = extract(claim.text[: m.start()] + number + claim.text[m.end() :])
    return found[0] if len(found) == 1 and found[0].value else None


def _scale_of(claim: Quantity, m) -> float:
    """What one unit of the written number is worth, for a number written as 0 ("0 billion
    yuan"): the same words read with 1 in its place."""
    from ..reading.quantities import extract

    found = extract(claim.text[: m.start()] + "1" + claim.text[m.end() :])
    return found[0].value if len(found) == 1 else 1.0


def _hedged(claim: Quantity, figure: Quantity) -> str:
    """The figure's hedge, in the claim's language, when the claim lacks it."""
    if not figure.hedge or figure.hedge == claim.hedge:
        return ""
    words = language()["hedges"].get(figure.hedge, {}).get("before", [])
    word = next((w for w in words if w.isascii() == (claim.lang == "en")), figure.hedge_text or "")
    return f"{word} " if claim.lang == "en" else word


def _source_wording(claim: Quantity, figure: Quantity, value: float) -> str:
    if claim.unit == figure.unit or not claim.unit:
        return figure.text
    return f"{value:,.{_digits(value)}g} {claim.unit}"


def _digits(value: float) -> int:
    return max(3, len(f"{abs(value):.12g}".replace(".", "").replace("-", "").rstrip("0")))


def _agree_unit(rest: str, shown: float) -> str:
    """ "1 hour" becomes "2 hours", and "2 hours" "1 hour": the unit word after the number
    agrees with it."""
    m = regex(r"(\s*)([A-Za-z]+)").match(rest)
    if not m:
        return rest
    word = m.group(2)
    words = unit_forms().words
    if word.lower() not in words or word.lower() in _INVARIANT or not units.resolve(words[word.lower()]).dims:
        return rest  # "percent", "yuan": one form for one and for many
    singular = word[:-1] if word.endswith("s") and word[:-1].lower() in words else None
    if shown == 1 and singular and words[singular.lower()] == words[word.lower()]:
        return m.group(1) + singular + rest[m.end() :]
    plural = word + "s"
    if (
        shown != 1
        and not word.endswith("s")
        and plural.lower() in words
        and words[plural.lower()] == words[word.lower()]
    ):
        return m.group(1) + plural + rest[m.end() :]
    return rest


_INVARIANT = frozenset(language()["frame_words"]["invariant_plurals"])  # "1 yuan", "5 yuan"
_DURATION_EN = (("day", 86400.0), ("hour", 3600.0), ("minute", 60.0), ("second", 1.0))
_DURATION_ZH = (("天", 86400.0), ("小时", 3600.0), ("分钟", 60.0), ("秒", 1.0))


def _duration(value: float, unit: str, lang: str) -> str:
    """A duration in whole parts, largest first: "1 hour and 15 minutes", "2小时15分钟"."""
    seconds = round(units.convert(value, unit, "second"))
    parts = []
    for name, size in _DURATION_ZH if lang == "zh" else _DURATION_EN:
        n, seconds = divmod(seconds, int(size))
        if n:
            parts.append(f"{n}{name}" if lang == "zh" else f"{n} {name}{'' if n == 1 else 's'}")
    if not parts:
        return "0 minutes" if lang != "zh" else "0分钟"
    return (
        "".join(parts)
        if lang == "zh"
        else " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)
    )


def figure_said(f: Figure) -> str:
    return said(f.mention.quantity)
