"""Exact generating-function dynamic programming for weighted and multi-criteria games.

For a weighted game [q; w_1..w_n] the generating function

    P(x, y) = Π_i (1 + y x^{w_i})

has as coefficient of y^s x^t the number of coalitions of s players and weight t. Every statistic
pivotal needs is a sum of such coefficients over a window of t, so the engine keeps the running
sums instead: the *table* B = x P / (1 - x), B[s, t] = coalitions of s players and weight below t
(t = 0..cap), and a window lo ≤ w(S) < hi is B[s, hi] - B[s, lo]. Multiplying by (1 + y x^w)
commutes with the running sum, so a table is built player by player like P itself.

* swings of i with s others: coalitions S ⊆ N \\ {i} of size s with q - w_i ≤ w(S) < q, a window
  of B / (1 + y x^{w_i}) (see :func:`_window_without`: read off B without dividing it);
* winning coalitions: 2^n minus the coalitions with w(S) < q, the column B[:, q];
* minimal winning coalitions: S is minimal winning when q ≤ w(S) < q + u, u its lightest weight.
  With H_u the players of weight ≥ u, those S are the coalitions of H_u in that window less those
  of H_{>u}; tables of H_u grow class by class, heaviest first (:func:`_minimal`);
* Johnston counts: in a winning S with surplus e = w(S) - q, the critical members are those with
  w_j > e. For e between two consecutive distinct weights u_k ≤ e < u_{k+1} they are exactly the
  members of weight above u_k, so counting by (weight, members above u_k) gives c(S). Going up a
  level, the players of weight u_k stop being counted: divide them out and multiply them back in
  uncounted (:func:`_johnston`).

Coefficients with t beyond the largest window are never needed, so tables are truncated at cap = q
(or q + the largest weight for minimal winning coalitions and Johnston). Truncation is compatible
with removing a player again (deconvolution runs upward in t), and players of equal weight share
their values, so each distinct weight is solved once. Weights and quota are first divided by the
gcd of the weights (the quota rounded up), which does not change the game.

A multi-criteria game uses one axis per criterion, with sums capped at each quota (a capped entry
means "reached the quota"); a criterion in which every player has the same weight is a function of
the coalition's size and needs no axis of its own. Minimal winning coalitions and Johnston counts
are implemented here for one criterion only.

Counts are exact (see :class:`_Ring`): numpy int64 while 2^n fits (n ≤ 62); beyond, int64 residues
modulo a few primes below 2^31, turned into Python integers by the Chinese remainder theorem.
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING

from pivotal.engines.base import Engine, GameStatistics, Need, Support
from pivotal.engines.budget import Estimate
from pivotal.engines.primes import crt_basis
from pivotal.engines.primes import largest_primes as _primes
from pivotal.games.base import SimpleGame
from pivotal.games.composite import AndGame, OrGame
from pivotal.games.weighted import Criterion, MultiWeightedGame

if TYPE_CHECKING:  # numpy is imported in the functions that use it: small games never need it
    import numpy as np

__all__ = ["DP_RATE", "GeneratingFunctionEngine"]

#: Measured numpy cell updates per second (a cell update modulo k primes counts k times), for the
#: time estimate that the budget is checked against (:mod:`pivotal.engines.budget`).
DP_RATE = 2e9
#: A window query sums n + 1 residues below 2^31 after a deconvolution (factor n + 1) and a
#: doubling: in int64 that leaves room for n + 1 < 2^14 (see :class:`_Ring`).
DP_MAX_PLAYERS = 1 << 14


def _reduce(c: Criterion) -> tuple[tuple[int, ...], int]:
    """Divide weights by their gcd (quota rounded up): the same game with smaller numbers."""
    g = 0
    for w in c.weights:
        g = math.gcd(g, w)
    g = max(g, 1)
    return tuple(w // g for w in c.weights), -(-c.quota // g)


# ----------------------------------------------------------------------------- arithmetic


#: Largest n for which every count (at most 2^n) fits in int64 as it is.
EXACT_MAX_N = 62


class _Ring:
    """Where the DP counts for n players: exact int64, or int64 residues modulo several primes.

    Every DP here only adds and subtracts counts, so it runs in Z/p as well as in Z. A count lies in
    [0, 2^n]; known modulo primes p_1..p_k whose product M exceeds 2^(n+1), it is the unique
    residue in [0, M) that the Chinese remainder theorem gives (:meth:`to_ints`). Every array has a
    trailing axis with one plane per prime, so one numpy call updates every residue at once; only
    the final counts become Python integers.

    Without primes (n ≤ :data:`EXACT_MAX_N`) there is one plane of plain int64 counts, exact as they
    are (2^62 does not overflow), and nothing is ever reduced.

    Residues are reduced lazily: ``%`` costs about ten additions. Callers track a bound 2^bits on
    the entries of a table and announce each update with :meth:`grow`, which reduces the table only
    when the update could take it past 2^room. Below 2^room, a signed sum of n + 1 differences of
    entries (a window query) stays below 2^62, so no int64 ever overflows.
    """

    def __init__(self, n: int, primes: tuple[int, ...] = ()) -> None:
        import numpy as np

        self.primes = primes
        self.planes = max(len(primes), 1)
        self.room = 61 - (n + 1).bit_length()
        #: Bound (in bits) on reduced entries: residues are below the largest prime.
        self.bits = max(primes).bit_length() if primes else 0
        # A reduced table must take a deconvolution (factor n + 1) and a multiplication (2).
        assert self.bits + (n + 1).bit_length() + 1 <= self.room or not primes
        self._moduli = np.array(primes, dtype=np.int64)
        # CRT: x = Σ r_i e_i mod M, where e_i ≡ 1 (mod p_i) and e_i ≡ 0 (mod p_j) for j ≠ i.
        self._modulus, self._basis = crt_basis(primes)

    def zeros(self, shape: tuple[int, ...]) -> np.ndarray:
        import numpy as np

        return np.zeros((*shape, self.planes), dtype=np.int64)

    def reduce(self, a: np.ndarray) -> np.ndarray:
        """In place: every residue into [0, p). Exact counts are left as they are."""
        import numpy as np

        if self.primes:
            np.remainder(a, self._moduli, out=a)
        return a

    def grow(self, table: np.ndarray, bits: int, growth: int) -> int:
        """Make room for an update multiplying |entries| by up to 2^growth; return the new bound.

        ``bits`` is the current bound on ``table``; if the update could pass 2^room, the table is
        reduced first. Exact counts need no bound (they stay ≤ 2^n ≤ 2^62).
        """
        if not self.primes:
            return 0
        if bits + growth > self.room:
            self.reduce(table)
            bits = self.bits
        assert bits + growth <= self.room
        return bits + growth

    def sum(self, a: np.ndarray, axis: int) -> np.ndarray:
        """Reduced sum over ``axis`` (not the plane axis), of fewer than 2^32 entries."""
        import numpy as np

        if not self.primes:
            return a.sum(axis=axis)
        return self.reduce(np.remainder(a, self._moduli).sum(axis=axis))

    def to_ints(self, a: np.ndarray) -> list:
        """The counts in ``a`` as (nested lists of) Python ints: its shape less the plane axis."""
        import numpy as np

        if not self.primes:
            return a[..., 0].tolist()
        total: object = 0
        for plane, (p, e) in enumerate(zip(self.primes, self._basis, strict=True)):
            total = total + np.remainder(a[..., plane], p).astype(object) * e
        return np.asarray(total % self._modulus, dtype=object).tolist()


def _ring(n: int) -> _Ring:
    """The ring the DP counts in for n players."""
    return _Ring(n) if n <= EXACT_MAX_N else _Ring(n, _primes(n + 1))


# ----------------------------------------------------------------------------- planning


class _Axis:
    """One capped criterion axis of a multi-criteria DP: a weight vector, summed up to its cap
    (the largest quota any criterion on these weights asks for)."""

    def __init__(self, weights: tuple[int, ...], quota: int) -> None:
        self.weights = weights
        self.quota = quota


class _UnsupportedError(Exception):
    """A game this engine cannot count; the message says why."""


class _Plan:
    """A game as axes plus a winning test on the grid of (size, capped sum on each axis).

    Whether a coalition wins depends only on its size and its weight under each criterion, and
    capping a sum at the largest quota asked of it keeps every comparison right; so any and/or
    combination of weighted criteria over the same players is a test on that grid. A criterion
    in which every player weighs the same is a test on the size alone and needs no axis.
    """

    def __init__(self, game: SimpleGame) -> None:
        self.n = game.n
        self._caps: dict[tuple[int, ...], int] = {}
        self.tree = self._node(game)
        self.axes = [_Axis(w, cap) for w, cap in self._caps.items()]
        self._index = {w: k for k, w in enumerate(self._caps)}

    def _node(self, game: SimpleGame) -> tuple:
        if isinstance(game, MultiWeightedGame):
            return ("and", tuple(self._leaf(c) for c in game.criteria))
        if isinstance(game, AndGame | OrGame):
            kind = "and" if isinstance(game, AndGame) else "or"
            return (kind, tuple(self._node(g) for g in game.games))
        raise _UnsupportedError(
            "only weighted and multi-criteria games and their and/or combinations; "
            f"this is a {type(game).__name__}"
        )

    def _leaf(self, criterion: Criterion) -> tuple:
        weights, quota = _reduce(criterion)
        if len(set(weights)) == 1:
            return ("size", weights[0], quota)
        self._caps[weights] = max(self._caps.get(weights, 0), quota)
        return ("axis", weights, quota)

    @property
    def single(self) -> bool:
        """One criterion on one axis: the truncated-polynomial path applies."""
        kind, parts = self.tree
        return kind == "and" and len(parts) == 1 and parts[0][0] == "axis"

    def signature(self, p: int) -> tuple[int, ...]:
        return tuple(a.weights[p] for a in self.axes)

    def test(self, extra: int, offsets: tuple[int, ...]) -> np.ndarray:
        """Over the grid: does a coalition with these counts, plus ``extra`` members and
        ``offsets`` added on the axes, win?"""
        import numpy as np

        shape = (self.n + 1, *(a.quota + 1 for a in self.axes))
        return np.broadcast_to(self._eval(self.tree, extra, offsets), shape)

    def _eval(self, node: tuple, extra: int, offsets: tuple[int, ...]) -> np.ndarray:
        import numpy as np

        kind = node[0]
        dims = len(self.axes) + 1
        if kind in ("and", "or"):
            combine = np.logical_and if kind == "and" else np.logical_or
            return functools.reduce(combine, (self._eval(c, extra, offsets) for c in node[1]))
        if kind == "size":
            _, w, q = node
            return ((np.arange(self.n + 1) + extra) * w >= q).reshape((-1,) + (1,) * (dims - 1))
        _, weights, q = node
        k = self._index[weights]
        shape = [1] * dims
        shape[k + 1] = self.axes[k].quota + 1
        return (np.arange(self.axes[k].quota + 1) + offsets[k] >= q).reshape(shape)


class GeneratingFunctionEngine(Engine):
    name = "dp"

    def supports(self, game: SimpleGame, needs: frozenset[Need]) -> Support:
        if game.n >= DP_MAX_PLAYERS:
            return Support(
                False,
                f"{game.n} players: int64 residues modulo primes below 2^31 leave no room past "
                f"{DP_MAX_PLAYERS - 1} players",
            )
        try:
            plan = _Plan(game)
        except _UnsupportedError as err:
            return Support(False, str(err))
        wants_structure = bool(needs & {Need.MINIMAL, Need.JOHNSTON})
        if wants_structure and not _one_criterion(game):
            what = (
                f"{len(game.criteria)} criteria"
                if isinstance(game, MultiWeightedGame)
                else f"an {type(game).__name__} of several"
            )
            return Support(
                False,
                "minimal winning coalitions and Johnston counts are implemented for one weighted "
                f"criterion; this game has {what}",
            )
        work = _work_estimate(game, plan, needs)
        est = Estimate(work / DP_RATE, _memory_estimate(game, plan, needs))
        quotas = ", ".join(str(a.quota) for a in plan.axes) or "none (sizes only)"
        return Support(
            True,
            f"weighted game, about {work:.1e} cell updates (quotas after gcd reduction: {quotas}), "
            f"{est}",
            cost=est.seconds,
            estimate=est,
        )

    def statistics(self, game: SimpleGame, needs: frozenset[Need]) -> GameStatistics:
        plan = _Plan(game)  # supports() has said yes
        n = game.n
        ring = _ring(n)
        if plan.single:
            axis = plan.axes[0]
            swings, winning = _swings_and_winning_truncated(ring, axis.weights, axis.quota)
        else:
            swings, winning = _swings_and_winning(ring, plan)
        minimal = minimal_count = johnston = None
        if needs & {Need.MINIMAL, Need.JOHNSTON}:
            assert isinstance(game, MultiWeightedGame)  # _one_criterion, checked in supports()
            weights, quota = _reduce(game.criteria[0])
            if Need.MINIMAL in needs:
                minimal, minimal_count = _minimal(ring, weights, quota)
            if Need.JOHNSTON in needs:
                johnston = _johnston(ring, weights, quota)
        return GameStatistics(
            players=game.players,
            winning_count=winning,
            swings_by_size=swings,
            minimal_by_size=minimal,
            minimal_count_by_size=minimal_count,
            johnston_by_critical=johnston,
            engine=self.name,
        )


def _one_criterion(game: SimpleGame) -> bool:
    return isinstance(game, MultiWeightedGame) and len(game.criteria) == 1


def _work_estimate(game: SimpleGame, plan: _Plan, needs: frozenset[Need]) -> int:
    """Array cell updates the engine will make, once per prime: the basis of its cost and limit.

    One criterion: a table of (n + 1) × (cap + 1) cells takes n passes to build; a window query
    (:func:`_window_without`) reads two entries per term, (n + 1) × min(n + 1, cap) terms at most.
    Several: each player, and removing one player of each class again, costs a pass over the
    capped table per axis and one more.
    """
    n = game.n
    axes = plan.axes
    classes = len({plan.signature(p) for p in range(n)})
    if plan.single:
        q = axes[0].quota
        work = n * (n + 1) * (q + 1) + 2 * classes * (n + 1) * min(n + 1, q)
    else:
        cells = n + 1
        for a in axes:
            cells *= a.quota + 1
        work = cells * (n + 2 * classes) * (len(axes) + 1)
    if needs & {Need.MINIMAL, Need.JOHNSTON} and isinstance(game, MultiWeightedGame):
        weights, q = _reduce(game.criteria[0])
        levels = len(set(weights))
        cap = q + max(weights)
        table = (n + 1) * (cap + 1)
        queries = levels * (levels + 1) * (n + 1) * min(n + 1, cap)  # levels²/2 of them
        if Need.MINIMAL in needs:
            work += n * table + 3 * levels * table + queries  # build; copy and difference per class
        if Need.JOHNSTON in needs:
            work += 3 * n * table + queries  # build; divide out and multiply back per player
    return work * _ring(n).planes


def _memory_estimate(game: SimpleGame, plan: _Plan, needs: frozenset[Need]) -> int:
    """Peak bytes: a few int64 tables of (n + 1) x (cap + 1) x planes live at once."""
    n = game.n
    cells = n + 1
    for a in plan.axes:
        cells *= a.quota + 1
    tables = 4
    if needs & {Need.MINIMAL, Need.JOHNSTON} and isinstance(game, MultiWeightedGame):
        weights, q = _reduce(game.criteria[0])
        cells = max(cells, (n + 1) * (q + max(weights) + 1))
        tables = 6
    return cells * _ring(n).planes * 8 * tables


# ----------------------------------------------------------------------------- swings (capped)


def _capped_poly(ring: _Ring, n: int, axes: list[_Axis]) -> np.ndarray:
    """Counts of all n players' coalitions by (size, capped sum on each axis), reduced."""
    poly = ring.zeros((n + 1, *(a.quota + 1 for a in axes)))
    poly[(0,) * (poly.ndim - 1)] = 1
    quotas = [a.quota for a in axes]
    growth = (len(axes) + 1).bit_length()  # see _add_capped
    bits = ring.bits
    for p in range(n):
        bits = ring.grow(poly, bits, growth)
        _add_capped(ring, poly, [a.weights[p] for a in axes], quotas, live=p)
    return ring.reduce(poly)


def _shift_capped(ring: _Ring, slab: np.ndarray, ws: list[int], quotas: list[int]) -> np.ndarray:
    """Counts by capped sums, every sum moved up by w on its axis: x^w, with sums past a quota
    landing on the quota. Each entry moves to one place; the sums landing on a cap are reduced.
    """
    import numpy as np

    for axis, (w, q) in enumerate(zip(ws, quotas, strict=True)):
        if w == 0:
            continue
        moved = np.empty_like(slab)
        head = [slice(None)] * slab.ndim
        head[axis] = slice(0, w)  # nothing lands below w
        moved[tuple(head)] = 0
        if w <= q:
            lo = [slice(None)] * slab.ndim
            hi = [slice(None)] * slab.ndim
            lo[axis], hi[axis] = slice(0, q + 1 - w), slice(w, q + 1)
            moved[tuple(hi)] = slab[tuple(lo)]
        # Everything that would pass the cap lands on the cap.
        over = [slice(None)] * slab.ndim
        over[axis] = slice(max(q + 1 - w, 0), q + 1)
        cap = [slice(None)] * slab.ndim
        cap[axis] = q
        moved[tuple(cap)] += ring.sum(slab[tuple(over)], axis=axis)
        slab = moved
    return slab


def _add_capped(ring: _Ring, poly: np.ndarray, ws: list[int], quotas: list[int], live: int) -> None:
    """In place: multiply by (1 + y x^w), with each axis capped at its quota.

    Row by row from the top (rows above ``live``, the players so far, are zero). A shifted entry
    below 2^bits stays so on every axis but gains a reduced cap sum (< p) per axis, so entries grow
    from B to at most 2B + (axes)·p ≤ (axes + 2)·B: (axes + 1).bit_length() bits.
    """
    for c in range(min(live + 1, poly.shape[0] - 1), 0, -1):
        poly[c] += _shift_capped(ring, poly[c - 1], ws, quotas)


def _remove_capped(ring: _Ring, poly: np.ndarray, ws: list[int], quotas: list[int]) -> np.ndarray:
    """The counts without one of the players, of weights ``ws``: undo :func:`_add_capped`.

    A player moves each coalition to exactly one place, so new[c] = old[c] + shift(old[c-1]) can be
    solved for old row by row, upward in size (capping loses nothing that is needed). Reduced.
    """
    out = poly.copy()
    ring.reduce(out[0])
    for c in range(1, poly.shape[0]):
        out[c] -= _shift_capped(ring, out[c - 1], ws, quotas)
        ring.reduce(out[c])
    return out


def _swings_and_winning(ring: _Ring, plan: _Plan) -> tuple[tuple[tuple[int, ...], ...], int]:
    n, axes = plan.n, plan.axes
    everyone = _capped_poly(ring, n, axes)
    win_mask = plan.test(0, (0,) * len(axes))
    winning = ring.to_ints(ring.sum(everyone[win_mask], axis=0)) if win_mask.any() else 0

    by_class: dict[tuple[int, ...], tuple[int, ...]] = {}
    rows = []
    for i in range(n):
        sig = plan.signature(i)
        if sig not in by_class:
            others = _remove_capped(ring, everyone, list(sig), [a.quota for a in axes])
            mask = ~win_mask & plan.test(1, sig)
            counts = ring.sum((others * mask[..., None]).reshape(n + 1, -1, ring.planes), axis=1)
            by_class[sig] = tuple(ring.to_ints(counts[:n]))
        rows.append(by_class[sig])
    return tuple(rows), winning


# -------------------------------------------------------------------------- tables (1 criterion)


def _empty(ring: _Ring, n: int, cap: int) -> np.ndarray:
    """The table of no players, with rows for up to n counted members: only the empty coalition,
    of weight 0 < t."""
    table = ring.zeros((n + 1, cap + 1))
    table[0, 1:] = 1
    return table


def _truncated(
    ring: _Ring, weights: tuple[int, ...], cap: int, counted: list[bool]
) -> tuple[np.ndarray, int]:
    """The table B[c, t], t = 0..cap: subsets with c counted members and weight below t.

    Returned with the bound (in bits, see :meth:`_Ring.grow`) on its entries.
    """
    table = _empty(ring, len(weights), cap)
    bits, live = ring.bits, 0
    for w, c in zip(weights, counted, strict=True):
        bits = ring.grow(table, bits, 1)
        _mul(table, w, c, live)
        live += c
    return table, bits


def _mul(table: np.ndarray, w: int, counted: bool, live: int | None = None) -> None:
    """In place: table *= (1 + y^[counted] x^w), truncated. Entries at most double.

    Row by row, from the top when counted, so that each row is read before it changes (a whole-table
    update would copy the table first, several times slower). Rows above ``live`` (the counted
    members so far, when known) are still zero and are skipped.
    """
    rows, cols = table.shape[:2]
    if w >= cols:
        return
    top = rows - 1 if live is None else min(live + counted, rows - 1)
    if counted:
        for c in range(top, 0, -1):
            table[c, w:] += table[c - 1, : cols - w]
    else:
        for c in range(top + 1):
            table[c, w:] += table[c, : cols - w]  # numpy buffers the overlap within the row


def _div(table: np.ndarray, w: int) -> None:
    """In place: table /= (1 + y x^w), removing one of its counted players, of weight w.

    out[c, t] = table[c, t] - out[c-1, t-w], rows upward. Exact counts stay counts; residues may
    turn negative and grow by up to a factor n + 1 (a sum of n + 1 signed terms).
    """
    cols = table.shape[1]
    if w >= cols:
        return
    for c in range(1, table.shape[0]):
        table[c, w:] -= table[c - 1, : cols - w]


def _window(ring: _Ring, table: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Coalitions of the table's players by size with lo ≤ weight < hi, reduced."""
    return ring.reduce(table[:, hi] - table[:, lo])


def _window_without(ring: _Ring, table: np.ndarray, w: int, lo: int, hi: int) -> np.ndarray:
    """Like :func:`_window`, for the table's players less one counted player of weight w.

    Dividing the whole table by (1 + y x^w) would cost a pass over it. But 1/(1 + y x^w) =
    Σ_i (-y x^w)^i, so the window is an alternating sum along diagonals of the table:

        Σ_i (-1)^i (B[c-i, hi - i·w] - B[c-i, lo - i·w]),

    where B is 0 in rows below 0 and columns ≤ 0: at most min(n + 1, ⌈hi / w⌉) terms, each one
    column pair of the table. Requires 0 ≤ lo, hi ≤ cap.
    """
    import numpy as np

    rows = table.shape[0]
    out = ring.zeros((rows,))
    if hi <= lo:
        return out
    terms = rows if w == 0 else min(rows, -(-hi // w))
    shift = np.arange(terms) * w
    pairs = np.take(table, np.maximum(hi - shift, 0), axis=1)
    pairs -= np.take(table, np.maximum(lo - shift, 0), axis=1)
    pairs[:, 1::2] *= -1
    for i in range(terms):
        out[i:] += pairs[: rows - i, i]
    return ring.reduce(out)


def _classes(weights: tuple[int, ...]) -> dict[int, list[int]]:
    """Players by weight, heaviest first."""
    by_weight: dict[int, list[int]] = {}
    for w in sorted(set(weights), reverse=True):
        by_weight[w] = [p for p, v in enumerate(weights) if v == w]
    return by_weight


def _swings_and_winning_truncated(
    ring: _Ring, weights: tuple[int, ...], quota: int
) -> tuple[tuple[tuple[int, ...], ...], int]:
    """One criterion: coalitions below the quota lose, the rest win; no capping needed."""
    n = len(weights)
    table, _ = _truncated(ring, weights, quota, [True] * n)
    losing = ring.to_ints(ring.sum(table[:, quota], axis=0))
    by_weight = {
        w: tuple(ring.to_ints(_window_without(ring, table, w, max(quota - w, 0), quota)[:n]))
        for w in set(weights)
    }
    return tuple(by_weight[w] for w in weights), (1 << n) - losing


def _minimal(
    ring: _Ring, weights: tuple[int, ...], quota: int
) -> tuple[tuple[tuple[int, ...], ...], tuple[int, ...]]:
    """Minimal winning coalitions by size: containing each player, and in all.

    S is minimal winning exactly when q ≤ w(S) < q + u with u its lightest weight. For each weight
    u > 0 (heaviest first), with H_u the players of weight ≥ u, those S are the coalitions of H_u
    in [q, q + u) less those of H_{>u} (which lack weight u). For a member j of weight v the same
    difference holds for the coalitions that contain j, a window of the table without j; for v > u
    it is one window of the difference of the two tables (all of it linear), for v = u one of H_u.
    """
    import numpy as np

    n = len(weights)
    classes = {w: members for w, members in _classes(weights).items() if w > 0}
    table, bits = _empty(ring, n, quota + max(classes)), ring.bits
    rows = ring.zeros((n, n + 1))  # rows[j, s]: MWCs of s members that contain j
    total = ring.zeros((n + 1,))
    live = 0
    for u, members in classes.items():
        before = table.copy()  # the table of H_{>u}
        for _ in members:
            bits = ring.grow(table, bits, 1)
            _mul(table, u, True, live)
            live += 1
        np.subtract(table, before, out=before)  # now: coalitions of H_u with a member of weight u
        total += _window(ring, before, quota, quota + u)
        rows[members, 1:] += _window_without(ring, table, u, max(quota - u, 0), quota)[:n]
        for v, heavier in classes.items():
            if v <= u:
                break
            lo, hi = max(quota - v, 0), max(quota + u - v, 0)
            rows[heavier, 1:] += _window_without(ring, before, v, lo, hi)[:n]
    return tuple(map(tuple, ring.to_ints(rows))), tuple(ring.to_ints(total))


def _johnston(ring: _Ring, weights: tuple[int, ...], quota: int) -> tuple[tuple[int, ...], ...]:
    """Winning coalitions by number of critical members, for each critical player.

    One table at cap q + the largest weight serves every level: at level k (surplus e in
    [u_k, u_{k+1})) the counted players are those of weight above u_k.
    """
    n = len(weights)
    levels = sorted({0, *weights})
    classes = _classes(weights)
    table, bits = _truncated(ring, weights, quota + levels[-1], [w > 0 for w in weights])
    spread = (n + 1).bit_length()  # growth of a deconvolution, in bits
    rows = ring.zeros((n, n + 1))  # rows[i, c]: winning coalitions, i critical, c critical
    for k in range(len(levels) - 1):
        lo_e, hi_e = levels[k], levels[k + 1]  # surplus e in [lo_e, hi_e): critical = weight > lo_e
        if k:  # players of weight lo_e are no longer critical: count them no more
            for _ in classes[lo_e]:
                bits = ring.grow(table, bits, spread)
                _div(table, lo_e)
                bits = ring.grow(table, bits, 1)
                _mul(table, lo_e, False)
        for wi, members in classes.items():
            if wi <= lo_e:
                break
            # S = T + i with q + lo_e <= w(S) < q + hi_e, so T is shifted down by w_i.
            a, b = max(quota + lo_e - wi, 0), max(quota + hi_e - wi, 0)
            rows[members, 1:] += _window_without(ring, table, wi, a, b)[:n]
    return tuple(map(tuple, ring.to_ints(rows)))
