"""The fast exact engine and the float path against the reference engines, the budget, progress.

The common engine tests (tests/test_engines.py) already run the fast engine against brute force on
thousands of small games. Here: medium games, where several primes and the Chinese remainder
theorem are in play (n = 60..300), the float path against exact counts, and the budget and the
progress bar that guard large runs.
"""

from __future__ import annotations

import logging
import random
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pivotal import WeightedGame, power
from pivotal.engines import ENGINES, Budget, Estimate, Need, choose_engine, compute_statistics
from pivotal.engines.budget import Progress, describe_bytes, describe_seconds
from pivotal.engines.fast import FastEngine
from pivotal.engines.floating import swing_probabilities
from pivotal.errors import EngineUnavailableError, PivotalError

SWINGS = frozenset({Need.SWINGS, Need.WINNING})
BY_SIZE = SWINGS | {Need.SWINGS_BY_SIZE}


@st.composite
def medium_games(draw, min_n=60, max_n=300, max_weight=60):
    n = draw(st.integers(min_n, max_n))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = random.Random(seed)
    top = draw(st.integers(1, max_weight))
    weights = [rng.randint(0, top) for _ in range(n)]
    weights[0] = max(weights[0], 1)  # a winnable game: some weight
    total = sum(weights)
    share = draw(st.sampled_from([0.5, 0.51, 2 / 3, 0.75, 0.9, 1.0, 0.1]))
    quota = max(1, min(total, int(total * share) + 1))
    return WeightedGame(weights, quota)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(game=medium_games())
def test_fast_swings_agree_with_dp_on_medium_games(game):
    """n = 60..300: counts up to 2^300 need five primes below 2^63; dp uses eleven below 2^31."""
    fast = ENGINES["fast"].statistics(game, SWINGS)
    dp = ENGINES["dp"].statistics(game, SWINGS)
    assert fast.swings == dp.swings
    assert fast.winning_count == dp.winning_count


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(game=medium_games(min_n=60, max_n=130, max_weight=30))
def test_fast_swings_by_size_agree_with_dp_on_medium_games(game):
    fast = ENGINES["fast"].statistics(game, BY_SIZE)
    dp = ENGINES["dp"].statistics(game, BY_SIZE)
    assert fast.swings_by_size == dp.swings_by_size
    assert fast.winning_count == dp.winning_count


def test_shapley_shubik_of_a_medium_game_sums_to_one_and_matches_dp():
    rng = random.Random(7)
    weights = [rng.randint(1, 50) for _ in range(90)]
    game = WeightedGame(weights, sum(weights) // 2 + 1)
    fast = power(game, indices="ss,bz", engine="fast")
    dp = power(game, indices="ss,bz", engine="dp")
    assert fast.indices == dp.indices
    assert sum(fast.indices["shapley_shubik"]) == 1
    assert fast.engine == "fast"


def test_symmetric_game_closed_form_beyond_one_prime():
    """[51; 1 x 101]: every player swings C(100, 50) coalitions, all of 50 players."""
    from math import comb

    game = WeightedGame([1] * 101, 51)
    stats = ENGINES["fast"].statistics(game, BY_SIZE)
    assert stats.swings == (comb(100, 50),) * 101
    row = tuple(comb(100, 50) if s == 50 else 0 for s in range(101))
    assert stats.swings_by_size == (row,) * 101
    assert stats.winning_count == 2**100  # S and its complement: exactly one of them wins


def test_unanimity_with_a_weightless_member():
    """Quota = total: only coalitions with every weighted member win; each is a veto player."""
    stats = FastEngine().statistics(WeightedGame([3, 2, 0], 5, names=list("ABC")), BY_SIZE)
    assert stats.winning_count == 2  # {A, B} and {A, B, C}
    assert stats.swings == (2, 2, 0)
    assert stats.swings_by_size == ((0, 1, 1), (0, 1, 1), (0, 0, 0))


def test_the_automatic_choice_sends_large_weighted_games_to_the_fast_engine():
    rng = random.Random(300)
    weights = [rng.randint(1, 1000) for _ in range(300)]
    engine, reason = choose_engine(WeightedGame(weights, sum(weights) // 2 + 1), SWINGS)
    assert engine.name == "fast"
    assert "primes" in reason and "about" in reason


# --- the float path


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(game=medium_games(min_n=2, max_n=200, max_weight=300))
def test_float_path_agrees_with_exact_counts(game):
    probs, win, bound = swing_probabilities(game)
    stats = compute_statistics(game, SWINGS, engine="fast")
    half = 2 ** (game.n - 1)
    for p, s in zip(probs, stats.swings, strict=True):
        exact = Fraction(s, half)
        assert abs(Fraction(p) - exact) <= bound  # the stated bound holds
        if exact > Fraction(1, 10**6):
            assert abs(Fraction(p) - exact) <= exact * Fraction(1, 10**9)
    assert abs(Fraction(win) - Fraction(stats.winning_count, 2 * half)) <= bound


def test_float_path_refuses_games_it_cannot_compute():
    from pivotal.games import MultiWeightedGame

    game = MultiWeightedGame([([1, 1, 1], 2), ([3, 2, 1], 4)])
    with pytest.raises(PivotalError, match="float path") as err:
        swing_probabilities(game)
    assert "--engine montecarlo" in str(err.value)


# --- budget and progress


def test_a_run_over_budget_is_refused_with_the_estimate_and_the_ways_out():
    rng = random.Random(1000)
    weights = [rng.randint(1, 1000) for _ in range(1000)]
    game = WeightedGame(weights, sum(weights) // 2 + 1)
    with pytest.raises(EngineUnavailableError) as err:
        choose_engine(game, BY_SIZE, budget=Budget(seconds=5))
    message = str(err.value)
    assert message.startswith("budget: ")
    assert "minutes" in message and "budget 5.0 s" in message
    for way_out in ("--engine montecarlo", "--engine float", "--budget SECONDS"):
        assert way_out in message
    # The same game's swings without the size axis fit easily.
    assert choose_engine(game, SWINGS, budget=Budget(seconds=5))[0].name == "fast"


def test_memory_over_budget_is_refused_before_allocating():
    game = WeightedGame([10**12 + 1, 10**12 + 3, 10**12 + 7] + [1] * 30, 2 * 10**12)
    with pytest.raises(EngineUnavailableError, match="of memory"):
        choose_engine(game, SWINGS, engine="fast", budget=Budget(seconds=10**9))


def test_budget_validation():
    assert Budget.of(None).seconds == 60
    assert Budget.of(600).seconds == 600
    for bad in (0, -1, "ten", True, float("nan")):
        with pytest.raises(PivotalError, match="budget"):
            Budget.of(bad)


def test_power_takes_a_budget():
    rng = random.Random(1000)
    weights = [rng.randint(1, 1000) for _ in range(1000)]
    with pytest.raises(EngineUnavailableError, match="budget"):
        power(WeightedGame(weights, sum(weights) // 2 + 1), indices="ss", budget=1)


def test_progress_is_logged_for_long_runs(caplog):
    with (
        caplog.at_level(logging.WARNING, logger="pivotal.engines"),
        Progress(10, Estimate(seconds=30, memory=0), "counting") as bar,
    ):
        for _ in range(10):
            bar.advance(1)
    lines = [r.getMessage() for r in caplog.records]
    assert lines[0].startswith("counting: started, about 30 s")
    assert any("100% done" in line for line in lines)
    assert len(lines) == 11  # started, then every tenth


def test_no_progress_for_short_runs(caplog, monkeypatch):
    monkeypatch.delenv("PIVOTAL_PROGRESS", raising=False)
    with (
        caplog.at_level(logging.WARNING, logger="pivotal.engines"),
        Progress(10, Estimate(seconds=0.5, memory=0), "counting") as bar,
    ):
        bar.advance(10)
    assert not caplog.records


def test_the_fast_engine_reports_progress_on_a_real_run(caplog, monkeypatch):
    monkeypatch.setenv("PIVOTAL_PROGRESS", "1")
    rng = random.Random(5)
    game = WeightedGame([rng.randint(1, 100) for _ in range(80)], 2000)
    with caplog.at_level(logging.WARNING, logger="pivotal.engines"):
        FastEngine().statistics(game, BY_SIZE)
    assert any("100% done" in r.getMessage() for r in caplog.records)


def test_plain_words():
    assert describe_seconds(0.25) == "0.2 s" or describe_seconds(0.25) == "0.3 s"
    assert describe_seconds(400) == "6.7 minutes"
    assert describe_seconds(3 * 86400) == "3 days"
    assert describe_bytes(1.5 * 2**30) == "1.5 GB"
    assert describe_bytes(2048) == "2 KB"


def test_float_path_past_1024_players_has_no_overflow():
    """2^(n-1) overflows a double past n = 1024: the Banzhaf family still comes out, raw swing
    counts are refused with the reason instead of an OverflowError."""
    rng = random.Random(1100)
    weights = [rng.randint(1, 20) for _ in range(1100)]
    game = WeightedGame(weights, sum(weights) // 2 + 1)
    result = power(game, engine="float")
    assert "raw_banzhaf" not in result.indices
    assert abs(sum(result.indices["banzhaf"]) - 1) < 1e-9
    assert result.error < 1e-6
    with pytest.raises(PivotalError, match="raw_banzhaf"):
        power(game, indices="raw_banzhaf", engine="float")
