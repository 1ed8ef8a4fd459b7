"""Read and validate a scenario file; every problem names ``file:line:column`` and the fix.

The format is documented in ``docs/scenarios.md``. A scenario is validated completely before a
:class:`~pivotal.outcomes.scenario.Scenario` is built: the organization and date must give a
member set, every member taking part needs an ideal point on every dimension, values must lie on
the dimension's scale, blocs and the setter must name members, and every rule must compile.

Problems are collected, not stopped at, wherever the parts of a file are independent: the
top-level keys, each source, each member's and actor's value on each dimension and salience, the
status quo on each dimension, each proposal, each rule, the blocs, the setter and the dimensions.
A problem that makes what depends on it meaningless skips only that: with a bad ``dimensions:``
no value is checked against the dimensions, with a bad member list no member id is checked.
:func:`validate_scenario_text` returns every problem as a
:class:`~pivotal.organizations.loader.Problem` (the organization files' type, so ``pivotal
validate`` lists both kinds alike), sorted by line; :func:`loads_scenario` raises
:class:`ScenarioFileError` with the first problem found and how many more there are.

>>> s = loads_scenario('''
... id: demo
... name: Three members
... members: [A, B, C]
... rules: [majority, consensus]
... dimensions: [{id: x, name: Spending, low: less, high: more}]
... status_quo: {x: 50, status: verified, sources: [law]}
... setter: A
... positions:
...   A: {x: 20, status: estimate, sources: [press]}
...   B: {x: 40, status: estimate, sources: [press]}
...   C: {x: 90, status: illustrative}
... sources: {law: "Budget law 2024", press: "Newspaper reports"}
... ''')
>>> s.members, s.positions_on("x")
(('A', 'B', 'C'), {'A': Fraction(20, 1), 'B': Fraction(40, 1), 'C': Fraction(90, 1)})
>>> s.game("majority")
WeightedGame([2; 1, 1, 1])
>>> for p in validate_scenario_text('''
... id: demo
... name: Three members
... members: [A, B, C]
... dimensions: [{id: x, name: Spending, scale: [0, 100]}]
... status_quo: {x: 50, status: verified}
... positions:
...   A: {x: 20, status: estimate}
...   B: {x: 140, status: estimate}
...   D: {x: 90, status: illustrative}
... ''', "demo.yaml"):
...     print(p.message())  # doctest: +NORMALIZE_WHITESPACE
demo.yaml:2:1: rules: expected rules: with at least one rule text for an inline scenario;
  received no rules. Add e.g. 'rules: [consensus, majority]'.
demo.yaml:6:13: status_quo: expected at least one source for a verified value; received no
  sources. Add 'sources: [key]' (a key of the sources: map), or mark the value estimate.
demo.yaml:7:1: positions: expected a position for every member taking part (A, B, C); received
  none for C. Add their positions, or list them under absent: if they do not take part.
demo.yaml:9:10: positions.B.x: expected a value on the dimension's scale [0, 100]; received 140.
  Fix the value, or widen the dimension's scale.
demo.yaml:10:3: positions: expected a member id (A, B, C) or an actor listed under actors:;
  received 'D'. Use a member id, or list the actor under actors:.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pivotal.errors import PivotalError
from pivotal.games.weighted import to_fraction
from pivotal.organizations import Organization, load_organization
from pivotal.organizations.loader import Problem
from pivotal.organizations.locate import FileProblemsError
from pivotal.organizations.yamlnodes import SOURCE_KEY, NodeReader, compose, did_you_mean
from pivotal.outcomes.scenario import (
    DISTRIBUTIONS,
    STATUSES,
    Dimension,
    Proposal,
    Scenario,
    Sourced,
    Uncertainty,
)
from pivotal.power.registry import ALIASES, INDICES

__all__ = [
    "FORMAT_VERSION",
    "CheckedScenario",
    "Problem",
    "ScenarioFileError",
    "bundled_scenarios",
    "check_scenario_text",
    "is_scenario_text",
    "load_scenario",
    "loads_scenario",
    "validate_scenario_text",
]

_T = TypeVar("_T")

FORMAT_VERSION = 1
#: Scenario files larger than this are refused before parsing (they are hand-written text).
MAX_BYTES = 2_000_000

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_FILE_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
_TOP_KEYS = (
    "format",
    "id",
    "name",
    "description",
    "organization",
    "at",
    "body",
    "matter",
    "participants",
    "absent",
    "host",
    "members",
    "rules",
    "capability",
    "dimensions",
    "status_quo",
    "setter",
    "actors",
    "positions",
    "blocs",
    "proposals",
    "sources",
)
_REQUIRED = ("id", "name", "dimensions", "status_quo", "positions")
_TOP_WHAT = "a scenario (a mapping with id, name, dimensions, status_quo and positions)"
_START = (
    "Start from the bundled csto-2012 scenario (src/pivotal/outcomes/data/csto-2012.yaml; "
    "the format is in docs/scenarios.md)."
)
#: A top-level key only a scenario has: how a file's kind is told without reading it.
_SCENARIO_KEYS = re.compile(r"^(dimensions|positions|status_quo)\s*:", re.MULTILINE)
_LOCATED = re.compile(r"^(?P<label>.*):(?P<line>\d+):(?P<column>\d+)(?: \((?P<path>.*)\))?$")
_PROVENANCE = ("status", "sources", "note")
_VALUE_KEYS = ("value", "status", "sources", "note", "uncertainty")


def _data_dir() -> Path:
    return Path(str(resources.files("pivotal.outcomes").joinpath("data")))


def bundled_scenarios() -> list[str]:
    """Ids of the scenarios shipped with pivotal.

    >>> "csto-2012" in bundled_scenarios()
    True
    """
    folder = _data_dir()
    if not folder.is_dir():  # pragma: no cover - only in a broken install
        return []
    return sorted(p.stem for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))


def load_scenario(name_or_path: str | os.PathLike[str]) -> Scenario:
    """A bundled scenario by id (``"csto-2012"``) or a scenario file by path."""
    text_name = str(name_or_path)
    if (
        not isinstance(name_or_path, os.PathLike)
        and not text_name.lower().endswith((".yaml", ".yml"))
        and "/" not in text_name
        and os.sep not in text_name
    ):
        names = bundled_scenarios()
        if text_name.strip().lower() not in names:
            raise PivotalError(
                "scenario",
                "one of the bundled scenarios "
                + ", ".join(f"'{n}'" for n in names)
                + " or a path to a .yaml file",
                text_name,
                "Use a bundled scenario id, or give the path of your own scenario file.",
            )
        path = _data_dir() / f"{text_name.strip().lower()}.yaml"
    else:
        path = Path(name_or_path)
    try:
        found = path.is_file()
    except OSError as exc:  # a name over the file system's limit (ENAMETOOLONG), a link loop
        raise PivotalError(
            "path",
            "a path the operating system accepts (file names of at most 255 bytes)",
            str(name_or_path),
            f"Use a shorter path ({exc.strerror or exc}).",
        ) from None
    if not found:
        raise PivotalError(
            "path",
            "an existing scenario file (.yaml)",
            str(name_or_path),
            "Check the path, or pass the id of a bundled scenario.",
        )
    if path.stat().st_size > MAX_BYTES:
        raise PivotalError(
            str(path),
            f"a scenario file of at most {MAX_BYTES:,} bytes",
            f"{path.stat().st_size:,} bytes",
            "Scenario files are hand-written; check that this is the file you meant.",
        )
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PivotalError(
            str(path), "a readable UTF-8 text file", type(exc).__name__, "Save it as UTF-8."
        ) from exc
    return loads_scenario(text, label=str(path), base=path.parent)


class ScenarioFileError(FileProblemsError):
    """A scenario file with problems: the first found is the message, ``problems`` holds all
    (in the order they were found)."""


@dataclass
class CheckedScenario:
    """What validation found: every problem (sorted by line), and the scenario when none."""

    problems: list[Problem]
    scenario: Scenario | None


def is_scenario_text(text: str) -> bool:
    """Whether a file's text is a scenario's (it has a top-level key only scenarios have:
    ``dimensions``, ``positions`` or ``status_quo``) rather than an organization's.

    >>> is_scenario_text("format: 1\\ndimensions: []\\n")
    True
    >>> is_scenario_text("id: x\\nmembers: []\\n")
    False
    """
    return _SCENARIO_KEYS.search(text) is not None


def loads_scenario(text: str, label: str = "<string>", base: Path | None = None) -> Scenario:
    """Load and validate a scenario from YAML text; ``label`` names it in error messages and
    ``base`` is the folder that a relative ``organization:`` path is read from.

    Raises :class:`ScenarioFileError` (a :class:`PivotalError`) naming the first problem found
    and how many more there are; :func:`validate_scenario_text` lists them all."""
    root = compose(text, label, _TOP_WHAT, _START)
    reader = _ScenarioReader(label, base)
    scenario = reader.read(root)
    if scenario is None:
        raise ScenarioFileError(reader.problems)
    return scenario


def check_scenario_text(
    text: str, label: str = "<string>", base: Path | None = None
) -> CheckedScenario:
    """Every problem of a scenario file's text, sorted by line, and the scenario when there is
    none. A file that is not YAML (or is empty, or over a limit) is one problem, at the line
    where the parser stopped (1:1 when the file as a whole is wrong)."""
    try:
        root = compose(text, label, _TOP_WHAT, _START)
    except PivotalError as err:
        return CheckedScenario([_problem_of(err, label)], None)
    reader = _ScenarioReader(label, base)
    scenario = reader.read(root)
    return CheckedScenario(_sorted(reader.problems), scenario)


def validate_scenario_text(
    text: str, label: str = "<string>", base: Path | None = None
) -> list[Problem]:
    """Every problem of a scenario file's text, in file order (empty: the file is valid)."""
    return check_scenario_text(text, label, base).problems


def _problem_of(err: PivotalError, label: str) -> Problem:
    """A parser's error as a problem, at the ``label:line:column`` its parameter names."""
    match = _LOCATED.match(err.parameter)
    if match is None:
        return Problem(label, 1, 1, "top level", err.allowed, err.received, err.fix)
    return Problem(
        label,
        int(match["line"]),
        int(match["column"]),
        match["path"] or "top level",
        err.allowed,
        err.received,
        err.fix,
    )


def _sorted(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[int, int, str, str]] = set()
    out = []
    for p in sorted(problems, key=lambda p: (p.line, p.column)):
        key = (p.line, p.column, p.path, p.allowed)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


class _KeptError(Exception):
    """A check whose problems are kept already ends without a value."""


class _ProblemError(PivotalError):
    """A problem that ends the check it is found in (the checks beside it go on)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(
            f"{problem.label}:{problem.line}:{problem.column} ({problem.path})",
            problem.allowed,
            problem.received,
            problem.fix,
        )


class _ScenarioReader(NodeReader):
    statuses = STATUSES
    sourced_statuses = ("verified", "proxy")
    weak_status = "estimate"
    what = "value"

    def __init__(self, label: str, base: Path | None) -> None:
        super().__init__(label)
        self.base = base
        self.dimensions: dict[str, Dimension] = {}
        self.members: tuple[str, ...] = ()
        self.actors: dict[str, str] = {}
        self.capabilities: dict[str, object] = {}
        self.root: Node | None = None
        #: Every problem found, in the order the checks ran.
        self.problems: list[Problem] = []
        #: False when the sources: map itself is broken: citations are then not checked.
        self.sources_read = True
        #: False when the actors: map is broken: position keys are then not checked against it.
        self.actors_read = True

    # ------------------------------------------------------------------ problems

    def fail(self, node: Node, path: str, allowed: str, received: object, fix: str) -> NoReturn:
        mark = node.start_mark
        text = received if isinstance(received, str) else repr(received)
        raise _ProblemError(
            Problem(self.label, mark.line + 1, mark.column + 1, path, allowed, text, fix)
        )

    def attempt(
        self, node: Node, path: str, check: Callable[..., _T], *args: Any, default: _T
    ) -> _T:
        """``check(*args)``, or ``default`` with its problem kept, so that the checks beside it
        still run; an error raised below this reader (a rule, a date) is put at ``node``."""
        try:
            return check(*args)
        except _ProblemError as stop:
            self.problems.append(stop.problem)
        except _KeptError:
            pass
        except PivotalError as err:
            mark = node.start_mark
            self.problems.append(
                Problem(
                    self.label,
                    mark.line + 1,
                    mark.column + 1,
                    path,
                    err.allowed,
                    err.received,
                    err.fix,
                )
            )
        return default

    def source_map(self, node: Node) -> dict[str, str]:
        fields = self.mapping(node, "sources", (), what="a mapping of key to URL or citation")
        out: dict[str, str] = {}
        for key, value in fields.items():
            # Kept even when its entry has a problem, so its citations are not reported too.
            out[key] = key
            out[key] = self.attempt(
                value, f"sources.{key}", self.source_entry, node, key, value, default=key
            )
        return out

    def source_entry(self, node: Node, key: str, value: Node) -> str:
        if not SOURCE_KEY.match(key):
            self.fail(
                self.key_node(node, value),
                "sources",
                "a key of letters, digits and '_'",
                repr(key),
                "Rename the key (e.g. ria_2025_history).",
            )
        return self.text(value, f"sources.{key}", what="a URL or a citation")

    def source_keys(self, node: Node, path: str) -> tuple[str, ...]:
        if self.sources_read:
            return super().source_keys(node, path)
        # The sources: map has its own problem: which keys it holds is unknown.
        items = self.sequence(node, path, "a list of source keys, e.g. [ria]")
        return tuple(self.text(v, f"{path}[{i}]", what="a source key") for i, v in enumerate(items))

    # ------------------------------------------------------------------ values

    def exact(self, node: Node, path: str, what: str = "a number") -> Fraction:
        """An exact number from the node's text: 12, -0.18, 2.5e3 or 1/3."""
        if not isinstance(node, ScalarNode) or self.is_null(node):
            self.fail(node, path, what, self.shown(node), "Write a number, e.g. 40 or -0.18.")
        try:
            return to_fraction(node.value, path)
        except PivotalError:
            self.fail(
                node,
                path,
                f"{what} such as 40, -0.18 or 1/3",
                repr(node.value),
                "Write the value as a number, without units.",
            )

    def uncertainty(self, node: Node, path: str, center: Fraction) -> Uncertainty:
        fields = self.mapping(node, path, DISTRIBUTIONS, what="one of " + ", ".join(DISTRIBUTIONS))
        if len(fields) != 1:
            self.fail(
                node,
                path,
                "exactly one of " + ", ".join(DISTRIBUTIONS),
                ", ".join(fields),
                "Give one distribution, e.g. {interval: [30, 50]} or {normal: {sd: 5}}.",
            )
        ((kind, value),) = fields.items()
        where = f"{path}.{kind}"
        if kind == "normal":
            params = self.mapping(value, where, ("mean", "sd"), ("sd",))
            mean = self.exact(params["mean"], f"{where}.mean") if "mean" in params else center
            sd = self.exact(params["sd"], f"{where}.sd")
            if sd < 0:
                self.fail(params["sd"], f"{where}.sd", "an sd of 0 or more", str(sd), "Fix it.")
            return Uncertainty("normal", (mean, sd))
        items = self.sequence(value, where, "a list of numbers")
        size = 3 if kind == "triangular" else 2
        if len(items) != size:
            shape = "[low, mode, high]" if size == 3 else "[low, high]"
            self.fail(value, where, f"{size} numbers {shape}", f"{len(items)}", f"Write {shape}.")
        nums = [self.exact(v, f"{where}[{i}]") for i, v in enumerate(items)]
        if sorted(nums) != nums:
            self.fail(value, where, "numbers in increasing order", str(nums), "Reorder them.")
        if not nums[0] <= center <= nums[-1]:
            self.fail(
                value,
                where,
                f"a range that contains the value {center}",
                f"[{nums[0]}, {nums[-1]}]",
                "Center the range on the value, or fix the value.",
            )
        return Uncertainty(kind, tuple(nums))

    def sourced(
        self,
        node: Node,
        path: str,
        inherited: tuple | None,
        scale: tuple[Fraction, Fraction] | None,
        uncertainty: Node | None = None,
        nonnegative: bool = False,
    ) -> Sourced:
        """A bare number (taking the entry's provenance) or {value, status, sources, note,
        uncertainty}."""
        if isinstance(node, MappingNode):
            fields = self.mapping(node, path, _VALUE_KEYS, ("value",))
            value = self.exact(fields["value"], f"{path}.value")
            status, sources, note = self.provenance(fields, node, path, inherited)
            uncertainty = fields.get("uncertainty", uncertainty)
        else:
            value = self.exact(node, path)
            if inherited is None:
                self.fail(
                    node,
                    path,
                    "a value with a status",
                    self.shown(node),
                    "Write {value: ..., status: ..., sources: [...]}, or give status: beside it.",
                )
            status, sources, note = inherited
        if scale is not None and not scale[0] <= value <= scale[1]:
            self.fail(
                node,
                path,
                f"a value on the dimension's scale [{scale[0]}, {scale[1]}]",
                str(value),
                "Fix the value, or widen the dimension's scale.",
            )
        if nonnegative and value < 0:
            self.fail(node, path, "a salience of 0 or more", str(value), "Saliences weigh issues.")
        spread = (
            None
            if uncertainty is None
            else self.uncertainty(uncertainty, f"{path}.uncertainty", value)
        )
        return Sourced(value, status, sources, note, spread)

    # ------------------------------------------------------------------ structure

    def read(self, root: Node) -> Scenario | None:
        """The scenario, or None with every problem found in :attr:`problems`."""
        try:
            scenario = self.scenario(root)
        except _ProblemError as stop:  # the file's shape is wrong: nothing else can be checked
            self.problems.append(stop.problem)
            return None
        return None if self.problems else scenario

    def top_level(self, root: Node) -> dict[str, Node]:
        """The top-level keys; each unknown, repeated or missing key is a problem of its own."""
        if not isinstance(root, MappingNode):
            self.fail(root, "top level", _TOP_WHAT, self.shown(root), _START)
        out: dict[str, Node] = {}
        meant: set[str] = set()
        for key_node, value_node in root.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key is None or key not in _TOP_KEYS:
                close = difflib.get_close_matches(str(key), _TOP_KEYS, n=1)
                meant.update(close)
                self.attempt(
                    key_node,
                    "top level",
                    self.fail,
                    key_node,
                    "top level",
                    "one of the keys " + ", ".join(_TOP_KEYS),
                    self.shown(key_node) if key is None else repr(key),
                    f"Did you mean '{close[0]}'?" if close else "Remove or rename that key.",
                    default=None,
                )
            elif key in out:
                self.attempt(
                    key_node,
                    "top level",
                    self.fail,
                    key_node,
                    "top level",
                    "each key once",
                    repr(key),
                    f"Remove the second '{key}' (first at line {out[key].start_mark.line + 1}).",
                    default=None,
                )
            else:
                out[key] = value_node
        # A misspelt key is one problem (at the typo), not also a missing key.
        missing = [k for k in _REQUIRED if k not in out and k not in meant]
        if missing:
            self.attempt(
                root,
                "top level",
                self.fail,
                root,
                "top level",
                "the keys " + ", ".join(_REQUIRED),
                "no " + ", ".join(missing),
                f"Add '{missing[0]}:' to top level.",
                default=None,
            )
        return out

    def check_format(self, fmt: Node) -> None:
        if not (isinstance(fmt, ScalarNode) and fmt.value == str(FORMAT_VERSION)):
            self.fail(fmt, "format", str(FORMAT_VERSION), self.shown(fmt), "Write format: 1.")

    def scenario(self, root: Node) -> Scenario:
        """Every check, in file order of the sections; problems go to :attr:`problems`."""
        self.root = root
        top = self.top_level(root)
        attempt = self.attempt
        if "format" in top:
            attempt(top["format"], "format", self.check_format, top["format"], default=None)
        if "sources" in top:
            count = len(self.problems)
            self.sources = attempt(
                top["sources"], "sources", self.source_map, top["sources"], default={}
            )
            self.sources_read = len(self.problems) == count or bool(self.sources)
        scenario_id = (
            attempt(
                top["id"],
                "id",
                self.text,
                top["id"],
                "id",
                _FILE_ID,
                "an id (letters, digits, '_-.')",
                default="",
            )
            if "id" in top
            else ""
        )
        name = (
            attempt(top["name"], "name", self.text, top["name"], "name", default="")
            if ("name" in top)
            else ""
        )
        description = (
            attempt(
                root, "description", self.optional_text, top, "description", "top level", default=""
            )
            or ""
        )
        body = attempt(root, "body", self.optional_text, top, "body", "top level", default=None)
        matter = attempt(
            root, "matter", self.optional_text, top, "matter", "top level", default=None
        )
        count = len(self.problems)
        org, at, seated, names, attributes, groups = attempt(
            root, "top level", self.body, top, body, default=(None, None, (), {}, {}, {})
        )
        # Without the members, no member id can be checked (each would be a false problem).
        members_read = len(self.problems) == count
        self.members = seated
        participants: tuple[str, ...] | None = None
        absent: tuple[str, ...] = ()
        host = None
        count = len(self.problems)
        if members_read:
            if "participants" in top:
                participants = attempt(
                    top["participants"],
                    "participants",
                    self.member_ids,
                    top["participants"],
                    "participants",
                    default=None,
                )
            if "absent" in top:
                absent = attempt(
                    top["absent"], "absent", self.member_ids, top["absent"], "absent", default=()
                )
            if "host" in top:
                host = attempt(
                    top["host"], "host", self.member_ref, top["host"], "host", default=None
                )
        players_read = members_read and len(self.problems) == count
        if "actors" in top:
            count = len(self.problems)
            self.actors = attempt(
                top["actors"], "actors", self.actor_map, top["actors"], default={}
            )
            self.actors_read = len(self.problems) == count
        count = len(self.problems)
        if "dimensions" in top:
            self.dimensions = attempt(
                top["dimensions"], "dimensions", self.dimension_list, top["dimensions"], default={}
            )
        # Values are read against the dimensions: with a problem there, each would be one too.
        dimensions_read = len(self.problems) == count and bool(self.dimensions)
        status_quo: dict[str, Sourced] = {}
        positions: dict[str, dict[str, Sourced]] = {}
        saliences: dict[str, dict[str, Sourced]] = {}
        given = False
        positioned: set[str] | None = None
        if dimensions_read and "status_quo" in top:
            status_quo = attempt(
                top["status_quo"], "status_quo", self.status_quo, top["status_quo"], default={}
            )
        if dimensions_read and "positions" in top:
            taking_part = (
                [m for m in (participants or seated) if m not in absent] if players_read else None
            )
            positions, saliences, given, positioned = attempt(
                top["positions"],
                "positions",
                self.positions,
                top["positions"],
                taking_part,
                members_read,
                default=({}, {}, False, None),
            )
        count = len(self.problems)
        rules = attempt(
            top.get("rules", root),
            "rules",
            self.rule_list,
            top.get("rules"),
            org,
            body,
            matter,
            default=(),
        )
        rules_read = len(self.problems) == count
        capability = attempt(
            top.get("capability", root),
            "capability",
            self.capability,
            top.get("capability"),
            attributes,
            org,
            at,
            default="shapley_shubik",
        )
        setter, basis, setter_status = None, "", None
        if members_read:
            setter, basis, setter_status = attempt(
                top.get("setter", root),
                "setter",
                self.setter,
                top.get("setter"),
                org,
                at,
                body,
                positioned,
                default=(None, "", None),
            )
        blocs: dict[str, tuple[str, ...]] = {}
        if members_read and "blocs" in top:
            blocs = attempt(top["blocs"], "blocs", self.blocs, top["blocs"], groups, default={})
        proposals: dict[str, Proposal] = {}
        if dimensions_read and "proposals" in top:
            proposals = attempt(
                top["proposals"],
                "proposals",
                self.proposals,
                top["proposals"],
                status_quo,
                default={},
            )
        scenario = Scenario(
            id=scenario_id,
            name=name,
            description=description,
            dimensions=tuple(self.dimensions.values()),
            members=seated,
            member_names=names,
            positions=positions,
            saliences=saliences,
            status_quo=status_quo,
            rules=rules,
            actors=self.actors,
            setter=setter,
            setter_basis=basis,
            setter_status=setter_status,
            blocs=blocs,
            proposals=proposals,
            capability=capability,
            absent=absent,
            participants=participants,
            host=host,
            organization=org,
            at=at,
            body=body,
            matter=matter,
            attributes=attributes,
            groups=groups,
            sources=self.sources,
            path=self.label,
            saliences_given=given,
            actor_capabilities=dict(self.capabilities),
        )
        # The rules compile over the members taking part, whatever else is wrong.
        if players_read and rules_read:
            self.check_rules(scenario, top.get("rules") or root)
        return scenario

    def body(
        self, top: dict[str, Node], body: str | None
    ) -> tuple[
        Organization | None,
        object,
        tuple[str, ...],
        dict[str, str],
        dict[str, dict[str, Fraction]],
        dict[str, tuple[str, ...]],
    ]:
        """(organization, date, seated members, names, attributes, groups)."""
        if "organization" in top and "members" in top:
            self.fail(
                top["members"],
                "members",
                "either organization (with at) or members, not both",
                "both",
                "Drop members: to use the organization's members on that date.",
            )
        if "organization" in top:
            org_node = top["organization"]
            ref = self.text(org_node, "organization", what="a bundled organization or a path")
            if ref.lower().endswith((".yaml", ".yml")) and self.base is not None:
                candidate = self.base / ref
                ref = str(candidate) if candidate.exists() else ref
            try:
                org = load_organization(ref)
            except PivotalError as err:
                self.fail(org_node, "organization", err.allowed, err.received, err.fix)
            if "at" not in top:
                self.fail(
                    org_node,
                    "at",
                    "a date (at: YYYY-MM-DD) with the organization",
                    "no date",
                    "Add 'at:' with the day the scenario is about.",
                )
            at = self.date(top["at"], "at", partial=False)[0]
            try:
                snap = org.snapshot(at)
            except PivotalError as err:
                self.fail(top["at"], "at", err.allowed, err.received, err.fix)
            seated = snap.member_ids
            if body is not None:
                if body not in org.bodies:
                    self.fail(
                        top["body"],
                        "body",
                        "one of " + ", ".join(org.bodies) if org.bodies else "no body (none)",
                        repr(body),
                        did_you_mean(body, org.bodies) or "Use a body id of the organization.",
                    )
                seats = org.bodies[body].seats
                if seats != "all":
                    seated = snap.groups[seats]
            names = {m.id: m.name for m in snap.members}
            attributes = {
                k: {m: Fraction(str(v)) for m, v in vals.items()}
                for k, vals in snap.attributes.items()
            }
            groups = dict(snap.groups)
            return org, at, tuple(seated), names, attributes, groups
        if "members" not in top:
            self.fail(
                top.get("dimensions", self.root),
                "top level",
                "organization: (with at:) or an inline members: list",
                "neither",
                "Name an organization such as csto with 'at:', or list the members.",
            )
        if "at" in top:
            self.fail(top["at"], "at", "at: only with organization:", "a date", "Remove 'at:'.")
        return (None, None, *self.inline_members(top["members"]), {})

    def inline_members(
        self, node: Node
    ) -> tuple[tuple[str, ...], dict[str, str], dict[str, dict[str, Fraction]]]:
        items = self.sequence(node, "members", "a list of member ids or {id, name, ...}")
        if not items:
            self.fail(node, "members", "at least one member", "an empty list", "List them.")
        ids: list[str] = []
        names: dict[str, str] = {}
        attributes: dict[str, dict[str, Fraction]] = {}
        for i, item in enumerate(items):
            path = f"members[{i}]"
            if isinstance(item, MappingNode):
                fields = self.mapping(item, path, (), ("id",))
                member = self.text(fields["id"], f"{path}.id", _ID, "a member id such as RUS")
                for key, value in fields.items():
                    if key == "name":
                        names[member] = self.text(value, f"{path}.name")
                    elif key != "id":
                        if not _ID.match(key):
                            self.fail(item, path, "attribute names of letters", repr(key), "Fix.")
                        number = self.exact(value, f"{path}.{key}")
                        if number < 0:
                            self.fail(value, f"{path}.{key}", "0 or more", str(number), "Fix it.")
                        attributes.setdefault(key, {})[member] = number
            else:
                member = self.text(item, path, _ID, "a member id such as RUS")
            if member in ids:
                self.fail(item, path, "each member once", repr(member), "Remove the second one.")
            ids.append(member)
            names.setdefault(member, member)
        for key, values in attributes.items():
            missing = [m for m in ids if m not in values]
            if missing:
                self.fail(
                    node,
                    "members",
                    f"a value of {key} for every member",
                    "none for " + ", ".join(missing),
                    f"Give {key} for every member, or for none.",
                )
        return tuple(ids), names, attributes

    def member_ref(self, node: Node, path: str, actors: bool = False) -> str:
        known = list(self.members) + (list(self.actors) if actors else [])
        member = self.text(node, path, what="a member id")
        if member not in known:
            self.fail(
                node,
                path,
                "one of " + ", ".join(known),
                repr(member),
                did_you_mean(member, known) or "Use the id of a member taking part.",
            )
        return member

    def member_ids(self, node: Node, path: str) -> tuple[str, ...]:
        items = self.sequence(node, path, "a list of member ids, e.g. [RUS, BLR]")
        out: list[str] = []
        for i, item in enumerate(items):
            member = self.member_ref(item, f"{path}[{i}]")
            if member in out:
                self.fail(item, f"{path}[{i}]", "each member once", repr(member), "Remove it.")
            out.append(member)
        if path == "participants" and not out:
            self.fail(node, path, "at least one member", "an empty list", "Name who takes part.")
        return tuple(m for m in self.members if m in out)

    def actor_map(self, node: Node) -> dict[str, str]:
        fields = self.mapping(node, "actors", (), what="a mapping of actor id to name")
        out = {}
        for key, value in fields.items():
            key_node = self.key_node(node, value)
            if not _ID.match(key):
                self.fail(key_node, "actors", "an id such as COM", repr(key), "Rename it.")
            if key in self.members:
                self.fail(
                    key_node,
                    "actors",
                    "actors that are not members (members vote; actors only take positions)",
                    repr(key),
                    "Remove it from actors: its position goes under positions: as a member.",
                )
            out[key] = self.text(value, f"actors.{key}")
        return out

    def dimension_list(self, node: Node) -> dict[str, Dimension]:
        items = self.sequence(node, "dimensions", "a list of dimensions {id, name, low, high}")
        if not 1 <= len(items) <= 2:
            self.fail(
                node,
                "dimensions",
                "one or two dimensions",
                f"{len(items)}",
                "Analyse at most two dimensions at once; split the others into more scenarios.",
            )
        out: dict[str, Dimension] = {}
        for i, item in enumerate(items):
            path = f"dimensions[{i}]"
            fields = self.mapping(
                item, path, ("id", "name", "low", "high", "scale"), ("id", "name")
            )
            dim_id = self.text(fields["id"], f"{path}.id", _ID, "an id such as nato")
            reserved = ("salience", "capability", "uncertainty", "value", *_PROVENANCE, "name")
            if dim_id in reserved or dim_id in out:
                self.fail(
                    fields["id"],
                    f"{path}.id",
                    "a new id that is not one of " + ", ".join(reserved),
                    repr(dim_id),
                    "Rename the dimension.",
                )
            scale = None
            if "scale" in fields:
                ends = self.sequence(fields["scale"], f"{path}.scale", "[low, high]")
                if len(ends) != 2:
                    self.fail(fields["scale"], f"{path}.scale", "[low, high]", len(ends), "Fix.")
                lo, hi = (self.exact(e, f"{path}.scale[{k}]") for k, e in enumerate(ends))
                if lo >= hi:
                    self.fail(
                        fields["scale"],
                        f"{path}.scale",
                        "low < high",
                        f"[{lo}, {hi}]",
                        "Give the low end first.",
                    )
                scale = (lo, hi)
            out[dim_id] = Dimension(
                dim_id,
                self.text(fields["name"], f"{path}.name"),
                self.optional_text(fields, "low", path) or "low",
                self.optional_text(fields, "high", path) or "high",
                scale,
            )
        return out

    def point_entry(
        self, node: Node, path: str, extra: tuple[str, ...] = ()
    ) -> tuple[dict[str, Node], tuple | None]:
        """The fields of an entry holding one value per dimension, and its default provenance."""
        keys = (*self.dimensions, *_PROVENANCE, "uncertainty", *extra)
        fields = self.mapping(node, path, keys)
        inherited = None
        if "status" in fields:
            inherited = self.provenance(fields, node, path)
        return fields, inherited

    def status_quo(self, node: Node) -> dict[str, Sourced]:
        if isinstance(node, ScalarNode) or (
            isinstance(node, MappingNode)
            and any(isinstance(k, ScalarNode) and k.value == "value" for k, _ in node.value)
        ):
            if len(self.dimensions) != 1:
                self.fail(
                    node,
                    "status_quo",
                    "one value per dimension: {" + ", ".join(self.dimensions) + "}",
                    self.shown(node),
                    "Give the status quo on every dimension.",
                )
            (dim,) = self.dimensions.values()
            return {dim.id: self.sourced(node, "status_quo", None, dim.scale)}
        fields, inherited = self.point_entry(node, "status_quo")
        spreads = self.spreads(fields, "status_quo")
        return self.point_values(
            node, "status_quo", fields, inherited, spreads, "a value", "to status_quo"
        )

    def point_values(
        self,
        node: Node,
        path: str,
        fields: dict[str, Node],
        inherited: tuple | None,
        spreads: dict[str, Node],
        what: str,
        where: str,
    ) -> dict[str, Sourced]:
        """The value on each dimension of a point (the status quo, or one member's position),
        each checked on its own: a missing or bad value is one problem, the others still read."""
        out = {}
        for dim in self.dimensions.values():
            if dim.id not in fields:
                self.attempt(
                    node,
                    path,
                    self.fail,
                    node,
                    path,
                    f"{what} on every dimension (" + ", ".join(self.dimensions) + ")",
                    f"none on {dim.id}",
                    f"Add '{dim.id}: ...' {where}.",
                    default=None,
                )
                continue
            value = self.attempt(
                fields[dim.id],
                f"{path}.{dim.id}",
                self.sourced,
                fields[dim.id],
                f"{path}.{dim.id}",
                inherited,
                dim.scale,
                spreads.get(dim.id),
                default=None,
            )
            if value is not None:
                out[dim.id] = value
        return out

    def spreads(self, fields: dict[str, Node], path: str) -> dict[str, Node]:
        if "uncertainty" not in fields:
            return {}
        keys = (*self.dimensions, "salience")
        return self.mapping(fields["uncertainty"], f"{path}.uncertainty", keys)

    def positions(
        self, node: Node, taking_part: list[str] | None, members_read: bool
    ) -> tuple[dict[str, dict[str, Sourced]], dict[str, dict[str, Sourced]], bool, set[str]]:
        """(positions, saliences, whether any salience was given, the ids given a position);
        each entry, and each value in it, is checked on its own. ``taking_part`` is None when
        who takes part is unknown (a problem there), and ``members_read`` False when the
        members are: those checks are then skipped."""
        fields = self.mapping(node, "positions", (), what="a mapping of member id to position")
        positions: dict[str, dict[str, Sourced]] = {}
        saliences: dict[str, dict[str, Sourced]] = {}
        any_salience = False
        for actor, entry in fields.items():
            key_node = self.key_node(node, entry)
            known = actor in self.members or actor in self.actors
            if members_read and self.actors_read and not known:
                self.attempt(
                    key_node,
                    "positions",
                    self.fail,
                    key_node,
                    "positions",
                    "a member id ("
                    + ", ".join(self.members)
                    + ") or an actor listed under actors:",
                    repr(actor),
                    did_you_mean(actor, [*self.members, *self.actors])
                    or "Use a member id, or list the actor under actors:.",
                    default=None,
                )
            result = self.attempt(
                entry, f"positions.{actor}", self.position, actor, entry, default=None
            )
            if result is not None:
                positions[actor], saliences[actor], has_salience = result
                any_salience = any_salience or has_salience
        missing = [m for m in taking_part or () if m not in fields]
        if missing:
            self.attempt(
                node,
                "positions",
                self.fail,
                self.key_node(self.root, node) if self.root is not None else node,
                "positions",
                "a position for every member taking part (" + ", ".join(taking_part or ()) + ")",
                "none for " + ", ".join(missing),
                "Add their positions, or list them under absent: if they do not take part.",
                default=None,
            )
        return positions, saliences, any_salience, set(fields)

    def position(
        self, actor: str, entry: Node
    ) -> tuple[dict[str, Sourced], dict[str, Sourced], bool]:
        """One member's or actor's point and saliences; a problem in one value leaves the others
        checked (the entry then yields nothing, raising its first problem at the end)."""
        path = f"positions.{actor}"
        extra = ("salience", "capability") if actor in self.actors else ("salience",)
        entry_fields, inherited = self.point_entry(entry, path, extra)
        spreads = self.spreads(entry_fields, path)
        count = len(self.problems)
        point = self.point_values(
            entry, path, entry_fields, inherited, spreads, "a position", f"for {actor}"
        )
        salience = self.attempt(
            entry_fields.get("salience", entry),
            f"{path}.salience",
            self.salience,
            entry_fields,
            path,
            inherited,
            spreads,
            default={},
        )
        if "capability" in entry_fields:
            capability = self.attempt(
                entry_fields["capability"],
                f"{path}.capability",
                self.actor_capability,
                entry_fields["capability"],
                f"{path}.capability",
                default=None,
            )
            if capability is not None:
                self.capabilities[actor] = capability
        if len(self.problems) > count:
            raise _KeptError  # its problems are kept already; the entry is not usable
        return point, salience, "salience" in entry_fields

    def actor_capability(self, node: Node, path: str) -> object:
        if isinstance(node, ScalarNode) and node.value.strip() == "max":
            return "max"
        value = self.exact(node, path, "a number or 'max'")
        if value < 0:
            self.fail(node, path, "a capability of 0 or more", str(value), "Fix it.")
        return value

    def salience(
        self, fields: dict[str, Node], path: str, inherited: tuple | None, spreads: dict
    ) -> dict[str, Sourced]:
        if "salience" not in fields:
            default = Sourced(Fraction(1), "illustrative", (), "no salience given: equal weights")
            return dict.fromkeys(self.dimensions, default)
        node = fields["salience"]
        where = f"{path}.salience"
        if isinstance(node, MappingNode) and not any(
            isinstance(k, ScalarNode) and k.value == "value" for k, _ in node.value
        ):
            per = self.mapping(node, where, tuple(self.dimensions))
            out = {}
            for dim in self.dimensions.values():
                if dim.id not in per:
                    self.fail(
                        node,
                        where,
                        "a salience on every dimension",
                        f"none on {dim.id}",
                        f"Add '{dim.id}: ...'.",
                    )
                out[dim.id] = self.sourced(
                    per[dim.id],
                    f"{where}.{dim.id}",
                    inherited,
                    None,
                    spreads.get("salience"),
                    nonnegative=True,
                )
            return out
        value = self.sourced(node, where, inherited, None, spreads.get("salience"), True)
        return dict.fromkeys(self.dimensions, value)

    def rule_list(
        self, node: Node | None, org: Organization | None, body: str | None, matter: str | None
    ) -> tuple[str, ...]:
        if node is None:
            if org is None:
                self.fail(
                    self.root or MappingNode("", []),
                    "rules",
                    "rules: with at least one rule text for an inline scenario",
                    "no rules",
                    "Add e.g. 'rules: [consensus, majority]'.",
                )
            if matter is not None:
                return (matter,)
            if body is not None:
                return (org.body(body).default_matter or "",)
            if org.default_rule is not None:
                return (org.default_rule,)
            self.fail(
                self.root or MappingNode("", []),
                "rules",
                "rules:, body: or matter: (the organization names no default rule)",
                "none",
                "Add 'rules: [...]' or the body and matter whose rule applies.",
            )
        items = self.sequence(node, "rules", "a list of rules (names, matter ids or rule texts)")
        if not items:
            self.fail(node, "rules", "at least one rule", "an empty list", "Name a rule.")
        rules = []
        for i, item in enumerate(items):
            rule = self.text(item, f"rules[{i}]", what="a rule name or rule text")
            if rule in rules:
                self.fail(item, f"rules[{i}]", "each rule once", repr(rule), "Remove it.")
            rules.append(rule)
        return tuple(rules)

    def capability(
        self, node: Node | None, attributes: dict, org: Organization | None, at: object
    ) -> str:
        if node is None:
            return "shapley_shubik"
        text = self.text(node, "capability", what="an index key or a member attribute")
        key = ALIASES.get(text.lower(), text.lower())
        if key in INDICES:
            return key
        if text in attributes:
            return text
        options = [*INDICES, *attributes]
        self.fail(
            node,
            "capability",
            "a power index ("
            + ", ".join(INDICES)
            + ") or a member attribute"
            + (" (" + ", ".join(attributes) + ")" if attributes else ""),
            repr(text),
            did_you_mean(text, options) or "Pick an index, or an attribute such as votes.",
        )

    def setter(
        self,
        node: Node | None,
        org: Organization | None,
        at: object,
        body: str | None,
        positions: set[str] | None,
    ) -> tuple[str | None, str, str | None]:
        """(setter id, why it is the setter, status of that fact); ``positions``: the ids given
        a position (None when positions: has a problem of its own, and is not checked)."""
        if node is None or (isinstance(node, ScalarNode) and node.value.strip() == "chair"):
            if org is None or not org.bodies:
                if node is not None:
                    self.fail(
                        node,
                        "setter",
                        "a member or actor id (an inline scenario has no chair)",
                        "chair",
                        "Name the agenda setter.",
                    )
                return None, "", None
            snap = org.snapshot(at)
            entry = snap.chair_entry(body)
            if entry is None:
                if node is not None:
                    self.fail(
                        node,
                        "setter",
                        "a setter (the organization records no chair on that day)",
                        "chair",
                        "Name the agenda setter.",
                    )
                return None, "", None
            body_id = org.body(body).id
            basis = f"chair of {body_id} on {snap.at.isoformat()}"
            if positions is not None and entry.member not in positions:
                where = node if node is not None else self.root
                self.fail(
                    where,
                    "setter",
                    f"a position for the chair, {entry.member}",
                    "no position",
                    f"Add {entry.member}'s position, or name another setter.",
                )
            return entry.member, basis, entry.status
        setter = self.member_ref(node, "setter", actors=True)
        if positions is not None and setter not in positions:
            self.fail(
                node,
                "setter",
                "a setter with a position",
                repr(setter),
                f"Add {setter}'s position under positions:.",
            )
        return setter, "named in the scenario", "verified"

    def blocs(self, node: Node, groups: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        if isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                name = self.text(item, f"blocs[{i}]", what="a group id of the organization")
                if name not in groups:
                    self.fail(
                        item,
                        f"blocs[{i}]",
                        "a group of the organization (" + ", ".join(groups) + ")"
                        if groups
                        else "a group (this organization has none)",
                        repr(name),
                        "Or write blocs as {name: [member ids]}.",
                    )
                out[name] = tuple(groups[name])
        else:
            fields = self.mapping(node, "blocs", (), what="a mapping of bloc name to member ids")
            for name, value in fields.items():
                out[name] = self.member_ids(value, f"blocs.{name}")
        seen: dict[str, str] = {}
        for name, members in out.items():
            if len(members) < 1:
                self.fail(node, f"blocs.{name}", "at least one member", "none", "List members.")
            for m in members:
                if m in seen:
                    self.fail(
                        node,
                        f"blocs.{name}",
                        "blocs that do not overlap",
                        f"{m} in {seen[m]} and {name}",
                        "Put each member in one bloc at most.",
                    )
                seen[m] = name
        return out

    def proposals(self, node: Node, status_quo: dict[str, Sourced]) -> dict[str, Proposal]:
        fields = self.mapping(node, "proposals", (), what="a mapping of proposal id to point")
        out = {}
        for pid, entry in fields.items():
            proposal = self.attempt(
                entry,
                f"proposals.{pid}",
                self.proposal,
                node,
                pid,
                entry,
                status_quo,
                default=None,
            )
            if proposal is not None:
                out[pid] = proposal
        return out

    def proposal(
        self, node: Node, pid: str, entry: Node, status_quo: dict[str, Sourced]
    ) -> Proposal:
        path = f"proposals.{pid}"
        if not _ID.match(pid):
            self.fail(self.key_node(node, entry), "proposals", "an id", repr(pid), "Rename.")
        values = self.mapping(entry, path, (*self.dimensions, "name"), ("name",))
        point = {}
        for dim in self.dimensions.values():
            if dim.id in values:
                z = self.exact(values[dim.id], f"{path}.{dim.id}")
                if dim.scale is not None and not dim.scale[0] <= z <= dim.scale[1]:
                    self.fail(
                        values[dim.id],
                        f"{path}.{dim.id}",
                        "a point on the scale",
                        str(z),
                        "Fix the value.",
                    )
                point[dim.id] = z
            elif dim.id in status_quo:
                point[dim.id] = status_quo[dim.id].value
            else:  # the status quo there has a problem of its own
                point[dim.id] = Fraction(0)
        return Proposal(pid, self.text(values["name"], f"{path}.name"), point)

    def check_rules(self, scenario: Scenario, node: Node) -> None:
        for i, rule in enumerate(scenario.rules):
            target = node.value[i] if isinstance(node, SequenceNode) else node
            self.attempt(target, f"rules[{i}]", scenario.game, rule, default=None)
