"""Helpers shared by the rule-language tests: member names, all coalitions, winning tables."""

from __future__ import annotations

from collections.abc import Callable

from pivotal.games import SimpleGame


def names(n: int) -> list[str]:
    return [f"M{i}" for i in range(n)]


def coalitions(n: int) -> list[frozenset[int]]:
    return [frozenset(i for i in range(n) if mask >> i & 1) for mask in range(1 << n)]


def table(game: SimpleGame) -> list[bool]:
    return [bool(x) for x in game.winning_table()]


def expected_table(n: int, wins: Callable[[frozenset[int]], bool]) -> list[bool]:
    return [wins(c) for c in coalitions(n)]
