"""The pytest plugin (entry point ``pytest11``): fixtures, and a hypothesis profile.

pytest loads this module in every environment where relance is installed,
including those without hypothesis (an optional extra, ``testing``).  So it
lives outside ``relance.testing`` (whose package imports hypothesis) and
imports nothing optional at module level: loading it must never break
anyone's pytest.  Hypothesis keeps its own plugin apart from the package for
the same reason (``_hypothesis_pytestplugin``).

Fixtures (no hypothesis needed): ``relance_now`` (a fixed Monday morning in
Paris), ``relance_account`` (the media group of the docs), ``relance_ideas``,
``relance_policy`` (the default policy).

Where hypothesis imports, the ``relance`` hypothesis profile is registered:
no deadline, derandomized.  Load it with ``settings.load_profile("relance")``
or ``pytest --hypothesis-profile=relance``.
"""

from __future__ import annotations

import pendulum
import pytest

from ._core.models import Account, Checkpoint, Contact, Idea
from ._core.policy import Policy

__all__ = ["relance_account", "relance_ideas", "relance_now", "relance_policy"]


def _register_profile() -> bool:
    """Register the ``relance`` profile if hypothesis imports; say whether it did."""
    try:
        from hypothesis import HealthCheck, settings
    except ImportError:
        return False
    settings.register_profile(
        "relance",
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    return True


# At import time, not in a hook: a conftest.py may load the profile as soon as
# pytest imports it, which is before any ``pytest_configure`` hook runs.
HAS_PROFILE = _register_profile()


@pytest.fixture
def relance_now() -> pendulum.DateTime:
    """Monday 23 November 2026, 08:00 in Paris: a fixed ``now``."""
    return pendulum.datetime(2026, 11, 23, 8, tz="Europe/Paris")


@pytest.fixture
def relance_account() -> Account:
    """A media group: a decision maker, a training manager, a budget committee date."""
    paris = "Europe/Paris"
    return Account(
        id="acme-media",
        name="Acme Media Group",
        needs={"onboarding", "budget"},
        contacts=[
            Contact(
                id="claire",
                name="Claire Dubois",
                role="decision_maker",
                timezone=paris,
                country="FR",
            ),
            Contact(
                id="marc",
                name="Marc Lefèvre",
                role="champion",
                timezone=paris,
                country="FR",
                channels={"email", "phone"},
            ),
        ],
        checkpoints=[
            Checkpoint(
                id="budget-committee",
                contact_id="claire",
                at=pendulum.datetime(2027, 1, 15, 14, tz=paris),
                hold=True,
            ),
        ],
    )


@pytest.fixture
def relance_ideas() -> tuple[Idea, ...]:
    """A small backlog, with a lighter first step."""
    return (
        Idea(
            id="pilot",
            summary="A two-week pilot",
            addresses={"onboarding"},
            priority=2,
            first_step=True,
        ),
        Idea(id="case", summary="A case study", addresses={"onboarding"}),
        Idea(id="phasing", summary="Phase the budget", addresses={"budget"}, role="decision_maker"),
    )


@pytest.fixture
def relance_policy() -> Policy:
    """The default policy."""
    return Policy()
