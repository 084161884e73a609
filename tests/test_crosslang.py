"""Chinese and English either way round: an English draft against a Chinese source, a
Chinese draft (simplified, traditional, or with the pinyin mirrored pages insert)
against an English one. The sources are made up for these tests
(tests/data/crosslang/hunan-bulletin-2023-zh.txt, tests/data/align/hunan-bulletin-2023.txt);
one row per rule: the draft sentence and the verdict a careful checker gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from verify.api import check
from verify.knowledge import hanzi
from verify.reading.claims import mentions
from verify.reading.document import parse
from verify.store.db import Store
from verify.store.ingest import ingest_files

DATA = Path(__file__).parent / "data"


def _store(tmp_path_factory, name: str, source: Path):
    st = Store.open(tmp_path_factory.mktemp(name) / "s.db", create=True)
    ingest_files(st, [str(source)])
    return st


@pytest.fixture(scope="module")
def zh_source(tmp_path_factory):
    st = _store(tmp_path_factory, "zh", DATA / "crosslang" / "hunan-bulletin-2023-zh.txt")
    yield st
    st.close()


@pytest.fixture(scope="module")
def en_source(tmp_path_factory):
    st = _store(tmp_path_factory, "en", DATA / "align" / "hunan-bulletin-2023.txt")
    yield st
    st.close()


def _verdict(store, sentence: str):
    (v,) = check(parse(f"---\ndate: 2024-04-01\n---\n\n{sentence}\n"), store).verdicts
    return v


# (English draft sentence, verdict) against a Chinese release
ENGLISH_AGAINST_CHINESE = [
    ("Hunan's GDP reached 5.0 trillion yuan in 2023.", "supported", "gdp-meets-diqu-shengchan-zongzhi"),
    ("Hunan's economy grew 4.6 percent in 2023.", "supported", "the-economy-grew-meets-bishangnian-zengzhang"),
    ("Hunan's exports came to 430.6 billion yuan in 2023.", "supported", "billion-meets-yi"),
    ("Hunan's exports came to 530.6 billion yuan in 2023.", "contradicted", "a-wrong-value-across-languages"),
    ("Per capita disposable income in Hunan was 35,895 yuan in 2023.", "supported", "per-capita-meets-renjun"),
    ("Hunan's foreign trade reached 617.5 billion yuan last year.", "supported", "foreign-trade-meets-jinchukou"),
    ("Hunan had 65.68 million permanent residents at the end of 2023.", "supported", "year-end-meets-nianmo"),
    ("Jiangxi's exports came to 430.6 billion yuan in 2023.", "unknown", "another-province-is-no-support"),
]

# (Chinese draft sentence, verdict) against an English bulletin
CHINESE_AGAINST_ENGLISH = [
    ("2023年湖南省外贸进出口总额6170亿元。", "supported", "jinchukou-meets-foreign-trade"),
    ("2023年湖南省外貿進出口總額6170億元。", "supported", "traditional-is-read-as-simplified"),
    ("2023年湖南省外貿(mào)進(jìn)出口總額6170億元。", "supported", "inline-pinyin-is-noise"),
    ("2023年湖南省出口4310亿元。", "supported", "chukou-meets-exports"),
    ("2023年湖南省外贸进出口总额7170亿元。", "contradicted", "a-wrong-value-in-chinese"),
    ("2023年湖南居民人均可支配收入3.59万元。", "supported", "wan-meets-thousands"),
    ("2023年湖南省地区生产总值增长4.6%。", "supported", "a-chinese-change-meets-an-english-one"),
    ("2022年湖南省外贸进出口总额6170亿元。", "unknown", "another-year-is-no-support"),
]


@pytest.mark.parametrize(
    "sentence,verdict", [c[:2] for c in ENGLISH_AGAINST_CHINESE], ids=[c[2] for c in ENGLISH_AGAINST_CHINESE]
)
def test_english_draft_against_a_chinese_source(zh_source, sentence, verdict):
    assert _verdict(zh_source, sentence).verdict == verdict


@pytest.mark.parametrize(
    "sentence,verdict", [c[:2] for c in CHINESE_AGAINST_ENGLISH], ids=[c[2] for c in CHINESE_AGAINST_ENGLISH]
)
def test_chinese_draft_against_an_english_source(en_source, sentence, verdict):
    assert _verdict(en_source, sentence).verdict == verdict


def test_a_claim_read_through_pinyin_points_at_the_text_as_written(en_source):
    sentence = "2023年湖南省外貿(mào)進(jìn)出口總額6170億元。"
    v = _verdict(en_source, sentence)
    assert v.claim.quantity.text == "6170億元" and v.claim.sentence == sentence
    assert v.claim.column == sentence.index("6170") + 1


def test_a_correction_keeps_the_writers_characters(en_source):
    v = _verdict(en_source, "2023年湖南省外貿進出口總額7170億元。")
    assert v.correction == "6170億元"


# ---- reading: simplified characters, pinyin taken out ---------------------------------------

PINYIN = [
    ("國(guó)內(nèi)生產(chǎn)總值", "國內生產總值", "syllables-after-characters"),
    ("生產總值(GDP)增長", "生產總值(GDP)增長", "an-abbreviation-in-brackets-stays"),
    ("長度為3公里(km)", "長度為3公里(km)", "a-unit-in-brackets-stays"),
    ("plain (text) here", "plain (text) here", "no-chinese-nothing-to-do"),
]


@pytest.mark.parametrize("written,read", [p[:2] for p in PINYIN], ids=[p[2] for p in PINYIN])
def test_inline_pinyin_is_taken_out_with_offsets(written, read):
    clean, back = hanzi.strip_pinyin(written)
    assert clean == read
    if back is not None:
        assert [written[back[i]] for i in range(len(clean))] == list(clean) and back[-1] == len(written)


def test_traditional_text_is_framed_as_simplified():
    (m,) = mentions(parse("---\ndate: 2024-04-01\n---\n\n2023年湖南省進出口總額6175億元。\n"))
    assert (m.frame.concept, m.frame.entity, m.quantity.text) == ("trade", "CN-HN", "6175億元")


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ZH_TEMPLATES = [
    "2023年湖南省外贸进出口总额{:.0f}亿元。",
    "2023年湖南省出口{:.0f}亿元。",
    "2023年湖南居民人均可支配收入{:.2f}万元。",
    "2023年湖南省外貿進出口總額{:.0f}億元。",
]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(template=st.sampled_from(ZH_TEMPLATES), value=st.floats(min_value=1, max_value=99_999, allow_nan=False))
def test_a_correction_to_a_chinese_claim_checks_out(en_source, template, value):
    sentence = template.format(value)
    v = _verdict(en_source, sentence)
    if v.verdict == "contradicted":
        q = v.claim.quantity
        at = sentence.index(q.text)
        fixed = sentence[:at] + v.correction + sentence[at + len(q.text) :]
        assert _verdict(en_source, fixed).verdict == "supported", (sentence, v.correction)


# A metric the glossary names in one language only meets the other through the terms both
# name (terms.toml): 锂云母储量 and "lithium mica reserves". (sentence, verdict, rule)
TERMS_ACROSS = [
    ("2023年末郴州锂云母储量为350万吨。", "supported", "reserves-of-a-mineral-meet-through-terms"),
    ("2023年末郴州锂云母储量为500万吨。", "contradicted", "a-wrong-value-through-terms"),
    ("郴州有12座锂云母矿。", "supported", "a-count-of-mines-meets-through-terms"),
    ("2023年末郴州煤炭储量为350万吨。", "unknown", "another-mineral-is-no-support"),
]


@pytest.fixture(scope="module")
def mineral_source(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mineral")
    (folder / "chenzhou-minerals.txt").write_text(
        "Chenzhou mineral survey\n\nPublished 2024-03-15\n\n"
        "At the end of 2023, Chenzhou's lithium mica reserves stood at 3.5 million tonnes, "
        "held in 12 lithium mica mines.\n",
        encoding="utf-8",
    )
    st = _store(tmp_path_factory, "mineral-store", folder / "chenzhou-minerals.txt")
    yield st
    st.close()


@pytest.mark.parametrize("sentence,verdict", [c[:2] for c in TERMS_ACROSS], ids=[c[2] for c in TERMS_ACROSS])
def test_a_metric_meets_across_languages_through_terms(mineral_source, sentence, verdict):
    assert _verdict(mineral_source, sentence).verdict == verdict
