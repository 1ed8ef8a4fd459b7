"""Enumerate all 2^27 coalitions of the EU Council (2025 population shares) and write the exact
swing and winning counts to tests/fixtures/eu_council_2025_enumeration.json.

This is the independent check the DP engine is tested against (tests/test_eu_council.py): the
qualified-majority rule is written out here by hand, from TEU Art. 16(4), and every coalition is
visited, in numpy chunks. It takes a minute or two; run it again only if the bundled populations
change: `.venv/bin/python scripts/eu_council_enumeration.py`.
"""

from __future__ import annotations

import json
import time
from fractions import Fraction
from math import ceil
from pathlib import Path

import numpy as np

import pivotal

AT = "2025-06-01"
FIXTURE = Path(__file__).resolve().parent.parent / "tests/fixtures/eu_council_2025_enumeration.json"


def main() -> None:
    snap = pivotal.load("eu_council", at=AT)
    members = list(snap.member_ids)
    population = [int(snap.attributes["population"][m]) for m in members]
    n = len(members)
    # TEU Art. 16(4): at least 55% of the members (15 of 27) representing at least 65% of the
    # population; or fewer than four members against (24 in favour).
    need_members = max(ceil(Fraction(55, 100) * n), 15)
    need_population = ceil(Fraction(65, 100) * sum(population))
    need_against_clause = n - 3

    def wins(size: np.ndarray, pop: np.ndarray) -> np.ndarray:
        return ((size >= need_members) & (pop >= need_population)) | (size >= need_against_clause)

    weights = np.array(population, dtype=np.int64)
    swings = np.zeros((n, n), dtype=np.int64)  # [player, size of the coalition without them]
    winning = 0
    chunk_bits = 22
    start = time.time()
    for chunk in range(1 << (n - chunk_bits)):
        masks = np.arange(chunk << chunk_bits, (chunk + 1) << chunk_bits, dtype=np.int64)
        size = np.zeros(masks.shape, dtype=np.int64)
        pop = np.zeros(masks.shape, dtype=np.int64)
        bits = []
        for i in range(n):
            b = (masks >> i) & 1
            bits.append(b.astype(bool))
            size += b
            pop += b * weights[i]
        win = wins(size, pop)
        winning += int(win.sum())
        for i in range(n):
            without = ~bits[i]
            swing = without & ~win & wins(size + 1, pop + weights[i])
            swings[i] += np.bincount(size[swing], minlength=n)[:n]
    out = {
        "description": "EU Council QMV (Lisbon), 2025 population shares in hundredths of a "
        "percent, all 2^27 coalitions enumerated by scripts/eu_council_enumeration.py",
        "at": AT,
        "members": members,
        "population": population,
        "need_members": need_members,
        "need_population": need_population,
        "need_in_favour_under_blocking_clause": need_against_clause,
        "winning_coalitions": winning,
        "swings_by_size": swings.tolist(),
        "seconds": round(time.time() - start, 1),
    }
    FIXTURE.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {FIXTURE} in {out['seconds']} s")


if __name__ == "__main__":
    main()
