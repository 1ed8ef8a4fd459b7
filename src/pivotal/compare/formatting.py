"""How exact values read in tables and reports: ``1/7``, ``1/7 (0.142857)``, ``-11/16``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

from pivotal.errors import PivotalError

__all__ = ["computed_index", "fmt", "fmt_both", "fmt_signed", "headline_index"]


def fmt(value: int | Fraction | None, exact: bool = True) -> str:
    """``1/7`` when exact, ``0.142857`` otherwise; counts stay integers; None reads ``-``.

    >>> fmt(Fraction(1, 7)), fmt(Fraction(1, 7), exact=False), fmt(12), fmt(None)
    ('1/7', '0.142857', '12', '-')
    """
    if value is None:
        return "-"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return str(value) if exact else f"{float(value):.6f}"


def fmt_both(value: int | Fraction | None) -> str:
    """The exact value with its decimal: ``1/7 (0.142857)``; integers and whole numbers alone.

    >>> fmt_both(Fraction(5, 16)), fmt_both(Fraction(1)), fmt_both(20)
    ('5/16 (0.312500)', '1', '20')
    """
    if value is None:
        return "-"
    if isinstance(value, int) or value.denominator == 1:
        return str(value)
    return f"{value} ({float(value):.6f})"


def fmt_signed(value: int | Fraction | None, exact: bool = True, decimals: bool = False) -> str:
    """A difference with its sign: ``+1/42``, ``-11/16``, ``0``.

    >>> fmt_signed(Fraction(-11, 16)), fmt_signed(Fraction(1, 42), decimals=True), fmt_signed(0)
    ('-11/16', '+1/42 (+0.023810)', '0')
    """
    if value is None:
        return "-"
    if value == 0:
        return "0"
    sign = "+" if value > 0 else ""
    if isinstance(value, Fraction) and value.denominator != 1:
        if not exact:
            return f"{float(value):+.6f}"
        text = f"{sign}{value}"
        return f"{text} ({float(value):+.6f})" if decimals else text
    return f"{sign}{value}"


def computed_index(index: str, computed: Iterable[str], producer: str) -> str:
    """The key of ``index`` (any spelling :func:`~pivotal.power.resolve_indices` knows) when it is
    among the ``computed`` ones; otherwise a :class:`PivotalError` listing them."""
    from pivotal.power import resolve_indices

    keys = list(computed)
    key = resolve_indices([index])[0]
    if key not in keys:
        raise PivotalError(
            "index",
            "one of " + ", ".join(keys),
            index,
            f"Ask {producer}() for that index, or pick one that was computed.",
        )
    return key


def headline_index(keys: Sequence[str]) -> str:
    """The index a table or chart leads with: Shapley-Shubik when computed, else the first."""
    return "shapley_shubik" if "shapley_shubik" in keys else keys[0]
