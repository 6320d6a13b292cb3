"""DST: gaps, folds, days that start at 01:00 and 30-minute shifts.

Each property is pinned with the named regressions it must survive, so a
failure names the night that broke it.
"""

from __future__ import annotations

from datetime import date, time, timedelta

import attrs
import pendulum
from hypothesis import example, given
from hypothesis import strategies as st

import oracles
from oracles import us
from relance import Account, Contact, Idea, Policy, Proposal, Touch, WorkingHours
from strategies import from_us, instants_near, zones

PARIS = "Europe/Paris"
SANTIAGO = "America/Santiago"
LORD_HOWE = "Australia/Lord_Howe"

# (zone, anchor, days): the lift lands on a DST night.
SPRING_FORWARD_GAP = (PARIS, pendulum.datetime(2026, 3, 22, 2, 30, tz=PARIS), 7)
FALL_BACK_FOLD = (PARIS, pendulum.datetime(2026, 10, 18, 2, 30, tz=PARIS), 7)
DAY_STARTS_AT_ONE = (SANTIAGO, pendulum.datetime(2026, 8, 30, 0, 30, tz=SANTIAGO), 7)
HALF_HOUR_SHIFT = (LORD_HOWE, pendulum.datetime(2026, 9, 27, 2, 15, tz=LORD_HOWE), 7)


@st.composite
def anchors(draw: st.DrawFn) -> tuple[str, pendulum.DateTime, int]:
    zone = draw(zones())
    return zone, from_us(draw(instants_near(zone)), zone), draw(st.integers(1, 60))


def _account(zone: str, hours: WorkingHours, country: str = "FR") -> tuple[Account, list[Idea]]:
    ana = Contact(
        id="ana",
        name="Ana",
        role="decision_maker",
        timezone=zone,
        country=country,
        working_hours=hours,
    )
    account = Account(id="acme", name="Acme", needs={"budget"}, contacts=[ana])
    return account, [Idea(id="new", summary="A new angle on the budget", addresses={"budget"})]


@given(anchors())
@example(SPRING_FORWARD_GAP).via("spring-forward gap: 02:30 does not exist, lift at 03:30")
@example(FALL_BACK_FOLD).via("fall-back fold: 02:30 happens twice, lift at the later")
@example(DAY_STARTS_AT_ONE).via("a day whose 00:00 is skipped")
@example(HALF_HOUR_SHIFT).via("a 30-minute DST shift")
def test_spacing_counts_calendar_days_in_the_contacts_zone(
    anchor: tuple[str, pendulum.DateTime, int],
) -> None:
    """`too-soon` lifts exactly at pendulum's `last.in_tz(zone).add(days=n)`."""
    zone, last, days = anchor
    account, ideas = _account(zone, WorkingHours(start="00:00", end="23:59"))
    policy = Policy(min_gap=timedelta(days=days), backoff=1, max_gap=timedelta(days=days), cap=9)
    history = [
        Touch(at=last, contact_id="ana", channel="email", direction="outbound", outcome="replied")
    ]
    lift = oracles.add(last, timedelta(days=days), zone)
    proposal = Proposal(at=last.add(minutes=1), contact_id="ana", channel="email", idea_id="new")
    verdict = policy.check(proposal, account=account, history=history, ideas=ideas)
    reasons = {r.code: r for r in verdict.reasons}
    lifts_at = reasons["too-soon"].lifts_at
    assert lifts_at is not None
    assert us(lifts_at) == us(lift)  # not `==`: datetimes in one zone ignore `fold`
    assert verdict.earliest is not None
    assert us(verdict.earliest) >= us(lift)
    just_before = Proposal(
        at=lift.subtract(microseconds=1), contact_id="ana", channel="email", idea_id="new"
    )
    assert (
        "too-soon" in policy.check(just_before, account=account, history=history, ideas=ideas).codes
    )


def test_spring_forward_lift_moves_forward_by_the_gap() -> None:
    """02:30 on the spring-forward night does not exist: the lift is 03:30 CEST."""
    zone, last, days = SPRING_FORWARD_GAP
    assert oracles.add(last, timedelta(days=days), zone).isoformat() == "2026-03-29T03:30:00+02:00"


def test_fall_back_lift_takes_the_later_occurrence() -> None:
    """02:30 happens twice on the fall-back night: the lift is the second, +01:00."""
    zone, last, days = FALL_BACK_FOLD
    assert oracles.add(last, timedelta(days=days), zone).isoformat() == "2026-10-25T02:30:00+01:00"


@st.composite
def openings(draw: st.DrawFn) -> tuple[str, date, time]:
    zone = draw(zones())
    day = from_us(draw(instants_near(zone)), zone).date()
    return (
        zone,
        day,
        draw(
            st.sampled_from([time(0), time(0, 30), time(1), time(2), time(2, 30), time(3), time(9)])
        ),
    )


@given(openings())
@example((SANTIAGO, date(2026, 9, 7), time(0))).via(
    "Santiago: 00:00 skipped on 6 Sept, checked the next working day"
)
@example((SANTIAGO, date(2026, 9, 6), time(0))).via("Santiago: the day starts at 01:00")
@example((LORD_HOWE, date(2026, 10, 5), time(2))).via("Lord Howe: 02:00-02:30 skipped")
@example((PARIS, date(2026, 3, 30), time(2, 30))).via("Paris: the Monday after spring-forward")
@example((PARIS, date(2026, 10, 26), time(2, 30))).via("Paris: the Monday after fall-back")
def test_the_working_day_opens_at_the_first_instant_at_or_after_its_start(
    opening: tuple[str, date, time],
) -> None:
    """A proposal before the opening waits until the first instant at or after `start`.

    In a gap, that is the transition itself.
    """
    zone, day, start = opening
    account, ideas = _account(zone, WorkingHours(start=start, end=time(23, 59)))
    contact = account.contact("ana")
    # One minute after local midnight of the previous date, expressed in UTC.
    probe = pendulum.datetime(day.year, day.month, day.day, tz=zone).subtract(hours=12)
    verdict = Policy().check(
        Proposal(at=probe, contact_id="ana", channel="email", idea_id="new"),
        account=account,
        history=[],
        ideas=ideas,
    )
    assert verdict.earliest is not None
    assert oracles.in_working_time(contact, contact.working_hours, verdict.earliest)  # type: ignore[arg-type]
    earlier = verdict.earliest.subtract(minutes=1)
    if us(earlier) > us(probe):
        assert not oracles.in_working_time(contact, contact.working_hours, earlier)  # type: ignore[arg-type]


def test_santiago_day_that_starts_at_one() -> None:
    """On 6 September 2026 Santiago skips 00:00-01:00: hours from 00:00 open at 01:00 -03."""
    _, ideas = _account(SANTIAGO, WorkingHours(start="00:00", end="18:00"))
    saturday_night = pendulum.datetime(2026, 9, 5, 20, tz=SANTIAGO)
    account = Account(
        id="acme",
        name="Acme",
        needs={"budget"},
        contacts=[
            Contact(
                id="ana",
                name="Ana",
                role="decision_maker",
                timezone=SANTIAGO,
                country="IL",
                working_hours=WorkingHours(start="00:00", end="18:00"),
            )
        ],
    )
    # Israel's weekend is Friday-Saturday, so Sunday 6 September is a working day.
    verdict = Policy().check(
        Proposal(at=saturday_night, contact_id="ana", channel="email", idea_id="new"),
        account=account,
        history=[],
        ideas=ideas,
    )
    # Saturday in Israel's calendar, and 20:00 is past 18:00: each rule says so.
    assert verdict.codes == ("outside-hours", "non-working-day")
    lifts = {r.code: r.lifts_at for r in verdict.reasons}
    assert lifts["non-working-day"].isoformat() == "2026-09-06T01:00:00-03:00"  # type: ignore[union-attr]
    assert verdict.earliest is not None
    assert verdict.earliest.isoformat() == "2026-09-06T01:00:00-03:00"


def test_lord_howe_half_hour_gap() -> None:
    """Lord Howe skips 02:00-02:30 on 4 October 2026: hours from 02:00 open at 02:30 +11."""
    account, ideas = _account(LORD_HOWE, WorkingHours(start="02:00", end="18:00"), "IL")
    proposal = Proposal(
        at=pendulum.datetime(2026, 10, 4, 1, 0, tz=LORD_HOWE),
        contact_id="ana",
        channel="email",
        idea_id="new",
    )
    verdict = Policy().check(proposal, account=account, history=[], ideas=ideas)
    assert verdict.earliest is not None
    assert verdict.earliest.isoformat() == "2026-10-04T02:30:00+11:00"


def test_working_hours_ending_in_a_fold_close_at_the_first_occurrence() -> None:
    """Paris, 25 October 2026: hours ending at 02:30 close at the first 02:30 (+02:00)."""
    account, ideas = _account(PARIS, WorkingHours(start="00:00", end="02:30"), "IL")
    policy = Policy()
    first = pendulum.datetime(2026, 10, 25, 2, 29, tz=PARIS, fold=0)  # 02:29 +02:00
    second = pendulum.datetime(2026, 10, 25, 2, 0, tz=PARIS, fold=1)  # 02:00 +01:00
    allowed = policy.check(
        Proposal(at=first, contact_id="ana", channel="email", idea_id="new"),
        account=account,
        history=[],
        ideas=ideas,
    )
    refused = policy.check(
        Proposal(at=second, contact_id="ana", channel="email", idea_id="new"),
        account=account,
        history=[],
        ideas=ideas,
    )
    assert first.utcoffset() == timedelta(hours=2)
    assert second.utcoffset() == timedelta(hours=1)
    assert allowed.allowed
    assert refused.codes == ("outside-hours",)


def _earliest_after_saturday_noon(gap: timedelta) -> pendulum.DateTime:
    """Paris springs forward on Sunday 29 March 2026; the contact works Sundays (IL)."""
    account, ideas = _account(PARIS, WorkingHours(start="00:00", end="23:59"), country="IL")
    policy = Policy(min_gap=gap, backoff=1, max_gap=gap)
    last = pendulum.datetime(2026, 3, 28, 12, tz=PARIS)
    history = [
        Touch(at=last, contact_id="ana", channel="email", direction="outbound", outcome="replied")
    ]
    proposal = Proposal(at=last.add(hours=1), contact_id="ana", channel="email", idea_id="new")
    verdict = policy.check(proposal, account=account, history=history, ideas=ideas)
    assert verdict.earliest is not None
    return verdict.earliest


def test_elapsed_durations_ignore_the_clock_change() -> None:
    """A 36-hour gap is 36 elapsed hours across spring-forward (local clock: 37)."""
    earliest = _earliest_after_saturday_noon(timedelta(hours=36))
    assert earliest.isoformat() == "2026-03-30T01:00:00+02:00"


def test_a_whole_number_of_days_is_calendar_days() -> None:
    """`timedelta(hours=24)` *is* `timedelta(days=1)` in Python: a calendar day (23 h here)."""
    earliest = _earliest_after_saturday_noon(timedelta(hours=24))
    assert earliest.isoformat() == "2026-03-29T12:00:00+02:00"


def test_frequency_cap_across_the_fall_back_fold() -> None:
    """02:50 CEST then 02:10 CET (20 min apart), one a day: the cap lifts when both have left."""
    paris = "Europe/Paris"
    first = pendulum.datetime(2026, 10, 25, 0, 50, tz="UTC").in_tz(paris)  # 02:50 CEST
    second = pendulum.datetime(2026, 10, 25, 1, 10, tz="UTC").in_tz(paris)  # 02:10 CET
    account, ideas = _account(paris, WorkingHours(start="00:00", end="23:59"))
    history = [Touch(at=at, contact_id="ana", channel="email", direction="outbound",
                     outcome="replied") for at in (first, second)]
    policy = Policy(cap=1, cap_window=timedelta(days=1),
                    without={"too-soon", "non-working-day", "outside-hours"})
    proposal = Proposal(at=second.add(minutes=5), contact_id="ana", channel="email",
                        idea_id="new")
    verdict = policy.check(proposal, account=account, history=history, ideas=ideas)
    lift = next(r.lifts_at for r in verdict.reasons if r.code == "frequency-cap")
    assert lift is not None
    # 02:10 CET leaves at 02:10 on the 26th, 02:50 CEST at 02:50: the later leave.
    assert lift.isoformat() == "2026-10-26T02:50:00+01:00"
    assert verdict.earliest is not None
    assert verdict.earliest.timestamp() == lift.timestamp()
    again = policy.check(attrs.evolve(proposal, at=lift), account=account, history=history,
                         ideas=ideas)
    assert again.allowed
