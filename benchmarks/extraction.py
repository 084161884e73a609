"""Benchmark: how fast verify reads numbers, and what a whole `verify check` costs.

    python benchmarks/extraction.py [--runs 7] [--conformance ../shared/conformance] [--against REV]

Prints medians of several runs, each next to a baseline measured in the same run:

- extraction: quantities per second of `verify.reading.quantities.extract` over the
  conformance texts (or the seeds when they are absent), against pint's own string
  parser handed just the quantities' texts (`ureg.parse_expression`), which is what
  reading units through pint at run time would cost;
- start-up: wall time of whole processes, against `python -c pass`: `verify --help`,
  `verify check` on the example draft, and on 1,000-word drafts in English and Chinese;
  with --against REV, the 1,000-word checks of the code of git revision REV too (its
  tree put on PYTHONPATH, the same interpreter and libraries), taking turns with these,
  and the difference.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def texts(conformance: Path) -> list[str]:
    files = sorted(conformance.glob("*.jsonl")) if conformance.is_dir() else []
    if files:
        return [json.loads(line)["text"] for f in files for line in f.read_text(encoding="utf-8").splitlines() if line]
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def processes_ms(commands: list[list[str]], runs: int, env: dict, envs: list[dict] | None = None) -> list[float]:
    """Median wall time of each command (run with `env`, updated by its entry of `envs`);
    the commands take turns in every round, so a machine that speeds up or slows down
    during the run affects them all alike."""
    times: list[list[float]] = [[] for _ in commands]
    envs = envs or [{} for _ in commands]
    for _ in range(runs):
        for i, argv in enumerate(commands):
            t = time.perf_counter()
            subprocess.run(argv, capture_output=True, env={**env, **envs[i]}, cwd=ROOT)
            times[i].append(time.perf_counter() - t)
    return [statistics.median(t) * 1000 for t in times]


def thousand_word_draft(path: Path, example: str = "jiangxi-economy") -> int:
    """A draft of about 1,000 words built from an example draft's sentences (a Chinese
    word counted as 1.7 characters, the usual ratio: 1,000 words are ~1,700 characters)."""
    body = (ROOT / "claims" / f"{example}.md").read_text(encoding="utf-8").split("---", 2)[2]
    paragraphs = [p for p in body.split("\n\n") if p.strip() and not p.strip().startswith(("#", "<!--"))]
    chinese = example.endswith("-zh")
    out, words = [], 0
    while words < 1000:
        for p in paragraphs:
            out.append(p.strip())
            words += round(len(p.strip()) / 1.7) if chinese else len(p.split())
    path.write_text("---\ndate: 2024-05-28\n---\n\n" + "\n\n".join(out) + "\n", encoding="utf-8")
    return words


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--conformance", type=Path, default=ROOT.parent / "shared" / "conformance")
    ap.add_argument("--against", metavar="REV", help="also time the 1,000-word checks of this git revision's code")
    args = ap.parse_args()

    sys.path.insert(0, str(ROOT))
    from verify.knowledge.units import registry
    from verify.reading.quantities import extract

    corpus = texts(args.conformance)
    extract("warm up 569 billion yuan 5690亿元")
    found = [q for t in corpus for q in extract(t)]
    n = len(found)
    t_ours = median_time(lambda: [extract(t) for t in corpus], args.runs)
    ureg = registry()

    def pint_parse():
        for q in found:
            try:
                ureg.parse_expression(q.text)
            except Exception:
                pass

    t_pint = median_time(pint_parse, max(3, args.runs // 2))
    print(f"extraction over {len(corpus)} texts, {n} quantities, median of {args.runs} runs")
    print(
        f"  verify extract          {n / t_ours:12,.0f} quantities/s"
        f"  ({t_ours * 1e6 / n:7.1f} µs each, text scan included)"
    )
    print(
        f"  baseline: pint parse    {n / t_pint:12,.0f} quantities/s"
        f"  ({t_pint * 1e6 / n:7.1f} µs each, quantity text only)"
    )
    print(
        f"  ratio                   {t_ours / t_pint:12.2f}x pint's cost,"
        " while verify also finds the quantities in the text"
    )

    # as installed: bytecode cached (some sandboxes set PYTHONDONTWRITEBYTECODE, which
    # makes every process recompile verify's sources)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["VERIFY_CACHE_DIR"] = tempfile.mkdtemp(prefix="verify-bench-")
    # the command as users run it: the installed `verify` script (`python -m verify` also
    # imports runpy, ~3 ms), else the module
    script = Path(sys.executable).with_name("verify")
    verify = [str(script)] if script.exists() else [sys.executable, "-m", "verify"]
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "draft-1000-words.md"
        words = thousand_word_draft(big)
        big_zh = Path(tmp) / "draft-1000-words-zh.md"
        words_zh = thousand_word_draft(big_zh, "jiangxi-economy-zh")
        drafts = [(f"{words}-word draft", big), (f"{words_zh}-word Chinese draft", big_zh)]
        rows = [
            ("baseline: python -c pass", [sys.executable, "-c", "pass"]),
            ("verify --help", [*verify, "--help"]),
            ("verify check (example draft)", [*verify, "check", "claims/jiangxi-economy.md"]),
            *[(f"verify check ({what})", [*verify, "check", str(path)]) for what, path in drafts],
        ]
        envs: list[dict] = [{} for _ in rows]
        if args.against:
            other = Path(tmp) / "against"
            other.mkdir()
            archive = subprocess.run(["git", "archive", args.against], cwd=ROOT, capture_output=True, check=True)
            subprocess.run(["tar", "-x", "-C", str(other)], input=archive.stdout, check=True)
            for what, path in drafts:
                rows.append((f"verify check @{args.against} ({what})", [*verify, "check", str(path)]))
                envs.append({"PYTHONPATH": str(other)})
        for (_, argv), extra in zip(rows, envs):  # warm: bytecode written, default store built
            subprocess.run(argv, capture_output=True, env={**env, **extra}, cwd=ROOT)
        times = processes_ms([argv for _, argv in rows], args.runs, env, envs)
        results = [(name, ms) for (name, _), ms in zip(rows, times)]
    base = results[0][1]
    print(f"\nwhole process, median of {args.runs} interleaved runs (bytecode cached, default store built)")
    for name, ms in results:
        print(f"  {name:44} {ms:7.1f} ms   {ms / base:5.1f}x python start-up")
    if args.against:
        for (name, ms), (_, then) in zip(results[-4:-2], results[-2:]):
            print(f"  {name:44} {ms - then:+7.1f} ms against {args.against}")


if __name__ == "__main__":
    main()
