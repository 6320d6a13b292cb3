"""Plans keep every cap, window by window, checked by the testing kit's oracle."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pendulum
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

import oracles
from relance import (
    Account,
    Cap,
    Checkpoint,
    Contact,
    Idea,
    Kind,
    Plan,
    Policy,
    Relance,
    Touch,
    plan,
)
from relance.testing import NeverPushyError, assert_never_pushy
from relance.testing._assertions import _caps_kept, exempt
from relance.testing._strategies import (
    account_of,
    caps,
    durations,
    proposals_for,
    touch_histories,
)
from strategies import World, worlds

PARIS = "Europe/Paris"
ANA = Contact(id="ana", name="Ana", role="decision_maker", timezone=PARIS, country="FR")
BOB = Contact(id="bob", name="Bob", role="champion", timezone=PARIS, country="FR")
ACME = Account(
    id="acme", name="Acme", needs={"x"}, contacts=[ANA, BOB],
    checkpoints=[Checkpoint(id="review", contact_id="ana",
                            at=pendulum.datetime(2026, 11, 26, 10, tz=PARIS))],
)
MONDAY = pendulum.datetime(2026, 11, 23, 10, tz=PARIS)
WEEKLY = Cap(count=1, period="week", scope="contact")
Case = tuple[World, pendulum.DateTime, pendulum.DateTime]


@st.composite
def capped(draw: st.DrawFn) -> Case:
    """A generated world whose policy has one to five caps, a plan's now and horizon.

    The backlog gets up to a dozen more ready ideas, and half the policies
    leave no gap between touches at the account and pause nobody (some leave
    the account's own cap aside), so that the caps do the pacing and fill
    their windows.
    """
    world = draw(worlds())
    more = draw(st.lists(caps(), min_size=1, max_size=3, unique=True))
    policy = attrs.evolve(world.policy, caps=tuple(dict.fromkeys((*world.policy.caps, *more))))
    if draw(st.booleans()):
        policy = attrs.evolve(policy, min_gap=timedelta(0), max_gap=timedelta(0),
                              max_unanswered=50, cap=draw(st.sampled_from([policy.cap, 100])))
    need = sorted(world.account.needs)[0]
    more = [Idea(id=f"more-{n}", summary="One more idea", addresses={need})
            for n in range(draw(st.integers(0, 12)))]
    world = attrs.evolve(world, policy=policy, ideas=(*world.ideas, *more))
    now = world.now
    return world, now, now.add(weeks=draw(st.integers(1, 16)))


@st.composite
def dense(draw: st.DrawFn) -> Case:
    """A healthy account and history, many ready ideas, and caps that do all the pacing."""
    account, base = draw(account_of(healthy=True))
    history = draw(touch_histories(account=account, base=base, idea_ids=[], healthy=True))
    need = sorted(account.needs)[0]
    ideas = tuple(Idea(id=f"idea-{n}", summary="A new idea", addresses={need})
                  for n in range(draw(st.integers(3, 15))))
    policy = Policy(
        min_gap=timedelta(0), max_gap=timedelta(0), max_unanswered=50,
        cap=draw(st.sampled_from([2, 3, 100])), cap_window=draw(durations(40, zero=False)),
        spacing=draw(st.sampled_from([timedelta(hours=1), timedelta(hours=4),
                                      timedelta(days=1)])),
        caps=draw(st.lists(caps(), min_size=1, max_size=4, unique=True)),
    )
    proposal = draw(proposals_for(account=account, base=base, idea_ids=[], healthy=True))
    world = World(account=account, history=tuple(history), ideas=ideas, policy=policy,
                  proposal=proposal)
    now = world.now
    return world, now, now.add(weeks=draw(st.integers(1, 16)))


@given(st.one_of(capped(), dense()))
def test_no_plan_breaks_a_cap(case: Case) -> None:
    """No relance a cap holds back lands in a window or period of it already full."""
    world, now, horizon = case
    result = plan(account=world.account, history=world.history, ideas=world.ideas,
                  policy=world.policy, now=now, horizon=horizon)
    _caps_kept(world.policy, world.account, list(world.history), result)
    # The same, relance by relance, as assert_never_pushy asks it of a proposal.
    touches = list(world.history)
    for relance in result.relances:
        if relance.kind is Kind.IDEA:
            for cap in world.policy.caps:
                assert not oracles.cap_full(cap, world.account, touches, relance.contact_id,
                                            relance.channel, relance.at), (cap, relance)
        touches.append(relance.to_touch())
    timed = [r for r in result.relances if "'timing.cap-" in repr(r.explanation)]
    event(f"relances timed by a cap: {'some' if timed else 'none'}")


@given(capped())
def test_each_full_cap_is_one_reason(case: Case) -> None:
    """A proposal gets one `frequency-cap` reason per cap the oracle finds full, none if exempt."""
    world = case[0]
    p = world.proposal
    verdict = world.check()
    own = oracles.cap_count(world.history, p.at, world.policy.cap_window, world.contact.timezone)
    full = [cap for cap in world.policy.caps
            if oracles.cap_full(cap, world.account, world.history, p.contact_id, p.channel, p.at)]
    expected = 0 if exempt(world) else len(full) + (own >= world.policy.cap)
    assert verdict.codes.count("frequency-cap") == expected
    periods = sorted(r.params["period"].code for r in verdict.reasons
                     if r.code == "frequency-cap" and r.params.get("case") == "period")
    assert periods == ([] if exempt(world) else
                       sorted(f"period.{cap.period.value}" for cap in full if cap.period))


def _plan(*relances: Relance) -> Plan:
    return Plan(account_id="acme", now=MONDAY, horizon=MONDAY.add(weeks=4), relances=relances)


def _idea(at: pendulum.DateTime, who: str = "ana", channel: str = "email") -> Relance:
    return Relance(at=at, contact_id=who, channel=channel, idea_id=f"i{at.day}")


def test_a_relance_in_a_full_week_is_caught_and_the_cap_named() -> None:
    """Two idea relances to Ana in one ISO week break one-a-week-per-contact."""
    result = _plan(_idea(MONDAY), _idea(MONDAY.add(days=6, hours=8)))  # Sunday 18:00
    with pytest.raises(NeverPushyError) as info:
        _caps_kept(Policy(caps=[WEEKLY]), ACME, [], result)
    assert info.value.invariant == "frequency-cap"
    assert "1 touch per week per contact" in str(info.value)
    assert info.value.example == result.relances[1]
    # The next Monday is another week; Bob is another person.
    _caps_kept(Policy(caps=[WEEKLY]), ACME, [],
               _plan(_idea(MONDAY), _idea(MONDAY.add(days=7))))
    _caps_kept(Policy(caps=[WEEKLY]), ACME, [],
               _plan(_idea(MONDAY), _idea(MONDAY.add(hours=5), who="bob")))


def test_a_window_full_from_the_history_or_exempt_touches_breaks_nothing_by_itself() -> None:
    """Over the cap from the past, or from a kept checkpoint, is no fault; a relance on top is."""
    past = [Touch(at=MONDAY.subtract(hours=h), contact_id="ana", channel="email",
                  direction="outbound", outcome="no_answer") for h in (1, 2)]
    keep = Relance(at=pendulum.datetime(2026, 11, 26, 10, tz=PARIS), contact_id="ana",
                   channel="phone", checkpoint_id="review", kind=Kind.CHECKPOINT)
    policy = Policy(caps=[WEEKLY])
    _caps_kept(policy, ACME, past, _plan(keep))  # the week holds 3, but only 1 was held back
    _caps_kept(policy, ACME, [], _plan(_idea(MONDAY), keep))  # exempt, after the idea
    with pytest.raises(NeverPushyError):  # held back after the checkpoint filled the week
        _caps_kept(policy, ACME, [], _plan(keep, _idea(keep.at.add(days=1))))
    with pytest.raises(NeverPushyError):  # held back in a week the history filled
        _caps_kept(policy, ACME, past, _plan(_idea(MONDAY.add(days=2))))


def test_bounces_and_other_channels_are_not_counted() -> None:
    """A bounce reached nobody; a phone cap counts and holds back calls only."""
    bounced = Touch(at=MONDAY.subtract(hours=1), contact_id="ana", channel="email",
                    direction="outbound", outcome="bounced")
    _caps_kept(Policy(caps=[WEEKLY]), ACME, [bounced], _plan(_idea(MONDAY.add(days=1))))
    calls = Cap(count=1, period="week", scope="contact", channel="phone")
    _caps_kept(Policy(caps=[calls]), ACME, [],
               _plan(_idea(MONDAY, channel="phone"), _idea(MONDAY.add(days=1))))
    with pytest.raises(NeverPushyError):
        _caps_kept(Policy(caps=[calls]), ACME, [],
                   _plan(_idea(MONDAY, channel="phone"),
                         _idea(MONDAY.add(days=1), channel="phone")))


def test_a_rolling_window_counts_the_relances_before_within_its_length() -> None:
    """Two a rolling 48 hours: a third is fine 48 hours after the first, not a minute before."""
    two = Cap(count=2, window=timedelta(hours=48))
    policy = Policy(caps=[two], cap=1000)
    first, second = MONDAY, MONDAY.add(hours=30)
    _caps_kept(policy, ACME, [], _plan(_idea(first), _idea(second),
                                       _idea(first.add(hours=48))))
    with pytest.raises(NeverPushyError) as info:
        _caps_kept(policy, ACME, [], _plan(_idea(first), _idea(second),
                                           _idea(first.add(hours=47, minutes=59), who="bob")))
    assert "2 touches already in the window [2026-11-23T09:59:00.000001+01:00, " in str(info.value)
    # The account's own cap is a cap like the others.
    with pytest.raises(NeverPushyError) as info:
        _caps_kept(Policy(cap=1, cap_window=timedelta(days=2)), ACME, [],
                   _plan(_idea(first), _idea(second, who="bob")))
    assert "the account's cap" in str(info.value)


def test_a_policy_that_ignores_its_caps_is_caught_and_the_cap_named() -> None:
    """Without its cap rules, a policy of one touch a week at the account is caught."""
    policy = Policy(min_gap=timedelta(0), max_gap=timedelta(0), cap=1000,
                    caps=[Cap(count=1, period="week")], without={"frequency-cap"})
    with pytest.raises(NeverPushyError) as info:
        assert_never_pushy(policy, max_examples=300)
    assert info.value.invariant == "frequency-cap"
    assert "cap 1 touch per week at the account" in str(info.value)
    assert_never_pushy(attrs.evolve(policy, without=frozenset()), max_examples=100)
