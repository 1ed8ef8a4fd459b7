"""UN General Assembly votes and ideal points: a sourced proxy for states' positions.

There is no coded data set of, say, the CSTO members' positions on CSTO matters; how states vote
in the UN General Assembly is the sourced stand-in. Two measures, both labelled status
``"proxy"``:

* the **ideal point** of Bailey, Strezhnev and Voeten [1]_ (BSV) for the session that opens in
  September of ``year``: ``session = year - 1945`` (session 66 = 2011-12). Higher means closer
  to the US-led liberal order. With it the 5% and 95% quantiles of its posterior, and
  ``sd = (Q95 - Q5) / (2 z_0.95)``, ``z_0.95 = 1.6449``: the standard deviation of a normal
  distribution with the same 90% interval (an approximation; BSV publish quantiles, not an sd);
* the **agreement** of a member i with a member j over a set R of roll calls [2]_ [3]_:

  ``agreement(i, j) = #{r in B : v_i(r) = v_j(r)} / #B``, ``B = {r in R : i and j both voted}``,

  where a vote is yes, no or abstain, so an abstention agrees only with an abstention. Absences
  are not recorded in the data: a roll call on which either did not vote is left out of B.
  R is, by default (``roll_calls="years"``), every roll call dated in the calendar years
  ``year`` and ``year + 1``: this is the definition that reproduces the published figures
  ("share of 2011-12 roll calls on which each CSTO member voted as Russia did": UZB 0.825,
  BLR 0.808, TJK 0.794, KAZ 0.765, KGZ 0.763, ARM 0.757, over the 191 roll calls dated 2011 or
  2012). ``roll_calls="session"`` takes only the session's own roll calls (session 66: UZB
  0.847 ... ARM 0.767).

>>> from pivotal.datasets import unga_positions
>>> result = unga_positions(["RUS", "BLR", "ARM"], 2011, agree_with="RUS")
>>> [round(p.ideal_point, 2) for p in result.positions]
[-0.18, -0.57, 0.08]
>>> [(p.member, p.same_votes, p.compared) for p in result.positions]
[('RUS', 190, 190), ('BLR', 147, 182), ('ARM', 134, 177)]
>>> round(float(result.positions[1].agreement), 3)
0.808

References
----------
.. [1] Bailey, M. A., Strezhnev, A. and Voeten, E. (2017), "Estimating Dynamic State Preferences
   from United Nations Voting Data", Journal of Conflict Resolution 61(2): 430-456; estimates of
   April 2020.
.. [2] Voeten, E., "United Nations General Assembly Voting Data", Harvard Dataverse,
   hdl:1902.1/12379 (CC0).
.. [3] Robinson, D., ``unvotes`` R package (MIT licence): the same votes, roll calls and issues
   as packaged there, converted to CSV.
"""

from __future__ import annotations

import datetime as _dt
import functools
import html
import json
import math
import re
import statistics
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import pandas as pd

from pivotal.datasets._files import data_file
from pivotal.errors import PivotalError

__all__ = [
    "ROLL_CALL_WINDOWS",
    "SOURCES",
    "UNGA_NAME_MISMATCHES",
    "UngaPosition",
    "UngaPositions",
    "session_for_year",
    "unga_ideal_points",
    "unga_iso2_to_iso3",
    "unga_positions",
    "unga_roll_call_issues",
    "unga_roll_calls",
    "unga_votes",
    "unga_years",
    "year_for_session",
]

IDEAL_POINTS_FILE = "ideal_points_bsv_apr2020.csv.gz"
VOTES_FILE = "un_votes.csv.gz"
ROLL_CALLS_FILE = "un_roll_calls.csv.gz"
ISSUES_FILE = "un_roll_call_issues.csv.gz"

#: The sources behind the two measures, by the keys scenario files and JSON use.
SOURCES: dict[str, str] = {
    "unga_bsv": (
        "Bailey, Strezhnev and Voeten (2017), Estimating Dynamic State Preferences from United "
        "Nations Voting Data, JCR 61(2); Voeten, United Nations General Assembly Voting Data, "
        "Harvard Dataverse, hdl:1902.1/12379 (CC0)"
    ),
    "unga_votes": (
        "Voeten, United Nations General Assembly Voting Data, Harvard Dataverse, "
        "hdl:1902.1/12379 (CC0), as packaged by the unvotes R package (D. Robinson, MIT licence)"
    ),
}

#: Which roll calls agreement counts: see the module docstring.
ROLL_CALL_WINDOWS: tuple[str, ...] = ("years", "session")

#: Names in the votes file that are spelled differently in the ideal-point file (or absent
#: from it), with the member id each stands for. ``None``: no id (Zanzibar voted twice in 1964,
#: before its union with Tanganyika, and has no ideal point).
UNGA_NAME_MISMATCHES: dict[str, str | None] = {
    "Côte d’Ivoire": "CIV",  # ideal points: "Côte dIvoire"
    "Eswatini": "SWZ",  # ideal points: "Swaziland"
    "North Macedonia": "MKD",  # ideal points: "Macedonia"
    "Federal Republic of Germany": "DEU",  # ideal points: "German Federal Republic" (COW 260)
    "Zanzibar": None,
}

#: Corrections of the ideal-point file's ``iso3c``, by COW code: South Yemen (COW 680, "Yemen
#: People's Republic") is labelled YAR there, the code of North Yemen (COW 678), so both would
#: share one id in 1967-1990; YMD is its ISO 3166-3 code.
_ID_CORRECTIONS: dict[int, str] = {680: "YMD"}

_Z95 = statistics.NormalDist().inv_cdf(0.95)
_DIMENSION = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_DESCRIPTION = "higher = closer to the US-led liberal order"


def session_for_year(year: int) -> int:
    """The General Assembly session that opens in September of ``year``: ``year - 1945``.

    >>> session_for_year(2011), year_for_session(66)
    (66, 2011)
    """
    return year - 1945


def year_for_session(session: int) -> int:
    """The year in whose September ``session`` opens: ``session + 1945``."""
    return session + 1945


def _span(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


# ------------------------------------------------------------------------------------ the files
@functools.lru_cache(maxsize=1)
def _ideal_points() -> pd.DataFrame:
    with data_file(IDEAL_POINTS_FILE).open("rb") as fh:
        # The file is Latin-1 (São Tomé & Príncipe), as distributed.
        frame = pd.read_csv(fh, compression="gzip", encoding="latin-1")
    frame = frame.drop(columns=["Row"])
    frame["id"] = [
        _ID_CORRECTIONS.get(c, iso) for c, iso in zip(frame["ccode"], frame["iso3c"], strict=True)
    ]
    frame["year"] = frame["session"].map(year_for_session)
    return frame


@functools.lru_cache(maxsize=1)
def _name_ids() -> dict[str, str | None]:
    """Country name (as the votes file spells it) -> member id."""
    points = _ideal_points()
    out: dict[str, str | None] = {}
    for name, ids in points.groupby("Countryname")["id"]:
        (only,) = set(ids)  # one id per name in the shipped file (checked by the tests)
        out[str(name)] = str(only)
    out.update(UNGA_NAME_MISMATCHES)
    return out


@functools.lru_cache(maxsize=1)
def _votes() -> pd.DataFrame:
    with data_file(VOTES_FILE).open("rb") as fh:
        # Namibia's ISO code is "NA": only an empty cell is missing.
        frame = pd.read_csv(
            fh, compression="gzip", keep_default_na=False, na_values=[""], dtype=str
        )
    frame["rcid"] = frame["rcid"].astype(float).astype("int64")
    names = _name_ids()
    unknown = sorted(set(frame["country"]) - set(names))
    if unknown:  # pragma: no cover - the shipped files are checked by the tests
        raise RuntimeError(f"votes file: names without a member id: {unknown}")
    frame["id"] = frame["country"].map(names)
    for col in ("country", "country_code", "vote", "id"):
        frame[col] = frame[col].astype("category")
    return frame


@functools.lru_cache(maxsize=1)
def _roll_calls() -> pd.DataFrame:
    with data_file(ROLL_CALLS_FILE).open("rb") as fh:
        frame = pd.read_csv(fh, compression="gzip", keep_default_na=False, na_values=[""])
    frame["rcid"] = frame["rcid"].astype("int64")
    frame["session"] = frame["session"].astype("int64")
    for col in ("importantvote", "amend", "para"):
        frame[col] = frame[col].astype("Int64")
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    return frame


@functools.lru_cache(maxsize=1)
def _issues() -> pd.DataFrame:
    with data_file(ISSUES_FILE).open("rb") as fh:
        frame = pd.read_csv(fh, compression="gzip", keep_default_na=False, na_values=[""])
    frame["rcid"] = frame["rcid"].astype("int64")
    return frame


def unga_ideal_points() -> pd.DataFrame:
    """BSV ideal points [1]_, one row per state and session (sessions 1-74 but 19, which had no
    recorded votes).

    The file's columns (``ccode`` COW code, ``session``, ``NVotes``, ``IdealPoint``, the
    posterior quantiles ``QO%`` (the minimum, spelled so in the file), ``Q5%``, ``Q10%``,
    ``Q50%``, ``Q90%``, ``Q95%``, ``Q100%``, ``iso3c``, ``Countryname``) less its row number, plus
    ``id`` (the member id: ``iso3c``, but YMD for South Yemen, which the file labels YAR) and
    ``year`` (``session + 1945``). A fresh copy on every call.
    """
    return _ideal_points().copy()


def unga_votes() -> pd.DataFrame:
    """Every recorded vote [2]_ [3]_: ``rcid`` (roll call), ``country``, ``country_code`` (ISO
    3166 alpha-2; empty for the Federal Republic of Germany, the Yemen Arab Republic and
    Zanzibar), ``vote`` (yes, no, abstain; absences are not recorded) and ``id`` (the member
    id, see :func:`unga_iso2_to_iso3`). Text columns are categoricals. A fresh copy."""
    return _votes().copy()


def unga_roll_calls() -> pd.DataFrame:
    """The roll calls [3]_: ``rcid``, ``session``, ``importantvote``, ``date`` (datetime64),
    ``unres``, ``amend``, ``para``, ``short``, ``descr``. A fresh copy."""
    return _roll_calls().copy()


def unga_roll_call_issues() -> pd.DataFrame:
    """Issue codes of some roll calls [3]_: ``rcid``, ``short_name``, ``issue``. A fresh copy."""
    return _issues().copy()


def unga_iso2_to_iso3() -> dict[str, str]:
    """ISO 3166 alpha-2 codes of the votes file -> member ids (ISO alpha-3; YMD, DDR, CSK, YUG
    for states that no longer exist).

    Built from the shipped files: the votes file's country names are matched with the
    ideal-point file's names, which carry ISO3 ids; :data:`UNGA_NAME_MISMATCHES` covers the
    names spelled differently.

    >>> mapping = unga_iso2_to_iso3()
    >>> mapping["RU"], mapping["BY"], mapping["NA"], mapping["CI"]
    ('RUS', 'BLR', 'NAM', 'CIV')
    """
    votes = _votes()
    pairs = votes[["country_code", "id"]].dropna().drop_duplicates()
    return {
        str(code): str(iso)
        for code, iso in sorted(zip(pairs["country_code"], pairs["id"], strict=True))
    }


def unga_years() -> tuple[int, ...]:
    """The years with BSV ideal points (the September each session opens): 1946-2019 but 1964."""
    return tuple(sorted(int(y) for y in _ideal_points()["year"].unique()))


# ------------------------------------------------------------------------------------ positions
@dataclass(frozen=True)
class UngaPosition:
    """One member's position for one session: its BSV ideal point with its 90% interval, and
    (when asked) how often it voted as another member did."""

    member: str
    name: str
    ideal_point: float
    q5: float
    q95: float
    nvotes: int
    same_votes: int | None = None
    compared: int | None = None

    @property
    def sd(self) -> float:
        """``(Q95 - Q5) / (2 z_0.95)``: the sd of a normal with the same 90% interval."""
        return (self.q95 - self.q5) / (2 * _Z95)

    @property
    def agreement(self) -> Fraction | None:
        """``same_votes / compared``, exact; ``None`` when not asked or nothing to compare."""
        if self.same_votes is None or not self.compared:
            return None
        return Fraction(self.same_votes, self.compared)


@dataclass(frozen=True)
class UngaPositions:
    """The result of :func:`unga_positions`: positions of several members for one session."""

    year: int
    session: int
    positions: tuple[UngaPosition, ...]
    agree_with: str | None = None
    roll_calls: str = "years"
    window: tuple[_dt.date, _dt.date, int] | None = None
    notes: tuple[str, ...] = ()

    @property
    def members(self) -> tuple[str, ...]:
        return tuple(p.member for p in self.positions)

    @property
    def label(self) -> str:
        """``session 66 (2011-12)``."""
        return f"session {self.session} ({_span(self.year)})"

    @property
    def sources(self) -> dict[str, str]:
        keys = ["unga_bsv"] + (["unga_votes"] if self.agree_with else [])
        return {k: SOURCES[k] for k in keys}

    def _record(self, p: UngaPosition) -> dict[str, Any]:
        """One member's values, as the table and the JSON both give them (sources apart)."""
        record: dict[str, Any] = {
            "member": p.member,
            "name": p.name,
            "ideal_point": p.ideal_point,
            "q5": p.q5,
            "q95": p.q95,
            "sd": p.sd,
            "nvotes": p.nvotes,
        }
        if self.agree_with:
            agreement = p.agreement
            record["agreement"] = None if agreement is None else float(agreement)
            record["same_votes"] = p.same_votes
            record["roll_calls_compared"] = p.compared
        record["status"] = "proxy"
        return record

    def to_frame(self) -> pd.DataFrame:
        """One row per member: ``name``, ``ideal_point``, ``q5``, ``q95``, ``sd``, ``nvotes``;
        with ``agree_with`` also ``agreement`` (the float nearest to ``same_votes /
        roll_calls_compared``), ``same_votes``, ``roll_calls_compared``; then ``status``
        (``proxy``) and ``sources``."""
        rows = [{**self._record(p), "sources": ", ".join(self.sources)} for p in self.positions]
        frame = pd.DataFrame(rows).set_index("member")
        frame.attrs.update(
            year=self.year,
            session=self.session,
            agree_with=self.agree_with,
            roll_calls=self.roll_calls,
            notes=list(self.notes),
        )
        return frame

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``pivotal positions unga`` (documented in docs/json.md)."""
        window = None
        if self.window is not None:
            start, end, count = self.window
            window = {"from": start.isoformat(), "to": end.isoformat(), "roll_calls": count}
        positions = [{**self._record(p), "sources": list(self.sources)} for p in self.positions]
        return {
            "source": "unga",
            "dimension": f"UN General Assembly ideal point (BSV); {_DESCRIPTION}",
            "year": self.year,
            "session": self.session,
            "session_label": _span(self.year),
            "members": list(self.members),
            "agree_with": self.agree_with,
            "roll_calls": self.roll_calls,
            "roll_call_window": window,
            "positions": positions,
            "notes": list(self.notes),
            "sources": self.sources,
        }

    def table(self) -> str:
        """Plain text for a terminal (values rounded to 3 places for display only)."""
        head = ["member", "name", "ideal", "Q5", "Q95", "sd", "votes"]
        if self.agree_with:
            head += [f"agree {self.agree_with}", "same/compared"]
        rows = []
        for p in self.positions:
            row = [p.member, p.name]
            row += [f"{x:+.3f}" for x in (p.ideal_point, p.q5, p.q95)]
            row += [f"{p.sd:.3f}", str(p.nvotes)]
            if self.agree_with:
                agreement = p.agreement
                row.append("-" if agreement is None else f"{float(agreement):.3f}")
                row.append(f"{p.same_votes}/{p.compared}")
            rows.append(row)
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
        text_cols = {0, 1}

        def line(cells: list[str]) -> str:
            return "  ".join(
                c.ljust(w) if i in text_cols else c.rjust(w)
                for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            ).rstrip()

        out = [
            f"UN General Assembly positions, {self.label}; status: proxy",
            line(head),
            *(line(r) for r in rows),
            "",
            f"ideal: BSV ideal point ({_DESCRIPTION}); Q5-Q95: its 90% interval;",
            "sd = (Q95 - Q5) / 3.29, a normal approximation; shown rounded to 3 places.",
        ]
        if self.agree_with and self.window is not None:
            start, end, count = self.window
            out.append(
                f"agree {self.agree_with}: share of the roll calls both voted on where the member "
                f"voted as {self.agree_with} did (yes, no or abstain), among the {count} roll "
                f"calls of {start.isoformat()} to {end.isoformat()}."
            )
        out += [f"Note: {n}" for n in self.notes]
        out += [f"Source {k}: {v}" for k, v in self.sources.items()]
        return "\n".join(
            textwrap.fill(line, 100, subsequent_indent="  ") if len(line) > 100 else line
            for line in out
        )

    def __repr__(self) -> str:
        return self.table()

    def _repr_html_(self) -> str:
        frame = self.to_frame().drop(columns=["sources"])
        caption = html.escape(
            f"UN General Assembly positions, {self.label}; status: proxy; "
            + "; ".join(f"{k}: {v}" for k, v in self.sources.items())
        )
        notes = "".join(f"<p>{html.escape(n)}</p>" for n in self.notes)
        return frame.to_html() + f"<p>{caption}</p>" + notes

    def to_scenario_yaml(self, dimension: str = "unga", value: str = "ideal_point") -> str:
        """A ``positions:`` block (with its ``sources:``) for a scenario file of the outcomes
        stage, on the dimension ``dimension``.

        ``value="ideal_point"``: the BSV ideal point, with a normal uncertainty of the sd above.
        ``value="agreement"`` (needs ``agree_with``): the share of votes cast as ``agree_with``
        did, with the binomial standard error ``sqrt(p (1 - p) / n)`` as its sd (approximate:
        it treats the n roll calls as independent draws).

        >>> import yaml
        >>> text = unga_positions(["RUS"], 2011).to_scenario_yaml("nato")
        >>> print(text[:100])
        positions:
          RUS: {nato: -0.1825269, status: proxy, sources: [unga_bsv], note: "UN General Assembly
        >>> rus = yaml.safe_load(text)["positions"]["RUS"]
        >>> print(rus["note"])
        UN General Assembly ideal point, session 66 (2011-12); higher = closer to the US-led
        liberal order
        >>> normal = rus["uncertainty"]["nato"]["normal"]
        >>> normal["mean"], round(normal["sd"], 4)
        (-0.1825269, 0.1006)
        """
        if not isinstance(dimension, str) or not _DIMENSION.match(dimension):
            raise PivotalError(
                "dimension",
                "an id of letters, digits and '_', starting with a letter (e.g. nato)",
                repr(dimension),
                "Name the scenario's dimension, e.g. dimension='nato'.",
            )
        if value not in ("ideal_point", "agreement"):
            raise PivotalError(
                "value", "one of 'ideal_point', 'agreement'", repr(value), "Pick one of them."
            )
        if value == "agreement" and self.agree_with is None:
            raise PivotalError(
                "value",
                "'ideal_point', or 'agreement' for a result computed with agree_with",
                repr(value),
                "Call unga_positions(..., agree_with='RUS') first.",
            )
        key = "unga_bsv" if value == "ideal_point" else "unga_votes"
        start, end, _ = self.window or (None, None, 0)
        lines = ["positions:"]
        for p in self.positions:
            if value == "ideal_point":
                mean, sd = p.ideal_point, p.sd
                note = f"UN General Assembly ideal point, {self.label}; {_DESCRIPTION}"
            else:
                agreement = p.agreement
                if agreement is None:
                    continue  # nothing to compare: no position to state
                mean = float(agreement)
                sd = math.sqrt(mean * (1 - mean) / (p.compared or 1))
                note = (
                    f"share of the {p.compared} UN General Assembly roll calls of "
                    f"{start} to {end} on which both voted where "
                    f"{p.member} voted as {self.agree_with} did"
                )
            lines.append(
                f"  {p.member}: {{{dimension}: {mean!r}, status: proxy, sources: [{key}], "
                f"note: {json.dumps(note, ensure_ascii=False)}, uncertainty: "
                f"{{{dimension}: {{normal: {{mean: {mean!r}, sd: {sd!r}}}}}}}}}"
            )
        lines += ["sources:", f"  {key}: {json.dumps(SOURCES[key], ensure_ascii=False)}"]
        return "\n".join(lines)


def _nearest(years: Iterable[int], year: int) -> str:
    ordered = sorted(set(years))
    below = [y for y in ordered if y < year]
    above = [y for y in ordered if y > year]
    near = ([below[-1]] if below else []) + ([above[0]] if above else [])
    return " or ".join(str(y) for y in near)


def _check_year(year: object) -> int:
    years = unga_years()
    if isinstance(year, bool) or not isinstance(year, int) or year not in years:
        allowed = (
            f"a year from {years[0]} to {years[-1]} with BSV ideal points (the session opening "
            f"that September, session = year - 1945; none for 1964: session 19 had no "
            "recorded votes)"
        )
        if isinstance(year, int) and not isinstance(year, bool):
            fix = f"Use the nearest year with data: {_nearest(years, year)}."
        else:
            fix = "Give the year as a whole number, e.g. 2011."
        raise PivotalError("year", allowed, repr(year), fix)
    return year


def _check_members(members: Iterable[str] | str, session: int) -> list[str]:
    if isinstance(members, str):
        members = [members]
    chosen = [str(m).strip() for m in members]
    points = _ideal_points()
    present = sorted(points.loc[points["session"] == session, "id"])
    year = year_for_session(session)
    if not chosen:
        raise PivotalError(
            "members",
            f"one or more member ids with an ideal point in session {session}: "
            + ", ".join(present),
            "none",
            "Name the members, e.g. RUS,BLR,KAZ.",
        )
    seen: set[str] = set()
    for member in chosen:
        if member in seen:
            raise PivotalError(
                "members", "each member once", repr(member), "Remove the repeated id."
            )
        seen.add(member)
        if member in present:
            continue
        years = points.loc[points["id"] == member, "year"]
        if len(years):
            fix = (
                f"{member} has ideal points for {years.min()}-{years.max()} but none for "
                f"{year}; nearest years: {_nearest(years, year)}."
            )
        elif member.upper() in present:
            fix = f"Ids are upper case: {member.upper()}."
        else:
            fix = "Use an ISO 3166 alpha-3 id from the list."
        raise PivotalError(
            "members",
            f"ISO3 ids of states with an ideal point in session {session} ({_span(year)}): "
            + ", ".join(present),
            repr(member),
            fix,
        )
    return chosen


def _window(year: int, roll_calls: str) -> tuple[pd.Series, _dt.date, _dt.date]:
    """The roll calls agreement counts, and the first and last day they cover."""
    calls = _roll_calls()
    if roll_calls == "years":
        start, end = _dt.date(year, 1, 1), _dt.date(year + 1, 12, 31)
        dates = calls["date"].dt.date
        chosen = calls.loc[(dates >= start) & (dates <= end), "rcid"]
        return chosen, start, end
    chosen_rows = calls.loc[calls["session"] == session_for_year(year)]
    return (
        chosen_rows["rcid"],
        chosen_rows["date"].min().date(),
        chosen_rows["date"].max().date(),
    )


def unga_positions(
    members: Iterable[str] | str,
    year: int,
    agree_with: str | None = None,
    roll_calls: str = "years",
) -> UngaPositions:
    """Positions of ``members`` (ISO3 ids) for the General Assembly session that opens in
    September of ``year`` (``session = year - 1945``), as proxies.

    For each member: its BSV ideal point, Q5 and Q95, ``sd = (Q95 - Q5) / (2 z_0.95)`` and the
    number of votes the estimate rests on (``NVotes``). With ``agree_with`` (an ISO3 id) also
    ``agreement = same_votes / compared``: among the roll calls of the window on which both voted,
    the share where the member voted as ``agree_with`` did (yes, no or abstain alike). The window
    (``roll_calls``) is ``"years"``: the roll calls dated in the calendar years ``year`` and
    ``year + 1``, as the published figures count them; or ``"session"``: the session's own.
    See the module docstring for the worked values.
    """
    year = _check_year(year)
    session = session_for_year(year)
    if roll_calls not in ROLL_CALL_WINDOWS:
        raise PivotalError(
            "roll_calls",
            "one of " + ", ".join(f"'{w}'" for w in ROLL_CALL_WINDOWS),
            repr(roll_calls),
            "Use 'years' (calendar years year and year + 1) or 'session' (the session's own).",
        )
    chosen = _check_members(members, session)
    points = _ideal_points()
    rows = points[points["session"] == session].set_index("id")
    notes = [
        f"Session {session} of the General Assembly opened in September {year} "
        f"(session = year - 1945)."
    ]
    counts: dict[str, tuple[int, int]] = {}
    window = None
    if agree_with is not None:
        counts, window, extra = _agreement(chosen, agree_with, year, roll_calls)
        notes += extra
    positions = []
    for member in chosen:
        row = rows.loc[member]
        same, compared = counts.get(member, (None, None))
        positions.append(
            UngaPosition(
                member=member,
                name=str(row["Countryname"]),
                ideal_point=float(row["IdealPoint"]),
                q5=float(row["Q5%"]),
                q95=float(row["Q95%"]),
                nvotes=int(row["NVotes"]),
                same_votes=same,
                compared=compared,
            )
        )
    return UngaPositions(
        year=year,
        session=session,
        positions=tuple(positions),
        agree_with=agree_with,
        roll_calls=roll_calls,
        window=window,
        notes=tuple(notes),
    )


def _agreement(
    members: list[str], agree_with: str, year: int, roll_calls: str
) -> tuple[dict[str, tuple[int, int]], tuple[_dt.date, _dt.date, int], list[str]]:
    rcids, start, end = _window(year, roll_calls)
    votes = _votes()
    voters = set(votes["id"].dropna().unique())
    in_window = votes[votes["rcid"].isin(set(rcids))]
    here = sorted(str(m) for m in in_window["id"].dropna().unique())
    if agree_with not in here:
        fix = (
            "Pick a member that voted then."
            if agree_with in voters
            else "Use an ISO 3166 alpha-3 id from the list."
        )
        raise PivotalError(
            "agree_with",
            f"the ISO3 id of a state that voted in a roll call of {start.isoformat()} to "
            f"{end.isoformat()}: " + ", ".join(here),
            repr(agree_with),
            fix,
        )
    wanted = {*members, agree_with}
    sub = in_window[in_window["id"].isin(wanted)]
    table = pd.DataFrame(
        {"rcid": sub["rcid"], "id": sub["id"].astype(str), "vote": sub["vote"].astype(str)}
    ).pivot(index="rcid", columns="id", values="vote")
    reference = table[agree_with]
    counts = {}
    for member in members:
        if member not in table:
            counts[member] = (0, 0)
            continue
        mine = table[member]
        both = mine.notna() & reference.notna()
        counts[member] = (int((mine[both] == reference[both]).sum()), int(both.sum()))
    how = (
        f"the calendar years {year} and {year + 1}, as the published figures count them"
        if roll_calls == "years"
        else f"session {session_for_year(year)}'s own roll calls"
    )
    notes = [
        f"Agreement with {agree_with}: {len(rcids)} roll calls dated {start.isoformat()} to "
        f"{end.isoformat()} ({how}); a roll call counts when both voted (absences are not "
        "recorded), and an abstention agrees only with an abstention."
    ]
    last = _roll_calls()["date"].max().date()
    if end > last:
        notes.append(f"The votes data end on {last.isoformat()}: the window is cut short.")
    silent = [m for m in members if counts[m][1] == 0]
    if silent:
        notes.append(
            "No roll call to compare (did not vote in the window): " + ", ".join(silent) + "."
        )
    return counts, (start, end, len(rcids)), notes
