"""Working time in a contact's own zone and country.

A contact works on the dates that are neither a weekend day of their country
(as the ``holidays`` package defines it: Friday and Saturday in Israel,
Saturday and Sunday in France) nor a public holiday of their country and
subdivision; a weekend day the country declares a working day (a bridge day
made up on a Saturday, as in China) is a working day.  On a working date the
contact is reachable from the first instant at or after ``start`` local time
until the first instant at or after ``end`` (see
:func:`relance._core.instants.first_instant_at_wall` for DST nights).

Each calendar caches its windows per local date, as integers, so that asking
whether an instant is working time costs two integer comparisons once the day
has been seen; no local conversion is needed in that path.
"""

from __future__ import annotations

import functools
from datetime import date, time
from typing import Final
from zoneinfo import ZoneInfo

from .instants import DAY_US, EPOCH_ORDINAL, NEVER, first_instant_at_wall, local
from .models import Contact, WorkingHours, country_holidays

__all__ = ["WorkCalendar", "calendar_of"]

#: How far ahead the next opening is searched before giving up ("never").
SEARCH_DAYS: Final = 400


class WorkCalendar:
    """The working windows of one (zone, country, subdivision, hours)."""

    __slots__ = ("_holidays", "_hours", "_windows", "end", "start", "zone")

    def __init__(
        self, zone: ZoneInfo, country: str, subdivision: str | None, start: time, end: time
    ) -> None:
        self.zone = zone
        self.start = start
        self.end = end
        self._holidays = country_holidays(country, subdivision)
        self._windows: dict[int, tuple[int, int] | None] = {}
        self._hours: dict[int, tuple[int, int] | None] = {}

    def is_working_date(self, day: date) -> bool:
        """Whether ``day`` is a working date (not a weekend day or holiday).

        The ``holidays`` package decides, date by date: weekends changed over
        time (the UAE rested Friday-Saturday until 2022) and differ between
        subdivisions (Kelantan and Terengganu rest Friday-Saturday).
        """
        if day in self._holidays:  # also expands the year, filling weekend_workdays
            return False
        return bool(self._holidays.is_working_day(day))

    def window(self, ordinal: int) -> tuple[int, int] | None:
        """``(open, close)`` instants of the local date ``ordinal``, or None."""
        try:
            return self._windows[ordinal]
        except KeyError:
            pass
        day = date.fromordinal(ordinal)
        found = self.hours(ordinal) if self.is_working_date(day) else None
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
            if found is not None and at < found[1]:
                return at if at >= found[0] else found[0]
        return NEVER

    def hours(self, ordinal: int) -> tuple[int, int] | None:
        """``(open, close)`` of the hours on the local date ``ordinal``, working or not."""
        try:
            return self._hours[ordinal]
        except KeyError:
            pass
        day = date.fromordinal(ordinal)
        opens = first_instant_at_wall(day, self.start, self.zone)
        closes = first_instant_at_wall(day, self.end, self.zone)
        found = (opens, closes) if opens < closes else None
        self._hours[ordinal] = found
        return found

    def next_in_hours(self, at: int) -> int:
        """``at`` if its local time is within the hours (any date), else when it next is."""
        first = EPOCH_ORDINAL + at // DAY_US - 1
        for ordinal in range(first, first + 4):
            found = self.hours(ordinal)
            if found is not None and at < found[1]:
                return at if at >= found[0] else found[0]
        return NEVER  # pragma: no cover - hours exist on every date but a skipped one

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
    zone: str, country: str, subdivision: str | None, start: time, end: time
) -> WorkCalendar:
    return WorkCalendar(ZoneInfo(zone), country, subdivision, start, end)


def calendar_of(contact: Contact, default: WorkingHours) -> WorkCalendar:
    """The (shared, cached) working calendar of a contact."""
    hours = contact.working_hours or default
    cached = contact._calendars.get(id(hours))
    if cached is not None and cached[0] is hours:
        calendar: WorkCalendar = cached[1]
        return calendar
    calendar = _calendar(
        contact.timezone, contact.country, contact.subdivision, hours.start, hours.end
    )
    if len(contact._calendars) > 64:
        contact._calendars.clear()
    contact._calendars[id(hours)] = (hours, calendar)
    return calendar
