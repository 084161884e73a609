"""Helpers the tests share: a real `verify serve` process and requests to it, and the
checks every JSON report must pass. (tests/ is on the path: `pythonpath` in pyproject.toml.)"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import jsonschema

ROOT = Path(__file__).resolve().parent.parent  # the checkout
SCHEMA = json.loads((ROOT / "verify" / "data" / "report.schema.json").read_text(encoding="utf-8"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(*args: str, token: str | None = None, cwd: Path | None = None):
    """`verify serve ARGS` on a free port (run in `cwd`); yields its base URL, and stops it."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "VERIFY_TOKEN"}
    env["PYTHONPATH"] = str(ROOT)  # this checkout's verify, from whatever folder it runs in
    if token:
        env["VERIFY_TOKEN"] = token
    proc = subprocess.Popen(
        [sys.executable, "-m", "verify", "serve", "--port", str(port), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/healthz", timeout=2).read()
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start: {proc.stderr.read().decode()[-2000:]}") from None
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()
        proc.stderr.close()


def call(url: str, method: str = "GET", body=None, headers: dict | None = None, raw: bytes | None = None):
    """(status, headers, bytes) of one request; errors are answers too."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    h = {"Content-Type": "application/json"} if data is not None else {}
    h.update(headers or {})
    req = urllib.request.Request(url, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def strict_json(text: str):
    """JSON as the standard has it: Infinity and NaN are not JSON."""

    def refuse(name):
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


def valid_report(text: str) -> dict:
    report = strict_json(text)
    jsonschema.Draft202012Validator(SCHEMA).validate(report)
    return report
