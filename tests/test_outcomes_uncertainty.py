"""Monte Carlo over uncertain values: reproducible, consistent with the exact analysis where
nothing is uncertain, samples inside their declared ranges, and honest intervals."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from pivotal import PivotalError
from pivotal.outcomes import analyze_outcomes, load_scenario, scenario
from pivotal.outcomes.scenario import Uncertainty
from pivotal.outcomes.uncertainty import Probability, simulate


def test_without_uncertainty_every_draw_is_the_exact_outcome():
    s = scenario(
        positions={"A": 10, "B": 40, "C": 75},
        status_quo=60,
        rules=["consensus", "majority"],
        setter="B",
        proposals={"p": 45},
    )
    mc = simulate(s, draws=500, seed=3)
    exact = analyze_outcomes(s)
    assert mc.uncertain == ()
    for r, e in zip(mc.rules, exact.rules, strict=True):
        d, x = r.dimensions[0], e.dimensions[0]
        assert d.gridlock.value == (1.0 if x.line.win_set is None else 0.0)
        assert all(v == float(x.line.setter_outcome) for v in d.setter_outcome.values())
        assert d.proposals["p"].value == (1.0 if x.proposals["p"] else 0.0)


def test_simulation_is_seeded_and_covers_the_csto_answers():
    s = load_scenario("csto-2012")
    a = simulate(s, draws=4000, seed=11)
    b = simulate(s, draws=4000, seed=11)
    assert a.to_dict() == b.to_dict()
    assert "RUS on nato" in a.uncertain
    # Majority passes the NATO proposal far more often than consensus does.
    assert (
        a.rule("majority").dimension("nato").proposals["nato_partnership"].value
        > a.rule("consensus").dimension("nato").proposals["nato_partnership"].value + 0.3
    )


@pytest.mark.parametrize(
    ("kind", "params", "bounds"),
    [
        ("interval", (2, 5), None),
        ("uniform", (0, 1), None),
        ("triangular", (0, 3, 4), None),
        ("normal", (95, 10), (0.0, 100.0)),
        ("normal", (0, 1), None),
    ],
)
def test_samples_respect_their_ranges(kind, params, bounds):
    u = Uncertainty(kind, tuple(Fraction(p) for p in params))
    x = u.sample(np.random.default_rng(0), 20_000, bounds)
    if kind != "normal":
        assert x.min() >= params[0] and x.max() <= params[-1]
    elif bounds is not None:
        assert x.min() >= bounds[0] and x.max() <= bounds[1]
    else:
        assert abs(x.mean()) < 0.05 and abs(x.std() - 1) < 0.05


def test_wilson_interval():
    p = Probability.of(np.array([True] * 30 + [False] * 70))
    assert p.low < 0.3 < p.high and p.low > 0.2 and p.high < 0.41
    zero = Probability.of(np.zeros(100, dtype=bool))
    assert zero.value == 0 and zero.low == 0 and 0 < zero.high < 0.05


def test_bad_draws():
    s = scenario(positions={"A": 1}, status_quo=0)
    for draws in (1, 0, 10**9, 2.5):
        with pytest.raises(PivotalError) as err:
            simulate(s, draws=draws)  # type: ignore[arg-type]
        assert err.value.parameter == "draws"
