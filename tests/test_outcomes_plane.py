"""Two-dimensional outcomes against brute force: the win set against exact point checks on a grid,
the core against its definition (the intersection of the convex hulls of every winning
coalition), on random rules of every kind."""

from __future__ import annotations

import math
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import Point

from pivotal import WeightedGame
from pivotal.outcomes.spatial2d import convex_hull, plane_beats, plane_outcome, polygon_contains
from strategies import any_games


def backers(game, positions, y, z, absent):
    out = []
    for p in game.players:
        if p in absent:
            continue
        x = positions[p]
        if (y[0] - x[0]) ** 2 + (y[1] - x[1]) ** 2 > (z[0] - x[0]) ** 2 + (z[1] - x[1]) ** 2:
            out.append(p)
    return out


def winning_coalitions(game, absent):
    table = game.winning_table()
    for mask in range(1 << game.n):
        members = [p for i, p in enumerate(game.players) if mask >> i & 1]
        if table[mask] and not any(p in absent for p in members):
            yield members


@st.composite
def plane_cases(draw):
    game = draw(any_games(min_n=1, max_n=6))
    points = draw(
        st.lists(
            st.tuples(st.integers(-6, 6), st.integers(-6, 6)), min_size=game.n, max_size=game.n
        )
    )
    # Denominators other than 1 check that the core's integer scaling is undone exactly.
    d = draw(st.sampled_from([1, 1, 2, 3, 7]))
    positions = {
        p: (Fraction(a, d), Fraction(b, d)) for p, (a, b) in zip(game.players, points, strict=True)
    }
    absent = draw(st.sets(st.sampled_from(game.players), max_size=min(1, game.n - 1)))
    y = (Fraction(draw(st.integers(-8, 8))), Fraction(draw(st.integers(-8, 8))))
    return game, positions, sorted(absent), y


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plane_cases())
def test_win_set_region_and_beats_match_point_checks(case):
    game, positions, absent, y = case
    r = plane_outcome(game, positions, y, absent=absent, segments=32)
    grid = [(Fraction(a, 2), Fraction(b, 2)) for a in range(-30, 31, 3) for b in range(-30, 31, 3)]
    radii = {
        p: math.dist(map(float, positions[p]), map(float, y))
        for p in game.players
        if p not in absent
    }
    for z in grid:
        expected = z != y and game.is_winning(backers(game, positions, y, z, absent))
        assert plane_beats(game, positions, y, z, absent) == expected
        assert r.beats(z) == expected
        # The drawn region agrees wherever the point is not within the chord error of a circle.
        margins = [
            abs(math.dist(map(float, positions[p]), map(float, z)) - radii[p]) for p in radii
        ]
        if min(margins, default=1.0) > 2 * r.win_set_error + 1e-9:
            assert r.win_set.contains(Point(float(z[0]), float(z[1]))) == expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plane_cases())
def test_core_is_the_intersection_of_the_winning_coalitions_hulls(case):
    game, positions, absent, _ = case
    r = plane_outcome(game, positions, (Fraction(0), Fraction(0)), absent=absent)
    hulls = [convex_hull(positions[p] for p in s) for s in winning_coalitions(game, absent)]
    grid = [(Fraction(a, 2), Fraction(b, 2)) for a in range(-14, 15) for b in range(-14, 15)]
    if not hulls:
        assert r.core is None
        return
    for z in grid:
        expected = all(polygon_contains(h, z) for h in hulls)
        assert (bool(r.core) and polygon_contains(r.core, z)) == expected
    # Every vertex of the core is in every hull (exactly, not only on the grid).
    for v in r.core or []:
        assert all(polygon_contains(h, v) for h in hulls)
    for v in r.veto_hull:
        assert polygon_contains(r.core, v)


def test_consensus_core_is_the_hull_and_majority_of_a_triangle_has_none():
    names = ["A", "B", "C"]
    positions = {"A": (0, 0), "B": (6, 0), "C": (0, 6)}
    consensus = plane_outcome(WeightedGame([1, 1, 1], 3, names=names), positions, (1, 1))
    assert consensus.core == [(0, 0), (6, 0), (0, 6)] and consensus.gridlock
    assert consensus.veto_hull == consensus.core
    majority = plane_outcome(WeightedGame([1, 1, 1], 2, names=names), positions, (1, 1))
    assert majority.core == [] and not majority.gridlock and majority.in_core is False


def test_setter_gets_its_ideal_when_it_beats_the_status_quo_else_the_nearest_winning_point():
    names = ["A", "B", "C"]
    positions = {"A": (0, 0), "B": (10, 0), "C": (0, 10)}
    majority = WeightedGame([1, 1, 1], 2, names=names)
    near = plane_outcome(majority, positions, (12, 12), setter="A")
    assert near.setter_outcome == (0, 0) and near.setter_outcome_exact
    assert near.needed == ()  # all three prefer (0, 0): no one member is critical
    consensus = WeightedGame([1, 1, 1], 3, names=names)
    far = plane_outcome(consensus, positions, (8, 8), setter="A")
    x, y = far.setter_outcome
    assert not far.setter_outcome_exact
    # On the boundary of the lens: (almost) as far from B and C as the status quo is.
    assert abs(math.dist((x, y), (10, 0)) - math.dist((8, 8), (10, 0))) < 0.05
    assert math.dist((x, y), (0, 0)) < math.dist((8, 8), (0, 0))
