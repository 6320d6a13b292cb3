"""Hypothesis profiles for the suite.

``default`` for a local run and CI; ``heavy`` (``RELANCE_HYPOTHESIS=heavy``)
for a long search before a release.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# No deadline: tests never depend on wall-clock time, and CI machines vary.
settings.register_profile(
    "default",
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "heavy",
    max_examples=3000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("RELANCE_HYPOTHESIS", "default"))
