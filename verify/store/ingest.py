"""Ingesting sources: source files read (`verify.reading.sourcetext`) and written to a store.

Reading happens outside any transaction, so a long document holds no lock while it is
read; writing (`write`) inside one. A document is known across versions by its key: its
url, else its full path (a file's, resolved; over HTTP, the name the caller gives, never
looked up on disk). The same content again changes nothing, a changed one becomes the
current version and its predecessor's figures are kept, marked superseded. Editors'
reviews of the document's figures are applied again to each new version
(`verify.store.review`). The files of one run are written all or none.
"""

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from ..errors import InputError, UsageError
from ..reading.document import decode, is_web_address
from ..reading.sourcetext import (  # noqa: F401  (reading a source, as callers of ingest have known it)
    Prepared,
    digest,
    find_date,
    is_html,
    prepare,
    read,
    title_of,
)
from .db import Store

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
    dated: bool = True  # the document's publication date was found or given (else "last year" is unread)

    @property
    def new(self) -> bool:
        return self.state != "unchanged"


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
    source_id, count = store.add_document(doc)
    superseded = store.supersede(previous.id, source_id) if previous else 0
    applied, orphaned = review.apply(store, source_id)
    return Ingested(
        doc.path, source_id, count, "updated" if previous else "new", superseded, applied, orphaned, bool(doc.published)
    )


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
        raise InputError(
            f"is {kind}; verify ingests .txt, .md and .html",
            where=path,
            fix="convert it to text, or rename it if it is text",
        )
    return text


def ingest_files(
    store: Store,
    paths: list[str],
    *,
    date: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
    each: Callable[[], None] | None = None,
) -> list[Ingested]:
    """Ingest several files in one transaction: all of them, or (on any error) none.
    Files are read before the transaction starts, so writers wait only for the writing.
    Each is known by its full path (two report.txt in two folders are two documents), or
    by its `url` when given, and named by its file name. `date`, `title`, `publisher`
    and `url` say what the text does not (a title or url is one document's: give one file).
    `each` is called as each file has been read (a progress bar's step)."""
    meta = _meta(paths, title=title, publisher=publisher, url=url)
    return _write_files(store, _read_files(store, paths, date, meta, each), date)


def _meta(paths: list[str], **given: str | None) -> dict[str, str]:
    meta = {k: v.strip() for k, v in given.items() if v is not None}
    for k, v in meta.items():
        if not v:
            raise UsageError(f"--{k} is empty", where=f"--{k}", fix=f"give the source's {k}, or leave the option out")
    one = [k for k in ("title", "url") if k in meta]
    if one and len(paths) > 1:
        raise UsageError(
            f"--{one[0]} names one document, but {len(paths)} files are given",
            where=f"--{one[0]}",
            fix="ingest the files one at a time",
        )
    if "url" in meta and not is_web_address(meta["url"]):
        raise UsageError(f"{meta['url']!r} is not a web address", where="--url", fix="write it as https://...")
    return meta


def ingest_into(
    store_path: str | Path,
    paths: list[str],
    *,
    date: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
    each: Callable[[], None] | None = None,
) -> list[Ingested]:
    """Ingest files into the store at `store_path`, made if there is none. A store this
    makes is made only once every file has been read, and is removed again if writing
    fails: a failed ingest leaves no new, empty store behind (which a later check would
    read as a store that has nothing to say)."""
    target = Path(store_path)
    if target.exists():
        with Store.open(target) as st:
            return ingest_files(st, paths, date=date, title=title, publisher=publisher, url=url, each=each)
    meta = _meta(paths, title=title, publisher=publisher, url=url)
    docs = _read_files(None, paths, date, meta, each)  # a file that cannot be read makes no store
    try:
        with Store.open(target, create=True) as st:
            return _write_files(st, docs, date)
    except BaseException:
        _remove_if_empty(target)
        raise


def _read_files(
    store: Store | None,
    paths: list[str],
    date: str | None,
    meta: dict | None = None,
    each: Callable[[], None] | None = None,
) -> list[tuple]:
    """(name, key, text, the document read, or None for one `store` holds) for each file."""
    docs = []
    for p in paths:
        text = read_file(p)
        name, key = Path(p).name, str(Path(p).resolve())
        held = store.source_by_hash(digest(text)) if store is not None else None
        try:
            doc = (
                None
                if held and held.superseded_by is None
                else read(text, path=name, key=key, published=date, **(meta or {}))
            )
        except InputError as exc:  # named as the user named it ("name:3" is "path:3")
            where = p + exc.where.removeprefix(name) if exc.where and exc.where.startswith(name) else p
            raise InputError(exc.what, where=where, fix=exc.fix) from None
        docs.append((name, key, text, doc))
        if each is not None:
            each()
    return docs


def _write_files(store: Store, docs: list[tuple], date: str | None) -> list[Ingested]:
    results = []
    with store.transaction():
        for name, key, text, doc in docs:
            results.append(
                write(store, doc) if doc else store_document(store, text, path=name, key=key, published=date)
            )
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
