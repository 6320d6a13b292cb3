"""Instants as integers, and the two kinds of durations.

Internally every instant is an ``int`` of microseconds since the Unix epoch
(UTC): comparing and subtracting them is exact and cheap.  Local rules are
applied with the standard library's ``zoneinfo`` (implemented in C), which is
an order of magnitude faster than going through pendulum in the hot path;
pendulum ``DateTime`` objects are built only at the edges (inputs, outputs).

Durations come in two kinds:

* **day-based** (a whole number of days, e.g. ``timedelta(days=7)``): calendar
  days in the contact's own zone.  Seven days after Monday 10:00 is the next
  Monday 10:00 local time, whether a DST change happened in between (so the
  elapsed time may be 167 or 169 hours).
* **elapsed** (anything else, e.g. ``timedelta(hours=36)``): exact elapsed
  time, regardless of the zone.

When calendar arithmetic lands on a local time that does not exist (a DST
gap), the instant moves forward by the length of the gap (02:30 becomes 03:30
on a spring-forward night).  When it lands on a repeated local time (a fold),
the later occurrence is taken.  Both are what pendulum's ``add(days=...)``
does, so ``anchor.in_tz(zone).add(days=n)`` gives the same instant.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta, timezone
from typing import Final
from zoneinfo import ZoneInfo

import pendulum

__all__ = [
    "DAY_US",
    "MARGIN",
    "NEVER",
    "Span",
    "first_instant_at_wall",
    "local",
    "micros",
    "span_of",
    "to_datetime",
    "to_us",
]

EPOCH: Final = datetime(1970, 1, 1, tzinfo=timezone.utc)
US: Final = timedelta(microseconds=1)
DAY_US: Final = 86_400_000_000
EPOCH_ORDINAL: Final = date(1970, 1, 1).toordinal()
#: Sentinel instant meaning "never": later than any real instant.
NEVER: Final = 1 << 62
# Largest difference between N calendar days and N x 24 hours.  Real zones
# shift by at most a day (Pacific/Apia skipped 30 December 2011); two days is
# a safe bound for the fast pre-checks below, which fall back to the exact
# computation whenever an instant is within the margin.
MARGIN: Final = 2 * DAY_US

_sub = datetime.__sub__

# Calendar-day additions are pure functions of (anchor, days, zone) and a CRM
# asks about the same last touch again and again: they are memoised.
_AFTER: dict[tuple[int, int, ZoneInfo], int] = {}
_AFTER_SIZE: Final = 1 << 16


def to_us(value: datetime) -> int:
    """Microseconds since the epoch of an aware datetime (exact)."""
    return _sub(value, EPOCH) // US


def local(us: int, zone: ZoneInfo) -> datetime:
    """The stdlib aware datetime in ``zone`` of an instant."""
    return (EPOCH + timedelta(microseconds=us)).astimezone(zone)


def to_datetime(us: int, zone: ZoneInfo, given: datetime | None = None) -> pendulum.DateTime:
    """The pendulum ``DateTime`` of an instant, expressed in ``zone``.

    ``given``, a pendulum ``DateTime`` known to be that instant, is returned
    as it is when it is already expressed in ``zone`` (no conversion).
    """
    if isinstance(given, pendulum.DateTime) and getattr(given.tzinfo, "key", None) == zone.key:
        return given
    loc = local(us, zone)
    return pendulum.DateTime(
        loc.year,
        loc.month,
        loc.day,
        loc.hour,
        loc.minute,
        loc.second,
        loc.microsecond,
        tzinfo=_pendulum_zone(zone.key),
        fold=loc.fold,
    )


@functools.cache
def _pendulum_zone(name: str) -> pendulum.Timezone:
    # pendulum.timezone() reads the zone's file on every call.
    return pendulum.timezone(name)


def first_instant_at_wall(day: date, at: time, zone: ZoneInfo) -> int:
    """The first instant whose local wall time on ``day`` is at or after ``at``.

    For an existing local time this is that instant (its first occurrence in a
    fold).  For a local time inside a DST gap it is the transition itself, the
    first instant that exists after the skipped times: a working day that
    "starts at 00:00" starts at 01:00 on a night when 00:00 is skipped.
    """
    wall = datetime.combine(day, at)
    us = to_us(wall.replace(tzinfo=zone, fold=0))
    if local(us, zone).replace(tzinfo=None) == wall:
        return us
    # Inside a gap: fold=1 maps before the transition, fold=0 after it.
    lo = to_us(wall.replace(tzinfo=zone, fold=1))
    hi = us
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if local(mid, zone).replace(tzinfo=None) >= wall:
            hi = mid
        else:
            lo = mid
    return hi


class Span:
    """A duration, either a whole number of calendar days or elapsed time."""

    __slots__ = ("days", "us")

    def __init__(self, *, days: int = 0, us: int = 0) -> None:
        self.days = days
        self.us = us

    def after(self, anchor: int, zone: ZoneInfo) -> int:
        """The instant this span after ``anchor``, calendar days in ``zone``."""
        if not self.days:
            return anchor + self.us
        key = (anchor, self.days, zone)
        try:
            return _AFTER[key]
        except KeyError:
            pass
        wall = local(anchor, zone).replace(fold=0) + timedelta(days=self.days)
        # fold=0 and fold=1 agree on an ordinary time; in a fold the later is
        # the second occurrence, in a gap the later is shifted forward.  Both
        # are what pendulum's ``add(days=...)`` does.
        found = max(to_us(wall), to_us(wall.replace(fold=1)))
        if len(_AFTER) >= _AFTER_SIZE:
            _AFTER.clear()
        _AFTER[key] = found
        return found

    def reached(self, at: int, anchor: int, zone: ZoneInfo) -> bool:
        """Whether ``at`` is at or past ``anchor`` plus this span (fast path)."""
        if not self.days:
            return at >= anchor + self.us
        approx = anchor + self.days * DAY_US
        if at >= approx + MARGIN:
            return True
        if at < approx - MARGIN:
            return False
        return at >= self.after(anchor, zone)

    @property
    def approx_us(self) -> int:
        """The span in microseconds, counting a calendar day as 24 hours."""
        return self.days * DAY_US + self.us

    def describe(self) -> str:
        """A short human text, e.g. ``14 days`` or ``36 h``."""
        if self.days:
            return f"{self.days} day" if self.days == 1 else f"{self.days} days"
        return describe_elapsed(self.us)

    def __repr__(self) -> str:
        return f"Span(days={self.days}, us={self.us})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Span):
            return NotImplemented
        return (self.days, self.us) == (other.days, other.us)

    def __hash__(self) -> int:
        return hash((self.days, self.us))


def describe_elapsed(us: int) -> str:
    """A short human text of an elapsed time, e.g. ``36 h`` or ``90 min``."""
    seconds, micro = divmod(us, 1_000_000)
    if micro:
        return f"{us / 1_000_000:g} s"
    if seconds % 3600 == 0:
        return f"{seconds // 3600} h"
    if seconds % 60 == 0:
        return f"{seconds // 60} min"
    return f"{seconds} s"


def micros(duration: timedelta) -> int:
    """A duration in microseconds, exactly (pendulum's Duration included)."""
    return (duration.days * 86_400 + duration.seconds) * 1_000_000 + duration.microseconds


def span_of(duration: timedelta) -> Span:
    """The span of a duration: calendar days if whole days, else elapsed."""
    if duration.seconds == 0 and duration.microseconds == 0:
        return Span(days=duration.days)
    return Span(us=micros(duration))
