"""Reading a document: markdown or plain text, keeping every character's position.

`read(path)` and `parse(text)` return a `Document` whose `visible` text has the same
length as the original, with what is not prose blanked out: front matter, fenced
and inline code, HTML comments, URLs and link targets, list and heading numbering,
footnote labels. Offsets found in `visible` are therefore offsets into the file.
Markdown tables become one `Block` per cell, carrying the row and column headers
that say what the cell's number is about.
"""

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import NamedTuple

from ..cache import regex
from ..errors import InputError, UsageError


class Block(NamedTuple):
    """A stretch of prose, or one table cell, in the document."""

    start: int  # offset of the first character
    end: int  # offset just past the last character
    context: str = ""  # for a table cell: "row header column header"; else empty


class Control(NamedTuple):
    """An in-document control: `<!-- verify-ignore-next-line: REASON -->`, `<!-- verify off -->`,
    `<!-- verify on -->`. Offsets are those of the comment; `target` is the line a
    next-line control applies to (the next line that is not blank)."""

    kind: str  # next-line | off | on
    reason: str | None
    start: int
    end: int
    line: int
    target: int = 0


@dataclass(frozen=True, slots=True)
class Document:
    path: str  # where it was read from, as given ("-" for stdin)
    text: str  # the text as read (newlines normalised to \n)
    visible: str  # `text` with non-prose blanked to spaces; same length
    meta: dict = field(default_factory=dict)  # front matter: title, date, ...
    blocks: tuple[Block, ...] = ()  # prose stretches and table cells, in order
    controls: tuple[Control, ...] = ()  # verify's own HTML comments, in order
    line_starts: list[int] = field(
        default_factory=list, repr=False, compare=False
    )  # each line's first offset (made on first use)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns count characters. The
        offsets where lines start are found once, so a position costs the same at the end
        of a long text as at its start."""
        return _position(self.line_starts, self.text, offset)


def _position(starts: list[int], text: str, offset: int) -> tuple[int, int]:
    if not starts:
        starts.extend(_line_starts(text))
    line = bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


_NEWLINE = regex(r"\n")


def _line_starts(text: str) -> list[int]:
    """The offset of the first character of each line of `text` (0 for the first)."""
    return [0, *(m.end() for m in _NEWLINE.finditer(text))]


DRAFT_SUFFIXES = (".md", ".markdown", ".txt")  # the files of a folder that are drafts


def draft_paths(args: Iterable[str]) -> list[str]:
    """The drafts each argument names, in the order given, each path once: a file as it is,
    a folder's drafts (files ending in DRAFT_SUFFIXES, hidden ones left out, sorted), a
    glob's matches (sorted); "-" (standard input) as it is. A folder with no drafts, or a
    pattern that matches no file, is a UsageError."""
    import glob

    paths: list[str] = []
    for arg in args:
        p = Path(arg)
        if arg == "-":
            paths.append(arg)
        elif p.is_dir():
            found = sorted(
                str(f)
                for f in p.rglob("*")
                if f.suffix.lower() in DRAFT_SUFFIXES
                and f.is_file()
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:
                raise UsageError(
                    "holds no drafts", where=arg, fix=f"give a folder with {', '.join(DRAFT_SUFFIXES)} files"
                )
            paths += found
        elif not p.exists() and any(c in arg for c in "*?["):
            found = sorted(f for f in glob.glob(arg, recursive=True) if Path(f).is_file())
            if not found:
                raise UsageError(
                    "matches no file", where=arg, fix="check the pattern, or quote it so verify expands it"
                )
            paths += found
        else:
            paths.append(arg)
    out, seen = [], set()
    for path in paths:
        if path == "-" or path not in seen:
            seen.add(path)
            out.append(path)
    return out


def read(path: str | Path) -> Document:
    """Read a draft or source file. Raises InputError if it is not readable text."""
    return parse(read_text(path), path=str(path))


def read_text(path: str | Path) -> str:
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", where=str(path), fix="check the path") from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", where=str(path), fix="name a markdown or text file") from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", where=str(path), fix="check its permissions") from None
    return decode(data, where=str(path))


def decode(data: bytes | str, *, where: str) -> str:
    """A draft or source as text, one way for every door (the CLI's files and stdin, the
    server's JSON strings): UTF-8, or UTF-16 or UTF-32 with a byte-order mark; a leading
    BOM dropped; line ends (CRLF, CR) as \\n. Raises InputError for binary data or bytes
    that are not text in those encodings."""
    if isinstance(data, str):
        text = data.removeprefix("\ufeff")
    else:
        boms = (
            (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
            (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
            (b"\xff\xfe", "utf-16-le", "UTF-16"),
            (b"\xfe\xff", "utf-16-be", "UTF-16"),
        )  # UTF-32 LE's first
        bom, encoding, name = next((x for x in boms if data.startswith(x[0])), (b"", "utf-8-sig", "UTF-8"))
        if not bom and b"\x00" in data[:8192]:
            raise InputError("is not text (binary data)", where=where, fix="give a markdown, text or HTML file")
        try:
            text = data[len(bom) :].decode(encoding)
        except UnicodeDecodeError as exc:
            what = f"UTF-8 or {name}" if bom else name  # a byte-order mark: it looked like the latter
            raise InputError(
                f"is not {what} text (byte {exc.start + len(bom)})", where=where, fix="save it as UTF-8"
            ) from None
        if "\x00" in text[:8192]:
            raise InputError("is not text (binary data)", where=where, fix="give a markdown, text or HTML file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


_FRONT = regex(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
# Every pattern reads a text in time linear in its length (a fence's opening run of backticks
# is taken whole, possessively: a line of 50,000 backticks was tried at every shorter length).
_FENCE = regex(r"^([ \t]*)(`{3,}+|~{3,}+)[^\n]*\n.*?(?:^\1?\2[ \t]*$|\Z)", re.S | re.M)
_COMMENT = regex(r"<!--.*?(?:-->|\Z)", re.S)
_TICKS = regex(r"`+")
_LINK_TARGET = regex(r"(?<=\])\((?:[^()\s]|\([^()]*\))+(?:\s+\"[^\"]*\")?\)|(?<=\]):\s*\S+")
# "<a@b.c>": an address in angle brackets, read from its first @ (reading any of its @ as
# the address's was quadratic in a hostile "<a@a@a@...")
_URL = regex(r"<?(?:https?://|www\.|mailto:)[^\s<>)\]]+>?|<[^\s<>][^\s<>@]*@[^\s<>]+>")


def is_web_address(url: str) -> bool:
    """Is `url` an http or https address with a host (the only kind verify links to or
    takes as a source's or a review page's address)?"""
    from urllib.parse import urlsplit

    url = url.strip()
    if not url or any(c.isspace() for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


@cache
def _bare_address() -> re.Pattern:
    """A web address without a scheme ("example.com/page?x=%0A"): up to five labels, the
    last a top-level domain of language.toml's [web_domains], and the path after it. It
    starts only where no letter, digit, dot or hyphen stands before it, and its labels are
    bounded, so a run of "a.a.a..." costs one bounded try, not one per position."""
    from ..knowledge.lexicon import language

    tlds = "|".join(sorted(language()["web_domains"]["top_level"], key=len, reverse=True))
    return regex(
        r"(?<![\w.@-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,5}(?:"
        + tlds
        + r")(?![\w-])(?:[/?#][^\s<>)\]]*)?"
    )


# a link reference definition, `[label]: url "title"`: it is never shown (a footnote's, `[^1]:`, is)
_REFERENCE = regex(
    r"^[ ]{0,3}\[(?!\^)[^\]\n]{1,999}\]:[ \t]*\n?[ \t]*\S+"  # its address may stand on the next line,
    r"(?:(?:[ \t]+|[ \t]*\n[ \t]*)(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*$",  # and its title on the one after
    re.M,
)
_INDENTED = regex(r"^(?: {4}|[ ]{0,3}\t)[^\n]*\S[^\n]*$", re.M)  # a line indented as code is
_LIST_ITEM = regex(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_HTML_TAG = regex(r"</?[A-Za-z][^<>\n]*>")
_LIST_NUMBER = regex(r"^[ \t]*(\d{1,3}[.)])[ \t]+", re.M)
_HEADING = regex(r"^[ \t]*#{1,6}[ \t]+(?:\d+(?:\.\d+)*[.)]?[ \t]+)?", re.M)
_TABLE_LINE = regex(r"^[ \t]*\|.*\|[ \t]*$", re.M)
_TABLE_RULE = regex(r"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")


def parse(text: str, *, path: str = "<text>") -> Document:
    """Split markdown into prose blocks and table cells, blanking what is not prose. Each
    kind of non-prose is looked for in the text as the kinds before it left it."""
    meta: dict = {}
    current = text
    fm = _FRONT.match(text)
    if fm:
        meta = front_matter(fm.group(1))
        current = _blanked(current, [fm.span()])
    controls = []
    starts: list[int] = []  # where lines start, found when a control needs its line
    current = _blanked(current, [m.span() for m in _FENCE.finditer(current)])
    current = _blanked(current, _indented_code(current))
    comments = list(_COMMENT.finditer(current))
    for m in comments:
        control = _control(m, text, path, starts)
        if control:
            controls.append(control)
    current = _blanked(current, [m.span() for m in comments])
    current = _blanked(current, _code_spans(current))
    for pattern in (_REFERENCE, _LINK_TARGET, _URL, _bare_address(), _HTML_TAG):
        current = _blanked(current, [m.span() for m in pattern.finditer(current)])
    current = _blanked(current, _footnotes(current))
    for pattern in (_LIST_NUMBER, _HEADING):
        current = _blanked(current, [m.span() for m in pattern.finditer(current)])
    return Document(path, text, current, meta, tuple(_blocks(current)), tuple(controls), starts)


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the characters of `spans` (in order, not overlapping) made blanks, but for
    its line ends: the text keeps its length and its lines."""
    if not spans:
        return text
    out, pos = [], 0
    for a, b in spans:
        out.append(text[pos:a])
        part = text[a:b]
        out.append(" " * len(part) if "\n" not in part else "\n".join(" " * len(line) for line in part.split("\n")))
        pos = b
    out.append(text[pos:])
    return "".join(out)


def _indented_code(text: str) -> list[tuple[int, int]]:
    """Indented code blocks: lines indented four spaces (or a tab) after a blank line,
    where the last line before the blank is flush-left prose or a heading, or there is
    none. After a list item, or the indented lines of one, an indented line is more of
    the item (a loose list's next paragraph), not code."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _INDENTED.finditer(text):
        if m.start() < pos:
            continue
        if m.start() > 0:
            above = text[text.rfind("\n", 0, m.start() - 1) + 1 : m.start() - 1]
            if above.strip():
                continue  # right under a line of text: that paragraph's continuation, not code
        indent = _indent(m.group())
        column = _list_content_column(text, m.start())
        if column is not None and indent < column + 4:
            continue  # a list item's next paragraph; code in an item is indented four past its content
        if column is None:
            prev = _last_line(text, m.start())
            if prev is not None and prev[:1] in " \t":
                continue
        need = 4 if column is None else column + 4  # what the block's further lines are indented by at least
        end = m.end()
        for more in _INDENTED.finditer(text, m.end() + 1):  # the block's further lines, blank ones between
            if text[end : more.start()].strip() or _indent(more.group()) < need:
                break
            end = more.end()
        spans.append((m.start(), end))
        pos = end
    # code in a block quote: ">     code" after a quote's blank line (">") or where the quote starts
    for m in _QUOTED_CODE.finditer(text):
        above = text[text.rfind("\n", 0, max(0, m.start() - 1)) + 1 : max(0, m.start() - 1)] if m.start() else ""
        if not above.strip() or _QUOTE_BLANK.fullmatch(above) or not _QUOTE_LINE.match(above):
            spans.append((m.start("code"), m.end()))
    return sorted(spans)


_LIST_MARKER = regex(r"([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+|$)")
_QUOTED_CODE = regex(r"^[ ]{0,3}>[ ]?(?P<code>(?: {4}|\t)[^\n]*\S[^\n]*)$", re.M)
_QUOTE_LINE = regex(r"[ ]{0,3}>")
_QUOTE_BLANK = regex(r"[ ]{0,3}>\s*")


def _list_content_column(text: str, at: int, *, reach: int = 50) -> int | None:
    """The column where the content of the list item above the line at `at` starts (its
    marker's indentation, the marker, the spaces after it), reading back over lines that
    are blank or indented; None when a flush-left line that is no list item, or `reach`
    lines, come first."""
    end = at - 1
    for _ in range(reach):
        if end <= 0:
            return None
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        marker = _LIST_MARKER.match(line)
        if marker:
            spaces = len(marker.group(3).expandtabs(4))
            return len(marker.group(1).expandtabs(4)) + len(marker.group(2)) + (spaces if 1 <= spaces <= 4 else 1)
        if line.strip() and line[:1] not in " \t":
            return None
        end = start - 1
    return None


def _indent(line: str) -> int:
    """The columns a line's leading blanks take, a tab as four."""
    return len(line[: len(line) - len(line.lstrip(" \t"))].expandtabs(4))


def _last_line(text: str, at: int) -> str | None:
    """The last line before `at` (a line's start) with anything on it, or None; read
    backwards over the blank lines between, so that it costs what they are long."""
    end = at - 1  # the line end before `at`
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        if text[start:end].strip():
            return text[start:end]
        end = start - 1
    return None


def _code_spans(text: str) -> list[tuple[int, int]]:
    r"""The inline code of `text`: from a run of backticks to the next run of as many (a run
    with none after it opens at its second backtick with one fewer, and so on: "``a`" holds
    the code "`a`"), as the pattern (`+)(?!`).+?(?<!`)\1(?!`) reads it, with the next run
    of a length looked up rather than looked for (the pattern was quadratic on a long run
    of backticks)."""
    runs = [m.span() for m in _TICKS.finditer(text)]
    if len(runs) < 2:
        return []
    by_length: dict[int, list[int]] = {}  # length -> the runs of that length, in order
    for k, (a, b) in enumerate(runs):
        by_length.setdefault(b - a, []).append(k)
    out = []
    k = 0
    while k < len(runs):
        a, b = runs[k]
        k += 1
        for p in range(a, b):
            later = by_length.get(b - p, ())
            i = bisect_right(later, k - 1)
            if i < len(later):
                close = later[i]
                out.append((p, runs[close][1]))
                k = close + 1
                break
    return out


def _footnotes(text: str) -> list[tuple[int, int]]:
    r"""Footnote labels and markers, "[^1]" and "[^note]:", as the pattern \[\^[^\]]*\]:?
    reads them, but stopping at the first "[^" with no "]" after it (no later one has one:
    the pattern read to the end of the text from each)."""
    out, pos = [], 0
    while True:
        a = text.find("[^", pos)
        if a < 0:
            break
        b = text.find("]", a + 2)
        if b < 0:
            break
        pos = b + 2 if text.startswith(":", b + 1) else b + 1
        out.append((a, pos))
    return out


_CONTROL = regex(r"<!--\s*(verify(?:-[\w-]+|\s+\w+))(?![\w-])\s*:?(.*?)(?:-->|\Z)", re.S)
_NON_BLANK = regex(r"\S")
_CONTROL_KINDS = {"verify-ignore-next-line": "next-line", "verify off": "off", "verify on": "on"}


def _control(m: re.Match, text: str, path: str, starts: list[int]) -> Control | None:
    """The control an HTML comment holds, if it is one of verify's; a malformed one is an
    error. `starts`: where the lines of `text` start (filled on first use)."""
    c = _CONTROL.fullmatch(m.group())
    if not c:
        return None
    name = " ".join(c.group(1).split())
    line = _position(starts, text, m.start())[0]
    where = f"{path}:{line}"
    kind = _CONTROL_KINDS.get(name)
    if kind is None:
        if " " in name:
            return None  # "<!-- verify these later -->": prose, not a control
        raise InputError(
            f"unknown control {name!r}",
            where=where,
            fix="write <!-- verify-ignore-next-line: REASON -->, <!-- verify off --> or <!-- verify on -->",
        )
    reason = " ".join((c.group(2) or "").split()) or None
    if kind == "next-line" and not reason:
        raise InputError(
            "verify-ignore-next-line needs a reason",
            where=where,
            fix="write <!-- verify-ignore-next-line: why this claim is not checked -->",
        )
    target = 0
    if kind == "next-line":  # the first line after the comment's own with something on it
        eol = text.find("\n", m.end())
        nxt = _NON_BLANK.search(text, eol) if eol >= 0 else None
        target = _position(starts, text, nxt.start())[0] if nxt else 0
    return Control(kind, reason, m.start(), m.end(), line, target)


def _blocks(visible: str) -> list[Block]:
    blocks: list[Block] = []
    lines = visible.split("\n")
    offsets = []
    pos = 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    i = 0
    para_start: int | None = None
    while i < len(lines):
        line = lines[i]
        is_table = _TABLE_LINE.match(line) and i + 1 < len(lines) and _TABLE_RULE.match(lines[i + 1])
        if is_table:
            if para_start is not None:
                blocks.append(Block(para_start, offsets[i] - 1))
                para_start = None
            j = _table(lines, offsets, i, blocks)
            i = j
            continue
        if line.strip():
            if para_start is None:
                para_start = offsets[i]
        elif para_start is not None:
            blocks.append(Block(para_start, offsets[i] - 1))
            para_start = None
        i += 1
    if para_start is not None:
        blocks.append(Block(para_start, len(visible)))
    return blocks


def _cells(line: str, base: int) -> list[tuple[int, int, str]]:
    """(start, end, text) of each cell of a table row, offsets into the document."""
    out = []
    bars = [m.start() for m in regex(r"(?<!\\)\|").finditer(line)]
    for a, b in zip(bars, bars[1:]):
        raw = line[a + 1 : b]
        lead = len(raw) - len(raw.lstrip())
        cell = raw.strip()
        out.append((base + a + 1 + lead, base + a + 1 + lead + len(cell), cell))
    return out


_UNIT_HEADER = regex(r"(?i)units?|单位|單位|计量单位|計量單位")


def _table(lines: list[str], offsets: list[int], i: int, blocks: list[Block]) -> int:
    """The blocks of the table whose header row is line `i`: a cell each (but the row
    headers), with its row's and column's headers. A column headed "Unit" (单位) gives the
    row's unit: it is no figure, and the row's other cells are read in it, as if their
    headers said it in brackets ("Output (10,000 tonnes)")."""
    header = [c[2] for c in _cells(lines[i], offsets[i])]
    unit_column = next((k for k, h in enumerate(header) if k and _UNIT_HEADER.fullmatch(h.strip())), None)
    j = i + 2
    while j < len(lines) and _TABLE_LINE.match(lines[j]):
        cells = _cells(lines[j], offsets[j])
        row_head = cells[0][2] if cells else ""
        unit = cells[unit_column][2] if unit_column is not None and unit_column < len(cells) else ""
        for k, (a, b, _cell) in enumerate(cells):
            col_head = header[k] if k < len(header) else ""
            if k == 0 or k == unit_column:
                continue
            if unit and "(" not in col_head and "（" not in col_head:
                col_head = f"{col_head} ({unit})"
            blocks.append(Block(a, b, context=f"{row_head} | {col_head}".strip(" |")))
        j += 1
    return j


_META_LINE = regex(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")


def front_matter(block: str) -> dict:
    """The `key: value` lines of YAML front matter (strings only; quotes removed)."""
    meta = {}
    for line in block.split("\n"):
        m = _META_LINE.match(line)
        if m:
            value = m.group(2)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            meta[m.group(1).lower()] = value
    return meta
