"""The indices pivotal reports, by key: the statistics each needs and what it means in words."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pivotal.engines.base import GameStatistics, Need
from pivotal.errors import PivotalError
from pivotal.power import indices as ix

__all__ = ["ALIASES", "INDICES", "IndexSpec", "resolve_indices"]


@dataclass(frozen=True)
class IndexSpec:
    key: str
    label: str
    #: Column heading in terminal tables.
    short: str
    needs: frozenset[Need]
    compute: Callable[[GameStatistics], tuple]
    #: One plain-language sentence about a member's value, with {member} and {value} placeholders.
    meaning: str


_S = frozenset({Need.SWINGS, Need.WINNING})
_M = frozenset({Need.WINNING, Need.MINIMAL})
_J = frozenset({Need.WINNING, Need.JOHNSTON})

#: In the order of the JSON contract.
INDICES: dict[str, IndexSpec] = {
    spec.key: spec
    for spec in (
        IndexSpec(
            "raw_banzhaf",
            "Raw Banzhaf (swings)",
            "swings",
            _S,
            ix.raw_banzhaf,
            "the number of coalitions in which {member}'s vote turns a loss into a win is {value}",
        ),
        IndexSpec(
            "banzhaf",
            "Banzhaf (normalized)",
            "Banzhaf",
            _S,
            ix.banzhaf,
            "{member} holds {value} of all swings",
        ),
        IndexSpec(
            "penrose",
            "Penrose (absolute Banzhaf)",
            "Penrose",
            _S,
            ix.penrose,
            "if the others vote at random, {member}'s vote decides the outcome "
            "with probability {value}",
        ),
        IndexSpec(
            "shapley_shubik",
            "Shapley-Shubik",
            "Shapley",
            _S,
            ix.shapley_shubik,
            "{member} is pivotal in {value} of all orders in which members could join a decision",
        ),
        IndexSpec(
            "coleman_prevent",
            "Coleman: power to prevent",
            "prevent",
            _S,
            ix.coleman_prevent,
            "{member} can stop {value} of the decisions that would pass",
        ),
        IndexSpec(
            "coleman_initiate",
            "Coleman: power to initiate",
            "initiate",
            _S,
            ix.coleman_initiate,
            "{member} can turn {value} of the failing coalitions into a decision",
        ),
        IndexSpec(
            "johnston",
            "Johnston",
            "Johnston",
            _J,
            ix.johnston,
            "{member}'s share of power when a shared block is split among the blockers: {value}",
        ),
        IndexSpec(
            "deegan_packel",
            "Deegan-Packel",
            "Deegan-P",
            _M,
            ix.deegan_packel,
            "{member}'s expected share if a random minimal winning coalition forms and "
            "splits equally: {value}",
        ),
        IndexSpec(
            "holler",
            "Holler (public good)",
            "Holler",
            _M,
            ix.holler,
            "{member}'s share of memberships in minimal winning coalitions: {value}",
        ),
    )
}

#: Other spellings users type.
ALIASES: dict[str, str] = {
    "bz": "banzhaf",
    "normalized_banzhaf": "banzhaf",
    "banzhaf_normalized": "banzhaf",
    "swings": "raw_banzhaf",
    "raw": "raw_banzhaf",
    "banzhaf_raw": "raw_banzhaf",
    "absolute_banzhaf": "penrose",
    "penrose_banzhaf": "penrose",
    "ss": "shapley_shubik",
    "shapley": "shapley_shubik",
    "shapley-shubik": "shapley_shubik",
    "prevent": "coleman_prevent",
    "initiate": "coleman_initiate",
    "dp": "deegan_packel",
    "deegan-packel": "deegan_packel",
    "pgi": "holler",
    "public_good": "holler",
    "public_good_index": "holler",
}


def resolve_indices(names: Iterable[str] | str | None) -> tuple[str, ...]:
    """Turn user spellings into index keys (all indices when ``names`` is None or 'all')."""
    if names is None:
        return tuple(INDICES)
    if isinstance(names, str):
        names = [part for part in names.split(",")]
    keys: list[str] = []
    for raw in names:
        name = raw.strip().lower().replace(" ", "_")
        if not name:
            continue
        if name == "all":
            return tuple(INDICES)
        key = ALIASES.get(name, name)
        if key not in INDICES:
            raise PivotalError(
                "index",
                "one of " + ", ".join(INDICES) + " (or 'all')",
                repr(raw),
                "Pick indices from the list, separated by commas.",
            )
        if key not in keys:
            keys.append(key)
    if not keys:
        raise PivotalError(
            "index",
            "at least one index name",
            "nothing",
            "Name an index, or leave the option out for all.",
        )
    return tuple(keys)
