"""Organizations as data: the bundled CSTO history, the file format's dates, and its validation.

The CSTO expectations come from the project's research notes (membership counted from the treaty's
entry into force on 1994-04-20; AZE, GEO, UZB out from 1999-04-20; UZB back 2006-06-23 and
suspended 2012-12-19; Armenia's participation frozen since 2024-02-22). The audit of the bundled
file reads the YAML with plain ``yaml.safe_load``, independently of the loader under test.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from pivotal.errors import PivotalError
from pivotal.organizations import (
    STATUSES,
    Organization,
    bundled,
    load_organization,
    loads,
    parse_day,
)

DATA = Path(__file__).resolve().parents[1] / "src" / "pivotal" / "organizations" / "data"
SIX = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]


@pytest.fixture(scope="module")
def csto() -> Organization:
    return load_organization("csto")


def ids(members: list[Any]) -> list[str]:
    return [m.id for m in members]


# ---------------------------------------------------------------------------- CSTO membership
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("1994-04-20", ["ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "RUS", "TJK", "UZB"]),
        ("1995-01-01", ["ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "RUS", "TJK", "UZB"]),
        ("1999-04-19", ["ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "RUS", "TJK", "UZB"]),
        ("1999-04-20", SIX),
        ("2000-01-01", SIX),
        ("2003-09-18", SIX),  # the Charter's entry into force changes nobody's membership
        ("2006-06-22", SIX),
        ("2006-06-23", [*SIX, "UZB"]),
        ("2011-06-01", [*SIX, "UZB"]),
        ("2012-05-15", ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB"]),
        ("2012-07-01", [*SIX, "UZB"]),  # note of 2012-06-20 sent, not yet suspended
        ("2012-12-18", [*SIX, "UZB"]),
        ("2012-12-19", SIX),
        ("2013-01-01", SIX),
        ("2025-01-01", SIX),
    ],
)
def test_csto_members_at(csto: Organization, day: str, expected: list[str]) -> None:
    assert ids(csto.members_at(day)) == expected
    assert ids(csto.members_at(dt.date.fromisoformat(day))) == expected


def test_csto_2025_armenia_counted_but_frozen(csto: Organization) -> None:
    snap = csto.snapshot("2025-01-01")
    assert snap.member_ids == tuple(SIX)
    assert snap.frozen_ids == ("ARM",)
    assert any(
        "Armenia (ARM) has frozen its participation since 2024-02-22" in n
        and "counted as a member" in n
        for n in snap.notes
    )
    assert any("Uzbekistan (UZB) is suspended since 2012-12-19" in n for n in snap.notes)
    assert csto.member("ARM").is_frozen_at("2025-01-01")
    assert not csto.member("ARM").is_frozen_at("2024-02-21")


def test_csto_uzbekistan_has_two_spells_and_is_still_suspended(csto: Organization) -> None:
    uzb = csto.member("UZB")
    assert [(p.start.text, p.end and p.end.text) for p in uzb.memberships] == [
        ("1994-04-20", "1999-04-20"),
        ("2006-06-23", None),
    ]
    assert uzb.memberships[0].start.status == "verified"
    assert uzb.memberships[0].end is not None
    assert uzb.memberships[0].end.status == "unverified"  # the lapse is an inference
    assert [(p.start.text, p.end) for p in uzb.suspended] == [("2012-12-19", None)]
    assert uzb.left is None and not uzb.is_member_at(dt.date.today())
    assert uzb.status == "unverified"  # the weakest fact its membership history rests on


def test_csto_notes_name_the_unverified_facts_a_date_rests_on(csto: Organization) -> None:
    notes_1995 = csto.snapshot("1995-01-01").notes
    assert len(notes_1995) == 1
    assert (
        "Azerbaijan (AZE), Georgia (GEO) and Uzbekistan (UZB) counted until 1999-04-20"
        in (notes_1995[0])
    )
    assert "unverified" in notes_1995[0]
    notes_2000 = " ".join(csto.snapshot("2000-01-01").notes)
    assert "not counted: membership ended 1999-04-20 (unverified" in notes_2000
    assert all(code in notes_2000 for code in ("AZE", "GEO", "UZB"))
    # 2012-05-15 rests only on verified facts for the seven counted members.
    assert not any("UZB" in n for n in csto.snapshot("2012-05-15").notes)


def test_csto_before_entry_into_force_names_first_date(csto: Organization) -> None:
    for day in ("1992-05-15", "1993-12-31", "1994-04-19"):
        with pytest.raises(PivotalError, match="1994-04-20") as info:
            csto.members_at(day)
        assert "first date with members" in str(info.value)
    with pytest.raises(PivotalError, match="1994-04-20"):
        csto.snapshot("1993-01-01")


def test_csto_membership_changes(csto: Organization) -> None:
    # The Charter (signed 2002-10-07, in force 2003-09-18) changed no one's membership: the six
    # signatories were the six treaty parties, so neither date is a change.
    assert csto.membership_changes() == [
        dt.date(1994, 4, 20),
        dt.date(1999, 4, 20),
        dt.date(2006, 6, 23),
        dt.date(2012, 12, 19),
    ]
    assert csto.membership_changes(include_frozen=True) == [
        dt.date(1994, 4, 20),
        dt.date(1999, 4, 20),
        dt.date(2006, 6, 23),
        dt.date(2012, 6, 20),
        dt.date(2012, 12, 19),
        dt.date(2024, 2, 22),
    ]


def test_snapshot_today_and_as_of_note(csto: Organization) -> None:
    snap = csto.snapshot()
    assert snap.at == dt.date.today()
    assert csto.as_of == dt.date(2026, 1, 13)
    assert any("complete up to 2026-01-13" in n for n in csto.snapshot("2026-06-01").notes)
    assert not any("complete up to" in n for n in csto.snapshot("2025-01-01").notes)


def test_csto_rules(csto: Organization) -> None:
    assert csto.rules == {"consensus": "consensus", "majority": "majority"}
    assert csto.default_rule == "consensus"
    assert csto.rule_details["consensus"].status == "partly_verified"
    assert "Art. 12" in (csto.rule_details["consensus"].note or "")
    assert "2011" in (csto.rule_details["majority"].note or "")
    snap = csto.snapshot("2012-05-15")
    assert snap.rule_text() == "consensus"
    assert snap.rule_text("majority") == "majority"
    assert snap.rule_text("at least 2/3 of members") == "at least 2/3 of members"
    assert snap.attributes == {}  # no sourced numbers for CSTO members: none are invented


def test_csto_games() -> None:
    pytest.importorskip("pivotal.rules")
    csto = load_organization("csto")
    seven = csto.snapshot("2012-05-15")
    consensus = seven.game()
    assert consensus.players == tuple(seven.member_ids)
    assert (consensus.quota, consensus.weights) == (7, (1,) * 7)
    majority = seven.game("majority")
    assert (majority.quota, majority.weights) == (4, (1,) * 7)
    two_thirds = csto.snapshot("2013-01-01").game("at least 2/3 of members")
    assert two_thirds.players == tuple(SIX)
    assert two_thirds.quota == 4


# ---------------------------------------------------------------------------- bundled-file audit
def _walk(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}[{i}]")


def _raw(name: str) -> dict[str, Any]:
    with open(DATA / f"{name}.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def test_bundled_names() -> None:
    assert bundled() == sorted(p.stem for p in DATA.glob("*.yaml"))
    assert "csto" in bundled()
    for name in bundled():
        org = load_organization(name)
        assert org.id == name
        assert load_organization(name.upper()).id == name


@pytest.mark.parametrize("name", bundled())
def test_bundled_every_fact_has_status_and_resolving_sources(name: str) -> None:
    raw = _raw(name)
    sources = raw["sources"]
    # Entries that state a fact: they carry one of these keys. (A date written as a mapping,
    # such as a document's `signed: {date, place}`, takes its entry's provenance.)
    fact_keys = {"joined", "from", "date", "value", "text", "rule", "member"}
    ends = (".left", ".joined", ".to", ".from", ".signed", ".in_force")
    cited: set[str] = set()
    facts = 0
    for path, node in _walk(raw):
        if not isinstance(node, dict) or path in ("", ".sources"):
            continue
        if fact_keys & node.keys() and not path.endswith(ends):
            facts += 1
            assert node.get("status") in STATUSES, f"{name}{path}: status {node.get('status')!r}"
            if node["status"] in ("verified", "partly_verified"):
                assert node.get("sources"), f"{name}{path}: a {node['status']} fact needs sources"
        if "status" in node:
            assert node["status"] in STATUSES, f"{name}{path}"
        for key in node.get("sources", []) or []:
            assert key in sources, f"{name}{path}: unknown source key {key!r}"
            cited.add(key)
    assert facts > (100 if name == "csto" else 5)
    assert set(sources) == cited, f"sources never cited: {sorted(set(sources) - cited)}"
    assert all(str(v).strip() for v in sources.values())


def test_bundled_loader_sees_the_same_sources(csto: Organization) -> None:
    facts = [f for m in csto.members for f in m.all_facts()]
    facts += [e.date for e in csto.events] + list(csto.rule_details.values())
    assert all(f.status in STATUSES for f in facts)
    assert all(key in csto.sources for f in facts for key in f.sources)


def test_bundled_partial_dates_are_flagged(csto: Organization) -> None:
    aze = csto.member("AZE").events[0]
    assert (aze.date.text, aze.date.date, aze.date.precision) == (
        "1993-09",
        dt.date(1993, 9, 1),
        "month",
    )
    assert aze.status == "partly_verified"
    years = [e for e in csto.member("ARM").events if e.date.precision == "year"]
    assert years and all(e.date.date == dt.date(2025, 1, 1) for e in years)


# ---------------------------------------------------------------------------- format: dates
GOOD = """\
id: demo
name: Demo Union
members:
  - id: A
    name: Aland
    memberships:
      - {joined: 2000-01-01, status: verified, sources: [s]}
    attributes:
      population: {value: 30, status: verified, sources: [s]}
  - id: B
    name: Bland
    memberships:
      - {joined: 2000-01-01, left: 2005-01-01, status: verified, sources: [s]}
    attributes:
      population: {value: 20, status: unverified}
  - id: C
    name: Cland
    memberships:
      - joined: 2001-03
        status: partly_verified
        sources: [s]
        note: "day unknown"
    suspended:
      - {from: 2003, to: 2004-01-01, status: unverified}
    attributes:
      population: {value: 50.5, status: derived, sources: [s]}
  - id: "NO"
    name: Norway
    memberships:
      - {joined: 2000-01-01, status: verified, sources: [s]}
rules:
  consensus: {text: consensus, status: verified, sources: [s]}
  weighted: {text: population > 50%, status: unverified, note: "hypothetical"}
default_rule: consensus
sources:
  s: https://example.org/source
"""


def write(tmp_path: Path, text: str, name: str = "org.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_load_by_path(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    for arg in (path, str(path)):
        org = load_organization(arg)
        assert org.id == "demo" and org.path == str(path)
    assert ids(org.members) == ["A", "B", "C", "NO"]  # NO stays Norway, not False


def test_partial_dates(tmp_path: Path) -> None:
    org = load_organization(write(tmp_path, GOOD))
    c = org.member("C")
    assert (c.joined, c.memberships[0].start.precision) == (dt.date(2001, 3, 1), "month")
    assert c.memberships[0].start.text == "2001-03"
    assert "C" not in ids(org.members_at("2001-02-28"))
    assert "C" in ids(org.members_at("2001-03-01"))  # counted from the first of the month
    inside = org.snapshot("2001-03-15").notes
    assert any(
        "Cland (C) counted as a member from 2001-03" in n and "known to the month only" in n
        for n in inside
    )
    assert not any("Cland" in n for n in org.snapshot("2001-04-01").notes)
    # A year-precision suspension starts on 1 January and is noted during that year.
    assert c.suspended[0].start.precision == "year"
    assert "C" not in ids(org.members_at("2003-01-01"))
    assert "C" in ids(org.members_at("2004-01-01"))
    assert any("suspended from 2003" in n for n in org.snapshot("2003-06-01").notes)


def test_query_dates_must_be_days(tmp_path: Path) -> None:
    org = load_organization(write(tmp_path, GOOD))
    for bad in ("2001-03", "2001", "2001-02-30", "01/03/2001", "yesterday"):
        with pytest.raises(PivotalError, match="YYYY-MM-DD"):
            org.members_at(bad)
    assert parse_day(dt.datetime(2001, 3, 1, 12, 0)) == dt.date(2001, 3, 1)


def test_attributes_and_game(tmp_path: Path) -> None:
    org = load_organization(write(tmp_path, GOOD))
    snap = org.snapshot("2002-01-01")
    assert snap.member_ids == ("A", "B", "C", "NO")
    assert snap.attributes == {"population": {"A": 30, "B": 20, "C": 50.5}}
    assert org.snapshot("2006-01-01").attributes == {"population": {"A": 30, "C": 50.5}}
    assert org.member("B").attributes["population"][0].status == "unverified"
    pytest.importorskip("pivotal.rules")
    later = org.snapshot("2006-01-01")
    assert later.game("majority").players == ("A", "C", "NO")
    with pytest.raises(PivotalError):  # NO has no population: the rule module says so
        later.game("weighted")


def test_date_with_no_members_after_founding_names_populated_spans(tmp_path: Path) -> None:
    text = """\
        id: gap
        name: Gap Pact
        members:
          - id: A
            name: Aland
            memberships:
              - {joined: 2000-01-01, left: 2002-01-01, status: verified, sources: [s]}
              - {joined: 2003-01-01, status: verified, sources: [s]}
        sources: {s: https://example.org}
        """
    org = load_organization(write(tmp_path, text))
    assert org.membership_changes() == [
        dt.date(2000, 1, 1),
        dt.date(2002, 1, 1),
        dt.date(2003, 1, 1),
    ]
    with pytest.raises(PivotalError, match=r"2000-01-01 to 2002-01-01, 2003-01-01 to today"):
        org.members_at("2002-06-01")
    assert org.default_rule is None


# ---------------------------------------------------------------------------- format: validation
def _replace(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


# (label, file text, line the error must point at, words the message must contain)
BAD = [
    (
        "malformed YAML",
        _replace("name: Demo Union", "name: [Demo Union"),
        3,
        "starts at line 2, column 7",
    ),
    ("missing id", _replace("id: demo\n", ""), 1, "no id"),
    ("duplicate member id", _replace('id: "NO"', "id: A"), 27, "unique member ids"),
    (
        "left before joined",
        _replace("left: 2005-01-01", "left: 1999-12-31"),
        13,
        "a date after joined",
    ),
    (
        "left equal to joined",
        _replace("left: 2005-01-01", "left: 2000-01-01"),
        13,
        "a date after joined",
    ),
    (
        "bad date format",
        _replace("joined: 2000-01-01, left", "joined: 01.01.2000, left"),
        13,
        "YYYY-MM-DD",
    ),
    (
        "impossible day",
        _replace("joined: 2000-01-01, left", "joined: 2000-02-30, left"),
        13,
        "does not exist",
    ),
    (
        "unknown source key",
        _replace(
            "population: {value: 50.5, status: derived, sources: [s]}",
            "population: {value: 50.5, status: derived, sources: [t]}",
        ),
        26,
        "a key of the 'sources:' map",
    ),
    (
        "missing status",
        _replace(
            "{joined: 2000-01-01, status: verified, sources: [s]}\n    attr",
            "{joined: 2000-01-01, sources: [s]}\n    attr",
        ),
        7,
        "status",
    ),
    (
        "unknown status",
        _replace("{value: 30, status: verified", "{value: 30, status: verfied"),
        9,
        "Did you mean 'verified'",
    ),
    (
        "verified without source",
        _replace("{value: 30, status: verified, sources: [s]}", "{value: 30, status: verified}"),
        9,
        "at least one source",
    ),
    ("unknown key", _replace("    name: Bland", "    nmae: Bland"), 11, "Did you mean 'name'"),
    ("duplicate key", GOOD + "name: Again\n", 37, "each key once"),
    (
        "unknown default rule",
        _replace("default_rule: consensus", "default_rule: majority"),
        34,
        "one of the rules consensus, weighted",
    ),
    ("attribute not a number", _replace("{value: 30,", "{value: lots,"), 9, "a finite number"),
    (
        "spells overlap",
        _replace(
            "      - {joined: 2000-01-01, left: 2005-01-01, status: verified, sources: [s]}\n",
            "      - {joined: 2000-01-01, left: 2005-01-01, status: verified, sources: [s]}\n"
            "      - {joined: 2004-01-01, status: verified, sources: [s]}\n",
        ),
        14,
        "do not overlap",
    ),
    (
        "suspension outside membership",
        _replace("{from: 2003, to:", "{from: 1999, to:"),
        24,
        "inside a membership spell",
    ),
    (
        "joined outside memberships",
        _replace("    name: Aland\n", "    name: Aland\n    joined: 2000-01-01\n"),
        6,
        "inside 'memberships:'",
    ),
    (
        "sources not a list",
        _replace(
            "{value: 30, status: verified, sources: [s]}",
            "{value: 30, status: verified, sources: s}",
        ),
        9,
        "a list of source keys",
    ),
]


@pytest.mark.parametrize(("label", "text", "line", "words"), BAD, ids=[b[0] for b in BAD])
def test_validation_errors_name_file_line_and_fix(
    tmp_path: Path, label: str, text: str, line: int, words: str
) -> None:
    path = write(tmp_path, text, "bad.yaml")
    with pytest.raises(PivotalError) as info:
        load_organization(path)
    message = str(info.value)
    assert re.search(rf"bad\.yaml:{line}:\d+", message), message
    assert words in message, message
    assert info.value.fix  # every error says how to fix it
    assert info.value.exit_code == 2


def test_error_in_last_member_fails_the_whole_load(tmp_path: Path) -> None:
    # Validation is eager: a problem anywhere in the file stops the load, so no caller ever holds
    # an organization whose later members were not checked.
    text = GOOD.replace(
        'id: "NO"\n    name: Norway\n    memberships:\n      - {joined: 2000-01-01',
        'id: "NO"\n    name: Norway\n    memberships:\n      - {joined: 2000-13-01',
    )
    assert text != GOOD
    with pytest.raises(PivotalError, match=r"bad\.yaml:30:\d+ \(members\[NO\]\.memberships\[0\]"):
        load_organization(write(tmp_path, text, "bad.yaml"))
    # The good file still loads afterwards: nothing from the failed load was kept.
    assert ids(load_organization(write(tmp_path, GOOD)).members) == ["A", "B", "C", "NO"]


def test_empty_and_non_mapping_files(tmp_path: Path) -> None:
    with pytest.raises(PivotalError, match=r"empty\.yaml: .*an empty file"):
        load_organization(write(tmp_path, "", "empty.yaml"))
    with pytest.raises(PivotalError, match=r"list\.yaml:1:1 .*received a list"):
        load_organization(write(tmp_path, "- a\n- b\n", "list.yaml"))
    with pytest.raises(PivotalError, match="well-formed YAML"):
        load_organization(write(tmp_path, "a: 1\n---\nb: 2\n", "two.yaml"))


def test_unknown_bundled_name_lists_bundled() -> None:
    with pytest.raises(PivotalError) as info:
        load_organization("natoo")
    message = str(info.value)
    assert "'csto'" in message and "natoo" in message and ".yaml" in message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PivotalError, match="existing organization file"):
        load_organization(tmp_path / "nowhere.yaml")


def test_loads_labels_errors() -> None:
    with pytest.raises(PivotalError, match=r"^inline:1:1 \(top level\)"):
        loads("id: x\n", label="inline")


def test_no_default_rule(tmp_path: Path) -> None:
    text = GOOD.split("rules:")[0] + "sources:\n  s: https://example.org/source\n"
    org = load_organization(write(tmp_path, text))
    assert org.default_rule is None and org.rules == {}
    with pytest.raises(PivotalError, match="default_rule"):
        org.snapshot("2002-01-01").rule_text()
