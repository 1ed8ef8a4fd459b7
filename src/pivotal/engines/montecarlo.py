"""Monte Carlo estimates of power indices, with 95% intervals, for games beyond exact reach.

Every estimate here is a float with an interval; nothing in this module is exact, and the result
types built from it say so (:class:`pivotal.power.result.ApproximatePowerResult`).

What is sampled
---------------
*Banzhaf family* (``raw_banzhaf``, ``penrose``, ``banzhaf``, ``coleman_prevent``,
``coleman_initiate`` and the power to act): coalitions S in which every player is a member with
probability 1/2, independently [1, 2]. For player i, S \\ {i} is then a uniform coalition of the
others, so the swing indicator X_i = [S \\ {i} loses, S ∪ {i} wins] has mean

    β'_i = η_i / 2^(n-1)        (Penrose; η_i the swings, raw Banzhaf = 2^(n-1) β'_i)

and the win indicator Z = [S wins] has mean A = |W| / 2^n (Coleman's power to act). The other
indices are ratios of these means: β_i = β'_i / Σ_j β'_j, prevent_i = β'_i / (2A),
initiate_i = β'_i / (2(1 - A)).

*Shapley-Shubik*: a player's Shapley-Shubik value is the probability that it is pivotal in a random
order of arrival [3, 4]. The generic sampler draws uniform random orders and finds the pivot by
bisection over the prefixes (a monotone game: log2(n) winning tests per order). The weighted
sampler uses the equivalent form of Owen's multilinear extension [5, 6]: with an arrival time
t ~ U(0, 1) and every other player present with probability t,

    φ_i = ∫_0^1 P(i swings S_t \\ {i}) dt,

so X_i = [i swings S_t \\ {i}] with t drawn afresh per sample is unbiased for φ_i (the uniform
doubles compared with t make the inclusion probability t to within 2^-53, a bias below
n 2^-53, far inside any interval reported).

The fast weighted sampler (one criterion, weights below 2^61)
-------------------------------------------------------------
* Players are sorted by weight once. In a sampled coalition S of total weight T, with d = T - q,
  the swings are the members with w_i > d when S wins (d ≥ 0) and the non-members with
  w_i ≥ -d when it loses: a suffix of the sorted players, found by one ``searchsorted`` per
  sample, so the per-player work is only over the players who can swing.
* Variance: the k heaviest players (``heavy``, 10 by default) are not sampled: for every sampled
  coalition of the others, all 2^k coalitions of the heavy players are evaluated and weighted by
  their probability (t^|h| (1-t)^(k-|h|)), which gives the exact conditional swing probability of
  each heavy player and the conditional probability of winning (Rao-Blackwellization). For the
  Banzhaf index the total number of light swings, which normalizes it, is averaged over the 2^k
  heavy coalitions in the same way (a cumulative count of the members along the sorted weights
  and one ``searchsorted`` per heavy coalition). Each light player's own swing uses one heavy
  coalition drawn at random. On the 100,000-holder benchmark game this cut the half-width of the
  largest Banzhaf value about seventeenfold at the same sample count.
* Exactness of the winning test without overflow: weights up to 10^18 over 100,000 players sum
  past 2^63. Sums are pairs (hi, lo) of int64 with value hi 2^31 + lo, 0 <= lo < 2^31, compared
  lexicographically. Each light weight is split into its two 31-bit halves; the sums of the
  halves over a coalition stay below 2^53 (n < 2^21), so a float64 matrix product computes them
  exactly. Where a single int64 is needed (against a light weight, below 2^61), the surplus
  d = T - q is exact whenever |d| < 2^62 and clipped to about ±2^62 beyond, where the sign alone
  decides.

Intervals (95%)
---------------
* A mean of 0/1 indicators (a plain swing or pivot rate, the power to act in the generic
  sampler): Wilson's score interval [7].
* A mean of conditional probabilities (the heavy players and the power to act in the weighted
  sampler): the normal interval mean ± 1.96 s/√m with the sample standard deviation s.
* Ratios (Banzhaf, Coleman prevent and initiate): the delta method for a ratio of means, the
  estimate r = X̄/Ȳ with variance (s_X² - 2r s_XY + r² s_Y²) / (m Ȳ²) [8]; for a player whose
  rate is a plain indicator, the interval also contains its Wilson bounds divided by Ȳ, so a
  player never seen to swing still gets an honest upper bound.
* Raw Banzhaf is Penrose times 2^(n-1), interval included (not part of a precision target).

Every interval is clipped to [0, 1]. With ``precision`` the sampler runs in rounds until the
largest half-width (hi - lo) / 2 among the requested values is at most ``precision``, or the
sample cap is reached, which the result reports (never silently).

References
----------
1. Penrose, L. S. (1946). The elementary statistics of majority voting. *JRSS* 109(1): 53-57.
2. Bachrach, Y., Markakis, E., Resnick, E., Procaccia, A. D., Rosenschein, J. S., & Saberi, A.
   (2010). Approximating power indices: theoretical and empirical analysis. *Autonomous Agents
   and Multi-Agent Systems* 20(2): 105-122.
3. Mann, I., & Shapley, L. S. (1960). Values of large games, IV: evaluating the Electoral College
   by Monte Carlo techniques. RAND Memorandum RM-2651.
4. Shapley, L. S., & Shubik, M. (1954). A method for evaluating the distribution of power in a
   committee system. *American Political Science Review* 48(3): 787-792.
5. Owen, G. (1972). Multilinear extensions of games. *Management Science* 18(5): 64-79.
6. Fatima, S. S., Wooldridge, M., & Jennings, N. R. (2008). A linear approximation method for the
   Shapley value. *Artificial Intelligence* 172(14): 1673-1699.
7. Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
   *JASA* 22(158): 209-212.
8. Casella, G., & Berger, R. L. (2002). *Statistical Inference*, 2nd ed., §5.5.4 (the delta
   method). Duxbury.

Example: the EEC Council of 1958, whose exact Shapley-Shubik value for France is 7/30 ≈ 0.2333:

>>> from pivotal.games import WeightedGame
>>> eec = WeightedGame([4, 4, 4, 2, 2, 1], 12)
>>> est = estimate(eec, ["shapley_shubik"], samples=20_000, seed=2)
>>> lo, hi = est.intervals["shapley_shubik"][0]
>>> bool(lo <= 7 / 30 <= hi), est.samples, est.seed
(True, {'shapley_shubik': 20000}, 2)

(A 95% interval misses the true value in about one run in twenty: with ``seed=1`` this one does,
by 0.002; ``tests/test_montecarlo.py`` checks the rate over many seeds.)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pivotal.errors import PivotalError, one_of
from pivotal.games.base import SimpleGame
from pivotal.games.weighted import WeightedGame

__all__ = [
    "CONFIDENCE",
    "DEFAULT_MAX_SAMPLES",
    "DEFAULT_PRECISION",
    "MC_INDICES",
    "Estimate",
    "Parameters",
    "check_parameters",
    "estimate",
    "token_balance_game",
    "wilson",
]

CONFIDENCE = 0.95
#: The 97.5% quantile of the standard normal distribution.
Z95 = 1.959963984540054
#: Indices Monte Carlo estimates, in the order of the JSON contract.
MC_INDICES = (
    "raw_banzhaf",
    "banzhaf",
    "penrose",
    "shapley_shubik",
    "coleman_prevent",
    "coleman_initiate",
)
_BANZHAF_FAMILY = frozenset(MC_INDICES) - {"shapley_shubik"}
#: Target half-width when neither ``samples`` nor ``precision`` is given.
DEFAULT_PRECISION = 0.01
#: Hard cap on the samples of one estimate in precision mode (``max_samples`` changes it).
DEFAULT_MAX_SAMPLES = 1_000_000
#: The most samples one estimate may be asked for: 10^8 already takes minutes on a small game and
#: gives 95% intervals about 1e-4 wide; past it, an exact or float engine is the tool.
MAX_SAMPLES = 100_000_000
#: 2^(n-1) swings as a float: raw Banzhaf is estimated only while it is a finite double.
MAX_RAW_BANZHAF_PLAYERS = 1000
#: Above this, a weight (or a sum of the heavy players) leaves the fast weighted sampler.
_FAST_WEIGHT_LIMIT = 1 << 61
_LOW_BITS = 31
_LOW_MASK = (1 << _LOW_BITS) - 1
#: Elements per batch array: bounds memory (a few tens of MB per batch).
_BATCH_CELLS = 1 << 22


@dataclass(frozen=True)
class Parameters:
    """Checked Monte Carlo parameters: a fixed ``samples`` count or a ``precision`` target."""

    samples: int | None
    precision: float | None
    seed: int
    max_samples: int


def _is_int(value: object) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def check_parameters(
    samples: object = None,
    precision: object = None,
    seed: object = 1,
    max_samples: object = None,
) -> Parameters:
    """Validate the Monte Carlo parameters in one place.

    Either ``samples`` (a count) or ``precision`` (the target half-width of every 95% interval)
    may be given, not both; neither means ``precision=0.01``.

    >>> check_parameters(precision=0.001)
    Parameters(samples=None, precision=0.001, seed=1, max_samples=1000000)
    >>> check_parameters(samples=0)
    Traceback (most recent call last):
    ...
    pivotal.errors.PivotalError: samples: expected a whole number of samples from 1 to \
100,000,000; received 0. Give a sample count such as 10000, or a target --precision instead.
    """
    if samples is not None and precision is not None:
        raise PivotalError(
            "samples",
            "either a sample count or a precision, not both",
            f"samples={samples!r} and precision={precision!r}",
            "Keep one: --samples N runs exactly N samples, --precision P samples until every "
            "95% interval is at most P wide on each side.",
        )
    if samples is not None and (
        not _is_int(samples) or not 1 <= int(samples) <= MAX_SAMPLES  # type: ignore[arg-type]
    ):
        raise PivotalError(
            "samples",
            f"a whole number of samples from 1 to {MAX_SAMPLES:,}",
            repr(samples),
            "Give a sample count such as 10000, or a target --precision instead.",
        )
    if precision is not None:
        ok = isinstance(precision, int | float | np.floating) and not isinstance(precision, bool)
        if not ok or not (0 < float(precision) <= 0.5):  # type: ignore[arg-type]
            raise PivotalError(
                "precision",
                "a target half-width of the 95% intervals between 0 (excluded) and 0.5",
                repr(precision),
                "Give a precision such as 0.001 (values to about ±0.001).",
            )
    if not _is_int(seed) or int(seed) < 0:  # type: ignore[arg-type]
        raise PivotalError(
            "seed",
            "a whole number, 0 or more",
            repr(seed),
            "Give a seed such as 1; the same seed gives the same estimates.",
        )
    cap = DEFAULT_MAX_SAMPLES if max_samples is None else max_samples
    if not _is_int(cap) or int(cap) < 1:  # type: ignore[arg-type]
        raise PivotalError(
            "max_samples",
            "a whole number of samples, at least 1",
            repr(max_samples),
            "Give the most samples a precision target may use, such as 1000000.",
        )
    if samples is None and precision is None:
        precision = DEFAULT_PRECISION
    return Parameters(
        None if samples is None else int(samples),  # type: ignore[arg-type]
        None if precision is None else float(precision),  # type: ignore[arg-type]
        int(seed),  # type: ignore[arg-type]
        int(cap),  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class Estimate:
    """Monte Carlo estimates of one game's indices (floats, in player order) with their 95%
    intervals, the sample counts of each sampling scheme, the seed, and whether a precision
    target was reached (``capped`` is True when the sample cap stopped the sampling first)."""

    players: tuple[str, ...]
    values: dict[str, tuple[float, ...]]
    intervals: dict[str, tuple[tuple[float, float], ...]]
    coleman_act: float | None
    coleman_act_interval: tuple[float, float] | None
    veto_players: tuple[str, ...]
    samples: dict[str, int]
    seed: int
    precision: float | None
    capped: bool
    sampler: str
    #: The largest half-width (hi - lo) / 2 of any value reported, raw Banzhaf excepted.
    error: float


def wilson(count: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Wilson's 95% score interval for ``count`` successes in ``m`` trials [7].

    >>> lo, hi = wilson(np.array([0, 50]), 100)
    >>> [round(float(x), 4) for x in (lo[0], hi[0], lo[1], hi[1])]
    [0.0, 0.037, 0.4038, 0.5962]
    """
    p = np.asarray(count, dtype=float) / m
    z2 = Z95 * Z95
    centre = (p + z2 / (2 * m)) / (1 + z2 / m)
    half = Z95 * np.sqrt(np.maximum(p * (1 - p), 0.0) / m + z2 / (4 * m * m)) / (1 + z2 / m)
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)


class _Moments:
    """Running sums of the per-sample values X_i, Y = Σ_i X_i and Z, enough for the means,
    variances and the covariances the delta method needs."""

    def __init__(self, n: int, continuous: np.ndarray) -> None:
        self.m = 0
        self.sx = np.zeros(n)
        self.sxx = np.zeros(n)
        self.sxy = np.zeros(n)
        self.sxz = np.zeros(n)
        self.sy = self.syy = self.sz = self.szz = self.syz = 0.0
        #: Columns whose samples are conditional probabilities, not 0/1 indicators.
        self.continuous = continuous
        self.z_continuous = False

    def add_scalars(self, y: np.ndarray, z: np.ndarray) -> None:
        self.m += len(y)
        self.sy += float(y.sum())
        self.syy += float(y @ y)
        self.sz += float(z.sum())
        self.szz += float(z @ z)
        self.syz += float(y @ z)

    def add(self, start: int, x: np.ndarray, y: np.ndarray, z: np.ndarray) -> None:
        """Columns ``start .. start + x.shape[1]`` of one batch (rows are samples)."""
        stop = start + x.shape[1]
        xf = x.astype(float, copy=False)
        self.sx[start:stop] += xf.sum(axis=0)
        self.sxx[start:stop] += (xf * xf).sum(axis=0) if x.dtype != bool else xf.sum(axis=0)
        self.sxy[start:stop] += y @ xf
        self.sxz[start:stop] += z @ xf


@dataclass(frozen=True)
class _Summary:
    values: dict[str, np.ndarray]
    lows: dict[str, np.ndarray]
    highs: dict[str, np.ndarray]
    act: float | None = None
    act_interval: tuple[float, float] | None = None


def _mean_interval(mo: _Moments) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    m = mo.m
    mean = mo.sx / m
    var = np.maximum(mo.sxx - m * mean * mean, 0.0) / max(m - 1, 1)
    half = Z95 * np.sqrt(var / m)
    w_lo, w_hi = wilson(np.rint(mo.sx), m)
    lo = np.where(mo.continuous, mean - half, w_lo)
    hi = np.where(mo.continuous, mean + half, w_hi)
    return mean, np.clip(lo, 0.0, 1.0), np.clip(hi, 0.0, 1.0)


def _ratio(
    mo: _Moments,
    sden: float,
    sdd: float,
    sxd: np.ndarray,
    p_lo: np.ndarray,
    p_hi: np.ndarray,
    factor: float = 1.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """X̄_i / (factor D̄) with its delta-method interval; D's sums are given (Y, Z or 1 - Z)."""
    m = mo.m
    xbar = mo.sx / m
    dbar = sden / m
    if dbar <= 0:
        n = len(xbar)
        return np.zeros(n), np.zeros(n), np.ones(n)
    r = xbar / dbar
    var_x = (mo.sxx - m * xbar * xbar) / max(m - 1, 1)
    var_d = (sdd - m * dbar * dbar) / max(m - 1, 1)
    cov = (sxd - m * xbar * dbar) / max(m - 1, 1)
    var_r = np.maximum(var_x - 2 * r * cov + r * r * var_d, 0.0) / (m * dbar * dbar)
    half = Z95 * np.sqrt(var_r)
    lo, hi = r - half, r + half
    plain = ~mo.continuous
    lo = np.where(plain, np.minimum(lo, p_lo / dbar), lo) / factor
    hi = np.where(plain, np.maximum(hi, p_hi / dbar), hi) / factor
    return np.minimum(r / factor, 1.0), np.clip(lo, 0.0, 1.0), np.clip(hi, 0.0, 1.0)


def _summarize_banzhaf(mo: _Moments, keys: Sequence[str], n: int) -> _Summary:
    mean, p_lo, p_hi = _mean_interval(mo)
    values, lows, highs = {}, {}, {}
    m = mo.m
    if "penrose" in keys or "raw_banzhaf" in keys:
        values["penrose"], lows["penrose"], highs["penrose"] = mean, p_lo, p_hi
    if "banzhaf" in keys:
        values["banzhaf"], lows["banzhaf"], highs["banzhaf"] = _ratio(
            mo, mo.sy, mo.syy, mo.sxy, p_lo, p_hi
        )
    if "coleman_prevent" in keys:
        values["coleman_prevent"], lows["coleman_prevent"], highs["coleman_prevent"] = _ratio(
            mo, mo.sz, mo.szz, mo.sxz, p_lo, p_hi, factor=2.0
        )
    if "coleman_initiate" in keys:
        # D = 1 - Z: its sums follow from Z's.
        s1 = m - mo.sz
        s11 = m - 2 * mo.sz + mo.szz
        sx1 = mo.sx - mo.sxz
        values["coleman_initiate"], lows["coleman_initiate"], highs["coleman_initiate"] = _ratio(
            mo, s1, s11, sx1, p_lo, p_hi, factor=2.0
        )
    zbar = mo.sz / m
    if mo.z_continuous:
        var_z = max(mo.szz - m * zbar * zbar, 0.0) / max(m - 1, 1)
        half = Z95 * math.sqrt(var_z / m)
        act_interval = (max(zbar - half, 0.0), min(zbar + half, 1.0))
    else:
        a_lo, a_hi = wilson(np.array([round(mo.sz)]), m)
        act_interval = (float(a_lo[0]), float(a_hi[0]))
    return _Summary(values, lows, highs, zbar, act_interval)


def _summarize_shapley(mo: _Moments) -> _Summary:
    mean, lo, hi = _mean_interval(mo)
    return _Summary({"shapley_shubik": mean}, {"shapley_shubik": lo}, {"shapley_shubik": hi})


def _half_width(summary: _Summary, keys: Sequence[str]) -> float:
    widths = [
        float(np.max(summary.highs[k] - summary.lows[k], initial=0.0)) / 2
        for k in keys
        if k in summary.values and k != "raw_banzhaf"
    ]
    if summary.act_interval is not None and any(k.startswith("coleman") for k in keys):
        widths.append((summary.act_interval[1] - summary.act_interval[0]) / 2)
    return max(widths, default=0.0)


# ------------------------------------------------------------------------------------ samplers
class _GenericBanzhaf:
    """Uniform coalitions of any game; n + 1 winning tests per sample (the coalition and each
    player's toggle), all through the game's vectorized ``wins``."""

    order: np.ndarray

    def __init__(self, game: SimpleGame) -> None:
        self.game = game
        self.n = game.n
        self.order = np.arange(self.n)
        self.eye = np.eye(self.n, dtype=bool)
        self.batch = max(1, min(4096, _BATCH_CELLS // (self.n * self.n)))

    def moments(self) -> _Moments:
        return _Moments(self.n, np.zeros(self.n, dtype=bool))

    def run(self, rng: np.random.Generator, count: int, mo: _Moments) -> None:
        s = rng.random((count, self.n)) < 0.5
        win = self.game.wins(s)
        toggled = self.game.wins(s[:, None, :] ^ self.eye[None, :, :])
        x = toggled != win[:, None]
        y = x.sum(axis=1).astype(float)
        z = win.astype(float)
        mo.add_scalars(y, z)
        mo.add(0, x, y, z)


class _GenericShapley:
    """Uniform random orders of any game; the pivot by bisection over the prefixes [3]."""

    def __init__(self, game: SimpleGame) -> None:
        self.game = game
        self.n = game.n
        self.order = np.arange(self.n)
        self.batch = max(1, min(4096, _BATCH_CELLS // self.n))

    def moments(self) -> _Moments:
        return _Moments(self.n, np.zeros(self.n, dtype=bool))

    def run(self, rng: np.random.Generator, count: int, mo: _Moments) -> None:
        n = self.n
        orders = rng.permuted(np.tile(np.arange(n), (count, 1)), axis=1)
        rank = np.empty_like(orders)
        np.put_along_axis(rank, orders, np.arange(n)[None, :], axis=1)
        # The shortest winning prefix: the empty one loses, the whole order wins.
        lo = np.zeros(count, dtype=np.int64)
        hi = np.full(count, n, dtype=np.int64)
        while np.any(hi - lo > 1):
            mid = (lo + hi) // 2
            win = self.game.wins(rank < mid[:, None])
            hi = np.where(win, mid, hi)
            lo = np.where(win, lo, mid)
        pivot = orders[np.arange(count), hi - 1]
        x = np.zeros((count, n), dtype=bool)
        x[np.arange(count), pivot] = True
        y = np.ones(count)
        z = np.ones(count)
        mo.add_scalars(y, z)
        mo.add(0, x, y, z)


def fast_weighted_possible(game: SimpleGame) -> bool:
    """Whether the fast weighted sampler applies: one criterion, every weight below 2^61."""
    return isinstance(game, WeightedGame) and max(game.weights) < _FAST_WEIGHT_LIMIT


def _canonical(value: int) -> tuple[int, int]:
    """``value`` as (hi, lo) with value = hi 2^31 + lo and 0 <= lo < 2^31."""
    return value >> _LOW_BITS, value & _LOW_MASK


def _clipped(hi: np.ndarray, lo: np.ndarray) -> np.ndarray:
    """hi 2^31 + lo as int64, exact while |value| < 2^62, else clipped to about ±2^62 (beyond
    every weight of the fast sampler, so the comparisons with weights keep their answers)."""
    return (np.clip(hi, -(1 << _LOW_BITS), 1 << _LOW_BITS) << _LOW_BITS) + lo


class _Weighted:
    """One weighted criterion, sorted weights, the heavy players Rao-Blackwellized (see the
    module notes). ``shapley`` draws an arrival time t per sample; otherwise t = 1/2.

    Sums are kept as pairs (hi, lo) of int64 with value = hi 2^31 + lo and 0 <= lo < 2^31, so
    no total overflows whatever the number of players; comparisons are lexicographic."""

    def __init__(self, game: WeightedGame, shapley: bool, heavy: int) -> None:
        weights = list(game.weights)
        n = len(weights)
        self.n = n
        self.shapley = shapley
        w = np.array(weights, dtype=np.int64)
        order = np.argsort(w, kind="stable")
        k = min(n, heavy)
        self.k = k
        #: Internal column j is player order[j]: the light players ascending, then the heavy.
        self.order = order
        self.n_light = n - k
        self.w_light = w[order[: n - k]]
        self.w_heavy = w[order[n - k :]]
        self.limbs = np.stack([self.w_light & _LOW_MASK, self.w_light >> _LOW_BITS], axis=1).astype(
            float
        )
        #: Weights as nine 7-bit limbs for float32 sums, while n 127 < 2^24 keeps them exact.
        self.limbs7 = (
            np.stack([(self.w_light >> (7 * i)) & 127 for i in range(9)], axis=1).astype(np.float32)
            if 0 < self.n_light * 127 < 1 << 24
            else None
        )
        subsets = np.arange(1 << k)
        self.h_bits = ((subsets[:, None] >> np.arange(k)) & 1).astype(bool)
        heavy_weights = [weights[i] for i in order[n - k :]]
        sums = [
            sum(wt for wt, b in zip(heavy_weights, row, strict=True) if b) for row in self.h_bits
        ]
        self.h_hi = np.array([v >> _LOW_BITS for v in sums], dtype=np.int64)
        self.h_lo = np.array([v & _LOW_MASK for v in sums], dtype=np.int64)
        self.h_size = self.h_bits.sum(axis=1)
        #: Each heavy weight w and -w as (hi, lo) pairs.
        self.w_pos = [_canonical(v) for v in heavy_weights]
        self.w_neg = [_canonical(-v) for v in heavy_weights]
        self.q_hi, self.q_lo = _canonical(game.quota)
        cells = max(self.n_light, 1 << k, 1)
        self.batch = max(1, min(8192, _BATCH_CELLS // cells))
        if not shapley and self.n_light:
            self._byte_tables()

    def _byte_tables(self) -> None:
        """With t = 1/2 the light coalitions are random bytes, 8 players each (bit r of byte b is
        light player 8b + r), and popcounts of the bytes count the members before any player."""
        n_bytes = (self.n_light + 7) // 8
        byte_bits = (np.arange(256)[:, None] >> np.arange(8)) & 1
        self.n_bytes = n_bytes
        self.last_mask = (1 << (self.n_light % 8)) - 1 if self.n_light % 8 else 255
        self.popcount = byte_bits.sum(axis=1).astype(np.int32)
        #: partial[byte, r]: members among the first r players of the byte.
        self.partial = np.cumsum(np.concatenate([np.zeros((256, 1), int), byte_bits], 1), 1)[
            :, :8
        ].astype(np.int32)

    def moments(self) -> _Moments:
        continuous = np.zeros(self.n, dtype=bool)
        continuous[self.n_light :] = True
        mo = _Moments(self.n, continuous)
        mo.z_continuous = True
        return mo

    def _base_pair(self, bits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(weight of the light members) - q as an exact (hi, lo) pair."""
        if self.limbs7 is not None:
            # Nine 7-bit limbs in float32: every partial sum is below n 127 < 2^24, so exact,
            # and half the memory traffic of float64.
            members = np.empty(bits.shape, dtype=np.float32)
            np.copyto(members, bits, casting="unsafe")
            parts = (members @ self.limbs7).astype(np.int64)
            shifts = 7 * np.arange(4)
            low = (parts[:, :4] << shifts).sum(axis=1)  # bits 0..52
            high = (parts[:, 4:] << np.append(shifts, 28)).sum(axis=1)  # times 2^28
            lo = (low & _LOW_MASK) + ((high & 7) << 28) - self.q_lo
            hi = (low >> _LOW_BITS) + (high >> 3) - self.q_hi
        else:
            if self.n_light == 0:
                sums = np.zeros((bits.shape[0], 2))
            else:
                sums = bits.astype(float) @ self.limbs  # exact: every partial sum is below 2^53
            lo = sums[:, 0].astype(np.int64) - self.q_lo
            hi = sums[:, 1].astype(np.int64) - self.q_hi
        carry = lo >> _LOW_BITS
        return hi + carry, lo - (carry << _LOW_BITS)

    def _base(self, bits: np.ndarray) -> np.ndarray:
        """d0 = (weight of the light members) - q, exactly, clipped to ±2^62 (see the notes)."""
        return _clipped(*self._base_pair(bits))

    def _light_swings(self, d: np.ndarray, packed: np.ndarray) -> np.ndarray:
        """For each sample (row) and each value of d in that row, the number of light swings:
        members heavier than d when d >= 0, non-members at least -d heavy when d < 0. Members
        before position p: the popcounts of the whole bytes before it, plus those of its own."""
        won = d >= 0
        start = np.where(
            won,
            np.searchsorted(self.w_light, d, side="right"),
            np.searchsorted(self.w_light, -d, side="left"),
        )
        rows = packed.shape[0]
        extended = np.zeros((rows, self.n_bytes + 1), dtype=np.uint8)
        extended[:, :-1] = packed
        by_byte = np.zeros((rows, self.n_bytes + 1), dtype=np.int32)
        np.cumsum(self.popcount[packed], axis=1, out=by_byte[:, 1:])
        byte, offset = start >> 3, start & 7
        before = (
            np.take_along_axis(by_byte, byte, axis=1)
            + self.partial[np.take_along_axis(extended, byte, axis=1), offset]
        )
        members = by_byte[:, -1:] - before
        return np.where(won, members, (self.n_light - start) - members)

    def run(self, rng: np.random.Generator, count: int, mo: _Moments) -> None:
        k = self.k
        t = rng.random(count) if self.shapley else np.full(count, 0.5)
        packed = None
        if self.shapley or not self.n_light:
            bits = rng.random((count, self.n_light)) < t[:, None]
        else:
            packed = rng.integers(0, 256, (count, self.n_bytes), dtype=np.uint8)
            packed[:, -1] &= self.last_mask
            bits = np.unpackbits(packed, axis=1, count=self.n_light, bitorder="little").view(bool)
        b_hi, b_lo = self._base_pair(bits)
        # Heavy players: every heavy coalition h, weighted by its probability.
        lo = b_lo[:, None] + self.h_lo[None, :]
        carry = lo >> _LOW_BITS
        d_hi = b_hi[:, None] + self.h_hi[None, :] + carry
        d_lo = lo - (carry << _LOW_BITS)
        size = self.h_size[None, :]
        prob = t[:, None] ** size * (1 - t[:, None]) ** (k - size)
        wins = d_hi >= 0
        z = (prob * wins).sum(axis=1)
        x_heavy = np.empty((count, k))
        for j in range(k):
            (p_hi, p_lo), (m_hi, m_lo) = self.w_pos[j], self.w_neg[j]
            below_w = (d_hi < p_hi) | ((d_hi == p_hi) & (d_lo < p_lo))
            from_minus_w = (d_hi > m_hi) | ((d_hi == m_hi) & (d_lo >= m_lo))
            swing = np.where(self.h_bits[:, j], wins & below_w, ~wins & from_minus_w)
            x_heavy[:, j] = (prob * swing).sum(axis=1)
        y = x_heavy.sum(axis=1)
        block = None
        start_col = self.n_light
        if self.n_light:
            if not self.shapley:
                # The total of the light swings, averaged over every heavy coalition too: the
                # normalizer of the Banzhaf index, with far less variance than one draw.
                assert packed is not None  # t = 1/2: the light coalition is random bytes
                y = y + (prob * self._light_swings(_clipped(d_hi, d_lo), packed)).sum(axis=1)
            # Each light player's own swing: one heavy coalition drawn per sample; the swings
            # are a suffix of the light players sorted by weight.
            h_in = rng.random((count, k)) < t[:, None]
            h_index = h_in @ (1 << np.arange(k)) if k else np.zeros(count, dtype=np.int64)
            pick = np.arange(count)
            ds = _clipped(d_hi[pick, h_index], d_lo[pick, h_index])
            won = ds >= 0
            start = np.where(
                won,
                np.searchsorted(self.w_light, ds, side="right"),
                np.searchsorted(self.w_light, -ds, side="left"),
            )
            start_col = int(start.min())
            if start_col < self.n_light:
                cols = np.arange(start_col, self.n_light)
                block = (bits[:, start_col:] == won[:, None]) & (cols[None, :] >= start[:, None])
                if self.shapley:
                    y = y + block.sum(axis=1)
        mo.add_scalars(y, z)
        if block is not None:
            mo.add(start_col, block, y, z)
        if k:
            mo.add(self.n_light, x_heavy, y, z)


# ---------------------------------------------------------------------------------- the driver
def _sample(
    sampler: _GenericBanzhaf | _GenericShapley | _Weighted,
    rng: np.random.Generator,
    params: Parameters,
    summarize,
    keys: Sequence[str],
) -> tuple[_Moments, _Summary, bool]:
    mo = sampler.moments()

    def draw(total: int) -> None:
        while mo.m < total:
            sampler.run(rng, min(sampler.batch, total - mo.m), mo)

    if params.samples is not None:
        draw(params.samples)
        return mo, summarize(mo), False
    assert params.precision is not None  # check_parameters fills one of the two
    target = min(params.max_samples, max(sampler.batch, 1000))
    while True:
        draw(target)
        summary = summarize(mo)
        width = _half_width(summary, keys)
        if width <= params.precision:
            return mo, summary, False
        if mo.m >= params.max_samples:
            return mo, summary, True
        # The half-width shrinks as 1/sqrt(m); aim a little past the estimate, at most 8x.
        need = math.ceil(mo.m * (width / params.precision) ** 2 * 1.05)
        target = min(params.max_samples, max(mo.m + sampler.batch, min(need, 8 * mo.m)))


def _veto_players(game: SimpleGame) -> tuple[str, ...]:
    """Exact: i has a veto when the grand coalition without i loses."""
    if isinstance(game, WeightedGame):
        total = game.total_weight
        return tuple(
            p for p, w in zip(game.players, game.weights, strict=True) if total - w < game.quota
        )
    n = game.n
    vetoes: list[str] = []
    step = max(1, _BATCH_CELLS // n)
    for first in range(0, n, step):
        rows = np.ones((min(step, n - first), n), dtype=bool)
        rows[np.arange(len(rows)), np.arange(first, first + len(rows))] = False
        losing = ~game.wins(rows)
        vetoes += [game.players[first + i] for i in np.flatnonzero(losing)]
    return tuple(vetoes)


def estimate(
    game: SimpleGame,
    indices: Sequence[str],
    *,
    samples: int | None = None,
    precision: float | None = None,
    seed: int = 1,
    max_samples: int | None = None,
    sampler: str = "auto",
    heavy: int = 10,
) -> Estimate:
    """Monte Carlo estimates of ``indices`` (keys of :data:`MC_INDICES`) with 95% intervals.

    ``sampler`` is ``"auto"`` (the fast weighted sampler for a one-criterion game whose weights
    are below 2^61, the generic one otherwise), ``"weighted"`` or ``"generic"``; ``heavy`` is
    the number of heaviest players the weighted sampler evaluates exhaustively (2^heavy
    coalitions per sample).
    """
    params = check_parameters(samples, precision, seed, max_samples)
    if not isinstance(game, SimpleGame):
        raise PivotalError("game", "a pivotal game", type(game).__name__, "Build the game first.")
    unknown = [k for k in indices if k not in MC_INDICES]
    if unknown or not indices:
        raise PivotalError(
            "index",
            "indices Monte Carlo can estimate: " + ", ".join(MC_INDICES),
            ", ".join(unknown) or "none",
            "Ask for these, or use an exact engine for the others.",
        )
    if "raw_banzhaf" in indices and game.n > MAX_RAW_BANZHAF_PLAYERS:
        raise PivotalError(
            "index",
            f"raw_banzhaf only up to {MAX_RAW_BANZHAF_PLAYERS} players with Monte Carlo "
            "(the swing count 2^(n-1) penrose is not a finite float beyond)",
            f"raw_banzhaf for {game.n} players",
            "Ask for penrose instead: the same quantity divided by 2^(n-1).",
        )
    if sampler not in ("auto", "weighted", "generic"):
        raise PivotalError(
            "sampler", one_of(["auto", "weighted", "generic"]), repr(sampler), "Pick one."
        )
    if not _is_int(heavy) or not 0 <= heavy <= 16:
        raise PivotalError(
            "heavy", "a whole number from 0 to 16", repr(heavy), "Leave it at its default 10."
        )
    fast = fast_weighted_possible(game)
    if sampler == "weighted" and not fast:
        raise PivotalError(
            "sampler",
            "'weighted' only for a WeightedGame (one criterion) with weights below 2^61",
            f"a {type(game).__name__}",
            "Use sampler='generic' (or 'auto').",
        )
    use_fast = fast and sampler != "generic"
    root = np.random.SeedSequence(params.seed)
    rng_banzhaf, rng_shapley = (np.random.default_rng(s) for s in root.spawn(2))
    values: dict[str, np.ndarray] = {}
    lows: dict[str, np.ndarray] = {}
    highs: dict[str, np.ndarray] = {}
    counts: dict[str, int] = {}
    capped = False
    act: float | None = None
    act_interval: tuple[float, float] | None = None
    bz_keys = [k for k in indices if k in _BANZHAF_FAMILY]
    if bz_keys:
        bz: _GenericBanzhaf | _Weighted = (
            _Weighted(game, False, heavy) if use_fast else _GenericBanzhaf(game)  # type: ignore[arg-type]
        )

        def summarize_bz(mo: _Moments) -> _Summary:
            return _summarize_banzhaf(mo, bz_keys, game.n)

        mo, summary, hit = _sample(bz, rng_banzhaf, params, summarize_bz, bz_keys)
        capped |= hit
        counts["banzhaf"] = mo.m
        _collect(summary, bz.order, values, lows, highs)
        act, act_interval = summary.act, summary.act_interval
        if "raw_banzhaf" in bz_keys:
            scale = 2.0 ** (game.n - 1)
            values["raw_banzhaf"] = values["penrose"] * scale
            lows["raw_banzhaf"] = lows["penrose"] * scale
            highs["raw_banzhaf"] = highs["penrose"] * scale
    if "shapley_shubik" in indices:
        ss: _GenericShapley | _Weighted = (
            _Weighted(game, True, heavy) if use_fast else _GenericShapley(game)  # type: ignore[arg-type]
        )
        mo, summary, hit = _sample(ss, rng_shapley, params, _summarize_shapley, ["shapley_shubik"])
        capped |= hit
        counts["shapley_shubik"] = mo.m
        _collect(summary, ss.order, values, lows, highs)
    reported = [k for k in indices if k != "raw_banzhaf"]
    error = max((float(np.max(highs[k] - lows[k], initial=0.0)) / 2 for k in reported), default=0.0)
    return Estimate(
        players=game.players,
        values={k: tuple(float(v) for v in values[k]) for k in indices},
        intervals={
            k: tuple((float(a), float(b)) for a, b in zip(lows[k], highs[k], strict=True))
            for k in indices
        },
        coleman_act=act,
        coleman_act_interval=act_interval,
        veto_players=_veto_players(game),
        samples=counts,
        seed=params.seed,
        precision=params.precision,
        capped=capped,
        sampler="weighted" if use_fast else "generic",
        error=error,
    )


def _collect(
    summary: _Summary,
    order: np.ndarray,
    values: dict[str, np.ndarray],
    lows: dict[str, np.ndarray],
    highs: dict[str, np.ndarray],
) -> None:
    """Summaries in the sampler's column order, put back in player order."""
    for key, internal in summary.values.items():
        for target, source in (
            (values, internal),
            (lows, summary.lows[key]),
            (highs, summary.highs[key]),
        ):
            out = np.empty_like(source)
            out[order] = source
            target[key] = out


def token_balance_game(n: int = 100_000, seed: int = 0, top: int = 10**18) -> WeightedGame:
    """A token-balance game for benchmarks: n holders with Pareto-tailed balances (shape 1.16,
    the 80/20 rule) scaled so the largest is ``top``, at least 1 each; quota a simple majority
    of the total (which passes 2^63 for n = 100,000 and top = 10^18).

    >>> g = token_balance_game(1000, top=10**18)
    >>> g.n, max(g.weights) == 10**18, g.quota == g.total_weight // 2 + 1
    (1000, True, True)
    """
    rng = np.random.default_rng(seed)
    raw = rng.pareto(1.16, n) + 1.0
    scaled = [max(1, int(x)) for x in raw / raw.max() * top]
    scaled[int(np.argmax(raw))] = top
    return WeightedGame(scaled, sum(scaled) // 2 + 1)
