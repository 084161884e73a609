"""Frames: what each number is about, field by field, one row per rule.

Every sentence here is written for these tests. Each table names the rule a row pins in
its id, so a failure says which reading broke.
"""

from __future__ import annotations

import pytest

from verify.reading.claims import mentions, names, sentences
from verify.reading.document import parse
from verify.reading.frames import stem


def frames(text: str, date: str | None = "2024-05-20", title: str | None = None):
    head = "---\n" + (f"date: {date}\n" if date else "") + (f"title: {title}\n" if title else "") + "---\n\n"
    return {m.quantity.text: m for m in mentions(parse(head + text))}


def one(text: str, number: str, **kw):
    found = frames(text, **kw)
    assert number in found, f"{number!r} not read in {text!r}: {sorted(found)}"
    return found[number].frame


# ---- metric ------------------------------------------------------------------------------
# (sentence, number, concept, narrowing words)
METRICS = [
    ("Revenue rose 5% to $2 billion.", "5%", "revenue", (), "a-change-clause-takes-its-metric"),
    (
        "Revenue reached $2 billion, up 5 percent from a year ago.",
        "5 percent",
        "revenue",
        (),
        "a-trailing-change-points-back",
    ),
    ("Cloud revenue reached $3 billion.", "$3 billion", "revenue", ("cloud",), "a-narrowing-word-is-a-modifier"),
    ("Total quarterly revenue reached $3 billion.", "$3 billion", "revenue", (), "neutral-words-are-left-out"),
    (
        "Revenue from continuing operations was $3 billion.",
        "$3 billion",
        "revenue",
        (),
        "continuing-operations-is-neutral",
    ),
    ("Sales climbed to $80 million.", "$80 million", "revenue", (), "sales-is-revenue"),
    ("Net profit was $5 billion, or $1.10 a share.", "$5 billion", "net_income", (), "profit-is-net-income"),
    ("Net profit was $5 billion, or $1.10 a share.", "$1.10", "eps", (), "a-share-of-earnings-is-eps"),
    ("The company earned $2.05 a share.", "$2.05", "eps", (), "earned-a-share-is-eps"),
    ("Diluted earnings were $1.90.", "$1.90", "eps", (), "diluted-earnings-are-per-share"),
    ("Economic output grew 4.5% in 2022.", "4.5%", "gdp", (), "economic-output-is-gdp"),
    (
        "Exports and imports combined reached 1 trillion yuan.",
        "1 trillion yuan",
        "trade",
        (),
        "exports-and-imports-is-trade",
    ),
    ("Exports rose 6% while imports fell 2%.", "2%", "imports", (), "each-clause-its-own-metric"),
    ("Revenue and profit rose 10% and 4%, respectively.", "4%", "net_income", (), "respectively-pairs-in-order"),
    ("The journey now lasts 90 minutes.", "90 minutes", "travel_time", (), "the-journey-lasts-is-travel-time"),
    (
        "Exports of cars, solar panels and batteries rose 40 percent.",
        "40 percent",
        "exports",
        ("battery", "car", "panel", "solar"),
        "exports-of-named-goods-are-narrower",
    ),
    (
        "The region's export clearance efficiency improved by 8 percent.",
        "8 percent",
        "exports",
        ("clearance", "efficiency"),
        "a-concept-before-nouns-is-their-modifier",
    ),
    (
        "Household consumption averaged 120 litres per person.",
        "120 litres",
        None,
        (),
        "a-unit-the-concept-cannot-take-drops-it",
    ),
    (
        "Births came to 5.9 per 1,000 people last year.",
        "5.9 per 1,000 people",
        "birth_rate",
        (),
        "births-per-thousand-is-the-birth-rate",
    ),
    (
        "The gaming segment reported revenue of $2.6 billion.",
        "$2.6 billion",
        "revenue",
        ("gam",),
        "a-segment-named-in-the-subject-narrows",
    ),
    ("The port's customs clearance time ranks third in the region.", "third", None, (), "a-rank-verb-ends-the-phrase"),
    (
        "Northvale's export clearance efficiency ranks third nationwide.",
        "third",
        "exports",
        ("clearance", "efficiency"),
        "a-rank-verb-is-no-modifier",
    ),
    (
        "Imports and exports totalled 12 billion yuan.",
        "12 billion yuan",
        "trade",
        (),
        "coordinated-nouns-read-in-the-plural",
    ),
    (
        "Cross-border e-commerce imports and exports totalled 12 billion yuan.",
        "12 billion yuan",
        "cross_border_ecommerce",
        (),
        "a-longer-concept-name-in-the-plural-wins",
    ),
    (
        "Cross-border e-commerce exports reached 4 billion yuan.",
        "4 billion yuan",
        "exports",
        ("cross-border", "e-commerce"),
        "a-concept-before-another-narrows-it",
    ),
    ("赣州出口通关效率居全国第三。", "第三", "exports", ("通关效率",), "chinese-noun-after-a-concept-is-its-head"),
    ("赣州出口总额居全国第三。", "第三", "exports", (), "chinese-neutral-word-after-a-concept-keeps-it"),
    ("赣州出口增长8%。", "8%", "exports", (), "chinese-change-verb-ends-the-compound"),
    ("国内生产总值比上年增长5.2%。", "5.2%", "gdp", (), "chinese-concept"),
    (
        "The province invested 12 billion yuan in research and development.",
        "12 billion yuan",
        "rd_expenditure",
        (),
        "a-verbs-object-names-the-concept-as-its-noun-phrase-would",
    ),
    ("They invested 5 billion yuan in new factories.", "5 billion yuan", None, (), "an-unknown-object-names-none"),
    ("全社会研究与试验发展经费投入达到3000亿元。", "3000亿元", "rd_expenditure", (), "chinese-input-is-neutral"),
    (
        "Agricultural grain output reached 700 million tonnes.",
        "700 million tonnes",
        "grain_output",
        (),
        "a-word-naming-the-concepts-field-narrows-nothing",
    ),
    ("Organic grain output hit 3 million tonnes.", "3 million tonnes", "grain_output", ("organic",), "other-words-do"),
    (
        "While several headline indicators, such as the 2024 retail sales of 48 trillion yuan, came out early,"
        " few noticed.",
        "48 trillion yuan",
        "retail_sales",
        (),
        "an-example-after-such-as-is-not-narrowed-by-its-category",
    ),
    (
        "Its cloud division, which includes hosting, saw revenue rise 9%.",
        "9%",
        "revenue",
        ("cloud",),
        "a-subject-set-off-by-which-narrows-the-metric-after-it",
    ),
    ("社会消费品零售总额达到47万亿元，比上年增长7.2%。", "7.2%", "retail_sales", (), "chinese-change-points-back"),
]


@pytest.mark.parametrize("text,number,concept,mods,rule", METRICS, ids=[m[4] for m in METRICS])
def test_metric(text, number, concept, mods, rule):
    f = one(text, number)
    assert (f.concept, f.modifiers) == (concept, mods)


# ---- qualifiers --------------------------------------------------------------------------
# (sentence, number, {group: value or None}): None means the text says nothing of the group
QUALIFIERS = [
    (
        "Per capita GDP was 90,000 yuan and GDP was 126 trillion yuan.",
        "90,000 yuan",
        {"per": "per_capita"},
        "per-capita-scoped-to-its-number",
    ),
    (
        "Per capita GDP was 90,000 yuan and GDP was 126 trillion yuan.",
        "126 trillion yuan",
        {"per": None},
        "per-capita-not-on-the-other-number",
    ),
    ("Disposable income per person was 39,000 yuan.", "39,000 yuan", {"per": "per_capita"}, "per-person-is-per-capita"),
    (
        "城镇调查失业率均值为4.9%，比上年下降0.3个百分点。",
        "0.3个百分点",
        {"statistic": "average"},
        "chinese-mean-after-a-metric-goes-with-it-to-a-change-pointing-back",
    ),
    (
        "Average labour productivity rose to 150,000 yuan.",
        "150,000 yuan",
        {"statistic": None},
        "an-average-by-nature-takes-no-average-cue",
    ),
    ("全员平均劳动生产率为15万元。", "15万元", {"statistic": None}, "chinese-average-by-nature-takes-no-average-cue"),
    (
        "The average wage was 9,000 yuan.",
        "9,000 yuan",
        {"statistic": "average"},
        "an-average-cue-on-other-metrics-stays",
    ),
    (
        "城镇调查失业率为4.9%，平均工资为9万元。",
        "4.9%",
        {"statistic": None},
        "chinese-mean-of-another-metric-stays-with-it",
    ),
    ("Adjusted EPS was $1.50 and GAAP EPS was $1.20.", "$1.50", {"basis": "non_gaap"}, "adjusted-is-non-gaap"),
    ("Adjusted EPS was $1.50 and GAAP EPS was $1.20.", "$1.20", {"basis": "gaap"}, "a-basis-cue-stands-by-its-metric"),
    ("按照非美国通用会计准则，净利润为5亿美元。", "5亿美元", {"basis": "non_gaap"}, "chinese-non-us-gaap-is-non-gaap"),
    ("按照美国通用会计准则，净利润为4亿美元。", "4亿美元", {"basis": "gaap"}, "chinese-us-gaap-is-gaap"),
    (
        "Diluted GAAP EPS was $2.50; operating (non-GAAP) diluted EPS was $2.90.",
        "$2.90",
        {"basis": "non_gaap"},
        "a-bracketed-cue-before-its-metric",
    ),
    (
        "Diluted GAAP EPS was $2.50; operating (non-GAAP) diluted EPS was $2.90.",
        "$2.50",
        {"basis": "gaap"},
        "a-bracketed-cue-is-not-the-earlier-metrics",
    ),
    (
        "Excluding one-time items, earnings were $2.10 a share.",
        "$2.10",
        {"basis": "non_gaap"},
        "an-introductory-clause-governs",
    ),
    (
        "Revenue fell 1 percent, adjusting for currency.",
        "1 percent",
        {"currency": "constant"},
        "a-trailing-adverbial-governs",
    ),
    (
        "Revenue rose 18% from the previous quarter and 262% from a year ago.",
        "18%",
        {"base": "previous"},
        "a-base-per-number-previous",
    ),
    (
        "Revenue rose 18% from the previous quarter and 262% from a year ago.",
        "262%",
        {"base": "year"},
        "a-base-per-number-year",
    ),
    ("Revenue rose 12% sequentially.", "12%", {"base": "previous"}, "sequentially-is-on-the-previous-period"),
    (
        "On a quarterly basis, output grew 1.1% in the spring.",
        "1.1%",
        {"base": "previous"},
        "on-a-quarterly-basis-governs-its-clause",
    ),
    ("Diluted earnings per share were $1.64.", "$1.64", {"basis": "gaap"}, "diluted-names-the-gaap-line"),
    ("Analysts had expected revenue of $20 billion.", "$20 billion", {"mode": "estimate"}, "analysts-estimate"),
    ("The company expects revenue of $25 billion.", "$25 billion", {"mode": "forecast"}, "expects-is-a-forecast"),
    (
        "Urban residents' per capita disposable income was 50,000 yuan.",
        "50,000 yuan",
        {"per": "per_capita", "breakdown": "urban"},
        "urban-is-a-breakdown",
    ),
    (
        "城镇居民人均可支配收入51821元。",
        "51821元",
        {"per": "per_capita", "breakdown": "urban"},
        "chinese-cues-stand-by-their-concept",
    ),
    ("Two-fifths of the reserves lie in the north.", "Two-fifths", {"share": "share"}, "a-fraction-is-a-share"),
    ("The dividend is $0.25 per share on a post-split basis.", "$0.25", {"split": "post_split"}, "split-basis"),
    ("Services revenue rose 8 percent.", "8 percent", {"trade": None}, "services-is-no-trade-breakdown-of-revenue"),
    ("Exports of services rose 8 percent.", "8 percent", {"trade": "services"}, "services-trade-breakdown"),
    (
        "Leakage fell from an average of 70 hours to 30 hours.",
        "30 hours",
        {"statistic": None},
        "an-average-of-is-that-numbers-own",
    ),
]


@pytest.mark.parametrize("text,number,expected,rule", QUALIFIERS, ids=[q[3] for q in QUALIFIERS])
def test_qualifiers(text, number, expected, rule):
    f = one(text, number)
    assert {g: f.qualifier(g) for g in expected} == expected


# ---- change --------------------------------------------------------------------------------
# (sentence, number, "increase" | "decrease" | None): a change, or a level
CHANGES = [
    ("Exports increased by 73 percent.", "73 percent", "increase", "rose-by"),
    ("Sales rose 3%, 4%, 2% and 6% in the four quarters.", "6%", "increase", "a-list-of-changes-shares-its-verb"),
    ("增速比上年加快0.5个百分点。", "0.5个百分点", "increase", "jiakuai-accelerates"),
    ("Prices were 4% lower than a year earlier.", "4%", "decrease", "lower-than-is-a-fall"),
    (
        "A decline in the jobless rate by 0.3 percentage points came as a surprise.",
        "0.3 percentage points",
        "decrease",
        "a-decline-in-x-by-n",
    ),
    ("In the spring, output grew at 3.1%.", "3.1%", "increase", "grew-at-is-a-change"),
    (
        "The natural growth rate of -1.2‰ was the lowest on record.",
        "-1.2‰",
        None,
        "growth-in-a-rates-name-is-no-change",
    ),
    ("Sales were up 5% on the year.", "5%", "increase", "were-up"),
    ("Output fell by more than 3 percent.", "3 percent", "decrease", "fell-by-hedged"),
    ("A 5% increase in sales.", "5%", "increase", "noun-after"),
    ("Growth of 7 percent was recorded.", "7 percent", "increase", "growth-of"),
    ("Revenue: $3 billion, +14%", "14%", "increase", "plus-sign"),
    ("Revenue up 12 percent in the quarter.", "12 percent", "increase", "headline-up"),
    ("Sales rose 19% on the quarter and 461% on the year.", "461%", "increase", "coordinated-change"),
    ("Revenue grew a better-than-expected 9% to $5 billion.", "9%", "increase", "verb-and-adjective"),
    ("出口同比增长超过5%。", "5%", "increase", "chinese-rise"),
    ("进口下降3.1%。", "3.1%", "decrease", "chinese-fall"),
    ("营收同增262%。", "262%", "increase", "chinese-abbreviated-yoy-rise"),
    ("Exports rose to 73 percent of output.", "73 percent", None, "rose-to-is-a-level"),
    ("Trade reached 569 billion yuan.", "569 billion yuan", None, "reached-is-a-level"),
    ("Exports made up 4.3 percent of the total.", "4.3 percent", None, "made-up-is-a-share"),
    ("Exports grew 6% and made up 4.3% of the total.", "4.3%", None, "no-coordination-across-a-verb"),
    ("出口增长到4048亿元。", "4048亿元", None, "chinese-rose-to"),
    ("新生儿 | 736 | -41(万人) |", "-41(万人)", "decrease", "a-negative-count-fell"),
    ("气温为-3.5℃。", "-3.5℃", None, "a-negative-measure-is-a-level"),
]


@pytest.mark.parametrize("text,number,moved,rule", CHANGES, ids=[c[3] for c in CHANGES])
def test_change_or_level(text, number, moved, rule):
    assert one(text, number).change == moved


# ---- period ----------------------------------------------------------------------------------
# (text, date, number, label of the period or None, rule)
PERIODS = [
    (
        "Trade reached 569 billion yuan last year.",
        "2024-05-20",
        "569 billion yuan",
        "2023",
        "last-year-from-the-draft-date",
    ),
    ("去年全省外贸进出口5690亿元。", "2024-05-20", "5690亿元", "2023", "qunian-from-the-draft-date"),
    (
        "In 2022 exports rose. Last year trade reached 569 billion yuan.",
        None,
        "569 billion yuan",
        None,
        "last-year-without-a-date-is-not-counted-from-another-year",
    ),
    ("2022年出口增长。去年外贸进出口5690亿元。", None, "5690亿元", None, "qunian-without-a-date-is-unplaced"),
    (
        "Revenue for the third quarter of 2015 was $19 billion.",
        None,
        "$19 billion",
        "2015-Q3",
        "a-quarter-and-its-year",
    ),
    (
        "Revenue was $26 billion in the first quarter of fiscal 2025.",
        None,
        "$26 billion",
        "FY2025-Q1",
        "a-fiscal-quarter",
    ),
    (
        "Revenue was $36.9 billion, compared with $32.5 billion in the second quarter of 2018.",
        None,
        "$32.5 billion",
        "2018-Q2",
        "a-comparison-keeps-its-period",
    ),
    (
        "Revenue was $36.9 billion, compared with $32.5 billion in the second quarter of 2018.",
        None,
        "$36.9 billion",
        None,
        "a-comparison-period-is-not-the-main-numbers",
    ),
    ("Revenue rose 29% from a year ago to $12.5 billion.", None, "$12.5 billion", None, "a-base-is-no-numbers-period"),
    (
        "At the end of 2023 the workforce shrank by 3,000 compared with the end of the previous year to 98,000.",
        None,
        "98,000",
        "2023-12-31",
        "compared-with-the-end-of-a-year-is-a-base",
    ),
    (
        "GDP rose from 1.28 trillion yuan in 2012 to 3.22 trillion yuan in 2023.",
        None,
        "1.28 trillion yuan",
        "2012",
        "each-number-takes-the-year-after-it",
    ),
    (
        "GDP rose from 1.28 trillion yuan in 2012 to 3.22 trillion yuan in 2023. Per capita GDP rose from 28,600 yuan "
        "to 71,200 yuan during the same period.",
        None,
        "28,600 yuan",
        "2012",
        "from-to-over-the-same-period-takes-its-start",
    ),
    (
        "GDP rose from 1.28 trillion yuan in 2012 to 3.22 trillion yuan in 2023. Per capita GDP rose from 28,600 yuan "
        "to 71,200 yuan during the same period.",
        None,
        "71,200 yuan",
        "2023",
        "from-to-over-the-same-period-takes-its-end",
    ),
    ("Since 2012, over 5 trillion yuan has been spent.", "2024-05-20", "5 trillion yuan", "2012-2024", "since-a-year"),
    ("Over the past three years, output rose 40 percent.", "2024-05-20", "40 percent", "2021-2023", "past-n-years"),
    ("2012年至2023年，地区生产总值增长1.5倍。", None, "1.5倍", "2012-2023", "chinese-span"),
    ("2023年一季度国内生产总值同比增长4.5%。", None, "4.5%", "2023-Q1", "chinese-quarter"),
    ("2023年1-7月社会消费品零售总额增长7.3%。", None, "7.3%", "2023-01..2023-07", "chinese-run-of-months"),
    (
        "In each of the last two quarters revenue grew 200%.",
        None,
        "200%",
        "In each of the last two quarters",
        "a-run-of-quarters-is-no-quarter",
    ),
    ("The dividend of $0.25 is payable on June 28, 2024.", None, "$0.25", None, "a-day-dates-an-event-not-a-figure"),
    (
        "Output for the three quarters of 2022 came to 40 trillion yuan.",
        None,
        "40 trillion yuan",
        "2022-01..2022-09",
        "three-quarters-of-a-year-run-from-january",
    ),
    (
        "In the second quarter of last year, output was 4 percent higher than in January-March.",
        "2024-03-01",
        "4 percent",
        "2023-Q2",
        "a-quarter-of-last-year",
    ),
    ("去年三季度产量增长4%。", "2024-03-01", "4%", "2023-Q3", "chinese-quarter-of-last-year"),
    ("增速比2022年加快2.2个百分点。", "2024-03-01", "2.2个百分点", None, "a-year-after-bi-is-a-base"),
    (
        "In 2022, sales posted quarterly gains of 3%, 4%, 2% and 6%.",
        None,
        "2%",
        "2022-Q3",
        "four-quarterly-numbers-are-the-quarters-in-order",
    ),
]


@pytest.mark.parametrize("text,date,number,label,rule", PERIODS, ids=[p[4] for p in PERIODS])
def test_period(text, date, number, label, rule):
    p = one(text, number, date=date).period
    assert (p.label if p else None) == label


YEAR_AGO = [  # (body, number, first and last day): a title dates the quarter by its days, no year named
    ("Sales were $9 billion compared to $7 billion a year ago.", "$9 billion", ("2021-07-01", "2021-09-30"), "now"),
    (
        "Sales were $9 billion compared to $7 billion a year ago.",
        "$7 billion",
        ("2020-07-01", "2020-09-30"),
        "a-year-ago-is-the-same-days-a-year-before",
    ),
    (
        "Sales of $9 billion grew 8 percent in comparison to the same period of last year.",
        "$9 billion",
        ("2021-07-01", "2021-09-30"),
        "in-comparison-to-last-year-is-a-base-not-the-numbers-time",
    ),
]


@pytest.mark.parametrize("body,number,days,rule", YEAR_AGO, ids=[y[3] for y in YEAR_AGO])
def test_a_year_ago_in_a_quarter_known_by_its_days(body, number, days, rule):
    f = one(body, number, date=None, title="Fabrikam Results for the Quarter Ended September 30, 2021")
    assert (f.period.first, f.period.last) == days


def test_a_document_period_comes_from_its_title_and_is_not_stated():
    f = one(
        "Revenue reached $19 billion.", "$19 billion", date=None, title="Contoso reports 2015 third-quarter results"
    )
    assert (f.period.label, f.period.stated) == ("2015-Q3", False)


def test_year_end_is_the_end_of_the_year_spoken_of():
    f = one("2023年国民经济保持增长。年末全国人口140967万人。", "140967万人", date="2024-02-29")
    assert (f.period.grain, f.period.last) == ("instant", "2023-12-31")


def test_year_to_date_runs_to_the_end_of_the_quarter_spoken_of():
    f = one(
        "Revenue for the quarter ended September 30, 2015 was $19 billion. Year-to-date revenue rose 30 percent.",
        "30 percent",
        date=None,
    )
    assert (f.period.first, f.period.last) == ("2015-01-01", "2015-09-30")


# ---- entity ----------------------------------------------------------------------------------
# (sentence, number, entity id, rule)
ENTITIES = [
    ("Ganzhou's GDP grew 5 percent.", "5 percent", "CN-JX-GANZHOU", "a-city-of-the-gazetteer"),
    ("赣州市地区生产总值增长5%。", "5%", "CN-JX-GANZHOU", "chinese-and-english-names-one-id"),
    ("According to the IMF, China's economy grew 5.2 percent.", "5.2 percent", "CN", "attribution-is-not-the-entity"),
    ("At the Shenzhen conference, Jiangxi signed 83 projects.", "83", "CN-JX", "a-venue-is-not-the-entity"),
    ("China's GDP grew 5.2%, faster than the US's 2.5%.", "2.5%", "US", "each-clause-its-own-entity"),
    (
        "More than 80 percent of the foreign capital used in Jiangxi comes from Hong Kong.",
        "80 percent",
        "CN-JX",
        "of-x-used-in-place",
    ),
    ("Samsung's revenue rose 3 percent.", "3 percent", "org:samsung_electronics", "an-organisation"),
    (
        "Contoso reported revenue of $5 million. Contoso said profit was $1 million.",
        "$1 million",
        "name:contoso",
        "a-name-the-document-repeats",
    ),
    (
        "The National Bureau of Statistics said retail sales rose 7 percent.",
        "7 percent",
        "CN",
        "a-statistics-office-speaks-for-its-country",
    ),
    ("国家统计局数据显示，居民消费价格上涨0.3%。", "0.3%", "CN", "chinese-statistics-office-speaks-for-china"),
    ("Bloomberg data show exports to Brazil fell 4 percent.", "4 percent", "BR", "a-news-agency-is-never-the-entity"),
    ("我国物价上涨0.3%，低于日本2.1%的涨幅。", "2.1%", "JP", "dixu-is-lower-than-not-a-venue"),
]


@pytest.mark.parametrize("text,number,entity,rule", ENTITIES, ids=[e[3] for e in ENTITIES])
def test_entity(text, number, entity, rule):
    assert one(text, number).entity == entity


def test_an_unnamed_claim_takes_the_documents_entity_and_says_so():
    f = one("Exports rose 5 percent.", "5 percent", title="Jiangxi's economy in 2023")
    assert (f.entity, f.entity_stated) == ("CN-JX", False)


TITLES = [  # (headline, the document's entity): a claim that names no one takes it
    ("Shares of Fabrikam jump after a record quarter", "name:fabrikam", "a-sentence-case-headline-capital-is-a-name"),
    ("Fabrikam Posts Record Quarter", "name:fabrikam", "a-title-case-name-the-text-uses"),
    ("How To Build Momentum For Steady Growth", None, "title-case-words-the-text-never-uses-are-no-name"),
    ("Why Wages Matter", None, "an-interrogative-is-no-name"),
]


@pytest.mark.parametrize("title,entity,rule", TITLES, ids=[t[2] for t in TITLES])
def test_a_headline_names_the_documents_entity(title, entity, rule):
    body = "Exports rose 5 percent." if "Fabrikam Posts" not in title else "Fabrikam said exports rose 5 percent."
    f = one(body, "5 percent", title=title)
    assert f.entity == entity


# ---- sentences, names, words ---------------------------------------------------------------
SENTENCES = [
    ("Revenue rose 5 percent\nto $2 billion in a year in which the\ncompany grew.", 1, "a-soft-wrap-continues"),
    ("Results\nRevenue rose 5 percent.", 2, "a-headline-ends-at-its-line"),
    ("Revenue rose.\n- Exports fell.\n- Imports rose.", 3, "list-items-are-sentences"),
    ("Revenue was $3 billion vs. $2 billion.", 1, "vs-is-no-sentence-end"),
]


@pytest.mark.parametrize("text,count,rule", SENTENCES, ids=[s[2] for s in SENTENCES])
def test_sentences(text, count, rule):
    assert len(sentences(text)) == count


NAMES = [
    ("Zhejiang's foreign trade reached 4.9 trillion yuan.", ("Zhejiang's",)),
    ("Over 30% of Jiangxi's funding comes from Guangdong.", ("Jiangxi's", "Guangdong")),
    ("Pumping used 19.6 GWh of electricity.", ()),
    ("浙江省外贸进出口总值4.9万亿元。", ("浙江省",)),
]


@pytest.mark.parametrize("text,expected", NAMES, ids=[n[0][:30] for n in NAMES])
def test_names(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "word,expected",
    [("Jiangxi's", "jiangxi"), ("exports", "export"), ("signed", "sign"), ("signing", "sign"), ("process", "process")],
)
def test_stem(word, expected):
    assert stem(word) == expected


def test_a_number_word_closing_a_quoted_name_is_no_claim():
    assert list(frames('Exports of the "new three" products increased by 73 percent.')) == ["73 percent"]


def test_a_period_is_no_claim():
    assert list(frames("IBM announced third-quarter 2015 diluted earnings of $3.02 a share.", date=None)) == ["$3.02"]


def test_table_cell_takes_its_headers():
    (m,) = mentions(parse("| Metric | 2023 |\n|---|---|\n| Foreign trade | 596 billion yuan |\n"))
    assert (m.period.start, m.frame.concept) == (2023, "trade")


# ---- a table cell's bare number in the unit its column's header gives ---------------------

HEADER_UNITS = [
    (
        "a-unit-column-gives-the-rows-unit",
        "| Product | Unit | Output |\n|---|---|---|\n| Cement | 10,000 tonnes | 1,250.3 |\n",
        [(12503000.0, "metric_ton")],
    ),
    (
        "a-chinese-unit-column",
        "| 产品 | 单位 | 产量 |\n|---|---|---|\n| 水泥 | 万吨 | 312.5 |\n",
        [(3125000.0, "metric_ton")],
    ),
    (
        "a-unit-in-brackets",
        "| District | Rainfall (mm) |\n|---|---|\n| Northvale | 1,842 |\n",
        [(1842.0, "millimeter")],
    ),
    ("a-percentage", "| District | Change (%) |\n|---|---|\n| Southmere | -3.5 |\n", [(-3.5, "percent")]),
    ("a-scale-and-unit", "| Year | Trade (billion yuan) |\n|---|---|\n| 2023 | 569 |\n", [(569e9, "CNY")]),
    ("a-chinese-header", "| 地区 | 产量（万吨） |\n|---|---|\n| 山城 | 312.5 |\n", [(3125000.0, "metric_ton")]),
    (
        "words-in-brackets-are-no-unit",
        "| Item | Revenue (in millions, except per share) |\n|---|---|\n| Q1 | 812 |\n",
        [(812.0, None)],
    ),
    ("a-cell-with-its-own-unit-keeps-it", "| Item | Length (km) |\n|---|---|\n| Road | 12 miles |\n", [(12.0, "mile")]),
]


@pytest.mark.parametrize("text,found", [h[1:] for h in HEADER_UNITS], ids=[h[0] for h in HEADER_UNITS])
def test_a_cell_is_in_the_unit_its_header_gives(text, found):
    from verify.reading.claims import mentions
    from verify.reading.document import parse

    got = [(m.quantity.value, m.quantity.unit) for m in mentions(parse(text, path="t.md"), date="2024-05-01")]
    assert got == found
