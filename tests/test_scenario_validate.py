"""Every problem of a scenario file, each at its line: the loader, `pivotal validate`, the upload
page; fuzzed edits of the bundled scenario never give a traceback."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pivotal import PivotalError
from pivotal.cli import app as cli_app
from pivotal.outcomes import bundled_scenarios, loads_scenario
from pivotal.outcomes.loader import (
    ScenarioFileError,
    _data_dir,
    check_scenario_text,
    validate_scenario_text,
)
from pivotal.web.app import create_app
from test_outcomes_scenario import MINIMAL

runner = CliRunner()

# The minimal scenario of the loader's tests, with one proposal.
GOOD = MINIMAL.replace(
    'sources: {s: "A source"}\n', 'proposals:\n  p: {name: Cut, x: 30}\nsources: {s: "A source"}\n'
)

#: (text changed, what it becomes, words of its problem): four sections that do not depend on
#: each other (the status quo, one member's value, the setter, a proposal).
EDITS = [
    ("status_quo: {x: 50, status: estimate,", "status_quo: {x: 50, status: sure,", "verified"),
    ("  B: {x: 40,", "  B: {x: 140,", "scale [0, 100]"),
    ("setter: A", "setter: Q", "one of A, B, C"),
    ("p: {name: Cut, x: 30}", "p: {name: Cut, x: lots}", "a number"),
]


def line_of(text: str, fragment: str) -> int:
    """The line (from 1) on which ``fragment`` starts: found in the text, not by the loader."""
    index = text.index(fragment)
    return text.count("\n", 0, index) + 1


def four_problems() -> tuple[str, list[int]]:
    text = GOOD
    for old, new, _ in EDITS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text, [line_of(text, new) for _, new, _ in EDITS]


def test_the_good_file_is_valid():
    checked = check_scenario_text(GOOD, "s.yaml")
    assert checked.problems == [] and checked.scenario is not None
    assert checked.scenario.proposals["p"].point == {"x": 30}


def test_four_independent_problems_at_their_lines():
    text, lines = four_problems()
    problems = validate_scenario_text(text, "s.yaml")
    assert [p.line for p in problems] == sorted(lines)
    for (_, _, words), line in zip(EDITS, lines, strict=True):
        (problem,) = [p for p in problems if p.line == line]
        assert words in problem.message(), problem.message()
        assert problem.message().startswith(f"s.yaml:{line}:{problem.column}: ")
        # the column is where the offending value (or key) is on that line
        assert 1 <= problem.column <= len(text.splitlines()[line - 1])


def test_each_edit_alone_is_one_problem_and_loading_raises_it():
    for old, new, words in EDITS:
        text = GOOD.replace(old, new)
        (problem,) = validate_scenario_text(text, "s.yaml")
        assert problem.line == line_of(text, new) and words in problem.message()
        with pytest.raises(PivotalError) as err:
            loads_scenario(text, label="s.yaml")
        assert err.value.parameter == f"s.yaml:{problem.line}:{problem.column} ({problem.path})"
        assert "more problem" not in str(err.value)


def test_loading_raises_the_first_and_counts_the_rest():
    text, lines = four_problems()
    with pytest.raises(ScenarioFileError) as err:
        loads_scenario(text, label="s.yaml")
    assert len(err.value.problems) == 4
    assert "(3 more problems in this file: 'pivotal validate s.yaml' lists them all.)" in str(
        err.value
    )
    first = re.match(r"s\.yaml:(\d+):", err.value.parameter)
    assert first is not None and int(first.group(1)) in lines


def test_a_problem_that_others_depend_on_is_reported_once():
    # no dimensions: the values cannot be read against them, and are not reported one by one
    text = GOOD.replace("  - {id: x, name: Spending, low: less, high: more, scale: [0, 100]}\n", "")
    text = text.replace("dimensions:\n", "dimensions: []\n")
    problems = validate_scenario_text(text, "s.yaml")
    assert [(p.line, p.path) for p in problems] == [(line_of(text, "[]"), "dimensions")]
    # a misspelt top-level key is one problem at the typo, not also a missing key
    problems = validate_scenario_text(GOOD.replace("name: Test", "nmae: Test"), "s.yaml")
    assert [(p.line, p.received) for p in problems] == [(2, "'nmae'")]
    assert "Did you mean 'name'?" in problems[0].fix
    # a broken member list: no member id is checked against it
    text = GOOD.replace("members: [A, B, C]", "members: [A, B, A]").replace(
        "setter: A", "setter: Q"
    )
    assert [p.line for p in validate_scenario_text(text, "s.yaml")] == [3]


def test_not_yaml_and_empty_are_one_located_problem():
    for text, line, words in [("id: [\n", 2, "well-formed YAML"), ("", 1, "an empty file")]:
        (problem,) = validate_scenario_text(text, "s.yaml")
        assert problem.line == line and words in problem.message()


@pytest.mark.parametrize("name", bundled_scenarios())
def test_bundled_scenarios_validate_clean(name):
    path = _data_dir() / f"{name}.yaml"
    checked = check_scenario_text(path.read_text(encoding="utf-8"), str(path), path.parent)
    assert checked.problems == [] and checked.scenario is not None
    assert checked.scenario.id == name


# ------------------------------------------------------------------------------------ fuzz

BUNDLED = (_data_dir() / "csto-2012.yaml").read_text(encoding="utf-8")
BUNDLED_LINES = BUNDLED.splitlines()
_VALUE = re.compile(r"(:\s*)([^\s{\[#][^,}\]#]*)")

REPLACEMENTS = st.sampled_from(
    [
        "",
        "x",
        "-5",
        "150",
        "1e400",
        "1/0",
        "[1, 2]",
        "{a: 1}",
        "null",
        "'",
        "true",
        "RUS",
        "chair",
        "2012-13-40",
        "majority",
        "{value: 1}",
        "[]",
        "{}",
        "0",
    ]
)


@st.composite
def edited(draw: st.DrawFn) -> str:
    """The bundled scenario with a few random edits: lines deleted or duplicated, a value
    replaced by a wrong one (of the wrong type, off the scale, an unknown id, broken YAML)."""
    lines = list(BUNDLED_LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "replace", "replace", "replace"]))
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        else:
            values = list(_VALUE.finditer(lines[i]))
            if values:
                m = values[draw(st.integers(0, len(values) - 1))]
                lines[i] = lines[i][: m.start(2)] + draw(REPLACEMENTS) + lines[i][m.end(2) :]
        if not lines:
            break
    return "\n".join(lines) + "\n"


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(edited())
def test_fuzzed_edits_load_or_give_located_problems(text):
    checked = check_scenario_text(text, "f.yaml", _data_dir())
    n_lines = max(1, len(text.splitlines()))
    for p in checked.problems:
        assert 1 <= p.line <= n_lines + 1 and p.column >= 1, p.message()
        assert p.message().startswith(f"f.yaml:{p.line}:{p.column}: ")
    assert (checked.scenario is None) == bool(checked.problems)
    try:
        loaded = loads_scenario(text, "f.yaml", _data_dir())
    except PivotalError as err:
        assert checked.problems, str(err)
        # the error names one of the problems validation lists, at its place
        places = {f"f.yaml:{p.line}:{p.column} ({p.path})" for p in checked.problems}
        places |= {f"f.yaml:{p.line}:{p.column}" for p in checked.problems}
        assert err.parameter in places, (err.parameter, places)
    else:
        assert not checked.problems
        assert loaded.id == checked.scenario.id and loaded.members == checked.scenario.members


# ------------------------------------------------------------------------- CLI and web


def test_cli_validate_lists_every_scenario_problem(tmp_path):
    text, lines = four_problems()
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(cli_app, ["validate", str(path)])
    assert result.exit_code == 2
    out = result.stdout.splitlines()
    assert [int(re.match(rf"{re.escape(str(path))}:(\d+):\d+: ", o).group(1)) for o in out] == (
        sorted(lines)
    )
    assert "4 problems" in result.stderr
    result = runner.invoke(cli_app, ["validate", str(path), "-f", "json"])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["kind"] == "scenario" and data["valid"] is False
    assert [p["line"] for p in data["problems"]] == sorted(lines)
    # the same keys as an organization's problems
    assert set(data["problems"][0]) == {
        "file",
        "line",
        "column",
        "path",
        "expected",
        "received",
        "fix",
        "message",
    }


@pytest.mark.parametrize("name", bundled_scenarios())
def test_cli_validate_bundled_scenario(name):
    result = runner.invoke(cli_app, ["validate", name])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{name}: OK (scenario {name}: ")
    data = json.loads(runner.invoke(cli_app, ["validate", name, "-f", "json"]).stdout)
    scenario = loads_scenario((_data_dir() / f"{name}.yaml").read_text(), base=_data_dir())
    assert data["valid"] and data["problems"] == [] and data["kind"] == "scenario"
    assert data["members"] == len(scenario.members)
    assert data["dimensions"] == len(scenario.dimensions)


def test_upload_page_shows_every_scenario_problem():
    text, lines = four_problems()
    client = TestClient(create_app())
    response = client.post("/upload", data={"text": text, "name": "s.yaml"})
    assert response.status_code == 422
    page = response.text
    assert "s.yaml: 4 problems" in page
    for line in lines:
        assert f'href="#L{line}"' in page
    for _, _, words in EDITS:
        assert words in page
