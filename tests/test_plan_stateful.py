"""A CRM timeline played step by step, re-planning at every step."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pendulum
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

import oracles
from oracles import us
from relance import Direction, History, Idea, Kind, Outcome, Plan, Touch, plan
from relance.testing import assert_plan_sound
from strategies import NEEDS, World, worlds

HORIZON = timedelta(weeks=8)
OUTBOUND = [o for o in Outcome if o is not Outcome.BOUNCED] + [Outcome.BOUNCED]
INBOUND = [Outcome.REPLIED, Outcome.MEETING, Outcome.PENDING, Outcome.DECLINED,
           Outcome.OPTED_OUT, Outcome.OUT_OF_OFFICE, Outcome.COMPLAINT, Outcome.RESOLVED]


class CrmTimeline(RuleBasedStateMachine):
    """Touches recorded, answers, declines, new ideas and time passing."""

    world: World
    touches: list[Touch]
    ideas: list[Idea]
    now: pendulum.DateTime
    current: Plan

    @initialize(world=worlds())
    def start(self, world: World) -> None:
        """Start from a generated world, at its proposal's instant."""
        self.world = world
        self.touches = list(world.history)
        self.ideas = list(world.ideas)
        self.now = world.now
        self.replan()

    def replan(self) -> None:
        """Plan again from the current state (as a CRM does after every event)."""
        self.current = plan(
            account=self.world.account, history=self.touches, ideas=self.ideas,
            policy=self.world.policy, now=self.now, horizon=HORIZON,
        )

    @precondition(lambda self: bool(self.current.relances))
    @rule(outcome=st.sampled_from(OUTBOUND))
    def carry_out_the_first_relance(self, outcome: Outcome) -> None:
        """The rep sends what the plan said, when it said; the client answers or not."""
        first = self.current.relances[0]
        self.touches.append(first.to_touch(outcome))
        self.now = first.at
        self.replan()

    @rule(data=st.data(), outcome=st.sampled_from(INBOUND), hours=st.integers(1, 24 * 20),
          back=st.one_of(st.none(), st.integers(1, 24 * 30)))
    def the_client_writes(self, data: st.DataObject, outcome: Outcome, hours: int,
                          back: int | None) -> None:
        """A message arrives from the client.

        An answer, a meeting request, a decline, an opt-out, an out-of-office
        reply (perhaps with its return date), a complaint, a resolution.
        """
        contact = data.draw(st.sampled_from(self.world.account.contacts))
        self.now = self.now.add(hours=hours)
        away = outcome is Outcome.OUT_OF_OFFICE and back is not None
        self.touches.append(Touch(at=self.now, contact_id=contact.id, channel="email",
                                  direction=Direction.INBOUND, outcome=outcome,
                                  returns_at=self.now.add(hours=back) if away else None))
        self.replan()

    @rule(addresses=st.frozensets(st.sampled_from(NEEDS), min_size=1),
          priority=st.integers(0, 3), first_step=st.booleans(), repair=st.booleans())
    def the_team_finds_a_new_idea(
        self, addresses: frozenset[str], priority: int, first_step: bool, repair: bool
    ) -> None:
        """The value-creation meeting produces a new idea (or a repair action)."""
        self.ideas.append(Idea(id=f"new{len(self.ideas)}", summary="fresh", addresses=addresses,
                               priority=priority, first_step=first_step, repair=repair))
        self.replan()

    @rule(days=st.integers(1, 40))
    def time_passes(self, days: int) -> None:
        """Nothing happens for a while."""
        self.now = self.now.add(days=days)
        self.replan()

    @invariant()
    def the_relationship_is_respected(self) -> None:
        """The relationship is respected, and nothing in the backlog disappears.

        Nobody away or in a quiet period, no selling in a tension, spacing kept.
        """
        assert_plan_sound(self.current, policy=self.world.policy, account=self.world.account,
                          history=self.touches, ideas=self.ideas)
        placed = [r.idea_id for r in self.current.relances if r.idea_id is not None]
        told = placed + [s.idea_id for s in self.current.skipped] + [
            w.idea_id for w in self.current.waiting]
        assert sorted(told) == sorted(i.id for i in self.ideas)

    @invariant()
    def the_plan_is_sound_and_never_repeats_an_idea(self) -> None:
        """Every relance passes check after the ones before it; no idea twice."""
        history = History(self.touches)
        sent = {t.idea_id for t in oracles.outbound(self.touches)}
        for relance in self.current.relances:
            verdict = self.world.policy.check(relance.proposal, account=self.world.account,
                                              history=history, ideas=self.ideas)
            assert verdict.allowed, verdict
            if relance.kind is Kind.IDEA:
                assert relance.idea_id not in sent
                sent.add(relance.idea_id)
            history = history.with_touch(relance.to_touch())

    @invariant()
    def presence_never_lapses_unannounced(self) -> None:
        """Every silence longer than max_silence has an IdeaNeeded inside it."""
        limit = self.world.policy.max_silence // timedelta(microseconds=1)
        now = us(self.now)
        out = oracles.outbound(self.touches)
        points = [min(us(out[-1].at), now) if out else now]
        points += [us(r.at) for r in self.current.relances]
        points.append(now + HORIZON // timedelta(microseconds=1))
        needs = [us(n.by) for n in self.current.needs]
        # A need is dated when its target can be reached: past the horizon
        # only when moved there (the why says so); a silence a relance ends
        # before the target can be reached needs none (that relance is the
        # presence), and no need is ever at or after such a relance.
        moved = [str(n.explanation.params["case"]).endswith("-moved")  # type: ignore[union-attr]
                 for n in self.current.needs]
        horizon = points[-1]
        for begin, finish in itertools.pairwise(points):
            if max(begin + limit, now) < finish == horizon:
                assert any(begin <= by and (by < finish or late)
                           for by, late in zip(needs, moved, strict=True))
        for need in self.current.needs:
            since = need.explanation.params["since"]  # type: ignore[union-attr]
            start = us(since.params["last"]) if since.code == "since.last" else points[0]
            assert not any(start < us(r.at) <= us(need.by) for r in self.current.relances)


CrmTimeline.TestCase.settings = settings(max_examples=25, stateful_step_count=12, deadline=None)
test_crm_timeline = CrmTimeline.TestCase
