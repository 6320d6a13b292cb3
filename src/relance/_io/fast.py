"""The fast ingestion path: the common shapes of input built without the general machinery.

A portfolio is mostly touches and ideas, and most look alike: an instant, a
contact, a channel, a direction, an outcome, maybe an idea; an id, a summary,
the needs addressed, a priority.  Structuring each through cattrs and the
model's converters and validators costs some 60 µs; this path checks such a
touch's or idea's fields itself, exactly as the constructor would, and builds
it directly.

It only ever *accepts*: whatever it is not sure of (another shape, a text,
a return date, a value it would have to convert or refuse) goes to the
strict path, which then accepts it or raises its usual error.  So the fast
path refuses exactly what the strict one refuses, with the same error; the
tests compare the two on generated and broken documents.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, TypeGuard, TypeVar

import pendulum

from .._core.errors import RelanceError
from .._core.instants import to_us
from .._core.models import (
    INBOUND_OUTCOMES,
    Channel,
    Direction,
    Idea,
    Outcome,
    Role,
    Touch,
    plain_idea,
    plain_touch,
)
from .._core.validation import MAX_INT, encodable, require_instant

__all__ = ["fast_idea", "fast_touch"]

_KEYS: Final = frozenset(
    {"at", "contact_id", "channel", "direction", "outcome", "idea_id", "checkpoint_id", "text",
     "returns_at"}
)
_REQUIRED: Final = frozenset({"at", "contact_id", "channel", "direction", "outcome"})
_CHANNELS: Final = {member.value: member for member in Channel}
_DIRECTIONS: Final = {member.value: member for member in Direction}
_OUTCOMES: Final = {member.value: member for member in Outcome}


Instant = Callable[[object], pendulum.DateTime]
T = TypeVar("T")


def _text(value: object) -> TypeGuard[str]:
    """What ``check_str`` accepts, for a plain ``str`` (a subclass goes the strict way)."""
    return type(value) is str and (value.isascii() or encodable(value))


def _id(value: object) -> bool:
    """What ``check_id`` accepts, for a plain ``str``."""
    return _text(value) and bool(value.strip())


def _shaped(value: object, required: frozenset[str], keys: frozenset[str]) -> bool:
    """A plain dict with every required key, no other than ``keys``, each a plain ``str``.

    (A key equal to a field's name but of another type, a ``UserString``, is
    the strict path's to refuse.)
    """
    return (type(value) is dict and required <= value.keys() <= keys
            and all(type(key) is str for key in value))


def _parsed(instant: Instant, given: object, name: str) -> pendulum.DateTime | None:
    """The instant as the strict path reads it, or ``None`` when that path would refuse it."""
    try:
        at = instant(given)
        require_instant(at, name)
    except RelanceError:
        return None
    return at


def _hook(
    build: Callable[[dict[str, Any], Instant], T | None],
    required: frozenset[str],
    keys: frozenset[str],
) -> Callable[[Callable[[Any, Any], T], Instant], Callable[[Any, Any], T]]:
    """A factory of structure hooks: ``build`` the plain shape directly, anything else strictly.

    ``build`` returns ``None`` for whatever it is not sure of; the hook then
    asks ``strict``, which accepts it or raises its usual error.  ``instant``
    parses an instant as the strict path's hook does.
    """

    def factory(strict: Callable[[Any, Any], T], instant: Instant) -> Callable[[Any, Any], T]:
        def structure(value: Any, type_: Any) -> T:
            if _shaped(value, required, keys):
                built = build(value, instant)
                if built is not None:
                    return built
            return strict(value, type_)

        return structure

    return factory


def _touch(value: dict[str, Any], instant: Instant) -> Touch | None:
    """The plain touch of ``value``: no text, no return date (``None``: the strict path's)."""
    if value.get("text") is not None or value.get("returns_at") is not None:
        return None
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
        return None
    at = _parsed(instant, value["at"], "Touch.at")
    if at is None:
        return None
    return plain_touch(at, contact_id, channel, direction, outcome, idea_id, checkpoint_id)


#: A structure hook for :class:`Touch`: the plain touch directly, anything else strictly.
fast_touch = _hook(_touch, _REQUIRED, _KEYS)


_IDEA_KEYS: Final = frozenset(
    {"id", "summary", "addresses", "available_from", "expires_at", "priority", "contact_id",
     "role", "first_step", "repair", "proof", "differentiates"}
)
_IDEA_REQUIRED: Final = frozenset({"id", "summary", "addresses"})
_FLAGS: Final = ("first_step", "repair", "proof", "differentiates")
_ROLES: Final = {member.value: member for member in Role}


def _needs(value: object) -> bool:
    """A JSON array of distinct non-blank strings: what a set of needs reads as it is."""
    return (
        type(value) is list
        and all(_id(item) for item in value)
        and len(set(value)) == len(value)
    )


def _idea(value: dict[str, Any], instant: Instant) -> Idea | None:
    """The idea of plain fields in ``value`` (``None``: the strict path's)."""
    get = value.get
    priority = get("priority", 0)
    contact_id = get("contact_id")
    role_name = get("role")
    role = None if role_name is None else (
        _ROLES.get(role_name) if type(role_name) is str else None)
    if (
        not _id(value["id"])
        or not _text(value["summary"])
        or not _needs(value["addresses"])
        or type(priority) is not int
        or abs(priority) > MAX_INT
        or (contact_id is not None and not _id(contact_id))
        or (role_name is not None and role is None)
        or any(type(get(flag, False)) is not bool for flag in _FLAGS)
    ):
        return None
    moments: list[pendulum.DateTime | None] = []
    for key in ("available_from", "expires_at"):
        given = get(key)
        at = None if given is None else _parsed(instant, given, f"Idea.{key}")
        if given is not None and at is None:
            return None
        moments.append(at)
    start, until = moments
    if start is not None and until is not None and to_us(until) <= to_us(start):
        return None
    return plain_idea(
        id=value["id"], summary=value["summary"], addresses=frozenset(value["addresses"]),
        available_from=start, expires_at=until, priority=priority, contact_id=contact_id,
        role=role, first_step=get("first_step", False), repair=get("repair", False),
        proof=get("proof", False), differentiates=get("differentiates", False),
    )


#: A structure hook for :class:`Idea`: plain fields directly, anything else strictly.
fast_idea = _hook(_idea, _IDEA_REQUIRED, _IDEA_KEYS)
