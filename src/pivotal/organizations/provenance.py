"""Where a fact comes from and when it holds: statuses, sources, dates and periods.

Every fact of an organization file carries a ``status`` (how well its source supports it) and the
keys of its sources, so that a result computed from the data can say which unverified facts it
rests on. Dates may be known to the day, month or year (:class:`DateFact`); periods are half-open
(:class:`Period`): a spell ``joined 1994-04-20, left 1999-04-20`` counts on 1994-04-20 and not
on 1999-04-20, i.e. the set ``{d : start <= d < end}``.

>>> import datetime as dt
>>> spell = Period(DateFact(dt.date(1994, 4, 20), "verified"),
...                DateFact(dt.date(1999, 4, 20), "unverified"), "verified")
>>> spell.contains(dt.date(1994, 4, 20)), spell.contains(dt.date(1999, 4, 20))
(True, False)
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Literal

from pivotal.errors import PivotalError

__all__ = ["STATUSES", "DateFact", "Event", "Period", "Precision", "parse_day"]

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
