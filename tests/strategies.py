"""The suite's strategies come from the testing kit (relance.testing)."""

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
