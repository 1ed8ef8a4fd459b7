"""Organization files, format 2: groups, dated attributes, bodies and matters, chairs, documents.

The CSTO expectations come from the project's research notes: consensus in the councils (Charter
Art. 12, in force 2003-09-18); deployment of forces on a member's territory at its request
(Kazakhstan, January 2022); adoption "in a limited format" without Armenia, whose participation
is frozen since 2024-02-22; the chairs of the Collective Security Council by period; the
Charter's ratification by Russia (2003-05-26) and the 2010 protocol's by Kazakhstan (2011-11-28)
and Russia (2012-03-01).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import textwrap
from pathlib import Path

import pytest

from pivotal.errors import PivotalError
from pivotal.organizations import (
    FORMAT_VERSION,
    Organization,
    bundled,
    load_organization,
    loads,
)

SIX = ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK")


@pytest.fixture(scope="module")
def csto() -> Organization:
    return load_organization("csto")


# ---------------------------------------------------------------------------- CSTO: bodies
def test_csto_bodies_and_matters(csto: Organization) -> None:
    assert list(csto.bodies) == ["csc", "cfm", "cdm", "cssc", "permanent_council"]
    csc = csto.body("csc")
    assert csc.name == "Collective Security Council"
    assert csc.default_matter == "non_procedural" and csc.seats == "all"
    assert list(csc.matters) == [
        "non_procedural",
        "crrf_deployment",
        "limited_format",
        "third_country_bases",
    ]
    assert csto.body().id == "csc"  # the first body is the default
    for body in ("cfm", "cdm", "cssc"):
        entry = csto.snapshot("2012-05-15").rule_for(body)
        assert (entry.text, entry.legal_basis, entry.status) == (
            "consensus",
            "Charter Art. 12",
            "partly_verified",
        )
    assert csto.snapshot("2012-05-15").rule_for("permanent_council").status == "unverified"
    with pytest.raises(PivotalError) as info:
        csto.body("council")
    assert "'csc', 'cfm', 'cdm', 'cssc', 'permanent_council'" in str(info.value)


def test_csto_rule_for_at_dates(csto: Organization) -> None:
    snap = csto.snapshot("2012-05-15")
    entry = snap.rule_for()
    assert (entry.body, entry.id, entry.text) == ("csc", "non_procedural", "consensus")
    assert snap.rule_text(body="csc", matter="crrf_deployment") == (
        "requested by the host and consensus"
    )
    assert snap.rule_for("csc", "limited_format").abstention == "limited_format"
    bases = snap.rule_for("csc", "third_country_bases")
    assert bases.start is not None and bases.start.date == dt.date(2011, 12, 20)
    assert bases.status == "partly_verified"
    # Bases need every member's consent only since the December 2011 session.
    with pytest.raises(PivotalError, match="from 2011-12-20"):
        csto.snapshot("2011-06-01").rule_for("csc", "third_country_bases")
    # The councils' consensus rule is the Charter's: before it entered into force, none recorded.
    with pytest.raises(PivotalError, match="from 2003-09-18"):
        csto.snapshot("2000-01-01").rule_for("csc")
    with pytest.raises(PivotalError) as info:
        snap.rule_for("csc", "budget")
    assert "'non_procedural', 'crrf_deployment', 'limited_format'" in str(info.value)


def test_csto_default_game_is_unchanged(csto: Organization) -> None:
    # Without a body or matter the file's default_rule still decides, at every date.
    assert csto.snapshot("1995-01-01").game().quota == 9
    snap = csto.snapshot("2012-05-15")
    assert snap.game().players == snap.game(body="csc").players
    assert snap.rule_text() == "consensus"


def test_csto_limited_format_leaves_out_frozen_armenia(csto: Organization) -> None:
    for day in ("2024-03-01", "2024-11-28", "2025-01-01", "2025-11-27"):
        snap = csto.snapshot(day)
        assert snap.member_ids == SIX  # Armenia is still a member ...
        full = snap.game(body="csc")
        assert full.players == SIX and full.quota == 6  # ... and can block a consensus,
        limited = snap.game(body="csc", matter="limited_format")
        assert limited.players == ("BLR", "KAZ", "KGZ", "RUS", "TJK")  # but not in this format
        assert (limited.quota, limited.weights) == (5, (1,) * 5)
    # Before its freeze Armenia takes part in the limited format too.
    assert csto.snapshot("2023-11-23").game(body="csc", matter="limited_format").players == SIX
    # Read at other dates, the same matter leaves out Uzbekistan during its 2012 freeze.
    assert csto.snapshot("2012-07-01").game(body="csc", matter="limited_format").players == SIX


def test_csto_participants(csto: Organization) -> None:
    snap = csto.snapshot("2025-01-01")
    game = snap.game(body="csc", participants=["RUS", "KAZ", "BLR"])
    assert game.players == ("BLR", "KAZ", "RUS") and game.quota == 3
    assert snap.players(participants="RUS") == ("RUS",)
    with pytest.raises(PivotalError) as info:
        snap.game(participants=["RUS", "UZB"])  # suspended since 2012
    message = str(info.value)
    assert "'UZB'" in message and "ARM, BLR, KAZ, KGZ, RUS, TJK" in message
    with pytest.raises(PivotalError, match="at least one member"):
        snap.game(participants=[])


def test_csto_deployment_needs_the_hosts_request(csto: Organization) -> None:
    snap = csto.snapshot("2022-01-06")  # the CSC decision on Kazakhstan
    game = snap.game(body="csc", matter="crrf_deployment", host="KAZ")
    assert game.players == SIX
    assert game.is_winning(SIX)
    assert not game.is_winning([m for m in SIX if m != "KAZ"])
    with pytest.raises(PivotalError, match="host"):
        snap.game(body="csc", matter="crrf_deployment")


def test_rule_or_matter_not_both(csto: Organization) -> None:
    snap = csto.snapshot("2012-05-15")
    with pytest.raises(PivotalError, match="either a rule or a matter"):
        snap.game("majority", matter="non_procedural")
    # A rule with a body: the body's seats, the given rule (the 2011 majority proposal).
    assert snap.game("majority", body="csc").quota == 4


# ---------------------------------------------------------------------------- CSTO: chairs
@pytest.mark.parametrize(
    ("day", "chair", "status"),
    [
        ("2003-06-01", "TJK", "unverified"),
        ("2008-01-01", "KGZ", "partly_verified"),
        ("2009-02-04", "ARM", "verified"),  # the CRRF decision, chaired by Sargsyan
        ("2011-06-01", "BLR", "verified"),  # Belarus proposed majority voting as chair
        ("2012-05-15", "KAZ", "verified"),
        ("2012-12-19", "KGZ", "verified"),  # the chair passes at the Moscow session
        ("2014-01-01", "RUS", "partly_verified"),
        ("2022-01-06", "ARM", "verified"),  # Pashinyan announced the Kazakhstan decision
        ("2023-06-01", "BLR", "partly_verified"),  # conflicting sources
        ("2024-11-28", "KAZ", "verified"),
        ("2025-11-27", "KGZ", "verified"),
        ("2026-01-13", "RUS", "verified"),
    ],
)
def test_csto_chair_at(csto: Organization, day: str, chair: str, status: str) -> None:
    snap = csto.snapshot(day)
    assert snap.chair() == snap.chair("csc") == chair
    entry = snap.chair_entry()
    assert entry is not None and entry.status == status


def test_csto_chairs_are_sourced_and_disjoint(csto: Organization) -> None:
    chairs = csto.chairs_of("csc")
    assert len(chairs) == 23
    for before, after in itertools.pairwise(chairs):
        assert before.end is not None and before.end.date == after.start.date
    assert csto.snapshot("2000-01-01").chair() is None  # before the first recorded chair
    assert csto.snapshot("2012-05-15").chair("cfm") is None  # none recorded for the ministers
    end = chairs[-1].end
    assert end is not None and end.status == "partly_verified"  # calendar-year practice


# ---------------------------------------------------------------------------- CSTO: documents
def test_csto_documents(csto: Organization) -> None:
    assert list(csto.documents) == [
        "treaty",
        "prolongation_protocol_1999",
        "charter",
        "charter_protocol_2010",
        "treaty_protocol_2010",
        "protocols_2018",
    ]
    charter = csto.document("charter")
    assert charter.signed is not None and charter.signed.place == "Chisinau"
    assert charter.signed.date.date == dt.date(2002, 10, 7)
    assert charter.in_force is not None and charter.in_force.date == dt.date(2003, 9, 18)
    assert charter.signatories == SIX
    protocol = csto.document("charter_protocol_2010")
    assert protocol.amends == "charter" and protocol.signatories_status == "unverified"
    assert protocol.in_force is not None and protocol.in_force.date == dt.date(2012, 12, 19)
    assert csto.document("protocols_2018").in_force.date == dt.date(2021, 1, 19)  # type: ignore[union-attr]
    assert csto.document("prolongation_protocol_1999").in_force_recorded is False
    with pytest.raises(PivotalError, match="'treaty', 'prolongation_protocol_1999'"):
        csto.document("charta")


def test_csto_holdouts(csto: Organization) -> None:
    # The 2010 Charter protocol: Kazakhstan ratified 2011-11-28, Russia 2012-03-01.
    assert csto.holdouts("charter_protocol_2010", at="2011-11-27") == (*SIX, "UZB")
    assert csto.holdouts("charter_protocol_2010", at="2012-01-01") == (
        "ARM",
        "BLR",
        "KGZ",
        "RUS",
        "TJK",
        "UZB",
    )
    assert csto.holdouts("charter_protocol_2010") == ("ARM", "BLR", "KGZ", "TJK", "UZB")
    # The Charter: Russia by law of 2003-05-26; all members had ratified by 2003-09-18.
    assert csto.holdouts("charter", at="2003-05-25") == SIX
    assert csto.holdouts("charter", at="2003-06-01") == ("ARM", "BLR", "KAZ", "KGZ", "TJK")
    assert csto.holdouts("charter", at="2003-09-18") == ()
    assert csto.holdouts("protocols_2018", at="2020-01-01") == ("ARM", "BLR", "KAZ", "KGZ", "TJK")
    assert csto.holdouts("treaty") == ()
    assert csto.holdouts("treaty_protocol_2010") == ()  # signatories not recorded


def test_csto_ratification_table(csto: Organization) -> None:
    rows = {(r.document, r.member): r for r in csto.ratification_table()}
    rus = rows["charter", "RUS"]
    assert (rus.signed, rus.ratified, rus.act, rus.status) == (
        True,
        dt.date(2003, 5, 26),
        "Federal Law No. 56-FZ",
        "verified",
    )
    kaz = rows["charter_protocol_2010", "KAZ"]
    assert (kaz.ratified, kaz.act) == (dt.date(2011, 11, 28), "Law No. 499-IV")
    assert rows["charter_protocol_2010", "RUS"].ratified == dt.date(2012, 3, 1)
    assert rows["protocols_2018", "RUS"].ratified == dt.date(2019, 7, 24)
    unknown = rows["charter_protocol_2010", "ARM"]
    assert (unknown.ratified, unknown.status) == (None, "unknown")  # not invented
    arm = rows["charter", "ARM"]  # ratified by the entry into force, day not recorded
    assert arm.ratified is None and arm.status == "verified" and "day not recorded" in arm.note
    aze = rows["treaty", "AZE"]  # an accession: not a signatory
    assert (aze.signed, aze.ratified_text, aze.act) == (False, "1993-09", "accession")
    assert all(r.status != "verified" or r.sources for r in rows.values())


# ---------------------------------------------------------------------------- CSTO: provenance
def test_csto_provenance(csto: Organization) -> None:
    snap = csto.snapshot("2025-01-01")
    limited = snap.provenance(body="csc", matter="limited_format")
    assert limited[: len(snap.notes)] == snap.notes  # the membership notes come first
    assert any(n.startswith("Armenia (ARM) takes no part") for n in limited)
    # The matter entry is verified, the consensus rule it names only partly.
    assert any("The rule 'consensus'" in n and "partly verified" in n for n in limited)
    plain = snap.provenance(body="csc")
    assert not any("takes no part" in n for n in plain)
    assert any("csc.non_procedural" in n and "Charter Art. 12" in n for n in plain)
    council = snap.provenance(body="permanent_council")
    assert any("is unverified" in n and "presumably consensus" in n for n in council)
    # The default rule: the named rule's own status.
    assert any("'consensus'" in n for n in snap.provenance())


# ---------------------------------------------------------------------------- format 2 on a demo
V2 = """\
format: 2
id: demo2
name: Demo Council
members:
  - id: A
    name: Aland
    memberships: [{joined: 2000-01-01, status: verified, sources: [s]}]
    frozen: [{from: 2024-01-01, status: verified, sources: [s]}]
    attributes:
      population:
        - {value: 10, from: 2000-01-01, status: verified, sources: [s]}
        - {value: 12, from: 2010, status: unverified, note: "estimate"}
      votes: {value: 3, status: verified, sources: [s]}
  - id: B
    name: Bland
    memberships: [{joined: 2000-01-01, status: verified, sources: [s]}]
    attributes:
      population:
        - {value: 20, from: 2000-01-01, status: partly_verified, sources: [s]}
      votes: {value: 1, status: unverified}
  - id: C
    name: Cland
    memberships: [{joined: 2000-01-01, left: 2020-01-01, status: verified, sources: [s]}]
    attributes:
      population: [{value: 30, from: 2005-06, status: verified, sources: [s]}]
      votes: {value: 1, status: verified, sources: [s]}
  - id: D
    name: Dland
    memberships: [{joined: 2000-01-01, status: verified, sources: [s]}]
    attributes:
      population: [{value: 40, from: 2000-01-01, status: verified, sources: [s]}]
      votes: {value: 1, status: verified, sources: [s]}
rules:
  consensus: {text: consensus, status: verified, sources: [s]}
  weighted: {text: population > 50%, status: unverified}
default_rule: consensus
groups:
  core: {members: [A, C], status: unverified, note: "as agreed"}
  all_but_b: {members: [D, C, A], name: Everyone but B, status: verified, sources: [s]}
bodies:
  - id: council
    name: The Council
    default_matter: ordinary
    matters:
      - id: ordinary
        name: Ordinary decisions
        rule: majority
        to: 2010-01-01
        status: verified
        sources: [s]
      - id: ordinary
        name: Ordinary decisions
        rule: weighted
        from: 2010-01-01
        legal_basis: "Art. 2"
        status: verified
        sources: [s]
      - id: core_veto
        name: Core veto
        rule: all of core and majority
        status: partly_verified
        sources: [s]
        note: "veto of the core"
      - id: limited
        name: Limited format
        rule: consensus
        abstention: limited_format
        status: verified
        sources: [s]
  - id: board
    name: The Board
    seats: all_but_b
    matters:
      - {id: decisions, rule: votes >= 60%, status: verified, sources: [s]}
chairs:
  - {body: council, member: A, from: 2000-01-01, to: 2005-01-01, status: verified, sources: [s]}
  - {body: council, member: B, from: 2005-01-01, status: unverified}
  - {body: board, member: D, from: 2001, to: 2002, status: verified, sources: [s]}
documents:
  - id: pact
    name: The Pact
    signed: {date: 1999-05-01, place: Somewhere}
    signatories: [A, B, C]
    in_force: 2000-01-01
    status: verified
    sources: [s]
    ratifications:
      - {member: A, date: 1999-06-01, act: "Law 1", status: verified, sources: [s]}
      - {member: B, status: verified, sources: [s], note: "all had ratified by entry into force"}
      - {member: D, date: 2001-03, act: accession, status: partly_verified, sources: [s]}
  - id: amendment
    name: Amendment
    amends: pact
    signed: 2015-01-01
    signatories: {members: [A, B, D], status: unverified}
    in_force: null
    status: verified
    sources: [s]
    ratifications:
      - {member: D, date: 2016-02-02, status: verified, sources: [s]}
sources:
  s: https://example.org/source
"""


@pytest.fixture(scope="module")
def demo() -> Organization:
    return loads(V2, label="demo2.yaml")


def test_format_version() -> None:
    assert FORMAT_VERSION == 2
    assert loads(V2.replace("format: 2\n", "")).id == "demo2"  # no format: the newest


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2000-01-01", {"A": 10, "B": 20, "D": 40}),  # C's value starts 2005-06
        ("2005-05-31", {"A": 10, "B": 20, "D": 40}),
        ("2005-06-01", {"A": 10, "B": 20, "C": 30, "D": 40}),
        ("2009-12-31", {"A": 10, "B": 20, "C": 30, "D": 40}),
        ("2010-01-01", {"A": 12, "B": 20, "C": 30, "D": 40}),  # A's 2010 value, from 1 January
        ("2020-01-01", {"A": 12, "B": 20, "D": 40}),  # C has left
    ],
)
def test_dated_attributes_pick_the_value_in_force(
    demo: Organization, day: str, expected: dict[str, int]
) -> None:
    snap = demo.snapshot(day)
    assert snap.attributes["population"] == expected
    assert snap.attributes["votes"] == {m: {"A": 3}.get(m, 1) for m in snap.member_ids}


def test_dated_attribute_entries(demo: Organization) -> None:
    a = demo.member("A")
    first, second = a.attributes["population"]
    assert first.start is not None and second.start is not None
    assert (second.start.text, second.start.precision, second.status) == (
        "2010",
        "year",
        "unverified",
    )
    assert a.attribute_at("population", "2009-12-31") is first
    assert a.attribute_at("population", "2010-06-01") is second
    assert a.attribute_at("population", "1999-01-01") is None  # before the first value
    assert a.attributes["votes"][0].start is None  # a single value: always in force
    assert a.attribute_at("votes", "1990-01-01") is not None
    assert second.describe() == "12 from 2010"


def test_groups(demo: Organization) -> None:
    assert demo.groups["all_but_b"].members == ("A", "C", "D")  # in the order of members:
    assert demo.groups["all_but_b"].name == "Everyone but B"
    assert demo.snapshot("2015-01-01").groups == {"core": ("A", "C"), "all_but_b": ("A", "C", "D")}
    assert demo.snapshot("2021-01-01").groups == {"core": ("A",), "all_but_b": ("A", "D")}


def test_rule_for_and_game_with_body_and_matter(demo: Organization) -> None:
    early, late = demo.snapshot("2009-12-31"), demo.snapshot("2015-01-01")
    assert early.rule_for().text == "majority"
    assert late.rule_for().text == "population > 50%"  # the named rule 'weighted'
    assert late.rule_for().legal_basis == "Art. 2"
    assert late.rule_text(body="council") == "population > 50%"
    assert early.game(body="council").quota == 3
    weighted = late.game(body="council")  # 12 + 20 + 30 + 40 = 102; more than 51 needed
    assert weighted.players == ("A", "B", "C", "D")
    assert weighted.is_winning(["C", "D"]) and not weighted.is_winning(["A", "C"])
    core = late.game(body="council", matter="core_veto")
    assert core.is_winning(["A", "C", "D"]) and not core.is_winning(["A", "B", "D"])
    board = late.game(body="board")  # seats: A, C, D; votes 3, 1, 1; 60% of 5 = 3
    assert board.players == ("A", "C", "D")
    assert board.is_winning(["A"]) and not board.is_winning(["C", "D"])
    with pytest.raises(PivotalError, match="sit on board"):
        late.game(body="board", participants=["B"])
    assert late.game().quota == 4  # the default rule, consensus, over everyone
    with pytest.raises(PivotalError, match="'council', 'board'"):
        late.rule_for("counsel")


def test_limited_format_without_frozen(demo: Organization) -> None:
    assert demo.snapshot("2023-06-01").players(body="council", matter="limited") == ("A", "B", "D")
    assert demo.snapshot("2024-06-01").players(body="council", matter="limited") == ("B", "D")
    assert demo.snapshot("2024-06-01").game(body="council", matter="limited").quota == 2


def test_chairs(demo: Organization) -> None:
    assert demo.snapshot("2004-12-31").chair() == "A"
    assert demo.snapshot("2005-01-01").chair("council") == "B"
    assert demo.snapshot("2030-01-01").chair() == "B"  # no end: still chairs
    assert demo.snapshot("2001-06-01").chair("board") == "D"  # 'from: 2001' counts from 1 Jan
    assert demo.snapshot("2002-01-01").chair("board") is None
    entry = demo.snapshot("2006-01-01").chair_entry()
    assert entry is not None and entry.status == "unverified" and entry.end is None


def test_documents_and_holdouts(demo: Organization) -> None:
    pact = demo.document("pact")
    assert pact.signed is not None and pact.signed.place == "Somewhere"
    assert demo.holdouts("pact") == ("C",)
    assert demo.holdouts("pact", at="1999-12-31") == ("B", "C")  # B: from the entry into force
    assert demo.holdouts("pact", at="2000-01-01") == ("C",)
    amendment = demo.document("amendment")
    assert amendment.in_force is None and amendment.in_force_recorded  # 'null': not in force
    assert amendment.amends == "pact" and amendment.signatories_status == "unverified"
    assert demo.holdouts("amendment") == ("A", "B")
    rows = [
        (r.document, r.member, r.signed, r.ratified, r.status) for r in demo.ratification_table()
    ]
    assert rows == [
        ("pact", "A", True, dt.date(1999, 6, 1), "verified"),
        ("pact", "B", True, None, "verified"),
        ("pact", "C", True, None, "unknown"),
        ("pact", "D", False, dt.date(2001, 3, 1), "partly_verified"),
        ("amendment", "A", True, None, "unknown"),
        ("amendment", "B", True, None, "unknown"),
        ("amendment", "D", True, dt.date(2016, 2, 2), "verified"),
    ]


def test_provenance_names_the_unverified_values_used(demo: Organization) -> None:
    snap = demo.snapshot("2015-01-01")
    notes = snap.provenance(body="council")
    population = [n for n in notes if n.startswith("The population values")]
    assert population == [
        "The population values used are unverified for Aland (A) 12 from 2010 (estimate).",
        "The population values used are partly verified for Bland (B) 20 from 2000-01-01.",
    ]
    # The matter is verified; the rule it names ('weighted') is not.
    assert "The rule 'weighted' ('population > 50%') is unverified." in notes
    assert not any("votes" in n for n in notes)  # B's unverified votes are not used here
    # B does not sit on the board, so its unverified votes do not matter there either.
    assert not any("votes" in n for n in snap.provenance(body="board"))
    assert any("Bland (B)" in n for n in snap.provenance("Votes > 50%"))  # any case
    core = snap.provenance(body="council", matter="core_veto")
    assert "The group 'core' (A, C) is unverified: as agreed." in core
    assert any("(council.core_veto)" in n and "veto of the core" in n for n in core)
    assert snap.provenance() == snap.notes == []  # consensus: nothing unverified
    frozen = demo.snapshot("2024-06-01").provenance(body="council", matter="limited")
    assert any(n.startswith("Aland (A) takes no part") for n in frozen)


def test_format_1_files_still_load() -> None:
    text = """\
        format: 1
        id: old
        name: Old Pact
        members:
          - id: A
            name: Aland
            memberships: [{joined: 2000-01-01, status: verified, sources: [s]}]
            attributes:
              votes: {value: 2, status: verified, sources: [s]}
        rules:
          consensus: {text: consensus, status: verified, sources: [s]}
        sources: {s: https://example.org}
        """
    org = loads(textwrap.dedent(text))
    assert org.bodies == {} and org.groups == {} and org.chairs == () and org.documents == {}
    snap = org.snapshot("2001-01-01")
    assert snap.attributes == {"votes": {"A": 2}} and snap.groups == {}
    assert snap.game().quota == 1
    for no_body in (snap.rule_for, snap.chair):
        with pytest.raises(PivotalError, match="defines no bodies"):
            no_body()


# ---------------------------------------------------------------------------- validation
# (label, text to replace, replacement, a unique piece of the replacement the error must point at
# (its line), words the message must contain)
BAD = [
    ("format 3", "format: 2", "format: 3", "format: 3", "1 or 2"),
    ("format 1 with new keys", "format: 2", "format: 1", "groups:", "format: 2"),
    (
        "unknown body key",
        "    name: The Board",
        "    nmae: The Board",
        "nmae",
        "Did you mean 'name'",
    ),
    (
        "group member unknown",
        "core: {members: [A, C]",
        "core: {members: [A, X]",
        "X]",
        "the id of a member",
    ),
    (
        "group member twice",
        "[A, C], status: unverified",
        "[A, A], status: unverified",
        "[A, A]",
        "each member once",
    ),
    ("group named all", "  core: {members", "  all: {members", "all: {members", "not 'all'"),
    (
        "dated value without from",
        "{value: 12, from: 2010, status: unverified",
        "{value: 12, status: unverified",
        "{value: 12, status",
        "no from",
    ),
    (
        "dated values out of order",
        "{value: 12, from: 2010,",
        "{value: 12, from: 1999,",
        "from: 1999",
        "a date after the previous entry's from",
    ),
    (
        "dated value misspelt key",
        "{value: 20, from: 2000-01-01, status: partly_verified",
        "{value: 20, form: 2000-01-01, status: partly_verified",
        "form:",
        "Did you mean 'from'",
    ),
    (
        "unknown rule name",
        "rule: weighted\n",
        "rule: weigted\n",
        "weigted",
        "Did you mean 'weighted'",
    ),
    (
        "bad abstention",
        "abstention: limited_format",
        "abstention: limited",
        "abstention: limited\n",
        "one of absence_blocks, limited_format",
    ),
    (
        "matter entries overlap",
        "rule: weighted\n        from: 2010-01-01",
        "rule: weighted\n        from: 2009-01-01",
        "from: 2009-01-01",
        "do not overlap",
    ),
    (
        "matter ends before it starts",
        "rule: majority\n        to: 2010-01-01",
        "rule: majority\n        from: 2011-01-01\n        to: 2010-01-01",
        "to: 2010-01-01",
        "a date after from",
    ),
    (
        "matter without rule",
        "{id: decisions, rule: votes >= 60%,",
        "{id: decisions,",
        "{id: decisions,",
        "no rule",
    ),
    (
        "no default_matter",
        "    default_matter: ordinary\n",
        "",
        "- id: ordinary",
        "default_matter",
    ),
    (
        "duplicate body id",
        "  - id: board\n    name: The Board",
        "  - id: council\n    name: The Board",
        "council\n    name: The Board",
        "unique body ids",
    ),
    (
        "unknown seats group",
        "seats: all_but_b",
        "seats: al_but_b",
        "al_but_b",
        "Did you mean 'all_but_b'",
    ),
    (
        "chair unknown body",
        "{body: board, member: D",
        "{body: bord, member: D",
        "bord",
        "Did you mean 'board'",
    ),
    (
        "chair unknown member",
        "{body: council, member: B,",
        "{body: council, member: Q,",
        "member: Q",
        "the id of a member",
    ),
    (
        "chair from null",
        "{body: council, member: A, from: 2000-01-01",
        "{body: council, member: A, from: null",
        "from: null",
        "a date YYYY-MM-DD",
    ),
    (
        "chairs overlap",
        "{body: council, member: B, from: 2005-01-01",
        "{body: council, member: B, from: 2004-06-01",
        "2004-06-01",
        "do not overlap",
    ),
    (
        "ratification unknown member",
        "{member: D, date: 2001-03",
        "{member: E, date: 2001-03",
        "member: E",
        "the id of a member",
    ),
    (
        "ratification twice",
        "{member: D, date: 2001-03",
        "{member: A, date: 2001-03",
        "member: A, date: 2001-03",
        "one ratification per member",
    ),
    (
        "ratification before signature",
        "{member: A, date: 1999-06-01",
        "{member: A, date: 1999-04-01",
        "1999-04-01",
        "on or after the signature",
    ),
    (
        "in force before signature",
        "in_force: 2000-01-01",
        "in_force: 1999-01-01",
        "1999-01-01",
        "on or after the signature",
    ),
    ("amends unknown document", "amends: pact", "amends: pakt", "pakt", "Did you mean 'pact'"),
    (
        "signatories misspelt key",
        "{members: [A, B, D], status: unverified}",
        "{members: [A, B, D], statsu: unverified}",
        "statsu",
        "Did you mean 'status'",
    ),
    (
        "document without status",
        "    name: The Pact\n",
        "    name: The Pact\n    note: x\n",
        None,
        "status",
    ),
]


def _case(old: str, new: str) -> str:
    assert V2.count(old) == 1, old
    return V2.replace(old, new)


@pytest.mark.parametrize(("label", "old", "new", "marker", "words"), BAD, ids=[b[0] for b in BAD])
def test_validation_errors_name_file_line_column_and_fix(
    tmp_path: Path, label: str, old: str, new: str, marker: str | None, words: str
) -> None:
    text = _case(old, new)
    if label == "document without status":
        text = text.replace(
            "    in_force: 2000-01-01\n    status: verified\n", "    in_force: 2000-01-01\n"
        )
        marker = "  - id: pact"
    assert marker is not None
    line = text[: text.index(marker)].count("\n") + 1
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PivotalError) as info:
        load_organization(path)
    message = str(info.value)
    assert re.search(rf"bad\.yaml:{line}:\d+ \(", message), message
    assert words in message, message
    assert info.value.fix
    assert info.value.exit_code == 2


def test_demo_is_valid_as_written(demo: Organization) -> None:
    assert list(demo.bodies) == ["council", "board"]
    assert demo.body("council").matters["ordinary"][0].end is not None


# ---------------------------------------------------------------------------- bundled files
def _entries(org: Organization):  # type: ignore[no-untyped-def]
    for body in org.bodies.values():
        for entries in body.matters.values():
            yield from entries


@pytest.mark.parametrize("name", bundled())
def test_every_bundled_matter_compiles_where_it_is_in_force(name: str) -> None:
    org = load_organization(name)
    latest = org.as_of or dt.date.today()
    for entry in _entries(org):
        # The last day the entry is in force (data such as populations are often the latest).
        day = latest if entry.end is None else min(latest, entry.end.date - dt.timedelta(days=1))
        if entry.start is not None and day < entry.start.date:
            day = entry.start.date
        try:
            snap = org.snapshot(day)
        except PivotalError:  # no members on that day: nothing to compile
            continue
        players = snap.players(body=entry.body, matter=entry.id)
        host = players[0] if "host" in entry.text else None
        game = snap.game(body=entry.body, matter=entry.id, host=host)
        assert game.players == players, (name, entry.body, entry.id)
        assert isinstance(snap.provenance(body=entry.body, matter=entry.id), list)


@pytest.mark.parametrize("name", bundled())
def test_bundled_references_resolve(name: str) -> None:
    org = load_organization(name)
    ids = {m.id for m in org.members}
    for chair in org.chairs:
        assert chair.body in org.bodies and chair.member in ids
    for group in org.groups.values():
        assert set(group.members) <= ids
    for doc in org.documents.values():
        assert set(doc.signatories) <= ids
        assert {r.member for r in doc.ratifications} <= ids
    for body in org.bodies.values():
        assert body.default_matter in body.matters
        assert body.seats == "all" or body.seats in org.groups
