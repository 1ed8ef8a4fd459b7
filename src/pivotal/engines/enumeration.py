"""Enumeration over all 2^n coalitions: slow, simple, and the oracle for every other engine.

The whole winning table is built as a numpy boolean array (one entry per coalition bit mask), and
each statistic is read off it with vectorized operations: for player i, the table reshaped to
(2^(n-i-1), 2, 2^i) puts coalitions without i at ``[:, 0, :]`` and the same coalitions with i at
``[:, 1, :]``. It handles any game, weighted or not, up to :data:`MAX_ENUMERATION_PLAYERS` players.
"""

from __future__ import annotations

import numpy as np

from pivotal.engines.base import Engine, GameStatistics, Need, Support
from pivotal.games.base import SimpleGame, coalition_sizes

__all__ = ["MAX_ENUMERATION_PLAYERS", "EnumerationEngine"]

#: 2^25 coalitions take about 1 GB of working memory and tens of seconds; beyond that, another
#: engine is needed.
MAX_ENUMERATION_PLAYERS = 25
#: Player-coalition pairs tested per second (vectorized numpy; measured at n = 22), for the
#: cost estimate.
ENUMERATION_RATE = 3.5e8


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
        return enumerate_statistics(game.winning_table(), game.players, needs, self.name)


def enumerate_statistics(
    table: np.ndarray, players: tuple[str, ...], needs: frozenset[Need], engine: str = "enumeration"
) -> GameStatistics:
    """All statistics of the game with winning table ``table`` (length 2^n, bit i = player i)."""
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
