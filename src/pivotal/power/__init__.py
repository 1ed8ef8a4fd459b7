"""Power indices of a simple game: one call, exact by default.

>>> from pivotal.games import WeightedGame
>>> r = power(WeightedGame([4, 4, 4, 2, 2, 1], 12, names=["FR", "DE", "IT", "BE", "NL", "LU"]),
...           indices=["shapley_shubik", "banzhaf"])
>>> r.value("shapley_shubik", "FR"), r.value("banzhaf", "LU")
(Fraction(7, 30), Fraction(0, 1))
>>> r.dummies
('LU',)
"""

from __future__ import annotations

from collections.abc import Iterable

from pivotal.engines import Need, compute_statistics
from pivotal.engines.base import GameStatistics
from pivotal.errors import PivotalError
from pivotal.games.base import SimpleGame
from pivotal.games.weighted import WeightedGame
from pivotal.power import indices as ix
from pivotal.power.registry import ALIASES, INDICES, IndexSpec, resolve_indices
from pivotal.power.result import PowerResult

__all__ = [
    "ALIASES",
    "INDICES",
    "IndexSpec",
    "PowerResult",
    "from_statistics",
    "power",
    "resolve_indices",
]


def power(
    game: SimpleGame,
    indices: Iterable[str] | str | None = None,
    exact: bool = True,
    engine: str | None = None,
) -> PowerResult:
    """Compute power indices of ``game``.

    Parameters
    ----------
    game : SimpleGame
        A weighted, multi-criteria, composed or explicit game.
    indices : list of str or comma-separated str, optional
        Index keys (see :data:`INDICES`; aliases such as ``ss`` or ``pgi`` work). All when omitted.
    exact : bool
        Present values as Fractions (True) or floats (False). Computation is exact either way.
    engine : str, optional
        Force an engine ('enumeration', 'dp'); it fails with the reason when it cannot run the game.
    """
    if not isinstance(game, SimpleGame):
        raise PivotalError(
            "game",
            "a pivotal game (WeightedGame, MultiWeightedGame, ...)",
            type(game).__name__,
            "Build the game first, e.g. pivotal.WeightedGame([4, 4, 2], 6).",
        )
    keys = resolve_indices(indices)
    needs = frozenset({Need.SWINGS, Need.WINNING}).union(*(INDICES[k].needs for k in keys))
    stats = compute_statistics(game, needs, engine)
    return from_statistics(stats, keys, exact=exact, game=game)


def from_statistics(
    stats: GameStatistics, keys: Iterable[str], exact: bool = True, game: SimpleGame | None = None
) -> PowerResult:
    """Derive the indices ``keys`` from counted statistics."""
    keys = tuple(keys)
    info: dict[str, object] = {}
    if isinstance(game, WeightedGame):
        info = {"quota": game.quota, "total_weight": game.total_weight}
        if game.scale != 1:
            info["weight_scale"] = game.scale
    return PowerResult(
        players=stats.players,
        indices={k: INDICES[k].compute(stats) for k in keys},
        coleman_act=ix.coleman_act(stats),
        winning_count=stats.winning_count,
        veto_players=ix.veto_players(stats),
        dummies=ix.dummy_players(stats),
        engine=stats.engine,
        exact=exact,
        minimal_winning_count=(
            ix.minimal_winning_count(stats) if stats.minimal_count_by_size is not None else None
        ),
        game_info=info,
    )
