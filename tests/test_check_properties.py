"""The invariants of ``Policy.check`` (DESIGN.md §3), over generated worlds.

Each test states one invariant; the oracles it compares with are computed
independently (tests/oracles.py).
"""

from __future__ import annotations

import random
from datetime import datetime

import attrs
from hypothesis import assume, example, given
from hypothesis import strategies as st

import oracles
from oracles import us
from relance import Code, Direction, History, Outcome, Touch, Verdict
from relance.testing._assertions import exempt as _exempt
from strategies import DAY, World, from_us, to_us, worlds, zones

CODES = {c.value for c in Code}


def _settled(world: World) -> World | None:
    """The same world with the proposal moved to its earliest allowed instant, if any.

    Tests return early on None rather than filter: filtering most worlds out
    would make generation slow and the health checks fail.
    """
    verdict = world.check()
    if verdict.earliest is None:
        return None
    return attrs.evolve(world, proposal=attrs.evolve(world.proposal, at=verdict.earliest))


def _reply(world: World) -> bool:
    p = world.proposal
    return p.reply and oracles.awaiting(world.history, p.contact_id) is not None


def _refuses_until(verdict: Verdict, code: Code, refused: bool, lift: datetime | None) -> None:
    """``code`` is a reason exactly when ``refused``, lifting at the oracle's ``lift``."""
    assert (code in verdict.codes) == refused
    if refused:
        reason = verdict.reasons[verdict.codes.index(code)]
        assert reason.lifts_at is not None
        assert lift is not None
        assert us(reason.lifts_at) == us(lift)


@given(worlds(), st.floats(0, 1, exclude_max=True))
def test_earliest_is_allowed_and_nothing_earlier_is(world: World, fraction: float) -> None:
    """`earliest` is allowed; no instant from `at` up to it is; None is final."""
    verdict = world.check()
    at = to_us(world.proposal.at)
    assert verdict.allowed == (verdict.earliest is not None and to_us(verdict.earliest) == at)
    if verdict.earliest is None:
        for days in (1, 30, 365):
            assert not world.check(at=from_us(at + days * DAY)).allowed
        return
    earliest = to_us(verdict.earliest)
    assert earliest >= at
    assert world.check(at=verdict.earliest).allowed
    if earliest > at:
        between = at + int((earliest - at) * fraction)
        assert not world.check(at=from_us(between)).allowed
        assert not world.check(at=from_us(earliest - 1)).allowed


@given(worlds())
def test_reasons_are_stable_codes_lifting_later(world: World) -> None:
    """Every reason has a known code; each lifts after `at`, and by `earliest`."""
    verdict = world.check()
    assert verdict.allowed == (not verdict.reasons)
    for reason in verdict.reasons:
        assert reason.code in CODES
        assert reason.message
        if reason.lifts_at is None:
            assert verdict.earliest is None
        else:
            assert us(reason.lifts_at) > us(world.proposal.at)
            if verdict.earliest is not None:
                assert us(reason.lifts_at) <= us(verdict.earliest)
    # One reason per rule, except frequency-cap: each cap that refuses is
    # its own reason, and two reasons never say the same thing.
    single = [code for code in verdict.codes if code != "frequency-cap"]
    assert len(set(single)) == len(single)
    assert len(set(verdict.reasons)) == len(verdict.reasons)


@given(worlds())
def test_no_outbound_follow_up_without_a_valid_new_idea(world: World) -> None:
    """Allowed and neither a reply nor a checkpoint: a new, relevant, live idea."""
    settled = _settled(world)
    if settled is None or _exempt(settled):
        return
    world = settled
    assert world.check().allowed
    p = world.proposal
    assert p.idea_id is not None
    idea = next(i for i in world.ideas if i.id == p.idea_id)
    assert idea.addresses & world.account.needs
    assert idea.id not in {t.idea_id for t in oracles.outbound(world.history)}
    assert idea.available_from is None or us(idea.available_from) <= us(p.at)
    assert idea.expires_at is None or us(p.at) < us(idea.expires_at)


@given(worlds(), st.sampled_from([o for o in Outcome if o is not Outcome.BOUNCED]),
       st.integers(0, 400))
def test_an_idea_is_never_allowed_twice(world: World, outcome: Outcome, days: int) -> None:
    """Once an idea went out (and did not bounce), it is refused for good."""
    settled = _settled(world)
    if settled is None or settled.proposal.idea_id is None:
        return
    world = settled
    p = world.proposal
    sent = Touch(
        at=p.at,
        contact_id=p.contact_id,
        channel=p.channel,
        direction=Direction.OUTBOUND,
        outcome=outcome,
        idea_id=p.idea_id,
    )
    again = world.policy.check(
        attrs.evolve(p, at=p.at.add(days=days), reply=False, checkpoint_id=None),
        account=world.account,
        history=(*world.history, sent),
        ideas=world.ideas,
    )
    assert Code.IDEA_ALREADY_SHARED in again.codes
    assert again.earliest is None


@given(worlds())
def test_too_soon_matches_the_backed_off_gap_and_the_spacing(world: World) -> None:
    """`too-soon` until last outbound + gap, then `spacing` from the contact's touches.

    Checkpoints are exempt from the gap; replies from both.
    """
    verdict = world.check()
    p = world.proposal
    if _reply(world):
        assert Code.TOO_SOON not in verdict.codes
        return
    out = oracles.outbound(world.history)
    idea = next((i for i in world.ideas if i.id == p.idea_id), None)
    tensions = oracles.tension_windows(world.account, world.history)

    def gap_allows(t: int) -> int:
        """The first instant from t the gap allows.

        In a tension, a repair action keeps the base gap, without the backoff.
        """
        if not out or _exempt(world):
            return t
        zone = world.contact.timezone
        gap = world.policy.required_gap(oracles.streak(world.history))
        ends = us(oracles.add(out[-1].at, gap, zone))
        if t >= ends:
            return t
        if idea is not None and idea.repair:
            base = max(t, us(oracles.add(out[-1].at, world.policy.required_gap(0), zone)))
            inside = [max(base, s) for s, e in tensions if max(base, s) < min(e, ends)]
            if inside:
                return min(inside)
        return ends

    lift = us(p.at)
    while True:  # both the gap and the spacing, until neither moves it
        allowed = gap_allows(lift)
        spaced = us(oracles.spaced(world.history, p.contact_id, from_us(allowed),
                                   world.policy.spacing))
        if spaced == allowed:
            break
        lift = spaced
    lift = allowed
    assert (Code.TOO_SOON in verdict.codes) == (us(p.at) < lift)
    if Code.TOO_SOON in verdict.codes:
        reason = verdict.reasons[verdict.codes.index(Code.TOO_SOON)]
        assert reason.lifts_at is not None
        assert us(reason.lifts_at) == lift


@given(worlds())
def test_selling_waits_while_a_tension_is_open(world: World) -> None:
    """`tension-open` exactly for a selling idea inside an open tension, lifting at its end.

    Repair actions are not held (a reply or a checkpoint carrying a selling
    idea is); an unresolved tension never lifts by time alone.
    """
    verdict = world.check()
    p = world.proposal
    idea = next((i for i in world.ideas if i.id == p.idea_id), None)
    lift = oracles.tension_lift(world.account, world.history, p.at)
    selling = idea is not None and not idea.repair
    refused = lift is not None and selling
    assert (Code.TENSION_OPEN in verdict.codes) == refused
    if refused:
        reason = verdict.reasons[verdict.codes.index(Code.TENSION_OPEN)]
        if lift is not None and lift >= 1 << 62:
            assert reason.lifts_at is None
            assert verdict.earliest is None
        else:
            assert reason.lifts_at is not None
            assert us(reason.lifts_at) == lift


@given(worlds(), st.integers(1, 6))
def test_the_required_gap_never_shrinks_while_answers_stay_away(world: World, more: int) -> None:
    """Each unanswered touch keeps or grows the gap; it stays within the bounds."""
    policy = world.policy
    gaps = [policy.required_gap(n) for n in range(more + 8)]
    assert gaps == sorted(gaps)
    assert gaps[0] == min(policy.min_gap, policy.max_gap)
    assert all(g <= policy.max_gap for g in gaps)
    # Black box: appending unanswered touches never brings `too-soon`'s lift
    # closer to the last touch (in the contact's calendar).
    p = world.proposal
    history = History(world.history)
    previous = None
    at = p.at
    for _ in range(more):
        history = history.with_touch(
            Touch(
                at=at,
                contact_id=p.contact_id,
                channel=p.channel,
                direction=Direction.OUTBOUND,
                outcome=Outcome.NO_ANSWER,
            )
        )
        gap = policy.required_gap(history.unanswered_streak)
        if previous is not None:
            assert gap >= previous
        previous = gap
        at = at.add(days=1)


@given(worlds())
def test_working_time_is_the_contacts_own(world: World) -> None:
    """Each working-time rule on its own: non-working dates, then hours on any date."""
    verdict = world.check()
    contact = world.contact
    hours = oracles.hours_of(contact, world.policy)
    also = world.policy.schedules.get(world.proposal.channel)
    working = oracles.in_working_time(contact, hours, world.proposal.at, also)
    refused = {Code.OUTSIDE_HOURS, Code.NON_WORKING_DAY} & set(verdict.codes)
    assert working == (not refused)
    day = world.proposal.at.in_tz(contact.timezone).date()
    expected = set()
    if not oracles.is_working_date(contact, day):
        expected.add(Code.NON_WORKING_DAY)
    if not oracles.in_hours(contact, hours, world.proposal.at, also):
        expected.add(Code.OUTSIDE_HOURS)
    assert refused == expected
    if verdict.earliest is not None:
        assert oracles.in_working_time(contact, hours, verdict.earliest, also)


@given(worlds())
def test_frequency_cap_counts_the_rolling_window(world: World) -> None:
    """`frequency-cap` exactly when `cap` outbound touches are still in the window."""
    verdict = world.check()
    count = oracles.cap_count(
        world.history, world.proposal.at, world.policy.cap_window, world.contact.timezone
    )
    expected = count >= world.policy.cap and not _exempt(world)
    # The account's own cap (cap, cap_window) says no case; Policy.caps say theirs.
    own = [r for r in verdict.reasons if r.code == Code.FREQUENCY_CAP and not r.params.get("case")]
    assert bool(own) == expected


@given(worlds())
def test_unanswered_limit_pauses_the_contact(world: World) -> None:
    """`unanswered-limit` exactly when this contact's streak reaches the limit; never lifts."""
    verdict = world.check()
    paused = oracles.streak(world.history, world.proposal.contact_id) >= world.policy.max_unanswered
    assert (Code.UNANSWERED_LIMIT in verdict.codes) == (paused and not _exempt(world))
    if Code.UNANSWERED_LIMIT in verdict.codes:
        assert verdict.earliest is None


@given(worlds())
def test_cooling_off_follows_the_latest_decline(world: World) -> None:
    """`cooling-off` exactly within cool_off of a decline not followed by re-engagement.

    Replies are exempt, and repair actions while a tension is open.
    """
    verdict = world.check()
    declined = oracles.decline(world.history)
    idea = next((i for i in world.ideas if i.id == world.proposal.idea_id), None)
    repairing = idea is not None and idea.repair and oracles.tension_lift(
        world.account, world.history, world.proposal.at) is not None
    expected = (
        declined is not None
        and not _reply(world)
        and not repairing
        and us(world.proposal.at)
        < us(oracles.add(declined, world.policy.cool_off, world.contact.timezone))
    )
    assert (Code.COOLING_OFF in verdict.codes) == expected


@given(worlds())
def test_quiet_periods_hold_their_own_window(world: World) -> None:
    """`before-agreed-date` exactly inside a quiet period, lifting at its end.

    Quiet periods of the account or the contact, held checkpoints included; its
    own checkpoint and replies are exempt.
    """
    verdict = world.check()
    p = world.proposal
    lift = oracles.quiet_lift(world.account, p.contact_id, p.at)
    refused = lift is not None and not _exempt(world)
    _refuses_until(verdict, Code.BEFORE_AGREED_DATE, refused, lift)


@given(worlds())
def test_contact_away_until_back_and_settled_in(world: World) -> None:
    """`contact-away` exactly while the contact is away, lifting at return + `settle_in`.

    An absence, or an out-of-office reply no answer followed; replies are
    exempt, colleagues free.
    """
    verdict = world.check()
    p = world.proposal
    lift = oracles.away_lift(world.account, world.history, world.contact, world.policy, p.at)
    refused = lift is not None and not _reply(world)
    _refuses_until(verdict, Code.CONTACT_AWAY, refused, lift)


@given(worlds())
def test_owner_away_exactly_while_the_owner_is_on_leave(world: World) -> None:
    """`owner-away` exactly while an uncovered leave of the owner covers the proposal.

    Checkpoints included, replies exempt; it lifts at the return.
    """
    verdict = world.check()
    lift = oracles.owner_lift(world.account, world.proposal.at)
    refused = lift is not None and not _reply(world)
    _refuses_until(verdict, Code.OWNER_AWAY, refused, lift)


@given(worlds())
def test_contact_level_refusals_are_final(world: World) -> None:
    """do-not-contact, channel-unavailable: exactly when due, and never lifted by time."""
    verdict = world.check()
    p, contact = world.proposal, world.contact
    dnc = contact.do_not_contact or oracles.opted_out(world.history, p.contact_id)
    assert (Code.DO_NOT_CONTACT in verdict.codes) == dnc
    unavailable = p.channel not in contact.channels or oracles.bounced(
        world.history, p.contact_id, p.channel
    )
    assert (Code.CHANNEL_UNAVAILABLE in verdict.codes) == unavailable
    if dnc or unavailable:
        assert verdict.earliest is None


@given(worlds())
def test_idea_timing(world: World) -> None:
    """`idea-not-ready` until available_from; `idea-expired` from expires_at on."""
    verdict = world.check()
    p = world.proposal
    idea = next((i for i in world.ideas if i.id == p.idea_id), None)
    ready = idea is None or idea.available_from is None or us(p.at) >= us(idea.available_from)
    fresh = idea is None or idea.expires_at is None or us(p.at) < us(idea.expires_at)
    assert (Code.IDEA_NOT_READY in verdict.codes) == (not ready)
    assert (Code.IDEA_EXPIRED in verdict.codes) == (not fresh)


@given(worlds(), st.integers(1, 3 * 24 * 60), st.sampled_from(Outcome))
def test_replies_are_exempt_from_spacing_caps_and_cool_off(
    world: World, minutes: int, outcome: Outcome
) -> None:
    """A valid reply is refused only for do-not-contact, channel, working time or its idea."""
    assume(outcome not in (Outcome.NO_ANSWER, Outcome.BOUNCED, Outcome.OUT_OF_OFFICE))
    p = world.proposal
    message = Touch(
        at=p.at.subtract(minutes=minutes),
        contact_id=p.contact_id,
        channel=p.channel,
        direction=Direction.INBOUND,
        outcome=outcome,
    )
    assume(all(us(t.at) < us(message.at) for t in world.history))
    world = attrs.evolve(
        world, history=(*world.history, message), proposal=attrs.evolve(p, reply=True)
    )
    assert _reply(world)
    verdict = world.check()
    allowed_codes = {
        Code.DO_NOT_CONTACT,
        Code.CHANNEL_UNAVAILABLE,
        Code.OUTSIDE_HOURS,
        Code.NON_WORKING_DAY,
        Code.NO_REPLY_PENDING,
        Code.CHECKPOINT_UNAVAILABLE,
        Code.CHECKPOINT_NOT_DUE,
        Code.CHECKPOINT_MISSED,
        Code.IDEA_ALREADY_SHARED,
        Code.IDEA_NOT_RELEVANT,
        Code.IDEA_NOT_READY,
        Code.IDEA_EXPIRED,
        Code.TENSION_OPEN,  # a reply carrying a selling idea sells
    }
    if Code.NO_REPLY_PENDING in verdict.codes:  # no reply after all: a follow-up waits
        allowed_codes.add(Code.OWNER_AWAY)
    assert set(verdict.codes) <= allowed_codes


@given(worlds(), st.randoms(use_true_random=False))
def test_verdict_does_not_depend_on_history_order(world: World, rnd: random.Random) -> None:
    """Shuffling the history changes nothing."""
    shuffled = list(world.history)
    rnd.shuffle(shuffled)
    other = world.policy.check(
        world.proposal, account=world.account, history=shuffled, ideas=world.ideas
    )
    assert other == world.check()


@given(worlds(), zones())
def test_verdict_does_not_depend_on_the_zone_of_at(world: World, zone: str) -> None:
    """The same instant expressed in another zone gives the same verdict, to the letter."""
    verdict = world.check()
    moved = world.check(at=world.proposal.at.in_tz(zone))
    assert moved == verdict
    assert [r.message for r in moved.reasons] == [r.message for r in verdict.reasons]
    if verdict.earliest is not None:
        assert verdict.earliest.timezone_name == world.contact.timezone
        assert moved.earliest is not None
        assert moved.earliest.isoformat() == verdict.earliest.isoformat()


@given(worlds())
def test_prebuilt_history_gives_the_same_verdict(world: World) -> None:
    """A History built once answers as the raw sequence does."""
    history = History(world.history)
    built = world.policy.check(
        world.proposal, account=world.account, history=history, ideas=world.ideas
    )
    assert built == world.check()
    grown = History()
    for touch in sorted(world.history, key=lambda t: us(t.at)):
        grown = grown.with_touch(touch)
    assert grown == history
    assert (
        world.policy.check(world.proposal, account=world.account, history=grown, ideas=world.ideas)
        == built
    )


_ = example  # DST regressions are pinned in test_dst.py


@given(worlds(), st.integers(-400, 400))
def test_a_timeless_rule_answers_the_same_at_every_instant(world: World, days: int) -> None:
    """A rule marked ``timeless`` (asked once by the search for ``earliest``) ignores the instant.

    It refuses for ever or not at all, whatever the instant it is asked about.
    """
    from relance._core.instants import NEVER
    from relance._core.rules import Context

    account, proposal = world.account, world.proposal
    contact = account.contact(proposal.contact_id)
    backlog = {i.id: i for i in world.ideas}
    ctx = Context(
        account=account, history=History(world.history), contact=contact,
        channel=proposal.channel,
        idea=None if proposal.idea_id is None else backlog[proposal.idea_id],
        checkpoint=None if proposal.checkpoint_id is None
        else account._checkpoint_by_id[proposal.checkpoint_id],
        reply=proposal.reply, calendar=world.policy.calendar(contact, proposal.channel),
        text=proposal.text,
    )
    at = us(proposal.at)
    # The proposal's instant, another, and just after each touch (where
    # declines, complaints and absences start what time lifts).
    instants = [at, at + days * DAY + 7, *(us(t.at) + 60_000_000 for t in world.history)]
    timeless = [r for r in world.policy.enforced_rules if r.timeless]
    assert timeless
    for rule in timeless:
        answers = {rule.refuses(ctx, moment) for moment in instants}
        assert len(answers) == 1, (rule, answers)
        assert answers <= {None, NEVER}
