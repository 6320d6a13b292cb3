"""The floor: a hand-written check doing only the essential work, to measure the library against.

For bench_check's world and the default policy, :func:`floor_check` answers
what ``Policy.check`` answers for a proposal carrying an idea: allowed or
not, and the earliest instant.  It keeps only what no implementation can
skip: facts derived once per history (sorted outbound instants as integers,
the unanswered streak, the shared ideas, the last decline), bisection over
those integers, a cached working window per local date, and the search from
lift to lift.  No reasons, no sentences, no objects per verdict: what a
library must add on top is what the ratio printed by bench_check shows.

It is a yardstick, not a second implementation: it assumes the default
policy (gap 7 days doubling to 42, 3 unanswered, 30 days of cool-off, 3
touches in 30 days, 09:00-18:00 on working days) and counts windows in
elapsed days (DST shifts them by an hour, which no timing here depends on).
"""

from __future__ import annotations

import bisect
import functools
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import holidays

US = 1_000_000
DAY = 86_400 * US
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
NEVER = 2**62
MIN_GAP, MAX_GAP, BACKOFF = 7 * DAY, 42 * DAY, 2.0
CAP, CAP_WINDOW = 3, 30 * DAY
MAX_UNANSWERED, COOL_OFF = 3, 30 * DAY
OPEN, CLOSE = time(9), time(18)


def to_us(value: datetime) -> int:
    """Microseconds since the epoch (of any aware datetime, pendulum's included)."""
    delta = datetime.__sub__(value, EPOCH)
    return (delta.days * 86_400 + delta.seconds) * US + delta.microseconds


class Facts:
    """What a history says, derived once (as ``History`` does)."""

    def __init__(self, touches: list[tuple[int, str, bool, bool, str | None]]) -> None:
        # (instant, contact, outbound, answered, idea)
        touches = sorted(touches)
        self.out = [t[0] for t in touches if t[2]]
        self.shared = {t[4] for t in touches if t[4] is not None}
        self.streak: dict[str, int] = {}
        account_streak = 0
        for _, contact, outbound, answered, _idea in touches:
            if outbound and not answered:
                self.streak[contact] = self.streak.get(contact, 0) + 1
                account_streak += 1
            elif answered:
                self.streak[contact] = 0
                account_streak = 0
        self.account_streak = account_streak
        self.decline: int | None = None


@functools.lru_cache(maxsize=4096)
def window(zone: ZoneInfo, country: str, day: date) -> tuple[int, int] | None:
    """The working window of a local date as integers, or None on a day off (cached)."""
    if not _holidays(country).is_working_day(day):
        return None
    opens = datetime.combine(day, OPEN, zone)
    closes = datetime.combine(day, CLOSE, zone)
    return to_us(opens), to_us(closes)


@functools.cache
def _holidays(country: str) -> holidays.HolidayBase:
    return holidays.country_holidays(country)


def _local_date(at: int, zone: ZoneInfo) -> date:
    return (EPOCH + timedelta(microseconds=at)).astimezone(zone).date()


def _hours_lift(at: int, zone: ZoneInfo, country: str) -> int | None:
    day = _local_date(at, zone)
    for _ in range(30):
        found = window(zone, country, day)
        if found is not None:
            opens, closes = found
            if at < opens:
                return opens
            if at < closes:
                return None if day == _local_date(at, zone) else opens
        day += timedelta(days=1)
    return NEVER


def _cap_lift(out: list[int], at: int) -> int | None:
    lift = at
    while True:
        # Touches in windows that could hold lift: lift - window < x < lift + window.
        low = bisect.bisect_right(out, lift - CAP_WINDOW)
        high = bisect.bisect_left(out, lift + CAP_WINDOW)
        best = lift
        for k in range(high - CAP, low - 1, -1):  # the latest run of CAP that fits
            first, last = out[k], out[k + CAP - 1]
            if first + CAP_WINDOW > last and min(lift, first) + CAP_WINDOW > max(lift, last):
                best = first + CAP_WINDOW
                break
        if best == lift:
            return None if lift == at else lift
        lift = best


def floor_check(
    facts: Facts, at: int, contact: str, zone: ZoneInfo, country: str, idea: str,
    relevant: bool,
) -> tuple[bool, int | None]:
    """(allowed, earliest) for a proposal carrying ``idea`` to ``contact`` at ``at``."""
    if idea in facts.shared or not relevant or facts.streak.get(contact, 0) >= MAX_UNANSWERED:
        return False, None
    start = at
    for _ in range(100):
        lifts = []
        if facts.out:
            gap = min(MIN_GAP * BACKOFF ** facts.account_streak, MAX_GAP)
            last = facts.out[bisect.bisect_right(facts.out, at) - 1] if at >= facts.out[0] else None
            if last is not None and at < last + gap:
                lifts.append(int(last + gap))
        if facts.decline is not None and at < facts.decline + COOL_OFF:
            lifts.append(facts.decline + COOL_OFF)
        cap = _cap_lift(facts.out, at)
        if cap is not None:
            lifts.append(cap)
        hours = _hours_lift(at, zone, country)
        if hours is not None:
            lifts.append(hours)
        if not lifts:
            return at == start, at
        at = max(lifts)
        if at >= NEVER:
            return False, None
    return False, None
