"""RFC 5545 calendars of plans (an edge, on the icalendar package)."""

from __future__ import annotations

from datetime import timedelta

import icalendar

from .._core.models import Account
from .._core.plan import Plan

__all__ = ["to_ics"]


def to_ics(plan: Plan, account: Account, *, duration: timedelta = timedelta(minutes=30)) -> bytes:
    """One event per relance, in the contact's own zone, with its VTIMEZONE.

    Google Calendar and Outlook import it; UIDs are stable, so importing a
    re-made plan updates the same events.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//relance//follow-up plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Follow-ups: {account.name}")
    for index, relance in enumerate(plan.relances):
        contact = account.contact(relance.contact_id)
        carries = relance.idea_id or relance.checkpoint_id or "reply"
        event = icalendar.Event()
        event.add("uid", f"{plan.account_id}-{relance.kind.value}-{carries}@relance")
        event.add("dtstamp", plan.now)
        event.add("dtstart", relance.at)
        event.add("dtend", relance.at + duration)
        event.add("summary", f"{relance.kind.value.capitalize()}: {carries} — {contact.name} "
                             f"({relance.channel.value})")
        event.add("description", relance.why)
        event.add("categories", [relance.kind.value])
        event.add("x-relance-index", str(index))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data
