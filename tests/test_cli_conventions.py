"""Command-line conventions: no traceback ever, one-line path and option errors, choices and
member ids in any case, ``-v`` anywhere, plain ``--help``, ``--format json`` on the data
commands, one CSV column naming, readable markdown timelines.

Each test states the convention it checks and checks it against something independent of the
code under test: the JSON of the same call, the bundled file, the definition of the option.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

import pivotal
from pivotal import cli_quick, entry
from pivotal.cli import app
from pivotal.errors import PivotalError
from pivotal.power.registry import ALIASES, INDICES

CSTO_2012 = ["analyze", "csto", "--at", "2012-05-15"]
COMPARE_2012 = [
    "compare",
    "csto",
    "--at",
    "2012-05-15",
    "--rule",
    "consensus",
    "--rule",
    "majority",
]
LONG = "x" * 300


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def ok(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, f"exit {result.exit_code}: {result.output}"
    return result.stdout


def fails(*args: str) -> str:
    """A clean user error: exit 2, one ``error:`` line on stderr, nothing on stdout."""
    result = invoke(*args)
    assert result.exit_code == 2, f"exit {result.exit_code}: {result.output}"
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def run_entry(argv: list[str], monkeypatch, capsys) -> tuple[int, str, str]:
    """The installed entry point, in process: exit code, stdout, stderr."""
    monkeypatch.setattr(sys, "argv", ["pivotal", *argv])
    code = 0
    try:
        entry.main()
    except SystemExit as stop:
        code = stop.code or 0
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# ------------------------------------------------------------------- 1. the last-resort handler
def _boom(*args, **kwargs):
    raise ZeroDivisionError("a bug\nwith a second line")


def test_an_unexpected_exception_is_an_internal_error_with_exit_70(monkeypatch):
    monkeypatch.setattr("pivotal.compare.analyze", _boom)
    result = invoke(*CSTO_2012)
    assert result.exit_code == 70
    assert result.stdout == ""
    first, *rest = result.stderr.strip().splitlines()
    assert first == "internal error: ZeroDivisionError: a bug"  # one line, the first of the message
    how = " ".join(rest)
    assert "pivotal --version" in how and "-v" in how and "report" in how
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("where", ["before", "after"])
def test_the_traceback_shows_only_with_verbose(monkeypatch, where):
    monkeypatch.setattr("pivotal.compare.analyze", _boom)
    args = ["-v", *CSTO_2012] if where == "before" else [*CSTO_2012, "-v"]
    result = invoke(*args)
    assert result.exit_code == 70
    assert "Traceback (most recent call last)" in result.stderr
    assert "internal error: ZeroDivisionError: a bug" in result.stderr


def test_ctrl_c_is_one_line_and_exit_130(monkeypatch):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("pivotal.compare.analyze", interrupt)
    result = invoke(*CSTO_2012)
    assert result.exit_code == 130
    assert len(result.stderr.strip().splitlines()) == 1
    assert "interrupted" in result.stderr and "Traceback" not in result.stderr


def test_ctrl_c_on_the_quick_path_is_one_line_and_exit_130(monkeypatch, capsys):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(entry, "run_power", interrupt)
    code, out, err = run_entry(["power", "--weights", "1,1", "--quota", "2"], monkeypatch, capsys)
    assert code == 130 and out == ""
    assert len(err.strip().splitlines()) == 1 and "interrupted" in err


def test_a_closed_pipe_stops_quietly(monkeypatch):
    """`pivotal ... | head`: the reader went away; no error message, the shell's code 141."""

    def closed(*args, **kwargs):
        raise BrokenPipeError

    monkeypatch.setattr("pivotal.compare.analyze", closed)
    result = invoke(*CSTO_2012)
    assert result.exit_code == 141
    assert result.stderr == ""


def test_the_quick_entry_point_has_the_same_last_resort(monkeypatch, capsys):
    monkeypatch.setattr(entry, "run_power", _boom)
    argv = ["power", "--weights", "1,1", "--quota", "2"]
    assert cli_quick.quick_options(argv) is not None
    code, out, err = run_entry(argv, monkeypatch, capsys)
    assert code == 70 and out == ""
    assert err.startswith("internal error: ZeroDivisionError: a bug\n")
    assert "pivotal power --weights 1,1 --quota 2" in err  # the command line to report
    assert "Traceback" not in err


def test_a_failure_outside_any_command_is_still_an_internal_error(monkeypatch, capsys):
    """The framework itself failing (here: building the app) reaches the entry point's handler."""
    import pivotal.cli

    monkeypatch.setattr(pivotal.cli, "app", _boom)
    code, _, err = run_entry(["rules"], monkeypatch, capsys)
    assert code == 70
    assert err.startswith("internal error: ZeroDivisionError")


def test_user_errors_stay_exit_2_and_click_exits_pass_through():
    assert invoke("analyze", "atlantis").exit_code == 2
    assert invoke("analyze", "--help").exit_code == 0
    assert invoke("analyze").exit_code == 2  # missing ORG: the framework's usage error


def test_version():
    out = ok("--version")
    assert out.startswith(f"pivotal {pivotal.__version__} ")


# ----------------------------------------------------------------------- 2. one-line path errors
@pytest.mark.parametrize("option", ["--report", "--chart"])
@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("", "expected a file name"),
        (LONG, "at most 255 bytes"),
        ("missing/out", "existing folder"),
        ("folder", "That is a folder"),
    ],
    ids=["empty", "300 characters", "missing folder", "a folder"],
)
def test_bad_output_paths_are_one_line_naming_the_option(tmp_path, option, name, said):
    suffix = ".html" if option == "--report" else ".png"
    path = "" if name == "" else str(tmp_path / name) + suffix
    if name == "folder":
        Path(path).mkdir()  # a folder whose name ends like a file's
    line = fails(*COMPARE_2012, option, path)
    assert line.startswith(f"error: {option}: "), line
    assert said in line, line
    # Nothing written, not even half a file (the folder made above is all there is).
    assert [p.name for p in tmp_path.iterdir()] == ([f"folder{suffix}"] if name == "folder" else [])


def test_an_unwritable_folder_is_one_line(tmp_path, monkeypatch):
    # Tests may run as root, who may write anywhere: the permission check is what is tested.
    real = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if Path(p) == tmp_path else real(p, mode)
    )
    line = fails(*COMPARE_2012, "--report", str(tmp_path / "out.html"))
    assert "--report" in line and "permission" in line
    assert list(tmp_path.iterdir()) == []


def test_an_empty_report_path_no_longer_passes_silently():
    """`--report ''` used to write nothing and say nothing."""
    line = fails(*COMPARE_2012, "--report", "")
    assert "--report" in line and "''" in line


@pytest.mark.parametrize(
    ("path", "said"),
    [
        (LONG + ".yaml", "at most 255 bytes"),
        ("nowhere/org.yaml", "existing organization file"),
        ("{tmp}", "not a folder"),
        ("{tmp}/x.yaml", "existing organization file"),
    ],
    ids=["300 characters", "missing folder", "a folder", "missing file"],
)
def test_bad_organization_paths_are_one_line(tmp_path, path, said):
    line = fails("analyze", path.format(tmp=tmp_path))
    assert line.startswith("error: organization: "), line
    assert said in line


@pytest.mark.parametrize("value", ["@" + LONG, "@{tmp}", "@{tmp}/none.txt", "@"])
def test_bad_weight_files_are_one_line(tmp_path, value):
    line = fails("power", "--weights", value.format(tmp=tmp_path), "--quota", "2")
    assert line.startswith("error: --weights: expected @FILE"), line


# --------------------------------------------------------------- 3. empty and repeated values
@pytest.mark.parametrize(
    ("args", "option"),
    [
        ([*CSTO_2012, "--participants", ""], "--participants"),
        ([*CSTO_2012, "--participants", "BLR,BLR"], "--participants"),
        ([*CSTO_2012, "--participants", "blr,BLR"], "--participants"),
        ([*CSTO_2012, "--rule", "consensus", "--rule", "consensus"], "--rule"),
        (["timeline", "csto", "--rule", "majority", "--rule", "majority"], "--rule"),
        ([*CSTO_2012, "--union", ""], "--union"),
        ([*CSTO_2012, "--union", "RUS+RUS"], "unions[0]"),
        (["power", "--weights", "1,1,1", "--quota", "2", "--names", "A,A,B"], "names"),
        (["power", "--weights", "1,1", "--quota", "2", "--names", ""], "--names"),
        (["backtest", "deu", "--model", "mean,mean"], "--model"),
        (["positions", "unga", "--members", "RUS,rus", "--year", "2011"], "--members"),
        (["outcome", "csto-2012", "--rule", "consensus", "--rule", "consensus"], "--rule"),
        (["outcome", "csto-2012", "--absent", ""], "--absent"),
    ],
    ids=lambda a: " ".join(a) if isinstance(a, list) else a,
)
def test_empty_and_repeated_values_are_one_line_errors(args, option):
    line = fails(*args)
    assert line.startswith(f"error: {option}"), line


def test_participants_empty_used_to_mean_everyone():
    """Independent check: the error is not the result for all members, which `--participants`
    left out gives."""
    everyone = json.loads(ok(*CSTO_2012, "-i", "ss", "-f", "json"))
    assert len(everyone["members"]) == 7
    fails(*CSTO_2012, "-i", "ss", "-f", "json", "--participants", "")


# -------------------------------------------------------------- 3. member ids in any case
@pytest.mark.parametrize(
    ("typed", "filed"),
    [
        (["--participants", "blr,rus,kaz"], ["--participants", "BLR,RUS,KAZ"]),
        (["--union", "rus+blr"], ["--union", "RUS+BLR"]),
        (["--host", "kaz"], ["--host", "KAZ"]),
    ],
    ids=["participants", "union", "host"],
)
def test_member_ids_in_any_case_give_what_the_files_spelling_gives(typed, filed):
    args = [*CSTO_2012, "-f", "json", "--exact", "-i", "ss,prevent"]
    assert json.loads(ok(*args, *typed)) == json.loads(ok(*args, *filed))


def test_demo_member_in_any_case():
    assert ok("demo", "--member", "blr") == ok("demo", "--member", "BLR")
    assert json.loads(ok("demo", "--member", "Rus", "-f", "json"))["member"] == "RUS"


@pytest.mark.parametrize(
    ("args", "suggestion"),
    [
        ([*CSTO_2012, "--participants", "BLX,RUS"], "BLR"),
        (["demo", "--member", "rsu"], "RUS"),
        (["outcome", "csto-2012", "--member", "KAZZ"], "KAZ"),
    ],
    ids=["participants", "demo", "outcome"],
)
def test_a_near_miss_says_did_you_mean(args, suggestion):
    line = fails(*args)
    assert f"Did you mean '{suggestion}'?" in line, line


def test_ids_that_differ_only_in_case_must_be_typed_exactly():
    from pivotal.cli import _pick

    assert _pick("ab", ["AB", "Cd"], "--x", "ids") == "AB"
    with pytest.raises(PivotalError, match="differ only in case"):
        _pick("ab", ["AB", "Ab"], "--x", "ids")
    assert _pick("Ab", ["AB", "Ab"], "--x", "ids") == "Ab"


def test_positions_members_in_lower_case():
    typed = json.loads(
        ok("positions", "unga", "--members", "rus,blr", "--year", "2011", "-f", "json")
    )
    filed = json.loads(
        ok("positions", "unga", "--members", "RUS,BLR", "--year", "2011", "-f", "json")
    )
    assert typed == filed


# ---------------------------------------------------------------- 3. choices in any case
@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        (["-f", "JSON"], ["-f", "json"]),
        (["--format", "Markdown"], ["--format", "markdown"]),
        (["--engine", "DP"], ["--engine", "dp"]),
        (["-i", "SS,BZ,PGI"], ["-i", "shapley_shubik,banzhaf,holler"]),
    ],
    ids=["format", "markdown", "engine", "index aliases"],
)
def test_choices_are_case_insensitive(typed, plain):
    eec = ["power", "--weights", "4,4,4,2,2,1", "--quota", "12", "--exact"]
    assert ok(*eec, *typed) == ok(*eec, *plain)
    assert ok(*CSTO_2012, "--rule", "majority", *typed) == ok(
        *CSTO_2012, "--rule", "majority", *plain
    )


def test_the_quick_path_takes_choices_in_any_case(monkeypatch, capsys):
    argv = ["power", "--weights", "4,4,4,2,2,1", "--quota", "12", "-f", "JSON", "--engine", "DP"]
    assert cli_quick.quick_options(argv) is not None
    code, out, _ = run_entry(argv, monkeypatch, capsys)
    assert code == 0
    assert out == CliRunner().invoke(app, argv).stdout
    assert json.loads(out)["players"] == ["P1", "P2", "P3", "P4", "P5", "P6"]


# ------------------------------------------------------------------------- 3. -v anywhere
@pytest.mark.parametrize("where", ["before", "after", "middle"])
def test_verbose_before_or_after_the_command(where):
    base = [*CSTO_2012, "-i", "ss"]
    args = {
        "before": ["-v", *base],
        "after": [*base, "--verbose"],
        "middle": [base[0], base[1], "-v", *base[2:]],
    }[where]
    result = invoke(*args)
    assert result.exit_code == 0
    assert "pivotal: engine" in result.stderr  # the log line -v asks for
    assert result.stdout == ok(*base)
    assert "pivotal: engine" not in invoke(*base).stderr


# ---------------------------------------------------------------------------- 3. plain --help
COMMANDS = sorted(get_command(app).commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_plain_metavars(command):
    text = ok(command, "--help")
    assert not re.search(r"<[a-z\[\]|, ]+>", text), text  # no <str>, <list[str]>, <int>
    assert not re.search(r"\{[a-z_]+\}", text, re.I), text  # no {organization}
    usage = text.splitlines()[0]
    assert "{" not in usage


def test_help_lists_the_index_aliases():
    text = " ".join(ok("analyze", "--help").split())
    for alias in ("ss", "bz", "pgi", "dp", "prevent", "initiate", "swings", "bz_owen"):
        assert alias in ALIASES  # the help names real aliases
        assert f"{alias}" in re.findall(r"[a-z_]+", text), alias
    for key in INDICES:
        assert key in text


def test_help_names_the_organization_org_and_dates_date():
    text = ok("compare", "--help")
    assert text.splitlines()[0].endswith("[OPTIONS] ORG")
    assert "--at DATE" in text and "--rule RULE" in text and "--report FILE" in text


# ------------------------------------------------------------- 3. --format json everywhere
DATA_COMMANDS = {
    "power": ["power", "--weights", "4,4,4,2,2,1", "--quota", "12"],
    "analyze": [*CSTO_2012, "-i", "ss"],
    "compare": [*COMPARE_2012, "-i", "ss"],
    "timeline": ["timeline", "csto", "--rule", "majority", "-i", "ss"],
    "demo": ["demo"],
    "outcome": ["outcome", "csto-2012"],
    "positions": ["positions", "unga", "--members", "RUS,BLR", "--year", "2011"],
    "backtest": ["backtest", "deu", "--model", "mean"],
}


@pytest.mark.parametrize("command", sorted(DATA_COMMANDS))
def test_every_data_command_prints_json(command):
    out = json.loads(ok(*DATA_COMMANDS[command], "-f", "json"))
    assert isinstance(out, dict) and out


def test_demo_json_has_the_documented_keys_and_the_analyze_json():
    out = json.loads(ok("demo", "-f", "json"))
    doc = (Path(__file__).resolve().parent.parent / "docs" / "json.md").read_text("utf-8")
    for key in out:
        assert f"`{key}`" in doc, key
    analyze = json.loads(
        ok(*CSTO_2012, "--rule", "consensus", "--rule", "majority", "--exact", "-f", "json")
    )
    assert out["analysis"] == analyze
    assert out["outcomes"] == json.loads(ok("outcome", "csto-2012", "-f", "json"))


# --------------------------------------------------------------------- 3. CSV columns, one way
def _header(*args: str) -> list[str]:
    return next(csv.reader(io.StringIO(ok(*args, "-f", "csv"))))


def test_csv_columns_are_rule_colon_index_in_every_command():
    rules = {"consensus", "majority"}
    keys = set(INDICES)
    headers = {
        "analyze": _header(*CSTO_2012, "--rule", "consensus", "--rule", "majority"),
        "compare": _header(*COMPARE_2012),
        "demo": _header("demo"),
    }
    for command, header in headers.items():
        assert header[0] == "member"
        for column in header[1:]:
            rule, _, key = column.partition(":")
            allowed = rules | ({"difference"} if command == "compare" else set())
            assert rule in allowed and key in keys, (command, column)


def test_compare_csv_values_match_its_json():
    out = json.loads(ok(*COMPARE_2012, "-i", "ss,prevent", "--exact", "-f", "json"))
    rows = list(csv.DictReader(io.StringIO(ok(*COMPARE_2012, "-i", "ss,prevent", "--exact",
                                              "-f", "csv"))))  # fmt: skip
    for k, member in enumerate(out["members"]):
        row = rows[k]
        assert row["member"] == member
        for rule in ("consensus", "majority"):
            for key in ("shapley_shubik", "coleman_prevent"):
                assert Fraction(row[f"{rule}:{key}"]) == Fraction(out["indices"][rule][key][k])
        assert Fraction(row["difference:coleman_prevent"]) == Fraction(
            out["differences"]["coleman_prevent"][k]
        )


# --------------------------------------------------------------- 3. markdown timelines
def test_timeline_markdown_is_one_readable_table_per_rule():
    args = ["timeline", "csto", "--rule", "consensus", "--rule", "majority", "-i", "ss", "--exact"]
    out = json.loads(ok(*args, "-f", "json"))
    text = ok(*args, "-f", "markdown")
    tables: list[list[list[str]]] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln for ln in block.splitlines() if ln.startswith("|")]
        if lines:
            tables.append([[c.strip() for c in ln.strip("|").split("|")] for ln in lines])
    assert len(tables) == 2  # one per rule
    dates = [p["at"] for p in out["points"]]
    for table, rule in zip(tables, ("consensus", "majority"), strict=True):
        head, rule_line, *rows = table
        assert head == ["member", *dates]  # dates as columns
        assert set(rule_line) == {"---"}
        by_member = {r[0]: r[1:] for r in rows}
        assert set(out["members"]) <= set(by_member)  # members as rows
        for k, point in enumerate(out["points"]):
            values = point["rules"][rule]["indices"]["shapley_shubik"]
            for member in out["members"]:
                cell = by_member[member][k]
                if member in point["members"]:
                    shown = values[point["members"].index(member)]
                    assert Fraction(cell) == Fraction(shown), (rule, member, point["at"])
                else:
                    assert cell == "-"
    assert "| date | rule | member | index | value |" not in text  # not the long format
