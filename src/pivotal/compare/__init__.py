"""One organization at one date under several rules, side by side.

``analyze("csto", at="2012-05-15", rules=["consensus", "majority"])`` loads the members in force on
that date, compiles each rule over them, computes every index exactly and returns an
:class:`Analysis`: a table per rule, a combined DataFrame, the JSON of ``pivotal analyze``, and
plain-language lines about any member (:func:`pivotal.compare.narrative.narrate`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import pandas as pd

from pivotal.errors import PivotalError
from pivotal.power import PowerResult, power
from pivotal.power.result import as_float, exact_str

if TYPE_CHECKING:
    from pivotal.organizations import Organization, Snapshot

__all__ = ["Analysis", "RuleAnalysis", "analyze"]


@dataclass(frozen=True)
class RuleAnalysis:
    """One rule's results: ``rule`` as the user named it, ``text`` the rule it stands for."""

    rule: str
    text: str
    result: PowerResult
    #: The rule in words, e.g. "more than half of the members (4 of 7)".
    description: str = ""


@dataclass(frozen=True)
class Analysis:
    """Every index of every member under each rule, for one organization at one date."""

    organization: str
    organization_name: str
    at: date
    members: tuple[str, ...]
    member_names: dict[str, str]
    rules: tuple[RuleAnalysis, ...]
    notes: tuple[str, ...] = ()
    exact: bool = True

    def rule(self, name: str) -> RuleAnalysis:
        for r in self.rules:
            if name in (r.rule, r.text):
                return r
        raise PivotalError(
            "rule",
            "one of " + ", ".join(repr(r.rule) for r in self.rules),
            repr(name),
            "Name a rule that was analysed.",
        )

    def to_frame(self, exact: bool | None = None) -> pd.DataFrame:
        """Rows: members; columns: (rule, index)."""
        frames = {
            r.rule: r.result.to_frame(self.exact if exact is None else exact) for r in self.rules
        }
        frame = pd.concat(frames, axis=1, names=["rule", "index"])
        frame.index.name = "member"
        return frame

    def to_dict(self, exact: bool | None = None) -> dict[str, Any]:
        """The documented JSON contract of ``pivotal analyze`` (see docs/json.md)."""
        exact = self.exact if exact is None else exact
        conv = exact_str if exact else as_float
        rules = []
        for r in self.rules:
            res = r.result
            rules.append(
                {
                    "rule": r.rule,
                    "text": r.text,
                    "description": r.description,
                    "indices": {k: [conv(v) for v in vals] for k, vals in res.indices.items()},
                    "coleman_act": conv(res.coleman_act),
                    "winning_coalitions": res.winning_count,
                    "veto_players": list(res.veto_players),
                    "dummies": list(res.dummies),
                    "engine": res.engine,
                }
            )
        return {
            "organization": self.organization,
            "organization_name": self.organization_name,
            "at": self.at.isoformat(),
            "members": list(self.members),
            "rules": rules,
            "notes": list(self.notes),
            "exact": exact,
        }

    def table(self, exact: bool | None = None) -> str:
        """One block per rule (members as rows, indices as columns), then power to act, vetoes."""
        exact = self.exact if exact is None else exact
        lines = [
            f"{self.organization_name} ({self.organization}) on {self.at.isoformat()}: "
            f"{len(self.members)} members",
        ]
        for r in self.rules:
            title = f"Rule: {r.rule}: {r.description or r.text}"
            lines += ["", title, r.result.grid(exact)]
        lines += ["", self.rules[0].result.legend(), ""]
        width = max(len(r.rule) for r in self.rules)
        lines.append("Power of the collectivity to act (share of all coalitions that win):")
        for r in self.rules:
            res = r.result
            lines.append(
                f"  {r.rule:<{width}}  {_fmt(res.coleman_act, exact):>10}  "
                f"({res.winning_count} of {2 ** len(self.members)} coalitions)"
            )
        lines.append("Veto players (can block any decision alone):")
        for r in self.rules:
            lines.append(f"  {r.rule:<{width}}  {', '.join(r.result.veto_players) or 'none'}")
        kind = "exact values" if exact else "floats, rounded to 6 places"
        lines.append(
            f"({kind}; engine: {', '.join(sorted({r.result.engine for r in self.rules}))})"
        )
        for note in self.notes:
            lines.append(f"Note: {note}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.table()

    def _repr_html_(self) -> str:
        return self.to_frame().astype(str).to_html()


def _fmt(value: int | Fraction, exact: bool) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return str(value) if exact else f"{float(value):.6f}"


def analyze(
    organization: str | Organization | Snapshot,
    at: date | str | None = None,
    rules: Sequence[str] | str | None = None,
    indices: Iterable[str] | str | None = None,
    exact: bool = True,
    engine: str | None = None,
) -> Analysis:
    """Analyse an organization's members at ``at`` under each rule (a rule name of the
    organization's file, or rule text such as ``"at least 2/3 of members"``)."""
    from pivotal.organizations import Organization, Snapshot, load_organization
    from pivotal.rules import describe_rule

    if isinstance(organization, Snapshot):
        snap = organization
    else:
        org = (
            organization
            if isinstance(organization, Organization)
            else load_organization(organization)
        )
        snap = org.snapshot(at)
    if rules is None:
        rules = [snap.organization.default_rule]
    elif isinstance(rules, str):
        rules = [rules]
    if not rules:
        raise PivotalError(
            "rules", "at least one rule", "none", "Name a rule, e.g. --rule consensus."
        )
    analyses = []
    for rule in rules:
        text = snap.rule_text(rule)
        game = snap.game(rule)
        result = power(game, indices=indices, exact=exact, engine=engine)
        analyses.append(RuleAnalysis(rule, text, result, describe_rule(text, snap.member_ids)))
    return Analysis(
        organization=snap.organization.id,
        organization_name=snap.organization.name,
        at=snap.at,
        members=tuple(snap.member_ids),
        member_names={m.id: m.name for m in snap.members},
        rules=tuple(analyses),
        notes=tuple(snap.notes),
        exact=exact,
    )
