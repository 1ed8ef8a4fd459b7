"""The float path: Banzhaf-family probabilities and Shapley-Shubik values in double precision.

For very large weighted games an exact count costs O(n² q / 62) word operations; the
*probabilities* the Banzhaf family reports need only O(n q) floating-point operations:

* the distribution of the weight of a random coalition (each player in with probability 1/2),
  P[t] = Pr[w(S) = t] for t < q, built as Π_j (1 + x^{w_j}) / 2;
* for each distinct weight w, the distribution without one such player, R = 2P / (1 + x^w), by
  forward substitution R[t] = 2 P[t] - R[t - w];
* the swing probability β'(w) = Pr[q - w ≤ w(S ∖ {i}) < q] = Σ_{q-w ≤ t < q} R[t], and the
  probability that a random coalition wins, 1 - Σ_{t<q} P[t].

Error bound. Every P[t] is a sum of nonnegative terms, so after n halvings-and-additions its
relative error is at most n·u (u = 2^-53). Each R[t] adds the errors of one chain t, t - w,
t - 2w, ...; the chains ending in the window of length w partition [0, q), so the absolute error
of β'(w) is at most Σ_{t<q} (2 |δP[t]| + u |R[t]|) + q·u ≤ (2n + q + 2)·u. That bound is reported
with every value (:func:`swing_probabilities`); measured errors are far smaller (``make bench``).

Shapley-Shubik values (:func:`shapley_shubik`) are integrals of the same kind of swing
probability over the probability t that each player is in, φ_i = ∫_0^1 f_i(t) dt (Owen's
multilinear extension [2]), by composite Gauss-Legendre quadrature [3]: about a hundred nodes of
O(n q) each, with an error *estimate* (two orders compared), not a bound.

>>> from pivotal.games import WeightedGame
>>> probs, win, bound = swing_probabilities(WeightedGame([4, 4, 4, 2, 2, 1], 12))
>>> [round(p, 12) for p in probs], win
([0.3125, 0.3125, 0.3125, 0.1875, 0.1875, 0.0], 0.21875)
>>> bound < 1e-13
True

References
----------
[1] Leech, D. (2003). Computing power indices for large voting games. Management Science 49(6),
    831-837.
[2] Owen, G. (1972). Multilinear extensions of games. Management Science 18(5), P64-P79.
[3] Davis, P. J. and Rabinowitz, P. (1984). Methods of Numerical Integration, 2nd ed. Academic
    Press, section 2.7 (Gauss-Legendre rules, compound rules and their error estimates).
[4] Hoeffding, W. (1963). Probability inequalities for sums of bounded random variables. Journal
    of the American Statistical Association 58(301), 13-30.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from dataclasses import dataclass

from pivotal.engines.budget import Estimate
from pivotal.engines.dp import _reduce
from pivotal.errors import PivotalError
from pivotal.games.base import SimpleGame
from pivotal.games.weighted import MultiWeightedGame

__all__ = [
    "FLOAT_RATE",
    "ShapleyShubikFloat",
    "estimate",
    "shapley_shubik",
    "ss_estimate",
    "swing_probabilities",
]

#: Double-precision additions per second of the float kernel (one core).
FLOAT_RATE = 1.5e9
_UNIT_ROUNDOFF = 2.0**-53


def _check(game: SimpleGame) -> MultiWeightedGame:
    if not (isinstance(game, MultiWeightedGame) and len(game.criteria) == 1):
        raise PivotalError(
            "engine",
            "the float path for weighted games with one quota",
            f"a {type(game).__name__}"
            + (
                f" with {len(game.criteria)} criteria"
                if isinstance(game, MultiWeightedGame)
                else ""
            ),
            "Use the exact engines (leave out --engine) or Monte Carlo (--engine montecarlo).",
        )
    return game


def estimate(game: SimpleGame) -> Estimate:
    """Time and memory of :func:`swing_probabilities` on ``game``."""
    game = _check(game)
    weights, quota = _reduce(game.criteria[0])
    q = max(min(quota, sum(weights)), 1)
    work = (len(weights) + len(set(weights))) * q
    return Estimate(work / FLOAT_RATE, 16 * q)


def swing_probabilities(game: SimpleGame) -> tuple[tuple[float, ...], float, float]:
    """Each player's swing probability β'_i = η_i / 2^(n-1), the probability that a random
    coalition wins, and a bound on the absolute error of every swing probability."""
    import numpy as np

    from pivotal.engines import kernels

    game = _check(game)
    weights, quota = _reduce(game.criteria[0])
    n, total = len(weights), sum(weights)
    if quota <= 0 or quota > total:
        return (0.0,) * n, 1.0 if quota <= 0 else 0.0, 0.0
    ascending = np.array(sorted(weights), dtype=np.int64)
    distinct = np.array(sorted(set(weights)), dtype=np.int64)
    probs, losing = kernels.banzhaf_float(ascending, quota, distinct)
    of_weight = dict(zip(distinct.tolist(), probs.tolist(), strict=True))
    bound = (2 * n + quota + 2) * _UNIT_ROUNDOFF
    win = float(min(max(1.0 - losing, 0.0), 1.0))
    # A value below zero is rounding error within the bound: probabilities are reported as >= 0.
    dummies = dummy_weights(weights, quota, (w for w, p in of_weight.items() if p <= bound))
    values = tuple(0.0 if w == 0 or w in dummies else max(of_weight[w], 0.0) for w in weights)
    return values, win, float(bound)


def dummy_weights(
    weights: tuple[int, ...], quota: int, suspects: Iterable[int] | None = None
) -> frozenset[int]:
    """The weights whose players are dummies, found exactly: a player of weight w never swings
    when no coalition of the others weighs in [q - w, q). Their float values are reported as
    exact zeros, not as rounding residue of about 1e-19 (a dummy reads "never decisive").

    In a weighted game a lighter player is never more desirable than a heavier one, so the
    dummies are the lightest distinct weights: a binary search over them, each test one pass of
    subset sums below q as the bits of an integer (O(n q / 64) word operations, less than the
    float kernels' O(n q)). ``suspects`` limits the search to those weights (the callers pass the
    weights whose float value is within its error of zero: any other weight swings), so a game
    without a near-zero value pays nothing.

    >>> sorted(dummy_weights((1, 6), 2)), sorted(dummy_weights((4, 4, 4, 2, 2, 1), 12))
    ([1], [1])
    >>> sorted(dummy_weights((1, 1, 1), 2))
    []
    """
    if quota <= 0 or len(weights) * quota > _DUMMY_CHECK_MAX_BITS:
        return frozenset()
    below = (1 << quota) - 1
    distinct = sorted({w for w in (weights if suspects is None else suspects) if w > 0})
    if not distinct:
        return frozenset()

    def is_dummy(w: int) -> bool:
        reach, skipped = 1, False
        for v in weights:
            if v == w and not skipped:
                skipped = True  # the player itself: one of the players of weight w
                continue
            if v:
                reach = (reach | (reach << v)) & below
        window = below ^ ((1 << max(quota - w, 0)) - 1)  # sums q - w, ..., q - 1
        return reach & window == 0

    lo, hi = 0, len(distinct)  # distinct[:lo] are dummies, distinct[hi:] are not
    while lo < hi:
        mid = (lo + hi) // 2
        if is_dummy(distinct[mid]):
            lo = mid + 1
        else:
            hi = mid
    return frozenset(distinct[:lo])


#: Past this many bit operations (players x quota) the exact dummy check would cost more than the
#: float kernels; values stay as computed (within their error).
_DUMMY_CHECK_MAX_BITS = 2 * 10**9


# ------------------------------------------------------------------------- Shapley-Shubik


#: Gauss-Legendre orders of each panel: the value, and the lower order whose difference from it
#: is the error estimate.
SS_ORDER, SS_CHECK_ORDER = 16, 12
#: Panels of the first try, and the most panels before the estimate is reported as it stands.
SS_PANELS, SS_MAX_PANELS = 4, 128
#: Hoeffding tail left out of the integration range (per unit length of t, absolute).
_SS_TAIL = 1e-20


@dataclass(frozen=True)
class ShapleyShubikFloat:
    """Shapley-Shubik values in double precision, with an estimate of their absolute error.

    ``error`` = ``quadrature`` (the largest difference between the order-16 and order-12
    composite Gauss-Legendre rules: the error of the *lower* rule, an estimate and not a bound,
    conservative for the reported higher one) + ``rounding`` (a bound on the rounding error of
    the integrand times the length of the range) + ``tail`` (Hoeffding's bound on the integrand
    outside the range). ``panels`` x ``order`` nodes give the values, over ``interval`` of t.
    """

    values: tuple[float, ...]
    error: float
    quadrature: float
    rounding: float
    tail: float
    panels: int
    order: int
    interval: tuple[float, float]

    @property
    def description(self) -> str:
        return (
            f"Shapley-Shubik by Gauss-Legendre quadrature of the multilinear extension "
            f"({self.panels} panels x {self.order} nodes on t in "
            f"[{self.interval[0]:.3g}, {self.interval[1]:.3g}]), estimated error "
            f"{self.error:.2g} (an estimate, not a bound)"
        )


def ss_estimate(game: SimpleGame) -> Estimate:
    """Time and memory of :func:`shapley_shubik` on ``game`` (its first try of panels)."""
    game = _check(game)
    weights, quota = _reduce(game.criteria[0])
    total = sum(weights)
    quota = min(max(quota, 1), max(total, 1))
    lo, hi = _range(weights, quota)
    # Nodes t <= 1/2 need the table below q, the others (absent players) below W - q + 1.
    cap = max(quota if lo <= 0.5 else 1, total - quota + 1 if hi > 0.5 else 1)
    nodes = SS_PANELS * (SS_ORDER + SS_CHECK_ORDER)
    # Each thread holds four float64 tables of cap entries (two for P, two for its running sums).
    threads = os.cpu_count() or 1
    return Estimate(nodes * len(weights) * cap / FLOAT_RATE, 32 * cap * threads)


def _range(weights: tuple[int, ...], quota: int) -> tuple[float, float]:
    """Where the integrand can exceed the tail: outside it Hoeffding's inequality [4] bounds
    f_i(t) = Pr[q - w_i ≤ W_{-i}(t) < q] by exp(-2 d² / Σ_j w_j²), d the distance of q from
    the mean t·(W - w_i), so the range is where d < D = sqrt(Σ w² ln(1/tail) / 2)."""
    total = sum(weights)
    reach = math.sqrt(sum(w * w for w in weights) * math.log(1 / _SS_TAIL) / 2)
    lows, highs = [], []
    for w in set(weights):
        if w == 0 or total == w:
            continue
        lows.append((quota - w - reach) / (total - w))
        highs.append((quota + reach) / (total - w))
    lo = max(0.0, min(lows, default=0.0))
    hi = min(1.0, max(highs, default=1.0))
    return (lo, hi) if lo < hi else (0.0, 1.0)


def shapley_shubik(game: SimpleGame) -> ShapleyShubikFloat:
    """Shapley-Shubik values φ_i = ∫_0^1 f_i(t) dt in double precision (Owen's multilinear
    extension [2]), f_i(t) = Pr[q - w_i ≤ W_{-i}(t) < q] with each other player present
    independently with probability t.

    For t ≤ 1/2 the kernel divides player i's factor out of the distribution of W(t) below q,
    stable there because t / (1 - t) ≤ 1 (:mod:`pivotal.engines.float_kernels`); for t > 1/2 it
    counts the *absent* players instead, each absent with probability 1 - t < 1/2:
    W_{-i}(t) ∈ [q - w_i, q) exactly when the absent others weigh A ∈ [q' - w_i, q') with
    q' = W - q + 1. The integral runs over the range where Hoeffding's inequality [4] leaves
    the integrand above 1e-20, in equal panels of composite Gauss-Legendre rules [3]; the panels
    double (4, 8, ... up to 128) until the order-16 and order-12 rules agree to 1e-7 relative
    (+1e-15); the order-12 rule's error is then about their difference, the order-16 rule's far
    smaller (on random games of 100 to 1000 players 4 panels give about 1e-14 relative).

    >>> from pivotal.games import WeightedGame
    >>> r = shapley_shubik(WeightedGame([4, 4, 4, 2, 2, 1], 12))
    >>> [round(v, 12) for v in r.values]  # exact: 7/30, 7/30, 7/30, 3/20, 3/20, 0
    [0.233333333333, 0.233333333333, 0.233333333333, 0.15, 0.15, 0.0]
    >>> r.error < 1e-12
    True
    """
    import numpy as np

    from pivotal.engines import float_kernels

    game = _check(game)
    weights, quota = _reduce(game.criteria[0])
    n, total = len(weights), sum(weights)
    if quota <= 0 or quota > total:
        return ShapleyShubikFloat((0.0,) * n, 0.0, 0.0, 0.0, 0.0, 0, 0, (0.0, 1.0))
    ascending = np.array(sorted(weights), dtype=np.int64)
    distinct = np.array(sorted(set(weights)), dtype=np.int64)
    lo, hi = _range(weights, quota)
    rules = {m: np.polynomial.legendre.leggauss(m) for m in (SS_ORDER, SS_CHECK_ORDER)}

    def integrate(panels: int, order: int) -> np.ndarray:
        x, w = rules[order]
        edges = np.linspace(lo, hi, panels + 1)
        half = (edges[1:] - edges[:-1]) / 2
        mid = (edges[1:] + edges[:-1]) / 2
        t = (mid[:, None] + half[:, None] * x[None, :]).ravel()
        weight = (half[:, None] * w[None, :]).ravel()
        low = t <= 0.5
        nodes = np.where(low, t, 1.0 - t)
        caps = np.where(low, quota, total - quota + 1).astype(np.int64)
        f = float_kernels.swing_window_probabilities(ascending, caps, nodes, distinct)
        return weight @ f

    panels = SS_PANELS
    while True:
        value = integrate(panels, SS_ORDER)
        check = integrate(panels, SS_CHECK_ORDER)
        gaps = np.abs(value - check)
        if np.all(gaps <= 1e-7 * np.abs(value) + 1e-15) or panels >= SS_MAX_PANELS:
            break
        panels *= 2
    # Rounding: every integrand value is an alternating sum of block masses of P (each to a
    # relative 2n·u) with weights ρ^k ≤ 1, summed in at most cap terms, divided by 1 - t ≥ 1/2.
    cap = max(quota, total - quota + 1)
    rounding = (hi - lo) * 2 * (2 * n + cap + 4) * _UNIT_ROUNDOFF
    tail = _SS_TAIL
    quadrature = float(gaps.max(initial=0.0))
    of_weight = dict(zip(distinct.tolist(), value.tolist(), strict=True))
    error = quadrature + rounding + tail
    dummies = dummy_weights(weights, quota, (w for w, v in of_weight.items() if v <= error))
    values = tuple(0.0 if w == 0 or w in dummies else max(of_weight[w], 0.0) for w in weights)
    return ShapleyShubikFloat(
        values,
        error,
        quadrature,
        rounding,
        tail,
        panels,
        SS_ORDER,
        (lo, hi),
    )
