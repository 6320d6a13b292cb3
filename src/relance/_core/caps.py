"""Caps as sales teams set them: per channel, per person, by rolling window or calendar period.

A :class:`Cap` allows ``count`` outbound touches in a rolling ``window`` (a
duration) or in a calendar ``period`` of the contact's own zone (a local day,
an ISO week from Monday, a month, a quarter), counting every touch at the
account (``scope="account"``) or to the same person (``scope="contact"``), on
one ``channel`` or on all.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from datetime import date, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from .errors import InvalidValueError
from .instants import NEVER, first_instant_at_wall, local
from .models import Channel
from .validation import (
    StrEnum,
    check_enum,
    check_int,
    check_positive_duration,
    plain_duration,
    to_enum,
)

__all__ = ["Cap", "Period", "Scope", "count_in", "period_bounds", "period_lift"]


class Period(StrEnum):
    """A calendar period of a :class:`Cap`, counted in the contact's zone.

    Examples:
        >>> Period("quarter")
        <Period.QUARTER: 'quarter'>
    """

    DAY = "day"
    WEEK = "week"  # ISO: Monday first
    MONTH = "month"
    QUARTER = "quarter"


class Scope(StrEnum):
    """Whose touches a :class:`Cap` counts: the whole account's, or the same person's.

    Examples:
        >>> Scope("contact")
        <Scope.CONTACT: 'contact'>
    """

    ACCOUNT = "account"
    CONTACT = "contact"


def _to_period(value: Period | str | None) -> Period | None:
    return None if value is None else to_enum(Period)(value)


def _to_scope(value: Scope | str) -> Scope:
    return to_enum(Scope)(value)  # type: ignore[no-any-return]


def _to_channel(value: Channel | str | None) -> Channel | None:
    return None if value is None else to_enum(Channel)(value)


def _check_count(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_int(instance, attribute, value)
    if isinstance(value, int) and value < 1:
        raise InvalidValueError(f"Cap.count must be at least 1 (got {value})",
                                field="Cap.count", value=value)


def _check_window(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        check_positive_duration(instance, attribute, value)


def _check_optional(enum: type[Any]) -> Any:
    inner = check_enum(enum)

    def validate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            inner(instance, attribute, value)

    return validate


@attrs.frozen(kw_only=True)
class Cap:
    """At most ``count`` outbound touches per rolling ``window`` or calendar ``period``.

    Give one of ``window`` and ``period``.  Every touch of the history counts,
    whatever its instant (a touch logged after the proposal fills its window
    too), as for the account's own cap: a bounced touch reached nobody and is
    not counted; replies and agreed checkpoints are never held back by a cap.
    Caps go in :attr:`Policy.caps <relance.Policy.caps>`, besides the
    account's own ``cap``/``cap_window``.

    Attributes:
        count: how many outbound touches the window or period may hold (≥ 1).
        window: a rolling duration: whole days count calendar days in the
            contact's zone, an :class:`~relance.Elapsed` counts elapsed time.
        period: a calendar period in the contact's zone: ``"day"`` (a local
            date), ``"week"`` (an ISO week, Monday first), ``"month"`` or
            ``"quarter"``; each starts at a local midnight (the first instant
            after it when midnight is skipped by a DST change).
        scope: ``"account"`` counts every touch at the account; ``"contact"``
            counts the touches to the proposal's contact only.
        channel: the channel counted and held back; ``None`` for all.

    Examples:
        >>> Cap(count=3, period="month").scope
        <Scope.ACCOUNT: 'account'>
        >>> Cap(count=1, period="week", scope="contact", channel="phone").period
        <Period.WEEK: 'week'>
    """

    count: int = attrs.field(validator=_check_count)
    window: timedelta | None = attrs.field(
        default=None, converter=plain_duration, validator=_check_window
    )
    period: Period | None = attrs.field(
        default=None, converter=_to_period, validator=_check_optional(Period)
    )
    scope: Scope = attrs.field(
        default=Scope.ACCOUNT, converter=_to_scope, validator=check_enum(Scope)
    )
    channel: Channel | None = attrs.field(
        default=None, converter=_to_channel, validator=_check_optional(Channel)
    )

    def __attrs_post_init__(self) -> None:
        if (self.window is None) == (self.period is None):
            said = ("give a rolling window or a calendar period, not both" if self.window
                    else "give a rolling window (a duration) or a calendar period (day, "
                    "week, month, quarter)")
            raise InvalidValueError(f"Cap: {said}", field="Cap.period", value=self.period)


def _period_start_date(day: date, period: Period) -> date:
    if period is Period.DAY:
        return day
    if period is Period.WEEK:
        return day - timedelta(days=day.weekday())
    if period is Period.MONTH:
        return day.replace(day=1)
    return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)


def _next_start_date(start: date, period: Period) -> date:
    if period is Period.DAY:
        return start + timedelta(days=1)
    if period is Period.WEEK:
        return start + timedelta(days=7)
    months = 1 if period is Period.MONTH else 3
    month = start.month - 1 + months
    return start.replace(year=start.year + month // 12, month=month % 12 + 1, day=1)


def period_bounds(at: int, zone: ZoneInfo, period: Period) -> tuple[int, int]:
    """The period holding ``at``, ``[start, end)`` in µs, its bounds local midnights.

    A midnight inside a DST gap is the first instant that exists after it.
    """
    start_day = _period_start_date(local(at, zone).date(), period)
    end_day = _next_start_date(start_day, period)
    return (first_instant_at_wall(start_day, time(0), zone),
            first_instant_at_wall(end_day, time(0), zone))


def count_in(out: Sequence[int], start: int, end: int) -> int:
    """How many of the sorted instants ``out`` fall in ``[start, end)``."""
    return bisect.bisect_left(out, end) - bisect.bisect_left(out, start)


def period_lift(out: Sequence[int], at: int, zone: ZoneInfo, period: Period,
                count: int) -> int | None:
    """The first instant from ``at`` whose period holds fewer than ``count`` touches.

    ``None`` when ``at``'s own period has room.
    """
    start, end = period_bounds(at, zone, period)
    if count_in(out, start, end) < count:
        return None
    while end < NEVER:
        start, end = period_bounds(end, zone, period)
        if count_in(out, start, end) < count:
            return start
    return NEVER  # pragma: no cover - the instants are finite
