"""The ``pivotal`` command line: a thin layer over the Python API.

Every command turns a :class:`~pivotal.errors.PivotalError` into one line on stderr and exit code 2,
never a traceback. ``--format`` picks table (default), json, csv or markdown.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from pivotal.cli_quick import configure_logging, run_power, split_list
from pivotal.errors import PivotalError

if TYPE_CHECKING:
    import pandas as pd

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="pivotal",
    help="Who can block, who is pivotal, and how often a body can act: voting power, exactly.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def _friendly(func: F) -> F:
    """Report user errors as one line and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PivotalError as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(code=err.exit_code) from None

    return wrapper  # type: ignore[return-value]


@app.callback()
def _main(
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log which engine ran and why (on stderr).")
    ] = False,
) -> None:
    configure_logging(verbose)


_split = split_list


def _markdown(frame: pd.DataFrame) -> str:
    cols = [str(frame.index.name or "")] + [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for idx, row in frame.iterrows():
        lines.append("| " + " | ".join([str(idx)] + [str(v) for v in row]) + " |")
    return "\n".join(lines)


def _emit_frame(frame: pd.DataFrame, fmt: Format) -> None:
    if fmt is Format.csv:
        typer.echo(frame.to_csv().rstrip("\n"))
    else:
        typer.echo(_markdown(frame))


IndexOpt = Annotated[
    str | None,
    typer.Option(
        "--index",
        "-i",
        help="Comma-separated indices (default: all): raw_banzhaf, banzhaf, penrose, "
        "shapley_shubik, coleman_prevent, coleman_initiate, johnston, deegan_packel, holler.",
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
    ),
]
BudgetOpt = Annotated[
    float | None,
    typer.Option(
        help="Seconds an exact computation may take (default 60); a run estimated over it is "
        "refused before it starts, with the estimate."
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
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
        _list_arg(names, "--names") if names else None,
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
    _emit_frame(result.to_frame(), format)
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

    analysis = run(
        organization,
        at=at,
        rules=rule,
        indices=index,
        exact=exact,
        engine=engine,
        body=body,
        matter=matter,
        host=host,
        participants=_split(participants, "--participants") if participants else None,
        unions=_unions(union),
        samples=samples,
        precision=precision,
        seed=seed,
        budget=budget,
    )
    if format is Format.json:
        typer.echo(json.dumps(analysis.to_dict(), indent=2, ensure_ascii=False))
    elif format is Format.table:
        typer.echo(analysis.table())
    else:
        frame = analysis.to_frame()
        frame.columns = [f"{r}:{k}" for r, k in frame.columns]
        _emit_frame(frame, format)


@app.command()
@_friendly
def demo(
    member: Annotated[
        str, typer.Option(help="The member the plain-language lines are about.")
    ] = "BLR",
) -> None:
    """The CSTO on 2012-05-15: consensus against the proposed simple majority."""
    from pivotal.compare import analyze as run
    from pivotal.compare.narrative import narrate

    analysis = run("csto", at="2012-05-15", rules=["consensus", "majority"], exact=True)
    lines = narrate(analysis, member)  # before printing anything: an unknown member fails cleanly
    typer.echo(
        "Question (CSTO, 2012): the Collective Security Council decides by consensus; a reform to\n"
        "simple majority was proposed. What would it do to each member, and to the organization?\n"
    )
    typer.echo(analysis.table())
    typer.echo("")
    for line in lines:
        typer.echo(line)
    _demo_outcomes(member)


def _demo_outcomes(member: str) -> None:
    """The demo's second half: what will pass, from the bundled CSTO 2012 scenario."""
    from pivotal.outcomes import analyze_outcomes, load_scenario
    from pivotal.outcomes.text import narrate_outcomes

    scenario = load_scenario("csto-2012")
    outcomes = analyze_outcomes(scenario, exact=False)
    typer.echo("")
    typer.echo(
        "What will pass? Positions on two dimensions (scenario csto-2012): partnership with NATO\n"
        "(proxy: UN General Assembly votes, 2011-12) and protection of members' regimes (proxy:\n"
        "Freedom House ratings, 2012), on 0-100 scales; Kazakhstan, the chair, sets the agenda;\n"
        "saliences are illustrative. The cost of consent is in salience-weighted points.\n"
    )
    for line in narrate_outcomes(outcomes, member=member, watch="RUS"):
        typer.echo(line)
    typer.echo(
        "\nFull tables, the plane, Monte Carlo and a report: pivotal outcome csto-2012 "
        "[--simulate 10000] [--report csto-2012.html]."
    )


def _check_extras(report: str | None, chart: str | None) -> None:
    """Refuse a bad --report / --chart path before anything is computed or printed."""
    from pivotal.report.charts import FORMATS
    from pivotal.report.files import check_folder, check_suffix
    from pivotal.report.html import SUFFIXES

    if chart:
        check_suffix(chart, FORMATS, "chart")
        check_folder(chart)
    if report:
        check_suffix(report, SUFFIXES, "report")
        check_folder(report)


def _write_extras(obj: Any, report: str | None, chart: str | None, index: str | None) -> None:
    from pivotal.power import resolve_indices
    from pivotal.report import render_report, save
    from pivotal.report.files import write_atomic

    headline = resolve_indices(index)[0] if index else None
    # Render the report before writing anything, so that a failure leaves no chart behind.
    page = render_report(obj, index=headline).encode("utf-8") if report else None
    if chart:
        path = save(obj.chart(headline), chart)
        typer.echo(f"chart written to {path}", err=True)
    if report and page is not None:
        path = write_atomic(report, lambda out: out.write(page))
        typer.echo(f"report written to {path}", err=True)


@app.command()
@_friendly
def compare(
    organization: Annotated[str, typer.Argument(help="A bundled organization or a YAML file.")],
    rule: Annotated[
        list[str],
        typer.Option(help="Exactly two rules (names or text): the current one, then the other."),
    ],
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
    result = run(
        organization,
        rules=rule,
        at=at,
        body=body,
        matter=matter,
        indices=index,
        exact=exact,
        engine=engine,
        host=host,
        participants=_split(participants, "--participants") if participants else None,
        unions=_unions(union),
    )
    if format is Format.json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    elif format is Format.table:
        typer.echo(result.table())
    else:
        frame = result.to_frame()
        frame.columns = [
            ":".join(map(str, c)) if isinstance(c, tuple) else c for c in frame.columns
        ]
        _emit_frame(frame, format)
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
        organization,
        rules=rule,
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
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    elif format is Format.table:
        typer.echo(result.table(index=resolve_indices(index)[0] if index else None))
    else:
        _emit_frame(result.to_frame().set_index("date"), format)
    _write_extras(result, report, chart, index)


@app.command()
@_friendly
def orgs() -> None:
    """The bundled organizations."""
    from pivotal.organizations import bundled, load_organization

    for name in bundled():
        org = load_organization(name)
        typer.echo(f"{name:<22} {org.name}")


@app.command()
@_friendly
def show(
    organization: Annotated[str, typer.Argument(help="A bundled organization or a YAML file.")],
    at: AtOpt = None,
) -> None:
    """Members, bodies, rules and chair in force at a date."""
    from pivotal.organizations import load_organization

    org = load_organization(organization)
    snap = org.snapshot(at)
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
        typer.Option("--format", "-f", help="Output format (yaml: a scenario's positions)."),
    ] = PositionsFormat.table,
) -> None:
    """Members' positions from a sourced proxy, labelled "proxy": UN General Assembly ideal
    points (Bailey, Strezhnev and Voeten), and agreement with one member."""
    from pivotal.datasets import unga_positions

    if source != "unga":
        raise PivotalError(
            "source",
            "one of 'unga'",
            repr(source),
            "Write: pivotal positions unga --members RUS,BLR --year 2011.",
        )
    result = unga_positions(
        _split(members, "--members"), year, agree_with=agree_with, roll_calls=roll_calls
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
            if setter not in loaded.positions:
                raise PivotalError(
                    "--setter",
                    "a member or actor with a position: " + ", ".join(loaded.positions),
                    repr(setter),
                    "Name a member of the scenario.",
                )
            changes.update(
                setter=setter, setter_basis="named on the command line", setter_status="verified"
            )
        if absent is not None:
            changes["absent"] = tuple(_split(absent, "--absent"))
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
            organization=organization,
            at=at,
            body=body,
            matter=matter,
            host=host,
            absent=_split(absent, "--absent") if absent else (),
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
    for option, value in (("--member", member), ("--watch", watch)):
        if value is not None and value not in chosen.positions:
            raise PivotalError(
                option,
                "a member of the scenario: " + ", ".join(chosen.members),
                repr(value),
                f"Name a member, e.g. {option} BLR.",
            )
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
    if not report and not chart:
        return
    from pivotal.report import render_report, save
    from pivotal.report.files import write_atomic
    from pivotal.report.outcomes import outcome_chart

    # Render everything before writing anything, so that a failure leaves no file behind.
    page = render_report(analysis, simulation=simulation).encode("utf-8") if report else None
    figure = outcome_chart(analysis) if chart else None
    if chart and figure is not None:
        path = save(figure, chart)
        typer.echo(f"chart written to {path}", err=True)
    if report and page is not None:
        path = write_atomic(report, lambda out: out.write(page))
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

    names = [n for text in model for n in _split(text, "--model")] if model else None
    result = run_backtest(dataset, names)
    if format is Format.json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    elif format is Format.table:
        typer.echo(result.table())
    else:
        _emit_frame(result.scores_frame(), format)


@app.command()
@_friendly
def validate(
    file: Annotated[str, typer.Argument(help="An organization file (.yaml), or a bundled name.")],
    format: Annotated[
        Format, typer.Option("--format", "-f", help="Output format: table (default) or json.")
    ] = Format.table,
) -> None:
    """Check an organization file and list every problem, each at file:line:column (exit 2)."""
    from pivotal.organizations import bundled
    from pivotal.organizations.loader import validate_file

    target = file
    if file.strip().lower() in bundled() and not file.lower().endswith((".yaml", ".yml")):
        from pivotal.organizations import _data_dir

        target = str(_data_dir() / f"{file.strip().lower()}.yaml")
    checked = validate_file(target, label=None if target != file else file)
    org = checked.organization
    summary: dict[str, Any] = {"file": file, "valid": not checked.problems}
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
    summary["problems"] = [p.to_dict() for p in checked.problems]
    if format is Format.json:
        typer.echo(json.dumps(summary, indent=2, ensure_ascii=False))
    elif checked.problems:
        for problem in checked.problems:
            typer.echo(problem.message())
        count = len(checked.problems)
        typer.echo(f"{file}: {count} problem{'s' if count > 1 else ''}", err=True)
    else:
        assert org is not None  # no problems: the organization was built
        days = checked.rule_days
        checked_days = (
            f"{days[0]} days" if days[0] == days[1] else f"{days[0]} of {days[1]} distinct days"
        )
        typer.echo(
            f"{file}: OK ({org.id}: {summary['members']} members, {summary['bodies']} bodies, "
            f"{summary['matters']} matters, {summary['documents']} documents; rule texts "
            f"compiled on {checked_days})"
        )
    if checked.problems:
        raise typer.Exit(code=2)


@app.command()
@_friendly
def schema() -> None:
    """The JSON Schema (draft 2020-12) of organization files, for editors and validators."""
    from pivotal.organizations.schema import json_schema

    typer.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


def main() -> None:
    """Console-script entry point (the installed script is :func:`pivotal.entry.main`, which
    answers a plain ``power`` call without loading typer and hands everything else to ``app``)."""
    app()


if __name__ == "__main__":
    main()
