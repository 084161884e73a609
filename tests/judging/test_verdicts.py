"""Judging: claim and figure values as intervals, one row per rule."""

from __future__ import annotations

import pytest

from verify.judging.tolerances import defaults
from verify.judging.verdicts import compare, correct
from verify.reading.quantities import extract


def q(text: str):
    (quantity,) = [x for x in extract(text) if x.kind != "amount" or x.value != 0] or [None]
    return quantity


# (claim, figure, outcome, rule)
RULES = [
    ("569 billion yuan", "569 billion yuan", "supported", "same-value"),
    ("RMB569bn", "569 billion yuan", "supported", "same-value-other-writing"),
    ("570 billion yuan", "569 billion yuan", "supported", "claim-rounds-to-figure"),
    ("3.2 trillion yuan", "3.22 trillion yuan", "supported", "claim-precision-covers"),
    ("3.5 trillion yuan", "3.22 trillion yuan", "contradicted", "outside-precision"),
    ("364 billion yuan", "463 billion yuan", "contradicted", "transposed-digits"),
    ("more than 80%", "more than 80%", "supported", "same-hedge"),
    ("over 25%", "over 30%", "supported", "weaker-lower-bound"),
    ("over 35%", "over 30%", "ambiguous", "stronger-lower-bound"),
    ("less than 20%", "over 30%", "contradicted", "bounds-exclude"),
    ("under thirty hours", "less than 30 hours", "supported", "word-number-with-hedge"),
    ("2 hours", "two hours", "supported", "digits-vs-words"),
    ("120 minutes", "two hours", "supported", "unit-conversion"),
    ("1390.8万斤", "6954吨", "finer", "a-conversion-finer-than-the-source-says-more"),
    ("1391万斤", "6954吨", "supported", "a-conversion-at-the-sources-precision"),
    ("6170亿元", "617 billion yuan", "supported", "a-zero-chinese-needs-to-write-a-figure"),
    ("1100万人", "1114万人", "contradicted", "zeros-before-wan-are-digits"),
    ("19.6 GWh", "19.6 million kilowatt-hours", "supported", "prefixed-units"),
    ("36 km", "36 kilometres", "supported", "unit-names"),
    ("nearly 600 people", "569 people", "supported", "nearly-just-under"),
    ("nearly 600 people", "610 people", "contradicted", "nearly-not-over"),
    ("about 570 billion yuan", "569 billion yuan", "supported", "about"),
    ("80 percent", "more than 80%", "supported", "plain-number-of-a-bound-is-its-rounding"),
    ("79 percent", "more than 80%", "contradicted", "plain-number-below-a-lower-bound"),
    ("more than 3 million tonnes", "3.2 billion tonnes", "contradicted", "hedge-reaches-one-order-of-magnitude"),
    ("more than 3 million tonnes", "4.5 million tonnes", "supported", "hedge-covers-its-own-magnitude"),
    ("exceeding 6 million tonnes", "exceeding 9 million tonnes", "supported", "weaker-bound-entailed"),
    ("21.4 percent", "12.4 percent", "contradicted", "percent"),
    ("25th", "23rd", "contradicted", "ordinal"),
    ("ranked sixth", "ranking sixth", "supported", "ordinal-words"),
    ("two-fifths", "40 percent", "supported", "fraction-as-percent"),
    ("a third", "40 percent", "contradicted", "fraction-as-percent-wrong"),
]


@pytest.mark.parametrize("claim,figure,outcome,rule", RULES, ids=[r[3] for r in RULES])
def test_compare(claim, figure, outcome, rule):
    t = defaults()
    assert compare(q(claim), q(figure), rounding_cap=t.rounding_cap, hedge_reach=t.hedge_reach) == outcome


CORRECTIONS = [
    ("364 billion yuan", "463 billion yuan", "463 billion yuan"),
    ("302.184 billion yuan", "320.184 billion yuan", "320.184 billion yuan"),
    ("3.5 trillion yuan", "3.22 trillion yuan", "3.2 trillion yuan"),
    ("21.4 percent", "12.4 percent", "12.4 percent"),
    ("25th", "23rd", "23rd"),
    ("4,000 km", "3,500 km", "3,500 km"),
    ("3.5万亿元", "3.22万亿元", "3.2万亿元"),
    # a written minus is kept for a negative figure and dropped for a positive one
    ("增速为-3.5%", "增速为-2.1%", "-2.1%"),
    ("同比-3.5%", "同比增长2.1%", "2.1%"),
    ("-47(万人)", "-61万人", "-61(万人)"),
    ("负54万人", "63万人", "63万人"),
    ("minus 5 percent", "3 percent", "3 percent"),
    ("居全国第3位", "居全国第5位", "第5位"),
    # an ordinal in words is corrected in words, in the claim's language and case
    ("ranks fourth", "ranks fifth", "fifth"),
    ("Fourth in the country", "ranked 5th", "Fifth"),
    ("居全国第四", "居全国第6位", "第六"),
    ("居全国第十二位", "居全国第21位", "第二十一位"),
    ("ranks 4th", "ranks sixth", "6th"),
]


@pytest.mark.parametrize("claim,figure,expected", CORRECTIONS, ids=[c[0] for c in CORRECTIONS])
def test_correction_is_written_like_the_claim(claim, figure, expected):
    assert correct(q(claim), q(figure), tolerances=defaults()) == expected
