"""One self-contained HTML file for a comparison or a timeline: the question, the rules in words,
the members, every index as an exact fraction with its decimal, charts, notes and sources. An
outcome analysis gets its own sections (:mod:`pivotal.report.outcomes`) in the same page.

Nothing in the file loads from elsewhere: the charts are embedded PNG data, the style sheet is
inline, there are no scripts, and the only web addresses are those of the sources list. Wide
tables scroll inside their own box, so the page itself fits a narrow window; printed, a heading
stays with what follows it and a figure or table is not split across pages. The footer gives the
date the report was generated and, when the command line made it, the command that reproduces it.

>>> from pivotal.compare import compare
>>> page = render_report(compare("csto", ["consensus", "majority"], at="2012-05-15"))
>>> "<title>CSTO on 2012-05-15: consensus vs majority</title>" in page
True
"""

from __future__ import annotations

import base64
import datetime as _dt
import html
import os
from collections.abc import Iterable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from pivotal.compare.charts import headline
from pivotal.compare.formatting import fmt_both, fmt_signed
from pivotal.errors import PivotalError
from pivotal.power import INDICES
from pivotal.report.charts import chart_index, comparison_chart, render, timeline_chart
from pivotal.report.files import check_folder, check_suffix, write_atomic

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from pivotal.compare import Comparison, Timeline
    from pivotal.outcomes import OutcomeAnalysis
    from pivotal.outcomes.uncertainty import Simulation

__all__ = ["SUFFIXES", "render_report", "write_report"]

#: The file names a report may have.
SUFFIXES: tuple[str, ...] = ("html", "htm")

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto;
       max-width: 72rem; padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; }
.question { font-size: 1.1rem; color: #444; }
h1, h2, h3, p, li, figcaption, caption, summary, footer { overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; max-width: 100%; margin: .6rem 0 1rem; }
table { border-collapse: collapse; font-size: .88rem; }
th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: right; vertical-align: top; }
th { background: #f3f3f3; }
td.text, th.text { text-align: left; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: .2rem 0; }
code { background: #f5f5f5; padding: 0 .2rem; }
figure { margin: 1rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: .85rem; color: #555; }
.note { background: #fff8e1; border-left: 4px solid #f0b400; padding: .3rem .6rem; }
details { margin: .4rem 0; }
summary { cursor: pointer; font-weight: 600; }
footer { margin-top: 2rem; font-size: .8rem; color: #666; }
.sources li { word-break: break-all; }
@media print {
  body { margin: 0; max-width: none; }
  h1, h2, h3, caption, .question { break-after: avoid; page-break-after: avoid; }
  figure, table, tr, .table-wrap, .note { break-inside: avoid; page-break-inside: avoid; }
  .table-wrap { overflow: visible; }
  a { color: inherit; }
}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _table(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    caption: str | None = None,
    text_columns: int = 1,
) -> str:
    """An HTML table of already formatted strings; the first ``text_columns`` align left."""

    def cls(i: int) -> str:
        return ' class="text"' if i < text_columns else ""

    head = "".join(f"<th{cls(i)}>{_e(h)}</th>" for i, h in enumerate(header))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{_e(v)}</td>" for i, v in enumerate(row)) + "</tr>"
        for row in rows
    )
    cap = f"<caption>{_e(caption)}</caption>" if caption else ""
    # The box scrolls sideways, not the page, when a table is wider than the window.
    return (
        f'<div class="table-wrap"><table>{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _image(fig: Figure, alt: str, caption: str) -> str:
    """The figure as an embedded PNG (a data: URI, so the file needs no network to view)."""
    data = render(fig, "png", dpi=100, metadata={"Comment": "pivotal chart"})
    encoded = base64.b64encode(data).decode("ascii")
    return (
        f'<figure><img alt="{_e(alt)}" src="data:image/png;base64,{encoded}">'
        f"<figcaption>{_e(caption)}</figcaption></figure>"
    )


def _list(items: Iterable[str], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<ul{attr}>" + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>"


def _caveats(caveats: Sequence[str]) -> str:
    head = "<h2>Notes and unverified values</h2>"
    if not caveats:
        return head + "<p>The results rest on no value marked unverified in the data.</p>"
    return (
        head
        + '<p class="note">These results rest on the facts below; check them before relying on '
        "the numbers. Statuses come from the organization's file.</p>" + _list(caveats)
    )


def _sources(sources: dict[str, str]) -> str:
    head = '<h2 id="sources">Sources</h2>'
    if not sources:
        return head + "<p>The organization's file cites no sources for these facts.</p>"
    items = []
    for key, where in sources.items():
        shown = _e(where)
        if where.startswith(("http://", "https://")) and " " not in where:
            shown = f'<a href="{_e(where)}">{shown}</a>'
        items.append(f"<li><b>{_e(key)}</b>: {shown}</li>")
    return head + '<ol class="sources">' + "".join(items) + "</ol>"


def _status(status: str | None) -> str:
    return "rule text (not from the file)" if status is None else status.replace("_", " ")


def _now() -> _dt.datetime:
    """Now, in UTC; ``SOURCE_DATE_EPOCH`` (seconds) fixes it, for reproducible builds [1].

    [1] reproducible-builds.org, "SOURCE_DATE_EPOCH",
        https://reproducible-builds.org/specs/source-date-epoch/
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), _dt.UTC)
    return _dt.datetime.now(_dt.UTC)


def _stamp(command: str | None, generated: _dt.datetime | _dt.date | None) -> str:
    """The footer line: when the report was generated, by which version, and how to redo it."""
    from pivotal import __version__

    when = _now() if generated is None else generated
    if isinstance(when, _dt.datetime):
        if when.tzinfo is not None:
            when = when.astimezone(_dt.UTC)
        shown = when.strftime("%Y-%m-%d %H:%M") + (" UTC" if when.tzinfo is not None else "")
    else:
        shown = when.isoformat()
    line = f"Generated on {_e(shown)} by pivotal {_e(__version__)}"
    if command:
        return f'<p class="generated">{line}. To reproduce it, run: <code>{_e(command)}</code></p>'
    return f'<p class="generated">{line}, from Python (no command line was given).</p>'


def _page(
    title: str,
    body: Sequence[str],
    footer: str | None = None,
    stamp: str = "",
) -> str:
    """The page around ``body``; ``footer`` (HTML) replaces the default note on exactness;
    ``stamp`` (HTML, from :func:`_stamp`) follows it."""
    from pivotal import __version__

    if footer is None:
        footer = (
            f"Computed exactly by pivotal {_e(__version__)}. Values are exact "
            "fractions, with decimals rounded to 6 places in brackets."
        )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + f"\n<footer>{footer}{stamp}</footer>\n</body>\n</html>\n"
    )


def _index_rows(
    members: Sequence[str],
    names: dict[str, str],
    keys: Sequence[str],
    column: dict[str, Sequence[int | Fraction | None]],
    signed: bool = False,
) -> list[list[str]]:
    rows = []
    for i, m in enumerate(members):
        cells = [
            fmt_signed(column[k][i], decimals=True) if signed else fmt_both(column[k][i])
            for k in keys
        ]
        rows.append([f"{names.get(m, m)} ({m})", *cells])
    return rows


def _comparison_body(c: Comparison, index: str | None) -> list[str]:
    a, b = c.rules
    keys = c.index_keys
    labels = [INDICES[k].label for k in keys]
    n_total = len(c.analysis.members)
    where = ", ".join(x for x in (c.analysis.body, c.analysis.matter) if x)
    out = [
        f"<h1>{_e(c.title)}</h1>",
        f'<p class="question">{_e(c.organization_name)} on {_e(c.at.isoformat())}'
        + (f" ({_e(where)})" if where else "")
        + f": what would deciding by <b>{_e(b.rule)}</b> instead of <b>{_e(a.rule)}</b> change "
        "for each member, and for the organization's power to act?</p>",
    ]
    out.append("<h2>Rules</h2>")
    out.append(
        _table(
            ["rule", "as written", "in words", "status in the data"],
            [[r.rule, r.text, r.description, _status(r.status)] for r in c.rules],
            text_columns=4,
        )
    )
    out.append("<h2>In short</h2>" + _list(c.summary()))
    out.append("<h2>Members</h2>")
    out.append(
        f"<p>{len(c.members)} members counted on {_e(c.at.isoformat())}"
        + (f" ({n_total} in the organization)" if n_total != len(c.members) else "")
        + ":</p>"
    )
    out.append(
        _table(["id", "name"], [[m, c.member_names.get(m, m)] for m in c.members], text_columns=2)
    )
    out.append("<h2>Charts</h2>")
    for fig, alt, caption in comparison_figures(c, index):
        out.append(_image(fig, alt, caption))
    out.append("<h2>Tables</h2>")
    for r in c.rules:
        columns = {k: c.values(r.rule, k) for k in keys}
        out.append(
            _table(
                ["member", *labels],
                _index_rows(c.members, c.member_names, keys, columns),
                caption=f"Under {r.rule}: {r.description or r.text}",
            )
        )
    out.append(
        _table(
            ["member", *labels],
            _index_rows(c.members, c.member_names, keys, c.differences, signed=True),
            caption=f"Differences: {b.rule} minus {a.rule}",
        )
    )
    ratio = c.act_ratio
    act_rows = []
    for r in c.rules:
        res = r.result
        act_rows.append(
            [
                r.rule,
                fmt_both(res.coleman_act),
                f"{res.winning_count} of {2 ** len(res.players)}",
                ", ".join(res.veto_players) or "none",
                ", ".join(res.dummies) or "none",
            ]
        )
    out.append(
        _table(
            ["rule", "power to act", "winning coalitions", "veto players", "dummies"],
            act_rows,
            caption="The organization as a whole",
        )
    )
    out.append(
        _list(
            [
                f"Ratio of the power to act, {b.rule} / {a.rule}: "
                + (
                    "undefined (the organization can never act)"
                    if ratio is None
                    else fmt_both(ratio)
                ),
                f"Can block alone under {b.rule} but not under {a.rule}: "
                + (", ".join(c.veto_gained) or "nobody"),
                f"Can block alone under {a.rule} but not under {b.rule}: "
                + (", ".join(c.veto_lost) or "nobody"),
            ]
        )
    )
    out.append(_legend(keys))
    out.append(_caveats(c.caveats))
    out.append(_sources(c.sources))
    return out


def comparison_figures(c: Comparison, index: str | None = None) -> list[tuple[Figure, str, str]]:
    """The charts of a comparison report, each with its alt text and caption: the headline
    index (``index``, or the one that differs most between the rules) beside the power to act,
    then Penrose (or Shapley-Shubik when Penrose leads) without the power-to-act panel, which
    is drawn once."""
    a, b = c.rules
    key = chart_index(c, index)
    why = headline(c)[1] if index is None else f"{INDICES[key].label}, the index chosen"
    figures = [
        (
            comparison_chart(c, index=index),  # not key: the chart says why it chose
            f"{INDICES[key].label} per member under {a.rule} and {b.rule}, and the power to act",
            f"Leading chart: {why}. Bars: each member's value under each rule (hatched: can "
            "block any decision alone). Right: the share of all coalitions that can pass a "
            "decision.",
        )
    ]
    second = next(
        (k for k in ("penrose", "shapley_shubik") if k in c.index_keys and k != key), None
    )
    if second is not None:
        meaning = {
            "penrose": "the probability that a member's vote decides the outcome when the "
            "others vote at random",
            "shapley_shubik": "the share of the orders in which members could join a decision "
            "in which a member is pivotal",
        }[second]
        figures.append(
            (
                comparison_chart(c, index=second, act_panel=False),
                f"{INDICES[second].label} per member under {a.rule} and {b.rule}",
                f"{INDICES[second].label}: {meaning}.",
            )
        )
    return figures


def _legend(keys: Sequence[str]) -> str:
    rows = [
        [INDICES[k].label, INDICES[k].meaning.format(member="a member", value="x")] for k in keys
    ]
    return (
        "<details><summary>What each index measures</summary>"
        + _table(["index", "meaning"], rows, text_columns=2)
        + "</details>"
    )


def _timeline_body(t: Timeline, index: str | None) -> list[str]:
    key = chart_index(t, index)
    keys = t.index_keys
    labels = [INDICES[k].label for k in keys]
    dates = [d.isoformat() for d in t.dates]
    out = [
        f"<h1>{_e(t.title)}</h1>",
        f'<p class="question">{_e(t.organization_name)}: how did each member\'s power, and the '
        f"organization's power to act, change with each change of membership from "
        f"{_e(dates[0])} to {_e(dates[-1])}, under {_e(', '.join(t.rules))}?</p>",
        "<h2>Rules</h2>",
        _table(
            ["rule", "as written", "in words", "status in the data"],
            [
                [r.rule, r.text, t.rule_descriptions.get(r.rule, ""), _status(r.status)]
                for r in t.points[0].analysis.rules
            ],
            text_columns=4,
        ),
    ]
    summary = []
    for p in t.points:
        acts = "; ".join(f"{r} {fmt_both(p.result(r).coleman_act)}" for r in t.rules)
        summary.append(
            f"{p.at.isoformat()}: {len(p.members)} members ({', '.join(p.members)}); "
            f"power to act: {acts}."
        )
    out.append("<h2>In short</h2>" + _list(summary))
    out.append("<h2>Members</h2>")
    rows = [
        [
            f"{t.member_names.get(m, m)} ({m})",
            *["member" if m in p.members else "-" for p in t.points],
        ]
        for m in t.members
    ]
    rows.append(["members counted", *[str(len(p.members)) for p in t.points]])
    out.append(_table(["member", *dates], rows, caption="Who was counted at each date"))
    out.append("<h2>Charts</h2>")
    out.append(
        _image(
            timeline_chart(t, index=key),
            f"{INDICES[key].label} of each member over time, and the power to act",
            "Step lines: each member's value from each change of membership to the next "
            "(members with equal values share a line). Bottom: the power to act.",
        )
    )
    out.append("<h2>Tables</h2>")
    for rule in t.rules:
        frame = t.matrix(rule, key)
        series = t.series(rule, key)
        rows = [
            [f"{t.member_names.get(m, m)} ({m})", *[fmt_both(v) for v in series[m]]]
            for m in t.members
        ]
        rows.append(["power to act", *[fmt_both(a) for a in t.coleman_act(rule)]])
        rows.append(["veto players", *frame.loc["veto players"].tolist()])
        out.append(
            _table(
                [INDICES[key].label, *dates],
                rows,
                caption=f"{INDICES[key].label} under {rule} ('-': not a member)",
            )
        )
    out.append("<h3>All indices at each date</h3>")
    for p in t.points:
        parts = []
        for r in p.analysis.rules:
            res = r.result
            columns = dict(res.indices)
            parts.append(
                _table(
                    ["member", *labels],
                    _index_rows(res.players, t.member_names, keys, columns),
                    caption=f"{r.rule}: {r.description or r.text}; power to act "
                    f"{fmt_both(res.coleman_act)}; veto players: "
                    f"{', '.join(res.veto_players) or 'none'}",
                )
            )
        out.append(
            f"<details><summary>{_e(p.at.isoformat())}: {len(p.members)} members</summary>"
            + "".join(parts)
            + "</details>"
        )
    out.append(_legend(keys))
    out.append(_caveats(t.caveats))
    out.append(_sources(t.sources))
    return out


def render_report(
    obj: Comparison | Timeline | OutcomeAnalysis,
    index: str | None = None,
    simulation: Simulation | None = None,
    command: str | None = None,
    generated: _dt.datetime | _dt.date | None = None,
) -> str:
    """The HTML text of the report of a :class:`~pivotal.compare.Comparison`, a
    :class:`~pivotal.compare.Timeline` or an :class:`~pivotal.outcomes.OutcomeAnalysis`;
    ``index`` picks the charted index (default: for a comparison the index that differs most
    between the rules, for a timeline Shapley-Shubik when computed); ``simulation`` (an
    analysis only) adds a Monte Carlo section. The footer says when the report was generated
    (``generated``, default now in UTC) and, given ``command`` (the command line that made it),
    how to reproduce it."""
    stamp = _stamp(command, generated)
    from pivotal.compare import Comparison, Timeline
    from pivotal.outcomes import OutcomeAnalysis

    if isinstance(obj, OutcomeAnalysis):
        # Imported here: report.outcomes builds on this module's helpers.
        from pivotal.report.outcomes import outcome_body, outcome_footer

        body = outcome_body(obj, simulation)
        return _page(obj.scenario.name, body, outcome_footer(obj, simulation), stamp)
    if simulation is not None:
        raise PivotalError(
            "simulation",
            "a Monte Carlo simulation only with an OutcomeAnalysis",
            type(obj).__name__,
            "Leave out simulation= for a comparison or a timeline.",
        )
    if isinstance(obj, Comparison):
        return _page(obj.title, _comparison_body(obj, index), stamp=stamp)
    if isinstance(obj, Timeline):
        return _page(obj.title, _timeline_body(obj, index), stamp=stamp)
    raise PivotalError(
        "report",
        "a Comparison (pivotal.compare.compare), a Timeline (pivotal.compare.timeline) or an "
        "OutcomeAnalysis (pivotal.outcomes.analyze_outcomes)",
        type(obj).__name__,
        "Build one with compare(), timeline() or analyze_outcomes() first.",
    )


def write_report(
    obj: Comparison | Timeline | OutcomeAnalysis,
    path: str | os.PathLike[str],
    index: str | None = None,
    simulation: Simulation | None = None,
    command: str | None = None,
    generated: _dt.datetime | _dt.date | None = None,
) -> Path:
    """Write the report of ``obj`` to ``path`` (``.html`` or ``.htm``) as one self-contained
    file, whole or not at all (see :func:`render_report` for the options). Returns the path
    written."""
    check_suffix(path, SUFFIXES, "report")
    check_folder(path)  # fail before the (slower) rendering
    # Rendered before touching the file: errors leave nothing.
    text = render_report(
        obj, index=index, simulation=simulation, command=command, generated=generated
    )
    data = text.encode("utf-8")
    return write_atomic(path, lambda handle: handle.write(data))
