"""The web app as a visitor uses it: the real app served by uvicorn on 127.0.0.1, driven in
headless Chromium (Debian's package, through Playwright's sync API).

Each test loads pages, moves the controls a person would move (the date slider, a rule, a
member's marker dragged with the mouse, a pasted file, a download link) and checks what appears
against an independent source: the API answering the same state, the command line run in
process, or the data file itself. A route guard on every browser context aborts and records any
request that would leave the machine; each test ends by asserting that none was made and that
the page logged no error. Chromium must be installed: without it these tests fail and say how
to install it (``make test`` does).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from typer.testing import CliRunner

import browsers
from pivotal.cli import app as cli_app
from pivotal.errors import PivotalError
from pivotal.web.app import serve_in_thread
from pivotal.web.upload import EXAMPLE_WITH_PROBLEM

PURPOSE = "for the web app's browser tests"
LOCAL = {"127.0.0.1", "localhost"}

COMPARE = "/compare?org=csto&at=2012-05-15&rule=consensus&rule=majority"
PAGES = [
    "/",
    "/orgs",
    "/orgs/csto?at=2012-05-15",
    "/power?weights=4,4,4,2,2,1&quota=12",
    COMPARE,
    "/timeline?org=csto&rule=consensus",
    "/outcome?scenario=csto-2012",
    "/upload",
]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The app of ``pivotal serve``, served by uvicorn from a background thread."""
    try:
        with serve_in_thread() as base:
            yield base
    except PivotalError as err:
        pytest.fail(str(err))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with browsers.launched(PURPOSE) as b:
        yield b


class Tab:
    """A page in a fresh context that refuses every request not to this machine."""

    def __init__(self, browser: Any, base: str) -> None:
        self.base = base
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(
            viewport={"width": 1300, "height": 900}, base_url=base, accept_downloads=True
        )
        self.context.route("**/*", self._guard)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _guard(self, route: Any) -> None:
        url = route.request.url
        if urlsplit(url).hostname in LOCAL:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def goto(self, path: str) -> Any:
        response = self.page.goto(path, wait_until="networkidle")
        assert response is not None and response.status == 200, (path, response)
        return response

    def done(self, expected: tuple[str, ...] = ()) -> None:
        """Every test ends here: nothing left the machine and the page logged no error (but the
        ``expected`` ones, e.g. Chromium's line for a page served with an error status)."""
        assert self.blocked == [], f"requests that would have left localhost: {self.blocked}"
        errors = [e for e in self.errors if e not in expected]
        assert errors == [], f"errors in the page: {errors}"


@pytest.fixture()
def tab(browser: Any, server: str) -> Iterator[Tab]:
    t = Tab(browser, server)
    yield t
    t.context.close()


def query(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query)


# --- every page --------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_page_loads(tab: Tab, path: str) -> None:
    tab.goto(path)
    page = tab.page
    assert page.locator("h1").first.inner_text().strip()
    assert page.locator("nav a").count() >= 5
    # Every image (the charts are SVG from the same query) arrived and decoded.
    broken = page.evaluate(
        "() => [...document.images].filter(i => !(i.complete && i.naturalWidth > 0))"
        ".map(i => i.src)"
    )
    assert broken == []
    tab.done()


# --- the date slider ---------------------------------------------------------------------


def members_shown(tab: Tab) -> set[str]:
    cells = tab.page.locator("h2:has-text('Members') + table tr td:first-child")
    return {c.strip() for c in cells.all_inner_texts()}


def test_date_slider_changes_date_and_members(tab: Tab) -> None:
    tab.goto("/orgs/csto?at=2012-05-15")
    page = tab.page
    # Uzbekistan's second membership: 2006-08-16 to 2012-12-19 (csto.yaml, the data file).
    assert "UZB" in members_shown(tab)
    slider = page.locator("#slider")
    dates = slider.get_attribute("data-dates").split(",")
    assert dates[int(slider.input_value())] <= "2012-05-15"
    later = next(i for i, d in enumerate(dates) if d > "2012-12-19")
    with page.expect_navigation(wait_until="networkidle"):
        slider.fill(str(later))
    assert dict(query(page.url))["at"] == dates[later]
    assert dates[later] in page.locator("h1").inner_text()
    shown = members_shown(tab)
    assert "UZB" not in shown and {"RUS", "BLR", "KAZ"} <= shown
    assert page.locator("#slider").input_value() == str(later)
    tab.done()


# --- changing a rule ---------------------------------------------------------------------


def keys(tab: Tab) -> list[str]:
    return [k.strip() for k in tab.page.locator("span.key").all_inner_texts()]


def test_compare_rule_change_changes_numbers(tab: Tab) -> None:
    tab.goto(COMPARE)
    page = tab.page
    before = keys(tab)
    rule2 = page.locator("input[name=rule]").nth(1)
    assert rule2.input_value() == "majority"
    rule2.fill("at least 2/3 of members")
    with page.expect_navigation(wait_until="networkidle"):
        page.get_by_role("button", name="Compare").click()
    assert [v for k, v in query(page.url) if k == "rule"] == [
        "consensus",
        "at least 2/3 of members",
    ]
    after = keys(tab)
    assert after != before
    # The power to act under the new rule is what the API computes for it.
    api = page.request.post(
        "/api/compare",
        data={
            "organization": "csto",
            "at": "2012-05-15",
            "rules": ["consensus", "at least 2/3 of members"],
            "exact": True,
        },
    )
    assert api.ok, api.text()
    acts = api.json()["coleman_act"]
    for rule, value in acts.items():
        assert any(k.startswith(str(value)) and k.endswith(rule) for k in after), (rule, after)
    tab.done()


def prediction_cells(tab: Tab) -> dict[tuple[str, str, str], Any]:
    """The predictions table as ``(rule, dimension, field) -> value`` from its data-value."""
    return tab.page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll(
             '#predictions tbody tr td[data-value]')].map(td => [
             [td.parentElement.dataset.rule, td.parentElement.dataset.dim, td.dataset.field]
               .join('|'), JSON.parse(td.dataset.value)]))"""
    )


def test_outcome_rule_checkbox_changes_rows(tab: Tab) -> None:
    tab.goto("/outcome?scenario=csto-2012")
    page = tab.page
    rules = {k.split("|")[0] for k in prediction_cells(tab)}
    assert rules == {"consensus", "majority"}
    # The rows are redrawn in place and the address follows (history.replaceState).
    page.locator("input[name=rule][value=majority]").uncheck()
    page.wait_for_function(
        "() => !document.querySelector('#predictions tbody tr[data-rule=majority]')"
    )
    assert [v for k, v in query(page.url) if k == "rule"] == ["consensus"]
    assert {k.split("|")[0] for k in prediction_cells(tab)} == {"consensus"}
    tab.done()


# --- dragging a member on the outcomes page ----------------------------------------------


def api_body(url: str) -> dict[str, Any]:
    """The POST /api/outcome body for the state in the address (the format of docs/json.md)."""
    body: dict[str, Any] = {}
    for k, v in query(url):
        if k == "scenario":
            body["scenario"] = v
        elif k == "rule":
            body.setdefault("rules", []).append(v)
        elif k.startswith(("pos.", "sal.")):
            prefix, actor, dim = k.split(".")
            table = "positions" if prefix == "pos" else "saliences"
            body.setdefault(table, {}).setdefault(actor, {})[dim] = v
        elif k.startswith("sq."):
            body.setdefault("status_quo", {})[k[3:]] = v
    return body


def api_cells(result: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for r in result["rules"]:
        for dim, d in r["dimensions"].items():
            cost = d.get("cost_of_consent")
            fields = {
                "core": d["core"],
                "win_set": d["win_set"],
                "setter_outcome": d["setter_outcome"],
                "compromise": d["compromise"],
                "nash": d["nash"],
                "cost": cost["total"] if cost else None,
            }
            for f, v in fields.items():
                out[f"{r['rule']}|{dim}|{f}"] = v
    return out


def test_dragging_a_member_updates_outcome_and_address(tab: Tab) -> None:
    tab.goto("/outcome?scenario=csto-2012")
    page = tab.page
    before = prediction_cells(tab)
    start_url = page.url
    # Belarus, whose consent the consensus rule needs: drag it to the plane's far corner.
    marker = page.locator("#plane g.member[data-actor=BLR] circle")
    box = marker.bounding_box()
    frame = page.locator("#plane rect.frame").bounding_box()
    assert box is not None and frame is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    target = (frame["x"] + frame["width"] - 8, frame["y"] + 8)
    page.mouse.move(*target, steps=12)
    page.mouse.up()
    page.wait_for_function(
        "() => document.getElementById('status').textContent.startsWith('updated in')"
    )
    page.wait_for_load_state("networkidle")
    after = prediction_cells(tab)
    assert after != before
    assert page.url != start_url
    moved = {k: v for k, v in query(page.url) if k.startswith("pos.BLR.")}
    assert float(moved["pos.BLR.nato"]) > 80 and float(moved["pos.BLR.regime"]) > 80, moved
    # The marker itself followed the mouse.
    now = page.locator("#plane g.member[data-actor=BLR] circle").bounding_box()
    assert now is not None and abs(now["x"] - box["x"]) > 20
    # What the page shows is what the API answers for the state in the address.
    api = page.request.post("/api/outcome", data=api_body(page.url))
    assert api.ok, api.text()
    assert after == api_cells(api.json())
    # And the address reproduces the view.
    tab.goto(page.url)
    assert prediction_cells(tab) == after
    tab.done()


# --- uploading a bad file ----------------------------------------------------------------

REFUSED_422 = (
    "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"
)


def test_upload_bad_file_shows_located_problem(tab: Tab) -> None:
    tab.goto("/upload?example=1")  # the page's own example: a file with a mistake
    page = tab.page
    assert page.locator("textarea[name=text]").input_value() == EXAMPLE_WITH_PROBLEM
    with page.expect_navigation(wait_until="networkidle") as nav:
        page.get_by_role("button", name="Check").click()
    # A file with problems comes back as 422 (Unprocessable Entity), with the report page.
    assert nav.value is not None and nav.value.status == 422
    problems = page.locator("ol.problems li").all_inner_texts()
    assert problems, page.locator("main").inner_text()
    lines = EXAMPLE_WITH_PROBLEM.splitlines()
    bad_line = (
        lines.index("    memberships: [{joined: not-a-date, status: verified, sources: [charter]}]")
        + 1
    )
    # The bad date is reported at its own line, saying what was received and what is allowed.
    dated = [p for p in problems if p.startswith(f"pasted.yaml:{bad_line}:") and "not-a-date" in p]
    assert dated and "YYYY-MM-DD" in dated[0], problems
    # The line is marked in the listing of the file, and the problem links to it.
    assert "bad" in (page.locator(f"#L{bad_line}").get_attribute("class") or "")
    assert "not-a-date" in page.locator(f"#L{bad_line}").inner_text()
    assert page.locator(f"ol.problems a[href='#L{bad_line}']").count() >= 1
    tab.done(expected=(REFUSED_422,))


# --- downloading the CSV -----------------------------------------------------------------


def test_power_csv_download_is_the_clis_csv(tab: Tab) -> None:
    tab.goto("/power?weights=4,4,4,2,2,1&quota=12")
    page = tab.page
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV", exact=True).click()
    download = info.value
    assert download.suggested_filename == "power.csv"
    got = Path(download.path()).read_text(encoding="utf-8")
    cli = CliRunner().invoke(
        cli_app, ["power", "--weights", "4,4,4,2,2,1", "--quota", "12", "-f", "csv"]
    )
    assert cli.exit_code == 0, cli.output
    assert got.splitlines() == cli.stdout.splitlines()
    assert got.splitlines()[0].startswith("player,raw_banzhaf,banzhaf")
    tab.done()


# --- the guard itself --------------------------------------------------------------------


def test_guard_records_and_aborts_external_requests(tab: Tab) -> None:
    """The check every test ends with can fail: a request to another host is caught."""
    tab.goto("/")
    outcome = tab.page.evaluate(
        "() => fetch('http://example.com/x.js').then(() => 'reached', () => 'refused')"
    )
    assert outcome == "refused"
    assert tab.blocked == ["http://example.com/x.js"]
    tab.blocked.clear()
    tab.errors.clear()  # Chromium logs the aborted fetch
    tab.done()


# --- the outcomes page redraws in place when the rule or the proposal changes --------------

BAD_REQUEST = "Failed to load resource: the server responded with a status of 400 (Bad Request)"


def outcome_rules_shown(tab: Tab) -> dict[str, list[str]]:
    """The rules each part of the outcomes page shows: the table's rows, the plane's legend, the
    line charts' row labels (one list per chart) and the ticked boxes."""
    return tab.page.evaluate(
        """() => ({
          table: [...new Set([...document.querySelectorAll('#predictions tbody tr')]
                   .map(tr => tr.dataset.rule))],
          legend: [...document.querySelectorAll('#plane g.legend text')].map(t => t.textContent),
          lines: [...document.querySelectorAll('svg.line')].map(svg =>
                   [...svg.querySelectorAll('text.rule')].map(t => t.textContent)),
          ticked: [...document.querySelectorAll('input[name=rule][type=checkbox]:checked')]
                   .map(i => i.value),
        })"""
    )


def wait_for_rules(tab: Tab, rules: list[str]) -> None:
    """Until the table shows exactly ``rules`` and the status line says the update is done."""
    tab.page.wait_for_function(
        """rules => JSON.stringify([...new Set([...document.querySelectorAll(
             '#predictions tbody tr')].map(tr => tr.dataset.rule))]) === JSON.stringify(rules)
           && document.getElementById('status').textContent.startsWith('updated in')""",
        arg=rules,
    )


def test_outcome_rule_change_redraws_in_place(tab: Tab) -> None:
    tab.goto("/outcome?scenario=csto-2012")
    page = tab.page
    both = ["consensus", "majority"]
    assert outcome_rules_shown(tab) == {
        "table": both,
        "legend": both,
        "lines": [both, both],
        "ticked": both,
    }
    # A page that navigated would lose this; the redraw in place keeps it.
    page.evaluate("window.__marker = 1")
    page.locator("input[name=rule][value=majority]").uncheck()
    wait_for_rules(tab, ["consensus"])
    one = ["consensus"]
    assert outcome_rules_shown(tab) == {
        "table": one,
        "legend": one,
        "lines": [one, one],
        "ticked": one,
    }
    assert [v for k, v in query(page.url) if k == "rule"] == ["consensus"]
    assert page.evaluate("window.__marker") == 1
    # A line chart is as tall as its rules need.
    assert page.locator("svg.line").first.get_attribute("viewBox") == "0 0 720 110"
    page.locator("input[name=rule][value=majority]").check()
    wait_for_rules(tab, both)
    assert page.evaluate("window.__marker") == 1
    assert [v for k, v in query(page.url) if k == "rule"] == both
    shown = outcome_rules_shown(tab)
    assert shown["legend"] == both and shown["lines"] == [both, both]
    # The cells are what the API answers for the state in the address.
    cells = prediction_cells(tab)
    api = page.request.post("/api/outcome", data=api_body(page.url))
    assert api.ok, api.text()
    assert cells == api_cells(api.json())
    # The status line reports the time from the click to the redraw.
    assert page.locator("#status").inner_text().startswith("updated in ")
    # The address reproduces the view.
    tab.goto(page.url)
    assert prediction_cells(tab) == cells
    tab.done()


def test_outcome_typed_rule_and_proposal_redraw_in_place(tab: Tab) -> None:
    tab.goto("/outcome?scenario=csto-2012")
    page = tab.page
    page.evaluate("window.__marker = 1")
    typed = "at least 2/3 of members"
    page.locator("#rule-text").fill(typed)
    page.locator("#rule-text").press("Enter")
    rules = ["consensus", "majority", typed]
    wait_for_rules(tab, rules)
    # The typed rule became a ticked box (untickable like the others); the text box is empty.
    assert outcome_rules_shown(tab)["ticked"] == rules
    assert page.locator("#rule-text").input_value() == ""
    assert outcome_rules_shown(tab)["legend"] == rules
    page.locator("#proposal").select_option("regime_protection")
    page.wait_for_function("() => location.search.includes('proposal=regime_protection')")
    page.wait_for_function(
        "() => document.getElementById('status').textContent.startsWith('updated in')"
    )
    assert page.evaluate("window.__marker") == 1
    assert [v for k, v in query(page.url) if k == "rule"] == rules
    cells = prediction_cells(tab)
    # Independent check: the command line's JSON for the same options.
    cli = CliRunner().invoke(
        cli_app,
        [
            "outcome",
            "csto-2012",
            *[a for r in rules for a in ("--rule", r)],
            "--proposal",
            "regime_protection",
            "--format",
            "json",
        ],
    )
    assert cli.exit_code == 0, cli.output
    assert cells == api_cells(json.loads(cli.output))
    basis = page.locator("#basis").inner_text()
    assert "Collective protection" in basis, basis
    # Loaded fresh, the address shows the same: cells, the typed rule's box, the proposal.
    tab.goto(page.url)
    assert prediction_cells(tab) == cells
    assert outcome_rules_shown(tab)["ticked"] == rules
    assert page.locator("#proposal").input_value() == "regime_protection"
    tab.done()


def test_outcome_api_error_shows_message_and_keeps_picture(tab: Tab) -> None:
    tab.goto("/outcome?scenario=csto-2012")
    page = tab.page
    page.evaluate("window.__marker = 1")
    before, url = prediction_cells(tab), page.url
    plane = page.locator("#plane").inner_html()
    page.locator("#rule-text").fill("2 of 3 of nobody")
    page.locator("#rule-text").press("Enter")
    page.wait_for_function("() => document.getElementById('status').classList.contains('error')")
    message = page.locator("#status").inner_text()
    # The server's own message for this rule (a PivotalError, as the API answers it).
    api = page.request.post(
        "/api/outcome",
        data={"scenario": "csto-2012", "rules": ["consensus", "majority", "2 of 3 of nobody"]},
    )
    assert api.status == 400
    assert message == api.json()["error"]["message"]
    assert "expected a rule" in message and "at least 2/3 of members" in message
    # The last good picture stays: the same cells, the same plane, the same address.
    assert prediction_cells(tab) == before
    assert page.locator("#plane").inner_html() == plane
    assert page.url == url
    assert page.evaluate("window.__marker") == 1
    tab.done(expected=(BAD_REQUEST,))


def test_outcome_exact_answers_are_drawn(tab: Tab) -> None:
    """exact=1 gives "p/q" strings: the drawings must place them, not write NaN."""
    tab.goto("/outcome?scenario=csto-2012&exact=1")
    page = tab.page
    attributes = page.evaluate(
        "() => [...document.querySelectorAll('svg *')].flatMap(n => [...n.attributes]"
        ".map(a => a.value))"
    )
    assert attributes and not any("NaN" in a for a in attributes)
    points = page.evaluate(
        "() => [...document.querySelectorAll('svg circle')].map(c => Number(c.getAttribute('cx')))"
    )
    assert points and all(x == x for x in points)


# --- the power page's organization mode ----------------------------------------------------


def test_power_org_mode_shows_the_apis_banzhaf(tab: Tab) -> None:
    tab.goto("/power")
    page = tab.page
    with page.expect_navigation(wait_until="networkidle"):
        page.get_by_role("tab", name="an organization's rule").click()
    page.select_option("select[name=org]", "csto")
    page.fill("input[name=at]", "2012-05-15")
    page.fill("input[name=rule]", "majority")
    with page.expect_navigation(wait_until="networkidle"):
        page.get_by_role("button", name="Compute").click()
    got = dict(query(page.url))
    assert (got["org"], got["at"], got["rule"]) == ("csto", "2012-05-15", "majority")
    cell = page.locator("section[data-rule=majority] tr[data-member=BLR] td[data-index=banzhaf]")
    api = page.request.post(
        "/api/analyze", data={"organization": "csto", "at": "2012-05-15", "rules": ["majority"]}
    )
    assert api.ok, api.text()
    result = api.json()
    want = result["rules"][0]["indices"]["banzhaf"][result["members"].index("BLR")]
    assert float(cell.get_attribute("data-value") or "nan") == want
    assert cell.inner_text().strip() == f"{want:.6f}"
    assert page.locator("figure img").evaluate("img => img.naturalWidth") > 0  # the chart drew
    tab.done()
