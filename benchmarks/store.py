"""The store at scale: a synthetic store of 1,000,000 realistic figures.

    .venv/bin/python benchmarks/store.py [--figures 1000000] [--claims 300] [--brute 20] [--runs 5]

What it builds: statistics-bulletin sentences ("Lonqiao's retail sales of consumer goods
in the services sector reached 52.3 billion yuan in 2021.") over 2,000 places, 60
metrics, 25 sectors and 15 years. Each metric-and-sector sentence is read once by the
real pipeline (`verify.reading.claims.mentions`), and its figure is then repeated for every
place and year with the place's name substituted, so the stored subjects are the ones
the pipeline writes. Claims are draft sentences about a stored figure, worded
differently ("In 2021, retail sales of consumer goods in Lonqiao's services sector
came to ..."), each in a draft whose headline names the place, read by the same pipeline.

What it prints:
- ingest throughput: figures written per second (1,000 documents of 1,000 figures,
  one transaction each, FTS kept by triggers), and, on a sample, whole documents
  through `verify ingest`'s reading and writing;
- the store's size on disk;
- candidate retrieval per claim (`Store.candidates`: the concept, entity and value
  indexes, and the word index for metrics the glossary does not name), median of
  --runs passes over all claims, with recall: is a figure about the claim's place,
  metric and sector among the candidates (recall@limit), and first once the candidates
  are aligned with the claim field by field and ranked as a check ranks them (recall@1);
- the baseline, in the same run: brute-force rapidfuzz (`process.extractOne`, WRatio)
  over every stored metric and name, for --brute claims: time per claim and recall@1.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz, process

from verify.judging.align import align
from verify.judging.tolerances import defaults
from verify.reading.claims import mentions
from verify.reading.document import parse
from verify.store.db import Store
from verify.store.ingest import store_document

METRICS = [
    "retail sales of consumer goods",
    "foreign trade volume",
    "exports",
    "imports",
    "fixed-asset investment",
    "industrial output",
    "value added of industry",
    "gross domestic product",
    "per capita disposable income",
    "tax revenue",
    "general public budget revenue",
    "actual use of foreign capital",
    "electricity consumption",
    "freight volume",
    "passenger traffic",
    "tourism revenue",
    "number of tourists",
    "online retail sales",
    "cross-border e-commerce volume",
    "number of new enterprises",
    "outstanding loans",
    "deposits",
    "grain output",
    "crop area",
    "steel output",
    "cement output",
    "car production",
    "new energy vehicle output",
    "lithium battery output",
    "solar cell output",
    "research and development spending",
    "patent applications",
    "high-tech enterprises",
    "urban employment",
    "average wage",
    "housing sales",
    "real estate investment",
    "infrastructure investment",
    "port throughput",
    "rail freight",
    "air cargo",
    "water supply",
    "sewage treatment capacity",
    "forest coverage",
    "energy consumption per unit of GDP",
    "carbon emissions",
    "healthcare spending",
    "hospital beds",
    "school enrolment",
    "university graduates",
    "broadband users",
    "5G base stations",
    "data centre capacity",
    "venture capital",
    "bond issuance",
    "insurance premiums",
    "pension payments",
    "social security fund",
    "rural income",
    "urban income",
]
SECTORS = [
    "manufacturing",
    "services",
    "agriculture",
    "mining",
    "construction",
    "logistics",
    "retail",
    "wholesale",
    "finance",
    "real estate",
    "tourism",
    "education",
    "health",
    "energy",
    "chemicals",
    "textiles",
    "electronics",
    "automotive",
    "software",
    "telecommunications",
    "food processing",
    "machinery",
    "pharmaceuticals",
    "new materials",
    "aviation",
]
UNITS = [("billion yuan", 1e9), ("million yuan", 1e6), ("percent", 1)]
SYLLABLES = "an bai chang de feng gan heng jin kai lan long ming nan ping qiao rui shan tai wen xin yang zhou".split()
PLACEHOLDER = "Zorvath"


def places(n: int, rng: random.Random) -> list[str]:
    out: set[str] = set()
    while len(out) < n:
        out.add((rng.choice(SYLLABLES) + rng.choice(SYLLABLES) + rng.choice(["", *SYLLABLES])).capitalize())
    return sorted(out)


def source_sentence(place: str, metric: str, sector: str, year: int, number: str) -> str:
    return f"{place}'s {metric} in the {sector} sector reached {number} in {year}."


def claim_sentence(place: str, metric: str, sector: str, year: int, number: str, rng: random.Random) -> str:
    forms = [
        f"In {year}, {metric} in {place}'s {sector} sector came to {number}.",
        f"{place} saw {metric} of {number} in its {sector} sector in {year}.",
        f"The {sector} sector in {place} recorded {metric} of {number} in {year}.",
        f"{metric.capitalize()} for {sector} in {place} totalled {number} in {year}, officials said.",
    ]
    return rng.choice(forms)


def templates() -> dict[tuple[int, int], object]:
    """Each metric-and-sector sentence read once by the real pipeline, about a placeholder place."""
    out = {}
    for mi, metric in enumerate(METRICS):
        for si, sector in enumerate(SECTORS):
            text = source_sentence(PLACEHOLDER, metric, sector, 2020, "52.3 billion yuan")
            found = mentions(parse(text), date="2021-06-01")
            out[(mi, si)] = found[0]
    return out


def figure_for(template, place: str, year: int, value: float, rng: random.Random):
    q = template.quantity._replace(value=value * 1e9, text=f"{value:.1f} billion yuan")
    p = template.frame.period
    period = p._replace(text=str(year), year=year, first=f"{year}-01-01", last=f"{year}-12-31")
    frame = template.frame._replace(entity=f"name:{place.lower()}", entity_name=place, period=period)
    return template._replace(
        quantity=q,
        frame=frame,
        sentence=template.sentence.replace(PLACEHOLDER, place)
        .replace("52.3 billion yuan", q.text)
        .replace("2020", str(year)),
    )


def build(path: Path, n: int, rng: random.Random) -> tuple[float, list[tuple[str, int, int, int]]]:
    """Write n figures; return the seconds spent writing and what each figure is about."""
    tpl = templates()
    names = places(2000, rng)
    keys = list(tpl)
    about = [(rng.choice(names), *rng.choice(keys), rng.randrange(2010, 2025)) for _ in range(n)]
    per_doc = 1000
    written = 0.0
    with Store.open(path, create=True) as st:
        for d in range(0, n, per_doc):
            batch = [
                figure_for(tpl[(mi, si)], place, year, rng.uniform(1, 900), rng)
                for place, mi, si, year in about[d : d + per_doc]
            ]
            t0 = time.perf_counter()
            with st.transaction():
                sid = st.add_source(
                    key=f"bulletin-{d // per_doc:04d}.txt",
                    path=f"bulletin-{d // per_doc:04d}.txt",
                    title=f"Statistical bulletin {d // per_doc}",
                    text="(synthetic)",
                    content_hash=f"synthetic-{d}",
                    about={},
                )
                st.add_figures(sid, batch)
            written += time.perf_counter() - t0
        st.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return written, about


def text_ingest(rng: random.Random, sentences: int = 2000) -> tuple[float, int]:
    """Whole documents through reading and writing: figures per second."""
    names = places(200, rng)
    docs = []
    for d in range(10):
        lines = [
            source_sentence(
                rng.choice(names),
                rng.choice(METRICS),
                rng.choice(SECTORS),
                rng.randrange(2010, 2025),
                f"{rng.uniform(1, 900):.1f} billion yuan",
            )
            for _ in range(sentences // 10)
        ]
        docs.append(f"Bulletin {d}\nPublished 2025-03-01\n\n" + "\n\n".join(lines) + "\n")
    with tempfile.TemporaryDirectory() as tmp:
        with Store.open(Path(tmp) / "t.db", create=True) as st:
            t0 = time.perf_counter()
            total = 0
            for i, text in enumerate(docs):
                with st.transaction():
                    total += store_document(st, text, path=f"b{i}.txt").figures
            return time.perf_counter() - t0, total


def claims(about, n: int, rng: random.Random):
    out = []
    for place, mi, si, year in rng.sample(about, n):
        text = claim_sentence(place, METRICS[mi], SECTORS[si], year, f"{rng.uniform(1, 900):.1f} billion yuan", rng)
        found = mentions(parse(f"# {place}'s economy in {year}\n\n{text}\n"), date="2025-06-01")
        if found:
            out.append((found[0], (place.lower(), mi, si)))
    return out


def described(m) -> str:
    """What a mention is about, as one string: its metric's words and its entity's name."""
    return f"{m.subject} {(m.frame.entity_name or '').lower()}".strip()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--figures", type=int, default=1_000_000)
    ap.add_argument("--claims", type=int, default=300)
    ap.add_argument("--brute", type=int, default=20)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--limit", type=int, default=50)
    ap.add_argument("--misses", action="store_true", help="print the claims where the two disagree")
    ap.add_argument("--keep", help="keep the store at this path (default: a temporary file)")
    args = ap.parse_args()
    rng = random.Random(7)
    tmp = tempfile.mkdtemp()
    path = Path(args.keep or os.path.join(tmp, "store.db"))
    if path.exists():
        path.unlink()

    seconds, about = build(path, args.figures, rng)
    size = path.stat().st_size + sum(
        Path(str(path) + s).stat().st_size for s in ("-wal",) if Path(str(path) + s).exists()
    )
    print(f"figures: {args.figures:,}")
    print(f"ingest (writing): {args.figures / seconds:,.0f} figures/s ({seconds:.1f} s in 1,000-figure transactions)")
    t, n = text_ingest(random.Random(3))
    print(f"ingest (reading and writing documents): {n / t:,.0f} figures/s ({n:,} figures from 10 documents)")
    print(f"store size: {size / 1e6:,.0f} MB ({size / args.figures:,.0f} bytes per figure)")

    asked = claims(about, args.claims, rng)
    # figures by what they are about: the right answers
    row_about = {}
    for i, (place, mi, si, _) in enumerate(about, 1):
        row_about[i] = (place.lower(), mi, si)

    with Store.open(path) as st:
        times, found_k, found_1, hits = [], 0, 0, []
        for run in range(args.runs):
            st.finder._figures.clear()  # every pass reads its figures from the database again
            t0 = time.perf_counter()
            results = [st.candidates(c, limit=args.limit) for c, _ in asked]
            times.append((time.perf_counter() - t0) / len(asked))
            if run == 0:
                for (c, right), cands in zip(asked, results):
                    if any(row_about[f.id] == right for f in cands):
                        found_k += 1
                    if cands:  # ranked as a check ranks them: fields agreeing, then how alike the metrics read
                        best = max(
                            cands, key=lambda f: (align(c, f, tolerances=defaults(), anchor="2025-06-01").rank, -f.id)
                        )
                        found_1 += row_about[best.id] == right
                    hits.append(bool(cands) and row_about[best.id] == right)
                    if args.misses and not hits[-1] and len(hits) <= args.brute:
                        print(
                            f"  missed: {c.sentence!r}: {best.mention.sentence if cands else None!r}", file=sys.stderr
                        )
        subjects = [
            f"{subject} {(json.loads(names)[1:2] or [''])[0].lower()}".strip()
            for subject, names in st.conn.execute("SELECT subject, entities FROM figures ORDER BY id")
        ]

    per_claim = statistics.median(times) * 1000
    print(
        f"candidates: {per_claim:.2f} ms per claim (median of {args.runs} passes over {len(asked)} claims,"
        f" limit {args.limit}); recall@{args.limit} {found_k / len(asked):.3f},"
        f" recall@1 after ranking by alignment {found_1 / len(asked):.3f}"
    )

    brute_times, brute_1 = [], 0
    for c, right in asked[: args.brute]:
        text = described(c)
        t0 = time.perf_counter()
        _, _, index = process.extractOne(text, subjects, scorer=fuzz.WRatio)
        brute_times.append(time.perf_counter() - t0)
        brute_1 += row_about[index + 1] == right
        if args.misses and (row_about[index + 1] == right) != hits[len(brute_times) - 1]:
            print(
                f"  differs: {c.sentence!r}: brute force {'right' if row_about[index + 1] == right else 'wrong'}"
                f" ({subjects[index]!r})",
                file=sys.stderr,
            )
    brute = statistics.median(brute_times) * 1000
    ours_1 = sum(hits[: args.brute])
    print(
        f"brute force (rapidfuzz extractOne, WRatio, all {len(subjects):,} metrics and names): "
        f"{brute:,.0f} ms per claim"
        f" (median of {len(brute_times)}), recall@1 {brute_1 / len(brute_times):.3f};"
        f" on the same {len(brute_times)} claims, candidates then ranking: {ours_1 / len(brute_times):.3f}"
    )
    print(f"ratio: candidates take 1/{brute / per_claim:,.0f} of brute force's time per claim")
    if not args.keep:
        for p in Path(tmp).iterdir():
            p.unlink()
        os.rmdir(tmp)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
