"""One source of notes (issue 8, item 3), readable small numbers, and the default set of indices.

- Every output prints the same notes: the terminal table, the JSON ``caveats``, the CSV footer
  and the HTML report, for ``analyze``, ``compare`` and ``timeline``.
- A fact that several dates word differently (the inferred 1999 departures from the CSTO) is one
  line in a timeline.
- ``decimal`` writes six places from 1e-4 up and two significant digits below, checked against
  its definition on random fractions.
- ``plan_indices`` skips exactly the indices whose statistics no engine counts (minimal winning
  coalitions, Johnston counts for an "or" of quotas over 25 players), and only when indices were
  not named.
"""

from __future__ import annotations

import copy
import html
import itertools
import json
import pickle
import re
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pivotal.cli import app
from pivotal.compare import analyze, compare, timeline
from pivotal.compare.formatting import decimal, fmt, fmt_both
from pivotal.compare.notes import KINDS, Note, ordered
from pivotal.engines import Need
from pivotal.errors import PivotalError
from pivotal.games import AndGame, OrGame, WeightedGame
from pivotal.power import INDICES, plan_indices, power
from pivotal.report import render_report
from strategies import composite_games, weighted_games


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


# ------------------------------------------------------------------------------ the Note type
def test_note_is_its_text_with_a_kind() -> None:
    n = Note("Armenia takes no part.", "membership", "participation")
    assert n == "Armenia takes no part." and isinstance(n, str)
    assert (n.kind, n.source) == ("membership", "participation")
    assert json.dumps([n]) == '["Armenia takes no part."]'
    for twin in (copy.deepcopy(n), pickle.loads(pickle.dumps(n))):
        assert (twin, twin.kind, twin.source) == (n, n.kind, n.source)
    assert n.to_dict() == {"kind": "membership", "text": str(n), "source": "participation"}
    with pytest.raises(PivotalError, match="caveat, membership"):
        Note("x", "warning")


@given(st.lists(st.tuples(st.sampled_from("abcde"), st.sampled_from(KINDS)), max_size=20))
def test_ordered_is_by_kind_then_first_appearance_each_text_once(items) -> None:
    notes = [Note(text, kind) for text, kind in items]
    out = ordered(notes)
    first = {}
    for n in notes:
        first.setdefault(str(n), n)
    assert sorted(map(str, out)) == sorted(first)  # each text once
    assert [n.kind for n in out] == [first[str(n)].kind for n in out]  # the first keeps its kind
    ranks = [KINDS.index(n.kind) for n in out]
    assert ranks == sorted(ranks)
    for a, b in itertools.pairwise(out):  # within a kind, order of first appearance
        if a.kind == b.kind:
            assert notes.index(first[str(a)]) < notes.index(first[str(b)])


# ------------------------------------------------------------------- every output, every note
def csv_footer(text: str) -> list[str]:
    return [line[2:].split(": ", 1)[1] for line in text.splitlines() if line.startswith("# ")]


@pytest.mark.parametrize(
    "args",
    [
        ("analyze", "csto"),
        ("analyze", "eu_council", "-i", "banzhaf,penrose"),
        ("analyze", "eu_council"),
        (
            "analyze",
            "csto",
            "--at",
            "2025-01-01",
            "--rule",
            "consensus",
            "--rule",
            "limited_format",
        ),
        ("compare", "csto", "--at", "2012-05-15", "--rule", "consensus", "--rule", "majority"),
        ("compare", "imf", "--at", "2011-06-01", "--rule", "ordinary", "--rule", "special_85"),
    ],
)
def test_table_csv_and_json_print_the_same_notes(args) -> None:
    data = json.loads(run(*args, "-f", "json"))
    caveats = data["caveats"]
    assert caveats, "every example has notes"
    assert set(data["notes"]) <= set(caveats)
    assert len(set(caveats)) == len(caveats)
    table = run(*args)
    for note in caveats:
        assert table.count(f"Note: {note}") == 1
    raw = [line[2:] for line in run(*args, "-f", "csv").splitlines() if line.startswith("# ")]
    # The footer: the dummies under each rule, then every note, "kind: text".
    rules = data["rules"]
    assert raw[: len(rules)] == [
        f"dummies under {r['rule']}: {', '.join(r['dummies']) or 'none'}" for r in rules
    ]
    assert csv_footer("\n".join(f"# {line}" for line in raw[len(rules) :])) == caveats


def test_caveats_lead_the_table_and_the_json() -> None:
    data = json.loads(run("analyze", "imf", "--at", "2011-06-01", "-i", "banzhaf", "-f", "json"))
    assert "counted as ONE player" in data["caveats"][0] == data["notes"][0]
    assert run("analyze", "imf", "--at", "2011-06-01", "-i", "banzhaf").startswith(
        f"Note: {data['caveats'][0]}\n"
    )


def test_report_prints_every_note_once(tmp_path: Path) -> None:
    c = compare("csto", ["consensus", "majority"], at="2012-05-15")
    page = render_report(c)
    for note in c.caveats:
        assert page.count(html.escape(note, quote=True)) == 1
    t = timeline("csto", rules=["consensus"], end="2013-01-01", indices="ss")
    page = render_report(t)
    for note in t.caveats:
        assert page.count(html.escape(note, quote=True)) == 1


def test_timeline_says_an_uncertain_date_once() -> None:
    t = timeline("csto", rules=["consensus", "majority"], end="2013-01-01", indices="ss")
    about_1999 = [n for n in t.caveats if "1999-04-20 (unverified" in n]
    assert about_1999 == [
        "Azerbaijan (AZE), Georgia (GEO) and Uzbekistan (UZB): membership ended 1999-04-20 "
        "(unverified; inferred: not a signatory of the 1999 prolongation protocol, so "
        "participation ended with the first five-year term)."
    ]
    # Each point still says it in its own words, for its own date.
    assert any("counted until 1999-04-20" in n for n in t.points[0].notes)
    assert any("not counted: membership ended 1999-04-20" in n for n in t.points[1].notes)
    table = t.table()
    assert table.count("1999-04-20 (unverified") == 1


def test_every_note_has_a_known_kind_and_rule_notes_follow_member_notes() -> None:
    a = analyze("csto", at="2012-05-15", rules=["consensus", "majority"], indices="ss")
    kinds = [n.kind for n in a.notes]
    assert set(kinds) <= set(KINDS) and kinds == sorted(kinds, key=KINDS.index)
    assert "rule" in kinds and "membership" in kinds
    assert a.caveats == a.notes and set(a.member_notes) <= set(a.notes)


def test_approximate_values_are_a_note() -> None:
    a = analyze("csto", at="2012-05-15", rules=["majority"], engine="montecarlo",
                indices="banzhaf", samples=2000)  # fmt: skip
    (note,) = [n for n in a.notes if n.kind == "approximate"]
    assert "Monte Carlo" in note and "seed 1" in note


# ----------------------------------------------------------------------- small numbers readable
@given(st.fractions(min_value=Fraction(-1), max_value=Fraction(1), max_denominator=2**70))
@settings(max_examples=300)
def test_decimal_is_six_places_or_two_digits(x: Fraction) -> None:
    text = decimal(x)
    if x == 0 or abs(x) >= Fraction(1, 10**4):
        assert text == f"{float(x):.6f}"
    else:
        mantissa, exponent = text.split("e")
        assert re.fullmatch(r"-?\d\.\d", mantissa)
        # Two significant digits: within half a unit of the second digit.
        assert abs(float(text) - float(x)) <= 0.05 * 10 ** int(exponent) * (1 + 1e-12)
        assert text != "0.000000" and float(text) != 0


def test_fmt_keeps_the_exact_value_available() -> None:
    tiny = Fraction(1, 2**32)
    assert fmt(tiny) == "1/4294967296" and fmt(tiny, exact=False) == "2.3e-10"
    assert fmt_both(tiny) == "1/4294967296 (2.3e-10)"


# ------------------------------------------------------------------------ the default set
def quota_or(n: int) -> OrGame:
    """An "or" of two quota games over ``n`` players: the EU Council's shape, which no engine
    counts minimal winning coalitions for past 25 players."""
    return OrGame([WeightedGame([1] * n, n - 2), WeightedGame(list(range(1, n + 1)), n * n // 3)])


NEEDS_STRUCTURE = {k for k, s in INDICES.items() if s.needs & {Need.MINIMAL, Need.JOHNSTON}}


def test_plan_skips_exactly_the_structure_indices_of_a_large_or_game() -> None:
    game = quota_or(27)
    keys, skipped = plan_indices(game)
    assert set(skipped) == NEEDS_STRUCTURE == {"johnston", "deegan_packel", "holler"}
    assert keys == tuple(k for k in INDICES if k not in NEEDS_STRUCTURE)
    result = power(game, indices=keys)
    assert sum(result.indices["shapley_shubik"]) == 1
    for key in skipped:
        assert "--participants" in skipped[key]  # 27 > 25 players: the way to get it
        with pytest.raises(PivotalError):
            power(game, indices=[key])
    # Named explicitly, or with a forced engine, nothing is skipped.
    assert plan_indices(game, indices="banzhaf,holler") == (("banzhaf", "holler"), {})
    assert plan_indices(game, engine="dp")[1] == {}


def test_plan_keeps_everything_for_small_and_composed_games() -> None:
    assert plan_indices(quota_or(12)) == (tuple(INDICES), {})
    assert plan_indices(AndGame([WeightedGame([1] * 8, 5), WeightedGame([3] * 8, 9)]))[1] == {}


@given(game=st.one_of(weighted_games(max_n=24, max_weight=50), composite_games()))
@settings(max_examples=40)
def test_plan_never_skips_what_an_engine_counts_quickly(game) -> None:
    # Weighted games of up to 24 players and and/or games of up to 8: the dp, fast or
    # enumeration engines count every statistic well within the default set's budget, and
    # power() then agrees with the plan.
    keys, skipped = plan_indices(game)
    assert (keys, skipped) == (tuple(INDICES), {})
    assert list(power(game, indices=keys).indices) == list(INDICES)
