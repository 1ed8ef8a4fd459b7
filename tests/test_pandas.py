"""pivotal from pandas and Jupyter: frames with the dtypes pandas expects, labelled weights,
``.plot()``, ``.to_json()``, ``.to_csv()`` and the HTML displays.

The exact values these tests compare against come from closed forms (the CSTO's symmetric
rules: Shapley-Shubik 1/n, Penrose C(n-1, q-1)/2^(n-1)), from published values (the EEC Council of
1958, Felsenthal and Machover 1998, p. 172 [1]), or from brute force over coalitions; the CLI is
run in process and its output compared character for character.

[1] D. S. Felsenthal and M. Machover, *The Measurement of Voting Power*, Edward Elgar, 1998.
"""

from __future__ import annotations

import io
import itertools
import json
import math
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # before pyplot is imported anywhere: no window in the tests

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib import cbook
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from typer.testing import CliRunner

from pivotal import PivotalError, WeightedGame, power
from pivotal.cli import app
from pivotal.compare import analyze, compare, timeline
from pivotal.power import INDICES
from pivotal.power.plotting import literal
from pivotal.power.result import exact_str, frame_column
from strategies import any_games, weighted_specs

EEC_NAMES = ["FR", "DE", "IT", "BE", "NL", "LU"]
EEC_WEIGHTS = [4, 4, 4, 2, 2, 1]
#: Shapley-Shubik values of the EEC Council of 1958 (quota 12 of 17), as published [1].
EEC_SS = [Fraction(7, 30)] * 3 + [Fraction(3, 20)] * 2 + [Fraction(0)]
CSTO_2012 = ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB")

ODD_ORG = """\
id: odd
name: "Odd $x$ <b>Union</b> & co"
members:
  - id: A
    name: "<script>alert(1)</script>"
    memberships:
      - {joined: 2000-01-01, status: verified, sources: [s]}
  - id: B
    name: "Dollar $x$"
    memberships:
      - {joined: 2000-01-01, status: verified, sources: [s]}
  - id: C
    name: "C & <i>co</i>"
    memberships:
      - {joined: 2001-03-01, status: verified, sources: [s]}
rules:
  consensus: {text: consensus, status: verified, sources: [s]}
  majority: {text: majority, status: unverified, note: "<b>guess</b>"}
default_rule: consensus
sources:
  s: https://example.org/source
"""


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def csto_2012():
    return compare("csto", rules=["consensus", "majority"], at="2012-05-15", exact=False)


@pytest.fixture(scope="module")
def csto_history():
    return timeline("csto", rules=["consensus", "majority"], end="2012-12-31", exact=False)


@pytest.fixture
def odd_org(tmp_path: Path) -> Path:
    path = tmp_path / "odd.yaml"
    path.write_text(ODD_ORG, encoding="utf-8")
    return path


def brute_banzhaf_swings(weights: list[int], quota: int) -> list[int]:
    """Coalitions without i that lose and win with i, by listing all of them."""
    n = len(weights)
    swings = [0] * n
    for mask in range(2**n):
        total = sum(w for k, w in enumerate(weights) if mask >> k & 1)
        for i in range(n):
            if not mask >> i & 1 and total < quota <= total + weights[i]:
                swings[i] += 1
    return swings


def cli(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


# ------------------------------------------------------------------------------------ dtypes
@settings(max_examples=60)
@given(game=any_games(max_n=7))
def test_frames_are_float_by_default_and_exact_on_request(game):
    result = power(game)
    floats, exact = result.to_frame(), result.to_frame(exact=True)
    assert floats.dtypes["raw_banzhaf"] == np.int64 and exact.dtypes["raw_banzhaf"] == np.int64
    for key, values in result.indices.items():
        if key == "raw_banzhaf":
            assert list(floats[key]) == list(values) == list(exact[key])
            continue
        assert floats.dtypes[key] == np.float64 and exact.dtypes[key].kind == "O"
        assert list(floats[key]) == [float(v) for v in values]
        assert all(type(v) is Fraction for v in exact[key]) and list(exact[key]) == list(values)
    # describe() (and plot()) see every index, not only the counts
    assert list(floats.describe().columns) == list(result.indices)
    assert floats.attrs == {"coleman_act": float(result.coleman_act), "exact": False}
    assert exact.attrs == {"coleman_act": result.coleman_act, "exact": True}


def test_counts_beyond_int64_stay_exact_python_ints():
    # 70 equal weights, quota 36: each player swings in C(69, 35) coalitions, more than 2^63.
    result = power(WeightedGame([1] * 70, 36), indices="raw_banzhaf,banzhaf", engine="dp")
    frame = result.to_frame()
    assert math.comb(69, 35) > 2**63
    assert frame.dtypes["raw_banzhaf"].kind == "O"
    assert all(type(v) is int and v == math.comb(69, 35) for v in frame["raw_banzhaf"])
    assert frame.dtypes["banzhaf"] == np.float64 and frame["banzhaf"].sum() == pytest.approx(1)


def test_column_dtypes_at_the_int64_boundary():
    assert frame_column([2**63 - 1, -(2**63)], exact=False).dtype == np.int64
    assert frame_column([2**63, 0], exact=False).dtype == object
    assert frame_column([Fraction(1, 3), 2], exact=True).dtype == object
    floats = frame_column([Fraction(1, 3), None], exact=False)
    assert floats.dtype == np.float64 and floats[0] == 1 / 3 and math.isnan(floats[1])


def test_analysis_and_comparison_frames(csto_2012):
    a = csto_2012.analysis
    frame = a.to_frame()
    assert frame.columns.names == ["rule", "power_index"] and list(frame.index) == list(CSTO_2012)
    assert frame.dtypes[("majority", "penrose")] == np.float64
    assert frame.dtypes[("majority", "raw_banzhaf")] == np.int64
    # 4 of 7: a member swings in C(6, 3) of the 2^6 coalitions of the others
    assert frame.loc["BLR", ("majority", "penrose")] == math.comb(6, 3) / 2**6
    assert a.to_frame(exact=True).loc["BLR", ("majority", "penrose")] == Fraction(20, 64)
    assert len(frame.describe().columns) == len(frame.columns)
    c = csto_2012.to_frame()
    assert c.columns.names == ["power_index", "rule"]
    assert c.loc["BLR", ("coleman_prevent", "difference")] == 20 / 64 - 1
    assert c.dtypes[("coleman_prevent", "difference")] == np.float64
    exact = csto_2012.to_frame(exact=True)
    assert exact.loc["BLR", ("coleman_prevent", "difference")] == Fraction(-11, 16)


def test_limited_format_frames_follow_the_members(tmp_path):
    # In 2025 Armenia takes no part under the limited format: NaN there, rows in member order.
    c = compare("csto", rules=["limited_format", "consensus"], at="2025-01-01")
    frame = c.analysis.to_frame()
    assert frame.index[0] == "ARM" and math.isnan(frame.loc["ARM", ("limited_format", "penrose")])
    exact = c.to_frame(exact=True)
    assert exact.loc["ARM", ("raw_banzhaf", "limited_format")] is None
    assert exact.loc["BLR", ("raw_banzhaf", "consensus")] == 1  # an int, not 1.0
    assert type(exact.loc["BLR", ("raw_banzhaf", "consensus")]) is int


def test_timeline_frame_has_dates_and_power_index(csto_history):
    frame = csto_history.to_frame()
    assert str(frame.dtypes["date"]) == "datetime64[ns]"
    assert "index" not in frame.columns
    assert list(frame.columns) == ["date", "rule", "member", "power_index", "value"]
    assert frame.dtypes["value"] == np.float64
    ss = frame[(frame.member == "BLR") & (frame.rule == "consensus")]
    ss = ss[ss.power_index == "shapley_shubik"].set_index("date")["value"]
    # consensus of n members: each has 1/n
    assert list(ss) == [1 / 9, 1 / 6, 1 / 7, 1 / 6]
    assert list(ss.index.year) == [1994, 1999, 2006, 2012]
    exact = csto_history.to_frame(exact=True)
    assert exact.dtypes["value"].kind == "O" and Fraction(1, 9) in set(exact["value"])


# ------------------------------------------------------------------------------------ labels
@settings(max_examples=60)
@given(spec=weighted_specs(max_n=7), kind=st.sampled_from(["series", "dict"]))
def test_labelled_weights_keep_their_names(spec, kind):
    weights, quota, names = spec
    names = names if names is not None else [f"m{i}" for i in range(len(weights))]
    given_weights = (
        pd.Series(weights, index=names)
        if kind == "series"
        else dict(zip(names, weights, strict=True))
    )
    result = power(given_weights, quota, indices="swings,ss")
    assert result.players == tuple(names)
    assert list(result.to_frame().index) == list(names)
    assert list(result.indices["raw_banzhaf"]) == brute_banzhaf_swings(
        list(WeightedGame(weights, quota).weights), WeightedGame(weights, quota).quota
    )
    plain = power(WeightedGame(weights, quota, names=names), indices="swings,ss")
    assert result.indices == plain.indices
    # The same names given again are accepted; a frame's column round-trips as a Series.
    assert power(given_weights, quota=quota, names=names, indices="ss").players == tuple(names)
    frame = pd.DataFrame({"votes": weights}, index=names)
    assert power(frame["votes"], quota, indices="ss").indices == {
        "shapley_shubik": plain.indices["shapley_shubik"]
    }


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64, np.uint16, np.float64])
def test_numpy_arrays_work(dtype):
    result = power(np.array(EEC_WEIGHTS, dtype=dtype), np.int64(12), indices="ss")
    assert result.players == ("P1", "P2", "P3", "P4", "P5", "P6")
    assert list(result.indices["shapley_shubik"]) == EEC_SS


def test_default_series_index_is_not_a_name():
    result = power(pd.Series(EEC_WEIGHTS), 12, names=EEC_NAMES, indices="ss")
    assert result.players == tuple(EEC_NAMES)
    assert power(pd.Series(EEC_WEIGHTS), 12, indices="ss").players[0] == "P1"


def test_decimal_weights_are_read_exactly_and_nan_is_refused():
    # Floats are read as the decimal they print as, as WeightedGame does: [2.5; 1.5, 1, 1].
    result = power(pd.Series([1.5, 1.0, 1.0], index=["A", "B", "C"]), 2.5, indices="ss")
    game = WeightedGame(["1.5", "1", "1"], "2.5")
    assert result.indices == power(game, indices="ss").indices
    with pytest.raises(PivotalError) as info:
        power(pd.Series([4.0, np.nan, 2.0], index=["A", "B", "C"]), 6)
    assert info.value.parameter == "weights[1]" and "finite" in str(info.value)


@pytest.mark.parametrize(
    ("call", "parameter", "words"),
    [
        (lambda: power(pd.Series([4, 4, 2], index=list("abc")), 6, names=list("acb")), "names",
         "labels (a, b, c)"),
        (lambda: power({"a": 4, "b": 2}, 3, names=["b", "a"]), "names", "labels (a, b)"),
        (lambda: power(pd.DataFrame({"v": [1, 2]}), 2), "weights", "frame['votes']"),
        (lambda: power(np.ones((2, 2)), 2), "weights", "one-dimensional"),
        (lambda: power([4, 4, 2], 6, quota=6), "quota", "given once"),
        (lambda: power(WeightedGame([4, 4, 2], 6), "ss", indices="bz"), "indices", "given once"),
        (lambda: power(WeightedGame([4, 4, 2], 6), quota=6), "quota", "only with weights"),
        (lambda: power(WeightedGame([4, 4, 2], 6), names=["a"]), "names", "only with weights"),
        (lambda: power(5, 2), "game", "WeightedGame"),
    ],
)  # fmt: skip
def test_input_errors_are_clear(call, parameter, words):
    with pytest.raises(PivotalError) as info:
        call()
    assert info.value.parameter == parameter
    assert words in str(info.value)


# ------------------------------------------------------------------------------------ plots
def heights(ax) -> list[float]:
    return [p.get_height() for p in ax.patches]


def test_power_plot_draws_one_bar_per_member_at_the_exact_values():
    result = power(dict(zip(EEC_NAMES, EEC_WEIGHTS, strict=True)), 12)
    ax = result.plot(ax=Figure().add_subplot())
    assert heights(ax) == [float(v) for v in EEC_SS]
    assert [t.get_text() for t in ax.get_xticklabels()] == EEC_NAMES
    assert ax.get_ylabel() == INDICES["shapley_shubik"].label
    penrose = result.plot("penrose", ax=Figure().add_subplot())
    swings = brute_banzhaf_swings(EEC_WEIGHTS, 12)
    assert heights(penrose) == [s / 2**5 for s in swings]
    with pytest.raises(PivotalError):
        result.plot("owen")


def test_plot_without_ax_makes_a_pyplot_figure():
    ax = power([2, 1, 1], 3).plot(color="green")
    assert ax.figure in [plt.figure(n) for n in plt.get_fignums()]
    assert matplotlib.colors.to_hex(ax.patches[0].get_facecolor()) == "#008000"


def test_veto_players_are_hatched(csto_2012):
    ax = csto_2012.plot("prevent", ax=Figure().add_subplot())
    assert len(ax.patches) == 2 * len(CSTO_2012)
    consensus, majority = ax.patches[:7], ax.patches[7:]
    # consensus: every member can block alone (prevent = 1); majority 4 of 7: a member swings
    # in C(6, 3) coalitions, and half of the 2^7 coalitions win
    assert [p.get_height() for p in consensus] == [1.0] * 7
    assert [p.get_height() for p in majority] == [math.comb(6, 3) / 2**6] * 7
    assert all(p.get_hatch() == "///" for p in consensus)
    assert not any(p.get_hatch() for p in majority)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "consensus",
        "majority",
        "can block alone",
    ]


def test_analysis_plot_groups_bars_by_rule(csto_2012):
    ax = csto_2012.analysis.plot(ax=Figure().add_subplot())
    assert heights(ax) == [1 / 7] * 14
    assert [t.get_text() for t in ax.get_xticklabels()] == list(CSTO_2012)


def test_timeline_plot_draws_a_step_line_per_member(csto_history):
    ax = csto_history.plot(ax=Figure().add_subplot())
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert set(lines) == set(csto_history.members)
    blr = lines["BLR"]
    assert blr.get_drawstyle() == "steps-post"
    assert list(blr.get_ydata())[:4] == [1 / 9, 1 / 6, 1 / 7, 1 / 6]
    uzb = list(lines["UZB"].get_ydata())
    assert uzb[0] == 1 / 9 and math.isnan(uzb[1])  # not a member from 1999 to 2006
    majority = csto_history.plot("penrose", ax=Figure().add_subplot(), rule="majority")
    # 9 members, majority 5: C(8, 4) / 2^8
    assert majority.get_lines()[0].get_ydata()[0] == math.comb(8, 4) / 2**8
    with pytest.raises(PivotalError):
        csto_history.plot(rule="unanimity")


def test_monte_carlo_plot_shows_intervals_and_says_approximate():
    result = power(EEC_WEIGHTS, 12, engine="montecarlo", samples=2000, seed=3, indices="ss")
    ax = result.plot(ax=Figure().add_subplot())
    assert "approximate" in ax.get_title()
    (bars,) = [c for c in ax.containers if isinstance(c, BarContainer)]
    assert bars.errorbar is not None
    low, high = zip(*result.intervals["shapley_shubik"], strict=True)
    segments = bars.errorbar.lines[2][0].get_segments()
    assert [s[0][1] for s in segments] == pytest.approx(low)
    assert [s[1][1] for s in segments] == pytest.approx(high)
    assert heights(ax) == list(result.indices["shapley_shubik"])


@pytest.mark.parametrize("name", ["$x$", r"$\frac{$", "a$b", r"\$", "$x^2$ and $y$"])
def test_names_with_dollars_are_drawn_literally(name):
    fig = Figure()
    ax = power({name: 2, "B": 1, "C": 1}, 3, indices="ss").plot(ax=fig.add_subplot())
    fig.canvas.draw()  # mathtext would fail on some of these, and typeset the others
    label = ax.get_xticklabels()[0]
    shown = label.get_text()
    assert not cbook.is_math_text(shown)
    assert shown.replace(r"\$", "$") == name


def test_titles_and_labels_never_go_through_tex(odd_org):
    with matplotlib.rc_context({"text.usetex": True}):
        ax = analyze(odd_org, at="2002-01-01", rules=["consensus", "majority"]).plot(
            ax=Figure().add_subplot()
        )
        texts = [ax.title, ax.yaxis.label, *ax.get_xticklabels(), *ax.get_legend().get_texts()]
        assert not any(t.get_usetex() for t in texts)
    assert ax.get_title() == literal("Odd $x$ <b>Union</b> & co on 2002-01-01")
    assert not cbook.is_math_text(ax.get_title())


# ------------------------------------------------------------------------------- JSON and CSV
EEC = ["power", "--weights", "4,4,4,2,2,1", "--quota", "12", "--names", ",".join(EEC_NAMES)]


@pytest.mark.parametrize("exact", [False, True])
def test_power_json_and_csv_are_the_cli_output(exact):
    flag = ["--exact"] if exact else []
    result = power(dict(zip(EEC_NAMES, EEC_WEIGHTS, strict=True)), 12, exact=exact)
    assert cli(*EEC, "-f", "json", *flag) == result.to_json() + "\n"
    assert cli(*EEC, "-f", "csv", *flag) == result.to_csv()
    data = json.loads(result.to_json())
    values = data["indices"]["shapley_shubik"]
    expected = [exact_str(v) for v in EEC_SS] if exact else [float(v) for v in EEC_SS]
    assert values == expected


def test_approximate_json_and_csv_are_the_cli_output():
    args = ["--engine", "montecarlo", "--samples", "1000", "--seed", "2", "-i", "ss"]
    result = power(EEC_WEIGHTS, 12, names=EEC_NAMES, engine="montecarlo", samples=1000, seed=2,
                   indices="ss")  # fmt: skip
    assert cli(*EEC, *args, "-f", "json") == result.to_json() + "\n"
    assert cli(*EEC, *args, "-f", "csv") == result.to_csv()


@pytest.mark.parametrize("exact", [False, True])
def test_analysis_comparison_timeline_json_and_csv_are_the_cli_output(exact, tmp_path):
    flag = ["--exact"] if exact else []
    rules = ["--rule", "consensus", "--rule", "majority"]
    a = analyze("csto", at="2012-05-15", rules=["consensus", "majority"], exact=exact)
    c = compare("csto", rules=["consensus", "majority"], at="2012-05-15", exact=exact)
    t = timeline("csto", rules=["consensus", "majority"], end="2012-12-31", exact=exact)
    for command, obj, extra in (
        ("analyze", a, ["--at", "2012-05-15"]),
        ("compare", c, ["--at", "2012-05-15"]),
        ("timeline", t, ["--to", "2012-12-31"]),
    ):
        args = [command, "csto", *rules, *extra, *flag]
        assert cli(*args, "-f", "json") == obj.to_json() + "\n", command
        assert cli(*args, "-f", "csv") == obj.to_csv(), command
        path = tmp_path / f"{command}.csv"
        obj.to_csv(path)
        assert path.read_text(encoding="utf-8") == obj.to_csv()
    # the timeline CSV: ISO dates, the power_index column
    rows = pd.read_csv(io.StringIO(t.to_csv()))
    assert list(rows.columns) == ["date", "rule", "member", "power_index", "value"]
    assert rows["date"].iloc[0] == "1994-04-20"


# ------------------------------------------------------------------------------------ HTML
class Tags(HTMLParser):
    """The tags of a page, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)

    def handle_data(self, data):
        self.text.append(data)


def parse(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    return tags


TABLE_TAGS = {"table", "thead", "tbody", "tr", "th", "td", "p", "b", "ul", "li"}


def test_power_html_escapes_names():
    result = power({"<b>x</b>": 2, "A&B": 1, "$y$": 1}, 3)
    page = result._repr_html_()
    tags = parse(page)
    assert tags.tags <= TABLE_TAGS
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "A&amp;B" in page
    text = "".join(tags.text)
    assert "Veto players: <b>x</b>" in text  # 2 of quota 3: nothing passes without it
    assert "2/3" in text  # exact values: Shapley-Shubik of the veto player


def test_approximate_html_says_so_with_its_error():
    result = power([4, 3, 2], 5, names=["<i>", "B", "C"], engine="montecarlo", samples=500)
    page = result._repr_html_()
    assert parse(page).tags <= TABLE_TAGS and "&lt;i&gt;" in page
    assert "approximate: Monte Carlo" in page and f"{result.error:.2g}" in page
    floats = power([4, 3, 2], 5, engine="float")._repr_html_()
    assert "approximate: float, error at most" in floats


def test_analysis_comparison_timeline_html_escape_everything(odd_org):
    a = analyze(odd_org, at="2002-01-01", rules=["consensus", "majority"])
    c = compare(odd_org, rules=["consensus", "majority"], at="2002-01-01")
    t = timeline(odd_org, rules=["consensus", "majority"])
    for obj in (a, c, t):
        page = obj._repr_html_()
        tags = parse(page)
        assert tags.tags <= TABLE_TAGS, (type(obj).__name__, tags.tags - TABLE_TAGS)
        assert "<script" not in page and "<i>co" not in page
    a_text = "".join(parse(a._repr_html_()).text)
    assert "Odd $x$ <b>Union</b> & co (odd) on 2002-01-01: 3 members" in a_text
    assert "veto players: A, B, C" in a_text  # consensus of three
    assert "<b>guess</b>" in a_text  # the unverified rule's note, as text
    c_text = "".join(parse(c._repr_html_()).text)
    assert c.title in c_text and "<b>guess</b>" in c_text
    t_text = "".join(parse(t._repr_html_()).text)
    assert t.title in t_text and "1/3" in t_text  # consensus of three: 1/3 each


def test_csto_html_shows_values_and_vetoes(csto_2012):
    page = csto_2012.analysis._repr_html_()
    text = "".join(parse(page).text)
    assert "veto players: ARM, BLR, KAZ, KGZ, RUS, TJK, UZB" in text
    assert "power to act: 0.007812" in text  # 1/128, a float analysis
    exact = compare("csto", rules=["consensus", "majority"], at="2012-05-15")
    assert "1/128" in "".join(parse(exact.analysis._repr_html_()).text)
    cells = [t for t in parse(exact._repr_html_()).text if t.strip()]
    assert "-11/16" in cells  # BLR's power to prevent, majority minus consensus


def test_small_frames_match_brute_force():
    """to_frame of a small game against a brute-force Banzhaf over all coalitions."""
    for weights, quota in itertools.product([[3, 2, 2, 1], [5, 1, 1, 1, 1]], [4, 5]):
        frame = power(weights, quota, indices="swings,penrose").to_frame()
        swings = brute_banzhaf_swings(weights, quota)
        assert list(frame["raw_banzhaf"]) == swings
        assert list(frame["penrose"]) == [s / 2 ** (len(weights) - 1) for s in swings]


def test_weighted_game_itself_keeps_the_labels_of_a_series_or_dict() -> None:
    import pandas as pd

    from pivotal import WeightedGame

    votes = pd.Series({"FR": 4, "DE": 4, "IT": 4, "BE": 2, "NL": 2, "LU": 1})
    assert WeightedGame(votes, 12).players == ("FR", "DE", "IT", "BE", "NL", "LU")
    assert WeightedGame({"A": 2, "B": 1}, 2).players == ("A", "B")
    # The default 0..n-1 index of an unlabelled Series names nobody: the usual P1..Pn.
    assert WeightedGame(pd.Series([2, 1]), 2).players == WeightedGame([2, 1], 2).players
    with pytest.raises(PivotalError, match="the weights' own labels"):
        WeightedGame({"A": 2, "B": 1}, 2, names=["B", "A"])
