"""The EU Council's qualified majority, counted by the DP engine, equals an enumeration of all
2^27 coalitions (precomputed by scripts/eu_council_enumeration.py, which writes the rule out by
hand from TEU Art. 16(4)); and the published approximate values hold.

The weightings of 1973-2014: the game in force on a day of each period equals the CVCE table's
weights and thresholds (typed in below from the printed table, not read from the data file),
checked coalition by coalition, and the table's derived rows (blocking minority, fewest states
for a majority and to block) follow from them. The 2016 Lisbon game and the 2006 Nice
population check against rules written out here; dated values that lapse (``to:``)."""

from __future__ import annotations

import json
import math
import random
from fractions import Fraction
from math import factorial
from pathlib import Path

import pytest

import pivotal
from pivotal.engines import ENGINES, Need
from pivotal.errors import PivotalError
from pivotal.organizations import loads

FIXTURE = Path(__file__).parent / "fixtures" / "eu_council_2025_enumeration.json"


@pytest.fixture(scope="module")
def enumerated() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def snapshot(enumerated: dict) -> pivotal.Snapshot:
    return pivotal.load("eu_council", at=enumerated["at"])


def test_fixture_is_for_the_bundled_data(enumerated: dict, snapshot: pivotal.Snapshot) -> None:
    """If this fails, the bundled populations changed: rerun scripts/eu_council_enumeration.py."""
    assert list(snapshot.member_ids) == enumerated["members"]
    populations = snapshot.attributes["population"]
    assert [int(populations[m]) for m in snapshot.member_ids] == enumerated["population"]


def test_dp_equals_enumeration_of_all_coalitions(
    enumerated: dict, snapshot: pivotal.Snapshot
) -> None:
    game = snapshot.game(body="council", matter="qmv")
    assert game.n == 27
    needs = frozenset({Need.SWINGS, Need.WINNING})
    assert ENGINES["dp"].supports(game, needs).ok
    stats = ENGINES["dp"].statistics(game, needs)
    assert stats.winning_count == enumerated["winning_coalitions"]
    assert [list(row) for row in stats.swings_by_size] == enumerated["swings_by_size"]


def test_approximate_published_values(enumerated: dict, snapshot: pivotal.Snapshot) -> None:
    """FACTS.md §3 (derived from the same rounded shares): DE SS ≈ 0.1756, Bz ≈ 0.1204;
    MT SS ≈ 0.0086, Bz ≈ 0.0173. Recomputed here from the enumerated swings."""
    n = 27
    swings = enumerated["swings_by_size"]
    members = enumerated["members"]
    shapley = [
        sum(
            Fraction(c * factorial(k) * factorial(n - k - 1), factorial(n))
            for k, c in enumerate(row)
        )
        for row in swings
    ]
    total = sum(sum(row) for row in swings)
    banzhaf = [Fraction(sum(row), total) for row in swings]
    assert sum(shapley) == 1
    de, mt = members.index("DEU"), members.index("MLT")
    assert abs(float(shapley[de]) - 0.1756) < 5e-4 and abs(float(banzhaf[de]) - 0.1204) < 5e-4
    assert abs(float(shapley[mt]) - 0.0086) < 5e-4 and abs(float(banzhaf[mt]) - 0.0173) < 5e-4
    result = pivotal.power(snapshot.game(body="council", matter="qmv"), indices="ss,banzhaf")
    assert list(result.indices["shapley_shubik"]) == shapley
    assert list(result.indices["banzhaf"]) == banzhaf


# ----------------------------------------------------------------- the weightings of 1973-2014
# The CVCE table "Evolution of qualified majority voting in the Council" (the file's source
# cvce_qmv_table), as printed on its stored copy, column by column: weights, total, qualified
# majority, blocking minority, and the minimum numbers of states for a majority (the first
# figure where the table gives "8 or 10" and the like: on a Commission proposal) and for a
# blocking minority. The EU-28 column is the Act of Accession of Croatia, Art. 20 (EUR-Lex):
# the same weights plus Croatia 7, 260 of 352 votes and a majority of the members.
CVCE_COLUMNS = ("1973", "1981", "1986", "1995", "2004a", "2004b", "2007")
CVCE_WEIGHTS = {
    "BEL": (5, 5, 5, 5, 5, 12, 12),
    "NLD": (5, 5, 5, 5, 5, 13, 13),
    "LUX": (2, 2, 2, 2, 2, 4, 4),
    "FRA": (10, 10, 10, 10, 10, 29, 29),
    "DEU": (10, 10, 10, 10, 10, 29, 29),
    "ITA": (10, 10, 10, 10, 10, 29, 29),
    "GBR": (10, 10, 10, 10, 10, 29, 29),
    "DNK": (3, 3, 3, 3, 3, 7, 7),
    "IRL": (3, 3, 3, 3, 3, 7, 7),
    "GRC": (None, 5, 5, 5, 5, 12, 12),
    "ESP": (None, None, 8, 8, 8, 27, 27),
    "PRT": (None, None, 5, 5, 5, 12, 12),
    "SWE": (None, None, None, 4, 4, 10, 10),
    "FIN": (None, None, None, 3, 3, 7, 7),
    "AUT": (None, None, None, 4, 4, 10, 10),
    "POL": (None, None, None, None, 8, 27, 27),
    "ROU": (None, None, None, None, None, None, 14),
    "HUN": (None, None, None, None, 5, 12, 12),
    "CZE": (None, None, None, None, 5, 12, 12),
    "BGR": (None, None, None, None, None, None, 10),
    "LTU": (None, None, None, None, 3, 7, 7),
    "SVK": (None, None, None, None, 3, 7, 7),
    "CYP": (None, None, None, None, 2, 4, 4),
    "EST": (None, None, None, None, 3, 4, 4),
    "LVA": (None, None, None, None, 3, 4, 4),
    "SVN": (None, None, None, None, 3, 4, 4),
    "MLT": (None, None, None, None, 2, 3, 3),
}
#: column -> (a day inside its period, states, total, qualified majority, member floor on a
#: Commission proposal, blocking minority, min states for a majority, min states to block)
CVCE_ROWS = {
    "1973": ("1975-06-01", 9, 58, 41, 0, 18, 5, 2),
    "1981": ("1983-06-01", 10, 63, 45, 0, 19, 5, 2),
    # The table prints 6 states for a majority in 1986; the weights cannot give it: the six
    # heaviest hold 4 x 10 + 8 + 5 = 53 < 54 votes, so seven are needed (a slip in the table).
    "1986": ("1990-06-01", 12, 76, 54, 0, 23, 7, 3),
    "1995": ("2000-06-01", 15, 87, 62, 0, 26, 8, 3),
    "2004a": ("2004-07-01", 25, 124, 88, 0, 37, 13, 4),
    "2004b": ("2005-06-01", 25, 321, 232, 13, 90, 13, 4),
    "2007": ("2010-06-01", 27, 345, 255, 14, 91, 14, 4),
    "2013": ("2014-01-01", 28, 352, 260, 15, 93, None, None),
}


def cvce_weights(column: str) -> dict[str, int]:
    if column == "2013":
        return {**cvce_weights("2007"), "HRV": 7}
    i = CVCE_COLUMNS.index(column)
    return {m: w[i] for m, w in CVCE_WEIGHTS.items() if w[i] is not None}


def fewest_to_reach(weights: list[int], target: int, floor: int = 0) -> int:
    """The fewest members whose weights sum to ``target`` or more (and number ``floor``)."""
    ranked = sorted(weights, reverse=True)
    return next(k for k in range(1, len(ranked) + 1) if sum(ranked[:k]) >= target and k >= floor)


def eu() -> pivotal.Organization:
    return pivotal.load_organization("eu_council")


@pytest.mark.parametrize("column", list(CVCE_ROWS))
def test_qmv_in_force_is_the_cvce_weighting(column: str) -> None:
    day, states, total, quota, floor, blocking, min_majority, min_blocking = CVCE_ROWS[column]
    snap = eu().snapshot(day)
    weights = cvce_weights(column)
    assert sorted(snap.member_ids) == sorted(weights) and len(weights) == states
    assert snap.attributes["votes"] == weights
    assert sum(weights.values()) == total and total - quota + 1 == blocking
    game = snap.game(body="council", matter="qmv")
    assert game.players == snap.member_ids
    if floor == 0:  # one weighted criterion: [quota; weights]
        assert isinstance(game, pivotal.WeightedGame)
        assert (game.quota, game.weights) == (quota, tuple(weights[m] for m in game.players))
    rng = random.Random(column)
    coalitions = [rng.sample(game.players, rng.randint(0, states)) for _ in range(3000)]
    if states <= 15:
        coalitions = [
            [p for i, p in enumerate(game.players) if mask >> i & 1] for mask in range(2**states)
        ]
    for coalition in coalitions:
        expected = sum(weights[m] for m in coalition) >= quota and len(coalition) >= floor
        assert game.is_winning(coalition) is expected, coalition
    if min_majority is not None:  # the table's derived rows, from the weights
        assert fewest_to_reach(list(weights.values()), quota, floor) == min_majority
        assert fewest_to_reach(list(weights.values()), blocking) == min_blocking
        # ... and from the game: the heaviest min_blocking members block, one fewer cannot.
        ranked = sorted(game.players, key=lambda m: -weights[m])
        assert not game.is_winning(ranked[min_blocking:])
        assert game.is_winning(ranked[min_blocking - 1 :])


def test_the_brief_example_2000() -> None:
    game = eu().snapshot("2000-06-01").game(body="council", matter="qmv")
    assert isinstance(game, pivotal.WeightedGame) and game.quota == 62
    assert sorted(game.weights, reverse=True) == [10, 10, 10, 10, 8, 5, 5, 5, 5, 4, 4, 3, 3, 3, 2]


@pytest.mark.parametrize(
    ("day", "quota", "floor"),
    [
        ("2000-06-01", 62, 10),
        ("2004-07-01", 88, 17),
        ("2005-06-01", 232, 17),
        ("2010-06-01", 255, 18),
        ("2014-01-01", 260, 19),
    ],
)
def test_qmv_not_on_a_commission_proposal(day: str, quota: int, floor: int) -> None:
    snap = eu().snapshot(day)
    votes = snap.attributes["votes"]
    game = snap.game(body="council", matter="qmv_reinforced")
    # Two thirds of the members from 2004, rounded up (CVCE: "13 or 17", "14 ou 18").
    if day >= "2004":
        assert floor == math.ceil(Fraction(2, 3) * len(votes))
    rng = random.Random(day)
    for _ in range(2000):
        coalition = rng.sample(game.players, rng.randint(0, len(game.players)))
        expected = sum(votes[m] for m in coalition) >= quota and len(coalition) >= floor
        assert game.is_winning(coalition) is expected


LISBON = "members >= 55% and at least 15 members and population >= 65% or against <= 3"


def test_rule_for_each_day_follows_the_periods() -> None:
    org = eu()
    texts = {
        "1972-12-31": None,  # the EEC Council of 1958 is the body eec_council
        "1973-01-01": "votes >= 41",
        "2004-04-30": "votes >= 62",
        "2004-05-01": "votes >= 88",
        "2004-10-31": "votes >= 88",
        "2004-11-01": "votes >= 232 and at least 13 members",
        "2013-06-30": "votes >= 255 and at least 14 members",
        "2013-07-01": "votes >= 260 and at least 15 members",
        "2014-10-31": "votes >= 260 and at least 15 members",
        "2014-11-01": LISBON,
    }
    for day, text in texts.items():
        snap = org.snapshot(day)
        if text is None:
            with pytest.raises(PivotalError, match="1973-01-01"):
                snap.rule_for("council", "qmv")
        else:
            assert snap.rule_for("council", "qmv").text == text, day
    assert "votes" not in org.snapshot("2014-11-01").attributes  # the weights end 2014-10-31
    assert len(org.snapshot("2014-10-31").attributes["votes"]) == 28


def test_lisbon_compiles_for_2016_with_the_united_kingdom() -> None:
    snap = eu().snapshot("2016-06-01")
    shares = snap.attributes["population"]
    assert len(shares) == 28 == len(snap.member_ids) and "GBR" in shares
    # Agence Europe 2016 (the research notes): DEU 15.93%, GBR 12.73%, MLT 0.08%; sum 100.01.
    assert (shares["DEU"], shares["GBR"], shares["MLT"]) == (1593, 1273, 8)
    assert sum(shares.values()) == 10001
    game = snap.game(body="council", matter="qmv")
    total = sum(shares.values())
    rng = random.Random(2016)
    for _ in range(3000):
        coalition = rng.sample(game.players, rng.randint(0, 28))
        k = len(coalition)
        population = sum(shares[m] for m in coalition)
        expected = (k >= 16 and 100 * population >= 65 * total) or 28 - k <= 3
        assert game.is_winning(coalition) is expected
    # Before and after 2016 there are no figures until 2025: the rule says what is missing.
    for day in ("2015-06-01", "2017-01-01", "2024-12-31"):
        with pytest.raises(PivotalError, match="population"):
            eu().snapshot(day).game(body="council", matter="qmv")


def test_nice_population_check_2006() -> None:
    snap = eu().snapshot("2006-06-01")
    figures = snap.attributes["population"]
    assert len(figures) == 25 and figures["DEU"] == 82500.8  # thousands, dirittoue.info
    total = sum(Fraction(str(v)) for v in figures.values())
    # The source: total 461,324.0 thousand, threshold 286,020.9 thousand = 62% of it, rounded.
    assert abs(total - Fraction("461324.0")) <= Fraction("0.1")
    assert round(Fraction(62, 100) * Fraction("461324.0"), 1) == Fraction("286020.9")
    votes = snap.attributes["votes"]
    check = snap.game(body="council", matter="qmv_population_check")
    plain = snap.game(body="council", matter="qmv")
    rng = random.Random(2006)
    for _ in range(4000):
        coalition = rng.sample(check.players, rng.randint(10, 25))
        by_votes = sum(votes[m] for m in coalition) >= 232 and len(coalition) >= 13
        by_people = sum(Fraction(str(figures[m])) for m in coalition) >= Fraction(62, 100) * total
        assert check.is_winning(coalition) is (by_votes and by_people)
        assert plain.is_winning(coalition) is by_votes
    # Where the check bites: without Germany, France and the United Kingdom the other 22 hold
    # 234 of 321 votes but 55.6% of the population.
    rest = [m for m in check.players if m not in ("DEU", "FRA", "GBR")]
    assert sum(votes[m] for m in rest) == 234
    share = sum(Fraction(str(figures[m])) for m in rest) / total
    assert Fraction(55, 100) < share < Fraction(56, 100)
    assert plain.is_winning(rest) and not check.is_winning(rest)
    with pytest.raises(PivotalError, match="population"):
        eu().snapshot("2005-06-01").game(body="council", matter="qmv_population_check")


# --------------------------------------------------------------- dated values that lapse (to:)
ORG_WITH_LAPSING_VALUE = """
format: 2
id: lapse
name: A value that lapses
members:
  - id: A
    name: A
    memberships: [{joined: 2000-01-01, status: verified, sources: [k]}]
    attributes:
      population:
        - {value: 10, from: 2006-01-01, to: 2007-01-01, status: verified, sources: [k]}
        - {value: 30, from: 2016-01-01, status: verified, sources: [k]}
  - id: B
    name: B
    memberships: [{joined: 2000-01-01, status: verified, sources: [k]}]
    attributes:
      population:
        - {value: 20, from: 2006-01-01, to: 2007-01-01, status: verified, sources: [k]}
        - {value: 40, from: 2016-01-01, status: verified, sources: [k]}
sources:
  k: a source
"""


def test_a_dated_value_lapses_on_its_to_day() -> None:
    org = loads(ORG_WITH_LAPSING_VALUE)
    a = org.member("A")
    assert a.attribute_at("population", "2005-12-31") is None
    assert a.attribute_at("population", "2006-12-31").value == 10
    assert a.attribute_at("population", "2007-01-01") is None  # half-open: 'to' is excluded
    assert a.attribute_at("population", "2016-01-01").value == 30
    assert a.attributes["population"][0].describe() == "10 from 2006-01-01 until 2007-01-01"
    assert org.snapshot("2010-06-01").attributes == {}
    assert org.snapshot("2006-06-01").attributes == {"population": {"A": 10, "B": 20}}
    game = org.snapshot("2006-06-01").game("population >= 60%")
    assert not game.is_winning(["A"]) and game.is_winning(["B"])


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ("to: 2007-01-01, status: verified, sources: [k]}\n        - {value: 30, from: 2016",
         "to: 2017-01-01, status: verified, sources: [k]}\n        - {value: 30, from: 2016",
         "on or after the previous entry's to"),
        ("{value: 10, from: 2006-01-01, to: 2007-01-01",
         "{value: 10, from: 2006-01-01, to: 2005-01-01", "a date after from"),
        ("{value: 10, from: 2006-01-01, to: 2007-01-01",
         "{value: 10, from: 2006-01-01, until: 2007-01-01", "until"),
    ],
)  # fmt: skip
def test_a_bad_to_is_an_error(old: str, new: str, needle: str) -> None:
    assert old in ORG_WITH_LAPSING_VALUE
    with pytest.raises(PivotalError, match=needle):
        loads(ORG_WITH_LAPSING_VALUE.replace(old, new, 1))
