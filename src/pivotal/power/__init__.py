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

Weights can be given directly, ``power(weights, quota)``: a list, a numpy array, a dict
``{name: weight}`` or a pandas Series, whose keys or index become the players' names:

>>> import pandas as pd
>>> votes = pd.Series({"FR": 4, "DE": 4, "IT": 4, "BE": 2, "NL": 2, "LU": 1})
>>> r = power(votes, 12, indices="ss")
>>> r.players, r.value("ss", "BE")
(('FR', 'DE', 'IT', 'BE', 'NL', 'LU'), Fraction(3, 20))

:func:`plan_indices` says which indices of the default set ('all') an engine can count for a
game within a short budget, and why the others cannot be; the comparisons
(:func:`pivotal.compare.analyze`) compute those and record the rest in ``result.skipped``.
``power()`` itself computes what it is asked: every index when none is named, and an index that
cannot be counted is an error:

>>> from pivotal.games import AndGame
>>> g = AndGame([WeightedGame([1] * 26, 14), WeightedGame(list(range(1, 27)), 200)])
>>> keys, skipped = plan_indices(g)
>>> list(skipped)
['johnston', 'deegan_packel', 'holler']
>>> power(g, indices=keys).skipped
{}
>>> power(g, indices="holler")
Traceback (most recent call last):
...
pivotal.errors.EngineUnavailableError: game: ...
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pivotal.engines import Budget, Need, choose_engine, compute_statistics
from pivotal.engines.base import GameStatistics
from pivotal.errors import PivotalError
from pivotal.games.base import SimpleGame
from pivotal.games.weighted import WeightedGame
from pivotal.power import indices as ix
from pivotal.power.registry import ALIASES, INDICES, UNION_INDICES, IndexSpec, resolve_indices
from pivotal.power.result import ApproximatePowerResult, PowerResult

if TYPE_CHECKING:  # the Owen values' module is imported by the games that have unions
    from pivotal.power.owen import UnionValues

__all__ = [
    "ALIASES",
    "DEFAULT_SET_MEMORY",
    "DEFAULT_SET_SECONDS",
    "EXACT_MAX_PLAYERS",
    "INDICES",
    "UNION_INDICES",
    "ApproximatePowerResult",
    "IndexSpec",
    "PowerResult",
    "from_statistics",
    "plan_indices",
    "power",
    "resolve_indices",
    "weighted_game",
]

#: Games may have up to MAX_PLAYERS players (for Monte Carlo); exact engines stop here.
EXACT_MAX_PLAYERS = 10_000

#: When no indices are named, an index is computed by default only if the engine's estimate for
#: it stays within these seconds and bytes (or within ``budget=`` when one is given): 'all' is a
#: newcomer's first command, and the IMF's Shapley-Shubik values (about 20 s and 7 GB) or
#: Johnston indices (minutes) are better asked for on purpose.
DEFAULT_SET_SECONDS = 10.0
DEFAULT_SET_MEMORY = 2 * 2**30


def plan_indices(
    game: SimpleGame,
    indices: Iterable[str] | str | None = None,
    engine: str | None = None,
    budget: float | None = None,
) -> tuple[tuple[str, ...], dict[str, str]]:
    """The index keys to compute for ``game`` and ``{key: reason}`` for those skipped.

    Indices named explicitly, or with an ``engine`` forced, are all kept (an index that cannot be
    counted is then an error, raised by :func:`power`). With ``indices=None`` ('all'), each index
    in the order of :data:`INDICES` is kept when the automatic choice of engine can count it
    together with those kept before it, within the budget of the default set
    (:data:`DEFAULT_SET_SECONDS`, :data:`DEFAULT_SET_MEMORY`; ``budget`` seconds when given);
    otherwise it is skipped with the engines' reasons and the ways to get it.
    """
    if indices is not None or engine is not None:
        return resolve_indices(indices), {}
    if budget is None:
        limit = Budget(seconds=DEFAULT_SET_SECONDS)
        limit = Budget(limit.seconds, min(DEFAULT_SET_MEMORY, limit.memory_limit))
    else:
        limit = Budget.of(budget)
    base = frozenset({Need.SWINGS, Need.WINNING})
    try:  # the usual case, in one check: every index fits
        choose_engine(game, base.union(*(s.needs for s in INDICES.values())), None, limit)
        return tuple(INDICES), {}
    except PivotalError:
        pass
    kept: list[str] = []
    skipped: dict[str, str] = {}
    needs = base
    for key, spec in INDICES.items():
        trial = needs | spec.needs
        try:
            choose_engine(game, trial, None, limit)
        except PivotalError as err:
            skipped[key] = _skip_reason(key, game, err, budget is None)
            continue
        kept.append(key)
        needs = trial
    if not kept:
        # Nothing can be counted: let power() raise the engines' full error.
        return resolve_indices(None), {}
    return tuple(kept), skipped


def _skip_reason(key: str, game: SimpleGame, err: PivotalError, default_budget: bool) -> str:
    """Why ``key`` was not computed and how to get it, worded for the CLI and Python alike (and
    without the key, so that indices skipped for one reason share one note)."""
    from pivotal.engines.enumeration import MAX_ENUMERATION_PLAYERS
    from pivotal.engines.montecarlo import MC_INDICES

    ways = []
    if err.parameter == "budget":
        which = "the default set's" if default_budget else "the given"
        why = f"over {which} budget: {err.received}"
        ways.append(
            "name it to count it exactly (--index in the CLI, indices= in Python), with a larger "
            "budget if needed (--budget SECONDS, budget=)"
        )
    else:
        why = f"no exact engine counts it for this game: {err.received}"
        if game.n > MAX_ENUMERATION_PLAYERS:
            ways.append(
                f"count it on at most {MAX_ENUMERATION_PLAYERS} members (--participants in the "
                "CLI, participants= in Python), where enumeration can"
            )
    if key in MC_INDICES:
        ways.append("estimate it by Monte Carlo (--engine montecarlo, engine='montecarlo')")
    return why + (". To get it: " + "; or ".join(ways) + "." if ways else ".")


def power(
    game: SimpleGame | Sequence[object] | Mapping[str, object] | object,
    indices_or_quota: Iterable[str] | str | object | None = None,
    /,
    *,
    indices: Iterable[str] | str | None = None,
    exact: bool = True,
    engine: str | None = None,
    unions: Iterable[Sequence[str]] | None = None,
    samples: int | None = None,
    precision: float | None = None,
    seed: int | None = None,
    budget: float | None = None,
    quota: object | None = None,
    names: Sequence[object] | None = None,
) -> PowerResult | ApproximatePowerResult:
    """Compute power indices: ``power(game, indices)`` of a game, or ``power(weights, quota)``
    of the weighted game of those weights. Every other argument is given by name.

    Parameters
    ----------
    game : SimpleGame, or weights
        A weighted, multi-criteria, composed or explicit game; or the weights of a weighted
        game [q; w_1, ..., w_n] (S wins when Σ_{i∈S} w_i ≥ q): a list, a one-dimensional numpy
        array, a dict ``{name: weight}`` or a pandas Series (its index gives the names, unless it
        is the default 0..n-1). Weights are read exactly as :class:`WeightedGame` reads them
        (decimals such as 16.74 are scaled to integers, with the quota).
    indices_or_quota : optional, positional
        After a game, the indices (as ``indices=``); after weights, the quota (as ``quota=``).
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
    samples, precision, seed : optional
        Only with ``engine="montecarlo"``, which returns an :class:`ApproximatePowerResult`
        (floats with 95% intervals; ``exact`` has no effect): a fixed sample count, or the
        target half-width of every interval (0.01 when neither is given), and the seed
        (default 1, so runs repeat). See :mod:`pivotal.engines.montecarlo`.
    budget : float, optional
        Seconds an exact computation may take (default 60; memory: what the machine has
        available). A run estimated over it is refused before it starts, with the estimate.
    quota, names : optional
        Only with weights: the quota (or in second place), and the players' names (default: the
        Series index or dict keys, else ``P1..Pn``; given as well, they must be the same names).
    """
    if isinstance(game, SimpleGame):
        if quota is not None or names is not None:
            raise PivotalError(
                "quota" if quota is not None else "names",
                "quota= and names= only with weights, power(weights, quota, names=...)",
                f"a {type(game).__name__} with {'quota' if quota is not None else 'names'}=",
                "Leave them out: the game has its own quota and player names.",
            )
        indices = _once("indices", indices_or_quota, indices, "power(game, ['ss'])")
    else:
        quota = _once("quota", indices_or_quota, quota, "power([4, 4, 2], 6)")
        game = weighted_game(game, quota, names)
    if engine == "montecarlo":
        return _montecarlo(game, indices, unions, samples, precision, seed)
    if engine == "float":
        return _float(game, indices, unions, Budget.of(budget))
    if samples is not None or precision is not None or seed is not None:
        raise PivotalError(
            "engine",
            "engine='montecarlo' with samples, precision or seed",
            f"engine={engine!r}",
            "Add engine='montecarlo' (CLI: --engine montecarlo), or leave out the sampling "
            "options for exact values.",
        )
    if game.n > EXACT_MAX_PLAYERS:
        raise PivotalError(
            "game",
            f"at most {EXACT_MAX_PLAYERS} players for exact values",
            f"{game.n} players",
            "Estimate the indices with engine='montecarlo' (CLI: --engine montecarlo).",
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


def _once(name: str, positional: Any, keyword: Any, example: str) -> Any:
    """The argument given in second place or by name, refusing it given both ways."""
    if positional is None:
        return keyword
    if keyword is not None:
        raise PivotalError(
            name,
            f"{name} given once, in second place or as {name}=",
            f"{positional!r} and {name}={keyword!r}",
            f"Keep one of them, e.g. {example}.",
        )
    return positional


def weighted_game(
    weights: object, quota: object | None, names: Sequence[object] | None = None
) -> WeightedGame:
    """The weighted game of ``weights`` (list, 1-D numpy array, dict or pandas Series, whose
    keys or index name the players) and ``quota``; names given as well must be the same.

    >>> weighted_game({"A": 2, "B": 1, "C": 1}, 3).players
    ('A', 'B', 'C')
    >>> weighted_game({"A": 2, "B": 1}, 3, names=["B", "A"])
    Traceback (most recent call last):
    ...
    pivotal.errors.PivotalError: names: expected the weights' own labels (A, B) or no names; \
received B, A. Leave out names=, or reorder the weights (a dict or Series carries its names).
    """
    if quota is None:
        raise PivotalError(
            "quota",
            "a quota with the weights: power(weights, quota) or power(weights, quota=...)",
            "no quota",
            "Give the weight needed to pass, e.g. power([4, 4, 2], 6).",
        )
    if isinstance(weights, str | bytes) or not isinstance(weights, Sequence | Iterable):
        raise PivotalError(
            "game",
            "a pivotal game (WeightedGame, MultiWeightedGame, ...) or weights (a list, a 1-D "
            "array, a dict or a pandas Series) with a quota",
            f"{type(weights).__name__} {weights!r}"[:200],
            "Build the game first, e.g. pivotal.WeightedGame([4, 4, 2], 6), or call "
            "power([4, 4, 2], 6).",
        )
    # WeightedGame reads the labels a dict or a Series carries (games/weighted.py).
    return WeightedGame(weights, quota, names=names)  # type: ignore[arg-type]


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
    info = _game_info(game)
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


def _game_info(game: SimpleGame | None) -> dict[str, object]:
    """A weighted game's quota and total weight (and scale), for every result's output."""
    if not isinstance(game, WeightedGame):
        return {}
    info: dict[str, object] = {"quota": game.quota, "total_weight": game.total_weight}
    if game.scale != 1:
        info["weight_scale"] = game.scale
    return info


def _montecarlo(
    game: SimpleGame,
    indices: Iterable[str] | str | None,
    unions: Iterable[Sequence[str]] | None,
    samples: int | None,
    precision: float | None,
    seed: int | None,
) -> ApproximatePowerResult:
    """Monte Carlo estimates as an approximate result; refuses what sampling cannot estimate."""
    from pivotal.engines import montecarlo as mc

    params = mc.check_parameters(samples, precision, 1 if seed is None else seed)
    able = [k for k in mc.MC_INDICES if k != "raw_banzhaf" or game.n <= mc.MAX_RAW_BANZHAF_PLAYERS]
    keys = tuple(able) if indices is None else resolve_indices(indices)
    refused = [k for k in keys if k not in mc.MC_INDICES]
    if refused or unions is not None:
        raise PivotalError(
            "engine",
            "with engine='montecarlo' only the indices " + ", ".join(mc.MC_INDICES) + ", no unions",
            ", ".join(refused) if refused else "unions",
            "Ask for those indices only (--index banzhaf,shapley_shubik), or use an exact engine "
            "for minimal-winning-based indices and Owen values.",
        )
    est = mc.estimate(
        game,
        list(keys),
        samples=params.samples,
        precision=params.precision,
        seed=params.seed,
        max_samples=params.max_samples,
    )
    info = _game_info(game)
    return ApproximatePowerResult(
        players=est.players,
        indices=dict(est.values),
        intervals=dict(est.intervals),
        coleman_act=est.coleman_act,
        coleman_act_interval=est.coleman_act_interval,
        veto_players=est.veto_players,
        engine="montecarlo",
        method="montecarlo",
        error=est.error,
        samples=dict(est.samples),
        seed=est.seed,
        precision=est.precision if samples is None else None,
        capped=est.capped,
        game_info=info,
    )


#: Indices the float path reports: the Banzhaf family, from swing probabilities, and
#: Shapley-Shubik, by quadrature of the multilinear extension.
FLOAT_INDICES = (
    "banzhaf",
    "penrose",
    "raw_banzhaf",
    "coleman_prevent",
    "coleman_initiate",
    "shapley_shubik",
)
#: What engine='float' reports when no indices are named: the Banzhaf family, O(n q) each;
#: Shapley-Shubik costs about a hundred such passes and is computed when asked for.
FLOAT_DEFAULT = FLOAT_INDICES[:5]


def _float(
    game: SimpleGame,
    indices: Iterable[str] | str | None,
    unions: Iterable[Sequence[str]] | None,
    budget: Budget,
) -> ApproximatePowerResult:
    """The Banzhaf family (each value with a bound on its error) and Shapley-Shubik (with an
    estimate of its error) in double precision (:mod:`pivotal.engines.floating`); refuses what
    the float path cannot compute."""
    from pivotal.engines import floating
    from pivotal.engines.budget import Estimate
    from pivotal.errors import EngineUnavailableError

    able = [k for k in FLOAT_INDICES if k != "raw_banzhaf" or game.n <= 1000]
    keys = (
        tuple(k for k in able if k in FLOAT_DEFAULT)
        if indices is None
        else resolve_indices(indices)
    )
    refused = [k for k in keys if k not in able]
    if refused or unions is not None:
        raise PivotalError(
            "engine",
            "with engine='float' only the indices " + ", ".join(able) + ", no unions",
            ", ".join(refused) if refused else "unions",
            "Ask for those indices only (--index banzhaf,shapley_shubik), or leave out --engine "
            "for exact values (the others), or use --engine montecarlo.",
        )
    estimate = floating.estimate(game)
    if "shapley_shubik" in keys:
        ss_cost = floating.ss_estimate(game)
        estimate = Estimate(
            estimate.seconds + ss_cost.seconds, max(estimate.memory, ss_cost.memory)
        )
    if not budget.admits(estimate):
        raise EngineUnavailableError(
            "budget",
            f"a float run within the budget ({budget.seconds:g} s)",
            f"a game of {game.n} players that the float path would take {budget.excess(estimate)}",
            "Estimate it by Monte Carlo (--engine montecarlo --precision 0.001), ask for the "
            "Banzhaf family only (--index banzhaf), or allow more time (--budget SECONDS).",
        )
    probs, win, bound = floating.swing_probabilities(game)
    total = sum(probs)
    n = game.n
    # Error bounds of each derived value from the bound on every probability (first order, with
    # the denominators' own errors taken at their worst).
    errors = {
        "penrose": bound,
        # 2^(n-1) overflows a double past n = 1024; raw counts are offered up to n = 1000 only.
        "raw_banzhaf": bound * 2.0 ** (n - 1) if n <= 1000 else math.inf,
        "banzhaf": bound * (1 + n) / max(total - n * bound, 1e-300),
        "coleman_prevent": bound
        * (1 + max(probs, default=0.0) / max(win, 1e-300))
        / max(2 * (win - bound), 1e-300),
        "coleman_initiate": bound
        * (1 + max(probs, default=0.0) / max(1 - win, 1e-300))
        / max(2 * (1 - win - bound), 1e-300),
    }
    values = {
        "penrose": probs,
        "raw_banzhaf": tuple(p * 2.0 ** (n - 1) for p in probs) if n <= 1000 else (),
        "banzhaf": tuple(p / total if total else 0.0 for p in probs),
        "coleman_prevent": tuple(p / (2 * win) if win else 0.0 for p in probs),
        "coleman_initiate": tuple(p / (2 * (1 - win)) if win < 1 else 0.0 for p in probs),
    }
    note = None
    if "shapley_shubik" in keys:
        ss = floating.shapley_shubik(game)
        values["shapley_shubik"] = ss.values
        errors["shapley_shubik"] = ss.error
        note = ss.description
    info = _game_info(game)
    return ApproximatePowerResult(
        players=game.players,
        indices={k: values[k] for k in keys},
        intervals=None,
        coleman_act=win,
        coleman_act_interval=None,
        veto_players=_float_vetoes(game),
        engine="float",
        method="float",
        error=max([errors[k] for k in keys if k != "raw_banzhaf"] + [bound]),
        game_info=info,
        note=note,
    )


def _float_vetoes(game: SimpleGame) -> tuple[str, ...]:
    """Veto players, exactly: i has a veto when everyone else together stays below the quota."""
    criterion = game.criteria[0]  # type: ignore[attr-defined]  # the float path checked the game
    total = sum(criterion.weights)
    return tuple(
        p
        for p, w in zip(game.players, criterion.weights, strict=True)
        if total - w < criterion.quota
    )
