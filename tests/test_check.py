"""check() end to end against the default store: one row per verdict rule.

Each row is a one-sentence draft (dated 2024-05-22, so "last year" is 2023) and the
verdict a careful fact-checker would give, with the reason for unknowns. Several rows
are traps: the right number about the wrong thing must never be called supported.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from verify.api import check
from verify.reading.document import parse
from verify.store.seeds import default_store

ROOT = Path(__file__).resolve().parent.parent

CASES = [
    # supported, in other words and other units
    ("Jiangxi's foreign trade came to 569 billion yuan last year.", "supported", None),
    ("Jiangxi's foreign trade reached RMB569bn in 2023.", "supported", None),
    ("Lithium oxide reserves in Yichun exceed 9 million tonnes.", "supported", None),
    ("Over 20 percent of Jiangxi's project funding comes from Guangdong.", "supported", None),
    ("Transport to coastal ports now takes under thirty hours.", "supported", None),
    ("Yichun's lithium mica mines hold two-fifths of the national reserves.", "supported", None),
    ("Two in five of the national lithium reserves lie in Yichun's mica mines.", "supported", None),
    # contradicted, with the figure the draft should give
    ("Jiangxi's foreign trade reached 463 billion yuan last year.", "contradicted", None),
    ("Jiangxi's GDP reached 1.28 trillion yuan in 2023.", "contradicted", None),
    ("Cross-border e-commerce trade came to 364 billion yuan in 2023.", "contradicted", None),
    # derived: a change worked out from two stored levels (GDP 1.28 trillion in 2012, 3.22 in 2023)
    ("Jiangxi's GDP more than doubled between 2012 and 2023.", "supported", None),
    ("Jiangxi's GDP tripled between 2012 and 2023.", "contradicted", None),
    ("Jiangxi's GDP rose by about 150 percent between 2012 and 2023.", "supported", None),
    ("Jiangxi's GDP rose by 250 percent from 2012 to 2023.", "contradicted", None),
    ("Jiangxi's GDP grew by 1.94 trillion yuan between 2012 and 2023.", "supported", None),
    ("Jiangxi's GDP fell by 20 percent between 2012 and 2023.", "contradicted", None),
    ("Per capita GDP rose by about 150% from 2012 to 2023.", "supported", None),  # "during the same period"
    ("Jiangxi's GDP more than doubled between 2015 and 2023.", "unknown", "*"),  # no 2015 figure
    # a rise told as a fall
    (
        "Exports of new energy vehicles, photovoltaic products and lithium batteries fell by 73 percent last year.",
        "contradicted",
        None,
    ),
    # currencies convert only at a rate the source gives: 569 billion yuan ($78.9 billion)
    ("Jiangxi's foreign trade reached US$569 billion last year.", "contradicted", None),
    ("Jiangxi's cross-border e-commerce import and export volume reached $64 billion last year.", "supported", None),
    ("By the end of 2024, the industrial guidance funds had reached $44 billion.", "unknown", "unit_mismatch"),
    # traps: a true number about something else is not support
    ("Hunan's foreign trade reached 569 billion yuan in 2023.", "unknown", "entity_mismatch"),
    # an unnamed other owner ("the rival province's") is not the document's subject either
    ("The rival province's foreign trade reached 569 billion yuan in 2023.", "unknown", "entity_mismatch"),
    ("A neighbouring province's foreign trade came to 600 billion yuan in 2023.", "unknown", "entity_mismatch"),
    (
        "Jiangxi's GDP grew by 73 percent in 2023.",
        "unknown",
        "qualifier_mismatch",
    ),  # the store has GDP's level, not its growth
    ("Jiangxi's foreign trade reached 569 billion yuan in 2012.", "unknown", "period_mismatch"),
    ("Jiangxi employs 640 people in customs.", "unknown", "no_match"),
    ("Jiangxi plans to attract 100 billion yuan of new investment by 2027.", "unknown", "no_match"),
    # the cross-border e-commerce import and export volume is not "exports": neither a
    # contradiction of 300 billion nor support for 463 billion
    ("Jiangxi's exports reached 300 billion yuan in 2023.", "unknown", "*"),
    ("Jiangxi's exports reached 463 billion yuan in 2023.", "unknown", "*"),
]


@pytest.fixture(scope="module")
def store():
    with default_store() as st:
        yield st


@pytest.mark.parametrize("sentence,verdict,reason", CASES, ids=[c[0][:50] for c in CASES])
def test_verdicts(store, sentence, verdict, reason):
    report = check(parse(f"---\ndate: 2024-05-22\n---\n\n{sentence}\n"), store)
    (v,) = report.verdicts
    assert (v.verdict, v.reason if reason != "*" else "*") == (verdict, reason), v


CORRECTIONS = [
    ("Jiangxi's foreign trade reached 463 billion yuan last year.", "569 billion yuan"),
    ("Jiangxi's foreign trade reached US$569 billion last year.", "US$79 billion"),  # at the claim's precision
    ("Jiangxi's GDP tripled between 2012 and 2023.", "2.5 times"),
    ("Jiangxi's GDP rose by 250 percent from 2012 to 2023.", "152 percent"),
    ("Jiangxi's GDP fell by 20 percent between 2012 and 2023.", "an increase of 152 percent"),
    (
        "Exports of new energy vehicles, photovoltaic products and lithium batteries fell by 73 percent last year.",
        "an increase of 73 percent",
    ),
    # a narrower trade figure is corrected from its own line, never from the whole of trade
    ("Jiangxi's cross-border e-commerce imports and exports came to 400 billion yuan last year.", "463 billion yuan"),
    # the noun a concept modifies is the metric, in English and in Chinese; an ordinal in its own words
    ("Jiangxi's export clearance efficiency ranks fourth in the country.", "fifth"),
    ("江西出口通关效率居全国第四。", "第五"),
]


@pytest.mark.parametrize("sentence,correction", CORRECTIONS, ids=[c[0][:50] for c in CORRECTIONS])
def test_corrections(store, sentence, correction):
    (v,) = check(parse(f"---\ndate: 2024-05-22\n---\n\n{sentence}\n"), store).verdicts
    assert (v.verdict, v.correction) == ("contradicted", correction)


def test_a_claim_with_no_year_is_read_against_the_latest_figure_and_says_so(store):
    draft = "Jiangxi's GDP reached 3.22 trillion yuan.\n\nJiangxi's GDP was 2.5 trillion yuan.\n"
    right, wrong = check(parse(f"---\ndate: 2024-05-22\n---\n\n{draft}"), store).verdicts
    assert right.verdict == "supported" and right.comparison.endswith("the figure for 2023")
    assert (wrong.verdict, wrong.correction, wrong.figure.mention.period.start) == (
        "contradicted",
        "3.2 trillion yuan",
        2023,
    )


def test_a_derived_verdict_shows_both_figures(store):
    (v,) = check(
        parse("---\ndate: 2024-05-22\n---\n\nJiangxi's GDP more than doubled between 2012 and 2023.\n"), store
    ).verdicts
    assert [f.mention.quantity.text for f in v.basis] == ["1.28 trillion yuan", "3.22 trillion yuan"]
    assert "2.52 times" in v.comparison


def test_a_converted_figure_says_whose_rate(store):
    (v,) = check(
        parse(
            "---\ndate: 2024-05-22\n---\n\nJiangxi's cross-border e-commerce import and export volume "
            "reached $64 billion last year.\n"
        ),
        store,
    ).verdicts
    assert v.figure.mention.quantity.text == "463 billion yuan"
    assert "569 billion yuan ($78.9 billion)" in v.comparison


def test_contradiction_gives_the_figure_at_the_claims_precision(store):
    report = check(
        parse("---\ndate: 2024-05-22\n---\n\nJiangxi's foreign trade reached 463 billion yuan last year.\n"), store
    )
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

    from verify.store.db import Store
    from verify.store.ingest import ingest_files

    path = tmp_path_factory.mktemp("zh") / "zh.db"
    with Store.open(path, create=True) as st:
        ingest_files(st, [str(Path(__file__).parent / "data" / "jiangxi-2023-bulletin-zh.txt")])
        yield st


@pytest.mark.parametrize("sentence,verdict,reason", ZH_CASES, ids=[c[0][:12] for c in ZH_CASES])
def test_chinese_verdicts(zh_store, sentence, verdict, reason):
    report = check(parse(f"---\ndate: 2024-04-02\n---\n\n{sentence}\n"), zh_store)
    v = report.verdicts[-1]
    assert (v.verdict, v.reason) == (verdict, reason), v


# GDP 12948.9亿元 in 2012 and 32200.1亿元 in 2023 (tests/data/zh-from-to.txt): 2.49 times
ZH_CHANGES = [
    ("2012年至2023年，江西省地区生产总值增长1.5倍。", "supported"),  # grew by 1.5 times: 2.5 times the start
    ("2012年至2023年，江西省地区生产总值增长了两倍。", "contradicted"),  # 3 times the start
    ("2012年至2023年，江西省地区生产总值翻了一番多。", "supported"),
    ("2012年至2023年，江西省地区生产总值增长约149%。", "supported"),
    ("2012年至2023年，江西省地区生产总值下降了10%。", "contradicted"),
    ("2023年江西省地区生产总值比上年增长4.1%。", "unknown"),  # not in this store
]


@pytest.mark.parametrize("sentence,verdict", ZH_CHANGES, ids=[c[0][10:24] for c in ZH_CHANGES])
def test_chinese_changes(tmp_path_factory, sentence, verdict):
    from pathlib import Path

    from verify.store.db import Store
    from verify.store.ingest import ingest_files

    path = tmp_path_factory.mktemp("zhc") / "zh.db"
    with Store.open(path, create=True) as st:
        ingest_files(st, [str(Path(__file__).parent / "data" / "zh-from-to.txt")])
        (v,) = check(parse(f"---\ndate: 2024-04-02\n---\n\n{sentence}\n"), st).verdicts
    assert v.verdict == verdict, v


def test_chinese_growth_is_a_change_not_a_level(zh_store):
    (v,) = check(parse("---\ndate: 2024-04-02\n---\n\n2023年江西省地区生产总值比上年下降4.1%。\n"), zh_store).verdicts
    assert v.verdict == "contradicted" and v.figure.mention.quantity.text == "4.1%"


# A real article with its numbers changed: what a careless edit does to a draft.
# (original, changed, verdict): a changed exact figure is contradicted; a changed
# bound is judged by entailment ("exceeding 6 million" is true if the source says
# "exceeding 9 million"; "over 8 trillion" is not known from "over 5 trillion").
EDITS = [
    ("569 billion yuan", "596 billion yuan", "contradicted"),
    ("($78.9 billion)", "($87.9 billion)", "contradicted"),
    ("increased by 73 percent", "increased by 37 percent", "contradicted"),
    ("4.3 percent", "3.4 percent", "contradicted"),
    ("volume and ranking sixth", "volume and ranking fourth", "contradicted"),
    ("exceeding 9 million", "exceeding 6 million", "supported"),
    ("40 percent", "60 percent", "contradicted"),
    ("average of 70 hours", "average of 90 hours", "contradicted"),
    ("ranks fifth", "ranks third", "contradicted"),
    ("463 billion", "436 billion", "contradicted"),
    ("1.28 trillion", "1.82 trillion", "contradicted"),
    ("3.22 trillion", "3.52 trillion", "contradicted"),
    ("28,600 yuan", "26,800 yuan", "contradicted"),
    ("71,200 yuan", "72,100 yuan", "contradicted"),
    ("73.8 percent", "78.3 percent", "contradicted"),
    ("over 5 trillion", "over 8 trillion", "unknown"),
    ("487,000", "478,000", "contradicted"),
]


def test_an_edited_article_is_caught(store):
    from verify.store.seeds import seeds_dir

    text = (seeds_dir() / "2024-05-20-chinadaily-jiangxi-open-economy.txt").read_text(encoding="utf-8")
    for original, changed, _ in EDITS:
        assert original in text
        text = text.replace(original, changed, 1)
    report = check(parse("---\ndate: 2024-05-20\n---\n\n" + text), store)

    def number(s: str) -> str:
        m = re.search(r"\d[\d,.]*\d|\d|fourth|third", s)
        return m.group() if m else s

    found = []
    for _, changed, verdict in EDITS:
        v = next(v for v in report.verdicts if number(v.claim.quantity.text) == number(changed))
        found.append(v)
        assert v.verdict == verdict, (changed, v.verdict, v.reason)
    unchanged = [v for v in report.verdicts if v not in found]
    assert unchanged and all(v.verdict == "supported" for v in unchanged), [
        (v.claim.quantity.text, v.verdict) for v in unchanged if v.verdict != "supported"
    ]


# ---- a big draft judged in two processes -------------------------------------------------

TWO_PROCESSES = [  # (id naming the rule, draft)
    ("paragraphs that carry a period across the halves", "claims/jiangxi-economy.md"),
    ("a Chinese draft", "claims/jiangxi-economy-zh.md"),
    ("controls and a table", "tests/data/formats/desk.md"),
]


@pytest.mark.parametrize("path", [p for _, p in TWO_PROCESSES], ids=[i for i, _ in TWO_PROCESSES])
def test_two_processes_judge_as_one(monkeypatch, path):
    from verify import api
    from verify.reading.document import read

    monkeypatch.setattr(api, "PARALLEL_FROM", 0)  # any draft is big
    doc = read(ROOT / path)
    with default_store() as store:
        one = check(doc, store)
        two = check(doc, store, workers=2)
    assert two == one and len(one.verdicts) > 3


@pytest.mark.parametrize("first_part", [0.2, 0.5, 0.8], ids=["child judges most", "halves", "parent judges most"])
@pytest.mark.parametrize("path", [p for _, p in TWO_PROCESSES], ids=[i for i, _ in TWO_PROCESSES])
def test_a_json_report_of_two_processes_is_one_process_report(monkeypatch, path, first_part):
    """Wherever the halves meet, the JSON report is byte for byte one process's: the
    fingerprints count the claims of both halves, and the controls that silence claims of
    the child's half count them."""
    import io

    from verify import api
    from verify.api import checking
    from verify.reading.document import read
    from verify.reporting.report import write_json

    monkeypatch.setattr(api, "PARALLEL_FROM", 0)
    monkeypatch.setattr(api, "FIRST_PART", first_part)
    doc = read(ROOT / path)
    reports = []
    with default_store() as store:
        for workers in (1, 2):
            out = io.BytesIO()
            write_json([checking(doc, store, workers=workers), checking(doc, store, workers=workers)], out)
            reports.append(out.getvalue())
    assert reports[1] == reports[0] and b'"fingerprint"' in reports[0]


@pytest.mark.parametrize("path", [p for _, p in TWO_PROCESSES], ids=[i for i, _ in TWO_PROCESSES])
def test_the_parent_takes_back_the_end_of_a_slow_childs_part(monkeypatch, path):
    """Its own part judged, the parent takes blocks back from the end of the child's part
    (here one at a time, as the child takes them) while the child is slow, and gives their verdicts after the
    child's: the report is one process's."""
    import os
    import time

    from verify import api
    from verify.reading.document import read

    parent, lines_judged_here = os.getpid(), []
    judge = api._Judge.__call__

    def slow_in_the_child(self, claim):
        if os.getpid() == parent:
            lines_judged_here.append(claim.line)
        else:
            time.sleep(0.05)
        return judge(self, claim)

    monkeypatch.setattr(api._Judge, "__call__", slow_in_the_child)
    monkeypatch.setattr(api, "PARALLEL_FROM", 0)
    monkeypatch.setattr(api, "FIRST_PART", 0.2)
    monkeypatch.setattr(api, "STEAL", 1)
    monkeypatch.setattr(api, "TAKE", 1)
    monkeypatch.setattr(api, "BATCH", 1)  # the child reads a block only once it judged the one before
    doc = read(ROOT / path)
    with default_store() as store:
        one = check(doc, store)
        lines_judged_here.clear()
        two = check(doc, store, workers=2)
    assert two == one and max(lines_judged_here) == one.verdicts[-1].claim.line


def test_a_failed_child_leaves_its_half_to_the_parent(monkeypatch):
    import os

    from verify import api
    from verify.reading.document import read

    parent = os.getpid()

    class FailsInTheChild(api._Pickler):
        def __init__(self):
            if os.getpid() != parent:
                raise RuntimeError("the child cannot write its spool")
            super().__init__()

    monkeypatch.setattr(api, "PARALLEL_FROM", 0)
    monkeypatch.setattr(api, "_Pickler", FailsInTheChild)  # the child fails at once
    doc = read(ROOT / "claims/jiangxi-economy.md")
    with default_store() as store:
        assert check(doc, store, workers=2) == check(doc, store)


def test_a_child_that_fails_midway_leaves_the_rest_to_the_parent(monkeypatch):
    """The blocks the child judged before it failed are taken; the parent judges the rest."""
    import os

    from verify import api
    from verify.reading.document import read

    parent = os.getpid()

    class FailsAtTheThird(api._Pickler):
        def write(self, out, record):
            self.written = getattr(self, "written", 0) + 1
            if self.written == 3 and os.getpid() != parent:
                out.flush()
                raise RuntimeError("the child's disk is full")
            super().write(out, record)

    monkeypatch.setattr(api, "PARALLEL_FROM", 0)
    monkeypatch.setattr(api, "FIRST_PART", 0.2)  # the child has many blocks
    monkeypatch.setattr(api, "_Pickler", FailsAtTheThird)
    doc = read(ROOT / "claims/jiangxi-economy.md")
    with default_store() as store:
        assert check(doc, store, workers=2) == check(doc, store)


def test_the_parent_reads_only_whole_records_of_the_spool(tmp_path):
    """A record the child is still writing is read once it is whole."""
    from verify import api

    records = [(0, None, None, ["first"]), (1, None, None, ["second"])]
    data = _spooled(records)
    with open(tmp_path / "spool", "w+b") as spool:
        reader = api._Records(spool.fileno())
        spool.write(data[:-5])  # the second record, all but its last bytes
        spool.flush()
        assert list(reader.ready()) == records[:1]
        spool.write(data[-5:])
        spool.flush()
        assert list(reader.ready()) == records[1:]
        assert list(reader.ready()) == []


def test_the_parent_holds_a_chunk_of_the_spool_not_all_of_it(tmp_path, monkeypatch):
    """A child far ahead of the parent may have written hundreds of megabytes: the
    parent reads them a chunk at a time, as it takes the records."""
    from verify import api

    monkeypatch.setattr(api, "CHUNK", 256)
    records = [(i, None, None, ["a verdict"] * 5) for i in range(200)]
    data = _spooled(records)
    with open(tmp_path / "spool", "w+b") as spool:
        spool.write(data)
        spool.flush()
        reader = api._Records(spool.fileno())
        taken = reader.ready()
        assert next(taken) == records[0]
        assert len(reader.pending) < 2 * 256 < len(data) // 10
        assert [next(taken)] + list(taken) == records[1:]


def _spooled(records: list) -> bytes:
    """`records` as a child writes them to its spool."""
    import io

    from verify import api

    out = io.BytesIO()
    pickler = api._Pickler()
    for r in records:
        pickler.write(out, r)
    return out.getvalue()
