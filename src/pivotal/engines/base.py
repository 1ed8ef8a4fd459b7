"""What an engine is: something that counts a game's sufficient statistics exactly.

Every power index pivotal reports derives from a few integer counts (see ``docs/design.md``):

* ``swings[i]``: coalitions S without player i that lose while S ∪ {i} wins (i is a *swing* or
  *critical* member of S ∪ {i}); the Banzhaf family needs only these totals;
* ``swings_by_size[i][k]``: the same, counted by the size k of S (Shapley-Shubik weighs each size);
* ``winning_count``: the number of winning coalitions;
* ``minimal_by_size[i][s]``: minimal winning coalitions of s players that contain player i, and
  ``minimal_count_by_size[s]``: all minimal winning coalitions of s players;
* ``johnston_by_critical[i][c]``: winning coalitions in which i is critical and exactly c members
  are critical.

An engine declares, for a game and the statistics asked for, whether it can count them, and if not,
why (:meth:`Engine.supports`). Engines differ only in how they count; the indices never know which
engine ran.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import StrEnum

from pivotal.engines.budget import Estimate
from pivotal.games.base import SimpleGame

__all__ = ["Engine", "GameStatistics", "Need", "Support"]


class Need(StrEnum):
    """A statistic an index needs."""

    SWINGS = "swings"
    SWINGS_BY_SIZE = "swings_by_size"
    WINNING = "winning"
    MINIMAL = "minimal"
    JOHNSTON = "johnston"


@dataclass(frozen=True)
class Support:
    """An engine's answer to "can you count this?": yes, or no with the reason."""

    ok: bool
    reason: str
    #: Estimated seconds, used to choose between engines that can both run (smaller is better).
    cost: float = 0.0
    #: Time and memory forecast, compared with the budget before the run; None: negligible.
    estimate: Estimate | None = None


@dataclass(frozen=True)
class GameStatistics:
    """Exact integer counts for one game. Fields an engine was not asked for are ``None``."""

    players: tuple[str, ...]
    winning_count: int
    swings_by_size: tuple[tuple[int, ...], ...] | None = None
    #: Total swings per player; derived from ``swings_by_size`` when an engine gives only that.
    swings: tuple[int, ...] | None = None
    minimal_by_size: tuple[tuple[int, ...], ...] | None = None
    minimal_count_by_size: tuple[int, ...] | None = None
    johnston_by_critical: tuple[tuple[int, ...], ...] | None = None
    engine: str = ""

    def __post_init__(self) -> None:
        if self.swings is None and self.swings_by_size is not None:
            object.__setattr__(self, "swings", tuple(sum(row) for row in self.swings_by_size))

    @property
    def n(self) -> int:
        return len(self.players)

    @property
    def coalition_count(self) -> int:
        return 1 << self.n


class Engine(ABC):
    """Counts :class:`GameStatistics` for the games it supports."""

    #: Name used by ``engine=`` and in log lines.
    name: str = ""

    @abstractmethod
    def supports(self, game: SimpleGame, needs: frozenset[Need]) -> Support:
        """Whether this engine can count ``needs`` on ``game``; if not, say why in plain words."""

    @abstractmethod
    def statistics(self, game: SimpleGame, needs: frozenset[Need]) -> GameStatistics:
        """Count the statistics. Only called after :meth:`supports` said yes."""
