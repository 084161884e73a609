"""Reading numbers: find every quantity in a text, with its value, unit and hedge.

`extract(text)` returns the quantities a reader would check: "569 billion yuan",
"RMB569bn", "5690亿元", "more than 80%", "ranked sixth", "nearly tripled", "83
projects". Years and dates used as time references, times of day, phone and version
numbers are read too, but as `TimeRef`s or not at all (`scan` returns both).

Offsets are into the text as given. Full-width digits and signs are read through a
one-to-one character translation, so offsets never move. All word knowledge (number
words, scales, hedges, units) comes from verify/data via `verify.knowledge.lexicon`.
"""

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from typing import NamedTuple

from ..cache import regex
from ..knowledge.lexicon import UnitForms, hedge_ends, hedge_patterns, language, trie, unit_forms
from ..models import Quantity
from .document import Document
from .numbers import (
    Grammar,
    grammar,
    parse_cardinal,
    parse_digits,
    parse_fraction,
    parse_ordinal,
    parse_words,
    parse_zh,
    step_of,
    zh_denominator,
)

# One-to-one translation: offsets stay the same.
_FULLWIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
TRANSLATE = str.maketrans(
    {
        **_FULLWIDTH,
        "．": ".",
        "％": "%",
        "−": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "＋": "+",
        "，": "，",
        "＄": "$",
        "／": "/",
        "－": "-",
    }
)


class TimeRef(NamedTuple):
    """A year (or a date) used as a time reference: "in 2023", "2023年", "April 1, 2025"."""

    start: int
    end: int
    text: str
    year: int | None  # the year it names, if any


@cache
def _not_nouns() -> frozenset[str]:
    """Words after a number that are never the noun it counts (language.toml [counted_nouns])."""
    return frozenset(language()["counted_nouns"]["not_nouns"])


@cache
def _plurals_without_s() -> frozenset[str]:
    """Plural nouns with no -s: "staff", "cattle" (language.toml [counted_nouns])."""
    return frozenset(language()["counted_nouns"]["plurals_without_s"])


# ---- scanning -------------------------------------------------------------------------


@dataclass(slots=True)
class _Q:
    """A quantity being read (mutable while it is built)."""

    start: int
    end: int
    value: float
    lang: str
    kind: str = "amount"
    unit: str | None = None
    noun: str | None = None
    hedge: str | None = None
    hedge_text: str | None = None
    scaled: bool = False
    scale: float = 1.0
    decimals: int = 0
    is_year: bool = False
    digits_only: bool = False
    step: float | None = None  # precision, when the digits alone do not tell it


_FULLWIDTH_GROUP = regex(r"(?<=\d)，(?=\d{3}(?!\d))")


def scan(text: str) -> tuple[list[Quantity], list[TimeRef]]:
    """Every quantity and every time reference in `text`, in order."""
    g = grammar()
    norm = text.translate(TRANSLATE)
    if "，" in text:  # ４，５６５: a comma grouping full-width digits (same length, offsets kept)
        norm = _FULLWIDTH_GROUP.sub(lambda m: "," if "０" <= text[m.start() - 1] <= "９" else "，", norm)
    blocked = [m.span() for m in (g.blocked if "@" in norm else g.blocked_plain).finditer(norm)]
    read_first: list[tuple[int, int]] = []  # spans of the amounts read before the rest ("a year")
    times: list[tuple[int, int]] = []  # spans of such units that say when, not how much ("a year ago")
    found: list[_Q] = []
    refs: list[TimeRef] = []
    m: re.Match[str] | None  # each loop's match (the core reader's may be none: the end)
    q: _Q | None  # the quantity read from it (the core reader's may be none: not a number)
    for m in _one_unit().finditer(norm):
        if regex(r"(?i)(?:once|twice|times|per|each|every|[\d%])\s*$").search(norm[max(0, m.start() - 8) : m.start()]):
            continue  # "twice a year", "$5 a day": a rate, not an amount
        prev = regex(r"(\S+)\s+$").search(norm[max(0, m.start() - 30) : m.start()])
        if (
            prev
            and m.group(1).lower() in ("a", "an")
            and (
                prev.group(1).lower() in unit_forms().words
                or prev.group(1) in unit_forms().symbols
                or prev.group(1).lower() in g.scales
                or prev.group(1)[-1:].isdigit()
            )
        ):
            continue  # "500,000 barrels a day", "$5 billion a year": a rate
        if _WHEN_AFTER.match(norm, m.end()) or regex(r"(?i)\s+(?:old|or\s+so|from\s+now)\b").match(norm, m.end()):
            times.append(m.span())  # "half an hour later": a time, and no "half" in it is a claim either
            continue
        unit = unit_forms().words.get(m.group(3).lower())
        if unit is None:
            continue
        unit, factor = unit_forms().aliases.get(unit, (unit, 1.0))
        value = factor * float(language()["one_unit"]["words"][" ".join(m.group(1).lower().split())])
        if m.group(4):
            value += 0.5
        q = _Q(m.start(), m.end(), value, "en", unit=unit, step=0.0)
        _hedge_before(q, norm, g)
        found.append(q)
        read_first.append(m.span())

    fenced = _Fences(blocked, read_first, times)
    pos = 0
    floor = 0  # nothing before this offset may be taken again (a unit or prefix already used)
    core = g.core if g.zh_needs.search(norm) else g.latin
    while True:
        m = core.search(norm, pos)
        if not m:
            break
        pos = m.end()
        s, e = m.span()
        fence = fenced.first(s, e)
        if fence is not None:
            pos = max(pos, fence)
            continue
        q = _read_core(m, norm, g)
        if q is None and m.lastgroup == "zh":  # "1502222, 二百五": the digits are a number of their own
            digits = g.number.match(norm, s)
            q = _read_core(digits, norm, g) if digits else None
        if q is None:
            group = regex(r"-?\d+").match(m.group()) if m.lastgroup == "num" else None
            if group:  # "i7 860": the group glued to a word goes, the next is read again
                pos = s + group.end()
            continue
        pos = q.end  # a word run may read as a shorter number: go on right after it
        if norm[q.start] == "-" and q.start in (found[-1].end if found else -1, refs[-1].end if refs else -1):
            unsigned = core.match(norm, q.start + 1)  # "3%-5%", "5公里-10公里": a range dash after a quantity
            q = _read_core(unsigned, norm, g) if unsigned else q
            if q is None:
                continue
        if q.lang == "zh" or _HAN.match(norm, q.end) or norm[q.start - 1 : q.start] == "第":
            if _names_zh(q, norm, g):
                continue  # 第七次全国人口普查, 十大品牌, 世界500强: part of a name
        _extend(q, norm, g, floor)
        ref = _time_reference(q, norm, g)
        if ref is not None:
            refs.append(TimeRef(ref[0], ref[1], text[ref[0] : ref[1]], ref[2]))
            pos = max(pos, ref[1])
            continue
        if _is_label(q, norm, g):
            pos = max(pos, q.end)
            continue
        found.append(q)
        pos = max(pos, q.end)
        floor = q.end
    taken = _Taken(found)
    for m in g.multiplier.finditer(norm):
        if taken.overlaps(m.start(), m.end()):
            continue
        word = m.group().lower()
        multiple = g.multipliers.get(word)
        if multiple is None:  # 翻番, 翻两番
            n = {"两": 2, "三": 3}.get(next((c for c in word if c in "两三"), ""), 1)
            multiple = 2.0**n
        q = _Q(m.start(), m.end(), multiple, "zh" if word[0] == "翻" else "en", kind="multiplier", step=0.0)
        _hedge_before(q, norm, g)
        if word[0] == "翻" and q.hedge is None and norm.startswith(("多", "余"), m.end()):  # 翻了一番多
            q.hedge, q.hedge_text, q.end = "more_than", norm[m.end()], m.end() + 1
        found.append(q)
        taken.add(q.start, q.end)
    taken = _Taken(found)
    fence_starts = {b[0] for b in blocked + read_first}
    for m in _ZH_HALF.finditer(norm):
        if taken.overlaps(m.start(), m.end()) or m.start() in fence_starts:
            continue
        hit = unit_forms().match(norm, m.start() + 1) or unit_forms().match(norm, m.end())
        if (
            hit
            and hit[2] == "zh"
            and hit[0]
            in (
                "hour",
                "day",
                "week",
                "month",
                "year",
                "minute",
                "metric_ton",
                "jin",
                "kilogram",
                "meter",
                "kilometer",
                "liter",
                "chinese_mu",
            )
        ):
            found.append(_Q(m.start(), hit[1], 0.5, "zh", unit=hit[0], step=0.0))
            taken.add(m.start(), hit[1])
    found.sort(key=lambda q: (q.start, -q.end))
    found = _outermost(found)  # "a quarter of a century": not also "a century" inside it
    found = _merge_compound_units(found, norm)
    _share_units_in_ranges(found, norm)
    return [_freeze(q, text) for q in found], refs


@cache
def _millions_of_currency() -> re.Pattern:
    """ "30 MUSD", "120 MSEK": M and a currency code of language.toml's [millions_of_currency]."""
    return regex(r"\s?M(" + "|".join(language()["millions_of_currency"]["codes"]) + r")(?![A-Za-z])")


class _Fences:
    """Stretches no number may overlap (URLs, dates, phone numbers; amounts already read),
    given as lists each in order and without overlaps: the first stretch that overlaps a
    number is found by bisection, not by reading them all for every number."""

    def __init__(self, *lists: list[tuple[int, int]]) -> None:
        self.lists = [(spans, [e for _, e in spans]) for spans in lists]

    def first(self, s: int, e: int) -> int | None:
        """The end of the first stretch (of the first list that has one) overlapping s..e."""
        for spans, ends in self.lists:
            i = bisect_right(ends, s)
            if i < len(spans) and spans[i][0] < e:
                return ends[i]
        return None


class _Taken:
    """Where quantities stand: does a stretch overlap one? Their starts in order with the
    running maximum of their ends, and the largest end of those added since, each of
    which starts before any stretch asked about after it."""

    def __init__(self, found: list[_Q]) -> None:
        spans = sorted((q.start, q.end) for q in found)
        self.starts = [s for s, _ in spans]
        self.reach = list(accumulate((e for _, e in spans), max))
        self.since = -1

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect_left(self.starts, e)
        return bool(i and self.reach[i - 1] > s) or self.since > s

    def add(self, s: int, e: int) -> None:
        self.since = max(self.since, e)


# after "a year", "an hour": the words that make it a time ("a year ago"), not an amount or a rate
_WHEN_AFTER = regex(r"(?i)\s+(?:ago|earlier|later|before|after)\b")
_ZH_HALF = regex(r"半(个|個)?")


def _outermost(found: list[_Q]) -> list[_Q]:
    """The quantities (sorted by start, longest first) that no other one holds whole."""
    out: list[_Q] = []
    for q in found:
        if out and out[-1].start <= q.start and q.end <= out[-1].end:
            continue
        out.append(q)
    return out


@cache
def _one_unit() -> re.Pattern:
    """A unit of time with an article or count words: "an hour", "a couple of days" (language.toml [one_unit])."""
    table = language()["one_unit"]
    words = trie({w.lower() for w in table["words"]}, space=r"\s+")
    units = trie({u.lower() for u in table["units"]})
    return regex(rf"(?i)(?<![A-Za-z])({words})\s+(({units}))(\s+and\s+a\s+half|\s+and\s+half)?(?![A-Za-z])")


def _merge_compound_units(found: list[_Q], norm: str) -> list[_Q]:
    """'5 feet 2 inches', '1 hour and 30 minutes', '3 dollars 50 cents', '15 dollars and
    50', '一个星期又三天': one quantity in the larger unit, for the unit pairs that
    data/language.toml [compound_units] lists ('12 m 2 dm' stays two quantities)."""
    from ..knowledge import units

    out = found[:1]
    for b in found[1:]:
        a = out[-1]
        gap = norm[a.end : b.start]
        cents = (
            a.unit in ("USD", "EUR", "GBP", "CAD", "AUD", "HKD", "NZD")
            and not a.scaled
            and a.kind == b.kind == "amount"
            and float(a.value).is_integer()  # (no infinity: 1e400)
            and not a.decimals
            and regex(r"\s*(?:and\s+|又)?").fullmatch(gap)
            and 0 < b.value < 100
            and float(b.value).is_integer()
            and (b.unit in (None, "US_cent", "GBP_penny") and not b.noun and not b.hedge)
        )
        if cents and not regex(r"\s*[.,]?\d").match(norm[b.end : b.end + 2]):
            a.value += b.value / 100
            a.end = b.end
            a.step = 0.0
            continue  # b is part of a now, which may take the next one too
        b_unit = b.unit
        if a.unit == "foot" and b.unit is None and regex(r"\s*(?:in|inch|inches|\")(?![A-Za-z])").match(norm, b.end):
            b_unit = "inch"  # "5 ft 2 in": "in" is read as a unit only here
            inch = regex(r"\s*(?:in|inch|inches|\")").match(norm, b.end)
            b.end = inch.end() if inch else b.end  # (it matches: the pattern above does)
        pairs = language()["compound_units"]
        glued = language()["compound_units_glued"]  # 分: minutes only between hours and seconds
        a_unit, b_end = a.unit, b.end
        if b_unit is None and not b.noun and glued.get(norm[b.end : b.end + 1]) in pairs.get(a_unit or "", []):
            b_unit, b_end = glued[norm[b.end]], b.end + 1  # 2小时15分
        elif a_unit is None and not a.noun and b_unit in pairs.get(glued.get(norm[a.end : a.end + 1], ""), []):
            a_unit, gap = glued[norm[a.end]], norm[a.end + 1 : b.start]  # 3分20秒
        if (
            a_unit is not None
            and b_unit is not None
            and b_unit in pairs.get(a_unit, [])
            and not b.hedge
            and a.kind == b.kind == "amount"
            and regex(r"\s*(?:and\s+|又|,\s*)?").fullmatch(gap)
            and not (gap.strip() == "," and b_unit != "inch")
        ):
            a.value += units.convert(b.value, b_unit, a_unit)
            a.unit = a_unit
            a.end = b_end
            a.step = 0.0
            continue
        out.append(b)
    return out


def as_percent(q: Quantity) -> Quantity:
    """A fraction as the percentage it is ("two-fifths" is 40 percent); other quantities as they are."""
    if q.kind != "fraction":
        return q
    return Quantity(
        q.start, q.end, q.text, q.value * 100, "percent", "amount", q.noun, q.hedge, q.hedge_text, 0.0, q.lang
    )


def in_document(doc: Document) -> list[tuple[int, int, int, Quantity]]:
    """(line, column, offset, quantity) of every quantity in a document's prose and table
    cells, in order; each quantity's own offsets are within its block."""
    rows = []
    for block in doc.blocks:
        for q in extract(doc.visible[block.start : block.end]):
            line, col = doc.position(block.start + q.start)
            rows.append((line, col, block.start + q.start, q))
    return rows


def extract(text: str) -> list[Quantity]:
    """The quantities in `text` that say how much or how many (no years, dates or times)."""
    return scan(text)[0]


def _freeze(q: _Q, text: str) -> Quantity:
    step = q.step if q.step is not None else step_of(q.value)
    if q.decimals and q.step is None:
        step = min(step, 10.0**-q.decimals * q.scale)
    return Quantity(
        start=q.start,
        end=q.end,
        text=text[q.start : q.end],
        value=float(f"{q.value:.12g}"),
        unit=q.unit,
        kind=q.kind,
        noun=q.noun,
        hedge=q.hedge,
        hedge_text=q.hedge_text,
        step=float(f"{step:.12g}") if q.kind == "amount" else 0.0,
        lang=q.lang,
    )


_SIGN_BEFORE = regex(r"(?i)(?:(?<![A-Za-z])(?:minus|negative)\s+|(?:^|(?<=[\s(:=]))-\s|[负負])$")


def _digit_before(norm: str, end: int) -> bool:
    """Does the text before `end` end with a digit, and blanks after it ("3 - 5")?"""
    i = end
    while i > 0 and norm[i - 1].isspace():
        i -= 1
    return i > 0 and norm[i - 1].isdecimal()


_WHOLE_ZH_SCALED = regex(r"(?:[-−负負]\s*)?(\d+)(?:万亿|萬億|亿|億|万|萬)")


def _read_core(m: re.Match, norm: str, g: Grammar) -> _Q | None:
    s, e = m.span()
    kind = m.lastgroup
    text = m.group()
    value: float | None  # the number read, each kind its own way
    before = norm[s - 1 : s]
    if (
        text.startswith("-")
        and before
        and (before.isascii() and before.isalnum() or before in "-–" or before in g.zh_numerals)
    ):
        s += 1  # "3-5", "A-5", "1万-2万": a dash, not a minus (but 为-1.48‰ and 为-54万 are negative)
        text = text[1:]
    if kind == "num":
        if s > 1 and norm[s - 1] == "-" and norm[s - 2].isascii() and norm[s - 2].isalpha():
            return None  # SCP-173, COVID-19, L-202: part of a name
        if s > 0 and norm[s - 1].isalpha() and norm[s - 1].isascii():
            if not unit_forms().before.search(norm[max(0, s - 6) : s]) or not text[0].isdigit():
                return None  # glued to a word: A4, G20, COVID19 (but RMB569bn is money)
        value = parse_digits(text)
        sign = _SIGN_BEFORE.search(norm[max(0, s - 10) : s])
        if sign and not text.startswith("-") and not _digit_before(norm, s - len(sign.group())):
            s -= len(sign.group())
            value = -value
        decimals = len(regex(r"[eEx×*\s]").split(text.partition(".")[2])[0]) if "." in text else 0
        if regex(r"-?\d+,\d{1,2}").fullmatch(text):
            decimals = len(text.partition(",")[2])
        q = _Q(s, e, value, "en", decimals=decimals)
        q.digits_only = bool(regex(r"\d+").fullmatch(text))
        q.is_year = q.digits_only and len(text) == 4 and 1000 <= value <= 2199
        return q
    if kind == "vf":
        whole = text[:-1]
        return _Q(s, e, (float(whole) if whole else 0.0) + g.vulgar[text[-1]], "en", step=0.0)
    if kind == "ord":
        digits = regex(r"\d+").match(text)  # (always: the grammar's ordinals begin with digits)
        return _Q(s, e, float(digits.group()), "en", kind="ordinal") if digits else None
    if kind == "zhpct":
        return _read_tenths(s, e, text, g, norm)
    if kind == "zh":
        if regex(r"-?[0-9.\s]+").fullmatch(text):
            return None
        compact = regex(r"\s+").sub("", text)
        if len(compact) == 1 and not _standalone_zh(norm, s, e, compact, g):
            return None  # 一切, 四川, 队伍, 陆地: a numeral inside a word
        forms = unit_forms()
        for tail in (2, 1):  # 一百千瓦 is 100 kW, not 1,100 W: a unit name may begin with a numeral
            if len(compact) > tail and text[-tail:] == compact[-tail:]:
                found = forms.match(norm, e - tail)
                if found and found[2] == "zh" and found[1] > e and parse_zh(text[:-tail], g):
                    text, e = text[:-tail], e - tail
                    compact = compact[:-tail]
                    break
        if len(compact) > 1 and compact[-1] in "百佰" and compact[-2] not in g.zh_digits and norm.startswith("分", e):
            text, e = text[:-1], e - 1  # 七十百分位: "seventy", then 百分位 (percentile)
            compact = compact[:-1]
        liang = len(compact) > 1 and compact[-1] in "两兩" and compact[-2] not in "两兩零"
        if liang:  # 三十两, 二两: the measure, after a whole number
            text, e = text[:-1], e - 1
        value = parse_zh(text, g)
        if value is None:
            return None
        q = _Q(s, e, value, "zh")
        whole = _WHOLE_ZH_SCALED.fullmatch(compact)
        if whole and float(whole.group(1)):
            # "1100万": a count in 万 or 亿 is written to that unit, so its zeros are digits; all
            # but the last, which may be the one "617 billion" needs to be written in 亿 (6170亿)
            unit = abs(value) / float(whole.group(1))
            q.step = unit * (10 if whole.group(1).endswith("0") else 1)
        if liang:
            q.unit, q.end = "liang", e + 1
        dozen = regex(r"\s*[打](?![折电電算开開击擊扰擾造工印])").match(norm, e)
        if dozen and value <= 1000:
            q.value, q.end = value * 12, dozen.end()
        for mark in "多余几幾":
            if mark in text:
                q.hedge, q.hedge_text = "more_than", mark
                break
        flat = compact.replace(" ", "")
        if "分之" in flat:
            q.kind = "fraction"
            den_text = flat.lstrip("负負").partition("分之")[0]
            den = zh_denominator(den_text, g) if den_text else None
            if (
                den
                and den >= 100
                and math.log10(den) == int(math.log10(den))
                and "又" not in flat
                and regex(r"[百佰千仟万萬亿億]+").fullmatch(den_text)
            ):
                # 百分之七十三 = 73%, 千分之二点四 = 0.24%: parts per hundred, thousand, ... as percent
                q.kind, q.unit, q.value = "amount", "percent", value * 100.0
        # a number that ends in a section unit is scaled: its precision is that of its digits
        num = regex(r"[0-9]+(?:\.([0-9]+))?").match(text)
        if num and num.group(1) and regex(r"[0-9.]+[万萬亿億千百]+").fullmatch(text):
            scale = value / float(num.group())
            q.step = 10.0 ** -len(num.group(1)) * scale
        return q
    # spelled-out English: the longest run of words that reads as one number
    parts = [(w.group(), w.start()) for w in regex(r"[A-Za-z]+").finditer(text)]
    while parts and parts[0][0].lower() == "and":
        parts.pop(0)
    if parts and parts[0][0].lower() in ("a", "an"):
        nxt = parts[1][0].lower() if len(parts) > 1 else ""
        if not (nxt in g.scales or nxt in g.counting or nxt in g.fractions or parse_ordinal(nxt, g)):
            parts.pop(0)  # "a three-foot trip": the article is not part of the number
    for n in range(len(parts), 0, -1):
        run = parts[:n]
        if run[-1][0].lower() in ("and", "a", "an", "point", "minus", "negative"):
            continue
        parsed = parse_words([w for w, _ in run], g)
        if parsed is None:
            continue
        value, k = parsed
        qs, qe = s + run[0][1], s + run[-1][1] + len(run[-1][0])
        if k == "ordinal" and not _rank_context(norm, qs, qe):
            return None
        if (
            n == 1
            and run[0][0].lower() == "one"
            and _PRONOUN_ONE.search(norm[max(0, qs - 12) : qs])
            and not _unit_at(norm, qe, unit_forms(), allow_space=True)
        ):
            return None  # "which one", "the one you mentioned"
        q = _Q(qs, qe, value, "en", kind=k)
        if k == "fraction":
            q.step = 0.0
            of = regex(r"(?i)\s+of\s+an?\s+(\w+)").match(norm, qe)
            if of and of.group(1).lower() in g.scales and g.scales[of.group(1).lower()] >= 1e3:
                q.value *= g.scales[of.group(1).lower()]  # "two thirds of a million"
                q.kind, q.end, q.step = "amount", of.end(), None
        return q
    return None


_PRONOUN_ONE = regex(r"(?i)\b(?:the|this|that|which|each|every|any|no|another|what|whichever|little|big|new|old)\s+$")


_TAIL = regex(r"(?i)(\s+and)?\s+(\d{1,3}|[a-z]+(?:-[a-z]+)?)(?:\s+(hundred))?(?![\d,.]|\s*[%/])")
_HALF_TAIL = regex(r"(?i)\s+and\s+((?:a|an|one|two|three)\s+(?:half|third|quarter|fifth)s?)(?![A-Za-z])")


def _read_tail(q: _Q, norm: str, g: Grammar) -> None:
    """'3 hundred and 21', '4 thousand 3 hundred and 21', '3 million and a half'."""
    hm = _HALF_TAIL.match(norm, q.end)
    if hm and q.scale >= 1e6:
        frac = parse_fraction(hm.group(1).lower().split(), g)
        if frac is not None:
            q.value += frac * q.scale
            q.end = hm.end()
        return
    while q.scale in (100.0, 1000.0):
        tm = _TAIL.match(norm, q.end)
        if not tm:
            return
        word = tm.group(2).lower()
        small = float(word) if word.isdigit() else parse_cardinal(word.split("-"), g)
        if small is None or (not word.isdigit() and not tm.group(1)):
            return  # a spelled number joins only after "and": "3 hundred and one"
        part = small * (100.0 if tm.group(3) else 1.0)
        if part >= q.scale:
            return
        q.value += part
        q.end = tm.end()
        q.scale = 100.0 if tm.group(3) else 1.0


_RATIO = regex(r"(?i)\s+(over|out\s+of|in)\s+")


def _read_ratio(q: _Q, norm: str, g: Grammar) -> None:
    """'1 over 3', 'two out of five people', 'one in five adults': a share. 'over' is no share
    when anything follows ('2000 over 3 years'); 'in' and 'out of' take a noun after them
    (the people counted), but not a unit or a year ('3 in 10 minutes', '5 in 2023')."""
    rm = _RATIO.match(norm, q.end)
    if not rm:
        return
    word = rm.group(1).lower()
    m = g.core.match(norm, rm.end())
    if not m or m.lastgroup not in ("num", "word"):
        return
    den = _read_core(m, norm, g)
    if den is None or den.kind != "amount" or not den.value or den.start != rm.end() or den.is_year:
        return
    sm = g.scale_word.match(norm, den.end)
    if sm:
        den.value *= g.scales.get(sm.group(1).lower(), 1.0)
        den.end = sm.end()
    if _unit_at(norm, den.end, unit_forms(), allow_space=True):
        return
    if word == "over" and regex(r"\s+[a-z]+s\b").match(norm[den.end : den.end + 20]):
        return
    if word != "over" and q.value >= den.value:
        return  # "12 out of 10", "5 in 5" are not shares
    if word == "in" and (
        not float(q.value).is_integer() or den.value > 1000 or q.digits_only and den.digits_only and den.value > 100
    ):
        return
    q.value /= den.value
    q.end = den.end
    q.kind = "fraction"
    q.step = 0.0
    q.is_year = q.digits_only = False


_ZH_TENTHS_DIGITS = {"十": 10.0}
# after 元: 角/毛 (tenths) and 分 (hundredths): group 1 the jiao digit, group 3 the fen digit
_ZH_JIAO = regex(
    r"\s*(?:([0-9]|[一二两三四五六七八九])\s*[角毛])?(?:\s*(?:零\s*)?(([0-9]|[一二两三四五六七八九])\s*分))?"
)


def _zh_digit(c: str, g: Grammar) -> float | None:
    return float(c) if c.isdigit() else g.zh_digits.get(c)


def _read_tenths(s: int, e: int, text: str, g: Grammar, norm: str) -> _Q | None:
    """三成 = 30%, 七成六 = 76%, 三成半 = 35%, 八五折 / 八点五折 = 85%, 半成 = 5%, 对折 = 50%."""
    compact = regex(r"\s+").sub("", text)
    if compact in g.zh_percent_words:
        if compact in ("对折", "對折") and norm[s - 1 : s] != "打":
            return None  # 对折 alone is "folded in half"; 打对折 is half price
        return _Q(s, e, g.zh_percent_words[compact], "zh", unit="percent")
    head, mark, tail = regex(r"([成折])").split(compact, maxsplit=1)

    def digit(c: str) -> float:
        return float(c) if c.isdigit() else g.zh_digits.get(c, _ZH_TENTHS_DIGITS.get(c, -1.0))

    head = head.replace("點", ".").replace("点", ".")
    if regex(r"[0-9]+(?:\.[0-9]+)?").fullmatch(head) and not (len(head) == 2 and head != "10"):
        tenths = float(head)
    elif len(head) == 1:
        tenths = digit(head)
    elif len(head) == 2:  # 五五折, 7 2 折
        tenths = digit(head[0]) + digit(head[1]) / 10
    elif len(head) == 3 and head[1] == ".":
        tenths = digit(head[0]) + digit(head[2]) / 10
    else:
        return None
    if tenths < 0 or tenths > 10 or (mark == "折" and tenths >= 10):
        return None
    value = tenths * 10
    if tail == "半":
        value += 5
    elif tail:
        value += digit(tail)
    return _Q(s, e, value, "zh", unit="percent", step=0.0)


def _standalone_zh(norm: str, s: int, e: int, char: str, g: Grammar) -> bool:
    """Is a one-character Chinese numeral a number here, rather than part of a word?"""
    if char in g.formal:
        return False  # 伍, 陆, 拾 alone are the characters of 队伍, 陆地, 拾取
    after = norm[e : e + 1]
    before = norm[s - 1 : s] if s else ""
    han = lambda c: bool(c) and "\u4e00" <= c <= "\u9fff"  # noqa: E731
    if not han(after) and not han(before):
        return True
    if after and (after in g.classifiers or after in "打倍"):
        return True
    found = unit_forms().match(norm, e)
    if found and found[2] == "zh":
        return True
    return bool(before) and before in "第是为為前" or after == "的"


def _names_zh(q: _Q, norm: str, g: Grammar) -> bool:
    """Is this number part of a name rather than a quantity? 第 makes it an ordinal: a rank
    ("排名第七", 第3位, 第二大: `q` becomes one, 第 and 位 included) or, before anything
    else, the number of a name, a period or a list item (第七次全国人口普查, 第三季度,
    第一，). Before 大 or 强 a number names a group or a list (三大产业, 十大品牌, 500强);
    the words are in data/language.toml [chinese_text]."""
    zh = language()["chinese_text"]
    after = norm[q.end : q.end + 1]
    if q.start and norm[q.start - 1] == "第":
        following = norm[q.end + 1 : q.end + 2]
        clause = _CLAUSE_END.split(norm[max(0, q.start - 13) : q.start - 1])[-1]
        ranked = any(w in clause for w in zh["rank_before"])
        if after and after in zh["rank_superlatives"]:
            end = q.end  # 第二大经济体
        elif after and after in zh["rank_classifiers"] and (ranked or not _HAN.match(following) or following == "的"):
            end = q.end + 1  # 居全国第3位
        elif not _HAN.match(after) and ranked:
            end = q.end  # 排名全国第七
        else:
            return True
        q.start, q.end, q.kind, q.is_year = q.start - 1, end, "ordinal", False
        return False
    if after and after in zh["names_after"]:
        _, _, hedges = hedge_patterns()
        return not any(norm.startswith(w, q.end) for w in hedges if w[0] == after)  # 5大于3 compares
    return False


_CLAUSE_END = regex(r"[，。；、,;:：！？!?\n]")


_RANK_AFTER = regex(
    r"(?i)[\s-]*(?:largest|biggest|highest|lowest|smallest|most|best|worst|place|nationwide|in the (?:country|nation|world)|consecutive|straight|among)"  # noqa: E501  (one pattern, kept whole)
)


def _rank_context(norm: str, s: int, e: int) -> bool:
    before = norm[max(0, s - 20) : s]
    if regex(r"(?i)(?:rank(?:s|ed|ing)?|placed?|placing|came|finished)\s+$").search(before):
        return True
    return bool(_RANK_AFTER.match(norm, e))


_HAN = regex(r"[\u4e00-\u9fff]")


def _fraction_of_a_unit(q: _Q, norm: str) -> None:
    """A fraction of one unit is an amount of it: "half a percentage point" is 0.5 points,
    "a quarter of a mile" 0.25 miles (a fraction of a count is a share: "a third of the
    workers")."""
    if q.lang != "en":
        return
    of_a = regex(r"(?i)\s+(?:of\s+)?(?:an?|one)\s+").match(norm, q.end)
    u = _unit_at(norm, of_a.end(), unit_forms(), allow_space=False, lang="en") if of_a else None
    if u:
        q.kind, q.unit, q.end = "amount", u[0], u[1]
        _unalias(q, unit_forms())


@dataclass(slots=True)
class _Around:
    """What the steps of `_extend` read a number's surroundings with, and tell each other."""

    norm: str  # the text, as `scan` reads it
    g: Grammar  # the number grammar
    forms: UnitForms  # the units' written forms
    floor: int  # nothing before this offset may be taken (a unit or prefix already used)
    share: int = 0  # the denominator of digits over digits ("1/4"), once read
    prefix: str | None = None  # the currency written before the number ("$", "RMB"), once read
    bracketed: bool = False  # the unit was read from brackets after the number: -54(万人)


def _extend(q: _Q, norm: str, g: Grammar, floor: int) -> None:
    """Read what follows and precedes the number: scale, unit, noun, currency, hedge; each
    step of `_STEPS` in turn, each going on from where the ones before left the quantity."""
    if q.kind == "ordinal":
        _hedge_before(q, norm, g)
        return
    if q.kind == "fraction":  # "nearly a third", 约三分之一, 三分之一以上
        _fraction_of_a_unit(q, norm)
        _read_hedges(q, norm, g)
        return
    around = _Around(norm, g, unit_forms(), floor)
    for step in _STEPS:
        step(q, around)


def _slashed(q: _Q, r: _Around) -> None:
    """A fraction after whole digits ("2 1/2"), or digits over digits ("1/4": a share, once the
    rest is read)."""
    norm, end = r.norm, q.end
    if not (q.lang == "en" and (q.digits_only or regex(r"-\d+").fullmatch(norm[q.start : end]))):
        return
    fm = regex(r"(\s+)?(\d+)\s*/\s*(\d+)(?![\d/])").match(norm, end)
    if fm and fm.group(1) and int(fm.group(3)) > int(fm.group(2)):
        q.value += math.copysign(int(fm.group(2)) / int(fm.group(3)), q.value)  # "-1 4/5" is -1.8
        q.end = fm.end()
        q.kind = "amount"
        q.is_year = False
        q.step = 0.0
        q.digits_only = False
    elif not fm or fm.group(1):
        fm2 = regex(r"/\s*(\d+)(?![\d/])").match(norm, end)
        if fm2 and int(fm2.group(1)) != 0 and abs(q.value) < int(fm2.group(1)):
            r.share = int(fm2.group(1))
            q.value /= int(fm2.group(1))
            q.end = fm2.end()
            q.is_year = False
            q.step = 0.0


def _scale_words(q: _Q, r: _Around) -> None:
    """Scale words: "569 billion", "5.5 million"; then what a scaled number goes on with
    ("1.2 million and 300"), or a ratio ("1 over 3", "two out of five hundred")."""
    if q.lang != "en":
        return
    g = r.g
    sm = g.scale_word.match(r.norm, q.end)
    while sm:
        factor = g.scales.get(sm.group(1).lower()) or g.counting[sm.group(1).lower()]
        q.value *= factor
        q.scale *= factor
        q.scaled = True
        q.is_year = False
        q.end = sm.end()
        sm = g.scale_word.match(r.norm, q.end)
    if q.scaled:
        _read_tail(q, r.norm, g)
    if q.kind == "amount" and not q.scaled:
        _read_ratio(q, r.norm, g)


def _currency_before(q: _Q, r: _Around) -> None:
    """A currency written before the number: "$78.9", "RMB569bn", "CNY 3,220,000", "MAUD 60"."""
    window = r.norm[max(r.floor, q.start - 8) : q.start]
    pm = r.forms.before.search(window)
    if not pm:
        return
    r.prefix = r.forms.lookup["before:" + pm.group(1).lower()]
    q.start = q.start - (len(window) - pm.start(1))
    q.unit = r.prefix
    if regex(r"M[A-Z]{3}").fullmatch(pm.group(1)):  # "MAUD 60": millions of a currency
        q.value *= 1e6
        q.scale, q.scaled = 1e6, True
    q.is_year = False


def _glued_scale(q: _Q, r: _Around) -> None:
    """A scale glued to the number: "9m", "3.22tn", "RMB569bn", "$5 mn"."""
    if q.lang != "en" or q.scaled:
        return
    norm, g = r.norm, r.g
    gm = g.scale_glued.match(norm, q.end)
    if not gm:
        return
    sym = gm.group(2)
    spaced = bool(gm.group(1))
    after = norm[gm.end() : gm.end() + 30]
    ok = False
    alone = bool(regex(r"\s*(?:$|[.,;:!?)\]])").match(after))  # "2.33 k", "1,674.5 G" ending a phrase
    if sym in ("bn", "mn", "mln", "bln", "tn", "trn", "tln", "thou", "mil"):
        ok = True
    elif sym in ("k", "K", "M", "MM", "G", "B") and (not spaced or alone):
        ok = True
    elif sym == "b" and not spaced:
        ok = bool(r.prefix) or q.decimals > 0 or q.value < 1000  # "1.2b", "$5b"; "1500b" is bits
    elif not spaced and sym in ("m", "T"):
        ok = (
            bool(r.prefix)
            or bool(_unit_at(norm, gm.end(), r.forms, allow_space=True))
            or bool(regex(r"\s+(?:[a-z]+\s+)?[a-z]{3,}s\b").match(after))
        )
    if ok:
        q.value *= g.glued[sym]
        q.scale *= g.glued[sym]
        q.scaled = True
        q.is_year = False
        q.end = gm.end()


def _bracketed_unit(q: _Q, r: _Around) -> None:
    """A unit in brackets, as a table row gives it: -54(万人), -0.88(千分点)."""
    r.bracketed = q.kind == "amount" and not r.prefix and not q.scaled and _read_bracketed(q, r.norm, r.g, r.forms)


def _unit_after(q: _Q, r: _Around) -> None:
    """The unit after the number ("5 km", "¥5元" once), or a rate after a currency before it
    ("$15.4/hour"); then what a unit goes on with (`_AFTER_UNIT`)."""
    if q.kind != "amount" or r.bracketed:
        return
    norm, end, prefix = r.norm, q.end, r.prefix
    u = _unit_at(norm, end, r.forms, allow_space=True, lang=q.lang)
    if u and prefix:
        if u[0] == prefix:  # "US$5 dollars", "¥5元": one currency written twice
            q.end = u[1]
    elif prefix:
        rate = regex(r"(?i)\s*(?:/|per\s+|an?\s+)").match(norm, end)  # "$15.4/hour", "$30 a barrel"
        per = _unit_at(norm, rate.end(), r.forms, allow_space=False) if rate else None
        if per and _WHEN_AFTER.match(norm, per[1]):
            per = None  # "$1.17 billion a year earlier": when, not a rate
        if per and not _is_currency(per[0]) and " / " not in per[0]:
            q.unit, q.end = f"{prefix} / {per[0]}", per[1]
    elif u:
        q.unit, q.end = u
        _unalias(q, r.forms)
        q.is_year = u[0] == "year" and norm[q.end - 1] == "年" and q.digits_only and q.value >= 1000
    for step in _AFTER_UNIT:
        step(q, r)


def _and_a_half_zh(q: _Q, r: _Around) -> None:
    """一年半, 三斤半: half a unit more."""
    norm, end = r.norm, q.end
    if q.unit and norm[end : end + 1] == "半" and "\u4e00" <= norm[end - 1 : end] <= "\u9fff" and not q.is_year:
        q.value += 0.5
        q.end = end + 1


def _jiao_and_fen(q: _Q, r: _Around) -> None:
    """五元三毛, 50元6角三分: tenths and hundredths of a yuan."""
    norm, end = r.norm, q.end
    if q.unit != "CNY" or norm[end - 1 : end] not in "元块塊":
        return
    sub = _ZH_JIAO.match(norm, end)
    if sub and (sub.group(1) or sub.group(3)):
        jiao = _zh_digit(sub.group(1), r.g) if sub.group(1) else 0.0
        fen = _zh_digit(sub.group(3), r.g) if sub.group(3) else 0.0
        if jiao is not None and fen is not None:
            q.value += jiao / 10 + fen / 100
            q.end = sub.end()


def _and_a_half(q: _Q, r: _Around) -> None:
    """ "one hour and a half", "two years and a quarter"."""
    if q.unit and not _is_currency(q.unit):
        # not "and half a percentage point": a quantity of its own follows
        half = regex(r"(?i)\s+and\s+(?:a\s+|one\s+)?(half|quarter)(?![A-Za-z])(?!\s+(?:a|an|of)\b)").match(
            r.norm, q.end
        )
        if half:
            q.value += 0.5 if half.group(1).lower() == "half" else 0.25
            q.end = half.end()


def _pounds_of_millions(q: _Q, r: _Around) -> None:
    """ "361 million pounds" is money, not weight."""
    if q.unit == "pound" and q.scale >= 1e6:
        q.unit = "GBP"


def _scale_after_currency(q: _Q, r: _Around) -> None:
    """ "75 USD million": a scale after the currency."""
    g = r.g
    if q.unit and _is_currency(q.unit) and not q.scaled:
        sm = g.scale_word.match(r.norm, q.end)
        if sm and sm.group(1).lower() in g.scales:
            q.value *= g.scales[sm.group(1).lower()]
            q.scale = g.scales[sm.group(1).lower()]
            q.scaled = True
            q.end = sm.end()


def _degrees(q: _Q, r: _Around) -> None:
    """华氏温度98.6度 is Fahrenheit; "24 degrees", "90°" alone are temperature or angle, the
    text does not say which: degrees, counted."""
    if q.unit == "degree" and r.norm[q.end - 1 : q.end] == "度":
        scale = regex(r"(华氏|華氏|摄氏|攝氏)(?:温度|溫度)?\s*$").search(r.norm[max(0, q.start - 6) : q.start])
        if scale:
            q.unit = "degree_Fahrenheit" if scale.group(1)[0] in "华華" else "degree_Celsius"
            q.start -= len(scale.group())
    if q.unit == "degree":
        q.unit, q.noun = None, "degrees"


_AFTER_UNIT = (_and_a_half_zh, _jiao_and_fen, _and_a_half, _pounds_of_millions, _scale_after_currency, _degrees)


def _millions_of_a_currency(q: _Q, r: _Around) -> None:
    """ "30 MUSD", "120 MEUR": millions of a currency."""
    if q.unit is None and q.kind == "amount":
        mm = _millions_of_currency().match(r.norm, q.end)
        if mm:
            q.value *= 1e6
            q.scale, q.scaled = 1e6, True
            q.unit, q.end = mm.group(1), mm.end()


def _times(q: _Q, r: _Around) -> None:
    """ "three times", "2.5-fold", 1.5倍: a multiplier."""
    norm, end = r.norm, q.end
    tm = regex(r"(?i)[\s-]*(times|fold)\b(?!\s+(?:a|an|per|each|every|in|as\s+many|daily|weekly)\b)").match(norm, end)
    if tm and q.unit is None:
        q.kind = "multiplier"
        q.end = tm.end()
    elif q.unit is None and norm.startswith("倍", end):
        q.kind = "multiplier"
        q.end = end + 1
        if _ZH_GROWTH.search(norm, max(0, q.start - 8), q.start):  # "增长1.5倍" is 2.5 times the start (GB/T 15835)
            q.value += 1


def _counted_noun(q: _Q, r: _Around) -> None:
    """The noun a number counts ("83 projects", 五个项目); a rate per thousand after it
    ("6.3 births per 1,000 people"), read as ‰ is."""
    if q.unit is not None or q.kind != "amount" or r.bracketed:
        return
    norm, end = r.norm, q.end
    noun, nend = _noun_at(norm, end, q.lang, r.g)
    q.noun = noun or q.noun
    if q.noun and q.is_year and not q.noun.endswith("s") and q.noun not in _plurals_without_s():
        q.noun = None
    if q.noun and q.lang == "zh" and nend:
        q.end = end = nend
    per_mille = _PER_THOUSAND.match(norm, nend if q.noun and nend else end) if q.lang == "en" else None
    if per_mille:  # tenths of a percent
        q.value, q.unit, q.end = q.value / 10, "percent", per_mille.end()
        q.step = None if q.step is None else q.step / 10
        q.decimals += 1


def _hedges(q: _Q, r: _Around) -> None:
    _read_hedges(q, r.norm, r.g)


def _share(q: _Q, r: _Around) -> None:
    """ "1/4", 约1/4 with nothing counted: a share of something, like "a quarter"."""
    if (
        r.share
        and q.kind == "amount"
        and q.unit is None
        and q.noun is None
        and (q.hedge or r.share in r.g.share_denominators)
    ):
        q.kind = "fraction"


# the steps of `_extend`, in the order they read: each goes on from where the ones before left
_STEPS = (
    _slashed,
    _scale_words,
    _currency_before,
    _glued_scale,
    _bracketed_unit,
    _unit_after,
    _millions_of_a_currency,
    _times,
    _counted_noun,
    _hedges,
    _share,
)


_PER_THOUSAND = regex(
    r"(?i)\s+per\s+(?:1,000|1000|one\s+thousand|thousand)(?:\s+(?:people|persons|population|"
    r"inhabitants|residents|women|births|live\s+births))?(?![A-Za-z])"
)


def _read_hedges(q: _Q, norm: str, g: Grammar) -> None:
    """The hedge before the quantity ("about", 约) or, failing that, after it (左右, "or more")."""
    _hedge_before(q, norm, g)
    if q.hedge is None:
        _, after, lookup = hedge_patterns()
        am = after.match(norm, q.end)
        if am and (am.group(1) != "+" or am.start(1) == q.end) and (q.lang == "zh" or not _HAN.match(am.group(1))):
            q.hedge = lookup[" ".join(am.group(1).lower().split())]
            q.hedge_text = am.group(1)
            if am.group(1) == "+":
                q.end = am.end()


def _unalias(q: _Q, forms) -> None:
    """A unit read as a multiple of another: "two decades" is twenty years, 7.5‰ is 0.75
    percent. The factor scales the number like a scale word: its digits keep their
    precision, and a range's bare end takes it too ("10-20‰")."""
    if q.unit in forms.aliases:
        q.unit, factor = forms.aliases[q.unit]
        q.value *= factor
        q.step = None if q.step is None else q.step * factor
        q.scale *= factor
        q.scaled = True


_BRACKET_OPEN = regex(r"[ \t]?[(（][ \t]*")
_BRACKET_SCALE = regex(r"[十百千万萬亿億]+")
_BRACKET_CLOSE = regex(r"[ \t]*[)）]")
_WHOLE_DIGITS = regex(r"-?\d+")


def _read_bracketed(q: _Q, norm: str, g: Grammar, forms) -> bool:
    """A unit in brackets right after the number, as a table gives it: "-54(万人)" is
    -540,000 people, "-0.88(千分点)" per-mille points, "3.5(亿元)" yuan. The brackets
    hold a unit or a counted noun, after a scale or not, and nothing else."""
    om = _BRACKET_OPEN.match(norm, q.end)
    if not om:
        return False
    pos, scale = om.end(), 1.0
    unit = _unit_at(norm, pos, forms, allow_space=False, lang="zh")
    if unit and unit[1] - pos < 2 and norm[pos].isascii() and norm[pos].isalpha():
        return False  # "section 3 (b)", "rule 4 (h)": a letter in brackets labels a part
    sm = None if unit else _BRACKET_SCALE.match(norm, pos)
    if sm:
        scale = math.prod(g.zh_units.get(c) or g.zh_sections[c] for c in sm.group())
        pos = sm.end()
        unit = _unit_at(norm, pos, forms, allow_space=False, lang="zh")
    noun, close = None, unit[1] if unit else pos
    if unit is None:
        noun, nend = _noun_at(norm, pos, "zh", g)
        close = nend if noun else pos
    cm = _BRACKET_CLOSE.match(norm, close)
    if not cm or not (sm or unit or noun) or (q.is_year and not sm):
        return False  # "(2023年)", "5(注)", "2023(年)": no unit of the number
    if sm:
        whole = _WHOLE_DIGITS.fullmatch(norm, q.start, q.end)
        if whole and scale >= 1e4:
            q.step = scale  # "1100(万人)" counts to the 万, as 1100万人 does
        q.value *= scale
        q.scale *= scale
        q.scaled = True
    q.unit, q.noun, q.end, q.is_year = unit[0] if unit else None, noun, cm.end(), False
    _unalias(q, forms)
    return True


def _is_currency(unit: str) -> bool:
    return unit.isupper() and len(unit) == 3


_PER = regex(r"(?i)\s*(?:/|per\s+|a\s+|an\s+)")
_PER_STRICT = regex(r"(?i)\s*(?:/|per\s+)")  # "J/m^2 per year", but not "km per hour a day"


def _unit_at(
    norm: str, pos: int, forms, *, allow_space: bool, lang: str = "en", depth: int = 0
) -> tuple[str, int] | None:
    """The unit that starts at `pos` (after optional space or hyphen), compound units included."""
    m = regex(r"[ \t]?-?[ \t]?" if allow_space else "").match(norm, pos)
    start = m.end() if m else pos
    spaced = start > pos
    # square/cubic before a unit: "4 square kilometers", "cubic metres"
    power = 1
    pm = regex(r"(?i)(square|sq\.?|cubic|cu\.?)\s+").match(norm, start)
    ustart = pm.end() if pm else start
    if pm:
        power = 2 if pm.group(1).lower().startswith("sq") else 3
    found = forms.match(norm, ustart)
    if found:
        key, end, kind = found
        surface = norm[ustart:end]
        if kind == "symbol" and spaced and surface in forms.unspaced:
            found = None
        elif kind == "zh" and spaced and lang == "en" and norm[pos:start].strip() == "-":
            found = None
    best = found[:2] if found else None
    if best is None:
        return None
    key, end = best
    # powers written after: km², m3, km^2, "km squared"
    sm = regex(
        r"(²|³|\^\s?[23]|(?<=[a-z])[23](?![\d])|\s+squared\b|\s+cubed\b|(?<=[A-Za-z])(?:\^?-|⁻)[1¹](?![\d]))"
    ).match(norm, end)
    if sm and power == 1:
        t = sm.group(1)
        power = -1 if t[-1] in "1¹" else 2 if ("2" in t or "²" in t or "squared" in t) else 3
        end = sm.end()
    expr = key if power == 1 else f"1 / {key}" if power == -1 else f"{key} ** {power}"
    # "per day", "/h", "a year"; one more "per" after that: "J/m^2 per year"
    per = (_PER, _PER_STRICT, None)[depth]
    dm = per.match(norm, end) if per else None
    if dm:
        nxt = _unit_at(norm, dm.end(), forms, allow_space=False, depth=depth + 1)
        if nxt and dm.group().strip().lower() in ("a", "an") and _WHEN_AFTER.match(norm, nxt[1]):
            nxt = None  # "5% a year earlier": when, not a rate
        if nxt and not _is_currency(nxt[0]):
            expr = f"{expr} / {nxt[0]}"
            end = nxt[1]
        elif nxt and " / " not in nxt[0] and dm.group().strip() == "/":
            expr = f"{expr} / {nxt[0]}"
            end = nxt[1]
    return expr, end


def _noun_at(norm: str, pos: int, lang: str, g: Grammar) -> tuple[str | None, int]:
    if lang == "zh" or (pos < len(norm) and "\u4e00" <= norm[pos] <= "\u9fff"):
        not_numeral = rf"(?![{re.escape(g.zh_numerals)}点點])[\u4e00-\u9fff]"
        m = regex(rf"([{g.classifiers}])((?:{not_numeral}){{0,2}})").match(norm, pos)
        if not m:
            return None, 0
        noun = m.group(2) if m.group(2) and m.group(2)[0] not in "的和与及、" else m.group(1)
        # the counted noun is part of the figure (五个项目, as "5 projects") when it ends there;
        # one that runs on (48.7万名适龄女孩) is not cut in two: the figure ends at its classifier
        after = norm[m.end() : m.end() + 1]
        runs_on = m.group(2) and "\u4e00" <= after <= "\u9fff" and after not in "的和与及或等中里内外"
        return noun, (m.end(1) if runs_on else m.end())
    words = regex(r"(?:\s+([A-Za-z][a-z'\-]*))").match
    nouns: list[str] = []
    p = pos
    for _ in range(3):
        m = words(norm, p)
        if not m:
            break
        w = m.group(1)
        if w.lower() in _not_nouns() or (w[0].isupper()) or w.lower() in g.months:
            break
        nouns.append(w.lower())
        p = m.end()
    for w in reversed(nouns):
        if (w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3) or w in _plurals_without_s():
            return w, p
    return None, 0


def _hedge_before(q: _Q, norm: str, g: Grammar) -> None:
    before, _, lookup = hedge_patterns()
    window = norm[max(0, q.start - 40) : q.start]
    end = len(window)
    while end and (window[end - 1].isspace() or window[end - 1] == ":"):
        end -= 1
    tail = window[max(0, end - 2) : end]
    ones, twos = hedge_ends()
    if tail.lower() not in twos and tail[-1:].lower() not in ones and all(c.isascii() or _HAN.match(c) for c in tail):
        return  # it ends with no hedge's last letters (letters that fold no other way, as a pattern ignoring case may)
    hm = before.search(window)
    if hm and not hm.group(1).isascii():
        start = len(window) - len(window[hm.start(1) :])
        word = window[max(0, start - 1) : start + len(hm.group(1))]
        if any(word.endswith(w) for w in language()["chinese_text"]["not_hedges"]):
            hm = None  # 签约83个项目: "signed", not "about"
    if hm:
        q.hedge = lookup[" ".join(hm.group(1).lower().split())]
        q.hedge_text = hm.group(1)


_SPAN_WORD_BEFORE = regex(r"(?i)\b(?:past|last|next|previous|recent|coming|first|final|within)\s+$")


def _time_reference(q: _Q, norm: str, g: Grammar) -> tuple[int, int, int | None] | None:
    """(start, end, year) when the number names a year or a date rather than an amount."""
    if q.unit in ("year", "month", "week", "day", "decade") and _SPAN_WORD_BEFORE.search(
        norm[max(0, q.start - 12) : q.start]
    ):
        return q.start, q.end, None  # "over the past three years": a period, not an amount
    if (
        q.lang == "zh"
        and q.unit == "year"
        and norm[q.end - 1] == "年"
        and q.value >= 1000
        and float(q.value).is_integer()
    ):
        return q.start, q.end, int(q.value)
    if q.is_year and q.unit in (None, "year") and q.noun is None and q.hedge is None:
        return q.start, q.end, int(q.value)
    if (q.unit is None and q.noun is None and q.digits_only or q.kind == "ordinal") and q.value <= 31:
        # day of a date: "April 1, 2025", "1 April", "Jan 23"
        before = norm[max(0, q.start - 12) : q.start].lower()
        after = norm[q.end : q.end + 12].lower()
        mb = regex(r"([a-z]+)\.?\s*$").search(before)
        ma = regex(r"(?:st|nd|rd|th)?\s*(?:of\s+)?([a-z]+)").match(after)
        if (mb and mb.group(1) in g.months) or (ma and ma.group(1) in g.months):
            return q.start, q.end, None
        if regex(r"[月日号號]").match(norm[q.end : q.end + 1]) or regex(r"月$").search(
            norm[max(0, q.start - 1) : q.start]
        ):
            return q.start, q.end, None
        to = _TO_DAY.match(norm, q.end)  # 15至17日: the first day of a span of dates
        if to and _day_of_month(norm, q.start, to.end(), parse_zh(to.group(1), g)):
            return q.start, q.end, None
    if q.lang == "zh" and q.unit is None and regex(r"[月日号號]").match(norm[q.end : q.end + 1]):
        return q.start, q.end, None
    if (
        q.unit == "day"
        and norm[q.end - 1 : q.end] == "日"
        and q.hedge is None
        and _day_of_month(norm, q.start, q.end, q.value)
    ):
        return q.start, q.end, None  # 1月16日, 15日召开
    return None


_TO_DAY = regex(r"\s*(?:-|–|—|~|至|到)\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})日")


def _day_of_month(norm: str, start: int, end: int, value: float | None) -> bool:
    """Does "N日" (`start`..`end`) name a day of the month? It does unless the text makes it
    a span of days: a value no month has (60日, 1.5日), or a word before or after it from
    data/language.toml [chinese_text] (连续15日, 15日内)."""
    if value is None or not float(value).is_integer() or not 1 <= value <= 31:
        return False
    zh = language()["chinese_text"]
    before = norm[max(0, start - 4) : start].rstrip()
    return not (
        any(norm.startswith(w, end) for w in zh["day_span_after"])
        or any(before.endswith(w) for w in zh["day_span_before"])
    )


_ZH_GROWTH = regex(r"(?:增长|增加|提高|上升|扩大)了?(?:约|近|超过)?$")


def _is_label(q: _Q, norm: str, g: Grammar) -> bool:
    """ "Article 5", "version 2", list numbering: numbers that name rather than count."""
    if q.unit or q.noun or q.kind != "amount" or q.scaled or q.lang != "en":
        return False
    return bool(g.labels_before.search(norm[max(0, q.start - 15) : q.start]))


_RANGE = regex(r"(?i)\s*(?:-|–|—|~|to|至|到)\s*|\s+and\s+")
_BETWEEN = regex(r"(?i)\bbetween\s+\S*$")  # read on the 40 characters before a number


def _share_units_in_ranges(found: list[_Q], norm: str) -> None:
    """'10-20 km', 'from 70 hours to less than 30', 'between 1.5 and 2 billion yuan': the
    unit (and scale) written once belongs to both ends of the range."""
    for a, b in zip(found, found[1:]):
        if a.kind != "amount" or b.kind != "amount":
            continue
        gap = norm[a.end : b.start]
        if b.hedge_text and gap.rstrip().endswith(b.hedge_text):
            gap = gap.rstrip()[: -len(b.hedge_text)]
        m = _RANGE.fullmatch(gap)
        if not m or ("and" in m.group().lower() and not _BETWEEN.search(norm[max(0, a.start - 40) : a.start])):
            continue  # "X and Y" is a range only after "between"
        if a.unit is None and a.noun is None and b.unit:
            a.unit = b.unit
            if b.scaled and not a.scaled:
                a.value *= b.scale
                a.scale = b.scale
        elif b.unit is None and b.noun is None and a.unit and not b.scaled:
            b.unit = a.unit
            if a.scaled:
                b.value *= a.scale
                b.scale = a.scale
