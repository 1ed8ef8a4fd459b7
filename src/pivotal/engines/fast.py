"""The fast exact engine for weighted games: compiled kernels modulo primes below 2^63.

For a weighted game [q; w_1..w_n] (one criterion) it counts, exactly,

* η_i, the swings of each player (the Banzhaf family), from P(x) = Π_j (1 + x^{w_j}) truncated
  below q, in O(n q) word additions per prime with no coalition-size axis;
* η_{i,s}, the swings by coalition size (Shapley-Shubik), from P(x, y) = Π_j (1 + y x^{w_j}),
  with each row s kept only between the lightest and the heaviest weight s players can have;
* the number of winning coalitions, 2^n minus the coalitions below q;

and reads every distinct weight's swings off the running sums of P with an alternating sum of
about q / w terms (:mod:`pivotal.engines.kernels`), so players never have to be divided out one by
one. Weights and quota are first divided by the gcd of the weights (quota rounded up).

Counts lie below 2^n; they are computed modulo k primes just below 2^63, with product above
2^(n+1), and rebuilt by the Chinese remainder theorem. The primes run in parallel on the
machine's cores (numba ``prange``).

>>> from pivotal.games import WeightedGame
>>> stats = FastEngine().statistics(WeightedGame([4, 4, 4, 2, 2, 1], 12),
...                                 frozenset({Need.SWINGS, Need.SWINGS_BY_SIZE, Need.WINNING}))
>>> stats.swings, stats.winning_count
((10, 10, 10, 6, 6, 0), 14)

Minimal winning coalitions and Johnston counts come from the kernels of
:mod:`pivotal.engines.structure` (the same primes, tables of running sums heaviest first and by
surplus level); games with several criteria are counted by the ``dp`` engine.

References
----------
[1] Uno, T. (2012). Efficient computation of power indices for weighted majority games. ISAAC 2012.
[2] Kurz, S. (2016). Computing the power distribution in the IMF. arXiv:1603.01443.
"""

from __future__ import annotations

import dataclasses
import sys
from typing import TYPE_CHECKING

from pivotal.engines.base import Engine, GameStatistics, Need, Support
from pivotal.engines.budget import Estimate, Progress
from pivotal.engines.dp import _reduce
from pivotal.engines.primes import ChineseRemainder, largest_primes
from pivotal.engines.structure import (
    STRUCTURE_RATE,
    structure_counts,
    structure_memory,
    structure_work,
)
from pivotal.games.base import SimpleGame
from pivotal.games.weighted import MultiWeightedGame

if TYPE_CHECKING:  # numpy is imported in the functions that use it: small games never need it
    import numpy as np

__all__ = ["FastEngine", "estimate"]

#: Measured throughput of the kernels on the project's 2-core machine, in residue additions per
#: second over both cores (Banzhaf: n=1000, weights 1..1000; Shapley-Shubik: n=200 and n=1000).
#: Estimates are only as good as these rates; ``make bench`` prints estimate and measurement.
BANZHAF_RATE = 2.5e9
SIZE_RATE = 1.5e9
#: Seconds to import numba and load the cached kernels, once per process.
START_UP_SECONDS = 0.6
#: Fixed cost of a run (preparing the plan, the CRT): small games stay with the numpy engines.
CALL_SECONDS = 1e-3
#: Below 2^63 two residues add without overflow in uint64.
PRIME_BOUND = 1 << 63
#: Work per call into a kernel between progress updates (about a quarter of a second).
_CHUNK_WORK = 1e9

_SUPPORTED = frozenset(Need)
_STRUCTURE = frozenset({Need.MINIMAL, Need.JOHNSTON})


def _primes(n: int) -> np.ndarray:
    import numpy as np

    return np.array(largest_primes(n + 1, below=PRIME_BOUND), dtype=np.uint64)


class _Plan:
    """The reduced game as the kernels take it: ascending weights and their distinct values."""

    def __init__(self, game: MultiWeightedGame) -> None:
        import numpy as np

        weights, quota = _reduce(game.criteria[0])
        self.n = len(weights)
        self.quota = quota
        self.original = weights
        self.weights = np.array(sorted(weights), dtype=np.int64)
        self.distinct = np.array(sorted(set(weights)), dtype=np.int64)
        self.primes = _primes(self.n)
        prefix = np.concatenate(([0], np.cumsum(self.weights)))
        self.prefix = prefix
        # Coalitions that can still lose have at most this many members (the lightest ones).
        self.max_size = int(np.searchsorted(prefix, quota, side="left")) - 1
        self.trivial = quota <= 0 or quota > int(prefix[-1])

    def banzhaf_work(self) -> float:
        """Residue additions to build P: each player touches the table up to its reach."""
        import numpy as np

        reach = np.minimum(self.prefix[1:], self.quota - 1) - self.weights + 1
        return float(np.clip(reach, 0, None).sum()) * len(self.primes)

    def size_work(self) -> float:
        """Residue additions to build P(x, y) within each row's weight bounds, as the kernel."""
        import numpy as np

        q, prefix, ms = self.quota, self.prefix, self.max_size
        total = 0.0
        s = np.arange(1, max(ms, 0) + 1)
        for m, w in enumerate(self.weights.tolist()):
            rows = s[: min(m + 1, ms)]
            if rows.size == 0:
                continue
            lo = prefix[rows - 1] + w
            hi = np.minimum(q - 1, prefix[m] - prefix[m - rows + 1] + w)
            total += float(np.clip(hi - lo + 1, 0, None).sum())
        return total * len(self.primes)

    def estimate(self, by_size: bool) -> Estimate:
        k, q, d = len(self.primes), max(self.quota, 1), len(self.distinct)
        if self.trivial:
            return Estimate(0.0, 0)
        if by_size:
            rows = self.max_size + 1
            tables = min(k, 2) * rows * q * 8
            # Residues, then d x n Python integers of up to n bits each.
            memory = tables + k * d * self.n * 8 + d * self.n * (self.n // 8 + 40)
            seconds = self.size_work() / SIZE_RATE + d * self.n * k * 2e-7
            return Estimate(seconds, memory)
        return Estimate(self.banzhaf_work() / BANZHAF_RATE + q * k / 1e9, k * q * 8)


def estimate(game: SimpleGame, needs: frozenset[Need]) -> Estimate | None:
    """The fast engine's estimate for ``game``, or None when it cannot run it."""
    if not (isinstance(game, MultiWeightedGame) and len(game.criteria) == 1):
        return None
    return _with_structure(_Plan(game), needs)


def _with_structure(plan: _Plan, needs: frozenset[Need]) -> Estimate:
    """The swings' estimate plus that of minimal winning coalitions and Johnston counts, which
    run after the swings' tables are freed (peak memory: the larger of the two)."""
    est = plan.estimate(Need.SWINGS_BY_SIZE in needs)
    if plan.trivial or not needs & _STRUCTURE:
        return est
    work = structure_work(plan.original, plan.quota, Need.MINIMAL in needs, Need.JOHNSTON in needs)
    memory = structure_memory(plan.original, plan.quota)
    return Estimate(est.seconds + work / STRUCTURE_RATE, max(est.memory, memory))


class FastEngine(Engine):
    """Exact counts for one-criterion weighted games by compiled modular kernels."""

    name = "fast"

    def supports(self, game: SimpleGame, needs: frozenset[Need]) -> Support:
        if not (isinstance(game, MultiWeightedGame) and len(game.criteria) == 1):
            return Support(False, "only weighted games with one criterion (one quota)")
        plan = _Plan(game)
        by_size = Need.SWINGS_BY_SIZE in needs
        est = _with_structure(plan, needs)
        what = "swings by size" if by_size else "swings without the size axis"
        if needs & _STRUCTURE:
            what += ", minimal winning coalitions and Johnston counts by weight class"
        # Loading numba and the compiled kernels costs about half a second, once per process: on
        # small games the numpy engines finish first.
        start_up = CALL_SECONDS + (
            0.0 if "pivotal.engines.kernels" in sys.modules else START_UP_SECONDS
        )
        return Support(
            True,
            f"weighted game, {what} modulo {len(plan.primes)} primes, {est}",
            cost=est.seconds + start_up,
            estimate=est,
        )

    def statistics(self, game: SimpleGame, needs: frozenset[Need]) -> GameStatistics:
        assert isinstance(game, MultiWeightedGame)  # supports() said yes
        plan = _Plan(game)
        by_size = Need.SWINGS_BY_SIZE in needs
        if plan.trivial:
            stats = _trivial(game, plan, by_size, self.name)
        elif by_size:
            swings_of, losing = _by_size(plan)
            stats = GameStatistics(
                players=game.players,
                winning_count=(1 << plan.n) - losing,
                swings_by_size=tuple(tuple(swings_of[w]) for w in plan.original),
                engine=self.name,
            )
        else:
            swings_of, losing = _totals(plan)
            stats = GameStatistics(
                players=game.players,
                winning_count=(1 << plan.n) - losing,
                swings=tuple(swings_of[w] for w in plan.original),
                engine=self.name,
            )
        if not needs & _STRUCTURE:
            return stats
        minimal, minimal_count, johnston = _structure(plan, needs)
        return dataclasses.replace(
            stats,
            minimal_by_size=minimal,
            minimal_count_by_size=minimal_count,
            johnston_by_critical=johnston,
        )


def _trivial(game: MultiWeightedGame, plan: _Plan, by_size: bool, name: str) -> GameStatistics:
    """Quota at most 0 (every coalition wins) or above the total (none does): nobody swings."""
    n = plan.n
    winning = 1 << n if plan.quota <= 0 else 0
    if by_size:
        return GameStatistics(game.players, winning, tuple((0,) * n for _ in range(n)), engine=name)
    return GameStatistics(game.players, winning, swings=(0,) * n, engine=name)


def _structure(plan: _Plan, needs: frozenset[Need]) -> tuple:
    """Minimal winning coalitions and Johnston counts, as asked (None where not)."""
    minimal, johnston = Need.MINIMAL in needs, Need.JOHNSTON in needs
    work = structure_work(plan.original, plan.quota, minimal, johnston)
    est = Estimate(work / STRUCTURE_RATE, structure_memory(plan.original, plan.quota))
    label = f"exact minimal winning coalitions and Johnston counts of {plan.n} players"
    with Progress(work, est, label) as bar:
        return structure_counts(plan.original, plan.quota, minimal, johnston, progress=bar)


def _totals(plan: _Plan) -> tuple[dict[int, int], int]:
    # Imported here, not at the top: numba takes about 0.3 s to import, which every small game
    # and every CLI start would otherwise pay.
    import numpy as np

    from pivotal.engines import kernels

    k, q = len(plan.primes), plan.quota
    table = np.zeros((k, q), dtype=np.uint64)
    table[:, 0] = 1
    est = plan.estimate(by_size=False)
    work_per_player = plan.banzhaf_work() / max(plan.n, 1)
    step = max(1, int(_CHUNK_WORK / max(work_per_player, 1.0)))
    reach = 0
    with Progress(plan.n, est, f"exact swings of {plan.n} players") as bar:
        for start in range(0, plan.n, step):
            chunk = plan.weights[start : start + step]
            reach = kernels.weight_polynomial_mod(table, chunk, plan.primes, reach)
            bar.advance(len(chunk))
    swings, losing = kernels.swings_mod(table, plan.distinct, plan.primes)
    crt = ChineseRemainder(plan.primes)
    values = crt(swings)
    return dict(zip(plan.distinct.tolist(), values, strict=True)), crt(losing)[0]


def _by_size(plan: _Plan) -> tuple[dict[int, list[int]], int]:
    import numpy as np

    from pivotal.engines import kernels

    k, q, n, rows = len(plan.primes), plan.quota, plan.n, plan.max_size + 1
    d = len(plan.distinct)
    est = plan.estimate(by_size=True)
    swings = np.zeros((k, d, n), dtype=np.uint64)
    losing = np.zeros(k, dtype=np.uint64)
    group = 2  # primes per kernel call: one per core, so only two tables live at once
    per_player = plan.size_work() / len(plan.primes) / max(n, 1) * group
    step = max(1, int(_CHUNK_WORK / max(per_player, 1.0)))
    with Progress(k * n, est, f"exact swings by size of {n} players") as bar:
        for first in range(0, k, group):
            primes = plan.primes[first : first + group]
            tables = np.zeros((len(primes), rows, q), dtype=np.uint64)
            tables[:, 0, 0] = 1
            for start in range(0, n, step):
                stop = min(n, start + step)
                kernels.size_polynomial_mod(
                    tables, plan.weights, start, stop, primes, plan.max_size
                )
                bar.advance((stop - start) * len(primes))
            part, lost = kernels.size_swings_mod(tables, plan.distinct, primes, n)
            swings[first : first + group] = part
            losing[first : first + group] = lost
            del tables
    crt = ChineseRemainder(plan.primes)
    values = crt(swings)
    by_weight = {int(w): values[i * n : (i + 1) * n] for i, w in enumerate(plan.distinct.tolist())}
    return by_weight, crt(losing)[0]
