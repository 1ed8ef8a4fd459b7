"""The ``pivotal`` command line, end to end.

Most tests run the Typer app in-process (``typer.testing.CliRunner``); a few run it as a real
subprocess (``python -m pivotal.cli`` and the ``pivotal`` console script) to prove the exit codes
and that stderr never carries a traceback.

The JSON of ``pivotal power --exact`` is checked value by value against an independent brute force
written here from the textbook definitions (coalitions enumerated with itertools, Shapley-Shubik
by permutations up to 8 players and by the subset formula beyond), for random games of up to 8
players and for fixed games of 10 to 12 players: the acceptance criterion is that pivotal agrees
exactly with brute force on any game of up to 12 players.

The JSON examples of docs/json.md are run and compared with what the CLI prints now, so the
documented contract cannot drift from the code.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
import re
import shlex
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pivotal.cli import app
from pivotal.rules import GRAMMAR_HELP

ROOT = Path(__file__).resolve().parent.parent
JSON_DOC = ROOT / "docs" / "json.md"

#: The index keys of the JSON contract, in contract order.
INDEX_KEYS = (
    "raw_banzhaf",
    "banzhaf",
    "penrose",
    "shapley_shubik",
    "coleman_prevent",
    "coleman_initiate",
    "johnston",
    "deegan_packel",
    "holler",
)
EEC_NAMES = ["FR", "DE", "IT", "BE", "NL", "LU"]
EEC = ["power", "--weights", "4,4,4,2,2,1", "--quota", "12", "--names", ",".join(EEC_NAMES)]
CSTO_2012 = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB"]
CSTO_2012_ARGS = ["analyze", "csto", "--at", "2012-05-15"]


# ---------------------------------------------------------------------------------------- helpers
def invoke(*args: str):
    """Run the CLI in-process; stdout and stderr are kept apart."""
    return CliRunner().invoke(app, list(args))


def ok(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, f"exit {result.exit_code}: {result.output}"
    assert result.stderr == "", result.stderr
    return result.stdout


def ok_json(*args: str) -> dict:
    return json.loads(ok(*args))


def run_process(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ``python -m pivotal.cli ARGS`` as a real process."""
    return subprocess.run(
        [sys.executable, "-m", "pivotal.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


def exact(value: object) -> Fraction:
    """Read one exact JSON value: an integer stays an int, anything else is a "p/q" string in
    lowest terms whose value is not an integer."""
    assert not isinstance(value, bool), value
    if isinstance(value, int):
        return Fraction(value)
    assert isinstance(value, str), f"expected an int or a 'p/q' string, got {value!r}"
    assert re.fullmatch(r"\d+/\d+", value), value
    parsed = Fraction(value)
    assert parsed.denominator != 1, f"{value!r} is an integer written as a fraction"
    assert str(parsed) == value, f"{value!r} is not in lowest terms"
    return parsed


def weights_arg(values: list[int]) -> str:
    return ",".join(str(v) for v in values)


# ------------------------------------------------------------------------------------ brute force
def coalitions(n: int) -> list[frozenset[int]]:
    """All 2^n coalitions of players 0..n-1."""
    players = range(n)
    return [frozenset(c) for size in range(n + 1) for c in itertools.combinations(players, size)]


def brute_force(weights: list[int], quota: Fraction | int, permutations: bool) -> dict:
    """Every number of the JSON contract from the definitions, by enumerating coalitions.

    Shapley-Shubik is counted over all n! orders when ``permutations`` (n <= 8), otherwise with
    the subset formula sum over swings |S|! (n - |S| - 1)! / n!.
    """
    n = len(weights)

    def weight(c: frozenset[int]) -> int:
        return sum(weights[i] for i in c)

    everything = coalitions(n)
    winning = {c for c in everything if weight(c) >= quota}
    swings = [0] * n
    ss_subset = [Fraction(0)] * n
    johnston = [Fraction(0)] * n
    minimal: list[frozenset[int]] = []
    for c in winning:
        critical = [i for i in c if c - {i} not in winning]
        for i in critical:
            swings[i] += 1
            others = len(c) - 1
            ss_subset[i] += Fraction(
                math.factorial(others) * math.factorial(n - others - 1), math.factorial(n)
            )
            johnston[i] += Fraction(1, len(critical))
        if len(critical) == len(c):
            minimal.append(c)
    if permutations:
        pivots = [0] * n
        for order in itertools.permutations(range(n)):
            total = 0
            for i in order:
                total += weights[i]
                if total >= quota:
                    pivots[i] += 1
                    break
        shapley = [Fraction(p, math.factorial(n)) for p in pivots]
    else:
        shapley = ss_subset
    w, total_swings = len(winning), sum(swings)
    in_minimal = [sum(1 for m in minimal if i in m) for i in range(n)]
    dp = [sum((Fraction(1, len(m)) for m in minimal if i in m), Fraction(0)) for i in range(n)]
    return {
        "indices": {
            "raw_banzhaf": [Fraction(s) for s in swings],
            "banzhaf": [Fraction(s, total_swings) for s in swings],
            "penrose": [Fraction(s, 2 ** (n - 1)) for s in swings],
            "shapley_shubik": shapley,
            "coleman_prevent": [Fraction(s, w) for s in swings],
            "coleman_initiate": [Fraction(s, 2**n - w) for s in swings],
            "johnston": [j / sum(johnston) for j in johnston],
            "deegan_packel": [d / len(minimal) for d in dp],
            "holler": [Fraction(m, sum(in_minimal)) for m in in_minimal],
        },
        "coleman_act": Fraction(w, 2**n),
        "winning_coalitions": w,
        "minimal_winning_coalitions": len(minimal),
        "veto": [i for i in range(n) if all(i in c for c in winning)],
        "dummies": [i for i in range(n) if all(c - {i} in winning for c in winning if i in c)],
    }


def assert_matches_brute_force(out: dict, expected: dict, players: list[str]) -> None:
    """Compare a rule's or a game's exact JSON with the brute-force numbers."""
    assert list(out["indices"]) == list(INDEX_KEYS)
    for key in INDEX_KEYS:
        got = out["indices"][key]
        assert len(got) == len(players), key
        assert [exact(v) for v in got] == expected["indices"][key], key
        if key == "raw_banzhaf":
            assert all(type(v) is int for v in got)
    assert exact(out["coleman_act"]) == expected["coleman_act"]
    assert out["winning_coalitions"] == expected["winning_coalitions"]
    if "minimal_winning_coalitions" in out:
        assert out["minimal_winning_coalitions"] == expected["minimal_winning_coalitions"]
    assert out["veto_players"] == [players[i] for i in expected["veto"]]
    assert out["dummies"] == [players[i] for i in expected["dummies"]]


def power_json(weights: list[int], quota: object, names: list[str] | None, *extra: str) -> dict:
    args = ["power", "--weights", weights_arg(weights), "--quota", str(quota)]
    if names is not None:
        args += ["--names", ",".join(names)]
    return ok_json(*args, *extra)


def test_brute_force_reproduces_the_eec_textbook_values():
    """The oracle itself, on the values of Felsenthal & Machover for the EEC of 1958."""
    expected = brute_force([4, 4, 4, 2, 2, 1], 12, permutations=True)
    assert expected["indices"]["shapley_shubik"] == [Fraction(7, 30)] * 3 + [
        Fraction(3, 20)
    ] * 2 + [0]
    assert expected["indices"]["raw_banzhaf"] == [10, 10, 10, 6, 6, 0]
    assert expected["coleman_act"] == Fraction(7, 32)
    assert expected["minimal_winning_coalitions"] == 4
    assert expected["dummies"] == [5]
    subset = brute_force([4, 4, 4, 2, 2, 1], 12, permutations=False)
    assert subset["indices"] == expected["indices"]


# ------------------------------------------------------------------------------------------ power
def test_power_table_names_players_and_the_dummy():
    out = ok(*EEC)
    assert "[12; 4, 4, 4, 2, 2, 1]" in out
    for name in EEC_NAMES:
        assert re.search(rf"^{name}\s", out, flags=re.M), name
    assert "Dummies (never decisive): LU" in out
    assert "Veto players: none" in out
    assert "14 of 64 coalitions win" in out


def test_power_exact_json_contract():
    out = ok_json(*EEC, "--exact", "-f", "json")
    for key in ("players", "quota", "total_weight", "indices", "coleman_act"):
        assert key in out
    assert {"veto_players", "dummies"} <= set(out)
    assert out["players"] == EEC_NAMES
    assert out["quota"] == 12 and out["total_weight"] == 17
    assert list(out["indices"]) == list(INDEX_KEYS)
    assert out["coleman_act"] == "7/32"
    assert out["veto_players"] == [] and out["dummies"] == ["LU"]
    assert out["exact"] is True
    assert out["indices"]["shapley_shubik"] == ["7/30", "7/30", "7/30", "3/20", "3/20", 0]
    assert out["indices"]["banzhaf"] == ["5/21", "5/21", "5/21", "1/7", "1/7", 0]
    assert_matches_brute_force(
        out, brute_force([4, 4, 4, 2, 2, 1], 12, permutations=True), EEC_NAMES
    )


NAME_POOL = ("FR", "DE", "IT", "BE", "NL", "LU", "ARM", "RUS", "member 1", "Côte d'Ivoire")


@st.composite
def small_games(draw):
    """(weights, quota, names) with up to 8 players; quotas sometimes halves (scaled input)."""
    n = draw(st.integers(1, 8))
    weights = draw(st.lists(st.integers(0, 9), min_size=n, max_size=n))
    if sum(weights) == 0:
        weights[draw(st.integers(0, n - 1))] = draw(st.integers(1, 9))
    total = sum(weights)
    quota: Fraction | int = draw(
        st.one_of(st.integers(1, total), st.sampled_from([total, total // 2 + 1]))
    )
    if quota > 1 and draw(st.booleans()):
        quota -= Fraction(1, 2)
    names = draw(st.one_of(st.none(), st.permutations(NAME_POOL).map(lambda p: list(p[:n]))))
    return weights, quota, names


def quota_arg(quota: Fraction | int) -> str:
    return (
        str(float(quota)) if isinstance(quota, Fraction) and quota.denominator != 1 else str(quota)
    )


@settings(max_examples=30)
@given(small_games(), st.sampled_from([None, "dp", "enumeration"]))
def test_power_exact_json_equals_brute_force_on_random_games(game, engine):
    weights, quota, names = game
    forced = ["--engine", engine] if engine else []
    out = power_json(weights, quota_arg(quota), names, "--exact", "-f", "json", *forced)
    if engine:
        assert out["engine"] == engine
    players = names or [f"P{i + 1}" for i in range(len(weights))]
    assert out["players"] == players
    scale = out.get("weight_scale", 1)
    assert Fraction(out["quota"], scale) == quota
    assert Fraction(out["total_weight"], scale) == sum(weights)
    assert_matches_brute_force(out, brute_force(weights, quota, permutations=True), players)


#: Fixed games of 10 to 12 players (the acceptance bound): ties, a dummy, zero weights, a veto.
LARGE_GAMES = [
    ([9, 8, 7, 6, 5, 4, 3, 2, 1, 0], 23),
    ([5, 5, 5, 3, 3, 3, 2, 2, 1, 1, 1], 21),
    ([10, 10, 10, 10, 8, 5, 5, 5, 5, 4, 3, 2], 55),
    ([1] * 12, 7),
    ([20, 3, 3, 3, 3, 2, 2, 2, 1, 1, 1, 0], 30),
    ([6, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 1], 37),
]


@pytest.mark.parametrize(
    ("weights", "quota"),
    LARGE_GAMES,
    ids=[f"[{q}; {', '.join(map(str, w))}]" for w, q in LARGE_GAMES],
)
@pytest.mark.parametrize("engine", [None, "dp", "enumeration"])
def test_power_exact_json_equals_brute_force_up_to_12_players(weights, quota, engine):
    forced = ["--engine", engine] if engine else []
    out = power_json(weights, quota, None, "--exact", "-f", "json", *forced)
    if engine:
        assert out["engine"] == engine
    players = [f"P{i + 1}" for i in range(len(weights))]
    assert_matches_brute_force(out, brute_force(weights, quota, permutations=False), players)


def test_large_fixed_games_cover_vetoes_and_dummies():
    """The fixed games above are not all alike: some have vetoes, some dummies."""
    found = [brute_force(w, q, permutations=False) for w, q in LARGE_GAMES]
    assert any(f["veto"] for f in found)
    assert any(f["dummies"] for f in found)


@pytest.mark.parametrize(("weights", "quota"), [([4, 4, 4, 2, 2, 1], 12), LARGE_GAMES[1]])
def test_float_json_equals_the_exact_fractions(weights, quota):
    exact_out = power_json(weights, quota, None, "--exact", "-f", "json")
    float_out = power_json(weights, quota, None, "-f", "json")
    assert float_out["exact"] is False
    assert list(float_out["indices"]) == list(INDEX_KEYS)
    for key in INDEX_KEYS:
        for f, e in zip(float_out["indices"][key], exact_out["indices"][key], strict=True):
            if key == "raw_banzhaf":
                assert type(f) is int and f == e
            else:
                assert type(f) is float and f == float(exact(e)), key
    assert type(float_out["coleman_act"]) is float
    assert float_out["coleman_act"] == float(exact(exact_out["coleman_act"]))
    for key in ("players", "quota", "total_weight", "winning_coalitions", "veto_players"):
        assert float_out[key] == exact_out[key]


def test_csv_output_parses_with_the_csv_module():
    exact_out = ok_json(*EEC, "--exact", "-f", "json")
    rows = list(csv.reader(io.StringIO(ok(*EEC, "-f", "csv"))))
    assert rows[0] == ["player", *INDEX_KEYS]
    assert [r[0] for r in rows[1:]] == EEC_NAMES
    for k, key in enumerate(INDEX_KEYS, start=1):
        values = [float(r[k]) for r in rows[1:]]
        assert values == [float(exact(v)) for v in exact_out["indices"][key]], key
    exact_rows = list(csv.DictReader(io.StringIO(ok(*EEC, "-f", "csv", "--exact"))))
    assert [r["shapley_shubik"] for r in exact_rows] == ["7/30"] * 3 + ["3/20"] * 2 + ["0"]


def test_markdown_output_is_a_table():
    lines = ok(*EEC, "-f", "markdown", "--exact").strip().split("\n")
    assert lines[0] == "| player | " + " | ".join(INDEX_KEYS) + " |"
    assert re.fullmatch(r"\|(---\|){10}", lines[1])
    assert len(lines) == 2 + len(EEC_NAMES)
    assert lines[2].startswith("| FR | 10 | 5/21 |")
    assert all(line.startswith("| ") and line.endswith(" |") for line in lines[2:])


def test_index_option_restricts_and_orders_keys():
    out = ok_json(*EEC, "--index", "ss,banzhaf", "-f", "json", "--exact")
    assert list(out["indices"]) == ["shapley_shubik", "banzhaf"]
    assert "minimal_winning_coalitions" not in out
    rows = list(csv.reader(io.StringIO(ok(*EEC, "-i", "banzhaf,ss", "-f", "csv"))))
    assert rows[0] == ["player", "banzhaf", "shapley_shubik"]


@pytest.mark.parametrize(
    ("spelling", "key"),
    [
        ("ss", "shapley_shubik"),
        ("Shapley-Shubik", "shapley_shubik"),
        ("bz", "banzhaf"),
        ("swings", "raw_banzhaf"),
        ("absolute_banzhaf", "penrose"),
        ("prevent", "coleman_prevent"),
        ("initiate", "coleman_initiate"),
        ("dp", "deegan_packel"),
        ("pgi", "holler"),
        ("johnston", "johnston"),
    ],
)
def test_index_aliases(spelling, key):
    out = ok_json(*EEC, "--index", spelling, "-f", "json", "--exact")
    assert list(out["indices"]) == [key]


def test_index_all_and_duplicates():
    assert list(ok_json(*EEC, "-i", "all", "-f", "json")["indices"]) == list(INDEX_KEYS)
    assert list(ok_json(*EEC, "-i", "ss,shapley,ss", "-f", "json")["indices"]) == ["shapley_shubik"]


# ---------------------------------------------------------------------------------------- analyze
def test_analyze_csto_2012_consensus_against_majority():
    out = ok_json(
        *CSTO_2012_ARGS, "--rule", "consensus", "--rule", "majority", "-f", "json", "--exact"
    )
    assert out["organization"] == "csto"
    assert out["at"] == "2012-05-15"
    assert out["members"] == CSTO_2012
    assert out["exact"] is True
    assert [r["rule"] for r in out["rules"]] == ["consensus", "majority"]
    consensus, majority = out["rules"]
    for r in out["rules"]:
        assert list(r["indices"]) == list(INDEX_KEYS)
        assert r["indices"]["shapley_shubik"] == ["1/7"] * 7
    assert consensus["coleman_act"] == "1/128"
    assert majority["coleman_act"] == "1/2"
    assert consensus["veto_players"] == CSTO_2012
    assert majority["veto_players"] == []
    assert_matches_brute_force(consensus, brute_force([1] * 7, 7, permutations=True), CSTO_2012)
    assert_matches_brute_force(majority, brute_force([1] * 7, 4, permutations=True), CSTO_2012)


def test_analyze_after_uzbekistan_left_has_six_members():
    out = ok_json("analyze", "csto", "--at", "2013-01-01", "-f", "json", "--exact")
    assert out["members"] == ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]
    (rule,) = out["rules"]  # the default rule
    assert rule["rule"] == "consensus"
    assert rule["coleman_act"] == "1/64"
    assert rule["indices"]["shapley_shubik"] == ["1/6"] * 6


def test_analyze_inline_rule_text():
    out = ok_json(*CSTO_2012_ARGS, "--rule", "at least 2/3 of members", "-f", "json", "--exact")
    (rule,) = out["rules"]
    assert rule["rule"] == "at least 2/3 of members"
    n = len(CSTO_2012)
    needed = math.ceil(Fraction(2, 3) * n)
    assert needed == 5
    passing = sum(
        1
        for size in range(n + 1)
        for _ in itertools.combinations(CSTO_2012, size)
        if size >= needed
    )
    assert exact(rule["coleman_act"]) == Fraction(passing, 2**n) == Fraction(29, 128)
    assert rule["winning_coalitions"] == passing
    assert_matches_brute_force(rule, brute_force([1] * n, needed, permutations=True), CSTO_2012)


def test_analyze_float_csv_and_markdown():
    args = [*CSTO_2012_ARGS, "--rule", "consensus", "--rule", "majority", "-i", "ss,penrose"]
    out = ok_json(*args, "-f", "json")
    assert out["exact"] is False
    assert out["rules"][0]["coleman_act"] == 1 / 128
    assert out["rules"][1]["indices"]["penrose"] == [5 / 16] * 7
    text = ok(*args, "-f", "csv")
    rows = [r for r in csv.reader(io.StringIO(text)) if not r[0].startswith("#")]
    assert rows[0] == [
        "member",
        "consensus:shapley_shubik",
        "consensus:penrose",
        "majority:shapley_shubik",
        "majority:penrose",
    ]
    assert [r[0] for r in rows[1:]] == CSTO_2012
    assert float(rows[1][2]) == 1 / 64
    # The footer: the dummies and every note of the JSON, as comment lines pandas skips.
    footer = [line[2:] for line in text.splitlines() if line.startswith("# ")]
    assert footer[:2] == ["dummies under consensus: none", "dummies under majority: none"]
    assert [f.split(": ", 1)[1] for f in footer[2:]] == out["caveats"]
    md = ok(*args, "-f", "markdown", "--exact").strip().split("\n\n")[0].split("\n")
    assert md[0].startswith("| member | consensus:shapley_shubik |")
    assert len(md) == 2 + 7


def test_analyze_table():
    out = ok(*CSTO_2012_ARGS, "--rule", "consensus", "--rule", "majority", "--exact")
    assert "7 members" in out
    assert "1/128" in out and "1/2" in out
    for member in CSTO_2012:
        assert member in out


# ------------------------------------------------------------------------------------------- demo
def test_demo():
    out = ok("demo")
    assert "1/128" in out and "1/2" in out
    assert "Belarus" in out
    assert re.search(r"^Belarus can block any decision alone under consensus", out, flags=re.M)


def test_demo_other_member():
    out = ok("demo", "--member", "KAZ")
    assert "Kazakhstan can block any decision alone under consensus" in out


def test_demo_unknown_member_lists_valid_members():
    result = invoke("demo", "--member", "XYZ")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --member:")
    assert ", ".join(CSTO_2012) in result.stderr
    assert "XYZ" in result.stderr
    assert "Traceback" not in result.output


def test_demo_unknown_member_prints_nothing_on_stdout():
    assert invoke("demo", "--member", "XYZ").stdout == ""


# -------------------------------------------------------------------------------------- bad input
BAD_INPUT = {
    "negative weight": (
        ["power", "--weights", "4,-1,4", "--quota", "5"],
        "weights[1]",
        ["non-negative", "-1"],
    ),
    "quota above total": (
        ["power", "--weights", "4,4", "--quota", "9"],
        "quota",
        ["at most the total weight 8", "never"],
    ),
    "non-numeric weight": (
        ["power", "--weights", "4,x,4", "--quota", "5"],
        "weights[1]",
        ["a number", "'x'"],
    ),
    "non-numeric quota": (
        ["power", "--weights", "4,4", "--quota", "abc"],
        "quota",
        ["a number", "'abc'"],
    ),
    "zero quota": (["power", "--weights", "4,4", "--quota", "0"], "quota", ["positive"]),
    "empty item": (
        ["power", "--weights", "4,,4", "--quota", "5"],
        "--weights",
        ["'4,,4'", "without empty items"],
    ),
    "names count": (
        ["power", "--weights", "4,4,4", "--quota", "5", "--names", "A,B"],
        "names",
        ["3 names", "2 names"],
    ),
    "duplicate names": (
        ["power", "--weights", "4,4,4", "--quota", "5", "--names", "A,B,A"],
        "names",
        ["unique", "'A'"],
    ),
    "unknown index": (
        ["power", "--weights", "4,4,4", "--quota", "5", "--index", "ss,foo"],
        "index",
        ["'foo'", *INDEX_KEYS],
    ),
    "no index": (
        ["power", "--weights", "4,4,4", "--quota", "5", "--index", ","],
        "index",
        ["at least one index"],
    ),
    "unknown engine": (
        ["power", "--weights", "4,4,4", "--quota", "5", "--engine", "magic"],
        "engine",
        ["'magic'", "'dp'", "'enumeration'"],
    ),
    "dp on an or-rule": (
        [*CSTO_2012_ARGS, "--rule", "majority or consensus", "--engine", "dp"],
        "engine",
        ["'dp'", "OrGame", "available here: enumeration"],
    ),
    "unknown organization": (["analyze", "atlantis"], "organization", ["'csto'", "atlantis"]),
    "missing organization file": (
        ["analyze", "nowhere/org.yaml"],
        "organization",
        ["nowhere/org.yaml", "bundled"],
    ),
    "bad date": (["analyze", "csto", "--at", "2012-13-45"], "at", ["YYYY-MM-DD", "2012-13-45"]),
    "date before the CSTO": (
        ["analyze", "csto", "--at", "1990-01-01"],
        "at",
        ["1994-04-20", "1990-01-01"],
    ),
    "unknown rule word": (
        [*CSTO_2012_ARGS, "--rule", "consensus or majoritee"],
        "rule, column 14",
        ["'majoritee'", "Did you mean 'majority'?"],
    ),
    "impossible rule": (
        [*CSTO_2012_ARGS, "--rule", "at least 9 of members"],
        "rule, column 10",
        ["7 members"],
    ),
    "empty rule": ([*CSTO_2012_ARGS, "--rule", ""], "rule", ["empty rule"]),
    "unknown index in analyze": ([*CSTO_2012_ARGS, "-i", "bogus"], "index", ["'bogus'"]),
}


@pytest.mark.parametrize(("args", "parameter", "mentions"), BAD_INPUT.values(), ids=BAD_INPUT)
def test_bad_input_is_one_error_with_exit_code_2(args, parameter, mentions):
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {parameter}: expected "), result.stderr
    for text in mentions:
        assert text in result.stderr, text
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_rule_error_points_a_caret_at_the_column():
    result = invoke(*CSTO_2012_ARGS, "--rule", "consensus or majoritee")
    assert result.exit_code == 2
    lines = result.stderr.split("\n")
    column = int(re.match(r"error: rule, column (\d+):", lines[0]).group(1))
    quoted = next(i for i, line in enumerate(lines) if line.strip() == "'consensus or majoritee'")
    caret = lines[quoted + 1]
    assert caret.strip() == "^"
    assert caret.index("^") == lines[quoted].index("'") + column
    assert lines[quoted][caret.index("^") :].startswith("majoritee")


def test_invalid_format_is_a_usage_error():
    result = invoke(*EEC, "-f", "xml")
    assert result.exit_code == 2
    assert "xml" in result.stderr
    assert "Traceback" not in result.output


def test_rules_prints_the_grammar_help():
    out = ok("rules")
    assert GRAMMAR_HELP.strip() in out
    assert "at least 2/3 of members" in out
    assert "consensus" in out


# ------------------------------------------------------------------------------- real subprocesses
def test_subprocess_power_json_and_exit_code_0():
    proc = run_process(*EEC, "--exact", "-f", "json")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert json.loads(proc.stdout)["coleman_act"] == "7/32"


def test_console_script():
    script = Path(sys.executable).with_name("pivotal")
    if not script.exists():
        pytest.skip("no pivotal console script next to the interpreter")
    proc = subprocess.run(
        [str(script), "demo"], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert "Belarus can block any decision alone" in proc.stdout


@pytest.mark.parametrize(
    "name",
    ["negative weight", "empty item", "unknown engine", "dp on an or-rule", "unknown rule word"],
)
def test_subprocess_bad_input_exit_2_without_traceback(name):
    args, parameter, _ = BAD_INPUT[name]
    proc = run_process(*args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith(f"error: {parameter}: ")
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("ones", "parameter"),
    [(20000, "weights"), (10000, "budget")],
    ids=["20000 players", "10000 players, every index"],
)
def test_absurdly_large_game_is_an_error_not_a_hang(ones, parameter):
    proc = run_process(
        "power",
        "--weights",
        ",".join(["1"] * ones),
        "--quota",
        str(ones // 2 + 1),
        timeout=30,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error: {parameter}: ")
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("weights", "quota"),
    [("1e100000000,1", "2"), ("1,1", "1e-100000000")],
    ids=["huge weight", "tiny quota"],
)
def test_absurd_exponent_is_an_error_not_a_hang(weights, quota):
    # The timeout only turns a hang into a failure; it is not a speed requirement.
    proc = run_process("power", "--weights", weights, "--quota", quota, timeout=60)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "between 1e-60 and 1e60" in proc.stderr
    assert proc.stderr.startswith("error: weights[0]:" if "e1" in weights else "error: quota:")


def test_verbose_logs_the_engine_on_stderr():
    proc = run_process("-v", *EEC, "-f", "json")
    assert proc.returncode == 0
    assert re.search(r"^pivotal: engine \w+ ran for 6 players", proc.stderr, flags=re.M)
    json.loads(proc.stdout)  # the log stays out of stdout
    quiet = run_process(*EEC, "-f", "json")
    assert quiet.stderr == ""


# ---------------------------------------------------------------------------------- docs/json.md
def doc_examples() -> list[tuple[str, str]]:
    """(command, JSON text) for every JSON block of docs/json.md, each preceded by a console
    block holding the one command that prints it."""
    text = JSON_DOC.read_text(encoding="utf-8")
    pairs = re.findall(r"```console\n\$ (pivotal [^\n]+)\n```\s*```json\n(.*?)```", text, re.S)
    assert len(pairs) == len(re.findall(r"```json\n", text)), "a JSON block without its command"
    return pairs


def test_json_doc_has_examples_of_both_commands():
    commands = [c for c, _ in doc_examples()]
    assert any(c.startswith("pivotal power ") for c in commands)
    assert any(c.startswith("pivotal analyze ") for c in commands)


@pytest.mark.parametrize(
    ("command", "shown"),
    [pytest.param(c, j, id=f"{k}: {c[8:72]}") for k, (c, j) in enumerate(doc_examples())],
)
def test_json_doc_example_is_what_the_cli_prints(command, shown):
    assert json.loads(shown) == ok_json(*shlex.split(command)[1:])


@pytest.mark.parametrize(
    "args",
    [
        [*EEC, "--exact", "-f", "json"],
        [*EEC, "-f", "json", "-i", "holler"],
        ["power", "--weights", "1.5,1,1", "--quota", "2.5", "-f", "json"],
        [*CSTO_2012_ARGS, "--rule", "consensus", "--rule", "majority", "-f", "json"],
        [*EEC, "-f", "json", "--union", "BE+NL"],
        [*CSTO_2012_ARGS, "--rule", "majority", "-f", "json", "--union", "union_state"],
    ],
    ids=["power", "power minimal", "power scaled", "analyze", "power unions", "analyze unions"],
)
def test_every_json_key_is_documented(args):
    """A key the CLI prints but docs/json.md does not name would be an undocumented contract."""
    doc = JSON_DOC.read_text(encoding="utf-8")
    out = ok_json(*args)
    keys = set(out)
    for rule in out.get("rules", []):
        keys |= set(rule)
    for key in sorted(keys):
        assert f"`{key}`" in doc, f"key {key!r} is not documented in docs/json.md"


# ------------------------------------------------------------------------- --union (Owen values)
def test_power_union_json_matches_the_definitions_and_the_madrid_assembly():
    """Madrid Assembly 2015-2019 with PP + C's (Giménez & Puente 2019, Table 1: Owen 2/3, 0, 0,
    1/3; Banzhaf-Owen 3/4, 0, 0, 1/4), and the definitions summed in tests/test_owen.py."""
    from test_owen import by_definition

    weights = [48, 37, 27, 17]
    out = ok_json("power", "--weights", weights_arg(weights), "--quota", "65", "--names",
                  "PP,PSOE,Podemos,Cs", "--union", "PP+Cs", "--exact", "-f", "json")  # fmt: skip
    assert out["unions"] == [["PP", "Cs"]]
    assert list(out["indices"]) == [*INDEX_KEYS, "owen", "banzhaf_owen"]
    assert [exact(v) for v in out["indices"]["owen"]] == [Fraction(2, 3), 0, 0, Fraction(1, 3)]
    assert [exact(v) for v in out["indices"]["banzhaf_owen"]] == [Fraction(3, 4), 0, 0,
                                                                  Fraction(1, 4)]  # fmt: skip
    wins = lambda s: sum(weights[i] for i in set(s)) >= 65  # noqa: E731
    owen_values, bz_values = by_definition(4, wins, [[0, 3], [1], [2]])
    assert [exact(v) for v in out["indices"]["owen"]] == owen_values
    assert [exact(v) for v in out["indices"]["banzhaf_owen"]] == bz_values


@settings(max_examples=40)
@given(game=small_games(), data=st.data())
def test_power_union_json_equals_the_definitions_on_random_games(game, data):
    from test_owen import by_definition

    weights, quota, names = game
    n = len(weights)
    labels = data.draw(st.lists(st.integers(0, n - 1), min_size=n, max_size=n))
    blocks: dict[int, list[int]] = {}
    for player, label in enumerate(labels):
        blocks.setdefault(label, []).append(player)
    partition = list(blocks.values())
    shown = names or [f"P{i + 1}" for i in range(n)]
    args = [f"--union={'+'.join(shown[i] for i in block)}" for block in partition]
    out = power_json(weights, quota_arg(quota), names, "--exact", "-f", "json", "-i", "ss", *args)
    assert out["unions"] == [[shown[i] for i in block] for block in partition]
    wins = lambda s: sum(weights[i] for i in set(s)) >= quota  # noqa: E731
    owen_values, bz_values = by_definition(n, wins, partition)
    assert [exact(v) for v in out["indices"]["owen"]] == owen_values
    assert [exact(v) for v in out["indices"]["banzhaf_owen"]] == bz_values


def test_power_union_table_csv_and_index_selection():
    table = ok(*EEC, "--union", "BE+NL+LU", "-i", "ss")
    assert table.splitlines()[1].split() == ["Shapley", "Owen", "Bz-Owen"]
    assert "A priori unions: BE+NL+LU; the others alone (Owen values by " in table
    rows = list(csv.reader(io.StringIO(ok(*EEC, "--union", "BE+NL+LU", "-f", "csv", "-i", "owen"))))
    assert rows[0] == ["player", "owen"]
    out = ok_json(*EEC, "--union", "FR+DE", "--union", "BE+NL", "-f", "json", "-i", "bz-owen")
    assert list(out["indices"]) == ["banzhaf_owen"]
    assert out["unions"] == [["FR", "DE"], ["BE", "NL"]]


UNION_ERRORS = {
    "owen without unions": ([*EEC, "-i", "ss,owen"], "index", ["need no unions", "--union"]),
    "unknown player": ([*EEC, "--union", "FR+XX"], "unions[0] (FR+XX)", ["'XX'", "LU"]),
    "player twice": ([*EEC, "--union", "FR+FR"], "unions[0] (FR+FR)", ["twice"]),
    "player in two unions": (
        [*EEC, "--union", "FR+DE", "--union", "DE+IT"],
        "unions[1] (DE+IT)",
        ["'DE' also in unions[0]"],
    ),
    "empty union": ([*EEC, "--union", ""], "--union", ["''", "names joined by '+'"]),
    "trailing plus": ([*EEC, "--union", "FR+"], "--union", ["'FR+'", "empty name"]),
}


@pytest.mark.parametrize(("args", "parameter", "mentions"), UNION_ERRORS.values(), ids=UNION_ERRORS)
def test_power_union_errors(args, parameter, mentions):
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {parameter}: expected "), result.stderr
    for text in mentions:
        assert text in result.stderr, text
    assert "Traceback" not in result.stderr


def test_verbose_logs_how_the_owen_values_were_counted():
    proc = run_process("-v", *EEC, "--union", "BE+NL", "-f", "json", "-i", "ss")
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"^pivotal: owen: \w+ ran for 6 players in 5 unions \(", proc.stderr, re.M)
    assert json.loads(proc.stdout)["unions"] == [["BE", "NL"]]
