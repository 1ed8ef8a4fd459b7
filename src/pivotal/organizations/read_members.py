"""Reading the members of an organization file: spells, suspensions, freezes, attributes.

A member's spells ``[joined, left)`` come in date order and do not overlap; each suspension or
freeze starts inside a spell, and those of one kind do not overlap; the dated values of an
attribute come in order of ``from``, each starting on or after the previous one's ``to``. A
reference to a member (in a group, a chair, a signatory list, a ratification) names an id
listed under ``members:``, each member at most once in a list.

Package-private, a layer of the reader of :mod:`pivotal.organizations.loader`.

>>> from pivotal.organizations.loader import validate_text
>>> for p in validate_text('''
... id: demo
... name: Demo
... members:
...   - id: A
...     name: A
...     memberships:
...       - {joined: 2001-01-01, left: 2000-05-01, status: unverified}
...       - {joined: 2000-02-03, status: unverified}
... groups: {core: {members: [A, B], status: unverified}}
... sources: {}
... ''', "demo.yaml"):
...     print(p.line, p.column, p.path, "|", p.received)
8 36 members[A].memberships[0].left | '2000-05-01'
9 9 members[A].memberships[1] | a spell from 2000-02-03 while the one before ends 2000-05-01
10 30 groups.core.members[1] | 'B'

References:
    [1] src/pivotal/organizations/README.md, "Members" (spells, suspensions, freezes and dated
        attributes; half-open periods).
"""

from __future__ import annotations

from typing import Any

from yaml.nodes import Node

from pivotal.organizations.membership import Member, MemberAttribute
from pivotal.organizations.provenance import Event, Period
from pivotal.organizations.read_provenance import ProvenanceReader
from pivotal.organizations.schema import FORMAT_VERSION, Entry, Index, OrganizationFile
from pivotal.organizations.yamlnodes import did_you_mean


class MembersReader(ProvenanceReader):
    """Members and references to them (the layer every later entry builds on)."""

    def __init__(self, label: str, index: Index) -> None:
        super().__init__(label, index)
        self.member_ids: list[str] = []
        # The file's format, set by the loader from 'format:' before the members are read.
        self.format = FORMAT_VERSION
        self.format_flagged = False  # format 1 with format-2 keys: said once, at the keys

    def member_ref(self, value: str, node: Node, path: str) -> bool:
        if value in self.member_ids:
            return True
        self.add(
            node,
            path,
            "the id of a member listed under members: "
            + ", ".join(self.member_ids[:40])
            + (" ..." if len(self.member_ids) > 40 else ""),
            repr(value),
            did_you_mean(value, self.member_ids) or "Use a member id, or add the member.",
        )
        return False

    def member_list(self, values: list[str], entry: Entry, key: str, path: str) -> tuple[str, ...]:
        seen: set[str] = set()
        for i, member in enumerate(values):
            node = self.item(entry, key, i)
            self.member_ref(member, node, f"{path}[{i}]")
            if member in seen:
                self.add(
                    node,
                    f"{path}[{i}]",
                    "each member once",
                    repr(member),
                    f"Remove the second '{member}'.",
                )
            seen.add(member)
        return tuple(m for m in self.member_ids if m in seen)

    def events(self, items: list[Any], owner: Entry, path: str) -> tuple[Event, ...]:
        out = []
        for i, item in enumerate(items):
            where = f"{path}[{i}]"
            prov = self.provenance(item, where)
            out.append(Event(self.date_fact(item.date, f"{where}.date", prov), item.event))
        return tuple(out)

    def members(self, top: OrganizationFile) -> list[Member]:
        seen: dict[str, int] = {}
        out = []
        for i, entry in enumerate(top.members):
            if entry.id in seen:
                self.add(
                    self.node(entry, "id"),
                    f"members[{i}].id",
                    "unique member ids",
                    repr(entry.id),
                    f"'{entry.id}' is already used at line {seen[entry.id]}; give each member "
                    "its own id.",
                )
            seen.setdefault(entry.id, self.node(entry).start_mark.line + 1)
            out.append(self.member(entry))
        self.member_ids = [m.id for m in out]
        return out

    def periods(self, entry: Any, key: str, start: str, end: str, path: str) -> tuple[Period, ...]:
        out = []
        for i, item in enumerate(getattr(entry, key) or ()):
            where = f"{path}.{key}[{i}]"
            prov = self.provenance(item, where)
            first, last = self.span(item, where, prov, start, end)
            assert first is not None  # required by the schema
            out.append(Period(first, last, *prov))
        return tuple(out)

    def member(self, entry: Any) -> Member:
        path = f"members[{entry.id}]"
        spells = self.periods(entry, "memberships", "joined", "left", path)
        for i in range(1, len(spells)):
            prev, cur = spells[i - 1], spells[i]
            if prev.end is None or cur.start.date < prev.end.date:
                self.add(
                    self.item(entry, "memberships", i),
                    f"{path}.memberships[{i}]",
                    "spells in date order that do not overlap",
                    f"a spell from {cur.start.text} while the one before "
                    + ("never ends" if prev.end is None else f"ends {prev.end.text}"),
                    "Give the earlier spell a 'left:' date before this one's 'joined:'.",
                )
        suspended = self.periods(entry, "suspended", "from_", "to", path)
        frozen = self.periods(entry, "frozen", "from_", "to", path)
        for key, periods in (("suspended", suspended), ("frozen", frozen)):
            for i, period in enumerate(periods):
                if not any(s.contains(period.start.date) for s in spells):
                    self.add(
                        self.item(entry, key, i),
                        f"{path}.{key}[{i}].from",
                        "a date inside a membership spell",
                        period.start.text,
                        "Only a member can be suspended or freeze its participation; "
                        "fix the date or the memberships.",
                    )
            self.disjoint(
                [
                    (p.start, p.end, self.item(entry, key, i), f"{path}.{key}[{i}]")
                    for i, p in enumerate(periods)
                ],
                f"'{key}' entries of {entry.id}",
            )
        attributes: dict[str, tuple[MemberAttribute, ...]] = {}
        for name, value in (entry.attributes or {}).items():
            where = f"{path}.attributes.{name}"
            if isinstance(value, list):
                if self.format == 1 and not self.format_flagged:
                    self.add(
                        self.node(entry.attributes and entry._src["attributes"], name),
                        where,
                        "format 2 for dated values",
                        "a file that says format: 1",
                        "Change 'format: 1' to 'format: 2' at the top of the file.",
                    )
                attributes[name] = self.dated_values(value, where)
            else:
                attributes[name] = (MemberAttribute(value.value, *self.provenance(value, where)),)
        events = self.events(entry.events, entry, f"{path}.events") if entry.events else ()
        return Member(
            entry.id, entry.name, spells, suspended, frozen, attributes, events, entry.note
        )

    def dated_values(self, items: list[Any], path: str) -> tuple[MemberAttribute, ...]:
        out: list[MemberAttribute] = []
        for i, item in enumerate(items):
            where = f"{path}[{i}]"
            prov = self.provenance(item, where)
            start, end = self.span(item, where, prov)
            assert start is not None  # required by the schema
            if out and out[-1].start is not None and start.date <= out[-1].start.date:
                self.add(
                    self.node(item, "from"),
                    f"{where}.from",
                    f"a date after the previous entry's from ({out[-1].start.text})",
                    repr(start.text),
                    "List the values in date order, one per date.",
                )
            previous_end = out[-1].end if out else None
            if previous_end is not None and start.date < previous_end.date:
                self.add(
                    self.node(item, "from"),
                    f"{where}.from",
                    f"a date on or after the previous entry's to ({previous_end.text})",
                    repr(start.text),
                    "End the previous value before this one starts.",
                )
            out.append(MemberAttribute(item.value, *prov, start=start, end=end))
        return tuple(out)
