"""The knowledge files under verify/data, loaded once and shaped for lookup."""

import re
from collections.abc import Mapping
from functools import cache
from typing import Any, NamedTuple

from ..cache import kept, regex
from .units import compiled, unit_entries


def language() -> Mapping[str, Any]:
    """data/language.toml, as compiled into data/compiled.json."""
    return compiled()["language"]


@cache
def months() -> dict[str, int]:
    """Month names and abbreviations, lowercase -> the month's number (language.toml [months])."""
    return {name: int(n) for name, n in language()["months"].items()}


class Hedge(NamedTuple):
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


def trie(words, *, space: str = r"\ ") -> str:
    """A regular expression matching any of `words`, built as a trie so that the engine
    reads each letter once rather than trying every word in turn; where one word starts
    another the longer is tried first, as in an alternation sorted longest first. A
    space in a word matches `space`. Words that differ only in case must not be mixed
    into a case-insensitive pattern (lowercase them first)."""
    chosen = tuple(sorted({w for w in words if w}))
    return kept(("trie", space, chosen), lambda: _trie(chosen, space))


def _trie(words: tuple[str, ...], space: str) -> str:
    root: dict = {}
    for w in words:
        if w:
            node = root
            for ch in w:
                node = node.setdefault(ch, {})
            node[""] = {}

    def emit(node: dict) -> str:
        branches = [(space if ch == " " else re.escape(ch)) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        alt = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return (
                alt + "?"
                if len(branches) == 1 and len(branches[0]) == 1
                else ("(?:" + alt + ")?" if len(branches) == 1 else alt + "?")
            )
        return alt

    return emit(root)


def _alternation(words, *, fold: bool) -> str:
    """`trie` of words whose spaces stand for any run of white space; `fold` for a
    case-insensitive pattern."""
    return "(?:" + trie({w.lower() if fold else w for w in words if w}, space=r"\s+") + ")"


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
    b = regex(r"(?<![A-Za-z])(" + _alternation(before, fold=True) + r")[\s:]*$", re.I)
    a = regex(r"\s*(" + _alternation(after, fold=True) + r")", re.I)
    return b, a, lookup


@cache
def hedge_ends() -> tuple[frozenset[str], frozenset[str]]:
    """The last character of each hedge written before a number whose last two are not
    both its own letters (a blank stands for any run of them), and the last two
    (lowercased) of the others: a text ending with none of them ends with no hedge, and
    `hedge_patterns`' `before` need not be searched."""
    ones, twos = set(), set()
    for h in language()["hedges"].values():
        for w in h.get("before", []):
            w = w.lower()
            if len(w) < 2 or w[-2].isspace():
                ones.add(w[-1:])
            else:
                twos.add(w[-2:])
    return frozenset(ones), frozenset(twos)


_CHUNK = regex(r"\S+(?:[ \t]+\S+){0,3}")
_EXTRA_BLANKS = 24  # blanks a unit name may have between its words beyond one each ("square   metres")


class UnitForms(NamedTuple):
    """Surface forms of units, as dictionaries, for matching right after a number."""

    words: dict[str, str]  # lowercase names, single-spaced -> canonical unit ("cubic metres")
    symbols: dict[str, str]  # case-sensitive abbreviations -> canonical unit ("km", "GWh")
    zh: dict[str, str]  # Chinese names -> canonical unit ("公里")
    before: re.Pattern  # currency symbols written before a number (anchored at the end)
    lookup: dict[str, str]  # "before:" + symbol -> canonical unit
    unspaced: frozenset[str]  # symbols that must touch the number
    longest_zh: int  # length of the longest Chinese name
    aliases: dict[str, tuple[str, float]]  # unit read as a multiple of another: decade -> (year, 10)
    longest: int  # characters in the longest English name or symbol
    firsts: frozenset[str]  # the first characters of English names and symbols
    zh_firsts: frozenset[str]  # the first characters of Chinese names

    def match(self, text: str, pos: int) -> tuple[str, int, str] | None:
        """(unit, end, kind) of the longest unit name starting at `pos`; kind is
        "zh", "word" or "symbol". A name must end where a word ends. Only the next
        `longest` characters (more where blanks run between words) are read: a name is
        no longer, and a hostile run of 5,000 characters with no space would otherwise
        be lowered 5,000 times, once for each length."""
        best = None
        first = text[pos : pos + 1]
        if first in self.zh_firsts:
            for n in range(min(self.longest_zh, len(text) - pos), 0, -1):
                key = self.zh.get(text[pos : pos + n])
                if key:
                    best = (key, pos + n, "zh")
                    break
        if first not in self.firsts and first.lower()[:1] not in self.firsts:
            return best
        m = _CHUNK.match(text, pos, pos + self.longest)
        if m and ("  " in m.group() or "\t" in m.group()):  # "square   metres": blanks that count as one
            m = _CHUNK.match(text, pos, pos + self.longest + _EXTRA_BLANKS)
        if not m:
            return best
        chunk = m.group()
        for i in range(len(chunk), 0, -1):
            if best and pos + i <= best[1]:
                break
            after = text[pos + i : pos + i + 1]
            last = chunk[i - 1]
            if last.isspace() or (after.isalpha() and last.isalpha()):
                continue  # within a word: no name or symbol ends here
            surface = chunk[:i]
            key = self.symbols.get(surface)
            if key and not (after.isalpha() or (after.isdigit() and not _power_digit(text, pos + i))):
                best = (key, pos + i, "symbol")
                break
            low = surface.lower()
            if " " in low or "\t" in low:
                low = " ".join(low.split())
            key = self.words.get(low)
            if key:
                best = (key, pos + i, "word")
                break
        return best


def _power_digit(text: str, i: int) -> bool:
    """'km2', 'm3': a 2 or 3 right after a unit symbol, not followed by more digits."""
    return text[i] in "²³" or (text[i] in "23" and not text[i + 1 : i + 2].isdigit())


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
    words: dict[str, str] = {}
    symbols: dict[str, str] = {}
    zh: dict[str, str] = {}
    before = []
    unspaced = set()
    aliases = {}
    for key, entry in unit_entries().items():
        if "as" in entry:
            aliases[key] = (entry["as"], float(entry["factor"]))
        for w in entry.get("words", []):
            for form in _plural(w.lower()):
                words.setdefault(form, key)
        for sym in entry.get("symbols", []):
            symbols.setdefault(sym, key)
            if entry.get("spaced", True) is False:
                unspaced.add(sym)
        for z in entry.get("zh", []):
            zh.setdefault(z, key)
        for b in entry.get("before", []):
            lookup.setdefault("before:" + b.lower(), key)
            before.append(b)
    # prefixes in lower case too ("hk $", "c $", "rmb"), but not "a $": that is the article
    # in "a $300 million contract", not Australian dollars
    for b in list(before):
        letters = "".join(c for c in b if c.isalpha())
        if b.lower() != b and letters.lower() != "a":
            lookup.setdefault("before:" + b.lower(), lookup["before:" + b.lower()])
            before.append(b.lower())
    before_re = regex(r"(?<![A-Za-z])(" + _alternation(before, fold=False) + r")\s?$")
    return UnitForms(
        words,
        symbols,
        zh,
        before_re,
        lookup,
        frozenset(unspaced),
        max(map(len, zh), default=0),
        aliases,
        max(map(len, [*words, *symbols]), default=0),
        frozenset(k[0] for k in [*words, *symbols]),
        frozenset(k[0] for k in zh),
    )


def stem(word: str) -> str:
    """A word reduced for matching: lowercase, no possessive, plural or verb ending
    ("Jiangxi's" -> "jiangxi", "exports" -> "export", "signed"/"signing" -> "sign")."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'-")
    if not w.isascii():
        return w
    if len(w) > 5 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "xes", "ches", "shes", "zes")):
        return w[:-2]
    if len(w) > 5 and w.endswith("ing"):
        return w[:-3]
    if len(w) > 4 and w.endswith("ed"):
        return w[:-2] if not w.endswith("eed") else w
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w
