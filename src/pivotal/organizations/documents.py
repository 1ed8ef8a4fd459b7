"""Treaties, charters and protocols: who signed, who ratified when, when they entered into force.

A member's ratification of a document on day ``d`` is in one of three states
(:data:`RATIFICATION_STATES`): ``ratified`` (a ratification is recorded on or before ``d``),
``not ratified`` (the record shows it was not done by ``d``: a ratification recorded later, a text
not yet signed, or an entry recorded as pending or refused), or ``not recorded`` (the file says
nothing, which is not evidence of a refusal).

>>> from pivotal.organizations import load_organization
>>> protocol = load_organization("csto").document("charter_protocol_2010")
>>> import datetime as dt
>>> [protocol.ratification_state(m, dt.date(2012, 1, 1)) for m in ("KAZ", "RUS", "ARM")]
['ratified', 'not ratified', 'not recorded']
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pivotal.organizations.provenance import DateFact

if TYPE_CHECKING:
    from pivotal.organizations.model import Organization

if TYPE_CHECKING:
    pass

__all__ = [
    "RATIFICATION_OUTCOMES",
    "RATIFICATION_STATES",
    "Document",
    "Ratification",
    "RatificationRow",
    "Signature",
    "ratification_report",
]


@dataclass(frozen=True)
class Signature:
    """When and where a document was signed."""

    date: DateFact
    place: str | None = None


@dataclass(frozen=True)
class Ratification:
    """A member's ratification of (or accession to) a document, as a source records it.

    ``date`` is ``None`` when a source says the member ratified but not when; such a
    ratification counts from the document's entry into force (or, if that is not recorded, from
    its signature). ``outcome`` is ``"ratified"`` (the default), or ``"pending"`` / ``"refused"``
    when a source records that the member had not ratified (``date``: since when it is known).
    """

    member: str
    date: DateFact | None
    status: str
    sources: tuple[str, ...] = ()
    note: str | None = None
    act: str | None = None
    outcome: str = "ratified"


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
        """The member's ratification entry, if the file records one."""
        return next((r for r in self.ratifications if r.member == member), None)

    def in_force_on(self, day: _dt.date) -> bool | None:
        """Whether the document was in force on ``day``; ``None`` when the file does not say."""
        if self.in_force is not None:
            return self.in_force.date <= day
        return False if self.in_force_recorded else None

    def ratification_state(self, member: str, at: _dt.date | None = None) -> str:
        """``ratified``, ``not ratified`` or ``not recorded`` (see :class:`RatificationRow`) for
        ``member`` on ``at`` (``None``: whatever the file records, at any date)."""
        entry = self.ratification(member)
        if at is not None and self.signed is not None and at < self.signed.date.date:
            return "not ratified"  # nobody ratifies a text before it is signed
        if entry is None:
            return "not recorded"
        if entry.outcome != "ratified":
            return "not ratified"  # pending or refused then, so not ratified before either
        if at is None:
            return "ratified"
        if entry.date is not None:
            return "ratified" if entry.date.date <= at else "not ratified"
        bound = self.in_force or (self.signed.date if self.signed is not None else None)
        # Ratified by the bound, on a day not recorded: before the bound nobody knows.
        return "ratified" if bound is None or bound.date <= at else "not recorded"

    def ratified_by(self, member: str, at: _dt.date | None = None) -> bool:
        """Whether a ratification by ``member`` is recorded (and, with ``at``, done by then)."""
        return self.ratification_state(member, at) == "ratified"


#: The three states of a member's ratification of a document on a day, in the order of the
#: table: recorded and done by then; known not done by then (a ratification recorded only
#: later, a document not yet signed, or a file that records it as pending or refused); and
#: nothing recorded (which says nothing about what the member did).
RATIFICATION_STATES: tuple[str, ...] = ("ratified", "not ratified", "not recorded")

#: What a ratification entry may record besides a ratification (``outcome:`` in the file).
RATIFICATION_OUTCOMES: tuple[str, ...] = ("ratified", "pending", "refused")


@dataclass(frozen=True)
class RatificationRow:
    """One row of :meth:`Organization.ratification_table`: a member and a document on a day.

    ``state`` is one of :data:`RATIFICATION_STATES`, as of ``as_of`` (``None``: everything the
    file records, whatever its date):

    - ``"ratified"``: a ratification is recorded and done by ``as_of``; ``ratified`` is its day
      (``None`` when a source says it ratified, not when);
    - ``"not ratified"``: the file shows it had not ratified by ``as_of``: its ratification is
      recorded on a later day (given in ``note``), the document was not yet signed, or the file
      records the ratification as ``pending`` or ``refused``;
    - ``"not recorded"``: the file records no ratification (``status`` is then ``"unknown"``).
      That is a gap in the record, not evidence of a refusal: a document in force is not held
      up by members with no record.

    ``ratified_text`` is the date as the file gives it (``1993-09`` when only the month is known;
    ``ratified`` is then its first day).
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
    state: str = "not recorded"
    as_of: _dt.date | None = None


def _ratification_row(doc: Document, member: str, day: _dt.date | None) -> RatificationRow:
    entry = doc.ratification(member)
    signed = member in doc.signatories
    state = doc.ratification_state(member, day)
    if entry is None:
        note = "no ratification recorded"
        if state == "not ratified" and doc.signed is not None:
            note = f"the document was signed only on {doc.signed.date.text}"
        return RatificationRow(
            doc.id, member, signed, None, "unknown", note=note, state=state, as_of=day
        )
    notes = [entry.note] if entry.note else []
    when = None if entry.date is None else entry.date.text
    if entry.outcome != "ratified":
        notes.append(f"recorded as {entry.outcome}" + (f" on {when}" if when else ""))
    elif state != "ratified" and day is not None:
        # Known from a later record: say when, so the row never reads as a refusal.
        if when is not None:
            notes.append(f"ratified on {when}, after {day.isoformat()}")
        else:
            bound = "entry into force" if doc.in_force is not None else "signature"
            notes.append(f"ratified by the document's {bound}, on a day not recorded")
    elif entry.date is None:
        bound = "entry into force" if doc.in_force is not None else "signature"
        notes.append(f"day not recorded; counted from the document's {bound}")
    done = state == "ratified"
    return RatificationRow(
        doc.id,
        member,
        signed,
        entry.date.date if done and entry.date is not None else None,
        entry.status,
        entry.act,
        entry.sources,
        "; ".join(notes) or None,
        when if done else None,
        state,
        day,
    )


def ratification_report(
    org: Organization, at: _dt.date | None = None, document: str | None = None
) -> dict[str, Any]:
    """The ratification table as JSON-ready data (``pivotal ratification -f json``).

    One entry per document with its signature, entry into force, a row per member (see
    :class:`RatificationRow`) and the members in each state; ``sources`` maps every source key
    the rows cite to its citation.

    >>> from pivotal.organizations import load_organization
    >>> import datetime as dt
    >>> out = ratification_report(load_organization("csto"), dt.date(2012, 1, 1),
    ...                           "charter_protocol_2010")
    >>> doc = out["documents"][0]
    >>> doc["ratified"], doc["not_ratified"], doc["in_force_at"]
    (['KAZ'], ['RUS'], False)
    """
    rows = org.ratification_table(at, document)
    docs = org.documents.values() if document is None else [org.document(document)]
    cited: dict[str, None] = {}
    out_docs = []
    for doc in docs:
        members = []
        by_state: dict[str, list[str]] = {s: [] for s in RATIFICATION_STATES}
        for row in (r for r in rows if r.document == doc.id):
            cited.update(dict.fromkeys(row.sources))
            by_state[row.state].append(row.member)
            members.append(
                {
                    "member": row.member,
                    "signed": row.signed,
                    "state": row.state,
                    "ratified": row.ratified_text
                    or (None if row.ratified is None else row.ratified.isoformat()),
                    "act": row.act,
                    "status": row.status,
                    "sources": list(row.sources),
                    "note": row.note,
                }
            )
        cited.update(dict.fromkeys(doc.sources))
        in_force_at = None if at is None else doc.in_force_on(at)
        out_docs.append(
            {
                "id": doc.id,
                "name": doc.name,
                "amends": doc.amends,
                "signed": None if doc.signed is None else doc.signed.date.text,
                "in_force": None if doc.in_force is None else doc.in_force.text,
                "in_force_recorded": doc.in_force_recorded,
                "in_force_at": in_force_at,
                "in_force_text": _in_force_text(doc, at),
                "members": members,
                "ratified": by_state["ratified"],
                "not_ratified": by_state["not ratified"],
                "not_recorded": by_state["not recorded"],
                "not_recorded_text": (
                    _not_recorded_text(doc, at) if by_state["not recorded"] else None
                ),
                "status": doc.status,
                "sources": list(doc.sources),
            }
        )
    return {
        "organization": org.id,
        "at": None if at is None else at.isoformat(),
        "states": list(RATIFICATION_STATES),
        "documents": out_docs,
        "sources": {k: org.sources[k] for k in cited if k in org.sources},
    }


def _in_force_text(doc: Document, at: _dt.date | None) -> str:
    """``in force since 2012-12-19``, ``not yet in force on 2012-01-01 (...)`` and the like."""
    if doc.in_force is None:
        return "not in force" if doc.in_force_recorded else "entry into force not recorded"
    since = f"in force since {doc.in_force.text}"
    if at is None or doc.in_force.date <= at:
        return since
    return f"not yet in force on {at.isoformat()} ({since})"


def _not_recorded_text(doc: Document, at: _dt.date | None) -> str:
    """What a missing record means for this document: a gap, not a refusal."""
    base = "no record in the file, which is not evidence of a refusal"
    in_force = doc.in_force_on(at) if at is not None else doc.in_force is not None
    if in_force and doc.in_force is not None:
        return f"{base}; the document has been in force since {doc.in_force.text}"
    return base
