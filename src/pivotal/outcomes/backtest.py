"""Backtest: every outcome model scored against the adopted outcomes of DEU I-III.

The DEU data set [1]_ [2]_ codes, for each controversial issue of an EU legislative proposal,
every actor's initial position on a 0-100 scale, its salience, the reference point (status quo)
and the adopted outcome. On its **351 usable issues** (outcome coded, at least three actors with a
position, :func:`pivotal.datasets.deu`) each model below predicts the outcome from the positions,
the saliences and the Council's rule in force on the decision day, and is scored by

* the **mean absolute error** ``MAE = (1/N) Σ_k |x̂_k - y_k|`` over the N issues it scores
  (y_k the adopted outcome, x̂_k the prediction, both on the 0-100 scale);
* the **hit rate within 10 points**, ``#{k : |x̂_k - y_k| ≤ 10} / N``;
* for a model that gives a distribution F_k, the **continuous ranked probability score**
  ``CRPS(F, y) = ∫ (F(t) - 1{t ≥ y})² dt`` [6]_, a proper score in the units of the scale. For a
  discrete distribution with atoms x_i of probability p_i it is exactly
  ``Σ_i p_i |x_i - y| - ½ Σ_i Σ_j p_i p_j |x_i - x_j|`` (:func:`crps_discrete`). For a point
  forecast (all mass on x̂) it *is* the absolute error ``|x̂ - y|``, so point models carry no CRPS
  of their own: compare a distribution's CRPS with the point models' MAE.

Every model is also scored on the **common subset**: the issues that all the models of the run
can score (the procedural and Nash models need the reference point, missing on 99 issues), so
that the comparison is like for like.

**No model is fitted to the outcomes**: capabilities come from the Council's rules (weighted votes,
population shares, exact power indices), positions and saliences from the data; there is no free
parameter. (Were one fitted, the issues decided 2016-2019 would be the hold-out set.)

The actors and the date
-----------------------
The actors are the member states (ISO3 ids), the Commission (``COM``) and the European Parliament
(``EP``), each where it has a coded position. The rule in force is that of the **decision day**
(``finact``); the 19 usable issues without one take their **introduction day** (every coded state
of those issues sat in the Council then). The Council rule of an issue follows its ``counvte``:
``QMV`` the qualified majority of the ``eu_council`` organization file on that day (the EU-15
weights [62 of 87], the May-October 2004 transitional EU-25 weights, the Nice triple majority of
votes and members from 2004-11-01 -- without the 62% population check a member may request,
whose figures are carried for 2006 only -- and the Lisbon double majority from 2014-11-01);
``QMV(10)`` (two issues, 2000) the qualified majority with at least 10 members, for acts not on a
Commission proposal; ``Unan`` unanimity. The 28 usable issues decided 2017-2019 fall in years for
which the file carries no population figures: their Lisbon rule and population capabilities use
the 2016 EU-28 shares, a documented approximation (the Council's members did not change from
2016 to 2019). Not modelled: the option, until 2017-03-31, to ask for a vote under the Nice
weights.

Salience: an actor with a position but no coded salience (54 actor-issue pairs on 13 issues)
has salience 0, as the public replication reads an empty cell [3]_; it then weighs nothing in the
salience-weighted models, but counts in the plain mean and median.

The models
----------
Each is a function of one issue (see its docstring for assumptions, formula and source):

============================  ==================================================================
``compromise``                the published baseline [3]_ [4]_: Σ c_i s_i x_i / Σ c_i s_i with
                              c_i the state's Council votes (population share under Lisbon),
                              the Commission's and Parliament's c the largest member's
``compromise_shapley``        the same with c_i the exact Shapley-Shubik index of the rule in
                              force (unanimity where ``counvte`` says so)
``compromise_banzhaf``        the same with the exact normalized Banzhaf index
``compromise_distribution``   the positions as a distribution with probabilities c_i s_i / Σ,
                              scored by CRPS (its mean is ``compromise``)
``procedural``                the setter model: the Commission proposes, the Council (and under
                              codecision the Parliament) accepts or keeps the status quo
``procedural_abstain``        the same with uncoded members abstaining instead of accepting
``nash``                      asymmetric Nash bargaining from the status quo, Shapley-Shubik
                              capabilities
``mean``, ``median``          plain mean / median of all actors' positions
``constant50``                always 50
============================  ==================================================================

>>> from pivotal.outcomes.backtest import backtest_deu
>>> result = backtest_deu(models=["compromise", "constant50"])
>>> [(s.model, s.issues, round(s.mae, 2), round(s.hit_rate_10, 3)) for s in result.scores]
[('compromise', 351, 22.98, 0.311), ('constant50', 351, 27.96, 0.265)]
>>> crps_discrete([(0, Fraction(1, 2)), (100, Fraction(1, 2))], 0)
Fraction(25, 1)

References
----------
.. [1] Thomson, R., Stokman, F. N., Achen, C. H. and König, T. (eds.) (2006), *The European Union
   Decides*, Cambridge University Press (DEU I); Thomson, R. et al. (2012), Journal of European
   Public Policy 19(4) (DEU II).
.. [2] Arregui, J. and Perarnaud, C. (2022), "A new dataset on legislative decision-making in the
   European Union: the DEU III dataset", Journal of European Public Policy 29(1);
   data: https://doi.org/10.34810/data53.
.. [3] The combined file and its baselines on the 351 issues (compromise 23.0, plain mean 23.6,
   constant 50 28.0, median actor 28.4) as distributed with a public replication
   (predictioneers_game, 2024); see ``pivotal/datasets/data/README.md``.
.. [4] Achen, C. H. (2006), "Institutional realism and bargaining models", in [1], 86-123;
   van den Bos, J. M. M. (1991), *Dutch EC Policy Making*, Thesis Publishers.
.. [5] Romer, T. and Rosenthal, H. (1978), "Political resource allocation, controlled agendas,
   and the status quo", Public Choice 33(4), 27-43; Tsebelis, G. and Garrett, G. (2000),
   "Legislative politics in the European Union", European Union Politics 1(1), 9-36.
.. [6] Matheson, J. E. and Winkler, R. L. (1976), "Scoring rules for continuous probability
   distributions", Management Science 22(10), 1087-1096; Gneiting, T. and Raftery, A. E. (2007),
   "Strictly proper scoring rules, prediction, and estimation", JASA 102(477), 359-378.
.. [7] Shapley, L. S. and Shubik, M. (1954), American Political Science Review 48(3), 787-792;
   Banzhaf, J. F. (1965), Rutgers Law Review 19(2), 317-343.
.. [8] Nash, J. F. (1950), Econometrica 18(2), 155-162; Kalai, E. (1977), International Journal
   of Game Theory 6(3), 129-133; Schneider, G., Finke, D. and Bailer, S. (2010), "Bargaining
   power in the European Union", Political Studies 58(1), 85-103.
"""

from __future__ import annotations

import datetime as _dt
import functools
import html
import math
import statistics
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

import pandas as pd

from pivotal.datasets import DEU_ACTORS, DEU_CITATION, DEU_STATES, deu
from pivotal.errors import PivotalError, one_of
from pivotal.games import (
    AndGame,
    ExplicitGame,
    MultiWeightedGame,
    OrGame,
    SimpleGame,
    WeightedGame,
)
from pivotal.organizations import load_organization
from pivotal.outcomes.bargaining import compromise as compromise_formula
from pivotal.outcomes.bargaining import nash as nash_solution
from pivotal.outcomes.spatial1d import line_outcome
from pivotal.power import power
from pivotal.rules import compile_rule

__all__ = [
    "COMMISSION",
    "DATASETS",
    "MODELS",
    "PARLIAMENT",
    "Backtest",
    "DeuIssue",
    "Forecast",
    "Model",
    "ModelScore",
    "NotScored",
    "backtest",
    "backtest_deu",
    "crps_discrete",
    "deu_issues",
    "with_extra_player",
]

#: Actor ids of the two EU institutions (the member states are ISO3 ids).
COMMISSION = "COM"
PARLIAMENT = "EP"
_INSTITUTION_IDS = {"com": COMMISSION, "ep": PARLIAMENT}

#: The datasets a backtest can run on.
DATASETS = ("deu",)

#: ``counvte`` of the DEU file -> matter of the ``eu_council`` body ``council``.
VOTING_MATTERS = {"QMV": "qmv", "QMV(10)": "qmv_reinforced", "Unan": "unanimity"}

#: The Lisbon double majority and population capabilities apply from this day.
LISBON = _dt.date(2014, 11, 1)
#: The day whose population figures stand in for years the organization file does not carry.
POPULATION_STAND_IN = _dt.date(2016, 7, 1)

#: A prediction within this many points of the outcome is a hit.
HIT_WITHIN = 10


# ------------------------------------------------------------------------------------ the issues
@dataclass(frozen=True)
class DeuIssue:
    """One usable DEU issue, as the models read it (values exact).

    ``positions`` and ``saliences`` are keyed by actor id (``COM``, ``EP``, ISO3 ids), in the
    file's actor order, for the actors with a position; a salience the file leaves empty is 0
    (and the actor is listed in ``unsalient``). ``day`` is the decision day, or the introduction
    day when the file has none (``dated_by`` says which); ``members`` the Council on ``day``.
    """

    issue: str
    proposal: str
    outcome: Fraction
    positions: Mapping[str, Fraction]
    saliences: Mapping[str, Fraction]
    unsalient: tuple[str, ...]
    status_quo: Fraction | None
    procedure: str
    voting: str
    day: _dt.date
    dated_by: str
    members: tuple[str, ...]

    @property
    def matter(self) -> str:
        """The ``eu_council`` matter of the Council's vote (qmv, qmv_reinforced, unanimity)."""
        return VOTING_MATTERS[self.voting]

    @property
    def member_positions(self) -> dict[str, Fraction]:
        """Positions of the member states only."""
        return {a: x for a, x in self.positions.items() if a not in (COMMISSION, PARLIAMENT)}


def _actor_id(code: str) -> str:
    return _INSTITUTION_IDS.get(code) or DEU_STATES[code]


def _exact(value: float) -> Fraction:
    # The file's values are whole numbers on a 0-100 scale, read as floats by pandas; a float
    # prints as the decimal it was read from, so this is the value as written.
    return Fraction(repr(float(value)))


@functools.lru_cache(maxsize=1)
def _issues() -> tuple[DeuIssue, ...]:
    frame = deu()
    out = []
    for _, row in frame[frame["usable"]].iterrows():
        positions: dict[str, Fraction] = {}
        saliences: dict[str, Fraction] = {}
        unsalient = []
        for code in DEU_ACTORS:
            x = row[f"p{code}"]
            if pd.isna(x):
                continue
            actor = _actor_id(code)
            positions[actor] = _exact(x)
            s = row[f"s{code}"]
            if pd.isna(s):
                unsalient.append(actor)
                saliences[actor] = Fraction(0)
            else:
                saliences[actor] = _exact(s)
        voting = str(row["counvte"])
        if voting not in VOTING_MATTERS:
            raise PivotalError(
                f"DEU issue {row['isnr']}: counvte",
                one_of(VOTING_MATTERS),
                repr(voting),
                "Map the new voting rule to a matter of the eu_council file in VOTING_MATTERS.",
            )
        decided = row["decided"]
        dated_by = "introduced" if pd.isna(decided) else "decided"
        day = (row["introduced"] if pd.isna(decided) else decided).date()
        out.append(
            DeuIssue(
                issue=str(row["isnr"]),
                proposal=str(row["prnr"]),
                outcome=_exact(row["out"]),
                positions=positions,
                saliences=saliences,
                unsalient=tuple(unsalient),
                status_quo=None if pd.isna(row["rp"]) else _exact(row["rp"]),
                procedure=str(row["proc"]),
                voting=voting,
                day=day,
                dated_by=dated_by,
                members=_council().members(day),
            )
        )
    return tuple(out)


def deu_issues() -> tuple[DeuIssue, ...]:
    """The 351 usable DEU issues as :class:`DeuIssue` records (cached; read-only)."""
    return _issues()


# ----------------------------------------------------------------------------- the Council's rule
class _Council:
    """The ``eu_council`` organization file, with its games and indices cached: there are few
    distinct (rule, member set) pairs among the issues."""

    def __init__(self) -> None:
        self.org = load_organization("eu_council")
        self._games: dict[tuple[object, ...], SimpleGame] = {}
        self._indices: dict[tuple[object, ...], dict[str, Fraction]] = {}

    def members(self, day: _dt.date) -> tuple[str, ...]:
        return self.org.snapshot(day).member_ids

    def attributes(self, day: _dt.date) -> tuple[dict[str, dict[str, int | float]], bool]:
        """(attributes in force on ``day``, whether the 2016 population figures stand in)."""
        snap = self.org.snapshot(day)
        attrs = dict(snap.attributes)
        population = attrs.get("population", {})
        if day < LISBON or all(m in population for m in snap.member_ids):
            return attrs, False
        stand_in = self.org.snapshot(POPULATION_STAND_IN).attributes.get("population", {})
        missing = [m for m in snap.member_ids if m not in stand_in]
        if missing:
            raise PivotalError(
                "day",
                "a day whose Council members all have population figures in the eu_council "
                f"file, or whose members all sat in the Council of {POPULATION_STAND_IN}",
                f"{day.isoformat()} (no figures for {', '.join(missing)})",
                "Add that year's population shares to eu_council.yaml.",
            )
        attrs["population"] = {m: stand_in[m] for m in snap.member_ids}
        return attrs, True

    def rule(self, day: _dt.date, matter: str) -> str:
        return self.org.snapshot(day).rule_text(body="council", matter=matter)

    def game(self, day: _dt.date, matter: str) -> SimpleGame:
        """The Council's rule for ``matter`` in force on ``day``, over that day's members."""
        members = self.members(day)
        text = self.rule(day, matter)
        attrs, _ = self.attributes(day)
        key = (text, members, _frozen(attrs, text))
        if key not in self._games:
            self._games[key] = compile_rule(text, members, attrs)
        return self._games[key]

    def indices(self, day: _dt.date, matter: str, index: str) -> dict[str, Fraction]:
        """The exact power index ``index`` of each member under :meth:`game`."""
        game = self.game(day, matter)
        key = (id(game), index)
        if key not in self._indices:
            result = power(game, indices=[index])
            values = result.indices[index]
            self._indices[key] = {p: Fraction(v) for p, v in zip(game.players, values, strict=True)}
        return self._indices[key]

    def weights(self, day: _dt.date) -> dict[str, Fraction]:
        """Each member's Council votes on ``day``, or its population share from Lisbon on."""
        attrs, _ = self.attributes(day)
        name = "population" if day >= LISBON else "votes"
        values = attrs.get(name, {})
        members = self.members(day)
        missing = [m for m in members if m not in values]
        if missing:
            raise PivotalError(
                "day",
                f"a day on which every Council member has '{name}' in the eu_council file",
                f"{day.isoformat()} (none for {', '.join(missing)})",
                "Pick a day from 1973 on, or add the figures to eu_council.yaml.",
            )
        return {m: Fraction(str(values[m])) for m in members}


def _frozen(attrs: Mapping[str, Mapping[str, object]], text: str) -> tuple[object, ...]:
    """The attribute values a rule text can read, hashable (rules name attributes by word)."""
    words = text.lower()
    return tuple(
        (name, tuple(sorted(values.items())))
        for name, values in sorted(attrs.items())
        if name.lower() in words
    )


@functools.lru_cache(maxsize=1)
def _council() -> _Council:
    return _Council()


def with_extra_player(game: SimpleGame, name: str) -> SimpleGame:
    """``game`` over its players and one more, ``name``, who is a dummy: a coalition wins
    exactly when its members other than ``name`` win in ``game``.

    Used to combine the Council's rule with the Parliament's consent in one game over the same
    players (an :class:`AndGame` needs that). Weights and quotas keep their values (the new player
    weighs 0 in every criterion), so the result is as exact and as fast as ``game``.

    >>> g = with_extra_player(WeightedGame([2, 1, 1], 3, names=["A", "B", "C"]), "EP")
    >>> g, g.players
    (WeightedGame([3; 2, 1, 1, 0]), ('A', 'B', 'C', 'EP'))
    """
    players = (*game.players, name)
    if isinstance(game, WeightedGame):
        c = game.criteria[0]
        return WeightedGame([*c.weights, 0], c.quota, names=players, name=c.name)
    if isinstance(game, MultiWeightedGame):
        # Integer weights pass through unscaled, so each criterion keeps its scale.
        return MultiWeightedGame(
            [replace(c, weights=(*c.weights, 0)) for c in game.criteria], names=players
        )
    if isinstance(game, AndGame | OrGame):
        return type(game)([with_extra_player(g, name) for g in game.games])
    base = game

    def wins(members: frozenset[str]) -> bool:
        return base.is_winning(members - {name})

    return ExplicitGame(players, wins)


# ----------------------------------------------------------------------------------- forecasts
@dataclass(frozen=True)
class Forecast:
    """One model's prediction for one issue.

    ``value`` is exact (a Fraction) unless ``exact`` is False, when it is a float within
    ``error`` of the model's true value. ``crps`` is set by distributional models only.
    """

    value: Fraction | float
    exact: bool = True
    error: float = 0.0
    crps: Fraction | None = None


class NotScored(Exception):  # noqa: N818 -- a model's answer "cannot score this issue", not a bug
    """Raised by a model that cannot score an issue; the message is the reason, counted."""


def crps_discrete(atoms: Iterable[tuple[object, object]], outcome: object) -> Fraction:
    """CRPS of a discrete distribution (atoms ``(x_i, w_i)``, weights normalized to p_i) at
    ``outcome`` y: ``Σ_i p_i |x_i - y| - ½ Σ_i Σ_j p_i p_j |x_i - x_j|``, exactly.

    This equals ``∫ (F(t) - 1{t ≥ y})² dt`` for the step function F (Gneiting and Raftery 2007,
    eq. 21 [6]_). The double sum is taken over the sorted atoms in one pass:
    ``Σ_{i<j} p_i p_j (x_j - x_i) = Σ_j p_j (x_j P_j - S_j)`` with P_j, S_j the running sums of
    p_i and p_i x_i below j.

    >>> crps_discrete([(40, 1)], 50)  # a point forecast: the absolute error
    Fraction(10, 1)
    >>> crps_discrete([(0, 1), (100, 3)], 100)
    Fraction(25, 4)
    """
    pairs = [(Fraction(x), Fraction(w)) for x, w in atoms]  # type: ignore[arg-type]
    total = sum((w for _, w in pairs), Fraction(0))
    if not pairs or total <= 0 or any(w < 0 for _, w in pairs):
        raise PivotalError(
            "atoms",
            "at least one (position, weight) pair, weights 0 or more with a positive total",
            repr(pairs)[:100],
            "Give the distribution's atoms with non-negative weights.",
        )
    y = Fraction(outcome)  # type: ignore[arg-type]
    pairs.sort()
    spread = Fraction(0)
    below_p = below_px = Fraction(0)
    for x, w in pairs:
        p = w / total
        spread += p * (x * below_p - below_px)
        below_p += p
        below_px += p * x
    miss = sum((w / total * abs(x - y) for x, w in pairs), Fraction(0))
    return miss - spread


# ---------------------------------------------------------------------------------- the models
def _baseline_capabilities(issue: DeuIssue) -> dict[str, Fraction]:
    """Council votes (population share under Lisbon) of the members; the Commission and the
    Parliament get the largest member's."""
    weights = _council().weights(issue.day)
    return _with_institutions(weights)


def _with_institutions(capabilities: Mapping[str, Fraction]) -> dict[str, Fraction]:
    top = max(capabilities.values())
    return {**capabilities, COMMISSION: top, PARLIAMENT: top}


def _weighted_compromise(issue: DeuIssue, capabilities: Mapping[str, Fraction]) -> Forecast:
    for actor in issue.positions:
        if actor not in capabilities:
            # The datasets' tests check that every coded state sat in the Council that day.
            raise PivotalError(
                f"DEU issue {issue.issue}",
                "positions only of actors with a capability (members on "
                f"{issue.day.isoformat()}, COM, EP)",
                actor,
                "Check the issue's date.",
            )
    if not any(capabilities[a] * issue.saliences[a] > 0 for a in issue.positions):
        raise NotScored("no actor with a positive capability x salience")
    return Forecast(compromise_formula(issue.positions, issue.saliences, capabilities))


def compromise(issue: DeuIssue) -> Forecast:
    """The compromise model as published for DEU [3]_ [4]_: the capability-and-salience
    weighted mean of the positions,

        x̂ = Σ_i c_i s_i x_i / Σ_i c_i s_i,

    over every actor with a position: c_i is a state's weighted votes in the Council on the
    decision day (1995 EU-15 weights, the May-October 2004 transitional EU-25 weights, the Nice
    weights from 2004-11-01) or, from 2014-11-01, its share of the EU population (the 2016
    shares for 2017-2019); the Commission's and the Parliament's c is the largest member's.
    Assumes actors pull the outcome in proportion to capability times interest; the rule
    matters only through c_i. Exact. Nothing fitted.
    """
    return _weighted_compromise(issue, _baseline_capabilities(issue))


def _index_compromise(issue: DeuIssue, index: str) -> Forecast:
    values = _council().indices(issue.day, issue.matter, index)
    return _weighted_compromise(issue, _with_institutions(values))


def compromise_shapley(issue: DeuIssue) -> Forecast:
    """The compromise model with c_i = φ_i, the exact Shapley-Shubik index [7]_ of the Council's
    rule for this issue on the decision day (the qualified majority of the period; unanimity
    where ``counvte`` is Unan, where every φ_i = 1/n; the qualified majority with 10 members for
    QMV(10)). The Commission and the Parliament get the largest member's index, as in the
    baseline. Exact. Nothing fitted.
    """
    return _index_compromise(issue, "shapley_shubik")


def compromise_banzhaf(issue: DeuIssue) -> Forecast:
    """The compromise model with c_i = β_i, the exact normalized Banzhaf index [7]_ (swings
    η_i / Σ_j η_j) of the Council's rule for this issue on the decision day; the Commission and
    the Parliament get the largest member's. Exact. Nothing fitted.
    """
    return _index_compromise(issue, "banzhaf")


def compromise_distribution(issue: DeuIssue) -> Forecast:
    """The positions as a forecast distribution: atom x_i with probability
    p_i = c_i s_i / Σ_j c_j s_j (the baseline's capabilities). Its mean is the compromise
    prediction (the point scored by MAE); it is scored by its exact CRPS
    (:func:`crps_discrete`). Assumes the outcome lands on one actor's position, each with
    probability proportional to its weight. Nothing fitted.
    """
    capabilities = _baseline_capabilities(issue)
    point = _weighted_compromise(issue, capabilities)
    atoms = [(x, capabilities[a] * issue.saliences[a]) for a, x in issue.positions.items()]
    return replace(point, crps=crps_discrete(atoms, issue.outcome))


def _setter_game(issue: DeuIssue, voters: Sequence[str] | None, parliament: bool) -> SimpleGame:
    """The Council's rule (over ``voters`` under unanimity when given), and under codecision the
    Parliament's consent: AndGame(Council rule with EP as a dummy, EP's request)."""
    council = _council()
    if voters is not None:
        game = compile_rule("unanimity", list(voters))
    else:
        game = council.game(issue.day, issue.matter)
    if not parliament:
        return game
    extended = with_extra_player(game, PARLIAMENT)
    consent = WeightedGame([0] * game.n + [1], 1, names=extended.players)
    return AndGame([extended, consent])


def _procedural(issue: DeuIssue, abstain: bool) -> Forecast:
    if issue.status_quo is None:
        raise NotScored("no reference point (rp)")
    if COMMISSION not in issue.positions:
        raise NotScored("no Commission position (pcom)")
    proposal = issue.positions[COMMISSION]
    coded = [m for m in issue.members if m in issue.positions]
    uncoded = [m for m in issue.members if m not in issue.positions]
    codecision = issue.procedure == "COD"
    if abstain:
        if not coded:
            raise NotScored("no member state has a position")
        parliament = codecision and PARLIAMENT in issue.positions
        # Abstention counts against a qualified majority but does not prevent unanimity
        # (TFEU Art. 238(3)-(4)): unanimity is then that of the members who take a position.
        unanimous = issue.matter == "unanimity" and bool(uncoded)
        game = _setter_game(issue, coded if unanimous else None, parliament)
        absent = [] if unanimous else uncoded
        positions = {**issue.positions}
    else:
        parliament = codecision
        game = _setter_game(issue, None, parliament)
        absent = []
        positions = {**{m: proposal for m in uncoded}, **issue.positions}
        if parliament:
            positions.setdefault(PARLIAMENT, proposal)
    result = line_outcome(game, positions, issue.status_quo, setter=COMMISSION, absent=absent)
    return Forecast(result.setter_outcome)


def procedural(issue: DeuIssue) -> Forecast:
    """The setter model (Romer and Rosenthal 1978; Tsebelis and Garrett 2000 [5]_): the
    Commission proposes the point of the win set of the status quo y = ``rp`` nearest its own
    position x_COM; the Council accepts by its rule in force on the decision day and, under
    codecision (``proc`` COD), the Parliament must accept too (a veto player: the AndGame of the
    Council's rule and the Parliament's consent). With x_L, x_R the left and right pivots of the
    rule, the win set is (2 x_L - y, 2 x_R - y) and

        x̂ = clip(x_COM, closure of the win set), or y when the win set is empty

    (:func:`pivotal.outcomes.spatial1d.line_outcome`). Members without a coded position (and a
    Parliament without one) are taken to **accept the Commission's proposal**: they are placed
    at x_COM. Not modelled: the Council's power to amend by unanimity, conciliation. Issues
    without ``rp`` or ``pcom`` are not scored. Exact. Nothing fitted.
    """
    return _procedural(issue, abstain=False)


def procedural_abstain(issue: DeuIssue) -> Forecast:
    """The setter model of :func:`procedural` with members without a coded position
    **abstaining**: under a qualified majority an abstention weighs as a vote against (they are
    absent from every coalition); under unanimity it does not prevent adoption (TFEU Art.
    238(4)), so unanimity is that of the members with a position; a Parliament without a coded
    position takes no part (no veto). Exact. Nothing fitted.
    """
    return _procedural(issue, abstain=True)


def nash(issue: DeuIssue) -> Forecast:
    """Asymmetric Nash bargaining [8]_ with the status quo y = ``rp`` as disagreement point:

        x̂ = argmax_x Π_i (s_i (|y - x_i| - |x - x_i|))^(c_i s_i)  over x with every factor ≥ 0,

    linear utilities, exponents c_i s_i with c_i the exact Shapley-Shubik index of the Council's
    rule in force (the Commission and the Parliament: the largest member's), over the actors
    with a position and a positive salience (:func:`pivotal.outcomes.bargaining.nash`). When no
    point makes every bargainer better off than y (y lies between their positions) the solution
    is y. Exact on a kink, else a float found by bisection with its error bound. Issues without
    ``rp`` are not scored. Nothing fitted.
    """
    if issue.status_quo is None:
        raise NotScored("no reference point (rp)")
    capabilities = _with_institutions(_council().indices(issue.day, issue.matter, "shapley_shubik"))
    result = nash_solution(
        issue.positions,
        issue.status_quo,
        capabilities,
        issue.saliences,
        exponents="capability_salience",
    )
    if result.exact:
        return Forecast(Fraction(result.value))
    return Forecast(float(result.value), exact=False, error=result.error)


def mean(issue: DeuIssue) -> Forecast:
    """The plain mean of all actors' positions, (1/n) Σ_i x_i (the published 'mean' baseline).
    Exact. Nothing fitted."""
    values = list(issue.positions.values())
    return Forecast(sum(values, Fraction(0)) / len(values))


def median(issue: DeuIssue) -> Forecast:
    """The median of all actors' positions (the mean of the two middle ones for an even count;
    the published 'median actor' baseline). Exact. Nothing fitted."""
    return Forecast(Fraction(statistics.median(issue.positions.values())))


def constant50(issue: DeuIssue) -> Forecast:
    """Always the middle of the scale, x̂ = 50 (the published 'constant' baseline)."""
    return Forecast(Fraction(50))


@dataclass(frozen=True)
class Model:
    """A model of the backtest: its name, its function of one issue, one line of description,
    whether it gives a distribution (scored by CRPS), and the published MAE it reproduces."""

    name: str
    predict: Callable[[DeuIssue], Forecast]
    description: str
    distribution: bool = False
    published_mae: float | None = None


MODELS: dict[str, Model] = {
    m.name: m
    for m in (
        Model(
            "compromise",
            compromise,
            "capability x salience weighted mean; capability = Council votes (population share "
            "under Lisbon), COM and EP as the largest member",
            published_mae=23.0,
        ),
        Model(
            "compromise_shapley",
            compromise_shapley,
            "compromise with capability = exact Shapley-Shubik index of the Council rule in force",
        ),
        Model(
            "compromise_banzhaf",
            compromise_banzhaf,
            "compromise with capability = exact normalized Banzhaf index of the Council rule",
        ),
        Model(
            "compromise_distribution",
            compromise_distribution,
            "positions as a distribution, p_i proportional to capability x salience (mean = "
            "compromise); scored by exact CRPS",
            distribution=True,
        ),
        Model(
            "procedural",
            procedural,
            "setter model: Commission proposes, Council rule in force (+ EP under codecision) "
            "accepts against rp; uncoded members accept",
        ),
        Model(
            "procedural_abstain",
            procedural_abstain,
            "setter model with uncoded members abstaining (against under QMV, not blocking "
            "unanimity)",
        ),
        Model(
            "nash",
            nash,
            "asymmetric Nash bargaining from rp, exponents Shapley-Shubik x salience",
        ),
        Model("mean", mean, "plain mean of all actors' positions", published_mae=23.6),
        Model("median", median, "median of all actors' positions", published_mae=28.4),
        Model("constant50", constant50, "always 50, the middle of the scale", published_mae=28.0),
    )
}


# ------------------------------------------------------------------------------------- scoring
@dataclass(frozen=True)
class ModelScore:
    """One model's scores: on the issues it scores, and on the common subset of the run.

    ``mae`` and ``hit_rate_10`` are floats nearest to exact rationals (``mae_error`` bounds the
    error of a model that gives float predictions, e.g. Nash by bisection); ``crps`` is set for
    distributional models only (for a point forecast the CRPS is the absolute error, so its MAE
    is its CRPS). ``skipped`` counts the issues not scored, by reason.
    """

    model: str
    description: str
    distribution: bool
    issues: int
    skipped: dict[str, int]
    mae: float
    mae_error: float
    hits_10: int
    crps: float | None
    common_issues: int
    common_mae: float
    common_hit_rate_10: float
    common_crps: float | None
    published_mae: float | None

    @property
    def hit_rate_10(self) -> float:
        """Share of scored issues predicted within 10 points."""
        return self.hits_10 / self.issues if self.issues else float("nan")

    def to_dict(self) -> dict[str, Any]:
        """One entry of ``models`` in the JSON of ``pivotal backtest`` (no figure: ``null``)."""
        return {
            "model": self.model,
            "description": self.description,
            "distribution": self.distribution,
            "issues": self.issues,
            "skipped": dict(self.skipped),
            "mae": _finite(self.mae),
            "mae_error": self.mae_error,
            "hit_rate_10": _finite(self.hit_rate_10),
            "crps": _finite(self.crps),
            "common_issues": self.common_issues,
            "common_mae": _finite(self.common_mae),
            "common_hit_rate_10": _finite(self.common_hit_rate_10),
            "common_crps": _finite(self.common_crps),
            "published_mae": self.published_mae,
        }


def _finite(value: float | None) -> float | None:
    """``value``, or None for a figure over no issues (JSON has no NaN)."""
    return None if value is None or math.isnan(value) else value


@dataclass(frozen=True)
class Backtest:
    """Models scored against a dataset's outcomes: :attr:`scores` (one per model, in the order
    asked), the per-issue predictions (:meth:`to_frame`), and notes on every approximation."""

    dataset: str
    issues: tuple[DeuIssue, ...]
    scores: tuple[ModelScore, ...]
    predictions: dict[str, tuple[Forecast | str, ...]] = field(repr=False)
    common_issues: int = 0
    notes: tuple[str, ...] = ()
    citation: str = DEU_CITATION

    def score(self, model: str) -> ModelScore:
        """The score of ``model`` (a name of the run)."""
        for s in self.scores:
            if s.model == model:
                return s
        raise PivotalError(
            "model", one_of(s.model for s in self.scores), repr(model), "Pick a model of the run."
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per issue (index ``issue``): ``proposal``, ``day``, ``dated_by``, ``voting``
        (``counvte``), ``rule`` (the Council's rule text in force), ``procedure``, ``outcome``,
        ``status_quo``, then each model's prediction (float nearest the exact value; NaN where
        the model does not score the issue) and, for a distributional model,
        ``<model>_crps``."""
        council = _council()
        rows = []
        for k, issue in enumerate(self.issues):
            row: dict[str, Any] = {
                "issue": issue.issue,
                "proposal": issue.proposal,
                "day": issue.day.isoformat(),
                "dated_by": issue.dated_by,
                "voting": issue.voting,
                "rule": council.rule(issue.day, issue.matter),
                "procedure": issue.procedure,
                "outcome": float(issue.outcome),
                "status_quo": None if issue.status_quo is None else float(issue.status_quo),
            }
            for s in self.scores:
                forecast = self.predictions[s.model][k]
                scored = isinstance(forecast, Forecast)
                row[s.model] = float(forecast.value) if scored else float("nan")
                if s.distribution:
                    crps = forecast.crps if scored else None
                    row[f"{s.model}_crps"] = float("nan") if crps is None else float(crps)
            rows.append(row)
        frame = pd.DataFrame(rows).set_index("issue")
        frame.attrs.update(dataset=self.dataset, notes=list(self.notes))
        return frame

    def scores_frame(self) -> pd.DataFrame:
        """One row per model (index ``model``) with the figures of :class:`ModelScore`."""
        rows = []
        for s in self.scores:
            d = s.to_dict()
            d["skipped"] = "; ".join(f"{r}: {n}" for r, n in s.skipped.items())
            rows.append(d)
        return pd.DataFrame(rows).set_index("model")

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``pivotal backtest`` (documented in docs/json.md)."""
        return {
            "dataset": self.dataset,
            "issues": len(self.issues),
            "common_issues": self.common_issues,
            "hit_within": HIT_WITHIN,
            "models": [s.to_dict() for s in self.scores],
            "notes": list(self.notes),
            "citation": self.citation,
        }

    def table(self) -> str:
        """Plain text for a terminal (figures rounded for display only)."""
        head = ["model", "issues", "MAE", f"hit<={HIT_WITHIN}", "CRPS", "published"]
        head += ["common MAE", f"hit<={HIT_WITHIN}", "CRPS"]
        rows = []
        for s in self.scores:
            rows.append(
                [
                    s.model,
                    str(s.issues),
                    _num(s.mae, s.mae_error),
                    f"{100 * s.hit_rate_10:.1f}%",
                    "-" if s.crps is None else f"{s.crps:.2f}",
                    "-" if s.published_mae is None else f"{s.published_mae:.1f}",
                    _num(s.common_mae, s.mae_error),
                    f"{100 * s.common_hit_rate_10:.1f}%",
                    "-" if s.common_crps is None else f"{s.common_crps:.2f}",
                ]
            )
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

        def line(cells: list[str]) -> str:
            return "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            ).rstrip()

        out = [
            f"DEU I-III: {len(self.issues)} issues with an adopted outcome; mean absolute error "
            f"on the 0-100 scale, share within {HIT_WITHIN} points, CRPS of a distribution; "
            f"'common': the {self.common_issues} issues every model below scores.",
            line(head),
            *(line(r) for r in rows),
            "",
        ]
        for s in self.scores:
            if s.skipped:
                reasons = ", ".join(f"{r} ({n})" for r, n in s.skipped.items())
                out.append(f"{s.model} does not score: {reasons}.")
        out += [f"{s.model}: {s.description}." for s in self.scores]
        out += [f"Note: {n}" for n in self.notes]
        out.append(f"Cite: {self.citation}")
        return "\n".join(
            textwrap.fill(t, 100, subsequent_indent="  ") if len(t) > 100 else t for t in out
        )

    def __repr__(self) -> str:
        return self.table()

    def _repr_html_(self) -> str:
        notes = "".join(f"<p>{html.escape(n)}</p>" for n in self.notes)
        return self.scores_frame().to_html() + notes


def _num(value: float, error: float) -> str:
    text = f"{value:.2f}"
    return text if error == 0 else f"~{text}"


@functools.cache
def _predict(name: str) -> tuple[Forecast | str, ...]:
    """Every issue's forecast by model ``name``, or the reason it is not scored (cached)."""
    model = MODELS[name]
    out: list[Forecast | str] = []
    for issue in _issues():
        try:
            out.append(model.predict(issue))
        except NotScored as reason:
            out.append(str(reason))
    return tuple(out)


def _resolve_models(models: Iterable[str] | str | None) -> list[str]:
    if models is None:
        return list(MODELS)
    names = [models] if isinstance(models, str) else list(models)
    if not names:
        raise PivotalError("models", one_of(MODELS), "none", "Name at least one model.")
    for name in names:
        if name not in MODELS:
            raise PivotalError(
                "model", one_of(MODELS), repr(name), "Pick models from the list (or leave out)."
            )
    return list(dict.fromkeys(names))


def _summary(
    issues: Sequence[DeuIssue], forecasts: Sequence[Forecast | str], chosen: Sequence[int]
) -> tuple[Fraction | float, float, int, Fraction | None]:
    """(MAE, its error bound, hits within 10, mean CRPS or None) over the issues ``chosen``."""
    errors: list[Fraction | float] = []
    bound = 0.0
    hits = 0
    crps: list[Fraction] = []
    for k in chosen:
        f = forecasts[k]
        if not isinstance(f, Forecast):  # an internal invariant: callers pass scored issues
            raise RuntimeError(f"issue {issues[k].issue} is not scored: {f}")
        e = abs(f.value - issues[k].outcome)
        errors.append(e)
        bound += f.error
        hits += e <= HIT_WITHIN
        if f.crps is not None:
            crps.append(f.crps)
    n = len(chosen)
    if not n:
        return float("nan"), 0.0, 0, None
    if all(isinstance(e, Fraction) for e in errors):
        mae: Fraction | float = sum(errors, Fraction(0)) / n  # type: ignore[arg-type]
    else:
        mae = float(sum(float(e) for e in errors)) / n
    return mae, bound / n, hits, (sum(crps, Fraction(0)) / n if crps else None)


def backtest(dataset: str = "deu", models: Iterable[str] | str | None = None) -> Backtest:
    """Score ``models`` (names of :data:`MODELS`; all by default) on ``dataset`` (one of
    :data:`DATASETS`)."""
    if dataset not in DATASETS:
        raise PivotalError(
            "dataset", one_of(DATASETS), repr(dataset), "Write: pivotal backtest deu."
        )
    return backtest_deu(models)


def backtest_deu(models: Iterable[str] | str | None = None) -> Backtest:
    """Score ``models`` (names of :data:`MODELS`; all by default) against the adopted outcomes
    of the 351 usable DEU I-III issues (see the module notes for the models and scores).

    Predictions are cached per model, so a second call costs little.
    """
    names = _resolve_models(models)
    issues = _issues()
    predictions = {name: _predict(name) for name in names}
    common = [
        k for k in range(len(issues)) if all(isinstance(predictions[n][k], Forecast) for n in names)
    ]
    scores = []
    for name in names:
        model = MODELS[name]
        forecasts = predictions[name]
        scored = [k for k, f in enumerate(forecasts) if isinstance(f, Forecast)]
        skipped: dict[str, int] = {}
        for f in forecasts:
            if isinstance(f, str):
                skipped[f] = skipped.get(f, 0) + 1
        mae, bound, hits, crps = _summary(issues, forecasts, scored)
        c_mae, _, c_hits, c_crps = _summary(issues, forecasts, common)
        scores.append(
            ModelScore(
                model=name,
                description=model.description,
                distribution=model.distribution,
                issues=len(scored),
                skipped=skipped,
                mae=float(mae),
                mae_error=bound,
                hits_10=hits,
                crps=None if crps is None else float(crps),
                common_issues=len(common),
                common_mae=float(c_mae),
                common_hit_rate_10=c_hits / len(common) if common else float("nan"),
                common_crps=None if c_crps is None else float(c_crps),
                published_mae=model.published_mae,
            )
        )
    return Backtest(
        dataset="deu",
        issues=issues,
        scores=tuple(scores),
        predictions=predictions,
        common_issues=len(common),
        notes=tuple(_notes(issues, names)),
    )


def _notes(issues: Sequence[DeuIssue], names: Sequence[str]) -> list[str]:
    undated = sum(i.dated_by == "introduced" for i in issues)
    council = _council()
    stand_in = sum(council.attributes(i.day)[1] for i in issues)
    unsalient = [i for i in issues if i.unsalient]
    pairs = sum(len(i.unsalient) for i in issues)
    reinforced = sum(i.voting == "QMV(10)" for i in issues)
    notes = [
        "No model is fitted to the outcomes: capabilities come from the Council's rules, "
        "positions and saliences from the data, and no parameter is estimated (nothing to hold "
        "out; the 2016-2019 issues would be the hold-out set).",
        f"{undated} issues have no decision date (finact 999): the rule and capabilities in "
        "force on their introduction date are used.",
        f"{stand_in} issues decided in years without population figures in the eu_council file "
        f"(2017-2019) use the 2016 EU-28 shares for the Lisbon rule and population "
        "capabilities: an approximation (the members were the same).",
        f"{pairs} positions on {len(unsalient)} issues have no coded salience: salience 0 (they "
        "weigh nothing in the salience-weighted models; they count in the mean and median).",
        "The Commission and the Parliament have the largest member's capability (votes, "
        "population share or power index) in the compromise and Nash models.",
        "Nice-era qualified majority: votes and a majority of the members; the 62% population "
        "check a member may request is not applied (figures carried for 2006 only). Not "
        "modelled: the option to vote under the Nice weights until 2017-03-31.",
        f"counvte QMV(10) ({reinforced} issues): the qualified majority with at least 10 members "
        "(acts not on a Commission proposal).",
        "MAE and hit rates are exact rationals shown as the nearest floats; a model with float "
        "predictions (Nash, by bisection) gives its MAE with an error bound (mae_error).",
        "CRPS of a point forecast equals its absolute error, so point models carry no CRPS: "
        "compare their MAE with a distribution's CRPS.",
    ]
    if len(names) > 1:
        notes.append(
            "The common subset holds the issues every model of this run scores; the models "
            "that need the reference point (procedural, nash) do not score the issues without it."
        )
    return notes
