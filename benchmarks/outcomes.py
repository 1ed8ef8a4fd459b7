"""The outcomes stage against the textbook method, on the same rules, in one run.

The field's tools for win sets and cores are R packages (vetoboxr, voteR; CRAN is not reachable from
this machine, and no Python package computes them for weighted or composed rules). They build the
win set as the union, over the minimal winning coalitions, of the intersections of the members'
preferred-to sets. This benchmark implements that definition directly with the same libraries
(numpy, shapely) and times it beside pivotal's method, which needs only sweeps of the winning test:

* line: the win set of a status quo on one dimension (core, pivots and setter's outcome come with
  pivotal's answer for free);
* plane: the win set region on two dimensions (shapely union of lens intersections vs pivotal's
  arrangement of circles), n up to 15;
* cost of consent: pivotal's exact dynamic program vs the minimum over every winning coalition;
* Owen values: pivotal's DP over unions vs enumeration;
* throughput: exact scenarios per second (one by one) and Monte Carlo scenarios per second
  (vectorized), on rules of 30 members.

Run with `make bench` (after the power-index table) or `python benchmarks/outcomes.py`.
"""

from __future__ import annotations

import math
import random
import sys
import tracemalloc
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
from run import best_time  # benchmarks/run.py: the same timing rule for both tables
from shapely.geometry import Point
from shapely.ops import unary_union

from pivotal import MultiWeightedGame, OrGame, WeightedGame
from pivotal.outcomes import spatial2d
from pivotal.outcomes.consent import cost_of_consent
from pivotal.outcomes.spatial1d import line_outcome, line_outcomes
from pivotal.outcomes.spatial2d import win_set_region
from pivotal.power.owen import union_values


def fresh_win_set(game: Any, positions: Any, status_quo: Any) -> Any:
    """The win set with nothing kept from an earlier call (see spatial2d._arrangement)."""
    spatial2d._arrangement.cache_clear()
    return win_set_region(game, positions, status_quo)


def peak(fn: Callable[[], Any]) -> float:
    tracemalloc.start()
    fn()
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top / 2**20


def fmt(t: float) -> str:
    return f"{t * 1e6:.0f} µs" if t < 1e-3 else f"{t * 1e3:.2f} ms" if t < 1 else f"{t:.2f} s"


def minimal_winning(game: WeightedGame) -> list[tuple[int, ...]]:
    table = game.winning_table()
    out = []
    for mask in range(1 << game.n):
        if table[mask] and all(not table[mask & ~(1 << i)] for i in range(game.n) if mask >> i & 1):
            out.append(tuple(i for i in range(game.n) if mask >> i & 1))
    return out


def textbook_line(game: WeightedGame, xs: list[int], y: int) -> tuple[float, float] | None:
    """The win set as the union over minimal winning coalitions of the intersections of the
    members' preferred-to intervals (|z - x_i| < |y - x_i|)."""
    low, high = math.inf, -math.inf
    for coalition in minimal_winning(game):
        lo = max(x - abs(y - x) for x in (xs[i] for i in coalition))
        hi = min(x + abs(y - x) for x in (xs[i] for i in coalition))
        if lo < hi:
            low, high = min(low, lo), max(high, hi)
    return None if low >= high else (low, high)


def textbook_plane(game: WeightedGame, points: list[tuple[int, int]], y: tuple[int, int]) -> Any:
    discs = [Point(p).buffer(math.dist(p, y), quad_segs=64) for p in points]
    parts = []
    for coalition in minimal_winning(game):
        shape = discs[coalition[0]]
        for i in coalition[1:]:
            shape = shape.intersection(discs[i])
        parts.append(shape)
    return unary_union(parts)


def textbook_consent(game: Any, price: list[Fraction]) -> Fraction:
    table = game.winning_table()
    best = None
    for mask in range(1 << game.n):
        if table[mask]:
            total = sum((price[i] for i in range(game.n) if mask >> i & 1), Fraction(0))
            best = total if best is None else min(best, total)
    return best  # type: ignore[return-value]


def main() -> None:
    rng = random.Random(6)
    rows = []
    for n in (11, 15, 19):
        names = [f"M{i}" for i in range(n)]
        game = WeightedGame([1] * n, n // 2 + 1, names=names)
        xs = [rng.randint(0, 100) for _ in range(n)]
        positions = dict(zip(names, xs, strict=True))
        ours = line_outcome(game, positions, 90, setter="M0")
        theirs = textbook_line(game, xs, 90)
        assert (ours.win_set is None and theirs is None) or tuple(
            map(float, ours.win_set)
        ) == theirs
        t_ours = best_time(lambda g=game, p=positions: line_outcome(g, p, 90, setter="M0"))
        t_theirs = best_time(lambda g=game, x=xs: textbook_line(g, x, 90), budget=4)
        rows.append(
            [
                f"line win set, majority of {n}",
                fmt(t_ours),
                fmt(t_theirs),
                f"{t_theirs / t_ours:.0f}x",
                f"{peak(lambda g=game, p=positions: line_outcome(g, p, 90)):.1f} MiB",
            ]
        )
        print(f"done: line n={n}", file=sys.stderr)
    for n in (7, 11, 15):
        names = [f"M{i}" for i in range(n)]
        game = WeightedGame([1] * n, n // 2 + 1, names=names)
        pts = [(rng.randint(0, 100), rng.randint(0, 100)) for _ in range(n)]
        positions = {p: (Fraction(a), Fraction(b)) for p, (a, b) in zip(names, pts, strict=True)}
        y = (95, 95)
        corner = (Fraction(95), Fraction(95))
        ours = win_set_region(game, positions, (Fraction(95), Fraction(95)))
        theirs = textbook_plane(game, pts, y)
        overlap = ours.symmetric_difference(theirs).area / max(theirs.area, 1e-9)
        # Each timed call draws the circles again: the arrangement is kept only for the other
        # rules of the same analysis, which a single win set does not have.
        t_ours = best_time(lambda g=game, p=positions, z=corner: fresh_win_set(g, p, z))
        t_theirs = best_time(lambda g=game, q=pts, z=y: textbook_plane(g, q, z), budget=6)
        rows.append(
            [
                f"plane win set, majority of {n} (areas differ by {overlap:.1e})",
                fmt(t_ours),
                fmt(t_theirs),
                f"{t_theirs / t_ours:.1f}x",
                f"{peak(lambda g=game, p=positions, z=corner: fresh_win_set(g, p, z)):.1f} MiB",
            ]
        )
        print(f"done: plane n={n}", file=sys.stderr)
    for n in (16, 20):
        names = [f"M{i}" for i in range(n)]
        weights = [rng.randint(1, 30) for _ in range(n)]
        game = OrGame(
            [
                MultiWeightedGame(
                    [([1] * n, n * 11 // 20 + 1), (weights, sum(weights) * 13 // 20)], names=names
                ),
                WeightedGame([1] * n, n - 3, names=names),
            ]
        )
        price = [Fraction(rng.randint(0, 40), rng.randint(1, 3)) for _ in range(n)]
        prices = dict(zip(names, price, strict=True))
        assert cost_of_consent(game, prices, method="dp").total == textbook_consent(game, price)
        t_ours = best_time(lambda g=game, p=prices: cost_of_consent(g, p, method="dp"))
        t_theirs = best_time(lambda g=game, p=price: textbook_consent(g, p), budget=6)
        rows.append(
            [
                f"cost of consent, EU-style double majority of {n}",
                fmt(t_ours),
                fmt(t_theirs),
                f"{t_theirs / t_ours:.0f}x",
                f"{peak(lambda g=game, p=prices: cost_of_consent(g, p, method='dp')):.1f} MiB",
            ]
        )
        print(f"done: consent n={n}", file=sys.stderr)
    for n, size in ((20, 4), (200, 20)):
        weights = [rng.randint(1, 1000) for _ in range(n)]
        names = [f"M{i}" for i in range(n)]
        game = WeightedGame(weights, sum(weights) // 2 + 1, names=names)
        unions = [names[k : k + size] for k in range(0, n, size)]
        t_ours = best_time(lambda g=game, u=unions: union_values(g, u, method="dp"))
        if n <= 20:
            t_theirs = best_time(lambda g=game, u=unions: union_values(g, u, method="enumeration"))
            ratio, other = f"{t_theirs / t_ours:.0f}x", fmt(t_theirs)
        else:
            ratio, other = "-", "beyond enumeration"
        rows.append(
            [
                f"Owen + Banzhaf-Owen, n={n}, unions of {size}",
                fmt(t_ours),
                other,
                ratio,
                f"{peak(lambda g=game, u=unions: union_values(g, u, method='dp')):.1f} MiB",
            ]
        )
        print(f"done: owen n={n}", file=sys.stderr)
    n = 30
    names = [f"M{i}" for i in range(n)]
    weights = [rng.randint(1, 30) for _ in range(n)]
    eu = OrGame(
        [
            MultiWeightedGame([([1] * n, 17), (weights, sum(weights) * 13 // 20)], names=names),
            WeightedGame([1] * n, n - 3, names=names),
        ]
    )
    scenarios = [({p: rng.randint(0, 100) for p in names}, rng.randint(0, 100)) for _ in range(500)]
    t = best_time(lambda: [line_outcome(eu, pos, y, setter="M0") for pos, y in scenarios])
    rows.append(
        [
            f"exact line outcomes, EU-style rule of {n}",
            f"{len(scenarios) / t:,.0f} /s",
            "-",
            "-",
            "-",
        ]
    )
    npr = np.random.default_rng(1)
    x, y, p = npr.random((20_000, n)), npr.random(20_000), npr.random(20_000)
    t = best_time(lambda: line_outcomes(eu, x, y, p))
    rows.append(
        [
            f"Monte Carlo line outcomes (floats), EU-style rule of {n}",
            f"{20_000 / t:,.0f} /s",
            "-",
            "-",
            f"{peak(lambda: line_outcomes(eu, x, y, p)):.1f} MiB",
        ]
    )
    header = [
        "task",
        "pivotal",
        "textbook method (union over minimal winning coalitions / all coalitions)",
        "ratio",
        "pivotal memory",
    ]
    print("\n| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
