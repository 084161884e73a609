"""The HTML report for editors: each draft rendered as the article it will be, every claim
highlighted in place by its verdict, its evidence beside it.

One self-contained file: no script, no network, no web fonts; it prints cleanly. For each
draft, in order:

- its name as given (an absolute path shows only its file name), its front matter's title
  and date, its counts and a bar of them;
- what needs an editor: the contradicted claims, then the unknown ones, each a link to
  its place in the article, with the correction or the reason;
- the article, rendered from its markdown by markdown-it-py (CommonMark with tables,
  strikethrough and footnotes; front matter not shown). Each claim is a focusable `<mark>`
  of its verdict's colour and icon; beside its paragraph (under it on a narrow screen
  and on paper) its evidence card: the verdict, for a contradiction what to write, for
  an unknown the reason, the source's sentence with the figure marked, and the source's
  title, publisher and date.

How a claim finds its place: the draft gets a marker (private-use characters that carry
the claim's number) at each claim's start and end offsets, is rendered, and each pair of
markers found in the text of one block becomes `<mark>` elements around the text runs
between them (so a claim across `**bold**` stays valid HTML). A claim whose markers land
anywhere else (in an attribute, in code, in markup markdown drops) loses them, and its
card is listed under the article instead: the page is never broken by a claim.

What the draft may not do: run or load anything. Its own HTML is shown as text (HTML
comments, verify's controls among them, are left out), links go only to http(s)
addresses, and images show as their description.

Everything is linear in the draft's size, and the same reports render to the same bytes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from functools import cache
from html import escape

from ..knowledge import data_text
from ..models import Figure, Report, Verdict
from ..reading.document import front_matter, is_web_address, markdown
from .report import REASONS, message, summary, summary_line, unused_text

# verdict -> (icon, word); the icon and the word say it without colour
LABELS = {
    "contradicted": ("\u2717", "contradicted"),
    "unknown": ("?", "unknown"),
    "supported": ("\u2713", "supported"),
    "suppressed": ("\u2298", "suppressed"),
}

# markers: OPEN or CLOSE, the claim's number in hexadecimal digits U+E010..U+E01F, STOP
_OPEN, _CLOSE, _STOP, _DIGIT0 = "\ue000", "\ue001", "\ue002", 0xE010
_MARKER = re.compile("([\ue000\ue001])([\ue010-\ue01f]+)\ue002")
_RESERVED = dict.fromkeys(range(57344, 57376), "�")  # a draft's own such characters cannot pose as markers
_ENCODED = re.compile(r"%EE%80%(?:8[0-2]|9[0-9A-F])", re.I)  # markers as a link's address percent-encodes them
_TAG = re.compile(r"(<[^>]*>)")  # the rendered page escapes every < of the text: a < opens a tag
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
_VOID = frozenset({"br", "hr", "img", "input", "wbr", "meta", "link"})
_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")  # what a backslash escapes in markdown


def render_html(reports: Sequence[Report]) -> str:
    """The report of one run (one Report per draft) as one HTML page."""
    single = len(reports) == 1
    title = shown_name(reports[0].draft) if single else f"{len(reports)} drafts"
    sections, n, about = [], 0, ""
    for k, report in enumerate(reports, 1):
        html, about, n = _draft(report, k, n, single=single)
        sections.append(html)
    parts = [
        "<!doctype html>",
        '<html lang="en">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>verify: {escape(title)}</title>",
        f"<style>{_css()}</style></head>",
        "<body>",
        '<header class="report-head"><p class="eyebrow">verify report</p>',
        f"<h1>{escape(title)}</h1>",
        *([about] if single else []),
        *_summary(reports, top=True),
        "</header>",
        "<main>",
        *sections,
    ]
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


def shown_name(draft: str) -> str:
    """The draft as the report names it: as given, but an absolute path by its file name
    only (the report is shared; the reader's folders are no business of it)."""
    if draft == "-":
        return "standard input"
    if os.path.isabs(draft) or re.match(r"[A-Za-z]:[\\/]", draft):
        return re.split(r"[\\/]", draft.rstrip("\\/"))[-1] or draft
    return draft


@cache
def _css() -> str:
    return data_text("report.css")


def _summary(reports: Sequence[Report], *, top: bool) -> list[str]:
    """The counts, in words and as a bar (pure HTML and CSS)."""
    counts = summary(reports)
    shown = [(k, counts[k]) for k in LABELS]
    total = sum(c for _, c in shown)
    attr = ' id="summary"' if top else ""
    out = [f'<p class="summary"{attr}>{escape(summary_line(reports))}</p>']
    if total:
        out.append(
            '<div class="bar" aria-hidden="true">'
            + "".join(f'<span class="{k}" style="flex-grow:{c}" title="{c} {k}"></span>' for k, c in shown if c)
            + "</div>"
        )
    out.append(
        '<ul class="counts">'
        + "".join(
            f'<li class="{k}{"" if c else " zero"}"><span class="icon" aria-hidden="true">{LABELS[k][0]}</span> '
            f"{c} {k}</li>"
            for k, c in shown
        )
        + "</ul>"
    )
    return out


def _draft(report: Report, k: int, n: int, *, single: bool) -> tuple[str, str, int]:
    """One draft's section, its claims numbered from n + 1 (ids are unique in the page);
    the line that says what it is (title, date); the last claim's number."""
    numbered, spans, pos = [], [], 0
    for v in sorted(report.verdicts, key=lambda v: v.claim.quantity.start):
        n += 1
        numbered.append((n, v))
        q = v.claim.quantity
        if pos <= q.start < q.end <= len(report.text):  # overlapping or outside the text: listed only
            spans.append((n, q.start, q.end))
            pos = q.end
    tokens, env = _parse(_with_markers(report.text, spans), k)
    meta = next((front_matter(_MARKER.sub("", t.content)) for t in tokens if t.type == "front_matter"), {})
    body = _markdown().renderer.render(tokens, _markdown().options, env)
    verdicts = dict(numbered)
    article, placed = _place(body, verdicts)

    parts = [f'<section class="draft" id="draft-{k}">']
    if not single:
        parts.append(f"<h2>{escape(shown_name(report.draft))}</h2>")
    about = []
    if meta.get("title"):
        about.append(f"<cite>{escape(meta['title'])}</cite>")
    about.append(f"dated {escape(report.date)}" if report.date else "no date")
    line = f'<p class="meta">{" · ".join(about)}</p>'
    if not single:
        parts += [line, *_summary([report], top=False)]
    parts.append(_todo(numbered, placed))
    if report.unused:
        parts.append(
            '<ul class="unused">'
            + "".join(f"<li>line {s.line}: {escape(unused_text(s))}</li>" for s in report.unused)
            + "</ul>"
        )
    parts.append(f'<article class="article">\n{article}</article>')
    missed = [(i, v) for i, v in numbered if i not in placed]
    if missed:
        parts.append(
            '<section class="unplaced"><h3>Claims that could not be highlighted in the text</h3>'
            + "".join(_card(v, i, placed=False) for i, v in missed)
            + "</section>"
        )
    parts.append("</section>")
    return "\n".join(parts), line, n


def _label(v: Verdict) -> str:
    return "suppressed" if v.suppressed is not None else v.verdict


def _todo(numbered: list[tuple[int, Verdict]], placed: set[int]) -> str:
    """What needs an editor: contradicted claims, then unknown ones, in reading order."""
    items = []
    for want in ("contradicted", "unknown"):
        for i, v in numbered:
            if _label(v) != want:
                continue
            icon, word = LABELS[want]
            fix = (
                f' <span class="fix">write {escape(v.correction)}</span>'
                if want == "contradicted" and v.correction
                else f" {escape(REASONS.get(v.reason or '', v.reason or ''))}"
            )
            items.append(
                f'<li class="{want}"><span class="icon" aria-hidden="true">{icon}</span> '
                f'<a href="#claim-{i}">{word}: “{escape(v.claim.quantity.text)}”</a> (line {v.claim.line}){fix}</li>'
            )
    if not items:
        return (
            '<section class="todo"><h3>Needs an editor</h3>'
            '<p class="none">Nothing: every claim is supported or suppressed.</p></section>'
        )
    return f'<section class="todo"><h3>Needs an editor ({len(items)})</h3><ol>' + "".join(items) + "</ol></section>"


# ---- placing the claims in the rendered article -------------------------------------------


def _code(n: int) -> str:
    return "".join(chr(_DIGIT0 + int(d, 16)) for d in f"{n:x}")


def _number(code: str) -> int:
    return int("".join(f"{ord(c) - _DIGIT0:x}" for c in code), 16)


def _with_markers(text: str, spans: list[tuple[int, int, int]]) -> str:
    """`text` with each claim's markers around it; spans are (number, start, end), in
    order, not overlapping."""
    text = text.translate(_RESERVED)
    out, pos = [], 0
    for n, start, end in spans:
        if start > pos and text[start - 1] == "\\" and text[start] in _ESCAPABLE:
            start -= 1  # "\$5": the marker goes before the backslash, which still escapes the $
        code = _code(n)
        out += [text[pos:start], _OPEN, code, _STOP, text[start:end], _CLOSE, code, _STOP]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _place(html: str, verdicts: dict[int, Verdict]) -> tuple[str, set[int]]:
    """The rendered article with each claim whose markers are both in the text of one block
    (not in code, not in a tag) made `<mark>` elements, and the evidence cards of each
    top-level block after it; all markers removed. Returns it and the claims placed."""
    pieces = _TAG.split(html)  # text, tag, text, tag, ..., text
    # first pass: where each marker is
    seen: dict[int, list] = {}
    spoiled: set[int] = set()
    depth = code = block = 0
    for i, piece in enumerate(pieces):
        if i % 2:
            for m in _MARKER.finditer(piece):
                spoiled.add(_number(m.group(2)))
            opening, name = _tag(piece)
            if name in ("code", "pre"):
                code += 1 if opening else -1
            if name is not None:
                depth += 1 if opening else -1
                if depth == 1 and opening:
                    block += 1
            continue
        for m in _MARKER.finditer(piece):
            c = _number(m.group(2))
            if code or depth <= 0:
                spoiled.add(c)
            seen.setdefault(c, []).append((m.group(1), block, i))
    placed = {
        c
        for c, marks in seen.items()
        if c not in spoiled
        and c in verdicts
        and len(marks) == 2
        and marks[0][0] == _OPEN
        and marks[1][0] == _CLOSE
        and marks[0][1] == marks[1][1]
    }

    # second pass: write it
    out: list[str] = []
    cards: list[str] = []
    depth = 0
    current: int | None = None  # the claim whose text is being written
    first = True  # no <mark> of it written yet
    last = first_at = -1  # index in `out` of its latest <mark>, and of its first

    def write(text: str, *, empty: bool = False) -> None:
        nonlocal first, last, first_at
        if current is None or (not empty and (not text or (not text.strip() and "\n" in text))):
            out.append(text)
            return
        last = len(out)
        if first:
            first, first_at = False, last
        out.append(_mark_tag(current, verdicts[current], first=last == first_at, end=False))
        out.append(text)
        out.append("</mark>")

    for i, piece in enumerate(pieces):
        if i % 2:
            if "%" in piece or "\ue002" in piece:
                piece = _ENCODED.sub("", _MARKER.sub("", piece))
            out.append(piece)
            opening, name = _tag(piece)
            if name is not None:
                depth += 1 if opening else -1
                if depth == 0 and cards:
                    out.append('<aside class="cards">' + "".join(cards) + "</aside>")
                    cards = []
            continue
        pos = 0
        for m in _MARKER.finditer(piece):
            write(piece[pos : m.start()])
            pos = m.end()
            c = _number(m.group(2))
            if c not in placed:
                continue
            if m.group(1) == _OPEN:
                current, first = c, True
                cards.append(_card(verdicts[c], c, placed=True))
            else:
                if first:  # all its text was markup: an empty mark still holds its place
                    write("", empty=True)
                out[last] = _mark_tag(c, verdicts[c], first=last == first_at, end=True)
                current = None
        write(piece[pos:])
    if cards:  # cannot happen with well-formed markup; never lose a card
        out.append('<aside class="cards">' + "".join(cards) + "</aside>")
    return "".join(out), placed


def _mark_tag(n: int, v: Verdict, *, first: bool, end: bool) -> str:
    """The opening tag of (a piece of) claim n's highlight: the first piece carries its id
    and takes the focus; the last shows the verdict's icon."""
    label = _label(v)
    cls = f"claim {label}{'' if first else ' more'}{' end' if end else ''}"
    if not first:
        return f'<mark class="{cls}" data-verdict="{label}">'
    return f'<mark class="{cls}" id="claim-{n}" tabindex="0" data-verdict="{label}" aria-describedby="card-{n}">'


def _tag(tag: str) -> tuple[bool, str | None]:
    """(opens, name) of a tag; name None for one that neither opens nor closes an element
    (a void element, a comment)."""
    m = _TAG_NAME.match(tag)
    if not m:
        return False, None
    name = m.group(2).lower()
    if name in _VOID or tag.endswith("/>"):
        return False, None
    return not m.group(1), name


# ---- markdown ----------------------------------------------------------------------------


@cache
def _markdown():
    """The reader verify reads drafts with (`verify.reading.document.markdown`), rendering the
    draft's own HTML as text (so that its comments are not shown)."""
    md = markdown()
    md.add_render_rule("html_block", _html_block)
    md.add_render_rule("html_inline", _html_inline)
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("image", _image)
    return md


def _parse(text: str, k: int):
    env = {"docId": f"d{k}"}  # footnote ids unique in a page of several drafts
    return _markdown().parse(text, env), env


def _comment(content: str) -> bool:
    s = content.strip()
    return s.startswith("<!--") and s.endswith("-->")


def _html_block(self, tokens, idx, options, env) -> str:
    content = tokens[idx].content
    return "" if _comment(content) else f'<pre class="raw">{escape(content.rstrip(), quote=False)}</pre>\n'


def _html_inline(self, tokens, idx, options, env) -> str:
    content = tokens[idx].content
    return "" if _comment(content) else escape(content, quote=False)


def _link_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    href, title = token.attrGet("href"), token.attrGet("title")
    attrs = f' href="{escape(str(href))}" rel="noopener noreferrer"' if href and is_web_address(str(href)) else ""
    if title:
        attrs += f' title="{escape(str(title))}"'
    return f"<a{attrs}>"


def _image(self, tokens, idx, options, env) -> str:
    alt = self.renderInlineAsText(tokens[idx].children or [], options, env)
    return f'<span class="image">[image{": " if alt else ""}{escape(alt, quote=False)}]</span>'


# ---- evidence ------------------------------------------------------------------------------


def _card(v: Verdict, n: int, *, placed: bool) -> str:
    """A claim's evidence: its verdict, what to write or why it is unknown, the figures it
    was compared with, each in its source's sentence, and where they are from. What needs
    an editor is shown open; a supported or suppressed claim's card is a `<details>`
    whose one line says the verdict and why."""
    label = _label(v)
    icon, word = LABELS[label]
    q = v.claim.quantity
    ident = f'id="card-{n}"' if placed else f'id="claim-{n}" tabindex="0"'
    where = f'<a href="#claim-{n}">“{escape(q.text)}”</a>' if placed else f"“{escape(q.text)}”"
    head = (
        f'<span class="icon" aria-hidden="true">{icon}</span> <strong class="verdict">{word}</strong> '
        f'{where} <span class="line">line {v.claim.line}</span>'
    )
    body = []
    line = ""  # what a collapsed card shows beside its head
    if v.suppressed is not None:
        line = f'<span class="reason">{escape(v.suppressed)}</span>'
        body.append(f'<p class="msg">would be {v.verdict}: {escape(message(v))}</p>')
    elif v.verdict == "supported":
        line = f'<span class="msg">{escape(message(v))}</span>'
    else:
        if v.verdict == "contradicted" and v.correction:
            body.append(f'<p class="fix">Write <strong>{escape(v.correction)}</strong></p>')
            body.append(f'<p class="msg">{escape(message(v))}</p>')
        else:
            why = REASONS.get(v.reason or "", v.reason or "")
            if v.comparison and v.reason != "ambiguous" and not v.basis:
                why += f" ({v.comparison})"
            body.append(f'<p class="reason">{escape(why)}</p>')
            if v.basis:
                body.append(f'<p class="msg">{escape(message(v))}</p>')
    figures = [v.figure] if v.figure else list(v.candidates[:1])
    if figures and v.verdict == "unknown" and not v.basis:
        body.append('<p class="label">closest figure</p>')
    elif v.basis:
        body.append('<p class="label">worked out from</p>')
    for f in figures + [b for b in v.basis if b is not v.figure]:
        body.append(_figure(f))
    if label in ("supported", "suppressed"):
        return (
            f'<details class="card {label}" {ident}><summary><span class="head">{head}</span> {line}</summary>'
            + "".join(body)
            + "</details>"
        )
    return f'<div class="card {label}" {ident}><p class="head">{head}</p>' + "".join(body) + "</div>"


def _figure(f: Figure) -> str:
    """A figure in its source's sentence, marked, and the source: title, publisher, date,
    its address (a link only to a web page: never javascript:, data: or a file of the
    reader's machine), the file and line it was read from."""
    s = f.source
    quote, said = f.quote, f.mention.quantity.text
    at = quote.find(said) if said else -1
    if at >= 0:
        shown = (
            f"{escape(quote[:at], quote=False)}<mark>{escape(said, quote=False)}</mark>"
            f"{escape(quote[at + len(said) :], quote=False)}"
        )
    else:
        shown = escape(quote, quote=False)
    cite = [f"<cite>{escape(s.title)}</cite>"] if s.title else []
    cite += [escape(x) for x in (s.publisher, s.published) if x]
    link = ""
    if s.url:
        link = f' <a href="{escape(s.url)}">{escape(s.url)}</a>' if is_web_address(s.url) else f" {escape(s.url)}"
    return (
        f'<blockquote class="quote">{shown}</blockquote>'
        f'<p class="source">{", ".join(cite)}{link} '
        f'<span class="file">({escape(s.path)}, line {f.mention.line})</span></p>'
    )
