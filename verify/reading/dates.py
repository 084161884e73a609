"""Dates: a draft's date, however it is written, as YYYY-MM-DD.

A draft's date anchors what it says relative to it ("last year" in a draft of
2024-05-28 is 2023) and bounds a claim that names no period. It comes from the
draft's front matter (`date:`), from `verify check --date`, or from the server's
`date` field, and is read here, one way for all three:

    2024-05-28, 20240528                         ISO 8601 dates
    2024-05-28T10:00:00+08:00, 2024-05-28 10:00  ISO 8601 date-times: the date as written
                                                 (the writer's own day, not UTC's)
    2024-W22-2, 2024-149                         ISO 8601 week and ordinal dates
    2024-05, 2024                                ISO 8601 months and years: kept as they are
                                                 (a month or a year, not a made-up day)
    2024/05/28, 2024.05.28                       year first, with slashes or dots
    May 28, 2024; May 28th, 2024; Tue, May 28 2024; 28 May 2024; 28th of May, 2024
                                                 English, months in full or abbreviated
    2024年5月28日, 2024年05月28号                 Chinese (full-width digits too)

A date written in one of these forms that does not exist (2024-13-45, February 30,
9999-99-99) is an error, one line, exit 2 (`--date`, the server's `date`: UsageError;
front matter: InputError naming the draft's line). Front matter that gives no date
verify can read ("date: TBD", "date: 05/28/2024", whose day and month could be either
way round) leaves the draft without one, as does a draft without front matter: the
report says so once, in the draft's entry (`warnings` in the JSON report, a line
under the draft's name in the text report; `verify.reporting.report.NO_DATE`), so that "last
year" is never silently left unresolved.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import Any

from ..cache import regex
from ..errors import InputError, UsageError
from ..knowledge.lexicon import months

MONTHS = months()  # name or abbreviation -> number (language.toml [months])
_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"

_ISO = regex(r"(?P<year>\d{4})-?(?P<month>\d{2})-?(?P<day>\d{2})(?P<time>[T ].*)?")
_TIME = regex(
    r"[T ]\s*(?P<hour>\d{2}):?(?P<minute>\d{2})?(?::?(?P<second>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?:Z|[+-]\d{2}(?::?\d{2})?|[A-Z]{2,5})?"
)  # 10:00:00+08:00, 10:00:00 +0800 (Jekyll), 1000Z
_ISO_WEEK = regex(r"(?P<year>\d{4})-?W(?P<week>\d{2})-?(?P<weekday>\d)")
_ISO_ORDINAL = regex(r"(?P<year>\d{4})-?(?P<ordinal>\d{3})")
_ISO_MONTH = regex(r"(?P<year>\d{4})-(?P<month>\d{2})")
_ISO_YEAR = regex(r"(?P<year>\d{4})")
_YMD = regex(r"(?P<year>\d{4})(?P<sep>[/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})")
_MONTH_FIRST = regex(rf"(?i){_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}")
_DAY_FIRST = regex(rf"(?i){_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}")
_CHINESE = regex(r"(?P<year>\d{4})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*[日号號]")


class Impossible(ValueError):
    """A date written as one, that does not exist ("2024-13-45")."""


def normalise(text: str) -> str | None:
    """`text` as YYYY-MM-DD (an ISO month or year as YYYY-MM or YYYY); None when it is
    not written as a date verify reads. Raises `Impossible`, saying why, for a date
    that is written as one but does not exist."""
    s = unicodedata.normalize("NFKC", text).strip()  # full-width digits, "２０２４年"
    m = _ISO.fullmatch(s)
    if m:
        day = _day(int(m["year"]), int(m["month"]), int(m["day"]))
        if m["time"]:
            t = _TIME.fullmatch(m["time"])
            if t is None:
                return None  # "2024-05-28 evening": not written as a date-time verify reads
            if int(t["hour"]) > 24 or int(t["minute"] or 0) > 59 or int(t["second"] or 0) > 60:
                raise Impossible(f"{m['time'].lstrip('T ')} is not a time of day")
        return day
    m = _ISO_WEEK.fullmatch(s)
    if m:
        try:
            return date.fromisocalendar(int(m["year"]), int(m["week"]), int(m["weekday"])).isoformat()
        except ValueError as exc:
            raise Impossible(str(exc)) from None
    m = _ISO_ORDINAL.fullmatch(s)
    if m:
        year, n = int(m["year"]), int(m["ordinal"])
        if not (year and 1 <= n <= (366 if _leap(year) else 365)):
            raise Impossible(f"{year} has no day {n}")
        return date.fromordinal(date(year, 1, 1).toordinal() + n - 1).isoformat()
    m = _ISO_MONTH.fullmatch(s)
    if m:
        if not (int(m["year"]) and 1 <= int(m["month"]) <= 12):
            raise Impossible(f"there is no month {m['month']}" if int(m["year"]) else "there is no year 0")
        return s
    if _ISO_YEAR.fullmatch(s):
        if not int(s):
            raise Impossible("there is no year 0")
        return s
    m = _YMD.fullmatch(s) or _CHINESE.fullmatch(s)
    if m:
        return _day(int(m["year"]), int(m["month"]), int(m["day"]))
    m = _MONTH_FIRST.fullmatch(s) or _DAY_FIRST.fullmatch(s)
    if m:
        return _day(int(m["year"]), MONTHS[m["month"].lower()], int(m["day"]))
    return None


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _day(year: int, month: int, day: int) -> str:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        if not 1 <= month <= 12:
            raise Impossible(f"there is no month {month}") from None
        if year < 1:
            raise Impossible("there is no year 0") from None
        raise Impossible(f"month {month} of {year} has no day {day}") from None


FIX = "write it as YYYY-MM-DD, such as 2024-05-28"


def given(value: str | None, *, name: str = "--date") -> str | None:
    """A date given as an option (`--date`, the server's `date`), normalised; None for
    none. Raises UsageError for one that is not a date or does not exist."""
    if value is None:
        return None
    try:
        day = normalise(value)
    except Impossible as exc:
        raise UsageError(f"{name} {value!r} is not a date that exists ({exc})", fix=FIX) from None
    if day is None:
        raise UsageError(f"{name} {value!r} is not a date", fix=FIX)
    return day


_META_DATE = regex(r"(?im)^date\s*:")


def of_draft(meta: Mapping[str, Any], *, path: str, text: str = "") -> str | None:
    """The date a draft's front matter gives, normalised; None when it gives none verify
    can read. Raises InputError, naming the draft and its line, for a date that does
    not exist."""
    value = meta.get("date")
    if value is None:
        return None
    value = str(value)
    try:
        return normalise(value)
    except Impossible as exc:
        m = _META_DATE.search(text)
        line = text.count("\n", 0, m.start()) + 1 if m else None
        raise InputError(
            f"the front matter's date {value!r} is not a date that exists ({exc})",
            where=f"{path}:{line}" if line else path,
            fix=FIX,
        ) from None
