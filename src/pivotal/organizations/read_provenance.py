"""Reading provenance and dates of an organization file: status, sources, notes, periods.

Every fact entry has a provenance ``(status, sources, note)``; an entry inside another (a date
given as ``{date, status, ...}``) inherits what it leaves out. A ``verified`` or
``partly_verified`` fact cites at least one key of the ``sources:`` map, and every key cited is
one. A period ``[start, end)`` is well formed when ``end > start``, and periods of one kind
(suspensions of a member, chairs of a body, entries of a matter) are disjoint when, sorted by
start, each starts on or after the end of the one before: ``start[k+1] >= end[k]``.

Package-private, a layer of the reader of :mod:`pivotal.organizations.loader`.

>>> from pivotal.organizations.loader import validate_text
>>> for p in validate_text('''
... id: demo
... name: Demo
... members:
...   - id: A
...     name: A
...     memberships: [{joined: 2001, status: verified, sources: [s]}]
...     suspended:
...       - {from: 2002-01-01, to: 2004-01-01, status: unverified}
...       - {from: 2003-01-01, to: 2005-01-01, status: verified}
... sources: {}
... ''', "demo.yaml"):
...     print(p.line, p.column, p.path, "|", p.allowed)
7 62 members[A].memberships[0].sources[0] | a key of the 'sources:' map
10 9 members[A].suspended[1] | at least one source for a verified fact
10 9 members[A].suspended[1] | 'suspended' entries of A whose periods do not overlap

References:
    [1] src/pivotal/organizations/README.md, "Provenance" and "Dates" (the file format).
"""

from __future__ import annotations

import itertools
from typing import Any

from yaml.nodes import Node

from pivotal.organizations.locate import Locator
from pivotal.organizations.provenance import DateFact
from pivotal.organizations.schema import DateEntry, Index, ParsedDate
from pivotal.organizations.yamlnodes import did_you_mean

_SOURCED = ("verified", "partly_verified")

Provenance = tuple[str, tuple[str, ...], str | None]


class ProvenanceReader(Locator):
    """Provenance, dates and periods of entries, checked against the ``sources:`` map."""

    def __init__(self, label: str, index: Index) -> None:
        super().__init__(label, index)
        self.sources: dict[str, str] = {}

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
