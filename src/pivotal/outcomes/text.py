"""Outcome analyses as plain text: tables a terminal shows, and sentences an analyst can quote."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from pivotal.outcomes.consent import ConsentCost
from pivotal.power.registry import INDICES

if TYPE_CHECKING:
    from pivotal.outcomes.analysis import DimensionOutcome, OutcomeAnalysis, RuleOutcome

__all__ = ["analysis_text", "consent_sentence", "narrate_outcomes"]


def _n(value: object, exact: bool = True) -> str:
    from pivotal.outcomes.analysis import show_number

    return show_number(value, exact)  # type: ignore[arg-type]


def _interval(pair: tuple | None, exact: bool, open_: bool = False) -> str:
    if pair is None:
        return "none"
    lo, hi = pair
    left = "-inf" if lo is None else _n(lo, exact)
    right = "+inf" if hi is None else _n(hi, exact)
    return f"({left}, {right})" if open_ else f"[{left}, {right}]"


def _pct(part: Fraction | float, whole: Fraction | float) -> str:
    if not whole:
        return "0%"
    share = float(part) / float(whole) * 100
    return f"{share:.0f}%" if abs(share - round(share)) < 0.05 else f"{share:.1f}%"


def consent_sentence(rule: str, consent: ConsentCost, exact: bool, names: dict[str, str]) -> str:
    """ "Under consensus the move costs 0.39 in all: BLR 0.22 (56%), ..." in one line."""
    if consent.coalition is None:
        return f"Under {rule} no coalition of the members taking part can pass anything."
    if not consent.total:
        return f"Under {rule} the move needs no compensation: enough members gain from it."
    paid = ", ".join(
        f"{names.get(m, m)} {_n(v, exact)} ({_pct(v, consent.total)})"
        for m, v in sorted(consent.paid.items(), key=lambda kv: -float(kv[1]))
    )
    approx = "" if consent.exact else " (approximate)"
    return f"Under {rule} the move costs {_n(consent.total, exact)}{approx} in all: {paid}."


def _row(r: RuleOutcome, d: DimensionOutcome, exact: bool) -> list[str]:
    line = d.line
    pivots = "/".join(p or "-" for p in line.pivots)
    win = _interval(line.win_set, exact, open_=True) if line.win_set else "empty: gridlock"
    setter = _n(line.setter_outcome, exact) if line.setter else "-"
    nash = "-" if d.nash is None else _n(d.nash.value, exact)
    cost = "-"
    if d.consent is not None:
        cost = "impossible" if d.consent.total is None else _n(d.consent.total, exact)
    return [
        r.rule,
        _interval(line.core, exact),
        win,
        pivots,
        setter,
        _n(d.compromise, exact),
        nash,
        cost,
    ]


def _grid(rows: list[list[str]], header: list[str]) -> list[str]:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return [fmt.format(*header).rstrip()] + [fmt.format(*row).rstrip() for row in rows]


def analysis_text(a: OutcomeAnalysis, exact: bool = True) -> str:
    s = a.scenario
    names = {**s.member_names, **s.actors}
    head = f"{s.name}"
    if s.organization is not None:
        head += f" ({s.organization.id} on {s.at.isoformat() if s.at else '?'})"
    lines = [head]
    if s.setter:
        lines.append(f"Agenda setter: {names.get(s.setter, s.setter)} ({s.setter_basis})")
    measure = a.rules[0].capability if a.rules else s.capability
    lines.append(f"Capability in the bargaining models: {measure} of the rule in force")
    for k, dim in enumerate(s.dimensions):
        y = s.status_quo[dim.id].value
        lines += [
            "",
            f"{dim.name} ({dim.low} <-> {dim.high}); status quo {_n(y, exact)}",
        ]
        order = sorted(s.positions_on(dim.id).items(), key=lambda kv: (kv[1], kv[0]))
        lines.append("Positions: " + ", ".join(f"{m} {_n(x, exact)}" for m, x in order))
        header = [
            "rule",
            "core",
            "win set",
            "pivots L/R",
            "setter's outcome",
            "compromise",
            "Nash",
            "cost of consent",
        ]
        lines += _grid([_row(r, r.dimensions[k], exact) for r in a.rules], header)
        first = a.rules[0].dimensions[k] if a.rules else None
        if first is not None and first.proposal is not None:
            lines.append(
                f"Cost of consent of moving to {_n(first.proposal, exact)}, {first.proposal_basis}:"
            )
            for r in a.rules:
                consent = r.dimensions[k].consent
                if consent is not None:
                    lines.append("  " + consent_sentence(r.rule, consent, exact, names))
        for r in a.rules:
            d = r.dimensions[k]
            if d.line.needed:
                lines.append(
                    f"Needed for the setter's outcome under {r.rule}: " + ", ".join(d.line.needed)
                )
        for r in a.rules:
            d = r.dimensions[k]
            moving = [m for m, (lo, hi) in d.sensitivity.items() if lo or hi]
            if moving and d.line.setter:
                parts = [f"{m} {_slope(*d.sensitivity[m])}" for m in moving]
                lines.append(f"The outcome under {r.rule} moves with: " + ", ".join(parts))
        for pid in first.proposals if first else {}:
            verdicts = ", ".join(
                f"{r.rule}: {'passes' if r.dimensions[k].proposals[pid] else 'fails'}"
                for r in a.rules
            )
            z = s.proposals[pid].point[dim.id]
            lines.append(
                f"Proposal '{s.proposals[pid].name}' ({_n(z, exact)}) against the status quo on "
                f"this dimension: {verdicts}"
            )
    if len(s.dimensions) == 2 and a.rules:
        lines += ["", f"On the plane ({s.dimensions[0].name} x {s.dimensions[1].name}):"]
        for r in a.rules:
            p = r.plane
            if p is None:
                continue
            if p.core is None:
                core = "no coalition can win: every status quo stays"
            elif not p.core:
                core = "empty (no status quo is safe)"
            else:
                core = "polygon " + " ".join(f"({_n(x, exact)}, {_n(y, exact)})" for x, y in p.core)
            where = "inside" if p.in_core else "outside"
            win = "empty" if p.win_set.is_empty else f"area {p.win_set.area:.4g}"
            lines.append(f"  {r.rule}: core {core}; the status quo is {where} it; win set {win}")
            for pid, passes in r.plane_proposals.items():
                lines.append(
                    f"    proposal '{s.proposals[pid].name}': "
                    + ("beats the status quo" if passes else "does not beat the status quo")
                )
            if r.plane_consent is not None and r.plane_consent.total is not None:
                lines.append("    " + consent_sentence(r.rule, r.plane_consent, False, names))
    if s.blocs and a.rules and a.rules[0].owen is not None:
        blocs = "; ".join(f"{k}: {'+'.join(v)}" for k, v in s.blocs.items())
        lines += ["", f"A-priori unions ({blocs}): Owen / Banzhaf-Owen values"]
        rows = []
        header = [
            "member",
            *[f"{r.rule} Owen" for r in a.rules],
            *[f"{r.rule} Bz-Owen" for r in a.rules],
        ]
        for m in s.members:
            row = [m]
            row += [_n((r.owen or {}).get(m), exact) for r in a.rules]
            row += [_n((r.banzhaf_owen or {}).get(m), exact) for r in a.rules]
            rows.append(row)
        lines += _grid(rows, header)
    if a.caveats:
        lines += ["", "Values and facts to check (not verified):"]
        lines += [f"  - {c}" for c in a.caveats]
    kind = "exact values" if exact else "decimals"
    lines += ["", f"({kind}; Nash by bisection where not exact; plane win sets drawn with chords)"]
    return "\n".join(lines)


def _slope(left: Fraction, right: Fraction) -> str:
    if left == right:
        return f"x{_n(left)}"
    return f"x{_n(left)} (left) / x{_n(right)} (right)"


def narrate_outcomes(
    a: OutcomeAnalysis, member: str | None = None, watch: str | None = None
) -> list[str]:
    """Plain-language lines about the scenario: what moves under each rule, what ``member``'s
    consent costs (e.g. BLR), whether the outcome tracks ``watch``'s position (e.g. RUS), what
    the two dimensions together allow, and the blocs' Owen values."""
    s = a.scenario
    names = {**s.member_names, **s.actors}
    out = []
    for k, dim in enumerate(s.dimensions):
        y = s.status_quo[dim.id].value
        for r in a.rules:
            d = r.dimensions[k]
            line = d.line
            if line.win_set is None:
                held = ""
                if line.right_pivots and line.left_pivots:
                    up = " and ".join(names.get(p, p) for p in line.right_pivots)
                    down = " and ".join(names.get(p, p) for p in line.left_pivots)
                    held = (
                        f": {up} ({_n(line.right_pivot_position)}) blocks any move toward "
                        f"{dim.high}, {down} ({_n(line.left_pivot_position)}) any move toward "
                        f"{dim.low}"
                    )
                out.append(
                    f"{dim.name}, {r.rule}: nothing can pass; the status quo ({_n(y)}) lies in "
                    f"the gridlock interval {_interval(line.core, True)}{held}."
                )
            elif line.setter:
                out.append(
                    f"{dim.name}, {r.rule}: {names.get(line.setter, line.setter)} as setter gets "
                    f"{_n(line.setter_outcome)} (status quo {_n(y)}; anything in "
                    f"{_interval(line.win_set, True, True)} would pass)."
                )
            if member and d.consent is not None and d.consent.total is not None:
                paid = d.consent.paid.get(member)
                who = names.get(member, member)
                if d.consent.total == 0:
                    out.append(
                        f"  The move to {_n(d.proposal)} costs nothing under {r.rule}: enough "
                        "members gain from it."
                    )
                elif paid:
                    out.append(
                        f"  The move to {_n(d.proposal)} costs {_n(d.consent.total)} under "
                        f"{r.rule}; {who} must be paid {_n(paid)}, "
                        f"{_pct(paid, d.consent.total)} of it."
                    )
                else:
                    out.append(
                        f"  The move to {_n(d.proposal)} costs {_n(d.consent.total)} under "
                        f"{r.rule}, and {who}'s consent is not needed: the cheapest winning "
                        "coalition leaves it out."
                    )
    if len(s.dimensions) == 2:
        for r in a.rules:
            stuck = [d.dimension.name for d in r.dimensions if d.line.win_set is None]
            if stuck and r.plane is not None and not r.plane.win_set.is_empty:
                out.append(
                    f"Both dimensions at once, {r.rule}: although {' and '.join(stuck)} alone "
                    "cannot move, a package that moves both can pass: the status quo lies "
                    "outside the core on the plane, so gains on one dimension can pay for "
                    "losses on the other."
                )
    if watch:
        who = names.get(watch, watch)
        moving = [
            f"{d.dimension.name} under {r.rule}"
            for r in a.rules
            for d in r.dimensions
            if any(d.sensitivity.get(watch, (0, 0)))
        ]
        if moving:
            out.append(f"The outcome moves with {who}'s own position on: " + ", ".join(moving))
        else:
            movers = sorted(
                {
                    names.get(m, m)
                    for r in a.rules
                    for d in r.dimensions
                    for m, (lo, hi) in d.sensitivity.items()
                    if lo or hi
                }
            )
            out.append(
                f"{who}'s own position moves none of these outcomes under any rule analysed"
                + (f"; those of {', '.join(movers)} do." if movers else ".")
            )
    if s.blocs and a.rules and a.rules[0].owen is not None:
        for bloc, ids in s.blocs.items():
            parts = []
            for r in a.rules:
                values = ", ".join(f"{m} {_n((r.owen or {}).get(m))}" for m in ids)
                alone = ", ".join(f"{_n(r.capabilities.get(m))}" for m in ids)
                measure = INDICES[r.capability].label if r.capability in INDICES else r.capability
                parts.append(f"under {r.rule} {values} ({measure} alone: {alone})")
            out.append(f"With {bloc} as one bloc, the Owen values are " + "; ".join(parts) + ".")
    return out
