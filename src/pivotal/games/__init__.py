"""Simple games: weighted, multi-criteria, composed with and/or, or given by a winning test."""

from pivotal.games.base import MAX_PLAYERS, SimpleGame
from pivotal.games.composite import AndGame, ExplicitGame, OrGame
from pivotal.games.weighted import Criterion, MultiWeightedGame, WeightedGame

__all__ = [
    "MAX_PLAYERS",
    "AndGame",
    "Criterion",
    "ExplicitGame",
    "MultiWeightedGame",
    "OrGame",
    "SimpleGame",
    "WeightedGame",
]
