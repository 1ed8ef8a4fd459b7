"""Charts (PNG, SVG) and self-contained HTML reports of comparisons and timelines."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from pivotal.compare import Comparison, Timeline, compare, timeline
from pivotal.errors import PivotalError
from pivotal.report import comparison_chart, render_report, save, timeline_chart, write_report
from pivotal.report.files import write_atomic

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    return compare("csto", rules=["consensus", "majority"], at="2012-05-15")


@pytest.fixture(scope="module")
def history() -> Timeline:
    return timeline("csto", rules=["consensus", "majority"], end="2013-01-01")


@pytest.fixture(scope="module")
def comparison_page(comparison: Comparison) -> str:
    return render_report(comparison)


@pytest.fixture(scope="module")
def timeline_page(history: Timeline) -> str:
    return render_report(history)


def outside_sources(page: str) -> str:
    """The page without its sources list and without embedded image data."""
    before, _, _ = page.partition('<h2 id="sources">')
    return re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", before)


# -- charts ------------------------------------------------------------------------------------


def test_comparison_chart_png_and_svg(comparison: Comparison, tmp_path: Path) -> None:
    fig = comparison_chart(comparison)
    assert isinstance(fig, Figure)
    assert fig.get_suptitle() == "CSTO on 2012-05-15: consensus vs majority"
    # The headline is power to prevent (all vetoes lost), not 14 equal Shapley-Shubik bars.
    assert fig.axes[0].get_ylabel() == "Coleman: power to prevent"
    assert [ax.get_title() for ax in fig.axes][1] == "Power to act"
    png = save(fig, tmp_path / "c.png")
    assert png.read_bytes().startswith(PNG)
    svg = save(fig, tmp_path / "c.SVG")
    assert "<svg" in svg.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.SVG", "c.png"]  # no temp files


def test_timeline_chart_png_and_svg(history: Timeline, tmp_path: Path) -> None:
    fig = timeline_chart(history, index="penrose")
    assert len(fig.axes) == len(history.rules) + 1  # one panel per rule, then power to act
    assert fig.axes[-1].get_yscale() == "log"
    assert save(fig, tmp_path / "t.png").read_bytes().startswith(PNG)
    assert "<svg" in save(fig, str(tmp_path / "t.svg")).read_text(encoding="utf-8")


def test_chart_errors(comparison: Comparison, tmp_path: Path) -> None:
    fig = comparison_chart(comparison, index="penrose")
    with pytest.raises(PivotalError) as err:
        save(fig, tmp_path / "chart.jpg")
    assert "png" in str(err.value) and "svg" in str(err.value)
    with pytest.raises(PivotalError, match="folder"):
        save(fig, tmp_path / "missing" / "chart.png")
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(PivotalError):
        save(fig, tmp_path / "file.txt" / "chart.png")
    with pytest.raises(PivotalError, match="index"):
        comparison_chart(
            compare("csto", ["consensus", "majority"], "2012-05-15", indices="ss"), "pgi"
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


# -- reports -----------------------------------------------------------------------------------


def test_comparison_report_content(comparison_page: str) -> None:
    page = comparison_page
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>CSTO on 2012-05-15: consensus vs majority</title>" in page
    assert "Belarus" in page and "BLR" in page
    assert "all 7 members agree (consensus)" in page
    assert "more than half of the members (4 of 7)" in page
    assert page.count("<table") >= 4
    assert "5/16 (0.312500)" in page  # exact fraction with its decimal
    assert "-11/16 (-0.687500)" in page
    assert "1/128 (0.007812)" in page
    assert page.count("data:image/png;base64,") >= 1
    assert "unverified" in page  # the AZE/GEO exit, noted on a 2012 result too


def test_reports_are_self_contained(comparison_page: str, timeline_page: str) -> None:
    for page in (comparison_page, timeline_page):
        assert "<script" not in page.lower()
        assert "http" not in outside_sources(page)
        assert "<link" not in page.lower()
        assert "@import" not in page and "url(" not in page
    # The sources list is there, with its addresses.
    assert "http://www.odkb.gov.ru/a/aengl.htm" in comparison_page


def test_timeline_report_content(timeline_page: str) -> None:
    page = timeline_page
    assert "<title>CSTO, 1994-04-20 to 2012-12-19: consensus, majority</title>" in page
    assert "Belarus (BLR)" in page
    assert "1/512 (0.001953)" in page
    assert "11/32 (0.343750)" in page
    assert "data:image/png;base64," in page
    notes = page.split("<h2>Notes and unverified values</h2>")[1].split('<h2 id="sources">')[0]
    assert "Azerbaijan (AZE)" in notes and "Georgia (GEO)" in notes
    assert "1999-04-20 (unverified" in notes
    for date in ("1994-04-20", "1999-04-20", "2006-06-23", "2012-12-19"):
        assert f"<th>{date}</th>" in page


def test_write_report(comparison: Comparison, history: Timeline, tmp_path: Path) -> None:
    path = write_report(comparison, tmp_path / "compare.html")
    text = path.read_text(encoding="utf-8")
    assert "Belarus" in text and "<table" in text and "data:image/png;base64," in text
    # Writing over an existing file replaces it whole.
    path = write_report(history, str(tmp_path / "compare.html"), index="penrose")
    assert "Azerbaijan (AZE)" in path.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["compare.html"]


def test_write_report_errors(comparison: Comparison, tmp_path: Path) -> None:
    with pytest.raises(PivotalError, match="html"):
        write_report(comparison, tmp_path / "report.pdf")
    with pytest.raises(PivotalError, match="folder"):
        write_report(comparison, tmp_path / "no" / "such" / "report.html")
    (tmp_path / "plain").write_text("x")
    with pytest.raises(PivotalError):
        write_report(comparison, tmp_path / "plain" / "report.html")
    with pytest.raises(PivotalError, match="Comparison"):
        write_report("not a comparison", tmp_path / "report.html")  # type: ignore[arg-type]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain"]


def test_unwritable_folder(comparison: Comparison, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        # root writes to a read-only folder anyway; nobody can create files in /proc.
        target = folder if not os.access(folder, os.W_OK) else Path("/proc")
        with pytest.raises(PivotalError, match="writable"):
            save(comparison_chart(comparison), target / "chart.png")
        assert not [p for p in target.iterdir() if p.name.startswith((".chart", "chart"))]
    finally:
        folder.chmod(0o700)


def test_failed_write_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.html"
    target.write_text("old")

    def boom(handle: object) -> None:
        handle.write(b"half a rep")  # type: ignore[attr-defined]
        raise RuntimeError("rendering failed")

    with pytest.raises(RuntimeError):
        write_atomic(target, boom)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.html"]
