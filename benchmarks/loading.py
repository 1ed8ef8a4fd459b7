"""Loading organization files: time and peak memory of ``pivotal.load`` on generated files.

Each file has ``n`` members, each with one membership spell, a dated attribute and its sources,
and a body whose rule weighs the attribute, so the loader does all of its work: YAML, the schema,
the checks between entries and the compilation of the rule text. Each size runs in a process of
its own (peak memory is that process's VmHWM). Issue 8 measured the loader of the time before
(hand-written node walker, pure-Python YAML) at over a minute for 100,000 members.

Run with ``make bench`` (after the power and outcomes tables) or
``python benchmarks/loading.py [--sizes 1000,10000,100000] [--no-write]``. The table is written
into ``docs/performance.md`` between its ``loading-bench`` markers.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
START = "<!-- loading-bench:start (written by benchmarks/loading.py from the run; do not edit) -->"
END = "<!-- loading-bench:end -->"

_CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from pivotal.organizations import load_organization
org = load_organization(sys.argv[1])
seconds = time.perf_counter() - t0
peak = int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]) * 1024
print(json.dumps({"seconds": seconds, "peak": peak, "members": len(org.members)}))
"""


def organization_file(n: int) -> str:
    """A valid organization file of ``n`` members (format 2)."""
    lines = [
        "format: 2",
        f"id: generated{n}",
        f"name: Generated organization of {n} members",
        "sources: {s: https://example.org/generated}",
        "members:",
    ]
    for i in range(n):
        lines.append(
            f"  - {{id: M{i}, name: Member {i}, memberships: [{{joined: 2000-01-01, "
            f"status: verified, sources: [s]}}], attributes: {{votes: [{{value: {1 + i % 97}, "
            f"from: 2000-01-01, status: verified, sources: [s]}}]}}}}"
        )
    lines += [
        "bodies:",
        "  - id: board",
        "    name: Board",
        "    default_matter: ordinary",
        "    matters:",
        "      - {id: ordinary, rule: votes > 50%, from: 2000-01-01, status: verified, "
        "sources: [s]}",
    ]
    return "\n".join(lines) + "\n"


def measure(n: int, folder: Path) -> dict[str, float]:
    path = folder / f"generated{n}.yaml"
    path.write_text(organization_file(n), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, check=True
    )
    row = json.loads(out.stdout)
    row["bytes"] = path.stat().st_size
    if row["members"] != n:
        raise SystemExit(f"loaded {row['members']} members of {n}")
    return row


def table(rows: dict[int, dict[str, float]]) -> str:
    lines = [
        "| members | file size | load time | peak memory (whole process) |",
        "|---:|---:|---:|---:|",
    ]
    for n, r in rows.items():
        lines.append(
            f"| {n:,} | {r['bytes'] / 1e6:.1f} MB | {r['seconds']:.2f} s | "
            f"{r['peak'] / 2**20:.0f} MiB |"
        )
    return "\n".join(lines)


def write(text: str, start: str = START, end: str = END) -> None:
    """Replace what stands between the markers ``start`` and ``end`` of docs/performance.md."""
    doc = DOC.read_text(encoding="utf-8")
    block = f"{start}\n{text}\n{end}"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    if pattern.search(doc) is None:
        raise SystemExit(f"{DOC} has no {start!r} marker")
    DOC.write_text(pattern.sub(lambda _: block, doc), encoding="utf-8")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    rows = {}
    with tempfile.TemporaryDirectory() as folder:
        for n in (int(s) for s in args.sizes.split(",")):
            rows[n] = measure(n, Path(folder))
            print(f"{n:>8,} members: {rows[n]['seconds']:.2f} s", file=sys.stderr)
    text = table(rows)
    print(text)
    if not args.no_write:
        write(text)


if __name__ == "__main__":
    main(sys.argv[1:])
