"""Power indices of a simple game: one call, exact by default.

>>> from pivotal.games import WeightedGame
>>> r = power(WeightedGame([4, 4, 4, 2, 2, 1], 12, names=["FR", "DE", "IT", "BE", "NL", "LU"]),
...           indices=["shapley_shubik", "banzhaf"])
>>> r.value("shapley_shubik", "FR"), r.value("banzhaf", "LU")
(Fraction(7, 30), Fraction(0, 1))
>>> r.dummies
('LU',)

With a priori unions (here Belgium, the Netherlands and Luxembourg as one bloc), the result also
holds the Owen and Banzhaf-Owen values (:mod:`pivotal.power.owen`):

>>> r = power(WeightedGame([4, 4, 4, 2, 2, 1], 12, names=["FR", "DE", "IT", "BE", "NL", "LU"]),
...           indices="ss", unions=[["BE", "NL", "LU"]])
>>> list(r.indices), r.value("owen", "LU"), r.unions
(['shapley_shubik', 'owen', 'banzhaf_owen'], Fraction(0, 1), (('BE', 'NL', 'LU'),))
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from pivotal.engines import Budget, Need, compute_statistics
from pivotal.engines.base import GameStatistics
from pivotal.errors import PivotalError
from pivotal.games.base import SimpleGame
from pivotal.games.weighted import WeightedGame
from pivotal.power import indices as ix
from pivotal.power.registry import ALIASES, INDICES, UNION_INDICES, IndexSpec, resolve_indices
from pivotal.power.result import PowerResult

if TYPE_CHECKING:  # the Owen values' module is imported by the games that have unions
    from pivotal.power.owen import UnionValues

__all__ = [
    "ALIASES",
    "INDICES",
    "UNION_INDICES",
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
    unions: Iterable[Sequence[str]] | None = None,
    budget: float | None = None,
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
        With unions it also forces the method that counts the Owen values.
    unions : list of lists of player names, optional
        A priori unions (blocs); players in none are unions of their own. The result then also
        holds ``owen`` and ``banzhaf_owen`` (after the indices asked for, unless ``indices`` names
        them) and records the unions.
    budget : float, optional
        Seconds an exact computation may take (default 60; memory: what the machine has
        available). A run estimated over it is refused before it starts, with the estimate.
    """
    if not isinstance(game, SimpleGame):
        raise PivotalError(
            "game",
            "a pivotal game (WeightedGame, MultiWeightedGame, ...)",
            type(game).__name__,
            "Build the game first, e.g. pivotal.WeightedGame([4, 4, 2], 6).",
        )
    keys = resolve_indices(indices)
    named = [k for k in keys if k in UNION_INDICES]
    if unions is None and named:
        raise PivotalError(
            "index",
            "indices that need no unions (" + ", ".join(INDICES) + ")",
            ", ".join(named),
            "Owen and Banzhaf-Owen values need a partition into a priori unions: pass "
            "unions=[['RUS', 'BLR']] (CLI: --union RUS+BLR), or leave them out.",
        )
    if unions is not None:
        from pivotal.power.owen import union_values, validate_unions

        unions = validate_unions(game.players, unions)  # before any long computation
        if not named:
            keys += tuple(UNION_INDICES)
    needs = frozenset({Need.SWINGS, Need.WINNING}).union(
        *(INDICES[k].needs for k in keys if k in INDICES)
    )
    stats = compute_statistics(game, needs, engine, Budget.of(budget))
    values = None if unions is None else union_values(game, unions, engine)
    return from_statistics(stats, keys, exact=exact, game=game, unions=values)


def from_statistics(
    stats: GameStatistics,
    keys: Iterable[str],
    exact: bool = True,
    game: SimpleGame | None = None,
    unions: UnionValues | None = None,
) -> PowerResult:
    """Derive the indices ``keys`` from counted statistics (and the union indices from
    ``unions``, the Owen values of the same game)."""
    keys = tuple(keys)
    values: dict[str, tuple] = {}
    for k in keys:
        if k in UNION_INDICES and unions is not None:
            values[k] = getattr(unions, k)
        else:
            values[k] = INDICES[k].compute(stats)
    info: dict[str, object] = {}
    if isinstance(game, WeightedGame):
        info = {"quota": game.quota, "total_weight": game.total_weight}
        if game.scale != 1:
            info["weight_scale"] = game.scale
    return PowerResult(
        players=stats.players,
        indices=values,
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
        unions=None if unions is None else unions.unions,
        union_method=None if unions is None else unions.method,
    )
