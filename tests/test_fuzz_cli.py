"""Fuzzing the command line: whatever the arguments, exit code 0 or 2, no traceback, no hang.

Argument lists are drawn from the real commands and options (read from the typer app, so a new
command or option is fuzzed without editing this file), the bundled organization ids and the
values each option takes, mixed with odd values: empty strings, spaces, unicode, TeX (``$x$``),
300-character names, negative and huge numbers, NaN, repeated and unknown ids, ids in the wrong
case, paths to nowhere or to a folder. Each list runs through the installed entry point
(:func:`pivotal.entry.main`, with ``sys.argv`` patched), in process. A run must

* exit 0 (done) or 2 (a user error on one line), never 1 (an uncaught exception, or a usage
  error the framework reports in its own words) and never 70 (the last-resort handler: a bug);
* print no ``Traceback`` and no ``internal error``;
* finish within :data:`SECONDS` (an alarm stops a run that hangs).

Hypothesis runs derandomized, so the same examples run every time and a failure reproduces.
"""

from __future__ import annotations

import contextlib
import io
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.main import get_command

from pivotal import entry
from pivotal.cli import app
from pivotal.organizations import bundled

#: The longest one run may take, in seconds (the slowest bundled run takes about 8 s here, on
#: two busy cores).
SECONDS = 60
#: Examples per run: about 40 s in all on two cores.
EXAMPLES = 250

GROUP = get_command(app)
COMMANDS = {name: GROUP.commands[name] for name in sorted(GROUP.commands)}

FOLDER = Path(tempfile.mkdtemp(prefix="pivotal-fuzz-"))
(FOLDER / "a folder.yaml").mkdir()
(FOLDER / "weights.txt").write_text("4 4 4\n2, 2, 1\n", encoding="utf-8")
ORGS = [*bundled()]
LONG = "x" * 300
MEMBERS = ["RUS", "BLR", "KAZ", "ARM", "KGZ", "TJK", "UZB", "DEU", "FRA", "USA", "CA", "TX"]

ODD = [
    "",
    " ",
    ",",
    "+",
    "-",
    "@",
    "$x$",
    "$\\frac{1}{2}$",
    "$$",
    "ü",
    "日本",
    "x" * 300,
    "Ω" * 150,
    "NaN",
    "-1",
    "1e999",
    "../",
    "a\tb",
    "None",
]
NUMBERS = ["0", "1", "2", "-1", "-5", "10", "0.5", "1e-9", "1000000000000", "1e30", "nan", "inf"]
NUMBERS += ["-inf", "9" * 40, "abc", "", "2011", "1/3"]
DATES = ["2012-05-15", "2024-06-01", "1994-04-20", "2000-02-29", "1990-01-01", "2012-13-45"]
DATES += ["99999-01-01", "2012-05", "today", ""]


def _ids() -> st.SearchStrategy[str]:
    one = st.sampled_from(MEMBERS).flatmap(
        lambda m: st.sampled_from([m, m.lower(), m.title(), m + "X"])
    )
    return st.lists(one, min_size=1, max_size=3).map(",".join)


def _paths(suffixes: list[str]) -> st.SearchStrategy[str]:
    names = [f"out.{s}" for s in suffixes] + ["out.txt", "out", ""]
    return st.one_of(
        st.sampled_from([str(FOLDER / n) for n in names]),
        st.sampled_from(
            [
                str(FOLDER / ("x" * 300 + "." + suffixes[0])),
                str(FOLDER / "missing" / f"out.{suffixes[0]}"),
                str(FOLDER),
                str(FOLDER / "a folder.yaml"),
                f"{FOLDER}/$x$.{suffixes[0]}",
            ]
        ),
    )


#: The usual values of each option, by parameter name; other options draw from ODD only.
VALUES: dict[str, st.SearchStrategy[str]] = {
    "organization": st.sampled_from(
        [
            *[*ORGS, "CSTO", "atlantis", str(FOLDER / "a folder.yaml"), str(FOLDER / "none.yaml")],
            *[LONG + ".yaml", f"{FOLDER}/{LONG}/x.yaml", ""],
        ]
    ),
    "source": st.sampled_from(["unga", "UNGA", "imf"]),
    "scenario": st.sampled_from(
        ["csto-2012", "CSTO-2012", "nowhere", LONG + ".yaml", str(FOLDER), str(FOLDER / "x.yml")]
    ),
    "dataset": st.sampled_from(["deu", "DEU", "nowhere"]),
    "at": st.sampled_from(DATES),
    "start": st.sampled_from(DATES),
    "end": st.sampled_from(DATES),
    "rule": st.sampled_from(
        ["consensus", "majority", "unanimity", "at least 2/3 of members", "qmv", "Consensus"]
    ),
    "index": st.sampled_from(["ss", "SS", "bz,pgi", "all", "owen", "ss,ss", "nonsense", "prevent"]),
    "engine": st.sampled_from(["dp", "DP", "fast", "enumeration", "float", "montecarlo", "warp"]),
    "format": st.sampled_from(["table", "json", "JSON", "csv", "markdown", "Markdown", "yaml"]),
    "participants": _ids(),
    "members": _ids(),
    "absent": _ids(),
    "host": _ids(),
    "member": _ids(),
    "setter": _ids(),
    "watch": _ids(),
    "agree_with": _ids(),
    "union": st.sampled_from(["RUS+BLR", "rus+blr", "union_state", "RUS+RUS", "crrf", "A+B"]),
    "report": _paths(["html"]),
    "chart": _paths(["png", "svg"]),
    "weights": st.sampled_from(
        [
            *["4,4,4,2,2,1", "1,1", "3,2,1", "-1,2", "4,x", "1e400,1", "A=3,B=1", "A=3,A=1"],
            *[f"@{FOLDER / 'weights.txt'}", f"@{FOLDER}", f"@{FOLDER / 'none.txt'}", "@"],
        ]
    ),
    "quota": st.sampled_from(["12", "2", "0", "-1", "1/2", "1e300", "4"]),
    "names": st.sampled_from(["FR,DE,IT,BE,NL,LU", "A,B", "A,A,B", "$x$,b,c", "a,b,c"]),
    "positions": st.sampled_from(["A=10,B=40,C=75", "$x$=10,B=40,C=75", "A=10,A=20", "A", "A=x"]),
    "salience": st.sampled_from(["A=50,B=80", "A=-1", "A=50,A=50"]),
    "status_quo": st.sampled_from(["60", "x", "-1e300", "30"]),
    "proposal": st.sampled_from(["30", "nato_partnership", "nato=40,regime=50", "nato=x"]),
    "capability": st.sampled_from(["shapley_shubik", "votes", "SS", "nonsense"]),
    "document": st.sampled_from(["treaty", "TREATY", "charter", "nowhere"]),
    "model": st.sampled_from(["mean", "MEAN", "mean,mean", "median,constant50", "nonsense"]),
    "roll_calls": st.sampled_from(["years", "session", "SESSION", "months"]),
    "value": st.sampled_from(["ideal_point", "agreement", "AGREEMENT", "x"]),
    "dimension": st.sampled_from(["unga", "nato"]),
}
NUMERIC = ("samples", "precision", "seed", "budget", "year", "simulate", "strategic")


def _value(name: str, odd_every: int = 4) -> st.SearchStrategy[str]:
    """A value for the parameter ``name``: usually one it takes, an odd one every
    ``odd_every`` times (so that runs get past the first option often enough to go deep)."""
    usual = st.sampled_from(NUMBERS) if name in NUMERIC else VALUES.get(name)
    odd = st.sampled_from(ODD)
    if usual is None:
        return odd
    return st.integers(1, odd_every).flatmap(lambda k: odd if k == 1 else usual)


@st.composite
def argument_lists(draw: Any) -> list[str]:
    name = draw(st.sampled_from(list(COMMANDS)))
    command = COMMANDS[name]
    args: list[str] = []
    for param in command.params:
        if param.param_type_name == "argument" and draw(st.integers(0, 9)) > 0:
            args.append(draw(_value(param.name or "", odd_every=8)))
    options = [
        p
        for p in command.params
        if p.param_type_name == "option" and p.name not in ("help", "verbose")
    ]
    required = [p for p in options if p.required]
    chosen = required + draw(
        st.lists(st.sampled_from(options), max_size=4, unique_by=lambda p: p.name)
        if options
        else st.just([])
    )
    if chosen and draw(st.integers(0, 5)) == 0:
        chosen.append(draw(st.sampled_from(chosen)))  # an option given twice
    for param in chosen:
        flag = param.opts[0]
        if getattr(param, "is_flag", False):
            args.append(flag)
            continue
        args += [flag, draw(_value(param.name or ""))]
    where = draw(st.sampled_from(["none", "before", "after"]))
    argv = [name, *args]
    if where == "before":
        argv = ["-v", *argv]
    elif where == "after":
        argv = [*argv, "--verbose"]
    return argv


class Hang(BaseException):
    """A run went past :data:`SECONDS` (a BaseException, so no handler of the CLI takes it)."""


def _alarm(signum: int, frame: Any) -> None:
    raise Hang(f"over {SECONDS} s")


def run_cli(argv: list[str]) -> tuple[int, str, str, float]:
    """Run the installed entry point on ``argv`` in this process: exit code, stdout, stderr and
    seconds taken."""
    out, err = io.StringIO(), io.StringIO()
    saved = sys.argv
    sys.argv = ["pivotal", *argv]
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(SECONDS)
    start = time.perf_counter()
    code: Any = 0
    try:
        # `pivotal serve` would listen until the alarm: its options are fuzzed, not the server.
        with (
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            mock.patch("uvicorn.run", lambda *args, **kwargs: None),
        ):
            try:
                entry.main()
            except SystemExit as stop:
                code = stop.code
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        sys.argv = saved
    code = 0 if code is None else code
    return code, out.getvalue(), err.getvalue(), time.perf_counter() - start


@pytest.fixture(scope="module", autouse=True)
def compiled_kernels():
    """Compile the numba kernels before the timed runs: a first compilation on a cold cache
    takes tens of seconds on two busy cores, which is start-up, not a hang of the command."""
    for argv in (
        ["analyze", "csto", "--engine", "fast"],
        ["power", "--weights", "3,2,1", "--quota", "4", "--engine", "float", "-i", "ss"],
        ["power", "--weights", "3,2,1", "--quota", "4", "--engine", "float"],
    ):
        out, err = io.StringIO(), io.StringIO()
        with (
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            contextlib.suppress(SystemExit),
        ):
            _plain(argv)


def _plain(argv: list[str]) -> None:
    saved = sys.argv
    sys.argv = ["pivotal", *argv]
    try:
        entry.main()
    finally:
        sys.argv = saved


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(argv=argument_lists())
def test_any_argument_list_exits_0_or_2_without_a_traceback(argv):
    code, out, err, seconds = run_cli(argv)
    shown = f"pivotal {' '.join(argv)}\nexit {code}\n{err[-3000:]}"
    assert code in (0, 2), shown
    assert "Traceback" not in out + err, shown
    assert "internal error" not in out + err, shown
    assert seconds < SECONDS, shown
    if code == 2:
        # One error line (a framework usage error shows its usage lines above it).
        assert err.strip(), shown
        errors = [line for line in err.splitlines() if line.startswith(("error:", "Error:"))]
        assert len(errors) == 1, shown


def test_the_fuzzer_reaches_every_command_and_both_outcomes():
    """The corpus is not vacuous: every command is drawn, and some runs succeed, some fail."""
    seen: set[str] = set()
    codes: set[int] = set()

    @settings(max_examples=400, derandomize=True, database=None, deadline=None)
    @given(argv=argument_lists())
    def sample(argv):
        seen.add(argv[1] if argv[0] == "-v" else argv[0])

    sample()
    assert seen == set(COMMANDS)
    for argv in (["rules"], ["orgs"], ["analyze", "csto", "--participants", ""]):
        codes.add(run_cli(argv)[0])
    assert codes == {0, 2}
