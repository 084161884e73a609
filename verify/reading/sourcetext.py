"""Reading a source document: its text prepared (HTML taken apart, page boilerplate
blanked out), its publication date and title found, and its figures read, ready to be
stored. Nothing here writes; `verify.store.ingest` writes what this reads, and the store reads
its documents again with it when a migration needs their figures anew.

A source is read like a draft (`verify.reading.document`, `verify.reading.claims`), with its
publication date resolving "last year". What is known about a document that it does
not say itself (title, publisher, date) can be passed in; otherwise the title is the
first line and the date is looked for in the text ("Updated: 2024-05-20", a
dateline). Page boilerplate (navigation, photo captions flagged as such; the patterns
are data, in data/boilerplate.toml) is blanked out before reading.

HTML is read in time linear in its length: every pattern below is bounded by the next
`<` or `>`, or looks for an element's end once (a page of 40,000 unclosed tags must
not take seconds).
"""

import hashlib
import math
import re
import tomllib
from collections.abc import Iterator
from datetime import date as calendar_date
from functools import cache
from html import unescape as html_unescape
from pathlib import Path
from typing import NamedTuple

from ..cache import regex
from ..errors import InputError, UsageError
from ..knowledge import data_text
from ..knowledge.lexicon import months
from ..models import Mention
from . import frames
from .claims import mentions
from .document import Document, parse


class Prepared(NamedTuple):
    """A document read and ready to be stored."""

    key: str  # the document across versions: its url, else its full path (or the name given over HTTP)
    path: str
    title: str
    publisher: str | None
    published: str | None
    author: str | None
    url: str | None
    text: str  # as given
    digest: str  # sha256 of `text`
    about: dict  # whom and what period the document is about, and the fiscal calendars it dates
    mentions: tuple[Mention, ...]  # its figures


_MONTHS = months()  # name or abbreviation -> number (language.toml [months])
_ISO = regex(r"\b(20\d{2}|19\d{2})-(\d{2})-(\d{2})\b")
_LONG = regex(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+(\d{1,2}),\s+(\d{4})"
)
_DROPPED = (
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "aside",
    "figcaption",
    "noscript",
    "form",
    "button",
    "svg",
    "template",
    "iframe",
    "select",
)  # elements whose whole content is page furniture
_DROP_OPEN = regex(r"(?i)<(" + "|".join(_DROPPED) + r")\b")
_DROP_CLOSE = regex(r"(?i)</(" + "|".join(_DROPPED) + r")\s*>")


def find_date(text: str) -> str | None:
    """The publication date a document states near its top, as YYYY-MM-DD."""
    head = text[:600]
    labelled = regex(r"(?i)(?:updated|published|issued|posted|date)\s*:?\s*(\d{4}-\d{2}-\d{2})").search(head)
    if labelled:
        return labelled.group(1)
    iso = _ISO.search(head)
    if iso:
        return iso.group()
    long = _LONG.search(head)
    if long:
        return f"{int(long.group(3)):04d}-{_MONTHS[long.group(1).lower()]:02d}-{int(long.group(2)):02d}"
    zh = _ZH_DATE.search(head)  # 发布时间：2024年3月20日
    if zh:
        year, month, day = (int(x) for x in zh.groups())
        try:
            return calendar_date(year, month, day).isoformat()
        except ValueError:  # a day the month does not have: no date
            return None
    return None


_ZH_DATE = regex(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]")


_OG_TITLE = regex(
    r"(?i)<meta\s[^<>]{0,200}?property\s*=\s*[\"']og:title[\"'][^<>]{0,40}?content\s*=\s*\"([^\"<>]{1,300})\""
)


def title_of(text: str, path: str) -> str:
    """A document's title: a web page's own (its `og:title`, which names the article without
    the site, else its `<title>` or first `<h1>`), else the first line that is neither
    a dateline nor boilerplate, else the file's name."""
    if is_html(path):
        og = _OG_TITLE.search(text, 0, text.find("</head>") if "</head>" in text else 20_000)
        if og and og.group(1).strip():
            return " ".join(html_unescape(og.group(1)).split())[:200]
        found = [e for e in (_element(text, "title"), _element(text, "h1")) if e]
        if found:
            inner = min(found)[1]
            return " ".join(_tags_blanked(inner).split())[:200] or Path(path).name
        return Path(path).name
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip()
        dateline = _DATELINE.match(line)
        line = line[dateline.end() :] if dateline else line
        if len(line) > 3 and not _is_boilerplate(line) and not _DATE_LINE.fullmatch(line):
            return line[:200]
    return Path(path).name


# a wire dateline before a story's first words, which is no part of a title: "SHENZHEN,
# China, April 2, 2025 /PRNewswire/ --", "BEIJING, May 20 (Xinhua) --", "LONDON (Reuters) -"
_DATELINE = regex(
    r"[A-Z][A-Z .'-]{1,40}(?:,\s*[A-Z][A-Za-z .'-]{1,40}){0,2}"
    r"(?:(?:,\s*[A-Z][a-z]+\.?\s+\d{1,2}(?:,\s*\d{4})?)\s*(?:/[^/\n]{1,40}/|\([^()\n]{1,40}\))?"
    r"|\s*(?:/[^/\n]{1,40}/|\([^()\n]{1,40}\)))"  # a date, or the wire's name: not "GDP - a primer"
    r"\s*(?:--|—|–|-)\s+(?=\S)"
)


# a line that only dates the document: "Updated: 2015-10-19", "31 October 2024", "PRESS RELEASE"
_DATE_LINE = regex(
    r"(?i)(?:(?:updated|published|posted|issued|date|press\s+release|news\s+release|for\s+immediate\s+release)"
    r"\s*:?\s*)*(?:\d{4}-\d{2}-\d{2}|\d{1,2}\s+[A-Za-z]+\s+\d{4}|[A-Za-z]+\.?\s+\d{1,2},\s+\d{4})?"
)


_BLOCK_TAG = regex(r"(?i)</?(?:p|div|br|h[1-6]|li|ul|ol|tr|td|th|table|section|article|title|blockquote)\b[^>]*>")


def is_html(path: str) -> bool:
    return path.lower().endswith((".html", ".htm"))


@cache
def _boilerplate() -> tuple[re.Pattern, ...]:
    data = tomllib.loads(data_text("boilerplate.toml"))
    return tuple(regex(p, re.I) for section in data.values() for p in section["patterns"])


def _is_boilerplate(line: str) -> bool:
    return not line.startswith("|") and any(p.fullmatch(line) for p in _boilerplate())


def _element(text: str, name: str) -> tuple[int, str] | None:
    """Where the first `<name ...>...</name>` starts and what it holds, as the pattern
    `(?is)<name[^>]*>(.*?)</name>` would find it, in linear time: if the first `<name`
    has no element after it, no later one has either."""
    opening = regex(rf"(?i)<{name}").search(text)
    if not opening:
        return None
    gt = text.find(">", opening.end())
    if gt < 0:
        return None
    closing = regex(rf"(?i)</{name}>").search(text, gt + 1)
    return (opening.start(), text[gt + 1 : closing.start()]) if closing else None


def _tags(text: str):
    """The matches of `<[^>]*>` in `text`, in linear time: a `<` with no `>` after it
    starts no tag, so the search stops at the last `>`."""
    return regex(r"<[^>]*>").finditer(text, 0, text.rfind(">") + 1)


def _tags_blanked(text: str) -> str:
    out, pos = [], 0
    for m in _tags(text):
        out += [text[pos : m.start()], " "]
        pos = m.end()
    return "".join(out) + text[pos:]


def _dropped(text: str):
    """The spans of the elements `_DROPPED` names, each from its opening tag to the first
    closing tag of its name after it (as `(?is)<(name)\\b.*?</\\1\\s*>` would find them),
    in linear time: the closing tags are found once, and each opening tag looks its own
    up (bisect) instead of scanning on to the end of the text."""
    from bisect import bisect_left

    closings: dict[str, list[tuple[int, int]]] = {}
    for close in _DROP_CLOSE.finditer(text):
        closings.setdefault(close.group(1).lower(), []).append((close.start(), close.end()))
    starts = {name: [c[0] for c in spans] for name, spans in closings.items()}
    pos = 0
    while True:
        m = _DROP_OPEN.search(text, pos)
        if not m:
            return
        name = m.group(1).lower()
        i = bisect_left(starts.get(name, ()), m.end())
        if i < len(starts.get(name, ())):
            end = closings[name][i][1]
            yield m.start(), end
            pos = end
        else:
            pos = m.start() + 1


def prepare(text: str, path: str) -> str:
    """Text to read figures from, the same length as `text` so that offsets hold: HTML
    loses its markup (a block-level tag ending its paragraph) and every line that is not
    its article (`verify.reading.webpage`), and lines of page boilerplate are blanked."""
    return _reading_text(text, path)[1]


def _reading_text(text: str, path: str) -> tuple[str, str]:
    """(the text with its markup blanked, the text `prepare` gives): for a page, the first
    still holds its lines outside the article (a dateline may stand there)."""
    if not is_html(path):
        return text, _without_boilerplate(text)
    unmarked = _unmarked(text)
    return unmarked, _without_boilerplate(_tabled(text, _article_only(text, unmarked)))


def _unmarked(html: str) -> str:
    """A page with its markup blanked (tags, the elements `_DROPPED` names, entities), a
    block-level tag ending its paragraph; same length."""
    chars = list(html)
    last = html.rfind(">") + 1  # a `[^>]*>` cannot end past the last `>`: stop there (linear time)
    spans = [
        *_dropped(html),
        *(m.span() for m in _tags(html)),
        *(m.span() for m in regex(r"&[a-z]+;|&#\d+;").finditer(html)),
    ]
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    for m in _BLOCK_TAG.finditer(html, 0, last):
        if m.end() - m.start() >= 2:
            chars[m.start()] = chars[m.start() + 1] = "\n"  # a paragraph break, same length
    return "".join(chars)


def _tabled(html: str, text: str) -> str:
    """`text` (a page's reading text, same length as `html`) with each of the page's tables
    written as a markdown table (`_as_markdown_table`)."""
    chars = list(text)
    for table in _TABLE.finditer(html):
        _as_markdown_table(html, table.start(), table.end(), chars)
    return "".join(chars)


_TABLE = regex(r"(?is)<table\b(?:(?!<table\b).){0,200000}?</table\s*>")  # no table inside it
_ROW = regex(r"(?i)<tr\b[^<>]*>|</tr\s*>|</table\s*>")
_CELL = regex(r"(?i)<t[dh]\b[^<>]*>")
_CELL_END = regex(r"(?i)</t[dh]\s*>")


def _as_markdown_table(html: str, start: int, end: int, chars: list[str]) -> None:
    """Write an HTML table, in `chars` (the page's reading text, same length), as a markdown
    table: each row one line `| cell | cell |`, its header row followed by a rule line, so
    that each cell is read with its row's and column's headers, as a draft's tables are
    (`verify.reading.document`). A row's bars stand at its cells' tags (its first at the
    last character of its first cell's tag, its last at its last cell's closing tag), and
    the rule line in what lies between the header row and the next. A table with no room
    for the rule, a single row or column, or rows of different widths is left as it was
    read: each cell a paragraph."""
    rows: list[tuple[int, int, list[int]]] = []  # (first bar, last bar, the bars between) of each row
    for row in _rows(html, start, end):
        r0, r1, tags = row
        if not tags:
            continue
        first = html.find(">", tags[0], r1)  # the first cell's tag ends here
        closing = [c.start() for c in _CELL_END.finditer(html, tags[-1], r1)]
        last = closing[-1] if closing else r1
        if first < 0 or last <= first:
            return
        rows.append((first, last, tags[1:]))
    widths = {len(bars) for _, _, bars in rows}
    if len(rows) < 2 or len(widths) != 1 or widths.pop() < 1:
        return
    n = len(rows[0][2]) + 1
    rule = "|" + "--|" * n
    if rows[1][0] - (rows[0][1] + 1) < len(rule) + 2:  # room between the header row and the next
        return
    for first, last, bars in rows:
        for i in range(first, last + 1):  # one line a row; a bar in a cell is no column
            if chars[i] == "\n":
                chars[i] = " "
            elif chars[i] == "|":
                chars[i] = "¦"
        for b in (first, *bars, last):
            chars[b] = "|"
    for (_, last, _), (nxt, _, _) in zip(rows, rows[1:]):
        for i in range(last + 1, nxt):
            chars[i] = " "
        chars[last + 1] = "\n"
    at = rows[0][1] + 2  # the rule line, after the header row's line end
    chars[at : at + len(rule)] = rule
    chars[at + len(rule)] = "\n"
    end_of_last = rows[-1][1] + 1
    if end_of_last < len(chars):
        chars[end_of_last] = "\n"


def _rows(html: str, start: int, end: int) -> Iterator[tuple[int, int, list[int]]]:
    """(start, end, cell tag offsets) of each row of the table at html[start:end]: a row
    ends at its </tr>, at the next <tr> or at </table>."""
    opened: int | None = None
    for m in _ROW.finditer(html, start, end):
        if opened is not None:
            yield opened, m.start(), [c.start() for c in _CELL.finditer(html, opened, m.start())]
        opened = m.end() if m.group()[:3].lower() == "<tr" else None


_NOT_NEWLINE = regex(r"[^\n]+")


def _article_only(html: str, unmarked: str) -> str:
    """`unmarked` with every line blanked that is not the page's article (navigation,
    related articles, banners, comments: `verify.reading.webpage`); as it is when the
    article cannot be told apart."""
    from . import webpage

    kept = webpage.article_lines(html, unmarked)
    if kept is None:
        return unmarked
    out, pos = [], 0
    for a, b in kept:  # in order; two lines of the article may lie on one line of the page
        a = max(a, pos)
        out += [_NOT_NEWLINE.sub(lambda m: " " * len(m.group()), unmarked[pos:a]), unmarked[a:b]]
        pos = max(pos, b)
    out.append(_NOT_NEWLINE.sub(lambda m: " " * len(m.group()), unmarked[pos:]))
    return "".join(out)


def _without_boilerplate(text: str) -> str:
    """`text` with the lines of page boilerplate (data/boilerplate.toml) blanked; same length."""
    chars = list(text)
    pos = 0
    for line in text.split("\n"):
        if line.strip() and _is_boilerplate(line.strip()):
            chars[pos : pos + len(line)] = " " * len(line)
        pos += len(line) + 1
    return "".join(chars)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read(
    text: str,
    *,
    path: str,
    key: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    published: str | None = None,
    author: str | None = None,
    url: str | None = None,
    strict: bool = True,
) -> Prepared:
    """Read a document's figures. It is known by its `url`, else by `key`, else by `path`
    (the name it is read under). `strict` refuses a document with no text, no figures, or
    a figure that is no finite number ("1e400" is read as infinity, which would agree with
    any claim it is compared with); not strict (a store migrated), such figures are kept
    as an older verify stored them, and checks judge nothing by them."""
    if strict and not text.strip():
        raise InputError("is empty", where=path, fix="give a document with text in it")
    unmarked, prepared = _reading_text(text, path)
    if is_html(path):  # the date from the page's metadata, else from its text, the article's or not
        from .webpage import published as page_date

        date = published or page_date(text) or find_date(prepared.lstrip()) or find_date(unmarked)
    else:
        date = published or find_date(prepared)
    if date and not regex(r"\d{4}-\d{2}-\d{2}").fullmatch(date):
        raise UsageError(f"date {date!r} is not YYYY-MM-DD", where=path, fix="write the date like 2024-05-20")
    title = title or title_of(text, path)
    doc = parse(prepared, path=path, indents=not is_html(path))
    ctx = frames.context(doc.visible, title=title, anchor=date)
    found = tuple(mentions(doc, date=date, title=title, context=ctx))
    if is_html(path):  # a block tag's end is read as a paragraph break: count lines in the page as written
        page = Document(path, text, text, line_starts=[])  # its lines and columns, as `position` counts them
        found = tuple(m._replace(line=at[0], column=at[1]) for m in found for at in [page.position(m.quantity.start)])
    if strict and not found:
        raise InputError(
            "has no figures: no number in it could be read",
            where=path,
            fix="check that it is the document you meant (verify reads figures from prose and tables)",
        )
    bad = next((m for m in found if not _finite(m.quantity)), None) if strict else None
    if bad is not None:
        raise InputError(
            f"figure {bad.quantity.text!r} is not a finite number (it is past the largest number verify can hold)",
            where=f"{path}:{bad.line}",
            fix="correct the number in the document, or remove it, and ingest it again",
        )
    about = {
        "entity": list(ctx.entity) if ctx.entity else None,
        "period": ctx.period.label if ctx.period else None,
        "calendars": [list(c) for c in ctx.calendars],
    }
    return Prepared(url or key or path, path, title, publisher, date, author, url, text, digest(text), about, found)


def _finite(q) -> bool:
    """A quantity whose value, precision and value in its dimension's base unit are all
    finite numbers."""
    from ..knowledge import units

    if not (math.isfinite(q.value) and math.isfinite(q.step)):
        return False
    try:
        norm = units.normalised(q)
    except Exception:  # a unit verify cannot convert: its value is judged, not this
        return True
    return norm is None or math.isfinite(norm)
