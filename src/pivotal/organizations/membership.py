"""Who was a member when: members with their spells, attributes and notes, and snapshots.

A member ``m`` is counted on day ``d`` when one of its spells contains ``d`` and no suspension
does; a frozen member is still counted (it remains one de jure) and flagged in the notes. A
:class:`Snapshot` is the organization on one day: the counted members, their attributes in
force, and the notes a reader should see.

>>> from pivotal.organizations import load_organization
>>> snap = load_organization("csto").snapshot("2012-05-15")
>>> snap.member_ids
('ARM', 'BLR', 'KAZ', 'KGZ', 'RUS', 'TJK', 'UZB')
>>> snap.rule_text("at least 2/3 of members")  # not a named rule: the text is the rule
'at least 2/3 of members'
>>> snap.game()  # the default rule, consensus, over the seven members of that day
WeightedGame([7; 1, 1, 1, 1, 1, 1, 1])
"""

from __future__ import annotations

import datetime as _dt
import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pivotal.errors import PivotalError
from pivotal.organizations.bodies import Body, Chair, Matter, NamedRule
from pivotal.organizations.provenance import (
    _SOLID,
    STATUSES,
    DateFact,
    Event,
    Period,
    _because,
    _join,
    _words,
    parse_day,
)

if TYPE_CHECKING:
    from pivotal.games import SimpleGame
    from pivotal.organizations.model import Organization

__all__ = ["Member", "MemberAttribute", "Snapshot"]


@dataclass(frozen=True)
class MemberAttribute:
    """One value of a member's numeric attribute (population, votes, quota ...) with its provenance.

    ``start`` is the day from which the value is in force (until the next value's ``start``);
    ``None`` for a single undated value, which is in force at every date. ``end``, when given,
    is the first day the value is no longer in force (half-open, as every period), so a value
    can lapse without a successor (a yearly figure known for one year only).
    """

    value: int | float
    status: str
    sources: tuple[str, ...] = ()
    note: str | None = None
    start: DateFact | None = None
    end: DateFact | None = None

    def describe(self) -> str:
        """``84000000 from 2025-01-01``: the value and, when dated, since when it holds."""
        return (
            f"{self.value}"
            + ("" if self.start is None else f" from {self.start.text}")
            + ("" if self.end is None else f" until {self.end.text}")
        )


@dataclass(frozen=True)
class Member:
    """A state (or other party) that was ever a member, with its spells of membership.

    ``memberships`` are disjoint spells in date order. A member is counted at a date when a spell
    contains it and no ``suspended`` interval does. ``frozen`` intervals (participation frozen by
    the member itself) do not change the count; they are reported in :attr:`Snapshot.notes`.
    ``attributes`` maps each attribute name to its values in date order (one undated value, or
    dated values each in force until the next or until its own end); :meth:`attribute_at` picks
    the one for a day.
    """

    id: str
    name: str
    memberships: tuple[Period, ...]
    suspended: tuple[Period, ...] = ()
    frozen: tuple[Period, ...] = ()
    attributes: Mapping[str, tuple[MemberAttribute, ...]] = field(default_factory=dict)
    events: tuple[Event, ...] = ()
    note: str | None = None

    def __repr__(self) -> str:
        spells = ", ".join(
            f"{p.start.text}..{'' if p.end is None else p.end.text}" for p in self.memberships
        )
        return f"<Member {self.id} {self.name}: {spells}>"

    @property
    def label(self) -> str:
        """``Armenia (ARM)``."""
        return f"{self.name} ({self.id})"

    @property
    def joined(self) -> _dt.date:
        """The first day of the first spell."""
        return self.memberships[0].start.date

    @property
    def left(self) -> _dt.date | None:
        """The day the last spell ended, or ``None`` while it lasts."""
        end = self.memberships[-1].end
        return None if end is None else end.date

    @property
    def status(self) -> str:
        """The weakest status among the facts that define this member's spells and suspensions."""
        return max((f.status for f in self._membership_facts()), key=STATUSES.index)

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source key cited for this member, in first-cited order."""
        keys: dict[str, None] = {}
        for fact in self.all_facts():
            keys.update(dict.fromkeys(fact.sources))
        return tuple(keys)

    def _membership_facts(self) -> Iterable[DateFact]:
        for period in (*self.memberships, *self.suspended):
            yield from period.facts()

    def all_facts(self) -> Iterable[DateFact | Period | MemberAttribute]:
        """Every fact about the member (periods, their ends, attributes, events)."""
        for period in (*self.memberships, *self.suspended, *self.frozen):
            yield period
            yield from period.facts()
        for values in self.attributes.values():
            for value in values:
                yield value
                if value.start is not None:
                    yield value.start
                if value.end is not None:
                    yield value.end
        for event in self.events:
            yield event.date

    def attribute_at(self, name: str, day: _dt.date | str) -> MemberAttribute | None:
        """The value of attribute ``name`` in force on ``day`` (``None`` when it has none then)."""
        day = parse_day(day)
        current = None
        for value in self.attributes.get(name, ()):
            if value.start is None or value.start.date <= day:
                current = value
        if current is not None and current.end is not None and day >= current.end.date:
            return None  # lapsed, with no later value yet
        return current

    def attributes_at(self, day: _dt.date | str) -> dict[str, MemberAttribute]:
        """Every attribute that has a value in force on ``day``, by name."""
        day = parse_day(day)
        out = {}
        for name in self.attributes:
            value = self.attribute_at(name, day)
            if value is not None:
                out[name] = value
        return out

    def spell_at(self, day: _dt.date) -> Period | None:
        """The membership spell that contains ``day``, if any."""
        return next((p for p in self.memberships if p.contains(day)), None)

    def suspension_at(self, day: _dt.date) -> Period | None:
        """The suspension that contains ``day``, if any."""
        return next((p for p in self.suspended if p.contains(day)), None)

    def freeze_at(self, day: _dt.date) -> Period | None:
        """The freeze that contains ``day``, if any."""
        return next((p for p in self.frozen if p.contains(day)), None)

    def is_member_at(self, day: _dt.date | str) -> bool:
        """Counted as a member on ``day``: inside a spell and not suspended."""
        day = parse_day(day)
        return self.spell_at(day) is not None and self.suspension_at(day) is None

    def is_frozen_at(self, day: _dt.date | str) -> bool:
        """Counted as a member on ``day`` but with its participation frozen."""
        day = parse_day(day)
        return self.is_member_at(day) and self.freeze_at(day) is not None

    def notes_at(self, day: _dt.date | str) -> list[str]:
        """Why this member is or is not counted on ``day`` when that rests on something a reader
        should know: a suspension, a freeze, or an uncertain date that bounds its current state."""
        return [f"{self.label} {text}" for text, _ in self._notes_at(parse_day(day))]

    def _notes_at(self, day: _dt.date) -> list[tuple[str, bool]]:
        """Pairs (text after the member's label, may members with equal text share one note)."""
        notes: list[tuple[str, bool]] = []
        spell = self.spell_at(day)
        if spell is not None:
            suspension = self.suspension_at(day)
            freeze = self.freeze_at(day)
            if suspension is not None:
                notes.append(
                    (f"is suspended {_span_text(suspension)}; not counted as a member.", False)
                )
                notes += _uncertain(day, suspension, "suspended from", "suspended until")
            elif freeze is not None:
                notes.append(
                    (
                        f"has frozen its participation {_span_text(freeze)}; "
                        "counted as a member (it remains one de jure).",
                        False,
                    )
                )
                notes += _uncertain(day, freeze, "participation frozen from", "frozen until")
            notes += _uncertain(day, spell, "counted as a member from", "counted until")
            return notes
        before = [p for p in self.memberships if p.end is not None and p.end.date <= day]
        after = [p for p in self.memberships if p.start.date > day]
        # Not counted because of an uncertain date: say so for the dates that bound the gap.
        if before and before[-1].end is not None and before[-1].end.matters_on(day):
            notes.append((f"not counted: membership ended {before[-1].end.describe()}.", True))
        if after and after[0].start.matters_on(day):
            notes.append((f"not counted: membership starts {after[0].start.describe()}.", True))
        return notes


def html_table(title: str, header: list[str], rows: list[list[str]], notes: list[str]) -> str:
    """A small self-contained HTML table (escaped) with a caption and notes below it."""
    esc = html.escape
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    foot = "".join(f"<li>{esc(n)}</li>" for n in notes)
    return (
        f"<div><table><caption>{esc(title)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>" + (f"<ul>{foot}</ul>" if foot else "") + "</div>"
    )


def _uncertain(day: _dt.date, period: Period, start: str, end: str) -> list[tuple[str, bool]]:
    out = []
    for fact, phrase in ((period.start, start), (period.end, end)):
        if fact is None:
            continue
        if fact.matters_on(day):
            out.append((f"{phrase} {fact.describe()}.", True))
    return out


def _span_text(period: Period) -> str:
    if period.end is None:
        return f"since {period.start.text}"
    return f"from {period.start.text} until {period.end.text}"


def _group_notes(items: list[tuple[Member, str, bool]]) -> list[str]:
    # The same uncertain fact often bounds several members (three states left in 1999 on the
    # same inferred date): one note naming them all reads better than three copies.
    groups: dict[tuple[str, int], list[Member]] = {}
    for i, (member, text, shared) in enumerate(items):
        groups.setdefault((text, -1 if shared else i), []).append(member)
    notes = []
    for (text, _), members in groups.items():
        labels = [m.label for m in members]
        who = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
        notes.append(f"{who} {text}")
    return notes


@dataclass(frozen=True)
class Snapshot:
    """An organization on one day: the members counted, their attributes, and what to know.

    ``notes`` say which members are suspended or have frozen their participation, and which
    facts the member set on this day rests on that a reader should check: unverified dates that
    bound a member's current state, and dates known only to the month or year when this day
    falls inside that month or year.
    """

    organization: Organization
    at: _dt.date
    members: tuple[Member, ...]
    notes: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return (
            f"<Snapshot {self.organization.id} {self.at.isoformat()}: {', '.join(self.member_ids)}>"
        )

    def _repr_html_(self) -> str:
        """A table of the day's members, their attributes and notes (Jupyter's display).

        Every text from the file is escaped (``html.escape``): a name is data, never markup.
        """
        names = sorted({n for m in self.members for n in m.attributes_at(self.at)})
        frozen = set(self.frozen_ids)
        rows = []
        for m in self.members:
            values = m.attributes_at(self.at)
            cells = [m.id, m.name, "frozen" if m.id in frozen else ""]
            cells += ["" if n not in values else str(values[n].value) for n in names]
            rows.append(cells)
        title = f"{self.organization.name} ({self.organization.id}) on {self.at.isoformat()}"
        return html_table(title, ["id", "name", "participation", *names], rows, self.notes)

    def to_dict(self) -> dict[str, Any]:
        """What ``pivotal show -f json`` prints: the day's members (with their attributes and
        whether their participation is frozen), groups, bodies with their chair and the matters
        in force, the named rules, and the notes.

        >>> from pivotal.organizations import load_organization
        >>> d = load_organization("csto").snapshot("2025-01-01").to_dict()
        >>> [m["id"] for m in d["members"] if m["frozen"]], d["bodies"][0]["chair"]
        (['ARM'], 'KGZ')
        """
        frozen = set(self.frozen_ids)
        bodies = []
        for body in self.organization.bodies.values():
            matters = []
            for matter_id in body.matters:
                try:
                    entry = self.rule_for(body.id, matter_id)
                except PivotalError:
                    continue  # not in force on this day
                matters.append(
                    {
                        "id": matter_id,
                        "default": matter_id == body.default_matter,
                        "rule": entry.text,
                        "status": entry.status,
                    }
                )
            bodies.append(
                {"id": body.id, "name": body.name, "chair": self.chair(body.id), "matters": matters}
            )
        return {
            "organization": self.organization.id,
            "name": self.organization.name,
            "at": self.at.isoformat(),
            "members": [
                {
                    "id": m.id,
                    "name": m.name,
                    "frozen": m.id in frozen,
                    "attributes": {k: a.value for k, a in m.attributes_at(self.at).items()},
                }
                for m in self.members
            ],
            "groups": {name: list(ids) for name, ids in self.groups.items()},
            "bodies": bodies,
            "rules": dict(self.organization.rules),
            "notes": list(self.notes),
        }

    @property
    def member_ids(self) -> tuple[str, ...]:
        """Ids of the members counted on this day, in file order (the players of the game)."""
        return tuple(m.id for m in self.members)

    @property
    def frozen_ids(self) -> tuple[str, ...]:
        """Ids of counted members whose participation is frozen on this day."""
        return tuple(m.id for m in self.members if m.freeze_at(self.at) is not None)

    @property
    def attributes(self) -> dict[str, dict[str, int | float]]:
        """``{attribute: {member_id: value}}`` for the members counted on this day.

        A dated attribute gives the value in force on this day; a member with no value in force
        then is left out of that attribute.
        """
        out: dict[str, dict[str, int | float]] = {}
        for m in self.members:
            for name, attr in m.attributes_at(self.at).items():
                out.setdefault(name, {})[m.id] = attr.value
        return out

    @property
    def groups(self) -> dict[str, tuple[str, ...]]:
        """``{group: member ids}``: each group's members that are counted on this day."""
        present = self.member_ids
        return {
            name: tuple(m for m in present if m in group.members)
            for name, group in self.organization.groups.items()
        }

    def chair(self, body: str | None = None) -> str | None:
        """The id of the member chairing ``body`` (default: the first body) on this day."""
        entry = self.chair_entry(body)
        return None if entry is None else entry.member

    def chair_entry(self, body: str | None = None) -> Chair | None:
        """The chair entry (with its dates and provenance) in force on this day, if any."""
        return next((c for c in self.organization.chairs_of(body) if c.contains(self.at)), None)

    def rule_for(self, body: str | None = None, matter: str | None = None) -> Matter:
        """The matter entry in force on this day (default body: the first one of the file;
        default matter: the body's ``default_matter``).

        >>> from pivotal.organizations import load_organization
        >>> entry = load_organization("csto").snapshot("2012-05-15").rule_for("csc")
        >>> entry.id, entry.text, entry.legal_basis
        ('non_procedural', 'consensus', 'Charter Art. 12')
        """
        return self.organization.body(body).matter(matter, self.at)

    def _resolve(
        self, rule: str | None, body: str | None, matter: str | None
    ) -> tuple[str, Body | None, Matter | None, NamedRule | None]:
        """(rule text, body, matter entry, named rule) for a choice of rule or body/matter."""
        org = self.organization
        if rule is not None:
            if matter is not None:
                raise PivotalError(
                    "matter",
                    "either a rule or a matter, not both",
                    f"rule {rule!r} and matter {matter!r}",
                    "Drop the matter to use your rule, or drop the rule to use the matter's.",
                )
            chosen = None if body is None else org.body(body)
            return org.rules.get(rule, rule), chosen, None, org.rule_details.get(rule)
        if body is None and matter is None:
            if org.default_rule is not None:
                name = org.default_rule
                return org.rules[name], None, None, org.rule_details[name]
            if not org.bodies:
                raise PivotalError(
                    "rule",
                    "a rule (the organization file names no default_rule and no bodies)",
                    "none",
                    f"Pass a rule such as 'consensus', or add 'default_rule:' to {org.id}'s file.",
                )
        entry = self.rule_for(body, matter)
        return entry.text, org.bodies[entry.body], entry, org.rule_details.get(entry.rule)

    def rule_text(
        self, rule: str | None = None, body: str | None = None, matter: str | None = None
    ) -> str:
        """The text of a rule: a named rule of the organization (any other string is taken as
        rule text), or the rule of a body's matter in force on this day.

        With nothing given: the organization's ``default_rule``, or else the default matter of
        its first body.
        """
        return self._resolve(rule, body, matter)[0]

    def players(
        self,
        rule: str | None = None,
        body: str | None = None,
        matter: str | None = None,
        participants: Iterable[str] | None = None,
    ) -> tuple[str, ...]:
        """The member ids that vote under a choice of rule or body/matter (the game's players).

        ``participants`` (a subset of the members that sit on the body) fixes them; otherwise
        they are the members that sit on the body, less those whose participation is frozen
        when the matter is decided in a limited format.
        """
        return self._players(*self._resolve(rule, body, matter)[1:3], participants)

    def _players(
        self, body: Body | None, entry: Matter | None, participants: Iterable[str] | None
    ) -> tuple[str, ...]:
        seated = self.member_ids
        if body is not None and body.seats != "all":
            seated = self.groups[body.seats]
        if participants is not None:
            if isinstance(participants, str):
                participants = [participants]
            chosen = list(participants)
            for pid in chosen:
                if pid not in self.member_ids:
                    raise PivotalError(
                        "participants",
                        f"members of {self.organization.id} on {self.at.isoformat()}: "
                        + ", ".join(self.member_ids),
                        repr(pid),
                        "Give the ids of members counted on that day.",
                    )
                if pid not in seated:
                    assert body is not None
                    raise PivotalError(
                        "participants",
                        f"members that sit on {body.id} ({body.seats}): " + ", ".join(seated),
                        repr(pid),
                        f"Give members of the group '{body.seats}'.",
                    )
            if not chosen:
                raise PivotalError(
                    "participants", "at least one member", "none", "Name who takes part."
                )
            return tuple(m for m in seated if m in chosen)
        if entry is not None and entry.abstention == "limited_format":
            frozen = set(self.frozen_ids)
            return tuple(m for m in seated if m not in frozen)
        return seated

    def game(
        self,
        rule: str | None = None,
        body: str | None = None,
        matter: str | None = None,
        host: str | None = None,
        participants: Iterable[str] | None = None,
    ) -> SimpleGame:
        """Compile a rule into a game whose players are this day's members.

        The rule is ``rule`` (a rule name of the file or inline rule text) or the rule of
        ``body``'s ``matter`` in force on this day; with neither, the organization's default
        rule (or its first body's default matter). Players: see :meth:`players`. Groups (for
        ``all of GROUP``) are this day's :attr:`groups` restricted to the players; ``host`` is
        the member on whose territory a decision applies (``requested by the host``).

        >>> from pivotal.organizations import load_organization
        >>> snap = load_organization("csto").snapshot("2025-01-01")
        >>> snap.game(body="csc").players
        ('ARM', 'BLR', 'KAZ', 'KGZ', 'RUS', 'TJK')
        >>> snap.game(body="csc", matter="limited_format").players  # Armenia's freeze
        ('BLR', 'KAZ', 'KGZ', 'RUS', 'TJK')
        """
        # Imported here so that loading data never needs the rule parser (and no import cycle).
        from pivotal.rules import compile_rule

        text, chosen, entry, _ = self._resolve(rule, body, matter)
        players = self._players(chosen, entry, participants)
        groups = {name: tuple(m for m in ids if m in players) for name, ids in self.groups.items()}
        # The chair of this day, for rules that name it ('requested by the chair', a casting vote).
        body_id = None if chosen is None else chosen.id
        chair = self.chair(body_id) if self.organization.bodies else None
        return compile_rule(text, players, self.attributes, groups=groups, host=host, chair=chair)

    def provenance(
        self,
        rule: str | None = None,
        body: str | None = None,
        matter: str | None = None,
        participants: Iterable[str] | None = None,
    ) -> list[str]:
        """Notes on every fact a result for this rule on this day rests on that is not verified.

        The membership notes (:attr:`notes`), then who is left out under a limited format, the
        status of the rule or matter entry, of the groups it names or seats, and of the member
        attributes it uses (those whose names appear in the rule text).

        >>> from pivotal.organizations import load_organization
        >>> notes = load_organization("csto").snapshot("2012-05-15").provenance(body="csc")
        >>> print(notes[-1])  # doctest: +ELLIPSIS
        The rule of 'Non-procedural decisions' in Collective Security Council (csc.non_procedural),
        'consensus' (Charter Art. 12), is partly verified: consensus, one vote per member, ...
        """
        text, chosen, entry, named = self._resolve(rule, body, matter)
        players = self._players(chosen, entry, participants)
        out = list(self.notes)
        members = {m.id: m for m in self.members}
        left_out = [m for m in self._players(chosen, None, None) if m not in players]
        if left_out and participants is None and entry is not None:
            labels = _join([members[m].label for m in left_out])
            out.append(
                f"{labels} {'takes' if len(left_out) == 1 else 'take'} no part: "
                f"{_matter_label(self.organization, entry)} is decided in a limited format, "
                "without the members whose participation is frozen."
            )
        # Names in rule text are case-insensitive, like the rule language's keywords.
        words = {w.lower() for w in re.findall(r"\w+", text)}
        if entry is not None and entry.status not in _SOLID:
            basis = f" ({entry.legal_basis})" if entry.legal_basis else ""
            out.append(
                f"The rule of {_matter_label(self.organization, entry)}, "
                f"'{entry.text}'{basis}, is {_words(entry.status)}{_because(entry.note)}"
            )
        # A matter that names a rule rests on both; say the rule's own status unless the matter
        # entry already says the same on the same sources.
        if (
            named is not None
            and named.status not in _SOLID
            and (entry is None or (entry.status, entry.sources) != (named.status, named.sources))
        ):
            out.append(
                f"The rule '{named.name}' ('{named.text}') is {_words(named.status)}"
                + _because(named.note)
            )
        group_ids = [g for g in self.organization.groups if g.lower() in words]
        if chosen is not None and chosen.seats != "all" and chosen.seats not in group_ids:
            group_ids.insert(0, chosen.seats)
        for gid in group_ids:
            group = self.organization.groups[gid]
            if group.status not in _SOLID:
                out.append(
                    f"The group '{gid}' ({', '.join(group.members)}) is {_words(group.status)}"
                    + _because(group.note)
                )
        names = sorted({n for m in self.members for n in m.attributes if n.lower() in words})
        for name in names:
            weak: dict[str, list[str]] = {}
            for pid in players:
                value = members[pid].attribute_at(name, self.at)
                if value is not None and value.status not in _SOLID:
                    shown = f"{members[pid].label} {value.describe()}"
                    if value.note:
                        shown += f" ({value.note})"
                    weak.setdefault(value.status, []).append(shown)
            for status, items in weak.items():
                out.append(f"The {name} values used are {_words(status)} for " + _join(items) + ".")
        return out


def _matter_label(org: Organization, entry: Matter) -> str:
    body = org.bodies[entry.body]
    return f"'{entry.name}' in {body.name} ({body.id}.{entry.id})"
