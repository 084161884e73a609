"""Units: what the extractor may read after a number, and how to convert between units.

pint is the authority on units. Asking it at run time costs ~300 ms to build a
registry and ~70 µs a string, so its answers are kept: ``python -m verify.knowledge.units``
resolves every unit in ``data/units.toml`` with pint and writes the dimensionality
and factor of each to ``data/compiled.json``, together with the unit names, the word
tables of ``data/language.toml`` and the tolerances of ``data/verdicts.toml`` (so a run
reads one JSON file and never parses TOML); ``tests/knowledge/test_units.py`` fails when that
file is stale or when a conversion here disagrees with pint. Unit expressions that
are not plain entries of the table ("kilometer / hour", "meter ** 3 / day") are
composed from it; only an expression made of names the table lacks falls back to
pint itself.
"""

import json
import math
from collections.abc import Mapping
from functools import cache
from typing import Any, NamedTuple, TypeGuard

from ..cache import data, regex
from ..errors import UnitError
from . import DATA as _DATA

DATA = _DATA
RESERVED = {"pint", "si_prefixes"}


class Unit(NamedTuple):
    """One resolved unit expression."""

    expr: str  # canonical expression, as the store and reports write it ("kilometer / hour")
    dims: tuple[tuple[str, float], ...]  # dimensionality, sorted ("[length]", 1.0), ...
    factor: float  # size in base units (metre, kilogram, second, one currency unit, ...)
    offset: float = 0.0  # non-zero for temperature scales with a moved zero (°C, °F)
    family: str = ""  # dimensionless units convert only within a family ("information")

    @property
    def dimension(self) -> str:
        """Dimensionality as a readable string: "[length] / [time]", "" for a pure ratio."""
        return format_dims(self.dims)


def format_dims(dims: tuple[tuple[str, float], ...]) -> str:
    up = [f"{d}" if p == 1 else f"{d}**{p:g}" for d, p in dims if p > 0]
    down = [f"{d}" if p == -1 else f"{d}**{-p:g}" for d, p in dims if p < 0]
    return " * ".join(up) + (" / " + " / ".join(down) if down else "")


@cache
def compiled() -> Mapping[str, Any]:
    """data/compiled.json: the knowledge files as one document, with pint's answers."""
    return data(DATA / "compiled.json")


@cache
def definitions() -> dict[str, Any]:
    """The unit definitions file, parsed (the source of compiled.json)."""
    import tomllib

    with (DATA / "units.toml").open("rb") as f:
        return tomllib.load(f)


def unit_entries() -> dict[str, dict]:
    """Every unit's names and symbols (from compiled.json)."""
    return compiled()["forms"]


def _unit_entries_from_source() -> dict[str, dict]:
    """Every unit of units.toml, with the SI-prefixed forms of ``si = true`` entries added."""
    raw = definitions()
    entries = {k: v for k, v in raw.items() if k not in RESERVED}
    out = dict(entries)
    for key, entry in entries.items():
        if not entry.get("si"):
            continue
        for sym, name in raw["si_prefixes"].items():
            pkey = name + key
            if pkey in out:
                continue
            out[pkey] = {
                "family": entry.get("family", key),
                "words": [name + w for w in entry.get("words", [])],
                "symbols": [sym + s for s in entry.get("symbols", [])],
            }
    return out


# ---- the fast path: pint's answers, kept in units.json --------------------------------


@cache
def table() -> dict[str, Unit]:
    """Every unit of the definitions, resolved (pint's answers, kept in compiled.json)."""
    data = compiled()
    return {
        key: Unit(
            key,
            tuple((d, float(p)) for d, p in row["dims"]),
            row["factor"],
            row.get("offset", 0.0),
            row.get("family", key),
        )
        for key, row in data["units"].items()
    }


_TOKEN = regex(r"\s*(?:(\*\*|\^)\s*(-?\d+(?:\.\d+)?)|([*/])|([A-Za-z_][A-Za-z_0-9]*))")


def _compose(expr: str) -> Unit | None:
    """Resolve 'a / b', 'a ** 2 / c', 'a * b' from table entries; None if a name is unknown."""
    units = table()
    dims: dict[str, float] = {}
    factor = 1.0
    sign = 1
    last: Unit | None = None
    pos = 0
    expr_s = expr.strip()
    while pos < len(expr_s):
        m = _TOKEN.match(expr_s, pos)
        if not m or m.end() == pos:
            return None
        pos = m.end()
        power, op, name = m.group(2), m.group(3), m.group(4)
        if name:
            last = units.get(name)
            if last is None or last.offset:
                return None
            for d, p in last.dims:
                dims[d] = dims.get(d, 0.0) + sign * p
            factor *= last.factor**sign
        elif op:
            sign = -1 if op == "/" else 1
        elif power is not None:
            if last is None:
                return None
            extra = float(power) - 1
            for d, p in last.dims:
                dims[d] = dims.get(d, 0.0) + sign * p * extra
            factor *= last.factor ** (sign * extra)
    clean = tuple(sorted((d, p) for d, p in dims.items() if p))
    return Unit(normalise(expr_s), clean, factor, family=normalise(expr_s))


def normalise(expr: str) -> str:
    """Write an expression the one way reports use: 'meter ** 3 / day'."""
    expr = regex(r"\s*\^\s*").sub(" ** ", expr)
    expr = regex(r"\s*(\*\*|\*|/)\s*").sub(lambda m: f" {m.group(1)} ", expr)
    return regex(r"\s+").sub(" ", expr).strip()


@cache
def resolve(expr: str) -> Unit:
    """The unit an expression names. Raises UnitError if neither the table nor pint knows it."""
    unit = table().get(expr) or _compose(expr)
    if unit is not None:
        return unit
    return _resolve_with_pint(expr)


def _resolve_with_pint(expr: str) -> Unit:
    ureg = registry()
    try:
        q = ureg.Quantity(1, expr)
        base = q.to_base_units()
        offset = ureg.Quantity(0, expr).to_base_units().magnitude if not q._ok_for_muldiv() else 0.0
    except Exception as exc:  # pint raises many kinds; all mean "not a unit"
        raise UnitError(expr, "is not a unit pint knows") from exc
    dims = tuple(sorted((d, float(p)) for d, p in base.dimensionality.items()))
    return Unit(expr, dims, float(base.magnitude) - offset, float(offset), expr)


def known(expr: str | None) -> bool:
    """Does verify know this unit (no unit is known: a count)? Never raises: a unit it
    does not know ("SEK" while units.toml lists no Swedish krona) makes a claim that
    cannot be judged, not a failure of the tool."""
    if not expr:
        return True
    try:
        resolve(expr)
    except UnitError:
        return False
    return True


def dimension(expr: str | None) -> str:
    """The dimensionality of a unit expression; "count" for no unit."""
    if not expr:
        return "count"
    return resolve(expr).dimension or "ratio:" + expr


def is_currency(expr: str | None) -> TypeGuard[str]:
    """Is this unit a currency verify knows (an ISO 4217 code of units.toml)? A unit it
    does not know is not one of its currencies."""
    return bool(expr) and known(expr) and dimension(expr).startswith("[currency_")


def is_points(expr: str | None) -> TypeGuard[str]:
    """Is this unit a difference of percentages (percentage points, basis points)? pint has
    no such unit: verify's units.toml defines them as a dimension of their own."""
    return bool(expr) and known(expr) and dimension(expr) == "[percentage_point]"


LARGEST = 1e100  # the largest size, in base units, a figure may have: any news figure is far smaller,
# and conversions of anything below it stay finite (factors lie within 1e-30..1e30)


def problem(value: float, expr: str | None, kind: str = "amount") -> str | None:
    """What is wrong with `value` as a figure in unit `expr` of `kind` (amount, fraction,
    multiplier, ordinal), in words for an error message; None when it makes sense: a
    finite number, no larger than LARGEST, a positive whole number for an ordinal, a
    positive ratio for a multiplier, a share between 0 and 1 for a fraction, no colder
    than absolute zero for a temperature. Raises UnitError for a unit verify does not know."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return f"{value!r} is not a finite number"
    if kind == "ordinal" and (value < 1 or value != int(value)):
        return f"{value:g} is not a rank (a whole number from 1)"
    if kind == "multiplier" and value <= 0:
        return f"{value:g} is not a multiple (a number above 0)"
    if kind == "fraction" and not 0 <= value <= 1:
        return f"{value:g} is not a share (from 0 to 1)"
    if not expr:
        return f"{value:g} is too large to be a figure" if abs(value) > LARGEST else None
    u = resolve(expr)
    base = value * u.factor + u.offset
    if not math.isfinite(base) or abs(base) > LARGEST:
        return f"{value:g} {expr} is too large to be a figure"
    if u.dims == (("[temperature]", 1.0),) and base < 0:  # in kelvin
        return f"{value:g} {expr} is below absolute zero"
    return None


def convert(value: float, src: str, dst: str) -> float:
    """Convert a magnitude between two compatible units (see `compatible`)."""
    if not compatible(src, dst):
        raise UnitError(src, f"cannot be converted to {dst}")
    a, b = resolve(src), resolve(dst)
    return (value * a.factor + a.offset - b.offset) / b.factor


def compatible(a: str | None, b: str | None) -> bool:
    """Can values in these two units be compared? No unit only matches no unit, and a
    dimensionless unit only itself: 40 percent is not 0.4 of anything in a news claim."""
    if not a or not b:
        return not a and not b
    if a == b:
        return True
    ua, ub = resolve(a), resolve(b)
    return ua.dims == ub.dims and (bool(ua.dims) or ua.family == ub.family)


# ---- the slow path and the generator: pint itself -------------------------------------


@cache
def registry():
    """A pint registry with verify's definitions. Built on first use only (~300 ms)."""
    import pint

    ureg: pint.UnitRegistry = pint.UnitRegistry()
    defs = definitions()["pint"]
    for code in defs["currencies"]:
        ureg.define(f"{code} = [currency_{code}]")
    for line in defs["definitions"]:
        ureg.define(line)
    ureg.define("GBP_penny = 0.01 * GBP")
    ureg.define("US_cent = 0.01 * USD")
    return ureg


def generate() -> dict:
    """The contents of compiled.json: the knowledge files, and every unit resolved by pint."""
    import tomllib

    ureg = registry()
    rows = {}
    forms = _unit_entries_from_source()
    for key, entry in sorted(forms.items()):
        if "as" in entry:
            continue  # an alias: its values are converted when read (decade -> year)
        q = ureg.Quantity(1, key)
        base = q.to_base_units()
        offset = 0.0
        if not q._ok_for_muldiv():
            offset = float(ureg.Quantity(0, key).to_base_units().magnitude)
        factor = float(base.magnitude) - offset
        rows[key] = {
            "dims": sorted([d, float(p)] for d, p in base.dimensionality.items()),
            "factor": float(f"{factor:.15g}"),
            **({"offset": float(f"{offset:.15g}")} if offset else {}),
            **({"family": entry.get("family", key)} if not base.dimensionality else {}),
        }
    with (DATA / "language.toml").open("rb") as f:
        language = tomllib.load(f)
    with (DATA / "verdicts.toml").open("rb") as f:
        verdicts = tomllib.load(f)
    return {
        "_about": "Generated by `python -m verify.knowledge.units` from units.toml, language.toml and verdicts.toml, "
        "with pint; do not edit.",
        "units": rows,
        "forms": forms,
        "language": language,
        "verdicts": verdicts,
    }


def write_table() -> str:
    path = DATA / "compiled.json"
    text = json.dumps(generate(), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    with open(str(path), "w", encoding="utf-8") as f:
        f.write(text)
    return str(path)


if __name__ == "__main__":
    print("wrote", write_table())


def dimension_key(q) -> str:
    """What a quantity's value can be compared with: its kind, "count" for an amount of
    no unit, else its unit's dimension ("[length]", "[currency_CNY]")."""
    if q.kind != "amount":
        return q.kind
    if not q.unit:
        return "count"
    return dimension(q.unit)


def normalised(q) -> float | None:
    """A quantity's value in its dimension's base unit (a count or a kind other than an
    amount as it is), for finding figures by value."""
    if q.kind != "amount" or not q.unit:
        return q.value
    u = resolve(q.unit)
    return q.value * u.factor + u.offset
