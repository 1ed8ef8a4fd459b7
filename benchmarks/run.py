"""``make bench``: pivotal against the field (``benchmarks/power.py``), then the outcomes stage
(``benchmarks/outcomes.py``, which ``make bench`` runs next and which times with :func:`best_time`).

Run with ``make bench`` (installs the pinned comparison packages of
``benchmarks/requirements.lock`` first), or ``python benchmarks/run.py [options of power.py]``,
e.g. ``--games ec,r200 --limit 60 --no-write``. The power tables are written into
``docs/performance.md`` between its markers, so the document shows the last run.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

import power  # benchmarks/power.py (the script's own folder is on sys.path)


def best_time(fn: Callable[[], Any], budget: float = 2.0) -> float:
    """Best wall time of ``fn`` over at least three runs, more while ``budget`` seconds last
    (at most twenty); a single run longer than ``budget`` ends the series."""
    times = []
    start = time.perf_counter()
    while len(times) < 3 or (time.perf_counter() - start < budget and len(times) < 20):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        if times[-1] > budget:
            break
    return min(times)


if __name__ == "__main__":
    power.main(sys.argv[1:])
