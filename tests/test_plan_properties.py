"""The invariants of ``plan`` (DESIGN.md §4), over generated worlds."""

from __future__ import annotations

import itertools
import random
from datetime import timedelta
from unittest import mock

import attrs
import pendulum
from hypothesis import assume, given
from hypothesis import strategies as st

import oracles
from oracles import us
from relance import (
    Cap,
    Code,
    Explanation,
    History,
    Kind,
    Plan,
    Policy,
    Relance,
    Role,
    Touch,
    plan,
)
from relance._core import planner as planner_module
from relance._core.flags import FLAGS
from relance._core.planner import AHEAD
from strategies import World, worlds, zones


@attrs.frozen(kw_only=True)
class Case:
    """A world to plan, from ``now`` to ``horizon``."""

    world: World
    now: pendulum.DateTime
    horizon: pendulum.DateTime

    def plan(self, **changes: object) -> Plan:
        """The plan, with keyword changes to its arguments."""
        args: dict[str, object] = {
            "account": self.world.account,
            "history": self.world.history,
            "ideas": self.world.ideas,
            "policy": self.world.policy,
            "now": self.now,
            "horizon": self.horizon,
        }
        args.update(changes)
        return plan(**args)  # type: ignore[arg-type]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    world = draw(worlds())
    now = world.now
    weeks = draw(st.integers(1, 16))
    return Case(world=world, now=now, horizon=now.add(weeks=weeks))


def _replay(case: Case, result: Plan):  # type: ignore[no-untyped-def]
    """Yield (relance, history before it, instant searched from)."""
    history = History(case.world.history)
    cursor = case.now
    for relance in result.relances:
        yield relance, history, cursor
        history = history.with_touch(relance.to_touch())
        cursor = relance.at


@given(cases())
def test_every_relance_passes_check(case: Case) -> None:
    """Sound: each relance is allowed against the history plus the relances before it."""
    result = case.plan()
    world = case.world
    for relance, history, _ in _replay(case, result):
        verdict = world.policy.check(
            relance.proposal, account=world.account, history=history, ideas=world.ideas
        )
        assert verdict.allowed, (relance, verdict)
        assert us(case.now) <= us(relance.at) <= us(case.horizon)
        assert relance.why


@given(cases())
def test_no_relance_waits_longer_than_the_rules_require(case: Case) -> None:
    """From the previous relance (or now), each relance is at its earliest allowed instant."""
    result = case.plan()
    world = case.world
    for relance, history, cursor in _replay(case, result):
        early = attrs.evolve(relance.proposal, at=cursor)
        verdict = world.policy.check(
            early, account=world.account, history=history, ideas=world.ideas
        )
        if _enveloped(relance):  # held back by the red flags' envelope: later, never sooner
            assert verdict.earliest is not None
            assert us(verdict.earliest) <= us(relance.at)
        else:
            assert verdict.earliest == relance.at


def _enveloped(relance: Relance) -> bool:
    """Whether the red flags' envelope (no sooner than without them) set the relance's time."""
    timing = None if relance.explanation is None else relance.explanation.params.get("timing")
    return isinstance(timing, Explanation) and timing.code == "timing.flag-envelope"


def _bounded(result: Plan) -> bool:
    """Whether the red flags' envelope bounded the plan (a time, or the number of relances)."""
    return any(_enveloped(r) for r in result.relances) or any(
        w.explanation is not None and w.explanation.params.get("case") == "envelope"
        for w in result.waiting)


def _responded(touches: list[Touch], contact_id: str) -> pendulum.DateTime | None:
    """The contact's latest answer: an inbound touch or an answered outbound one.

    An out-of-office reply is no answer, and a bounce reached nobody.
    """
    answers = [
        t.at for t in oracles.through(touches)
        if t.contact_id == contact_id
        and t.outcome.value not in ("out_of_office", "bounced")
        and (t.direction.value == "inbound" or t.outcome not in oracles.UNANSWERED)
    ]
    return max(answers, key=us) if answers else None


def _target_earliest(case: Case) -> pendulum.DateTime | None:
    """The documented choice, through public ``check``: when could anything first go out?"""
    world = case.world
    account = world.account

    def earliest(contact_id: str, **carried: object) -> pendulum.DateTime | None:
        found = []
        for channel in account.contact(contact_id).channels:
            proposal = world.proposal.__class__(
                at=case.now, contact_id=contact_id, channel=channel, **carried  # type: ignore[arg-type]
            )
            verdict = world.policy.check(
                proposal, account=account, history=world.history, ideas=world.ideas
            )
            if verdict.earliest is not None:
                found.append(verdict.earliest)
        return min(found, key=us, default=None)

    times = [earliest(c.id, reply=True) for c in account.contacts
             if oracles.awaiting(world.history, c.id) is not None]
    times += [earliest(cp.contact_id, checkpoint_id=cp.id) for cp in account.agreed_checkpoints]
    touches = list(world.history)
    declined = oracles.decliner(touches)
    for idea in world.ideas:
        deciders = [earliest(c.id, idea_id=idea.id) for c in account.contacts
                    if c.role is Role.DECISION_MAKER or c.allocates_budget]
        if any(t is not None for t in deciders):
            times += deciders
            continue
        # Not back to someone without authority whose decline stands.
        others = [c for c in account.contacts
                  if c.role is not Role.DECISION_MAKER and not c.allocates_budget
                  and c.id != declined]
        responsive = sorted((c for c in others if _responded(touches, c.id) is not None),
                            key=lambda c: (-_responded(touches, c.id).timestamp(), c.id))  # type: ignore[union-attr]
        order = {r: i for i, r in enumerate(
            [Role.CHAMPION, Role.INFLUENCER, Role.USER, Role.GATEKEEPER])}
        rest = sorted((c for c in others if c not in responsive),
                      key=lambda c: (order[c.role], c.id))
        for contact in [*responsive, *rest]:
            when = earliest(contact.id, idea_id=idea.id)
            if when is not None:
                times.append(when)
                break
    found = [t for t in times if t is not None]
    return min(found, key=us) if found else None


@given(cases())
def test_the_first_relance_is_at_the_earliest_instant_anything_is_allowed(case: Case) -> None:
    """Earliest: the first relance is when the first reply, checkpoint or idea is allowed.

    An idea counts for the contact the documented choice gives it to.
    """
    result = case.plan()
    first = _target_earliest(case)
    if first is None or us(first) > us(case.horizon):
        assert not result.relances
    else:
        assert result.relances
        assert us(result.relances[0].at) == us(first)


@given(cases(), st.randoms(use_true_random=False), zones())
def test_the_plan_is_deterministic(case: Case, rnd: random.Random, zone: str) -> None:
    """Same inputs, same plan: whatever the order of history and ideas, the zone of now."""
    result = case.plan()
    history = list(case.world.history)
    ideas = list(case.world.ideas)
    rnd.shuffle(history)
    rnd.shuffle(ideas)
    again = case.plan(history=history, ideas=ideas, now=case.now.in_tz(zone))
    assert again == result
    assert str(again) == str(result)


@given(cases())
def test_the_plan_is_stable(case: Case) -> None:
    """Carrying out the first relance and re-planning from it yields the rest unchanged."""
    result = case.plan()
    if not result.relances:
        return
    first = result.relances[0]
    again = case.plan(history=(*case.world.history, first.to_touch()), now=first.at)
    # Stable while the facts stay the same: the red flags read at both instants
    # (a deadline may come within the process's reach), and no envelope bound
    # the plan (it is measured afresh from the new history; docs/planner.md).
    assume(not _bounded(result))
    assume([f.code for f in again.flags] == [f.code for f in result.flags])
    assert again.relances == result.relances[1:]


@given(cases())
def test_never_pushy(case: Case) -> None:
    """Spacing, no idea twice, the cap, working time, quiet periods, absences, cool-off."""
    result = case.plan()
    world = case.world
    policy: Policy = world.policy
    touches = list(world.history)
    ideas_sent = {t.idea_id for t in oracles.outbound(touches)}
    for relance in result.relances:
        contact = world.account.contact(relance.contact_id)
        hours = oracles.hours_of(contact, policy)
        assert oracles.in_working_time(contact, hours, relance.at,
                                       policy.schedules.get(relance.channel))
        idea = next((i for i in world.ideas if i.id == relance.idea_id), None)
        repairing = idea is not None and idea.repair and oracles.tension_lift(
            world.account, touches, relance.at) is not None
        if relance.kind is Kind.IDEA:
            assert relance.idea_id not in ideas_sent
            out = oracles.outbound(touches)
            if out:  # in a tension, a repair action keeps the base gap (no backoff)
                gap = policy.required_gap(0 if repairing else oracles.streak(touches))
                assert us(relance.at) >= us(oracles.add(out[-1].at, gap, contact.timezone))
            if idea is not None and not idea.repair:
                assert oracles.tension_lift(world.account, touches, relance.at) is None
            count = oracles.cap_count(touches, relance.at, policy.cap_window, contact.timezone)
            assert count < policy.cap
        if relance.kind is not Kind.CHECKPOINT and relance.kind is not Kind.REPLY:
            assert oracles.quiet_lift(world.account, contact.id, relance.at) is None
        if relance.kind is not Kind.REPLY:
            assert oracles.away_lift(world.account, touches, contact, policy, relance.at) is None
            spaced = oracles.spaced(touches, contact.id, relance.at, policy.spacing)
            assert us(spaced) == us(relance.at)  # never two at one instant, nor too close
            declined = oracles.decline(touches)
            if declined is not None and not repairing:
                cooled = oracles.add(declined, policy.cool_off, contact.timezone)
                assert us(relance.at) >= us(cooled)
        ideas_sent.add(relance.idea_id)
        touches.append(relance.to_touch())


@given(cases())
def test_always_present(case: Case) -> None:
    """Every silence longer than max_silence, within the horizon, has an IdeaNeeded inside."""
    result = case.plan()
    limit = case.world.policy.max_silence // timedelta(microseconds=1)  # elapsed time
    now, horizon = us(case.now), us(case.horizon)
    out = oracles.outbound(case.world.history)
    points = [min(us(out[-1].at), now) if out else now]
    points += [us(r.at) for r in result.relances] + [horizon]
    needs = [us(n.by) for n in result.needs]
    moved = [str(n.explanation.params["case"]).endswith("-moved")  # type: ignore[union-attr]
             for n in result.needs]
    for begin, end in itertools.pairwise(points):
        if max(begin + limit, now) < end == horizon:
            # The last silence is always announced: inside it, or past the
            # horizon when that is the first moment its target can be reached.
            assert any(begin <= by and (by < end or late)
                       for by, late in zip(needs, moved, strict=True)), (begin, end, needs)
    # An earlier silence is announced inside it, unless its target cannot be
    # reached before the relance that ends it (that relance is the presence):
    # a need is never at or after the next relance since the touch it counts from.
    for need in result.needs:
        since = need.explanation.params["since"]  # type: ignore[union-attr]
        start = us(since.params["last"]) if since.code == "since.last" else points[0]
        assert not any(start < us(r.at) <= us(need.by) for r in result.relances), need
    world = case.world
    for by, late, need in zip(needs, moved, result.needs, strict=True):
        assert now <= by
        assert by <= horizon or late
        assert "is needed by" in need.why
        if need.contact_id is not None:
            # By an instant its target can be reached: working time, no quiet
            # period, not away (what the plan knew then).
            contact = world.account.contact(need.contact_id)
            hours = oracles.hours_of(contact, world.policy)
            touches = [*world.history, *(r.to_touch() for r in result.relances
                                         if us(r.at) < by)]
            if "outside-hours" not in world.policy.without and (
                    "non-working-day" not in world.policy.without):
                assert oracles.in_working_time(contact, hours, need.by)
            assert oracles.quiet_lift(world.account, contact.id, need.by) is None
            assert oracles.away_lift(world.account, touches, contact, world.policy,
                                     need.by) is None
            if "owner-away" not in world.policy.without:
                assert oracles.owner_lift(world.account, need.by) is None


@given(cases())
def test_skipped_ideas_carry_their_code(case: Case) -> None:
    """Ideas the plan cannot use are listed with a stable code, and never planned."""
    result = case.plan()
    planned = {r.idea_id for r in result.relances}
    for skipped in result.skipped:
        assert skipped.code in {c.value for c in Code}
        assert skipped.idea_id not in planned
    for idea in case.world.ideas:
        if not idea.addresses & case.world.account.needs:
            assert any(s.idea_id == idea.id and s.code == "idea-not-relevant"
                       for s in result.skipped)


@given(cases())
def test_paused_contacts_get_advice(case: Case) -> None:
    """Whoever the pessimistic plan leaves paused gets advice to change the approach."""
    result = case.plan()
    touches = [*case.world.history, *(r.to_touch() for r in result.relances)]
    for contact in case.world.account.contacts:
        if oracles.streak(touches, contact.id) >= case.world.policy.max_unanswered:
            advice = [a for a in result.advice if a.contact_id == contact.id
                      and a.code == "unanswered-limit"]
            assert advice
            assert advice[0].suggest_contact_id != contact.id



@given(cases())
def test_nothing_in_the_backlog_disappears(case: Case) -> None:
    """Every idea is planned, skipped with a code, or waiting with what holds it: once."""
    result = case.plan()
    planned = [r.idea_id for r in result.relances if r.idea_id is not None]
    skipped = [s.idea_id for s in result.skipped]
    waiting = [w.idea_id for w in result.waiting]
    every = planned + skipped + waiting
    assert sorted(every) == sorted(i.id for i in case.world.ideas)
    codes = {c.value for c in Code}
    for item in result.waiting:
        # A rule's code; or a red flag's, when the flags hold the idea back.
        assert item.code in codes or item.code == "unreachable" or item.code in FLAGS
        assert item.explanation is not None
        if item.until is not None:  # it could go out, after the horizon
            assert us(item.until) > us(case.horizon)


@st.composite
def crowded(draw: st.DrawFn) -> Case:
    """A case whose backlog holds several ideas aimed alike (a group bigger than AHEAD + 1)."""
    case = draw(cases())
    ideas = list(case.world.ideas)
    assume(ideas)
    model = draw(st.sampled_from(ideas))
    extra = [attrs.evolve(model, id=f"{model.id}-twin{k}", summary=f"twin {k}",
                          priority=draw(st.sampled_from([model.priority, model.priority + 1])))
             for k in range(draw(st.integers(AHEAD + 1, 3 * AHEAD)))]
    policy = case.world.policy
    monthly = Cap(count=1, period="month")
    if monthly not in policy.caps and draw(st.booleans()):
        # A cap that holds ideas back, gaps that do not: relances name those behind.
        policy = attrs.evolve(policy, caps=(*policy.caps, monthly), min_gap=timedelta(days=1),
                              max_gap=timedelta(days=1))
    world = attrs.evolve(case.world, ideas=tuple(ideas + extra), policy=policy)
    return attrs.evolve(case, world=world)


@given(crowded())
def test_ideas_aimed_alike_plan_as_if_each_were_a_candidate(case: Case) -> None:
    """Giving a candidate only to the first ideas of a group aimed alike changes nothing.

    Each step of the planner gives a candidate to the first AHEAD + 1 ideas
    of a group (same start, target, staleness and kind), so that a backlog of
    a thousand ideas does not cost a thousand candidates a step; with every
    idea a candidate, the plan must be the very same.
    """
    grouped = case.plan()
    with mock.patch.object(planner_module, "_GROUP", 10**9):
        assert case.plan() == grouped
