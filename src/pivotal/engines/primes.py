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
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

__all__ = ["ChineseRemainder", "crt_basis", "is_prime", "largest_primes"]


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


def crt_basis(primes: Iterable[int]) -> tuple[int, tuple[int, ...]]:
    """The product M of distinct ``primes`` and the Chinese-remainder basis e_i: e_i ≡ 1 (mod p_i)
    and e_i ≡ 0 (mod p_j) for j ≠ i, so the x in [0, M) with residues r_i is Σ r_i e_i mod M.

    >>> crt_basis([3, 5])
    (15, (10, 6))
    """
    ps = [int(p) for p in primes]
    modulus = math.prod(ps)
    return modulus, tuple((modulus // p) * pow(modulus // p, -1, p) % modulus for p in ps)


class ChineseRemainder:
    """Rebuild integers below the primes' product from their residues (vectorized over values).

    >>> import numpy as np
    >>> ChineseRemainder([3, 5])(np.array([[2, 0], [3, 4]], dtype=np.uint64))
    [8, 9]
    """

    def __init__(self, primes: Iterable[int]) -> None:
        self.modulus, self.basis = crt_basis(primes)

    def __call__(self, residues: np.ndarray) -> list[int]:
        """``residues`` has the primes on its first axis; returns the values, flattened."""
        flat = residues.reshape(residues.shape[0], -1)
        acc = [0] * flat.shape[1]
        for e, row in zip(self.basis, flat, strict=True):
            acc = [a + e * r for a, r in zip(acc, row.tolist(), strict=True)]
        m = self.modulus
        return [a % m for a in acc]
