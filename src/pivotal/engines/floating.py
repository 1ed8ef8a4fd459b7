"""The float path: Banzhaf-family probabilities of a weighted game in double precision.

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
"""

from __future__ import annotations

from pivotal.engines.budget import Estimate
from pivotal.engines.dp import _reduce
from pivotal.errors import PivotalError
from pivotal.games.base import SimpleGame
from pivotal.games.weighted import MultiWeightedGame

__all__ = ["FLOAT_RATE", "estimate", "swing_probabilities"]

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
    return tuple(max(of_weight[w], 0.0) for w in weights), win, float(bound)
