"""Smoke test of the power benchmark (benchmarks/power.py): one tiny game, a few tools, each in its
own process; the full bench runs only in `make bench`."""

from __future__ import annotations

import importlib.util
import random
import re
import sys
from fractions import Fraction
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench():
    path = ROOT / "benchmarks" / "power.py"
    spec = importlib.util.spec_from_file_location("bench_power", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_power"] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    yield module
    del sys.modules["bench_power"]


# EEC Council of Ministers 1958: Banzhaf 5/21 for FR, DE, IT, 3/21 for BE, NL, 0 for LU
# (Felsenthal and Machover 1998, Table 2.1; LU is the textbook dummy).
EEC_KEY = "weights:4,4,4,2,2,1:12"
EEC_BANZHAF = [Fraction(5, 21)] * 3 + [Fraction(3, 21)] * 2 + [Fraction(0)]


@pytest.fixture(scope="module")
def rows(bench):
    game = bench.GameSpec(EEC_KEY, "EEC Council 1958", ("banzhaf",))
    tools = [
        bench.Tool("auto", "exact", "pivotal", {}),
        bench.Tool("dp", "exact", "pivotal", {"engine": "dp"}),
        bench.Tool("missing", "float", "pivotal", {"engine": "no-such-engine"}),
    ]
    return game, bench.run_all([game], limit=60, memory_gib=4, tools=tools)


def test_rows_measure_time_memory_and_values(bench, rows):
    _, result = rows
    assert [r.tool.label for r in result] == ["auto", "dp", "missing"]
    for row in result[:2]:
        assert row.status == "ok", row.message
        assert row.best is not None and row.first is not None and row.best <= row.first
        assert row.process is not None and row.process >= row.best
        assert 1 <= row.runs <= bench.MAX_RUNS
        assert row.peak_kb > 0 and row.base_kb > 0
        assert row.values["banzhaf"] == pytest.approx([float(x) for x in EEC_BANZHAF], abs=1e-15)
    # Two exact engines (enumeration, chosen for 6 players, and dp) agree to the last digit.
    assert result[0].reference is None and result[0].engine == "enumeration"
    assert result[1].reference == "auto" and result[1].identical and result[1].engine == "dp"
    assert result[1].max_abs == 0 and result[1].max_rel == 0


def test_missing_engine_is_a_row_not_a_crash(rows):
    _, result = rows
    missing = result[2]
    assert missing.status == "not available"
    assert "no-such-engine" in missing.message


def test_table_shape(bench, rows):
    game, result = rows
    lines = bench.game_table(game, result)
    assert lines[0] == "### EEC Council 1958"
    body = lines[2:]
    assert len(body) == 2 + len(result)  # header, separator, one line per row
    cells = [re.split(r"(?<!\\)\|", line)[1:-1] for line in body]  # "\|" is a pipe in a cell
    assert all(len(c) == 9 for c in cells)
    assert "| reference |" in body[2] and "0 (identical)" in body[3]
    assert "not available: PivotalError" in body[4]
    targets = bench.target_table(result, {"memory_gib": 4})
    assert len(targets) == 2 + len(bench.TARGETS)
    # The tiny game answers none of the issue's targets; each says why instead of "met".
    assert all(line.endswith("| not met |") for line in targets[2:])


def test_time_limit_kills_a_run(bench):
    row = bench.run_row(EEC_KEY, "banzhaf", bench.Tool("auto", "exact", "pivotal"), 0.01, 2**22)
    assert row.status == "over" and row.message == "over 0.01 s"


def test_differences_are_absolute_and_relative(bench):
    tool = bench.Tool("x", "exact", "pivotal")
    ref = bench.Row("g", "banzhaf", tool, values={"banzhaf": [0.5, 0.25, 0.25]}, digest="a")
    approx = bench.Row(
        "g", "banzhaf", bench.Tool("y", "anchor", "powerindex"), values={"banzhaf": [0.4, 0.3, 0.3]}
    )
    bench.differences([ref, approx])
    assert approx.reference == "x" and not approx.identical
    assert approx.max_abs == pytest.approx(0.1)
    assert approx.max_rel == pytest.approx(0.2)  # 0.05 / 0.25 on the small players


def test_games_follow_the_issue(bench):
    rng = random.Random(200)
    w = [rng.randint(1, 1000) for _ in range(200)]
    assert bench.weighted_game("r200") == (None, w, sum(w) // 2 + 1)
    rng = random.Random(5000)
    w = [rng.randint(1, 100) for _ in range(5000)]
    assert bench.weighted_game("r5000") == (None, w, sum(w) // 2 + 1)
    names, votes, quota = bench.weighted_game("imf")
    # IMF member table (benchmarks/data/README.md): 191 members, 5,041,052 votes, 1,452 basic each.
    assert len(names) == len(set(names)) == 191 and sum(votes) == 5_041_052
    assert min(votes) > 1452 and quota == 2_520_527
    assert bench.weighted_game("imf85")[2] == 4_284_895  # ceil(0.85 * 5,041,052)
    ec = bench.weighted_game("ec")
    assert len(ec[0]) == 51 and sum(ec[1]) == 538 and ec[2] == 270
    balances, token_quota = bench.token_balances(1000)
    assert max(balances) <= 10**18 and min(balances) >= 1 and token_quota == sum(balances) // 2 + 1


def test_doc_block_between_markers(bench, tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text(f"intro\n{bench.DOC_START}\nold\n{bench.DOC_END}\nafter\n", encoding="utf-8")
    bench.write_doc("new table\n", doc)
    assert doc.read_text(encoding="utf-8") == (
        f"intro\n{bench.DOC_START}\nnew table\n{bench.DOC_END}\nafter\n"
    )


def test_saved_runs_render_the_same_rows(bench, rows, tmp_path):
    _, result = rows
    extra = {"memory_gib": 4, "machine": ["- Machine: test"], "limit": 60, "startup": 0.5}
    bench.save(result[:2], extra, tmp_path / "a.json")
    bench.save(result[2:], extra | {"startup": 0.25}, tmp_path / "b.json")
    merged, merged_extra, _, limit = bench.render([tmp_path / "a.json", tmp_path / "b.json"])
    assert limit == 60 and merged_extra["runs"] == 2 and merged_extra["startup"] == 0.25
    strip = [{k: v for k, v in vars(r).items() if k != "values"} for r in result]
    assert [{k: v for k, v in vars(r).items() if k != "values"} for r in merged] == strip


def test_a_game_pivotal_refuses_is_a_refused_row(bench):
    spec = {"game": "weights:1,1:5", "task": "banzhaf", "runner": "pivotal", "options": {}}
    report = bench.child(spec)  # in this process: quota 5 of total weight 2 can never be met
    assert report["status"] == "refused"
    assert report["message"].startswith("the game cannot be built: PivotalError: quota")


def test_loading_bench_generates_valid_files_and_measures_them(tmp_path) -> None:
    # The loading bench's generated file is a valid organization of n members, each with the
    # votes the generator gave it (1 + i mod 97), and its measurement loads all of them.
    path = ROOT / "benchmarks" / "loading.py"
    spec = importlib.util.spec_from_file_location("bench_loading", path)
    assert spec is not None and spec.loader is not None
    loading = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loading)
    from pivotal.organizations import loads

    org = loads(loading.organization_file(120), "generated.yaml")
    snap = org.snapshot("2001-01-01")
    assert len(snap.member_ids) == 120
    assert snap.attributes["votes"]["M98"] == 1 + 98 % 97
    row = loading.measure(30, tmp_path)
    assert row["members"] == 30 and row["seconds"] > 0 and row["peak"] > 0
    assert "| 30 |" in loading.table({30: row})
