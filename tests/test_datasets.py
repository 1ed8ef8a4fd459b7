"""pivotal.datasets: DEU I-III and the UN General Assembly data, and ``pivotal positions``.

Independent checks, not the code's own output copied back:

* the shipped files are byte-identical to the research copies (SHA-256 sums taken with
  ``sha256sum`` when they were copied in);
* DEU counts (364 issues, 351 usable, 7209 positions) recounted from the raw file with the
  ``csv`` module; parsed dates checked for plausibility (1995-2020, decided on or after
  introduced), against the year digits of each issue id, and for agreement between the issues of
  one proposal, whose raw date strings are spelled differently; the mangling is simulated on
  random dates and undone;
* Council membership checked against the ``eu_council`` organization file and against the states
  DEU codes on each issue;
* UNGA worked values (published: see ``WORKED_*``) reproduced, and agreement recomputed by a
  plain-Python brute force over the raw votes file; ISO2 -> ISO3 against a hand-written table of
  ISO 3166 codes; the year <-> session mapping against the roll calls' dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import math
import random
import re
from collections import Counter, defaultdict
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm
from typer.testing import CliRunner

from pivotal.cli import app
from pivotal.datasets import (
    DEU_ACTORS,
    DEU_CITATION,
    DEU_INSTITUTIONS,
    DEU_STATES,
    EU_MEMBERSHIP,
    SOURCES,
    UNGA_NAME_MISMATCHES,
    council_members,
    deu,
    deu_gdp,
    deu_positions,
    parse_deu_date,
    session_for_year,
    unga_ideal_points,
    unga_iso2_to_iso3,
    unga_positions,
    unga_roll_call_issues,
    unga_roll_calls,
    unga_votes,
    unga_years,
    year_for_session,
)
from pivotal.errors import PivotalError
from pivotal.organizations import load_organization

DATA = Path(__file__).resolve().parents[1] / "src" / "pivotal" / "datasets" / "data"
JSON_DOC = Path(__file__).resolve().parents[1] / "docs" / "json.md"

#: sha256sum of the research copies (../shared/data) when they were copied into the package;
#: the ideal points were gzipped (gzip -9 -n), so their sum is of the decompressed bytes.
SHA256 = {
    "deu3.tsv": "3fbb9606abecb9d0725d7cb7077543c53331f5ec8b50f5294672644f354d5170",
    "un_votes.csv.gz": "5a69bd210d7962aa3a16dccba05bfc253aae4a7a9c3d7fa5ceacb55748af716d",
    "un_roll_calls.csv.gz": "75c96429348cfea958cae35073665f392718028f9dc105f6752f0b6c07f7ef51",
    "un_roll_call_issues.csv.gz": (
        "02a4cedf3825c7a900afcbdd9836bac3455f4934cf08b1ee39995c5815d6e6c8"
    ),
}
IDEAL_POINTS_CSV_SHA256 = "1b8393959be273a8a8f1969822283e33871a1ece78b2a87e836250dee91b8aac"

#: Worked values of the research notes (../shared/data/unga/README.md): BSV ideal points for
#: session 66 (2011-12), rounded to two places as published there.
WORKED_IDEAL_POINTS = {
    "ARM": 0.08,
    "RUS": -0.18,
    "KGZ": -0.29,
    "TJK": -0.32,
    "KAZ": -0.40,
    "UZB": -0.53,
    "BLR": -0.57,
}
#: Same source: "share of 2011-12 roll calls on which each CSTO member voted as Russia did".
WORKED_AGREEMENT_WITH_RUS = {
    "UZB": 0.825,
    "BLR": 0.808,
    "TJK": 0.794,
    "KAZ": 0.765,
    "KGZ": 0.763,
    "ARM": 0.757,
}
CSTO = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB"]

#: ISO 3166-1 alpha-2 -> alpha-3 as the standard lists them (former states: ISO 3166-3),
#: written out by hand for the test; the code builds its mapping from the data files' names.
ISO_CODES = {
    "AM": "ARM", "BY": "BLR", "KZ": "KAZ", "KG": "KGZ", "RU": "RUS", "TJ": "TJK", "UZ": "UZB",
    "US": "USA", "GB": "GBR", "FR": "FRA", "CN": "CHN", "DE": "DEU", "IT": "ITA", "JP": "JPN",
    "IN": "IND", "BR": "BRA", "ZA": "ZAF", "NA": "NAM", "CI": "CIV", "SZ": "SWZ", "MK": "MKD",
    "YE": "YEM", "YD": "YMD", "DD": "DDR", "CS": "CSK", "YU": "YUG", "CD": "COD", "CG": "COG",
    "KP": "PRK", "KR": "KOR", "TW": "TWN", "MM": "MMR", "SS": "SSD", "SD": "SDN", "TL": "TLS",
    "PW": "PLW", "VN": "VNM", "AT": "AUT", "BG": "BGR", "HR": "HRV", "GR": "GRC", "IE": "IRL",
    "CZ": "CZE", "SK": "SVK", "SI": "SVN", "EE": "EST", "LV": "LVA", "LT": "LTU", "MT": "MLT",
    "CY": "CYP", "LU": "LUX", "NL": "NLD", "BE": "BEL", "PT": "PRT", "ES": "ESP", "SE": "SWE",
    "FI": "FIN", "DK": "DNK", "PL": "POL", "HU": "HUN", "RO": "ROU", "TR": "TUR", "IR": "IRN",
}  # fmt: skip


# ------------------------------------------------------------------------------------ raw files
def raw_deu() -> tuple[list[str], list[str], list[list[str]]]:
    """(header, GDP line, issue rows) of the shipped DEU file, read with the csv module."""
    with (DATA / "deu3.tsv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    return rows[0], rows[1], rows[2:]


@pytest.fixture(scope="module")
def raw_votes() -> dict[int, dict[str, str]]:
    """rcid -> {ISO2 or name: vote}, straight from the shipped gzip file."""
    out: dict[int, dict[str, str]] = defaultdict(dict)
    with gzip.open(DATA / "un_votes.csv.gz", "rt", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out[int(float(row["rcid"]))][row["country_code"] or row["country"]] = row["vote"]
    return out


@pytest.fixture(scope="module")
def raw_dates() -> dict[int, tuple[int, dt.date]]:
    """rcid -> (session, date), straight from the shipped gzip file."""
    with gzip.open(DATA / "un_roll_calls.csv.gz", "rt", encoding="utf-8", newline="") as fh:
        return {
            int(r["rcid"]): (int(float(r["session"])), dt.date.fromisoformat(r["date"]))
            for r in csv.DictReader(fh)
        }


# ------------------------------------------------------------------------------------ the files
@pytest.mark.parametrize("name", sorted(SHA256))
def test_shipped_file_is_the_research_copy(name: str) -> None:
    assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == SHA256[name]


def test_ideal_points_are_the_research_copy() -> None:
    data = gzip.decompress((DATA / "ideal_points_bsv_apr2020.csv.gz").read_bytes())
    assert hashlib.sha256(data).hexdigest() == IDEAL_POINTS_CSV_SHA256


def test_data_readme_names_every_file_with_its_sum() -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for path in DATA.iterdir():
        if path.name != "README.md":
            assert f"`{path.name}`" in readme or path.name in readme, path.name
    for digest in [*SHA256.values(), IDEAL_POINTS_CSV_SHA256]:
        assert digest in readme


# ------------------------------------------------------------------------------------------ DEU
def test_deu_counts_match_a_recount_of_the_raw_file() -> None:
    header, _, rows = raw_deu()
    frame = deu()
    assert len(rows) == len(frame) == 364
    p_cols = [header.index(f"p{a}") for a in DEU_ACTORS]
    out = header.index("out")
    usable = [r for r in rows if r[out].strip() and sum(bool(r[i].strip()) for i in p_cols) >= 3]
    assert len(usable) == int(frame["usable"].sum()) == 351
    assert list(frame.loc[frame["usable"], "isnr"]) == [r[header.index("isnr")] for r in usable]
    positions = sum(bool(r[i].strip()) for r in rows for i in p_cols)
    assert positions == len(deu_positions()) == 7209
    assert frame["isnr"].is_unique


def test_deu_keeps_the_source_columns() -> None:
    header, _, rows = raw_deu()
    frame = deu()
    assert list(frame.columns[: len(header)]) == header
    assert list(frame.columns[len(header) :]) == [
        "introduced",
        "decided",
        "n_positions",
        "usable",
        "council_members",
    ]
    # Positions and saliences are the file's numbers, NaN where the cell is empty.
    col = header.index("pcom")
    for row, value in zip(rows, frame["pcom"], strict=True):
        assert (math.isnan(value) and not row[col]) or value == float(row[col])
    assert list(frame["intro"]) == [r[header.index("intro")] for r in rows]


def test_deu_dates_are_plausible() -> None:
    frame = deu()
    assert frame["introduced"].dtype == "datetime64[ns]"
    assert frame["decided"].dtype == "datetime64[ns]"
    assert frame["introduced"].notna().all()
    assert int(frame["decided"].isna().sum()) == 29 == int((frame["finact"] == "999").sum())
    for column in ("introduced", "decided"):
        days = frame[column].dropna()
        assert days.min() >= pd.Timestamp("1995-01-01") and days.max() <= pd.Timestamp("2020-12-31")
    both = frame.dropna(subset=["decided"])
    assert (both["decided"] >= both["introduced"]).all()


def test_deu_dates_agree_with_the_issue_ids() -> None:
    """The digits after the issue id's letter are the proposal's year (d95341 = 1995): a
    proposal is introduced that year or the next."""
    frame = deu()
    for isnr, day in zip(frame["isnr"], frame["introduced"], strict=True):
        yy = int(isnr[1:3])
        year = 1900 + yy if yy >= 50 else 2000 + yy
        assert day.year - year in (0, 1), isnr


def test_deu_dates_of_one_proposal_agree() -> None:
    """Issues of one proposal share its dates, however the raw strings spell them (n99276 has
    '14-12-99' and '14-12-1999'; mangled and plain spellings mix across the file)."""
    frame = deu()
    for _, group in frame.groupby("prnr"):
        assert group["introduced"].nunique() == 1
        assert group["decided"].nunique(dropna=False) == 1
    spelled = frame[frame["prnr"] == "n99276"]
    assert set(spelled["intro"]) == {"14-12-99", "14-12-1999"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1930-05-01", dt.date(2001, 5, 30)),  # the brief's examples of the mangled form
        ("2023-07-01", dt.date(2001, 7, 23)),
        ("1931-12-05", dt.date(2005, 12, 31)),
        ("26-01-00", dt.date(2000, 1, 26)),
        ("30-03-98", dt.date(1998, 3, 30)),
        ("14-12-1999", dt.date(1999, 12, 14)),
        ("27-09-2017", dt.date(2017, 9, 27)),
        ("999", None),
        ("", None),
    ],
)
def test_parse_deu_date(text: str, expected: dt.date | None) -> None:
    assert parse_deu_date(text) == expected


@pytest.mark.parametrize("text", ["2001/05/30", "32-01-01", "1930-13-01", "May 2001", "99"])
def test_parse_deu_date_refuses_other_text(text: str) -> None:
    with pytest.raises(PivotalError, match="dd-mm-yy"):
        parse_deu_date(text)


def excel_mangle(day: dt.date) -> str | None:
    """What a spreadsheet makes of the text dd-mm-yy when it reads it as yy-mm-dd (two-digit
    years below 30 are 20xx, from 30 on 19xx), or None when that is no valid date."""
    yy, mm, dd = day.day, day.month, day.year % 100
    try:
        mangled = dt.date((2000 if yy < 30 else 1900) + yy, mm, dd)
    except ValueError:
        return None
    return mangled.isoformat()


@given(st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2020, 12, 31)))
@settings(max_examples=300)
def test_every_spelling_of_a_date_reads_back(day: dt.date) -> None:
    assert parse_deu_date(day.strftime("%d-%m-%y")) == day
    assert parse_deu_date(day.strftime("%d-%m-%Y")) == day
    mangled = excel_mangle(day)
    if mangled is not None:
        assert parse_deu_date(mangled) == day


def test_every_mangled_cell_of_the_file_is_a_valid_mangling() -> None:
    frame = deu()
    for column, parsed in (("intro", "introduced"), ("finact", "decided")):
        for text, day in zip(frame[column], frame[parsed], strict=True):
            if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
                assert excel_mangle(day.date()) == text


def test_deu_state_codes() -> None:
    assert len(DEU_STATES) == 28 and len(set(DEU_STATES.values())) == 28
    assert tuple(DEU_ACTORS) == ("com", "ep", *DEU_STATES)
    assert set(DEU_INSTITUTIONS) == {"com", "ep"}
    assert {k: DEU_STATES[k] for k in ("bu", "cr", "el", "uk", "de", "at")} == {
        "bu": "BGR",
        "cr": "HRV",
        "el": "GRC",
        "uk": "GBR",
        "de": "DEU",
        "at": "AUT",
    }
    for code, iso in DEU_STATES.items():  # two-letter codes are ISO alpha-2 but for bu/cr/el/uk
        if code not in ("bu", "cr", "el", "uk"):
            assert ISO_CODES[code.upper()] == iso
    eu = load_organization("eu_council")
    assert set(DEU_STATES.values()) == {m.id for m in eu.members}
    assert [iso for iso, _, _ in EU_MEMBERSHIP] == [m.id for m in eu.members]


@pytest.mark.parametrize(
    ("day", "size"),
    [
        ("1995-01-01", 15),
        ("2004-04-30", 15),
        ("2004-05-01", 25),
        ("2006-12-31", 25),
        ("2007-01-01", 27),
        ("2013-06-30", 27),
        ("2013-07-01", 28),
        ("2020-01-31", 28),
        ("2020-02-01", 27),
    ],
)
def test_council_members_by_period(day: str, size: int) -> None:
    assert len(council_members(day)) == size
    assert ("GBR" in council_members(day)) is (day < "2020-02-01")


@given(st.dates(min_value=dt.date(1958, 1, 1), max_value=dt.date(2030, 12, 31)))
@settings(max_examples=60)
def test_council_members_equal_the_organization_file(day: dt.date) -> None:
    assert council_members(day) == load_organization("eu_council").snapshot(day).member_ids


def test_council_members_refuses_bad_days() -> None:
    with pytest.raises(PivotalError, match="1958-01-01"):
        council_members("1957-12-31")
    with pytest.raises(PivotalError, match="YYYY-MM-DD"):
        council_members("30.05.2001")
    with pytest.raises(PivotalError, match="NaT"):
        council_members(pd.NaT)


def test_deu_council_members_cover_every_coded_state() -> None:
    """Every state with a position on an issue sat in the Council on the decision day (on the
    day of introduction where the decision day is missing)."""
    frame = deu()
    for _, row in frame.iterrows():
        coded = {DEU_STATES[a] for a in DEU_STATES if not math.isnan(row[f"p{a}"])}
        if row["council_members"] is None:
            assert pd.isna(row["decided"])
            assert coded <= set(council_members(row["introduced"])), row["isnr"]
        else:
            assert row["council_members"] == council_members(row["decided"])
            assert coded <= set(row["council_members"]), row["isnr"]
    sizes = Counter(len(m) for m in frame["council_members"] if m is not None)
    assert set(sizes) == {15, 25, 27, 28}


def test_deu_positions_long_form() -> None:
    frame = deu()
    long = deu_positions()
    assert list(long.columns) == ["issue", "proposal", "actor", "member", "position", "salience"]
    # Same values as the wide frame, actor by actor.
    wide = frame.set_index("isnr")
    for row in long.sample(400, random_state=1).itertuples():
        assert wide.at[row.issue, f"p{row.actor}"] == row.position
        salience = wide.at[row.issue, f"s{row.actor}"]
        assert (math.isnan(salience) and math.isnan(row.salience)) or salience == row.salience
        assert row.member == DEU_STATES.get(row.actor)
    assert long["position"].between(0, 100).all()
    assert long["salience"].dropna().between(0, 100).all()
    usable = deu_positions(usable_only=True)
    assert usable["issue"].nunique() == 351
    assert set(usable["issue"]) == set(frame.loc[frame["usable"], "isnr"])
    assert long.loc[long["actor"] == "com", "member"].map(lambda m: m is None).all()


def test_deu_gdp_is_the_second_line_marked_unverified() -> None:
    header, gdp_line, _ = raw_deu()
    gdp = deu_gdp()
    assert list(gdp["actor"]) == list(DEU_ACTORS)
    assert (gdp["status"] == "unverified").all()
    expected = [float(gdp_line[header.index(f"p{a}")]) for a in DEU_ACTORS]
    assert list(gdp["gdp_trillion_usd"]) == expected
    assert gdp.set_index("actor").at["de", "gdp_trillion_usd"] == 4.1


def test_deu_returns_a_fresh_copy() -> None:
    first = deu()
    first.loc[0, "out"] = -1.0
    assert deu().loc[0, "out"] != -1.0


def test_deu_citation() -> None:
    assert "Thomson" in DEU_CITATION and "2006" in DEU_CITATION
    assert "https://doi.org/10.34810/data53" in DEU_CITATION
    assert "Arregui" in DEU_CITATION


# ----------------------------------------------------------------------------------------- UNGA
def test_year_and_session() -> None:
    assert session_for_year(2011) == 66 and year_for_session(66) == 2011
    years = unga_years()
    assert years[0] == 1946 and years[-1] == 2019 and 1964 not in years
    assert len(years) == 73


def test_sessions_open_in_the_year_the_mapping_says(raw_dates) -> None:
    """Independently of the code: the roll calls of session s are dated from year s + 1945 on
    (the General Assembly opens each September; its first session in January 1946). Sessions 22
    and 23 hold roll calls of emergency special sessions dated before them."""
    first: dict[int, dt.date] = {}
    for session, day in raw_dates.values():
        first[session] = min(day, first.get(session, day))
    for session, day in first.items():
        if session not in (19, 22, 23):
            assert day.year == session + 1945, session
    # Session 66 (2011-12) runs from September 2011 to the summer of 2012.
    days = [d for s, d in raw_dates.values() if s == 66]
    assert min(days) >= dt.date(2011, 9, 1) and max(days) < dt.date(2012, 9, 1)


def test_worked_ideal_points() -> None:
    result = unga_positions([*WORKED_IDEAL_POINTS, "USA"], 2011)
    by_id = {p.member: p for p in result.positions}
    for member, value in WORKED_IDEAL_POINTS.items():
        assert abs(by_id[member].ideal_point - value) <= 0.005, member
    assert abs(by_id["USA"].ideal_point - 2.5) < 0.05
    assert result.session == 66


def test_ideal_points_frame() -> None:
    frame = unga_ideal_points()
    assert len(frame) == 10469
    assert "Row" not in frame.columns and {"id", "year"} <= set(frame.columns)
    assert frame.duplicated(["id", "session"]).sum() == 0
    assert (frame["year"] == frame["session"] + 1945).all()
    yemen = frame[frame["ccode"] == 680]
    assert set(yemen["iso3c"]) == {"YAR"} and set(yemen["id"]) == {"YMD"}
    assert "São Tomé & Príncipe" in set(frame["Countryname"])  # read as Latin-1
    assert (frame["Q5%"] <= frame["IdealPoint"]).all() and (
        frame["IdealPoint"] <= frame["Q95%"]
    ).all()


def test_iso2_to_iso3() -> None:
    mapping = unga_iso2_to_iso3()
    assert all(
        re.fullmatch(r"[A-Z]{2}", k) and re.fullmatch(r"[A-Z]{3}", v) for k, v in mapping.items()
    )
    assert len(set(mapping.values())) == len(mapping)  # one code per id and back
    for code, iso in ISO_CODES.items():
        assert mapping[code] == iso, code
    # Every id the votes carry has ideal points somewhere (the two files agree on ids).
    assert set(mapping.values()) <= set(unga_ideal_points()["id"])


def test_every_vote_has_a_member_id_but_zanzibar() -> None:
    votes = unga_votes()
    missing = votes[votes["id"].isna()]
    assert set(missing["country"]) == {"Zanzibar"} and UNGA_NAME_MISMATCHES["Zanzibar"] is None
    assert votes.dropna(subset=["id"]).duplicated(["rcid", "id"]).sum() == 0
    assert len(votes) == 870109
    assert set(votes["vote"]) == {"yes", "no", "abstain"}
    namibia = votes[votes["country"] == "Namibia"]
    assert set(namibia["country_code"]) == {"NA"} and set(namibia["id"]) == {"NAM"}
    frg = votes[votes["country"] == "Federal Republic of Germany"]
    assert set(frg["id"]) == {"DEU"} and frg["country_code"].isna().all()


def test_roll_call_frames() -> None:
    calls = unga_roll_calls()
    assert len(calls) == 6203 and calls["rcid"].is_unique
    assert calls["date"].dtype == "datetime64[ns]"
    issues = unga_roll_call_issues()
    assert set(issues["rcid"]) <= set(calls["rcid"])
    assert set(issues["short_name"]) == {"me", "nu", "di", "hr", "co", "ec"}


def brute_agreement(raw_votes, rcids, a: str, b: str) -> tuple[int, int]:
    """(same, both voted) over ``rcids`` for ISO2 codes a and b, from the raw file."""
    same = both = 0
    for rcid in rcids:
        votes = raw_votes.get(rcid, {})
        if a in votes and b in votes:
            both += 1
            same += votes[a] == votes[b]
    return same, both


def test_worked_agreement_with_russia(raw_votes, raw_dates) -> None:
    result = unga_positions(CSTO, 2011, agree_with="RUS")
    assert result.window is not None
    start, end, count = result.window
    assert (start, end, count) == (dt.date(2011, 1, 1), dt.date(2012, 12, 31), 191)
    rcids = [r for r, (_, day) in raw_dates.items() if day.year in (2011, 2012)]
    assert len(rcids) == 191
    iso2 = {v: k for k, v in ISO_CODES.items()}
    for p in result.positions:
        assert (p.same_votes, p.compared) == brute_agreement(raw_votes, rcids, iso2[p.member], "RU")
        if p.member == "RUS":
            assert p.agreement == 1
            continue
        assert abs(float(p.agreement) - WORKED_AGREEMENT_WITH_RUS[p.member]) < 0.0005, p.member
    # The published order, most aligned first.
    ranked = sorted((p for p in result.positions if p.member != "RUS"), key=lambda p: -p.agreement)
    assert [p.member for p in ranked] == list(WORKED_AGREEMENT_WITH_RUS)


def test_session_window_is_the_sessions_roll_calls(raw_votes, raw_dates) -> None:
    result = unga_positions(CSTO, 2011, agree_with="RUS", roll_calls="session")
    rcids = [r for r, (s, _) in raw_dates.items() if s == 66]
    assert result.window is not None and result.window[2] == len(rcids) == 98
    iso2 = {v: k for k, v in ISO_CODES.items()}
    for p in result.positions:
        assert (p.same_votes, p.compared) == brute_agreement(raw_votes, rcids, iso2[p.member], "RU")
    # The session alone does not give the published figures: the window matters.
    uzb = next(p for p in result.positions if p.member == "UZB")
    assert abs(float(uzb.agreement) - 0.825) > 0.01


@given(
    st.sampled_from(["USA", "RUS", "CHN", "FRA", "IND", "BRA", "KAZ", "ARM", "ZAF", "TUR"]),
    st.sampled_from(["USA", "RUS", "CHN", "FRA", "IND", "BRA", "KAZ", "ARM", "ZAF", "TUR"]),
    st.integers(min_value=1995, max_value=2018),
    st.sampled_from(["years", "session"]),
)
@settings(max_examples=25)
def test_agreement_axioms(a: str, b: str, year: int, window: str) -> None:
    """Agreement is symmetric, a member agrees with itself on every roll call it voted in, and
    no more roll calls are compared than the window holds."""
    members = [a] if a == b else [a, b]
    ab = unga_positions(members, year, agree_with=b, roll_calls=window)
    ba = unga_positions(members, year, agree_with=a, roll_calls=window)
    pa = ab.positions[0]
    pb = next(p for p in ba.positions if p.member == b)
    assert (pa.same_votes, pa.compared) == (pb.same_votes, pb.compared)
    assert ab.window is not None and pa.compared is not None
    assert 0 <= pa.same_votes <= pa.compared <= ab.window[2]
    own = next(p for p in ab.positions if p.member == b)
    assert own.same_votes == own.compared and (own.agreement in (None, 1))


def test_sd_is_the_normal_with_the_same_90_percent_interval() -> None:
    (p,) = unga_positions(["RUS"], 2011).positions
    assert p.sd == pytest.approx((p.q95 - p.q5) / (2 * norm.ppf(0.95)), rel=1e-12)
    assert p.q5 < p.ideal_point < p.q95 and p.nvotes == 68


def test_result_formats() -> None:
    result = unga_positions(["RUS", "BLR"], 2011, agree_with="RUS")
    data = result.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["session"] == 66 and data["session_label"] == "2011-12"
    assert [p["status"] for p in data["positions"]] == ["proxy", "proxy"]
    assert set(data["sources"]) == {"unga_bsv", "unga_votes"}
    blr = data["positions"][1]
    assert Fraction(blr["same_votes"], blr["roll_calls_compared"]) == result.positions[1].agreement
    frame = result.to_frame()
    assert list(frame.index) == ["RUS", "BLR"]
    assert frame.at["BLR", "agreement"] == pytest.approx(0.808, abs=5e-4)
    assert (frame["status"] == "proxy").all()
    text = result.table()
    assert "session 66 (2011-12)" in text and "proxy" in text and "Belarus" in text
    assert "agree RUS" in text and repr(result) == text
    assert "<table" in result._repr_html_() and "proxy" in result._repr_html_()
    plain = unga_positions(["RUS"], 2011)
    assert "agreement" not in plain.to_frame().columns
    assert plain.to_dict()["roll_call_window"] is None and plain.to_dict()["agree_with"] is None


def test_scenario_yaml_has_the_outcomes_shape() -> None:
    result = unga_positions(["RUS", "ARM"], 2011, agree_with="RUS")
    text = result.to_scenario_yaml(dimension="nato")
    doc = yaml.safe_load(text)
    assert list(doc) == ["positions", "sources"]
    assert doc["sources"] == {"unga_bsv": SOURCES["unga_bsv"]}
    for p in result.positions:
        entry = doc["positions"][p.member]
        assert list(entry) == ["nato", "status", "sources", "note", "uncertainty"]
        assert entry["nato"] == p.ideal_point and entry["status"] == "proxy"
        assert entry["sources"] == ["unga_bsv"]
        assert entry["note"] == (
            "UN General Assembly ideal point, session 66 (2011-12); "
            "higher = closer to the US-led liberal order"
        )
        assert entry["uncertainty"] == {"nato": {"normal": {"mean": p.ideal_point, "sd": p.sd}}}
    # One line per member, in flow style, as the outcomes stage's example writes it.
    assert text.splitlines()[1].startswith("  RUS: {nato: -0.1825269, status: proxy, sources: [")
    agreement = yaml.safe_load(result.to_scenario_yaml("csto_line", value="agreement"))
    arm = agreement["positions"]["ARM"]
    p = result.positions[1]
    n, share = p.compared, float(p.agreement)
    assert arm["csto_line"] == share and arm["sources"] == ["unga_votes"]
    assert arm["uncertainty"]["csto_line"]["normal"]["sd"] == pytest.approx(
        math.sqrt(share * (1 - share) / n)
    )
    assert set(agreement["sources"]) == {"unga_votes"}


@pytest.mark.parametrize(
    ("kwargs", "parameter", "needle"),
    [
        ({"members": ["XYZ"], "year": 2011}, "members", "RUS"),
        ({"members": ["rus"], "year": 2011}, "members", "upper case: RUS"),
        ({"members": ["KAZ"], "year": 1980}, "members", "nearest years: 1992"),
        ({"members": ["RUS", "RUS"], "year": 2011}, "members", "each member once"),
        ({"members": [], "year": 2011}, "members", "BLR"),
        ({"members": ["RUS"], "year": 1964}, "year", "1963 or 1965"),
        ({"members": ["RUS"], "year": 2025}, "year", "2019"),
        ({"members": ["RUS"], "year": 1900}, "year", "1946"),
        ({"members": ["RUS"], "year": "2011"}, "year", "whole number"),
        ({"members": ["RUS"], "year": 2011, "roll_calls": "all"}, "roll_calls", "'session'"),
        ({"members": ["RUS"], "year": 2011, "agree_with": "XXX"}, "agree_with", "BLR"),
        ({"members": ["RUS"], "year": 2011, "agree_with": "DDR"}, "agree_with", "voted then"),
    ],
)
def test_errors_say_what_is_valid(kwargs: dict, parameter: str, needle: str) -> None:
    with pytest.raises(PivotalError) as info:
        unga_positions(**kwargs)
    assert info.value.parameter == parameter
    assert needle in str(info.value)


def test_scenario_yaml_errors() -> None:
    result = unga_positions(["RUS"], 2011)
    with pytest.raises(PivotalError, match="letters, digits"):
        result.to_scenario_yaml("1 bad")
    with pytest.raises(PivotalError, match="agree_with"):
        result.to_scenario_yaml("nato", value="agreement")
    with pytest.raises(PivotalError, match="'ideal_point', 'agreement'"):
        result.to_scenario_yaml("nato", value="mean")


def test_window_past_the_data_says_so() -> None:
    result = unga_positions(["RUS"], 2019, agree_with="USA")
    assert any("2020-01-14" in n for n in result.notes)
    assert result.session == 74


def test_a_single_member_may_be_a_string() -> None:
    assert unga_positions("KAZ", 2011).members == ("KAZ",)


# ------------------------------------------------------------------------------------------ CLI
def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def ok(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, f"exit {result.exit_code}: {result.output}"
    assert result.stderr == "", result.stderr
    return result.stdout


UNGA = ["positions", "unga", "--members", "RUS,BLR,KAZ", "--year", "2011"]


def test_cli_positions_table() -> None:
    out = ok(*UNGA, "--agree-with", "RUS")
    assert "session 66 (2011-12)" in out and "status: proxy" in out
    assert re.search(r"^BLR\s+Belarus\s+-0\.568", out, re.M)
    assert "0.808" in out and "147/182" in out


def test_cli_positions_json_is_the_api_dict() -> None:
    out = json.loads(ok(*UNGA, "--agree-with", "RUS", "-f", "json"))
    assert out == unga_positions(["RUS", "BLR", "KAZ"], 2011, agree_with="RUS").to_dict()
    session = json.loads(ok(*UNGA, "--agree-with", "RUS", "--roll-calls", "session", "-f", "json"))
    assert session["roll_calls"] == "session" and session["roll_call_window"]["roll_calls"] == 98


def test_cli_positions_csv_and_markdown() -> None:
    rows = list(csv.DictReader(io.StringIO(ok(*UNGA, "-f", "csv"))))
    assert [r["member"] for r in rows] == ["RUS", "BLR", "KAZ"]
    assert float(rows[0]["ideal_point"]) == pytest.approx(-0.1825269)
    assert {r["status"] for r in rows} == {"proxy"}
    markdown = ok(*UNGA, "-f", "markdown")
    assert markdown.splitlines()[0].startswith("| member | name | ideal_point")
    assert "| RUS | Russia |" in markdown


def test_cli_positions_yaml() -> None:
    doc = yaml.safe_load(ok(*UNGA, "-f", "yaml", "--dimension", "nato"))
    assert list(doc["positions"]) == ["RUS", "BLR", "KAZ"]
    assert doc["positions"]["RUS"]["status"] == "proxy"
    agreement = yaml.safe_load(
        ok(*UNGA, "-f", "yaml", "--agree-with", "RUS", "--value", "agreement")
    )
    assert agreement["positions"]["BLR"]["unga"] == pytest.approx(0.808, abs=5e-4)


ONE_RUS = ["positions", "unga", "--members", "RUS", "--year"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["positions", "deu", "--members", "RUS", "--year", "2011"], "'unga'"),
        (["positions", "unga", "--members", "RUS,,BLR", "--year", "2011"], "comma"),
        (["positions", "unga", "--members", "XYZ", "--year", "2011"], "ISO3 ids"),
        ([*ONE_RUS, "1964"], "1963 or 1965"),
        ([*ONE_RUS, "2011", "--agree-with", "Q"], "BLR"),
        ([*ONE_RUS, "2011", "--roll-calls", "x"], "session"),
        ([*ONE_RUS, "2011", "-f", "yaml", "--dimension", "a b"], "letters"),
        ([*ONE_RUS, "2011", "-f", "yaml", "--value", "agreement"], "agree_with"),
    ],
)
def test_cli_positions_errors_are_one_line(args: list[str], needle: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and needle in lines[0]


def test_cli_positions_json_keys_are_documented() -> None:
    doc = JSON_DOC.read_text(encoding="utf-8")
    section = doc[doc.index("## `pivotal positions unga`") :]
    out = json.loads(ok(*UNGA, "--agree-with", "RUS", "-f", "json"))
    keys = set(out) | set(out["positions"][0]) | set(out["roll_call_window"])
    for key in sorted(keys):
        assert f"`{key}`" in section, key


def test_random_members_and_years_through_the_cli() -> None:
    """A few random (members, year) pairs: the CLI's JSON equals the API's, and the ideal points
    are the file's rows."""
    rng = random.Random(7)
    points = unga_ideal_points()
    for _ in range(5):
        year = rng.choice([y for y in unga_years() if y >= 1992])
        ids = sorted(points.loc[points["year"] == year, "id"])
        chosen = rng.sample(ids, 3)
        out = json.loads(
            ok(
                "positions",
                "unga",
                "--members",
                ",".join(chosen),
                "--year",
                str(year),
                "-f",
                "json",
            )
        )
        for item in out["positions"]:
            row = points[(points["year"] == year) & (points["id"] == item["member"])].iloc[0]
            assert item["ideal_point"] == row["IdealPoint"] and item["nvotes"] == row["NVotes"]
