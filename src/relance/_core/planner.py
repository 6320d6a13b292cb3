"""The planner: the next follow-ups a policy allows, and what presence needs."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

import attrs

from .errors import InvalidValueError
from .explain import PARAMS, Explanation
from .flags import BUDGET_FLAGS, SCOPE_FLAGS, red_flags
from .history import History
from .inputs import backlog_of, checked_history, refuse_future_touches
from .instants import MAX_INSTANT, NEVER, micros, show, span_of, to_datetime, to_us
from .models import Account, Channel, Checkpoint, Contact, Direction, Idea, Outcome, Role, Touch
from .plan import Advice, IdeaNeeded, Kind, Plan, RedFlag, Relance, Skipped, Waiting
from .policy import Policy, settle
from .rules import CapRule, Context, Rule, TooSoon, moment, tensions_of
from .silence import hypotheses, silent_run, unanswered
from .validation import (
    RANGE_TEXT,
    check_duration_range,
    check_fixed_length,
    require,
    require_instant,
    require_items,
)
from .verdict import Code

__all__ = ["plan"]

#: Channels tried in this order, per kind of relance, among those a contact uses.
PREFERENCE: Final = {
    Kind.IDEA: (Channel.EMAIL, Channel.PHONE, Channel.VIDEO, Channel.MESSAGE, Channel.MEETING),
    Kind.CHECKPOINT: (
        Channel.PHONE,
        Channel.VIDEO,
        Channel.MEETING,
        Channel.EMAIL,
        Channel.MESSAGE,
    ),
    Kind.REPLY: (Channel.EMAIL, Channel.PHONE, Channel.MESSAGE, Channel.VIDEO, Channel.MEETING),
}
#: Who to turn to when nobody decides or answers: decision makers first,
#: gatekeepers last.
ROLE_ORDER: Final = {
    Role.DECISION_MAKER: 0,
    Role.CHAMPION: 1,
    Role.INFLUENCER: 2,
    Role.USER: 3,
    Role.GATEKEEPER: 4,
}
_WORKING_TIME = frozenset({Code.OUTSIDE_HOURS.value, Code.NON_WORKING_DAY.value})


def plan_window(now: datetime, horizon: datetime | timedelta) -> tuple[int, int]:
    """The instants a plan runs between, checked as ``plan`` checks them (internal).

    Raises:
        InvalidValueError: ``now`` or ``horizon`` is bad (naive, out of range,
            a horizon not after ``now`` or beyond the supported range).
    """
    start = _instant(now, "now")
    if isinstance(horizon, timedelta):
        check_fixed_length(horizon, "horizon", hint="give weeks, days or hours, or an instant")
        check_duration_range(horizon, "horizon", positive=True)
        end = start + micros(horizon)
        if end >= to_us(MAX_INSTANT):
            raise InvalidValueError(
                f"horizon: now {now.isoformat()!r} plus {show(horizon)} goes beyond the "
                f"supported range ({RANGE_TEXT})",
                field="horizon",
                value=horizon,
            )
    else:
        end = _instant(horizon, "horizon")
        if end <= start:
            raise InvalidValueError(
                f"horizon {horizon.isoformat()} must be after now {now.isoformat()}",
                field="horizon",
                value=horizon,
            )
    return start, end


def plan(
    *,
    account: Account,
    history: History | Iterable[Touch],
    ideas: Iterable[Idea] | Mapping[str, Idea],
    policy: Policy,
    now: datetime,
    horizon: datetime | timedelta,
) -> Plan:
    """Plan the follow-ups a policy allows from ``now`` to ``horizon``.

    A pure function: the same inputs give the same plan, whatever the order
    of the history and ideas and whatever zone ``now`` is expressed in; it
    never reads the clock.

    * **Replies first**: an inbound message awaiting our answer gets one, at
      the first working slot of its sender.
    * **Checkpoints** the client agreed to are kept at their agreed time,
      moved only when that time is not allowed (outside the contact's working
      time, during a cool-off), and the move is explained.
    * **Ideas**: at each step, the earliest instant at which any usable idea
      is allowed; at that instant, the most valuable idea (highest
      ``priority``, then the one that expires first, then the oldest by
      ``available_from``, then by id).  An idea aimed at a contact or a role
      goes to them (a role nobody at the account holds is ignored); otherwise
      to whoever decides or allocates the budget and can be reached first
      before the idea goes stale, else to the contact who answered most
      recently, else by role (champion, influencer, user, gatekeeper); never
      back to someone without authority whose decline stands.
    * The plan is **pessimistic**: it assumes every planned relance goes
      unanswered, so the required gap grows along it and contacts may get
      paused.  Redo it whenever the client answers.
    * Where presence would lapse (no contact for longer than
      ``policy.max_silence``, counted in elapsed time), it asks for a new idea by a date
      (:attr:`Plan.needs`), never for an empty "just checking in".  Paused
      contacts and declines get :attr:`Plan.advice` on changing the approach.

    Args:
        account: the account, with its contacts, needs and checkpoints.
        history: its touches (a :class:`~relance.History` or a sequence).
        ideas: the idea backlog.
        policy: the rules.
        now: the instant to plan from (aware).
        horizon: the end of the plan: an aware instant, or a duration after
            ``now`` (elapsed time).

    Examples:
        >>> import pendulum
        >>> from relance import Account, Contact, Idea, Policy
        >>> ana = Contact(id="ana", name="Ana", role="decision_maker",
        ...               timezone="Europe/Paris", country="FR")
        >>> acme = Account(id="acme", name="Acme", needs={"onboarding"}, contacts=[ana])
        >>> ideas = [Idea(id="pilot", summary="A pilot", addresses={"onboarding"}),
        ...          Idea(id="case", summary="A case study", addresses={"onboarding"})]
        >>> p = plan(account=acme, history=[], ideas=ideas, policy=Policy(),
        ...          now=pendulum.datetime(2026, 11, 21, 12, tz="Europe/Paris"),
        ...          horizon=pendulum.duration(weeks=4))
        >>> [(r.at.isoformat(), r.idea_id) for r in p.relances]
        [('2026-11-23T09:00:00+01:00', 'case'), ('2026-12-07T09:00:00+01:00', 'pilot')]
    """
    require(account, Account, "account")
    require(policy, Policy, "policy")
    start, end = plan_window(now, horizon)
    index = backlog_of(ideas)
    given = history if isinstance(history, History) else require_items(
        history, Touch, "history"
    )
    hist = checked_history(
        history if isinstance(history, History) else given, account, index, ideas
    )
    backlog = {idea.id: idea for idea in index.values()}
    refuse_future_touches(given, hist, start, now, "a plan is made from now, and a touch "
                          "after it has not happened yet")
    flags = red_flags(account, now=to_datetime(start, _UTC))
    level, flag = _weight(policy.flag_weight, flags)
    planner = _Planner(account, hist, backlog, policy, start, end, flags=flags, level=level,
                       flag=flag)
    if level:
        # Flags make a plan lighter, never more pressing: no more relances
        # than the same plan without them, and none sooner.
        unflagged = _Planner(account, hist, backlog, policy, start, end, flags=(), level=0,
                             flag=None).run()
        planner.floor = [to_us(r.at) for r in unflagged.relances]
    return planner.run()


def _weight(weight: str, flags: tuple[RedFlag, ...]) -> tuple[int, str | None]:
    """How the flags weigh on the plan, and the flag that says so.

    0: not at all; 1: lighter first steps first; 2: only lighter first steps.
    """
    codes = [f.code for f in flags]
    lighter = [c for c in codes if c in BUDGET_FLAGS | SCOPE_FLAGS]
    held = [c for c in codes if c in BUDGET_FLAGS | SCOPE_FLAGS | {"no-decision-map"}]
    if weight == "hold" and held:
        return 2, (lighter or held)[0]
    if weight != "report" and lighter:
        return 1, lighter[0]
    return 0, None


def _instant(value: object, name: str) -> int:
    return to_us(require_instant(value, name))


#: How many of the ideas a cap's choice went before a relance names (the next in order).
AHEAD: Final = 3
# How many ideas of a group aimed alike get a candidate: the one that can be
# chosen, and the AHEAD that a cap may name behind it.
_GROUP = AHEAD + 1


def _value_key(idea: Idea) -> tuple[int, int, int, str]:
    """Most valuable first: priority, then expiring first, then oldest, then id.

    (While a tension is open only repair actions are allowed: they go first.)
    """
    return (
        -idea.priority,
        NEVER if idea._until_us is None else idea._until_us,
        -NEVER if idea._from_us is None else idea._from_us,
        idea.id,
    )


class _Candidate:
    __slots__ = ("at", "chain", "channel", "checkpoint", "contact", "idea", "kind", "order", "who")

    def __init__(
        self,
        *,
        at: int,
        order: tuple[int, int, str],
        kind: Kind,
        contact: Contact,
        channel: Channel,
        chain: list[Rule],
        idea: Idea | None = None,
        checkpoint: Checkpoint | None = None,
        who: Explanation | None = None,
    ) -> None:
        self.at = at
        self.order = order
        self.kind = kind
        self.contact = contact
        self.channel = channel
        self.chain = chain
        self.idea = idea
        self.checkpoint = checkpoint
        self.who = who


class _Planner:
    def __init__(
        self,
        account: Account,
        history: History,
        backlog: dict[str, Idea],
        policy: Policy,
        start: int,
        end: int,
        *,
        flags: tuple[RedFlag, ...],
        level: int,
        flag: str | None,
    ) -> None:
        self.account = account
        self.flags = flags
        self.level = level
        self.flag = flag
        #: The instants of the plan without the flags, when they weigh on it.
        self.floor: list[int] | None = None
        self.capped = False
        self.floored = False
        self.original = history
        self.history = history
        self.policy = policy
        self.start = start
        self.end = end
        self.skipped: dict[str, Skipped] = {}
        self.backlog = backlog
        self.usable: list[Idea] = []
        for idea in sorted(backlog.values(), key=_value_key):
            if idea.addresses.isdisjoint(account.needs):
                self._skip(idea, Code.IDEA_NOT_RELEVANT, needs=tuple(sorted(account.needs)))
            elif history.shares(idea.id):
                self._skip(idea, Code.IDEA_ALREADY_SHARED)
            elif idea._until_us is not None and idea._until_us <= start:
                self._skip(idea, Code.IDEA_EXPIRED, case="before-plan")
            else:
                self.usable.append(idea)
        # Red flags about the budget or the scope: lighter first steps first
        # (and with ``hold``, only they go out; selling ideas wait).
        self.held: list[Idea] = []
        if level:
            self.usable.sort(key=lambda i: not i.first_step)
        if level == 2:
            self.held = [i for i in self.usable if not (i.first_step or i.repair)]
            self.usable = [i for i in self.usable if i.first_step or i.repair]
        rules = policy.applicable_rules(idea=True, checkpoint=False, reply=False)
        # Built-in rules that do not depend on which idea is carried: one
        # search per (contact, start) serves every idea aimed there.  A custom
        # rule may look at the idea, so with custom rules each idea is searched
        # on its own, with every rule.
        self.per_idea = bool(policy.rules)
        # A channel with a cap or a schedule of its own: ideas try every channel.
        self.by_channel = bool(policy.schedules) or any(
            cap.channel is not None for cap in policy.caps)
        self.generic = rules if self.per_idea else tuple(r for r in rules if not r.idea_specific)
        self._reach: dict[tuple[str, int, str], tuple[int, list[Rule], Channel | None]] = {}
        self._targets: dict[
            tuple[int, str | None, Role | None, int | None, bool],
            tuple[Contact, Explanation] | None,
        ] = {}
        self._fallen: tuple[History, list[tuple[Contact, Explanation]]] | None = None

    def _skip(self, idea: Idea, code: Code, **params: object) -> None:
        why = Explanation(code=f"skipped.{code.value}", params=params)
        self.skipped[idea.id] = Skipped(idea_id=idea.id, code=code.value, explanation=why)

    # -- probing -------------------------------------------------------------
    def _channels(self, contact: Contact, kind: Kind) -> list[Channel]:
        """The channels a contact can be reached on, the preferred one first."""
        facts = self.history.facts(contact.id)
        usable = [c for c in PREFERENCE[kind] if c in contact.channels and c not in facts.bounced]
        preferred = facts.awaiting_channel if kind is Kind.REPLY else facts.responded_channel
        if preferred in usable:
            usable.remove(preferred)
            usable.insert(0, preferred)
        return usable

    def _channel(self, contact: Contact, kind: Kind) -> Channel | None:
        usable = self._channels(contact, kind)
        return usable[0] if usable else None

    def _settle(
        self,
        rules: tuple[Rule, ...],
        contact: Contact,
        channel: Channel,
        at: int,
        *,
        idea: Idea | None = None,
        checkpoint: Checkpoint | None = None,
        reply: bool = False,
    ) -> tuple[int, list[Rule]]:
        ctx = Context(
            account=self.account,
            history=self.history,
            contact=contact,
            channel=channel,
            idea=idea,
            checkpoint=checkpoint,
            reply=reply,
            calendar=self.policy.calendar(contact, channel),
        )
        return settle(rules, ctx, at)

    def _reach_for_idea(
        self, contact: Contact, at: int, idea: Idea
    ) -> tuple[int, list[Rule], Channel | None]:
        """When a (generic) new idea could first reach ``contact`` from ``at``."""
        # A repair action is held by fewer rules (tension, cool-off, backoff).
        key = (contact.id, at, idea.id if self.per_idea else "repair" if idea.repair else "")
        found = self._reach.get(key)
        if found is None:
            found = self._on_channel(self.generic, contact, Kind.IDEA, at, idea=idea)
            self._reach[key] = found
        return found

    def _on_channel(
        self, rules: tuple[Rule, ...], contact: Contact, kind: Kind, at: int, *,
        idea: Idea | None = None, checkpoint: Checkpoint | None = None, reply: bool = False,
    ) -> tuple[int, list[Rule], Channel | None]:
        """When, and on which channel, ``contact`` can first be reached from ``at``.

        The preferred channel, unless a channel's own cap or schedule holds it
        back longer than another channel the contact uses: then the earliest
        (ties go to the preferred order).  ``(NEVER, [], None)`` without one.
        """
        found: tuple[int, list[Rule], Channel | None] = (NEVER, [], None)
        usable = self._channels(contact, kind)
        for channel in usable if self.by_channel else usable[:1]:
            when, chain = self._settle(rules, contact, channel, at, idea=idea,
                                       checkpoint=checkpoint, reply=reply)
            if found[2] is None or when < found[0]:
                found = (when, chain, channel)
        return found

    def _target(self, idea: Idea, at: int) -> tuple[Contact, Explanation] | None:
        """Who an idea goes to, and why them (the same for ideas aimed alike)."""
        key = (at, idea.contact_id, idea.role, idea._until_us, idea.repair)
        if key not in self._targets:
            self._targets[key] = self._choose_target(idea, at)
        return self._targets[key]

    def _choose_target(self, idea: Idea, at: int) -> tuple[Contact, Explanation] | None:
        contacts = self.account.contacts
        if idea.contact_id is not None:
            pool = [(self.account.contact(idea.contact_id), _why("target.meant-for"))]
        elif idea.role is not None:
            meant = _why("target.role-meant-for", role=idea.role.value)
            pool = [(c, meant) for c in contacts if c.role is idea.role]
        else:
            pool = []
        if pool:
            return self._first_reachable(pool, idea, at, earliest=True)
        deciders = [(c, _authority(c)) for c in contacts if c.has_authority]
        chosen = self._first_reachable(deciders, idea, at, earliest=True)
        if chosen is not None:
            return chosen
        return self._first_reachable(self._fallbacks(), idea, at, earliest=False)

    def _fallbacks(self) -> list[tuple[Contact, Explanation]]:
        """Others: the most recently responsive first, then by role.

        Not the person without authority who declined (while the decline
        stands): the next approach goes to those who decide, not back to them.
        (The same for every idea while the history stays: kept for it.)
        """
        if self._fallen is not None and self._fallen[0] is self.history:
            return self._fallen[1]
        declined = self.history.decline_contact
        others = [c for c in self.account.contacts
                  if not c.has_authority and c.id != declined]
        responsive = sorted(
            (c for c in others if self.history.facts(c.id).responded is not None),
            key=lambda c: (-(self.history.facts(c.id).responded or 0), c.id),
        )
        rest = sorted(
            (c for c in others if c not in responsive), key=lambda c: (ROLE_ORDER[c.role], c.id)
        )
        answered = _why("target.answered-last")
        found = [(c, answered) for c in responsive] + [
            (c, _why("target.reachable", role=c.role.value)) for c in rest
        ]
        self._fallen = (self.history, found)
        return found

    def _first_reachable(
        self, pool: list[tuple[Contact, Explanation]], idea: Idea, at: int, *, earliest: bool
    ) -> tuple[Contact, Explanation] | None:
        best: tuple[int, str, Contact, Explanation] | None = None
        until = NEVER if idea._until_us is None else idea._until_us
        for contact, why in pool:
            when = self._reach_for_idea(contact, at, idea)[0]
            if when >= until:  # never, or only once the idea is stale
                continue
            if not earliest:
                return contact, why
            if best is None or (when, contact.id) < best[:2]:
                best = (when, contact.id, contact, why)
        return None if best is None else (best[2], best[3])

    # -- candidates ----------------------------------------------------------
    def _candidates(self, cursor: int) -> list[_Candidate]:
        found: list[_Candidate] = []
        reply_rules = self.policy.applicable_rules(idea=False, checkpoint=False, reply=True)
        for contact in self.account.contacts:
            if self.history.facts(contact.id).awaiting is None:
                continue
            at, chain, channel = self._on_channel(reply_rules, contact, Kind.REPLY, cursor,
                                                  reply=True)
            if channel is not None and at < NEVER:
                found.append(_Candidate(at=at, order=(0, 0, contact.id), kind=Kind.REPLY,
                                        contact=contact, channel=channel, chain=chain))
        cp_rules = self.policy.applicable_rules(idea=False, checkpoint=True, reply=False)
        for cp in self.account.agreed_checkpoints:
            if self.history.kept(cp.id):
                continue
            contact = self.account.contact(cp.contact_id)
            at, chain, channel = self._on_channel(
                cp_rules, contact, Kind.CHECKPOINT, max(cursor, cp._us), checkpoint=cp
            )
            if channel is not None and at < NEVER:
                found.append(_Candidate(at=at, order=(1, 0, cp.id), kind=Kind.CHECKPOINT,
                                        contact=contact, channel=channel, chain=chain,
                                        checkpoint=cp))
        # Ideas aimed alike (same start, target, staleness and kind) reach the
        # same contact at the same instant: the first by rank is the only one
        # that can be chosen, and the next ones are named only as the ideas a
        # cap held back behind it (AHEAD of them).  Beyond those, the others
        # of the group need no candidate: a backlog costs each step little
        # more than its number of groups.
        shown: dict[tuple[int, str | None, Role | None, int | None, bool, str | None], int] = {}
        history = self.history
        skipped = self.skipped
        for rank, idea in enumerate(self.usable):
            if history.shares(idea.id) or idea.id in skipped:
                continue
            start = cursor if idea._from_us is None else max(cursor, idea._from_us)
            group = (start, idea.contact_id, idea.role, idea._until_us, idea.repair,
                     idea.id if self.per_idea else None)
            count = shown.get(group, 0)
            if count >= _GROUP:
                continue
            target = self._target(idea, start)
            if target is None:
                # Stale before whom it would go to can receive it (not merely
                # someone else: an idea meant for a flagged contact waits, with
                # the rule that bars them).
                if idea._until_us is not None and any(
                    self._reach_for_idea(c, start, idea)[0] < NEVER for c in self._pool(idea)
                ):
                    first = self.account.contacts[0]
                    self._skip(idea, Code.IDEA_EXPIRED, case="on",
                               stale=moment(idea._until_us, first), zone=first.timezone)
                continue
            shown[group] = count + 1
            contact, who = target
            at, chain, channel = self._reach_for_idea(contact, start, idea)
            assert channel is not None
            found.append(_Candidate(at=at, order=(2, rank, idea.id), kind=Kind.IDEA,
                                    contact=contact, channel=channel, chain=chain, idea=idea,
                                    who=who))
        return found

    # -- the plan ------------------------------------------------------------
    def run(self) -> Plan:
        relances: list[Relance] = []
        cursor = self.start
        while True:
            if self.floor is not None and len(relances) >= len(self.floor):
                self.capped = True
                break
            self._reach = {}
            self._targets = {}
            candidates = self._candidates(cursor)
            if not candidates:
                break
            best = min(candidates, key=lambda c: (c.at, c.order))
            self.floored = self.floor is not None and best.at < self.floor[len(relances)]
            if self.floor is not None and self.floored:
                self._reach = {}
                self._targets = {}
                candidates = self._candidates(self.floor[len(relances)])
                if not candidates:
                    break
                best = min(candidates, key=lambda c: (c.at, c.order))
            if best.at > self.end:
                break
            relances.append(self._relance(best, cursor, candidates))
            self.history = self.history.with_touch(
                Touch(
                    at=relances[-1].at,
                    contact_id=best.contact.id,
                    channel=best.channel,
                    direction=Direction.OUTBOUND,
                    outcome=Outcome.PENDING,
                    idea_id=None if best.idea is None else best.idea.id,
                    checkpoint_id=None if best.checkpoint is None else best.checkpoint.id,
                )
            )
            cursor = best.at
        waiting = self._waiting(cursor, {r.idea_id for r in relances})
        plan_ = Plan(
            account_id=self.account.id,
            now=to_datetime(self.start, _UTC),
            horizon=to_datetime(self.end, _UTC),
            relances=tuple(relances),
            needs=self._needs(relances),
            advice=self._advice(),
            skipped=tuple(sorted(self.skipped.values(), key=lambda s: s.idea_id)),
            waiting=waiting,
            flags=self.flags,
        )
        return attrs.evolve(plan_, advice=plan_.advice + self._flag_advice(plan_.relances),
                            hypotheses=hypotheses(self.account, self.original,
                                                  self._fresh(),
                                                  self.policy, self.start, self.flags))

    def _waiting(self, cursor: int, planned: set[str | None]) -> tuple[Waiting, ...]:
        """Every usable idea the plan does not place, with what holds it back."""
        self._reach = {}
        self._targets = {}
        found = []
        for idea in self.held:
            if idea.id not in self.skipped:
                found.append(self._flag_waiting(idea, "held"))
        for idea in self.usable:
            if idea.id in planned or idea.id in self.skipped:
                continue
            start = cursor if idea._from_us is None else max(cursor, idea._from_us)
            target = self._target(idea, start)
            if target is not None:
                contact = target[0]
                at, chain, _ = self._reach_for_idea(contact, start, idea)
                if self.capped and at <= self.end:  # it could go: the envelope holds it
                    found.append(self._flag_waiting(idea, "envelope"))
                    continue
                codes = [r.code for r in chain]
                if start > cursor and not any(c not in _WORKING_TIME for c in codes):
                    codes.insert(0, Code.IDEA_NOT_READY.value)  # available after the horizon
                code = next((c for c in reversed(codes) if c not in _WORKING_TIME),
                            codes[0] if codes else "horizon")
                found.append(Waiting(
                    idea_id=idea.id, code=code, until=to_datetime(at, contact.zone),
                    contact_id=contact.id,
                    explanation=_why("waiting", case="later", idea=idea.id,
                                     contact=contact.name, until=moment(at, contact),
                                     timing=self._timing(codes, None, start, chain=chain,
                                                         contact=contact),
                                     zone=contact.timezone)))
                continue
            # Nobody can receive it: name the rule that bars whom it would go to.
            pool = self._pool(idea)
            if not pool:
                found.append(Waiting(idea_id=idea.id, code="unreachable", explanation=_why(
                    "waiting", case="nobody", idea=idea.id)))
                continue
            contact = pool[0]
            _, chain, _ = self._reach_for_idea(contact, start, idea)
            code = chain[-1].code if chain else Code.CHANNEL_UNAVAILABLE.value
            found.append(Waiting(
                idea_id=idea.id, code=code, contact_id=contact.id,
                explanation=_why("waiting", case="unreachable", idea=idea.id,
                                 contact=contact.name, code=code)))
        return tuple(found)

    def _fresh(self) -> list[Idea]:
        """The backlog's ideas the plan could still use, held ones included, by value."""
        return [i for i in self.usable + self.held if i.id not in self.skipped]

    def _flag_waiting(self, idea: Idea, case: str) -> Waiting:
        """An idea the red flags hold back (``hold``, or the plan's envelope)."""
        assert self.flag is not None
        return Waiting(idea_id=idea.id, code=self.flag, explanation=_why(
            "waiting", case=case, idea=idea.id, flag=self.flag))

    def _pool(self, idea: Idea) -> list[Contact]:
        """Whom an idea would go to, in the planner's order of preference."""
        contacts = self.account.contacts
        if idea.contact_id is not None:
            return [self.account.contact(idea.contact_id)]
        meant = [c for c in contacts if idea.role is not None and c.role is idea.role]
        if meant:
            return meant
        deciders = [c for c in contacts if c.has_authority]
        return deciders + [c for c, _ in self._fallbacks()]

    def _relance(self, c: _Candidate, cursor: int, candidates: list[_Candidate]) -> Relance:
        codes = [r.code for r in c.chain]
        contact = c.contact
        common = {"contact": contact.name, "at": moment(c.at, contact), "zone": contact.timezone}
        if c.kind is Kind.REPLY:
            awaiting = self.history.facts(contact.id).awaiting
            assert awaiting is not None
            why = _why("relance.reply", received=moment(awaiting, contact),
                       timing=self._timing(codes, c, cursor), **common)
        elif c.kind is Kind.CHECKPOINT:
            cp = c.checkpoint
            assert cp is not None
            params: dict[str, object] = {"checkpoint": cp.id, "note": cp.note or "", **common}
            if c.at == max(cp._us, cursor):
                params["case"] = "agreed" if c.at == cp._us else "overdue"
            else:
                params.update(case="moved", agreed=moment(cp._us, contact),
                              timing=self._timing(codes, c, cursor))
            why = _why("relance.checkpoint", **params)
        else:
            idea = c.idea
            assert idea is not None
            assert c.who is not None
            lighter = self.level and idea.first_step
            # A cap held every idea back: the ideas usable when it lifted, which
            # the priority order put after this one, are named.
            ahead = [o.idea.id for o in sorted(candidates, key=lambda o: o.order)
                     if o.kind is Kind.IDEA and o.at == c.at and o is not c
                     and o.idea is not None][:AHEAD] if "frequency-cap" in codes else []
            extra: dict[str, object] = (
                {"flag": self.flag} if lighter
                else {"case": "ahead", "ahead": ahead} if ahead else {})
            why = _why("relance.lighter-idea" if lighter else "relance.idea", idea=idea.id,
                       summary=idea.summary, priority=idea.priority, target=c.who,
                       timing=self._timing(codes, c, cursor), **common, **extra)
        return Relance(
            at=to_datetime(c.at, c.contact.zone),
            contact_id=c.contact.id,
            channel=c.channel,
            idea_id=None if c.idea is None else c.idea.id,
            checkpoint_id=None if c.checkpoint is None else c.checkpoint.id,
            kind=c.kind,
            explanation=why,
        )

    def _timing(self, codes: list[str], c: _Candidate | None, cursor: int, *,
                chain: Sequence[Rule] = (), contact: Contact | None = None) -> Explanation:
        """Which rule set the instant, as data.

        ``c``: the candidate placed; otherwise ``chain`` and ``contact``, the
        rules that moved an instant for someone (a waiting idea, a need).
        """
        if c is not None and self.floored:
            return _why("timing.flag-envelope", flag=self.flag)
        # The last rule that moved the instant (before the working-time slot) set it.
        main = next((code for code in reversed(codes) if code not in _WORKING_TIME), None)
        if main is None:
            return _why("timing.first-slot" if codes else "timing.right-away")
        if main == Code.TOO_SOON.value and c is not None and self._spaced(c, cursor):
            why = _why("timing.too-soon", case="spacing", spacing=self.policy.spacing)
        elif main == Code.TOO_SOON.value:
            streak = self.history.unanswered_streak
            gap = self._too_soon().gap(streak).to_timedelta()
            why = _why("timing.too-soon", case="grown" if streak else "base", gap=gap,
                       unanswered=streak)
        elif main == Code.FREQUENCY_CAP.value:
            # Which cap: the last one in the chain that moved the instant.
            rules = chain if c is None else c.chain
            who = contact if c is None else c.contact
            rule = next((r for r in reversed(rules) if r.code == main), None)
            if isinstance(rule, CapRule) and who is not None:
                spec = rule.spec
                whose = rule.whose_for(self.account, who)
                if spec.period is not None:
                    why = _why("timing.cap-period", cap=spec.count, whose=whose,
                               period=Explanation(code=f"period.{spec.period.value}"))
                else:
                    why = _why("timing.cap-rolling", cap=spec.count, whose=whose,
                               window=spec.window)
            else:
                why = _why("timing.frequency-cap", window=self.policy.cap_window,
                           cap=self.policy.cap)
        elif main == Code.COOLING_OFF.value:
            why = _why("timing.cooling-off", cool_off=self.policy.cool_off)
        elif f"timing.{main}" in PARAMS:
            why = _why(f"timing.{main}")
        else:
            why = _why("timing.other", code=main)
        if codes[-1] in _WORKING_TIME:
            why = _why("timing.then-slot", timing=why)
        return why

    def _too_soon(self) -> TooSoon:
        return self.policy._gap_rule

    def _context(self, c: _Candidate) -> Context:
        """The rules' context of a candidate, against the plan's history so far."""
        return Context(account=self.account, history=self.history, contact=c.contact,
                       channel=c.channel, idea=c.idea, checkpoint=c.checkpoint, reply=False,
                       calendar=self.policy.calendar(c.contact, c.channel))

    def _spaced(self, c: _Candidate, cursor: int) -> bool:
        """Whether the spacing between touches to one person held the candidate back."""
        ctx = Context(account=self.account, history=self.history, contact=c.contact,
                      channel=c.channel, idea=c.idea, checkpoint=c.checkpoint, reply=False,
                      calendar=self.policy.calendar(c.contact, c.channel))
        rule = self._too_soon()
        lift = rule.refuses(ctx, cursor)
        return lift is not None and rule.params(ctx, cursor, lift)["case"] == "spacing"

    # -- presence ------------------------------------------------------------
    def _needs(self, relances: list[Relance]) -> tuple[IdeaNeeded, ...]:
        """One IdeaNeeded inside every silence longer than max_silence."""
        limit = micros(self.policy.max_silence)
        last = self.original.last_outbound_us
        points = [self.start if last is None else min(last, self.start)]
        points += [to_us(r.at) for r in relances]
        points.append(self.end)
        final = self.history
        needs = []
        for begin, finish in itertools.pairwise(points):
            deadline = max(begin + limit, self.start)
            if deadline < finish:
                # Who to reach and what to address, as things stand then.
                self.history = self.original
                for relance in relances:
                    if to_us(relance.at) < deadline:
                        self.history = self.history.with_touch(relance.to_touch())
                silent = last is None and begin == points[0]
                found = self._need(deadline, begin, silent=silent)
                # Dated when its target can be reached: at or after the plan's
                # next relance, that relance is the presence (none is needed).
                if finish == self.end or to_us(found.by) < finish:
                    needs.append(found)
        self.history = final
        return tuple(needs)

    def _need(self, by: int, since: int, *, silent: bool) -> IdeaNeeded:
        need = self._least_covered_need()
        target = self._generic_target(by)
        zone = _UTC if target is None else target.zone
        zone_name = "UTC" if target is None else target.timezone
        who = _why("needed.nobody") if target is None else _why("needed.for", contact=target.name)
        since_why = _why("since.silent") if silent else _why(
            "since.last", last=to_datetime(since, zone), zone=zone_name)
        moved: Explanation | None = None
        if target is not None:
            # By a moment the target can be reached: a working slot, outside
            # the quiet periods and absences that concern them.
            channel = self._channel(target, Kind.IDEA)
            reach = self.policy.reach_rules
            if channel is not None and reach:
                slot, chain = self._settle(reach, target, channel, by)
                if by < slot < NEVER:
                    by = slot
                    moved = self._timing([r.code for r in chain], None, by, chain=chain,
                                         contact=target)
        params: dict[str, object] = {"case": "any", "by": to_datetime(by, zone), "target": who,
                                     "since": since_why, "zone": zone_name}
        if need:
            params.update(case="addressing", need=need)
        if moved is not None:
            params.update(case=f"{params['case']}-moved", moved=moved)
        return IdeaNeeded(
            by=to_datetime(by, zone),
            contact_id=None if target is None else target.id,
            need=need,
            explanation=_why("idea-needed", **params),
        )

    def _least_covered_need(self) -> str | None:
        """The need the fewest shared ideas addressed: before the plan and in it."""
        counts = dict.fromkeys(sorted(self.account.needs), 0)
        shared = self.history.shared_ideas
        for idea in self.backlog.values():
            if idea.id in shared:
                for need in idea.addresses & self.account.needs:
                    counts[need] += 1
        return min(counts, key=lambda n: (counts[n], n)) if counts else None

    def _generic_target(self, at: int) -> Contact | None:
        probe = Idea(id="\u2026new idea", summary="a new idea", addresses=self.account.needs)
        self._reach = {}
        self._targets = {}
        chosen = self._target(probe, at)
        return None if chosen is None else chosen[0]

    def _advice(self) -> tuple[Advice, ...]:
        advice = []
        limit = self.policy.max_unanswered
        for contact in self.account.contacts:
            streak_touches = self._streak_touches(contact.id)
            if len(streak_touches) < limit:
                continue
            paused_at = streak_touches[limit - 1]  # the touch that reached the limit
            other = self._suggest_contact(exclude=contact.id)
            used = {t.channel for t in streak_touches}
            facts = self.history.facts(contact.id)
            channels = tuple(c for c in PREFERENCE[Kind.IDEA]
                             if c in contact.channels and c not in used and c not in facts.bounced)
            lighter = next((i for i in self.usable if i.first_step
                            and not self.history.shares(i.id)), None)
            tries = []
            if not any(c.has_authority for c in self.account.contacts):
                tries.append(_why("try.map"))
            if other is not None:
                tries.append(_why("try.contact", contact=other.name, role=other.role.value))
            if channels:
                tries.append(_why("try.channels", channels=tuple(c.value for c in channels)))
            if lighter is not None:
                tries.append(_why("try.lighter", idea=lighter.id, summary=lighter.summary))
            advice.append(Advice(
                contact_id=contact.id,
                code=Code.UNANSWERED_LIMIT.value,
                at=paused_at.at.in_tz(contact.timezone),
                explanation=_why("advice.unanswered-limit", contact=contact.name,
                                 unanswered=len(streak_touches), tries=tuple(tries),
                                 case="try" if tries else "plain"),
                suggest_contact_id=None if other is None else other.id,
                suggest_channels=channels,
                suggest_idea_id=None if lighter is None else lighter.id,
            ))
        grace = span_of(self.policy.checkpoint_grace)
        for series in self.account.checkpoints:
            contact = self.account.contact(series.contact_id)
            # Of a series, the latest occurrence missed since the last one kept.
            cp = None
            for occurrence in series.occurrences_in(contact.zone):
                if self.history.kept(occurrence.id):
                    cp = None
                elif grace.after(occurrence._us, contact.zone) <= self.end:
                    cp = occurrence
            if cp is None:
                continue
            missed = grace.after(cp._us, contact.zone)
            advice.append(Advice(
                contact_id=contact.id,
                code=Code.CHECKPOINT_MISSED.value,
                at=to_datetime(missed, contact.zone),
                explanation=_why("advice.checkpoint-missed", checkpoint=cp.id,
                                 note=cp.note or "", contact=contact.name,
                                 agreed=moment(cp._us, contact),
                                 grace=self.policy.checkpoint_grace, zone=contact.timezone),
                suggest_contact_id=contact.id,
            ))
        advice += self._tension_advice()
        decline = self.original.decline_us
        decliner = self.original.decline_contact
        if decline is not None and decliner is not None:
            contact = self.account.contact(decliner)
            # Re-engage with someone who decides or allocates the budget: never
            # a substitute called "the decision maker"; nobody: map who does.
            # (A decider who declined may be the one to come back to.)
            decider = self._suggest_contact(
                exclude=None if contact.has_authority else decliner, authority=True)
            if decider is not None:
                who: dict[str, object] = {
                    "case": "decider" if decider.role is Role.DECISION_MAKER else "allocator",
                    "decider": decider.name}
            elif any(c.has_authority for c in self.account.contacts):
                who = {"case": "plain"}  # someone decides, out of reach for now
            else:
                who = {"case": "map"}
            ends = span_of(self.policy.cool_off).after(decline, contact.zone)
            advice.append(Advice(
                contact_id=decliner,
                code=Code.COOLING_OFF.value,
                at=to_datetime(ends, contact.zone),
                explanation=_why(
                    "advice.cooling-off", account=self.account.name,
                    declined=moment(decline, contact), ends=moment(ends, contact),
                    zone=contact.timezone, **who,
                ),
                suggest_contact_id=None if decider is None else decider.id,
            ))
        return tuple(advice)

    def _tension_advice(self) -> list[Advice]:
        """Repair first while a tension is open; once resolved, an agreed regular review."""
        windows = []
        for window in tensions_of(self.account, self.original):
            who = window.contact_id
            if not window.id:  # opened by a complaint in the history: who complained
                who = next((t.contact_id for t in self.original
                            if t._us == window.start and t.outcome is Outcome.COMPLAINT), None)
            windows.append((window.start, window.end, who))
        if not windows:
            return []
        found = []
        deciders = [c for c in self.account.contacts if c.has_authority]
        default = (deciders or list(self.account.contacts))[0]
        opened = [w for w in windows if w[0] <= self.start < w[1]]
        if opened:
            start, _, who = opened[0]
            contact = self.account.contact(who) if who is not None else default
            repairs = tuple(i.id for i in self.usable if i.repair)
            found.append(Advice(
                contact_id=contact.id, code=Code.TENSION_OPEN.value,
                at=to_datetime(start, contact.zone),
                explanation=_why("advice.tension-open", case="repair" if repairs else "no-repair",
                                 account=self.account.name, opened=moment(start, contact),
                                 ideas=repairs, zone=contact.timezone),
            ))
        resolved = [w for w in windows if w[1] <= self.end]
        latest = max(resolved, key=lambda w: w[1], default=None)
        series = any(cp.recurrence is not None for cp in self.account.checkpoints)
        if latest is not None and not series and not any(w[1] > latest[1] for w in windows):
            start, end, who = latest
            contact = self.account.contact(who) if who is not None else default
            found.append(Advice(
                contact_id=contact.id, code="agreed-review", at=to_datetime(end, contact.zone),
                explanation=_why("advice.agreed-review", account=self.account.name,
                                 opened=moment(start, contact), resolved=moment(end, contact),
                                 zone=contact.timezone),
            ))
        return found

    def _streak_touches(self, contact_id: str) -> list[Touch]:
        """The contact's current run of unanswered outbound touches, oldest first."""
        return unanswered(silent_run(self.history, contact_id))

    def _flag_advice(self, relances: tuple[Relance, ...]) -> tuple[Advice, ...]:
        """What the red flags ask of the seller, beyond the order of the ideas."""
        if self.policy.flag_weight == "report" or not self.flags:
            return ()
        # Whom to ask, as things stand now (not as the pessimistic plan leaves them).
        final, self.history = self.history, self.original
        ask = self._suggest_contact(exclude=None)
        self.history = final
        if ask is None:  # nobody can be asked anything: no advice to give them
            return ()
        at = to_datetime(self.start, ask.zone)
        found = []
        by_code = {f.code: f for f in self.flags}
        mapping = by_code.get("no-decision-map")
        if mapping is not None and mapping.explanation is not None:
            selling = next((r for r in relances if r.kind is Kind.IDEA and r.idea_id is not None
                            and not self.backlog[r.idea_id].first_step
                            and not self.backlog[r.idea_id].repair), None)
            before = _why("before.any") if selling is None else _why(
                "before.selling", idea=selling.idea_id, at=selling.at,
                zone=self.account.contact(selling.contact_id).timezone)
            found.append(Advice(
                contact_id=ask.id, code="no-decision-map", at=at,
                explanation=_why("advice.no-decision-map",
                                 case=mapping.explanation.params["case"],
                                 account=self.account.name, contact=ask.name, before=before),
                suggest_contact_id=ask.id,
            ))
        providers = tuple(str(f.explanation.params["provider"]) for f in self.flags
                          if f.code == "incumbent-provider" and f.explanation is not None)
        if providers:
            fresh = [i for i in sorted(self.backlog.values(), key=_value_key)
                     if i.id not in self.skipped and not self.original.shares(i.id)]
            different = next((i for i in fresh if i.differentiates), None)
            said: dict[str, object] = {"case": "needed", "providers": providers,
                                       "account": self.account.name}
            if different is not None:
                said.update(case="lead", idea=different.id, summary=different.summary)
            found.append(Advice(
                contact_id=ask.id, code="incumbent-provider", at=at,
                explanation=_why("advice.incumbent-provider", **said),
                suggest_idea_id=None if different is None else different.id,
            ))
        if self.level and not any(i.first_step for i in self._fresh()):
            found.append(Advice(
                contact_id=ask.id, code="lighter-entry", at=at,
                explanation=_why("advice.lighter-entry", flag=self.flag,
                                 account=self.account.name),
            ))
        return tuple(found)

    def _suggest_contact(self, *, exclude: str | None, authority: bool = False) -> Contact | None:
        """Another contact to turn to: who decides first, gatekeepers last.

        With ``authority``, only those who decide or allocate the budget.
        """
        limit = self.policy.max_unanswered
        pool = [
            c for c in self.account.contacts
            if c.id != exclude and not c.do_not_contact
            and not self.history.facts(c.id).opted_out
            and self.history.facts(c.id).streak < limit
            and (c.has_authority or not authority)
        ]
        return min(pool, key=lambda c: (not c.has_authority, ROLE_ORDER[c.role], c.id),
                   default=None)


def _authority(contact: Contact) -> Explanation:
    """Why an idea goes to someone with authority: they decide, or hold the budget."""
    if contact.role is Role.DECISION_MAKER:
        return _why("target.decision-maker")
    return _why("target.allocates-budget")


def _why(code_: str, /, **params: object) -> Explanation:
    # Only names and codes are shared: equal instants in two zones, or 1 and
    # True, are equal keys but not the same thing to say.
    if all(type(value) is str for value in params.values()):
        return _said(code_, tuple(params.items()))
    return Explanation(code=code_, params=params)


@functools.lru_cache(maxsize=1024)
def _said(code_: str, params: tuple[tuple[str, object], ...]) -> Explanation:
    """One (immutable) explanation per code and parameters: the planner says the same often."""
    return Explanation(code=code_, params=dict(params))


_UTC: Final = ZoneInfo("UTC")
