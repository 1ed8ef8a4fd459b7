"""One-dimensional outcomes against brute force: every point of a fine grid is checked against the
rule's winning test, for thousands of random games (weighted, multi-criteria, and/or-composed,
explicit), with tied positions and absent members.

The brute force uses nothing of pivotal's outcome code: only ``game.is_winning`` and the
definitions. Positions are integers and the grid has step 1/2, which is fine enough to be exact
here: a status quo outside the core by at least 1/2 has a win set of length at least 1, so a grid
point lies inside it, and every pivot, midpoint reflection (2 x - y) and clamp of an integer ideal
point falls on the grid.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pivotal import PivotalError, WeightedGame
from pivotal.games import ExplicitGame
from pivotal.outcomes.spatial1d import line_outcome, line_outcomes
from strategies import any_games

HALF = Fraction(1, 2)


def grid(lo: int, hi: int) -> list[Fraction]:
    return [Fraction(k, 2) for k in range(2 * lo, 2 * hi + 1)]


def backers(game, positions, y, z, absent, weakly=False):
    out = []
    for p in game.players:
        if p in absent:
            continue
        gain = abs(y - positions[p]) - abs(z - positions[p])
        if gain > 0 or (weakly and gain == 0):
            out.append(p)
    return out


def wins(game, coalition) -> bool:
    # The winning table, read by bit mask: the game's own definition, and fast enough to check
    # every pair of grid points.
    mask = sum(1 << game.players.index(p) for p in coalition)
    return bool(game.winning_table()[mask])


def beats(game, positions, y, z, absent) -> bool:
    return z != y and wins(game, backers(game, positions, y, z, absent))


@st.composite
def scenarios(draw):
    game = draw(any_games(min_n=1, max_n=7))
    n = game.n
    spread = draw(st.integers(0, 12))
    xs = draw(st.lists(st.integers(-spread, spread), min_size=n, max_size=n))
    positions = dict(zip(game.players, (Fraction(x) for x in xs), strict=True))
    absent = draw(st.sets(st.sampled_from(game.players), max_size=min(2, n - 1)))
    y = Fraction(draw(st.integers(-2 * spread - 3, 2 * spread + 3)), 2)
    setter = draw(st.sampled_from(game.players))
    return game, positions, sorted(absent), y, setter


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_line_outcome_matches_brute_force(case):
    game, positions, absent, y, setter = case
    r = line_outcome(game, positions, y, setter=setter, absent=absent)
    # Wide enough for every reflection 2 x - y of a position x about the status quo y.
    lo = int(2 * min(positions.values()) - y) - 2
    hi = int(2 * max(positions.values()) - y) + 2
    lo, hi = min(lo, int(y) - 2), max(hi, int(y) + 2)
    points = grid(lo, hi)

    # Win set: exactly the grid points that a winning coalition prefers to y.
    expected = [z for z in points if beats(game, positions, y, z, absent)]
    got = [
        z for z in points if r.win_set is not None and r.win_set[0] < z < r.win_set[1] and z != y
    ]
    assert got == expected
    for z in points:
        assert r.beats_status_quo(z) == (z in expected)

    # Core: the grid status quos that no grid point beats.
    stable = [s for s in points if not any(beats(game, positions, s, z, absent) for z in points)]
    if r.core is None:
        assert stable == []
    else:
        a, b = r.core
        inside = [s for s in points if (a is None or s >= a) and (b is None or s <= b)]
        assert inside == stable
    assert (r.win_set is None) == (not expected)

    # Pivots: the smallest / largest position whose prefix / suffix of present members wins.
    voters = [p for p in game.players if p not in absent]
    levels = sorted({positions[p] for p in voters})
    prefix = [v for v in levels if game.is_winning([p for p in voters if positions[p] <= v])]
    suffix = [v for v in levels if game.is_winning([p for p in voters if positions[p] >= v])]
    assert r.left_pivot_position == (prefix[0] if prefix else None)
    assert r.right_pivot_position == (suffix[-1] if suffix else None)

    # Setter: the point nearest its ideal among y and the points that win with indifferent
    # members accepting.
    ideal = positions[setter]
    acceptable = [y] + [
        z for z in points if z != y and wins(game, backers(game, positions, y, z, absent, True))
    ]
    best = min(acceptable, key=lambda z: (abs(z - ideal), z))
    assert r.setter_outcome == best

    # Needed: members of the (weakly) supporting coalition without whom the move fails.
    if best == y:
        assert r.needed == ()
    else:
        support = backers(game, positions, y, best, absent, weakly=True)
        needed = tuple(p for p in support if not game.is_winning([q for q in support if q != p]))
        assert r.needed == needed


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 9), st.data())
def test_consensus_core_is_the_span_and_majority_core_the_median(n, data):
    names = [f"M{i}" for i in range(n)]
    xs = data.draw(st.lists(st.integers(0, 100), min_size=n, max_size=n))
    positions = dict(zip(names, xs, strict=True))
    y = data.draw(st.integers(-10, 110))
    consensus = line_outcome(WeightedGame([1] * n, n, names=names), positions, y)
    assert consensus.core == (min(xs), max(xs))
    majority = line_outcome(WeightedGame([1] * n, n // 2 + 1, names=names), positions, y)
    ordered = sorted(xs)
    if n % 2 == 1:
        assert majority.core == (ordered[n // 2], ordered[n // 2])
    else:
        # An even body: any status quo between the two middle members is stable.
        assert majority.core == (ordered[n // 2 - 1], ordered[n // 2])


def test_improper_rule_win_set_on_both_sides_and_empty_core():
    # At least 2 of 5 can pass: two disjoint coalitions can both win, so no status quo is safe.
    names = ["A", "B", "C", "D", "E"]
    game = WeightedGame([1] * 5, 2, names=names)
    r = line_outcome(game, dict(zip(names, [0, 10, 20, 30, 40], strict=True)), 20)
    assert r.core is None
    assert r.win_set == (0, 40)  # (2 x_L - y, 2 x_R - y) with x_L = 10, x_R = 30, minus y
    assert not r.beats_status_quo(20) and r.beats_status_quo(21) and r.beats_status_quo(1)


def test_absent_member_blocks_consensus_and_nothing_passes():
    names = ["ARM", "BLR", "RUS"]
    game = WeightedGame([1, 1, 1], 3, names=names)
    r = line_outcome(game, {"ARM": 0, "RUS": 10}, 50, setter="RUS", absent=["BLR"])
    assert r.core == (None, None) and r.win_set is None and r.setter_outcome == 50
    assert r.pivots == (None, None)


def test_requested_by_the_host_makes_the_host_a_pivot():
    names = ["KAZ", "RUS", "BLR"]
    # Host KAZ must ask, and a majority must agree.
    game = ExplicitGame(names, lambda s: "KAZ" in s and len(s) >= 2)
    r = line_outcome(game, {"KAZ": 0, "RUS": 50, "BLR": 100}, 80, setter="RUS")
    # Moving left needs KAZ and one more: the prefix {KAZ, RUS} wins, so x_L = 50.
    assert r.left_pivot_position == 50 and r.win_set == (20, 80)
    assert r.setter_outcome == 50 and r.needed == ("KAZ", "RUS")


def test_exact_fractions_and_decimals():
    names = ["A", "B", "C"]
    game = WeightedGame([1, 1, 1], 2, names=names)
    r = line_outcome(game, {"A": "0.1", "B": "1/3", "C": 2.5}, "0.2", setter="C")
    assert r.core == (Fraction(1, 3), Fraction(1, 3))
    assert r.win_set == (Fraction(1, 5), Fraction(2, 3) - Fraction(1, 5))
    assert r.setter_outcome == Fraction(2, 3) - Fraction(1, 5)


def test_non_voting_setter_and_setter_position():
    names = ["A", "B", "C"]
    game = WeightedGame([1, 1, 1], 3, names=names)
    positions = {"A": 40, "B": 50, "C": 60, "COM": 100}
    r = line_outcome(game, positions, 0, setter="COM")
    # Unanimity: the leftmost member A accepts up to 2 * 40 - 0 = 80.
    assert r.setter_outcome == 80 and r.needed == ("A", "B", "C") and r.pivots == ("C", "A")
    assert line_outcome(game, positions, 0, setter_position=45).setter_outcome == 45


@pytest.mark.parametrize(
    ("kwargs", "where"),
    [
        ({"positions": {"A": 1, "B": 2}}, "positions"),
        ({"positions": {"A": 1, "B": 2, "C": "x"}}, "positions['C']"),
        ({"positions": {"A": 1, "B": 2, "C": 3}, "setter": "Z"}, "setter"),
        ({"positions": {"A": 1, "B": 2, "C": 3}, "absent": ["Q"]}, "absent"),
        ({"positions": [1, 2, 3]}, "positions"),
        ({"positions": {"A": 1, "B": 2, "C": 3}, "status_quo": "nan"}, "status_quo"),
    ],
)
def test_bad_input_names_the_parameter(kwargs, where):
    game = WeightedGame([1, 1, 1], 2, names=["A", "B", "C"])
    args = {"status_quo": 0, **kwargs}
    with pytest.raises(PivotalError) as err:
        line_outcome(game, **args)
    assert err.value.parameter == where


def test_wins_matches_winning_table_for_every_kind_of_game():
    @settings(max_examples=300, deadline=None)
    @given(any_games(min_n=1, max_n=8))
    def check(game):
        n = game.n
        masks = np.arange(1 << n)
        members = (masks[:, None] >> np.arange(n)) & 1
        assert game.wins(members.astype(bool)).tolist() == game.winning_table().tolist()

    check()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_batch_matches_exact_outcomes(data):
    game = data.draw(any_games(min_n=1, max_n=7))
    n = game.n
    m = data.draw(st.integers(1, 12))
    xs = np.array(
        data.draw(
            st.lists(st.lists(st.integers(-9, 9), min_size=n, max_size=n), min_size=m, max_size=m)
        ),
        dtype=float,
    )
    ys = np.array(data.draw(st.lists(st.integers(-20, 20), min_size=m, max_size=m)), dtype=float)
    ps = np.array(data.draw(st.lists(st.integers(-20, 20), min_size=m, max_size=m)), dtype=float)
    present = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    absent = [p for p, here in zip(game.players, present, strict=True) if not here]
    batch = line_outcomes(game, xs, ys, ps, present)
    for r in range(m):
        positions = {p: int(x) for p, x in zip(game.players, xs[r], strict=True)}
        one = line_outcome(game, positions, int(ys[r]), setter_position=int(ps[r]), absent=absent)
        expect_left = np.nan if one.left_pivot_position is None else float(one.left_pivot_position)
        assert np.allclose(batch.left[r], expect_left, equal_nan=True)
        if one.win_set is None:
            assert batch.gridlock[r]
        else:
            assert (batch.win_low[r], batch.win_high[r]) == tuple(map(float, one.win_set))
        assert batch.setter_outcome[r] == float(one.setter_outcome)
        if one.left_pivots:
            assert game.players[batch.left_index[r]] == one.left_pivots[0]
        if one.right_pivots:
            assert game.players[batch.right_index[r]] == one.right_pivots[0]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_table_lookups_and_vectorized_tests_give_the_same_outcome(case):
    """Small games answer from a cached table of winning coalitions, larger ones with vectorized
    tests: forcing the vectorized path must change nothing, and the fast setter's outcome used by
    the sensitivities equals line_outcome's."""
    from pivotal.outcomes import spatial1d

    game, positions, absent, y, setter = case
    with_table = line_outcome(game, positions, y, setter=setter, absent=absent)
    saved = spatial1d.SMALL_GAME
    spatial1d.SMALL_GAME = -1
    try:
        vectorized = line_outcome(game, positions, y, setter=setter, absent=absent)
    finally:
        spatial1d.SMALL_GAME = saved
    assert with_table == vectorized
    present = [i for i, p in enumerate(game.players) if p not in absent]
    values = [Fraction(positions[game.players[i]]) for i in present]
    ideal = None if setter is None else Fraction(positions[setter])
    fast = spatial1d.setter_outcome_fast(game, present, values, Fraction(y), ideal)
    assert fast == with_table.setter_outcome
