"""check() end to end against the default store: one row per verdict rule.

Each row is a one-sentence draft (dated 2024-05-22, so "last year" is 2023) and the
verdict a careful fact-checker would give, with the reason for unknowns. Several rows
are traps: the right number about the wrong thing must never be called supported.
"""

from __future__ import annotations

import pytest

from verify.api import check
from verify.document import parse
from verify.seeds import default_store

CASES = [
    # supported, in other words and other units
    ("Jiangxi's foreign trade came to 569 billion yuan last year.", "supported", None),
    ("Jiangxi's foreign trade reached RMB569bn in 2023.", "supported", None),
    ("Lithium oxide reserves in Yichun exceed 9 million tonnes.", "supported", None),
    ("Over 20 percent of Jiangxi's project funding comes from Guangdong.", "supported", None),
    ("Transport to coastal ports now takes under thirty hours.", "supported", None),
    # contradicted, with the figure the draft should give
    ("Jiangxi's foreign trade reached 463 billion yuan last year.", "contradicted", None),
    ("Jiangxi's GDP reached 1.28 trillion yuan in 2023.", "contradicted", None),
    ("Cross-border e-commerce trade came to 364 billion yuan in 2023.", "contradicted", None),
    # traps: a true number about something else is not support
    ("Hunan's foreign trade reached 569 billion yuan in 2023.", "unknown", "entity_mismatch"),
    ("Jiangxi's GDP grew by 73 percent in 2023.", "unknown", "unit_mismatch"),
    ("Jiangxi's foreign trade reached 569 billion yuan in 2012.", "unknown", "period_mismatch"),
    ("Jiangxi employs 640 people in customs.", "unknown", "no_match"),
    ("Jiangxi plans to attract 100 billion yuan of new investment by 2027.", "unknown", "no_match"),
]


@pytest.fixture(scope="module")
def store():
    with default_store() as st:
        yield st


@pytest.mark.parametrize("sentence,verdict,reason", CASES, ids=[c[0][:50] for c in CASES])
def test_verdicts(store, sentence, verdict, reason):
    report = check(parse(f"---\ndate: 2024-05-22\n---\n\n{sentence}\n"), store)
    (v,) = [v for v in report.verdicts if v.claim.quantity.kind == "amount" or v.claim.quantity.kind == "ordinal"]
    assert (v.verdict, v.reason) == (verdict, reason), v


def test_contradiction_gives_the_figure_at_the_claims_precision(store):
    report = check(parse("---\ndate: 2024-05-22\n---\n\nJiangxi's foreign trade reached 463 billion yuan last year.\n"), store)
    (v,) = report.verdicts
    assert v.correction == "569 billion yuan"
    assert "569 billion yuan" in v.figure.quote and v.figure.source.publisher == "China Daily"


ZH_CASES = [
    ("去年江西省地区生产总值为3.22万亿元。", "supported", None),
    ("全省外贸进出口总值5698.3亿元，出口4800亿元。", "contradicted", None),
    ("全年粮食总产量超过2200万吨。", "supported", None),
    ("浙江省外贸进出口总值4.9万亿元。", "unknown", "entity_mismatch"),
]


@pytest.fixture(scope="module")
def zh_store(tmp_path_factory):
    from pathlib import Path

    from verify.ingest import ingest_files
    from verify.store import Store

    path = tmp_path_factory.mktemp("zh") / "zh.db"
    with Store.open(path, create=True) as st:
        ingest_files(st, [str(Path(__file__).parent / "data" / "jiangxi-2023-bulletin-zh.txt")])
        yield st


@pytest.mark.parametrize("sentence,verdict,reason", ZH_CASES, ids=[c[0][:12] for c in ZH_CASES])
def test_chinese_verdicts(zh_store, sentence, verdict, reason):
    report = check(parse(f"---\ndate: 2024-04-02\n---\n\n{sentence}\n"), zh_store)
    v = report.verdicts[-1]
    assert (v.verdict, v.reason) == (verdict, reason), v
