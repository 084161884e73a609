"""A property over the store's doors (issue 15): whatever sources are ingested and
whatever review records are imported, a later check never fails.

Generated source texts (numbers with units, numbers past the largest float, hostile
characters, odd unicode) are ingested with `verify ingest`; records derived from the
store's export, valid and not (values of no finite number, unknown units and hedges,
empty subjects, misspelt fields, newlines where one line is expected), are applied
with `verify import`; then generated drafts are checked. Each command either does its
job (exit 0) or refuses in one line on stderr (exit 2, never an internal error), and
every check answers with a report that is strict JSON and passes its schema, as do
the listings of what the store holds.
"""

from __future__ import annotations

import json
import math

from helpers import strict_json, valid_report
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from verify.adapters.cli import main

HEADER = st.sampled_from(
    [
        "Riverton Statistical Bulletin 2023\nPublished 2024-02-01\n\n",
        "Report\n\n",
        "<html><title>Bulletin</title><nav>",
        "",
        "\ufeff",
        "Issued 2024-13-45\n\n",
    ]
)
NUMBERS = st.sampled_from(
    [
        "52.3 billion yuan",
        "12.5 percent",
        "2.1 million",
        "$31 million",
        "48.2 million cubic metres",
        "5690亿元",
        "增长4.1%",
        "1e400 yuan",
        "1e308 trillion yuan",
        "9" * 400 + " yuan",
        "-0",
        "NaN",
        "inf yuan",
        "Infinity",
        "30 MSEK",
        "120 MNOK",
        "1,000,000,000,000,000,000,000 yuan",
        "０.５%",
        "٣٤٥",
        "𝟓𝟎 km",
        "5\u0301 tonnes",
        "1e-400 km",
        "0x1F",
        "1_000",
        "万" * 30,
        "about 3 furlongs",
        "more than 80%",
        "50 万",
    ]
)
WORDS = st.sampled_from(
    [
        "Riverton's exports reached",
        "imports grew",
        "population was",
        "in 2023",
        "in 2012",
        "last year",
        "GDP",
        "retail sales",
        "per capita",
        ".",
        ". ",
        ",",
        "\n",
        "\n\n",
        "|",
        "| a | 2023 |\n|---|---|\n| trade | 5 yuan |\n",
        "\u202e",
        "\u200b",
        "\r",
        "\r\n",
        "‹" * 20,
        "<nav" * 5,
        "<" + "a@" * 20,
        "1%" * 20,
        "-" * 40,
        "forty-" * 10,
        "\x1b[31m",
        "\ud7ff",
        "\U0001f4c8",
        "e\u0301",
        "ﷺ",
        "\t",
        "`",
        "```",
        "<!--",
        "*",
        "[^1]",
    ]
)
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
PROSE = st.lists(NUMBERS | WORDS | TEXT, max_size=16).map(" ".join)
FIGURE = st.sampled_from(
    [
        "Riverton's exports reached 52.3 billion yuan in 2023.\n\n",
        "Riverton's imports grew 12.5 percent in 2023.\n\n",
        "",
    ]
)
SOURCES = st.lists(st.tuples(HEADER, FIGURE, PROSE).map("".join), min_size=1, max_size=3)

# a record's field and the values an editor (or a typo) might give it
EDITS = st.sampled_from(
    [
        ("value", 5.2e9),
        ("value", math.inf),
        ("value", -math.inf),
        ("value", math.nan),
        ("value", 1e308),
        ("value", -5),
        ("value", "5"),
        ("value", True),
        ("value", None),
        ("step", -1),
        ("step", 0),
        ("step", 0.1),
        ("step", math.inf),
        ("step", None),
        ("hedge", "about"),
        ("hedge", "nope"),
        ("hedge", ""),
        ("hedge", None),
        ("unit", "CNY"),
        ("unit", "SEK"),
        ("unit", "furlong"),
        ("unit", "percent"),
        ("unit", ""),
        ("unit", None),
        ("subject", ""),
        ("subject", " "),
        ("subject", "exports"),
        ("subject", "x" * 2000),
        ("status", "rejected"),
        ("status", "deleted"),
        ("review", "added"),
        ("review", "confirmed"),
        ("review", "bogus"),
        ("period", "2023"),
        ("period", "last year"),
        ("period", "2024-13"),
        ("period", "\n"),
        ("valeu", 5),
        ("anchor", "a\nb"),
        ("anchor", ""),
        ("source", "elsewhere.txt"),
        ("source", " "),
        ("text", "1e400 yuan"),
        ("text", "7 km"),
        ("quote", "Exports reached 7 billion yuan in 2023."),
        ("quote", ""),
        ("note", "ok\nsure"),
    ]
)
GARBAGE = st.sampled_from(["{", "[]", "null", "", "   ", '{"source": 1}', "\u2028", '{"source": "x"}'])


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert code in (0, 2), (argv, code, out, err)
    if code == 2:  # refused: one line, what, where, how to fix
        assert err.startswith("verify: error: ") and err.count("\n") == 1, err
        assert "internal error" not in err and "Traceback" not in err, err
    return code, out, err


def records(exported: list[dict], edits: list[tuple[int, str, object]], garbage: list[str]) -> str:
    lines = [dict(r) for r in exported]
    for i, field, value in edits:
        if lines:
            lines[i % len(lines)][field] = value
        else:  # a store with nothing to edit: a figure to add
            lines.append(
                {
                    "source": "src-0.txt",
                    "text": "7 billion yuan",
                    "review": "added",
                    "quote": "Exports reached 7 billion yuan in 2023.",
                    field: value,
                }
            )
    out = [json.dumps(x, ensure_ascii=False) for x in lines]  # Infinity and NaN as Python writes them
    for j, g in enumerate(garbage):
        out.insert(j % (len(out) + 1), g)
    return "\n".join(out) + "\n"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    sources=SOURCES,
    edits=st.lists(st.tuples(st.integers(0, 50), EDITS).map(lambda x: (x[0], *x[1])), max_size=4),
    garbage=st.lists(GARBAGE, max_size=2),
    drafts=st.lists(st.tuples(FIGURE, PROSE).map("".join), min_size=1, max_size=2),
)
def test_no_source_or_record_makes_a_later_check_fail(tmp_path_factory, capsys, sources, edits, garbage, drafts):
    folder = tmp_path_factory.mktemp("prop")
    store = folder / "store.db"
    for n, text in enumerate(sources):
        src = folder / f"src-{n}.txt"
        src.write_text(text, encoding="utf-8", newline="")
        run(capsys, "ingest", src, "--store", store)
    if not store.exists():  # every source was refused: no store was left behind half-made
        assert not any(p.name.startswith("store.db") for p in folder.iterdir())
        event("every source refused")
        return
    code, out, _ = run(capsys, "export", "--store", store)
    assert code == 0
    exported = [strict_json(line) for line in out.splitlines()]
    edited = folder / "figures.jsonl"
    edited.write_text(records(exported, edits, garbage), encoding="utf-8", newline="")
    event(f"import exit {run(capsys, 'import', edited, '--store', store)[0]}")
    for n, text in enumerate(drafts):
        draft = folder / f"draft-{n}.md"
        draft.write_text(text, encoding="utf-8", newline="")
        code, out, err = run(
            capsys, "check", draft, "--store", store, "--format", "json", "--fail-on", "never", "--date", "2024-05-28"
        )
        if code == 2:  # a draft that is no text is refused as itself, whatever the store holds
            assert err.startswith(f"verify: error: {draft}: is not text"), err
            continue
        report = valid_report(out)
        for claim in report["claims"]:
            assert claim["value"] is None or math.isfinite(claim["value"])
    code, out, _ = run(capsys, "figures", "--store", store, "--format", "json")
    assert code == 0 and all(f["value"] is None or math.isfinite(f["value"]) for f in strict_json(out)["figures"])
