"""Ingest: what a source is called and where it comes from, as the text says it or as the
editor tells it (`verify ingest --title --publisher --url --date`)."""

from __future__ import annotations

import json

import pytest

from verify.adapters.cli import main
from verify.store.ingest import title_of


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


# (first line of a text, the title guessed from it, rule)
TITLES = [
    ("Riverton port handles record cargo", "Riverton port handles record cargo", "a-headline-is-the-title"),
    (
        "RIVERTON, Nowhere, March 3, 2024 /PRNewswire/ -- Acme sold 5 ships.",
        "Acme sold 5 ships.",
        "a-wire-dateline-is-no-part-of-a-title",
    ),
    ("RIVERTON, May 20 (Xinhua) -- Output grew", "Output grew", "an-agency-dateline-is-no-part-of-a-title"),
    ("LONDON (Reuters) - Shares fell", "Shares fell", "a-city-and-agency-dateline"),
    ("GDP - a primer", "GDP - a primer", "a-dash-in-a-headline-is-no-dateline"),
    ("Published 2024-02-01", "x.txt", "a-date-line-alone-is-no-title"),
]


@pytest.mark.parametrize("first,title", [t[:2] for t in TITLES], ids=[t[2] for t in TITLES])
def test_a_title_is_guessed_from_the_first_line(first, title):
    assert title_of(first + "\n", "x.txt") == title


def test_ingest_takes_what_the_text_does_not_say(capsys, tmp_path):
    src = tmp_path / "release.txt"
    src.write_text(
        "RIVERTON, March 3, 2024 /Wire/ -- Acme's exports rose to 5 billion yuan in 2023.\n", encoding="utf-8"
    )
    store = tmp_path / "s.db"
    code, out, _ = run(
        capsys,
        "ingest",
        src,
        "--store",
        store,
        "--title",
        "Acme exports up",
        "--publisher",
        "Acme Corp",
        "--url",
        "https://example.com/acme",
    )
    assert (code, out) == (0, "release.txt: 1 figure\n")
    (s,) = json.loads(run(capsys, "sources", "--store", store, "--format", "json")[1])["sources"]
    assert (s["title"], s["publisher"], s["url"], s["published"]) == (
        "Acme exports up",
        "Acme Corp",
        "https://example.com/acme",
        "2024-03-03",
    )


@pytest.mark.parametrize(
    "options,problem",
    [
        (["--title", "One", "{src}"], "--title names one document, but 2 files are given"),
        (["--url", "example.com/a"], "is not a web address"),
        (["--publisher", "  "], "--publisher is empty"),
    ],
    ids=["a-title-is-one-documents", "a-url-is-a-web-address", "an-empty-publisher"],
)
def test_bad_source_details_are_one_line_errors_and_make_no_store(capsys, tmp_path, options, problem):
    src = tmp_path / "a.txt"
    src.write_text("Exports rose to 5 billion yuan in 2023.\n", encoding="utf-8")
    store = tmp_path / "s.db"
    code, out, err = run(capsys, "ingest", src, "--store", store, *[o.format(src=src) for o in options])
    assert code == 2 and problem in err and err.count("\n") == 1 and out == ""
    assert not store.exists()
