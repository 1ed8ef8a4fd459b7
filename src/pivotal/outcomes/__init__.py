"""What will pass: members' positions, outcomes under each rule, and the cost of consent.

A-priori power (``pivotal.power``) says who *can* block. This stage says what *will* pass, given
where members stand: a :class:`Scenario` adds issue dimensions, ideal points and saliences (each
with its source and status), the status quo, the agenda setter, blocs and proposals to an
organization at a date, and :func:`analyze_outcomes` reports, rule by rule:

* the procedure on each dimension: the core (gridlock interval), the win set of the status quo,
  the pivots, the setter's outcome and who is needed (exact, for any rule pivotal compiles);
* two dimensions at once: the core polygon, the win set region, and proposals;
* bargaining: the compromise model and Nash bargaining, with capabilities from the rule's power
  indices;
* the cost of consent of a move, who is paid and what share falls on each member;
* strategic power (how the outcome moves with each member's position), a-priori unions (Owen),
  and Monte Carlo over uncertain values;
* and how well the models predict 351 adopted EU outcomes (:func:`backtest_deu`, DEU I-III).

>>> import pivotal
>>> s = pivotal.outcomes.scenario(positions={"A": 10, "B": 40, "C": 75}, status_quo=60,
...                               rules=["consensus", "majority"], setter="C")
>>> a = pivotal.outcomes.analyze_outcomes(s)
>>> [(r.rule, str(r.dimensions[0].line.setter_outcome)) for r in a.rules]
[('consensus', '60'), ('majority', '60')]
"""

from __future__ import annotations

from pivotal.outcomes.analysis import (
    DimensionOutcome,
    OutcomeAnalysis,
    RuleOutcome,
    analyze_outcomes,
)
from pivotal.outcomes.backtest import Backtest, backtest_deu
from pivotal.outcomes.bargaining import compromise, nash
from pivotal.outcomes.builder import scenario
from pivotal.outcomes.consent import ConsentCost, consent_prices, cost_of_consent
from pivotal.outcomes.loader import bundled_scenarios, load_scenario, loads_scenario
from pivotal.outcomes.scenario import Dimension, Proposal, Scenario, Sourced, Uncertainty
from pivotal.outcomes.spatial1d import LineOutcome, line_outcome, line_outcomes
from pivotal.outcomes.spatial2d import PlaneOutcome, plane_outcome
from pivotal.outcomes.strategic import pivot_probabilities, sensitivities, strategic_power

__all__ = [
    "Backtest",
    "ConsentCost",
    "Dimension",
    "DimensionOutcome",
    "LineOutcome",
    "OutcomeAnalysis",
    "PlaneOutcome",
    "Proposal",
    "RuleOutcome",
    "Scenario",
    "Sourced",
    "Uncertainty",
    "analyze_outcomes",
    "backtest_deu",
    "bundled_scenarios",
    "compromise",
    "consent_prices",
    "cost_of_consent",
    "line_outcome",
    "line_outcomes",
    "load_scenario",
    "loads_scenario",
    "nash",
    "pivot_probabilities",
    "plane_outcome",
    "scenario",
    "sensitivities",
    "strategic_power",
]
