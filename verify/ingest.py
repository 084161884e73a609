"""Ingesting sources: read a document, find its figures, write them to a store.

A source is read like a draft (`verify.document`, `verify.claims`), with its
publication date resolving "last year". What is known about a document that it does
not say itself (title, publisher, date) can be passed in; otherwise the title is the
first line and the date is looked for in the text ("Updated: 2024-05-20", a
dateline). Page boilerplate (navigation, photo captions flagged as such; the
patterns are data, in data/boilerplate.toml) is blanked out before reading.

Reading (`read`) happens outside any transaction, so a long document holds no lock
while it is read; writing (`write`) inside one. A document is known across versions by
its key: its url, else its full path (a file's, resolved; over HTTP, the name the
caller gives, never looked up on disk). The same content again changes nothing, a
changed one becomes the current version and its predecessor's figures are kept, marked
superseded. Editors' reviews of the document's figures are applied again to each new
version (`verify.review`).

HTML is read in time linear in its length: every pattern below is bounded by the next
`<` or `>`, or looks for an element's end once (a page of 40,000 unclosed tags must
not take seconds).
"""

from __future__ import annotations

import hashlib
import math
import re
import tomllib

from functools import cache
from pathlib import Path
from typing import NamedTuple

from . import frames
from .cache import regex
from .claims import mentions
from .document import decode, parse
from .errors import InputError, UsageError
from .models import Mention
from .store import Store

SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm")


class Ingested(NamedTuple):
    """What ingesting one file did."""

    path: str  # the file
    source_id: int  # its row in the store
    figures: int  # figures written (0 when it was already there)
    state: str  # new | updated (a new version of a document already held) | unchanged
    superseded: int = 0  # figures of the previous version now marked superseded
    reviews: int = 0  # editors' reviews applied to the new figures
    orphaned: tuple[str, ...] = ()  # reviews that no longer match a figure (their sentence changed)

    @property
    def new(self) -> bool:
        return self.state != "unchanged"


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


_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
_ISO = regex(r"\b(20\d{2}|19\d{2})-(\d{2})-(\d{2})\b")
_LONG = regex(r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
                   r"\s+(\d{1,2}),\s+(\d{4})")
_DROPPED = ("script", "style", "nav", "header", "footer", "aside", "figcaption", "noscript", "form", "button", "svg",
            "template", "iframe", "select")  # elements whose whole content is page furniture
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
    return None


def title_of(text: str, path: str) -> str:
    if is_html(path):
        found = [e for e in (_element(text, "title"), _element(text, "h1")) if e]
        if found:
            inner = min(found)[1]
            return " ".join(_tags_blanked(inner).split())[:200] or Path(path).name
        return Path(path).name
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip()
        line = line[_DATELINE.match(line).end():] if _DATELINE.match(line) else line
        if len(line) > 3 and not _is_boilerplate(line) and not _DATE_LINE.fullmatch(line):
            return line[:200]
    return Path(path).name


# a wire dateline before a story's first words, which is no part of a title: "SHENZHEN,
# China, April 2, 2025 /PRNewswire/ --", "BEIJING, May 20 (Xinhua) --", "LONDON (Reuters) -"
_DATELINE = regex(r"[A-Z][A-Z .'-]{1,40}(?:,\s*[A-Z][A-Za-z .'-]{1,40}){0,2}"
                  r"(?:(?:,\s*[A-Z][a-z]+\.?\s+\d{1,2}(?:,\s*\d{4})?)\s*(?:/[^/\n]{1,40}/|\([^()\n]{1,40}\))?"
                  r"|\s*(?:/[^/\n]{1,40}/|\([^()\n]{1,40}\)))"  # a date, or the wire's name: not "GDP - a primer"
                  r"\s*(?:--|—|–|-)\s+(?=\S)")


# a line that only dates the document: "Updated: 2015-10-19", "31 October 2024", "PRESS RELEASE"
_DATE_LINE = regex(r"(?i)(?:(?:updated|published|posted|issued|date|press\s+release|news\s+release|for\s+immediate\s+release)"
                        r"\s*:?\s*)*(?:\d{4}-\d{2}-\d{2}|\d{1,2}\s+[A-Za-z]+\s+\d{4}|[A-Za-z]+\.?\s+\d{1,2},\s+\d{4})?")


_BLOCK_TAG = regex(r"(?i)</?(?:p|div|br|h[1-6]|li|ul|ol|tr|td|th|table|section|article|title|blockquote)\b[^>]*>")


def is_html(path: str) -> bool:
    return path.lower().endswith((".html", ".htm"))


@cache
def _boilerplate() -> tuple[re.Pattern, ...]:
    data = tomllib.loads((Path(__file__).parent / "data" / "boilerplate.toml").read_text(encoding="utf-8"))
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
    return (opening.start(), text[gt + 1:closing.start()]) if closing else None


def _tags(text: str):
    """The matches of `<[^>]*>` in `text`, in linear time: a `<` with no `>` after it
    starts no tag, so the search stops at the last `>`."""
    return regex(r"<[^>]*>").finditer(text, 0, text.rfind(">") + 1)


def _tags_blanked(text: str) -> str:
    out, pos = [], 0
    for m in _tags(text):
        out += [text[pos:m.start()], " "]
        pos = m.end()
    return "".join(out) + text[pos:]


def _dropped(text: str):
    """The spans of the elements `_DROPPED` names, each from its opening tag to the first
    closing tag of its name after it (as `(?is)<(name)\\b.*?</\\1\\s*>` would find them),
    in linear time: the closing tags are found once, and each opening tag looks its own
    up (bisect) instead of scanning on to the end of the text."""
    from bisect import bisect_left

    closings: dict[str, list[tuple[int, int]]] = {}
    for m in _DROP_CLOSE.finditer(text):
        closings.setdefault(m.group(1).lower(), []).append((m.start(), m.end()))
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
    loses its markup (a block-level tag ending its paragraph), and lines of page
    boilerplate are blanked."""
    chars = list(text)
    if is_html(path):
        last = text.rfind(">") + 1  # a `[^>]*>` cannot end past the last `>`: stop there (linear time)
        spans = [*_dropped(text), *(m.span() for m in _tags(text)),
                 *(m.span() for m in regex(r"&[a-z]+;|&#\d+;").finditer(text))]
        for start, end in spans:
            for i in range(start, end):
                if chars[i] != "\n":
                    chars[i] = " "
        for m in _BLOCK_TAG.finditer(text, 0, last):
            if m.end() - m.start() >= 2:
                chars[m.start()] = chars[m.start() + 1] = "\n"  # a paragraph break, same length
    out = "".join(chars)
    pos = 0
    for line in out.split("\n"):
        if line.strip() and _is_boilerplate(line.strip()):
            chars[pos:pos + len(line)] = " " * len(line)
        pos += len(line) + 1
    return "".join(chars)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read(text: str, *, path: str, key: str | None = None, title: str | None = None, publisher: str | None = None,
         published: str | None = None, author: str | None = None, url: str | None = None,
         strict: bool = True) -> Prepared:
    """Read a document's figures. It is known by its `url`, else by `key`, else by `path`
    (the name it is read under). `strict` refuses a document with no text, no figures, or
    a figure that is no finite number ("1e400" is read as infinity, which would agree with
    any claim it is compared with); not strict (a store migrated), such figures are kept
    as an older verify stored them, and checks judge nothing by them."""
    if strict and not text.strip():
        raise InputError("is empty", where=path, fix="give a document with text in it")
    prepared = prepare(text, path)
    date = published or find_date(prepared)
    if date and not regex(r"\d{4}-\d{2}-\d{2}").fullmatch(date):
        raise UsageError(f"date {date!r} is not YYYY-MM-DD", where=path, fix="write the date like 2024-05-20")
    title = title or title_of(text, path)
    doc = parse(prepared, path=path)
    ctx = frames.context(doc.visible, title=title, anchor=date)
    found = tuple(mentions(doc, date=date, title=title, context=ctx))
    if strict and not found:
        raise InputError("has no figures: no number in it could be read", where=path,
                         fix="check that it is the document you meant (verify reads figures from prose and tables)")
    bad = next((m for m in found if not _finite(m.quantity)), None) if strict else None
    if bad is not None:
        raise InputError(f"figure {bad.quantity.text!r} is not a finite number (it is past the largest number"
                         " verify can hold)", where=f"{path}:{bad.line}",
                         fix="correct the number in the document, or remove it, and ingest it again")
    about = {"entity": list(ctx.entity) if ctx.entity else None, "period": ctx.period.label if ctx.period else None,
             "calendars": [list(c) for c in ctx.calendars]}
    return Prepared(url or key or path, path, title, publisher, date, author, url, text, digest(text), about, found)


def _finite(q) -> bool:
    """A quantity whose value, precision and value in its dimension's base unit are all
    finite numbers."""
    from . import units
    from .store import normalised

    if not (math.isfinite(q.value) and math.isfinite(q.step)):
        return False
    try:
        norm = normalised(q, units)
    except Exception:  # a unit verify cannot convert: its value is judged, not this
        return True
    return norm is None or math.isfinite(norm)


def store_document(store: Store, text: str, *, path: str, strict: bool = True, **meta) -> Ingested:
    """Read a document and add it to the store (inside the caller's transaction)."""
    held = store.source_by_hash(digest(text))
    if held and held.superseded_by is None:
        return Ingested(path, held.id, 0, "unchanged")
    return write(store, read(text, path=path, strict=strict, **meta))


def ingest_text(store: Store, text: str, *, path: str, strict: bool = True, **meta) -> Ingested:
    """Read a document, then add it to the store in a transaction of its own: the store is
    locked only while the figures are written, never while the text is read."""
    held = store.source_by_hash(digest(text))
    doc = None if held and held.superseded_by is None else read(text, path=path, strict=strict, **meta)
    with store.transaction():
        if doc is None:  # held when looked at: still so, or (another writer) read it now
            return store_document(store, text, path=path, strict=strict, **meta)
        return write(store, doc)


def write(store: Store, doc: Prepared) -> Ingested:
    """Add a document read by `read` to the store, inside the caller's transaction."""
    from . import review

    held = store.source_by_hash(doc.digest)
    if held and held.superseded_by is None:
        return Ingested(doc.path, held.id, 0, "unchanged")
    if held:  # an earlier version again: it is read afresh and becomes the current version
        store.delete_source(held.id)
    previous = store.current(doc.key, by_name=False)
    if previous is not None:
        store.known_by_name(doc.key)
    elif doc.url is None:  # a document an older verify knew by this file name alone, if any
        previous = store.take_over(doc.key)
    source_id = store.add_source(key=doc.key, path=doc.path, title=doc.title, text=doc.text, content_hash=doc.digest,
                                 about=doc.about, publisher=doc.publisher, published=doc.published,
                                 author=doc.author, url=doc.url)
    count = store.add_figures(source_id, list(doc.mentions))
    superseded = store.supersede(previous.id, source_id) if previous else 0
    applied, orphaned = review.apply(store, source_id)
    return Ingested(doc.path, source_id, count, "updated" if previous else "new", superseded, applied, orphaned)


def read_file(path: str) -> str:
    """The text of a source file, or a one-line error saying why it cannot be one."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", where=path, fix="check the path") from None
    except IsADirectoryError:
        raise InputError("is a directory", where=path, fix="name the files to ingest") from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", where=path, fix="check its permissions") from None
    text = decode(data, where=path)
    if p.suffix.lower() not in SUFFIXES:
        kind = f"a {p.suffix} file" if p.suffix else "a file with no extension"
        raise InputError(f"is {kind}; verify ingests .txt, .md and .html", where=path,
                         fix="convert it to text, or rename it if it is text")
    return text


def ingest_files(store: Store, paths: list[str], *, date: str | None = None, title: str | None = None,
                 publisher: str | None = None, url: str | None = None) -> list[Ingested]:
    """Ingest several files in one transaction: all of them, or (on any error) none.
    Files are read before the transaction starts, so writers wait only for the writing.
    Each is known by its full path (two report.txt in two folders are two documents), or
    by its `url` when given, and named by its file name. `date`, `title`, `publisher`
    and `url` say what the text does not (a title or url is one document's: give one file)."""
    meta = _meta(paths, title=title, publisher=publisher, url=url)
    return _write_files(store, _read_files(store, paths, date, meta), date)


def _meta(paths: list[str], **given: str | None) -> dict[str, str]:
    meta = {k: v.strip() for k, v in given.items() if v is not None}
    for k, v in meta.items():
        if not v:
            raise UsageError(f"--{k} is empty", where=f"--{k}", fix=f"give the source's {k}, or leave the option out")
    one = [k for k in ("title", "url") if k in meta]
    if one and len(paths) > 1:
        raise UsageError(f"--{one[0]} names one document, but {len(paths)} files are given", where=f"--{one[0]}",
                         fix="ingest the files one at a time")
    if "url" in meta and not regex(r"(?i)https?://\S+").fullmatch(meta["url"]):
        raise UsageError(f"{meta['url']!r} is not a web address", where="--url", fix="write it as https://...")
    return meta


def ingest_into(store_path: str | Path, paths: list[str], *, date: str | None = None, title: str | None = None,
                publisher: str | None = None, url: str | None = None) -> list[Ingested]:
    """Ingest files into the store at `store_path`, made if there is none. A store this
    makes is made only once every file has been read, and is removed again if writing
    fails: a failed ingest leaves no new, empty store behind (which a later check would
    read as a store that has nothing to say)."""
    target = Path(store_path)
    if target.exists():
        with Store.open(target) as st:
            return ingest_files(st, paths, date=date, title=title, publisher=publisher, url=url)
    meta = _meta(paths, title=title, publisher=publisher, url=url)
    docs = _read_files(None, paths, date, meta)  # a file that cannot be read makes no store
    try:
        with Store.open(target, create=True) as st:
            return _write_files(st, docs, date)
    except BaseException:
        _remove_if_empty(target)
        raise


def _read_files(store: Store | None, paths: list[str], date: str | None, meta: dict | None = None) -> list[tuple]:
    """(name, key, text, the document read, or None for one `store` holds) for each file."""
    docs = []
    for p in paths:
        text = read_file(p)
        name, key = Path(p).name, str(Path(p).resolve())
        held = store.source_by_hash(digest(text)) if store is not None else None
        try:
            doc = None if held and held.superseded_by is None else read(text, path=name, key=key, published=date,
                                                                         **(meta or {}))
        except InputError as exc:  # named as the user named it ("name:3" is "path:3")
            where = p + exc.where.removeprefix(name) if exc.where and exc.where.startswith(name) else p
            raise InputError(exc.what, where=where, fix=exc.fix) from None
        docs.append((name, key, text, doc))
    return docs


def _write_files(store: Store, docs: list[tuple], date: str | None) -> list[Ingested]:
    results = []
    with store.transaction():
        for name, key, text, doc in docs:
            results.append(write(store, doc) if doc else store_document(store, text, path=name, key=key, published=date))
    return results


def _remove_if_empty(target: Path) -> None:
    """Remove a store file that holds no source, if no other process is writing to it (one
    that made the same new store at the same moment keeps it)."""
    import sqlite3

    if not target.is_file():
        return
    try:
        conn = sqlite3.connect(str(target), isolation_level=None, timeout=0)
        try:
            conn.execute("BEGIN IMMEDIATE")  # no other writer now, and none until it is gone
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "sources" in tables and conn.execute("SELECT 1 FROM sources LIMIT 1").fetchone():
                return
            for leftover in (target, *(target.with_name(target.name + s) for s in ("-wal", "-shm", "-journal"))):
                leftover.unlink(missing_ok=True)
        finally:
            conn.close()
    except (sqlite3.Error, OSError):  # busy, or not ours to remove: left as it is
        pass
