"""Data sets shipped with pivotal, with their citations: DEU I-III (positions, saliences and
outcomes of controversial issues in EU Council legislation) and the UN General Assembly's votes
and ideal points (a sourced proxy for states' positions).

This is a low stage of the pipeline: it reads the files of ``pivotal/datasets/data/`` and imports
nothing of pivotal but :mod:`pivotal.errors`. Every function returns a fresh pandas object.
Sources and licences: ``data/README.md`` in this folder and ``docs/datasets.md``.

>>> from pivotal.datasets import deu, unga_positions
>>> int(deu()["usable"].sum())
351
>>> kaz = unga_positions(["KAZ"], 2011).positions[0]
>>> kaz.name, round(kaz.ideal_point, 2), kaz.nvotes
('Kazakhstan', -0.4, 68)
"""

from __future__ import annotations

from pivotal.datasets.deu_data import (
    DEU_ACTORS,
    DEU_CITATION,
    DEU_INSTITUTIONS,
    DEU_STATES,
    EU_MEMBERSHIP,
    council_members,
    deu,
    deu_gdp,
    deu_positions,
    parse_deu_date,
)
from pivotal.datasets.unga import (
    ROLL_CALL_WINDOWS,
    SOURCES,
    UNGA_NAME_MISMATCHES,
    UngaPosition,
    UngaPositions,
    session_for_year,
    unga_ideal_points,
    unga_iso2_to_iso3,
    unga_positions,
    unga_roll_call_issues,
    unga_roll_calls,
    unga_votes,
    unga_years,
    year_for_session,
)

__all__ = [
    "DEU_ACTORS",
    "DEU_CITATION",
    "DEU_INSTITUTIONS",
    "DEU_STATES",
    "EU_MEMBERSHIP",
    "ROLL_CALL_WINDOWS",
    "SOURCES",
    "UNGA_NAME_MISMATCHES",
    "UngaPosition",
    "UngaPositions",
    "council_members",
    "deu",
    "deu_gdp",
    "deu_positions",
    "parse_deu_date",
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
