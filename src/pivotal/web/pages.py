"""The server-rendered pages: home, organizations, power, compare and timeline.

Every page reads its state from the query string (a link reproduces the view) and calls the same
functions as the JSON API (:mod:`pivotal.web.api`); its charts are the CLI reports' charts
(:mod:`pivotal.report`), served as SVG from a ``.svg`` address with the same query string.

>>> _split("4, 2,,1")
['4', '2', '1']
"""

from __future__ import annotations

import datetime as _dt
import json
import shlex
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

import matplotlib

matplotlib.use("Agg")  # no display on a server; must precede pyplot
import matplotlib.pyplot as plt
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from pivotal import __version__
from pivotal.cli_quick import run_power
from pivotal.compare.formatting import headline_index
from pivotal.errors import PivotalError
from pivotal.organizations import bundled
from pivotal.power import INDICES
from pivotal.report import comparison_chart, timeline_chart
from pivotal.report import render as render_figure
from pivotal.web.api import (
    AnalyzeRequest,
    CompareRequest,
    TimelineRequest,
    analyze_result,
    compare_result,
    organization,
    show_json,
    timeline_result,
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


# --- the power page: weights and a quota, or an organization's rule at a date ----------------


@dataclass(frozen=True)
class PowerQuery:
    """The power page's query string, shared by the page, its chart and its downloads.

    ``mode`` is ``"weights"`` (a weighted game [quota; weights]), ``"org"`` (``pivotal analyze
    ORG --at AT --rule RULE``) or ``""`` (nothing asked yet); giving both is an error.

    >>> q = power_query(org="csto", at="2012-05-15", rule=["majority"], exact=True)
    >>> q.mode, q.analyze_body()
    ('org', {'organization': 'csto', 'exact': True, 'at': '2012-05-15', 'rules': ['majority']})
    >>> " ".join(q.cli_args())
    'csto --at 2012-05-15 --rule majority --exact'
    """

    mode: str
    #: The form shown when nothing is asked yet (``mode=weights`` or ``mode=org``).
    tab: str = ""
    weights: str = ""
    quota: str = ""
    names: str = ""
    org: str = ""
    at: str = ""
    rules: tuple[str, ...] = ()
    body: str = ""
    matter: str = ""
    host: str = ""
    exact: bool = False
    index: str = ""

    def analyze_body(self) -> dict[str, Any]:
        """The ``POST /api/analyze`` body of this query (the keys the CLI is given)."""
        out: dict[str, Any] = {"organization": self.org.strip(), "exact": self.exact}
        if self.at.strip():
            out["at"] = self.at.strip()
        if self.rules:
            out["rules"] = list(self.rules)
        for key in ("body", "matter", "host"):
            if getattr(self, key).strip():
                out[key] = getattr(self, key).strip()
        return out

    def cli_args(self) -> list[str]:
        """The ``pivotal analyze`` arguments of this query (shown on the page)."""
        args = [self.org.strip()]
        body = self.analyze_body()
        if "at" in body:
            args += ["--at", body["at"]]
        for r in self.rules:
            args += ["--rule", r]
        for key in ("body", "matter", "host"):
            if key in body:
                args += [f"--{key}", body[key]]
        return [*args, "--exact"] if self.exact else args


def power_query(
    weights: str = "",
    quota: str = "",
    names: str = "",
    org: str = "",
    at: str = "",
    rule: Rules = None,
    body: str = "",
    matter: str = "",
    host: str = "",
    exact: bool = False,
    index: str = "",
    mode: str = "",
) -> PowerQuery:
    """Read the power page's query string; both modes at once is a PivotalError naming both."""
    given_w = [
        k for k, v in (("weights", weights), ("quota", quota), ("names", names)) if v.strip()
    ]
    rules = tuple(r.strip() for r in rule or () if r.strip())
    given_o = [
        k
        for k, v in (("org", org), ("at", at), ("body", body), ("matter", matter), ("host", host))
        if v.strip()
    ] + (["rule"] if rules else [])
    if given_w and given_o:
        raise PivotalError(
            "power",
            "either a weighted game (weights=, quota=, names=) or an organization's rule "
            "(org=, at=, rule=, body=, matter=, host=), not both",
            ", ".join(f"{k}=" for k in given_w + given_o),
            f"Remove {', '.join(k + '=' for k in given_o)} to compute the weighted game, or "
            f"{', '.join(k + '=' for k in given_w)} to compute the organization's rule.",
        )
    if given_o and not org.strip():
        raise PivotalError(
            "org",
            "a bundled organization id: " + ", ".join(bundled()),
            "nothing",
            "Add org= (the rule, date, body and matter are read within an organization).",
        )
    if len(set(rules)) != len(rules):
        raise PivotalError("rule", "each rule once", repr(list(rules)), "Remove the repeated rule.")
    if mode not in ("", "weights", "org"):
        raise PivotalError(
            "mode", "'weights' or 'org'", repr(mode), "Use mode=weights or mode=org."
        )
    chosen = "weights" if given_w else "org" if given_o else ""
    return (
        PowerQuery(
            mode=chosen,
            weights=weights,
            quota=quota,
            names=names,
            org=org,
            at=at,
            rules=rules,
            body=body,
            matter=matter,
            host=host,
            exact=exact,
            index=index.strip(),
        )
        if chosen
        else PowerQuery(mode="", tab=mode or "weights", exact=exact, index=index.strip())
    )


PowerQ = Annotated[PowerQuery, Depends(power_query)]


@cached()
def _analysis(body: dict[str, Any], budget: float = BUDGET_S) -> Any:
    """The :class:`~pivotal.compare.Analysis` of a ``POST /api/analyze`` body (what
    :func:`pivotal.web.api.analyze_json` turns into the endpoint's JSON)."""
    return analyze_result(AnalyzeRequest(**body), budget=budget)


def _weighted(q: PowerQuery) -> Any:
    return _power(_split(q.weights), q.quota.strip(), _split(q.names) or None, q.exact)


def _cell(value: Any) -> dict[str, str]:
    """A value as shown (floats to 6 decimals) and in full (the JSON's text) for ``data-value``."""
    full = value if isinstance(value, str) else json.dumps(value)
    shown = f"{value:.6f}" if isinstance(value, float) else str(value)
    return {"shown": shown, "full": full}


def _power_view(analysis: Any, index: str) -> dict[str, Any]:
    """What the organization mode shows, read from the analysis's JSON contract
    (``Analysis.to_dict``, the body of ``/power.json``), one table per rule."""

    data = analysis.to_dict()
    charted = analysis.index_key(index) if index else None  # an unknown index: the error page
    rules = []
    for ra, entry in zip(analysis.rules, data["rules"], strict=True):
        players = entry.get("players", data["members"])
        keys = list(entry.get("indices", {}))
        rows = []
        for m in data["members"]:
            i = players.index(m) if m in players else None
            cells = None if i is None else [_cell(entry["indices"][k][i]) for k in keys]
            rows.append({"id": m, "name": analysis.member_names.get(m, m), "cells": cells})
        rules.append(
            {
                "rule": entry["rule"],
                "text": entry["text"],
                "description": entry["description"],
                "players": players,
                "columns": [{"key": k, "label": INDICES[k].label} for k in keys],
                "rows": rows,
                "veto_players": entry.get("veto_players", []),
                "dummies": entry.get("dummies", []),
                "coleman_act": _cell(entry["coleman_act"]) if "coleman_act" in entry else None,
                "winning": entry.get("winning_coalitions"),
                "skipped": entry.get("skipped", {}),
                "engine": entry.get("engine", ""),
                "status": ra.status,
            }
        )
    return {
        "data": data,
        "rules": rules,
        "index_keys": [(k, INDICES[k].label) for k in analysis.index_keys],
        "charted": charted or headline_index(analysis.index_keys),
        "headcount": analysis.headcount,
    }


@cached()
def _org_choices() -> list[dict[str, Any]]:
    """Every bundled organization with its named rules, bodies and matters (the form's lists)."""
    out = []
    for name in bundled():
        o = organization(name)
        bodies = getattr(o, "bodies", {}) or {}
        matters = sorted({m for b in bodies.values() for m in getattr(b, "matters", {}) or {}})
        out.append(
            {
                "id": name,
                "name": o.name,
                "rules": list(o.rules),
                "bodies": list(bodies),
                "matters": matters,
            }
        )
    return out


@router.get("/power", response_class=HTMLResponse)
async def power_page(request: Request, q: PowerQ) -> HTMLResponse:
    choices = await run_limited(_org_choices)
    form = {
        "weights": q.weights,
        "quota": q.quota,
        "names": q.names,
        "exact": q.exact,
        "org": q.org if q.mode == "org" else "csto",
        "at": q.at,
        "rule": q.rules[0] if q.rules else "",
        "body": q.body,
        "matter": q.matter,
        "host": q.host,
        "index": q.index,
    }
    common = {"form": form, "choices": choices, "query": request.url.query}
    if q.mode == "org":
        analysis = await run_limited(_analysis, q.analyze_body())
        form["at"] = analysis.at.isoformat()
        view = await run_limited(_power_view, analysis, q.index)
        return _page(
            request,
            "power.html",
            mode="org",
            result=None,
            org=view,
            api_body=q.analyze_body(),
            cli=" ".join(shlex.quote(a) for a in ["pivotal", "analyze", *q.cli_args()]),
            **common,
        )
    if q.mode == "":
        return _page(request, "power.html", mode=q.tab, result=None, org=None, **common)
    result = await run_limited(_weighted, q)
    exact = q.exact
    frame = result.to_frame(exact=exact)
    w, n = _split(q.weights), _split(q.names) or None
    api_body = {
        "weights": w,
        "quota": q.quota.strip(),
        "exact": exact,
        **({"names": n} if n else {}),
    }
    return _page(
        request,
        "power.html",
        mode="weights",
        org=None,
        result=result,
        data=result.to_dict(),
        table=frame.to_html(classes="index", border=0),
        api_body=api_body,
        **common,
    )


def _nothing_asked() -> PivotalError:
    return PivotalError(
        "power",
        "a weighted game (weights=, quota=) or an organization's rule (org=, at=, rule=)",
        "neither",
        "Add weights= and quota=, or org= (see the form on /power).",
    )


def _check_index(analysis: Any, q: PowerQuery) -> None:
    """The charted ``index=`` is checked on every address of the page, so that a link with a
    misspelt index fails the same way whichever of them is opened."""
    if q.index:
        analysis.index_key(q.index)


def _filename(q: PowerQuery, analysis: Any, ext: str) -> dict[str, str]:
    name = f"power-{analysis.organization}-{analysis.at.isoformat()}.{ext}"
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get("/power.svg")
async def power_svg(q: PowerQ) -> Response:
    if q.mode == "org":
        analysis = await run_limited(_analysis, q.analyze_body())
        fig, ax = plt.subplots(figsize=(7.5, 3.8))
        analysis.plot(index=q.index or None, ax=ax)
    elif q.mode == "weights":
        result = await run_limited(_weighted, q)
        fig, ax = plt.subplots(figsize=(7, 3.6))
        result.plot(index=q.index or None, ax=ax)
    else:
        raise _nothing_asked()
    fig.tight_layout()
    return _svg(fig)


@router.get("/power.csv")
async def power_csv(q: PowerQ) -> Response:
    if q.mode == "org":
        # What `pivotal analyze ... -f csv` prints: the CSV with one final newline.
        analysis = await run_limited(_analysis, q.analyze_body())
        _check_index(analysis, q)
        text = analysis.to_csv().rstrip("\n") + "\n"
        return Response(text, media_type="text/csv", headers=_filename(q, analysis, "csv"))
    if q.mode != "weights":
        raise _nothing_asked()
    result = await run_limited(_weighted, q)
    return Response(
        result.to_csv(),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="power.csv"'},
    )


@router.get("/power.json")
async def power_json_download(q: PowerQ) -> Response:
    if q.mode == "org":
        # The text POST /api/analyze returns (api.analyze_json is this analysis's to_json()),
        # plus the newline `pivotal analyze -f json` ends with.
        analysis = await run_limited(_analysis, q.analyze_body())
        _check_index(analysis, q)
        text = str(analysis.to_json())
        return Response(
            text + "\n", media_type="application/json", headers=_filename(q, analysis, "json")
        )
    if q.mode != "weights":
        raise _nothing_asked()
    result = await run_limited(_weighted, q)
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
        table=_index_table(c.to_frame()),
        text=c.table(),
        query=request.url.query,
    )


def _matrix_html(frame: Any) -> str:
    """A timeline's member × date matrix (with the power to act and the veto players) as HTML."""
    frame = frame.rename(columns=lambda d: d.isoformat() if hasattr(d, "isoformat") else d)
    return str(frame.rename_axis(index=None).to_html(classes="index", border=0, na_rep="-"))


def _index_table(frame: Any) -> str:
    """A comparison's frame (members by index and rule) as an HTML table: the indices' labels in
    the header, values to 6 decimals (the CSV and JSON give every digit)."""
    frame = frame.rename(
        columns=lambda k: INDICES[k].label if k in INDICES else k, level=0
    ).rename_axis(columns=["index", "rule"])
    return str(
        frame.to_html(classes="index", border=0, float_format=lambda v: f"{v:.6f}", na_rep="-")
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
        index_label=INDICES[t.headline_index].label,
        tables=[
            (rule, t.rule_descriptions[rule], _matrix_html(t.matrix(rule))) for rule in t.rules
        ],
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
