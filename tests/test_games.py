"""Building games: exact weights; validation errors that name the parameter and say how to fix it.

Every bad input must raise :class:`PivotalError` (never a bare ValueError, TypeError or crash later
on), and its message must name the parameter at fault, what was received and a fix.
"""

from __future__ import annotations

import itertools
import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pivotal import (
    AndGame,
    ExplicitGame,
    MultiWeightedGame,
    OrGame,
    PivotalError,
    WeightedGame,
    power,
)
from pivotal.games import MAX_PLAYERS, Criterion


def raises(call, parameter: str, *words: str) -> PivotalError:
    """Assert that ``call()`` raises PivotalError for ``parameter`` whose message has ``words``."""
    with pytest.raises(PivotalError) as info:
        call()
    error = info.value
    message = str(error)
    assert error.parameter == parameter, message
    assert message.startswith(f"{parameter}: expected "), message
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"
    assert error.fix.strip() and error.fix in message  # every error says how to fix it
    assert error.exit_code == 2
    return error


# --- weights


def test_negative_weight():
    raises(lambda: WeightedGame([3, -1, 2], 3), "weights[1]", "non-negative", "-1", "use 0")


def test_weight_not_a_number():
    raises(lambda: WeightedGame([3, "abc"], 3), "weights[1]", "number", "'abc'")
    raises(lambda: WeightedGame([None, 1], 1), "weights[0]", "number", "None")
    raises(lambda: WeightedGame([[1], 1], 1), "weights[0]", "number", "list")


def test_bool_weight():
    raises(lambda: WeightedGame([True, 1], 1), "weights[0]", "number", "True/False")
    raises(lambda: WeightedGame([1, 2], False), "quota", "True/False")


@pytest.mark.parametrize(
    "bad",
    [
        float("nan"),
        float("inf"),
        -float("inf"),
        Decimal("NaN"),
        Decimal("Infinity"),
        np.float64("nan"),
    ],
    ids=["nan", "inf", "-inf", "Decimal-nan", "Decimal-inf", "numpy-nan"],
)
def test_non_finite_weight(bad):
    raises(lambda: WeightedGame([1, bad], 1), "weights[1]", "finite")
    raises(lambda: WeightedGame([1, 2], bad), "quota", "finite")


@pytest.mark.parametrize("bad", ["inf", "-inf", "Infinity", "nan", "NaN"])
def test_non_finite_weight_as_text(bad):
    """Text is read as a number; non-finite text must be refused like a non-finite float."""
    raises(lambda: WeightedGame([1, bad], 1), "weights[1]", repr(bad))
    raises(lambda: WeightedGame([1, 2], bad), "quota", repr(bad))


def test_weights_not_a_list():
    raises(lambda: WeightedGame("442", 6), "weights", "list of numbers")
    raises(lambda: WeightedGame(5, 6), "weights", "list of numbers")


def test_empty_weights():
    raises(lambda: WeightedGame([], 1), "weights", "at least one weight")


def test_too_many_players():
    raises(
        lambda: WeightedGame([1] * (MAX_PLAYERS + 1), 1),
        "weights",
        f"at most {MAX_PLAYERS}",
        f"{MAX_PLAYERS + 1} players",
    )


# --- quota


@pytest.mark.parametrize("quota", [0, -1, "0", Fraction(-1, 2), -0.5])
def test_quota_not_positive(quota):
    raises(lambda: WeightedGame([2, 1], quota), "quota", "positive", "empty coalition")


def test_quota_above_total():
    error = raises(
        lambda: WeightedGame([2, 1, 1], 5),
        "quota",
        "at most the total weight 4",
        "5",
        "never be won",
    )
    assert "lower the quota" in error.fix
    raises(lambda: WeightedGame(["0.5", "0.25"], "0.8"), "quota", "3/4", "never be won")


def test_quota_equal_to_total_is_unanimity():
    game = WeightedGame([2, 1, 1], 4)
    assert power(game).winning_count == 1


def test_quota_not_a_number():
    raises(lambda: WeightedGame([2, 1], "half"), "quota", "number", "'half'")
    raises(lambda: WeightedGame([2, 1], "1/0"), "quota", "number")


# --- exact scaling


def test_decimal_strings_are_scaled_by_a_power_of_ten():
    game = WeightedGame(["16.74", "6.01", "4.85"], "20")
    assert game.scale == 100
    assert game.weights == (1674, 601, 485)
    assert game.quota == 2000


def test_float_weights_read_as_the_decimal_they_print_as():
    game = WeightedGame([16.74, 6.01, 4.85], 20)
    assert game.scale == 100
    assert game.weights == (1674, 601, 485)
    assert game.quota == 2000
    assert game.is_winning(["P1", "P2"]) and not game.is_winning(["P1"])
    # 0.1 + 0.2 prints as 0.30000000000000004: exactly that decimal, not 3/10.
    tiny = WeightedGame([0.1 + 0.2, 0.3], 0.3)
    assert tiny.weights[0] > tiny.weights[1] == tiny.quota


def test_decimal_weights_are_scaled_by_the_lcm_of_denominators():
    """The module documents the rule: 16.74 = 837/50, so weights and quota are scaled by 50."""
    for weights in (["16.74", 5], [16.74, 5], [Decimal("16.74"), 5]):
        game = WeightedGame(weights, 10)
        assert game.scale == 50, f"{weights!r}: scale {game.scale}"
        assert game.weights == (837, 250)
        assert game.quota == 500


def test_fractions_are_scaled_by_the_lcm_of_denominators():
    game = WeightedGame([Fraction(1, 3), Fraction(1, 2), 1], Fraction(5, 6))
    assert game.scale == 6
    assert game.weights == (2, 3, 6)
    assert game.quota == 5
    assert WeightedGame(["1/3", "2/3"], "2/3").weights == (1, 2)


def test_numpy_integers_are_accepted():
    game = WeightedGame(np.array([4, 2, 1]), np.int64(5))
    assert game.weights == (4, 2, 1) and all(type(w) is int for w in game.weights)
    assert WeightedGame([np.float32(0.5), 1], 1).weights == (1, 2)


def test_numpy_float64_weights_are_accepted():
    """np.float64 (what pandas columns hold) is a float subclass; it must be read like a float."""
    assert WeightedGame([np.float64(0.5), 1], 1).weights == (1, 2)
    assert WeightedGame(np.array([16.74, 6.01]), np.float64(10)).weights == (1674, 601)


@settings(max_examples=200)
@given(
    weights=st.lists(st.decimals(min_value=0, max_value=100, places=3), min_size=1, max_size=6),
    data=st.data(),
)
def test_scaled_game_has_the_same_winning_coalitions(weights, data):
    """Whatever the scale, S wins exactly when the exact sum of its weights reaches the quota."""
    total = sum(weights)
    if total == 0:
        weights[0] = Decimal("0.001")
        total = sum(weights)
    quota = data.draw(st.decimals(min_value=Decimal("0.001"), max_value=total, places=3))
    game = WeightedGame([str(w) for w in weights], str(quota))
    assert all(type(w) is int for w in game.weights) and type(game.quota) is int
    assert all(Fraction(w) * game.scale == gw for w, gw in zip(weights, game.weights, strict=True))
    assert Fraction(quota) * game.scale == game.quota
    n = len(weights)
    for k in range(n + 1):
        for combo in itertools.combinations(range(n), k):
            exact = sum((Fraction(weights[i]) for i in combo), Fraction(0)) >= Fraction(quota)
            assert game.is_winning([game.players[i] for i in combo]) == exact


# --- names


def test_default_names():
    assert WeightedGame([1, 1, 1], 2).players == ("P1", "P2", "P3")


def test_duplicate_names():
    raises(lambda: WeightedGame([1, 1], 2, names=["RUS", "RUS"]), "names", "unique", "'RUS'")
    raises(lambda: WeightedGame([1, 1], 2, names=["RUS", " RUS "]), "names", "unique", "'RUS'")


def test_wrong_number_of_names():
    raises(
        lambda: WeightedGame([1, 1, 1], 2, names=["A", "B"]),
        "names",
        "3 names",
        "2 names",
        "one name per weight",
    )


def test_empty_name():
    raises(lambda: WeightedGame([1, 1], 2, names=["A", " "]), "names", "non-empty")


def test_unknown_player_in_coalition():
    game = WeightedGame([1, 1], 2, names=["A", "B"])
    raises(lambda: game.is_winning(["A", "Z"]), "player", "A, B", "Z")


# --- multi-criteria


def test_multi_criteria_errors_name_the_criterion():
    raises(lambda: MultiWeightedGame([]), "criteria", "at least one")
    raises(
        lambda: MultiWeightedGame([([1, 1], 1), ([1, 1, 1], 2)]),
        "criteria[1].weights",
        "2 weights",
        "3 weights",
    )
    raises(lambda: MultiWeightedGame([([1, -1], 1)]), "criteria[0].weights[1]", "non-negative")
    raises(
        lambda: MultiWeightedGame([([1, 1], 1), ([1, 1], 3)]), "criteria[1].quota", "never be won"
    )
    raises(lambda: MultiWeightedGame([([1, 1], 1), 7]), "criteria[1]", "(weights, quota) pair")
    raises(
        lambda: MultiWeightedGame([([1, 1], 1)], criteria_names=["a", "b"]),
        "criteria_names",
        "1 names",
    )
    raises(lambda: MultiWeightedGame([([1, 1], 1)], names=["A"]), "names", "2 names")


def test_multi_criteria_wins_only_when_every_criterion_is_met():
    game = MultiWeightedGame([([1, 1, 1, 1], 3), ([40, 30, 20, 10], 65)], names=list("ABCD"))
    for k in range(5):
        for combo in itertools.combinations("ABCD", k):
            members = len(combo) >= 3
            population = sum(dict(A=40, B=30, C=20, D=10)[p] for p in combo) >= 65
            assert game.is_winning(combo) == (members and population)
    assert [c.name for c in game.criteria] == ["criterion 1", "criterion 2"]


def test_criterion_objects_are_validated_too():
    """A Criterion passed directly must not bypass validation (a quota of 0 lets nobody win...)."""
    with pytest.raises(PivotalError):
        MultiWeightedGame([Criterion((2, 1), 0)])
    with pytest.raises(PivotalError):
        MultiWeightedGame([Criterion((2, -1), 1)])


# --- composite games


def test_composite_of_games_over_different_players():
    g = WeightedGame([1, 1], 2, names=["A", "B"])
    h = WeightedGame([1, 1], 2, names=["B", "A"])
    for cls in (AndGame, OrGame):
        raises(
            lambda cls=cls: cls([g, h]),
            "games[1]",
            "same players in the same order",
            "A, B",
            "B, A",
        )
    raises(lambda: g & WeightedGame([1, 1, 1], 2), "games[1]", "same players")
    raises(lambda: g | WeightedGame([1, 1], 1), "games[1]", "same players", "P1, P2")


def test_composite_needs_two_games():
    g = WeightedGame([1, 1], 2)
    raises(lambda: AndGame([g]), "games", "at least two")
    raises(lambda: OrGame([]), "games", "at least two")


def test_composite_of_something_that_is_not_a_game():
    g = WeightedGame([1, 1], 2)
    raises(lambda: AndGame([g, [1, 1]]), "games[1]", "a game")
    raises(lambda: OrGame([g, g, "g"]), "games[2]", "a game")


def test_composite_whose_first_part_is_not_a_game():
    g = WeightedGame([1, 1], 2)
    raises(lambda: AndGame([[1, 1], g]), "games[0]", "a game")
    raises(lambda: OrGame([None, g]), "games[0]", "a game")


def test_composites_flatten_and_evaluate():
    a = WeightedGame([2, 1, 1], 3, names=list("XYZ"))
    b = WeightedGame([1, 1, 1], 2, names=list("XYZ"))
    c = WeightedGame([0, 1, 1], 1, names=list("XYZ"))
    nested = AndGame([AndGame([a, b]), c])
    assert len(nested.games) == 3
    assert len(OrGame([a, OrGame([b, c])]).games) == 3
    for k in range(4):
        for combo in itertools.combinations("XYZ", k):
            assert nested.is_winning(combo) == (
                a.is_winning(combo) and b.is_winning(combo) and c.is_winning(combo)
            )
            assert (a | c).is_winning(combo) == (a.is_winning(combo) or c.is_winning(combo))


# --- explicit games


def test_explicit_non_monotone():
    error = raises(
        lambda: ExplicitGame(["A", "B", "C"], lambda s: len(s) in (1, 3)),
        "winning",
        "monotone",
        "makes it lose",
    )
    assert "fix the winning test" in error.fix


def test_explicit_empty_coalition_wins():
    raises(
        lambda: ExplicitGame(["A", "B"], lambda s: True),
        "winning",
        "empty coalition",
        "empty coalition wins",
    )
    raises(
        lambda: ExplicitGame.from_minimal_winning(["A", "B"], [[]]), "winning", "empty coalition"
    )


def test_explicit_grand_coalition_loses():
    raises(
        lambda: ExplicitGame(["A", "B"], lambda s: False),
        "winning",
        "all players together",
        "grand coalition loses",
    )
    raises(
        lambda: ExplicitGame.from_minimal_winning(["A", "B"], []),
        "winning",
        "grand coalition loses",
    )


def test_explicit_other_errors():
    raises(lambda: ExplicitGame([], lambda s: True), "players", "at least one player")
    raises(
        lambda: ExplicitGame([f"P{i}" for i in range(21)], lambda s: len(s) > 10),
        "players",
        "at most 20",
        "21 players",
        "WeightedGame",
    )
    raises(lambda: ExplicitGame(["A", "A"], lambda s: bool(s)), "players", "unique")
    raises(lambda: ExplicitGame(["A", "B"], "A and B"), "winning", "function")
    raises(
        lambda: ExplicitGame.from_minimal_winning(["A", "B"], [["A"], ["C", "D"]]),
        "coalitions[1]",
        "A, B",
        "C, D",
    )


def test_explicit_game_from_minimal_winning():
    game = ExplicitGame.from_minimal_winning(["A", "B", "C", "D"], [["A", "B"], ["C"]])
    for k in range(5):
        for combo in itertools.combinations("ABCD", k):
            s = set(combo)
            assert game.is_winning(combo) == ({"A", "B"} <= s or "C" in s)


def test_explicit_names_are_matched_as_the_game_stores_them():
    """Names are stripped of spaces when a game is built; the coalitions must use the same names."""
    game = ExplicitGame.from_minimal_winning([" A", "B "], [[" A"]])
    assert game.players == ("A", "B")
    assert game.is_winning(["A"])


def test_explicit_and_weighted_games_agree():
    weighted = WeightedGame([4, 4, 4, 2, 2, 1], 12, names=["FR", "DE", "IT", "BE", "NL", "LU"])
    weights = dict(zip(weighted.players, weighted.weights, strict=True))
    explicit = ExplicitGame(weighted.players, lambda s: sum(weights[p] for p in s) >= 12)
    a, b = power(weighted), power(explicit)
    assert a.indices == b.indices and a.coleman_act == b.coleman_act
    assert math.isclose(float(a.coleman_act), 14 / 64)
