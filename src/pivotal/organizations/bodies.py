"""Where an organization decides: named rules, groups, bodies with their matters, and chairs.

A body (a council) decides each kind of matter by a rule; a matter may change its rule over time
(entries with half-open intervals ``[from, to)``), so the rule of a matter on day ``d`` is the
entry whose interval contains ``d``.

>>> from pivotal.organizations import load_organization
>>> body = load_organization("eu_council").body()
>>> body.matter(at="2010-01-01").span, body.matter(at="2020-01-01").span
('from 2007-01-01 until 2013-07-01', 'from 2014-11-01')
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass

from pivotal.errors import PivotalError
from pivotal.organizations.provenance import DateFact, Period, parse_day

__all__ = ["ABSTENTIONS", "Body", "Chair", "Group", "Matter", "NamedRule"]


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
