"""Read and validate an organization file; every error names ``file:line:column`` and the fix.

The file is composed into YAML nodes (which keep their positions) and checked node by node, so
an error can point at the offending line. Values are read from the nodes' text, not from YAML's
implicit typing: ``NO`` stays the id of Norway instead of becoming ``False``, and a date is
accepted only in the forms this format defines. The
:class:`~pivotal.organizations.model.Organization` is built only after the whole file has passed,
so a bad file never yields a half-loaded organization.

>>> org = loads('''
... id: demo
... name: Demo
... members:
...   - id: A
...     name: Aland
...     memberships: [{joined: 2001-03, status: verified, sources: [s]}]
... sources: {s: https://example.org}
... ''')
>>> org.members[0].memberships[0].start
DateFact(date=datetime.date(2001, 3, 1), status='verified', sources=('s',), note=None, \
precision='month', text='2001-03')
"""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pivotal.errors import PivotalError
from pivotal.organizations.model import (
    ABSTENTIONS,
    RATIFICATION_OUTCOMES,
    STATUSES,
    Body,
    Chair,
    DateFact,
    Document,
    Event,
    Group,
    Matter,
    Member,
    MemberAttribute,
    NamedRule,
    Organization,
    Period,
    Ratification,
    Signature,
)
from pivotal.organizations.yamlnodes import NULL_TAG, NodeReader, compose
from pivotal.organizations.yamlnodes import did_you_mean as _did_you_mean

__all__ = ["FORMATS", "FORMAT_VERSION", "load_file", "loads"]

#: The newest organization file format this loader reads (``format:`` in the file). Format 2
#: adds groups, dated attributes, bodies with matters, chairs and documents to format 1; a file
#: that says ``format: 1`` must not use them, a file without ``format:`` may.
FORMAT_VERSION = 2
FORMATS = (1, 2)

_NULL = NULL_TAG
_MEMBER_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")

_TOP_KEYS = (
    "format",
    "id",
    "name",
    "description",
    "as_of",
    "events",
    "members",
    "rules",
    "default_rule",
    "groups",
    "bodies",
    "chairs",
    "documents",
    "sources",
)
_FORMAT_2_KEYS = ("groups", "bodies", "chairs", "documents")
#: Rule texts of a single word; any other single word in a matter's ``rule`` must be a rule name.
_ONE_WORD_RULES = ("consensus", "unanimity", "majority")
_MEMBER_KEYS = ("id", "name", "memberships", "suspended", "frozen", "attributes", "events", "note")
_FACT_KEYS = ("status", "sources", "note")


def load_file(path: str | os.PathLike[str], label: str | None = None) -> Organization:
    """Load and validate the organization file at ``path``."""
    p = Path(path)
    shown = label or str(p)
    if not p.is_file():
        raise PivotalError(
            "path",
            "an existing organization file (.yaml)",
            str(path),
            "Check the path, or pass the name of a bundled organization.",
        )
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PivotalError(
            shown, "a readable UTF-8 text file", type(exc).__name__, "Save the file as UTF-8."
        ) from exc
    org = loads(text, label=shown)
    org.path = str(p)
    return org


def loads(text: str, label: str = "<string>") -> Organization:
    """Load and validate an organization from YAML text; ``label`` names it in error messages."""
    return _Reader(label).organization(
        compose(
            text,
            label,
            "an organization (a mapping with id, name, members and sources)",
            "Start from the bundled csto.yaml as a template.",
        )
    )


class _Reader(NodeReader):
    """Turns composed YAML nodes into model objects, raising at the first problem."""

    statuses = STATUSES
    sourced_statuses = ("verified", "partly_verified")
    weak_status = "unverified"
    what = "fact"

    def __init__(self, label: str) -> None:
        super().__init__(label)
        self.sources: dict[str, str] = {}
        self.format = FORMAT_VERSION
        self.member_ids: list[str] = []
        self.groups: dict[str, Group] = {}
        self.bodies: dict[str, Body] = {}

    def date_fact(
        self,
        node: Node,
        path: str,
        inherited: tuple[str, tuple[str, ...], str | None] | None = None,
    ) -> DateFact:
        """A bare date (taking the entry's provenance) or ``{date, status, sources, note}``."""
        if isinstance(node, MappingNode):
            fields = self.mapping(node, path, ("date", *_FACT_KEYS), ("date",))
            day, precision, raw = self.date(fields["date"], f"{path}.date")
            status, sources, note = self.provenance(fields, node, path, inherited)
        else:
            day, precision, raw = self.date(node, path)
            if inherited is None:  # pragma: no cover - callers always pass provenance
                raise AssertionError("a bare date needs inherited provenance")
            status, sources, note = inherited
        return DateFact(day, status, sources, note, precision, raw)

    # ------------------------------------------------------------------ structure
    def organization(self, root: Node) -> Organization:
        top = self.mapping(
            root,
            "top level",
            _TOP_KEYS,
            ("id", "name", "members", "sources"),
            what="an organization (a mapping with id, name, members and sources)",
        )
        if "format" in top:
            fmt = top["format"]
            known = [str(f) for f in FORMATS]
            if not (isinstance(fmt, ScalarNode) and fmt.value in known):
                self.fail(
                    fmt,
                    "format",
                    " or ".join(known),
                    self.shown(fmt),
                    f"This version of pivotal reads formats {', '.join(known)}; upgrade pivotal.",
                )
            self.format = int(fmt.value)
            for key in _FORMAT_2_KEYS:
                if key in top:
                    self.needs_format_2(self.key_node(root, top[key]), key)
        # Sources come last in the file but first here, so every reference can be checked as read.
        self.sources = self.source_map(top["sources"])
        org_id = self.text(top["id"], "id", _KEY, "an id (letters, digits, '_', '-', '.')")
        name = self.text(top["name"], "name")
        description = self.text(top["description"], "description") if "description" in top else ""
        as_of = self.date(top["as_of"], "as_of", partial=False)[0] if "as_of" in top else None
        events = self.events(top["events"], "events") if "events" in top else ()
        members = self.members(top["members"])
        self.member_ids = [m.id for m in members]
        rules = self.rules(top["rules"]) if "rules" in top else {}
        default = self.default_rule(top, rules)
        self.groups = self.group_map(top["groups"]) if "groups" in top else {}
        self.bodies = self.body_list(top["bodies"], rules) if "bodies" in top else {}
        chairs = self.chairs(top["chairs"]) if "chairs" in top else ()
        documents = self.documents(top["documents"]) if "documents" in top else ()
        return Organization(
            id=org_id,
            name=name,
            description=description,
            members=members,
            rules=rules,
            default_rule=default,
            sources=self.sources,
            events=events,
            as_of=as_of,
            path=self.label,
            groups=self.groups,
            bodies=self.bodies.values(),
            chairs=chairs,
            documents=documents,
        )

    def members(self, node: Node) -> list[Member]:
        items = self.sequence(node, "members", "a list of members")
        if not items:
            self.fail(node, "members", "at least one member", "an empty list", "Add the members.")
        seen: dict[str, Node] = {}
        members = []
        for i, item in enumerate(items):
            member = self.member(item, f"members[{i}]")
            if member.id in seen:
                id_node = self.mapping(item, f"members[{i}]", _MEMBER_KEYS)["id"]
                self.fail(
                    id_node,
                    f"members[{i}].id",
                    "unique member ids",
                    repr(member.id),
                    f"'{member.id}' is already used at line "
                    f"{seen[member.id].start_mark.line + 1}; give each member its own id.",
                )
            seen[member.id] = item
            members.append(member)
        return members

    def member(self, node: Node, path: str) -> Member:
        if isinstance(node, MappingNode):
            for key_node, _ in node.value:
                # One shape for every member, however many spells: say so to whoever writes the
                # short form that other formats use.
                if isinstance(key_node, ScalarNode) and key_node.value in ("joined", "left"):
                    self.fail(
                        key_node,
                        path,
                        "'joined'/'left' inside 'memberships:'",
                        repr(key_node.value),
                        "Write 'memberships:' with one entry per spell, e.g. "
                        "'- {joined: 1994-04-20, status: verified, sources: [key]}'.",
                    )
        fields = self.mapping(node, path, _MEMBER_KEYS, ("id", "name", "memberships"))
        member_id = self.text(
            fields["id"],
            f"{path}.id",
            _MEMBER_ID,
            "a member id: a letter, then letters, digits or '_' (e.g. RUS)",
        )
        path = f"members[{member_id}]"
        name = self.text(fields["name"], f"{path}.name")
        spells = self.periods(fields["memberships"], f"{path}.memberships", "joined", "left")
        if not spells:
            self.fail(
                fields["memberships"],
                f"{path}.memberships",
                "at least one spell",
                "an empty list",
                "Add '- {joined: YYYY-MM-DD, status: ..., sources: [...]}'.",
            )
        self.check_spells(spells, fields["memberships"], f"{path}.memberships")
        suspended = frozen = ()
        if "suspended" in fields:
            suspended = self.periods(fields["suspended"], f"{path}.suspended", "from", "to")
            self.check_within(suspended, spells, fields["suspended"], f"{path}.suspended")
        if "frozen" in fields:
            frozen = self.periods(fields["frozen"], f"{path}.frozen", "from", "to")
            self.check_within(frozen, spells, fields["frozen"], f"{path}.frozen")
        attributes = (
            self.attributes(fields["attributes"], f"{path}.attributes")
            if "attributes" in fields
            else {}
        )
        events = self.events(fields["events"], f"{path}.events") if "events" in fields else ()
        note = self.text(fields["note"], f"{path}.note") if "note" in fields else None
        return Member(member_id, name, spells, suspended, frozen, attributes, events, note)

    def periods(self, node: Node, path: str, start: str, end: str) -> tuple[Period, ...]:
        out = []
        items = self.sequence(node, path, f"a list of {{{start}, {end}}} entries")
        for i, item in enumerate(items):
            where = f"{path}[{i}]"
            fields = self.mapping(item, where, (start, end, *_FACT_KEYS), (start,))
            inherited = self.provenance(fields, item, where)
            first = self.date_fact(fields[start], f"{where}.{start}", inherited)
            last = None
            end_node = fields.get(end)
            if end_node is not None and not (
                isinstance(end_node, ScalarNode) and end_node.tag == _NULL
            ):
                last = self.date_fact(end_node, f"{where}.{end}", inherited)
                if last.date <= first.date:
                    self.fail(
                        end_node,
                        f"{where}.{end}",
                        f"a date after {start} ({first.text})",
                        repr(last.text),
                        f"Fix the dates: '{end}' must come after '{start}'.",
                    )
            out.append(Period(first, last, *inherited))
        return tuple(out)

    def check_spells(self, spells: tuple[Period, ...], node: Node, path: str) -> None:
        items = self.sequence(node, path, "a list")
        for i in range(1, len(spells)):
            prev, cur = spells[i - 1], spells[i]
            if prev.end is None or cur.start.date < prev.end.date:
                self.fail(
                    items[i],
                    f"{path}[{i}]",
                    "spells in date order that do not overlap",
                    f"a spell from {cur.start.text} while the one before "
                    + ("never ends" if prev.end is None else f"ends {prev.end.text}"),
                    "Give the earlier spell a 'left:' date before this one's 'joined:'.",
                )

    def check_within(
        self, periods: tuple[Period, ...], spells: tuple[Period, ...], node: Node, path: str
    ) -> None:
        items = self.sequence(node, path, "a list")
        for i, period in enumerate(periods):
            if not any(s.contains(period.start.date) for s in spells):
                self.fail(
                    items[i],
                    f"{path}[{i}].from",
                    "a date inside a membership spell",
                    period.start.text,
                    "Only a member can be suspended or freeze its participation; "
                    "fix the date or the memberships.",
                )

    def attributes(self, node: Node, path: str) -> dict[str, tuple[MemberAttribute, ...]]:
        fields = self.mapping(node, path, (), what="a mapping of attribute name to value")
        out = {}
        for name, value_node in fields.items():
            where = f"{path}.{name}"
            if not _MEMBER_ID.match(name):
                self.fail(
                    value_node,
                    where,
                    "an attribute name of letters, digits and '_'",
                    repr(name),
                    "Rename the attribute (e.g. population).",
                )
            if isinstance(value_node, SequenceNode):
                self.needs_format_2(value_node, where, "dated values")
                out[name] = self.dated_values(value_node, where)
                continue
            if not isinstance(value_node, MappingNode):
                self.fail(
                    value_node,
                    where,
                    "{value: number, status: ..., sources: [...]} or a list of such entries "
                    "each with 'from:'",
                    self.shown(value_node),
                    "Give the value with its status and sources.",
                )
            sub = self.mapping(value_node, where, ("value", *_FACT_KEYS), ("value",))
            value = self.number(sub["value"], f"{where}.value")
            out[name] = (MemberAttribute(value, *self.provenance(sub, value_node, where)),)
        return out

    def dated_values(self, node: Node, path: str) -> tuple[MemberAttribute, ...]:
        """``- {value, from, to, status, sources, note}`` entries, each in force until its
        ``to`` (optional; a gap follows) or else until the next entry's ``from``."""
        items = self.sequence(node, path, "a list of {value, from} entries")
        if not items:
            self.fail(
                node, path, "at least one value", "an empty list", "Add a value or remove it."
            )
        out: list[MemberAttribute] = []
        for i, item in enumerate(items):
            where = f"{path}[{i}]"
            sub = self.mapping(
                item,
                where,
                ("value", "from", "to", *_FACT_KEYS),
                ("value", "from"),
                what="{value: number, from: date, status: ..., sources: [...]}",
            )
            provenance = self.provenance(sub, item, where)
            value = self.number(sub["value"], f"{where}.value")
            start = self.date_fact(sub["from"], f"{where}.from", provenance)
            _, end = self.span(sub, where, provenance)  # 'to' is optional, after 'from'
            if out and out[-1].start is not None and start.date <= out[-1].start.date:
                self.fail(
                    sub["from"],
                    f"{where}.from",
                    f"a date after the previous entry's from ({out[-1].start.text})",
                    repr(start.text),
                    "List the values in date order, one per date.",
                )
            previous_end = out[-1].end if out else None
            if previous_end is not None and start.date < previous_end.date:
                self.fail(
                    sub["from"],
                    f"{where}.from",
                    f"a date on or after the previous entry's to ({previous_end.text})",
                    repr(start.text),
                    "End the previous value before this one starts.",
                )
            out.append(MemberAttribute(value, *provenance, start=start, end=end))
        return tuple(out)

    def events(self, node: Node, path: str) -> tuple[Event, ...]:
        out = []
        for i, item in enumerate(self.sequence(node, path, "a list of events")):
            where = f"{path}[{i}]"
            fields = self.mapping(item, where, ("date", "event", *_FACT_KEYS), ("date", "event"))
            provenance = self.provenance(fields, item, where)
            day = self.date_fact(fields["date"], f"{where}.date", provenance)
            out.append(Event(day, self.text(fields["event"], f"{where}.event")))
        return tuple(out)

    def rules(self, node: Node) -> dict[str, NamedRule]:
        fields = self.mapping(node, "rules", (), what="a mapping of rule name to {text, status}")
        out = {}
        for name, value_node in fields.items():
            where = f"rules.{name}"
            if not _MEMBER_ID.match(name):
                self.fail(
                    value_node,
                    where,
                    "a rule name of letters, digits and '_'",
                    repr(name),
                    "Rename the rule (e.g. consensus).",
                )
            sub = self.mapping(
                value_node,
                where,
                ("text", *_FACT_KEYS),
                ("text",),
                what="{text: rule text, status: ..., sources: [...]}",
            )
            text = self.text(sub["text"], f"{where}.text", what="the rule text")
            out[name] = NamedRule(name, text, *self.provenance(sub, value_node, where))
        return out

    def default_rule(self, top: dict[str, Node], rules: dict[str, NamedRule]) -> str | None:
        if "default_rule" not in top:
            if len(rules) > 1:
                self.fail(
                    top["rules"],
                    "default_rule",
                    "a default_rule naming one of the rules",
                    "none",
                    f"Add 'default_rule: {next(iter(rules))}' (or another rule).",
                )
            return next(iter(rules), None)
        node = top["default_rule"]
        name = self.text(node, "default_rule", what="the name of a rule")
        if name not in rules:
            self.fail(
                node,
                "default_rule",
                "one of the rules " + ", ".join(rules) if rules else "a rule under 'rules:'",
                repr(name),
                _did_you_mean(name, rules) or "Name a rule defined under rules:.",
            )
        return name

    # ------------------------------------------------------------------ format 2
    def needs_format_2(self, node: Node, path: str, what: str | None = None) -> None:
        if self.format == 1:
            self.fail(
                node,
                path,
                f"format 2 for {what or repr(path.split('.')[0])}",
                "a file that says format: 1",
                "Change 'format: 1' to 'format: 2' at the top of the file.",
            )

    def member_ref(self, node: Node, path: str) -> str:
        member_id = self.text(node, path, what="a member id")
        if member_id not in self.member_ids:
            self.fail(
                node,
                path,
                "the id of a member listed under members: " + ", ".join(self.member_ids),
                repr(member_id),
                _did_you_mean(member_id, self.member_ids) or "Use a member id, or add the member.",
            )
        return member_id

    def member_list(self, node: Node, path: str) -> tuple[str, ...]:
        """A non-empty list of distinct member ids, returned in the order of ``members:``."""
        items = self.sequence(node, path, "a list of member ids, e.g. [RUS, KAZ]")
        if not items:
            self.fail(node, path, "at least one member id", "an empty list", "List the members.")
        seen: set[str] = set()
        for i, item in enumerate(items):
            member_id = self.member_ref(item, f"{path}[{i}]")
            if member_id in seen:
                self.fail(
                    item,
                    f"{path}[{i}]",
                    "each member once",
                    repr(member_id),
                    f"Remove the second '{member_id}'.",
                )
            seen.add(member_id)
        return tuple(m for m in self.member_ids if m in seen)

    def span(
        self,
        fields: dict[str, Node],
        path: str,
        provenance: tuple[str, tuple[str, ...], str | None],
        start_key: str = "from",
        end_key: str = "to",
    ) -> tuple[DateFact | None, DateFact | None]:
        """The optional ``from``/``to`` dates of an entry (``to`` after ``from``; null: open)."""
        start = end = None
        if not self.is_null(fields.get(start_key)):
            start = self.date_fact(fields[start_key], f"{path}.{start_key}", provenance)
        if not self.is_null(fields.get(end_key)):
            end = self.date_fact(fields[end_key], f"{path}.{end_key}", provenance)
            if start is not None and end.date <= start.date:
                self.fail(
                    fields[end_key],
                    f"{path}.{end_key}",
                    f"a date after {start_key} ({start.text})",
                    repr(end.text),
                    f"Fix the dates: '{end_key}' must come after '{start_key}'.",
                )
        return start, end

    def check_disjoint(
        self,
        entries: list[tuple[DateFact | None, DateFact | None, Node, str]],
        what: str,
    ) -> None:
        """Fail at the first entry whose interval overlaps the one before (sorted by start)."""
        ordered = sorted(
            entries, key=lambda e: (e[0] is not None, e[0].date if e[0] is not None else None)
        )
        for (_, prev_end, _, _), (start, _, node, path) in itertools.pairwise(ordered):
            if prev_end is None or start is None or start.date < prev_end.date:
                self.fail(
                    node,
                    path,
                    f"{what} whose periods do not overlap",
                    "a period from "
                    + ("the start" if start is None else start.text)
                    + " while the one before "
                    + ("never ends" if prev_end is None else f"ends {prev_end.text}"),
                    "Give the earlier entry a 'to:' on or before this one's 'from:'.",
                )

    def group_map(self, node: Node) -> dict[str, Group]:
        fields = self.mapping(node, "groups", (), what="a mapping of group name to {members}")
        out = {}
        for name, value in fields.items():
            where = f"groups.{name}"
            if not _MEMBER_ID.match(name) or name == "all":
                self.fail(
                    self.key_node(node, value),
                    where,
                    "a group name of letters, digits and '_' (not 'all')",
                    repr(name),
                    "Rename the group (e.g. permanent).",
                )
            sub = self.mapping(
                value,
                where,
                ("members", "name", *_FACT_KEYS),
                ("members",),
                what="{members: [ids], status: ..., sources: [...]}",
            )
            provenance = self.provenance(sub, value, where)
            members = self.member_list(sub["members"], f"{where}.members")
            out[name] = Group(
                name, members, *provenance, name=self.optional_text(sub, "name", where)
            )
        return out

    def body_list(self, node: Node, rules: dict[str, NamedRule]) -> dict[str, Body]:
        items = self.sequence(node, "bodies", "a list of bodies")
        if not items:
            self.fail(node, "bodies", "at least one body", "an empty list", "Add a body.")
        out: dict[str, Body] = {}
        for i, item in enumerate(items):
            fields = self.mapping(
                item,
                f"bodies[{i}]",
                ("id", "name", "seats", "default_matter", "matters", *_FACT_KEYS),
                ("id", "name", "matters"),
            )
            body_id = self.text(
                fields["id"], f"bodies[{i}].id", _MEMBER_ID, "a body id of letters, digits, '_'"
            )
            if body_id in out:
                self.fail(
                    fields["id"],
                    f"bodies[{i}].id",
                    "unique body ids",
                    repr(body_id),
                    "Give each body its own id.",
                )
            path = f"bodies[{body_id}]"
            seats = "all"
            if "seats" in fields:
                seats = self.text(fields["seats"], f"{path}.seats", what="all or a group name")
                if seats != "all" and seats not in self.groups:
                    self.fail(
                        fields["seats"],
                        f"{path}.seats",
                        "'all' or a group under groups:"
                        + (" (" + ", ".join(self.groups) + ")" if self.groups else ""),
                        repr(seats),
                        _did_you_mean(seats, self.groups) or "Define the group, or write 'all'.",
                    )
            status: str | None = None
            sources: tuple[str, ...] = ()
            note = self.optional_text(fields, "note", path)
            if "status" in fields or "sources" in fields:
                status, sources, note = self.provenance(fields, item, path)
            matters = self.matters(fields["matters"], path, body_id, rules)
            out[body_id] = Body(
                body_id,
                self.text(fields["name"], f"{path}.name"),
                matters,
                self.default_matter(fields, path, matters),
                seats,
                status,
                sources,
                note,
            )
        return out

    def matters(
        self, node: Node, path: str, body_id: str, rules: dict[str, NamedRule]
    ) -> dict[str, tuple[Matter, ...]]:
        items = self.sequence(node, f"{path}.matters", "a list of matters")
        if not items:
            self.fail(
                node,
                f"{path}.matters",
                "at least one matter",
                "an empty list",
                "Add '- {id: ..., rule: ..., status: ...}'.",
            )
        found: dict[str, list[tuple[Matter, Node, str]]] = {}
        for i, item in enumerate(items):
            where = f"{path}.matters[{i}]"
            fields = self.mapping(
                item,
                where,
                (
                    "id",
                    "name",
                    "rule",
                    "abstention",
                    "from",
                    "to",
                    "legal_basis",
                    *_FACT_KEYS,
                ),
                ("id", "rule"),
            )
            matter_id = self.text(
                fields["id"], f"{where}.id", _MEMBER_ID, "a matter id of letters, digits, '_'"
            )
            provenance = self.provenance(fields, item, where)
            rule = self.text(fields["rule"], f"{where}.rule", what="a rule name or rule text")
            if rule in rules:
                text = rules[rule].text
            elif _MEMBER_ID.match(rule) and rule.lower() not in _ONE_WORD_RULES:
                self.fail(
                    fields["rule"],
                    f"{where}.rule",
                    "a rule under rules:"
                    + (" (" + ", ".join(rules) + ")" if rules else "")
                    + " or rule text such as 'consensus'",
                    repr(rule),
                    _did_you_mean(rule, [*rules, *_ONE_WORD_RULES])
                    or "Define the rule under rules:, or write its text.",
                )
            else:
                text = rule
            abstention = "absence_blocks"
            if "abstention" in fields:
                abstention = self.text(fields["abstention"], f"{where}.abstention")
                if abstention not in ABSTENTIONS:
                    self.fail(
                        fields["abstention"],
                        f"{where}.abstention",
                        "one of " + ", ".join(ABSTENTIONS),
                        repr(abstention),
                        _did_you_mean(abstention, ABSTENTIONS)
                        or "Say whether an absent member blocks (absence_blocks) or the others "
                        "decide without it (limited_format).",
                    )
            start, end = self.span(fields, where, provenance)
            matter = Matter(
                matter_id,
                body_id,
                self.optional_text(fields, "name", where) or matter_id.replace("_", " "),
                rule,
                text,
                *provenance,
                abstention=abstention,
                start=start,
                end=end,
                legal_basis=self.optional_text(fields, "legal_basis", where),
            )
            # An overlap is reported at the entry's 'from:' (the date to fix), if it has one.
            at = (fields["from"], f"{where}.from") if "from" in fields else (item, where)
            found.setdefault(matter_id, []).append((matter, *at))
        out = {}
        for matter_id, entries in found.items():
            self.check_disjoint(
                [(m.start, m.end, n, w) for m, n, w in entries], f"entries of matter '{matter_id}'"
            )
            out[matter_id] = tuple(
                sorted(
                    (m for m, _, _ in entries),
                    key=lambda m: (m.start is not None, m.start.date if m.start else None),
                )
            )
        return out

    def default_matter(
        self, fields: dict[str, Node], path: str, matters: dict[str, tuple[Matter, ...]]
    ) -> str:
        if "default_matter" not in fields:
            if len(matters) > 1:
                self.fail(
                    fields["matters"],
                    f"{path}.default_matter",
                    "a default_matter naming one of the matters",
                    "none",
                    f"Add 'default_matter: {next(iter(matters))}' (or another matter).",
                )
            return next(iter(matters))
        node = fields["default_matter"]
        name = self.text(node, f"{path}.default_matter", what="the id of a matter")
        if name not in matters:
            self.fail(
                node,
                f"{path}.default_matter",
                "one of the matters " + ", ".join(matters),
                repr(name),
                _did_you_mean(name, matters) or "Name a matter listed under matters:.",
            )
        return name

    def chairs(self, node: Node) -> tuple[Chair, ...]:
        items = self.sequence(node, "chairs", "a list of chairs")
        if not self.bodies:
            self.fail(
                node, "chairs", "bodies: to chair", "no bodies", "Define the bodies under bodies:."
            )
        out = []
        by_body: dict[str, list[tuple[DateFact | None, DateFact | None, Node, str]]] = {}
        for i, item in enumerate(items):
            where = f"chairs[{i}]"
            fields = self.mapping(
                item,
                where,
                ("body", "member", "from", "to", *_FACT_KEYS),
                ("body", "member", "from"),
            )
            body = self.text(fields["body"], f"{where}.body", what="a body id")
            if body not in self.bodies:
                self.fail(
                    fields["body"],
                    f"{where}.body",
                    "one of the bodies " + ", ".join(self.bodies),
                    repr(body),
                    _did_you_mean(body, self.bodies) or "Use the id of a body under bodies:.",
                )
            member = self.member_ref(fields["member"], f"{where}.member")
            provenance = self.provenance(fields, item, where)
            if self.is_null(fields["from"]):
                self.date(fields["from"], f"{where}.from")  # fails: a chair starts on a day
            start, end = self.span(fields, where, provenance)
            assert start is not None
            out.append(Chair(body, member, Period(start, end, *provenance)))
            by_body.setdefault(body, []).append((start, end, fields["from"], f"{where}.from"))
        for body, entries in by_body.items():
            self.check_disjoint(entries, f"chairs of '{body}'")
        return tuple(out)

    def documents(self, node: Node) -> tuple[Document, ...]:
        items = self.sequence(node, "documents", "a list of documents")
        out: list[Document] = []
        amends: list[tuple[str, Node, str]] = []
        for i, item in enumerate(items):
            fields = self.mapping(
                item,
                f"documents[{i}]",
                (
                    "id",
                    "name",
                    "signed",
                    "signatories",
                    "in_force",
                    "ratifications",
                    "amends",
                    *_FACT_KEYS,
                ),
                ("id", "name"),
            )
            doc_id = self.text(
                fields["id"], f"documents[{i}].id", _MEMBER_ID, "a document id (letters, '_')"
            )
            if any(d.id == doc_id for d in out):
                self.fail(
                    fields["id"],
                    f"documents[{i}].id",
                    "unique document ids",
                    repr(doc_id),
                    "Give each document its own id.",
                )
            path = f"documents[{doc_id}]"
            provenance = self.provenance(fields, item, path)
            signed = (
                self.signature(fields["signed"], f"{path}.signed", provenance)
                if ("signed" in fields)
                else None
            )
            signatories: tuple[str, ...] = ()
            sig_provenance: tuple[str | None, tuple[str, ...], str | None] = (None, (), None)
            if "signatories" in fields:
                signatories, sig_provenance = self.signatories(
                    fields["signatories"], f"{path}.signatories", provenance
                )
            in_force = None
            if "in_force" in fields and not self.is_null(fields["in_force"]):
                in_force = self.date_fact(fields["in_force"], f"{path}.in_force", provenance)
                if signed is not None and _before(in_force, signed.date):
                    self.fail(
                        fields["in_force"],
                        f"{path}.in_force",
                        f"a date on or after the signature ({signed.date.text})",
                        repr(in_force.text),
                        "Fix the dates: a document enters into force after it is signed.",
                    )
            ratifications = (
                self.ratifications(fields["ratifications"], f"{path}.ratifications", signed)
                if "ratifications" in fields
                else ()
            )
            target = None
            if "amends" in fields:  # checked once every document id is known
                target = self.text(fields["amends"], f"{path}.amends")
                amends.append((target, fields["amends"], path))
            out.append(
                Document(
                    doc_id,
                    self.text(fields["name"], f"{path}.name"),
                    *provenance,
                    signed=signed,
                    signatories=signatories,
                    signatories_status=sig_provenance[0],
                    signatories_sources=sig_provenance[1],
                    signatories_note=sig_provenance[2],
                    in_force=in_force,
                    in_force_recorded="in_force" in fields,
                    ratifications=ratifications,
                    amends=target,
                )
            )
        ids = [d.id for d in out]
        for target, target_node, path in amends:
            if target not in ids or path == f"documents[{target}]":
                self.fail(
                    target_node,
                    f"{path}.amends",
                    "the id of another document: " + ", ".join(ids),
                    repr(target),
                    _did_you_mean(target, ids) or "Name the document this one amends.",
                )
        return tuple(out)

    def signature(
        self,
        node: Node,
        path: str,
        inherited: tuple[str, tuple[str, ...], str | None],
    ) -> Signature:
        """``signed: 2002-10-07`` or ``signed: {date, place, status, sources, note}``."""
        if not isinstance(node, MappingNode):
            return Signature(self.date_fact(node, path, inherited))
        fields = self.mapping(node, path, ("date", "place", *_FACT_KEYS), ("date",))
        provenance = self.provenance(fields, node, path, inherited)
        return Signature(
            self.date_fact(fields["date"], f"{path}.date", provenance),
            self.optional_text(fields, "place", path),
        )

    def signatories(
        self,
        node: Node,
        path: str,
        inherited: tuple[str, tuple[str, ...], str | None],
    ) -> tuple[tuple[str, ...], tuple[str, tuple[str, ...], str | None]]:
        """``[ids]`` (the document's provenance) or ``{members: [ids], status, sources, note}``."""
        if not isinstance(node, MappingNode):
            return self.member_list(node, path), inherited
        fields = self.mapping(node, path, ("members", *_FACT_KEYS), ("members",))
        provenance = self.provenance(fields, node, path, inherited)
        return self.member_list(fields["members"], f"{path}.members"), provenance

    def ratifications(
        self, node: Node, path: str, signed: Signature | None
    ) -> tuple[Ratification, ...]:
        out: list[Ratification] = []
        for i, item in enumerate(self.sequence(node, path, "a list of ratifications")):
            where = f"{path}[{i}]"
            fields = self.mapping(
                item, where, ("member", "date", "act", "outcome", *_FACT_KEYS), ("member",)
            )
            member = self.member_ref(fields["member"], f"{where}.member")
            if any(r.member == member for r in out):
                self.fail(
                    fields["member"],
                    f"{where}.member",
                    "one ratification per member",
                    repr(member),
                    f"Merge the entries for '{member}' (use 'note:' for later acts).",
                )
            provenance = self.provenance(fields, item, where)
            day = None
            if not self.is_null(fields.get("date")):
                day = self.date_fact(fields["date"], f"{where}.date", provenance)
                if signed is not None and _before(day, signed.date):
                    self.fail(
                        fields["date"],
                        f"{where}.date",
                        f"a date on or after the signature ({signed.date.text})",
                        repr(day.text),
                        "Fix the date: a member ratifies a document after it is signed.",
                    )
            outcome = "ratified"
            if "outcome" in fields:
                outcome = self.text(fields["outcome"], f"{where}.outcome")
                if outcome not in RATIFICATION_OUTCOMES:
                    self.fail(
                        fields["outcome"],
                        f"{where}.outcome",
                        "one of " + ", ".join(RATIFICATION_OUTCOMES),
                        repr(outcome),
                        _did_you_mean(outcome, RATIFICATION_OUTCOMES)
                        or "Say whether the member ratified, or is recorded as pending or "
                        "as having refused.",
                    )
            out.append(
                Ratification(
                    member,
                    day,
                    *provenance,
                    act=self.optional_text(fields, "act", where),
                    outcome=outcome,
                )
            )
        return tuple(out)


def _before(later: DateFact, earlier: DateFact) -> bool:
    """True when ``later`` is surely before ``earlier`` (both known to the day)."""
    return later.precision == earlier.precision == "day" and later.date < earlier.date
