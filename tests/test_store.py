"""The store: ingest with provenance, idempotence, and refusing what it cannot read."""

from __future__ import annotations

import sqlite3

import pytest

from verify.errors import InputError, StoreError
from verify.ingest import find_date, ingest_files
from verify.seeds import default_store, seed_sources, seeds_dir
from verify.store import Store

SOURCE = """Riverton Water Company - Annual Performance Report 2023
Issued 2024-01-31

In 2023 Riverton Water delivered 48.2 million cubic metres of drinking water to 412,000 residents.
Capital investment totalled $31 million.
"""


@pytest.fixture
def source(tmp_path):
    p = tmp_path / "riverton.txt"
    p.write_text(SOURCE, encoding="utf-8")
    return p


def test_ingest_keeps_provenance(tmp_path, source):
    with Store.open(tmp_path / "s.db", create=True) as st:
        (r,) = ingest_files(st, [str(source)])
        figures = st.figures()
        (src,) = st.sources()
    assert r.new and r.figures == len(figures) == 3
    assert src.published == "2024-01-31" and src.title.startswith("Riverton Water Company")
    f = figures[0]
    assert SOURCE[f.mention.quantity.start:f.mention.quantity.end] == "48.2 million cubic metres"
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


@pytest.mark.parametrize("make,problem", [
    (lambda p: None, "no such store"),
    (lambda p: p.write_bytes(b"not a database at all" * 100), "not a verify store"),
    (lambda p: sqlite3.connect(p).execute("CREATE TABLE t (x)").connection.commit(), "not a verify store"),
    (lambda p: p.mkdir(), "is a directory"),
], ids=["missing", "not-sqlite", "other-sqlite", "directory"])
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


@pytest.mark.parametrize("text,date", [
    ("By Zhao Ruinan Source: China Daily Updated: 2024-05-20\n", "2024-05-20"),
    ("SHENZHEN, China, April 2, 2025 /PRNewswire/ -- A report", "2025-04-02"),
    ("Annual report\nIssued 2024-01-31\n", "2024-01-31"),
    ("No date here.", None),
])
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

    from verify import seeds

    copy = tmp_path / "seeds"
    shutil.copytree(seeds_dir(), copy)
    monkeypatch.setattr(seeds, "seeds_dir", lambda: copy)
    with default_store() as st:
        before = st.count_figures()
    name = next(p for p in copy.iterdir() if p.suffix == ".txt")
    name.write_text(name.read_text(encoding="utf-8") + "\nExports reached 7 million tonnes last year.\n", encoding="utf-8")
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
    assert HTML[f.mention.quantity.start:f.mention.quantity.end] == "5.2 billion yuan"
    assert "export" in f.mention.subject
