"""Ratification in three states: ratified (with its day), not ratified as of a date, not recorded.

The states are checked three ways: against the CSTO's published record (Kazakhstan ratified the
2010 Charter protocol on 2011-11-28, Russia on 2012-03-01, the protocol entered into force on
2012-12-19; sources in csto.yaml), against an oracle written here from the definitions in
docs/json.md on random documents (hypothesis writes the YAML, the loader reads it), and on the
command line (``--at`` respected, no "holding up", ``--document ''`` refused).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pivotal.cli import app
from pivotal.errors import PivotalError
from pivotal.organizations import RATIFICATION_STATES, load_organization, loads

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


# --------------------------------------------------------------------------- published record
@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2011-11-27", {"KAZ": "not ratified", "RUS": "not ratified", "ARM": "not recorded"}),
        ("2011-11-28", {"KAZ": "ratified", "RUS": "not ratified", "ARM": "not recorded"}),
        ("2012-01-01", {"KAZ": "ratified", "RUS": "not ratified", "ARM": "not recorded"}),
        ("2012-03-01", {"KAZ": "ratified", "RUS": "ratified", "ARM": "not recorded"}),
        (None, {"KAZ": "ratified", "RUS": "ratified", "ARM": "not recorded"}),
        ("2010-12-09", {"KAZ": "not ratified", "RUS": "not ratified", "ARM": "not ratified"}),
    ],
)
def test_csto_2010_protocol_states(at, expected):
    rows = load_organization("csto").ratification_table(at, "charter_protocol_2010")
    states = {r.member: r.state for r in rows}
    assert {m: states[m] for m in expected} == expected
    rus = next(r for r in rows if r.member == "RUS")
    if expected["RUS"] == "ratified":
        assert (rus.ratified, rus.ratified_text) == (dt.date(2012, 3, 1), "2012-03-01")
    else:  # never quoted as ratified before its day, and the later day is said
        assert rus.ratified is None and rus.ratified_text is None
        assert "2012-03-01" in (rus.note or "") or at == "2010-12-09"


def test_undated_ratification_counts_from_entry_into_force():
    charter = load_organization("csto").document("charter")  # in force 2003-09-18
    assert charter.ratification_state("ARM", dt.date(2003, 9, 18)) == "ratified"
    assert charter.ratification_state("ARM", dt.date(2003, 9, 17)) == "not recorded"
    assert charter.ratification_state("RUS", dt.date(2003, 5, 26)) == "ratified"


# ------------------------------------------------------------------------------ random oracle
DAYS = st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))


@st.composite
def documents(draw: st.DrawFn) -> dict:
    signed = draw(st.one_of(st.none(), DAYS))
    in_force = draw(st.sampled_from(["absent", "null", "date"]))
    force_day = None
    if in_force == "date":
        low = signed or dt.date(1990, 1, 1)
        force_day = draw(st.dates(low, dt.date(2031, 1, 1)))
    members = ["A", "B", "C", "D"]
    signatories = draw(st.lists(st.sampled_from(members), unique=True, min_size=1))
    entries = {}
    for m in draw(st.lists(st.sampled_from(members), unique=True)):
        outcome = draw(st.sampled_from(["ratified", "pending", "refused", None]))
        day = draw(
            st.one_of(st.none(), st.dates(signed or dt.date(1990, 1, 1), dt.date(2031, 1, 1)))
        )
        entries[m] = (day, outcome)
    return {
        "signed": signed,
        "in_force": in_force,
        "force_day": force_day,
        "signatories": signatories,
        "entries": entries,
    }


def yaml_of(doc: dict) -> str:
    lines = [
        "id: t",
        "name: T",
        "members:",
        *(
            f"  - {{id: {m}, name: {m}, memberships: [{{joined: 1980-01-01, status: verified, "
            f"sources: [s]}}]}}"
            for m in "ABCD"
        ),
        "documents:",
        "  - id: pact",
        "    name: Pact",
        "    status: verified",
        "    sources: [s]",
        f"    signatories: [{', '.join(doc['signatories'])}]",
    ]
    if doc["signed"] is not None:
        lines.append(f"    signed: {doc['signed'].isoformat()}")
    if doc["in_force"] == "null":
        lines.append("    in_force: null")
    elif doc["in_force"] == "date":
        lines.append(f"    in_force: {doc['force_day'].isoformat()}")
    if doc["entries"]:
        lines.append("    ratifications:")
        for m, (day, outcome) in doc["entries"].items():
            bits = [f"member: {m}", "status: verified", "sources: [s]"]
            if day is not None:
                bits.append(f"date: {day.isoformat()}")
            if outcome is not None:
                bits.append(f"outcome: {outcome}")
            lines.append("      - {" + ", ".join(bits) + "}")
    lines.append("sources: {s: https://example.org}")
    return "\n".join(lines) + "\n"


def oracle(doc: dict, member: str, at: dt.date | None) -> str:
    """The definitions of docs/json.md, written out independently of the package."""
    if at is not None and doc["signed"] is not None and at < doc["signed"]:
        return "not ratified"
    if member not in doc["entries"]:
        return "not recorded"
    day, outcome = doc["entries"][member]
    if outcome in ("pending", "refused"):
        return "not ratified"
    if at is None:
        return "ratified"
    if day is not None:
        return "ratified" if day <= at else "not ratified"
    bound = doc["force_day"] if doc["force_day"] is not None else doc["signed"]
    return "ratified" if bound is None or bound <= at else "not recorded"


@settings(max_examples=150, deadline=None, derandomize=True)
@given(documents(), st.one_of(st.none(), DAYS))
def test_states_equal_the_definitions(doc, at):
    org = loads(yaml_of(doc))
    rows = org.ratification_table(at)
    involved = set(doc["signatories"]) | set(doc["entries"])
    assert [r.member for r in rows] == sorted(involved)
    for row in rows:
        assert row.state == oracle(doc, row.member, at), (row, doc, at)
        assert row.state in RATIFICATION_STATES
        assert row.signed == (row.member in doc["signatories"])
        # A row is only ever dated when it says "ratified".
        assert row.ratified is None or row.state == "ratified"
        if row.state == "ratified" and doc["entries"][row.member][0] is not None:
            assert row.ratified == doc["entries"][row.member][0]
        if row.state == "not recorded":
            assert row.status == "unknown" or row.member in doc["entries"]
    # holdouts: the signatories not known to have ratified, whatever the reason.
    assert org.holdouts("pact", at) == tuple(
        m for m in sorted(doc["signatories"]) if oracle(doc, m, at) != "ratified"
    )


def test_unknown_outcome_is_a_located_error():
    doc = {
        "signed": None,
        "in_force": "absent",
        "force_day": None,
        "signatories": ["A"],
        "entries": {"A": (None, "ratifed")},
    }
    with pytest.raises(PivotalError, match=r"<string>:\d+:\d+ .*pending.*Did you mean 'ratified'"):
        loads(yaml_of(doc))


# ---------------------------------------------------------------------------- command line
def test_rows_respect_at_and_nobody_is_holding_up():
    code, out, _ = run(
        "ratification", "csto", "--document", "charter_protocol_2010", "--at", "2012-01-01"
    )
    assert code == 0
    assert "  KAZ   ratified 2011-11-28" in out
    assert "  RUS   not ratified as of 2012-01-01" in out and "ratified 2012-03-01" not in out
    assert "  not ratified as of 2012-01-01: RUS" in out
    assert "not yet in force on 2012-01-01" in out
    assert "holding" not in out
    code, out, _ = run("ratification", "csto", "--document", "charter_protocol_2010")
    assert "  RUS   ratified 2012-03-01" in out and "holding" not in out


def test_json_agrees_with_the_table_rows():
    code, out, _ = run("ratification", "csto", "--at", "2012-01-01", "-f", "json")
    assert code == 0
    data = json.loads(out)
    rows = load_organization("csto").ratification_table("2012-01-01")
    flat = [(d["id"], m["member"], m["state"]) for d in data["documents"] for m in d["members"]]
    assert flat == [(r.document, r.member, r.state) for r in rows]
    for doc in data["documents"]:
        for state in RATIFICATION_STATES:
            key = state.replace(" ", "_")
            assert doc[key] == [m["member"] for m in doc["members"] if m["state"] == state]
        cited = {k for m in doc["members"] for k in m["sources"]}
        assert cited <= set(data["sources"])


@pytest.mark.parametrize("fmt", ["csv", "markdown"])
def test_csv_and_markdown(fmt):
    code, out, _ = run("ratification", "csto", "--document", "charter", "-f", fmt)
    assert code == 0 and "RUS" in out and "ratified" in out


@pytest.mark.parametrize("document", ["", "  ", "nope"])
def test_empty_or_unknown_document_is_one_line_listing_the_ids(document):
    code, out, err = run("ratification", "csto", "--document", document)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    for doc in ("treaty", "charter", "charter_protocol_2010", "protocols_2018"):
        assert f"'{doc}'" in err
