"""Strategic power: whose position the outcome tracks.

A-priori indices count coalitions. Napel and Widgrén (2004) measure power instead as the
*sensitivity of the outcome to a member's preferences*: with the setter's outcome x* of the
procedure (:mod:`pivotal.outcomes.spatial1d`),

* for one profile, ∂x*/∂x_i says how far the outcome moves when member i's ideal point moves: 1
  for a setter who gets its ideal point, 2 for the pivot whose indifference bounds the win set
  (x* = 2 x_pivot - y), 0 for everybody else (:func:`sensitivities`, exact one-sided
  derivatives);
* the **strategic power index** of member i is the expected |∂x*/∂x_i| over random ideal points
  and status quos, here i.i.d. uniform on [0, 1] (:func:`strategic_power`, seeded vectorized Monte
  Carlo with 95% confidence intervals), and its share of the members' total.

A built-in check ties the spatial model to the a-priori one: when members' positions are i.i.d.,
their order on the line is a uniformly random permutation, and the member whose position
completes the first winning prefix is exactly the pivot of that permutation in the
Shapley-Shubik sense. So the chance of being the left pivot equals the Shapley-Shubik index
(Shapley 1977; Owen and Shapley 1989); :func:`pivot_probabilities` computes it exactly over all
orderings for small bodies, and by Monte Carlo for large ones.

>>> from pivotal.games import WeightedGame
>>> eec = WeightedGame([4, 4, 4, 2, 2, 1], 12, names=["FR", "DE", "IT", "BE", "NL", "LU"])
>>> [str(p) for p in pivot_probabilities(eec).values()]
['7/30', '7/30', '7/30', '3/20', '3/20', '0']

References
----------
1. Napel, S. and Widgrén, M. (2004). Power measurement as sensitivity analysis: a unified
   approach. Journal of Theoretical Politics 16(4), 517-538.
2. Shapley, L. S. (1977). A comparison of power indices and a nonsymmetric generalization. RAND
   paper P-5872.
3. Owen, G. and Shapley, L. S. (1989). Optimal location of candidates in ideological space.
   International Journal of Game Theory 18(3), 339-356.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from pivotal.errors import PivotalError
from pivotal.games.base import SimpleGame
from pivotal.outcomes.spatial1d import (
    exact_value,
    line_outcome,
    line_outcomes,
    setter_outcome_fast,
)

__all__ = [
    "MAX_EXACT_ORDERINGS",
    "Estimate",
    "StrategicPower",
    "pivot_probabilities",
    "sensitivities",
    "strategic_power",
]

#: Bodies up to this size are checked over all n! orderings exactly.
MAX_EXACT_ORDERINGS = 8
#: z value of a two-sided 95% normal confidence interval.
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Estimate:
    """A Monte Carlo estimate with its standard error and 95% confidence interval."""

    value: float
    stderr: float

    @property
    def low(self) -> float:
        return self.value - Z95 * self.stderr

    @property
    def high(self) -> float:
        return self.value + Z95 * self.stderr

    def __str__(self) -> str:
        return f"{self.value:.4f} ± {Z95 * self.stderr:.4f}"


def sensitivities(
    game: SimpleGame,
    positions: Mapping[str, object],
    status_quo: object,
    setter: str | None = None,
    absent: Iterable[str] = (),
) -> dict[str, tuple[Fraction, Fraction]]:
    """∂x*/∂x_i of the setter's outcome for every actor with a position, as exact (left, right)
    one-sided derivatives (equal except where the outcome has a kink in x_i).

    The outcome is piecewise linear in each position, so a difference quotient over a step
    smaller than the distance to the nearest kink is the derivative exactly.
    """
    away = tuple(absent)
    exact = {p: exact_value(v, f"positions['{p}']") for p, v in positions.items()}
    y = exact_value(status_quo, "status_quo")

    # line_outcome validates the input once; the moved copies go through the same computation
    # of the setter's outcome without the checks.
    base = line_outcome(game, exact, y, setter=setter, absent=away).setter_outcome
    present = [i for i, p in enumerate(game.players) if p not in away]
    voters = [game.players[i] for i in present]

    def outcome(moved: Mapping[str, Fraction]) -> Fraction:
        ideal = None if setter is None else moved[setter]
        return setter_outcome_fast(game, present, [moved[p] for p in voters], y, ideal)

    breaks = set(exact.values()) | {y} | {2 * x - y for x in exact.values()}
    if setter is not None:
        p = exact[setter]
        breaks |= {p, (p + y) / 2}
    # A step under a quarter of the distance to the nearest break or midpoint stays on one piece.
    marks = sorted(breaks | {(b + y) / 2 for b in breaks})
    out = {}
    for member, x in exact.items():
        if member in away:
            out[member] = (Fraction(0), Fraction(0))
            continue
        k = bisect.bisect_left(marks, x)
        gaps = [abs(b - x) for b in marks[max(k - 1, 0) : k + 2] if b != x]
        h = min(gaps, default=Fraction(1)) / 4 or Fraction(1)
        right = (outcome({**exact, member: x + h}) - base) / h
        left = (base - outcome({**exact, member: x - h})) / h
        out[member] = (left, right)
    return out


def pivot_probabilities(game: SimpleGame, draws: int = 0, seed: int = 0) -> dict[str, object]:
    """The chance that each member is the left pivot when positions are i.i.d. (every order on
    the line equally likely): exact Fractions over all orderings for up to
    :data:`MAX_EXACT_ORDERINGS` members, else (or with ``draws``) a Monte Carlo
    :class:`Estimate` per member. It equals the Shapley-Shubik index (module notes)."""
    n = game.n
    if draws == 0 and n <= MAX_EXACT_ORDERINGS:
        counts = [0] * n
        for order in itertools.permutations(range(n)):
            members = np.zeros((n, n), dtype=bool)
            for k, i in enumerate(order):
                members[k:, i] = True
            k = int(np.argmax(game.wins(members)))
            counts[order[k]] += 1
        total = math.factorial(n)
        return {p: Fraction(c, total) for p, c in zip(game.players, counts, strict=True)}
    draws = draws or 20_000
    rng = np.random.default_rng(seed)
    x = rng.random((draws, n))
    batch = line_outcomes(game, x, np.zeros(draws))
    hits = np.zeros((draws, n))
    hits[np.arange(draws), batch.left_index] = 1.0
    return {p: _mean(hits[:, i]) for i, p in enumerate(game.players)}


def _mean(values: np.ndarray) -> Estimate:
    return Estimate(float(values.mean()), float(values.std(ddof=1) / math.sqrt(len(values))))


@dataclass(frozen=True)
class StrategicPower:
    """Napel-Widgrén strategic power: expected |∂x*/∂x_i| and its share, by Monte Carlo."""

    players: tuple[str, ...]
    setter: str | None
    sensitivity: dict[str, Estimate]
    share: dict[str, Estimate]
    #: How often the outcome is the setter's ideal point, a pivot's bound, or the status quo.
    regimes: dict[str, Estimate]
    draws: int
    seed: int

    def to_dict(self) -> dict[str, object]:
        def est(e: Estimate) -> dict[str, float]:
            return {"value": e.value, "low": e.low, "high": e.high}

        return {
            "players": list(self.players),
            "setter": self.setter,
            "sensitivity": {p: est(e) for p, e in self.sensitivity.items()},
            "share": {p: est(e) for p, e in self.share.items()},
            "regimes": {k: est(e) for k, e in self.regimes.items()},
            "draws": self.draws,
            "seed": self.seed,
            "exact": False,
        }


#: The most draws one estimate takes (as :data:`pivotal.outcomes.uncertainty.MAX_DRAWS`).
MAX_DRAWS = 1_000_000


def _check_seed(seed: object) -> None:
    """numpy's generators take seeds of 0 or more; anything else is a user error, not a crash."""
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise PivotalError(
            "seed", "a whole number, 0 or more", repr(seed), "Give a seed such as 0 or 1."
        )


def strategic_power(
    game: SimpleGame,
    setter: str | None = None,
    draws: int = 20_000,
    seed: int = 0,
    absent: Iterable[str] = (),
) -> StrategicPower:
    """The Napel-Widgrén strategic power index of every member under the setter model: ideal
    points and the status quo i.i.d. uniform on [0, 1], ``setter`` (a member) proposing, or no
    setter (then every status quo outside the core moves to the nearest point that wins: the
    pivot's position). Seeded and vectorized; 95% confidence intervals."""
    if not isinstance(draws, int) or isinstance(draws, bool) or not 2 <= draws <= MAX_DRAWS:
        # The draws are held in memory (several draws x members arrays of floats): bounded.
        raise PivotalError(
            "draws",
            f"a whole number of Monte Carlo draws from 2 to {MAX_DRAWS:,}",
            repr(draws),
            "Use 10000 for a quick answer, 100000 for a precise one.",
        )
    _check_seed(seed)
    if setter is not None and setter not in game.players:
        raise PivotalError(
            "setter", "one of " + ", ".join(game.players), repr(setter), "Name a member."
        )
    away = set(absent)
    present = np.array([p not in away for p in game.players])
    rng = np.random.default_rng(seed)
    x = rng.random((draws, game.n))
    y = rng.random(draws)
    rows = np.arange(draws)
    d = np.zeros((draws, game.n))
    if setter is None:
        # No setter: a status quo outside the core moves to the nearest stable point, the
        # pivot's position (x* = x_R below the core, x_L above it), so that pivot has slope 1.
        b = line_outcomes(game, x, y, None, present)
        below = (y < b.right) & ~(y > b.left)
        above = (y > b.left) & ~(y < b.right)
        d[rows[below], b.right_index[below]] = 1.0
        d[rows[above], b.left_index[above]] = 1.0
        regimes = {
            "pivot's position": _mean((below | above).astype(float)),
            "status quo": _mean((~(below | above)).astype(float)),
        }
    else:
        p = x[:, game.players.index(setter)]
        b = line_outcomes(game, x, y, p, present)
        moving = ~b.gridlock
        free = moving & (b.win_low < p) & (p < b.win_high)
        upper = moving & (p >= b.win_high) & (y < b.right)
        lower = moving & (p <= b.win_low) & (y > b.left)
        d[free, game.players.index(setter)] = 1.0
        d[rows[upper], b.right_index[upper]] = 2.0
        d[rows[lower], b.left_index[lower]] = 2.0
        regimes = {
            "setter's ideal": _mean(free.astype(float)),
            "pivot's bound": _mean((upper | lower).astype(float)),
            "status quo": _mean((~(free | upper | lower)).astype(float)),
        }
    total = d.sum(axis=1)
    sensitivity = {q: _mean(d[:, i]) for i, q in enumerate(game.players)}
    mean_total = float(total.mean())
    share = {}
    for i, q in enumerate(game.players):
        if mean_total == 0:
            share[q] = Estimate(0.0, 0.0)
            continue
        ratio = float(d[:, i].mean()) / mean_total
        # Delta method for a ratio of means.
        resid = d[:, i] - ratio * total
        share[q] = Estimate(ratio, float(resid.std(ddof=1) / math.sqrt(draws) / mean_total))
    return StrategicPower(game.players, setter, sensitivity, share, regimes, draws, seed)
