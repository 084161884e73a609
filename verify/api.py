"""verify's top level: check a draft against a store.

    report = check(read("draft.md"), default_store())

reads the draft's claims, asks the store for candidate figures, aligns each claim
with them and judges it. The CLI and the server are thin adapters over this.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .judging import suppress
from .judging.align import align
from .judging.deriving import Rates, convert_currencies, is_change, judge_change
from .judging.tolerances import Tolerances
from .judging.tolerances import tolerances as checked
from .judging.verdicts import judge, unjudgeable
from .models import Figure, Frame, Mention, Period, Quantity, Report, Suppression, Verdict
from .reading import dates
from .reading.claims import Reading
from .reading.document import Document
from .reading.frames import Carry
from .store.db import Store


def check(
    doc: Document,
    store: Store,
    *,
    date: str | None = None,
    tolerances: Tolerances | Mapping[str, float] | None = None,
    workers: int = 1,
) -> Report:
    """Judge every claim of `doc` against the figures in `store`.

    Each claim's frame (what metric, whose, how qualified, when) is aligned field by
    field with the figures the store offers for it (`verify.judging.align`), and judged
    (`verify.judging.verdicts`), with `tolerances`: a `verify.judging.tolerances.Tolerances`, or a mapping
    that replaces some of the defaults in data/verdicts.toml (checked: UsageError). Claims the draft
    suppresses (`<!-- verify-ignore-next-line: REASON -->`) are judged all the same and
    marked, with the reason, by `suppress.apply`.

    `date` (any form `verify.reading.dates` reads) stands in for the draft's own (its front
    matter's `date:`); a date that does not exist is an error (UsageError for `date`,
    InputError for the front matter's). A draft with neither has no date: its report
    says so (`verify.reporting.report.NO_DATE`). A claim in a unit verify does not know, or whose
    value is no finite number, is unknown (`judging.unjudgeable`).

    The report holds every verdict; `checking` gives them one at a time, for a draft
    too big to hold judged. `workers`: processes a big draft may be judged in (see
    `judged`); the verdicts are the same whatever their number."""
    return checking(doc, store, date=date, tolerances=tolerances, workers=workers).report()


class Checking:
    """A check under way: iterating it judges the draft's claims one at a time, in reading
    order, each marked if the draft suppresses it; once it is iterated, `suppressions`
    are the draft's controls with their counts. Made by `checking`; `report()` is the
    whole `Report` (what `check` returns)."""

    def __init__(self, doc: Document, store: Store, date: str | None, t: Tolerances, workers: int = 1):
        self.doc = doc
        self.store = store
        self.draft = doc.path  # the draft's path as given
        self.date = date  # the draft's date as read, YYYY-MM-DD, or None
        self.tolerances = t
        self.workers = workers
        self.marks = suppress.Marks(doc)

    def __iter__(self) -> Iterator[Verdict]:
        for verdict in judged(self.doc, self.store, self.date, self.tolerances, workers=self.workers):
            yield self.marks.mark(verdict)

    def suppressions(self) -> tuple[Suppression, ...]:
        return self.marks.suppressions()

    def report(self) -> Report:
        verdicts = tuple(self)
        return Report(self.draft, self.date, verdicts, self.suppressions(), text=self.doc.text)


def checking(
    doc: Document,
    store: Store,
    *,
    date: str | None = None,
    tolerances: Tolerances | Mapping[str, float] | None = None,
    workers: int = 1,
) -> Checking:
    """`check`, one claim at a time: the draft's date and the tolerances are read now (an
    error is raised here), its claims judged as the result is iterated."""
    t = checked(tolerances)
    date = dates.given(date, name="date") or dates.of_draft(doc.meta, path=doc.path, text=doc.text)
    if doc.meta.get("date") not in (None, date):  # the date as read, for every stage that reads the draft's own
        doc = doc._replace(meta={**doc.meta, "date": date})
    return Checking(doc, store, date, t, workers)


PARALLEL_FROM = 250_000  # characters of a draft from which a check given two workers reads it in two processes
BATCH = (
    1000  # claims read before they are judged: reading, then judging, a batch at a time is a fifth faster than by turns
)
# of a draft read in two processes, the share of its characters the parent judges first. It also reads
# back and writes the child's verdicts, so it judges less than half: both end together at 0.44 of an
# English draft at 50 MB, 0.42 of a Chinese one. The parent then takes blocks back from the end of the
# child's part (`_Parts`), so a draft whose numbers are not spread evenly, or a machine busier on one
# core, is shared evenly too; a block taken back costs a little more (it waits to be written last)
FIRST_PART = 0.43


def judged(doc: Document, store: Store, date: str | None, t: Tolerances, *, workers: int = 1) -> Iterator[Verdict]:
    """The verdict on each claim of `doc` (its date read already), in reading order,
    unmarked. With `workers` of 2 or more, a draft of PARALLEL_FROM characters or more
    whose store is a file has its second half judged by a forked process (`_halves`)."""
    reading = Reading(doc, date=date)
    n = len(reading.blocks)
    if workers >= 2 and len(doc.text) >= PARALLEL_FROM and n > 1 and store.path != ":memory:" and hasattr(os, "fork"):
        yield from _halves(reading, store, date, t)
        return
    for _, _, _, verdicts in _by_block(reading, _Judge(store, date, t), range(n), Carry()):
        yield from verdicts


def _by_block(reading: Reading, judge: _Judge, blocks: Iterable[int], carried: Carry) -> Iterator[tuple]:
    """(i, carried into it, carried out of it, its verdicts) for each block i of `blocks`
    (ascending), starting from `carried`. Blocks are read BATCH claims at a time, then
    judged: reading and judging by turns, claim by claim, is a fifth slower (each evicts
    the other from the processor's caches)."""
    batch: list[tuple[int, Carry, Carry, list[Mention]]] = []
    size = 0
    for i in blocks:
        found, after = reading.block(i, carried)
        batch.append((i, carried, after, found))
        carried = after
        size += len(found)
        if size >= BATCH:
            yield from _judged(batch, judge)
            batch, size = [], 0
    yield from _judged(batch, judge)


def _judged(batch: list[tuple[int, Carry, Carry, list[Mention]]], judge: _Judge) -> Iterator[tuple]:
    for k, before, after, claims in batch:
        yield k, before, after, [judge(c) for c in claims]


class _Judge:
    """Judges claims against one store, for one draft's date and tolerances."""

    def __init__(self, store: Store, date: str | None, t: Tolerances):
        self.store, self.date, self.t = store, date, t
        self.rates = Rates(store)
        self.calendars = store.calendars()

    def __call__(self, claim: Mention) -> Verdict:
        verdict = unjudgeable(claim)  # a unit verify does not know, a value that is no number: no figure decides
        if verdict is not None:
            return verdict
        store, t = self.store, self.t
        figures = store.candidates(claim)
        weights = store.term_weights(list(claim.frame.words) + [w for f in figures for w in f.mention.frame.words])
        kw: dict[str, Any] = {"tolerances": t, "calendars": self.calendars, "anchor": self.date, "weights": weights}
        alignments = convert_currencies(claim, [align(claim, f, **kw) for f in figures], self.rates, **kw)
        verdict = judge(claim, alignments, tolerances=t)
        if verdict.verdict == "unknown" and is_change(claim):  # no stored change: work it out from the levels
            verdict = judge_change(claim, figures, weights=weights, tolerances=t) or verdict
        return verdict


class _Pickler:
    """Writes a child's records to its spool, each as its length (8 bytes) and its pickle,
    so that the parent can read whole records while more are written; each figure whole
    only the first time (then by its id, as `_cited`): the verdicts of a draft cite the
    same few figures again and again. The models' named tuples (and `frames.Carry`) are
    written as their fields, to be built again by tuple.__new__ (their class): pickle's
    own way calls Python code for each (`__getnewargs__`, `__new__`), and a hook for
    every object (persistent_id) cost more again; so a record costs half as much to write
    and two thirds to read. One pickler writes every record, its memo cleared between them."""

    def __init__(self):
        import io
        import pickle
        from dataclasses import fields

        sent: set[int] = set()  # ids of the figures written whole
        new: list[Figure] = []  # figures the record being written is the first to cite
        carried = tuple(f.name for f in fields(Carry))

        def reduce(obj):  # a function, not a method: the pickler keeps it, and a bound one would make a cycle
            t = type(obj)
            if t is Figure:
                if obj.id not in sent:
                    sent.add(obj.id)
                    new.append(obj)
                return _cited, (obj.id,)
            if t in _TUPLES:
                return tuple.__new__, (t, tuple(obj))
            if t is Carry:
                return Carry, tuple([getattr(obj, name) for name in carried])
            return NotImplemented

        class By(pickle.Pickler):
            reducer_override = staticmethod(reduce)

        self.pickle = pickle
        self.buffer = io.BytesIO()
        self.pickler = By(self.buffer, pickle.HIGHEST_PROTOCOL)
        self.new = new

    def write(self, out, record) -> None:
        buf = self.buffer
        buf.seek(0)
        buf.truncate()
        self.pickler.clear_memo()
        self.pickler.dump(record)
        if self.new:  # the figures first, for the record to name
            self._framed(out, self.pickle.dumps(("figures", self.new), self.pickle.HIGHEST_PROTOCOL))
            self.new.clear()
        self._framed(out, buf.getvalue())

    @staticmethod
    def _framed(out, data: bytes) -> None:
        out.write(len(data).to_bytes(8, "little"))
        out.write(data)


_TUPLES = frozenset({Verdict, Mention, Quantity, Frame, Period})  # the named tuples of a child's records


def _cited(figure_id: int) -> Figure:
    """A figure a child's record names by its id (`_Pickler`): the parent's reader of the
    records (`_Records`) takes it from the figures written before."""
    raise RuntimeError("a figure named by id is read by api._Records")


class _Records:
    """The records a child writes to its spool (`_Pickler`), read as they are written:
    `os.pread` at this reader's own offset (the child writes at the file's), whole records
    only, each figure named by id taken from those read before (pickle is imported only by
    a draft big enough for two processes). From byte `start` of the spool, up to `end`
    (else to its end, as far as it is written)."""

    def __init__(self, fd: int, start: int = 0, end: int | None = None):
        import pickle

        figures: dict[int, Figure] = {}  # the child's figures by id: each is sent once

        found = {(__name__, "_cited"): figures.__getitem__}  # what each name a record uses stands for

        class Unpickler(pickle.Unpickler):
            def find_class(self, module, name):  # each name once a record: it is one dict lookup
                got = found.get((module, name))
                if got is None:
                    got = found[module, name] = super().find_class(module, name)
                return got

        self.fd, self.offset, self.end, self.pending = fd, start, end, bytearray()
        self.figures, self.Unpickler = figures, Unpickler

    def ready(self) -> Iterator[tuple]:
        """The records written whole since the last call, in order. The spool is read a
        chunk at a time, as its records are taken: a child far ahead of this process
        wrote hundreds of megabytes this process has not read yet."""
        import io

        pending = self.pending
        while True:
            pos = 0
            while len(pending) - pos >= 8:
                size = int.from_bytes(pending[pos : pos + 8], "little")
                if len(pending) - pos - 8 < size:
                    break  # the rest of it is not read yet, or still being written
                record = self.Unpickler(io.BytesIO(pending[pos + 8 : pos + 8 + size])).load()
                pos += 8 + size
                if record[0] == "figures":
                    self.figures.update((f.id, f) for f in record[1])
                else:
                    yield record
            del pending[:pos]
            size = max(CHUNK, 8 + int.from_bytes(pending[:8], "little"))
            if self.end is not None:
                size = min(size, self.end - self.offset)
            chunk = os.pread(self.fd, size, self.offset) if size > 0 else b""
            if not chunk:
                return
            self.offset += len(chunk)
            pending += chunk


CHUNK = 1 << 20  # bytes of the spool read at once


WAIT = 0.002  # seconds the parent sleeps when it has read every record the child has written so far
STEAL = 256  # blocks the parent takes back at once from the end of the child's part, its own judged
TAKE = 32  # blocks the child takes at once


class _Parts:
    """How a big draft's blocks are shared between the two processes: the child takes the
    blocks of its part a few at a time from its first (`take`), and the parent, once its own
    are judged, takes blocks back from the end of the child's part (`take_back`), so that
    both end together whatever each block costs either process. The child's next block and
    the end of its part are two integers in memory both processes share (an anonymous
    shared mapping, made before the fork), changed under a lock (`fcntl.lockf`, which is
    released if the process holding it dies)."""

    def __init__(self, first: int, end: int):
        import fcntl
        import mmap
        import tempfile

        self.fcntl = fcntl
        self.map = mmap.mmap(-1, 16)  # shared with a child forked after
        self.ints = memoryview(self.map).cast("q")  # [the child's next block, the end of its part]
        self.ints[0], self.ints[1] = first, end
        self.lock = tempfile.TemporaryFile()

    def take(self) -> Iterator[int]:
        """The child's blocks, in order, until it reaches those taken back (TAKE at a time:
        a lock a block would cost the child ~2% of its time)."""
        while True:
            self._lock()
            i = self.ints[0]
            end = min(i + TAKE, self.ints[1])  # the end of the part is never before its next block
            self.ints[0] = end
            self._unlock()
            if i >= end:
                return
            yield from range(i, end)

    def take_back(self) -> range | None:
        """Up to STEAL blocks from the end of the child's part that it has not taken, for
        the parent (None when there are none left)."""
        self._lock()
        end = self.ints[1]
        start = self.ints[1] = max(self.ints[0], end - STEAL)
        self._unlock()
        return range(start, end) if start < end else None

    def end(self) -> int:
        """Where the child's part ends now."""
        return self.ints[1]

    def _lock(self) -> None:
        self.fcntl.lockf(self.lock, self.fcntl.LOCK_EX)

    def _unlock(self) -> None:
        self.fcntl.lockf(self.lock, self.fcntl.LOCK_UN)

    def __enter__(self) -> _Parts:
        return self

    def __exit__(self, *exc) -> None:
        self.ints.release()
        self.map.close()
        self.lock.close()


def _halves(reading: Reading, store: Store, date: str | None, t: Tolerances) -> Iterator[Verdict]:
    """The verdicts of a big draft, its blocks judged in two processes: a forked child
    judges the second part (from FIRST_PART of its characters on, on its own connection
    to the store), spooling each block's verdicts to a temporary file with what the
    blocks before carried into it (`frames.Carry`), while this process judges the first
    part, then takes the child's verdicts as they come (`_Records`), while the child
    still works; and while none has come, takes blocks back from the end of the child's
    part and judges them itself (`_Parts`), spooled to a file of its own. The child
    started its part from nothing carried, and so did each part taken back; where that is
    not what the blocks before carry into it, the block is judged again here with the
    right carry, until the two agree (a carry is the last period and metric named: it
    agrees within a block or two), so the verdicts are those of one process, in order.
    If the child fails, this process judges what it left undone."""
    import signal
    import tempfile
    import time

    blocks = reading.blocks
    middle = int(blocks[-1].end * FIRST_PART)
    k = next((i for i, b in enumerate(blocks) if b.start >= middle), len(blocks) - 1) or 1
    parts = _Parts(k, len(blocks))
    with parts, tempfile.TemporaryFile() as spool, tempfile.TemporaryFile() as own_spool:
        pid = os.fork()
        if pid == 0:  # the child: judge blocks k.., spool them, and leave without running any exit handler
            status = 1
            try:
                with Store.open(store.path) as own, os.fdopen(os.dup(spool.fileno()), "wb", buffering=1 << 16) as out:
                    _spool(_by_block(reading, _Judge(own, date, t), parts.take(), Carry()), out)
                status = 0
            finally:
                os._exit(status)
        judge, carried = _Judge(store, date, t), Carry()
        taken_back: list[tuple[int, int]] = []  # the bytes of own_spool holding each part taken back, in order taken
        running = True  # the child, until it has been seen to end
        try:
            for _, _, after, verdicts in _by_block(reading, judge, range(k), carried):
                carried = after  # what the first part carries into the child's
                yield from verdicts
            done = k  # blocks judged, in order
            records = _Records(spool.fileno())
            while True:
                came = False
                for record in records.ready():
                    verdicts, carried = _in_order(record, reading, judge, carried)
                    yield from verdicts
                    done, came = record[0] + 1, True
                if not running:
                    break
                if os.waitpid(pid, os.WNOHANG)[0]:
                    running = False  # it has ended: read what it wrote last, then stop
                elif not came:
                    back = parts.take_back()
                    if back is None:
                        time.sleep(WAIT)
                    else:  # each part spooled on its own (its own pickler): they are read back in the other order
                        start = own_spool.tell()
                        _spool(_by_block(reading, judge, back, Carry()), own_spool)
                        taken_back.append((start, own_spool.tell()))
        finally:
            if running:  # the verdicts are not wanted any more (or judging failed here): stop the child
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
        for _, _, after, verdicts in _by_block(reading, judge, range(done, parts.end()), carried):
            carried = after
            yield from verdicts  # what the child left undone (it failed)
        own_spool.flush()
        for start, end in reversed(taken_back):  # the parts taken back, from the first block on
            for record in _Records(own_spool.fileno(), start, end).ready():
                verdicts, carried = _in_order(record, reading, judge, carried)
                yield from verdicts


def _spool(records: Iterable[tuple], out) -> None:
    """Write `records` to `out` for `_Records` to read, with a pickler of their own."""
    pickler = _Pickler()
    for record in records:
        pickler.write(out, record)


def _in_order(record: tuple, reading: Reading, judge: _Judge, carried: Carry) -> tuple[list[Verdict], Carry]:
    """The verdicts of a spooled block, judged with what the blocks before carry into it
    (`carried`), and what it carries out: as spooled if it was judged with that, else
    judged again here."""
    i, before, after, verdicts = record
    if before == carried:
        return verdicts, after
    found, carried = reading.block(i, carried)
    return [judge(c) for c in found], carried


def figures(store: Store, query: str = "", *, limit: int = 50, statuses: tuple[str, ...] = ("active",)) -> list:
    """What the store holds about some words (best first), or its first figures for no
    words. Figures that checks do not use (rejected, superseded) are found by the words
    of their subject or quote."""
    from .knowledge.lexicon import stem

    words = [w for w in (stem(t) for t in query.split()) if w]  # as figures' subjects are stored
    if statuses == ("active",):
        if not words:
            return store.figures()[:limit]
        # by the metric index; else by the words of the source's sentence ("clearance" of
        # "export clearance efficiency", a figure of exports)
        return store.search(words, limit=limit) or store.quoting(query.split(), limit=limit)
    found = store.figures(statuses=statuses)
    if words:
        found = [f for f in found if all(w in f"{f.mention.subject} {f.quote}".lower() for w in words)]
    return found[:limit]
