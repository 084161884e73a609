"""Reports in every format, the exit policy, inputs, in-document controls and configuration."""

from __future__ import annotations

import io
import json
import re
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from verify.adapters.cli import main
from verify.reporting import report as report_module

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent.parent / "golden" / "formats"
DESK = "tests/data/formats/desk.md"
EXAMPLE = "claims/jiangxi-economy.md"
SCHEMA = json.loads(resources.files("verify").joinpath("data/report.schema.json").read_text(encoding="utf-8"))
DATED = "---\ndate: 2024-05-28\n---\n\n"


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("NO_COLOR", raising=False)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ---- golden files: two drafts (one with every kind of control) in each format ----------

FORMATS = [
    ("text", "report.txt"),
    ("json", "report.json"),
    ("sarif", "report.sarif"),
    ("github", "report.github"),
    ("markdown", "report.md"),
    ("html", "report.html"),
]


@pytest.mark.parametrize("fmt,name", FORMATS, ids=[f for f, _ in FORMATS])
def test_golden(capsys, tmp_path, update_golden, fmt, name):
    out_file = tmp_path / name
    code, out, err = run(capsys, "check", DESK, EXAMPLE, "--format", fmt, "--output", str(out_file))
    assert code == 1 and out == "" and err == f"verify: wrote {out_file}\n"
    got = out_file.read_text(encoding="utf-8")
    if update_golden:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        (GOLDEN / name).write_text(got, encoding="utf-8")
    assert got == (GOLDEN / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", [f for f, _ in FORMATS if f != "html"])
def test_stdout_is_the_same_report(capsys, fmt):
    first = run(capsys, "check", DESK, EXAMPLE, "--format", fmt)[1]
    assert first == (GOLDEN / dict(FORMATS)[fmt]).read_text(encoding="utf-8")


def test_html_goes_to_reports_by_default(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check", str(ROOT / EXAMPLE), "--format", "html")
    assert (tmp_path / "reports" / "jiangxi-economy.html").is_file()
    assert code == 1 and out == "" and "reports/jiangxi-economy.html" in err


def test_html_from_stdin_is_named_after_it(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"The road is 5 km long.\n")))
    assert run(capsys, "check", "-", "--format", "html")[0] == 0
    assert (tmp_path / "reports" / "stdin.html").is_file()


# ---- JSON: the shipped schema ----------------------------------------------------------


def test_json_report_matches_the_shipped_schema(capsys):
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    for args in ([EXAMPLE], [DESK, EXAMPLE]):
        report = json.loads(run(capsys, "check", *args, "--format", "json")[1])
        jsonschema.Draft202012Validator(SCHEMA).validate(report)
        assert report["schema_version"] == SCHEMA["properties"]["schema_version"]["const"]


def test_schema_rejects_what_the_report_must_not_say(capsys):
    report = json.loads(run(capsys, "check", EXAMPLE, "--format", "json")[1])
    bad = json.loads(json.dumps(report))
    contradicted = next(c for c in bad["claims"] if c["verdict"] == "contradicted")
    contradicted["correction"] = None  # a contradiction must say what to write
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, SCHEMA)


def test_json_claims_name_their_draft_and_point_at_the_quantity(capsys):
    report = json.loads(run(capsys, "check", DESK, EXAMPLE, "--format", "json")[1])
    assert [d["path"] for d in report["drafts"]] == [DESK, EXAMPLE]
    assert report["summary"]["drafts"] == 2
    for c in report["claims"]:
        line = (ROOT / c["draft"]).read_text(encoding="utf-8").splitlines()[c["line"] - 1]
        assert line[c["column"] - 1 :].startswith(c["text"])


# ---- fingerprints ----------------------------------------------------------------------


def _fingerprints(capsys, tmp_path, text):
    draft = tmp_path / "d.md"
    draft.write_text(text, encoding="utf-8")
    return [c["fingerprint"] for c in json.loads(run(capsys, "check", str(draft), "-f", "json")[1])["claims"]]


def test_fingerprint_follows_the_claim_not_its_line(capsys, tmp_path):
    body = "Jiangxi's foreign trade reached 569 billion yuan last year.\n"
    base = _fingerprints(capsys, tmp_path, DATED + body)
    moved = _fingerprints(capsys, tmp_path, DATED + "A new opening paragraph.\n\n\n" + body)
    changed = _fingerprints(capsys, tmp_path, DATED + body.replace("569", "596"))
    twice = _fingerprints(capsys, tmp_path, DATED + body + "\n" + body)
    assert base == moved
    assert base != changed
    assert twice[0] == base[0] and twice[1] != twice[0]


# ---- SARIF -----------------------------------------------------------------------------


def test_sarif_levels_suppressions_and_fingerprints(capsys):
    log = json.loads(run(capsys, "check", DESK, EXAMPLE, "--format", "sarif")[1])
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    run_ = log["runs"][0]
    rules = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    levels = {(r["ruleId"], r["level"]) for r in run_["results"]}
    assert levels == {("contradicted", "error"), ("unknown", "warning"), ("unused-suppression", "warning")}
    for r in run_["results"]:
        assert rules[r["ruleIndex"]] == r["ruleId"]
        region = r["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
    suppressed = [r for r in run_["results"] if "suppressions" in r]
    assert {s["suppressions"][0]["justification"] for s in suppressed} == {
        "quoted from the governor's speech; checked with her office",
        "a table reproduced from the 2019 yearbook",
    }
    claims = json.loads(run(capsys, "check", DESK, EXAMPLE, "--format", "json")[1])["claims"]
    fps = {c["fingerprint"] for c in claims}
    assert all(
        r["partialFingerprints"]["verifyClaim/v1"] in fps
        for r in run_["results"]
        if r["ruleId"] != "unused-suppression"
    )


# ---- GitHub annotations ----------------------------------------------------------------

ESCAPES = [  # (text, as a message, as a property)
    ("50%", "50%25", "50%25"),
    ("a\nb\r", "a%0Ab%0D", "a%0Ab%0D"),
    ("x: y, z", "x: y, z", "x%3A y%2C z"),
]


@pytest.mark.parametrize("text,data,prop", ESCAPES)
def test_github_escaping(text, data, prop):
    from verify.reporting.formats import _gh_data, _gh_property

    assert (_gh_data(text), _gh_property(text)) == (data, prop)


def test_github_annotations_at_most_ten_of_each_and_a_notice(capsys, tmp_path):
    lines = [f"Jiangxi's GDP hit {3.4 + i / 100:.2f} trillion yuan in 2023." for i in range(12)]
    lines += [f"The council spent {i + 1} million yuan on parks." for i in range(11)]
    draft = tmp_path / "many, claims.md"
    draft.write_text(DATED + "\n\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(draft), "--format", "github")
    rows = out.splitlines()
    assert sum(r.startswith("::error ") for r in rows) == 10
    assert sum(r.startswith("::warning ") for r in rows) == 10
    assert (
        rows[-1].startswith("::notice title=verify::") and "2 more errors and 1 more warnings not annotated" in rows[-1]
    )
    assert all(",title=" in r and "many%2C claims.md" in r for r in rows[:-1])
    assert code == 1


def test_github_leaves_out_suppressed_claims(capsys):
    out = run(capsys, "check", DESK, "--format", "github")[1]
    assert "643 billion" not in out and "350" not in out
    assert "::warning file=tests/data/formats/desk.md,line=23,col=1,title=verify%3A unused suppression::" in out
    assert "left over, 50%25 sure" in out


# ---- markdown --------------------------------------------------------------------------


def test_markdown_table_escapes_pipes_and_html(capsys):
    out = run(capsys, "check", DESK, "--format", "markdown")[1]
    assert out.startswith("### verify: 1 contradicted, 2 unknown, 1 supported, 2 suppressed")
    row = next(r for r in out.splitlines() if "unused suppression" in r)
    assert "\\| edit" in row and "&lt;b&gt;old&lt;/b&gt;" in row
    assert len(re.findall(r"(?<!\\)\|", row)) == 6, "five cells: the escaped pipe stays inside its cell"


# ---- exit policy -----------------------------------------------------------------------

FAIL_ON = [  # (draft body, --fail-on, exit status)
    ("Jiangxi's GDP hit 3.4 trillion yuan in 2023.", None, 1),
    ("Jiangxi's GDP hit 3.4 trillion yuan in 2023.", "contradicted", 1),
    ("Jiangxi's GDP hit 3.4 trillion yuan in 2023.", "unknown", 1),
    ("Jiangxi's GDP hit 3.4 trillion yuan in 2023.", "never", 0),
    ("The council spent 4 million yuan on parks.", None, 0),
    ("The council spent 4 million yuan on parks.", "unknown", 1),
    ("The council spent 4 million yuan on parks.", "never", 0),
    ("Jiangxi's foreign trade reached 569 billion yuan last year.", "unknown", 0),
    (
        "<!-- verify-ignore-next-line: in the minister's words -->\nJiangxi's GDP hit 3.4 trillion yuan in 2023.",
        None,
        0,
    ),
]


@pytest.mark.parametrize("body,policy,status", FAIL_ON)
def test_fail_on(capsys, tmp_path, body, policy, status):
    draft = tmp_path / "d.md"
    draft.write_text(DATED + body + "\n", encoding="utf-8")
    args = ["check", str(draft)] + (["--fail-on", policy] if policy else [])
    code, _, err = run(capsys, *args)
    assert (code, err) == (status, "")


# ---- inputs ----------------------------------------------------------------------------


def test_folders_globs_and_duplicates(capsys, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.md").write_text(DATED + "Trade reached 569 billion yuan last year.\n")
    (tmp_path / "a" / "two.txt").write_text("The council spent 4 million yuan.\n")
    (tmp_path / "a" / "notes.csv").write_text("1,2,3\n")
    (tmp_path / "a" / ".hidden").mkdir()
    (tmp_path / "a" / ".hidden" / "x.md").write_text("5 km\n")
    report = json.loads(run(capsys, "check", str(tmp_path / "a"), str(tmp_path / "a" / "*.md"), "-f", "json")[1])
    assert [Path(d["path"]).name for d in report["drafts"]] == ["one.md", "two.txt"]


def test_stdin_with_a_name(capsys, monkeypatch):
    text = (ROOT / EXAMPLE).read_text(encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    code, out, _ = run(capsys, "check", "-", "--stdin-filename", "desk/today.md", "-f", "json")
    report = json.loads(out)
    assert report["drafts"][0]["path"] == "desk/today.md" and report["claims"][0]["draft"] == "desk/today.md"
    assert report["summary"]["contradicted"] == 1 and code == 1


BAD = [  # (arguments, files to make, what the one-line error says)
    (["{tmp}/empty"], {"empty/": ""}, "holds no drafts"),
    (["{tmp}/*.md"], {}, "matches no file"),
    (
        ["{tmp}/d.md"],
        {"d.md": "<!-- verify-ignore-next-line -->\n5 km\n"},
        "d.md:1: verify-ignore-next-line needs a reason",
    ),
    (["{tmp}/d.md"], {"d.md": "<!-- verify-ignore-next-line:   -->\n5 km\n"}, "needs a reason"),
    (["{tmp}/d.md"], {"d.md": "x\n<!-- verify-ignore this -->\n"}, "d.md:2: unknown control 'verify-ignore'"),
    (["{tmp}/d.md", "--output", "{tmp}/d.md/x.json"], {"d.md": "5 km\n"}, "cannot write the report"),
    (
        ["{tmp}/d.md", "--config", "{tmp}/verify.toml"],
        {"d.md": "5 km\n", "verify.toml": "fail-on = 'sometimes'\n"},
        "verify.toml: fail-on 'sometimes' is not one of contradicted, unknown, never",
    ),
    (
        ["{tmp}/d.md", "--config", "{tmp}/verify.toml"],
        {"d.md": "5 km\n", "verify.toml": "colour = true\n"},
        "unknown setting 'colour'",
    ),
    (
        ["{tmp}/d.md", "--config", "{tmp}/verify.toml"],
        {"d.md": "5 km\n", "verify.toml": "[tolerances]\nmatch = -1\n"},
        "tolerance 'match' must be a number of at least 0",
    ),
    (
        ["{tmp}/d.md", "--config", "{tmp}/verify.toml"],
        {"d.md": "5 km\n", "verify.toml": "[tolerances]\nmatchh = 1\n"},
        "unknown tolerance 'matchh'",
    ),
    (
        ["{tmp}/d.md", "--config", "{tmp}/verify.toml"],
        {"d.md": "5 km\n", "verify.toml": "store = [\n"},
        "is not valid TOML",
    ),
    (["{tmp}/d.md", "--fail-on", "sometimes"], {"d.md": "5 km\n"}, "--fail-on"),
    (["{tmp}/d.md", "--format", "pdf"], {"d.md": "5 km\n"}, "--format"),
    (
        ["{tmp}/d.md", "--stdin-filename", "today.md"],
        {"d.md": "5 km\n"},
        "--stdin-filename: names a draft read from standard input, but no draft is read from it",
    ),
]


@pytest.mark.parametrize("args,files,problem", BAD, ids=[b[2][:40] for b in BAD])
def test_bad_input_is_one_line_and_exit_2(capsys, tmp_path, args, files, problem):
    for name, text in files.items():
        if name.endswith("/"):
            (tmp_path / name).mkdir()
        else:
            (tmp_path / name).write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "check", *(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert code == 2 and out == ""
    assert err.startswith("verify: error: ") and err.count("\n") == 1 and problem in err, err


# ---- in-document controls ---------------------------------------------------------------


def test_suppressed_claims_are_reported_with_their_reason(capsys):
    report = json.loads(run(capsys, "check", DESK, "-f", "json")[1])
    suppressed = {c["text"]: c["suppressed"] for c in report["claims"] if c["suppressed"]}
    assert suppressed == {
        "643 billion yuan": "quoted from the governor's speech; checked with her office",
        "350": "a table reproduced from the 2019 yearbook",
    }
    kinds = [(s["kind"], s["claims"]) for s in report["drafts"][0]["suppressions"]]
    assert kinds == [("next-line", 1), ("off", 1), ("on", 1), ("next-line", 0)]
    assert report["summary"]["suppressed"] == 2 and report["summary"]["unused_suppressions"] == 1


def test_controls_inside_code_are_not_controls(capsys, tmp_path):
    draft = tmp_path / "d.md"
    draft.write_text(DATED + "```\n<!-- verify off -->\n```\n\nJiangxi's GDP hit 3.4 trillion yuan in 2023.\n")
    report = json.loads(run(capsys, "check", str(draft), "-f", "json")[1])
    assert report["summary"]["contradicted"] == 1 and report["drafts"][0]["suppressions"] == []


# ---- configuration ---------------------------------------------------------------------


def test_nearest_config_wins_and_options_override(capsys, tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.verify]\nfail-on = "never"\n')
    desk = tmp_path / "desk"
    desk.mkdir()
    (desk / "verify.toml").write_text('fail-on = "unknown"\nformat = "json"\n')
    draft = desk / "d.md"
    draft.write_text(DATED + "The council spent 4 million yuan on parks.\n")
    monkeypatch.chdir(desk)
    code, out, _ = run(capsys, "check", "d.md")
    assert code == 1 and json.loads(out)["summary"]["unknown"] == 1  # verify.toml: unknown fails, json
    assert run(capsys, "check", "d.md", "--fail-on", "contradicted", "-f", "text")[0] == 0
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "check", "desk/d.md")[0] == 0  # pyproject.toml: never


def test_config_store_is_relative_to_its_file(capsys, tmp_path, monkeypatch):
    src = tmp_path / "src.txt"
    src.write_text("Published: 2024-01-10\n\nThe utility laid 36 km of new mains in 2023.\n")
    assert run(capsys, "ingest", str(src), "--store", str(tmp_path / "news.db"))[0] == 0
    (tmp_path / "pyproject.toml").write_text('[tool.verify]\nstore = "news.db"\n')
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "d.md").write_text("The utility laid 40 km of new mains in 2023.\n")
    monkeypatch.chdir(tmp_path / "drafts")
    code, out, _ = run(capsys, "check", "d.md", "-f", "json")
    assert code == 1 and json.loads(out)["claims"][0]["correction"] == "36 km"


def test_config_tolerances_reach_the_judge(capsys, tmp_path):
    """Word scores decide only metrics the glossary does not name: when none can be
    reached, those claims become unknown and the others keep their verdicts."""
    draft = tmp_path / "d.md"
    draft.write_text(
        "---\ndate: 2025-04-03\n---\n\nJiangxi signed 83 projects at the conference.\n\n"
        "Jiangxi's foreign trade reached 569 billion yuan in 2023.\n"
    )
    before = json.loads(run(capsys, "check", str(draft), "-f", "json")[1])
    (tmp_path / "strict.toml").write_text("[tolerances]\nmatch = 101\nagree = 101\n")
    code, out, _ = run(capsys, "check", str(draft), "--config", str(tmp_path / "strict.toml"), "-f", "json")
    after = json.loads(out)
    assert [c["verdict"] for c in before["claims"]] == ["supported", "supported"]
    assert [c["verdict"] for c in after["claims"]] == ["unknown", "supported"]


# ---- colour ----------------------------------------------------------------------------


@pytest.mark.parametrize("tty,no_color,expected", [(True, None, True), (True, "1", False), (False, None, False)])
def test_colour_only_on_a_terminal_without_no_color(monkeypatch, tty, no_color, expected):
    from verify.adapters import cli

    monkeypatch.setattr(sys.stdout, "isatty", lambda: tty, raising=False)
    monkeypatch.delenv("TERM", raising=False)
    if no_color is not None:
        monkeypatch.setenv("NO_COLOR", no_color)
    assert cli._color() is expected


def test_off_sections_end_at_on_or_at_the_end(capsys, tmp_path):
    draft = tmp_path / "d.md"
    draft.write_text(
        "The road is 5 km long.\n<!-- verify off -->\nThe road is 6 km long.\n<!-- verify on -->\n"
        "The road is 7 km long.\n<!-- verify off: rest of the piece -->\nThe road is 8 km long.\n"
    )
    report = json.loads(run(capsys, "check", str(draft), "-f", "json")[1])
    assert [(c["text"], c["suppressed"]) for c in report["claims"]] == [
        ("5 km", None),
        ("6 km", "in a verify off section"),
        ("7 km", None),
        ("8 km", "rest of the piece"),
    ]
    assert report["summary"]["unused_suppressions"] == 0


def test_command_line_choices_are_the_library_s():
    from verify.adapters import cli, config
    from verify.reporting import formats

    assert tuple(f.value for f in cli.CheckFormat) == formats.FORMATS
    assert tuple(f.value for f in cli.FailOn) == config.FAIL_ON


# ---- reports written as the claims are judged -------------------------------------------

STREAMED = [  # (id naming the rule, drafts: file names or texts)
    ("a draft with no claims has an empty list", [DATED + "Nothing here is a number worth checking.\n"]),
    ("a draft with no date says so once", ["Jiangxi's GDP hit 3.4 trillion yuan in 2023.\n"]),
    (
        "an unused control sorts after the claims of lines before it",
        [
            DATED + "Jiangxi's GDP hit 3.4 trillion yuan in 2023.\u2028\n\n<!-- verify-ignore-next-line: why -->\n\n"
            "<!-- verify on -->\n\nIts exports were 569 billion yuan last year.\n<!-- verify off -->\n"
        ],
    ),
    ("every kind of control, and several drafts after one another", [DESK, EXAMPLE]),
    ("a Chinese draft", ["claims/jiangxi-economy-zh.md"]),
]


@pytest.mark.parametrize("memory", [report_module.SPOOL_MEMORY, 0], ids=["kept in memory", "kept in a file"])
@pytest.mark.parametrize("drafts", [d for _, d in STREAMED], ids=[i for i, _ in STREAMED])
def test_streamed_reports_are_the_whole_reports(monkeypatch, drafts, memory):
    from verify.api import check, checking
    from verify.reading.document import parse, read
    from verify.reporting.formats import render_text, write_text
    from verify.reporting.report import render_json, summary, write_json
    from verify.store.seeds import default_store

    monkeypatch.setattr(report_module, "SPOOL_MEMORY", memory)

    def docs():
        return [
            read(d) if not d.startswith("---") and "\n" not in d else parse(d, path=f"d{i}.md")
            for i, d in enumerate(drafts)
        ]

    with default_store() as store:
        reports = [check(d, store) for d in docs()]
        for whole, write in ((render_json(reports), write_json), (render_text(reports), write_text)):
            out = io.StringIO()
            counts = write([checking(d, store) for d in docs()], out)
            assert out.getvalue() == whole
            assert counts == summary(reports)
        raw = io.BytesIO()  # as `verify check --output` writes a JSON report: its bytes
        assert write_json([checking(d, store) for d in docs()], raw) == summary(reports)
        assert raw.getvalue() == render_json(reports).encode("utf-8")


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_streamed_report_leaves_no_garbage_a_claim(fmt):
    """`verify check` runs without the cycle collector: what checking and writing a claim
    allocates must be freed as it goes (a reference cycle a claim grew a 50 MB draft's
    run by hundreds of megabytes)."""
    import gc

    from verify.api import checking
    from verify.reading.document import read
    from verify.reporting.formats import write_text
    from verify.reporting.report import write_json
    from verify.store.seeds import default_store

    write = write_json if fmt == "json" else write_text
    with default_store() as store:
        draft = read(EXAMPLE)
        write([checking(draft, store)], io.StringIO())  # what a first run makes once
        gc.collect()
        gc.disable()
        try:
            counts = write([checking(draft, store) for _ in range(10)], io.StringIO())
            left = gc.collect()
        finally:
            gc.enable()
    assert counts["claims"] >= 80 and left < 100  # ten drafts of 9 claims; a cycle a claim would leave hundreds


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_drafts_judged_in_two_processes_give_the_same_report(capsys, monkeypatch, fmt):
    from verify import api

    monkeypatch.setattr(api, "PARALLEL_FROM", 0)  # every draft is big enough for two processes
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    out = run(capsys, "check", DESK, EXAMPLE, "--format", fmt)[1]
    assert out == (GOLDEN / dict(FORMATS)[fmt]).read_text(encoding="utf-8")
