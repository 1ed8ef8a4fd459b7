"""The ``pivotal`` command line: a thin layer over the Python API.

Every command turns a :class:`~pivotal.errors.PivotalError` into one line on stderr and exit code 2,
never a traceback; anything else is an internal error: one line, how to report it, exit code 70
(the traceback with ``-v``). ``--format`` picks table (default), json, csv or markdown, in any
case (``JSON``). ``-v`` works before or after the command. Member ids are matched without regard
to case (``--participants blr,rus``) and resolved to the file's spelling.
"""

from __future__ import annotations

import functools
import inspect
import io
import json
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperArgument, TyperGroup

from pivotal.cli_quick import (
    configure_logging,
    internal_error,
    interrupted,
    run_power,
    split_list,
    user_error,
)
from pivotal.errors import PivotalError

if TYPE_CHECKING:
    import pandas as pd

    from pivotal.organizations import Organization

F = TypeVar("F", bound=Callable[..., Any])

#: Whether -v was given, before or after the command (read by the last-resort handler).
_STATE = {"verbose": False}


class _PlainArgument(TyperArgument):
    """A positional argument shown by its plain metavar (``ORG``), without braces or a type."""

    def _usage_display_name(self) -> str:
        name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        return name + ("..." if self.nargs != 1 else "")

    def display_type_rich(self, ctx: Any) -> str | None:
        return None


class _PlainGroup(TyperGroup):
    """The command group; its commands show plain metavars in ``--help``."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        for param in getattr(command, "params", ()):
            if isinstance(param, TyperArgument):
                param.__class__ = _PlainArgument
                if param.metavar is None:
                    param.metavar = _METAVARS.get(param.name or "", (param.name or "").upper())
            elif param.metavar is None and not getattr(param, "is_flag", False):
                param.metavar = _METAVARS.get(param.name or "", (param.name or "").upper())
        return command


#: Metavars of parameters that do not name their own (``--at DATE``, not ``--at <str>``).
_METAVARS = {
    "organization": "ORG",
    "at": "DATE",
    "start": "DATE",
    "end": "DATE",
    "document": "ID",
    "member": "ID",
    "host": "ID",
    "setter": "ID",
    "watch": "ID",
    "agree_with": "ID",
    "dimension": "ID",
    "participants": "IDS",
    "members": "IDS",
    "absent": "IDS",
    "union": "IDS",
    "rule": "RULE",
    "index": "INDICES",
    "engine": "ENGINE",
    "budget": "SECONDS",
    "format": "FORMAT",
    "report": "FILE",
    "chart": "FILE",
    "samples": "N",
    "seed": "N",
    "simulate": "N",
    "strategic": "N",
    "precision": "WIDTH",
    "names": "NAMES",
    "positions": "NAME=VALUE,...",
    "salience": "NAME=VALUE,...",
    "status_quo": "POINT",
    "roll_calls": "years|session",
    "value": "ideal_point|agreement",
    "model": "MODELS",
    "capability": "NAME",
}

app = typer.Typer(
    name="pivotal",
    help="Who can block, who is pivotal, and how often a body can act: voting power, exactly.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=_PlainGroup,
)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


_VERBOSE_HELP = "Log which engine ran and why, and show the traceback of an internal error."
_VERBOSE = inspect.Parameter(
    "verbose",
    inspect.Parameter.KEYWORD_ONLY,
    default=False,
    annotation=Annotated[bool, typer.Option("--verbose", "-v", help=_VERBOSE_HELP)],
)
#: Click's own exceptions (a usage error, --help's exit) pass through the handlers below.
_CLICK = (typer.Exit, typer.Abort, typer.exceptions.TyperException)


def _friendly(func: F) -> F:
    """Report user errors as one line and exit code 2, Ctrl-C as one line and 130, anything else
    as an internal error (70); and accept ``-v`` after the command as well as before it."""
    signature = inspect.signature(func, eval_str=True)

    @functools.wraps(func)
    def wrapper(*args: Any, verbose: bool = False, **kwargs: Any) -> Any:
        if verbose:
            _STATE["verbose"] = True
            configure_logging(True)
        try:
            return func(*args, **kwargs)
        except _CLICK:
            raise
        except PivotalError as err:
            code = user_error(err)
        except KeyboardInterrupt:
            code = interrupted()
        except BrokenPipeError:
            code = _broken_pipe()
        except Exception as err:  # the last resort: no traceback unless -v
            code = internal_error(err, _STATE["verbose"], _argv())
        raise typer.Exit(code=code)

    # typer reads the parameters from the signature: the command's own, then -v/--verbose.
    wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), _VERBOSE]
    )
    return wrapper  # type: ignore[return-value]


def _broken_pipe() -> int:
    """The reader of stdout went away (``pivotal ... | head``): stop quietly, as Unix tools do."""
    import contextlib
    import os

    # Later flushes of the closed pipe would fail again on exit; send them nowhere. A captured
    # stdout (in tests) has no file descriptor: nothing to redirect.
    with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 141  # 128 + SIGPIPE, what a shell reports for a writer killed by a closed pipe


def _argv() -> list[str] | None:
    """The command line, when this process was started as pivotal (not inside a test runner)."""
    name = sys.argv[0].replace("\\", "/").rsplit("/", 1)[-1] if sys.argv else ""
    return sys.argv[1:] if name in ("pivotal", "__main__.py", "cli.py") else None


def _version(value: bool) -> None:
    if value:
        from pivotal import __version__

        typer.echo(f"pivotal {__version__} (Python {sys.version.split()[0]})")
        raise typer.Exit()


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help=_VERBOSE_HELP)] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    _STATE["verbose"] = verbose
    configure_logging(verbose)


_split = split_list


def _lower(value: str | None) -> str | None:
    """A choice as typed, in lower case (choices are case-insensitive: --engine DP)."""
    return None if value is None else value.strip().lower()


def _cell(value: object) -> str:
    """A markdown table cell: a '|' or a line break in a name would break the table."""
    return " ".join(str(value).split("\n")).replace("|", "\\|")


def _markdown(frame: pd.DataFrame) -> str:
    cols = [str(frame.index.name or "")] + [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(map(_cell, cols)) + " |", "|" + "---|" * len(cols)]
    for idx, row in frame.iterrows():
        lines.append("| " + " | ".join(_cell(v) for v in [idx, *row]) + " |")
    return "\n".join(lines)


def _timeline_markdown(result: Any, index: str | None, exact: bool) -> str:
    """A timeline as markdown: for each index shown (the table's headline index by default),
    one table per rule with members as rows and dates as columns, then the notes."""
    from pivotal.power import INDICES, resolve_indices

    keys = [result.index_key(k) for k in resolve_indices(index)] if index else [None]
    first, last = result.dates[0].isoformat(), result.dates[-1].isoformat()
    parts = [
        f"# {_cell(result.organization_name)} ({result.organization}): "
        f"{len(result.points)} member sets from {first} to {last}"
    ]
    for key in keys:
        label = INDICES[result.index_key(key)].label
        for rule in result.rules:
            frame = result.matrix(rule, key, exact or None)
            frame.index.name = "member"
            parts += [
                "",
                f"## {label}, rule {_cell(rule)}: {_cell(result.rule_descriptions[rule])}",
                "",
                _markdown(frame),
            ]
    kind = "exact values" if result.exact else "floats, rounded to 6 places"
    parts += ["", f"({kind}; '-': not a member on that date)"]
    parts += [f"\nNote: {_cell(note)}" for note in result.caveats]
    return "\n".join(parts)


def _emit_frame(frame: pd.DataFrame, fmt: Format) -> None:
    if fmt is Format.csv:
        typer.echo(frame.to_csv().rstrip("\n"))
    else:
        typer.echo(_markdown(frame))


def _emit_footer(lines: list[str]) -> None:
    """The notes under a markdown table, as a list (a CSV carries them as ``# `` comment lines,
    written by the results' own ``to_csv``)."""
    if lines:
        typer.echo("\n" + "\n".join(f"- {line}" for line in lines))


IndexOpt = Annotated[
    str | None,
    typer.Option(
        "--index",
        "-i",
        help="Comma-separated indices, any case (default: all): raw_banzhaf (swings, raw), "
        "banzhaf (bz), penrose, shapley_shubik (ss, shapley), coleman_prevent (prevent), "
        "coleman_initiate (initiate), johnston, deegan_packel (dp), holler (pgi, public_good); "
        "with --union also owen and banzhaf_owen (bz_owen).",
    ),
]
ExactOpt = Annotated[
    bool, typer.Option("--exact", help='Exact fractions instead of floats (JSON: "p/q" strings).')
]
EngineOpt = Annotated[
    str | None,
    typer.Option(
        "--engine",
        help="Force an engine: fast, dp or enumeration (exact); float (double precision, "
        "Banzhaf family; Shapley-Shubik with -i ss); montecarlo (estimates with 95% intervals). "
        "Default: the cheapest exact engine.",
        callback=lambda value: _lower(value),
    ),
]
BudgetOpt = Annotated[
    float | None,
    typer.Option(
        help="Seconds an exact computation may take (default 60); a run estimated over it is "
        "refused before it starts, with the estimate."
    ),
]
FormatOpt = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="Output format: table, json, csv or markdown (any case).",
    ),
]
BodyOpt = Annotated[
    str | None, typer.Option(help="A body of the organization (default: its first body).")
]
MatterOpt = Annotated[
    str | None,
    typer.Option(help="A kind of matter the body decides (default: the body's default)."),
]
HostOpt = Annotated[
    str | None,
    typer.Option(help="The member whose request the rule requires ('requested by the host')."),
]
ParticipantsOpt = Annotated[
    str | None,
    typer.Option(help="Comma-separated members taking part (adoption 'in a limited format')."),
]
AtOpt = Annotated[str | None, typer.Option(help="Date, YYYY-MM-DD (default: today).")]
ReportOpt = Annotated[
    str | None, typer.Option(help="Also write a self-contained HTML report to this file.")
]
ChartOpt = Annotated[
    str | None, typer.Option(help="Also save the chart to this .png or .svg file.")
]
UnionOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--union",
        help="An a priori union (bloc): names joined by '+', e.g. RUS+BLR, or a group id of the "
        "organization's file; repeat for several. Adds the Owen and Banzhaf-Owen values.",
    ),
]


def _unions(values: list[str] | None) -> list[list[str]] | None:
    """``--union A+B`` options as lists of names; an empty name is an error."""
    if not values:
        return None
    unions = []
    for text in values:
        names = [n.strip() for n in text.split("+")]
        if any(not n for n in names):
            raise PivotalError(
                "--union",
                "names joined by '+', e.g. --union RUS+BLR, or a group id (--union union_state)",
                repr(text),
                "Remove the empty name (a doubled, leading or trailing '+', or an empty value).",
            )
        unions.append(names)
    return unions


def _distinct(values: list[str], parameter: str, fold: bool = False) -> list[str]:
    """``values`` when none repeats (case-insensitively with ``fold``); else a one-line error."""
    seen: set[str] = set()
    for value in values:
        key = value.casefold() if fold else value
        if key in seen:
            raise PivotalError(
                parameter,
                "each value once",
                f"{value!r} more than once",
                "Remove the repeated value.",
            )
        seen.add(key)
    return values


def _pick(word: str, known: list[str] | tuple[str, ...], parameter: str, what: str) -> str:
    """``word`` in the spelling of ``known``, matched without regard to case; an unknown word is
    a one-line error listing ``known``, with the closest one when it is near."""
    import difflib

    if word in known:
        return word
    same = [k for k in known if k.casefold() == word.casefold()]
    if len(same) == 1:
        return same[0]
    if same:
        raise PivotalError(
            parameter,
            what + " spelled exactly as the file does: " + ", ".join(same),
            repr(word),
            "These ids differ only in case; type the one you mean exactly.",
        )
    folded = {k.casefold(): k for k in known}
    close = difflib.get_close_matches(word.casefold(), list(folded), n=1)
    hint = f"Did you mean '{folded[close[0]]}'?" if close else "Pick one from the list."
    shown = ", ".join(known) if len(known) <= 60 else ", ".join(known[:60]) + ", ..."
    raise PivotalError(parameter, f"{what}: {shown}", repr(word), hint)


def _picks(text: str, known: list[str] | tuple[str, ...], parameter: str, what: str) -> list[str]:
    """A comma-separated list of ids from ``known`` (any case), each once."""
    return _distinct([_pick(w, known, parameter, what) for w in _split(text, parameter)], parameter)


def _organization(text: str, parameter: str = "organization") -> Organization:
    """The ORG argument: a bundled organization, or an organization file that can be read (a bad
    path is one line naming ORG, before the loader opens it)."""
    import os

    from pivotal.organizations import load_organization

    if text.lower().endswith((".yaml", ".yml")) or "/" in text or os.sep in text:
        from pivotal.report.files import check_readable

        check_readable(text, parameter, "organization file (.yaml)", _ORG_FIX)
    return load_organization(text)


_ORG_FIX = "Check the path, or give the name of a bundled organization (pivotal orgs lists them)."


def _member_ids(org: Organization) -> list[str]:
    return [m.id for m in org.members]


def _org_members(org: Organization, text: str | None, parameter: str) -> list[str] | None:
    """``--participants``-like lists: member ids of ``org`` in any case, each once."""
    if text is None:
        return None
    return _picks(text, _member_ids(org), parameter, f"member ids of {org.id}")


def _org_member(org: Organization, text: str | None, parameter: str) -> str | None:
    if text is None:
        return None
    return _pick(text.strip(), _member_ids(org), parameter, f"a member id of {org.id}")


def _org_unions(org: Organization, values: list[str] | None) -> list[list[str]] | None:
    """``--union`` options with member and group ids of ``org`` in any case."""
    unions = _unions(values)
    if unions is None:
        return None
    known = _member_ids(org) + [g for g in org.groups if g not in _member_ids(org)]
    # Only the case is resolved here: an unknown id is left to the analysis, whose error names
    # the union and lists the members counted on the date.
    return [[_fold(n, known) for n in names] for names in unions]


def _fold(word: str, known: list[str]) -> str:
    """``word`` in the spelling of ``known`` when exactly one matches it without regard to case;
    otherwise unchanged."""
    same = [k for k in known if k.casefold() == word.casefold()]
    return same[0] if word not in known and len(same) == 1 else word


SamplesOpt = Annotated[
    int | None,
    typer.Option(help="With --engine montecarlo: run exactly this many samples per estimate."),
]
PrecisionOpt = Annotated[
    float | None,
    typer.Option(
        help="With --engine montecarlo: sample until every 95% interval is at most this wide "
        "on each side (default 0.01)."
    ),
]
SeedOpt = Annotated[
    int | None, typer.Option(help="With --engine montecarlo: the random seed (default 1).")
]


def _list_arg(text: str, parameter: str) -> list[str]:
    """A comma-separated option, or ``@FILE``: the items of a file, separated by commas,
    spaces or newlines (for games too large for a command line)."""
    if not text.startswith("@"):
        return _split(text, parameter)
    import re
    from pathlib import Path

    path = Path(text[1:])
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise PivotalError(
            parameter,
            "@FILE naming a readable UTF-8 text file",
            f"{text} ({type(err).__name__}: {getattr(err, 'strerror', None) or err})",
            "Check the path after '@' (relative to the current directory).",
        ) from None
    items: list[str] = []
    for number, line in enumerate(content.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        parts = re.split(r"\s*,\s*|\s+", stripped)
        if any(not p for p in parts):
            raise PivotalError(
                f"{parameter} {path}:{number}",
                "items separated by one comma, spaces or newlines",
                repr(line),
                "Remove the doubled, leading or trailing comma on that line.",
            )
        if parameter == "--weights":
            from pivotal.games.weighted import to_fraction

            for part in parts:
                to_fraction(part, f"{parameter} {path}:{number}")
        items += parts
    if not items:
        raise PivotalError(
            parameter, "a file with at least one item", f"{text} (empty)", "Fill in the file."
        )
    return items


@app.command()
@_friendly
def power(
    weights: Annotated[
        str,
        typer.Option(
            help="Comma-separated weights, e.g. 4,4,4,2,2,1, or @FILE: weights separated by "
            "commas, spaces or newlines."
        ),
    ],
    quota: Annotated[str, typer.Option(help="Weight needed to pass, e.g. 12.")],
    names: Annotated[
        str | None,
        typer.Option(help="Comma-separated player names (default P1..Pn), or @FILE."),
    ] = None,
    index: IndexOpt = None,
    exact: ExactOpt = False,
    engine: EngineOpt = None,
    format: FormatOpt = Format.table,
    union: UnionOpt = None,
    samples: SamplesOpt = None,
    precision: PrecisionOpt = None,
    seed: SeedOpt = None,
    budget: BudgetOpt = None,
) -> None:
    """Power indices of a weighted voting game [quota; weights]."""
    # The body is shared with the quick entry point (pivotal.entry), which answers a plain
    # call without loading typer; only the formats drawn with pandas are handled here.
    _, result, text = run_power(
        _list_arg(weights, "--weights"),
        quota,
        _list_arg(names, "--names") if names is not None else None,
        index=index,
        exact=exact,
        engine=engine,
        fmt=format.value,
        unions=_unions(union),
        samples=samples,
        precision=precision,
        seed=seed,
        budget=budget,
    )
    if text is not None:
        typer.echo(text)
        return
    if format is Format.csv:
        typer.echo(result.to_csv().rstrip("\n"))
    else:
        _emit_frame(result.to_frame(exact=result.exact), format)
    if format is Format.markdown and hasattr(result, "method"):
        typer.echo(f"\n({result.description})")


@app.command()
@_friendly
def analyze(
    organization: Annotated[
        str, typer.Argument(help="A bundled organization (e.g. csto) or a YAML file.")
    ],
    at: Annotated[str | None, typer.Option(help="Date, YYYY-MM-DD (default: today).")] = None,
    rule: Annotated[
        list[str] | None,
        typer.Option(
            help="A rule name from the organization file or rule text; repeat to compare."
        ),
    ] = None,
    body: BodyOpt = None,
    matter: MatterOpt = None,
    host: HostOpt = None,
    participants: ParticipantsOpt = None,
    index: IndexOpt = None,
    exact: ExactOpt = False,
    engine: EngineOpt = None,
    format: FormatOpt = Format.table,
    union: UnionOpt = None,
    samples: SamplesOpt = None,
    precision: PrecisionOpt = None,
    seed: SeedOpt = None,
    budget: BudgetOpt = None,
) -> None:
    """Every index of every member at a date, under each rule side by side."""
    from pivotal.compare import analyze as run

    org = _organization(organization)
    analysis = run(
        org,
        at=at,
        rules=_distinct(rule, "--rule") if rule else None,
        indices=index,
        exact=exact,
        engine=engine,
        body=body,
        matter=matter,
        host=_org_member(org, host, "--host"),
        participants=_org_members(org, participants, "--participants"),
        unions=_org_unions(org, union),
        samples=samples,
        precision=precision,
        seed=seed,
        budget=budget,
    )
    if format is Format.json:
        typer.echo(analysis.to_json())
    elif format is Format.table:
        typer.echo(analysis.table())
    elif format is Format.csv:
        typer.echo(analysis.to_csv().rstrip("\n"))
    else:
        _emit_frame(analysis.flat_frame(), format)
        _emit_footer(analysis.footer())


@app.command()
@_friendly
def demo(
    member: Annotated[
        str, typer.Option(help="The member the plain-language lines are about (any case).")
    ] = "BLR",
    format: FormatOpt = Format.table,
) -> None:
    """The CSTO on 2012-05-15: consensus against the proposed simple majority."""
    from pivotal.compare import analyze as run
    from pivotal.compare.narrative import narrate

    analysis = run("csto", at="2012-05-15", rules=["consensus", "majority"], exact=True)
    chosen = _pick(member.strip(), analysis.members, "--member", "a CSTO member on 2012-05-15")
    lines = narrate(analysis, chosen)  # before printing anything: an unknown member fails cleanly
    outcomes, outcome_lines = _demo_outcomes(chosen)
    if format is Format.json:
        out = {
            "member": chosen,
            "analysis": analysis.to_dict(),
            "narrative": lines,
            "outcomes": outcomes.to_dict(),
            "outcome_narrative": outcome_lines,
        }
        typer.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    if format is not Format.table:
        _emit_frame(analysis.flat_frame(), format)
        return
    typer.echo(
        "Question (CSTO, 2012): the Collective Security Council decides by consensus; a reform to\n"
        "simple majority was proposed. What would it do to each member, and to the organization?\n"
    )
    typer.echo(analysis.table())
    typer.echo("")
    for line in lines:
        typer.echo(line)
    typer.echo("")
    typer.echo(
        "What will pass? Positions on two dimensions (scenario csto-2012): partnership with NATO\n"
        "(proxy: UN General Assembly votes, 2011-12) and protection of members' regimes (proxy:\n"
        "Freedom House ratings, 2012), on 0-100 scales; Kazakhstan, the chair, sets the agenda;\n"
        "saliences are illustrative. The cost of consent is in salience-weighted points.\n"
    )
    for line in outcome_lines:
        typer.echo(line)
    typer.echo(
        "\nFull tables, the plane, Monte Carlo and a report: pivotal outcome csto-2012 "
        "[--simulate 10000] [--report csto-2012.html]."
    )


def _demo_outcomes(member: str) -> tuple[Any, list[str]]:
    """The demo's second half: what will pass, from the bundled CSTO 2012 scenario."""
    from pivotal.outcomes import analyze_outcomes, load_scenario
    from pivotal.outcomes.text import narrate_outcomes

    scenario = load_scenario("csto-2012")
    outcomes = analyze_outcomes(scenario, exact=False)
    return outcomes, list(narrate_outcomes(outcomes, member=member, watch="RUS"))


def _check_extras(report: str | None, chart: str | None) -> None:
    """Refuse a bad --report / --chart path before anything is computed or printed."""
    from pivotal.report.charts import FORMATS
    from pivotal.report.files import check_folder, check_suffix
    from pivotal.report.html import SUFFIXES

    # `is not None`: an empty path is an error, not a silent "no report".
    if chart is not None:
        check_suffix(chart, FORMATS, "chart", "--chart")
        check_folder(chart, "--chart")
    if report is not None:
        check_suffix(report, SUFFIXES, "report", "--report")
        check_folder(report, "--report")


def _command_line() -> str:
    """The command as typed, for the footer of a report (quoted so that it can be pasted)."""
    import shlex
    import sys

    return shlex.join(["pivotal", *sys.argv[1:]])


def _write_extras(obj: Any, report: str | None, chart: str | None, index: str | None) -> None:
    from pivotal.power import resolve_indices
    from pivotal.report import render_report, save
    from pivotal.report.files import write_atomic

    headline = resolve_indices(index)[0] if index else None
    # Render the report before writing anything, so that a failure leaves no chart behind.
    page = (
        render_report(obj, index=headline, command=_command_line()).encode("utf-8")
        if report is not None
        else None
    )
    if chart is not None:
        path = save(obj.chart(headline), chart)
        typer.echo(f"chart written to {path}", err=True)
    if report is not None and page is not None:
        path = write_atomic(report, lambda out: out.write(page), "--report")
        typer.echo(f"report written to {path}", err=True)


@app.command()
@_friendly
def compare(
    organization: Annotated[str, typer.Argument(help="A bundled organization or a YAML file.")],
    rule: Annotated[
        list[str] | None,
        typer.Option(
            help="Two rules (names or text): the current one, then the other. Default: the "
            "organization's first two rules (or matters), said in the first note."
        ),
    ] = None,
    at: AtOpt = None,
    body: BodyOpt = None,
    matter: MatterOpt = None,
    host: HostOpt = None,
    participants: ParticipantsOpt = None,
    index: IndexOpt = None,
    exact: ExactOpt = False,
    engine: EngineOpt = None,
    format: FormatOpt = Format.table,
    report: ReportOpt = None,
    chart: ChartOpt = None,
    union: UnionOpt = None,
) -> None:
    """Every member's indices under two rules, the differences, and who gains or loses a veto."""
    from pivotal.compare import compare as run

    _check_extras(report, chart)
    org = _organization(organization)
    result = run(
        org,
        rules=rule or (),
        at=at,
        body=body,
        matter=matter,
        indices=index,
        exact=exact,
        engine=engine,
        host=_org_member(org, host, "--host"),
        participants=_org_members(org, participants, "--participants"),
        unions=_org_unions(org, union),
    )
    if format is Format.json:
        typer.echo(result.to_json())
    elif format is Format.table:
        typer.echo(result.table())
    elif format is Format.csv:
        typer.echo(result.to_csv().rstrip("\n"))
    else:
        _emit_frame(result.flat_frame(), format)
        _emit_footer(result.analysis.footer())
    _write_extras(result, report, chart, index)


@app.command()
@_friendly
def timeline(
    organization: Annotated[str, typer.Argument(help="A bundled organization or a YAML file.")],
    rule: Annotated[
        list[str] | None, typer.Option(help="Rule names or text; repeat for several.")
    ] = None,
    start: Annotated[str | None, typer.Option("--from", help="First date, YYYY-MM-DD.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last date, YYYY-MM-DD.")] = None,
    body: BodyOpt = None,
    matter: MatterOpt = None,
    include_frozen: Annotated[
        bool,
        typer.Option(
            "--include-frozen",
            help="Also a point where a member freezes or resumes its participation "
            "(Armenia, 2024).",
        ),
    ] = False,
    index: IndexOpt = None,
    exact: ExactOpt = False,
    engine: EngineOpt = None,
    format: FormatOpt = Format.table,
    report: ReportOpt = None,
    chart: ChartOpt = None,
) -> None:
    """Indices at every change of membership, under each rule."""
    from pivotal.compare import timeline as run
    from pivotal.power import resolve_indices

    _check_extras(report, chart)
    result = run(
        _organization(organization),
        rules=_distinct(rule, "--rule") if rule else None,
        start=start,
        end=end,
        body=body,
        matter=matter,
        include_frozen=include_frozen,
        indices=index,
        exact=exact,
        engine=engine,
    )
    if format is Format.json:
        typer.echo(result.to_json())
    elif format is Format.table:
        typer.echo(result.table(index=resolve_indices(index)[0] if index else None))
    elif format is Format.csv:
        typer.echo(result.to_csv().rstrip("\n"))
    else:
        typer.echo(_timeline_markdown(result, index, exact))
        _emit_footer(result.footer())
    _write_extras(result, report, chart, index)


@app.command()
@_friendly
def orgs(format: FormatOpt = Format.table) -> None:
    """The bundled organizations."""
    from pivotal.organizations import bundled, load_organization

    rows = [(name, load_organization(name).name) for name in bundled()]
    if format is Format.table:
        for name, title in rows:
            typer.echo(f"{name:<22} {title}")
    elif format is Format.json:
        typer.echo(
            json.dumps([{"id": n, "name": t} for n, t in rows], indent=2, ensure_ascii=False)
        )
    else:
        import pandas as pd

        _emit_frame(pd.DataFrame(rows, columns=["id", "name"]).set_index("id"), format)


@app.command()
@_friendly
def show(
    organization: Annotated[str, typer.Argument(help="A bundled organization or a YAML file.")],
    at: AtOpt = None,
    format: FormatOpt = Format.table,
) -> None:
    """Members, bodies, rules and chair in force at a date."""
    from pivotal.organizations import load_organization

    org = load_organization(organization)
    snap = org.snapshot(at)
    if format is Format.json:
        typer.echo(json.dumps(snap.to_dict(), indent=2, ensure_ascii=False))
        return
    if format is not Format.table:
        import pandas as pd

        data = snap.to_dict()
        frame = pd.DataFrame(
            [
                {"id": m["id"], "name": m["name"], "frozen": m["frozen"], **m["attributes"]}
                for m in data["members"]
            ]
        ).set_index("id")
        _emit_frame(frame, format)
        if format is Format.markdown:
            _emit_footer(data["notes"])
        return
    typer.echo(f"{org.name} ({org.id}) on {snap.at.isoformat()}")
    typer.echo(
        f"Members ({len(snap.member_ids)}): "
        + ", ".join(f"{m.name} ({m.id})" for m in snap.members)
    )
    for name, ids in snap.groups.items():
        typer.echo(f"Group {name}: {', '.join(ids) or '(no member present)'}")
    for key, values in snap.attributes.items():
        shown = ", ".join(f"{k} {v}" for k, v in values.items())
        typer.echo(f"Attribute {key}: {shown}")
    for body in org.bodies.values():
        chair = snap.chair(body.id)
        typer.echo(f"Body {body.id}: {body.name}" + (f"; chair: {chair}" if chair else ""))
        for matter_id in body.matters:
            try:
                entry = snap.rule_for(body.id, matter_id)
            except PivotalError:
                continue  # not in force at this date
            flag = "" if entry.status == "verified" else f" [{entry.status}]"
            default = " (default)" if matter_id == body.default_matter else ""
            typer.echo(f"  {matter_id}{default}: {entry.text}{flag}")
    for name, text in org.rules.items():
        typer.echo(f"Rule {name}: {text}")
    for note in snap.notes:
        typer.echo(f"Note: {note}")


@app.command()
@_friendly
def ratification(
    organization: Annotated[str, typer.Argument(help="A bundled organization or a YAML file.")],
    document: Annotated[str | None, typer.Option(help="One document id (default: all).")] = None,
    at: Annotated[
        str | None,
        typer.Option(help="Date, YYYY-MM-DD: the state on that day (default: all records)."),
    ] = None,
    format: FormatOpt = Format.table,
) -> None:
    """Documents by member: ratified (with the day), not ratified as of a date, or not recorded."""
    from pivotal.organizations import load_organization, parse_day
    from pivotal.organizations.documents import ratification_report

    org = load_organization(organization)
    day = parse_day(at, "--at") if at is not None else None
    if document is not None:
        org.document(document.strip())  # an unknown or empty id: the error lists the valid ones
    report = ratification_report(org, day, None if document is None else document.strip())
    if format is Format.json:
        typer.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    if format is not Format.table:
        import pandas as pd

        rows = [
            {"document": d["id"], **{k: v for k, v in m.items() if k != "sources"}}
            | {"sources": " ".join(m["sources"])}
            for d in report["documents"]
            for m in d["members"]
        ]
        _emit_frame(pd.DataFrame(rows).set_index("document"), format)
        return
    as_of = "" if day is None else f" as of {day.isoformat()}"
    for doc in report["documents"]:
        typer.echo(f"{doc['name']} ({doc['id']}); {doc['in_force_text']}")
        for row in doc["members"]:
            if row["state"] == "ratified":
                what = "ratified " + (row["ratified"] or "(date not recorded)")
            elif row["state"] == "not ratified":
                what = f"not ratified{as_of}"
            else:
                what = "no ratification recorded"
            extra = [] if row["status"] in ("verified", "unknown") else [row["status"]]
            if row["note"] and row["state"] == "not ratified":
                extra.append(row["note"])
            typer.echo(f"  {row['member']:<5} {what}" + (f" [{'; '.join(extra)}]" if extra else ""))
        for state in ("ratified", "not ratified", "not recorded"):
            key = state.replace(" ", "_")
            if doc[key]:
                label = f"{state}{as_of}" if state == "not ratified" else state
                why = f" ({doc['not_recorded_text']})" if state == "not recorded" else ""
                typer.echo(f"  {label}: {', '.join(doc[key])}{why}")


@app.command()
@_friendly
def rules() -> None:
    """The rule language, with examples."""
    from pivotal.rules import GRAMMAR_HELP

    typer.echo(GRAMMAR_HELP)


class PositionsFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    yaml = "yaml"


@app.command()
@_friendly
def positions(
    source: Annotated[
        str, typer.Argument(help="Where the positions come from: unga (UN General Assembly).")
    ],
    members: Annotated[str, typer.Option(help="Comma-separated ISO3 ids, e.g. RUS,BLR,KAZ.")],
    year: Annotated[
        int, typer.Option(help="Year the General Assembly session opens (session = year - 1945).")
    ],
    agree_with: Annotated[
        str | None,
        typer.Option(help="Also the share of roll calls on which each member voted as this one."),
    ] = None,
    roll_calls: Annotated[
        str,
        typer.Option(
            help="Roll calls --agree-with counts: years (those dated in YEAR and YEAR+1, as the "
            "published figures count them) or session (the session's own)."
        ),
    ] = "years",
    dimension: Annotated[
        str, typer.Option(help="Dimension id of the positions block that --format yaml writes.")
    ] = "unga",
    value: Annotated[
        str,
        typer.Option(help="What --format yaml states: ideal_point, or agreement (--agree-with)."),
    ] = "ideal_point",
    format: Annotated[
        PositionsFormat,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="Output format: table, json, csv, markdown or yaml (a scenario's positions).",
        ),
    ] = PositionsFormat.table,
) -> None:
    """Members' positions from a sourced proxy, labelled "proxy": UN General Assembly ideal
    points (Bailey, Strezhnev and Voeten), and agreement with one member."""
    from pivotal.datasets import unga_positions

    source = source.strip().lower()
    if source != "unga":
        raise PivotalError(
            "source",
            "one of 'unga'",
            repr(source),
            "Write: pivotal positions unga --members RUS,BLR --year 2011.",
        )
    result = unga_positions(
        # ISO3 ids are upper case; a user may type them in any case.
        _distinct([m.upper() for m in _split(members, "--members")], "--members"),
        year,
        agree_with=agree_with.strip().upper() if agree_with is not None else None,
        roll_calls=roll_calls.strip().lower(),
    )
    if format is PositionsFormat.json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    elif format is PositionsFormat.table:
        typer.echo(result.table())
    elif format is PositionsFormat.yaml:
        typer.echo(result.to_scenario_yaml(dimension=dimension, value=value))
    else:
        _emit_frame(result.to_frame(), Format(format.value))


def _pairs(text: str | None, parameter: str) -> dict[str, str] | None:
    """``A=10,B=40`` as {'A': '10', 'B': '40'} (values stay text: the API reads them exactly)."""
    if text is None:
        return None
    out: dict[str, str] = {}
    for part in _split(text, parameter):
        name, sep, value = part.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name or not value:
            raise PivotalError(
                parameter,
                "comma-separated NAME=VALUE pairs, e.g. A=10,B=40,C=75",
                repr(part),
                "Write each member as NAME=VALUE.",
            )
        if name in out:
            raise PivotalError(
                parameter, "each name once", repr(name), f"Remove the second '{name}='."
            )
        out[name] = value
    return out


def _proposal_option(text: str | None) -> object:
    """``--proposal 30``, ``--proposal nato_partnership`` or ``--proposal nato=40,regime=50``."""
    if text is None:
        return None
    if "=" in text:
        return _pairs(text, "--proposal")
    return text.strip()


@app.command()
@_friendly
def outcome(
    scenario: Annotated[
        str | None,
        typer.Argument(
            help="A bundled scenario (csto-2012) or a scenario file; leave out for the inline "
            "form (--positions ... --status-quo ...)."
        ),
    ] = None,
    positions: Annotated[
        str | None,
        typer.Option(help="Inline: ideal points, e.g. A=10,B=40,C=75 (decimals or fractions)."),
    ] = None,
    salience: Annotated[
        str | None, typer.Option(help="Inline: saliences, e.g. A=50,B=80 (default 1 each).")
    ] = None,
    weights: Annotated[
        str | None,
        typer.Option(help="Inline: votes per member, e.g. A=3,B=1 (rules can use 'votes')."),
    ] = None,
    status_quo: Annotated[
        str | None, typer.Option("--status-quo", help="Inline: the status quo, e.g. 60.")
    ] = None,
    proposal: Annotated[
        str | None,
        typer.Option(
            help="The move whose cost of consent is reported: a point (30), a proposal of the "
            "scenario (nato_partnership) or nato=40,regime=50 (default: the setter's ideal)."
        ),
    ] = None,
    rule: Annotated[
        list[str] | None,
        typer.Option(help="A rule (name, matter id or text); repeat for several."),
    ] = None,
    setter: Annotated[
        str | None, typer.Option(help="The agenda setter (default: the scenario's, or the chair).")
    ] = None,
    organization: Annotated[
        str | None,
        typer.Option(help="Inline: take the members and rules from this organization (--at)."),
    ] = None,
    at: AtOpt = None,
    body: BodyOpt = None,
    matter: MatterOpt = None,
    host: HostOpt = None,
    absent: Annotated[
        str | None,
        typer.Option(help="Comma-separated members who stay away (they support nothing)."),
    ] = None,
    union: UnionOpt = None,
    capability: Annotated[
        str | None,
        typer.Option(
            help="Capability in the bargaining models: a power index (shapley_shubik, banzhaf, "
            "...) or a member attribute (votes)."
        ),
    ] = None,
    member: Annotated[
        str | None, typer.Option(help="Plain-language lines about this member, e.g. BLR.")
    ] = None,
    watch: Annotated[
        str | None,
        typer.Option(help="Also say whether the outcome moves with this member's position (RUS)."),
    ] = None,
    simulate: Annotated[
        int, typer.Option(help="Monte Carlo draws over the uncertain values (0: none).")
    ] = 0,
    strategic: Annotated[
        int,
        typer.Option(
            help="Monte Carlo draws for the Napel-Widgren strategic power index (0: none)."
        ),
    ] = 0,
    seed: Annotated[int, typer.Option(help="Seed of the Monte Carlo draws.")] = 0,
    exact: ExactOpt = False,
    format: FormatOpt = Format.table,
    report: ReportOpt = None,
    chart: ChartOpt = None,
) -> None:
    """What will pass under each rule: core, win set, setter's outcome, bargaining models and
    the cost of consent, from members' positions (a scenario file, or inline)."""
    import dataclasses

    from pivotal.outcomes import analyze_outcomes, load_scenario
    from pivotal.outcomes import scenario as build
    from pivotal.outcomes.strategic import strategic_power
    from pivotal.outcomes.text import narrate_outcomes
    from pivotal.outcomes.uncertainty import simulate as monte_carlo

    _check_extras(report, chart)
    rule = _distinct(rule, "--rule") if rule else rule
    inline = {
        "--positions": positions,
        "--status-quo": status_quo,
        "--salience": salience,
        "--weights": weights,
        "--organization": organization,
        "--at": at,
    }
    if scenario is not None:
        given = [k for k, v in inline.items() if v is not None]
        if given:
            raise PivotalError(
                given[0],
                "inline options only without a scenario",
                f"a scenario ({scenario}) and {', '.join(given)}",
                "Drop the scenario to describe the body inline, or drop the inline options.",
            )
        loaded = load_scenario(scenario)
        changes: dict[str, Any] = {}
        if setter is not None:
            setter = _pick(
                setter.strip(),
                list(loaded.positions),
                "--setter",
                "a member or actor with a position",
            )
            changes.update(
                setter=setter, setter_basis="named on the command line", setter_status="verified"
            )
        if absent is not None:
            changes["absent"] = tuple(
                _picks(absent, list(loaded.positions), "--absent", "members of the scenario")
            )
        for key, value in (("body", body), ("matter", matter), ("host", host)):
            if value is not None:
                changes[key] = value
        if union:
            groups = loaded.groups
            blocs = {}
            for names in _unions(union) or []:
                ids = list(groups[names[0]]) if len(names) == 1 and names[0] in groups else names
                blocs["+".join(names)] = tuple(ids)
            changes["blocs"] = blocs
        chosen = dataclasses.replace(loaded, **changes) if changes else loaded
    else:
        if positions is None and status_quo is None:
            raise PivotalError(
                "scenario",
                "a scenario (e.g. csto-2012), or --positions and --status-quo",
                "neither",
                "Run 'pivotal outcome csto-2012', or e.g. 'pivotal outcome --positions "
                "A=10,B=40,C=75 --status-quo 60 --rule majority'.",
            )
        points = _pairs(positions, "--positions")
        if points is None or status_quo is None:
            missing = "--positions" if points is None else "--status-quo"
            raise PivotalError(
                missing,
                "--positions and --status-quo together (the inline form)",
                f"no {missing}",
                "Add it, e.g. --positions A=10,B=40,C=75 --status-quo 60.",
            )
        chosen = build(
            positions=points,
            status_quo=status_quo,
            rules=rule,
            saliences=_pairs(salience, "--salience"),
            weights=_pairs(weights, "--weights"),
            setter=setter,
            organization=(
                _organization(organization, "--organization") if organization is not None else None
            ),
            at=at,
            body=body,
            matter=matter,
            host=host,
            absent=(
                _picks(absent, list(points), "--absent", "members named in --positions")
                if absent is not None
                else ()
            ),
            blocs=_unions(union),
            capability=capability,
        )
    analysis = analyze_outcomes(
        chosen,
        rules=rule if scenario is not None else None,
        proposal=_proposal_option(proposal),
        capability=capability if scenario is not None else None,
        exact=exact,
    )
    known = list(chosen.positions)
    if member is not None:
        member = _pick(member.strip(), known, "--member", "a member of the scenario")
    if watch is not None:
        watch = _pick(watch.strip(), known, "--watch", "a member of the scenario")
    lines = narrate_outcomes(analysis, member, watch) if member or watch else []
    simulation = (
        monte_carlo(chosen, rules=[r.rule for r in analysis.rules], draws=simulate, seed=seed)
        if simulate
        else None
    )
    power_by_rule = {}
    if strategic:
        dim_setter = chosen.setter if chosen.setter in chosen.members else None
        for r in analysis.rules:
            power_by_rule[r.rule] = strategic_power(
                chosen.game(r.rule),
                setter=dim_setter,
                draws=strategic,
                seed=seed,
                absent=chosen.absent,
            )
    if format is Format.json:
        out = analysis.to_dict()
        if simulation is not None:
            out["simulation"] = simulation.to_dict()
        if power_by_rule:
            out["strategic_power"] = {k: v.to_dict() for k, v in power_by_rule.items()}
        typer.echo(json.dumps(out, indent=2, ensure_ascii=False))
    elif format is Format.table:
        typer.echo(analysis.table())
        for line in lines:
            typer.echo(line)
        if simulation is not None:
            typer.echo("")
            typer.echo(simulation.table())
        for rule_name, sp in power_by_rule.items():
            typer.echo("")
            typer.echo(
                f"Strategic power under {rule_name} (Napel-Widgren, {sp.draws:,} draws, seed "
                f"{sp.seed}; share of the outcome's sensitivity, 95% interval):"
            )
            for p in sp.players:
                typer.echo(f"  {p:<6} {sp.share[p]}")
    else:
        frame = analysis.to_frame()
        frame = frame.reset_index().set_index("rule")
        _emit_frame(frame, format)
    _write_outcome_extras(analysis, simulation, report, chart)


def _write_outcome_extras(
    analysis: Any, simulation: Any, report: str | None, chart: str | None
) -> None:
    if report is None and chart is None:
        return
    from pivotal.report import render_report, save
    from pivotal.report.files import write_atomic
    from pivotal.report.outcomes import outcome_chart

    # Render everything before writing anything, so that a failure leaves no file behind.
    page = (
        render_report(analysis, simulation=simulation, command=_command_line()).encode("utf-8")
        if report is not None
        else None
    )
    figure = outcome_chart(analysis) if chart is not None else None
    if chart is not None and figure is not None:
        path = save(figure, chart)
        typer.echo(f"chart written to {path}", err=True)
    if report is not None and page is not None:
        path = write_atomic(report, lambda out: out.write(page), "--report")
        typer.echo(f"report written to {path}", err=True)


@app.command()
@_friendly
def backtest(
    dataset: Annotated[
        str, typer.Argument(help="The data set: deu (DEU I-III, 351 adopted EU outcomes).")
    ],
    model: Annotated[
        list[str] | None,
        typer.Option(
            "--model",
            "-m",
            help="A model to score (repeat, or separate by commas; default: all): compromise, "
            "compromise_shapley, compromise_banzhaf, compromise_distribution, procedural, "
            "procedural_abstain, nash, mean, median, constant50.",
        ),
    ] = None,
    format: FormatOpt = Format.table,
) -> None:
    """Score outcome models against a data set's adopted outcomes: mean absolute error, hit
    rate within 10 points, CRPS of a distribution, also on the issues all models score."""
    from pivotal.outcomes.backtest import backtest as run_backtest

    names = [n.lower() for text in model for n in _split(text, "--model")] if model else None
    result = run_backtest(
        dataset.strip().lower(), _distinct(names, "--model") if names is not None else None
    )
    if format is Format.json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    elif format is Format.table:
        typer.echo(result.table())
    else:
        _emit_frame(result.scores_frame(), format)


@app.command()
@_friendly
def validate(
    file: Annotated[
        str,
        typer.Argument(help="An organization or scenario file (.yaml), or a bundled name."),
    ],
    format: Annotated[
        Format, typer.Option("--format", "-f", help="Output format: table (default) or json.")
    ] = Format.table,
) -> None:
    """Check an organization or scenario file and list every problem, each at
    file:line:column (exit 2). The kind is told by the keys: a scenario has dimensions:."""
    from pivotal.organizations import bundled
    from pivotal.organizations.loader import validate_file
    from pivotal.outcomes.loader import bundled_scenarios

    target = file
    bare = not file.lower().endswith((".yaml", ".yml"))
    if file.strip().lower() in bundled() and bare:
        from pivotal.organizations import _data_dir

        target = str(_data_dir() / f"{file.strip().lower()}.yaml")
    elif file.strip().lower() in bundled_scenarios() and bare:
        from pivotal.outcomes.loader import _data_dir as _scenario_dir

        target = str(_scenario_dir() / f"{file.strip().lower()}.yaml")
    scenario_text = _scenario_text(target)
    if scenario_text is not None:
        _validate_scenario(file, target, scenario_text, format)
        return
    checked = validate_file(target, label=None if target != file else file)
    org = checked.organization
    summary: dict[str, Any] = {"file": file, "kind": "organization", "valid": not checked.problems}
    if org is not None:
        summary |= {
            "organization": org.id,
            "members": len(org.members),
            "bodies": len(org.bodies),
            "matters": sum(len(b.matters) for b in org.bodies.values()),
            "rules": len(org.rules),
            "documents": len(org.documents),
            "rule_days_checked": checked.rule_days[0],
            "rule_days": checked.rule_days[1],
        }
    ok = ""
    if org is not None:
        days = checked.rule_days
        checked_days = (
            f"{days[0]} days" if days[0] == days[1] else f"{days[0]} of {days[1]} distinct days"
        )
        ok = (
            f"{file}: OK ({org.id}: {summary['members']} members, {summary['bodies']} bodies, "
            f"{summary['matters']} matters, {summary['documents']} documents; rule texts "
            f"compiled on {checked_days})"
        )
    _report_validation(file, summary, checked.problems, ok, format)


def _report_validation(
    file: str, summary: dict[str, Any], problems: list[Any], ok: str, format: Format
) -> None:
    """What ``pivotal validate`` prints for any kind of file: the JSON summary with every
    problem, or each problem at its line and their count on stderr (exit 2), or the ``ok`` line."""
    summary["problems"] = [p.to_dict() for p in problems]
    if format is Format.json:
        typer.echo(json.dumps(summary, indent=2, ensure_ascii=False))
    elif problems:
        for problem in problems:
            typer.echo(problem.message())
        count = len(problems)
        typer.echo(f"{file}: {count} problem{'s' if count > 1 else ''}", err=True)
    elif ok:
        typer.echo(ok)
    if problems:
        raise typer.Exit(code=2)


def _scenario_text(path: str) -> str | None:
    """The text of the file at ``path`` when it is a scenario's; None otherwise (an
    organization file, or one that cannot be read: the organization check says why)."""
    from pathlib import Path

    from pivotal.outcomes.loader import is_scenario_text

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None
    return text if is_scenario_text(text) else None


def _validate_scenario(file: str, target: str, text: str, format: Format) -> None:
    """``pivotal validate`` on a scenario file: every problem, in the organizations' shape."""
    from pathlib import Path

    from pivotal.outcomes.loader import check_scenario_text

    checked = check_scenario_text(text, target, base=Path(target).parent)
    s = checked.scenario
    summary: dict[str, Any] = {"file": file, "kind": "scenario", "valid": not checked.problems}
    if s is not None:
        summary |= {
            "scenario": s.id,
            "members": len(s.members),
            "dimensions": len(s.dimensions),
            "rules": len(s.rules),
            "proposals": len(s.proposals),
        }
    ok = ""
    if s is not None:
        ok = (
            f"{file}: OK (scenario {s.id}: {summary['members']} members, "
            f"{summary['dimensions']} dimension{'s' if len(s.dimensions) > 1 else ''}, "
            f"{summary['rules']} rule{'s' if len(s.rules) > 1 else ''} compiled)"
        )
    _report_validation(file, summary, checked.problems, ok, format)


@app.command()
@_friendly
def schema() -> None:
    """The JSON Schema (draft 2020-12) of organization files, for editors and validators."""
    from pivotal.organizations.schema import json_schema

    typer.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


_LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@app.command()
@_friendly
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on (default: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            help="Server processes (one per core uses every core; each keeps its own cache)."
        ),
    ] = 1,
) -> None:
    """The web app (pages and the JSON API) on http://HOST:PORT; Ctrl-C stops it."""
    if not 0 < port < 65536:
        raise PivotalError("--port", "a port from 1 to 65535", str(port), "Pick a free port.")
    cores = os.cpu_count() or 1
    if not 1 <= workers <= 4 * cores:
        raise PivotalError(
            "--workers",
            f"1 to {4 * cores} server processes (this machine has {cores} cores)",
            str(workers),
            f"Use --workers {cores}, one per core.",
        )
    if host not in _LOCAL_HOSTS:
        typer.echo(
            f"Warning: listening on {host}, not only on this machine: anyone who can reach "
            f"{host}:{port} can use the app and its computing time. Use --host 127.0.0.1 to "
            "keep it local.",
            err=True,
        )
    import uvicorn

    from pivotal.web.app import create_app

    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"pivotal serving on http://{shown}:{port}/ (Ctrl-C stops it)", err=True)
    if workers == 1:
        uvicorn.run(create_app(), host=host, port=port, log_level="warning")
    else:  # several processes import the app by name, each building its own
        uvicorn.run(
            "pivotal.web.app:app", host=host, port=port, workers=workers, log_level="warning"
        )


def main(argv: list[str] | None = None) -> None:
    """Run the command line on ``argv`` (default: ``sys.argv[1:]``). The installed script is
    :func:`pivotal.entry.main`, which answers a plain ``power`` call without loading typer and
    hands everything else here. Exceptions outside a command (in the framework itself) get the
    same last-resort handling as those inside one."""
    args = sys.argv[1:] if argv is None else argv
    try:
        app(args=args)
    except KeyboardInterrupt:
        sys.exit(interrupted())
    except Exception as err:  # the last resort: no bare traceback
        sys.exit(internal_error(err, "-v" in args or "--verbose" in args, args))


if __name__ == "__main__":
    main()
