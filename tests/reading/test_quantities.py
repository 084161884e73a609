"""The extractor, as tables of what a careful editor reads in a sentence."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verify.reading.quantities import extract, scan, step_of

# (text, [(quantity text, value, unit)])
READS = [
    ("569 billion yuan", [("569 billion yuan", 569e9, "CNY")]),
    ("Trade reached RMB569bn in 2023.", [("RMB569bn", 569e9, "CNY")]),
    ("GDP was CNY 3,220,000,000,000.", [("CNY 3,220,000,000,000", 3.22e12, "CNY")]),
    ("It hit 3.22tn yuan", [("3.22tn yuan", 3.22e12, "CNY")]),
    ("equal to $78.9 billion", [("$78.9 billion", 78.9e9, "USD")]),
    ("a US$78.9bn deal", [("US$78.9bn", 78.9e9, "USD")]),
    ("HK$5 million", [("HK$5 million", 5e6, "HKD")]),
    ("€20 and £2,000", [("€20", 20, "EUR"), ("£2,000", 2000, "GBP")]),
    ("5690亿元", [("5690亿元", 5.69e11, "CNY")]),
    ("3.22万亿元", [("3.22万亿元", 3.22e12, "CNY")]),
    ("450.46亿元", [("450.46亿元", 4.5046e10, "CNY")]),
    ("5万4千6百", [("5万4千6百", 54600, None)]),
    ("负四十五亿零四百零四万", [("负四十五亿零四百零四万", -4504040000, None)]),
    ("全年增长73%", [("73%", 73, "percent")]),
    ("提高4.3个百分点", [("4.3个百分点", 4.3, "percentage_point")]),
    ("１２３４５", [("１２３４５", 12345, None)]),
    ("73 percent", [("73 percent", 73, "percent")]),
    ("up 4.3 percentage points", [("4.3 percentage points", 4.3, "percentage_point")]),
    ("two hours", [("two hours", 2, "hour")]),
    ("120 minutes", [("120 minutes", 120, "minute")]),
    ("more than 9m tonnes", [("9m tonnes", 9e6, "metric_ton")]),
    ("9m metric tons", [("9m metric tons", 9e6, "metric_ton")]),
    ("a 3 m wall", [("3 m", 3, "meter")]),
    ("48.2 million cubic metres", [("48.2 million cubic metres", 48.2e6, "meter ** 3")]),
    ("36 km of mains", [("36 km", 36, "kilometer")]),
    ("19.6 GWh", [("19.6 GWh", 19.6, "gigawatt_hour")]),
    ("4 km² of park", [("4 km²", 4, "kilometer ** 2")]),
    ("at 120 km/h", [("120 km/h", 120, "kilometer / hour")]),
    ("25 °C", [("25 °C", 25, "degree_Celsius")]),
    ("forty-eight", [("forty-eight", 48, None)]),
    ("five and a half million", [("five and a half million", 5.5e6, None)]),
    ("a hundred and two", [("a hundred and two", 102, None)]),
    ("two-fifths of the land", [("two-fifths", 0.4, None)]),
    ("five eighths", [("five eighths", 0.625, None)]),
    ("-1", [("-1", -1, None)]),
    ("1,674,200.5", [("1,674,200.5", 1674200.5, None)]),
    # Indian grouping and scales: lakh crore is 10^5 x 10^7
    ("a loan of 12,34,567.89 rupees", [("12,34,567.89 rupees", 1234567.89, "INR")]),
    ("three lakh crore", [("three lakh crore", 3e12, None)]),
    ("a thousand million", [("a thousand million", 1e9, None)]),
    # a list is several numbers; a thousands group stays one
    ("scores of 22,24,26", [("22", 22, None), ("24", 24, None), ("26", 26, None)]),
    # signs belong to the whole fraction
    ("-4/5", [("-4/5", -0.8, None)]),
    ("- 1 4/5", [("- 1 4/5", -1.8, None)]),
    # scientific notation and unit powers
    ("a factor of 2.48×10−5", [("2.48×10−5", 2.48e-5, None)]),
    ("5.5x10-3 kg/cm³", [("5.5x10-3 kg/cm³", 0.0055, "kilogram / centimeter ** 3")]),
    ("4e14 s-1", [("4e14 s-1", 4e14, "1 / second")]),
    ("20 J/m^2 per year", [("20 J/m^2 per year", 20, "joule / meter ** 2 / year")]),
    ("30 km per hour a day", [("30 km per hour", 30, "kilometer / hour")]),
    # Chinese: digits spaced from a scale, not from a numeral; 百分位 is percentile
    ("7 万5 千4 百", [("7 万5 千4 百", 75400, None)]),
    ("６６7.123 五点八", [("６６7.123", 667.123, None), ("五点八", 5.8, None)]),
    ("百分之七十百分位", [("百分之七十", 70, "percent")]),
]


@pytest.mark.parametrize("text,expected", READS, ids=[r[0] for r in READS])
def test_reads(text, expected):
    got = [(q.text, q.value, q.unit) for q in extract(text)]
    assert len(got) == len(expected), got
    for (gt, gv, gu), (et, ev, eu) in zip(got, expected):
        assert gt == et
        assert gv == pytest.approx(ev, rel=1e-9)
        assert gu == eu


# (text, quantity text, attribute, value)
DETAILS = [
    ("more than 80% of it", "80%", "hedge", "more_than"),
    ("over 30% of funding", "30%", "hedge", "more_than"),
    ("exceeding 9 million tonnes", "9 million tonnes", "hedge", "more_than"),
    ("at least 5 km", "5 km", "hedge", "at_least"),
    ("nearly 600 people", "600", "hedge", "nearly"),
    ("about 20 hours", "20 hours", "hedge", "about"),
    ("less than 30 hours", "30 hours", "hedge", "less_than"),
    ("up to 40 km", "40 km", "hedge", "at_most"),
    ("超过30%", "30%", "hedge", "more_than"),
    ("约5万吨", "5万吨", "hedge", "about"),
    ("30多万人", "30多万人", "hedge", "more_than"),
    ("signed 83 projects", "83", "noun", "projects"),
    ("487,000 eligible girls", "487,000", "noun", "girls"),
    ("the 23rd consecutive year", "23rd", "kind", "ordinal"),
    ("ranking sixth nationwide", "sixth", "kind", "ordinal"),
    ("ranked fifth", "fifth", "value", 5.0),
    ("has nearly tripled", "tripled", "kind", "multiplier"),
    ("has nearly tripled", "tripled", "hedge", "nearly"),
    ("grew three times", "three times", "value", 3.0),
    ("3.22 trillion", "3.22 trillion", "step", 1e10),
    ("71,200 yuan", "71,200 yuan", "step", 100.0),
    ("死亡人口1300万人", "1300万人", "step", 1e5),  # Chinese counts to the 万: its zeros are digits but the last
    ("死亡人口1314万人", "1314万人", "step", 1e4),
    ("一千三百万人", "一千三百万人", "step", 1e6),  # spelled out, the zeros may be rounding
    ("产量为4.5万吨", "4.5万吨", "step", 1e3),
]


@pytest.mark.parametrize("text,qtext,attr,value", DETAILS, ids=[f"{r[0]}-{r[2]}" for r in DETAILS])
def test_details(text, qtext, attr, value):
    q = next(q for q in extract(text) if q.text == qtext)
    assert getattr(q, attr) == (pytest.approx(value) if isinstance(value, float) else value)


def test_range_shares_its_unit():
    qs = extract("from an average of 70 hours to less than 30.")
    assert [(q.text, q.unit, q.hedge) for q in qs] == [("70 hours", "hour", None), ("30", "hour", "less_than")]


def test_range_shares_its_scale():
    qs = extract("between 1.5 and 2 billion yuan")
    assert [q.value for q in qs] == [1.5e9, 2e9]


NOT_CLAIMS = [
    "It happened in 2023.",
    "2023年经济增长",
    "On April 1, 2025, the conference opened.",
    "Jan 23, 2024",
    "The meeting starts at 10:30 and ends at 11pm.",
    "Call +1 555 123 4567 for details.",
    "Upgrade to version 2.3.1 today.",
    "See https://example.com/report-2023/page/45 for more.",
    "Write to press@example.com",
    "as shown in Article 5",
    "the two regions",
    "one of the largest",
]


@pytest.mark.parametrize("text", NOT_CLAIMS)
def test_not_quantities(text):
    from verify.reading.claims import is_claim

    assert [q.text for q in extract(text) if is_claim(q, text)] == []


def test_years_are_time_references():
    _, refs = scan("GDP rose from 1.28 trillion yuan in 2012 to 3.22 trillion yuan in 2023.")
    assert [r.year for r in refs] == [2012, 2023]


@pytest.mark.parametrize("value,step", [(71200, 100), (569e9, 1e9), (3.22e12, 1e10), (0.5, 0.1), (2, 1)])
def test_step_of(value, step):
    assert step_of(value) == pytest.approx(step)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120))
def test_never_raises_and_offsets_slice_back(text):
    for q in extract(text):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text


NUMBERISH = st.lists(
    st.sampled_from(
        [
            "569",
            "3.22",
            "billion",
            "yuan",
            "万",
            "亿",
            "元",
            "%",
            "$",
            "RMB",
            "more than",
            " ",
            ",",
            "-",
            "two",
            "hundred",
            "and",
            "a",
            "third",
            "dozens",
            "成",
            "折",
            "½",
            "minus",
            "km",
            "²",
            "/",
            "h",
            "年",
            "2023",
            "in",
            ".",
            "约",
            "多",
        ]
    ),
    max_size=12,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(NUMBERISH)
def test_number_like_text_never_raises(text):
    for q in extract(text):
        assert text[q.start : q.end] == q.text


CHINESE = [
    ("一千零一", 1001, None),
    ("五亿零六", 500000006, None),
    ("五兆六十二亿四万五千二", 5006200045200, None),
    ("四万万", 4e8, None),
    ("一百万零四", 1000004, None),
    ("九万四", 94000, None),
    ("三成", 30, "percent"),
    ("七成六", 76, "percent"),
    ("三成半", 35, "percent"),
    ("九折", 90, "percent"),
    ("五五折", 55, "percent"),
    ("八点五折", 85, "percent"),
    ("半成", 5, "percent"),
    ("打对折", 50, "percent"),
    ("十打苹果", 120, None),
    ("百分之七十三", 73, "percent"),
    ("二分之一", 0.5, None),
    ("一吨半", 1.5, "metric_ton"),
    ("三年半过去了", 3.5, "year"),
    ("还有半小时", 0.5, "hour"),
    ("半个月", 0.5, "month"),
    ("一百千瓦", 100, "kilowatt"),
    ("五十兆字节", 50, "megabyte"),
    ("华氏温度100度", 100, "degree_Fahrenheit"),
    ("三十两", 30, "liang"),
    ("一个星期又三天", 10 / 7, "week"),
]


@pytest.mark.parametrize("text,value,unit", CHINESE, ids=[c[0] for c in CHINESE])
def test_chinese_numbers(text, value, unit):
    (q,) = extract(text)
    assert (q.value, q.unit) == (pytest.approx(value), unit)


@pytest.mark.parametrize(
    "text",
    ["一切都好", "对折", "十折", "我家在四川", "这是我的队伍", "岛屿远离陆地", "他拾起石子", "两两相望", "一成不变"],
)
def test_chinese_words_with_numerals_are_not_numbers(text):
    assert extract(text) == []


ENGLISH = [
    ("one million and a half", 1.5e6, None),
    ("one billion and three quarters million", 1000750000, None),
    ("twenty and three fifths", 20.6, None),
    ("one and a fourth", 1.25, None),
    ("3 dozen eggs", 36, None),
    ("4 thousand 3 hundred and 21", 4321, None),
    ("3 million and a half", 3.5e6, None),
    ("1 over 3", 1 / 3, None),
    ("The answer is minus 5", -5, None),
    ("½ hour", 0.5, "hour"),
    ("1 234 567", 1234567, None),
    ("1.3x10^6", 1.3e6, None),
    ("cut the trip to an hour", 1, "hour"),
    ("half an hour", 0.5, "hour"),
    ("an hour and a half", 1.5, "hour"),
    ("a couple of days", 2, "day"),
    ("he is 5 feet 2 inches", 5 + 2 / 12, "foot"),
    ("a three-foot trip", 3, "foot"),
    ("$1.2b deal", 1.2e9, "USD"),
    ("I can give you 10M", 1e7, None),
    ("a c $ 300 million charge", 3e8, "CAD"),
    ("361 million pounds", 3.61e8, "GBP"),
    ("75 USD million", 7.5e7, "USD"),
    ("30 MUSD", 3e7, "USD"),
    ("invested 120 MSEK", 1.2e8, "SEK"),
    ("120 MZAR", 1.2e8, "ZAR"),
    ("3 dollars 50 cents", 3.5, "USD"),
    ("15 dollars and 50", 15.5, "USD"),
    ("a quarter million us dollars", 2.5e5, "USD"),
    ("one hour and a half", 1.5, "hour"),
    ("that one mile can provide", 1, "mile"),
    ("he is 5 ft 2 in", 5 + 2 / 12, "foot"),
    ("100° Celsius", 100, "degree_Celsius"),
    ("the temperature is 24 degrees", 24, None),
    ("three hundred and two dozens", 324, None),
    ("two thirds of a million", 2e6 / 3, None),
    ("3 hundred and one", 301, None),
    ("naught point five", 0.5, None),
    ("two decades", 20, "year"),
    ("a decade", 10, "year"),
    ("another hour", 1, "hour"),
]


@pytest.mark.parametrize("text,value,unit", ENGLISH, ids=[c[0] for c in ENGLISH])
def test_english_numbers(text, value, unit):
    (q,) = extract(text)
    assert (q.value, q.unit) == (pytest.approx(value), unit)


def test_only_customary_pairs_make_one_quantity():
    assert [(q.text, q.unit) for q in extract("12 m 2 dm")] == [("12 m", "meter"), ("2 dm", "decimeter")]


@pytest.mark.parametrize(
    "text",
    [
        "COVID-19 cases rose",
        "SCP-173 m",
        "Which one do you prefer?",
        "twice a year",
        "a year ago",
        "We produced nothing in 2013-14.",
        "I arrived at 2.13 am.",
        "the May 4th holiday",
        "Book a first class seat",
    ],
)
def test_english_non_numbers(text):
    assert extract(text) == []


def test_a_range_dash_is_not_a_minus():
    assert [q.value for q in extract("70 - 90 days")] == [70, 90]


@pytest.mark.parametrize(
    "text,unit",
    [("$5 a day", "USD / day"), ("$15.4/hour", "USD / hour"), ("500,000 barrels a day", "oil_barrel / day")],
)
def test_a_rate_is_one_unit_not_a_duration(text, unit):
    assert [q.unit for q in extract(text)] == [unit]


MORE_CHINESE = [
    ("１６分之5", 0.3125, None),
    ("３ 分  之 一百五十七", 157 / 3, None),
    ("3又一千分之23", 3.023, None),
    ("负一又二分之一", -1.5, None),
    ("1,100万", 1.1e7, None),
    ("1千零20", 1020, None),
    ("3万4000", 34000, None),
    ("４，５６５", 4565, None),
    ("千分之２．４", 0.24, "percent"),
    ("万分之三", 0.03, "percent"),
    ("百 分 之 2", 2, "percent"),
    ("五元三毛", 5.3, "CNY"),
    ("50元6角三分", 50.63, "CNY"),
    ("两美元又三美分", 2.03, "USD"),
    ("－1２２％", -122, "percent"),
]


@pytest.mark.parametrize("text,value,unit", MORE_CHINESE, ids=[c[0] for c in MORE_CHINESE])
def test_more_chinese_numbers(text, value, unit):
    (q,) = extract(text)
    assert (q.value, q.unit) == (pytest.approx(value), unit)


# A Chinese duration of several parts is one quantity in its largest unit; 分 alone is a
# minute only next to hours or seconds.
DURATIONS_ZH = [
    pytest.param("会议开了2小时15分", "2小时15分", 2.25, "hour", id="hours-then-bare-fen-is-minutes"),
    pytest.param("全程约3小时45分钟", "3小时45分钟", 3.75, "hour", id="hours-then-fenzhong"),
    pytest.param("排队1小时零5分", "1小时零5分", 1 + 5 / 60, "hour", id="ling-joins-the-parts"),
    pytest.param("两个小时十五分", "两个小时十五分", 2.25, "hour", id="spelled-out-parts"),
    pytest.param("航程4天6小时", "4天6小时", 4.25, "day", id="days-then-hours"),
    pytest.param("他跑了3分20秒", "3分20秒", 3 + 1 / 3, "minute", id="bare-fen-before-seconds-is-minutes"),
    pytest.param("用了1小时2分30秒", "1小时2分30秒", 1 + 2.5 / 60, "hour", id="three-parts"),
]


@pytest.mark.parametrize("text,qtext,value,unit", DURATIONS_ZH)
def test_chinese_durations_of_several_parts(text, qtext, value, unit):
    (q,) = extract(text)
    assert (q.text, q.value, q.unit) == (qtext, pytest.approx(value), unit)


@pytest.mark.parametrize(
    "text,expected",
    [
        pytest.param("这场比赛他得了15分", [("15", None)], id="fen-alone-is-no-minute"),
        pytest.param("跑了2小时，15分钟后", [("2小时", "hour"), ("15分钟", "minute")], id="a-comma-keeps-them-apart"),
        pytest.param("跑了2小时，又过15分", [("2小时", "hour"), ("15", None)], id="fen-after-a-gap-stays-unread"),
    ],
)
def test_chinese_duration_parts_that_stay_apart(text, expected):
    assert [(q.text, q.unit) for q in extract(text)] == expected


# A share written as digits over digits is a fraction, like "a quarter", and keeps its hedge;
# so does a Chinese X分之Y.
FRACTIONS = [
    pytest.param("农村居民约1/4", "1/4", 0.25, "about", id="yue-before-digit-fraction"),
    pytest.param("其中近1/3来自外省", "1/3", 1 / 3, "nearly", id="jin-before-digit-fraction"),
    pytest.param("出口超过1/2", "1/2", 0.5, "more_than", id="chaoguo-before-digit-fraction"),
    pytest.param("新能源车约占1/5", "1/5", 0.2, "about", id="yuezhan-is-about"),
    pytest.param("roughly 3/4 of the members", "3/4", 0.75, "about", id="english-hedge-before-digit-fraction"),
    pytest.param("3/10 of the budget", "3/10", 0.3, None, id="digit-fraction-without-hedge"),
    pytest.param("约五分之二的耕地", "五分之二", 0.4, "about", id="yue-before-fenzhi"),
    pytest.param("三分之一以上的企业", "三分之一", 1 / 3, "more_than", id="yishang-after-fenzhi"),
]


@pytest.mark.parametrize("text,qtext,value,hedge", FRACTIONS)
def test_fractions_keep_their_hedge(text, qtext, value, hedge):
    (q,) = extract(text)
    assert (q.text, q.value, q.kind, q.hedge) == (qtext, pytest.approx(value), "fraction", hedge)


@pytest.mark.parametrize(
    "text,kind,unit",
    [
        pytest.param("a 1/2 mile walk", "amount", "mile", id="fraction-of-a-unit-is-an-amount"),
        pytest.param("since 9/11", "amount", None, id="odd-denominator-may-be-a-date"),
        pytest.param("about 2/7 of them", "fraction", None, id="odd-denominator-after-a-hedge-is-a-share"),
    ],
)
def test_digit_fractions_in_a_unit_or_of_odd_denominators(text, kind, unit):
    (q,) = extract(text)
    assert (q.kind, q.unit) == (kind, unit)


# 第 makes a number an ordinal: a rank is a claim, like "ranked sixth"; an ordinal that
# numbers a name, a period or a list item is no quantity. A number before 大 or 强 names
# a group; two numerals side by side after a unit (十四五) are not one number.
NAMES_ZH = [
    pytest.param("第五次全国经济普查结果公布", id="di-n-ci-numbers-a-census"),
    pytest.param("第十二届运动会开幕", id="di-n-jie-numbers-an-event"),
    pytest.param("第4批试点城市名单", id="di-digits-pi-numbers-a-batch"),
    pytest.param("第二产业增加值", id="di-n-before-a-noun-is-a-sector"),
    pytest.param("第四季度", id="di-n-jidu-is-a-period"),
    pytest.param("第一，扩大内需", id="di-n-numbers-a-list-item"),
    pytest.param("四大银行", id="numeral-da-names-a-group"),
    pytest.param("评出20大名牌", id="digits-da-names-a-list"),
    pytest.param("入选中国100强", id="digits-qiang-names-a-list"),
    pytest.param("“十三五”期间", id="n-wu-names-a-plan"),
    pytest.param("召开两会", id="liang-hui"),
    pytest.param("共建一带一路", id="yi-dai-yi-lu"),
]


@pytest.mark.parametrize("text", NAMES_ZH)
def test_chinese_numbers_in_names_are_not_quantities(text):
    assert extract(text) == []


RANKS_ZH = [
    pytest.param("销量排名全国第六", "第六", 6, id="after-paiming"),
    pytest.param("总量居全省第2位，", "第2位", 2, id="di-n-wei-ends-the-phrase"),
    pytest.param("她获得第1名", "第1名", 1, id="di-n-ming"),
    pytest.param("成为全球第三大市场", "第三", 3, id="di-n-before-a-superlative"),
]


@pytest.mark.parametrize("text,qtext,value", RANKS_ZH)
def test_chinese_ranks_are_ordinals(text, qtext, value):
    (q,) = extract(text)
    assert (q.text, q.value, q.kind) == (qtext, value, "ordinal")


@pytest.mark.parametrize(
    "text,qtext,value",
    [
        pytest.param("签下五个项目", "五个项目", 5, id="numeral-classifier-noun-is-a-count"),
        pytest.param("为48.7万名适龄女孩接种", "48.7万名", 487000, id="a-noun-that-runs-on-is-not-cut-in-two"),
        pytest.param("产量增长两倍", "两倍", 3, id="multiplier-stays"),
        pytest.param("来了三四百人", "三四百人", 400, id="two-numerals-before-a-unit-stay"),
        pytest.param("第3组有12人", "12", 12, id="a-count-after-an-ordinal-name"),
    ],
)
def test_counts_near_names_stay(text, qtext, value):
    (q,) = extract(text)
    assert (q.text, q.value) == (qtext, value)


def test_da_yu_after_a_number_compares():
    assert [q.value for q in extract("如果8大于6")] == [8, 6]


# N日 (or N号) is a day of the month, not N days, unless the text makes it a span.
DAYS_OF_MONTH = [
    pytest.param("会议于8日在京召开", id="ri-standing-as-a-date"),
    pytest.param("截至12月31日，", id="ri-after-a-month"),
    pytest.param("4月9号发布", id="hao-after-a-month"),
    pytest.param("20号晚上出发", id="hao-standing-as-a-date"),
    pytest.param("二十六日上午", id="spelled-out-ri-as-a-date"),
    pytest.param("展会11至13日举行", id="both-ends-of-a-span-of-dates"),
]


@pytest.mark.parametrize("text", DAYS_OF_MONTH)
def test_chinese_days_of_the_month_are_dates(text):
    qs, refs = scan(text)
    assert qs == [] and refs


SPANS_OF_DAYS = [
    pytest.param("须在10日内答复", "10日", 10, id="ri-nei-is-within-days"),
    pytest.param("股价连续5日上涨", "5日", 5, id="lianxu-before-ri"),
    pytest.param("提前7日通知", "7日", 7, id="tiqian-before-ri"),
    pytest.param("约20日可完工", "20日", 20, id="hedge-before-ri"),
    pytest.param("审查期为90日", "90日", 90, id="more-days-than-a-month-has"),
    pytest.param("历时15天", "15天", 15, id="tian-is-always-days"),
]


@pytest.mark.parametrize("text,qtext,value", SPANS_OF_DAYS)
def test_chinese_spans_of_days_are_durations(text, qtext, value):
    (q,) = extract(text)
    assert (q.text, q.value, q.unit) == (qtext, value, "day")


# Per mille is read as tenths of a percent (as 千分之X is), per-mille points as tenths of a
# percentage point; a minus after a word is a sign, a dash after a quantity joins a range.
SIGNS_AND_PER_MILLE = [
    pytest.param("死亡率为-2.36‰", "-2.36‰", -0.236, "percent", id="minus-after-a-word-is-a-sign"),
    pytest.param("出生率7.52‰", "7.52‰", 0.752, "percent", id="per-mille-is-tenths-of-a-percent"),
    pytest.param("比上年下降0.5个千分点", "0.5个千分点", 0.05, "percentage_point", id="per-mille-points"),
    pytest.param("同比-4.2%", "-4.2%", -4.2, "percent", id="minus-after-tongbi"),
    pytest.param("净流入为-35万人", "-35万人", -3.5e5, None, id="minus-before-digits-and-wan"),
]


@pytest.mark.parametrize("text,qtext,value,unit", SIGNS_AND_PER_MILLE)
def test_signs_and_per_mille(text, qtext, value, unit):
    (q,) = extract(text)
    assert (q.text, q.value, q.unit) == (qtext, pytest.approx(value), unit)


@pytest.mark.parametrize(
    "text,expected",
    [
        pytest.param("增幅为2%-4%", [2, 4], id="dash-after-a-percent-joins-a-range"),
        pytest.param("距离3公里-8公里", [3, 8], id="dash-after-a-chinese-unit-joins-a-range"),
        pytest.param("每年2万-3万人", [2e4, 3e4], id="dash-after-wan-joins-a-range"),
        pytest.param("出生率8-12‰", [0.8, 1.2], id="per-mille-shared-across-a-range"),
        pytest.param("two to three decades", [20, 30], id="decades-shared-across-a-range"),
    ],
)
def test_range_dashes_are_no_minus(text, expected):
    assert [q.value for q in extract(text)] == pytest.approx(expected)


def test_per_mille_keeps_the_precision_of_its_digits():
    (q,) = extract("出生率为5.0‰")
    assert q.step == pytest.approx(0.01)  # 0.1‰


# A table cell gives the unit in brackets after the number; a scale there multiplies it.
BRACKETED_UNITS = [
    pytest.param("常住人口 -37(万人)", "-37(万人)", -370000, None, "人", id="wan-ren-is-ten-thousands-of-people"),
    pytest.param("出生率 -0.61(千分点)", "-0.61(千分点)", -0.061, "percentage_point", None, id="per-mille-points"),
    pytest.param(
        "营业收入 12.8（亿元）", "12.8（亿元）", 1.28e9, "CNY", None, id="full-width-brackets-scale-and-currency"
    ),
    pytest.param("增速 6.1(%)", "6.1(%)", 6.1, "percent", None, id="percent-in-brackets"),
    pytest.param("net weight 35 (kg)", "35 (kg)", 35, "kilogram", None, id="latin-unit-in-brackets"),
]


@pytest.mark.parametrize("text,qtext,value,unit,noun", BRACKETED_UNITS)
def test_units_in_brackets(text, qtext, value, unit, noun):
    (q,) = extract(text)
    assert (q.text, q.value, q.unit, q.noun) == (qtext, pytest.approx(value), unit, noun)


@pytest.mark.parametrize(
    "text,expected",
    [
        pytest.param("see section 12 (b)", [], id="a-letter-in-brackets-labels-a-part"),
        pytest.param("产值 45(注)", [("45", None, None)], id="a-note-is-no-unit"),
        pytest.param("共计 45(人次，下同)", [("45", None, None)], id="more-than-a-unit-in-the-brackets"),
    ],
)
def test_brackets_that_hold_no_unit(text, expected):
    assert [(q.text, q.unit, q.noun) for q in extract(text)] == expected


def test_a_count_in_brackets_of_wan_is_precise_to_the_wan():
    (q,) = extract("年末人口 1280(万人)")
    assert q.step == 1e4


def test_a_half_width_comma_between_chinese_prices_separates_them():
    assert [(q.text, q.unit) for q in extract("选一个，$20，300美圆")][-2:] == [("$20", "USD"), ("300美圆", "USD")]


def test_a_date_is_not_a_duration():
    assert extract("１９９１年１月１６日晚") == []


@pytest.mark.parametrize(
    "text,hedge", [("签约83个项目", None), ("约83个项目", "about"), ("接近5万吨", "nearly"), ("超过30%", "more_than")]
)
def test_chinese_hedges_are_words_of_their_own(text, hedge):
    (q,) = extract(text)
    assert q.hedge == hedge


def test_digits_before_chinese_numerals_stay_a_number():
    assert [q.value for q in extract("1502222, 二百五")] == [1502222, 250]


def test_a_chinese_counted_noun_does_not_swallow_the_next_number():
    assert [q.value for q in extract("袜子五双九点九")] == [5, 9.9]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("won a $48.2 million contract", [("$48.2 million", "USD")]),
        ("the cost is $4.25 and 32 is the quantity", [("$4.25", "USD"), ("32", None)]),
        ("50 dollar 50 dollar", [("50 dollar", "USD"), ("50 dollar", "USD")]),
        ("it cost A$5 million", [("A$5 million", "AUD")]),
    ],
)
def test_currency_prefixes_and_cents_are_not_overread(text, expected):
    assert [(q.text, q.unit) for q in extract(text)] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("three four", [3, 4]),
        ("one hundred and six", [106]),
        ("Intel Core i7 860", [860]),
        ("$1.17 billion a year earlier", [1.17e9]),
        ("revenues of about MAUD 60", [6e7]),
        ("$5 billion a year", [5e9]),
    ],
)
def test_number_boundaries(text, expected):
    assert [q.value for q in extract(text)] == expected


@pytest.mark.parametrize(
    "text,value,kind",
    [
        ("one in five adults", 0.2, "fraction"),
        ("two out of five people", 0.4, "fraction"),
        ("two hundred point seventy-one", 200.71, "amount"),
        ("three twenty-firsts", 3 / 21, "fraction"),
    ],
)
def test_shares_and_spoken_decimals(text, value, kind):
    (q,) = extract(text)
    assert (q.value, q.kind) == (pytest.approx(value), kind)


@pytest.mark.parametrize("text", ["3 in 10 minutes", "rose to 2000 over 3 years", "12 out of 10"])
def test_not_shares(text):
    assert all(q.kind != "fraction" for q in extract(text))


# ---- word lists as tries -----------------------------------------------------------------


@pytest.mark.parametrize(
    "words,text,found",
    [
        (["seven", "seventeen", "seventy"], "seventeen", "seventeen"),
        (["a", "an", "and"], "and so", "and"),
        (["per cent", "percent"], "per   cent", "per   cent"),
        (["six", "sixty"], "sixty-one", "sixty"),
        (["c++", "c"], "c++", "c++"),
    ],
    ids=[
        "longest-word-first",
        "word-inside-word",
        "space-matches-any-run",
        "prefix-then-more",
        "special-characters-escaped",
    ],
)
def test_word_trie_matches_what_a_longest_first_alternation_matches(words, text, found):
    import re

    from verify.knowledge.lexicon import trie

    flat = "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True))
    assert re.match(trie(words, space=r"\s+"), text).group() == found == re.match(flat, text).group()


@pytest.mark.parametrize(
    "text,value,unit",
    [
        ("a rate of 7.4 deaths per 1,000 people", 0.74, "percent"),
        ("births came to 5.9 per 1,000 people", 0.59, "percent"),
    ],
    ids=["a-count-per-thousand-people-is-per-mille", "per-thousand-without-a-noun"],
)
def test_a_rate_per_thousand_is_per_mille(text, value, unit):
    (q,) = extract(text)
    assert (q.value, q.unit) == (pytest.approx(value), unit)


# ---- what is fenced off: the quick form of the pattern for a text with no e-mail address ----

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_FENCE_PIECES = [
    "2024-05-28",
    "5/6/2024",
    "10:30 am",
    "9.30pm",
    "+86 10 8765 4321",
    "(010) 8765 4321",
    "555-123-4567",
    "tel: 0791 8888 6666",
    "Call 800 555 0199",
    "v2.1.4",
    "1.2.3.4",
    "[^3]",
    "[12]",
    "2013-14",
    "2013–14",
    "https://example.org/a1",
    "WWW.Example.org",
    "FY2024",
    "3%",
    "12 tonnes",
    "Q3",
    "2023",
    " ",
    "\n",
    "x",
    "V",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FENCE_PIECES), max_size=12))
def test_a_text_without_an_address_is_fenced_as_the_whole_pattern_fences_it(pieces):
    from verify.reading.numbers import grammar

    text = "".join(pieces)
    g = grammar()
    assert [m.span() for m in g.blocked_plain.finditer(text)] == [m.span() for m in g.blocked.finditer(text)]


# ---- a unit of time that says when is no amount, and no rate ---------------------------

WHEN_NOT_HOW_MUCH = [
    ("half-an-hour-later-is-when", "He left half an hour later.", []),
    ("half-a-century-old-is-an-age-not-a-claim", "The bridge is half a century old.", []),
    ("a-percentage-a-year-earlier-is-no-rate", "Profits rose 5% a year earlier.", [("5%", 5.0, "percent")]),
    ("money-a-year-earlier-is-no-rate", "Sales were $5 billion a year earlier.", [("$5 billion", 5e9, "USD")]),
    ("a-rate-a-year-still-is-one", "Output rose 3 tonnes a year.", [("3 tonnes a year", 3.0, "metric_ton / year")]),
    ("half-an-hour-is-an-amount", "It takes half an hour.", [("half an hour", 0.5, "hour")]),
    ("in-half-a-year-or-so-is-when", "Prices will settle in half a year or so.", []),
    (
        "in-half-a-year-is-an-amount",
        "It grew 5% in half a year.",
        [("5%", 5.0, "percent"), ("half a year", 0.5, "year")],
    ),
    ("and-a-half-after-a-unit-adds-to-it", "It took two years and a half.", [("two years and a half", 2.5, "year")]),
    (
        "and-half-a-unit-is-a-quantity-of-its-own",
        "It took 3 hours and half an hour more.",
        [("3 hours", 3.0, "hour"), ("half an hour", 0.5, "hour")],
    ),
]


@pytest.mark.parametrize("text,found", [w[1:] for w in WHEN_NOT_HOW_MUCH], ids=[w[0] for w in WHEN_NOT_HOW_MUCH])
def test_a_time_that_says_when_is_no_quantity(text, found):
    assert [(q.text, q.value, q.unit) for q in extract(text)] == found


# ---- a number that names a place or a thing is no claim ----------------------------------

NAMING_NUMBERS = [
    ("a-district-number", "In district 15 the council met.", []),
    ("a-ward-number", "Ward 12 voted against it.", []),
    ("a-gate-number", "Passengers left from gate 23.", []),
    ("a-count-of-districts-is-a-claim", "The city has 12 districts.", ["12"]),
    ("a-districts-population-is-a-claim", "The district had 5,000 residents.", ["5,000"]),
]


@pytest.mark.parametrize("text,found", [n[1:] for n in NAMING_NUMBERS], ids=[n[0] for n in NAMING_NUMBERS])
def test_a_number_that_names_is_no_claim(text, found):
    assert [q.text for q in extract(text)] == found


# ---- a fraction of one unit is an amount of it; a fraction of a count is a share --------------

FRACTIONS_OF_A_UNIT = [
    (
        "half-a-percentage-point",
        "Rates rose half a percentage point.",
        [("half a percentage point", 0.5, "percentage_point")],
    ),
    (
        "a-quarter-of-a-point",
        "Rates were cut by a quarter of a percentage point.",
        [("a quarter of a percentage point", 0.25, "percentage_point")],
    ),
    (
        "a-quarter-of-a-century-once",
        "It stood for a quarter of a century.",
        [("a quarter of a century", 0.25, "century")],
    ),
    ("a-third-of-the-workers-is-a-share", "A third of the workers left.", [("A third", 1 / 3, None)]),
]


@pytest.mark.parametrize("text,found", [f[1:] for f in FRACTIONS_OF_A_UNIT], ids=[f[0] for f in FRACTIONS_OF_A_UNIT])
def test_a_fraction_of_one_unit_is_an_amount_of_it(text, found):
    got = [(q.text, q.value, q.unit) for q in extract(text)]
    assert [(t, round(v, 6), u) for t, v, u in got] == [(t, round(v, 6), u) for t, v, u in found]


@pytest.mark.parametrize(
    "text,unit",
    [
        ("Margins rose 4 %-points.", "percentage_point"),
        ("up 4 %pts", "percentage_point"),
        ("up 4 ppts", "percentage_point"),
        ("rose 5%, points out the bureau", "percent"),
    ],
    ids=["percent-points", "percent-pts", "ppts", "a-percent-before-the-word-points-is-a-percent"],
)
def test_points_written_with_a_percent_sign(text, unit):
    (q,) = extract(text)
    assert q.unit == unit
