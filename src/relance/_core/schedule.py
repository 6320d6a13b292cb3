"""Working time as teams set it: daily hours, or a weekly schedule of local intervals.

:class:`WorkingHours` is one interval of local time, the same on every working
date.  :class:`Schedule` gives each weekday its own intervals (none on a day
off), such as "Mon-Thu 09:00-12:00 and 14:00-18:00, Fri 09:00-12:00".  Both
are read in the contact's own zone: an interval opens at the first instant
whose local time is at or after its start (an interval starting in an hour
skipped by DST opens when the clocks have jumped) and closes at the first
instant at or after its end (an interval holding a repeated hour stays open
through both passes: it opens once).

The country still decides which dates are worked: a weekend day or a public
holiday of the contact's country is closed whatever the schedule gives that
weekday.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from datetime import time
from typing import Any, Final, TypeAlias

import attrs

from .errors import InvalidValueError, trim
from .validation import check_time, got, to_time

__all__ = [
    "DAYS", "Schedule", "Week", "WorkingHours", "hhmm", "intersect", "rehome", "to_hours",
    "week_of",
]

#: The weekdays as a schedule names them, Monday first.
DAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

#: The intervals of each weekday, Monday first, as ``(start, end)`` local times.
Week: TypeAlias = tuple[tuple[tuple[time, time], ...], ...]


def hhmm(value: time) -> str:
    """``"09:00"`` (seconds only when there are some)."""
    return value.isoformat(timespec="minutes" if not value.second and not value.microsecond
                           else "auto")


@attrs.frozen(kw_only=True)
class WorkingHours:
    """The local hours of a working day, ``[start, end)`` in a contact's zone.

    Times may be given as ``datetime.time`` or ``"HH:MM"`` strings.  A window
    does not cross midnight: ``start`` must be before ``end``.  On a DST night
    the window opens at the first instant whose local time is at or after
    ``start`` (so a day whose 00:00 is skipped starts at 01:00) and closes at
    the first instant at or after ``end``.

    Examples:
        >>> WorkingHours(start="08:30", end="17:00")
        WorkingHours(start=datetime.time(8, 30), end=datetime.time(17, 0))
    """

    start: time = attrs.field(converter=to_time, validator=check_time)
    end: time = attrs.field(converter=to_time, validator=check_time)

    def __attrs_post_init__(self) -> None:
        if not self.start < self.end:
            raise InvalidValueError(
                f"WorkingHours.end: start {hhmm(self.start)!r} must be before end "
                f"{hhmm(self.end)!r} (a window does not cross midnight)",
                field="WorkingHours.end",
                value=self.end,
            )

    def __str__(self) -> str:
        return f"{hhmm(self.start)}-{hhmm(self.end)}"


_CLOCK = r"\d\d:\d\d(?::\d\d)?"
_INTERVAL: Final = re.compile(rf"\s*({_CLOCK})\s*-\s*({_CLOCK})\s*")


def _interval(value: object, name: str) -> WorkingHours:
    """One interval: ``"09:00-12:00"``, a pair of times, or a ``WorkingHours``."""
    if isinstance(value, WorkingHours):
        return value
    pair: tuple[Any, Any]
    if isinstance(value, str):
        found = _INTERVAL.fullmatch(value)
        if found is None:
            raise InvalidValueError(
                f"{name} must be an interval of local time such as '09:00-12:00' "
                f"({got(value)})", field=name, value=value,
            )
        pair = (found[1], found[2])
    elif isinstance(value, (tuple, list)) and len(value) == 2:
        pair = (value[0], value[1])
    else:
        raise InvalidValueError(
            f"{name} must be an interval of local time such as '09:00-12:00' ({got(value)})",
            field=name, value=value,
        )
    try:
        return WorkingHours(start=pair[0], end=pair[1])
    except InvalidValueError as exc:
        detail = exc.message.removeprefix(exc.field).lstrip(":").lstrip()
        raise InvalidValueError(f"{name}: {detail}", field=name, value=value) from None


def _convert_day(value: object, where: str) -> tuple[WorkingHours, ...]:
    """A day's list of intervals, sorted, as a tuple (``where`` names it in errors)."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise InvalidValueError(
            f"{where} must be a list of intervals such as ['09:00-12:00', "
            f"'14:00-18:00'] ({got(value)})", field=where, value=value,
        )
    items = [_interval(item, f"{where}[{i}]") for i, item in enumerate(value)]
    ordered = sorted(items, key=lambda h: (h.start, h.end))
    for before, after in itertools.pairwise(ordered):
        if after.start < before.end:
            raise InvalidValueError(
                f"{where}: intervals {str(before)!r} and {str(after)!r} overlap",
                field=where, value=value,
            )
    return tuple(ordered)


Interval: TypeAlias = "WorkingHours | str | tuple[time | str, time | str]"


def _to_day(value: Iterable[Interval]) -> tuple[WorkingHours, ...]:
    """A weekday's intervals as a sorted tuple; a bad value is left to the validator."""
    try:
        return _convert_day(value, "Schedule")
    except InvalidValueError:
        return value  # type: ignore[return-value]  # _check_day refuses it, naming the day


def _check_day(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _convert_day(value, f"Schedule.{attribute.name}")


@attrs.frozen(kw_only=True)
class Schedule:
    """Working time as a week: intervals of local time for each weekday.

    Each weekday (``mon`` … ``sun``) takes a list of intervals ``[start,
    end)`` of local time, as ``"09:00-12:00"`` strings, pairs of times or
    :class:`WorkingHours`; a day without intervals is not worked.  Intervals
    of a day may touch but not overlap, and none crosses midnight; they are
    kept sorted.  A schedule works on the dates the contact's country works
    (weekends and public holidays stay closed), in the contact's zone, and is
    accepted wherever working hours are: ``Policy.working_hours``,
    ``Contact.working_hours``, and per channel in ``Policy.schedules``.

    :meth:`of` reads the data-friendly form, keyed by day or range of days
    (``"mon-thu"``, ``"sun-thu"`` wraps over the week end), which is also how
    ``to_dict`` writes a schedule.

    Examples:
        >>> week = Schedule.of({"mon-thu": ["09:00-12:00", "14:00-18:00"],
        ...                     "fri": ["09:00-12:00"]})
        >>> [str(h) for h in week.thu], week.sat
        (['09:00-12:00', '14:00-18:00'], ())
        >>> week.to_data()
        {'mon-thu': ['09:00-12:00', '14:00-18:00'], 'fri': ['09:00-12:00']}
        >>> Schedule.of({"mon": ["09:00-12:00", "11:00-13:00"]})
        Traceback (most recent call last):
        ...
        relance._core.errors.InvalidValueError: Schedule.mon: intervals '09:00-12:00' and ...
    """

    mon: tuple[WorkingHours, ...] = attrs.field(
        default=(), converter=_to_day, validator=_check_day
    )
    tue: tuple[WorkingHours, ...] = attrs.field(
        default=(), converter=_to_day, validator=_check_day
    )
    wed: tuple[WorkingHours, ...] = attrs.field(
        default=(), converter=_to_day, validator=_check_day
    )
    thu: tuple[WorkingHours, ...] = attrs.field(
        default=(), converter=_to_day, validator=_check_day
    )
    fri: tuple[WorkingHours, ...] = attrs.field(
        default=(), converter=_to_day, validator=_check_day
    )
    sat: tuple[WorkingHours, ...] = attrs.field(
        default=(), converter=_to_day, validator=_check_day
    )
    sun: tuple[WorkingHours, ...] = attrs.field(
        default=(), converter=_to_day, validator=_check_day
    )

    def __attrs_post_init__(self) -> None:
        if not any(self.days()):
            raise InvalidValueError(
                "Schedule: a schedule needs at least one interval in the week "
                "(a contact never reachable is do_not_contact)",
                field="Schedule", value=None,
            )

    def days(self) -> tuple[tuple[WorkingHours, ...], ...]:
        """The intervals of each weekday, Monday first."""
        return (self.mon, self.tue, self.wed, self.thu, self.fri, self.sat, self.sun)

    @classmethod
    def of(cls, days: Mapping[str, object]) -> Schedule:
        """A schedule from ``{"mon-thu": ["09:00-12:00", ...], "fri": [...]}``.

        Keys are a weekday (``mon`` … ``sun``) or a range of them
        (``"mon-fri"``; ``"sun-thu"`` wraps); each day is named once.
        """
        if not isinstance(days, Mapping):
            raise InvalidValueError(
                "Schedule must be a mapping of weekdays to intervals such as "
                f"{{'mon-fri': ['09:00-18:00']}} ({got(days)})", field="Schedule", value=days,
            )
        given: dict[str, object] = {}
        for key, intervals in days.items():
            named = _weekdays(key)
            # A range is not a name: it is quoted, as in a JSON path (a valid key here).
            where = f"Schedule.{key}" if len(named) == 1 else f'Schedule["{key}"]'
            intervals = _convert_day(intervals, where)
            for day in named:
                if day in given:
                    raise InvalidValueError(
                        f"Schedule.{day}: the day is named twice (in {key!r})",
                        field=f"Schedule.{day}", value=key,
                    )
                given[day] = intervals
        return cls(**given)  # type: ignore[arg-type]  # the converters check each day

    def to_data(self) -> dict[str, list[str]]:
        """The data-friendly form: runs of days with the same intervals share a key.

        Runs follow the week round (``"sun-thu"``), from the first day that
        starts one.
        """
        days = self.days()
        if all(day == days[0] for day in days):
            return {"mon-sun": [str(h) for h in days[0]]}
        first = next(i for i in range(7) if days[i] != days[i - 1])
        found: dict[str, list[str]] = {}
        i = first
        while i < first + 7:
            j = i
            while j + 1 < first + 7 and days[(j + 1) % 7] == days[i % 7]:
                j += 1
            if days[i % 7]:
                key = DAYS[i % 7] if i == j else f"{DAYS[i % 7]}-{DAYS[j % 7]}"
                found[key] = [str(h) for h in days[i % 7]]
            i = j + 1
        return found


def _weekdays(key: object) -> list[str]:
    """The weekdays a key names: ``"tue"``, ``"mon-fri"``, ``"sun-thu"``."""
    parts = key.split("-") if isinstance(key, str) else []
    if not parts or len(parts) > 2 or not all(p in DAYS for p in parts) or (
            len(parts) == 2 and parts[0] == parts[1]):
        raise InvalidValueError(
            f"Schedule: unknown day {trim(str(key))!r}: name a weekday "
            f"({', '.join(DAYS)}) or a range such as 'mon-fri'",
            field="Schedule", value=key,
        )
    first = DAYS.index(parts[0])
    last = DAYS.index(parts[-1])
    return [DAYS[(first + k) % 7] for k in range((last - first) % 7 + 1)]


def to_hours(value: object) -> object:
    """Working time as given: ``WorkingHours``, ``Schedule``, a pair, or a mapping of days."""
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return WorkingHours(start=value[0], end=value[1])
    if isinstance(value, Mapping):
        return Schedule.of(value)
    return value  # the validator decides


def rehome(exc: InvalidValueError, where: str) -> InvalidValueError:
    """The error of a ``Schedule`` or ``WorkingHours`` inside, under the field ``where``.

    ``Schedule.mon[0]`` becomes ``<where>.mon[0]``, ``WorkingHours.end``
    ``<where>.end``; the message keeps what it says of the value.
    """
    owner = _OWNER.match(exc.field)
    if owner is None:
        field = f"{where}.{exc.field}" if exc.field else where
        return InvalidValueError(f"{field}: {exc.message}", field=field, value=exc.value)
    field = where + exc.field[owner.end():]
    said = exc.message.removeprefix(exc.field).lstrip(":").lstrip()
    return InvalidValueError(f"{field}: {said}", field=field, value=exc.value)


_OWNER: Final = re.compile(r"(Schedule|WorkingHours)(?=$|[.\[])")


def week_of(hours: WorkingHours | Schedule) -> Week:
    """The intervals of each weekday, as times, Monday first."""
    if isinstance(hours, WorkingHours):
        return (((hours.start, hours.end),),) * 7
    return tuple(tuple((h.start, h.end) for h in day) for day in hours.days())


def intersect(a: Week, b: Week) -> Week:
    """The local times both weeks hold, day by day (wall times: DST maps both alike)."""
    found = []
    for day_a, day_b in zip(a, b, strict=True):
        day = [(max(s1, s2), min(e1, e2)) for s1, e1 in day_a for s2, e2 in day_b]
        found.append(tuple(sorted((s, e) for s, e in day if s < e)))
    return tuple(found)
