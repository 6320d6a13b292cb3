"""Issue 16 (work in progress): calendar periods and their caps, against brute force."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relance import InvalidValueError
from relance._core.caps import Cap, Period, count_in, period_bounds, period_lift
from relance._core.instants import local, to_us
from strategies import DST_ZONES

HOUR = 3_600_000_000
BASE = to_us(pendulum.datetime(2026, 1, 1, tz="UTC"))


def _same_period(a: int, b: int, zone: ZoneInfo, period: Period) -> bool:
    """Brute force: two instants share a period when their local dates' keys agree."""
    x, y = local(a, zone).date(), local(b, zone).date()
    if period is Period.DAY:
        return x == y
    if period is Period.WEEK:
        return x.isocalendar()[:2] == y.isocalendar()[:2]
    if period is Period.MONTH:
        return (x.year, x.month) == (y.year, y.month)
    return (x.year, (x.month - 1) // 3) == (y.year, (y.month - 1) // 3)


@given(st.integers(0, 400 * 24).map(lambda h: BASE + h * HOUR + 17), st.sampled_from(DST_ZONES),
       st.sampled_from(list(Period)))
def test_a_period_holds_exactly_the_instants_of_its_local_dates(at, zone_name, period) -> None:  # type: ignore[no-untyped-def]
    zone = ZoneInfo(zone_name)
    start, end = period_bounds(at, zone, period)
    assert start <= at < end
    assert _same_period(start, at, zone, period)
    assert _same_period(end - 1, at, zone, period)
    assert not _same_period(start - 1, at, zone, period)
    assert not _same_period(end, at, zone, period)


@given(st.lists(st.integers(0, 120 * 24), max_size=30), st.integers(0, 120 * 24),
       st.sampled_from(DST_ZONES), st.sampled_from(list(Period)), st.integers(1, 4))
def test_the_lift_is_the_first_period_with_room(hours, at_hour, zone_name, period, count) -> None:  # type: ignore[no-untyped-def]
    zone = ZoneInfo(zone_name)
    out = sorted(BASE + h * HOUR for h in hours)
    at = BASE + at_hour * HOUR
    lift = period_lift(out, at, zone, period, count)

    def full(t: int) -> bool:
        return sum(_same_period(x, t, zone, period) for x in out) >= count

    if lift is None:
        assert not full(at)
        return
    assert full(at)
    assert not full(lift)
    # No instant between at and lift has room: check every period start between them.
    t = at
    while t < lift:
        assert full(t)
        t = period_bounds(t, zone, period)[1]


def test_a_cap_is_a_window_or_a_period() -> None:
    with pytest.raises(InvalidValueError):
        Cap(count=1)
    with pytest.raises(InvalidValueError):
        Cap(count=1, window=timedelta(days=1), period="day")
    with pytest.raises(InvalidValueError):
        Cap(count=0, period="day")
    with pytest.raises(InvalidValueError):
        Cap(count=1, period="fortnight")
    assert Cap(count=2, period="month", channel="email").channel == "email"
    assert count_in([1, 2, 3], 2, 3) == 1
