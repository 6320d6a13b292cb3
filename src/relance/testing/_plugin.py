"""The pytest plugin (entry point ``pytest11``): fixtures and a hypothesis profile.

Fixtures: ``relance_now`` (a fixed Monday morning in Paris), ``relance_account``
(the media group of the docs), ``relance_ideas``, ``relance_policy`` (the
default policy).  Load the ``relance`` hypothesis profile with
``settings.load_profile("relance")``: no deadline, derandomized.
"""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import HealthCheck, settings

from .._core.models import Account, Checkpoint, Contact, Idea
from .._core.policy import Policy

settings.register_profile(
    "relance",
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


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
