"""Compiled counting kernels (numba) for weighted games, modulo primes just below 2^63.

Every kernel here works on one weighted game [q; w_1..w_n] (weights already divided by their gcd)
and one or more primes p < 2^63, in uint64, so two residues add without overflow and one
conditional subtraction reduces the sum. Parallelism is over primes (``prange``): each prime's
table is independent, and the residues are turned into integers by the Chinese remainder theorem
afterwards (:mod:`pivotal.engines.fast`).

Generating functions (coefficients modulo p, truncated below the quota q):

* ``P(x) = Π_j (1 + x^{w_j})``: ``P[t]`` counts coalitions of weight t;
* ``P(x, y) = Π_j (1 + y x^{w_j})``: ``P[s, t]`` counts coalitions of s players and weight t.

Swings are read off P without dividing it by each player's factor. With S the running sum
(``S[t] = Σ_{u ≤ t} P[u]``) and a player of weight w, the coalitions of the *other* players are
``P / (1 + x^w) = P · Σ_k (-1)^k x^{kw}``, so the number of them in the window q - w ≤ t < q is

    η(w) = Σ_{k ≥ 0} (-1)^k (S[q-1-kw] - S[q-1-(k+1)w])        (S at a negative index is 0),

about q / w terms for each distinct weight: O(q log q) for all of them together (a harmonic sum),
instead of O(q) per distinct weight. By size, the k-th term comes from row s - k:

    η_s(w) = Σ_{k ≥ 0} (-1)^k (S[s-k, q-1-kw] - S[s-k, q-1-(k+1)w]).

The running sums replace P in place. References: [1] for the generating functions of weighted
games, [2] for counting modulo primes, as in EPIC.

References
----------
[1] Bilbao, J. M., Fernández, J. R., Jiménez Losada, A. and López, J. J. (2000). Generating
    functions for computing power indices efficiently. TOP 8(2), 191-213.
[2] Uno, T. (2012). Efficient computation of power indices for weighted majority games. ISAAC 2012,
    LNCS 7676, 679-689.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

__all__ = [
    "banzhaf_float",
    "size_polynomial_mod",
    "size_swings_mod",
    "swings_mod",
    "weight_polynomial_mod",
]


@njit(cache=True, inline="always")
def _add(a: np.uint64, b: np.uint64, p: np.uint64) -> np.uint64:
    s = a + b
    return s - p if s >= p else s


@njit(cache=True, inline="always")
def _sub(a: np.uint64, b: np.uint64, p: np.uint64) -> np.uint64:
    return a - b if a >= b else a + (p - b)


@njit(cache=True, parallel=True)
def weight_polynomial_mod(table, weights, primes, reach):  # pragma: no cover - compiled
    """Multiply each prime's row of ``table`` (k x q) by Π (1 + x^w) over ``weights``, in place.

    ``reach`` is the highest weight already reachable (the running total of the weights multiplied
    in so far); coefficients above it are zero, so the loop stops there. Returns the new reach.
    """
    k, q = table.shape
    for j in prange(k):
        p = primes[j]
        row = table[j]
        total = reach
        for w in weights:
            top = min(q - 1, total + w)
            for t in range(top, w - 1, -1):
                row[t] = _add(row[t], row[t - w], p)
            total += w
    return reach + weights.sum()


@njit(cache=True, parallel=True)
def swings_mod(table, distinct, primes):  # pragma: no cover - compiled
    """Swings η(w) for each distinct weight, and the count of losing coalitions, modulo each prime.

    ``table`` (k x q) holds P modulo each prime and becomes its running sums S. Returns (k x d
    swings, k losing counts S[q-1]).
    """
    k, q = table.shape
    d = distinct.size
    out = np.zeros((k, d), dtype=np.uint64)
    losing = np.zeros(k, dtype=np.uint64)
    for j in prange(k):
        p = primes[j]
        row = table[j]
        for t in range(1, q):
            row[t] = _add(row[t], row[t - 1], p)
        losing[j] = row[q - 1]
        for i in range(d):
            w = distinct[i]
            if w == 0:  # a player of weight 0 never changes a coalition's weight: no swings
                continue
            acc = np.uint64(0)
            hi = q - 1
            sign = 0
            while hi >= 0:
                lo = hi - w
                block = _sub(row[hi], row[lo], p) if lo >= 0 else row[hi]
                acc = _add(acc, block, p) if sign == 0 else _sub(acc, block, p)
                sign ^= 1
                hi = lo
            out[j, i] = acc
    return out, losing


@njit(cache=True, parallel=True)
def size_polynomial_mod(tables, weights, start, stop, primes, max_size):  # pragma: no cover
    """Multiply each prime's table (rows s = 0..max_size, columns t < q) by Π (1 + y x^w) over
    the players ``start .. stop - 1`` of ``weights`` (the whole ascending weight list), in place.

    ``weights`` must be the whole ascending weight list and ``start`` the number of players
    already multiplied in: with ascending weights the players so far are the smallest ones, so the
    nonzero entries of row s lie between the sum of the s smallest weights and the sum of the s
    largest so far, and the loops touch only those. Rows above ``max_size`` are zero below q.
    """
    k, _, q = tables.shape
    prefix = np.zeros(weights.size + 1, dtype=np.int64)
    for m in range(weights.size):
        prefix[m + 1] = prefix[m] + weights[m]
    for j in prange(k):
        p = primes[j]
        table = tables[j]
        for m in range(start, stop):
            w = weights[m]
            for s in range(min(m + 1, max_size), 0, -1):
                # Row s - 1 over the first m players: weights from prefix[s-1] to the sum of
                # the s - 1 largest of them, prefix[m] - prefix[m - s + 1].
                lo = prefix[s - 1] + w
                hi = min(q - 1, prefix[m] - prefix[m - s + 1] + w)
                src = table[s - 1]
                dst = table[s]
                for t in range(lo, hi + 1):
                    dst[t] = _add(dst[t], src[t - w], p)
    return 0


@njit(cache=True, parallel=True)
def size_swings_mod(tables, distinct, primes, n):  # pragma: no cover - compiled
    """Swings η_s(w) by coalition size s (0..n-1) for each distinct weight, modulo each prime.

    ``tables`` (k x rows x q) hold P(x, y) modulo each prime and become running sums along t.
    Returns (k x d x n swings, k losing counts).
    """
    k, rows, q = tables.shape
    d = distinct.size
    out = np.zeros((k, d, n), dtype=np.uint64)
    losing = np.zeros(k, dtype=np.uint64)
    for j in prange(k):
        p = primes[j]
        table = tables[j]
        total = np.uint64(0)
        for s in range(rows):
            row = table[s]
            for t in range(1, q):
                row[t] = _add(row[t], row[t - 1], p)
            total = _add(total, row[q - 1], p)
        losing[j] = total
        for i in range(d):
            w = distinct[i]
            if w == 0:  # a player of weight 0 never changes a coalition's weight: no swings
                continue
            for s in range(min(n, rows)):
                acc = np.uint64(0)
                hi = q - 1
                r = s
                sign = 0
                while hi >= 0 and r >= 0:
                    lo = hi - w
                    row = table[r]
                    block = _sub(row[hi], row[lo], p) if lo >= 0 else row[hi]
                    acc = _add(acc, block, p) if sign == 0 else _sub(acc, block, p)
                    sign ^= 1
                    hi = lo
                    r -= 1
                out[j, i, s] = acc
    return out, losing


@njit(cache=True, parallel=True)
def banzhaf_float(weights, q, distinct):  # pragma: no cover - compiled
    """Swing probabilities η(w) / 2^(n-1) and the losing probability, in double precision.

    The distribution of a random coalition's weight is built as probabilities (each factor is
    (1 + x^w) / 2), in place and on one core: a parallel region per player costs more in
    synchronisation than it saves, and stalls when the cores are busy. Each distinct weight's own
    factor is then divided out again (in parallel over the distinct weights) by forward
    substitution, R[t] = 2 P[t] - R[t - w], whose rounding errors add up along chains rather than
    cancelling catastrophically as the alternating running sums would.
    """
    n = weights.size
    table = np.zeros(q, dtype=np.float64)
    table[0] = 1.0
    reach = 0
    for m in range(n):
        w = weights[m]
        top = min(q - 1, reach + w)
        for t in range(top, w - 1, -1):
            table[t] = 0.5 * (table[t] + table[t - w])
        for t in range(min(w, top + 1)):
            table[t] = 0.5 * table[t]
        reach += w
    losing = table.sum()
    d = distinct.size
    out = np.zeros(d, dtype=np.float64)
    for i in prange(d):
        w = distinct[i]
        if w == 0:  # a player of weight 0 never changes a coalition's weight: no swings
            continue
        # P = R (1 + x^w) / 2, so R[t] = 2 P[t] - R[t - w].
        rest = np.empty(q, dtype=np.float64)
        acc = 0.0
        for t in range(q):
            r = 2.0 * table[t] - (rest[t - w] if t >= w else 0.0)
            rest[t] = r
            if t >= q - w:
                acc += r
        out[i] = acc
    return out, losing
