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

import datetime as _dt
import difflib
import math
import os
import re
from pathlib import Path
from typing import NoReturn

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pivotal.errors import PivotalError
from pivotal.organizations.model import (
    STATUSES,
    DateFact,
    Event,
    Member,
    MemberAttribute,
    NamedRule,
    Organization,
    Period,
    Precision,
)

__all__ = ["FORMAT_VERSION", "load_file", "loads"]

#: The version of the organization file format this loader reads (``format:`` in the file).
FORMAT_VERSION = 1

_NULL = "tag:yaml.org,2002:null"
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
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
    "sources",
)
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
    return _Reader(label).organization(_compose(text, label))


def _compose(text: str, label: str) -> Node:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = label if mark is None else f"{label}:{mark.line + 1}:{mark.column + 1}"
        problem = str(exc.problem or "")
        context = exc.context_mark
        # The parser stops where it notices the problem; an unclosed bracket or quote began
        # earlier, at the context mark, which is usually the line to fix.
        if exc.context and context is not None and context is not mark:
            problem += (
                f" ({exc.context} that starts at line {context.line + 1}, "
                f"column {context.column + 1})"
            )
        raise PivotalError(
            where,
            "well-formed YAML",
            problem or str(exc),
            "Fix the YAML syntax there (indentation, a missing ':', an unclosed quote or bracket).",
        ) from None
    except yaml.YAMLError as exc:
        raise PivotalError(label, "well-formed YAML", str(exc), "Fix the YAML syntax.") from None
    if node is None:
        raise PivotalError(
            label,
            "an organization (a mapping with id, name, members and sources)",
            "an empty file",
            "Start from the bundled csto.yaml as a template.",
        )
    return node


class _Reader:
    """Turns composed YAML nodes into model objects, raising at the first problem."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.sources: dict[str, str] = {}
        self._construct = SafeConstructor()

    # ------------------------------------------------------------------ plumbing
    def where(self, node: Node, path: str) -> str:
        mark = node.start_mark
        return f"{self.label}:{mark.line + 1}:{mark.column + 1} ({path})"

    def fail(self, node: Node, path: str, allowed: str, received: object, fix: str) -> NoReturn:
        raise PivotalError(self.where(node, path), allowed, received, fix)

    @staticmethod
    def shown(node: Node) -> str:
        if isinstance(node, ScalarNode):
            return "nothing" if node.tag == _NULL else repr(node.value)
        return "a list" if isinstance(node, SequenceNode) else "a mapping"

    def mapping(
        self,
        node: Node,
        path: str,
        allowed: tuple[str, ...],
        required: tuple[str, ...] = (),
        what: str = "a mapping",
    ) -> dict[str, Node]:
        """The mapping's values by key; unknown, duplicate and missing keys are errors."""
        if not isinstance(node, MappingNode):
            self.fail(node, path, what, self.shown(node), f"Write {path} as 'key: value' lines.")
        out: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key is None or (allowed and key not in allowed):
                self.fail(
                    key_node,
                    path,
                    "one of the keys " + ", ".join(allowed),
                    self.shown(key_node) if key is None else repr(key),
                    _did_you_mean(str(key), allowed) or "Remove or rename that key.",
                )
            if key in out:
                self.fail(
                    key_node,
                    path,
                    "each key once",
                    repr(key),
                    f"Remove the second '{key}' (first at line {out[key].start_mark.line + 1}).",
                )
            out[key] = value_node
        missing = [k for k in required if k not in out]
        if missing:
            self.fail(
                node,
                path,
                "the keys " + ", ".join(required),
                "no " + ", ".join(missing),
                f"Add '{missing[0]}:' to {path}.",
            )
        return out

    def sequence(self, node: Node, path: str, what: str) -> list[Node]:
        if not isinstance(node, SequenceNode):
            self.fail(node, path, what, self.shown(node), "Write a list ('- ' items or [a, b]).")
        return list(node.value)

    def text(
        self, node: Node, path: str, pattern: re.Pattern[str] | None = None, what: str = "a text"
    ) -> str:
        if not isinstance(node, ScalarNode) or node.tag == _NULL or not node.value.strip():
            self.fail(node, path, what, self.shown(node), "Give a non-empty value.")
        value = node.value.strip()
        if pattern is not None and not pattern.match(value):
            self.fail(node, path, what, repr(value), "Use letters, digits and '_' only.")
        return value

    def number(self, node: Node, path: str) -> int | float:
        value = None
        if isinstance(node, ScalarNode) and node.tag.endswith((":int", ":float")):
            value = self._construct.construct_object(node)
        if (
            not isinstance(value, int | float)
            or isinstance(value, bool)
            or not math.isfinite(value)
        ):
            self.fail(
                node,
                path,
                "a finite number",
                self.shown(node),
                "Write the number without quotes or units (e.g. 144000000).",
            )
        return value

    def date(self, node: Node, path: str, partial: bool = True) -> tuple[_dt.date, Precision, str]:
        allowed = "a date YYYY-MM-DD" + (
            " (or YYYY-MM / YYYY when the day is unknown)" if partial else ""
        )
        raw = node.value.strip() if isinstance(node, ScalarNode) and node.tag != _NULL else None
        match = _DATE.match(raw) if raw else None
        if raw is None or match is None or (not partial and match.group(3) is None):
            self.fail(node, path, allowed, self.shown(node), "Write the date as 1994-04-20.")
        year, month, day = match.groups()
        precision: Precision = "day" if day else "month" if month else "year"
        try:
            value = _dt.date(int(year), int(month or 1), int(day or 1))
        except ValueError as exc:
            self.fail(node, path, allowed, repr(raw), f"That day does not exist ({exc}).")
        return value, precision, raw

    def status(self, node: Node, path: str) -> str:
        value = node.value if isinstance(node, ScalarNode) else None
        if value not in STATUSES:
            self.fail(
                node,
                path,
                "one of " + ", ".join(STATUSES),
                self.shown(node),
                _did_you_mean(str(value), STATUSES) or "Say how well the sources support it.",
            )
        return value

    def source_keys(self, node: Node, path: str) -> tuple[str, ...]:
        keys = []
        for i, item in enumerate(self.sequence(node, path, "a list of source keys, e.g. [ria]")):
            key = self.text(item, f"{path}[{i}]", what="a source key")
            if key not in self.sources:
                hint = _did_you_mean(key, self.sources)
                self.fail(
                    item,
                    f"{path}[{i}]",
                    "a key of the 'sources:' map",
                    repr(key),
                    hint or f"Add '{key}: <URL or citation>' under sources:, or fix the key.",
                )
            keys.append(key)
        return tuple(keys)

    def provenance(
        self,
        fields: dict[str, Node],
        node: Node,
        path: str,
        inherited: tuple[str, tuple[str, ...], str | None] | None = None,
    ) -> tuple[str, tuple[str, ...], str | None]:
        """``(status, sources, note)`` of an entry; ``inherited`` fills in what it leaves out."""
        if "status" in fields:
            status = self.status(fields["status"], f"{path}.status")
        elif inherited is not None:
            status = inherited[0]
        else:
            self.fail(
                node,
                path,
                "a 'status:' on every fact",
                "no status",
                "Add 'status: verified | partly_verified | unverified | derived'.",
            )
        if "sources" in fields:
            sources = self.source_keys(fields["sources"], f"{path}.sources")
        else:
            sources = inherited[1] if inherited is not None else ()
        if "note" in fields:
            note: str | None = self.text(fields["note"], f"{path}.note")
        else:
            note = inherited[2] if inherited is not None else None
        # A claim to be (partly) verified means some source says it; without one it is not.
        if status in ("verified", "partly_verified") and not sources:
            self.fail(
                node,
                path,
                f"at least one source for a {status} fact",
                "no sources",
                "Add 'sources: [key]', or mark the fact unverified.",
            )
        return status, sources, note

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
            if not (isinstance(fmt, ScalarNode) and fmt.value == str(FORMAT_VERSION)):
                self.fail(
                    fmt,
                    "format",
                    f"{FORMAT_VERSION}",
                    self.shown(fmt),
                    "This version of pivotal reads format 1 files; upgrade pivotal.",
                )
        # Sources come last in the file but first here, so every reference can be checked as read.
        self.sources = self.source_map(top["sources"])
        org_id = self.text(top["id"], "id", _KEY, "an id (letters, digits, '_', '-', '.')")
        name = self.text(top["name"], "name")
        description = self.text(top["description"], "description") if "description" in top else ""
        as_of = self.date(top["as_of"], "as_of", partial=False)[0] if "as_of" in top else None
        events = self.events(top["events"], "events") if "events" in top else ()
        members = self.members(top["members"])
        rules = self.rules(top["rules"]) if "rules" in top else {}
        default = self.default_rule(top, rules)
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
        )

    def source_map(self, node: Node) -> dict[str, str]:
        fields = self.mapping(node, "sources", (), what="a mapping of key to URL or citation")
        out = {}
        for key, value in fields.items():
            key_node = next(k for k, v in node.value if v is value)
            if not _KEY.match(key):
                self.fail(
                    key_node,
                    "sources",
                    "a key of letters, digits and '_'",
                    repr(key),
                    "Rename the key (e.g. ria_2025_history).",
                )
            out[key] = self.text(value, f"sources.{key}", what="a URL or a citation")
        return out

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

    def attributes(self, node: Node, path: str) -> dict[str, MemberAttribute]:
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
            if not isinstance(value_node, MappingNode):
                self.fail(
                    value_node,
                    where,
                    "{value: number, status: ..., sources: [...]}",
                    self.shown(value_node),
                    "Give the value with its status and sources.",
                )
            sub = self.mapping(value_node, where, ("value", *_FACT_KEYS), ("value",))
            value = self.number(sub["value"], f"{where}.value")
            out[name] = MemberAttribute(value, *self.provenance(sub, value_node, where))
        return out

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


def _did_you_mean(word: str, options: object) -> str:
    close = difflib.get_close_matches(word, list(options), n=1)  # type: ignore[call-overload]
    return f"Did you mean '{close[0]}'?" if close else ""
