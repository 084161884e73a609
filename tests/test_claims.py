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
]


@pytest.mark.parametrize("text,period", PERIODS, ids=[p[0][:30] for p in PERIODS])
def test_periods(text, period):
    (m,) = claim(text)
    got = (m.period.start, m.period.end) if m.period else None
    assert got == period


def test_each_number_takes_the_year_after_it():
    ms = claim("GDP rose from 1.28 trillion yuan in 2012 to 3.22 trillion yuan in 2023.")
    assert [m.period.start for m in ms] == [2012, 2023]


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
