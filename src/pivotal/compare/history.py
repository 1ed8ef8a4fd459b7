"""Every member's power at every change of membership, under one or more rules.

>>> from pivotal.compare import timeline
>>> t = timeline("csto", rules=["consensus", "majority"], end="2012-12-31")
>>> [p.result("consensus").value("shapley_shubik", "BLR") for p in t.points]
[Fraction(1, 9), Fraction(1, 6), Fraction(1, 7), Fraction(1, 6)]
>>> [str(p.result("consensus").coleman_act) for p in t.points]
['1/512', '1/64', '1/128', '1/64']
"""

from __future__ import annotations

import datetime as _dt
import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import pandas as pd

from pivotal.compare.analysis import Analysis, analyze
from pivotal.compare.exports import Exports
from pivotal.compare.formatting import computed_index, fmt, headline_index
from pivotal.compare.notes import Note, merge_fact_notes, ordered
from pivotal.errors import PivotalError
from pivotal.power import INDICES, PowerResult
from pivotal.power.result import as_float, exact_str, html_lines

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from pivotal.organizations import Organization

__all__ = ["Timeline", "TimelinePoint", "timeline"]


@dataclass(frozen=True)
class TimelinePoint:
    """The organization on one date of the timeline: its members and each rule's results."""

    analysis: Analysis

    @property
    def at(self) -> _dt.date:
        return self.analysis.at

    @property
    def members(self) -> tuple[str, ...]:
        return self.analysis.members

    @property
    def notes(self) -> tuple[Note, ...]:
        """What to know about the member set on this date (the JSON's ``"notes"``)."""
        return self.analysis.member_notes

    @property
    def results(self) -> dict[str, PowerResult]:
        """``{rule: PowerResult}``."""
        return {r.rule: r.result for r in self.analysis.rules}

    def result(self, rule: str) -> PowerResult:
        return self.analysis.rule(rule).result

    def __repr__(self) -> str:
        return f"<TimelinePoint {self.at.isoformat()}: {', '.join(self.members)}>"


@dataclass(frozen=True)
class Timeline(Exports):
    """Indices of every member at every change of membership between ``start`` and ``end``."""

    organization: str
    organization_name: str
    #: The rules as named by the user, and the rule text each stands for.
    rules: tuple[str, ...]
    rule_texts: dict[str, str]
    #: Each rule in words (member counts left out: they change with the members).
    rule_descriptions: dict[str, str]
    points: tuple[TimelinePoint, ...]
    #: Every member counted at some point, in the organization's file order.
    members: tuple[str, ...]
    member_names: dict[str, str]
    start: _dt.date | None = None
    end: _dt.date | None = None
    exact: bool = True
    sources: dict[str, str] = field(default_factory=dict)
    #: Every point's notes once each, caveats first, a fact that several dates word differently
    #: said once (:func:`pivotal.compare.notes.merge_fact_notes`); None: merged from the points.
    merged_notes: tuple[Note, ...] | None = None

    # -- what was computed -------------------------------------------------------------------
    @property
    def dates(self) -> tuple[_dt.date, ...]:
        return tuple(p.at for p in self.points)

    @property
    def index_keys(self) -> tuple[str, ...]:
        """The index keys computed at every point (a point with more members may skip some of
        the default set; :attr:`caveats` says which and why)."""
        keys = [set(p.analysis.index_keys) for p in self.points]
        return tuple(k for k in self.points[0].analysis.index_keys if all(k in s for s in keys))

    @property
    def headline_index(self) -> str:
        """Shapley-Shubik when computed, else Banzhaf, else the first index computed."""
        return headline_index(self.index_keys)

    @property
    def title(self) -> str:
        """``CSTO, 1994-04-20 to 2012-12-19: consensus, majority``."""
        first, last = self.dates[0], self.dates[-1]
        span = first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
        return f"{self.organization.upper()}, {span}: {', '.join(self.rules)}"

    @property
    def notes(self) -> tuple[Note, ...]:
        """Every point's notes on its member set, once each, in order of first appearance."""
        return tuple(n for n in self.caveats if n.kind in ("caveat", "membership", "data"))

    @property
    def caveats(self) -> tuple[Note, ...]:
        """Every note of every point once, caveats first: unverified or imprecise dates,
        suspensions, freezes, rules that are not verified, indices skipped."""
        if self.merged_notes is not None:
            return self.merged_notes
        return tuple(ordered(n for p in self.points for n in p.analysis.notes))

    def point(self, at: _dt.date | str) -> TimelinePoint:
        """The point in force on ``at`` (the last change on or before it)."""
        from pivotal.organizations import parse_day

        day = parse_day(at)
        found = [p for p in self.points if p.at <= day]
        if not found:
            raise PivotalError(
                "at",
                f"a date on or after {self.dates[0].isoformat()}",
                day.isoformat(),
                "Pick a date inside the timeline.",
            )
        return found[-1]

    def index_key(self, index: str | None) -> str:
        """The key of a computed index (any spelling); an error lists the computed ones."""
        if index is None:
            return self.headline_index
        return computed_index(index, self.index_keys, "timeline")

    def _rule(self, rule: str) -> str:
        if rule not in self.rules:
            raise PivotalError(
                "rule",
                "one of " + ", ".join(repr(r) for r in self.rules),
                repr(rule),
                "Name a rule of the timeline.",
            )
        return rule

    def series(self, rule: str, index: str | None = None) -> dict[str, list[int | Fraction | None]]:
        """``{member: [value at each date, None when not a member]}`` for one rule and index."""
        rule, key = self._rule(rule), self.index_key(index)
        out: dict[str, list[int | Fraction | None]] = {m: [] for m in self.members}
        for p in self.points:
            res = p.result(rule)
            for m in self.members:
                counted = m in res.players and key in res.indices
                out[m].append(res.value(key, m) if counted else None)
        return out

    def coleman_act(self, rule: str) -> list[Fraction]:
        """The power to act under ``rule`` at each date."""
        self._rule(rule)
        return [p.result(rule).coleman_act for p in self.points]

    # -- outputs --------------------------------------------------------------------------------
    def to_frame(self, exact: bool = False) -> pd.DataFrame:
        """Long format: one row per (``date``, ``rule``, ``member``, ``power_index``) with its
        ``value``. ``date`` is a datetime64[ns] column; ``value`` is float64 by default (counts
        too), exact (ints and Fractions, object) with ``exact=True``.

        >>> t = timeline("csto", rules="consensus", end="2000-01-01", indices="ss")
        >>> frame = t.to_frame()
        >>> frame.dtypes.astype(str).to_dict()
        {'date': 'datetime64[ns]', 'rule': 'str', 'member': 'str', 'power_index': 'str', \
'value': 'float64'}
        >>> frame.pivot(index="date", columns="member", values="value").loc["1999", "BLR"]
        date
        1999-04-20    0.166667
        Name: BLR, dtype: float64
        """
        rows = []
        for p in self.points:
            for r in p.analysis.rules:
                res = r.result
                for key, values in res.indices.items():
                    for member, v in zip(res.players, values, strict=True):
                        rows.append((p.at, r.rule, member, key, v))
        columns = ["date", "rule", "member", "power_index"]
        frame = pd.DataFrame([row[:4] for row in rows], columns=columns)
        frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
        frame["value"] = pd.Series(
            [row[4] for row in rows] if exact else [float(row[4]) for row in rows],
            dtype=object if exact else "float64",
        )
        frame.attrs["exact"] = exact
        return frame

    def flat_frame(self, exact: bool | None = None) -> pd.DataFrame:
        """The table of ``pivotal timeline -f csv``: :meth:`to_frame` indexed by date (exact
        values when the timeline is exact; dates written as YYYY-MM-DD)."""
        frame = self.to_frame(self.exact if exact is None else exact)
        return frame.set_index(pd.Index(frame.pop("date").dt.date, name="date"))

    def footer(self) -> list[str]:
        """Every note once, one line each, for CSV and markdown footers."""
        return [f"{n.kind}: {n}" for n in self.caveats]

    def plot(
        self,
        index: str | None = None,
        ax: Axes | None = None,
        rule: str | None = None,
        **kwargs: Any,
    ) -> Axes:
        """Step lines of one index (default Shapley-Shubik when computed, else the first) per
        member over the dates, under ``rule`` (default: the first rule); a line breaks while
        its member is not counted, and the last member set is drawn for a further year (or to
        ``end``). Draws on ``ax``, else on a new pyplot figure; ``kwargs`` go to
        :meth:`matplotlib.axes.Axes.plot`. Returns the Axes."""
        from pivotal.power.plotting import literal, new_axes, plain_texts

        rule = self.rules[0] if rule is None else self._rule(rule)
        key = self.index_key(index)
        ax = new_axes(ax)
        last = self.dates[-1]
        end = self.end if self.end is not None and self.end > last else None
        xs = [*self.dates, end or last + _dt.timedelta(days=365)]
        for member, values in self.series(rule, key).items():
            ys = [float("nan") if v is None else float(v) for v in values]
            options = {"drawstyle": "steps-post", "label": literal(member), **kwargs}
            ax.plot(xs, [*ys, ys[-1]], **options)
        ax.set_ylabel(literal(INDICES[key].label))
        ax.set_title(literal(f"{self.title} ({rule})"))
        ax.set_ylim(bottom=0)
        legend = ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5))
        plain_texts([ax.title, ax.yaxis.label, *legend.get_texts()])
        return ax

    def power_to_act(self, exact: bool = False) -> pd.DataFrame:
        """Rows: dates (``datetime64``); columns: rules; values: the power of the organization
        to act, floats by default and Fractions with ``exact=True``, as :meth:`to_frame`."""
        data = {
            rule: [v if exact else float(v) for v in self.coleman_act(rule)] for rule in self.rules
        }
        return pd.DataFrame(data, index=self._date_index())

    def member_history(self, member: str, exact: bool = False) -> pd.DataFrame:
        """One member over time. Rows: dates (``datetime64``); columns: (rule, index), plus
        ("", "member") and ("<rule>", "veto"); index values are floats (NaN on dates when the
        member was not counted), or Fractions (None there) with ``exact=True``."""
        if member not in self.members:
            raise PivotalError(
                "member",
                "one of " + ", ".join(self.members),
                member,
                f"Name a member of {self.organization} between {self.dates[0].isoformat()} "
                f"and {self.dates[-1].isoformat()}.",
            )
        columns: dict[tuple[str, str], pd.Series] = {
            ("", "member"): pd.Series([member in p.members for p in self.points])
        }
        for rule in self.rules:
            for key in self.index_keys:
                values = self.series(rule, key)[member]
                if exact:  # object dtype keeps Fractions and ints exact, None where absent
                    columns[(rule, key)] = pd.Series(values, dtype=object)
                else:
                    columns[(rule, key)] = pd.Series(
                        [float("nan") if v is None else as_float(v) for v in values], dtype=float
                    )
            columns[(rule, "veto")] = pd.Series(
                [member in p.result(rule).veto_players for p in self.points]
            )
        frame = pd.DataFrame({k: s.to_numpy() for k, s in columns.items()})
        frame.index = self._date_index()
        frame.columns = pd.MultiIndex.from_tuples(list(columns), names=["rule", "power_index"])
        return frame

    def _date_index(self) -> pd.DatetimeIndex:
        return pd.DatetimeIndex(pd.to_datetime(list(self.dates)).as_unit("ns"), name="date")

    def to_dict(self, exact: bool | None = None) -> dict[str, Any]:
        """Stable JSON keys: organization, organization_name, start, end, rules (rule, text),
        indices (the keys computed), members, member_names, points (at, members, notes, and per
        rule: description, indices in member order, coleman_act, winning_coalitions,
        veto_players, dummies), caveats, sources, exact."""
        exact = self.exact if exact is None else exact
        conv = exact_str if exact else as_float
        points = []
        for p in self.points:
            rules = {}
            for r in p.analysis.rules:
                res = r.result
                rules[r.rule] = {"description": r.description}
                if res.players != p.members:
                    # Only some members take part (a limited format): values follow these.
                    rules[r.rule]["players"] = list(res.players)
                rules[r.rule] |= {
                    "indices": {k: [conv(v) for v in vals] for k, vals in res.indices.items()},
                    "coleman_act": conv(res.coleman_act),
                    "winning_coalitions": res.winning_count,
                    "veto_players": list(res.veto_players),
                    "dummies": list(res.dummies),
                }
                if res.skipped:
                    rules[r.rule]["skipped"] = dict(res.skipped)
            points.append(
                {
                    "at": p.at.isoformat(),
                    "members": list(p.members),
                    "notes": list(p.notes),
                    "rules": rules,
                }
            )
        return {
            "organization": self.organization,
            "organization_name": self.organization_name,
            "start": None if self.start is None else self.start.isoformat(),
            "end": None if self.end is None else self.end.isoformat(),
            "rules": [
                {"rule": r, "text": self.rule_texts[r], "description": self.rule_descriptions[r]}
                for r in self.rules
            ],
            "indices": list(self.index_keys),
            "members": list(self.members),
            "member_names": dict(self.member_names),
            "points": points,
            "caveats": list(self.caveats),
            "sources": dict(self.sources),
            "exact": exact,
        }

    def matrix(
        self, rule: str, index: str | None = None, exact: bool | None = None
    ) -> pd.DataFrame:
        """Members × dates for one rule and index (strings; ``-`` when not a member), with rows
        for the power to act and the veto players."""
        exact = self.exact if exact is None else exact
        key = self.index_key(index)
        series = self.series(rule, key)
        dates = [d.isoformat() for d in self.dates]
        rows = {m: [fmt(v, exact) for v in vals] for m, vals in series.items()}
        rows["power to act"] = [fmt(v, exact) for v in self.coleman_act(rule)]
        rows["veto players"] = [_vetoes(p.result(rule), p.members) for p in self.points]
        frame = pd.DataFrame.from_dict(rows, orient="index", columns=dates)
        frame.index.name = INDICES[key].label
        return frame

    def table(self, index: str | None = None, exact: bool | None = None) -> str:
        """Per rule, a member × date matrix of one index (default Shapley-Shubik), then the
        power to act and the veto players at each date."""
        exact = self.exact if exact is None else exact
        key = self.index_key(index)
        lines = [
            f"{self.organization_name} ({self.organization}), "
            f"{len(self.points)} member sets from {self.dates[0].isoformat()} to "
            f"{self.dates[-1].isoformat()}: {INDICES[key].label}"
        ]
        for rule in self.rules:
            frame = self.matrix(rule, key, exact)
            frame.index.name = None
            lines += ["", f"Rule: {rule}: {self.rule_descriptions[rule]}", frame.to_string()]
        kind = "exact values" if exact else "floats: 6 places, or 2 digits below 1e-4"
        lines += ["", f"({kind}; '-': not a member on that date)"]
        lines[:0] = [f"Note: {n}" for n in self.caveats if n.kind == "caveat"]
        for note in self.caveats:
            if note.kind != "caveat":
                lines.append(f"Note: {note}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.table()

    def _repr_html_(self) -> str:
        """The title, per rule a member × date table of the headline index with the power to
        act and the veto players, then every caveat; all escaped."""
        key = self.headline_index
        parts = [
            f"<p><b>{html.escape(self.title)}</b> ({html.escape(INDICES[key].label)}; "
            f"'-': not a member on that date)</p>"
        ]
        for rule in self.rules:
            head = f"Rule {rule}: {self.rule_descriptions[rule]}"
            parts.append(f"<p>{html.escape(head)}</p>" + self.matrix(rule).to_html(escape=True))
        parts.append(html_lines([f"Note: {c}" for c in self.caveats]))
        return "".join(parts)

    def chart(self, index: str | None = None) -> Figure:
        """Step lines per member over time (see :func:`pivotal.compare.charts.timeline_chart`)."""
        from pivotal.compare.charts import timeline_chart

        return timeline_chart(self, index=index)


def _vetoes(result: PowerResult, members: Sequence[str]) -> str:
    vetoes = result.veto_players
    if not vetoes:
        return "none"
    if len(vetoes) == len(members) and len(members) > 1:
        return f"all {len(members)}"
    return ", ".join(vetoes)


def timeline(
    organization: str | Organization,
    rules: Sequence[str] | str | None = None,
    start: _dt.date | str | None = None,
    end: _dt.date | str | None = None,
    indices: Iterable[str] | str | None = None,
    exact: bool = True,
    engine: str | None = None,
    body: str | None = None,
    matter: str | None = None,
    include_frozen: bool = False,
    *,
    host: str | None = None,
    participants: Iterable[str] | None = None,
) -> Timeline:
    """Compute every index of every member under each rule at each change of membership
    (``Organization.membership_changes()``) between ``start`` and ``end``, both included.

    When ``start`` falls between two changes, the member set in force on ``start`` is the first
    point (dated ``start``). Dates on which the organization has no members are skipped.
    ``include_frozen`` adds the dates on which a member freezes or unfreezes its participation.

    Without ``rules`` (nor ``body``, ``matter``), the organization's default rule is followed at
    every date, as :func:`~pivotal.compare.analyze` does, with its participation facts: when the
    first body adopts that rule "in a limited format" without frozen members, the dates of
    freezes are points too.
    """
    if engine == "montecarlo":
        # A timeline table and chart show values without intervals: only exact ones belong.
        raise PivotalError(
            "engine",
            "an exact engine for a timeline (enumeration, dp)",
            "'montecarlo'",
            "Leave out --engine, or run pivotal analyze --engine montecarlo at one date.",
        )
    from pivotal.organizations import Organization, load_organization, parse_day
    from pivotal.rules import describe_rule

    org = (
        organization if isinstance(organization, Organization) else load_organization(organization)
    )
    default = rules is None and not body and not matter and participants is None
    if rules is None:
        # A body or matter names its own rule; otherwise the organization's default rule, or
        # the default matter of its first body (analyze() does the same).
        if not (body or matter or org.default_rule or org.bodies):
            raise PivotalError(
                "rules",
                "a rule (the organization file names no default_rule and no bodies)",
                "none",
                "Name a rule (--rule in the CLI, rules= in Python), e.g. consensus.",
            )
        point_rules: list[str | None] | None = None
        if not (body or matter) and org.default_rule:
            rules = [org.default_rule]
        else:
            # The matter's id names the rule at every point (its text may change: the UN
            # Security Council's 7 of 11, then 9 of 15).
            body = org.body(body).id
            matter = matter or org.body(body).default_matter
            point_rules = rules = [None]
    else:
        rules = [rules] if isinstance(rules, str) else list(rules)
        point_rules = rules = list(dict.fromkeys(rules))
    if not rules:
        raise PivotalError(
            "rules",
            "at least one rule",
            "none",
            "Name a rule (--rule in the CLI, rules= in Python), e.g. consensus.",
        )
    if (
        default
        and org.bodies
        and any(
            e.abstention == "limited_format"
            for entries in org.body().matters.values()
            for e in entries
        )
    ):
        include_frozen = True  # the default game leaves frozen members out: their dates count
    first = None if start is None else parse_day(start, "start")
    last = None if end is None else parse_day(end, "end")
    if first is not None and last is not None and last < first:
        raise PivotalError(
            "end",
            f"a date on or after start ({first.isoformat()})",
            last.isoformat(),
            "Swap start and end, or pick a later end.",
        )
    changes = org.membership_changes(include_frozen=include_frozen)
    days = [d for d in changes if (first is None or d >= first) and (last is None or d <= last)]
    if first is not None and first not in changes and any(d < first for d in changes):
        days.insert(0, first)
    days = [d for d in days if any(m.is_member_at(d) for m in org.members)]
    lead: list[Note] = []
    if point_rules == [None] and days:
        days, lead = _buildable_days(org, days, body, matter, last)
    if not days:
        raise PivotalError(
            "start/end",
            f"a period with members of {org.id} (first change {changes[0].isoformat()})"
            if changes
            else f"an organization with members ({org.id} has none)",
            f"{first} to {last}",
            "Widen the period.",
        )
    points = tuple(
        TimelinePoint(
            analyze(
                org.snapshot(d),
                rules=point_rules,
                indices=indices,
                exact=exact,
                engine=engine,
                body=body,
                matter=matter,
                host=host,
                participants=participants,
            )
        )
        for d in days
    )
    seen = {m for p in points for m in p.members}
    members = tuple(m.id for m in org.members if m.id in seen)
    first_rules = points[0].analysis.rules
    return Timeline(
        organization=org.id,
        organization_name=org.name,
        rules=tuple(r.rule for r in first_rules),
        rule_texts={r.rule: r.text for r in first_rules},
        rule_descriptions={r.rule: describe_rule(r.text) for r in first_rules},
        points=points,
        members=members,
        member_names={m.id: m.name for m in org.members if m.id in seen},
        start=first,
        end=last,
        exact=exact,
        sources={
            k: v for k, v in org.sources.items() if any(k in p.analysis.sources for p in points)
        },
        merged_notes=tuple(
            _once_per_index(
                merge_fact_notes(
                    ordered([*lead, *(n for p in points for n in p.analysis.notes)]), org
                )
            )
        ),
    )


def _once_per_index(notes: list[Note]) -> list[Note]:
    """One note per set of skipped indices: each point words the reason with its own member
    count; the first point's stands for all."""
    seen: set[str] = set()
    out = []
    for note in notes:
        if note.kind == "skipped":
            head = note.split(";", 1)[0]
            if head in seen:
                continue
            seen.add(head)
        out.append(note)
    return out


def _buildable_days(
    org: Organization,
    days: list[_dt.date],
    body: str | None,
    matter: str | None,
    last: _dt.date | None,
) -> tuple[list[_dt.date], list[Note]]:
    """The dates on which ``body``'s ``matter`` gives a game, and a note for each gap.

    A matter's rule may start after the first members (the EU Council's qualified majority in
    this file from 1973), or name an attribute that has no values on a date (no population
    figures between 2017 and 2025): such a date moves to the first day after it, before the next
    point, on which the file's values make a game (2025-01-01), or is left out; the notes say so.
    """
    starts = sorted(
        {
            value.start.date
            for m in org.members
            for values in m.attributes.values()
            for value in values
            if value.start is not None
        }
        | {
            e.start.date
            for entries in org.body(body).matters.values()
            for e in entries
            if e.start is not None
        }
    )
    kept: list[_dt.date] = []
    notes: list[Note] = []
    for i, day in enumerate(days):
        until = days[i + 1] if i + 1 < len(days) else last
        tries = [day] + [d for d in starts if d > day and (until is None or d < until)]
        error: PivotalError | None = None
        for when in tries:
            try:
                org.snapshot(when).game(body=body, matter=matter)
            except PivotalError as err:
                error = error or err
                continue
            kept.append(when)
            if when != day and error is not None:
                notes.append(_gap_note(day, when, body, matter, error))
            break
        else:
            if error is not None:
                notes.append(_gap_note(day, None, body, matter, error))
    if not kept and days:
        org.snapshot(days[0]).game(body=body, matter=matter)  # raises the first day's error
    return kept, notes


def _gap_note(
    day: _dt.date, when: _dt.date | None, body: str | None, matter: str | None, err: PivotalError
) -> Note:
    moved = (
        f"the point moves to {when.isoformat()}, the first day on which it can be"
        if when is not None
        else "no point for that member set"
    )
    return Note(
        f"On {day.isoformat()} the rule of {body}.{matter} cannot be built from the file "
        f"({err.parameter}: expected {err.allowed}): {moved}.",
        "data",
        "rules",
    )
