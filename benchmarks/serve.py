"""Throughput and latency of `verify serve` (load sent only to 127.0.0.1).

    .venv/bin/python benchmarks/serve.py [--requests 200] [--runs 3]

Starts the server on the default store, then for 1, 8 and 32 concurrent clients (each
a thread with its own keep-alive connection) sends POST /v1/check with the example
draft, and GET /healthz as the baseline: the cost of HTTP and the framework alone,
measured in the same run. Prints requests/s and p50/p99 latency, medians over runs.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "claims" / "jiangxi-economy.md"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load(port: int, method: str, path: str, body: bytes | None, clients: int, total: int) -> tuple[float, list[float]]:
    """Send `total` requests from `clients` threads; (seconds, latencies)."""
    latencies: list[float] = []
    lock = threading.Lock()
    per = [total // clients + (1 if i < total % clients else 0) for i in range(clients)]
    headers = {"Content-Type": "application/json"} if body else {}

    def worker(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine = []
        for _ in range(n):
            t = time.perf_counter()
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            r.read()
            if r.status != 200:
                raise SystemExit(f"{path} answered {r.status}")
            mine.append(time.perf_counter() - t)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(n,)) for n in per]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start, latencies


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=200, help="requests per measurement")
    ap.add_argument("--runs", type=int, default=3, help="runs per setting (medians are reported)")
    args = ap.parse_args()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "VERIFY_TOKEN"}
    proc = subprocess.Popen([sys.executable, "-m", "verify", "serve", "--port", str(port)], env=env)
    try:
        for _ in range(600):
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                c.request("GET", "/healthz")
                c.getresponse().read()
                break
            except OSError:
                time.sleep(0.1)
        body = json.dumps({"text": DRAFT.read_text(encoding="utf-8"), "filename": "draft.md"}).encode()
        load(port, "POST", "/v1/check", body, 1, 10)  # warm up
        print(
            f"verify serve on 127.0.0.1, {os.cpu_count()} cores; {args.requests} requests x {args.runs} runs, medians"
        )
        print(f"{'clients':>7}  {'route':<14} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
        for clients in (1, 8, 32):
            for label, method, path, payload in (
                ("/healthz", "GET", "/healthz", None),
                ("/v1/check", "POST", "/v1/check", body),
            ):
                rps, p50, p99 = [], [], []
                for _ in range(args.runs):
                    secs, lat = load(port, method, path, payload, clients, args.requests)
                    rps.append(len(lat) / secs)
                    p50.append(pct(lat, 50) * 1000)
                    p99.append(pct(lat, 99) * 1000)
                print(
                    f"{clients:>7}  {label:<14} {statistics.median(rps):>8.1f} {statistics.median(p50):>8.1f}"
                    f" {statistics.median(p99):>8.1f}"
                )
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
