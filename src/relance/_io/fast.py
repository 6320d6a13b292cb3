"""The fast ingestion path: the common shapes of input built without the general machinery.

A portfolio is mostly touches, and most touches look alike: an instant, a
contact, a channel, a direction, an outcome, maybe an idea.  Structuring
each through cattrs and the model's converters and validators costs some
60 µs; this path checks such a touch's fields itself, exactly as the
constructor would, and builds it directly.

It only ever *accepts*: whatever it is not sure of (another shape, a text,
a return date, a value it would have to convert or refuse) goes to the
strict path, which then accepts it or raises its usual error.  So the fast
path refuses exactly what the strict one refuses, with the same error; the
tests compare the two on generated and broken documents.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import pendulum

from .._core.errors import RelanceError
from .._core.models import INBOUND_OUTCOMES, Channel, Direction, Outcome, Touch, plain_touch
from .._core.validation import encodable, require_instant

__all__ = ["fast_touch"]

_KEYS: Final = frozenset(
    {"at", "contact_id", "channel", "direction", "outcome", "idea_id", "checkpoint_id", "text",
     "returns_at"}
)
_REQUIRED: Final = frozenset({"at", "contact_id", "channel", "direction", "outcome"})
_CHANNELS: Final = {member.value: member for member in Channel}
_DIRECTIONS: Final = {member.value: member for member in Direction}
_OUTCOMES: Final = {member.value: member for member in Outcome}


def _id(value: object) -> bool:
    """What ``check_id`` accepts, for a plain ``str`` (a subclass goes the strict way)."""
    return type(value) is str and bool(value.strip()) and (value.isascii() or encodable(value))


def fast_touch(
    strict: Callable[[Any, Any], Touch], instant: Callable[[object], pendulum.DateTime]
) -> Callable[[Any, Any], Touch]:
    """A structure hook for :class:`Touch`: the plain touch directly, anything else by ``strict``.

    ``instant`` parses an instant as the strict path's hook does.
    """

    def structure(value: Any, type_: Any) -> Touch:
        if type(value) is not dict or not _REQUIRED <= value.keys() <= _KEYS:
            return strict(value, type_)
        if value.get("text") is not None or value.get("returns_at") is not None:
            return strict(value, type_)
        channel = _CHANNELS.get(value["channel"]) if type(value["channel"]) is str else None
        direction = _DIRECTIONS.get(value["direction"]) if type(value["direction"]) is str else None
        outcome = _OUTCOMES.get(value["outcome"]) if type(value["outcome"]) is str else None
        contact_id = value["contact_id"]
        idea_id = value.get("idea_id")
        checkpoint_id = value.get("checkpoint_id")
        if (
            channel is None
            or direction is None
            or outcome is None
            or (direction is Direction.INBOUND and outcome not in INBOUND_OUTCOMES)
            or not _id(contact_id)
            or (idea_id is not None and not _id(idea_id))
            or (checkpoint_id is not None and not _id(checkpoint_id))
        ):
            return strict(value, type_)
        try:
            at = instant(value["at"])
            require_instant(at, "Touch.at")
        except RelanceError:
            return strict(value, type_)
        return plain_touch(at, contact_id, channel, direction, outcome, idea_id, checkpoint_id)

    return structure
