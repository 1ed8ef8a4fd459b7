"""The README's console examples are what the CLI prints now, so the README cannot drift."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pivotal.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"


def console_blocks() -> list[tuple[str, list[str]]]:
    text = README.read_text(encoding="utf-8")
    blocks = []
    for body in re.findall(r"```console\n(.*?)```", text, flags=re.S):
        lines = body.rstrip("\n").split("\n")
        assert lines[0].startswith("$ pivotal "), lines[0]
        blocks.append((lines[0][2:], lines[1:]))
    return blocks


def test_readme_has_console_examples():
    assert len(console_blocks()) >= 2


@pytest.mark.parametrize(("command", "shown"), console_blocks(), ids=lambda v: str(v)[:40])
def test_console_example_matches_cli_output(command: str, shown: list[str]):
    """Every shown line appears in the real output, in order; '...' stands for omitted lines."""
    args = shlex.split(command)[1:]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    actual = result.output.rstrip("\n").split("\n")
    position = 0
    for line in shown:
        if line == "...":
            continue
        try:
            position = actual.index(line, position) + 1
        except ValueError:
            pytest.fail(f"README line not in the output of {command!r} (in order):\n{line}")
