"""Shared test configuration.

Hypothesis runs without per-example deadlines (exact enumeration of 2^10 coalitions and of 7!
orderings takes milliseconds, and CI machines vary); the number of examples is set per test.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

settings.register_profile(
    "pivotal",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("pivotal")
