"""Games combined with *and* / *or*, and games given by an explicit winning test.

``AndGame([g, h])`` is won by coalitions that win both g and h; ``OrGame([g, h])`` by those that
win either. The EU Council's qualified majority is
``(members ≥ 55% and population ≥ 65%) or (fewer than four members against)``: an OrGame of a
multi-criteria game and a weighted game.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from pivotal.errors import PivotalError
from pivotal.games.base import SimpleGame, validate_players

if TYPE_CHECKING:
    import numpy as np

__all__ = ["MAX_EXPLICIT_PLAYERS", "AndGame", "ExplicitGame", "OrGame"]

#: An explicit game is evaluated coalition by coalition; beyond this it is too slow to be useful.
MAX_EXPLICIT_PLAYERS = 20


class _Composite(SimpleGame):
    _op_name = ""

    def __init__(self, games: Sequence[SimpleGame]) -> None:
        games = list(games)
        if len(games) < 2:
            raise PivotalError(
                "games",
                "at least two games to combine",
                f"{len(games)}",
                "Combine two or more games.",
            )
        for k, g in enumerate(games):
            if not isinstance(g, SimpleGame):
                raise PivotalError(f"games[{k}]", "a game", repr(g), "Pass pivotal game objects.")
        players = games[0].players
        for k, g in enumerate(games[1:], start=1):
            if g.players != players:
                raise PivotalError(
                    f"games[{k}]",
                    f"the same players in the same order as games[0] ({', '.join(players)})",
                    ", ".join(g.players),
                    "Build every part of a combined rule over the same members.",
                )
        # Flatten nested compositions of the same kind: (a and b) and c == and(a, b, c).
        flat: list[SimpleGame] = []
        for g in games:
            flat.extend(g.games if type(g) is type(self) else [g])  # type: ignore[attr-defined]
        self.games: tuple[SimpleGame, ...] = tuple(flat)
        self.players = players

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(map(repr, self.games))})"


class AndGame(_Composite):
    """Won by coalitions that win every part."""

    def winning_table(self) -> np.ndarray:
        table = self.games[0].winning_table().copy()
        for g in self.games[1:]:
            table &= g.winning_table()
        return table

    def _wins(self, members: np.ndarray) -> np.ndarray:
        result = self.games[0]._wins(members)
        for g in self.games[1:]:
            result = result & g._wins(members)
        return result

    def _is_winning_mask(self, mask: int) -> bool:
        return all(g._is_winning_mask(mask) for g in self.games)


class OrGame(_Composite):
    """Won by coalitions that win at least one part."""

    def winning_table(self) -> np.ndarray:
        table = self.games[0].winning_table().copy()
        for g in self.games[1:]:
            table |= g.winning_table()
        return table

    def _wins(self, members: np.ndarray) -> np.ndarray:
        result = self.games[0]._wins(members)
        for g in self.games[1:]:
            result = result | g._wins(members)
        return result

    def _is_winning_mask(self, mask: int) -> bool:
        return any(g._is_winning_mask(mask) for g in self.games)


class ExplicitGame(SimpleGame):
    """A game given by a winning test over sets of player names (small n only).

    The test is called once per coalition, so it is limited to {max} players. The game must be a
    simple game: the empty coalition loses, all players together win, and adding a member to a
    winning coalition never makes it lose. These are checked when the game is built.

    >>> g = ExplicitGame(["A", "B", "C"], lambda s: "A" in s and len(s) >= 2)
    >>> g.is_winning(["A", "C"]), g.is_winning(["B", "C"])
    (True, False)
    >>> h = ExplicitGame.from_minimal_winning(["A", "B", "C"], [["A", "B"], ["A", "C"]])
    >>> h.is_winning(["A", "B", "C"])
    True
    """

    __doc__ = (__doc__ or "").replace("{max}", str(MAX_EXPLICIT_PLAYERS))

    def __init__(
        self, players: Sequence[object], winning: Callable[[frozenset[str]], bool]
    ) -> None:
        names = list(players)
        if not names:
            raise PivotalError("players", "at least one player", "none", "List the players.")
        if len(names) > MAX_EXPLICIT_PLAYERS:
            raise PivotalError(
                "players",
                f"at most {MAX_EXPLICIT_PLAYERS} players for a game given by a winning test",
                f"{len(names)} players",
                "Describe the rule with weights and quotas (WeightedGame, MultiWeightedGame).",
            )
        self.players = validate_players(names, len(names), "players")
        if not callable(winning):
            raise PivotalError(
                "winning", "a function of a set of names", repr(winning), "Pass a function."
            )
        import numpy as np

        n = self.n
        table = np.zeros(1 << n, dtype=bool)
        for mask in range(1 << n):
            members = frozenset(self.players[i] for i in range(n) if mask >> i & 1)
            table[mask] = bool(winning(members))
        self._table = table
        check_simple_game(table, self.players, "winning")

    @classmethod
    def from_minimal_winning(
        cls, players: Sequence[object], coalitions: Iterable[Iterable[object]]
    ) -> ExplicitGame:
        """The game whose winning coalitions are the supersets of the given ones."""
        # Names are matched as the game stores them (stripped), so " A" and "A" are one player.
        names = [str(p).strip() for p in players]
        sets = []
        for k, c in enumerate(coalitions):
            members = frozenset(str(x).strip() for x in c)
            unknown = members - set(names)
            if unknown:
                raise PivotalError(
                    f"coalitions[{k}]",
                    "names of players: " + ", ".join(names),
                    ", ".join(sorted(unknown)),
                    "Use only names listed in players.",
                )
            sets.append(members)
        return cls(names, lambda s: any(c <= s for c in sets))

    def winning_table(self) -> np.ndarray:
        return self._table

    def winning_list(self) -> list[bool]:
        return self._table.tolist()

    def __repr__(self) -> str:
        return f"ExplicitGame({', '.join(self.players)})"


def check_simple_game(table: np.ndarray, players: Sequence[str], parameter: str) -> None:
    """Raise unless the table is monotone, the empty coalition loses and all players win."""
    import numpy as np

    n = len(players)
    if table[0]:
        raise PivotalError(
            parameter,
            "a rule under which the empty coalition loses",
            "the empty coalition wins",
            "A decision needs at least one supporter; fix the rule.",
        )
    if not table[-1]:
        raise PivotalError(
            parameter,
            "a rule under which all players together win",
            "the grand coalition loses",
            "The rule can never be met; fix the rule.",
        )
    for i in range(n):
        view = table.reshape(-1, 2, 1 << i)
        broken = view[:, 0, :] & ~view[:, 1, :]
        if broken.any():
            flat = int(np.flatnonzero(broken.ravel())[0])
            hi, lo = divmod(flat, 1 << i)
            mask = (hi << (i + 1)) | lo
            members = [players[j] for j in range(n) if mask >> j & 1] or ["(nobody)"]
            raise PivotalError(
                parameter,
                "a monotone rule (adding a member never turns a win into a loss)",
                f"{{{', '.join(members)}}} wins but adding {players[i]} makes it lose",
                "Simple games must be monotone; fix the winning test.",
            )
