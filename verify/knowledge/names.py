"""Knowledge: the concepts, qualifiers, places and organisations verify reads text with.

Four data files under verify/data say what numbers can be about:

    concepts.toml        the glossary: indicators and line items, their English and
                         Chinese names ("GDP", "国内生产总值"), and how they relate
    qualifiers.toml      what makes two numbers of one concept differ: per capita,
                         GAAP or adjusted, year on year or on the quarter before, ...
    organisations.toml   large organisations' names in English and Chinese
    places.json          the gazetteer, built by scripts/build_places.py: countries,
                         regions, Chinese provinces and cities, world cities, with
                         their containment

`python -m verify.knowledge.names` compiles them into data/knowledge.json: the name index
built, the tables cut to what a run needs (one JSON file loads in a few milliseconds;
the TOML files and the gazetteer are read only to build it). A test fails when that
file is stale. Everything here is loaded on first use and kept.

`tag(text)` finds every name these files know in a text: concept names, qualifier
cues, places and organisations, longest first, without overlaps, in English (whole
words, case-insensitive except short abbreviations) and Chinese (as written), in
time linear in the text's length.
"""

import json
import re
from collections.abc import Mapping
from functools import cache
from typing import Any, NamedTuple

from ..cache import data, needles, regex
from . import DATA as _DATA

DATA = _DATA
SOURCES = ("concepts.toml", "qualifiers.toml", "organisations.toml", "terms.toml")


class Concept(NamedTuple):
    """An indicator or line item of the glossary."""

    id: str  # stable id: "gdp", "net_income"
    name: str  # canonical English name, for reports
    kind: str  # flow | stock | rate | index
    part_of: tuple[str, ...]  # broader concepts it is a component of (exports -> trade)
    per_share: str | None  # what "per share" makes of it (net_income -> eps)
    percent_is_change: bool  # an index whose percentages are changes (CPI)
    zh: str  # its first Chinese name, for reports
    values: frozenset[str]  # kinds of unit its values can have: money, ratio, count, physical
    domain: str  # the section of the glossary it belongs to ("trade", "company results")
    rate: str | None = None  # what a rate of it makes it (births per 1,000 people -> birth_rate)
    an_average: bool = False  # an average by nature (output per worker): "average" says nothing more of it


class Place(NamedTuple):
    """A place of the gazetteer."""

    id: str  # ISO code where there is one: "CN", "CN-JX"; made-up otherwise
    name: str  # English name
    kind: str  # world | region | country | territory | province | city | grouping
    parent: str | None  # the place that contains it
    zh: str  # Chinese name, for reports


class Organisation(NamedTuple):
    """An organisation of organisations.toml."""

    id: str  # "apple"
    name: str  # canonical name
    country: str | None  # ISO 3166-1 code of its headquarters
    parent: str | None  # its parent organisation, if any
    fiscal_year_end: int | None  # month its fiscal year ends in, when not December
    speaks_for: str | None = None  # for a public body, the place whose figures it publishes ("CN" for the NBS)
    reporter: bool = False  # a news agency or data firm: it tells others' figures, never whose one is


class Tag(NamedTuple):
    """A name found in a text."""

    start: int  # offset of its first character
    end: int  # offset just past its last character
    kind: str  # concept | qualifier | place | org | neutral
    id: str  # concept id, qualifier group, place id or organisation id ("" for neutral)
    value: str = ""  # for a qualifier: its value in the group ("per_capita", "non_gaap")
    weak: bool = False  # a name that is also an ordinary word: evidence only with context


# ---- loading -------------------------------------------------------------------------


@cache
def compiled() -> Mapping[str, Any]:
    """data/knowledge.json: the data files, compiled (the name index built, the tables
    cut to what a run needs)."""
    return data(DATA / "knowledge.json")


def places_data() -> dict[str, Any]:
    """data/places.json, the gazetteer as built (read by `generate` only)."""
    path = DATA / "places.json"
    if not path.is_file():
        return {"places": {}}
    with path.open("rb") as f:
        return json.load(f)


ALL_VALUES = frozenset({"money", "ratio", "count", "physical"})


class _Table(Mapping):
    """A table of knowledge.json as records, each made the first time it is asked for
    (the gazetteer has ~1,700 places; a check asks for a few)."""

    def __init__(self, rows: dict[str, list], make) -> None:
        self._rows, self._make = rows, make
        self._made: dict[str, Any] = {}

    def __getitem__(self, key: str):
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = self._make(key, *self._rows[key])
        return made

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def __iter__(self):
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


@cache
def concepts() -> Mapping[str, Concept]:
    return _Table(
        compiled()["concepts"],
        lambda cid, name, kind, part_of, per_share, change, zh, values, domain, rate, average: Concept(
            cid, name, kind, tuple(part_of), per_share, bool(change), zh, frozenset(values), domain, rate, average
        ),
    )


@cache
def places() -> Mapping[str, Place]:
    return _Table(compiled()["places"], Place)


@cache
def organisations() -> Mapping[str, Organisation]:
    return _Table(compiled()["organisations"], Organisation)


def qualifier_groups() -> dict[str, dict]:
    """The groups of qualifiers.toml: {group: {"default", "labels", "applies_to", "implied_by"}}."""
    return compiled()["qualifiers"]


@cache
def defaults() -> dict[str, str]:
    """The value each group takes when a text says nothing of it (groups without one left out)."""
    return {g: d["default"] for g, d in qualifier_groups().items() if d.get("default")}


@cache
def neutral_words() -> frozenset[str]:
    """Words that sit in a metric's phrase without changing it ("total", "全年")."""
    return frozenset(compiled()["neutral"])


def applies(group: str, concept: str | None) -> bool:
    """Does a qualifier group qualify numbers of this concept (`applies_to` in qualifiers.toml)?"""
    domains = qualifier_groups().get(group, {}).get("applies_to") or []
    if not domains:
        return True
    c = concepts().get(concept or "")
    return c is not None and c.domain in domains


def implied(said: dict[str, str]) -> dict[str, str]:
    """The group defaults a text's qualifiers imply (`implied_by` in qualifiers.toml):
    "diluted" EPS is the GAAP line unless the text says otherwise."""
    out = {}
    for group, g in qualifier_groups().items():
        if group not in said and any(said.get(a) == b for a, b in g.get("implied_by", [])):
            out[group] = g["default"]
    return out


def label(group: str, value: str) -> str:
    """How reports name a qualifier value: label("basis", "non_gaap") is "non-GAAP"."""
    return qualifier_groups().get(group, {}).get("labels", {}).get(value, value)


@cache
def ancestors(entity: str) -> tuple[str, ...]:
    """The places or organisations that contain an entity, nearest first."""
    out: list[str] = []
    p, o = places(), organisations()
    current = entity
    while len(out) < 12:
        if current.startswith("org:"):
            parent = o[current[4:]].parent if current[4:] in o else None
            nxt = f"org:{parent}" if parent else None
        else:
            nxt = p[current].parent if current in p else None
        if not nxt or nxt in out:
            break
        out.append(nxt)
        current = nxt
    return tuple(out)


# ---- the name index ------------------------------------------------------------------

_LETTERS = "A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_WORD = regex(rf"[{_LETTERS}]+(?:[&'’.][{_LETTERS}]+)*")
_TICKER = regex(
    r"\b(?:NYSE|NASDAQ|Nasdaq|NasdaqGS|AMEX|HKEX|SEHK|SSE|SZSE|TSE|TYO|LSE|KRX|TWSE|Euronext|XETRA|SIX)"
    r"\s*:\s*([A-Z0-9.]{1,8})|\b(\d{4,5})\.HK\b|\b([0-9]{6})\.S[HZ]\b"
)
_CJK = regex(r"[\u3400-\u9fff\uf900-\ufaff]")
# a run of Chinese, with the Latin letters and digits that open it ("GDP增长"): read from where
# its letters start (a run of 100,000 letters with a Chinese character after it was read again
# from each of its letters)
_CJK_RUN = regex(r"(?<![A-Za-z0-9&])[A-Za-z0-9&]*[\u3400-\u9fff\uf900-\ufaff][\u3400-\u9fff\uf900-\ufaffA-Za-z0-9&+]*")
_POSSESSIVE_END = regex(r"['’]s?$")
# letters a case-insensitive pattern takes for a Latin letter that str.lower() does not make
# one (dotless ı, long ſ, İ, which lowers to two characters): a text with them is searched
# for every cue, needles or not
_FOLDS_TO_LATIN = regex("[\u0130\u0131\u017f]")
_PRIORITY = {"concept": 0, "org": 1, "place": 2, "qualifier": 3, "neutral": 4}
_KINDS = {"c": "concept", "o": "org", "p": "place", "q": "qualifier", "n": "neutral"}


def words_of(name: str) -> tuple[str, ...]:
    """A name as the index keys it: its words, lowercased, possessive "'s" dropped."""
    out = []
    for m in _WORD.finditer(name):
        w = m.group().lower().replace("’", "'")
        if w.endswith("'s"):
            w = w[:-2]
        out.append(w.replace(".", ""))
    return tuple(out)


class Index(NamedTuple):
    """The names of the knowledge files, keyed for `tag` (compiled into knowledge.json).
    An entry is "kind|id|value|weak|case|capital": kind c(oncept), o(rg), p(lace),
    q(ualifier) or n(eutral); the qualifier's value; "w" for a name that is also an
    ordinary word; the exact form for a short capital name ("US"); "C" for a proper
    name the text must write with a capital."""

    en: dict[str, str]  # English names, their words joined by spaces -> entry
    patterns: tuple[tuple[re.Pattern, str, tuple[str, ...]], ...]  # qualifier cues given as regular
    # expressions -> entry, with the words one of which a text must hold for the cue to be in it
    tickers: dict[str, str]  # exchange tickers (upper case, no leading zeros) -> organisation id
    starts: dict[str, int]  # first word of English names -> words in the longest of them


class ZhIndex(NamedTuple):
    """The Chinese names of the knowledge files, keyed for `tag`."""

    zh: dict[str, str]  # Chinese names as written -> entry
    zh_starts: dict[str, int]  # first characters of Chinese names -> characters in the longest one it starts


@cache
def index() -> Index:
    ix = compiled()["index"]
    patterns = tuple(
        (regex(r"(?<![A-Za-z])(?:" + p + r")(?![A-Za-z])", re.I), e, tuple(n)) for p, e, n in ix["patterns"]
    )
    return Index(ix["en"], patterns, ix["tickers"], ix["starts"])


@cache
def zh_index() -> ZhIndex:
    """The Chinese names, read only for a text that has Chinese in it."""
    ix = compiled()["index_zh"]
    return ZhIndex(ix["zh"], ix["zh_starts"])


def _key(token: str) -> str:
    """A token as the index keys its words (see `words_of`), without a regular expression."""
    w = token.lower()
    if "’" in w:
        w = w.replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return w.replace(".", "") if "." in w else w


_JOINS = frozenset({" ", "-", "  ", " - ", "–", " & ", "&", "' ", "’ ", "/"})


def tag(text: str, *, kinds: frozenset[str] | None = None) -> list[Tag]:
    """Every known name in `text`, in order: longest first where names overlap ("real
    estate investment" over "real"), concepts before organisations before places before
    qualifier cues where two names cover the same characters."""
    ix = index()
    found: list[Tag] = []
    tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    keys = [_key(t) for _, _, t in tokens]
    n = len(tokens)
    # reach[i]: how many tokens from i on run together, separated by spaces or hyphens only
    reach = [1] * n
    for k in range(n - 2, -1, -1):
        gap = text[tokens[k][1] : tokens[k + 1][0]]
        if gap in _JOINS or gap.isspace() and "\n" not in gap and len(gap) < 4:
            reach[k] = reach[k + 1] + 1
    starts, en = ix.starts, ix.en
    for i in range(n):
        longest = starts.get(keys[i])
        if longest is None:
            continue
        for size in range(min(longest, reach[i]), 0, -1):
            entry = en.get(" ".join(keys[i : i + size]) if size > 1 else keys[i])
            if entry is None:
                continue
            kind, eid, value, weak, case, capital = entry.split("|")
            start, end = tokens[i][0], tokens[i + size - 1][1]
            if case:
                written = " ".join(text[start:end].split())
                if written != case and _POSSESSIVE_END.sub("", written) != case:
                    continue
            if capital and not text[start].isupper():
                continue
            found.append(Tag(start, end, _KINDS[kind], eid, value, bool(weak)))
            break
    if _CJK.search(text):
        zh, zh_starts = zh_index()
        for m in _CJK_RUN.finditer(text):
            run_start, run = m.start(), m.group()
            for i in range(len(run)):
                longest = zh_starts.get(run[i])
                if longest is None:
                    continue
                if run[i].isascii() and i and run[i - 1].isascii():
                    continue  # a name starts at a Chinese character, or at the Latin letters opening a run
                for size in range(min(longest, len(run) - i), 0, -1):
                    entry = zh.get(run[i : i + size])
                    if entry is not None:
                        kind, eid, value, weak, _, _ = entry.split("|")
                        end = run_start + i + size
                        if kind == "o" and run[i + size - 1] == "行" and text[end : end + 1] == "业":
                            continue  # 中国银行业: the banking industry, not the bank
                        found.append(Tag(run_start + i, end, _KINDS[kind], eid, value, bool(weak)))
                        break
    if ":" in text or ".HK" in text or ".S" in text:
        for m in _TICKER.finditer(text):
            ticker = next(g for g in m.groups() if g)
            oid = ix.tickers.get(ticker.upper().lstrip("0"))
            if oid:
                found.append(Tag(m.start(), m.end(), "org", oid))
    low = None if _FOLDS_TO_LATIN.search(text) else text.lower()
    for pattern, entry, words in ix.patterns:
        if low is not None and words and not any(w in low for w in words):
            continue  # no word the cue must have: a search of the text would find nothing
        for m in pattern.finditer(text):
            if m.end() > m.start():
                kind, eid, value, weak, _, _ = entry.split("|")
                found.append(Tag(m.start(), m.end(), _KINDS[kind], eid, value, bool(weak)))
    if kinds is not None:
        found = [t for t in found if t.kind in kinds]
    return _without_overlaps(found)


def _without_overlaps(found: list[Tag]) -> list[Tag]:
    chosen: list[Tag] = []
    taken = bytearray(max((t.end for t in found), default=0))  # 1 where a chosen name lies
    for t in sorted(found, key=lambda t: (-(t.end - t.start), _PRIORITY[t.kind], t.start)):
        if taken.find(1, t.start, t.end) >= 0:
            continue
        chosen.append(t)
        taken[t.start : t.end] = b"\x01" * (t.end - t.start)
    return sorted(chosen, key=lambda t: t.start)


# ---- compiling the data files ------------------------------------------------------------


def _plural(word: str) -> str | None:
    if not word.isalpha() or len(word) < 3 or word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return None
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _plurals(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A name and its plural; a coordinated one with both its nouns plural too ("import
    and export" -> "imports and exports")."""
    last = _plural(words[-1])
    if last is None:
        return [words]
    forms = [words, words[:-1] + (last,)]
    joined = [i for i, w in enumerate(words[1:-1], 1) if w in ("and", "or", "&")]
    if joined:
        i = joined[-1] - 1
        first = _plural(words[i])
        if first:
            forms.append(words[:i] + (first,) + words[i + 1 : -1] + (last,))
    return forms


def _entry(kind: str, eid: str, value: str = "", weak: bool = False, case: str = "", capital: bool = False) -> str:
    return "|".join((kind[0], eid, value, "w" if weak else "", case, "C" if capital else ""))


def build_index(concepts_: dict, groups: dict, neutral: dict, organisations_: dict, places_: dict) -> tuple[dict, dict]:
    """The name index of knowledge.json, English and Chinese: every name of the data files,
    with its entry."""
    en: dict[str, str] = {}
    zh: dict[str, str] = {}
    patterns: list[list] = []
    tickers: dict[str, str] = {}

    def put(index: dict, key: str, entry: str) -> None:
        held = index.get(key)
        if held is None or _PRIORITY[_KINDS[entry[0]]] < _PRIORITY[_KINDS[held[0]]]:
            index[key] = entry

    def add_en(name: str, kind: str, eid: str, *, plural: bool, value: str = "", weak: bool = False) -> None:
        words = words_of(name)
        if not words:
            return
        letters = name.replace(".", "").replace(" ", "")
        if letters.isalnum() and letters.isupper() and len(letters) <= 6:  # "US", "IT", "M2": as written
            case = " ".join(name.split())
            put(en, " ".join(words), _entry(kind, eid, value, weak, case))
            if plural and letters.isalpha():  # "MAUs"
                put(en, " ".join(words[:-1] + (words[-1] + "s",)), _entry(kind, eid, value, weak, case + "s"))
            return
        capital = kind in ("place", "org") and name[:1].isupper()
        for form in _plurals(words) if plural else [words]:
            put(en, " ".join(form), _entry(kind, eid, value, weak, "", capital))

    def add_zh(name: str, kind: str, eid: str, value: str = "", weak: bool = False) -> None:
        if name and _CJK.search(name):
            put(zh, name, _entry(kind, eid, value, weak))

    for cid, c in concepts_.items():
        for name in c.get("en", []):
            add_en(name, "concept", cid, plural=True)
        for name in c.get("zh", []):
            add_zh(name, "concept", cid)
    for group, g in groups.items():
        for value, v in g.get("values", {}).items():
            for cue in v.get("en", []):
                if cue.startswith("re:"):
                    patterns.append([cue[3:], _entry("qualifier", group, value), needles(cue[3:], re.I)])
                else:
                    add_en(cue, "qualifier", group, value=value, plural=False)
            for cue in v.get("zh", []):
                add_zh(cue, "qualifier", group, value)
    for oid, o in organisations_.items():
        ambiguous = set(o.get("ambiguous", []))
        for name in o.get("en", []):  # a capital is required, so "Apple" is the company; all-capital ones stay weak
            weak_org = name in ambiguous and (name.isupper() or not name[:1].isupper())
            add_en(name, "org", oid, weak=weak_org, plural=False)
        for ticker in o.get("tickers", []):  # read only after an exchange: "NYSE: IBM", "0700.HK"
            tickers.setdefault(ticker.upper().lstrip("0"), oid)
        for name in o.get("zh", []):
            add_zh(name, "org", oid, "", name in ambiguous)
    for pid, p in places_.items():
        weak = set(p.get("weak", []))
        for name in p.get("en", []) + p.get("adj", []):  # names, and adjectives that stand for them ("Chinese")
            add_en(name, "place", pid, weak=name in weak, plural=False)
        for name in p.get("zh", []):
            add_zh(name, "place", pid, "", name in weak)
    for name in neutral.get("en", []):
        add_en(name, "neutral", "", plural=False)
    for name in neutral.get("zh", []):
        add_zh(name, "neutral", "")
    starts: dict[str, int] = {}
    for key in en:
        words = key.split(" ")
        starts[words[0]] = max(starts.get(words[0], 1), len(words))
    zh_starts: dict[str, int] = {}  # the first character of Chinese names -> the longest one's length
    for key in zh:
        zh_starts[key[0]] = max(zh_starts.get(key[0], 1), len(key))
    return {
        "en": dict(sorted(en.items())),
        "patterns": patterns,
        "tickers": dict(sorted(tickers.items())),
        "starts": dict(sorted(starts.items())),
    }, {
        "zh": dict(sorted(zh.items())),
        "zh_starts": dict(sorted(zh_starts.items())),
    }


def generate() -> dict[str, Any]:
    """The contents of knowledge.json."""
    import tomllib

    def load(name: str) -> dict:
        path = DATA / name
        if not path.is_file():
            return {}
        with path.open("rb") as f:
            return tomllib.load(f)

    concepts_ = load("concepts.toml")
    domain_values = concepts_.pop("domain_values", {})
    qualifiers_ = load("qualifiers.toml")
    neutral = qualifiers_.pop("neutral", {"en": [], "zh": []})
    groups = {}
    for group, table in qualifiers_.items():
        values = {k: v for k, v in table.items() if isinstance(v, dict)}
        groups[group] = {
            "about": table.get("about", ""),
            "default": table.get("default", ""),
            "values": values,
            "applies_to": table.get("applies_to", []),
            "implied_by": table.get("implied_by", []),
        }
    organisations_ = load("organisations.toml")
    places_ = places_data()["places"]
    return {
        "_about": "Generated by `python -m verify.knowledge.names` from "
        + ", ".join(SOURCES)
        + " and places.json; do not edit.",
        "concepts": {
            cid: [
                c["name"],
                c.get("kind", "flow"),
                c.get("part_of", []),
                c.get("per_share"),
                bool(c.get("percent_is_change")),
                (c.get("zh") or [""])[0],
                sorted(c.get("values") or domain_values.get(c.get("domain", ""), ALL_VALUES)),
                c.get("domain", ""),
                c.get("rate"),
                bool(c.get("an_average")),
            ]
            for cid, c in concepts_.items()
        },
        "qualifiers": {
            g: {
                "default": d["default"],
                "applies_to": d["applies_to"],
                "implied_by": d["implied_by"],
                "labels": {v: t.get("label", v) for v, t in d["values"].items()},
            }
            for g, d in groups.items()
        },
        "neutral": sorted({w.lower() for w in neutral["en"]} | set(neutral["zh"])),
        "terms": _compile_terms(load("terms.toml")),
        "organisations": {
            oid: [
                o["name"],
                o.get("country"),
                o.get("parent"),
                int(o["fiscal_year_end"]) if o.get("fiscal_year_end") else None,
                o.get("speaks_for"),
                bool(o.get("reporter")),
            ]
            for oid, o in organisations_.items()
        },
        "places": {
            pid: [p["name"], p.get("kind", ""), p.get("parent"), (p.get("zh") or [""])[0]] for pid, p in places_.items()
        },
        **dict(zip(("index", "index_zh"), build_index(concepts_, groups, neutral, organisations_, places_))),
    }


def _compile_terms(table: dict) -> dict:
    """terms.toml as knowledge.json keeps it: each term's English forms as the stems the
    frames give ("data center" -> ["data", "center"]) and its Chinese forms as written."""
    from .lexicon import stem

    return {
        tid: {
            "en": sorted({" ".join(stem(w) for w in form.split()) for form in t.get("en", [])}),
            "zh": sorted(set(t.get("zh", [])), key=lambda z: (-len(z), z)),
        }
        for tid, t in sorted(table.items())
    }


@cache
def terms() -> tuple[dict[str, tuple[tuple[str, ...], ...]], dict[str, tuple[str, ...]], dict[str, frozenset[str]]]:
    """The narrowing terms of terms.toml: (term -> its English forms as stem tuples, term
    -> its Chinese forms, English stem -> the terms one of whose forms has it)."""
    raw = compiled().get("terms", {})
    en = {tid: tuple(tuple(f.split()) for f in t["en"]) for tid, t in raw.items()}
    zh = {tid: tuple(t["zh"]) for tid, t in raw.items()}
    by_word: dict[str, set[str]] = {}
    for tid, forms in en.items():
        for form in forms:
            for w in form:
                by_word.setdefault(w, set()).add(tid)
    return en, zh, {w: frozenset(ids) for w, ids in by_word.items()}


@cache
def zh_term_forms() -> tuple[dict[str, str], int]:
    """Every Chinese form of a narrowing term (terms.toml) -> its term, and the longest's length."""
    forms = {f: tid for tid, fs in terms()[1].items() for f in fs}
    return forms, max(map(len, forms), default=0)


@cache
def zh_term_lengths() -> dict[str, tuple[int, ...]]:
    """The lengths of the Chinese forms of narrowing terms (`zh_term_forms`) that start
    with each character, longest first: a text is looked up only at the lengths a form
    starting there can have (two on average, where the longest form has 20)."""
    lengths: dict[str, set[int]] = {}
    for f in zh_term_forms()[0]:
        if f:
            lengths.setdefault(f[0], set()).add(len(f))
    return {c: tuple(sorted(ns, reverse=True)) for c, ns in lengths.items()}


@cache
def zh_term_ids() -> dict[str, tuple[str, ...]]:
    """Every Chinese form of a narrowing term (terms.toml) -> the terms that have it, in
    the glossary's order (a form two terms share names both)."""
    ids: dict[str, list[str]] = {}
    for tid, forms in terms()[1].items():
        for f in forms:
            if tid not in ids.setdefault(f, []):
                ids[f].append(tid)
    return {f: tuple(tids) for f, tids in ids.items()}


def english_of(words: tuple[str, ...], other: frozenset[str] = frozenset(), *, every: bool = False) -> tuple[str, ...]:
    """Metric words with their Chinese ones put as the English stems of the terms inside
    them (terms.toml, longest first), each term in the English form that shares most with
    `other` (the English words it is compared with): ("储量", "锂云母") -> ("reserve",
    "lithium", "mica"). So a metric the glossary does not name can be compared across
    languages (`every`: the words of all its forms, to search by). A run of two or more
    characters no term covers is kept as written (煤炭
    of 煤炭储量 meets no English word); a single one (a classifier, 座) is left out."""
    forms = zh_term_forms()[0]
    lengths = zh_term_lengths()
    en = terms()[0]
    out: list[str] = []
    for w in words:
        if w.isascii():
            out.append(w)
            continue
        i = 0
        while i < len(w):
            for n in lengths.get(w[i], ()):
                tid = forms.get(w[i : i + n]) if n <= len(w) - i else None
                if tid is not None:
                    if every:  # to search by: the words of all its forms
                        out.extend(dict.fromkeys(x for form in en[tid] for x in form))
                    elif en[tid]:
                        out.extend(max(en[tid], key=lambda form: len(other.intersection(form))))
                    i += n
                    break
            else:  # a run no term covers stays, as written: it meets no English word
                j = i + 1
                while j < len(w) and not any(w[j : j + n] in forms for n in lengths.get(w[j], ()) if n <= len(w) - j):
                    j += 1
                if j - i >= 2:
                    out.append(w[i:j])
                i = j
    return tuple(out)


def said_across(modifier: str, said: set[str], text: str) -> bool:
    """Does the other side of a comparison, in the other language, say `modifier`? A
    Chinese modifier is said when all the stems of one English form of its term are in
    `said`; an English one when a Chinese form of a term with that stem is in `text`."""
    en, zh, by_word = terms()
    if not modifier.isascii():
        ids = list(zh_term_ids().get(modifier, ()))
        if not ids:  # a longer phrase than any term ("智能云业务"): the longest term inside it
            inside = [(len(f), tid) for tid, forms in zh.items() for f in forms if f in modifier]
            ids = [tid for n, tid in inside if n == max(inside)[0]] if inside else []
        return any(set(form) <= said for tid in ids for form in en[tid])
    return any(f in text for tid in by_word.get(modifier, ()) for f in zh[tid])


def write() -> str:
    path = DATA / "knowledge.json"
    text = json.dumps(generate(), sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
    path.write_text(text, encoding="utf-8")
    return str(path)


if __name__ == "__main__":
    print("wrote", write())
