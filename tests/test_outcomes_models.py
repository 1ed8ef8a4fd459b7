"""Bargaining models and the cost of consent against their definitions and brute force."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pivotal import MultiWeightedGame, OrGame, PivotalError, WeightedGame
from pivotal.outcomes.bargaining import compromise, nash
from pivotal.outcomes.consent import (
    consent_prices,
    cost_of_consent,
    criteria_formula,
)
from strategies import any_games

# ----------------------------------------------------------------------------- consent


def cheapest_by_enumeration(game, price, absent):
    """Min over every winning coalition of the total price: the definition, coalition by
    coalition over the winning table."""
    table = game.winning_table()
    best = None
    for mask in range(1 << game.n):
        members = [p for i, p in enumerate(game.players) if mask >> i & 1]
        if any(p in absent for p in members) or not table[mask]:
            continue
        total = sum((price[p] for p in members), Fraction(0))
        best = total if best is None else min(best, total)
    return best


@st.composite
def consent_cases(draw):
    game = draw(any_games(min_n=1, max_n=7))
    prices = draw(
        st.lists(
            st.one_of(st.just(0), st.integers(0, 30), st.fractions(0, 10, max_denominator=6)),
            min_size=game.n,
            max_size=game.n,
        )
    )
    price = {p: Fraction(c) for p, c in zip(game.players, prices, strict=True)}
    absent = draw(st.sets(st.sampled_from(game.players), max_size=min(2, game.n)))
    return game, price, absent


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consent_cases())
def test_cost_of_consent_is_the_cheapest_winning_coalition(case):
    game, price, absent = case
    expected = cheapest_by_enumeration(game, price, absent)
    methods = ["enumeration", "search"] + (["dp"] if criteria_formula(game) else [])
    for method in [None, *methods]:
        r = cost_of_consent(game, {p: c for p, c in price.items()}, absent, method=method)
        assert r.total == expected, method
        if expected is None:
            assert r.coalition is None and r.paid == {}
            continue
        assert game.is_winning(r.coalition)
        assert not set(r.coalition) & absent
        assert sum(r.paid.values(), Fraction(0)) == r.total
        assert all(r.paid[p] == price[p] > 0 for p in r.paid)
        # Every member who consents for free is in the coalition.
        assert {p for p in game.players if price[p] == 0 and p not in absent} <= set(r.coalition)
        if r.total:
            assert sum(r.shares.values()) == 1


def test_cost_of_consent_in_floats_says_it_is_approximate():
    game = WeightedGame([1, 1, 1], 3, names=["A", "B", "C"])
    r = cost_of_consent(game, {"A": 0.0, "B": math.sqrt(2), "C": 1.5})
    assert not r.exact and r.error > 0
    assert abs(r.total - (math.sqrt(2) + 1.5)) <= r.error


def test_cost_of_consent_methods_agree_on_larger_rules():
    rng = np.random.default_rng(5)
    n = 18
    names = [f"M{i}" for i in range(n)]
    weights = rng.integers(1, 30, n).tolist()
    rules = [
        WeightedGame(weights, sum(weights) * 2 // 3, names=names),
        OrGame(
            [
                MultiWeightedGame([([1] * n, 10), (weights, sum(weights) * 13 // 20)], names=names),
                WeightedGame([1] * n, n - 3, names=names),
            ]
        ),
    ]
    for game in rules:
        price = {p: Fraction(int(rng.integers(1, 50)), int(rng.integers(1, 4))) for p in names}
        totals = {m: cost_of_consent(game, price, method=m).total for m in ("enumeration", "dp")}
        assert totals["enumeration"] == totals["dp"]
        assert cost_of_consent(game, price).method == "dp"
    small = {p: price[p] for p in names[:12]}
    g12 = WeightedGame(weights[:12], sum(weights[:12]) // 2 + 1, names=names[:12])
    assert (
        cost_of_consent(g12, small, method="search").total
        == cost_of_consent(g12, small, method="enumeration").total
    )


def test_consent_prices_definition():
    price = consent_prices({"A": 0, "B": 10, "C": 30}, {"A": 2, "B": 1}, 20, 5)
    # A gains (|5 - 0| < |20 - 0|); B loses |5-10| - |20-10| < 0 -> gains; C loses 25 - 10 = 15
    assert price == {"A": 0, "B": 0, "C": 15}
    with pytest.raises(PivotalError) as err:
        consent_prices({"A": 0}, {"A": -1}, 0, 1)
    assert err.value.parameter == "saliences['A']"


def test_cost_of_consent_errors():
    game = WeightedGame([1, 1], 2, names=["A", "B"])
    with pytest.raises(PivotalError) as err:
        cost_of_consent(game, {"A": 1})
    assert err.value.parameter == "price"
    with pytest.raises(PivotalError) as err:
        cost_of_consent(game, {"A": 1, "B": 1}, method="ilp")
    assert "enumeration" in err.value.allowed


# ----------------------------------------------------------------------------- bargaining


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_compromise_is_the_weighted_mean(data):
    n = data.draw(st.integers(1, 6))
    names = [f"M{i}" for i in range(n)]
    xs = data.draw(st.lists(st.integers(-50, 50), min_size=n, max_size=n))
    cs = data.draw(st.lists(st.fractions(0, 5, max_denominator=7), min_size=n, max_size=n))
    ss = data.draw(st.lists(st.integers(0, 100), min_size=n, max_size=n))
    if not any(c * s for c, s in zip(cs, ss, strict=True)):
        return
    x = compromise(
        dict(zip(names, xs, strict=True)),
        dict(zip(names, ss, strict=True)),
        dict(zip(names, cs, strict=True)),
    )
    weights = [c * s for c, s in zip(cs, ss, strict=True)]
    assert x * sum(weights) == sum(w * xi for w, xi in zip(weights, xs, strict=True))
    lo = min(xi for xi, w in zip(xs, weights, strict=True) if w)
    hi = max(xi for xi, w in zip(xs, weights, strict=True) if w)
    assert lo <= x <= hi


def nash_by_grid(xs, ws, y, utility, steps=20001):
    """Maximize the weighted log-product on a fine grid of the individually rational set."""
    d = [abs(y - x) for x in xs]
    low = max(x - di for x, di in zip(xs, d, strict=True))
    high = min(x + di for x, di in zip(xs, d, strict=True))
    if low >= high:
        return float(y), 0.0
    grid = np.linspace(float(low), float(high), steps)[1:-1]
    total = np.zeros_like(grid)
    for x, di, w in zip(xs, d, ws, strict=True):
        gap = np.abs(grid - float(x))
        gain = float(di) - gap if utility == "linear" else float(di) ** 2 - gap**2
        total += float(w) * np.log(np.maximum(gain, 1e-300))
    return float(grid[np.argmax(total)]), float(high - low) / (steps - 1)


@settings(max_examples=200, deadline=None)
@given(st.data(), st.sampled_from(["linear", "quadratic"]))
def test_nash_maximizes_the_nash_product(data, utility):
    n = data.draw(st.integers(1, 5))
    names = [f"M{i}" for i in range(n)]
    xs = data.draw(st.lists(st.integers(0, 100), min_size=n, max_size=n))
    ws = data.draw(st.lists(st.integers(1, 5), min_size=n, max_size=n))
    y = data.draw(st.integers(-60, 160))
    r = nash(
        dict(zip(names, xs, strict=True)), y, dict(zip(names, ws, strict=True)), utility=utility
    )
    best, step = nash_by_grid(xs, ws, y, utility)
    assert abs(float(r.value) - best) <= 2 * step + r.error
    if r.exact:
        assert isinstance(r.value, Fraction)


def test_nash_inside_the_span_stays_at_the_status_quo_and_exponents_matter():
    positions = {"A": 0, "B": 100}
    assert nash(positions, 40, {"A": 1, "B": 1}).value == 40
    far = nash({"A": 10, "B": 30}, 0, {"A": 1, "B": 3})
    near = nash({"A": 10, "B": 30}, 0, {"A": 3, "B": 1})
    assert far.value > near.value
    with pytest.raises(PivotalError) as err:
        nash(positions, 0, {"A": 1}, utility="cubic")
    assert "linear" in err.value.allowed
