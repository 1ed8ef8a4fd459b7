"""What an organization file describes: members over time, their facts, and the rules it votes by.

Every fact carries a ``status`` (how well its source supports it) and the keys of its sources, so
that a result computed from the data can say which unverified facts it rests on.

Periods are half-open: a spell ``joined 1994-04-20, left 1999-04-20`` counts the state as a member
on 1994-04-20 and not on 1999-04-20. The same holds for ``suspended`` and ``frozen`` intervals, for
chairs, and for the interval in which a matter's rule is in force.

>>> from pivotal.organizations import load_organization
>>> csto = load_organization("csto")
>>> snap = csto.snapshot("2012-05-15")
>>> snap.member_ids
('ARM', 'BLR', 'KAZ', 'KGZ', 'RUS', 'TJK', 'UZB')
>>> snap.rule_text("consensus")
'consensus'
>>> snap.rule_text("at least 2/3 of members")  # not a named rule: the text is the rule
'at least 2/3 of members'
>>> snap.game()  # the default rule, consensus, over the seven members of that day
WeightedGame([7; 1, 1, 1, 1, 1, 1, 1])
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from pivotal.errors import PivotalError

if TYPE_CHECKING:
    from pivotal.games import SimpleGame

__all__ = [
    "ABSTENTIONS",
    "STATUSES",
    "Body",
    "Chair",
    "DateFact",
    "Document",
    "Event",
    "Group",
    "Matter",
    "Member",
    "MemberAttribute",
    "NamedRule",
    "Organization",
    "Period",
    "Ratification",
    "RatificationRow",
    "Signature",
    "Snapshot",
    "parse_day",
]

Precision = Literal["day", "month", "year"]

#: Allowed values of ``status``, strongest first.
STATUSES: tuple[str, ...] = ("verified", "derived", "partly_verified", "unverified")


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_day(value: _dt.date | str, parameter: str = "at") -> _dt.date:
    """Turn a ``date`` or an ISO ``YYYY-MM-DD`` string into a ``date``.

    A query date must name a day: a month such as ``2012-05`` is ambiguous when a member joins or
    leaves within it, so it is refused rather than silently read as the first of the month.

    >>> parse_day("2012-05-15")
    datetime.date(2012, 5, 15)
    """
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip()
    if _DAY.match(text):
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise PivotalError(
        parameter,
        "a date as YYYY-MM-DD (or a datetime.date)",
        repr(value),
        "Write the day in full, for example 2012-05-15.",
    )


@dataclass(frozen=True)
class DateFact:
    """A dated fact: when something happened, how precisely that is known, and on whose word.

    ``precision`` is ``"month"`` or ``"year"`` when the source gives no day; ``date`` is then the
    first day of that month or year, and ``text`` keeps what the file said (``"1993-09"``).
    """

    date: _dt.date
    status: str
    sources: tuple[str, ...] = ()
    note: str | None = None
    precision: Precision = "day"
    text: str = ""

    def __post_init__(self) -> None:
        if not self.text:
            object.__setattr__(self, "text", self.date.isoformat())

    def matters_on(self, day: _dt.date) -> bool:
        """Whether a result for ``day`` that this date bounds should warn about it.

        An unverified fact matters for the whole state it bounds, since nothing says how far off
        it may be. An imprecise date matters only inside the month or year it stands for. A
        partly verified fact is sourced in its gist, so it alone raises no warning.
        """
        return self.status == "unverified" or self.covers(day)

    def covers(self, day: _dt.date) -> bool:
        """True when ``day`` lies inside the month or year that an imprecise date stands for."""
        if self.precision == "month":
            return (day.year, day.month) == (self.date.year, self.date.month)
        if self.precision == "year":
            return day.year == self.date.year
        return False

    def describe(self) -> str:
        """``1999-04-20 (unverified; inferred ...)``: the date with its provenance, for notes."""
        bits = [self.status]
        if self.precision != "day":
            bits.append(f"known to the {self.precision} only, counted from {self.date.isoformat()}")
        if self.note:
            bits.append(self.note)
        return f"{self.text} ({'; '.join(bits)})"


@dataclass(frozen=True)
class Period:
    """A half-open interval ``[start, end)``: a membership spell, a suspension, a freeze.

    ``end`` is ``None`` while the period lasts. The period's own ``status``, ``sources`` and
    ``note`` describe the entry as a whole; each end may carry its own when they differ (for
    example a verified accession and an inferred departure).
    """

    start: DateFact
    end: DateFact | None
    status: str
    sources: tuple[str, ...] = ()
    note: str | None = None

    def contains(self, day: _dt.date) -> bool:
        """True when ``day`` is inside the period (start included, end excluded)."""
        return self.start.date <= day and (self.end is None or day < self.end.date)

    def facts(self) -> tuple[DateFact, ...]:
        """The period's ends, for checks that walk every fact."""
        return (self.start,) if self.end is None else (self.start, self.end)


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
class Event:
    """Something that happened, kept for the record and for timelines; it changes no member set."""

    date: DateFact
    event: str

    @property
    def status(self) -> str:
        return self.date.status

    @property
    def sources(self) -> tuple[str, ...]:
        return self.date.sources


@dataclass(frozen=True)
class NamedRule:
    """A named decision rule: its text (parsed by :mod:`pivotal.rules`) and where it comes from."""

    name: str
    text: str
    status: str
    sources: tuple[str, ...] = ()
    note: str | None = None


#: Allowed values of a matter's ``abstention``: how members that do not take part count.
ABSTENTIONS: tuple[str, ...] = ("absence_blocks", "limited_format")


@dataclass(frozen=True)
class Group:
    """A named group of members (``permanent``), for rules (``all of permanent``) and seats."""

    id: str
    members: tuple[str, ...]
    status: str
    sources: tuple[str, ...] = ()
    note: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class Matter:
    """One entry of a body's matters: the rule a kind of decision is taken by, and since when.

    ``rule`` is as written in the file (a name from ``rules:`` or inline rule text); ``text`` is
    the rule text it stands for. ``start``/``end`` bound the half-open interval in which this
    entry is in force (``None``: unbounded); a matter may have several entries over time (the EU
    Council's qualified majority under Nice, then under Lisbon). ``abstention`` says how members
    that take no part count: ``absence_blocks`` (every member of the body is a player, so an
    absent one blocks a consensus) or ``limited_format`` (members whose participation is frozen
    are left out and the others decide among themselves).
    """

    id: str
    body: str
    name: str
    rule: str
    text: str
    status: str
    sources: tuple[str, ...] = ()
    note: str | None = None
    abstention: str = "absence_blocks"
    start: DateFact | None = None
    end: DateFact | None = None
    legal_basis: str | None = None

    def in_force(self, day: _dt.date | str) -> bool:
        """True when ``day`` lies in this entry's interval."""
        day = parse_day(day)
        return (self.start is None or self.start.date <= day) and (
            self.end is None or day < self.end.date
        )

    @property
    def span(self) -> str:
        """``from 2014-11-01``, ``until 2014-11-01``, ``from ... until ...`` or ``always``."""
        bits = []
        if self.start is not None:
            bits.append(f"from {self.start.text}")
        if self.end is not None:
            bits.append(f"until {self.end.text}")
        return " ".join(bits) or "always"


@dataclass(frozen=True)
class Body:
    """A body that takes decisions (a council, a committee), who sits on it and its matters.

    ``seats`` is ``"all"`` (every member counted on the day) or the id of a group. ``matters``
    maps each matter id to its entries in date order (see :class:`Matter`).
    """

    id: str
    name: str
    matters: Mapping[str, tuple[Matter, ...]]
    default_matter: str | None
    seats: str = "all"
    status: str | None = None
    sources: tuple[str, ...] = ()
    note: str | None = None

    def __repr__(self) -> str:
        return f"<Body {self.id}: {self.name}; matters {', '.join(self.matters)}>"

    def matter(self, matter: str | None = None, at: _dt.date | str | None = None) -> Matter:
        """The entry of ``matter`` (default: :attr:`default_matter`) in force on ``at``.

        ``at=None`` takes the entry in force today, or the latest entry when none is.
        """
        if matter is None:
            if self.default_matter is None:  # pragma: no cover - the loader always sets one
                raise PivotalError(
                    "matter", "a matter of " + self.id, "none", "Name the matter to decide."
                )
            matter = self.default_matter
        entries = self.matters.get(matter)
        if entries is None:
            raise PivotalError(
                "matter",
                f"a matter of {self.id}: " + ", ".join(f"'{m}'" for m in self.matters),
                repr(matter),
                f"Use one of the matters of the body '{self.id}'.",
            )
        day = _dt.date.today() if at is None else parse_day(at)
        for entry in entries:
            if entry.in_force(day):
                return entry
        if at is None:
            return entries[-1]
        spans = "; ".join(e.span for e in entries)
        raise PivotalError(
            "at",
            f"a date when the matter '{matter}' of {self.id} has a rule in force ({spans})",
            day.isoformat(),
            "Pick a date inside one of those intervals, or another matter.",
        )


@dataclass(frozen=True)
class Chair:
    """Who chairs a body over a half-open period."""

    body: str
    member: str
    period: Period

    @property
    def start(self) -> DateFact:
        return self.period.start

    @property
    def end(self) -> DateFact | None:
        return self.period.end

    @property
    def status(self) -> str:
        return self.period.status

    @property
    def sources(self) -> tuple[str, ...]:
        return self.period.sources

    @property
    def note(self) -> str | None:
        return self.period.note

    def contains(self, day: _dt.date) -> bool:
        return self.period.contains(day)


@dataclass(frozen=True)
class Signature:
    """When and where a document was signed."""

    date: DateFact
    place: str | None = None


@dataclass(frozen=True)
class Ratification:
    """A member's ratification of (or accession to) a document.

    ``date`` is ``None`` when a source says the member ratified but not when; such a
    ratification counts from the document's entry into force (or, if that is not recorded, from
    its signature).
    """

    member: str
    date: DateFact | None
    status: str
    sources: tuple[str, ...] = ()
    note: str | None = None
    act: str | None = None


@dataclass(frozen=True)
class Document:
    """A founding or amending document: its signature, signatories, ratifications, entry into force.

    ``in_force`` is the day it entered into force; ``None`` either because it is not in force
    (the file says ``in_force: null``) or because the file does not record it
    (``in_force_recorded`` is then ``False``).
    """

    id: str
    name: str
    status: str
    sources: tuple[str, ...] = ()
    note: str | None = None
    signed: Signature | None = None
    signatories: tuple[str, ...] = ()
    signatories_status: str | None = None
    signatories_sources: tuple[str, ...] = ()
    signatories_note: str | None = None
    in_force: DateFact | None = None
    in_force_recorded: bool = False
    ratifications: tuple[Ratification, ...] = ()
    amends: str | None = None

    def ratification(self, member: str) -> Ratification | None:
        """The member's ratification, if the file records one."""
        return next((r for r in self.ratifications if r.member == member), None)

    def ratified_by(self, member: str, at: _dt.date | None = None) -> bool:
        """Whether a ratification by ``member`` is recorded (and, with ``at``, done by then)."""
        entry = self.ratification(member)
        if entry is None:
            return False
        if at is None:
            return True
        if entry.date is not None:
            return entry.date.date <= at
        bound = self.in_force or (self.signed.date if self.signed is not None else None)
        return bound is None or bound.date <= at


@dataclass(frozen=True)
class RatificationRow:
    """One row of :meth:`Organization.ratification_table`.

    ``ratified`` is the day of ratification, or ``None`` when it is not known (``status`` is
    ``"unknown"`` when no ratification is recorded at all; a recorded ratification without a
    day keeps its own status and says so in ``note``). ``ratified_text`` is the date as the file
    gives it (``1993-09`` when only the month is known; ``ratified`` is then its first day).
    """

    document: str
    member: str
    signed: bool
    ratified: _dt.date | None
    status: str
    act: str | None = None
    sources: tuple[str, ...] = ()
    note: str | None = None
    ratified_text: str | None = None


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


class Organization:
    """An organization loaded from a file: every member it ever had, its rules and sources.

    Build one with :func:`pivotal.organizations.load_organization`; the constructor trusts that
    the loader has validated its input.
    """

    def __init__(
        self,
        *,
        id: str,
        name: str,
        description: str = "",
        members: Iterable[Member],
        rules: Mapping[str, NamedRule],
        default_rule: str | None,
        sources: Mapping[str, str],
        events: Iterable[Event] = (),
        as_of: _dt.date | None = None,
        path: str = "",
        groups: Mapping[str, Group] | None = None,
        bodies: Iterable[Body] = (),
        chairs: Iterable[Chair] = (),
        documents: Iterable[Document] = (),
    ) -> None:
        self.id = id
        self.name = name
        self.description = description
        self.members: tuple[Member, ...] = tuple(members)
        self.rule_details: dict[str, NamedRule] = dict(rules)
        self.rules: dict[str, str] = {k: r.text for k, r in self.rule_details.items()}
        self.default_rule = default_rule
        self.sources: dict[str, str] = dict(sources)
        self.events: tuple[Event, ...] = tuple(events)
        self.as_of = as_of
        self.path = path
        self.groups: dict[str, Group] = dict(groups or {})
        self.bodies: dict[str, Body] = {b.id: b for b in bodies}
        self.chairs: tuple[Chair, ...] = tuple(chairs)
        self.documents: dict[str, Document] = {d.id: d for d in documents}

    def __repr__(self) -> str:
        return f"<Organization {self.id!r}: {self.name}, {len(self.members)} members ever>"

    def member(self, member_id: str) -> Member:
        """The member with this id (any date)."""
        for m in self.members:
            if m.id == member_id:
                return m
        raise PivotalError(
            "member",
            "one of " + ", ".join(m.id for m in self.members),
            member_id,
            f"Use a member id of {self.id}.",
        )

    def body(self, body_id: str | None = None) -> Body:
        """The body with this id (default: the first body of the file).

        >>> from pivotal.organizations import load_organization
        >>> load_organization("csto").body("csc").name
        'Collective Security Council'
        """
        if not self.bodies:
            raise PivotalError(
                "body",
                "a body of the organization",
                f"{self.id} defines no bodies",
                f"Add 'bodies:' to {self.id}'s file, or pass a rule instead.",
            )
        if body_id is None:
            return next(iter(self.bodies.values()))
        body = self.bodies.get(body_id)
        if body is None:
            raise PivotalError(
                "body",
                "one of " + ", ".join(f"'{b}'" for b in self.bodies),
                repr(body_id),
                f"Use a body id of {self.id}.",
            )
        return body

    def document(self, document_id: str) -> Document:
        """The document with this id; an unknown id is an error that lists the valid ones."""
        document = self.documents.get(document_id)
        if document is None:
            raise PivotalError(
                "document",
                "one of " + ", ".join(f"'{d}'" for d in self.documents)
                if self.documents
                else f"a document ({self.id} records none)",
                repr(document_id),
                f"Use a document id of {self.id}.",
            )
        return document

    def chairs_of(self, body: str | None = None) -> tuple[Chair, ...]:
        """The chairs of a body (default: the first body) in date order."""
        body_id = self.body(body).id
        return tuple(
            sorted((c for c in self.chairs if c.body == body_id), key=lambda c: c.start.date)
        )

    def ratification_table(self) -> list[RatificationRow]:
        """One row per document and member that signed or ratified it, in file order.

        >>> from pivotal.organizations import load_organization
        >>> row = next(r for r in load_organization("csto").ratification_table()
        ...            if (r.document, r.member) == ("charter", "RUS"))
        >>> row.signed, row.ratified, row.act
        (True, datetime.date(2003, 5, 26), 'Federal Law No. 56-FZ')
        """
        rows = []
        order = [m.id for m in self.members]
        for doc in self.documents.values():
            involved = set(doc.signatories) | {r.member for r in doc.ratifications}
            for member in (m for m in order if m in involved):
                entry = doc.ratification(member)
                signed = member in doc.signatories
                if entry is None:
                    rows.append(
                        RatificationRow(
                            doc.id, member, signed, None, "unknown", note="no ratification recorded"
                        )
                    )
                    continue
                note = entry.note
                if entry.date is None:
                    bound = "entry into force" if doc.in_force is not None else "signature"
                    extra = f"day not recorded; counted from the document's {bound}"
                    note = f"{note}; {extra}" if note else extra
                rows.append(
                    RatificationRow(
                        doc.id,
                        member,
                        signed,
                        None if entry.date is None else entry.date.date,
                        entry.status,
                        entry.act,
                        entry.sources,
                        note,
                        None if entry.date is None else entry.date.text,
                    )
                )
        return rows

    def holdouts(self, document_id: str, at: _dt.date | str | None = None) -> tuple[str, ...]:
        """Signatories of a document with no ratification recorded (by ``at``, when given).

        A signatory the file records no ratification for counts as a holdout: the answer is
        "not known to have ratified", which the row status ``unknown`` in
        :meth:`ratification_table` makes explicit.

        >>> from pivotal.organizations import load_organization
        >>> load_organization("csto").holdouts("charter_protocol_2010", at="2012-01-01")
        ('ARM', 'BLR', 'KGZ', 'RUS', 'TJK', 'UZB')
        """
        doc = self.document(document_id)
        day = None if at is None else parse_day(at)
        return tuple(m for m in doc.signatories if not doc.ratified_by(m, day))

    @property
    def first_date(self) -> _dt.date:
        """The first day on which the organization had a member."""
        return min(m.joined for m in self.members)

    def members_at(self, at: _dt.date | str) -> list[Member]:
        """Members counted on ``at`` (suspended ones excluded, frozen ones included), in file order.

        >>> from pivotal.organizations import load_organization
        >>> [m.id for m in load_organization("csto").members_at("2013-01-01")]
        ['ARM', 'BLR', 'KAZ', 'KGZ', 'RUS', 'TJK']
        """
        day = parse_day(at)
        members = [m for m in self.members if m.is_member_at(day)]
        if members:
            return members
        first = self.first_date
        if day < first:
            raise PivotalError(
                "at",
                f"a date on or after {first.isoformat()}, the first date with members of {self.id}",
                day.isoformat(),
                f"Pick a date on or after {first.isoformat()}; before it {self.name} had no "
                "members in force.",
            )
        spans = ", ".join(_span(d, e) for d, e in self._populated_spans())
        raise PivotalError(
            "at",
            f"a date when {self.id} had members ({spans})",
            day.isoformat(),
            "Pick a date inside one of those periods.",
        )

    def snapshot(self, at: _dt.date | str | None = None) -> Snapshot:
        """The organization as it stood on ``at`` (``None``: today): members, attributes, notes.

        >>> from pivotal.organizations import load_organization
        >>> snap = load_organization("csto").snapshot("2025-01-01")
        >>> len(snap.members), snap.frozen_ids
        (6, ('ARM',))
        """
        day = _dt.date.today() if at is None else parse_day(at)
        members = tuple(self.members_at(day))
        notes = _group_notes(
            [(m, text, shared) for m in self.members for text, shared in m._notes_at(day)]
        )
        if self.as_of is not None and day > self.as_of:
            notes.append(
                f"The {self.id} data are complete up to {self.as_of.isoformat()}; "
                "changes after that date are not included."
            )
        return Snapshot(organization=self, at=day, members=members, notes=notes)

    def membership_changes(self, *, include_frozen: bool = False) -> list[_dt.date]:
        """Sorted dates on which the set of counted members changes (the first date included).

        With ``include_frozen``, dates on which a member freezes or unfreezes its participation
        count as changes too (the member set stays the same, but a timeline may want to show them).

        >>> from pivotal.organizations import load_organization
        >>> [d.isoformat() for d in load_organization("csto").membership_changes()]
        ['1994-04-20', '1999-04-20', '2006-06-23', '2012-12-19']
        """
        candidates: set[_dt.date] = set()
        for m in self.members:
            periods = [*m.memberships, *m.suspended, *(m.frozen if include_frozen else ())]
            for p in periods:
                candidates.update(f.date for f in p.facts())

        def state(day: _dt.date) -> tuple[tuple[str, bool], ...]:
            return tuple(
                (m.id, include_frozen and m.freeze_at(day) is not None)
                for m in self.members
                if m.is_member_at(day)
            )

        one_day = _dt.timedelta(days=1)
        return sorted(d for d in candidates if state(d) != state(d - one_day))

    def _populated_spans(self) -> list[tuple[_dt.date, _dt.date | None]]:
        changes = self.membership_changes()
        spans: list[tuple[_dt.date, _dt.date | None]] = []
        for i, d in enumerate(changes):
            if any(m.is_member_at(d) for m in self.members):
                end = changes[i + 1] if i + 1 < len(changes) else None
                if spans and spans[-1][1] == d:
                    spans[-1] = (spans[-1][0], end)
                else:
                    spans.append((d, end))
        return spans


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


def _span(start: _dt.date, end: _dt.date | None) -> str:
    return f"{start.isoformat()} to {'today' if end is None else end.isoformat()}"


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


#: Statuses that need no warning: the source says it, or it is computed from what sources say.
_SOLID = ("verified", "derived")


def _words(status: str) -> str:
    return status.replace("_", " ")


def _because(note: str | None) -> str:
    """``: the note.`` (ending in one full stop), or ``.`` without a note."""
    if not note:
        return "."
    note = note.strip()
    return f": {note}" + ("" if note.endswith((".", "!", "?")) else ".")


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _matter_label(org: Organization, entry: Matter) -> str:
    body = org.bodies[entry.body]
    return f"'{entry.name}' in {body.name} ({body.id}.{entry.id})"
