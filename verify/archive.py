"""Checking an archive: many drafts, one after another, as JSON lines.

    tally = Tally()  # verify.reporting.jsonl's
    for line in jsonl(check_all(paths, "newsroom.db", jobs=4), tally):
        print(line)

`check_all` reads and checks the drafts in the order of their paths (sorted), one at a
time, and yields one `Checked` record per draft; nothing of a draft is kept once its
lines are written, so memory stays flat however many drafts there are. With `jobs` above
one, drafts are checked in that many worker processes, a few small batches at a time,
and still yielded in path order: the output is the same, byte for byte.

A draft that cannot be read (missing, not text, a front-matter date that does not
exist: any InputError) is listed with its one-line error and the run goes on; so is one
that meets a bug in verify. Only a failure of the run itself (the store) stops it.

The lines are `verify.reporting.jsonl`'s.

`verify.cluster` runs the same check on a Dask cluster, writing these lines in partitions.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import InputError, StoreError, VerifyError
from .reading.document import Document, decode, parse, read
from .reporting.jsonl import Checked
from .reporting.report import claim_records, dumps, summary, warnings
from .store.db import Store

# drafts a worker process checks per task: enough to make a task worth sending, few enough to
# keep the order's buffer small
BATCH = 64
AHEAD = 4  # batches in flight per worker process: enough that none waits for the next
COLLECT = 100  # drafts between two collections of the reference cycles checks leave (see check_one)


_count = 0  # drafts this process has checked (check_one)


def ordered(drafts: Iterable[str | Document]) -> list[str | Document]:
    """The drafts in the order of their paths, each path once (a Document, such as one
    read from standard input, is ordered by the path it is given)."""
    seen: dict[str, str | Document] = {}
    for d in drafts:
        seen.setdefault(d.path if isinstance(d, Document) else str(d), d)
    return [seen[k] for k in sorted(seen)]


def check_one(
    draft: str | Document, store: Store, *, date: str | None = None, tolerances: dict | None = None
) -> Checked:
    """Read and check one draft; a draft that cannot be read or checked is a Checked with
    its error. A failure of the store raises.

    Every COLLECT drafts it collects the reference cycles that checking leaves behind
    (a few ms): `verify` runs with the cycle collector off (verify.adapters.command), and even on,
    it would let them pile up between its rare full collections, so an archive's memory
    would grow with the archive."""
    from .api import check

    global _count
    _count += 1
    if _count % COLLECT == 0:
        import gc

        gc.collect()
    path = draft.path if isinstance(draft, Document) else str(draft)
    try:
        doc = draft if isinstance(draft, Document) else _read(path)
        report = check(doc, store, date=date, tolerances=tolerances)
    except InputError as exc:
        return Checked(path, error=str(exc))
    except VerifyError:
        raise
    except Exception as exc:  # a bug in verify, met on this draft: list it, check the rest
        return Checked(path, error=f"internal error: {type(exc).__name__}: {exc} (please report it)")
    lines = tuple(dumps(r, ensure_ascii=False) for r in claim_records(report))
    return Checked(path, lines, summary([report]), warnings=tuple(warnings(report)))


def _read(path: str) -> Document:
    """A draft, read without pathlib (which interns every file name it meets, for good:
    memory that grows with the archive); `verify.reading.document.read` says why one cannot be read."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return read(path)  # raises its InputError
    return parse(decode(data, where=path), path=path)


def check_all(
    drafts: Iterable[str | Document],
    store: str | Path | None = None,
    *,
    jobs: int = 1,
    date: str | None = None,
    tolerances: dict | None = None,
) -> Iterator[Checked]:
    """Check every draft against the store at `store` (None: the default store), in path
    order, in `jobs` processes; yield each draft's result in path order."""
    items = ordered(drafts)
    kw: dict[str, Any] = {"date": date, "tolerances": tolerances}
    if jobs <= 1 or len(items) <= 1:
        with _open(store) as st:
            for d in items:
                yield check_one(d, st, **kw)
        return
    yield from _pooled(items, _file(store), jobs, kw)


def write_lines(path: Path, lines: Iterable[str]) -> int:
    """Write lines to a file whole or not at all (a temporary file beside it, renamed
    over it when every line is written); return how many were written. OSError as is."""
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    n = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            for line in lines:
                f.write(line + "\n")
                n += 1
        mask = os.umask(0o22)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return n


# ---- worker processes ---------------------------------------------------------------

_store: Store | None = None  # a worker process's store, opened once by _start


def _start(path: str) -> None:
    global _store
    _store = Store.open(path)


def _batch(drafts: list, kw: dict) -> list[Checked]:
    if _store is None:
        raise StoreError("this worker has no store open", fix="open it first (`_start`)")
    return [check_one(d, _store, **kw) for d in drafts]


def _pooled(items: list, store: str, jobs: int, kw: dict) -> Iterator[Checked]:
    """Batches of drafts checked in `jobs` processes, at most AHEAD batches a process in
    flight (memory stays flat), yielded in the order given, not as they finish."""
    from concurrent.futures import ProcessPoolExecutor

    from .workers import _context

    with ProcessPoolExecutor(
        jobs, mp_context=_context(("verify.archive", "verify.api")), initializer=_start, initargs=(store,)
    ) as pool:
        pending: deque = deque()
        for i in range(0, len(items), BATCH):
            pending.append(pool.submit(_batch, items[i : i + BATCH], kw))
            if len(pending) >= jobs * AHEAD:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _open(store: str | Path | None) -> Store:
    from .store.seeds import default_store

    return Store.open(store) if store is not None else default_store()


def _file(store: str | Path | None) -> str:
    """The store's file, which other processes open (the default store's, built if need be)."""
    from .store.seeds import default_store_file

    return str(store) if store is not None else default_store_file()
