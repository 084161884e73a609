"""Reading a document: markdown or plain text, keeping every character's position.

`read(path)` and `parse(text)` return a `Document` whose `visible` text has the same
length as the original, with what is not prose blanked out: front matter, code blocks
and inline code, HTML comments, link reference definitions, URLs and link targets,
list and quote markers, a heading's markers and number, footnote labels. Offsets found
in `visible` are therefore offsets into the file. What is prose is what CommonMark
says (markdown-it-py, the parser the HTML report renders with); within it, verify's
own patterns find what is not. Each paragraph, heading and list item is a `Block`;
markdown tables become one `Block` per cell, carrying the row and column headers that
say what the cell's number is about.
"""

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from ..cache import imported, regex
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


class Document(NamedTuple):
    """A document read: its text, what of it a page shows, its blocks and controls."""

    path: str  # where it was read from, as given ("-" for stdin)
    text: str  # the text as read (newlines normalised to \n)
    visible: str  # `text` with non-prose blanked to spaces; same length
    meta: Mapping[str, Any] = MappingProxyType({})  # front matter: title, date, ...
    blocks: tuple[Block, ...] = ()  # prose stretches and table cells, in order
    controls: tuple[Control, ...] = ()  # verify's own HTML comments, in order
    indents: bool = True  # are its lines' indents markdown's? (not in a web page's text: they are its markup's)
    line_starts: list[int] | None = None  # each line's first offset, found on first use if empty; None: at each use

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns count characters. Where
        the document holds the offsets its lines start at (`parse` finds them), a position
        costs the same at the end of a long text as at its start."""
        return _position(
            self.line_starts if self.line_starts is not None else _line_starts(self.text), self.text, offset
        )


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


# what the markdown reader leaves for verify's own patterns: inline code, comments, link
# targets and addresses, HTML tags, footnote markers, a heading's section number
_COMMENT = regex(r"<!--.*?(?:-->|\Z)", re.S)
_TICKS = regex(r"`+")
# a link's target after its "]" (group 1): the "]" read first, a fast search for one character
_LINK_TARGET = regex(r"\](\((?:[^()\s]|\([^()]*\))+(?:\s+\"[^\"]*\")?\)|:\s*\S+)")
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


_URL_HOLDS = regex(r"://|www\.|mailto:|@")  # what every match of _URL holds
_TLD_DOT = regex(r"\.[A-Za-z]")  # what every match of _bare_address() holds: the dot before its top-level domain


def _in_lines(pattern: re.Pattern, holds: re.Pattern, text: str) -> list[tuple[int, int]]:
    """The spans of `pattern` (whose matches never run over a line end) in `text`, as
    `pattern.finditer(text)` finds them, searched only in the lines where `holds` (what every
    match of it holds) is found: most lines of a draft have no address, and searching for
    a few characters is many times faster than trying an address at every position."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while (hit := holds.search(text, pos)) is not None:
        start = text.rfind("\n", 0, hit.start()) + 1
        end = text.find("\n", hit.end())
        end = len(text) if end < 0 else end
        spans.extend(m.span() for m in pattern.finditer(text, start, end))
        pos = end + 1
    return spans


_HTML_TAG = regex(r"</?[A-Za-z][^<>\n]*>")
_SECTION_NUMBER = regex(r"\d+(?:\.\d+)*[.)]?[ \t]+")  # "## 2.1 Trade": a heading's number is no figure
_UNSHOWN = regex(r"[ \t]*<(?:script|style)(?=[\s>]|\Z)", re.I)  # an HTML block no page shows
_NEXT_CHUNK = regex(r"\n[ \t]*\n(?=[^\s])")  # a blank line and a line that starts flush left
_FLUSH = regex(r"^[ \t]+", re.M)
CHUNK = 1 << 18  # characters of a long text given to the markdown reader at a time


def markdown(*, front: bool = True, footnotes: bool = True):
    """The CommonMark reader (markdown-it-py) that verify reads drafts with and the HTML
    report renders them with: tables, strikethrough, front matter (`front`) and footnotes
    (`footnotes`; both plugins of mdit-py-plugins), the draft's own HTML parsed as HTML. A
    new one at each call: the report adds its renderers to its own."""
    md = imported("markdown_it").MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    if front:
        md.use(imported("mdit_py_plugins.front_matter").front_matter_plugin)
    if footnotes:
        md.use(imported("mdit_py_plugins.footnote").footnote_plugin)
    return md


@cache
def _blocks_reader(*, front: bool, footnotes: bool):
    """`markdown()` reading blocks only (within them verify's own patterns read on, keeping
    every character's place), each footnote left where it is written, referenced or not. A
    text that cannot hold front matter (it does not open with "---") or a footnote (it
    has no "[^") is read without that plugin, which would find nothing in it: loading
    them costs ~1 ms."""
    md = markdown(front=front, footnotes=footnotes)
    return md.disable(["inline", "text_join", *(["footnote_tail"] if footnotes else [])])


def parse(text: str, *, path: str = "<text>", indents: bool = True) -> Document:
    """Read markdown as CommonMark does (markdown-it-py): its paragraphs, headings, HTML
    blocks and table rows are shown, everything else (front matter, code blocks and
    fences, link reference definitions, list and quote markers, thematic breaks) is
    blanked; then verify's own patterns blank what is not prose within the shown lines:
    inline code, HTML comments and tags, link targets, web addresses, footnote markers,
    a heading's section number. Each paragraph, heading and HTML block is a `Block`, each
    table cell one with its row's and column's headers. Not `indents` (the text of a web
    page, indented as its markup was): a line's indent makes no code block and no list
    item's paragraph."""
    starts = _line_starts(text)
    meta: dict = {}
    kept: list[str] = []  # each piece's text as a page shows it
    prose: list[tuple[int, int]] = []  # each block's first and last line
    cells: list[Block] = []
    for base, (start, end), tokens in _pieces(text, starts, indents=indents):
        shown: list[tuple[int, int]] = []  # the spans of the piece a page shows
        for i, t in enumerate(tokens):
            kind = t.type
            if kind == "front_matter":
                meta = front_matter(t.content)
            elif kind == "inline" and t.map is not None and tokens[i - 1].type in ("paragraph_open", "heading_open"):
                opening = tokens[i - 1]
                a, b = base + t.map[0], base + t.map[1]
                atx = opening.type == "heading_open" and opening.markup.startswith("#")
                _show_lines(text, starts, a, b, t.content, shown, heading=atx)
                prose.append((a, b - 1))
            elif kind == "html_block" and t.map is not None and not _UNSHOWN.match(t.content):
                a, b = base + t.map[0], base + t.map[1]
                while b > a + 1 and not _line(text, starts, b - 1).strip():
                    b -= 1
                shown.append((starts[a], _line_end(text, starts, b - 1)))
                prose.append((a, b - 1))
            elif kind == "table_open" and t.map is not None:
                _table(text, starts, tokens, i, base, shown, cells)
        kept.append(_kept(text, shown, start, end))
    visible = "".join(kept)
    controls = []
    comments = list(_COMMENT.finditer(visible))
    for m in comments:
        control = _control(m, text, path, starts)
        if control:
            controls.append(control)
    visible = _blanked(visible, [m.span() for m in comments])
    visible = _blanked(visible, _code_spans(visible))
    visible = _blanked(visible, [m.span(1) for m in _LINK_TARGET.finditer(visible)])
    visible = _blanked(visible, _in_lines(_URL, _URL_HOLDS, visible))
    visible = _blanked(visible, _in_lines(_bare_address(), _TLD_DOT, visible))
    visible = _blanked(visible, [m.span() for m in _HTML_TAG.finditer(visible)])
    visible = _blanked(visible, _footnotes(visible))
    blocks = sorted([b for a, z in prose for b in _runs(visible, starts, a, z)] + cells)
    return Document(path, text, visible, meta, tuple(blocks), tuple(controls), indents, starts)


def _runs(visible: str, starts: list[int], a: int, z: int) -> Iterator[Block]:
    """The blocks of lines a..z (z included): each run of lines with something left to read."""
    first = None
    for k in range(a, z + 2):
        blank = k > z or not visible[starts[k] : _line_end(visible, starts, k)].strip()
        if not blank and first is None:
            first = k
        elif blank and first is not None:
            yield Block(starts[first], _line_end(visible, starts, k - 1))
            first = None


def _pieces(text: str, starts: list[int], *, indents: bool):
    """(first line, (start, end), block tokens) of each piece of `text` in turn: the whole of a short
    text; a long one in pieces of about CHUNK characters, so that its tokens (and the spans
    read off them) are never all held at once. A piece ends where a line starts flush left after a blank line, where no
    CommonMark block goes on but a fence or an HTML block (a comment, <script>, <pre>); a
    piece that ends in one of those is read again twice as long."""
    pos, line = 0, 0
    while pos < len(text):
        end = _chunk_end(text, pos + CHUNK)
        while True:
            piece = text[pos:end].replace("\r", " ")  # a line ends at "\n" only, as `Document.position` counts
            piece = piece if indents else _FLUSH.sub("", piece)
            tokens = _blocks_reader(front=pos == 0 and piece.startswith("---"), footnotes="[^" in piece).parse(piece)
            after = bisect_right(starts, end - 1)  # the line after the piece's last
            if end >= len(text) or not _runs_on(tokens, after - line):
                break
            end = _chunk_end(text, pos + 2 * (end - pos))  # twice as long: read again, it costs twice at most
        yield line, (pos, end), tokens
        line, pos = after, end


def _chunk_end(text: str, at: int) -> int:
    if at >= len(text):
        return len(text)
    m = _NEXT_CHUNK.search(text, at)
    return m.end() if m else len(text)


def _runs_on(tokens: list, lines: int) -> bool:
    """Does the last of a piece's outermost blocks run to its end, as an unclosed fence or
    HTML block (a comment, <script>, <pre>) does, and so perhaps on into the next piece?"""
    for t in tokens[::-1]:  # (not reversed(): mypyc cannot compile it over a list of Any)
        if t.level == 0 and t.map is not None:
            return t.type in ("fence", "html_block") and t.map[1] >= lines
    return False


def _line(text: str, starts: list[int], k: int) -> str:
    return text[starts[k] : _line_end(text, starts, k)]


def _line_end(text: str, starts: list[int], k: int) -> int:
    """The offset just past line k's last character (its line end not included)."""
    return starts[k + 1] - 1 if k + 1 < len(starts) else len(text)


def _show_lines(
    text: str, starts: list[int], a: int, b: int, content: str, shown: list, *, heading: bool = False
) -> None:
    """Show the part of lines a..b (b not included) that is a paragraph's or a setext
    heading's `content` (a setext heading's underline is the line after it), or an ATX
    heading's: the text of each line after the markers of the quotes and list items it is
    in (the reader gives each line's text without them)."""
    parts = content.split("\n")
    for k, part in zip(range(a, b), parts):
        line = _line(text, starts, k)
        part = part.strip(" \t")
        if not part:
            continue
        if heading:
            col = line.find(part, len(line) - len(line.lstrip(" \t#")))
            if col < 0:
                continue
            number = _SECTION_NUMBER.match(part)
            if number:
                col += number.end()
            end = col + len(part) - (number.end() if number else 0)
        else:
            tail = line.rstrip(" \t")
            col = len(tail) - len(part) if tail.endswith(part) else len(line) - len(line.lstrip(" \t>"))
            end = len(line)
        if col < end:
            shown.append((starts[k] + col, starts[k] + end))


def _kept(text: str, shown: list[tuple[int, int]], start: int, end: int) -> str:
    """`text[start:end]` with everything but the `shown` spans blanked, its line ends kept."""
    out, pos = [], start
    for a, b in sorted(shown):
        if a < pos:
            a = pos
        if a >= b:
            continue
        out.append(_blank(text[pos:a]))
        out.append(text[a:b])
        pos = b
    out.append(_blank(text[pos:end]))
    return "".join(out)


def _blank(part: str) -> str:
    return " " * len(part) if "\n" not in part else "\n".join(" " * len(line) for line in part.split("\n"))


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the characters of `spans` (in order, not overlapping) made blanks, but for
    its line ends: the text keeps its length and its lines."""
    if not spans:
        return text
    out, pos = [], 0
    for a, b in spans:
        out.append(text[pos:a])
        out.append(_blank(text[a:b]))
        pos = b
    out.append(text[pos:])
    return "".join(out)


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
    error. `starts`: where the lines of `text` start."""
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


def _table(text: str, starts: list[int], tokens: list, i: int, base: int, shown: list, cells: list[Block]) -> None:
    """The blocks of the table opened by tokens[i]: a cell each (but the row headers), with
    its row's and column's headers, cells split as the reader splits them (at each "|" not
    escaped, the row's outer ones dropped). A column headed "Unit" (单位) gives the row's
    unit: it is no figure, and the row's other cells are read in it, as if their headers
    said it in brackets ("Output (10,000 tonnes)")."""
    rows = []
    for t in tokens[i:]:
        if t.type == "table_close":
            break
        if t.type == "tr_open" and t.map is not None:
            k = base + t.map[0]
            shown.append((starts[k], _line_end(text, starts, k)))
            rows.append(_cells(_line(text, starts, k), starts[k]))
    if not rows:
        return
    header = [c[2] for c in rows[0]]
    unit_column = next((k for k, h in enumerate(header) if k and _UNIT_HEADER.fullmatch(h.strip())), None)
    for row in rows[1:]:
        row_head = row[0][2] if row else ""
        unit = row[unit_column][2] if unit_column is not None and unit_column < len(row) else ""
        for k, (a, b, _cell) in enumerate(row[: len(header)]):
            col_head = header[k]
            if k == 0 or k == unit_column:
                continue
            if unit and "(" not in col_head and "（" not in col_head:
                col_head = f"{col_head} ({unit})"
            cells.append(Block(a, b, context=f"{row_head} | {col_head}".strip(" |")))


_QUOTE_MARKS = regex(r"[ \t]*(?:>[ \t]?)*[ \t]*")  # a table in a block quote: its rows' markers
_PIPE = regex(r"(?<!\\)\|")


def _cells(line: str, base: int) -> list[tuple[int, int, str]]:
    """(start, end, text) of each cell of a table row, offsets into the document: the row
    split at each "|" not escaped, the ones before its first cell and after its last
    dropped."""
    lead = _QUOTE_MARKS.match(line).end()  # type: ignore[union-attr]  # it matches the empty string
    bars = [lead - 1] + [m.start() for m in _PIPE.finditer(line, lead)] + [len(line.rstrip())]
    if len(bars) > 2 and not line[lead : bars[1]].strip():
        bars = bars[1:]  # a leading "|"
    if len(bars) > 2 and not line[bars[-2] + 1 : bars[-1]].strip():
        bars = bars[:-1]  # a trailing one
    out = []
    for a, b in zip(bars, bars[1:]):
        raw = line[a + 1 : b]
        pad = len(raw) - len(raw.lstrip())
        cell = raw.strip()
        out.append((base + a + 1 + pad, base + a + 1 + pad + len(cell), cell))
    return out


_UNIT_HEADER = regex(r"(?i)units?|单位|單位|计量单位|計量單位")


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
