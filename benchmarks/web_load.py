"""The web app under load: concurrent clients on loopback, latency and throughput.

Starts ``pivotal serve --workers W`` (default one per core) on a free port of 127.0.0.1, then
runs ``--clients`` concurrent clients (asyncio, one httpx connection each) for ``--seconds``, each
looping over a mix of what analysts do (issue 9):

- ``GET /`` (the CSTO question) and ``GET /orgs/csto?at=...`` (an organization at a date);
- ``POST /api/analyze`` for the US Electoral College (51 members, every index);
- ``GET /compare?org=csto&at=2012-05-15&rule=consensus&rule=majority`` (a CSTO comparison);
- ``POST /api/outcome``: the csto-2012 scenario with Belarus dragged to a new position on every
  request (so no answer comes from the cache), as the outcomes page sends while a member moves.

It reports errors (any status other than 200, or a failed connection), p50 and p95 latency per
kind and overall, and requests per second, and writes the table into ``docs/performance.md``
between its ``web-load`` markers.

Run with ``make bench`` or ``python benchmarks/web_load.py [--clients 50] [--seconds 60]
[--no-write]``.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import socket
import subprocess
import sys
import time

import httpx
from loading import write  # benchmarks/loading.py: the same markers rule for both tables

START = "<!-- web-load:start (written by benchmarks/web_load.py from the run; do not edit) -->"
END = "<!-- web-load:end -->"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def requests_mix() -> list[tuple[str, str, str, dict | None]]:
    """(kind, method, path, JSON body) of one round; the outcome's position changes each time."""
    return [
        ("page /", "GET", "/", None),
        ("page /orgs/csto", "GET", "/orgs/csto?at=2012-05-15", None),
        (
            "api analyze USEC",
            "POST",
            "/api/analyze",
            {"organization": "us_electoral_college", "at": "2024-11-05"},
        ),
        (
            "page /compare CSTO",
            "GET",
            "/compare?org=csto&at=2012-05-15&rule=consensus&rule=majority",
            None,
        ),
        ("api outcome (drag)", "POST", "/api/outcome", None),
    ]


async def client(
    base: str, stop: float, positions: itertools.count, out: list[tuple[str, float, bool]]
) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        while time.perf_counter() < stop:
            for kind, method, path, body in requests_mix():
                if kind.startswith("api outcome"):
                    # Belarus moves along the NATO axis: a new state each time (no cache).
                    x = 1 + next(positions) % 9799 / 100
                    body = {"scenario": "csto-2012", "positions": {"BLR": {"nato": x}}}
                t0 = time.perf_counter()
                try:
                    r = await http.request(method, path, json=body)
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                out.append((kind, time.perf_counter() - t0, ok))
                if time.perf_counter() >= stop:
                    return


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def table(
    results: list[tuple[str, float, bool]], seconds: float, clients: int, workers: int
) -> str:
    lines = [
        f"{clients} clients for {seconds:.0f} s on loopback; `pivotal serve --workers {workers}` "
        f"on {os.cpu_count()} cores:",
        "",
        "| requests | count | errors | p50 | p95 |",
        "|---|---:|---:|---:|---:|",
    ]
    kinds = [k for k, *_ in requests_mix()]
    for kind in [*kinds, "all"]:
        rows = [r for r in results if kind in ("all", r[0])]
        times = [t for _, t, _ in rows]
        errors = sum(1 for *_, ok in rows if not ok)
        lines.append(
            f"| {kind} | {len(rows):,} | {errors} | {percentile(times, 0.5) * 1000:.0f} ms | "
            f"{percentile(times, 0.95) * 1000:.0f} ms |"
        )
    lines += ["", f"Throughput: {len(results) / seconds:.1f} requests per second."]
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pivotal",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        for _ in range(300):  # wait up to 30 s for the server (numba, pandas imports)
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise SystemExit("the server did not answer /healthz within 30 s")
        # One warm-up round, so compilation and first loads are not in the figures.
        with httpx.Client(base_url=base, timeout=120) as http:
            for kind, method, path, body in requests_mix():
                if kind.startswith("api outcome"):
                    body = {"scenario": "csto-2012", "positions": {"BLR": {"nato": 50}}}
                http.request(method, path, json=body).raise_for_status()
        results: list[tuple[str, float, bool]] = []
        stop = time.perf_counter() + args.seconds
        counter = itertools.count()

        async def run() -> None:
            await asyncio.gather(
                *(client(base, stop, counter, results) for _ in range(args.clients))
            )

        started = time.perf_counter()
        asyncio.run(run())
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    text = table(results, elapsed, args.clients, args.workers)
    print(text)
    if not args.no_write:
        write(text, START, END)


if __name__ == "__main__":
    main(sys.argv[1:])
