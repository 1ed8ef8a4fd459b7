"""Exact generating-function dynamic programming for weighted and multi-criteria games.

For a weighted game [q; w_1..w_n] the generating function

    P(x, y) = Π_i (1 + y x^{w_i})

has as coefficient of y^s x^t the number of coalitions of s players and weight t. Every statistic
pivotal needs is a sum of such coefficients over the right range of t:

* swings of i with s others: coalitions S ⊆ N \\ {i} of size s with q - w_i ≤ w(S) < q, read off
  P / (1 + y x^{w_i});
* winning coalitions: 2^n minus the coalitions with w(S) < q;
* minimal winning coalitions: with players sorted by weight (heaviest first), S is minimal winning
  when w(S) ≥ q and w(S) - w_last < q, where "last" is its lightest member; so count, for every
  player m, coalitions T of players before m with q - w_m ≤ w(T) < q;
* Johnston counts: in a winning S with surplus e = w(S) - q, the critical members are those with
  w_j > e. For e between two consecutive distinct weights u_k ≤ e < u_{k+1} they are exactly the
  members of weight above u_k, so counting by (weight, members above u_k) gives c(S).

Coefficients with t ≥ q are never needed individually, so polynomials are truncated at t < q (or at
q + the largest weight for Johnston). Truncation is compatible with removing a player again
(deconvolution runs upward in t), and players of equal weight share their values, so each
distinct weight is solved once. Weights and quota are first divided by the gcd of the weights (the
quota rounded up), which does not change the game.

A multi-criteria game uses one axis per criterion, with sums capped at each quota (a capped entry
means "reached the quota"); a criterion in which every player has the same weight is a function of
the coalition's size and needs no axis of its own. Minimal winning coalitions and Johnston counts
are implemented here for one criterion only.

Counts are exact: numpy int64 while 2^n fits (n ≤ 62), Python integers beyond.
"""

from __future__ import annotations

import math

import numpy as np

from pivotal.engines.base import Engine, GameStatistics, Need, Support
from pivotal.games.base import SimpleGame
from pivotal.games.weighted import Criterion, MultiWeightedGame

__all__ = ["MAX_DP_WORK", "GeneratingFunctionEngine"]

#: Upper bound on array cell updates the engine takes on (seconds to a minute of numpy work).
MAX_DP_WORK = 3 * 10**9
#: Upper bound on the cells of one multi-criteria array (8 bytes each; several arrays live at once).
MAX_DP_CELLS = 2 * 10**7


def _dtype(n: int) -> type | str:
    return np.int64 if n <= 62 else object


def _reduce(c: Criterion) -> tuple[tuple[int, ...], int]:
    """Divide weights by their gcd (quota rounded up): the same game with smaller numbers."""
    g = 0
    for w in c.weights:
        g = math.gcd(g, w)
    g = max(g, 1)
    return tuple(w // g for w in c.weights), -(-c.quota // g)


class _Axis:
    """One capped criterion axis of a multi-criteria DP."""

    def __init__(self, weights: tuple[int, ...], quota: int) -> None:
        self.weights = weights
        self.quota = quota


def _plan(game: MultiWeightedGame) -> tuple[list[_Axis], list[tuple[int, int]]]:
    """Axes that need their own dimension, and size-only criteria as (per-player weight, quota)."""
    axes: list[_Axis] = []
    size_rules: list[tuple[int, int]] = []
    for c in game.criteria:
        weights, quota = _reduce(c)
        if len(set(weights)) == 1:
            size_rules.append((weights[0], quota))
        else:
            axes.append(_Axis(weights, quota))
    return axes, size_rules


class GeneratingFunctionEngine(Engine):
    name = "dp"

    def supports(self, game: SimpleGame, needs: frozenset[Need]) -> Support:
        if not isinstance(game, MultiWeightedGame):
            return Support(
                False, f"only weighted and multi-criteria games; this is a {type(game).__name__}"
            )
        n = game.n
        wants_structure = bool(needs & {Need.MINIMAL, Need.JOHNSTON})
        if wants_structure and len(game.criteria) > 1:
            return Support(
                False,
                "minimal winning coalitions and Johnston counts are implemented for one weighted "
                f"criterion; this game has {len(game.criteria)}",
            )
        axes, size_rules = _plan(game)
        if len(axes) > 1 or size_rules:
            cells = n + 1
            for a in axes:
                cells *= a.quota + 1
            if cells > MAX_DP_CELLS:
                return Support(
                    False,
                    f"a table of {cells:.1e} cells (one axis per criterion up to its quota) "
                    f"exceeds the limit {MAX_DP_CELLS:.0e}",
                )
        work = _work_estimate(game, needs)
        if work > MAX_DP_WORK:
            quotas = ", ".join(str(a.quota) for a in axes)
            return Support(
                False,
                f"pseudo-polynomial work of about {work:.1e} cell updates "
                f"(quota after gcd reduction: {quotas}) exceeds the limit {MAX_DP_WORK:.0e}",
            )
        return Support(True, f"weighted game, about {work:.1e} cell updates", cost=float(work))

    def statistics(self, game: SimpleGame, needs: frozenset[Need]) -> GameStatistics:
        assert isinstance(game, MultiWeightedGame)  # guaranteed by supports()
        n = game.n
        axes, size_rules = _plan(game)
        if len(axes) == 1 and not size_rules:
            swings, winning = _swings_and_winning_truncated(axes[0].weights, axes[0].quota)
        else:
            swings, winning = _swings_and_winning(n, axes, size_rules)
        minimal = minimal_count = johnston = None
        if needs & {Need.MINIMAL, Need.JOHNSTON}:
            weights, quota = _reduce(game.criteria[0])
            if Need.MINIMAL in needs:
                minimal, minimal_count = _minimal(weights, quota)
            if Need.JOHNSTON in needs:
                johnston = _johnston(weights, quota)
        return GameStatistics(
            players=game.players,
            winning_count=winning,
            swings_by_size=swings,
            minimal_by_size=minimal,
            minimal_count_by_size=minimal_count,
            johnston_by_critical=johnston,
            engine=self.name,
        )


def _work_estimate(game: MultiWeightedGame, needs: frozenset[Need]) -> int:
    """Array cell updates the engine will make: the basis of its cost and of its limit."""
    n = game.n
    axes, size_rules = _plan(game)
    classes = len(set(zip(*(c.weights for c in game.criteria), strict=True)))
    if len(axes) == 1 and not size_rules:
        q = axes[0].quota
        work = (n + 1) * q * (n + classes)
    else:
        cells = n + 1
        for a in axes:
            cells *= a.quota + 1
        work = cells * n * (classes + 1)
    if needs & {Need.MINIMAL, Need.JOHNSTON}:
        weights, q = _reduce(game.criteria[0])
        levels = len(set(weights))
        if Need.MINIMAL in needs:
            work += n * levels * (n + 1) * q
        if Need.JOHNSTON in needs:
            work += levels * (n + levels) * (n + 1) * (q + max(weights))
    return work


# ----------------------------------------------------------------------------- swings (capped)


def _capped_poly(n_total: int, axes: list[_Axis], players: list[int]) -> np.ndarray:
    """Counts of coalitions of ``players`` by (size, capped sum on each axis)."""
    shape = (n_total + 1, *(a.quota + 1 for a in axes))
    poly = np.zeros(shape, dtype=_dtype(n_total))
    poly[(0,) * len(shape)] = 1
    for p in players:
        poly = _add_capped(poly, [a.weights[p] for a in axes], [a.quota for a in axes])
    return poly


def _add_capped(poly: np.ndarray, ws: list[int], quotas: list[int]) -> np.ndarray:
    """Multiply by (1 + y x^w), with each axis capped at its quota."""
    shifted = np.zeros_like(poly)
    shifted[1:] = poly[:-1]
    for axis, (w, q) in enumerate(zip(ws, quotas, strict=True), start=1):
        if w == 0:
            continue
        moved = np.zeros_like(shifted)
        lo = [slice(None)] * poly.ndim
        hi = [slice(None)] * poly.ndim
        lo[axis], hi[axis] = slice(0, q + 1 - w), slice(w, q + 1) if w <= q else slice(q + 1, q + 1)
        if w <= q:
            moved[tuple(hi)] = shifted[tuple(lo)]
        # Everything that would pass the cap lands on the cap.
        over = [slice(None)] * poly.ndim
        over[axis] = slice(max(q + 1 - w, 0), q + 1)
        cap = [slice(None)] * poly.ndim
        cap[axis] = q
        moved[tuple(cap)] += shifted[tuple(over)].sum(axis=axis)
        shifted = moved
    return poly + shifted


def _meets(axes: list[_Axis], ndim: int, offsets: list[int]) -> np.ndarray:
    """Boolean array over the axis grid: every capped sum plus its offset reaches its quota."""
    ok = np.ones([a.quota + 1 for a in axes], dtype=bool) if axes else np.ones((), dtype=bool)
    for k, (a, off) in enumerate(zip(axes, offsets, strict=True)):
        shape = [1] * len(axes)
        shape[k] = a.quota + 1
        ok = ok & (np.arange(a.quota + 1).reshape(shape) + off >= a.quota)
    return ok


def _size_ok(n: int, size_rules: list[tuple[int, int]], extra: int) -> np.ndarray:
    sizes = np.arange(n + 1) + extra
    ok = np.ones(n + 1, dtype=bool)
    for w, q in size_rules:
        ok &= sizes * w >= q
    return ok


def _swings_and_winning(
    n: int, axes: list[_Axis], size_rules: list[tuple[int, int]]
) -> tuple[tuple[tuple[int, ...], ...], int]:
    signature = [tuple(a.weights[p] for a in axes) for p in range(n)]
    everyone = _capped_poly(n, axes, list(range(n)))
    win_grid = _meets(axes, len(axes), [0] * len(axes))
    win_size = _size_ok(n, size_rules, 0)
    win_mask = win_size.reshape((n + 1,) + (1,) * len(axes)) & win_grid
    winning = int(everyone[win_mask].sum()) if win_mask.any() else 0

    by_class: dict[tuple[int, ...], tuple[int, ...]] = {}
    rows = []
    for i in range(n):
        sig = signature[i]
        if sig not in by_class:
            others = _capped_poly(n, axes, [p for p in range(n) if p != i])
            lose = ~(win_size.reshape((n + 1,) + (1,) * len(axes)) & win_grid)
            with_i = _size_ok(n, size_rules, 1).reshape((n + 1,) + (1,) * len(axes)) & _meets(
                axes, len(axes), list(sig)
            )
            mask = lose & with_i
            counts = (others * mask).reshape(n + 1, -1).sum(axis=1)
            by_class[sig] = tuple(int(c) for c in counts[:n])
        rows.append(by_class[sig])
    return tuple(rows), winning


# ---------------------------------------------------------------- truncated polynomials (1 axis)


def _swings_and_winning_truncated(
    weights: tuple[int, ...], quota: int
) -> tuple[tuple[tuple[int, ...], ...], int]:
    """One criterion: coalitions below the quota lose, the rest win; no capping needed."""
    n = len(weights)
    poly = _truncated(list(weights), quota, [True] * n, n)
    losing = sum(int(x) for x in poly.sum(axis=1))
    by_weight: dict[int, tuple[int, ...]] = {}
    for w in set(weights):
        others = _div(poly, w)
        window = others[:, max(quota - w, 0) : quota].sum(axis=1)
        by_weight[w] = tuple(int(window[k]) for k in range(n))
    return tuple(by_weight[w] for w in weights), (1 << n) - losing


def _truncated(weights: list[int], cap: int, counted: list[bool], n: int) -> np.ndarray:
    """poly[c, t]: subsets with c counted members and weight t, for t < cap (the rest dropped)."""
    poly = np.zeros((n + 1, cap), dtype=_dtype(n))
    poly[0, 0] = 1
    for w, c in zip(weights, counted, strict=True):
        _mul(poly, w, c)
    return poly


def _mul(poly: np.ndarray, w: int, counted: bool) -> None:
    """In place: poly *= (1 + y^[counted] x^w), truncated."""
    cap = poly.shape[1]
    if w >= cap:
        return
    if counted:
        poly[1:, w:] += poly[:-1, : cap - w].copy()
    else:
        poly[:, w:] += poly[:, : cap - w].copy() if w else poly[:, :].copy()


def _div(poly: np.ndarray, w: int) -> np.ndarray:
    """poly / (1 + y x^w): the same counts without one (counted) player of weight w."""
    cap = poly.shape[1]
    out = poly.copy()
    if w >= cap:
        return out
    # out[c, t] = poly[c, t] - out[c-1, t-w], rows in increasing c.
    for c in range(1, poly.shape[0]):
        out[c, w:] -= out[c - 1, : cap - w]
    return out


def _order(weights: tuple[int, ...]) -> list[int]:
    return sorted(range(len(weights)), key=lambda p: (-weights[p], p))


def _minimal(
    weights: tuple[int, ...], quota: int
) -> tuple[tuple[tuple[int, ...], ...], tuple[int, ...]]:
    n = len(weights)
    order = _order(weights)
    total_by_size = [0] * (n + 1)
    rows = [[0] * (n + 1) for _ in range(n)]
    prefix = np.zeros((n + 1, quota), dtype=_dtype(n))
    prefix[0, 0] = 1
    for pos, m in enumerate(order):
        wm = weights[m]
        if wm > 0:
            lo = max(quota - wm, 0)
            window = prefix[:, lo:quota].sum(axis=1)  # T before m with q - w_m <= w(T) < q
            for s in range(n):
                count = int(window[s])
                if count:
                    total_by_size[s + 1] += count
                    rows[m][s + 1] += count
            # Members before m: MWCs ending at m that contain them = window - window(without j).
            done: dict[int, list[int]] = {}
            for j in order[:pos]:
                if weights[j] in done:
                    contrib = done[weights[j]]
                else:
                    without = _div(prefix, weights[j])
                    rest = without[:, lo:quota].sum(axis=1)
                    contrib = [int(window[s] - rest[s]) for s in range(n + 1)]
                    done[weights[j]] = contrib
                for s in range(n):
                    if contrib[s]:
                        rows[j][s + 1] += contrib[s]
        _mul(prefix, wm, True)
    return tuple(tuple(r) for r in rows), tuple(total_by_size)


def _johnston(weights: tuple[int, ...], quota: int) -> tuple[tuple[int, ...], ...]:
    n = len(weights)
    levels = sorted({0, *weights})
    rows = [[0] * (n + 1) for _ in range(n)]
    for k in range(len(levels) - 1):
        lo_e, hi_e = levels[k], levels[k + 1]  # surplus e in [lo_e, hi_e): critical = weight > lo_e
        counted = [w > lo_e for w in weights]
        cap = quota + hi_e
        poly = _truncated(list(weights), cap, counted, n)
        seen: dict[int, list[int]] = {}
        for i in range(n):
            if not counted[i]:
                continue
            wi = weights[i]
            if wi not in seen:
                others = _div(poly, wi)
                # S = T + i with q + lo_e <= w(S) < q + hi_e, so T is shifted down by w_i.
                a, b = max(quota + lo_e - wi, 0), max(quota + hi_e - wi, 0)
                window = others[:, a:b].sum(axis=1)
                seen[wi] = [0] + [int(window[c - 1]) for c in range(1, n + 1)]
            for c in range(1, n + 1):
                rows[i][c] += seen[wi][c]
    return tuple(tuple(r) for r in rows)
