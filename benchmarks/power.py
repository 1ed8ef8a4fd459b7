"""Power indices: pivotal against the field on the games of issue 7, every run in its own process.

Run by ``make bench`` (through ``benchmarks/run.py``), or alone::

    python benchmarks/power.py                      # every game, 300 s per run, writes the doc
    python benchmarks/power.py --games ec,r200 --limit 60 --no-write

Each row is one tool computing one task on one game in a fresh Python process (so no tool warms
another's caches, and a crash or a hang costs one row, not the run). The child builds the game,
then times the task: once when it takes more than a second, otherwise the best of up to seven runs
(at least three, about two seconds in all). It reports:

- time: the best run (compute only); first: the first run (with any compilation or warm-up);
  process: the child's wall time for one answer (interpreter start, imports, building the game and
  the first run; the repeats are subtracted);
- peak memory: the child's ``VmHWM`` (peak resident set, read from ``/proc/self/status``) for the
  whole process, and in brackets how much of it came after the game was built;
- ratio: the row's time over the fastest exact pivotal time for the same task (above 1: pivotal
  is faster);
- max |diff|: the largest absolute difference, over players and indices, from the values of the
  first exact pivotal run that finished (automatic engine, then ``fast``, then ``dp``); exact
  runs whose values are identical (a SHA-256 over the numerators and denominators) say so.

A run that passes the time limit (``--limit``, 300 s) is killed and its row says "over 300 s"; one
that passes the memory limit (``--memory-limit``, 8 GiB of resident memory) is killed likewise. An
engine that pivotal does not have (yet) shows "not available: <error>"; one that refuses the game
shows "refused: <reason>".

The games (issue 7):

- the US Electoral College 2024-2028, 51 units, 270 of 538 electors;
- random games ``rng = random.Random(n); w = [rng.randint(1, hi) for _ in range(n)];
  quota = sum(w) // 2 + 1`` for (n, hi) = (200, 1000), (1000, 1000) and (5000, 100);
- the IMF Board of Governors with all 191 members (votes from the IMF's member table, see
  ``benchmarks/data/README.md``): a majority of the votes cast (all voting), and 85% of the total;
- the Council of the EU under its current rule (bundled organization ``eu_council``: 55% of the
  members with 65% of the population, or all but three members; a multi-criteria game);
- token holders: n = 100,000 balances ``rng = random.Random(n); w = [rng.randint(1, 10 **
  rng.randint(0, 18)) for _ in range(n)]; quota = sum(w) // 2 + 1`` -- the number of digits is
  uniform, as holdings spread over many orders of magnitude, the largest near 10**18; beyond exact
  methods, for Monte Carlo.

The comparison packages (PyPI, pinned in ``benchmarks/requirements.lock``): powerindex 0.3.5 and
powerindices 1.0.2, both generating functions over the quota in floats / numpy integers. The C++
tools EPIC and VotingGames are not built here; their figures are quoted from issue 7.
"""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import hashlib
import json
import os
import platform
import random
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
IMF_TABLE = HERE / "data" / "imf_members_quotas_votes_2025.csv"
DOC = HERE.parent / "docs" / "performance.md"
DOC_START = "<!-- power-bench:start (written by benchmarks/power.py from the run; do not edit) -->"
DOC_END = "<!-- power-bench:end -->"
RESULT_TAG = "BENCH-RESULT "

# US Electoral College 2024-2028 (2020 census), DC included, 270 of 538 to win.
# Source: National Archives, "Distribution of Electoral Votes" (2020 census apportionment).
ELECTORS_2024 = {
    "AK": 3, "AL": 9, "AR": 6, "AZ": 11, "CA": 54, "CO": 10, "CT": 7, "DC": 3, "DE": 3, "FL": 30,
    "GA": 16, "HI": 4, "IA": 6, "ID": 4, "IL": 19, "IN": 11, "KS": 6, "KY": 8, "LA": 8, "MA": 11,
    "MD": 10, "ME": 4, "MI": 15, "MN": 10, "MO": 10, "MS": 6, "MT": 4, "NC": 16, "ND": 3, "NE": 5,
    "NH": 4, "NJ": 14, "NM": 5, "NV": 6, "NY": 28, "OH": 17, "OK": 7, "OR": 8, "PA": 19, "RI": 4,
    "SC": 9, "SD": 3, "TN": 11, "TX": 40, "UT": 6, "VA": 13, "VT": 3, "WA": 12, "WI": 10, "WV": 4,
    "WY": 3,
}  # fmt: skip

TASKS = {
    "banzhaf": ("Banzhaf", ["banzhaf"]),
    "shapley_shubik": ("Shapley-Shubik", ["shapley_shubik"]),
    "all": ("all nine indices", None),
}

# Timing rule of the child: a run over SLOW seconds is timed once; faster ones are repeated.
SLOW = 1.0
MIN_RUNS, MAX_RUNS, REPEAT_BUDGET = 3, 7, 2.0


# ---------------------------------------------------------------------------------------------
# Games and tools
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GameSpec:
    """A benchmark game: ``key`` is all a child process needs to rebuild it."""

    key: str
    name: str
    tasks: tuple[str, ...]
    weighted: bool = True  # one weighted criterion: the comparison packages can try it
    exact: bool = True  # within reach of exact methods: every pivotal engine is tried


GAMES: list[GameSpec] = [
    GameSpec("ec", "US Electoral College 2024 (n=51, 270 of 538)",
             ("banzhaf", "shapley_shubik", "all")),
    GameSpec("r200", "random n=200, weights 1..1000", ("banzhaf", "shapley_shubik", "all")),
    GameSpec("r1000", "random n=1000, weights 1..1000", ("banzhaf", "shapley_shubik")),
    GameSpec("r5000", "random n=5000, weights 1..100", ("banzhaf", "shapley_shubik")),
    GameSpec("imf", "IMF Board of Governors, all 191 members, majority of votes cast",
             ("banzhaf", "shapley_shubik")),
    GameSpec("imf85", "IMF Board of Governors, all 191 members, 85% of the total votes",
             ("banzhaf", "shapley_shubik")),
    GameSpec("eu", "Council of the EU, qualified majority, current rule (n=27, multi-criteria)",
             ("banzhaf", "shapley_shubik", "all"), weighted=False),
    GameSpec("tokens", "token holders n=100,000, balances up to 10^18",
             ("banzhaf", "shapley_shubik"), exact=False),
]  # fmt: skip


@dataclass(frozen=True)
class Tool:
    """One row's tool. ``kind``: exact | float | montecarlo (pivotal) or anchor (a package)."""

    label: str
    kind: str
    runner: str
    options: dict[str, Any] = field(default_factory=dict)


# The pivotal calls, as data: ``pivotal.power(game, indices=..., **options)``. Engines that do not
# exist yet show "not available" in their rows, so new ones only need a line here.
PIVOTAL_TOOLS: list[Tool] = [
    Tool("pivotal (automatic)", "exact", "pivotal", {}),
    # A budget of 15 minutes: the default (60 s) would refuse Shapley-Shubik at n=1000 up front.
    Tool("pivotal engine=fast", "exact", "pivotal", {"engine": "fast", "budget": 900}),
    Tool("pivotal engine=dp", "exact", "pivotal", {"engine": "dp"}),
    Tool("pivotal engine=float", "float", "pivotal", {"engine": "float"}),
    Tool(
        "pivotal engine=montecarlo",
        "montecarlo",
        "pivotal",
        {"engine": "montecarlo", "precision": 0.001, "seed": 1},
    ),
]
ANCHORS: list[Tool] = [
    Tool("powerindex 0.3.5", "anchor", "powerindex"),
    Tool("powerindices 1.0.2", "anchor", "powerindices"),
]
EXACT_KINDS = ("exact",)

# Issue 7's figures for the C++ tools (never built here): (game, task) -> [(tool, time, memory)].
REFERENCE_LABEL = (
    "reference figures from issue 7, measured on the project's 2-core machine, 2026-11"
)
REFERENCE: dict[tuple[str, str], list[tuple[str, float | None, str, str]]] = {
    ("ec", "banzhaf"): [("EPIC (C++/GMP)", 0.023, "", ""),
                        ("VotingGames (C++/NTL)", 0.007, "", "")],
    ("r200", "banzhaf"): [("EPIC (C++/GMP)", 0.29, "8 MB", ""),
                          ("VotingGames (C++/NTL)", 0.48, "", "")],
    ("r1000", "banzhaf"): [("EPIC (C++/GMP)", 10.8, "72 MB", ""),
                           ("VotingGames (C++/NTL)", 12.1, "", "")],
    ("r5000", "banzhaf"): [("EPIC (C++/GMP)", 241.0, "", ""),
                           ("VotingGames (C++/NTL)", 8.3, "783 MB", "")],
    ("r200", "shapley_shubik"): [("EPIC (C++/GMP)", 42.0, "747 MB", ""),
                                 ("VotingGames (C++/NTL)", 51.0, "3.5 GB", "")],
    ("r1000", "shapley_shubik"): [("EPIC (C++/GMP)", None, "", "over 300 s"),
                                  ("VotingGames (C++/NTL)", None, "",
                                   'fails ("Polynomial too big for FFT")')],
    ("r200", "all"): [("EPIC (C++/GMP)", 82.0, "", "Deegan-Packel alone")],
}  # fmt: skip


def tools_for(game: GameSpec, task: str) -> list[Tool]:
    """The tools tried on ``game`` for ``task``: the packages only where they can express it."""
    if not game.exact:
        return [t for t in PIVOTAL_TOOLS if t.kind == "montecarlo" or not t.options]
    tools = list(PIVOTAL_TOOLS)
    if game.weighted and task != "all":
        tools += ANCHORS
    return tools


def random_weights(n: int, hi: int) -> tuple[list[int], int]:
    """Issue 7's random game: ``Random(n)``, weights uniform in 1..hi, quota a simple majority."""
    rng = random.Random(n)
    w = [rng.randint(1, hi) for _ in range(n)]
    return w, sum(w) // 2 + 1


def token_balances(n: int) -> tuple[list[int], int]:
    """Token holders: the number of digits uniform in 1..19, so balances span 1 to 10**18."""
    rng = random.Random(n)
    w = [rng.randint(1, 10 ** rng.randint(0, 18)) for _ in range(n)]
    return w, sum(w) // 2 + 1


def imf_votes() -> tuple[list[str], list[int]]:
    """The IMF's 191 members and their votes (``benchmarks/data/README.md`` gives the source)."""
    with IMF_TABLE.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["iso3"] for r in rows], [int(r["votes"]) for r in rows]


def weighted_game(key: str) -> tuple[list[str] | None, list[int], int]:
    """Names (or None), weights and quota of a weighted benchmark game.

    Besides the keys of :data:`GAMES`, ``weights:4,4,4,2,2,1:12`` gives a game by its weights.
    """
    if key == "ec":
        return list(ELECTORS_2024), list(ELECTORS_2024.values()), 270
    if key.startswith("r") and key[1:].isdigit():
        n = int(key[1:])
        return (None, *random_weights(n, 100 if n >= 5000 else 1000))
    if key in ("imf", "imf85"):
        names, votes = imf_votes()
        total = sum(votes)
        # Majority of the votes cast with every member voting; 85% of the total votes, rounded up.
        quota = total // 2 + 1 if key == "imf" else -(-85 * total // 100)
        return names, votes, quota
    if key == "tokens":
        return (None, *token_balances(100_000))
    if key.startswith("weights:"):
        _, weights, quota = key.split(":")
        return None, [int(x) for x in weights.split(",")], int(quota)
    raise ValueError(f"unknown benchmark game {key!r}")


# ---------------------------------------------------------------------------------------------
# The child process: build, time, measure, report one JSON line
# ---------------------------------------------------------------------------------------------


def _status_kb(field_name: str, pid: int | str = "self") -> int:
    """A ``kB`` field of ``/proc/<pid>/status`` (0 where there is no /proc)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _pivotal_call(spec: dict[str, Any]) -> Callable[[], Any]:
    import pivotal

    key = spec["game"]
    if key == "eu":
        game = pivotal.load("eu_council").game()
    else:
        names, weights, quota = weighted_game(key)
        game = pivotal.WeightedGame(weights, quota, names=names)
    indices = TASKS[spec["task"]][1]
    options = spec["options"]
    return lambda: pivotal.power(game, indices=indices, **options)


def _powerindex_call(spec: dict[str, Any]) -> Callable[[], Any]:
    import powerindex

    _, weights, quota = weighted_game(spec["game"])

    def call() -> dict[str, list[float]]:
        g = powerindex.Game(quota, weights=weights)
        if spec["task"] == "banzhaf":
            g.calc_banzhaf()
            return {"banzhaf": list(g.banzhaf)}
        g.calc_shapley_shubik()
        return {"shapley_shubik": list(g.shapley_shubik)}

    return call


def _powerindices_call(spec: dict[str, Any]) -> Callable[[], Any]:
    import numpy as np
    import powerindices

    _, weights, quota = weighted_game(spec["game"])

    def call() -> dict[str, list[float]]:
        if spec["task"] == "banzhaf":
            raw = np.asarray(powerindices.compute_pbi(quota, weights), dtype=float)
            return {"banzhaf": list(raw / raw.sum())}
        return {"shapley_shubik": [float(x) for x in powerindices.compute_ssi(quota, weights)]}

    return call


CALLS = {
    "pivotal": _pivotal_call,
    "powerindex": _powerindex_call,
    "powerindices": _powerindices_call,
}


def _exact_digest(indices: dict[str, Sequence[Any]]) -> str | None:
    """SHA-256 over the exact values (integers and Fractions), or None if any is a float."""
    h = hashlib.sha256()
    for key in sorted(indices):
        for v in indices[key]:
            num, den = getattr(v, "numerator", None), getattr(v, "denominator", None)
            if isinstance(v, float) or num is None or den is None:
                return None
            for part in (num, den):
                h.update(part.to_bytes((part.bit_length() + 8) // 8, "big", signed=True) + b";")
        h.update(key.encode() + b"|")
    return h.hexdigest()


def _floats(values: Sequence[Any]) -> list[float] | None:
    try:
        return [float(v) for v in values]
    except OverflowError:  # raw counts beyond a double (2^5000): compared through the indices
        return None


def _summarize(result: Any, task: str) -> dict[str, Any]:
    """Values (as floats), exact digest and interval half-width of a tool's result."""
    raw = getattr(result, "indices", result)
    wanted = TASKS[task][1]
    indices = {k: v for k, v in raw.items() if (wanted is None or k in wanted)}
    values = {k: f for k, v in indices.items() if k != "raw_banzhaf" and (f := _floats(v))}
    out: dict[str, Any] = {"values": values, "digest": _exact_digest(indices)}
    out["engine"] = getattr(result, "engine", None)
    intervals = getattr(result, "intervals", None)
    if intervals:
        widths = [(float(hi) - float(lo)) / 2 for k, iv in intervals.items() for lo, hi in iv]
        out["half_width"] = max(widths) if widths else None
    for extra in ("samples", "seed", "error", "errors"):
        value = getattr(result, extra, None)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out[extra] = value
    return out


def _classify(err: BaseException, spec: dict[str, Any]) -> tuple[str, str]:
    """(status, message) of a failed run: not available, refused or failed."""
    text = f"{type(err).__name__}: {err}".replace("\n", " ")
    if spec["runner"] != "pivotal":
        if isinstance(err, ImportError):
            return "not available", f"not installed ({text}); run `make bench` to install it"
        return "failed", text
    try:
        from pivotal.engines import ENGINES
        from pivotal.errors import PivotalError
    except ImportError:  # pragma: no cover - pivotal itself missing
        return "failed", text
    engine = spec["options"].get("engine")
    known = {*ENGINES, "float", "montecarlo"}  # the approximate paths are routed by power()
    if isinstance(err, TypeError) or (engine is not None and engine not in known):
        return "not available", text
    if isinstance(err, PivotalError):
        return "refused", text
    return "failed", text


def child(spec: dict[str, Any]) -> dict[str, Any]:
    """Build the game, time the task, measure memory; the report of one row (JSON-ready)."""
    started = time.perf_counter()
    report: dict[str, Any] = {"status": "ok"}
    building = True
    try:
        call = CALLS[spec["runner"]](spec)
        building = False
        report["setup"] = time.perf_counter() - started
        report["base_kb"] = _status_kb("VmRSS")
        runs: list[float] = []
        while True:
            t0 = time.perf_counter()
            result = call()
            runs.append(time.perf_counter() - t0)
            if (
                runs[-1] > SLOW
                or len(runs) >= MAX_RUNS
                or (len(runs) >= MIN_RUNS and sum(runs) > REPEAT_BUDGET)
            ):
                break
        report.update(first=runs[0], best=min(runs), runs=len(runs), repeats=sum(runs[1:]))
        report["peak_kb"] = _status_kb("VmHWM")
        report.update(_summarize(result, spec["task"]))
    except (Exception, MemoryError) as err:
        if building and not isinstance(err, ImportError):  # pivotal refuses the game itself
            text = f"{type(err).__name__}: {err}".replace("\n", " ")
            report["status"], report["message"] = "refused", f"the game cannot be built: {text}"
        else:
            report["status"], report["message"] = _classify(err, spec)
        report["peak_kb"] = _status_kb("VmHWM")
    return report


# ---------------------------------------------------------------------------------------------
# The parent: one subprocess per row, with a time and a memory limit
# ---------------------------------------------------------------------------------------------


@dataclass
class Row:
    game: str
    task: str
    tool: Tool
    status: str = "ok"
    message: str = ""
    best: float | None = None
    first: float | None = None
    runs: int = 0
    process: float | None = None
    peak_kb: int = 0
    base_kb: int = 0
    values: dict[str, list[float]] = field(default_factory=dict)
    digest: str | None = None
    engine: str | None = None
    half_width: float | None = None
    max_abs: float | None = None
    max_rel: float | None = None
    identical: bool = False
    reference: str | None = None  # label of the exact row the differences are measured from


def run_row(game: str, task: str, tool: Tool, limit: float, memory_limit_kb: int) -> Row:
    """Run one tool on one game in a fresh process; kill it past the time or memory limit."""
    spec = {
        "game": game,
        "task": task,
        "runner": tool.runner,
        "options": tool.options,
    }
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(spec)]
    row = Row(game, task, tool)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen_kb = 0
    while True:
        elapsed = time.perf_counter() - start
        try:
            out, err = proc.communicate(timeout=0.01 if elapsed < 1 else 0.1)
            break
        except subprocess.TimeoutExpired:
            seen_kb = max(seen_kb, _status_kb("VmRSS", proc.pid))
            over = None
            if time.perf_counter() - start > limit:
                over = f"over {limit:g} s"
            elif seen_kb > memory_limit_kb:
                over = f"over {memory_limit_kb / 2**20:g} GiB of memory"
            if over:
                proc.kill()
                proc.communicate()
                row.status, row.message, row.peak_kb = "over", over, seen_kb
                row.process = time.perf_counter() - start
                return row
    row.process = time.perf_counter() - start
    lines = [ln for ln in out.splitlines() if ln.startswith(RESULT_TAG)]
    if not lines:
        tail = " ".join(err.strip().splitlines()[-2:])[-300:]
        row.status, row.message = "failed", f"process ended with code {proc.returncode}: {tail}"
        row.peak_kb = seen_kb
        return row
    report = json.loads(lines[-1][len(RESULT_TAG) :])
    # One answer from a fresh process: the repeats that make `best` are not the user's wait.
    row.process -= report.get("repeats", 0.0)
    for name in ("status", "message", "best", "first", "runs", "peak_kb", "base_kb", "values"):
        if name in report:
            setattr(row, name, report[name])
    row.digest, row.engine = report.get("digest"), report.get("engine")
    row.half_width = report.get("half_width")
    return row


def differences(rows: list[Row]) -> None:
    """Fill each row's largest differences from the first exact pivotal row that finished."""
    by_case: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        by_case.setdefault((row.game, row.task), []).append(row)
    for case_rows in by_case.values():
        ref = next((r for r in case_rows if r.tool.kind in EXACT_KINDS and r.status == "ok"), None)
        if ref is None:
            continue
        for row in case_rows:
            if row is ref or row.status != "ok":
                continue
            row.reference = ref.tool.label
            row.identical = row.digest is not None and row.digest == ref.digest
            worst_abs = worst_rel = 0.0
            compared = False
            for key, mine in row.values.items():
                theirs = ref.values.get(key)
                if theirs is None or len(theirs) != len(mine):
                    continue
                compared = True
                for a, b in zip(mine, theirs, strict=True):
                    d = abs(a - b)
                    worst_abs = max(worst_abs, d)
                    rel = d / abs(b) if b else (0.0 if d == 0 else float("inf"))
                    worst_rel = max(worst_rel, rel)
            if compared:
                row.max_abs, row.max_rel = worst_abs, worst_rel


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------


def fmt_time(t: float | None) -> str:
    if t is None:
        return "-"
    if t < 1e-3:
        return f"{t * 1e6:.0f} µs"
    return f"{t * 1e3:.2f} ms" if t < 1 else f"{t:.2f} s"


def fmt_memory(row: Row) -> str:
    if not row.peak_kb:
        return "-"
    text = f"{row.peak_kb / 1024:.0f} MiB"
    if row.base_kb and row.status == "ok":
        text += f" (+{max(row.peak_kb - row.base_kb, 0) / 1024:.0f})"
    return text


def fastest_exact(rows: list[Row], game: str, task: str) -> Row | None:
    done = [
        r
        for r in rows
        if r.game == game and r.task == task and r.tool.kind in EXACT_KINDS and r.status == "ok"
    ]
    return min(done, key=lambda r: r.best or 0.0) if done else None


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def game_table(spec: GameSpec, rows: list[Row]) -> list[str]:
    """The Markdown table of one game: a row per task and tool, then the reference figures."""
    lines = [
        f"### {spec.name}",
        "",
        "| task | tool | time | first | process | peak memory (after setup) | ratio "
        "| max \\|diff\\| from exact | note |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for task in spec.tasks:
        fastest = fastest_exact(rows, spec.key, task)
        base = fastest.best if fastest else None
        for row in (r for r in rows if r.game == spec.key and r.task == task):
            ratio = f"{row.best / base:.2f}x" if base and row.best else "-"
            if row.status != "ok":
                over = row.status == "over"
                note = row.message if over else f"{row.status}: {row.message}"
                lines.append(
                    f"| {TASKS[task][0]} | {row.tool.label} | {row.message if over else '-'}"
                    f" | - | {fmt_time(row.process)} | {fmt_memory(row)} | - | - "
                    f"| {_escape(_short(note))} |"
                )
                continue
            if row.reference is None:
                diff = "reference" if row is _first_exact(rows, row) else "no exact value"
            elif row.identical:
                diff = "0 (identical)"
            elif row.max_abs is not None:
                diff = f"{row.max_abs:.1e} (rel {row.max_rel:.1e})"
            else:
                diff = "-"
            note = []
            if row.engine and row.tool.runner == "pivotal":
                note.append(f"engine {row.engine}")
            if row.half_width is not None:
                note.append(f"95% half-width {row.half_width:.1e}")
            note.append(f"{row.runs} run{'s' if row.runs > 1 else ''}")
            lines.append(
                f"| {TASKS[task][0]} | {row.tool.label} | {fmt_time(row.best)} "
                f"| {fmt_time(row.first)} | {fmt_time(row.process)} | {fmt_memory(row)} "
                f"| {ratio} | {diff} | {', '.join(note)} |"
            )
        for name, seconds, memory, note in REFERENCE.get((spec.key, task), []):
            ratio = f"{seconds / base:.2f}x" if base and seconds else "-"
            text = f"{note}; " if note else ""
            lines.append(
                f"| {TASKS[task][0]} | {name} † | {fmt_time(seconds) if seconds else note} | - | - "
                f"| {memory or '-'} | {ratio} | - | {text}reference figure |"
            )
    return lines


def _first_exact(rows: list[Row], row: Row) -> Row | None:
    return next(
        (
            r
            for r in rows
            if r.game == row.game
            and r.task == row.task
            and r.tool.kind in EXACT_KINDS
            and r.status == "ok"
        ),
        None,
    )


def _short(text: str, limit: int = 220) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


# ---------------------------------------------------------------------------------------------
# Targets of issue 7
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    number: str
    text: str
    goal: str
    check: Callable[[list[Row], dict[str, Any]], tuple[str, bool]]


def _exact_time(game: str, task: str, limit: float) -> Callable[..., tuple[str, bool]]:
    def check(rows: list[Row], extra: dict[str, Any]) -> tuple[str, bool]:
        row = fastest_exact(rows, game, task)
        if row is None:
            return _why_not(rows, game, task, EXACT_KINDS), False
        return (
            f"{fmt_time(row.best)} ({row.tool.label})",
            row.best is not None and row.best <= limit,
        )

    return check


def _exact_memory(game: str, task: str, limit_mb: float) -> Callable[..., tuple[str, bool]]:
    def check(rows: list[Row], extra: dict[str, Any]) -> tuple[str, bool]:
        row = fastest_exact(rows, game, task)
        if row is None:
            return _why_not(rows, game, task, EXACT_KINDS), False
        mb = row.peak_kb * 1024 / 1e6
        return f"{mb:.0f} MB whole process ({row.tool.label})", mb <= limit_mb

    return check


def _kind_time(game: str, task: str, kind: str, limit: float) -> Callable[..., tuple[str, bool]]:
    def check(rows: list[Row], extra: dict[str, Any]) -> tuple[str, bool]:
        done = [
            r
            for r in rows
            if r.game == game and r.task == task and r.tool.kind == kind and r.status == "ok"
        ]
        if not done:
            return _why_not(rows, game, task, (kind,)), False
        row = min(done, key=lambda r: r.best or 0.0)
        return f"{fmt_time(row.best)} ({row.tool.label})", row.best is not None and row.best < limit

    return check


def _float_agrees(rows: list[Row], extra: dict[str, Any]) -> tuple[str, bool]:
    # The float path computes Banzhaf and Shapley-Shubik: checked on every game with exact values.
    cases = sorted(
        {(r.game, r.task) for r in rows if r.task != "all" and _first_exact(rows, r) is not None}
    )
    floats = [
        r for r in rows if r.tool.kind == "float" and r.status == "ok" and r.max_rel is not None
    ]
    covered = {(r.game, r.task) for r in floats}
    if not floats:
        return "no float run finished", False
    worst = max(r.max_rel or 0.0 for r in floats)
    missing = [c for c in cases if c not in covered]
    text = f"largest relative difference {worst:.1e} on {len(covered)} of {len(cases)} cases"
    return text, worst <= 1e-9 and not missing


def _monte_carlo(task: str) -> Callable[..., tuple[str, bool]]:
    def check(rows: list[Row], extra: dict[str, Any]) -> tuple[str, bool]:
        done = [
            r
            for r in rows
            if r.game == "tokens"
            and r.task == task
            and r.tool.kind == "montecarlo"
            and r.status == "ok"
        ]
        if not done:
            return _why_not(rows, "tokens", task, ("montecarlo",)), False
        row = done[0]
        if row.half_width is None:
            return f"{fmt_time(row.best)}, no interval reported", False
        ok = row.best is not None and row.best < 10 and row.half_width <= 0.001
        return f"{fmt_time(row.best)}, ±{row.half_width:.1e}", ok

    return check


def _startup(rows: list[Row], extra: dict[str, Any]) -> tuple[str, bool]:
    t = extra.get("startup")
    if t is None:
        return f"not measured: {extra.get('startup_error', 'skipped')}", False
    return f"{fmt_time(t)} (best of 5)", t < 0.15


def _why_not(rows: list[Row], game: str, task: str, kinds: Sequence[str]) -> str:
    tried = [r for r in rows if r.game == game and r.task == task and r.tool.kind in kinds]
    if not tried:
        return "not run"
    return "; ".join(
        f"{r.tool.label}: {r.message if r.status == 'over' else r.status}" for r in tried
    )


TARGETS: list[Target] = [
    Target("1", "exact Banzhaf, n=200", "<= 0.06 s", _exact_time("r200", "banzhaf", 0.06)),
    Target("1", "exact Banzhaf, n=1000", "<= 0.5 s", _exact_time("r1000", "banzhaf", 0.5)),
    Target("1", "exact Banzhaf, n=5000", "<= 0.4 s", _exact_time("r5000", "banzhaf", 0.4)),
    Target("2", "exact Shapley-Shubik, n=200", "<= 4.2 s",
           _exact_time("r200", "shapley_shubik", 4.2)),
    Target("2", "exact Shapley-Shubik, n=1000", "finished, < 300 s",
           _exact_time("r1000", "shapley_shubik", 300)),
    Target("2", "Shapley-Shubik peak memory, n=200 (EPIC: 747 MB)", "<= 747 MB",
           _exact_memory("r200", "shapley_shubik", 747)),
    Target("3", "all nine indices exact, n=200", "< 10 s", _exact_time("r200", "all", 10)),
    Target("4", "float Banzhaf, n=1000", "< 0.2 s", _kind_time("r1000", "banzhaf", "float", 0.2)),
    Target("4", "float Shapley-Shubik, n=1000", "< 30 s",
           _kind_time("r1000", "shapley_shubik", "float", 30)),
    Target("4", "float agrees with exact on every benchmark game", "<= 1e-9 relative",
           _float_agrees),
    Target("5", "Monte Carlo Banzhaf, n=100,000, ±0.001 at 95%", "< 10 s", _monte_carlo("banzhaf")),
    Target("5", "Monte Carlo Shapley-Shubik, n=100,000, ±0.001 at 95%", "< 10 s",
           _monte_carlo("shapley_shubik")),
    Target("6", "start-up: `pivotal power --weights 4,4,4,2,2,1 --quota 12`, whole process",
           "< 150 ms", _startup),
]  # fmt: skip


def target_table(rows: list[Row], extra: dict[str, Any]) -> list[str]:
    lines = ["| # | target | goal | measured | met |", "|---|---|---|---|---|"]
    for t in TARGETS:
        measured, ok = t.check(rows, extra)
        lines.append(
            f"| {t.number} | {t.text} | {t.goal} | {_escape(_short(measured, 300))} "
            f"| {'met' if ok else 'not met'} |"
        )
    return lines


# ---------------------------------------------------------------------------------------------
# Machine, start-up, the document
# ---------------------------------------------------------------------------------------------


def measure_startup(repeats: int = 5) -> float:
    """Best wall time of the CLI's ``power`` command as a whole process (the installed console
    script's own code: import ``pivotal.entry`` and call ``main``)."""
    code = "import sys; from pivotal.entry import main; sys.exit(main())"
    args = ["power", "--weights", "4,4,4,2,2,1", "--quota", "12"]
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return min(times)


def machine() -> list[str]:
    """The machine and versions, for the document."""
    model = platform.processor() or platform.machine()
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        model = next(ln.split(":", 1)[1].strip() for ln in out.splitlines() if "Model name" in ln)
    except (OSError, subprocess.CalledProcessError, StopIteration):
        pass
    memory = _meminfo_gib()
    versions = []
    for module in ("numpy", "numba", "pivotal", "powerindex", "powerindices"):
        try:
            from importlib.metadata import version

            versions.append(f"{module} {version(module)}")
        except Exception:  # a package that is not installed: say so rather than fail
            versions.append(f"{module} not installed")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "-"
    return [
        f"- Date: {_dt.date.today().isoformat()}; pivotal commit {_git_commit()}",
        f"- Machine: {model}, {os.cpu_count()} cores, {memory}, {platform.system()} "
        f"{platform.release()}; load average at the start {load}",
        f"- Python {platform.python_implementation()} {platform.python_version()}; "
        + ", ".join(versions),
    ]


def _meminfo_gib() -> str:
    kb = _status_kb_file("/proc/meminfo", "MemTotal")
    return f"{kb / 2**20:.1f} GiB memory" if kb else "memory unknown"


def _status_kb_file(path: str, name: str) -> int:
    try:
        with open(path, encoding="ascii") as f:
            for line in f:
                if line.startswith(name + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def report(rows: list[Row], extra: dict[str, Any], games: list[GameSpec], limit: float) -> str:
    """The Markdown block that goes between the document's markers."""
    lines = [*extra.get("machine", machine())]
    lines.append(f"- Limits: {limit:g} s and {extra['memory_gib']:g} GiB per run")
    if extra.get("runs", 1) > 1:
        lines.append(
            f"- Rows of {extra['runs']} bench runs (games split between them) merged with"
            " `--render`; runs made at the same time share the cores, so their times include"
            " the contention"
        )
    lines.append("")
    lines += ["### Targets of issue 7", "", *target_table(rows, extra), ""]
    for spec in games:
        lines += [*game_table(spec, rows), ""]
    lines.append(f"† {REFERENCE_LABEL}; not built or run here.")
    return "\n".join(lines) + "\n"


def write_doc(block: str, path: Path = DOC) -> None:
    """Replace the text between the markers of ``path`` with ``block``."""
    text = path.read_text(encoding="utf-8")
    if DOC_START not in text or DOC_END not in text:
        raise SystemExit(f"{path} has no {DOC_START!r} ... {DOC_END!r} markers; add them first")
    head, rest = text.split(DOC_START, 1)
    _, tail = rest.split(DOC_END, 1)
    path.write_text(f"{head}{DOC_START}\n{block}{DOC_END}{tail}", encoding="utf-8")


def run_all(
    games: list[GameSpec],
    limit: float,
    memory_gib: float,
    tool_filter: Callable[[Tool], bool] = lambda tool: True,
    progress: Callable[[str], None] = lambda text: None,
    tools: Sequence[Tool] | None = None,
    anchor_limit: float | None = None,
) -> list[Row]:
    """Every (game, task, tool) row, in order, with differences filled in. ``tools`` replaces the
    tools of :func:`tools_for` (the smoke test runs its own); ``anchor_limit`` is the time limit
    of the Python anchors' runs (default: ``limit``)."""
    rows = []
    for spec in games:
        for task in spec.tasks:
            for tool in tools_for(spec, task) if tools is None else tools:
                if not tool_filter(tool):
                    continue
                seconds = limit if anchor_limit is None or tool.kind != "anchor" else anchor_limit
                row = run_row(spec.key, task, tool, seconds, int(memory_gib * 2**20))
                shown = fmt_time(row.best) if row.status == "ok" else row.status
                progress(f"{spec.key} {task} {tool.label}: {shown}")
                rows.append(row)
    differences(rows)
    return rows


def _row_from_json(saved: dict[str, Any]) -> Row:
    fields = dict(saved)
    fields["tool"] = Tool(**fields["tool"])
    return Row(**fields)


def save(rows: list[Row], extra: dict[str, Any], path: Path) -> None:
    """Save the rows (without their values) and the run's extras as JSON, for ``--render``."""
    saved = [
        {k: v for k, v in vars(r).items() if k != "values"} | {"tool": vars(r.tool)} for r in rows
    ]
    path.write_text(json.dumps({"rows": saved, **extra}, indent=1), encoding="utf-8")


def render(paths: Sequence[Path]) -> tuple[list[Row], dict[str, Any], list[GameSpec], float]:
    """Rows, extras, games and limit of saved runs (``--json``), merged in the order of GAMES."""
    runs = [json.loads(Path(p).read_text(encoding="utf-8")) for p in paths]
    # A later run's row replaces an earlier one of the same game, task and tool (a re-run).
    latest = {(r["game"], r["task"], r["tool"]["label"]): r for run in runs for r in run["rows"]}
    rows = [_row_from_json(r) for r in latest.values()]
    present = {r.game for r in rows}
    order = {g.key: i for i, g in enumerate(GAMES)}
    rows.sort(key=lambda r: order.get(r.game, len(GAMES)))  # stable: tools keep their order
    startups = [run["startup"] for run in runs if run.get("startup") is not None]
    extra: dict[str, Any] = {
        "memory_gib": max(run["memory_gib"] for run in runs),
        "machine": runs[0]["machine"],
        "runs": len(runs),
    }
    if startups:
        extra["startup"] = min(startups)
    games = [g for g in GAMES if g.key in present]
    return rows, extra, games, max(run["limit"] for run in runs)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=float, default=300.0, help="seconds per run (300)")
    parser.add_argument("--memory-limit", type=float, default=8.0, help="GiB per run (8)")
    parser.add_argument(
        "--anchor-limit", type=float, help="seconds per run of the Python anchors (--limit)"
    )
    keys = ",".join(g.key for g in GAMES)
    parser.add_argument("--games", default=keys, help=f"comma-separated, of: {keys}")
    parser.add_argument("--tools", default="", help="only tools whose label contains this")
    parser.add_argument("--no-write", action="store_true", help="print only; leave the doc")
    parser.add_argument("--json", type=Path, help="also save the rows (without values) here")
    parser.add_argument(
        "--render",
        type=Path,
        nargs="+",
        help="tables from runs saved with --json, merged (a later run's row replaces an earlier)",
    )
    args = parser.parse_args(argv)
    if args.child:
        print(RESULT_TAG + json.dumps(child(json.loads(args.child))), flush=True)
        return
    if args.render:
        rows, extra, games, limit = render(args.render)
    else:
        wanted = [k.strip() for k in args.games.split(",") if k.strip()]
        unknown = [k for k in wanted if k not in {g.key for g in GAMES}]
        if unknown:
            parser.error(f"unknown games {unknown}; choose from {keys}")
        games = [g for g in GAMES if g.key in wanted]
        limit = args.limit
        extra = {"memory_gib": args.memory_limit, "machine": machine(), "limit": limit}
        rows = run_all(
            games,
            limit,
            args.memory_limit,
            lambda tool: args.tools in tool.label,
            lambda text: print(text, file=sys.stderr, flush=True),
            anchor_limit=args.anchor_limit,
        )
        try:
            extra["startup"] = measure_startup()
        except (OSError, subprocess.CalledProcessError) as err:
            extra["startup_error"] = str(err)
        if args.json:
            save(rows, extra, args.json)
    block = report(rows, extra, games, limit)
    print(block)
    if not args.no_write:
        write_doc(block)
        print(f"(tables written into {DOC})", file=sys.stderr)


if __name__ == "__main__":
    main()
