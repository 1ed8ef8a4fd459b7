"""Say what a rule means in one English sentence (for tables, reports and ``pivotal rules``)."""

from __future__ import annotations

from collections.abc import Sequence

from pivotal.errors import PivotalError
from pivotal.rules.compiler import _players, member_quota
from pivotal.rules.nodes import And, Expr, Majority, Members, Or, Rule, Threshold, Unanimity
from pivotal.rules.parser import parse_rule

__all__ = ["describe_rule"]


def describe_rule(text_or_rule: str | Rule, members: Sequence[str] | None = None) -> str:
    """One readable sentence for a rule; with ``members``, member counts are spelled out.

    >>> describe_rule("majority", ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB"])
    'more than half of the members (4 of 7)'
    >>> describe_rule("at least 55% of members and population >= 65%")
    'at least 55% of the members and members holding at least 65% of the total population'
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
    n = None if members is None else len(_players(members))
    return _Describer(rule.text, n).say(rule.body)


class _Describer:
    def __init__(self, text: str, n: int | None) -> None:
        self.text = text
        self.n = n

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
        raise AssertionError(f"unknown rule node {node!r}")  # pragma: no cover

    def _count(self, node: Threshold | Majority) -> str:
        if self.n is None:
            return ""
        return f" ({member_quota(self.text, node, self.n)} of {self.n})"

    def _threshold(self, node: Threshold) -> str:
        bound = "at least" if node.op == ">=" else "more than"
        amount = node.amount
        if isinstance(node.measure, Members):
            if amount.is_share:
                return f"{bound} {amount.text} of the members{self._count(node)}"
            plural = "member" if amount.text == "1" else "members"
            if self.n is None:
                return f"{bound} {amount.text} {plural}"
            suffix = self._count(node) if node.op == ">" else f" (of {self.n})"
            return f"{bound} {amount.text} {plural}{suffix}"
        name = node.measure.name
        if amount.is_share:
            return f"members holding {bound} {amount.text} of the total {name}"
        return f"members whose combined {name} is {bound} {amount.text}"
