"""A scenario: who decides, by which rule, where each member stands, and what is on the table.

A-priori power needs only the rule. What *will* pass needs more: issue dimensions, each member's
ideal point and salience on them, the status quo, the agenda setter, blocs and proposals. A
scenario adds these to an organization at a date (or to an inline list of members), and every
value carries its status and sources, so results can say which of the values they used are not
verified.

Statuses of scenario values, strongest first:

* ``verified``: a source states the value (a coded data set such as DEU, a treaty text);
* ``proxy``: a sourced measure of something related (UN General Assembly ideal points standing
  for attitudes to the West);
* ``estimate``: an analyst's judgement from sources;
* ``illustrative``: a made-up value that shows how the model works.

Scenarios are read from YAML files (:func:`pivotal.outcomes.load_scenario`, format in
``docs/scenarios.md``) or built in Python (:func:`pivotal.outcomes.scenario`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from pivotal.errors import PivotalError, one_of
from pivotal.games.base import SimpleGame
from pivotal.rules import compile_rule

if TYPE_CHECKING:
    from pivotal.organizations import Organization, Snapshot

__all__ = [
    "DISTRIBUTIONS",
    "STATUSES",
    "Dimension",
    "Proposal",
    "Scenario",
    "Sourced",
    "Uncertainty",
]

#: Statuses of scenario values, strongest first.
STATUSES: tuple[str, ...] = ("verified", "proxy", "estimate", "illustrative")
#: Forms of uncertainty about a value.
DISTRIBUTIONS: tuple[str, ...] = ("interval", "uniform", "triangular", "normal")


@dataclass(frozen=True)
class Uncertainty:
    """Uncertainty about one value, for Monte Carlo.

    * ``interval`` / ``uniform`` (a, b): uniform on [a, b] (an interval is sampled uniformly);
    * ``triangular`` (a, mode, b);
    * ``normal`` (mean, sd), truncated to the dimension's scale when it has one (to [0, ∞) for a
      salience).
    """

    kind: str
    params: tuple[Fraction, ...]

    def sample(
        self, rng: np.random.Generator, size: int, bounds: tuple[float, float] | None
    ) -> np.ndarray:
        p = [float(v) for v in self.params]
        if self.kind in ("interval", "uniform"):
            return rng.uniform(p[0], p[1], size)
        if self.kind == "triangular":
            if p[0] == p[2]:
                return np.full(size, p[0])
            return rng.triangular(p[0], p[1], p[2], size)
        mean, sd = p
        if sd == 0:
            return np.full(size, mean)
        if bounds is None:
            return rng.normal(mean, sd, size)
        from scipy.stats import truncnorm

        lo, hi = bounds
        a, b = (lo - mean) / sd, (hi - mean) / sd
        return truncnorm.rvs(a, b, loc=mean, scale=sd, size=size, random_state=rng)

    def describe(self) -> str:
        shown = ", ".join(_show(v) for v in self.params)
        if self.kind == "normal":
            return f"normal (mean {_show(self.params[0])}, sd {_show(self.params[1])})"
        return f"{self.kind} [{shown}]"


def _show(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    as_float = float(value)
    return f"{as_float:g}" if Fraction(repr(as_float)) == value else str(value)


@dataclass(frozen=True)
class Sourced:
    """A value with its provenance: status, source keys, note and optional uncertainty."""

    value: Fraction
    status: str = "illustrative"
    sources: tuple[str, ...] = ()
    note: str | None = None
    uncertainty: Uncertainty | None = None

    @property
    def verified(self) -> bool:
        return self.status == "verified"


@dataclass(frozen=True)
class Dimension:
    """An issue dimension: its id, name, the meaning of its two ends, and its scale."""

    id: str
    name: str
    low: str = "low"
    high: str = "high"
    scale: tuple[Fraction, Fraction] | None = None

    @property
    def bounds(self) -> tuple[float, float] | None:
        return None if self.scale is None else (float(self.scale[0]), float(self.scale[1]))


@dataclass(frozen=True)
class Proposal:
    """A named point to test against the status quo, one coordinate per dimension."""

    id: str
    name: str
    point: dict[str, Fraction]


@dataclass
class Scenario:
    """Everything the outcome models need; build it with :func:`pivotal.outcomes.scenario` or
    :func:`pivotal.outcomes.load_scenario` (both validate it), not directly."""

    id: str
    name: str
    dimensions: tuple[Dimension, ...]
    #: Members who sit on the body: every player of the rules' games comes from them.
    members: tuple[str, ...]
    member_names: dict[str, str]
    positions: dict[str, dict[str, Sourced]]
    saliences: dict[str, dict[str, Sourced]]
    status_quo: dict[str, Sourced]
    rules: tuple[str, ...]
    description: str = ""
    #: Non-voting actors with positions (a proposing Commission), by id: name.
    actors: dict[str, str] = field(default_factory=dict)
    setter: str | None = None
    #: Why the setter is the setter ("named in the scenario", "chair of csc on 2012-05-15").
    setter_basis: str = ""
    setter_status: str | None = None
    blocs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    proposals: dict[str, Proposal] = field(default_factory=dict)
    #: The default capability of the bargaining models: an index key or a member attribute.
    capability: str = "shapley_shubik"
    absent: tuple[str, ...] = ()
    participants: tuple[str, ...] | None = None
    host: str | None = None
    organization: Organization | None = None
    at: _dt.date | None = None
    body: str | None = None
    matter: str | None = None
    attributes: dict[str, dict[str, Fraction]] = field(default_factory=dict)
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    path: str = ""
    #: Whether any salience was given (if not, every member weighs every issue equally).
    saliences_given: bool = True
    #: Capabilities of non-voting actors for the bargaining models: a number, or "max" (as
    #: much as the most capable member).
    actor_capabilities: dict[str, object] = field(default_factory=dict)
    #: Values typed in by the user (the inline form): one caveat says so instead of a list.
    values_given_by_user: bool = False

    def __repr__(self) -> str:
        dims = ", ".join(d.id for d in self.dimensions)
        return f"<Scenario {self.id!r}: {len(self.members)} members, dimensions {dims}>"

    # ------------------------------------------------------------------ the body

    @property
    def snapshot(self) -> Snapshot | None:
        """The organization on the scenario's date (None for an inline scenario)."""
        if self.organization is None:
            return None
        return self.organization.snapshot(self.at)

    def dimension(self, key: str | None = None) -> Dimension:
        """A dimension by id (default: the first)."""
        if key is None:
            return self.dimensions[0]
        for d in self.dimensions:
            if d.id == key:
                return d
        raise PivotalError(
            "dimension",
            one_of(d.id for d in self.dimensions),
            repr(key),
            "Name a dimension of the scenario.",
        )

    def _matter_of(self, rule: str) -> str | None:
        """The matter id that a rule label names, when it names one of the body's matters."""
        org = self.organization
        if org is None or not org.bodies or rule in org.rules:
            return None
        matters = org.body(self.body).matters
        return rule if rule in matters else None

    def game(self, rule: str | None = None) -> SimpleGame:
        """The game of ``rule`` over the members taking part: a rule of :attr:`rules` (default
        the first), any rule name of the organization, a matter id of the body, or rule text."""
        rule = self.rules[0] if rule is None else rule
        snap = self.snapshot
        if snap is None:
            return compile_rule(
                rule,
                self.participants or self.members,
                {k: dict(v) for k, v in self.attributes.items()},
                groups=self.groups,
                host=self.host,
            )
        matter = self._matter_of(rule)
        return snap.game(
            None if matter else rule,
            body=self.body if matter or self.body else None,
            matter=matter,
            host=self.host,
            participants=self.participants,
        )

    def rule_text(self, rule: str) -> str:
        """The text a rule label stands for (the matter's rule for a matter id)."""
        snap = self.snapshot
        if snap is None:
            return rule
        matter = self._matter_of(rule)
        if matter is not None:
            return snap.rule_text(None, body=self.body, matter=matter)
        return snap.rule_text(rule)

    # ------------------------------------------------------------------ values

    def positions_on(self, dimension: str) -> dict[str, Fraction]:
        """Every actor's (members' and others') ideal point on ``dimension``."""
        return {a: v[dimension].value for a, v in self.positions.items() if dimension in v}

    def saliences_on(self, dimension: str) -> dict[str, Fraction]:
        return {a: v[dimension].value for a, v in self.saliences.items() if dimension in v}

    def setter_position(self, dimension: str) -> Fraction | None:
        if self.setter is None:
            return None
        return self.positions[self.setter][dimension].value

    def provenance(self, rules: Iterable[str] | None = None) -> list[str]:
        """What a reader should check: every value used that is not verified (grouped by status
        and dimension), the setter's basis, and the organization's own caveats for the rules."""
        out: list[str] = []
        snap = self.snapshot
        if snap is not None:
            for rule in rules if rules is not None else self.rules:
                try:
                    lines = self._org_provenance(snap, rule)
                except PivotalError:
                    lines = []
                out += [line for line in lines if line not in out]
        names = {**self.member_names, **self.actors}
        if self.values_given_by_user:
            out.append(
                "The positions, saliences and status quo were given by the user; they carry no "
                "source."
            )
            return out
        for dim in self.dimensions:
            sq = self.status_quo[dim.id]
            if not sq.verified:
                out.append(
                    f"The status quo on {dim.name} ({_show(sq.value)}) is {sq.status}"
                    + (f": {sq.note}" if sq.note else ".")
                )
            for what, table in (("positions", self.positions), ("saliences", self.saliences)):
                weak: dict[str, list[str]] = {}
                for actor, values in table.items():
                    value = values.get(dim.id)
                    if value is not None and not value.verified:
                        label = names.get(actor, actor)
                        weak.setdefault(value.status, []).append(f"{label} {_show(value.value)}")
                for status, items in weak.items():
                    out.append(
                        f"The {what} on {dim.name} are {_plural(status)} for " + _join(items) + "."
                    )
        if self.setter is not None and self.setter_status not in (None, "verified", "derived"):
            out.append(
                f"The agenda setter, {names.get(self.setter, self.setter)} ({self.setter_basis}), "
                f"is {self.setter_status.replace('_', ' ')}."
            )
        return out

    def _org_provenance(self, snap: Snapshot, rule: str) -> list[str]:
        matter = self._matter_of(rule)
        return snap.provenance(
            None if matter else rule,
            body=self.body if matter or self.body else None,
            matter=matter,
            participants=self.participants,
        )


def _plural(status: str) -> str:
    return {"proxy": "proxies", "estimate": "estimates", "illustrative": "illustrative"}.get(
        status, status
    )


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
