"""The DP engine counting modulo primes (n > 62) is exact.

Beyond 62 players the DP counts in int64 residues modulo a few primes and rebuilds every count with
the Chinese remainder theorem (``pivotal.engines.dp._Ring``). Its answers are compared with:

* the enumeration engine, on small random games with the modular path forced (``dp._ring``
  patched): with one large prime, and with several primes below 64 and as little room as the DP
  allows, so that residues wrap and tables are reduced all the time;
* the exact int64 path, on random games of 30-62 players with the modular path forced;
* closed forms for n = 63..120: unanimity and k-of-n with equal weights;
* binomial sums over two classes of players (Python ints), for one criterion and for two.
"""

from __future__ import annotations

import itertools
import math
import random
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pivotal import MultiWeightedGame, WeightedGame
from pivotal.engines import ENGINES, Need, dp
from strategies import multi_games, weighted_games

ALL_NEEDS = frozenset(Need)
SWINGS = frozenset({Need.SWINGS, Need.WINNING})
FIELDS = (
    "winning_count",
    "swings_by_size",
    "minimal_by_size",
    "minimal_count_by_size",
    "johnston_by_critical",
)


def one_prime(n: int) -> dp._Ring:
    """The modular path with the engine's own primes (one suffices for small n)."""
    return dp._Ring(n, dp._primes(n + 1))


def tiny_primes(n: int) -> dp._Ring:
    """Several primes below 64, and tables reduced as soon as the next update could need it."""
    ring = dp._Ring(n, dp._primes(n + 1, below=64))
    ring.room = ring.bits + max((n + 1).bit_length(), 3)
    return ring


RINGS = {"one prime": one_prime, "tiny primes": tiny_primes}


def counts(stats) -> dict:
    return {field: getattr(stats, field) for field in FIELDS}


def dp_counts(game, needs, ring=None) -> dict:
    engine = ENGINES["dp"]
    assert engine.supports(game, needs).ok
    if ring is None:
        stats = engine.statistics(game, needs)
    else:
        with mock.patch.object(dp, "_ring", ring):
            assert dp._ring(game.n).primes  # really the modular path
            stats = engine.statistics(game, needs)
    assert stats.engine == "dp"
    for field, value in counts(stats).items():
        assert value is None or _python_ints(value), field
    return counts(stats)


def _python_ints(value) -> bool:
    if isinstance(value, tuple):
        return all(_python_ints(v) for v in value)
    return type(value) is int


# --- the arithmetic


def test_exact_int64_up_to_62_players_then_primes():
    assert dp._ring(62).primes == ()
    for n in (63, 64, 100, 200, 1000):
        primes = dp._ring(n).primes
        assert all(p < 2**31 for p in primes)
        assert math.prod(primes) > 2 ** (n + 1)
        assert math.prod(primes[1:]) <= 2 ** (n + 1)  # no more primes than needed
        assert len(set(primes)) == len(primes)
        assert all(pow(2, p - 1, p) == 1 for p in primes)


@pytest.mark.parametrize("n", [63, 100, 300])
def test_chinese_remainders_give_back_every_count(n):
    ring = dp._ring(n)
    rng = random.Random(n)
    values = [0, 1, 2**n, 2**n - 1, *(rng.randrange(2**n + 1) for _ in range(20))]
    residues = ring.zeros((len(values),))
    for k, v in enumerate(values):
        residues[k] = [v % p for p in ring.primes]
    assert ring.to_ints(residues) == values
    assert ring.to_ints(residues[3]) == 2**n - 1
    assert type(ring.to_ints(residues[3])) is int


# --- small games: forced modular path against enumeration


@pytest.mark.parametrize("ring", RINGS.values(), ids=RINGS.keys())
@settings(max_examples=400)
@given(game=weighted_games(max_n=12, max_weight=15))
def test_modular_path_matches_enumeration_on_weighted_games(ring, game):
    expected = counts(ENGINES["enumeration"].statistics(game, ALL_NEEDS))
    assert dp_counts(game, ALL_NEEDS, ring) == expected


@pytest.mark.parametrize("ring", RINGS.values(), ids=RINGS.keys())
@settings(max_examples=150)
@given(game=multi_games(max_n=9, max_weight=8))
def test_modular_path_matches_enumeration_on_multi_criteria_games(ring, game):
    expected = counts(ENGINES["enumeration"].statistics(game, SWINGS))
    got = dp_counts(game, SWINGS, ring)
    assert got["winning_count"] == expected["winning_count"]
    assert got["swings_by_size"] == expected["swings_by_size"]


@st.composite
def mid_sized_games(draw):
    """30-62 players (too many to enumerate, few enough for exact int64), weights 0..30."""
    weights = draw(st.lists(st.integers(0, 30), min_size=30, max_size=62))
    if sum(weights) == 0:
        weights[0] = 1
    return WeightedGame(weights, draw(st.integers(1, sum(weights))))


@settings(max_examples=25)
@given(game=mid_sized_games())
def test_modular_path_matches_exact_int64_path(game):
    assert dp_counts(game, ALL_NEEDS, one_prime) == dp_counts(game, ALL_NEEDS)


# --- 63 to 120 players: closed forms


def k_of_n(n: int, k: int) -> dict:
    """[k; 1, ..., 1]. Player i swings exactly the coalitions of k - 1 others; the minimal winning
    coalitions are those of k members; a member of a winning S is critical only when |S| = k, and
    then all k are."""
    swing = math.comb(n - 1, k - 1)
    at_k = tuple(swing if s == k else 0 for s in range(n + 1))
    return {
        "winning_count": sum(math.comb(n, j) for j in range(k, n + 1)),
        "swings_by_size": (tuple(swing if s == k - 1 else 0 for s in range(n)),) * n,
        "minimal_by_size": (at_k,) * n,
        "minimal_count_by_size": tuple(math.comb(n, k) if s == k else 0 for s in range(n + 1)),
        "johnston_by_critical": (at_k,) * n,
    }


@pytest.mark.parametrize("n", [63, 64, 65, 97, 120])
def test_unanimity(n):
    assert dp_counts(WeightedGame([1] * n, n), ALL_NEEDS) == k_of_n(n, n)
    one = tuple(1 if s == n else 0 for s in range(n + 1))
    assert k_of_n(n, n)["johnston_by_critical"] == (one,) * n  # the grand coalition, all critical


@pytest.mark.parametrize(
    ("n", "k", "weight"),
    [(63, 1, 1), (63, 32, 1), (64, 33, 2), (70, 69, 1), (88, 60, 5), (101, 51, 1), (120, 7, 3)],
)
def test_k_of_n(n, k, weight):
    game = WeightedGame([weight] * n, weight * k)
    assert dp_counts(game, ALL_NEEDS) == k_of_n(n, k)


# --- 63 to 120 players: two classes against binomial sums


def two_class_reference(sizes, vectors, quotas, player_class) -> dict:
    """Every statistic of a game with sizes[j] players of weight vector vectors[j] (j = 0, 1).

    A coalition with x members of class 0 and y of class 1 wins when x·v_0 + y·v_1 meets every
    quota; C(sizes[0], x)·C(sizes[1], y) coalitions share (x, y). A member of class j is critical
    when (x, y) wins and (x, y) less one of class j does not.
    """
    a, b = sizes
    n = a + b

    def wins(x: int, y: int) -> bool:
        return all(x * vectors[0][c] + y * vectors[1][c] >= q for c, q in enumerate(quotas))

    def ways(x: int, y: int) -> int:
        return math.comb(a, x) * math.comb(b, y) if 0 <= x <= a and 0 <= y <= b else 0

    def with_one(j: int, x: int, y: int) -> int:
        """Coalitions (x, y) that contain one given player of class j."""
        if j == 0:
            return math.comb(a - 1, x - 1) * math.comb(b, y) if x > 0 else 0
        return math.comb(a, x) * math.comb(b - 1, y - 1) if y > 0 else 0

    winning = 0
    swings = [[0] * n for _ in range(2)]
    minimal = [[0] * (n + 1) for _ in range(2)]
    minimal_count = [0] * (n + 1)
    johnston = [[0] * (n + 1) for _ in range(2)]
    for x, y in itertools.product(range(a + 1), range(b + 1)):
        if not wins(x, y):
            # The others are (x, y) and lose; with one more player of class j they win.
            if x < a and wins(x + 1, y):
                swings[0][x + y] += math.comb(a - 1, x) * math.comb(b, y)
            if y < b and wins(x, y + 1):
                swings[1][x + y] += math.comb(a, x) * math.comb(b - 1, y)
            continue
        winning += ways(x, y)
        critical = [x > 0 and not wins(x - 1, y), y > 0 and not wins(x, y - 1)]
        c = x * critical[0] + y * critical[1]
        for j in (0, 1):
            if critical[j]:
                johnston[j][c] += with_one(j, x, y)
        if critical[0] == (x > 0) and critical[1] == (y > 0):
            minimal_count[x + y] += ways(x, y)
            for j in (0, 1):
                minimal[j][x + y] += with_one(j, x, y)
    return {
        "winning_count": winning,
        "swings_by_size": tuple(tuple(swings[j]) for j in player_class),
        "minimal_by_size": tuple(tuple(minimal[j]) for j in player_class),
        "minimal_count_by_size": tuple(minimal_count),
        "johnston_by_critical": tuple(tuple(johnston[j]) for j in player_class),
    }


def _players(sizes, seed):
    player_class = [0] * sizes[0] + [1] * sizes[1]
    random.Random(seed).shuffle(player_class)
    return player_class


@pytest.mark.parametrize(
    ("sizes", "weights", "quota"),
    [
        ((40, 30), (3, 1), 76),  # simple majority of 150
        ((20, 43), (5, 2), 150),
        ((1, 80), (81, 1), 81),  # a dictator
        ((12, 60), (7, 0), 43),  # 60 null players of weight 0
        ((50, 50), (3, 2), 240),
        ((33, 87), (4, 3), 200),
    ],
)
def test_two_classes(sizes, weights, quota):
    player_class = _players(sizes, seed=sum(sizes))
    game = WeightedGame([weights[j] for j in player_class], quota)
    expected = two_class_reference(sizes, [(w,) for w in weights], [quota], player_class)
    assert dp_counts(game, ALL_NEEDS) == expected


@pytest.mark.parametrize(
    ("sizes", "vectors", "quotas"),
    [
        ((30, 40), ((3, 1), (1, 2)), (80, 60)),
        ((45, 25), ((2, 1), (1, 1)), (71, 36)),  # a head count as the second criterion
        ((50, 30), ((1, 3), (2, 1)), (60, 80)),
    ],
)
def test_two_classes_two_criteria(sizes, vectors, quotas):
    player_class = _players(sizes, seed=len(quotas) + sum(sizes))
    criteria = [([vectors[j][c] for j in player_class], q) for c, q in enumerate(quotas)]
    game = MultiWeightedGame(criteria)
    expected = two_class_reference(sizes, vectors, quotas, player_class)
    got = dp_counts(game, SWINGS)
    assert got["winning_count"] == expected["winning_count"]
    assert got["swings_by_size"] == expected["swings_by_size"]
