"""Bargaining models: what members agree on when they bargain rather than vote.

Two models of the "European Union Decides" (DEU) project, reported beside the procedural outcome
for the same inputs:

* the **compromise model** (Achen 2006; van den Bos 1991): the outcome is the mean of the
  positions weighted by capability times salience,

      x = Σ_i c_i s_i x_i / Σ_i c_i s_i,

  where the capability c_i is any power index pivotal computes for the rule in force (or a member
  attribute such as votes or population). Assumptions: members with more capability and more
  interest pull the outcome harder, in proportion; the rule matters only through c_i. Exact
  whenever the inputs are.

* the **asymmetric Nash bargaining solution** (Nash 1950; Kalai 1977) with the status quo y as the
  disagreement point:

      x = argmax_x Π_i (u_i(x) - u_i(y))^{w_i}   over x with u_i(x) ≥ u_i(y) for every i,

  with utilities u_i(x) = -s_i |x - x_i| ("linear", the default, as in the cost of consent) or
  -s_i (x - x_i)^2 ("quadratic"), and exponents w_i = c_i (or c_i s_i with
  ``exponents="capability_salience"``). Every bargainer must gain: when no point makes all of them
  better off than the status quo (y lies between their positions) the solution is y itself, the
  veto logic of unanimous bargaining. A positive rescaling of one member's utility does not change
  the solution, so with ``exponents="capability"`` saliences do not matter. The solution is exact
  when it falls on a member's position (a kink of the linear utilities); otherwise it is found by
  bisection on the derivative of the concave log-product and returned as a float with its error
  bound.

>>> positions = {"A": 0, "B": 40, "C": 100}
>>> compromise(positions, {"A": 1, "B": 1, "C": 2}, {"A": 2, "B": 1, "C": 1})
Fraction(48, 1)

From y = -20 every member gains by moving right, A only up to 20. Between 0 and 20 the product
(20 - x)(20 + x)^2 peaks at x = 20/3, which bisection finds to about 1e-12:

>>> r = nash(positions, status_quo=-20, capabilities={"A": 1, "B": 1, "C": 1})
>>> round(r.value, 9), r.exact, r.error < 1e-10
(6.666666667, False, True)

With a status quo between the members someone always loses, so nothing moves:

>>> nash(positions, status_quo=50, capabilities={"A": 1, "B": 1, "C": 1}).value
Fraction(50, 1)

References
----------
1. Nash, J. F. (1950). The bargaining problem. Econometrica 18(2), 155-162.
2. Kalai, E. (1977). Nonsymmetric Nash solutions and replications of 2-person bargaining.
   International Journal of Game Theory 6(3), 129-133.
3. van den Bos, J. M. M. (1991). Dutch EC Policy Making: A Model-Guided Approach to Coordination
   and Negotiation. Thesis Publishers.
4. Achen, C. H. (2006). Institutional realism and bargaining models. In R. Thomson, F. N. Stokman,
   C. H. Achen and T. König (eds.), The European Union Decides, 86-123. Cambridge University Press.
5. Schneider, G., Finke, D. and Bailer, S. (2010). Bargaining power in the European Union: an
   evaluation of competing game-theoretic models. Political Studies 58(1), 85-103.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from pivotal.errors import PivotalError, one_of
from pivotal.outcomes.spatial1d import exact_value

__all__ = ["EXPONENTS", "UTILITIES", "Prediction", "compromise", "nash"]

UTILITIES = ("linear", "quadratic")
EXPONENTS = ("capability", "capability_salience")
#: Bisection stops when the bracket is this small relative to the span of positions.
NASH_TOLERANCE = 1e-12


@dataclass(frozen=True)
class Prediction:
    """A model's predicted outcome: exact (a Fraction) or a float within ``error`` of the truth."""

    model: str
    value: Fraction | float
    exact: bool
    error: float = 0.0
    note: str = ""


def _weights(
    positions: Mapping[str, object],
    capabilities: Mapping[str, object],
    saliences: Mapping[str, object] | None,
) -> tuple[dict[str, Fraction], dict[str, Fraction], dict[str, Fraction]]:
    """Exact positions, capabilities and saliences of the actors that have all three."""
    xs: dict[str, Fraction] = {}
    cs: dict[str, Fraction] = {}
    ss: dict[str, Fraction] = {}
    for actor, value in positions.items():
        if actor not in capabilities:
            continue
        xs[actor] = exact_value(value, f"positions['{actor}']")
        c = exact_value(capabilities[actor], f"capabilities['{actor}']")
        s = (
            Fraction(1)
            if saliences is None
            else exact_value(saliences.get(actor, 1), f"saliences['{actor}']")
        )
        for name, v in (("capabilities", c), ("saliences", s)):
            if v < 0:
                raise PivotalError(
                    f"{name}['{actor}']",
                    "a value of 0 or more",
                    str(v),
                    "Capabilities and saliences weigh members; they cannot be negative.",
                )
        cs[actor], ss[actor] = c, s
    if not xs:
        raise PivotalError(
            "capabilities",
            "a capability for at least one actor with a position (" + ", ".join(positions) + ")",
            "none",
            "Give capabilities keyed by the same ids as the positions.",
        )
    return xs, cs, ss


def compromise(
    positions: Mapping[str, object],
    saliences: Mapping[str, object] | None,
    capabilities: Mapping[str, object],
) -> Fraction:
    """The compromise model: Σ c_i s_i x_i / Σ c_i s_i over the actors with a capability.

    Exact rationals in, an exact rational out. An actor without a capability takes no part.
    """
    xs, cs, ss = _weights(positions, capabilities, saliences)
    total = sum((cs[a] * ss[a] for a in xs), Fraction(0))
    if total == 0:
        raise PivotalError(
            "capabilities",
            "at least one actor with positive capability and salience",
            "all products c_i s_i are 0",
            "Give some actor a positive capability and salience.",
        )
    return sum((cs[a] * ss[a] * xs[a] for a in xs), Fraction(0)) / total


def nash(
    positions: Mapping[str, object],
    status_quo: object,
    capabilities: Mapping[str, object],
    saliences: Mapping[str, object] | None = None,
    utility: str = "linear",
    exponents: str = "capability",
) -> Prediction:
    """The asymmetric Nash bargaining solution on a line (see the module notes)."""
    if utility not in UTILITIES:
        raise PivotalError("utility", one_of(UTILITIES), repr(utility), "Pick a utility shape.")
    if exponents not in EXPONENTS:
        raise PivotalError("exponents", one_of(EXPONENTS), repr(exponents), "Pick one.")
    xs, cs, ss = _weights(positions, capabilities, saliences)
    y = exact_value(status_quo, "status_quo")
    weight = {a: cs[a] * (ss[a] if exponents == "capability_salience" else 1) for a in xs}
    bargainers = [a for a in xs if weight[a] > 0]
    if not bargainers:
        return Prediction("nash", y, True, note="no bargainer has a positive exponent")
    # Individually rational set: every bargainer at least as well off as at y.
    low = max(xs[a] - abs(y - xs[a]) for a in bargainers)
    high = min(xs[a] + abs(y - xs[a]) for a in bargainers)
    if low >= high:
        return Prediction("nash", y, True, note="no point makes every bargainer better off")
    if utility == "linear":
        return _nash_linear(xs, weight, bargainers, y, low, high)
    return _nash_quadratic(xs, weight, bargainers, y, low, high)


def _slope(
    x: Fraction | float,
    xs: Mapping[str, Fraction],
    weight: Mapping[str, Fraction],
    bargainers: list[str],
    y: Fraction,
    side: int,
) -> Fraction | float:
    """One-sided derivative (side +1: right, -1: left) of Σ w_i log(|y - x_i| - |x - x_i|)."""
    total: Fraction | float = 0
    for a in bargainers:
        d = abs(y - xs[a])
        gap = x - xs[a]
        sign = 1 if gap > 0 or (gap == 0 and side > 0) else -1
        total += weight[a] * -sign / (d - abs(gap))
    return total


def _nash_linear(
    xs: Mapping[str, Fraction],
    weight: Mapping[str, Fraction],
    bargainers: list[str],
    y: Fraction,
    low: Fraction,
    high: Fraction,
) -> Prediction:
    # The log-product is concave and piecewise smooth with kinks at the positions: check the
    # kinks exactly first, then bisect inside the one smooth piece that holds the maximum.
    kinks = sorted({xs[a] for a in bargainers if low < xs[a] < high})
    for k in kinks:
        if _slope(k, xs, weight, bargainers, y, -1) >= 0 >= _slope(k, xs, weight, bargainers, y, 1):
            return Prediction("nash", k, True)
    # Inside a piece, the right slope in floats from the start: mixing a float with Fractions
    # converts each Fraction on every step (the values are the same, the work is not).
    terms = [(float(xs[c]), float(abs(y - xs[c])), float(weight[c])) for c in bargainers]

    def slope(x: float) -> float:
        total = 0.0
        for at, d, w in terms:
            gap = x - at
            total += w * -(1 if gap >= 0 else -1) / (d - abs(gap))
        return total

    edges = [low, *kinks, high]
    for a, b in itertools.pairwise(edges):
        right_of_a = a == low or _slope(a, xs, weight, bargainers, y, 1) > 0
        left_of_b = b == high or _slope(b, xs, weight, bargainers, y, -1) < 0
        if right_of_a and left_of_b:
            return _bisect(slope, float(a), float(b), high - low)
    raise AssertionError("a concave function on an interval has a maximum")  # pragma: no cover


def _nash_quadratic(
    xs: Mapping[str, Fraction],
    weight: Mapping[str, Fraction],
    bargainers: list[str],
    y: Fraction,
    low: Fraction,
    high: Fraction,
) -> Prediction:
    fx = {a: float(xs[a]) for a in bargainers}
    d2 = {a: float((y - xs[a]) ** 2) for a in bargainers}
    w = {a: float(weight[a]) for a in bargainers}

    def slope(x: float) -> float:
        return sum(w[a] * -2 * (x - fx[a]) / (d2[a] - (x - fx[a]) ** 2) for a in bargainers)

    return _bisect(slope, float(low), float(high), high - low)


def _bisect(slope, a: float, b: float, span: Fraction) -> Prediction:  # type: ignore[no-untyped-def]
    """The zero of a decreasing slope on (a, b), as a float with its bracket as error bound."""
    tolerance = max(float(span), 1.0) * NASH_TOLERANCE
    while b - a > tolerance:
        mid = (a + b) / 2
        if mid in (a, b):
            break
        if slope(mid) > 0:
            a = mid
        else:
            b = mid
    value = (a + b) / 2
    error = (b - a) / 2 + 4 * math.ulp(value)
    return Prediction("nash", value, False, error, "found by bisection on the derivative")
