"""The ``power`` command's body, shared by the quick entry point and the typer command.

``pivotal power --weights 4,4,4,2,2,1 --quota 12`` should answer faster than the command-line
framework loads (typer and pydantic take about 0.13 s of CPU here, the game about 1 ms). So the
console script (:func:`pivotal.entry.main`) first tries :func:`quick_options`: a plain ``power``
call, only with the options ``--weights``, ``--quota``, ``--names``, ``--index``/``-i``,
``--exact``, ``--engine`` and ``--format``/``-f`` (table or json), each once with a plain value,
is run directly by :func:`run_power`; anything else (help, another command, another option or
form, a file argument) goes to the full :mod:`pivotal.cli`, whose typer command ``power`` runs
the same :func:`run_power`. ``tests/test_startup.py`` runs a corpus of calls both ways and
requires the same output and exit code, so the two parsers cannot drift apart.

>>> quick_options(["power", "--weights", "4,4,2", "--quota", "6", "-f", "json"])
{'weights': '4,4,2', 'quota': '6', 'format': 'json'}
>>> quick_options(["power", "--weights", "4,4,2", "--quota", "6", "--union", "A+B"]) is None
True
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from pivotal.errors import PivotalError

__all__ = [
    "INTERNAL_ERROR",
    "INTERRUPTED",
    "configure_logging",
    "internal_error",
    "interrupted",
    "quick_options",
    "run_power",
    "split_list",
    "user_error",
]

#: Exit code of an internal error: EX_SOFTWARE of BSD's sysexits.h [1]_, distinct from the 2 of
#: a user error, so scripts can tell a bug in pivotal from a mistake in their input.
INTERNAL_ERROR = 70
#: Exit code after Ctrl-C: 128 + SIGINT (2), as shells report a command killed by a signal [2]_.
INTERRUPTED = 130

#: Options the quick path takes, by spelling, and the parameter each sets.
_VALUED = {
    "--weights": "weights",
    "--quota": "quota",
    "--names": "names",
    "--index": "index",
    "-i": "index",
    "--engine": "engine",
    "--format": "format",
    "-f": "format",
}
_FLAGS = {"--exact": "exact"}
_QUICK_FORMATS = ("table", "json")


def quick_options(argv: list[str]) -> dict[str, Any] | None:
    """The options of a plain ``power`` call, or None when the full CLI must parse ``argv``."""
    if not argv or argv[0] != "power":
        return None
    options: dict[str, Any] = {}
    rest = argv[1:]
    k = 0
    while k < len(rest):
        word = rest[k]
        if word in _FLAGS:
            key, value, k = _FLAGS[word], True, k + 1
        elif word in _VALUED and k + 1 < len(rest):
            key, value, k = _VALUED[word], rest[k + 1], k + 2
            if value.startswith(("-", "@")):
                return None  # an option or a number below 0, or a file: the full parser decides
        else:
            return None
        if key in options:
            return None
        options[key] = value
    if "weights" not in options or "quota" not in options:
        return None
    # Choices are case-insensitive on both paths (--format JSON, --engine DP).
    for key in ("format", "engine"):
        if key in options:
            options[key] = options[key].lower()
    if options.get("format", "table") not in _QUICK_FORMATS:
        return None
    return options


def split_list(text: str, parameter: str) -> list[str]:
    """A comma-separated option's items; an empty item is an error."""
    if not text.strip():
        raise PivotalError(
            parameter,
            "a comma-separated list of one item or more",
            repr(text),
            "Give the items, or leave the option out.",
        )
    parts = [p.strip() for p in text.split(",")]
    if any(not p for p in parts):
        raise PivotalError(
            parameter,
            "a comma-separated list without empty items, e.g. 4,4,4,2,2,1",
            repr(text),
            "Remove the doubled or trailing comma.",
        )
    return parts


def user_error(err: PivotalError) -> int:
    """Print a user error as one line on stderr; return its exit code."""
    print(f"error: {err}", file=sys.stderr)
    return err.exit_code


def interrupted() -> int:
    """Print one line for Ctrl-C; return :data:`INTERRUPTED`."""
    print("error: interrupted (Ctrl-C); no file was written.", file=sys.stderr)
    return INTERRUPTED


def internal_error(err: BaseException, verbose: bool, argv: list[str] | None = None) -> int:
    """Print an unexpected exception as ``internal error: ...`` and how to report it (the
    traceback only when ``verbose``); return :data:`INTERNAL_ERROR`.

    >>> import contextlib, io
    >>> with contextlib.redirect_stderr(io.StringIO()) as err:
    ...     code = internal_error(ZeroDivisionError("division by zero"), False, ["power"])
    >>> code, err.getvalue().splitlines()[0]
    (70, 'internal error: ZeroDivisionError: division by zero')
    """
    import shlex

    from pivotal import __version__

    if verbose:
        import traceback

        traceback.print_exception(err, file=sys.stderr)
    lines = str(err).strip().splitlines()
    detail = type(err).__name__ + (f": {lines[0]}" if lines else "")
    if len(detail) > 200:
        detail = detail[:197] + "..."
    command = "pivotal " + " ".join(shlex.quote(a) for a in argv) if argv else "the command"
    if len(command) > 300:
        command = command[:297] + "..."
    hint = "" if verbose else "; rerun it with -v to see the traceback"
    print(
        f"internal error: {detail}\n"
        f"This is a bug in pivotal {__version__}, not a problem with your input. Please report "
        f"it with {command}, the output of 'pivotal --version' and the traceback{hint}.",
        file=sys.stderr,
    )
    return INTERNAL_ERROR


def configure_logging(verbose: bool) -> None:
    """Log lines on stderr as ``pivotal: ...``: warnings always, which engine ran with -v."""
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


def run_power(
    items: list[str],
    quota: str,
    names: list[str] | None,
    *,
    index: str | None = None,
    exact: bool = False,
    engine: str | None = None,
    fmt: str = "table",
    unions: list[list[str]] | None = None,
    samples: int | None = None,
    precision: float | None = None,
    seed: int | None = None,
    budget: float | None = None,
) -> tuple[Any, Any, str | None]:
    """Compute ``pivotal power``: returns the game, the result, and its text for the table and
    json formats (None for the others, which the full CLI draws with pandas)."""
    from pivotal.games import WeightedGame
    from pivotal.power import power as compute

    engine = engine.strip().lower() if engine is not None else None

    if engine not in ("montecarlo", "float"):
        from pivotal.power import EXACT_MAX_PLAYERS

        if len(items) > EXACT_MAX_PLAYERS:
            # Refused before the weights are read: exact engines cannot count such games.
            raise PivotalError(
                "weights",
                f"at most {EXACT_MAX_PLAYERS} players for exact values",
                f"{len(items)} players",
                "Add --engine montecarlo (with --precision or --samples) for estimates.",
            )
    game = WeightedGame(items, quota, names=names)
    result = compute(
        game,
        indices=index,
        exact=exact,
        engine=engine,
        unions=unions,
        samples=samples,
        precision=precision,
        seed=seed,
        budget=budget,
    )
    if fmt == "json":
        return game, result, result.to_json()
    if fmt == "table":
        shown = ", ".join(map(str, game.weights[:20])) + (", ..." if game.n > 20 else "")
        if result.exact is False and hasattr(result, "method"):
            head = f"Weighted game [{game.quota}; {shown}] ({game.n} players)"
        else:
            head = f"Weighted game [{game.quota}; {', '.join(map(str, game.weights))}]" + (
                f" (weights and quota scaled by {game.scale})" if game.scale != 1 else ""
            )
        return game, result, head + "\n" + result.table()
    return game, result, None
