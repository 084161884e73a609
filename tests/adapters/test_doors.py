"""Hostile input at every door (issue 15): the CLI, the server, the config file, the
review commands and the library itself.

What verify promises, whatever it is given: bad input is one line on stderr, what,
where and how to fix it, exit 2 (an HTTP 4xx over the server), never a traceback;
nothing in the store is lost or half-written; a claim verify cannot judge is unknown
with a reason, never a failure of the tool; every report it writes is valid JSON
that passes its own schema.
"""

from __future__ import annotations

import json
import math
import os
import stat
import sys
from pathlib import Path

import pytest
from helpers import SCHEMA, strict_json, valid_report

from verify.adapters.cli import main
from verify.judging.align import compare
from verify.judging.tolerances import defaults
from verify.knowledge import units
from verify.models import Quantity
from verify.reading import dates
from verify.reporting.report import REASONS

ROOT = Path(__file__).resolve().parents[2]

BULLETIN = """Riverton Statistical Bulletin 2023
Published 2024-02-01

Riverton's exports reached 52.3 billion yuan in 2023.

Riverton's imports grew 12.5 percent in 2023.

Riverton's population was 2.1 million at the end of 2023.
"""

POISONED = """Riverton Statistical Bulletin 2023
Published 2024-02-01

Riverton's exports reached 1e400 yuan in 2023.

Riverton's imports grew 1e400 percent in 2023.

Riverton's retail sales reached 1e400 yuan in 2012.

Riverton's retail sales reached 52.3 billion yuan in 2023.
"""


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(code: int, out: str, err: str, *words: str) -> None:
    assert code == 2 and out == "" and err.count("\n") == 1 and err.startswith("verify: error: "), (code, out, err)
    assert "Traceback" not in err and "internal error" not in err, err
    for w in words:
        assert w in err, err


@pytest.fixture
def desk(tmp_path, capsys):
    """A store holding the bulletin."""
    src = tmp_path / "bulletin.txt"
    src.write_text(BULLETIN, encoding="utf-8")
    store = tmp_path / "desk.db"
    assert run(capsys, "ingest", src, "--store", store)[0] == 0
    return store


def poison(store: Path, text: str = POISONED) -> None:
    """Write a source whose figures include 1e400 (read as infinity) into `store`, as an
    older verify did: ingest now refuses such a source, a store may still hold one."""
    from verify.store.db import Store
    from verify.store.ingest import read, write

    with Store.open(store, create=True) as st, st.transaction():
        write(st, read(text, path="poisoned.txt", strict=False))


@pytest.fixture
def poisoned(tmp_path):
    """A store an older verify filled from a source that writes 1e400."""
    store = tmp_path / "poisoned.db"
    poison(store)
    return store


@pytest.mark.parametrize("figure", ["1e400 yuan", "1e400 percent"])
def test_ingest_refuses_a_figure_that_is_no_finite_number(tmp_path, capsys, figure):
    """The source is refused whole, naming the figure and its line; no store is made."""
    src = tmp_path / "poisoned.txt"
    src.write_text(
        BULLETIN.replace("52.3 billion yuan" if "yuan" in figure else "12.5 percent", figure), encoding="utf-8"
    )
    store = tmp_path / "new.db"
    code, out, err = run(capsys, "ingest", src, "--store", store)
    line = 4 if "yuan" in figure else 6
    one_line_error(code, out, err, f"{src}:{line}", f"figure '{figure}' is not a finite number")
    assert not store.exists()


def draft(tmp_path, text: str, name: str = "draft.md") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def check(capsys, path, *args) -> dict:
    code, out, err = run(capsys, "check", path, "--format", "json", "--fail-on", "never", *args)
    assert code == 0, err
    return valid_report(out)


def export(capsys, store) -> str:
    code, out, _ = run(capsys, "export", "--store", store)
    assert code == 0
    return out


def figure_ids(capsys, store) -> dict[str, int]:
    code, out, _ = run(capsys, "figures", "--store", store, "--format", "json")
    assert code == 0
    return {f["text"]: f["id"] for f in strict_json(out)["figures"]}


# ---- 1. an error that still writes ------------------------------------------------------


@pytest.mark.parametrize(
    "figure,value,problem",
    [
        ("12.5 percent", "3.22 trillion yuan", "cannot stand for figure"),
        ("2.1 million", "5 km", "cannot stand for figure"),
        ("52.3 billion yuan", "41%", "cannot stand for figure"),
        ("52.3 billion yuan", "1e400 yuan", "not a finite number"),
    ],
    ids=["yuan-for-percent", "km-for-count", "percent-for-yuan", "infinite-yuan"],
)
def test_a_correction_that_cannot_stand_is_refused_before_anything_is_written(desk, capsys, figure, value, problem):
    before = export(capsys, desk)
    fid = figure_ids(capsys, desk)[figure]
    one_line_error(*run(capsys, "correct", fid, value, "--store", desk), problem, "the corrected value")
    assert export(capsys, desk) == before
    code, out, err = run(capsys, "figures", "--store", desk)  # and the store still lists
    assert code == 0 and err == "" and "corrected" not in out


def test_a_correction_in_the_figures_unit_still_applies(desk, capsys):
    fid = figure_ids(capsys, desk)["12.5 percent"]
    code, out, _ = run(capsys, "correct", fid, "13.5 percent", "--store", desk)
    assert code == 0 and "12.5 percent -> 13.5 percent" in out


def test_import_refuses_a_unit_of_another_kind_and_writes_nothing(desk, capsys, tmp_path):
    lines = [json.loads(x) for x in export(capsys, desk).splitlines()]
    lines[0].update(value=52.8e9)  # a good edit first: all or nothing
    lines[1].update(unit="CNY", value=3.22e12)  # the percent figure, in yuan
    edited = draft(tmp_path, "".join(json.dumps(x) + "\n" for x in lines), "figures.jsonl")
    before = export(capsys, desk)
    one_line_error(*run(capsys, "import", edited, "--store", desk), "figures.jsonl:2", "cannot stand for figure")
    assert export(capsys, desk) == before


@pytest.mark.parametrize(
    "edit,problem",
    [
        ({"step": -1}, "step -1 is not"),
        ({"step": 0}, "step 0 is not above 0"),
        ({"hedge": "roughly-ish"}, "hedge 'roughly-ish' is not one verify knows"),
        ({"subject": "  "}, "subject is empty"),
        ({"source": ""}, "source is empty"),
        ({"vaule": 52.8e9}, "unknown field 'vaule'"),
        ({"unit": "SEK"}, "unit 'SEK' is not one verify knows"),
        ({"unit": "CNY", "value": 5.0}, "cannot stand for figure"),
        ({"value": -5.0, "unit": "degree_Celsius"}, "cannot stand for figure"),
    ],
    ids=[
        "negative-step",
        "zero-step",
        "unknown-hedge",
        "empty-subject",
        "empty-source",
        "misspelt-key",
        "unknown-unit",
        "yuan-for-percent",
        "celsius-for-percent",
    ],
)
def test_import_refuses_edits_that_make_no_sense(desk, capsys, tmp_path, edit, problem):
    lines = [json.loads(x) for x in export(capsys, desk).splitlines()]
    lines[0].update(value=52.8e9)
    lines[1].update(edit)
    edited = draft(tmp_path, "".join(json.dumps(x) + "\n" for x in lines), "figures.jsonl")
    before = export(capsys, desk)
    one_line_error(*run(capsys, "import", edited, "--store", desk), "figures.jsonl:2", problem)
    assert export(capsys, desk) == before


@pytest.mark.parametrize("value", ["1e400", "Infinity", "NaN", "-Infinity"])
def test_import_refuses_a_value_that_is_no_finite_number(desk, capsys, tmp_path, value):
    line = export(capsys, desk).splitlines()[0]
    edited = draft(
        tmp_path, json.dumps(json.loads(line) | {"value": 0}).replace(": 0,", f": {value},", 1) + "\n", "figures.jsonl"
    )
    assert f'"value": {value}' in edited.read_text(encoding="utf-8")
    one_line_error(*run(capsys, "import", edited, "--store", desk), "figures.jsonl:1", "not a finite number")


# ---- 2. poisoned values -----------------------------------------------------------------


def test_an_infinite_figure_supports_nothing_and_contradicts_nothing(poisoned, capsys, tmp_path):
    d = draft(
        tmp_path,
        "---\ndate: 2024-05-28\n---\n"
        "Riverton's exports reached 5 billion yuan in 2023.\n\n"
        "Riverton's imports grew 5 percent in 2023.\n\n"
        "Riverton's retail sales doubled between 2012 and 2023.\n",
    )
    claims = check(capsys, d, "--store", poisoned)["claims"]
    assert [c["verdict"] for c in claims] == ["unknown", "unknown", "unknown"]
    assert [c["reason"] for c in claims[:2]] == ["value_not_finite", "value_not_finite"]
    assert "infinity" in claims[0]["message"] and claims[0]["evidence"]["value"] is None


def test_an_infinite_claim_is_unknown_with_a_reason(desk, capsys, tmp_path):
    d = draft(tmp_path, "---\ndate: 2024-05-28\n---\nRiverton's exports reached 1e400 yuan in 2023.\n")
    claim = check(capsys, d, "--store", desk)["claims"][0]
    assert (claim["verdict"], claim["reason"], claim["value"]) == ("unknown", "value_not_finite", None)


@pytest.mark.parametrize(
    "claim,figure",
    [
        (5e9, math.inf),
        (math.inf, 5e9),
        (math.inf, math.inf),
        (-math.inf, 5e9),
        (math.nan, 5e9),
        (5e9, math.nan),
    ],
    ids=["figure-inf", "claim-inf", "both-inf", "claim-minus-inf", "claim-nan", "figure-nan"],
)
def test_compare_never_decides_on_a_value_that_is_no_number(claim, figure):
    q = lambda v: Quantity(0, 1, "x", v, "CNY", step=1e8)  # noqa: E731
    t = defaults()
    assert compare(q(claim), q(figure), rounding_cap=t.rounding_cap, hedge_reach=t.hedge_reach) == "ambiguous"


def test_listings_and_exports_of_an_infinite_figure_are_json(poisoned, capsys, tmp_path):
    code, out, _ = run(capsys, "figures", "--store", poisoned, "--format", "json")
    assert code == 0 and None in [f["value"] for f in strict_json(out)["figures"]]
    exported = export(capsys, poisoned)
    lines = [strict_json(x) for x in exported.splitlines()]
    assert lines[0]["value"] is None
    unchanged = draft(tmp_path, exported, "figures.jsonl")  # an export imports back as it is
    code, out, err = run(capsys, "import", unchanged, "--store", poisoned)
    assert code == 0 and out.endswith("4 unchanged\n"), err
    lines[0]["value"] = 5.2e9  # and null can be corrected to a number
    unchanged.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    code, out, err = run(capsys, "import", unchanged, "--store", poisoned)
    assert code == 0 and "1 corrected" in out, err


def test_extract_writes_an_infinite_value_as_null(capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Exports reached 1e400 yuan.")))
    code, out, _ = run(capsys, "extract", "-", "--format", "json")
    assert code == 0 and strict_json(out)["quantities"][0]["value"] is None


@pytest.mark.parametrize(
    "value,unit,kind,problem",
    [
        (math.inf, "CNY", "amount", "not a finite number"),
        (math.nan, None, "amount", "not a finite number"),
        (1e300, "kilometer", "amount", "too large"),
        (-300.0, "degree_Celsius", "amount", "below absolute zero"),
        (2.5, None, "ordinal", "not a rank"),
        (0.0, None, "multiplier", "not a multiple"),
        (1.4, None, "fraction", "not a share"),
        (5.2e9, "CNY", "amount", None),
        (-3.5, "percent", "amount", None),
        (-40.0, "degree_Celsius", "amount", None),
    ],
    ids=[
        "inf",
        "nan",
        "huge",
        "below-absolute-zero",
        "half-rank",
        "zero-multiple",
        "share-over-one",
        "yuan",
        "negative-percent",
        "cold",
    ],
)
def test_a_value_must_make_sense_in_its_unit(value, unit, kind, problem):
    found = units.problem(value, unit, kind)
    assert (found is None) if problem is None else (problem in found)


# ---- 3. tolerances ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "setting",
    [
        "rounding_cap = nan",
        "rounding_cap = inf",
        "hedge_reach = 1e308",
        "match = -inf",
        "rounding_cap = 0.9",
        "hedge_reach = 0.5",
        "near = 1000",
    ],
)
def test_a_tolerance_out_of_its_range_is_refused(capsys, tmp_path, monkeypatch, setting):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "verify.toml").write_text(f"[tolerances]\n{setting}\n", encoding="utf-8")
    d = draft(tmp_path, "Exports reached 5 billion yuan in 2023.\n")
    one_line_error(*run(capsys, "check", d), "verify.toml tolerances", setting.split()[0], "verdicts.toml")


def test_each_tolerances_range_is_documented_next_to_it():
    import re

    from verify.judging.tolerances import RANGES, Tolerances, defaults

    text = (ROOT / "verify" / "data" / "verdicts.toml").read_text(encoding="utf-8")
    documented = {
        key: (float(lo), float(hi)) for lo, hi, key in re.findall(r"# range: ([\d.]+)-([\d.]+)[^\n]*\n(\w+) =", text)
    }
    assert documented == RANGES and set(RANGES) == set(Tolerances._fields)
    assert all(lo <= getattr(defaults(), k) <= hi for k, (lo, hi) in RANGES.items())


def test_a_library_call_with_a_tolerance_out_of_range_is_refused(desk):
    from verify.api import check as run_check
    from verify.errors import UsageError
    from verify.reading.document import parse
    from verify.store.db import Store

    with Store.open(desk) as st, pytest.raises(UsageError, match="rounding_cap"):
        run_check(parse("Exports reached 5 billion yuan."), st, tolerances={"rounding_cap": math.nan})


# ---- 4. units and currencies verify does not know ----------------------------------------


def test_a_currency_verify_does_not_know_is_unknown_not_a_failure(desk, capsys, tmp_path):
    d = draft(
        tmp_path,
        "---\ndate: 2024-05-28\n---\nRiverton invested 30 MSEK in 2023.\n\n"
        "Riverton's exports reached 120 MNOK in 2023.\n\n"
        "Riverton's exports reached 52.3 billion yuan in 2023.\n",
    )
    code, out, err = run(capsys, "check", d, "--store", desk)  # the text report, and exit 0: nothing contradicted
    assert code == 0 and err == "" and "verify does not know the unit 'SEK'" in out
    claims = check(capsys, d, "--store", desk)["claims"]
    assert [(c["verdict"], c["reason"]) for c in claims] == [
        ("unknown", "unit_unknown"),
        ("unknown", "unit_unknown"),
        ("supported", None),
    ]


def test_unit_helpers_never_raise_for_a_unit_verify_does_not_know():
    assert not units.known("SEK") and units.known("CNY") and units.known(None)
    assert not units.is_currency("SEK") and units.is_currency("USD")


def test_every_reason_is_in_the_schema():
    enum = SCHEMA["$defs"]["claim"]["properties"]["reason"]["enum"]
    assert set(enum) == set(REASONS) | {None}


# ---- 5. honest messages and dates -------------------------------------------------------


def test_a_settings_file_that_is_not_utf8_is_named(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "verify.toml").write_bytes(b'fail-on = "never"\n# caf\xe9\n')
    d = draft(tmp_path, "Exports reached 5 billion yuan.\n")
    one_line_error(*run(capsys, "check", d), "verify.toml: is not UTF-8 text (byte 23)", "save it as UTF-8")


NORMALISED = [
    ("2024-05-28", "2024-05-28"),
    ("20240528", "2024-05-28"),
    ("2024-05-28T10:00:00+08:00", "2024-05-28"),
    ("2024-05-28 10:00:00 +0800", "2024-05-28"),
    ("2024-05-28T10:00Z", "2024-05-28"),
    ("2024-W22-2", "2024-05-28"),
    ("2024-149", "2024-05-28"),
    ("2024-05", "2024-05"),
    ("2024", "2024"),
    ("2024/05/28", "2024-05-28"),
    ("May 28, 2024", "2024-05-28"),
    ("May 28th, 2024", "2024-05-28"),
    ("Tuesday, May 28, 2024", "2024-05-28"),
    ("28 May 2024", "2024-05-28"),
    ("28th of May, 2024", "2024-05-28"),
    ("Sept. 3, 2024", "2024-09-03"),
    ("2024年5月28日", "2024-05-28"),
    ("２０２４年５月２８日", "2024-05-28"),
    ("TBD", None),
    ("", None),
    ("05/28/2024", None),
    ("2024-05-28 evening", None),
]


@pytest.mark.parametrize("written,day", NORMALISED, ids=[w or "empty" for w, _ in NORMALISED])
def test_dates_are_read_in_every_common_form(written, day):
    assert dates.normalise(written) == day


IMPOSSIBLE = [
    "2024-13-45",
    "9999-99-99",
    "February 30, 2024",
    "2023-02-29",
    "0000-01-01",
    "2024-05-28T25:00",
    "2023-366",
    "May 32, 2024",
]


@pytest.mark.parametrize("written", IMPOSSIBLE)
def test_impossible_dates_are_refused(written):
    with pytest.raises(dates.Impossible):
        dates.normalise(written)


@pytest.mark.parametrize("value", ["2024-13-45", "9999-99-99", "yesterday"])
def test_an_impossible_date_option_is_a_one_line_error(desk, capsys, tmp_path, value):
    d = draft(tmp_path, "Riverton's exports reached 52.3 billion yuan last year.\n")
    one_line_error(
        *run(capsys, "check", d, "--store", desk, "--date", value), f"--date {value!r} is not a date", "YYYY-MM-DD"
    )
    src = draft(tmp_path, BULLETIN, "bulletin.txt")  # ingest takes the same --date
    one_line_error(*run(capsys, "ingest", src, "--store", desk, "--date", value), "--date")


@pytest.mark.parametrize("written", ["2024-05-28T10:00:00+08:00", "May 28th, 2024", "28 May 2024", "2024年5月28日"])
def test_a_front_matter_date_as_written_resolves_last_year(desk, capsys, tmp_path, written):
    d = draft(tmp_path, f"---\ndate: {written}\n---\nRiverton's exports reached 52.3 billion yuan last year.\n")
    report = check(capsys, d, "--store", desk)
    assert report["drafts"][0]["date"] == "2024-05-28" and "warnings" not in report["drafts"][0]
    assert report["claims"][0]["period"]["start"] == 2023 and report["claims"][0]["verdict"] == "supported"


def test_the_date_option_reads_written_forms_too(desk, capsys, tmp_path):
    d = draft(tmp_path, "Riverton's exports reached 52.3 billion yuan last year.\n")
    report = check(capsys, d, "--store", desk, "--date", "May 28, 2024")
    assert report["drafts"][0]["date"] == "2024-05-28" and report["claims"][0]["period"]["start"] == 2023


def test_an_impossible_front_matter_date_names_the_draft_and_line(desk, capsys, tmp_path):
    d = draft(tmp_path, "---\ntitle: x\ndate: 2024-13-45\n---\nExports reached 5 billion yuan last year.\n")
    one_line_error(
        *run(capsys, "check", d, "--store", desk),
        f"{d}:3: the front matter's date '2024-13-45'",
        "there is no month 13",
    )


@pytest.mark.parametrize("front", ["", "---\ndate: TBD\n---\n", '---\ndate: ""\n---\n'], ids=["none", "tbd", "empty"])
def test_a_draft_without_a_usable_date_is_reported_once(desk, capsys, tmp_path, front):
    d = draft(tmp_path, front + "Riverton's exports reached 52.3 billion yuan last year.\n\nImports grew 5%.\n")
    report = check(capsys, d, "--store", desk)
    entry = report["drafts"][0]
    assert entry["date"] is None and len(entry["warnings"]) == 1 and "last year" in entry["warnings"][0]
    code, out, err = run(capsys, "check", d, "--store", desk, "--fail-on", "never")
    assert code == 0 and out.count("warning: no date") == 1 and err == ""


# ---- 6. small items ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url,linked",
    [
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<b>x</b>", False),
        ("file:///etc/passwd", False),
        ("https://example.org/release", True),
        ("http://example.org/a?b=1&c=2", True),
    ],
)
def test_the_html_report_links_only_to_web_pages(url, linked):
    from verify.models import Figure, Frame, Mention, Source
    from verify.reporting.html import _figure

    source = Source(1, "s.txt", "Bulletin", "Stats office", "2024-02-01", url=url)
    q = Quantity(0, 5, "5 yuan", 5.0, "CNY")
    fig = Figure(1, source, Mention(q, "It was 5 yuan.", Frame(None, "yuan"), line=1, column=1), "It was 5 yuan.")
    html = _figure(fig)
    assert ("href=" in html) == linked  # the address is still shown, as text


def test_report_and_export_files_follow_the_umask(desk, capsys, tmp_path):
    old = os.umask(0o022)
    try:
        d = draft(tmp_path, "---\ndate: 2024-05-28\n---\nRiverton's exports reached 52.3 billion yuan in 2023.\n")
        report, exported = tmp_path / "out" / "report.json", tmp_path / "out" / "figures.jsonl"
        assert run(capsys, "check", d, "--store", desk, "-f", "json", "-o", report)[0] == 0
        assert run(capsys, "export", "--store", desk, "-o", exported)[0] == 0
        assert stat.S_IMODE(report.stat().st_mode) == stat.S_IMODE(exported.stat().st_mode) == 0o644
    finally:
        os.umask(old)


DRAFT = "---\ndate: 2024-05-28\n---\nRiverton's exports reached 52.3 billion yuan in 2023.\n\nImports grew 12.5%.\n"
ENCODINGS = {
    "utf8": DRAFT.encode("utf-8"),
    "utf8-bom": b"\xef\xbb\xbf" + DRAFT.encode("utf-8"),
    "cr-only": DRAFT.replace("\n", "\r").encode("utf-8"),
    "crlf-bom": b"\xef\xbb\xbf" + DRAFT.replace("\n", "\r\n").encode("utf-8"),
    "utf16-le-bom": DRAFT.encode("utf-16"),  # Python writes the BOM, little-endian
    "utf16-be-bom": b"\xfe\xff" + DRAFT.encode("utf-16-be"),
    "utf32-bom": DRAFT.encode("utf-32"),
}


@pytest.mark.parametrize("name", list(ENCODINGS), ids=list(ENCODINGS))
def test_a_draft_reads_alike_whatever_its_encoding_and_line_ends(desk, capsys, tmp_path, name):
    plain = draft(tmp_path, DRAFT, "plain.md")
    other = tmp_path / "draft.md"
    other.write_bytes(ENCODINGS[name])
    want = check(capsys, plain, "--store", desk)
    got = check(capsys, other, "--store", desk)
    assert [(c["line"], c["column"], c["text"], c["verdict"]) for c in got["claims"]] == [
        (c["line"], c["column"], c["text"], c["verdict"]) for c in want["claims"]
    ]
    assert got["drafts"][0]["date"] == "2024-05-28"


def test_decode_takes_text_as_the_server_receives_it():
    from verify.reading.document import decode

    assert decode("\ufeffa\rb\r\nc", where="x") == "a\nb\nc"
    assert decode("\ufeffa\rb\r\nc".encode("utf-8"), where="x") == "a\nb\nc"


@pytest.mark.parametrize(
    "text",
    [
        "See example.com/page?x=%0A for details.\n",
        "Tables at stats.gov.cn/sj/zxfb/202402/t20240228 and www.example.org/2024.\n",
        "Write to desk@example.com or see https://example.com/a?b=2%20c.\n",
    ],
    ids=["bare-domain-percent-escape", "bare-domain-path-digits", "address-and-url"],
)
def test_an_address_is_no_claim(capsys, tmp_path, text):
    d = draft(tmp_path, text)
    assert check(capsys, d)["claims"] == []


def test_a_number_next_to_an_address_is_still_a_claim(capsys, tmp_path):
    d = draft(tmp_path, "According to stats.gov.cn, output grew 5.2% in 2023.\n")
    assert [c["text"] for c in check(capsys, d)["claims"]] == ["5.2%"]


# ---- over HTTP ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def http(tmp_path_factory):
    """verify serve over a store that holds an infinite figure and the bulletin."""
    from helpers import server

    folder = tmp_path_factory.mktemp("doors")
    store = folder / "store.db"
    (folder / "bulletin.txt").write_text(BULLETIN.replace("exports", "wages"), encoding="utf-8")
    poison(store)
    assert main(["ingest", str(folder / "bulletin.txt"), "--store", str(store)]) == 0
    with server("--store", str(store)) as url:
        yield url


def post_check(url: str, text: str, **fields):
    from helpers import call

    status, _, body = call(url + "/v1/check", "POST", {"text": text, **fields})
    return status, body


def test_http_an_infinite_figure_decides_nothing_and_the_report_is_json(http):
    status, body = post_check(
        http,
        "Riverton's exports reached 5 billion yuan in 2023.\n\nRiverton's exports reached 1e400 yuan in 2023.",
        date="2024-05-28",
    )
    report = valid_report(body.decode())
    assert status == 200 and [c["reason"] for c in report["claims"]] == ["value_not_finite", "value_not_finite"]


def test_http_figures_of_an_infinite_value_are_json(http):
    from helpers import call

    status, _, body = call(http + "/v1/figures?q=exports")
    assert status == 200 and None in [f["value"] for f in strict_json(body.decode())["figures"]]


def test_http_a_currency_verify_does_not_know_is_unknown(http):
    status, body = post_check(http, "Riverton invested 30 MSEK in 2023.", date="2024-05-28")
    report = valid_report(body.decode())
    assert status == 200 and report["claims"][0]["reason"] == "unit_unknown"


@pytest.mark.parametrize("date", ["2024-13-45", "9999-99-99"])
def test_http_an_impossible_date_is_a_400(http, date):
    status, body = post_check(http, "Riverton's wages reached 52.3 billion yuan last year.", date=date)
    error = json.loads(body)["error"]
    assert status == 400 and "is not a date that exists" in error["message"]


def test_http_a_front_matter_date_as_written_resolves_last_year(http):
    status, body = post_check(
        http, "---\ndate: May 28th, 2024\n---\nRiverton's wages reached 52.3 billion yuan last year.\n"
    )
    report = valid_report(body.decode())
    assert status == 200 and report["drafts"][0]["date"] == "2024-05-28"
    assert report["claims"][0]["verdict"] == "supported"


@pytest.mark.parametrize(
    "text",
    [
        "\ufeff---\ndate: 2024-05-28\n---\nRiverton's wages reached 52.3 billion yuan in 2023.",
        "---\rdate: 2024-05-28\r---\rRiverton's wages reached 52.3 billion yuan in 2023.\r",
    ],
    ids=["bom", "cr-only"],
)
def test_http_reads_a_draft_as_the_cli_does(http, text):
    status, body = post_check(http, text)
    report = valid_report(body.decode())
    assert status == 200 and report["drafts"][0]["date"] == "2024-05-28"
    assert report["claims"][0]["line"] == 4
