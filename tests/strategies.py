"""Hypothesis strategies for random small simple games.

Every strategy returns a valid pivotal game (a monotone family of winning coalitions in which the
empty coalition loses and the grand coalition wins), small enough to enumerate in the tests:

* :func:`weighted_games`: [q; w_1..w_n], weights 0..max_weight with zeros and ties common;
* :func:`multi_games`: 1-3 criteria, sometimes one with every weight 1 (a head count) or every
  weight equal (a criterion the DP engine turns into a size rule);
* :func:`composite_games`: AndGame / OrGame of weighted and multi-criteria games, sometimes nested;
* :func:`explicit_games`: ExplicitGame.from_minimal_winning over random families of coalitions;
* :func:`any_games`: one of the above.

The ``*_specs`` strategies return plain data (weights, quota, names) so tests can rebuild the same
game with its players reordered or its weights rescaled.
"""

from __future__ import annotations

from hypothesis import strategies as st

from pivotal import AndGame, ExplicitGame, MultiWeightedGame, OrGame, WeightedGame

__all__ = [
    "any_games",
    "class_weighted_specs",
    "composite_games",
    "explicit_games",
    "multi_games",
    "multi_specs",
    "names_for",
    "weighted_games",
    "weighted_specs",
]

#: Member ids to draw names from (more than the largest n drawn), with a few odd spellings.
NAME_POOL = (
    "ARM",
    "BLR",
    "KAZ",
    "KGZ",
    "RUS",
    "TJK",
    "UZB",
    "AZE",
    "GEO",
    "FR",
    "DE",
    "IT",
    "BE",
    "NL",
    "LU",
    "A",
    "B",
    "C",
    "x",
    "y",
    "member 1",
    "Côte d'Ivoire",
    "P2",
    "P1",
)


@st.composite
def names_for(draw, n: int):
    """None (default P1..Pn) or n unique member ids drawn from :data:`NAME_POOL`."""
    if draw(st.booleans()):
        return None
    return list(draw(st.permutations(NAME_POOL))[:n])


@st.composite
def weight_vectors(draw, n: int, max_weight: int = 20):
    """n weights in 0..max_weight, total at least 1; often with ties (drawn from a small pool)."""
    mode = draw(st.sampled_from(["free", "pool", "pool"]))
    if mode == "free":
        weights = draw(st.lists(st.integers(0, max_weight), min_size=n, max_size=n))
    else:
        pool = draw(st.lists(st.integers(0, max_weight), min_size=1, max_size=3, unique=True))
        weights = draw(st.lists(st.sampled_from(pool), min_size=n, max_size=n))
    if sum(weights) == 0:
        k = draw(st.integers(0, n - 1))
        weights[k] = draw(st.integers(1, max_weight))
    return weights


@st.composite
def quotas(draw, total: int):
    """A quota in 1..total, biased toward the interesting ends and toward simple majority."""
    special = [1, total, total // 2 + 1, -(-2 * total // 3)]
    special = [q for q in special if 1 <= q <= total]
    return draw(st.one_of(st.integers(1, total), st.sampled_from(special)))


@st.composite
def weighted_specs(draw, min_n: int = 1, max_n: int = 10, max_weight: int = 20):
    """(weights, quota, names) of a weighted game."""
    n = draw(st.integers(min_n, max_n))
    weights = draw(weight_vectors(n, max_weight))
    quota = draw(quotas(sum(weights)))
    names = draw(names_for(n))
    return weights, quota, names


@st.composite
def weighted_games(draw, min_n: int = 1, max_n: int = 10, max_weight: int = 20):
    weights, quota, names = draw(weighted_specs(min_n, max_n, max_weight))
    return WeightedGame(weights, quota, names=names)


@st.composite
def criterion_specs(draw, n: int, max_weight: int = 20):
    kind = draw(st.sampled_from(["weights", "weights", "unit", "equal"]))
    if kind == "unit":
        weights = [1] * n
    elif kind == "equal":
        weights = [draw(st.integers(1, max_weight))] * n
    else:
        weights = draw(weight_vectors(n, max_weight))
    return weights, draw(quotas(sum(weights)))


@st.composite
def multi_specs(draw, min_n: int = 1, max_n: int = 10, max_weight: int = 20, max_criteria: int = 3):
    """(criteria, names): 1..max_criteria (weights, quota) pairs over the same n players."""
    n = draw(st.integers(min_n, max_n))
    k = draw(st.integers(1, max_criteria))
    if k >= 3:
        # Three weighted axes of quota ~200 make the DP engine take tens of seconds (it supports
        # them); weights up to 10 keep a forced DP run around a second.
        max_weight = min(max_weight, 10)
    criteria = [draw(criterion_specs(n, max_weight)) for _ in range(k)]
    return criteria, draw(names_for(n))


@st.composite
def multi_games(draw, min_n: int = 1, max_n: int = 10, max_weight: int = 20, max_criteria: int = 3):
    criteria, names = draw(multi_specs(min_n, max_n, max_weight, max_criteria))
    return MultiWeightedGame(criteria, names=names)


@st.composite
def _part(draw, n: int, names):
    if draw(st.booleans()):
        weights = draw(weight_vectors(n))
        return WeightedGame(weights, draw(quotas(sum(weights))), names=names)
    k = draw(st.integers(1, 2))
    return MultiWeightedGame([draw(criterion_specs(n)) for _ in range(k)], names=names)


@st.composite
def composite_games(draw, min_n: int = 1, max_n: int = 8):
    """AndGame / OrGame of 2-3 parts over the same players, sometimes one level nested."""
    n = draw(st.integers(min_n, max_n))
    names = draw(names_for(n))
    parts = [draw(_part(n, names)) for _ in range(draw(st.integers(2, 3)))]
    if draw(st.booleans()):
        inner = (AndGame if draw(st.booleans()) else OrGame)(parts[:2])
        parts = [inner, *parts[2:], draw(_part(n, names))]
    return (AndGame if draw(st.booleans()) else OrGame)(parts)


@st.composite
def explicit_specs(draw, min_n: int = 1, max_n: int = 8):
    """(names, coalitions): a random family of non-empty coalitions generating a monotone game."""
    n = draw(st.integers(min_n, max_n))
    names = draw(names_for(n)) or [f"P{i + 1}" for i in range(n)]
    coalition = st.sets(st.sampled_from(names), min_size=1, max_size=n)
    family = draw(st.lists(coalition, min_size=1, max_size=6))
    return names, [sorted(c) for c in family]


@st.composite
def explicit_games(draw, min_n: int = 1, max_n: int = 8):
    names, family = draw(explicit_specs(min_n, max_n))
    return ExplicitGame.from_minimal_winning(names, family)


def any_games(min_n: int = 1, max_n: int = 8):
    return st.one_of(
        weighted_games(min_n=min_n, max_n=max_n),
        multi_games(min_n=min_n, max_n=max_n),
        composite_games(min_n=min_n, max_n=max_n),
        explicit_games(min_n=min_n, max_n=max_n),
    )


@st.composite
def class_weighted_specs(
    draw, min_n: int = 30, max_n: int = 60, max_classes: int = 3, max_weight: int = 20
):
    """(multiplicities, class weights, quota) of a large weighted game with few distinct weights.

    Players of one class share a weight; such games are big enough that enumeration cannot run,
    and small enough in their number of distinct classes to count with binomial coefficients.
    """
    n = draw(st.integers(min_n, max_n))
    k = draw(st.integers(1, max_classes))
    class_weights = draw(st.lists(st.integers(0, max_weight), min_size=k, max_size=k, unique=True))
    if all(w == 0 for w in class_weights):
        class_weights[0] = draw(st.integers(1, max_weight))
    cuts = sorted(
        draw(st.lists(st.integers(1, n - 1), min_size=k - 1, max_size=k - 1, unique=True))
    )
    bounds = [0, *cuts, n]
    counts = [bounds[j + 1] - bounds[j] for j in range(k)]
    total = sum(c * w for c, w in zip(counts, class_weights, strict=True))
    return counts, class_weights, draw(quotas(total))
