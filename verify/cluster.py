"""Checking an archive on a Dask cluster (`verify check --engine dask`; `pip install 'verify[dask]'`).

    tally = Tally()
    check_on_cluster(paths, "newsroom.db", Path("out"), tally, scheduler="tcp://10.0.0.5:8786")

The drafts, in the order of their paths, are cut into partitions of `partition` drafts.
Each partition is checked by one task on a worker (`verify.archive.check_one`, draft by
draft), which opens the store read-only in SQLite's immutable mode, once per worker
thread. Its JSON lines (the claims and the drafts that could not be read, as
`verify.archive` writes them) come back to this process, which writes them to
DIR/part-NNNNN.jsonl, whole or not at all, and then records the partition as finished
in DIR/manifest.json (with its counts). The manifest names the run (the drafts, the
store's file, size and time of change, the partition size, the date and tolerances):
the same run started again in the same folder skips every finished partition; a
folder holding another run's partitions is refused.

Workers read the drafts by their paths, so the archive must be where every worker sees it
at the same path (the same machine, or shared storage). The store is read the same way,
or, with `ship_store`, sent to every worker once (as a scattered blob) and written to
the worker's temporary folder.

Dask is imported here only: a plain `verify check` never loads it.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .archive import check_one, ordered, write_lines
from .errors import UsageError
from .reporting.jsonl import Summary, Tally, jsonl

MANIFEST = "manifest.json"
LOCAL_WORKERS = 2  # worker processes of the local cluster started when no scheduler is given


@dataclass(frozen=True)
class Partition:
    """One partition, done: what the manifest records of it."""

    index: int  # its place in the run, from 0
    file: str  # its JSON lines file's name in the output folder
    summary: Summary  # what it checked


@dataclass(frozen=True)
class StoreBlob:
    """A store's bytes, sent to the workers (`ship_store`)."""

    digest: str  # sha256 of the bytes: names the copy each worker writes
    data: bytes  # the store file, whole


def check_on_cluster(
    drafts: list,
    store: str | Path | None,
    output: Path,
    tally: Tally,
    *,
    scheduler: str | None = None,
    partition: int = 500,
    ship_store: bool = False,
    date: str | None = None,
    tolerances: dict | None = None,
    done: Callable[[Partition], None] | None = None,
) -> list[int]:
    """Check `drafts` on the Dask cluster at `scheduler` (None: a local cluster of
    LOCAL_WORKERS processes), writing partitions of `partition` drafts to `output`.
    Counts every partition of the run, finished before or now, in `tally`; calls `done`
    with each partition as it is recorded; returns the indexes of the partitions checked
    by this call (those a resumed run had not finished)."""
    from .archive import _file

    items = ordered(drafts)
    parts = [items[i : i + partition] for i in range(0, len(items), partition)]
    store_file = _file(store)
    kw = {"date": date, "tolerances": tolerances}
    manifest = _manifest(output, _run_key(items, store_file, partition, kw), len(parts))
    for record in manifest["partitions"].values():
        tally.merge(_summary(record["summary"]))
    todo = [i for i in range(len(parts)) if _name(i) not in manifest["partitions"]]
    if not todo:
        return []
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=LOCAL_WORKERS, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
        )
    try:
        with Client(scheduler or cluster) as client:
            spec = client.scatter(_blob(store_file), broadcast=True) if ship_store else store_file
            futures = [client.submit(_check_partition, parts[i], spec, kw, pure=False) for i in todo]
            index = {f.key: i for f, i in zip(futures, todo)}
            for future in as_completed(futures):
                lines, summary = future.result()
                i = index[future.key]
                future.release()
                write_lines(output / _name(i), lines)
                manifest["partitions"][_name(i)] = {
                    "drafts": [_path(d) for d in parts[i][:1] + parts[i][-1:]],
                    "summary": _record(summary),
                }
                _save(output, manifest)
                tally.merge(summary)
                if done is not None:
                    done(Partition(i, _name(i), summary))
    finally:
        if cluster is not None:
            cluster.close()
    return sorted(todo)


def partitions(output: Path) -> list[Path]:
    """The finished partitions' files of the run in `output`, in order."""
    manifest = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    return [output / name for name in sorted(manifest["partitions"])]


# ---- on a worker ----------------------------------------------------------------------

_local = threading.local()  # each worker thread's open stores, by file: SQLite connections stay in their thread


def _check_partition(drafts: list, spec: str | StoreBlob, kw: dict) -> tuple[list[str], Summary]:
    from .store.db import Store

    path = _shipped(spec) if isinstance(spec, StoreBlob) else spec
    stores = _local.__dict__.setdefault("stores", {})
    if path not in stores:
        stores[path] = Store.open(path, immutable=True)
    tally = Tally()
    lines = list(jsonl((check_one(d, stores[path], **kw) for d in drafts), tally, last=False))
    return lines, tally.summary()


def _shipped(blob: StoreBlob) -> str:
    """The worker's copy of a shipped store, written once (atomically) in its temporary folder."""
    import tempfile

    path = Path(tempfile.gettempdir()) / f"verify-store-{blob.digest[:16]}.db"
    if not path.is_file():
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".verify-store-", suffix=".db")
        with os.fdopen(fd, "wb") as f:
            f.write(blob.data)
        os.replace(tmp, path)
    return str(path)


# ---- the manifest ---------------------------------------------------------------------


def _blob(store_file: str) -> StoreBlob:
    data = Path(store_file).read_bytes()
    return StoreBlob(hashlib.sha256(data).hexdigest(), data)


def _name(index: int) -> str:
    return f"part-{index:05d}.jsonl"


def _path(draft) -> str:
    return draft if isinstance(draft, str) else draft.path


def _run_key(items: list, store_file: str, partition: int, kw: dict) -> str:
    """What makes a run the same run: its drafts, store (file, size, time of change),
    partition size, date and tolerances."""
    st = os.stat(store_file)
    t = kw["tolerances"]
    t = t._asdict() if hasattr(t, "_asdict") else dict(t or {})  # a Tolerances record, or overrides
    h = hashlib.sha256()
    for d in items:
        h.update(_path(d).encode("utf-8", "surrogateescape") + b"\0")
    h.update(
        json.dumps(
            [os.path.abspath(store_file), st.st_size, st.st_mtime_ns, partition, kw["date"], sorted(t.items())]
        ).encode()
    )
    return h.hexdigest()


def _manifest(output: Path, key: str, count: int) -> dict:
    """The run's manifest in `output`: the one there if it is this run's, else a new one;
    refused when the folder holds another run's."""
    file = output / MANIFEST
    if file.is_file():
        try:
            manifest = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UsageError(
                f"cannot be read ({exc})", where=str(file), fix="remove it to start the run afresh"
            ) from None
        if manifest.get("run") != key:
            raise UsageError(
                "holds the partitions of another run (other drafts, store, partition size or settings)",
                where=str(output),
                fix="give --output a new folder, or empty this one",
            )
        return manifest
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise UsageError("is not an empty folder", where=str(output), fix="give --output a new or empty folder")
    manifest = {"run": key, "count": count, "partitions": {}}
    _save(output, manifest)
    return manifest


def _save(output: Path, manifest: dict) -> None:
    write_lines(output / MANIFEST, [json.dumps(manifest, ensure_ascii=False, sort_keys=True)])


def _record(s: Summary) -> dict:
    return {"drafts": s.drafts, "counts": s.counts, "failed": [list(f) for f in s.failed]}


def _summary(d: dict) -> Summary:
    return Summary(d["drafts"], dict(d["counts"]), tuple(tuple(f) for f in d["failed"]))
