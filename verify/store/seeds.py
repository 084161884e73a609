"""The default store: built from the seed documents, never stale.

The seeds are the documents in the project's `seeds/` folder (shipped inside the
package as `verify/_seeds` by a non-editable install) with their metadata in
`seeds/sources.toml`. The store built from them is cached under the user's cache
directory, named by a hash of the seeds *and* of verify's own code and data: a
change to either gives a new name, so a cached store can never be stale. Where no
cache directory is writable the store is built in memory for the run.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

from ..errors import StoreAccessError, StoreError, StoreFullError
from .db import Store

PACKAGE = Path(__file__).resolve().parent.parent  # verify/


def seeds_dir() -> Path:
    """Where the seed documents are: the checkout's seeds/, else the installed copy."""
    for candidate in (PACKAGE.parent / "seeds", PACKAGE / "_seeds"):
        if (candidate / "sources.toml").is_file():
            return candidate
    raise StoreError("the seed documents are missing", where=str(PACKAGE), fix="reinstall verify, or pass --store PATH")


def seed_sources(folder: Path) -> list[dict]:
    """The [[source]] entries of sources.toml, checked against the folder."""
    import tomllib

    try:
        meta = tomllib.loads((folder / "sources.toml").read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise StoreError(f"sources.toml is not valid TOML ({exc})", where=str(folder), fix="correct it") from None
    entries = meta.get("source", [])
    listed = {e.get("file") for e in entries}
    present = {p.name for p in folder.iterdir() if p.is_file() and p.name != "sources.toml"}
    if present - listed:
        raise StoreError(
            f"documents not listed in sources.toml: {', '.join(sorted(present - listed))}",
            where=str(folder),
            fix="add a [[source]] entry for each",
        )
    if listed - present:
        raise StoreError(
            f"sources.toml lists missing documents: {', '.join(sorted(map(str, listed - present)))}",
            where=str(folder),
            fix="add the files or remove their entries",
        )
    return entries


def fingerprint(folder: Path) -> str:
    """A checksum of the seeds (their contents) and one of the code and data that read
    them (each file's name, size and time of last change), 16 hex digits: reading every
    file, and a cryptographic hash (OpenSSL loads in ~3 ms), cost more than a check
    should spend on naming its store."""
    seeds = code = 0
    for f in sorted(folder.iterdir()):
        if f.is_file():
            seeds = zlib.crc32(f.read_bytes(), zlib.crc32(f.name.encode(), seeds))
    for f in sorted(PACKAGE.rglob("*.py")) + sorted((PACKAGE / "data").iterdir()):
        if f.is_file():
            st = f.stat()
            code = zlib.crc32(f"{f.name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode(), code)
    return f"{seeds:08x}{code:08x}"


def cache_dir() -> Path:
    from ..cache import directory

    return directory()


def build(store: Store, folder: Path) -> None:
    """Ingest every seed document into an empty store, in one transaction."""
    from ..reading.document import decode
    from .ingest import store_document

    with store.transaction():
        for entry in seed_sources(folder):
            path = folder / entry["file"]
            text = decode(path.read_bytes(), where=str(path))
            store_document(
                store,
                text,
                path=entry["file"],
                title=entry.get("title"),
                publisher=entry.get("publisher"),
                published=str(entry["published"]) if entry.get("published") else None,
                author=entry.get("author"),
                url=entry.get("url"),
            )


def default_store() -> Store:
    """Open the default store, building it first if this version of the seeds has none
    (in memory, for the run, where no cache directory can be written)."""
    folder = seeds_dir()
    target = cache_dir() / f"default-{fingerprint(folder)}.db"
    if not target.is_file():
        try:
            _build_file(folder, target)
        except (OSError, StoreAccessError, StoreFullError):  # the cache cannot be written
            store = Store.open(":memory:", create=True)
            build(store, folder)
            return store
    return Store.open(target)


def default_store_file() -> str:
    """The default store's file, built first if this version of the seeds has none; where
    no cache directory can be written, in a temporary folder (a server's processes share
    the file, which they could not do with a store in memory)."""
    folder = seeds_dir()
    target = cache_dir() / f"default-{fingerprint(folder)}.db"
    if not target.is_file():
        try:
            _build_file(folder, target)
        except (OSError, StoreAccessError, StoreFullError):  # the cache cannot be written
            import tempfile

            target = Path(tempfile.mkdtemp(prefix="verify-")) / target.name
            _build_file(folder, target)
    return str(target)


def _build_file(folder: Path, target: Path) -> None:
    """Build the store into a temporary file beside `target`, then rename it into place
    (atomic: readers see no store or a whole one). OSError where the folder cannot be written."""
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".building-", suffix=".db", dir=target.parent)
    os.close(fd)
    os.unlink(tmp)
    try:
        store = Store.open(tmp, create=True)
        build(store, folder)
        store.conn.execute("PRAGMA journal_mode = DELETE")
        store.close()
        os.replace(tmp, target)
    finally:
        for leftover in (tmp, tmp + "-wal", tmp + "-shm"):
            if os.path.exists(leftover):
                os.unlink(leftover)
