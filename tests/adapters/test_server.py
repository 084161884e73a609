"""verify serve, as a real process on 127.0.0.1 spoken to over HTTP.

The service must give what the CLI gives, keep writes behind the token, answer every
error with one JSON shape and its status, and keep serving while an ingest runs.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from helpers import call, free_port, server

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = "claims/jiangxi-economy.md"
SEED = ROOT / "seeds" / "2024-05-20-chinadaily-jiangxi-open-economy.txt"
TOKEN = "test-token-0123456789"


@pytest.fixture(scope="module")
def default_server():
    with server() as url:
        yield url


@pytest.fixture(scope="module")
def writable(tmp_path_factory):
    """A server with the token over a store made by `verify ingest` (serve makes none)."""
    folder = tmp_path_factory.mktemp("srv")
    path, first = folder / "store.db", folder / "riverton.txt"
    first.write_text(
        "Riverton Water report\nIssued 2024-01-31\n\n"
        "In 2023 Riverton Water delivered 48.2 million cubic metres of drinking water.\n",
        encoding="utf-8",
    )
    assert (
        subprocess.run(
            [sys.executable, "-m", "verify", "ingest", str(first), "--store", str(path)], capture_output=True
        ).returncode
        == 0
    )
    with server("--store", str(path), "--max-body", "200000", token=TOKEN) as url:
        yield url, path


def test_check_gives_exactly_what_the_cli_gives(default_server):
    text = (ROOT / EXAMPLE).read_text(encoding="utf-8")
    status, headers, body = call(default_server + "/v1/check", "POST", {"text": text, "filename": EXAMPLE})
    cli = subprocess.run(
        [sys.executable, "-m", "verify", "check", EXAMPLE, "--format", "json"], cwd=ROOT, capture_output=True
    )
    assert cli.returncode == 1  # the example has a contradicted claim
    assert (status, headers["content-type"]) == (200, "application/json")
    assert body == cli.stdout


# ---- the server reads the CLI's settings: a verify.toml changes both alike -----------------

CONFIG_DRAFT = (
    "---\ndate: 2025-04-03\n---\n\nJiangxi signed 83 projects at the conference.\n\n"
    "Jiangxi's foreign trade reached 569 billion yuan in 2023.\n\n"
    "Jiangxi's foreign trade came to 600 billion yuan in 2023.\n"
)
CONFIGS = {
    "defaults": "",
    "words-must-match-outright": "[tolerances]\nmatch = 101\nagree = 101\n",
    "rounding-covers-more": "[tolerances]\nrounding_cap = 0.5\n",
}


def _cli_check(folder: Path, *args: str) -> bytes:
    return subprocess.run(
        [sys.executable, "-m", "verify", "check", "d.md", "--format", "json", *args],
        cwd=folder,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ).stdout


def asgi_post(app, path: str, body: dict) -> tuple[int, bytes]:
    """(status, body) of one JSON POST to an ASGI app in this process, its lifespan run
    around it (the worker pool started and closed): no HTTP client, no socket."""
    import asyncio

    async def go():
        events: asyncio.Queue = asyncio.Queue()
        started, done = asyncio.Event(), asyncio.Event()

        async def life_receive():
            if not started.is_set():
                started.set()
                return {"type": "lifespan.startup"}
            await done.wait()
            return {"type": "lifespan.shutdown"}

        ready = asyncio.Event()

        async def life_send(message):
            if message["type"] == "lifespan.startup.complete":
                ready.set()
            elif message["type"].endswith("failed"):
                raise RuntimeError(message)

        life = asyncio.create_task(app({"type": "lifespan", "asgi": {"version": "3.0"}}, life_receive, life_send))
        await ready.wait()
        data = json.dumps(body).encode()
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "scheme": "http",
            "root_path": "",
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())],
            "client": ("127.0.0.1", 1),
            "server": ("127.0.0.1", 80),
        }
        sent = False

        async def receive():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": data, "more_body": False}
            await asyncio.Event().wait()

        async def send(message):
            await events.put(message)

        await app(scope, receive, send)
        status, chunks = 0, []
        while not events.empty():
            m = events.get_nowait()
            if m["type"] == "http.response.start":
                status = m["status"]
            elif m["type"] == "http.response.body":
                chunks.append(m.get("body", b""))
        done.set()
        await life
        return status, b"".join(chunks)

    return asyncio.run(go())


@pytest.mark.parametrize("settings", list(CONFIGS), ids=list(CONFIGS))
def test_serve_config_judges_as_check_config_does(tmp_path, monkeypatch, settings):
    """`verify serve --config F` hands the app what `verify check --config F` judges with:
    the app, driven in this process, answers exactly what the CLI prints."""
    from verify.adapters import cli
    from verify.adapters import server as service

    (tmp_path / "d.md").write_text(CONFIG_DRAFT, encoding="utf-8")
    (tmp_path / "verify.toml").write_text(CONFIGS[settings], encoding="utf-8")
    expected = _cli_check(tmp_path, "--config", str(tmp_path / "verify.toml"))
    given = {}
    monkeypatch.setattr(service, "serve", lambda host, port, store_path, **kw: given.update(kw, store_path=store_path))
    assert cli.main(["serve", "--config", str(tmp_path / "verify.toml")]) == 0
    app = service.create_app(given["store_path"], workers=1, tolerances=given["tolerances"])
    assert asgi_post(app, "/v1/check", {"text": CONFIG_DRAFT, "filename": "d.md"}) == (200, expected)
    verdicts = [c["verdict"] for c in json.loads(expected)["claims"]]
    assert (
        verdicts
        == {
            "defaults": ["supported", "supported", "contradicted"],
            "words-must-match-outright": ["unknown", "supported", "contradicted"],
            "rounding-covers-more": ["supported", "supported", "supported"],
        }[settings]
    )


def test_serve_finds_the_verify_toml_check_finds(tmp_path):
    """No --config: both read the verify.toml nearest the folder they run in."""
    (tmp_path / "d.md").write_text(CONFIG_DRAFT, encoding="utf-8")
    (tmp_path / "verify.toml").write_text(CONFIGS["words-must-match-outright"], encoding="utf-8")
    expected = _cli_check(tmp_path)
    assert [c["verdict"] for c in json.loads(expected)["claims"]][0] == "unknown"
    with server("--workers", "1", cwd=tmp_path) as url:
        status, _, body = call(url + "/v1/check", "POST", {"text": CONFIG_DRAFT, "filename": "d.md"})
    assert status == 200 and body == expected


def test_check_takes_the_date_for_relative_periods(default_server):
    draft = {"text": "Jiangxi's foreign trade reached 569 billion yuan last year.", "date": "2024-05-22"}
    status, _, body = call(default_server + "/v1/check", "POST", draft)
    report = json.loads(body)
    assert status == 200 and report["claims"][0]["verdict"] == "supported"
    assert report["claims"][0]["period"]["start"] == 2023


def test_figures_sources_and_health(default_server):
    status, _, body = call(default_server + "/v1/figures?q=foreign%20trade&limit=3")
    figures = json.loads(body)["figures"]
    assert status == 200 and 0 < len(figures) <= 3
    assert {"value", "unit", "quote", "source"} <= set(figures[0])
    assert any(f["text"] == "569 billion yuan" for f in figures)
    status, _, body = call(default_server + "/v1/sources")
    assert status == 200 and {s["publisher"] for s in json.loads(body)["sources"]} >= {"China Daily"}
    status, _, body = call(default_server + "/healthz")
    health = json.loads(body)
    assert status == 200 and health["status"] == "ok" and health["figures"] > 30 and health["writable"] is False


def test_openapi_document_lists_the_routes(default_server):
    status, _, body = call(default_server + "/openapi.json")
    paths = json.loads(body)["paths"]
    assert status == 200 and {"/v1/check", "/v1/figures", "/v1/sources", "/healthz"} <= set(paths)


def test_docs_need_no_other_host(default_server):
    """/docs works on a newsroom network with no internet: no script, nothing from a CDN."""
    status, headers, body = call(default_server + "/docs")
    page = body.decode()
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "<script" not in page and "://" not in page
    assert all(
        f"{m} {p}</code>" in page
        for m, p in [("POST", "/v1/check"), ("GET", "/v1/figures"), ("POST", "/v1/sources"), ("GET", "/healthz")]
    )
    assert call(default_server + "/redoc")[0] == 404


SOURCE = {"text": SEED.read_text(encoding="utf-8"), "filename": SEED.name}

# (who, headers, expected status)
AUTH = [
    ("no header", {}, 401),
    ("not bearer", {"Authorization": f"Basic {TOKEN}"}, 401),
    ("wrong token", {"Authorization": "Bearer nope"}, 403),
    ("right token", {"Authorization": f"Bearer {TOKEN}"}, 201),
    ("same text again", {"Authorization": f"Bearer {TOKEN}"}, 200),
]


def test_writes_need_the_token(writable):
    url, _ = writable
    got = [(who, call(url + "/v1/sources", "POST", SOURCE, headers)[0]) for who, headers, _ in AUTH]
    assert got == [(who, status) for who, _, status in AUTH]
    status, _, body = call(url + "/v1/check", "POST", {"text": "Jiangxi's GDP was 3.22 trillion yuan in 2023."})
    assert json.loads(body)["claims"][0]["verdict"] == "supported"  # the ingested source is used at once


def test_writes_are_refused_without_a_token_or_on_the_default_store(default_server, tmp_path):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    status, _, body = call(default_server + "/v1/sources", "POST", SOURCE, auth)
    assert status == 403 and "VERIFY_TOKEN" in json.loads(body)["error"]["message"]
    with server(token=TOKEN) as url:  # the default store is rebuilt from the seeds: read-only
        status, _, body = call(url + "/v1/sources", "POST", SOURCE, auth)
        assert status == 409 and "--store" in json.loads(body)["error"]["message"]


# (what, method, path, body bytes, content type, expected status)
BAD = [
    ("malformed json", "POST", "/v1/check", b'{"text": ', "application/json", 400),
    ("wrong type", "POST", "/v1/check", b'{"text": 42}', "application/json", 422),
    ("missing field", "POST", "/v1/check", b'{"filename": "a.md"}', "application/json", 422),
    ("unknown field", "POST", "/v1/check", b'{"text": "x", "colour": 1}', "application/json", 422),
    ("bad date", "POST", "/v1/check", b'{"text": "x", "date": "22 May"}', "application/json", 422),
    ("not json", "POST", "/v1/check", b"text=hello", "application/x-www-form-urlencoded", 415),
    ("a json list", "POST", "/v1/check", b"[1, 2]", "application/json", 422),
    ("too large", "POST", "/v1/check", b'{"text": "' + b"a" * 300_000 + b'"}', "application/json", 413),
    ("unknown route", "GET", "/v2/nothing", None, None, 404),
    ("wrong method", "DELETE", "/v1/sources", None, None, 405),
    ("bad limit", "GET", "/v1/figures?limit=0", None, None, 422),
    ("empty source", "POST", "/v1/sources", b'{"text": " ", "filename": "a.txt"}', "application/json", 422),
]


@pytest.mark.parametrize("what,method,path,raw,kind,expected", BAD, ids=[b[0] for b in BAD])
def test_every_error_has_one_shape(writable, what, method, path, raw, kind, expected):
    url, _ = writable
    headers = {"Authorization": f"Bearer {TOKEN}"}
    if kind:
        headers["Content-Type"] = kind
    status, got_headers, body = call(url + path, method, headers=headers, raw=raw)
    error = json.loads(body)["error"]
    assert (status, error["status"]) == (expected, expected)
    assert set(error) == {"status", "code", "message"} and "\n" not in error["message"]
    assert b"Traceback" not in body and got_headers["content-type"] == "application/json"


def test_a_method_not_allowed_says_which_are(writable):
    url, _ = writable
    status, headers, _ = call(url + "/v1/sources", "DELETE")
    assert status == 405 and headers["allow"] == "GET, POST"


def test_checks_are_served_while_an_ingest_runs(writable, tmp_path):
    """A long ingest (a big document) in one thread; checks answered meanwhile; afterwards
    the store holds the whole document or nothing of it, never part."""
    url, path = writable
    seed = SEED.read_text(encoding="utf-8")
    big = "\n\n".join(seed.replace("2024-05-20", f"2024-05-{(i % 27) + 1:02d}") + f"\n\nPart {i}." for i in range(40))
    assert len(big.encode()) < 200_000
    auth = {"Authorization": f"Bearer {TOKEN}"}
    done = {}
    writer = threading.Thread(
        target=lambda: done.update(r=call(url + "/v1/sources", "POST", {"text": big, "filename": "big.txt"}, auth))
    )
    writer.start()
    answered = 0
    draft = {"text": "Jiangxi's foreign trade reached 569 billion yuan in 2023."}
    while writer.is_alive() or answered < 3:
        status, _, body = call(url + "/v1/check", "POST", draft)
        assert status == 200 and json.loads(body)["claims"][0]["verdict"] in ("supported", "unknown")
        answered += 1
    writer.join()
    status, _, body = done["r"]
    assert status == 201, body
    figures = json.loads(body)["figures"]
    copy = tmp_path / "copy.db"
    shutil.copy(path, copy)
    for suffix in ("-wal", "-shm"):
        if Path(str(path) + suffix).exists():
            shutil.copy(str(path) + suffix, str(copy) + suffix)
    import sqlite3

    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n = conn.execute(
            "SELECT count(*) FROM figures f JOIN sources s ON s.id = f.source_id WHERE s.path = 'big.txt'"
        ).fetchone()[0]
    assert n == figures > 0


def test_the_api_holds_to_its_openapi_document(writable, tmp_path):
    """Property-based: schemathesis generates requests from /openapi.json and checks every
    response against it (no server errors, documented statuses, schemas, Allow headers)."""
    url, _ = writable
    exe = shutil.which("schemathesis") or str(Path(sys.executable).parent / "schemathesis")
    # A document can fit the schema and still not be a source: with no number in it, it
    # is refused with 400 (as `verify ingest` refuses it), which this check must allow.
    (tmp_path / "schemathesis.toml").write_text(
        '[checks.positive_data_acceptance]\nexpected-statuses = ["2xx", "400", "401", "403", "404", "409"]\n'
    )
    proc = subprocess.run(
        [
            exe,
            "run",
            url + "/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            "40",
            "--seed",
            "1",
            "-H",
            f"Authorization: Bearer {TOKEN}",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )  # its cache stays out of the repo
    assert proc.returncode == 0, proc.stdout[-4000:]


# ---- issue 15: the token before the body; names as given; start-up errors -----------------
# (what, body bytes, content type): each refused for want of the token, whatever its body
UNAUTHORISED = [
    ("incomplete body", b'{"text": "Exports rose 5% in 2023."}', "application/json"),
    ("malformed json", b'{"text": ', "application/json"),
    ("not json", b"text=hello", "application/x-www-form-urlencoded"),
    ("too large", b'{"text": "' + b"a" * 300_000 + b'"}', "application/json"),
    ("no body", None, None),
]


@pytest.mark.parametrize("what,raw,kind", UNAUTHORISED, ids=[u[0] for u in UNAUTHORISED])
def test_a_write_checks_the_token_before_the_body(writable, what, raw, kind):
    url, _ = writable
    for headers, expected in (({}, 401), ({"Authorization": "Bearer nope"}, 403)):
        if kind:
            headers = {**headers, "Content-Type": kind}
        status, _, body = call(url + "/v1/sources", "POST", headers=headers, raw=raw)
        error = json.loads(body)["error"]
        assert (status, error["status"]) == (expected, expected), body
        assert "text" not in error["message"] and "field" not in error["message"]


def test_a_filename_is_kept_as_given_and_never_read(writable):
    """Two documents whose names end alike are two documents; a name that is a real file
    on the server's disk is only a name (the text stored is the one sent)."""
    url, _ = writable
    auth = {"Authorization": f"Bearer {TOKEN}"}
    docs = [
        ("/etc/passwd", "Riverton's exports reached 52.3 billion yuan in 2023."),
        ("../../etc/passwd", "Harling's exports reached 12.5 billion yuan in 2023."),
        (str(SEED), "Dorset's imports reached 7.5 billion yuan in 2023."),
    ]
    for name, text in docs:
        status, _, body = call(url + "/v1/sources", "POST", {"text": text, "filename": name}, auth)
        assert status == 201 and json.loads(body)["path"] == name and json.loads(body)["state"] == "new", body
    _, _, body = call(url + "/v1/sources")
    held = {s["key"]: s for s in json.loads(body)["sources"]}
    for name, _ in docs:
        assert held[name]["path"] == name and held[name]["superseded_by"] is None
    _, _, body = call(url + "/v1/figures?q=imports")
    assert [f["text"] for f in json.loads(body)["figures"] if f["source"]["path"] == str(SEED)] == ["7.5 billion yuan"]


def test_serve_refuses_bad_options_in_one_line(capsys):
    from verify.adapters.cli import main

    for argv, problem in (
        (["--max-body", "-5"], "--max-body -5 is too small"),
        (["--workers", "0"], "--workers 0 is too small"),
        (["--timeout", "0"], "--timeout 0 is too small"),
        (["--host", "nosuch.invalid"], "host 'nosuch.invalid' is not an address"),
        (["--host", "192.0.2.1"], "192.0.2.1 is not an address of this machine"),
    ):
        assert main(["serve", "--port", str(free_port()), *argv]) == 2
        err = capsys.readouterr().err
        assert err.startswith("verify: error: ") and problem in err and err.count("\n") == 1, err


def test_serve_on_a_port_in_use_is_one_line_and_exit_2():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run(
            [sys.executable, "-m", "verify", "serve", "--port", str(port)], capture_output=True, text=True, timeout=60
        )
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == (
        f"verify: error: 127.0.0.1:{port}: port {port} is in use by another program"
        " (stop that program, or give --port another port)\n"
    )


def test_serve_makes_no_store_and_says_how_to(tmp_path, capsys):
    """`serve --store` over a file that does not exist: one line saying how to make one,
    exit 2, and no file left (a typo in the path must not start an empty service)."""
    from verify.adapters.cli import main

    missing = tmp_path / "newsroom.db"
    assert main(["serve", "--port", str(free_port()), "--store", str(missing)]) == 2
    err = capsys.readouterr().err
    assert err == f"verify: error: {missing}: no such store (create it with `verify ingest FILE --store PATH`)\n"
    assert list(tmp_path.iterdir()) == []


def test_serve_with_the_token_refuses_a_store_it_cannot_write(tmp_path, capsys, monkeypatch):
    """Writes are promised (VERIFY_TOKEN is set) and the store is read-only: refused at
    start, in one line, rather than at the first write. Without the token it is served."""
    from verify.adapters.cli import main
    from verify.store import db as store_mod

    path = tmp_path / "store.db"
    first = tmp_path / "riverton.txt"
    first.write_text("In 2023 Riverton Water delivered 48.2 million cubic metres of water.\n", encoding="utf-8")
    assert main(["ingest", str(first), "--store", str(path)]) == 0
    capsys.readouterr()
    monkeypatch.setattr(store_mod.os, "access", lambda p, mode: mode != os.W_OK)  # as on a read-only mount
    monkeypatch.setenv("VERIFY_TOKEN", TOKEN)
    assert main(["serve", "--port", str(free_port()), "--store", str(path)]) == 2
    err = capsys.readouterr().err
    assert (
        err.startswith(f"verify: error: {path}: is read-only: verify cannot write to the store")
        and err.count("\n") == 1
    ), err
