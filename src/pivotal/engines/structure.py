"""Minimal winning coalitions and Johnston counts of a weighted game, exactly, by compiled kernels.

:func:`structure_counts` returns, for [q; w_1..w_n] (one criterion, weights divided by their gcd),

* ``minimal_by_size[i][s]`` = #{S minimal winning : i ∈ S, |S| = s}, where S is minimal winning
  when w(S) ≥ q and w(S ∖ {j}) < q for every j ∈ S, i.e. q ≤ w(S) < q + min_{j ∈ S} w_j;
* ``minimal_count_by_size[s]`` = #{S minimal winning : |S| = s};
* ``johnston_by_critical[i][c]`` = #{S winning : i critical in S, |{j ∈ S critical}| = c}, where j
  is critical in a winning S when w(S) - w_j < q;

shaped as :class:`pivotal.engines.base.GameStatistics` documents (n rows of n + 1 sizes). The
method (tables of running sums modulo primes below 2^63, alternating sums instead of divisions) is
described in :mod:`pivotal.engines.structure_kernels`; this module plans the tables, estimates the
work (:func:`structure_work`, :func:`structure_memory`) without importing numba, runs the kernels
a prime pair at a time and rebuilds the integers by the Chinese remainder theorem.

>>> minimal, count, johnston = structure_counts((2, 1, 1), 3, minimal=True, johnston=True)
>>> minimal
((0, 0, 2, 0), (0, 0, 1, 0), (0, 0, 1, 0))
>>> count
(0, 0, 2, 0)
>>> johnston
((0, 1, 2, 0), (0, 0, 1, 0), (0, 0, 1, 0))

In [3; 2, 1, 1] the minimal winning coalitions are {0, 1} and {0, 2}; the grand coalition wins
with player 0 alone critical (c = 1), and {0, 1} and {0, 2} with both members critical (c = 2).

References
----------
[1] Bilbao, J. M., Fernández, J. R., Jiménez Losada, A. and López, J. J. (2000). Generating
    functions for computing power indices efficiently. TOP 8(2), 191-213.
[2] Johnston, R. J. (1978). On the measurement of power. Environment and Planning A 10, 907-914.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from pivotal.engines.primes import ChineseRemainder, largest_primes

if TYPE_CHECKING:  # numpy is imported in the functions that use it: small games never need it
    import numpy as np

__all__ = ["STRUCTURE_RATE", "structure_counts", "structure_memory", "structure_work"]

#: Residue additions per second of the structure kernels over two cores, counting what
#: :func:`structure_work` counts (n=200, weights 1..1000). Measured 3.6e8 to 6.5e8 on the shared
#: 2-core machine while it ran other jobs, with the swing kernels 2.5x below their own rate; the
#: tables stream from memory, so the rate is bounded by memory bandwidth rather than arithmetic.
STRUCTURE_RATE = 1e9
#: Below 2^63 two residues add without overflow in uint64.
_PRIME_BOUND = 1 << 63
#: Primes per kernel call: one per core, so only that many tables are alive at once.
_GROUP = 2
#: Work (per prime) of one kernel call between progress updates.
_CHUNK_WORK = 3e8

Rows = tuple[tuple[int, ...], ...]


class _Advance(Protocol):
    def advance(self, amount: float) -> None: ...


def _diagonal_terms(rows: int, steps: np.ndarray) -> np.ndarray:
    """Σ_{r < rows} min(r + 1, steps): the terms of the alternating sums for rows 0..rows-1 when
    each runs at most ``steps`` columns down before it leaves the table."""
    import numpy as np

    steps = np.clip(steps, 0, None)
    short = steps * (steps + 1) / 2 + (rows - steps) * steps
    return np.where(steps >= rows, rows * (rows + 1) / 2, short)


class _Plan:
    """The tables of both methods for one game: their rows, and the work of each step per prime.

    Work counts residue additions: one per cell of a multiplication, two per cell of a move
    (divide, then shift), two per term of an alternating sum.
    """

    def __init__(self, weights: tuple[int, ...], quota: int) -> None:
        import numpy as np

        self.original = weights
        self.n = len(weights)
        self.q = quota
        self.trivial = quota > sum(weights)
        desc = sorted((w for w in weights if w > 0), reverse=True)
        self.desc = np.array(desc, dtype=np.int64)
        self.asc = self.desc[::-1].copy()
        self.n_pos = len(desc)
        prefix = np.concatenate(([0], np.cumsum(self.asc)))
        #: The most members a coalition below q can have: the lightest ones.
        self.max_size = max(int(np.searchsorted(prefix, quota, side="left")) - 1, 0)
        self.rows = self.max_size + 1
        #: Distinct positive weights, heaviest first (minimal) and ascending (Johnston levels).
        self.dist = np.array(sorted(set(desc), reverse=True), dtype=np.int64)
        self.levels = self.dist[::-1].copy()
        index = {int(w): h for h, w in enumerate(self.dist.tolist())}
        self.cls = np.array([index[w] for w in desc], dtype=np.int64)
        self.first = np.ones(self.n_pos, dtype=np.bool_)
        self.first[1:] = self.cls[1:] != self.cls[:-1]
        self.suffix = np.concatenate((np.cumsum(self.desc[::-1])[::-1], [0])).astype(np.int64)
        # level_start[k]: positive players lighter than levels[k] (the uncounted ones at level k).
        self.level_start = np.searchsorted(self.asc, self.levels, side="left").astype(np.int64)
        self.primes = np.array(largest_primes(self.n + 1, below=_PRIME_BOUND), dtype=np.uint64)
        self._tops: np.ndarray | None = None

    # ------------------------------------------------------------------ work per step

    def minimal_steps(self) -> np.ndarray:
        """Work of :func:`minimal_mod` at each player j (heaviest first), per prime."""
        import numpy as np

        q, rows, n_pos = self.q, self.rows, self.n_pos
        if self.trivial or n_pos == 0:
            return np.zeros(n_pos)
        cum = np.concatenate(([0], np.cumsum(self.desc)))
        js = np.arange(n_pos)
        # top_j: rows of G_j, the r lightest of the first j below q.
        top = js - np.minimum(js, np.searchsorted(cum, cum[js] - q, side="right"))
        top = np.minimum(top, rows - 1)
        steps = np.empty(n_pos)
        started = np.where(self.first, self.cls, self.cls + 1)
        for j in range(n_pos):
            u = int(self.desc[j])
            new_top = min(int(top[j]) + 1, rows - 1, j + 1)
            r = np.arange(1, new_top + 1)
            lo = cum[j] - cum[j - r + 1] + u
            build = float(np.clip(q - lo, 0, None).sum())
            v = self.dist[: started[j]]
            hi = q - v
            steps_down = np.where(hi > 0, (hi - 1) // v + 1, 0)
            queries = 2 * float(_diagonal_terms(min(int(top[j]), j - 1) + 1, steps_down).sum())
            steps[j] = build + queries + int(top[j]) + 1
        return steps

    def _top(self, first: int) -> int:
        """Last row of a table whose counted players are asc[first:]: the most of them, lightest
        first, that weigh less than q."""
        import numpy as np

        if self._tops is None:
            prefix = np.concatenate(([0], np.cumsum(self.asc)))
            firsts = np.arange(self.n_pos + 1)
            ends = np.searchsorted(prefix, prefix[firsts] + self.q, side="left") - 1
            self._tops = np.minimum(ends - firsts, self.rows - 1)
        return int(self._tops[first])

    def johnston_steps(self) -> tuple[float, np.ndarray]:
        """Work of :func:`johnston_init_mod`, and of each level k (index = k), per prime."""
        import numpy as np

        q, big_m = self.q, len(self.levels)
        if self.trivial or big_m == 0:
            return 0.0, np.zeros(big_m)
        top_w = int(self.levels[-1])
        uncounted = self.n - (self.n_pos - int(self.level_start[-1]))
        tops = self.n_pos - int(self.level_start[-1])
        init = float(uncounted * q)
        for c in range(tops):
            r = np.arange(1, min(c + 1, self.rows - 1) + 1)
            init += float(np.clip(q - r * top_w, 0, None).sum())
        prefix = np.concatenate(([0], np.cumsum(self.asc)))
        levels = np.zeros(big_m)
        for k in range(big_m):
            work = 0.0
            if k < big_m - 1:
                w = int(self.levels[k])
                for s in range(int(self.level_start[k + 1]) - 1, int(self.level_start[k]) - 1, -1):
                    top_old = self._top(s + 1)
                    c = np.arange(top_old + 1)
                    lo = prefix[s + 1 + c] - prefix[s + 1]
                    work += 2 * float(np.clip(q - lo - w, 0, None).sum())
            v = self.levels[k:]
            hi = q + int(self.levels[k]) - v
            steps_down = np.where(hi > 0, (hi - 1) // v + 1, 0)
            top = min(self._top(int(self.level_start[k])), self.n_pos - 1)
            work += 2 * float(_diagonal_terms(top + 1, steps_down).sum())
            levels[k] = work
        return init, levels


def structure_work(weights: tuple[int, ...], quota: int, minimal: bool, johnston: bool) -> float:
    """Residue additions (over all primes) that :func:`structure_counts` will make.

    >>> structure_work((2, 1, 1), 3, minimal=True, johnston=False) > 0
    True
    """
    plan = _Plan(weights, quota)
    work = 0.0
    if minimal:
        work += float(plan.minimal_steps().sum())
    if johnston:
        init, levels = plan.johnston_steps()
        work += init + float(levels.sum())
    return work * len(plan.primes)


def structure_memory(weights: tuple[int, ...], quota: int) -> int:
    """Peak bytes of :func:`structure_counts`: a table of rows x q residues per prime of a pair,
    the residues of the results, and the results as Python integers (one row per weight class)."""
    plan = _Plan(weights, quota)
    if plan.trivial:
        return 0
    k, n = len(plan.primes), plan.n
    tables = min(k, _GROUP) * plan.rows * plan.q * 8
    classes = len(plan.dist)
    results = 2 * classes * (n + 1) * (8 * k + n // 8 + 40)
    return tables + results


def structure_counts(
    weights: tuple[int, ...],
    quota: int,
    minimal: bool,
    johnston: bool,
    progress: _Advance | None = None,
) -> tuple[Rows | None, tuple[int, ...] | None, Rows | None]:
    """(minimal_by_size, minimal_count_by_size, johnston_by_critical), each None if not asked.

    ``weights`` are non-negative and divided by their gcd, and 1 ≤ ``quota``; a quota above the
    total leaves no winning coalition (all counts 0). ``progress.advance`` is called with the
    work done, in the units of :func:`structure_work`.
    """
    if quota < 1:
        raise ValueError(f"the quota must be at least 1 (the empty coalition loses); got {quota}")
    plan = _Plan(weights, quota)
    n = plan.n
    zero = (0,) * (n + 1)
    if plan.trivial:
        rows = tuple(zero for _ in range(n))
        return (rows if minimal else None, zero if minimal else None, rows if johnston else None)
    mins = count = john = None
    if minimal:
        mins, count = _minimal(plan, progress)
    if johnston:
        john = _johnston(plan, progress)
    return mins, count, john


def _chunks(steps: np.ndarray) -> list[tuple[int, int]]:
    """Consecutive ranges of steps of about _CHUNK_WORK each."""
    out, start, acc = [], 0, 0.0
    for i, s in enumerate(steps.tolist()):
        acc += s
        if acc >= _CHUNK_WORK:
            out.append((start, i + 1))
            start, acc = i + 1, 0.0
    if start < len(steps):
        out.append((start, len(steps)))
    return out


def _minimal(plan: _Plan, progress: _Advance | None) -> tuple[Rows, tuple[int, ...]]:
    import numpy as np

    from pivotal.engines import structure_kernels as sk

    n, q, k = plan.n, plan.q, len(plan.primes)
    total = np.zeros((k, n + 1), dtype=np.uint64)
    by_class = np.zeros((k, len(plan.dist), n + 1), dtype=np.uint64)
    steps = plan.minimal_steps()
    chunks = _chunks(steps)
    for first in range(0, k, _GROUP):
        primes = plan.primes[first : first + _GROUP]
        g = len(primes)
        tables = np.zeros((g, q, plan.rows), dtype=np.uint64)
        tables[:, :, 0] = 1
        part_total = np.zeros((g, n + 1), dtype=np.uint64)
        part_class = np.zeros((g, len(plan.dist), n + 1), dtype=np.uint64)
        for start, stop in chunks:
            sk.minimal_mod(
                tables,
                plan.desc,
                plan.suffix,
                plan.cls,
                plan.first,
                plan.dist,
                q,
                start,
                stop,
                primes,
                part_total,
                part_class,
            )
            if progress is not None:
                progress.advance(float(steps[start:stop].sum()) * g)
        total[first : first + g] = part_total
        by_class[first : first + g] = part_class
        del tables
    crt = ChineseRemainder(plan.primes)
    return _rows(plan, plan.dist, crt(by_class)), tuple(crt(total))


def _johnston(plan: _Plan, progress: _Advance | None) -> Rows:
    import numpy as np

    from pivotal.engines import structure_kernels as sk

    n, q, k = plan.n, plan.q, len(plan.primes)
    big_m = len(plan.levels)
    out = np.zeros((k, big_m, n + 1), dtype=np.uint64)
    top_weight = int(plan.levels[-1])
    counted = plan.asc[plan.level_start[-1] :].copy()
    uncounted = np.array([w for w in plan.original if w < top_weight], dtype=np.int64)
    init, levels = plan.johnston_steps()
    # Levels run from the top down: chunks of consecutive k, in descending order.
    order = levels[::-1]
    chunks = [(big_m - 1 - a, big_m - 1 - b) for a, b in _chunks(order)]
    for first in range(0, k, _GROUP):
        primes = plan.primes[first : first + _GROUP]
        g = len(primes)
        tables = np.zeros((g, q, plan.rows), dtype=np.uint64)
        part = np.zeros((g, big_m, n + 1), dtype=np.uint64)
        sk.johnston_init_mod(tables, uncounted, counted, q, primes)
        if progress is not None:
            progress.advance(init * g)
        for k_from, k_to in chunks:
            sk.johnston_levels_mod(
                tables, plan.asc, plan.levels, plan.level_start, q, k_from, k_to, primes, part
            )
            if progress is not None:
                progress.advance(float(levels[k_to + 1 : k_from + 1].sum()) * g)
        out[first : first + g] = part
        del tables
    crt = ChineseRemainder(plan.primes)
    return _rows(plan, plan.levels, crt(out))


def _rows(plan: _Plan, class_weights: np.ndarray, values: list[int]) -> Rows:
    """Player rows from one row per class (``values`` flattened, classes in the order of
    ``class_weights``); players of weight 0 get zeros. Players of a class share one tuple."""
    n = plan.n
    by_weight = {
        int(w): tuple(values[h * (n + 1) : (h + 1) * (n + 1)])
        for h, w in enumerate(class_weights.tolist())
    }
    zero = (0,) * (n + 1)
    return tuple(by_weight.get(w, zero) for w in plan.original)
