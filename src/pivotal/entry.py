"""The console entry point: a plain ``pivotal power`` call without loading typer.

:func:`main` answers a call that :func:`pivotal.cli_quick.quick_options` accepts through
:func:`pivotal.cli_quick.run_power` (the body the typer command runs too) and hands every other
call to the full command line, :mod:`pivotal.cli`. It sits above both, so neither imports the
other's caller.
"""

from __future__ import annotations

import sys

from pivotal.cli_quick import configure_logging, quick_options, run_power, split_list
from pivotal.errors import PivotalError

__all__ = ["main"]


def main() -> None:
    """Console-script entry point: the quick path for a plain ``power`` call, else the full CLI."""
    options = quick_options(sys.argv[1:])
    if options is None:
        from pivotal.cli import app

        app()
        return
    configure_logging(verbose=False)
    try:
        _, _, text = run_power(
            split_list(options["weights"], "--weights"),
            options["quota"],
            split_list(options["names"], "--names") if options.get("names") else None,
            index=options.get("index"),
            exact=bool(options.get("exact", False)),
            engine=options.get("engine"),
            fmt=options.get("format", "table"),
        )
    except PivotalError as err:
        print(f"error: {err}", file=sys.stderr)
        sys.exit(err.exit_code)
    print(text)
