"""Errors that point at a spot in the rule text: ``rule, column 14`` and a caret under the spot."""

from __future__ import annotations

from pivotal.errors import PivotalError

__all__ = ["RuleError", "line_and_column", "rule_error"]

# PivotalError shortens ``received`` to 120 characters; the quoted excerpt and the caret line
# together must stay under that, or the caret would be cut off.
_WINDOW = 50


class RuleError(PivotalError):
    """A :class:`~pivotal.errors.PivotalError` about a spot in a rule's text.

    ``received`` holds the rule (or the part of a long rule around the spot) in quotes with a
    caret line under the spot. The message puts that block on lines of its own so that the caret
    stays under the right character when the message is printed.
    """

    def _message(self) -> str:
        block = "\n".join("  " + line for line in self.received.split("\n"))
        return f"{self.parameter}: expected {self.allowed}; received\n{block}\n{self.fix}"


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a 0-based offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _excerpt(text: str, offset: int) -> str:
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    if line_end == -1:
        line_end = len(text)
    # Tabs and carriage returns would shift the caret; show them as single spaces.
    snippet = text[line_start:line_end].replace("\t", " ").replace("\r", " ")
    caret = offset - line_start
    if len(snippet) > _WINDOW:
        lo = max(0, min(caret - _WINDOW // 2, len(snippet) - _WINDOW))
        hi = lo + _WINDOW
        prefix = "..." if lo > 0 else ""
        suffix = "..." if hi < len(snippet) else ""
        caret = caret - lo + len(prefix)
        snippet = prefix + snippet[lo:hi] + suffix
    return f"'{snippet}'\n" + " " * (caret + 1) + "^"


def rule_error(text: str, offset: int, allowed: str, fix: str) -> RuleError:
    """A :class:`RuleError` pointing at ``offset`` in ``text`` (to be raised by the caller)."""
    offset = max(0, min(offset, len(text)))
    line, column = line_and_column(text, offset)
    where = f"rule, column {column}" if "\n" not in text else f"rule, line {line}, column {column}"
    return RuleError(where, allowed, _excerpt(text, offset), fix)
