"""Scenario files: the bundled CSTO 2012 scenario, the inline builder, and every validation error
pointing at file:line:column with a fix."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from pivotal import PivotalError
from pivotal.outcomes import bundled_scenarios, load_scenario, loads_scenario, scenario

MINIMAL = """\
id: t
name: Test
members: [A, B, C]
rules: [majority]
dimensions:
  - {id: x, name: Spending, low: less, high: more, scale: [0, 100]}
status_quo: {x: 50, status: estimate, sources: [s]}
setter: A
positions:
  A: {x: 20, status: estimate, sources: [s]}
  B: {x: 40, status: estimate, sources: [s]}
  C: {x: 90, status: illustrative, salience: 2}
sources: {s: "A source"}
"""


def test_bundled_csto_scenario_loads_with_its_facts():
    assert "csto-2012" in bundled_scenarios()
    s = load_scenario("csto-2012")
    assert s.members == ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB")
    assert s.setter == "KAZ" and s.setter_basis == "chair of csc on 2012-05-15"
    assert s.blocs == {"union_state": ("BLR", "RUS")}
    assert [d.id for d in s.dimensions] == ["nato", "regime"]
    assert s.positions_on("nato")["BLR"] == Fraction("21.6")
    assert s.status_quo["nato"].status == "estimate"
    assert s.saliences_on("regime")["BLR"] == 90
    assert s.positions["RUS"]["nato"].uncertainty.kind == "normal"
    assert s.game("majority").players == s.members


def test_minimal_inline_file_and_defaults():
    s = loads_scenario(MINIMAL)
    assert s.saliences_on("x") == {"A": 1, "B": 1, "C": 2}
    assert s.saliences_given
    assert s.setter == "A" and s.rules == ("majority",)


def mutate(old: str, new: str) -> str:
    assert old in MINIMAL, old
    return MINIMAL.replace(old, new)


CASES = [
    # (changed text, line of the error, words the message must contain)
    (mutate("name: Test\n", "name: Test\ncolour: red\n"), 3, "one of the keys"),
    (mutate("  B: {x: 40, status: estimate, sources: [s]}\n", ""), 9, "none for B"),
    (mutate("  B: {x: 40,", "  B: {x: 140,"), 11, "scale [0, 100]"),
    (mutate("  B: {x: 40,", "  Z: {x: 40,"), 11, "a member id"),
    (mutate("status: estimate, sources: [s]}\nsetter", "status: sure}\nsetter"), 7, "verified"),
    (mutate("setter: A", "setter: Q"), 8, "one of A, B, C"),
    (mutate("rules: [majority]", "rules: [majorty]"), 4, "majorty"),
    (mutate("members: [A, B, C]", "organization: nowhere\nat: 2012-01-01"), 3, "bundled"),
    (
        mutate(
            "{id: x, name: Spending, low: less, high: more, scale: [0, 100]}",
            "{id: x, name: S, scale: [100, 0]}",
        ),
        6,
        "low < high",
    ),
    (
        mutate(
            "C: {x: 90, status: illustrative, salience: 2}",
            "C: {x: 90, status: illustrative, salience: -2}",
        ),
        12,
        "0 or more",
    ),
    (
        mutate(
            "A: {x: 20, status: estimate, sources: [s]}",
            "A: {x: 20, status: estimate, sources: [s], uncertainty: {x: {interval: [30, 40]}}}",
        ),
        10,
        "contains the value",
    ),
    (
        mutate("A: {x: 20, status: estimate, sources: [s]}", "A: {x: 20, status: proxy}"),
        10,
        "at least one source",
    ),
    (
        mutate(
            "A: {x: 20, status: estimate, sources: [s]}",
            "A: {x: twenty, status: estimate, sources: [s]}",
        ),
        10,
        "a number",
    ),
    (MINIMAL + "blocs: {ab: [A, B], bc: [B, C]}\n", 14, "do not overlap"),
    (MINIMAL + "proposals: {p: {name: P, y: 3}}\n", 14, "one of the keys"),
    (mutate("members: [A, B, C]", "members: [A, B, A]"), 3, "each member once"),
    (mutate("status_quo: {x: 50,", "status_quo: {y: 50,"), 7, "one of the keys"),
]


@pytest.mark.parametrize(("text", "line", "words"), CASES)
def test_validation_errors_point_at_the_line(text, line, words):
    with pytest.raises(PivotalError) as err:
        loads_scenario(text, label="s.yaml")
    message = str(err.value)
    assert words in message, message
    match = re.match(r"s\.yaml:(\d+):(\d+)", err.value.parameter)
    assert match is not None, message
    assert int(match.group(1)) == line, message


def test_empty_and_broken_files():
    for text, words in [
        ("", "an empty file"),
        ("id: [", "well-formed YAML"),
        ("- 1", "a scenario"),
    ]:
        with pytest.raises(PivotalError) as err:
            loads_scenario(text, label="s.yaml")
        assert words in str(err.value)


def test_unknown_bundled_scenario_and_missing_file(tmp_path):
    with pytest.raises(PivotalError) as err:
        load_scenario("csto-2013")
    assert "csto-2012" in err.value.allowed
    with pytest.raises(PivotalError) as err:
        load_scenario(tmp_path / "none.yaml")
    assert err.value.parameter == "path"


def test_scenario_file_on_disk_with_an_organization_path(tmp_path):
    org = tmp_path / "org.yaml"
    org.write_text(
        "id: club\nname: Club\nmembers:\n"
        + "".join(
            f"  - {{id: {m}, name: {m}, memberships: [{{joined: 2000-01-01, status: verified, "
            "sources: [s]}]}\n"
            for m in "ABC"
        )
        + "rules: {unanimity: {text: consensus, status: verified, sources: [s]}}\n"
        "default_rule: unanimity\nsources: {s: x}\n"
    )
    text = MINIMAL.replace("members: [A, B, C]", "organization: org.yaml\nat: 2010-01-01")
    path = tmp_path / "s.yaml"
    path.write_text(text)
    s = load_scenario(path)
    assert s.organization.id == "club" and s.members == ("A", "B", "C")


def test_builder_validates_like_the_file():
    s = scenario(positions={"A": "0.5", "B": "1/3"}, status_quo=0, rules=["consensus"])
    assert s.positions_on("x") == {"A": Fraction(1, 2), "B": Fraction(1, 3)}
    with pytest.raises(PivotalError) as err:
        scenario(positions={"A": 1}, status_quo=0, setter="B")
    assert err.value.parameter == "setter"
    with pytest.raises(PivotalError) as err:
        scenario(positions={"A": 1, "B": 2}, status_quo=0, weights={"A": 1})
    assert err.value.parameter == "weights"
    with pytest.raises(PivotalError) as err:
        scenario(positions={"A": 1, "B": 2}, status_quo=0, weights={"A": -1, "B": 1})
    assert err.value.parameter == "weights['A']"
    with pytest.raises(PivotalError):
        scenario(positions={"A": 1, "B": 2}, status_quo=0, rules=["at least 3 of members"])
    org = scenario(
        positions={m: i for i, m in enumerate(["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB"])},
        status_quo=3,
        organization="csto",
        at="2012-05-15",
        rules=["consensus", "majority"],
    )
    assert org.game("majority").players[0] == "ARM"
    with pytest.raises(PivotalError) as err:
        scenario(positions={"ARM": 1}, status_quo=0, organization="csto", at="2012-05-15")
    assert "none for BLR" in err.value.received


def test_inline_scenario_over_an_organization_takes_the_chair_as_setter():
    ids = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB"]
    s = scenario(
        positions=dict.fromkeys(ids, 1),
        status_quo=0,
        organization="csto",
        at="2012-05-15",
        rules=["consensus"],
    )
    assert s.setter == "KAZ" and s.setter_basis == "chair of csc on 2012-05-15"
    named = scenario(
        positions=dict.fromkeys(ids, 1),
        status_quo=0,
        organization="csto",
        at="2012-05-15",
        rules=["consensus"],
        setter="RUS",
    )
    assert named.setter == "RUS" and named.setter_basis == "named by the user"
