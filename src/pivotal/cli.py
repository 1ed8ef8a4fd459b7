"""The ``pivotal`` command line: a thin layer over the Python API.

Every command turns a :class:`~pivotal.errors.PivotalError` into one line on stderr and exit code 2,
never a traceback. ``--format`` picks table (default), json, csv or markdown.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any, TypeVar

import pandas as pd
import typer

from pivotal.errors import PivotalError

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
    # A fresh handler per invocation: the app may run many times in one process (tests,
    # notebooks), each time with its own stderr.
    logger = logging.getLogger("pivotal")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("pivotal: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False


def _split(text: str, parameter: str) -> list[str]:
    parts = [p.strip() for p in text.split(",")]
    if any(not p for p in parts):
        raise PivotalError(
            parameter,
            "a comma-separated list without empty items, e.g. 4,4,4,2,2,1",
            repr(text),
            "Remove the doubled or trailing comma.",
        )
    return parts


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
        "--engine", help="Force an engine: enumeration or dp (default: chosen automatically)."
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


@app.command()
@_friendly
def power(
    weights: Annotated[str, typer.Option(help="Comma-separated weights, e.g. 4,4,4,2,2,1.")],
    quota: Annotated[str, typer.Option(help="Weight needed to pass, e.g. 12.")],
    names: Annotated[
        str | None, typer.Option(help="Comma-separated player names (default P1..Pn).")
    ] = None,
    index: IndexOpt = None,
    exact: ExactOpt = False,
    engine: EngineOpt = None,
    format: FormatOpt = Format.table,
) -> None:
    """Power indices of a weighted voting game [quota; weights]."""
    from pivotal.games import WeightedGame
    from pivotal.power import power as compute

    game = WeightedGame(
        _split(weights, "--weights"), quota, names=_split(names, "--names") if names else None
    )
    result = compute(game, indices=index, exact=exact, engine=engine)
    if format is Format.json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    elif format is Format.table:
        typer.echo(
            f"Weighted game [{game.quota}; {', '.join(map(str, game.weights))}]"
            + (f" (weights and quota scaled by {game.scale})" if game.scale != 1 else "")
        )
        typer.echo(result.table())
    else:
        _emit_frame(result.to_frame(), format)


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
    index: IndexOpt = None,
    exact: ExactOpt = False,
    engine: EngineOpt = None,
    format: FormatOpt = Format.table,
) -> None:
    """Every index of every member at a date, under each rule side by side."""
    from pivotal.compare import analyze as run

    analysis = run(organization, at=at, rules=rule, indices=index, exact=exact, engine=engine)
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


@app.command()
@_friendly
def rules() -> None:
    """The rule language, with examples."""
    from pivotal.rules import GRAMMAR_HELP

    typer.echo(GRAMMAR_HELP)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
