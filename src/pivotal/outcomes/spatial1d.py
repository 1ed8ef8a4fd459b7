"""What passes on one issue dimension: the core, the win set, the pivots and the setter's outcome.

Members have ideal points x_i on a line and prefer the point nearer to them (symmetric,
single-peaked preferences). Comparing a proposal z with the status quo y, member i supports z when
|z - x_i| < |y - x_i|; a member at equal distance is indifferent and does not support it. For
z > y the supporters are exactly the members to the right of the midpoint (y + z) / 2, so every
question about the line reduces to two sweeps over the members sorted by position, using nothing
of the rule but its winning test (Krehbiel 1998, ch. 2; Tsebelis 2002, ch. 1):

* the **left pivot** x_L: the smallest position such that the members at or left of it win;
* the **right pivot** x_R: the largest position such that the members at or right of it win.

Then, for any monotone rule:

* z > y beats y  ⟺  {i : x_i > (y+z)/2} wins  ⟺  (y + z)/2 < x_R  ⟺  z < 2 x_R - y;
* z < y beats y  ⟺  (y + z)/2 > x_L  ⟺  z > 2 x_L - y;
* the **win set** of y is the open interval (2 x_L - y, 2 x_R - y) without y itself (each side
  present only when y lies beyond that pivot); for a proper rule it lies on one side of y;
* the **core** (gridlock interval), the status quos that no winning coalition wants to leave, is
  [x_R, x_L]: under consensus the span from the lowest to the highest position (Tsebelis's
  unanimity core), under simple majority of an odd body the median;
* the **setter's outcome** (Romer and Rosenthal 1978) is the setter's ideal point moved to the
  nearest point of the closure of the win set, or y when the win set is empty (an indifferent
  pivot is taken to accept, the usual convention that the setter can offer a point an arbitrarily
  small step inside);
* the members **needed** for a move to z are those whose support is critical: the move fails
  without them.

Members who take part but are absent are never in a supporting coalition (under consensus their
absence blocks everything); members who take no part are not players of the game at all (a
"limited format"). A rule that no coalition of the present members can meet has no pivots: its
core is the whole line and nothing passes.

The results are exact: positions are read as exact rationals (integers, decimals and fractions,
see :func:`pivotal.games.weighted.to_fraction`), scaled by their common denominator to integers, and
every midpoint is compared in integers.

>>> from pivotal.games import WeightedGame
>>> csto = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB"]
>>> positions = {"ARM": 10, "BLR": 20, "KAZ": 40, "KGZ": 50, "RUS": 60, "TJK": 70, "UZB": 90}
>>> consensus = WeightedGame([1] * 7, 7, names=csto)
>>> r = line_outcome(consensus, positions, status_quo=30, setter="RUS")
>>> r.core, r.win_set, r.setter_outcome
((Fraction(10, 1), Fraction(90, 1)), None, Fraction(30, 1))
>>> majority = WeightedGame([1] * 7, 4, names=csto)
>>> r = line_outcome(majority, positions, status_quo=30, setter="RUS")
>>> r.core, r.win_set
((Fraction(50, 1), Fraction(50, 1)), (Fraction(30, 1), Fraction(70, 1)))
>>> r.pivots, r.setter_outcome
(('KGZ', 'KGZ'), Fraction(60, 1))
>>> r.needed  # the four members right of the midpoint 45; each one is critical
('KGZ', 'RUS', 'TJK', 'UZB')

References
----------
1. Romer, T. and Rosenthal, H. (1978). Political resource allocation, controlled agendas, and the
   status quo. Public Choice 33(4), 27-43.
2. Krehbiel, K. (1998). Pivotal Politics: A Theory of U.S. Lawmaking. University of Chicago Press.
3. Tsebelis, G. (2002). Veto Players: How Political Institutions Work. Princeton University Press.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from pivotal.errors import PivotalError
from pivotal.games.base import SimpleGame
from pivotal.games.weighted import to_fraction

__all__ = [
    "LineBatch",
    "LineOutcome",
    "critical_members",
    "exact_value",
    "line_outcome",
    "line_outcomes",
    "supporters",
]

Number = int | float | str | Fraction


def exact_value(value: object, parameter: str) -> Fraction:
    """A position, status quo or salience as an exact rational; a :class:`PivotalError` naming
    ``parameter`` otherwise (decimals are read as written: 0.1 is 1/10)."""
    return to_fraction(value, parameter)


@dataclass(frozen=True)
class LineOutcome:
    """The outcome of one rule on one dimension for one status quo (see the module notes).

    Intervals are pairs ``(low, high)`` of Fractions; ``None`` for an end means the interval is
    unbounded on that side. ``core`` is closed, ``win_set`` is open and never contains the status
    quo; either is ``None`` when empty.
    """

    players: tuple[str, ...]
    positions: dict[str, Fraction]
    status_quo: Fraction
    #: The left and right pivot positions x_L and x_R; None when no coalition of the present
    #: members can win at all.
    left_pivot_position: Fraction | None
    right_pivot_position: Fraction | None
    #: Every member at the left / right pivot position (several when positions tie).
    left_pivots: tuple[str, ...]
    right_pivots: tuple[str, ...]
    core: tuple[Fraction | None, Fraction | None] | None
    win_set: tuple[Fraction, Fraction] | None
    setter: str | None
    setter_ideal: Fraction | None
    setter_outcome: Fraction
    #: Members whose support the setter's move needs (empty when nothing moves).
    needed: tuple[str, ...]
    absent: tuple[str, ...] = ()

    @property
    def pivots(self) -> tuple[str | None, str | None]:
        """(left, right) pivot: the first member, in player order, at each pivot position."""
        return (
            self.left_pivots[0] if self.left_pivots else None,
            self.right_pivots[0] if self.right_pivots else None,
        )

    @property
    def gridlock(self) -> bool:
        """Whether the status quo is in the core: nothing can pass."""
        return self.win_set is None

    def beats_status_quo(self, proposal: Number) -> bool:
        """Whether ``proposal`` is preferred to the status quo by a winning coalition."""
        z = exact_value(proposal, "proposal")
        if self.win_set is None or z == self.status_quo:
            return False
        return self.win_set[0] < z < self.win_set[1]


class _Scaled:
    """Positions of the present members as integers over one common denominator."""

    def __init__(self, values: Sequence[Fraction]) -> None:
        self.denominator = math.lcm(*(v.denominator for v in values)) if values else 1

    def int(self, value: Fraction) -> int:
        return int(value * self.denominator)

    def frac(self, value: int) -> Fraction:
        return Fraction(value, self.denominator)


def _check_members(
    game: SimpleGame, positions: Mapping[str, object], absent: Iterable[str]
) -> tuple[list[int], dict[str, Fraction], tuple[str, ...]]:
    """(indices of present players, exact positions by name, absent ids), validated."""
    if not isinstance(positions, Mapping):
        raise PivotalError(
            "positions",
            "a mapping {member id: position}",
            f"{type(positions).__name__}",
            "Give each member's ideal point, e.g. {'RUS': 60, 'BLR': 20}.",
        )
    away = tuple(dict.fromkeys(absent))
    for name in away:
        if name not in game.players:
            raise PivotalError(
                "absent",
                "members taking part: " + ", ".join(game.players),
                repr(name),
                "Name only members that are players of the rule.",
            )
    exact: dict[str, Fraction] = {}
    for name, value in positions.items():
        exact[str(name)] = exact_value(value, f"positions['{name}']")
    present = [i for i, p in enumerate(game.players) if p not in away]
    missing = [game.players[i] for i in present if game.players[i] not in exact]
    if missing:
        raise PivotalError(
            "positions",
            "an ideal point for every member taking part (" + ", ".join(game.players) + ")",
            "no position for " + ", ".join(missing),
            "Add their positions, or list them as absent if they do not take part in the vote.",
        )
    return present, exact, away


#: Games of up to this many players answer "does this coalition win?" from a table of all
#: 2^n coalitions (built once per game and kept while the game lives): a list lookup is far
#: cheaper than a vectorized call for the handful of coalitions one outcome needs.
SMALL_GAME = 16
_TABLES: weakref.WeakKeyDictionary[SimpleGame, list[bool]] = weakref.WeakKeyDictionary()


def small_table(game: SimpleGame) -> list[bool] | None:
    """Whether each coalition mask of ``game`` wins, for a game of at most :data:`SMALL_GAME`
    players (cached per game); None for a larger one."""
    if game.n > SMALL_GAME:
        return None
    table = _TABLES.get(game)
    if table is None:
        table = _TABLES[game] = game.winning_table().tolist()
    return table


def _pivot_positions(
    game: SimpleGame, present: list[int], xs: list[int]
) -> tuple[int | None, int | None]:
    """(x_L, x_R) in scaled integers: the winning test of every prefix and suffix of the present
    members sorted by position (a prefix ends with a whole group of ties)."""
    levels = sorted(set(xs))
    table = small_table(game)
    if table is not None:
        at: dict[int, int] = dict.fromkeys(levels, 0)
        for i, x in zip(present, xs, strict=True):
            at[x] |= 1 << i
        left = right = None
        mask = 0
        for lv in levels:
            mask |= at[lv]
            if table[mask]:
                left = lv
                break
        mask = 0
        for lv in reversed(levels):
            mask |= at[lv]
            if table[mask]:
                right = lv
                break
        return left, right
    rank = {x: k for k, x in enumerate(levels)}
    n = game.n
    prefixes = np.zeros((len(levels), n), dtype=bool)
    suffixes = np.zeros((len(levels), n), dtype=bool)
    for i, x in zip(present, xs, strict=True):
        k = rank[x]
        prefixes[k:, i] = True
        suffixes[: k + 1, i] = True
    prefix_wins = game.wins(prefixes)
    suffix_wins = game.wins(suffixes)
    left = next((lv for lv, w in zip(levels, prefix_wins, strict=True) if w), None)
    right = next((lv for lv, w in zip(reversed(levels), suffix_wins[::-1], strict=True) if w), None)
    return left, right


def supporters(
    players: Sequence[str],
    positions: Mapping[str, Fraction],
    status_quo: Fraction,
    proposal: Fraction,
    absent: Iterable[str] = (),
    weakly: bool = False,
) -> tuple[str, ...]:
    """Members (in player order) who prefer ``proposal`` to ``status_quo``: strictly closer to it,
    or with ``weakly`` also those at equal distance (who accept when indifferent)."""
    away = set(absent)
    out = []
    for p in players:
        if p in away:
            continue
        x = positions[p]
        gain = abs(status_quo - x) - abs(proposal - x)
        if gain > 0 or (weakly and gain == 0 and proposal != status_quo):
            out.append(p)
    return tuple(out)


def critical_members(game: SimpleGame, coalition: Sequence[str]) -> tuple[str, ...]:
    """Members of a winning ``coalition`` without whom it loses (all of one vectorized call);
    empty when the coalition does not win. The critical members of everyone taking part are the
    veto players.

    >>> from pivotal.games import WeightedGame
    >>> critical_members(WeightedGame([2, 1, 1], 3, names=["A", "B", "C"]), ["A", "B", "C"])
    ('A',)
    """
    table = small_table(game)
    if table is not None:
        full = 0
        for p in coalition:
            full |= 1 << game.index_of(p)
        if not coalition or not table[full]:
            return ()
        return tuple(p for p in coalition if not table[full & ~(1 << game.index_of(p))])
    base = game.coalition(coalition)
    if not coalition or not bool(game.wins(base)):
        return ()
    without = np.repeat(base[None, :], len(coalition), axis=0)
    for row, p in enumerate(coalition):
        without[row, game.index_of(p)] = False
    loses = ~game.wins(without)
    return tuple(p for p, lost in zip(coalition, loses, strict=True) if lost)


def _win_set_bounds(left: int, right: int, yi: int) -> tuple[int, int] | None:
    """The win set (low, high) of status quo ``yi`` given the pivots' positions (module notes):
    the reflection of y in the pivot between it and the core; None when it is empty."""
    low = 2 * left - yi if yi > left else yi
    high = 2 * right - yi if yi < right else yi
    return (low, high) if low < high else None


def setter_outcome_fast(
    game: SimpleGame,
    present: Sequence[int],
    values: Sequence[Fraction],
    status_quo: Fraction,
    ideal: Fraction | None,
) -> Fraction:
    """:attr:`LineOutcome.setter_outcome` of already validated input, for many calls: players
    ``present`` (indices) at exact ``values``, the status quo and the setter's ideal point. It
    skips the checks and the rest of :func:`line_outcome` (for strategic sensitivities)."""
    if ideal is None or not present:
        return status_quo
    scaled = _Scaled([*values, status_quo, ideal])
    xs = [scaled.int(v) for v in values]
    yi = scaled.int(status_quo)
    left, right = _pivot_positions(game, list(present), xs)
    if left is None or right is None:
        return status_quo
    bounds = _win_set_bounds(left, right, yi)
    if bounds is None:
        return status_quo
    return scaled.frac(min(max(scaled.int(ideal), bounds[0]), bounds[1]))


def line_outcome(
    game: SimpleGame,
    positions: Mapping[str, object],
    status_quo: object,
    setter: str | None = None,
    setter_position: object | None = None,
    absent: Iterable[str] = (),
) -> LineOutcome:
    """The core, win set, pivots and setter's outcome of ``game`` on one dimension (see the
    module notes for the definitions).

    ``positions`` maps every player (member id) taking part to its ideal point; extra entries
    (non-voting actors such as a proposing Commission) are allowed and ignored by the vote.
    ``setter`` is the agenda setter's id: its ideal point is ``positions[setter]`` unless
    ``setter_position`` is given. Without a setter, the setter's outcome is the status quo.
    ``absent`` members are players who take part in no coalition.
    """
    present, exact, away = _check_members(game, positions, absent)
    y = exact_value(status_quo, "status_quo")
    ideal: Fraction | None = None
    if setter_position is not None:
        ideal = exact_value(setter_position, "setter_position")
    elif setter is not None:
        if setter not in exact:
            raise PivotalError(
                "setter",
                "a member or actor with a position: " + ", ".join(exact),
                repr(setter),
                "Give the setter's position (setter_position=), or name an actor with one.",
            )
        ideal = exact[setter]
    voters = [game.players[i] for i in present]
    scaled = _Scaled([exact[p] for p in voters] + [y] + ([ideal] if ideal is not None else []))
    xs = [scaled.int(exact[p]) for p in voters]
    yi = scaled.int(y)
    left = right = None
    if voters:
        left, right = _pivot_positions(game, present, xs)
    bounds = None
    if left is None or right is None:
        core: tuple[Fraction | None, Fraction | None] | None = (None, None)
        win_set = None
    else:
        core = (scaled.frac(right), scaled.frac(left)) if right <= left else None
        bounds = _win_set_bounds(left, right, yi)
        win_set = None if bounds is None else (scaled.frac(bounds[0]), scaled.frac(bounds[1]))
    outcome = y
    needed: tuple[str, ...] = ()
    if bounds is not None and ideal is not None:
        oi = min(max(scaled.int(ideal), bounds[0]), bounds[1])  # all on the common scale
        outcome = scaled.frac(oi)
        if oi != yi:
            # The members who (weakly) prefer the outcome: supporters(..., weakly=True), on the
            # scaled integers.
            backers = [p for p, x in zip(voters, xs, strict=True) if abs(yi - x) >= abs(oi - x)]
            needed = critical_members(game, backers)
    at = {p: exact[p] for p in game.players if p in exact}
    return LineOutcome(
        players=game.players,
        positions=at,
        status_quo=y,
        left_pivot_position=None if left is None else scaled.frac(left),
        right_pivot_position=None if right is None else scaled.frac(right),
        left_pivots=tuple(p for p, x in zip(voters, xs, strict=True) if x == left),
        right_pivots=tuple(p for p, x in zip(voters, xs, strict=True) if x == right),
        core=core,
        win_set=win_set,
        setter=setter,
        setter_ideal=ideal,
        setter_outcome=outcome,
        needed=needed,
        absent=away,
    )


@dataclass(frozen=True)
class LineBatch:
    """Outcomes of many scenarios of one rule at once, in floats (see :func:`line_outcomes`).

    Arrays have one entry per scenario; ``nan`` marks a missing pivot (no coalition can win) or an
    empty win set. ``left_index`` / ``right_index`` are the players at the pivot positions (the
    first in player order when positions tie; -1 when there is none).
    """

    left: np.ndarray
    right: np.ndarray
    left_index: np.ndarray
    right_index: np.ndarray
    win_low: np.ndarray
    win_high: np.ndarray
    setter_outcome: np.ndarray

    @property
    def gridlock(self) -> np.ndarray:
        """True where nothing can pass (the status quo is in the core)."""
        return np.isnan(self.win_low)

    def beats(self, status_quo: np.ndarray, proposal: np.ndarray) -> np.ndarray:
        """Whether each proposal beats its status quo."""
        inside = (self.win_low < proposal) & (proposal < self.win_high)
        return inside & (proposal != status_quo) & ~self.gridlock


def line_outcomes(
    game: SimpleGame,
    positions: np.ndarray,
    status_quo: np.ndarray,
    setter_ideal: np.ndarray | None = None,
    present: np.ndarray | None = None,
) -> LineBatch:
    """:func:`line_outcome` for many scenarios of one rule in one vectorized pass, in floats.

    ``positions`` has shape (m, n): scenario by player, in the game's player order;
    ``status_quo`` and ``setter_ideal`` have shape (m,); ``present`` (n,) marks the players who
    take part (absent players are in no coalition). Used by the Monte Carlo analyses, which need
    tens of thousands of scenarios; every result is a float, approximate by float rounding only.

    >>> from pivotal.games import WeightedGame
    >>> g = WeightedGame([1, 1, 1], 2)
    >>> b = line_outcomes(g, np.array([[0.0, 0.5, 1.0], [0.2, 0.9, 0.4]]), np.array([0.9, 0.0]),
    ...                   setter_ideal=np.array([0.0, 1.0]))
    >>> b.left.tolist(), b.win_low.tolist(), b.win_high.tolist(), b.setter_outcome.tolist()
    ([0.5, 0.4], [0.09999999999999998, 0.0], [0.9, 0.8], [0.09999999999999998, 0.8])
    """
    x = np.asarray(positions, dtype=float)
    m, n = x.shape
    if n != game.n:
        raise PivotalError(
            "positions",
            f"an array of shape (scenarios, {game.n}): one column per player",
            f"shape {x.shape}",
            "Give the positions in the game's player order.",
        )
    y = np.broadcast_to(np.asarray(status_quo, dtype=float), (m,))
    here = np.ones(n, dtype=bool) if present is None else np.asarray(present, dtype=bool)
    left, left_index = _sweep(game, x, here, ascending=True)
    right, right_index = _sweep(game, x, here, ascending=False)
    with np.errstate(invalid="ignore"):
        low = np.where(y > left, 2 * left - y, y)
        high = np.where(y < right, 2 * right - y, y)
        empty = ~(low < high) | np.isnan(left)
    low = np.where(empty, np.nan, low)
    high = np.where(empty, np.nan, high)
    if setter_ideal is None:
        outcome = y.copy()
    else:
        p = np.broadcast_to(np.asarray(setter_ideal, dtype=float), (m,))
        outcome = np.where(empty, y, np.clip(p, np.where(empty, y, low), np.where(empty, y, high)))
    return LineBatch(left, right, left_index, right_index, low, high, outcome)


def _sweep(
    game: SimpleGame, x: np.ndarray, present: np.ndarray, ascending: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Per scenario, the pivot position of the prefix (ascending) or suffix sweep and the index
    of the first player at it."""
    m, n = x.shape
    keyed = np.where(present[None, :], x if ascending else -x, np.inf)
    order = np.argsort(keyed, axis=1, kind="stable")
    rank = np.argsort(order, axis=1, kind="stable")
    ordered = np.take_along_axis(keyed, order, axis=1)
    # members[r, k, j]: player j is among the first k + 1 in scenario r's sweep.
    members = (rank[:, None, :] <= np.arange(n)[None, :, None]) & present[None, None, :]
    wins = game.wins(members.reshape(m * n, n)).reshape(m, n)
    # A threshold set ends with a whole group of tied positions.
    complete = np.ones((m, n), dtype=bool)
    complete[:, :-1] = ordered[:, :-1] < ordered[:, 1:]
    valid = wins & complete & np.isfinite(ordered)
    found = valid.any(axis=1)
    k = np.argmax(valid, axis=1)
    level = ordered[np.arange(m), k]
    position = np.where(found, level if ascending else -level, np.nan)
    first = np.where(found, _first_at(keyed, level), -1)
    return position, first


def _first_at(keyed: np.ndarray, level: np.ndarray) -> np.ndarray:
    """Index of the first player whose (signed) position equals ``level``, per scenario."""
    return np.argmax(keyed == level[:, None], axis=1)
