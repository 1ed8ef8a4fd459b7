"""Published and hand-derived values of real voting bodies (tests/fixtures/literature.yaml).

Each case gives a weighted game, exact index values per player label, Coleman's power to act and
the sources. Every engine that can run the game must reproduce them exactly.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from pivotal import WeightedGame, power
from pivotal.engines import ENGINES, Need

FIXTURE = Path(__file__).parent / "fixtures" / "literature.yaml"
CASES = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))["cases"]
BY_ID = {case["id"]: case for case in CASES}

#: Fixture key -> pivotal index key.
KEYS = {
    "shapley_shubik": "shapley_shubik",
    "banzhaf_normalized": "banzhaf",
    "banzhaf_raw": "penrose",  # swings / 2^(n-1)
    "swings": "raw_banzhaf",
}


def build(case) -> tuple[WeightedGame, list[str]]:
    """The case's game, with player names made unique (label, or label + number when repeated)."""
    game = case["game"]
    labels = game["labels"]
    if len(set(labels)) == len(labels):
        names = list(labels)
    else:
        names = [f"{label}{k + 1}" for k, label in enumerate(labels)]
    return WeightedGame(game["weights"], game["quota"], names=names), labels


def engines_for(game) -> list[str]:
    names = [n for n in sorted(ENGINES) if ENGINES[n].supports(game, frozenset(Need)).ok]
    assert names
    return names


def test_fixture_has_the_expected_cases():
    assert set(BY_ID) == {
        "unsc_1965",
        "unsc_1946_1965",
        "eec_1958",
        "nassau_1958",
        "nassau_1964",
        "csto_consensus_7",
        "csto_majority_7",
        "csto_consensus_6",
        "csto_majority_6",
    }


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case_cites_sources(case):
    assert case["sources"] and all(isinstance(s, str) and s.strip() for s in case["sources"])
    assert case["description"].strip()
    assert set(case["exact_values_derived"]) == set(case["game"]["labels"])


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_exact_values(case):
    game, labels = build(case)
    for engine in engines_for(game):
        result = power(game, engine=engine)
        checked = 0
        for name, label in zip(game.players, labels, strict=True):
            for fixture_key, value in case["exact_values_derived"][label].items():
                if fixture_key.endswith("_float"):
                    key = KEYS[fixture_key.removesuffix("_float")]
                    assert float(result.value(key, name)) == pytest.approx(value, abs=1e-6)
                else:
                    key = KEYS[fixture_key]
                    assert result.value(key, name) == Fraction(str(value)), (engine, name, key)
                checked += 1
        assert checked >= 4 * game.n
        act = case["coleman_power_to_act"]
        assert result.coleman_act == Fraction(str(act["value"]))
        assert result.winning_count == act["winning_coalitions"]
        if "float" in act:
            assert float(result.coleman_act) == pytest.approx(act["float"], abs=1e-8)
        if "veto_players" in case:
            assert list(result.veto_players) == case["veto_players"]
        if "dummies" in case:
            assert list(result.dummies) == case["dummies"]


def test_unsc_since_1965_permanent_members_hold_over_98_percent():
    game, labels = build(BY_ID["unsc_1965"])
    result = power(game, ["shapley_shubik"])
    permanent = [n for n, label in zip(game.players, labels, strict=True) if label == "permanent"]
    total = sum(result.value("ss", n) for n in permanent)
    assert total == 5 * Fraction(421, 2145)
    assert total > Fraction(98, 100)
    assert set(result.veto_players) == set(permanent)  # one vote against is a veto


def test_unsc_1946_1965_big_five_hold_76_of_77():
    """Shapley & Shubik (1954): the five great powers hold 76/77 of the power."""
    game, labels = build(BY_ID["unsc_1946_1965"])
    result = power(game, ["shapley_shubik"])
    permanent = [n for n, label in zip(game.players, labels, strict=True) if label == "permanent"]
    elected = [n for n in game.players if n not in permanent]
    assert sum(result.value("ss", n) for n in permanent) == Fraction(76, 77)
    assert sum(result.value("ss", n) for n in elected) == Fraction(1, 77)


def test_eec_1958_luxembourg_powerless():
    game, _ = build(BY_ID["eec_1958"])
    result = power(game)
    assert result.dummies == ("LUX",)
    assert result.veto_players == ()
    assert [result.value("banzhaf", n) for n in game.players] == [
        Fraction(5, 21),
        Fraction(5, 21),
        Fraction(5, 21),
        Fraction(3, 21),
        Fraction(3, 21),
        0,
    ]
    for key, values in result.indices.items():
        assert values[game.players.index("LUX")] == 0, key
