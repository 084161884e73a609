"""The HTML report: the draft itself, each claim highlighted by its verdict.

One self-contained file (no script, no network): hovering over a claim, or clicking or
tabbing to it, shows its verdict, what the source says, the quote and where it is from.
The draft is shown as written (markdown source, line for line), so every highlighted
claim sits exactly where the editor typed it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .formats import summary_line, unused_text
from .models import Figure, Report, Verdict
from .report import REASONS, message

_CSS = """
:root { --supported: #1a7f37; --contradicted: #cf222e; --unknown: #9a6700; --suppressed: #6e7781; }
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 54rem; padding: 1rem 1.5rem 4rem; color: #1f2328; }
h1 { font-size: 1.4rem; margin-bottom: .2rem; } h2 { font-size: 1.1rem; margin: 2rem 0 .3rem; }
.summary { color: #57606a; margin-top: 0; }
.legend span { margin-right: 1rem; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; font: 15px/1.6 ui-monospace, SFMono-Regular, Menlo, monospace;
        background: #f6f8fa; border-radius: 6px; padding: 1rem; }
.claim { position: relative; border-radius: 3px; padding: 0 1px; cursor: help; outline-offset: 2px; }
.claim.supported { background: #dafbe1; box-shadow: inset 0 -2px var(--supported); }
.claim.contradicted { background: #ffebe9; box-shadow: inset 0 -2px var(--contradicted); }
.claim.unknown { background: #fff8c5; box-shadow: inset 0 -2px var(--unknown); }
.claim.suppressed { background: #eaeef2; box-shadow: inset 0 -2px var(--suppressed); }
.claim .evidence { display: none; position: absolute; left: 0; top: 1.6em; z-index: 10; width: 28rem; max-width: 80vw;
        white-space: normal; font: 14px/1.45 system-ui, sans-serif; background: #fff; color: #1f2328;
        border: 1px solid #d0d7de; border-radius: 6px; padding: .6rem .8rem; box-shadow: 0 8px 24px rgba(140,149,159,.3); }
.claim:hover .evidence, .claim:focus .evidence, .claim:focus-within .evidence { display: block; }
.evidence .verdict { font-weight: 600; text-transform: uppercase; font-size: 12px; letter-spacing: .04em; }
.evidence .msg { display: block; }
.evidence .quote { display: block; margin: .4rem 0; padding-left: .6rem; border-left: 3px solid #d0d7de; color: #57606a; }
.evidence .source { display: block; font-size: 13px; color: #57606a; }
.supported .verdict { color: var(--supported); } .contradicted .verdict { color: var(--contradicted); }
.unknown .verdict { color: var(--unknown); } .suppressed .verdict { color: var(--suppressed); }
.unused { color: var(--unknown); }
@media print { .claim .evidence { display: none !important; } }
"""


def render_html(reports: Sequence[Report]) -> str:
    title = reports[0].draft if len(reports) == 1 else f"{len(reports)} drafts"
    parts = [
        "<!doctype html>",
        '<html lang="en">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>verify: {escape(title)}</title>",
        f"<style>{_CSS}</style></head>",
        "<body>",
        "<header><h1>verify report</h1>",
        f'<p class="summary" id="summary">{escape(summary_line(reports))}</p>',
        '<p class="legend"><span class="claim supported">supported</span><span class="claim contradicted">contradicted</span>'
        '<span class="claim unknown">unknown</span><span class="claim suppressed">suppressed</span> '
        "Hover over a claim, or click or tab to it, for its evidence.</p></header>",
        "<main>",
    ]
    n = 0
    for report in reports:
        parts.append(f'<section class="draft"><h2>{escape(report.draft)}</h2>')
        parts.append(f'<p class="summary">{escape(summary_line([report]))}</p>')
        if report.unused:
            parts.append('<ul class="unused">' + "".join(
                f"<li>line {s.line}: {escape(unused_text(s))}</li>" for s in report.unused) + "</ul>")
        pieces, pos = [], 0
        for v in sorted(report.verdicts, key=lambda v: v.claim.quantity.start):
            q = v.claim.quantity
            if q.start < pos or q.end > len(report.text):
                continue
            n += 1
            pieces.append(escape(report.text[pos:q.start]))
            pieces.append(_mark(v, n, report.text[q.start:q.end]))
            pos = q.end
        pieces.append(escape(report.text[pos:]))
        parts.append(f'<div class="text">{"".join(pieces)}</div></section>')
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


def _mark(v: Verdict, n: int, text: str) -> str:
    label = "suppressed" if v.suppressed is not None else v.verdict
    body = [f'<span class="verdict">{label}</span>']
    if v.suppressed is not None:
        body.append(f'<span class="msg">{escape(v.suppressed)} (would be {v.verdict}: {escape(message(v))})</span>')
    else:
        body.append(f'<span class="msg">{escape(message(v))}</span>')
    figures = [v.figure] if v.figure else list(v.candidates[:1])
    for f in figures + [b for b in v.basis if b is not v.figure]:
        body.append(_figure(f))
    if v.verdict == "unknown" and v.reason and not figures:
        body.append(f'<span class="msg">{escape(REASONS.get(v.reason, v.reason))}</span>')
    return (f'<mark class="claim {label}" id="claim-{n}" tabindex="0" data-verdict="{label}" '
            f'aria-describedby="evidence-{n}">{escape(text)}'
            f'<span class="evidence" role="tooltip" id="evidence-{n}">{"".join(body)}</span></mark>')


def _figure(f: Figure) -> str:
    s = f.source
    cite = ", ".join(escape(x) for x in (s.publisher, s.title, s.published) if x)
    link = ""
    if s.url:  # a link only to a web page: never javascript:, data: or a file of the reader's machine
        link = f' <a href="{escape(s.url)}">{escape(s.url)}</a>' if _web(s.url) else f" {escape(s.url)}"
    return (f'<span class="quote">{escape(f.quote)}</span>'
            f'<span class="source">{cite}{link} ({escape(s.path)}, line {f.mention.line})</span>')


def _web(url: str) -> bool:
    """Is `url` an http or https address (the only kind the report links to)?"""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
