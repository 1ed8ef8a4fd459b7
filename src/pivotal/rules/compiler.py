"""Compile a parsed rule into a pivotal game over given members and member attributes.

Every part of a rule is one weighted criterion (member count or an attribute) with an exact quota.
An ``and`` of criteria becomes one :class:`~pivotal.games.MultiWeightedGame` (the form the fast
engines handle); ``or`` becomes an :class:`~pivotal.games.OrGame`; an ``and`` that contains an
``or`` becomes an :class:`~pivotal.games.AndGame`.

Quotas are computed with fractions, never floats: 55% of 27 members is 14.85, so 15 members are
needed; 2/3 of 6 is exactly 4. A strict ``population > X`` becomes ``population >= X + u``, where
``u`` is the smallest step between coalition totals: 1/D for D the common denominator of all
values and X, since every coalition total and X are then whole multiples of 1/D.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from pivotal.errors import PivotalError
from pivotal.games.base import MAX_PLAYERS, SimpleGame, validate_players
from pivotal.games.composite import AndGame, OrGame
from pivotal.games.weighted import MultiWeightedGame, WeightedGame, to_fraction
from pivotal.rules.located import rule_error
from pivotal.rules.nodes import (
    Amount,
    And,
    Attribute,
    Expr,
    Majority,
    Members,
    Or,
    Rule,
    Threshold,
    Unanimity,
)
from pivotal.rules.parser import parse_rule

__all__ = ["AttributeValue", "compile_rule", "member_quota"]

AttributeValue = int | float | Decimal | Fraction | str

_MEMBERS = "members"


@dataclass(frozen=True)
class _Bound:
    """One criterion before scaling: exact weights and the exact quota a coalition must reach."""

    name: str
    weights: tuple[Fraction, ...]
    quota: Fraction


def _fmt(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    decimal = Decimal(value.numerator) / Decimal(value.denominator)
    # Show a decimal when it is exact (2.5), the fraction otherwise (2/3).
    return str(decimal.normalize()) if Fraction(decimal) == value else str(value)


def member_quota(text: str, node: Threshold | Majority | Unanimity, n: int) -> int:
    """How many of ``n`` members a member-count part of a rule needs; errors point into ``text``."""
    if isinstance(node, Unanimity):
        return n
    if isinstance(node, Majority):
        return n // 2 + 1
    amount = node.amount
    strict = node.op == ">"
    if amount.is_share:
        exact = amount.value * n
        quota = math.floor(exact) + 1 if strict else math.ceil(exact)
    else:
        if amount.value.denominator != 1:
            whole = math.floor(amount.value) if strict else math.ceil(amount.value)
            raise rule_error(
                text,
                amount.start,
                "a whole number of members",
                f"Members are counted in whole numbers; write {whole}, which means the same "
                "here, or a percentage such as 50% for a share.",
            )
        quota = int(amount.value) + 1 if strict else int(amount.value)
        if quota < 1:
            raise rule_error(
                text,
                amount.start,
                "a number of members of at least 1",
                "A rule that needs no member at all would pass with nobody's support; "
                "give at least 1.",
            )
    if quota > n:
        if amount.is_share:
            allowed = f"a share that {n} members can reach"
        else:
            allowed = f"at most {n - 1 if strict else n} (there are {n} members)"
        raise rule_error(
            text,
            amount.start,
            allowed,
            f"With {n} members this needs {quota} in favour and can never be met; "
            "lower the number or check the list of members.",
        )
    return quota


class _Compiler:
    def __init__(
        self,
        rule: Rule,
        players: tuple[str, ...],
        attributes: Mapping[str, Mapping[str, AttributeValue]],
    ) -> None:
        self.text = rule.text
        self.players = players
        self.attributes = attributes
        self._values: dict[str, tuple[str, tuple[Fraction, ...]]] = {}

    # --- criteria -------------------------------------------------------------------------

    def bound(self, node: Expr) -> _Bound:
        n = len(self.players)
        if isinstance(node, Unanimity | Majority) or (
            isinstance(node, Threshold) and isinstance(node.measure, Members)
        ):
            quota = member_quota(self.text, node, n)
            return _Bound(_MEMBERS, (Fraction(1),) * n, Fraction(quota))
        if isinstance(node, Threshold) and isinstance(node.measure, Attribute):
            return self._attribute_bound(node, node.measure)
        raise rule_error(  # pragma: no cover - every leaf class is handled above
            self.text, node.start, "a rule part this version understands", "Update pivotal."
        )

    def _attribute_bound(self, node: Threshold, measure: Attribute) -> _Bound:
        name, weights = self.values(measure)
        total = sum(weights, Fraction(0))
        amount: Amount = node.amount
        if total == 0:
            raise rule_error(
                self.text,
                measure.start,
                f"an attribute with a positive total over the members ('{name}' is 0 for all)",
                f"Every member has {name} 0, so no coalition can reach any share of it; "
                "check the attribute values.",
            )
        target = amount.value * total if amount.is_share else amount.value
        if node.op == ">":
            denominator = math.lcm(target.denominator, *(w.denominator for w in weights))
            quota = target + Fraction(1, denominator)
        else:
            quota = target
            if quota <= 0:
                raise rule_error(
                    self.text,
                    amount.start,
                    f"an amount of {name} above 0",
                    f"With '{name} >= 0' even a coalition of nobody would pass; give a "
                    "positive amount or use '>'.",
                )
        if quota > total:
            raise rule_error(
                self.text,
                amount.start,
                f"an amount the members can reach (their total {name} is {_fmt(total)})",
                f"Not even all members together have {name} "
                f"{'above' if node.op == '>' else 'at least'} {amount.text}, so the rule can "
                "never be met; lower the amount or check the attribute values.",
            )
        return _Bound(name, weights, quota)

    def values(self, measure: Attribute) -> tuple[str, tuple[Fraction, ...]]:
        """The attribute's key in ``attributes`` and its exact value for every member, in order."""
        cached = self._values.get(measure.name)
        if cached is not None:
            return cached
        name = self._resolve(measure)
        column = self.attributes[name]
        if not isinstance(column, Mapping):
            raise PivotalError(
                f"attributes['{name}']",
                "a mapping from member id to value",
                f"{type(column).__name__} {column!r}",
                f"Give attributes['{name}'] as {{member id: value}}, e.g. {{'RUS': 143000000}}.",
            )
        missing = [p for p in self.players if p not in column]
        if missing:
            raise PivotalError(
                f"attributes['{name}']",
                f"a value of {name} for every member ({', '.join(self.players)})",
                f"no value for {', '.join(missing)}",
                f"Add {name} for {', '.join(missing)}, or leave them out of the members.",
            )
        values: list[Fraction] = []
        for player in self.players:
            parameter = f"attributes['{name}']['{player}']"
            value = to_fraction(column[player], parameter)
            if value < 0:
                raise PivotalError(
                    parameter,
                    f"a value of {name} of 0 or more",
                    str(column[player]),
                    f"{name} counts how much weight a member has; it cannot be negative.",
                )
            values.append(value)
        result = (name, tuple(values))
        self._values[measure.name] = result
        return result

    def _resolve(self, measure: Attribute) -> str:
        if measure.name in self.attributes:
            return measure.name
        # Keywords are case-insensitive, so names are too, as long as that is unambiguous.
        folded = [key for key in self.attributes if key.casefold() == measure.name.casefold()]
        if len(folded) == 1:
            return folded[0]
        if self.attributes:
            allowed = "an attribute name: " + ", ".join(sorted(self.attributes))
            close = difflib.get_close_matches(measure.name, list(self.attributes), n=1)
            hint = f"Did you mean '{close[0]}'?" if close else "Use one of the attribute names."
            fix = f"There is no attribute '{measure.name}'. {hint}"
        else:
            allowed = "'members' (no member attributes were given)"
            fix = (
                f"To weigh members by '{measure.name}', pass attributes={{'{measure.name}': "
                "{member id: value, ...}}."
            )
        raise rule_error(self.text, measure.start, allowed, fix)

    # --- games ----------------------------------------------------------------------------

    def game(self, node: Expr) -> SimpleGame:
        if isinstance(node, Or):
            return OrGame([self.game(part) for part in node.parts])
        parts = node.parts if isinstance(node, And) else (node,)
        bounds = [self.bound(p) for p in parts if not isinstance(p, Or)]
        others = [self.game(p) for p in parts if isinstance(p, Or)]
        games = ([self._weighted(bounds)] if bounds else []) + others
        return games[0] if len(games) == 1 else AndGame(games)

    def _weighted(self, bounds: list[_Bound]) -> MultiWeightedGame:
        # Two parts on the same measure have the same weights, so together they need the
        # larger quota; keeping one criterion per measure keeps the game small for the engines.
        merged: dict[str, _Bound] = {}
        for b in bounds:
            if b.name not in merged or b.quota > merged[b.name].quota:
                merged[b.name] = b
        criteria = list(merged.values())
        if len(criteria) == 1:
            (c,) = criteria
            return WeightedGame(c.weights, c.quota, names=self.players, name=c.name)
        return MultiWeightedGame(
            [(c.weights, c.quota) for c in criteria],
            names=self.players,
            criteria_names=[c.name for c in criteria],
        )


def _players(members: Sequence[str]) -> tuple[str, ...]:
    if isinstance(members, str | bytes | Mapping) or not isinstance(members, Iterable):
        raise PivotalError(
            "members",
            "a list of member ids such as ['ARM', 'BLR', 'RUS']",
            repr(members),
            "Pass the members as a list of ids, one per member, in the order you want.",
        )
    members = list(members)
    if not members:
        raise PivotalError(
            "members", "at least one member", "an empty list", "List the members who vote."
        )
    if len(members) > MAX_PLAYERS:
        raise PivotalError(
            "members",
            f"at most {MAX_PLAYERS} members",
            f"{len(members)} members",
            "Check that the list of members is what you meant.",
        )
    return validate_players(members, len(members), "members")


def compile_rule(
    text_or_rule: str | Rule,
    members: Sequence[str],
    attributes: Mapping[str, Mapping[str, AttributeValue]] | None = None,
) -> SimpleGame:
    """Compile a rule into a game whose players are ``members``, in that order.

    ``attributes[name][member]`` gives the value of attribute ``name`` (population, votes,
    electors, ...) for each member: an int, float, Decimal, Fraction or numeric string, never
    negative. Values of members not in ``members`` are ignored.

    >>> compile_rule("at least 3 of members or consensus", ["A", "B", "C", "D"])
    OrGame(WeightedGame([3; 1, 1, 1, 1]), WeightedGame([4; 1, 1, 1, 1]))
    >>> compile_rule("votes > 50%", ["A", "B", "C"], {"votes": {"A": 2, "B": 1, "C": 1}})
    WeightedGame([3; 2, 1, 1])
    """
    if isinstance(text_or_rule, Rule):
        rule = text_or_rule
    elif isinstance(text_or_rule, str):
        rule = parse_rule(text_or_rule)
    else:
        raise PivotalError(
            "rule",
            "rule text or a Rule from parse_rule",
            f"{type(text_or_rule).__name__} {text_or_rule!r}",
            "Pass the rule as a string such as 'majority'.",
        )
    players = _players(members)
    if attributes is None:
        attributes = {}
    elif not isinstance(attributes, Mapping):
        raise PivotalError(
            "attributes",
            "a mapping {attribute name: {member id: value}}",
            f"{type(attributes).__name__} {attributes!r}",
            "Give attributes as a dict such as {'population': {'RUS': 143000000, ...}}.",
        )
    return _Compiler(rule, players, attributes).game(rule.body)
