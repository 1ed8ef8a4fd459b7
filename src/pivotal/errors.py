"""One error shape for every bad input: what was wrong, where, what was received, how to fix it.

Every user-facing error in pivotal is a :class:`PivotalError`. The CLI turns it into a short message
and exit code 2, never a traceback. Messages follow one shape (after scikit-learn's parameter
validation): the parameter (or place in a file / rule text), what is allowed, what was received,
and what would fix it.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["EngineUnavailableError", "PivotalError", "invalid", "one_of"]


class PivotalError(ValueError):
    """A problem with the user's input that the user can fix.

    Attributes
    ----------
    parameter : str
        The argument, file location or rule position at fault.
    allowed : str
        What would have been accepted.
    received : str
        What was received (already shortened for display).
    fix : str
        One sentence that says how to fix it.
    """

    exit_code = 2
    #: Received values are cut to this length: a user's input can be a megabyte of weights.
    received_limit = 120

    def __init__(self, parameter: str, allowed: str, received: object, fix: str) -> None:
        self.parameter = parameter
        self.allowed = allowed
        self.received = _shorten(received, self.received_limit)
        self.fix = fix
        super().__init__(self._message())

    def _message(self) -> str:
        return f"{self.parameter}: expected {self.allowed}; received {self.received}. {self.fix}"


class EngineUnavailableError(PivotalError):
    """The requested engine cannot compute what was asked for on this game."""

    # The received part carries every engine's reason; those are ours, short, and all needed.
    received_limit = 2000


def _shorten(value: object, limit: int = 120) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def invalid(parameter: str, allowed: str, received: object, fix: str) -> PivotalError:
    """Build a :class:`PivotalError` (to be raised by the caller)."""
    return PivotalError(parameter, allowed, received, fix)


def one_of(options: Iterable[str]) -> str:
    """Render a list of valid options for an error message: ``one of 'a', 'b', 'c'``."""
    opts = [f"'{o}'" for o in options]
    return "one of " + ", ".join(opts)
