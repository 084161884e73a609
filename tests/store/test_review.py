"""Editors' reviews: correct, reject, confirm, add, reset, and export/import as JSON lines.

What an editor decides must hold when the source is ingested again, changed or not,
and must reach `verify check`."""

from __future__ import annotations

import json

import pytest

from verify.adapters.cli import main

BULLETIN = """Riverton Statistical Bulletin 2023
Published 2024-02-01

Riverton's exports reached 52.3 billion yuan in 2023.

Retail sales of consumer goods came to 18.4 billion yuan in 2023.

Riverton's population was 2.1 million at the end of 2023.
"""

CHANGED = BULLETIN.replace("2.1 million", "2.2 million") + "\nGrain output reached 1.9 million tonnes in 2023.\n"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def desk(tmp_path, capsys):
    """A store holding the bulletin, and a draft about it."""
    src = tmp_path / "bulletin.txt"
    src.write_text(BULLETIN, encoding="utf-8")
    store = tmp_path / "desk.db"
    assert run(capsys, "ingest", src, "--store", store)[0] == 0
    draft = tmp_path / "draft.md"
    draft.write_text("Riverton's exports reached 52.8 billion yuan in 2023.\n", encoding="utf-8")
    return src, store, draft


def figure_id(capsys, store, words, status="active"):
    code, out, _ = run(
        capsys, "figures", words, "--store", store, "--status", status, "--format", "json", "--limit", "1"
    )
    assert code == 0
    return json.loads(out)["figures"][0]


def verdict(capsys, store, draft):
    code, out, _ = run(capsys, "check", draft, "--store", store, "--format", "json", "--fail-on", "never")
    assert code == 0
    return json.loads(out)["claims"][0]


def test_a_correction_reaches_the_check_and_survives_reingest(desk, capsys):
    src, store, draft = desk
    assert verdict(capsys, store, draft)["verdict"] == "contradicted"
    f = figure_id(capsys, store, "exports")
    code, out, _ = run(capsys, "correct", f["id"], "52.8 billion yuan", "--note", "revised figure", "--store", store)
    assert code == 0 and "52.3 billion yuan -> 52.8 billion yuan [2023] (corrected: revised figure)" in out
    assert verdict(capsys, store, draft)["verdict"] == "supported"
    src.write_text(CHANGED, encoding="utf-8")  # a new version of the bulletin
    code, out, _ = run(capsys, "ingest", src, "--store", store)
    assert code == 0 and "a new version" in out and "1 editor reviews applied" in out
    assert verdict(capsys, store, draft)["verdict"] == "supported"
    g = figure_id(capsys, store, "exports")
    assert (g["value"], g["review"], g["note"]) == (52.8e9, "corrected", "revised figure") and g["id"] != f["id"]


def test_a_check_against_a_corrected_figure_says_an_editor_corrected_it(desk, capsys):
    src, store, draft = desk
    f = figure_id(capsys, store, "exports")
    run(capsys, "correct", f["id"], "52.5 billion yuan", "--note", "revised by the bureau", "--store", store)
    v = verdict(capsys, store, draft)
    assert v["verdict"] == "contradicted"
    assert v["message"].startswith("an editor's correction of the source says 52.5 billion yuan [2023]; write 52.5")
    assert "editor's note: revised by the bureau" in v["message"]


def test_a_rejected_figure_no_longer_decides_and_stays_rejected(desk, capsys):
    src, store, draft = desk
    f = figure_id(capsys, store, "exports")
    assert run(capsys, "reject", f["id"], "--note", "provisional", "--store", store)[0] == 0
    assert verdict(capsys, store, draft)["verdict"] == "unknown"
    src.write_text(CHANGED, encoding="utf-8")
    run(capsys, "ingest", src, "--store", store)
    assert verdict(capsys, store, draft)["verdict"] == "unknown"
    assert figure_id(capsys, store, "exports", "rejected")["note"] == "provisional"


def test_reset_undoes_a_review(desk, capsys):
    _, store, draft = desk
    f = figure_id(capsys, store, "exports")
    run(capsys, "correct", f["id"], "52.8 billion yuan", "--store", store)
    code, out, _ = run(capsys, "reset", f["id"], "--store", store)
    assert code == 0 and "(corrected" not in out
    assert verdict(capsys, store, draft)["verdict"] == "contradicted"
    assert figure_id(capsys, store, "exports")["value"] == 52.3e9


def test_a_second_correction_keeps_what_was_read(desk, capsys):
    _, store, _ = desk
    f = figure_id(capsys, store, "exports")
    run(capsys, "correct", f["id"], "52.8 billion yuan", "--store", store)
    run(capsys, "correct", f["id"], "--period", "2022", "--store", store)
    g = figure_id(capsys, store, "exports")
    assert (g["value"], g["period"]["start"]) == (52.8e9, 2022)
    run(capsys, "reset", f["id"], "--store", store)
    g = figure_id(capsys, store, "exports")
    assert (g["value"], g["period"]["start"], g["review"]) == (52.3e9, 2023, "extracted")


def test_an_added_figure_is_checked_and_survives_reingest(tmp_path, capsys):
    src = tmp_path / "notes.txt"
    # a photo caption is page furniture to verify (dropped), but this one gives a figure
    caption = "The port handled 4.5 million containers in 2023. [Photo/Riverton Daily]"
    src.write_text(
        f"Riverton notes\n\n{caption}\n\nRiverton's exports reached 52.3 billion yuan in 2023.\n", encoding="utf-8"
    )
    store = tmp_path / "s.db"
    run(capsys, "ingest", src, "--store", store)
    draft = tmp_path / "d.md"
    draft.write_text("Riverton's exports reached 52.3 billion yuan in 2023.\n", encoding="utf-8")
    sid = json.loads(run(capsys, "sources", "--store", store, "--format", "json")[1])["sources"][0]["id"]
    code, out, err = run(capsys, "add", sid, "Riverton's exports reached 52.3 billion yuan in 2023.", "--store", store)
    assert code == 2 and "is this figure already" in err  # read already: correct it instead
    code, out, err = run(
        capsys,
        "add",
        sid,
        "Riverton's exports reached 52.3 billion yuan in 2023.",
        "--number",
        "52.3 billion",
        "--store",
        store,
    )  # the start of what the quote writes
    assert code == 2 and "is this figure already" in err
    assert run(capsys, "figures", "port", "--store", store)[1] == ""
    quote = "The port handled 4.5 million containers in 2023."
    code, out, _ = run(
        capsys, "add", sid, quote, "--subject", "port container throughput", "--note", "missed", "--store", store
    )
    assert code == 0 and "(added: missed)" in out
    src.write_text(src.read_text(encoding="utf-8") + "\nA new paragraph with 3 numbers.\n", encoding="utf-8")
    run(capsys, "ingest", src, "--store", store)
    g = figure_id(capsys, store, "container throughput")
    assert (g["text"], g["review"], g["location"]["line"]) == ("4.5 million", "added", 3)


@pytest.mark.parametrize(
    "args,problem",
    [
        (["add", "1", "Exports fell to 3 billion yuan."], "the quote is not in the source"),
        (["add", "9", "x"], "no current source 9"),
        (
            ["add", "1", "Riverton's exports reached 52.3 billion yuan in 2023.", "--number", "52"],
            "give --number as one of '52.3 billion yuan'",
        ),
        (["correct", "999", "5%"], "no figure 999"),
        (["correct", "1", "five or six"], "is not one figure verify reads"),
        (["correct", "1"], "nothing to correct"),
        (["correct", "1", "--period", "2023-2001"], "not a year or a span of years"),
        (["reject", "1", "--store", "missing.db"], "no such store"),
    ],
)
def test_bad_reviews_are_one_line_errors(desk, capsys, tmp_path, args, problem):
    _, store, _ = desk
    before = export(capsys, store)
    argv = args if "--store" in args else [*args, "--store", store]
    code, out, err = run(capsys, *argv)
    assert code == 2 and problem in err and err.count("\n") == 1 and out == ""
    assert export(capsys, store) == before


def test_a_review_whose_sentence_changed_is_reported(desk, capsys):
    src, store, _ = desk
    f = figure_id(capsys, store, "population")
    run(capsys, "confirm", f["id"], "--store", store)
    src.write_text(CHANGED, encoding="utf-8")  # the population sentence now says 2.2 million
    code, out, err = run(capsys, "ingest", src, "--store", store)
    assert code == 0 and "review no longer applies (confirm of 2.1 million)" in err


def export(capsys, store) -> str:
    code, out, _ = run(capsys, "export", "--store", store)
    assert code == 0
    return out


def test_export_is_stable_and_import_applies_the_edits(desk, capsys, tmp_path):
    src, store, draft = desk
    lines = [json.loads(x) for x in export(capsys, store).splitlines()]
    assert [x["text"] for x in lines] == ["52.3 billion yuan", "18.4 billion yuan", "2.1 million"]
    assert export(capsys, store) == export(capsys, store)
    lines[0].update(value=52.8e9, note="revised")  # the edits of a pull request
    lines[1].update(status="rejected", note="provisional")
    lines[2].update(review="confirmed")
    edited = tmp_path / "figures.jsonl"
    edited.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    # a second store, built from the same source, takes the same reviews
    other = tmp_path / "other.db"
    run(capsys, "ingest", src, "--store", other)
    code, out, _ = run(capsys, "import", edited, "--store", other)
    assert code == 0 and out == "figures: 1 confirmed, 1 corrected, 1 rejected, 0 added, 0 reset, 0 unchanged\n"
    assert verdict(capsys, other, draft)["verdict"] == "supported"
    code, out, _ = run(capsys, "import", edited, "--store", other)  # again: nothing changes
    assert out.endswith("3 unchanged\n")
    again = [json.loads(x) for x in export(capsys, other).splitlines()]
    assert [(x["value"], x["status"], x["review"], x["note"]) for x in again] == [
        (52.8e9, "active", "corrected", "revised"),
        (18.4e9, "rejected", "rejected", "provisional"),
        (2.1e6, "active", "confirmed", None),
    ]
    lines[0].update(value=52.3e9, note=None)  # the edit taken back
    edited.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    code, out, _ = run(capsys, "import", edited, "--store", other)
    assert "1 reset" in out and verdict(capsys, other, draft)["verdict"] == "contradicted"


def test_import_adds_a_figure_from_a_new_line(desk, capsys, tmp_path):
    src, store, _ = desk
    src.write_text(
        BULLETIN + "\nThe port handled 4.5 million containers in 2023. [Photo/Riverton Daily]\n", encoding="utf-8"
    )
    run(capsys, "ingest", src, "--store", store)
    line = {
        "source": "bulletin.txt",
        "text": "4.5 million",
        "review": "added",
        "note": "missed",
        "quote": "The port handled 4.5 million containers in 2023.",
        "value": 4.6e6,
    }
    edited = tmp_path / "add.jsonl"
    edited.write_text(json.dumps(line) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "import", edited, "--store", store)
    assert code == 0 and "1 added" in out, err
    g = figure_id(capsys, store, "port handled")
    assert (g["value"], g["review"]) == (4.6e6, "added")


@pytest.mark.parametrize(
    "content,problem",
    [
        ("not json\n", "add.jsonl:2: is not JSON"),
        ("[1, 2]\n", "add.jsonl:2: is not a JSON object"),
        ('{"source": "bulletin.txt"}\n', "add.jsonl:2: lacks text, quote"),
        ('{"source": "bulletin.txt", "text": "1", "quote": "q", "anchor": "0000", "value": "high"}\n', "value is"),
        ('{"source": "nowhere.txt", "text": "1", "quote": "q", "anchor": "0000"}\n', "no document 'nowhere.txt'"),
        ('{"source": "bulletin.txt", "text": "1", "quote": "q", "anchor": "0000"}\n', "no figure 0000 in bulletin.txt"),
        (
            '{"source": "bulletin.txt", "text": "1", "quote": "q", "anchor": "0000", "status": "gone"}\n',
            "status 'gone'",
        ),
        ('{"source": "bulletin.txt", "text": "1", "quote": "q", "anchor": "0", "period": "soon"}\n', "not a year"),
    ],
)
def test_bad_import_lines_change_nothing(desk, capsys, tmp_path, content, problem):
    _, store, _ = desk
    good = export(capsys, store).splitlines()[0]
    edited = json.loads(good)
    edited["value"] = 1.0
    bad = tmp_path / "add.jsonl"
    bad.write_text(json.dumps(edited) + "\n" + content, encoding="utf-8")  # the good edit first: all or nothing
    before = export(capsys, store)
    code, out, err = run(capsys, "import", bad, "--store", store)
    assert code == 2 and problem in err and err.count("\n") == 1, err
    assert export(capsys, store) == before


def test_two_lines_about_one_figure_are_refused(desk, capsys, tmp_path):
    _, store, _ = desk
    line = export(capsys, store).splitlines()[0]
    twice = tmp_path / "twice.jsonl"
    twice.write_text(line + "\n" + line + "\n", encoding="utf-8")
    code, _, err = run(capsys, "import", twice, "--store", store)
    assert code == 2 and "twice.jsonl:2: is about the same figure as line 1" in err
