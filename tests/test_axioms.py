"""Properties that the indices must satisfy on every game: the axioms that characterize them.

* efficiency: Shapley-Shubik, normalized Banzhaf, Johnston, Deegan-Packel and Holler sum to 1;
* symmetry: players with equal weight vectors get equal values in every index;
* null player: a dummy gets 0 in every index, and a player without weight is a dummy;
* veto players: in every winning coalition; their power to prevent is 1;
* identities between indices: Penrose = raw / 2^(n-1), Coleman act = |W| / 2^n, ...;
* desirability in weighted games: a heavier player has at least the Banzhaf and Shapley-Shubik
  power of a lighter one (swing by swing, at every coalition size);
* invariance: renaming/reordering players permutes the results; scaling weights and quota by the
  same factor, or writing them as decimals or fractions, changes nothing.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from pivotal import AndGame, ExplicitGame, MultiWeightedGame, OrGame, WeightedGame, power
from pivotal.engines import ENGINES, Need, compute_statistics
from strategies import (
    any_games,
    explicit_specs,
    multi_games,
    multi_specs,
    weighted_games,
    weighted_specs,
)

EFFICIENT = ["shapley_shubik", "banzhaf", "johnston", "deegan_packel", "holler"]
ALL_NEEDS = frozenset(Need)


def _weight_vectors(game) -> list[tuple[int, ...]]:
    return [tuple(c.weights[i] for c in game.criteria) for i in range(game.n)]


def _results_by_engine(game):
    """power() with every engine that can run the game (axioms must hold for each)."""
    results = [
        power(game, engine=name)
        for name in sorted(ENGINES)
        if ENGINES[name].supports(game, ALL_NEEDS).ok
    ]
    assert results
    return results


# --- efficiency


@settings(max_examples=500)
@given(game=any_games(max_n=9))
def test_efficiency(game):
    for result in _results_by_engine(game):
        for key in EFFICIENT:
            assert sum(result.indices[key]) == 1, key
            assert all(0 <= v <= 1 for v in result.indices[key]), key
        # Penrose and raw Banzhaf are not normalized; they are bounded instead.
        assert all(0 <= v <= 1 for v in result.indices["penrose"])
        assert all(0 <= v <= 2 ** (game.n - 1) for v in result.indices["raw_banzhaf"])
        assert sum(result.indices["raw_banzhaf"]) >= 1


def test_penrose_is_not_normalized():
    """Majority of three: every Penrose value is 1/2, summing to 3/2."""
    result = power(WeightedGame([1, 1, 1], 2))
    assert result.indices["penrose"] == (Fraction(1, 2),) * 3
    assert sum(result.indices["penrose"]) == Fraction(3, 2)
    assert sum(result.indices["raw_banzhaf"]) == 6


# --- identities


@settings(max_examples=500)
@given(game=any_games(max_n=9))
def test_identities_between_indices(game):
    n = game.n
    result = power(game)
    raw = result.indices["raw_banzhaf"]
    w = result.winning_count
    assert 1 <= w < 2**n
    assert result.coleman_act == Fraction(w, 2**n)
    for i in range(n):
        assert result.indices["penrose"][i] == Fraction(raw[i], 2 ** (n - 1))
        assert result.indices["banzhaf"][i] == Fraction(raw[i], sum(raw))
        assert result.indices["coleman_prevent"][i] == Fraction(raw[i], w)
        assert result.indices["coleman_initiate"][i] == Fraction(raw[i], 2**n - w)


# --- null player, veto


@settings(max_examples=500)
@given(game=any_games(max_n=9))
def test_null_player_gets_zero_everywhere(game):
    for result in _results_by_engine(game):
        raw = result.indices["raw_banzhaf"]
        assert result.dummies == tuple(p for p, r in zip(game.players, raw, strict=True) if r == 0)
        for p in result.dummies:
            for key, values in result.indices.items():
                assert values[game.players.index(p)] == 0, (key, p)
        # ...and a player who is not a dummy has positive power in every index: he is critical in
        # some winning S, and every winning subset of S contains him, so he also belongs to a
        # minimal winning coalition (Deegan-Packel, Holler).
        for i, p in enumerate(game.players):
            if p not in result.dummies:
                for key in result.indices:
                    assert result.indices[key][i] > 0, (key, p)


@settings(max_examples=200)
@given(game=st.one_of(weighted_games(), multi_games()))
def test_player_without_weight_is_a_dummy(game):
    result = power(game)
    for i, vector in enumerate(_weight_vectors(game)):
        if all(w == 0 for w in vector):
            assert game.players[i] in result.dummies


@settings(max_examples=500)
@given(game=any_games(max_n=9))
def test_veto_players(game):
    result = power(game)
    n = game.n
    grand = list(game.players)
    for i, p in enumerate(game.players):
        # A veto player: all the others together lose.
        is_veto = not game.is_winning(grand[:i] + grand[i + 1 :])
        assert (p in result.veto_players) == is_veto
        if is_veto:
            assert result.indices["coleman_prevent"][i] == 1
            assert result.indices["raw_banzhaf"][i] == result.winning_count
        else:
            assert result.indices["coleman_prevent"][i] < 1
    if len(result.veto_players) == n:  # unanimity: one winning coalition
        assert result.winning_count == 1


@settings(max_examples=200)
@given(game=weighted_games())
def test_veto_in_weighted_games_is_weight_above_total_minus_quota(game):
    """In [q; w] player i has a veto exactly when the others' total, T - w_i, is below q."""
    result = power(game, ["coleman_prevent"])
    expected = tuple(
        p
        for p, w in zip(game.players, game.weights, strict=True)
        if game.total_weight - w < game.quota
    )
    assert result.veto_players == expected


# --- symmetry, desirability


@settings(max_examples=500)
@given(game=st.one_of(weighted_games(), multi_games()))
def test_symmetry_equal_weight_vectors_equal_power(game):
    vectors = _weight_vectors(game)
    for result in _results_by_engine(game):
        for i in range(game.n):
            for j in range(i + 1, game.n):
                if vectors[i] == vectors[j]:
                    for key, values in result.indices.items():
                        assert values[i] == values[j], (key, i, j)


@settings(max_examples=500)
@given(game=st.one_of(weighted_games(), multi_games()))
def test_heavier_player_is_at_least_as_powerful(game):
    """If i's weights are at least j's in every criterion, i is at least as desirable as j.

    Then i has at least as many swings as j among coalitions of every size (map a swing S of j
    to S if i is not in S, and to S - i + j otherwise), hence at least j's Banzhaf, Penrose,
    Coleman and Shapley-Shubik values. Deegan-Packel and Holler are not monotone this way, so they
    are not checked.
    """
    vectors = _weight_vectors(game)
    stats = compute_statistics(game, frozenset({Need.SWINGS, Need.WINNING}))
    result = power(
        game,
        [
            "raw_banzhaf",
            "banzhaf",
            "penrose",
            "shapley_shubik",
            "coleman_prevent",
            "coleman_initiate",
        ],
    )
    for i in range(game.n):
        for j in range(game.n):
            if i != j and all(a >= b for a, b in zip(vectors[i], vectors[j], strict=True)):
                for k in range(game.n):
                    assert stats.swings_by_size[i][k] >= stats.swings_by_size[j][k]
                for key, values in result.indices.items():
                    assert values[i] >= values[j], (key, i, j)


# --- invariance


def _values_by_name(result) -> dict:
    return {
        key: dict(zip(result.players, values, strict=True))
        for key, values in result.indices.items()
    }


def _assert_same_by_name(a, b) -> None:
    assert _values_by_name(a) == _values_by_name(b)
    assert a.coleman_act == b.coleman_act
    assert a.winning_count == b.winning_count
    assert set(a.veto_players) == set(b.veto_players)
    assert set(a.dummies) == set(b.dummies)


@settings(max_examples=200)
@given(spec=weighted_specs(), data=st.data())
def test_reordering_players_permutes_results_weighted(spec, data):
    weights, quota, names = spec
    n = len(weights)
    names = names or [f"M{i}" for i in range(n)]
    order = data.draw(st.permutations(range(n)))
    a = power(WeightedGame(weights, quota, names=names))
    b = power(WeightedGame([weights[k] for k in order], quota, names=[names[k] for k in order]))
    assert b.players == tuple(names[k] for k in order)
    _assert_same_by_name(a, b)


@settings(max_examples=150)
@given(spec=multi_specs(max_n=8), data=st.data())
def test_reordering_players_permutes_results_multi_and_composite(spec, data):
    criteria, names = spec
    n = len(criteria[0][0])
    names = names or [f"M{i}" for i in range(n)]
    order = data.draw(st.permutations(range(n)))

    def build(perm):
        reordered = [([w[k] for k in perm], q) for w, q in criteria]
        multi = MultiWeightedGame(reordered, names=[names[k] for k in perm])
        head = WeightedGame([1] * n, n // 2 + 1, names=[names[k] for k in perm])
        return multi, OrGame([multi, head]), AndGame([multi, head])

    for game_a, game_b in zip(build(range(n)), build(order), strict=True):
        _assert_same_by_name(power(game_a), power(game_b))


@settings(max_examples=150)
@given(spec=explicit_specs(), data=st.data())
def test_reordering_players_permutes_results_explicit(spec, data):
    names, family = spec
    order = data.draw(st.permutations(names))
    a = power(ExplicitGame.from_minimal_winning(names, family))
    b = power(ExplicitGame.from_minimal_winning(order, family))
    assert b.players == tuple(order)
    _assert_same_by_name(a, b)


@settings(max_examples=200)
@given(spec=weighted_specs(max_n=9), factor=st.integers(2, 1000))
def test_scaling_weights_and_quota_changes_nothing(spec, factor):
    weights, quota, names = spec
    a = power(WeightedGame(weights, quota, names=names))
    b = power(WeightedGame([w * factor for w in weights], quota * factor, names=names))
    c = power(
        WeightedGame([Fraction(w, factor) for w in weights], Fraction(quota, factor), names=names)
    )
    d = power(
        WeightedGame(
            [str(Decimal(w) / 100) for w in weights], str(Decimal(quota) / 100), names=names
        )
    )
    for other in (b, c, d):
        _assert_same_by_name(a, other)
        assert a.players == other.players


@settings(max_examples=100)
@given(game=any_games(max_n=8))
def test_combining_a_game_with_itself_changes_nothing(game):
    a = power(game)
    _assert_same_by_name(a, power(AndGame([game, game])))
    _assert_same_by_name(a, power(OrGame([game, game])))
    _assert_same_by_name(a, power(game & game))


@settings(max_examples=100)
@given(game=any_games(max_n=8))
def test_and_with_unanimity_is_unanimity(game):
    n = game.n
    unanimity = WeightedGame([1] * n, n, names=game.players)
    result = power(AndGame([game, unanimity]))
    assert result.winning_count == 1
    assert result.veto_players == game.players
    assert all(v == Fraction(1, n) for v in result.indices["shapley_shubik"])
