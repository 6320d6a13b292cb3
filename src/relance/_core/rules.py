"""The built-in rules, one per reason code, and the evaluation context.

Each rule answers, for a proposal at an instant ``at`` (an int of
microseconds): ``None`` when it allows it, else the instant at which it stops
refusing (``NEVER`` when no passage of time helps).  That lift instant must be
exact for the rule: the rule refuses at every instant from ``at`` up to it.
``Policy.check`` jumps from lift to lift until every rule allows, which gives
the exact earliest instant without scanning the calendar.
"""

from __future__ import annotations

import bisect
import math
from fractions import Fraction
from typing import ClassVar, Final
from zoneinfo import ZoneInfo

from .calendar import WorkCalendar
from .history import ContactFacts, History
from .instants import MARGIN, NEVER, Span, local
from .models import Account, Channel, Checkpoint, Contact, Idea
from .verdict import Code

__all__ = [
    "BUILTIN_RULES",
    "Context",
    "Rule",
    "fmt",
]


_WEEKDAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def fmt(us: int, contact: Contact) -> str:
    """An instant as people read it, in the contact's zone (``Tue 2026-11-24 09:00 Zone``)."""
    loc = local(us, contact.zone)
    return (
        f"{_WEEKDAYS[loc.weekday()]} {loc.year:04d}-{loc.month:02d}-{loc.day:02d} "
        f"{loc.hour:02d}:{loc.minute:02d} {contact.timezone}"
    )


class Context:
    """Everything a rule needs about one proposal (built once per check).

    It holds what the proposal carries (contact, channel, idea, checkpoint,
    reply) rather than the proposal itself, so that the planner can probe
    candidates without building validated models.
    """

    __slots__ = (
        "_cal_at",
        "_cal_open",
        "account",
        "at_checkpoint",
        "calendar",
        "channel",
        "checkpoint",
        "contact",
        "facts",
        "history",
        "idea",
        "reply",
        "replying",
    )

    def __init__(
        self,
        *,
        account: Account,
        history: History,
        contact: Contact,
        channel: Channel,
        idea: Idea | None,
        checkpoint: Checkpoint | None,
        reply: bool,
        calendar: WorkCalendar,
    ) -> None:
        self.account = account
        self.history = history
        self.contact = contact
        self.channel = channel
        self.idea = idea
        self.checkpoint = checkpoint
        self.reply = reply
        self.calendar = calendar
        self.facts: ContactFacts = history.facts(contact.id)
        # A reply answers a message that awaits us; a checkpoint proposal is
        # one kept with its own contact, once.  Both are time-independent, so
        # the exemptions they grant do not change while ``earliest`` is sought.
        self.replying = reply and self.facts.awaiting is not None
        self.at_checkpoint = (
            checkpoint is not None
            and checkpoint.contact_id == contact.id
            and not history.kept(checkpoint.id)
        )
        self._cal_at = -1
        self._cal_open = -1

    def opening(self, at: int) -> int:
        """``at`` if it is the contact's working time, else the next opening."""
        if at != self._cal_at:
            self._cal_open = self.calendar.next_open(at)
            self._cal_at = at
        return self._cal_open


class Rule:
    """A rule: does it refuse a proposal at an instant, and until when."""

    code: ClassVar[str]
    #: What a proposal must carry for the rule to have anything to say
    #: ("idea", "checkpoint" or "reply"); None when it always applies.
    needs: ClassVar[str | None] = None

    def refuses(self, ctx: Context, at: int) -> int | None:
        """``None`` if allowed at ``at``, else when it lifts (``NEVER`` if never)."""
        raise NotImplementedError

    def explain(self, ctx: Context, at: int, lift: int) -> str:
        """Why it refuses at ``at`` (``lift`` as returned by :meth:`refuses`)."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class DoNotContact(Rule):
    """The contact is flagged do-not-contact or opted out."""

    code = Code.DO_NOT_CONTACT.value

    def refuses(self, ctx: Context, at: int) -> int | None:
        return NEVER if ctx.contact.do_not_contact or ctx.facts.opted_out else None

    def explain(self, ctx: Context, at: int, lift: int) -> str:
        why = "is flagged do-not-contact" if ctx.contact.do_not_contact else "opted out"
        return f"{ctx.contact.name} ({ctx.contact.id}) {why}: never contact them again"


class ChannelUnavailable(Rule):
    """The contact does not use the channel, or it bounced last time."""

    code = Code.CHANNEL_UNAVAILABLE.value

    def refuses(self, ctx: Context, at: int) -> int | None:
        channel = ctx.channel
        if channel not in ctx.contact.channels or channel in ctx.facts.bounced:
            return NEVER
        return None

    def explain(self, ctx: Context, at: int, lift: int) -> str:
        channel = ctx.channel.value
        if channel not in ctx.contact.channels:
            uses = ", ".join(sorted(c.value for c in ctx.contact.channels))
            return f"{ctx.contact.name} does not use {channel} (uses: {uses})"
        return f"the last {channel} to {ctx.contact.name} bounced: use another channel"


class ReplyPending(Rule):
    """``reply=True`` but no inbound message of the contact awaits an answer."""

    code = Code.NO_REPLY_PENDING.value
    needs = "reply"

    def refuses(self, ctx: Context, at: int) -> int | None:
        if not ctx.reply:
            return None
        awaiting = ctx.facts.awaiting
        if awaiting is None:
            return NEVER
        return awaiting if at < awaiting else None

    def explain(self, ctx: Context, at: int, lift: int) -> str:
        if lift == NEVER:
            return (
                f"no message from {ctx.contact.name} awaits an answer: "
                "this is a follow-up, not a reply"
            )
        return f"the message to answer only arrives on {fmt(lift, ctx.contact)}"


class CheckpointUnavailable(Rule):
    """The checkpoint belongs to another contact or was already kept."""

    code = Code.CHECKPOINT_UNAVAILABLE.value
    needs = "checkpoint"

    def refuses(self, ctx: Context, at: int) -> int | None:
        return NEVER if ctx.checkpoint is not None and not ctx.at_checkpoint else None

    def explain(self, ctx: Context, at: int, lift: int) -> str:
        cp = ctx.checkpoint
        assert cp is not None
        if cp.contact_id != ctx.contact.id:
            return f"checkpoint {cp.id!r} was agreed with {cp.contact_id!r}, not {ctx.contact.id!r}"
        return f"checkpoint {cp.id!r} was already kept"


class CheckpointNotDue(Rule):
    """The checkpoint's agreed time has not come yet."""

    code = Code.CHECKPOINT_NOT_DUE.value
    needs = "checkpoint"

    def refuses(self, ctx: Context, at: int) -> int | None:
        cp = ctx.checkpoint
        return cp._us if cp is not None and at < cp._us else None

    def explain(self, ctx: Context, at: int, lift: int) -> str:
        assert ctx.checkpoint is not None
        return f"checkpoint {ctx.checkpoint.id!r} is agreed for {fmt(lift, ctx.contact)}"


class NoNewIdea(Rule):
    """An outbound follow-up with no idea, not a reply nor at a checkpoint."""

    code = Code.NO_NEW_IDEA.value

    def refuses(self, ctx: Context, at: int) -> int | None:
        if ctx.idea is None and not ctx.replying and not ctx.at_checkpoint:
            return NEVER
        return None

    def explain(self, ctx: Context, at: int, lift: int) -> str:
        return (
            "a follow-up needs a new idea (an option, an insight, a lighter first step, "
            "a relevant case): 'any news?' is pressure, not presence"
        )


class IdeaAlreadyShared(Rule):
    """The idea already went to someone at the account."""

    code = Code.IDEA_ALREADY_SHARED.value
    needs = "idea"

    def refuses(self, ctx: Context, at: int) -> int | None:
        idea = ctx.idea
        return NEVER if idea is not None and ctx.history.shares(idea.id) else None

    def explain(self, ctx: Context, at: int, lift: int) -> str:
        assert ctx.idea is not None
        return f"idea {ctx.idea.id!r} was already shared with {ctx.account.name}"


class IdeaNotRelevant(Rule):
    """The idea addresses none of the account's needs."""

    code = Code.IDEA_NOT_RELEVANT.value
    needs = "idea"

    def refuses(self, ctx: Context, at: int) -> int | None:
        idea = ctx.idea
        if idea is not None and idea.addresses.isdisjoint(ctx.account.needs):
            return NEVER
        return None

    def explain(self, ctx: Context, at: int, lift: int) -> str:
        assert ctx.idea is not None
        needs = ", ".join(sorted(ctx.account.needs)) or "none stated"
        addresses = ", ".join(sorted(ctx.idea.addresses)) or "nothing"
        return (
            f"idea {ctx.idea.id!r} addresses {addresses}; {ctx.account.name}'s needs are: {needs}"
        )


class IdeaNotReady(Rule):
    """The idea is not available yet."""

    code = Code.IDEA_NOT_READY.value
    needs = "idea"

    def refuses(self, ctx: Context, at: int) -> int | None:
        idea = ctx.idea
        if idea is not None and idea._from_us is not None and at < idea._from_us:
            return idea._from_us
        return None

    def explain(self, ctx: Context, at: int, lift: int) -> str:
        assert ctx.idea is not None
        return f"idea {ctx.idea.id!r} is available from {fmt(lift, ctx.contact)}"


class IdeaExpired(Rule):
    """The idea is stale."""

    code = Code.IDEA_EXPIRED.value
    needs = "idea"

    def refuses(self, ctx: Context, at: int) -> int | None:
        idea = ctx.idea
        if idea is not None and idea._until_us is not None and at >= idea._until_us:
            return NEVER
        return None

    def explain(self, ctx: Context, at: int, lift: int) -> str:
        assert ctx.idea is not None
        assert ctx.idea._until_us is not None
        return f"idea {ctx.idea.id!r} went stale on {fmt(ctx.idea._until_us, ctx.contact)}"


class TooSoon(Rule):
    """The account's last outbound touch is closer than the required gap.

    The gap is ``min_gap × backoff**n`` capped at ``max_gap``, ``n`` being the
    account's consecutive unanswered outbound touches.  A day-based gap grows
    in whole calendar days (rounded up), an elapsed one in microseconds.
    """

    code = Code.TOO_SOON.value

    def __init__(self, min_gap: Span, backoff: float, max_gap: Span) -> None:
        self.min_gap = min_gap
        self.backoff = backoff
        self.max_gap = max_gap
        self._gaps: dict[int, Span] = {}

    def gap(self, streak: int) -> Span:
        """The required gap after ``streak`` unanswered touches (never shrinks)."""
        try:
            return self._gaps[streak]
        except KeyError:
            pass
        calendar = bool(self.min_gap.days)
        base = self.min_gap.days if calendar else self.min_gap.us
        # An elapsed gap is capped in elapsed time, even by a whole-days max_gap.
        top = self.max_gap.days if calendar else self.max_gap.approx_us
        if base <= 0 or self.backoff == 1:
            value = min(base, top)
        elif streak * math.log(self.backoff) >= math.log(top / base):
            value = top
        elif streak <= 64:
            # Exactly, in decimal: a backoff of 1.1 means 11/10, so 1 h grows to
            # 4,356 s after two touches, not 4,356.000001 s (binary floats).
            value = min(top, math.ceil(base * Fraction(repr(self.backoff)) ** streak))
        else:
            value = min(top, math.ceil(round(base * self.backoff**streak, 6)))
        span = Span(days=value) if calendar else Span(us=value)
        if len(self._gaps) < 1024:
            self._gaps[streak] = span
        return span

    def refuses(self, ctx: Context, at: int) -> int | None:
        if ctx.replying or ctx.at_checkpoint:
            return None
        last = ctx.history.last_outbound_us
        if last is None:
            return None
        gap = self.gap(ctx.history.unanswered_streak)
        if gap.reached(at, last, ctx.contact.zone):
            return None
        return gap.after(last, ctx.contact.zone)

    def explain(self, ctx: Context, at: int, lift: int) -> str:
        streak = ctx.history.unanswered_streak
        last = ctx.history.last_outbound_us
        assert last is not None
        plural = "es" if streak != 1 else ""
        grown = f" grown by {streak} unanswered touch{plural}" if streak else ""
        return (
            f"the last outbound touch at {ctx.account.name} was on {fmt(last, ctx.contact)}; "
            f"the required gap is {self.gap(streak).describe()}{grown}, until "
            f"{fmt(lift, ctx.contact)}"
        )

    def __repr__(self) -> str:
        return (
            f"TooSoon(min_gap={self.min_gap.describe()}, backoff={self.backoff:g}, "
            f"max_gap={self.max_gap.describe()})"
        )


class UnansweredLimit(Rule):
    """The contact left the last N outbound touches unanswered."""

    code = Code.UNANSWERED_LIMIT.value

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def refuses(self, ctx: Context, at: int) -> int | None:
        if ctx.replying or ctx.at_checkpoint:
            return None
        return NEVER if ctx.facts.streak >= self.limit else None

    def explain(self, ctx: Context, at: int, lift: int) -> str:
        return (
            f"{ctx.contact.name} left the last {ctx.facts.streak} outbound touches "
            "unanswered: pause and change the approach (another person who decides, "
            "another channel, a lighter offer); an answer from them lifts this"
        )

    def __repr__(self) -> str:
        return f"UnansweredLimit(limit={self.limit})"


class CoolingOff(Rule):
    """The account declined recently."""

    code = Code.COOLING_OFF.value

    def __init__(self, cool_off: Span) -> None:
        self.cool_off = cool_off

    def refuses(self, ctx: Context, at: int) -> int | None:
        if ctx.replying:
            return None
        decline = ctx.history.decline_us
        if decline is None or self.cool_off.reached(at, decline, ctx.contact.zone):
            return None
        return self.cool_off.after(decline, ctx.contact.zone)

    def explain(self, ctx: Context, at: int, lift: int) -> str:
        decline = ctx.history.decline_us
        assert decline is not None
        return (
            f"{ctx.account.name} declined on {fmt(decline, ctx.contact)}: cool off "
            f"{self.cool_off.describe()}, until {fmt(lift, ctx.contact)}"
        )

    def __repr__(self) -> str:
        return f"CoolingOff(cool_off={self.cool_off.describe()})"


class FrequencyCap(Rule):
    """``cap`` outbound touches already in a rolling window that would hold the proposal.

    Every touch counts, before or after the proposal: a proposal at ``t`` is
    refused when some window of length ``cap_window`` containing ``t``
    already holds ``cap`` outbound touches, since carrying it out would put
    ``cap + 1`` in that window.  With calendar days, a touch at ``x`` stays in
    the window until ``x`` plus the days in the contact's zone.
    """

    code = Code.FREQUENCY_CAP.value

    def __init__(self, cap: int, window: Span) -> None:
        self.cap = cap
        self.window = window

    def _reach(self) -> int:
        """How far from an instant a touch can share a window with it (generous)."""
        window = self.window
        return window.us if not window.days else window.approx_us + MARGIN

    def _end(self, start: int, zone: ZoneInfo) -> int:
        """The first instant after the window that starts at ``start``."""
        return self.window.after(start, zone)

    def busiest(self, ctx: Context, at: int) -> int:
        """The most outbound touches in one window that contains ``at``.

        Windows containing ``at`` start in ``(at - window, at]``; the count
        only changes where a window starts at a touch, so those starts (and
        ``at`` itself) are enough.
        """
        reach = self._reach()
        near = list(ctx.history.outbound_between(at - reach - 1, at + reach))
        zone = ctx.contact.zone
        best = 0
        for start in (at, *(x for x in near if x <= at and at < self._end(x, zone))):
            first = bisect.bisect_left(near, start)
            stop = bisect.bisect_left(near, self._end(start, zone))
            best = max(best, stop - first)
        return best

    def refuses(self, ctx: Context, at: int) -> int | None:
        if ctx.replying or ctx.at_checkpoint:
            return None
        reach = self._reach()
        # Fast path: fewer than ``cap`` touches near, even counting generously.
        if ctx.history.count_outbound_between(at - reach - 1, at + reach) < self.cap:
            return None
        if self.busiest(ctx, at) < self.cap:
            return None
        # The busiest count only drops when a touch leaves the windows that
        # can hold the instant: jump from leave to leave (the next one, never
        # further), so the lift is exact and a dense run costs no search steps.
        zone = ctx.contact.zone
        lift = at
        while True:
            leaves = [
                end
                for x in ctx.history.outbound_between(lift - reach - 1, lift + reach)
                if (end := self._end(x, zone)) > lift
            ]
            if not leaves:  # pragma: no cover - a refusal always has a touch near
                return NEVER
            lift = min(leaves)
            if self.busiest(ctx, lift) < self.cap:
                return lift

    def explain(self, ctx: Context, at: int, lift: int) -> str:
        count = self.busiest(ctx, at)
        return (
            f"{count} outbound touches at {ctx.account.name} in a "
            f"{self.window.describe()} window that would hold it (cap {self.cap}): the next "
            f"is possible from {fmt(lift, ctx.contact)}"
        )

    def __repr__(self) -> str:
        return f"FrequencyCap(cap={self.cap}, window={self.window.describe()})"


class BeforeAgreedDate(Rule):
    """The account asked not to be contacted before a held checkpoint."""

    code = Code.BEFORE_AGREED_DATE.value

    def refuses(self, ctx: Context, at: int) -> int | None:
        if ctx.replying:
            return None
        lift: int | None = None
        own = ctx.checkpoint
        for cp in ctx.account._holds:
            if cp._us > at and cp is not own and (lift is None or cp._us > lift):
                lift = cp._us
        return lift

    def explain(self, ctx: Context, at: int, lift: int) -> str:
        holds = [cp for cp in ctx.account._holds if cp._us == lift]
        note = f" ({holds[0].note})" if holds and holds[0].note else ""
        return f"{ctx.account.name} asked not to be contacted before {fmt(lift, ctx.contact)}{note}"


class _WorkingTime(Rule):
    """The two working-time rules: each refuses, and lifts, on its own.

    ``outside-hours`` looks at the local time of day only (on any date);
    ``non-working-day`` at the local date only (its lift is the first
    instant of the next working date).  Together they allow exactly the
    contact's working time; either may be dropped with ``without``.
    """

    def _when(self, ctx: Context, lift: int) -> str:
        if lift == NEVER:
            return "no working day in the next 400 days"
        return f"until {fmt(lift, ctx.contact)}"


class OutsideHours(_WorkingTime):
    """Outside the contact's working hours, in their own zone."""

    code = Code.OUTSIDE_HOURS.value

    def refuses(self, ctx: Context, at: int) -> int | None:
        if ctx.opening(at) == at:  # working time: the fast, common answer
            return None
        lift = ctx.calendar.next_in_hours(at)
        return None if lift == at else lift

    def explain(self, ctx: Context, at: int, lift: int) -> str:
        cal = ctx.calendar
        return (
            f"{fmt(at, ctx.contact)} is outside {ctx.contact.name}'s working hours "
            f"({cal.start:%H:%M}-{cal.end:%H:%M}); {self._when(ctx, lift)}"
        )


class NonWorkingDay(_WorkingTime):
    """A weekend day or public holiday in the contact's country."""

    code = Code.NON_WORKING_DAY.value

    def refuses(self, ctx: Context, at: int) -> int | None:
        if ctx.opening(at) == at:
            return None
        lift = ctx.calendar.next_working_date_start(at)
        return None if lift == at else lift

    def explain(self, ctx: Context, at: int, lift: int) -> str:
        day = ctx.calendar.local_date(at)
        name = ctx.calendar._holidays.get(day)
        what = f"a public holiday ({name})" if name else "a weekend day"
        return (
            f"{day:%a %Y-%m-%d} is {what} for {ctx.contact.name} "
            f"({ctx.contact.country}); {self._when(ctx, lift)}"
        )


def _fixed() -> tuple[Rule, ...]:
    return (
        DoNotContact(),
        ChannelUnavailable(),
        ReplyPending(),
        CheckpointUnavailable(),
        CheckpointNotDue(),
        NoNewIdea(),
        IdeaAlreadyShared(),
        IdeaNotRelevant(),
        IdeaNotReady(),
        IdeaExpired(),
    )


BUILTIN_RULES: Final = _fixed()
