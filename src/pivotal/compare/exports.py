"""What every result of the compare stage writes the same way: CSV with its notes, and JSON.

:class:`Exports` gives :meth:`~Exports.to_csv` and :meth:`~Exports.to_json` to a class that has
``flat_frame`` (one row per member, or per date), ``footer`` (its notes, one line each) and
``to_dict`` (the JSON contract of docs/json.md), so the CLI's ``-f csv`` / ``-f json`` and the
API print the same file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pivotal.power.result import csv_with_footer, dumps

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Exports"]


class Exports:
    """CSV and JSON from ``flat_frame``, ``footer`` and ``to_dict`` (defined by the subclass)."""

    def flat_frame(self, exact: bool | None = None) -> pd.DataFrame:
        raise NotImplementedError

    def footer(self) -> list[str]:
        raise NotImplementedError

    def to_dict(self, exact: bool | None = None) -> dict[str, Any]:
        raise NotImplementedError

    def to_csv(self, path_or_buf: Any = None, exact: bool | None = None) -> str | None:
        """The CSV that the command's ``-f csv`` prints (:meth:`flat_frame`), with the notes
        after it as ``# `` comment lines (``pandas.read_csv(..., comment="#")`` reads it back):
        written to ``path_or_buf`` (a path or an open file), else returned."""
        return csv_with_footer(self.flat_frame(exact), self.footer(), path_or_buf)

    def to_json(self, exact: bool | None = None) -> str:
        """The JSON document that the command's ``-f json`` prints: :meth:`to_dict`, indented."""
        return dumps(self.to_dict(exact))
