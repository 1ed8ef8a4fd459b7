"""Compiled kernels (numba) for minimal winning coalitions and Johnston counts of a weighted game.

For a weighted game [q; w_1..w_n] (one criterion, weights divided by their gcd) this module counts,
exactly, the statistics of :class:`pivotal.engines.base.GameStatistics`

* ``minimal_count_by_size[s]``: minimal winning coalitions (MWCs) of s players, and
  ``minimal_by_size[i][s]``: those that contain player i;
* ``johnston_by_critical[i][c]``: winning coalitions in which i is critical and exactly c members
  are critical (j ∈ S is critical when S wins and S ∖ {j} loses);

modulo primes just below 2^63 in uint64, parallel over primes, rebuilt by the Chinese remainder
theorem, as the swing kernels of :mod:`pivotal.engines.kernels`. Every table holds *running sums*
along the weight axis, R[r, t] = Σ_{t' ≤ t} P[r, t'] with P[r, t] the number of coalitions of r
counted members and weight t, truncated below the quota (t < q). Multiplying by a player's factor
commutes with the running sum, and a window lo ≤ w(T) < hi is R[r, hi - 1] - R[r, lo - 1].

**Minimal winning coalitions.** Order the players of positive weight heaviest first (ties in any
fixed order); a player of weight 0 is never critical, so never in an MWC. Let j be the last member
of S in that order (a lightest one, weight u) and B = S ∖ {j} ⊆ G_j, the players before j. Then S
is minimal winning exactly when

    q - u ≤ w(B) < q,

a window of the table of G_j = Π_{i before j} (1 + y x^{w_i}), read before j is multiplied in. For
a player i of weight v before j, the MWCs ending in j that contain i are counted without dividing
i out, by the alternating sum of :mod:`pivotal.engines.kernels` along a diagonal of the table:

    #{B' ⊆ G_j ∖ {i} : |B'| = r, lo ≤ w(B') < hi}
        = Σ_{k ≥ 0} (-1)^k (R[r-k, hi-1-kv] - R[r-k, lo-1-kv]),   lo = q - u - v, hi = q - v.

Players of equal weight have equal counts, so each weight class is counted for its *first* member
in the order: every MWC that contains it ends in it or in a later player, so its count is the
window at its own turn plus one alternating sum at each later player's turn. No binomial
coefficients are needed, so no products of residues.

**Johnston counts.** In a winning S with surplus e = w(S) - q, the critical members are those with
w_j > e. With 0 = l_0 < l_1 < ... < l_M the distinct weights and 0, a surplus in [l_k, l_{k+1})
makes exactly the members of weight ≥ l_{k+1} critical (the *counted* players of level k). So, for
a counted player i of weight v at level k, with T = S ∖ {i} (which loses: w(T) < q),

    #{S ∋ i: i critical, c critical} over e ∈ [l_k, l_{k+1})
        = #{T ⊆ N ∖ {i}: c - 1 counted members, q + l_k - v ≤ w(T) < q + l_{k+1} - v},

an alternating sum on the table of level k, T_k = Π_{w_j ≥ l_{k+1}} (1 + y x^{w_j})
Π_{w_j ≤ l_k} (1 + x^{w_j}). Levels are visited from the top (only the heaviest class counted)
down, and each player of the class of weight l_k becomes counted on the way, in one pass over the
table: R ← R (1 + y x^w) / (1 + x^w), each row divided in place upward in t, then shifted into the
row above. Every window lies below q, so the tables of both methods have q columns and a row for
each number r of counted members that can weigh less than q.

The counting itself, the work estimate and the Chinese remainder theorem are in
:mod:`pivotal.engines.structure`, which imports this module (and numba) only when it runs.

References
----------
[1] Bilbao, J. M., Fernández, J. R., Jiménez Losada, A. and López, J. J. (2000). Generating
    functions for computing power indices efficiently. TOP 8(2), 191-213.
[2] Kurz, S. (2016). Computing the power distribution in the IMF. arXiv:1603.01443.
[3] Johnston, R. J. (1978). On the measurement of power. Environment and Planning A 10, 907-914.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from pivotal.engines.kernels import _add, _sub

__all__ = ["johnston_init_mod", "johnston_levels_mod", "minimal_mod"]


# ----------------------------------------------------------------------------- kernels
#
# Tables are stored weight-major, table[t, r]: every step below reads or writes, for one weight t,
# a run of consecutive counts r, so the loops stream through memory (and the diagonals of the
# alternating sums become runs of columns t, t - v, t - 2v, ...).


@njit(cache=True, inline="always")
def _alternating(table, acc, top, lo, hi, v, p):  # pragma: no cover - compiled
    """acc[r] = coalitions of r counted members (r ≤ top) with lo ≤ weight < hi among the table's
    players less one counted player of weight v > 0: Σ_k (-1)^k (R[r-k, hi-1-kv] - R[r-k, lo-1-kv]).
    """
    for r in range(top + 1):
        acc[r] = np.uint64(0)
    a = hi - 1
    b = lo - 1
    k = 0
    while a >= 0 and k <= top:
        ra = table[a]
        if b >= 0:
            rb = table[b]
            if k % 2 == 0:
                for r in range(k, top + 1):
                    acc[r] = _add(acc[r], _sub(ra[r - k], rb[r - k], p), p)
            else:
                for r in range(k, top + 1):
                    acc[r] = _sub(acc[r], _sub(ra[r - k], rb[r - k], p), p)
        elif k % 2 == 0:
            for r in range(k, top + 1):
                acc[r] = _add(acc[r], ra[r - k], p)
        else:
            for r in range(k, top + 1):
                acc[r] = _sub(acc[r], ra[r - k], p)
        a -= v
        b -= v
        k += 1


@njit(cache=True, inline="always")
def _top_row(prefix, first, stop, q):  # pragma: no cover - compiled
    """Largest r with prefix[first + r] - prefix[first] < q and first + r ≤ stop: the last row
    that can hold a coalition below q when the counted players, lightest first, are from
    ``first`` on."""
    r = 0
    while first + r + 1 <= stop and prefix[first + r + 1] - prefix[first] < q:
        r += 1
    return r


@njit(cache=True, parallel=True)
def minimal_mod(
    tables, weights, suffix, cls, first, dist, q, start, stop, primes, total, by_class
):  # pragma: no cover - compiled
    """Count MWCs ending in each of the players ``start .. stop - 1``, then multiply them in.

    ``weights``: positive weights, heaviest first; ``suffix[m]`` = sum of weights[m:] (so the
    r lightest of the first j weigh suffix[j - r] - suffix[j]); ``cls[j]`` its class (0 =
    heaviest), ``first[j]`` whether it is its class's first member, ``dist[h]`` the weight of
    class h. ``tables`` (g x q x rows) hold the running sums of G_start per prime and become those
    of G_stop. Adds the counts to ``total`` (g x n+1, by size) and ``by_class`` (g x classes x
    n+1, for the first member of each class).
    """
    g, _, rows = tables.shape
    for m in prange(g):
        p = primes[m]
        table = tables[m]
        acc = np.zeros(rows, dtype=np.uint64)
        for j in range(start, stop):
            u = weights[j]
            # Rows of G_j: the r lightest of the first j weigh less than q.
            top = 0
            while top + 1 <= j and top + 1 < rows and suffix[j - top - 1] - suffix[j] < q:
                top += 1
            # MWCs ending in j: B ⊆ G_j with q - u ≤ w(B) < q.
            last = table[q - 1]
            for r in range(top + 1):
                x = last[r]
                if q - u - 1 >= 0:
                    x = _sub(x, table[q - u - 1, r], p)
                total[m, r + 1] = _add(total[m, r + 1], x, p)
                if first[j]:
                    by_class[m, cls[j], r + 1] = _add(by_class[m, cls[j], r + 1], x, p)
            # ... that contain the first member of a class begun before j (weight v).
            started = cls[j] if first[j] else cls[j] + 1
            depth = min(top, j - 1)
            for h in range(started):
                v = dist[h]
                hi = q - v
                if hi <= 0 or depth < 0:
                    continue
                _alternating(table, acc, depth, q - u - v, hi, v, p)
                for r in range(depth + 1):
                    by_class[m, h, r + 2] = _add(by_class[m, h, r + 2], acc[r], p)
            # Multiply j in: R[t, r] += R[t - u, r - 1], t downward so that R[t - u] is still old.
            new_top = min(top + 1, rows - 1, j + 1)
            reach = new_top  # rows r whose source row r - 1 is nonzero at t - u
            for t in range(q - 1, u - 1, -1):
                while reach >= 1 and suffix[j - reach + 1] - suffix[j] + u > t:
                    reach -= 1
                if reach == 0:
                    break
                dst = table[t]
                src = table[t - u]
                for r in range(1, reach + 1):
                    dst[r] = _add(dst[r], src[r - 1], p)
    return 0


@njit(cache=True, parallel=True)
def johnston_init_mod(tables, uncounted, counted, q, primes):  # pragma: no cover - compiled
    """Each prime's table (q x rows, zero) becomes the running sums of the top level's table:
    Π (1 + x^w) over ``uncounted`` (row 0) times Π (1 + y x^w) over ``counted`` (equal weights)."""
    g, _, rows = tables.shape
    for m in prange(g):
        p = primes[m]
        table = tables[m]
        line = np.ones(q, dtype=np.uint64)
        for w in uncounted:
            for t in range(q - 1, w - 1, -1):
                line[t] = _add(line[t], line[t - w], p)
        for t in range(q):
            table[t, 0] = line[t]
        for c in range(counted.size):
            w = counted[c]
            top = min(c + 1, rows - 1)
            for t in range(q - 1, w - 1, -1):
                reach = min(top, t // w)  # r counted members weigh r * w
                dst = table[t]
                src = table[t - w]
                for r in range(1, reach + 1):
                    dst[r] = _add(dst[r], src[r - 1], p)
    return 0


@njit(cache=True, inline="always")
def _move(table, prefix, s, top_old, top_new, w, q, p):  # pragma: no cover - compiled
    """R <- R (1 + y x^w) / (1 + x^w): divide (t upward, V[t] = R[t] - V[t - w]), then multiply
    (t downward, R[t, c + 1] += V[t - w, c]). The counted players before the move are
    ascending[s+1:], so row c is nonzero from lo_c = prefix[s+1+c] - prefix[s+1] on; rows above
    ``top_new`` stay zero below q."""
    reach = -1
    for t in range(w, q):
        while reach < top_old and prefix[s + 2 + reach] - prefix[s + 1] + w <= t:
            reach += 1
        dst = table[t]
        src = table[t - w]
        for c in range(reach + 1):
            dst[c] = _sub(dst[c], src[c], p)
    reach = min(top_old, top_new - 1)
    for t in range(q - 1, w - 1, -1):
        while reach >= 0 and prefix[s + 1 + reach] - prefix[s + 1] + w > t:
            reach -= 1
        if reach < 0:
            break
        dst = table[t]
        src = table[t - w]
        for c in range(reach + 1):
            dst[c + 1] = _add(dst[c + 1], src[c], p)


@njit(cache=True, parallel=True)
def johnston_levels_mod(
    tables, ascending, level_weights, level_start, q, k_from, k_to, primes, out
):  # pragma: no cover - compiled
    """Levels k = k_from down to k_to + 1 of the Johnston count.

    ``ascending``: positive weights ascending; ``level_weights`` = l_1..l_M (distinct positive
    weights ascending; l_0 = 0), so level k's surplus is [l_k, l_{k+1}) and its counted players
    are those of weight ≥ level_weights[k] = l_{k+1}, ascending[level_start[k]:]. On entry
    ``tables`` (g x q x rows) hold level k_from + 1's table (for k_from = M - 1: the table of
    :func:`johnston_init_mod`). Adds, for each counted class h (index into level_weights) and
    each r, the coalitions T with r counted members to ``out[m, h, r + 1]``.
    """
    g, _, rows = tables.shape
    n_pos = ascending.size
    prefix = np.zeros(n_pos + 1, dtype=np.int64)
    for i in range(n_pos):
        prefix[i + 1] = prefix[i] + ascending[i]
    big_m = level_weights.size
    for m in prange(g):
        p = primes[m]
        table = tables[m]
        acc = np.zeros(rows, dtype=np.uint64)
        for k in range(k_from, k_to, -1):
            if k < big_m - 1:
                # The class of weight l_{k+1} becomes counted, one member at a time:
                # R <- R / (1 + x^w) * (1 + y x^w).
                w = level_weights[k]
                for s in range(level_start[k + 1] - 1, level_start[k] - 1, -1):
                    # Counted before: ascending[s+1:]; after: ascending[s:].
                    top_old = min(_top_row(prefix, s + 1, n_pos, q), rows - 1)
                    top_new = min(_top_row(prefix, s, n_pos, q), rows - 1)
                    _move(table, prefix, s, top_old, top_new, w, q, p)
            low = level_weights[k - 1] if k >= 1 else 0
            high = level_weights[k]
            top = min(_top_row(prefix, level_start[k], n_pos, q), rows - 1, n_pos - 1)
            for h in range(k, big_m):
                v = level_weights[h]
                hi = q + high - v
                if hi <= 0:
                    continue
                _alternating(table, acc, top, q + low - v, hi, v, p)
                for r in range(top + 1):
                    out[m, h, r + 1] = _add(out[m, h, r + 1], acc[r], p)
    return 0
