"""The suite's strategies come from the testing kit (relance.testing)."""

from hypothesis import settings

from relance.testing._strategies import *  # noqa: F403
from relance.testing._strategies import (  # noqa: F401
    DAY,
    MINUTE,
    NEEDS,
    World,
    all_zones,
    from_us,
    instants_near,
    policies,
    to_us,
    worlds,
    zones,
)


def scaled(examples: int) -> int:
    """``examples`` in a normal run (a profile of 100), 30 times as many in the heavy profile."""
    return max(examples, examples * settings.default.max_examples // 100)
