"""Where the shipped data files live, and the date arguments the data functions accept."""

from __future__ import annotations

import datetime as _dt
from importlib import resources
from importlib.abc import Traversable

import pandas as pd

from pivotal.errors import PivotalError

__all__ = ["data_file", "to_day"]


def data_file(name: str) -> Traversable:
    """A file of ``pivotal/datasets/data/`` (package data, so it is there wherever pivotal is
    installed; nothing is read from outside the package)."""
    return resources.files("pivotal.datasets").joinpath("data", name)


def to_day(value: object, parameter: str) -> _dt.date:
    """A day from a ``datetime.date``, a ``pandas.Timestamp`` or a ``YYYY-MM-DD`` string."""
    if value is pd.NaT:  # a missing date (NaT is also a datetime instance)
        raise PivotalError(parameter, "a date", "NaT", "Give a date, e.g. 2001-05-30.")
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise PivotalError(
        parameter,
        "a date: YYYY-MM-DD, datetime.date or pandas.Timestamp",
        repr(value),
        "Write the date as 2001-05-30.",
    )
