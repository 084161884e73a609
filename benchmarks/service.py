"""Is `verify serve` still there while a long check runs? /healthz latency (127.0.0.1 only).

    .venv/bin/python benchmarks/service.py [--runs 3] [--timeout 5] [--workers 2]

Starts `verify serve` on the default store, then in each run asks GET /healthz every
20 ms (a new connection each time, as a load balancer would) while, in turn:

    idle      nothing else runs
    huge      POST /v1/check with a 3 MB draft (~20 s of work: stopped at --timeout, 503)
    hostile   POST /v1/check with 5 KB bodies that once stalled the service ("1%" x 2500,
              "<a@a@..."), sent one after another for as long as the huge check takes
    overload  the huge draft from more clients than there are workers (the rest: 503
              overloaded at once, or time_limit)

Prints, per case, the median over runs of /healthz's p50, p99 and worst latency in
ms, and what the checks were answered (the issue asks /healthz under 100 ms while a
pathological check runs).
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
from collections import Counter


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port: int, method: str, path: str, body: bytes | None = None) -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        conn.request(method, path, body=body, headers={"Content-Type": "application/json"} if body else {})
        r = conn.getresponse()
        return r.status, json.loads(r.read())
    finally:
        conn.close()


def health_while(port: int, busy: list[threading.Thread], minimum: float = 2.0) -> list[float]:
    """/healthz latencies (s), every 20 ms while any of `busy` runs (at least `minimum` s)."""
    times: list[float] = []
    start = time.perf_counter()
    while any(t.is_alive() for t in busy) or time.perf_counter() - start < minimum:
        t = time.perf_counter()
        status, _ = request(port, "GET", "/healthz")
        times.append(time.perf_counter() - t)
        if status != 200:
            raise SystemExit(f"/healthz answered {status}")
        time.sleep(0.02)
    return times


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="runs per case (medians are reported)")
    ap.add_argument("--timeout", type=float, default=5.0, help="the server's --timeout, seconds")
    ap.add_argument("--workers", type=int, default=2, help="the server's --workers")
    args = ap.parse_args()
    huge = "\n\n".join(
        f"Riverton Water delivered {i % 90 + 10}.{i % 7} million cubic metres of water in 2023." for i in range(44_000)
    )
    bodies = {
        "huge": json.dumps({"text": huge}).encode(),
        "percents": json.dumps({"text": "1%" * 2500}).encode(),
        "at-signs": json.dumps({"text": "<" + "a@" * 2500 + "a"}).encode(),
    }
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "VERIFY_TOKEN"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "verify",
            "serve",
            "--port",
            str(port),
            "--timeout",
            str(args.timeout),
            "--workers",
            str(args.workers),
            "--max-body",
            "10000000",
        ],
        env=env,
    )
    try:
        for _ in range(600):
            try:
                request(port, "GET", "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        answers: dict[str, Counter] = {}

        def send(case: str, body: bytes, until: threading.Event | None = None) -> None:
            while True:
                status, out = request(port, "POST", "/v1/check", body)
                answers.setdefault(case, Counter())[f"{status} {out.get('error', {}).get('code', 'ok')}"] += 1
                if until is None or until.is_set():
                    return

        def hostile() -> list[threading.Thread]:
            done = threading.Event()
            big = threading.Thread(target=send, args=("hostile: huge", bodies["huge"]))
            small = [
                threading.Thread(target=send, args=(f"hostile: {k}", bodies[k], done)) for k in ("percents", "at-signs")
            ]
            big.start()
            for t in small:
                t.start()
            threading.Thread(target=lambda: (big.join(), done.set()), daemon=True).start()
            return [big, *small]

        cases = {
            "idle": lambda: [],
            "huge": lambda: [threading.Thread(target=send, args=("huge", bodies["huge"]))],
            "hostile": hostile,
            "overload": lambda: [
                threading.Thread(target=send, args=("overload", bodies["huge"])) for _ in range(args.workers + 3)
            ],
        }
        print(
            f"verify serve on 127.0.0.1, {os.cpu_count()} cores, --workers {args.workers} --timeout"
            f" {args.timeout:g}; /healthz every 20 ms, ms, medians over {args.runs} runs"
        )
        print(f"{'case':<10} {'asks':>5} {'p50':>7} {'p99':>7} {'worst':>7}")
        for case, make in cases.items():
            p50, p99, worst, asks = [], [], [], []
            for _ in range(args.runs):
                busy = make()
                for t in busy:
                    if not t.is_alive() and t.ident is None:
                        t.start()
                times = health_while(port, busy)
                for t in busy:
                    t.join()
                asks.append(len(times))
                p50.append(pct(times, 50) * 1000)
                p99.append(pct(times, 99) * 1000)
                worst.append(max(times) * 1000)
            print(
                f"{case:<10} {statistics.median(asks):>5.0f} {statistics.median(p50):>7.1f}"
                f" {statistics.median(p99):>7.1f} {statistics.median(worst):>7.1f}"
            )
        print("checks answered:", "; ".join(f"{case}: {dict(c)}" for case, c in answers.items()))
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
