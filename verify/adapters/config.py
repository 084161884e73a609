"""Configuration: `[tool.verify]` in pyproject.toml, or a verify.toml, nearest first.

    [tool.verify]                    # or, in verify.toml, the same keys at the top level
    store = "newsroom.db"            # relative to the file it is written in
    fail-on = "unknown"              # contradicted | unknown | never
    format = "text"                  # text | json | sarif | github | markdown | html

    [tool.verify.tolerances]         # any of data/verdicts.toml (verify.judging.tolerances): match,
    rounding_cap = 0.02              # agree, near, word_alike, name_alike, rounding_cap, ...

The search starts in the current directory and goes up; the first directory holding a
verify.toml, or a pyproject.toml with a [tool.verify] table, wins (verify.toml first).
Options on the command line override what the file says. `verify check` and `verify
serve` read the same file, so a verify.toml changes both alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError
from ..judging.tolerances import Tolerances, defaults, tolerances

# what each --fail-on policy fails on
FAILING = {"contradicted": ("contradicted",), "unknown": ("contradicted", "unknown"), "never": ()}
FAIL_ON = tuple(FAILING)
KEYS = ("store", "fail-on", "format", "tolerances", "claimreview")
CLAIMREVIEW_KEYS = ("author", "url")  # [claimreview]: who publishes the reviews, and on which page


@dataclass(frozen=True)
class Config:
    path: Path | None = None  # the file it was read from; None for the defaults
    store: Path | None = None  # the store to check against (relative paths: to the file's folder)
    fail_on: str = "contradicted"  # a FAIL_ON policy
    format: str = "text"  # a report format of verify.reporting.formats.FORMATS
    tolerances: Tolerances = field(default_factory=defaults)  # the defaults with the file's [tolerances], checked
    claimreview: dict[str, str] = field(default_factory=dict)  # [claimreview]: author and url of --format claimreview


def fails(policy: str, reports) -> bool:
    """Does a run with these reports fail under this --fail-on policy? Suppressed claims never do."""
    return any(r.count(verdict) for r in reports for verdict in FAILING[policy])


def find(start: Path) -> tuple[Path, dict] | None:
    """The nearest configuration file at or above `start`, and what it says."""
    for folder in (start, *start.parents):
        own = folder / "verify.toml"
        if own.is_file():
            return own, _read(own)
        project = folder / "pyproject.toml"
        if project.is_file() and _mentions_verify(project):
            data = _read(project)
            if "verify" in data.get("tool", {}):
                return project, data
    return None


def load(path: Path | None = None, *, start: Path | None = None) -> Config:
    """The configuration in `path`, or in the nearest file above `start` (default: the
    current directory); the defaults when there is none."""
    from ..reporting.formats import FORMATS

    found = (path, _read(path)) if path else find((start or Path.cwd()).resolve())
    if found is None:
        return Config()
    path, data = found
    table = data.get("tool", {}).get("verify", {}) if path.name == "pyproject.toml" else data
    where = f"{path} [tool.verify]" if path.name == "pyproject.toml" else str(path)
    for key in table:
        if key not in KEYS:
            raise UsageError(f"unknown setting {key!r}", where=where, fix=f"use {', '.join(KEYS)}")
    store = table.get("store")
    if store is not None and not isinstance(store, str):
        raise UsageError("store must be a path in quotes", where=where, fix='write store = "newsroom.db"')
    fail_on = table.get("fail-on", "contradicted")
    if fail_on not in FAIL_ON:
        raise UsageError(
            f"fail-on {fail_on!r} is not one of {', '.join(FAIL_ON)}", where=where, fix='write fail-on = "contradicted"'
        )
    fmt = table.get("format", "text")
    if fmt not in FORMATS:
        raise UsageError(f"format {fmt!r} is not one of {', '.join(FORMATS)}", where=where, fix='write format = "text"')
    tol = table.get("tolerances", {})
    if not isinstance(tol, dict):
        raise UsageError(
            "tolerances must be a table", where=where, fix="write [tool.verify.tolerances] or [tolerances]"
        )
    review = table.get("claimreview", {})
    if not isinstance(review, dict) or any(
        k not in CLAIMREVIEW_KEYS or not isinstance(v, str) or not v.strip() for k, v in review.items()
    ):
        raise UsageError(
            "claimreview must be a table of author and url, each a string",
            where=where,
            fix='write [claimreview] author = "Riverton Daily" and url = "https://..."',
        )
    return Config(
        path,
        (path.parent / store) if store else None,
        fail_on,
        fmt,
        tolerances(tol, where=f"{where} tolerances"),  # fails now, with the file's name, if a value is wrong
        dict(review),
    )


def _mentions_verify(path: Path) -> bool:
    """A cheap look before parsing: most pyproject.toml files have no [tool.verify] table
    (verify's own names itself "verify", and parsing TOML costs ~8 ms a run)."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return b"tool.verify" in data or b"[tool]" in data and b"verify" in data


def _read(path: Path) -> dict:
    import tomllib

    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"is not valid TOML ({exc})", where=str(path), fix="correct the file's syntax") from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"is not UTF-8 text (byte {exc.start})", where=str(path), fix="save it as UTF-8") from None
    except OSError as exc:
        raise UsageError(f"cannot be read ({exc.strerror})", where=str(path), fix="check the path") from None
