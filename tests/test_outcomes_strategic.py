"""Strategic power and sensitivities: the pivot-probability identity with Shapley-Shubik, exact
derivatives against numerical ones from an independent (batch, float) code path, and the
Napel-Widgren index's basic properties."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pivotal import WeightedGame, power
from pivotal.outcomes.spatial1d import line_outcomes
from pivotal.outcomes.strategic import pivot_probabilities, sensitivities, strategic_power
from strategies import any_games


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_games(min_n=1, max_n=6))
def test_pivot_probability_over_all_orderings_is_the_shapley_shubik_index(game):
    exact = pivot_probabilities(game)
    ss = power(game, indices=["shapley_shubik"]).indices["shapley_shubik"]
    assert tuple(exact[p] for p in game.players) == ss


def test_pivot_probability_by_monte_carlo_covers_shapley_shubik():
    rng = np.random.default_rng(3)
    weights = rng.integers(1, 20, 15).tolist()
    game = WeightedGame(weights, sum(weights) // 2 + 1)
    ss = power(game, indices=["shapley_shubik"]).indices["shapley_shubik"]
    estimates = pivot_probabilities(game, draws=60_000, seed=7)
    misses = [
        p
        for p, s in zip(game.players, ss, strict=True)
        if not abs(estimates[p].value - float(s)) <= 4 * estimates[p].stderr + 1e-12
    ]
    assert misses == []


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_sensitivities_match_numerical_derivatives(data):
    game = data.draw(any_games(min_n=2, max_n=6))
    n = game.n
    xs = data.draw(st.lists(st.integers(0, 40), min_size=n, max_size=n, unique=True))
    positions = dict(zip(game.players, xs, strict=True))
    y = data.draw(st.integers(-5, 45)) + Fraction(1, 3)
    setter = data.draw(st.sampled_from(game.players))
    exact = sensitivities(game, positions, y, setter)
    h = 1e-6
    for i, p in enumerate(game.players):
        left, right = exact[p]
        if left != right:
            continue  # a kink: the numerical central difference averages two slopes
        rows = np.tile(np.array(xs, dtype=float), (2, 1))
        rows[0, i] += h
        rows[1, i] -= h
        setter_ideal = rows[:, game.players.index(setter)]
        b = line_outcomes(game, rows, np.full(2, float(y)), setter_ideal)
        slope = (b.setter_outcome[0] - b.setter_outcome[1]) / (2 * h)
        assert abs(slope - float(right)) < 1e-6


def test_strategic_power_properties():
    names = [f"M{i}" for i in range(7)]
    majority = WeightedGame([1] * 7, 4, names=names)
    sp = strategic_power(majority, setter="M0", draws=30_000, seed=1)
    shares = [sp.share[p].value for p in names]
    assert abs(sum(shares) - 1) < 1e-9
    # The setter gains its ideal point often; the other six are symmetric.
    assert sp.share["M0"].value > 0.5
    others = [sp.share[p] for p in names[1:]]
    mean = sum(e.value for e in others) / 6
    assert all(abs(e.value - mean) <= 4 * e.stderr for e in others)
    # Without a setter every member is a pivot equally often under a symmetric rule.
    plain = strategic_power(majority, draws=30_000, seed=2)
    assert all(abs(plain.share[p].value - 1 / 7) <= 4 * plain.share[p].stderr for p in names)
    again = strategic_power(majority, setter="M0", draws=30_000, seed=1)
    assert again.sensitivity == sp.sensitivity  # seeded: reproducible


def test_consensus_setter_is_checked_by_the_extreme_members():
    names = ["A", "B", "C"]
    consensus = WeightedGame([1, 1, 1], 3, names=names)
    # Status quo below everyone: the setter C at 30 is held back by A, the leftmost member.
    d = sensitivities(consensus, {"A": 10, "B": 20, "C": 30}, 0, setter="C")
    assert d == {"A": (2, 2), "B": (0, 0), "C": (0, 0)}
