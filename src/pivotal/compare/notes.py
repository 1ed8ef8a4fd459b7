"""One list of notes per result, built once here and read by every output.

A :class:`Note` is a line a reader should know before quoting a number: it *is* its text (a
``str``), and it carries a ``kind`` and what it is about (``source``). :func:`pivotal.compare.
analyze` builds the list once (:attr:`Analysis.notes <pivotal.compare.Analysis.notes>`); the
terminal table, the JSON (``"notes"``, ``"caveats"``), the CSV and markdown footers and the HTML
report all print from it, so a caveat is worded once and appears once.

The kinds, in the order outputs print them:

1. ``caveat``: what changes how the headline reads, printed first (an aggregate pseudo-member
   counted as one player; frozen members left out of the default game);
2. ``membership``: who is counted or takes part, and the uncertain dates that bound it;
3. ``rule``: a rule, matter or group that the organization's file does not mark verified;
4. ``data``: attribute values that are not verified, and the date the data are complete up to;
5. ``skipped``: indices of the default set that were not computed, why, and how to get them;
6. ``approximate``: values that are estimates, with their error.

>>> n = Note("Values are estimates.", "approximate", "rule majority")
>>> n, n.kind, n == "Values are estimates."
('Values are estimates.', 'approximate', True)
>>> ordered([Note("b", "rule"), Note("a", "caveat"), Note("b", "data")])
['a', 'b']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from pivotal.errors import PivotalError

if TYPE_CHECKING:
    from pivotal.organizations import Organization

__all__ = [
    "AGGREGATE_GROUP",
    "KINDS",
    "MEMBER_KINDS",
    "Note",
    "merge_fact_notes",
    "ordered",
    "provenance_kind",
    "snapshot_kind",
]

#: The kinds of note, in the order outputs print them.
KINDS: tuple[str, ...] = ("caveat", "membership", "rule", "data", "skipped", "approximate")
#: The kinds that describe the member set and the data on a date (the JSON ``"notes"``).
MEMBER_KINDS: tuple[str, ...] = ("caveat", "membership", "data")
#: A group of this name in an organization's file lists pseudo-members: aggregates that stand
#: for several members (the IMF's "other 167 members" of 2011). Its note says what that does.
AGGREGATE_GROUP = "aggregates"


class Note(str):
    """A note's text, with ``kind`` (one of :data:`KINDS`) and ``source`` (what it is about:
    ``members``, ``rule <name>``, ``indices``, ...). Equal to its text, so lists of notes
    compare, join and serialize as lists of strings."""

    kind: str
    source: str

    def __new__(cls, text: str, kind: str = "membership", source: str = "") -> Note:
        if kind not in KINDS:
            raise PivotalError("kind", "one of " + ", ".join(KINDS), repr(kind), "Pick a kind.")
        note = super().__new__(cls, text)
        note.kind = kind
        note.source = source
        return note

    def __getnewargs__(self) -> tuple[str, str, str]:  # type: ignore[override]
        # copy and pickle rebuild a str subclass from these arguments
        return (str(self), self.kind, self.source)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": str(self), "source": self.source}


def ordered(notes: Iterable[Note]) -> list[Note]:
    """``notes`` by kind (:data:`KINDS` order), first appearance within a kind, each text once
    (the first note with a text keeps its kind)."""
    unique = list(dict.fromkeys(notes))  # str equality: the first of equal texts stays
    return sorted(unique, key=lambda n: KINDS.index(n.kind))


def snapshot_kind(organization_id: str, text: str) -> str:
    """The kind of a line of ``Snapshot.notes``: ``data`` for the completeness date, else
    ``membership``."""
    return "data" if text.startswith(f"The {organization_id} data are complete") else "membership"


_RULE_LINE = re.compile(r"^The (rule|group) ")
_VALUES_LINE = re.compile(r"^The \S+ values used are ")


def provenance_kind(text: str) -> str:
    """The kind of a line of ``Snapshot.provenance`` (beyond the snapshot's own notes): ``rule``
    for a rule, matter or group, ``data`` for attribute values, else ``membership`` (who a limited
    format leaves out)."""
    if _RULE_LINE.match(text):
        return "rule"
    if _VALUES_LINE.match(text):
        return "data"
    return "membership"


_ROLES = {
    "memberships": ("membership began", "membership ended"),
    "suspended": ("suspension began", "suspension ended"),
    "frozen": ("participation frozen from", "participation frozen until"),
}


def merge_fact_notes(notes: Sequence[Note], organization: Organization) -> list[Note]:
    """``notes`` (of several dates) with the lines about one uncertain date merged into one.

    On each date the same unverified fact reads differently ("counted until 1999-04-20 (...)",
    then "not counted: membership ended 1999-04-20 (...)"), and names the members it bounds on
    that date. Over a timeline every such line is replaced by one that names all the members the
    fact bounds, where the first of them stood; other notes are kept as they are.
    """
    facts: dict[str, tuple[str, list[str]]] = {}  # description -> (role, member labels)
    for member in organization.members:
        for attr, (begin, end) in _ROLES.items():
            for period in getattr(member, attr):
                for fact, role in ((period.start, begin), (period.end, end)):
                    if fact is None:
                        continue
                    text = fact.describe()
                    role_now, labels = facts.setdefault(text, (role, []))
                    if role_now == role and member.label not in labels:
                        labels.append(member.label)
    out: list[Note] = []
    done: set[str] = set()
    for note in notes:
        if note.kind != "membership":
            out.append(note)
            continue
        found = next((d for d in facts if d in note), None)
        if found is None:
            out.append(note)
        elif found not in done:
            done.add(found)
            role, labels = facts[found]
            who = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
            out.append(Note(f"{who}: {role} {found}.", "membership", "members"))
    return out
