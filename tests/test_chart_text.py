"""Chart text: names drawn literally, the headline index, panels once, no clipped or overprinted
labels, and caveats stating one fact merged."""

from __future__ import annotations

import html
import textwrap
from fractions import Fraction
from pathlib import Path

import matplotlib
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from pivotal.compare import Comparison, compare, timeline
from pivotal.compare.charts import comparison_chart, headline, timeline_chart
from pivotal.power import INDICES
from pivotal.report import render, render_report
from pivotal.report.html import comparison_figures

NAMES = ["$x$", "$\\frac", "a$b", "_x_ ^y^ 50% & #1", "back\\nslash \\n"]

TRICKY = textwrap.dedent(
    """\
    id: tricky
    name: "$\\\\alpha$ Union"
    members:
      - {id: A, name: "$x$", memberships: [{joined: 2000-01-01, status: verified, sources: [s]}]}
      - id: B
        name: "$\\\\frac"
        memberships: [{joined: 2000-01-01, status: verified, sources: [s]}]
      - {id: C, name: "a$b", memberships: [{joined: 2000-01-01, status: verified, sources: [s]}]}
      - id: D
        name: "_x_ ^y^ 50% & #1"
        memberships: [{joined: 2010-06-20, status: verified, sources: [s]}]
      - id: E
        name: "back\\\\nslash \\\\n"
        memberships: [{joined: 2010-12-19, status: unverified}]
    rules:
      consensus: {text: consensus, status: verified, sources: [s]}
      majority: {text: majority, status: unverified, note: "$hypothetical$"}
    default_rule: consensus
    sources:
      s: https://example.org/source
    """
)


@pytest.fixture(scope="module")
def tricky(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("org") / "tricky.yaml"
    path.write_text(TRICKY, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def csto_2012() -> Comparison:
    return compare("csto", ["consensus", "majority"], at="2012-05-15")


def texts(fig: Figure) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def svg_text(fig: Figure) -> str:
    """The SVG of ``fig`` with its text kept as text (not glyph paths), so it can be searched."""
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        return html.unescape(render(fig, "svg").decode("utf-8"))


# -- text is literal -----------------------------------------------------------------------------


def test_names_with_dollars_are_drawn_as_written(tricky: Path) -> None:
    c = compare(str(tricky), ["consensus", "majority"], at="2011-01-01")
    assert [c.member_names[m] for m in c.members] == NAMES  # the file's names, unchanged
    t = timeline(str(tricky), rules=["consensus", "majority"])
    for fig in (comparison_chart(c), comparison_chart(c, "penrose", act_panel=False)):
        assert render(fig, "png").startswith(b"\x89PNG")
        svg = svg_text(fig)
        for name in NAMES:
            assert all(part in svg for part in name.split()), name  # long names wrap
        assert all(not x.get_parse_math() and not x.get_usetex() for x in fig.findobj(Text))
    fig = timeline_chart(t)
    assert render(fig, "png").startswith(b"\x89PNG")
    svg = svg_text(fig)
    assert "TRICKY" in svg and "$x$" not in svg  # the title uses the id, the legend ids
    assert all(not x.get_parse_math() and not x.get_usetex() for x in fig.findobj(Text))
    # The whole report renders too, with the names escaped once.
    page = render_report(c)
    assert "a$b" in page and "$\\frac" in page and html.escape("_x_ ^y^ 50% & #1") in page


def test_no_tex_even_when_usetex_is_on(tricky: Path, csto_2012: Comparison) -> None:
    c = compare(str(tricky), ["consensus", "majority"], at="2011-01-01")
    with matplotlib.rc_context({"text.usetex": True, "axes.formatter.use_mathtext": True}):
        for fig in (
            comparison_chart(c),
            comparison_chart(csto_2012),
            timeline_chart(timeline("csto", ["consensus", "majority"], end="2013-01-01")),
        ):
            assert render(fig, "png").startswith(b"\x89PNG")
            assert not any(x.get_usetex() for x in fig.findobj(Text))


def test_log_axis_ticks_are_plain_numbers() -> None:
    fig = timeline_chart(timeline("csto", ["consensus", "majority"], end="2013-01-01"))
    fig.draw_without_rendering()
    labels = [t.get_text() for t in fig.axes[-1].get_yticklabels() if t.get_text()]
    assert fig.axes[-1].get_yscale() == "log"  # 1/512 to 1/2
    assert labels and not any("$" in s or "mathdefault" in s for s in labels)
    assert all(float(s) > 0 for s in labels)


# -- the headline index --------------------------------------------------------------------------


def brute_headline(c: Comparison) -> str:
    """The index with the largest |after - before| for some member, found from the exact table
    (ties: Shapley-Shubik first, then the order computed); Shapley-Shubik when none differs."""
    frame = c.to_frame(exact=True)
    a, b = c.rule_names
    best: tuple[Fraction, int] | None = None
    choice = "shapley_shubik"
    order = [k for k in c.index_keys if k != "raw_banzhaf"]
    order.sort(key=lambda k: k != "shapley_shubik")
    for rank, key in enumerate(order):
        spread = max(
            abs(Fraction(y if y is not None else 0) - Fraction(x if x is not None else 0))
            for x, y in zip(frame[(key, a)], frame[(key, b)], strict=True)
        )
        if spread > 0 and (best is None or (spread, -rank) > best):
            best, choice = (spread, -rank), key
    return choice


@pytest.mark.parametrize(
    ("org", "rules", "at", "expected"),
    [
        ("csto", ["consensus", "majority"], "2012-05-15", "coleman_prevent"),
        ("csto", ["majority", "at least 2/3 of members"], "2012-05-15", None),
        ("csto", ["consensus", "majority"], "1995-01-01", "coleman_prevent"),
        ("nato", ["consensus", "majority"], "1990-01-01", "coleman_prevent"),
        ("imf", ["majority", "at least 85% of members"], None, None),
        ("unsc", ["majority", "consensus"], None, None),
    ],
)
def test_headline_is_the_index_that_differs_most(
    org: str, rules: list[str], at: str | None, expected: str | None
) -> None:
    c = compare(org, rules, at=at)
    key, why = headline(c)
    assert key == brute_headline(c)
    if expected is not None:
        assert key == expected  # consensus -> majority: every veto is lost
    assert INDICES[key].label in why
    fig = comparison_chart(c)
    assert fig.axes[0].get_ylabel().replace("\n", " ") == INDICES[key].label
    assert INDICES[key].label in fig.axes[0].get_title().replace("\n", " ")


def test_headline_falls_back_to_shapley_shubik() -> None:
    # Two texts, one game: more than half of 7 is at least 4 of 7.
    c = compare("csto", ["majority", "at least 4 of members"], at="2012-05-15")
    assert all(d in (0, None) for diffs in c.differences.values() for d in diffs)
    key, why = headline(c)
    assert key == "shapley_shubik" and "no index computed differs" in why


def test_an_index_asked_for_is_charted(csto_2012: Comparison) -> None:
    fig = comparison_chart(csto_2012, "ss")
    assert fig.axes[0].get_ylabel() == "Shapley-Shubik"
    assert "(chosen)" in fig.axes[0].get_title()


def test_each_panel_once(csto_2012: Comparison) -> None:
    figures = comparison_figures(csto_2012)
    titles = [ax.get_title() for fig, _, _ in figures for ax in fig.axes]
    assert titles.count("Power to act") == 1
    charted = [fig.axes[0].get_ylabel().replace("\n", " ") for fig, _, _ in figures]
    assert len(charted) == len(set(charted)) == 2
    assert charted[0] == "Coleman: power to prevent"
    subtitle = figures[0][0].axes[0].get_title().replace("\n", " ")
    assert "differs most between the rules" in subtitle and "(chosen)" not in subtitle
    page = render_report(csto_2012)
    assert page.count("<img ") == len(figures)


# -- labels fit and do not overprint -----------------------------------------------------------


def _shown_tick_labels(axis: matplotlib.axis.Axis) -> list[Text]:
    lo, hi = sorted(axis.get_view_interval())
    slack = (hi - lo) * 1e-9
    out = []
    for tick in axis.get_major_ticks() + axis.get_minor_ticks():
        if lo - slack <= tick.get_loc() <= hi + slack:
            out += [t for t in (tick.label1, tick.label2) if t.get_visible() and t.get_text()]
    return out


def layout_problems(fig: Figure) -> list[str]:
    """Texts outside the figure, tick labels that overlap, and value labels that overlap."""
    problems = []
    for dpi in (100, 120):  # the report's and the saved chart's resolution
        fig.set_dpi(dpi)
        fig.draw_without_rendering()
        renderer = fig.canvas.get_renderer()
        box = fig.bbox
        all_ticks = {
            id(label)
            for ax in fig.axes
            for axis in (ax.xaxis, ax.yaxis)
            for tick in axis.get_major_ticks() + axis.get_minor_ticks()
            for label in (tick.label1, tick.label2)
        }
        shown = {
            id(t) for ax in fig.axes for a in (ax.xaxis, ax.yaxis) for t in _shown_tick_labels(a)
        }
        for t in texts(fig):
            if id(t) in all_ticks and id(t) not in shown:
                continue  # a tick outside the axis range is not drawn
            e = t.get_window_extent(renderer)
            if e.x0 < box.x0 - 1 or e.y0 < box.y0 - 1 or e.x1 > box.x1 + 1 or e.y1 > box.y1 + 1:
                problems.append(f"{dpi} dpi: {t.get_text()!r} is clipped ({e.bounds})")
        for ax in fig.axes:
            for axis in (ax.xaxis, ax.yaxis):
                labels = _shown_tick_labels(axis)
                boxes = [t.get_window_extent(renderer) for t in labels]
                for i in range(len(boxes)):
                    for j in range(i + 1, len(boxes)):
                        if boxes[i].overlaps(boxes[j]):
                            problems.append(
                                f"{dpi} dpi: {labels[i].get_text()!r} overprints "
                                f"{labels[j].get_text()!r}"
                            )
            notes = [t for t in ax.texts if t.get_visible() and t.get_text()]
            boxes = [t.get_window_extent(renderer) for t in notes]
            for i in range(len(boxes)):
                for j in range(i + 1, len(boxes)):
                    if boxes[i].overlaps(boxes[j]):
                        problems.append(
                            f"{dpi} dpi: value {notes[i].get_text()!r} overprints "
                            f"{notes[j].get_text()!r}"
                        )
    return problems


def test_close_dates_are_staggered() -> None:
    t = timeline("csto", ["consensus", "majority"], include_frozen=True)
    dates = [d.isoformat() for d in t.dates]
    assert "2012-06-20" in dates and "2012-12-19" in dates  # six months apart
    fig = timeline_chart(t)
    assert layout_problems(fig) == []
    shown = [x.get_text() for x in _shown_tick_labels(fig.axes[-1].xaxis)]
    assert shown == dates  # staggered, none left out


@pytest.mark.parametrize(
    "make",
    [
        lambda: timeline_chart(timeline("csto", ["consensus", "majority"], include_frozen=True)),
        lambda: timeline_chart(timeline("nato", body="nac", include_frozen=True)),
        lambda: timeline_chart(timeline("unsc", body="security_council")),
        lambda: timeline_chart(timeline("imf")),  # 191 members
        lambda: comparison_chart(compare("csto", ["consensus", "majority"], at="2012-05-15")),
        lambda: comparison_chart(compare("imf", ["majority", "consensus"])),  # long names
        lambda: comparison_chart(
            compare("us_electoral_college", ["majority", "at least 2/3 of members"])
        ),
        lambda: comparison_chart(
            compare("eu_council", ["consensus", "majority"], at="2020-06-01"), act_panel=False
        ),
    ],
    ids=[
        "csto-timeline",
        "nato-timeline",
        "unsc-timeline",
        "imf-timeline",
        "csto",
        "imf",
        "usec",
        "eu",
    ],
)
def test_no_clipped_or_overprinted_labels(make) -> None:  # type: ignore[no-untyped-def]
    assert layout_problems(make()) == []


def test_a_timeline_of_many_members_names_the_strongest_and_greys_the_rest() -> None:
    from pivotal.compare.charts import MAX_LINES

    t = timeline("imf")
    fig = timeline_chart(t)
    legend = fig.axes[0].get_legend()
    labels = [x.get_text() for x in legend.get_texts()]
    assert len(labels) == MAX_LINES + 1
    # Every member is in exactly one place: a named line (possibly shared) or the grey bundle.
    named = sum(len(lb.split(", ")) if " more" not in lb else 0 for lb in labels[:-1])
    grouped_more = [lb for lb in labels[:-1] if " more" in lb]
    assert not grouped_more or all(lb.endswith(" more") for lb in grouped_more)
    others = int(labels[-1].split()[0])
    assert labels[-1] == f"{others} other members"
    assert named + others + sum(
        3 + int(lb.split(" and ")[1].split()[0]) for lb in grouped_more
    ) == len(t.members)
    # The named lines reach at least as high as every grey one.
    lines = fig.axes[0].get_lines()
    colour = [ln for ln in lines if ln.get_label() in labels[:-1]]
    grey = [ln for ln in lines if ln.get_color() == "0.6"]
    assert len(grey) >= 1
    lowest_named = min(max(y for y in ln.get_ydata() if y == y) for ln in colour)
    assert all(max(y for y in ln.get_ydata() if y == y) <= lowest_named for ln in grey)


def test_tricky_names_fit(tricky: Path) -> None:
    c = compare(str(tricky), ["consensus", "majority"], at="2011-01-01")
    assert layout_problems(comparison_chart(c)) == []
    assert layout_problems(timeline_chart(timeline(str(tricky), ["consensus"]))) == []


# -- caveats: one fact once ----------------------------------------------------------------------


def test_the_csto_exit_is_noted_once() -> None:
    # The compare stage merges one uncertain fact worded differently at different dates
    # (compare/notes.py); the report prints the notes it is given, so the fact appears once.
    t = timeline("csto", ["consensus", "majority"])
    page = render_report(t)
    notes = page.split("<h2>Notes and unverified values</h2>")[1].split('<h2 id="sources">')[0]
    assert notes.count("1999-04-20 (unverified") == 1
    kept = next(c for c in t.caveats if "1999-04-20 (unv" in c)
    for m in ("AZE", "GEO", "UZB"):
        assert f"({m})" in kept  # the note kept names everyone the fact bounds
