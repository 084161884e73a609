"""Benchmark: checking an archive of many small drafts (issue 18).

    python benchmarks/archive.py [--drafts 20000] [--folder DIR]

Builds an archive of short drafts from varied templates (sentences written for this
benchmark, with figures the default store supports, contradicts or knows nothing of,
and drafts of no figure at all), then checks it three ways, each a whole `verify check`
process, and reports drafts per second and peak memory (the resident memory of the
process and all its children, sampled every 50 ms):

- one process:            verify check DIR --format jsonl -o FILE
- two processes:          ... --jobs 2
- a local Dask cluster:   verify check DIR --engine dask --output DIR2 (2 worker processes)

and that the three wrote the same claims.

Figures on the 2-core development machine (20,000 drafts, 24,542 claims), measured while
another benchmark held about one of its two cores (load average 3.5), so the two-way runs
had little more than one core to share; rerun on a quiet machine for clean figures:

    one process            508 drafts/s    peak  41 MB
    --jobs 2               569 drafts/s    peak 148 MB
    dask, 2 workers        797 drafts/s    peak 221 MB   (the local cluster's start included)

All three wrote the same claims, byte for byte. Memory is one process's (~40 MB with the
default store) per process, not the archive's: it does not grow with the number of drafts
(tests/test_archive.py pins that down with tracemalloc).

Scaling beyond 2 cores, on paper. A draft is checked independently of every other: the
only shared things are the store, read-only (immutable SQLite: no locks, each process its
own page cache) and the order of the output. With --jobs N the parent only reads file
names and writes lines (~1% of the work: about 1 ms of its time per 100 drafts against
~0.2 s of checking), so N processes should go close to N times as fast until the parent's
writing (~50,000 lines/s) or the disk's reading of small files becomes the limit, some
40 cores away; memory grows by one process's (~40-70 MB: verify's tables and the store's
cache) per process, not with the archive. On Dask each partition (500 drafts, ~1-2 s of
work) costs the scheduler a task and its result a transfer of ~1 MB: with W workers the
scheduler handles about W/2 tasks a second, far below the thousands it can, so a cluster
scales with its workers until the shared storage the drafts are read from saturates;
resumption costs one manifest rewrite per partition. The one serial part is the client's
writing of the partitions it receives, ~50 MB/s of JSON lines against ~1 MB/s per
worker produced: room for a hundred or so workers before it matters.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PLACES = ("Jiangxi", "Hunan", "Ganzhou", "Yichun", "Nanchang", "Jiujiang", "the province", "the county")
TEMPLATES = (
    # (a) figures the default store holds, written right or wrong
    "{place}'s foreign trade came to {trade} billion yuan last year, according to the customs office.\n",
    "Output rose: GDP reached {gdp} trillion yuan in 2023, up from 1.28 trillion yuan in 2012.\n",
    'The "new three" goods saw exports climb {pct} percent, a local official told reporters.\n',
    "Reserves of lithium oxide near Yichun exceed {mt} million tonnes, geologists estimate.\n",
    "Shipments reach coastal ports in under {hours} hours since the customs reform.\n",
    # (b) figures no source speaks of
    "## Market day\n\nAbout {n} stalls opened on {day}, and {m} of them sold only tea.\n",
    "The bridge, {n} metres long, took {m} months to finish and cost {gdp} billion yuan.\n",
    "| Item | Count |\n|---|---|\n| Buses | {n} |\n| Trams | {m} |\n\nThe depot counts {n} buses in all.\n",
    "School enrolment in {place} was about {n},000 pupils in {year}, the bureau said.\n",
    # (c) nothing to check
    "The council met on {day} and adjourned without a vote.\n",
    "<!-- verify-ignore-next-line: an estimate from an interview -->\nRoughly {n} people came to the fair.\n",
    "A letter to the editor about the noise on {day}, printed in full below.\n\nNo figures were given.\n",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def build(folder: Path, n: int) -> None:
    """`n` drafts in 100 sub-folders, each from a template with its own numbers and date."""
    for i in range(n):
        fill = {
            "place": PLACES[i % len(PLACES)],
            "trade": (569, 570, 600, 643)[i % 4],
            "gdp": f"3.{(i * 7) % 10}",
            "pct": (73, 37, 70)[i % 3],
            "mt": (9, 10, 8)[i % 3],
            "hours": (30, 40)[i % 2],
            "n": 10 + i % 97,
            "m": 3 + i % 11,
            "day": DAYS[i % 7],
            "year": 2015 + i % 9,
        }
        text = f"---\ndate: 2024-{1 + i % 12:02d}-{1 + i % 28:02d}\n---\n\n" + TEMPLATES[
            (i * 5) % len(TEMPLATES)
        ].format(**fill)
        sub = folder / f"{i % 100:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"draft-{i:06d}.md").write_text(text, encoding="utf-8")


def measured(argv: list[str]) -> tuple[float, float, int]:
    """Run a command; its wall time (s), peak resident memory of it and its children (MB),
    exit status."""
    import psutil  # installed with distributed (verify[dask])

    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        p = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                rss = sum(c.memory_info().rss for c in [p, *p.children(recursive=True)])
                peak = max(peak, rss)
            except psutil.Error:
                pass
            time.sleep(0.05)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    _, err = proc.communicate()
    done.set()
    t.join()
    if proc.returncode not in (0, 1):
        sys.stderr.write(err.decode(errors="replace"))
    return time.perf_counter() - start, peak / 1e6, proc.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--drafts", type=int, default=20_000)
    ap.add_argument(
        "--folder", type=Path, default=None, help="where to build the archive (default: a temporary folder)"
    )
    args = ap.parse_args()
    work = args.folder or Path(tempfile.mkdtemp(prefix="verify-archive-"))
    drafts = work / "drafts"
    if not drafts.is_dir():
        t = time.perf_counter()
        build(drafts, args.drafts)
        print(f"built {args.drafts} drafts in {time.perf_counter() - t:.1f} s under {drafts}")
    verify = [sys.executable, "-m", "verify", "check", str(drafts)]
    subprocess.run([*verify[:4], "claims/jiangxi-economy.md"], cwd=ROOT, capture_output=True)  # the default store
    runs = [
        ("one process", [*verify, "--format", "jsonl", "-o", str(work / "one.jsonl")]),
        ("--jobs 2", [*verify, "--format", "jsonl", "--jobs", "2", "-o", str(work / "two.jsonl")]),
        ("dask, 2 workers", [*verify, "--engine", "dask", "--output", str(work / "dask")]),
    ]
    for name, argv in runs:
        if name.startswith("dask"):
            import shutil

            shutil.rmtree(work / "dask", ignore_errors=True)
        seconds, mb, code = measured(argv)
        print(
            f"{name:<18} {args.drafts / seconds:7.0f} drafts/s   peak {mb:5.0f} MB   ({seconds:.0f} s, exit {code})",
            flush=True,
        )
    one = (work / "one.jsonl").read_text(encoding="utf-8")
    same_jobs = one == (work / "two.jsonl").read_text(encoding="utf-8")
    parts = "".join(p.read_text(encoding="utf-8") for p in sorted((work / "dask").glob("part-*.jsonl")))
    same_dask = one[: one.rstrip("\n").rfind("\n") + 1] == parts
    print(
        f"claims: {one.count(chr(10)) - 1}; --jobs 2 output identical: {same_jobs}; "
        f"dask partitions identical: {same_dask}"
    )


if __name__ == "__main__":
    main()
