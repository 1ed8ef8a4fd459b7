"""Compiled double-precision kernels (numba) for the Shapley-Shubik float path.

One kernel, :func:`swing_window_probabilities`: for each quadrature node t (each player present
independently with probability t) and each distinct weight w, the probability

    f_w(t) = Pr[cap - w ≤ W_{-i}(t) < cap]

that the other players' weight falls in the window just below ``cap``. The distribution of the
weight of the whole random coalition, P(x) = Π_j ((1 - t) + t x^{w_j}) truncated below ``cap``,
is built in two buffers (O(n·cap) additions of nonnegative terms, so every entry keeps a relative
error of at most about 2n·u, u = 2^-53). Dividing one player's factor back out,

    R = P / ((1 - t) + t x^w) = P / (1 - t) · Σ_k (-ρ)^k x^{kw},    ρ = t / (1 - t),

gives the window's probability as an alternating sum of block masses of P,

    f_w(t) = 1/(1 - t) · Σ_{k ≥ 0} (-ρ)^k (S[cap-1-kw] - S[cap-1-(k+1)w]),

with S the running sums of P (S at a negative index is 0): cap / w terms for each distinct
weight, O(cap log n) for all of them. The running sums are kept in double-double (a high and a
low part, each step an error-free two-sum [2]) so that the difference of two of them is as
accurate as the block mass itself and not only to u·S. Every term carries ρ^k ≤ 1 only when
t ≤ 1/2 (the substitution is stable there, as forward substitution is [1]); the caller therefore
passes nodes t ≤ 1/2 only and handles t > 1/2 through the absent players (each absent with
probability 1 - t < 1/2), see :mod:`pivotal.engines.floating`.

References
----------
[1] Leech, D. (2003). Computing power indices for large voting games. Management Science 49(6),
    831-837.
[2] Knuth, D. E. (1997). The Art of Computer Programming, vol. 2, 3rd ed., section 4.2.2
    (the error-free sum of two floating-point numbers).
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

__all__ = ["swing_window_probabilities"]


@njit(cache=True)
def _mix(dst, stay, came, keep, t):  # pragma: no cover - compiled
    """dst = keep·stay + t·came, elementwise (a function of its own: the loop vectorises)."""
    for k in range(dst.size):
        dst[k] = keep * stay[k] + t * came[k]


@njit(cache=True)
def _node(weights, cap, t, distinct, out):  # pragma: no cover - compiled
    """f_w(t) for every distinct weight w into ``out`` (one node, one thread)."""
    keep = 1.0 - t
    table = np.zeros(cap, dtype=np.float64)
    spare = np.zeros(cap, dtype=np.float64)
    table[0] = 1.0
    reach = 0
    for m in range(weights.size):
        w = weights[m]
        top = min(cap - 1, reach + w)
        # Two buffers, so the compiler sees no overlap and vectorises; above ``top`` both stay
        # zero because ``top`` never decreases.
        low = min(w, top + 1)
        for x in range(low):
            spare[x] = keep * table[x]
        _mix(spare[low : top + 1], table[low : top + 1], table[: top + 1 - low], keep, t)
        table, spare = spare, table
        reach += w
    # Running sums in double-double: hi + lo is S[x] to about u^2 relative.
    hi = np.empty(cap, dtype=np.float64)
    lo = np.empty(cap, dtype=np.float64)
    s_hi = 0.0
    s_lo = 0.0
    for x in range(cap):
        a = table[x]
        s = s_hi + a
        bb = s - s_hi
        err = (s_hi - (s - bb)) + (a - bb)
        s_hi = s
        s_lo += err
        # Renormalise so that lo stays small against hi.
        s = s_hi + s_lo
        s_lo = s_lo - (s - s_hi)
        s_hi = s
        hi[x] = s_hi
        lo[x] = s_lo
    rho = t / keep
    for i in range(distinct.size):
        w = distinct[i]
        if w == 0:  # a player of weight 0 never changes a coalition's weight: no swings
            out[i] = 0.0
            continue
        acc = 0.0
        factor = 1.0
        top = cap - 1
        while top >= 0:
            bottom = top - w
            if bottom >= 0:
                block = (hi[top] - hi[bottom]) + (lo[top] - lo[bottom])
            else:
                block = hi[top] + lo[top]
            acc += factor * block
            factor = -factor * rho
            top = bottom
        out[i] = acc / keep


@njit(cache=True, parallel=True)
def swing_window_probabilities(weights, caps, nodes, distinct):  # pragma: no cover - compiled
    """f_w(t) (rows: nodes, columns: distinct weights) for each node ``nodes[j]`` ≤ 1/2 with the
    window below ``caps[j]``; ``weights`` ascending (so the reach grows slowly)."""
    k = nodes.size
    out = np.zeros((k, distinct.size), dtype=np.float64)
    for j in prange(k):
        _node(weights, caps[j], nodes[j], distinct, out[j])
    return out
