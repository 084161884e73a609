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


@pytest.mark.parametrize("limit", [4, 40], ids=["cut-inside-ties-and-entities", "the-default-limit"])
def test_candidates_from_memory_are_those_sqlite_gives(built, monkeypatch, limit):
    """A store's concept and value indexes, once read into memory, answer each claim
    with the figures SQLite's would, in the same order: for the claims of the synthetic
    store and for a claim at each stored figure's own value (ties of values and ids)."""
    from verify.store import search

    st, claims = built
    asked = [c for c, _ in claims] + [f.mention for f in st.figures()[:300]]
    monkeypatch.setattr(search, "MEMORY_UP_TO", -1)  # never in memory: SQLite answers
    with Store.open(st.path) as sql:
        expected = [[f.id for f in sql.candidates(c, limit=limit)] for c in asked]
        assert sql.finder._memory is None
    monkeypatch.setattr(search, "MEMORY_UP_TO", 10**9)
    with Store.open(st.path) as mem:
        mem.finder._asked = 10**9  # read into memory at the first query
        got = [[f.id for f in mem.candidates(c, limit=limit)] for c in asked]
        assert mem.finder._memory is not None
    assert got == expected


def test_candidates_from_memory_keep_sqlites_order_among_ties(tmp_path, monkeypatch):
    """A concept's figures of a city, its province and its country interleave by id, and
    their values tie: cut at a small limit, memory and SQLite keep the same ones."""
    from verify.reading.claims import Reading
    from verify.reading.document import parse
    from verify.store import search
    from verify.store.ingest import store_document

    places = ["Ganzhou", "Jiangxi", "China", "Hunan"]
    lines = [f"{p}'s GDP was {500 + year % 3} billion yuan in {year}." for year in range(2001, 2021) for p in places]
    with Store.open(tmp_path / "ties.db", create=True) as st, st.transaction():
        store_document(st, "\n\n".join(lines), path="ties.txt", published="2021-03-01")
    claims = [f"{p}'s GDP was {v} billion yuan in 2010." for p in places for v in (501, 502.5)]  # 502.5: all below it
    asked = list(Reading(parse("\n\n".join(claims))).mentions())
    answers = []
    for up_to in (-1, 10**9):  # SQLite, then memory
        monkeypatch.setattr(search, "MEMORY_UP_TO", up_to)
        with Store.open(tmp_path / "ties.db") as st:
            st.finder._asked = 10**9
            answers.append([[f.id for f in st.candidates(c, limit=limit)] for c in asked for limit in (3, 4, 7)])
    assert answers[0] == answers[1] and len(answers[0][0]) >= 3
