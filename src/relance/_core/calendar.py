"""Working time in a contact's own zone and country.

A contact works on the dates that are neither a weekend day of their country
(as the ``holidays`` package defines it: Friday and Saturday in Israel,
Saturday and Sunday in France) nor a public holiday of their country and
subdivision; a weekend day the country declares a working day (a bridge day
made up on a Saturday, as in China) is a working day.  On a working date the
contact is reachable in each interval of its weekday (the same one every day
for ``WorkingHours``, the weekday's own for a ``Schedule``): from the first
instant at or after its start, local time, until the first instant at or
after its end (see :func:`relance._core.instants.first_instant_at_wall` for
DST nights).  A channel with its own schedule in the policy narrows this to
the local times both hold.

Each calendar caches its windows per local date, as integers, so that asking
whether an instant is working time costs two integer comparisons once the day
has been seen; no local conversion is needed in that path.
"""

from __future__ import annotations

import functools
from datetime import date, time
from typing import Final, TypeAlias
from zoneinfo import ZoneInfo

from .instants import DAY_US, EPOCH_ORDINAL, NEVER, first_instant_at_wall, local
from .models import Contact, country_holidays
from .schedule import Schedule, Week, WorkingHours, intersect, week_of

__all__ = ["Windows", "WorkCalendar", "calendar_of", "effective"]

#: How far ahead the next opening is searched before giving up ("never").
SEARCH_DAYS: Final = 400

#: The working windows of one local date, ``(open, close)`` instants in order.
Windows: TypeAlias = tuple[tuple[int, int], ...]


class WorkCalendar:
    """The working windows of one (zone, country, subdivision, week of hours).

    ``week`` holds each weekday's intervals of local time, Monday first; a
    date's windows are the intervals of its weekday when the date is worked.
    ``daily`` is the ``WorkingHours`` the week repeats, when it came from one.
    """

    __slots__ = ("_holidays", "_hours", "_windows", "daily", "week", "zone")

    def __init__(
        self, zone: ZoneInfo, country: str, subdivision: str | None, week: Week,
        daily: WorkingHours | None = None,
    ) -> None:
        self.zone = zone
        self.week = week
        self.daily = daily
        self._holidays = country_holidays(country, subdivision)
        self._windows: dict[int, Windows] = {}
        self._hours: dict[int, Windows] = {}

    @property
    def start(self) -> time | None:
        """The opening of the daily hours, for a calendar of ``WorkingHours``."""
        return None if self.daily is None else self.daily.start

    @property
    def end(self) -> time | None:
        """The closing of the daily hours, for a calendar of ``WorkingHours``."""
        return None if self.daily is None else self.daily.end

    def is_working_date(self, day: date) -> bool:
        """Whether ``day`` is a working date (not a weekend day or holiday).

        The ``holidays`` package decides, date by date: weekends changed over
        time (the UAE rested Friday-Saturday until 2022) and differ between
        subdivisions (Kelantan and Terengganu rest Friday-Saturday).
        """
        if day in self._holidays:  # also expands the year, filling weekend_workdays
            return False
        return bool(self._holidays.is_working_day(day))

    def window(self, ordinal: int) -> Windows:
        """The ``(open, close)`` instants of the local date ``ordinal`` (none if not worked)."""
        try:
            return self._windows[ordinal]
        except KeyError:
            pass
        day = date.fromordinal(ordinal)
        found = self.hours(ordinal) if self.is_working_date(day) else ()
        self._windows[ordinal] = found
        return found

    def next_open(self, at: int) -> int:
        """``at`` if it is working time, else the next opening (NEVER if none)."""
        # The local date of ``at`` is the UTC date or its neighbour (offsets
        # stay within a day), and windows of later dates are later, so the
        # first window still open at ``at`` is the answer.
        first = EPOCH_ORDINAL + at // DAY_US - 1
        windows = self._windows
        for ordinal in range(first, first + SEARCH_DAYS):
            found = windows[ordinal] if ordinal in windows else self.window(ordinal)
            for opens, closes in found:
                if at < closes:
                    return at if at >= opens else opens
        return NEVER

    def hours(self, ordinal: int) -> Windows:
        """The ``(open, close)`` instants of the hours on the local date ``ordinal``, worked or not.

        An interval whose start and end fall at one instant (inside an hour
        a DST change skips) is no window.
        """
        try:
            return self._hours[ordinal]
        except KeyError:
            pass
        day = date.fromordinal(ordinal)
        found = []
        for start, end in self.week[day.weekday()]:
            opens = first_instant_at_wall(day, start, self.zone)
            closes = first_instant_at_wall(day, end, self.zone)
            if opens < closes:
                found.append((opens, closes))
        self._hours[ordinal] = tuple(found)
        return self._hours[ordinal]

    def next_in_hours(self, at: int) -> int:
        """``at`` if its local time is within the hours (any date), else when it next is."""
        first = EPOCH_ORDINAL + at // DAY_US - 1
        for ordinal in range(first, first + 10):
            for opens, closes in self.hours(ordinal):
                if at < closes:
                    return at if at >= opens else opens
        return NEVER  # a week without any interval (channel and contact hours disjoint)

    def next_working_date_start(self, at: int) -> int:
        """``at`` if its local date is a working date, else the first instant of the next one."""
        day = self.local_date(at)
        if self.is_working_date(day):
            return at
        ordinal = day.toordinal()
        for later in range(ordinal + 1, ordinal + SEARCH_DAYS):
            following = date.fromordinal(later)
            if self.is_working_date(following):
                return first_instant_at_wall(following, time(0), self.zone)
        return NEVER

    def local_date(self, at: int) -> date:
        """The local date of an instant."""
        return local(at, self.zone).date()


@functools.lru_cache(maxsize=4096)
def _calendar(
    zone: str, country: str, subdivision: str | None, week: Week, daily: WorkingHours | None
) -> WorkCalendar:
    return WorkCalendar(ZoneInfo(zone), country, subdivision, week, daily)


def effective(
    hours: WorkingHours | Schedule, channel_hours: WorkingHours | Schedule | None
) -> tuple[Week, WorkingHours | None]:
    """The week of hours that applies, and the daily hours it repeats (if it does).

    A channel's own schedule narrows the contact's working time: both hold.
    """
    if channel_hours is None:
        return week_of(hours), hours if isinstance(hours, WorkingHours) else None
    week = intersect(week_of(hours), week_of(channel_hours))
    daily = None
    if isinstance(hours, WorkingHours) and isinstance(channel_hours, WorkingHours):
        start, end = max(hours.start, channel_hours.start), min(hours.end, channel_hours.end)
        daily = WorkingHours(start=start, end=end) if start < end else None
    return week, daily


def calendar_of(
    contact: Contact,
    default: WorkingHours | Schedule,
    channel_hours: WorkingHours | Schedule | None = None,
) -> WorkCalendar:
    """The (shared, cached) working calendar of a contact, on a channel with its own hours."""
    hours = contact.working_hours or default
    key = (id(hours), id(channel_hours))
    cached = contact._calendars.get(key)
    if cached is not None and cached[0] is hours and cached[1] is channel_hours:
        calendar: WorkCalendar = cached[2]
        return calendar
    week, daily = effective(hours, channel_hours)
    calendar = _calendar(contact.timezone, contact.country, contact.subdivision, week, daily)
    if len(contact._calendars) > 64:
        contact._calendars.clear()
    contact._calendars[key] = (hours, channel_hours, calendar)
    return calendar
