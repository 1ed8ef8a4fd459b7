"""The stages of src/pivotal import one way, so the import graph has no cycle (docs/design.md).

Data flows organizations -> rules -> games -> engines -> power -> compare -> report -> cli. The
ranks below are the order of dependence that this flow gives: games are the common language
(the rule compiler and an organization's snapshot build them, engines count them), then the
engines, rules and organizations, power, then outcomes and compare, the report, the command
line and the web app beside it (``pivotal serve`` starts the app). A module imports only
stages of a lower rank, not even lazily inside a function. Imports for type checking only
(``if TYPE_CHECKING:``) are not imports at run time and are not counted.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "pivotal"

#: Each stage's place in the pipeline; a module may import only stages of a lower rank.
RANK = {
    "errors": 0,
    "games": 1,
    "datasets": 1,
    "engines": 2,
    "rules": 2,
    "organizations": 3,
    "power": 3,
    "outcomes": 4,
    "compare": 4,
    "report": 5,
    "cli_quick": 6,
    "web": 7,
    "cli": 8,
    "entry": 9,
    "__main__": 10,
}


def _stage(path: Path) -> str:
    rel = path.relative_to(PACKAGE).parts
    return rel[0] if len(rel) > 1 else rel[0].removesuffix(".py")


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for n in ast.walk(node))
    return skip


def imports() -> list[tuple[str, str, str]]:
    """(importing stage, imported stage, where) for every import between stages."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        stage = _stage(path)
        if stage == "__init__":
            continue  # the package's facade re-exports every stage, lazily (PEP 562)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_checking_nodes(tree)
        package = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.ImportFrom):
                base = package[: len(package) - node.level]
                names = [".".join(base + ([node.module] if node.module else []))]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[0] == "pivotal" and len(parts) > 1 and parts[1] != stage:
                    where = f"{path.relative_to(PACKAGE)}:{node.lineno}"
                    found.append((stage, parts[1], where))
    return found


def test_every_stage_has_a_rank() -> None:
    stages = {_stage(p) for p in PACKAGE.rglob("*.py")} - {"__init__"}
    assert stages <= set(RANK), f"stages without a place in the pipeline: {stages - set(RANK)}"


@pytest.mark.parametrize("edge", imports(), ids=lambda e: f"{e[0]}->{e[1]}@{e[2]}")
def test_imports_flow_one_way(edge: tuple[str, str, str]) -> None:
    source, target, where = edge
    assert RANK[target] < RANK[source], f"{where}: {source} imports the higher stage {target}"


def test_the_graph_has_no_cycle() -> None:
    graph: dict[str, set[str]] = {}
    for source, target, _ in imports():
        graph.setdefault(source, set()).add(target)
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            assert state.get(nxt) != 1, "import cycle: " + " -> ".join([*path, node, nxt])
            if nxt not in state:
                visit(nxt, [*path, node])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
