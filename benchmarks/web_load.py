"""The web app under load: concurrent clients on loopback, latency and throughput.

Starts ``pivotal serve --workers W`` (default one per core) on a free port of 127.0.0.1, then
runs ``--clients`` concurrent clients (asyncio, one keep-alive connection each, a minimal HTTP/1.1
client so that the load generator takes little of the cores it shares) for ``--seconds``, each
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
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

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


class Connection:
    """One keep-alive HTTP/1.1 connection over asyncio streams: the load generator shares the
    machine's cores with the server, so each request must cost it little (a general-purpose
    client such as httpx costs about 1.5 ms of CPU per request, as much as a cached page)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes | None) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + (body or b""))
        status_line = await self.reader.readuntil(b"\r\n")
        status = int(status_line.split()[1])
        length, chunked = 0, False
        while (line := await self.reader.readuntil(b"\r\n")) != b"\r\n":
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
        if not chunked:
            return status, await self.reader.readexactly(length)
        parts = []
        while size := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
            parts.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)
        await self.reader.readuntil(b"\r\n")
        return status, b"".join(parts)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


async def client(
    port: int, stop: float, positions: itertools.count, out: list[tuple[str, float, bool]]
) -> None:
    connection = Connection("127.0.0.1", port)
    mix = [
        (kind, method, path, None if body is None else json.dumps(body).encode())
        for kind, method, path, body in requests_mix()
    ]
    try:
        while time.perf_counter() < stop:
            for kind, method, path, body in mix:
                if kind.startswith("api outcome"):
                    # Belarus moves along the NATO axis: a new state each time (no cache).
                    x = 1 + next(positions) % 9799 / 100
                    state = {"scenario": "csto-2012", "positions": {"BLR": {"nato": x}}}
                    body = json.dumps(state).encode()
                t0 = time.perf_counter()
                try:
                    status, _ = await connection.request(method, path, body)
                    ok = status == 200
                except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                    ok = False
                    await connection.close()  # a fresh connection for the next request
                out.append((kind, time.perf_counter() - t0, ok))
                if time.perf_counter() >= stop:
                    return
    finally:
        await connection.close()


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
                with urllib.request.urlopen(base + "/healthz", timeout=1) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("the server did not answer /healthz within 30 s")

        # One warm-up round, so compilation and first loads are not in the figures.
        async def warm_up() -> None:
            connection = Connection("127.0.0.1", port)
            for kind, method, path, body in requests_mix():
                if kind.startswith("api outcome"):
                    body = {"scenario": "csto-2012", "positions": {"BLR": {"nato": 50}}}
                data = None if body is None else json.dumps(body).encode()
                status, answer = await connection.request(method, path, data)
                if status != 200:
                    raise SystemExit(
                        f"warm-up: {method} {path} answered {status}: " + repr(answer[:300])
                    )
            await connection.close()

        asyncio.run(warm_up())
        results: list[tuple[str, float, bool]] = []
        stop = time.perf_counter() + args.seconds
        counter = itertools.count()

        async def run() -> None:
            await asyncio.gather(
                *(client(port, stop, counter, results) for _ in range(args.clients))
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
