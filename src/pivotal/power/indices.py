"""Power indices, each derived from exact counts (:class:`~pivotal.engines.GameStatistics`).

Notation: n players, W the set of winning coalitions, η_i the number of *swings* of player i
(coalitions S ∌ i that lose while S ∪ {i} wins), M the set of minimal winning coalitions
(every member critical), M_i those containing i. Every function returns exact values: ``int`` for
counts, :class:`fractions.Fraction` otherwise. Each is checked in the tests against brute force and
against the axioms it satisfies.

References
----------
1. Penrose, L. S. (1946). The elementary statistics of majority voting. *J. Royal Statistical
   Society* 109(1): 53-57.
2. Banzhaf, J. F. (1965). Weighted voting doesn't work. *Rutgers Law Review* 19: 317-343.
3. Shapley, L. S., & Shubik, M. (1954). A method for evaluating the distribution of power in a
   committee system. *American Political Science Review* 48(3): 787-792.
4. Coleman, J. S. (1971). Control of collectivities and the power of a collectivity to act. In
   B. Lieberman (ed.), *Social Choice*, 269-300. Gordon and Breach.
5. Johnston, R. J. (1978). On the measurement of power. *Environment and Planning A* 10: 907-914.
6. Deegan, J., & Packel, E. W. (1978). A new index of power for simple n-person games.
   *International Journal of Game Theory* 7(2): 113-123.
7. Holler, M. J. (1982). Forming coalitions and measuring voting power. *Political Studies* 30(2):
   262-271.
8. Felsenthal, D. S., & Machover, M. (1998). *The Measurement of Voting Power*. Edward Elgar.

The examples below use the EEC Council of 1958, [12; 4, 4, 4, 2, 2, 1] (France, Germany, Italy,
Belgium, the Netherlands, Luxembourg), in which Luxembourg's vote can never decide anything.

>>> stats = eec_statistics()
>>> stats.players
('FR', 'DE', 'IT', 'BE', 'NL', 'LU')
"""

from __future__ import annotations

from fractions import Fraction
from math import factorial

from pivotal.engines.base import GameStatistics, Need

__all__ = [
    "banzhaf",
    "coleman_act",
    "coleman_initiate",
    "coleman_prevent",
    "deegan_packel",
    "dummy_players",
    "holler",
    "johnston",
    "minimal_winning_count",
    "penrose",
    "raw_banzhaf",
    "shapley_shubik",
    "veto_players",
]


def eec_statistics() -> GameStatistics:
    """Exact statistics of the EEC Council of 1958, the running example of this module."""
    from pivotal.engines import compute_statistics
    from pivotal.games import WeightedGame

    eec = WeightedGame([4, 4, 4, 2, 2, 1], 12, names=["FR", "DE", "IT", "BE", "NL", "LU"])
    return compute_statistics(eec, frozenset(Need))


def _need(stats: GameStatistics, field: str) -> tuple:
    value = getattr(stats, field)
    if value is None:  # a programming error inside pivotal, not a user error
        raise RuntimeError(f"engine {stats.engine!r} did not count {field}")
    return value


def raw_banzhaf(stats: GameStatistics) -> tuple[int, ...]:
    """Raw Banzhaf power: the number of swings η_i of each player [2].

    η_i = |{S ⊆ N \\ {i} : S ∉ W, S ∪ {i} ∈ W}|

    In the EEC Council each large member swings 10 coalitions, Belgium and the Netherlands 6 each,
    Luxembourg none: adding its one vote never turns a loss into a win.

    >>> stats = eec_statistics()
    >>> raw_banzhaf(stats)
    (10, 10, 10, 6, 6, 0)
    """
    return _need(stats, "swings")


def banzhaf(stats: GameStatistics) -> tuple[Fraction, ...]:
    """Normalized Banzhaf index: each player's share of all swings [2].

    β_i = η_i / Σ_j η_j, so the values sum to 1.

    >>> stats = eec_statistics()
    >>> [str(x) for x in banzhaf(stats)]
    ['5/21', '5/21', '5/21', '1/7', '1/7', '0']
    """
    swings = raw_banzhaf(stats)
    total = sum(swings)
    return tuple(Fraction(s, total) for s in swings)


def penrose(stats: GameStatistics) -> tuple[Fraction, ...]:
    """Penrose (absolute Banzhaf) measure: the probability that i's vote decides [1, 8].

    β'_i = η_i / 2^(n-1): with every other player voting yes or no at random, the chance that the
    outcome follows i's vote. Unlike β it is not normalized, so it shows whether a rule change makes
    every member weaker or stronger.

    >>> stats = eec_statistics()
    >>> [str(x) for x in penrose(stats)]
    ['5/16', '5/16', '5/16', '3/16', '3/16', '0']
    """
    half = 1 << (stats.n - 1)
    return tuple(Fraction(s, half) for s in raw_banzhaf(stats))


def shapley_shubik(stats: GameStatistics) -> tuple[Fraction, ...]:
    """Shapley-Shubik index: the share of voting orders in which i is pivotal [3].

    φ_i = Σ_{S ⊆ N \\ {i}, S ∉ W, S ∪ {i} ∈ W} |S|! (n - |S| - 1)! / n!

    Players join a coalition in a random order; the pivot is the one whose arrival makes it win.
    The values sum to 1.

    >>> stats = eec_statistics()
    >>> [str(x) for x in shapley_shubik(stats)]
    ['7/30', '7/30', '7/30', '3/20', '3/20', '0']
    """
    n = stats.n
    fact_n = factorial(n)
    weights = [factorial(k) * factorial(n - k - 1) for k in range(n)]
    return tuple(
        Fraction(sum(c * w for c, w in zip(row, weights, strict=True)), fact_n)
        for row in _need(stats, "swings_by_size")
    )


def coleman_prevent(stats: GameStatistics) -> tuple[Fraction, ...]:
    """Coleman's power to prevent action: the share of winning coalitions that i can break [4].

    P_i = η_i / |W|. A veto player has P_i = 1: every decision needs it.

    >>> stats = eec_statistics()
    >>> [str(x) for x in coleman_prevent(stats)]
    ['5/7', '5/7', '5/7', '3/7', '3/7', '0']
    """
    w = stats.winning_count
    return tuple(Fraction(s, w) for s in raw_banzhaf(stats))


def coleman_initiate(stats: GameStatistics) -> tuple[Fraction, ...]:
    """Coleman's power to initiate action: the share of losing coalitions that i can make win [4].

    I_i = η_i / (2^n - |W|).

    Of the 50 losing coalitions, France can turn 10 into winners:

    >>> stats = eec_statistics()
    >>> [str(x) for x in coleman_initiate(stats)]
    ['1/5', '1/5', '1/5', '3/25', '3/25', '0']
    """
    losing = stats.coalition_count - stats.winning_count
    return tuple(Fraction(s, losing) for s in raw_banzhaf(stats))


def coleman_act(stats: GameStatistics) -> Fraction:
    """Coleman's power of the collectivity to act: the share of coalitions that win [4].

    A = |W| / 2^n: the chance that a proposal passes when every member votes yes or no at random.
    Consensus among n members gives 1/2^n; simple majority of an odd number of members gives 1/2.

    >>> stats = eec_statistics()
    >>> coleman_act(stats)
    Fraction(7, 32)
    """
    return Fraction(stats.winning_count, stats.coalition_count)


def johnston(stats: GameStatistics) -> tuple[Fraction, ...]:
    """Johnston index: like Banzhaf, but a swing shared by c critical members counts 1/c [5].

    J_i = (Σ_{S ∈ W, i critical in S} 1/c(S)) / (Σ_j Σ_{S ∈ W, j critical in S} 1/c(S)),
    where c(S) is the number of critical members of S. The values sum to 1.

    >>> stats = eec_statistics()
    >>> [str(x) for x in johnston(stats)]
    ['1/4', '1/4', '1/4', '1/8', '1/8', '0']
    """
    raw = [
        sum((Fraction(count, c) for c, count in enumerate(row) if c), Fraction(0))
        for row in _need(stats, "johnston_by_critical")
    ]
    total = sum(raw, Fraction(0))
    return tuple(r / total for r in raw)


def deegan_packel(stats: GameStatistics) -> tuple[Fraction, ...]:
    """Deegan-Packel index: minimal winning coalitions equally likely, spoils split equally [6].

    ρ_i = (1 / |M|) Σ_{S ∈ M_i} 1 / |S|. The values sum to 1.

    The EEC's minimal winning coalitions are {FR, DE, IT} and the three of the form
    {two large, BE, NL}. France is in the first (a third of the spoils) and in two of the others
    (a quarter each): (1/3 + 1/4 + 1/4) / 4 = 5/24.

    >>> stats = eec_statistics()
    >>> [str(x) for x in deegan_packel(stats)]
    ['5/24', '5/24', '5/24', '3/16', '3/16', '0']
    """
    total = sum(_need(stats, "minimal_count_by_size"))
    return tuple(
        sum((Fraction(count, s) for s, count in enumerate(row) if s), Fraction(0)) / total
        for row in _need(stats, "minimal_by_size")
    )


def holler(stats: GameStatistics) -> tuple[Fraction, ...]:
    """Holler's public good index: share of memberships in minimal winning coalitions [7].

    h_i = |M_i| / Σ_j |M_j|. The values sum to 1.

    Every member of the EEC but Luxembourg sits in three of the four minimal winning coalitions,
    so Belgium scores as high as France: the index is not monotone in weight.

    >>> stats = eec_statistics()
    >>> [str(x) for x in holler(stats)]
    ['1/5', '1/5', '1/5', '1/5', '1/5', '0']
    """
    counts = [sum(row) for row in _need(stats, "minimal_by_size")]
    total = sum(counts)
    return tuple(Fraction(c, total) for c in counts)


def veto_players(stats: GameStatistics) -> tuple[str, ...]:
    """Players in every winning coalition: each can block any decision alone.

    Player i has a veto when η_i = |W| (every winning coalition contains i and falls without it).

    >>> stats = eec_statistics()
    >>> veto_players(stats)
    ()
    """
    w = stats.winning_count
    return tuple(p for p, s in zip(stats.players, raw_banzhaf(stats), strict=True) if s == w)


def dummy_players(stats: GameStatistics) -> tuple[str, ...]:
    """Players whose vote never decides anything (η_i = 0).

    >>> stats = eec_statistics()
    >>> dummy_players(stats)
    ('LU',)
    """
    return tuple(p for p, s in zip(stats.players, raw_banzhaf(stats), strict=True) if s == 0)


def minimal_winning_count(stats: GameStatistics) -> int:
    """The number of minimal winning coalitions |M|.

    >>> stats = eec_statistics()
    >>> minimal_winning_count(stats)
    4
    """
    return sum(_need(stats, "minimal_count_by_size"))
