"""Traditional Chinese read as simplified, one character for one.

``simplify(text)`` returns a string of the same length as ``text`` in which every
traditional character with a simplified form is replaced by it (進出口總額 →
进出口总额, 臺灣 → 台湾), so that drafts and sources written either way match, while
every character offset still points at the text as written. Characters with no
mapping (simplified Chinese, Latin letters, digits, punctuation) are left as they are.
A few hundred phrases convert differently from their characters (乾淨 → 干净 but
乾隆 stays 乾隆); they are applied longest first, left to right, in one pass, which is
how OpenCC converts.

The table, ``data/t2s.json``, is derived from OpenCC's dictionaries TSCharacters and
TSPhrases (OpenCC, https://github.com/BYVoid/OpenCC, Apache License 2.0; the file's
header records the version and the licence notice). ``scripts/build_t2s.py`` builds
it from the ``opencc`` package; verify never imports opencc. The table is read on the
first call that needs it, never at import.
"""

from __future__ import annotations

from functools import cache

from . import DATA as _DATA

# typing.TYPE_CHECKING without importing typing; type checkers read it as True
TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

    # (translation for str.translate, phrase → simplified phrase,
    #  first two characters → lengths of the phrases they start (longest first),
    #  finder of the phrases' first characters)
    Table = tuple[dict[int, str], dict[str, str], dict[str, tuple[int, ...]], re.Pattern[str]]

DATA = str(_DATA / "t2s.json")

# Every key of the table lies in these ranges (scripts/build_t2s.py asserts it):
# CJK Extension A and Unified Ideographs, Compatibility Ideographs, planes 2 and 3.
CJK = "[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]"


@cache
def _cjk() -> re.Pattern[str]:
    """Finds any CJK ideograph; compiled on first use (about 2 ms), not at import."""
    import re  # here, like json below, so that importing verify.knowledge.hanzi costs nothing

    return re.compile(CJK)


def phrase_lengths(phrases: dict[str, str]) -> dict[str, tuple[int, ...]]:
    """For the first two characters of each phrase (every phrase has two or more), the
    lengths of the phrases they start, longest first."""
    lengths: dict[str, set[int]] = {}
    for phrase in phrases:
        lengths.setdefault(phrase[:2], set()).add(len(phrase))
    return {prefix: tuple(sorted(ls, reverse=True)) for prefix, ls in lengths.items()}


@cache
def _table() -> Table:
    """data/t2s.json, read once and turned into what ``simplify`` needs."""
    import json
    import re

    with open(DATA, "rb") as f:
        data = json.load(f)
    phrases: dict[str, str] = data["phrases"]
    lengths = phrase_lengths(phrases)
    # str.maketrans turns {"長": "长"} into {0x9577: "长"} in C, faster than a comprehension
    chars = str.maketrans(data["chars"])
    # one character class of the phrases' first characters: finditer skips the rest in C
    starts = re.compile("[" + "".join(sorted({prefix[0] for prefix in lengths})) + "]")
    return chars, phrases, lengths, starts


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a CJK ideograph; O(1) for ASCII text."""
    # isascii() reads a flag CPython keeps on every string: no scan
    return not text.isascii() and _cjk().search(text) is not None


def phrase_spans(text: str, table: Table) -> list[tuple[int, int, str]]:
    """(start, end, simplified) of each phrase, longest first, left to right, no overlaps.

    At each position OpenCC takes the longest phrase starting there, else one
    character; a phrase found inside one already taken is skipped. Each position tries
    a few lengths (three at most in OpenCC 1.4.2) of at most 10 characters, so this is
    linear in ``text``."""
    _, phrases, lengths, starts = table
    spans: list[tuple[int, int, str]] = []
    end = 0  # end of the last phrase taken: candidates before it are inside it
    for m in starts.finditer(text):
        i = m.start()
        # a candidate inside the last phrase taken, or whose next character starts no phrase
        if i < end or (candidates := lengths.get(text[i : i + 2])) is None:
            continue
        for n in candidates:
            simplified = phrases.get(text[i : i + n])
            if simplified is not None:
                # not i + n: at the end of the text the slice can be shorter than n
                end = i + len(simplified)
                spans.append((i, end, simplified))
                break
    return spans


def splice(converted: str, spans: list[tuple[int, int, str]]) -> str:
    """``converted`` with each span's characters replaced by its simplified phrase."""
    if not spans:
        return converted
    pieces: list[str] = []
    last = 0
    for start, end, simplified in spans:
        pieces += (converted[last:start], simplified)
        last = end
    pieces.append(converted[last:])
    return "".join(pieces)


def simplify(text: str) -> str:
    """``text`` with traditional Chinese made simplified; same length, always.

    Returns ``text`` itself when it holds no CJK ideograph (every key of the table is
    one), without reading the table."""
    if not has_cjk(text):
        return text
    table = _table()
    # character by character in C, then the phrases, found in the text as written
    return splice(text.translate(table[0]), phrase_spans(text, table))


# ---- inline pinyin -------------------------------------------------------------------------

# a syllable in brackets right after a character, with a tone mark: 經(jīng)濟(jì)
PINYIN = (
    "\\(([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{0,6}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]"
    "[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{0,6})\\)"
)


def strip_pinyin(text: str) -> tuple[str, list[int] | None]:
    """``text`` without the pinyin some mirrored pages insert after characters
    (國(guó)內(nèi) → 國內), and, for each character kept, its offset in ``text`` (one more
    entry for the end of the text); None when there is none to strip (the usual case),
    so that offsets of the result are those of ``text``. A bracketed syllable counts only
    right after a Chinese character and only with a tone mark: "(GDP)" and "(km)" stay."""
    if not has_cjk(text) or "(" not in text:
        return text, None
    from ..cache import regex

    found = list(regex(CJK + PINYIN).finditer(text))  # a character, then its pinyin
    if not found:
        return text, None
    pieces: list[str] = []
    kept: list[int] = []
    last = 0
    for m in found:
        cut = m.start() + 1  # the character stays; its bracketed pinyin goes
        pieces.append(text[last:cut])
        kept.extend(range(last, cut))
        last = m.end()
    pieces.append(text[last:])
    kept.extend(range(last, len(text) + 1))
    return "".join(pieces), kept
