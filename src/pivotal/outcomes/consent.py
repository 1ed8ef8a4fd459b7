"""The cost of consent: the cheapest way to buy a winning coalition for a move.

Moving the status quo y to a proposal z makes member i worse off by

    κ_i = max(0, s_i (d(z, x_i) - d(y, x_i)))

(salience-weighted distance loss; d is |·| on a line, the Euclidean distance on a plane). A member
who gains or loses nothing consents for free; one who loses must be compensated by κ_i (side
payments, concessions on other issues, pressure). The **cost of consent** of the move is the
minimum, over the winning coalitions S of the rule, of Σ_{i∈S} κ_i: who is paid, how much, and
the share of the cost that falls on each member. Under consensus every loser must be paid; under a
majority rule the losers whose votes are not needed cost nothing. Compared across rules this is
the question of "persuading or pressuring Minsk" in numbers.

Because every κ_i ≥ 0 and rules are monotone, the cheapest coalition takes every member that
consents for free and buys the cheapest set of the others that makes it win. Three exact methods
compute it (one is chosen automatically; ``method=`` overrides, and a log line says which ran and
why):

* ``enumeration``: every subset of the members that must be paid, vectorized (up to
  :data:`MAX_ENUMERATION` of them); the oracle of the tests;
* ``dp``: a dynamic program over the coalition's weight on each criterion of the rule, capped at the
  quota: one state per reachable tuple of capped sums, with its cheapest coalition. It handles any
  ``and``/``or`` of weighted criteria (every rule the rule language compiles), as long as the
  number of states stays below :data:`MAX_DP_STATES`;
* ``search``: branch and bound over the members by increasing price (include / exclude), cut off
  when the cost reaches the best found or when adding every remaining member would still lose;
  exact for any game, within :data:`MAX_SEARCH_NODES` nodes.

Costs are exact Fractions when positions, saliences and the proposal are exact on a line; on a
plane distances are square roots, computed in floats, and the result says it is approximate.

>>> from pivotal.games import WeightedGame
>>> names = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]
>>> positions = {"ARM": 30, "BLR": 0, "KAZ": 60, "KGZ": 50, "RUS": 90, "TJK": 70}
>>> price = consent_prices(positions, {p: 1 for p in names}, status_quo=40, proposal=80)
>>> price["BLR"], price["ARM"], price["RUS"]
(Fraction(40, 1), Fraction(40, 1), Fraction(0, 1))
>>> consensus = cost_of_consent(WeightedGame([1] * 6, 6, names=names), price)
>>> consensus.total, consensus.paid
(Fraction(100, 1), {'ARM': Fraction(40, 1), 'BLR': Fraction(40, 1), 'KGZ': Fraction(20, 1)})
>>> majority = cost_of_consent(WeightedGame([1] * 6, 4, names=names), price)
>>> consensus.share("BLR")
Fraction(2, 5)
>>> majority = cost_of_consent(WeightedGame([1] * 6, 4, names=names), price)
>>> majority.total, majority.paid  # KAZ, RUS and TJK consent for free; KGZ is the cheapest 4th
(Fraction(20, 1), {'KGZ': Fraction(20, 1)})

References
----------
1. Groseclose, T. and Snyder, J. M. (1996). Buying supermajorities. American Political Science
   Review 90(2), 303-315.
2. Tsebelis, G. (2002). Veto Players. Princeton University Press (the cost of overcoming veto
   players).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from pivotal.errors import PivotalError, one_of
from pivotal.games.base import SimpleGame
from pivotal.games.composite import AndGame, OrGame
from pivotal.games.weighted import MultiWeightedGame
from pivotal.outcomes.spatial1d import exact_value

__all__ = [
    "MAX_DP_STATES",
    "MAX_ENUMERATION",
    "MAX_SEARCH_NODES",
    "METHODS",
    "ConsentCost",
    "consent_prices",
    "cost_of_consent",
]

log = logging.getLogger("pivotal.outcomes")

METHODS = ("enumeration", "dp", "search")
#: Members to be paid beyond which enumerating their subsets is too slow.
MAX_ENUMERATION = 20
#: States of the capped-sum dynamic program beyond which it gives way to the search.
MAX_DP_STATES = 200_000
#: Nodes of the branch and bound beyond which the problem is refused as too large.
MAX_SEARCH_NODES = 2_000_000

Cost = Fraction | float


@dataclass(frozen=True)
class ConsentCost:
    """The cheapest winning coalition for a move, and what each member in it must be paid.

    ``price`` holds every member's κ_i (0 for those who consent for free), ``paid`` only the
    members of the cheapest coalition with a positive price. ``coalition`` is None when no
    coalition of the members taking part can win at all.
    """

    total: Cost | None
    paid: dict[str, Cost]
    price: dict[str, Cost]
    coalition: tuple[str, ...] | None
    method: str
    exact: bool = True
    #: Floats only: an upper bound on the rounding error of ``total``.
    error: float = 0.0
    proposal: object = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def feasible(self) -> bool:
        return self.coalition is not None

    def share(self, member: str) -> Cost:
        """The share of the total cost paid to ``member`` (0 when nothing is paid)."""
        if self.total is None or not self.total:
            return Fraction(0) if self.exact else 0.0
        amount = self.paid.get(member, 0)
        return Fraction(amount) / self.total if self.exact else float(amount) / float(self.total)

    @property
    def shares(self) -> dict[str, Cost]:
        return {m: self.share(m) for m in self.paid}


def consent_prices(
    positions: Mapping[str, object],
    saliences: Mapping[str, object],
    status_quo: object,
    proposal: object,
) -> dict[str, Fraction]:
    """κ_i = max(0, s_i (|z - x_i| - |y - x_i|)) for every member with a position, exactly."""
    y = exact_value(status_quo, "status_quo")
    z = exact_value(proposal, "proposal")
    out = {}
    for member, value in positions.items():
        x = exact_value(value, f"positions['{member}']")
        s = exact_value(saliences.get(member, 1), f"saliences['{member}']")
        if s < 0:
            raise PivotalError(
                f"saliences['{member}']",
                "a salience of 0 or more",
                str(s),
                "Salience says how much a member cares; it cannot be negative.",
            )
        out[member] = max(Fraction(0), s * (abs(z - x) - abs(y - x)))
    return out


def cost_of_consent(
    game: SimpleGame,
    price: Mapping[str, Cost],
    absent: Iterable[str] = (),
    method: str | None = None,
    proposal: object = None,
) -> ConsentCost:
    """The minimum total compensation over the winning coalitions of ``game`` (module notes).

    ``price`` gives κ_i for every player taking part (Fractions for an exact answer, floats for an
    approximate one); ``absent`` players are in no coalition.
    """
    away = set(absent)
    missing = [p for p in game.players if p not in away and p not in price]
    if missing:
        raise PivotalError(
            "price",
            "a price for every member taking part (" + ", ".join(game.players) + ")",
            "none for " + ", ".join(missing),
            "Give each member's position and salience, or list it as absent.",
        )
    exact = all(isinstance(price[p], int | Fraction) for p in game.players if p not in away)
    costs: dict[str, Cost] = {
        p: (Fraction(price[p]) if exact else float(price[p])) for p in game.players if p not in away
    }
    for p, c in costs.items():
        if c < 0 or (isinstance(c, float) and not math.isfinite(c)):
            raise PivotalError(
                f"price['{p}']", "a finite price of 0 or more", str(c), "Prices are losses."
            )
    free = [p for p in game.players if p in costs and costs[p] == 0]
    buy = sorted((p for p in costs if costs[p] > 0), key=lambda p: (costs[p], game.index_of(p)))
    chosen_method, reason = _choose(game, free, buy, method)
    log.info("cost of consent: %s ran for %d members to pay (%s)", chosen_method, len(buy), reason)
    solver = {"enumeration": _enumerate, "dp": _dp, "search": _search}[chosen_method]
    bought = solver(game, free, buy, costs)
    price_out = {p: costs.get(p, Fraction(0) if exact else 0.0) for p in game.players if p in costs}
    if bought is None:
        return ConsentCost(
            None,
            {},
            price_out,
            None,
            chosen_method,
            exact,
            proposal=proposal,
            notes=("No coalition of the members taking part can win under this rule.",),
        )
    members = set(free) | set(bought)
    coalition = tuple(p for p in game.players if p in members)
    paid = {p: costs[p] for p in coalition if costs[p] > 0}
    total: Cost = sum(paid.values(), Fraction(0) if exact else 0.0)
    error = 0.0 if exact else len(paid) * 4 * math.ulp(max([float(total), 1.0]))
    return ConsentCost(
        total, paid, price_out, coalition, chosen_method, exact, error, proposal=proposal
    )


# ----------------------------------------------------------------------------- choice


def _choose(
    game: SimpleGame, free: list[str], buy: list[str], method: str | None
) -> tuple[str, str]:
    formula = criteria_formula(game)
    if method is not None:
        if method not in METHODS:
            raise PivotalError("method", one_of(METHODS), repr(method), "Pick a method.")
        if method == "enumeration" and len(buy) > MAX_ENUMERATION:
            raise PivotalError(
                "method",
                f"'enumeration' only with at most {MAX_ENUMERATION} members to pay",
                f"{len(buy)} members to pay",
                "Leave out method= to choose automatically.",
            )
        if method == "dp" and formula is None:
            raise PivotalError(
                "method",
                "'dp' only for rules made of weighted criteria",
                type(game).__name__,
                "Leave out method= to choose automatically.",
            )
        return method, "requested"
    if len(buy) <= 14:
        return "enumeration", f"{len(buy)} members to pay: every subset is quick to check"
    if formula is not None:
        return "dp", "a rule of weighted criteria: a dynamic program over capped weight totals"
    if len(buy) <= MAX_ENUMERATION:
        return "enumeration", f"{len(buy)} members to pay under a rule given by a winning test"
    return "search", "branch and bound by increasing price"


# ----------------------------------------------------------------------------- enumeration


def _enumerate(
    game: SimpleGame, free: list[str], buy: list[str], costs: Mapping[str, Cost]
) -> list[str] | None:
    index = {p: i for i, p in enumerate(game.players)}
    base = game.coalition(free)
    k = len(buy)
    # Exact prices become integers over their common denominator, so the sums below are exact.
    prices = [costs[p] for p in buy]
    if all(isinstance(c, Fraction) for c in prices):
        scale = math.lcm(*(c.denominator for c in prices)) if prices else 1  # type: ignore[union-attr]
        scaled = [int(c * scale) for c in prices]
        vector = np.array(scaled, dtype=np.int64 if sum(scaled) < 2**62 else object)
    else:
        vector = np.array(prices, dtype=float)
    best: tuple[object, int, int] | None = None
    chunk = 1 << 14
    for start in range(0, 1 << k, chunk):
        masks = np.arange(start, min(start + chunk, 1 << k), dtype=np.int64)
        bits = (masks[:, None] >> np.arange(k, dtype=np.int64)) & 1 == 1
        members = np.repeat(base[None, :], len(masks), axis=0)
        for j, p in enumerate(buy):
            members[:, index[p]] |= bits[:, j]
        wins = game.wins(members)
        if not wins.any():
            continue
        winners = masks[wins]
        totals = bits[wins].astype(vector.dtype) @ vector
        sizes = bits[wins].sum(axis=1)
        # Cheapest; among equally cheap, fewer members, then the cheaper ones (lower mask bits).
        order = sorted(range(len(winners)), key=lambda r: (totals[r], sizes[r], _bits(winners[r])))
        r = order[0]
        key = (totals[r], int(sizes[r]), int(winners[r]))
        if best is None or (key[0], key[1], _bits(key[2])) < (best[0], best[1], _bits(best[2])):
            best = key
    if best is None:
        return None
    return [buy[j] for j in range(k) if best[2] >> j & 1]


def _bits(mask: int) -> tuple[int, ...]:
    return tuple(j for j in range(int(mask).bit_length()) if int(mask) >> j & 1)


# ----------------------------------------------------------------------------- search


def _search(
    game: SimpleGame, free: list[str], buy: list[str], costs: Mapping[str, Cost]
) -> list[str] | None:
    index = {p: i for i, p in enumerate(game.players)}
    base = game.coalition(free)
    if not bool(game.wins(game.coalition([*free, *buy]))):
        return None
    best: list[object] = [math.inf, None]
    nodes = [0]

    def visit(j: int, chosen: np.ndarray, cost: Cost, picked: list[str]) -> None:
        nodes[0] += 1
        if nodes[0] > MAX_SEARCH_NODES:
            raise PivotalError(
                "game",
                f"a cost-of-consent problem within {MAX_SEARCH_NODES:,} search steps",
                f"{len(buy)} members to pay under {type(game).__name__}",
                "Fix the positions of more members, or use a rule of weighted criteria "
                "(the dynamic program handles those).",
            )
        if cost >= best[0]:  # type: ignore[operator]
            return
        if bool(game.wins(chosen)):
            best[0], best[1] = cost, list(picked)
            return
        # A losing coalition needs at least one more member, and buy is sorted by price.
        if j == len(buy) or cost + costs[buy[j]] >= best[0]:  # type: ignore[operator]
            return
        rest = chosen.copy()
        for p in buy[j:]:
            rest[index[p]] = True
        if not bool(game.wins(rest)):
            return
        p = buy[j]
        with_p = chosen.copy()
        with_p[index[p]] = True
        visit(j + 1, with_p, cost + costs[p], [*picked, p])
        visit(j + 1, chosen, cost, picked)

    visit(0, base, Fraction(0), [])
    return best[1]  # type: ignore[return-value]


# ----------------------------------------------------------------------------- dp


@dataclass(frozen=True)
class _Leaf:
    weights: tuple[int, ...]
    quota: int


Formula = tuple  # ("leaf", k) | ("and", [...]) | ("or", [...])


@dataclass(frozen=True)
class CriteriaFormula:
    """A rule as an and/or formula over weighted criteria (the leaves)."""

    leaves: tuple[_Leaf, ...]
    root: Formula

    def holds(self, sums: Sequence[int]) -> bool:
        return self._eval(self.root, sums)

    def _eval(self, node: Formula, sums: Sequence[int]) -> bool:
        kind, parts = node
        if kind == "leaf":
            return sums[parts] >= self.leaves[parts].quota
        results = (self._eval(p, sums) for p in parts)
        return all(results) if kind == "and" else any(results)


def criteria_formula(game: SimpleGame) -> CriteriaFormula | None:
    """The rule of ``game`` as an and/or formula of weighted criteria; None for a game given by
    an explicit winning test."""
    leaves: list[_Leaf] = []

    def node(g: SimpleGame) -> Formula | None:
        if isinstance(g, MultiWeightedGame):
            parts = []
            for c in g.criteria:
                leaves.append(_Leaf(c.weights, c.quota))
                parts.append(("leaf", len(leaves) - 1))
            return parts[0] if len(parts) == 1 else ("and", parts)
        if isinstance(g, AndGame | OrGame):
            kids = [node(part) for part in g.games]
            if any(k is None for k in kids):
                return None
            return ("and" if isinstance(g, AndGame) else "or", kids)
        return None

    root = node(game)
    return None if root is None else CriteriaFormula(tuple(leaves), root)


def _dp(
    game: SimpleGame, free: list[str], buy: list[str], costs: Mapping[str, Cost]
) -> list[str] | None:
    formula = criteria_formula(game)
    assert formula is not None  # _choose only picks dp for such rules
    index = {p: i for i, p in enumerate(game.players)}
    leaves = formula.leaves
    start = tuple(min(sum(leaf.weights[index[p]] for p in free), leaf.quota) for leaf in leaves)
    # state -> (cost, members bought, as a tuple of positions in buy)
    states: dict[tuple[int, ...], tuple[Cost, tuple[int, ...]]] = {start: (Fraction(0), ())}
    for j, p in enumerate(buy):
        i = index[p]
        step = tuple(leaf.weights[i] for leaf in leaves)
        if not any(step):
            continue  # weighs nothing on any criterion: never worth paying
        for state, (cost, chosen) in list(states.items()):
            new = tuple(
                min(s + w, leaf.quota) for s, w, leaf in zip(state, step, leaves, strict=True)
            )
            candidate = (cost + costs[p], (*chosen, j))
            known = states.get(new)
            if known is None or candidate[0] < known[0]:
                states[new] = candidate
        if len(leaves) == 1:
            states = _frontier(states)
        if len(states) > MAX_DP_STATES:
            log.info("cost of consent: over %d states; branch and bound instead", MAX_DP_STATES)
            return _search(game, free, buy, costs)
    best: tuple[Cost, tuple[int, ...]] | None = None
    for state, value in states.items():
        if formula.holds(state) and (
            best is None
            or value[0] < best[0]
            or (value[0] == best[0] and (len(value[1]), value[1]) < (len(best[1]), best[1]))
        ):
            best = value
    if best is None:
        return None
    return [buy[j] for j in best[1]]


def _frontier(
    states: dict[tuple[int, ...], tuple[Cost, tuple[int, ...]]],
) -> dict[tuple[int, ...], tuple[Cost, tuple[int, ...]]]:
    """On one criterion, drop every state that a heavier state reaches at no higher cost: it can
    never be part of a cheaper winning coalition."""
    kept: dict[tuple[int, ...], tuple[Cost, tuple[int, ...]]] = {}
    cheapest: Cost | None = None
    for state in sorted(states, reverse=True):
        value = states[state]
        if cheapest is None or value[0] < cheapest:
            kept[state] = value
            cheapest = value[0]
    return kept
