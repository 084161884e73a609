"""Issue 15: faults from outside verify (other writers, the disk, hostile or huge input)
never poison the store and are each one line naming the cause and a fix."""

from __future__ import annotations

import json
import multiprocessing
import random
import re
import sqlite3
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from verify.adapters.cli import main
from verify.errors import StoreAccessError, StoreBusyError, StoreDamagedError, StoreError, StoreFullError, VerifyError
from verify.reading import sourcetext
from verify.store import db as store_mod
from verify.store import ingest
from verify.store.db import SCHEMA_VERSION, Store
from verify.store.ingest import ingest_files, ingest_text, prepare, title_of

# a water company's annual report (tests/data), shared with the `source` fixture (conftest.py)
SOURCE = (Path(__file__).parent / "data" / "riverton-water-2023.txt").read_text(encoding="utf-8")


@pytest.fixture
def filled(tmp_path, source):
    """A store holding the Riverton report."""
    path = tmp_path / "s.db"
    with Store.open(path, create=True) as st:
        ingest_files(st, [str(source)])
    return path


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    assert err.startswith("verify: error: ") and err.count("\n") == 1, err
    return err


# ---- the store's surroundings: each failure named by its cause -------------------------
def test_a_store_in_a_missing_folder_says_so(tmp_path, source, capsys):
    path = tmp_path / "no" / "such" / "s.db"
    with pytest.raises(StoreAccessError, match="there is no folder .*create the folder first"):
        Store.open(path, create=True)
    code, _, err = run(capsys, "ingest", source, "--store", path)
    assert code == 2 and "there is no folder" in one_line(err) and "not a verify store" not in err
    assert not path.parent.exists()


def test_a_busy_store_is_named_busy(filled, tmp_path, capsys, monkeypatch):
    """Another writer holds the lock longer than verify waits: one line, exit 2."""
    other = tmp_path / "other.txt"
    other.write_text("Output reached 5 million tonnes in 2022.\n", encoding="utf-8")
    holder = sqlite3.connect(filled, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(store_mod, "LOCK_WAIT", 0.2)
    try:
        with Store.open(filled) as st:
            with pytest.raises(StoreBusyError, match=r"store is busy \(locked by another writer\).*try again"):
                ingest_files(st, [str(other)])
        code, _, err = run(capsys, "ingest", other, "--store", filled)
        assert code == 2 and "store is busy (locked by another writer)" in one_line(err)
        assert "internal error" not in err and "try again" in err
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Store.open(filled) as st:  # nothing of it was written
        assert len(st.sources()) == 1


def test_a_store_that_cannot_be_written_is_named_read_only(filled, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("Output reached 5 million tonnes in 2022.\n", encoding="utf-8")
    with Store.open(filled) as st:
        st.conn.execute("PRAGMA query_only = 1")  # SQLite refuses writes as on a read-only file
        with pytest.raises(StoreAccessError, match="is read-only: verify cannot write to it"):
            ingest_files(st, [str(other)])
        assert len(st.sources()) == 1


def test_a_full_disk_is_named_full(filled, tmp_path):
    """SQLite's own limit on pages gives the error a full disk gives (SQLITE_FULL)."""
    big = tmp_path / "big.txt"
    big.write_text(
        "Bulletin\nIssued 2024-02-01\n\n"
        + "\n\n".join(f"Plant {i} produced {i + 1}.5 million tonnes of steel in 2023." for i in range(300)),
        encoding="utf-8",
    )
    with Store.open(filled) as st:
        pages = st.conn.execute("PRAGMA page_count").fetchone()[0]
        st.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
        with pytest.raises(StoreFullError, match="the disk it is on is full") as err:
            ingest_files(st, [str(big)])
        assert err.value.status == 507
        st.conn.execute("PRAGMA max_page_count = 1073741823")
        assert len(st.sources()) == 1 and st.count_figures() == 3  # rolled back whole


def test_a_damaged_store_is_named_damaged(filled, tmp_path, capsys):
    data = bytearray(filled.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page:] = bytes(random.Random(1).getrandbits(8) for _ in range(len(data) - page))  # all but the schema page
    filled.write_bytes(bytes(data))
    draft = tmp_path / "d.md"
    draft.write_text("Riverton Water delivered 48.2 million cubic metres of water in 2023.\n", encoding="utf-8")
    code, _, err = run(capsys, "check", draft, "--store", filled)
    assert code == 2 and "is damaged" in one_line(err) and "internal error" not in err
    with pytest.raises(StoreDamagedError, match="restore it from a backup"):
        with Store.open(filled) as st:
            st.figures()


def test_every_store_failure_is_a_store_error_with_a_status():
    for cls in (StoreBusyError, StoreAccessError, StoreFullError, StoreDamagedError):
        assert issubclass(cls, StoreError) and issubclass(cls, VerifyError) and 500 <= cls.status < 600
    assert StoreBusyError.retry_after > 0


# ---- several processes creating one new store ------------------------------------------
def _create(paths: list[str], barrier, results) -> None:
    for path in paths:
        try:
            barrier.wait(timeout=30)  # all at once
            with Store.open(path, create=True) as st:
                results.put((path, "ok", st.conn.execute("PRAGMA journal_mode").fetchone()[0]))
        except Exception as exc:  # reported to the test, which fails on it
            results.put((path, "error", f"{type(exc).__name__}: {exc}"))


def test_several_processes_can_create_the_same_new_store(tmp_path):
    """Four processes open each of five new stores at the same moment, with `create`."""
    ctx = multiprocessing.get_context("spawn")
    n = 4
    paths = [str(tmp_path / f"new-{r}.db") for r in range(5)]
    barrier, results = ctx.Barrier(n), ctx.Queue()
    procs = [ctx.Process(target=_create, args=(paths, barrier, results)) for _ in range(n)]
    for p in procs:
        p.start()
    got = sorted(results.get(timeout=60) for _ in range(n * len(paths)))
    for p in procs:
        p.join(timeout=30)
    assert got == sorted((path, "ok", "wal") for path in paths for _ in range(n))
    for path in paths:
        with Store.open(path) as st:
            assert st.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert st.conn.execute("SELECT value FROM meta").fetchone()[0] == str(SCHEMA_VERSION)


# ---- reading holds no lock ----------------------------------------------------------------
def test_a_document_is_read_before_the_store_is_locked(filled, monkeypatch):
    """While a document is read (which may take long), another writer can take the lock."""
    seen = []
    real = ingest.read

    def read(*args, **kwargs):
        probe = sqlite3.connect(filled, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            seen.append("free")
        except sqlite3.OperationalError:
            seen.append("locked")
        finally:
            probe.close()
        return real(*args, **kwargs)

    monkeypatch.setattr(ingest, "read", read)
    with Store.open(filled) as st:
        done = ingest_text(st, "Output reached 5 million tonnes in 2022.\n", path="late.txt")
        assert done.state == "new" and seen == ["free"]
        assert len(st.sources()) == 2


# ---- documents known by their full path -------------------------------------------------
def test_two_files_of_one_name_in_two_folders_are_two_documents(tmp_path, capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "report.txt").write_text("Region A\nIssued 2024-01-31\n\nExports reached 5 billion yuan in 2023.\n")
    (b / "report.txt").write_text("Region B\nIssued 2024-01-31\n\nImports reached 7 billion yuan in 2023.\n")
    db = tmp_path / "s.db"
    assert run(capsys, "ingest", a / "report.txt", b / "report.txt", "--store", db)[0] == 0
    with Store.open(db) as st:
        assert sorted(s.key for s in st.sources()) == [
            str((a / "report.txt").resolve()),
            str((b / "report.txt").resolve()),
        ]
        assert {s.path for s in st.sources()} == {"report.txt"}  # named as before
    (a / "report.txt").write_text("Region A\nIssued 2024-02-28\n\nExports reached 6 billion yuan in 2023.\n")
    code, out, _ = run(capsys, "ingest", a / "report.txt", "--store", db)
    assert code == 0 and "a new version (1 figures of the previous one superseded)" in out
    with Store.open(db) as st:
        current = {s.title: s for s in st.sources()}
        assert set(current) == {"Region A", "Region B"} and len(st.sources(every_version=True)) == 3


def _as_version_4(path: Path) -> None:
    """Make a store what verify wrote before schema 5: documents keyed by file name alone."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TABLE legacy_keys")
    conn.execute("UPDATE sources SET key = ? WHERE url IS NULL", ("riverton.txt",))
    conn.execute("UPDATE reviews SET source_key = 'riverton.txt'")
    conn.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    conn.close()


def test_a_store_keyed_by_file_name_is_migrated_and_taken_over(filled, source, tmp_path, capsys):
    """A version 4 store knew documents by file name: the first file of that name ingested
    since takes the document over (its versions and reviews); another folder's file of
    that name is then a document of its own."""
    with Store.open(filled) as st:
        fid = next(f.id for f in st.figures() if f.mention.quantity.text == "$31 million")
    assert run(capsys, "reject", fid, "--note", "a typo", "--store", filled)[0] == 0
    _as_version_4(filled)
    with Store.open(filled) as st:
        assert st.migrated_from == 4 and [s.key for s in st.sources()] == ["riverton.txt"]
    source.write_text(SOURCE.replace("412,000", "415,000"), encoding="utf-8")
    code, out, _ = run(capsys, "ingest", source, "--store", filled)
    assert code == 0 and "a new version" in out and "1 editor reviews applied" in out
    with Store.open(filled) as st:
        assert {s.key for s in st.sources(every_version=True)} == {str(source.resolve())}
        assert [r["source_key"] for r in st.reviews()] == [str(source.resolve())]
    elsewhere = tmp_path / "other"
    elsewhere.mkdir()
    (elsewhere / "riverton.txt").write_text(SOURCE.replace("$31 million", "$9 million"), encoding="utf-8")
    code, out, _ = run(capsys, "ingest", elsewhere / "riverton.txt", "--store", filled)
    assert code == 0 and "new version" not in out
    with Store.open(filled) as st:
        assert len(st.sources()) == 2


def test_a_version_4_store_is_read_where_it_cannot_be_migrated(filled, monkeypatch):
    _as_version_4(filled)

    def refuse(self):
        raise StoreAccessError("is read-only: verify cannot write to it", where=self.conn.where)

    monkeypatch.setattr(store_mod._Transaction, "__enter__", refuse)
    with Store.open(filled) as st:
        assert st.migrated_from is None and st.count_figures() == 3


# ---- HTML in linear time ------------------------------------------------------------------
_DROP = r"(?is)<(script|style|nav|header|footer|aside|figcaption|noscript|form|button|svg|template|iframe|select)\b.*?</\1\s*>"  # noqa: E501  (one pattern, kept whole)


def _reference_prepare(text: str) -> str:
    """prepare() for HTML as verify wrote it before (quadratic on hostile pages), minus boilerplate."""
    chars = list(text)
    for pattern in (re.compile(_DROP), re.compile(r"<[^>]*>"), re.compile(r"&[a-z]+;|&#\d+;")):
        for m in pattern.finditer(text):
            for i in range(*m.span()):
                if chars[i] != "\n":
                    chars[i] = " "
    for m in sourcetext._BLOCK_TAG.finditer(text):
        if m.end() - m.start() >= 2:
            chars[m.start()] = chars[m.start() + 1] = "\n"
    return "".join(chars)


def _reference_title(text: str) -> str | None:
    m = re.compile(r"(?is)<title[^>]*>(.*?)</title>|<h1[^>]*>(.*?)</h1>").search(text)
    if not m or not (m.group(1) or m.group(2)):
        return None
    return " ".join(re.sub(r"<[^>]*>", " ", m.group(1) or m.group(2)).split())[:200] or None


PIECES = [
    "<nav>",
    "</nav>",
    "<NAV class='x'>",
    "</nav >",
    "<script>",
    "</script>",
    "<p>",
    "</p>",
    "<br/>",
    "<div",
    ">",
    "<",
    "&amp;",
    "&#39;",
    "&",
    "\n",
    "Exports rose 5%",
    " in 2023.",
    "<title>",
    "</title>",
    "<h1>",
    "</h1>",
    "<svg",
    "</svg>",
    "<header>",
    "</footer>",
    "x",
    " ",
]


@pytest.mark.parametrize("seed", range(200))
def test_html_reading_is_what_it_was(seed):
    """The linear reading gives exactly what the old patterns gave, on random tag soup."""
    rng = random.Random(seed)
    text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 60)))
    blanked = prepare(text, "page.html")
    assert len(blanked) == len(text)
    reference = _reference_prepare(text)
    for line_got, line_want in zip(blanked.split("\n"), reference.split("\n")):
        assert line_got == line_want or not line_got.strip()  # a boilerplate line may be blanked besides
    assert title_of(text, "page.html") == (_reference_title(text) or "page.html")


@pytest.mark.parametrize(
    "hostile",
    [
        "<nav" * 10_000,
        "<" * 40_000,
        "<title" * 10_000,
        "<p" * 20_000,
        "<h1>" + "<h1" * 10_000,
        "&" + "a" * 40_000,
        "</nav" * 10_000,
    ],
    ids=["unclosed-nav", "lt", "unclosed-title", "unclosed-p", "h1", "entity", "closings"],
)
def test_hostile_html_is_prepared_in_linear_time(hostile):
    start = time.perf_counter()
    prepare(hostile, "page.html")
    title_of(hostile, "page.html")
    small = time.perf_counter() - start
    start = time.perf_counter()
    prepare(hostile * 4, "page.html")
    title_of(hostile * 4, "page.html")
    large = time.perf_counter() - start
    assert large < 0.5 and large < 12 * small + 0.05  # four times the text: about four times the time


# ---- the service stays up: checks in worker processes, under a time limit ------------------
TOKEN = "test-token-0123456789"


@contextmanager
def serving(store_path, **options):
    """The app in this process, served by uvicorn in a thread on a free port; yields its URL."""
    import uvicorn

    from verify.adapters.server import create_app, listen

    sock = listen("127.0.0.1", 0)
    app = create_app(store_path, token=TOKEN, **options)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.02)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


def call(url: str, body=None, headers: dict | None = None, timeout: float = 60):
    """(status, headers, parsed JSON) of one request; errors are answers too."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), json.loads(e.read())


def health_while(url: str, busy: threading.Thread) -> list[float]:
    """How long each /healthz took, asked every 50 ms while `busy` runs."""
    times = []
    while busy.is_alive():
        start = time.perf_counter()
        status, _, body = call(url + "/healthz", timeout=10)
        times.append(time.perf_counter() - start)
        assert status == 200 and body["status"] == "ok"
        time.sleep(0.05)
    return times


def in_thread(fn, *args) -> tuple[threading.Thread, dict]:
    out: dict = {}
    thread = threading.Thread(target=lambda: out.update(answer=fn(*args)))
    thread.start()
    return thread, out


def test_health_answers_while_a_long_check_runs_and_the_check_is_stopped(filled):
    """A draft that is slow by its size (3 MB: about 20 s to check) is stopped at the
    time limit with a 503; /healthz answers at once all the while; the next check is served."""
    draft = "\n\n".join(
        f"Riverton Water delivered {i % 90 + 10}.{i % 7} million cubic metres of water in 2023." for i in range(44_000)
    )
    assert len(draft) > 3_000_000
    with serving(filled, max_body=5_000_000, time_limit=1.5, workers=1) as url:
        started = time.perf_counter()
        check, out = in_thread(call, url + "/v1/check", {"text": draft})
        times = health_while(url, check)
        took = time.perf_counter() - started
        status, headers, body = out["answer"]
        assert (status, body["error"]["code"]) == (503, "time_limit"), body
        assert "longer than 1.5 s and was stopped" in body["error"]["message"] and 1.4 < took < 5
        assert len(times) >= 10 and max(times) < 1.0 and sorted(times)[len(times) // 2] < 0.1, times
        status, _, report = call(
            url + "/v1/check", {"text": "Riverton Water delivered 48.2 million cubic metres of drinking water in 2023."}
        )
        assert status == 200 and report["claims"][0]["verdict"] == "supported"  # a new worker took over


@pytest.mark.parametrize("hostile", ["1%" * 2500, "<" + "a@" * 2500 + "a"], ids=["percents", "at-signs"])
def test_a_hostile_body_never_stalls_the_service(filled, hostile):
    """5 kB bodies that once froze /healthz for 15 s (a pattern holding the GIL): whether
    the check is quick or is stopped at its limit, /healthz answers meanwhile."""
    with serving(filled, time_limit=1.0, workers=1) as url:
        check, out = in_thread(call, url + "/v1/check", {"text": hostile})
        times = health_while(url, check)
        status, _, body = out["answer"]
        assert status == 200 or (status, body["error"]["code"]) == (503, "time_limit")
        assert max(times, default=0) < 1.0, times


def test_a_busy_store_is_a_503_with_retry_after(filled):
    holder = sqlite3.connect(filled, isolation_level=None)
    source = {"text": "Output reached 5 million tonnes in 2022.", "filename": "late.txt"}
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with serving(filled, lock_wait=0.2, workers=1) as url:
        holder.execute("BEGIN IMMEDIATE")
        try:
            status, headers, body = call(url + "/v1/sources", source, auth)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert (status, body["error"]["code"]) == (503, "store_busy") and int(headers["retry-after"]) > 0
        assert "store is busy (locked by another writer)" in body["error"]["message"]
        status, _, body = call(url + "/v1/sources", source, auth)
        assert status == 201 and body["state"] == "new"


def test_a_slow_document_does_not_lock_the_store(filled, tmp_path):
    """While the service reads a long document, a command-line ingest writes at once."""
    big = "Bulletin\nIssued 2024-02-01\n\n" + "\n\n".join(
        f"Plant {i} produced {i % 90 + 1}.5 million tonnes of steel in 2023." for i in range(2500)
    )
    other = tmp_path / "other.txt"
    other.write_text("Output reached 5 million tonnes in 2022.\n", encoding="utf-8")
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with serving(filled, workers=1) as url:
        post, out = in_thread(call, url + "/v1/sources", {"text": big, "filename": "big.txt"}, auth)
        time.sleep(0.2)  # the service is reading it now
        assert post.is_alive()
        with Store.open(filled, lock_wait=0.5) as st:
            (done,) = ingest_files(st, [str(other)])
        post.join()
    assert done.state == "new" and out["answer"][0] == 201
    with Store.open(filled) as st:
        assert {s.path for s in st.sources()} == {"riverton.txt", "other.txt", "big.txt"}


def test_a_worker_error_is_answered_as_itself(filled):
    """A document with no figures is refused in the worker that read it: 400, its message."""
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with serving(filled, workers=1) as url:
        status, _, body = call(url + "/v1/sources", {"text": "Nothing here is counted.", "filename": "words.txt"}, auth)
    assert (status, body["error"]["code"]) == (400, "input_error")
    assert body["error"]["message"].startswith("words.txt: has no figures")


def test_a_full_queue_is_a_503_with_retry_after(filled):
    """One worker and no room to wait: of two checks at once, the one that finds the worker
    at work is refused at once (503 overloaded, Retry-After), not queued behind the other;
    /healthz still answers. (Which of the two reaches the worker first is the machine's to
    say: on a busy one, the small check may overtake the big one while its body is read.)"""
    draft = "\n\n".join(
        f"Riverton Water delivered {i % 90 + 10}.{i % 7} million cubic metres of water in 2023." for i in range(8_000)
    )

    def timed(*args):
        started = time.perf_counter()
        return (*call(*args), time.perf_counter() - started)

    with serving(filled, max_body=5_000_000, time_limit=1.0, workers=1, waiting=0) as url:
        first, out = in_thread(timed, url + "/v1/check", {"text": draft})
        time.sleep(0.2)  # the big check is (most likely) in the worker now
        second = timed(url + "/v1/check", {"text": "Exports rose 5% in 2023."})
        assert call(url + "/healthz")[0] == 200
        first.join()
    answers = [out["answer"], second]
    refused = [a for a in answers if a[0] == 503 and a[2]["error"]["code"] == "overloaded"]
    assert len(refused) == 1, answers
    status, headers, body, took = refused[0]
    assert int(headers["retry-after"]) > 0 and "the service is busy" in body["error"]["message"]
    assert took < 0.5, "refused at once, not after waiting for the worker"
    (served,) = [a for a in answers if a is not refused[0]]
    assert served[0] in (200, 503)  # the big check may be stopped at its time limit


# ---- a failed ingest makes no store; an empty store is said to be empty ---------------------
def _write_fails(monkeypatch):
    def full(*args, **kwargs):
        raise StoreFullError("cannot be written: the disk it is on is full", where="s.db", fix="free some space")

    monkeypatch.setattr(ingest, "write", full)


# (rule, the file's text, what breaks, the error's words)
NO_STORE_LEFT = [
    ("a source with no figures", "Nothing here is counted.\n", None, "has no figures"),
    (
        "a figure past the largest number",
        "Bulletin\n\nExports reached 1e400 yuan in 2023.\n",
        None,
        "src.txt:3: figure '1e400 yuan' is not a finite number",
    ),
    ("a source that is not text", "\x00\x01binary", None, "is not text"),
    ("a write that fails", SOURCE, _write_fails, "the disk it is on is full"),
]


@pytest.mark.parametrize("text,breaks,words", [c[1:] for c in NO_STORE_LEFT], ids=[c[0] for c in NO_STORE_LEFT])
def test_a_failed_ingest_into_a_new_store_leaves_no_store(tmp_path, capsys, monkeypatch, text, breaks, words):
    src = tmp_path / "src.txt"
    src.write_text(text, encoding="utf-8")
    if breaks:
        breaks(monkeypatch)
    code, _, err = run(capsys, "ingest", src, "--store", tmp_path / "new.db")
    assert code == 2 and words in one_line(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["src.txt"]


def test_a_failed_ingest_into_an_existing_store_keeps_it(filled, tmp_path, capsys):
    src = tmp_path / "src.txt"
    src.write_text("Bulletin\n\nExports reached 1e400 yuan in 2023.\n", encoding="utf-8")
    code, _, err = run(capsys, "ingest", src, "--store", filled)
    assert code == 2 and "is not a finite number" in one_line(err)
    with Store.open(filled) as st:
        assert [s.path for s in st.sources()] == ["riverton.txt"] and st.count_figures() == 3


def test_a_check_against_a_store_with_no_figures_warns_once(tmp_path, capsys):
    empty = tmp_path / "empty.db"
    Store.open(empty, create=True).close()
    draft = tmp_path / "d.md"
    draft.write_text(
        "---\ndate: 2024-05-01\n---\nRiverton Water delivered 48.2 million cubic metres in 2023.\n", encoding="utf-8"
    )
    code, out, err = run(capsys, "check", draft, "--store", empty, "--format", "json")
    assert code == 0 and json.loads(out)["claims"][0]["verdict"] == "unknown"  # verdicts as they are
    assert err == (
        f"{empty}: warning: the store holds no figures, so no claim can be judged"
        f" (fill it with `verify ingest FILE --store {empty}`)\n"
    )


def test_the_service_refuses_a_figure_that_is_no_finite_number(filled):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with serving(filled, workers=1) as url:
        status, _, body = call(
            url + "/v1/sources",
            {"text": "Bulletin\n\nExports reached 1e400 yuan in 2023.", "filename": "poisoned.txt"},
            auth,
        )
        assert (status, body["error"]["code"]) == (400, "input_error")
        assert body["error"]["message"].startswith("poisoned.txt:3: figure '1e400 yuan' is not a finite number")
        _, _, health = call(url + "/healthz")
    assert (health["sources"], health["figures"]) == (1, 3)
