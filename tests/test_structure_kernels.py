"""Minimal winning coalitions and Johnston counts from the compiled structure kernels.

References, independent of :mod:`pivotal.engines.structure`:

* the enumeration engine (every coalition, from the definitions) on hundreds of random small
  weighted games, with zero weights, ties, quota 1 and quota = total;
* the numpy dp engine on medium games (n = 60..120), where several primes and the Chinese
  remainder theorem are needed;
* closed forms for [q; 1, ..., 1] (``q_of_n_expected`` in test_engines.py) and for a dictator
  with dummies, derived by hand.
"""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pivotal import WeightedGame
from pivotal.engines import ENGINES, Need, choose_engine
from pivotal.engines.fast import estimate
from pivotal.engines.structure import structure_counts, structure_memory, structure_work
from strategies import weighted_games
from test_engines import q_of_n_expected

NEEDS = frozenset({Need.WINNING, Need.MINIMAL, Need.JOHNSTON})
ALL_NEEDS = frozenset(Need)


def _counts(game: WeightedGame) -> tuple:
    criterion = game.criteria[0]
    return structure_counts(criterion.weights, criterion.quota, minimal=True, johnston=True)


def _reference(engine: str, game: WeightedGame) -> tuple:
    stats = ENGINES[engine].statistics(game, NEEDS)
    return stats.minimal_by_size, stats.minimal_count_by_size, stats.johnston_by_critical


def _assert_shapes(counts: tuple, n: int) -> None:
    minimal, count, johnston = counts
    assert len(minimal) == n and all(len(row) == n + 1 for row in minimal)
    assert len(count) == n + 1
    assert len(johnston) == n and all(len(row) == n + 1 for row in johnston)
    for value in (*count, *(v for row in minimal + johnston for v in row)):
        assert type(value) is int and value >= 0


@settings(max_examples=300, deadline=None)
@given(weighted_games(max_n=9))
def test_agrees_with_enumeration(game):
    counts = _counts(game)
    _assert_shapes(counts, game.n)
    assert counts == _reference("enumeration", game)


@settings(max_examples=60, deadline=None)
@given(weighted_games(max_n=9), st.sampled_from(["one", "total"]))
def test_extreme_quotas_agree_with_enumeration(game, which):
    weights = game.criteria[0].weights
    quota = 1 if which == "one" else sum(weights)
    extreme = WeightedGame(list(weights), quota)
    assert _counts(extreme) == _reference("enumeration", extreme)


@pytest.mark.parametrize("seed", range(6))
def test_agrees_with_dp_on_medium_games(seed):
    """n = 60..120: two or three primes, so the CRT is exercised; ties, zeros, varied quotas."""
    rng = random.Random(seed)
    n = rng.choice([60, 63, 64, 80, 100, 120])
    pool = [0, 1, 2, 3, 5, 8, 13, 21] if seed % 2 else list(range(0, 31))
    weights = [rng.choice(pool) for _ in range(n)]
    weights[0] = max(weights[0], 1)
    total = sum(weights)
    quota = rng.choice([total // 2 + 1, -(-2 * total // 3), rng.randint(1, total), total])
    game = WeightedGame(weights, quota)
    assert _counts(game) == _reference("dp", game)


@pytest.mark.parametrize(("n", "q"), [(63, 63), (64, 1), (70, 36), (100, 67), (130, 2), (130, 129)])
def test_q_of_n(n, q):
    expected = q_of_n_expected(n, q)
    minimal, count, johnston = structure_counts((1,) * n, q, minimal=True, johnston=True)
    assert minimal == expected["minimal_by_size"]
    assert count == expected["minimal_count_by_size"]
    assert johnston == expected["johnston_by_critical"]


@pytest.mark.parametrize("n", [40, 90])
def test_dictator_with_dummies_and_null_players(n):
    """[n; n, 1, ..., 1, 0, 0]: player 0 alone is the only MWC; it is the only critical member of
    every winning coalition (the 2^(n+1) coalitions that contain it)."""
    weights = (n,) + (1,) * (n - 1) + (0, 0)
    size = n + 2
    minimal, count, johnston = structure_counts(weights, n, minimal=True, johnston=True)
    zero = (0,) * (size + 1)
    assert minimal == (tuple(int(s == 1) for s in range(size + 1)),) + (zero,) * (size - 1)
    assert count == tuple(int(s == 1) for s in range(size + 1))
    dictator = tuple(2 ** (size - 1) if c == 1 else 0 for c in range(size + 1))
    assert johnston == (dictator,) + (zero,) * (size - 1)


def test_two_heavy_players_and_many_light():
    """[q; a, a, 1 x m] with a < q ≤ 2a: the MWCs are {both heavy} and {one heavy plus exactly
    q - a light ones}; counted with binomials."""
    m, a, q = 70, 50, 80
    weights = (a, a) + (1,) * m
    minimal, count, _ = structure_counts(weights, q, minimal=True, johnston=False)
    k = q - a
    expected_count = [0] * (m + 3)
    expected_count[2] += 1
    expected_count[1 + k] += 2 * math.comb(m, k)
    assert count == tuple(expected_count)
    heavy = [0] * (m + 3)
    heavy[2] += 1
    heavy[1 + k] += math.comb(m, k)
    assert minimal[0] == minimal[1] == tuple(heavy)
    light = [0] * (m + 3)
    light[1 + k] = 2 * math.comb(m - 1, k - 1)
    assert all(row == tuple(light) for row in minimal[2:])


def test_only_what_is_asked():
    minimal, count, johnston = structure_counts((3, 2, 1), 4, minimal=False, johnston=True)
    assert minimal is None and count is None and johnston is not None
    minimal, count, johnston = structure_counts((3, 2, 1), 4, minimal=True, johnston=False)
    assert johnston is None and minimal is not None and count is not None


def test_quota_above_total_counts_nothing():
    minimal, count, johnston = structure_counts((3, 2, 1), 7, minimal=True, johnston=True)
    assert count == (0,) * 4
    assert minimal == johnston == ((0,) * 4,) * 3
    assert structure_work((3, 2, 1), 7, True, True) == 0


def test_work_and_memory_estimates():
    rng = random.Random(300)
    weights = tuple(rng.randint(1, 1000) for _ in range(300))
    quota = sum(weights) // 2 + 1
    # n = 300 with weights up to 1000 fits well under 1 GB.
    assert structure_memory(weights, quota) < 2**30 / 2
    both = structure_work(weights, quota, True, True)
    assert 0 < structure_work(weights, quota, True, False) < both
    assert 0 < structure_work(weights, quota, False, True) < both


def test_fast_engine_runs_all_nine_indices_of_a_large_weighted_game():
    rng = random.Random(200)
    weights = [rng.randint(1, 1000) for _ in range(200)]
    game = WeightedGame(weights, sum(weights) // 2 + 1)
    engine, reason = choose_engine(game, ALL_NEEDS)
    assert engine.name == "fast", reason
    est = estimate(game, ALL_NEEDS)
    assert est is not None and est.seconds < 60 and est.memory < 2**30


def test_fast_engine_statistics_match_dp():
    rng = random.Random(7)
    weights = [rng.randint(0, 40) for _ in range(75)]
    game = WeightedGame(weights, sum(weights) * 3 // 5)
    fast = ENGINES["fast"].statistics(game, ALL_NEEDS)
    dp = ENGINES["dp"].statistics(game, ALL_NEEDS)
    assert fast.engine == "fast"
    for field in ("minimal_by_size", "minimal_count_by_size", "johnston_by_critical", "swings"):
        assert getattr(fast, field) == getattr(dp, field), field
