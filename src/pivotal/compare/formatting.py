"""How exact values read in tables and reports: ``1/7``, ``1/7 (0.142857)``, ``-11/16``.

Every decimal that the compare stage and the reports print goes through :func:`decimal`: six
places while a value is at least 1e-4, two significant digits in scientific notation below (NATO's
power to act, 1/2^32, reads ``2.3e-10``, not ``0.000000``); the exact fraction stays available.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

from pivotal.errors import PivotalError

__all__ = [
    "coalitions",
    "computed_index",
    "decimal",
    "fmt",
    "fmt_both",
    "fmt_signed",
    "headline_index",
]

#: Below this magnitude six fixed places would print zeros: scientific notation instead.
SMALL = 1e-4


def decimal(value: float | Fraction | int, signed: bool = False) -> str:
    """A value as a decimal: ``f"{x:.6f}"`` when ``|x| >= 1e-4`` or ``x == 0``, else two
    significant digits, ``f"{x:.1e}"``; ``signed`` puts ``+`` before positive values.

    >>> decimal(Fraction(1, 7)), decimal(Fraction(1, 2**32)), decimal(0), decimal(-1e-5, True)
    ('0.142857', '2.3e-10', '0.000000', '-1.0e-05')
    >>> decimal(Fraction(1, 10**4)), decimal(Fraction(1, 42), signed=True)
    ('0.000100', '+0.023810')
    """
    x = float(value)
    sign = "+" if signed else ""
    if x == 0 or abs(x) >= SMALL:
        return f"{x:{sign}.6f}"
    return f"{x:{sign}.1e}"


#: Counts from this size on are shown rounded when values are not asked for exactly: a table of
#: 58-digit swing counts (the IMF's 191 members) cannot be read, and JSON keeps every digit.
BIG_COUNT = 10**15


def fmt(value: int | Fraction | None, exact: bool = True) -> str:
    """``1/7`` when exact, ``0.142857`` otherwise (see :func:`decimal`); counts stay integers,
    rounded to four digits from :data:`BIG_COUNT` on when not exact; None reads ``-``.

    >>> fmt(Fraction(1, 7)), fmt(Fraction(1, 7), exact=False), fmt(12), fmt(None)
    ('1/7', '0.142857', '12', '-')
    >>> fmt(Fraction(1, 2**32), exact=False)
    '2.3e-10'
    >>> fmt(2**191, exact=False), fmt(2**191)[:12]
    ('3.139e+57', '313855086769')
    """
    if value is None:
        return "-"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value) if exact or abs(value) < BIG_COUNT else f"{value:.3e}"
    return str(value) if exact else decimal(value)


def coalitions(winning: int, players: int, exact: bool = True) -> str:
    """``winning of total coalitions``, the total as a power of two once it has many digits.

    >>> coalitions(1, 32), coalitions(2**190, 191, exact=False)
    ('1 of 4294967296 coalitions', '1.569e+57 of 2^191 coalitions')
    """
    total = str(2**players) if 2**players < BIG_COUNT else f"2^{players}"
    return f"{fmt(winning, exact)} of {total} coalitions"


def fmt_both(value: int | Fraction | None) -> str:
    """The exact value with its decimal: ``1/7 (0.142857)``; integers and whole numbers alone.

    >>> fmt_both(Fraction(5, 16)), fmt_both(Fraction(1)), fmt_both(20)
    ('5/16 (0.312500)', '1', '20')
    >>> fmt_both(Fraction(1, 2**32))
    '1/4294967296 (2.3e-10)'
    """
    if value is None:
        return "-"
    if isinstance(value, int) or value.denominator == 1:
        return str(value)
    return f"{value} ({decimal(value)})"


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
            return decimal(value, signed=True)
        text = f"{sign}{value}"
        return f"{text} ({decimal(value, signed=True)})" if decimals else text
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
    """The index a table or chart leads with: Shapley-Shubik when computed, else normalized
    Banzhaf (both shares that sum to one), else the first.

    >>> headline_index(["raw_banzhaf", "banzhaf"]), headline_index(["penrose"])
    ('banzhaf', 'penrose')
    """
    for key in ("shapley_shubik", "banzhaf"):
        if key in keys:
            return key
    return keys[0]
