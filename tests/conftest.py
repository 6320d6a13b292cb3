"""Hypothesis profiles for the suite.

``default`` for a local run; ``ci`` (chosen when ``CI`` is set) the same
examples, derandomized, so that a green run in a fresh clone stays green in
CI; ``heavy`` (``RELANCE_HYPOTHESIS=heavy``) for a long search before a
release.  ``RELANCE_HYPOTHESIS`` names the profile explicitly.
"""

from __future__ import annotations

import os

import pytest
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
settings.register_profile("ci", settings.get_profile("default"), derandomize=True)
settings.load_profile(
    os.environ.get("RELANCE_HYPOTHESIS", "ci" if os.environ.get("CI") else "default")
)


@pytest.fixture(autouse=True)
def _english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line speaks the language of LC_ALL/LC_MESSAGES/LANG: tests ask for theirs."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
