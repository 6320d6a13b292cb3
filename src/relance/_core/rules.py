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
from collections.abc import Sequence
from datetime import timedelta
from fractions import Fraction
from typing import ClassVar, Final
from zoneinfo import ZoneInfo

import pendulum

from .calendar import WorkCalendar
from .caps import Cap, Scope, count_in, period_bounds, period_lift
from .explain import Explanation, Params, reader
from .history import ContactFacts, History
from .instants import MARGIN, NEVER, Elapsed, Span, describe_elapsed, span_of, to_datetime
from .models import Account, Channel, Checkpoint, Contact, Idea
from .models import QuietWindow as Window
from .schedule import hhmm
from .verdict import Code

__all__ = [
    "BUILTIN_RULES",
    "Context",
    "Rule",
    "WorkingTime",
    "moment",
]




def moment(us: int, contact: Contact) -> pendulum.DateTime:
    """An instant as an explanation's parameter: aware, in the contact's zone."""
    return to_datetime(us, contact.zone)


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
        "text",
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
        text: str | None = None,
    ) -> None:
        self.account = account
        self.history = history
        self.contact = contact
        self.channel = channel
        self.idea = idea
        self.checkpoint = checkpoint
        self.reply = reply
        self.calendar = calendar
        self.text = text
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
        self._cal_at: int | None = None  # no instant asked yet (-1 is a real one)
        self._cal_open = 0

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
    #: Whether its answer depends on which idea is carried (not only on
    #: whether it is a repair action): the planner then asks it per idea.
    idea_specific: ClassVar[bool] = False
    #: Whether its answer never depends on the instant (it refuses for ever or
    #: not at all): a search for the earliest instant asks it once.
    timeless: ClassVar[bool] = False

    def refuses(self, ctx: Context, at: int) -> int | None:
        """``None`` if allowed at ``at``, else when it lifts (``NEVER`` if never)."""
        raise NotImplementedError

    def explain(self, ctx: Context, at: int, lift: int) -> Explanation:
        """Why it refuses at ``at`` (``lift`` as returned by :meth:`refuses`), as data."""
        return Explanation(code=self.code, params=self.params(ctx, at, lift))

    def params(self, ctx: Context, at: int, lift: int) -> dict[str, object]:
        """The parameters of the refusal's explanation (see ``PARAMS``)."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class DoNotContact(Rule):
    """The contact is flagged do-not-contact or opted out."""

    code = Code.DO_NOT_CONTACT.value
    timeless = True

    def refuses(self, ctx: Context, at: int) -> int | None:
        return NEVER if ctx.contact.do_not_contact or ctx.facts.opted_out else None

    def params(self, ctx: Context, at: int, lift: int) -> dict[str, object]:
        case = "flagged" if ctx.contact.do_not_contact else "opted-out"
        return {"case": case, "contact": ctx.contact.name, "contact_id": ctx.contact.id}


class ChannelUnavailable(Rule):
    """The contact does not use the channel, or it bounced last time."""

    code = Code.CHANNEL_UNAVAILABLE.value
    timeless = True

    def refuses(self, ctx: Context, at: int) -> int | None:
        channel = ctx.channel
        if channel not in ctx.contact.channels or channel in ctx.facts.bounced:
            return NEVER
        return None

    def params(self, ctx: Context, at: int, lift: int) -> dict[str, object]:
        channel = ctx.channel
        case = "not-used" if channel not in ctx.contact.channels else "bounced"
        uses = tuple(sorted(c.value for c in ctx.contact.channels))
        return {"case": case, "channel": channel.value, "contact": ctx.contact.name,
                "uses": uses}


class ReplyPending(Rule):
    """``reply=True`` but no inbound message of the contact awaits an answer."""

    code = Code.NO_REPLY_PENDING.value
    needs = "reply"

    def refuses(self, ctx: Context, at: int) -> int | None:
        # Applied to replies only (``needs``): the policy picks the rules by what is proposed.
        awaiting = ctx.facts.awaiting
        if awaiting is None:
            return NEVER
        return awaiting if at < awaiting else None

    def params(self, ctx: Context, at: int, lift: int) -> dict[str, object]:
        if lift == NEVER:
            return {"case": "nothing-awaits", "contact": ctx.contact.name}
        return {"case": "arrives-later", "contact": ctx.contact.name,
                "arrives": moment(lift, ctx.contact), "zone": ctx.contact.timezone}


class CheckpointUnavailable(Rule):
    """The checkpoint belongs to another contact or was already kept."""

    code = Code.CHECKPOINT_UNAVAILABLE.value
    timeless = True
    needs = "checkpoint"

    def refuses(self, ctx: Context, at: int) -> int | None:
        return NEVER if ctx.checkpoint is not None and not ctx.at_checkpoint else None

    def params(self, ctx: Context, at: int, lift: int) -> dict[str, object]:
        cp = ctx.checkpoint
        assert cp is not None
        if cp.contact_id != ctx.contact.id:
            return {"case": "other-contact", "checkpoint": cp.id, "agreed_with": cp.contact_id,
                    "contact_id": ctx.contact.id}
        return {"case": "kept", "checkpoint": cp.id}


class CheckpointNotDue(Rule):
    """The checkpoint's agreed time has not come yet."""

    code = Code.CHECKPOINT_NOT_DUE.value
    needs = "checkpoint"

    def refuses(self, ctx: Context, at: int) -> int | None:
        cp = ctx.checkpoint
        return cp._us if cp is not None and at < cp._us else None

    def params(self, ctx: Context, at: int, lift: int) -> dict[str, object]:
        assert ctx.checkpoint is not None
        return {"checkpoint": ctx.checkpoint.id, "due": moment(lift, ctx.contact),
                "zone": ctx.contact.timezone}


class CheckpointMissed(Rule):
    """The checkpoint's agreed time passed longer ago than the grace period.

    A checkpoint not kept at its time is still kept at the next allowed slot
    within ``grace`` (calendar days in the contact's zone when whole days);
    from ``agreed + grace`` on, it is missed for good: agree a new date.
    """

    code = Code.CHECKPOINT_MISSED.value
    needs = "checkpoint"

    def __init__(self, grace: Span) -> None:
        self.grace = grace

    def refuses(self, ctx: Context, at: int) -> int | None:
        cp = ctx.checkpoint
        if cp is None or not ctx.at_checkpoint or not self.grace.reached(
                at, cp._us, ctx.contact.zone):
            return None
        return NEVER

    def params(self, ctx: Context, at: int, lift: int) -> dict[str, object]:
        cp = ctx.checkpoint
        assert cp is not None
        return {"checkpoint": cp.id, "contact": ctx.contact.name,
                "agreed": moment(cp._us, ctx.contact), "grace": self.grace.to_timedelta(),
                "zone": ctx.contact.timezone}

    def __repr__(self) -> str:
        return f"CheckpointMissed(grace={self.grace.describe()})"


class NoNewIdea(Rule):
    """An outbound follow-up with no idea, not a reply nor at a checkpoint."""

    code = Code.NO_NEW_IDEA.value
    timeless = True

    def refuses(self, ctx: Context, at: int) -> int | None:
        if ctx.idea is None and not ctx.replying and not ctx.at_checkpoint:
            return NEVER
        return None

    def params(self, ctx: Context, at: int, lift: int) -> dict[str, object]:
        return {}


class EmptyCheckIn(Rule):
    """An outbound follow-up whose drafted text only asks for news.

    The idea must be in the message, not only in the CRM: a text that asks
    for news, a status or a decision without bringing anything new is
    refused even with an idea attached.  A reply or an agreed checkpoint is
    judged by what it is.  The words are read by :func:`relance.review`.
    """

    code = Code.EMPTY_CHECK_IN.value
    timeless = True

    def _review(self, ctx: Context) -> tuple[bool, tuple[str, ...]]:
        read = reader("review")
        assert read is not None, "relance._words registers the reviewer on import"
        found = read(ctx.text)
        assert isinstance(found, tuple)
        return found  # (empty check-in?, the check-in phrases)

    def refuses(self, ctx: Context, at: int) -> int | None:
        if ctx.text is None or ctx.replying or ctx.at_checkpoint:
            return None
        return NEVER if self._review(ctx)[0] else None

    def params(self, ctx: Context, at: int, lift: int) -> dict[str, object]:
        return {"phrases": self._review(ctx)[1]}


class IdeaAlreadyShared(Rule):
    """The idea already went to someone at the account."""

    code = Code.IDEA_ALREADY_SHARED.value
    timeless = True
    needs = "idea"
    idea_specific = True

    def refuses(self, ctx: Context, at: int) -> int | None:
        idea = ctx.idea
        return NEVER if idea is not None and ctx.history.shares(idea.id) else None

    def params(self, ctx: Context, at: int, lift: int) -> dict[str, object]:
        assert ctx.idea is not None
        return {"idea": ctx.idea.id, "account": ctx.account.name}


class IdeaNotRelevant(Rule):
    """The idea addresses none of the account's needs."""

    code = Code.IDEA_NOT_RELEVANT.value
    timeless = True
    needs = "idea"
    idea_specific = True

    def refuses(self, ctx: Context, at: int) -> int | None:
        idea = ctx.idea
        if idea is not None and idea.addresses.isdisjoint(ctx.account.needs):
            return NEVER
        return None

    def params(self, ctx: Context, at: int, lift: int) -> dict[str, object]:
        assert ctx.idea is not None
        return {"idea": ctx.idea.id, "addresses": tuple(sorted(ctx.idea.addresses)),
                "account": ctx.account.name, "needs": tuple(sorted(ctx.account.needs))}


class IdeaNotReady(Rule):
    """The idea is not available yet."""

    code = Code.IDEA_NOT_READY.value
    needs = "idea"
    idea_specific = True

    def refuses(self, ctx: Context, at: int) -> int | None:
        idea = ctx.idea
        if idea is not None and idea._from_us is not None and at < idea._from_us:
            return idea._from_us
        return None

    def params(self, ctx: Context, at: int, lift: int) -> dict[str, object]:
        assert ctx.idea is not None
        return {"idea": ctx.idea.id, "available": moment(lift, ctx.contact),
                "zone": ctx.contact.timezone}


class IdeaExpired(Rule):
    """The idea is stale."""

    code = Code.IDEA_EXPIRED.value
    needs = "idea"
    idea_specific = True

    def refuses(self, ctx: Context, at: int) -> int | None:
        idea = ctx.idea
        if idea is not None and idea._until_us is not None and at >= idea._until_us:
            return NEVER
        return None

    def params(self, ctx: Context, at: int, lift: int) -> dict[str, object]:
        assert ctx.idea is not None
        assert ctx.idea._until_us is not None
        return {"idea": ctx.idea.id, "stale": moment(ctx.idea._until_us, ctx.contact),
                "zone": ctx.contact.timezone}


class TooSoon(Rule):
    """The account's last outbound touch is closer than the required gap.

    The gap is ``min_gap × backoff**n`` capped at ``max_gap``, ``n`` being the
    account's consecutive unanswered outbound touches.  A day-based gap grows
    in whole calendar days (rounded up), an elapsed one in microseconds.

    Whatever it carries (a checkpoint too, which the gap does not hold back),
    an outbound proposal is also refused closer than ``spacing`` to another
    outbound touch to the same contact, before or after it: never two at one
    instant.  Replies are exempt from both.
    """

    code = Code.TOO_SOON.value

    def __init__(self, min_gap: Span, backoff: float, max_gap: Span, spacing: int = 1) -> None:
        self.min_gap = min_gap
        self.backoff = backoff
        self.max_gap = max_gap
        self.spacing = spacing
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

    def _gap_lift(self, ctx: Context, at: int) -> int:
        """``at``, or the first instant from it the gap allows.

        While a tension is open, a repair action keeps the base gap
        (``min_gap``) without the backoff: repair is steady, not pressed, and
        not slowed down by the silence that came before the complaint.
        """
        last = ctx.history.last_outbound_us
        if last is None or ctx.at_checkpoint:
            return at
        zone = ctx.contact.zone
        gap = self.gap(ctx.history.unanswered_streak)
        if gap.reached(at, last, zone):
            return at
        end = gap.after(last, zone)
        if ctx.idea is not None and ctx.idea.repair:
            base = self.gap(0)
            early = at if base.reached(at, last, zone) else base.after(last, zone)
            return in_tension(ctx, early, end)
        return end

    def _lift(self, ctx: Context, at: int) -> int:
        """The first instant from ``at`` that both the gap and the spacing allow."""
        while True:
            allowed = self._gap_lift(ctx, at)
            spaced = self.spaced(ctx, allowed)[0]
            if spaced == allowed:
                return allowed
            at = spaced

    def refuses(self, ctx: Context, at: int) -> int | None:
        if ctx.replying:
            return None
        lift = self._lift(ctx, at)
        return None if lift == at else lift

    def spaced(self, ctx: Context, at: int) -> tuple[int, int | None]:
        """The first instant from ``at`` at least ``spacing`` from the contact's touches.

        With the touch too close to ``at`` (``None`` when none is).
        """
        out = ctx.facts.out
        spacing = self.spacing
        index = bisect.bisect_right(out, at - spacing)
        touch = None
        while index < len(out) and out[index] < at + spacing:
            if touch is None:
                touch = out[index]
            at = out[index] + spacing
            index += 1
        return at, touch

    def params(self, ctx: Context, at: int, lift: int) -> dict[str, object]:
        common = {"account": ctx.account.name, "until": moment(lift, ctx.contact),
                  "zone": ctx.contact.timezone}
        touch = self.spaced(ctx, self._gap_lift(ctx, at))[1]
        if touch is not None:  # the spacing between two touches to one person set the lift
            return {"case": "spacing", "contact": ctx.contact.name,
                    "last": moment(touch, ctx.contact),
                    "spacing": Elapsed(microseconds=self.spacing), **common}
        streak = ctx.history.unanswered_streak
        last = ctx.history.last_outbound_us
        assert last is not None
        return {"case": "grown" if streak else "base", "last": moment(last, ctx.contact),
                "gap": self.gap(streak).to_timedelta(), "unanswered": streak, **common}

    def __repr__(self) -> str:
        return (
            f"TooSoon(min_gap={self.min_gap.describe()}, backoff={self.backoff:g}, "
            f"max_gap={self.max_gap.describe()}, spacing={describe_elapsed(self.spacing)})"
        )


class UnansweredLimit(Rule):
    """The contact left the last N outbound touches unanswered."""

    code = Code.UNANSWERED_LIMIT.value
    timeless = True

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def refuses(self, ctx: Context, at: int) -> int | None:
        if ctx.replying or ctx.at_checkpoint:
            return None
        return NEVER if ctx.facts.streak >= self.limit else None

    def params(self, ctx: Context, at: int, lift: int) -> dict[str, object]:
        return {"contact": ctx.contact.name, "unanswered": ctx.facts.streak}

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
        end = self.cool_off.after(decline, ctx.contact.zone)
        if ctx.idea is not None and ctx.idea.repair:
            # While a tension is open, repair goes out even during a cool-off.
            lift = in_tension(ctx, at, end)
            return None if lift == at else lift
        return end

    def params(self, ctx: Context, at: int, lift: int) -> dict[str, object]:
        decline = ctx.history.decline_us
        assert decline is not None
        return {"account": ctx.account.name, "declined": moment(decline, ctx.contact),
                "cool_off": self.cool_off.to_timedelta(), "until": moment(lift, ctx.contact),
                "zone": ctx.contact.timezone}

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

    def _slack(self) -> int:
        """How far a window's end can be from its start plus the window counted in hours.

        Zero for elapsed time; for calendar days, less than ``MARGIN``: a
        window's end then follows the wall clock, so it is *not* monotonic in
        its start across a fall-back fold (02:50 CEST closes after 02:10 CET
        of the same night): the searches below only skip what this bound
        proves cannot matter, and look at everything else.
        """
        return MARGIN if self.window.days else 0

    def busiest(self, ctx: Context, at: int) -> int:
        """The most outbound touches in one window that contains ``at``.

        Windows containing ``at`` start in ``(at - window, at]``; the count
        only changes where a window starts at a touch, so those starts (and
        ``at`` itself) are enough.  A window starting at the ``j``-th touch
        holds at most the touches from ``j`` on, so the sweep stops once
        that bound cannot beat the best count found.
        """
        out = self.source(ctx)
        zone = ctx.contact.zone
        end = self.window.after
        reach = self._reach()
        low = bisect.bisect_right(out, at - reach - 1)
        high = bisect.bisect_right(out, at + reach)
        # Touches whose window surely closed by ``at`` are skipped at once.
        j = max(low, bisect.bisect_right(out, at - self.window.approx_us - self._slack()))
        stop = bisect.bisect_right(out, at, j, high)
        best = 0
        while j < stop:
            if high - j <= best:
                return best  # the window starting at ``at`` holds no more either
            closes = end(out[j], zone)
            if closes > at:
                best = max(best, bisect.bisect_left(out, closes, j, high) - j)
            j += 1
        starting = bisect.bisect_left(out, at, low, high)  # a window starting at ``at``
        return max(best, bisect.bisect_left(out, end(at, zone), starting, high) - starting)

    def source(self, ctx: Context) -> Sequence[int]:
        """The outbound instants this cap counts: every touch at the account."""
        return ctx.history.outbound()

    def refuses(self, ctx: Context, at: int) -> int | None:
        if ctx.replying or ctx.at_checkpoint:
            return None
        reach = self._reach()
        out = self.source(ctx)
        # Fast path: fewer than ``cap`` touches near, even counting generously.
        if bisect.bisect_right(out, at + reach) - bisect.bisect_right(out, at - reach - 1) < (
            self.cap
        ):
            return None
        lift = self._lift(out, at, ctx.contact.zone)
        return None if lift == at else lift

    def _lift(self, out: Sequence[int], at: int, zone: ZoneInfo) -> int:
        """The first instant from ``at`` that no full window can hold.

        ``cap`` consecutive outbound touches ``x[i] ≤ … ≤ x[j]`` that fit in
        one window (``end(x[i]) > x[j]``) refuse exactly the instants ``t``
        with ``end(min(t, x[i])) > max(t, x[j])``: an interval that ends at
        ``end(x[i])``, whose start and end grow with ``i``.  So from ``t``,
        the runs that refuse it are found among those that start before it;
        the latest end among them is refused all through, and the search
        goes on from there: each run is looked at once, however dense.
        """
        cap = self.cap
        end = self.window.after
        approx = self.window.approx_us
        slack = self._slack()
        count = len(out)
        lift = at
        i = bisect.bisect_left(out, at - self._reach() - 1)
        while True:
            # Runs whose first touch's window closed by lift cannot refuse it:
            # those surely closed are skipped at once, the others looked at.
            i = max(i, bisect.bisect_right(out, lift - approx - slack, i, count))
            while i < count and end(out[i], zone) <= lift:
                i += 1
            # A run can refuse lift only if its last touch is before end(lift)
            # (a touch exactly at end(lift - 1) shares the window from lift).
            reach = end(lift, zone)
            best = lift
            # From the last run that can, down, until no earlier run can close
            # later than the latest close found.
            k = bisect.bisect_left(out, reach, i, count) - cap
            while k >= i and out[k] + approx + slack > best:
                first, last = out[k], out[k + cap - 1]
                closes = end(first, zone)
                if closes > last and end(min(lift, first), zone) > max(lift, last):
                    best = max(best, closes)
                k -= 1
            if best == lift:
                return lift
            lift = best

    def params(self, ctx: Context, at: int, lift: int) -> dict[str, object]:
        return {"count": self.busiest(ctx, at), "account": ctx.account.name,
                "window": self.window.to_timedelta(), "cap": self.cap,
                "until": moment(lift, ctx.contact), "zone": ctx.contact.timezone}

    def __repr__(self) -> str:
        return f"FrequencyCap(cap={self.cap}, window={self.window.describe()})"


class CapRule(FrequencyCap):
    """One cap of ``Policy.caps``: a rolling window or a calendar period, by scope and channel.

    A rolling window counts as :class:`FrequencyCap` does, over the touches
    the cap counts (the account's or the contact's, on its channel or all); a
    calendar period counts the touches of the period (in the contact's zone)
    that would hold the proposal, and lifts at the start of the first period
    with room.  Replies and agreed checkpoints are exempt, as for the account's
    cap.
    """

    def __init__(self, cap: Cap) -> None:
        super().__init__(cap.count, span_of(cap.window or timedelta(days=1)))
        self.spec = cap

    def source(self, ctx: Context) -> Sequence[int]:
        spec = self.spec
        who = ctx.contact.id if spec.scope is Scope.CONTACT else None
        return ctx.history.outbound(who, spec.channel)

    def refuses(self, ctx: Context, at: int) -> int | None:
        spec = self.spec
        if spec.channel is not None and ctx.channel is not spec.channel:
            return None
        if spec.period is None:
            return super().refuses(ctx, at)
        if ctx.replying or ctx.at_checkpoint:
            return None
        return period_lift(self.source(ctx), at, ctx.contact.zone, spec.period, spec.count)

    def whose(self, ctx: Context) -> Explanation:
        """Whose touches the cap counts, on which channel, as data."""
        return self.whose_for(ctx.account, ctx.contact)

    def whose_for(self, account: Account, contact: Contact) -> Explanation:
        """Whose touches the cap counts for a proposal to ``contact``, as data."""
        spec = self.spec
        if spec.scope is Scope.CONTACT:
            params: dict[str, object] = {"contact": contact.name}
            code = "whose.contact"
        else:
            params, code = {"account": account.name}, "whose.account"
        if spec.channel is not None:
            params["channel"] = spec.channel.value
            code += "-channel"
        return Explanation(code=code, params=params)

    def params(self, ctx: Context, at: int, lift: int) -> dict[str, object]:
        spec = self.spec
        if spec.period is None:
            return {**super().params(ctx, at, lift), "case": "rolling", "whose": self.whose(ctx)}
        start, end = period_bounds(at, ctx.contact.zone, spec.period)
        return {"case": "period", "count": count_in(self.source(ctx), start, end),
                "account": ctx.account.name, "whose": self.whose(ctx),
                "period": Explanation(code=f"period.{spec.period.value}"), "cap": spec.count,
                "until": moment(lift, ctx.contact), "zone": ctx.contact.timezone}

    def __repr__(self) -> str:
        return f"CapRule({self.spec!r})"


class BeforeAgreedDate(Rule):
    """The client asked not to be contacted: a quiet period covers the proposal.

    A quiet period of the whole account covers every contact; one of a
    contact covers that person only.  Held checkpoints are quiet periods of
    the account that end at their time.  An agreed checkpoint kept with its
    own contact, and a reply, are allowed whatever quiet periods say.  The
    lift is the first instant no quiet period of the contact covers
    (overlapping and adjacent periods are crossed in one jump).
    """

    code = Code.BEFORE_AGREED_DATE.value

    def refuses(self, ctx: Context, at: int) -> int | None:
        # The client agreed to the checkpoint: kept at its time whatever the holds say.
        if ctx.replying or ctx.at_checkpoint:
            return None
        window = covering(quiet_windows(ctx), at)
        return None if window is None else window.end

    def params(self, ctx: Context, at: int, lift: int) -> dict[str, object]:
        window = next(w for w in quiet_windows(ctx) if w.end == lift)
        found: dict[str, object] = {"case": "plain", "account": ctx.account.name,
                                    "until": moment(lift, ctx.contact),
                                    "zone": ctx.contact.timezone, "period": window.id}
        if window.contact_id is not None:
            found.update(case="contact", contact=ctx.contact.name)
        if window.note:
            found.update(case=f"{found['case']}-noted".removeprefix("plain-"), note=window.note)
        return found


def quiet_windows(ctx: Context) -> list[Window]:
    """The quiet periods that concern the proposal's contact, by start."""
    contact_id = ctx.contact.id
    return [w for w in ctx.account._quiet if w.contact_id is None or w.contact_id == contact_id]


def covering(windows: Sequence[Window], at: int) -> Window | None:
    """The window whose end is the first instant from ``at`` that none covers.

    ``windows`` are sorted by start; ``None`` when none covers ``at``.
    """
    found: Window | None = None
    lift = at
    for window in windows:
        if window.start > lift:
            break
        if window.end > lift:
            found, lift = window, window.end
    return found


class ContactAway(Rule):
    """The contact is away: an absence, or an out-of-office reply, covers the proposal.

    An absence ``[start, end)`` refuses from ``start`` until ``end`` plus the
    policy's ``settle_in``; an out-of-office reply refuses from its instant
    until the return it announced (or ``presumed_away`` after it, when it
    announced none) plus ``settle_in``, unless the contact answered since.
    Colleagues are not concerned; a reply to the contact's own message is
    allowed (they wrote: they are there).
    """

    code = Code.CONTACT_AWAY.value

    def __init__(self, settle_in: Span, presumed_away: Span) -> None:
        self.settle_in = settle_in
        self.presumed_away = presumed_away

    def windows(self, ctx: Context) -> list[Window]:
        """The contact's absences, settle-in included, by start."""
        zone = ctx.contact.zone
        found = [
            Window(a._start_us, self.settle_in.after(a._end_us, zone), a.contact_id, a.id,
                   a.note, False)
            for a in ctx.account.absences if a.contact_id == ctx.contact.id
        ]
        away = ctx.facts.away
        if away is not None:
            since, back = away
            if back is None:
                back = self.presumed_away.after(since, zone)
            found.append(Window(since, self.settle_in.after(back, zone), ctx.contact.id, "",
                                "", False))
        found.sort(key=lambda w: (w.start, w.end, w.id))
        return found

    def refuses(self, ctx: Context, at: int) -> int | None:
        if ctx.replying:
            return None
        window = covering(self.windows(ctx), at)
        return None if window is None else window.end

    def params(self, ctx: Context, at: int, lift: int) -> dict[str, object]:
        window = next(w for w in self.windows(ctx) if w.end == lift)
        found: dict[str, object] = {
            "case": "absence", "contact": ctx.contact.name, "until": moment(lift, ctx.contact),
            "settle_in": self.settle_in.to_timedelta(), "zone": ctx.contact.timezone,
        }
        if window.id:  # an absence given as data
            found["absence"] = window.id
            if window.note:
                found.update(case="absence-noted", note=window.note)
        else:  # learned from an out-of-office reply
            away = ctx.facts.away
            assert away is not None
            found.update(case="out-of-office" if away[1] is not None else "presumed",
                         replied=moment(away[0], ctx.contact))
        return found

    def __repr__(self) -> str:
        return (f"ContactAway(settle_in={self.settle_in.describe()}, "
                f"presumed_away={self.presumed_away.describe()})")


class OwnerAway(Rule):
    """The seller who owns the account is on leave, and no colleague covers.

    Follow-ups wait, agreed checkpoints included (nobody would make the
    call: the plan moves it after the return); a reply does not (someone is
    there to write it, and responsiveness is presence).  The lift is the
    owner's return (overlapping and adjacent leaves are crossed in one jump);
    a leave with ``covered_by`` pauses nothing.
    """

    code = Code.OWNER_AWAY.value

    def refuses(self, ctx: Context, at: int) -> int | None:
        if ctx.replying:
            return None
        window = covering(ctx.account._owner_away, at)
        return None if window is None else window.end

    def params(self, ctx: Context, at: int, lift: int) -> dict[str, object]:
        # The leave in force at the proposal (chained leaves lift at the last's end).
        away = ctx.account._owner_away
        window = next((w for w in away if w.start <= at < w.end), None) or next(
            w for w in away if w.end == lift)
        owner = ctx.account.owner
        assert owner is not None
        found: dict[str, object] = {
            "case": "noted" if window.note else "plain", "owner": owner.name,
            "leave": window.id, "until": moment(lift, ctx.contact),
            "zone": ctx.contact.timezone,
        }
        if window.note:
            found["note"] = window.note
        return found


def tension_windows(ctx: Context) -> Sequence[Window]:
    """The tensions that concern a proposal (see :func:`tensions_of`)."""
    return tensions_of(ctx.account, ctx.history)


def tensions_of(account: Account, history: History) -> Sequence[Window]:
    """The tensions of the account and of its history, by start (the history's have no id).

    A tension given as data without ``resolved_at`` ends at the first
    ``resolved`` touch after it opened.  Kept by the history for the account
    last asked about (both are immutable).
    """
    memo = history._tensions
    if memo is not None and memo[0] is account:
        return memo[1]  # type: ignore[return-value]
    resolutions = history.resolutions()
    found = []
    for t in account.tensions:
        end = t._end_us
        if end == NEVER:
            later = bisect.bisect_right(resolutions, t._start_us)
            end = resolutions[later] if later < len(resolutions) else NEVER
        found.append(Window(t._start_us, end, t.contact_id, t.id, t.note, False))
    found += [Window(start, end, None, "", "", False)
              for start, end in history.tension_windows()]
    found.sort(key=lambda w: (w.start, w.end, w.id))
    windows = tuple(found)
    history._tensions = (account, windows)
    return windows


def in_tension(ctx: Context, at: int, end: int) -> int:
    """The first instant from ``at``, before ``end``, inside an open tension; else ``end``."""
    for window in tension_windows(ctx):
        moment = max(at, window.start)
        if moment < window.end and moment < end:
            return moment
    return end


class TensionOpen(Rule):
    """A tension is open: selling waits, repair goes first.

    A tension given as data (``Account.tensions``) is open from
    ``opened_at`` until ``resolved_at`` (never, when not resolved); one the
    history opens with a ``complaint`` touch lasts until a ``resolved`` touch.
    While one is open, a proposal carrying an idea that is not a repair
    action is refused; repair actions, replies and agreed checkpoints are not.
    Lifts at the resolution, or never by time alone.
    """

    code = Code.TENSION_OPEN.value
    needs = "idea"

    def windows(self, ctx: Context) -> Sequence[Window]:
        """The open tensions, by start (the history's have no id)."""
        return tension_windows(ctx)

    def refuses(self, ctx: Context, at: int) -> int | None:
        idea = ctx.idea
        if idea is None or idea.repair:  # a reply or a checkpoint carrying it still sells
            return None
        window = covering(self.windows(ctx), at)
        return None if window is None else window.end

    def params(self, ctx: Context, at: int, lift: int) -> dict[str, object]:
        window = next(w for w in self.windows(ctx) if w.end == lift)
        found: dict[str, object] = {"case": "open", "account": ctx.account.name,
                                    "opened": moment(window.start, ctx.contact),
                                    "zone": ctx.contact.timezone}
        if lift < NEVER:
            found.update(case="until", until=moment(lift, ctx.contact))
        if window.id:
            found["tension"] = window.id
        if window.note:
            found.update(case=f"{found['case']}-noted", note=window.note)
        return found


class WorkingTime(Rule):
    """The two working-time rules: each refuses, and lifts, on its own.

    ``outside-hours`` looks at the local time of day only (on any date);
    ``non-working-day`` at the local date only (its lift is the first
    instant of the next working date).  Together they allow exactly the
    contact's working time; either may be dropped with ``without``.
    """

    def _when(self, ctx: Context, lift: int) -> Explanation:
        if lift == NEVER:
            return Explanation(code="when.never")
        return Explanation(code="when.until", params=Params(
            {"until": moment(lift, ctx.contact), "zone": ctx.contact.timezone}))


class OutsideHours(WorkingTime):
    """Outside the contact's working time, in their own zone.

    Daily ``WorkingHours`` give the window (``start``, ``end``); a weekly
    schedule, or a channel's own schedule, gives the case ``schedule`` and the
    intervals of that local day (``hours``), or ``day-off`` when the schedule
    has none that weekday.
    """

    code = Code.OUTSIDE_HOURS.value

    def refuses(self, ctx: Context, at: int) -> int | None:
        if ctx.opening(at) == at:  # working time: the fast, common answer
            return None
        lift = ctx.calendar.next_in_hours(at)
        return None if lift == at else lift

    def params(self, ctx: Context, at: int, lift: int) -> dict[str, object]:
        cal = ctx.calendar
        found: dict[str, object] = {"at": moment(at, ctx.contact), "contact": ctx.contact.name,
                                    "when": self._when(ctx, lift), "zone": ctx.contact.timezone}
        if cal.daily is not None:  # the same hours every day: said as they always were
            return {**found, "start": cal.start, "end": cal.end}
        # A weekly schedule (or a channel's narrowing): the intervals of that day.
        day = cal.local_date(at)
        hours = [f"{hhmm(start)}-{hhmm(end)}" for start, end in cal.week[day.weekday()]]
        if not hours:
            return {**found, "case": "day-off"}
        return {**found, "case": "schedule", "hours": hours}


class NonWorkingDay(WorkingTime):
    """A weekend day or public holiday in the contact's country."""

    code = Code.NON_WORKING_DAY.value

    def refuses(self, ctx: Context, at: int) -> int | None:
        if ctx.opening(at) == at:
            return None
        lift = ctx.calendar.next_working_date_start(at)
        return None if lift == at else lift

    def params(self, ctx: Context, at: int, lift: int) -> dict[str, object]:
        day = ctx.calendar.local_date(at)
        name = ctx.calendar._holidays.get(day)
        found: dict[str, object] = {
            "case": "holiday" if name else "weekend", "day": day, "contact": ctx.contact.name,
            "country": ctx.contact.country, "when": self._when(ctx, lift),
        }
        if name:
            found["holiday"] = name
        if ctx.contact.subdivision:
            found["subdivision"] = ctx.contact.subdivision
        return found


def _fixed() -> tuple[Rule, ...]:
    return (
        DoNotContact(),
        ChannelUnavailable(),
        ReplyPending(),
        CheckpointUnavailable(),
        CheckpointNotDue(),
        NoNewIdea(),
        EmptyCheckIn(),
        IdeaAlreadyShared(),
        IdeaNotRelevant(),
        IdeaNotReady(),
        IdeaExpired(),
    )


BUILTIN_RULES: Final = _fixed()
