"""A scenario under each rule: every outcome model side by side, as tables, JSON and text.

:func:`analyze_outcomes` compiles each rule of a scenario, and on each dimension reports

* the procedure: core (gridlock interval), win set, pivots, the setter's outcome and who is
  needed for it (:mod:`pivotal.outcomes.spatial1d`);
* the bargaining models: compromise and Nash (:mod:`pivotal.outcomes.bargaining`), with the
  capability of each member given by a power index of the rule in force (or an attribute);
* the cost of consent of moving to a proposal (by default the setter's ideal point) and who is
  paid (:mod:`pivotal.outcomes.consent`);
* how far the outcome moves with each member's position (:mod:`pivotal.outcomes.strategic`);
* with two dimensions, the plane: core polygon, win set region, and named proposals
  (:mod:`pivotal.outcomes.spatial2d`);
* with blocs, Owen and Banzhaf-Owen values of the rule.

>>> from pivotal.outcomes import scenario
>>> s = scenario(positions={"A": 10, "B": 40, "C": 75}, status_quo=60,
...              rules=["consensus", "majority"], setter="B")
>>> a = analyze_outcomes(s)
>>> [str(r.dimensions[0].line.setter_outcome) for r in a.rules]
['60', '40']
>>> a.rules[1].dimensions[0].consent.paid  # A gains, B is the setter: nobody need be paid
{}
"""

from __future__ import annotations

import logging
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from pivotal.errors import PivotalError, one_of
from pivotal.games.base import SimpleGame
from pivotal.outcomes.bargaining import Prediction, compromise, nash
from pivotal.outcomes.consent import ConsentCost, consent_prices, cost_of_consent
from pivotal.outcomes.scenario import Dimension, Scenario
from pivotal.outcomes.spatial1d import (
    LineOutcome,
    critical_members,
    exact_value,
    line_outcome,
    small_table,
)
from pivotal.outcomes.spatial2d import PlaneOutcome, plane_outcome, region_parts
from pivotal.outcomes.strategic import sensitivities
from pivotal.power import INDICES, power
from pivotal.power.result import as_float, exact_str
from pivotal.rules import describe_rule

__all__ = [
    "MODELS",
    "DimensionOutcome",
    "OutcomeAnalysis",
    "RuleOutcome",
    "analyze_outcomes",
    "capabilities_under",
    "capability_measure",
    "rule_labels",
    "show_number",
]

log = logging.getLogger("pivotal.outcomes")

#: The models an analysis can report, in the order of tables.
MODELS: tuple[str, ...] = ("setter", "compromise", "nash", "consent", "sensitivity")


def show_number(value: Fraction | float | int | None, exact: bool = True) -> str:
    """A value as a reader expects it: a terminating decimal as a decimal (``-0.18``), another
    rational as ``p/q``, a float to 4 significant decimals; None as ``-``.

    >>> show_number(Fraction(-9, 50)), show_number(Fraction(1, 3)), show_number(2.0 / 3)
    ('-0.18', '1/3', '0.6667')
    """
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e4 else f"{value:.6g}"
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    if not exact:
        return f"{float(value):.4g}"
    decimal = Decimal(value.numerator) / Decimal(value.denominator)
    if Fraction(decimal) == value:
        return format(decimal.normalize(), "f")
    return str(value)


@dataclass(frozen=True)
class DimensionOutcome:
    """One rule on one dimension."""

    dimension: Dimension
    line: LineOutcome
    compromise: Fraction | None
    nash: Prediction | None
    #: The proposal the cost of consent is for, and why it was chosen.
    proposal: Fraction | None
    proposal_basis: str
    consent: ConsentCost | None
    #: Named proposals: does each beat the status quo on this dimension alone?
    proposals: dict[str, bool]
    #: ∂x*/∂x_i (left, right) of the setter's outcome for every actor.
    sensitivity: dict[str, tuple[Fraction, Fraction]]


@dataclass(frozen=True)
class RuleOutcome:
    """One rule of a scenario: its game, capabilities, and outcomes per dimension and plane."""

    rule: str
    text: str
    description: str
    players: tuple[str, ...]
    capability: str
    capabilities: dict[str, Fraction]
    dimensions: tuple[DimensionOutcome, ...]
    plane: PlaneOutcome | None
    #: Named proposals on the plane (two dimensions): does each beat the status quo?
    plane_proposals: dict[str, bool]
    plane_consent: ConsentCost | None
    owen: dict[str, Fraction] | None = None
    banzhaf_owen: dict[str, Fraction] | None = None
    veto_players: tuple[str, ...] = ()
    game: SimpleGame | None = field(default=None, repr=False, compare=False)

    def dimension(self, key: str) -> DimensionOutcome:
        for d in self.dimensions:
            if d.dimension.id == key:
                return d
        raise PivotalError(
            "dimension",
            one_of(d.dimension.id for d in self.dimensions),
            repr(key),
            "Name a dimension of the scenario.",
        )


@dataclass(frozen=True)
class OutcomeAnalysis:
    """Every rule of a scenario, every model, every dimension."""

    scenario: Scenario
    rules: tuple[RuleOutcome, ...]
    caveats: tuple[str, ...]
    exact: bool = True

    def rule(self, name: str) -> RuleOutcome:
        for r in self.rules:
            if name in (r.rule, r.text):
                return r
        raise PivotalError(
            "rule", one_of(r.rule for r in self.rules), repr(name), "Name a rule that was analysed."
        )

    # ------------------------------------------------------------------ tables

    def to_frame(self, exact: bool | None = None) -> pd.DataFrame:
        """One row per rule and dimension; columns for every model (floats unless exact)."""
        exact = self.exact if exact is None else exact

        def num(v: object) -> object:
            if v is None:
                return None
            if isinstance(v, float):
                return v
            return v if exact else float(v)  # type: ignore[arg-type]

        rows = []
        for r in self.rules:
            for d in r.dimensions:
                line = d.line
                core = line.core
                rows.append(
                    {
                        "rule": r.rule,
                        "dimension": d.dimension.id,
                        "status_quo": num(line.status_quo),
                        "core_low": num(core[0]) if core else None,
                        "core_high": num(core[1]) if core else None,
                        "win_low": num(line.win_set[0]) if line.win_set else None,
                        "win_high": num(line.win_set[1]) if line.win_set else None,
                        "left_pivot": line.pivots[0],
                        "right_pivot": line.pivots[1],
                        "setter": line.setter,
                        "setter_outcome": num(line.setter_outcome) if line.setter else None,
                        "compromise": num(d.compromise),
                        "nash": None if d.nash is None else num(d.nash.value),
                        "proposal": num(d.proposal),
                        "cost_of_consent": None if d.consent is None else num(d.consent.total),
                    }
                )
        frame = pd.DataFrame(rows).set_index(["rule", "dimension"])
        frame.attrs["exact"] = exact
        return frame

    def to_dict(self, exact: bool | None = None) -> dict[str, Any]:
        """The documented JSON contract of ``pivotal outcome`` (docs/json.md)."""
        exact = self.exact if exact is None else exact
        conv = _converter(exact)
        s = self.scenario
        one = len(s.dimensions) == 1
        out: dict[str, Any] = {
            "scenario": s.id,
            "name": s.name,
            "members": list(s.members),
        }
        if s.organization is not None:
            out["organization"] = s.organization.id
            out["at"] = s.at.isoformat() if s.at else None
        out["dimensions"] = [
            {"id": d.id, "name": d.name, "low": d.low, "high": d.high} for d in s.dimensions
        ]
        if one:
            out["status_quo"] = conv(s.status_quo[s.dimensions[0].id].value)
        else:
            out["status_quo"] = {d.id: conv(s.status_quo[d.id].value) for d in s.dimensions}
        out["setter"] = s.setter
        if s.blocs:
            out["blocs"] = {k: list(v) for k, v in s.blocs.items()}
        rules = []
        for r in self.rules:
            entry: dict[str, Any] = {
                "rule": r.rule,
                "text": r.text,
                "description": r.description,
            }
            if r.players != s.members:
                entry["players"] = list(r.players)
            entry["veto_players"] = list(r.veto_players)
            entry["capability"] = {
                "measure": r.capability,
                "values": {k: conv(v) for k, v in r.capabilities.items()},
            }
            if r.owen is not None:
                entry["owen"] = {k: conv(v) for k, v in r.owen.items()}
                entry["banzhaf_owen"] = {k: conv(v) for k, v in (r.banzhaf_owen or {}).items()}
            per = {d.dimension.id: _dimension_dict(d, conv) for d in r.dimensions}
            if one:
                entry.update(next(iter(per.values())))
            else:
                entry["dimensions"] = per
                entry["plane"] = _plane_dict(r, conv)
            rules.append(entry)
        out["rules"] = rules
        out["caveats"] = list(self.caveats)
        out["exact"] = exact
        return out

    def table(self, exact: bool | None = None) -> str:
        """Plain text for a terminal: per dimension, a table of rules by model, then the cost of
        consent in words, the plane, blocs, and the caveats."""
        from pivotal.outcomes.text import analysis_text

        return analysis_text(self, self.exact if exact is None else exact)

    def __repr__(self) -> str:
        return self.table()

    def _repr_html_(self) -> str:
        return self.to_frame(exact=False).to_html(float_format=lambda x: f"{x:.4g}")


def _converter(exact: bool):  # type: ignore[no-untyped-def]
    def conv(value: object) -> object:
        if value is None:
            return None
        if isinstance(value, float):
            return value
        if isinstance(value, int | Fraction):
            return exact_str(value) if exact else as_float(value)
        return value

    return conv


def _interval(pair: tuple | None, conv) -> list | None:  # type: ignore[no-untyped-def]
    return None if pair is None else [conv(pair[0]), conv(pair[1])]


def _dimension_dict(d: DimensionOutcome, conv) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    line = d.line
    out: dict[str, Any] = {
        "core": _interval(line.core, conv),
        "win_set": _interval(line.win_set, conv),
        "pivots": {"left": line.pivots[0], "right": line.pivots[1]},
        "setter": line.setter,
        "setter_outcome": conv(line.setter_outcome) if line.setter else None,
        "needed": list(line.needed),
        "compromise": conv(d.compromise),
        "nash": None if d.nash is None else conv(d.nash.value),
    }
    if d.nash is not None and not d.nash.exact:
        out["nash_error"] = d.nash.error
    if d.consent is not None:
        c = d.consent
        out["cost_of_consent"] = {
            "proposal": conv(d.proposal),
            "basis": d.proposal_basis,
            "total": conv(c.total),
            "paid": {k: conv(v) for k, v in c.paid.items()},
            "shares": {k: conv(v) for k, v in c.shares.items()},
            "price": {k: conv(v) for k, v in c.price.items()},
            "coalition": None if c.coalition is None else list(c.coalition),
            "method": c.method,
            "exact": c.exact,
        }
    else:
        out["cost_of_consent"] = None
    if d.proposals:
        out["proposals"] = dict(d.proposals)
    out["sensitivity"] = {k: [conv(a), conv(b)] for k, (a, b) in d.sensitivity.items()}
    return out


def _plane_dict(r: RuleOutcome, conv) -> dict[str, Any] | None:  # type: ignore[no-untyped-def]
    p = r.plane
    if p is None:
        return None

    def pts(vertices):  # type: ignore[no-untyped-def]
        return [[conv(a), conv(b)] for a, b in vertices]

    out: dict[str, Any] = {
        "core": None if p.core is None else pts(p.core),
        "core_unbounded": p.core is None,
        "status_quo_in_core": p.in_core,
        "veto_hull": pts(p.veto_hull),
        "win_set_area": float(p.win_set.area),
        "win_set_polygons": [
            [[round(x, 9), round(y, 9)] for x, y in poly.exterior.coords]
            for poly in region_parts(p.win_set)
        ],
        "win_set_error": p.win_set_error,
        "setter_outcome": [conv(p.setter_outcome[0]), conv(p.setter_outcome[1])],
        "setter_outcome_exact": p.setter_outcome_exact,
        "needed": list(p.needed),
        "proposals": dict(r.plane_proposals),
    }
    if r.plane_consent is not None:
        c = r.plane_consent
        out["cost_of_consent"] = {
            "total": c.total,
            "paid": dict(c.paid),
            "shares": c.shares,
            "coalition": None if c.coalition is None else list(c.coalition),
            "exact": False,
            "error": c.error,
        }
    return out


# ----------------------------------------------------------------------------- analysis


def capabilities_under(
    scenario: Scenario, game: SimpleGame, measure: str, present: Sequence[str]
) -> dict[str, Fraction]:
    """Each present player's capability under the rule, plus the non-voting actors'."""
    if measure in INDICES:
        result = power(game, indices=[measure])
        values = dict(zip(result.players, result.indices[measure], strict=True))
        caps = {p: Fraction(values[p]) for p in present}
    else:
        column = scenario.attributes.get(measure)
        if column is None:
            raise PivotalError(
                "capability",
                one_of([*INDICES, *scenario.attributes]),
                repr(measure),
                "Use a power index or a member attribute of the scenario.",
            )
        missing = [p for p in present if p not in column]
        if missing:
            raise PivotalError(
                "capability",
                f"an attribute every member taking part has ({measure} lacks "
                + ", ".join(missing)
                + ")",
                repr(measure),
                "Pick another attribute or a power index.",
            )
        caps = {p: Fraction(column[p]) for p in present}
    top = max(caps.values(), default=Fraction(0))
    for actor, value in scenario.actor_capabilities.items():
        caps[actor] = top if value == "max" else Fraction(value)  # type: ignore[arg-type]
    return caps


def _proposal_for(
    scenario: Scenario, proposal: object, dim: Dimension
) -> tuple[Fraction | None, str]:
    """(z, basis): the point whose cost of consent is reported on one dimension."""
    if proposal is None:
        if scenario.setter is None:
            return None, ""
        return scenario.setter_position(dim.id), f"the setter's ideal point ({scenario.setter})"
    if isinstance(proposal, str) and proposal in scenario.proposals:
        named = scenario.proposals[proposal]
        return named.point[dim.id], f"proposal '{named.name}'"
    if isinstance(proposal, Mapping):
        if dim.id not in proposal:
            raise PivotalError(
                "proposal",
                "a value on every dimension (" + ", ".join(d.id for d in scenario.dimensions) + ")",
                f"none on {dim.id}",
                "Give the proposal on every dimension.",
            )
        return exact_value(proposal[dim.id], f"proposal['{dim.id}']"), "the given proposal"
    if len(scenario.dimensions) != 1:
        options = ", ".join(scenario.proposals) or "none in this scenario"
        raise PivotalError(
            "proposal",
            f"a named proposal ({options}) or one value per dimension",
            repr(proposal),
            "With two dimensions, give {dimension: value} or a proposal's name.",
        )
    if isinstance(proposal, str) and scenario.proposals:
        try:
            return exact_value(proposal, "proposal"), "the given proposal"
        except PivotalError:
            raise PivotalError(
                "proposal",
                "a number or one of the scenario's proposals: " + ", ".join(scenario.proposals),
                repr(proposal),
                "Name a proposal of the scenario, or give a point.",
            ) from None
    return exact_value(proposal, "proposal"), "the given proposal"


def analyze_outcomes(
    scenario: Scenario,
    rules: Iterable[str] | str | None = None,
    proposal: object = None,
    capability: str | None = None,
    exact: bool = True,
    sensitivity: bool = True,
) -> OutcomeAnalysis:
    """Every outcome model of ``scenario`` under each rule (default: the scenario's rules).

    ``proposal`` is the point whose cost of consent is reported (a number for one dimension, a
    ``{dimension: value}`` mapping, or the id of a proposal of the scenario); by default the
    setter's ideal point. ``capability`` overrides the scenario's capability measure (an index
    key such as ``banzhaf``, or an attribute such as ``votes``).
    """
    if not isinstance(scenario, Scenario):
        raise PivotalError(
            "scenario",
            "a Scenario (pivotal.outcomes.scenario() or load_scenario())",
            type(scenario).__name__,
            "Build or load a scenario first.",
        )
    labels = rule_labels(scenario, rules)
    measure = capability_measure(scenario, capability)
    results = []
    for label in labels:
        game = scenario.game(label)
        game_key = _game_key(game)  # what the kept results of this game are filed under
        present = [p for p in game.players if p not in scenario.absent]
        caps = capabilities_under(scenario, game, measure, present)
        dims = tuple(
            _on_dimension_memo(scenario, game, game_key, dim, caps, proposal, present, sensitivity)
            for dim in scenario.dimensions
        )
        plane = plane_props = plane_consent = None
        if len(scenario.dimensions) == 2:
            plane, plane_props, plane_consent = _on_plane(scenario, game, proposal, present)
        owen = banzhaf_owen = None
        if scenario.blocs:
            owen, banzhaf_owen = _owen_memo(scenario, game, game_key)
        vetoes = critical_members(game, present)
        text = scenario.rule_text(label)
        results.append(
            RuleOutcome(
                rule=label,
                text=text,
                description=describe_rule(
                    text,
                    game.players,
                    groups=scenario.groups,
                    host=scenario.host,
                    member_names=scenario.member_names,
                ),
                players=game.players,
                capability=measure,
                capabilities=caps,
                dimensions=dims,
                plane=plane,
                plane_proposals=plane_props or {},
                plane_consent=plane_consent,
                owen=owen,
                banzhaf_owen=banzhaf_owen,
                veto_players=vetoes,
                game=game,
            )
        )
    caveats = scenario.provenance(labels)
    if not scenario.saliences_given:
        caveats.append("No saliences were given: every member weighs every issue equally.")
    if scenario.absent:
        caveats.append(
            "Absent (in no coalition; under consensus their absence blocks): "
            + ", ".join(scenario.absent)
            + "."
        )
    return OutcomeAnalysis(scenario, tuple(results), tuple(dict.fromkeys(caveats)), exact)


def rule_labels(scenario: Scenario, rules: Iterable[str] | str | None) -> tuple[str, ...]:
    if rules is None:
        return scenario.rules
    labels = (rules,) if isinstance(rules, str) else tuple(rules)
    if not labels or any(not isinstance(r, str) or not r.strip() for r in labels):
        raise PivotalError(
            "rules",
            "one or more rule names or texts",
            repr(rules),
            "Name a rule, e.g. consensus.",
        )
    return tuple(dict.fromkeys(r.strip() for r in labels))


def capability_measure(scenario: Scenario, capability: str | None) -> str:
    if capability is None:
        return scenario.capability
    from pivotal.power import ALIASES

    key = ALIASES.get(capability.strip().lower(), capability.strip().lower())
    if key in INDICES:
        return key
    if capability in scenario.attributes:
        return capability
    raise PivotalError(
        "capability",
        one_of([*INDICES, *scenario.attributes]),
        repr(capability),
        "Use a power index key or a member attribute.",
    )


# Results of one dimension (or of the blocs' Owen values) depend on that dimension's inputs and
# the rule's game only. When one member moves on one dimension, as on the web page while a member
# is dragged, the other dimension's results and the Owen values are the same as a moment before:
# they are kept, keyed by everything they read, for games small enough to key by their table of
# winning coalitions. Kept results are shared: callers never mutate them.
_MEMO: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_MEMO_SIZE = 256
_MEMO_LOCK = threading.Lock()


def _game_key(game: SimpleGame) -> tuple[Any, ...] | None:
    table = small_table(game)
    if table is None:
        return None
    return (game.players, np.packbits(np.asarray(table, dtype=bool)).tobytes())


def _memo(key: tuple[Any, ...] | None, compute: Callable[[], Any]) -> Any:
    if key is None:
        return compute()
    with _MEMO_LOCK:
        if key in _MEMO:
            _MEMO.move_to_end(key)
            return _MEMO[key]
    value = compute()
    with _MEMO_LOCK:
        _MEMO[key] = value
        while len(_MEMO) > _MEMO_SIZE:
            _MEMO.popitem(last=False)
    return value


def _on_dimension_memo(
    scenario: Scenario,
    game: SimpleGame,
    game_key: tuple[Any, ...] | None,
    dim: Dimension,
    caps: Mapping[str, Fraction],
    proposal: object,
    present: Sequence[str],
    with_sensitivity: bool,
) -> DimensionOutcome:
    """:func:`_on_dimension`, kept for the same inputs (see :data:`_MEMO`)."""

    def compute() -> DimensionOutcome:
        return _on_dimension(scenario, game, dim, caps, proposal, present, with_sensitivity)

    if game_key is None or not (proposal is None or isinstance(proposal, str)):
        return compute()
    setter = scenario.setter
    try:
        setter_at = None if setter is None else scenario.setter_position(dim.id)
    except (KeyError, PivotalError):
        return compute()  # it raises the error that says what is missing
    key = (
        "dimension",
        game_key,
        dim,
        len(scenario.dimensions),
        tuple(scenario.positions_on(dim.id).items()),
        tuple(scenario.saliences_on(dim.id).items()),
        scenario.status_quo[dim.id].value,
        setter,
        setter_at,
        tuple(scenario.absent),
        tuple(caps.items()),
        proposal,
        tuple((pid, p.name, p.point[dim.id]) for pid, p in scenario.proposals.items()),
        tuple(present),
        with_sensitivity,
    )
    return _memo(key, compute)  # type: ignore[no-any-return]


def _owen_memo(
    scenario: Scenario, game: SimpleGame, game_key: tuple[Any, ...] | None
) -> tuple[dict[str, Fraction], dict[str, Fraction]]:
    """:func:`_owen`, kept for the same game and blocs (see :data:`_MEMO`)."""
    key = None if game_key is None else ("owen", game_key, tuple(scenario.blocs.items()))
    return _memo(key, lambda: _owen(scenario, game))  # type: ignore[no-any-return]


def _on_dimension(
    scenario: Scenario,
    game: SimpleGame,
    dim: Dimension,
    caps: Mapping[str, Fraction],
    proposal: object,
    present: Sequence[str],
    with_sensitivity: bool,
) -> DimensionOutcome:
    positions = scenario.positions_on(dim.id)
    saliences = scenario.saliences_on(dim.id)
    y = scenario.status_quo[dim.id].value
    line = line_outcome(
        game,
        positions,
        y,
        setter=scenario.setter,
        absent=scenario.absent,
    )
    bargainers = {a: x for a, x in positions.items() if a in caps}
    try:
        comp: Fraction | None = compromise(bargainers, saliences, caps)
    except PivotalError:
        comp = None  # every capability is zero: the model has nothing to weigh
    agreed = nash(bargainers, y, caps, saliences) if comp is not None else None
    z, basis = _proposal_for(scenario, proposal, dim)
    consent = None
    if z is not None:
        voters = {p: positions[p] for p in present}
        price = consent_prices(voters, saliences, y, z)
        consent = cost_of_consent(game, price, scenario.absent, proposal=z)
    # A proposal that leaves this dimension where it is says nothing about it.
    named = {
        pid: line.beats_status_quo(p.point[dim.id])
        for pid, p in scenario.proposals.items()
        if p.point[dim.id] != y
    }
    sens = {}
    if with_sensitivity:
        sens = sensitivities(game, positions, y, scenario.setter, scenario.absent)
    return DimensionOutcome(dim, line, comp, agreed, z, basis, consent, named, sens)


def _on_plane(
    scenario: Scenario, game: SimpleGame, proposal: object, present: Sequence[str]
) -> tuple[PlaneOutcome, dict[str, bool], ConsentCost | None]:
    d1, d2 = (d.id for d in scenario.dimensions)
    points = {a: (v[d1].value, v[d2].value) for a, v in scenario.positions.items()}
    y = (scenario.status_quo[d1].value, scenario.status_quo[d2].value)
    plane = plane_outcome(game, points, y, setter=scenario.setter, absent=scenario.absent)
    named = {pid: plane.beats((p.point[d1], p.point[d2])) for pid, p in scenario.proposals.items()}
    z: tuple[Fraction, Fraction] | None = None
    if proposal is None and scenario.setter is not None:
        z = points[scenario.setter]
    elif proposal is not None:
        zs = [_proposal_for(scenario, proposal, d)[0] for d in scenario.dimensions]
        z = (zs[0], zs[1])  # type: ignore[assignment]
    consent = None
    if z is not None:
        price = {}
        for p in present:
            x = points[p]
            s = (scenario.saliences[p][d1].value + scenario.saliences[p][d2].value) / 2
            loss = math.dist(map(float, z), map(float, x)) - math.dist(map(float, y), map(float, x))
            price[p] = max(0.0, float(s) * loss)
        consent = cost_of_consent(game, price, scenario.absent, proposal=z)
    return plane, named, consent


def _owen(scenario: Scenario, game: SimpleGame) -> tuple[dict[str, Fraction], dict[str, Fraction]]:
    from pivotal.power.owen import banzhaf_owen, owen

    unions = [[m for m in bloc if m in game.players] for bloc in scenario.blocs.values()]
    unions = [u for u in unions if u]
    values = owen(game, unions)
    bz = banzhaf_owen(game, unions)
    return (
        dict(zip(game.players, values, strict=True)),
        dict(zip(game.players, bz, strict=True)),
    )
