"""Two rules for one organization at one date: what changes for each member and for the whole.

>>> from pivotal.compare import compare
>>> c = compare("csto", rules=["consensus", "majority"], at="2012-05-15")
>>> c.value("coleman_prevent", "BLR", "consensus"), c.value("coleman_prevent", "BLR", "majority")
(Fraction(1, 1), Fraction(5, 16))
>>> c.difference("coleman_prevent", "BLR")
Fraction(-11, 16)
>>> c.veto_gained, c.coleman_act
((), {'consensus': Fraction(1, 128), 'majority': Fraction(1, 2)})
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import pandas as pd

from pivotal.compare.analysis import Analysis, RuleAnalysis, analyze, resolve_snapshot
from pivotal.compare.exports import Exports
from pivotal.compare.formatting import computed_index, fmt, fmt_signed, headline_index
from pivotal.compare.notes import Note
from pivotal.errors import PivotalError
from pivotal.power import INDICES, PowerResult
from pivotal.power.result import (
    as_float,
    exact_str,
    frame_column,
    html_lines,
    html_table,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from pivotal.organizations import Organization, Snapshot

__all__ = ["Comparison", "compare"]

#: The column of :meth:`Comparison.to_frame` that holds the differences.
DIFFERENCE = "difference"


@dataclass(frozen=True)
class Comparison(Exports):
    """Two rules side by side: ``after`` (the second rule) against ``before`` (the first).

    Differences are exact: ``after - before`` for every index of every member. A member that
    takes no part under one of the rules (a limited format, chosen participants) has None there.
    """

    analysis: Analysis
    #: ``{index: (after - before for each member, in member order)}``.
    differences: dict[str, tuple[int | Fraction | None, ...]]
    #: Members who can block alone under the second rule but not under the first, and back.
    veto_gained: tuple[str, ...]
    veto_lost: tuple[str, ...]

    # -- what was compared ---------------------------------------------------------------------
    @property
    def organization(self) -> str:
        return self.analysis.organization

    @property
    def organization_name(self) -> str:
        return self.analysis.organization_name

    @property
    def at(self) -> date:
        return self.analysis.at

    @property
    def members(self) -> tuple[str, ...]:
        """The players under either rule, in the organization's member order."""
        players = set(self.before.result.players) | set(self.after.result.players)
        return tuple(m for m in self.analysis.members if m in players)

    @property
    def member_names(self) -> dict[str, str]:
        return self.analysis.member_names

    @property
    def exact(self) -> bool:
        return self.analysis.exact

    @property
    def before(self) -> RuleAnalysis:
        """The first rule (the baseline)."""
        return self.analysis.rules[0]

    @property
    def after(self) -> RuleAnalysis:
        """The second rule (the alternative)."""
        return self.analysis.rules[1]

    @property
    def rules(self) -> tuple[RuleAnalysis, RuleAnalysis]:
        return (self.before, self.after)

    @property
    def rule_names(self) -> tuple[str, str]:
        return (self.before.rule, self.after.rule)

    @property
    def index_keys(self) -> tuple[str, ...]:
        return self.analysis.index_keys

    @property
    def headline_index(self) -> str:
        """Shapley-Shubik when computed, else Banzhaf, else the first index computed."""
        return headline_index(self.index_keys)

    @property
    def notes(self) -> tuple[Note, ...]:
        """Every note of the analysis (:attr:`Analysis.notes`), caveats first."""
        return self.analysis.notes

    @property
    def caveats(self) -> tuple[Note, ...]:
        """What a reader should check: every note (membership, unverified rules and data,
        indices skipped), caveats first."""
        return self.analysis.caveats

    @property
    def sources(self) -> dict[str, str]:
        return self.analysis.sources

    @property
    def unions(self) -> tuple[tuple[str, ...], ...] | None:
        """The a priori unions asked for (None: no Owen values)."""
        return self.analysis.unions

    @property
    def title(self) -> str:
        """``CSTO on 2012-05-15: consensus vs majority``."""
        where = ""
        if self.analysis.body or self.analysis.matter:
            where = " (" + ", ".join(x for x in (self.analysis.body, self.analysis.matter) if x)
            where += ")"
        return (
            f"{self.organization.upper()}{where} on {self.at.isoformat()}: "
            f"{self.before.rule} vs {self.after.rule}"
        )

    # -- values ----------------------------------------------------------------------------------
    @property
    def coleman_act(self) -> dict[str, Fraction]:
        """The power of the organization to act (share of coalitions that win), per rule."""
        return {r.rule: r.result.coleman_act for r in self.rules}

    @property
    def act_ratio(self) -> Fraction | None:
        """How many times as often the organization can act under the second rule as under the
        first (None when it can never act under the first)."""
        base = self.before.result.coleman_act
        return None if base == 0 else self.after.result.coleman_act / base

    def value(self, index: str, member: str, rule: str) -> int | Fraction:
        """One member's value of one index under one of the two rules."""
        return self.analysis.rule(rule).result.value(index, member)

    def values(self, rule: str, index: str) -> tuple[int | Fraction | None, ...]:
        """One index under one rule for every member of :attr:`members` (None: takes no part)."""
        return _aligned(self.analysis.rule(rule).result, self.index_key(index), self.members)

    def difference(self, index: str, member: str) -> int | Fraction | None:
        """``after - before`` for one member and one index, exact."""
        key = self.index_key(index)
        return self.differences[key][self._member(member)]

    def index_key(self, index: str) -> str:
        """The key of a computed index (any spelling); an error lists the computed ones."""
        return computed_index(index, self.differences, "compare")

    def _member(self, member: str) -> int:
        if member not in self.members:
            raise PivotalError(
                "member",
                "one of " + ", ".join(self.members),
                member,
                f"Name a member of {self.organization} on {self.at.isoformat()}.",
            )
        return self.members.index(member)

    # -- outputs ---------------------------------------------------------------------------------
    def summary(self) -> list[str]:
        """Plain-language lines: vetoes gained and lost, power to act, the headline index."""
        from pivotal.compare.narrative import summarize

        return summarize(self)

    def narrate(self, member: str) -> list[str]:
        """Plain-language lines about one member under both rules."""
        from pivotal.compare.narrative import narrate

        return narrate(self.analysis, member)

    def to_frame(self, exact: bool = False) -> pd.DataFrame:
        """Rows: members (index ``member``); columns: (``power_index``, ``rule``) for both rules
        and (``power_index``, ``"difference"``).

        Floats by default (counts as integers), exact Fractions with ``exact=True``; NaN (None
        when exact) where a member takes no part under a rule.
        """
        columns: dict[tuple[str, str], Any] = {}
        for key in self.index_keys:
            for r in self.rules:
                columns[(key, r.rule)] = frame_column(self.values(r.rule, key), exact)
            columns[(key, DIFFERENCE)] = frame_column(self.differences[key], exact)
        frame = pd.DataFrame(columns, index=pd.Index(self.members, name="member"))
        frame.columns = pd.MultiIndex.from_tuples(list(columns), names=["power_index", "rule"])
        frame.attrs["coleman_act"] = {
            k: (v if exact else float(v)) for k, v in self.coleman_act.items()
        }
        frame.attrs["veto_gained"] = list(self.veto_gained)
        frame.attrs["veto_lost"] = list(self.veto_lost)
        frame.attrs["exact"] = exact
        return frame

    def flat_frame(self, exact: bool | None = None) -> pd.DataFrame:
        """The table of ``pivotal compare -f csv``: one column per ``index:rule`` and
        ``index:difference`` (exact values when the comparison is exact)."""
        frame = self.to_frame(self.exact if exact is None else exact)
        # The frame's columns are (index, rule); flat, they read rule:index, as in Analysis and
        # in the JSON (rules hold indices).
        frame.columns = [f"{c[1]}:{c[0]}" if isinstance(c, tuple) else c for c in frame.columns]
        return frame

    def footer(self) -> list[str]:
        """The dummies and every note, one line each (those of the underlying analysis)."""
        return self.analysis.footer()

    def plot(self, index: str | None = None, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Grouped bars of one index (default Shapley-Shubik when computed, else the first):
        one group per member, one bar per rule (the baseline first); veto players hatched.
        Draws on ``ax``, else on a new pyplot figure; ``kwargs`` go to
        :meth:`matplotlib.axes.Axes.bar`. Returns the Axes. :meth:`chart` draws the whole
        figure of the reports, with the power to act."""
        from pivotal.power.plotting import bars, new_axes

        key = self.headline_index if index is None else self.index_key(index)
        series = {
            r.rule: [None if v is None else float(v) for v in self.values(r.rule, key)]
            for r in self.rules
        }
        return bars(
            new_axes(ax),
            self.members,
            series,
            ylabel=INDICES[key].label,
            title=self.title,
            hatched={r.rule: r.result.veto_players for r in self.rules},
            **kwargs,
        )

    def to_dict(self, exact: bool | None = None) -> dict[str, Any]:
        """Stable JSON keys: organization, organization_name, at, members, member_names, rules,
        indices (per rule, per index, in member order), differences (second minus first),
        veto_gained, veto_lost, coleman_act (per rule), act_ratio, summary, notes, caveats,
        sources, exact; with unions also ``unions`` (top level and per rule). Exact values are
        ``"p/q"`` strings (integers stay integers)."""
        exact = self.exact if exact is None else exact
        base = exact_str if exact else as_float

        def conv(v: int | Fraction | None) -> Any:
            return None if v is None else base(v)

        ratio = self.act_ratio
        out = {
            "organization": self.organization,
            "organization_name": self.organization_name,
            "at": self.at.isoformat(),
            "body": self.analysis.body,
            "matter": self.analysis.matter,
            "members": list(self.members),
            "member_names": dict(self.member_names),
            "rules": [
                _with_unions(
                    {
                        "rule": r.rule,
                        "text": r.text,
                        "description": r.description,
                        "status": r.status,
                        "players": list(r.result.players),
                        "winning_coalitions": r.result.winning_count,
                        "veto_players": list(r.result.veto_players),
                        "dummies": list(r.result.dummies),
                        "engine": r.result.engine,
                    }
                    | ({"skipped": dict(r.result.skipped)} if r.result.skipped else {}),
                    "players",
                    r.result.unions,
                )
                for r in self.rules
            ],
            "indices": {
                r.rule: {k: [conv(v) for v in self.values(r.rule, k)] for k in self.index_keys}
                for r in self.rules
            },
            "differences": {k: [conv(v) for v in vals] for k, vals in self.differences.items()},
            "veto_gained": list(self.veto_gained),
            "veto_lost": list(self.veto_lost),
            "coleman_act": {k: conv(v) for k, v in self.coleman_act.items()},
            "act_ratio": None if ratio is None else conv(ratio),
            "summary": self.summary(),
            "notes": list(self.analysis.member_notes),
            "caveats": list(self.caveats),
            "sources": dict(self.sources),
            "exact": exact,
        }
        return _with_unions(out, "member_names", self.unions)

    def difference_grid(self, exact: bool | None = None) -> str:
        """Members as rows, the differences of each index (short names) as columns."""
        exact = self.exact if exact is None else exact
        frame = pd.DataFrame(
            {
                INDICES[k].short: [fmt_signed(v, exact) for v in vals]
                for k, vals in self.differences.items()
            },
            index=list(self.members),
        )
        return frame.to_string()

    def table(self, exact: bool | None = None) -> str:
        """Both rules' tables, then the differences, vetoes gained and lost, power to act, and
        the plain-language summary."""
        exact = self.exact if exact is None else exact
        a, b = self.rule_names
        lines = [self.analysis.table(exact), ""]
        lines.append(f"Differences ({b} minus {a}):")
        lines.append(self.difference_grid(exact))
        lines.append("")
        lines.append(f"Can block alone under {b} but not under {a}: " + _ids(self.veto_gained))
        lines.append(f"Can block alone under {a} but not under {b}: " + _ids(self.veto_lost))
        ratio = self.act_ratio
        lines.append(
            f"Power to act: {a} {fmt(self.before.result.coleman_act, exact)}, "
            f"{b} {fmt(self.after.result.coleman_act, exact)}; ratio {b}/{a}: "
            + ("undefined (never acts)" if ratio is None else fmt(ratio, exact))
        )
        lines.append("")
        lines += self.summary()
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.table()

    def _repr_html_(self) -> str:
        """The title, both rules' values and the differences (exact when the comparison is
        exact), the plain-language summary and every caveat; all escaped."""
        lines = list(self.summary())
        if self.unions is not None:
            lines.append(f"A priori unions (Owen values): {self.analysis.unions_text or ''}")
        lines += [f"Note: {c}" for c in self.caveats]
        return (
            f"<p><b>{html.escape(self.title)}</b></p>"
            + html_table(self.to_frame(self.exact), self.exact)
            + html_lines(lines)
        )

    def chart(self, index: str | None = None) -> Figure:
        """Grouped bars of one index per member under each rule (see
        :func:`pivotal.compare.charts.comparison_chart`)."""
        from pivotal.compare.charts import comparison_chart

        return comparison_chart(self, index=index)


def _with_unions(
    entry: dict[str, Any], after: str, unions: tuple[tuple[str, ...], ...] | None
) -> dict[str, Any]:
    """``entry`` with a ``unions`` key right after ``after`` (unchanged without unions)."""
    if unions is None:
        return entry
    out: dict[str, Any] = {}
    for key, value in entry.items():
        out[key] = value
        if key == after:
            out["unions"] = [list(u) for u in unions]
    return out


def _aligned(
    result: PowerResult, key: str, members: Sequence[str]
) -> tuple[int | Fraction | None, ...]:
    values = dict(zip(result.players, result.indices[key], strict=True))
    return tuple(values.get(m) for m in members)


def _ids(ids: Sequence[str]) -> str:
    return ", ".join(ids) or "none"


def default_rules(snap: Snapshot, body: str | None = None) -> tuple[list[str], str]:
    """The two rules a comparison with none named compares, and why: the organization's first
    two named rules; else the first two matters of the body (its default matter first) in force
    that day; else its one rule against simple majority, the reform most often proposed.

    >>> from pivotal.organizations import load_organization
    >>> default_rules(load_organization("csto").snapshot("2012-05-15"))[0]
    ['consensus', 'majority']
    >>> default_rules(load_organization("unsc").snapshot("2000-01-01"))
    (['substantive', 'procedural'], 'the first two matters of the Security Council in force')
    >>> default_rules(load_organization("nato").snapshot("2024-01-01"))[0]
    ['consensus', 'majority']
    """
    org = snap.organization
    if len(org.rules) >= 2 and body is None:
        return list(org.rules)[:2], "the organization's first two named rules"
    if org.bodies:
        chosen = org.body(body)
        matters = [m for m in chosen.matters if any(e.in_force(snap.at) for e in chosen.matters[m])]
        matters.sort(key=lambda m: m != chosen.default_matter)
        if len(matters) >= 2:
            return matters[:2], f"the first two matters of the {chosen.name} in force"
        base = matters[0] if matters else chosen.default_matter
        text = snap.rule_text(body=chosen.id, matter=base) if matters else ""
    else:
        base = org.default_rule or next(iter(org.rules), "consensus")
        text = org.rules.get(base, base)
    alternative = "unanimity" if text.strip().lower() == "majority" else "majority"
    return [base, alternative], f"its one rule against {alternative}, the usual alternative"


def compare(
    organization: str | Organization | Snapshot,
    rules: Sequence[str] = (),
    at: date | str | None = None,
    body: str | None = None,
    matter: str | None = None,
    indices: Iterable[str] | str | None = None,
    exact: bool = True,
    engine: str | None = None,
    *,
    host: str | None = None,
    participants: Iterable[str] | None = None,
    unions: Iterable[Iterable[str]] | None = None,
) -> Comparison:
    """Compare two rules (``rules=[first, second]``: names from the organization's file or rule
    text; none: :func:`default_rules`, said in the first note) for the members in force on ``at``
    (today when omitted). Differences are second minus
    first; ``veto_gained`` are the members who can block alone only under the second rule.
    ``unions`` (member ids or group ids) adds the Owen and Banzhaf-Owen values of those a priori
    unions, and their differences."""
    if engine == "montecarlo":
        # Differences of two estimates need their joint error, which no interval here gives.
        raise PivotalError(
            "engine",
            "an exact engine for a comparison (enumeration, dp)",
            "'montecarlo'",
            "Leave out --engine, or run pivotal analyze --engine montecarlo with both rules.",
        )
    rules = [rules] if isinstance(rules, str) else list(rules)
    chosen_note = None
    if not rules:
        snap = resolve_snapshot(organization, at)
        rules, why = default_rules(snap, body)
        organization, at = snap, None
        chosen_note = Note(
            f"No rules named: comparing {rules[0]} with {rules[1]} ({why}). Name two rules to "
            "compare others (--rule twice in the CLI, rules= in Python).",
            "caveat",
            "rules",
        )
    if len(rules) != 2:
        raise PivotalError(
            "rules",
            "exactly two rules, the baseline first",
            repr(rules),
            "Name two rules, e.g. rules=['consensus', 'majority'] (--rule twice).",
        )
    if rules[0] == rules[1]:
        raise PivotalError(
            "rules", "two different rules", repr(rules), "Name a second, different rule."
        )
    analysis = analyze(
        organization,
        at=at,
        rules=rules,
        indices=indices,
        exact=exact,
        engine=engine,
        body=body,
        matter=matter,
        host=host,
        participants=participants,
        unions=unions,
    )
    if chosen_note is not None:
        analysis = replace(analysis, notes=(chosen_note, *analysis.notes))
    first, second = analysis.rules
    players = set(first.result.players) | set(second.result.players)
    members = [m for m in analysis.members if m in players]
    differences = {
        key: tuple(
            None if a is None or b is None else b - a
            for a, b in zip(
                _aligned(first.result, key, members),
                _aligned(second.result, key, members),
                strict=True,
            )
        )
        for key in first.result.indices
    }
    veto_a, veto_b = set(first.result.veto_players), set(second.result.veto_players)
    return Comparison(
        analysis=analysis,
        differences=differences,
        veto_gained=tuple(m for m in members if m in veto_b - veto_a),
        veto_lost=tuple(m for m in members if m in veto_a - veto_b),
    )
