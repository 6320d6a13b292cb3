"""Ready assertions: is a verdict exact, a plan sound, a policy never pushy?"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from typing import Any

import attrs
import pendulum
from hypothesis import HealthCheck, given, settings

from .._core.caps import Cap
from .._core.history import History
from .._core.models import Account, Direction, Idea, Outcome, Proposal, Touch
from .._core.plan import Kind, Plan
from .._core.planner import plan as make_plan
from .._core.policy import Policy
from .._core.verdict import Verdict
from . import _oracles as oracles
from ._oracles import us
from ._strategies import World, worlds

__all__ = [
    "NeverPushyError",
    "assert_never_pushy",
    "assert_plan_sound",
    "assert_verdict_exact",
]


class NeverPushyError(AssertionError):
    """A policy, verdict or plan broke an invariant of DESIGN.md §3-§4.

    ``invariant`` names it; ``example`` is the (minimal) counter-example.
    """

    def __init__(self, invariant: str, detail: str, example: object = None) -> None:
        super().__init__(f"{invariant}: {detail}\ncounter-example: {example!r}")
        self.invariant = invariant
        self.example = example


def assert_verdict_exact(
    verdict: Verdict,
    proposal: Proposal,
    *,
    policy: Policy,
    account: Account,
    history: History | Iterable[Touch],
    ideas: Iterable[Idea] | Mapping[str, Idea],
    probes: Iterable[float] = (0.0, 0.25, 0.5, 0.75),
) -> None:
    """``earliest`` is allowed, no probed instant before it is, and ``None`` is final."""

    def at(instant: pendulum.DateTime) -> Verdict:
        return policy.check(
            attrs.evolve(proposal, at=instant), account=account, history=history, ideas=ideas
        )

    start = us(proposal.at)
    if verdict.allowed != (verdict.earliest is not None and us(verdict.earliest) == start):
        raise NeverPushyError("verdict-consistent", "allowed must mean earliest == at", verdict)
    if verdict.earliest is None:
        for days in (1, 30, 365):
            later = proposal.at.add(days=days)
            if at(later).allowed:
                raise NeverPushyError("never-is-final", f"allowed {days} days later", verdict)
        return
    if not at(verdict.earliest).allowed:
        raise NeverPushyError("earliest-is-allowed", "refused at earliest", verdict)
    end = us(verdict.earliest)
    for fraction in probes:
        probe = start + int((end - start) * fraction)
        if probe < end and at(proposal.at.add(microseconds=probe - start)).allowed:
            raise NeverPushyError("nothing-earlier", f"allowed {end - probe} µs before", verdict)
    if end > start and at(verdict.earliest.subtract(microseconds=1)).allowed:
        raise NeverPushyError("nothing-earlier", "allowed 1 µs before earliest", verdict)


def assert_plan_sound(
    plan: Plan,
    *,
    policy: Policy,
    account: Account,
    history: History | Iterable[Touch],
    ideas: Iterable[Idea] | Mapping[str, Idea],
) -> None:
    """Every relance passes ``check`` after the ones before it; no idea twice.

    Ideas are also spaced by the required gap; every relance falls in its
    contact's working time (a working date of their country, inside an
    interval of their hours or weekly schedule, and of the channel's own
    schedule when the policy gives one); no relance falls in an absence
    of its contact, nor (unless it keeps an agreed checkpoint) in a quiet
    period; two relances to one contact are never closer than
    ``policy.spacing`` (replies excepted).

    Caps, the account's own (``cap``/``cap_window``) and each of
    ``policy.caps``, are checked window by window with the kit's oracle: a
    relance a cap holds back (on its channel; replies that are awaited and
    checkpoints kept with their own contact are exempt) never lands in a
    window or calendar period of that cap (in its contact's zone) that
    already holds ``count`` touches the cap counts (by scope and channel)
    among the history and the relances before it.  A window may end up over
    ``count`` all the same, filled by the history alone or by exempt
    touches; that breaks nothing.  Failures raise :class:`NeverPushyError`
    (``frequency-cap`` names the cap).

    Examples:
        >>> import pendulum
        >>> from relance import Account, Cap, Contact, Idea, Policy, plan
        >>> ana = Contact(id="ana", name="Ana", role="decision_maker",
        ...               timezone="Europe/Paris", country="FR")
        >>> acme = Account(id="acme", name="Acme", needs={"x"}, contacts=[ana])
        >>> ideas = [Idea(id=f"i{n}", summary="An idea", addresses={"x"}) for n in range(6)]
        >>> policy = Policy(min_gap=pendulum.duration(days=1), max_gap=pendulum.duration(days=1),
        ...                 caps=[Cap(count=1, period="week", scope="contact")])
        >>> now = pendulum.datetime(2026, 11, 23, 9, tz="Europe/Paris")
        >>> result = plan(account=acme, history=[], ideas=ideas, policy=policy, now=now,
        ...               horizon=pendulum.duration(weeks=3))
        >>> [r.at.isoformat() for r in result.relances]  # one a week, Mondays at opening
        ['2026-11-23T09:00:00+01:00', '2026-11-30T09:00:00+01:00', '2026-12-07T09:00:00+01:00']
        >>> assert_plan_sound(result, policy=policy, account=acme, history=[], ideas=ideas)
    """
    past = list(history)
    touches = list(past)
    sent = {t.idea_id for t in oracles.outbound(touches)}
    for relance in plan.relances:
        verdict = policy.check(relance.proposal, account=account, history=touches, ideas=ideas)
        if not verdict.allowed:
            raise NeverPushyError("plan-sound", f"{verdict.codes} at {relance.at}", relance)
        _working_time(policy, account, relance.proposal, relance)
        if relance.kind is not Kind.REPLY:
            _relationship(policy, account, touches, relance.proposal, relance, ideas)
        if relance.kind is Kind.IDEA:
            if relance.idea_id in sent:
                raise NeverPushyError("no-idea-twice", str(relance.idea_id), relance)
            _spacing_and_cap(policy, account, touches, relance.proposal, relance,
                             repairing=_repairing(account, touches, relance.proposal, ideas))
        sent.add(relance.idea_id)
        touches.append(relance.to_touch())
    _caps_kept(policy, account, past, plan)


def _relationship(
    policy: Policy, account: Account, touches: list[Touch], proposal: Proposal, example: object,
    ideas: Iterable[Idea] | Mapping[str, Idea],
) -> None:
    """Not while the contact or owner is away, nor in a quiet period; spaced; no tension selling.

    An agreed checkpoint is exempt from quiet periods (not from a tension when
    it carries a selling idea).
    """
    backlog = list(ideas.values()) if isinstance(ideas, Mapping) else list(ideas)
    idea = next((i for i in backlog if i.id == proposal.idea_id), None)
    if (idea is not None and not idea.repair
            and oracles.tension_lift(account, touches, proposal.at) is not None):
        raise NeverPushyError("tension-open", "selling while a tension is open", example)
    contact = account.contact(proposal.contact_id)
    if oracles.away_lift(account, touches, contact, policy, proposal.at) is not None:
        raise NeverPushyError("contact-away", "allowed while the contact is away", example)
    if oracles.owner_lift(account, proposal.at) is not None and not proposal.reply:
        raise NeverPushyError("owner-away", "allowed while the account's owner is on leave "
                              "and nobody covers", example)
    if oracles.spaced(touches, contact.id, proposal.at, policy.spacing) != proposal.at:
        raise NeverPushyError("spacing", f"closer than {policy.spacing} to another touch "
                              "to the same contact", example)
    if oracles.quiet_lift(account, contact.id, proposal.at) is not None and not exempt(World(
        account=account, history=tuple(touches), ideas=(), policy=policy, proposal=proposal,
    )):
        raise NeverPushyError("quiet-period", "allowed in a quiet period", example)


def _repairing(account: Account, touches: list[Touch], proposal: Proposal,
               ideas: Iterable[Idea] | Mapping[str, Idea]) -> bool:
    """A repair action inside an open tension (it keeps the base gap, no backoff)."""
    backlog = list(ideas.values()) if isinstance(ideas, Mapping) else list(ideas)
    idea = next((i for i in backlog if i.id == proposal.idea_id), None)
    return idea is not None and idea.repair and oracles.tension_lift(
        account, touches, proposal.at) is not None


def _spacing_and_cap(
    policy: Policy, account: Account, touches: list[Touch], proposal: Proposal, example: object,
    *, repairing: bool = False,
) -> None:
    """The required gap, the account's cap and each of ``policy.caps``, for a held proposal."""
    zone = account.contact(proposal.contact_id).timezone
    at = proposal.at
    out = oracles.outbound(touches)
    if out:
        gap = policy.required_gap(0 if repairing else oracles.streak(touches))
        if us(at) < us(oracles.add(out[-1].at, gap, zone)):
            raise NeverPushyError("required-gap", f"closer than {gap} to {out[-1].at}", example)
    if oracles.cap_count(touches, at, policy.cap_window, zone) >= policy.cap:
        raise NeverPushyError("frequency-cap", f"{policy.cap} touches already in window", example)
    for cap in policy.caps:
        if oracles.cap_full(cap, account, touches, proposal.contact_id, proposal.channel, at):
            raise NeverPushyError("frequency-cap", f"cap {oracles.cap_name(cap)}: already "
                                  f"full at {at.isoformat()}", example)


def _caps_kept(policy: Policy, account: Account, history: list[Touch], plan: Plan) -> None:
    """No relance a cap holds back lands in a window or period of that cap already full.

    For each cap (the account's own ``cap``/``cap_window``, then each of
    ``policy.caps``), each planned relance it holds back (on its channel, or
    any if it names none; neither an awaited reply nor a checkpoint kept with
    its own contact), and each window of the cap that holds the relance (the
    calendar period holding it; or every rolling window that matters:
    starting at the relance, at each touch, or ending just after each touch,
    in the relance's contact's zone): the touches the cap counts in that
    window, among the history and the relances *before* it in the plan, are
    fewer than ``count``.

    A window may still end up holding more than ``count`` touches: the
    history alone may fill it, and exempt replies and checkpoints count
    without being held back, before or after.  What never happens is a
    held-back relance arriving in a window once it was full.
    """
    caps = [(Cap(count=policy.cap, window=policy.cap_window), "the account's cap"),
            *((cap, f"cap {oracles.cap_name(cap)}") for cap in policy.caps)]
    touches = [*history, *(r.to_touch() for r in plan.relances)]
    for index, relance in enumerate(plan.relances):
        before = touches[:len(history) + index]
        if exempt(World(account=account, history=tuple(before), ideas=(), policy=policy,
                        proposal=relance.proposal)):
            continue
        zone = account.contact(relance.contact_id).timezone
        for cap, name in caps:
            if not oracles.cap_concerns(cap, relance.channel):
                continue
            counted = [t.at for t in before if oracles.counted_by(cap, t, relance.contact_id)]
            if cap.period is not None:
                held = sum(oracles.same_period(us(x), us(relance.at), zone, cap.period)
                           for x in counted)
                if held >= cap.count:
                    raise NeverPushyError(
                        "frequency-cap", f"{name}: {held} touches already in the "
                        f"{cap.period.value} of {relance.at.isoformat()}", relance)
                continue
            assert cap.window is not None  # a cap is a window or a period
            # Only touches closer than a window (a generous one) can share one with it.
            reach = (2 * cap.window + timedelta(days=1)) // timedelta(microseconds=1)
            near = [t.at for t in touches if oracles.counted_by(cap, t, relance.contact_id)
                    and abs(us(t.at) - us(relance.at)) < reach]
            for start, end in oracles.rolling_windows(near, relance.at, cap.window, zone,
                                                      ending_after=near):
                held = sum(start <= us(x) < end for x in counted)
                if held >= cap.count:
                    raise NeverPushyError(
                        "frequency-cap", f"{name}: {held} touches already in the window "
                        f"[{_instant(start, zone)}, {_instant(end, zone)}) that holds "
                        f"{relance.at.isoformat()}", relance)


def _instant(moment: int, zone: str) -> str:
    """An instant in µs, in ``zone``, for a message."""
    return pendulum.from_timestamp(0, tz="UTC").add(microseconds=moment).in_tz(zone).isoformat()


def _working_time(policy: Policy, account: Account, proposal: Proposal, example: object) -> None:
    """Inside the contact's working time, and the channel's schedule (oracle)."""
    if {"outside-hours", "non-working-day"} & policy.without:
        return
    contact = account.contact(proposal.contact_id)
    hours = oracles.hours_of(contact, policy)
    also = policy.schedules.get(proposal.channel)
    if not oracles.in_working_time(contact, hours, proposal.at, also):
        raise NeverPushyError(
            "working-time", f"{proposal.at} is outside {contact.name}'s working time on "
            f"{proposal.channel.value}", example)


def exempt(world: World) -> bool:
    """A valid reply, or a proposal keeping its own unkept checkpoint (oracle)."""
    p = world.proposal
    if p.reply and oracles.awaiting(world.history, p.contact_id) is not None:
        return True
    if p.checkpoint_id is None:
        return False
    cp = world.account.checkpoint(p.checkpoint_id)
    kept = {t.checkpoint_id for t in oracles.outbound(world.history)}
    return cp.contact_id == p.contact_id and cp.id not in kept


def _check_world(world: World) -> None:
    """The invariants of one generated world, raising NeverPushyError."""
    policy, account, p = world.policy, world.account, world.proposal
    verdict = world.check()
    assert_verdict_exact(
        verdict,
        p,
        policy=policy,
        account=account,
        history=world.history,
        ideas=world.ideas,
        probes=(0.5,),
    )
    if verdict.earliest is None:
        return
    settled = attrs.evolve(world, proposal=attrs.evolve(p, at=verdict.earliest))
    _working_time(policy, account, settled.proposal, settled)
    if not (settled.proposal.reply and exempt(settled)):
        _relationship(policy, account, list(world.history), settled.proposal, settled,
                      world.ideas)
    if exempt(settled):
        return
    q = settled.proposal
    if q.idea_id is None:
        raise NeverPushyError(
            "no-empty-follow-up", "an outbound follow-up without an idea was allowed", settled
        )
    idea = next(i for i in world.ideas if i.id == q.idea_id)
    if idea.id in {t.idea_id for t in oracles.outbound(world.history)}:
        raise NeverPushyError("no-idea-twice", f"idea {idea.id!r} allowed again", settled)
    if not idea.addresses & account.needs:
        raise NeverPushyError("idea-relevant", f"idea {idea.id!r} addresses no need", settled)
    zone = account.contact(q.contact_id).timezone
    repairing = _repairing(account, list(world.history), q, world.ideas)
    _spacing_and_cap(policy, account, list(world.history), q, settled, repairing=repairing)
    if oracles.streak(world.history, q.contact_id) >= policy.max_unanswered:
        raise NeverPushyError("unanswered-limit", "a paused contact was allowed", settled)
    declined = oracles.decline(world.history)
    if declined is not None and not repairing and us(q.at) < us(
            oracles.add(declined, policy.cool_off, zone)):
        raise NeverPushyError("cooling-off", "allowed during the cool-off", settled)
    sent = Touch(
        at=q.at,
        contact_id=q.contact_id,
        channel=q.channel,
        direction=Direction.OUTBOUND,
        outcome=Outcome.NO_ANSWER,
        idea_id=q.idea_id,
    )
    again = policy.check(
        attrs.evolve(q, at=q.at.add(days=400)),
        account=account,
        history=(*world.history, sent),
        ideas=world.ideas,
    )
    if again.allowed:
        raise NeverPushyError("no-idea-twice", f"idea {idea.id!r} allowed twice", settled)
    result = make_plan(
        account=account,
        history=world.history,
        ideas=world.ideas,
        policy=policy,
        now=world.now,
        horizon=timedelta(weeks=8),
    )
    assert_plan_sound(
        result, policy=policy, account=account, history=world.history, ideas=world.ideas
    )


def assert_never_pushy(
    policy: Policy,
    *,
    max_examples: int = 100,
    derandomize: bool = True,
    check: Callable[[World], Any] | None = None,
) -> None:
    """Run the invariants of DESIGN.md §3 and §4 against ``policy`` over generated worlds.

    Generated accounts, histories, backlogs and proposals (many zones, DST
    nights, odd weekends, quiet periods, absences, out-of-office replies) are
    checked: no empty follow-up, no idea twice, the required gap, the caps,
    the unanswered limit, the cool-off, working time (the contact's hours or
    weekly schedule and the channel's own schedule, on working dates of their
    country), nobody contacted while away or in a
    quiet period (agreed checkpoints excepted), nor while the account's owner
    is on a leave nobody covers, no selling while a tension
    is open, two touches to one person at least ``spacing`` apart, exact
    ``earliest``, and sound plans (:func:`assert_plan_sound`).  The caps are
    the account's own (``cap``/``cap_window``) and each of ``policy.caps``,
    checked with the kit's oracle: a proposal a cap holds back (on its
    channel; awaited replies and checkpoints kept with their own contact are
    exempt) is never allowed while the rolling window or calendar period of
    that cap holding it (in the contact's zone) already holds ``count``
    touches the cap counts (by scope and channel; bounces reach nobody).
    On failure, raises :class:`NeverPushyError` naming the invariant
    (``frequency-cap`` for a cap, and the cap in words in its message), with
    the minimal counter-example hypothesis shrank to.

    Examples:
        >>> assert_never_pushy(Policy(), max_examples=5)
    """
    failures: list[NeverPushyError] = []
    verify = check or _check_world

    @settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        derandomize=derandomize,
        suppress_health_check=list(HealthCheck),
    )
    @given(worlds(policy=policy))
    def run(world: World) -> None:
        try:
            verify(world)
        except NeverPushyError as exc:
            failures.append(exc)
            raise

    try:
        run()
    except NeverPushyError:
        raise failures[-1] from None  # the last one is the minimal example
