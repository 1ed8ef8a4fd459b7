"""Eager validation: every check runs on load, and ``pivotal validate FILE`` lists every problem.

Each case of issue 8 that used to pass until someone used it (a broken rule text, an unknown group
in a rule, a negative vote, a bad rule in a matter, overlapping suspensions, documents amending
each other) is refused on load and listed by ``validate`` at the line and column where it is,
each problem on one line; a file with several problems lists them all at once. The YAML limits
(depth, size, aliases) are checked here too.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from pivotal.cli import app
from pivotal.errors import PivotalError
from pivotal.organizations import bundled, load_organization, loads
from pivotal.organizations.loader import OrganizationFileError, validate_text
from pivotal.organizations.yamlnodes import MAX_BYTES, MAX_DEPTH

runner = CliRunner()

GOOD = """\
id: t
name: T
members:
  - id: A
    name: Aland
    memberships: [{joined: 2000-01-01, status: verified, sources: [s]}]
    attributes: {votes: {value: 3, status: unverified}}
  - id: B
    name: Bland
    memberships: [{joined: 2000-01-01, status: verified, sources: [s]}]
    attributes: {votes: {value: 2, status: unverified}}
    suspended:
      - {from: 2001-01-01, to: 2002-01-01, status: unverified}
groups:
  core: {members: [A, B], status: unverified}
rules:
  weighted: {text: votes > 50%, status: unverified}
default_rule: weighted
bodies:
  - id: council
    name: Council
    matters:
      - {id: ordinary, rule: all of core and majority, status: unverified}
documents:
  - {id: pact, name: Pact, status: unverified}
  - {id: amendment, name: Amendment, amends: pact, status: unverified}
sources: {s: https://example.org}
"""


def case(old: str, new: str) -> str:
    assert GOOD.count(old) == 1, old
    return GOOD.replace(old, new)


def line_of(text: str, marker: str) -> int:
    return text[: text.index(marker)].count("\n") + 1


# (label, file text, a piece of the line the problem must be on, words of the message)
LAZY = [
    ("broken rule text", case("votes > 50%", "votes >> 50%"), "votes >> 50%", "rules.weighted"),
    ("unknown group in a rule", case("all of core", "all of cor"), "all of cor", "group"),
    ("negative votes", case("value: 2,", "value: -2,"), "value: -2", "≥ 0"),
    (
        "bad rule in a matter",
        case("rule: all of core and majority", "rule: at least 2 of"),
        "at least 2 of",
        "matters[0].rule",
    ),
    (
        "overlapping suspensions",
        case(
            "      - {from: 2001-01-01, to: 2002-01-01, status: unverified}\n",
            "      - {from: 2001-01-01, to: 2002-01-01, status: unverified}\n"
            "      - {from: 2001-06-01, status: unverified}\n",
        ),
        "from: 2001-06-01",
        "do not overlap",
    ),
    (
        "documents amending each other",
        case("{id: pact, name: Pact,", "{id: pact, name: Pact, amends: amendment,"),
        "amends: amendment",
        "cycle",
    ),
    (
        "overlapping freezes",
        case(
            "    suspended:\n",
            "    frozen:\n      - {from: 2003-01-01, status: unverified}\n"
            "      - {from: 2004-01-01, to: 2005-01-01, status: unverified}\n    suspended:\n",
        ),
        "from: 2004-01-01",
        "do not overlap",
    ),
    (
        "unknown attribute in a matter's rule",
        case("rule: all of core and majority", "rule: weight > 50%"),
        "weight > 50%",
        "attribute",
    ),
]


def test_the_good_file_loads():
    org = loads(GOOD)
    assert org.snapshot("2005-01-01").game().quota == 3  # votes 3 + 2, more than half


@pytest.mark.parametrize(("label", "text", "marker", "words"), LAZY, ids=[c[0] for c in LAZY])
def test_lazy_cases_fail_on_load_and_in_validate(tmp_path, label, text, marker, words):
    with pytest.raises(OrganizationFileError) as info:
        loads(text, label="bad.yaml")
    assert re.match(rf"bad\.yaml:{line_of(text, marker)}:\d+ \(", str(info.value))
    assert words in str(info.value)
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{path}:{line_of(text, marker)}:")
    assert "Traceback" not in result.output
    # show refuses it too, as one line
    shown = runner.invoke(app, ["show", str(path)])
    assert shown.exit_code == 2 and shown.stdout == ""
    assert len(shown.stderr.strip().splitlines()) == 1


def test_all_problems_at_once_in_file_order(tmp_path):
    text = GOOD
    for old, new in [
        ("votes > 50%", "votes >> 50%"),
        ("value: 2,", "value: -2,"),
        ("{id: pact, name: Pact,", "{id: pact, name: Pact, amends: amendment,"),
    ]:
        text = text.replace(old, new)
    # Shape problems are listed first (all of them); the checks between entries and the rule
    # texts, together, once the shape is right. Here the negative vote is a shape problem:
    problems = validate_text(text, "bad.yaml")
    assert [p.line for p in problems] == [line_of(text, "value: -2")]
    text = text.replace("value: -2,", "value: 2,")
    text = text.replace("value: 3, status: unverified", "value: 3, status: unverifed")
    problems = validate_text(text, "bad.yaml")
    assert len(problems) == 1 and "Did you mean 'unverified'" in problems[0].fix
    text = text.replace("unverifed", "unverified")
    text = text.replace("members: [A, B]", "members: [A, Q]")
    problems = validate_text(text, "bad.yaml")
    # references, the cycle and the rule text together, in file order
    assert [p.line for p in problems] == [
        line_of(text, "[A, Q]"),
        line_of(text, "votes >> 50%"),
        line_of(text, "amends: amendment"),
    ]
    assert "Did you mean" not in problems[0].fix or "Q" in problems[0].received
    text = text.replace("[A, Q]", "[A, B]").replace(" amends: amendment,", "")
    problems = validate_text(text, "bad.yaml")
    assert [p.path for p in problems] == ["rules.weighted.text"]
    assert problems[0].column == line_column(text, ">> 50%") + 1  # at the second '>'


def line_column(text: str, marker: str) -> int:
    offset = text.index(marker)
    return offset - text.rfind("\n", 0, offset)


def test_every_problem_is_one_line_with_file_line_column(tmp_path):
    text = GOOD.replace("members: [A, B]", "members: [A, Q]").replace(
        "amends: pact", "amends: pakt"
    )
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        line
        for line in result.stdout.splitlines()
        if re.match(rf"{re.escape(str(path))}:\d+:\d+: ", line)
    ]
    assert len(result.stdout.splitlines()) == 2
    assert "Did you mean 'pact'?" in result.stdout
    assert "2 problems" in result.stderr
    data = json.loads(runner.invoke(app, ["validate", str(path), "-f", "json"]).stdout)
    assert data["valid"] is False and len(data["problems"]) == 2
    assert {p["line"] for p in data["problems"]} == {line_of(text, "[A, Q]"), line_of(text, "pakt")}


@pytest.mark.parametrize("name", bundled())
def test_bundled_files_are_valid(name):
    result = runner.invoke(app, ["validate", name])
    assert result.exit_code == 0, result.output
    org = load_organization(name)
    assert result.stdout.startswith(f"{name}: OK ({org.id}: {len(org.members)} members, ")
    data = json.loads(runner.invoke(app, ["validate", name, "-f", "json"]).stdout)
    assert data["valid"] and data["problems"] == [] and data["members"] == len(org.members)
    assert data["rule_days_checked"] == data["rule_days"] > 0


def test_missing_file_is_one_line(tmp_path):
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2 and "existing organization file" in result.stderr
    long_name = "x" * 300 + ".yaml"
    result = runner.invoke(app, ["validate", long_name])
    assert result.exit_code == 2 and "Traceback" not in result.output


# ------------------------------------------------------------------------------- YAML limits
def test_deep_nesting_is_refused_naming_the_limit(tmp_path):
    for text in (
        "a: " + "[" * 1000 + "]" * 1000 + "\n",
        "a:\n" + "".join(" " * (2 * i + 2) + f"k{i}:\n" for i in range(900)) + " " * 1802 + "x\n",
    ):
        path = tmp_path / "deep.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(PivotalError, match=rf"nested at most {MAX_DEPTH} levels"):
            load_organization(path)
        out = subprocess.run(
            [sys.executable, "-m", "pivotal", "show", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert out.returncode == 2 and "Traceback" not in out.stderr and "MAX_DEPTH" in out.stderr


def test_aliases_are_refused():
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n"
        for i in range(8)
    )
    with pytest.raises(PivotalError, match="aliases"):
        loads(laughs)


def test_size_limit_is_named(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text("# " + "x" * MAX_BYTES + "\n", encoding="utf-8")
    with pytest.raises(PivotalError, match="MAX_BYTES"):
        load_organization(path)


def test_multiple_documents_and_syntax_errors_point_at_the_line():
    with pytest.raises(PivotalError, match=r"f:2:1: .*well-formed YAML"):
        loads("a: 1\n---\nb: 2\n", label="f")
    with pytest.raises(PivotalError, match=r"starts at line 1, column 4"):
        loads("a: [1, 2\n", label="f")


# ----------------------------------------------------------------------- Jupyter display
def test_snapshot_and_organization_html_are_escaped_tables():
    text = GOOD.replace("name: Aland", "name: '<b>Å & co</b>'")
    org = loads(text)
    html = org.snapshot("2005-01-01")._repr_html_()
    assert "<table" in html and "&lt;b&gt;Å &amp; co&lt;/b&gt;" in html and "<b>Å" not in html
    assert "votes" in html and ">3<" in html
    html = org._repr_html_()
    assert "<table" in html and "&lt;b&gt;" in html and "Bland" in html


def test_rule_column_counts_the_quote_of_a_quoted_text() -> None:
    # The misspelt 'mambers' starts at the same column of the file whether the rule text is
    # quoted or not (the quote is one character before the text's first).
    text = GOOD.replace(
        "weighted: {text: votes > 50%,", 'weighted: {text: "at least 2 of mambers",'
    )
    text = text.replace("rule: all of core and majority,", "rule: at least 2 of mambers,")
    problems = validate_text(text, "q.yaml")
    assert len(problems) == 2
    for p in problems:
        line = text.splitlines()[p.line - 1]
        assert line.index("mambers") + 1 == p.column, (line, p.column)
        assert "Did you mean 'members'?" in p.fix
