"""The console entry point: a plain ``pivotal power`` call without loading typer.

:func:`main` answers a call that :func:`pivotal.cli_quick.quick_options` accepts through
:func:`pivotal.cli_quick.run_power` (the body the typer command runs too) and hands every other
call to the full command line, :mod:`pivotal.cli`. It sits above both, so neither imports the
other's caller. Whatever happens, the user sees no bare traceback: a user error is one line
(exit 2), Ctrl-C one line (exit 130), anything else ``internal error`` with how to report it
(exit 70), its traceback only under ``-v``.
"""

from __future__ import annotations

import sys

from pivotal.cli_quick import (
    configure_logging,
    internal_error,
    interrupted,
    quick_options,
    run_power,
    split_list,
    user_error,
)
from pivotal.errors import PivotalError

__all__ = ["main"]


def main() -> None:
    """Console-script entry point: the quick path for a plain ``power`` call, else the full CLI."""
    argv = sys.argv[1:]
    try:
        code = _run(argv)
    except PivotalError as err:
        code = user_error(err)
    except KeyboardInterrupt:
        code = interrupted()
    except Exception as err:  # the last resort: no traceback reaches the user
        code = internal_error(err, verbose="-v" in argv or "--verbose" in argv, argv=argv)
    if code:
        sys.exit(code)


def _run(argv: list[str]) -> int:
    options = quick_options(argv)
    if options is None:
        from pivotal.cli import main as full

        full(argv)
        return 0
    configure_logging(verbose=False)
    _, _, text = run_power(
        split_list(options["weights"], "--weights"),
        options["quota"],
        split_list(options["names"], "--names") if "names" in options else None,
        index=options.get("index"),
        exact=bool(options.get("exact", False)),
        engine=options.get("engine"),
        fmt=options.get("format", "table"),
    )
    print(text)
    return 0
