"""Charts of comparisons and timelines, drawn with matplotlib's Agg canvas (no window, no pyplot).

They live in the compare stage, beside the objects they draw, so that :meth:`Comparison.chart` and
:meth:`Timeline.chart` need nothing from the report stage above; :mod:`pivotal.report` writes
them to files. Each function returns a :class:`matplotlib.figure.Figure`.

>>> from pivotal.compare import compare
>>> fig = comparison_chart(compare("csto", ["consensus", "majority"], at="2012-05-15"))
>>> [ax.get_title() for ax in fig.axes]
['CSTO on 2012-05-15: consensus vs majority', 'Power to act']
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from pivotal.compare.formatting import fmt
from pivotal.power import INDICES

if TYPE_CHECKING:
    from pivotal.compare import Comparison, Timeline

__all__ = ["chart_index", "comparison_chart", "new_figure", "timeline_chart"]

_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def new_figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)  # an Agg canvas of its own: no pyplot, no GUI backend, no global state
    return fig


def chart_index(obj: Comparison | Timeline, index: str | None) -> str:
    """The index key to chart: ``index`` resolved (it must have been computed), or by default
    Shapley-Shubik when computed, else Banzhaf, else the first index computed."""
    if index is None:
        return obj.headline_index
    return obj.index_key(index)


def _pct(value: Fraction) -> str:
    pct = float(value) * 100
    return f"{pct:.3g}%"


def comparison_chart(comparison: Comparison, index: str | None = None) -> Figure:
    """Grouped bars: one group per member, one bar per rule, for ``index`` (default:
    Shapley-Shubik when computed, else Banzhaf, else the first computed); bars of members that can
    block alone are hatched. A side panel shows the organization's power to act under each
    rule."""
    c = comparison
    key = chart_index(c, index)
    members = c.members
    many = len(members) > 12
    fig = new_figure(min(15.0, max(7.0, (0.5 if many else 1.1) * len(members) + 3.5)), 4.6)
    grid = fig.add_gridspec(1, 2, width_ratios=[4, 1])
    ax = fig.add_subplot(grid[0, 0])
    width = 0.8 / len(c.rules)
    for i, r in enumerate(c.rules):
        values = c.values(r.rule, key)
        xs = [j + (i - (len(c.rules) - 1) / 2) * width for j in range(len(members))]
        heights = [0.0 if v is None else float(v) for v in values]
        bars = ax.bar(xs, heights, width * 0.95, label=r.rule, color=_COLORS[i % len(_COLORS)])
        for bar, member, value in zip(bars, members, values, strict=True):
            if member in r.result.veto_players:
                bar.set_hatch("///")
                bar.set_edgecolor("black")
            if value is not None and not many:
                ax.annotate(
                    fmt(value),
                    (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    xytext=(0, 2),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=7,
                )
    ax.set_xticks(
        range(len(members)), list(members) if many else [c.member_names.get(m, m) for m in members]
    )
    ax.tick_params(axis="x", labelrotation=90 if many else 30 if len(members) > 6 else 0)
    ax.set_ylabel(INDICES[key].label)
    ax.set_title(c.title)
    ax.margins(y=0.15)
    handles, _ = ax.get_legend_handles_labels()
    if any(r.result.veto_players for r in c.rules):
        handles.append(
            Patch(facecolor="white", edgecolor="black", hatch="///", label="can block alone")
        )
    fig.legend(handles=handles, fontsize=8, loc="outside lower center", ncols=len(handles))

    side = fig.add_subplot(grid[0, 1])
    acts = [r.result.coleman_act for r in c.rules]
    bars = side.bar(
        range(len(acts)),
        [float(a) for a in acts],
        color=[_COLORS[i % len(_COLORS)] for i in range(len(acts))],
    )
    for bar, act in zip(bars, acts, strict=True):
        side.annotate(
            f"{act}\n({_pct(act)})",
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
        )
    side.set_xticks(range(len(acts)), [r.rule for r in c.rules])
    side.set_ylim(0, max(1.0, max(float(a) for a in acts)) * 1.2)
    side.set_ylabel("share of coalitions that win")
    side.set_title("Power to act")
    ratio = c.act_ratio
    if ratio is not None and ratio != 1:
        side.text(
            0.5,
            0.97,
            f"{c.after.rule}: {fmt(ratio) if ratio.denominator == 1 else f'{float(ratio):.3g}'}"
            "× as often",
            transform=side.transAxes,
            ha="center",
            va="top",
            fontsize=9,
        )
    return fig


def _end_of(timeline: Timeline) -> _dt.date:
    last = timeline.dates[-1]
    if timeline.end is not None and timeline.end > last:
        return timeline.end
    return max(
        last + _dt.timedelta(days=365), min(_dt.date.today(), last + _dt.timedelta(days=3650))
    )


def _groups(
    members: Sequence[str], series: dict[str, list[Any]]
) -> list[tuple[list[str], list[Any]]]:
    """Members with identical series drawn as one line (their lines would hide each other)."""
    groups: dict[tuple[Any, ...], list[str]] = {}
    for m in members:
        groups.setdefault(tuple(series[m]), []).append(m)
    return [(ids, list(values)) for values, ids in groups.items()]


def _label(ids: list[str]) -> str:
    if len(ids) <= 4:
        return ", ".join(ids)
    return ", ".join(ids[:3]) + f" and {len(ids) - 3} more"


def timeline_chart(timeline: Timeline, index: str | None = None) -> Figure:
    """One panel per rule: step lines of ``index`` (default: Shapley-Shubik when computed, else
    the first index computed) per member over the
    dates of the timeline (members with the same values share a line); a last panel shows the
    power to act under each rule, on a logarithmic scale."""
    t = timeline
    key = chart_index(t, index)
    n = len(t.rules)
    fig = new_figure(10.0, 2.8 * (n + 1) + 0.6)
    axes = fig.subplots(n + 1, 1, sharex=True)
    end = _end_of(t)
    xs = [*t.dates, end]
    for ax, rule in zip(axes[:-1], t.rules, strict=True):
        series = t.series(rule, key)
        groups = _groups(t.members, series)
        for i, (ids, values) in enumerate(groups):
            ys = [float("nan") if v is None else float(v) for v in values]
            ax.plot(
                xs,
                [*ys, ys[-1]],
                drawstyle="steps-post",
                color=_COLORS[i % len(_COLORS)],
                marker=_MARKERS[i % len(_MARKERS)],
                markevery=list(range(len(ys))),
                linewidth=max(1.2, 4.0 - 0.8 * i),
                alpha=0.85,
                label=_label(ids),
            )
        ax.set_title(f"{rule}: {t.rule_descriptions.get(rule, t.rule_texts[rule])}", fontsize=10)
        ax.set_ylabel(INDICES[key].label, fontsize=9)
        ax.set_ylim(bottom=0)
        ax.margins(y=0.2)
        ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5), title="members")
    act_ax = axes[-1]
    for i, rule in enumerate(t.rules):
        acts = t.coleman_act(rule)
        ys = [float(a) for a in acts]
        act_ax.plot(
            xs,
            [*ys, ys[-1]],
            drawstyle="steps-post",
            color=_COLORS[i % len(_COLORS)],
            marker=_MARKERS[i % len(_MARKERS)],
            markevery=list(range(len(ys))),
            label=rule,
        )
        if len(t.dates) <= 8:  # more labels would overlap
            for x, a in zip(t.dates, acts, strict=True):
                act_ax.annotate(
                    str(a), (x, float(a)), xytext=(3, 3), textcoords="offset points", fontsize=7
                )
    act_ax.set_yscale("log")
    act_ax.set_title("Power of the organization to act (share of coalitions that win)", fontsize=10)
    act_ax.set_ylabel("power to act", fontsize=9)
    act_ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5), title="rules")
    act_ax.set_xticks(list(t.dates), [d.isoformat() for d in t.dates])
    act_ax.tick_params(
        axis="x",
        labelrotation=30 if len(t.dates) <= 8 else 60,
        labelsize=8 if len(t.dates) <= 8 else 7,
    )
    for ax in axes:
        for d in t.dates:
            ax.axvline(d, color="0.85", linewidth=0.6, zorder=0)
    fig.suptitle(f"{t.title} ({INDICES[key].label})")
    return fig
