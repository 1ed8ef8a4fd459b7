"""Plain-language lines about one member across rules: what each measure means for it.

>>> from pivotal.compare import analyze
>>> a = analyze("csto", at="2012-05-15", rules=["consensus", "majority"])
>>> print(narrate(a, "BLR")[-3])
Belarus can block any decision alone under consensus; under majority it cannot.
"""

from __future__ import annotations

from fractions import Fraction

from pivotal.compare import Analysis
from pivotal.errors import PivotalError
from pivotal.power import INDICES

__all__ = ["describe_value", "narrate"]


def describe_value(value: int | Fraction) -> str:
    """An exact value with its percentage: ``1/7 (14.29%)``; counts as plain integers."""
    if isinstance(value, int):
        return str(value)
    if value == 1:
        return "all (100%)"
    if value == 0:
        return "none (0%)"
    if value.denominator == 1:
        return f"{value.numerator} ({float(value):.0%})"
    pct = float(value) * 100
    digits = 2 if pct >= 0.01 else 4
    return f"{value} ({pct:.{digits}f}%)".replace(".00%", "%")


def narrate(analysis: Analysis, member: str) -> list[str]:
    """One line per measure about ``member``, comparing the analysed rules, then vetoes and the
    organization's power to act."""
    if member not in analysis.members:
        raise PivotalError(
            "member",
            "one of " + ", ".join(analysis.members),
            member,
            f"Name a member of {analysis.organization} on {analysis.at.isoformat()}.",
        )
    name = analysis.member_names.get(member, member)
    rules = analysis.rules
    lines = [
        f"What {' versus '.join(r.rule for r in rules)} means for {name} ({member}), "
        f"{analysis.organization_name} on {analysis.at.isoformat()}, "
        f"{len(analysis.members)} members:"
    ]
    for key in rules[0].result.indices:
        spec = INDICES[key]
        first = rules[0]
        sentence = spec.meaning.format(
            member=name, value=describe_value(first.result.value(key, member))
        )
        others = "; ".join(
            f"under {r.rule}, {describe_value(r.result.value(key, member))}" for r in rules[1:]
        )
        lines.append(
            f"- {spec.label}: under {first.rule}, {sentence}" + (f"; {others}." if others else ".")
        )
    can = [r.rule for r in rules if member in r.result.veto_players]
    cannot = [r.rule for r in rules if member not in r.result.veto_players]
    if can and cannot:
        lines.append(
            f"{name} can block any decision alone under {', '.join(can)}; "
            f"under {', '.join(cannot)} it cannot."
        )
    elif can:
        lines.append(f"{name} can block any decision alone under every rule analysed.")
    else:
        lines.append(f"{name} cannot block decisions alone under any rule analysed.")
    if "shapley_shubik" in rules[0].result.indices:
        shares = [r.result.value("shapley_shubik", member) for r in rules]
        if len(set(shares)) == 1:
            lines.append(
                f"{name}'s share of power (Shapley-Shubik) is {describe_value(shares[0])} under "
                "every rule analysed: the rules differ in who can block and how often the "
                "organization can act, not in the shares."
            )
        else:
            lines.append(
                f"{name}'s share of power (Shapley-Shubik) changes: "
                + "; ".join(
                    f"{r.rule} {describe_value(v)}" for r, v in zip(rules, shares, strict=True)
                )
                + "."
            )
    base = rules[0].result.coleman_act
    parts = []
    for r in rules[1:]:
        act = r.result.coleman_act
        ratio = act / base
        times = (
            f"{ratio} times as often"
            if ratio.denominator == 1
            else f"{float(ratio):.3g} times as often"
        )
        parts.append(f"under {r.rule}, {describe_value(act)}: {times}")
    lines.append(
        "The organization can act (Coleman's power to act) in "
        f"{describe_value(base)} of all coalitions under {rules[0].rule}"
        + (f"; {'; '.join(parts)}." if parts else ".")
    )
    return lines
