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
from collections.abc import Iterable, Mapping

from pivotal.errors import PivotalError
from pivotal.organizations.bodies import ABSTENTIONS, Body, Chair, Group, Matter, NamedRule
from pivotal.organizations.documents import (
    RATIFICATION_OUTCOMES,
    RATIFICATION_STATES,
    Document,
    Ratification,
    RatificationRow,
    Signature,
    _ratification_row,
)
from pivotal.organizations.membership import (
    Member,
    MemberAttribute,
    Snapshot,
    _group_notes,
    html_table,
)
from pivotal.organizations.provenance import (
    STATUSES,
    DateFact,
    Event,
    Period,
    Precision,
    parse_day,
)

__all__ = [
    "ABSTENTIONS",
    "RATIFICATION_OUTCOMES",
    "RATIFICATION_STATES",
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
    "Precision",
    "Ratification",
    "RatificationRow",
    "Signature",
    "Snapshot",
    "parse_day",
]


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

    def _repr_html_(self) -> str:
        """Every member the organization ever had, with its spells and notes (Jupyter's display);
        texts are escaped (``html.escape``)."""
        rows = []
        for m in self.members:
            spells = ", ".join(
                f"{p.start.text} to {'' if p.end is None else p.end.text}".rstrip()
                for p in m.memberships
            )
            rows.append([m.id, m.name, spells, ", ".join(sorted(m.attributes)), m.note or ""])
        notes = [f"bodies: {', '.join(self.bodies)}"] if self.bodies else []
        if self.as_of is not None:
            notes.append(f"facts complete up to {self.as_of.isoformat()}")
        return html_table(
            f"{self.name} ({self.id}): {len(self.members)} members ever",
            ["id", "name", "memberships", "attributes", "note"],
            rows,
            notes,
        )

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

    def ratification_table(
        self, at: _dt.date | str | None = None, document: str | None = None
    ) -> list[RatificationRow]:
        """One row per document and member that signed it or has a ratification entry, in file
        order, with the member's state on ``at`` (``None``: everything the file records).

        >>> from pivotal.organizations import load_organization
        >>> csto = load_organization("csto")
        >>> row = next(r for r in csto.ratification_table()
        ...            if (r.document, r.member) == ("charter", "RUS"))
        >>> row.signed, row.ratified, row.act, row.state
        (True, datetime.date(2003, 5, 26), 'Federal Law No. 56-FZ', 'ratified')
        >>> [(r.member, r.state) for r in csto.ratification_table("2012-01-01",
        ...     "charter_protocol_2010") if r.member in ("KAZ", "RUS", "ARM")]
        [('ARM', 'not recorded'), ('KAZ', 'ratified'), ('RUS', 'not ratified')]
        """
        day = None if at is None else parse_day(at)
        docs = self.documents.values() if document is None else [self.document(document)]
        rows = []
        order = [m.id for m in self.members]
        for doc in docs:
            involved = set(doc.signatories) | {r.member for r in doc.ratifications}
            for member in (m for m in order if m in involved):
                rows.append(_ratification_row(doc, member, day))
        return rows

    def holdouts(self, document_id: str, at: _dt.date | str | None = None) -> tuple[str, ...]:
        """Signatories of a document not known to have ratified it (by ``at``, when given).

        These are the rows of :meth:`ratification_table` in the states ``not ratified`` and
        ``not recorded``: "not known to have ratified", which is not a refusal, nor, for a
        document in force, an obstruction. Use the rows' ``state`` to tell the two apart.

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
        # The set changes on a day exactly when some member's own state changes on it, so each
        # member is looked at on its own dates only: O(facts), not O(members x dates).
        changes: set[_dt.date] = set()
        for m in self.members:
            changes.update(d for d, _ in _member_changes(m, include_frozen))
        return sorted(changes)

    def _populated_spans(self) -> list[tuple[_dt.date, _dt.date | None]]:
        # A sweep over every member's entries and exits, counting who is in.
        delta: dict[_dt.date, int] = {}
        for m in self.members:
            for day, (counted, _) in _member_changes(m, False):
                delta[day] = delta.get(day, 0) + (1 if counted else -1)
        spans: list[tuple[_dt.date, _dt.date | None]] = []
        count = 0
        for day in sorted(delta):
            before, count = count, count + delta[day]
            if before == 0 and count > 0:
                spans.append((day, None))
            elif before > 0 and count == 0:
                spans[-1] = (spans[-1][0], day)
        return spans


def _member_changes(m: Member, include_frozen: bool) -> list[tuple[_dt.date, tuple[bool, bool]]]:
    """The days on which ``m``'s (counted, frozen) state changes, with the state from then."""

    def state(day: _dt.date) -> tuple[bool, bool]:
        counted = m.is_member_at(day)
        return counted, include_frozen and counted and m.freeze_at(day) is not None

    periods = (
        [*m.memberships, *m.suspended, *m.frozen]
        if include_frozen
        else [
            *m.memberships,
            *m.suspended,
        ]
    )
    days = sorted({f.date for p in periods for f in p.facts()})
    out = []
    for day in days:
        now = state(day)
        before = state(day - _ONE_DAY) if day > _dt.date.min else (False, False)
        if now != before:
            out.append((day, now))
    return out


_ONE_DAY = _dt.timedelta(days=1)


def _span(start: _dt.date, end: _dt.date | None) -> str:
    return f"{start.isoformat()} to {'today' if end is None else end.isoformat()}"
