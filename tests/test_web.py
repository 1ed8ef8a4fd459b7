"""The web app (issue 9) through FastAPI's test client: every page on bundled data, the API
against the CLI's own JSON (the CLI run in process), errors, limits, escaping, no external URL."""

from __future__ import annotations

import html
import json
import re

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from pivotal.cli import app as cli_app
from pivotal.organizations import bundled
from pivotal.web.app import create_app
from pivotal.web.common import MAX_BODY_BYTES

ORGS = bundled()


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), raise_server_exceptions=False)


def cli_json(*args: str) -> object:
    result = CliRunner().invoke(cli_app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- pages -------------------------------------------------------------------------------

PAGES = [
    "/",
    "/orgs",
    "/docs",
    "/power",
    "/power?weights=4,4,4,2,2,1&quota=12&names=FR,DE,IT,BE,NL,LU",
    "/power?weights=4,4,4,2,2,1&quota=12&exact=true",
    "/compare",
    "/timeline",
    *[f"/orgs/{o}" for o in ORGS],
    *[f"/compare?org={o}" for o in ORGS],
    *[f"/timeline?org={o}" for o in ORGS],
]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200, r.text[-500:]
    assert r.headers["content-type"].startswith("text/html")
    assert '<link rel="stylesheet" href="/static/pivotal.css">' in r.text
    for target in ("/orgs", "/power", "/compare", "/timeline", "/upload", "/docs"):
        assert f'href="{target}' in r.text  # the nav reaches every page
    # no external resource: src/href of scripts, styles and images stay on this server
    for attr in re.findall(r'(?:src|href)="([^"]*)"', r.text):
        assert not re.match(r"(https?:)?//", attr) or re.match(
            r"https?://(127\.0\.0\.1|localhost)", attr
        ), attr


def test_home_states_the_csto_numbers(client: TestClient) -> None:
    """Consensus of 7 gives every member a veto and acts in 1/2^7 of coalitions; a majority of
    7 (4 or more) acts in half of them (sum of C(7,k), k >= 4, is 64 = 2^7 / 2): 64 times."""
    text = client.get("/").text
    assert "1/128" in text and "1/2" in text and "64×" in text
    assert "7 of 7" in text


def test_org_page_slider_over_history(client: TestClient) -> None:
    text = client.get("/orgs/csto?at=2012-06-01").text
    assert 'type="range"' in text and "/static/slider.js" in text
    assert "2012-12-19" in text  # Uzbekistan's suspension, one of the slider's dates
    assert "Uzbekistan" in text
    after = client.get("/orgs/csto?at=2013-01-01").text
    assert "Members (6)" in after and "Members (7)" in text
    assert client.get("/static/slider.js").status_code == 200


def test_power_page_numbers_and_downloads(client: TestClient) -> None:
    """[5; 4, 2, 1]: P1 is in every winning coalition ({1,2}, {1,2,3}, {1,3}: 3 of 8)."""
    q = "weights=4,2,1&quota=5&exact=true"
    text = client.get(f"/power?{q}").text
    assert "3/8" in text and "P1" in text
    svg = client.get(f"/power.svg?{q}")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg")
    csv = client.get(f"/power.csv?{q}")
    assert csv.status_code == 200 and "attachment" in csv.headers["content-disposition"]
    assert json.loads(client.get(f"/power.json?{q}").text) == cli_json(
        "power", "--weights", "4,2,1", "--quota", "5", "--exact"
    )


@pytest.mark.parametrize("url", ["/compare.svg", "/timeline.svg?org=csto&rule=consensus"])
def test_charts_are_svg(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200 and r.text.lstrip().startswith("<?xml")


def test_names_are_escaped(client: TestClient) -> None:
    r = client.get(
        "/power", params={"weights": "2,1", "quota": "2", "names": "<script>x</script>,B"}
    )
    assert r.status_code == 200
    assert "<script>x</script>" not in r.text
    assert "&lt;script&gt;" in r.text


# --- the API equals the CLI --------------------------------------------------------------


def test_api_power_equals_cli(client: TestClient) -> None:
    body = {"weights": [4, 4, 4, 2, 2, 1], "quota": 12, "names": list("ABCDEF"), "exact": True}
    r = client.post("/api/power", json=body)
    assert r.status_code == 200
    assert r.json() == cli_json(
        "power", "--weights", "4,4,4,2,2,1", "--quota", "12", "--names", "A,B,C,D,E,F", "--exact"
    )
    r = client.post("/api/power", json={"weights": [3, 2, 1], "quota": 4, "indices": ["ss", "bz"]})
    assert r.json() == cli_json("power", "--weights", "3,2,1", "--quota", "4", "-i", "ss,bz")


def test_api_analyze_compare_timeline_equal_cli(client: TestClient) -> None:
    r = client.post(
        "/api/analyze",
        json={"organization": "csto", "at": "2012-06-01", "rules": ["consensus", "majority"]},
    )
    assert r.status_code == 200, r.text
    assert r.json() == cli_json(
        "analyze", "csto", "--at", "2012-06-01", "--rule", "consensus", "--rule", "majority"
    )
    r = client.post("/api/compare", json={"organization": "csto", "at": "2012-06-01"})
    assert r.json() == cli_json("compare", "csto", "--at", "2012-06-01")
    r = client.post(
        "/api/timeline",
        json={"organization": "csto", "rules": ["consensus"], "start": "1999-01-01"},
    )
    assert r.json() == cli_json("timeline", "csto", "--rule", "consensus", "--from", "1999-01-01")


def test_api_orgs_and_show_equal_cli(client: TestClient) -> None:
    assert client.get("/api/orgs").json() == cli_json("orgs")
    r = client.get("/api/orgs/csto", params={"at": "2012-06-01"})
    assert r.json() == cli_json("show", "csto", "--at", "2012-06-01")


# --- errors and limits -------------------------------------------------------------------


def test_unknown_org(client: TestClient) -> None:
    r = client.post("/api/analyze", json={"organization": "nope"})
    assert r.status_code == 400
    err = r.json()["error"]
    assert err["parameter"] == "organization" and "csto" in err["allowed"] and err["fix"]
    page = client.get("/orgs/nope")
    assert page.status_code == 400 and "csto" in page.text and "Traceback" not in page.text


def test_a_path_is_not_an_organization(client: TestClient) -> None:
    r = client.post("/api/analyze", json={"organization": "/etc/passwd.yaml"})
    assert r.status_code == 400 and r.json()["error"]["parameter"] == "organization"


def test_bad_weights_give_the_error_shape(client: TestClient) -> None:
    r = client.post("/api/power", json={"weights": ["x", 1], "quota": 1})
    assert r.status_code == 400
    err = r.json()["error"]
    assert set(err) == {"parameter", "allowed", "received", "fix", "message"}
    assert "x" in err["received"]
    page = client.get("/power", params={"weights": "x,1", "quota": "1"})
    assert page.status_code == 400 and "number" in page.text


def test_unknown_key_is_422_naming_it(client: TestClient) -> None:
    r = client.post("/api/power", json={"weights": [1], "quota": 1, "wieghts": [2]})
    assert r.status_code == 422 and "wieghts" in r.json()["error"]["received"]


def test_body_over_the_limit_is_413(client: TestClient) -> None:
    big = b'{"weights": [' + b"1," * (MAX_BODY_BYTES // 2) + b'1], "quota": 1}'
    r = client.post("/api/power", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413 and "limit" in r.json()["error"]["message"]


def test_over_budget_is_refused_with_the_message(client: TestClient) -> None:
    weights = [10**6 + 7 * i for i in range(3000)]
    r = client.post("/api/power", json={"weights": weights, "quota": 10**9, "exact": True})
    assert r.status_code == 400
    err = r.json()["error"]
    assert err["parameter"] == "budget" and "montecarlo" in err["fix"]


def test_404_page_and_json(client: TestClient) -> None:
    page = client.get("/no/such/page")
    assert page.status_code == 404 and "menu" in page.text
    assert client.get("/api/nothing").json()["error"]["parameter"] == "address"


def test_internal_error_shows_no_traceback() -> None:
    web = create_app()
    boom = APIRouter()

    @boom.get("/boom")
    def _boom() -> None:
        raise RuntimeError("secret internal detail")

    @boom.get("/api/boom")
    def _api_boom() -> None:
        raise RuntimeError("secret internal detail")

    web.include_router(boom)
    c = TestClient(web, raise_server_exceptions=False)
    for url in ("/boom", "/api/boom"):
        r = c.get(url)
        assert r.status_code == 500
        assert "Traceback" not in r.text and "secret internal detail" not in r.text
        assert "bug" in r.text


def test_identical_requests_are_cached(client: TestClient) -> None:
    from pivotal.web import api

    body = {"weights": [5, 3, 3, 1], "quota": 7}
    first = client.post("/api/power", json=body).text
    calls = []
    original = api.run_power
    api.run_power = lambda *a, **k: calls.append(1) or original(*a, **k)  # type: ignore[assignment]
    try:
        assert client.post("/api/power", json=body).text == first
    finally:
        api.run_power = original
    assert calls == []


def test_docs_page_lists_the_api_without_cdn(client: TestClient) -> None:
    text = client.get("/docs").text
    for path in ("/api/power", "/api/analyze", "/api/compare", "/api/timeline", "/api/orgs"):
        assert path in text
    assert "cdn" not in text.lower()
    assert client.get("/openapi.json").status_code == 200
    assert client.get("/redoc").status_code == 404


def test_serve_binds_to_localhost_and_warns_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    seen: list[tuple[str, int]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port, **_: seen.append((host, port)))
    local = CliRunner().invoke(cli_app, ["serve"])
    assert local.exit_code == 0 and "Warning" not in local.output
    remote = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0", "--port", "8080"])
    assert remote.exit_code == 0 and "Warning" in remote.output
    assert seen == [("127.0.0.1", 8000), ("0.0.0.0", 8080)]
    bad = CliRunner().invoke(cli_app, ["serve", "--port", "0"])
    assert bad.exit_code == 2 and "--port" in bad.output


def test_serve_refuses_a_bad_number_of_workers() -> None:
    import os

    from typer.testing import CliRunner

    from pivotal.cli import app as cli_app

    out = CliRunner().invoke(cli_app, ["serve", "--workers", "0"])
    assert out.exit_code == 2
    assert f"this machine has {os.cpu_count()} cores" in out.output


# --- the response cache ----------------------------------------------------------------------


def _counting_app(monkeypatch: pytest.MonkeyPatch) -> tuple[TestClient, list[str]]:
    """A fresh app whose page and API computations count their calls."""
    from pivotal.web import api, pages

    calls: list[str] = []
    compare_result = api.compare_result
    run_analyze = api.run_analyze

    def counted_compare(*args: object, **kwargs: object) -> object:
        calls.append("compare")
        return compare_result(*args, **kwargs)

    def counted_analyze(*args: object, **kwargs: object) -> object:
        calls.append("analyze")
        return run_analyze(*args, **kwargs)

    monkeypatch.setattr(pages, "compare_result", counted_compare)
    monkeypatch.setattr(api, "run_analyze", counted_analyze)
    for fn in (pages._comparison, api.analyze_json):
        fn.cache_clear()  # type: ignore[attr-defined]
    return TestClient(create_app(), raise_server_exceptions=False), calls


def test_a_repeated_page_or_api_call_is_answered_from_the_cache(monkeypatch):
    client, calls = _counting_app(monkeypatch)
    url = "/compare?org=csto&at=2012-05-15&rule=consensus&rule=majority"
    first = client.get(url)
    assert first.status_code == 200 and calls == ["compare"]
    again = client.get(url)
    assert again.content == first.content and again.headers["content-type"].startswith("text/html")
    assert calls == ["compare"]  # neither computed nor rendered again
    # Another address is another page.
    assert client.get(url.replace("2012-05-15", "2011-05-15")).status_code == 200
    assert calls == ["compare", "compare"]
    body = {"organization": "csto", "at": "2012-05-15"}
    one = client.post("/api/analyze", json=body)
    two = client.post("/api/analyze", json=body)
    assert one.status_code == two.status_code == 200 and one.content == two.content
    assert calls.count("analyze") == 1
    assert client.post("/api/analyze", json={**body, "at": "2011-05-15"}).status_code == 200
    assert calls.count("analyze") == 2


def test_errors_are_not_kept_and_a_missing_date_is_keyed_by_today(monkeypatch):
    import datetime as dt

    from pivotal.web import common

    client, calls = _counting_app(monkeypatch)
    for _ in range(2):
        r = client.get("/compare?org=csto&at=not-a-date")
        assert r.status_code == 400
    for _ in range(2):
        r = client.post("/api/analyze", json={"organization": "csto", "at": "not-a-date"})
        assert r.status_code == 400
    # Each bad request reached the computation again (an error answer is never replayed).
    assert calls == ["compare", "compare", "analyze", "analyze"]

    class Tomorrow(dt.date):
        @classmethod
        def today(cls) -> dt.date:
            return dt.date(2999, 1, 1)

    url = "/compare?org=csto&rule=consensus&rule=majority"
    client.get(url)
    seen = len(calls)
    client.get(url)
    assert len(calls) == seen  # the same day: from the cache
    monkeypatch.setattr(common._dt, "date", Tomorrow)
    client.get(url)
    assert len(calls) == seen + 1  # another day: "today" is another date, computed again


@pytest.mark.parametrize(
    "org, at, rules",
    [("csto", "2012-05-15", ["consensus", "majority"]), ("unsc", "2020-01-01", [])],
)
def test_compare_page_index_table_is_the_clis_json(client, org, at, rules):
    """The HTML table of every index holds, to 6 decimals, the values `pivotal compare -f json`
    prints, for every member, index and rule."""
    import html as html_lib

    query = f"/compare?org={org}&at={at}" + "".join(f"&rule={r}" for r in rules)
    page = client.get(query).text
    table = page[page.index('<table class="dataframe index">') : page.index("</table>")]
    body = table[table.index("<tbody>") :]
    rows = {
        html_lib.unescape(m.group(1)): re.findall(r"<td>([^<]*)</td>", m.group(2))
        for m in re.finditer(r"<tr>\s*<th>([^<]+)</th>(.*?)</tr>", body, re.S)
    }
    args = ["compare", org, "--at", at, *[a for r in rules for a in ("--rule", r)]]
    out = cli_json(*args)
    names = [r["rule"] for r in out["rules"]]
    keys = list(out["indices"][names[0]])
    assert set(rows) == set(out["members"])
    for m, member in enumerate(out["members"]):
        cells = rows[member]
        assert len(cells) == 3 * len(keys)
        for k, key in enumerate(keys):
            for j, rule in enumerate(names):
                value = out["indices"][rule][key][m]
                shown = cells[3 * k + j]
                if value is None:
                    assert shown == "-"
                else:
                    assert float(shown) == pytest.approx(float(value), abs=5e-7), (member, key)


def test_timeline_page_tables_are_the_clis_json(client):
    """Each rule's member × date table shows the Shapley-Shubik values (exact) and the power to
    act that `pivotal timeline --exact -f json` prints, '-' where the member was not one."""
    import html as html_lib

    page = client.get("/timeline?org=csto&rule=consensus&rule=majority").text
    out = cli_json("timeline", "csto", "--rule", "consensus", "--rule", "majority", "--exact")
    dates = [p["at"] for p in out["points"]]
    for rule in ("consensus", "majority"):
        start = page.index(f"<h3>{rule}:")
        table = page[page.index("<table", start) : page.index("</table>", start)]
        head = re.findall(r"<th>(\d{4}-\d\d-\d\d)</th>", table)
        assert head == dates
        rows = {
            html_lib.unescape(m.group(1)): re.findall(r"<td>([^<]*)</td>", m.group(2))
            for m in re.finditer(r"<tr>\s*<th>([^<]+)</th>(.*?)</tr>", table, re.S)
        }
        for k, point in enumerate(out["points"]):
            result = point["rules"][rule]
            values = dict(zip(point["members"], result["indices"]["shapley_shubik"], strict=True))
            for member in out["members"]:
                assert rows[member][k] == str(values.get(member, "-")), (rule, member, k)
            assert rows["power to act"][k] == str(result["coleman_act"])


def test_upload_example_is_offered_and_its_mistake_is_found_at_its_line(client):
    from pivotal.web.upload import EXAMPLE_WITH_PROBLEM

    page = client.get("/upload")
    assert 'href="/upload?example=1"' in page.text
    filled = client.get("/upload?example=1").text
    area = re.search(r'<textarea name="text"[^>]*>(.*?)</textarea>', filled, re.S)
    assert area is not None and html.unescape(area.group(1)) == EXAMPLE_WITH_PROBLEM
    checked = client.post("/upload", data={"text": EXAMPLE_WITH_PROBLEM, "name": "tiny.yaml"})
    assert checked.status_code == 422
    line = (
        EXAMPLE_WITH_PROBLEM.splitlines().index(
            "    memberships: [{joined: not-a-date, status: verified, sources: [charter]}]"
        )
        + 1
    )
    assert f'href="#L{line}"' in checked.text and "not-a-date" in checked.text


def test_upload_example_has_exactly_its_one_mistake():
    """The page calls it a file with a mistake: with the date written as a date it is valid."""
    from pivotal.organizations.loader import validate_text
    from pivotal.web.upload import EXAMPLE_WITH_PROBLEM

    problems = validate_text(EXAMPLE_WITH_PROBLEM, "tiny.yaml")
    assert [p.path for p in problems] == ["members[B].memberships[0].joined"]
    assert validate_text(EXAMPLE_WITH_PROBLEM.replace("not-a-date", "2003-05-01"), "t.yaml") == []
