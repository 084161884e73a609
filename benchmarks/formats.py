"""Rendering cost per format, and whether it grows linearly with the number of claims.

    .venv/bin/python benchmarks/formats.py [--runs 7]

Builds drafts of 100, 1,000 and 2,000 claims (supported, contradicted, unknown and
suppressed, in paragraphs), checks each once against the default store, then renders
every format `--runs` times and prints the median. The baseline is the same format at 100
claims in the same run: a linear renderer costs about 10x and 20x that; a quadratic one
about 100x and 400x.
"""

from __future__ import annotations

import argparse
import statistics
import time

from verify.api import check
from verify.reading.document import parse
from verify.reporting.formats import FORMATS, render
from verify.store.seeds import default_store

SENTENCES = [
    "Jiangxi's foreign trade reached 569 billion yuan last year.",  # supported
    "Jiangxi's GDP hit {n:.2f} trillion yuan in 2023.",  # contradicted
    "The council spent {k} million yuan on parks.",  # unknown
    "<!-- verify-ignore-next-line: quoted from the governor -->\nThe governor said trade reached {k} billion yuan.",
]


def draft(claims: int) -> str:
    paras = []
    for i in range(claims):
        s = SENTENCES[i % len(SENTENCES)]
        paras.append(s.format(n=3.3 + (i % 50) / 100, k=i + 1))
    return "---\ndate: 2024-05-28\n---\n\n" + "\n\n".join(paras) + "\n"


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    sizes = (100, 1000, 2000)
    reports = {}
    with default_store() as store:
        for n in sizes:
            doc = parse(draft(n), path=f"bench-{n}.md")
            t = time.perf_counter()
            reports[n] = check(doc, store)
            elapsed = (time.perf_counter() - t) * 1000
            assert len(reports[n].verdicts) == n, (n, len(reports[n].verdicts))
            print(f"check, {n:>5,} claims: {elapsed:8.1f} ms (once; {elapsed / n:.2f} ms per claim)")
    print(f"\nrender, median of {args.runs} runs; ratio against the same format at {sizes[0]} claims")
    print(f"{'format':<10}" + "".join(f"{n:>12,}" for n in sizes) + "   ratios")
    for fmt in FORMATS:
        ms = [median_ms(lambda r=reports[n], f=fmt: render(f, [r]), args.runs) for n in sizes]
        ratios = " ".join(f"{m / ms[0]:.1f}x" for m in ms[1:])
        print(f"{fmt:<10}" + "".join(f"{m:>9.2f} ms" for m in ms) + f"   {ratios}")


if __name__ == "__main__":
    main()
