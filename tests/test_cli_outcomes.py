"""`pivotal outcome`: the inline form and scenarios, every output format, and clean errors."""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction

import pytest
from typer.testing import CliRunner

from pivotal.cli import app

INLINE = [
    "outcome",
    "--positions",
    "A=10,B=40,C=75",
    "--status-quo",
    "60",
    "--rule",
    "consensus",
    "--rule",
    "majority",
    "--setter",
    "B",
]


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


def fails(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    return result.stderr


def test_inline_table():
    out = ok(*INLINE)
    assert "consensus  [10, 75]  empty: gridlock" in out
    assert "majority   [40, 40]  (20, 60)" in out
    assert "Under consensus the move costs 20 in all: C 20 (100%)." in out


def test_inline_json_exact_and_fractions_in_positions():
    out = json.loads(
        ok(
            "outcome",
            "--positions",
            "A=1/3,B=0.5,C=2",
            "--status-quo",
            "0",
            "--rule",
            "majority",
            "--exact",
            "-f",
            "json",
        )
    )
    rule = out["rules"][0]
    assert rule["core"] == ["1/2", "1/2"] and rule["win_set"] == [0, 1]
    assert rule["setter"] is None and rule["setter_outcome"] is None
    assert rule["cost_of_consent"] is None
    assert Fraction(rule["compromise"]) == (Fraction(1, 3) + Fraction(1, 2) + 2) / 3


def test_weights_salience_and_proposal():
    out = json.loads(
        ok(
            "outcome",
            "--positions",
            "A=0,B=50,C=100",
            "--weights",
            "A=3,B=1,C=1",
            "--salience",
            "A=2,B=1,C=1",
            "--status-quo",
            "80",
            "--proposal",
            "20",
            "--rule",
            "votes >= 3",
            "-f",
            "json",
            "--exact",
        )
    )
    rule = out["rules"][0]
    # A alone (3 votes) wins: A is the pivot both ways, and moving to 20 costs nothing.
    assert rule["core"] == [0, 0] and rule["cost_of_consent"]["total"] == 0
    assert rule["capability"]["values"] == {"A": 1, "B": 0, "C": 0}


def test_csv_and_markdown():
    rows = list(csv.DictReader(io.StringIO(ok(*INLINE, "-f", "csv"))))
    assert [r["rule"] for r in rows] == ["consensus", "majority"]
    assert float(rows[1]["setter_outcome"]) == 40
    assert ok(*INLINE, "-f", "markdown").startswith("| rule |")


def test_bundled_scenario_with_member_story():
    out = ok("outcome", "csto-2012", "--member", "BLR")
    assert "Belarus must be paid 204, 44.4% of it." in out
    assert "gridlock interval [21.6, 53.9]" in out


def test_scenario_options_override():
    out = json.loads(
        ok(
            "outcome",
            "csto-2012",
            "--rule",
            "majority",
            "--setter",
            "RUS",
            "--union",
            "RUS+BLR+KAZ",
            "-f",
            "json",
        )
    )
    rule = out["rules"][0]
    assert out["setter"] == "RUS" and out["blocs"] == {"RUS+BLR+KAZ": ["RUS", "BLR", "KAZ"]}
    assert rule["dimensions"]["nato"]["setter_outcome"] == pytest.approx(40.9)
    away = json.loads(
        ok("outcome", "csto-2012", "--rule", "consensus", "--absent", "ARM", "-f", "json")
    )
    assert away["rules"][0]["dimensions"]["regime"]["core"] == [None, None]


def test_simulation_and_strategic_power_in_json():
    out = json.loads(
        ok(
            "outcome",
            "csto-2012",
            "--simulate",
            "500",
            "--strategic",
            "500",
            "--seed",
            "4",
            "-f",
            "json",
        )
    )
    assert out["simulation"]["draws"] == 500 and out["simulation"]["exact"] is False
    shares = out["strategic_power"]["majority"]["share"]
    assert sum(v["value"] for v in shares.values()) == pytest.approx(1)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["outcome"], "--positions and --status-quo"),
        (["outcome", "--positions", "A=1,B"], "NAME=VALUE"),
        (["outcome", "--positions", "A=1,A=2", "--status-quo", "0"], "each name once"),
        (["outcome", "--positions", "A=x", "--status-quo", "0"], "positions['A']"),
        (["outcome", "--positions", "A=1", "--status-quo", "0", "--setter", "Z"], "setter"),
        (["outcome", "csto-2012", "--positions", "A=1"], "inline options only"),
        (["outcome", "nowhere"], "csto-2012"),
        (["outcome", "csto-2012", "--proposal", "30"], "two dimensions"),
        (["outcome", "csto-2012", "--setter", "USA"], "--setter"),
        (["outcome", "csto-2012", "--member", "USA"], "--member"),
        (["outcome", "csto-2012", "--union", "RUS+"], "--union"),
        (["outcome", "csto-2012", "--simulate", "1"], "draws"),
        (
            ["outcome", "--positions", "A=1,B=2", "--status-quo", "0", "--rule", "majorty"],
            "majority",
        ),
        (["outcome", *INLINE[1:], "--report", "out.txt"], ".html"),
    ],
)
def test_errors_are_one_line(args, words):
    err = fails(*args)
    assert words in err, err
    assert err.startswith("error: ")


def test_report_and_chart_files(tmp_path):
    report = tmp_path / "csto.html"
    chart = tmp_path / "csto.svg"
    result = run(
        "outcome", "csto-2012", "--simulate", "300", "--report", str(report), "--chart", str(chart)
    )
    assert result.exit_code == 0, result.output
    assert f"report written to {report}" in result.stderr
    page = report.read_text(encoding="utf-8")
    assert "<script" not in page and "Monte Carlo" in page and "Belarus" in page
    svg = chart.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "BLR" in svg
    line = tmp_path / "line.png"
    assert run(*INLINE, "--chart", str(line)).exit_code == 0
    assert line.read_bytes()[:4] == b"\x89PNG"


def test_bad_report_folder_writes_nothing(tmp_path):
    err = fails(*INLINE, "--report", str(tmp_path / "missing" / "r.html"))
    assert "Create the folder" in err
    assert not (tmp_path / "missing").exists()
