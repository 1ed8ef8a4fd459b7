"""The result of a power analysis: exact values, with tables, JSON and a readable display."""

from __future__ import annotations

import html
import json
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from pivotal.errors import PivotalError
from pivotal.power.registry import INDICES, resolve_indices

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "ApproximatePowerResult",
    "PowerResult",
    "as_float",
    "dumps",
    "exact_str",
    "frame_column",
    "html_lines",
    "html_table",
    "plot_key",
]


def exact_str(value: int | Fraction) -> int | str:
    """JSON form of an exact value: integers stay integers, fractions become "p/q" strings."""
    if isinstance(value, Fraction):
        return (
            value.numerator if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
        )
    return int(value)


def as_float(value: int | Fraction) -> float | int:
    """Float form, for display and float output. Counts stay integers."""
    return float(value) if isinstance(value, Fraction) else int(value)


_INT64 = (-(2**63), 2**63 - 1)
_UINT64 = (0, 2**64 - 1)


def dumps(data: Any) -> str:
    """A JSON document as every ``-f json`` of the CLI prints it: two-space indents, non-ASCII
    names kept as they are."""
    return json.dumps(data, indent=2, ensure_ascii=False)


def csv_with_footer(
    frame: pd.DataFrame, footer: Sequence[str], path_or_buf: Any = None
) -> str | None:
    """``frame`` as CSV followed by ``footer`` as ``# `` comment lines (read back with
    ``pandas.read_csv(..., comment="#")``): the CSV every ``-f csv`` of the CLI prints. Written to
    ``path_or_buf`` (a path or an open text file), else returned."""
    text = frame.to_csv() + "".join(f"# {line}\n" for line in footer)
    if path_or_buf is None:
        return text
    if hasattr(path_or_buf, "write"):
        path_or_buf.write(text)
    else:
        with open(path_or_buf, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    return None


def frame_column(values: Sequence[int | Fraction | None], exact: bool) -> Any:
    """One column of a results frame, with the dtype pandas users expect: counts (all ints) as
    int64, or as Python ints (object) when one exceeds int64; other values as float64 (NaN for
    None), or with ``exact`` as exact Fractions (object; None kept).

    >>> frame_column([3, 2**70], exact=False).dtype, frame_column([1, 2], exact=False).dtype
    (dtype('O'), dtype('int64'))
    >>> frame_column([Fraction(1, 3), None], exact=False)
    array([0.33333333,        nan])
    """
    import numpy as np  # only here: pandas users have it, the plain CLI does not need it

    if all(type(v) is int for v in values):
        if all(_INT64[0] <= v <= _INT64[1] for v in values):  # type: ignore[operator]
            return np.array(values, dtype=np.int64)
        return np.array(values, dtype=object)
    if exact:
        return np.array(values, dtype=object)
    return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)


def plot_key(keys: Sequence[str] | dict[str, Any]) -> str:
    """The index a plot shows by default: Shapley-Shubik when computed, else the first."""
    return "shapley_shubik" if "shapley_shubik" in keys else next(iter(keys))


def html_table(frame: pd.DataFrame, exact: bool) -> str:
    """A frame as an HTML table for notebooks: exact values as ``p/q`` text, floats to six
    places, every name and value escaped."""
    if exact:
        return frame.astype(str).to_html(escape=True)
    return frame.to_html(escape=True, float_format=lambda x: f"{x:.6f}", na_rep="-")


def html_lines(lines: Sequence[str]) -> str:
    """Lines of text as an HTML list, escaped."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return f"<ul>{items}</ul>"


def _text_column(values: list[str] | list[int] | list[float]) -> tuple[bool, list[str]] | None:
    """How pandas shows one column: whether its header gets a leading space (numeric columns do)
    and the cells; None for a column whose type pandas would infer in a way not copied here."""
    if all(type(v) is str for v in values):
        return False, [" " + v for v in values]  # type: ignore[operator]
    if all(type(v) is float for v in values):
        return True, [f"{v:.6f}" for v in values]
    if all(type(v) is int for v in values):
        lo, hi = min(values), max(values)  # type: ignore[type-var]
        numeric = _INT64[0] <= lo and (hi <= _INT64[1] or (lo >= 0 and hi <= _UINT64[1]))
        return numeric, [f" {v}" for v in values]
    return None


def plain_grid(
    players: tuple[str, ...], columns: dict[str, list[str] | list[int] | list[float]]
) -> str | None:
    """The text pandas prints for a frame of these columns, indexed by ``players`` with no index
    name: ``to_string()`` of its ``astype(str)`` for exact values (every column of strings), and
    ``to_string(float_format="{:.6f}".format)`` for floats and counts, under pandas' default
    display options. Importing pandas takes longer than computing a small game, so the CLI draws
    its tables here. Columns hold strings, ints or floats; None for anything else (a column mixing
    them, names with line breaks or tabs, which pandas escapes), where the caller asks pandas.

    Each column is right-aligned to its widest cell or header; cells get a leading space except
    floats, headers one only in numeric columns; the index is left-aligned; one space between.

    >>> print(plain_grid(("FR", "LU"), {"swings": [10, 0], "Banzhaf": [0.238095238, 0.0]}))
         swings  Banzhaf
    FR       10 0.238095
    LU        0 0.000000
    """
    if not players or not columns or any(not p.isprintable() for p in players):
        return None
    # pandas drops the leading spaces all names share (names from games are stripped already)
    trim = min(len(p) - len(p.lstrip(" ")) for p in players)
    index = [p[trim:] for p in players]
    width = max(len(p) for p in index)
    lines = [[" " * width], *([p.ljust(width)] for p in index)]
    for name, values in columns.items():
        shown = _text_column(values)
        if shown is None or len(values) != len(players):
            return None
        numeric, cells = shown
        header = " " + name if numeric else name
        col = max(len(header), *(len(c) for c in cells))
        lines[0].append(header.rjust(col))
        for row, text in zip(lines[1:], cells, strict=True):
            row.append(text.rjust(col))
    return "\n".join(" ".join(row) for row in lines)


@dataclass(frozen=True)
class PowerResult:
    """Indices of every player of one game, exact.

    ``indices[key]`` holds one exact value per player, in player order (ints for counts, Fractions
    otherwise). ``exact`` only decides how :meth:`to_frame` and :meth:`to_dict` present them.
    With a priori ``unions`` (players in none are unions of their own), ``indices`` also holds the
    ``owen`` and ``banzhaf_owen`` values, counted by ``union_method``.
    """

    players: tuple[str, ...]
    indices: dict[str, tuple[int | Fraction, ...]]
    coleman_act: Fraction
    winning_count: int
    veto_players: tuple[str, ...]
    dummies: tuple[str, ...]
    engine: str
    exact: bool = True
    minimal_winning_count: int | None = None
    game_info: dict[str, Any] = field(default_factory=dict)
    unions: tuple[tuple[str, ...], ...] | None = None
    union_method: str | None = None
    #: ``{index key: why it was not computed and how to get it}``: indices left out of the
    #: default set ('all') because no engine counts them for this game within the budget.
    skipped: dict[str, str] = field(default_factory=dict)

    @property
    def unions_text(self) -> str | None:
        """The unions in words, ``RUS+BLR; the others alone`` (None without unions)."""
        if self.unions is None:
            return None
        named = {p for u in self.unions for p in u}
        parts = ["+".join(u) for u in self.unions]
        if len(named) < len(self.players):
            parts.append("the others alone" if parts else "every player alone")
        return "; ".join(parts)

    def value(self, index: str, player: str) -> int | Fraction:
        """The exact value of one index for one player."""
        key = resolve_indices([index])[0]
        if key not in self.indices:
            raise PivotalError(
                "index", "one of " + ", ".join(self.indices), index, "Ask power() for it."
            )
        if player not in self.players:
            raise PivotalError(
                "player",
                "one of " + ", ".join(self.players),
                player,
                "Use a member id of this game.",
            )
        return self.indices[key][self.players.index(player)]

    def to_frame(self, exact: bool = False) -> pd.DataFrame:
        """One row per player (index ``player``), one column per index key.

        By default every index is a float64 column, so that ``describe()``, ``plot()`` and
        arithmetic use all of them; ``exact=True`` gives the exact Fractions (object columns).
        Counts (``raw_banzhaf``) stay integers either way: int64, or Python ints (object) when a
        count exceeds int64. ``attrs`` hold ``coleman_act`` (float or Fraction), ``exact`` and,
        with unions, ``unions``.

        >>> from pivotal.games import WeightedGame
        >>> from pivotal.power import power
        >>> r = power(WeightedGame([2, 1, 1], 3, names=["A", "B", "C"]), "swings,ss")
        >>> r.to_frame().dtypes.astype(str).to_dict()
        {'raw_banzhaf': 'int64', 'shapley_shubik': 'float64'}
        >>> r.to_frame(exact=True).loc["A", "shapley_shubik"]
        Fraction(2, 3)
        """
        import pandas as pd  # only here: importing pandas takes longer than a small game

        data = {key: frame_column(values, exact) for key, values in self.indices.items()}
        frame = pd.DataFrame(data, index=pd.Index(self.players, name="player"))
        frame.attrs["coleman_act"] = self.coleman_act if exact else float(self.coleman_act)
        frame.attrs["exact"] = exact
        if self.unions is not None:
            frame.attrs["unions"] = [list(u) for u in self.unions]
        return frame

    def to_json(self, exact: bool | None = None) -> str:
        """The JSON document ``pivotal power -f json`` prints (``--exact`` when the result is
        exact): :meth:`to_dict`, indented by two spaces (see docs/json.md)."""
        return dumps(self.to_dict(exact))

    def to_csv(self, path_or_buf: Any = None, exact: bool | None = None) -> str | None:
        """The CSV of ``pivotal power -f csv``: one row per player, exact values as ``p/q`` when
        the result is exact. Written to ``path_or_buf`` (a path or file), else returned."""
        exact = self.exact if exact is None else exact
        return self.to_frame(exact).to_csv(path_or_buf)

    def plot(self, index: str | None = None, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Bars of one index (default Shapley-Shubik when computed, else the first), one per
        player; veto players hatched. Draws on ``ax``, else on a new pyplot figure; ``kwargs``
        go to :meth:`matplotlib.axes.Axes.bar`. Returns the Axes (see
        :mod:`pivotal.power.plotting`)."""
        from pivotal.power.plotting import bars, new_axes

        key = self._plot_key(index)
        values = [float(v) for v in self.indices[key]]
        return bars(
            new_axes(ax),
            self.players,
            {INDICES[key].label: values},
            ylabel=INDICES[key].label,
            hatched={INDICES[key].label: self.veto_players},
            **kwargs,
        )

    def _plot_key(self, index: str | None) -> str:
        if index is None:
            return plot_key(self.indices)
        key = resolve_indices([index])[0]
        if key not in self.indices:
            raise PivotalError(
                "index", "one of " + ", ".join(self.indices), index, "Ask power() for it."
            )
        return key

    def to_dict(self, exact: bool | None = None) -> dict[str, Any]:
        """The documented JSON contract of ``pivotal power`` (see docs/json.md)."""
        exact = self.exact if exact is None else exact
        conv = exact_str if exact else as_float
        out: dict[str, Any] = {"players": list(self.players)}
        out.update(self.game_info)
        if self.unions is not None:
            out["unions"] = [list(u) for u in self.unions]
        out["indices"] = {k: [conv(v) for v in vals] for k, vals in self.indices.items()}
        out["coleman_act"] = conv(self.coleman_act)
        out["winning_coalitions"] = self.winning_count
        if self.minimal_winning_count is not None:
            out["minimal_winning_coalitions"] = self.minimal_winning_count
        out["veto_players"] = list(self.veto_players)
        out["dummies"] = list(self.dummies)
        out["exact"] = exact
        out["engine"] = self.engine
        if self.skipped:
            out["skipped"] = dict(self.skipped)
        return out

    def grid(self, exact: bool | None = None) -> str:
        """Players as rows, indices as short-named columns, as plain text (the layout of
        pandas' ``DataFrame.to_string``, drawn without pandas where :func:`plain_grid` can)."""
        exact = self.exact if exact is None else exact
        columns = {
            INDICES[k].short: [str(v) if exact else as_float(v) for v in values]
            for k, values in self.indices.items()
        }
        text = plain_grid(self.players, columns)
        if text is not None:
            return text
        frame = self.to_frame(exact)
        frame.columns = [INDICES[c].short for c in frame.columns]
        frame.index.name = None
        if exact:
            return frame.astype(str).to_string()
        return frame.to_string(float_format=lambda x: f"{x:.6f}")

    def legend(self) -> str:
        """What each short column name stands for, wrapped for a terminal."""
        text = "; ".join(f"{INDICES[k].short} = {INDICES[k].label}" for k in self.indices)
        return textwrap.fill(text, 100)

    def table(self, exact: bool | None = None) -> str:
        """A plain-text table for terminals, with power to act, vetoes and dummies."""
        exact = self.exact if exact is None else exact
        kind = "exact values" if exact else "floats, rounded to 6 places"
        lines = [self.grid(exact), "", f"({kind}; engine: {self.engine})", self.legend()]
        act = str(self.coleman_act) if exact else f"{float(self.coleman_act):.6f}"
        lines.append(
            f"Power of the collectivity to act (Coleman): {act}"
            f"  ({self.winning_count} of {2 ** len(self.players)} coalitions win)"
        )
        lines.append("Veto players: " + (", ".join(self.veto_players) or "none"))
        lines.append("Dummies (never decisive): " + (", ".join(self.dummies) or "none"))
        if self.unions is not None:
            lines.append(
                f"A priori unions: {self.unions_text} (Owen values by {self.union_method})"
            )
        for key, why in self.skipped.items():
            lines.append(f"Skipped {INDICES[key].label}: {why}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.table()

    def _repr_html_(self) -> str:
        """A table of every index (exact values when the result is exact), then the power to
        act, veto players and dummies; every name escaped."""
        frame = self.to_frame(self.exact)
        frame.columns = [INDICES[c].label for c in frame.columns]
        kind = "exact values" if self.exact else "floats, rounded to 6 places"
        act = str(self.coleman_act) if self.exact else f"{float(self.coleman_act):.6f}"
        lines = [
            f"Power of the collectivity to act (Coleman): {act}"
            f" ({self.winning_count} of {2 ** len(self.players)} coalitions win)",
            "Veto players: " + (", ".join(self.veto_players) or "none"),
            "Dummies (never decisive): " + (", ".join(self.dummies) or "none"),
            f"({kind}; engine: {self.engine})",
        ]
        if self.unions is not None:
            lines.append(
                f"A priori unions: {self.unions_text} (Owen values by {self.union_method})"
            )
        return html_table(frame, self.exact) + html_lines(lines)


@dataclass(frozen=True)
class ApproximatePowerResult:
    """Indices of every player of one game, approximate: floats with their error.

    ``method`` says how they were obtained: ``"montecarlo"`` (sampled; ``intervals[key]`` holds
    one 95% interval ``(lo, hi)`` per player, ``samples`` the sample count of each sampling
    scheme, ``seed`` the seed) or ``"float"`` (double-precision arithmetic; ``intervals`` is None
    and ``error`` bounds the error). ``error`` is the largest half-width of any interval (Monte
    Carlo) or the error bound (float). ``exact`` is always False: nothing here is a Fraction.

    >>> r = ApproximatePowerResult(players=("A", "B"), indices={"banzhaf": (0.75, 0.25)},
    ...     intervals={"banzhaf": ((0.74, 0.76), (0.24, 0.26))}, coleman_act=0.5,
    ...     coleman_act_interval=(0.49, 0.51), veto_players=("A",), engine="montecarlo",
    ...     method="montecarlo", error=0.01, samples={"banzhaf": 1000}, seed=1)
    >>> r.to_dict()["intervals"]
    {'banzhaf': [[0.74, 0.76], [0.24, 0.26]]}
    >>> print(r.grid())
          Banzhaf           95% interval
    A  0.750000  [0.740000, 0.760000]
    B  0.250000  [0.240000, 0.260000]
    """

    players: tuple[str, ...]
    indices: dict[str, tuple[float, ...]]
    intervals: dict[str, tuple[tuple[float, float], ...]] | None
    coleman_act: float | None
    coleman_act_interval: tuple[float, float] | None
    veto_players: tuple[str, ...]
    engine: str
    method: str
    error: float
    samples: dict[str, int] | None = None
    seed: int | None = None
    #: The target half-width asked for (Monte Carlo with a precision), else None.
    precision: float | None = None
    #: True when the sample cap stopped the sampling before ``precision`` was reached.
    capped: bool = False
    game_info: dict[str, Any] = field(default_factory=dict)
    exact: bool = False
    #: Not determined by sampling: a player never seen to swing may still swing.
    dummies: tuple[str, ...] | None = None
    unions: None = None
    #: How a value not covered by ``error``'s bound was obtained (float Shapley-Shubik: by
    #: quadrature, with an error estimate, not a bound); None when every error is bounded.
    note: str | None = None

    @property
    def description(self) -> str:
        """One line that says the values are approximate, how, and how good."""
        if self.method == "montecarlo":
            counts = ", ".join(f"{n} ({k})" for k, n in (self.samples or {}).items())
            text = (
                f"approximate: Monte Carlo, samples {counts}, seed {self.seed}; "
                f"95% intervals, largest half-width {self.error:.2g}"
            )
            if self.precision is not None:
                text += (
                    f" (target {self.precision:g}: NOT reached, sample cap hit)"
                    if self.capped
                    else f" (target {self.precision:g})"
                )
            return text
        if self.note is not None:
            return f"approximate: {self.method}, error about {self.error:.2g}; {self.note}"
        return f"approximate: {self.method}, error at most {self.error:.2g}"

    def value(self, index: str, player: str) -> float:
        """The estimate of one index for one player."""
        return self.indices[self._key(index)][self._player(player)]

    def interval(self, index: str, player: str) -> tuple[float, float] | None:
        """The 95% interval of one estimate (None for the float method)."""
        if self.intervals is None:
            return None
        return self.intervals[self._key(index)][self._player(player)]

    def _key(self, index: str) -> str:
        key = resolve_indices([index])[0]
        if key not in self.indices:
            raise PivotalError(
                "index", "one of " + ", ".join(self.indices), index, "Ask power() for it."
            )
        return key

    def _player(self, player: str) -> int:
        if player not in self.players:
            raise PivotalError(
                "player", "one of " + ", ".join(self.players), player, "Use a player of this game."
            )
        return self.players.index(player)

    def to_frame(self, exact: bool | None = None) -> pd.DataFrame:
        """One row per player: each index, then its 95% bounds as ``<index>_lo``/``<index>_hi``
        (Monte Carlo). ``attrs`` say ``exact=False`` and how the values were obtained."""
        import pandas as pd  # only here: importing pandas takes longer than a small game

        data: dict[str, list[float]] = {}
        for key, values in self.indices.items():
            data[key] = list(values)
            if self.intervals is not None:
                data[f"{key}_lo"] = [lo for lo, _ in self.intervals[key]]
                data[f"{key}_hi"] = [hi for _, hi in self.intervals[key]]
        frame = pd.DataFrame(data, index=pd.Index(self.players, name="player"))
        frame.attrs.update(
            exact=False, method=self.method, error=self.error, samples=self.samples, seed=self.seed
        )
        return frame

    def to_dict(self, exact: bool | None = None) -> dict[str, Any]:
        """The JSON contract of an approximate ``pivotal power`` run (see docs/json.md)."""
        out: dict[str, Any] = {"players": list(self.players)}
        out.update(self.game_info)
        out["indices"] = {k: list(v) for k, v in self.indices.items()}
        if self.intervals is not None:
            out["intervals"] = {k: [[lo, hi] for lo, hi in v] for k, v in self.intervals.items()}
        if self.coleman_act is not None:
            out["coleman_act"] = self.coleman_act
        if self.coleman_act_interval is not None:
            out["coleman_act_interval"] = list(self.coleman_act_interval)
        out["veto_players"] = list(self.veto_players)
        out["exact"] = False
        out["engine"] = self.engine
        out["method"] = self.method
        out["error"] = self.error
        if self.samples is not None:
            out["samples"] = dict(self.samples)
            out["seed"] = self.seed
        if self.precision is not None:
            out["precision"] = self.precision
            out["precision_reached"] = not self.capped
        if self.note is not None:
            out["note"] = self.note
        return out

    def to_json(self, exact: bool | None = None) -> str:
        """The JSON document of an approximate ``pivotal power -f json`` run (docs/json.md)."""
        return dumps(self.to_dict(exact))

    def to_csv(self, path_or_buf: Any = None, exact: bool | None = None) -> str | None:
        """The CSV of ``pivotal power -f csv`` for approximate values (with the 95% bounds of
        Monte Carlo): written to ``path_or_buf``, else returned."""
        return self.to_frame().to_csv(path_or_buf)

    def plot(self, index: str | None = None, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Bars of one estimated index (default Shapley-Shubik when estimated, else the first),
        one per player, with the 95% interval of each as an error bar (Monte Carlo); the title
        says the values are approximate. Returns the Axes."""
        from pivotal.power.plotting import bars, new_axes

        key = plot_key(self.indices) if index is None else self._key(index)
        label = INDICES[key].label
        errors = None if self.intervals is None else {label: self.intervals[key]}
        return bars(
            new_axes(ax),
            self.players,
            {label: list(self.indices[key])},
            ylabel=f"{label} (approximate)",
            title=self.description,
            errors=errors,
            **kwargs,
        )

    def _repr_html_(self) -> str:
        """The estimates (and 95% bounds), with a line saying that they are approximate, how,
        and with what error; every name escaped."""
        frame = self.to_frame()
        lines = [self.description, f"engine: {self.engine}"]
        if self.coleman_act is not None:
            act = f"Power of the collectivity to act (Coleman): {self.coleman_act:.6f}"
            if self.coleman_act_interval is not None:
                lo, hi = self.coleman_act_interval
                act += f" (95% interval [{lo:.6f}, {hi:.6f}])"
            lines.append(act)
        lines.append("Veto players: " + (", ".join(self.veto_players) or "none"))
        head = f"<p><b>{html.escape(self.description)}</b></p>"
        return head + html_table(frame, exact=False) + html_lines(lines[1:])

    def grid(self, exact: bool | None = None) -> str:
        """Players as rows; each index as its estimate and (Monte Carlo) its 95% interval."""
        columns: dict[str, list[str]] = {}
        for key, values in self.indices.items():
            columns[INDICES[key].short] = [f"{v:.6f}" for v in values]
            if self.intervals is not None:
                columns[" " * len(columns) + "95% interval"] = [
                    f"[{lo:.6f}, {hi:.6f}]" for lo, hi in self.intervals[key]
                ]
        import pandas as pd  # only here: importing pandas takes longer than a small game

        frame = pd.DataFrame(columns, index=list(self.players))
        return frame.to_string()

    def legend(self) -> str:
        text = "; ".join(f"{INDICES[k].short} = {INDICES[k].label}" for k in self.indices)
        return textwrap.fill(text, 100)

    def table(self, exact: bool | None = None) -> str:
        """A plain-text table for terminals, saying that the values are approximate."""
        lines = [self.grid(), "", f"({self.description}; engine: {self.engine})", self.legend()]
        if self.coleman_act is not None:
            act = f"{self.coleman_act:.6f}"
            if self.coleman_act_interval is not None:
                lo, hi = self.coleman_act_interval
                act += f" (95% interval [{lo:.6f}, {hi:.6f}])"
            lines.append(f"Power of the collectivity to act (Coleman): {act}")
        lines.append("Veto players: " + (", ".join(self.veto_players) or "none"))
        how = "sampling" if self.method == "montecarlo" else "rounded arithmetic"
        lines.append(f"Dummies (never decisive): not determined by {how}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.table()
