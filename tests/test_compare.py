"""Comparisons of two rules and timelines over membership changes.

Expected values are computed here from the number of members n (and, for the small weighted
council, by hand), never read off the code under test: with n members of equal weight,
consensus gives everyone 1/n of the Shapley-Shubik index, a power to act of 1/2^n and a veto;
"more than half" (q = n // 2 + 1 members) lets sum_{k >= q} C(n, k) of the 2^n coalitions
win, and a member swings in C(n-1, q-1) of them.
"""

from __future__ import annotations

import json
from fractions import Fraction
from math import comb
from pathlib import Path

import pandas as pd
import pytest

from pivotal.compare import Comparison, Timeline, analyze, compare, timeline
from pivotal.errors import PivotalError
from pivotal.power import INDICES

CSTO_2012 = ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB")


def majority_quota(n: int) -> int:
    return n // 2 + 1


def majority_act(n: int) -> Fraction:
    return Fraction(sum(comb(n, k) for k in range(majority_quota(n), n + 1)), 2**n)


def majority_prevent(n: int) -> Fraction:
    q = majority_quota(n)
    winning = sum(comb(n, k) for k in range(q, n + 1))
    return Fraction(comb(n - 1, q - 1), winning)


@pytest.fixture(scope="module")
def csto_2012() -> Comparison:
    return compare("csto", rules=["consensus", "majority"], at="2012-05-15")


@pytest.fixture(scope="module")
def csto_history() -> Timeline:
    return timeline("csto", rules=["consensus", "majority"], start="1994-01-01", end="2013-01-01")


TOY = """\
format: 1
id: toy
name: Toy Council
members:
  - id: AAA
    name: Alpha
    memberships: [{joined: 2000-01-01, status: verified, sources: [s1]}]
    attributes:
      votes: {value: 2, status: verified, sources: [s2]}
  - id: BBB
    name: Beta
    memberships: [{joined: 2000-01-01, status: verified, sources: [s1]}]
    attributes:
      votes: {value: 1, status: verified, sources: [s2]}
  - id: CCC
    name: Gamma
    memberships: [{joined: 2000-01-01, status: verified, sources: [s1]}]
    attributes:
      votes: {value: 1, status: verified, sources: [s2]}
  - id: DDD
    name: Delta
    memberships: [{joined: 2005-01-01, left: 2010-01-01, status: verified, sources: [s3]}]
    attributes:
      votes: {value: 1, status: verified, sources: [s2]}
rules:
  consensus: {text: consensus, status: verified, sources: [s1]}
  weighted: {text: "votes >= 3", status: verified, sources: [s1]}
default_rule: consensus
sources:
  s1: https://example.org/treaty
  s2: "Yearbook 2001, p. 3"
  s3: https://example.org/accession
"""


@pytest.fixture(scope="module")
def toy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("org") / "toy.yaml"
    path.write_text(TOY, encoding="utf-8")
    return path


# -- compare: the CSTO in 2012 ----------------------------------------------------------------


def test_compare_vetoes_and_power_to_act(csto_2012: Comparison) -> None:
    n = len(CSTO_2012)
    assert csto_2012.members == CSTO_2012
    assert csto_2012.veto_lost == CSTO_2012
    assert csto_2012.veto_gained == ()
    assert csto_2012.coleman_act == {
        "consensus": Fraction(1, 2**n),
        "majority": majority_act(n),
    }
    assert majority_act(n) == Fraction(1, 2)  # odd n: exactly half the coalitions win
    assert csto_2012.act_ratio == majority_act(n) * 2**n == 64


def test_compare_differences_are_exact(csto_2012: Comparison) -> None:
    n = len(CSTO_2012)
    q = majority_quota(n)
    for member in CSTO_2012:
        # Coleman's power to prevent: 1 under consensus, 5/16 under majority.
        assert csto_2012.value("coleman_prevent", member, "consensus") == 1
        assert csto_2012.value("coleman_prevent", member, "majority") == majority_prevent(n)
        assert csto_2012.difference("prevent", member) == majority_prevent(n) - 1
        assert csto_2012.difference("coleman_prevent", member) == Fraction(-11, 16)
        # Penrose: one swing of 2^(n-1) under consensus, C(n-1, q-1) under majority.
        assert csto_2012.difference("penrose", member) == Fraction(
            comb(n - 1, q - 1) - 1, 2 ** (n - 1)
        )
        assert csto_2012.difference("raw_banzhaf", member) == comb(n - 1, q - 1) - 1
        assert csto_2012.difference("shapley_shubik", member) == 0
    for values in csto_2012.differences.values():
        assert all(isinstance(v, int | Fraction) for v in values)


def test_compare_frame(csto_2012: Comparison) -> None:
    frame = csto_2012.to_frame(exact=True)
    assert list(frame.index) == list(CSTO_2012)
    assert frame.columns.names == ["power_index", "rule"]
    assert len(frame.columns) == 3 * len(INDICES)
    assert frame.loc["BLR", ("coleman_prevent", "difference")] == Fraction(-11, 16)
    assert frame.loc["BLR", ("penrose", "majority")] == Fraction(5, 16)
    floats = csto_2012.to_frame(exact=False)
    assert floats.loc["BLR", ("coleman_prevent", "difference")] == pytest.approx(-11 / 16)


def test_compare_dict_is_stable_json(csto_2012: Comparison) -> None:
    data = json.loads(json.dumps(csto_2012.to_dict()))
    for key in (
        "organization",
        "at",
        "members",
        "rules",
        "indices",
        "differences",
        "veto_gained",
        "veto_lost",
        "coleman_act",
        "notes",
    ):
        assert key in data
    assert data["organization"] == "csto"
    assert data["at"] == "2012-05-15"
    assert data["members"] == list(CSTO_2012)
    assert [r["rule"] for r in data["rules"]] == ["consensus", "majority"]
    assert data["indices"]["majority"]["coleman_prevent"] == ["5/16"] * 7
    assert data["differences"]["coleman_prevent"] == ["-11/16"] * 7
    assert data["veto_lost"] == list(CSTO_2012)
    assert data["veto_gained"] == []
    assert data["coleman_act"] == {"consensus": "1/128", "majority": "1/2"}
    assert data["act_ratio"] == 64
    floats = csto_2012.to_dict(exact=False)
    assert floats["coleman_act"]["consensus"] == pytest.approx(1 / 128)


def test_compare_text_html_and_summary(csto_2012: Comparison) -> None:
    text = csto_2012.table()
    assert "Differences (majority minus consensus)" in text
    assert "-11/16" in text and "+19/64" in text
    assert "ARM, BLR, KAZ, KGZ, RUS, TJK, UZB" in text
    assert repr(csto_2012) == text
    assert "<table" in csto_2012._repr_html_()
    summary = csto_2012.summary()
    assert any("64 times as often" in line for line in summary)
    assert any("Every member (7 of 7)" in line and "nobody gains" in line for line in summary)
    assert csto_2012.title == "CSTO on 2012-05-15: consensus vs majority"
    assert csto_2012.narrate("BLR")[0].startswith("What consensus versus majority means")


def test_compare_notes_and_sources(csto_2012: Comparison) -> None:
    caveats = " ".join(csto_2012.caveats)
    assert "AZE" in caveats and "unverified" in caveats
    assert "odkb_basic_facts" in csto_2012.sources
    # Facts after the date (Armenia's 2024 freeze) are not among the sources of a 2012 result.
    assert "rt_2024_freeze" not in csto_2012.sources


def test_compare_rejects_bad_rules() -> None:
    with pytest.raises(PivotalError, match="exactly two rules"):
        compare("csto", rules=["consensus"], at="2012-05-15")
    with pytest.raises(PivotalError, match="exactly two rules"):
        compare("csto", rules=["consensus", "majority", "unanimity"], at="2012-05-15")
    with pytest.raises(PivotalError, match="two different rules"):
        compare("csto", rules=["majority", "majority"], at="2012-05-15")
    with pytest.raises(PivotalError):
        compare("csto", rules=["consensus", "majority"], at="2012-05-15", body="no_such_body")
    with pytest.raises(PivotalError):
        compare("csto", rules=["consensus", "majority"], at="2012-05-15").difference("bz", "XXX")


def test_compare_with_some_indices_only() -> None:
    c = compare("csto", rules=["consensus", "majority"], at="2012-05-15", indices="penrose")
    assert c.index_keys == ("penrose",)
    assert c.headline_index == "penrose"
    assert any("Penrose" in line and "gains most" in line for line in c.summary())


# -- compare: a weighted council, where shares move --------------------------------------------


def test_compare_weighted_council(toy: Path) -> None:
    # votes 2, 1, 1 with quota 3: Alpha is in every winning coalition (AB, AC, ABC), so it keeps
    # its veto; B and C lose theirs. Shapley-Shubik: Alpha pivotal in 4 of 6 orders.
    c = compare(str(toy), rules=["consensus", "weighted"], at="2001-01-01")
    assert c.members == ("AAA", "BBB", "CCC")
    assert c.veto_lost == ("BBB", "CCC")
    assert c.veto_gained == ()
    assert c.difference("shapley_shubik", "AAA") == Fraction(2, 3) - Fraction(1, 3)
    assert c.difference("shapley_shubik", "BBB") == Fraction(1, 6) - Fraction(1, 3)
    assert c.coleman_act == {"consensus": Fraction(1, 8), "weighted": Fraction(3, 8)}
    summary = " ".join(c.summary())
    assert "Alpha gains most (+1/3)" in summary and "Beta loses most (-1/6)" in summary
    back = compare(str(toy), rules=["weighted", "consensus"], at="2001-01-01")
    assert back.veto_gained == ("BBB", "CCC") and back.veto_lost == ()
    assert back.act_ratio == Fraction(1, 3)
    assert set(c.sources) == {"s1", "s2"}  # Delta (s3) joins only in 2005


# -- timeline ------------------------------------------------------------------------------------


def test_timeline_points(csto_history: Timeline) -> None:
    assert [d.isoformat() for d in csto_history.dates] == [
        "1994-04-20",
        "1999-04-20",
        "2006-06-23",
        "2012-12-19",
    ]
    counts = [len(p.members) for p in csto_history.points]
    assert counts == [9, 6, 7, 6]
    for point, n in zip(csto_history.points, counts, strict=True):
        consensus = point.result("consensus")
        majority = point.results["majority"]
        assert consensus.value("shapley_shubik", "BLR") == Fraction(1, n)
        assert majority.value("shapley_shubik", "BLR") == Fraction(1, n)
        assert consensus.coleman_act == Fraction(1, 2**n)
        assert majority.coleman_act == majority_act(n)
        assert consensus.veto_players == point.members
        assert majority.veto_players == ()
    assert csto_history.coleman_act("consensus")[0] == Fraction(1, 512)
    assert csto_history.coleman_act("majority")[1] == Fraction(22, 64)


def test_timeline_frames(csto_history: Timeline) -> None:
    frame = csto_history.to_frame(exact=True)
    assert list(frame.columns) == ["date", "rule", "member", "power_index", "value"]
    assert len(frame) == 2 * len(INDICES) * (9 + 6 + 7 + 6)
    row = frame[
        (frame["member"] == "BLR")
        & (frame["rule"] == "consensus")
        & (frame["power_index"] == "shapley_shubik")
    ]
    assert list(row["value"]) == [Fraction(1, n) for n in (9, 6, 7, 6)]
    acts = csto_history.power_to_act(exact=True)
    assert list(acts["consensus"]) == [Fraction(1, 2**n) for n in (9, 6, 7, 6)]
    assert list(csto_history.power_to_act()["consensus"]) == [2.0**-n for n in (9, 6, 7, 6)]
    assert str(acts.index.dtype) == "datetime64[ns]"

    uzb = csto_history.member_history("UZB", exact=True)
    assert list(uzb[("", "member")]) == [True, False, True, False]
    assert list(uzb[("consensus", "shapley_shubik")]) == [
        Fraction(1, 9),
        None,
        Fraction(1, 7),
        None,
    ]
    assert list(uzb[("consensus", "veto")]) == [True, False, True, False]
    floats = csto_history.member_history("UZB")
    assert pd.isna(floats[("majority", "penrose")].iloc[1])
    with pytest.raises(PivotalError, match="member"):
        csto_history.member_history("FRA")


def test_timeline_table_and_dict(csto_history: Timeline) -> None:
    text = csto_history.table()
    assert "1/512" in text and "all 9" in text and "11/32" in text
    assert "Rule: majority: more than half of the members" in text
    assert "AZE" in text
    penrose = csto_history.table(index="penrose")
    assert "1/256" in penrose  # 1/2^(n-1) for n = 9 under consensus
    data = json.loads(json.dumps(csto_history.to_dict()))
    assert [p["at"] for p in data["points"]] == [d.isoformat() for d in csto_history.dates]
    assert data["points"][0]["rules"]["consensus"]["coleman_act"] == "1/512"
    assert data["points"][2]["members"] == list(CSTO_2012)
    assert data["rules"][1] == {
        "rule": "majority",
        "text": "majority",
        "description": "more than half of the members",
    }
    assert "<table" in csto_history._repr_html_()


def test_timeline_caveats_name_the_unverified_exit(csto_history: Timeline) -> None:
    caveats = " ".join(csto_history.caveats)
    assert "Azerbaijan (AZE)" in caveats and "Georgia (GEO)" in caveats
    assert "1999-04-20 (unverified" in caveats


def test_timeline_start_between_changes_and_errors() -> None:
    t = timeline("csto", rules="consensus", start="2000-01-01", end="2012-12-31")
    assert [d.isoformat() for d in t.dates] == ["2000-01-01", "2006-06-23", "2012-12-19"]
    assert [len(p.members) for p in t.points] == [6, 7, 6]
    assert t.point("2010-01-01").at.isoformat() == "2006-06-23"
    with pytest.raises(PivotalError, match="end"):
        timeline("csto", rules="consensus", start="2010-01-01", end="2000-01-01")
    with pytest.raises(PivotalError):
        timeline("csto", rules="consensus", start="1980-01-01", end="1990-01-01")
    with pytest.raises(PivotalError, match="index"):
        t.table(index="holler_typo")


def test_timeline_weighted_council(toy: Path) -> None:
    t = timeline(str(toy), rules=["weighted"])
    assert [d.isoformat() for d in t.dates] == ["2000-01-01", "2005-01-01", "2010-01-01"]
    assert t.series("weighted", "shapley_shubik")["AAA"] == [
        Fraction(2, 3),
        Fraction(1, 2),
        Fraction(2, 3),
    ]
    assert t.series("weighted", "ss")["DDD"] == [None, Fraction(1, 6), None]


def test_analyze_still_serves_the_cli() -> None:
    a = analyze("csto", at="2012-05-15", rules=["consensus", "majority"])
    assert a.to_dict()["rules"][1]["coleman_act"] == "1/2"
    assert "Veto players" in a.table()
