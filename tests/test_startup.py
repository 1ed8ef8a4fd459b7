"""Start-up: `pivotal power` on a small game imports no heavy library, and the pieces that make
that possible give the same answers as the ones they stand in for.

* The command, run as a real process, imports none of pandas, matplotlib, scipy, shapely, numba,
  PyYAML or lark (read from ``python -X importtime``; not timed, so it cannot flake).
* ``import pivotal`` loads the comparison and organization stages only when first used, and every
  name of the package's API still resolves to the object it always was.
* The plain-Python enumeration of small games (no numpy) counts exactly what the numpy one counts.
* The plain-text grid of a power result is character for character what pandas prints.
"""

from __future__ import annotations

import random
import subprocess
import sys
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pivotal
from pivotal.engines import ENGINES, Need
from pivotal.engines.enumeration import PLAIN_PLAYERS, count_statistics, enumerate_statistics
from pivotal.power import power
from pivotal.power.registry import INDICES
from pivotal.power.result import PowerResult, as_float, plain_grid
from strategies import any_games, multi_games, weighted_games

#: Libraries that only some commands need; none may load for `pivotal power` on weights.
HEAVY = ("pandas", "matplotlib", "scipy", "shapely", "numba", "yaml", "lark", "numpy")


def imported_modules(*args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run ``python -X importtime -m pivotal.cli ARGS`` and return it with every module it
    imported (importtime writes one line per module imported, on stderr)."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "pivotal.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("import time:")]
    names = {ln.rsplit("|", 1)[1].strip() for ln in lines[1:]}  # the first line is the header
    return proc, names


@pytest.mark.parametrize(
    "extra",
    [(), ("--exact",), ("--format", "json"), ("--names", "FR,DE,IT,BE,NL,LU", "-i", "ss,bz")],
    ids=["table", "exact", "json", "names and indices"],
)
def test_power_on_weights_imports_no_heavy_library(extra):
    proc, names = imported_modules("power", "--weights", "4,4,4,2,2,1", "--quota", "12", *extra)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "pivotal.power" in names and "typer" in names  # the listing did record the run
    assert "7/32" in proc.stdout or "0.21875" in proc.stdout  # the power to act was printed
    loaded = sorted({name.split(".")[0] for name in names} & set(HEAVY))
    assert loaded == [], f"`pivotal power` imported {loaded}"


def test_a_command_that_needs_pandas_still_gets_it():
    """The negative control of the test above: the listing does show pandas when it is used."""
    proc, names = imported_modules(
        "power", "--weights", "4,4,4,2,2,1", "--quota", "12", "-f", "csv"
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "pandas" in names


# ------------------------------------------------------------------------------ the package API
def test_import_pivotal_leaves_pandas_and_yaml_for_later():
    code = (
        "import sys, pivotal; "
        "print(sorted(m for m in ('pandas', 'yaml', 'lark', 'pivotal.compare', "
        "'pivotal.organizations') if m in sys.modules))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_every_public_name_resolves_to_its_object():
    from pivotal.compare import Analysis, analyze
    from pivotal.games import WeightedGame
    from pivotal.organizations import Organization, Snapshot, load_organization
    from pivotal.power import PowerResult as Result
    from pivotal.power import power as compute

    assert pivotal.Analysis is Analysis and pivotal.analyze is analyze
    assert pivotal.Organization is Organization and pivotal.Snapshot is Snapshot
    assert pivotal.load_organization is load_organization
    assert pivotal.PowerResult is Result and pivotal.WeightedGame is WeightedGame
    # The subpackage pivotal.power is imported by other stages; the name stays the function.
    assert pivotal.power is compute and callable(pivotal.power)
    for name in pivotal.__all__:
        assert getattr(pivotal, name) is not None
        assert name in dir(pivotal)
    with pytest.raises(AttributeError, match="no attribute 'nonesuch'"):
        pivotal.nonesuch  # noqa: B018


def test_star_import_gives_every_name():
    namespace: dict[str, object] = {}
    exec("from pivotal import *", namespace)
    assert set(pivotal.__all__) <= set(namespace)
    assert namespace["power"] is pivotal.power


# ------------------------------------------------------------------- plain-Python enumeration
NEED_SETS = [
    frozenset({Need.SWINGS, Need.WINNING}),
    frozenset({Need.SWINGS, Need.WINNING, Need.MINIMAL}),
    frozenset({Need.SWINGS, Need.WINNING, Need.JOHNSTON}),
    frozenset(Need),
]


@settings(max_examples=300)
@given(
    game=st.one_of(
        weighted_games(max_n=PLAIN_PLAYERS),
        multi_games(max_n=PLAIN_PLAYERS),
        any_games(max_n=PLAIN_PLAYERS),
    ),
    needs=st.sampled_from(NEED_SETS),
)
def test_plain_enumeration_counts_what_numpy_counts(game, needs):
    assert game.winning_list() == game.winning_table().tolist()
    plain = count_statistics(game.winning_list(), game.players, needs)
    vectorized = enumerate_statistics(game.winning_table(), game.players, needs)
    assert plain == vectorized


@settings(max_examples=40)
@given(game=weighted_games(min_n=PLAIN_PLAYERS + 1, max_n=PLAIN_PLAYERS + 2))
def test_enumeration_engine_past_the_plain_range_agrees_with_plain_counting(game):
    """Past PLAIN_PLAYERS the engine runs on numpy; it must count what plain Python counts."""
    needs = frozenset(Need)
    stats = ENGINES["enumeration"].statistics(game, needs)
    assert stats == count_statistics(game.winning_list(), game.players, needs)


# ------------------------------------------------------------------------- the grid without pandas
def pandas_grid(result: PowerResult, exact: bool) -> str:
    """The grid as pandas draws it (the layout :meth:`PowerResult.grid` had always used)."""
    frame = result.to_frame(exact)
    frame.columns = [INDICES[c].short for c in frame.columns]
    frame.index.name = None
    if exact:
        return frame.astype(str).to_string()
    return frame.to_string(float_format=lambda x: f"{x:.6f}")


@settings(max_examples=150)
@given(game=any_games(max_n=8), exact=st.booleans())
def test_grid_of_random_games_is_what_pandas_prints(game, exact):
    result = power(game, exact=exact)
    assert result.grid() == pandas_grid(result, exact)


def test_grid_with_unions_is_what_pandas_prints():
    eec = pivotal.WeightedGame([4, 4, 4, 2, 2, 1], 12, names=["FR", "DE", "IT", "BE", "NL", "LU"])
    for exact in (True, False):
        result = power(eec, exact=exact, unions=[["BE", "NL", "LU"]])
        assert result.grid() == pandas_grid(result, exact)


def _frame_text(players: tuple[str, ...], columns: dict[str, list], floats: bool) -> str:
    frame = pd.DataFrame(columns, index=pd.Index(players))
    if floats:
        return frame.to_string(float_format=lambda x: f"{x:.6f}")
    return frame.astype(str).to_string()


def test_plain_grid_matches_pandas_on_long_names_and_huge_values():
    """Values far past int64 (exact counts of large games), long fractions and names, wide
    unicode names: every shape a result can take, drawn as pandas draws it."""
    rng = random.Random(7)
    pool = ["P", "ÄÖ", "日本", "long name", "x" * 60, "-1", "1.5", "nan", "None"]
    checked = 0
    for _ in range(2000):
        n = rng.randint(1, 6)
        players = tuple(dict.fromkeys(f"{rng.choice(pool)}{rng.randint(0, 9)}" for _ in range(n)))
        floats = rng.random() < 0.5
        columns: dict[str, list] = {}
        for c in range(rng.randint(1, 4)):
            digits = rng.choice([1, 6, 19, 20, 60])
            if rng.random() < 0.5:  # counts, as raw Banzhaf: ints of any size
                values: list = [rng.randint(0, 10**digits) for _ in players]
            else:
                fractions = [Fraction(rng.randint(0, 10**digits), rng.randint(1, 10**digits))]
                values = [fractions[0] * rng.randint(0, 3) for _ in players]
                values = [as_float(v) for v in values] if floats else values
            if not floats:
                values = [str(v) for v in values]
            columns[f"{rng.choice(['swings', 'Banzhaf', 'Deegan-P', 'x' * 12])}{c}"] = values
        text = plain_grid(players, columns)
        assert text is not None
        assert text == _frame_text(players, columns, floats), (players, columns)
        checked += 1
    assert checked == 2000


@pytest.mark.parametrize(
    ("players", "columns"),
    [
        (("A", "B"), {"mixed": [1, 0.5]}),  # pandas would make this a float column
        (("A\tB", "C"), {"swings": [1, 2]}),  # pandas escapes the tab
        (("A", "B"), {}),
    ],
    ids=["mixed column", "tab in a name", "no columns"],
)
def test_plain_grid_leaves_what_it_does_not_copy_to_pandas(players, columns):
    assert plain_grid(players, columns) is None


# --- the quick entry point and the full CLI give the same answers

QUICK_CORPUS = [
    ["power", "--weights", "4,4,4,2,2,1", "--quota", "12"],
    ["power", "--weights", "4,4,4,2,2,1", "--quota", "12", "--exact"],
    ["power", "--weights", "4,4,4,2,2,1", "--quota", "12", "-f", "json"],
    ["power", "--weights", "4,4,4,2,2,1", "--quota", "12", "--format", "json", "--exact"],
    ["power", "--quota", "12", "--weights", "4,4,4,2,2,1", "--names", "FR,DE,IT,BE,NL,LU"],
    ["power", "--weights", "4,4,4,2,2,1", "--quota", "12", "-i", "ss,bz,pgi"],
    ["power", "--weights", "4,4,4,2,2,1", "--quota", "12", "--index", "holler"],
    ["power", "--weights", "0.5,0.25,0.25", "--quota", "0.6"],
    ["power", "--weights", "3,2,1", "--quota", "4", "--engine", "dp"],
    ["power", "--weights", "3,2,1", "--quota", "4", "--engine", "fast", "-i", "bz,ss"],
    ["power", "--weights", "3,2,1", "--quota", "4", "--engine", "float", "-f", "json"],
    ["power", "--weights", ",".join(["1"] * 40), "--quota", "21", "-i", "banzhaf"],
    # user errors: one line on stderr, exit code 2, the same from both
    ["power", "--weights", "4,4,,2", "--quota", "12"],
    ["power", "--weights", "4,x,2", "--quota", "5"],
    ["power", "--weights", "4,4,2", "--quota", "100"],
    ["power", "--weights", "4,4,2", "--quota", "6", "--index", "nonsense"],
    ["power", "--weights", "4,4,2", "--quota", "6", "--engine", "warp"],
    ["power", "--weights", "4,4,2", "--quota", "6", "--names", "A,B"],
    ["power", "--weights", "3,2,1", "--quota", "4", "--engine", "float", "-i", "ss"],
]


def _run_quick(argv, monkeypatch, capsys):
    from pivotal import entry

    monkeypatch.setattr(sys, "argv", ["pivotal", *argv])
    code = 0
    try:
        entry.main()
    except SystemExit as stop:
        code = stop.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("argv", QUICK_CORPUS, ids=lambda a: " ".join(a[1:])[:60])
def test_quick_path_answers_as_the_full_cli(argv, monkeypatch, capsys):
    from typer.testing import CliRunner

    from pivotal.cli import app
    from pivotal.cli_quick import quick_options

    assert quick_options(argv) is not None  # the call does take the quick path
    code, out, err = _run_quick(argv, monkeypatch, capsys)
    full = CliRunner().invoke(app, argv)
    assert code == full.exit_code
    assert out == full.stdout
    assert err == full.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["power", "--help"],
        ["-v", "power", "--weights", "1,1", "--quota", "2"],
        ["power", "--weights", "1,1", "--quota", "2", "-f", "csv"],
        ["power", "--weights", "@weights.txt", "--quota", "2"],
        ["power", "--weights", "1,1", "--quota", "2", "--union", "P1+P2"],
        ["power", "--weights", "1,1", "--quota", "2", "--quota", "1"],
        ["power", "--weights", "1,1", "--quota", "-2"],
        ["power", "--weights", "1,1"],
        ["power", "--weights=1,1", "--quota", "2"],
        ["analyze", "csto"],
    ],
    ids=lambda a: " ".join(a)[:60],
)
def test_everything_else_goes_to_the_full_cli(argv):
    from pivotal.cli_quick import quick_options

    assert quick_options(argv) is None


def test_the_installed_entry_point_answers_a_plain_call_without_the_cli_framework():
    code = (
        "import sys; sys.argv = ['pivotal', 'power', '--weights', '4,4,4,2,2,1', '--quota', '12'];"
        "from pivotal.entry import main; main();"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'typer', 'click', 'pydantic', 'rich', 'numpy', 'pandas'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Weighted game [12; 4, 4, 4, 2, 2, 1]" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "[]"
