"""Every index that ``power()`` reports equals its textbook definition, computed by brute force.

The definitions below enumerate coalitions (and, for Shapley-Shubik with n <= 7, all n! orders in
which players can join) and use nothing from pivotal but ``game.is_winning``. Values are compared
as exact Fractions; then the presentation (floats, DataFrame, JSON dict) is checked against the
exact values.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pivotal import PivotalError, WeightedGame, power
from pivotal.engines import ENGINES, Need
from pivotal.power import ALIASES, INDICES
from strategies import any_games

ALL_NEEDS = frozenset(Need)
CONTRACT_INDICES = [
    "raw_banzhaf",
    "banzhaf",
    "penrose",
    "shapley_shubik",
    "coleman_prevent",
    "coleman_initiate",
    "johnston",
    "deegan_packel",
    "holler",
]


def _popcount(mask: int) -> int:
    return bin(mask).count("1")


def definitions(game) -> dict:
    """All indices of ``game`` from their definitions (Fractions), by enumerating coalitions."""
    names = game.players
    n = len(names)
    size = 1 << n
    win = [False] * size
    for k in range(n + 1):
        for combo in itertools.combinations(range(n), k):
            mask = sum(1 << i for i in combo)
            win[mask] = bool(game.is_winning([names[i] for i in combo]))
    winning = [m for m in range(size) if win[m]]
    losing = [m for m in range(size) if not win[m]]

    def has(m: int, i: int) -> bool:
        return bool(m >> i & 1)

    # Banzhaf: i swings S (i not in S) when S loses and S + i wins.
    raw = [sum(1 for m in losing if not has(m, i) and win[m | 1 << i]) for i in range(n)]
    # Coleman: of the winning coalitions containing i, those i can break by leaving ...
    breaks = [sum(1 for m in winning if has(m, i) and not win[m & ~(1 << i)]) for i in range(n)]
    # ... and of the losing coalitions without i, those i can turn into winners by joining.
    makes = [sum(1 for m in losing if not has(m, i) and win[m | 1 << i]) for i in range(n)]

    # Shapley-Shubik: the share of join orders in which i is the pivot.
    if n <= 7:
        pivots = [0] * n
        for order in itertools.permutations(range(n)):
            mask = 0
            for p in order:
                mask |= 1 << p
                if win[mask]:
                    pivots[p] += 1
                    break
        shapley = [Fraction(c, math.factorial(n)) for c in pivots]
    else:  # Shapley's formula, summing over the coalitions i joins as the pivot
        shapley = [
            sum(
                (
                    Fraction(
                        math.factorial(_popcount(m)) * math.factorial(n - _popcount(m) - 1),
                        math.factorial(n),
                    )
                    for m in losing
                    if not has(m, i) and win[m | 1 << i]
                ),
                Fraction(0),
            )
            for i in range(n)
        ]

    # Johnston: in each winning coalition, the c members who can break it share 1 equally.
    johnston_raw = [Fraction(0)] * n
    for m in winning:
        critical = [i for i in range(n) if has(m, i) and not win[m & ~(1 << i)]]
        for i in critical:
            johnston_raw[i] += Fraction(1, len(critical))
    johnston_total = sum(johnston_raw)

    # Minimal winning coalitions: winning, and no proper subset wins (smallest first).
    minimal: list[int] = []
    for m in sorted(winning, key=_popcount):
        if not any(t & m == t for t in minimal):
            minimal.append(m)
    deegan = [
        sum((Fraction(1, _popcount(m)) for m in minimal if has(m, i)), Fraction(0)) / len(minimal)
        for i in range(n)
    ]
    memberships = [sum(1 for m in minimal if has(m, i)) for i in range(n)]

    return {
        "indices": {
            "raw_banzhaf": tuple(raw),
            "banzhaf": tuple(Fraction(r, sum(raw)) for r in raw),
            "penrose": tuple(Fraction(r, 2 ** (n - 1)) for r in raw),
            "shapley_shubik": tuple(shapley),
            "coleman_prevent": tuple(Fraction(b, len(winning)) for b in breaks),
            "coleman_initiate": tuple(Fraction(c, len(losing)) for c in makes),
            "johnston": tuple(j / johnston_total for j in johnston_raw),
            "deegan_packel": tuple(deegan),
            "holler": tuple(Fraction(c, sum(memberships)) for c in memberships),
        },
        "coleman_act": Fraction(len(winning), size),
        "winning_count": len(winning),
        "minimal_count": len(minimal),
        "veto_players": tuple(names[i] for i in range(n) if all(has(m, i) for m in winning)),
        "dummies": tuple(
            names[i] for i in range(n) if all(win[m] == win[m | 1 << i] for m in range(size))
        ),
    }


def assert_result_matches(result, expected, game) -> None:
    assert result.players == game.players
    assert set(result.indices) == set(CONTRACT_INDICES)
    for key in CONTRACT_INDICES:
        values = result.indices[key]
        assert len(values) == game.n
        assert values == expected["indices"][key], f"{key} of {game!r} ({result.engine})"
        for v in values:
            assert type(v) is (int if key == "raw_banzhaf" else Fraction), (key, v)
    assert result.coleman_act == expected["coleman_act"]
    assert result.winning_count == expected["winning_count"]
    assert result.minimal_winning_count == expected["minimal_count"]
    assert result.veto_players == expected["veto_players"]
    assert result.dummies == expected["dummies"]


# --- the definitions themselves


def test_definitions_on_a_hand_computed_game():
    """[3; 2, 1, 1] (A with B or C), every index worked out by hand."""
    d = definitions(WeightedGame([2, 1, 1], 3, names=["A", "B", "C"]))["indices"]
    F = Fraction  # noqa: N806
    assert d["raw_banzhaf"] == (3, 1, 1)
    assert d["banzhaf"] == (F(3, 5), F(1, 5), F(1, 5))
    assert d["penrose"] == (F(3, 4), F(1, 4), F(1, 4))
    # Orders: A is pivot unless A comes first (then the next one is): 4 of 6 orders.
    assert d["shapley_shubik"] == (F(2, 3), F(1, 6), F(1, 6))
    assert d["coleman_prevent"] == (F(1), F(1, 3), F(1, 3))  # 3 winning coalitions: AB, AC, ABC
    assert d["coleman_initiate"] == (F(3, 5), F(1, 5), F(1, 5))  # 5 losing coalitions
    # AB: A, B share 1; AC: A, C share 1; ABC: A alone. Raw (2, 1/2, 1/2) of 3.
    assert d["johnston"] == (F(2, 3), F(1, 6), F(1, 6))
    # Minimal winning AB, AC: A gets 1/2 + 1/2 of 2; B, C 1/2 of 2.
    assert d["deegan_packel"] == (F(1, 2), F(1, 4), F(1, 4))
    assert d["holler"] == (F(1, 2), F(1, 4), F(1, 4))


def test_shapley_permutations_and_formula_agree():
    """The two Shapley-Shubik definitions used above agree (n = 7, both applicable)."""
    game = WeightedGame([5, 4, 3, 3, 2, 1, 0], 10)
    by_orders = definitions(game)["indices"]["shapley_shubik"]
    n = game.n
    swings = definitions(game)["indices"]["raw_banzhaf"]
    assert sum(by_orders) == 1 and swings[-1] == 0
    stats_free = []
    names = game.players
    for i in range(n):
        total = Fraction(0)
        others = [j for j in range(n) if j != i]
        for k in range(n):
            for combo in itertools.combinations(others, k):
                s = [names[j] for j in combo]
                if not game.is_winning(s) and game.is_winning([*s, names[i]]):
                    total += Fraction(
                        math.factorial(k) * math.factorial(n - k - 1), math.factorial(n)
                    )
        stats_free.append(total)
    assert tuple(stats_free) == by_orders


# --- power() vs definitions


def _check_all_engines(game) -> None:
    expected = definitions(game)
    ran = 0
    for name in sorted(ENGINES):
        if not ENGINES[name].supports(game, ALL_NEEDS).ok:
            continue
        ran += 1
        result = power(game, engine=name)
        assert result.engine == name
        assert_result_matches(result, expected, game)
    assert ran >= 1
    assert_result_matches(power(game), expected, game)  # automatic engine choice


@settings(max_examples=800)
@given(game=any_games(max_n=5))
def test_power_equals_definitions_small_games(game):
    _check_all_engines(game)


@settings(max_examples=500)
@given(game=any_games(min_n=6, max_n=7))
def test_power_equals_definitions_six_and_seven_players(game):
    """Shapley-Shubik from all 720 or 5040 orders."""
    _check_all_engines(game)


@settings(max_examples=300)
@given(game=any_games(min_n=8, max_n=10))
def test_power_equals_definitions_up_to_ten_players(game):
    _check_all_engines(game)


@settings(max_examples=150)
@given(game=any_games(max_n=8), data=st.data())
def test_selected_indices_and_aliases(game, data):
    """Asking for some indices (by key or alias) gives exactly those, with the same values."""
    spellings = {key: [key] + [a for a, k in ALIASES.items() if k == key] for key in INDICES}
    keys = data.draw(st.lists(st.sampled_from(list(INDICES)), min_size=1, max_size=4, unique=True))
    asked = [data.draw(st.sampled_from(spellings[k])) for k in keys]
    if data.draw(st.booleans()):
        asked = ",".join(asked)
    result = power(game, asked)
    assert list(result.indices) == keys
    full = power(game)
    for key in keys:
        assert result.indices[key] == full.indices[key]
        for p in game.players:
            assert result.value(key, p) == full.indices[key][game.players.index(p)]
    assert result.coleman_act == full.coleman_act
    assert result.veto_players == full.veto_players
    assert result.dummies == full.dummies


def test_all_means_every_index_in_contract_order():
    game = WeightedGame([3, 2, 1], 4)
    assert list(power(game).indices) == CONTRACT_INDICES
    assert list(power(game, "all").indices) == CONTRACT_INDICES
    assert list(power(game, ["ss", "all"]).indices) == CONTRACT_INDICES


def test_value_rejects_unknown_player_and_index():
    result = power(WeightedGame([3, 2, 1], 4, names=["A", "B", "C"]), ["banzhaf"])
    with pytest.raises(PivotalError) as info:
        result.value("banzhaf", "Z")
    assert info.value.parameter == "player" and "A, B, C" in str(info.value)
    with pytest.raises(PivotalError) as info:
        result.value("shapley_shubik", "A")  # not computed
    assert info.value.parameter == "index" and "banzhaf" in str(info.value)
    with pytest.raises(PivotalError) as info:
        power(WeightedGame([3, 2, 1], 4), "banzhaff")
    assert info.value.parameter == "index" and "'banzhaff'" in str(info.value)
    assert "shapley_shubik" in str(info.value)


def test_power_rejects_non_games():
    with pytest.raises(PivotalError) as info:
        power("4,4,2", 6)  # type: ignore[arg-type]
    assert info.value.parameter == "game" and "WeightedGame" in str(info.value)
    # Weights are a game's description only with the quota (tests/test_pandas.py has the rest).
    with pytest.raises(PivotalError) as info:
        power([4, 4, 2])
    assert info.value.parameter == "quota" and "power(weights, quota)" in str(info.value)


# --- presentation


FRACTION_TEXT = re.compile(r"^-?\d+/\d+$")


@settings(max_examples=120)
@given(game=any_games(max_n=8))
def test_floats_equal_the_exact_values(game):
    exact = power(game)
    approx = power(game, exact=False)
    assert approx.exact is False and exact.exact is True
    # Computation is exact either way; only presentation differs.
    assert approx.indices == exact.indices
    frame = approx.to_frame()
    as_dict = approx.to_dict()
    assert as_dict["exact"] is False
    for key, values in exact.indices.items():
        for p, v in zip(game.players, values, strict=True):
            cell = frame.loc[p, key]
            item = as_dict["indices"][key][game.players.index(p)]
            if key == "raw_banzhaf":
                assert int(cell) == v and type(item) is int and item == v
            else:
                assert isinstance(cell, float) and cell == float(v)
                assert type(item) is float and item == float(v)
    assert as_dict["coleman_act"] == float(exact.coleman_act)
    assert frame.attrs["coleman_act"] == float(exact.coleman_act)
    json.dumps(as_dict)


@settings(max_examples=120)
@given(game=any_games(max_n=8))
def test_to_frame_is_players_by_indices(game):
    result = power(game)
    frame = result.to_frame(exact=True)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.index) == list(game.players)
    assert frame.index.name == "player"
    assert list(frame.columns) == CONTRACT_INDICES
    for key in CONTRACT_INDICES:
        for i, p in enumerate(game.players):
            cell = frame.loc[p, key]
            assert cell == result.indices[key][i]
            if key != "raw_banzhaf":  # counts may come back as numpy integers
                assert type(cell) is Fraction
    assert frame.attrs["coleman_act"] == result.coleman_act
    assert frame.attrs["exact"] is True
    sub = power(game, ["holler", "ss"]).to_frame(exact=True)
    assert list(sub.columns) == ["holler", "shapley_shubik"]


@settings(max_examples=120)
@given(game=any_games(max_n=8))
def test_to_dict_json_contract(game):
    result = power(game)
    out = result.to_dict()
    for key in (
        "players",
        "indices",
        "coleman_act",
        "veto_players",
        "dummies",
        "exact",
        "engine",
        "winning_coalitions",
    ):
        assert key in out, key
    assert out["players"] == list(game.players)
    assert list(out["indices"]) == CONTRACT_INDICES
    assert out["exact"] is True
    assert out["engine"] == result.engine
    assert out["winning_coalitions"] == result.winning_count
    assert out["minimal_winning_coalitions"] == result.minimal_winning_count
    assert out["veto_players"] == list(result.veto_players)
    assert out["dummies"] == list(result.dummies)

    def check(item, value):
        if isinstance(value, Fraction) and value.denominator != 1:
            assert isinstance(item, str) and FRACTION_TEXT.match(item), item
            assert Fraction(item) == value
        else:
            assert type(item) is int and item == value

    for key in CONTRACT_INDICES:
        assert len(out["indices"][key]) == game.n
        for item, value in zip(out["indices"][key], result.indices[key], strict=True):
            check(item, value)
    check(out["coleman_act"], result.coleman_act)
    assert json.loads(json.dumps(out)) == out
    if isinstance(game, WeightedGame):
        assert out["quota"] == game.quota and out["total_weight"] == game.total_weight


def test_to_dict_exact_strings_on_a_known_game():
    """EEC 1958: values written out by hand in the JSON form."""
    eec = WeightedGame([4, 4, 4, 2, 2, 1], 12, names=["FR", "DE", "IT", "BE", "NL", "LU"])
    out = power(eec, ["banzhaf", "raw", "ss"]).to_dict()
    assert out["players"] == ["FR", "DE", "IT", "BE", "NL", "LU"]
    assert out["indices"] == {
        "banzhaf": ["5/21", "5/21", "5/21", "1/7", "1/7", 0],
        "raw_banzhaf": [10, 10, 10, 6, 6, 0],
        "shapley_shubik": ["7/30", "7/30", "7/30", "3/20", "3/20", 0],
    }
    assert out["coleman_act"] == "7/32"
    assert out["dummies"] == ["LU"] and out["veto_players"] == []
    assert out["quota"] == 12 and out["total_weight"] == 17
    assert "minimal_winning_coalitions" not in out  # not counted for these indices
    unanimity = power(WeightedGame([1, 1], 2), ["coleman_prevent"]).to_dict()
    assert unanimity["indices"]["coleman_prevent"] == [1, 1]  # integers stay integers
    assert power(eec, ["banzhaf"]).to_dict(exact=False)["indices"]["banzhaf"][5] == 0.0


def test_table_mentions_engine_veto_and_dummies():
    text = power(
        WeightedGame([4, 4, 4, 2, 2, 1], 12, names=["FR", "DE", "IT", "BE", "NL", "LU"])
    ).table()
    assert "Dummies (never decisive): LU" in text
    assert "Veto players: none" in text
    assert "7/32" in text and "14 of 64" in text
