"""The outcomes page and ``POST /api/outcome``: what will pass, drawn, and redrawn as you drag.

The page and the API call the same functions as ``pivotal outcome`` (:mod:`pivotal.outcomes`):
:func:`~pivotal.outcomes.load_scenario` (or :func:`~pivotal.outcomes.scenario` for the inline
form), then :func:`~pivotal.outcomes.analyze_outcomes`, and the API returns
:meth:`~pivotal.outcomes.OutcomeAnalysis.to_dict`, the JSON that
``pivotal outcome --format json`` prints. The web layer adds one thing the command line does not
have: *overrides* of a bundled scenario's values (a member's position, a salience, the status quo)
so that a dragged marker is a new request. Each overridden value is marked
``status: "set by the user"``, so the analysis' caveats say which values came from the browser.

Every state of the page is in its URL [1]:

- ``/outcome?scenario=csto-2012`` the bundled scenario;
- ``rule=majority`` (repeatable) the rules to compare (default: the scenario's);
- ``pos.BLR=40`` Belarus's position on the first dimension, ``pos.BLR.regime=60`` on a named one;
- ``sal.BLR=50`` / ``sal.BLR.regime=50`` a salience; ``sq=30`` / ``sq.nato=30`` the status quo;
- ``proposal=30`` / ``proposal=nato_partnership`` the move whose cost of consent is shown;
- ``exact=1`` exact rationals instead of floats.

The JSON body of ``POST /api/outcome`` has the same keys as the command line's options:
``scenario``, ``rules``, ``positions`` ({member: value} or {member: {dimension: value}}),
``saliences`` (the same shape), ``status_quo`` (a value or {dimension: value}), ``proposal``,
``setter``, ``absent``, ``capability``, ``exact``; without ``scenario``, the inline form:
``positions``, ``status_quo``, ``weights``, ``organization``, ``at``, ``body``, ``matter``,
``host``.

>>> body = {"positions": {"A": 10, "B": 40, "C": 75}, "status_quo": 60,
...         "rules": ["majority"], "setter": "C"}
>>> out = outcome_json(body)
>>> out["rules"][0]["core"], out["rules"][0]["setter_outcome"]
([40.0, 40.0], 60.0)

References
----------
[1] S. Willison, "Datasette: URL design", https://docs.datasette.io/en/stable/pages.html (a
    page's state in its address, so that a link reproduces the view).
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from fastapi import APIRouter, Body, Request
from fastapi.responses import Response

from pivotal.errors import PivotalError, one_of
from pivotal.outcomes import analyze_outcomes, bundled_scenarios, load_scenario
from pivotal.outcomes import scenario as build_scenario
from pivotal.outcomes.scenario import Scenario, Sourced
from pivotal.outcomes.spatial1d import exact_value
from pivotal.web.common import render, run_limited

__all__ = ["outcome_json", "outcome_json_text", "outcome_page_data", "parse_query", "router"]

router = APIRouter()

#: The status given to a value the user set in the browser; it reads in the caveats as
#: "The positions on ... are set by the user for Belarus 40."
USER_STATUS = "set by the user"

#: The keys ``POST /api/outcome`` accepts (the command line's options).
SCENARIO_KEYS = (
    "scenario",
    "rules",
    "positions",
    "saliences",
    "status_quo",
    "proposal",
    "setter",
    "absent",
    "capability",
    "exact",
)
INLINE_KEYS = ("weights", "organization", "at", "body", "matter", "host")
KEYS = SCENARIO_KEYS + INLINE_KEYS

_EXAMPLE = {
    "scenario": "csto-2012",
    "rules": ["consensus", "majority"],
    "positions": {"BLR": {"nato": 40}},
    "saliences": {"BLR": {"nato": 60}},
}


# ----------------------------------------------------------------------------- computing


@functools.lru_cache(maxsize=8)
def _bundled(name: str) -> Scenario:
    # Loading parses YAML and the organization's history (~50 ms): once per scenario is enough,
    # and safe, because overrides build new Scenario objects instead of changing this one.
    return load_scenario(name)


def _scenario_named(name: object) -> Scenario:
    known = bundled_scenarios()
    if not isinstance(name, str) or name.strip().lower() not in known:
        raise PivotalError(
            "scenario",
            one_of(known),
            repr(name),
            "Name a bundled scenario, or upload your own file on /upload.",
        )
    return _bundled(name.strip().lower())


def _per_dimension(value: object, dims: list[str], where: str) -> dict[str, Fraction]:
    """``40`` (the first dimension) or ``{"regime": 60}`` as {dimension: Fraction}."""
    if isinstance(value, Mapping):
        out = {}
        for dim, v in value.items():
            if dim not in dims:
                raise PivotalError(
                    f"{where}.{dim}", one_of(dims), repr(dim), "Name a dimension of the scenario."
                )
            out[dim] = exact_value(v, f"{where}.{dim}")
        return out
    return {dims[0]: exact_value(value, where)}


def _check_scale(s: Scenario, dim: str, value: Fraction, where: str) -> None:
    scale = s.dimension(dim).scale
    if scale is not None and not scale[0] <= value <= scale[1]:
        raise PivotalError(
            where,
            f"a value on the scale of {dim}, {scale[0]} to {scale[1]}",
            str(value),
            "Move it inside the scale.",
        )


def _overridden(s: Scenario, body: Mapping[str, Any]) -> Scenario:
    """The scenario with the user's positions, saliences and status quo (each marked)."""
    dims = [d.id for d in s.dimensions]
    changes: dict[str, Any] = {}
    for key, table_name in (("positions", "positions"), ("saliences", "saliences")):
        given = body.get(key)
        if not given:
            continue
        if not isinstance(given, Mapping):
            raise PivotalError(
                key,
                "a mapping {member: value} or {member: {dimension: value}}",
                type(given).__name__,
                f'Give {key} as {{"BLR": 40}}.',
            )
        table = {a: dict(v) for a, v in getattr(s, table_name).items()}
        actors = list(s.positions)
        for actor, value in given.items():
            if actor not in actors:
                raise PivotalError(
                    f"{key}.{actor}",
                    one_of(actors),
                    repr(actor),
                    "Name a member (or actor) of the scenario.",
                )
            for dim, v in _per_dimension(value, dims, f"{key}.{actor}").items():
                if key == "positions":
                    _check_scale(s, dim, v, f"{key}.{actor}.{dim}")
                elif v < 0:
                    raise PivotalError(
                        f"{key}.{actor}.{dim}", "0 or more", str(v), "Saliences weigh issues."
                    )
                table.setdefault(actor, {})[dim] = Sourced(v, status=USER_STATUS)
        changes[table_name] = table
        if key == "saliences":
            changes["saliences_given"] = True
    if body.get("status_quo") is not None:
        sq = dict(s.status_quo)
        for dim, v in _per_dimension(body["status_quo"], dims, "status_quo").items():
            _check_scale(s, dim, v, f"status_quo.{dim}")
            sq[dim] = Sourced(v, status=USER_STATUS)
        changes["status_quo"] = sq
    setter = body.get("setter")
    if setter is not None:
        if setter not in s.positions:
            raise PivotalError(
                "setter",
                one_of(s.positions),
                repr(setter),
                "Name a member or actor with a position.",
            )
        changes.update(setter=setter, setter_basis="chosen by the user", setter_status="verified")
    absent = body.get("absent")
    if absent:
        bad = [a for a in absent if a not in s.members]
        if bad or not isinstance(absent, list):
            raise PivotalError(
                "absent", one_of(s.members), repr(absent), "List members of the scenario."
            )
        changes["absent"] = tuple(absent)
    return dataclasses.replace(s, **changes) if changes else s


def _prepare(body: Mapping[str, Any]) -> tuple[Scenario, dict[str, Any]]:
    """The scenario a request describes, and the keyword arguments of analyze_outcomes."""
    if not isinstance(body, Mapping):
        raise PivotalError("body", "a JSON object", type(body).__name__, f"Send e.g. {_EXAMPLE}.")
    unknown = [k for k in body if k not in KEYS]
    if unknown:
        raise PivotalError(unknown[0], one_of(KEYS), repr(unknown[0]), "Remove or rename it.")
    rules = body.get("rules")
    if isinstance(rules, str):
        rules = [rules]
    if body.get("scenario") is not None:
        inline = [k for k in INLINE_KEYS if body.get(k) is not None]
        if inline:
            raise PivotalError(
                inline[0],
                "inline keys only without a scenario",
                f"a scenario and {inline[0]}",
                "Drop the scenario, or drop the inline keys.",
            )
        s = _overridden(_scenario_named(body["scenario"]), body)
        kwargs = {"rules": rules or None, "capability": body.get("capability")}
    else:
        if body.get("positions") is None or body.get("status_quo") is None:
            raise PivotalError(
                "scenario",
                "a scenario (e.g. csto-2012), or positions and status_quo",
                "neither",
                f"Send e.g. {_EXAMPLE}.",
            )
        s = build_scenario(
            positions=body["positions"],
            status_quo=body["status_quo"],
            rules=rules,
            saliences=body.get("saliences"),
            weights=body.get("weights"),
            setter=body.get("setter"),
            organization=body.get("organization"),
            at=body.get("at"),
            body=body.get("body"),
            matter=body.get("matter"),
            host=body.get("host"),
            absent=tuple(body.get("absent") or ()),
            capability=body.get("capability"),
        )
        kwargs = {"rules": None, "capability": None}
    proposal = body.get("proposal")
    if isinstance(proposal, int | float) and not isinstance(proposal, bool):
        proposal = exact_value(proposal, "proposal")
    kwargs.update(proposal=proposal, exact=bool(body.get("exact", False)))
    return s, kwargs


@functools.lru_cache(maxsize=256)
def _cached(key: str) -> tuple[str, str]:
    body = json.loads(key)
    s, kwargs = _prepare(body)
    analysis = analyze_outcomes(s, **kwargs)
    return json.dumps(analysis.to_dict()), json.dumps(_inputs(s, analysis.rules))


def _key(body: Mapping[str, Any]) -> str:
    return json.dumps(body, sort_keys=True, default=str)


def outcome_json_text(body: Mapping[str, Any]) -> str:
    """What ``pivotal outcome --format json`` prints for the options in ``body``, as JSON text
    (cached)."""
    if not isinstance(body, Mapping):
        raise PivotalError("body", "a JSON object", type(body).__name__, f"Send e.g. {_EXAMPLE}.")
    return _cached(_key(body))[0]


def outcome_json(body: Mapping[str, Any]) -> dict[str, Any]:
    """What ``pivotal outcome --format json`` prints for the options in ``body`` (cached)."""
    return json.loads(outcome_json_text(body))


def _inputs(s: Scenario, rules: Any) -> dict[str, Any]:
    """What the page draws that the CLI's JSON does not carry: every actor's position and
    salience, names, and each dimension's drawing scale."""
    dims = []
    for d in s.dimensions:
        values = [float(v) for v in s.positions_on(d.id).values()]
        values.append(float(s.status_quo[d.id].value))
        if d.scale is not None:
            low, high = float(d.scale[0]), float(d.scale[1])
        else:
            pad = max((max(values) - min(values)) * 0.15, 1.0)
            low, high = min(values) - pad, max(values) + pad
        dims.append(
            {
                "id": d.id,
                "name": d.name,
                "low": d.low,
                "high": d.high,
                "scale": [low, high],
                "fixed": d.scale is not None,
            }
        )
    return {
        "dimensions": dims,
        "positions": {
            a: {k: float(v.value) for k, v in vals.items()} for a, vals in s.positions.items()
        },
        "saliences": {
            a: {k: float(v.value) for k, v in vals.items()} for a, vals in s.saliences.items()
        },
        "names": {**s.member_names, **s.actors},
        "members": list(s.members),
        "status_quo": {d.id: float(s.status_quo[d.id].value) for d in s.dimensions},
        "available_rules": _available_rules(s, [r.rule for r in rules]),
        "proposals": {p.id: p.name for p in s.proposals.values()},
    }


def _available_rules(s: Scenario, chosen: list[str]) -> list[str]:
    names = list(dict.fromkeys([*chosen, *s.rules]))
    org = s.organization
    if org is not None:
        names += [r for r in org.rules if r not in names]
        if org.bodies:
            names += [m for m in org.body(s.body).matters if m not in names]
    # Each must parse: "2/3 of members" alone is not in the rule language.
    for extra in ("majority", "consensus", "at least 2/3 of members"):
        if extra not in names:
            names.append(extra)
    return names


def outcome_page_data(body: Mapping[str, Any]) -> dict[str, Any]:
    """The analysis (the CLI's JSON) and the inputs the page draws, for one request."""
    result, inputs = _cached(_key(body))
    return {"result": json.loads(result), "inputs": json.loads(inputs)}


@functools.lru_cache(maxsize=64)
def _usable_rules(key: str, names: tuple[str, ...]) -> list[str]:
    """The rules of ``names`` that compile for the request's scenario: a box the page offers
    must give an answer when ticked (a rule needing a host, say, cannot: the scenario form of the
    API takes no host)."""
    s, _ = _prepare(json.loads(key))
    usable = []
    for name in names:
        try:
            s.game(name)
        except PivotalError:
            continue
        usable.append(name)
    return usable


# ----------------------------------------------------------------------------- the URL


def parse_query(items: list[tuple[str, str]]) -> dict[str, Any]:
    """The page's query parameters as the API's JSON body.

    >>> parse_query([("scenario", "csto-2012"), ("rule", "majority"), ("pos.BLR.nato", "40"),
    ...              ("sq", "30")])
    {'scenario': 'csto-2012', 'rules': ['majority'], 'positions': {'BLR': {'nato': '40'}}, \
'status_quo': '30'}
    """
    body: dict[str, Any] = {}
    for key, value in items:
        if key == "rule":
            if value.strip():
                body.setdefault("rules", []).append(value)
        elif key in ("scenario", "proposal", "setter", "capability"):
            if value.strip():
                body[key] = value.strip()
        elif key == "exact":
            body["exact"] = value.strip().lower() in ("1", "true", "yes", "on")
        elif key == "absent":
            body["absent"] = [a.strip() for a in value.split(",") if a.strip()]
        elif key == "sq" or key.startswith("sq."):
            dim = key[3:]
            if dim:
                sq = body.get("status_quo")
                body["status_quo"] = {**(sq if isinstance(sq, dict) else {}), dim: value}
            else:
                body["status_quo"] = value
        elif key.startswith(("pos.", "sal.")):
            table = body.setdefault("positions" if key[0] == "p" else "saliences", {})
            actor, _, dim = key[4:].partition(".")
            if dim:
                current = table.get(actor)
                table[actor] = {**(current if isinstance(current, dict) else {}), dim: value}
            else:
                table[actor] = value
        else:
            raise PivotalError(
                key,
                "scenario, rule, pos.MEMBER[.DIMENSION], sal.MEMBER[.DIMENSION], sq[.DIMENSION], "
                "proposal, setter, capability, absent, exact",
                repr(key),
                "Remove it from the address, e.g. /outcome?scenario=csto-2012&pos.BLR.nato=40.",
            )
    if "scenario" not in body and "positions" not in body:
        body["scenario"] = "csto-2012"
    return body


# ----------------------------------------------------------------------------- showing


def show(value: object) -> str:
    """A number of the CLI's JSON as the page shows it: 4 significant digits for a float (the
    full value is in the cell's ``data-value``), an exact rational as given, ``-`` for none.

    >>> show(35.45142857142857), show("1/3"), show(None), show(25.0)
    ('35.45', '1/3', '-', '25')
    """
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def show_interval(pair: list[object] | None) -> str:
    """``[low, high]`` as ``low to high`` (an open end as infinity), ``empty`` for none.

    >>> show_interval([21.6, 53.9]), show_interval(None), show_interval([None, 3.0])
    ('21.6 to 53.9', 'empty', '-∞ to 3')
    """
    if pair is None:
        return "empty"
    low, high = pair
    return f"{'-∞' if low is None else show(low)} to {'∞' if high is None else show(high)}"


def _basis(result: Mapping[str, Any]) -> str:
    for r in result["rules"]:
        for d in r.get("dimensions", {"": r}).values():
            if d.get("cost_of_consent"):
                return str(d["cost_of_consent"]["basis"])
    return "no proposal"


# ----------------------------------------------------------------------------- routes


@router.get("/outcome", include_in_schema=False)
async def outcome_page(request: Request) -> Response:
    """Outcomes: the scenario's members on the line or the plane, and each model's prediction."""
    body = parse_query(list(request.query_params.multi_items()))
    data = await run_limited(outcome_page_data, body)
    if isinstance(data, Response):
        return data
    # Only on the page: the API's answers need no list of boxes, and pay nothing for it.
    offered = tuple(data["inputs"]["available_rules"])
    chosen = [r["rule"] for r in data["result"]["rules"]]
    usable = _usable_rules(_key(body), offered)
    data["inputs"]["available_rules"] = [r for r in offered if r in usable or r in chosen]
    return render(
        request,
        "outcome.html",
        result=data["result"],
        inputs=data["inputs"],
        request_body=body,
        scenarios=bundled_scenarios(),
        basis=_basis(data["result"]),
        num=show,
        interval=show_interval,
    )


@router.post("/api/outcome", tags=["outcomes"])
async def outcome_api(
    body: dict[str, Any] = Body(..., examples=[_EXAMPLE]),  # noqa: B008
) -> Any:
    """What ``pivotal outcome --format json`` prints for these options: core, win set, setter's
    outcome, compromise and Nash predictions, and the cost of consent, rule by rule."""
    # The cached JSON text goes out as it is: no parsing and re-encoding of a 20 KB answer.
    return Response(await run_limited(outcome_json_text, body), media_type="application/json")
