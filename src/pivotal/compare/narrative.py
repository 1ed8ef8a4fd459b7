"""Plain-language lines about one member across rules: what each measure means for it.

>>> from pivotal.compare import analyze
>>> a = analyze("csto", at="2012-05-15", rules=["consensus", "majority"])
>>> print(narrate(a, "BLR")[-3])
Belarus can block any decision alone under consensus; under majority it cannot.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from pivotal.compare.analysis import Analysis
from pivotal.compare.formatting import fmt_signed
from pivotal.errors import PivotalError
from pivotal.power import INDICES

if TYPE_CHECKING:
    from pivotal.compare.comparison import Comparison

__all__ = ["describe_value", "how_often", "narrate", "summarize"]


def describe_value(value: int | Fraction) -> str:
    """An exact value with its percentage: ``1/7 (14.29%)``; counts as plain integers.

    >>> describe_value(Fraction(1, 7)), describe_value(Fraction(1, 2**32))
    ('1/7 (14.29%)', '1/4294967296 (2.3e-08%)')
    """
    if isinstance(value, int):
        return str(value)
    if value == 1:
        return "all (100%)"
    if value == 0:
        return "none (0%)"
    if value.denominator == 1:
        return f"{value.numerator} ({float(value):.0%})"
    pct = float(value) * 100
    if pct < 0.01:  # NATO's power to act, 1/2^32: 2.3e-08%, not 0.0000%
        return f"{value} ({pct:.1e}%)"
    return f"{value} ({pct:.2f}%)".replace(".00%", "%")


def how_often(value: Fraction, base: Fraction) -> str:
    """``64 times as often``, ``4.5 times as often``, ``as often``, ``never`` ... (value vs base).

    >>> how_often(Fraction(1, 2), Fraction(1, 128)), how_often(Fraction(1, 128), Fraction(1, 2))
    ('64 times as often', '1/64 as often')
    """
    if base == 0:
        return "never before" if value == 0 else "where it never could before"
    ratio = Fraction(value) / base
    if ratio == 1:
        return "as often"
    if ratio == 0:
        return "never"
    if ratio.denominator == 1:
        return f"{ratio} times as often"
    if ratio < 1 and ratio.numerator == 1:
        return f"{ratio} as often"
    return f"{float(ratio):.3g} times as often"


def _names(ids: tuple[str, ...] | list[str], names: dict[str, str]) -> str:
    labels = [names.get(i, i) for i in ids]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def summarize(comparison: Comparison) -> list[str]:
    """Plain-language lines on what moving from the first rule to the second changes: vetoes,
    the power to act, and the headline share of power.

    >>> from pivotal.compare import compare
    >>> for line in summarize(compare("csto", ["consensus", "majority"], at="2012-05-15")):
    ...     print(line)  # doctest: +NORMALIZE_WHITESPACE
    Collective Security Treaty Organization (CSTO) on 2012-05-15, 7 members: consensus (all 7
      members agree (consensus)) versus majority (more than half of the members (4 of 7)).
    Every member (7 of 7) can block any decision alone under consensus but not under majority;
      nobody gains that power.
    The organization can act in 1/128 (0.78%) of all coalitions under consensus and in 1/2 (50%)
      under majority: 64 times as often.
    Shapley-Shubik shares are the same under both rules (1/7 (14.29%) each): the rules differ in
      who can block and how often the organization can act, not in the shares.
    """
    c = comparison
    a, b = c.before, c.after
    names = c.member_names
    n = len(c.members)
    total = len(c.analysis.members)
    count = f"{n} members" if n == total else f"{total} members, {n} taking part"
    lines = [
        f"{c.organization_name} ({c.organization.upper()}) on {c.at.isoformat()}, {count}: "
        f"{a.rule} ({a.description or a.text}) versus {b.rule} ({b.description or b.text})."
    ]
    lost, gained = c.veto_lost, c.veto_gained
    if lost:
        who = f"Every member ({n} of {n})" if len(lost) == n else _names(lost, names)
        lines.append(
            f"{who} can block any decision alone under {a.rule} but not under {b.rule}; "
            + (
                f"{_names(gained, names)} gain{'s' if len(gained) == 1 else ''} that power."
                if gained
                else "nobody gains that power."
            )
        )
    elif gained:
        who = f"Every member ({n} of {n})" if len(gained) == n else _names(gained, names)
        lines.append(
            f"{who} can block any decision alone under {b.rule} but not under {a.rule}; "
            "nobody loses that power."
        )
    else:
        vetoes = a.result.veto_players
        lines.append(
            "The same members can block any decision alone under both rules: "
            + (_names(vetoes, names) if vetoes else "nobody")
            + "."
        )
    act_a, act_b = a.result.coleman_act, b.result.coleman_act
    lines.append(
        f"The organization can act in {describe_value(act_a)} of all coalitions under {a.rule} "
        f"and in {describe_value(act_b)} under {b.rule}: {how_often(act_b, act_a)}."
    )
    key = c.headline_index
    label = INDICES[key].label
    diffs = [(m, d) for m, d in zip(c.members, c.differences[key], strict=True) if d is not None]
    if all(d == 0 for _, d in diffs):
        values = {v for v in c.values(a.rule, key) if v is not None}
        same = f" ({describe_value(values.pop())} each)" if len(values) == 1 else ""
        lines.append(
            f"{label} {'counts are' if key == 'raw_banzhaf' else 'shares are'} the same under "
            f"both rules{same}: the rules differ in who can block and how often the organization "
            "can act, not in the shares."
        )
    else:
        best = max(diffs, key=lambda item: item[1])
        worst = min(diffs, key=lambda item: item[1])
        parts = []
        if best[1] > 0:
            parts.append(f"{names.get(best[0], best[0])} gains most ({_plain(best[1])})")
        if worst[1] < 0:
            parts.append(f"{names.get(worst[0], worst[0])} loses most ({_plain(worst[1])})")
        lines.append(f"{label}, from {a.rule} to {b.rule}: " + "; ".join(parts) + ".")
    return lines


def _plain(difference: int | Fraction) -> str:
    """A difference a reader can take in: a small fraction as it is (``-11/16``), otherwise in
    percentage points (``+2.13 percentage points``)."""
    if isinstance(difference, Fraction) and difference.denominator > 1000:
        return f"{float(difference) * 100:+.2f} percentage points"
    return fmt_signed(difference)


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
        parts.append(f"under {r.rule}, {describe_value(act)}: {how_often(act, base)}")
    lines.append(
        "The organization can act (Coleman's power to act) in "
        f"{describe_value(base)} of all coalitions under {rules[0].rule}"
        + (f"; {'; '.join(parts)}." if parts else ".")
    )
    return lines
