"""Weighted voting games and games of several weighted criteria.

A *weighted game* [q; w_1, ..., w_n] lets coalition S win when w(S) = Σ_{i∈S} w_i ≥ q.
A *multi-criteria game* has several such criteria (member count, population, votes, ...) and S wins
only when it meets every one of them, as in the EU Council's double majority.

Weights are exact. Integers are taken as they are. Decimal numbers (``Decimal``, strings such as
``"16.74"``, or floats, which are read as the decimal they print as: ``16.74`` means 1674/100) and
fractions (``Fraction``, strings such as ``"1/3"``) are read exactly, then the weights and the quota
of the criterion are multiplied by the least common multiple of their denominators, the smallest
factor that makes them all integers (``16.74`` and ``5`` with quota ``10``: 16.74 = 837/50, so
the factor is 50 and the game is [500; 837, 250]). Scaling every weight and the quota by the same
positive factor does not change which coalitions win. The factor is kept in
:attr:`Criterion.scale`.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import TYPE_CHECKING

from pivotal.errors import PivotalError
from pivotal.games.base import (
    MAX_PLAYERS,
    SimpleGame,
    coalition_sums,
    validate_players,
    weighted_sums,
)

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Criterion", "MultiWeightedGame", "WeightedGame"]


@dataclass(frozen=True)
class Criterion:
    """One weighted criterion: a coalition meets it when its weight reaches the quota.

    ``weights`` and ``quota`` are integers after scaling; ``scale`` is the factor they were
    multiplied by (1 for integer input); ``name`` labels the criterion in output.
    """

    weights: tuple[int, ...]
    quota: int
    name: str = "weight"
    scale: int = 1

    @property
    def total(self) -> int:
        return sum(self.weights)


#: Weights and quotas beyond these sizes are input mistakes, and slow to turn into integers.
MAX_DECIMAL_EXPONENT = 60
MAX_NUMBER_CHARS = 200


def to_fraction(value: object, parameter: str) -> Fraction:
    """The exact value of a weight, quota or attribute given as int, float, Decimal, Fraction,
    numpy scalar or text ("16.74", "1/3"); a :class:`PivotalError` naming ``parameter`` otherwise.
    Floats are read as the decimal they print as."""
    if isinstance(value, bool):
        raise PivotalError(parameter, "a number", repr(value), "Give a number, not True/False.")
    if isinstance(value, int | Fraction):
        return Fraction(value)
    # A numpy scalar exists only once numpy is imported; without it, none can be passed here.
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.integer):
        return Fraction(int(value))
    if numpy is not None and isinstance(value, numpy.floating):
        value = float(value)  # numpy's repr ("np.float64(0.5)") is not a decimal literal
    if isinstance(value, float):
        if not math.isfinite(value):
            raise PivotalError(parameter, "a finite number", repr(value), "Give a finite number.")
        return _decimal_to_fraction(Decimal(repr(value)), parameter)
    if isinstance(value, Decimal):
        return _decimal_to_fraction(value, parameter)
    if isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_NUMBER_CHARS:
            raise PivotalError(
                parameter,
                f"a number of at most {MAX_NUMBER_CHARS} characters",
                text,
                "Write the value with fewer digits.",
            )
        try:
            parsed: Fraction | Decimal = Fraction(text) if "/" in text else Decimal(text)
        except (InvalidOperation, ValueError, ZeroDivisionError):
            raise PivotalError(
                parameter,
                "a number such as 4, 2.5 or 1/3",
                repr(value),
                "Write the value as a number.",
            ) from None
        if isinstance(parsed, Fraction):
            return parsed
        return _decimal_to_fraction(parsed, parameter, repr(value))
    raise PivotalError(
        parameter,
        "a number",
        f"{type(value).__name__} {value!r}",
        "Give an int, decimal or fraction.",
    )


def _decimal_to_fraction(value: Decimal, parameter: str, shown: str | None = None) -> Fraction:
    """Exact value of a decimal, refusing NaN, infinities and exponents no weight needs
    (1e100000000 would take minutes to expand into an integer)."""
    shown = str(value) if shown is None else shown
    if not value.is_finite():
        raise PivotalError(parameter, "a finite number", shown, "Give a finite number.")
    if value and abs(value.adjusted()) > MAX_DECIMAL_EXPONENT:
        raise PivotalError(
            parameter,
            f"a number between 1e-{MAX_DECIMAL_EXPONENT} and 1e{MAX_DECIMAL_EXPONENT}",
            shown,
            "Rescale the weights (all by the same factor) to ordinary magnitudes.",
        )
    return Fraction(value)


def make_criterion(
    weights: Sequence[object],
    quota: object,
    name: str = "weight",
    weights_parameter: str = "weights",
    quota_parameter: str = "quota",
) -> Criterion:
    """Validate and scale one criterion. Every error names the argument and how to fix it."""
    if isinstance(weights, str | bytes) or not hasattr(weights, "__len__"):
        raise PivotalError(
            weights_parameter, "a list of numbers", repr(weights), "Give one weight per player."
        )
    n = len(weights)
    if n == 0:
        raise PivotalError(
            weights_parameter, "at least one weight", "an empty list", "Give one weight per player."
        )
    if n > MAX_PLAYERS:
        raise PivotalError(
            weights_parameter,
            f"at most {MAX_PLAYERS} players",
            f"{n} players",
            "Split the body or check that the input is what you meant.",
        )
    exact = [to_fraction(w, f"{weights_parameter}[{i}]") for i, w in enumerate(weights)]
    for i, w in enumerate(exact):
        if w < 0:
            raise PivotalError(
                f"{weights_parameter}[{i}]",
                "a non-negative weight",
                str(weights[i]),
                "Weights count votes, shares or people; use 0 for a player without votes.",
            )
    q = to_fraction(quota, quota_parameter)
    if q <= 0:
        raise PivotalError(
            quota_parameter,
            "a positive quota",
            str(quota),
            "A quota of 0 or less lets the empty coalition win; give the weight needed to pass.",
        )
    scale = _scale([*exact, q])
    int_weights = tuple(int(w * scale) for w in exact)
    int_quota = int(q * scale)
    total = sum(int_weights)
    if int_quota > total:
        raise PivotalError(
            quota_parameter,
            f"a quota of at most the total weight {_fmt(Fraction(total, scale))}",
            str(quota),
            "With this quota the game can never be won, not even by all players together; "
            "lower the quota or check the weights.",
        )
    return Criterion(int_weights, int_quota, name=name, scale=scale)


def _scale(values: Sequence[Fraction]) -> int:
    """The least factor that makes every value an integer: the lcm of the denominators
    (16.74 = 837/50 and 5 -> 50; 1/3 -> 3)."""
    lcm = 1
    for value in values:
        lcm = math.lcm(lcm, value.denominator)
    return lcm


def _fmt(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else str(value)


class MultiWeightedGame(SimpleGame):
    """A coalition wins when it meets *every* weighted criterion.

    >>> g = MultiWeightedGame(
    ...     [([1, 1, 1, 1], 3), ([40, 30, 20, 10], 65)],
    ...     names=["A", "B", "C", "D"],
    ...     criteria_names=["members", "population"],
    ... )
    >>> g.is_winning(["A", "B", "C"]), g.is_winning(["B", "C", "D"])
    (True, False)
    """

    def __init__(
        self,
        criteria: Sequence[tuple[Sequence[object], object]],
        names: Sequence[object] | None = None,
        criteria_names: Sequence[str] | None = None,
    ) -> None:
        if not criteria:
            raise PivotalError(
                "criteria", "at least one (weights, quota) pair", "none", "Add a criterion."
            )
        labels = (
            list(criteria_names)
            if criteria_names is not None
            else [f"criterion {k + 1}" for k in range(len(criteria))]
        )
        if len(labels) != len(criteria):
            raise PivotalError(
                "criteria_names",
                f"{len(criteria)} names",
                f"{len(labels)} names",
                "Name every criterion.",
            )
        built: list[Criterion] = []
        for k, item in enumerate(criteria):
            if isinstance(item, Criterion):
                checked = make_criterion(
                    item.weights,
                    item.quota,
                    item.name,
                    f"criteria[{k}].weights",
                    f"criteria[{k}].quota",
                )
                built.append(replace(checked, scale=item.scale * checked.scale))
                continue
            try:
                weights, quota = item
            except (TypeError, ValueError):
                raise PivotalError(
                    f"criteria[{k}]",
                    "a (weights, quota) pair",
                    repr(item),
                    "Give each criterion as (weights, quota).",
                ) from None
            built.append(
                make_criterion(
                    weights, quota, labels[k], f"criteria[{k}].weights", f"criteria[{k}].quota"
                )
            )
        n = len(built[0].weights)
        for k, c in enumerate(built):
            if len(c.weights) != n:
                raise PivotalError(
                    f"criteria[{k}].weights",
                    f"{n} weights (one per player, as in criterion 1)",
                    f"{len(c.weights)} weights",
                    "Give every criterion one weight per player, in the same order.",
                )
        self.criteria: tuple[Criterion, ...] = tuple(built)
        self.players = validate_players(names, n)

    def winning_table(self) -> np.ndarray:
        import numpy as np

        table = np.ones(1 << self.n, dtype=bool)
        for c in self.criteria:
            table &= coalition_sums(c.weights) >= c.quota
        return table

    def _wins(self, members: np.ndarray) -> np.ndarray:
        import numpy as np

        result = np.ones(members.shape[:-1], dtype=bool)
        for c in self.criteria:
            result &= weighted_sums(members, c.weights) >= c.quota
        return result

    def winning_list(self) -> list[bool]:
        wins = [True] * (1 << self.n)
        for c in self.criteria:
            # Weights of all coalitions by doubling, as in coalition_sums: after player i the list
            # holds the weights of the masks over players 0..i.
            sums = [0]
            for w in c.weights:
                sums += [s + w for s in sums]
            wins = [ok and s >= c.quota for ok, s in zip(wins, sums, strict=True)]
        return wins

    def _is_winning_mask(self, mask: int) -> bool:
        for c in self.criteria:
            weight = sum(w for i, w in enumerate(c.weights) if mask >> i & 1)
            if weight < c.quota:
                return False
        return True

    def __repr__(self) -> str:
        parts = "; ".join(
            f"{c.name}: [{c.quota}; {', '.join(map(str, c.weights))}]" for c in self.criteria
        )
        return f"{type(self).__name__}({parts})"


class WeightedGame(MultiWeightedGame):
    """The weighted voting game [q; w_1, ..., w_n]: S wins when Σ_{i∈S} w_i ≥ q.

    Parameters
    ----------
    weights : sequence of numbers
        Non-negative weights, one per player (ints, decimals or fractions; see the module notes
        on scaling).
    quota : number
        Positive, at most the total weight.
    names : sequence of str, optional
        Unique player names (member ids); ``P1..Pn`` when omitted.

    Examples
    --------
    The Council of the EEC in 1958 (France, Germany, Italy 4 votes; Belgium, the Netherlands 2;
    Luxembourg 1; 12 of 17 to pass):

    >>> eec = WeightedGame([4, 4, 4, 2, 2, 1], 12, names=["FR", "DE", "IT", "BE", "NL", "LU"])
    >>> eec
    WeightedGame([12; 4, 4, 4, 2, 2, 1])
    >>> eec.is_winning(["FR", "DE", "IT"]), eec.is_winning(["FR", "DE", "BE", "LU"])
    (True, False)
    """

    def __init__(
        self,
        weights: Sequence[object],
        quota: object,
        names: Sequence[object] | None = None,
        name: str = "weight",
    ) -> None:
        values, labels = labelled_weights(weights)
        if labels is not None:
            if names is not None and [str(n).strip() for n in names] != [
                str(label).strip() for label in labels
            ]:
                raise PivotalError(
                    "names",
                    "the weights' own labels (" + ", ".join(map(str, labels)) + ") or no names",
                    ", ".join(map(str, names)),
                    "Leave out names=, or reorder the weights (a dict or Series carries its "
                    "names).",
                )
            names = labels
        super().__init__([make_criterion(values, quota, name)], names=names)

    @property
    def weights(self) -> tuple[int, ...]:
        return self.criteria[0].weights

    @property
    def quota(self) -> int:
        return self.criteria[0].quota

    @property
    def total_weight(self) -> int:
        return self.criteria[0].total

    @property
    def scale(self) -> int:
        return self.criteria[0].scale

    def __repr__(self) -> str:
        return f"WeightedGame([{self.quota}; {', '.join(map(str, self.weights))}])"


def labelled_weights(weights: object) -> tuple[Sequence[object], list[object] | None]:
    """The weights as a sequence, and the labels they carry: a dict's keys, a pandas Series'
    index (unless it is the default 0..n-1); None for a list or a 1-D numpy array.

    >>> labelled_weights({"A": 2, "B": 1})
    ([2, 1], ['A', 'B'])
    >>> labelled_weights([2, 1])
    ([2, 1], None)
    """
    pandas = sys.modules.get("pandas")  # a Series or DataFrame exists only once pandas is
    numpy = sys.modules.get("numpy")
    if pandas is not None and isinstance(weights, pandas.DataFrame):
        raise PivotalError(
            "weights",
            "one weight per player: a list, a 1-D array, a dict or a pandas Series",
            f"a DataFrame with columns {', '.join(map(str, weights.columns))}",
            "Pick the column of weights, e.g. power(frame['votes'], quota).",
        )
    if pandas is not None and isinstance(weights, pandas.Series):
        index = weights.index
        default = isinstance(index, pandas.RangeIndex) and index.start == 0 and index.step == 1
        return weights.to_list(), None if default else list(index)
    if numpy is not None and isinstance(weights, numpy.ndarray):
        if weights.ndim != 1:
            raise PivotalError(
                "weights",
                "a one-dimensional array, one weight per player",
                f"an array of shape {weights.shape}",
                "Pass one row or column, e.g. weights[:, 0], or weights.ravel().",
            )
        return weights.tolist(), None
    if isinstance(weights, Mapping):
        return list(weights.values()), list(weights)
    return weights, None  # type: ignore[return-value]  # make_criterion checks the rest
