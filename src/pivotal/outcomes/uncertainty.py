"""Monte Carlo over uncertain positions, saliences and status quos.

A scenario may give each value a distribution (an interval, uniform, triangular, or a normal
truncated to the dimension's scale; see :class:`~pivotal.outcomes.scenario.Uncertainty`). This
module draws every uncertain value independently (seeded), recomputes the outcome of each rule in
one vectorized pass per rule and dimension, and reports

* the probability of gridlock (the status quo in the core: nothing can pass);
* the distribution of the setter's outcome and of the compromise model (quantiles);
* the probability that each named proposal passes (beats the status quo), on its own dimension
  and, with two dimensions, on the plane.

Probabilities come with 95% confidence intervals (Wilson score intervals); quantiles are
empirical. Every number here is approximate, and says so.

>>> from pivotal.outcomes import load_scenario
>>> mc = simulate(load_scenario("csto-2012"), draws=2000, seed=1)
>>> mc.rule("consensus").dimension("nato").gridlock.value > 0.9
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from pivotal.errors import PivotalError, one_of
from pivotal.outcomes.analysis import capabilities_under, capability_measure, rule_labels
from pivotal.outcomes.scenario import Scenario, Sourced
from pivotal.outcomes.spatial1d import line_outcomes

__all__ = ["MAX_DRAWS", "QUANTILES", "Probability", "Simulation", "simulate"]

#: Draws beyond this are refused: the answer would not change, and memory would.
MAX_DRAWS = 1_000_000
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Probability:
    """An estimated probability with its 95% Wilson score interval."""

    value: float
    low: float
    high: float
    draws: int

    @classmethod
    def of(cls, hits: np.ndarray) -> Probability:
        n = int(hits.size)
        p = float(hits.mean()) if n else 0.0
        z2 = Z95**2
        centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
        # At 0 and 1 the Wilson bounds are exactly 0 and 1; float rounding would miss them.
        low = 0.0 if p == 0 else max(0.0, centre - half)
        high = 1.0 if p == 1 else min(1.0, centre + half)
        return cls(p, low, high, n)

    def __str__(self) -> str:
        return f"{self.value:.3f} [{self.low:.3f}, {self.high:.3f}]"

    def to_dict(self) -> dict[str, float]:
        return {"value": self.value, "low": self.low, "high": self.high}


@dataclass(frozen=True)
class DimensionSimulation:
    dimension: str
    gridlock: Probability
    setter_outcome: dict[float, float]
    compromise: dict[float, float]
    proposals: dict[str, Probability]


@dataclass(frozen=True)
class RuleSimulation:
    rule: str
    dimensions: tuple[DimensionSimulation, ...]
    #: With two dimensions: the chance each proposal beats the status quo on the plane.
    plane_proposals: dict[str, Probability]

    def dimension(self, key: str) -> DimensionSimulation:
        for d in self.dimensions:
            if d.dimension == key:
                return d
        raise PivotalError(
            "dimension", one_of(d.dimension for d in self.dimensions), repr(key), "Name one."
        )


@dataclass(frozen=True)
class Simulation:
    """Monte Carlo results for every rule of a scenario (all approximate)."""

    scenario: str
    draws: int
    seed: int
    rules: tuple[RuleSimulation, ...]
    uncertain: tuple[str, ...]

    def rule(self, name: str) -> RuleSimulation:
        for r in self.rules:
            if r.rule == name:
                return r
        raise PivotalError("rule", one_of(r.rule for r in self.rules), repr(name), "Name one.")

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "draws": self.draws,
            "seed": self.seed,
            "exact": False,
            "uncertain_values": list(self.uncertain),
            "rules": [
                {
                    "rule": r.rule,
                    "dimensions": {
                        d.dimension: {
                            "gridlock": d.gridlock.to_dict(),
                            "setter_outcome": {str(q): v for q, v in d.setter_outcome.items()},
                            "compromise": {str(q): v for q, v in d.compromise.items()},
                            "proposals": {k: p.to_dict() for k, p in d.proposals.items()},
                        }
                        for d in r.dimensions
                    },
                    "plane_proposals": {k: p.to_dict() for k, p in r.plane_proposals.items()},
                }
                for r in self.rules
            ],
        }

    def table(self) -> str:
        lines = [
            f"Monte Carlo over the uncertain values of {self.scenario}: {self.draws:,} draws, "
            f"seed {self.seed} (approximate; 95% intervals in brackets)",
        ]
        if not self.uncertain:
            lines.append("No value of this scenario is uncertain: every draw is the same.")
        for r in self.rules:
            lines.append(f"Rule {r.rule}:")
            for d in r.dimensions:
                q = d.setter_outcome
                lines.append(
                    f"  {d.dimension}: P(gridlock) {d.gridlock}; setter's outcome median "
                    f"{q[0.5]:.4g} (5%-95%: {q[0.05]:.4g} to {q[0.95]:.4g}); compromise median "
                    f"{d.compromise[0.5]:.4g}"
                )
                for pid, p in d.proposals.items():
                    lines.append(f"    P({pid} passes on {d.dimension}) {p}")
            for pid, p in r.plane_proposals.items():
                lines.append(f"  P({pid} passes on the plane) {p}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.table()


def _draw(
    value: Sourced, rng: np.random.Generator, draws: int, bounds: tuple[float, float] | None
) -> np.ndarray:
    if value.uncertainty is None:
        return np.full(draws, float(value.value))
    return value.uncertainty.sample(rng, draws, bounds)


def simulate(
    scenario: Scenario,
    rules: Iterable[str] | str | None = None,
    draws: int = 10_000,
    seed: int = 0,
    capability: str | None = None,
) -> Simulation:
    """Draw every uncertain value of ``scenario`` ``draws`` times (seeded) and report, per rule,
    the chance of gridlock, the distribution of outcomes and the chance each proposal passes."""
    if not isinstance(draws, int) or isinstance(draws, bool) or not 2 <= draws <= MAX_DRAWS:
        raise PivotalError(
            "draws",
            f"a whole number of draws from 2 to {MAX_DRAWS:,}",
            repr(draws),
            "Use 10000 for a quick answer, 100000 for a precise one.",
        )
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        # numpy's generators refuse a negative seed with a bare ValueError.
        raise PivotalError(
            "seed", "a whole number, 0 or more", repr(seed), "Give a seed such as 0 or 1."
        )
    rng = np.random.default_rng(seed)
    dims = scenario.dimensions
    uncertain: list[str] = []
    positions: dict[str, dict[str, np.ndarray]] = {}
    saliences: dict[str, dict[str, np.ndarray]] = {}
    for actor in scenario.positions:
        positions[actor] = {}
        saliences[actor] = {}
        for d in dims:
            value = scenario.positions[actor][d.id]
            positions[actor][d.id] = _draw(value, rng, draws, d.bounds)
            sal = scenario.saliences[actor][d.id]
            saliences[actor][d.id] = _draw(sal, rng, draws, (0.0, math.inf))
            if value.uncertainty is not None:
                uncertain.append(f"{actor} on {d.id}")
            if sal.uncertainty is not None:
                uncertain.append(f"{actor}'s salience on {d.id}")
    status_quo = {}
    for d in dims:
        status_quo[d.id] = _draw(scenario.status_quo[d.id], rng, draws, d.bounds)
        if scenario.status_quo[d.id].uncertainty is not None:
            uncertain.append(f"status quo on {d.id}")
    results = []
    measure = capability_measure(scenario, capability)
    for label in rule_labels(scenario, rules):
        game = scenario.game(label)
        present_ids = [p for p in game.players if p not in scenario.absent]
        caps = capabilities_under(scenario, game, measure, present_ids)
        present = np.array([p not in scenario.absent for p in game.players])
        per_dim = []
        for d in dims:
            x = np.column_stack(
                [positions[p][d.id] if p in positions else np.zeros(draws) for p in game.players]
            )
            y = status_quo[d.id]
            ideal = None if scenario.setter is None else positions[scenario.setter][d.id]
            batch = line_outcomes(game, x, y, ideal, present)
            weights = {a: float(c) for a, c in caps.items() if a in positions}
            num = sum(weights[a] * saliences[a][d.id] * positions[a][d.id] for a in weights)
            den = sum(weights[a] * saliences[a][d.id] for a in weights)
            with np.errstate(invalid="ignore", divide="ignore"):
                comp = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
            proposals = {}
            for pid, prop in scenario.proposals.items():
                z = float(prop.point[d.id])
                if prop.point[d.id] == scenario.status_quo[d.id].value and (
                    scenario.status_quo[d.id].uncertainty is None
                ):
                    continue
                proposals[pid] = Probability.of(batch.beats(y, np.full(draws, z)))
            per_dim.append(
                DimensionSimulation(
                    d.id,
                    Probability.of(batch.gridlock),
                    _quantiles(batch.setter_outcome),
                    _quantiles(comp),
                    proposals,
                )
            )
        plane: dict[str, Probability] = {}
        if len(dims) == 2 and scenario.proposals:
            plane = _plane_proposals(scenario, game, positions, status_quo, draws)
        results.append(RuleSimulation(label, tuple(per_dim), plane))
    return Simulation(scenario.id, draws, seed, tuple(results), tuple(uncertain))


def _quantiles(values: np.ndarray) -> dict[float, float]:
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return {q: math.nan for q in QUANTILES}
    return {q: float(v) for q, v in zip(QUANTILES, np.quantile(finite, QUANTILES), strict=True)}


def _plane_proposals(
    scenario: Scenario,
    game: object,
    positions: dict[str, dict[str, np.ndarray]],
    status_quo: dict[str, np.ndarray],
    draws: int,
) -> dict[str, Probability]:
    d1, d2 = (d.id for d in scenario.dimensions)
    out = {}
    for pid, prop in scenario.proposals.items():
        z1, z2 = float(prop.point[d1]), float(prop.point[d2])
        support = np.zeros((draws, game.n), dtype=bool)  # type: ignore[attr-defined]
        for i, p in enumerate(game.players):  # type: ignore[attr-defined]
            if p in scenario.absent:
                continue
            x1, x2 = positions[p][d1], positions[p][d2]
            to_sq = (status_quo[d1] - x1) ** 2 + (status_quo[d2] - x2) ** 2
            to_z = (z1 - x1) ** 2 + (z2 - x2) ** 2
            support[:, i] = to_z < to_sq
        out[pid] = Probability.of(game.wins(support))  # type: ignore[attr-defined]
    return out
