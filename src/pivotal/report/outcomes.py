"""Charts and the HTML report of outcome analyses: what will pass under each rule.

Members i have ideal points x_i and saliences s_i; a proposal z beats the status quo y when the
members strictly closer to z than to y,

    S(z) = {i : d(z, x_i) < d(y, x_i)},

form a winning coalition of the rule (d is |·| on a line, the Euclidean distance on a plane).
The charts draw the objects the outcome stage computes from that test (refs. 1-5):

* the **win set** W(y) = {z : S(z) wins}; on a line the open interval (2 x_L - y, 2 x_R - y)
  without y, where x_L and x_R are the left and right pivots; on a plane a region bounded by
  circular arcs (drawn as polygons within a stated distance of the arcs);
* the **core** (gridlock interval) C = {y : W(y) = ∅}; on a line [x_R, x_L], on a plane a convex
  polygon, a segment, a point, or nothing at all;
* the **setter's outcome**: the point of the closure of W(y) nearest the setter's ideal point, or
  y when W(y) is empty;
* the **compromise** Σ c_i s_i x_i / Σ c_i s_i and the **Nash bargaining** solution
  argmax Π (u_i(x) - u_i(y))^{c_i}, with capabilities c_i from the rule's power index;
* the **cost of consent** of a move to z: min over winning S of Σ_{i∈S} max(0, s_i (d(z, x_i) -
  d(y, x_i))), who is paid and each one's share.

:func:`line_chart` draws one dimension with one panel per rule, :func:`plane_chart` draws two
dimensions at once, :func:`outcome_chart` picks between them; :func:`outcome_body` is the body of
the HTML report that :func:`pivotal.report.render_report` gives for an analysis.

>>> from pivotal.outcomes import analyze_outcomes, scenario
>>> a = analyze_outcomes(scenario(positions={"A": 10, "B": 40, "C": 75}, status_quo=60,
...                               rules=["consensus", "majority"], setter="B"))
>>> fig = line_chart(a)
>>> [ax.get_title(loc="left") for ax in fig.axes]
['consensus: all 3 members agree (consensus)', 'majority: more than half of the members (2 of 3)']

Under majority the median B (40) is both pivots, so W(60) = (2·40 - 60, 60) = (20, 60):

>>> band = [b for b in fig.axes[1].patches if b.get_gid() == "win_set"][0]
>>> band.get_x(), band.get_x() + band.get_width()
(20.0, 60.0)

References
----------
1. Romer, T. and Rosenthal, H. (1978). Political resource allocation, controlled agendas, and the
   status quo. Public Choice 33(4), 27-43.
2. Plott, C. R. (1967). A notion of equilibrium and its possibility under majority rule. American
   Economic Review 57(4), 787-806.
3. Krehbiel, K. (1998). Pivotal Politics: A Theory of U.S. Lawmaking. University of Chicago Press.
4. Tsebelis, G. (2002). Veto Players: How Political Institutions Work. Princeton University Press.
5. Achen, C. H. (2006). Institutional realism and bargaining models. In R. Thomson et al. (eds.),
   The European Union Decides, 86-123. Cambridge University Press.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.patches import Polygon as PolygonPatch
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Bbox

from pivotal.compare import referenced_sources
from pivotal.compare.charts import new_figure
from pivotal.compare.formatting import fmt_both
from pivotal.errors import PivotalError
from pivotal.outcomes import ConsentCost, OutcomeAnalysis
from pivotal.outcomes.analysis import show_number
from pivotal.outcomes.spatial2d import region_parts
from pivotal.outcomes.text import consent_sentence, narrate_outcomes
from pivotal.outcomes.uncertainty import Simulation
from pivotal.power import INDICES
from pivotal.report.html import _e, _image, _list, _table

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from shapely.geometry import Polygon

    from pivotal.outcomes import DimensionOutcome, RuleOutcome
    from pivotal.outcomes.scenario import Dimension

__all__ = [
    "line_chart",
    "outcome_body",
    "outcome_chart",
    "outcome_footer",
    "plane_chart",
    "tex_safe",
]

_MEMBER = "#1f77b4"
_ACTOR = "#7f7f7f"
_CORE_FILL, _CORE_EDGE = "#c6dbef", "#3182bd"
_WIN_FILL, _WIN_EDGE = "#c7e9c0", "#31a354"
_SETTER = "#d62728"
_COMPROMISE = "#ff7f0e"
_NASH = "#9467bd"
_PROPOSAL = "#8c564b"

#: Height of one row of a line chart, in inches.
_ROW = 0.3
#: Member labels of a line chart: the first level's height above the line, and the step between
#: levels, in rows.
_LEVEL0, _LEVEL_STEP = 0.42, 0.62
_LABEL_SIZE = 8.0
_NOTE_SIZE = 8.0


# ----------------------------------------------------------------------------- text


def tex_safe(text: object) -> str:
    """``text`` for matplotlib, which reads a pair of ``$`` as TeX: every ``$`` escaped, so a
    name is drawn as written.

    >>> tex_safe("Budget $ (USD $bn)")
    'Budget \\\\$ (USD \\\\$bn)'
    """
    return str(text).replace("$", r"\$")


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, max(width, 12))) or text


def _num(value: Fraction | float | int | None) -> str:
    """A value as a chart shows it: whole numbers and short terminating decimals as they are
    (exact), any other value to 4 significant digits marked ≈ (the tables give it exactly)."""
    if value is None:
        return "none"
    if isinstance(value, float):
        return f"≈{value:.4g}"
    text = show_number(value)
    if "/" in text or len(text) > 8:
        return f"≈{float(value):.4g}"
    return text


def _check(analysis: object) -> OutcomeAnalysis:
    if not isinstance(analysis, OutcomeAnalysis):
        raise PivotalError(
            "analysis",
            "an OutcomeAnalysis (pivotal.outcomes.analyze_outcomes)",
            type(analysis).__name__,
            "Analyse a scenario first: analyze_outcomes(load_scenario('csto-2012')).",
        )
    if not analysis.rules:
        raise PivotalError(
            "analysis", "an analysis of at least one rule", "no rules", "Name a rule to analyse."
        )
    return analysis


def _span(dim: Dimension, values: Sequence[Fraction | float]) -> tuple[float, float]:
    """The axis range: the dimension's scale when it has one, else the values with margins."""
    if dim.scale is not None:
        # A small margin, so that markers at the ends of the scale are drawn whole.
        lo, hi = float(dim.scale[0]), float(dim.scale[1])
        return lo - (hi - lo) * 0.025, hi + (hi - lo) * 0.025
    floats = [float(v) for v in values]
    lo, hi = min(floats), max(floats)
    pad = (hi - lo) * 0.08 if hi > lo else max(1.0, abs(lo) * 0.1)
    return lo - pad, hi + pad


def _text_inches(fig: Figure, renderer: RendererBase, text: str, size: float) -> float:
    """The width of ``text`` drawn at ``size`` points, in inches."""
    probe = fig.text(0, 0, text, fontsize=size)
    width = probe.get_window_extent(renderer).width / fig.dpi
    probe.remove()
    return width


def _ends(ax: Axes, dim: Dimension, axis: str, length_in: float) -> None:
    """The meaning of the axis' two ends (``low``/``high``), at the ends, below the x axis or
    along the right side of the y axis; the dimension's name as the axis label."""
    chars = int(0.46 * length_in / (_NOTE_SIZE * 0.56 / 72))
    low = _wrap(f"← {dim.low}", chars)
    high = _wrap(f"{dim.high} →", chars)
    style: dict[str, Any] = {
        "fontsize": _NOTE_SIZE,
        "color": "0.3",
        "xycoords": "axes fraction",
        "textcoords": "offset points",
        "annotation_clip": False,
    }
    if axis == "x":
        ax.annotate(tex_safe(low), (0, 0), xytext=(0, -20), ha="left", va="top", **style)
        ax.annotate(tex_safe(high), (1, 0), xytext=(0, -20), ha="right", va="top", **style)
        lines = max(low.count("\n"), high.count("\n")) + 1
        ax.set_xlabel(tex_safe(dim.name), labelpad=4 + 10.5 * lines, fontsize=10)
    else:
        ax.annotate(
            tex_safe(low), (1, 0), xytext=(6, 0), ha="left", va="bottom", rotation=90, **style
        )
        ax.annotate(
            tex_safe(high), (1, 1), xytext=(6, 0), ha="left", va="top", rotation=90, **style
        )
        ax.set_ylabel(tex_safe(dim.name), fontsize=10)


def _groups(ids: Sequence[str], where: Mapping[str, Any]) -> list[tuple[Any, list[str]]]:
    """Actors at the same exact point, together (in the order of ``ids``)."""
    out: dict[Any, list[str]] = {}
    for a in ids:
        out.setdefault(where[a], []).append(a)
    return list(out.items())


def _who(r: RuleOutcome, a: OutcomeAnalysis, positions: Mapping[str, Any]) -> tuple[list, list]:
    """(members who vote under ``r``, everyone else with a position: actors, members taking no
    part, absent members), each in the scenario's order."""
    s = a.scenario
    absent = set(s.absent)
    order = [*s.members, *(x for x in s.actors if x not in s.members)]
    order += [x for x in positions if x not in order]
    voting = [m for m in order if m in r.players and m not in absent and m in positions]
    others = [m for m in order if m in positions and m not in voting]
    return voting, others


def _other_label(ids: Sequence[str], a: OutcomeAnalysis) -> str:
    """Ids of those who do not vote, each saying why: absent, a member not taking part, or (no
    note) an actor who only takes positions."""
    s = a.scenario

    def why(m: str) -> str:
        if m in s.absent:
            return f"{m} (absent)"
        return f"{m} (not taking part)" if m in s.members else m

    return ", ".join(why(m) for m in ids)


# ----------------------------------------------------------------------------- line chart


@dataclass
class _Row:
    key: str
    label: str
    y: float


def _rows(a: OutcomeAnalysis, k: int) -> list[_Row]:
    s = a.scenario
    keys = [("members", "members"), ("core", "core"), ("win_set", "win set")]
    if s.setter is not None:
        keys.append(("setter", "setter's outcome"))
    keys += [("compromise", "compromise"), ("nash", "Nash bargaining")]
    if any(r.dimensions[k].proposals for r in a.rules):
        keys.append(("proposals", "proposals"))
    return [_Row(key, label, -float(i)) for i, (key, label) in enumerate(keys)]


def _levels(items: Sequence[tuple[float, float]], gap: float) -> list[int]:
    """A level for each label (center, width), in order of center: the lowest level where it
    clears the labels already there by ``gap``."""
    ends: list[float] = []
    out = []
    for center, width in items:
        left = center - width / 2
        for level, end in enumerate(ends):
            if left >= end + gap:
                ends[level] = center + width / 2
                out.append(level)
                break
        else:
            ends.append(center + width / 2)
            out.append(len(ends) - 1)
    return out


class _LinePanel:
    """One rule on one dimension: the rows of the chart and their labels."""

    def __init__(self, ax: Axes, a: OutcomeAnalysis, r: RuleOutcome, k: int, rows: list[_Row]):
        self.ax, self.a, self.r, self.k = ax, a, r, k
        self.d: DimensionOutcome = r.dimensions[k]
        self.rows = {row.key: row for row in rows}
        self.dim = a.scenario.dimensions[k]
        self.positions = a.scenario.positions_on(self.dim.id)
        self.voting, self.others = _who(r, a, self.positions)
        self.levels = 1

    def skeleton(self, xlim: tuple[float, float], rows: list[_Row], desc_chars: int) -> None:
        ax = self.ax
        ax.set_xlim(*xlim)
        ax.set_yticks([row.y for row in rows], [row.label for row in rows], fontsize=9)
        ax.tick_params(axis="y", length=0)
        for row in rows:
            ax.axhline(row.y, color="0.92", linewidth=0.8, zorder=0)
        ax.axhline(0, color="0.55", linewidth=1.0, zorder=1)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        title = _wrap(f"{self.r.rule}: {self.r.description}", desc_chars)
        ax.set_title(tex_safe(title), loc="left", fontsize=10)
        y = float(self.d.line.status_quo)
        ax.axvline(y, color="black", linestyle="--", linewidth=1.1, zorder=4, gid="status_quo")

    def bands(self, xlim: tuple[float, float]) -> None:
        ax, line = self.ax, self.d.line
        row = self.rows["core"].y
        if line.core is not None:
            lo = xlim[0] if line.core[0] is None else float(line.core[0])
            hi = xlim[1] if line.core[1] is None else float(line.core[1])
            ax.add_patch(
                Rectangle(
                    (lo, row - 0.2),
                    hi - lo,
                    0.4,
                    facecolor=_CORE_FILL,
                    edgecolor=_CORE_EDGE,
                    linewidth=1.2,
                    zorder=2,
                    gid="core",
                )
            )
            if lo == hi:  # a single point: a zero-width band would not show
                ax.plot([lo], [row], marker="|", markersize=13, mew=3, color=_CORE_EDGE, zorder=3)
            else:
                # Closed at the ends it has (an unbounded end runs off the axis).
                ends = [v for v in (line.core[0], line.core[1]) if v is not None]
                ax.plot([float(v) for v in ends], [row] * len(ends), "o", ms=4, color=_CORE_EDGE)
        row = self.rows["win_set"].y
        if line.win_set is not None:
            lo, hi = float(line.win_set[0]), float(line.win_set[1])
            ax.add_patch(
                Rectangle(
                    (lo, row - 0.2),
                    hi - lo,
                    0.4,
                    facecolor=_WIN_FILL,
                    edgecolor=_WIN_EDGE,
                    hatch="///",
                    linewidth=1.2,
                    zorder=2,
                    gid="win_set",
                )
            )
            # Open at both ends: hollow circles.
            ax.plot([lo, hi], [row, row], "o", ms=5, mfc="white", mec=_WIN_EDGE, zorder=3)

    def markers(self) -> None:
        ax, d = self.ax, self.d
        for x, _ids in _groups(self.voting, self.positions):
            ax.plot([float(x)], [0], "o", ms=8, color=_MEMBER, mec="white", zorder=6)
        for x, _ids in _groups(self.others, self.positions):
            ax.plot([float(x)], [0], "o", ms=8, mfc="white", mec=_ACTOR, mew=1.5, zorder=6)
        if "setter" in self.rows and d.line.setter is not None:
            row = self.rows["setter"].y
            ax.plot(
                [float(d.line.setter_outcome)],
                [row],
                "*",
                ms=14,
                color=_SETTER,
                mec="white",
                zorder=6,
                gid="setter_outcome",
            )
        if d.compromise is not None:
            row = self.rows["compromise"].y
            ax.plot([float(d.compromise)], [row], "^", ms=9, color=_COMPROMISE, zorder=6)
        if d.nash is not None:
            row = self.rows["nash"].y
            ax.plot([float(d.nash.value)], [row], "P", ms=9, color=_NASH, zorder=6)
        if "proposals" in self.rows:
            row = self.rows["proposals"].y
            for pid in d.proposals:
                z = self.a.scenario.proposals[pid].point[self.dim.id]
                ax.plot([float(z)], [row], "|", ms=16, mew=2.5, color=_PROPOSAL, zorder=6)

    # -- labels, placed once the axes have their final width -------------------------------

    def labels(self, fig: Figure, renderer: RendererBase, xlim: tuple[float, float]) -> None:
        ax = self.ax
        width_in = ax.get_position().width * fig.get_figwidth()
        per_in = (xlim[1] - xlim[0]) / width_in
        pad = 0.12 * _LABEL_SIZE / 72  # the label box's padding on each side

        def width(text: str, size: float = _LABEL_SIZE) -> float:
            return (_text_inches(fig, renderer, text, size) + 2 * pad) * per_in

        self._member_labels(width, per_in, xlim)
        self._notes(width, per_in, xlim)

    def _member_labels(self, width: Any, per_in: float, xlim: tuple[float, float]) -> None:
        items = []
        for x, ids in _groups(self.voting, self.positions):
            items.append((float(x), ", ".join(ids), True))
        for x, ids in _groups(self.others, self.positions):
            items.append((float(x), _other_label(ids, self.a), False))
        items.sort(key=lambda t: (t[0], not t[2]))
        placed = []
        for x, text, votes in items:
            w = width(tex_safe(text))
            half = min(w / 2, (xlim[1] - xlim[0]) / 2)
            center = min(max(x, xlim[0] + half), xlim[1] - half)
            placed.append((x, text, votes, center, w))
        order = sorted(range(len(placed)), key=lambda i: placed[i][3])
        levels = _levels([(placed[i][3], placed[i][4]) for i in order], gap=0.06 * per_in)
        self.levels = max(levels, default=0) + 1
        for i, level in zip(order, levels, strict=True):
            x, text, votes, center, _w = placed[i]
            self.ax.annotate(
                tex_safe(text),
                (x, 0),
                xytext=(center, _LEVEL0 + _LEVEL_STEP * level),
                ha="center",
                va="bottom",
                fontsize=_LABEL_SIZE,
                color="black" if votes else "0.35",
                fontstyle="normal" if votes else "italic",
                bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.9},
                arrowprops={
                    "arrowstyle": "-",
                    "color": "0.6",
                    "linewidth": 0.6,
                    "shrinkA": 0,
                    "shrinkB": 4,
                },
                zorder=10 - level,
                gid="member_label",
            ).set_in_layout(False)

    def _note(
        self,
        text: str,
        row: float,
        left: float,
        right: float,
        width: Any,
        per_in: float,
        xlim: tuple[float, float],
    ) -> None:
        """A value beside its marker or band: right of it when it fits, else left, else on it."""
        gap = 0.08 * per_in
        w = width(tex_safe(text), _NOTE_SIZE)
        if right + gap + w <= xlim[1]:
            x, ha = right + gap, "left"
        elif left - gap - w >= xlim[0]:
            x, ha = left - gap, "right"
        else:
            x, ha = (max(left, xlim[0]) + min(right, xlim[1])) / 2, "center"
        self.ax.text(
            x,
            row,
            tex_safe(text),
            ha=ha,
            va="center",
            fontsize=_NOTE_SIZE,
            zorder=9,
            bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.85},
        ).set_in_layout(False)

    def _notes(self, width: Any, per_in: float, xlim: tuple[float, float]) -> None:
        d, line = self.d, self.d.line
        y = float(line.status_quo)
        note = self._note
        row = self.rows["core"].y
        if line.core is None:
            note("none: no status quo is safe", row, y, y, width, per_in, xlim)
        elif line.core[0] is None or line.core[1] is None:
            note("the whole line: no coalition can win", row, *xlim, width, per_in, xlim)
        else:
            lo, hi = line.core
            text = _num(lo) if lo == hi else f"[{_num(lo)}, {_num(hi)}]"
            note(text, row, float(lo), float(hi), width, per_in, xlim)
        row = self.rows["win_set"].y
        if line.win_set is None:
            note("empty: gridlock, nothing passes", row, y, y, width, per_in, xlim)
        else:
            lo, hi = line.win_set
            note(f"({_num(lo)}, {_num(hi)})", row, float(lo), float(hi), width, per_in, xlim)
        if "setter" in self.rows and line.setter is not None:
            x = float(line.setter_outcome)
            text = f"{_num(line.setter_outcome)} (set by {line.setter})"
            note(text, self.rows["setter"].y, x, x, width, per_in, xlim)
        row = self.rows["compromise"].y
        if d.compromise is None:
            note("none (no capability)", row, y, y, width, per_in, xlim)
        else:
            x = float(d.compromise)
            note(_num(d.compromise), row, x, x, width, per_in, xlim)
        row = self.rows["nash"].y
        if d.nash is None:
            note("none (no capability)", row, y, y, width, per_in, xlim)
        else:
            x = float(d.nash.value)
            text = _num(d.nash.value)
            if not d.nash.exact:
                text = f"≈{float(d.nash.value):.4g} (± {d.nash.error:.1g})"
            note(text, row, x, x, width, per_in, xlim)
        if "proposals" in self.rows:
            self._proposal_notes(width, per_in, xlim)

    def _proposal_notes(self, width: Any, per_in: float, xlim: tuple[float, float]) -> None:
        s = self.a.scenario
        row = self.rows["proposals"].y
        items = []
        for pid, passes in self.d.proposals.items():
            z = float(s.proposals[pid].point[self.dim.id])
            text = f"{s.proposals[pid].name}: {'passes' if passes else 'fails'}"
            w = width(tex_safe(text), _NOTE_SIZE) + 0.1 * per_in
            start = z + 0.08 * per_in
            if start + w > xlim[1]:
                start = z - 0.08 * per_in - w
            items.append((max(start, xlim[0]) + w / 2, w, text))
        items.sort()
        levels = _levels([(c, w) for c, w, _t in items], gap=0.05 * per_in)
        offsets = (0.0, 0.42, -0.42)  # a row is 1 high; a label about 0.4
        for (center, _w, text), level in zip(items, levels, strict=True):
            self.ax.text(
                center,
                row + offsets[level % len(offsets)],
                tex_safe(text),
                ha="center",
                va="center",
                fontsize=_NOTE_SIZE,
                color=_PROPOSAL,
                zorder=9,
                bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.85},
            ).set_in_layout(False)


def _line_legend(fig: Figure, a: OutcomeAnalysis, k: int, any_others: bool) -> None:
    s = a.scenario
    y = s.status_quo[s.dimensions[k].id].value
    handles: list[Any] = _member_handles(any_others)
    handles += [
        Line2D([], [], color="black", ls="--", label=f"status quo ({_num(y)})"),
        Patch(fc=_CORE_FILL, ec=_CORE_EDGE, label="core: no move can pass"),
        Patch(fc=_WIN_FILL, ec=_WIN_EDGE, hatch="///", label="win set: beats the status quo"),
    ]
    if s.setter is not None:
        handles.append(
            Line2D([], [], ls="none", marker="*", ms=13, color=_SETTER, label="setter's outcome")
        )
    handles += [
        Line2D([], [], ls="none", marker="^", ms=9, color=_COMPROMISE, label="compromise model"),
        Line2D([], [], ls="none", marker="P", ms=9, color=_NASH, label="Nash bargaining"),
    ]
    if any(r.dimensions[k].proposals for r in a.rules):
        handles.append(
            Line2D([], [], ls="none", marker="|", ms=14, mew=2.5, color=_PROPOSAL, label="proposal")
        )
    fig.legend(handles=handles, loc="outside lower center", ncols=min(5, len(handles)), fontsize=8)


def _member_handles(others: bool) -> list[Any]:
    """Legend entries for members' ideal points, and for those who do not vote when any show."""
    handles: list[Any] = [
        Line2D([], [], ls="none", marker="o", ms=8, color=_MEMBER, label="member's ideal point")
    ]
    if others:
        handles.append(
            Line2D(
                [],
                [],
                ls="none",
                marker="o",
                ms=8,
                mfc="white",
                mec=_ACTOR,
                mew=1.5,
                label="no vote: actor, absent, not taking part",
            )
        )
    return handles


def line_chart(analysis: OutcomeAnalysis, dimension: str | None = None) -> Figure:
    """One dimension (default: the first) of an outcome analysis, one panel per rule.

    Each panel shows the members' ideal points on the dimension (members at the same point share
    a marker and a label; actors who do not vote are hollow), the status quo (dashed line), and a
    row each for the core (a closed band; an unbounded end runs to the edge of the axis), the win
    set of the status quo (a hatched open band), the setter's outcome (star), the compromise and
    Nash models, and the named proposals that move this dimension. The axis is the dimension's
    scale when it has one; its ends carry the dimension's ``low`` and ``high`` meanings.
    """
    a = _check(analysis)
    s = a.scenario
    dim = s.dimension(dimension)
    k = s.dimensions.index(dim)
    rows = _rows(a, k)
    values: list[Fraction | float] = [*s.positions_on(dim.id).values()]
    values.append(s.status_quo[dim.id].value)
    values += [p.point[dim.id] for p in s.proposals.values()]
    xlim = _span(dim, values)
    n = len(a.rules)
    width = 10.0
    fig = new_figure(width, 3.0 * n + 1.5)
    grid = fig.add_gridspec(n, 1)
    axes: list[Axes] = []
    for i in range(n):
        axes.append(fig.add_subplot(grid[i, 0], sharex=axes[0] if axes else None))
    panels = [_LinePanel(ax, a, r, k, rows) for ax, r in zip(axes, a.rules, strict=True)]
    for panel in panels:
        panel.skeleton(xlim, rows, desc_chars=110)
        panel.bands(xlim)
        panel.markers()
    for ax in axes[:-1]:
        ax.tick_params(axis="x", labelbottom=False)
    _ends(axes[-1], dim, "x", width - 2.0)
    fig.suptitle(tex_safe(_wrap(s.name, 95) + "\n" + _wrap(dim.name, 95)), fontsize=12)
    _line_legend(fig, a, k, any(p.others for p in panels))
    fig.draw_without_rendering()  # the layout fixes the axes' width, which the labels need
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    spans = []
    for panel in panels:
        panel.labels(fig, renderer, xlim)
        top = _LEVEL0 + _LEVEL_STEP * (panel.levels - 1) + 0.62
        bottom = rows[-1].y - (0.85 if rows[-1].key == "proposals" else 0.6)
        panel.ax.set_ylim(bottom, top)
        spans.append(top - bottom)
    grid.set_height_ratios(spans)
    fig.set_figheight(sum(spans) * _ROW + 0.5 * n + 1.9)
    return fig


# ----------------------------------------------------------------------------- plane chart


def _polygon_path(poly: Polygon) -> MplPath:
    """A shapely polygon with its holes as one matplotlib path."""
    rings = [poly.exterior, *poly.interiors]
    return MplPath.make_compound_path(
        *[MplPath([(float(x), float(y)) for x, y in ring.coords], closed=True) for ring in rings]
    )


def _same_points(a: Sequence[tuple[Fraction, Fraction]], b: Sequence[Any] | None) -> bool:
    return b is not None and sorted(a) == sorted(b)


def _plane_summary(r: RuleOutcome) -> str:
    p = r.plane
    if p is None:
        return "no plane"
    if p.core is None:
        core = "no coalition can win: nothing ever passes"
    elif not p.core:
        core = "no core: every status quo can be beaten"
    else:
        shape = {1: "a point", 2: "a segment"}.get(len(p.core), f"{len(p.core)} vertices")
        where = "inside" if p.in_core else "outside"
        core = f"core: {shape}, the status quo {where} it"
    if p.win_set.is_empty:
        win = "win set empty (gridlock)"
    else:
        win = f"win set area ≈{p.win_set.area:.4g}"
    return f"{core}; {win}"


def _point_label(ids: Sequence[str]) -> str:
    if len(ids) <= 4:
        return ", ".join(ids)
    return ", ".join(ids[:3]) + f" +{len(ids) - 3}"


_OFFSETS = [
    (dx * r, dy * r)
    for r in (5.0, 11.0, 19.0, 30.0)
    for dx, dy in ((1, 1), (1, -1), (-1, 1), (-1, -1), (0, 1.4), (0, -1.4), (1.4, 0), (-1.4, 0))
]


def _place_labels(
    ax: Axes,
    renderer: RendererBase,
    items: Sequence[tuple[float, float, str, dict[str, Any]]],
    points: Sequence[tuple[float, float, float]],
) -> None:
    """Label each point (x, y, text, style) at the first offset whose box stays inside the axes
    and clears the labels already placed and every marker (x, y, radius in points); the least
    overlapping offset when none does. A leader line joins a label set further off."""
    fig = ax.figure
    scale = fig.dpi / 72
    frame = ax.get_window_extent(renderer)
    obstacles = []
    for x, y, radius in points:
        px, py = ax.transData.transform((x, y))
        r = radius * scale
        obstacles.append(Bbox.from_extents(px - r, py - r, px + r, py + r))
    placed: list[Bbox] = []

    def overlap(box: Bbox) -> float:
        total = 0.0
        for other in (*placed, *obstacles):
            w = min(box.x1, other.x1) - max(box.x0, other.x0)
            h = min(box.y1, other.y1) - max(box.y0, other.y0)
            if w > 0 and h > 0:
                total += w * h
        return total

    for x, y, text, style in items:
        probe = ax.annotate(text, (x, y), xytext=(0, 0), textcoords="offset points", **style)
        best: tuple[tuple[float, float, int], tuple[float, float], str, str, Bbox] | None = None
        for rank, (dx, dy) in enumerate(_OFFSETS):
            ha = "left" if dx > 0 else "right" if dx < 0 else "center"
            va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
            probe.xyann = (dx, dy)
            probe.set_horizontalalignment(ha)
            probe.set_verticalalignment(va)
            box = probe.get_window_extent(renderer).padded(1.5 * scale)
            outside = not (
                box.x0 >= frame.x0
                and box.x1 <= frame.x1
                and box.y0 >= frame.y0
                and box.y1 <= frame.y1
            )
            score = (float(outside), overlap(box), rank)
            if best is None or score < best[0]:
                best = (score, (dx, dy), ha, va, box)
            if score[:2] == (0.0, 0.0):
                break
        probe.remove()
        if best is None:
            raise RuntimeError("no label offsets to try")
        _score, offset, ha, va, box = best
        far = math.hypot(*offset) > 8
        arrow = (
            {"arrowstyle": "-", "color": "0.55", "linewidth": 0.6, "shrinkA": 0, "shrinkB": 3}
            if far
            else None
        )
        ax.annotate(
            text,
            (x, y),
            xytext=offset,
            textcoords="offset points",
            ha=ha,
            va=va,
            arrowprops=arrow,
            **style,
        ).set_in_layout(False)
        placed.append(box)


class _PlanePanel:
    def __init__(self, ax: Axes, a: OutcomeAnalysis, r: RuleOutcome) -> None:
        if r.plane is None:
            raise RuntimeError(f"rule {r.rule!r} has no plane outcome")  # plane_chart filters
        self.ax, self.a, self.r, self.p = ax, a, r, r.plane
        s = a.scenario
        d1, d2 = (d.id for d in s.dimensions)
        self.points = {
            actor: (v[d1].value, v[d2].value)
            for actor, v in s.positions.items()
            if d1 in v and d2 in v
        }
        self.voting, self.others = _who(r, a, self.points)
        self.labels: list[tuple[float, float, str, dict[str, Any]]] = []
        self.markers: list[tuple[float, float, float]] = []

    def draw(self, xlim: tuple[float, float], ylim: tuple[float, float]) -> None:
        ax, p, s = self.ax, self.p, self.a.scenario
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_aspect("equal", adjustable="box")
        ax.grid(color="0.93", linewidth=0.6, zorder=0)
        for poly in region_parts(p.win_set):
            ax.add_patch(
                PathPatch(
                    _polygon_path(poly),
                    facecolor=_WIN_FILL,
                    edgecolor=_WIN_EDGE,
                    alpha=0.75,
                    linewidth=1.0,
                    zorder=1,
                    gid="win_set",
                )
            )
        self._core()
        self._veto_hull()
        text_style: dict[str, Any] = {
            "fontsize": _LABEL_SIZE,
            "bbox": {"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85},
            "zorder": 9,
        }
        for xy, ids in _groups(self.voting, self.points):
            x, y = float(xy[0]), float(xy[1])
            ax.plot([x], [y], "o", ms=8, color=_MEMBER, mec="white", zorder=6)
            self.markers.append((x, y, 4.5))
            self.labels.append((x, y, tex_safe(_point_label(ids)), text_style))
        for xy, ids in _groups(self.others, self.points):
            x, y = float(xy[0]), float(xy[1])
            ax.plot([x], [y], "o", ms=8, mfc="white", mec=_ACTOR, mew=1.5, zorder=6)
            self.markers.append((x, y, 4.5))
            label = _other_label(ids, self.a)
            style = {**text_style, "color": "0.35", "fontstyle": "italic"}
            self.labels.append((x, y, tex_safe(label), style))
        sq = (float(p.status_quo[0]), float(p.status_quo[1]))
        ax.plot(*sq, "X", ms=10, color="black", mec="white", zorder=8, gid="status_quo")
        self.markers.append((*sq, 5.0))
        for pid, passes in self.r.plane_proposals.items():
            prop = s.proposals[pid]
            x, y = (float(prop.point[d.id]) for d in s.dimensions)
            ax.plot([x], [y], "s", ms=8, color=_PROPOSAL, mec="white", zorder=7)
            self.markers.append((x, y, 4.5))
            label = f"{prop.name}: {'passes' if passes else 'fails'}"
            style = {**text_style, "color": _PROPOSAL}
            self.labels.append((x, y, tex_safe(_wrap(label, 30)), style))
        if p.setter is not None:
            x, y = float(p.setter_outcome[0]), float(p.setter_outcome[1])
            ax.plot(
                [x], [y], "*", ms=17, color=_SETTER, mec="white", zorder=7, gid="setter_outcome"
            )
            self.markers.append((x, y, 7.0))
        title = _wrap(f"{self.r.rule}: {self.r.description}", 60)
        ax.set_title(tex_safe(f"{title}\n{_plane_summary(self.r)}"), loc="left", fontsize=9.5)

    def _core(self) -> None:
        ax, core = self.ax, self.p.core
        if not core:
            return
        pts = [(float(x), float(y)) for x, y in core]
        if len(pts) >= 3:
            ax.add_patch(
                PolygonPatch(
                    pts,
                    closed=True,
                    facecolor=_CORE_FILL,
                    edgecolor=_CORE_EDGE,
                    alpha=0.85,
                    linewidth=1.8,
                    zorder=2,
                    gid="core",
                )
            )
        elif len(pts) == 2:
            xs, ys = zip(*pts, strict=True)
            ax.plot(xs, ys, "-", color=_CORE_EDGE, linewidth=4, zorder=3, gid="core")
        else:
            ax.plot(
                *pts[0], "D", ms=11, mfc=_CORE_FILL, mec=_CORE_EDGE, mew=2, zorder=3, gid="core"
            )

    def _veto_hull(self) -> None:
        ax, hull = self.ax, self.p.veto_hull
        if not hull or _same_points(hull, self.p.core):
            return
        pts = [(float(x), float(y)) for x, y in hull]
        if len(pts) >= 3:
            ax.add_patch(
                PolygonPatch(
                    pts,
                    closed=True,
                    fill=False,
                    edgecolor="0.2",
                    linestyle="--",
                    linewidth=1.3,
                    zorder=3,
                    gid="veto_hull",
                )
            )
        elif len(pts) == 2:
            xs, ys = zip(*pts, strict=True)
            ax.plot(xs, ys, "--", color="0.2", linewidth=1.3, zorder=3, gid="veto_hull")
        else:
            ax.plot(*pts[0], "D", ms=9, mfc="none", mec="0.2", zorder=3, gid="veto_hull")


def _plane_legend(fig: Figure, panels: Sequence[_PlanePanel]) -> None:
    a = panels[0].a
    handles: list[Any] = _member_handles(any(p.others for p in panels))
    handles += [
        Line2D([], [], ls="none", marker="X", ms=9, color="black", label="status quo"),
        Patch(fc=_CORE_FILL, ec=_CORE_EDGE, label="core: no move can pass"),
    ]
    if any(p.p.veto_hull and not _same_points(p.p.veto_hull, p.p.core) for p in panels):
        handles.append(Patch(fill=False, ec="0.2", ls="--", label="veto players' hull"))
    handles.append(Patch(fc=_WIN_FILL, ec=_WIN_EDGE, label="win set: beats the status quo"))
    if a.scenario.proposals:
        handles.append(
            Line2D([], [], ls="none", marker="s", ms=8, color=_PROPOSAL, label="proposal")
        )
    if a.scenario.setter is not None:
        handles.append(
            Line2D([], [], ls="none", marker="*", ms=13, color=_SETTER, label="setter's outcome")
        )
    fig.legend(handles=handles, loc="outside lower center", ncols=min(4, len(handles)), fontsize=8)


def plane_chart(analysis: OutcomeAnalysis) -> Figure:
    """Both dimensions of a two-dimensional outcome analysis, one panel per rule.

    Each panel shows the members (labelled points; members at the same point share one), the
    status quo, the core (a polygon with a light fill, or a segment or a point drawn as such; a
    missing core is noted in the panel's title), the veto players' hull when it differs from the
    core, the win set of the status quo (shaded; polygons within
    :attr:`~pivotal.outcomes.PlaneOutcome.win_set_error` of the true arcs), the named proposals
    (squares, saying whether each beats the status quo) and the setter's outcome (star). Axes have
    equal scales and carry the dimensions' names and the meaning of their ends.
    """
    a = _check(analysis)
    s = a.scenario
    if len(s.dimensions) != 2:
        raise PivotalError(
            "analysis",
            "an analysis of a scenario with two dimensions",
            f"{len(s.dimensions)} dimension ({s.dimensions[0].id})",
            "Draw one dimension with line_chart(analysis) (or outcome_chart).",
        )
    rules = [r for r in a.rules if r.plane is not None]
    d1, d2 = s.dimensions
    xs: list[Fraction | float] = [s.status_quo[d1.id].value]
    ys: list[Fraction | float] = [s.status_quo[d2.id].value]
    for v in s.positions.values():
        xs.append(v[d1.id].value)
        ys.append(v[d2.id].value)
    for prop in s.proposals.values():
        xs.append(prop.point[d1.id])
        ys.append(prop.point[d2.id])
    xlim, ylim = _span(d1, xs), _span(d2, ys)
    ncols = min(len(rules), 3)
    nrows = math.ceil(len(rules) / ncols)
    ratio = (ylim[1] - ylim[0]) / (xlim[1] - xlim[0])
    side = 5.2
    fig = new_figure(
        side * ncols + 1.2, nrows * (side * 0.84 * min(max(ratio, 0.4), 2.5) + 1.4) + 0.9
    )
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    panels = []
    for ax, r in zip(axes, rules, strict=False):
        panel = _PlanePanel(ax, a, r)
        panel.draw(xlim, ylim)
        _ends(ax, d1, "x", side)
        _ends(ax, d2, "y", side * ratio)
        panels.append(panel)
    for ax in axes[len(rules) :]:
        ax.set_visible(False)
    fig.suptitle(tex_safe(_wrap(s.name, 40 * ncols + 20)), fontsize=12)
    _plane_legend(fig, panels)
    fig.draw_without_rendering()  # labels are placed against the final layout
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    for panel in panels:
        _place_labels(panel.ax, renderer, panel.labels, panel.markers)
    return fig


def outcome_chart(analysis: OutcomeAnalysis, dimension: str | None = None) -> Figure:
    """The chart of an analysis: the plane (:func:`plane_chart`) for a scenario of two dimensions
    unless ``dimension`` names one, else the line (:func:`line_chart`) of that dimension (default:
    the first)."""
    a = _check(analysis)
    if dimension is None and len(a.scenario.dimensions) == 2:
        return plane_chart(a)
    return line_chart(a, dimension)


# ----------------------------------------------------------------------------- HTML


def _x(value: Fraction | float | int | None) -> str:
    """An exact value as the tables show it: ``21.6``, ``6204/175 (35.451429)``; a float as
    ``≈0.333333``; None as ``-``."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"≈{value:.6g}"
    text = show_number(value)
    return f"{text} ({float(value):.6f})" if "/" in text else text


def _pct(part: Fraction | float, whole: Fraction | float) -> str:
    return f"{float(part) / float(whole) * 100:.1f}%"


def _name(a: OutcomeAnalysis, actor: str) -> str:
    s = a.scenario
    name = {**s.member_names, **s.actors}.get(actor, actor)
    return actor if name == actor else f"{name} ({actor})"


def _capability_label(measure: str) -> str:
    return INDICES[measure].label if measure in INDICES else f"the attribute {measure!r}"


def _core_text(core: tuple[Fraction | None, Fraction | None] | None) -> str:
    if core is None:
        return "none (no status quo is safe)"
    lo, hi = core
    if lo is None or hi is None:
        return "the whole line (no coalition can win)"
    return _x(lo) if lo == hi else f"[{_x(lo)}, {_x(hi)}]"


def _win_text(win: tuple[Fraction, Fraction] | None) -> str:
    return "empty: gridlock" if win is None else f"({_x(win[0])}, {_x(win[1])})"


def _pivots_text(d: DimensionOutcome) -> str:
    line = d.line
    if line.left_pivot_position is None or line.right_pivot_position is None:
        return "none"
    return (
        f"{' = '.join(line.left_pivots)} ({_x(line.left_pivot_position)}) / "
        f"{' = '.join(line.right_pivots)} ({_x(line.right_pivot_position)})"
    )


def _nash_text(d: DimensionOutcome) -> str:
    if d.nash is None:
        return "-"
    if d.nash.exact:
        return _x(d.nash.value)
    return f"≈{float(d.nash.value):.6f} (± {d.nash.error:.1e}, by bisection)"


def _consent_total(c: ConsentCost | None) -> str:
    if c is None:
        return "-"
    if c.total is None:
        return "impossible"
    if not c.total:
        return "0"
    if not c.exact:
        return f"≈{float(c.total):.6g} (± {c.error:.1e})"
    return _x(c.total)


def _needed(needed: Sequence[str], moves: bool) -> str:
    if not moves:
        return "- (nothing moves)"
    return ", ".join(needed) or "no single member"


def _head(a: OutcomeAnalysis) -> list[str]:
    s = a.scenario
    out = [f"<h1>{_e(s.name)}</h1>"]
    if s.description:
        out.append(f'<p class="question">{_e(s.description)}</p>')
    facts = []
    if s.organization is not None:
        where = ", ".join(f"{k} {v}" for k, v in (("body", s.body), ("matter", s.matter)) if v)
        facts.append(
            f"{s.organization.name} ({s.organization.id})"
            + (f" on {s.at.isoformat()}" if s.at else "")
            + (f"; {where}" if where else "")
        )
    else:
        facts.append("Members given inline: " + ", ".join(s.members))
    if s.setter is not None:
        basis = f" ({s.setter_basis})" if s.setter_basis else ""
        facts.append(f"Agenda setter: {_name(a, s.setter)}{basis}")
    else:
        facts.append("No agenda setter: the setter's outcome is not modelled.")
    facts.append(
        f"Capability in the bargaining models: {_capability_label(a.rules[0].capability)} of "
        "the rule in force"
    )
    if s.participants:
        facts.append("Taking part: " + ", ".join(s.participants))
    if s.absent:
        facts.append("Absent (they support nothing): " + ", ".join(s.absent))
    if s.actors:
        facts.append("Actors who do not vote: " + ", ".join(_name(a, x) for x in s.actors))
    out.append(_list(facts))
    out.append("<h2>Rules</h2>")
    rows = [
        [
            r.rule,
            r.text,
            r.description,
            "all members" if r.players == s.members else ", ".join(r.players),
            ", ".join(r.veto_players) or "nobody",
        ]
        for r in a.rules
    ]
    out.append(
        _table(["rule", "as written", "in words", "players", "can block alone"], rows, None, 5)
    )
    out.append("<h2>In short</h2>" + _list(narrate_outcomes(a)))
    return out


def _dimension_section(a: OutcomeAnalysis, k: int) -> list[str]:
    s = a.scenario
    dim = s.dimensions[k]
    y = s.status_quo[dim.id]
    scale = "" if dim.scale is None else f"; scale {_x(dim.scale[0])} to {_x(dim.scale[1])}"
    out = [
        f"<h2>{_e(dim.name)}</h2>",
        f"<p>From <i>{_e(dim.low)}</i> (low) to <i>{_e(dim.high)}</i> (high){_e(scale)}. "
        f"Status quo: <b>{_e(_x(y.value))}</b> ({_e(y.status)}).</p>",
        _image(
            line_chart(a, dim.id),
            f"{dim.name}: members, status quo, core, win set and outcomes under each rule",
            "One panel per rule. Rows: the members' ideal points; the core (no status quo in it "
            "can be beaten); the win set of the status quo (open: its ends do not pass); the "
            "setter's outcome; the compromise and Nash bargaining models; proposals.",
        ),
    ]
    rows = []
    for r in a.rules:
        d = r.dimensions[k]
        line = d.line
        rows.append(
            [
                r.rule,
                _core_text(line.core),
                _win_text(line.win_set),
                _pivots_text(d),
                _x(line.setter_outcome) if line.setter else "-",
                _needed(line.needed, line.setter_outcome != line.status_quo),
                _x(d.compromise),
                _nash_text(d),
                _consent_total(d.consent),
            ]
        )
    header = [
        "rule",
        "core",
        "win set",
        "pivots: left / right",
        "setter's outcome",
        "needed for it",
        "compromise",
        "Nash",
        "cost of consent",
    ]
    out.append(_table(header, rows, f"Outcomes by rule and model on {dim.name}", 6))
    out += _consent_section(a, k)
    moving = [pid for pid in s.proposals if any(pid in r.dimensions[k].proposals for r in a.rules)]
    if moving:
        prows = []
        for pid in moving:
            verdicts = [r.dimensions[k].proposals.get(pid) for r in a.rules]
            prows.append(
                [
                    s.proposals[pid].name,
                    _x(s.proposals[pid].point[dim.id]),
                    *["-" if v is None else "passes" if v else "fails" for v in verdicts],
                ]
            )
        out.append(
            _table(
                ["proposal", "point", *[r.rule for r in a.rules]],
                prows,
                f"Proposals against the status quo on {dim.name} alone",
            )
        )
    sensitivity = []
    for r in a.rules:
        d = r.dimensions[k]
        parts = [
            f"{m} ×{show_number(lo)}"
            if lo == hi
            else f"{m} ×{show_number(lo)} (moving left) / ×{show_number(hi)} (moving right)"
            for m, (lo, hi) in d.sensitivity.items()
            if lo or hi
        ]
        if parts and d.line.setter:
            sensitivity.append(f"Under {r.rule}: " + ", ".join(parts))
    if sensitivity:
        out.append(
            "<p>How far the setter's outcome moves when one member's position moves by 1:</p>"
            + _list(sensitivity)
        )
    return out


def _consent_section(a: OutcomeAnalysis, k: int) -> list[str]:
    s = a.scenario
    names = {**s.member_names, **s.actors}
    costs = [(r.rule, r.dimensions[k].consent) for r in a.rules]
    first = a.rules[0].dimensions[k]
    if first.proposal is None or all(c is None for _rule, c in costs):
        return []
    out = [
        f"<h3>Cost of consent of moving to {_e(_x(first.proposal))}, "
        f"{_e(first.proposal_basis)}</h3>",
        "<p>A member who loses by the move is paid its salience times its loss in distance, "
        "max(0, s<sub>i</sub> (|z − x<sub>i</sub>| − |y − x<sub>i</sub>|)); the cost of consent "
        "is the cheapest total over the winning coalitions.</p>",
        _list(consent_sentence(rule, c, True, names) for rule, c in costs if c is not None),
    ]
    rows = []
    for rule, c in costs:
        if c is None or not c.total:
            continue
        for m, paid in sorted(c.paid.items(), key=lambda kv: -kv[1]):
            rows.append(
                [
                    rule,
                    _name(a, m),
                    f"{_x(paid)} of {_x(c.total)}",
                    f"{_x(c.share(m))}, {_pct(paid, c.total)}",
                ]
            )
    if rows:
        header = ["rule", "who is paid", "amount", "share of the cost"]
        out.append(_table(header, rows, "Who is paid, and each one's share", 2))
    members = [m for m in s.members if any(c is not None and m in c.price for _r, c in costs)]
    price_rows = []
    for m in members:
        cells = []
        for _rule, c in costs:
            if c is None or m not in c.price:
                cells.append("-")
            else:
                cells.append(_x(c.price[m]) + (" (paid)" if m in c.paid else ""))
        price_rows.append([_name(a, m), *cells])
    out.append(
        "<details><summary>Every member's price for its consent</summary>"
        + _table(["member", *[rule for rule, _c in costs]], price_rows)
        + "</details>"
    )
    return out


def _vertices(points: Sequence[tuple[Any, Any]]) -> str:
    return " ".join(f"({_x(x)}, {_x(y)})" for x, y in points)


def _plane_core_text(r: RuleOutcome) -> str:
    p = r.plane
    if p is None:
        return "-"
    if p.core is None:
        return "none: no coalition can win, every status quo stays"
    if not p.core:
        return "none: every status quo can be beaten"
    shape = {1: "the point", 2: "the segment"}.get(len(p.core), "the polygon")
    return f"{shape} {_vertices(p.core)}"


def _plane_section(a: OutcomeAnalysis) -> list[str]:
    s = a.scenario
    d1, d2 = s.dimensions
    rules = [r for r in a.rules if r.plane is not None]
    out = [
        f"<h2>Both dimensions at once: {_e(d1.name)} × {_e(d2.name)}</h2>",
        "<p>On a plane a member supports a proposal that is nearer (in straight-line distance) "
        "to its ideal point than the status quo is. A package that moves both dimensions can "
        "pass where neither move passes alone.</p>",
        _image(
            plane_chart(a),
            f"{d1.name} × {d2.name}: members, status quo, core, win set and proposals",
            "One panel per rule: the core (no status quo in it can be beaten), the win set of the "
            "status quo (shaded: the points a winning coalition prefers), proposals and the "
            "setter's outcome.",
        ),
    ]
    rows = []
    for r in rules:
        p = r.plane
        if p is None:  # pragma: no cover - filtered above
            continue
        hull = "-"
        if p.veto_hull:
            same = p.core is not None and sorted(p.veto_hull) == sorted(p.core)
            hull = "the core itself" if same else _vertices(p.veto_hull)
        win = (
            "empty: gridlock"
            if p.win_set.is_empty
            else f"≈{p.win_set.area:.6g} (boundary within {p.win_set_error:.1e})"
        )
        outcome = (
            f"({_x(p.setter_outcome[0])}, {_x(p.setter_outcome[1])})"
            if p.setter_outcome_exact
            else f"≈({float(p.setter_outcome[0]):.4f}, {float(p.setter_outcome[1]):.4f}) "
            f"(± {p.win_set_error:.1e}: on the drawn win set's boundary)"
        )
        rows.append(
            [
                r.rule,
                _plane_core_text(r),
                "yes" if p.in_core else "no",
                hull,
                win,
                outcome if p.setter else "-",
                _needed(p.needed, p.setter_outcome != p.status_quo),
                _consent_total(r.plane_consent),
            ]
        )
    header = [
        "rule",
        "core",
        "status quo in the core",
        "veto players' hull",
        "win set area",
        "setter's outcome",
        "needed for it",
        "cost of consent",
    ]
    out.append(_table(header, rows, "Outcomes on the plane", 4))
    if s.proposals:
        prows = []
        for pid, prop in s.proposals.items():
            verdicts = [r.plane_proposals.get(pid) for r in rules]
            prows.append(
                [
                    prop.name,
                    f"({_x(prop.point[d1.id])}, {_x(prop.point[d2.id])})",
                    *["-" if v is None else "passes" if v else "fails" for v in verdicts],
                ]
            )
        out.append(
            _table(
                ["proposal", f"point ({d1.id}, {d2.id})", *[r.rule for r in rules]],
                prows,
                "Proposals against the status quo on the plane",
            )
        )
    names = {**s.member_names, **s.actors}
    sentences = [
        consent_sentence(r.rule, r.plane_consent, False, names)
        for r in rules
        if r.plane_consent is not None
    ]
    if sentences:
        out.append(
            "<p>Cost of consent of the move on the plane (floating point: distances are square "
            "roots):</p>" + _list(sentences)
        )
    return out


def _blocs_section(a: OutcomeAnalysis) -> list[str]:
    s = a.scenario
    if not s.blocs or all(r.owen is None for r in a.rules):
        return []
    blocs = "; ".join(f"{k}: {' + '.join(v)}" for k, v in s.blocs.items())
    header = ["member"]
    for r in a.rules:
        alone = _capability_label(r.capability)
        header += [f"{r.rule}: Owen", f"{r.rule}: Banzhaf-Owen", f"{r.rule}: {alone} alone"]
    rows = []
    for m in s.members:
        row = [_name(a, m)]
        for r in a.rules:
            row += [
                fmt_both((r.owen or {}).get(m)),
                fmt_both((r.banzhaf_owen or {}).get(m)),
                fmt_both(r.capabilities.get(m)),
            ]
        rows.append(row)
    return [
        "<h2>Blocs: Owen and Banzhaf-Owen values</h2>",
        f"<p>A priori unions ({_e(blocs)}): each bloc acts as one player towards the others, "
        "and its members share what the bloc gets (Owen 1977). Beside them, each member's "
        "capability alone.</p>",
        _table(header, rows, None, 1),
    ]


def _capability_section(a: OutcomeAnalysis) -> list[str]:
    s = a.scenario
    actors = [*s.members, *(x for x in s.actors if x not in s.members)]
    shown = [m for m in actors if any(m in r.capabilities for r in a.rules)]
    rows = [[_name(a, m), *[fmt_both(r.capabilities.get(m)) for r in a.rules]] for m in shown]
    label = _capability_label(a.rules[0].capability)
    return [
        "<h3>Capabilities in the bargaining models</h3>",
        _table(["member", *[r.rule for r in a.rules]], rows, f"{label} under each rule"),
    ]


def _positions_section(a: OutcomeAnalysis) -> list[str]:
    s = a.scenario
    out = [
        "<h2>Positions, saliences and where they come from</h2>",
        "<p>Statuses, strongest first: <b>verified</b> (a source states the value), <b>proxy</b> "
        "(a sourced measure of something related), <b>estimate</b> (an analyst's judgement), "
        "<b>illustrative</b> (made up to show how the model works). Source keys refer to the "
        "list of sources below.</p>",
    ]
    actors = [*s.members, *(x for x in s.actors if x not in s.members)]
    for dim in s.dimensions:
        y = s.status_quo[dim.id]
        rows = [
            [
                "status quo",
                _x(y.value),
                y.status,
                ", ".join(y.sources) or "-",
                y.uncertainty.describe() if y.uncertainty else "-",
                "-",
                "-",
                y.note or "",
            ]
        ]
        for m in actors:
            value = s.positions.get(m, {}).get(dim.id)
            if value is None:
                continue
            sal = s.saliences.get(m, {}).get(dim.id)
            rows.append(
                [
                    _name(a, m),
                    _x(value.value),
                    value.status,
                    ", ".join(value.sources) or "-",
                    value.uncertainty.describe() if value.uncertainty else "-",
                    "-" if sal is None else _x(sal.value),
                    "-" if sal is None else sal.status,
                    "; ".join(dict.fromkeys(x for x in (value.note, sal and sal.note) if x)),
                ]
            )
        header = [
            "member",
            "position",
            "status",
            "sources",
            "uncertainty",
            "salience",
            "salience status",
            "note",
        ]
        out.append(_table(header, rows, f"{dim.name} ({dim.low} ↔ {dim.high})", 1))
    return out + _capability_section(a)


def _simulation_section(a: OutcomeAnalysis, mc: Simulation) -> list[str]:
    s = a.scenario
    names = {d.id: d.name for d in s.dimensions}
    out = [
        "<h2>Monte Carlo over the uncertain values</h2>",
        f'<p class="note">Approximate: {mc.draws:,} draws (seed {mc.seed}) of every value the '
        "scenario marks uncertain, each drawn independently. Probabilities are given with 95% "
        "Wilson score intervals; outcomes as quantiles of the draws.</p>",
    ]
    if mc.uncertain:
        out.append(
            f"<details><summary>{len(mc.uncertain)} uncertain values</summary>"
            + _list(mc.uncertain)
            + "</details>"
        )
    else:
        out.append("<p>No value of this scenario is uncertain: every draw is the same.</p>")

    def q(values: Mapping[float, float]) -> str:
        if any(math.isnan(v) for v in values.values()):
            return "-"
        return f"{values[0.5]:.4g} ({values[0.05]:.4g} to {values[0.95]:.4g})"

    rows = []
    for r in mc.rules:
        for d in r.dimensions:
            props = "; ".join(
                f"{s.proposals[pid].name if pid in s.proposals else pid}: {p}"
                for pid, p in d.proposals.items()
            )
            rows.append(
                [
                    r.rule,
                    names.get(d.dimension, d.dimension),
                    str(d.gridlock),
                    q(d.setter_outcome),
                    q(d.compromise),
                    props or "-",
                ]
            )
    header = [
        "rule",
        "dimension",
        "P(gridlock) [95%]",
        "setter's outcome: median (5% to 95%)",
        "compromise: median (5% to 95%)",
        "P(proposal passes) [95%]",
    ]
    out.append(_table(header, rows, "Per dimension", 2))
    plane = [
        [r.rule, s.proposals[pid].name if pid in s.proposals else pid, str(p)]
        for r in mc.rules
        for pid, p in r.plane_proposals.items()
    ]
    if plane:
        out.append(
            _table(["rule", "proposal", "P(passes) [95%]"], plane, "Proposals on the plane", 2)
        )
    return out


def _caveats_section(a: OutcomeAnalysis) -> list[str]:
    head = "<h2>Values and facts to check</h2>"
    if not a.caveats:
        return [head + "<p>Every value these results use is marked verified.</p>"]
    return [
        head + '<p class="note">These results rest on the values and facts below, which are not '
        "verified; check them before relying on the numbers. Statuses come from the scenario's "
        "and the organization's files.</p>" + _list(a.caveats)
    ]


def _source_items(sources: Mapping[str, str]) -> str:
    items = []
    for key, where in sources.items():
        shown = _e(where)
        if where.startswith(("http://", "https://")) and " " not in where:
            shown = f'<a href="{_e(where)}">{shown}</a>'
        items.append(f"<li><b>{_e(key)}</b>: {shown}</li>")
    return '<ol class="sources">' + "".join(items) + "</ol>"


def _sources_section(a: OutcomeAnalysis) -> list[str]:
    s = a.scenario
    out = ['<h2 id="sources">Sources</h2>']
    if s.sources:
        out.append("<h3>The scenario's values</h3>" + _source_items(s.sources))
    else:
        out.append("<p>The scenario cites no sources for its values.</p>")
    snap = s.snapshot
    if snap is not None:
        org = referenced_sources([snap], [r.rule for r in a.rules])
        org = {k: v for k, v in org.items() if s.sources.get(k) != v}
        if org:
            out.append(
                f"<h3>The organization's membership and rules ({_e(snap.organization.id)})</h3>"
                + _source_items(org)
            )
    return out


def outcome_body(analysis: OutcomeAnalysis, simulation: Simulation | None = None) -> list[str]:
    """The sections of the HTML report of an outcome analysis (optionally with a Monte Carlo
    :class:`~pivotal.outcomes.uncertainty.Simulation` of the same scenario), in order."""
    a = _check(analysis)
    s = a.scenario
    if simulation is not None and not isinstance(simulation, Simulation):
        raise PivotalError(
            "simulation",
            "a Simulation (pivotal.outcomes.uncertainty.simulate) or None",
            type(simulation).__name__,
            "Pass the result of simulate(scenario), or leave it out.",
        )
    if simulation is not None and simulation.scenario != s.id:
        raise PivotalError(
            "simulation",
            f"a simulation of the scenario {s.id!r}",
            repr(simulation.scenario),
            "Simulate the same scenario that was analysed.",
        )
    out = _head(a)
    for k in range(len(s.dimensions)):
        out += _dimension_section(a, k)
    if len(s.dimensions) == 2:
        out += _plane_section(a)
    out += _blocs_section(a)
    out += _positions_section(a)
    if simulation is not None:
        out += _simulation_section(a, simulation)
    out += _caveats_section(a)
    out += _sources_section(a)
    return out


def outcome_footer(analysis: OutcomeAnalysis, simulation: Simulation | None = None) -> str:
    """What in the report is exact and what is approximate, in one paragraph of HTML."""
    from pivotal import __version__

    a = analysis
    two = len(a.scenario.dimensions) == 2
    bisected = any(d.nash is not None and not d.nash.exact for r in a.rules for d in r.dimensions)
    approx = []
    if bisected:
        approx.append("the Nash solutions marked ≈ (found by bisection, with their error)")
    if two:
        approx.append(
            "on the plane, the win sets (polygons whose boundary lies within the stated distance "
            "of the true circular arcs) and their areas, a setter's outcome marked ≈, and the "
            "cost of consent (floating point)"
        )
    if simulation is not None:
        approx.append("the Monte Carlo estimates (with 95% intervals)")
    approx.append("the charts, drawn in floating point")
    return (
        f"Computed by pivotal {_e(__version__)}. Exact (fractions; p/q values have their decimal "
        "rounded to 6 places in brackets): the core, win set, pivots and setter's outcome on "
        "each dimension, the compromise model, the cost of consent on a line, whether each "
        "proposal beats the status quo, the capabilities"
        + (", the Owen and Banzhaf-Owen values" if any(r.owen for r in a.rules) else "")
        + (", and the core polygon on the plane" if two else "")
        + ". Approximate: "
        + _e("; ".join(approx))
        + "."
    )
