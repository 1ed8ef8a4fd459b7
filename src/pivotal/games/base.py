"""The simple game: players, and a test that says which coalitions win.

A *simple game* on players N = {1, ..., n} is a family of winning coalitions W ⊆ 2^N that is
monotone (a superset of a winning coalition wins), in which the grand coalition N wins and the empty
coalition loses. Every rule pivotal knows compiles to one.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from pivotal.errors import PivotalError

# numpy is imported by the functions that use it: a small weighted game is counted without it,
# and importing it takes longer than the whole of `pivotal power` on such a game.
if TYPE_CHECKING:
    import numpy as np

__all__ = ["MAX_PLAYERS", "SimpleGame", "as_coalitions", "validate_players", "weighted_sums"]

#: Beyond this many players no engine can help and the input is almost surely a mistake.
MAX_PLAYERS = 1_000_000


def validate_players(
    players: Sequence[object] | None, n: int, parameter: str = "names"
) -> tuple[str, ...]:
    """Return player names as a tuple of unique non-empty strings; default ``P1..Pn``."""
    if players is None:
        return tuple(f"P{i + 1}" for i in range(n))
    names = tuple(str(p).strip() for p in players)
    if len(names) != n:
        raise PivotalError(
            parameter,
            f"{n} names, one per player",
            f"{len(names)} names",
            "Give exactly one name per weight, in the same order.",
        )
    seen: set[str] = set()
    for name in names:
        if not name:
            raise PivotalError(
                parameter, "non-empty names", repr(players), "Remove the empty name."
            )
        if name in seen:
            raise PivotalError(
                parameter,
                "unique names",
                f"'{name}' more than once",
                "Give every player a different name (member ids such as RUS, BLR).",
            )
        seen.add(name)
    return names


class SimpleGame(ABC):
    """Base class of all games. Subclasses define :meth:`winning_table`.

    Players are addressed by position (0..n-1) inside engines and by name everywhere a user sees
    them. Coalitions are bit masks inside engines: bit ``i`` set means player ``i`` is a member.
    """

    players: tuple[str, ...]

    @property
    def n(self) -> int:
        return len(self.players)

    def index_of(self, name: str) -> int:
        try:
            return self.players.index(name)
        except ValueError:
            raise PivotalError(
                "player",
                "one of " + ", ".join(self.players),
                name,
                "Use a player name of this game.",
            ) from None

    @abstractmethod
    def winning_table(self) -> np.ndarray:
        """Boolean array of length 2^n: entry ``m`` says whether coalition mask ``m`` wins."""

    def is_winning(self, coalition: Iterable[str]) -> bool:
        """Whether the coalition (given by player names) wins."""
        mask = 0
        for name in coalition:
            mask |= 1 << self.index_of(name)
        return self._is_winning_mask(mask)

    def _is_winning_mask(self, mask: int) -> bool:
        return bool(self.winning_table()[mask])

    def winning_list(self) -> list[bool]:
        """:meth:`winning_table` as a plain list, built without numpy for games that have a
        test per coalition (small n only: one entry per coalition).

        >>> from pivotal.games import WeightedGame
        >>> WeightedGame([2, 1, 1], 3).winning_list()
        [False, False, False, True, False, True, False, True]
        """
        return [self._is_winning_mask(mask) for mask in range(1 << self.n)]

    def coalition(self, names: Iterable[str]) -> np.ndarray:
        """The coalition of the players ``names`` as a boolean array over the players, the shape
        :meth:`wins` reads.

        >>> from pivotal.games import WeightedGame
        >>> WeightedGame([2, 1, 1], 3, names=["A", "B", "C"]).coalition(["C", "A"]).tolist()
        [True, False, True]
        """
        import numpy as np

        members = np.zeros(self.n, dtype=bool)
        for name in names:
            members[self.index_of(name)] = True
        return members

    def wins(self, coalitions: np.ndarray) -> np.ndarray:
        """Which of many coalitions win, in one vectorized call.

        ``coalitions`` is a boolean array of shape ``(..., n)``: entry ``[..., i]`` says whether
        player ``i`` is a member. The result has shape ``(...)``. Outcome models call this with
        thousands of coalitions at once (every prefix of every scenario), so it never loops over
        coalitions in Python.

        >>> import numpy as np
        >>> from pivotal.games import WeightedGame
        >>> g = WeightedGame([4, 4, 4, 2, 2, 1], 12)
        >>> g.wins(np.array([[1, 1, 1, 0, 0, 0], [1, 1, 0, 1, 0, 1]], dtype=bool)).tolist()
        [True, False]
        """
        members = as_coalitions(coalitions, self.n)
        return self._wins(members)

    def _wins(self, members: np.ndarray) -> np.ndarray:
        # Games without a closed form read their winning table (small n only).
        import numpy as np

        bits = np.left_shift(np.int64(1), np.arange(self.n, dtype=np.int64))
        return self.winning_table()[members.astype(np.int64) @ bits]

    def __and__(self, other: SimpleGame) -> SimpleGame:
        from pivotal.games.composite import AndGame

        return AndGame([self, other])

    def __or__(self, other: SimpleGame) -> SimpleGame:
        from pivotal.games.composite import OrGame

        return OrGame([self, other])


def as_coalitions(coalitions: object, n: int) -> np.ndarray:
    """``coalitions`` as a boolean array of shape ``(..., n)``, or a :class:`PivotalError`."""
    import numpy as np

    members = np.asarray(coalitions)
    if members.ndim == 0 or members.shape[-1] != n:
        raise PivotalError(
            "coalitions",
            f"an array whose last axis has one entry per player ({n})",
            f"shape {members.shape}",
            "Give one True/False per player for each coalition, in player order.",
        )
    if members.dtype != bool:
        if not np.isin(members, (0, 1)).all():
            raise PivotalError(
                "coalitions",
                "True/False (or 1/0) entries",
                "other values",
                "Mark each player as a member (True) or not (False).",
            )
        members = members.astype(bool)
    return members


def weighted_sums(members: np.ndarray, weights: Sequence[int]) -> np.ndarray:
    """Total weight of each coalition in ``members`` (boolean, shape (..., n)), exactly:
    int64 while the total weight fits, Python integers beyond."""
    import numpy as np

    if sum(weights) < 2**62:
        return members.astype(np.int64) @ np.asarray(weights, dtype=np.int64)
    return members.astype(object) @ np.asarray(weights, dtype=object)


def coalition_sums(weights: Sequence[int]) -> np.ndarray:
    """Weight of every coalition mask, as an array of length 2^n (bit i = player i).

    Built by doubling: after player i the array holds the sums over masks of players 0..i.
    Uses int64 when the total fits, Python ints (object arrays) otherwise.
    """
    import numpy as np

    total = sum(weights)
    dtype: type | str = np.int64 if total < 2**62 else object
    sums = np.zeros(1, dtype=dtype)
    for w in weights:
        sums = np.concatenate([sums, sums + w])
    return sums


def coalition_sizes(n: int) -> np.ndarray:
    """Number of members of every coalition mask, as uint8 array of length 2^n."""
    import numpy as np

    sizes = np.zeros(1, dtype=np.uint8)
    for _ in range(n):
        sizes = np.concatenate([sizes, sizes + 1])
    return sizes
