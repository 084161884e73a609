"""verify.judging.tolerances: one record, built from data/verdicts.toml and overrides, checked once."""

import math

import pytest

from verify.errors import UsageError
from verify.judging.tolerances import RANGES, Tolerances, defaults, tolerances
from verify.knowledge.units import compiled


def test_the_defaults_are_verdicts_toml():
    data = {k: v for table in compiled()["verdicts"].values() for k, v in table.items()}
    assert defaults()._asdict() == data


@pytest.mark.parametrize(
    "overrides,expected",
    [
        (None, {}),
        ({}, {}),
        ({"rounding_cap": 0.02}, {"rounding_cap": 0.02}),
        ({"match": 101, "agree": 101}, {"match": 101.0, "agree": 101.0}),
        ({"word_alike": 95}, {"word_alike": 95.0}),
    ],
    ids=[
        "none-is-the-defaults",
        "empty-is-the-defaults",
        "a-partial-mapping-keeps-the-other-defaults",
        "integers-are-read-as-numbers",
        "spelling-cutoffs-are-tolerances",
    ],
)
def test_overrides_replace_only_what_they_name(overrides, expected):
    t = tolerances(overrides)
    assert isinstance(t, Tolerances)
    assert t == defaults()._replace(**expected)


def test_a_record_is_taken_as_it_is():
    t = defaults()._replace(near=5.0)
    assert tolerances(t) is t


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"matchh": 1}, "unknown tolerance 'matchh'"),
        ({"match": -1}, "must be a number of at least 0"),
        ({"rounding_cap": math.nan}, "must be a number of at least 0"),
        ({"rounding_cap": math.inf}, "must be a number of at least 0"),
        ({"hedge_reach": 1e308}, "not a number from 1 to 1000"),
        ({"rounding_cap": 0.9}, "not a number from 0 to 0.5"),
        ({"near": True}, "must be a number"),
        ({"near": "5"}, "must be a number"),
    ],
    ids=[
        "unknown-name",
        "negative",
        "nan",
        "infinite",
        "huge-but-finite",
        "beyond-its-range",
        "bool-is-no-number",
        "text-is-no-number",
    ],
)
def test_a_wrong_value_is_refused_naming_where(overrides, message):
    with pytest.raises(UsageError, match=message) as exc:
        tolerances(overrides, where="verify.toml tolerances")
    assert str(exc.value).startswith("verify.toml tolerances: ") and "verdicts.toml" in str(exc.value)


def test_every_field_has_a_range():
    assert set(RANGES) == set(Tolerances._fields)
