"""Power with a priori unions: the Owen value and the Banzhaf-Owen value, exact.

Players N, a partition of N into *unions* M = {U_1, ..., U_m} (blocs that agreed to act together;
a player named in no union is a union of its own), and a simple game v (v(S) = 1 when S wins).
For player i in union U_k of size u, with Q_R the players of the unions in R ⊆ M \\ {U_k}, r = |R|,
t = |T| and Δ_i(R, T) = v(Q_R ∪ T ∪ {i}) - v(Q_R ∪ T):

    Owen_i   = Σ_{R ⊆ M\\{U_k}} Σ_{T ⊆ U_k\\{i}} r!(m-r-1)!/m! · t!(u-t-1)!/u! · Δ_i(R, T)
    BzOwen_i = Σ_{R ⊆ M\\{U_k}} Σ_{T ⊆ U_k\\{i}} 1/2^(m-1) · 1/2^(u-1) · Δ_i(R, T)

The Owen value [1] is the Shapley value played twice: the unions bargain in the *quotient game*
(whose players are the unions) and each union's share is split among its members, again by the
Shapley value. Equivalently, it is i's chance of being pivotal when every order in which the members
of each union arrive together is equally likely. The Banzhaf-Owen value [2] (Owen's modification of
the Banzhaf-Coleman index) does the same with the Banzhaf value at both levels; like the Penrose
measure it is a probability, not a share, and need not sum to 1. With every player alone, or all in
one union, the two are the Shapley-Shubik index and the Penrose measure.

Both count, for each player, the coalitions Q_R ∪ T in which i is a swing, by (r, t); the values
are these integer counts times the weights above, as Fractions. Two methods count them:

* ``enumeration``: the game's winning table (any game of up to
  :data:`~pivotal.engines.enumeration.MAX_ENUMERATION_PLAYERS` players), regrouped by union so that
  the coalitions made of whole other unions are one strided view of it;
* ``dp``: a dynamic program for weighted games [q; w] with many members [4]. For the other unions,
  A[r][s] counts the sets R of r unions of total weight s < q; inside U_k, B[t][s'] counts the sets
  T ⊆ U_k \\ {i} of t members and weight s'. Player i swings exactly when
  q - w_i ≤ s + s' < q, so the count for (r, t) is
  Σ_{s'} B[t][s'] · (P_r(q - s') - P_r(q - w_i - s')), with P_r the running sums of A[r]: one
  integer matrix product per distinct weight in each union.
  A union is removed from A, and a member from B, by deconvolution. Counts stay exact: int64 while
  they fit, otherwise residues modulo primes joined by the Chinese remainder theorem.

The cheaper method that can run is chosen (logger ``pivotal.power`` says which and why), or forced
with ``method=``. A game beyond both is a :class:`~pivotal.errors.PivotalError` naming the limits.

The example is the Madrid Assembly of 2015-2019, [65; 48, 37, 27, 17], with the right-wing
alliance of PP and C's as one union [3]. The alliance has 65 seats, a majority on its own, so
it takes everything in the quotient game and shares it 2 : 1 (PP is pivotal whenever C's is not):

>>> from pivotal.games import WeightedGame
>>> madrid = WeightedGame([48, 37, 27, 17], 65, names=["PP", "PSOE", "Podemos", "Cs"])
>>> [str(x) for x in owen(madrid, [["PP", "Cs"]])]
['2/3', '0', '0', '1/3']
>>> [str(x) for x in banzhaf_owen(madrid, [["PP", "Cs"]])]
['3/4', '0', '0', '1/4']

References
----------
1. Owen, G. (1977). Values of games with a priori unions. In R. Henn & O. Moeschlin (eds.),
   *Mathematical Economics and Game Theory: Essays in Honor of Oskar Morgenstern*, 76-88. Springer.
2. Owen, G. (1982). Modification of the Banzhaf-Coleman index for games with a priori unions. In
   M. J. Holler (ed.), *Power, Voting and Voting Power*, 232-238. Physica-Verlag.
3. Giménez, J. M., & Puente, M. A. (2019). The Owen and the Owen-Banzhaf values applied to the
   study of the Madrid Assembly and the Andalusian Parliament in legislature 2015-2019. ICORES
   2019, SciTePress, Table 1. https://www.scitepress.org/publishedPapers/2019/72970/pdf/index.html
4. Rodríguez-Veiga, J., Novoa-Flores, G. I., & Casas-Méndez, B. (2015). Implementing generating
   functions to obtain power indices with coalition configuration. Preprint, arXiv:1507.00216
   (generating functions for the Banzhaf-Owen and Owen indices of weighted majority games).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from pivotal.engines.enumeration import MAX_ENUMERATION_PLAYERS
from pivotal.engines.primes import crt_basis, largest_primes
from pivotal.errors import EngineUnavailableError, PivotalError, one_of
from pivotal.games.base import SimpleGame, coalition_sizes
from pivotal.games.weighted import MultiWeightedGame

# numpy only where counts are taken: validating unions and choosing a method need none of it.
if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "EXACT_BITS",
    "MAX_DP_CELLS",
    "MAX_DP_WORK",
    "METHODS",
    "UnionValues",
    "banzhaf_owen",
    "choose_method",
    "owen",
    "union_values",
    "validate_unions",
]

log = logging.getLogger("pivotal.power")

#: The two ways of counting, by name (``method=``).
METHODS = ("enumeration", "dp")
#: Upper bound on the array cell updates the DP takes on (one residue plane counts once each).
MAX_DP_WORK = 3 * 10**9
#: Upper bound on the cells of one DP table (8 bytes each; a few live at once).
MAX_DP_CELLS = 2 * 10**7
#: Counts below 2^EXACT_BITS are exact in int64 (a matrix product of them cannot overflow);
#: beyond, the DP counts modulo primes.
EXACT_BITS = 60
#: Swing entries handled per numpy call when counting from the winning table (bounds memory).
_CHUNK = 1 << 22


# ------------------------------------------------------------------------------------ the unions
def _shown(union: object) -> str:
    if isinstance(union, list | tuple):
        return "+".join(str(x) for x in union)
    return repr(union)


def validate_unions(
    players: Sequence[str], unions: Iterable[Sequence[str]]
) -> tuple[tuple[str, ...], ...]:
    """Check ``unions`` (lists of player names) against ``players``; return them as tuples.

    Every problem is one :class:`PivotalError`: a union that is not a list of names, an empty
    union, an unknown name (the error lists the valid ones), a player in two unions (or twice in
    one). Players in no union are left out here: they are unions of their own.

    >>> validate_unions(["RUS", "BLR", "KAZ"], [["RUS", "BLR"]])
    (('RUS', 'BLR'),)
    """
    if isinstance(unions, str | bytes) or not isinstance(unions, Iterable):
        raise PivotalError(
            "unions",
            "a list of unions, each a list of player names, e.g. [['RUS', 'BLR']]",
            repr(unions),
            "Wrap each union in a list: unions=[['RUS', 'BLR']].",
        )
    known = set(players)
    seen: dict[str, int] = {}
    out: list[tuple[str, ...]] = []
    for k, union in enumerate(unions):
        where = f"unions[{k}] ({_shown(union)})"
        if isinstance(union, str | bytes) or not isinstance(union, Iterable):
            raise PivotalError(
                where,
                "a list of player names, e.g. ['RUS', 'BLR']",
                repr(union),
                "Give each union as a list of names (CLI: --union RUS+BLR).",
            )
        members = tuple(union)
        if not members:
            raise PivotalError(
                where,
                "at least one player name",
                "an empty union",
                "Name the members of the union, or leave it out.",
            )
        for name in members:
            if not isinstance(name, str) or name not in known:
                raise PivotalError(
                    where,
                    "player names, one of " + ", ".join(players),
                    repr(name),
                    "Use the game's player names (member ids).",
                )
            if name in seen:
                other = seen[name]
                again = "twice in this union" if other == k else f"also in unions[{other}]"
                raise PivotalError(
                    where,
                    "each player in at most one union",
                    f"'{name}' {again}",
                    "Put every player in one union only; a player in no union is a union of "
                    "its own.",
                )
            seen[name] = k
        out.append(members)
    return tuple(out)


def _partition(
    players: Sequence[str], unions: tuple[tuple[str, ...], ...]
) -> tuple[tuple[int, ...], ...]:
    """Every union as sorted player positions, then one singleton per player in no union."""
    index = {p: i for i, p in enumerate(players)}
    parts = [tuple(sorted(index[p] for p in u)) for u in unions]
    named = {i for part in parts for i in part}
    parts += [(i,) for i in range(len(players)) if i not in named]
    return tuple(parts)


# ------------------------------------------------------------------------------------- the result
@dataclass(frozen=True)
class UnionValues:
    """Owen and Banzhaf-Owen values of every player (player order), exact."""

    players: tuple[str, ...]
    #: The unions as given (validated); players in none are unions of their own.
    unions: tuple[tuple[str, ...], ...]
    owen: tuple[Fraction, ...]
    banzhaf_owen: tuple[Fraction, ...]
    #: ``"enumeration"`` or ``"dp"``.
    method: str


def owen(
    game: SimpleGame, unions: Iterable[Sequence[str]], method: str | None = None
) -> tuple[Fraction, ...]:
    """The Owen value of every player, in player order (see the module notes for the formula).

    >>> from pivotal.games import WeightedGame
    >>> g = WeightedGame([2, 1, 1], 3, names=["A", "B", "C"])
    >>> [str(x) for x in owen(g, [["B", "C"]])]
    ['1/2', '1/4', '1/4']
    """
    return union_values(game, unions, method).owen


def banzhaf_owen(
    game: SimpleGame, unions: Iterable[Sequence[str]], method: str | None = None
) -> tuple[Fraction, ...]:
    """The Banzhaf-Owen value of every player, in player order (see the module notes).

    >>> from pivotal.games import WeightedGame
    >>> g = WeightedGame([2, 1, 1], 3, names=["A", "B", "C"])
    >>> [str(x) for x in banzhaf_owen(g, [["B", "C"]])]
    ['1/2', '1/4', '1/4']
    """
    return union_values(game, unions, method).banzhaf_owen


def union_values(
    game: SimpleGame, unions: Iterable[Sequence[str]], method: str | None = None
) -> UnionValues:
    """Owen and Banzhaf-Owen values of ``game`` with the a priori ``unions``, from one count.

    ``method`` forces ``"enumeration"`` or ``"dp"``; by default the cheaper one that can run.
    """
    if not isinstance(game, SimpleGame):
        raise PivotalError(
            "game",
            "a pivotal game (WeightedGame, MultiWeightedGame, ...)",
            type(game).__name__,
            "Build the game first, e.g. pivotal.WeightedGame([4, 4, 2], 6).",
        )
    given = validate_unions(game.players, unions)
    parts = _partition(game.players, given)
    chosen, reason = choose_method(game, parts, method)
    log.info("owen: %s ran for %d players in %d unions (%s)", chosen, game.n, len(parts), reason)
    counts = (
        _enumeration_counts(game, parts) if chosen == "enumeration" else _dp_counts(game, parts)
    )
    return _values(game.players, given, parts, counts, chosen)


def _values(
    players: tuple[str, ...],
    given: tuple[tuple[str, ...], ...],
    parts: tuple[tuple[int, ...], ...],
    counts: dict[int, list[list[int]]],
    method: str,
) -> UnionValues:
    """The two values from the swing counts ``counts[i][r][t]`` of every player i."""
    m = len(parts)
    fm = math.factorial(m)
    outer = [math.factorial(r) * math.factorial(m - r - 1) for r in range(m)]
    owen_values: list[Fraction] = [Fraction(0)] * len(players)
    bz_values: list[Fraction] = [Fraction(0)] * len(players)
    for part in parts:
        u = len(part)
        inner = [math.factorial(t) * math.factorial(u - t - 1) for t in range(u)]
        for i in part:
            c = counts[i]
            shapley = sum(outer[r] * sum(inner[t] * c[r][t] for t in range(u)) for r in range(m))
            owen_values[i] = Fraction(shapley, fm * math.factorial(u))
            bz_values[i] = Fraction(sum(map(sum, c)), 1 << (m - 1 + u - 1))
    return UnionValues(players, given, tuple(owen_values), tuple(bz_values), method)


# ------------------------------------------------------------------------------ choosing a method
@dataclass(frozen=True)
class _Verdict:
    ok: bool
    reason: str
    cost: float = 0.0


def choose_method(
    game: SimpleGame, parts: tuple[tuple[int, ...], ...], method: str | None = None
) -> tuple[str, str]:
    """The method that counts, and why: ``method`` if given (or an error with its reason), else
    the cheaper of those that can run (or an error that gives every method's limit)."""
    verdicts = {"enumeration": _enumeration_verdict(game, parts), "dp": _dp_verdict(game, parts)}
    if method is not None:
        if method not in verdicts:
            raise PivotalError(
                "method", one_of(METHODS), repr(method), "Pick one of the listed methods."
            )
        verdict = verdicts[method]
        if not verdict.ok:
            others = [k for k, v in verdicts.items() if v.ok and k != method]
            raise EngineUnavailableError(
                "method",
                "a method that can count this game ("
                + ("available here: " + ", ".join(others) if others else "none can")
                + ")",
                f"'{method}', which cannot: {verdict.reason}",
                "Leave the method (--engine) out to choose automatically, or reduce the game.",
            )
        return method, f"requested: {verdict.reason}"
    able = [(v.cost, k) for k, v in verdicts.items() if v.ok]
    if not able:
        reasons = "; ".join(f"{k}: {v.reason}" for k, v in verdicts.items())
        raise EngineUnavailableError(
            "unions",
            "a game that one method can count exactly with these unions",
            f"a game of {game.n} players in {len(parts)} unions ({reasons})",
            "Owen values need the winning table (at most "
            f"{MAX_ENUMERATION_PLAYERS} players) or a weighted game within the DP's limits: "
            "use fewer members, fewer or larger unions, or coarser weights.",
        )
    _, name = min(able)
    return name, verdicts[name].reason


def _enumeration_verdict(game: SimpleGame, parts: tuple[tuple[int, ...], ...]) -> _Verdict:
    n = game.n
    if n > MAX_ENUMERATION_PLAYERS:
        return _Verdict(
            False,
            f"{n} players means 2^{n} coalitions; enumeration stops at "
            f"{MAX_ENUMERATION_PLAYERS} players",
        )
    m = len(parts)
    gathers = sum(len(p) << (m - 1 + len(p)) for p in parts)
    return _Verdict(
        True, f"any game of up to {MAX_ENUMERATION_PLAYERS} players", float(n << n) + gathers
    )


def _single_criterion(game: SimpleGame) -> tuple[tuple[int, ...], int] | None:
    """(weights, quota) of a game with one weighted criterion, divided by the gcd of the weights
    (the quota rounded up: the same game with smaller numbers); None for any other game."""
    if not isinstance(game, MultiWeightedGame) or len(game.criteria) != 1:
        return None
    c = game.criteria[0]
    g = math.gcd(*c.weights) or 1
    return tuple(w // g for w in c.weights), -(-c.quota // g)


@dataclass(frozen=True)
class _Plan:
    weights: tuple[int, ...]
    quota: int
    #: Residue primes (empty: plain int64 counts are exact).
    primes: tuple[int, ...]
    work: int
    cells: int


def _plan(game: SimpleGame, parts: tuple[tuple[int, ...], ...]) -> _Plan | str:
    """The DP's plan for this game, or why it cannot run."""
    reduced = _single_criterion(game)
    if reduced is None:
        kind = type(game).__name__
        if isinstance(game, MultiWeightedGame):
            kind = f"{kind} with {len(game.criteria)} criteria"
        return f"the DP counts games of one weighted criterion, not a {kind}"
    weights, q = reduced
    m = len(parts)
    union_weights = [sum(weights[i] for i in p) for p in parts]
    widths = [min(q, w + 1) for w in union_weights]
    cells = max(
        (m + 1) * (q + 1), *((len(p) + 1 + m) * w for p, w in zip(parts, widths, strict=True))
    )
    if cells > MAX_DP_CELLS:
        return (
            f"a table of {cells:.2g} cells ({m} unions, quota {q}) is over the limit of "
            f"{MAX_DP_CELLS:.0e}"
        )
    bits = max(m + max(len(p) for p in parts) - 2, 1)
    primes: tuple[int, ...] = ()
    if bits > EXACT_BITS:
        # Residues below 2^size: a sum of max(widths) products of two stays below 2^63.
        size = min((63 - max(widths).bit_length()) // 2, 31)
        primes = largest_primes(bits + 1, 1 << size)
    work = m * (m + 1) * q + len(set(union_weights)) * 2 * m * (q + 1)
    for p, width in zip(parts, widths, strict=True):
        u = len(p)
        distinct = len({weights[i] for i in p})
        work += u * (u + 1) * width + distinct * (u + m + m * u) * width
    work *= max(len(primes), 1)
    if work > MAX_DP_WORK:
        return f"about {work:.2g} cell updates is over the limit of {MAX_DP_WORK:.0e}"
    return _Plan(weights, q, primes, work, cells)


def _dp_verdict(game: SimpleGame, parts: tuple[tuple[int, ...], ...]) -> _Verdict:
    plan = _plan(game, parts)
    if isinstance(plan, str):
        return _Verdict(False, plan)
    exact = "int64" if not plan.primes else f"residues modulo {len(plan.primes)} primes"
    return _Verdict(
        True,
        f"weighted game in {len(parts)} unions, quota {plan.quota}: about {plan.work:.2g} cell "
        f"updates ({exact})",
        float(plan.work),
    )


# ----------------------------------------------------------------------------------- enumeration
def _enumeration_counts(
    game: SimpleGame, parts: tuple[tuple[int, ...], ...]
) -> dict[int, list[list[int]]]:
    """``counts[i][r][t]`` from the winning table.

    The table, one axis per player, is transposed so that each union's players are adjacent and
    reshaped to one axis per union (index: the subset of that union, bit b = its b-th member).
    For union k, taking index 0 (nobody) or "everybody" on every other union's axis leaves exactly
    the coalitions Q_R ∪ T; r is the number of "everybody" picks, t the size of T.
    """
    import numpy as np

    n, m = game.n, len(parts)
    cube = game.winning_table().reshape((2,) * n)  # axis a is player n - 1 - a
    order = [n - 1 - i for part in parts for i in reversed(part)]
    grouped = np.ascontiguousarray(cube.transpose(order)).reshape([1 << len(p) for p in parts])
    r_of_row = coalition_sizes(m - 1).astype(np.int64)
    counts: dict[int, list[list[int]]] = {}
    for k, part in enumerate(parts):
        u = len(part)
        # Index 0 and the last index of each other union's axis, as a strided view (no copy).
        picks = tuple(
            slice(None) if j == k else slice(0, 1 << len(p), (1 << len(p)) - 1)
            for j, p in enumerate(parts)
        )
        sub = np.moveaxis(grouped[picks], k, -1).reshape(-1, 1 << u)
        sizes = coalition_sizes(u).astype(np.int64)
        for b, i in enumerate(part):
            view = sub.reshape(sub.shape[0], -1, 2, 1 << b)
            swing = (view[:, :, 1, :] & ~view[:, :, 0, :]).reshape(sub.shape[0], -1)
            t_of_col = sizes.reshape(-1, 2, 1 << b)[:, 0, :].reshape(-1)
            counts[i] = _count_by_rt(swing, r_of_row, t_of_col, m, u)
    return counts


def _count_by_rt(
    swing: np.ndarray, r_of_row: np.ndarray, t_of_col: np.ndarray, m: int, u: int
) -> list[list[int]]:
    """Number of True entries of ``swing`` (rows: R, columns: T) by (r of the row, t of the
    column), in chunks of rows so that no temporary exceeds about :data:`_CHUNK` entries."""
    import numpy as np

    rows, cols = swing.shape
    total = np.zeros(m * u, dtype=np.int64)
    step = max(1, _CHUNK // max(cols, 1))
    for start in range(0, rows, step):
        block = swing[start : start + step]
        hits = np.flatnonzero(block)
        if hits.size == 0:
            continue
        row, col = np.divmod(hits, cols)
        keys = r_of_row[start + row] * u + t_of_col[col]
        total += np.bincount(keys, minlength=m * u)
    return total.reshape(m, u).tolist()


# ---------------------------------------------------------------------------------------- the DP
def _dp_counts(game: SimpleGame, parts: tuple[tuple[int, ...], ...]) -> dict[int, list[list[int]]]:
    """``counts[i][r][t]`` by the dynamic program over unions (see the module notes)."""
    import numpy as np

    plan = _plan(game, parts)
    if not isinstance(plan, _Plan):  # a programming error: only called after _dp_verdict
        raise RuntimeError(f"the Owen DP cannot run: {plan}")
    if not plan.primes:
        return {i: c.tolist() for i, c in _dp_residues(plan, parts, 0).items()}
    planes = [_dp_residues(plan, parts, p) for p in plan.primes]
    modulus, basis = crt_basis(plan.primes)
    out: dict[int, list[list[int]]] = {}
    for i in planes[0]:
        total = sum(
            (plane[i].astype(object) * e for plane, e in zip(planes, basis, strict=True)),
            np.zeros_like(planes[0][i], dtype=object),
        )
        out[i] = (total % modulus).tolist()
    return out


def _dp_residues(plan: _Plan, parts: tuple[tuple[int, ...], ...], p: int) -> dict[int, np.ndarray]:
    """Swing counts by (r, t) for every player, exact (``p`` = 0) or modulo the prime ``p``.

    Only additions, subtractions and one product of residues are used, so every step runs in Z/p
    as in Z; entries are reduced after each step (a no-op for exact counts).
    """
    import numpy as np

    def mod(a: np.ndarray) -> np.ndarray:
        return np.remainder(a, p, out=a) if p else a

    w, q, m = plan.weights, plan.quota, len(parts)
    union_weights = [sum(w[i] for i in part) for part in parts]
    # A[r][s]: sets of r unions with total weight s < q (heavier sets never fall in a window).
    full = np.zeros((m + 1, q), dtype=np.int64)
    full[0, 0] = 1
    for weight in union_weights:
        if weight < q:
            full[1:, weight:] += full[:-1, : q - weight]
            mod(full)
    # Unions of equal weight share the table of the others; one such table lives at a time.
    same_weight: dict[int, list[int]] = {}
    for k, weight in enumerate(union_weights):
        same_weight.setdefault(weight, []).append(k)
    others = np.empty((m, q), dtype=np.int64)
    prefix = np.zeros((m, q + 1), dtype=np.int64)
    out: dict[int, np.ndarray] = {}
    for weight, members_of in same_weight.items():
        _remove(full, weight, mod, out=others)
        np.cumsum(others, axis=1, out=prefix[:, 1:])
        mod(prefix)
        for k in members_of:
            out.update(_union_swings(parts[k], w, q, weight, prefix, mod))
    return out


def _union_swings(
    part: tuple[int, ...], w: tuple[int, ...], q: int, weight: int, prefix: np.ndarray, mod
) -> dict[int, np.ndarray]:
    """counts[r][t] for the members of one union of total ``weight``, given the running sums
    ``prefix`` of the table of the other unions."""
    import numpy as np

    u = len(part)
    width = min(q, weight + 1)
    # B[t][s']: subsets of this union with t members and weight s' < width.
    inside = np.zeros((u + 1, width), dtype=np.int64)
    inside[0, 0] = 1
    for i in part:
        if w[i] < width:
            inside[1:, w[i] :] += inside[:-1, : width - w[i]]
            mod(inside)
    by_weight: dict[int, np.ndarray] = {}
    out: dict[int, np.ndarray] = {}
    for i in part:
        if w[i] not in by_weight:
            without = _remove(inside, w[i], mod, out=np.empty((u, width), dtype=np.int64))
            by_weight[w[i]] = _swings(prefix, without, q, w[i], mod)
        out[i] = by_weight[w[i]]
    return out


def _remove(table: np.ndarray, weight: int, mod, out: np.ndarray) -> np.ndarray:
    """Into ``out`` (its rows: the first rows of the result), the table of the same sets without
    one member of ``weight``: T[r] = F[r] - T[r-1] shifted by ``weight`` (deconvolution, row by
    row; truncation at the table's width is compatible)."""
    width = table.shape[1]
    out[:] = table[: out.shape[0]]
    if weight >= width:
        return out  # sets with that member never reach the table
    for r in range(1, out.shape[0]):
        out[r, weight:] -= out[r - 1, : width - weight]
        mod(out[r])
    return out


def _swings(prefix: np.ndarray, inside: np.ndarray, q: int, weight: int, mod) -> np.ndarray:
    """counts[r][t] = Σ_{s'} inside[t][s'] · #{R : |R| = r, q - weight - s' ≤ w(R) < q - s'}."""
    import numpy as np

    m, u = prefix.shape[0], inside.shape[0]
    if weight == 0:
        return np.zeros((m, u), dtype=np.int64)
    s = np.arange(inside.shape[1])
    window = prefix[:, q - s] - prefix[:, np.maximum(q - weight - s, 0)]
    return mod(mod(window) @ inside.T)
