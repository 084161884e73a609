"""Claims: the quantities of a document worth checking, each with its frame.

`mentions(document, date=..., title=...)` reads a document sentence by sentence and
gives, for every quantity that states a fact, the sentence it stands in and its frame
(`verify.reading.frames`): what metric it quantifies, whose, how qualified, and when,
resolved against the document's date ("last year" in a text of 2024-05-20 is 2023).
Drafts and sources are read the same way: a claim in a draft and a figure in a source
are both `Mention`s.

A sentence ends at its full stop, or at a line end that is no soft wrap: a line that
ends without punctuation and is followed by one starting in lower case, or a long line
running on, continues its sentence; a headline, a list item or a short label line
does not. A list item under a line ending in a colon reads that line as its label
("Diluted EPS:" over "GAAP: $3.02"), as a table cell reads its row and column headers.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import lru_cache

from ..cache import regex
from ..knowledge import hanzi
from ..knowledge.names import Tag, tag
from ..models import Mention, Quantity
from . import frames
from .document import Block, Document, parse
from .quantities import TimeRef, extract, scan

_SENTENCE_END = regex(
    r"(?<=[.!?。！？；;])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9$€£¥\u4e00-\u9fff])|(?<=[。！？；])"
    r"|(?<=[\u4e00-\u9fff%)][.!?;])(?=[\u4e00-\u9fff])"
)
_LIST_ITEM = regex(r"^[ \t]*(?:[-*+•·●▪◦‣–—]|\d{1,3}[.)]|\(?[a-z][.)])[ \t]+")
_TERMINAL = ".!?。！？:：;；"


def mentions(
    doc: Document, *, date: str | None = None, title: str | None = None, context: frames.Context | None = None
) -> list[Mention]:
    """The checkable quantities of a document, each with its frame. `context` is what the
    document says about all of them (`frames.context`), when the caller has it already."""
    return list(Reading(doc, date=date, title=title, context=context).mentions())


CONTEXT_NAMES = 20_000  # characters at the start of a text whose names `frames.context` reads


class Reading:
    """A document read for its claims a block at a time: what holds for the whole of it
    (its date, heading, context) found once, then each block's mentions (`block`), given
    what the blocks before it carried over to it (a `frames.Carry`, which is all a block
    takes from the ones before). Each block's names are found in it alone (no name spans
    a blank line), so that no list of a whole draft's names is kept, and a block judged
    in another process needs nothing else."""

    def __init__(
        self, doc: Document, *, date: str | None = None, title: str | None = None, context: frames.Context | None = None
    ):
        reading, back = _for_reading(doc)
        anchor = date or doc.meta.get("date")
        heading = title or reading.meta.get("title") or _first_line(reading.visible)
        self.doc, self.reading, self.back = doc, reading, back
        # the names of the text's head, which the blocks within it take theirs from (a
        # draft of ordinary length is tagged once, not block by block: each call costs)
        self.head: list[Tag] = []
        self.head_end = 0  # where the head ends: 0 when it was not read
        if context is None:  # the context reads the names of the first CONTEXT_NAMES characters
            cut = reading.visible.find("\n\n", CONTEXT_NAMES)
            self.head_end = cut if cut >= 0 else len(reading.visible)
            self.head = tag(reading.visible[: self.head_end])
            context = frames.context(
                reading.visible, title=heading, anchor=str(anchor) if anchor else None, tags=self.head
            )
        self.head_starts = [t.start for t in self.head]
        self.ctx = context
        self.blocks = reading.blocks  # the blocks of the document as read, in order

    def block(self, i: int, carried: frames.Carry) -> tuple[list[Mention], frames.Carry]:
        """The mentions of block `i`, and what it carries to the next, given what the
        blocks before it carried (`frames.Carry()` for the first)."""
        block = self.blocks[i]
        known = None
        if block.end <= self.head_end:  # its names are among the head's (no name spans a blank line)
            known = _tags_within(self.head, self.head_starts, block.start, block.end)
        return _block_mentions(self.reading, block, self.ctx, carried, written=self.doc, back=self.back, known=known)

    def mentions(self) -> Iterator[Mention]:
        """Every block's mentions, in order."""
        carried = frames.Carry()  # the period the text last named and its last metric: they hold across paragraphs
        for i in range(len(self.blocks)):
            found, carried = self.block(i, carried)
            yield from found


def _for_reading(doc: Document) -> tuple[Document, list[int] | None]:
    """The document as verify reads it: Chinese in simplified characters, with the
    pinyin some mirrored pages insert after characters taken out (`verify.knowledge.hanzi`); and,
    when pinyin was taken out, each character's offset in the text as written. A text
    with no Chinese is read as it is."""
    if not hanzi.has_cjk(doc.text):
        return doc, None
    clean, back = hanzi.strip_pinyin(doc.text)
    simple = hanzi.simplify(clean)
    if simple == doc.text:
        return doc, None
    return parse(simple, path=doc.path, indents=doc.indents), back


def _tags_within(known: list[Tag], starts: list[int], a: int, b: int) -> list[Tag]:
    """The names that lie within a..b, with offsets from a."""
    i = bisect_left(starts, a)
    out = []
    while i < len(known) and known[i].start < b:
        t = known[i]
        if t.end <= b:
            out.append(t._replace(start=t.start - a, end=t.end - a))
        i += 1
    return out


def _first_line(text: str) -> str:
    """A draft's heading, when it opens with one (a markdown heading, or a short line that
    is no sentence); body text is no title."""
    for m in _LINE.finditer(text):
        line = m.group()
        if not line.strip():
            continue
        heading = line.lstrip().startswith("#")
        line = line.strip().lstrip("#").strip()
        if heading or (len(line) < 90 and line[-1:] not in ".!?。！？:："):
            return line[:200]
        return ""
    return ""


_LINE = regex(r"[^\n]*")


def _block_mentions(
    doc: Document,
    block: Block,
    ctx: frames.Context,
    carried: frames.Carry,
    *,
    written: Document,
    back: list[int] | None,
    known: list[Tag] | None = None,
) -> tuple[list[Mention], frames.Carry]:
    """The mentions of one block of `doc` (the document as read), each pointing at
    `written` (the document as written: the same, or with traditional characters and
    pinyin); `back` maps offsets of the one to the other where their lengths differ."""

    def at(offset: int) -> int:
        return back[offset] if back else offset

    text = doc.visible[block.start : block.end]
    quantities, refs = scan(text)
    if block.context:  # a table cell: the unit its column's header gives ("Rainfall (mm)")
        quantities = [_with_header_unit(q, block.context) for q in quantities]
    claims = [q for q in quantities if is_claim(q, text)]
    if not claims:
        return [], carried
    carry = frames.Carry(period=carried.period if not block.context else None, concept=carried.concept)
    out = []
    lines = _line_labels(text)
    spans = sentence_spans(text)
    if known is None:  # the block's names (no name spans two blocks: a blank line or a cell's bar ends it)
        known = tag(text)
    starts = [t.start for t in known]
    if len(text) > MAX_SENTENCE or len(quantities) + len(known) > MAX_ITEMS:
        names = known
        spans = bounded(spans, [(q.start, q.end) for q in quantities] + [(t.start, t.end) for t in names], text)
    claim_starts = [q.start for q in claims]
    q_starts = [q.start for q in quantities]
    r_starts = [r.start for r in refs]
    line_starts = [pos for pos, _ in lines]
    previous = ""
    for s0, s1 in spans:
        inside = claims[bisect_left(claim_starts, s0) : bisect_left(claim_starts, s1)]
        own_refs = refs[bisect_left(r_starts, s0) : bisect_left(r_starts, s1)]
        if not inside:
            previous = text[s0:s1]
            named = frames.named_period(
                previous,
                [(r.start - s0, r.end - s0, r.year) for r in own_refs if r.year and not frames.in_date(text, r.start)],
            )
            if named is not None and not block.context:
                carry.period = named  # "2023年国民经济保持增长。年末人口...": the year it names holds
            continue
        sentence = text[s0:s1]
        every = [_shift(q, -s0) for q in quantities[bisect_left(q_starts, s0) : bisect_left(q_starts, s1)]]
        years = [(r.start - s0, r.end - s0, r.year) for r in own_refs if r.year and not frames.in_date(text, r.start)]
        label = block.context or _label_at(lines, line_starts, s0)
        read = frames.read_sentence(
            sentence, every, years=years, label=label, previous=previous, tags=_tags_within(known, starts, s0, s1)
        )
        previous = sentence
        earlier = _earlier(every)
        for q in inside:
            local = _shift(q, -s0)
            if any(f.start <= local.start and local.end <= f.end and f.period is not None for f in read.found) or any(
                t.start <= local.start and local.end <= t.end for t in read.tags
            ):
                continue  # "third-quarter 2015", "one-time items": the number is part of a name
            f = frames.frame(read, local, ctx, carry)
            start, end = at(block.start + q.start), at(block.start + q.end)
            line, col = written.position(start)
            quote = " ".join(written.visible[at(block.start + s0) : at(block.start + s1)].split())
            if block.context:
                quote = f"{block.context}: {quote}"
            position = bisect_left(earlier.get((q.unit, q.noun, q.kind), ()), local.start)
            out.append(
                Mention(
                    q._replace(start=start, end=end, text=written.visible[start:end]), quote, f, position, line, col
                )
            )
    if block.context:  # a table cell's period is its headers': it carries to nothing
        return out, frames.Carry(period=carried.period, concept=carry.concept)
    return out, frames.Carry(period=carry.period, concept=carry.concept)


def _shift(q: Quantity, offset: int) -> Quantity:
    return q._replace(start=q.start + offset, end=q.end + offset)


def _earlier(quantities: list[Quantity]) -> dict[tuple, list[int]]:
    """The starts of a sentence's quantities, in order, for each (unit, noun, kind): how
    many of its kind come before a quantity is a bisection (its `position`)."""
    out: dict[tuple, list[int]] = {}
    for o in quantities:
        out.setdefault((o.unit, o.noun, o.kind), []).append(o.start)
    for starts in out.values():
        starts.sort()
    return out


# ---- sentences ---------------------------------------------------------------------------


_ABBREVIATION = regex(
    r"(?i)(?:\b(?:vs|inc|corp|co|ltd|no|nos|approx|est|mr|mrs|ms|dr|st|jan|feb|mar|apr|jun|jul|aug"
    r"|sep|sept|oct|nov|dec|fig|figs|vol|pp|op|cf|al|etc|e\.g|i\.e|u\.s|u\.k|a\.m|p\.m)\.|\b[A-Z]\.)$"
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a block of text (see the module's docstring)."""
    cuts: list[tuple[int, int]] = [
        (m.start(), m.end())
        for m in _SENTENCE_END.finditer(text)
        if not _ABBREVIATION.search(text[max(0, m.start() - 6) : m.start()])
    ]
    pos = 0
    for line in text.split("\n")[:-1]:
        end = pos + len(line)
        nxt_start = end + 1
        nxt_end = text.find("\n", nxt_start)
        nxt = text[nxt_start : nxt_end if nxt_end >= 0 else len(text)]
        if not _continues(line, nxt):
            cuts.append((end, end + 1))
        pos = nxt_start
    cuts.sort()
    out, start = [], 0
    for a, b in cuts:
        if a < start:
            continue
        if text[start:a].strip():
            out.append((start, a))
        start = b
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def _continues(line: str, nxt: str) -> bool:
    """Does the sentence of `line` run on into the next line (a soft wrap)?"""
    a, b = line.rstrip(), nxt.strip()
    if not a or not b or a[-1] in _TERMINAL or _LIST_ITEM.match(nxt) or b.startswith(("|", "#", ">")):
        return False
    if b[0].islower() or b[0] in ",;)(":
        return True
    return len(a.strip()) >= 50 and not _LIST_ITEM.match(line)


MAX_SENTENCE = 5000  # characters of a sentence read at once; a longer one is read in pieces
MAX_ITEMS = 100  # numbers and names of a sentence read at once (real ones have fewer than 30)


def bounded(spans: list[tuple[int, int]], items: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Sentences cut into pieces of at most MAX_SENTENCE characters and MAX_ITEMS numbers
    and names (`items`: their spans), so that a text is read in time linear in its length:
    a hostile "sentence" of a megabyte with no full stop, or of thousands of numbers, is
    read a piece at a time. A piece ends between two items, after a blank where there is
    one near its end; an item is never cut (one longer than a piece is a piece)."""
    merged: list[list[int]] = []  # the items' spans, overlapping ones merged, in order
    for a, b in sorted(items):
        if merged and a < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    item_starts = [a for a, _ in merged]
    out: list[tuple[int, int]] = []
    for s0, s1 in spans:
        lo, hi = bisect_left(item_starts, s0), bisect_left(item_starts, s1)
        a, i = s0, lo  # the piece starts at a; items i.. (to hi) start in it or after it
        floor = merged[lo - 1][1] if lo and merged[lo - 1][1] > s0 else s0  # an item from before runs to here
        while True:
            b = min(s1, a + MAX_SENTENCE)  # as far as the piece may reach
            if hi - i > MAX_ITEMS:
                b = min(b, item_starts[i + MAX_ITEMS])
            if b >= s1 or floor >= s1:
                out.append((a, s1))
                break
            j = bisect_left(item_starts, b, i, hi)  # items i..j-1 start before b
            safe = floor  # the piece may end anywhere from here to b
            if b <= floor:
                b = floor
            elif j > i:
                x, y = merged[j - 1]
                if y <= b:
                    safe = y
                elif x > a:  # b is inside an item: the piece ends before it
                    b, safe = x, merged[j - 2][1] if j - 2 >= i else floor
                else:  # an item longer than a piece opens it: it is the piece
                    b = safe = min(y, s1)
            blank = max(text.rfind(" ", max(safe, b - 200), b), text.rfind("\t", max(safe, b - 200), b))
            if blank >= safe and blank + 1 > a:
                b = blank + 1
            out.append((a, b))
            if b >= s1:
                break
            a = floor = b
            i = bisect_left(item_starts, a, i, hi)
    return out


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


MAX_LABELS = 8  # labelling lines a line reads, the innermost (a list nested deeper is no outline)


def _line_labels(text: str) -> list[tuple[int, str]]:
    """(offset, label) for the lines of a block that stand under a line ending in a colon:
    list items indented under it, or the lines right after it."""
    out: list[tuple[int, str]] = []
    stack: list[tuple[int, str]] = []  # (indent, label) of open labelling lines
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" \t"))
        body = _LIST_ITEM.sub("", line).strip()
        while stack and indent <= stack[-1][0] and stripped:
            stack.pop()
        out.append((pos, " ".join(label for _, label in stack[-MAX_LABELS:])))
        if body.endswith((":", "：")) and len(body) < 160:
            stack.append((indent, body.rstrip(":：").strip()))
        pos += len(line) + 1
    return out


def _label_at(lines: list[tuple[int, str]], starts: list[int], offset: int) -> str:
    """The label of the line `offset` is on (`starts`: the lines' offsets)."""
    i = bisect_right(starts, offset)
    return lines[i - 1][1] if i else ""


# ---- which quantities are claims -----------------------------------------------------------


_HEADER_UNIT = regex(r"[(（]\s*([^()（）]{1,40}?)\s*[)）]\s*$")


def _with_header_unit(q: Quantity, context: str) -> Quantity:
    """A bare number of a table cell in the unit (and scale) its column's header gives in
    brackets: 1,842 under "Rainfall (mm)" is 1,842 mm, 5.1 under "Change (%)" 5.1 percent,
    3.2 under "Output (10,000 tonnes)" 32,000 tonnes. A header whose brackets say anything
    else ("(in millions, except per share)") changes nothing."""
    if q.unit or q.noun or q.kind != "amount":
        return q
    size = _header_size(context.rsplit(" | ", 1)[-1])
    if size is None:
        return q
    factor, unit = size
    return q._replace(value=q.value * factor, unit=unit, step=None if q.step is None else q.step * factor)


@lru_cache(maxsize=1024)
def _header_size(header: str) -> tuple[float, str] | None:
    """(factor, unit) a column header gives in brackets, read once per header (every cell
    of the column asks): "Output (10,000 tonnes)" is (10000, "metric_ton")."""
    m = _HEADER_UNIT.search(header)
    if not m:
        return None
    inner = m.group(1)
    for probe in (inner, "1 " + inner, "1" + inner):
        found = extract(probe)
        if len(found) == 1 and found[0].unit and found[0].start == 0 and found[0].end == len(probe):
            return found[0].value, found[0].unit
    return None


def is_claim(q: Quantity, text: str) -> bool:
    """Is this quantity a statement of fact worth checking?"""
    if _quoted_name(q, text):
        return False
    if q.kind in ("ordinal", "multiplier", "fraction"):
        return True
    if q.unit or q.noun:
        if q.lang == "en" and q.noun and not q.unit and q.value <= 10 and not any(c.isdigit() for c in q.text):
            # "the two regions", "one of the largest": words, not figures
            return not regex(r"(?i)\b(?:the|these|those|its|their|both)\s+$").search(
                text[max(0, q.start - 8) : q.start]
            )
        return True
    # a bare number: only digits count ("a population of 4,500,000"), not "one" or "二"
    return any(c.isdigit() for c in q.text) and q.value >= 10


def _quoted_name(q: Quantity, text: str) -> bool:
    """A number word at the end of a short quoted phrase names something: the "new three"
    products, the "Big Four"; it is no count."""
    if any(c.isdigit() for c in q.text) or q.end >= len(text) or text[q.end] not in "\"”’'」":
        return False
    opening = max(text.rfind(c, max(0, q.start - 30), q.start) for c in '"“‘「')
    return (
        opening >= 0
        and 0 < q.start - opening <= 30
        and "\n" not in text[opening : q.start]
        and bool(regex(r"\w").search(text[opening + 1 : q.start]))
    )


def names(sentence: str) -> tuple[str, ...]:
    """The places and organisations a sentence names, each once, in order, as written."""
    out: list[str] = []
    for t in tag(sentence, kinds=frozenset({"place", "org"})):
        name = sentence[t.start : t.end]
        if not t.weak and name not in out:
            out.append(name)
    return tuple(out)


stem = frames.stem
change = frames.change_of
TimeRef = TimeRef
