"""What an organization file describes: members over time, their facts, and the rules it votes by.

Every fact carries a ``status`` (how well its source supports it) and the keys of its sources, so
that a result computed from the data can say which unverified facts it rests on.

Periods are half-open: a spell ``joined 1994-04-20, left 1999-04-20`` counts the state as a member
on 1994-04-20 and not on 1999-04-20. The same holds for ``suspended`` and ``frozen`` intervals.

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
    "STATUSES",
    "DateFact",
    "Event",
    "Member",
    "MemberAttribute",
    "NamedRule",
    "Organization",
    "Period",
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
    """A member's numeric attribute (population, votes, quota ...) with its provenance."""

    value: int | float
    status: str
    sources: tuple[str, ...] = ()
    note: str | None = None


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


@dataclass(frozen=True)
class Member:
    """A state (or other party) that was ever a member, with its spells of membership.

    ``memberships`` are disjoint spells in date order. A member is counted at a date when a spell
    contains it and no ``suspended`` interval does. ``frozen`` intervals (participation frozen by
    the member itself) do not change the count; they are reported in :attr:`Snapshot.notes`.
    """

    id: str
    name: str
    memberships: tuple[Period, ...]
    suspended: tuple[Period, ...] = ()
    frozen: tuple[Period, ...] = ()
    attributes: Mapping[str, MemberAttribute] = field(default_factory=dict)
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
        yield from self.attributes.values()
        for event in self.events:
            yield event.date

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
        """``{attribute: {member_id: value}}`` for the members counted on this day."""
        out: dict[str, dict[str, int | float]] = {}
        for m in self.members:
            for name, attr in m.attributes.items():
                out.setdefault(name, {})[m.id] = attr.value
        return out

    def rule_text(self, rule: str | None = None) -> str:
        """The text of a named rule of the organization; any other string is taken as rule text.

        ``None`` gives the organization's default rule.
        """
        org = self.organization
        if rule is None:
            if org.default_rule is None:
                raise PivotalError(
                    "rule",
                    "a rule (the organization file names no default_rule)",
                    "none",
                    f"Pass a rule such as 'consensus', or add 'default_rule:' to {org.id}'s file.",
                )
            rule = org.default_rule
        return org.rules.get(rule, rule)

    def game(self, rule: str | None = None) -> SimpleGame:
        """Compile a rule (named or inline; default: the organization's default) into a game
        whose players are this day's members."""
        # Imported here so that loading data never needs the rule parser (and no import cycle).
        from pivotal.rules import compile_rule

        return compile_rule(self.rule_text(rule), self.member_ids, self.attributes)
