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
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Final
from zoneinfo import ZoneInfo

import pendulum

__all__ = [
    "DAY_US",
    "MARGIN",
    "MAX_DURATION",
    "MAX_INSTANT",
    "MIN_INSTANT",
    "MIN_US",
    "NEVER",
    "Elapsed",
    "Span",
    "first_instant_at_wall",
    "format_duration",
    "local",
    "micros",
    "show",
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
#: Sentinel instant meaning "since always": earlier than any real instant.
MIN_US: Final = -NEVER
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


def local(us: int, zone: tzinfo) -> datetime:
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

    def to_timedelta(self) -> timedelta:
        """The span as a duration that keeps its kind (days, or :class:`Elapsed`)."""
        if self.days:
            return timedelta(days=self.days)
        return Elapsed(microseconds=self.us)

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
    """The span of a duration: calendar days if whole days, else elapsed.

    An :class:`Elapsed` duration is elapsed time even in whole days.
    """
    if not isinstance(duration, Elapsed) and is_whole_days(duration):
        return Span(days=duration.days)
    return Span(us=micros(duration))


def is_whole_days(duration: timedelta) -> bool:
    """Whether a plain duration is a whole number of days (calendar days)."""
    return duration.seconds == 0 and duration.microseconds == 0


class Elapsed(timedelta):
    """Elapsed time, even when it is a whole number of days.

    A plain :class:`~datetime.timedelta` of whole days counts calendar days in
    the contact's zone (``timedelta(days=1)`` is "the same time tomorrow",
    23 or 25 hours across a DST change); any other counts elapsed time.
    ``Elapsed(hours=24)`` says "exactly 24 hours" where that matters.  In JSON
    it is written in hours, minutes and seconds (``PT24H``); ``P1D`` is a
    calendar day.

    Two durations are equal when they mean the same thing: ``Elapsed(hours=36)
    == timedelta(hours=36)``, but ``Elapsed(hours=24) != timedelta(days=1)``.

    Examples:
        >>> Elapsed(hours=48)
        Elapsed(hours=48)
        >>> Elapsed(hours=24) == timedelta(days=1), Elapsed(hours=36) == timedelta(hours=36)
        (False, True)
    """

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, timedelta):
            return NotImplemented
        if not isinstance(other, Elapsed) and is_whole_days(other) and other:
            return False
        return timedelta.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = timedelta.__hash__

    def __repr__(self) -> str:
        seconds, micro = divmod(micros(self), 1_000_000)
        hours, rest = divmod(seconds, 3600)
        minutes, secs = divmod(rest, 60)
        parts = [
            f"{name}={amount}"
            for name, amount in (
                ("hours", hours), ("minutes", minutes), ("seconds", secs), ("microseconds", micro)
            )
            if amount
        ]
        return f"Elapsed({', '.join(parts)})"

    def __reduce__(self) -> tuple[type[Elapsed], tuple[int, int, int]]:
        return (Elapsed, (self.days, self.seconds, self.microseconds))


#: The supported range of instants: [MIN_INSTANT, MAX_INSTANT).
MIN_INSTANT: Final = datetime(1900, 1, 1, tzinfo=timezone.utc)
MAX_INSTANT: Final = datetime(2200, 1, 1, tzinfo=timezone.utc)
#: The longest supported duration (policy figures, horizons): 100 years.
MAX_DURATION: Final = timedelta(days=36_525)


def in_range(value: datetime) -> bool:
    """Whether an aware instant is within the supported range."""
    return MIN_INSTANT <= value < MAX_INSTANT


def format_duration(value: timedelta) -> str:
    """An ISO 8601 duration that says what it means, every microsecond kept.

    Whole days of a plain ``timedelta`` are calendar days (``P7D``); anything
    else, and any :class:`Elapsed`, is elapsed time in hours, minutes and
    seconds (``PT36H``, ``PT0.000001S``).

    Examples:
        >>> format_duration(timedelta(days=7)), format_duration(timedelta(hours=36))
        ('P7D', 'PT36H')
        >>> format_duration(Elapsed(days=2)), format_duration(timedelta(seconds=12.345678))
        ('PT48H', 'PT12.345678S')
        >>> format_duration(timedelta(0))
        'PT0S'
    """
    if not value:
        return "PT0S"
    if not isinstance(value, Elapsed) and is_whole_days(value):
        return f"P{value.days}D"
    seconds, micro = divmod(micros(value), 1_000_000)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    clock = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if secs or micro:
        clock += f"{secs}.{micro:06d}".rstrip("0").rstrip(".") + "S"
    return f"PT{clock or '0S'}"


def show(value: object) -> str:
    """A value as messages quote it: ISO 8601 for instants and durations, else repr.

    Messages read by people who write JSON or TOML must not show Python reprs
    such as ``datetime.timedelta(days=5)``.

    Examples:
        >>> show(timedelta(days=5)), show("x"), show(3)
        ("'P5D'", "'x'", '3')
    """
    if isinstance(value, timedelta) and value >= timedelta(0):
        return repr(format_duration(value))
    if isinstance(value, datetime) and value.utcoffset() is not None:
        return repr(value.isoformat())
    if isinstance(value, time):
        return repr(value.isoformat())
    return repr(value)
