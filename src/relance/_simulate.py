"""Policies compared by simulation: a portfolio played forward, week after week.

:func:`simulate` plays each account of a portfolio forward under a relance
:class:`~relance.Policy` or a baseline :class:`Cadence` (the sequences sales
engagement tools run today): it carries out the next follow-up, draws the
client's answer from a :class:`ResponseModel`, and goes on from the history
that makes.  A run is deterministic for a given seed, whatever the order or
the number of accounts: each account draws from its own generator, seeded by
the run's seed and the account's id.

The response model is an **assumption**, stated in one place with its
parameters, and replaceable by any object with the same ``respond`` method.
The figures it gives compare policies on the same accounts and the same
assumption; they do not predict what clients will do.

(The module is private: ``relance.simulate`` is the function, and the names
below are public from ``relance``.)
"""

from __future__ import annotations

import bisect
import itertools
import random
import statistics
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Any, Final, Protocol

import attrs
import pendulum

from ._core.calendar import calendar_of
from ._core.errors import DuplicateIdError, InvalidValueError, RelanceError
from ._core.history import History
from ._core.inputs import problems_of, raise_problems
from ._core.instants import (
    NEVER,
    first_instant_at_wall,
    local,
    to_datetime,
    to_us,
)
from ._core.models import Account, Channel, Contact, Direction, Idea, Outcome, Role, Touch
from ._core.plan import Kind
from ._core.planner import plan, plan_window
from ._core.policy import Policy
from ._core.validation import (
    RANGE_TEXT,
    field_name,
    require,
    require_instant,
    require_items,
)
from ._io.serialization import Document

__all__ = [
    "Cadence",
    "Carried",
    "Responder",
    "ResponseModel",
    "SimulatedAccount",
    "Simulation",
    "SimulationSummary",
    "simulate",
]


class Carried(str, Enum):
    """What an outbound touch brought, as the response model sees it."""

    #: A new idea the account needs.
    IDEA = "idea"
    #: Nothing new: the "any news?" check-in.
    EMPTY = "empty"
    #: A contact at a date the client agreed to.
    CHECKPOINT = "checkpoint"
    #: Our answer to a message of theirs.
    REPLY = "reply"


def _probability(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        name = field_name(instance, attribute)
        raise InvalidValueError(f"{name} must be a probability, a number from 0 to 1 "
                                f"(got {value!r})", field=name, value=value)


def _damping(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        name = field_name(instance, attribute)
        raise InvalidValueError(f"{name} must be a number above 0 and at most 1: pressure "
                                f"never helps an answer (got {value!r})", field=name, value=value)


def _growth(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if (isinstance(value, bool) or not isinstance(value, (int, float))
            or not 1 <= value < float("inf")):
        name = field_name(instance, attribute)
        raise InvalidValueError(f"{name} must be a finite number of at least 1: pressure "
                                f"never lowers it (got {value!r})", field=name, value=value)


def _grown(base: float, factor: float, pressure: int) -> float:
    """``base × factor ** pressure``, at most 1 (no overflow, and 0 stays 0)."""
    if base == 0:
        return 0.0
    try:
        return min(1.0, base * factor ** pressure)
    except OverflowError:
        return 1.0


def _window(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, timedelta) or value <= timedelta(0):
        name = field_name(instance, attribute)
        raise InvalidValueError(f"{name} must be a positive duration (got {value!r})",
                                field=name, value=value)


@attrs.frozen(kw_only=True)
class ResponseModel:
    """How clients answer follow-ups: the simulation's assumption, in one place.

    The chance that an outbound touch is answered depends on what it brought
    (``answer_idea``, ``answer_empty``, ``answer_checkpoint``,
    ``answer_reply``) and falls with the pressure of the last weeks: each
    earlier outbound touch to the account within ``pressure_window``
    multiplies it by ``pressure_damping``.  Declines and opt-outs rise with
    the same pressure: ``decline`` and ``opt_out`` are their chances with no
    earlier touch in the window, multiplied by ``decline_growth`` and
    ``opt_out_growth`` per earlier touch.  Of the answers, ``meeting_share``
    become meetings.  An answer is recorded as the touch's outcome (``replied``,
    ``meeting``, ``declined``, ``opted_out``); otherwise ``no_answer``.

    The defaults are an assumption, not a measurement: a follow-up with a
    new, relevant idea is answered five times as often as an empty check-in,
    an agreed date most often of all, and pressure costs answers and goodwill.
    Set your own from your CRM's figures.

    Examples:
        >>> import random
        >>> model = ResponseModel()
        >>> model.chances(Carried.IDEA, pressure=0)
        (0.25, 0.01, 0.002)
        >>> [round(c, 4) for c in model.chances(Carried.EMPTY, pressure=3)]
        [0.0211, 0.0338, 0.016]
        >>> ResponseModel(answer_idea=1.5)
        Traceback (most recent call last):
        ...
        relance._core.errors.InvalidValueError: ResponseModel.answer_idea must be a probability...
    """

    answer_idea: float = attrs.field(default=0.25, validator=_probability)
    answer_empty: float = attrs.field(default=0.05, validator=_probability)
    answer_checkpoint: float = attrs.field(default=0.6, validator=_probability)
    answer_reply: float = attrs.field(default=0.5, validator=_probability)
    meeting_share: float = attrs.field(default=0.4, validator=_probability)
    pressure_window: timedelta = attrs.field(default=timedelta(days=28), validator=_window)
    pressure_damping: float = attrs.field(default=0.75, validator=_damping)
    decline: float = attrs.field(default=0.01, validator=_probability)
    decline_growth: float = attrs.field(default=1.5, validator=_growth)
    opt_out: float = attrs.field(default=0.002, validator=_probability)
    opt_out_growth: float = attrs.field(default=2.0, validator=_growth)

    def chances(self, carried: Carried, *, pressure: int) -> tuple[float, float, float]:
        """(answer, decline, opt out) for a touch after ``pressure`` others in the window."""
        base = {
            Carried.IDEA: self.answer_idea,
            Carried.EMPTY: self.answer_empty,
            Carried.CHECKPOINT: self.answer_checkpoint,
            Carried.REPLY: self.answer_reply,
        }[carried]
        opt_out = _grown(self.opt_out, self.opt_out_growth, pressure)
        decline = min(1.0 - opt_out, _grown(self.decline, self.decline_growth, pressure))
        answer = min(1.0 - opt_out - decline, _grown(base, self.pressure_damping, pressure))
        return answer, decline, opt_out

    def respond(self, touch: Touch, *, carried: Carried, pressure: int,
                rng: random.Random) -> Outcome:
        """The outcome of an outbound touch, drawn from ``rng``."""
        answer, decline, opt_out = self.chances(carried, pressure=pressure)
        draw = rng.random()
        if draw < opt_out:
            return Outcome.OPTED_OUT
        if draw < opt_out + decline:
            return Outcome.DECLINED
        if draw < opt_out + decline + answer:
            return Outcome.MEETING if rng.random() < self.meeting_share else Outcome.REPLIED
        return Outcome.NO_ANSWER


class Responder(Protocol):
    """What :func:`simulate` asks for an outcome: a :class:`ResponseModel`, or your own.

    ``pressure`` counts the account's outbound touches within the
    responder's ``pressure_window`` attribute before the touch (28 days when
    it has none).
    """

    def respond(self, touch: Touch, *, carried: Carried, pressure: int,
                rng: random.Random) -> Outcome:
        """The outcome of ``touch``, drawn from ``rng`` only (for determinism)."""


def _count(most: int) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= most:
            name = field_name(instance, attribute)
            raise InvalidValueError(f"{name} must be a whole number from 1 to {most} "
                                    f"(got {value!r})", field=name, value=value)
    return check


def _days(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if (not isinstance(value, timedelta) or value < timedelta(days=1)
            or value > timedelta(days=3650) or value % timedelta(days=1)):
        name = field_name(instance, attribute)
        raise InvalidValueError(f"{name} must be a whole number of days, from 1 to 3,650 "
                                f"(got {value!r})", field=name, value=value)


def _wall_clock(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, time) or value.tzinfo is not None:
        name = field_name(instance, attribute)
        raise InvalidValueError(f"{name} must be a local time without a zone (the contact's "
                                f"own clock), such as time(10) (got {value!r})",
                                field=name, value=value)


def _to_channel(value: object) -> object:
    try:
        return Channel(value) if isinstance(value, str) else value
    except ValueError:
        return value


def _check_channel(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Channel):
        name = field_name(instance, attribute)
        raise InvalidValueError(
            f"{name} must be one of {', '.join(c.value for c in Channel)} (got {value!r})",
            field=name, value=value)


@attrs.frozen(kw_only=True)
class Cadence:
    """A baseline: the sequence a sales engagement tool runs, to compare a policy with.

    A step every ``every`` working days of the contact (1 to 260: their
    country's weekends and holidays, at ``at`` on their own clock, or the
    day's first working time when ``at`` is past it), to the account's
    decision maker (else its first contact), on ``channel``, until an answer
    or ``steps`` steps (1 to 1,000); then, ``rest`` calendar days later (whole
    days), a new sequence.  With ``with_ideas`` each step carries the next unused idea
    of the backlog that the account needs, while there is one; without, every
    step is the "any news?" check-in.  An opt-out ends the sequences to that
    contact; the next one starts with the next contact who did not opt out.

    Examples:
        >>> Cadence(every=2, steps=6).name
        'every 2 working days, 6 steps, check-ins'
        >>> Cadence(every=0)
        Traceback (most recent call last):
        ...
        relance._core.errors.InvalidValueError: Cadence.every must be a whole number from 1 to...
    """

    every: int = attrs.field(default=3, validator=_count(260))
    steps: int = attrs.field(default=8, validator=_count(1000))
    rest: timedelta = attrs.field(default=timedelta(days=14), validator=_days)
    with_ideas: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    channel: Channel = attrs.field(default=Channel.EMAIL, converter=_to_channel,
                                   validator=_check_channel)
    at: time = attrs.field(default=time(10), validator=_wall_clock)

    @property
    def name(self) -> str:
        """A short description, for tables and legends."""
        kind = "an idea a step" if self.with_ideas else "check-ins"
        return f"every {self.every} working days, {self.steps} steps, {kind}"


@attrs.frozen(kw_only=True)
class SimulatedAccount:
    """One account played forward: the touches the run added, and what they amount to.

    Attributes:
        account_id: the account.
        touches: the outbound touches the run made, in time order, each with
            the outcome drawn for it.
        longest_silence: the longest stretch of the run without an outbound
            touch (from the start, between touches, to the end).
        lapsed: whether that stretch is longer than the run's ``lapse``.
        empty_check_ins: touches that carried no idea, no agreed date and
            answered nothing.
        new_ideas: the ideas the run's supply added to the backlog
            (``simulate(new_ideas=...)``), used or not.
    """

    account_id: str
    touches: tuple[Touch, ...]
    longest_silence: timedelta
    lapsed: bool
    empty_check_ins: int
    new_ideas: tuple[Idea, ...] = ()

    def count(self, outcome: Outcome) -> int:
        """How many of the run's touches got ``outcome``."""
        return sum(1 for t in self.touches if t.outcome is outcome)


@attrs.frozen(kw_only=True)
class SimulationSummary:
    """The figures of one run, for a comparison table (one row per policy).

    Attributes:
        name: the policy's or the cadence's name.
        accounts: how many accounts were played.
        weeks: how long.
        contacts_per_account_month: outbound touches per account and month
            (30.44 days, a twelfth of 365.25).
        empty_check_ins: outbound touches that brought nothing new.
        longest_silence_days: the median, over accounts, of each one's
            longest silence, in days.
        lapsed_accounts: accounts with a silence longer than the lapse.
        replies: touches answered (replied or meeting).
        meetings: touches that became a meeting.
        declines: touches declined.
        opt_outs: touches after which the contact opted out.
    """

    name: str
    accounts: int
    weeks: int
    contacts_per_account_month: float
    empty_check_ins: int
    longest_silence_days: float
    lapsed_accounts: int
    replies: int
    meetings: int
    declines: int
    opt_outs: int

    def as_dict(self) -> dict[str, object]:
        """The figures as a plain dict (a row for pandas or polars)."""
        return attrs.asdict(self)


@attrs.frozen(kw_only=True)
class Simulation:
    """A portfolio played forward under one policy or cadence.

    Attributes:
        name: the policy's or cadence's name, as given to :func:`simulate`.
        start: when the run began.
        end: when it ended.
        seed: the seed it drew from.
        lapse: the silence past which an account counts as lapsed.
        accounts: each account's run, in the portfolio's order.
    """

    name: str
    start: pendulum.DateTime
    end: pendulum.DateTime
    seed: int
    lapse: timedelta
    accounts: tuple[SimulatedAccount, ...]

    def summary(self) -> SimulationSummary:
        """The run's figures (see :class:`SimulationSummary`)."""
        runs = self.accounts
        touches = [t for run in runs for t in run.touches]
        days = (to_us(self.end) - to_us(self.start)) / 86_400e6  # pendulum's Interval / fails
        months = days / 30.4375  # a twelfth of 365.25 days
        silences = [run.longest_silence / timedelta(days=1) for run in runs]

        def count(*outcomes: Outcome) -> int:
            return sum(1 for t in touches if t.outcome in outcomes)

        return SimulationSummary(
            name=self.name,
            accounts=len(runs),
            weeks=round(days / 7),
            contacts_per_account_month=(
                len(touches) / (len(runs) * months) if runs and months else 0.0),
            empty_check_ins=sum(run.empty_check_ins for run in runs),
            longest_silence_days=statistics.median(silences) if silences else 0.0,
            lapsed_accounts=sum(1 for run in runs if run.lapsed),
            replies=count(Outcome.REPLIED, Outcome.MEETING),
            meetings=count(Outcome.MEETING),
            declines=count(Outcome.DECLINED),
            opt_outs=count(Outcome.OPTED_OUT),
        )


# -- playing one account ------------------------------------------------------

_ANSWERED = frozenset({Outcome.REPLIED, Outcome.MEETING, Outcome.DECLINED, Outcome.OPTED_OUT})


def _pressure(out: list[int], at: int, window: timedelta) -> int:
    """Outbound touches of the account in the window before ``at``."""
    return len(out) - bisect.bisect_right(out, at - window // timedelta(microseconds=1))


def _carried(touch: Touch, reply: bool) -> Carried:
    if reply:
        return Carried.REPLY
    if touch.idea_id is not None:
        return Carried.IDEA
    if touch.checkpoint_id is not None:
        return Carried.CHECKPOINT
    return Carried.EMPTY


class _Run:
    """The state of one account's run: its history, its outbound instants, its draws."""

    def __init__(self, account: Account, history: Sequence[Touch], seed: int,
                 responses: Responder, window: timedelta) -> None:
        self.account = account
        self.history = History(history)
        self.out = sorted(t._us for t in history if t.direction is Direction.OUTBOUND)
        self.rng = random.Random(f"{seed}:{account.id}")
        self.responses = responses
        self.window = window
        self.made: list[Touch] = []
        self.empty = 0

    def carry_out(self, touch: Touch, *, reply: bool) -> Touch:
        carried = _carried(touch, reply)
        outcome = self.responses.respond(
            touch, carried=carried, pressure=_pressure(self.out, touch._us, self.window),
            rng=self.rng)
        if not isinstance(outcome, Outcome):
            raise InvalidValueError(
                f"responses: respond() must return an Outcome (got {outcome!r})",
                field="responses", value=outcome)
        done = attrs.evolve(touch, outcome=outcome)
        self.history = self.history.with_touch(done)
        bisect.insort(self.out, done._us)
        self.made.append(done)
        self.empty += carried is Carried.EMPTY
        return done

    def result(self, start: int, end: int, lapse: timedelta,
               supplied: tuple[Idea, ...]) -> SimulatedAccount:
        marks = [start, *(t._us for t in self.made), end]
        longest = max(b - a for a, b in itertools.pairwise(marks))
        silence = timedelta(microseconds=longest)
        return SimulatedAccount(account_id=self.account.id, touches=tuple(self.made),
                                longest_silence=silence, lapsed=silence > lapse,
                                empty_check_ins=self.empty, new_ideas=supplied)


def _under_policy(run: _Run, ideas: tuple[Idea, ...], policy: Policy, start: int,
                  end: int) -> None:
    """Plan, carry out the first relance, plan again from it, until the end (excluded).

    Only the first relance of each plan is used, so each plan looks a few
    weeks ahead, further only when nothing comes sooner: a run costs the same
    per relance whatever its length (a weekly review for ten years included).
    """
    zone = run.account.contacts[0].zone
    now = start
    reach = _AHEAD
    while now < end:
        horizon = min(end, now + reach)
        made = plan(account=run.account, history=run.history, ideas=ideas, policy=policy,
                    now=to_datetime(now, zone), horizon=to_datetime(horizon, zone))
        first = made.relances[0] if made.relances else None
        at = None if first is None else to_us(first.at)
        if at is None or at >= horizon:  # nothing before this horizon (which is included)
            if horizon >= end:
                return
            reach *= 2
            continue
        reach = _AHEAD
        # Each relance is carried out once: the next plan starts from it, with
        # it in the history (an idea shared, a checkpoint kept, a gap to keep).
        assert first is not None
        run.carry_out(first.to_touch(Outcome.PENDING), reply=first.kind is Kind.REPLY)
        now = at


#: How far a plan of the run looks at first (doubled while it finds nothing).
_AHEAD: Final = 8 * 7 * 86_400 * 1_000_000


def _first_contact(account: Account, history: History, skip: set[str]) -> Contact | None:
    """The contact a sequence goes to: the decision maker first, no one who opted out."""
    people = sorted(account.contacts, key=lambda c: c.role is not Role.DECISION_MAKER)
    for contact in people:
        if (contact.id not in skip and not contact.do_not_contact
                and not history.facts(contact.id).opted_out):
            return contact
    return None


def _step_on(contact: Contact, policy: Policy, cadence: Cadence, day: date, after: int,
             until: int) -> int:
    """The cadence's time on ``day`` (or the day's first working time when ``at`` is past it).

    The first working date from ``day`` on with such a time at or after
    ``after``, up to the date of ``until`` (the run's end); NEVER past it (a
    contact with no working time has no step, and no calendar is asked for
    years the run does not reach).
    """
    calendar = calendar_of(contact, policy.working_hours)
    zone = contact.zone
    last = local(until, zone).date()
    while day <= last:
        if calendar.is_working_date(day):
            for wall in (cadence.at, time(0)):
                step = calendar.next_open(max(after, first_instant_at_wall(day, wall, zone)))
                if step < NEVER and local(step, zone).date() == day:
                    return step
        day += timedelta(days=1)
    return NEVER


def _after_working_days(contact: Contact, policy: Policy, day: date, days: int,
                        last: date) -> date:
    """The ``days``-th working date of the contact after ``day`` (a date past ``last``: none)."""
    calendar = calendar_of(contact, policy.working_hours)
    counted = 0
    while counted < days and day <= last:
        day += timedelta(days=1)
        counted += calendar.is_working_date(day)
    return day


def _under_cadence(run: _Run, ideas: tuple[Idea, ...], policy: Policy, cadence: Cadence,
                   start: int, end: int) -> None:
    needs = run.account.needs
    queue = [i for i in sorted(ideas, key=lambda i: (-i.priority, i.id))
             if not i.addresses.isdisjoint(needs)]
    given_up: set[str] = set()
    begin = start
    day: date | None = None
    while begin < end:
        contact = _first_contact(run.account, run.history, given_up)
        if contact is None:
            return
        zone = contact.zone
        at = _step_on(contact, policy, cadence, day or local(begin, zone).date(), begin, end)
        for _ in range(cadence.steps):
            if at >= end:
                return
            idea = None
            if cadence.with_ideas:
                idea = next((i for i in queue if not run.history.shares(i.id)
                             and (i._from_us is None or i._from_us <= at)
                             and (i._until_us is None or at < i._until_us)), None)
            touch = Touch(at=to_datetime(at, zone), contact_id=contact.id,
                          channel=cadence.channel, direction=Direction.OUTBOUND,
                          outcome=Outcome.PENDING, idea_id=None if idea is None else idea.id)
            # A step to someone whose message awaits our answer answers it.
            awaiting = run.history.facts(contact.id).awaiting is not None
            done = run.carry_out(touch, reply=idea is None and awaiting)
            if done.outcome is Outcome.OPTED_OUT:
                given_up.add(contact.id)
            if done.outcome in _ANSWERED:
                break
            final = local(end, zone).date()
            next_day = _after_working_days(contact, policy, local(at, zone).date(),
                                           cadence.every, final)
            if next_day > final:
                return
            at = _step_on(contact, policy, cadence, next_day, at + 1, end)
        # Answered or not, a sequence ends with a rest, in calendar days; then anew.
        last = run.made[-1]._us
        day = local(last, zone).date() + cadence.rest
        begin = max(last + 1, first_instant_at_wall(day, time(0), zone))


def _supply(account: Account, ideas: tuple[Idea, ...], start: int, end: int,
            every: timedelta) -> list[Idea]:
    """The ideas the team brings every ``every`` during the run, one need after the other."""
    taken = {i.id for i in ideas}
    needs = sorted(account.needs)
    step = every // timedelta(microseconds=1)
    found = []
    at, number = start + step, 1
    while at < end:
        key = f"simulated-{number}"
        while key in taken:
            key += "+"
        found.append(Idea(id=key, summary=f"New idea {number} (simulated)",
                          addresses={needs[(number - 1) % len(needs)]},
                          available_from=to_datetime(at, pendulum.UTC)))
        at, number = at + step, number + 1
    return found




def _items(value: object, name: str) -> list[Any]:
    """The portfolio's items (of two kinds: each is checked by ``_parts``)."""
    if isinstance(value, (str, bytes, dict)) or not isinstance(value, Iterable):
        raise InvalidValueError(f"{name}: expected a list or another iterable (got "
                                f"{type(value).__name__})", field=name,
                                value=type(value).__name__)
    return list(value)


def _parts(item: object, index: int) -> tuple[Account, tuple[Touch, ...], tuple[Idea, ...]]:
    """An item of the portfolio, checked whole: its touches and ideas consistent with it."""
    where = f"portfolio[{index}]"
    if isinstance(item, Document):
        return item.account, item.history, item.ideas
    if not (isinstance(item, tuple) and len(item) == 3 and isinstance(item[0], Account)):
        raise InvalidValueError(
            f"{where}: expected a Document or an (account, history, ideas) tuple "
            f"(got {type(item).__name__})", field=where, value=type(item).__name__)
    account, history, ideas = item
    touches = (history.touches if isinstance(history, History)
               else require_items(history, Touch, f"{where}.history"))
    backlog = require_items(ideas.values() if isinstance(ideas, dict) else ideas, Idea,
                            f"{where}.ideas")
    # What plan and check refuse, refused before anything is played (the
    # ideas already shared may be left out of the backlog, as plan allows).
    raise_problems(problems_of(account, touches, backlog, history_name=f"{where}.history",
                               ideas_name=f"{where}.ideas", shared_in_backlog=False),
                   what="portfolio")
    return account, touches, backlog


def simulate(
    portfolio: Iterable[Document | tuple[Account, Iterable[Touch], Iterable[Idea]]],
    *,
    policy: Policy | Cadence,
    start: datetime,
    weeks: int,
    seed: int = 0,
    responses: Responder | None = None,
    working: Policy | None = None,
    lapse: timedelta | None = None,
    name: str | None = None,
    new_ideas: timedelta | None = None,
) -> Simulation:
    """Play a portfolio forward for ``weeks`` under a policy or a baseline cadence.

    Under a :class:`~relance.Policy`, each account is planned from ``start``;
    its first relance is carried out, its outcome drawn from ``responses``,
    and the account is planned again from that instant with the touch in its
    history, until the plan has nothing before the end.  Every touch is one
    the policy allows at its instant (the tests check it with
    :meth:`~relance.Policy.check`).  Under a :class:`Cadence`, the steps are
    the cadence's, whatever a policy would say: that is what a baseline shows.

    Args:
        portfolio: :class:`~relance.Document` objects, or ``(account,
            history, ideas)`` tuples.
        policy: the relance policy, or the baseline cadence, to play.
        start: when the run begins (aware); every history must end before.
        weeks: how long it runs (1 to 520).
        seed: the seed: the same seed gives the same run.
        responses: how clients answer (a :class:`ResponseModel`, the default
            one when ``None``, or any object with its ``respond`` method).
        working: under a cadence only, the policy whose working hours the
            steps keep (the default policy's when ``None``); its
            ``max_silence`` is then the default ``lapse``.
        lapse: the silence past which an account counts as lapsed (the
            policy's ``max_silence``; under a cadence, ``working``'s or the
            default policy's).
        name: the run's name in tables (the cadence's own, or "policy").
        new_ideas: the team's supply of ideas: every this long from the start
            (a monthly value-creation meeting: four weeks), each account gets a
            new idea it needs, available from then (``simulated-1``,
            ``simulated-2``…, addressing the account's needs in turn).  None:
            the backlogs as given, and nothing more.

    Raises:
        RelanceError: a bad argument or portfolio item, named by its field.

    Examples:
        >>> import pendulum
        >>> from relance import Account, Contact, Idea, Policy
        >>> ana = Contact(id="ana", name="Ana", role="decision_maker",
        ...               timezone="Europe/Paris", country="FR")
        >>> acme = Account(id="acme", name="Acme", needs={"training"}, contacts=[ana])
        >>> backlog = [Idea(id=f"idea{i}", summary=f"Idea {i}", addresses={"training"})
        ...            for i in range(6)]
        >>> start = pendulum.datetime(2027, 1, 4, 8, tz="UTC")
        >>> ours = simulate([(acme, [], backlog)], policy=Policy(), start=start, weeks=26)
        >>> theirs = simulate([(acme, [], backlog)], policy=Cadence(), start=start, weeks=26)
        >>> ours.summary().empty_check_ins, theirs.summary().empty_check_ins > 0
        (0, True)
    """
    if not isinstance(policy, (Policy, Cadence)):
        raise InvalidValueError(f"policy must be a Policy or a Cadence (got "
                                f"{type(policy).__name__})", field="policy",
                                value=type(policy).__name__)
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= 520:
        raise InvalidValueError(f"weeks must be a whole number from 1 to 520 (got {weeks!r})",
                                field="weeks", value=weeks)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise InvalidValueError(f"seed must be an int (got {seed!r})", field="seed", value=seed)
    model: Responder = ResponseModel() if responses is None else responses
    if not callable(getattr(model, "respond", None)):
        raise InvalidValueError("responses must have a respond() method (a ResponseModel)",
                                field="responses", value=type(model).__name__)
    if working is not None:
        require(working, Policy, "working")
        if isinstance(policy, Policy):
            raise InvalidValueError(
                "working: only a Cadence takes the working hours of another policy (a "
                "Policy run keeps its own)", field="working", value=type(working).__name__)
    hours = working if working is not None else (
        policy if isinstance(policy, Policy) else Policy())
    if lapse is None:
        lapse = hours.max_silence
    elif not isinstance(lapse, timedelta) or lapse <= timedelta(0):
        raise InvalidValueError(f"lapse must be a positive duration (got {lapse!r})",
                                field="lapse", value=lapse)
    if name is not None and not isinstance(name, str):
        raise InvalidValueError(f"name must be text (got {name!r})", field="name", value=name)
    if new_ideas is not None and (not isinstance(new_ideas, timedelta)
                                  or new_ideas < timedelta(days=1)):
        raise InvalidValueError(f"new_ideas must be a duration of at least a day, or None "
                                f"(got {new_ideas!r})", field="new_ideas", value=new_ideas)
    begin = to_us(require_instant(start, "start"))
    try:
        begin, end = plan_window(start, timedelta(weeks=weeks))
    except RelanceError:
        raise InvalidValueError(
            f"weeks: {weeks} weeks from {start.isoformat()!r} end past the supported range "
            f"({RANGE_TEXT})", field="weeks", value=weeks) from None
    window = getattr(model, "pressure_window", timedelta(days=28))
    if not isinstance(window, timedelta) or window <= timedelta(0):
        raise InvalidValueError(f"responses.pressure_window must be a positive duration (got "
                                f"{window!r})", field="responses.pressure_window",
                                value=window)
    # Every item is checked before any is played: a bad one is said at once.
    items = [_parts(item, index) for index, item in enumerate(_items(portfolio, "portfolio"))]
    seen: dict[str, int] = {}
    for index, (account, history, _) in enumerate(items):
        if account.id in seen:
            raise DuplicateIdError(
                f"portfolio[{index}].account.id: {account.id!r} is already the id of "
                f"portfolio[{seen[account.id]}] (each account draws by its id)",
                field=f"portfolio[{index}].account.id", value=account.id)
        seen[account.id] = index
        late = next((i for i, t in enumerate(history) if t._us > begin), None)
        if late is not None:
            where = f"portfolio[{index}].history[{late}].at"
            raise InvalidValueError(
                f"{where}: {history[late].at.isoformat()!r} is after the start "
                f"({start.isoformat()!r}): a run begins after every history",
                field=where, value=history[late].at)
    runs: list[SimulatedAccount] = []
    for account, history, ideas in items:
        supplied = () if new_ideas is None else tuple(
            _supply(account, ideas, begin, end, new_ideas))
        ideas = (*ideas, *supplied)
        run = _Run(account, history, seed, model, window)
        if isinstance(policy, Policy):
            _under_policy(run, ideas, policy, begin, end)
        else:
            _under_cadence(run, ideas, hours, policy, begin, end)
        runs.append(run.result(begin, end, lapse, supplied))
    label = name if name is not None else (
        policy.name if isinstance(policy, Cadence) else "policy")
    zone = pendulum.UTC
    return Simulation(name=label, start=to_datetime(begin, zone), end=to_datetime(end, zone),
                      seed=seed, lapse=lapse, accounts=tuple(runs))

