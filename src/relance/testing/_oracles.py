"""Independent answers to what each rule should say, computed the slow way.

These do not reuse relance's internals: they walk the raw touches and use
pendulum for calendar arithmetic and a minute-by-minute scan for working
hours, so a property comparing them with ``Policy.check`` is a real check.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, timezone

import pendulum

from relance import (
    Account,
    Cap,
    Contact,
    Direction,
    Elapsed,
    Outcome,
    Policy,
    Schedule,
    Touch,
    WorkingHours,
)

UNANSWERED = {Outcome.PENDING, Outcome.NO_ANSWER}


def us(value: datetime) -> int:
    """An instant as microseconds since the epoch.

    Compare instants this way, never with ``<`` on datetimes: Python compares
    two datetimes with the same tzinfo by wall time and ignores ``fold``, so
    02:59 CEST and 02:59 CET (an hour apart) compare *equal*.
    """
    delta = datetime.__sub__(value, datetime(1970, 1, 1, tzinfo=timezone.utc))
    return delta // timedelta(microseconds=1)


def through(touches: Sequence[Touch]) -> list[Touch]:
    """Touches that reached someone, in time order."""
    return sorted(
        (
            t
            for t in touches
            if not (t.direction is Direction.OUTBOUND and t.outcome is Outcome.BOUNCED)
        ),
        key=lambda t: us(t.at),
    )


def outbound(touches: Sequence[Touch]) -> list[Touch]:
    return [t for t in through(touches) if t.direction is Direction.OUTBOUND]


def streak(touches: Sequence[Touch], contact_id: str | None = None) -> int:
    """Consecutive unanswered outbound touches, from the latest backwards.

    An out-of-office reply is neither an answer nor a silence: skipped.
    """
    count = 0
    for touch in reversed(through(touches)):
        if contact_id is not None and touch.contact_id != contact_id:
            continue
        if touch.outcome is Outcome.OUT_OF_OFFICE:
            continue
        if touch.direction is Direction.INBOUND or touch.outcome not in UNANSWERED:
            break
        count += 1
    return count


def add(anchor: datetime, duration: timedelta, zone: str) -> pendulum.DateTime:
    """``anchor`` plus ``duration``: calendar days in ``zone``, else elapsed.

    A plain ``timedelta`` of whole days counts calendar days; anything else,
    and any :class:`~relance.Elapsed`, elapsed time (``docs/time.md``).
    """
    start = pendulum.instance(anchor).in_tz(zone)
    if not isinstance(duration, Elapsed) and duration.seconds == 0 and duration.microseconds == 0:
        return start.add(days=duration.days)
    return start + duration


def opted_out(touches: Sequence[Touch], contact_id: str) -> bool:
    return any(t.contact_id == contact_id and t.outcome is Outcome.OPTED_OUT for t in touches)


def awaiting(touches: Sequence[Touch], contact_id: str) -> pendulum.DateTime | None:
    """The latest inbound of the contact not followed by an outbound to them.

    An inbound out-of-office reply awaits nothing (and leaves what did).
    """
    found = None
    for touch in through(touches):
        if touch.contact_id != contact_id:
            continue
        if touch.direction is Direction.INBOUND and touch.outcome is Outcome.OUT_OF_OFFICE:
            continue
        found = touch.at if touch.direction is Direction.INBOUND else None
    return found


def spaced(touches: Sequence[Touch], contact_id: str, at: datetime,
           spacing: timedelta) -> datetime:
    """The first instant from ``at`` at least ``spacing`` from the contact's touches.

    Every outbound touch to the contact, before or after ``at``
    (docs/rules/too-soon.md).
    """
    instants = sorted(us(t.at) for t in outbound(touches) if t.contact_id == contact_id)
    step = spacing // timedelta(microseconds=1)
    moment = us(at)
    moved = True
    while moved:
        moved = False
        for instant in instants:
            if instant - step < moment < instant + step:
                moment, moved = instant + step, True
    return pendulum.instance(at) + timedelta(microseconds=moment - us(at))


def _free_us(windows: list[tuple[int, int]], moment: int) -> int:
    """The first instant (µs) from ``moment`` no window ``[start, end)`` covers."""
    moved = True
    while moved:
        moved = False
        for start, end in windows:
            if start <= moment < end:
                moment, moved = end, True
    return moment


def _first_free(windows: list[tuple[int, int]], at: datetime) -> datetime | None:
    """The first instant from ``at`` no window ``[start, end)`` covers; None if ``at`` is free."""
    moment = _free_us(windows, us(at))
    if moment == us(at):
        return None
    return pendulum.instance(at) + timedelta(microseconds=moment - us(at))


def quiet_lift(account: Account, contact_id: str, at: datetime) -> datetime | None:
    """When the quiet periods covering the contact at ``at`` end (None: none does).

    Quiet periods of the account or of this contact, and held checkpoints
    (a quiet period of the account up to the checkpoint).
    """
    low = -(1 << 62)
    windows = [(low if q.start is None else us(q.start), us(q.end))
               for q in account.quiet_periods if q.contact_id in (None, contact_id)]
    windows += [(low, us(cp.at)) for cp in account.checkpoints if cp.hold]
    return _first_free(windows, at)


def owner_lift(account: Account, at: datetime) -> datetime | None:
    """When the account's owner is back, if on leave at ``at`` and nobody covers (None: free)."""
    if account.owner is None:
        return None
    windows = [(us(leave.start), us(leave.end)) for leave in account.owner.leaves
               if leave.covered_by is None]
    return _first_free(windows, at)


def tension_windows(account: Account, touches: Sequence[Touch]) -> list[tuple[int, int]]:
    """Open tensions as ``[start, end)`` in µs: the account's, and the history's.

    In the history a ``complaint`` opens one (unless one is open) and a
    ``resolved`` touch closes it; unresolved, it never ends.  A tension given
    as data without ``resolved_at`` ends at the first ``resolved`` touch after
    it opened.
    """
    never = 1 << 62
    resolved = sorted(us(t.at) for t in touches if t.outcome is Outcome.RESOLVED)
    windows = [(us(t.opened_at), us(t.resolved_at) if t.resolved_at is not None else
                next((r for r in resolved if r > us(t.opened_at)), never))
               for t in account.tensions]
    opened = None
    # At one instant, a complaint before a resolution.
    for touch in sorted(touches, key=lambda t: (us(t.at), t.outcome is not Outcome.COMPLAINT)):
        if touch.outcome is Outcome.COMPLAINT and opened is None:
            opened = us(touch.at)
        elif touch.outcome is Outcome.RESOLVED and opened is not None:
            if us(touch.at) > opened:
                windows.append((opened, us(touch.at)))
            opened = None
    if opened is not None:
        windows.append((opened, never))
    return windows


def tension_lift(account: Account, touches: Sequence[Touch], at: datetime) -> int | None:
    """When the tensions open at ``at`` are resolved, in µs (``1 << 62``: never)."""
    found = _free_us(tension_windows(account, touches), us(at))
    return None if found == us(at) else found


def away_lift(account: Account, touches: Sequence[Touch], contact: Contact,
              policy: Policy, at: datetime) -> datetime | None:
    """When the contact is back and settled in, if away at ``at`` (None: not away).

    Absences given as data, and the latest out-of-office reply of the contact
    unless they answered after it (its announced return, else the presumed one).
    """
    zone = contact.timezone
    windows = [(us(a.start), us(add(a.end, policy.settle_in, zone)))
               for a in account.absences if a.contact_id == contact.id]
    reply = None
    for touch in through(touches):
        if touch.contact_id != contact.id:
            continue
        if touch.outcome is Outcome.OUT_OF_OFFICE:
            reply = touch
        elif touch.direction is Direction.INBOUND or touch.outcome not in UNANSWERED:
            reply = None
    if reply is not None:
        back = reply.returns_at or add(reply.at, policy.presumed_away, zone)
        windows.append((us(reply.at), us(add(back, policy.settle_in, zone))))
    return _first_free(windows, at)


def bounced(touches: Sequence[Touch], contact_id: str, channel: object) -> bool:
    """Whether the contact's latest touch on ``channel`` is a bounce."""
    last = None
    for touch in sorted(touches, key=lambda t: us(t.at)):
        if touch.contact_id == contact_id and touch.channel == channel:
            last = touch
    return (
        last is not None
        and last.direction is Direction.OUTBOUND
        and last.outcome is Outcome.BOUNCED
    )


def _standing_decline(touches: Sequence[Touch]) -> Touch | None:
    """The latest decline, unless the account re-engaged after it.

    An out-of-office reply is no re-engagement.
    """
    found = None
    for touch in through(touches):
        if touch.outcome is Outcome.OUT_OF_OFFICE:
            continue
        if touch.outcome is Outcome.DECLINED:
            found = touch
        elif touch.direction is Direction.INBOUND or touch.outcome in (
            Outcome.REPLIED,
            Outcome.MEETING,
        ):
            found = None
    return found


def decliner(touches: Sequence[Touch]) -> str | None:
    """Who declined, for :func:`decline` (None when no decline stands)."""
    found = _standing_decline(touches)
    return None if found is None else found.contact_id


def decline(touches: Sequence[Touch]) -> pendulum.DateTime | None:
    """The latest decline, unless the account re-engaged after it."""
    found = _standing_decline(touches)
    return None if found is None else found.at


def rolling_windows(
    instants: Sequence[datetime], at: datetime, window: timedelta, zone: str,
    *, ending_after: Sequence[datetime] = (),
) -> list[tuple[int, int]]:
    """The rolling windows ``[start, end)`` (in µs) that hold ``at``, the ones that matter.

    A window starting at ``s`` ends at ``s + window`` (calendar days in
    ``zone`` for whole days, else elapsed: :func:`add`).  Those looked at:
    the one starting at ``at``, one starting at each of ``instants``, and one
    ending just after each of ``ending_after`` (it starts ``window`` before
    the microsecond that follows); only those that hold ``at`` are kept.
    """
    starts = [at, *instants]
    starts += [subtract(x + timedelta(microseconds=1), window, zone) for x in ending_after]
    found = {(us(start), us(add(start, window, zone))) for start in starts}
    moment = us(at)
    return sorted((start, end) for start, end in found if start <= moment < end)


def subtract(anchor: datetime, duration: timedelta, zone: str) -> pendulum.DateTime:
    """``anchor`` minus ``duration``, read as :func:`add` reads it."""
    start = pendulum.instance(anchor).in_tz(zone)
    if not isinstance(duration, Elapsed) and duration.seconds == 0 and duration.microseconds == 0:
        return start.subtract(days=duration.days)
    return start - duration


def cap_count(touches: Sequence[Touch], at: datetime, window: timedelta, zone: str) -> int:
    """The most outbound touches in one rolling window that contains ``at``.

    From docs/rules/frequency-cap.md: every touch counts, before or after;
    a window ``[s, s + window)`` contains ``at`` when ``s <= at < s + window``.
    Scanned over every start that matters: ``at`` and each touch before it.
    """
    instants = [t.at for t in outbound(touches)]
    return max(sum(start <= us(x) < end for x in instants)
               for start, end in rolling_windows(instants, at, window, zone))


def counted_by(cap: Cap, touch: Touch, contact_id: str) -> bool:
    """Whether ``cap`` counts ``touch`` against a proposal to ``contact_id``.

    From docs/rules/frequency-cap.md and docs/rules.md: an outbound touch that
    reached someone (a bounce reached nobody: no cap counts it), whatever its
    instant; to the same person when the cap's scope is ``contact``; on the
    cap's channel when it names one.
    """
    if touch.direction is not Direction.OUTBOUND or touch.outcome is Outcome.BOUNCED:
        return False
    if cap.scope == "contact" and touch.contact_id != contact_id:
        return False
    return cap.channel is None or touch.channel == cap.channel


def local_date(instant: int, zone: str) -> date:
    """The local date of an instant (µs since the epoch) in ``zone``."""
    moment = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(microseconds=instant)
    return moment.astimezone(zoneinfo.ZoneInfo(zone)).date()


def same_period(a: int, b: int, zone: str, period: str) -> bool:
    """Whether two instants (µs) share a calendar period of ``zone``.

    From docs/rules/frequency-cap.md: a ``day`` is a local date, a ``week``
    an ISO week (Monday to Sunday), then the calendar ``month`` and
    ``quarter``.  Comparing the local dates' keys puts each bound at the
    first instant of its local date: midnight, or the first instant after it
    when DST skips midnight.
    """
    x, y = local_date(a, zone), local_date(b, zone)
    if period == "day":
        return x == y
    if period == "week":
        return x.isocalendar()[:2] == y.isocalendar()[:2]
    if period == "month":
        return (x.year, x.month) == (y.year, y.month)
    return (x.year, (x.month - 1) // 3) == (y.year, (y.month - 1) // 3)


def cap_concerns(cap: Cap, channel: object) -> bool:
    """Whether ``cap`` holds back a proposal on ``channel`` (its own channel, or any)."""
    return cap.channel is None or cap.channel == channel


def cap_full(cap: Cap, account: Account, touches: Sequence[Touch], contact_id: str,
             channel: object, at: datetime) -> bool:
    """Whether ``cap`` finds full a window or period that would hold a proposal at ``at``.

    The proposal goes to ``contact_id`` on ``channel``; the cap counts in
    that contact's zone.  From docs/rules/frequency-cap.md: a period cap is
    full when the period holding ``at`` already holds ``count`` touches it
    counts (:func:`counted_by`); a rolling cap when some window holding
    ``at`` does, scanned as :func:`cap_count` scans the account's cap.  A cap
    on another channel is never full for it.  Exemptions (a reply that is
    awaited, a proposal keeping its own checkpoint) are the caller's.
    """
    if not cap_concerns(cap, channel):
        return False
    zone = account.contact(contact_id).timezone
    counted = [t.at for t in touches if counted_by(cap, t, contact_id)]
    if cap.period is not None:
        return sum(same_period(us(x), us(at), zone, cap.period) for x in counted) >= cap.count
    assert cap.window is not None  # a cap is a window or a period
    return any(sum(start <= us(x) < end for x in counted) >= cap.count
               for start, end in rolling_windows(counted, at, cap.window, zone))


def cap_name(cap: Cap) -> str:
    """A cap in words, to name it in a failure: ``1 phone touch per week per contact``."""
    what = "touch" if cap.channel is None else f"{cap.channel.value} touch"
    window = cap.window
    if cap.period is not None:
        per = f"per {cap.period.value}"
    elif window is not None and not isinstance(window, Elapsed) and window == timedelta(
            days=window.days):
        per = f"per {window.days} calendar days"
    else:
        per = f"per {window} elapsed"
    whose = "per contact" if cap.scope == "contact" else "at the account"
    return f"{cap.count} {what}{'es' if cap.count > 1 else ''} {per} {whose}"


def is_working_date(contact: Contact, day: date) -> bool:
    import holidays

    h = holidays.country_holidays(contact.country, subdiv=contact.subdivision)
    return bool(h.is_working_day(day))  # weekends by date and subdivision


def _first_at_or_after(day: date, wall: time, zone: str) -> datetime:
    """Scan minute by minute for the first instant whose local time is >= wall."""
    tz = zoneinfo.ZoneInfo(zone)
    start = datetime.combine(day, time(0), tzinfo=timezone.utc) - timedelta(hours=15)
    target = datetime.combine(day, wall)
    for minute in range(56 * 60):
        instant = start + timedelta(minutes=minute)
        local = instant.astimezone(tz).replace(tzinfo=None)
        if local >= target:
            return instant
    raise AssertionError("no such instant")  # pragma: no cover


def _intervals(hours: WorkingHours | Schedule, day: date) -> list[tuple[time, time]]:
    """The local intervals of a date's weekday, as the docs define them."""
    if isinstance(hours, WorkingHours):
        return [(hours.start, hours.end)]
    return [(h.start, h.end) for h in hours.days()[day.weekday()]]


def in_hours(contact: Contact, hours: WorkingHours | Schedule, at: datetime,
             also: WorkingHours | Schedule | None = None) -> bool:
    """Within an interval of the local date's weekday (working date or not).

    Each interval runs from the first instant at or after its start, local
    time, to the first instant at or after its end.  ``also``: a channel's
    own schedule, which must hold too.
    """
    tz = zoneinfo.ZoneInfo(contact.timezone)
    day = at.astimezone(tz).date()
    for start, end in _intervals(hours, day):
        opens = _first_at_or_after(day, start, contact.timezone)
        closes = _first_at_or_after(day, end, contact.timezone)
        if us(opens) <= us(at) < us(closes):
            return also is None or in_hours(contact, also, at)
    return False


def in_working_time(contact: Contact, hours: WorkingHours | Schedule, at: datetime,
                    also: WorkingHours | Schedule | None = None) -> bool:
    """Working date, and within an interval of the day (and of ``also``, a channel's)."""
    tz = zoneinfo.ZoneInfo(contact.timezone)
    day = at.astimezone(tz).date()
    return is_working_date(contact, day) and in_hours(contact, hours, at, also)


def hour_marks(hours: WorkingHours | Schedule | None) -> set[time]:
    """Every local time at which some interval of ``hours`` starts or ends."""
    if hours is None:
        return set()
    if isinstance(hours, WorkingHours):
        return {hours.start, hours.end}
    return {mark for day in hours.days() for h in day for mark in (h.start, h.end)}


def hours_of(contact: Contact, policy: Policy) -> WorkingHours | Schedule:
    """The contact's working time: their own, or the policy's."""
    return contact.working_hours or policy.working_hours
