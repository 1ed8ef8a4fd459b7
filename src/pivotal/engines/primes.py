"""Word-sized primes for exact counting modulo primes (rebuilt by the Chinese remainder theorem).

Counts of coalitions grow as 2^n; kept modulo a few primes, every update fits in a machine word
and the exact count is the unique residue below the primes' product. The DP engine and the Owen
values take primes below 2^31 (int64 sums of many residues cannot overflow); the compiled kernels
take primes below 2^63 (two residues add without overflow in uint64), half as many for the same n.

>>> largest_primes(62)[:2]
(2147483647, 2147483629)
>>> is_prime(2147483647), is_prime(2147483649)
(True, False)
"""

from __future__ import annotations

import functools

__all__ = ["is_prime", "largest_primes"]


#: Miller-Rabin witnesses: bases 2, 3, 5, 7 decide every m below 3,215,031,751 (> 2^31); the first
#: twelve primes decide every m below 3.3e24 (> 2^64) [1].
_SMALL_BASES = (2, 3, 5, 7)
_WORD_BASES = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37)


def is_prime(m: int) -> bool:
    """Deterministic Miller-Rabin for m below 2^64 (and far beyond).

    References
    ----------
    [1] Sorenson, J. and Webster, J. (2017). Strong pseudoprimes to twelve prime bases.
        Mathematics of Computation 86(304), 985-1003.
    """
    if m < 2:
        return False
    bases = _SMALL_BASES if m < 3_215_031_751 else _WORD_BASES
    for p in bases:
        if m % p == 0:
            return m == p
    d, r = m - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for a in bases:
        x = pow(a, d, m)
        if x in (1, m - 1):
            continue
        for _ in range(r - 1):
            x = x * x % m
            if x == m - 1:
                break
        else:
            return False
    return True


@functools.cache
def largest_primes(bits: int, below: int = 1 << 31) -> tuple[int, ...]:
    """The largest primes under ``below`` (at most 2^64) whose product exceeds 2^bits.

    >>> largest_primes(100, below=1 << 63)[0] == (1 << 63) - 25
    True
    """
    if below > 1 << 64:
        raise ValueError("primes must stay below 2^64, where Miller-Rabin above is deterministic")
    primes: list[int] = []
    product, m = 1, below - 1
    while product <= 1 << bits:
        if is_prime(m):
            primes.append(m)
            product *= m
        m -= 1
    return tuple(primes)
