"""docs/web.md cannot drift: every route of the app is documented, every page it lists answers,
its API examples are what the app and the command line answer now, and the limits it states are
the app's constants."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from pivotal.cli import app as cli_app
from pivotal.web import api, common, outcome, pages, upload
from pivotal.web.app import create_app

DOC = (Path(__file__).resolve().parent.parent / "docs" / "web.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), raise_server_exceptions=False)


def cli_json(command: str) -> object:
    result = CliRunner().invoke(cli_app, shlex.split(command)[1:])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def routes() -> list[str]:
    out = []
    for router in (api.router, pages.router, outcome.router, upload.router):
        out += [r.path for r in router.routes if hasattr(r, "path")]
    return sorted(set(out))


@pytest.mark.parametrize("path", routes())
def test_every_route_is_documented(path):
    assert re.search(r"[` ]" + re.escape(path) + r"[`?]", DOC), f"{path} is not in docs/web.md"


def page_addresses() -> list[str]:
    """The first column of the pages table, where it names a concrete address."""
    table = DOC.split("## Pages", 1)[1].split("## The JSON API", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `/")]
    out = []
    for row in rows:
        first = row.split("|")[1]
        out += [a for a in re.findall(r"`(/[^`]*)`", first) if "{" not in a]
    return out


@pytest.mark.parametrize("address", page_addresses())
def test_every_listed_page_answers(client, address):
    if address.endswith((".svg", ".csv", ".json")) and address.startswith("/power"):
        address += "?weights=4,4,4,2,2,1&quota=12"
    assert client.get(address).status_code == 200


def curl_examples() -> list[tuple[str, dict, str | None, str | None]]:
    """(path, body, JSON shown or None, the command it equals or None) of every curl example."""
    found = []
    pattern = re.compile(
        r"```console\n\$ curl -s http://127\.0\.0\.1:8000(/api/\w+) .*?-d '([^']*)'\n```"
        r"(?:\s*```json\n(.*?)```)?"
        r"(?:\s*is what `(pivotal [^`]+)` prints)?",
        re.S,
    )
    for path, body, shown, command in pattern.findall(DOC):
        found.append((path, json.loads(body), shown or None, command or None))
    assert len(found) == DOC.count("$ curl "), "a curl example the test cannot read"
    return found


@pytest.mark.parametrize("path, body, shown, command", curl_examples())
def test_api_examples_are_what_the_app_and_the_cli_answer(client, path, body, shown, command):
    answer = client.post(path, json=body)
    assert answer.status_code == 200, answer.text
    if shown is not None:
        assert answer.json() == json.loads(shown)
    if command is not None:
        assert answer.json() == cli_json(command)


def test_the_outcome_example_without_overrides_is_the_cli_json(client):
    command = re.search(r"exactly `(pivotal outcome [^`]+)`", DOC.replace("\n", " "))
    assert command is not None
    text = command.group(1).replace("-f json", "--format json")
    rules = re.findall(r"--rule (\S+)", text)
    answer = client.post("/api/outcome", json={"scenario": "csto-2012", "rules": rules})
    assert answer.status_code == 200
    assert answer.json() == cli_json(text)


def test_the_error_shape_is_the_apps(client):
    shown = re.search(r'```json\n(\{"error".*?)\n```', DOC, re.S)
    assert shown is not None
    answer = client.post("/api/analyze", json={"organization": "nowhere"})
    assert answer.status_code == 400
    assert set(json.loads(shown.group(1))["error"]) == set(answer.json()["error"])


def test_the_limits_stated_are_the_apps():
    text = DOC.replace("\n", " ")
    assert f"{common.MAX_BODY_BYTES:,} bytes" in text
    assert f"{upload.MAX_FILE_BYTES:,}" in text
    assert f"budget of {common.BUDGET_S:g} seconds" in text
    assert f"after {common.WALL_S:g} seconds" in text
    cache = common.PageCache(create_app())
    assert f"{cache.max_entries:,} answers and {cache.max_bytes // 1_000_000} MB" in text
