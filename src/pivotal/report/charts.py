"""Chart files: PNG or SVG bytes and atomic writes of the figures drawn in
:mod:`pivotal.compare.charts` (comparisons, timelines).

>>> from pivotal.compare import compare
>>> fig = comparison_chart(compare("csto", ["consensus", "majority"], at="2012-05-15"))
>>> render(fig, "svg")[:5]
b'<?xml'
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.figure import Figure
from matplotlib.text import Text

from pivotal.compare.charts import chart_index, comparison_chart, timeline_chart
from pivotal.errors import PivotalError
from pivotal.report.files import check_folder, check_suffix, write_atomic

__all__ = ["FORMATS", "chart_index", "comparison_chart", "render", "save", "timeline_chart"]

#: The file formats :func:`save` writes, by suffix.
FORMATS: tuple[str, ...] = ("png", "svg")


def render(
    fig: Figure, fmt: str = "png", dpi: int = 120, metadata: dict[str, Any] | None = None
) -> bytes:
    """The figure as PNG or SVG bytes. No date or software name is written into the file, so
    the same figure gives the same bytes; ``metadata`` adds entries (e.g. a PNG ``Comment``).

    Text is never handed to TeX, even where ``text.usetex`` is on: names from organization
    files are not TeX, and TeX may not be installed."""
    if fmt not in FORMATS:
        raise PivotalError("format", "one of " + ", ".join(FORMATS), repr(fmt), "Pick png or svg.")
    buffer = io.BytesIO()
    base: dict[str, Any] = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
    for text in fig.findobj(Text):
        text.set_usetex(False)
    with matplotlib.rc_context({"text.usetex": False}):  # tick labels made while saving
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata={**base, **(metadata or {})})
    return buffer.getvalue()


def save(fig: Figure, path: str | os.PathLike[str], dpi: int = 120) -> Path:
    """Write ``fig`` to ``path`` as PNG or SVG, chosen by its suffix (``.png``, ``.svg``).

    Any other suffix, or a path that cannot be written, is a :class:`PivotalError`; the file
    appears whole or not at all.
    """
    suffix = check_suffix(path, FORMATS, "chart")
    check_folder(path)
    data = render(fig, suffix, dpi)
    return write_atomic(path, lambda handle: handle.write(data))
