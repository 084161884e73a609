"""The command line end to end: reports, exit codes, and one-line errors for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from verify.adapters.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "claims" / "jiangxi-economy.md"
GOLDEN = Path(__file__).parent.parent / "golden"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_example_shows_all_three_verdicts(capsys):
    code, out, err = run(capsys, "check", str(EXAMPLE), "--format", "json")
    report = json.loads(out)
    verdicts = {c["verdict"] for c in report["claims"]}
    assert verdicts == {"supported", "contradicted", "unknown"}
    assert code == 1 and err == ""


def test_json_contract(capsys):
    _, out, _ = run(capsys, "check", str(EXAMPLE), "--format", "json")
    report = json.loads(out)
    assert report["schema_version"] == 3
    assert report["summary"]["claims"] == len(report["claims"])
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    for c in report["claims"]:
        line = lines[c["line"] - 1]
        assert line[c["column"] - 1 :].startswith(c["text"])
        assert c["verdict"] in ("supported", "contradicted", "unknown")
        if c["verdict"] == "contradicted":
            assert c["correction"] and c["evidence"]["quote"] and c["evidence"]["source"]["title"]
        if c["verdict"] == "supported":
            assert c["evidence"]["quote"] and c["evidence"]["source"]["published"]
        if c["verdict"] == "unknown":
            assert c["reason"] in (
                "no_match",
                "entity_mismatch",
                "metric_mismatch",
                "qualifier_mismatch",
                "period_mismatch",
                "unit_mismatch",
                "finer_than_source",
                "ambiguous",
            )
        if c["evidence"]:  # what the claim was read as, and how each field compared with the evidence
            assert (
                c["frame"]["metric"]
                and c["alignment"]
                and set(c["alignment"]) == {"entity", "metric", "qualifiers", "period", "unit", "value"}
            )


@pytest.mark.parametrize("draft", ["jiangxi-economy", "jiangxi-economy-zh"], ids=["english", "chinese"])
def test_golden_report(capsys, update_golden, draft):
    _, out, _ = run(capsys, "check", f"claims/{draft}.md", "--format", "json")
    golden = GOLDEN / f"{draft}.json"
    if update_golden:
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_same_draft_same_report_byte_for_byte(capsys):
    first = run(capsys, "check", str(EXAMPLE), "--format", "json")[1]
    second = run(capsys, "check", str(EXAMPLE), "--format", "json")[1]
    assert first == second


def test_text_report_is_aligned_and_summarised(capsys):
    code, out, _ = run(capsys, "check", str(EXAMPLE))
    lines = out.splitlines()
    assert lines[-1].endswith("supported, 1 contradicted, 1 unknown")
    columns = {
        line.index(v) for line in lines[1:-1] for v in ("supported", "contradicted", "unknown") if f" {v} " in line
    }
    assert len(columns) == 1, "verdicts start in one column"
    assert "\x1b[" not in out, "no colour when not on a terminal"


def test_no_contradiction_exits_zero(tmp_path, capsys):
    draft = tmp_path / "ok.md"
    draft.write_text("---\ndate: 2024-05-22\n---\n\nJiangxi's foreign trade reached 569 billion yuan last year.\n")
    assert run(capsys, "check", str(draft))[0] == 0


def test_ingest_then_check_against_that_store(tmp_path, capsys):
    src = tmp_path / "report.txt"
    src.write_text("Annual Report\nIssued 2024-01-31\n\nIn 2023 the utility laid 36 kilometres of new mains.\n")
    store = tmp_path / "s.db"
    code, out, _ = run(capsys, "ingest", str(src), "--store", str(store))
    assert code == 0 and "report.txt: 1 figure" in out
    draft = tmp_path / "d.md"
    draft.write_text("The utility laid 40 km of new mains in 2023.\n")
    code, out, _ = run(capsys, "check", str(draft), "--store", str(store), "--format", "json")
    (claim,) = json.loads(out)["claims"]
    assert code == 1 and claim["verdict"] == "contradicted" and claim["correction"] == "36 km"


def test_extract_jsonl(capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO('{"id": "a", "text": "trade of 569 billion yuan"}\n'))
    code, out, _ = run(capsys, "extract", "--jsonl")
    row = json.loads(out)
    assert code == 0 and row["id"] == "a"
    (q,) = row["quantities"]
    assert (q["start"], q["end"], q["value"], q["unit"]) == (9, 25, 569e9, "CNY")


@pytest.mark.parametrize(
    "text,unit,value,points",
    [
        ("up 4.3 percentage points", "percent", 4.3, True),
        ("提高4.3个百分点", "percent", 4.3, True),
        ("a 25 bp cut", "percent", 0.25, True),
        ("a share of 73%", "percent", 73, False),
    ],
)
def test_extract_jsonl_units_parse_in_plain_pint(capsys, monkeypatch, text, unit, value, points):
    import io

    import pint

    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps({"id": 1, "text": text}) + "\n"))
    code, out, _ = run(capsys, "extract", "--jsonl")
    (q,) = json.loads(out)["quantities"]
    assert (q["unit"], q["value"], q["points"]) == (unit, pytest.approx(value), points)
    pint.UnitRegistry().parse_units(q["unit"])


def test_extract_file(capsys):
    code, out, _ = run(capsys, "extract", str(EXAMPLE))
    assert code == 0 and "569 billion yuan\t5.69e+11 CNY" in out


BAD = [
    (["check", "no-such-draft.md"], "no such file"),
    (["check", "{tmp}/no-such-folder/"], "no such file"),
    (["check", "{binary}"], "is not text"),
    (["check", "{example}", "--store", "no-such-store.db"], "no such store"),
    (["check", "{example}", "--store", "{binary}"], "not a verify store"),
    (["check", "{example}", "--format", "yaml"], "--format"),
    (["check", "{example}", "--date", "yesterday"], "not a date"),
    (["check"], "Missing argument"),
    (["frobnicate"], "No such command"),
    (["ingest", "{binary}", "--store", "{tmp}/s.db"], "is not text"),
    (["ingest", "{empty}", "--store", "{tmp}/s.db"], "is empty"),
    (["extract", "--jsonl"], "JSON object"),
]


@pytest.mark.parametrize("argv,message", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_is_one_line_and_exit_2(argv, message, tmp_path, capsys, monkeypatch):
    import io

    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\x00\x00\x01\x02" * 50)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    monkeypatch.setattr(sys, "stdin", io.StringIO("not json\n"))
    monkeypatch.chdir(ROOT)
    args = [a.format(binary=binary, example=EXAMPLE, tmp=tmp_path, empty=empty) for a in argv]
    code, out, err = run(capsys, *args)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("verify: error: ")
    assert message in err
    assert "Traceback" not in err + out


def test_real_process_from_another_directory(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "verify", "check", str(EXAMPLE), "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["summary"]["contradicted"] == 1


def test_version_is_the_packages(capsys):
    import importlib.metadata

    code, out, err = run(capsys, "--version")
    assert (code, out, err) == (0, f"verify {importlib.metadata.version('verify')}\n", "")


def test_verify_alone_prints_its_help(capsys):
    code, out, err = run(capsys)
    assert code == 0 and err == ""
    assert out.startswith("Usage: verify") and "check" in out and out.count("\n") > 10


@pytest.mark.parametrize("command", ["check", "ingest", "sources", "figures", "export", "import", "extract", "serve"])
def test_each_command_has_its_own_help(capsys, command):
    code, out, _ = run(capsys, command, "--help")
    assert code == 0 and out.startswith(f"Usage: verify {command} ")


def test_real_process_writes_its_whole_report_through_a_pipe(tmp_path):
    draft = tmp_path / "long.md"
    body = EXAMPLE.read_text(encoding="utf-8").split("---", 2)[2]
    draft.write_text("---\ndate: 2024-05-28\n---\n" + body * 40, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "verify", "check", str(draft), "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert len(proc.stdout) > 100_000 and json.loads(proc.stdout)["summary"]["claims"] > 300


def test_real_process_bad_file_has_no_traceback(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "verify", "check", "missing.md"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr == "verify: error: missing.md: no such file (check the path)\n"


def test_extract_reads_stdin(capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("营收5690亿元，增长4.1%。\n".encode())))
    code, out, _ = run(capsys, "extract", "-", "--format", "json")
    assert code == 0
    assert [(q["text"], q["unit"]) for q in json.loads(out)["quantities"]] == [("5690亿元", "CNY"), ("4.1%", "percent")]


def test_colour_only_on_a_terminal_and_never_with_no_color(capsys, monkeypatch):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    coloured = run(capsys, "check", str(EXAMPLE))[1]
    monkeypatch.setenv("NO_COLOR", "")
    empty = run(capsys, "check", str(EXAMPLE))[1]
    monkeypatch.setenv("NO_COLOR", "1")
    plain = run(capsys, "check", str(EXAMPLE))[1]
    assert "\x1b[31;1mcontradicted" in coloured
    assert empty == coloured, "an empty NO_COLOR is as if unset (no-color.org)"
    assert "\x1b[" not in plain


def test_sources_lists_the_store(capsys):
    code, out, _ = run(capsys, "sources", "--format", "json")
    titles = [s["title"] for s in json.loads(out)["sources"]]
    assert code == 0 and titles == [
        "Jiangxi & Greater Bay Area Economic and Trade Cooperation Promotion Conference held in Shenzhen",
        "Jiangxi accelerates development of open economy",
    ]


@pytest.mark.parametrize(
    "query,first",
    [
        ("foreign trade", "569 billion yuan"),
        ("lithium oxide reserves", "9 million metric tons"),
        ("per capita GDP", "28,600 yuan"),
        # a word the metric does not hold is found in the source's sentence
        ("clearance efficiency", "fifth"),
    ],
    ids=["concept", "words", "qualified-concept", "words-of-the-sentence"],
)
def test_figures_about_some_words_best_first(capsys, query, first):
    code, out, _ = run(capsys, "figures", query, "--format", "json", "--limit", "3")
    found = json.loads(out)["figures"]
    assert code == 0 and len(found) <= 3 and found[0]["text"] == first
    assert all(f["quote"] and f["source"]["title"] and "value" in f and "unit" in f for f in found)


def test_figures_about_nothing_the_store_holds_says_so(capsys):
    code, out, err = run(capsys, "figures", "zzzz")
    assert (code, out) == (0, "")
    assert err == "verify: no active figures about 'zzzz' in the default store (try other words, or --status all)\n"


def test_figures_text_points_at_the_source_line(capsys):
    code, out, _ = run(capsys, "figures", "foreign trade", "--limit", "1")
    figure_id, rest = out.split("\t", 1)
    assert code == 0 and figure_id.isdigit()
    assert rest.startswith("2024-05-20-chinadaily-jiangxi-open-economy.txt:12\t569 billion yuan [2023]\t")


# (stderr a terminal?, --quiet?, drafts, a progress bar shown?)
PROGRESS = [
    (True, False, 2, True),
    (False, False, 2, False),
    (True, True, 2, False),
    (True, False, 1, False),
]


@pytest.mark.parametrize(
    "tty,quiet,n,shown",
    PROGRESS,
    ids=["on-a-terminal", "not-on-a-pipe-or-file", "not-with-quiet", "not-for-one-draft"],
)
def test_a_long_check_shows_its_progress_on_a_terminal_only(capsys, monkeypatch, tty, quiet, n, shown):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: tty, raising=False)
    drafts = [str(EXAMPLE), str(EXAMPLE.with_name("jiangxi-economy-zh.md"))][:n]
    code, out, err = run(capsys, "check", *drafts, "--format", "json", *(["--quiet"] if quiet else []))
    assert code == 1 and json.loads(out)["summary"]["drafts"] == n, "the report is the same either way"
    assert ("checking drafts" in err) == shown


@pytest.mark.parametrize(
    "tty,quiet,n,shown",
    PROGRESS,
    ids=["on-a-terminal", "not-on-a-pipe-or-file", "not-with-quiet", "not-for-one-draft"],
)
def test_an_archive_checked_as_json_lines_shows_its_progress_too(capsys, monkeypatch, tty, quiet, n, shown):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: tty, raising=False)
    drafts = [str(EXAMPLE), str(EXAMPLE.with_name("jiangxi-economy-zh.md"))][:n]
    code, out, err = run(capsys, "check", *drafts, "--format", "jsonl", *(["--quiet"] if quiet else []))
    lines = [json.loads(x) for x in out.splitlines()]
    assert code == 1 and lines[-1]["summary"]["drafts"] == n, "the report is the same either way"
    assert ("checking drafts" in err) == shown


def test_a_long_ingest_shows_its_progress_on_a_terminal_only(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    files = []
    for i in range(3):
        f = tmp_path / f"s{i}.txt"
        f.write_text(f"Bulletin {i}\n\nExports rose to {i + 5} billion yuan in 2023.\n", encoding="utf-8")
        files.append(str(f))
    code, out, err = run(capsys, "ingest", *files, "--store", str(tmp_path / "s.db"))
    assert code == 0 and out.count("1 figure") == 3 and "reading sources" in err
    code, out, err = run(capsys, "ingest", *files, "--store", str(tmp_path / "s.db"), "--quiet")
    assert code == 0 and "reading sources" not in err


def test_a_source_without_a_date_is_ingested_with_a_warning(capsys, tmp_path):
    undated = tmp_path / "undated.txt"
    undated.write_text("Bulletin\n\nPassenger numbers hit 8.1 million last year.\n", encoding="utf-8")
    code, out, err = run(capsys, "ingest", str(undated), "--store", str(tmp_path / "s.db"))
    assert code == 0 and "1 figure" in out and "warning: no publication date found" in err
    dated = tmp_path / "dated.txt"
    dated.write_text("Bulletin\nUpdated: 2024-02-01\n\nFreight reached 5 million tonnes in 2023.\n", encoding="utf-8")
    code, out, err = run(capsys, "ingest", str(dated), "--store", str(tmp_path / "s.db"))
    assert code == 0 and err == ""
