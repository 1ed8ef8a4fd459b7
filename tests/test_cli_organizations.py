"""The organization commands of ``pivotal``, end to end: ``compare``, ``timeline``, ``orgs``,
``show``, ``ratification`` and ``analyze`` with bodies, matters, hosts and participants.

Every expected value is computed here, independently of pivotal: the games are written as plain
Python predicates over sets of member ids (consensus, "more than half", "all permanent members and
at least 9", weighted votes) and counted by brute force over all coalitions (Shapley-Shubik by the
subset formula), or taken from closed forms (consensus: one winning coalition out of 2^n). The
member lists themselves come from the organization files (read with ``show``), which is data, not
computation.

Most tests run the Typer app in-process; two run ``python -m pivotal.cli`` as a real process to
prove the exit codes.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pivotal.cli import app
from pivotal.organizations import bundled

ROOT = Path(__file__).resolve().parent.parent
JSON_DOC = ROOT / "docs" / "json.md"
PNG = b"\x89PNG\r\n\x1a\n"

CSTO_2012 = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB"]
CSTO_1994 = ["ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "RUS", "TJK", "UZB"]
CSTO_1999 = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]
COMPARE_2012 = [
    *("compare", "csto", "--at", "2012-05-15"),
    *("--rule", "consensus", "--rule", "majority"),
]
TIMELINE = ["timeline", "csto", "--rule", "consensus", "--rule", "majority"]
PERMANENT = ["CHN", "FRA", "GBR", "RUS", "USA"]
BUNDLED = ["csto", "eu_council", "imf", "nato", "unsc", "us_electoral_college"]


# ---------------------------------------------------------------------------------------- helpers
def invoke(*args: str):
    """Run the CLI in-process; stdout and stderr are kept apart."""
    return CliRunner().invoke(app, list(args))


def ok(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, f"exit {result.exit_code}: {result.output}"
    assert result.stderr == "", result.stderr
    return result.stdout


def ok_json(*args: str) -> dict:
    return json.loads(ok(*args))


def fails(*args: str) -> str:
    """Run a command that must fail cleanly: exit 2, one ``error:`` line on stderr (no
    traceback), nothing on stdout. Returns stderr."""
    result = invoke(*args)
    assert result.exit_code == 2, f"exit {result.exit_code}: {result.output}"
    assert result.stderr.startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == "", result.stdout
    return result.stderr


def run_process(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pivotal.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def exact(value: object) -> Fraction:
    """Read one exact JSON value: an int, or a ``"p/q"`` string in lowest terms that is not a
    whole number (``"-p/q"`` only where differences are allowed to be negative)."""
    assert not isinstance(value, bool), value
    if isinstance(value, int):
        return Fraction(value)
    assert isinstance(value, str), f"expected an int or a 'p/q' string, got {value!r}"
    assert re.fullmatch(r"-?\d+/\d+", value), value
    parsed = Fraction(value)
    assert parsed.denominator != 1 and str(parsed) == value, value
    return parsed


def exacts(values: Iterable[object]) -> list[Fraction]:
    return [exact(v) for v in values]


# ----------------------------------------------------------------------- brute force (independent)
@dataclass(frozen=True)
class Counted:
    """A simple game counted by brute force over all 2^n coalitions."""

    players: tuple[str, ...]
    winning: int
    swings: tuple[int, ...]
    shapley: tuple[Fraction, ...]
    vetoes: tuple[str, ...]

    @property
    def n(self) -> int:
        return len(self.players)

    def of(self, member: str, index: str) -> Fraction:
        i = self.players.index(member)
        s = self.swings[i]
        return {
            "raw_banzhaf": Fraction(s),
            "banzhaf": Fraction(s, sum(self.swings)),
            "penrose": Fraction(s, 2 ** (self.n - 1)),
            "shapley_shubik": self.shapley[i],
            "coleman_prevent": Fraction(s, self.winning),
            "coleman_initiate": Fraction(s, 2**self.n - self.winning),
        }[index]

    def column(self, index: str) -> list[Fraction]:
        return [self.of(m, index) for m in self.players]

    @property
    def act(self) -> Fraction:
        return Fraction(self.winning, 2**self.n)


def count(players: Sequence[str], wins: Callable[[frozenset[str]], bool]) -> Counted:
    """Swings, Shapley-Shubik (subset formula: |S|!(n-|S|-1)!/n! for every losing S that i turns
    into a winning one), winning coalitions and veto players, by enumerating every coalition."""
    n = len(players)
    win = [
        wins(frozenset(p for k, p in enumerate(players) if mask >> k & 1)) for mask in range(1 << n)
    ]
    fact = [math.factorial(k) for k in range(n + 1)]
    swings = [0] * n
    pivots = [0] * n  # numerators over n!
    for mask, won in enumerate(win):
        if won:
            continue
        size = mask.bit_count()
        for i in range(n):
            if not mask >> i & 1 and win[mask | 1 << i]:
                swings[i] += 1
                pivots[i] += fact[size] * fact[n - size - 1]
    vetoes = tuple(
        p for i, p in enumerate(players) if not any(w and not m >> i & 1 for m, w in enumerate(win))
    )
    return Counted(
        tuple(players),
        sum(win),
        tuple(swings),
        tuple(Fraction(x, fact[n]) for x in pivots),
        vetoes,
    )


def consensus(members: Sequence[str]) -> Callable[[frozenset[str]], bool]:
    return lambda s: len(s) == len(members)


def majority(members: Sequence[str]) -> Callable[[frozenset[str]], bool]:
    return lambda s: 2 * len(s) > len(members)


def weighted(weights: dict[str, Fraction], share: Fraction) -> Callable[[frozenset[str]], bool]:
    """Wins with at least ``share`` of the total weight."""
    total = sum(weights.values())
    return lambda s: sum(weights[m] for m in s) >= share * total


def security_council(votes: int) -> Callable[[frozenset[str]], bool]:
    """Charter Art. 27(3): ``votes`` affirmative votes including all five permanent members."""
    return lambda s: set(PERMANENT) <= s and len(s) >= votes


def six(value: Fraction) -> str:
    return f"{float(value):.6f}"


# ------------------------------------------------------------------------------------ compare
@pytest.fixture(scope="module")
def csto_compare() -> dict:
    return ok_json(*COMPARE_2012, "-f", "json", "--exact")


def test_compare_members_rules_and_vetoes(csto_compare):
    out = csto_compare
    before = count(CSTO_2012, consensus(CSTO_2012))
    after = count(CSTO_2012, majority(CSTO_2012))
    assert out["organization"] == "csto"
    assert out["at"] == "2012-05-15"
    assert out["members"] == CSTO_2012
    assert out["body"] is None and out["matter"] is None
    assert out["exact"] is True
    assert [r["rule"] for r in out["rules"]] == ["consensus", "majority"]
    for rule, counted in zip(out["rules"], (before, after), strict=True):
        assert rule["players"] == CSTO_2012
        assert rule["winning_coalitions"] == counted.winning
        assert rule["veto_players"] == list(counted.vetoes)
        assert rule["dummies"] == []
    # Every member can block alone under consensus, nobody under majority.
    lost = [m for m in CSTO_2012 if m in before.vetoes and m not in after.vetoes]
    assert out["veto_lost"] == lost
    assert out["veto_lost"] == CSTO_2012
    assert out["veto_gained"] == []


def test_compare_power_to_act(csto_compare):
    act = {k: exact(v) for k, v in csto_compare["coleman_act"].items()}
    assert act == {"consensus": Fraction(1, 2**7), "majority": Fraction(1, 2)}
    assert act["consensus"] == count(CSTO_2012, consensus(CSTO_2012)).act
    assert act["majority"] == count(CSTO_2012, majority(CSTO_2012)).act
    assert exact(csto_compare["act_ratio"]) == act["majority"] / act["consensus"] == 64


BRUTE_INDICES = [
    "raw_banzhaf",
    "banzhaf",
    "penrose",
    "shapley_shubik",
    "coleman_prevent",
    "coleman_initiate",
]


@pytest.mark.parametrize("index", BRUTE_INDICES)
def test_compare_values_and_differences(csto_compare, index):
    before = count(CSTO_2012, consensus(CSTO_2012)).column(index)
    after = count(CSTO_2012, majority(CSTO_2012)).column(index)
    assert exacts(csto_compare["indices"]["consensus"][index]) == before
    assert exacts(csto_compare["indices"]["majority"][index]) == after
    diff = [b - a for a, b in zip(before, after, strict=True)]
    assert exacts(csto_compare["differences"][index]) == diff


def test_compare_prevent_difference_closed_form(csto_compare):
    # Consensus: every member is a veto player (prevent 1). Majority of 7 (4 votes): a member
    # swings in the C(6,3) = 20 coalitions where the other six split 3-3, out of 2^6 = 64 winning.
    assert exacts(csto_compare["indices"]["consensus"]["coleman_prevent"]) == [1] * 7
    assert (
        exacts(csto_compare["indices"]["majority"]["coleman_prevent"])
        == [Fraction(math.comb(6, 3), 2**6)] * 7
    )
    assert csto_compare["differences"]["coleman_prevent"] == ["-11/16"] * 7


@pytest.mark.parametrize("index", ["johnston", "deegan_packel", "holler"])
def test_compare_symmetric_indices(csto_compare, index):
    # Both games are symmetric, so every efficient index gives each of the 7 members 1/7.
    for rule in ("consensus", "majority"):
        assert exacts(csto_compare["indices"][rule][index]) == [Fraction(1, 7)] * 7
    assert exacts(csto_compare["differences"][index]) == [0] * 7


def test_compare_floats_and_text_parts():
    out = ok_json(*COMPARE_2012, "-f", "json", "-i", "ss,prevent")
    assert out["exact"] is False
    assert list(out["indices"]["majority"]) == ["shapley_shubik", "coleman_prevent"]
    assert out["differences"]["coleman_prevent"] == [pytest.approx(-11 / 16)] * 7
    assert out["act_ratio"] == pytest.approx(64.0) and isinstance(out["act_ratio"], float)
    assert out["summary"] and all(isinstance(line, str) for line in out["summary"])
    assert all(isinstance(v, str) for v in out["sources"].values())


def test_compare_table_and_csv():
    table = ok(*COMPARE_2012, "-i", "prevent")
    assert "Differences (majority minus consensus)" in table
    assert re.search(r"^ARM\s+-0\.687500\s*$", table, re.M), table
    assert "Can block alone under consensus but not under majority: " + ", ".join(CSTO_2012) in (
        table
    )
    csv_out = ok(*COMPARE_2012, "-i", "ss", "-f", "csv").splitlines()
    assert csv_out[0].split(",")[0] == "member"
    # Columns are rule:index in every command (analyze, compare, demo).
    assert csv_out[0].split(",") == [
        "member",
        "consensus:shapley_shubik",
        "majority:shapley_shubik",
        "difference:shapley_shubik",
    ]
    rows = [line for line in csv_out[1:] if not line.startswith("#")]
    assert [line.split(",")[0] for line in rows] == CSTO_2012


def urls(text: str) -> set[str]:
    return set(re.findall(r"https?://[^\s\"'<>]+", text))


def test_compare_report_and_png_chart(tmp_path, csto_compare):
    html, png = tmp_path / "x.html", tmp_path / "x.png"
    result = invoke(*COMPARE_2012, "--report", str(html), "--chart", str(png))
    assert result.exit_code == 0, result.output
    assert "Differences (majority minus consensus)" in result.stdout
    assert f"chart written to {png}" in result.stderr
    assert f"report written to {html}" in result.stderr
    assert png.read_bytes().startswith(PNG)
    page = html.read_text(encoding="utf-8")
    low = page.lower()
    assert low.lstrip().startswith("<!doctype html")
    assert "<script" not in low and "<link" not in low and "<iframe" not in low
    assert "@import" not in page and "url(" not in page
    assert not re.search(r"""src=["'](?!data:)""", page), "an image that is not embedded"
    before, marker, sources = page.partition('<h2 id="sources">')
    assert marker, "no sources list"
    assert "http" not in re.sub(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+", "", before)
    # Every address on the page is one of the comparison's sources.
    assert urls(sources) and urls(sources) <= set(csto_compare["sources"].values())
    assert sorted(tmp_path.iterdir()) == sorted([html, png])


def test_compare_svg_chart(tmp_path):
    svg = tmp_path / "x.svg"
    result = invoke(*COMPARE_2012, "-i", "ss", "--chart", str(svg))
    assert result.exit_code == 0, result.output
    assert f"chart written to {svg}" in result.stderr
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and text.rstrip().endswith("</svg>")


def test_compare_chart_with_unknown_suffix(tmp_path):
    gif = tmp_path / "x.gif"
    result = invoke(*COMPARE_2012, "-i", "ss", "--chart", str(gif))
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr
    assert "png" in result.stderr and "svg" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_compare_report_into_missing_folder(tmp_path):
    target = tmp_path / "missing" / "x.html"
    result = invoke(*COMPARE_2012, "-i", "ss", "--report", str(target))
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and "missing" in result.stderr
    assert list(tmp_path.iterdir()) == []  # neither the file nor the folder


def test_bad_chart_path_prints_nothing(tmp_path):
    fails(*COMPARE_2012, "-i", "ss", "-f", "json", "--chart", str(tmp_path / "x.gif"))


def test_bad_report_path_writes_no_chart(tmp_path):
    png, report = tmp_path / "x.png", tmp_path / "missing" / "x.html"
    result = invoke(*COMPARE_2012, "-i", "ss", "--chart", str(png), "--report", str(report))
    assert result.exit_code == 2
    assert not png.exists()


def test_compare_needs_two_different_rules():
    assert "two rules" in fails("compare", "csto", "--at", "2012-05-15", "--rule", "consensus")
    assert "two different rules" in fails(
        "compare", "csto", "--rule", "consensus", "--rule", "consensus"
    )


def test_compare_unknown_body_lists_bodies():
    err = fails(*COMPARE_2012, "--body", "nope")
    for body in ("csc", "cfm", "cdm", "cssc", "permanent_council"):
        assert f"'{body}'" in err


def test_compare_with_host_and_participants():
    # --host feeds rule text that names the host; --participants restricts the players.
    out = ok_json(
        "compare", "csto", "--at", "2022-01-06", "--body", "csc", "--host", "KAZ",
        "--rule", "requested by the host and majority", "--rule", "majority",
        "-i", "ss,prevent", "-f", "json", "--exact",
    )  # fmt: skip
    assert out["members"] == CSTO_1999
    hosted = count(CSTO_1999, lambda s: "KAZ" in s and 2 * len(s) > 6)
    plain = count(CSTO_1999, majority(CSTO_1999))
    assert out["rules"][0]["veto_players"] == ["KAZ"] == list(hosted.vetoes)
    assert exacts(out["indices"]["requested by the host and majority"]["shapley_shubik"]) == (
        hosted.column("shapley_shubik")
    )
    assert out["veto_lost"] == ["KAZ"] and out["veto_gained"] == []
    assert exact(out["act_ratio"]) == plain.act / hosted.act
    five = ["BLR", "KAZ", "KGZ", "RUS", "TJK"]
    out = ok_json(
        "compare", "csto", "--at", "2025-01-01", "--rule", "consensus", "--rule", "majority",
        "--participants", ",".join(five), "-i", "ss", "-f", "json", "--exact",
    )  # fmt: skip
    assert out["members"] == five
    assert exacts(out["indices"]["consensus"]["shapley_shubik"]) == [Fraction(1, 5)] * 5
    assert exact(out["coleman_act"]["majority"]) == count(five, majority(five)).act


def test_compare_security_council_without_the_veto():
    # Rule text on both sides: the Charter's rule against 9 votes of 15 without a veto.
    charter, plain = "all of permanent and members >= 9", "members >= 9"
    out = ok_json("compare", "unsc", "--at", "2000-01-01", "--rule", charter, "--rule", plain,
                  "-i", "ss,penrose", "-f", "json", "--exact")  # fmt: skip
    members = out["members"]
    assert members[:5] == PERMANENT and len(members) == 15
    before = count(members, security_council(9))
    after = count(members, lambda s: len(s) >= 9)
    for index in ("shapley_shubik", "penrose"):
        diff = [b - a for a, b in zip(before.column(index), after.column(index), strict=True)]
        assert exacts(out["differences"][index]) == diff, index
    assert exacts(out["indices"][plain]["shapley_shubik"]) == [Fraction(1, 15)] * 15
    assert out["veto_lost"] == PERMANENT and out["veto_gained"] == []
    assert [r["status"] for r in out["rules"]] == [None, None]  # rule text, not named rules
    assert exact(out["act_ratio"]) == after.act / before.act


# ----------------------------------------------------------------------------------- timeline
@pytest.fixture(scope="module")
def csto_timeline() -> dict:
    return ok_json(*TIMELINE, "-f", "json", "--exact")


MEMBER_SETS = {
    "1994-04-20": CSTO_1994,
    "1999-04-20": CSTO_1999,
    "2006-06-23": CSTO_2012,
    "2012-12-19": CSTO_1999,
}


def test_timeline_points(csto_timeline):
    out = csto_timeline
    assert [p["at"] for p in out["points"]] == list(MEMBER_SETS)
    assert [p["members"] for p in out["points"]] == list(MEMBER_SETS.values())
    assert [len(p["members"]) for p in out["points"]] == [9, 6, 7, 6]
    assert out["members"] == CSTO_1994  # everyone counted at some point, in file order
    assert out["start"] is None and out["end"] is None
    assert [r["rule"] for r in out["rules"]] == ["consensus", "majority"]
    assert out["indices"][:1] == ["raw_banzhaf"] and len(out["indices"]) == 9
    assert out["exact"] is True


def test_timeline_values(csto_timeline):
    blr = []
    for point in csto_timeline["points"]:
        members = point["members"]
        n = len(members)
        for rule, wins in (("consensus", consensus(members)), ("majority", majority(members))):
            counted = count(members, wins)
            got = point["rules"][rule]
            for index in BRUTE_INDICES:
                assert exacts(got["indices"][index]) == counted.column(index), (point["at"], index)
            assert exact(got["coleman_act"]) == counted.act
            assert got["winning_coalitions"] == counted.winning
            assert got["veto_players"] == list(counted.vetoes)
        assert exact(point["rules"]["consensus"]["coleman_act"]) == Fraction(1, 2**n)
        assert point["rules"]["consensus"]["veto_players"] == members
        assert point["rules"]["majority"]["veto_players"] == []
        blr.append(exact(point["rules"]["consensus"]["indices"]["shapley_shubik"][1]))
    assert blr == [Fraction(1, 9), Fraction(1, 6), Fraction(1, 7), Fraction(1, 6)]
    majority_act = [exact(p["rules"]["majority"]["coleman_act"]) for p in csto_timeline["points"]]
    # Odd n: exactly half the coalitions have a majority; 6 members: 4+ of 6, sum C(6,k) = 22.
    assert majority_act == [Fraction(1, 2), Fraction(22, 64), Fraction(1, 2), Fraction(22, 64)]


def test_timeline_period():
    out = ok_json(*TIMELINE, "--from", "2000-01-01", "--to", "2010-01-01", "-f", "json", "--exact")
    assert (out["start"], out["end"]) == ("2000-01-01", "2010-01-01")
    # The member set in force on the first day opens the timeline, dated that day.
    assert [p["at"] for p in out["points"]] == ["2000-01-01", "2006-06-23"]
    assert [p["members"] for p in out["points"]] == [CSTO_1999, CSTO_2012]
    assert out["members"] == CSTO_2012
    ss = [exacts(p["rules"]["majority"]["indices"]["shapley_shubik"]) for p in out["points"]]
    assert ss == [[Fraction(1, 6)] * 6, [Fraction(1, 7)] * 7]
    assert "after" in fails(*TIMELINE, "--from", "2010-01-01", "--to", "2000-01-01")


def test_timeline_table():
    table = ok(*TIMELINE)
    assert "1994-04-20" in table and "2012-12-19" in table
    shares = [Fraction(1, n) for n in (9, 6, 7, 6)]
    row = r"^BLR\s+" + r"\s+".join(re.escape(six(v)) for v in shares) + r"\s*$"
    assert len(re.findall(row, table, re.M)) == 2, table  # once per rule
    # Azerbaijan left in 1999: a value on the first date, '-' after.
    assert re.search(r"^AZE\s+" + re.escape(six(Fraction(1, 9))) + r"(\s+-){3}\s*$", table, re.M)
    acts = [six(Fraction(1, 2**n)) for n in (9, 6, 7, 6)]
    assert re.search(r"^power to act\s+" + r"\s+".join(acts), table, re.M), table


def test_timeline_report_and_chart(tmp_path):
    html, svg = tmp_path / "t.html", tmp_path / "t.svg"
    result = invoke(*TIMELINE, "--to", "2000-01-01", "-i", "ss", "--report", str(html),
                    "--chart", str(svg))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert str(html) in result.stderr and str(svg) in result.stderr
    assert "<script" not in html.read_text(encoding="utf-8").lower()
    assert "<svg" in svg.read_text(encoding="utf-8")


def test_timeline_unknown_body():
    err = fails(*TIMELINE, "--body", "nope")
    for body in ("csc", "cfm", "cdm", "cssc", "permanent_council"):
        assert f"'{body}'" in err


def test_timeline_of_a_matter():
    out = ok_json(
        "timeline", "unsc", "--body", "security_council", "--matter", "substantive",
        "--from", "1960-01-01", "--to", "1970-01-01", "-i", "ss", "-f", "json", "--exact",
    )  # fmt: skip
    assert [p["at"] for p in out["points"]] == ["1960-01-01", "1965-08-31"]
    for point, votes in zip(out["points"], (7, 9), strict=True):
        (rule,) = point["rules"].values()
        counted = count(point["members"], security_council(votes))
        assert exacts(rule["indices"]["shapley_shubik"]) == counted.column("shapley_shubik")


def test_timeline_unknown_matter_lists_matters():
    err = fails("timeline", "csto", "--body", "csc", "--matter", "nope")
    for matter in ("non_procedural", "crrf_deployment", "limited_format", "third_country_bases"):
        assert f"'{matter}'" in err


# ------------------------------------------------------------------------ orgs, show, ratification
def test_orgs_lists_the_bundled_organizations():
    lines = ok("orgs").splitlines()
    assert [line.split()[0] for line in lines] == BUNDLED
    assert any("Collective Security Treaty Organization" in line for line in lines)


def test_show_csto_2012():
    out = ok("show", "csto", "--at", "2012-05-15")
    assert out.splitlines()[0] == "Collective Security Treaty Organization (csto) on 2012-05-15"
    members = re.search(r"^Members \((\d+)\): (.*)$", out, re.M)
    assert members and members.group(1) == "7"
    assert re.findall(r"\((\w+)\)", members.group(2)) == CSTO_2012
    assert re.search(r"^Body csc: Collective Security Council; chair: KAZ$", out, re.M)
    assert re.search(r"^  non_procedural \(default\): consensus", out, re.M)
    assert re.search(r"^  crrf_deployment: requested by the host and consensus", out, re.M)
    assert re.search(r"^  limited_format: consensus", out, re.M)
    assert re.search(r"^  third_country_bases: consensus", out, re.M)  # in force since 2011-12-20


def test_show_unsc():
    out = ok("show", "unsc", "--at", "2000-01-01")
    assert re.search(r"^Members \(15\): ", out, re.M)
    assert re.search(r"^Group permanent: CHN, FRA, GBR, RUS, USA$", out, re.M)
    assert re.search(r"^Body security_council: ", out, re.M)
    assert re.search(r"^  substantive \(default\): all of permanent and members >= 9", out, re.M)
    assert re.search(r"^  procedural: members >= 9", out, re.M)
    old = ok("show", "unsc", "--at", "1960-01-01")
    assert re.search(r"^Members \(11\): ", old, re.M)
    assert re.search(r"^  substantive \(default\): all of permanent and members >= 7", old, re.M)


def test_show_unknown_organization():
    err = fails("show", "nope")
    assert all(f"'{name}'" in err for name in BUNDLED)


def test_ratification_of_the_2010_protocol():
    out = ok("ratification", "csto", "--document", "charter_protocol_2010")
    assert out.splitlines()[0].startswith(
        "Protocol on amendments to the Charter of 7 October 2002 (charter_protocol_2010)"
    )
    assert re.search(r"^  KAZ\s+ratified 2011-11-28$", out, re.M)
    assert re.search(r"^  RUS\s+ratified 2012-03-01$", out, re.M)
    missing = re.search(r"^  not recorded: ([A-Z, ]*) \((.*)\)$", out, re.M)
    assert missing
    # Signed by the seven members of 2010; only KAZ and RUS have a recorded ratification.
    assert missing.group(1).split(", ") == [m for m in CSTO_2012 if m not in ("KAZ", "RUS")]
    assert "not evidence of a refusal" in missing.group(2) and "in force since" in missing.group(2)
    assert "holding" not in out  # a missing record is not an obstruction
    for member in ("ARM", "BLR", "KGZ", "TJK", "UZB"):
        assert re.search(rf"^  {member}\s+no ratification recorded$", out, re.M)


def test_ratification_unknown_document():
    err = fails("ratification", "csto", "--document", "nope")
    for doc in ("treaty", "charter", "charter_protocol_2010", "protocols_2018"):
        assert f"'{doc}'" in err


# ------------------------------------------------------- analyze with bodies, matters, hosts, ...
def analyze_json(*args: str) -> dict:
    return ok_json("analyze", *args, "-f", "json", "--exact")


def only_rule(out: dict) -> dict:
    assert len(out["rules"]) == 1
    return out["rules"][0]


@pytest.mark.parametrize(
    ("at", "votes", "permanent", "elected"),
    [
        ("2000-01-01", 9, Fraction(421, 2145), Fraction(4, 2145)),
        ("1960-01-01", 7, Fraction(76, 385), Fraction(1, 462)),
    ],
)
def test_analyze_security_council(at, votes, permanent, elected):
    out = analyze_json("unsc", "--at", at, "--body", "security_council", "--matter", "substantive")
    members = out["members"]
    assert members[:5] == PERMANENT and len(members) == 2 * votes - 3  # 15 seats, 11 before 1965
    counted = count(members, security_council(votes))
    rule = only_rule(out)
    ss = exacts(rule["indices"]["shapley_shubik"])
    assert ss == counted.column("shapley_shubik")
    assert ss == [permanent] * 5 + [elected] * (len(members) - 5)  # the published values
    for index in BRUTE_INDICES:
        assert exacts(rule["indices"][index]) == counted.column(index), index
    assert rule["veto_players"] == PERMANENT
    assert exact(rule["coleman_act"]) == counted.act


def test_analyze_eec_council_1958():
    out = analyze_json("eu_council", "--at", "1960-01-01", "--body", "eec_council")
    # Treaty of Rome: FRA, DEU, ITA 4 votes; BEL, NLD 2; LUX 1; qualified majority 12 of 17.
    votes = {"BEL": 2, "DEU": 4, "FRA": 4, "ITA": 4, "LUX": 1, "NLD": 2}
    assert out["members"] == list(votes)
    counted = count(out["members"], lambda s: sum(votes[m] for m in s) >= 12)
    rule = only_rule(out)
    ss = dict(zip(out["members"], exacts(rule["indices"]["shapley_shubik"]), strict=True))
    assert list(ss.values()) == counted.column("shapley_shubik")
    assert (ss["FRA"], ss["BEL"], ss["LUX"]) == (Fraction(7, 30), Fraction(3, 20), 0)
    assert rule["dummies"] == ["LUX"]
    assert rule["winning_coalitions"] == counted.winning == 14


def imf_votes() -> dict[str, Fraction]:
    """The vote shares of 2011, as the organization file states them (read with ``show``)."""
    line = re.search(r"^Attribute votes: (.*)$", ok("show", "imf", "--at", "2012-01-01"), re.M)
    assert line
    return {k: Fraction(v) for k, v in (item.split() for item in line.group(1).split(", "))}


def test_analyze_imf_special_majorities():
    votes = imf_votes()
    total = sum(votes.values())

    def vetoes(share: Fraction) -> list[str]:
        # Alone a member blocks iff all the others together stay below the threshold.
        return [m for m, w in votes.items() if total - w < share * total]

    for matter, share in (("special_85", Fraction(85, 100)), ("special_70", Fraction(70, 100))):
        out = analyze_json("imf", "--at", "2012-01-01", "--matter", matter, "-i", "swings")
        assert out["members"] == list(votes)
        assert only_rule(out)["veto_players"] == vetoes(share), matter
    assert "USA" in vetoes(Fraction(85, 100)) and "USA" not in vetoes(Fraction(70, 100))


def test_analyze_nato_2025():
    out = analyze_json("nato", "--at", "2025-01-01", "-i", "ss,prevent")
    n = len(out["members"])
    assert n == 32
    rule = only_rule(out)
    assert exact(rule["coleman_act"]) == Fraction(1, 2**32)
    assert rule["coleman_act"] == "1/4294967296"
    assert rule["winning_coalitions"] == 1
    assert rule["veto_players"] == out["members"]
    assert exacts(rule["indices"]["shapley_shubik"]) == [Fraction(1, 32)] * 32


def test_analyze_crrf_deployment_on_request_of_the_host():
    out = analyze_json(
        "csto", "--at", "2022-01-06", "--body", "csc", "--matter", "crrf_deployment",
        "--host", "KAZ",
    )  # fmt: skip
    members = out["members"]
    assert members == CSTO_1999
    counted = count(members, lambda s: "KAZ" in s and len(s) == len(members))
    rule = only_rule(out)
    assert "KAZ" in rule["veto_players"]
    assert rule["veto_players"] == list(counted.vetoes)
    kaz = members.index("KAZ")
    assert exact(rule["indices"]["coleman_initiate"][kaz]) == counted.of("KAZ", "coleman_initiate")
    assert counted.of("KAZ", "coleman_initiate") == Fraction(1, 63)
    assert exact(rule["coleman_act"]) == Fraction(1, 64)


def test_analyze_host_rule_without_host():
    err = fails("analyze", "csto", "--at", "2022-01-06", "--body", "csc",
                "--matter", "crrf_deployment")  # fmt: skip
    assert "--host" in err


def test_analyze_limited_format_leaves_armenia_out():
    out = analyze_json("csto", "--at", "2025-01-01", "--matter", "limited_format")
    rule = only_rule(out)
    five = [m for m in CSTO_1999 if m != "ARM"]
    counted = count(five, consensus(five))
    assert rule["veto_players"] == five
    assert rule["winning_coalitions"] == 1
    assert exact(rule["coleman_act"]) == counted.act == Fraction(1, 32)
    assert exacts(rule["indices"]["shapley_shubik"]) == [Fraction(1, 5)] * 5
    assert "5 members" in rule["description"]


def test_analyze_values_line_up_with_their_players():
    out = analyze_json("csto", "--at", "2025-01-01", "--matter", "limited_format", "-i", "ss")
    rule = only_rule(out)
    players = rule.get("players", out["members"])
    assert len(rule["indices"]["shapley_shubik"]) == len(players)


def test_analyze_participants():
    five = ["BLR", "KAZ", "KGZ", "RUS", "TJK"]
    out = analyze_json("csto", "--at", "2025-01-01", "--rule", "majority",
                       "--participants", ",".join(five))  # fmt: skip
    rule = only_rule(out)
    counted = count(five, majority(five))
    assert exacts(rule["indices"]["penrose"]) == counted.column("penrose")
    assert exact(rule["coleman_act"]) == counted.act
    err = fails("analyze", "csto", "--at", "2025-01-01", "--participants", "ARM,XYZ")
    assert "XYZ" in err
    for member in CSTO_1999:
        assert member in err


def test_analyze_unknown_body_and_matter():
    err = fails("analyze", "csto", "--body", "nope")
    for body in ("csc", "cfm", "cdm", "cssc", "permanent_council"):
        assert f"'{body}'" in err
    err = fails("analyze", "csto", "--body", "csc", "--matter", "nope")
    for matter in ("non_procedural", "crrf_deployment", "limited_format", "third_country_bases"):
        assert f"'{matter}'" in err
    err = fails("analyze", "unsc", "--at", "2000-01-01", "--matter", "nope")
    assert "'procedural'" in err and "'substantive'" in err


# ---------------------------------------------------------------------------- real processes
def test_process_exit_codes():
    bad = run_process("compare", "csto", "--rule", "consensus")
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert bad.stderr.startswith("error: ") and "Traceback" not in bad.stderr
    good = run_process(*COMPARE_2012, "-i", "ss", "-f", "json", "--exact")
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["veto_lost"] == CSTO_2012


def test_process_unknown_chart_suffix(tmp_path):
    proc = run_process(*TIMELINE, "--to", "2000-01-01", "-i", "ss", "--chart",
                       str(tmp_path / "t.gif"))  # fmt: skip
    assert proc.returncode == 2
    assert "png" in proc.stderr and "svg" in proc.stderr and "Traceback" not in proc.stderr
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------------- docs/json.md
def section(title: str) -> str:
    """The text of one ``## title`` section of docs/json.md."""
    text = JSON_DOC.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"docs/json.md has no section {title!r}"
    return match.group(1)


def documented_keys(title: str, out: dict) -> set[str]:
    """The keys of a compare or timeline JSON document, leaving out the keys that are data (rule
    names, member ids, index keys, source keys)."""
    keys = set(out)
    if title == "`pivotal compare`":
        for rule in out["rules"]:
            keys |= set(rule)
    else:
        for rule in out["rules"]:
            keys |= set(rule)
        for point in out["points"]:
            keys |= set(point)
            for rule in point["rules"].values():
                keys |= set(rule)
    return keys


@pytest.mark.parametrize(
    ("title", "args"),
    [
        ("`pivotal compare`", [*COMPARE_2012, "-f", "json", "--exact"]),
        ("`pivotal timeline`", [*TIMELINE, "-f", "json", "--exact"]),
    ],
    ids=["compare", "timeline"],
)
def test_every_key_is_documented(title, args):
    doc = section(title)
    for key in sorted(documented_keys(title, ok_json(*args))):
        assert f"`{key}`" in doc, f"key {key!r} of {title} is not documented in docs/json.md"


def test_doc_has_compare_and_timeline_examples():
    text = JSON_DOC.read_text(encoding="utf-8")
    commands = re.findall(r"```console\n\$ (pivotal [^\n]+)\n```\s*```json\n", text)
    assert any(c.startswith("pivotal compare ") for c in commands)
    assert any(c.startswith("pivotal timeline ") for c in commands)


def test_timeline_include_frozen_adds_armenias_freeze():
    """In a limited format a frozen member takes no part: from 2024-02-22 five members decide,
    each with a Shapley-Shubik value of 1/5 and a power to act of 1/2^5."""
    out = ok_json(
        "timeline", "csto", "--body", "csc", "--matter", "limited_format",
        "--include-frozen", "--from", "2020-01-01", "--exact", "-f", "json",
    )  # fmt: skip
    assert [p["at"] for p in out["points"]][-1] == "2024-02-22"
    last = out["points"][-1]
    rule = next(iter(last["rules"].values()))
    assert "ARM" not in rule.get("players", last["members"])
    assert rule["coleman_act"] == "1/32"
    assert set(rule["indices"]["shapley_shubik"]) == {"1/5"}


# ------------------------------------------------------------------------- --union (Owen values)
def union_values_by_definition(
    players: Sequence[str], wins: Callable[[frozenset[str]], bool], unions: list[list[str]]
) -> tuple[list[Fraction], list[Fraction]]:
    """Owen and Banzhaf-Owen values of the predicate game, summed from their definitions
    (tests/test_owen.py), the unions completed with singletons."""
    from test_owen import by_definition

    named = {m for u in unions for m in u}
    partition = [[players.index(m) for m in u] for u in unions]
    partition += [[i] for i, p in enumerate(players) if p not in named]
    return by_definition(len(players), lambda s: wins(frozenset(players[i] for i in s)), partition)


def test_analyze_union_state_by_definition():
    out = analyze_json("csto", "--at", "2012-05-15", "--rule", "consensus", "--rule", "majority",
                       "--union", "union_state", "-i", "ss")  # fmt: skip
    members = out["members"]
    assert members == CSTO_2012
    assert out["unions"] == [["BLR", "RUS"]]
    for rule, wins in zip(out["rules"], (consensus(members), majority(members)), strict=True):
        assert rule["unions"] == [["BLR", "RUS"]]
        assert list(rule["indices"]) == ["shapley_shubik", "owen", "banzhaf_owen"]
        owen, bz = union_values_by_definition(members, wins, [["BLR", "RUS"]])
        assert exacts(rule["indices"]["owen"]) == owen
        assert exacts(rule["indices"]["banzhaf_owen"]) == bz
    table = ok("analyze", "csto", "--at", "2012-05-15", "--union", "RUS+BLR", "-i", "ss")
    assert "A priori unions (Owen values): RUS+BLR; the others alone" in table


def test_analyze_union_member_left_out_in_a_limited_format():
    out = analyze_json("csto", "--at", "2025-01-01", "--matter", "limited_format",
                       "--union", "union_state+ARM", "-i", "ss")  # fmt: skip
    assert out["unions"] == [["BLR", "RUS", "ARM"]]
    rule = only_rule(out)
    five = [m for m in CSTO_1999 if m != "ARM"]
    assert rule["players"] == five and rule["unions"] == [["BLR", "RUS"]]
    note = "Under limited_format, ARM takes no part and is left out of the union BLR+RUS+ARM."
    assert note in out["notes"]
    owen, bz = union_values_by_definition(five, consensus(five), [["BLR", "RUS"]])
    assert exacts(rule["indices"]["owen"]) == owen
    assert exacts(rule["indices"]["banzhaf_owen"]) == bz


def test_compare_with_unions_gives_owen_values_and_differences():
    out = ok_json(*COMPARE_2012, "--union", "RUS+BLR", "--union", "KAZ+KGZ", "-f", "json",
                  "--exact", "-i", "ss")  # fmt: skip
    unions = [["RUS", "BLR"], ["KAZ", "KGZ"]]
    assert out["unions"] == unions
    assert [r["unions"] for r in out["rules"]] == [unions, unions]
    keys = list(out)
    assert keys.index("unions") == keys.index("member_names") + 1
    before = union_values_by_definition(CSTO_2012, consensus(CSTO_2012), unions)
    after = union_values_by_definition(CSTO_2012, majority(CSTO_2012), unions)
    for k, key in enumerate(("owen", "banzhaf_owen")):
        assert exacts(out["indices"]["consensus"][key]) == before[k]
        assert exacts(out["indices"]["majority"][key]) == after[k]
        diffs = [Fraction(v) for v in out["differences"][key]]
        assert diffs == [b - a for a, b in zip(before[k], after[k], strict=True)]
    doc = section("A priori unions: `--union` (Owen values)")
    for key in ("unions", "owen", "banzhaf_owen", "differences"):
        assert f"`{key}`" in doc
    table = ok(*COMPARE_2012, "--union", "RUS+BLR", "-i", "ss")
    assert re.search(r"^\s+Shapley\s+Owen\s+Bz-Owen$", table, re.M)  # the differences grid


@pytest.mark.parametrize(
    ("args", "parameter", "mentions"),
    [
        (["--union", "RUS+XYZ"], "unions[0] (RUS+XYZ)", ["'XYZ'", "union_state", "KAZ"]),
        (["--union", "RUS", "--union", "RUS+BLR"], "unions[1] (RUS+BLR)", ["'RUS' also in"]),
        (["--union", "union_state+RUS"], "unions[0] (BLR+RUS+RUS)", ["'RUS' twice"]),
        (["--union", ""], "--union", ["''", "group id"]),
        (["--union", "RUS+"], "--union", ["'RUS+'"]),
        (["-i", "owen"], "index", ["--union RUS+BLR"]),
    ],
    ids=["unknown member", "member in two unions", "group and member", "empty", "RUS+", "no union"],
)
def test_union_errors_in_analyze_and_compare(args, parameter, mentions):
    for command in (["analyze", "csto", "--at", "2012-05-15"], COMPARE_2012):
        err = fails(*command, *args)
        assert err.startswith(f"error: {parameter}: expected "), err
        for text in mentions:
            assert text in err, text


def test_show_and_orgs_print_json_and_tables() -> None:
    # The CSTO on 2025-01-01: Armenia froze its participation on 2024-02-22 (still a member),
    # Uzbekistan left in 2012, and Kyrgyzstan held the rotating chair in 2025.
    data = json.loads(ok("show", "csto", "--at", "2025-01-01", "-f", "json"))
    members = {m["id"]: m for m in data["members"]}
    assert sorted(members) == ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]
    assert [i for i, m in members.items() if m["frozen"]] == ["ARM"]
    assert data["bodies"][0]["chair"] == "KGZ"
    assert any(m["default"] for m in data["bodies"][0]["matters"])
    csv_rows = ok("show", "csto", "--at", "2025-01-01", "-f", "csv").splitlines()
    assert csv_rows[0] == "id,name,frozen"
    assert "ARM,Armenia,True" in csv_rows
    listed = json.loads(ok("orgs", "-f", "json"))
    assert [o["id"] for o in listed] == list(bundled())
    assert ok("orgs", "-f", "csv").splitlines()[0] == "id,name"
