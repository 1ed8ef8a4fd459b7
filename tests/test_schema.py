"""The published JSON Schema of organization files (docs/organization.schema.json).

Checked: it is what ``pivotal schema`` prints and what :func:`json_schema` builds; it is a valid
draft 2020-12 schema; every bundled organization validates against it with ``jsonschema`` (an
independent validator), read as an editor reads YAML (plain data, dates as text); and files the
loader refuses for their shape (an unknown key, a missing key, a bad status, a negative vote) are
refused by the schema too.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from pivotal.cli import app
from pivotal.errors import PivotalError
from pivotal.organizations import bundled, loads
from pivotal.organizations.schema import Scalar, json_schema, node_data
from pivotal.organizations.yamlnodes import compose

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = ROOT / "docs" / "organization.schema.json"
DATA = ROOT / "src" / "pivotal" / "organizations" / "data"


def plain(text: str) -> object:
    """YAML as a YAML 1.2 editor reads it: numbers are numbers, dates and words are text."""
    data, _ = node_data(compose(text, "f", "x", "y"))

    def walk(value: object) -> object:
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, Scalar):
            if value.tag.endswith(":int"):
                return int(value.replace("_", ""))
            if value.tag.endswith(":float"):
                return float(value.replace("_", ""))
            return str(value)
        return value

    return walk(data)


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(PUBLISHED.read_text(encoding="utf-8")))


def test_published_file_is_what_the_command_prints():
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(PUBLISHED.read_text(encoding="utf-8"))
    assert json.loads(PUBLISHED.read_text(encoding="utf-8")) == json_schema()


def test_is_a_draft_2020_12_schema():
    schema = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("name", bundled())
def test_every_bundled_organization_validates(name):
    data = plain((DATA / f"{name}.yaml").read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(data)]
    assert errors == []


GOOD = """\
id: t
name: T
members:
  - id: A
    name: A
    memberships: [{joined: 2000-01-01, status: verified, sources: [s]}]
    attributes: {votes: {value: 3, status: unverified}}
sources: {s: https://example.org}
"""
BAD = {
    "unknown key": GOOD.replace("    name: A\n", "    nmae: A\n    name: A\n"),
    "missing key": GOOD.replace("name: T\n", ""),
    "bad status": GOOD.replace("status: unverified", "status: sure"),
    "negative vote": GOOD.replace("value: 3", "value: -3"),
    "bad date": GOOD.replace("joined: 2000-01-01", "joined: 01.01.2000"),
    "empty members": GOOD.split("members:")[0] + "members: []\nsources: {s: x}\n",
}


def test_the_good_file_passes_both():
    assert loads(GOOD).id == "t"
    assert list(validator().iter_errors(plain(GOOD))) == []


@pytest.mark.parametrize("case", sorted(BAD))
def test_shape_errors_are_refused_by_both(case):
    text = BAD[case]
    with pytest.raises(PivotalError):
        loads(text)
    assert list(validator().iter_errors(plain(text))), case
