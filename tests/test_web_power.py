"""The power page's second mode, an organization's rule at a date (issue 9, item 2), through
FastAPI's test client: its numbers and downloads against ``pivotal analyze`` run in process, and
against values derived by hand or published; its errors; its chart; the links to it."""

from __future__ import annotations

import html
import json
import re
from fractions import Fraction
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from pivotal.cli import app as cli_app
from pivotal.organizations import bundled
from pivotal.web.app import create_app

#: (page query, the same request as ``pivotal analyze`` arguments).
CASES = [
    (
        {"org": "csto", "at": "2012-05-15", "rule": "consensus"},
        ["csto", "--at", "2012-05-15", "--rule", "consensus"],
    ),
    (
        {"org": "csto", "at": "2012-05-15", "rule": "majority"},
        ["csto", "--at", "2012-05-15", "--rule", "majority"],
    ),
    (
        {"org": "eu_council", "at": "2025-06-01", "body": "council", "matter": "qmv"},
        ["eu_council", "--at", "2025-06-01", "--body", "council", "--matter", "qmv"],
    ),
    ({"org": "unsc", "at": "2020-01-01"}, ["unsc", "--at", "2020-01-01"]),
]
IDS = ["csto-consensus", "csto-majority", "eu-qmv-2025", "unsc"]


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), raise_server_exceptions=False)


def cli(*args: str) -> str:
    result = CliRunner().invoke(cli_app, ["analyze", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def query(params: dict[str, str], exact: bool) -> str:
    return urlencode({**params, **({"exact": "1"} if exact else {})})


class Cells(HTMLParser):
    """The page's tables: ``{rule: {member: {index: data-value}}}``, and each rule's keys
    (veto players, dummies, power to act) as shown."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, dict[str, dict[str, str]]] = {}
        self.keys: dict[str, list[str]] = {}
        self.acts: dict[str, str] = {}
        self.rule = ""
        self.member = ""
        self.in_key = False
        self.key_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "section" and "data-rule" in a:
            self.rule = a["data-rule"]
            self.values[self.rule] = {}
            self.keys[self.rule] = []
        elif tag == "tr" and "data-member" in a:
            self.member = a["data-member"]
            self.values[self.rule][self.member] = {}
        elif tag == "td" and "data-index" in a:
            self.values[self.rule][self.member][a["data-index"]] = a["data-value"]
        elif tag == "span" and a.get("class") == "key":
            self.in_key, self.key_text = True, ""
        elif tag == "strong" and self.in_key and "data-value" in a:
            self.acts[self.rule] = a["data-value"]

    def handle_data(self, data: str) -> None:
        if self.in_key:
            self.key_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "strong" and self.in_key:
            self.key_text += " "
        if tag == "span" and self.in_key:
            self.in_key = False
            self.keys[self.rule].append(" ".join(self.key_text.split()))


def cells(text: str) -> Cells:
    parser = Cells()
    parser.feed(text)
    return parser


def value(text: str) -> Any:
    """A cell's full value: a number as JSON reads it, an exact "p/q" as its text."""
    return text if "/" in text else json.loads(text)


# --- the page's numbers and downloads are the CLI's -------------------------------------------


@pytest.mark.parametrize("exact", [False, True], ids=["floats", "exact"])
@pytest.mark.parametrize(("params", "args"), CASES, ids=IDS)
def test_page_numbers_are_the_clis(
    client: TestClient, params: dict[str, str], args: list[str], exact: bool
) -> None:
    r = client.get(f"/power?{query(params, exact)}")
    assert r.status_code == 200, r.text
    want = json.loads(cli(*args, *(["--exact"] if exact else []), "-f", "json"))
    got = cells(r.text)
    assert list(got.values) == [e["rule"] for e in want["rules"]]
    checked = 0
    for entry in want["rules"]:
        players = entry.get("players", want["members"])
        shown = got.values[entry["rule"]]
        assert list(shown) == want["members"]
        for m in want["members"]:
            if m not in players:
                assert shown[m] == {}
                continue
            i = players.index(m)
            assert {k: value(v) for k, v in shown[m].items()} == {
                k: vals[i] for k, vals in entry["indices"].items()
            }
            checked += len(entry["indices"])
        assert value(got.acts[entry["rule"]]) == entry["coleman_act"]
        keys = got.keys[entry["rule"]]
        assert keys[0] == f"{', '.join(entry['veto_players']) or 'none'} veto players"
        assert keys[1].startswith(f"{', '.join(entry['dummies']) or 'none'} dummies")
        assert f"{entry['winning_coalitions']} of 2{len(players)} coalitions win" in keys[2]
        for key in entry.get("skipped", {}):
            assert f"<b>{key}</b>" in r.text
    assert checked >= 7 * 6
    # The header: organization, date, and every note the analysis carries.
    assert f"({want['organization']}) on <strong>{want['at']}</strong>" in r.text
    for note in want["caveats"]:
        assert note in html.unescape(r.text)


@pytest.mark.parametrize("exact", [False, True], ids=["floats", "exact"])
@pytest.mark.parametrize(("params", "args"), CASES, ids=IDS)
def test_downloads_are_the_clis_bytes(
    client: TestClient, params: dict[str, str], args: list[str], exact: bool
) -> None:
    flag = ["--exact"] if exact else []
    for fmt in ("csv", "json"):
        r = client.get(f"/power.{fmt}?{query(params, exact)}")
        assert r.status_code == 200, r.text
        assert r.text == cli(*args, *flag, "-f", fmt)
        assert r.headers["content-disposition"] == (
            f'attachment; filename="power-{params["org"]}-{params["at"]}.{fmt}"'
        )
    # The JSON download is also what POST /api/analyze answers.
    body = {"organization": params["org"], "at": params["at"], "exact": exact}
    body |= {k: params[k] for k in ("body", "matter") if k in params}
    body |= {"rules": [params["rule"]]} if "rule" in params else {}
    api = client.post("/api/analyze", json=body)
    assert api.status_code == 200
    assert api.text + "\n" == client.get(f"/power.json?{query(params, exact)}").text


def test_both_rules_side_by_side(client: TestClient) -> None:
    """``rule=`` repeats like the CLI's ``--rule``: one table per rule, in the order given."""
    q = "org=csto&at=2012-05-15&rule=majority&rule=consensus"
    assert list(cells(client.get(f"/power?{q}").text).values) == ["majority", "consensus"]
    want = cli(
        "csto", "--at", "2012-05-15", "--rule", "majority", "--rule", "consensus", "-f", "csv"
    )
    assert client.get(f"/power.csv?{q}").text == want


# --- independent values: derived by hand, and published ---------------------------------------


def test_csto_values_derived_by_hand(client: TestClient) -> None:
    """Seven members. Consensus: only the grand coalition wins (1 of 2^7), every member a veto
    player, each decisive there only: Shapley-Shubik 1/7, swings 1. Majority (4 of 7): 64 of 128
    coalitions win (one of each complementary pair); a member swings in the C(6,3) = 20
    coalitions of 3 others it joins, so Penrose 20/64 = 5/16, and no veto players."""
    page = cells(client.get("/power?org=csto&at=2012-05-15&rule=consensus&exact=1").text)
    for m, row in page.values["consensus"].items():
        assert (value(row["shapley_shubik"]), value(row["raw_banzhaf"])) == ("1/7", 1), m
    assert page.acts["consensus"] == "1/128"
    assert page.keys["consensus"][0].startswith("ARM, BLR, KAZ, KGZ, RUS, TJK, UZB")
    page = cells(client.get("/power?org=csto&at=2012-05-15&rule=majority&exact=1").text)
    assert {row["penrose"] for row in page.values["majority"].values()} == {"5/16"}
    assert {row["raw_banzhaf"] for row in page.values["majority"].values()} == {"20"}
    assert page.acts["majority"] == "1/2"
    assert page.keys["majority"][0] == "none veto players"


def test_unsc_shapley_shubik_is_the_published_value(client: TestClient) -> None:
    """Shapley and Shubik (1954) for the 15-member Council (Brams 1975, ch. 5): a permanent
    member's index is 421/2145 (0.1963), a non-permanent member's 4/2145 (0.0019); the five
    permanent members are the veto players."""
    page = cells(client.get("/power?org=unsc&at=2020-01-01&exact=1").text)
    (rows,) = page.values.values()
    ss = {m: Fraction(row["shapley_shubik"]) for m, row in rows.items()}
    permanent = {"CHN", "FRA", "GBR", "RUS", "USA"}
    assert {ss[m] for m in permanent} == {Fraction(421, 2145)}
    assert {v for m, v in ss.items() if m not in permanent} == {Fraction(4, 2145)}
    (keys,) = page.keys.values()
    assert keys[0].startswith("CHN, FRA, GBR, RUS, USA veto players")


def test_eu_qmv_shares_sum_to_one_and_nobody_blocks_alone(client: TestClient) -> None:
    """Double majority since 2014-11-01 (TEU art. 16(4)): 55% of members with 65% of the
    population; a blocking minority needs four members, so no state is a veto player."""
    page = cells(client.get("/power?org=eu_council&at=2025-06-01&matter=qmv&exact=1").text)
    (rows,) = page.values.values()
    assert len(rows) == 27
    for key in ("banzhaf", "shapley_shubik"):
        assert sum(Fraction(row[key]) for row in rows.values()) == 1
    ss = {m: Fraction(row["shapley_shubik"]) for m, row in rows.items()}
    assert max(ss, key=ss.__getitem__) == "DEU"
    (keys,) = page.keys.values()
    assert keys[0] == "none veto players"


# --- the chart ------------------------------------------------------------------------------


@pytest.mark.parametrize("extra", ["", "&index=banzhaf", "&index=ss&rule=consensus"])
def test_chart_is_svg(client: TestClient, extra: str) -> None:
    r = client.get(f"/power.svg?org=csto&at=2012-05-15&rule=majority{extra}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    assert r.text.lstrip().startswith("<?xml") and "<svg" in r.text


def test_page_links_its_chart_and_downloads(client: TestClient) -> None:
    q = "org=csto&at=2012-05-15&rule=majority&index=banzhaf"
    text = client.get(f"/power?{q}").text
    for path in ("/power.svg", "/power.csv", "/power.json"):
        assert f'"{path}?{html.escape(q)}"' in text
    assert '<option value="banzhaf" selected>' in text


# --- errors ---------------------------------------------------------------------------------


def error_fields(r: Any) -> dict[str, str]:
    dts = re.findall(r"<dt>(\w+)</dt><dd>(.*?)</dd>", r.text, re.S)
    return {k: html.unescape(re.sub(r"<[^>]+>", "", v)) for k, v in dts}


@pytest.mark.parametrize(
    ("q", "where", "listed"),
    [
        ("org=nope", "organization", bundled()),
        ("org=csto&at=2012-13-01", "at", ["YYYY-MM-DD"]),
        ("org=csto&at=2012-05-15&rule=nope", "rule", ["consensus", "majority"]),
        ("org=csto&body=nope", "body", ["csc", "cfm"]),
        ("org=csto&body=csc&matter=nope", "matter", ["non_procedural", "limited_format"]),
        ("org=csto&at=2012-05-15&index=nope", "index", ["banzhaf", "shapley_shubik"]),
        ("org=csto&rule=majority&rule=majority", "rule", ["each rule once"]),
        ("at=2012-05-15&rule=majority", "org", bundled()),
        ("mode=both", "mode", ["weights", "org"]),
    ],
)
def test_errors_are_the_friendly_page(
    client: TestClient, q: str, where: str, listed: list[str]
) -> None:
    for path in ("/power", "/power.svg", "/power.csv", "/power.json"):
        r = client.get(f"{path}?{q}")
        assert r.status_code == 400, (path, q, r.text[:300])
        assert r.headers["content-type"].startswith("text/html")
        fields = error_fields(r)
        assert set(fields) == {"Where", "Allowed", "Received", "Fix"}, r.text
        assert fields["Where"].startswith(where)
        for option in listed:
            assert option in fields["Allowed"], (option, fields)


def test_both_modes_at_once_is_an_error_naming_both(client: TestClient) -> None:
    for path in ("/power", "/power.svg", "/power.csv", "/power.json"):
        r = client.get(f"{path}?weights=4,2,1&quota=5&org=csto&rule=majority")
        assert r.status_code == 400
        fields = error_fields(r)
        assert fields["Where"] == "power"
        assert "weights=" in fields["Received"] and "org=" in fields["Received"]
        assert "weighted game" in fields["Allowed"] and "organization" in fields["Allowed"]
        assert "Remove org=, rule=" in fields["Fix"] and "or weights=, quota=" in fields["Fix"]


def test_a_download_with_nothing_asked_is_an_error(client: TestClient) -> None:
    for path in ("/power.svg", "/power.csv", "/power.json"):
        r = client.get(path)
        assert r.status_code == 400 and error_fields(r)["Received"] == "neither"


# --- the form and the links to the page -----------------------------------------------------


def test_org_form_lists_organizations_rules_and_matters(client: TestClient) -> None:
    text = client.get("/power?mode=org").text
    names = re.findall(r'<select name="org" id="org">(.*?)</select>', text, re.S)[0]
    assert re.findall(r'<option value="([^"]+)"', names) == bundled()
    assert "selected>csto:" in names  # the worked example's organization by default
    fields = set(re.findall(r'<form[^>]*id="orgform".*?</form>', text, re.S)[0].split('name="')[1:])
    assert {f.split('"')[0] for f in fields} == {
        "org",
        "at",
        "rule",
        "body",
        "matter",
        "host",
        "exact",
    }
    rules = re.findall(r'<datalist id="rules-csto">(.*?)</datalist>', text)[0]
    assert re.findall(r'value="([^"]+)"', rules) == ["consensus", "majority"]
    matters = re.findall(r'<datalist id="matters-eu_council">(.*?)</datalist>', text)[0]
    assert "qmv" in re.findall(r'value="([^"]+)"', matters)
    # The weights form is the other tab; each tab links to the other.
    assert 'href="/power?mode=weights"' in text
    assert 'href="/power?mode=org"' in client.get("/power").text


def test_org_page_links_power_under_each_rule(client: TestClient) -> None:
    text = client.get("/orgs/csto?at=2012-05-15").text
    links = [html.unescape(x) for x in re.findall(r'href="(/power\?[^"]+)"', text)]
    for rule in ("consensus", "majority"):
        assert f"/power?org=csto&at=2012-05-15&rule={rule}" in links
    assert "/power?org=csto&at=2012-05-15&body=csc&matter=non_procedural" in links
    statuses = {link: client.get(link).status_code for link in links}
    # A matter whose rule needs a host (a CRRF deployment) asks for host= on the error page.
    assert {s for link, s in statuses.items() if "crrf" not in link} == {200}
    assert set(statuses.values()) <= {200, 400}
    host = "/power?org=csto&at=2012-05-15&body=csc&matter=crrf_deployment&host=BLR"
    assert client.get(host).status_code == 200


def test_every_power_link_of_every_organization_page_answers():
    """The organization pages link the power under each rule and matter; a matter that needs the
    requesting member (requested by the host) links once per member, each of which answers."""

    from pivotal.organizations import bundled

    client = TestClient(create_app(), raise_server_exceptions=False)
    links = 0
    for org in bundled():
        page = client.get(f"/orgs/{org}")
        assert page.status_code == 200
        for href in sorted(set(re.findall(r'href="(/power\?[^"]+)"', page.text))):
            links += 1
            answer = client.get(href.replace("&amp;", "&"))
            assert answer.status_code == 200, (href, answer.text[:500])
    assert links >= 20
    csto = client.get("/orgs/csto?at=2012-05-15").text
    assert "matter=crrf_deployment&amp;host=BLR" in csto
