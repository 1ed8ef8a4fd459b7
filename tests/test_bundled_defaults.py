"""Every command on every bundled organization, with its defaults: exit 0 and true output.

A newcomer's first commands (issue 8) are ``pivotal analyze ORG``, ``compare`` with two of its
rules, ``timeline``, ``show``, ``ratification`` and ``demo``. Each runs here on every bundled
organization, and the output is checked against facts known independently of pivotal's code:

- the UN Security Council's Shapley-Shubik values, 421/2145 for a permanent member and 4/2145 for
  an elected one (Shapley & Shubik 1954 for the 11-member Council's method; the 15-member values
  as published by e.g. Straffin, *Game Theory and Strategy*, 1993, ch. 7: 0.1963 and 0.0019);
- the IMF's member table (``benchmarks/data/imf_members_quotas_votes_2025.csv``, the IMF's own
  page, see benchmarks/data/README.md): who can block an 85% decision alone is whoever holds more
  than 15% of all votes, counted here from the table, not from the organization file;
- NATO decides by consensus of 32 members: one coalition of 2^32 can act, 2.3e-10;
- the CSTO: Armenia froze its participation on 2024-02-22 and the Council has since decided "in
  a limited format" without it (csto.yaml, with its sources);
- the EU Council's qualified majority (an "or" of quotas) has no engine for minimal winning
  coalitions at 27 members: Johnston, Deegan-Packel and Holler are skipped, and said to be.
"""

from __future__ import annotations

import csv
import json
import math
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pivotal.cli import app

ROOT = Path(__file__).resolve().parent.parent
IMF_TABLE = ROOT / "benchmarks" / "data" / "imf_members_quotas_votes_2025.csv"
ORGS = ("csto", "eu_council", "imf", "nato", "unsc", "us_electoral_college")
#: The first two rules of each organization: its named rules, else its first body's matters.
FIRST_TWO = {
    "csto": ("consensus", "majority"),
    "eu_council": ("qmv", "qmv_reinforced"),
    "imf": ("ordinary", "special_70"),
    "nato": ("consensus", "majority"),  # one matter only: the rule word for the second
    "unsc": ("procedural", "substantive"),
    "us_electoral_college": ("president", "majority"),
}
CSTO_TODAY = ("BLR", "KAZ", "KGZ", "RUS", "TJK")


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, (args, result.output)
    assert "Traceback" not in result.output
    return result.output


def run_json(*args: str) -> dict:
    return json.loads(run(*args, "-f", "json"))


def exact(value: int | str) -> Fraction:
    return Fraction(value)


# ------------------------------------------------------------------------------ every command
@pytest.mark.parametrize("org", ORGS)
def test_every_command_runs_with_its_defaults(org: str) -> None:
    analysis = run_json("analyze", org)
    members = analysis["members"]
    shown = run("show", org)
    assert f"Members ({len(members)}):" in shown
    table = run("analyze", org)
    assert f"{len(members)} members" in table
    assert "Dummies (never decisive):" in table
    # The terminal prints every note the JSON has.
    for note in analysis["caveats"]:
        assert note in table
    first, second = FIRST_TWO[org]
    # The IMF's 191 members take seconds per game: one index for its comparison, and its
    # timeline from the 191-member table on (the full default timeline: test_imf_timeline).
    quick = ("-i", "banzhaf") if org == "imf" else ()
    comparison = run_json("compare", org, "--rule", first, "--rule", second, *quick)
    assert [r["rule"] for r in comparison["rules"]] == [first, second]
    run("ratification", org)
    timeline = run_json("timeline", org, *(("--from", "2024-10-21") if org == "imf" else ()))
    assert timeline["points"], org


def test_demo_runs_and_tells_the_2012_question() -> None:
    out = run("demo")
    assert "Belarus can block any decision alone under consensus; under majority it cannot." in out
    assert "Dummies (never decisive):" in out


# ------------------------------------------------------------------------------------- CSTO
def test_csto_default_follows_armenias_frozen_participation() -> None:
    out = run_json("analyze", "csto", "--exact")
    (rule,) = out["rules"]
    assert "ARM" in out["members"]  # a member de jure ...
    assert tuple(rule["players"]) == CSTO_TODAY  # ... that takes no part
    assert tuple(rule["veto_players"]) == CSTO_TODAY
    assert rule["coleman_act"] == "1/32"
    first = out["notes"][0]
    assert first.startswith("Armenia (ARM) has frozen its participation since 2024-02-22")
    assert "--participants ARM,BLR,KAZ,KGZ,RUS,TJK" in first
    table = run("analyze", "csto")
    assert table.splitlines()[0] == f"Note: {first}"
    assert "counted as a member (it remains one de jure)" not in table  # said once, by the lead
    assert "6 members, 5 taking part" in table.splitlines()[1]
    # Counting Armenia anyway, as the note says: its absence then blocks.
    full = run_json("analyze", "csto", "--participants", "ARM,BLR,KAZ,KGZ,RUS,TJK", "--exact")
    assert "ARM" in full["rules"][0]["veto_players"]
    assert full["rules"][0]["coleman_act"] == "1/64"


def test_csto_timeline_default_has_armenias_freeze() -> None:
    out = run_json("timeline", "csto", "--from", "2020-01-01", "--exact")
    last = out["points"][-1]
    assert last["at"] == "2024-02-22"
    rule = next(iter(last["rules"].values()))
    assert tuple(rule["players"]) == CSTO_TODAY


# ---------------------------------------------------------------------------------- EU Council
def test_eu_council_default_skips_what_no_engine_counts() -> None:
    out = run_json("analyze", "eu_council", "--exact")
    (rule,) = out["rules"]
    assert len(out["members"]) == 27
    assert list(rule["skipped"]) == ["johnston", "deegan_packel", "holler"]
    assert "johnston" not in rule["indices"] and "shapley_shubik" in rule["indices"]
    assert sum(exact(v) for v in rule["indices"]["shapley_shubik"]) == 1
    assert sum(exact(v) for v in rule["indices"]["banzhaf"]) == 1
    assert rule["veto_players"] == [] and rule["dummies"] == []
    skipped = [n for n in out["caveats"] if n.startswith("Not computed:")]
    assert skipped == [n for n in skipped if "Johnston, Deegan-Packel and Holler" in n]
    assert "--participants" in skipped[0]  # how to get them
    table = run("analyze", "eu_council")
    assert "Not computed: Johnston, Deegan-Packel and Holler (public good)" in table
    csv_text = run("analyze", "eu_council", "-f", "csv")
    assert "# skipped: Not computed: Johnston" in csv_text
    # Asked for by name, an index that cannot be counted stays an error.
    result = CliRunner().invoke(app, ["analyze", "eu_council", "-i", "johnston"])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_eu_council_timeline_says_where_it_has_no_game() -> None:
    out = run_json("timeline", "eu_council", "-i", "banzhaf")
    assert out["points"][0]["at"] == "1973-01-01"  # the file's qmv starts then
    assert [p["at"] for p in out["points"]][-1] == "2025-01-01"
    assert any(c.startswith("On 1958-01-01 the rule of council.qmv") for c in out["caveats"])
    assert any("the point moves to 2025-01-01" in c for c in out["caveats"])


# ----------------------------------------------------------------------------------------- IMF
def imf_table() -> dict[str, int]:
    with IMF_TABLE.open(encoding="utf-8") as f:
        return {row["iso3"]: int(row["votes"]) for row in csv.DictReader(f)}


def test_imf_default_is_the_full_table_without_a_dictator() -> None:
    votes = imf_table()
    out = run_json("analyze", "imf", "--exact")
    (rule,) = out["rules"]
    assert set(out["members"]) == set(votes)  # every member, no aggregate
    assert rule["veto_players"] == [] and rule["dummies"] == []
    banzhaf = dict(zip(out["members"], map(exact, rule["indices"]["banzhaf"]), strict=True))
    assert max(banzhaf, key=banzhaf.get) == "USA"
    assert sum(banzhaf.values()) == 1
    # Shapley-Shubik takes about 20 s and 7 GB here: skipped by default, and said to be.
    assert "shapley_shubik" in rule["skipped"]


def test_imf_table_rounds_counts_too_long_to_read() -> None:
    # 191 players: swing counts of about 58 digits. The table shows four digits of each (the
    # exact integer stays in the JSON) and 2^191 coalitions, and says so.
    exact_out = run_json("analyze", "imf", "-i", "swings", "--exact")
    (rule,) = exact_out["rules"]
    swings = dict(zip(exact_out["members"], rule["indices"]["raw_banzhaf"], strict=True))
    assert len(str(swings["USA"])) > 50
    table = run("analyze", "imf", "-i", "swings")
    usa = next(line for line in table.splitlines() if line.startswith("USA "))
    assert usa.split()[1] == f"{int(swings['USA']):.3e}"
    assert f"{int(rule['winning_coalitions']):.3e} of 2^191 coalitions" in table
    assert "counts of 10^15 or more to 4 digits (exact with --exact)" in table


def test_imf_us_veto_over_85_percent_decisions_from_the_source_table() -> None:
    votes = imf_table()
    total = sum(votes.values())
    quota = math.ceil(Fraction(85, 100) * total)
    blockers = sorted(m for m, v in votes.items() if total - v < quota)
    assert blockers == ["USA"] and round(100 * votes["USA"] / total, 2) == 16.49
    out = run_json("analyze", "imf", "--matter", "special_85", "-i", "banzhaf")
    assert out["rules"][0]["veto_players"] == blockers


def test_imf_timeline_default_starts_with_the_2011_aggregate() -> None:
    out = run_json("timeline", "imf", "-i", "banzhaf")
    assert [len(p["members"]) for p in out["points"]] == [21, 190, 191]
    assert "counted as ONE player" in out["caveats"][0]


def test_imf_2011_says_first_that_an_aggregate_is_one_player() -> None:
    out = run_json("analyze", "imf", "--at", "2011-06-01", "-i", "banzhaf")
    assert "OTHERS" in out["members"] and len(out["members"]) == 21
    assert "counted as ONE player" in out["notes"][0] and "2022-10-02" in out["notes"][0]
    assert run("analyze", "imf", "--at", "2011-06-01", "-i", "banzhaf").startswith(
        "Note: On 2011-06-01 the file has no full member table"
    )


# ---------------------------------------------------------------------------------- NATO, UNSC
def test_nato_power_to_act_reads_in_scientific_notation() -> None:
    out = run_json("analyze", "nato", "--exact", "-i", "penrose")
    assert exact(out["rules"][0]["coleman_act"]) == Fraction(1, 2**32)
    assert len(out["rules"][0]["veto_players"]) == 32
    table = run("analyze", "nato", "-i", "penrose")
    assert "2.3e-10" in table and "(1 of 4294967296 coalitions)" in table
    assert "0.000000" not in table


def test_unsc_published_shapley_shubik_values() -> None:
    out = run_json("analyze", "unsc", "--exact", "-i", "ss")
    (rule,) = out["rules"]
    values = dict(zip(out["members"], map(exact, rule["indices"]["shapley_shubik"]), strict=True))
    permanent = ["CHN", "FRA", "GBR", "RUS", "USA"]
    assert rule["veto_players"] == permanent
    for m in out["members"]:
        assert values[m] == (Fraction(421, 2145) if m in permanent else Fraction(4, 2145))


def test_unsc_timeline_follows_the_matter_through_the_1965_enlargement() -> None:
    out = run_json("timeline", "unsc", "-i", "ss", "--exact")
    assert [r["rule"] for r in out["rules"]] == ["substantive"]
    assert [len(p["members"]) for p in out["points"]] == [11, 15]


def test_us_electoral_college_default() -> None:
    out = run_json("analyze", "us_electoral_college", "--exact", "-i", "ss,banzhaf")
    (rule,) = out["rules"]
    assert len(out["members"]) == 51 and rule["veto_players"] == []
    assert sum(exact(v) for v in rule["indices"]["shapley_shubik"]) == 1


@pytest.mark.parametrize("org", ORGS)
def test_compare_without_rules_compares_the_first_two_and_says_so(org: str) -> None:
    # The pair is the one FIRST_TWO (above) names from the files: named rules, else the first
    # body's matters in force (its default first), else its one rule against majority.
    quick = ("-i", "banzhaf") if org == "imf" else ()
    out = run_json("compare", org, *quick)
    first, second = FIRST_TWO[org]
    if org == "unsc":
        first, second = "substantive", "procedural"  # the default matter is the baseline
    assert [r["rule"] for r in out["rules"]] == [first, second]
    lead = out["caveats"][0]
    assert lead.startswith(f"No rules named: comparing {first} with {second} (")
    assert run("compare", org, *quick).splitlines()[0] == f"Note: {lead}"
