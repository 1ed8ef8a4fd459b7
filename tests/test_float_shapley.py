"""Shapley-Shubik on the float path (quadrature of the multilinear extension) against exact values.

The exact values come from the counting engines (``engine="dp"``: swings by coalition size,
Fractions); the float path never sees them. Games: random weighted games of 2 to 300 players with
zero weights, ties, and quotas from 1 to the total weight, plus medium random games where the
quadrature's panels matter.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pivotal import WeightedGame, power
from pivotal.cli import app
from pivotal.engines.floating import dummy_weights, shapley_shubik
from pivotal.errors import PivotalError
from strategies import quotas, weight_vectors

#: Relative agreement asked of every value that is not tiny against the largest one: the
#: integrand is an alternating sum whose rounding error is absolute (about n·u), so values far
#: below the others are held to the reported absolute error instead.
RELATIVE = 1e-9


def exact_ss(game: WeightedGame) -> tuple[Fraction, ...]:
    return power(game, indices="ss", engine="dp").indices["shapley_shubik"]


def check_against_exact(game: WeightedGame) -> None:
    exact = exact_ss(game)
    result = power(game, indices="ss", engine="float")
    values = result.indices["shapley_shubik"]
    assert result.exact is False and result.method == "float"
    assert "estimate" in result.description
    largest = max(exact)
    for got, want in zip(values, exact, strict=True):
        diff = abs(Fraction(got) - want)
        # The reported error estimate covers the observed error.
        assert diff <= Fraction(result.error), (got, want, result.error)
        if want >= largest * Fraction(1, 10**4):
            assert diff <= RELATIVE * want, (got, want)
        if want == 0:
            assert got == 0.0
    # Efficiency: the values sum to 1 within the error (per value, so n times it in all).
    assert abs(sum(values) - 1) <= game.n * result.error + 1e-15


@st.composite
def float_games(draw, min_n: int = 2, max_n: int = 300):
    n = draw(st.integers(min_n, max_n))
    # Larger games get smaller weights so that the exact count stays about a second.
    weights = draw(weight_vectors(n, max_weight=60 if n <= 60 else 8))
    quota = draw(quotas(sum(weights)))
    return WeightedGame(weights, quota)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(game=float_games())
def test_float_ss_agrees_with_exact_on_random_games(game):
    check_against_exact(game)


@pytest.mark.parametrize(
    ("n", "top", "share"),
    [(150, 60, 0.5), (200, 25, 2 / 3), (120, 100, 0.9), (250, 16, 0.1)],
)
def test_float_ss_agrees_with_exact_on_medium_games(n, top, share):
    """Random weights 1..top: the regime of the n = 1000 target, where the integrand is a narrow
    bump and the integration range is cut by Hoeffding's inequality."""
    rng = random.Random(n * top)
    weights = [rng.randint(1, top) for _ in range(n)]
    check_against_exact(WeightedGame(weights, int(sum(weights) * share) + 1))


def test_edge_quotas_zero_weights_and_ties():
    for weights, quota in [
        ([3, 0, 3, 0, 1], 1),  # quota 1: any player of positive weight wins alone
        ([3, 0, 3, 0, 1], 7),  # quota = total: unanimity of the players with weight
        ([5, 5, 5, 5], 11),
        ([1, 1], 2),
        ([7], 7),
        ([0, 4], 3),
    ]:
        check_against_exact(WeightedGame(weights, quota))


def test_more_panels_when_the_orders_disagree():
    """Games whose integrand a 4-panel rule cannot resolve (a heavy player among many light
    ones: a Hoeffding range of all of [0, 1] around a narrow bump): the panels double until the
    check passes, and the values are still right."""
    for weights, quota in [([1] * 200 + [50] * 3, 2), ([1] * 250 + [200], 200)]:
        game = WeightedGame(weights, quota)
        assert shapley_shubik(game).panels > 4
        check_against_exact(game)


def test_float_ss_is_refused_with_unions_and_names_the_indices():
    game = WeightedGame([4, 4, 4, 2, 2, 1], 12, names=["FR", "DE", "IT", "BE", "NL", "LU"])
    with pytest.raises(PivotalError, match="shapley_shubik"):
        power(game, indices="ss", engine="float", unions=[["BE", "NL"]])


def test_float_default_indices_stay_the_banzhaf_family():
    result = power(WeightedGame([4, 4, 4, 2, 2, 1], 12), engine="float")
    assert "shapley_shubik" not in result.indices
    assert "error at most" in result.description


def test_cli_float_ss():
    from typer.testing import CliRunner

    out = CliRunner().invoke(
        app, ["power", "--weights", "4,4,4,2,2,1", "--quota", "12", "--engine", "float", "-i", "ss"]
    )
    assert out.exit_code == 0, out.stdout
    assert "0.233333" in out.stdout and "estimate" in out.stdout


@settings(max_examples=200, deadline=None)
@given(
    weights=st.lists(st.integers(0, 12), min_size=1, max_size=9),
    share=st.fractions(0, 1),
)
def test_dummy_weights_are_exactly_the_players_who_never_swing(weights, share):
    # Brute force over every coalition: i is a dummy when adding i never turns losing into
    # winning. The float paths report exact zeros for exactly those players.
    quota = max(1, math.ceil(share * sum(weights)))
    n = len(weights)
    swings = [0] * n
    for mask in range(1 << n):
        total = sum(w for j, w in enumerate(weights) if mask >> j & 1)
        for i in range(n):
            if not mask >> i & 1 and total < quota <= total + weights[i]:
                swings[i] += 1
    dummies = dummy_weights(tuple(weights), quota)
    for i, w in enumerate(weights):
        assert (w in dummies or w == 0) == (swings[i] == 0), (weights, quota, i)


def test_a_dummy_beside_a_dictator_is_exactly_zero():
    # [2; 1, 6]: the player of weight 6 wins alone, the other never matters (found by the
    # random test above as a float residue of 9.4e-19).
    game = WeightedGame([1, 6], 2)
    for index in ("ss", "banzhaf"):
        values = power(game, indices=index, engine="float").indices
        (column,) = values.values()
        assert column[0] == 0.0 and abs(column[1] - 1.0) < 1e-12
