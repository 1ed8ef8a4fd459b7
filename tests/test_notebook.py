"""The example notebook ``docs/csto.ipynb`` runs from top to bottom and says what it should.

It is executed with nbclient in a fresh ``python3`` kernel (this environment's ipykernel), whose
working directory is a temporary folder, so it can rely on nothing but the installed package. The
values it must show are checked against closed forms of the CSTO's symmetric rules on
2012-05-15 (seven members): consensus wins only with all seven (power to act 1/2^7), majority
(four of seven) with half of all coalitions, a member's power to prevent under majority is
C(6, 3)/2^6.
"""

from __future__ import annotations

import math
import os
from fractions import Fraction
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import pivotal

NOTEBOOK = Path(__file__).resolve().parents[1] / "docs" / "csto.ipynb"
CSTO_2012 = "ARM, BLR, KAZ, KGZ, RUS, TJK, UZB"


def text_of(cell: nbformat.NotebookNode) -> str:
    """Everything a code cell printed or displayed as text."""
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts.append(output.data.get("text/plain", ""))
        elif output.output_type == "error":
            parts.append("\n".join(output.traceback))
    return "".join(parts)


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> nbformat.NotebookNode:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    cwd = tmp_path_factory.mktemp("notebook")
    # The kernel imports the pivotal these tests import (a checkout's src/ or the installed one).
    src = str(Path(pivotal.__file__).resolve().parents[1])
    path = os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH")) if p)
    client = NotebookClient(
        notebook,
        timeout=60,
        kernel_name="python3",
        resources={"metadata": {"path": str(cwd)}},
    )
    client.execute(
        env={
            **os.environ,
            "PYTHONPATH": path,
            "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        }
    )
    assert not list(cwd.iterdir()), "the notebook should write no files"
    return notebook


def test_notebook_is_stored_without_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]
    assert notebook.metadata.kernelspec.name == "python3"


def test_notebook_runs_without_errors(executed):
    for cell in executed.cells:
        if cell.cell_type == "code":
            assert not [o for o in cell.outputs if o.output_type == "error"], text_of(cell)


def test_notebook_answers_the_csto_question(executed):
    out = {c.id: text_of(c) for c in executed.cells if c.cell_type == "code"}
    everything = " ".join("\n".join(out.values()).split())  # spaces of alignment collapsed
    # 1. the veto players, and who loses the veto
    assert f"Veto players under consensus: {CSTO_2012}" in everything
    assert "Veto players under majority: none" in everything
    assert f"Lose the veto with majority: {CSTO_2012}" in everything
    # 2. power to act: 1/2^7 and 2^6/2^7
    assert f"consensus {Fraction(1, 2**7)} (0.78% of all coalitions)" in everything
    assert f"majority {Fraction(2**6, 2**7)} (50.00% of all coalitions)" in everything
    assert f"{2**6} times as often" in everything
    # 3. Belarus's power to prevent: 1 under consensus, C(6,3)/2^6 under majority
    prevent = Fraction(math.comb(6, 3), 2**6)
    assert f"coleman_prevent consensus 1 -> majority {prevent}" in everything
    assert f"penrose consensus {Fraction(1, 2**6)} -> majority {prevent}" in everything
    # 4. the timeline's long frame pivots on its dates: after Uzbekistan's suspension six
    # members, majority 4 of 6: BLR prevents C(5, 3) of the 22 winning coalitions
    assert f"2012-12-19 1.0 {math.comb(5, 3) / 22:.6f}" in everything
    # the HTML display of the comparison (a table of both rules)
    html = executed.cells[1].outputs[0].data["text/html"]
    assert "<b>CSTO on 2012-05-15: consensus vs majority</b>" in html and "-11/16" in html
    # 5. two plots drawn as images
    images = [
        o
        for c in executed.cells
        if c.cell_type == "code"
        for o in c.outputs
        if o.output_type == "display_data" and "image/png" in o.data
    ]
    assert len(images) == 2
    # the caveats of the data file are listed
    assert "- The rule 'majority'" in everything
