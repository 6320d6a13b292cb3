"""iCalendar export: one event per relance, UIDs unique in a file and stable across plans."""

from __future__ import annotations

import re
from datetime import timedelta

import icalendar
import pendulum

from relance import (
    Account,
    Checkpoint,
    Contact,
    Idea,
    Kind,
    Outcome,
    Plan,
    Policy,
    Relance,
    Touch,
    plan,
)
from relance._io.ics import relance_uid, to_ics

PARIS = "Europe/Paris"
NOW = pendulum.datetime(2026, 11, 23, 8, tz=PARIS)  # a Monday, before opening time
ANA = Contact(id="ana", name="Ana Martin", role="decision_maker", timezone=PARIS, country="FR")
BOB = Contact(id="bob", name="Bob Leroy", role="champion", timezone=PARIS, country="FR")
ACCOUNT = Account(
    id="acme", name="Acme Media", needs={"training", "budget"}, contacts=[ANA, BOB],
    checkpoints=[
        Checkpoint(id="budget-review", contact_id="ana", at=NOW.add(days=24, hours=6)),
        Checkpoint(id="quarterly", contact_id="bob", at=NOW.add(days=52, hours=3)),
    ],
)
HISTORY = (
    Touch(at=NOW.subtract(days=3), contact_id="ana", channel="email", direction="inbound",
          outcome="replied"),
    Touch(at=NOW.subtract(hours=20), contact_id="bob", channel="phone", direction="inbound",
          outcome="replied"),
)
IDEAS = tuple(
    Idea(id=name, summary=name, addresses={"training"}, priority=priority)
    for name, priority in (("pilot", 2), ("case-study", 1), ("benchmark", 0), ("webinar", 0))
)


# Lenient, so that every kind of relance fits in the horizon.
POLICY = Policy(min_gap=timedelta(days=5), backoff=1.0, max_unanswered=10, cap=10)


def make(history: tuple[Touch, ...], now: pendulum.DateTime) -> Plan:
    return plan(account=ACCOUNT, history=history, ideas=IDEAS, policy=POLICY, now=now,
                horizon=timedelta(weeks=16))


def events(plan_: Plan, history: tuple[Touch, ...]) -> list[icalendar.cal.Component]:
    calendar = icalendar.Calendar.from_ical(to_ics(plan_, ACCOUNT, history=history))
    return list(calendar.walk("VEVENT"))


def identity(r: Relance) -> tuple[str, str]:
    """What a relance is, whatever its time: its idea, its checkpoint, or whom it answers."""
    if r.kind is Kind.REPLY:
        return ("reply", r.contact_id)
    return (r.kind.value, str(r.idea_id or r.checkpoint_id))


def test_every_event_has_its_own_uid() -> None:
    """Two replies, two checkpoints, several ideas: no two events share a UID."""
    first = make(HISTORY, NOW)
    kinds = [r.kind for r in first.relances]
    assert kinds.count(Kind.REPLY) == 2
    assert kinds.count(Kind.CHECKPOINT) == 2
    assert kinds.count(Kind.IDEA) >= 2
    uids = [str(e["UID"]) for e in events(first, HISTORY)]
    assert len(uids) == len(first.relances)
    assert len(set(uids)) == len(uids)
    assert all(uid.startswith("relance-") and uid.endswith("@relance") for uid in uids)


def test_uids_survive_re_planning() -> None:
    """After the first relance is carried out, every relance left keeps its event's UID."""
    first = make(HISTORY, NOW)
    before = {identity(r): str(e["UID"])
              for r, e in zip(first.relances, events(first, HISTORY), strict=True)}
    done = first.relances[0]
    history = (*HISTORY, done.to_touch(Outcome.NO_ANSWER))
    later = done.at.add(hours=2)
    second = make(history, later)
    after = {identity(r): str(e["UID"]) for r, e in zip(second.relances, events(second, history),
                                                         strict=True)}
    common = set(before) & set(after)
    assert identity(done) not in after
    assert len(common) >= 4
    assert {k: before[k] for k in common} == {k: after[k] for k in common}
    assert len(set(after.values())) == len(after)


def test_uids_do_not_depend_on_time_contact_or_order() -> None:
    """An idea's event is the idea at this account, whoever gets it and whenever."""
    at = NOW.add(days=1)
    one = Relance(at=at, contact_id="ana", channel="email", idea_id="pilot")
    moved = Relance(at=at.add(days=30), contact_id="bob", channel="phone", idea_id="pilot")
    assert relance_uid("acme", one) == relance_uid("acme", moved)
    assert relance_uid("acme", one) != relance_uid("other", one)
    checkpoint = Relance(at=at, contact_id="ana", channel="phone", checkpoint_id="pilot",
                         kind=Kind.CHECKPOINT)
    assert relance_uid("acme", checkpoint) != relance_uid("acme", one)


def test_a_reply_is_named_by_the_message_it_answers() -> None:
    """Two messages of one contact at two moments are two replies; without history, channel."""
    at = NOW.add(days=1)
    reply = Relance(at=at, contact_id="ana", channel="email", kind=Kind.REPLY)
    older = (HISTORY[0],)
    newer = (*older, Touch(at=NOW.subtract(hours=1), contact_id="ana", channel="email",
                           direction="inbound", outcome="replied"))
    assert relance_uid("acme", reply, older) != relance_uid("acme", reply, newer)
    # A later message of someone else, or after the reply, changes nothing.
    unrelated = (*older, HISTORY[1], Touch(at=at.add(days=1), contact_id="ana",
                                           channel="email", direction="inbound",
                                           outcome="replied"))
    assert relance_uid("acme", reply, older) == relance_uid("acme", reply, unrelated)
    by_phone = Relance(at=at, contact_id="ana", channel="phone", kind=Kind.REPLY)
    assert relance_uid("acme", reply) != relance_uid("acme", by_phone)


def test_uids_are_unique_by_construction() -> None:
    """Even a hand-made plan that repeats a relance gets one UID per event."""
    at = NOW.add(days=1)
    same = Relance(at=at, contact_id="ana", channel="email", kind=Kind.REPLY)
    odd = Plan(account_id="acme", now=NOW, horizon=NOW.add(weeks=4),
               relances=(same, same, Relance(at=at.add(days=7), contact_id="ana",
                                             channel="email", kind=Kind.REPLY)))
    uids = [str(e["UID"]) for e in events(odd, ())]
    assert len(set(uids)) == 3


def test_events_are_in_the_contacts_zone() -> None:
    """Each event starts at the relance, in the contact's zone, with its VTIMEZONE."""
    first = make(HISTORY, NOW)
    calendar = icalendar.Calendar.from_ical(to_ics(first, ACCOUNT, history=HISTORY))
    for relance, event in zip(first.relances, calendar.walk("VEVENT"), strict=True):
        assert event["DTSTART"].dt == relance.at
        assert event["DTSTART"].params["TZID"] == PARIS
        assert event["DTEND"].dt - event["DTSTART"].dt == timedelta(minutes=30)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == [PARIS]
    assert str(calendar["X-WR-CALNAME"]) == "Follow-ups: Acme Media"


def test_time_zones_cover_the_whole_plan_even_after_2038() -> None:
    """A plan in 2150 gets VTIMEZONE rules for 2150 (icalendar's default stops in 2038)."""
    import contextlib
    import io
    from pathlib import Path

    from relance._cli import main

    example = Path(__file__).resolve().parent.parent / "examples" / "acme.json"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["plan", str(example), "--now", "2150-11-23T08:00:00Z",
                     "--format", "ics"]) == 0
    comments = [line for line in out.getvalue().splitlines() if "only works" in line]
    assert comments
    for comment in comments:
        first, last = (int(year) for year in re.findall(r"(\d{4})-\d\d-\d\d", comment))
        assert first <= 2150 < last, comment


def test_control_characters_never_reach_a_calendar() -> None:
    """An escape sequence in a name is dropped from SUMMARY (RFC 5545 text has none)."""
    import pendulum

    from relance import Account, Contact, Idea, Policy, plan
    from relance._io.ics import to_ics

    ana = Contact(id="ana", name="Ana\x1b[2J", role="decision_maker", timezone="Europe/Paris",
                  country="FR")
    acme = Account(id="acme", name="Acme\x07", needs={"x"}, contacts=[ana])
    result = plan(account=acme, history=[], ideas=[Idea(id="i", summary="s", addresses={"x"})],
                  policy=Policy(), now=pendulum.datetime(2026, 11, 23, 8, tz="Europe/Paris"),
                  horizon=pendulum.duration(weeks=2))
    data = to_ics(result, acme)
    assert b"\x1b" not in data
    assert b"\x07" not in data
    assert b"Ana[2J" in data
