"""Periods: the time a number is about, as a range of dates.

`find(text)` reads every period expression of a sentence, in English and Chinese:
years ("in 2023", "2023年", "fiscal 2024", "FY24"), quarters ("Q3", "3Q15", "the
third quarter of 2015", "fiscal 2024 fourth quarter", "the quarter ended December 31,
2019", "一季度", "前三季度"), halves, months and runs of months ("January-November",
"1-7月", "the first nine months"), year-to-date and trailing twelve months, moments
("at the end of 2023", "年末", "as of June 30") and spans ("between 2012 and 2023").
Relative expressions ("last year", "a year ago", "the previous quarter", "上年") are
found too and resolved by `Found.resolve` against the period the sentence is about.

A `Period` keeps what the text says (its grain, year and index: the fourth quarter of
fiscal 2024) and, when that can be known, the first and last day it covers. A quarter
of a company whose fiscal year does not end in December covers other months than the
calendar quarter of the same name; `dates` works them out from the month the fiscal
year ends in (known from the sources, see `verify.reading.frames`), and a period whose year
the text does not say is placed as the latest of its kind on or before the date of
the document it is read in.
"""

import re
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from functools import cache
from typing import NamedTuple

from ..cache import needles, regex
from ..knowledge.lexicon import language
from ..knowledge.lexicon import months as month_numbers
from ..models import Period

MONTHS = month_numbers()  # name or abbreviation -> number (language.toml [months])


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")[:3]]


@cache
def _numerals() -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """English ordinals and cardinals, and Chinese digits, from language.toml."""
    lang = language()
    whole = lambda table: {k.lower(): int(v) for k, v in table.items() if float(v).is_integer()}  # noqa: E731
    return whole(lang["ordinals"]), whole(lang["cardinals"]), whole(lang["chinese"]["digits"])


def _nth(word: str) -> int:
    """A quarter's or a half's number as the patterns write it: "third", "3rd", "三", "3"."""
    w = word.lower()
    if w.isdecimal():
        return int(w)
    if w[:-2].isdecimal():  # 1st, 2nd, 3rd, 4th
        return int(w[:-2])
    ordinals, _, zh = _numerals()
    return ordinals.get(w) or zh[w]


def _count(word: str) -> int:
    """A number of months as the patterns write it: "six", "6", "六", "十二"; 0 for none."""
    w = word.lower()
    if w.isdecimal():
        return int(w)
    _, cardinals, zh = _numerals()
    if w in cardinals:
        return cardinals[w]
    if "十" in w:  # 十, 十一, 十二
        tens, _, ones = w.partition("十")
        return zh.get(tens, 1) * 10 + zh.get(ones, 0)
    return zh.get(w, 0)


_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"  # longest first
_Q = r"(first|second|third|fourth|1st|2nd|3rd|4th)"
_YEAR = r"((?:19|20)\d\d)"
_FY = r"(?:fiscal(?:\s+year)?|FY)\s*'?(\d{4}|\d\d)"
_N = r"(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"


class Found(NamedTuple):
    """A period expression in a text."""

    start: int  # offset of its first character
    end: int  # offset just past it
    period: Period | None  # what it names, when it names it outright
    relative: str | None = None  # otherwise how it relates to the period the text is about:
    #   "year-1" (a year before it: "a year earlier", "上年"), "date-1", "date+0", "date+1"
    #   (counted from the document's date: "last year", "this year", "去年"), "previous"
    #   (the period just before), "year-end-1" (the end of the year before), "ytd", "ttm",
    #   "whole-year" (the whole year of the period the text is about), "year-end" (its end),
    #   "since:YYYY", "past:N" (the N years before)
    base: bool = False  # also a base of comparison ("比上年", "from a year ago"): not the number's time

    def resolve(self, about: Period | None, anchor: str | None) -> Period | None:
        """The period this expression names, given the period its text is about and the
        document's date."""
        if self.period is not None:
            return self.period
        return relative(self.relative or "", about, anchor, self_text=self.text)

    @property
    def text(self) -> str:
        return self.period.text if self.period else (self.relative or "")


def relative(how: str, about: Period | None, anchor: str | None, *, self_text: str = "") -> Period | None:
    """A relative period ("year-1", "previous", ...) placed against `about` or, lacking
    that, the document date `anchor`."""
    year = about.year if about is not None and about.year else _year_of(anchor)
    if how.startswith("date"):  # "last year", "去年": counted from the document's date, and only from it
        base = _year_of(anchor)
        return year_period(base + int(how[4:] or 0), self_text) if base else None
    if how.startswith("year") and not how.startswith("year-end"):
        shift = int(how[4:] or 0)
        if about is not None and about.grain in ("quarter", "half", "month", "months", "ytd"):
            if about.year:
                return about._replace(
                    text=self_text,
                    year=about.year + shift,
                    first=_shift(about.first, shift),
                    last=_shift(about.last, shift),
                    stated=True,
                )
            if not about.first:  # "a year earlier" than a quarter of no stated year
                return about._replace(text=self_text, shift=about.shift - shift, stated=True)
            if about.last:  # a quarter known by its days, of no named year ("the quarter ended December 31, 2020")
                return about._replace(
                    text=self_text, first=_shift(about.first, shift), last=_shift(about.last, shift), stated=True
                )
        if year is None:
            return None
        return year_period(year + shift, self_text)
    if how.startswith("quarter:"):  # "the fourth quarter of last year", "去年四季度": quarter:4:date-1
        _, index, of = how.split(":")
        base = (
            _year_of(anchor)
            if of.startswith("date")
            else _year_of(anchor) or (about.year if about is not None else None)
        )
        return quarter(base + int(of[4:] or 0), int(index), self_text) if base else None
    if how == "previous" and about is not None:
        return previous(about, self_text)
    if how == "current" and about is not None:
        return about._replace(text=self_text)
    own = about.year if about is not None else None  # "全年", "年末": of the year spoken of, which a date does not tell
    if how == "whole-year" and own:
        return year_period(own, self_text)
    if how == "year-end" and own:
        return Period(self_text, "instant", own, 12, f"{own}-12-31", f"{own}-12-31")
    if how == "year-end-1" and year:
        return Period(self_text, "instant", year - 1, 12, f"{year - 1}-12-31", f"{year - 1}-12-31")
    if how.startswith("since:") and year:
        since = int(how[6:])
        return Period(self_text, "span", year, None, f"{since}-01-01", f"{year}-12-31") if since < year else None
    if how.startswith("past:") and year:
        n = int(how[5:])
        return Period(self_text, "span", year - 1, None, f"{year - n}-01-01", f"{year - 1}-12-31")
    if how in ("ytd", "ttm") and about is not None and about.last:
        last = date.fromisoformat(about.last)
        first = date(last.year, 1, 1) if how == "ytd" else _months_before(last, 12)
        return Period(self_text, how, about.year, None, first.isoformat(), last.isoformat(), about.fiscal)
    return None


def year_period(year: int, text: str, *, fiscal: bool = False) -> Period:
    if fiscal:
        return Period(text, "year", year, None, None, None, fiscal=True)
    return Period(text, "year", year, None, f"{year}-01-01", f"{year}-12-31")


def fiscal_year(year: int | None, text: str) -> Period:
    """A company's fiscal year, of no stated year when `year` is None ("本财年"): its dates
    depend on the company's calendar, so they are worked out when it is compared (`dates`)."""
    return Period(text, "year", year, None, None, None, fiscal=True)


def quarter(year: int | None, q: int, text: str, *, fiscal: bool = False) -> Period:
    """A quarter by its number: its dates depend on whose it is (a company's fiscal
    calendar), so they are worked out when it is compared (`dates`)."""
    return Period(text, "quarter", year, q, None, None, fiscal=fiscal)


def months(year: int | None, a: int, b: int, text: str) -> Period:
    grain = "month" if a == b else "months"
    if year is None:
        return Period(text, grain, None, b if a == b else None, None, None, months=(a, b))
    return Period(
        text, grain, year, b if a == b else None, f"{year}-{a:02d}-01", _month_end(year, b).isoformat(), months=(a, b)
    )


def previous(p: Period, text: str) -> Period | None:
    if p.grain == "quarter" and p.index:
        if p.first and p.last:
            last = date.fromisoformat(p.first) - timedelta(days=1)
            first = _months_before(last, 3)
            return Period(
                text,
                "quarter",
                p.year if p.index > 1 else (p.year or 1) - 1,
                (p.index - 2) % 4 + 1,
                first.isoformat(),
                last.isoformat(),
                p.fiscal,
            )
        return Period(
            text,
            "quarter",
            (p.year if p.index > 1 else p.year - 1) if p.year else None,
            (p.index - 2) % 4 + 1,
            None,
            None,
            p.fiscal,
        )
    if p.grain == "year" and p.year:
        return year_period(p.year - 1, text, fiscal=p.fiscal)
    if p.grain == "month" and p.first:
        last = date.fromisoformat(p.first) - timedelta(days=1)
        return Period(
            text, "month", last.year, last.month, date(last.year, last.month, 1).isoformat(), last.isoformat()
        )
    return None


def _year_of(anchor: str | None) -> int | None:
    m = regex(r"\s*(\d{4})").match(anchor or "")
    return int(m.group(1)) if m else None


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def _months_before(last: date, n: int) -> date:
    """The first day of the n-month run that ends on `last`: a run ending late in a month
    (a fiscal quarter ending on the last Saturday of September) starts on the first of
    its first month; one ending early in a month, the day after the same day n months before."""
    if last.day >= 20:
        y, m = last.year, last.month - n + 1
        while m <= 0:
            m += 12
            y -= 1
        return date(y, m, 1)
    y, m = last.year, last.month - n
    while m <= 0:
        m += 12
        y -= 1
    return date(y, m, min(last.day, 28)) + timedelta(days=1)


def _shift(day: str | None, years: int) -> str | None:
    if day is None:
        return None
    d = date.fromisoformat(day)
    try:
        return d.replace(year=d.year + years).isoformat()
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28).isoformat()


def _year(text: str | None) -> int | None:
    if not text:
        return None
    y = int(text)
    return y + 2000 if y < 100 else y


# ---- dates of a period ----------------------------------------------------------------


def dates(p: Period, *, fiscal_year_end: int | None = None, anchor: str | None = None) -> tuple[str, str] | None:
    """The first and last day a period covers: as the text dates it, or worked out from
    the fiscal year's last month (12 unless a company's calendar says otherwise) and, for
    a period of no stated year, from the latest such period on or before `anchor`."""
    if p.first and p.last:
        return p.first, p.last
    end_month = fiscal_year_end or 12
    if p.grain == "quarter" and p.index:
        if p.year is not None:
            return _fiscal_quarter(p.year, p.index, end_month)
        if anchor:
            a = date.fromisoformat(_full(anchor))
            for year in (a.year + 1, a.year, a.year - 1, a.year - 2):
                first, last = _fiscal_quarter(year, p.index, end_month)
                if date.fromisoformat(last) <= a + timedelta(days=7):
                    return _fiscal_quarter(year - p.shift, p.index, end_month) if p.shift else (first, last)
        return None
    if p.grain == "year" and p.year is not None:
        if end_month == 12:
            return f"{p.year}-01-01", f"{p.year}-12-31"
        year_end = _month_end(p.year, end_month)
        return _months_before(year_end, 12).isoformat(), year_end.isoformat()
    if p.grain == "half" and p.index and p.year is not None:
        q_last = _fiscal_quarter(p.year, p.index * 2, end_month)
        q_first = _fiscal_quarter(p.year, p.index * 2 - 1, end_month)
        return q_first[0], q_last[1]
    if p.grain in ("month", "months") and p.months and anchor:
        a = date.fromisoformat(_full(anchor))
        for year in (a.year, a.year - 1):
            month_end = _month_end(year, p.months[1])
            if month_end <= a + timedelta(days=31):
                return f"{year}-{p.months[0]:02d}-01", month_end.isoformat()
    return None


def _full(day: str) -> str:
    """A date of the form YYYY, YYYY-MM or YYYY-MM-DD, as a day (the last it can be)."""
    parts = day.split("-")
    if len(parts) == 1:
        return f"{parts[0]}-12-31"
    if len(parts) == 2:
        return _month_end(int(parts[0]), int(parts[1])).isoformat()
    return day


def _fiscal_quarter(year: int, q: int, end_month: int) -> tuple[str, str]:
    """Quarter q of fiscal year `year` (named by the calendar year it ends in), for a
    fiscal year ending in month `end_month`."""
    month, y = end_month - 3 * (4 - q), year
    if month <= 0:
        month, y = month + 12, y - 1
    first_month, first_year = month - 2, y
    if first_month <= 0:
        first_month, first_year = first_month + 12, first_year - 1
    return date(first_year, first_month, 1).isoformat(), _month_end(y, month).isoformat()


def fiscal_year_end(fy: int, q: int, quarter_last: str) -> int:
    """The month a fiscal year ends in, from one of its quarters and that quarter's last
    day ("fiscal 2025 first quarter ended April 28, 2024" -> 1)."""
    d = date.fromisoformat(quarter_last)
    month = d.month if d.day >= 20 else (d.month - 1 or 12)  # a quarter ending on 2 May ends April's run
    return (month + 3 * (4 - q) - 1) % 12 + 1


def overlap(a: tuple[str, str], b: tuple[str, str]) -> float:
    """How much two date ranges share, as a share of the longer one (0-1)."""
    a0, a1 = date.fromisoformat(a[0]), date.fromisoformat(a[1])
    b0, b1 = date.fromisoformat(b[0]), date.fromisoformat(b[1])
    shared = (min(a1, b1) - max(a0, b0)).days + 1
    longest = max((a1 - a0).days, (b1 - b0).days) + 1
    return max(0.0, shared / longest)


# ---- finding period expressions ---------------------------------------------------------


def _p(pattern: str) -> re.Pattern:
    return regex(pattern, re.I)


_QUARTER_ENDED = _p(
    rf"(?:(?:fiscal\s+(?:year\s+)?{_YEAR}\s+)?{_Q}[\s-]+(?:fiscal\s+)?)?quarter\s+(?:that\s+)?(?:ended|ending)"
    rf"(?:\s+on)?\s+(?:({_MONTH})\s+(\d{{1,2}})|(\d{{1,2}})\s+({_MONTH})),?\s+{_YEAR}"
)
_MONTHS_ENDED = _p(
    rf"(three|six|nine|twelve|3|6|9|12)\s+months\s+(?:ended|ending)\s+({_MONTH})\s+(\d{{1,2}}),?\s+{_YEAR}"
)
_FY_QUARTER = _p(
    rf"(?:{_FY}\s+{_Q}[\s-]+quarter|{_Q}[\s-]+quarter\s+(?:of\s+)?(?:the\s+)?{_FY}"
    rf"|{_Q}[\s-]+fiscal[\s-]+quarter(?:\s+(?:of\s+)?{_YEAR})?"
    rf"|FY\s*'?(\d\d|\d{{4}})\s*[/-]?\s*Q([1-4])|Q([1-4])\s*[/-]?\s*(?:FY|fiscal\s*)'?(\d\d|\d{{4}}))(?![A-Za-z0-9_])"
)
_QUARTER = _p(
    rf"(?<![A-Za-z0-9_-])(?:{_Q}[\s-]+quarter(?:\s+(?:of\s+)?(?:the\s+year\s+)?(?:calendar\s+)?{_YEAR})?"
    rf"|{_YEAR}\s+{_Q}[\s-]+quarter"
    rf"|Q([1-4])\s*(?:/\s*|of\s+|')?\s*(\d{{4}}|\d\d(?!\d))?"
    rf"|([1-4])Q\s*'?(\d\d(?!\d)|\d{{4}})?"
    rf"|(?:the\s+)?({_MONTH})\s+quarter(?:\s+of\s+{_YEAR})?)(?![A-Za-z0-9_])"
)
_QUARTER_OF = _p(rf"(?<![A-Za-z0-9_-])(?:(?:the\s+)?{_Q}[\s-]+quarter|Q([1-4]))\s+(?:of\s+)?(last|this|next)\s+year")
_ZH_QUARTER_OF = regex(r"(去年|上年|今年|本年|明年|前年)\s*(?:第)?([一二三四1-4])\s*季度")
_HALF = _p(
    rf"(?<![A-Za-z0-9_-])(?:(first|second)[\s-]+half(?:\s+(?:of\s+)?(?:fiscal\s+)?{_YEAR})?|H([12])\s*'?(\d{{4}}|\d\d)?|([12])H\s*'?(\d{{4}}|\d\d)?)(?![A-Za-z0-9_])"
)
_FIRST_MONTHS = _p(
    rf"(?:the\s+)?first\s+{_N}\s+months(?:\s+of\s+(?:the\s+year\s+)?{_YEAR})?"
    rf"|(?:the\s+)?(?:first\s+(three|3)\s+quarters(?:\s+of\s+{_YEAR})?|(three|3)\s+quarters\s+of\s+{_YEAR})"
)
_MONTH_RANGE = _p(
    rf"(?<![A-Za-z0-9_])({_MONTH})\s*(?:-|–|—|to|through|thru)\s*({_MONTH})(?:\s+(?:of\s+)?{_YEAR})?(?![A-Za-z0-9_])"
)
_MONTH_YEAR = _p(rf"(?<![A-Za-z0-9_])(?:in\s+|for\s+)?({_MONTH})\s+(?:of\s+)?{_YEAR}(?![A-Za-z0-9_])")
_FISCAL_YEAR = _p(rf"(?<![A-Za-z0-9_]){_FY}(?![A-Za-z0-9_/-]\d)")
_YTD = _p(r"year[\s-]to[\s-]date|so\s+far\s+this\s+year|ytd")
_TTM = _p(r"(?:over\s+the\s+|in\s+the\s+)?(?:trailing|past|last|previous)\s+(?:12|twelve)\s+months|\bttm\b|\bltm\b")
_END_OF = _p(
    rf"(?:at|by|as\s+of)\s+(?:the\s+)?end\s+of\s+(?:(?:the\s+)?year|{_YEAR}|last\s+year)|(?:at\s+)?(?:the\s+)?year[\s-]end(?:\s+{_YEAR})?|end[\s-]{_YEAR}"
)
_AS_OF = _p(rf"as\s+(?:of|at)\s+({_MONTH})\s+(\d{{1,2}})(?:,?\s+{_YEAR})?")
_SPAN = _p(
    rf"(?:between|from)\s+{_YEAR}\s+(?:and|to|through|until|till)\s+{_YEAR}|{_YEAR}\s*(?:-|–|—|to)\s*{_YEAR}(?!\s*年)"
)
_ZH_SPAN = regex(r"((?:19|20)\d\d)\s*年?\s*(?:至|到|—|–|-|~|～)\s*((?:19|20)\d\d)\s*年")
_SINCE = _p(rf"since\s+(?:the\s+)?(?:\w+\s+){{0,4}}?(?:in\s+)?{_YEAR}")
_PAST_YEARS = _p(r"(?:over|in|during)\s+the\s+(?:past|last)\s+(\w+)\s+years")
_PAST_QUARTERS = _p(
    r"(?:(?:in|over|during)\s+(?:each\s+of\s+)?)?the\s+(?:past|last|previous|preceding)\s+(\w+)\s+quarters"
)
_RELATIVE = [
    (
        _p(
            r"(?:the\s+)?(?:year[\s-]ago|year[\s-]earlier|prior[\s-]year|previous[\s-]year)\s+(?:quarter|period|month|half)"
        ),
        "year-1",
    ),
    (
        _p(
            r"(?:the\s+)?same\s+(?:quarter|period|month|time)\s+(?:of\s+|a\s+)?(?:last|the\s+previous|the\s+prior)\s+year"
        ),
        "year-1",
    ),
    (
        _p(
            r"(?:a|one)\s+year\s+(?:ago|earlier|before)|the\s+year\s+before|(?:the\s+)?(?:previous|prior|preceding)\s+year"
        ),
        "year-1",
    ),
    (_p(r"last\s+year"), "date-1"),
    (_p(r"this\s+year|the\s+current\s+year"), "date+0"),
    (_p(r"next\s+year|the\s+coming\s+year"), "date+1"),
    (_p(r"(?:the\s+)?(?:previous|prior|preceding|last|sequential)\s+quarter"), "previous"),
    (
        _p(
            r"(?:for\s+)?the\s+(?:full\s+|whole\s+|entire\s+)?(?:fiscal\s+|financial\s+)?year(?!\s*(?:-|to|ago|earlier|before))|full[\s-]year"
        ),
        "whole-year",
    ),
    (_p(r"(?:for|during|in|over)\s+the\s+(?:latest\s+|recent\s+|most\s+recent\s+)?quarter"), "current"),
]
# a change measured against a time is a base, not the number's time
_BASE_BEFORE = _p(
    r"(?:\bfrom|\bthan|\bover|compared\s+(?:with|to)|in\s+comparison\s+(?:with|to)|\bversus|\bvs\.?|\bagainst)\s+"
    r"(?:(?:the|that|those|its|their|end|close|start|beginning|level|levels|figure|same|period|in|of|at)\s+){0,5}$"
)

_MONTH_WORDS = tuple(sorted({m[:3] for m in MONTHS}))  # what a text naming a month contains
# what a (lowercased) text must contain for each English pattern to have a chance: most
# sentences skip most patterns (a gate only saves time; the pattern still decides)
_NEEDS: dict[re.Pattern, tuple[str, ...]] = {
    _QUARTER_ENDED: ("quarter",),
    _MONTHS_ENDED: ("months",),
    _FY_QUARTER: ("fy", "fiscal"),
    _QUARTER: ("q",),
    _QUARTER_OF: ("year",),
    _HALF: ("h",),
    _FIRST_MONTHS: ("first", "quarters"),
    _MONTH_RANGE: _MONTH_WORDS,
    _MONTH_YEAR: _MONTH_WORDS,
    _FISCAL_YEAR: ("fy", "fiscal"),
    _YTD: ("date", "so far", "ytd"),
    _TTM: ("months", "ttm", "ltm"),
    _END_OF: ("end",),
    _AS_OF: ("as",),
    _SPAN: ("19", "20"),
    _SINCE: ("since",),
    _PAST_YEARS: ("years",),
    _PAST_QUARTERS: ("quarters",),
}
for _pattern, _how in _RELATIVE:  # each names a year, or a quarter ("the previous quarter")
    _NEEDS[_pattern] = ("quarter",) if _how in ("previous", "current") else ("year",)
_NEEDED = frozenset(w for needs in _NEEDS.values() for w in needs)
_CJK = regex(r"[\u3400-\u9fff]")
_LATIN = regex(r"[A-Za-z]")

# Chinese
_ZH_NUM = r"[一二三四1-4]"
_ZH_YEAR = r"((?:19|20)\d\d)\s*年\s*"
_ZH = [
    (regex(rf"(?:((?:19|20)?\d\d)\s*财年\s*)?(?:第)?({_ZH_NUM})\s*财季"), "fiscal-quarter"),
    (regex(r"((?:19|20)?\d\d)\s*财年(?!\s*(?:第)?[一二三四1-4]\s*(?:财)?季)"), "fiscal-year"),
    (regex(rf"((?:19|20)?\d\d)\s*财年\s*(?:第)?({_ZH_NUM})\s*季度"), "fiscal-quarter"),
    (regex(rf"(?:{_ZH_YEAR})?(?:第)?({_ZH_NUM})\s*季度"), "quarter"),
    (regex(rf"{_ZH_YEAR}Q([1-4])(?![0-9])"), "quarter"),
    (regex(rf"(?:{_ZH_YEAR})?前\s*三\s*季度"), "q1-3"),
    (regex(rf"(?:{_ZH_YEAR})?([上下])半年"), "half"),
    (
        regex(
            rf"(?:{_ZH_YEAR})?(\d{{1,2}}|[一二三四五六七八九十]{{1,2}})\s*(?:-|—|–|~|～|至|到)\s*(\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月(?:份)?"
        ),
        "months",
    ),
    (regex(rf"(?:{_ZH_YEAR})?前\s*(\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*个?月"), "first-months"),
    (regex(rf"{_ZH_YEAR}(\d{{1,2}})\s*月(?:份)?(?!\s*\d{{1,2}}\s*[日号])"), "month"),
]
_ZH_RELATIVE = [
    (regex(r"上年末|去年末|上年底|去年底"), "year-end-1"),
    (regex(r"(?<![上去今明])年末|(?<![上去今明])年底"), "year-end"),
    (regex(r"上年同期|去年同期"), "year-1"),
    (regex(r"上年|上一年"), "year-1"),
    (regex(r"去年"), "date-1"),
    (regex(r"今年|本年"), "date+0"),
    (regex(r"明年"), "date+1"),
    (regex(r"全年"), "whole-year"),
    (regex(r"前年"), "date-2"),
    (regex(r"上季度|上一季度"), "previous"),
]
_ZH_BASE = regex(r"[比较與与较]\s*$")
# what a text must hold for each Chinese pattern to have a chance (`verify.cache.needles`:
# the words every match holds, read off the pattern; [] for none; most blocks skip most
# patterns). The English ones keep hand-picked gates (`_NEEDS`): single letters ("q", "h")
# that `needles` does not offer, and fewer words to look for, keep them a third cheaper.
_ZH_NEEDS: dict[re.Pattern, list[str]] = {
    p: needles(p.pattern) for p in [p for p, _ in _ZH + _ZH_RELATIVE] + [_ZH_QUARTER_OF, _ZH_SPAN]
}


def _each(text: str, present: set[str], pattern: re.Pattern) -> Iterator[re.Match]:
    """`find`'s matches of an English pattern, none where the words it needs are not `present`.
    (`find`'s helpers are functions of the module, not closures: a closure and the frame it
    reads make a reference cycle each sentence, which a check, run without the cycle
    collector, would never free.)"""
    needs = _NEEDS.get(pattern)
    if needs is not None and present.isdisjoint(needs):
        return iter(())
    return pattern.finditer(text)


def _each_zh(text: str, chinese: bool, pattern: re.Pattern) -> Iterator[re.Match]:
    """`find`'s matches of a Chinese pattern, none where the words it needs are not in `text`."""
    needs = _ZH_NEEDS[pattern]
    if not chinese or needs and not any(w in text for w in needs):
        return iter(())
    return pattern.finditer(text)


def _add(
    found: list[Found], text: str, m: re.Match | tuple[int, int], period: Period | None, rel: str | None = None
) -> None:
    """A period expression `find` found (its match, or its span), with its text."""
    s, e = (m.start(), m.end()) if isinstance(m, re.Match) else m
    if period is not None:
        period = period._replace(text=text[s:e])
    base = bool(_BASE_BEFORE.search(text[max(0, s - 48) : s])) or bool(_ZH_BASE.search(text[max(0, s - 2) : s]))
    found.append(Found(s, e, period, rel, base))


def find(text: str, *, years: Sequence[tuple[int, int, int]] = ()) -> list[Found]:
    """Every period expression in `text`, in order, without overlaps. `years` are the
    (start, end, year) of the plain years the quantity reader found ("in 2023", "2023年")."""
    found: list[Found] = []
    low = text.lower()
    latin = _LATIN.search(text) is not None
    chinese = _CJK.search(text) is not None

    present = {w for w in _NEEDED if w in low}

    for m in _each(text, present, _QUARTER_ENDED):
        fy, q, mon, day, day2, mon2, year = m.groups()
        last = date(int(year), _month(mon or mon2), int(day or day2))
        first = _months_before(last, 3)
        index = _nth(q) if q else None
        _add(
            found,
            text,
            m,
            Period("", "quarter", int(fy) if fy else None, index, first.isoformat(), last.isoformat(), fiscal=bool(fy)),
        )
    for m in _each(text, present, _MONTHS_ENDED):
        n, mon, day, year = m.groups()
        n = _count(n)
        last = date(int(year), _month(mon), int(day))
        _add(
            found,
            text,
            m,
            Period(
                "",
                "quarter" if n == 3 else "months",
                int(year),
                None,
                _months_before(last, n).isoformat(),
                last.isoformat(),
            ),
        )
    for m in _each(text, present, _FY_QUARTER):
        g = m.groups()
        if g[0] and g[1]:
            fy, q = _year(g[0]), _nth(g[1])
        elif g[2] and g[3]:
            q, fy = _nth(g[2]), _year(g[3])
        elif g[4]:
            q, fy = _nth(g[4]), _year(g[5])
        elif g[6]:
            fy, q = _year(g[6]), int(g[7])
        else:
            q, fy = int(g[8]), _year(g[9])
        _add(found, text, m, quarter(fy, q, "", fiscal=True))
    for m in _each(text, present, _QUARTER):
        g = m.groups()
        if g[0]:
            _add(found, text, m, quarter(_year(g[1]), _nth(g[0]), ""))
        elif g[2]:
            _add(found, text, m, quarter(int(g[2]), _nth(g[3]), ""))
        elif g[4]:
            _add(found, text, m, quarter(_year(g[5]), int(g[4]), ""))
        elif g[6]:
            _add(found, text, m, quarter(_year(g[7]), int(g[6]), ""))
        elif g[8]:
            month = _month(g[8])  # "the September quarter": the three months ending then
            first_month = month - 2 if month > 2 else month + 10
            year = _year(g[9])
            if first_month < month:
                _add(found, text, m, months(year, first_month, month, ""))
    for m in _each(text, present, _QUARTER_OF):
        q = _nth(m.group(1)) if m.group(1) else int(m.group(2))
        _add(found, text, m, None, f"quarter:{q}:date{ {'last': -1, 'this': 0, 'next': 1}[m.group(3).lower()]:+d}")
    for m in _each_zh(text, chinese, _ZH_QUARTER_OF):
        shift = {"去年": -1, "上年": -1, "今年": 0, "本年": 0, "明年": 1, "前年": -2}[m.group(1)]
        _add(found, text, m, None, f"quarter:{_count(m.group(2))}:date{shift:+d}")
    for m in _each(text, present, _HALF):
        g = m.groups()
        index = (1 if g[0].lower() == "first" else 2) if g[0] else int(g[2] or g[4])
        year = _year(g[1] if g[0] else g[3] if g[2] else g[5])
        if year is None:
            _add(found, text, m, Period("", "half", None, index, None, None))
        else:
            a, b = (1, 6) if index == 1 else (7, 12)
            _add(found, text, m, Period("", "half", year, index, f"{year}-{a:02d}-01", _month_end(year, b).isoformat()))
    for m in _each(text, present, _FIRST_MONTHS):
        g = m.groups()
        n = 9 if g[2] or g[4] else _count(g[0])
        year = _year(g[1] or g[3] or g[5])
        _add(found, text, m, months(year, 1, n, ""))
    for m in _each(text, present, _MONTH_RANGE):
        start, end, written = m.groups()  # (a and b are the ints of halves and spans)
        _add(found, text, m, months(_year(written), _month(start), _month(end), ""))
    for m in _each(text, present, _MONTH_YEAR):
        mon, year = m.groups()
        k = _month(mon)
        _add(found, text, m, months(int(year), k, k, ""))
    for m in _each(text, present, _FISCAL_YEAR):
        _add(found, text, m, fiscal_year(_year(m.group(1)), ""))
    for m in _each(text, present, _SPAN):
        a, b = [int(y) for y in m.groups() if y]
        if a < b:
            _add(found, text, m, Period("", "span", b, None, f"{a}-01-01", f"{b}-12-31"))
    for m in _each_zh(text, chinese, _ZH_SPAN):
        a, b = int(m.group(1)), int(m.group(2))
        if a < b:
            _add(found, text, m, Period("", "span", b, None, f"{a}-01-01", f"{b}-12-31"))
    for m in _each(text, present, _SINCE):
        _add(found, text, m, None, f"since:{m.group(1)}")
    for m in _each(text, present, _PAST_YEARS):
        n = _count(m.group(1))
        if n:
            _add(found, text, m, None, f"past:{n}")
    for m in _each(text, present, _PAST_QUARTERS):  # a run of quarters before the one spoken of: no one quarter
        _add(found, text, m, Period("", "quarters", None, None, None, None))
    for m in _each(text, present, _YTD):
        _add(found, text, m, None, "ytd")
    for m in _each(text, present, _TTM):
        _add(found, text, m, None, "ttm")
    for m in _each(text, present, _END_OF):
        year = next((y for y in m.groups() if y), None)
        if year:
            y = int(year)
            _add(found, text, m, Period("", "instant", y, 12, f"{y}-12-31", f"{y}-12-31"))
        elif regex(r"(?i)last\s+year").search(m.group()):
            _add(found, text, m, None, "year-end-1")
        else:
            _add(found, text, m, None, "year-end")
    for m in _each(text, present, _AS_OF):
        mon, day, year = m.groups()
        if year:
            k = _month(mon)
            d = min(_month_end(int(year), k), date(int(year), k, 1) + timedelta(days=int(day) - 1))
            _add(found, text, m, Period("", "instant", d.year, d.month, d.isoformat(), d.isoformat()))
    for pattern, how in _RELATIVE if latin else ():
        for m in _each(text, present, pattern):
            _add(found, text, m, None, how)
    for pattern, how in _ZH if chinese else ():
        for m in _each_zh(text, chinese, pattern):
            g = m.groups()
            year = (_year(g[0]) if g[0] else None) if how.startswith("fiscal") else (int(g[0]) if g[0] else None)
            if how == "fiscal-quarter":
                _add(found, text, m, quarter(year, _nth(g[1]), "", fiscal=True))
            elif how == "fiscal-year":
                _add(found, text, m, fiscal_year(year, ""))
            elif how == "quarter":
                _add(found, text, m, quarter(year, _nth(g[1]), ""))
            elif how == "q1-3":
                _add(found, text, m, months(year, 1, 9, ""))
            elif how == "half":
                index = 1 if g[1] == "上" else 2
                if year is None:
                    _add(found, text, m, Period("", "half", None, index, None, None))
                else:
                    a, b = (1, 6) if index == 1 else (7, 12)
                    _add(
                        found,
                        text,
                        m,
                        Period("", "half", year, index, f"{year}-{a:02d}-01", _month_end(year, b).isoformat()),
                    )
            elif how == "months":
                a, b = _count(g[1]), _count(g[2])
                if 1 <= a < b <= 12:
                    _add(found, text, m, months(year, a, b, ""))
            elif how == "first-months":
                n = _count(g[1])
                if 1 <= n <= 12:
                    _add(found, text, m, months(year, 1, n, ""))
            elif how == "month":
                k = int(g[1])
                if 1 <= k <= 12:
                    _add(found, text, m, months(year, k, k, ""))
    for pattern, how in _ZH_RELATIVE if chinese else ():
        for m in _each_zh(text, chinese, pattern):
            _add(found, text, m, None, how)
    taken = [(f.start, f.end) for f in found]
    for s, e, year in years:
        if not any(a <= s < b for a, b in taken):
            found.append(
                Found(
                    s,
                    e,
                    year_period(year, text[s:e]),
                    None,
                    bool(_BASE_BEFORE.search(text[max(0, s - 48) : s]))
                    or bool(_ZH_BASE.search(text[max(0, s - 2) : s])),
                )
            )  # "比2022年加快": a base
    return _longest(found)


def _longest(found: list[Found]) -> list[Found]:
    out: list[Found] = []
    taken = bytearray(max((f.end for f in found), default=0))  # 1 where a chosen expression lies
    for f in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if taken.find(1, f.start, f.end) >= 0:
            continue
        out.append(f)
        taken[f.start : f.end] = b"\x01" * (f.end - f.start)
    return sorted(out, key=lambda f: f.start)
