"""Benchmark: what verify.knowledge.hanzi.simplify costs to load and to run.

    python benchmarks/hanzi.py [--runs 7]

Prints medians of several runs:

- table load: wall time of fresh processes that import verify.knowledge.hanzi and convert one
  character (reading data/t2s.json), minus ``python -c pass`` measured in the same
  rounds; also minus ``python -c "import json, re"``, the part verify has already
  paid for by the time it reads a draft; and the cost of the bare import;
- µs per call and MB/s (UTF-8 bytes) on 100 KB of traditional Chinese, on 100 KB of
  ASCII English (the fast path: ``str.isascii``), and on 100 KB of English with
  typographic punctuation (the fast path after a scan for ideographs).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Sentences written for this benchmark: figures, places, and the phrases that convert
# differently from their characters (乾淨, 乾隆, 一目瞭然, 反覆).
TRADITIONAL = (
    "據海關統計，今年前三季度廣東省貨物貿易進出口總額達6.2萬億元，同比增長4.2%，貿易順差擴大。"
    "臺灣地區經濟增長放緩，國內生產總值較上年增加2.3個百分點；關於後續發展，專家認為內需仍是關鍵。"
    "乾淨能源裝機規模再創新高，乾隆年間的舊城區完成修繕，數據一目瞭然，經過反覆核對。"
    "銀行業金融機構各項貸款餘額為23萬億元，比年初增加1.2萬億元，製造業中長期貸款增速較快。\n"
)
ENGLISH_ASCII = (
    "Exports from Guangdong rose 4.2% in the first three quarters to 6.2 trillion yuan, "
    "customs data showed, while the trade surplus widened and loans grew by 1.2 trillion.\n"
)
ENGLISH_TYPOGRAPHIC = (
    "Exports from Guangdong rose 4.2% in the first three quarters to ¥6.2 trillion — customs’ "
    "data showed — while the “trade surplus” widened and loans grew by €150 billion.\n"
)


def hundred_kb(sentence: str) -> str:
    """``sentence`` repeated to 100 KB of UTF-8, cut at a character."""
    text = sentence * (100_000 // len(sentence.encode("utf-8")) + 1)
    return text.encode("utf-8")[:100_000].decode("utf-8", errors="ignore")


def processes_ms(commands: list[list[str]], runs: int) -> list[float]:
    """Median wall time of each command; the commands take turns in every round, so a
    machine that speeds up or slows down during the run affects them all alike.

    Bytecode is cached (in a temporary folder, whatever PYTHONDONTWRITEBYTECODE says),
    as in an installed verify, and a first round that fills that cache is not timed."""
    with tempfile.TemporaryDirectory() as pycache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=pycache)
        for argv in commands:
            subprocess.run(argv, check=True, capture_output=True, env=env, cwd=ROOT)
        return timed_rounds(commands, runs, env)


def timed_rounds(commands: list[list[str]], runs: int, env: dict[str, str]) -> list[float]:
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for i, argv in enumerate(commands):
            t = time.perf_counter()
            subprocess.run(argv, check=True, capture_output=True, env=env, cwd=ROOT)
            times[i].append(time.perf_counter() - t)
    return [statistics.median(t) * 1000 for t in times]


def per_call_us(fn, text: str, runs: int) -> float:
    """Median µs of ``fn(text)``, each run repeated until it lasts about 20 ms."""
    repeat = 1
    while True:
        t = time.perf_counter()
        for _ in range(repeat):
            fn(text)
        if time.perf_counter() - t > 0.02:
            break
        repeat *= 2
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        for _ in range(repeat):
            fn(text)
        times.append((time.perf_counter() - t) / repeat)
    return statistics.median(times) * 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()

    py = sys.executable
    base, stdlib, bare, bare_after, load = processes_ms(
        [
            [py, "-c", "pass"],
            [py, "-c", "import json, re"],
            [py, "-c", "import verify.knowledge.hanzi"],
            [py, "-c", "import json, re, verify.knowledge.hanzi"],
            [py, "-c", "from verify.knowledge.hanzi import simplify; simplify('臺')"],
        ],
        args.runs,
    )
    print(f"python -c pass: {base:.1f} ms (median of {args.runs} fresh processes)")
    print(
        f"import verify.knowledge.hanzi: {bare - base:+.1f} ms over pass (functools, which re imports anyway), "
        f"{bare_after - stdlib:+.1f} ms after `import json, re`"
    )
    print(
        f"table load (import + first conversion): {load - base:+.1f} ms over pass, "
        f"{load - stdlib:+.1f} ms over `import json, re` ({stdlib - base:.1f} ms of it is json and re)"
    )

    sys.path.insert(0, str(ROOT))
    from verify.knowledge.hanzi import simplify

    for name, text in (
        ("traditional Chinese", hundred_kb(TRADITIONAL)),
        ("English, ASCII", hundred_kb(ENGLISH_ASCII)),
        ("English, typographic", hundred_kb(ENGLISH_TYPOGRAPHIC)),
    ):
        assert len(simplify(text)) == len(text)
        size = len(text.encode("utf-8"))
        us = per_call_us(simplify, text, args.runs)
        print(f"{name}: {size / 1000:.0f} KB, {len(text):,} chars: {us:,.1f} µs per call, {size / us:,.0f} MB/s")


if __name__ == "__main__":
    main()
