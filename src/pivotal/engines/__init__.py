"""Engines count a game's sufficient statistics; one is chosen automatically, or by ``engine=``.

Each engine that can run a game estimates its time and memory; the cheapest runs, provided the
estimate fits the budget (:mod:`pivotal.engines.budget`). A game of at most ten players is
enumerated; a medium weighted game goes to the numpy dynamic program, a large one to the compiled
kernels:

>>> from pivotal.games import WeightedGame
>>> needs = frozenset({Need.SWINGS, Need.WINNING})
>>> choose_engine(WeightedGame([4, 4, 4, 2, 2, 1], 12), needs)[0].name
'enumeration'
>>> choose_engine(WeightedGame([1] * 40, 21), needs)[0].name
'dp'
>>> choose_engine(WeightedGame(list(range(1, 301)), 22576), needs)[0].name
'fast'

A game over budget is refused before anything runs, with the estimate and the ways out:

>>> choose_engine(WeightedGame(list(range(1, 3001)), 2_251_501), needs | {Need.SWINGS_BY_SIZE})
Traceback (most recent call last):
...
pivotal.errors.EngineUnavailableError: budget: ...
"""

from __future__ import annotations

import logging

from pivotal.engines.base import Engine, GameStatistics, Need, Support
from pivotal.engines.budget import Budget, Estimate
from pivotal.engines.dp import GeneratingFunctionEngine
from pivotal.engines.enumeration import PLAIN_PLAYERS, EnumerationEngine
from pivotal.engines.fast import FastEngine
from pivotal.errors import EngineUnavailableError, PivotalError, one_of
from pivotal.games.base import SimpleGame

__all__ = [
    "ENGINES",
    "Budget",
    "Engine",
    "Estimate",
    "GameStatistics",
    "Need",
    "Support",
    "choose_engine",
    "compute_statistics",
]

log = logging.getLogger("pivotal.engines")

#: Every engine pivotal has, by name. Order is the preference when costs tie.
ENGINES: dict[str, Engine] = {
    e.name: e for e in (FastEngine(), GeneratingFunctionEngine(), EnumerationEngine())
}

#: How to get an answer when an exact run is over budget (CLI spelling; the API's keywords are
#: engine="montecarlo", engine="float" and budget=).
WAYS_OUT = (
    "estimate it by Monte Carlo (--engine montecarlo --precision 0.001), use double precision "
    "(--engine float: the Banzhaf family, and Shapley-Shubik with -i ss), or allow more time "
    "(--budget SECONDS)"
)


def choose_engine(
    game: SimpleGame,
    needs: frozenset[Need],
    engine: str | None = None,
    budget: Budget | None = None,
) -> tuple[Engine, str]:
    """Pick the engine for ``game`` and ``needs``; return it with the reason it was picked.

    With ``engine`` given, use that one or fail with the reason it cannot run. Without it, take
    the cheapest engine that can run; when none can, the error lists every engine's reason. Either
    way the engine's time and memory estimate must fit ``budget`` (default: about a minute and the
    memory available), or the run is refused before it starts, with the estimate and the ways out.
    """
    budget = budget or Budget()
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
        _check_budget(game, chosen, support, budget)
        return chosen, f"requested: {support.reason}"
    if game.n <= PLAIN_PLAYERS:
        # At most 2^10 coalitions: counting them in plain Python takes about a millisecond, less
        # than any other engine takes to start (the numpy and numba engines load their libraries).
        return ENGINES[
            "enumeration"
        ], f"{game.n} players: all 2^{game.n} coalitions in plain Python"
    verdicts = {name: e.supports(game, needs) for name, e in ENGINES.items()}
    able = [(v.cost, k) for k, (name, v) in enumerate(verdicts.items()) if v.ok]
    if not able:
        reasons = "; ".join(f"{name}: {v.reason}" for name, v in verdicts.items())
        raise EngineUnavailableError(
            "game",
            "a game that at least one engine can count exactly",
            f"a game of {game.n} players ({reasons})",
            "Ask for fewer indices (e.g. only Banzhaf and Shapley-Shubik), or " + WAYS_OUT + ".",
        )
    _, k = min(able)
    name = list(verdicts)[k]
    _check_budget(game, ENGINES[name], verdicts[name], budget)
    return ENGINES[name], verdicts[name].reason


def _check_budget(game: SimpleGame, engine: Engine, support: Support, budget: Budget) -> None:
    estimate = support.estimate
    if estimate is None or budget.admits(estimate):
        return
    raise EngineUnavailableError(
        "budget",
        f"an exact run within the budget ({budget.seconds:g} s and "
        f"{budget.memory_limit / 2**30:.1f} GB here)",
        f"a game of {game.n} players that the {engine.name} engine would count in "
        f"{budget.excess(estimate)}",
        "To get an answer, " + WAYS_OUT + ".",
    )


def _alternatives(game: SimpleGame, needs: frozenset[Need], exclude: str) -> str:
    names = [name for name, e in ENGINES.items() if name != exclude and e.supports(game, needs).ok]
    return "available here: " + ", ".join(names) if names else "none can"


def compute_statistics(
    game: SimpleGame,
    needs: frozenset[Need],
    engine: str | None = None,
    budget: Budget | None = None,
) -> GameStatistics:
    """Count the statistics ``needs`` for ``game`` with the chosen engine, logging which and why."""
    chosen, reason = choose_engine(game, needs, engine, budget)
    log.info("engine %s ran for %d players (%s)", chosen.name, game.n, reason)
    return chosen.statistics(game, needs)
