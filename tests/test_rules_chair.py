"""Rules that name the chair: 'requested by the chair' and a casting vote on ties.

The reference meaning, written here independently of the parser and the compiler: for a measure
with weights w and total W (the member count, a group counted one per member, or an attribute),
"more than half, the chair c breaking ties" passes S when w(S) > W/2, or w(S) = W/2 and c is in S;
"requested by the chair" passes S when c is in S.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from fractions import Fraction
from math import comb

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pivotal.errors import PivotalError
from pivotal.games import MultiWeightedGame, WeightedGame
from pivotal.organizations import load_organization
from pivotal.power import power
from pivotal.rules import (
    GRAMMAR_HELP,
    CastingVote,
    Majority,
    RequestedBy,
    RuleError,
    Threshold,
    compile_rule,
    describe_rule,
    parse_rule,
)
from rule_helpers import coalitions, expected_table, names, table
from strategies import names_for, weight_vectors

CSTO6 = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]  # the members counted in 2024

#: The ways to write the casting vote after a part; case and spacing are free.
SUFFIXES = (
    ", the chair breaking ties",
    " with the chair breaking ties",
    ", the chair breaks ties",
    " WITH THE CHAIR BREAKING TIES",
    " ,chair   breaking\nties",
)


def casting_reference(weights: Sequence[Fraction], chair: int) -> Callable[[frozenset[int]], bool]:
    total = sum(weights, Fraction(0))

    def wins(coalition: frozenset[int]) -> bool:
        held = sum((weights[i] for i in coalition), Fraction(0))
        return 2 * held > total or (2 * held == total and chair in coalition)

    return wins


# --- every measure against brute force -----------------------------------------------------------


@st.composite
def casting_cases(draw: st.DrawFn) -> tuple[str, list[str], dict, dict, int, list[Fraction] | None]:
    """(rule text, members, attributes, groups, chair index, weights or None if refused)."""
    n = draw(st.integers(1, 8))
    members = draw(names_for(n)) or names(n)
    chair = draw(st.integers(0, n - 1))
    suffix = draw(st.sampled_from(SUFFIXES))
    kind = draw(st.sampled_from(["members", "attribute", "group"]))
    attributes: dict = {}
    groups: dict = {}
    if kind == "members":
        part = draw(
            st.sampled_from(
                [
                    "majority",
                    "simple majority",
                    "Majority of the members",
                    "members > 50%",
                    "more than 1/2 of members",
                    "more than 50% of the members",
                    "members > 2/4",
                ]
            )
        )
        weights: list[Fraction] | None = [Fraction(1)] * n
    elif kind == "attribute":
        # Small whole weights with many ties, or halves and tenths, so exact ties are common.
        raw = draw(weight_vectors(n, max_weight=draw(st.sampled_from([3, 20]))))
        divisor = draw(st.sampled_from([1, 2, 10]))
        values = [Fraction(v, divisor) for v in raw]
        if draw(st.booleans()):
            values = [Fraction(0)] * n  # a total of 0 has no half: refused
        written: list[object] = [
            v.numerator if v.denominator == 1 else draw(st.sampled_from([v, str(float(v))]))
            for v in values
        ]
        attributes = {"votes": dict(zip(members, written, strict=True))}
        part = draw(st.sampled_from(["votes > 50%", "more than 1/2 of votes", "votes > 1/2"]))
        weights = values if sum(values) > 0 else None
    else:
        inside = draw(st.lists(st.booleans(), min_size=n, max_size=n))
        groups = {"council": [m for m, yes in zip(members, inside, strict=True) if yes] + ["XX"]}
        part = draw(
            st.sampled_from(
                ["more than 1/2 of council", "council members > 50%", "more than 50% of council"]
            )
        )
        weights = [Fraction(int(yes)) for yes in inside] if any(inside) else None
    return part + suffix, members, attributes, groups, chair, weights


@settings(max_examples=300, deadline=None)
@given(casting_cases())
def test_casting_vote_matches_its_definition(case: tuple) -> None:
    text, members, attributes, groups, chair, weights = case
    if weights is None:
        with pytest.raises(PivotalError):
            compile_rule(text, members, attributes, groups=groups, chair=members[chair])
        return
    game = compile_rule(text, members, attributes, groups=groups, chair=members[chair])
    # One weighted criterion, which every engine counts.
    assert isinstance(game, WeightedGame)
    assert game.players == tuple(members)
    assert table(game) == expected_table(len(members), casting_reference(weights, chair)), text
    # A casting vote decides every split: of S and the others, exactly one passes.
    n = len(members)
    outcome = table(game)
    assert all(outcome[mask] != outcome[(1 << n) - 1 - mask] for mask in range(1 << n))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_whole_weights_give_the_doubled_game(data: st.DataObject) -> None:
    # The form the issue asks for: weights 2w_i, the chair's 2w_c + 1, quota W + 1.
    n = data.draw(st.integers(1, 9))
    weights = data.draw(weight_vectors(n, max_weight=30))
    chair = data.draw(st.integers(0, n - 1))
    members = names(n)
    game = compile_rule(
        "votes > 50%, the chair breaking ties",
        members,
        {"votes": dict(zip(members, weights, strict=True))},
        chair=members[chair],
    )
    (criterion,) = game.criteria
    doubled = tuple(2 * w + (i == chair) for i, w in enumerate(weights))
    assert (criterion.weights, criterion.quota) == (doubled, sum(weights) + 1)


@pytest.mark.parametrize("n", range(1, 12, 2))
def test_with_an_odd_count_of_members_no_tie_occurs(n: int) -> None:
    members = names(n)
    for chair in (members[0], members[-1]):
        game = compile_rule("majority, the chair breaking ties", members, chair=chair)
        assert table(game) == table(compile_rule("majority", members))


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 7), st.data())
def test_casting_vote_combines_with_other_parts(n: int, data: st.DataObject) -> None:
    members = names(n)
    chair, host = data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1))
    majority = casting_reference([Fraction(1)] * n, chair)
    cases: list[tuple[str, Callable[[frozenset[int]], bool]]] = [
        (
            "majority, the chair breaking ties and requested by the host",
            lambda c: majority(c) and host in c,
        ),
        ("requested by the chair and majority", lambda c: chair in c and 2 * len(c) > n),
        ("requested by chair", lambda c: chair in c),
        ("consensus or majority with the chair breaking ties", majority),
        (
            "(majority, the chair breaking ties) and (requested by the host or consensus)",
            lambda c: majority(c) and (host in c or len(c) == n),
        ),
        ("requested by the chair and requested by the host", lambda c: {chair, host} <= c),
    ]
    for text, meaning in cases:
        game = compile_rule(text, members, host=members[host], chair=members[chair])
        assert table(game) == expected_table(n, meaning), text


def test_an_and_of_criteria_with_a_casting_vote_stays_one_multi_weighted_game() -> None:
    game = compile_rule(
        "majority, the chair breaking ties and requested by the host",
        CSTO6,
        host="RUS",
        chair="KAZ",
    )
    assert isinstance(game, MultiWeightedGame)
    assert [(c.weights, c.quota) for c in game.criteria] == [
        ((2, 2, 3, 2, 2, 2), 7),
        ((0, 0, 0, 0, 1, 0), 1),
    ]


# --- power indices against closed forms ----------------------------------------------------------


@pytest.mark.parametrize("m", range(1, 6))
def test_power_of_a_tie_breaking_chair_in_closed_form(m: int) -> None:
    # n = 2m members, simple majority, the chair c breaking ties. Counted by hand:
    # - c swings for S without c of m - 1 members (S + c is a tie with the chair) or of m (a tie
    #   without the chair, which S + c turns into m + 1): C(2m-1, m-1) + C(2m-1, m);
    # - another member i swings for S of m without c and i (S + i is m + 1), or of m - 1 with c
    #   (S + i is a tie with the chair): C(2m-2, m) + C(2m-2, m-2);
    # - in a random order c is pivotal at positions m and m + 1: Shapley-Shubik 2/n, and the
    #   others share the rest equally.
    n = 2 * m
    members = names(n)
    game = compile_rule("majority, the chair breaking ties", members, chair="M0")
    result = power(game, ["raw_banzhaf", "shapley_shubik"])
    chair_swings = comb(n - 1, m - 1) + comb(n - 1, m)
    other_swings = comb(n - 2, m) + (comb(n - 2, m - 2) if m >= 2 else 0)
    assert list(result.indices["raw_banzhaf"]) == [chair_swings] + [other_swings] * (n - 1)
    shapley = list(result.indices["shapley_shubik"])
    assert shapley[0] == Fraction(2, n)
    assert shapley[1:] == [Fraction(n - 2, n * (n - 1))] * (n - 1)
    # Every split is decided, so exactly half of all coalitions win.
    assert result.coleman_act == Fraction(1, 2)
    assert sum(table(game)) == 2 ** (n - 1)


# --- parsing -------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize(
    "part", ["majority", "members > 50%", "more than 1/2 of votes", "(votes > 50%)"]
)
def test_parse_round_trip(part: str, suffix: str) -> None:
    text = part + suffix
    rule = parse_rule(text)
    node = rule.body
    assert isinstance(node, CastingVote)
    assert str(rule) == text
    # The part before the suffix parses, on its own, to the node's part (same offsets).
    assert parse_rule(part).body == node.part
    assert text[node.chair_start : node.chair_start + 5].casefold() == "chair"
    assert node.start == node.part.start
    assert isinstance(node.part, Majority | Threshold)


@pytest.mark.parametrize("text", ["requested by the chair", "REQUESTED BY Chair"])
def test_requested_by_the_chair_parses(text: str) -> None:
    node = parse_rule(text).body
    assert node == RequestedBy(0, None, text.casefold().index("chair"), "chair")


def test_the_variants_compile_to_the_same_game() -> None:
    games = {
        compile_rule(f"majority{suffix}", CSTO6, chair="KAZ").winning_table().tobytes()
        for suffix in SUFFIXES
    }
    assert len(games) == 1


def test_a_quoted_chair_is_a_member_id_not_the_chair() -> None:
    members = ["A", "chair"]
    game = compile_rule('requested by "chair"', members, chair="A")
    assert game.is_winning(["chair"]) and not game.is_winning(["A"])


# --- errors --------------------------------------------------------------------------------------


def error(text: str, members: Sequence[str] = CSTO6, **kwargs: object) -> PivotalError:
    with pytest.raises(PivotalError) as info:
        compile_rule(text, members, **kwargs)  # type: ignore[arg-type]
    err = info.value
    for field in (err.parameter, err.allowed, err.received, err.fix):
        assert field.strip()
    return err


@pytest.mark.parametrize(
    "text", ["majority, the chair breaking ties", "requested by the chair and consensus"]
)
def test_a_rule_naming_the_chair_needs_one(text: str) -> None:
    err = error(text)
    assert err.parameter == "chair"
    assert "chair=" in err.fix and "chairs:" in err.fix
    assert all(m in err.allowed for m in CSTO6)
    # The rule and where it names the chair.
    column = text.index("chair") + 1
    assert text in err.received and f"column {column}" in err.received


@pytest.mark.parametrize("chair", ["UZB", "Armenia", ""])
def test_a_chair_who_does_not_take_part_is_refused(chair: str) -> None:
    err = error("majority, the chair breaking ties", chair=chair)
    assert err.parameter == "chair"
    assert repr(chair) == err.received
    assert "one of the members taking part: ARM, BLR, KAZ, KGZ, RUS, TJK" in err.allowed
    assert "suspended" in err.fix


def test_chair_names_match_case_insensitively() -> None:
    lower = compile_rule("majority, the chair breaking ties", CSTO6, chair="kaz")
    assert table(lower) == table(
        compile_rule("majority, the chair breaking ties", CSTO6, chair="KAZ")
    )


@pytest.mark.parametrize("chair", [3, ["KAZ"], b"KAZ"])
def test_the_chair_must_be_text(chair: object) -> None:
    err = error("majority", chair=chair)
    assert err.parameter == "chair" and "member id" in err.allowed


def test_a_chair_is_not_needed_by_rules_that_do_not_name_it() -> None:
    assert table(compile_rule("majority", CSTO6, chair="UZB")) == table(
        compile_rule("majority", CSTO6)
    )


@pytest.mark.parametrize(
    ("text", "spot", "fix"),
    [
        ("at least 50% of members, the chair breaking ties", "50%", "already passes a tie"),
        ("members >= 1/2, the chair breaking ties", "1/2", "already passes a tie"),
        ("members > 2/3, the chair breaking ties", "2/3", "has no tie"),
        ("votes >= 85% with the chair breaking ties", "85%", "has no tie"),
        ("more than 3 members, the chair breaking ties", "3", "count"),
        ("members > 0.5, the chair breaking ties", "0.5", "count"),
        ("consensus, the chair breaking ties", "chair", "attach it there"),
        ("against <= 2, the chair breaking ties", "chair", "attach it there"),
        ("all of council, the chair breaking ties", "chair", "attach it there"),
        ("requested by the host, the chair breaking ties", "chair b", "attach it there"),
        ("(majority or consensus), the chair breaking ties", "chair", "attach it there"),
    ],
)
def test_a_casting_vote_only_follows_more_than_half(text: str, spot: str, fix: str) -> None:
    err = error(
        text,
        chair="KAZ",
        host="KAZ",
        attributes={"votes": dict.fromkeys(CSTO6, 1)},
        groups={"council": CSTO6},
    )
    assert isinstance(err, RuleError)
    column = text.rindex(spot) + 1 if spot.startswith("chair") else text.index(spot) + 1
    assert err.parameter == f"rule, column {column}"
    for form in ("majority", "more than 50% of members", "more than 1/2 of GROUP", "votes > 50%"):
        assert form in err.allowed
    assert fix in err.fix


@pytest.mark.parametrize(
    ("text", "column", "expected"),
    [
        ("majority, the chair breaking", 29, "'ties'"),
        ("majority with chair", 20, "'breaking'"),
        ("majority, the president breaking ties", 15, "'chair'"),
        ("majority, consensus", 11, "'the' or 'chair'"),
        ("requested by the", 17, "'host' or 'chair'"),
        ("requested by", 13, "'the chair', 'the host' or a member id"),
    ],
)
def test_syntax_errors_point_at_the_spot(text: str, column: int, expected: str) -> None:
    err = error(text, chair="KAZ")
    assert isinstance(err, RuleError)
    assert err.parameter == f"rule, column {column}"
    assert expected in err.allowed
    _, caret = err.received.split("\n")
    assert caret.index("^") == column


def test_a_stray_comma_says_what_a_comma_means() -> None:
    err = error("majority, consensus", chair="KAZ")
    assert "only starts a casting vote" in err.fix and "'and' or 'or'" in err.fix


def test_a_group_with_nobody_taking_part_is_refused_under_a_casting_vote() -> None:
    err = error(
        "more than 1/2 of council, the chair breaking ties",
        chair="KAZ",
        groups={"council": ["UZB"]},
    )
    assert "at least one member taking part" in err.allowed


# --- descriptions and help -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "members", "extra", "sentence"),
    [
        (
            "majority, the chair breaking ties",
            CSTO6,
            {"chair": "KAZ"},
            "more than half of the members (4 of 6) with the chair (KAZ) breaking ties "
            "(3 of 6 with KAZ)",
        ),
        (
            "majority with the chair breaking ties",
            [*CSTO6, "UZB"],
            {"chair": "kaz", "member_names": {"KAZ": "Kazakhstan"}},
            "more than half of the members (4 of 7) with the chair, Kazakhstan (KAZ), breaking "
            "ties (no tie with 7 members)",
        ),
        (
            "majority, the chair breaking ties",
            None,
            {},
            "more than half of the members with the chair breaking ties",
        ),
        (
            "votes > 50%, the chair breaks ties",
            CSTO6,
            {"chair": "KAZ"},
            "members holding more than 50% of the total votes with the chair (KAZ) breaking ties",
        ),
        (
            "requested by the chair and consensus",
            CSTO6,
            {"chair": "KAZ", "member_names": {"KAZ": "Kazakhstan"}},
            "requested by the chair, Kazakhstan (KAZ) and all 6 members agree (consensus)",
        ),
        ("requested by the chair", None, {}, "requested by the chair"),
    ],
)
def test_describe(text: str, members: list[str] | None, extra: dict, sentence: str) -> None:
    assert describe_rule(text, members, **extra) == sentence


def test_help_documents_the_chair_forms_and_where_a_casting_vote_is_allowed() -> None:
    examples = [
        re.split(r"\s{2,}", line.strip())[0]
        for line in GRAMMAR_HELP.splitlines()
        if line.startswith("  ") and line[2] != " "
    ]
    for form in (
        "requested by the chair",
        "majority, the chair breaking ties",
        "votes > 50%, the chair breaking ties",
    ):
        assert form in examples
    for said in (
        "majority with the chair breaking ties",
        "the chair breaks ties",
        "at least 50%",
        "2/3",
        "chair=",
        "chairs:",
        "breaking, breaks, ties",
    ):
        assert said in " ".join(GRAMMAR_HELP.split()), said


# --- the CSTO file end to end --------------------------------------------------------------------


@pytest.fixture(scope="module")
def csto():  # type: ignore[no-untyped-def]
    return load_organization("csto")


def test_csto_2024_kazakhstan_breaks_ties(csto) -> None:  # type: ignore[no-untyped-def]
    # csto.yaml: 'chairs:' has KAZ chairing the Collective Security Council in 2024.
    snap = csto.snapshot("2024-06-01")
    assert snap.chair("csc") == "KAZ"
    game = snap.game(rule="majority, the chair breaking ties", body="csc")
    assert game.players == tuple(CSTO6)
    assert table(game) == expected_table(6, casting_reference([Fraction(1)] * 6, 2))
    # Without a body the first body's chair is the one: the Council.
    assert next(iter(csto.bodies)) == "csc"
    assert table(snap.game(rule="majority, the chair breaking ties")) == table(game)


def test_csto_chair_changes_with_the_date(csto) -> None:  # type: ignore[no-untyped-def]
    # csto.yaml: KGZ chairs in 2025, RUS in 2026; the chair is a veto player when it must ask.
    for at, chair in (("2025-06-01", "KGZ"), ("2026-06-01", "RUS")):
        game = csto.snapshot(at).game(rule="requested by the chair and majority", body="csc")
        players = list(game.players)
        c = players.index(chair)
        n = len(players)
        assert table(game) == expected_table(n, lambda s, c=c, n=n: c in s and 2 * len(s) > n)


def test_csto_date_without_a_recorded_chair(csto) -> None:  # type: ignore[no-untyped-def]
    # csto.yaml records chairs from 2003-04-28 on; 2000 has members but no chair.
    snap = csto.snapshot("2000-01-01")
    assert snap.chair("csc") is None
    with pytest.raises(PivotalError) as info:
        snap.game(rule="majority, the chair breaking ties", body="csc")
    assert info.value.parameter == "chair"
    assert "chairs:" in info.value.fix and "chair=" in info.value.fix
    # Rules that do not name the chair still compile on that date.
    snap.game(rule="majority", body="csc")


def test_csto_chair_who_does_not_take_part(csto) -> None:  # type: ignore[no-untyped-def]
    snap = csto.snapshot("2024-06-01")
    others = [m for m in CSTO6 if m != "KAZ"]
    with pytest.raises(PivotalError) as info:
        snap.game(rule="requested by the chair", body="csc", participants=others)
    assert info.value.parameter == "chair"
    assert info.value.received == "'KAZ'"
    assert ", ".join(others) in info.value.allowed


def test_csto_analyze_from_the_command_line() -> None:
    from pivotal.cli import app

    result = CliRunner().invoke(
        app,
        ["analyze", "csto", "--at", "2024-06-01", "--rule", "majority, the chair breaking ties"],
    )
    assert result.exit_code == 0, result.output
    assert "breaking ties" in result.output
    assert "Traceback" not in result.output


def test_every_coalition_helper_is_complete() -> None:
    # The brute force above enumerates coalitions by bit masks; the helper must agree.
    assert [sum(1 << i for i in c) for c in coalitions(4)] == list(range(16))


def test_analysis_names_the_chair_in_the_rule_description() -> None:
    # Kazakhstan chaired the CSTO in 2024 (csto.yaml, chairs); the description says who breaks
    # ties, and the chair's swings exceed every other member's (the closed form above).
    from pivotal.compare import analyze

    a = analyze(
        "csto", at="2024-06-01", rules=["majority, the chair breaking ties"], indices="swings"
    )
    (r,) = a.rules
    assert "with the chair, Kazakhstan (KAZ), breaking ties" in r.description
    swings = dict(zip(r.result.players, r.result.indices["raw_banzhaf"], strict=True))
    assert max(swings, key=swings.get) == "KAZ"
