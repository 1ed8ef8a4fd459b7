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
import importlib
import os
from typing import TYPE_CHECKING, Any

from pivotal.errors import PivotalError
from pivotal.games import AndGame, ExplicitGame, MultiWeightedGame, OrGame, SimpleGame, WeightedGame

# Imported here, not lazily: the subpackage pivotal.power shares the function's name, and importing
# the subpackage after this module would otherwise leave the module where the function should be.
from pivotal.power import PowerResult, power

if TYPE_CHECKING:
    from pivotal.compare import Analysis, analyze
    from pivotal.organizations import Organization, Snapshot, load_organization
    from pivotal.outcomes import OutcomeAnalysis, Scenario

# Imported on first use (PEP 562): the comparison stage pulls in pandas, the organizations stage
# PyYAML, and `pivotal power` on a small game finishes sooner than importing either.
_LAZY = {
    "Analysis": "pivotal.compare",
    "analyze": "pivotal.compare",
    "Organization": "pivotal.organizations",
    "Snapshot": "pivotal.organizations",
    "load_organization": "pivotal.organizations",
}

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
    "load_scenario",
    "outcome",
    "power",
    "scenario",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # later lookups skip this hook
        return value
    raise AttributeError(f"module 'pivotal' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def load(name_or_path: str | os.PathLike[str], at: _dt.date | str | None = None) -> Snapshot:
    """An organization (bundled name such as ``"csto"``, or a YAML file) as it stood on ``at``
    (today when omitted): its members then, their attributes, and ``.game(rule)``.
    The whole history is at ``.organization``."""
    from pivotal.organizations import load_organization

    return load_organization(name_or_path).snapshot(at)


# The outcomes stage pulls in shapely for its plane; import it when a scenario is first used, so
# that `import pivotal` stays as quick as the power analyses need.
def scenario(*args: object, **kwargs: object) -> Scenario:
    """A one-dimensional scenario from values (:func:`pivotal.outcomes.scenario`): positions,
    status quo, rules, and optionally saliences, weights, setter, blocs, an organization."""
    from pivotal.outcomes import scenario as build

    return build(*args, **kwargs)  # type: ignore[arg-type]


def load_scenario(name_or_path: str | os.PathLike[str]) -> Scenario:
    """A bundled scenario (``"csto-2012"``) or a scenario file, validated
    (:func:`pivotal.outcomes.load_scenario`)."""
    from pivotal.outcomes import load_scenario as load_file

    return load_file(name_or_path)


def outcome(scenario: Scenario, **options: object) -> OutcomeAnalysis:
    """What will pass under each rule of ``scenario``: :func:`pivotal.outcomes.analyze_outcomes`
    (options: ``rules``, ``proposal``, ``capability``, ``exact``)."""
    from pivotal.outcomes import analyze_outcomes

    return analyze_outcomes(scenario, **options)  # type: ignore[arg-type]
