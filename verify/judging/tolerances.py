"""Tolerances: how sure verify must be before it calls a claim supported or contradicted.

One frozen record, built once from the defaults in data/verdicts.toml (which says what
each means and its range), a configuration file's `[tolerances]` and a caller's own,
checked here and nowhere else, then passed down as a keyword argument:

    t = tolerances({"rounding_cap": 0.02}, where="verify.toml tolerances")
    check(doc, store, tolerances=t)      # api -> align, judging, deriving

A value outside its range (RANGES), or no finite number (nan, inf, 1e308), would
quietly switch off contradictions: it is refused with a UsageError.
"""

import math
from collections.abc import Mapping
from functools import cache
from typing import NamedTuple

from ..errors import UsageError


class Tolerances(NamedTuple):
    """The tolerances of data/verdicts.toml (one field for each, the same names)."""

    match: float  # word score (0-100) at which metric words the glossary does not name are the claim's
    agree: float  # a lower word score at which they are, when the figure's value bears the claim out
    near: float  # figures within this many points of the best score are weighed together
    word_alike: float  # rapidfuzz ratio (0-100) at which two words are one ("provincial", "province")
    name_alike: float  # rapidfuzz ratio at which two names verify does not know are one entity's
    rounding_cap: float  # most of its value, either side, a claim's own rounding covers (a fraction)
    multiplier_step: float  # the step a multiplier word ("doubled") is read as rounded to
    hedge_reach: float  # times its bound a hedged claim ("more than 3 million") reaches, and no further


# the sensible range of each (data/verdicts.toml gives each one's next to it, and
# tests/adapters/test_doors.py holds the two to each other)
RANGES = {
    "match": (0.0, 101.0),  # word scores run 0-100; 101 is one no words reach
    "agree": (0.0, 101.0),
    "near": (0.0, 100.0),
    "word_alike": (0.0, 101.0),  # 101: only words spelt the same are one
    "name_alike": (0.0, 101.0),
    "rounding_cap": (0.0, 0.5),  # a fraction of the claim's value, either side
    "multiplier_step": (0.0, 10.0),
    "hedge_reach": (1.0, 1000.0),  # times the hedged bound
}


@cache
def defaults() -> Tolerances:
    """data/verdicts.toml (as compiled.json holds it)."""
    from ..knowledge.units import compiled

    return Tolerances(**{k: float(v) for table in compiled()["verdicts"].values() for k, v in table.items()})


def tolerances(overrides: Mapping[str, object] | Tolerances | None = None, *, where: str = "tolerances") -> Tolerances:
    """The defaults with `overrides` in place of some, each checked: a known name, a
    finite number within its range (RANGES). A Tolerances record is taken as it is (it was
    checked when it was made). Raises UsageError, naming `where`."""
    if isinstance(overrides, Tolerances):
        return overrides
    if not overrides:
        return defaults()
    checked: dict[str, float] = {}
    for key, value in overrides.items():
        if key not in Tolerances._fields:
            raise UsageError(
                f"unknown tolerance {key!r}",
                where=where,
                fix=f"use one of {', '.join(sorted(RANGES))} (verify/data/verdicts.toml)",
            )
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < math.inf:
            raise UsageError(
                f"tolerance {key!r} must be a number of at least 0, not {value!r}",
                where=where,
                fix="see verify/data/verdicts.toml for what each means",
            )
        lo, hi = RANGES[key]
        if not (math.isfinite(value) and lo <= value <= hi):
            raise UsageError(
                f"tolerance {key!r} is {value!r}, not a number from {lo:g} to {hi:g}",
                where=where,
                fix="see verify/data/verdicts.toml for what each means and its range",
            )
        checked[key] = float(value)
    return defaults()._replace(**checked)
