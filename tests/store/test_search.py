"""The store's candidate search against a brute-force reference: every stored figure that
agrees with a claim on entity, metric, qualifiers, period and unit (aligned with every
figure in the store, one by one) is among the figures `Store.candidates` offers for it.
The store is the synthetic one of benchmarks/store.py (bulletin sentences over many
places, metrics, sectors and years), at a few thousand figures."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import store as synthetic  # noqa: E402  (benchmarks/store.py: the synthetic store's builder)

from verify.judging.align import align  # noqa: E402
from verify.judging.tolerances import defaults  # noqa: E402
from verify.store.db import Store  # noqa: E402


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    rng = random.Random(20261129)
    path = tmp_path_factory.mktemp("search") / "s.db"
    _, about = synthetic.build(path, 2000, rng)
    st = Store.open(path)
    yield st, synthetic.claims(about, 30, rng)
    st.close()


def test_candidates_hold_every_figure_brute_force_alignment_agrees_with(built):
    st, claims = built
    every = st.figures()
    t = defaults()
    missed, about_something = [], 0
    for claim, _ in claims:
        agreeing = {f.id for f in every if align(claim, f, tolerances=t, calendars={}, anchor="2025-06-01").agrees}
        offered = {f.id for f in st.candidates(claim)}
        about_something += bool(agreeing)
        if not agreeing <= offered:
            missed.append((claim.sentence, sorted(agreeing - offered)))
    # some wordings are read as another metric than the stored one (the benchmark's recall@1);
    # the claims the reference does find figures for are what this compares
    assert about_something >= 10, "the claims are about stored figures: the reference finds them"
    assert len(claims) >= 25 and not missed, missed


def test_the_figure_a_claim_is_about_is_offered(built):
    st, claims = built
    found = 0
    for claim, (place, mi, si) in claims:
        offered = st.candidates(claim)
        found += any(
            f.mention.frame.entity == f"name:{place}"
            and synthetic.METRICS[mi] in f.mention.sentence
            and synthetic.SECTORS[si] in f.mention.sentence
            for f in offered
        )
    assert found == len(claims)
