"""The store: ingest with provenance, idempotence, and refusing what it cannot read."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from verify.errors import InputError, StoreError
from verify.store.db import SCHEMA_VERSION, Store
from verify.store.ingest import find_date, ingest_files
from verify.store.seeds import default_store, seed_sources, seeds_dir

# a water company's annual report (tests/data), shared with the `source` fixture (conftest.py)
SOURCE = (Path(__file__).parent.parent / "data" / "riverton-water-2023.txt").read_text(encoding="utf-8")


def test_ingest_keeps_provenance(tmp_path, source):
    with Store.open(tmp_path / "s.db", create=True) as st:
        (r,) = ingest_files(st, [str(source)])
        figures = st.figures()
        (src,) = st.sources()
    assert r.new and r.figures == len(figures) == 3
    assert src.published == "2024-01-31" and src.title.startswith("Riverton Water Company")
    f = figures[0]
    assert SOURCE[f.mention.quantity.start : f.mention.quantity.end] == "48.2 million cubic metres"
    assert f.quote.startswith("In 2023 Riverton Water delivered")
    assert f.mention.period.start == 2023


def test_reingest_changes_nothing(tmp_path, source):
    path = tmp_path / "s.db"
    with Store.open(path, create=True) as st:
        ingest_files(st, [str(source)])
    with Store.open(path) as st:
        (r,) = ingest_files(st, [str(source)])
        assert not r.new and st.count_figures() == 3
    with Store.open(path) as st:
        assert len(st.sources()) == 1


def test_a_bad_file_leaves_the_store_as_it_was(tmp_path, source):
    path = tmp_path / "s.db"
    with Store.open(path, create=True) as st:
        ingest_files(st, [str(source)])
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    other = tmp_path / "other.txt"
    other.write_text("Output reached 5 million tonnes in 2022.\n")
    with Store.open(path) as st:
        with pytest.raises(InputError, match="is empty"):
            ingest_files(st, [str(other), str(empty)])
        assert st.count_figures() == 3 and len(st.sources()) == 1


@pytest.mark.parametrize(
    "make,problem",
    [
        (lambda p: None, "no such store"),
        (lambda p: p.write_bytes(b"not a database at all" * 100), "not a verify store"),
        (lambda p: sqlite3.connect(p).execute("CREATE TABLE t (x)").connection.commit(), "not a verify store"),
        (lambda p: p.mkdir(), "is a directory"),
    ],
    ids=["missing", "not-sqlite", "other-sqlite", "directory"],
)
def test_bad_stores(tmp_path, make, problem):
    path = tmp_path / "store.db"
    make(path)
    with pytest.raises(StoreError, match=problem):
        Store.open(path)


def test_store_of_another_version_is_refused(tmp_path, source):
    path = tmp_path / "s.db"
    with Store.open(path, create=True) as st:
        st.conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    with pytest.raises(StoreError, match="schema version 99"):
        Store.open(path)


@pytest.mark.parametrize(
    "text,date",
    [
        ("By Zhao Ruinan Source: China Daily Updated: 2024-05-20\n", "2024-05-20"),
        ("SHENZHEN, China, April 2, 2025 /PRNewswire/ -- A report", "2025-04-02"),
        ("Annual report\nIssued 2024-01-31\n", "2024-01-31"),
        ("No date here.", None),
    ],
)
def test_find_date(text, date):
    assert find_date(text) == date


def test_seeds_are_all_listed_with_metadata():
    entries = seed_sources(seeds_dir())
    assert len(entries) == 2
    assert all(e["published"] and e["publisher"] and e["title"] for e in entries)


def test_default_store_holds_the_seed_figures():
    with default_store() as st:
        published = sorted(s.published for s in st.sources())
        quotes = [f.quote for f in st.figures()]
    assert published == ["2024-05-20", "2025-04-02"]
    assert any("569 billion yuan" in q for q in quotes)


def test_default_store_is_rebuilt_when_the_seeds_change(tmp_path, monkeypatch):
    import shutil

    from verify.store import seeds

    copy = tmp_path / "seeds"
    shutil.copytree(seeds_dir(), copy)
    monkeypatch.setattr(seeds, "seeds_dir", lambda: copy)
    with default_store() as st:
        before = st.count_figures()
    name = next(p for p in copy.iterdir() if p.suffix == ".txt")
    name.write_text(
        name.read_text(encoding="utf-8") + "\nExports reached 7 million tonnes last year.\n", encoding="utf-8"
    )
    with default_store() as st:
        assert st.count_figures() == before + 1


HTML = """<html><head><title>Trade Report</title><script>var x = 99;</script></head>
<body><nav>Home 1 2 3</nav><p>Published 2024-03-01</p><p>Exports reached 5.2 billion yuan in 2023.</p></body></html>"""


def test_html_source_keeps_paragraphs_title_and_offsets(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(HTML, encoding="utf-8")
    with Store.open(tmp_path / "s.db", create=True) as st:
        (r,) = ingest_files(st, [str(page)])
        (f,) = st.figures()
        (src,) = st.sources()
    assert (src.title, src.published) == ("Trade Report", "2024-03-01")
    assert f.quote == "Exports reached 5.2 billion yuan in 2023."
    assert HTML[f.mention.quantity.start : f.mention.quantity.end] == "5.2 billion yuan"
    assert "export" in f.mention.subject


# ---- versions of a document ---------------------------------------------------------
def _dump(path) -> list[str]:
    """Everything a store holds, as SQL, in a stable order (file stores only)."""
    conn = sqlite3.connect(path)
    try:
        return [line for line in conn.iterdump() if "sqlite_sequence" not in line]
    finally:
        conn.close()


def test_a_changed_document_supersedes_its_old_figures(tmp_path, source):
    path = tmp_path / "s.db"
    with Store.open(path, create=True) as st:
        ingest_files(st, [str(source)])
    source.write_text(SOURCE.replace("$31 million", "$33 million"), encoding="utf-8")
    with Store.open(path) as st:
        (r,) = ingest_files(st, [str(source)])
        assert (r.state, r.figures, r.superseded) == ("updated", 3, 3)
        old, new = st.sources(every_version=True)
        assert old.superseded_by == new.id and st.sources() == [new]
        assert [f.mention.quantity.text for f in st.figures(old.id, statuses=("superseded",))][-1] == "$31 million"
        assert "$33 million" in [f.mention.quantity.text for f in st.search(["capital", "investment"])]
        assert all(f.source.id == new.id for f in st.search(["capital", "investment"]))
    source.write_text(SOURCE.replace("$31 million", "$35 million"), encoding="utf-8")  # a third version
    with Store.open(path) as st:
        ingest_files(st, [str(source)])
    source.write_text(SOURCE.replace("$31 million", "$33 million"), encoding="utf-8")  # the second one again
    with Store.open(path) as st:
        (r,) = ingest_files(st, [str(source)])
        assert r.state == "updated" and len(st.sources()) == 1 and len(st.sources(every_version=True)) == 3
        assert "$33 million" in [f.mention.quantity.text for f in st.figures()]
        assert "$35 million" not in [f.mention.quantity.text for f in st.figures()]


def test_reingesting_the_same_content_writes_nothing(tmp_path, source):
    path = tmp_path / "s.db"
    with Store.open(path, create=True) as st:
        ingest_files(st, [str(source)])
    before = _dump(path)
    with Store.open(path) as st:
        (r,) = ingest_files(st, [str(source)])
    assert r.state == "unchanged" and _dump(path) == before


@pytest.mark.parametrize(
    "name,content,problem",
    [
        ("chart.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "is not text (binary data)"),
        ("empty.txt", b"", "is empty"),
        ("blank.md", b"  \n\n\t\n", "is empty"),
        ("words.txt", b"Nothing here is counted or measured.\n", "has no figures"),
        ("latin1.txt", "Exports rose 5% in Málaga.".encode("latin-1"), "is not UTF-8 text"),
        ("report.pdf", b"%PDF-1.7 Exports reached 5 billion yuan in 2023.", "is a .pdf file"),
    ],
    ids=["binary", "empty", "blank", "no-numbers", "not-utf8", "pdf"],
)
def test_a_bad_file_is_a_clear_error_and_changes_nothing(tmp_path, source, name, content, problem):
    path = tmp_path / "s.db"
    with Store.open(path, create=True) as st:
        ingest_files(st, [str(source)])
    before = _dump(path)
    bad = tmp_path / name
    bad.write_bytes(content)
    with Store.open(path) as st:
        with pytest.raises(InputError, match=re.escape(problem)) as err:
            ingest_files(st, [str(source), str(bad)])
    assert str(err.value).startswith(str(bad)) and "\n" not in str(err.value)
    assert _dump(path) == before


PAGE = """Home | News | World | Business | Opinion
Nav Search

Riverton water use falls
Updated: 2024-03-05

Crews repair a main on Elm Street, where 40 homes lost water for 6 hours. [Photo/Riverton Daily]

Riverton used 41.5 million cubic metres of water in 2023, the utility said.

Related stories: Riverton water bills rise 12 percent
Most read: Hillford's pool reopens after 3 years
Copyright 1995 - 2024 Riverton Daily. All rights reserved.
"""


def test_page_boilerplate_is_dropped_but_offsets_hold(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    with Store.open(tmp_path / "s.db", create=True) as st:
        ingest_files(st, [str(page)])
        (f,) = st.figures()
        (src,) = st.sources()
    assert f.mention.quantity.text == "41.5 million cubic metres"
    assert PAGE[f.mention.quantity.start : f.mention.quantity.end] == f.mention.quantity.text
    assert (src.title, src.published) == ("Riverton water use falls", "2024-03-05")


# ---- older and newer stores -----------------------------------------------------------
@pytest.mark.parametrize("version", [1, 2])
def test_an_older_store_is_migrated_in_place(tmp_path, version):
    script = (Path(__file__).parent.parent / "data" / "store-v2.sql").read_text(encoding="utf-8")
    if version == 1:  # version 1 had no `position`
        script = script.replace(
            "    position INTEGER NOT NULL,       -- place among the same-unit numbers of its sentence\n", ""
        )
        script = script.replace(" qualifiers, position,", " qualifiers,").replace("'[]', 0, 2023", "'[]', 2023")
        script = script.replace("'schema_version', '2'", "'schema_version', '1'")
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(script)
    conn.close()
    with Store.open(path) as st:
        assert st.migrated_from == version
        (src,) = st.sources()
        texts = [f.mention.quantity.text for f in st.figures()]
        assert (src.title, src.published, src.key) == (
            "Riverton Water Company - Annual Performance Report 2023",
            "2024-01-31",
            "riverton.txt",
        )
        assert "48.2 million cubic metres" in texts
    with Store.open(path) as st:  # once is enough
        assert st.migrated_from is None
        assert st.conn.execute("SELECT value FROM meta").fetchone()[0] == str(SCHEMA_VERSION)


def test_a_store_from_a_newer_verify_is_refused_untouched(tmp_path, source):
    path = tmp_path / "s.db"
    with Store.open(path, create=True) as st:
        ingest_files(st, [str(source)])
        st.conn.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(SCHEMA_VERSION + 1),))
    before = _dump(path)
    with pytest.raises(StoreError, match=rf"newer verify \(schema version {SCHEMA_VERSION + 1}.*upgrade verify"):
        Store.open(path)
    assert _dump(path) == before


# ---- safety ----------------------------------------------------------------------------
def test_readers_are_not_blocked_by_a_writer(tmp_path, source):
    path = tmp_path / "s.db"
    with Store.open(path, create=True) as st:
        ingest_files(st, [str(source)])
    writer = Store.open(path)
    writer.conn.execute("BEGIN IMMEDIATE")
    writer.conn.execute("UPDATE figures SET value = 1 WHERE status = 'active'")
    reader = Store.open(path)
    reader.conn.execute("PRAGMA busy_timeout = 0")  # a wait would fail rather than hang
    try:
        assert sorted(f.mention.quantity.value for f in reader.search(["water", "resident"])) == [412000.0, 48.2e6]
        assert len(reader.sources()) == 1
    finally:
        writer.conn.execute("ROLLBACK")
        writer.close()
        reader.close()


KILLED = """
import sys
from verify.store.ingest import ingest_files
from verify.store.db import SCHEMA_VERSION, Store
with Store.open(sys.argv[1]) as st:
    ingest_files(st, sys.argv[2:])
"""


def test_an_ingest_killed_mid_write_leaves_the_store_as_it_was(tmp_path, source):
    """A real process, killed with SIGKILL while it holds the write lock."""
    import os
    import signal
    import subprocess
    import sys
    import time

    path = tmp_path / "s.db"
    with Store.open(path, create=True) as st:
        ingest_files(st, [str(source)])
    before = _dump(path)
    docs = []
    for d in range(12):  # enough figures that writing them takes a while
        lines = [f"Plant {d}-{i} produced {i + 1}.{d} million tonnes of steel in 2023." for i in range(400)]
        doc = tmp_path / f"bulletin-{d}.txt"
        doc.write_text(f"Bulletin {d}\nIssued 2024-02-0{d % 9 + 1}\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
        docs.append(str(doc))
    proc = subprocess.Popen([sys.executable, "-c", KILLED, str(path), *docs])
    probe = sqlite3.connect(path, timeout=0, isolation_level=None)
    killed_while_writing = False
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
        except sqlite3.OperationalError:  # the ingest holds the write lock: it is writing
            os.kill(proc.pid, signal.SIGKILL)
            killed_while_writing = True
            break
        time.sleep(0.002)
    proc.wait()
    probe.close()
    assert killed_while_writing and proc.returncode == -signal.SIGKILL
    with Store.open(path) as st:
        assert st.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert st.count_figures() == 3 and len(st.sources()) == 1
    assert _dump(path) == before


def test_a_name_cut_short_by_stemming_still_finds_its_figures(tmp_path):
    """ "Harling" reads as "harl" among a claim's subject words (as "rising" reads "ris"):
    the index finds the name it starts."""
    doc = tmp_path / "towns.txt"
    doc.write_text(
        "Towns\nIssued 2024-01-31\n\nDorset's exports reached 6 billion yuan in 2023.\n\n"
        "Harling's exports reached 5 billion yuan in 2023.\n",
        encoding="utf-8",
    )
    with Store.open(tmp_path / "s.db", create=True) as st:
        ingest_files(st, [str(doc)])
        first = st.search(["export", "harl"])[0]
    assert first.mention.frame.entity_name == "Harling"


@pytest.mark.parametrize("by", ["this store", "another connection"])
def test_a_search_kept_is_asked_again_once_the_store_is_written(tmp_path, by):
    """A store keeps the answers of its searches (claims about one metric ask the same):
    a figure written since, by this store or by another connection (a server's reader
    refreshes before each request), is found at the next search."""
    towns = tmp_path / "towns.txt"
    towns.write_text("Towns\nIssued 2024-01-31\n\nDorset's exports reached 6 billion yuan in 2023.\n", encoding="utf-8")
    more = tmp_path / "more.txt"
    more.write_text(
        "More towns\nIssued 2024-02-29\n\nKelby's exports reached 2 billion yuan in 2023.\n", encoding="utf-8"
    )
    with Store.open(tmp_path / "s.db", create=True) as st:
        ingest_files(st, [str(towns)])
        st.refresh()  # as a server's reader does before each request
        before = {f.mention.frame.entity_name for f in st.search(["export"])}
        if by == "this store":
            ingest_files(st, [str(more)])
        else:
            with Store.open(tmp_path / "s.db") as other:
                ingest_files(other, [str(more)])
            st.refresh()
        after = {f.mention.frame.entity_name for f in st.search(["export"])}
    assert before == {"Dorset"} and after == {"Dorset", "Kelby"}


def test_datasette_finds_the_search_index(tmp_path, source):
    """Datasette offers full-text search on a table when an FTS table names it as its
    content (its `detect_fts` query, here without Datasette itself)."""
    path = tmp_path / "s.db"
    with Store.open(path, create=True) as st:
        ingest_files(st, [str(source)])
    conn = sqlite3.connect(path)
    found = conn.execute(
        "SELECT name FROM sqlite_master WHERE rootpage = 0 AND sql LIKE '%VIRTUAL TABLE%USING FTS%content=\"figures\"%'"
    ).fetchall()
    rows = conn.execute(
        "SELECT f.text FROM figures f JOIN figures_fts ON figures_fts.rowid = f.id WHERE figures_fts MATCH 'water'"
    ).fetchall()
    conn.close()
    assert found == [("figures_fts",)] and ("48.2 million cubic metres",) in rows
