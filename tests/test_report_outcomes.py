"""Charts (PNG, SVG) and the HTML report of outcome analyses (pivotal.report.outcomes).

The drawn bands and regions are checked against the analysis, and against brute force: on random
small scenarios every half-integer proposal is tested against the status quo by the definition
(the members strictly closer to it must win), independently of the outcome stage's sweep.
"""

from __future__ import annotations

import itertools
import math
import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib import cbook
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.patches import Polygon as PolygonPatch
from matplotlib.text import Text
from shapely.geometry import Point
from shapely.geometry import Polygon as ShapelyPolygon

from pivotal.compare import compare
from pivotal.errors import PivotalError
from pivotal.outcomes import (
    OutcomeAnalysis,
    analyze_outcomes,
    load_scenario,
    loads_scenario,
    scenario,
)
from pivotal.outcomes.uncertainty import Simulation, simulate
from pivotal.report import (
    line_chart,
    outcome_chart,
    plane_chart,
    render,
    render_report,
    save,
    write_report,
)
from pivotal.report.outcomes import tex_safe
from strategies import weighted_specs

PNG = b"\x89PNG\r\n\x1a\n"
CSTO = ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB")

# Three shapes of core on one plane: a segment (A is the only veto player, so its point is the
# veto players' hull), a triangle (consensus) and a point (majority: D is the median in every
# direction). Names carry '$' to check they are not read as TeX.
PLANE_YAML = """
id: shapes
name: "Shapes $x$ of the core"
members: [{id: A, votes: 2}, {id: B, votes: 1}, {id: C, votes: 1}, {id: D, votes: 1}]
rules: ["votes >= 4", consensus, majority]
setter: B
dimensions:
  - {id: x, name: "Spending $bn", low: "a $ low", high: more}
  - {id: y, name: Reach, low: less, high: "more $"}
status_quo: {x: 50, y: 50, status: illustrative}
positions:
  A: {x: 20, y: 20, status: illustrative}
  B: {x: 80, y: 20, status: illustrative}
  C: {x: 50, y: 90, status: illustrative}
  D: {x: 40, y: 40, status: illustrative}
proposals:
  p1: {name: "Plan $1", x: 60, y: 30}
"""


@pytest.fixture(scope="module")
def csto() -> OutcomeAnalysis:
    return analyze_outcomes(load_scenario("csto-2012"))


@pytest.fixture(scope="module")
def shapes() -> OutcomeAnalysis:
    return analyze_outcomes(loads_scenario(PLANE_YAML))


@pytest.fixture(scope="module")
def mc(csto: OutcomeAnalysis) -> Simulation:
    return simulate(csto.scenario, draws=2000, seed=1)


@pytest.fixture(scope="module")
def page(csto: OutcomeAnalysis, mc: Simulation) -> str:
    return render_report(csto, simulation=mc)


def gid_patches(ax, gid: str) -> list:  # type: ignore[no-untyped-def]
    return [p for p in ax.patches if p.get_gid() == gid]


def band(ax, gid: str) -> tuple[float, float] | None:  # type: ignore[no-untyped-def]
    """The x extent of the band ``gid`` of a line-chart panel (None when not drawn)."""
    found = [p for p in gid_patches(ax, gid) if isinstance(p, Rectangle)]
    assert len(found) <= 1
    if not found:
        return None
    return found[0].get_x(), found[0].get_x() + found[0].get_width()


def texts_of(fig: Figure) -> list[Text]:
    """Every text of the figure but tick labels (matplotlib lays those out, and keeps some
    outside the view that it never draws)."""
    ticks = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for tick in [*axis.get_major_ticks(), *axis.get_minor_ticks()]:
                ticks.update((id(tick.label1), id(tick.label2)))
    return [t for t in fig.findobj(Text) if t.get_text() and id(t) not in ticks]


def assert_readable(fig: Figure) -> None:
    """Labels and notes inside each panel do not overlap, and no text leaves the figure."""
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    frame = fig.bbox
    for ax in fig.axes:
        # Text boxes only: an annotation's own extent includes its leader line.
        boxes = [Text.get_window_extent(t, renderer) for t in ax.texts if t.get_text()]
        for a, b in itertools.combinations(boxes, 2):
            w = min(a.x1, b.x1) - max(a.x0, b.x0)
            h = min(a.y1, b.y1) - max(a.y0, b.y0)
            assert w <= 0.5 or h <= 0.5, (a, b)
    for t in texts_of(fig):
        box = t.get_window_extent(renderer)
        assert box.x0 >= frame.x0 - 1 and box.x1 <= frame.x1 + 1, t.get_text()
        assert box.y0 >= frame.y0 - 1 and box.y1 <= frame.y1 + 1, t.get_text()


def outside_sources(text: str) -> str:
    before, _, _ = text.partition('<h2 id="sources">')
    return re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", before)


# -- line charts -------------------------------------------------------------------------------


@pytest.mark.parametrize("dimension", ["nato", "regime"])
def test_line_chart_of_the_bundled_scenario(
    csto: OutcomeAnalysis, dimension: str, tmp_path: Path
) -> None:
    fig = line_chart(csto, dimension)
    assert [ax.get_title(loc="left").split(":")[0] for ax in fig.axes] == ["consensus", "majority"]
    png = save(fig, tmp_path / "line.png")
    assert png.read_bytes().startswith(PNG)
    svg = save(fig, tmp_path / "line.svg").read_text(encoding="utf-8")
    assert "<svg" in svg
    for member in CSTO:
        assert member in svg
    # The axis' ends say what they mean.
    dim = csto.scenario.dimension(dimension)
    shown = " ".join(t.get_text() for t in texts_of(fig))
    assert dim.low in shown and dim.high in shown and dim.name in shown
    assert_readable(fig)


def test_tied_members_share_a_marker_and_a_label(csto: OutcomeAnalysis) -> None:
    fig = line_chart(csto, "regime")
    labels = [t.get_text() for t in fig.axes[0].texts if t.get_gid() == "member_label"]
    # KAZ, RUS and TJK all stand at 75; ARM and KGZ at 66.7 (Freedom House ratings).
    assert sorted(labels) == sorted(["ARM, KGZ", "KAZ, RUS, TJK", "BLR", "UZB"])
    markers = [
        line for line in fig.axes[0].lines if line.get_marker() == "o" and line.get_ydata()[0] == 0
    ]
    assert sorted(float(m.get_xdata()[0]) for m in markers) == [66.7, 75.0, 91.7, 100.0]


def test_bands_and_markers_equal_the_analysis(csto: OutcomeAnalysis) -> None:
    for dim in csto.scenario.dimensions:
        fig = line_chart(csto, dim.id)
        for ax, r in zip(fig.axes, csto.rules, strict=True):
            line = r.dimension(dim.id).line
            win = line.win_set
            assert band(ax, "win_set") == (None if win is None else (float(win[0]), float(win[1])))
            assert band(ax, "core") == (float(line.core[0]), float(line.core[1]))
            star = [x for x in ax.lines if x.get_gid() == "setter_outcome"]
            assert [float(s.get_xdata()[0]) for s in star] == [float(line.setter_outcome)]


def test_hand_computed_line() -> None:
    # Majority of three: the median B (40) is both pivots; W(60) = (2*40 - 60, 60) = (20, 60) and
    # the setter B gets its ideal point. Consensus: the core is [10, 75] and 60 is in it.
    a = analyze_outcomes(
        scenario(
            positions={"A": 10, "B": 40, "C": 75},
            status_quo=60,
            rules=["consensus", "majority"],
            setter="B",
        )
    )
    consensus, majority = line_chart(a).axes
    assert band(consensus, "core") == (10.0, 75.0)
    assert band(consensus, "win_set") is None
    assert band(majority, "core") == (40.0, 40.0)
    assert band(majority, "win_set") == (20.0, 60.0)
    notes = [t.get_text() for t in majority.texts]
    assert "(20, 60)" in notes and "40 (set by B)" in notes
    assert "empty: gridlock, nothing passes" in [t.get_text() for t in consensus.texts]


def test_unbounded_core_runs_to_the_axis_edges_and_absent_members_do_not_vote() -> None:
    # C is absent, so under consensus no coalition can win: the core is the whole line.
    a = analyze_outcomes(
        scenario(
            positions={"A": 0, "B": 3, "C": 3.5}, status_quo=1, absent=["C"], rules=["consensus"]
        )
    )
    fig = line_chart(a)
    ax = fig.axes[0]
    assert band(ax, "core") == ax.get_xlim()
    assert band(ax, "win_set") is None
    labels = {t.get_text(): t for t in ax.texts if t.get_gid() == "member_label"}
    assert labels["C (absent)"].get_fontstyle() == "italic"
    assert labels["A"].get_fontstyle() == "normal"
    assert_readable(fig)


ACTORS_YAML = """
id: actors
name: A proposing Commission
members: [A, B, C, D]
participants: [A, B, C]
actors: {COM: Commission}
setter: COM
rules: [majority]
dimensions: [{id: x, name: Integration, low: less, high: more}]
status_quo: {x: 20, status: illustrative}
positions:
  A: {x: 10, status: illustrative}
  B: {x: 40, status: illustrative}
  C: {x: 60, status: illustrative}
  D: {x: 41, status: illustrative}
  COM: {x: 80, status: illustrative}
"""


def test_actors_and_members_taking_no_part_are_drawn_apart() -> None:
    a = analyze_outcomes(loads_scenario(ACTORS_YAML))
    fig = line_chart(a)
    ax = fig.axes[0]
    labels = {t.get_text(): t.get_fontstyle() for t in ax.texts if t.get_gid() == "member_label"}
    assert labels == {
        "A": "normal",
        "B": "normal",
        "C": "normal",
        "D (not taking part)": "italic",
        "COM": "italic",
    }
    hollow = [x.get_xdata()[0] for x in ax.lines if x.get_markerfacecolor() == "white"]
    assert sorted(x for x in hollow if x in (41.0, 80.0)) == [41.0, 80.0]
    # Majority of A, B, C: the median B (40) pivots, W(20) = (20, 60); COM proposes 80 and gets 60.
    assert band(ax, "win_set") == (20.0, 60.0)
    assert "60 (set by COM)" in [t.get_text() for t in ax.texts]
    assert_readable(fig)
    page = render_report(a)
    assert "Actors who do not vote: Commission (COM)" in page and "Taking part: A, B, C" in page


def brute_win_set(xs: np.ndarray, w: np.ndarray, quota: int, y: float, zs: np.ndarray):  # type: ignore[no-untyped-def]
    """For each z: do the members strictly closer to z than to y weigh at least the quota?"""
    closer = np.abs(zs[:, None] - xs[None, :]) < np.abs(y - xs[None, :])
    return (closer * w[None, :]).sum(axis=1) >= quota


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    spec=weighted_specs(min_n=2, max_n=7, max_weight=6),
    data=st.data(),
)
def test_line_chart_matches_brute_force_and_stays_readable(spec, data) -> None:  # type: ignore[no-untyped-def]
    weights, quota, _names = spec
    n = len(weights)
    ids = [f"M{i}" for i in range(n)]
    xs = data.draw(st.lists(st.integers(0, 12), min_size=n, max_size=n))
    y = data.draw(st.integers(0, 20))
    a = analyze_outcomes(
        scenario(
            positions=dict(zip(ids, xs, strict=True)),
            status_quo=y,
            weights=dict(zip(ids, weights, strict=True)),
            rules=[f"votes >= {quota}"],
            setter=data.draw(st.sampled_from(ids)),
        ),
        sensitivity=False,
    )
    fig = line_chart(a)
    ax = fig.axes[0]
    px, w = np.array(xs, dtype=float), np.array(weights)
    # Every end of the win set is y or 2x - y: an integer. Half-integers probe the inside.
    zs = np.arange(-30, 40.5, 0.5)
    beats = brute_win_set(px, w, quota, float(y), zs)
    drawn = band(ax, "win_set")
    if not beats.any():
        assert drawn is None
    else:
        assert drawn is not None
        lo, hi = drawn
        inside = (zs > lo) & (zs < hi) & (zs != y)
        assert np.array_equal(beats, inside)
    # The core: status quos that nothing beats (quarter steps find the narrowest win sets).
    quarter = np.arange(-30, 40.25, 0.25)
    stable = [
        not brute_win_set(px, w, quota, float(yy), quarter).any() for yy in np.arange(-5, 17.5, 0.5)
    ]
    core = band(ax, "core")
    if not any(stable):  # an improper rule: every status quo can be beaten
        assert core is None
    else:
        assert core is not None
        for yy, ok in zip(np.arange(-5, 17.5, 0.5), stable, strict=True):
            assert ok == (core[0] <= yy <= core[1])
    assert_readable(fig)


def test_dollar_signs_are_text_not_tex(tmp_path: Path) -> None:
    # An unescaped '$\undefined$' is invalid mathtext and would fail to render.
    a = analyze_outcomes(
        scenario(
            positions={"A$": 10, "B": 40, "C": 75},
            status_quo=60,
            rules=["majority"],
            setter="B",
            proposals={"Plan $A$": 30},
            name=r"Budget $\undefined$ cut",
        )
    )
    fig = line_chart(a)
    for t in texts_of(fig):
        assert not cbook.is_math_text(t.get_text()), t.get_text()
    assert render(fig, "png").startswith(PNG)
    svg = render(fig, "svg").decode("utf-8")
    assert "A$" in svg and r"Budget $\undefined$ cut" in svg
    assert tex_safe("a $ b $") == r"a \$ b \$"


# -- plane charts ------------------------------------------------------------------------------


def drawn_region(ax) -> ShapelyPolygon:  # type: ignore[no-untyped-def]
    """The union of the win set's drawn polygons (exterior rings; holes subtracted)."""
    from shapely.ops import unary_union

    parts = []
    for patch in gid_patches(ax, "win_set"):
        assert isinstance(patch, PathPatch)
        rings = [ShapelyPolygon(poly) for poly in patch.get_path().to_polygons(closed_only=True)]
        outer, *holes = rings
        parts.append(outer.difference(unary_union(holes)) if holes else outer)
    return unary_union(parts)


def test_plane_chart_of_the_bundled_scenario(csto: OutcomeAnalysis, tmp_path: Path) -> None:
    fig = plane_chart(csto)
    assert len(fig.axes) == 2
    assert [ax.get_aspect() for ax in fig.axes] == [1.0, 1.0]
    assert save(fig, tmp_path / "plane.png").read_bytes().startswith(PNG)
    svg = save(fig, tmp_path / "plane.svg").read_text(encoding="utf-8")
    for member in CSTO:
        assert member in svg
    consensus, majority = fig.axes
    # The core polygon is drawn with the analysis' exact vertices.
    (core,) = gid_patches(consensus, "core")
    assert isinstance(core, PolygonPatch)
    expected = [(float(x), float(y)) for x, y in csto.rule("consensus").plane.core]
    assert [tuple(v) for v in core.get_xy()[: len(expected)]] == expected
    assert not gid_patches(consensus, "veto_hull")  # every member is a veto player: hull = core
    assert not gid_patches(majority, "core")
    assert "no core" in majority.get_title(loc="left")
    labels = " ".join(" ".join(t.get_text().split()) for t in consensus.texts)
    assert "Formal partnership with NATO: fails" in labels
    assert "Collective protection of members' regimes: fails" in labels
    assert_readable(fig)


def test_drawn_win_set_agrees_with_the_exact_test(csto: OutcomeAnalysis, shapes) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(7)
    for analysis in (csto, shapes):
        fig = plane_chart(analysis)
        for ax, r in zip(fig.axes, analysis.rules, strict=True):
            p = r.plane
            region = drawn_region(ax)
            assert math.isclose(region.area, p.win_set.area, rel_tol=1e-9, abs_tol=1e-9)
            boundary = region.boundary
            for x, y in rng.uniform(0, 100, size=(300, 2)):
                if not region.is_empty and boundary.distance(Point(x, y)) <= 2 * p.win_set_error:
                    continue  # the chords and the arcs differ by at most the stated error
                z = (Fraction(float(x)), Fraction(float(y)))
                assert p.beats(z) == region.contains(Point(x, y)), (r.rule, x, y)


def test_segment_point_and_veto_hull(shapes: OutcomeAnalysis, tmp_path: Path) -> None:
    fig = plane_chart(shapes)
    weighted, consensus, majority = fig.axes
    (segment,) = [x for x in weighted.lines if x.get_gid() == "core"]
    assert list(zip(segment.get_xdata(), segment.get_ydata(), strict=True)) == [(20, 20), (40, 40)]
    (hull,) = [x for x in weighted.lines if x.get_gid() == "veto_hull"]
    assert (hull.get_xdata()[0], hull.get_ydata()[0]) == (20, 20)  # A alone can block
    (point,) = [x for x in majority.lines if x.get_gid() == "core"]
    assert (point.get_xdata()[0], point.get_ydata()[0]) == (40, 40)
    assert "status quo inside" in consensus.get_title(loc="left")
    assert "win set empty" in consensus.get_title(loc="left")
    for t in texts_of(fig):
        assert not cbook.is_math_text(t.get_text()), t.get_text()
    assert "<svg" in save(fig, tmp_path / "shapes.svg").read_text(encoding="utf-8")
    assert_readable(fig)


def test_outcome_chart_picks_the_plane_or_a_line(csto: OutcomeAnalysis) -> None:
    plane = outcome_chart(csto)
    assert [ax.get_aspect() for ax in plane.axes] == [1.0, 1.0]
    line = outcome_chart(csto, "regime")
    assert "Protection of members' regimes" in line.get_suptitle()
    one = analyze_outcomes(scenario(positions={"A": 1, "B": 2, "C": 3}, status_quo=0))
    assert outcome_chart(one).axes[0].get_aspect() != 1.0
    with pytest.raises(PivotalError) as err:
        outcome_chart(csto, "trade")
    assert "nato" in str(err.value) and "regime" in str(err.value)
    with pytest.raises(PivotalError, match="line_chart"):
        plane_chart(one)
    with pytest.raises(PivotalError, match="OutcomeAnalysis"):
        line_chart(csto.scenario)  # type: ignore[arg-type]


# -- HTML --------------------------------------------------------------------------------------


def test_report_sections(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert (
        "<title>CSTO 2012: partnership with NATO or protection of members&#x27; regimes?</title>"
        in page
    )
    for section in (
        "<h2>Rules</h2>",
        "<h2>In short</h2>",
        "<h2>Partnership with NATO</h2>",
        "<h2>Protection of members&#x27; regimes</h2>",
        "<h2>Both dimensions at once",
        "<h2>Blocs: Owen and Banzhaf-Owen values</h2>",
        "<h2>Positions, saliences and where they come from</h2>",
        "<h2>Monte Carlo over the uncertain values</h2>",
        "<h2>Values and facts to check</h2>",
        '<h2 id="sources">Sources</h2>',
    ):
        assert section in page, section
    # Two line charts and the plane, embedded.
    assert page.count("data:image/png;base64,") == 3
    assert "Collective Security Treaty Organization (csto) on 2012-05-15" in page
    assert "Kazakhstan (KAZ) (chair of csc on 2012-05-15)" in page
    assert "all 7 members agree (consensus)" in page


def test_report_numbers(csto: OutcomeAnalysis, page: str) -> None:
    s = csto.scenario
    x = s.positions_on("nato")
    sal = s.saliences_on("nato")
    y = s.status_quo["nato"].value
    z = x["KAZ"]  # the chair, Kazakhstan, proposes its own ideal point
    # Independently: each loser is paid s_i (|z - x_i| - |y - x_i|); consensus pays them all.
    price = {m: max(Fraction(0), sal[m] * (abs(z - x[m]) - abs(y - x[m]))) for m in CSTO}
    total = sum(price.values())
    assert (price["BLR"], price["UZB"], total) == (204, 255, 459)
    assert f"{price['BLR']} of {total}" in page
    assert f"{float(price['BLR'] / total) * 100:.1f}%" == "44.4%"
    assert "4/9 (0.444444), 44.4%" in page and "255 of 459" in page and "55.6%" in page
    # Cores: consensus spans every position; majority of seven is the median.
    ordered = sorted(x.values())
    median = ordered[3]

    def dec(v: Fraction) -> str:
        return f"{float(v):g}"  # these positions are short decimals

    assert f">[{dec(ordered[0])}, {dec(ordered[-1])}]</td>" in page  # [21.6, 53.9]
    assert f">{dec(median)}</td>" in page
    assert f">({dec(y)}, {dec(2 * median - y)})</td>" in page  # majority's win set (25, 42.6)
    # Under consensus the union state's members get 1/6 as a bloc of 6 unions, 1/12 each.
    assert "1/12 (0.083333)" in page
    # Inexact values say so.
    assert "by bisection" in page and "≈938.833" in page


def test_report_shows_provenance_and_is_self_contained(page: str) -> None:
    positions = page.split("<h2>Positions, saliences")[1].split("<h2>")[0]
    for status in ("proxy", "illustrative", "estimate"):
        assert f"<td>{status}</td>" in positions
    assert "bsv_unga" in positions and "normal (mean 21.6, sd 6.1)" in positions
    notes = page.split("<h2>Values and facts to check</h2>")[1]
    assert "Azerbaijan (AZE)" in notes
    assert "<script" not in page.lower() and "<link" not in page.lower()
    assert "http" not in outside_sources(page)
    assert "url(" not in page and "@import" not in page
    sources = page.split('<h2 id="sources">')[1]
    assert 'href="https://www.rt.com/russia/csto-bordyuzha-nato-cooperation/"' in sources
    assert "http://www.odkb.gov.ru/a/aengl.htm" in sources  # the organization's, for its rules
    footer = page.split("<footer>")[1]
    assert "Exact" in footer and "Approximate" in footer and "Monte Carlo" in footer


def test_monte_carlo_section(csto: OutcomeAnalysis, mc: Simulation, page: str) -> None:
    section = page.split("<h2>Monte Carlo over the uncertain values</h2>")[1].split("<h2>")[0]
    assert "2,000 draws (seed 1)" in section
    gridlock = mc.rule("consensus").dimension("nato").gridlock
    assert str(gridlock) in section
    inline = analyze_outcomes(scenario(positions={"A": 1, "B": 2}, status_quo=0))
    assert "Monte Carlo" not in render_report(inline)
    other = simulate(
        scenario(positions={"A": 1, "B": 2}, status_quo=0, name="other"), draws=10, seed=0
    )
    with pytest.raises(PivotalError, match="csto-2012"):
        render_report(csto, simulation=other)
    with pytest.raises(PivotalError, match="OutcomeAnalysis"):
        render_report(compare("csto", ["consensus", "majority"], "2012-05-15"), simulation=mc)


def test_inline_report_escapes_and_has_no_plane() -> None:
    a = analyze_outcomes(
        scenario(
            positions={"A": 10, "B": 40, "C": 75},
            status_quo=60,
            rules=["majority"],
            name="<b>Budget & $</b>",
        )
    )
    text = render_report(a)
    assert "&lt;b&gt;Budget &amp; $&lt;/b&gt;" in text and "<b>Budget" not in text
    assert "No agenda setter" in text
    assert "Both dimensions at once" not in text and "Blocs" not in text
    assert text.count("data:image/png;base64,") == 1
    assert "The scenario cites no sources" in text


def test_write_report(csto: OutcomeAnalysis, tmp_path: Path) -> None:
    target = tmp_path / "outcome.html"
    target.write_text("old")
    path = write_report(csto, target)
    text = path.read_text(encoding="utf-8")
    assert "204 of 459" in text and "data:image/png;base64," in text
    inline = analyze_outcomes(scenario(positions={"A": 1, "B": 2}, status_quo=0))
    assert write_report(inline, str(tmp_path / "b.HTM")).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.HTM", "outcome.html"]  # no temp files


def test_write_report_errors(csto: OutcomeAnalysis, tmp_path: Path) -> None:
    with pytest.raises(PivotalError, match="html"):
        write_report(csto, tmp_path / "report.pdf")
    with pytest.raises(PivotalError, match="folder"):
        write_report(csto, tmp_path / "missing" / "report.html")
    with pytest.raises(PivotalError, match="Simulation"):
        write_report(csto, tmp_path / "report.html", simulation="draws")  # type: ignore[arg-type]
    with pytest.raises(PivotalError, match="OutcomeAnalysis"):
        write_report(csto.scenario, tmp_path / "report.html")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []
