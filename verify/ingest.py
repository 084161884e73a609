"""Ingesting sources: read a document, find its figures, write them to a store.

A source is read like a draft (`verify.document`, `verify.claims`), with its
publication date resolving "last year". What is known about a document that it does
not say itself (title, publisher, date) can be passed in; otherwise the title is the
first line and the date is looked for in the text ("Updated: 2024-05-20", a
dateline). Re-ingesting the same content changes nothing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .claims import mentions
from .document import decode, parse
from .errors import InputError, UsageError
from .store import Store


@dataclass(frozen=True, slots=True)
class Ingested:
    """What ingesting one file did."""

    path: str  # the file
    source_id: int  # its row in the store
    figures: int  # figures written (0 when it was already there)
    new: bool  # False when the same content was already in the store


_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
_ISO = re.compile(r"\b(20\d{2}|19\d{2})-(\d{2})-(\d{2})\b")
_LONG = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
                   r"\s+(\d{1,2}),\s+(\d{4})")
_HTML_DROP = re.compile(r"(?is)<(script|style|nav|header|footer|figcaption)\b.*?</\1\s*>")


def find_date(text: str) -> str | None:
    """The publication date a document states near its top, as YYYY-MM-DD."""
    head = text[:600]
    labelled = re.search(r"(?i)(?:updated|published|issued|posted|date)\s*:?\s*(\d{4}-\d{2}-\d{2})", head)
    if labelled:
        return labelled.group(1)
    iso = _ISO.search(head)
    if iso:
        return iso.group()
    long = _LONG.search(head)
    if long:
        return f"{int(long.group(3)):04d}-{_MONTHS[long.group(1).lower()]:02d}-{int(long.group(2)):02d}"
    return None


def title_of(text: str, path: str) -> str:
    if is_html(path):
        m = re.search(r"(?is)<title[^>]*>(.*?)</title>|<h1[^>]*>(.*?)</h1>", text)
        if m:
            return " ".join(re.sub(r"<[^>]*>", " ", m.group(1) or m.group(2)).split())[:200] or Path(path).name
        return Path(path).name
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip()
        if len(line) > 3:
            return line[:200]
    return Path(path).name


_BLOCK_TAG = re.compile(r"(?i)</?(?:p|div|br|h[1-6]|li|ul|ol|tr|td|th|table|section|article|title|blockquote)\b[^>]*>")


def is_html(path: str) -> bool:
    return path.lower().endswith((".html", ".htm"))


def prepare(text: str, path: str) -> str:
    """Text to read figures from: HTML loses its markup, offsets kept, a block-level tag
    ending its paragraph; other documents stay as they are."""
    if not is_html(path):
        return text
    chars = list(text)
    for pattern in (_HTML_DROP, re.compile(r"<[^>]*>"), re.compile(r"&[a-z]+;|&#\d+;")):
        for m in pattern.finditer(text):
            for i in range(*m.span()):
                if chars[i] != "\n":
                    chars[i] = " "
    for m in _BLOCK_TAG.finditer(text):
        if m.end() - m.start() >= 2:
            chars[m.start()] = chars[m.start() + 1] = "\n"  # a paragraph break, same length
    return "".join(chars)


def ingest_text(store: Store, text: str, *, path: str, title: str | None = None, publisher: str | None = None,
                published: str | None = None, author: str | None = None, url: str | None = None) -> Ingested:
    """Add one document to the store (inside the caller's transaction)."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    existing = store.conn.execute("SELECT id FROM sources WHERE content_hash=?", (digest,)).fetchone()
    if existing:
        return Ingested(path, int(existing[0]), 0, False)
    if not text.strip():
        raise InputError("is empty", where=path, fix="give a document with text in it")
    date = published or find_date(prepare(text, path) if is_html(path) else text)
    if date and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise UsageError(f"date {date!r} is not YYYY-MM-DD", where=path, fix="write the date like 2024-05-20")
    doc = parse(prepare(text, path), path=path)
    found = mentions(doc, date=date)
    source_id = store.add_source(path=path, title=title or title_of(text, path), text=text, content_hash=digest,
                                 publisher=publisher, published=date, author=author, url=url)
    store.add_figures(source_id, found)
    return Ingested(path, source_id, len(found), True)


def ingest_files(store: Store, paths: list[str], *, date: str | None = None) -> list[Ingested]:
    """Ingest several files in one transaction: all of them, or (on any error) none."""
    texts = []
    for p in paths:
        try:
            data = Path(p).read_bytes()
        except FileNotFoundError:
            raise InputError("no such file", where=p, fix="check the path") from None
        except IsADirectoryError:
            raise InputError("is a directory", where=p, fix="name the files to ingest") from None
        except OSError as exc:
            raise InputError(f"cannot be read ({exc.strerror})", where=p, fix="check its permissions") from None
        texts.append((p, decode(data, where=p)))
    results = []
    with store.transaction():
        for p, text in texts:
            results.append(ingest_text(store, text, path=Path(p).name, published=date))
    return results
