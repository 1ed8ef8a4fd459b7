"""Engines count a game's sufficient statistics; one is chosen automatically, or by ``engine=``.

Small games are enumerated; a game of 40 players is beyond enumeration and goes to the dynamic
program:

>>> from pivotal.games import WeightedGame
>>> needs = frozenset({Need.SWINGS, Need.WINNING})
>>> choose_engine(WeightedGame([4, 4, 4, 2, 2, 1], 12), needs)[0].name
'enumeration'
>>> choose_engine(WeightedGame([1] * 40, 21), needs)[0].name
'dp'
"""

from __future__ import annotations

import logging

from pivotal.engines.base import Engine, GameStatistics, Need, Support
from pivotal.engines.dp import GeneratingFunctionEngine
from pivotal.engines.enumeration import EnumerationEngine
from pivotal.errors import EngineUnavailableError, PivotalError, one_of
from pivotal.games.base import SimpleGame

__all__ = [
    "ENGINES",
    "Engine",
    "GameStatistics",
    "Need",
    "Support",
    "choose_engine",
    "compute_statistics",
]

log = logging.getLogger("pivotal.engines")

#: Every engine pivotal has, by name. Order is the preference when costs tie.
ENGINES: dict[str, Engine] = {e.name: e for e in (GeneratingFunctionEngine(), EnumerationEngine())}


def choose_engine(
    game: SimpleGame, needs: frozenset[Need], engine: str | None = None
) -> tuple[Engine, str]:
    """Pick the engine for ``game`` and ``needs``; return it with the reason it was picked.

    With ``engine`` given, use that one or fail with the reason it cannot run. Without it, take
    the cheapest engine that can run; when none can, the error lists every engine's reason.
    """
    if engine is not None:
        if engine not in ENGINES:
            raise PivotalError(
                "engine", one_of(ENGINES), repr(engine), "Pick one of the listed engines."
            )
        chosen = ENGINES[engine]
        support = chosen.supports(game, needs)
        if not support.ok:
            raise EngineUnavailableError(
                "engine",
                f"an engine that can run this game ({_alternatives(game, needs, exclude=engine)})",
                f"'{engine}', which cannot: {support.reason}",
                "Leave out --engine / engine= to choose automatically, or simplify the game.",
            )
        return chosen, f"requested: {support.reason}"
    verdicts = {name: e.supports(game, needs) for name, e in ENGINES.items()}
    able = [(v.cost, k) for k, (name, v) in enumerate(verdicts.items()) if v.ok]
    if not able:
        reasons = "; ".join(f"{name}: {v.reason}" for name, v in verdicts.items())
        raise EngineUnavailableError(
            "game",
            "a game that at least one engine can count exactly",
            f"a game of {game.n} players ({reasons})",
            "Ask for fewer indices (e.g. only Banzhaf and Shapley-Shubik), or reduce the game.",
        )
    _, k = min(able)
    name = list(verdicts)[k]
    return ENGINES[name], verdicts[name].reason


def _alternatives(game: SimpleGame, needs: frozenset[Need], exclude: str) -> str:
    names = [name for name, e in ENGINES.items() if name != exclude and e.supports(game, needs).ok]
    return "available here: " + ", ".join(names) if names else "none can"


def compute_statistics(
    game: SimpleGame, needs: frozenset[Need], engine: str | None = None
) -> GameStatistics:
    """Count the statistics ``needs`` for ``game`` with the chosen engine, logging which and why."""
    chosen, reason = choose_engine(game, needs, engine)
    log.info("engine %s ran for %d players (%s)", chosen.name, game.n, reason)
    return chosen.statistics(game, needs)
