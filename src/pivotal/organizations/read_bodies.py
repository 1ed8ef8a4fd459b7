"""Reading the decision structure of an organization file: rules, groups, bodies, chairs.

A named rule is a text under ``rules:``; ``default_rule`` names one of them (required when
there are several). A group lists members; a body seats ``all`` or a group. A matter's
``rule`` is a rule name or a rule text (a single word that is not ``consensus``,
``unanimity`` or ``majority`` must be a rule name), and the entries of one matter, periods
``[from, to)``, do not overlap; ``default_matter`` names one of the matters (required when
there are several). A chair names a body and a member, and the chairs of one body do not
overlap. Whether each rule text compiles is checked later, day by day
(:mod:`~pivotal.organizations.rule_checks`).

Package-private, a layer of the reader of :mod:`pivotal.organizations.loader`.

>>> from pivotal.organizations.loader import validate_text
>>> for p in validate_text('''
... id: demo
... name: Demo
... members: [{id: A, name: A, memberships: [{joined: 2001, status: unverified}]}]
... rules: {r: {text: consensus, status: unverified}}
... bodies:
...   - {id: council, name: Council, seats: cor, matters: [{id: m, rule: rr, status: unverified}]}
... chairs: [{body: councl, member: A, from: 2001, status: unverified}]
... sources: {}
... ''', "demo.yaml"):
...     print(p.line, p.column, p.path, "|", p.fix)
7 41 bodies[council].seats | Define the group, or write 'all'.
7 70 bodies[council].matters[0].rule | Did you mean 'r'?
8 17 chairs[0].body | Did you mean 'council'?

References:
    [1] src/pivotal/organizations/README.md, "Rules", "Groups", "Bodies and matters", "Chairs".
"""

from __future__ import annotations

from typing import Any

from yaml.nodes import Node

from pivotal.organizations.bodies import Body, Chair, Group, Matter, NamedRule
from pivotal.organizations.provenance import DateFact, Period
from pivotal.organizations.read_members import MembersReader
from pivotal.organizations.schema import ID, Index, OrganizationFile
from pivotal.organizations.yamlnodes import did_you_mean

#: Rule texts of a single word; any other single word in a matter's ``rule`` must be a rule name.
_ONE_WORD_RULES = ("consensus", "unanimity", "majority")


class BodiesReader(MembersReader):
    """Named rules, groups, bodies with their matters, and chairs."""

    def __init__(self, label: str, index: Index) -> None:
        super().__init__(label, index)
        self.groups: dict[str, Group] = {}
        self.bodies: dict[str, Body] = {}
        # The node and path of each matter's rule, where a rule that does not compile is shown.
        self.matter_nodes: dict[int, tuple[Node, str]] = {}

    def named_rules(self, top: OrganizationFile) -> dict[str, NamedRule]:
        rules: dict[str, NamedRule] = {}
        for name, rule in (top.rules or {}).items():
            rules[name] = NamedRule(name, rule.text, *self.provenance(rule, f"rules.{name}"))
        return rules

    def group_map(self, top: OrganizationFile) -> dict[str, Group]:
        groups: dict[str, Group] = {}
        for name, group in (top.groups or {}).items():
            where = f"groups.{name}"
            prov = self.provenance(group, where)
            ids = self.member_list(group.members, group, "members", f"{where}.members")
            groups[name] = Group(name, ids, *prov, name=group.name)
        return groups

    def default_rule(self, top: OrganizationFile, rules: dict[str, NamedRule]) -> str | None:
        if top.default_rule is None:
            if len(rules) > 1:
                self.add(
                    self.node(top, "rules"),
                    "default_rule",
                    "a default_rule naming one of the rules",
                    "none",
                    f"Add 'default_rule: {next(iter(rules))}' (or another rule).",
                )
            return next(iter(rules), None)
        name = top.default_rule
        if name not in rules:
            self.add(
                self.node(top, "default_rule"),
                "default_rule",
                "one of the rules " + ", ".join(rules) if rules else "a rule under 'rules:'",
                repr(name),
                did_you_mean(name, rules) or "Name a rule defined under rules:.",
            )
            return None
        return name

    def body_list(self, top: OrganizationFile, rules: dict[str, NamedRule]) -> dict[str, Body]:
        out: dict[str, Body] = {}
        for i, entry in enumerate(top.bodies or ()):
            if entry.id in out:
                self.add(
                    self.node(entry, "id"),
                    f"bodies[{i}].id",
                    "unique body ids",
                    repr(entry.id),
                    "Give each body its own id.",
                )
            path = f"bodies[{entry.id}]"
            if entry.seats != "all" and entry.seats not in self.groups:
                self.add(
                    self.node(entry, "seats"),
                    f"{path}.seats",
                    "'all' or a group under groups:"
                    + (" (" + ", ".join(self.groups) + ")" if self.groups else ""),
                    repr(entry.seats),
                    did_you_mean(entry.seats, self.groups) or "Define the group, or write 'all'.",
                )
            status, sources, note = None, (), entry.note
            if entry.status is not None or entry.sources is not None:
                status, sources, note = self.provenance(entry, path)
            matters = self.matters(entry, path, rules)
            out[entry.id] = Body(
                entry.id,
                entry.name,
                matters,
                self.default_matter(entry, path, matters),
                entry.seats,
                status,
                sources,
                note,
            )
        return out

    def matters(
        self, body: Any, path: str, rules: dict[str, NamedRule]
    ) -> dict[str, tuple[Matter, ...]]:
        found: dict[str, list[tuple[Matter, Node, str]]] = {}
        for i, item in enumerate(body.matters):
            where = f"{path}.matters[{i}]"
            prov = self.provenance(item, where)
            text = item.rule
            if item.rule in rules:
                text = rules[item.rule].text
            elif ID.match(item.rule) and item.rule.lower() not in _ONE_WORD_RULES:
                self.add(
                    self.node(item, "rule"),
                    f"{where}.rule",
                    "a rule under rules:"
                    + (" (" + ", ".join(rules) + ")" if rules else "")
                    + " or rule text such as 'consensus'",
                    repr(item.rule),
                    did_you_mean(item.rule, [*rules, *_ONE_WORD_RULES])
                    or "Define the rule under rules:, or write its text.",
                )
            start, end = self.span(item, where, prov)
            matter = Matter(
                item.id,
                body.id,
                item.name or item.id.replace("_", " "),
                item.rule,
                text,
                *prov,
                abstention=item.abstention,
                start=start,
                end=end,
                legal_basis=item.legal_basis,
            )
            self.matter_nodes[id(matter)] = (self.node(item, "rule"), f"{where}.rule")
            # An overlap is reported at the entry's 'from:' (the date to fix), if it has one.
            at = (self.node(item, "from"), f"{where}.from" if item.from_ else where)
            found.setdefault(item.id, []).append((matter, *at))
        out = {}
        for matter_id, entries in found.items():
            self.disjoint(
                [(m.start, m.end, n, w) for m, n, w in entries], f"entries of matter '{matter_id}'"
            )
            out[matter_id] = tuple(
                sorted(
                    (m for m, _, _ in entries),
                    key=lambda m: (m.start is not None, m.start.date if m.start else None),
                )
            )
        return out

    def default_matter(self, body: Any, path: str, matters: dict[str, tuple[Matter, ...]]) -> str:
        if body.default_matter is None:
            if len(matters) > 1:
                self.add(
                    self.node(body, "matters"),
                    f"{path}.default_matter",
                    "a default_matter naming one of the matters",
                    "none",
                    f"Add 'default_matter: {next(iter(matters))}' (or another matter).",
                )
            return next(iter(matters))
        name = body.default_matter
        if name not in matters:
            self.add(
                self.node(body, "default_matter"),
                f"{path}.default_matter",
                "one of the matters " + ", ".join(matters),
                repr(name),
                did_you_mean(name, matters) or "Name a matter listed under matters:.",
            )
            return next(iter(matters))
        return name

    def chairs(self, top: OrganizationFile) -> tuple[Chair, ...]:
        if not top.chairs:
            return ()
        if not self.bodies:
            self.add(
                self.node(top, "chairs"),
                "chairs",
                "bodies: to chair",
                "no bodies",
                "Define the bodies under bodies:.",
            )
        out = []
        by_body: dict[str, list[tuple[DateFact | None, DateFact | None, Node, str]]] = {}
        for i, item in enumerate(top.chairs):
            where = f"chairs[{i}]"
            if self.bodies and item.body not in self.bodies:
                self.add(
                    self.node(item, "body"),
                    f"{where}.body",
                    "one of the bodies " + ", ".join(self.bodies),
                    repr(item.body),
                    did_you_mean(item.body, self.bodies) or "Use the id of a body under bodies:.",
                )
            self.member_ref(item.member, self.node(item, "member"), f"{where}.member")
            prov = self.provenance(item, where)
            start, end = self.span(item, where, prov)
            assert start is not None  # required by the schema
            out.append(Chair(item.body, item.member, Period(start, end, *prov)))
            by_body.setdefault(item.body, []).append(
                (start, end, self.node(item, "from"), f"{where}.from")
            )
        for body, entries in by_body.items():
            self.disjoint(entries, f"chairs of '{body}'")
        return tuple(out)
