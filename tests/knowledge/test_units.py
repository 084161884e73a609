"""The unit table is pint's answers, kept: it must be fresh and agree with pint."""

from __future__ import annotations

import json
import math

import pytest

from verify.errors import UnitError
from verify.knowledge import units


def test_table_is_fresh():
    with (units.DATA / "compiled.json").open(encoding="utf-8") as f:
        stored = json.load(f)
    assert stored == json.loads(json.dumps(units.generate())), (
        "run `python -m verify.knowledge.units` and commit compiled.json"
    )


PAIRS = [
    ("gigawatt_hour", "kilowatt_hour"),
    ("kilometer", "mile"),
    ("metric_ton", "kilogram"),
    ("degree_Celsius", "degree_Fahrenheit"),
    ("meter ** 3 / day", "liter / hour"),
    ("kilometer / hour", "mile / hour"),
    ("hour", "minute"),
    ("kilometer ** 2", "hectare"),
    ("kilobyte", "bit"),
    ("jin", "kilogram"),
]


@pytest.mark.parametrize("src,dst", PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_conversion_agrees_with_pint(src, dst):
    ureg = units.registry()
    for value in (0.0, 1.0, 19.6, 1234.5):
        expected = ureg.Quantity(value, src).to(dst).magnitude
        assert math.isclose(units.convert(value, src, dst), expected, rel_tol=1e-9, abs_tol=1e-9)


INCOMPATIBLE = [
    ("CNY", "USD"),
    ("percent", "percentage_point"),
    ("percent", None),
    ("hour", "kilometer"),
    ("dozen", "percent"),
]


@pytest.mark.parametrize("a,b", INCOMPATIBLE, ids=[f"{a}-vs-{b}" for a, b in INCOMPATIBLE])
def test_not_comparable(a, b):
    assert not units.compatible(a, b)


def test_unknown_unit_is_a_clear_error():
    with pytest.raises(UnitError, match="not a unit"):
        units.resolve("flibbertigibbet")


def test_every_unit_parses_in_pint():
    ureg = units.registry()
    for key in units.table():
        ureg.Quantity(1, key)


def test_no_unit_is_dimensionless_by_accident():
    """pint's 'decade' is a logarithmic ratio, not ten years: a unit with no dimension
    must say which family it converts within (information, angle, ratio)."""
    table = units.table()
    accidental = [k for k, u in table.items() if not u.dims and u.family == k]
    assert accidental == []
