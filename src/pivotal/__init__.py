"""pivotal: who can block, who is pivotal, and how often a body can act at all.

The pipeline: organization + date -> rule -> simple game -> engine -> indices -> tables.

>>> import pivotal
>>> csto = pivotal.load("csto", at="2012-05-15")
>>> csto.member_ids
('ARM', 'BLR', 'KAZ', 'KGZ', 'RUS', 'TJK', 'UZB')
>>> result = pivotal.power(csto.game("majority"))
>>> result.coleman_act, result.value("shapley_shubik", "BLR")
(Fraction(1, 2), Fraction(1, 7))
"""

from __future__ import annotations

import datetime as _dt
import os

from pivotal.compare import Analysis, analyze
from pivotal.errors import PivotalError
from pivotal.games import AndGame, ExplicitGame, MultiWeightedGame, OrGame, SimpleGame, WeightedGame
from pivotal.organizations import Organization, Snapshot, load_organization
from pivotal.power import PowerResult, power

__all__ = [
    "Analysis",
    "AndGame",
    "ExplicitGame",
    "MultiWeightedGame",
    "OrGame",
    "Organization",
    "PivotalError",
    "PowerResult",
    "SimpleGame",
    "Snapshot",
    "WeightedGame",
    "analyze",
    "load",
    "load_organization",
    "power",
]
__version__ = "0.1.0"


def load(name_or_path: str | os.PathLike[str], at: _dt.date | str | None = None) -> Snapshot:
    """An organization (bundled name such as ``"csto"``, or a YAML file) as it stood on ``at``
    (today when omitted): its members then, their attributes, and ``.game(rule)``.
    The whole history is at ``.organization``."""
    return load_organization(name_or_path).snapshot(at)
