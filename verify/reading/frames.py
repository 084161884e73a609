"""Frames: what each number of a text is about.

A number's frame (`models.Frame`) says, field by field, what a fact-checker would
ask of it before comparing it with anything:

- metric: the phrase it quantifies ("Data Center revenue", "人均可支配收入"): the
  nearest concept name of the glossary in its own clause, else the one its clause
  points back to ("..., up 6 percent" is a change of the metric before it), else the
  content words of its clause. Words around the concept that narrow it ("cloud")
  are its modifiers; neutral ones ("total", "全年") are left out.
- entity: the place or organisation it belongs to, resolved through the gazetteer
  and organisations data (Ganzhou and 赣州 are one id, inside Jiangxi, inside China),
  from its clause, else its sentence, else its paragraph, else its document.
- qualifiers: the cues of data/qualifiers.toml scoped to this number alone: in its
  metric phrase, its clause, right after it, an introductory clause that governs the
  sentence, or the label of its list item or table cell.
- change: whether it says how much something moved rather than where it stood.
- period: the nearest period expression of its clause or sentence, else the one its
  paragraph last named, else its document's; relative ones ("a year ago", "上年")
  are placed against the period the sentence is about.

Nothing here knows any one text: every rule is about how news and releases write
numbers, and every word list is data (verify/data).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from ..cache import regex
from ..knowledge.lexicon import language, stem  # noqa: F401  (stem: frames.stem, as callers know it)
from ..knowledge.names import Tag, applies, concepts, implied, neutral_words, organisations, places, tag, zh_term_forms
from ..models import Frame, Period, Quantity
from . import periods

# ---- words ---------------------------------------------------------------------------

_WORD = regex(r"[A-Za-z][A-Za-z'’\-]*|[\u4e00-\u9fff]+")
_EN_WORD = regex(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*")
STOP = frozenset(language()["frame_words"]["stop"])  # data/language.toml [frame_words]
_ATTRIBUTION = regex(
    r"(?i)(?:according\s+to|data\s+(?:from|by)|figures\s+(?:from|by)|statistics\s+(?:from|by)|"
    r"(?:surveyed|polled|estimated|compiled|published|released|reported|cited|quoted)\s+by|"
    r"据|根据|来源)\s*(?:the\s+)?$"
)
_POSSESSIVE = regex(r"['’]s?\b")
_POSSESSIVE_END = regex(r"['’]s?$")
_RATE_NAMED = regex(r"(?i)growth|增长")
_LEVEL_OF = regex(r"(?i)\s*(?:of|was|is|stood\s+at|came\s+to|at|:|：|为|是|达)?\s*")
_ZH_PER_SHARE = regex(r"每股[^\d，,。；;]{0,8}$")  # 每股经调整盈利: earnings per share, however qualified
_PER_SHARE = regex(r"(?i)\s*(?:a|per|each)\s+(diluted\s+|basic\s+)?(?:common\s+)?share\b|\s*/\s*share\b|\s*每股")
_EN_CLAUSE = regex(r"(?i)\b(?:while|whereas|but|although|though|compared\s+(?:with|to)|versus|vs\.?|against)\b")
_COMPARISON = regex(
    r"(?i)^\W*(?:compared\s+(?:with|to)|in\s+comparison\s+(?:with|to)|versus|vs\.?|against|up\s+from|down\s+from"
    r"|from)\b|^\W*(?:与|较|比)"
)
_ZH_FUNCTION = frozenset(language()["frame_words"]["zh_function"])


@cache
def _change_words() -> frozenset[str]:
    data = language()["changes"]
    return frozenset(w.lower() for key in ("rise", "fall", "rise_nouns", "fall_nouns") for w in data[key])


@cache
def _hedge_words() -> frozenset[str]:
    out: set[str] = set()
    for h in language()["hedges"].values():
        for w in h.get("before", []) + h.get("after", []):
            out.update(w.lower().split())
    return frozenset(out)


# ---- what a document says about all its numbers -----------------------------------------


class Context(NamedTuple):
    """What a document says about all its numbers: when it was written, what period and
    whom it is about, and the fiscal calendars it dates."""

    anchor: str | None = None  # the document's date: YYYY-MM-DD (or YYYY-MM, YYYY)
    period: Period | None = None  # the period its title or lead is about, if they name one
    entity: tuple[str, str] | None = None  # (id, name) of whom its title (or most of it) is about
    known: frozenset[str] = frozenset()  # entity ids it names plainly (a weak name of one of these counts)
    calendars: tuple[tuple[str, int], ...] = ()  # (entity id, month its fiscal year ends) it dates
    names: frozenset[str] = frozenset()  # capitalised names it uses more than once or in its title


def context(text: str, *, title: str = "", anchor: str | None = None, tags: list[Tag] | None = None) -> Context:
    """The document-wide facts of a text: read from its title and first paragraphs.
    `tags`: the known names in the text, when the caller has them."""
    lead = text[:800]
    head = f"{title}\n{lead}" if title else lead
    names = [t for t in (tag(text[:20000]) if tags is None else tags) if t.kind in ("place", "org") and t.end <= 20000]
    entity = _main_entity(title, text, names)
    period = _main_period(title, anchor) if title else None
    ended = _quarter_ended(lead)
    if ended is not None and (period is None or period.grain == "quarter" and period.index in (None, ended.index)):
        period = _join(period, ended)  # a release's lead dates the quarter its title names
    known = frozenset(_entity_of(t) for t in names if not t.weak)
    calendars = _calendars(head, entity[0] if entity else None)
    return Context(anchor, period, entity, known, calendars, _repeated_names(title, text))


def _entity_of(t: Tag) -> str:
    """The entity a place or organisation name stands for: a public body that publishes a
    country's figures stands for that country (organisations.toml `speaks_for`)."""
    if t.kind == "place":
        return t.id
    o = organisations().get(t.id)
    return o.speaks_for if o is not None and o.speaks_for else f"org:{t.id}"


def _entity_name(t: Tag, text: str) -> str:
    """A place or organisation as the text names it, without its possessive ("Jiangxi");
    for a public body, the place it speaks for."""
    o = organisations().get(t.id) if t.kind == "org" else None
    if o is not None and o.speaks_for and o.speaks_for in places():
        return places()[o.speaks_for].name
    return _POSSESSIVE_END.sub("", text[t.start : t.end])


def _main_entity(title: str, text: str, names: list[Tag]) -> tuple[str, str] | None:
    """Whom a document is about: the first place or organisation of its title, else the
    one it names most often (at least three times; `names` are the places and
    organisations the text names)."""
    for t in tag(title, kinds=frozenset({"place", "org"})):
        if (not t.weak or t.kind == "org" and title[t.start : t.end].isascii()) and _usable(title, t, Context()):
            return _entity_of(t), _entity_name(t, title)
    counts: dict[str, tuple[int, str]] = {}
    for t in names:
        if t.weak and not (t.kind == "org" and text[t.start : t.end].isascii()) or not _usable(text, t, Context()):
            continue
        key = _entity_of(t)
        n, name = counts.get(key, (0, _entity_name(t, text)))
        counts[key] = (n + 1, name)
    if counts:
        key, (n, name) = max(counts.items(), key=lambda kv: (kv[1][0], kv[0]))
        if n >= 3:
            return key, name
    tags = [t for t in tag(title) if t.kind in ("concept", "qualifier")]
    title_names = [n for n in name_spans(title) if not any(t.start < n[1] and n[0] < t.end for t in tags)]
    if title_names and not title.rstrip().endswith(":"):
        body = text.replace(title.strip(), "", 1)
        name = _as_the_text_names_it(title_names[0][2], body)
        if _title_case(title) and not _has_phrase(body, name):
            return None  # "How to Create Synergy for Growth": all capitalised, and no name the text uses
        return f"name:{_name_key(name)}", name
    return None


def _title_case(title: str) -> bool:
    """Is a headline written in title case (its words capitalised, so that a capital says
    nothing of a name)? Most of its words of four letters or more begin with one."""
    words = [w for w in _EN_WORD.findall(title) if len(w) >= 4]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _as_the_text_names_it(name: str, text: str) -> str:
    """A name from a headline, cut to the longest run of its first words the text uses:
    a headline in title case runs its name on ("Fabrikam Reports First Quarter Results")."""
    words = name.split()
    for n in range(len(words) - 1, 0, -1):
        if _has_phrase(text, " ".join(words[: n + 1])):
            return " ".join(words[: n + 1])
    return words[0] if len(words) > 1 and _has_phrase(text, words[0]) else name


def _has_phrase(text: str, phrase: str) -> bool:
    """Does `text` use `phrase` as whole words?"""
    i = text.find(phrase)
    while i >= 0:
        j = i + len(phrase)
        if not (i and text[i - 1].isalpha()) and not (j < len(text) and text[j].isalpha()):
            return True
        i = text.find(phrase, i + 1)
    return False


_CORPORATE = regex(
    r"(?i)\s+(?:corp(?:oration)?|inc|incorporated|ltd|limited|co|company|plc|ag|sa|se|n\.?v|group|holdings?)\.?$"
)


def _name_key(name: str) -> str:
    """An unknown name as an id: lowercase, corporate suffixes and possessive dropped."""
    n = _POSSESSIVE.sub("", name).strip()
    while True:
        m = _CORPORATE.search(n)
        if not m:
            break
        n = n[: m.start()]
    return " ".join(n.lower().split())


def _main_period(head: str, anchor: str | None) -> Period | None:
    """The period a title names: a quarter (a fiscal label joined with the dates it
    gives), else a half or a run of months, else a year."""
    found = [f.period for f in periods.find(head, years=_plain_years(head)) if f.period is not None and not f.base]
    for grains in (("quarter",), ("half", "months", "month"), ("year",)):
        hit = [p for p in found if p.grain in grains]
        if hit:
            p = hit[0]
            for other in hit[1:]:
                p = _join(p, other)
            return p._replace(stated=False)
    return None


_ENDED = regex(r"(?i)end(?:ed|ing)")


def _quarter_ended(lead: str) -> Period | None:
    """The quarter a release's lead dates: "results for the quarter ended December 31, 2019"."""
    for f in periods.find(lead):
        if f.period is not None and f.period.grain == "quarter" and f.period.last and _ENDED.search(f.period.text):
            return f.period._replace(stated=False)
    return None


def _join(label: Period | None, dated: Period) -> Period:
    """A fiscal label ("FY20 Q2") and the dates another expression gives the same quarter."""
    if label is None:
        return dated
    if label.first or not dated.first or (label.index and dated.index and label.index != dated.index):
        return label
    return label._replace(
        first=dated.first,
        last=dated.last,
        year=label.year or dated.year,
        index=label.index or dated.index,
        fiscal=label.fiscal or dated.fiscal,
        stated=False,
    )


def _calendars(head: str, entity: str | None) -> tuple[tuple[str, int], ...]:
    """The month a company's fiscal year ends, when its release dates one of its fiscal
    quarters ("fiscal 2025 first quarter ended April 28, 2024", or "FY20 Q2" with
    "the quarter ended December 31, 2019")."""
    if not entity:
        return ()
    found = [f.period for f in periods.find(head) if f.period is not None]
    for p in found:
        if p.fiscal and p.grain == "quarter" and p.year and p.index and p.last:
            return ((entity, periods.fiscal_year_end(p.year, p.index, p.last)),)
    labels = [(p.year, p.index) for p in found if p.fiscal and p.grain == "quarter" and p.year and p.index]
    ended = [(p.index, p.last) for p in found if p.grain == "quarter" and p.last and not p.fiscal]
    for year, index in labels:
        for ended_index, last in ended:
            if ended_index in (None, index):
                return ((entity, periods.fiscal_year_end(year, index, last)),)
    return ()


def _repeated_names(title: str, text: str) -> frozenset[str]:
    counts: dict[str, int] = {}
    for _, _, n in name_spans(text[:20000]):
        counts[n] = counts.get(n, 0) + 1
    lower = set(regex(r"(?<![A-Za-z])[a-z][a-z'-]+").findall(text[:20000]))
    names = {n for _, _, n in name_spans(title)} | {n for n, k in counts.items() if k >= 2}
    return frozenset(n for n in names if " " in n or (n.lower() not in lower and n.lower() not in STOP))


def named_period(text: str, years: list[tuple[int, int, int]]) -> Period | None:
    """The first period a sentence names outright (for the sentences after it)."""
    for f in periods.find(text, years=years):
        if f.period is not None and not f.base and f.period.grain not in ("span", "instant"):
            return f.period._replace(stated=True)
    return None


def _plain_years(text: str) -> list[tuple[int, int, int]]:
    from .quantities import scan

    return [(r.start, r.end, r.year) for r in scan(text)[1] if r.year and not in_date(text, r.start)]


_DAY_BEFORE = regex(
    r"(?i)(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s*$"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s*$"
)


def in_date(text: str, start: int) -> bool:
    """Is the year at `start` the year of a day ("June 7, 2024", "7 June 2024")? A day
    dates an event; it is no period for the figures around it."""
    return bool(_DAY_BEFORE.search(text[max(0, start - 20) : start]))


# ---- names ---------------------------------------------------------------------------------

_NOT_NAMES = frozenset(language()["frame_words"]["not_names"])  # data/language.toml [frame_words]
_NAME = regex(
    r"(?<![A-Za-z])(?:[A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)*|[A-Z]{2,}[a-z]?|[A-Z][a-z]*[A-Z][A-Za-z]*)"
    r"(?:\s+(?:[A-Z][a-z]+|[A-Z]{2,}|of|and|&)(?=[\s,.;:'’)]|$))*(?:['’]s)?(?![A-Za-z])"
)


def name_spans(sentence: str, known: frozenset[str] = frozenset()) -> list[tuple[int, int, str]]:
    """(start, end, name) of each capitalised name in a sentence that is not sentence
    furniture. A capitalised word opening a sentence is a name only when it is
    possessive, runs on into another name, or is `known` from elsewhere."""
    found = []
    for m in _NAME.finditer(sentence):
        word = m.group()
        inner = regex(r"['’]s\s").search(word)
        if inner:  # "Contoso's GAAP earnings": the name ends at its possessive
            word = word[: inner.start() + 2]
        possessive = word.endswith(("'s", "’s"))
        if possessive:
            word = word[:-2]
        word = regex(r"\s+(?:of|and|&)$").sub("", word).strip()
        parts = word.split()
        dropped = 0  # words dropped from its start: "Shares of Fabrikam" is Fabrikam, from its F
        while parts and (parts[0] in _NOT_NAMES or parts[0] in ("of", "and", "&")):
            parts, dropped = parts[1:], dropped + 1
        while parts and parts[-1] in ("of", "and", "&"):
            parts = parts[:-1]
        if not parts:
            continue
        word = " ".join(parts)
        if len(word) < 2 or word in _NOT_NAMES:
            continue
        start = m.start() + [w.start() for w in regex(r"\S+").finditer(m.group())][dropped] if dropped else m.start()
        opening = not sentence[:start].strip(" \"'“‘(*•·-–—>#")
        if opening and not possessive and word not in known and len(parts) == 1:
            continue
        found.append((start, m.start() + (inner.start() + 2 if inner else len(m.group())), word))
    return found


# ---- sentences and clauses ------------------------------------------------------------------

_BOUNDARY = regex(r"[,;:，；：、()（）\[\]]|\s[—–-]\s|\s—|—\s")


def clauses(text: str, masked: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The clauses of a sentence: split at commas, semicolons, colons, brackets, dashes and
    clause words ("while", "compared with"), never inside a quantity (`masked`)."""
    cuts = []
    for m in _BOUNDARY.finditer(text):
        if any(a <= m.start() < b for a, b in masked):
            continue
        if m.group() in ",、" and _list_comma(text, m.start(), m.end(), masked):
            continue  # "exports of vehicles, solar panels and batteries rose": one noun phrase
        cuts.append((m.start(), m.end()))
    for m in _EN_CLAUSE.finditer(text):
        cuts.append((m.start(), m.start()))
    cuts.sort()
    out, start = [], 0
    for a, b in cuts:
        if a > start:
            out.append((start, a))
        start = max(start, b)
    if start < len(text):
        out.append((start, len(text)))
    return out or [(0, len(text))]


_LIST_TAIL = regex(r"\s*(?:[A-Za-z][\w-]*\s+){1,3}?(?:and|or|&)\s+[A-Za-z]|[^，,、。；;]{1,8}[和及与、]")


def _list_comma(text: str, start: int, end: int, masked: list[tuple[int, int]]) -> bool:
    """Is the comma at start:end one between the items of a list of nouns ("A, B and C")?"""
    tail = _LIST_TAIL.match(text, end)
    if not tail:
        return False
    head = text[max(0, start - 40) : start]
    return (
        not any(start - 40 <= a < end + len(tail.group()) for a, _ in masked)
        and not regex(r"\d").search(head)
        and not regex(r"\d").search(tail.group())
    )


def _asides(text: str, spans: list[tuple[int, int]]) -> frozenset[int]:
    """The clauses that stand inside brackets or between two dashes."""
    out: set[int] = set()
    depth = 0
    dash_open = None
    for i, (a, b) in enumerate(spans):
        before = text[max(0, a - 3) : a]
        after = text[b : b + 3]
        if "(" in before or "（" in before or "[" in before:
            depth += 1
        if depth:
            out.add(i)
        if ")" in after or "）" in after or "]" in after:
            depth = max(0, depth - 1)
        if "—" in before or " – " in before or " - " in before:
            dash_open = i if dash_open is None else dash_open
        if dash_open is not None and ("—" in after or " – " in after or " - " in after):
            out.update(range(dash_open, i + 1))
            dash_open = None
        if i and regex(r"(?i)\s*(?:including|includ(?:es|ing)|such\s+as|e\.g\.|among\s+them|like)\b").match(text[a:b]):
            out.add(i)  # "mines, including the largest in Asia, which ...": an aside
    return frozenset(out)


def _clause_of(spans: list[tuple[int, int]], pos: int) -> int:
    for i, (a, b) in enumerate(spans):
        if a <= pos < b:
            return i
    for i, (a, _) in enumerate(spans):
        if pos < a:
            return max(0, i - 1)
    return len(spans) - 1


# ---- the frame of one number ---------------------------------------------------------------


@dataclass(slots=True)
class Carry:
    """What a paragraph's earlier sentences said, for the numbers of its later ones."""

    period: Period | None = None  # the period the last sentence that named one is about
    entity: tuple[str, str] | None = None  # the last entity a sentence named
    said_in: str = ""  # the sentence `period` comes from
    concept: tuple[str | None, str, tuple[str, ...], tuple[str, ...]] | None = None  # the last metric


@dataclass(slots=True)
class Sentence:
    """A sentence read once for all its numbers."""

    text: str  # the sentence
    tags: list[Tag]  # known names in it
    found: list[periods.Found]  # period expressions in it
    spans: list[tuple[int, int]]  # its clauses
    quantities: list[Quantity]  # its numbers (offsets into `text`)
    label: str = ""  # the label its numbers stand under (list item parent, table headers)
    label_tags: list[Tag] = field(default_factory=list)  # known names in the label
    label_found: list[periods.Found] = field(default_factory=list)  # periods in the label
    previous: str = ""  # the sentence before it in its paragraph
    asides: frozenset[int] = frozenset()  # clauses set off by brackets or dashes: "exports of X — a, b and c — rose"
    comparisons: frozenset[int] = frozenset()  # clauses that give a comparison: "compared with $3.5 billion in 2014"
    skip: bytearray | None = None  # 1 for each character inside a name, a period or a number (made on first use)
    joined: dict[tuple, str | None] = field(default_factory=dict)  # `_coordinated`'s answers, by (start, end, unit)
    contents: dict[tuple[int, int], tuple[str, ...]] = field(default_factory=dict)  # `_content`'s answers, by span
    names_before: dict[int, list] = field(default_factory=dict)  # `name_spans` of the text before each offset asked


def read_sentence(
    text: str,
    quantities: list[Quantity],
    *,
    years: Sequence[tuple[int, int, int]] = (),
    label: str = "",
    previous: str = "",
    tags: list[Tag] | None = None,
) -> Sentence:
    """A sentence with its numbers, read for their frames. `tags`: the known names in it,
    when the caller tagged the whole document (offsets into `text`)."""
    # a name holding a number whole keeps it ("one-time items", "S&P 500"); one cut by a number goes
    tags = [
        t
        for t in (tag(text) if tags is None else tags)
        if not any(
            a < t.end and t.start < b and not (t.start <= a and b <= t.end)
            for a, b in ((q.start, q.end) for q in quantities)
        )
    ]
    quantities = [q for q in quantities if not any(t.start <= q.start and q.end <= t.end for t in tags)]
    masked = [(q.start, q.end) for q in quantities]
    found = [
        f
        for f in periods.find(text, years=list(years))
        if not any(a < f.end and f.start < b and not (f.start <= a and b <= f.end) for a, b in masked)
    ]
    found = [f for f in found if not any(f.start <= a and b <= f.end for a, b in masked) or f.period is not None]
    spans = clauses(text, masked)
    first = next((i for i, (a, b) in enumerate(spans) if _COMPARISON.search(text[a:b])), None)
    comparisons = frozenset(range(first, len(spans))) if first is not None else frozenset()
    s = Sentence(
        text,
        tags,
        found,
        spans,
        quantities,
        label,
        previous=previous,
        asides=_asides(text, spans),
        comparisons=comparisons,
    )
    if label:
        s.label_tags = tag(label)
        s.label_found = periods.find(label, years=_plain_years(label))
    return s


def frame(s: Sentence, q: Quantity, ctx: Context, carry: Carry) -> Frame:
    """The frame of the number `q` of sentence `s`."""
    k = _clause_of(s.spans, q.start)
    a, b = s.spans[k]
    change = change_of(s.text, q.start, q.end, q) or _coordinated(s, q)
    concept, metric, words, modifiers, segment, phrase = _metric(s, q, k, carry)
    carried = phrase == "carried"
    if carried:
        phrase = None
    quals = _qualifiers(s, q, k, phrase, change)
    per_share = _PER_SHARE.match(s.text, q.end)
    if per_share:
        concept, quals = _per_share(concept, quals, per_share.group(1), words)
    elif (
        concepts().get(concept or "")
        and concepts()[concept].per_share
        and (
            any(g == "shares" for g, _ in quals)
            or phrase
            and _per_share_nearby(s, phrase, q)
            or phrase
            and _ZH_PER_SHARE.search(s.text[max(0, phrase[0] - 12) : phrase[0]])
        )
    ):
        concept = concepts()[concept].per_share  # "diluted earnings", "earnings of $3.68 per share": per share
    entity, name, stated = _entity(s, q, k, ctx, carry)
    if segment is None:
        segment = _segment(s, q, k, phrase, ctx, entity)
    period = _quarterly(s, q, _period(s, q, k, ctx, carry, change))
    c = concepts().get(concept or "")
    if (
        change
        and c is not None
        and c.kind == "rate"
        and phrase
        and phrase[1] <= q.start
        and _RATE_NAMED.search(s.text[phrase[0] : phrase[1]])
        and _LEVEL_OF.fullmatch(s.text[phrase[1] : q.start])
    ):
        change = None  # "a natural growth rate of -1.48‰": the growth is in the rate's name; this is its level
    if c is not None and c.rate and value_kind(q) == "ratio":
        concept, c = c.rate, concepts().get(c.rate)  # "7.9 deaths per 1,000 people": the death rate
    if c is not None and value_kind(q) not in c.values:  # "142 litres": no household spending, whatever the words
        concept, c = None, None
        words = words or tuple(metric.split())
    if c is not None and c.percent_is_change and change is None and q.unit == "percent":
        change = "increase" if q.value >= 0 else "decrease"  # "CPI 0.2%": the index moved 0.2%
    quals = list(quals) + list(implied(dict(quals)).items())
    if c is not None and c.an_average:
        quals = [(g, v) for g, v in quals if (g, v) != ("statistic", "average")]  # "average labour productivity"
    if q.kind == "fraction" and not any(g == "share" for g, _ in quals):
        quals.append(("share", "share"))  # "two-fifths of the reserves": a share of them
    if change is None:
        quals = [(g, v) for g, v in quals if g != "base"]
    elif not any(g == "base" for g, _ in quals):
        base = _base_from_period(s, k, period, ctx)
        if base:
            quals.append(("base", base))
    return Frame(
        concept,
        metric,
        words,
        modifiers,
        entity,
        name,
        stated,
        segment,
        tuple(sorted(set(quals))),
        change,
        period,
        carried,
    )


def _per_share_nearby(s: Sentence, phrase: tuple[int, int], q: Quantity) -> bool:
    """Is the metric of this phrase told per share in the sentence, and nowhere as a
    total ("the dividend was raised 150%, to $0.01 per share"; but in "earnings fell 14%
    to $3 billion, or $3.01 a share" the 14% is of the $3 billion)?"""
    concept_starts = [t.start for t in s.tags if t.kind == "concept"]
    per_share = total = False
    for o in s.quantities:
        nearest = max((c for c in concept_starts if c < o.start), default=None)
        if nearest is None or not phrase[0] <= nearest < phrase[1] + 1:
            continue
        if _PER_SHARE.match(s.text, o.end):
            per_share = True
        elif value_kind(o) == "money":
            total = True
    return per_share and not total and value_kind(q) != "money"


def value_kind(q: Quantity) -> str:
    """What kind of value a quantity is: money, ratio, count or physical."""
    from ..knowledge import units

    if q.kind in ("fraction", "multiplier", "ordinal"):
        return "ratio" if q.kind != "ordinal" else "count"
    if not q.unit:
        return "count"
    if q.unit in ("percent", "percentage_point", "basis_point", "permille"):
        return "ratio"
    try:
        return "money" if units.is_currency(q.unit.split(" / ")[0]) else "physical"
    except Exception:
        return "physical"


def _base_from_period(s: Sentence, k: int, period: Period | None, ctx: Context) -> str | None:
    """ "Up 23% from Q4 2023" of a first quarter: on the quarter before; "from 2022" of
    2023's: on the year before. The base is named by the period it compares with."""
    if period is None or not period.year:
        return None
    a, b = s.spans[k]
    for f in s.found:
        base = f.period
        if not (f.base and a <= f.start < b + 40) or base is None or not base.year:
            continue
        if period.grain == base.grain == "quarter" and period.index and base.index:
            steps = (period.year * 4 + period.index) - (base.year * 4 + base.index)
            return "previous" if steps == 1 else "year" if steps == 4 else None
        if period.grain == base.grain == "year":
            return "year" if period.year - base.year == 1 else None
    return None


def _coordinated(s: Sentence, q: Quantity) -> str | None:
    """ "Up 19% quarter-over-quarter and 461% year-over-year": a number joined to a change
    before it is a change the same way, and so is one joined to such a number ("rose 3%,
    4%, 2% and 6%": the whole list). The list is walked back once for all its numbers."""
    chain = []
    found = None
    while True:
        key = (q.start, q.end, q.unit)
        if key in s.joined:
            found = s.joined[key]
            break
        chain.append(key)
        o = _joined_to(s, q)
        if o is None:
            break
        found = change_of(s.text, o.start, o.end, o)
        if found:
            break
        q = o
    for key in chain:
        s.joined[key] = found
    return found


def _joined_to(s: Sentence, q: Quantity) -> Quantity | None:
    """The number of the same unit right before `q` when the two are listed together."""
    o = None
    for o in reversed(s.quantities):
        if o.end <= q.start and o.unit == q.unit:
            break
    else:
        return None
    gap = s.text[o.end : q.start]
    for f in s.found:  # "up 23% from Q4 2023, and 427% ..."
        if o.end <= f.start and f.end <= q.start:
            gap = gap.replace(s.text[f.start : f.end], " ")
    if not regex(
        r"(?i)(?:\s+(?:from|over|on|than|the|a|an|previous|prior|preceding|last|year|quarter|month|ago|earlier|"
        r"before|sequentially|annually|year-over-year|year-on-year|quarter-over-quarter|y/y|yoy|qoq|q/q))*"
        r"\s*(?:,\s*|\s+)(?:and\s+)?(?:an?\s+(?:[a-z-]+\s+)?)?|、|和|及"
    ).fullmatch(gap):
        return None
    return o


def _per_share(concept: str | None, quals: list[tuple[str, str]], kind: str | None, words: tuple[str, ...] = ()):
    c = concepts().get(concept or "")
    target = c.per_share if c is not None and c.per_share else None
    if target is None and concept is None and {"earn", "earned", "profit"} & set(words) and "eps" in concepts():
        target = "eps"  # "earned $3.34 a share"
    if kind and kind.strip().lower() in ("diluted", "basic"):
        quals = quals + [("shares", kind.strip().lower())]
    return (target or concept), quals


# ---- metric ----------------------------------------------------------------------------------

_RIGHT_OF = regex(
    r"(?i)^\s*(?:(?:[a-z]+\s+)?(?:rise|increase|growth|jump|gain|drop|decline|fall|decrease|cut|surge)\s+)?"
    r"(?:in|of|worth\s+of|for|from)\s+(?:the\s+|its\s+|their\s+|total\s+|new\s+)?(?:[A-Za-z-]+\s+){0,2}$"
)


def _metric(s: Sentence, q: Quantity, k: int, carry: Carry):
    """(concept, metric, words, modifiers, segment, phrase span) of the number `q`."""
    a, b = s.spans[k]
    concept_tags = [t for t in s.tags if t.kind == "concept"]
    own = [t for t in concept_tags if a <= t.start < b]
    paired = _respectively(s, q, concept_tags)
    chosen: Tag | None = paired
    if chosen is None:
        right = [t for t in own if t.start >= q.end and _RIGHT_OF.match(s.text[q.end : t.start])]
        left = [t for t in own if t.end <= q.start]
        if right:
            chosen = right[0]
        elif left:
            chosen = left[-1]
    if chosen is None and not _own_words(s, q, k):
        for j in range(k - 1, -1, -1):  # "..., up 6 percent": the clause points back
            if j in s.asides and k not in s.asides:
                continue  # past an aside: "exports of X — a, b and c — rose 73%"
            back = [t for t in concept_tags if s.spans[j][0] <= t.start < s.spans[j][1]]
            if back:
                chosen = back[-1]
                break
            if _own_words(s, None, j):
                break
    if chosen is None:
        after = [t for t in own if t.start >= q.end]
        if after and not _own_words(s, q, k, before_only=True):
            chosen = after[0]
    if chosen is None and s.label:
        label_concepts = [t for t in s.label_tags if t.kind == "concept"]
        if label_concepts and not _own_words(s, q, k):
            t = label_concepts[-1]
            mods = _modifiers(s.label, t, s.label_tags)
            return (
                t.id,
                _phrase(s.label, t, mods),
                _concept_words(s.label, t),
                tuple(sorted({stem(w) if m.isascii() else m for m, _ in mods for w in m.split()})),
                _caps(mods),
                None,
            )
    if chosen is None and carry.concept is not None and not _own_words(s, q, k) and _points_back(s.text):
        cid, metric, words, modifiers = carry.concept
        return cid, metric, words, modifiers, None, "carried"
    if chosen is None:
        chosen = _verb_object(s, q, k)
    if chosen is None:
        words, j = _clause_words(s, q, k)
        if not words and s.label:
            words = tuple(stem(w) for w in _EN_WORD.findall(s.label) if stem(w) not in STOP)
        return None, " ".join(words), words, (), None, s.spans[j] if j != k else None
    mods = _modifiers(s.text, chosen, s.tags + _period_tags(s)) + _post_modifiers(s, chosen)
    if not mods:
        mods = _segment_subject(s, chosen) or _subject_modifiers(s, chosen)
    mods = [(m, p) for m, p in mods if not _of_its_domain(m, chosen.id)]
    phrase = (min([chosen.start] + [p for _, p in mods]), chosen.end)
    words = _concept_words(s.text, chosen)
    modifiers = tuple(sorted({stem(w) if m.isascii() else m for m, _ in mods for w in m.split()}))
    carry.concept = (chosen.id, _phrase(s.text, chosen, mods), words, modifiers)
    return chosen.id, _phrase(s.text, chosen, mods), words, modifiers, _caps(mods), phrase


def _of_its_domain(word: str, concept: str) -> bool:
    """Does a modifier only say the field its concept belongs to ("agricultural grain
    output", "financial fiscal revenue")? It narrows nothing: the concept's glossary
    domain ("agriculture") and the word share their first six letters or more."""
    c = concepts().get(concept)
    low = word.lower()
    return c is not None and len(low) >= 6 and any(low[:6] == d[:6] for d in c.domain.lower().split() if len(d) >= 6)


_VERB_OBJECTS = language()["frame_words"]["verb_objects"]  # data/language.toml [frame_words]
_OBJECT_AFTER = regex(r"(?i)[ \t]+(?:in|on|into)[ \t]+(?:the[ \t]+)?([A-Za-z][A-Za-z&'’ -]*)")


def _verb_object(s: Sentence, q: Quantity, k: int) -> Tag | None:
    """The concept a verb and its object name around a number no name governs: "invested
    3.3 trillion yuan in research and development" is the investment in research and
    development (the glossary's name), as "R&D investment of 3.3 trillion yuan" would be.
    A concept tag over the object's words, or None."""
    a, b = s.spans[k]
    verb = regex(r"(?i)\b([a-z]+)\s+$").search(s.text[max(a, q.start - 30) : q.start])
    phrase: str | None = _VERB_OBJECTS.get(verb.group(1).lower()) if verb else None
    obj = _OBJECT_AFTER.match(s.text, q.end, b) if phrase else None
    if obj is None or phrase is None:
        return None
    made = f"{phrase} {obj.group(1)}"
    found = next((t for t in tag(made) if t.kind == "concept" and t.start == 0 and t.end > len(phrase)), None)
    if found is None:
        return None
    start = obj.start(1)
    return Tag(start, start + found.end - len(phrase) - 1, "concept", found.id)


def _period_tags(s: Sentence) -> list[Tag]:
    return [Tag(f.start, f.end, "period", "") for f in s.found]


_POST = regex(
    r"(?i)\s+(?:from|of|in|for|at)\s+(?:the\s+|its\s+|their\s+|those\s+|these\s+|our\s+)?"
    r"((?:[A-Za-z][\w&'’-]*)(?:(?:\s*,\s*|\s+)(?:and\s+|&\s+)?[A-Za-z][\w&'’-]*){0,6})"
)


_METRIC_VERBS = frozenset(language()["frame_words"]["metric_verbs"])


# characters that end the noun a Chinese concept name may modify (出口|通关效率|居): verbs of
# rank, share and change, and the function characters
_ZH_COMPOUND_END = _ZH_FUNCTION | frozenset(language()["frame_words"]["zh_compound_end"])


def _zh_compound(s: Sentence, t: Tag) -> list[tuple[str, int]]:
    """Chinese characters right after a concept name, up to a verb, a function character or
    another name, are the noun it modifies: 出口通关效率 is an efficiency, not exports (as
    "export clearance efficiency" is). Two to four characters; a neutral word (总额, 规模)
    right after the name leaves it the metric."""
    end = t.end
    while end < len(s.text) and end - t.end < 4:
        c = s.text[end]
        if (
            not ("\u4e00" <= c <= "\u9fff")
            or c in _ZH_COMPOUND_END
            or any(x.start <= end < x.end for x in s.tags + _period_tags(s))
            or any(o.start <= end < o.end for o in s.quantities)
        ):
            break
        end += 1
    if (
        end - t.end < 2
        or end - t.end == 4
        and end < len(s.text)
        and "\u4e00" <= s.text[end] <= "\u9fff"
        and s.text[end] not in _ZH_COMPOUND_END
    ):
        return []  # one character (出口额), or a run that goes on past four: no noun read
    return [(s.text[t.end : end], t.end)]


def _compound(s: Sentence, t: Tag) -> list[tuple[str, int]]:
    """Nouns right after a concept name make it a modifier of theirs: "export clearance
    efficiency" is an efficiency, not exports."""
    if t.start < len(s.text) and not s.text[t.start].isascii() and t.end <= len(s.text):
        return _zh_compound(s, t)
    out: list[tuple[str, int]] = []
    pos = t.end
    for w in _EN_WORD.finditer(s.text, t.end):
        if s.text[pos : w.start()] not in (" ", "-") or not t.start or not s.text[t.start].isascii():
            break
        low = w.group().lower()
        if any(x.start <= w.start() < x.end for x in s.tags + _period_tags(s)) or any(
            o.start <= w.start() < o.end for o in s.quantities
        ):
            break
        if (
            low in STOP
            or stem(low) in STOP
            or low in _change_words()
            or low in _hedge_words()
            or low in neutral_words()
            or low in _METRIC_VERBS
            or _participle(low)
            or _adverb(low)
            or low in _EVALUATIVE
            or not w.group().islower()
        ):
            break
        out.append((w.group(), w.start()))
        pos = w.end()
        if len(out) == 3:
            break
    return out


def _post_modifiers(s: Sentence, t: Tag) -> list[tuple[str, int]]:
    """Words after a concept name that narrow it: "revenue from cloud", "sales of iPhone",
    "revenue in Productivity and Business Processes" (neutral ones, "from continuing
    operations", left out), and nouns it modifies ("export clearance efficiency")."""
    compound = _compound(s, t)
    if compound:
        return compound
    m = _POST.match(s.text, t.end)
    if not m:
        return []
    out = []
    for w in regex(r"[A-Za-z][\w&'’-]*").finditer(m.group(1)):
        pos = m.start(1) + w.start()
        if any(
            x.start <= pos < x.end
            for x in s.tags + _period_tags(s)
            if x.kind != "neutral" and not (x.kind == "qualifier" and not applies(x.id, t.id))
        ) or any(o.start <= pos < o.end for o in s.quantities):
            break
        low = w.group().lower()
        if low in ("and", "&"):
            continue
        if w.group()[:1].isupper() and low.endswith(("'s", "’s")):
            continue  # "sales in Contoso's services unit": whose they are, not which
        if low in STOP or stem(low) in STOP or low in _change_words() or _participle(low) or _adverb(low):
            break
        if (
            low in neutral_words()
            or low in _EVALUATIVE
            or any(x.kind == "neutral" and x.start <= pos < x.end for x in s.tags)
        ):
            continue
        out.append((w.group(), pos))
    return out


_SUBJECT_NEUTRAL = frozenset(language()["frame_words"]["subject_neutral"])


def _subject_modifiers(s: Sentence, t: Tag) -> list[tuple[str, int]]:
    """The words of a sentence's subject that narrow a metric named later in it: in
    "Apple's Services business saw revenue rise 12%" the revenue is the Services
    business's. Only a first clause with no metric of its own, before the metric's."""
    first = next((i for i in range(len(s.spans)) if i not in s.asides), 0)
    a, b = s.spans[first]
    if (
        t.start < b
        or any(x.kind == "concept" and a <= x.start < b for x in s.tags)
        or any(a <= o.start < b for o in s.quantities)
    ):
        return []
    nxt = s.spans[first + 1] if first + 1 < len(s.spans) else None
    setoff = (
        regex(r"(?i)\s*(?:(which|that|who)|including|includes|such\s+as)\b").match(s.text[nxt[0] : nxt[1]])
        if nxt
        else None
    )
    if nxt is None or setoff is None:
        return []  # only a subject set off by what it includes: "Apple's Services business, which includes ..."
    if not setoff.group(1) and nxt[0] <= t.start < nxt[1]:
        return []  # the metric is one of the examples: in "some data, such as GDP of ...", no "data GDP"
    out = []
    for m in _EN_WORD.finditer(s.text, a, b):
        w, low = m.group(), m.group().lower()
        if any(
            x.start <= m.start() < x.end
            and x.kind != "neutral"
            and not (x.kind == "qualifier" and not applies(x.id, t.id))
            for x in s.tags
        ) or low.endswith(("'s", "’s")):
            continue
        if (
            low in STOP
            or stem(low) in STOP
            or low in neutral_words()
            or low in _SUBJECT_NEUTRAL
            or _participle(low)
            or _adverb(low)
            or low in _EVALUATIVE
            or low in _change_words()
        ):
            continue
        out.append((w, m.start()))
    return out[:3]


_SEGMENT_WORD = regex(r"(?i)\b(?:segment|business|division|unit|arm|franchise)s?\b")


_WHOLE_BEFORE = regex(r"(?i)\b(?:overall|total|entire|whole|combined|company-wide|group)\s+\S*\s*$")


def _segment_subject(s: Sentence, t: Tag) -> list[tuple[str, int]]:
    """ "The gaming segment reported revenue of $2.6 billion", "Microsoft's commercial cloud
    business has generated $13.3bn in revenue": the words naming a part of the company,
    in the subject of the metric's clause or of the sentence, narrow it."""
    first = next((i for i in range(len(s.spans)) if i not in s.asides), 0)
    own = _clause_of(s.spans, t.start)
    hits = [m for m in _SEGMENT_WORD.finditer(s.text, 0, t.start) if _clause_of(s.spans, m.start()) in (first, own)]
    if not hits or _WHOLE_BEFORE.search(s.text[max(0, t.start - 40) : t.start]):
        return []
    m = hits[-1]
    out: list[tuple[str, int]] = []
    for w in reversed(list(_EN_WORD.finditer(s.text, max(0, m.start() - 60), m.start()))):
        if s.text[w.end() : m.start() if not out else out[-1][1]].strip():
            break
        low = w.group().lower()
        tagged = next((x for x in s.tags if x.start <= w.start() < x.end), None)
        if tagged is not None and not (tagged.kind == "qualifier" and not applies(tagged.id, t.id)):
            break
        if (
            low.endswith(("'s", "’s"))
            or low in STOP
            or stem(low) in STOP
            or low in neutral_words()
            or low in _SUBJECT_NEUTRAL
            or _participle(low)
            or _adverb(low)
        ):
            break
        out.append((w.group(), w.start()))
        if len(out) == 3:
            break
    return list(reversed(out))


def _caps(mods: list[tuple[str, int]]) -> str | None:
    caps = [m for m, _ in mods if m[:1].isupper() and m.isascii()]
    return " ".join(caps).lower() if caps else None


def _phrase(text: str, t: Tag, mods: list[tuple[str, int]]) -> str:
    before = [m for m, p in mods if p < t.start]
    after = [m for m, p in mods if p >= t.end]
    joiner = "" if not text[t.start : t.end].isascii() else " "
    return joiner.join(before + [text[t.start : t.end]] + after).lower()


def _concept_words(text: str, t: Tag) -> tuple[str, ...]:
    words = [stem(w) for w in _EN_WORD.findall(text[t.start : t.end])]
    if not words:
        words = [text[t.start : t.end]]
    return tuple(words)


def _respectively(s: Sentence, q: Quantity, concept_tags: list[Tag]) -> Tag | None:
    """ "Revenue and EPS fell 14% and 9%, respectively": the n-th number answers to the
    n-th metric."""
    low = s.text.lower()
    if "respectively" not in low and "分别" not in s.text:
        return None
    same = [o for o in s.quantities if (o.unit, o.kind) == (q.unit, q.kind)]
    before = [t for t in concept_tags if t.end <= (same[0].start if same else q.start)]
    if len(before) == len(same) >= 2:
        return before[same.index(q)] if q in same else None
    return None


def _modifiers(text: str, t: Tag, tags: list[Tag]) -> list[tuple[str, int]]:
    """The words right before a concept name that narrow it: up to three, stopping at
    anything that is not one (a number, another name, a verb, a possessive, punctuation).
    Capitalised English ones name a segment ("Data Center revenue")."""
    if not t.start:
        return []
    neutral = neutral_words()
    if not text[t.start - 1 : t.start].isascii() or not text[t.start : t.start + 1].isascii():
        return _zh_modifiers(text, t, tags)
    out: list[tuple[str, int]] = []
    pos = t.start
    for m in reversed(list(_EN_WORD.finditer(text, max(0, t.start - 60), t.start))):
        gap = text[m.end() : pos]
        if gap.strip() not in ("",) and gap.strip() != "&":
            break
        w = m.group()
        if any(x.start <= m.start() < x.end for x in tags if x is not t):
            hit = next(x for x in tags if x.start <= m.start() < x.end)
            if hit.kind == "neutral":
                pos = m.start()
                continue
            if (
                hit.kind == "concept"
                and hit.id != t.id
                and not out
                and hit.end <= pos
                and not text[hit.end : pos].strip(" -")
                and text[hit.start : hit.end].isascii()
            ):
                # "cross-border e-commerce exports": exports of a kind another concept names
                out.append((text[hit.start : hit.end].lower(), hit.start))
                break
            if not (hit.kind == "qualifier" and not applies(hit.id, t.id)):
                break  # "cloud services revenue": "services" is no trade breakdown here, but a word
        low = w.lower()
        if (
            low.endswith(("'s", "’s"))
            or low in STOP
            or low in _change_words()
            or low in _hedge_words()
            or _adverb(low)
            or _participle(low)
            or stem(low) in STOP
        ):
            break
        if low in neutral or low in _EVALUATIVE:
            pos = m.start()
            continue
        opening = not text[: m.start()].strip(" \"'“‘(*•·-–—>#")
        out.append((w.lower() if opening and not w.isupper() else w, m.start()))
        pos = m.start()
        if len(out) == 3:
            break
    return list(reversed(out))


_DETERMINER = regex(r"(?i)\b(?:the|a|an|its|their|of|his|her|our)\s+$")
_LY_NOUNS = frozenset(language()["frame_words"]["ly_nouns"])


def _adverb(word: str) -> bool:
    return word.endswith("ly") and len(word) > 4 and word not in _LY_NOUNS


def _participle(word: str) -> bool:
    """ "reduced", "rising": a verb form, which does not narrow what a metric measures."""
    return len(word) > 5 and word.endswith(("ed", "ing")) and word not in _NOT_PARTICIPLES


_NOT_PARTICIPLES = frozenset(language()["frame_words"]["not_participles"])


_EVALUATIVE = frozenset(language()["frame_words"]["evaluative"])


def _zh_term_before(text: str, pos: int, tags: list[Tag]) -> str | None:
    """The longest Chinese narrowing term ending at `pos` that no known name overlaps
    (城镇 before 人口 is a qualifier, 中国 a place: neither narrows the metric)."""
    forms, longest = zh_term_forms()
    for n in range(min(longest, pos), 1, -1):
        form = text[pos - n : pos]
        if form in forms and not form.isascii() and not any(x.start < pos and pos - n < x.end for x in tags):
            return text[pos - n : pos]
    return None


def _zh_modifiers(text: str, t: Tag, tags: list[Tag]) -> list[tuple[str, int]]:
    pos = t.start
    while pos > 0:
        hit = next((x for x in tags if x.start < pos <= x.end and x is not t), None)
        if hit is None or hit.kind != "neutral":
            break
        pos = hit.start
    term = _zh_term_before(text, pos, tags)
    if term:  # a narrowing term of terms.toml ("数据中心收入"), whatever characters it holds
        return [(term, pos - len(term))]
    start = pos
    while start > 0 and pos - start < 4:
        c = text[start - 1]
        if not ("\u4e00" <= c <= "\u9fff") or c in _ZH_FUNCTION or any(x.start < start <= x.end for x in tags):
            break
        start -= 1
    if pos - start >= 2:
        return [(text[start:pos], start)]
    return []


def _own_words(s: Sentence, q: Quantity | None, k: int, *, before_only: bool = False) -> tuple[str, ...]:
    """Content words of clause `k` that could name a metric of their own."""
    a, b = s.spans[k]
    if before_only and q is not None:
        b = q.start
    return _content(s, a, b)


def _content(s: Sentence, a: int, b: int) -> tuple[str, ...]:
    """The content words of s.text[a:b] (each number of a sentence asks of its clauses)."""
    known = s.contents.get((a, b))
    if known is None:
        known = s.contents[(a, b)] = _content_of(s, a, b)
    return known


def _content_of(s: Sentence, a: int, b: int) -> tuple[str, ...]:
    skip = s.skip
    if skip is None:  # 1 for each character inside a name, a period or a number
        skip = s.skip = bytearray(len(s.text))
        for x, y in (
            [(t.start, t.end) for t in s.tags]
            + [(f.start, f.end) for f in s.found]
            + [(o.start, o.end) for o in s.quantities]
        ):
            y = min(y, len(skip))
            skip[x:y] = b"\x01" * max(0, y - x)
    out = []
    for m in _WORD.finditer(s.text, a, b):
        if skip[m.start()]:
            continue
        w = m.group()
        if not w.isascii():
            rest = "".join(c for i, c in enumerate(w, m.start()) if not skip[i] and c not in _ZH_FUNCTION)
            rest = "".join(c for c in rest if c not in "增长下降减少提高增加上升")
            if len(rest) >= 2:
                out.append(rest)
            continue
        low = w.lower()
        if low.endswith(("'s", "’s")):
            continue  # a possessor is whose it is, not what
        if (
            low in STOP
            or low in _change_words()
            or low in _hedge_words()
            or stem(low) in STOP
            or low in neutral_words()
            or low in _EVALUATIVE
            or _adverb(low)
            or len(low) < 2
            or low.endswith("ing")
            and _participle(low)
            and not _DETERMINER.search(s.text[max(0, m.start() - 8) : m.start()])
        ):
            continue  # "reflecting an 18% rise": no metric; "the signing of", "invested" say what
        if w[0].isupper() and not w.isupper() and _in_name(s.text, m.start(), m.end()):
            continue  # a name of several words: an entity or a segment, weighed apart
        out.append(stem(w))
    return tuple(out)


def _in_name(text: str, start: int, end: int) -> bool:
    """Is the capitalised word at start:end part of a name of several capitalised words?"""
    before = regex(r"[A-Z][A-Za-z]*\s+$").search(text[max(0, start - 30) : start])
    after = regex(r"\s+(?:of\s+|and\s+|&\s+)?[A-Z][a-z]").match(text[end : end + 30])
    return bool(before or after)


def _clause_words(s: Sentence, q: Quantity, k: int) -> tuple[tuple[str, ...], int]:
    """The content words that say what a number no concept names is about: its clause's,
    then those of the clause before it when its own has none; and that clause's index."""
    a, b = s.spans[k]
    words = list(_content(s, a, b))
    source = k
    if regex(r"(?i)\s*(?:which|that|who|whose)\b").match(s.text[a:b]):  # "..., which account for 40%": of what it says
        for j in range(k - 1, -1, -1):
            if j not in s.asides:
                words += list(_content(s, *s.spans[j]))
                break
    if not words:
        for j in range(k - 1, -1, -1):
            words = list(_content(s, *s.spans[j]))
            if words:
                source = j
                break
    if s.previous and _ANAPHORA.search(s.text):  # "these funds": what the sentence before said they are
        prev = read_sentence(s.previous, [])
        words += list(_content(prev, 0, len(prev.text)))
    seen: list[str] = []
    for w in words:
        if w not in seen:
            seen.append(w)
    return tuple(seen), source


_ANAPHORA = regex(r"(?i)\b(?:these|those|such|the\s+same|the\s+latter|the\s+former)\b|这些|该|此类|上述")


def _clause_has_number(s: Sentence, j: int) -> bool:
    a, b = s.spans[j]
    return any(a <= o.start < b for o in s.quantities)


_POINTS_BACK = regex(
    r"(?i)^\W*(?:it|this|that|the\s+figure|the\s+number|the\s+total|which|they)\b|^\W*(?:up|down|rising|falling|an?\s+(?:increase|decrease|rise|drop))\b|^\W*[比较同环]"
)


def _points_back(text: str) -> bool:
    return bool(_POINTS_BACK.search(text))


# ---- qualifiers ------------------------------------------------------------------------------


def _qualifiers(
    s: Sentence, q: Quantity, k: int, phrase: tuple[int, int] | None, change: str | None
) -> list[tuple[str, str]]:
    """The qualifier cues that apply to `q`, the nearest per group. A cue standing by a
    concept name ("non-GAAP EPS", "per capita GDP") qualifies only the numbers of that
    metric; any other qualifies the numbers of its clause, and an adverbial one
    ("Adjusting for currency, ...") the clauses it governs; a cue of what someone
    expects or estimates ("IBM expects EPS of ...") every number after it."""
    a, b = s.spans[k]
    concept_tags = [t for t in s.tags if t.kind == "concept"]
    scoped: list[tuple[int, str, str]] = []  # (distance, group, value)
    for t in s.tags:
        if t.kind != "qualifier":
            continue
        if _binds_other(s, t, q):
            continue  # "from an average of 70 hours to 30": the cue is that number's own
        host = _host(s, t, concept_tags)
        if host is not None:
            if phrase is not None and phrase[0] <= host.start < phrase[1] + 1:
                scoped.append((abs(t.start - q.start), t.id, t.value))
            continue
        if a <= t.start < b:
            scoped.append((abs(t.start - q.start), t.id, t.value))
        elif phrase and phrase[0] - 1 <= t.end <= phrase[1] + 1:
            scoped.append((abs(t.start - q.start), t.id, t.value))
        elif t.id == "mode" and t.end <= q.start:
            scoped.append((500 + abs(t.start - q.start), t.id, t.value))
        elif t.id == "basis" and _continues_clause(s, t, k, concept_tags):
            scoped.append((700 + abs(t.start - q.start), t.id, t.value))  # "$1.64, up 12% when excluding the charge"
        elif t.id in _ADVERBIAL and not _clause_has_number(s, _clause_of(s.spans, t.start)) and _governs(s, t, k):
            scoped.append((1000 + abs(t.start - q.start), t.id, t.value))
    for t in s.label_tags:
        if t.kind == "qualifier":
            scoped.append((2000, t.id, t.value))
    chosen: dict[str, tuple[int, str]] = {}
    concept = next((t.id for t in concept_tags if phrase and phrase[0] <= t.start < phrase[1] + 1), None)
    for d, g, v in scoped:
        if not applies(g, concept):
            continue
        if g not in chosen or d < chosen[g][0]:
            chosen[g] = (d, v)
    return [(g, v) for g, (_, v) in chosen.items()]


def _host(s: Sentence, t: Tag, concept_tags: list[Tag]) -> Tag | None:
    """The concept name a cue stands by, modifying it: right before it ("non-GAAP EPS",
    "per capita GDP", "城镇居民人均可支配收入"; other cues, neutral words and brackets
    between allowed) or right after it ("GDP per capita", "EPS (non-GAAP)", "失业率均值")."""
    nxt = next((c for c in concept_tags if c.start >= t.end), None)
    if nxt is not None:
        gap = s.text[t.end : nxt.start]
        if t.start and s.text[t.start - 1] in "(（" and gap[:1] in (")", "）"):
            gap = gap[1:]  # a cue in brackets before the name: "operating (non-GAAP) diluted EPS"
        for x in s.tags:
            if t.end <= x.start and x.end <= nxt.start and x.kind in ("qualifier", "neutral"):
                gap = gap.replace(s.text[x.start : x.end], " ", 1)
        gap = regex(r"\([^()]{0,60}\)|（[^（）]{0,30}）").sub(" ", gap)
        if not gap.strip(" -"):
            return nxt
    prv = next((c for c in reversed(concept_tags) if c.end <= t.start), None)
    if prv is not None:
        gap = s.text[prv.end : t.start]
        if regex(r"\s*[(（]\s*").fullmatch(gap) or (not gap.strip() and t.id in ("per", "shares")):
            return prv
        if not gap and t.id == "statistic" and not s.text[t.start].isascii():
            return prv  # 失业率均值, 工资平均值: the mean of the metric it follows, as 平均工资 is
    return None


def _continues_clause(s: Sentence, t: Tag, k: int, concept_tags: list[Tag]) -> bool:
    """Does the cue stand in a later clause that names no metric of its own and so goes on
    about clause `k`'s ("EPS was $1.64, up 12% year over year when excluding the charge")?"""
    j = _clause_of(s.spans, t.start)
    if j <= k or k + 1 >= len(s.spans):
        return False
    own = [q for q in s.quantities if _clause_of(s.spans, q.start) == k]
    if own and any(_clause_of(s.spans, o.start) == j and o.unit == own[0].unit for o in s.quantities):
        return False  # "$0.97, or $1.64 excluding the charge": the cue is the other figure's
    return not any(s.spans[k + 1][0] <= c.start < s.spans[j][1] for c in concept_tags)


def _binds_other(s: Sentence, t: Tag, q: Quantity) -> bool:
    """Does cue `t` stand right before another number of the sentence ("an average of 70")?"""
    for o in s.quantities:
        if (
            o.start >= t.end
            and o is not q
            and o.start != q.start
            and regex(r"(?i)\s*(?:of\s+)?(?:about\s+|around\s+|some\s+)?").fullmatch(s.text[t.end : o.start])
        ):
            return True
    return False


# groups whose cues can stand in a clause of their own and still qualify a number
# ("Adjusting for currency, revenue fell 1%"); the others qualify only their own clause
_ADVERBIAL = frozenset(language()["frame_words"]["adverbial_groups"])


def _governs(s: Sentence, t: Tag, k: int) -> bool:
    """Does the number-less clause holding cue `t` govern clause `k`? An introductory
    clause governs the whole sentence ("Excluding items, ..."); a trailing one the clause
    before it ("..., adjusting for currency")."""
    j = _clause_of(s.spans, t.start)
    if all(not _clause_has_number(s, i) for i in range(0, j + 1)):
        return True  # introductory: nothing before it has a number
    leading = bool(regex(r"[;；]\s*$").search(s.text[: s.spans[j][0]])) or not s.text[t.start : t.end].isascii()
    if leading:  # "...; excluding currency, revenue fell 1%", "不计汇率影响，营收下降1%": it governs what follows
        return k > j and all(not _clause_has_number(s, i) for i in range(j + 1, k))
    return j == k + 1 or (j > k and all(not _clause_has_number(s, i) for i in range(k + 1, j + 1)))


# ---- entity ----------------------------------------------------------------------------------


_RANK_IN_BEFORE = regex(r"(?i)\b(?:largest|biggest|highest|lowest|smallest|most|best|first|only)\s+in\s+$")


def _entity(s: Sentence, q: Quantity, k: int, ctx: Context, carry: Carry) -> tuple[str | None, str | None, bool]:
    """(entity id, name as written, stated in its sentence)."""
    ents = [t for t in s.tags if t.kind in ("place", "org") and _usable(s.text, t, ctx)]
    a, b = s.spans[k]
    before = [t for t in ents if a <= t.start and t.end <= q.start]
    after = [t for t in ents if a <= t.start < b and t.start >= q.end and _of_number(s.text[q.end : t.start])]
    if not before and not after:
        before = [
            t
            for t in ents
            if t.end <= q.start
            and _clause_of(s.spans, t.start) not in s.asides
            and not _RANK_IN_BEFORE.search(s.text[max(0, t.start - 30) : t.start])
        ]
    possessive = _unknown_possessive(s, q, k, ctx) or _other_possessive(s, q, k)
    pick = None
    if (
        after
        and (q.unit == "percent" or q.kind == "fraction")
        and regex(r"(?i)\s+of\s").match(s.text[q.end : q.end + 5])
    ):
        before = []  # "80% of the foreign capital used in Jiangxi": a share of Jiangxi's whole
    if before:
        pick = before[-1]
        if possessive and possessive[0] > pick.start:
            pick = None
    elif after:
        pick = after[0]
    if pick is not None:
        result = (_entity_of(pick), _entity_name(pick, s.text))
        carry.entity = result
        return result[0], result[1], True
    if possessive:
        carry.entity = (f"name:{_name_key(possessive[1])}", possessive[1])
        return carry.entity[0], carry.entity[1], True
    for t in s.label_tags:
        if t.kind in ("place", "org"):
            return _entity_of(t), _entity_name(t, s.label), True
    subject = _unknown_subject(s, q, ctx)
    if subject:
        return f"name:{_name_key(subject)}", subject, True
    if carry.entity is not None:
        return carry.entity[0], carry.entity[1], False
    if ctx.entity is not None:
        return ctx.entity[0], ctx.entity[1], False
    return None, None, False


def _usable(text: str, t: Tag, ctx: Context) -> bool:
    if _ATTRIBUTION.search(text[max(0, t.start - 30) : t.start]):
        return False  # "according to the IMF": who says it, not whom it is about
    if _VENUE_BEFORE.search(text[max(0, t.start - 30) : t.start]) or _EVENT_AFTER.match(text, t.end):
        return False  # "the Shenzhen conference", "held in Shenzhen": where, not whose
    if t.weak and _entity_of(t) not in ctx.known:
        return False
    if t.kind == "org" and organisations()[t.id].reporter:
        return False  # "Xinhua", "Bloomberg": who tells the figure, never whose it is
    return True


def _of_number(gap: str) -> bool:
    return bool(regex(r"(?i)\s*(?:[a-z-]+\s+){0,5}(?:in|of|for|by)\s+(?:the\s+)?").fullmatch(gap))


_VENUE_BEFORE = regex(
    r"(?i)(?:held|hosted|staged|convened|opened|took\s+place|taking\s+place|was\s+signed|were\s+signed)"
    r"\s+(?:in|at)\s+(?:the\s+)?$|(?:在|(?<![低高大小等当由对关属居])于)$"
)
_EVENT_AFTER = regex(
    r"(?i)(?:-based)?\s+(?:conference|forum|summit|expo|fair|meeting|talks|games|festival|exhibition|"
    r"symposium|congress|convention|event|ceremony)s?\b|(?:会议|论坛|博览会|峰会|大会|展会|交易会|推介会)"
)


_OTHER_OWNER = regex(
    r"(?i)\b(?:the|a|an|its|their|his|her|another)\s+(?:rival|neighbou?ring|competing|nearby|other)\s+"
    r"([a-z][a-z-]+(?:\s+[a-z][a-z-]+)?)(?:'s|’s)(?![A-Za-z])"
)


def _other_possessive(s: Sentence, q: Quantity, k: int) -> tuple[int, str] | None:
    """Someone else, unnamed, in a possessive before the number in its clause: "the rival
    port's exports", "a neighbouring county's output". Not the document's subject, whoever
    it is: its figures are not this number's."""
    a, _ = s.spans[k]
    found = None
    lo = max(0, a - 80)
    if s.text.find("'", lo, q.start) < 0 and s.text.find("’", lo, q.start) < 0:
        return None  # no apostrophe: no possessive to find
    for m in _OTHER_OWNER.finditer(s.text, lo, q.start):
        found = (m.start(), " ".join(m.group().split()[1:]).removesuffix("'s").removesuffix("’s"))
    return found


def _unknown_possessive(s: Sentence, q: Quantity, k: int, ctx: Context) -> tuple[int, str] | None:
    """A name verify does not know, in its possessive, before the number in its clause:
    "Samsung's revenue"."""
    a, _ = s.spans[k]
    for start, end, name in reversed(_names_before(s, q.start, ctx)):
        if start < a - 80:
            break
        if s.text[start:end].endswith(("'s", "’s")) and not any(t.start <= start < t.end for t in s.tags):
            return start, name
    return None


def _names_before(s: Sentence, end: int, ctx: Context) -> list[tuple[int, int, str]]:
    """The names of a sentence before `end` (`name_spans`), read once for each number."""
    found = s.names_before.get(end)
    if found is None:
        found = s.names_before[end] = name_spans(s.text[:end], ctx.names)
    return found


def _unknown_subject(s: Sentence, q: Quantity, ctx: Context) -> str | None:
    """A name the document uses again, opening the sentence as its subject, that verify
    does not know: "Contoso reported revenue of ..." is about Contoso."""
    spans = _names_before(s, q.start, ctx)
    if not spans:
        return None
    start, end, name = spans[0]
    if s.text[:start].strip(" \"'“‘(*•·-–—>#"):
        return None
    if any(t.start <= start < t.end for t in s.tags):
        return None
    if name not in ctx.names:
        return None
    return name


_OF_NAME = regex(r"\s+(?:in|from|of|at)\s+(?:the\s+|its\s+)?((?:[A-Z][A-Za-z]+|and|&)(?:\s+(?:[A-Z][A-Za-z]+|and|&))*)")


def _segment(
    s: Sentence, q: Quantity, k: int, phrase: tuple[int, int] | None, ctx: Context, entity: str | None
) -> str | None:
    """A part of the entity named right after its metric: "revenue in Productivity and
    Business Processes", "revenue from the Intelligent Cloud segment"."""
    if phrase is None:
        return None
    m = _OF_NAME.match(s.text[phrase[1] : q.start] if phrase[1] <= q.start else s.text[phrase[1] :])
    if not m:
        return None
    name = m.group(1).strip()
    if name.endswith(("and", "&")) or any(
        t.kind in ("place", "org") and t.start <= phrase[1] + m.start(1) < t.end for t in s.tags
    ):
        return None
    rest = s.text[phrase[1] + m.end(1) : phrase[1] + m.end(1) + 2]
    if rest in ("'s", "’s") or entity == f"name:{_name_key(name)}":
        return None  # "sales in Contoso's services unit": Contoso is whose they are, not a part of it
    return name.lower()


# ---- period -----------------------------------------------------------------------------------


def _period(s: Sentence, q: Quantity, k: int, ctx: Context, carry: Carry, change: str | None) -> Period | None:
    a, b = s.spans[k]
    # a base of comparison ("up 29% from a year ago") is no number's time; nor is a comparison
    # clause's period ("compared with $3.5 billion in 2014") any but its own numbers'
    # a change compares the main period with the base; "compared with a year before to 98,000": the level it came to
    inside = k in s.comparisons and change is None and not _TO.search(s.text[max(0, q.start - 16) : q.start])
    usable = [
        f for f in s.found if (not f.base or inside) and (_clause_of(s.spans, f.start) in s.comparisons) == inside
    ]
    about = _about(s, ctx, carry)
    right_after = [
        f
        for f in usable
        if f.start >= q.end
        and a <= f.start < b
        and regex(
            r"(?i)[\s,]*(?:in|for|by|as\s+of|at\s+the\s+end\s+of|by\s+the\s+end\s+of|end\s+of|in\s+the\s+year|during|over)?"
            r"\s*(?:the\s+)?(?:fiscal\s+)?"
        ).fullmatch(s.text[q.end : f.start])
    ]
    in_clause = sorted((f for f in usable if a <= f.start < b), key=lambda f: abs(f.start - q.start))
    in_sentence = sorted(usable, key=lambda f: (f.start > q.start, abs(f.start - q.start)))
    unplaced = False  # "last year" in a draft of no date: counted from a date it does not have
    for group in (right_after, in_clause, in_sentence):
        for f in group:
            if f.period is None and (f.relative or "").startswith(("date", "quarter:")) and not ctx.anchor:
                unplaced = True
            if (
                f.period is not None
                and f.period.grain == "instant"
                and f.period.last
                and f.period.last[5:] != "12-31"
                and not _stock(s, q)
            ):
                continue  # "to shareholders of record as of November 11": when, not what period
            p = f.resolve(about, ctx.anchor)
            if p is not None:
                p = p._replace(stated=True)
                if ctx.period is not None and p.first and (p.first, p.last) == (ctx.period.first, ctx.period.last):
                    p = ctx.period._replace(text=p.text, stated=True)  # the quarter ended then: FY20 Q2
                known = carry.period or ctx.period
                if (
                    p.grain == "quarter"
                    and p.year is None
                    and not p.first
                    and not p.shift
                    and known is not None
                    and known.grain == "quarter"
                    and known.index in (None, p.index)
                    and (known.year or known.first)
                ):
                    p = known._replace(text=p.text, index=p.index, stated=True)  # "the second quarter": the one named
                if p.grain not in ("span", "instant") and not inside:
                    # a moment ("by the end of 2024") dates its own sentence only; of a sentence's
                    # periods the latest is the one it speaks of ("X in 2023, Y in 2012")
                    if carry.said_in != s.text or carry.period is None or (p.end or 0) >= (carry.period.end or 0):
                        carry.period, carry.said_in = p, s.text
                return _end_of_span(s, q, p) if p.grain == "span" and change is None else p
    if unplaced:  # not the year an earlier sentence named: read as a claim of no period (the report says so)
        return ctx.period
    return _fallback_period(s, q, ctx, carry)


_QUARTERLY = regex(r"(?i)\bquarterly\b")


def _quarterly(s: Sentence, q: Quantity, p: Period | None) -> Period | None:
    """ "Quarterly increases of 4.5%, 6.3%, 4.9% and 5.2%" in a year: four numbers, one for
    each quarter in order; fewer or more are each some quarter of it, none the year's."""
    if p is None or p.grain != "year" or not p.year:
        return p
    quarterly = _QUARTERLY.search(s.text[: q.start])
    if quarterly is None:
        return p
    listed = [o for o in s.quantities if (o.unit, o.kind) == (q.unit, q.kind) and o.start >= quarterly.start()]
    if len(listed) == 4 and q in listed:
        return periods.quarter(p.year, listed.index(q) + 1, p.text)._replace(stated=p.stated)
    return Period(p.text, "quarters", p.year, None, None, None, stated=p.stated)


_SAME_PERIOD = regex(r"(?i)\b(?:the\s+same|that)\s+period\b|(?<![上去])同期")
_FROM_TO = regex(r"(?i)\bfrom\s*$|[从由]\s*$")
# "rose to X": X is where it ended, in the period spoken of (not "compared to X": a base)
_TO = regex(r"(?i)(?<!compared\s)(?<!relative\s)\bto\s*$|[到至]\s*$")


def _end_of_span(s: Sentence, q: Quantity, span: Period) -> Period:
    """ "Rose from X to Y between 2012 and 2023": X is 2012's, Y 2023's; a level over a
    span is at one of its ends."""
    before = s.text[max(0, q.start - 12) : q.start]
    if q.hedge_text and before.rstrip().endswith(q.hedge_text):
        before = before.rstrip()[: -len(q.hedge_text)]
    if _FROM_TO.search(before) and span.start:
        return periods.year_period(span.start, span.text)
    if _TO.search(before) and span.end:
        return periods.year_period(span.end, span.text)
    return span


def _fallback_period(s: Sentence, q: Quantity, ctx: Context, carry: Carry) -> Period | None:
    same = _SAME_PERIOD.search(s.text)
    if same and s.previous:
        years = [int(y) for y in regex(r"(?<!\d)(1[89]\d\d|20\d\d|21\d\d)(?!\d)").findall(s.previous)]
        if years and min(years) < max(years):
            span = Period(same.group(), "span", max(years), None, f"{min(years)}-01-01", f"{max(years)}-12-31")
            return _end_of_span(s, q, span)
        if years:
            return periods.year_period(years[0], same.group())
    for f in s.label_found:
        p = f.resolve(ctx.period, ctx.anchor)
        if p is not None:
            return p._replace(stated=True)
    if carry.period is not None:
        return carry.period._replace(stated=False)
    return ctx.period


def _about(s: Sentence, ctx: Context, carry: Carry) -> Period | None:
    """The period a sentence is about, for its relative expressions: the first it names
    outright (a quarter of no stated year being the one the text last dated), else its
    paragraph's, else its document's."""
    own = [f.period for f in s.found if f.period is not None and f.period.grain not in ("span",)]
    known = carry.period or ctx.period
    if own:
        p = own[0]
        if (
            p.grain == "quarter"
            and p.year is None
            and not p.first
            and known is not None
            and known.grain == "quarter"
            and known.index in (None, p.index)
            and (known.year or known.first)
        ):
            return known._replace(index=p.index)
        return p
    return known


def _stock(s: Sentence, q: Quantity) -> bool:
    concept = max((t for t in s.tags if t.kind == "concept" and t.end <= q.start), key=lambda t: t.start, default=None)
    c = concepts().get(concept.id) if concept else None
    return c is not None and c.kind == "stock"


# ---- change ---------------------------------------------------------------------------------------


def change_of(sentence: str, qs: int, qe: int, q: Quantity) -> str | None:
    """ "increase" or "decrease" when the number at `qs`:`qe` says how much something moved
    ("rose by 5%", "a 5% drop", "增长5%"), None when it says where it stood (data/language.toml
    [changes])."""
    if q.kind not in ("amount", "fraction"):
        return None
    before = sentence[:qs].rstrip()
    if q.hedge_text and before.lower().endswith(q.hedge_text.lower()):
        before = before[: len(before) - len(q.hedge_text)].rstrip()
    if len(before) > 80:  # the words just before the number are what can say it is a change
        cut = len(before) - 80
        space = before.find(" ", cut)
        before = before[space + 1 if 0 <= space < len(before) - 40 else cut :]
    words = before.lower().rsplit(None, 2)
    last = words[-1].lstrip(",—–(;:•·*0123456789") if words else ""
    could_verb = (
        last in _change_ends() or len(words) > 1 and words[-2] in ("a", "an") or before[-1:] in _change_ends()
    )  # the verb pattern is costly: only where a change verb can end
    could_of = before[-2:].lower() in ("of", "by")
    after = qe
    while after < len(sentence) and sentence[after].isspace():
        after += 1
    first = sentence[after : after + 1].lower()
    could_follow = first in _change_after_firsts() or not first.isascii()  # what the pattern after can open with
    for direction, pattern in _change_patterns():
        if (
            could_verb
            and pattern[0].search(before)
            or could_follow
            and pattern[1].match(sentence, qe)
            or could_of
            and pattern[2].search(before)
        ):
            return direction
    if before.endswith("+") or q.text.startswith("+"):
        return "increase"  # "Revenue: $36.9 billion, +14%"
    if q.text.startswith(("-", "−")) and q.unit == "percent" and regex(r"(?:^|[(:,])\s*$").search(before):
        return "decrease"
    if q.value < 0 and q.noun and not q.unit:
        return "decrease"  # "-54(万人)": a count of people or things is never below zero, so it fell
    return None


@cache
def _change_ends() -> frozenset[str]:
    """The words a change verb can end with ("rose", "by", "up"), and the last characters
    of Chinese ones (增长 -> 长, and 了)."""
    data = language()["changes"]
    verbs = [w.lower() for w in data["rise"] + data["fall"]]
    return frozenset(
        [w.split()[-1] for w in verbs if w.isascii()]
        + ["by", "at", "up", "down", "了"]
        + [w[-1] for w in verbs if not w.isascii()]
    )


@cache
def _change_after_firsts() -> frozenset[str]:
    """The characters (lowercased) the words after a change can open with, after blanks:
    a bracket, a dash, "year-over-year" and the like, or a noun of [changes] ("a 5% rise")."""
    data = language()["changes"]
    nouns = data["rise_nouns"] + data["fall_nouns"]
    return frozenset("(-") | {w[0] for w in _CHANGE_BASES} | {w[0].lower() for w in nouns}


# what a change may be measured against, between its number and its noun ("5% year-over-year growth")
_CHANGE_BASES = (
    r"year[\s-]over[\s-]year",
    r"year[\s-]on[\s-]year",
    "yoy",
    "y/y",
    r"quarter[\s-]over[\s-]quarter",
    "qoq",
    "sequential",
    "annual",
)


@cache
def _change_patterns() -> tuple[tuple[str, tuple[re.Pattern, re.Pattern, re.Pattern]], ...]:
    data = language()["changes"]
    out = []
    for direction, verbs, nouns in (
        ("increase", data["rise"], data["rise_nouns"]),
        ("decrease", data["fall"], data["fall_nouns"]),
    ):
        en = sorted((w for w in verbs if w.isascii() and w not in ("up", "down")), key=len, reverse=True)
        zh = sorted((w for w in verbs if not w.isascii()), key=len, reverse=True)
        updown = "up" if direction == "increase" else "down"
        alt = "|".join(re.escape(w) for w in en)
        verb = regex(
            rf"(?i)(?:\b(?:{alt})(?:\s+(?:by|at))?(?:\s+(?:a|an)\s+[a-z]+(?:-[a-z]+)*)?"
            rf"|(?:^|\b(?:is|was|were|are|been|be|being)|[,—–(;:•·*]\s*\d{{0,2}}|\band"
            rf"|(?<![\d%])\b(?!(?:made|make|makes|making|set|sets|give|gave|take|took|sum|sums|summed|end|ended|wind|wound|back|pick|picks)\b)[a-z]+)"
            rf"\s*{updown}(?:\s+by)?"
            rf"|(?:{'|'.join(map(re.escape, zh))})了?)\s*$"
        )
        noun_alt = "|".join(re.escape(w) for w in sorted(nouns, key=len, reverse=True))
        after = regex(
            rf"(?i)(?:\s+(?:{'|'.join(_CHANGE_BASES)})|\s*\([^()]{{1,12}}\)){{0,2}}\s*(?:-\s*)?(?:{noun_alt})\b"
        )
        of = regex(
            rf"(?i)\b(?:{noun_alt})s?\s+(?:rate\s+)?of\s*$"  # "a rise of 5%"; "a decline in X by 0.4 points"
            rf"|\b(?:{noun_alt})s?\s+in\s+(?:[\w'’-]+\s+){{1,8}}?by\s*$"
        )
        out.append((direction, (verb, after, of)))
    return tuple(out)
