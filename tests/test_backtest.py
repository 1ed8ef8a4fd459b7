"""``pivotal backtest deu``: every outcome model scored against the 351 adopted DEU outcomes.

Checked independently of the code under test:

* the published baselines (compromise 23.0, plain mean 23.6, constant 50 28.0, median actor
  28.4 mean absolute error on 351 issues; pivotal/datasets/data/README.md);
* each model's prediction for a few issues, recomputed here from the raw row of ``deu()`` with the
  Council's weighted votes typed in from the CVCE table, Shapley-Shubik and Banzhaf indices
  counted over all 2^15 coalitions, the setter's outcome by scanning proposals, and the Nash
  solution by a grid search of the log-product;
* the exact CRPS of a discrete distribution against the integral of its definition, and the
  Parliament's veto (an AndGame with an added player) against a brute-force scan, on random small
  cases (hypothesis);
* properties every prediction must have (the compromise inside the positions, the setter's outcome
  between the status quo and the Commission's position, ...), on all issues;
* the JSON contract and the CLI's errors.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import Counter
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pivotal import PivotalError, WeightedGame
from pivotal.cli import app
from pivotal.datasets import DEU_ACTORS, DEU_STATES, deu
from pivotal.games import AndGame
from pivotal.organizations import load_organization
from pivotal.outcomes.backtest import (
    MODELS,
    backtest,
    backtest_deu,
    crps_discrete,
    with_extra_player,
)
from pivotal.outcomes.spatial1d import line_outcome
from strategies import any_games, weighted_games

JSON_DOC = Path(__file__).resolve().parent.parent / "docs" / "json.md"

#: Weighted votes in the Council, typed in from the CVCE table "Evolution of qualified majority
#: voting in the Council" (EU-15 from 1995; Nice EU-25 from 2004-11-01; EU-27 from 2007).
EU15_VOTES = {"BEL": 5, "DEU": 10, "FRA": 10, "ITA": 10, "LUX": 2, "NLD": 5, "DNK": 3, "IRL": 3,
              "GBR": 10, "GRC": 5, "ESP": 8, "PRT": 5, "AUT": 4, "FIN": 3, "SWE": 4}  # fmt: skip
NICE25_VOTES = {"DEU": 29, "FRA": 29, "ITA": 29, "GBR": 29, "ESP": 27, "POL": 27, "NLD": 13,
                "BEL": 12, "CZE": 12, "GRC": 12, "HUN": 12, "PRT": 12, "AUT": 10, "SWE": 10,
                "DNK": 7, "FIN": 7, "IRL": 7, "LTU": 7, "SVK": 7, "CYP": 4, "EST": 4, "LVA": 4,
                "LUX": 4, "SVN": 4, "MLT": 3}  # fmt: skip
NICE27_VOTES = {**NICE25_VOTES, "ROU": 14, "BGR": 10}
ACTOR_IDS = {"com": "COM", "ep": "EP", **DEU_STATES}


@pytest.fixture(scope="module")
def everything():
    return backtest_deu()


@pytest.fixture(scope="module")
def frame(everything):
    return everything.to_frame()


def raw(issue: str) -> pd.Series:
    d = deu()
    return d.loc[d["isnr"] == issue].iloc[0]


def raw_actors(row: pd.Series) -> dict[str, tuple[float, float]]:
    """{actor id: (position, salience)} from the raw row; an empty salience counts 0."""
    out = {}
    for code in DEU_ACTORS:
        x = row[f"p{code}"]
        if not pd.isna(x):
            s = row[f"s{code}"]
            out[ACTOR_IDS[code]] = (float(x), 0.0 if pd.isna(s) else float(s))
    return out


def hand_compromise(row: pd.Series, capability: dict[str, float]) -> float:
    cap = {**capability, "COM": max(capability.values()), "EP": max(capability.values())}
    actors = raw_actors(row)
    num = sum(cap[a] * s * x for a, (x, s) in actors.items())
    return num / sum(cap[a] * s for a, (x, s) in actors.items())


def indices_by_enumeration(votes: dict[str, int], quota: int) -> tuple[dict, dict]:
    """Shapley-Shubik (subset formula) and normalized Banzhaf of [quota; votes] over all 2^n
    coalitions."""
    names = list(votes)
    w = np.array([votes[m] for m in names])
    n = len(names)
    bits = (np.arange(1 << n)[:, None] >> np.arange(n)) & 1
    total, size = bits @ w, bits.sum(axis=1)
    ss, swings = {}, {}
    for i, m in enumerate(names):
        swing = (bits[:, i] == 0) & (total < quota) & (total + w[i] >= quota)
        by_size = Counter(size[swing].tolist())
        ss[m] = sum(
            Fraction(math.factorial(s) * math.factorial(n - s - 1) * c, math.factorial(n))
            for s, c in by_size.items()
        )
        swings[m] = int(swing.sum())
    bz = {m: Fraction(v, sum(swings.values())) for m, v in swings.items()}
    return ss, bz


# ----------------------------------------------------------------------- published baselines
def test_the_published_baselines_are_reproduced_on_the_351_issues(everything):
    assert len(everything.issues) == 351
    compromise = everything.score("compromise")
    assert compromise.issues == 351 and compromise.skipped == {}
    assert abs(compromise.mae - 23.0) < 0.05
    assert abs(everything.score("mean").mae - 23.6) < 0.05
    assert abs(everything.score("constant50").mae - 28.0) < 0.05
    # The replication's median actor gives 28.4; the median of all actors' positions (the mean of
    # the two middle ones for an even count) gives 28.54 here.
    assert abs(everything.score("median").mae - 28.4) < 0.2
    for name in ("mean", "median", "constant50"):
        assert everything.score(name).issues == 351


def test_the_baselines_recomputed_from_the_raw_file():
    """Plain mean, median and constant 50 over the raw usable rows, with numpy."""
    d = deu()
    usable = d[d["usable"]]
    x = usable[[f"p{a}" for a in DEU_ACTORS]].to_numpy()
    y = usable["out"].to_numpy()
    result = backtest_deu(["mean", "median", "constant50"])
    assert result.score("mean").mae == pytest.approx(np.mean(abs(np.nanmean(x, 1) - y)), abs=1e-9)
    assert result.score("median").mae == pytest.approx(
        np.mean(abs(np.nanmedian(x, 1) - y)), abs=1e-9
    )
    assert result.score("constant50").mae == pytest.approx(np.mean(abs(50 - y)), abs=1e-9)
    hits = np.mean(abs(50 - y) <= 10)
    assert result.score("constant50").hit_rate_10 == pytest.approx(hits, abs=1e-12)


# ------------------------------------------------------------------- predictions by hand
@pytest.mark.parametrize(
    ("issue", "votes"),
    [("d00032i1", EU15_VOTES), ("n03318i3", NICE25_VOTES), ("d04218i1", NICE27_VOTES)],
)
def test_compromise_by_hand_with_the_cvce_votes(frame, issue, votes):
    row = raw(issue)
    assert frame.loc[issue, "compromise"] == pytest.approx(hand_compromise(row, votes), abs=1e-9)


def test_compromise_under_lisbon_uses_the_2016_population_shares(frame):
    """Decided 2018-12-17: the 2016 shares stand in (none carried for 2018)."""
    shares = load_organization("eu_council").snapshot("2016-07-01").attributes["population"]
    row = raw("d160288i1")
    assert len(shares) == 28
    expected = hand_compromise(row, {m: float(v) for m, v in shares.items()})
    assert frame.loc["d160288i1", "compromise"] == pytest.approx(expected, abs=1e-9)
    assert frame.loc["d160288i1", "rule"].startswith("members >= 55%")


def test_compromise_with_exact_indices_by_enumeration(frame):
    """EU-15, qualified majority 62 of 87: indices counted over all 2^15 coalitions here."""
    ss, bz = indices_by_enumeration(EU15_VOTES, 62)
    assert sum(ss.values()) == 1 and sum(bz.values()) == 1
    for issue in ("d00032i1", "d96085i1"):
        row = raw(issue)
        for name, index in (("compromise_shapley", ss), ("compromise_banzhaf", bz)):
            expected = hand_compromise(row, {m: float(v) for m, v in index.items()})
            assert frame.loc[issue, name] == pytest.approx(expected, abs=1e-9)


def test_mean_median_and_distribution_by_hand(frame):
    row = raw("d96085i1")
    actors = raw_actors(row)
    xs = [x for x, _ in actors.values()]
    assert frame.loc["d96085i1", "mean"] == pytest.approx(sum(xs) / len(xs), abs=1e-12)
    assert frame.loc["d96085i1", "median"] == pytest.approx(float(np.median(xs)), abs=1e-12)
    assert frame.loc["d96085i1", "constant50"] == 50
    # The distribution's CRPS by its integral: F is a step function, so integrate piece by piece.
    cap = {**EU15_VOTES, "COM": 10, "EP": 10}
    atoms = [(Fraction(int(x)), Fraction(cap[a] * int(s))) for a, (x, s) in actors.items()]
    expected = crps_by_integral(atoms, Fraction(int(row["out"])))
    assert frame.loc["d96085i1", "compromise_distribution_crps"] == pytest.approx(float(expected))
    assert frame.loc["d96085i1", "compromise_distribution"] == frame.loc["d96085i1", "compromise"]


def setter_by_scan(is_winning, members, positions, y, setter, ep=None):
    """The setter's outcome by scanning proposals on the half-integer grid: with integer
    positions every win-set end 2x - y is an integer, so the win set's closure is
    [min W - 1/2, max W + 1/2] for the grid points W that beat y."""
    grid = [Fraction(2 * k + 1, 2) for k in range(-250, 250)]

    def beats(z):
        closer = [m for m in members if abs(z - positions[m]) < abs(y - positions[m])]
        return is_winning(closer) and (ep is None or abs(z - ep) < abs(y - ep))

    won = [z for z in grid if z != y and beats(z)]
    if not won:
        return y
    return min(max(setter, min(won) - Fraction(1, 2)), max(won) + Fraction(1, 2))


@pytest.mark.parametrize(
    ("issue", "votes", "quota", "unanimity"),
    [
        ("d96085i2", EU15_VOTES, 62, False),  # codecision, EP coded at 82
        ("d99204i3", EU15_VOTES, 62, False),  # codecision, EP at 60
        ("n99047i2", EU15_VOTES, 62, False),  # consultation, status quo 90
        ("d98252i2", EU15_VOTES, 87, True),  # unanimity, EP uncoded
        ("n03318i3", NICE25_VOTES, 232, False),  # Nice: 232 votes and 13 members, consultation
    ],
)
def test_procedural_by_scanning_proposals(frame, issue, votes, quota, unanimity):
    row = raw(issue)
    actors = raw_actors(row)
    pcom, y = Fraction(int(actors["COM"][0])), Fraction(int(row["rp"]))
    members = list(votes)
    nice = quota in (232, 255)

    def wins(coalition):
        return sum(votes[m] for m in coalition) >= quota and (not nice or len(coalition) >= 13)

    # Members without a position accept the Commission's proposal: they sit at its position.
    positions = {m: Fraction(int(actors[m][0])) if m in actors else pcom for m in members}
    ep = None
    if row["proc"] == "COD":
        ep = Fraction(int(actors["EP"][0])) if "EP" in actors else pcom
    expected = setter_by_scan(wins, members, positions, y, pcom, ep)
    assert frame.loc[issue, "procedural"] == float(expected)
    members_clause = " and at least 13 members" if nice else ""
    expected_rule = "unanimity" if unanimity else f"votes >= {quota}{members_clause}"
    assert frame.loc[issue, "rule"] == expected_rule


def test_procedural_uses_the_rule_of_each_period(frame):
    by_day = frame[frame["voting"] == "QMV"].set_index("day")["rule"]
    assert by_day["2000-07-17"].iloc[0] == "votes >= 62"  # EU-15, [62; 10, 10, ...]
    assert set(by_day[(by_day.index >= "2004-05-01") & (by_day.index < "2004-11-01")]) == {
        "votes >= 88"
    }
    assert set(by_day[(by_day.index >= "2004-11-01") & (by_day.index < "2007-01-01")]) == {
        "votes >= 232 and at least 13 members"
    }
    assert set(by_day[(by_day.index >= "2007-01-01") & (by_day.index < "2013-07-01")]) == {
        "votes >= 255 and at least 14 members"
    }
    assert set(by_day[by_day.index >= "2014-11-01"]) == {
        "members >= 55% and at least 15 members and population >= 65% or against <= 3"
    }
    assert set(frame.loc[frame["voting"] == "Unan", "rule"]) == {"unanimity"}
    assert set(frame.loc[frame["voting"] == "QMV(10)", "rule"]) == {
        "votes >= 62 and at least 10 members"
    }


def test_procedural_abstain_treats_unanimity_and_qmv_differently(frame):
    """n03318i3 (Nice, 5 of 25 members coded, consultation): abstainers count against, so no
    qualified majority moves the status quo. d98252i2 (unanimity): abstainers do not block."""
    assert frame.loc["n03318i3", "procedural_abstain"] == float(frame.loc["n03318i3", "status_quo"])
    row, actors = raw("d98252i2"), raw_actors(raw("d98252i2"))
    coded = [m for m in EU15_VOTES if m in actors]
    positions = {m: Fraction(int(actors[m][0])) for m in coded}
    expected = setter_by_scan(
        lambda c: len(c) == len(coded), coded, positions, Fraction(int(row["rp"])),
        Fraction(int(actors["COM"][0])),
    )  # fmt: skip
    assert frame.loc["d98252i2", "procedural_abstain"] == float(expected)


def test_nash_by_grid_search(frame):
    """Maximize Σ c_i s_i log(|y - x_i| - |x - x_i|) on a grid of step 1e-4 (capabilities: the
    Shapley-Shubik index by enumeration, COM and EP the largest member's)."""
    ss, _ = indices_by_enumeration(EU15_VOTES, 62)
    cap = {**{m: float(v) for m, v in ss.items()}, "COM": float(max(ss.values()))}
    cap["EP"] = cap["COM"]
    for issue in ("d96085i1", "d99204i3"):
        row = raw(issue)
        y = float(row["rp"])
        actors = {a: v for a, v in raw_actors(row).items() if v[1] > 0}
        low = max(x - abs(y - x) for x, _ in actors.values())
        high = min(x + abs(y - x) for x, _ in actors.values())
        assert low < high
        grid = np.linspace(low, high, 1_000_001)[1:-1]
        total = np.zeros_like(grid)
        for a, (x, s) in actors.items():
            total += cap[a] * s * np.log(abs(y - x) - abs(grid - x))
        assert frame.loc[issue, "nash"] == pytest.approx(grid[np.argmax(total)], abs=2e-3)


# --------------------------------------------------------------- properties on every issue
def test_every_prediction_has_its_models_properties(everything, frame):
    issues = {i.issue: i for i in everything.issues}
    for name, series in frame.items():
        if name in MODELS and not MODELS[name].distribution:
            assert series.dropna().between(0, 100).all(), name
    for issue_id, row in frame.iterrows():
        issue = issues[issue_id]
        weighted = [x for a, x in issue.positions.items() if issue.saliences[a] > 0]
        for name in ("compromise", "compromise_shapley", "compromise_banzhaf"):
            assert min(weighted) - 1e-9 <= row[name] <= max(weighted) + 1e-9
        if issue.voting == "Unan":  # equal capabilities: both indices give the same compromise
            assert row["compromise_shapley"] == row["compromise_banzhaf"]
        if not math.isnan(row["procedural"]):
            ends = sorted([row["status_quo"], float(issue.positions["COM"])])
            assert ends[0] <= row["procedural"] <= ends[1]
            assert ends[0] <= row["procedural_abstain"] <= ends[1]
        if not math.isnan(row["nash"]) and row["nash"] != row["status_quo"]:
            # The Nash solution moves only where every bargainer gains.
            assert all(
                abs(row["nash"] - float(x)) <= abs(row["status_quo"] - float(x)) + 1e-9
                for a, x in issue.positions.items()
                if issue.saliences[a] > 0
            )
        # CRPS = E|X - y| - E|X - X'| / 2 lies between 0 and the farthest atom's miss.
        farthest = max(abs(float(x) - row["outcome"]) for x in weighted)
        assert 0 <= row["compromise_distribution_crps"] <= farthest


def test_undated_issues_take_their_introduction_day(everything, frame):
    d = deu().set_index("isnr")
    undated = frame[frame["dated_by"] == "introduced"]
    assert len(undated) == 19
    assert all(undated["day"] == [d.loc[i, "introduced"].date().isoformat() for i in undated.index])
    assert any("19 issues have no decision date" in n for n in everything.notes)
    assert any(n.startswith("28 issues decided") for n in everything.notes)
    assert any("No model is fitted" in n for n in everything.notes)


def test_the_common_subset_is_scored_alike(everything, frame):
    scored = frame[list(MODELS)].notna().all(axis=1)
    d = deu().set_index("isnr")
    has_rp_and_pcom = d.loc[frame.index, "rp"].notna() & d.loc[frame.index, "pcom"].notna()
    assert scored.sum() == everything.common_issues == has_rp_and_pcom.sum() == 247
    common = frame[scored]
    for s in everything.scores:
        errors = (common[s.model] - common["outcome"]).abs()
        assert s.common_issues == 247
        assert s.common_mae == pytest.approx(errors.mean(), abs=1e-9 + s.mae_error)
        assert s.common_hit_rate_10 == pytest.approx((errors <= 10).mean())
        assert s.issues + sum(s.skipped.values()) == 351
    assert everything.score("procedural").skipped == {
        "no reference point (rp)": 99,
        "no Commission position (pcom)": 5,
    }
    assert everything.score("nash").skipped == {"no reference point (rp)": 99}
    assert everything.score("compromise_distribution").crps is not None
    assert everything.score("compromise").crps is None  # a point forecast: CRPS = its MAE


# --------------------------------------------------------------------------- random cases
def crps_by_integral(atoms, y):
    """∫ (F(t) - 1{t ≥ y})² dt, piece by piece between the breakpoints (F a step function)."""
    total = sum(w for _, w in atoms)
    points = sorted({x for x, _ in atoms} | {y})
    result = Fraction(0)
    for a, b in itertools.pairwise(points):
        f = sum(w for x, w in atoms if x <= a) / total
        h = 1 if a >= y else 0
        result += (f - h) ** 2 * (b - a)
    return result


@settings(max_examples=200)
@given(
    st.lists(st.tuples(st.integers(0, 100), st.integers(0, 9)), min_size=1, max_size=8).filter(
        lambda a: sum(w for _, w in a) > 0
    ),
    st.integers(-20, 120),
)
def test_crps_discrete_is_the_integral_of_its_definition(atoms, y):
    exact = [(Fraction(x), Fraction(w)) for x, w in atoms]
    assert crps_discrete(atoms, y) == crps_by_integral(exact, Fraction(y))


def test_crps_of_a_point_is_the_absolute_error_and_bad_atoms_are_refused():
    assert crps_discrete([(30, 5)], 42) == 12
    with pytest.raises(PivotalError, match="atoms"):
        crps_discrete([(30, 0)], 42)
    with pytest.raises(PivotalError, match="atoms"):
        crps_discrete([], 42)


@settings(max_examples=150)
@given(any_games(max_n=6))
def test_an_extra_player_is_a_dummy(game):
    extended = with_extra_player(game, "EXTRA")
    assert extended.players == (*game.players, "EXTRA")
    base, table = game.winning_table(), extended.winning_table()
    low = (1 << game.n) - 1
    assert all(table[m] == base[m & low] for m in range(1 << extended.n))


@settings(max_examples=200)
@given(weighted_games(min_n=1, max_n=6), st.data())
def test_the_parliaments_veto_is_the_intersection_of_win_sets(game, data):
    """line_outcome on AndGame(Council with EP added, EP's consent) equals a scan of proposals
    that a winning Council coalition and the Parliament both prefer."""
    points = st.integers(0, 20).map(Fraction)
    positions = {p: data.draw(points) for p in game.players}
    y, setter, ep = data.draw(points), data.draw(points), data.draw(points)
    extended = with_extra_player(game, "EP")
    both = AndGame([extended, WeightedGame([0] * game.n + [1], 1, names=extended.players)])
    result = line_outcome(both, {**positions, "EP": ep, "SETTER": setter}, y, setter="SETTER")
    expected = setter_by_scan(game.is_winning, list(game.players), positions, y, setter, ep)
    assert result.setter_outcome == expected


# ------------------------------------------------------------------------ API, JSON and CLI
def test_model_choice_order_and_errors():
    result = backtest_deu(["mean", "compromise", "mean"])
    assert [s.model for s in result.scores] == ["mean", "compromise"]
    assert list(backtest("deu", "median").to_frame().columns)[-1] == "median"
    with pytest.raises(PivotalError, match=r"'compromise', 'compromise_shapley'.*received 'x'"):
        backtest_deu(["x"])
    with pytest.raises(PivotalError, match="dataset: expected one of 'deu'"):
        backtest("eu")
    with pytest.raises(PivotalError, match="one of 'mean', 'compromise'"):
        result.score("nash")
    with pytest.raises(PivotalError, match="models"):
        backtest_deu([])


def run_cli(*args: str):
    return CliRunner().invoke(app, ["backtest", *args])


def test_cli_json_lists_every_model(everything):
    result = run_cli("deu", "-f", "json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out == json.loads(json.dumps(everything.to_dict()))
    assert out["issues"] == 351 and out["common_issues"] == 247
    assert [m["model"] for m in out["models"]] == list(MODELS)
    required = {"model", "mae", "issues", "hit_rate_10", "crps", "description", "common_mae",
                "common_hit_rate_10", "common_crps", "common_issues"}  # fmt: skip
    for entry in out["models"]:
        assert required <= set(entry)
    first = out["models"][0]
    assert first["model"] == "compromise" and first["issues"] == 351
    assert abs(first["mae"] - 23.0) < 0.05
    doc = JSON_DOC.read_text(encoding="utf-8")
    section = doc[doc.index("## `pivotal backtest`") :]
    for key in sorted(set(out) | set(first)):
        assert f"`{key}`" in section, f"key {key!r} is not documented in docs/json.md"


def test_cli_table_csv_and_markdown():
    table = run_cli("deu", "--model", "compromise", "-m", "median,constant50")
    assert table.exit_code == 0, table.output
    assert re.search(r"^compromise +351 +22\.98 +31\.1%", table.output, re.M)
    assert "Note: 19 issues have no decision date" in table.output
    csv = run_cli("deu", "-m", "mean", "-f", "csv")
    assert csv.output.splitlines()[0].startswith("model,description,distribution,issues,")
    md = run_cli("deu", "-m", "mean", "-f", "markdown")
    assert md.output.startswith("| model | description |")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["eu"], "error: dataset: expected one of 'deu'; received 'eu'."),
        (
            ["deu", "-m", "bogus"],
            "error: model: expected one of 'compromise', 'compromise_shapley'",
        ),
        (["deu", "-m", "mean,,median"], "error: --model: expected a comma-separated list"),
    ],
)
def test_cli_errors_are_one_line(args, message):
    result = run_cli(*args)
    assert result.exit_code == 2
    assert result.output.startswith(message)
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    if message.startswith("error: model:"):
        assert all(f"'{name}'" in result.output for name in MODELS)


def test_cli_help_names_every_model():
    text = " ".join(run_cli("--help").output.split())
    for name in MODELS:
        assert name in text
