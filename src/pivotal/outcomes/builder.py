"""Build a scenario from Python values: the inline form of ``pivotal outcome`` and the API.

>>> s = scenario(positions={"A": 10, "B": 40, "C": 75}, status_quo=60,
...              weights={"A": 3, "B": 1, "C": 1}, setter="B")
>>> s.rules, s.game()  # with weights, the default rule is a majority of the votes
(('votes > 50%',), WeightedGame([3; 3, 1, 1]))
>>> s.positions_on("x")
{'A': Fraction(10, 1), 'B': Fraction(40, 1), 'C': Fraction(75, 1)}
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

from pivotal.errors import PivotalError
from pivotal.organizations import Organization, load_organization
from pivotal.outcomes.scenario import Dimension, Proposal, Scenario, Sourced
from pivotal.outcomes.spatial1d import exact_value
from pivotal.power.registry import ALIASES, INDICES

__all__ = ["scenario"]


def _values(values: Mapping[str, object] | None, parameter: str) -> dict[str, Fraction]:
    if values is None:
        return {}
    if not isinstance(values, Mapping):
        raise PivotalError(
            parameter,
            "a mapping {member id: number}",
            type(values).__name__,
            f"Give {parameter} as {{'A': 10, 'B': 40}} (or A=10,B=40 on the command line).",
        )
    return {str(k).strip(): exact_value(v, f"{parameter}['{k}']") for k, v in values.items()}


def scenario(
    positions: Mapping[str, object],
    status_quo: object,
    rules: Sequence[str] | str | None = None,
    *,
    saliences: Mapping[str, object] | None = None,
    weights: Mapping[str, object] | None = None,
    setter: str | None = None,
    organization: str | Organization | None = None,
    at: _dt.date | str | None = None,
    body: str | None = None,
    matter: str | None = None,
    host: str | None = None,
    participants: Iterable[str] | None = None,
    absent: Iterable[str] = (),
    blocs: Mapping[str, Sequence[str]] | Sequence[Sequence[str]] | None = None,
    proposals: Mapping[str, object] | None = None,
    capability: str | None = None,
    dimension: str = "x",
    name: str = "inline scenario",
    status: str = "illustrative",
) -> Scenario:
    """A one-dimensional scenario from values: ``positions`` {member: ideal point} (members in
    that order, unless ``organization`` gives them), the ``status_quo`` and the ``rules``.

    ``weights`` become the member attribute ``votes`` (so ``votes >= 60%`` works, and the default
    rule is a weighted majority); ``saliences`` default to 1; ``setter`` proposes (with an
    organization that records a chair, the chair by default). Every value is
    marked ``status`` (illustrative by default): values typed in are the user's own.
    """
    points = _values(positions, "positions")
    if not points:
        raise PivotalError(
            "positions",
            "an ideal point for at least one member",
            "none",
            "Give positions such as A=10,B=40,C=75.",
        )
    y = exact_value(status_quo, "status_quo")
    sal = _values(saliences, "saliences")
    for member, value in sal.items():
        if value < 0:
            raise PivotalError(
                f"saliences['{member}']", "0 or more", str(value), "Saliences weigh issues."
            )
    votes = _values(weights, "weights")
    for member, value in votes.items():
        if value < 0:
            raise PivotalError(
                f"weights['{member}']",
                "a weight of 0 or more",
                str(value),
                "Weights count votes; use 0 for a member without votes.",
            )
    org: Organization | None = None
    if organization is not None:
        org = (
            organization
            if isinstance(organization, Organization)
            else load_organization(organization)
        )
        snap = org.snapshot(at)
        members = snap.member_ids
        if body is not None and org.body(body).seats != "all":
            members = snap.groups[org.body(body).seats]
        names = {m.id: m.name for m in snap.members}
        attributes = {
            k: {m: Fraction(str(v)) for m, v in vals.items()} for k, vals in snap.attributes.items()
        }
        groups = dict(snap.groups)
        day = snap.at
    else:
        members = tuple(points)
        names = {m: m for m in members}
        attributes = {"votes": votes} if votes else {}
        groups = {}
        day = None
        if votes:
            missing = [m for m in members if m not in votes]
            if missing:
                raise PivotalError(
                    "weights",
                    "a weight for every member (" + ", ".join(members) + ")",
                    "none for " + ", ".join(missing),
                    "Give every member a weight, or none.",
                )
    away = tuple(dict.fromkeys(absent))
    for m in away:
        if m not in members:
            raise PivotalError(
                "absent", "members: " + ", ".join(members), repr(m), "Name members only."
            )
    chosen = None if participants is None else tuple(participants)
    taking_part = [m for m in (chosen or members) if m not in away]
    missing = [m for m in taking_part if m not in points]
    if missing:
        raise PivotalError(
            "positions",
            "an ideal point for every member taking part (" + ", ".join(taking_part) + ")",
            "none for " + ", ".join(missing),
            "Add their positions, or list them as absent.",
        )
    actors = {a: a for a in points if a not in members}
    basis, basis_status = ("named by the user", "verified") if setter else ("", None)
    if setter is None and org is not None and org.bodies:
        # As in a scenario file: the chair of the body on that day sets the agenda.
        chair = org.snapshot(at).chair_entry(body)
        if chair is not None and chair.member in points:
            setter = chair.member
            basis = f"chair of {org.body(body).id} on {day.isoformat() if day else ''}"
            basis_status = chair.status
    if setter is not None and setter not in points:
        raise PivotalError(
            "setter",
            "a member or actor with a position: " + ", ".join(points),
            repr(setter),
            "Name the member who proposes, and give its position.",
        )
    if rules is None:
        rules = ("votes > 50%",) if votes else ("majority",)
        if org is not None:
            default = matter or (org.body(body).default_matter if body else org.default_rule)
            if default is None:
                raise PivotalError(
                    "rules",
                    "a rule (the organization names no default rule)",
                    "none",
                    "Pass rules=[...], or the body and matter whose rule applies.",
                )
            rules = (default,)
    labels = (rules,) if isinstance(rules, str) else tuple(rules)
    dim = Dimension(dimension, dimension)

    def sourced(value: Fraction) -> Sourced:
        return Sourced(value, status, (), "given by the user")

    unions: dict[str, tuple[str, ...]] = {}
    if blocs is not None:
        items = blocs.items() if isinstance(blocs, Mapping) else (("+".join(b), b) for b in blocs)
        for bloc_name, ids in items:
            if isinstance(ids, str):
                ids = groups.get(ids, (ids,))
            unions[str(bloc_name)] = tuple(ids)
    named: dict[str, Proposal] = {}
    for pid, value in (proposals or {}).items():
        named[pid] = Proposal(pid, pid, {dimension: exact_value(value, f"proposals['{pid}']")})
    measure = "shapley_shubik"
    if capability is not None:
        key = ALIASES.get(capability.lower(), capability.lower())
        measure = key if key in INDICES else capability
    built = Scenario(
        id="inline",
        name=name,
        dimensions=(dim,),
        members=tuple(members),
        member_names=names,
        positions={a: {dimension: sourced(v)} for a, v in points.items()},
        saliences={a: {dimension: sourced(sal.get(a, Fraction(1)))} for a in points},
        status_quo={dimension: sourced(y)},
        rules=labels,
        actors=actors,
        setter=setter,
        setter_basis=basis,
        setter_status=basis_status,
        blocs=unions,
        proposals=named,
        capability=measure,
        absent=away,
        participants=chosen,
        host=host,
        organization=org,
        at=day,
        body=body,
        matter=matter,
        attributes=attributes,
        groups=groups,
        saliences_given=saliences is not None,
        values_given_by_user=True,
    )
    for label in labels:
        built.game(label)  # every rule must compile over these members, now
    if measure not in INDICES and measure not in attributes:
        raise PivotalError(
            "capability",
            "a power index (" + ", ".join(INDICES) + ") or a member attribute",
            repr(capability),
            "Pick an index such as shapley_shubik, or weights (votes).",
        )
    return built
