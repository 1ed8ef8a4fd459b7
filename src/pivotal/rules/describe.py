"""Say what a rule means in one English sentence (for tables, reports and ``pivotal rules``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pivotal.errors import PivotalError
from pivotal.rules.compiler import (
    _players,
    against_quota,
    group_members,
    matching_keys,
    member_quota,
)
from pivotal.rules.nodes import (
    Against,
    AllOf,
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

__all__ = ["describe_rule"]


def describe_rule(
    text_or_rule: str | Rule,
    members: Sequence[str] | None = None,
    *,
    groups: Mapping[str, Sequence[str]] | None = None,
    host: str | None = None,
    member_names: Mapping[str, str] | None = None,
    chair: str | None = None,
) -> str:
    """One readable sentence for a rule; with ``members``, member counts are spelled out.

    ``groups`` (as for :func:`~pivotal.rules.compile_rule`) gives group sizes, ``host`` the member
    that ``requested by the host`` means, ``chair`` the member chairing the body (for
    ``requested by the chair`` and a casting vote), ``member_names`` names to show next to ids.
    Names the rule uses but these do not know are described as written, without an error.

    >>> describe_rule("majority", ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB"])
    'more than half of the members (4 of 7)'
    >>> describe_rule("at least 55% of members and population >= 65%")
    'at least 55% of the members and members holding at least 65% of the total population'
    >>> p5 = {"permanent": ["CHN", "FRA", "GBR", "RUS", "USA"]}
    >>> describe_rule("all of permanent and members >= 9", groups=p5)
    'all 5 permanent members and at least 9 members'
    >>> describe_rule("against <= 3", [f"M{i}" for i in range(27)])
    'fewer than 4 members against (at least 24 of 27 in favour)'
    >>> describe_rule("requested by the host and consensus", host="KAZ",
    ...               member_names={"KAZ": "Kazakhstan"})
    'requested by the host, Kazakhstan (KAZ) and all members agree (consensus)'
    >>> six = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]
    >>> describe_rule("majority, the chair breaking ties", six, chair="KAZ")
    'more than half of the members (4 of 6) with the chair (KAZ) breaking ties (3 of 6 with KAZ)'
    >>> describe_rule("votes > 50% with the chair breaking ties")
    'members holding more than 50% of the total votes with the chair breaking ties'
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
    players = None if members is None else _players(members)
    return _Describer(rule.text, players, groups or {}, host, member_names or {}, chair).say(
        rule.body
    )


class _Describer:
    def __init__(
        self,
        text: str,
        players: tuple[str, ...] | None,
        groups: Mapping[str, Sequence[str]],
        host: str | None,
        member_names: Mapping[str, str],
        chair: str | None = None,
    ) -> None:
        self.text = text
        self.players = players
        self.n = None if players is None else len(players)
        self.groups = groups if isinstance(groups, Mapping) else {}
        self.host = host
        self.chair = chair if isinstance(chair, str) else None
        self.member_names = member_names if isinstance(member_names, Mapping) else {}

    def say(self, node: Expr) -> str:
        if isinstance(node, And | Or):
            word = " and " if isinstance(node, And) else " or "
            # "and" binds tighter, so only an "or" inside an "and" needs parentheses.
            said = [
                f"({self.say(p)})" if isinstance(node, And) and isinstance(p, Or) else self.say(p)
                for p in node.parts
            ]
            return word.join(said)
        if isinstance(node, Unanimity):
            who = "all members" if self.n is None else f"all {self.n} members"
            return f"{who} agree ({node.word})"
        if isinstance(node, Majority):
            return "more than half of the members" + self._count(node)
        if isinstance(node, Threshold):
            return self._threshold(node)
        if isinstance(node, AllOf):
            if isinstance(node.group, Members):
                return "all members" if self.n is None else f"all {self.n} members"
            name, size = self._group(node.group.name)
            return f"all {size} {_members_of(name)}" if size else f"all {_members_of(name)}"
        if isinstance(node, Against):
            return self._against(node)
        if isinstance(node, RequestedBy):
            return self._requested(node)
        if isinstance(node, CastingVote):
            return self._casting(node)
        raise AssertionError(f"unknown rule node {node!r}")  # pragma: no cover

    def _count(self, node: Threshold | Majority) -> str:
        if self.n is None:
            return ""
        return f" ({member_quota(self.text, node, self.n)} of {self.n})"

    def _threshold(self, node: Threshold) -> str:
        bound = "at least" if node.op == ">=" else "more than"
        amount = node.amount
        measure = node.measure
        if isinstance(measure, Members):
            if amount.is_share:
                return f"{bound} {amount.text} of the members{self._count(node)}"
            plural = "member" if amount.text == "1" else "members"
            if self.n is None:
                return f"{bound} {amount.text} {plural}"
            suffix = self._count(node) if node.op == ">" else f" (of {self.n})"
            return f"{bound} {amount.text} {plural}{suffix}"
        if isinstance(measure, Group) or (
            isinstance(measure, Attribute) and len(matching_keys(measure.name, self.groups)) == 1
        ):
            return self._group_threshold(node, measure.name)
        name = measure.name
        if amount.is_share:
            return f"members holding {bound} {amount.text} of the total {name}"
        return f"members holding {bound} {amount.text} {name} in total"

    def _group_threshold(self, node: Threshold, written: str) -> str:
        bound = "at least" if node.op == ">=" else "more than"
        amount = node.amount
        name, size = self._group(written)
        who = _members_of(name)
        if amount.is_share:
            said = f"{bound} {amount.text} of the {who}"
        else:
            said = f"{bound} {amount.text} {who}"
        if size is None:
            return said
        if amount.is_share or node.op == ">":
            quota = member_quota(self.text, node, size, group=name)
            return f"{said} ({quota} of {size})"
        return f"{said} (of {size})"

    def _group(self, written: str) -> tuple[str, int | None]:
        """The group's name and how many of its members take part (None when unknown)."""
        keys = matching_keys(written, self.groups)
        if len(keys) != 1:
            return written, None
        ids = group_members(self.groups, keys[0])
        if self.players is not None:
            return keys[0], sum(1 for p in self.players if p in ids)
        return keys[0], len(ids)

    def _against(self, node: Against) -> str:
        amount = node.amount
        in_favour = ""
        if self.n is not None:
            quota = against_quota(self.text, node, self.n)
            in_favour = f" (at least {quota} of {self.n} in favour)"
        if amount.is_share:
            bound = "at most" if node.op == "<=" else "fewer than"
            return f"{bound} {amount.text} of the members against{in_favour}"
        count = amount.value.numerator // amount.value.denominator
        if node.form == "at most" and node.op == "<=":
            plural = "member" if count == 1 else "members"
            return f"at most {count} {plural} against{in_favour}"
        limit = count + 1 if node.op == "<=" else count
        if limit == 1:
            return f"no member against{in_favour}"
        return f"fewer than {limit} members against{in_favour}"

    def _casting(self, node: CastingVote) -> str:
        said = self.say(node.part)
        if self.chair is None:
            return f"{said} with the chair breaking ties"
        who = self._who(self.chair)
        who = f", {who}," if who != self._id(self.chair) else f" ({who})"
        said = f"{said} with the chair{who} breaking ties"
        part = node.part
        counts_members = isinstance(part, Majority) or isinstance(part.measure, Members)
        if self.n is not None and counts_members:
            # The tie is n/2 in favour; spelling out its count says when the chair decides.
            if self.n % 2:
                return f"{said} (no tie with {self.n} members)"
            return f"{said} ({self.n // 2} of {self.n} with {self._id(self.chair)})"
        return said

    def _requested(self, node: RequestedBy) -> str:
        if node.member is None and node.role == "chair":
            if self.chair is None:
                return "requested by the chair"
            return f"requested by the chair, {self._who(self.chair)}"
        if node.member is None:
            if self.host is None:
                return "requested by the host"
            return f"requested by the host, {self._who(self.host)}"
        return f"requested by {self._who(node.member)}"

    def _id(self, member: str) -> str:
        if self.players is not None:
            keys = matching_keys(member, self.players)
            member = keys[0] if len(keys) == 1 else member
        return member

    def _who(self, member: str) -> str:
        member = self._id(member)
        name = self.member_names.get(member)
        return f"{name} ({member})" if name and name != member else member


def _members_of(group: str) -> str:
    """'permanent members' for the group 'permanent'; a name that says 'members' is kept."""
    return group if group.casefold().endswith(("members", "member")) else f"{group} members"
