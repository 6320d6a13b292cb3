"""Caps by calendar period, scope and channel, against brute force."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import oracles
from relance import InvalidValueError
from relance._core.caps import Cap, Period, count_in, period_bounds, period_lift
from relance._core.instants import to_us
from strategies import DST_ZONES

HOUR = 3_600_000_000
BASE = to_us(pendulum.datetime(2026, 1, 1, tz="UTC"))


@given(st.integers(0, 400 * 24).map(lambda h: BASE + h * HOUR + 17), st.sampled_from(DST_ZONES),
       st.sampled_from(list(Period)))
def test_a_period_holds_exactly_the_instants_of_its_local_dates(at, zone_name, period) -> None:  # type: ignore[no-untyped-def]
    start, end = period_bounds(at, ZoneInfo(zone_name), period)
    assert start <= at < end
    assert oracles.same_period(start, at, zone_name, period)
    assert oracles.same_period(end - 1, at, zone_name, period)
    assert not oracles.same_period(start - 1, at, zone_name, period)
    assert not oracles.same_period(end, at, zone_name, period)


@given(st.lists(st.integers(0, 120 * 24), max_size=30), st.integers(0, 120 * 24),
       st.sampled_from(DST_ZONES), st.sampled_from(list(Period)), st.integers(1, 4))
def test_the_lift_is_the_first_period_with_room(hours, at_hour, zone_name, period, count) -> None:  # type: ignore[no-untyped-def]
    zone = ZoneInfo(zone_name)
    out = sorted(BASE + h * HOUR for h in hours)
    at = BASE + at_hour * HOUR
    lift = period_lift(out, at, zone, period, count)

    def full(t: int) -> bool:
        return sum(oracles.same_period(x, t, zone_name, period) for x in out) >= count

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


# -- the rule, through check ------------------------------------------------------------
from relance import Account, Contact, Policy, Proposal, Touch  # noqa: E402

PEOPLE = [Contact(id="ana", name="Ana", role="decision_maker", timezone="Europe/Paris",
                  country="FR", working_hours=("00:00", "23:59")),
          Contact(id="bob", name="Bob", role="champion", timezone="Europe/Paris", country="FR",
                  working_hours=("00:00", "23:59"))]
ACME = Account(id="acme", name="Acme", needs={"x"}, contacts=PEOPLE)


caps_st = st.builds(
    Cap, count=st.integers(1, 3),
    period=st.sampled_from(list(Period)),
    scope=st.sampled_from(["account", "contact"]),
    channel=st.sampled_from([None, "email", "phone"]),
) | st.builds(
    Cap, count=st.integers(1, 3),
    window=st.sampled_from([timedelta(hours=5), timedelta(hours=30), timedelta(hours=200)]),
    scope=st.sampled_from(["account", "contact"]),
    channel=st.sampled_from([None, "email", "phone"]),
)


@given(caps_st, st.lists(st.tuples(st.integers(0, 60 * 24), st.sampled_from(["ana", "bob"]),
                                   st.sampled_from(["email", "phone"])), max_size=12),
       st.integers(0, 60 * 24), st.sampled_from(["ana", "bob"]),
       st.sampled_from(["email", "phone"]))
def test_a_cap_refuses_exactly_when_its_window_or_period_is_full(  # type: ignore[no-untyped-def]
    cap, touches, at_hour, who, channel
) -> None:
    start = BASE + 30 * 24 * HOUR  # late January (no DST in Paris around it)
    history = [Touch(at=pendulum.from_timestamp((start + h * HOUR) / 1e6, tz="Europe/Paris"),
                     contact_id=c, channel=ch, direction="outbound", outcome="replied",
                     checkpoint_id=None) for h, c, ch in touches]
    proposal = Proposal(at=pendulum.from_timestamp((start + at_hour * HOUR + 1) / 1e6,
                                                   tz="Europe/Paris"),
                        contact_id=who, channel=channel, reply=False)
    policy = Policy(caps=[cap], cap=1000, without={"no-new-idea", "too-soon"})
    verdict = policy.check(proposal, account=ACME, history=history, ideas=[])
    full = oracles.cap_full(cap, ACME, history, who, channel, proposal.at)
    assert ("frequency-cap" in verdict.codes) == full
    if full:
        reason = verdict.reasons[verdict.codes.index("frequency-cap")]
        assert reason.lifts_at is not None
        assert not oracles.cap_full(cap, ACME, history, who, channel, reason.lifts_at)


def test_a_cap_that_allowed_at_first_is_asked_again_where_earliest_lands() -> None:
    """Saturday: only the weekend refuses; Monday 09:00 falls in a week a later touch fills.

    The search for ``earliest`` asks again every rule whose answer depends on
    the instant (only those that cannot, such as ``no-new-idea``, are asked
    once): a week of one touch full on Monday afternoon pushes it a week on.
    """
    from relance import Account, Contact, Idea, Policy, Proposal, Touch

    paris = "Europe/Paris"
    ana = Contact(id="ana", name="Ana", role="decision_maker", timezone=paris, country="FR")
    bob = Contact(id="bob", name="Bob", role="champion", timezone=paris, country="FR")
    acme = Account(id="acme", name="Acme", needs={"training"}, contacts=[ana, bob])
    pilot = Idea(id="pilot", summary="A pilot", addresses={"training"})
    later = Touch(at=pendulum.datetime(2026, 11, 30, 15, tz=paris), contact_id="bob",
                  channel="email", direction="outbound", outcome="pending", idea_id="case")
    policy = Policy(caps=[Cap(count=1, period="week")], without={"too-soon"})
    saturday = pendulum.datetime(2026, 11, 28, 10, tz=paris)
    verdict = policy.check(Proposal(at=saturday, contact_id="ana", channel="email",
                                    idea_id="pilot"),
                           account=acme, history=[later], ideas=[pilot])
    assert verdict.codes == ("non-working-day",)
    assert verdict.earliest is not None
    assert verdict.earliest.isoformat() == "2026-12-07T09:00:00+01:00"
