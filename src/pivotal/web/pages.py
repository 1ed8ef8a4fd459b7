"""The server-rendered pages: home, organizations, power, compare and timeline.

Every page reads its state from the query string (a link reproduces the view) and calls the same
functions as the JSON API (:mod:`pivotal.web.api`); its charts are the CLI reports' charts
(:mod:`pivotal.report`), served as SVG from a ``.svg`` address with the same query string.

>>> _split("4, 2,,1")
['4', '2', '1']
"""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Any
from urllib.parse import urlencode

import matplotlib

matplotlib.use("Agg")  # no display on a server; must precede pyplot
import matplotlib.pyplot as plt
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from pivotal import __version__
from pivotal.cli_quick import run_power
from pivotal.organizations import bundled
from pivotal.report import comparison_chart, timeline_chart
from pivotal.report import render as render_figure
from pivotal.web.api import (
    CompareRequest,
    TimelineRequest,
    compare_result,
    organization,
    show_json,
)
from pivotal.web.common import BUDGET_S, cached, render, run_limited

__all__ = ["router"]

#: ``?rule=A&rule=B``: repeated, like the CLI's ``--rule``.
Rules = Annotated[list[str] | None, Query()]

router = APIRouter(include_in_schema=False)

#: The worked example of the home page: the CSTO's consensus against the majority Belarus
#: proposed while chairing in 2011, on a day of 2012 (Uzbekistan still a member).
HOME = {"org": "csto", "at": "2012-06-01", "rules": ["consensus", "majority"]}


def _split(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split(",") if p.strip()]


def _page(request: Request, name: str, **context: Any) -> HTMLResponse:
    return render(request, name, version=__version__, **context)


# --- computations behind the pages (cached; run in the threadpool) -------------------------


@cached()
def _power(weights: list[str], quota: str, names: list[str] | None, exact: bool) -> Any:
    return run_power(weights, quota, names, exact=exact, fmt="json", budget=BUDGET_S)[1]


@cached()
def _comparison(org: str, at: str | None, rules: list[str]) -> Any:
    return compare_result(
        CompareRequest(organization=org, at=at or None, rules=rules or None, exact=True)
    )


@cached()
def _timeline(org: str, rules: list[str], start: str | None, end: str | None) -> Any:
    from pivotal.web.api import timeline_result

    return timeline_result(
        TimelineRequest(
            organization=org, rules=rules or None, start=start or None, end=end or None, exact=True
        )
    )


def _svg(fig: Any) -> Response:
    try:
        data = render_figure(fig, "svg")
    finally:
        plt.close(fig)
    return Response(data, media_type="image/svg+xml")


# --- pages -------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
async def home(request: Request) -> HTMLResponse:
    c = await run_limited(_comparison, HOME["org"], HOME["at"], HOME["rules"])
    query = urlencode(
        [("org", HOME["org"]), ("at", HOME["at"])] + [("rule", r) for r in HOME["rules"]]
    )
    return _page(request, "home.html", c=c.to_dict(), query=query, home=HOME)


@router.get("/docs", response_class=HTMLResponse)
async def docs(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    endpoints = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            ref = body.get("schema", {}).get("$ref", "")
            model = schema.get("components", {}).get("schemas", {}).get(ref.split("/")[-1], {})
            keys = [(k, v.get("description", "")) for k, v in model.get("properties", {}).items()]
            params = [p["name"] for p in op.get("parameters", [])]
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "fields": keys,
                    "params": params,
                }
            )
    return _page(request, "docs.html", endpoints=endpoints)


@router.get("/orgs", response_class=HTMLResponse)
async def orgs(request: Request) -> HTMLResponse:
    rows = []
    for name in bundled():
        org = await run_limited(organization, name)
        rows.append({"id": name, "name": org.name, "description": org.description or ""})
    return _page(request, "orgs.html", rows=rows)


def _org_view(name: str, at: str | None) -> dict[str, Any]:
    import json

    org = organization(name)
    snap = json.loads(show_json(name, at))
    dates = sorted({*org.membership_changes(), *(e.date.date for e in org.events)})
    day = _dt.date.fromisoformat(snap["at"])
    documents = []
    rows = org.ratification_table()
    for doc_id, doc in org.documents.items():
        documents.append(
            {
                "id": doc_id,
                "name": doc.name,
                "status": getattr(doc, "status", ""),
                "ratifications": [r for r in rows if r.document == doc_id],
            }
        )
    events = [e for e in org.events if e.date.date <= day]
    return {
        "org": org,
        "snap": snap,
        "dates": [d.isoformat() for d in dates],
        "position": sum(1 for d in dates if d <= day) - 1 if dates else 0,
        "documents": documents,
        "events": events[-8:],
        "sources": org.sources,
    }


@router.get("/orgs/{org}", response_class=HTMLResponse)
async def org_page(request: Request, org: str, at: str | None = Query(None)) -> HTMLResponse:
    view = await run_limited(_org_view, org, at or None)
    return _page(request, "org.html", **view)


@router.get("/power", response_class=HTMLResponse)
async def power_page(
    request: Request, weights: str = "", quota: str = "", names: str = "", exact: bool = False
) -> HTMLResponse:
    form = {"weights": weights, "quota": quota, "names": names, "exact": exact}
    if not weights.strip():
        return _page(request, "power.html", form=form, result=None)
    w, n = _split(weights), _split(names) or None
    result = await run_limited(_power, w, quota.strip(), n, exact)
    frame = result.to_frame(exact=exact)
    api_body = {"weights": w, "quota": quota.strip(), "exact": exact, **({"names": n} if n else {})}
    return _page(
        request,
        "power.html",
        form=form,
        result=result,
        data=result.to_dict(),
        table=frame.to_html(classes="index", border=0),
        query=request.url.query,
        api_body=api_body,
    )


@router.get("/power.svg")
async def power_svg(
    weights: str, quota: str, names: str = "", exact: bool = False, index: str | None = None
) -> Response:
    result = await run_limited(_power, _split(weights), quota.strip(), _split(names) or None, exact)
    fig, ax = plt.subplots(figsize=(7, 3.6))
    result.plot(index=index, ax=ax)
    fig.tight_layout()
    return _svg(fig)


@router.get("/power.csv")
async def power_csv(weights: str, quota: str, names: str = "", exact: bool = False) -> Response:
    result = await run_limited(_power, _split(weights), quota.strip(), _split(names) or None, exact)
    return Response(
        result.to_csv(),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="power.csv"'},
    )


@router.get("/power.json")
async def power_json_download(
    weights: str, quota: str, names: str = "", exact: bool = False
) -> Response:
    result = await run_limited(_power, _split(weights), quota.strip(), _split(names) or None, exact)
    return Response(
        result.to_json(),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="power.json"'},
    )


def _org_choice(org: str) -> dict[str, Any]:
    o = organization(org)
    return {"org": o.id, "rules": list(o.rules), "names": bundled()}


@router.get("/compare", response_class=HTMLResponse)
async def compare_page(
    request: Request, org: str = "csto", at: str = "", rule: Rules = None
) -> HTMLResponse:
    choice = await run_limited(_org_choice, org)
    c = await run_limited(_comparison, org, at or None, rule or [])
    return _page(
        request,
        "compare.html",
        form={"org": org, "at": at, "rule": rule or []},
        choice=choice,
        c=c.to_dict(),
        text=c.table(),
        query=request.url.query,
    )


@router.get("/compare.svg")
async def compare_svg(org: str = "csto", at: str = "", rule: Rules = None) -> Response:
    c = await run_limited(_comparison, org, at or None, rule or [])
    return _svg(comparison_chart(c))


@router.get("/timeline", response_class=HTMLResponse)
async def timeline_page(
    request: Request, org: str = "csto", rule: Rules = None, start: str = "", end: str = ""
) -> HTMLResponse:
    choice = await run_limited(_org_choice, org)
    t = await run_limited(_timeline, org, rule or [], start, end)
    return _page(
        request,
        "timeline.html",
        form={"org": org, "rule": rule or [], "start": start, "end": end},
        choice=choice,
        t=t.to_dict(),
        text=t.table(),
        query=request.url.query,
    )


@router.get("/timeline.svg")
async def timeline_svg(
    org: str = "csto", rule: Rules = None, start: str = "", end: str = ""
) -> Response:
    t = await run_limited(_timeline, org, rule or [], start, end)
    return _svg(timeline_chart(t))


@router.get("/healthz")
async def healthz() -> JSONResponse:
    return JSONResponse({"ok": True, "version": __version__})
