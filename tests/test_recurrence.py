"""Recurring checkpoints: RFC 5545 rules expanded in the contact's zone (issue 11)."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta, timezone

import attrs
import icalendar
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from oracles import us
from relance import (
    Account,
    Checkpoint,
    Contact,
    Idea,
    InvalidValueError,
    Kind,
    Policy,
    Proposal,
    RelanceError,
    Touch,
    Verdict,
    from_json,
    plan,
    to_json,
)
from relance._io.ics import to_ics
from strategies import DAY, MINUTE, from_us, instants_near, zones

PARIS = "Europe/Paris"
ANA = Contact(id="ana", name="Ana Martin", role="decision_maker", timezone=PARIS, country="FR")
REVIEW = Checkpoint(id="review", contact_id="ana", note="quarterly review",
                    at=pendulum.datetime(2027, 1, 15, 10, tz=PARIS),
                    recurrence="FREQ=MONTHLY;INTERVAL=3;COUNT=4")
ACME = Account(id="acme", name="Acme Media", needs={"training"}, contacts=[ANA],
               checkpoints=[REVIEW])


def _wall(instant: datetime, zone: str) -> datetime:
    return instant.astimezone(zoneinfo.ZoneInfo(zone)).replace(tzinfo=None)


@given(zones(), st.data(), st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]),
       st.integers(1, 4), st.integers(1, 40))
def test_occurrences_keep_their_local_time_across_dst(
    zone: str, data: st.DataObject, freq: str, interval: int, count: int
) -> None:
    """Each occurrence is at the series' local time (shifted forward only in a DST gap).

    Ids are the local dates, unique and in time order; there are COUNT of them.
    """
    start = data.draw(instants_near(zone)) // MINUTE * MINUTE
    contact = attrs.evolve(ANA, timezone=zone)
    series = Checkpoint(id="review", contact_id="ana", at=from_us(start, zone),
                        recurrence=f"FREQ={freq};INTERVAL={interval};COUNT={count}")
    refused = None
    try:
        account = Account(id="acme", name="Acme", needs={"x"}, contacts=[contact],
                          checkpoints=[series])
    except InvalidValueError as exc:
        refused = str(exc)
    if refused is not None:  # only the supported range may refuse it
        assert "supported range" in refused
        return
    found = account.agreed_checkpoints
    assert len(found) <= count  # fewer only where the zone skipped a whole date
    local = _wall(series.at, zone).time()
    instants = [us(o.at) for o in found]
    assert instants == sorted(instants)
    assert len(set(instants)) == len(found)
    assert len({o.id for o in found}) == len(found)
    for occurrence in found:
        wall = _wall(occurrence.at, zone)
        assert occurrence.id == f"review@{occurrence.id.split('@')[1]}"
        if wall.time() != local:  # a wall time that does not exist that day: moved forward
            day = datetime.fromisoformat(occurrence.id.split("@")[1]).date()
            asked = datetime.combine(day, local)
            assert asked.replace(tzinfo=zoneinfo.ZoneInfo(zone)).astimezone(
                timezone.utc).astimezone(zoneinfo.ZoneInfo(zone)).replace(tzinfo=None) != asked
            assert wall > asked
        assert account.checkpoint(occurrence.id) == occurrence


def test_a_quarterly_review_keeps_ten_oclock_across_dst() -> None:
    """January at 10:00 CET, April, July and October at 10:00 CEST."""
    assert [(o.id, o.at.isoformat()) for o in ACME.agreed_checkpoints] == [
        ("review@2027-01-15", "2027-01-15T10:00:00+01:00"),
        ("review@2027-04-15", "2027-04-15T10:00:00+02:00"),
        ("review@2027-07-15", "2027-07-15T10:00:00+02:00"),
        ("review@2027-10-15", "2027-10-15T10:00:00+02:00"),
    ]


def test_the_plan_keeps_each_occurrence_once_and_moves_a_weekend_one() -> None:
    """15 May 2027 is a Saturday, 17 May Whit Monday: that occurrence moves to Tuesday 09:00."""
    monthly = attrs.evolve(REVIEW, recurrence="FREQ=MONTHLY;COUNT=6")
    account = attrs.evolve(ACME, checkpoints=[monthly])
    result = plan(account=account, history=[], ideas=[], policy=Policy(),
                  now=pendulum.datetime(2027, 1, 1, tz=PARIS), horizon=timedelta(weeks=30))
    kept = [r for r in result.relances if r.kind is Kind.CHECKPOINT]
    assert [r.checkpoint_id for r in kept] == [o.id for o in account.agreed_checkpoints]
    (may,) = [r for r in kept if r.checkpoint_id == "review@2027-05-15"]
    assert may.at == pendulum.datetime(2027, 5, 18, 9, tz=PARIS)
    assert may.explanation is not None
    assert may.explanation.params["case"] == "moved"
    assert "moved: the first working slot" in may.why


def test_an_occurrence_is_kept_once() -> None:
    """After the January review was kept, keeping it again is refused; April's is due later."""
    january = ACME.agreed_checkpoints[0]
    history = [Touch(at=january.at, contact_id="ana", channel="phone", direction="outbound",
                     outcome="replied", checkpoint_id=january.id)]
    monday = january.at.add(days=3)

    def keep(checkpoint_id: str) -> Verdict:
        proposal = Proposal(at=monday, contact_id="ana", channel="phone",
                            checkpoint_id=checkpoint_id)
        return Policy().check(proposal, account=ACME, history=history, ideas=[])

    again = keep(january.id)
    assert "checkpoint-unavailable" in again.codes
    assert again.earliest is None
    april = keep("review@2027-04-15")
    assert april.codes == ("checkpoint-not-due",)
    assert april.earliest == pendulum.datetime(2027, 4, 15, 10, tz=PARIS)


@pytest.mark.parametrize(("rule", "says"), [
    ("FREQ=WEEKLY", "give COUNT or UNTIL"),
    ("FREQ=FORTNIGHTLY;COUNT=2", "not an RFC 5545 recurrence rule"),
    ("DTSTART:20270101T000000\nRRULE:FREQ=DAILY;COUNT=2", "without DTSTART"),
    ("FREQ=DAILY;COUNT=5000", "more than 1000 occurrences"),
    ("FREQ=YEARLY;COUNT=300", "supported range"),
    ("FREQ=DAILY;UNTIL=20200101", "no occurrence"),
    ("   ", "must be"),
])
def test_a_rule_that_cannot_be_expanded_is_refused_by_name(rule: str, says: str) -> None:
    with pytest.raises(RelanceError, match=says) as caught:
        attrs.evolve(REVIEW, recurrence=rule)
    assert caught.value.field == "Checkpoint.recurrence"


def test_a_series_cannot_hold() -> None:
    with pytest.raises(InvalidValueError, match="cannot hold") as caught:
        attrs.evolve(REVIEW, hold=True)
    assert caught.value.field == "Checkpoint.hold"


def test_until_in_utc_or_floating_gives_the_same_series() -> None:
    """UNTIL 2027-12-31, floating or as the instant in UTC: the same four occurrences."""
    floating = attrs.evolve(REVIEW, recurrence="FREQ=MONTHLY;INTERVAL=3;UNTIL=20271231T000000")
    utc = attrs.evolve(REVIEW, recurrence="FREQ=MONTHLY;INTERVAL=3;UNTIL=20271230T230000Z")
    assert floating.occurrences_in(ANA.zone) == utc.occurrences_in(ANA.zone)
    assert len(floating.occurrences_in(ANA.zone)) == 4


def test_a_series_round_trips_through_json() -> None:
    assert from_json(Account, to_json(ACME)) == ACME


def test_the_calendar_writes_the_series_and_its_planned_occurrences() -> None:
    """One VEVENT with the RRULE; each kept occurrence overrides it (RECURRENCE-ID)."""
    result = plan(account=ACME, history=[], ideas=[Idea(id="i", summary="i",
                                                        addresses={"training"})],
                  policy=Policy(), now=pendulum.datetime(2027, 1, 1, tz=PARIS),
                  horizon=timedelta(weeks=30))
    calendar = icalendar.Calendar.from_ical(to_ics(result, ACME))
    events = list(calendar.walk("VEVENT"))
    (series,) = [e for e in events if "RRULE" in e]
    assert series["RRULE"]["FREQ"] == ["MONTHLY"]
    assert series["RRULE"]["COUNT"] == [4]
    assert series.decoded("DTSTART") == pendulum.datetime(2027, 1, 15, 10, tz=PARIS)
    overrides = [e for e in events if "RECURRENCE-ID" in e]
    planned = [r for r in result.relances if r.checkpoint_id]
    assert len(overrides) == len(planned) >= 2
    assert {str(e["UID"]) for e in overrides} == {str(series["UID"])}
    for event, relance in zip(overrides, planned, strict=True):
        assert event.decoded("DTSTART") == relance.at
        agreed = ACME.checkpoint(relance.checkpoint_id or "").at
        assert event.decoded("RECURRENCE-ID") == agreed
    ideas = [e for e in events if "RRULE" not in e and "RECURRENCE-ID" not in e]
    assert len(ideas) == len(result.relances) - len(planned)


@given(st.integers(-30 * DAY, 30 * DAY))
def test_a_proposal_names_an_occurrence_not_the_series(offset: int) -> None:
    """The series' own id is no checkpoint a proposal can keep (its occurrences are)."""
    at = from_us(us(REVIEW.at) + offset, PARIS)
    with pytest.raises(RelanceError, match="review@2027-01-15"):
        Policy().check(Proposal(at=at, contact_id="ana", channel="phone", checkpoint_id="review"),
                       account=ACME, history=[], ideas=[])


def test_an_occurrence_in_a_dst_gap_moves_forward() -> None:
    """02:30 daily in Paris: on 28 March 2027 02:30 does not exist; it is 03:30 CEST."""
    daily = attrs.evolve(REVIEW, at=pendulum.datetime(2027, 3, 27, 2, 30, tz=PARIS),
                         recurrence="FREQ=DAILY;COUNT=3")
    account = attrs.evolve(ACME, checkpoints=[daily])
    assert [o.at.isoformat() for o in account.agreed_checkpoints] == [
        "2027-03-27T02:30:00+01:00", "2027-03-28T03:30:00+02:00", "2027-03-29T02:30:00+02:00"]


def test_until_in_utc_is_an_instant_even_in_a_fold() -> None:
    """UNTIL 01:15Z on 31 October 2027 keeps the 02:30 CEST occurrence (00:30Z) that day."""
    daily = attrs.evolve(REVIEW, at=pendulum.datetime(2027, 10, 30, 2, 30, tz=PARIS),
                         recurrence="FREQ=DAILY;UNTIL=20271031T011500Z")
    assert [o.id for o in daily.occurrences_in(ANA.zone)] == [
        "review@2027-10-30", "review@2027-10-31"]


@pytest.mark.parametrize("rule", ["FREQ=DAILY;BYHOUR=10,15;COUNT=4", "FREQ=HOURLY;COUNT=3"])
def test_more_than_one_occurrence_a_day_is_refused_by_name(rule: str) -> None:
    with pytest.raises(InvalidValueError, match="at most one occurrence a day") as caught:
        attrs.evolve(REVIEW, recurrence=rule)
    assert caught.value.field == "Checkpoint.recurrence"
