"""Fuzzing organization files: whatever the file, ``load``/``validate``/``show`` answer in bounded
time with exit code 0 or 2 and never a traceback.

Three sources of files: mutations of the bundled files (a line deleted, doubled or swapped, a
word replaced by a hostile one: huge, negative or non-finite numbers, impossible dates, brackets,
aliases, very long words), random YAML structures, and generated stress files of the kinds that
used to hang (thousands of members with their own dates, long rule texts, thousands of matters
or chairs, deep nesting, numbers of 300 digits). Each example runs in process through the CLI
(typer's CliRunner); a few run as real subprocesses (``python -m pivotal``).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pivotal.cli import app

DATA = Path(__file__).resolve().parent.parent / "src" / "pivotal" / "organizations" / "data"
SMALL = ["nato", "unsc", "imf", "csto"]
TEXTS = {name: (DATA / f"{name}.yaml").read_text(encoding="utf-8") for name in SMALL}
#: Seconds one example may take in process (load + validate + show); the machine is shared.
BOUND = 10.0

HOSTILE = [
    "-1",
    "-0.5",
    "1e309",
    ".inf",
    ".nan",
    "9" * 300,
    "0.000000000000000000001",
    "null",
    "~",
    "[",
    "]",
    "{",
    "}",
    "''",
    '"',
    "&a",
    "*a",
    "<<",
    "!!python/object:os.system",
    "2025-13-45",
    "0001-01-01",
    "9999-12-31",
    "1999",
    "all",
    "consensus",
    "majority and",
    "at least 999 of members",
    "requested by the chair",
    "verified",
    "NO",
    "x" * 2000,
    "$\\alpha$",
    "<script>",
    "é",
    "\t",
]

runner = CliRunner()


def run_all(path: Path) -> None:
    """load (show), validate: exit 0 or 2, no traceback, bounded time."""
    started = time.perf_counter()
    for args in (["validate", str(path)], ["show", str(path), "--at", "2010-01-01"]):
        result = runner.invoke(app, args)
        assert result.exit_code in (0, 2), (args, result.output[-2000:], result.exception)
        if result.exception is not None:
            assert isinstance(result.exception, SystemExit), repr(result.exception)
        assert "Traceback" not in result.output
        if result.exit_code == 2 and args[0] == "show":
            assert result.stdout == "" and result.stderr.startswith("error: ")
    assert time.perf_counter() - started < BOUND


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = TEXTS[draw(st.sampled_from(SMALL))]
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["delete", "double", "swap", "word", "indent"]))
        if how == "delete":
            del lines[i]
        elif how == "double":
            lines.insert(i, lines[i])
        elif how == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif how == "indent":
            lines[i] = "  " + lines[i]
        else:
            words = lines[i].split(" ")
            k = draw(st.integers(0, len(words) - 1))
            words[k] = draw(st.sampled_from(HOSTILE))
            lines[i] = " ".join(words)
    return "\n".join(lines)


SCALARS = st.one_of(
    st.sampled_from(HOSTILE),
    st.integers(-(10**30), 10**30).map(str),
    st.text(alphabet="abcAZ09_-:.,[]{}&*!|>'\"# ", max_size=12),
)


def to_yaml(value: object, indent: int = 0) -> str:
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "\n" + "\n".join(f"{pad}{k}: {to_yaml(v, indent + 2)}" for k, v in value.items())
    if isinstance(value, list):
        if not value:
            return "[]"
        return "\n" + "\n".join(f"{pad}- {to_yaml(v, indent + 2).lstrip()}" for v in value)
    return str(value)


KEYS = st.sampled_from(
    [
        "id",
        "name",
        "members",
        "sources",
        "memberships",
        "joined",
        "rules",
        "text",
        "status",
        "bodies",
        "matters",
        "rule",
        "from",
        "to",
        "chairs",
        "documents",
        "amends",
        "groups",
        "x",
    ]
)
STRUCTURES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=5)),
    max_leaves=25,
)


@settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=mutated())
def test_mutated_bundled_files(tmp_path, text):
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    run_all(path)


@settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.dictionaries(KEYS, STRUCTURES, max_size=6))
def test_random_structures(tmp_path, data):
    path = tmp_path / "r.yaml"
    path.write_text(to_yaml(data).lstrip("\n") + "\n", encoding="utf-8")
    run_all(path)


# ------------------------------------------------------------------------------ stress files
def member(i: int, joined: dt.date, extra: str = "") -> str:
    return (
        f"  - {{id: M{i}, name: M{i}, memberships: [{{joined: {joined.isoformat()}, "
        f"status: verified, sources: [s]}}]{extra}}}"
    )


def stress(kind: str) -> str:
    day = dt.date(1900, 1, 1)
    lines = ["id: stress", "name: Stress", "members:"]
    if kind == "many dated members":
        for i in range(4000):
            d = day + dt.timedelta(days=3 * i)
            lines.append(
                member(
                    i,
                    d,
                    f", suspended: [{{from: {d + dt.timedelta(days=1)}, "
                    f"to: {d + dt.timedelta(days=2)}, status: unverified}}]",
                )
            )
        lines.append("rules: {r: {text: majority, status: unverified}}")
    elif kind == "long rule":
        lines += [member(i, day) for i in range(5)]
        rule = " and ".join(["majority"] * 3000)
        lines.append(f'rules: {{r: {{text: "{rule}", status: unverified}}}}')
    elif kind == "many matters":
        lines += [member(i, day) for i in range(5)]
        lines += ["bodies:", "  - id: b", "    name: B", "    default_matter: m0", "    matters:"]
        lines += [
            f"      - {{id: m{i}, rule: at least {i % 5 + 1} of members, status: unverified}}"
            for i in range(2000)
        ]
    elif kind == "many chairs":
        lines += [member(i, day) for i in range(5)]
        lines.append(
            "bodies: [{id: b, name: B, matters: [{id: m, rule: consensus, status: unverified}]}]"
        )
        lines.append("chairs:")
        lines += [
            f"  - {{body: b, member: M{i % 5}, from: {day + dt.timedelta(days=i)}, "
            f"to: {day + dt.timedelta(days=i + 1)}, status: unverified}}"
            for i in range(10000)
        ]
    elif kind == "huge numbers":
        lines += [
            member(
                i, day, f", attributes: {{votes: {{value: {'9' * 300}{i}, status: unverified}}}}"
            )
            for i in range(50)
        ]
        lines.append("rules: {r: {text: votes > 50% and majority, status: unverified}}")
    elif kind == "deep":
        return "id: " + "[" * 5000 + "]" * 5000 + "\n"
    elif kind == "wide year range":
        lines.append(member(0, dt.date(1, 1, 1)))
        lines.append(member(1, dt.date(9999, 12, 31)))
        lines.append("rules: {r: {text: consensus, status: unverified}}")
    lines.append("sources: {s: https://example.org}")
    return "\n".join(lines) + "\n"


STRESS = [
    "many dated members",
    "long rule",
    "many matters",
    "many chairs",
    "huge numbers",
    "deep",
    "wide year range",
]


@pytest.mark.parametrize("kind", STRESS)
def test_stress_files_answer_in_bounded_time(tmp_path, kind):
    path = tmp_path / "s.yaml"
    path.write_text(stress(kind), encoding="utf-8")
    run_all(path)


@pytest.mark.parametrize("kind", ["deep", "huge numbers"])
def test_subprocess_no_traceback(tmp_path, kind):
    path = tmp_path / "s.yaml"
    path.write_text(stress(kind), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "pivotal", "show", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.returncode in (0, 2) and "Traceback" not in out.stderr, out.stderr[-2000:]


def test_subprocess_mutation_and_garbage(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_bytes(b"\xff\xfe\x00garbage: [\n")
    out = subprocess.run(
        [sys.executable, "-m", "pivotal", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.returncode == 2 and "Traceback" not in out.stderr and "UTF-8" in out.stderr
