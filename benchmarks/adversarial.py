"""Benchmark: hostile and huge drafts are read in linear time (issue 15).

    .venv/bin/python benchmarks/adversarial.py [--runs 3] [--timeout 120] [--only NAME ...]
                                               [--sizes 5,50,500] [--big 1,4,50] [--no-big]
                                               [--no-hostile] [--whole]

Two tables, each case in a fresh process (so a case that stalls is stopped at
--timeout, and the peak memory reported is that case's own):

- hostile families (`FAMILIES`), each at 5, 50 and 500 KB, through the library as
  `verify check` and `verify extract` use it: `verify.api.check(parse(text), store)`
  against the default store, and `verify.reading.quantities.extract(text)`;
- realistic drafts at 1, 4 and 50 MB, built by repeating the paragraphs of
  claims/jiangxi-economy.md and claims/jiangxi-economy-zh.md, as `verify check --format
  json` reads them (without the cycle collector, as the command runs): parsed, judged one
  claim at a time (`verify.api.checking`, two processes where there are two cores) and
  the JSON report written as they are judged
  (`verify.reporting.report.write_json`, to /dev/null, in bytes as `verify check --output`
  writes its file); with --whole, through `check` instead (the
  whole Report in memory, one process), as the library's callers do. With the process's
  peak resident memory (`resource.getrusage`, which includes the ~60 MB of Python, verify
  and the store), and the forked child's (most of its pages are the parent's, shared).

What the repetition could flatter, and what it does not: no verdict, sentence or claim
is remembered by its text, so every claim is read and judged afresh. But the same few
dozen store figures are cited over and over, so the JSON writer's figures (each written
once a run, `report._Figures`), the store's term weights and its searches' answers
(`Search.search`: about two in five are asked again over the eval sets' drafts, all but
the first few here) are found in their caches more often than in a real draft citing
hundreds of figures; and in two processes, the
second half's first block carries what the first half's last one does (the period and
metric last named) at once, where a real draft may need a few blocks judged again (at
worst, all of them: a draft naming one period at its top and never again is judged
serially). --skewed adds an English draft whose first half has its digits taken out.

Sizes are bytes of UTF-8 (a Chinese character is three). Times are the median of
--runs runs (one run for drafts of 10 MB or more), in milliseconds per KB. "x/10x" is
the growth of the time from one size to the next, ten times larger, put per tenfold
size (4 -> 50 MB is 12.5x larger, its growth is scaled to 10x by the exponent):
reading in linear time gives ~10x, a quadratic reader 100x. Targets: every family
under 0.5 s at 5 KB and at most ~12x per tenfold size; a 50 MB draft checked in under
3 minutes with less than 1 GB of memory. The machine is shared: expect noise.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _paragraphs(example: str) -> list[str]:
    body = (ROOT / "claims" / f"{example}.md").read_text(encoding="utf-8").split("---", 2)[2]
    return [p.strip() for p in body.split("\n\n") if p.strip() and not p.strip().startswith(("#", "<!--"))]


def _run_on(example: str) -> str:
    """The example's sentences with their full stops taken out, run into one line."""
    text = " ".join(_paragraphs(example))
    for stop in ".。":
        text = text.replace(stop + " ", " ").replace(stop, " ")
    return text + " "


# name -> (unit repeated to the size, prefix, suffix): the reproducers of issue 15, and more
FAMILIES: dict[str, tuple[str, str, str]] = {
    "percents 1%1%": ("1%", "", ""),
    "number words one one": ("one ", "", ""),
    "e-mail <a@a@a@": ("a@", "<", "a"),
    "commas 1,1,1": ("1,", "", "1"),
    "spaces": (" ", "", ""),
    "万万万": ("万", "", ""),
    "hyphens ----": ("-", "", ""),
    "forty-forty-": ("forty-", "", ""),
    "digits 1111": ("1", "", ""),
    "numbers 1 1 1": ("1 ", "", ""),
    "dots 1.1.1.1": ("1.", "", "1"),
    "一一一": ("一", "", ""),
    "1万1万": ("1万", "", ""),
    "dollars $1 $1": ("$1 ", "", ""),
    "newlines": ("\n", "", ""),
    "lines a\\n": ("a\n", "", ""),
    "brackets ((((": ("(", "", ""),
    "link [a](": ("[a](", "", ""),
    "backticks `": ("`", "", ""),
    "comments <!--": ("<!--", "", ""),
    "table rows |1|": ("|1|1|\n", "|a|b|\n|-|-|\n", ""),
    "quotes >>>>": (">", "", ""),
    "nested lists": ("  - a\n", "", ""),
    "setext a\\n=": ("a\n=\n", "", ""),
    "footnotes [^1]:": ("[^1]: 1\n", "", ""),
    "fences ```": ("```\n", "", ""),
    "url http://a": ("http://a", "", ""),
    "run-on English": (_run_on("jiangxi-economy"), "", ""),
    "run-on Chinese": (_run_on("jiangxi-economy-zh"), "", ""),
}


def hostile(name: str, size: int) -> str:
    """A text of the family `name` of about `size` bytes."""
    unit, prefix, suffix = FAMILIES[name]
    n = max(1, (size - len((prefix + suffix).encode())) // len(unit.encode()))
    return prefix + unit * n + suffix


def realistic(lang: str, size: int) -> str:
    """A draft of about `size` bytes: the example draft's paragraphs, over and over. A
    "-skewed" one ("en-skewed") has the digits of its first half taken out: its claims are
    not spread evenly (two processes splitting it by characters get unequal shares)."""
    base, _, skewed = lang.partition("-")
    paragraphs = _paragraphs("jiangxi-economy-zh" if base == "zh" else "jiangxi-economy")
    head = "---\ndate: 2024-05-28\n---\n\n"
    chunk = "\n\n".join(paragraphs) + "\n\n"
    n = max(1, (size - len(head)) // len(chunk.encode()))
    text = head + chunk * n
    if skewed:
        half = len(text) // 2
        text = text[:half].translate(dict.fromkeys(map(ord, "0123456789"))) + text[half:]
    return text


# ---- one case, in its own process ----------------------------------------------------------


def child(kind: str, name: str, size: int, mode: str, runs: int) -> None:
    import gc
    import os
    import resource

    sys.path.insert(0, str(ROOT))
    from verify.api import check, checking
    from verify.reading.document import parse
    from verify.reading.quantities import extract
    from verify.reporting.report import write_json
    from verify.store.seeds import default_store

    store = default_store()
    check(parse("Jiangxi's foreign trade reached 569 billion yuan last year. 江西外贸5690亿元。"), store)  # warm
    text = hostile(name, size) if kind == "hostile" else realistic(name, size)
    times, found = [], 0
    for _ in range(runs):
        gc.collect()
        gc.disable()  # as `verify check` runs: without the cycle collector (verify.adapters.command)
        t = time.perf_counter()
        if mode == "check":
            found = len(check(parse(text), store).verdicts)
        elif mode == "stream":
            with open(os.devnull, "wb") as out:  # as `verify check --output` writes the report
                workers = min(2, os.cpu_count() or 1)
                found = write_json([checking(parse(text), store, workers=workers)], out)["claims"]
        else:
            found = len(extract(text))
        times.append(time.perf_counter() - t)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # a forked worker's, if any
    print(json.dumps({"seconds": statistics.median(times), "found": found, "peak_mb": peak, "child_mb": child_peak}))


def measure(kind: str, name: str, size: int, mode: str, runs: int, timeout: float) -> dict:
    argv = [sys.executable, __file__, "--child", kind, name, str(size), mode, str(runs)]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"seconds": math.inf, "found": None, "peak_mb": None}
    if done.returncode:
        return {"seconds": math.nan, "found": done.stderr.strip().splitlines()[-1:], "peak_mb": None}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _time(r: dict, timeout: float) -> str:
    s = r["seconds"]
    if math.isinf(s):
        return f">{timeout:.0f} s".rjust(9)
    if math.isnan(s):
        return "error".rjust(9)
    return f"{s * 1000:7.0f}ms" if s < 10 else f"{s:7.1f} s"


def _growth(a: dict, b: dict, ratio: float) -> str:
    """Time growth from a to b, put per tenfold size."""
    if not all(math.isfinite(r["seconds"]) and r["seconds"] > 0 for r in (a, b)):
        return "     -"
    return f"{(b['seconds'] / a['seconds']) ** (1 / math.log10(ratio)):5.1f}x"


def _build() -> str:
    """How this checkout's verify runs: its busiest modules compiled (pyproject.toml's mypyc
    hook), or from their sources."""
    import importlib.util

    sys.path.insert(0, str(ROOT))
    spec = importlib.util.find_spec("verify.reading.frames")
    origin = spec.origin if spec is not None and spec.origin else ""
    return "compiled (mypyc)" if origin.endswith((".so", ".pyd")) else "run from their sources (not compiled)"


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, name, size, mode, runs = sys.argv[2:7]
        child(kind, name, int(size), mode, int(runs))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds a case may take (all its runs)")
    ap.add_argument("--only", nargs="*", help="families whose names contain one of these words")
    ap.add_argument("--sizes", default="5,50,500", help="hostile sizes in KB")
    ap.add_argument("--big", default="1,4,50", help="realistic sizes in MB")
    ap.add_argument("--no-big", action="store_true", help="skip the realistic drafts")
    ap.add_argument("--no-hostile", action="store_true", help="skip the hostile families")
    ap.add_argument("--whole", action="store_true", help="realistic drafts through check (the whole report)")
    ap.add_argument("--skewed", action="store_true", help="also an English draft whose first half has no digits")
    args = ap.parse_args()

    sizes = [int(float(s) * 1000) for s in args.sizes.split(",")]
    print(f"verify's busiest modules: {_build()}\n")
    if not args.no_hostile:
        names = [n for n in FAMILIES if not args.only or any(w in n for w in args.only)]
        head = "".join(f"{s // 1000:>6} KB {'ms/KB':>6}" + ("  x/10x" if i else "") for i, s in enumerate(sizes))
        print(
            f"hostile families: median of {args.runs} runs, each case in its own process, timeout {args.timeout:.0f} s"
        )
        for mode in ("check", "extract"):
            print(f"\n{mode:>8}  {'family':24}{head}   found")
            for name in names:
                results = [measure("hostile", name, s, mode, args.runs, args.timeout) for s in sizes]
                cells = []
                for i, (s, r) in enumerate(zip(sizes, results)):
                    per_kb = r["seconds"] * 1000 / (s / 1000)
                    kb = f"{per_kb:6.2f}" if math.isfinite(per_kb) else "     -"
                    cells.append(
                        f"{_time(r, args.timeout)} {kb}"
                        + (f"  {_growth(results[i - 1], r, s / sizes[i - 1])}" if i else "")
                    )
                print(f"{'':8}  {name:24}" + " ".join(cells) + f"   {results[-1]['found']}", flush=True)
    if args.no_big:
        return
    bigs = [int(float(s) * 1_000_000) for s in args.big.split(",")]
    how = "check, the whole report" if args.whole else "verify check --format json's path, written as judged"
    print(f"\nrealistic drafts through {how} (one run at 10 MB or more); peak = the process's resident memory")
    print(
        f"  {'draft':10} {'size':>7} {'time':>9} {'ms/KB':>7} {'x/10x':>7} {'claims':>9} {'claims/s':>9}"
        f" {'peak MB':>8} {'child MB':>8}"
    )
    for lang in ("en", "zh", *(["en-skewed"] if args.skewed else [])):
        previous = None
        for size in bigs:
            runs = args.runs if size < 10_000_000 else 1
            r = measure("realistic", lang, size, "check" if args.whole else "stream", runs, max(args.timeout, 900))
            per_kb = r["seconds"] * 1000 / (size / 1000)
            growth = _growth(previous[1], r, size / previous[0]) if previous else "     -"
            peak = f"{r['peak_mb']:8.0f}" if r["peak_mb"] else "       -"
            peak += f" {r['child_mb']:8.0f}" if r.get("child_mb") else "        -"
            rate = (
                f"{r['found'] / r['seconds']:9.0f}"
                if isinstance(r["found"], int) and r["seconds"] > 0 and math.isfinite(r["seconds"])
                else "        -"
            )
            print(
                f"  {lang:10} {size / 1e6:5.0f}MB {_time(r, max(args.timeout, 900))} {per_kb:7.2f} {growth:>7} "
                f"{r['found'] if r['found'] is not None else '-':>9} {rate} {peak}",
                flush=True,
            )
            previous = (size, r)


if __name__ == "__main__":
    main()
