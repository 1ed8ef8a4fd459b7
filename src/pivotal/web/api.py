"""The JSON API: the CLI's ``--format json`` output over HTTP, for scripts and the pages' links.

Each endpoint takes the CLI command's options as JSON keys (unknown keys are refused with 422,
naming them) and returns exactly the JSON the command prints, from the same result objects'
``to_json()``:

=========================  ===============================================================
``POST /api/power``        ``pivotal power --weights ... --quota ... -f json``
``POST /api/analyze``      ``pivotal analyze ORG --at ... --rule ... -f json``
``POST /api/compare``      ``pivotal compare ORG --rule A --rule B -f json``
``POST /api/timeline``     ``pivotal timeline ORG --rule ... --from ... --to ... -f json``
``GET /api/orgs``          ``pivotal orgs -f json``
``GET /api/orgs/{org}``    ``pivotal show ORG --at ... -f json``
=========================  ===============================================================

Only bundled organizations are read here (a path is refused: the server reads no file a request
names). Computations run in the threadpool with the engines' budget, and identical requests are
answered from a cache.

>>> PowerRequest(weights=[4, 2, 1], quota=5).weight_texts()
['4', '2', '1']
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from pivotal.cli_quick import run_power
from pivotal.compare import analyze as run_analyze
from pivotal.compare import compare as run_compare
from pivotal.compare import timeline as run_timeline
from pivotal.errors import PivotalError
from pivotal.organizations import Organization, bundled, load_organization
from pivotal.web.common import BUDGET_S, cached, run_limited

__all__ = [
    "AnalyzeRequest",
    "CompareRequest",
    "PowerRequest",
    "TimelineRequest",
    "analyze_result",
    "compare_result",
    "organization",
    "router",
    "timeline_result",
]

router = APIRouter(prefix="/api", tags=["api"])

Number = int | str


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PowerRequest(_Strict):
    """``pivotal power``: a weighted game [quota; weights]."""

    weights: list[Number] = Field(description="Weights: integers, or decimals/fractions as text.")
    quota: Number = Field(description="Weight needed to pass.")
    names: list[str] | None = Field(None, description="Player names (default P1..Pn).")
    indices: list[str] | None = Field(None, description="Indices (default: all), any alias.")
    exact: bool = Field(False, description='Exact fractions ("p/q" strings) instead of floats.')
    engine: str | None = Field(None, description="fast, dp, enumeration, float or montecarlo.")
    unions: list[list[str]] | None = Field(None, description="A priori unions (Owen values).")
    samples: int | None = None
    precision: float | None = None
    seed: int | None = None

    def weight_texts(self) -> list[str]:
        """The weights as the CLI reads them (text)."""
        return [str(w) for w in self.weights]


class _OrgRequest(_Strict):
    organization: str = Field(description="A bundled organization id (GET /api/orgs).")
    body: str | None = None
    matter: str | None = None
    indices: list[str] | None = None
    exact: bool = False
    engine: str | None = None


class AnalyzeRequest(_OrgRequest):
    """``pivotal analyze``: every index of every member at a date, under each rule."""

    at: str | None = Field(None, description="Date YYYY-MM-DD (default: today).")
    rules: list[str] | None = Field(None, description="Rule names or rule texts.")
    host: str | None = None
    participants: list[str] | None = None
    unions: list[list[str]] | None = None


class CompareRequest(_OrgRequest):
    """``pivotal compare``: two rules side by side, with who gains or loses a veto."""

    at: str | None = None
    rules: list[str] | None = Field(None, description="Two rules; default the first two.")
    host: str | None = None
    participants: list[str] | None = None
    unions: list[list[str]] | None = None


class TimelineRequest(_OrgRequest):
    """``pivotal timeline``: indices at every change of membership, under each rule."""

    rules: list[str] | None = None
    start: str | None = Field(None, description="First date (the CLI's --from).")
    end: str | None = Field(None, description="Last date (the CLI's --to).")
    include_frozen: bool = False


def organization(name: str) -> Organization:
    """A bundled organization by id (any case); a path or an unknown id is a PivotalError."""
    names = bundled()
    key = name.strip().lower()
    if key not in names:
        raise PivotalError(
            "organization",
            "one of the bundled organizations " + ", ".join(f"'{n}'" for n in names),
            name,
            "Use a bundled id (GET /api/orgs lists them); to analyze your own file, use /upload.",
        )
    return _load(key)


@cached(maxsize=64)
def _load(key: str) -> Organization:
    return load_organization(key)


def _index(values: list[str] | None) -> str | None:
    return ",".join(values) if values else None


def _member(org: Organization, text: str | None, parameter: str) -> str | None:
    if text is None:
        return None
    ids = [m.id for m in org.members]
    if text in ids:
        return text
    same = [i for i in ids if i.casefold() == text.strip().casefold()]
    if len(same) == 1:
        return same[0]
    raise PivotalError(
        parameter,
        f"a member id of {org.id}: " + ", ".join(ids),
        repr(text),
        "Pick one from the list.",
    )


def _members(org: Organization, values: list[str] | None, parameter: str) -> list[str] | None:
    if values is None:
        return None
    return [m for m in (_member(org, v, parameter) for v in values) if m is not None]


def _distinct(values: list[str] | None, parameter: str) -> list[str] | None:
    if not values:
        return None
    if len(set(values)) != len(values):
        raise PivotalError(parameter, "each value once", repr(values), "Remove the repeated value.")
    return values


@cached()
def power_json(body: dict[str, Any], budget: float = BUDGET_S) -> str:
    """What ``pivotal power -f json`` prints for this request."""
    req = PowerRequest(**body)
    _, _, text = run_power(
        req.weight_texts(),
        str(req.quota),
        req.names,
        index=_index(req.indices),
        exact=req.exact,
        engine=req.engine,
        fmt="json",
        unions=req.unions,
        samples=req.samples,
        precision=req.precision,
        seed=req.seed,
        budget=budget,
    )
    return str(text)


@cached()
def analyze_json(body: dict[str, Any], budget: float = BUDGET_S) -> str:
    """What ``pivotal analyze ORG -f json`` prints for this request."""
    return str(analyze_result(AnalyzeRequest(**body), budget=budget).to_json())


def analyze_result(req: AnalyzeRequest, budget: float = BUDGET_S) -> Any:
    """The :class:`~pivotal.compare.Analysis` of a ``POST /api/analyze`` request (its
    ``to_json()`` is the endpoint's answer; the power page draws and downloads it too)."""
    org = organization(req.organization)
    return run_analyze(
        org,
        at=req.at,
        rules=_distinct(req.rules, "rules"),
        indices=_index(req.indices),
        exact=req.exact,
        engine=req.engine,
        body=req.body,
        matter=req.matter,
        host=_member(org, req.host, "host"),
        participants=_members(org, req.participants, "participants"),
        unions=req.unions,
        budget=budget,
    )


def compare_result(req: CompareRequest) -> Any:
    """The :class:`~pivotal.compare.Comparison` of a request (the pages draw its chart)."""
    org = organization(req.organization)
    return run_compare(
        org,
        rules=req.rules or (),
        at=req.at,
        body=req.body,
        matter=req.matter,
        indices=_index(req.indices),
        exact=req.exact,
        engine=req.engine,
        host=_member(org, req.host, "host"),
        participants=_members(org, req.participants, "participants"),
        unions=req.unions,
    )


def timeline_result(req: TimelineRequest) -> Any:
    """The :class:`~pivotal.compare.Timeline` of a request (the pages draw its chart)."""
    return run_timeline(
        organization(req.organization),
        rules=_distinct(req.rules, "rules"),
        start=req.start,
        end=req.end,
        body=req.body,
        matter=req.matter,
        include_frozen=req.include_frozen,
        indices=_index(req.indices),
        exact=req.exact,
        engine=req.engine,
    )


@cached()
def compare_json(body: dict[str, Any]) -> str:
    """What ``pivotal compare ORG -f json`` prints for this request."""
    return str(compare_result(CompareRequest(**body)).to_json())


@cached()
def timeline_json(body: dict[str, Any]) -> str:
    """What ``pivotal timeline ORG -f json`` prints for this request."""
    return str(timeline_result(TimelineRequest(**body)).to_json())


@cached()
def orgs_json() -> str:
    """What ``pivotal orgs -f json`` prints."""
    rows = [{"id": n, "name": _load(n).name} for n in bundled()]
    return json.dumps(rows, indent=2, ensure_ascii=False)


@cached()
def show_json(org: str, at: str | None) -> str:
    """What ``pivotal show ORG --at AT -f json`` prints."""
    return json.dumps(organization(org).snapshot(at).to_dict(), indent=2, ensure_ascii=False)


def _json(text: str) -> Response:
    return Response(text, media_type="application/json")


@router.post("/power", summary="Power indices of a weighted game (pivotal power)")
async def api_power(req: PowerRequest) -> Response:
    return _json(await run_limited(power_json, req.model_dump(exclude_unset=True)))


@router.post("/analyze", summary="Every index of every member at a date (pivotal analyze)")
async def api_analyze(req: AnalyzeRequest) -> Response:
    return _json(await run_limited(analyze_json, req.model_dump(exclude_unset=True)))


@router.post("/compare", summary="Two rules side by side (pivotal compare)")
async def api_compare(req: CompareRequest) -> Response:
    return _json(await run_limited(compare_json, req.model_dump(exclude_unset=True)))


@router.post("/timeline", summary="Indices at every change of membership (pivotal timeline)")
async def api_timeline(req: TimelineRequest) -> Response:
    return _json(await run_limited(timeline_json, req.model_dump(exclude_unset=True)))


@router.get("/orgs", summary="The bundled organizations (pivotal orgs)")
async def api_orgs() -> Response:
    return _json(await run_limited(orgs_json))


@router.get("/orgs/{org}", summary="An organization at a date (pivotal show)")
async def api_show(org: str, at: str | None = Query(None, description="YYYY-MM-DD")) -> Response:
    return _json(await run_limited(show_json, org, at))
