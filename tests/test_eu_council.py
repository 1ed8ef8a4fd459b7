"""The EU Council's qualified majority, counted by the DP engine, equals an enumeration of all
2^27 coalitions (precomputed by scripts/eu_council_enumeration.py, which writes the rule out by
hand from TEU Art. 16(4)); and the published approximate values hold."""

from __future__ import annotations

import json
from fractions import Fraction
from math import factorial
from pathlib import Path

import pytest

import pivotal
from pivotal.engines import ENGINES, Need

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
