"""An oracle of our own: scan the instants where things change, as the docs describe them.

The promise of `check` (docs/rules.md): `earliest` is allowed and no instant
from `proposal.at` up to it is; every reason's `lifts_at` is when *that* rule
stops refusing, and it refuses at every instant before.  This module does not
trust the rules' own arithmetic: it lists, from the documentation, the
instants at which a verdict can change — DST transitions, the start and end
of the local hours of each date, each touch plus the policy's durations, an
idea's availability and expiry, a checkpoint's time, every lift — and asks
`check` minute by minute around each of them, and hour by hour elsewhere.

A normal profile runs in CI; ``RELANCE_HYPOTHESIS=heavy`` runs thousands.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import oracles
from relance import Policy, Reason, Verdict
from relance.testing import World, worlds

#: Built-in rules a world may drop, so that each rule's own lift is exercised.
DROPPABLE = ("too-soon", "frequency-cap", "outside-hours", "non-working-day", "cooling-off",
             "unanswered-limit", "before-agreed-date")
SPAN = timedelta(days=21)
NEAR = timedelta(minutes=30)


def _rule(reason: Reason) -> str:
    """The rule that gave a reason: its code, and for a cap which cap it is.

    Several caps may refuse at once, each with its own lift: a cap is named by
    what it counts (whose touches, on which channel), its window or calendar
    period, and its count.
    """
    if reason.code != "frequency-cap":
        return str(reason.code)
    params = reason.params
    return "|".join(repr(params.get(key)) for key in ("case", "whose", "window", "period", "cap"))


@st.composite
def scanned_worlds(draw: st.DrawFn) -> World:
    """A world whose policy drops any subset of the droppable rules."""
    world = draw(worlds())
    dropped = draw(st.sets(st.sampled_from(DROPPABLE), max_size=3))
    return attrs.evolve(world, policy=attrs.evolve(world.policy, without=frozenset(dropped)))


EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _utc(value: datetime) -> datetime:
    """The same instant as a plain stdlib datetime in UTC (exact, comparable)."""
    return EPOCH + timedelta(microseconds=oracles.us(value))


def _events(world: World, verdict: Verdict, start: datetime, end: datetime) -> set[datetime]:
    """Instants near which a verdict may change (from the docs, not from the rules' code)."""
    contact = world.contact
    zone = ZoneInfo(contact.timezone)
    policy = world.policy
    hours = oracles.hours_of(contact, policy)
    also = policy.schedules.get(world.proposal.channel)
    walls = {time(0), *oracles.hour_marks(hours), *oracles.hour_marks(also)}
    found: set[datetime] = set()
    # Local dates: midnight, the start and end of every interval of the
    # contact's working time and of the channel's (any date, working or not).
    day: date = _utc(start).astimezone(zone).date() - timedelta(days=1)
    while datetime.combine(day, time(0), tzinfo=zone) <= end:
        for wall in walls:
            found.add(datetime.combine(day, wall, tzinfo=zone))
        day += timedelta(days=1)
    # DST transitions: where the offset changes between two hours.
    probe = _utc(start) - timedelta(hours=1)
    while probe <= end:
        if probe.astimezone(zone).utcoffset() != (probe + timedelta(hours=1)).astimezone(
            zone
        ).utcoffset():
            found.add(probe + timedelta(minutes=30))
        probe += timedelta(hours=1)
    # Touches plus every duration of the policy, and their required gaps.
    durations = {policy.cap_window, policy.cool_off,
                 *(policy.required_gap(n) for n in range(policy.max_unanswered + 2))}
    for touch in world.history:
        found.add(touch.at)
        for duration in durations:
            found.add(oracles.add(touch.at, duration, contact.timezone))
    for idea in world.ideas:
        found.update(x for x in (idea.available_from, idea.expires_at) if x is not None)
    found.update(cp.at for cp in world.account.checkpoints)
    found.update(r.lifts_at for r in verdict.reasons if r.lifts_at is not None)
    if verdict.earliest is not None:
        found.add(verdict.earliest)
    return {e for e in found if start - NEAR <= e <= end + NEAR}


def _candidates(world: World, verdict: Verdict) -> list[datetime]:
    """Hour by hour from the proposal, minute by minute around every event."""
    start = _utc(world.proposal.at)
    last = start + SPAN
    if verdict.earliest is not None:
        last = min(last, _utc(verdict.earliest))
    points = {start + timedelta(hours=h) for h in range(int(SPAN / timedelta(hours=1)) + 1)}
    for event in _events(world, verdict, start, last):
        base = _utc(event).replace(second=0, microsecond=0)
        points.update(base + timedelta(minutes=m) for m in range(-30, 31))
        points.add(_utc(event))
    return sorted(p for p in points if start <= p <= last)


# A quarter of the profile's examples (each scans some thousand instants):
# 25 in CI, 750 with RELANCE_HYPOTHESIS=heavy.
@settings(max_examples=max(25, settings.default.max_examples // 4))
@given(scanned_worlds())
def test_earliest_and_every_lift_are_exact_on_the_scanned_instants(world: World) -> None:
    """Nothing from the proposal up to `earliest` is allowed; each rule lifts where it says."""
    verdict = world.check()
    codes_at: dict[datetime, frozenset[str]] = {}

    def codes(at: datetime) -> frozenset[str]:
        if at not in codes_at:
            moved = attrs.evolve(world.proposal, at=at.astimezone(ZoneInfo("UTC")))
            codes_at[at] = frozenset(_rule(r) for r in world.check(at=moved.at).reasons)
        return codes_at[at]

    candidates = _candidates(world, verdict)
    earliest = None if verdict.earliest is None else _utc(verdict.earliest)
    for at in candidates:
        if earliest is None or at < earliest:
            assert codes(at), f"allowed at {at.isoformat()}, before earliest {earliest}"
    if earliest is not None:
        assert not codes(earliest), f"refused at earliest {earliest.isoformat()}"
    for reason in verdict.reasons:
        lift = None if reason.lifts_at is None else _utc(reason.lifts_at)
        for at in candidates:
            if lift is None or at < lift:
                assert _rule(reason) in codes(at), (
                    f"{reason.code} does not refuse at {at.isoformat()}, before its lift {lift}"
                )
        if lift is not None and lift <= _utc(world.proposal.at) + SPAN:
            assert _rule(reason) not in codes(lift), (
                f"{reason.code} still refuses at its own lift {lift.isoformat()}"
            )


def test_the_scan_would_have_caught_a_late_lift() -> None:
    """Sanity: a policy dropping outside-hours gets Monday 00:00, and the scan checks it."""
    import pendulum

    from relance import Account, Contact, Idea, Proposal

    ana = Contact(id="ana", name="Ana", role="decision_maker", timezone="Europe/Paris",
                  country="FR")
    world = World(
        account=Account(id="acme", name="Acme", needs={"x"}, contacts=[ana]),
        history=(),
        ideas=(Idea(id="i", summary="s", addresses={"x"}),),
        policy=Policy(without={"outside-hours"}),
        proposal=Proposal(at=pendulum.datetime(2026, 11, 8, 10, tz="Europe/Paris"),
                          contact_id="ana", channel="email", idea_id="i"),
    )
    verdict = world.check()
    assert verdict.earliest is not None
    assert verdict.earliest.isoformat() == "2026-11-09T00:00:00+01:00"
    instants = _candidates(world, verdict)
    assert _utc(verdict.earliest) in instants
    assert len(instants) > 24
