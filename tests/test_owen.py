"""Owen and Banzhaf-Owen values (pivotal.power.owen): definitions, orderings, axioms, literature.

Every check is independent of the code under test:

* the definitions, summed here over R ⊆ M \\ {U_k} and T ⊆ U_k \\ {i} with ``is_winning``;
* the Owen value as the average over all orderings of the players in which the members of every
  union are contiguous (all n! permutations enumerated and filtered, n ≤ 7);
* the axioms: singleton unions and the grand union give Shapley-Shubik and Penrose; the Owen
  values sum to 1; a union's members together get its Shapley value in the quotient game
  (computed here over the orders of the unions); symmetric members of a union get equal values;
  null players get 0;
* the DP against enumeration (and its residue arithmetic against its int64 arithmetic);
* a published example: the Madrid Assembly 2015-2019 (Giménez & Puente 2019, Table 1).
"""

from __future__ import annotations

import itertools
import logging
import math
import random
import re
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pivotal import AndGame, WeightedGame, power
from pivotal.errors import PivotalError
from pivotal.games import MultiWeightedGame
from pivotal.power import INDICES, UNION_INDICES, resolve_indices
from pivotal.power import owen as owen_module
from pivotal.power.owen import banzhaf_owen, owen, union_values
from strategies import any_games, weighted_games


# ----------------------------------------------------------------------------------- independent
def winner(game):
    """A test of "does this list of player positions win?" (the game's table, read once)."""
    table = game.winning_table()
    return lambda players: bool(table[sum(1 << i for i in set(players))])


def definition(game, partition: list[list[int]]) -> tuple[list[Fraction], list[Fraction]]:
    """Owen and Banzhaf-Owen values of ``game`` summed straight from their definitions."""
    return by_definition(game.n, winner(game), partition)


def by_definition(
    n: int, wins, partition: list[list[int]]
) -> tuple[list[Fraction], list[Fraction]]:
    """The definitions for players 0..n-1 whose coalitions (lists of positions) win when
    ``wins`` says so; ``partition`` lists every union (singletons included)."""
    m = len(partition)
    owen_values = [Fraction(0)] * n
    bz_values = [Fraction(0)] * n
    for k, union in enumerate(partition):
        others = [u for j, u in enumerate(partition) if j != k]
        size = len(union)
        for i in union:
            rest = [p for p in union if p != i]
            for r in range(m):
                outer = Fraction(math.factorial(r) * math.factorial(m - r - 1), math.factorial(m))
                for chosen in itertools.combinations(others, r):
                    base = [p for u in chosen for p in u]
                    for t in range(size):
                        inner = Fraction(
                            math.factorial(t) * math.factorial(size - t - 1), math.factorial(size)
                        )
                        for inside in itertools.combinations(rest, t):
                            s = base + list(inside)
                            if wins([*s, i]) and not wins(s):
                                owen_values[i] += outer * inner
                                bz_values[i] += Fraction(1, 2 ** (m - 1 + size - 1))
    return owen_values, bz_values


def by_contiguous_orders(game, partition: list[list[int]]) -> list[Fraction]:
    """Owen values as pivot frequencies over every ordering keeping each union together."""
    wins = winner(game)
    n = game.n
    union_of = {i: k for k, u in enumerate(partition) for i in u}
    pivots = [0] * n
    orders = 0
    for order in itertools.permutations(range(n)):
        blocks = [union_of[i] for i in order]
        runs = [b for j, b in enumerate(blocks) if j == 0 or blocks[j - 1] != b]
        if len(runs) != len(set(runs)):
            continue  # some union's members are not contiguous
        orders += 1
        for j, i in enumerate(order):
            if wins(order[: j + 1]):
                pivots[i] += 1
                break
    assert orders == math.factorial(len(partition)) * math.prod(
        math.factorial(len(u)) for u in partition
    )
    return [Fraction(p, orders) for p in pivots]


def quotient_shapley(game, partition: list[list[int]]) -> list[Fraction]:
    """Shapley values of the unions in the quotient game (a set of unions wins when their
    members together win), over all orders of the unions."""
    wins = winner(game)
    m = len(partition)
    pivots = [0] * m
    for order in itertools.permutations(range(m)):
        members: list[int] = []
        for k in order:
            members += partition[k]
            if wins(members):
                pivots[k] += 1
                break
    return [Fraction(p, math.factorial(m)) for p in pivots]


@st.composite
def games_with_partitions(draw, games=None, max_n: int = 7):
    """A game and a random partition of its players (lists of positions; singletons included):
    each player draws the label of its union."""
    game = draw(games if games is not None else any_games(max_n=max_n))
    labels = draw(st.lists(st.integers(0, game.n - 1), min_size=game.n, max_size=game.n))
    unions: dict[int, list[int]] = {}
    for player, label in enumerate(labels):
        unions.setdefault(label, []).append(player)
    return game, list(unions.values())


def named(game, partition: list[list[int]]) -> list[list[str]]:
    return [[game.players[i] for i in union] for union in partition]


def methods_for(game) -> list[str]:
    return ["enumeration", "dp"] if owen_module._single_criterion(game) else ["enumeration"]


# ----------------------------------------------------------------------------------- definitions
@settings(max_examples=400)
@given(case=games_with_partitions(max_n=7))
def test_both_values_equal_their_definitions(case):
    game, partition = case
    expected_owen, expected_bz = definition(game, partition)
    for method in methods_for(game):
        values = union_values(game, named(game, partition), method)
        assert list(values.owen) == expected_owen, method
        assert list(values.banzhaf_owen) == expected_bz, method
        assert values.method == method


@settings(max_examples=150)
@given(case=games_with_partitions(max_n=7))
def test_owen_is_the_average_over_orders_that_keep_unions_together(case):
    game, partition = case
    assert list(owen(game, named(game, partition))) == by_contiguous_orders(game, partition)


# ---------------------------------------------------------------------------------------- axioms
@settings(max_examples=200)
@given(game=any_games(max_n=9))
def test_singleton_unions_and_the_grand_union_give_shapley_shubik_and_penrose(game):
    plain = power(game, ["shapley_shubik", "penrose"])
    for unions in ([], [[p] for p in game.players], [list(game.players)]):
        for method in methods_for(game):
            values = union_values(game, unions, method)
            assert values.owen == plain.indices["shapley_shubik"], (unions, method)
            assert values.banzhaf_owen == plain.indices["penrose"], (unions, method)


@settings(max_examples=200)
@given(case=games_with_partitions(max_n=8))
def test_efficiency_and_the_quotient_game(case):
    game, partition = case
    for method in methods_for(game):
        values = owen(game, named(game, partition), method)
        assert sum(values) == 1
        for union, share in zip(partition, quotient_shapley(game, partition), strict=True):
            assert sum(values[i] for i in union) == share


def symmetric(wins, n: int, i: int, j: int) -> bool:
    """Swapping i and j changes no coalition's outcome."""
    others = [p for p in range(n) if p not in (i, j)]
    return all(
        wins([*s, i]) == wins([*s, j])
        for r in range(len(others) + 1)
        for s in itertools.combinations(others, r)
    )


def null(wins, n: int, i: int) -> bool:
    """i's vote never changes an outcome."""
    others = [p for p in range(n) if p != i]
    return all(
        wins([*s, i]) == wins(s) for r in range(n) for s in itertools.combinations(others, r)
    )


@settings(max_examples=200)
@given(case=games_with_partitions(max_n=8))
def test_symmetric_members_of_a_union_get_equal_values_and_null_players_zero(case):
    game, partition = case
    wins = winner(game)
    values = union_values(game, named(game, partition))
    for union in partition:
        for i, j in itertools.combinations(union, 2):
            if symmetric(wins, game.n, i, j):
                assert values.owen[i] == values.owen[j]
                assert values.banzhaf_owen[i] == values.banzhaf_owen[j]
    for i in range(game.n):
        if null(wins, game.n, i):
            assert values.owen[i] == 0 and values.banzhaf_owen[i] == 0


def test_equal_weights_in_one_union_are_symmetric():
    game = WeightedGame([5, 3, 3, 3, 2, 1], 9, names=list("ABCDEF"))
    values = union_values(game, [["B", "C", "D"], ["E", "F"]])
    assert values.owen[1] == values.owen[2] == values.owen[3]
    assert values.banzhaf_owen[1] == values.banzhaf_owen[2] == values.banzhaf_owen[3]
    assert sum(values.owen) == 1


# ---------------------------------------------------------------------------------- DP and sizes
@settings(max_examples=200)
@given(case=games_with_partitions(weighted_games(max_n=12, max_weight=40)))
def test_dp_equals_enumeration_on_weighted_games(case):
    game, partition = case
    unions = named(game, partition)
    dp = union_values(game, unions, "dp")
    enumerated = union_values(game, unions, "enumeration")
    assert dp.owen == enumerated.owen
    assert dp.banzhaf_owen == enumerated.banzhaf_owen


@settings(max_examples=60)
@given(case=games_with_partitions(weighted_games(max_n=9)))
def test_dp_residues_modulo_primes_equal_int64_counts(case):
    game, partition = case
    unions = named(game, partition)
    exact = union_values(game, unions, "dp")
    saved = owen_module.EXACT_BITS
    owen_module.EXACT_BITS = 0  # force the residue arithmetic on a small game
    try:
        assert owen_module._plan(game, owen_module._partition(game.players, ())).primes
        residues = union_values(game, unions, "dp")
    finally:
        owen_module.EXACT_BITS = saved
    assert residues.owen == exact.owen and residues.banzhaf_owen == exact.banzhaf_owen


def test_many_unions_need_several_primes_and_still_give_shapley_and_penrose():
    """70 singletons: counts up to 2^69 do not fit in int64, so the DP counts modulo primes."""
    rng = random.Random(70)
    weights = [rng.randint(1, 30) for _ in range(70)]
    game = WeightedGame(weights, sum(weights) // 2 + 1)
    parts = owen_module._partition(game.players, ())
    assert len(owen_module._plan(game, parts).primes) >= 2
    plain = power(game, ["shapley_shubik", "penrose"])
    values = union_values(game, [])
    assert values.method == "dp"
    assert values.owen == plain.indices["shapley_shubik"]
    assert values.banzhaf_owen == plain.indices["penrose"]
    one = union_values(game, [list(game.players)])
    assert one.owen == plain.indices["shapley_shubik"]
    assert one.banzhaf_owen == plain.indices["penrose"]


def test_large_game_with_unions_matches_the_quotient_game_and_efficiency():
    """40 players in unions: beyond enumeration. The quotient game of 8 unions is enumerated
    here, so each union's total Owen value is checked independently."""
    rng = random.Random(40)
    weights = [rng.randint(1, 50) for _ in range(40)]
    game = WeightedGame(weights, sum(weights) * 2 // 3)
    partition = [list(range(5 * k, 5 * k + 5)) for k in range(8)]
    values = union_values(game, named(game, partition))
    assert values.method == "dp"
    assert sum(values.owen) == 1
    union_weights = [sum(weights[i] for i in u) for u in partition]
    quotient = WeightedGame(union_weights, game.quota)
    shares = power(quotient, "ss").indices["shapley_shubik"]
    for union, share in zip(partition, shares, strict=True):
        assert sum(values.owen[i] for i in union) == share
        # members of equal weight in a union are symmetric
        for i, j in itertools.combinations(union, 2):
            if weights[i] == weights[j]:
                assert values.owen[i] == values.owen[j]


# ------------------------------------------------------------------------------------ literature
MADRID = WeightedGame([48, 37, 27, 17], 65, names=["PP", "PSOE", "Podemos", "Cs"])
#: Giménez, J. M., & Puente, M. A. (2019). The Owen and the Owen-Banzhaf values applied to the
#: study of the Madrid Assembly and the Andalusian Parliament in legislature 2015-2019. ICORES
#: 2019, SciTePress, Table 1, https://www.scitepress.org/publishedPapers/2019/72970/pdf/index.html.
#: Columns (a) and (b), each for no structure (-), B_R and B_L; the text read does not show the
#: caption naming the columns, but (a)(-) is the Shapley value (1/2, 1/6, 1/6, 1/6) and (b)(-)
#: the Banzhaf value (3/4, 1/4, 1/4, 1/4), so (a) is Shapley/Owen and (b) Banzhaf/Owen-Banzhaf,
#: which the hand derivation below confirms. (Column (c) is another coalitional value.) The game is
#: [65; 48, 37, 27, 17] (PP, PSOE, Podemos, C's); B_R = {PP, C's}, {PSOE}, {Podemos} is the
#: right-wing alliance, B_L = {PP}, {PSOE, Podemos, C's} the left-wing one. The table prints
#: values cut to four decimals.
MADRID_PUBLISHED = {
    "R": ([["PP", "Cs"]], [0.6666, 0.0, 0.0, 0.3333], [0.75, 0.0, 0.0, 0.25]),
    "L": ([["PSOE", "Podemos", "Cs"]], [0.0, 0.3333, 0.3333, 0.3333], [0.0, 0.25, 0.25, 0.25]),
}
#: The same by hand. B_R: {PP, C's} has 65 seats and wins alone, so it takes the whole quotient
#: game; inside it PP is pivotal in 4 of the 6 (R, T) weightings (every R ∪ {PP} wins but
#: {PSOE, Podemos, C's} is already winning), giving 2/3, C's 1/3. Banzhaf-Owen: PP swings in 6 of
#: the 8 pairs (R, T), each of weight 1/2^2 · 1/2, so 3/4; C's in 2, so 1/4. B_L: {PSOE, Podemos,
#: C's} has 81 seats and is a dictator of the quotient game; its members are symmetric (1/3 each)
#: and each swings in 2 of the 8 pairs (1/4); PP gets nothing.
MADRID_BY_HAND = {
    "R": (["2/3", "0", "0", "1/3"], ["3/4", "0", "0", "1/4"]),
    "L": (["0", "1/3", "1/3", "1/3"], ["0", "1/4", "1/4", "1/4"]),
}


@pytest.mark.parametrize("structure", ["R", "L"])
@pytest.mark.parametrize("method", ["enumeration", "dp"])
def test_madrid_assembly_published_values(structure, method):
    unions, published_owen, published_bz = MADRID_PUBLISHED[structure]
    owen_values = owen(MADRID, unions, method)
    bz_values = banzhaf_owen(MADRID, unions, method)
    for got, shown in zip(owen_values, published_owen, strict=True):
        assert 0 <= float(got) - shown < 1e-4  # the table truncates to four decimals
    for got, shown in zip(bz_values, published_bz, strict=True):
        assert 0 <= float(got) - shown < 1e-4
    hand_owen, hand_bz = MADRID_BY_HAND[structure]
    assert [str(v) for v in owen_values] == hand_owen
    assert [str(v) for v in bz_values] == hand_bz
    # column (a)/(b) "(-)": no structure gives the Shapley value and the Banzhaf value
    plain = union_values(MADRID, [], method)
    assert [float(v) for v in plain.owen] == pytest.approx([0.5, 1 / 6, 1 / 6, 1 / 6])
    assert [float(v) for v in plain.banzhaf_owen] == [0.75, 0.25, 0.25, 0.25]


# ------------------------------------------------------------------------------ errors, choosing
EEC = WeightedGame([4, 4, 4, 2, 2, 1], 12, names=["FR", "DE", "IT", "BE", "NL", "LU"])


@pytest.mark.parametrize(
    ("unions", "parameter", "mentions"),
    [
        ([["FR", "XX"]], "unions[0] (FR+XX)", ["'XX'", "FR, DE, IT, BE, NL, LU"]),
        ([["FR", "DE"], ["DE"]], "unions[1] (DE)", ["'DE' also in unions[0]", "one union"]),
        ([["FR", "FR"]], "unions[0] (FR+FR)", ["'FR' twice in this union"]),
        ([[]], "unions[0] ()", ["at least one player name", "an empty union"]),
        (["FR"], "unions[0] ('FR')", ["a list of player names", "received 'FR'"]),
        ("FR+DE", "unions", ["a list of unions", "[['RUS', 'BLR']]"]),
        ([["FR", 3]], "unions[0] (FR+3)", ["3"]),
    ],
    ids=["unknown", "in two unions", "twice in one", "empty", "bare string", "string", "number"],
)
def test_bad_unions_are_one_error_each(unions, parameter, mentions):
    with pytest.raises(PivotalError) as info:
        union_values(EEC, unions)
    message = str(info.value)
    assert message.startswith(f"{parameter}: expected "), message
    for text in mentions:
        assert text in message, text


def test_power_validates_unions_before_counting():
    with pytest.raises(PivotalError, match=r"^unions\[0\] \(XX\): expected player names"):
        power(EEC, unions=[["XX"]])


def test_forced_method_that_cannot_run_says_why_and_what_can():
    composite = AndGame([EEC, WeightedGame([1] * 6, 4, names=EEC.players)])
    with pytest.raises(PivotalError) as info:
        union_values(composite, [["FR", "DE"]], method="dp")
    message = str(info.value)
    assert message.startswith("method: expected a method that can count this game")
    assert "available here: enumeration" in message and "one weighted criterion" in message
    with pytest.raises(PivotalError, match="one of 'enumeration', 'dp'"):
        union_values(EEC, [], method="magic")
    multi = MultiWeightedGame([([1, 1, 1], 2), ([3, 2, 1], 4)])
    assert union_values(multi, [["P1", "P2"]]).method == "enumeration"


def test_a_game_beyond_both_methods_is_an_error_naming_the_limits():
    players = [f"M{i}" for i in range(30)]
    heads = WeightedGame([1] * 30, 16, names=players)
    big = AndGame([heads, WeightedGame([2] * 30, 40, names=players)])
    with pytest.raises(PivotalError) as info:
        union_values(big, [["M0", "M1"]])
    message = str(info.value)
    assert message.startswith("unions: expected a game that one method can count exactly")
    assert "enumeration stops at 25 players" in message
    assert "one weighted criterion, not a AndGame" in message
    assert "fewer or larger unions" in message
    # A quota that makes the DP's tables too large is refused before anything is allocated.
    weights = [10**9 + i for i in range(40)]
    huge = WeightedGame(weights, sum(weights) // 2)
    with pytest.raises(PivotalError, match=r"over the limit of 2e\+07"):
        union_values(huge, [["P1", "P2"]])


def test_choice_is_logged_with_its_reason(caplog):
    with caplog.at_level(logging.INFO, logger="pivotal.power"):
        union_values(EEC, [["BE", "NL"]], method="dp")
        rng = random.Random(1)
        weights = [rng.randint(1, 9) for _ in range(30)]
        union_values(WeightedGame(weights, sum(weights) // 2 + 1), [["P1", "P2", "P3"]])
    lines = [r.getMessage() for r in caplog.records if r.name == "pivotal.power"]
    assert re.match(r"owen: dp ran for 6 players in 5 unions \(requested: weighted game", lines[0])
    assert re.match(r"owen: dp ran for 30 players in 28 unions \(weighted game", lines[1])


# ------------------------------------------------------------------------------ power() and views
def test_power_adds_owen_after_the_requested_indices_and_records_the_unions():
    result = power(EEC, indices="ss,penrose", unions=[["BE", "NL", "LU"]])
    assert list(result.indices) == ["shapley_shubik", "penrose", "owen", "banzhaf_owen"]
    assert result.unions == (("BE", "NL", "LU"),)
    direct = union_values(EEC, [["BE", "NL", "LU"]])
    assert result.indices["owen"] == direct.owen
    assert result.value("bz-owen", "BE") == direct.banzhaf_owen[3]
    out = result.to_dict()
    assert out["unions"] == [["BE", "NL", "LU"]]
    keys = list(out)
    assert keys.index("unions") + 1 == keys.index("indices")
    assert [Fraction(v) for v in out["indices"]["owen"]] == list(direct.owen)
    frame = result.to_frame()
    assert list(frame.columns) == ["shapley_shubik", "penrose", "owen", "banzhaf_owen"]
    assert frame.attrs["unions"] == [["BE", "NL", "LU"]]
    table = result.table()
    assert table.splitlines()[0].split() == ["Shapley", "Penrose", "Owen", "Bz-Owen"]
    assert "A priori unions: BE+NL+LU; the others alone (Owen values by " in table
    assert "Owen = Owen value (a priori unions)" in table
    assert "A priori unions: BE+NL+LU" in result._repr_html_()


def test_power_without_unions_is_unchanged_and_refuses_union_indices():
    plain = power(EEC)
    assert plain.unions is None and "unions" not in plain.to_dict()
    assert list(plain.indices) == list(INDICES)
    with pytest.raises(PivotalError) as info:
        power(EEC, indices="ss,owen")
    message = str(info.value)
    assert message.startswith("index: expected indices that need no unions")
    assert "received owen." in message and "--union RUS+BLR" in message


def test_naming_a_union_index_keeps_just_the_ones_named():
    result = power(EEC, indices="owen", unions=[["FR", "DE"]])
    assert list(result.indices) == ["owen"]
    every = power(EEC, indices=["all", "banzhaf_owen"], unions=[["FR", "DE"]])
    assert list(every.indices) == [*INDICES, "banzhaf_owen"]


def test_registry_knows_the_union_indices_without_counting_them_in_all():
    assert list(UNION_INDICES) == ["owen", "banzhaf_owen"]
    assert INDICES["owen"].short == "Owen" and INDICES["banzhaf_owen"].short == "Bz-Owen"
    assert "owen" not in INDICES and len(INDICES) == 9
    assert resolve_indices("Owen value, Banzhaf-Owen") == ("owen", "banzhaf_owen")
    assert resolve_indices(None) == tuple(INDICES)
    with pytest.raises(PivotalError, match="with unions also owen, banzhaf_owen"):
        resolve_indices("owens")


# ------------------------------------------------------------------------ organizations: analyze
def test_csto_union_state_group_is_sourced_and_dated_in_its_note():
    from pivotal.organizations import load_organization

    org = load_organization("csto")
    group = org.groups["union_state"]
    assert group.members == ("BLR", "RUS")  # stored in the order of members:
    assert group.name == "Union State of Russia and Belarus"
    assert group.status == "verified" and len(group.sources) >= 2
    assert all(org.sources[k].startswith("http") for k in group.sources)
    assert "1999-12-08" in group.note and "2000-01-26" in group.note


def test_analyze_csto_2012_with_the_union_state_by_hand():
    """Seven members, RUS and BLR as one union. Consensus: the six unions are symmetric in a
    unanimity game (1/6 each, split 1/12 + 1/12); a member swings only when everybody else is
    in, one pair (R, T) of 2^5 · 2^(u-1). Majority (4 of 7): in the quotient game [4; 2,1,1,1,1,1]
    the union is pivotal when it arrives third or fourth of six, 1/3, so 1/6 each; the five
    others share 2/3."""
    from pivotal.compare import analyze

    a = analyze("csto", at="2012-05-15", rules=["consensus", "majority"], indices="ss",
                unions=[["union_state"]])  # fmt: skip
    members = list(a.members)
    assert members == ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB"]
    assert a.unions == (("BLR", "RUS"),)
    bloc = {"BLR", "RUS"}
    consensus, majority = (a.rule(r).result for r in ("consensus", "majority"))
    for m in members:
        assert consensus.value("owen", m) == (Fraction(1, 12) if m in bloc else Fraction(1, 6))
        assert consensus.value("banzhaf_owen", m) == Fraction(1, 64 if m in bloc else 32)
        assert majority.value("owen", m) == (Fraction(1, 6) if m in bloc else Fraction(2, 15))
    assert list(consensus.indices) == ["shapley_shubik", "owen", "banzhaf_owen"]
    out = a.to_dict()
    assert out["unions"] == [["BLR", "RUS"]]
    assert out["rules"][1]["unions"] == [["BLR", "RUS"]]
    assert out["rules"][1]["indices"]["owen"][1] == "1/6"
    assert "A priori unions (Owen values): BLR+RUS; the others alone" in a.table()
    assert "postkomsg_union_state" in a.sources  # the group's sources back the union


def test_limited_format_leaves_a_frozen_union_member_out_with_a_note():
    from pivotal.compare import compare

    c = compare("csto", rules=["consensus", "limited_format"], at="2025-01-01",
                indices="ss", unions=[["RUS", "BLR", "ARM"]])  # fmt: skip
    assert c.unions == (("RUS", "BLR", "ARM"),)
    assert c.before.result.unions == (("RUS", "BLR", "ARM"),)
    assert c.after.result.unions == (("RUS", "BLR"),)
    assert "Under limited_format, ARM takes no part and is left out of the union RUS+BLR+ARM." in (
        c.notes
    )
    # Consensus of four unions, then of four without Armenia: RUS and BLR get 1/4 · 1/3, then
    # 1/4 · 1/2; the singletons KAZ, KGZ, TJK keep 1/4.
    assert c.value("owen", "RUS", "consensus") == Fraction(1, 12)
    assert c.value("owen", "RUS", "limited_format") == Fraction(1, 8)
    assert c.difference("owen", "RUS") == Fraction(1, 24)
    assert c.difference("owen", "KAZ") == 0
    assert c.difference("owen", "ARM") is None
    out = c.to_dict()
    assert out["unions"] == [["RUS", "BLR", "ARM"]]
    assert [r.get("unions") for r in out["rules"]] == [[["RUS", "BLR", "ARM"]], [["RUS", "BLR"]]]
    assert out["differences"]["owen"][out["members"].index("RUS")] == "1/24"
    assert "Bz-Owen" in c.difference_grid()


def test_analyze_without_unions_keeps_its_json():
    from pivotal.compare import analyze, compare

    a = analyze("csto", at="2012-05-15", rules=["majority"], indices="ss")
    assert "unions" not in a.to_dict() and "unions" not in a.to_dict()["rules"][0]
    c = compare("csto", rules=["consensus", "majority"], at="2012-05-15", indices="ss")
    assert "unions" not in c.to_dict() and all("unions" not in r for r in c.to_dict()["rules"])


@pytest.mark.parametrize(
    ("unions", "parameter", "mentions"),
    [
        ([["RUS", "XYZ"]], "unions[0] (RUS+XYZ)", ["'XYZ'", "ARM, BLR", "crrf, union_state"]),
        ([["union_state", "RUS"]], "unions[0] (BLR+RUS+RUS)", ["'RUS' twice"]),
        ([["RUS"], ["union_state"]], "unions[1] (BLR+RUS)", ["'RUS' also in unions[0]"]),
        ([[]], "unions[0] ()", ["an empty union"]),
    ],
    ids=["unknown", "group and member", "two unions", "empty"],
)
def test_analyze_union_errors(unions, parameter, mentions):
    from pivotal.compare import analyze

    with pytest.raises(PivotalError) as info:
        analyze("csto", at="2012-05-15", rules=["majority"], unions=unions)
    message = str(info.value)
    assert message.startswith(f"{parameter}: expected "), message
    for text in mentions:
        assert text in message, text


def test_notebook_views_show_the_unions():
    from pivotal.compare import analyze, compare

    a = analyze("csto", at="2012-05-15", rules=["majority"], indices="ss", unions=[["RUS", "BLR"]])
    assert "A priori unions (Owen values): RUS+BLR; the others alone" in a._repr_html_()
    assert ("majority", "owen") in a.to_frame().columns
    c = compare("csto", rules=["consensus", "majority"], at="2012-05-15", indices="ss",
                unions=[["RUS", "BLR"]])  # fmt: skip
    assert "A priori unions (Owen values): RUS+BLR; the others alone" in c._repr_html_()
    assert ("owen", "difference") in c.to_frame().columns
