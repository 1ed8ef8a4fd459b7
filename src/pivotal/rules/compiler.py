"""Compile a parsed rule into a pivotal game over given members, attributes, groups, host and chair.

Every part of a rule is one weighted criterion with an exact quota: the member count (``majority``,
``members >= 55%``, and ``against <= 3``, which is ``members >= n - 3``), an attribute
(``population >= 65%``), a group counted one per member (``all of permanent`` needs every one of
the group's members taking part; ``at least 3 of permanent``) or one member (``requested by the
host`` is weight 1 for the host, 0 for the others, quota 1; ``requested by the chair`` likewise
for the chair). An ``and`` of criteria becomes one
:class:`~pivotal.games.MultiWeightedGame` (the form the fast engines handle); ``or`` becomes an
:class:`~pivotal.games.OrGame`; an ``and`` that contains an ``or`` becomes an
:class:`~pivotal.games.AndGame`.

A member that is not in a coalition is not in favour, whether it votes against, abstains or stays
away: under ``consensus`` its absence blocks. Adoption "in a limited format", without members that
do not take part, is a game over the participating members only: pass those as ``members``.

Quotas are computed with fractions, never floats: 55% of 27 members is 14.85, so 15 members are
needed; 2/3 of 6 is exactly 4. A strict ``population > X`` becomes ``population >= X + u``, where
``u`` is the smallest step between coalition totals: 1/D for D the common denominator of all
values and X, since every coalition total and X are then whole multiples of 1/D.

A casting vote (``majority, the chair breaking ties``) on a measure with weights w and total W
passes S when w(S) > W/2, or w(S) = W/2 and the chair c is in S: the chair votes once more
only when the others are equally divided, as the US Vice President does in the Senate [1]. It is
one weighted criterion [2]. With D the common denominator of the weights, every w(S) is a
multiple of 1/D and W/2 one of u = 1/(2D); give the chair w_c + u and ask for W/2 + u. A total
above W/2 is at least W/2 + u; a total below W/2 is at most W/2 - u, too little even with the
chair's u. Scaled by 2D, for whole weights this is the game [W + 1; 2w_1, ..., 2w_c + 1, ...,
2w_n]. With an odd number of members no tie can occur and the game is simple majority's.

References:
[1] Constitution of the United States, Article I, Section 3, Clause 4: the Vice President "shall
    have no Vote, unless they be equally divided".
[2] A. D. Taylor and W. S. Zwicker, Simple Games: Desirability Relations, Trading,
    Pseudoweightings, Princeton University Press, 1999 (weighted games and their
    representations).
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
from pivotal.rules.located import line_and_column, rule_error
from pivotal.rules.nodes import (
    Against,
    AllOf,
    Amount,
    And,
    Attribute,
    CastingVote,
    Expr,
    Group,
    Majority,
    Members,
    Or,
    RequestedBy,
    Rule,
    Threshold,
    Unanimity,
)
from pivotal.rules.parser import parse_rule

__all__ = ["AttributeValue", "against_quota", "compile_rule", "group_members", "member_quota"]

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


def member_quota(
    text: str, node: Threshold | Majority | Unanimity, n: int, group: str | None = None
) -> int:
    """How many of ``n`` members a member-count part of a rule needs; errors point into ``text``.

    With ``group``, ``n`` is the number of that group's members taking part and the count is of
    them (``at least 3 of permanent``).
    """
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
        quota = _whole(text, amount, strict) + (1 if strict else 0)
        if quota < 1:
            raise rule_error(
                text,
                amount.start,
                "a number of members of at least 1",
                "A rule that needs no member at all would pass with nobody's support; "
                "give at least 1.",
            )
    if quota > n:
        there = f"there are {n} members" if group is None else f"{group} has {n} taking part"
        if amount.is_share:
            who = "members" if group is None else f"members of {group}"
            allowed = f"a share that {n} {who} can reach"
        else:
            allowed = f"at most {n - 1 if strict else n} ({there})"
        check = "the list of members" if group is None else f"the members of {group}"
        raise rule_error(
            text,
            amount.start,
            allowed,
            f"With {n} {'members' if group is None else f'members of {group}'} this needs "
            f"{quota} in favour and can never be met; lower the number or check {check}.",
        )
    return quota


def _whole(text: str, amount: Amount, strict: bool) -> int:
    """A count of members as an int; a decimal count is refused (pointing at it)."""
    if amount.value.denominator != 1:
        whole = math.floor(amount.value) if strict else math.ceil(amount.value)
        raise rule_error(
            text,
            amount.start,
            "a whole number of members",
            f"Members are counted in whole numbers; write {whole}, which means the same "
            "here, or a percentage such as 50% for a share.",
        )
    return int(amount.value)


def against_quota(text: str, node: Against, n: int) -> int:
    """How many of ``n`` members must be in favour when at most (``<=``) or fewer than (``<``)
    the amount may be against: ``against <= 3`` of 27 needs 24, ``against < 35%`` of 27 needs
    18 (35% of 27 is 9.45, so at most 9 against)."""
    amount = node.amount
    if amount.is_share:
        exact = amount.value * n
        most = math.floor(exact) if node.op == "<=" else math.ceil(exact) - 1
    else:
        count = _whole(text, amount, node.op == "<")
        most = count if node.op == "<=" else count - 1
    if most < 0:
        raise rule_error(
            text,
            amount.start,
            "a number of at least 1 after 'fewer than' or '<'",
            "Fewer than 0 members against can never happen; write 'against <= 0' "
            "(or 'consensus') for no member against.",
        )
    if most >= n:
        allowed = (
            f"a share below 100% (there are {n} members)"
            if amount.is_share
            else f"at most {n - 1 if node.op == '<=' else n} (there are {n} members)"
        )
        raise rule_error(
            text,
            amount.start,
            allowed,
            f"With {n} members, allowing {most} against lets a proposal pass with nobody in "
            "favour; lower the number or check the list of members.",
        )
    return n - most


def group_members(groups: Mapping[str, object], name: str) -> frozenset[str]:
    """The member ids listed for group ``name`` (a key of ``groups``), checked."""
    value = groups[name]
    parameter = f"groups['{name}']"
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise PivotalError(
            parameter,
            "a list of member ids",
            f"{type(value).__name__} {value!r}",
            f"Give the group as a list of member ids, e.g. {{'{name}': ['CHN', 'FRA', 'GBR']}}.",
        )
    ids = list(value)
    for member in ids:
        if not isinstance(member, str):
            raise PivotalError(
                parameter,
                "member ids as text",
                f"{type(member).__name__} {member!r}",
                "List the group's members by their ids, such as 'RUS'.",
            )
    return frozenset(member.strip() for member in ids)


def matching_keys(name: str, table: Iterable[str]) -> list[str]:
    """The keys that ``name`` means: itself if present, else those equal up to case."""
    keys = list(table)
    if name in keys:
        return [name]
    return [key for key in keys if key.casefold() == name.casefold()]


def _listing(names: Iterable[str]) -> str:
    return ", ".join(names)


def _quoted_at(text: str, offset: int) -> str:
    """'majority, the chair ...' (column 15): the rule, shortened, and where it names the chair."""
    shown = text if len(text) <= 60 else text[:57] + "..."
    line, column = line_and_column(text, offset)
    return f"{shown!r} ({'' if line == 1 else f'line {line}, '}column {column})"


class _Compiler:
    def __init__(
        self,
        rule: Rule,
        players: tuple[str, ...],
        attributes: Mapping[str, Mapping[str, AttributeValue]],
        groups: Mapping[str, Sequence[str]],
        host: str | None,
        chair: str | None = None,
    ) -> None:
        self.text = rule.text
        self.players = players
        self.attributes = attributes
        self.groups = groups
        self.host = host
        self.chair = chair
        self._values: dict[str, tuple[str, tuple[Fraction, ...]]] = {}

    # --- criteria -------------------------------------------------------------------------

    def bound(self, node: Expr) -> _Bound:
        n = len(self.players)
        if isinstance(node, Unanimity | Majority) or (
            isinstance(node, Threshold) and isinstance(node.measure, Members)
        ):
            quota = member_quota(self.text, node, n)
            return _Bound(_MEMBERS, (Fraction(1),) * n, Fraction(quota))
        if isinstance(node, Threshold) and isinstance(node.measure, Group):
            return self._group_bound(node, node.measure)
        if isinstance(node, Threshold) and isinstance(node.measure, Attribute):
            if self._is_group(node.measure):
                return self._group_bound(node, Group(node.measure.start, node.measure.name))
            return self._attribute_bound(node, node.measure)
        if isinstance(node, AllOf):
            if isinstance(node.group, Members):
                return _Bound(_MEMBERS, (Fraction(1),) * n, Fraction(n))
            name, weights, size = self._group(node.group)
            return _Bound(name, weights, Fraction(size))
        if isinstance(node, Against):
            quota = against_quota(self.text, node, n)
            return _Bound(_MEMBERS, (Fraction(1),) * n, Fraction(quota))
        if isinstance(node, RequestedBy):
            member = self._requester(node)
            weights = tuple(Fraction(p == member) for p in self.players)
            return _Bound(f"requested by {member}", weights, Fraction(1))
        if isinstance(node, CastingVote):
            return self._casting_bound(node)
        raise rule_error(  # pragma: no cover - every leaf class is handled above
            self.text, node.start, "a rule part this version understands", "Update pivotal."
        )

    # --- groups -----------------------------------------------------------------------------

    def _group_bound(self, node: Threshold, group: Group) -> _Bound:
        name, weights, size = self._group(group)
        quota = member_quota(self.text, node, size, group=name)
        return _Bound(name, weights, Fraction(quota))

    def _group(self, group: Group) -> tuple[str, tuple[Fraction, ...], int]:
        """The group's key, its 0/1 weights over the members and how many of it take part."""
        name = self._resolve_group(group)
        ids = group_members(self.groups, name)
        weights = tuple(Fraction(p in ids) for p in self.players)
        size = sum(1 for p in self.players if p in ids)
        if size == 0:
            listed = f" (it lists {_listing(sorted(ids))})" if ids else " (it is empty)"
            raise rule_error(
                self.text,
                group.start,
                f"a group with at least one member taking part; none of {name} does",
                f"No member of {name}{listed} is among the members "
                f"({_listing(self.players)}), so this part would not ask for anybody's "
                "support; check the group or the members.",
            )
        return name, weights, size

    def _is_group(self, measure: Attribute) -> bool:
        """Whether a bare name means a group (True) or an attribute (False); errors if neither
        or both."""
        attribute = matching_keys(measure.name, self.attributes)
        group = matching_keys(measure.name, self.groups)
        if len(attribute) > 1:
            self._resolve(measure)  # raises: ambiguous up to case
        if len(group) > 1:
            self._resolve_group(Group(measure.start, measure.name))  # raises likewise
        if attribute and group:
            raise rule_error(
                self.text,
                measure.start,
                f"a name that is an attribute or a group, not both ('{measure.name}' is both)",
                f"Write '{measure.name} members' to count the group's members, or rename "
                "the attribute or the group.",
            )
        if group:
            return True
        if attribute:
            return False
        if not self.groups:
            self._resolve(measure)  # raises the attribute error, which names the attributes
        names = sorted(self.attributes) + sorted(self.groups)
        allowed = "an attribute or group name: " + _listing(names)
        # 'members' is always a measure: a misspelt one is the likeliest mistake of all.
        close = difflib.get_close_matches(measure.name, [*names, "members"], n=1)
        hint = f"Did you mean '{close[0]}'?" if close else "Use one of the names."
        raise rule_error(
            self.text,
            measure.start,
            allowed,
            f"There is no attribute or group '{measure.name}'. {hint}",
        )

    def _resolve_group(self, group: Group) -> str:
        keys = matching_keys(group.name, self.groups)
        if len(keys) == 1:
            return keys[0]
        if self.groups:
            allowed = "a group name: " + _listing(sorted(self.groups))
            close = difflib.get_close_matches(group.name, list(self.groups), n=1)
            hint = f"Did you mean '{close[0]}'?" if close else "Use one of the group names."
            fix = f"There is no group '{group.name}'. {hint}"
            if keys:
                fix = f"'{group.name}' matches {_listing(keys)} up to case; write it exactly."
        else:
            allowed = "a group name (no groups were given)"
            fix = (
                f"To count the members of '{group.name}', pass groups={{'{group.name}': "
                "[member id, ...]}."
            )
        raise rule_error(self.text, group.start, allowed, fix)

    # --- the chair's casting vote ---------------------------------------------------------

    def _casting_bound(self, node: CastingVote) -> _Bound:
        """More than half of a measure, the chair breaking ties (see the module docstring)."""
        part = node.part
        n = len(self.players)
        if isinstance(part, Majority) or isinstance(part.measure, Members):
            name, weights = _MEMBERS, (Fraction(1),) * n
        else:
            measure = part.measure
            if isinstance(measure, Attribute) and not self._is_group(measure):
                name, weights = self.values(measure)
            else:
                name, weights, _ = self._group(Group(measure.start, measure.name))
        total = sum(weights, Fraction(0))
        if total == 0:
            raise rule_error(
                self.text,
                part.measure.start if isinstance(part, Threshold) else part.start,
                f"an attribute with a positive total over the members ('{name}' is 0 for all)",
                f"Every member has {name} 0, so no coalition can reach any share of it; "
                "check the attribute values.",
            )
        chair = self._chair(node.chair_start)
        unit = Fraction(1, 2 * math.lcm(*(w.denominator for w in weights)))
        weights = tuple(
            w + unit if p == chair else w for p, w in zip(self.players, weights, strict=True)
        )
        return _Bound(f"{name}, chair {chair} breaking ties", weights, total / 2 + unit)

    def _chair(self, offset: int) -> str:
        """The chair's id among the players; errors say how to give one."""
        members = _listing(self.players)
        if self.chair is None:
            raise PivotalError(
                "chair",
                f"the id of the member chairing the body, one of {members}",
                f"no chair, but the rule names one: {_quoted_at(self.text, offset)}",
                "Pass chair='KAZ' (the chairing member's id) to compile_rule; for an "
                "organization, record who chairs the body on that date in its file under "
                "'chairs:' (body, member, from, to), or pick a date a recorded chair covers.",
            )
        keys = matching_keys(self.chair, self.players)
        if len(keys) == 1:
            return keys[0]
        raise PivotalError(
            "chair",
            f"one of the members taking part: {members}",
            repr(self.chair),
            "The chair must take part to request or to break a tie; a chair who is suspended, "
            "has left or sits out a limited format cannot. Check the chair recorded for that "
            "date (the file's 'chairs:'), include the chair among the participants, or pass "
            "chair= a member taking part.",
        )

    # --- one member -------------------------------------------------------------------------

    def _requester(self, node: RequestedBy) -> str:
        members = _listing(self.players)
        if node.member is None and node.role == "chair":
            return self._chair(node.member_start)
        if node.member is not None:
            keys = matching_keys(node.member, self.players)
            if len(keys) == 1:
                return keys[0]
            close = difflib.get_close_matches(node.member, list(self.players), n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            raise rule_error(
                self.text,
                node.member_start,
                f"a member id: {members}",
                f"'{node.member}' is not among the members taking part; name one of them "
                f'(quoted if it is a keyword, as in "OR").{hint}',
            )
        if self.host is None:
            raise rule_error(
                self.text,
                node.member_start,
                f"a host given to the compiler (host=, or --host on the command line), "
                f"one of {members}",
                "The rule needs the request of the host; pass the id of the member that "
                f"requests as host= (--host on the command line), one of {members}.",
            )
        keys = matching_keys(self.host, self.players)
        if len(keys) == 1:
            return keys[0]
        raise PivotalError(
            "host",
            f"one of the members taking part: {members}",
            repr(self.host),
            "Pass the id of the member that requests (the host); it must be among the members "
            "taking part.",
        )

    # --- attributes -------------------------------------------------------------------------
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
        # Keywords are case-insensitive, so names are too, as long as that is unambiguous.
        keys = matching_keys(measure.name, self.attributes)
        if len(keys) == 1:
            return keys[0]
        if self.attributes:
            allowed = "an attribute name: " + ", ".join(sorted(self.attributes))
            close = difflib.get_close_matches(measure.name, [*self.attributes, "members"], n=1)
            hint = f"Did you mean '{close[0]}'?" if close else "Use one of the attribute names."
            fix = f"There is no attribute '{measure.name}'. {hint}"
        else:
            allowed = "'members' (no member attributes were given)"
            close = difflib.get_close_matches(measure.name.lower(), ["members"], n=1)
            fix = (
                "Did you mean 'members'?"
                if close
                else f"To weigh members by '{measure.name}', give each member that attribute "
                "(attributes: in an organization file; attributes= in Python)."
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
        # Parts with the same weights (members, 'against', 'all members') merge the same way.
        merged: dict[tuple[Fraction, ...], _Bound] = {}
        for b in bounds:
            if b.weights not in merged or b.quota > merged[b.weights].quota:
                merged[b.weights] = b
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
    groups: Mapping[str, Sequence[str]] | None = None,
    host: str | None = None,
    chair: str | None = None,
) -> SimpleGame:
    """Compile a rule into a game whose players are ``members``, in that order.

    ``members`` are the members taking part: a member left out is not a player at all, which is
    how adoption "in a limited format" (without a non-participating member) is stated. A member
    listed but not in a coalition is not in favour: it blocks under ``consensus``.

    ``attributes[name][member]`` gives the value of attribute ``name`` (population, votes,
    electors, ...) for each member: an int, float, Decimal, Fraction or numeric string, never
    negative. Values of members not in ``members`` are ignored.

    ``groups[name]`` lists the member ids of a named group (``all of permanent``, ``at least 3
    of permanent``); ids not in ``members`` are ignored (they do not take part). ``host`` is the
    member id that ``requested by the host`` refers to; ``chair`` the member chairing the body,
    whom ``requested by the chair`` and a casting vote (``majority, the chair breaking ties``)
    refer to. Both are needed only by rules that name them, and must then be among ``members``.

    >>> compile_rule("at least 3 of members or consensus", ["A", "B", "C", "D"])
    OrGame(WeightedGame([3; 1, 1, 1, 1]), WeightedGame([4; 1, 1, 1, 1]))
    >>> compile_rule("votes > 50%", ["A", "B", "C"], {"votes": {"A": 2, "B": 1, "C": 1}})
    WeightedGame([3; 2, 1, 1])
    >>> compile_rule("all of P and members >= 3", ["A", "B", "C", "D"], groups={"P": ["A", "X"]})
    MultiWeightedGame(P: [1; 1, 0, 0, 0]; members: [3; 1, 1, 1, 1])
    >>> compile_rule("requested by the host and majority", ["A", "B", "C"], host="C")
    MultiWeightedGame(requested by C: [1; 0, 0, 1]; members: [2; 1, 1, 1])

    A casting vote: more than half of the members, or exactly half with the chair. Six CSTO
    members with Kazakhstan chairing (2024) give the game [7; 2, 2, 3, 2, 2, 2]: three members
    pass with Kazakhstan among them, and not without it; with an odd count no tie can occur.

    >>> six = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]
    >>> g = compile_rule("majority, the chair breaking ties", six, chair="KAZ")
    >>> g
    WeightedGame([7; 2, 2, 3, 2, 2, 2])
    >>> g.is_winning(["KAZ", "RUS", "BLR"]), g.is_winning(["ARM", "RUS", "BLR"])
    (True, False)

    Votes of 1, 1.5 and 2.5 (total 5) are counted in quarters: the chair A holds 1 + 1/4, and
    half of the votes plus a quarter, 2.75, is needed; A and B (2.5) pass, C alone (2.5) does not:

    >>> compile_rule("votes > 50% with the chair breaking ties", ["A", "B", "C"],
    ...              {"votes": {"A": 1, "B": 1.5, "C": 2.5}}, chair="A").criteria[0]
    Criterion(weights=(5, 6, 10), quota=11, name='votes, chair A breaking ties', scale=4)
    >>> compile_rule("requested by the chair and majority", six, chair="KAZ").is_winning(six[:4])
    True
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
    if groups is None:
        groups = {}
    elif not isinstance(groups, Mapping):
        raise PivotalError(
            "groups",
            "a mapping {group name: [member id, ...]}",
            f"{type(groups).__name__} {groups!r}",
            "Give groups as a dict such as {'permanent': ['CHN', 'FRA', 'GBR', 'RUS', 'USA']}.",
        )
    if host is not None and not isinstance(host, str):
        raise PivotalError(
            "host",
            "a member id such as 'KAZ'",
            f"{type(host).__name__} {host!r}",
            "Pass the id of the member that requests (the host) as text.",
        )
    if chair is not None and not isinstance(chair, str):
        raise PivotalError(
            "chair",
            "a member id such as 'KAZ', or None",
            f"{type(chair).__name__} {chair!r}",
            "Pass the id of the member chairing the body as text.",
        )
    return _Compiler(rule, players, attributes, groups, host, chair).game(rule.body)
