"""DEU I-III: positions, saliences and outcomes of 364 controversial issues in EU legislation.

Each row of the data set is one controversial issue of a legislative proposal decided in the
Council of the EU between 1996 and 2019 [1]_ [2]_ [3]_. On each issue the experts interviewed
placed every actor's initial position on a 0-100 scale, its salience (0-100), the reference point
(status quo) and the adopted outcome.

Definitions used here:

* an issue is **usable** when its outcome is coded and at least three actors have a position:
  ``usable = (out is not missing) and #{a : p_a is not missing} >= 3``. This gives the 351 issues
  on which the published baselines are computed (compromise model, a capability x salience
  weighted mean of positions, mean absolute error 23.0 on the 0-100 scale) [4]_;
* the **Council members** of an issue are the member states of the EU on its decision date
  ``decided``: EU-15 from 1995-01-01, EU-25 from 2004-05-01, EU-27 from 2007-01-01, EU-28 from
  2013-07-01 (and EU-27 again from 2020-02-01), i.e. ``{s : joined_s <= decided < left_s}``.

The file's two date columns are repaired on reading (see :func:`parse_deu_date`): ``intro`` becomes
``introduced`` and ``finact`` becomes ``decided`` (``NaT`` where the file has ``999``).

>>> from pivotal.datasets import deu
>>> frame = deu()
>>> len(frame), int(frame["usable"].sum())
(364, 351)
>>> row = frame.loc[frame["isnr"] == "d00032i1"].iloc[0]
>>> row["finact"], row["decided"].date().isoformat(), len(row["council_members"])
('1930-05-01', '2001-05-30', 15)

References
----------
.. [1] Thomson, R., Stokman, F. N., Achen, C. H. and König, T. (eds.) (2006), *The European Union
   Decides*, Cambridge University Press (DEU I).
.. [2] Thomson, R. et al. (2012), Journal of European Public Policy 19(4) (DEU II).
.. [3] Arregui, J. and Perarnaud, C. (2022), "A new dataset on legislative decision-making in the
   European Union: the DEU III dataset", Journal of European Public Policy 29(1);
   data: https://doi.org/10.34810/data53.
.. [4] The combined file and baselines as distributed with a public replication
   (predictioneers_game, 2024); see ``pivotal/datasets/data/README.md``.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re

import numpy as np
import pandas as pd

from pivotal.datasets._files import data_file, to_day
from pivotal.errors import PivotalError

__all__ = [
    "DEU_ACTORS",
    "DEU_CITATION",
    "DEU_INSTITUTIONS",
    "DEU_STATES",
    "EU_MEMBERSHIP",
    "council_members",
    "deu",
    "deu_gdp",
    "deu_positions",
    "parse_deu_date",
]

DEU_FILE = "deu3.tsv"

DEU_CITATION = (
    "Decision-making in the European Union (DEU I-III). Thomson, R., Stokman, F. N., Achen, C. H. "
    "and König, T. (eds.) (2006), The European Union Decides, Cambridge University Press (DEU I); "
    "Thomson, R. et al. (2012), Journal of European Public Policy 19(4) (DEU II); Arregui, J. and "
    "Perarnaud, C. (2022), 'A new dataset on legislative decision-making in the European Union: "
    "the DEU III dataset', Journal of European Public Policy 29(1), data: "
    "https://doi.org/10.34810/data53. Combined file as distributed with a public replication "
    "(predictioneers_game, 2024)."
)

#: DEU member-state codes -> ISO 3166-1 alpha-3 (the project's member ids), in the file's order.
#: ``bu`` is Bulgaria, ``cr`` Croatia, ``el`` Greece, ``uk`` the United Kingdom.
DEU_STATES: dict[str, str] = {
    "at": "AUT",
    "be": "BEL",
    "bu": "BGR",
    "cr": "HRV",
    "cy": "CYP",
    "cz": "CZE",
    "dk": "DNK",
    "ee": "EST",
    "fi": "FIN",
    "fr": "FRA",
    "de": "DEU",
    "el": "GRC",
    "hu": "HUN",
    "ie": "IRL",
    "it": "ITA",
    "lv": "LVA",
    "lt": "LTU",
    "lu": "LUX",
    "mt": "MLT",
    "nl": "NLD",
    "pl": "POL",
    "pt": "PRT",
    "ro": "ROU",
    "si": "SVN",
    "sk": "SVK",
    "es": "ESP",
    "se": "SWE",
    "uk": "GBR",
}

#: The two EU institutions coded as actors (no ISO id: they are not member states).
DEU_INSTITUTIONS: dict[str, str] = {"com": "European Commission", "ep": "European Parliament"}

#: Every actor code, in the order of the file's columns (``p<actor>``, ``s<actor>``).
DEU_ACTORS: tuple[str, ...] = (*DEU_INSTITUTIONS, *DEU_STATES)

#: EU membership (ISO3, first day, first day no longer a member), in the order of the project's
#: ``eu_council`` organization file. Accession dates as in that file (CVCE table; Croatia from
#: sumtxt/coresize); the United Kingdom's membership ends with 2020-01-31.
EU_MEMBERSHIP: tuple[tuple[str, _dt.date, _dt.date | None], ...] = tuple(
    (iso, _dt.date.fromisoformat(joined), None if left is None else _dt.date.fromisoformat(left))
    for iso, joined, left in (
        ("BEL", "1958-01-01", None),
        ("DEU", "1958-01-01", None),
        ("FRA", "1958-01-01", None),
        ("ITA", "1958-01-01", None),
        ("LUX", "1958-01-01", None),
        ("NLD", "1958-01-01", None),
        ("DNK", "1973-01-01", None),
        ("IRL", "1973-01-01", None),
        ("GBR", "1973-01-01", "2020-02-01"),
        ("GRC", "1981-01-01", None),
        ("ESP", "1986-01-01", None),
        ("PRT", "1986-01-01", None),
        ("AUT", "1995-01-01", None),
        ("FIN", "1995-01-01", None),
        ("SWE", "1995-01-01", None),
        ("CYP", "2004-05-01", None),
        ("CZE", "2004-05-01", None),
        ("EST", "2004-05-01", None),
        ("HUN", "2004-05-01", None),
        ("LVA", "2004-05-01", None),
        ("LTU", "2004-05-01", None),
        ("MLT", "2004-05-01", None),
        ("POL", "2004-05-01", None),
        ("SVK", "2004-05-01", None),
        ("SVN", "2004-05-01", None),
        ("BGR", "2007-01-01", None),
        ("ROU", "2007-01-01", None),
        ("HRV", "2013-07-01", None),
    )
)

_FIRST_DAY = EU_MEMBERSHIP[0][1]

_DD_MM_YY = re.compile(r"(\d\d)-(\d\d)-(\d\d)")
_DD_MM_YYYY = re.compile(r"(\d\d)-(\d\d)-(\d{4})")
_MANGLED = re.compile(r"(\d{4})-(\d\d)-(\d\d)")

#: Columns of the file that hold whole numbers (the file's running numbers and codes).
_INT_COLUMNS = ("prnrnmc", "isnrnmc", "proccde", "issues")


def _century(yy: str) -> int:
    """Two-digit years of the data: 95-99 are the 1990s, 00-20 the 2000s (the data span
    1995-2019); the split at 50 only has to fall outside that span."""
    y = int(yy)
    return 1900 + y if y >= 50 else 2000 + y


def parse_deu_date(text: str) -> _dt.date | None:
    """Read a date of the DEU file's ``intro`` or ``finact`` column.

    The file mixes three spellings of one ``dd-mm-yy`` date:

    * ``dd-mm-yy`` (``30-03-98``) and ``dd-mm-yyyy`` (``14-12-1999``), as written;
    * ``yyyy-mm-dd`` made by a spreadsheet that read ``dd-mm-yy`` as ``yy-mm-dd``: the "year" holds
      the day (plus 1900 or 2000) and the "day" holds the year. So ``1930-05-01`` is 30-05-01,
      2001-05-30, and ``2023-07-01`` is 23-07-01, 2001-07-23: ``date(Y(dd), mm, yyyy mod 100)``;
    * ``999`` (or an empty cell): no date (``None``).

    >>> parse_deu_date("1930-05-01"), parse_deu_date("2023-07-01")
    (datetime.date(2001, 5, 30), datetime.date(2001, 7, 23))
    >>> parse_deu_date("26-01-00"), parse_deu_date("14-12-1999"), parse_deu_date("999")
    (datetime.date(2000, 1, 26), datetime.date(1999, 12, 14), None)
    """
    value = text.strip()
    if value in ("", "999"):
        return None
    try:
        if m := _DD_MM_YY.fullmatch(value):
            return _dt.date(_century(m[3]), int(m[2]), int(m[1]))
        if m := _DD_MM_YYYY.fullmatch(value):
            return _dt.date(int(m[3]), int(m[2]), int(m[1]))
        if m := _MANGLED.fullmatch(value):
            return _dt.date(_century(m[3]), int(m[2]), int(m[1]) % 100)
    except ValueError:
        pass  # a day or month out of range: reported below with the allowed spellings
    raise PivotalError(
        "date",
        "a DEU date: dd-mm-yy, dd-mm-yyyy, a spreadsheet-mangled yyyy-mm-dd, or 999 (missing)",
        repr(text),
        "Check the cell; a valid example is 30-05-01.",
    )


def council_members(day: _dt.date | str | pd.Timestamp) -> tuple[str, ...]:
    """The member states (ISO3 ids) in the Council of the EU on ``day``:
    ``{s : joined_s <= day < left_s}``, in the order of the ``eu_council`` organization file.

    >>> len(council_members("2004-04-30")), len(council_members("2004-05-01"))
    (15, 25)
    >>> len(council_members("2007-01-01")), len(council_members("2013-07-01"))
    (27, 28)
    """
    when = to_day(day, "day")
    if when < _FIRST_DAY:
        raise PivotalError(
            "day",
            f"a date on or after {_FIRST_DAY.isoformat()} (the EEC Treaty's entry into force)",
            when.isoformat(),
            "Pick a later date.",
        )
    return tuple(
        iso
        for iso, joined, left in EU_MEMBERSHIP
        if joined <= when and (left is None or when < left)
    )


@functools.lru_cache(maxsize=1)
def _read() -> tuple[pd.DataFrame, pd.Series]:
    """The file's issue rows (all as text) and its second line (the replication's GDP)."""
    with data_file(DEU_FILE).open("r", encoding="utf-8") as fh:
        raw = pd.read_csv(fh, sep="\t", dtype=str, keep_default_na=False)
    return raw.iloc[1:].reset_index(drop=True), raw.iloc[0]


@functools.lru_cache(maxsize=1)
def _frame() -> pd.DataFrame:
    rows, _ = _read()
    frame = rows.copy()
    for col in _INT_COLUMNS:
        frame[col] = frame[col].astype("int64")
    numeric = [f"{k}{a}" for k in "ps" for a in DEU_ACTORS] + ["rp", "out"]
    for col in numeric:
        frame[col] = pd.to_numeric(frame[col].replace("", np.nan), errors="raise").astype("float64")
    frame["introduced"] = _dates(frame["intro"])
    frame["decided"] = _dates(frame["finact"])
    frame["n_positions"] = frame[[f"p{a}" for a in DEU_ACTORS]].notna().sum(axis=1)
    frame["usable"] = frame["out"].notna() & (frame["n_positions"] >= 3)
    frame["council_members"] = [
        None if pd.isna(day) else council_members(day) for day in frame["decided"]
    ]
    return frame


def _dates(column: pd.Series) -> pd.Series:
    days = [parse_deu_date(v) for v in column]
    return pd.Series(
        pd.to_datetime([pd.NaT if d is None else d for d in days]), index=column.index
    ).astype("datetime64[ns]")


def deu() -> pd.DataFrame:
    """DEU I-III, one row per issue (364 rows).

    Columns: the file's own (``prnr``/``prname`` proposal, ``isnr`` issue, ``type``, ``council``
    formation, ``proc``, ``counvte`` Council voting rule, ``intro``/``finact`` dates as written,
    ``p<actor>`` positions and ``s<actor>`` saliences as floats with ``NaN`` where the actor is
    not coded, ``rp`` reference point, ``out`` outcome), then:

    ======================  =========================================================
    ``introduced``          ``intro`` as a date (datetime64)
    ``decided``             ``finact`` as a date; ``NaT`` where the file has 999 (29 issues)
    ``n_positions``         number of actors (Commission, Parliament, states) with a position
    ``usable``              outcome coded and ``n_positions >= 3`` (351 issues)
    ``council_members``     tuple of the ISO3 ids in the Council on ``decided``
                            (:func:`council_members`); ``None`` where ``decided`` is missing
    ======================  =========================================================

    A fresh copy on every call: change it freely.
    """
    return _frame().copy()


def deu_positions(usable_only: bool = False) -> pd.DataFrame:
    """DEU in long form: one row per issue and actor with a position.

    Columns ``issue`` (``isnr``), ``proposal`` (``prnr``), ``actor`` (DEU code, see
    :data:`DEU_ACTORS`), ``member`` (ISO3 id of a state, ``None`` for ``com`` and ``ep``),
    ``position`` (0-100) and ``salience`` (0-100, ``NaN`` where the file has none).
    With ``usable_only`` only the 351 usable issues.

    >>> long = deu_positions()
    >>> first = long.iloc[0]
    >>> first["issue"], first["actor"], first["member"]
    ('d00032i1', 'com', None)
    >>> float(first["position"]), float(first["salience"])
    (100.0, 50.0)
    """
    frame = _frame()
    if usable_only:
        frame = frame[frame["usable"]]
    parts = []
    for order, actor in enumerate(DEU_ACTORS):
        part = pd.DataFrame(
            {
                "issue": frame["isnr"],
                "proposal": frame["prnr"],
                "actor": actor,
                "member": DEU_STATES.get(actor),
                "position": frame[f"p{actor}"],
                "salience": frame[f"s{actor}"],
                "_row": np.arange(len(frame)),
                "_order": order,
            }
        )
        parts.append(part[part["position"].notna()])
    long = pd.concat(parts, ignore_index=True).sort_values(["_row", "_order"], kind="stable")
    long["member"] = long["member"].astype(object).where(long["member"].notna(), None)
    return long.drop(columns=["_row", "_order"]).reset_index(drop=True)


def deu_gdp() -> pd.DataFrame:
    """The GDP the public replication attached to each actor (the file's second line).

    UNVERIFIED: trillion US dollars as that replication used them, with no stated year or
    source; the Commission and the Parliament carry a value (4.1) too. Columns ``actor``,
    ``member`` (ISO3 or ``None``), ``gdp_trillion_usd``, ``status`` (always ``"unverified"``).
    """
    _, line = _read()
    values = [float(line[f"p{a}"]) for a in DEU_ACTORS]
    return pd.DataFrame(
        {
            "actor": list(DEU_ACTORS),
            "member": pd.Series([DEU_STATES.get(a) for a in DEU_ACTORS], dtype=object),
            "gdp_trillion_usd": values,
            "status": "unverified",
        }
    )
