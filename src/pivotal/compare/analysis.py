"""One organization at one date under several rules: :func:`analyze` and :class:`Analysis`.

Organizations that describe bodies and matters (``Snapshot.game(rule, body=..., matter=...)``)
are supported when the loaded data model offers them; with an older model, asking for a body is a
:class:`~pivotal.errors.PivotalError`, never a silent fallback to the default rule.

With ``unions`` (lists of member ids or group ids of the organization's file) every rule also gets
the Owen and Banzhaf-Owen values of those a priori unions (:mod:`pivotal.power.owen`). A union
member that takes no part under a rule (a limited format) is left out of that union there, and a
note says so:

>>> a = analyze("csto", at="2025-01-01", rules=["consensus", "limited_format"], indices="ss",
...             unions=[["union_state", "ARM"]])
>>> a.unions, a.rule("limited_format").result.unions
((('BLR', 'RUS', 'ARM'),), (('BLR', 'RUS'),))
>>> [n for n in a.notes if n.source == "unions"]
['Under limited_format, ARM takes no part and is left out of the union BLR+RUS+ARM.']

Every line a reader should know (who is counted, unverified rules and data, indices skipped,
approximations) is one :class:`~pivotal.compare.notes.Note` of :attr:`Analysis.notes`, built here
once; the table, the JSON, CSV footers and reports print that list.

Without a rule, the default game follows the file's participation facts: a member that has frozen
its participation is left out when the organization's first body adopts its default rule "in a
limited format" without frozen members, and the first note says so and how to count it:

>>> a = analyze("csto", at="2025-01-01", indices="ss")
>>> a.rules[0].result.players
('BLR', 'KAZ', 'KGZ', 'RUS', 'TJK')
>>> print(a.notes[0])  # doctest: +ELLIPSIS
Armenia (ARM) has frozen its participation since 2024-02-22 and is left out: ...
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from pivotal.compare.exports import Exports
from pivotal.compare.formatting import (
    BIG_COUNT,
    coalitions,
    computed_index,
    decimal,
    fmt,
    headline_index,
)
from pivotal.compare.notes import (
    AGGREGATE_GROUP,
    MEMBER_KINDS,
    Note,
    ordered,
    provenance_kind,
    snapshot_kind,
)
from pivotal.errors import PivotalError
from pivotal.power import INDICES, PowerResult, plan_indices, power
from pivotal.power.owen import validate_unions
from pivotal.power.result import (
    ApproximatePowerResult,
    as_float,
    exact_str,
    html_lines,
    html_table,
    plain_grid,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from pivotal.games.base import SimpleGame
    from pivotal.organizations import Organization, Snapshot

__all__ = [
    "Analysis",
    "RuleAnalysis",
    "analyze",
    "default_participation",
    "referenced_sources",
    "resolve_snapshot",
    "resolve_unions",
]

log = logging.getLogger("pivotal")


@dataclass(frozen=True)
class RuleAnalysis:
    """One rule's results: ``rule`` as the user named it, ``text`` the rule it stands for."""

    rule: str
    text: str
    result: PowerResult
    #: The rule in words, e.g. "more than half of the members (4 of 7)".
    description: str = ""
    #: How well the organization's file supports this rule (``verified`` ... ``unverified``);
    #: None for rule text that is not one of the organization's named rules.
    status: str | None = None
    #: The file's note on the rule, and the keys of its sources.
    note: str | None = None
    sources: tuple[str, ...] = ()

    @property
    def provenance_note(self) -> str | None:
        """A sentence for reports when the rule is not verified, else None."""
        if self.status is None or self.status in ("verified", "derived"):
            return None
        words = self.status.replace("_", " ")
        text = f"Rule '{self.rule}' is {words} in the organization's file"
        return text + (f": {' '.join(self.note.split())}" if self.note else ".")


@dataclass(frozen=True)
class Analysis(Exports):
    """Every index of every member under each rule, for one organization at one date."""

    organization: str
    organization_name: str
    at: date
    members: tuple[str, ...]
    member_names: dict[str, str]
    rules: tuple[RuleAnalysis, ...]
    #: Everything a reader should know, once each, caveats first (see
    #: :mod:`pivotal.compare.notes`); each note is its text, with a ``kind`` and a ``source``.
    notes: tuple[Note, ...] = ()
    exact: bool = True
    #: The body and matter analysed, when the organization describes bodies.
    body: str | None = None
    matter: str | None = None
    #: ``{key: address}`` of the sources behind the members, notes and rules of this analysis.
    sources: dict[str, str] = field(default_factory=dict)
    #: The a priori unions asked for (groups expanded to their members on the day); each rule's
    #: ``result.unions`` keeps only the members that take part under it. None: no unions.
    unions: tuple[tuple[str, ...], ...] | None = None

    @property
    def unions_text(self) -> str | None:
        """``RUS+BLR; the others alone`` (None without unions)."""
        if self.unions is None:
            return None
        parts = ["+".join(u) for u in self.unions]
        return "; ".join([*parts, "the others alone"] if parts else ["every member alone"])

    def rule(self, name: str) -> RuleAnalysis:
        for r in self.rules:
            if name in (r.rule, r.text):
                return r
        raise PivotalError(
            "rule",
            "one of " + ", ".join(repr(r.rule) for r in self.rules),
            repr(name),
            "Name a rule that was analysed.",
        )

    @property
    def index_keys(self) -> tuple[str, ...]:
        """The index keys computed (the same for every rule)."""
        return tuple(self.rules[0].result.indices)

    @property
    def skipped(self) -> dict[str, str]:
        """``{index key: why}`` for the indices of the default set not computed (every rule
        skips the same ones, so that the rules compare alike)."""
        return dict(getattr(self.rules[0].result, "skipped", {})) if self.rules else {}

    @property
    def member_notes(self) -> tuple[Note, ...]:
        """The notes on the member set and the data (kinds caveat, membership, data): the JSON's
        ``"notes"``."""
        return tuple(n for n in self.notes if n.kind in MEMBER_KINDS)

    @property
    def caveats(self) -> tuple[Note, ...]:
        """Every note, caveats first: what a reader should check (the JSON's ``"caveats"``)."""
        return self.notes

    def footer(self) -> list[str]:
        """The dummies and every note, one line each, for CSV and markdown footers."""
        lines = [
            f"dummies under {r.rule}: {', '.join(r.result.dummies) or 'none'}"
            for r in self.rules
            if not isinstance(r.result, ApproximatePowerResult)
        ]
        return lines + [f"{n.kind}: {n}" for n in self.notes]

    def to_frame(self, exact: bool = False) -> pd.DataFrame:
        """Rows: members (index ``member``); columns: (``rule``, ``power_index``).

        Floats by default (counts as integers), exact Fractions with ``exact=True``, as
        :meth:`PowerResult.to_frame`; NaN where a member takes no part under a rule.
        """
        frames = {r.rule: r.result.to_frame(exact) for r in self.rules}
        frame = pd.concat(frames, axis=1, names=["rule", "power_index"])
        frame = frame.reindex(list(self.members))
        frame.index.name = "member"
        frame.attrs["exact"] = exact
        return frame

    def flat_frame(self, exact: bool | None = None) -> pd.DataFrame:
        """The table of ``pivotal analyze -f csv``: one column per ``rule:index`` (exact values
        when the analysis is exact)."""
        frame = self.to_frame(self.exact if exact is None else exact)
        frame.columns = [f"{r}:{k}" for r, k in frame.columns]
        return frame

    def plot(self, index: str | None = None, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Grouped bars of one index (default Shapley-Shubik when computed, else the first):
        one group per member, one bar per rule; veto players hatched. Draws on ``ax``, else on a
        new pyplot figure; ``kwargs`` go to :meth:`matplotlib.axes.Axes.bar`. Returns the Axes.
        """
        from pivotal.power.plotting import bars, new_axes

        key = headline_index(self.index_keys) if index is None else self.index_key(index)
        series = {r.rule: _aligned_floats(r.result, key, self.members) for r in self.rules}
        return bars(
            new_axes(ax),
            self.members,
            series,
            ylabel=INDICES[key].label,
            title=f"{self.organization_name} on {self.at.isoformat()}",
            hatched={r.rule: r.result.veto_players for r in self.rules},
            **kwargs,
        )

    def index_key(self, index: str) -> str:
        """The key of a computed index (any spelling); an error lists the computed ones."""
        return computed_index(index, self.index_keys, "analyze")

    def to_dict(self, exact: bool | None = None) -> dict[str, Any]:
        """The documented JSON contract of ``pivotal analyze`` (see docs/json.md)."""
        exact = self.exact if exact is None else exact
        conv = exact_str if exact else as_float
        rules = []
        for r in self.rules:
            res = r.result
            entry: dict[str, Any] = {
                "rule": r.rule,
                "text": r.text,
                "description": r.description,
            }
            if res.players != self.members:
                # Only some members take part (a limited format): values follow these players.
                entry["players"] = list(res.players)
            if res.unions is not None:
                entry["unions"] = [list(u) for u in res.unions]
            if isinstance(res, ApproximatePowerResult):
                approx = res.to_dict()
                for key in ("players", "quota", "total_weight", "weight_scale"):
                    approx.pop(key, None)
                entry.update(approx)
                rules.append(entry)
                continue
            entry.update(
                {
                    "indices": {k: [conv(v) for v in vals] for k, vals in res.indices.items()},
                    "coleman_act": conv(res.coleman_act),
                    "winning_coalitions": res.winning_count,
                    "veto_players": list(res.veto_players),
                    "dummies": list(res.dummies),
                    "engine": res.engine,
                }
            )
            if res.skipped:
                entry["skipped"] = dict(res.skipped)
            rules.append(entry)
        out: dict[str, Any] = {
            "organization": self.organization,
            "organization_name": self.organization_name,
            "at": self.at.isoformat(),
            "members": list(self.members),
        }
        if self.unions is not None:
            out["unions"] = [list(u) for u in self.unions]
        out.update(
            {
                "rules": rules,
                "notes": list(self.member_notes),
                "caveats": list(self.caveats),
                "exact": exact,
            }
        )
        return out

    @property
    def headcount(self) -> str:
        """``6 members``, or ``6 members, 5 taking part`` when every rule's game leaves the same
        members out (a frozen participation, ``--participants``)."""
        counts = {len(r.result.players) for r in self.rules}
        text = f"{len(self.members)} members"
        if len(counts) == 1 and (n := counts.pop()) < len(self.members):
            text += f", {n} taking part"
        return text

    def table(self, exact: bool | None = None) -> str:
        """One block per rule (members as rows, indices as columns), then power to act, vetoes."""
        exact = self.exact if exact is None else exact
        lead = [n for n in self.notes if n.kind == "caveat"]
        lines = [f"Note: {n}" for n in lead]
        lines.append(
            f"{self.organization_name} ({self.organization}) on {self.at.isoformat()}: "
            f"{self.headcount}",
        )
        if self.unions is not None:
            lines.append(f"A priori unions (Owen values): {self.unions_text}")
        for r in self.rules:
            title = f"Rule: {r.rule}: {r.description or r.text}"
            lines += ["", title, result_grid(r.result, exact)]
        lines += ["", self.rules[0].result.legend(), ""]
        width = max(len(r.rule) for r in self.rules)
        lines.append("Power of the collectivity to act (share of all coalitions that win):")
        for r in self.rules:
            res = r.result
            if isinstance(res, ApproximatePowerResult):
                act = "not estimated" if res.coleman_act is None else decimal(res.coleman_act)
                lines.append(f"  {r.rule:<{width}}  {act:>10}  ({res.description})")
                continue
            lines.append(
                f"  {r.rule:<{width}}  {fmt(res.coleman_act, exact):>10}  "
                f"({coalitions(res.winning_count, len(res.players), exact)})"
            )
        lines.append("Veto players (can block any decision alone):")
        for r in self.rules:
            lines.append(f"  {r.rule:<{width}}  {', '.join(r.result.veto_players) or 'none'}")
        lines.append("Dummies (never decisive):")
        for r in self.rules:
            dummies = r.result.dummies
            shown = "not determined by an estimate" if dummies is None else ", ".join(dummies)
            lines.append(f"  {r.rule:<{width}}  {shown or 'none'}")
        kind = "exact values" if exact else "floats: 6 places, or 2 digits below 1e-4"
        if not exact and any(
            isinstance(r.result, PowerResult)
            and (
                r.result.winning_count >= BIG_COUNT
                or max(r.result.indices.get("raw_banzhaf", ()), default=0) >= BIG_COUNT
            )
            for r in self.rules
        ):
            kind += "; counts of 10^15 or more to 4 digits (exact with --exact)"
        lines.append(
            f"({kind}; engine: {', '.join(sorted({r.result.engine for r in self.rules}))})"
        )
        for note in self.notes:
            if note.kind != "caveat":
                lines.append(f"Note: {note}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.table()

    def _repr_html_(self) -> str:
        """The title, every index under every rule (exact values when the analysis is exact),
        power to act, veto players and dummies per rule, and every caveat; all escaped."""
        title = (
            f"{self.organization_name} ({self.organization}) on {self.at.isoformat()}: "
            f"{self.headcount}"
        )
        lines = []
        if self.unions is not None:
            lines.append(f"A priori unions (Owen values): {self.unions_text}")
        for r in self.rules:
            res = r.result
            lines.append(f"Rule {r.rule}: {r.description or r.text}")
            if isinstance(res, ApproximatePowerResult):
                lines.append(f"  {r.rule}: {res.description}")
                if res.coleman_act is not None:
                    lines.append(f"  power to act: {res.coleman_act:.6f}")
            else:
                lines.append(
                    f"  power to act: {fmt(res.coleman_act, self.exact)} "
                    f"({coalitions(res.winning_count, len(res.players), self.exact)})"
                )
                lines.append("  dummies: " + (", ".join(res.dummies) or "none"))
            lines.append("  veto players: " + (", ".join(res.veto_players) or "none"))
        lines += [f"Note: {c}" for c in self.caveats]
        return (
            f"<p><b>{html.escape(title)}</b></p>"
            + html_table(self.to_frame(self.exact), self.exact)
            + html_lines(lines)
        )


def _aligned_floats(
    result: PowerResult | ApproximatePowerResult, key: str, members: Sequence[str]
) -> list[float | None]:
    """One index of ``result`` as floats in ``members``' order (None: takes no part)."""
    values = dict(zip(result.players, result.indices[key], strict=True))
    return [None if m not in values else float(values[m]) for m in members]


def result_grid(result: PowerResult | ApproximatePowerResult, exact: bool) -> str:
    """Members as rows, indices (short names) as columns, every value written by
    :func:`~pivotal.compare.formatting.fmt` (so tiny floats read ``2.3e-10``, not zeros)."""
    if isinstance(result, ApproximatePowerResult):
        return result.grid()
    columns: dict[str, list[str]] = {
        INDICES[k].short: [fmt(v, exact) for v in values] for k, values in result.indices.items()
    }
    text = plain_grid(result.players, columns)  # type: ignore[arg-type]
    return text if text is not None else result.grid(exact)


def resolve_snapshot(
    organization: str | Organization | Snapshot, at: date | str | None = None
) -> Snapshot:
    """A snapshot from an organization name, file path, :class:`Organization` or snapshot."""
    from pivotal.organizations import Organization, Snapshot, load_organization

    if isinstance(organization, Snapshot):
        return organization
    org = (
        organization if isinstance(organization, Organization) else load_organization(organization)
    )
    return org.snapshot(at)


def _rule_or_matter(
    snap: Snapshot, rule: str | None, options: Mapping[str, Any]
) -> tuple[str | None, dict[str, Any]]:
    """A rule given by the id of one of the body's matters (``special_85``) stands for that
    matter's rule, so two matters of one body can be compared by naming them."""
    opts = {k: v for k, v in options.items() if v is not None}
    org = snap.organization
    if rule is None or rule in org.rules or "matter" in opts or not org.bodies:
        return rule, opts
    if rule in org.body(opts.get("body")).matters:
        return None, {**opts, "matter": rule}
    return rule, opts


def referenced_sources(
    snapshots: Iterable[Snapshot], rules: Iterable[str | None] = ()
) -> dict[str, str]:
    """``{key: address}`` of the sources behind ``snapshots`` and the named ``rules``, in the
    order of the organization's ``sources`` map.

    For each snapshot: the membership spells, suspensions and freezes that had begun by its date,
    of the members counted and of those a note mentions (a former member whose departure date is
    uncertain), and the attributes of the members counted. Events (which change no member set) are
    left out.
    """
    keys: dict[str, None] = {}
    org = None
    for snap in snapshots:
        org = snap.organization
        for m in org.members:
            counted = m.is_member_at(snap.at)
            if not counted and not m.notes_at(snap.at):
                continue
            for period in (*m.memberships, *m.suspended, *m.frozen):
                if period.start.date <= snap.at:
                    keys.update(dict.fromkeys(period.sources))
                    for fact in period.facts():
                        if fact.date <= snap.at:
                            keys.update(dict.fromkeys(fact.sources))
            if counted:
                for attr in m.attributes_at(snap.at).values():
                    keys.update(dict.fromkeys(attr.sources))
    if org is None:
        return {}
    for rule in rules:
        detail = org.rule_details.get(rule) if rule is not None else None
        if detail is not None:
            keys.update(dict.fromkeys(detail.sources))
    return {k: v for k, v in org.sources.items() if k in keys}


def resolve_unions(snap: Snapshot, unions: Iterable[Iterable[str]]) -> tuple[tuple[str, ...], ...]:
    """Unions of member ids or group ids (a group stands for its members counted on the day),
    checked: every name known, no member twice, no empty union.

    >>> from pivotal.organizations import load_organization
    >>> resolve_unions(load_organization("csto").snapshot("2012-05-15"), [["union_state", "KAZ"]])
    (('BLR', 'RUS', 'KAZ'),)
    """
    if isinstance(unions, str | bytes) or not isinstance(unions, Iterable):
        raise PivotalError(
            "unions",
            "a list of unions, each a list of member ids or group ids, e.g. [['RUS', 'BLR']]",
            repr(unions),
            "Wrap each union in a list: unions=[['RUS', 'BLR']] (CLI: --union RUS+BLR).",
        )
    groups = snap.groups
    org = snap.organization
    expanded: list[list[str]] = []
    for k, union in enumerate(unions):
        if isinstance(union, str | bytes) or not isinstance(union, Iterable):
            expanded.append(union)  # type: ignore[arg-type]  # validate_unions says what is wrong
            continue
        names = list(union)
        members: list[str] = []
        for name in names:
            if name in snap.member_ids:
                members.append(name)
            elif name in groups:
                if not groups[name]:
                    raise PivotalError(
                        f"unions[{k}] ({'+'.join(map(str, names))})",
                        "a group with members on the day",
                        f"group '{name}', none of whose members is counted on "
                        f"{snap.at.isoformat()}",
                        "Name members counted on that day, or pick another date.",
                    )
                members.extend(groups[name])
            else:
                raise PivotalError(
                    f"unions[{k}] ({'+'.join(map(str, names))})",
                    f"member ids of {org.id} on {snap.at.isoformat()} ("
                    + ", ".join(snap.member_ids)
                    + ")"
                    + (" or group ids (" + ", ".join(groups) + ")" if groups else ""),
                    repr(name),
                    "Use member ids or group ids of the organization's file "
                    f"(pivotal show {org.id}).",
                )
        expanded.append(members)
    return validate_unions(snap.member_ids, expanded)


def _groups_named(snap: Snapshot, unions: Iterable[Iterable[str]] | None) -> list[str]:
    """The group ids that stand for members in ``unions`` (already checked), once each."""
    if unions is None:
        return []
    found: dict[str, None] = {}
    for union in unions:
        for name in union:
            if name not in snap.member_ids and name in snap.organization.groups:
                found[name] = None
    return list(found)


def _with_group_sources(
    sources: dict[str, str], snap: Snapshot, groups: Iterable[str]
) -> dict[str, str]:
    """``sources`` and those of the groups used as unions, in the file's order."""
    org = snap.organization
    keys = set(sources) | {k for g in groups for k in org.groups[g].sources}
    return {k: v for k, v in org.sources.items() if k in keys}


def _rule_unions(
    unions: tuple[tuple[str, ...], ...], players: tuple[str, ...], label: str
) -> tuple[list[list[str]], list[str]]:
    """The unions restricted to the rule's players, and a note for each member left out."""
    kept: list[list[str]] = []
    notes: list[str] = []
    present = set(players)
    for union in unions:
        inside = [m for m in union if m in present]
        out = [m for m in union if m not in present]
        if out:
            verb = "takes no part and is" if len(out) == 1 else "take no part and are"
            notes.append(
                f"Under {label}, {', '.join(out)} {verb} left out of the union {'+'.join(union)}."
            )
        if inside:
            kept.append(inside)
    return kept, notes


def analyze(
    organization: str | Organization | Snapshot,
    at: date | str | None = None,
    rules: Sequence[str | None] | str | None = None,
    indices: Iterable[str] | str | None = None,
    exact: bool = True,
    engine: str | None = None,
    body: str | None = None,
    matter: str | None = None,
    *,
    host: str | None = None,
    participants: Iterable[str] | None = None,
    unions: Iterable[Iterable[str]] | None = None,
    samples: int | None = None,
    precision: float | None = None,
    seed: int | None = None,
    budget: float | None = None,
) -> Analysis:
    """Analyse an organization's members at ``at`` under each rule (a rule name of the
    organization's file, or rule text such as ``"at least 2/3 of members"``).

    ``body`` and ``matter`` pick the deciding body and the kind of decision, ``host`` the member
    on whose territory a decision applies, ``participants`` who takes part, when the
    organization's data describe them (and this installation's data model supports them).
    ``unions`` (member ids or group ids) adds the Owen and Banzhaf-Owen values of those a
    priori unions to every rule. ``samples``, ``precision`` and ``seed`` go with
    ``engine="montecarlo"``, ``budget`` (seconds) with the exact engines (see
    :func:`pivotal.power.power`)."""
    from pivotal.rules import describe_rule

    snap = resolve_snapshot(organization, at)
    if unions is not None and not isinstance(unions, str | bytes) and isinstance(unions, Iterable):
        # Read once: a generator of unions is used twice below.
        unions = [
            list(u) if isinstance(u, Iterable) and not isinstance(u, str | bytes) else u
            for u in unions
        ]
    given_unions = None if unions is None else resolve_unions(snap, unions)
    union_notes: list[str] = []
    union_groups = _groups_named(snap, unions)
    for gid in union_groups:
        group = snap.organization.groups[gid]
        if group.status != "verified":
            words = group.status.replace("_", " ")
            union_notes.append(
                f"Group '{gid}' (a union) is {words} in the organization's file"
                + (f": {' '.join(group.note.split())}" if group.note else ".")
            )
    lead: list[Note] = []
    if rules is None and not body and not matter and participants is None:
        # The default game follows the file's participation facts (a frozen member left out).
        found = default_participation(snap)
        if found is not None:
            participants, note = found
            lead.append(note)
    options = {
        "body": body,
        "matter": matter,
        "host": host,
        "participants": None if participants is None else tuple(participants),
    }
    if rules is None:
        rules = [None if body or matter else snap.organization.default_rule]
    elif isinstance(rules, str):
        rules = [rules]
    if not rules:
        raise PivotalError(
            "rules",
            "at least one rule",
            "none",
            "Name a rule (--rule in the CLI, rules= in Python), e.g. consensus.",
        )
    details = snap.organization.rule_details
    chosen = []
    for given in rules:
        rule, opts = _rule_or_matter(snap, given, options)
        chosen.append((given, rule, opts, snap.game(rule, **opts)))
    keys, skipped = _common_indices([game for *_, game in chosen], indices, engine, budget)
    analyses = []
    provenance: list[str] = []
    for given, rule, opts, game in chosen:
        text_opts = {k: v for k, v in opts.items() if k in ("body", "matter")}
        text = snap.rule_text(rule, **text_opts)
        label = given if given is not None else (matter or body or text)
        kept = None
        if given_unions is not None:
            kept, dropped = _rule_unions(given_unions, game.players, label)
            union_notes += dropped
        result = power(
            game,
            indices=keys,
            exact=exact,
            engine=engine,
            unions=kept,
            samples=samples,
            precision=precision,
            seed=seed,
            budget=budget,
        )
        if skipped and isinstance(result, PowerResult):
            result = replace(result, skipped=dict(skipped))
        detail = details.get(rule) if rule is not None else None
        analyses.append(
            RuleAnalysis(
                label,
                text,
                result,
                describe_rule(
                    text,
                    result.players,
                    groups=snap.groups,
                    host=host,
                    chair=snap.chair(opts.get("body")) if snap.organization.bodies else None,
                    member_names={m.id: m.name for m in snap.members},
                ),
                status=detail.status if detail else None,
                note=detail.note if detail else None,
                sources=detail.sources if detail else (),
            )
        )
        opts.pop("host", None)  # the host changes no fact the result rests on
        provenance += snap.provenance(rule, **opts)
    notes = _notes(snap, analyses, lead, union_notes, provenance)
    return Analysis(
        organization=snap.organization.id,
        organization_name=snap.organization.name,
        at=snap.at,
        members=tuple(snap.member_ids),
        member_names={m.id: m.name for m in snap.members},
        rules=tuple(analyses),
        notes=notes,
        exact=exact,
        body=body,
        matter=matter,
        sources=_with_group_sources(referenced_sources([snap], rules), snap, union_groups),
        unions=given_unions,
    )


def _common_indices(
    games: Sequence[SimpleGame],
    indices: Iterable[str] | str | None,
    engine: str | None,
    budget: float | None,
) -> tuple[tuple[str, ...] | Iterable[str] | str | None, dict[str, str]]:
    """The indices every rule computes, and ``{key: why}`` for those of the default set that
    some rule cannot count: the others skip them too, so that the rules compare index by index."""
    if indices is not None or engine is not None:
        return indices, {}
    skipped: dict[str, str] = {}
    for game in games:
        for key, why in plan_indices(game, None, engine, budget)[1].items():
            skipped.setdefault(key, why)
    if not skipped:
        return None, {}
    keys = tuple(k for k in INDICES if k not in skipped)
    if not keys:
        return None, {}  # nothing can be counted: power() raises the engines' full error
    if len(games) > 1:
        for key, why in skipped.items():
            able = [g for g in games if key not in plan_indices(g, None, engine, budget)[1]]
            if able:
                skipped[key] = "left out under every rule because another rule cannot: " + why
    return keys, skipped


def default_participation(snap: Snapshot) -> tuple[tuple[str, ...], Note] | None:
    """Who takes part by default, when members have frozen their participation and the
    organization's first body adopts its default rule "in a limited format" on this day (a matter
    with ``abstention: limited_format`` and the same rule text): the members less the frozen ones,
    with the note that says so and how to count them anyway. None otherwise."""
    org = snap.organization
    frozen = snap.frozen_ids
    if not frozen or not org.bodies or org.default_rule is None:
        return None
    body = org.body()
    text = org.rules[org.default_rule]
    for matter_id in body.matters:
        try:
            entry = snap.rule_for(body.id, matter_id)
        except PivotalError:
            continue  # not in force on this day
        if entry.abstention != "limited_format" or entry.text != text:
            continue
        players = snap.players(body=body.id, matter=matter_id)
        out = [m for m in snap.member_ids if m not in players]
        if not out:
            return None
        members = {m.id: m for m in snap.members}
        labels = _join([members[m].label for m in out])
        since = _join([_freeze_start(members[m], snap.at) for m in out])
        one = len(out) == 1
        text = (
            f"{labels} {'has' if one else 'have'} frozen {'its' if one else 'their'} participation "
            f"{since} and {'is' if one else 'are'} left out: the file records that the "
            f"{body.name} adopts decisions 'in a limited format' without members whose "
            f"participation is frozen ({body.id}.{matter_id}, {entry.status.replace('_', ' ')}). "
            f"{'It remains a member' if one else 'They remain members'} de jure; to count "
            f"{'it' if one else 'them'} (then {'its' if one else 'their'} absence blocks a "
            "consensus), name every participant: --participants "
            + ",".join(snap.member_ids)
            + " in the CLI, participants=[...] in Python."
        )
        return players, Note(text, "caveat", "participation")
    return None


def _freeze_start(member: Any, day: date) -> str:
    period = member.freeze_at(day)
    return f"since {period.start.text}" if period is not None else ""


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _aggregate_notes(snap: Snapshot, players: Iterable[str]) -> list[Note]:
    """A caveat for each pseudo-member (listed in the file's ``aggregates`` group) that plays."""
    group = snap.organization.groups.get(AGGREGATE_GROUP)
    if group is None:
        return []
    members = {m.id: m for m in snap.members}
    present = [m for m in dict.fromkeys(players) if m in group.members and m in members]
    if not present:
        return []
    labels = _join([members[m].label for m in present])
    one = len(present) == 1
    text = (
        f"On {snap.at.isoformat()} the file has no full member table: {labels} "
        f"{'is an aggregate' if one else 'are aggregates'} of several members, counted as ONE "
        f"player, which overstates {'its' if one else 'their'} power. "
        + " ".join((group.note or "").split())
    )
    return [Note(text.strip(), "caveat", "members")]


def _notes(
    snap: Snapshot,
    analyses: Sequence[RuleAnalysis],
    lead: list[Note],
    union_notes: Sequence[str],
    provenance: Sequence[str],
) -> tuple[Note, ...]:
    """Every note of an analysis, once each, caveats first (:mod:`pivotal.compare.notes`)."""
    org_id = snap.organization.id
    players = [p for r in analyses for p in r.result.players]
    notes = list(lead) + _aggregate_notes(snap, players)
    # A member the default participation leaves out: its snapshot note ("counted as a member")
    # is said better by the lead note.
    out = {m for m in snap.member_ids if any(m not in r.result.players for r in analyses)}
    superseded = tuple(f"{m.label} has frozen" for m in snap.members if m.id in out) if lead else ()
    for text in snap.notes:
        if not (superseded and text.startswith(superseded)):
            notes.append(Note(text, snapshot_kind(org_id, text), "members"))
    notes += [Note(t, "membership", "unions") for t in union_notes]
    for text in provenance:
        if text not in snap.notes:
            notes.append(Note(text, provenance_kind(text), "rules"))
    by_reason: dict[str, list[str]] = {}
    for key, why in getattr(analyses[0].result, "skipped", {}).items():
        by_reason.setdefault(why, []).append(key)
    for why, keys in by_reason.items():
        labels = _join([INDICES[k].label for k in keys])
        notes.append(Note(f"Not computed: {labels}; {why}", "skipped", "indices"))
    for r in analyses:
        if isinstance(r.result, ApproximatePowerResult):
            notes.append(
                Note(
                    f"Under {r.rule} the values are {r.result.description}.",
                    "approximate",
                    f"rule {r.rule}",
                )
            )
    return tuple(ordered(notes))
