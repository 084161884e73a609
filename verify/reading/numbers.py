"""How numbers are written, and read: digits ("1,674,200.5", "36,9", "1.3x10^6"), words
("two hundred and five", "a third", "nearly tripled"), Chinese numerals ("五千六百九十亿",
"3.5万", "三成"), ordinals and fractions. `grammar()` builds, once, the patterns that find
them in a text (and the spans where a number is no claim: addresses, dates, times, phone
and version numbers), from verify/data/language.toml; the `parse_*` functions give a
number's value. `verify.reading.quantities` finds quantities (a number with its unit,
scale and hedge) with them.
"""

import math
import re
from functools import cache
from typing import NamedTuple

from ..cache import regex
from ..knowledge.lexicon import language, trie

# ---- the patterns, built once from the data files ------------------------------------


class Grammar(NamedTuple):
    """The patterns and tables that read numbers, built once from language.toml (`grammar`)."""

    core: re.Pattern  # any number: digits, number words, Chinese numerals, fractions, percentages in 成/折
    latin: re.Pattern  # `core` without its Chinese alternatives (they match nothing in a text without `zh_needs`)
    zh_needs: re.Pattern  # the characters one of which every Chinese alternative needs
    number: re.Pattern  # the digits alternative of `core` alone
    scale_word: re.Pattern  # a scale or counting word after a number: "billion", "dozen"
    scale_glued: re.Pattern  # a scale glued to the digits: "5bn", "3.2tn"
    multiplier: re.Pattern  # a multiplier verb: "tripled", 翻番
    blocked: re.Pattern  # spans that hold no claim: addresses, dates, times, phone numbers, versions
    blocked_plain: re.Pattern  # the same for a text with no @ (no e-mail address), faster
    cardinals: dict  # number words -> value ("seven": 7)
    scales: dict  # scale words -> factor ("billion": 1e9)
    glued: dict  # scales written glued to digits -> factor ("bn": 1e9)
    ordinals: dict  # ordinal words -> value ("seventh": 7)
    fractions: dict  # fraction words -> value ("half": 0.5)
    multipliers: dict  # multiplier verbs -> factor ("tripled": 3)
    zh_digits: dict  # Chinese digits -> value (七: 7)
    zh_units: dict  # Chinese units within a section -> factor (百: 100)
    zh_sections: dict  # Chinese sections -> factor (万: 1e4, 亿: 1e8)
    classifiers: str  # Chinese classifiers: a number before one counts the noun after it (个, 项)
    months: frozenset  # month names: a number next to one is part of a date
    labels_before: re.Pattern  # a label before a number that makes it no claim ("No.", "Table")
    counting: dict  # counting words -> value ("dozen": 12)
    vulgar: dict  # vulgar fraction characters -> value (½: 0.5)
    formal: str  # Chinese formal numerals, ordinary characters in words when alone (陆, 拾)
    zh_percent_words: dict  # Chinese words that are percentages (半成: 5)
    zh_numerals: str  # every Chinese numeral character: digits, units, sections
    share_denominators: frozenset  # "1/4" is a share, "9/11" perhaps a date


MAX_NUMBER_WORDS = 40  # words a number spelled out takes at most ("nine hundred and ninety-nine trillion ...")
MAX_DIGITS = 64  # digits, points and commas a number written with a Chinese numeral has before it (5690亿)


def words_alt(words, *, fold: bool = True) -> str:
    """Words as one alternation that the engine walks as a trie ("s(?:even(?:teen)?|ix)"),
    longest first where one word starts another: a flat list of hundreds of words is
    tried word by word at every letter of a text. `fold`: the pattern ignores case, so
    the words are lowercased (two branches must never match the same letter)."""
    return trie({w.lower() if fold else w for w in words})


@cache
def grammar() -> Grammar:
    lang = language()
    cardinals = {k.lower(): float(v) for k, v in lang["cardinals"].items()}
    scales = {k.lower(): float(v) for k, v in lang["scales"].items()}
    glued = {k: float(v) for k, v in lang["scales_glued"].items()}
    ordinals = {k.lower(): float(v) for k, v in lang["ordinals"].items()}
    fractions = {k.lower(): float(v) for k, v in lang["fractions"].items()}
    multipliers = {k.lower(): float(v) for k, v in lang["multipliers"].items()}
    zh = lang["chinese"]
    numerals = "".join([*zh["digits"], *zh["units"], *zh["sections"]])  # every Chinese numeral character
    counting = {k.lower(): float(v) for k, v in lang["counting"].items()}
    vulgar = {k: float(v) for k, v in lang["vulgar_fractions"].items()}
    ordinal_forms = set(ordinals) | {o + "s" for o in ordinals}
    number_words = set(cardinals) | set(scales) | ordinal_forms | set(fractions) | set(counting)
    spoken = number_words | {"a", "an", "and", "point", "minus", "negative"}
    word = words_alt(spoken)
    # a number is read from the longest run of number words that is one: 40 words are more than
    # any number takes, and a run of thousands ("one one one ...") would be read again and again
    word_run = rf"(?<![A-Za-z\-])(?:{word})(?:(?:\s+|\s?-\s?)(?:{word})){{0,{MAX_NUMBER_WORDS - 1}}}(?![A-Za-z])"
    zh_chars = re.escape(numerals)
    unit_chars = "十拾百佰千仟万萬亿億兆"
    zh_digits = r"(?:[0-9]{1,3}(?:,[0-9]{3})++|[0-9]++)(?:\.[0-9]++)?"  # possessive: no backtracking
    zh_token = rf"(?:{zh_digits}|[{zh_chars}])"
    zh_run = (
        rf"(?=[-负負]?\s*(?:[0-9.,]{{0,{MAX_DIGITS}}}+[{zh_chars}多余几幾]|[0-9.,]{{1,{MAX_DIGITS}}}+\s+[十拾百佰千仟万萬亿億]))(?:-|[负負]\s*)?{zh_token}"
        rf"(?:{zh_token}|(?<![0-9.,])\s+(?=[{zh_chars}])|(?<=[{unit_chars}])\s+(?=[0-9]+\s*[十拾百佰千仟万萬亿億])|(?<=[0-9])\s*(?=[十拾百佰千仟万萬亿億])"
        rf"|\s*[点點]\s*(?=[0-9{zh_chars}])|\s*[多余几幾]\s*(?=[十百千万萬亿億]))*"
    )
    vf = "".join(vulgar)
    digits = (
        r"(?:\d{1,2}(?:,\d\d){1,8},\d{3}(?![\d,])"  # Indian grouping: 12,34,567
        # decimal comma: 36,9 billion, 1,51 dollars
        r"|(?<!\d,)\d{1,4},\d{1,2}(?![\d,]|\.\d)(?!\s*(?:and|or|&|to)\s+\d)"
        r"|\d{1,3}(?:,\d{3})+(?![\d])|\d{1,3}(?: \d{3})+(?![\d])|\d+)(?:\.\d+)?"
        r"(?:[eE][+-]?\d+(?![A-Za-z])|\s?[x×*]\s?10(?:\^[+-]?|(?=-\d))-?\d+(?![\d.]))?|\.\d+"
    )
    d1_chars = "零一二两兩三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖"
    d1 = rf"(?:[0-9]+(?:\.[0-9]+)?|十|[{d1_chars}])"
    d2 = r"[0-9一二三四五六七八九]"
    zh_pct = (
        rf"(?P<zhpct>半[成折]|[对對]折|{d1}(?:\s*(?:[点點.]\s*)?{d2})?\s*(?:成|折)"
        r"(?![为為立功本长長绩績交员員果就熟型像合算旧舊扣射叠疊腾騰磨服断斷返回线線不])"
        r"(?:\s*(?:半|[一二三四五六七八九](?![十百千万萬亿億0-9])))?)"
    )
    latin = (
        rf"(?P<vf>(?<![0-9.])\d*[{vf}])"
        rf"|(?P<ord>(?<![A-Za-z0-9.,])\d+(?:st|nd|rd|th)(?![A-Za-z]))"
        rf"|(?P<num>(?<![0-9.])(?:(?<![0-9],)|(?<=[0-9],)(?!\d{{3}}(?![0-9])))-?(?:{digits}))"
        rf"|(?P<word>(?i:{word_run}))"
    )
    # where a number can start, tried first: the engine would try every alternative at every
    # character of a text (at every letter of a word, where a number word starts only at a
    # word's start), and the search took 2-2.5 times as long. A digit, a vulgar fraction, a
    # sign or a point ("-5", ".5"), or a number word's first letter where a word starts
    # (`latin`); for `core` also what the Chinese alternatives start with: a numeral, 负,
    # 半 and 对 (半成, 对折). It only passes over places where no alternative could match.
    letters = "".join(sorted({re.escape(w.lower()[:1]) for w in spoken if w}))
    latin_starts = rf"[\d{vf}.\-]|(?<![A-Za-z\-])(?i:[{letters}])"
    core_starts = rf"[\d{vf}.\-{zh_chars}{d1_chars}十半对對负負]|(?<![A-Za-z\-])(?i:[{letters}])"
    core = regex(
        rf"(?={core_starts})(?:{zh_pct}"
        rf"|(?P<zh>(?:(?:{zh_run}|{zh_digits})\s*又\s*)?(?:[负負]\s*)?(?:{zh_run}|{zh_digits})\s*分\s*之\s*"
        rf"(?:[负負]\s*)?(?:{zh_run}|{zh_digits})|{zh_run})|{latin})"
    )
    # every character the Chinese alternatives need one of; a text with none is read by `latin` alone
    zh_needs = regex("[" + re.escape("".join(sorted(set(numerals + "负負成折半分之又点點多余几幾对對")))) + "]")
    number = regex(rf"(?P<num>(?<![0-9.])(?:(?<![0-9],)|(?<=[0-9],)(?!\d{{3}}(?![0-9])))-?(?:{digits}))")
    scale_word = regex(rf"(?i:[\s-]*({words_alt(set(scales) | set(counting))})(?![A-Za-z]))")
    scale_glued = regex(rf"(\s?)({words_alt(glued, fold=False)})(?![A-Za-z])")
    mult = words_alt(multipliers)
    multiplier = regex(rf"(?i)(?<![A-Za-z])(?:{mult})(?![A-Za-z])|翻了?(?:一|两|三)?番")
    months = frozenset(lang["months"])
    # URLs, e-mail: an address is read from where its word starts, up to its first @ (reading
    # any @ of the word as the address's costs time cubic in a hostile "a@a@a@...")
    address = r"(?<!\S)\S[^\s@]*@\S+\.\w+"
    web = r"https?://\S+|www\.\S+"
    others = (
        r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"  # dates
        r"|\b\d{1,2}:\d{2}(?::\d{2})?(?:\s?(?:am|pm|a\.m\.|p\.m\.))?"  # times
        r"|(?<![\d.])\d{1,2}(?:\.\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)(?![a-z])"
        r"|\+\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,4}"  # phone numbers
        r"|\(\d{2,4}\)\s?\d{3,4}[\s.-]?\d{3,4}|\b\d{3}[.-]\d{3,4}[.-]\d{4}\b"
        r"|(?:tel|phone|fax|call)[:.\s]*\+?[\d(][\d\s().-]{6,}\d"
        r"|\bv\d+(?:\.\d+)+\b|\b\d+\.\d+\.\d+(?:\.\d+)*\b"  # versions
        r"|\[\^?\d+\]"  # footnote labels
        r"|\b(?:19|20)\d{2}[-–/]\d{2}\b"  # fiscal years: 2013-14
    )
    blocked = regex(rf"(?i){web}|{address}|{others}")
    # a text with no @ has no address: the rest, each tried only where its first character
    # stands (the engine would try every alternative at every character; a third of the time)
    blocked_plain = regex(rf"(?i)(?=[\dhwtpfcv(+\[])(?:{web}|{others})")
    labels = words_alt(lang["not_claims"]["labels_before"])
    labels_before = regex(rf"(?i)(?<![A-Za-z])(?:{labels})\s*#?\s*$")
    return Grammar(
        core,
        regex(rf"(?={latin_starts})(?:{latin})"),
        zh_needs,
        number,
        scale_word,
        scale_glued,
        multiplier,
        blocked,
        blocked_plain,
        cardinals,
        scales,
        glued,
        ordinals,
        fractions,
        multipliers,
        {k: float(v) for k, v in zh["digits"].items()},
        {k: float(v) for k, v in zh["units"].items()},
        {k: float(v) for k, v in zh["sections"].items()},
        "".join(zh["classifiers"]),
        months,
        labels_before,
        counting,
        vulgar,
        zh["formal"],
        {k: float(v) for k, v in zh["percent_words"].items()},
        numerals,
        frozenset(lang["digit_fractions"]["denominators"]),
    )


# ---- reading the number itself ------------------------------------------------------


def parse_digits(s: str) -> float:
    """Digits as written: "1,674,200.5", "40 000", "1.3x10^6", "36,9" (a decimal comma:
    a comma that cannot group thousands)."""
    if regex(r"-?\d+,\d{1,2}").fullmatch(s):
        return float(s.replace(",", "."))
    s = s.replace(",", "").replace(" ", "")
    m = regex(r"(-?[\d.]+)[x×*]10\^?([+-]?\d+)").fullmatch(s)
    if m:
        return float(m.group(1)) * 10.0 ** int(m.group(2))
    return float(s)


def parse_zh_int(s: str, g: Grammar) -> float | None:
    """A Chinese integer, digits allowed: 四十五亿零四百零四万, 5万4千6百, 3.22万亿, 九万四, 四万万."""
    tokens = re.findall(rf"[0-9]+(?:\.[0-9]+)?|[{re.escape(g.zh_numerals)}]", s.replace(",", ""))
    if not tokens:
        return None
    digit_only = all(t in g.zh_digits for t in tokens)
    if digit_only and len(tokens) > 1:
        if len(tokens) >= 3 or any(t in "零〇○" for t in tokens):  # 二〇二三, 一九九一
            return float("".join(str(int(g.zh_digits[t])) for t in tokens))
        return None  # 两两, 九九: words, not numbers
    if len(tokens) > 2 and all(t in g.zh_digits and t not in "零〇○" for t in tokens[-2:]):
        return None  # 十四五, 二十三四: two numbers side by side (a name, or "23 or 24"), not one
    parts: list[tuple[float, float]] = []  # (value, section unit) of completed sections
    section = 0.0  # within the current section (below 万)
    number = 0.0  # the digit waiting for its unit
    last_unit = 0.0
    zero_before = False
    for t in tokens:
        if t[0].isdigit():
            number = float(t)
            last_unit = 0.0
        elif t in "零〇○" and t in g.zh_digits:
            zero_before = True
            continue
        elif t in g.zh_digits:
            number = g.zh_digits[t]
        elif t in g.zh_units:
            section += (number or 1.0) * g.zh_units[t]
            number = 0.0
            last_unit = g.zh_units[t]
        elif t in g.zh_sections:
            mult = g.zh_sections[t]
            pending = section + number + sum(v for v, u in parts if u <= mult)
            if pending == 0:
                return None
            parts = [(v, u) for v, u in parts if u > mult] + [(pending * mult, mult)]
            section = number = 0.0
            last_unit = mult
        zero_before = zero_before and t in "零〇○"
    if number and last_unit >= 100 and 0 < number < 10 and not tokens[-1][0].isdigit() and tokens[-2] not in "零〇○":
        number *= last_unit / 10  # 九万四 = 94000, 两百五 = 250
    total = sum(v for v, _ in parts) + section + number
    return total


def parse_zh(s: str, g: Grammar) -> float | None:
    s = regex(r"\s+").sub("", s).replace(",", "")
    if "又" in s:  # 3又一千分之23, 负一又二分之一
        whole, _, frac = s.partition("又")
        w, f = parse_zh(whole, g), parse_zh(frac, g)
        if w is None or f is None:
            return None
        return w - f if w < 0 else w + f
    neg = s[:1] in "-负負"
    s = s.lstrip("-负負")
    if "分之" in s:
        den, _, num = s.partition("分之")
        d = zh_denominator(den, g)
        n = parse_zh(num, g)
        if not d or n is None:
            return None
        return (-1 if neg else 1) * n / d
    s = s.replace("多", "").replace("余", "")
    if regex("[点點]").search(s):
        whole, _, frac = regex("([点點])").split(s, maxsplit=1)
        w = parse_zh_int(whole, g) if whole else 0.0
        digits = "".join(str(int(g.zh_digits[c])) if c in g.zh_digits else c for c in frac)
        m = regex(r"\d+").match(digits)
        if w is None or not m:
            return None
        rest = digits[m.end() :]
        value = w + float("0." + m.group())
        for c in rest:
            if c in g.zh_sections:
                value *= g.zh_sections[c]
            elif c in g.zh_units:
                value *= g.zh_units[c]
        return -value if neg else value
    v = parse_zh_int(s, g)
    return None if v is None else (-v if neg else v)


def zh_denominator(den: str, g: Grammar) -> float | None:
    """The X of X分之Y; a bare unit counts too (万分之三 is three ten-thousandths)."""
    if regex(r"[百佰千仟万萬亿億]+").fullmatch(den):
        return math.prod(g.zh_units.get(c) or g.zh_sections[c] for c in den)
    return parse_zh(den, g)


def parse_words(tokens: list[str], g: Grammar) -> tuple[float, str] | None:
    """Spelled-out numbers: 'forty-eight', 'five and a half million', 'two-fifths', 'sixth'."""
    toks = [t.lower() for t in tokens]
    neg = False
    if toks and toks[0] in ("minus", "negative"):
        neg, toks = True, toks[1:]
    if not toks:
        return None
    sign = -1.0 if neg else 1.0
    # "three and a half", "two hundred and fifty-four hundredths", "one million and a half"
    if "and" in toks[1:]:
        i = len(toks) - 1 - toks[::-1].index("and")
        left, right = toks[:i], toks[i + 1 :]
        scale = 1.0
        if right and right[-1] in g.scales and g.scales[right[-1]] >= 1e3:
            scale, right = g.scales[right[-1]], right[:-1]
        frac = parse_fraction(right, g) if right else None
        whole = parse_cardinal(left, g) if left else None
        if frac is not None and whole is not None:
            if scale != 1.0 and not any(t in g.scales for t in left):
                return sign * (whole + frac) * scale, "amount"  # "five and a half million"
            if scale == 1.0 and left[-1] in g.scales and g.scales[left[-1]] >= 1e6:
                scale = g.scales[left[-1]]  # "one million and a half"
            return sign * (whole + frac * scale), "amount"  # "one billion and three quarters million"
    last = toks[-1]
    ordinal = parse_ordinal(last, g)
    if (
        ordinal is not None
        and last not in g.cardinals
        and len(toks) == 1
        or (
            len(toks) == 2
            and toks[0] in g.cardinals
            and 20 <= g.cardinals[toks[0]] <= 90
            and ordinal is not None
            and ordinal < 10
            and last in g.ordinals
        )
    ):
        rank = ordinal if len(toks) == 1 else g.cardinals[toks[0]] + ordinal  # "twenty-third"
        return sign * rank, "ordinal"
    if len(toks) >= 2 and toks[-1] in g.scales and g.scales[toks[-1]] >= 1e3:
        head = toks[:-1]
        frac = parse_fraction(head, g) if head not in (["quarter"], ["half"]) else g.fractions[head[0]]
        if frac is not None:  # "a quarter million", "three quarters billion"
            return sign * frac * g.scales[toks[-1]], "amount"
    frac = parse_fraction(toks, g)
    if frac is not None:
        return sign * frac, "fraction"
    value = parse_cardinal(toks, g)
    if value is None:
        return None
    return sign * value, "amount"


def parse_ordinal(t: str, g: Grammar) -> float | None:
    if t in g.ordinals:
        return g.ordinals[t]
    if t.endswith("s") and t[:-1] in g.ordinals:
        return g.ordinals[t[:-1]]
    return None


def parse_fraction(toks: list[str], g: Grammar) -> float | None:
    """'a half', 'three quarters', 'two thirds', 'a fifth', 'fifty-four hundredths', 'one twenty-fifth'."""
    if not toks:
        return None
    last = toks[-1]
    if last in g.fractions:
        head = toks[:-1]
        if not head:
            return g.fractions[last] if last in ("half",) else None
        num = 1.0 if head in (["a"], ["an"], ["one"]) else parse_cardinal(head, g)
        return None if num is None else num * g.fractions[last]
    den = parse_ordinal(last, g)
    head = toks[:-1]
    compound = len(head) >= 1 and head[-1] in g.cardinals and 20 <= g.cardinals[head[-1]] <= 90
    if den is None or last in g.cardinals or (last in ("first", "firsts", "second", "seconds") and not compound):
        return None
    if compound and den < 10 and (len(head) >= 2 or last in ("first", "firsts", "second", "seconds")):
        den += g.cardinals[head[-1]]  # one twenty-fifth, a twenty-first
        head = head[:-1]
    if not head:
        return None
    num = 1.0 if head in (["a"], ["an"]) else parse_cardinal(head, g)
    return None if num is None else num / den


def parse_cardinal(toks: list[str], g: Grammar) -> float | None:
    """Spelled-out whole numbers; None for a run that is not one number ("three four")."""
    total = cur = prev_scale = 0.0
    seen = False
    last = ""  # the class of the previous number word: unit (0-9), teen (10-19), tens (20-90)
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < n else ""
        if t in g.cardinals:
            v = g.cardinals[t]
            kind = "unit" if v < 10 else "teen" if v < 20 else "tens"
            if last in ("unit", "teen") or (last == "tens" and kind != "unit"):
                return None  # "three four", "twenty thirty": two numbers, not one
            last = kind
            cur += v
            seen = True
            i += 1
            continue
        if t in ("a", "an"):
            if (nxt in g.scales or nxt in g.counting) and cur == 0:
                cur = 1.0
                seen = True
        elif t == "and":
            if nxt in ("a", "an") and i + 2 < n and toks[i + 2] == "half":
                cur += 0.5
                i += 3
                continue
        elif t == "half":
            cur += 0.5
            seen = True
            if nxt in ("a", "an"):
                i += 1
        elif t in g.counting:
            last = ""
            hundreds = cur - cur % 100 if cur >= 100 else 0.0
            cur = hundreds + ((cur - hundreds) or 1.0) * g.counting[t]
            seen = True
        elif t == "hundred":
            last = ""
            cur = (cur or 1.0) * 100
            seen = True
        elif t in g.scales:
            scale = g.scales[t]
            if cur == 0 and total and last == "scale" and scale > prev_scale:
                total *= scale  # "lakh crore", "thousand million": scales multiply
            else:
                total += (cur or 1.0) * scale
            last, prev_scale = "scale", scale
            cur = 0.0
            seen = True
        elif t == "point":
            digits, used = "", 0
            for d in toks[i + 1 :]:
                if d in g.cardinals and g.cardinals[d] < 10:
                    digits += str(int(g.cardinals[d]))
                    used += 1
                elif d in g.cardinals and used == 0:  # "point seventy-one", "point eleven"
                    tail = toks[i + 2 : i + 3]
                    value = g.cardinals[d] + (
                        g.cardinals[tail[0]]
                        if tail and tail[0] in g.cardinals and g.cardinals[tail[0]] < 10 and g.cardinals[d] >= 20
                        else 0
                    )
                    digits += str(int(value))
                    used += 1 + (value != g.cardinals[d])
                    break
                else:
                    break
            if not digits:
                return None
            cur += float("0." + digits)
            i += 1 + used
            continue
        else:
            return None
        i += 1
    return total + cur if seen else None


def step_of(value: float) -> float:
    """Precision of a written value: the size of its last significant digit (71200 -> 100)."""
    if value == 0 or not math.isfinite(value):
        return 1.0
    mantissa, _, exp = f"{abs(value):.12e}".partition("e")
    sig = len(mantissa.replace(".", "").rstrip("0")) or 1
    return 10.0 ** (int(exp) - sig + 1)
