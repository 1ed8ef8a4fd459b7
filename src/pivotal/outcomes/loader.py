"""Read and validate a scenario file; every error names ``file:line:column`` and the fix.

The format is documented in ``docs/scenarios.md``. A scenario is validated completely before a
:class:`~pivotal.outcomes.scenario.Scenario` is built: the organization and date must give a
member set, every member taking part needs an ideal point on every dimension, values must lie on
the dimension's scale, blocs and the setter must name members, and every rule must compile.

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
"""

from __future__ import annotations

import os
import re
from fractions import Fraction
from importlib import resources
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pivotal.errors import PivotalError
from pivotal.games.weighted import to_fraction
from pivotal.organizations import Organization, load_organization
from pivotal.organizations.yamlnodes import NodeReader, compose, did_you_mean
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

__all__ = ["FORMAT_VERSION", "bundled_scenarios", "load_scenario", "loads_scenario"]

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


def loads_scenario(text: str, label: str = "<string>", base: Path | None = None) -> Scenario:
    """Load and validate a scenario from YAML text; ``label`` names it in error messages and
    ``base`` is the folder that a relative ``organization:`` path is read from."""
    root = compose(
        text,
        label,
        "a scenario (a mapping with id, name, dimensions, status_quo and positions)",
        "Start from the bundled csto-2012 scenario (src/pivotal/outcomes/data/csto-2012.yaml; "
        "the format is in docs/scenarios.md).",
    )
    return _ScenarioReader(label, base).scenario(root)


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

    def scenario(self, root: Node) -> Scenario:
        top = self.mapping(
            root,
            "top level",
            _TOP_KEYS,
            ("id", "name", "dimensions", "status_quo", "positions"),
            what="a scenario (a mapping with id, name, dimensions, status_quo and positions)",
        )
        self.root = root
        if "format" in top:
            fmt = top["format"]
            if not (isinstance(fmt, ScalarNode) and fmt.value == str(FORMAT_VERSION)):
                self.fail(fmt, "format", str(FORMAT_VERSION), self.shown(fmt), "Write format: 1.")
        self.sources = self.source_map(top["sources"]) if "sources" in top else {}
        scenario_id = self.text(top["id"], "id", _FILE_ID, "an id (letters, digits, '_-.')")
        name = self.text(top["name"], "name")
        description = self.optional_text(top, "description", "top level") or ""
        body = self.optional_text(top, "body", "top level")
        matter = self.optional_text(top, "matter", "top level")
        org, at, seated, names, attributes, groups = self.body(top, body)
        self.members = seated
        participants = (
            self.member_ids(top["participants"], "participants") if "participants" in top else None
        )
        absent = self.member_ids(top["absent"], "absent") if "absent" in top else ()
        host = self.member_ref(top["host"], "host") if "host" in top else None
        self.actors = self.actor_map(top["actors"]) if "actors" in top else {}
        self.dimensions = self.dimension_list(top["dimensions"])
        status_quo = self.status_quo(top["status_quo"])
        taking_part = [m for m in (participants or seated) if m not in absent]
        positions, saliences, given = self.positions(top["positions"], taking_part)
        rules = self.rule_list(top.get("rules"), org, body, matter)
        capability = self.capability(top.get("capability"), attributes, org, at)
        setter, basis, setter_status = self.setter(top.get("setter"), org, at, body, positions)
        blocs = self.blocs(top["blocs"], groups) if "blocs" in top else {}
        proposals = self.proposals(top["proposals"], status_quo) if "proposals" in top else {}
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
                top["dimensions"],
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
        out = {}
        for dim in self.dimensions.values():
            if dim.id not in fields:
                self.fail(
                    node,
                    "status_quo",
                    "a value on every dimension (" + ", ".join(self.dimensions) + ")",
                    f"none on {dim.id}",
                    f"Add '{dim.id}: ...' to status_quo.",
                )
            out[dim.id] = self.sourced(
                fields[dim.id], f"status_quo.{dim.id}", inherited, dim.scale, spreads.get(dim.id)
            )
        return out

    def spreads(self, fields: dict[str, Node], path: str) -> dict[str, Node]:
        if "uncertainty" not in fields:
            return {}
        keys = (*self.dimensions, "salience")
        return self.mapping(fields["uncertainty"], f"{path}.uncertainty", keys)

    def positions(
        self, node: Node, taking_part: list[str]
    ) -> tuple[dict[str, dict[str, Sourced]], dict[str, dict[str, Sourced]], bool]:
        fields = self.mapping(node, "positions", (), what="a mapping of member id to position")
        positions: dict[str, dict[str, Sourced]] = {}
        saliences: dict[str, dict[str, Sourced]] = {}
        any_salience = False
        for actor, entry in fields.items():
            key_node = self.key_node(node, entry)
            path = f"positions.{actor}"
            if actor not in self.members and actor not in self.actors:
                self.fail(
                    key_node,
                    "positions",
                    "a member id ("
                    + ", ".join(self.members)
                    + ") or an actor listed under actors:",
                    repr(actor),
                    did_you_mean(actor, [*self.members, *self.actors])
                    or "Use a member id, or list the actor under actors:.",
                )
            extra = ("salience", "capability") if actor in self.actors else ("salience",)
            entry_fields, inherited = self.point_entry(entry, path, extra)
            spreads = self.spreads(entry_fields, path)
            point = {}
            for dim in self.dimensions.values():
                if dim.id not in entry_fields:
                    self.fail(
                        entry,
                        path,
                        "a position on every dimension (" + ", ".join(self.dimensions) + ")",
                        f"none on {dim.id}",
                        f"Add '{dim.id}: ...' for {actor}.",
                    )
                point[dim.id] = self.sourced(
                    entry_fields[dim.id],
                    f"{path}.{dim.id}",
                    inherited,
                    dim.scale,
                    spreads.get(dim.id),
                )
            positions[actor] = point
            saliences[actor] = self.salience(entry_fields, path, inherited, spreads)
            any_salience = any_salience or "salience" in entry_fields
            if "capability" in entry_fields:
                self.capabilities[actor] = self.actor_capability(
                    entry_fields["capability"], f"{path}.capability"
                )
        missing = [m for m in taking_part if m not in positions]
        if missing:
            self.fail(
                self.key_node(self.root, node) if self.root is not None else node,
                "positions",
                "a position for every member taking part (" + ", ".join(taking_part) + ")",
                "none for " + ", ".join(missing),
                "Add their positions, or list them under absent: if they do not take part.",
            )
        return positions, saliences, any_salience

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
                raise PivotalError(
                    f"{self.label} (rules)",
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
            raise PivotalError(
                f"{self.label} (rules)",
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
        positions: dict[str, dict[str, Sourced]],
    ) -> tuple[str | None, str, str | None]:
        """(setter id, why it is the setter, status of that fact)."""
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
            if entry.member not in positions:
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
        if setter not in positions:
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
                else:
                    point[dim.id] = status_quo[dim.id].value
            out[pid] = Proposal(pid, self.text(values["name"], f"{path}.name"), point)
        return out

    def check_rules(self, scenario: Scenario, node: Node) -> None:
        for i, rule in enumerate(scenario.rules):
            try:
                scenario.game(rule)
            except PivotalError as err:
                target = node.value[i] if isinstance(node, SequenceNode) else node
                self.fail(target, f"rules[{i}]", err.allowed, err.received, err.fix)
