"""The outcome analysis of a scenario: the CSTO 2012 numbers from first principles, the JSON
contract, and the models' agreement with the functions they are built from."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pivotal import PivotalError, WeightedGame, power
from pivotal.outcomes import analyze_outcomes, load_scenario, scenario
from pivotal.outcomes.spatial1d import line_outcome
from pivotal.power.owen import owen

CSTO = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB"]


@pytest.fixture(scope="module")
def csto():
    return analyze_outcomes(load_scenario("csto-2012"))


def test_csto_nato_partnership_is_gridlocked_under_consensus_and_moves_under_majority(csto):
    consensus = csto.rule("consensus").dimension("nato")
    majority = csto.rule("majority").dimension("nato")
    # Consensus: the status quo 25 lies between Belarus (21.6) and Armenia (53.9).
    assert consensus.line.core == (Fraction("21.6"), Fraction("53.9"))
    assert consensus.line.win_set is None and consensus.line.setter_outcome == 25
    # Majority of 7: the median (Tajikistan, 33.8) is the pivot both ways.
    assert majority.line.core == (Fraction("33.8"), Fraction("33.8"))
    assert majority.line.win_set == (25, Fraction("42.6"))
    assert majority.line.setter_outcome == Fraction("30.1")  # the chair, Kazakhstan, gets its ideal


def test_csto_cost_of_consent_and_belarus_share(csto):
    consensus = csto.rule("consensus").dimension("nato").consent
    majority = csto.rule("majority").dimension("nato").consent
    # Moving 25 -> 30.1: Belarus (21.6, salience 40) loses 40 * (8.5 - 3.4) = 204, Uzbekistan
    # (23.4, salience 50) loses 50 * (6.7 - 1.6) = 255; everybody else gains.
    assert consensus.paid == {"BLR": 204, "UZB": 255} and consensus.total == 459
    assert consensus.share("BLR") == Fraction(204, 459)
    assert majority.total == 0 and majority.paid == {}


def test_csto_regime_protection_passes_under_both_rules(csto):
    for rule in ("consensus", "majority"):
        d = csto.rule(rule).dimension("regime")
        assert d.line.setter_outcome == 75 and d.consent.total == 0
    assert csto.rule("consensus").dimension("regime").line.win_set == (50, Fraction("83.4"))
    assert csto.rule("consensus").dimension("regime").proposals == {"regime_protection": False}
    assert csto.rule("majority").dimension("regime").proposals == {"regime_protection": True}


def test_csto_outcome_does_not_move_with_russia(csto):
    for r in csto.rules:
        for d in r.dimensions:
            assert d.sensitivity["RUS"] == (0, 0)
    assert csto.rule("majority").dimension("nato").sensitivity["KAZ"] == (1, 1)


def test_csto_owen_values_with_the_union_state(csto):
    for r in csto.rules:
        expected = owen(r.game, [["RUS", "BLR"]])
        assert tuple(r.owen[m] for m in CSTO) == expected
        assert sum(r.owen.values()) == 1
    # Under consensus, a bloc of two among seven splits one vote of the quotient game.
    assert csto.rule("consensus").owen["RUS"] == Fraction(1, 12)


def test_csto_plane(csto):
    consensus = csto.rule("consensus")
    majority = csto.rule("majority")
    # Consensus: the core is the hull of all members; the status quo lies outside it, so a joint
    # move on both dimensions can pass although the NATO dimension alone is gridlocked.
    assert consensus.plane.core is not None and len(consensus.plane.core) >= 3
    assert consensus.plane.in_core is False and not consensus.plane.win_set.is_empty
    assert consensus.plane_proposals == {"nato_partnership": False, "regime_protection": False}
    assert majority.plane_proposals == {"nato_partnership": True, "regime_protection": True}


def test_capabilities_are_the_rules_power_indices(csto):
    s = csto.scenario
    for r in csto.rules:
        result = power(s.game(r.rule), indices=["shapley_shubik"])
        assert tuple(r.capabilities[m] for m in CSTO) == result.indices["shapley_shubik"]


def test_caveats_name_every_value_that_is_not_verified(csto):
    text = " ".join(csto.caveats)
    assert "proxies for Armenia 53.9" in text
    assert "saliences on Partnership with NATO are illustrative" in text
    assert "status quo on Partnership with NATO (25) is estimate" in text
    assert "'majority' ('majority') is partly verified" in text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_every_rule_outcome_equals_the_line_model(data):
    n = data.draw(st.integers(2, 6))
    names = [f"M{i}" for i in range(n)]
    positions = dict(
        zip(names, data.draw(st.lists(st.integers(0, 20), min_size=n, max_size=n)), strict=True)
    )
    y = data.draw(st.integers(0, 20))
    setter = data.draw(st.sampled_from(names))
    s = scenario(positions=positions, status_quo=y, rules=["consensus", "majority"], setter=setter)
    a = analyze_outcomes(s)
    for r, quota in zip(a.rules, [n, n // 2 + 1], strict=True):
        direct = line_outcome(WeightedGame([1] * n, quota, names=names), positions, y, setter)
        assert r.dimensions[0].line == direct


def test_inline_json_contract():
    s = scenario(
        positions={"A": 10, "B": 40, "C": 75},
        status_quo=60,
        rules=["consensus", "majority"],
        setter="B",
        proposals={"p": 30},
    )
    out = analyze_outcomes(s, proposal=30).to_dict(exact=True)
    json.dumps(out)
    assert out["members"] == ["A", "B", "C"] and out["status_quo"] == 60
    first = out["rules"][0]
    for key in (
        "rule",
        "core",
        "win_set",
        "pivots",
        "setter",
        "setter_outcome",
        "compromise",
        "nash",
        "cost_of_consent",
    ):
        assert key in first
    assert first["core"] == [10, 75] and first["win_set"] is None
    majority = out["rules"][1]
    assert majority["win_set"] == [20, 60] and majority["pivots"] == {"left": "B", "right": "B"}
    assert majority["cost_of_consent"]["proposal"] == 30
    assert majority["cost_of_consent"]["paid"] == {}
    assert majority["compromise"] == "125/3"
    floats = analyze_outcomes(s).to_dict(exact=False)
    assert floats["rules"][1]["compromise"] == pytest.approx(125 / 3)


def test_two_dimensional_json_has_dimensions_and_plane(csto):
    out = csto.to_dict(exact=True)
    json.dumps(out)
    assert out["status_quo"] == {"nato": 25, "regime": 50}
    rule = out["rules"][0]
    assert set(rule["dimensions"]) == {"nato", "regime"}
    assert rule["dimensions"]["nato"]["cost_of_consent"]["paid"] == {"BLR": 204, "UZB": 255}
    assert rule["plane"]["proposals"] == {"nato_partnership": False, "regime_protection": False}
    assert rule["owen"]["RUS"] == "1/12"


def test_frame_and_text(csto):
    frame = csto.to_frame(exact=False)
    assert frame.loc[("majority", "nato"), "setter_outcome"] == pytest.approx(30.1)
    text = csto.table(exact=False)
    assert "Belarus 204 (44.4%)" in text and "gridlock" in text


def test_errors():
    s = scenario(positions={"A": 10, "B": 40}, status_quo=0)
    with pytest.raises(PivotalError) as err:
        analyze_outcomes(s, capability="wealth")
    assert "shapley_shubik" in err.value.allowed
    with pytest.raises(PivotalError) as err:
        analyze_outcomes(s, rules=[""])
    assert err.value.parameter == "rules"
    with pytest.raises(PivotalError):
        analyze_outcomes(load_scenario("csto-2012"), proposal=30)
    with pytest.raises(PivotalError):
        analyze_outcomes("csto-2012")  # type: ignore[arg-type]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(CSTO), st.sampled_from(["nato", "regime"]), st.integers(0, 100)),
        min_size=1,
        max_size=4,
    )
)
def test_kept_results_of_an_unchanged_dimension_equal_a_fresh_analysis(moves):
    """Members move one after another, as on the web page; each analysis (which reuses what an
    unchanged dimension gave before) equals one computed with nothing kept."""
    import dataclasses

    from pivotal.outcomes import analysis

    base = load_scenario("csto-2012")
    s = base
    for member, dim, value in moves:
        positions = {a: dict(v) for a, v in s.positions.items()}
        positions[member][dim] = dataclasses.replace(positions[member][dim], value=Fraction(value))
        s = dataclasses.replace(s, positions=positions)
        reused = analyze_outcomes(s).to_dict()
        with analysis._MEMO_LOCK:
            kept = dict(analysis._MEMO)
            analysis._MEMO.clear()
        try:
            fresh = analyze_outcomes(s).to_dict()
        finally:
            with analysis._MEMO_LOCK:
                analysis._MEMO.update(kept)
        assert reused == fresh
