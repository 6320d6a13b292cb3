"""Facts and stories about a silence: what it may mean, and what it calls for.

Silence is data, not an insult.  The same fact, no answer, fits many
stories: pressure from their own management, doubt, work that has nothing to
do with us, a person who does not decide, a need for proof, an absence.  For
a contact who is paused, and for an account silent past
``Policy.silence_tolerance``, the plan offers a few readings
(:class:`~relance.Hypothesis`), each marked ``fact`` when the account or its
history supports it (an out-of-office reply, a bounce, the contact's role, the
qualification) and ``story`` otherwise, with the action it calls for.  Facts
come first; never more than :data:`MAX_READINGS` per silence; the wording
never blames the client.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Final

from .explain import Explanation
from .history import History
from .instants import span_of, to_datetime, to_us
from .models import Account, Channel, Contact, Direction, Idea, Outcome, Touch
from .plan import Hypothesis, RedFlag
from .policy import Policy
from .qualification import Knowledge

__all__ = ["MAX_READINGS", "hypotheses", "silent_run", "unanswered"]

#: The most readings offered for one silence.
MAX_READINGS: Final = 3
#: Flags that support the reading "under pressure from their own management".
PRESSURE_FLAGS: Final = ("vague-budget", "heavy-process", "urgency-mismatch")
#: Channels suggested instead of one that bounced, in this order.
_CHANNELS: Final = (Channel.EMAIL, Channel.PHONE, Channel.VIDEO, Channel.MESSAGE, Channel.MEETING)
_UNANSWERED: Final = (Outcome.PENDING, Outcome.NO_ANSWER)
#: The readings that are facts or stories depending on the account.
_EITHER: Final = frozenset({"under-pressure", "needs-proof"})


def silent_run(history: History, contact_id: str | None = None) -> list[Touch]:
    """The trailing run of touches nobody answered, oldest first.

    Outbound touches left unanswered, with the out-of-office replies and the
    bounces among them (neither is an answer); any other touch ends the run.
    ``contact_id`` limits it to one person; ``None`` reads the whole account.
    """
    run: list[Touch] = []
    # Read from the history's columns: only the touches of the run are built.
    for position, who, direction, outcome in history.backwards():
        if contact_id is not None and who != contact_id:
            continue
        quiet = outcome is Outcome.OUT_OF_OFFICE or (
            direction is Direction.OUTBOUND
            and (outcome in _UNANSWERED or outcome is Outcome.BOUNCED)
        )
        if not quiet:
            break
        run.append(history[position])
    return run[::-1]


def unanswered(run: Sequence[Touch]) -> list[Touch]:
    """The outbound touches left unanswered in a run (no out-of-office reply, no bounce)."""
    return [t for t in run if t.direction is Direction.OUTBOUND and t.outcome in _UNANSWERED]


def hypotheses(
    account: Account,
    history: History,
    ideas: Sequence[Idea],
    policy: Policy,
    now: int,
    flags: tuple[RedFlag, ...],
) -> tuple[Hypothesis, ...]:
    """Readings of the account's silences at ``now`` (µs), facts first.

    One silence is the account's, when its unanswered touches began more than
    ``policy.silence_tolerance`` before ``now`` (``contact_id`` ``None``);
    the others are each paused contact's (``policy.max_unanswered``
    unanswered touches in a row) that the account's silence does not cover.
    """
    found: list[Hypothesis] = []
    run = silent_run(history)
    left = unanswered(run)
    covered: set[str] = set()
    # Nobody reads the silence of someone who must not be contacted: it is no
    # silence to break.
    reachable = [c for c in account.contacts
                 if not c.do_not_contact and not history.facts(c.id).opted_out]
    if left:
        first = account.contact(left[0].contact_id)
        people = [c for c in reachable if any(t.contact_id == c.id for t in run)]
        if people and span_of(policy.silence_tolerance).after(left[0]._us, first.zone) <= now:
            covered = {c.id for c in people}
            found += _Reading(account, history, ideas, now, flags, None, people, run).all()
    for contact in reachable:
        if contact.id in covered:
            continue
        own = silent_run(history, contact.id)
        if len(unanswered(own)) >= policy.max_unanswered:
            found += _Reading(account, history, ideas, now, flags, contact.id, [contact],
                              own).all()
    return tuple(found)


class _Reading:
    """The readings of one silence: who went silent, and the touches of it."""

    def __init__(
        self,
        account: Account,
        history: History,
        ideas: Sequence[Idea],
        now: int,
        flags: tuple[RedFlag, ...],
        subject: str | None,
        people: list[Contact],
        run: list[Touch],
    ) -> None:
        self.account = account
        self.history = history
        self.ideas = [i for i in ideas if not history.shares(i.id)]
        self.now = now
        self.flags = flags
        self.subject = subject
        self.people = people
        self.ids = {c.id for c in people}
        self.run = run
        self.zone = people[0].zone
        self.zone_name = people[0].timezone
        self.name = account.name if subject is None else people[0].name

    def all(self) -> list[Hypothesis]:
        facts = [h for h in (self.away(), self.known_date(), self.not_received(),
                             self.no_authority()) if h is not None]
        facts += [h for h in (self.under_pressure(), self.needs_proof()) if h.support == "fact"]
        stories = [h for h in (self.under_pressure(), self.unsure(), self.needs_proof(),
                               self.busy_elsewhere()) if h.support == "story"]
        # One suggestion once: a story that calls for what an earlier reading
        # already suggests (the same lighter step) makes room for another.
        found: list[Hypothesis] = []
        for reading in facts + stories:
            same = (reading.action, reading.suggest_idea_id)
            if reading.support == "story" and any(
                    (h.action, h.suggest_idea_id) == same for h in found):
                continue
            found.append(reading)
        return found[:MAX_READINGS]

    # -- the parts of a reading ------------------------------------------------
    def _at(self, us: int) -> datetime:
        return to_datetime(us, self.zone)

    def _make(self, code: str, action: str, fact: Explanation | None, *,
              until: int | None = None, contact: Contact | None = None,
              idea: Idea | None = None, channels: tuple[Channel, ...] = (),
              said: dict[str, object] | None = None) -> Hypothesis:
        """A reading; ``said`` are the parameters of its action's sentence."""
        action_said = Explanation(code=f"action.{action}", params=said or {})
        params: dict[str, object] = {"subject": self.name, "action": action_said}
        if code in _EITHER:  # a reading that may be a fact or a story says which
            params["case"] = "story" if fact is None else "fact"
        if fact is not None:
            params["fact"] = fact
        return Hypothesis(
            code=code,
            contact_id=self.subject,
            support="story" if fact is None else "fact",
            action=action,
            until=None if until is None else to_datetime(until, self.zone),
            suggest_contact_id=None if contact is None else contact.id,
            suggest_idea_id=None if idea is None else idea.id,
            suggest_channels=channels,
            explanation=Explanation(code=f"hypothesis.{code}", params=params),
        )

    def _fact(self, code: str, **params: object) -> Explanation:
        return Explanation(code=f"fact.{code}", params=params)

    def _wait(self, code: str, fact: Explanation, until: int | None) -> Hypothesis:
        if until is not None and until > self.now:
            return self._make(code, "wait-for-date", fact, until=until,
                              said={"until": self._at(until), "zone": self.zone_name})
        return self._make(code, "give-time", fact)

    def _idea(self, action: str, found: Idea | None, *, code: str,
              fact: Explanation | None) -> Hypothesis:
        if found is None:
            return self._make(code, action, fact, said={"case": "none"})
        return self._make(code, action, fact, idea=found,
                          said={"case": "idea", "idea": found.id, "summary": found.summary})

    # -- the readings ----------------------------------------------------------------
    def away(self) -> Hypothesis | None:
        """Away: an out-of-office reply in the silence, or an absence that overlaps it."""
        start = self.run[0]._us
        for touch in reversed(self.run):
            if touch.outcome is Outcome.OUT_OF_OFFICE and touch.contact_id in self.ids:
                back = None if touch.returns_at is None else to_us(touch.returns_at)
                who = self.account.contact(touch.contact_id)
                fact = self._fact("out-of-office", case="plain" if back is None else "returns",
                                  contact=who.name, replied=self._at(touch._us),
                                  **({} if back is None else {"returns": self._at(back)}),
                                  zone=self.zone_name)
                return self._wait("away", fact, back)
        for absence in sorted(self.account.absences, key=lambda a: (a._end_us, a.id)):
            if absence.contact_id in self.ids and absence._end_us > start and (
                absence._start_us <= self.now
            ):
                who = self.account.contact(absence.contact_id)
                fact = self._fact("absence", absence=absence.id, contact=who.name,
                                  start=self._at(absence._start_us),
                                  end=self._at(absence._end_us), zone=self.zone_name)
                return self._wait("away", fact, absence._end_us)
        return None

    def known_date(self) -> Hypothesis | None:
        """Waiting for a date they gave: a quiet period or an agreed checkpoint ahead."""
        ahead: list[tuple[int, str, Explanation]] = []
        for window in self.account._quiet:
            if window.end > self.now and window.start <= self.now and (
                window.contact_id is None or window.contact_id in self.ids
            ):
                what = "checkpoint" if window.hold else "quiet-period"
                ahead.append((window.end, window.id, self._fact(
                    what, **{"checkpoint" if window.hold else "period": window.id},
                    until=self._at(window.end), zone=self.zone_name)))
        for cp in self.account.agreed_checkpoints:
            if cp._us > self.now and cp.contact_id in self.ids and not self.history.kept(cp.id):
                ahead.append((cp._us, cp.id, self._fact(
                    "checkpoint", checkpoint=cp.id, until=self._at(cp._us),
                    zone=self.zone_name)))
        if not ahead:
            return None
        until, _, fact = min(ahead, key=lambda a: (a[0], a[1]))
        return self._wait("known-date", fact, until)

    def not_received(self) -> Hypothesis | None:
        """It may not have reached them: a bounce in the silence."""
        bounce = next((t for t in reversed(self.run) if t.outcome is Outcome.BOUNCED
                       and t.direction is Direction.OUTBOUND and t.contact_id in self.ids),
                      None)
        if bounce is None:
            return None
        who = self.account.contact(bounce.contact_id)
        bounced = self.history.facts(who.id).bounced
        channels = tuple(c for c in _CHANNELS if c in who.channels and c not in bounced)
        fact = self._fact("bounced", contact=who.name, channel=bounce.channel.value,
                          at=self._at(bounce._us), zone=self.zone_name)
        if not channels:
            return self._to_decider("not-received", fact)
        return self._make("not-received", "other-channel", fact, channels=channels,
                          said={"channels": tuple(c.value for c in channels)})

    def _decider(self) -> Contact | None:
        others = [c for c in self.account.contacts
                  if c.has_authority and c.id not in self.ids and not c.do_not_contact
                  and not self.history.facts(c.id).opted_out]
        return min(others, key=lambda c: (c.role.value != "decision_maker", c.id), default=None)

    def _to_decider(self, code: str, fact: Explanation) -> Hypothesis:
        """Turn to someone who decides, or map who does when nobody is known."""
        decider = self._decider()
        if decider is None:
            return self._make(code, "map-decision", fact)
        return self._make(code, "reach-decider", fact, contact=decider,
                          said={"contact": decider.name})

    def no_authority(self) -> Hypothesis | None:
        """Nobody in the silence decides or allocates the budget."""
        if any(c.has_authority for c in self.people):
            return None
        first = self.people[0]
        fact = self._fact("role", contact=first.name, role=first.role.value)
        return self._to_decider("no-authority", fact)

    def under_pressure(self) -> Hypothesis:
        """Pressure from their own management: backed by a budget or process flag."""
        flag = next((f for f in self.flags if f.code in PRESSURE_FLAGS), None)
        fact = None if flag is None or flag.explanation is None else self._fact(
            "flag", flag=flag.explanation)
        return self._idea("lighter-step", self._first(lambda i: i.first_step),
                          code="under-pressure", fact=fact)

    def needs_proof(self) -> Hypothesis:
        """They need more proof: backed by a value nobody established."""
        q = self.account.qualification
        fact = None
        # Assessed as only partly known: a fact.  Unknown is what nobody wrote
        # down (the default): a story, as without a qualification.
        if q is not None and q.value.state is Knowledge.PARTLY:
            fact = self._fact("qualification", dimension=Explanation(code="dimension.value"))
        return self._idea("send-proof", self._first(lambda i: i.proof), code="needs-proof",
                          fact=fact)

    def unsure(self) -> Hypothesis:
        return self._idea("lighter-step", self._first(lambda i: i.first_step), code="unsure",
                          fact=None)

    def busy_elsewhere(self) -> Hypothesis:
        return self._make("busy-elsewhere", "give-time", None)

    def _first(self, wanted: Callable[[Idea], bool]) -> Idea | None:
        return next((i for i in self.ideas if wanted(i)), None)
