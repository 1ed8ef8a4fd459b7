"""Enumeration over all 2^n coalitions: slow, simple, and the oracle for every other engine.

The whole winning table is built as a numpy boolean array (one entry per coalition bit mask), and
each statistic is read off it with vectorized operations: for player i, the table reshaped to
(2^(n-i-1), 2, 2^i) puts coalitions without i at ``[:, 0, :]`` and the same coalitions with i at
``[:, 1, :]``. It handles any game, weighted or not, up to :data:`MAX_ENUMERATION_PLAYERS` players.

Games of at most :data:`PLAIN_PLAYERS` players are counted the same way in plain Python
(:func:`count_statistics`), without importing numpy: importing it takes longer than counting such
a game, and the command line answers a small game faster than it could import numpy. Both ways
give the same counts (checked against each other on random games in the tests).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from pivotal.engines.base import Engine, GameStatistics, Need, Support
from pivotal.games.base import SimpleGame, coalition_sizes

if TYPE_CHECKING:
    import numpy as np

__all__ = ["MAX_ENUMERATION_PLAYERS", "PLAIN_PLAYERS", "EnumerationEngine", "count_statistics"]

#: 2^25 coalitions take about 1 GB of working memory and tens of seconds; beyond that, another
#: engine is needed.
MAX_ENUMERATION_PLAYERS = 25
#: Player-coalition pairs tested per second (vectorized numpy; measured at n = 22), for the
#: cost estimate.
ENUMERATION_RATE = 3.5e8

#: Up to 2^10 coalitions, plain Python takes a few milliseconds, well under the time to import
#: numpy (about 0.1 s as a process); beyond, numpy's vectorized counting is faster.
PLAIN_PLAYERS = 10


class EnumerationEngine(Engine):
    name = "enumeration"

    def supports(self, game: SimpleGame, needs: frozenset[Need]) -> Support:
        if game.n > MAX_ENUMERATION_PLAYERS:
            return Support(
                False,
                f"{game.n} players means 2^{game.n} coalitions; enumeration stops at "
                f"{MAX_ENUMERATION_PLAYERS} players",
            )
        return Support(
            True,
            f"any game of up to {MAX_ENUMERATION_PLAYERS} players",
            cost=float(game.n << game.n) / ENUMERATION_RATE,
        )

    def statistics(self, game: SimpleGame, needs: frozenset[Need]) -> GameStatistics:
        if game.n <= PLAIN_PLAYERS:
            return count_statistics(game.winning_list(), game.players, needs, self.name)
        return enumerate_statistics(game.winning_table(), game.players, needs, self.name)


def enumerate_statistics(
    table: np.ndarray, players: tuple[str, ...], needs: frozenset[Need], engine: str = "enumeration"
) -> GameStatistics:
    """All statistics of the game with winning table ``table`` (length 2^n, bit i = player i)."""
    import numpy as np

    n = len(players)
    sizes = coalition_sizes(n)
    winning_count = int(np.count_nonzero(table))

    want_minimal = Need.MINIMAL in needs
    want_johnston = Need.JOHNSTON in needs
    # critical[m]: how many members of winning coalition m would turn it into a loss by leaving.
    critical = np.zeros(table.shape, dtype=np.uint8) if want_johnston or want_minimal else None

    swings_by_size: list[tuple[int, ...]] = []
    for i in range(n):
        view = table.reshape(-1, 2, 1 << i)
        swing = view[:, 1, :] & ~view[:, 0, :]  # indexed like the coalition *with* i
        size_without = sizes.reshape(-1, 2, 1 << i)[:, 0, :]
        counts = np.bincount(size_without[swing], minlength=n)
        swings_by_size.append(tuple(int(c) for c in counts[:n]))
        if critical is not None:
            critical.reshape(-1, 2, 1 << i)[:, 1, :] += swing

    minimal_by_size = minimal_count_by_size = johnston = None
    if want_minimal and critical is not None:
        # A winning coalition is minimal when every member is critical.
        minimal = table & (critical == sizes)
        minimal_count_by_size = tuple(int(c) for c in np.bincount(sizes[minimal], minlength=n + 1))
        rows = []
        for i in range(n):
            with_i = minimal.reshape(-1, 2, 1 << i)[:, 1, :]
            size_with = sizes.reshape(-1, 2, 1 << i)[:, 1, :]
            rows.append(tuple(int(c) for c in np.bincount(size_with[with_i], minlength=n + 1)))
        minimal_by_size = tuple(rows)
    if want_johnston and critical is not None:
        rows = []
        for i in range(n):
            view = table.reshape(-1, 2, 1 << i)
            swing = view[:, 1, :] & ~view[:, 0, :]
            crit_with = critical.reshape(-1, 2, 1 << i)[:, 1, :]
            rows.append(tuple(int(c) for c in np.bincount(crit_with[swing], minlength=n + 1)))
        johnston = tuple(rows)

    return GameStatistics(
        players=tuple(players),
        winning_count=winning_count,
        swings_by_size=tuple(swings_by_size),
        minimal_by_size=minimal_by_size,
        minimal_count_by_size=minimal_count_by_size,
        johnston_by_critical=johnston,
        engine=engine,
    )


def count_statistics(
    wins: list[bool], players: tuple[str, ...], needs: frozenset[Need], engine: str = "enumeration"
) -> GameStatistics:
    """:func:`enumerate_statistics` in plain Python, for small games: ``wins[m]`` says whether
    coalition mask m wins (bit i = player i).

    Player i swings in S ∪ {i} when S ∌ i loses and S ∪ {i} wins; a winning coalition is minimal
    when each of its members swings in it; Johnston counts each swing by the number of members
    that swing in the same coalition.

    >>> from pivotal.games import WeightedGame
    >>> stats = count_statistics(WeightedGame([2, 1, 1], 3).winning_list(), ("A", "B", "C"),
    ...                          frozenset(Need))
    >>> stats.winning_count, stats.swings_by_size, stats.minimal_count_by_size
    (3, ((0, 2, 1), (0, 1, 0), (0, 1, 0)), (0, 0, 2, 0))
    """
    n = len(players)
    masks = range(1 << n)
    sizes = [m.bit_count() for m in masks]
    want_minimal = Need.MINIMAL in needs
    want_johnston = Need.JOHNSTON in needs
    # critical[m]: how many members of winning coalition m would turn it into a loss by leaving.
    critical = [0] * (1 << n) if want_johnston or want_minimal else None
    # swings[i]: the masks S ∪ {i} in which player i swings.
    swings: list[list[int]] = []
    for i in range(n):
        bit = 1 << i
        found = [m | bit for m in masks if not m & bit and wins[m | bit] and not wins[m]]
        swings.append(found)
        if critical is not None:
            for m in found:
                critical[m] += 1

    swings_by_size = tuple(_by((sizes[m] - 1 for m in found), n) for found in swings)
    minimal_by_size = minimal_count_by_size = johnston = None
    if want_minimal and critical is not None:
        minimal = [m for m in masks if wins[m] and critical[m] == sizes[m]]
        minimal_count_by_size = _by((sizes[m] for m in minimal), n + 1)
        minimal_by_size = tuple(
            _by((sizes[m] for m in minimal if m >> i & 1), n + 1) for i in range(n)
        )
    if want_johnston and critical is not None:
        johnston = tuple(_by((critical[m] for m in found), n + 1) for found in swings)

    return GameStatistics(
        players=tuple(players),
        winning_count=sum(wins),
        swings_by_size=swings_by_size,
        minimal_by_size=minimal_by_size,
        minimal_count_by_size=minimal_count_by_size,
        johnston_by_critical=johnston,
        engine=engine,
    )


def _by(values: Iterable[int], length: int) -> tuple[int, ...]:
    """How many of ``values`` equal 0, 1, ..., length - 1."""
    counts = [0] * length
    for v in values:
        counts[v] += 1
    return tuple(counts)
