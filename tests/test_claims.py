"""Claims in context: subject, names, period."""

from __future__ import annotations

import pytest

from verify.claims import mentions, names, stem
from verify.document import parse


def claim(text: str, date: str = "2024-05-20"):
    return mentions(parse(text), date=date)


PERIODS = [
    ("Last year, trade reached 569 billion yuan.", (2023, 2023)),
    ("Trade reached 569 billion yuan in 2023.", (2023, 2023)),
    ("By the end of 2024, the funds reached 320 billion yuan.", (2024, 2024)),
    ("This year, sales reached 5 million tonnes.", (2024, 2024)),
    ("Over the past three years, output rose 40 percent.", (2021, 2023)),
    ("Since 2012, over 5 trillion yuan has been spent.", (2012, 2024)),
    ("GDP reached 3.22 trillion yuan.", None),
    ("去年全省外贸进出口5690亿元。", (2023, 2023)),
    ("GDP more than doubled between 2012 and 2023.", (2012, 2023)),
    ("GDP rose by about 150 percent from 2012 to 2023.", (2012, 2023)),
    ("GDP rose 150 percent in 2012-2023.", (2012, 2023)),
    ("2012年至2023年，地区生产总值增长1.5倍。", (2012, 2023)),
]


@pytest.mark.parametrize("text,period", PERIODS, ids=[p[0][:30] for p in PERIODS])
def test_periods(text, period):
    (m,) = claim(text)
    got = (m.period.start, m.period.end) if m.period else None
    assert got == period


def test_each_number_takes_the_year_after_it():
    ms = claim("GDP rose from 1.28 trillion yuan in 2012 to 3.22 trillion yuan in 2023.")
    assert [m.period.start for m in ms] == [2012, 2023]


def test_the_same_period_is_the_previous_sentences():
    ms = claim("GDP rose from 1.28 trillion yuan in 2012 to 3.22 trillion yuan in 2023. "
               "Per capita GDP rose from 28,600 yuan to 71,200 yuan during the same period.")
    assert [(m.period.start, m.period.end) for m in ms[2:]] == [(2012, 2023), (2012, 2023)]


# (sentence, the number, "increase" | "decrease" | None): a change, or a level
CHANGES = [
    ("Exports increased by 73 percent.", "73 percent", "increase"),
    ("Exports rose 4.3 percent last year.", "4.3 percent", "increase"),
    ("Sales were up 5% on the year.", "5%", "increase"),
    ("Output fell by more than 3 percent.", "3 percent", "decrease"),
    ("Costs were down 2 billion yuan.", "2 billion yuan", "decrease"),
    ("A 5% increase in sales.", "5%", "increase"),
    ("Growth of 7 percent was recorded.", "7 percent", "increase"),
    ("A decline of 12 percent in imports.", "12 percent", "decrease"),
    ("出口同比增长超过5%。", "5%", "increase"),
    ("进口下降3.1%。", "3.1%", "decrease"),
    # levels: where something stood, not how far it moved
    ("Exports rose to 73 percent of output.", "73 percent", None),
    ("Trade reached 569 billion yuan.", "569 billion yuan", None),
    ("Exports accounted for 4.3 percent of the national total.", "4.3 percent", None),
    ("They set up over 1,000 childcare institutions.", "1,000", None),
    ("出口增长到4048亿元。", "4048亿元", None),
]


@pytest.mark.parametrize("text,number,moved", CHANGES, ids=[c[0][:30] for c in CHANGES])
def test_change_or_level(text, number, moved):
    (m,) = [m for m in claim(text) if m.quantity.text == number]
    assert next((q for q in m.qualifiers if q in ("increase", "decrease")), None) == moved


def test_a_number_word_closing_a_quoted_name_is_no_claim():
    ms = claim('Exports of the "new three" products increased by 73 percent.')
    assert [m.quantity.text for m in ms] == ["73 percent"]


def test_table_cell_takes_its_headers():
    (m,) = claim("| Metric | 2023 |\n|---|---|\n| Foreign trade | 596 billion yuan |\n")
    assert m.period.start == 2023
    assert "foreign" in m.subject and "trade" in m.subject


NAMES = [
    ("Zhejiang's foreign trade reached 4.9 trillion yuan.", ("Zhejiang",)),
    ("Riverton Water employs 640 people.", ("Riverton", "Water")),
    ("Cross-border e-commerce trade came to 364 billion yuan.", ()),
    ("Pumping used 19.6 GWh of electricity.", ()),
    ("Over 30% of Jiangxi's funding comes from Guangdong.", ("Jiangxi", "Guangdong")),
]


@pytest.mark.parametrize("text,expected", NAMES, ids=[n[0][:30] for n in NAMES])
def test_names(text, expected):
    assert names(text) == expected


def test_subject_leaves_out_owners_and_names():
    (m,) = claim("The province's GDP reached 3.5 trillion yuan in 2023.")
    assert m.subject.split() == ["gdp", "|"]


def test_per_capita_is_a_qualifier():
    (m,) = claim("Per capita GDP reached 71,200 yuan in 2023.")
    assert m.qualifiers == ("per capita",)


@pytest.mark.parametrize("word,expected", [("Jiangxi's", "jiangxi"), ("exports", "export"), ("signed", "sign"),
                                           ("signing", "sign"), ("process", "process")])
def test_stem(word, expected):
    assert stem(word) == expected
