"""Drawing for the ``.plot()`` methods of results: bars per member, grouped by rule, on an Axes.

Every result of pivotal (:class:`~pivotal.power.PowerResult`, and the analyses, comparisons and
timelines of :mod:`pivotal.compare`) has a ``plot(index=None, ax=None, **kwargs)`` method that
draws with matplotlib and returns the :class:`~matplotlib.axes.Axes`, as pandas' ``.plot()``
does. Given ``ax``, it draws there; otherwise it makes a new figure with ``matplotlib.pyplot``
(imported only then, as pandas does), so that notebooks show it.

Names are data, not markup: a member called ``$x$`` is shown as ``$x$``, never typeset by
matplotlib's mathtext (which reads any text with two ``$`` as a formula, and fails on text such as
``$\\frac{$``). :func:`literal` escapes each ``$`` [1], and every text drawn here is set not to
go through TeX even when ``text.usetex`` is on.

>>> literal("$x$ and 5$")
'\\\\$x\\\\$ and 5\\\\$'
>>> from matplotlib.figure import Figure
>>> ax = bars(Figure().add_subplot(), ["A", "$x$"], {"banzhaf": [0.75, 0.25]}, ylabel="Banzhaf")
>>> [float(p.get_height()) for p in ax.patches], [t.get_text() for t in ax.get_xticklabels()]
([0.75, 0.25], ['A', '\\\\$x\\\\$'])

References
----------
1. matplotlib, "Writing mathematical expressions": "an even number of unescaped dollar signs"
   makes a text mathtext; a dollar sign is escaped as ``\\$``.
   https://matplotlib.org/stable/users/explain/text/mathtext.html
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.text import Text

__all__ = ["bars", "literal", "new_axes", "plain_texts"]

#: Colours of the rules (matplotlib's default cycle), so that a rule keeps its colour.
COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")


def literal(text: object) -> str:
    """``text`` as matplotlib should show it, character for character: each ``$`` escaped."""
    return str(text).replace("$", r"\$")


def new_axes(ax: Axes | None) -> Axes:
    """``ax``, or the Axes of a new pyplot figure (pyplot is imported only here)."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.figure().add_subplot()


def plain_texts(texts: Sequence[Text]) -> None:
    """No TeX for these texts, whatever ``text.usetex`` says (names would be read as TeX)."""
    for text in texts:
        text.set_usetex(False)


def bars(
    ax: Axes,
    labels: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    ylabel: str,
    title: str | None = None,
    hatched: Mapping[str, Collection[str]] | None = None,
    errors: Mapping[str, Sequence[tuple[float, float]]] | None = None,
    **kwargs: Any,
) -> Axes:
    """One group of bars per label, one bar per series (a rule) in each group, on ``ax``.

    ``series[name][j]`` is the height of label j's bar (None: no bar there, e.g. a member that
    takes no part under a rule); ``hatched[name]`` are the labels whose bar is hatched (veto
    players); ``errors[name][j]`` an interval ``(lo, hi)`` drawn as an error bar. ``kwargs`` go
    to :meth:`~matplotlib.axes.Axes.bar`. A legend names the series when there are several.
    """
    k = len(series)
    width = 0.8 / max(k, 1)
    for i, (name, values) in enumerate(series.items()):
        xs = [j + (i - (k - 1) / 2) * width for j in range(len(labels))]
        heights = [math.nan if v is None else float(v) for v in values]
        options: dict[str, Any] = {"label": literal(name)}
        if k > 1:
            options["color"] = COLORS[i % len(COLORS)]
        if errors is not None and name in errors:
            options["yerr"] = [
                [h - lo for h, (lo, _) in zip(heights, errors[name], strict=True)],
                [hi - h for h, (_, hi) in zip(heights, errors[name], strict=True)],
            ]
            options["capsize"] = 3
        options.update(kwargs)
        drawn = ax.bar(xs, heights, width * 0.95, **options)
        marked = set(hatched.get(name, ())) if hatched else set()
        for bar, label in zip(drawn, labels, strict=True):
            if label in marked:
                bar.set_hatch("///")
                bar.set_edgecolor("black")
    ax.set_xticks(range(len(labels)), [literal(t) for t in labels])
    if len(labels) > 6:
        ax.tick_params(axis="x", labelrotation=90 if len(labels) > 12 else 30)
    texts = [*ax.get_xticklabels(), ax.yaxis.label]
    ax.set_ylabel(literal(ylabel))
    if title is not None:
        texts.append(ax.set_title(literal(title)))
    if k > 1 or (hatched and any(hatched.values())):
        from matplotlib.patches import Patch

        handles, _ = ax.get_legend_handles_labels()
        if hatched and any(hatched.values()):
            handles.append(
                Patch(facecolor="white", edgecolor="black", hatch="///", label="can block alone")
            )
        texts += ax.legend(handles=handles, fontsize=8).get_texts()
    plain_texts(texts)
    return ax
