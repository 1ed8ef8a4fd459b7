"""pivotal against the published Python packages of this field, on the same games, in one run.

Run with `make bench` (installs the pinned comparison packages from benchmarks/requirements.lock).
For each game: wall time (best of several runs), peak traced memory (tracemalloc, a separate run),
and the largest difference between the packages' Banzhaf / Shapley-Shubik values and pivotal's
exact values. Ratios are the other package's time divided by pivotal's (above 1: pivotal faster).
Prints a Markdown table.

Compared packages (PyPI): powerindex 0.3.5 (generating functions, floats) and powerindices 1.0.2
(generating functions with numpy). pivotal computes exact integers/Fractions.
"""

from __future__ import annotations

import platform
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

import pivotal
from pivotal.power import power

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


def cases() -> list[tuple[str, list[int], int]]:
    rng = random.Random(2012)
    random_100 = [rng.randint(1, 100) for _ in range(100)]
    random_200 = [rng.randint(1, 50) for _ in range(200)]
    return [
        ("EEC Council 1958 (n=6)", [4, 4, 4, 2, 2, 1], 12),
        ("UN Security Council 1965 (n=15)", [7] * 5 + [1] * 10, 39),
        ("CSTO simple majority 2012 (n=7)", [1] * 7, 4),
        ("US Electoral College 2024 (n=51)", list(ELECTORS_2024.values()), 270),
        ("random weights 1-100 (n=100)", random_100, sum(random_100) // 2 + 1),
        ("random weights 1-50 (n=200)", random_200, sum(random_200) * 2 // 3),
    ]


def run_pivotal(weights: list[int], quota: int) -> tuple[list[float], list[float]]:
    res = power(pivotal.WeightedGame(weights, quota), indices=["banzhaf", "shapley_shubik"])
    return [float(x) for x in res.indices["banzhaf"]], [float(x) for x in res.indices["shapley_shubik"]]


def run_pivotal_all(weights: list[int], quota: int) -> None:
    power(pivotal.WeightedGame(weights, quota))


def run_powerindex(weights: list[int], quota: int) -> tuple[list[float], list[float]]:
    import powerindex

    g = powerindex.Game(quota, weights=weights)
    g.calc_banzhaf()
    g.calc_shapley_shubik()
    return list(g.banzhaf), list(g.shapley_shubik)


def run_powerindices(weights: list[int], quota: int) -> tuple[list[float], list[float]]:
    import powerindices

    pbi = np.asarray(powerindices.compute_pbi(quota, weights), dtype=float)
    ssi = powerindices.compute_ssi(quota, weights)
    return list(pbi / pbi.sum()), list(ssi)


def best_time(fn: Callable[[], Any], budget: float = 2.0) -> float:
    times = []
    start = time.perf_counter()
    while len(times) < 3 or (time.perf_counter() - start < budget and len(times) < 20):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        if times[-1] > budget:
            break
    return min(times)


def peak_memory(fn: Callable[[], Any]) -> int:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def fmt_time(t: float) -> str:
    return f"{t * 1e3:.2f} ms" if t < 1 else f"{t:.2f} s"


def main() -> None:
    rows = []
    for name, w, q in cases():
        bz, ss = run_pivotal(w, q)
        t_piv = best_time(lambda w=w, q=q: run_pivotal(w, q))
        try:
            all_indices = fmt_time(best_time(lambda w=w, q=q: run_pivotal_all(w, q)))
        except pivotal.PivotalError:  # beyond the DP's work limit for the structural indices
            all_indices = "refused (work limit)"
        m_piv = peak_memory(lambda w=w, q=q: run_pivotal(w, q))
        row = [name, fmt_time(t_piv), f"{m_piv / 2**20:.1f} MiB", all_indices]
        for runner in (run_powerindex, run_powerindices):
            try:
                obz, oss = runner(w, q)
                t = best_time(lambda w=w, q=q, r=runner: r(w, q))
                m = peak_memory(lambda w=w, q=q, r=runner: r(w, q))
                diff = max(max(abs(a - b) for a, b in zip(bz, obz, strict=True)),
                           max(abs(a - b) for a, b in zip(ss, oss, strict=True)))
                row.append(f"{fmt_time(t)} ({t / t_piv:.2f}x), {m / 2**20:.1f} MiB, Δ={diff:.1e}")
            except Exception as err:  # a comparison package failing is a result, not a crash
                row.append(f"failed: {type(err).__name__}: {str(err)[:60]}")
        rows.append(row)
        print(f"done: {name}", file=sys.stderr)
    print(f"Machine: {platform.machine()}, {platform.python_implementation()} "
          f"{platform.python_version()}, numpy {np.__version__}, pivotal {pivotal.__version__}\n")
    header = ["game", "pivotal Bz+SS (exact)", "pivotal memory", "pivotal all 9 indices",
              "powerindex 0.3.5 Bz+SS (ratio, memory, max Δ)",
              "powerindices 1.0.2 Bz+SS (ratio, memory, max Δ)"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
