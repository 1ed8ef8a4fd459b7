"""Word-sized primes for exact counting modulo primes (rebuilt by the Chinese remainder theorem).

Counts of coalitions grow as 2^n; kept modulo a few primes below 2^31, every update fits in int64
and the exact count is the unique residue below the primes' product. The DP engine and the Owen
values both take their primes from here.

>>> largest_primes(62)[:2]
(2147483647, 2147483629)
>>> is_prime(2147483647), is_prime(2147483649)
(True, False)
"""

from __future__ import annotations

import functools

__all__ = ["is_prime", "largest_primes"]


def is_prime(m: int) -> bool:
    """Miller-Rabin with bases 2, 3, 5, 7: deterministic below 3,215,031,751 > 2^31."""
    if m < 2:
        return False
    for p in (2, 3, 5, 7):
        if m % p == 0:
            return m == p
    d, r = m - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for a in (2, 3, 5, 7):
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
    """The largest primes under ``below`` (at most 2^31) whose product exceeds 2^bits."""
    if below > 1 << 31:
        raise ValueError("primes must stay below 2^31, where Miller-Rabin above is deterministic")
    primes: list[int] = []
    product, m = 1, below - 1
    while product <= 1 << bits:
        if is_prime(m):
            primes.append(m)
            product *= m
        m -= 1
    return tuple(primes)
