"""The knowledge files under verify/data, loaded once and shaped for lookup."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .units import unit_entries

DATA = resources.files("verify") / "data"


@cache
def language() -> dict:
    """data/language.toml, parsed."""
    with (DATA / "language.toml").open("rb") as f:
        return tomllib.load(f)


@dataclass(frozen=True, slots=True)
class Hedge:
    key: str  # "more_than"
    bound: str  # lower | upper | approx | below
    strict: bool  # the bound excludes the value itself
    tolerance: float  # for approx and below: how far from the value the truth may be


@cache
def hedges() -> dict[str, Hedge]:
    return {
        key: Hedge(key, h["bound"], h.get("strict", False), h.get("tolerance", 0.0))
        for key, h in language()["hedges"].items()
    }


def _alternation(words, *, boundary: bool) -> str:
    parts = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in parts)
    return rf"(?:{alts})" if not boundary else rf"(?:{alts})(?![A-Za-z])"


@cache
def hedge_patterns() -> tuple[re.Pattern, re.Pattern, dict[str, str]]:
    """(before, after, surface->key): `before` matches a hedge ending where a number starts."""
    lookup: dict[str, str] = {}
    before, after = [], []
    for key, h in language()["hedges"].items():
        for w in h.get("before", []):
            lookup[w.lower()] = key
            before.append(w)
        for w in h.get("after", []):
            lookup.setdefault(w.lower(), key)
            after.append(w)
    b = re.compile(r"(?<![A-Za-z])(" + _alternation(before, boundary=False) + r")[\s:]*$", re.I)
    a = re.compile(r"\s*(" + _alternation(after, boundary=False) + r")", re.I)
    return b, a, lookup


@dataclass(frozen=True, slots=True)
class UnitForms:
    """Surface forms of units, compiled for matching right after a number."""

    words: re.Pattern  # case-insensitive names at word boundaries
    symbols: re.Pattern  # case-sensitive abbreviations
    zh: re.Pattern  # Chinese names
    before: re.Pattern  # currency symbols written before a number (anchored at the end)
    lookup: dict[str, str]  # surface -> canonical unit; words lowercased
    unspaced: frozenset[str]  # symbols that must touch the number


def _plural(w: str) -> list[str]:
    if w[-1:] in "sxz" or w.endswith(("ch", "sh")):
        return [w, w + "es"]
    if w.endswith("y") and w[-2:-1] not in "aeiou":
        return [w, w[:-1] + "ies"]
    if " " in w and not w.split()[-1].endswith("s"):
        head, _, last = w.rpartition(" ")
        return [w, f"{head} {last}s"]
    return [w, w + "s"]


@cache
def unit_forms() -> UnitForms:
    lookup: dict[str, str] = {}
    words, symbols, zh, before = [], [], [], []
    unspaced = set()
    for key, entry in unit_entries().items():
        for w in entry.get("words", []):
            for form in _plural(w.lower()):
                lookup.setdefault(form, key)
                words.append(form)
        for s in entry.get("symbols", []):
            lookup.setdefault(s, key)
            symbols.append(s)
            if entry.get("spaced", True) is False:
                unspaced.add(s)
        for z in entry.get("zh", []):
            lookup.setdefault(z, key)
            zh.append(z)
        for b in entry.get("before", []):
            lookup.setdefault("before:" + b, key)
            before.append(b)
    word_re = re.compile(_alternation(words, boundary=True), re.I)
    sym_re = re.compile(_alternation(symbols, boundary=False) + r"(?![A-Za-z0-9])")
    zh_re = re.compile(_alternation(zh, boundary=False))
    before_re = re.compile(r"(?<![A-Za-z])(" + _alternation(before, boundary=False) + r")\s?$")
    return UnitForms(word_re, sym_re, zh_re, before_re, lookup, frozenset(unspaced))
