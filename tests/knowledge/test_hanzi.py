"""verify.knowledge.hanzi.simplify: traditional Chinese read as simplified, one character for one."""

from __future__ import annotations

import json
import re

import pytest

from verify.knowledge import hanzi

CJK = re.compile(hanzi.CJK)

# (id, as written, as verify reads it); the sentences are written for these tests
CASES = [
    ("trade-total", "今年進出口總額達1.2萬億元", "今年进出口总额达1.2万亿元"),
    ("trade-surplus", "貿易順差繼續擴大", "贸易顺差继续扩大"),
    ("province", "廣東省第一季度", "广东省第一季度"),
    ("taiwan", "臺灣地區", "台湾地区"),
    ("yi-yuan", "收入八百億元", "收入八百亿元"),
    ("wan-yi", "三萬億", "三万亿"),
    ("growth", "經濟增長放緩", "经济增长放缓"),
    ("gdp", "國內生產總值", "国内生产总值"),
    ("development", "高質量發展", "高质量发展"),
    ("about", "關於預算的報告", "关于预算的报告"),
    ("gan-clean-phrase", "乾淨能源", "干净能源"),
    ("gan-qianlong-kept", "乾隆年間", "乾隆年间"),
    ("gan-alone", "乾", "干"),
    ("hou-after", "三年之後", "三年之后"),
    ("hou-empress-kept", "皇后", "皇后"),
    ("zhu-famous-kept", "著名經濟學家", "著名经济学家"),
    ("zhu-notable", "顯著增長", "显著增长"),
    ("liao-phrase", "一目瞭然", "一目了然"),
    ("fu-phrase", "反覆核對", "反复核对"),
    ("fu-char", "覆蓋全省", "覆盖全省"),
    ("jie-excuse", "藉口", "借口"),
    ("jie-comfort-kept", "慰藉", "慰藉"),
    ("longest-blocks-overlap", "覆上鍊", "覆上炼"),
    ("phrase-at-end", "一條上鍊", "一条上链"),
    ("manufacturing", "製造業佔比", "制造业占比"),
    ("balance", "貸款餘額", "贷款余额"),
    ("variants-of-li", "裏面和裡面", "里面和里面"),
    ("typhoon", "颱風過境", "台风过境"),
    ("mixed-english", "GDP增長5.2%, about 126萬億元 (RMB)", "GDP增长5.2%, about 126万亿元 (RMB)"),
    ("fullwidth-punctuation", "據統計，出口增長３．５％。", "据统计，出口增长３．５％。"),
    ("already-simplified", "进出口总额达到一万亿元", "进出口总额达到一万亿元"),
    ("beyond-basic-plane", "㗲", "𠵾"),
    ("english-only", "Exports rose 4.2% to $1.2 trillion.", "Exports rose 4.2% to $1.2 trillion."),
    ("empty", "", ""),
]


@pytest.mark.parametrize("written,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_simplify(written, expected):
    out = hanzi.simplify(written)
    assert out == expected
    assert len(out) == len(written)


OFFSET_TEXTS = [
    "據海關統計，1-9月廣東省進出口總額6.2萬億元，同比增長4.2%；其中出口3.8萬億元。",
    "Taiwan (臺灣) said its GDP grew 2.3% — the “slowest” pace since 2019; 乾隆 era, 乾淨 water.",
    "𠵾 plane-two text 㗲, tabs\tand\nnewlines 後 end",
]


@pytest.mark.parametrize("text", OFFSET_TEXTS, ids=["chinese", "mixed", "beyond-bmp-and-whitespace"])
def test_every_offset_maps(text):
    out = hanzi.simplify(text)
    assert len(out) == len(text)
    # an offset into the draft is an offset into what verify matched: only ideographs change
    assert all(o == c for o, c in zip(out, text) if not CJK.match(c))


@pytest.mark.parametrize(
    "text", ["", "plain ASCII", "curly “quotes” — and €5 and ½"], ids=["empty", "ascii", "non-ascii"]
)
def test_no_chinese_is_returned_as_is_without_reading_the_table(text):
    hanzi._table.cache_clear()
    assert hanzi.simplify(text) is text
    assert hanzi._table.cache_info().currsize == 0


def test_every_character_of_the_table_converts_alone():
    with open(hanzi.DATA, encoding="utf-8") as f:
        chars = json.load(f)["chars"]
    # apart, no two of them can form a phrase
    assert hanzi.simplify(" ".join(chars)) == " ".join(chars.values())


def test_table_header_and_invariants():
    with open(hanzi.DATA, encoding="utf-8") as f:
        table = json.load(f)
    assert list(table)[:4] == ["what", "built_by", "source", "licence"]
    assert table["source"].startswith("OpenCC ") and "Apache-2.0" in table["source"]
    assert "Apache License" in table["licence"]
    assert all(len(k) == len(v) == 1 and k != v for k, v in table["chars"].items())
    assert all(len(k) == len(v) > 1 for k, v in table["phrases"].items())
    assert all(CJK.match(k) for k in [*table["chars"], *(p[0] for p in table["phrases"])])
