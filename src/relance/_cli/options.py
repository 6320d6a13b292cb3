"""Option values the command line reads itself: instants (``--now``, ``--at``), ``--horizon``.

Every bad value is an :class:`~relance.InvalidValueError` whose field is the
option and whose message names it and quotes the value as it was typed.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pendulum

from .._core.errors import InvalidValueError, RelanceError
from .._io.serialization import parse_duration, parse_instant

__all__ = ["MAX_DURATION", "MAX_INSTANT", "MIN_INSTANT", "clock_or", "parse_horizon",
           "parse_option_instant"]

# The supported range of docs/errors.md: instants in [MIN_INSTANT, MAX_INSTANT),
# durations up to 100 years.  Checked here so that an option is named in the error.
MIN_INSTANT = datetime(1900, 1, 1, tzinfo=timezone.utc)
MAX_INSTANT = datetime(2200, 1, 1, tzinfo=timezone.utc)
MAX_DURATION = timedelta(days=36_525)

_SHORT = re.compile(r"^(\d+)([wdh])$", re.ASCII)  # ASCII digits only: not full-width ones
_UNITS = {"w": "weeks", "d": "days", "h": "hours"}
_HINT = "expected 12w, 30d, 36h or an ISO 8601 duration such as P12W or PT36H, up to 100 years"
_RANGE = f"out of range: the longest horizon is {MAX_DURATION.days} days (100 years)"


def _bad(option: str, text: str, why: str) -> InvalidValueError:
    shown = text if len(text) <= 60 else text[:60] + "…"
    return InvalidValueError(f"{option}: {why} (got {shown!r})", field=option, value=text)


def _reason(exc: RelanceError) -> str:
    """The message of an error without the field it starts with (the option replaces it)."""
    text = str(exc)
    prefix = f"{exc.field}: "
    return text[len(prefix):] if exc.field and text.startswith(prefix) else text


def parse_horizon(text: str, option: str = "--horizon") -> timedelta:
    """``12w``, ``30d``, ``36h`` or an ISO 8601 duration, from zero (excluded) to 100 years.

    Examples:
        >>> parse_horizon("12w") == timedelta(weeks=12), parse_horizon("PT36H").total_seconds()
        (True, 129600.0)
        >>> parse_horizon("99999999w")
        Traceback (most recent call last):
        ...
        relance._core.errors.InvalidValueError: --horizon: out of range: the longest \
horizon is 36525 days (100 years) (got '99999999w')

    Raises:
        InvalidValueError: not one of those shapes, zero, or beyond 100 years
            (field ``--horizon``), never an ``OverflowError``.
    """
    value = text.strip()
    match = _SHORT.match(value)
    if match is None:
        try:
            horizon = parse_duration(value)
        except (RelanceError, OverflowError, ValueError):
            raise _bad(option, text, _HINT) from None
    elif len(match.group(1)) > 9:  # more weeks than any calendar holds
        raise _bad(option, text, _RANGE)
    else:
        horizon = timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    if horizon <= timedelta(0):
        raise _bad(option, text, "a horizon must be longer than zero")
    if horizon > MAX_DURATION:
        raise _bad(option, text, _RANGE)
    return horizon


def parse_option_instant(text: str, option: str) -> pendulum.DateTime:
    """An aware instant typed as an option (``--now``, ``--at``), within the supported range.

    Examples:
        >>> parse_option_instant("2026-11-23T08:00+01:00", "--now").isoformat()
        '2026-11-23T08:00:00+01:00'
        >>> parse_option_instant("2026-11-23T08:00", "--at")
        Traceback (most recent call last):
        ...
        relance._core.errors.InvalidValueError: --at: naive datetime '2026-11-23T08:00'; \
give its offset, e.g. '2026-11-02T10:00+01:00'

    Raises:
        InvalidValueError: not ISO 8601, without an offset, with an unknown
            zone, or outside 1900–2200 (field: the option).
    """
    try:
        instant = parse_instant(text.strip())
    except RelanceError as exc:
        raise InvalidValueError(f"{option}: {_reason(exc)}", field=option, value=text) from None
    except (OverflowError, ValueError):  # a year the platform cannot hold
        raise _bad(option, text, "not an ISO 8601 instant") from None
    if not MIN_INSTANT <= instant < MAX_INSTANT:
        raise _bad(option, text, "out of the supported range, 1900-01-01T00:00:00Z to "
                                 "before 2200-01-01T00:00:00Z")
    return instant


def clock_or(text: str | None, option: str) -> pendulum.DateTime:
    """The instant given as an option, or the current one (the only read of the clock)."""
    if text is None:
        return pendulum.now("UTC")
    return parse_option_instant(text, option)
