"""pivotal: who can block, who is pivotal, and how often a body can act at all.

The pipeline: organization + date -> rule -> simple game -> engine -> indices -> tables.
"""

from pivotal.errors import PivotalError
from pivotal.games import AndGame, ExplicitGame, MultiWeightedGame, OrGame, SimpleGame, WeightedGame
from pivotal.power import PowerResult, power

__all__ = [
    "AndGame",
    "ExplicitGame",
    "MultiWeightedGame",
    "OrGame",
    "PivotalError",
    "PowerResult",
    "SimpleGame",
    "WeightedGame",
    "power",
]
__version__ = "0.1.0"
