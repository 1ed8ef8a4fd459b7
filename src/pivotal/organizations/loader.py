"""Read and validate an organization file: YAML nodes -> schema (``schema.py``) -> checks -> model.

Every check runs when a file is loaded, and every problem is found before any is reported:

1. the YAML is composed into nodes (which keep their positions), within the size, depth and
   node limits of :mod:`pivotal.organizations.yamlnodes`;
2. the nodes' data is validated against the declarative schema (keys, types, ids, dates,
   numbers, the words a key allows); every problem is collected;
3. when the shape is right, what a schema cannot say is checked, again collecting every
   problem: provenance (sources cited exist; a verified fact cites one), references (members in
   groups, chairs, signatories and ratifications; groups in ``seats``; bodies of chairs; rules
   of matters and ``default_rule``; matters of ``default_matter``; documents in ``amends``),
   dates (each end after its start; spells, suspensions, freezes, chairs of a body and entries
   of a matter that do not overlap; documents that do not amend each other in a cycle), and
   every rule text, compiled over the members, attributes and groups of each day on which they
   change while the rule is in force.

Each problem is a :class:`Problem` at ``file:line:column``; :func:`validate_text` returns them
all (``pivotal validate``), :func:`loads` raises :class:`OrganizationFileError` (a
:class:`~pivotal.errors.PivotalError`) with the first and the count, so a bad file never yields a
half-checked organization.

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
>>> for p in validate_text('''
... id: demo
... name: Demo
... members:
...   - {id: A, name: Aland, memberships: [{joined: 2001, status: verifed}]}
... rules: {r: {text: "all of core"}}
... sources: {}
... ''', "demo.yaml"):
...     print(p.message())  # doctest: +NORMALIZE_WHITESPACE
demo.yaml:5:63: members[A].memberships[0].status: expected one of verified, derived,
  partly_verified, unverified; received 'verifed'. Did you mean 'verified'?
demo.yaml:6:12: rules.r: expected the keys status, text; received no status.
  Add 'status:' to rules.r.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import gc
import itertools
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yaml.nodes import Node

from pivotal.errors import PivotalError
from pivotal.organizations.bodies import Body, Chair, Group, Matter, NamedRule
from pivotal.organizations.documents import Document, Ratification, Signature
from pivotal.organizations.membership import Member, MemberAttribute, Snapshot
from pivotal.organizations.model import Organization
from pivotal.organizations.provenance import DateFact, Event, Period
from pivotal.organizations.schema import (
    FORMAT_VERSION,
    FORMATS,
    ID,
    DateEntry,
    Entry,
    Index,
    OrganizationFile,
    ParsedDate,
    SignatoriesEntry,
    SignedEntry,
    node_data,
)
from pivotal.organizations.yamlnodes import compose, did_you_mean

logger = logging.getLogger(__name__)

__all__ = [
    "FORMATS",
    "FORMAT_VERSION",
    "OrganizationFileError",
    "Problem",
    "load_file",
    "loads",
    "validate_file",
    "validate_text",
]

_WHAT = "an organization (a mapping with id, name, members and sources)"
_START = "Start from the bundled csto.yaml as a template."
_FORMAT_2_KEYS = ("groups", "bodies", "chairs", "documents")
#: Rule texts of a single word; any other single word in a matter's ``rule`` must be a rule name.
_ONE_WORD_RULES = ("consensus", "unanimity", "majority")
_SOURCED = ("verified", "partly_verified")
#: At most this many member-days of rule compilation per file (a day of n players costs about
#: n): every distinct day is checked in any file of a few thousand members; beyond, the days
#: are spread evenly and the summary of ``pivotal validate`` says how many were checked.
RULE_CHECK_BUDGET = 50_000
#: ... and at most this many days per rule text or matter entry.
RULE_CHECK_DAYS = 300

Provenance = tuple[str, tuple[str, ...], str | None]


@dataclass(frozen=True)
class Problem:
    """One problem of a file: where (``label:line:column`` and the path in the file), what is
    allowed, what was received, and how to fix it."""

    label: str
    line: int
    column: int
    path: str
    allowed: str
    received: str
    fix: str

    def error(self) -> PivotalError:
        """The problem as the error that loading raises (the message shape of every error)."""
        return PivotalError(
            f"{self.label}:{self.line}:{self.column} ({self.path})",
            self.allowed,
            self.received,
            self.fix,
        )

    def message(self) -> str:
        """``file:line:column: path: expected ...; received ... Fix.`` (one line)."""
        error = PivotalError(self.path, self.allowed, self.received, self.fix)
        return f"{self.label}:{self.line}:{self.column}: {error}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.label,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "expected": self.allowed,
            "received": self.received,
            "fix": self.fix,
            "message": self.message(),
        }


class OrganizationFileError(PivotalError):
    """An organization file with problems: the first is the message, ``problems`` holds all."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        self.problems = problems
        more = len(problems) - 1
        fix = first.fix
        if more:
            fix += (
                f" ({more} more problem{'s' if more > 1 else ''} in this file: "
                f"'pivotal validate {first.label}' lists them all.)"
            )
        super().__init__(
            f"{first.label}:{first.line}:{first.column} ({first.path})",
            first.allowed,
            first.received,
            fix,
        )


@dataclass
class Checked:
    """What validation found: the problems, and the organization when there are none."""

    problems: list[Problem]
    organization: Organization | None
    rule_days: tuple[int, int] = (0, 0)  # (days checked, distinct days) for the rule texts


def _read(path: str | os.PathLike[str], label: str | None) -> tuple[Path, str, str]:
    p = Path(path)
    shown = label or str(p)
    try:
        exists = p.is_file()
    except (OSError, ValueError):  # a name too long for the system, or with a NUL
        exists = False
    if not exists:
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
    return p, shown, text


def load_file(path: str | os.PathLike[str], label: str | None = None) -> Organization:
    """Load and validate the organization file at ``path``."""
    p, shown, text = _read(path, label)
    org = loads(text, label=shown)
    org.path = str(p)
    return org


def loads(text: str, label: str = "<string>") -> Organization:
    """Load and validate an organization from YAML text; ``label`` names it in error messages."""
    checked = check_text(text, label)
    if checked.problems:
        raise OrganizationFileError(checked.problems)
    assert checked.organization is not None  # no problems: built
    return checked.organization


def validate_text(text: str, label: str = "<string>") -> list[Problem]:
    """Every problem of an organization file's text, in file order (empty: the file is valid).

    A file that is not YAML, or is over a limit, raises :class:`PivotalError` instead: there is
    nothing to check further.
    """
    return check_text(text, label).problems


def validate_file(path: str | os.PathLike[str], label: str | None = None) -> Checked:
    """Check the file at ``path``: its problems, and the organization when there are none."""
    p, shown, text = _read(path, label)
    checked = check_text(text, shown)
    if checked.organization is not None:
        checked.organization.path = str(p)
    return checked


def check_text(text: str, label: str = "<string>") -> Checked:
    """Validate ``text`` (schema, then the checks between entries, then the rule texts)."""
    # A large file makes millions of objects that all live on; the cycle collector would walk
    # the growing heap again and again (most of the time of a 100,000-member file) for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _check(text, label)
    finally:
        if collecting:
            gc.enable()


def _check(text: str, label: str) -> Checked:
    root = compose(text, label, _WHAT, _START)
    data, index = node_data(root)
    reader = _Reader(label, index)
    for key_node, _key, first, holder in index.duplicates:
        reader.add(
            key_node,
            reader.path_to(data, holder),
            "each key once",
            repr(_key),
            f"Remove the second '{_key}' (first at line {first.start_mark.line + 1}).",
        )
    for key_node, _ in index.odd_keys:
        reader.add(key_node, "key", "a key of plain text", "a key that is not text", "Rename it.")
    parsed = reader.schema(data)
    if parsed is None or reader.problems:
        return Checked(reader.sorted(), None)
    org = reader.organization(parsed)
    if reader.problems:
        # The rule texts are still compiled, so one run lists those problems too; an entry left
        # inconsistent by a problem above may stop that (its own problem is already listed).
        try:
            reader.check_rules(org, parsed)
        except Exception:  # any failure here follows from a problem already listed
            logger.debug("rule checks stopped by an earlier problem", exc_info=True)
        return Checked(reader.sorted(), None)
    days = reader.check_rules(org, parsed)
    return Checked(reader.sorted(), None if reader.problems else org, days)


# --------------------------------------------------------------------------------- the reader
class _Reader:
    """Schema errors mapped back to nodes, then the checks between entries, collecting all."""

    def __init__(self, label: str, index: Index) -> None:
        self.label = label
        self.index = index
        self.problems: list[Problem] = []
        self.models: dict[int, type[Entry]] = {}
        self.sources: dict[str, str] = {}
        self.member_ids: list[str] = []
        self.groups: dict[str, Group] = {}
        self.bodies: dict[str, Body] = {}
        self.matter_nodes: dict[int, tuple[Node, str]] = {}
        self.format = FORMAT_VERSION
        self.format_flagged = False  # format 1 with format-2 keys: said once, at the keys

    # ----------------------------------------------------------------------- problems
    def add(self, node: Node, path: str, allowed: str, received: object, fix: str) -> None:
        mark = node.start_mark
        text = received if isinstance(received, str) else repr(received)
        self.problems.append(
            Problem(self.label, mark.line + 1, mark.column + 1, path, allowed, text, fix)
        )

    def sorted(self) -> list[Problem]:
        seen: set[tuple[int, int, str, str]] = set()
        out = []
        for p in sorted(self.problems, key=lambda p: (p.line, p.column)):
            key = (p.line, p.column, p.path, p.allowed)
            if key not in seen:
                seen.add(key)
                out.append(p)
        return out

    def node(self, entry: Entry | Any, key: str | None = None) -> Node:
        """The node of an entry's mapping, or of the value of one of its keys."""
        data = entry._src if isinstance(entry, Entry) else entry
        if key is not None:
            found = self.index.values.get(id(data), {}).get(key)
            if found is not None:
                return found
        return self.index.nodes[id(data)]

    def key_node(self, entry: Entry, key: str) -> Node:
        return self.index.keys.get(id(entry._src), {}).get(key) or self.node(entry)

    def item(self, entry: Entry, key: str, i: int) -> Node:
        items = self.index.items.get(id(entry._src.get(key)), [])
        return items[i] if i < len(items) else self.node(entry, key)

    # ---------------------------------------------------------------- schema problems
    def path_of(self, data: Any, loc: Iterable[Any]) -> tuple[str, Any, Any]:
        """(path text, the data at the deepest step of ``loc`` found, its parent)."""
        parts: list[str] = []
        here, parent = data, None
        for step in loc:
            if isinstance(here, dict) and isinstance(step, str) and step in here:
                parts.append(f".{step}" if parts else step)
                here, parent = here[step], here
            elif isinstance(here, list) and isinstance(step, int) and 0 <= step < len(here):
                item = here[step]
                name = item.get("id") if isinstance(item, dict) else None
                shown = name.strip() if isinstance(name, str) and ID.match(name.strip()) else step
                parts.append(f"[{shown}]")
                here, parent = item, here
        return "".join(parts) or "top level", here, parent

    def path_to(self, data: Any, target: Any) -> str:
        """The path of the container ``target`` in ``data`` (searched: only for errors)."""
        todo: list[tuple[Any, list[Any]]] = [(data, [])]
        while todo:
            here, loc = todo.pop()
            if here is target:
                return self.path_of(data, loc)[0]
            if isinstance(here, dict):
                todo.extend((v, [*loc, k]) for k, v in here.items() if isinstance(v, dict | list))
            elif isinstance(here, list):
                todo.extend(
                    (v, [*loc, i]) for i, v in enumerate(here) if isinstance(v, dict | list)
                )
        return "top level"

    def schema(self, data: Any) -> OrganizationFile | None:
        from pydantic import ValidationError

        context: dict[str, Any] = {}
        try:
            return OrganizationFile.model_validate(data, context=context)
        except ValidationError as exc:
            self.models = context.get("models", {})
            errors = exc.errors(include_url=False)
            # A misspelt key is both an unknown key and a missing one: say it once, at the typo
            # (whose message says "Did you mean ...").
            typos = {
                (tuple(e["loc"][:-1]), m)
                for e in errors
                if e["type"] == "extra_forbidden"
                for m in difflib.get_close_matches(str(e["loc"][-1]), _all_keys(), n=3)
            }
            for err in errors:
                if err["type"] == "missing" and (tuple(err["loc"][:-1]), err["loc"][-1]) in typos:
                    continue
                self.schema_problem(data, err)
            return None

    def schema_problem(self, data: Any, err: Any) -> None:
        loc = [s for s in err["loc"] if s not in ("bare", "entry", "single", "dated", "list")]
        kind = err["type"]
        path, here, parent = self.path_of(data, loc)
        found = loc and path != "top level" and _reached(data, loc)
        if kind == "missing":
            holder = here if isinstance(here, dict) else parent
            key = str(loc[-1])
            model = self.models.get(id(holder)) if holder is not None else None
            required = _required(model) if model is not None else [key]
            node = self.index.nodes.get(id(holder), self.index.nodes[id(data)])
            self.add(
                node,
                path,
                "the keys " + ", ".join(required),
                f"no {key}",
                f"Add '{key}:' to {path}.",
            )
            return
        if kind == "extra_forbidden":
            key = str(loc[-1])
            holder = parent if found else here
            model = self.models.get(id(holder)) if isinstance(holder, dict) else None
            allowed = _allowed(model) if model is not None else []
            node = self.index.keys.get(id(holder), {}).get(key) or self.index.nodes[id(data)]
            where = path.rsplit(".", 1)[0] if found and "." in path else path
            self.add(
                node,
                where,
                "one of the keys " + ", ".join(allowed),
                repr(key),
                did_you_mean(key, allowed) or "Remove or rename that key.",
            )
            return
        node = self._node_at(data, loc)
        if kind == "pivotal":
            ctx = err["ctx"]
            if ctx.get("key"):
                node = self.index.keys.get(id(here), {}).get(ctx["key"], node)
            self.add(node, path, ctx["allowed"], ctx["received"], ctx["fix"])
            return
        if kind in ("list_type", "too_short"):
            what = _LISTS.get(str(loc[-1]) if loc else "", "a list")
            if kind == "too_short":
                self.add(node, path, f"at least one entry in {what}", "an empty list", "Add one.")
            else:
                self.add(
                    node, path, what, _shown(err["input"]), "Write a list ('- ' items or [a, b])."
                )
            return
        if kind in ("dict_type", "model_type", "model_attributes_type"):
            self.add(
                node, path, "a mapping", _shown(err["input"]), f"Write {path} as 'key: value'."
            )
            return
        self.add(node, path, err["msg"], _shown(err.get("input")), "Fix the value.")

    def _node_at(self, data: Any, loc: list[Any]) -> Node:
        here = data
        node = self.index.nodes[id(data)]
        for step in loc:
            if isinstance(here, dict) and isinstance(step, str) and step in here:
                node = self.index.values[id(here)][step]
                here = here[step]
            elif isinstance(here, list) and isinstance(step, int) and 0 <= step < len(here):
                node = self.index.items[id(here)][step]
                here = here[step]
            else:
                break
        return node

    # ------------------------------------------------------------------- provenance
    def provenance(self, entry: Any, path: str, inherited: Provenance | None = None) -> Provenance:
        """``(status, sources, note)`` of an entry; ``inherited`` fills in what it leaves out."""
        status = entry.status if entry.status is not None else None
        if status is None:
            status = inherited[0] if inherited is not None else "unverified"
        if entry.sources is not None:
            keys = []
            for i, key in enumerate(entry.sources):
                if key not in self.sources:
                    self.add(
                        self.item(entry, "sources", i),
                        f"{path}.sources[{i}]",
                        "a key of the 'sources:' map",
                        repr(key),
                        did_you_mean(key, self.sources)
                        or f"Add '{key}: <URL or citation>' under sources:, or fix the key.",
                    )
                keys.append(key)
            sources = tuple(keys)
        else:
            sources = inherited[1] if inherited is not None else ()
        note = entry.note if entry.note is not None else (inherited[2] if inherited else None)
        if status in _SOURCED and not sources:
            self.add(
                self.node(entry),
                path,
                f"at least one source for a {status} fact",
                "no sources",
                "Add 'sources: [key]' (a key of the sources: map), or mark the fact unverified.",
            )
        return status, sources, note

    def date_fact(self, value: Any, path: str, inherited: Provenance) -> DateFact:
        if isinstance(value, DateEntry):
            status, sources, note = self.provenance(value, path, inherited)
            day = value.date
            return DateFact(day.day, status, sources, note, day.precision, day.text)
        assert isinstance(value, ParsedDate)
        return DateFact(value.day, *inherited, value.precision, value.text)

    def span(
        self, entry: Any, path: str, prov: Provenance, start: str = "from_", end: str = "to"
    ) -> tuple[DateFact | None, DateFact | None]:
        """The optional start/end dates of an entry (end after start; null: open)."""
        first = last = None
        start_key = "from" if start == "from_" else start
        end_key = "left" if end == "left" else end
        if getattr(entry, start) is not None:
            first = self.date_fact(getattr(entry, start), f"{path}.{start_key}", prov)
        if getattr(entry, end) is not None:
            last = self.date_fact(getattr(entry, end), f"{path}.{end_key}", prov)
            if first is not None and last.date <= first.date:
                self.add(
                    self.node(entry, end_key),
                    f"{path}.{end_key}",
                    f"a date after {start_key} ({first.text})",
                    repr(last.text),
                    f"Fix the dates: '{end_key}' must come after '{start_key}'.",
                )
        return first, last

    def disjoint(
        self, entries: list[tuple[DateFact | None, DateFact | None, Node, str]], what: str
    ) -> None:
        """A problem at each entry whose interval overlaps the one before (sorted by start)."""
        # An entry that ends before it starts is reported as such, not again as an overlap.
        entries = [e for e in entries if not (e[0] and e[1] and e[1].date <= e[0].date)]
        ordered = sorted(entries, key=lambda e: (e[0] is not None, e[0].date if e[0] else None))
        for (_, prev_end, _, _), (start, _, node, path) in itertools.pairwise(ordered):
            if prev_end is None or start is None or start.date < prev_end.date:
                self.add(
                    node,
                    path,
                    f"{what} whose periods do not overlap",
                    "a period from "
                    + ("the start" if start is None else start.text)
                    + " while the one before "
                    + ("never ends" if prev_end is None else f"ends {prev_end.text}"),
                    "Give the earlier entry an end on or before this one's start.",
                )

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

    # -------------------------------------------------------------------- structure
    def organization(self, top: OrganizationFile) -> Organization:
        self.sources = dict(top.sources)
        if top.format is not None:
            self.format = top.format
            if self.format == 1:
                for key in _FORMAT_2_KEYS:
                    if getattr(top, key) is not None:
                        self.format_flagged = True
                        self.add(
                            self.key_node(top, key),
                            key,
                            f"format 2 for '{key}'",
                            "a file that says format: 1",
                            "Change 'format: 1' to 'format: 2' at the top of the file.",
                        )
        events = self.events(top.events, top, "events") if top.events else ()
        members = self.members(top)
        rules = {}
        for name, rule in (top.rules or {}).items():
            rules[name] = NamedRule(name, rule.text, *self.provenance(rule, f"rules.{name}"))
        default = self.default_rule(top, rules)
        self.groups = {}
        for name, group in (top.groups or {}).items():
            where = f"groups.{name}"
            prov = self.provenance(group, where)
            ids = self.member_list(group.members, group, "members", f"{where}.members")
            self.groups[name] = Group(name, ids, *prov, name=group.name)
        self.bodies = self.body_list(top, rules)
        chairs = self.chairs(top)
        documents = self.documents(top)
        return Organization(
            id=top.id,
            name=top.name,
            description=top.description or "",
            members=members,
            rules=rules,
            default_rule=default,
            sources=self.sources,
            events=events,
            as_of=top.as_of.day if top.as_of is not None else None,
            path=self.label,
            groups=self.groups,
            bodies=self.bodies.values(),
            chairs=chairs,
            documents=documents,
        )

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

    def documents(self, top: OrganizationFile) -> tuple[Document, ...]:
        out: list[Document] = []
        amends: list[tuple[str, Node, str]] = []
        for i, item in enumerate(top.documents or ()):
            if any(d.id == item.id for d in out):
                self.add(
                    self.node(item, "id"),
                    f"documents[{i}].id",
                    "unique document ids",
                    repr(item.id),
                    "Give each document its own id.",
                )
            path = f"documents[{item.id}]"
            prov = self.provenance(item, path)
            signed = None
            if isinstance(item.signed, SignedEntry):
                sprov = self.provenance(item.signed, f"{path}.signed", prov)
                signed = Signature(
                    self.date_fact(item.signed.date, f"{path}.signed.date", sprov),
                    item.signed.place,
                )
            elif item.signed is not None:
                signed = Signature(self.date_fact(item.signed, f"{path}.signed", prov))
            signatories: tuple[str, ...] = ()
            sig_prov: tuple[str | None, tuple[str, ...], str | None] = (None, (), None)
            if isinstance(item.signatories, SignatoriesEntry):
                sig_prov = self.provenance(item.signatories, f"{path}.signatories", prov)
                signatories = self.member_list(
                    item.signatories.members,
                    item.signatories,
                    "members",
                    f"{path}.signatories.members",
                )
            elif item.signatories is not None:
                sig_prov = prov
                signatories = self.member_list(
                    item.signatories, item, "signatories", f"{path}.signatories"
                )
            in_force = None
            if item.in_force is not None:
                in_force = self.date_fact(item.in_force, f"{path}.in_force", prov)
                if signed is not None and _before(in_force, signed.date):
                    self.add(
                        self.node(item, "in_force"),
                        f"{path}.in_force",
                        f"a date on or after the signature ({signed.date.text})",
                        repr(in_force.text),
                        "Fix the dates: a document enters into force after it is signed.",
                    )
            ratifications = self.ratifications(item, path, signed)
            if item.amends is not None:
                amends.append((item.amends, self.node(item, "amends"), path))
            out.append(
                Document(
                    item.id,
                    item.name,
                    *prov,
                    signed=signed,
                    signatories=signatories,
                    signatories_status=sig_prov[0],
                    signatories_sources=sig_prov[1],
                    signatories_note=sig_prov[2],
                    in_force=in_force,
                    in_force_recorded="in_force" in item.model_fields_set,
                    ratifications=ratifications,
                    amends=item.amends,
                )
            )
        ids = [d.id for d in out]
        for target, node, path in amends:
            if target not in ids or path == f"documents[{target}]":
                self.add(
                    node,
                    f"{path}.amends",
                    "the id of another document: " + ", ".join(ids),
                    repr(target),
                    did_you_mean(target, ids) or "Name the document this one amends.",
                )
        # Documents that amend each other in a cycle: each amends one, so follow the chain.
        target_of = {d.id: d.amends for d in out if d.amends in ids and d.amends != d.id}
        reported: set[str] = set()
        for _, node, path in amends:
            start = path[len("documents[") : -1]
            chain, here = [start], target_of.get(start)
            while here is not None and here not in chain:
                chain.append(here)
                here = target_of.get(here)
            if here == start and not reported & set(chain):
                reported |= set(chain)
                self.add(
                    node,
                    f"{path}.amends",
                    "documents that do not amend each other in a cycle",
                    " -> ".join([*chain, start]),
                    "Fix 'amends:' so that the chain of amendments ends at an original text.",
                )
        return tuple(out)

    def ratifications(
        self, doc: Any, path: str, signed: Signature | None
    ) -> tuple[Ratification, ...]:
        out: list[Ratification] = []
        for i, item in enumerate(doc.ratifications or ()):
            where = f"{path}.ratifications[{i}]"
            self.member_ref(item.member, self.node(item, "member"), f"{where}.member")
            if any(r.member == item.member for r in out):
                self.add(
                    self.node(item, "member"),
                    f"{where}.member",
                    "one ratification per member",
                    repr(item.member),
                    f"Merge the entries for '{item.member}' (use 'note:' for later acts).",
                )
            prov = self.provenance(item, where)
            day = None
            if item.date is not None:
                day = self.date_fact(item.date, f"{where}.date", prov)
                if signed is not None and _before(day, signed.date):
                    self.add(
                        self.node(item, "date"),
                        f"{where}.date",
                        f"a date on or after the signature ({signed.date.text})",
                        repr(day.text),
                        "Fix the date: a member ratifies a document after it is signed.",
                    )
            out.append(Ratification(item.member, day, *prov, act=item.act, outcome=item.outcome))
        return tuple(out)

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

    # ------------------------------------------------------------------- rule texts
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


def _text_of(value: Any) -> str | None:
    if value is None:
        return None
    return value.date.text if isinstance(value, DateEntry) else value.text


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


#: What each list of the format holds, for errors about it.
_LISTS = {
    "sources": "a list of source keys, e.g. [ria]",
    "members": "a list (of members, or of member ids, e.g. [RUS, KAZ])",
    "signatories": "a list of member ids, e.g. [RUS, KAZ]",
    "memberships": "a list of {joined, left} entries",
    "suspended": "a list of {from, to} entries",
    "frozen": "a list of {from, to} entries",
    "matters": "a list of matters",
    "bodies": "a list of bodies",
    "chairs": "a list of chairs",
    "documents": "a list of documents",
    "ratifications": "a list of ratifications",
    "events": "a list of events",
}


def _all_keys() -> list[str]:
    """Every key the format knows (for telling a misspelt key from a missing one)."""
    from pivotal.organizations import schema

    keys: set[str] = set()
    for obj in vars(schema).values():
        if isinstance(obj, type) and issubclass(obj, Entry):
            keys.update(_allowed(obj))
    return sorted(keys)


def _required(model: type[Entry]) -> list[str]:
    return [f.alias or n for n, f in model.model_fields.items() if f.is_required()]


def _allowed(model: type[Entry]) -> list[str]:
    return [f.alias or n for n, f in model.model_fields.items()]


def _shown(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(str(value))


def _reached(data: Any, loc: list[Any]) -> bool:
    """Whether every step of ``loc`` exists in the data (an extra key's loc does)."""
    here = data
    for step in loc:
        in_list = isinstance(here, list) and isinstance(step, int) and 0 <= step < len(here)
        if (isinstance(here, dict) and step in here) or in_list:
            here = here[step]
        else:
            return False
    return True


def _before(later: DateFact, earlier: DateFact) -> bool:
    """True when ``later`` is surely before ``earlier`` (both known to the day)."""
    return later.precision == earlier.precision == "day" and later.date < earlier.date
