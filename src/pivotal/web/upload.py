"""Your file: paste or upload an organization or scenario file, see every problem at its line,
then analyse it like a bundled one.

The text is parsed, never evaluated, and written nowhere: it goes from the request to the same
validators as ``pivotal validate``, which find every problem at ``file:line:column``
(:func:`pivotal.organizations.loader.check_text` for an organization,
:func:`pivotal.outcomes.loader.check_scenario_text` for a scenario), and the analysis re-reads it
from the form. A scenario may name only a *bundled* organization: a path in ``organization:``
would make the server read its own files.

>>> kind_of("format: 1\\ndimensions: []\\n"), kind_of("id: x\\nmembers: []\\n")
('scenario', 'organization')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from pivotal.compare import analyze
from pivotal.errors import PivotalError, one_of
from pivotal.organizations import bundled
from pivotal.organizations.loader import check_text
from pivotal.outcomes import analyze_outcomes, loads_scenario
from pivotal.outcomes.loader import check_scenario_text, is_scenario_text
from pivotal.web.common import render, run_limited

__all__ = ["Report", "check_upload", "kind_of", "router"]

router = APIRouter()

#: A small organization file with one mistake (a date that is not one), offered on the upload
#: page (``/upload?example=1``) so a newcomer can see a problem reported at its line.
EXAMPLE_WITH_PROBLEM = """\
id: tiny
name: A tiny organization
sources:
  charter: "The organization's charter (an example)"
members:
  - id: A
    name: Alpha
    memberships: [{joined: 2001-01-01, status: verified, sources: [charter]}]
  - id: B
    name: Beta
    memberships: [{joined: not-a-date, status: verified, sources: [charter]}]
rules:
  simple: {text: majority, status: verified, sources: [charter]}
default_rule: simple
"""
#: The largest file accepted, in bytes (1 MB): the largest bundled file is a few dozen kB.
MAX_FILE_BYTES = 1_000_000
#: Room for the multipart envelope and the form's other fields around the file.
_ENVELOPE = 64_000

_LOCATION = re.compile(r":(\d+):(\d+)(?: \((.*)\))?$")
_ORG_REF = re.compile(r"^organization\s*:\s*['\"]?([^'\"#\s]+)", re.MULTILINE)


@dataclass
class Problem:
    """One problem, at a line (0 when the file as a whole is wrong). ``message`` says what is
    wrong without the ``file:line:column:`` it starts with, which the page shows as a link."""

    line: int
    column: int
    where: str
    message: str

    def __post_init__(self) -> None:
        if self.line:
            self.message = _LEADING_LOCATION.sub("", self.message, count=1)


#: ``name.yaml:12:5: `` (or ``name.yaml:12:5 (path): ``) at the start of a loader's message.
_LEADING_LOCATION = re.compile(r"^[^\n:]*:\d+:\d+(?: \([^)]*\))?: ")


@dataclass
class Report:
    """What checking a file found."""

    label: str
    kind: str
    lines: list[str]
    problems: list[Problem] = field(default_factory=list)
    summary: list[tuple[str, str]] = field(default_factory=list)

    @property
    def bad_lines(self) -> set[int]:
        return {p.line for p in self.problems}


def kind_of(text: str) -> str:
    """``scenario`` when the text has a scenario's keys, else ``organization``."""
    return "scenario" if is_scenario_text(text) else "organization"


def _label(name: str | None) -> str:
    # Only the base name, so the page never echoes a client's folder layout.
    base = re.split(r"[\\/]", name or "")[-1].strip()
    return base[:100] or "pasted.yaml"


def _scenario_org_problem(text: str) -> Problem | None:
    match = _ORG_REF.search(text)
    if match is None or match.group(1).lower() in bundled():
        return None
    line = text.count("\n", 0, match.start()) + 1
    error = PivotalError(
        "organization",
        one_of(bundled()),
        repr(match.group(1)),
        "An uploaded scenario can name a bundled organization only; paste the organization's "
        "own file on this page to check it.",
    )
    return Problem(line, match.start(1) - match.start() + 1, "organization", str(error))


def check_upload(text: str, label: str, kind: str | None = None) -> Report:
    """Every problem of an uploaded file, each at its line (``kind``: organization or scenario;
    default: guessed from the keys)."""
    kind = kind if kind in ("organization", "scenario") else kind_of(text)
    report = Report(label, kind, text.splitlines())
    if kind == "organization":
        try:
            checked = check_text(text, label)
        except PivotalError as err:
            report.problems.append(_located(err))
            return report
        report.problems += [
            Problem(p.line, p.column, p.path, p.message()) for p in checked.problems
        ]
        org = checked.organization
        if org is not None:
            report.summary = [
                ("organization", f"{org.name} ({org.id})"),
                ("members", str(len(org.members))),
                ("rules", ", ".join(org.rules) or "none"),
            ]
        return report
    bad_ref = _scenario_org_problem(text)
    if bad_ref is not None:
        report.problems.append(bad_ref)
        return report
    checked = check_scenario_text(text, label)
    report.problems += [Problem(p.line, p.column, p.path, p.message()) for p in checked.problems]
    s = checked.scenario
    if s is None:
        return report
    report.summary = [
        ("scenario", f"{s.name} ({s.id})"),
        ("members", ", ".join(s.members)),
        ("dimensions", ", ".join(d.name for d in s.dimensions)),
        ("rules", ", ".join(s.rules)),
    ]
    return report


def _located(err: PivotalError) -> Problem:
    """A loader's error, at the line its parameter names (``file:line:column (path)``)."""
    match = _LOCATION.search(err.parameter)
    if match is None:
        return Problem(0, 0, err.parameter, str(err))
    return Problem(int(match.group(1)), int(match.group(2)), match.group(3) or "", str(err))


def _analysis(text: str, label: str, kind: str, at: str | None) -> tuple[Report, str | None]:
    report = check_upload(text, label, kind)
    if report.problems:
        return report, None
    if report.kind == "scenario":
        return report, analyze_outcomes(loads_scenario(text, label)).table()
    checked = check_text(text, label)
    org = checked.organization
    if org is None:  # pragma: no cover - check_upload found no problem
        return report, None
    return report, analyze(org, at=at or None).table()


async def _read_form(request: Request) -> tuple[dict[str, Any], str | None]:
    """The form's fields and the file's text, or a message saying why they were refused."""
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > MAX_FILE_BYTES + _ENVELOPE:
        return {}, _too_big(int(length))
    form = await request.form(max_part_size=MAX_FILE_BYTES + _ENVELOPE)
    fields: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    upload = form.get("file")
    text = fields.get("text", "")
    if upload is not None and not isinstance(upload, str) and upload.filename:
        raw = await upload.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            return fields, _too_big(len(raw))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return fields, "The file is not UTF-8 text: save it as UTF-8 and upload it again."
        fields.setdefault("name", upload.filename)
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        return fields, _too_big(len(text.encode("utf-8")))
    fields["text"] = text
    return fields, None


def _too_big(size: int) -> str:
    return (
        f"The file is too large: {size:,} bytes received, at most {MAX_FILE_BYTES:,} bytes "
        "(1 MB) allowed. Split it, or run 'pivotal validate FILE' on your own machine."
    )


def _form(
    request: Request,
    status: int = 200,
    *,
    report: Report | None = None,
    text: str = "",
    refused: str | None = None,
    analysis: str | None = None,
    at: str = "",
) -> Response:
    """The upload page in any of its states: empty, refused, checked, or analysed."""
    response = render(
        request,
        "upload.html",
        report=report,
        text=text,
        refused=refused,
        analysis=analysis,
        limit=MAX_FILE_BYTES,
        at=at,
    )
    response.status_code = status
    return response


@router.get("/upload", include_in_schema=False)
async def upload_page(request: Request, example: bool = False) -> Response:
    """The form: paste a file, or choose one; ``example=1`` fills in a file with a mistake."""
    return _form(request, text=EXAMPLE_WITH_PROBLEM if example else "")


@router.post("/upload", include_in_schema=False)
async def upload_check(request: Request) -> Response:
    """Check the pasted or uploaded file and show each problem at its line."""
    fields, refused = await _read_form(request)
    if refused is not None:
        return _form(request, 413, refused=refused)
    text = fields["text"]
    if not text.strip():
        return _form(request, refused="Nothing to check: paste a file's text, or choose a file.")
    label = _label(fields.get("name"))
    report = await run_limited(check_upload, text, label, fields.get("kind"))
    if isinstance(report, Response):
        return report
    status = 422 if report.problems else 200
    return _form(request, status, report=report, text=text, at=fields.get("at", ""))


@router.post("/upload/analyze", include_in_schema=False)
async def upload_analyze(request: Request) -> Response:
    """Analyse a valid uploaded file: the power table of an organization at a date, or the
    outcomes of a scenario, as the CLI prints them."""
    fields, refused = await _read_form(request)
    if refused is not None:
        return _form(request, 413, refused=refused)
    label = _label(fields.get("name"))
    out = await run_limited(_analysis, fields["text"], label, fields.get("kind"), fields.get("at"))
    if isinstance(out, Response):
        return out
    report, analysis = out
    return _form(
        request, report=report, text=fields["text"], analysis=analysis, at=fields.get("at", "")
    )
