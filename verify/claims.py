"""Claims: the quantities of a document in their context.

For every quantity worth checking, `mentions(document, date)` gives the sentence it
stands in, the words that say what it is about (its subject), the proper names
near it (entities) and the period it refers to, resolved against the document's
date ("last year" in a text of 2024-05-20 is 2023). Drafts and sources are read
the same way: a claim in a draft and a figure in a source are both `Mention`s.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from .document import Block, Document
from .lexicon import language
from .models import Mention, Period, Quantity
from .quantities import TimeRef, scan

_SENTENCE_END = re.compile(r"(?<=[.!?。！？；;])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9\u4e00-\u9fff])|(?<=[。！？；])|\n")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*|[\u4e00-\u9fff]+")
_STOP = frozenset(
    """a an the of in on at to for from by with and or but as is are was were be been being has
    have had its it's their his her our this that these those it which who than then there
    here also about over under more less nearly almost around some up down into out per
    each all both such only just very same while during since until through across last between
    next this year years month week day said says according reached came come comes rose
    rise fell fall increased increase grew hit totalled totaled stood amounted worth equal
    equivalent up new total nearly approximately roughly percent yuan billion million
    trillion thousand hundred hit made make makes stand stands accounted accounting
    account now currently some hold holds held officials official
    climb grew grow surg jump drop declin fell rose ris increas decreas reach total stood
    post record regist amount soar plung doubl tripl end""".split()
)
_NOT_NAMES = frozenset(
    """The A An In On At To For From By With And Or But As It Its This That These Those There
    Here Last Next Over Under More Less Nearly Almost About Around Since During While When
    Where Per Each All Both Such Only Just Also He She We They I You Our Their His Her
    Currently Additionally However Meanwhile Official Data Through Both Riding Next Free
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split()
)
_RELATIVE = re.compile(
    r"(?i)\b(?:(last|this|next|previous|past)\s+year|a\s+year\s+(?:ago|earlier)|"
    r"(?:over|in|during)\s+the\s+(?:past|last)\s+(\w+)\s+years|since\s+(\d{4})|"
    r"(去年|今年|明年|前年))"
)
_SPAN = re.compile(
    r"(?i)\b(?:between|from)\s+(\d{4})\s+(?:and|to|through|until|till)\s+(\d{4})\b|"
    r"\b(\d{4})\s*(?:[-–—~]|to)\s*(\d{4})\b(?!\s*年)|(\d{4})\s*年?\s*(?:至|到|—|–|-|~)\s*(\d{4})\s*年"
)
CLAUSE_END = "|"  # in a subject, separates the number's own clause from the rest of its sentence
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10}


def mentions(doc: Document, *, date: str | None = None) -> list[Mention]:
    """The checkable quantities of a document, each with its context."""
    year = _year_of(date or doc.meta.get("date"))
    known = frozenset(n for b in doc.blocks for sentence in _sentences(doc.visible[b.start:b.end])
                      for n in names(sentence))
    out: list[Mention] = []
    for block in doc.blocks:
        out.extend(_block_mentions(doc, block, year, known))
    return out


def _year_of(value: str | None) -> int | None:
    if not value:
        return None
    m = re.match(r"\s*(\d{4})", str(value))
    return int(m.group(1)) if m else None


def _block_mentions(doc: Document, block: Block, year: int | None, known: frozenset[str]) -> list[Mention]:
    text = doc.visible[block.start:block.end]
    quantities, refs = scan(text)
    out = []
    for q in quantities:
        if not is_claim(q, text):
            continue
        s0, s1 = _sentence_span(text, q.start)
        sentence = text[s0:s1]
        others = [o for o in quantities if o is not q and s0 <= o.start < s1]
        previous = ""
        if s0 > 0 and _points_back(sentence):
            p0, p1 = _sentence_span(text, max(0, s0 - 2))
            previous = text[p0:p1]
        subject = subject_of(sentence, q.start - s0, q.end - s0, [(o.start - s0, o.end - s0) for o in others],
                             before=previous, known=known)
        context = block.context
        if context:
            subject = (_content(context) + " " + subject).strip()
        period = _period(text, sentence, s0, q, refs, year)
        if period is None and previous and _SAME_PERIOD.search(sentence):
            period = _years_of(previous)
        if period is None and context:
            period = _period_in(context, year)
        entities = names(context + " " + sentence if context else sentence, known)
        start = block.start + q.start
        line, col = doc.position(start)
        shifted = _shift(q, block.start)
        quote = " ".join(sentence.split())
        if context:
            quote = f"{context}: {quote}"
        quals = qualifiers(sentence, q.start - s0)
        moved = change(sentence, q.start - s0, q.end - s0, q)
        if moved:
            quals = tuple(sorted(quals + (moved,)))
        position = sum(1 for o in others if o.start < q.start and (o.unit, o.noun, o.kind) == (q.unit, q.noun, q.kind))
        out.append(Mention(shifted, quote, subject, entities, period, quals, position, line, col))
    return out


def _shift(q: Quantity, offset: int) -> Quantity:
    return replace(q, start=q.start + offset, end=q.end + offset)


def is_claim(q: Quantity, text: str) -> bool:
    """Is this quantity a statement of fact worth checking?"""
    if _quoted_name(q, text):
        return False
    if q.kind in ("ordinal", "multiplier", "fraction"):
        return True
    if q.unit or q.noun:
        if q.lang == "en" and q.noun and not q.unit and q.value <= 10 and not any(c.isdigit() for c in q.text):
            # "the two regions", "one of the largest": words, not figures
            return not re.search(r"(?i)\b(?:the|these|those|its|their|both)\s+$", text[max(0, q.start - 8):q.start])
        return True
    # a bare number: only digits count ("a population of 4,500,000"), not "one" or "二"
    return any(c.isdigit() for c in q.text) and q.value >= 10


def _quoted_name(q: Quantity, text: str) -> bool:
    """A number word at the end of a short quoted phrase names something: the "new three"
    products, the "Big Four"; it is no count."""
    if any(c.isdigit() for c in q.text) or q.end >= len(text) or text[q.end] not in "\"”’'」":
        return False
    opening = max(text.rfind(c, 0, q.start) for c in "\"“‘「")
    return opening >= 0 and 0 < q.start - opening <= 30 and "\n" not in text[opening:q.start] \
        and bool(re.search(r"\w", text[opening + 1:q.start]))


def change(sentence: str, qs: int, qe: int, q: Quantity) -> str | None:
    """"increase" or "decrease" when the number at `qs`:`qe` says how much something moved
    ("rose by 5%", "a 5% drop", "增长5%"), None when it says where it stood (data/language.toml
    [changes])."""
    if q.kind not in ("amount", "fraction"):
        return None
    before = sentence[:qs].rstrip()
    if q.hedge_text and before.lower().endswith(q.hedge_text.lower()):
        before = before[:len(before) - len(q.hedge_text)].rstrip()
    for direction, pattern in _change_patterns():
        if pattern[0].search(before) or pattern[1].match(sentence, qe) or pattern[2].search(before):
            return direction
    return None


@cache
def _change_patterns() -> tuple[tuple[str, tuple[re.Pattern, re.Pattern, re.Pattern]], ...]:
    data = language()["changes"]
    out = []
    for direction, verbs, nouns in (("increase", data["rise"], data["rise_nouns"]),
                                    ("decrease", data["fall"], data["fall_nouns"])):
        en = sorted((w for w in verbs if w.isascii() and w not in ("up", "down")), key=len, reverse=True)
        zh = sorted((w for w in verbs if not w.isascii()), key=len, reverse=True)
        updown = "up" if direction == "increase" else "down"
        alt = "|".join(re.escape(w) for w in en)
        verb = re.compile(
            rf"(?i)(?:\b(?:{alt})(?:\s+by)?|(?:^|\b(?:is|was|were|are|been|be|being)|[,—–])\s*{updown}(?:\s+by)?"
            rf"|(?:{'|'.join(map(re.escape, zh))})了?)\s*$")
        noun_alt = "|".join(re.escape(w) for w in sorted(nouns, key=len, reverse=True))
        after = re.compile(rf"(?i)\s*(?:-\s*)?(?:{noun_alt})\b")
        of = re.compile(rf"(?i)\b(?:{noun_alt})s?\s+of\s*$")
        out.append((direction, (verb, after, of)))
    return tuple(out)


def _bigrams(run: str) -> list[tuple[int, str]]:
    """Overlapping character pairs of a run of Chinese, without function characters,
    place names (those are entities) and change words (a change is a qualifier):
    地区生产总值 -> 地区 区生 生产 产总 总值."""
    stop = language()["chinese_text"]["function_chars"]
    masked = run
    for word in _masked_words():
        masked = masked.replace(word, " " * len(word))
    return [(i, masked[i:i + 2]) for i in range(len(masked) - 1)
            if " " not in masked[i:i + 2] and not any(c in stop for c in masked[i:i + 2])]


@cache
def _masked_words() -> tuple[str, ...]:
    """Places (they are entities) and Chinese change words (增长/下降 say how it moved, not what)."""
    changes = language()["changes"]
    moves = [w for w in changes["rise"] + changes["fall"] if not w.isascii() and len(w) > 1]
    return tuple(language()["chinese_text"]["provinces"]) + tuple(moves)


def _sentences(text: str) -> list[str]:
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        out.append(text[start:m.start()])
        start = m.end()
    out.append(text[start:])
    return out


def _sentence_span(text: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() <= pos:
            start = m.end()
        else:
            return start, m.start()
    return start, len(text)


def _content(text: str) -> str:
    return " ".join(w for w in (stem(t) for t in _WORD.findall(text)) if w and w not in _STOP)


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
        return w[:-2]  # losses -> loss, taxes -> tax
    if len(w) > 5 and w.endswith("ing"):
        return w[:-3]
    if len(w) > 4 and w.endswith("ed"):
        return w[:-2] if not w.endswith("eed") else w
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def subject_of(sentence: str, qs: int, qe: int, others: list[tuple[int, int]], *,
               before: str = "", known: frozenset[str] = frozenset()) -> str:
    """The words that say what a number is about: the content words of its sentence,
    those of its own clause first, nearest first; then those of `before` (the previous
    sentence, given when this one points back to it: "these funds").

    Left out: names (the entity check weighs them) and possessive owners ("the
    province's GDP" is about GDP)."""
    masked = list(sentence)
    for a, b in others + [(qs, qe)]:
        for i in range(a, b):
            masked[i] = " "
    masked_s = "".join(masked)
    spans = name_spans(sentence, known)
    skip = {n.lower() for _, _, n in spans}
    words = []
    for m in _WORD.finditer(masked_s):
        raw = m.group()
        if raw.endswith(("'s", "’s")) or any(a <= m.start() < b for a, b, _ in spans):
            continue
        if not raw.isascii():
            words.extend((m.start() + i, bg) for i, bg in _bigrams(raw))
            continue
        w = stem(raw)
        if w and w not in _STOP and raw.lower() not in _STOP:
            words.append((m.start(), w))
    # the words of the number's own clause come first, nearest first; then the rest
    bounds = [m.start() for m in re.finditer(r"[,;:，；：]", masked_s)]
    lo = max((b for b in bounds if b < qs), default=-1)
    hi = min((b for b in bounds if b >= qe), default=len(masked_s))
    near = sorted(words, key=lambda pw: (not lo < pw[0] < hi, abs(pw[0] - qs)))
    inside = sum(lo < p < hi for p, _ in near)
    ordered = [w for _, w in near[:inside]] + [CLAUSE_END] + [w for _, w in near[inside:]]
    if before:
        for w in _WORD.findall(before):
            if not w.isascii():
                ordered += [bg for _, bg in _bigrams(w)]
            elif stem(w) not in _STOP and w.lower() not in _STOP and w.lower() not in skip:
                ordered.append(stem(w))
    seen: list[str] = []
    for w in ordered:
        if w not in seen:
            seen.append(w)
    return " ".join(seen)


def clause_words(subject: str) -> set[str]:
    """The words of a subject that stand in the number's own clause."""
    return set(subject.partition(CLAUSE_END)[0].split())


def qualifiers(sentence: str, qs: int) -> tuple[str, ...]:
    """The metric modifiers (data/language.toml) that apply to the number at `qs`.

    "an average of 70 hours" qualifies only that number; elsewhere a modifier in the
    sentence ("per capita GDP rose from ... to ...") qualifies every number in it."""
    own = re.compile(r"(?i)\b(?:an?|the)\s+(\w+(?:\s\w+)?)\s+of\s+$")
    kept = []
    for m in re.finditer(r"(?i)\b(?:an?|the)\s+(average|mean|median)\s+of\s+", sentence):
        if m.end() == qs or own.search(sentence[:qs]) and m.end() == qs:
            kept.append(m.group(1).lower())
    cleaned = re.sub(r"(?i)\b(?:an?|the)\s+(?:average|mean|median)\s+of\s+", " ", sentence)
    low = cleaned.lower()
    found = {w for w in language()["metric_modifiers"]["words"] if w in low}
    return tuple(sorted(found | set(kept)))


def _points_back(sentence: str) -> bool:
    low = " " + sentence.lower() + " "
    return any(f" {w} " in low or (not w.isascii() and w in low) for w in language()["anaphora"]["words"])


_NAME = re.compile(r"(?<![A-Za-z])(?:[A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)*|[A-Z]{5,})(?:['’]s)?(?![A-Za-z])")


def name_spans(sentence: str, known: frozenset[str] = frozenset()) -> list[tuple[int, int, str]]:
    """(start, end, name) of each proper name in a sentence: capitalised words that are
    not sentence furniture. A capitalised word opening a sentence is a name only when
    it is possessive ("Zhejiang's"), runs on into another name ("Riverton Water"), or is
    `known` as a name from elsewhere in the document."""
    found = []
    for m in _NAME.finditer(sentence):
        word = m.group()
        possessive = word.endswith(("'s", "’s"))
        if possessive:
            word = word[:-2]
        if word.isupper():
            word = word.capitalize()
        if word in _NOT_NAMES or len(word) < 2:
            continue
        opening = not sentence[:m.start()].strip(" \"'“‘(")
        if opening and not possessive and word not in known and not re.match(r"\s+[A-Z][a-z]", sentence[m.end():]):
            continue
        found.append((m.start(), m.end(), word))
    return found


_CITY = re.compile(r"([\u4e00-\u9fff]{2})市")


def names(sentence: str, known: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The proper names of a sentence, each once, in order (Chinese places included)."""
    out: list[str] = []
    if not sentence.isascii():
        found = [(sentence.find(p), p) for p in language()["chinese_text"]["provinces"] if p in sentence]
        found += [(m.start(), m.group(1)) for m in _CITY.finditer(sentence) if m.group(1)[0] not in "全本该各"]
        for _, place in sorted(found):
            if place not in out:
                out.append(place)
    for _, _, w in name_spans(sentence, known):
        if w not in out:
            out.append(w)
    return tuple(out)


def _period(text: str, sentence: str, s0: int, q: Quantity, refs: list[TimeRef], year: int | None) -> Period | None:
    """The period a quantity refers to: a year right after it ("in 2012"), else the
    nearest year or relative phrase ("last year") in its sentence."""
    in_sentence = [r for r in refs if s0 <= r.start < s0 + len(sentence) and r.year]
    after = [r for r in in_sentence if r.start >= q.end and re.fullmatch(
        r"(?i)[\s,]*(?:in|for|by|as of|at the end of|by the end of|end of|in the year|during)?\s*(?:fiscal\s+)?",
        text[q.end:r.start])]
    if after:
        r = after[0]
        span = _SPAN.match(text, r.start)  # "in 2012-2023"
        if span:
            a, b = (int(y) for y in span.groups() if y)
            if a < b:
                return Period(a, b, span.group().strip())
        return Period(r.year, r.year, text[q.end:r.end].strip(" ,"))
    span = _SPAN.search(sentence)
    if span:
        a, b = (int(y) for y in span.groups() if y)
        if a < b:
            return Period(a, b, span.group().strip())
    rel = _relative(sentence, year)
    candidates = [(abs(r.start - q.start), Period(r.year, r.year, r.text)) for r in in_sentence]
    if rel:
        candidates.append((abs(rel[0] + s0 - q.start), rel[1]))
    if not candidates:
        return None
    since = re.search(r"(?i)\bsince\s+(?:the\s+)?(?:\w+\s+){0,6}?(?:in\s+)?(\d{4})", sentence)
    if since and year:
        return Period(int(since.group(1)), year, since.group().strip())
    return min(candidates, key=lambda c: c[0])[1]


def _relative(sentence: str, year: int | None) -> tuple[int, Period] | None:
    if year is None:
        return None
    m = _RELATIVE.search(sentence)
    if not m:
        return None
    word, span, since, zh = m.group(1), m.group(2), m.group(3), m.group(4)
    if zh:
        offset = {"去年": -1, "今年": 0, "明年": 1, "前年": -2}[zh]
        return m.start(), Period(year + offset, year + offset, zh)
    if word:
        offset = {"last": -1, "previous": -1, "past": -1, "this": 0, "next": 1}[word.lower()]
        return m.start(), Period(year + offset, year + offset, m.group())
    if span:
        n = _NUMBER_WORDS.get(span.lower()) or (int(span) if span.isdigit() else None)
        if n:
            return m.start(), Period(year - n, year - 1, m.group())
        return None
    if since:
        return m.start(), Period(int(since), year, m.group())
    return m.start(), Period(year - 1, year - 1, m.group())


_SAME_PERIOD = re.compile(r"(?i)\b(?:the\s+same|that)\s+period\b|同期")


def _years_of(sentence: str) -> Period | None:
    """The years a sentence spans ("from 1.28 trillion yuan in 2012 to 3.22 trillion yuan in
    2023" spans 2012-2023): what "during the same period" in the next one refers to."""
    years = [int(y) for y in re.findall(r"(?<!\d)(1[89]\d{2}|20\d{2}|21\d{2})(?!\d)", sentence)]
    return Period(min(years), max(years), "the same period") if years else None


def _period_in(context: str, year: int | None) -> Period | None:
    m = re.search(r"\b(1[0-9]{3}|20[0-9]{2}|21[0-9]{2})\b", context)
    if m:
        y = int(m.group(1))
        return Period(y, y, m.group(1))
    rel = _relative(context, year)
    return rel[1] if rel else None
