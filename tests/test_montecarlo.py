"""Monte Carlo estimates (pivotal.engines.montecarlo): intervals that cover the exact values at the
stated rate, agreement with the exact engines, both samplers agreeing, exact winning tests with
weights past 2^63, parameter errors, and the CLI contract (--engine montecarlo, @FILE, JSON)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from typer.testing import CliRunner

import pivotal
from pivotal.cli import app
from pivotal.engines import montecarlo as mc
from pivotal.errors import PivotalError
from pivotal.games import MultiWeightedGame, WeightedGame
from pivotal.power import ApproximatePowerResult
from strategies import any_games, weighted_games

ROOT = Path(__file__).resolve().parent.parent
JSON_DOC = ROOT / "docs" / "json.md"
KEYS = ["banzhaf", "penrose", "shapley_shubik", "coleman_prevent", "coleman_initiate"]
EEC = ["power", "--weights", "4,4,4,2,2,1", "--quota", "12", "--names", "FR,DE,IT,BE,NL,LU"]


def exact_values(game, keys=KEYS) -> dict[str, np.ndarray]:
    """Exact indices from the exact engines (enumeration or dp), as floats."""
    result = pivotal.power(game, indices=keys)
    return {k: np.array([float(v) for v in result.indices[k]]) for k in keys}


def covered(est: mc.Estimate, exact: dict[str, np.ndarray], key: str) -> np.ndarray:
    bounds = np.array(est.intervals[key])
    slack = 1e-12  # values equal to an exact bound (zero-width intervals) count as covered
    return (bounds[:, 0] - slack <= exact[key]) & (exact[key] <= bounds[:, 1] + slack)


# ------------------------------------------------------------------------- coverage over seeds
COVERAGE_GAMES = {
    "weighted n=7": WeightedGame([5, 4, 3, 2, 2, 1, 1], 10),
    "EU-like two criteria": MultiWeightedGame([([1] * 6, 4), ([30, 25, 20, 12, 8, 5], 65)]),
}


@pytest.mark.parametrize(
    ("name", "sampler", "heavy"),
    [
        ("weighted n=7", "generic", 10),
        ("weighted n=7", "weighted", 2),
        ("weighted n=7", "weighted", 0),
        ("EU-like two criteria", "generic", 10),
    ],
)
def test_intervals_cover_the_exact_values_at_about_the_stated_rate(name, sampler, heavy):
    """Over 200 seeds x players, the 95% intervals hold the exact value 90-99% of the time, for
    each index (the values of one seed are correlated, so the band is wide)."""
    game = COVERAGE_GAMES[name]
    exact = exact_values(game)
    hits = {k: 0 for k in KEYS}
    total = 0
    for seed in range(200):
        est = mc.estimate(game, KEYS, samples=600, seed=seed, sampler=sampler, heavy=heavy)
        for k in KEYS:
            hits[k] += int(covered(est, exact, k).sum())
        total += game.n
    rates = {k: hits[k] / total for k in KEYS}
    for k, rate in rates.items():
        assert 0.90 <= rate <= 0.99, (k, rates)


def test_the_weighted_sampler_is_exact_when_every_player_is_enumerated():
    """With all players among the heavy ones, each sample averages over every coalition: the
    Banzhaf family comes out exact, with intervals of width 0."""
    game = WeightedGame([4, 4, 4, 2, 2, 1], 12)
    exact = exact_values(game)
    est = mc.estimate(game, KEYS, samples=50, sampler="weighted")
    for k in ("banzhaf", "penrose", "coleman_prevent", "coleman_initiate"):
        assert np.allclose(est.values[k], exact[k], atol=1e-12)
        assert all(hi - lo < 1e-12 for lo, hi in est.intervals[k])
    assert est.coleman_act == pytest.approx(7 / 32)


# ------------------------------------------------------------------ agreement on random games
def _within(est: mc.Estimate, exact: dict[str, np.ndarray], keys) -> None:
    """Each estimate within three half-widths of the exact value (about 6 standard errors, so a
    failure means a bug, not bad luck), plus a small absolute slack for zero-width intervals."""
    for k in keys:
        bounds = np.array(est.intervals[k])
        half = (bounds[:, 1] - bounds[:, 0]) / 2
        gap = np.abs(np.array(est.values[k]) - exact[k])
        assert np.all(gap <= 3 * half + 1e-9), (k, est.values[k], exact[k], half)
        assert np.all(bounds[:, 0] <= np.array(est.values[k]) + 1e-12)
        assert np.all(np.array(est.values[k]) <= bounds[:, 1] + 1e-12)


@settings(max_examples=40)
@given(game=any_games(max_n=7))
def test_estimates_agree_with_the_exact_engines_on_random_games(game):
    exact = exact_values(game)
    est = mc.estimate(game, KEYS, samples=800, seed=3)
    _within(est, exact, KEYS)
    assert est.coleman_act_interval[0] - 1e-12 <= est.coleman_act
    assert est.coleman_act <= est.coleman_act_interval[1] + 1e-12


@settings(max_examples=40)
@given(game=weighted_games(max_n=9))
def test_generic_and_weighted_samplers_agree_on_weighted_games(game):
    """Both samplers estimate the same values: each within three half-widths of the other's
    exact counterpart, and their estimates within the sum of the two (scaled) half-widths."""
    exact = exact_values(game)
    fast = mc.estimate(game, KEYS, samples=800, seed=5, sampler="weighted", heavy=3)
    generic = mc.estimate(game, KEYS, samples=800, seed=5, sampler="generic")
    _within(fast, exact, KEYS)
    _within(generic, exact, KEYS)
    for k in KEYS:
        a, b = np.array(fast.intervals[k]), np.array(generic.intervals[k])
        spread = 3 * ((a[:, 1] - a[:, 0]) + (b[:, 1] - b[:, 0])) / 2 + 1e-9
        assert np.all(np.abs(np.array(fast.values[k]) - np.array(generic.values[k])) <= spread)


def test_raw_banzhaf_is_penrose_times_two_to_the_n_minus_one():
    game = WeightedGame([3, 2, 2, 1], 5)
    est = mc.estimate(game, ["raw_banzhaf", "penrose"], samples=500, sampler="generic")
    assert np.allclose(np.array(est.values["penrose"]) * 8, est.values["raw_banzhaf"])


def test_veto_players_are_exact():
    game = WeightedGame([5, 1, 1, 1], 7)  # P1 is in every winning coalition
    assert mc.estimate(game, ["banzhaf"], samples=10).veto_players == ("P1",)
    both = MultiWeightedGame([([1, 1, 1], 3), ([2, 1, 1], 2)])  # unanimity: everyone vetoes
    assert mc.estimate(both, ["banzhaf"], samples=10).veto_players == ("P1", "P2", "P3")


def test_precision_mode_reaches_the_target_and_reports_it():
    game = WeightedGame([5, 4, 3, 2, 2, 1, 1], 10)
    est = mc.estimate(game, ["shapley_shubik", "banzhaf"], precision=0.02, sampler="generic")
    assert not est.capped and est.error <= 0.02
    capped = mc.estimate(game, ["shapley_shubik"], precision=0.001, max_samples=2000)
    assert capped.capped and capped.samples == {"shapley_shubik": 2000} and capped.error > 0.001


def test_same_seed_same_estimates_other_seed_other_estimates():
    game = WeightedGame([5, 4, 3, 2, 2, 1, 1], 10)
    a = mc.estimate(game, ["shapley_shubik"], samples=300, seed=7)
    b = mc.estimate(game, ["shapley_shubik"], samples=300, seed=7)
    c = mc.estimate(game, ["shapley_shubik"], samples=300, seed=8)
    assert a.values == b.values and a.values != c.values


# ------------------------------------------------------------ large weights: exact winning test
def test_the_weighted_sampler_decides_wins_exactly_past_two_to_the_63():
    """The int64 limb arithmetic against Python integers, for coalitions whose totals reach
    10^23, including ones that miss or reach the quota by exactly one."""
    rng = random.Random(11)
    weights = [rng.randint(1, 10**18) for _ in range(40_000)]
    total = sum(weights)
    quota = total // 2 + 1
    sampler = mc._Weighted(WeightedGame(weights, quota), shapley=False, heavy=0)
    light = [int(w) for w in sampler.w_light]
    bits = np.random.default_rng(2).random((6, len(light))) < 0.5
    sums = [sum(w for w, b in zip(light, row, strict=True) if b) for row in bits]
    # Move the quota to sit right at (or one beside) some sampled totals; both the float32 sums
    # of 7-bit limbs and the float64 sums of 31-bit halves (games past 132,104 light players).
    for offset, halves in ((-1, False), (0, False), (1, False), (0, True), (1, True)):
        if halves:
            sampler.limbs7 = None
        sampler.q_hi = (sums[0] + offset) >> 31
        sampler.q_lo = (sums[0] + offset) & ((1 << 31) - 1)
        base = sampler._base(bits)
        for got, s in zip(base, sums, strict=True):
            d = s - (sums[0] + offset)
            clipped = max(-(1 << 62), min(1 << 62, d))
            assert (got >= 0) == (d >= 0)
            if abs(d) < 1 << 61:
                assert int(got) == d
            else:
                assert abs(int(got)) >= 1 << 61 and np.sign(got) == np.sign(clipped)


def test_a_token_balance_game_of_100000_players_runs():
    """The benchmark game (weights up to 10^18, total past 2^63), with a small sample count: every
    interval holds its estimate, and the biggest holder has power."""
    game = mc.token_balance_game(100_000)
    assert game.total_weight > 2**63 and max(game.weights) == 10**18
    result = pivotal.power(
        game, indices=["banzhaf", "shapley_shubik"], engine="montecarlo", samples=60
    )
    assert isinstance(result, ApproximatePowerResult)
    top = int(np.argmax(game.weights))
    for k in ("banzhaf", "shapley_shubik"):
        values = np.array(result.indices[k])
        bounds = np.array(result.intervals[k])
        assert values.shape == (100_000,)
        assert np.all(bounds[:, 0] <= values + 1e-12) and np.all(values <= bounds[:, 1] + 1e-12)
        assert values[top] > 0
    assert result.samples == {"banzhaf": 60, "shapley_shubik": 60}


# ----------------------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"samples": 0}, "samples"),
        ({"samples": 2.5}, "samples"),
        ({"samples": True}, "samples"),
        ({"precision": 0}, "precision"),
        ({"precision": 0.7}, "precision"),
        ({"precision": "0.01"}, "precision"),
        ({"samples": 10, "precision": 0.01}, "samples"),
        ({"seed": -1}, "seed"),
        ({"seed": 1.5}, "seed"),
        ({"max_samples": 0}, "max_samples"),
    ],
)
def test_bad_parameters_are_pivotal_errors(kwargs, parameter):
    with pytest.raises(PivotalError) as err:
        mc.check_parameters(**kwargs)
    assert err.value.parameter == parameter
    assert err.value.fix


def test_power_refuses_what_sampling_cannot_do():
    game = WeightedGame([4, 4, 4, 2, 2, 1], 12)
    with pytest.raises(PivotalError, match="deegan_packel, holler") as err:
        pivotal.power(game, indices="dp,holler,ss", engine="montecarlo")
    assert "banzhaf, penrose, shapley_shubik" in err.value.allowed
    with pytest.raises(PivotalError, match="unions"):
        pivotal.power(game, indices="ss", engine="montecarlo", unions=[["P4", "P5"]])
    with pytest.raises(PivotalError, match="engine='montecarlo'"):
        pivotal.power(game, samples=100)
    with pytest.raises(PivotalError, match="penrose instead"):
        mc.estimate(WeightedGame([1] * 1001, 501), ["raw_banzhaf"], samples=1)


def test_power_montecarlo_defaults_to_every_index_it_can_estimate():
    result = pivotal.power(WeightedGame([4, 4, 4, 2, 2, 1], 12), engine="montecarlo", samples=50)
    assert list(result.indices) == list(mc.MC_INDICES)
    assert result.exact is False and result.seed == 1 and result.method == "montecarlo"


# ----------------------------------------------------------------------------- the CLI contract
def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def test_cli_json_of_a_monte_carlo_run_has_intervals_samples_and_seed():
    out = invoke(*EEC, "--engine", "montecarlo", "--samples", "500", "--seed", "3", "-f", "json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["exact"] is False and data["engine"] == "montecarlo" and data["seed"] == 3
    assert data["samples"] == {"banzhaf": 500, "shapley_shubik": 500}
    assert list(data["intervals"]) == list(data["indices"]) == list(mc.MC_INDICES)
    for key, bounds in data["intervals"].items():
        assert len(bounds) == 6
        for (lo, hi), v in zip(bounds, data["indices"][key], strict=True):
            assert lo <= v <= hi
    doc = JSON_DOC.read_text(encoding="utf-8")
    for key in data:
        assert f"`{key}`" in doc, f"key {key!r} is not documented in docs/json.md"
    precise = json.loads(
        invoke(
            *EEC, "--engine", "montecarlo", "--precision", "0.05", "-f", "json", "-i", "ss"
        ).stdout
    )
    assert precise["precision"] == 0.05 and precise["precision_reached"] is True
    assert all(f"`{key}`" in doc for key in precise)


def test_cli_table_and_markdown_say_approximate():
    table = invoke(*EEC, "--engine", "montecarlo", "--samples", "200", "-i", "ss")
    assert table.exit_code == 0 and "approximate: Monte Carlo" in table.stdout
    assert "95% interval" in table.stdout
    markdown = invoke(*EEC, "--engine", "montecarlo", "--samples", "200", "-f", "markdown")
    assert "shapley_shubik_lo" in markdown.stdout and "approximate" in markdown.stdout


def test_cli_analyze_takes_the_monte_carlo_options():
    out = invoke(
        "analyze", "csto", "--at", "2012-05-15", "--rule", "majority", "--engine", "montecarlo",
        "--samples", "300", "-i", "ss", "-f", "json",
    )  # fmt: skip
    assert out.exit_code == 0, out.output
    rule = json.loads(out.stdout)["rules"][0]
    assert (
        rule["samples"] == {"shapley_shubik": 300} and len(rule["intervals"]["shapley_shubik"]) == 7
    )


def test_cli_compare_refuses_monte_carlo():
    out = invoke("compare", "csto", "--rule", "consensus", "--rule", "majority", "--engine",
                 "montecarlo")  # fmt: skip
    assert out.exit_code == 2 and "exact engine for a comparison" in out.stderr


def test_cli_weights_and_names_from_files(tmp_path):
    weights = tmp_path / "w.txt"
    weights.write_text("4, 4 4\n\n2\n2,1\n", encoding="utf-8")
    names = tmp_path / "n.txt"
    names.write_text("FR DE IT\nBE,NL,LU\n", encoding="utf-8")
    from_file = invoke("power", "--weights", f"@{weights}", "--quota", "12", "--names",
                       f"@{names}", "--exact", "-f", "json")  # fmt: skip
    inline = invoke(*EEC, "--exact", "-f", "json")
    assert from_file.exit_code == 0, from_file.output
    assert json.loads(from_file.stdout) == json.loads(inline.stdout)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("4,4\n4,,2\n", ":2: expected items separated by one comma"),
        ("4 4\nfour\n", ":2: expected a number"),
        ("", "at least one item"),
        ("\n \n", "at least one item"),
    ],
)
def test_cli_bad_weight_files_name_the_file_and_line(tmp_path, content, message):
    path = tmp_path / "w.txt"
    path.write_text(content, encoding="utf-8")
    out = invoke("power", "--weights", f"@{path}", "--quota", "3")
    assert out.exit_code == 2
    assert message in out.stderr and "w.txt" in out.stderr


def test_cli_missing_weight_file(tmp_path):
    out = invoke("power", "--weights", f"@{tmp_path / 'none.txt'}", "--quota", "3")
    assert out.exit_code == 2 and "readable UTF-8 text file" in out.stderr
    assert "none.txt" in out.stderr


def test_exact_engines_refuse_games_past_their_size_and_name_monte_carlo():
    game = WeightedGame([1] * 10_001, 5001)
    with pytest.raises(PivotalError, match="engine='montecarlo'") as err:
        pivotal.power(game, indices="banzhaf")
    assert err.value.parameter == "game"
    out = invoke("power", "--weights", ",".join(["1"] * 10_001), "--quota", "5001")
    assert out.exit_code == 2 and "--engine montecarlo" in out.stderr
