"""How much time and memory an exact computation may take, and a progress bar for long ones.

Every engine estimates its run before it starts (:class:`Estimate`); :func:`pivotal.engines.
choose_engine` compares the estimate with a :class:`Budget` and either goes ahead or refuses
with the estimate and the ways out (Monte Carlo, the float path, a larger budget). The default
budget is about a minute and what fits in this machine's available memory.

>>> b = Budget(seconds=60, memory=8 * 2**30)
>>> b.admits(Estimate(seconds=1.5, memory=2**20))
True
>>> print(b.excess(Estimate(seconds=400, memory=2**20)))
about 6.7 minutes (budget 60 s)
"""

from __future__ import annotations

import logging
import os
import sys
import time
from dataclasses import dataclass

from pivotal.errors import PivotalError

__all__ = [
    "DEFAULT_SECONDS",
    "Budget",
    "Estimate",
    "Progress",
    "available_memory",
    "describe_bytes",
    "describe_seconds",
]

log = logging.getLogger("pivotal.engines")

#: Default time budget of one exact computation.
DEFAULT_SECONDS = 60.0
#: Runs estimated longer than this show a progress bar.
PROGRESS_AFTER_SECONDS = 2.0


def available_memory() -> int:
    """Bytes of memory available to a new allocation (Linux MemAvailable; 4 GiB if unknown)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 4 * 2**30


def describe_seconds(seconds: float) -> str:
    """Plain words for a duration: ``0.3 s``, ``45 s``, ``6.7 minutes``, ``2.1 hours``."""
    if seconds < 10:
        return f"{seconds:.1f} s"
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.1f} minutes"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} hours"
    return f"{seconds / 86400:.0f} days"


def describe_bytes(size: float) -> str:
    """Plain words for a memory size: ``512 KB``, ``1.4 GB``."""
    for unit, scale in (("TB", 2**40), ("GB", 2**30), ("MB", 2**20)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{max(size, 0) / 1024:.0f} KB"


@dataclass(frozen=True)
class Estimate:
    """An engine's forecast of one run: wall time on this machine's cores and peak memory."""

    seconds: float
    memory: int

    def __str__(self) -> str:
        return f"about {describe_seconds(self.seconds)} and {describe_bytes(self.memory)}"


@dataclass(frozen=True)
class Budget:
    """Limits for one exact computation: wall seconds and bytes of memory."""

    seconds: float = DEFAULT_SECONDS
    memory: int | None = None  # None: what this machine has available, read when checked

    @classmethod
    def of(cls, seconds: float | None) -> Budget:
        """The budget for ``seconds`` (validated), the default when None."""
        if seconds is None:
            return cls()
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not seconds > 0:
            raise PivotalError(
                "budget",
                "a positive number of seconds (e.g. 60, or 600 for ten minutes)",
                repr(seconds),
                "Give the time an exact computation may take, in seconds: --budget 600.",
            )
        return cls(seconds=float(seconds))

    @property
    def memory_limit(self) -> int:
        return self.memory if self.memory is not None else int(0.8 * available_memory())

    def admits(self, estimate: Estimate) -> bool:
        return estimate.seconds <= self.seconds and estimate.memory <= self.memory_limit

    def excess(self, estimate: Estimate) -> str:
        """What in ``estimate`` is over this budget, in words."""
        parts = []
        if estimate.seconds > self.seconds:
            parts.append(
                f"about {describe_seconds(estimate.seconds)} "
                f"(budget {describe_seconds(self.seconds)})"
            )
        if estimate.memory > self.memory_limit:
            parts.append(
                f"about {describe_bytes(estimate.memory)} of memory "
                f"(available {describe_bytes(self.memory_limit)})"
            )
        return " and ".join(parts)


class Progress:
    """A progress bar on standard error for runs estimated over two seconds; silent otherwise.

    Engines call :meth:`advance` with units of work done. The bar is drawn by ``rich`` (imported
    only when a bar is shown) when standard error is a terminal, and as a log line every 10%
    otherwise, so scripts and CI logs stay readable.
    """

    def __init__(self, total: float, estimate: Estimate, label: str) -> None:
        self.total = max(float(total), 1.0)
        self.done = 0.0
        self.label = label
        self.shown = estimate.seconds > PROGRESS_AFTER_SECONDS or bool(
            os.environ.get("PIVOTAL_PROGRESS")
        )
        self._bar = None
        self._task = None
        self._logged = 0  # tenths of the work already logged
        self._start = time.perf_counter()
        if self.shown and sys.stderr.isatty():
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(transient=True)
            self._bar.start()
            self._task = self._bar.add_task(label, total=self.total)
        elif self.shown:
            log.warning("%s: started, %s estimated", label, estimate)

    def advance(self, amount: float) -> None:
        self.done += amount
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done)
        elif self.shown and (tenths := int(10 * self.done / self.total + 1e-9)) > self._logged:
            elapsed = time.perf_counter() - self._start
            share = 100 * self.done / self.total
            log.warning("%s: %.0f%% done after %s", self.label, share, describe_seconds(elapsed))
            self._logged = tenths

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
