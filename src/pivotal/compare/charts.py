"""Charts of comparisons and timelines, drawn with matplotlib's Agg canvas (no window, no pyplot).

They live in the compare stage, beside the objects they draw, so that :meth:`Comparison.chart` and
:meth:`Timeline.chart` need nothing from the report stage above; :mod:`pivotal.report` writes
them to files. Each function returns a :class:`matplotlib.figure.Figure`.

Text is drawn literally: names come from organization files, and matplotlib would otherwise read
a pair of ``$`` as TeX (``$x$`` typeset, ``$\\frac`` a crash) [1]. Every text of a figure has
``parse_math`` and ``usetex`` off, and no axis formatter writes mathtext.

The headline chart of a comparison shows the index whose values differ most between the two
rules. With ``a_i`` and ``b_i`` member ``i``'s values under the two rules (0 where it takes no
part), the spread of an index is

    spread = max_i |b_i - a_i|,

taken over the indices on a common 0..1 scale (all but the raw Banzhaf count, which is the
Penrose index times ``2**(n-1)``). The largest spread wins; ties go to Shapley-Shubik, then to
the order the indices were computed in; when no index differs the chart shows Shapley-Shubik.

>>> from pivotal.compare import compare
>>> c = compare("csto", ["consensus", "majority"], at="2012-05-15")
>>> key, why = headline(c)
>>> key
'coleman_prevent'
>>> print(why.replace("(", "\\n("))
Coleman: power to prevent, the index that differs most between the rules
(by up to 11/16 for a member); Shapley-Shubik is the same under both
>>> fig = comparison_chart(c)
>>> [ax.get_title() for ax in fig.axes][1]
'Power to act'
>>> fig.get_suptitle()
'CSTO on 2012-05-15: consensus vs majority'

References:
[1] matplotlib, "Writing mathematical expressions" and ``Text.set_parse_math``,
    https://matplotlib.org/stable/users/explain/text/mathtext.html
"""

from __future__ import annotations

import datetime as _dt
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, NullFormatter

from pivotal.compare.formatting import fmt, headline_index
from pivotal.power import INDICES

if TYPE_CHECKING:
    from pivotal.compare import Comparison, Timeline

__all__ = [
    "chart_index",
    "comparison_chart",
    "headline",
    "literal",
    "literal_text",
    "new_figure",
    "timeline_chart",
]

_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")

#: rcParams under which every text is plain: no mathtext, no TeX, no mathtext in tick labels.
LITERAL_RC: dict[str, Any] = {
    "text.parse_math": False,
    "text.usetex": False,
    "axes.formatter.use_mathtext": False,
}

#: Rows of staggered date labels under a timeline before labels are left out.
_DATE_ROWS = 3


@contextmanager
def literal() -> Iterator[None]:
    """Draw inside this block and every text made meanwhile (tick labels too) is literal."""
    with matplotlib.rc_context(LITERAL_RC):
        yield


def literal_text(fig: Figure) -> Figure:
    """Every text of ``fig`` drawn as written: mathtext and TeX off (returns ``fig``).

    >>> fig = new_figure(3, 2)
    >>> t = fig.text(0.1, 0.5, "$x$ and $\\\\frac")
    >>> literal_text(fig) is fig, t.get_parse_math(), t.get_usetex()
    (True, False, False)
    """
    for text in fig.findobj(Text):
        text.set_parse_math(False)
        text.set_usetex(False)
    return fig


def new_figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)  # an Agg canvas of its own: no pyplot, no GUI backend, no global state
    return fig


def _spread(c: Comparison, key: str) -> Fraction | float:
    """``max_i |b_i - a_i|`` over the members (0 for a member absent under a rule)."""
    a, b = c.rules
    best: Fraction | float = 0
    for x, y in zip(c.values(a.rule, key), c.values(b.rule, key), strict=True):
        best = max(best, abs((y or 0) - (x or 0)))
    return best


def headline(c: Comparison) -> tuple[str, str]:
    """The index the headline chart of ``c`` shows, and a subtitle that says why (see the module
    text)."""
    keys = [k for k in c.index_keys if k != "raw_banzhaf"]
    if not keys:
        key = c.headline_index
        return key, f"{INDICES[key].label}, the only index computed"
    rank = {k: i for i, k in enumerate(sorted(keys, key=lambda k: k != "shapley_shubik"))}
    spreads = {k: _spread(c, k) for k in keys}
    key = max(keys, key=lambda k: (spreads[k], -rank[k]))
    if spreads[key] == 0:
        key = headline_index(c.index_keys)
        return key, f"{INDICES[key].label}: no index computed differs between the two rules"
    why = (
        f"{INDICES[key].label}, the index that differs most between the rules "
        f"(by up to {_short(spreads[key])} for a member)"
    )
    if key != "shapley_shubik" and spreads.get("shapley_shubik") == 0:
        why += "; Shapley-Shubik is the same under both"
    return key, why


def chart_index(obj: Comparison | Timeline, index: str | None) -> str:
    """The index key to chart: ``index`` resolved (it must have been computed); by default, for
    a comparison the index that differs most between the rules (:func:`headline`), for a
    timeline Shapley-Shubik when computed, else the first index computed."""
    from pivotal.compare.comparison import Comparison

    if index is not None:
        return obj.index_key(index)
    if isinstance(obj, Comparison):
        return headline(obj)[0]
    return obj.headline_index


def _short(value: Fraction | float) -> str:
    """An exact value when short (``11/16``), else its decimal (``0.0241``)."""
    if isinstance(value, Fraction):
        text = fmt(value)
        if len(text) <= 9:
            return text
    return f"{float(value):.3g}"


def _pct(value: Fraction | float) -> str:
    return f"{float(value) * 100:.3g}%"


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False)) or text


def comparison_chart(
    comparison: Comparison, index: str | None = None, act_panel: bool = True
) -> Figure:
    """Grouped bars: one group per member, one bar per rule, for ``index`` (default: the index
    that differs most between the rules, see :func:`headline`); bars of members that can block
    alone are hatched. With ``act_panel``, a side panel shows the organization's power to act
    under each rule."""
    c = comparison
    with literal():
        fig = _comparison_chart(c, index, act_panel)
        fig.draw_without_rendering()  # makes every tick label while text is literal
    return literal_text(fig)


def _comparison_chart(c: Comparison, index: str | None, act_panel: bool) -> Figure:
    key = chart_index(c, index)
    shown = _shown_members(c, key)
    members = tuple(c.members[j] for j in shown)
    many = len(members) > 12
    width_in = min(15.0, max(7.0, (0.5 if many else 1.1) * len(members) + 3.5))
    if not act_panel:
        width_in = max(6.0, width_in - 2.5)
    fig = new_figure(width_in, 4.8)
    if act_panel:
        grid = fig.add_gridspec(1, 2, width_ratios=[4, 1])
        ax = fig.add_subplot(grid[0, 0])
    else:
        ax = fig.add_subplot()
    width = 0.8 / len(c.rules)
    for i, r in enumerate(c.rules):
        every = c.values(r.rule, key)
        values = [every[j] for j in shown]
        xs = [j + (i - (len(c.rules) - 1) / 2) * width for j in range(len(members))]
        heights = [0.0 if v is None else float(v) for v in values]
        bars = ax.bar(xs, heights, width * 0.95, label=r.rule, color=_COLORS[i % len(_COLORS)])
        for bar, member, value in zip(bars, members, values, strict=True):
            if member in r.result.veto_players:
                bar.set_hatch("///")
                bar.set_edgecolor("black")
            if value is not None and not many:
                ax.annotate(
                    _short(value),
                    (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    xytext=(0, 2),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=7,
                )
    # Long names wrap onto lines of their own instead of running into the next member's name.
    names = list(members) if many else [_wrap(c.member_names.get(m, m), 14) for m in members]
    ax.set_xticks(range(len(members)), names)
    ax.tick_params(axis="x", labelrotation=90 if many else 30 if len(members) > 6 else 0)
    label = INDICES[key].label
    ax.set_ylabel(_wrap(label, 28))
    if index is None:
        subtitle = headline(c)[1]
    else:
        subtitle = f"{label} (chosen): largest change for a member {_short(_spread(c, key))}"
    if len(members) < len(c.members):
        subtitle += (
            f"; the {len(members)} members with the largest values shown, "
            f"{len(c.members) - len(members)} others in the tables"
        )
    chars = int(width_in * (0.8 if act_panel else 1.0) * 72 / 5.2)
    ax.set_title(_wrap(subtitle, chars), fontsize=9)
    fig.suptitle(_wrap(c.title, int(width_in * 72 / 7.5)))
    ax.margins(y=0.15)
    handles, _ = ax.get_legend_handles_labels()
    if any(r.result.veto_players for r in c.rules):
        handles.append(
            Patch(facecolor="white", edgecolor="black", hatch="///", label="can block alone")
        )
    fig.legend(handles=handles, fontsize=8, loc="outside lower center", ncols=len(handles))
    if act_panel:
        _act_panel(fig.add_subplot(grid[0, 1]), c)
    return fig


#: More bars than this cannot carry readable member labels on one chart.
MAX_BARS = 40
#: Lines of a timeline panel drawn in colour and named; the rest are grey (see _timeline_chart).
MAX_LINES = 12


def _shown_members(c: Comparison, key: str) -> list[int]:
    """Positions of the members to draw: all of them, or past :data:`MAX_BARS` the ones with the
    largest value under any rule (the IMF's 191 members), in the comparison's order."""
    n = len(c.members)
    if n <= MAX_BARS:
        return list(range(n))
    columns = [c.values(r.rule, key) for r in c.rules]
    largest = [max(float(col[j] or 0) for col in columns) for j in range(n)]
    top = sorted(range(n), key=lambda j: -largest[j])[:MAX_BARS]
    return sorted(top)


def _act_panel(side: Axes, c: Comparison) -> None:
    """Bars of the power to act under each rule, with the ratio of the second to the first."""
    acts = [r.result.coleman_act for r in c.rules]
    bars = side.bar(
        range(len(acts)),
        [float(a) for a in acts],
        color=[_COLORS[i % len(_COLORS)] for i in range(len(acts))],
    )
    for bar, act in zip(bars, acts, strict=True):
        exact = fmt(act)
        side.annotate(
            f"{exact}\n({_pct(act)})" if len(exact) <= 9 else _pct(act),
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
        )
    side.set_xticks(range(len(acts)), [_wrap(r.rule, 12) for r in c.rules])
    side.set_ylim(0, max(1.0, max(float(a) for a in acts)) * 1.2)
    side.set_ylabel("share of coalitions that win")
    side.set_title("Power to act")
    ratio = c.act_ratio
    if ratio is not None and ratio != 1:
        side.set_xlabel(_wrap(f"{c.after.rule}: {_short(ratio)}× as often", 22), fontsize=8)


def _steps(ax: Axes, xs: list[Any], ys: list[float], i: int, label: str, **style: Any) -> None:
    """One step line of a timeline, in the i-th colour and marker: each value holds from its
    date to the next (the last one to ``xs[-1]``, the end of the chart)."""
    ax.plot(
        xs,
        [*ys, ys[-1]],
        drawstyle="steps-post",
        color=_COLORS[i % len(_COLORS)],
        marker=_MARKERS[i % len(_MARKERS)],
        markevery=list(range(len(ys))),
        label=label,
        **style,
    )


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


def _plain_share(value: float, _pos: object = None) -> str:
    """A log-axis tick as a plain number (``0.01``), never mathtext."""
    return f"{value:g}"


def timeline_chart(timeline: Timeline, index: str | None = None) -> Figure:
    """One panel per rule: step lines of ``index`` (default: Shapley-Shubik when computed, else
    the first index computed) per member over the dates of the timeline (members with the same
    values share a line; past :data:`MAX_LINES` lines, those reaching the highest values are
    named and the others drawn in grey as "N other members"); a last panel shows the power to
    act under each rule (on a logarithmic scale where the values span a factor of ten or more).
    Dates close together get their labels on staggered rows (at most three; beyond that a label
    is left out, the tables list every date)."""
    with literal():
        fig, act_ax, notes = _timeline_chart(timeline, index)
        fig.draw_without_rendering()  # lay out, so that label extents are known
        _stagger(fig, act_ax)
        _thin(fig, notes)
    return literal_text(fig)


def _timeline_chart(t: Timeline, index: str | None) -> tuple[Figure, Axes, list[Text]]:
    key = chart_index(t, index)
    n = len(t.rules)
    fig = new_figure(10.0, 2.8 * (n + 1) + 0.8)
    axes = fig.subplots(n + 1, 1, sharex=True)
    end = _end_of(t)
    xs = [*t.dates, end]
    for ax, rule in zip(axes[:-1], t.rules, strict=True):
        series = t.series(rule, key)
        groups = _groups(t.members, series)
        # Past MAX_LINES lines a legend no longer fits and the colours repeat: the lines that
        # reach the highest values are drawn in colour and named, the others thin and grey under
        # one legend entry (the tables list every member).
        if len(groups) > MAX_LINES:
            groups.sort(key=lambda g: -max((float(v) for v in g[1] if v is not None), default=0))
        for i, (ids, values) in enumerate(groups[:MAX_LINES]):
            ys = [float("nan") if v is None else float(v) for v in values]
            _steps(ax, xs, ys, i, _label(ids), linewidth=max(1.2, 4.0 - 0.8 * i), alpha=0.85)
        rest = groups[MAX_LINES:]
        for k, (_, values) in enumerate(rest):
            ys = [float("nan") if v is None else float(v) for v in values]
            ax.plot(
                xs,
                [*ys, ys[-1]],
                drawstyle="steps-post",
                color="0.6",
                linewidth=0.6,
                alpha=0.6,
                label=None if k else f"{sum(len(ids) for ids, _ in rest)} other members",
            )
        title = f"{rule}: {t.rule_descriptions.get(rule, t.rule_texts[rule])}"
        ax.set_title(_wrap(title, 110), fontsize=10)
        ax.set_ylabel(_wrap(INDICES[key].label, 22), fontsize=9)
        ax.set_ylim(bottom=0)
        ax.margins(y=0.2)
        ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5), title="members")
    act_ax = axes[-1]
    notes: list[Text] = []
    for i, rule in enumerate(t.rules):
        acts = t.coleman_act(rule)
        _steps(act_ax, xs, [float(a) for a in acts], i, _wrap(rule, 24))
        if len(t.dates) <= 12:
            for x, a in zip(t.dates, acts, strict=True):
                notes.append(
                    act_ax.annotate(
                        _short(a),
                        (x, float(a)),
                        xytext=(3, 3),
                        textcoords="offset points",
                        fontsize=7,
                    )
                )
    positive = [float(a) for rule in t.rules for a in t.coleman_act(rule) if a > 0]
    # A log scale only where the values span a decade: within one it would show no tick label.
    log = bool(positive) and max(positive) >= 10 * min(positive)
    if log:
        act_ax.set_yscale("log")
        act_ax.yaxis.set_major_formatter(FuncFormatter(_plain_share))
        act_ax.yaxis.set_minor_formatter(NullFormatter())
    else:
        # Room above the highest value for its label, under the panel's title.
        act_ax.set_ylim(0, max(positive, default=0.0) * 1.3 or 1.0)
    act_ax.set_title(
        "Power of the organization to act (share of coalitions that win"
        + ("; log scale)" if log else ")"),
        fontsize=10,
    )
    act_ax.set_ylabel("power to act", fontsize=9)
    act_ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5), title="rules")
    act_ax.set_xticks(list(t.dates), [d.isoformat() for d in t.dates])
    act_ax.tick_params(axis="x", labelrotation=0, labelsize=8)
    for ax in axes:
        for d in t.dates:
            ax.axvline(d, color="0.85", linewidth=0.6, zorder=0)
    fig.suptitle(_wrap(f"{t.title} ({INDICES[key].label})", 90))
    return fig, act_ax, notes


def _stagger(fig: Figure, ax: Axes, gap: float = 6.0) -> None:
    """Move date labels that would touch the one before onto a lower row (up to
    :data:`_DATE_ROWS` rows); a label that fits on none is hidden. Works on the laid-out figure:
    ``gap`` is in pixels at the figure's dpi."""
    renderer = fig.canvas.get_renderer()
    ticks = [t for t in ax.xaxis.get_major_ticks() if t.label1.get_text()]
    ticks.sort(key=lambda t: t.get_loc())
    row_ends: list[float] = []
    size = ticks[0].label1.get_fontsize() if ticks else 8.0
    base = ticks[0].get_pad() if ticks else 3.5
    for tick in ticks:
        extent = tick.label1.get_window_extent(renderer)
        row = next((k for k, right in enumerate(row_ends) if extent.x0 > right + gap), None)
        if row is None and len(row_ends) < _DATE_ROWS:
            row = len(row_ends)
            row_ends.append(float("-inf"))
        if row is None:
            tick.label1.set_visible(False)
            continue
        row_ends[row] = extent.x1
        tick.set_pad(base + row * size * 1.35)


def _thin(fig: Figure, notes: Sequence[Text], gap: float = 1.0) -> None:
    """Hide value labels that would overprint one already shown (the tables give every value)."""
    renderer = fig.canvas.get_renderer()
    shown: list[Any] = []
    for note in notes:
        extent = note.get_window_extent(renderer).expanded(1.0, 1.0).padded(gap)
        if any(extent.overlaps(other) for other in shown):
            note.set_visible(False)
        else:
            shown.append(extent)
