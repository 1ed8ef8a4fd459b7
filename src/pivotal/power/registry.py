"""The indices pivotal reports, by key: the statistics each needs and what it means in words.

:data:`INDICES` are the nine indices of a simple game, derived from counted statistics ('all').
:data:`UNION_INDICES` are the values of a game with a priori unions (Owen, Banzhaf-Owen): they
need a partition into unions (``power(..., unions=...)``, ``--union``), so 'all' never includes
them. ``INDICES[key]`` answers for them too, so every table, chart and report finds their labels.

>>> resolve_indices("ss, owen")
('shapley_shubik', 'owen')
>>> INDICES["owen"].short, "owen" in INDICES, len(INDICES)
('Owen', False, 9)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pivotal.engines.base import GameStatistics, Need
from pivotal.errors import PivotalError
from pivotal.power import indices as ix

__all__ = ["ALIASES", "INDICES", "UNION_INDICES", "IndexSpec", "resolve_indices"]


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
#: Shapley-Shubik weighs swings by coalition size, which costs an engine a size axis.
_SS = _S | {Need.SWINGS_BY_SIZE}
_M = frozenset({Need.WINNING, Need.MINIMAL})
_J = frozenset({Need.WINNING, Need.JOHNSTON})


class _Registry(dict[str, IndexSpec]):
    """The nine statistics indices; a lookup of a union index key falls through to
    :data:`UNION_INDICES` (it is not a key: iteration, ``in`` and ``len`` see the nine)."""

    def __missing__(self, key: str) -> IndexSpec:
        return UNION_INDICES[key]


def _needs_unions(stats: GameStatistics) -> tuple:
    # Owen values depend on the game and the unions, which statistics do not carry.
    raise RuntimeError("union indices are computed by pivotal.power.owen, not from statistics")


#: Values of a game with a priori unions, computed by :mod:`pivotal.power.owen`.
UNION_INDICES: dict[str, IndexSpec] = {
    spec.key: spec
    for spec in (
        IndexSpec(
            "owen",
            "Owen value (a priori unions)",
            "Owen",
            frozenset(),
            _needs_unions,
            "when the unions bargain as blocs and split their share inside (Shapley value at "
            "both levels), {member} holds {value}",
        ),
        IndexSpec(
            "banzhaf_owen",
            "Banzhaf-Owen value (a priori unions)",
            "Bz-Owen",
            frozenset(),
            _needs_unions,
            "with the unions voting as blocs, {member}'s vote decides with probability {value}",
        ),
    )
}

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
            _SS,
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
#: A union index key looked up here falls through to UNION_INDICES (see _Registry).
INDICES = _Registry(INDICES)

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
    "owen_value": "owen",
    "bz_owen": "banzhaf_owen",
    "bz-owen": "banzhaf_owen",
    "banzhaf-owen": "banzhaf_owen",
    "owen_banzhaf": "banzhaf_owen",
    "owen-banzhaf": "banzhaf_owen",
    "modified_banzhaf": "banzhaf_owen",
}


def resolve_indices(names: Iterable[str] | str | None) -> tuple[str, ...]:
    """Turn user spellings into index keys: the nine statistics indices when ``names`` is None
    or names 'all' (then in contract order, followed by any union index named)."""
    if names is None:
        return tuple(INDICES)
    if isinstance(names, str):
        names = [part for part in names.split(",")]
    keys: list[str] = []
    everything = False
    for raw in names:
        name = raw.strip().lower().replace(" ", "_")
        if not name:
            continue
        if name == "all":
            everything = True
            continue
        key = ALIASES.get(name, name)
        if key not in INDICES and key not in UNION_INDICES:
            raise PivotalError(
                "index",
                "one of "
                + ", ".join(INDICES)
                + " (or 'all'); with unions also "
                + ", ".join(UNION_INDICES),
                repr(raw),
                "Pick indices from the list, separated by commas.",
            )
        if key not in keys:
            keys.append(key)
    if everything:
        return tuple(INDICES) + tuple(k for k in keys if k in UNION_INDICES)
    if not keys:
        raise PivotalError(
            "index",
            "at least one index name",
            "nothing",
            "Name an index, or leave the option out for all.",
        )
    return tuple(keys)
