"""Compiling every rule text of an organization file over the days it is in force.

A rule's game on day ``d`` depends only on who is a member, suspended or frozen on ``d``, the
attribute values in force, the groups and the chair; these change only on the days
``D = {every date of a spell, suspension, freeze or dated attribute}``. So a rule text in force
on ``[start, end)`` is compiled on each day of ``D ∩ [start, end)`` (and on ``start``): it
compiles on every day of the file iff it compiles on those. To bound the time of a large file,
a rule (or matter entry) is compiled on at most ``k = min(RULE_CHECK_DAYS, max(2,
RULE_CHECK_BUDGET // (rules × members)))`` of them, spread evenly and including the first and
the last; ``pivotal validate`` says how many days were checked of how many.

Package-private, the last layer of the reader of :mod:`pivotal.organizations.loader` (which
re-exports the two limits).

>>> from pivotal.organizations.loader import check_text
>>> checked = check_text('''
... id: demo
... name: Demo
... members:
...   - {id: A, name: A, memberships: [{joined: 2001-01-01, status: unverified}]}
...   - {id: B, name: B, memberships: [{joined: 2003-01-01, status: unverified}]}
... rules: {r: {text: at least 2 of members, status: unverified}}
... sources: {}
... ''', "demo.yaml")
>>> checked.rule_days  # D = {2001-01-01, 2003-01-01}: both checked
(2, 2)
>>> [(p.line, p.column, p.fix) for p in checked.problems]  # at the '2': in 2001 there is one member
... # doctest: +ELLIPSIS
[(7, 28, '... (compiled over the members of 2001-01-01)')]

References:
    [1] docs/design.md, "Layout" (rule texts compiled by pivotal.rules, a lower stage).
    [2] src/pivotal/organizations/README.md, "Errors".
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from yaml.nodes import Node

from pivotal.errors import PivotalError
from pivotal.organizations.bodies import Matter
from pivotal.organizations.locate import Problem
from pivotal.organizations.membership import Snapshot
from pivotal.organizations.model import Organization
from pivotal.organizations.read_bodies import BodiesReader
from pivotal.organizations.schema import OrganizationFile

#: At most this many member-days of rule compilation per file (a day of n players costs about
#: n): every distinct day is checked in any file of a few thousand members; beyond, the days
#: are spread evenly and the summary of ``pivotal validate`` says how many were checked.
RULE_CHECK_BUDGET = 50_000
#: ... and at most this many days per rule text or matter entry.
RULE_CHECK_DAYS = 300


class RuleChecker(BodiesReader):
    """Every rule text and matter entry compiled on the days its game may change."""

    def rule_problem(self, node: Node, path: str, error: PivotalError, day: _dt.date) -> None:
        """A rule that does not compile, on one line at the spot in the file where it fails."""
        column = _rule_column(node, error.parameter)
        fix = error.fix
        if "groups=" in fix:  # the rule compiler's advice is for the Python API
            fix = "Define the group under groups:, or fix its name."
        self.problems.append(
            Problem(
                self.label,
                node.start_mark.line + 1,
                column or node.start_mark.column + 1,
                path,
                error.allowed,
                error.received.split("\n")[0],
                f"{fix} (compiled over the members of {day.isoformat()}"
                + ("" if column else f"; {error.parameter}")
                + ")",
            )
        )

    def check_rules(self, org: Organization, top: OrganizationFile) -> tuple[int, int]:
        """Compile every rule text on each day its players, attributes or groups change while
        it is in force (within :data:`RULE_CHECK_BUDGET`); return (days checked, days).

        Each matter is compiled as its body seats it (a group, a limited format); a named rule
        that no matter uses, over all the members of the day.
        """
        changes = sorted(_change_days(org))
        used = {e.rule for b in org.bodies.values() for es in b.matters.values() for e in es}
        jobs: list[tuple[str | None, str | None, Matter | None, Node, str]] = []
        for name, rule in (top.rules or {}).items():
            if name not in used or name == org.default_rule:
                jobs.append((name, None, None, self.node(rule, "text"), f"rules.{name}.text"))
        for body in org.bodies.values():
            for entries in body.matters.values():
                for entry in entries:
                    node, path = self.matter_nodes[id(entry)]
                    jobs.append((None, body.id, entry, node, path))
        if not jobs or not changes:
            return 0, 0
        per_job = max(2, RULE_CHECK_BUDGET // (len(jobs) * max(1, len(org.members))))
        per_job = min(per_job, RULE_CHECK_DAYS)
        seen: dict[tuple[Any, ...], PivotalError | None] = {}
        checked = total = 0
        for name, body_id, entry, node, path in jobs:
            start = entry.start.date if entry is not None and entry.start is not None else None
            end = entry.end.date if entry is not None and entry.end is not None else None
            days = [
                d for d in changes if (start is None or d >= start) and (end is None or d < end)
            ]
            if start is not None and (not days or days[0] != start):
                days.insert(0, start)
            total += len(days)
            chosen = _spread(days, per_job)
            checked += len(chosen)
            for day in chosen:
                error = _compile_error(
                    org, day, name, body_id, None if entry is None else entry.id, seen
                )
                if error is not None:
                    self.rule_problem(node, path, error, day)
                    break
        return checked, total


def _rule_column(node: Node, parameter: str) -> int | None:
    """The file column of ``rule, column N`` in a one-line rule text (plain or quoted)."""
    match = re.match(r"rule, column (\d+)$", parameter)
    if match is None or node.start_mark.line != node.end_mark.line:
        return None
    quoted = 1 if getattr(node, "style", None) in ("'", '"') else 0
    return node.start_mark.column + quoted + int(match.group(1))


def _change_days(org: Organization) -> set[_dt.date]:
    """Days on which a rule's game may change: membership, suspension, freeze and attribute
    dates (between two of them, nothing a rule reads changes)."""
    days: set[_dt.date] = set()
    for m in org.members:
        for p in (*m.memberships, *m.suspended, *m.frozen):
            days.update(f.date for f in p.facts())
        for values in m.attributes.values():
            for v in values:
                days.update(f.date for f in (v.start, v.end) if f is not None)
    return days


def _spread(days: list[_dt.date], most: int) -> list[_dt.date]:
    if len(days) <= most:
        return days
    step = (len(days) - 1) / (most - 1)
    return sorted({days[round(i * step)] for i in range(most)})


def _compile_error(
    org: Organization,
    day: _dt.date,
    rule: str | None,
    body: str | None,
    matter: str | None,
    seen: dict[tuple[Any, ...], PivotalError | None],
) -> PivotalError | None:
    """The error compiling a rule over the players of ``day``, if any.

    A member with no value of an attribute on that day is given a placeholder: a gap in the
    figures is a fact of the data (a rule that weighs by it says so when a game is built for
    that day), not an error of the file; an attribute name no member has is. ``seen`` keeps
    the answer for each (text, players, values, groups) already compiled.
    """
    from pivotal.rules import compile_rule

    members = tuple(m for m in org.members if m.is_member_at(day))
    if not members:
        return None  # no member that day: nothing to compile
    # Notes are not needed to compile; a bare snapshot is much cheaper for large files.
    snap = Snapshot(organization=org, at=day, members=members)
    try:
        text = snap.rule_text(rule, body, matter)
        players = snap.players(rule=rule, body=body, matter=matter)
        if not players:
            return None  # nobody sits that day
        attributes = snap.attributes
        for name in {n for m in org.members for n in m.attributes}:
            values = attributes.setdefault(name, {})
            for pid in players:
                values.setdefault(pid, 1)
        groups = {g: tuple(m for m in ids if m in players) for g, ids in snap.groups.items()}
        # A rule that names the chair needs one recorded on that day (and taking part).
        chair = snap.chair(body) if org.bodies else None
        key = (
            text,
            chair,
            players,
            tuple((n, tuple(v.get(p) for p in players)) for n, v in sorted(attributes.items())),
            tuple(sorted(groups.items())),
        )
        if key not in seen:
            try:
                compile_rule(text, players, attributes, groups=groups, host=players[0], chair=chair)
                seen[key] = None
            except PivotalError as err:
                seen[key] = err
        return seen[key]
    except PivotalError as err:
        return err
