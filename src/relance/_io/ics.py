"""RFC 5545 calendars of plans (an edge, on the icalendar package).

Each relance is one ``VEVENT`` whose ``UID`` names *the relance*, not its
place in the plan, so that importing a re-made plan updates the same events
instead of adding copies:

* an idea: the account and the idea (an idea goes to an account once, to
  whichever contact the plan picks);
* a checkpoint: the account and the checkpoint;
* a reply: the account, the contact and the instant of the inbound message it
  answers (when the history is given), else the contact and the channel.

A recurring checkpoint (a quarterly review) is written as the series the
client agreed to: one ``VEVENT`` with its ``RRULE`` (``COUNT`` occurrences, in
the contact's zone), and each occurrence the plan keeps as an override of that
event (same ``UID``, ``RECURRENCE-ID`` its agreed time, ``DTSTART`` the planned
one, moved or not).

These parts are hashed (SHA-256, so any id, of any length or alphabet, makes a
short, plain UID) into ``relance-<kind>-<32 hex digits>@relance``.  UIDs are
unique within a calendar by construction: should two relances of one plan
share their parts (the planner never does this), the later ones are numbered.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable
from datetime import datetime, timedelta

import icalendar

from .._core.instants import to_us
from .._core.models import Account, Direction, Touch
from .._core.plan import Kind, Plan, Relance

__all__ = ["relance_uid", "to_ics"]

# Bump when the parts change: every UID of every calendar changes with it.
_UID_SCHEME = "relance-uid-1"


def _text(value: str) -> str:
    """RFC 5545 text: no control characters but line breaks (escape sequences dropped)."""
    return "".join(c for c in value if c in "\n\t" or unicodedata.category(c) != "Cc")


def _answered(relance: Relance, history: Iterable[Touch]) -> Touch | None:
    """The contact's latest inbound message at or before the reply: the one it answers."""
    latest: Touch | None = None
    for touch in history:
        if (touch.direction is Direction.INBOUND and touch.contact_id == relance.contact_id
                and to_us(touch.at) <= to_us(relance.at)  # in UTC: no fold confusion
                and (latest is None or touch._us >= latest._us)):
            latest = touch
    return latest


def _parts(account_id: str, relance: Relance, history: Iterable[Touch]) -> list[str]:
    if relance.kind is Kind.REPLY:
        inbound = _answered(relance, history)
        if inbound is not None:
            stamp = inbound.at.in_tz("UTC").isoformat()
            return [account_id, "reply", relance.contact_id, "message", stamp]
        return [account_id, "reply", relance.contact_id, "channel", str(relance.channel)]
    if relance.kind is Kind.CHECKPOINT:
        return [account_id, "checkpoint", str(relance.checkpoint_id)]
    return [account_id, "idea", str(relance.idea_id)]


def relance_uid(account_id: str, relance: Relance, history: Iterable[Touch] = (),
                *, occurrence: int = 0) -> str:
    """The ``UID`` of a relance's event: the same for the same relance in any plan.

    Args:
        account_id: the account planned.
        relance: the relance.
        history: the account's history, to name the message a reply answers
            (without it, a reply is named by its contact and channel).
        occurrence: 0, or the rank of a relance that shares its parts with
            earlier ones in the same calendar.

    Examples:
        >>> import pendulum
        >>> r = Relance(at=pendulum.datetime(2026, 11, 24, 9, tz="Europe/Paris"),
        ...             contact_id="ana", channel="email", idea_id="pilot")
        >>> uid = relance_uid("acme", r)
        >>> uid.startswith("relance-idea-") and uid.endswith("@relance")
        True
        >>> uid == relance_uid("acme", r.__class__(at=r.at.add(days=9), contact_id="bob",
        ...                                         channel="phone", idea_id="pilot"))
        True
    """
    parts = [_UID_SCHEME, *_parts(account_id, relance, history)]
    if occurrence:
        parts.append(f"#{occurrence}")
    digest = hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()
    return f"relance-{relance.kind.value}-{digest[:32]}@relance"


def _series(plan: Plan, account: Account, duration: timedelta,
            calendar: icalendar.Calendar) -> dict[str, tuple[str, datetime]]:
    """Add each recurring checkpoint the plan keeps as an event with its RRULE.

    Returns, by occurrence id, the series' UID and the occurrence's agreed
    time (its ``RECURRENCE-ID``).
    """
    kept = {r.checkpoint_id for r in plan.relances if r.checkpoint_id is not None}
    found: dict[str, tuple[str, datetime]] = {}
    for checkpoint in account.checkpoints:
        if checkpoint.recurrence is None:
            continue
        contact = account.contact(checkpoint.contact_id)
        occurrences = checkpoint.occurrences_in(contact.zone)
        if not kept & {o.id for o in occurrences}:
            continue
        parts = json.dumps([_UID_SCHEME, "series", plan.account_id, checkpoint.id])
        uid = f"relance-series-{hashlib.sha256(parts.encode()).hexdigest()[:32]}@relance"
        first = occurrences[0].at.in_tz(contact.timezone)
        rule = icalendar.vRecur.from_ical(checkpoint.recurrence.removeprefix("RRULE:"))
        rule.pop("UNTIL", None)  # the same occurrences, counted: no floating UNTIL with a TZID
        rule["COUNT"] = [len(occurrences)]
        event = icalendar.Event()
        event.add("uid", uid)
        event.add("dtstamp", plan.now)
        event.add("dtstart", first)
        event.add("dtend", first + duration)
        event.add("rrule", rule)
        event.add("summary", _text(f"Checkpoint: {checkpoint.id} — {contact.name} "
                                   "(agreed series)"))
        if checkpoint.note:
            event.add("description", _text(checkpoint.note))
        event.add("categories", ["checkpoint"])
        calendar.add_component(event)
        for occurrence in occurrences:
            found[occurrence.id] = (uid, occurrence.at.in_tz(contact.timezone))
    return found


def _span(plan: Plan, series: dict[str, tuple[str, datetime]]) -> tuple[datetime, datetime]:
    """The first and last instants the calendar's events and series reach."""
    instants = [plan.now, plan.horizon, *(r.at for r in plan.relances),
                *(agreed for _, agreed in series.values())]
    return (min(instants, key=lambda at: at.timestamp()),
            max(instants, key=lambda at: at.timestamp()))


def to_ics(plan: Plan, account: Account, *, history: Iterable[Touch] = (),
           duration: timedelta = timedelta(minutes=30)) -> bytes:
    """One event per relance, in the contact's own zone, with its ``VTIMEZONE``.

    Google Calendar and Outlook import it; UIDs name the relance (see the
    module), so importing a re-made plan updates the same events.

    Args:
        plan: the plan.
        account: its account (names of contacts, the calendar's name).
        history: the account's history, so that a reply's UID names the
            message it answers.
        duration: the length of each event.

    Returns:
        The calendar, as RFC 5545 bytes.
    """
    touches = tuple(history)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//relance//follow-up plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _text(f"Follow-ups: {account.name}"))
    seen: set[str] = set()
    series = _series(plan, account, duration, calendar)
    for index, relance in enumerate(plan.relances):
        agreed = series.get(relance.checkpoint_id or "")
        occurrence = 0
        uid = relance_uid(plan.account_id, relance, touches)
        while uid in seen:
            occurrence += 1
            uid = relance_uid(plan.account_id, relance, touches, occurrence=occurrence)
        if agreed is not None:  # an occurrence of a series: an override of its event
            uid = agreed[0]
        seen.add(uid)
        contact = account.contact(relance.contact_id)
        carries = relance.idea_id or relance.checkpoint_id or "reply"
        event = icalendar.Event()
        event.add("uid", uid)
        if agreed is not None:
            event.add("recurrence-id", agreed[1])
        event.add("dtstamp", plan.now)
        event.add("dtstart", relance.at)
        event.add("dtend", relance.at + duration)
        event.add("summary", _text(f"{relance.kind.value.capitalize()}: {carries} — "
                                   f"{contact.name} ({relance.channel})"))
        event.add("description", _text(relance.why))
        event.add("categories", [relance.kind.value])
        event.add("x-relance-index", str(index))
        calendar.add_component(event)
    if not plan.relances:
        # RFC 5545 wants a component: a journal entry says the plan is empty.
        journal = icalendar.Journal()
        digest = hashlib.sha256(f"{_UID_SCHEME}/empty/{plan.account_id}".encode()).hexdigest()
        journal.add("uid", f"relance-empty-{digest[:32]}@relance")
        journal.add("dtstamp", plan.now)
        journal.add("summary", _text(f"No relance possible for {account.name} before "
                                     f"{plan.horizon.isoformat()}"))
        calendar.add_component(journal)
    # The zones' rules over the whole plan (icalendar stops at 2038 by default).
    first, last = _span(plan, series)
    calendar.add_missing_timezones(first_date=first.date() - timedelta(days=366),
                                   last_date=last.date() + timedelta(days=366))
    data: bytes = calendar.to_ical()
    return data
