"""The audit of a history: which past touches the policy would have refused.

Every past outbound touch is replayed through :meth:`Policy.check` at its
own instant, against the touches before it, and each one refused is a
finding, with the very reasons ``check`` gives.  The summary counts what a
manager asks about: empty check-ins, touches too soon, over the cap, outside
working time, the longest silence, touches per month.

The core decides: findings and counts are data; the sentences are rendered
apart (``Audit.render(locale)``), from the catalogs.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

import attrs
import pendulum

from .explain import Explanation, speaker
from .frozen import SortedMap
from .history import History, _sort_key
from .inputs import backlog_of, checked_history, refuse_future_touches
from .instants import to_datetime, to_us
from .models import Account, Direction, Idea, Outcome, Proposal, Touch
from .policy import Policy
from .validation import require, require_instant, require_items
from .verdict import Code, Reason

__all__ = ["Audit", "AuditFinding", "AuditSummary", "Counts", "SilentStretch", "audit"]

#: The codes of an empty check-in: no idea at all, or words that only ask for news.
EMPTY_CHECK_IN: frozenset[str] = frozenset({Code.NO_NEW_IDEA.value, Code.EMPTY_CHECK_IN.value})
#: The codes of working time: outside the contact's hours, or not a working day.
OUTSIDE_WORKING_TIME: frozenset[str] = frozenset(
    {Code.OUTSIDE_HOURS.value, Code.NON_WORKING_DAY.value}
)
#: What the audit cannot judge of an idea no longer in the backlog (only these
#: rules read what an idea is rather than whether it was shared).
NOT_JUDGED: frozenset[str] = frozenset(
    {Code.IDEA_NOT_RELEVANT.value, Code.IDEA_NOT_READY.value, Code.IDEA_EXPIRED.value,
     # whether it was a repair action (allowed while a tension is open) is not known either
     Code.TENSION_OPEN.value}
)


class Counts(SortedMap[str, int]):
    """A read-only, hashable mapping of keys to counts, sorted by key.

    Examples:
        >>> c = Counts({"too-soon": 2, "no-new-idea": 1})
        >>> list(c), c["too-soon"], c == {"no-new-idea": 1, "too-soon": 2}
        (['no-new-idea', 'too-soon'], 2, True)
    """

    __slots__ = ()


def _counts(value: Mapping[str, int] | None) -> Counts:
    return value if isinstance(value, Counts) else Counts(value)


@attrs.frozen(kw_only=True)
class AuditFinding:
    """A past outbound touch the policy would have refused, and why.

    Attributes:
        index: the touch's position in the history as it was given.
        touch: the touch itself.
        reasons: every rule that refuses it: the very :class:`~relance.Reason`
            objects ``Policy.check`` gives for it, replayed at its instant
            against the touches before it.
        reply: whether it was judged as a reply (an inbound message of the
            contact awaited our answer, and it kept no checkpoint).
        explanation: what the touch was, as data (code ``audit.finding``:
            when, to whom, on which channel, carrying what).

    Examples:
        >>> import pendulum
        >>> from relance import Reason, Touch
        >>> touch = Touch(at=pendulum.datetime(2026, 11, 4, 10, tz="Europe/Paris"),
        ...               contact_id="marc", channel="email", direction="outbound",
        ...               outcome="no_answer")
        >>> finding = AuditFinding(index=0, touch=touch,
        ...                        reasons=(Reason(code="no-new-idea"),))
        >>> finding.codes
        ('no-new-idea',)
    """

    index: int
    touch: Touch
    reasons: tuple[Reason, ...]
    reply: bool = False
    explanation: Explanation | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        """The reason codes alone, in the order of the rules."""
        return tuple(r.code for r in self.reasons)

    def render(self, locale: str = "en") -> str:
        """The touch and its reasons as text in ``locale`` (``en``, ``fr``)."""
        return speaker("audit_finding")(self, locale)

    def __str__(self) -> str:
        return self.render("en")


@attrs.frozen(kw_only=True)
class SilentStretch:
    """The longest stretch without an outbound touch that reached the account.

    Attributes:
        start: the outbound touch that opened it (in its contact's zone).
        end: the next outbound touch, or ``now`` when the silence still runs.
        ongoing: it runs until ``now`` (no outbound touch since ``start``).

    Examples:
        >>> import pendulum
        >>> start = pendulum.datetime(2026, 10, 5, 10, tz="Europe/Paris")
        >>> SilentStretch(start=start, end=start.add(days=35)).length.days
        35
    """

    start: pendulum.DateTime
    end: pendulum.DateTime
    ongoing: bool = False

    @property
    def length(self) -> timedelta:
        """Its length, in elapsed time."""
        return timedelta(microseconds=to_us(self.end) - to_us(self.start))


@attrs.frozen(kw_only=True)
class AuditSummary:
    """The numbers of an audit, for the questions a manager asks.

    Attributes:
        judged: the outbound touches judged (every one of the history,
            bounced ones included: the attempt is what is judged).
        refused: how many of them the policy would have refused.
        by_code: for each reason code, how many touches it refused.
        empty_check_ins: touches refused as empty check-ins
            (``no-new-idea`` or ``empty-check-in``).
        too_soon: touches refused as ``too-soon``.
        over_cap: touches refused by the ``frequency-cap``.
        outside_working_time: touches refused as ``outside-hours`` or
            ``non-working-day``.
        longest_silence: the longest stretch between two outbound touches
            that reached the account (bounced ones did not), or from the last
            one to ``now`` when the audit was given one; ``None`` when there
            is nothing to measure.
        per_month: outbound touches judged per calendar month
            (``"2026-11"``), each in its contact's own zone; every month from
            the first to the last is listed, those without a touch at 0.
        partly_judged: the ids of ideas carried by outbound touches that are
            no longer in the backlog: judged as ideas carried (shared
            already? too soon? the cap? working time?), but not on their
            relevance, readiness, expiry, or whether it was a repair action.

    Examples:
        >>> s = AuditSummary(judged=4, refused=1, by_code={"too-soon": 1}, too_soon=1)
        >>> s.by_code["too-soon"], dict(s.per_month)
        (1, {})
    """

    judged: int = 0
    refused: int = 0
    by_code: Counts = attrs.field(factory=Counts, converter=_counts)
    empty_check_ins: int = 0
    too_soon: int = 0
    over_cap: int = 0
    outside_working_time: int = 0
    longest_silence: SilentStretch | None = None
    per_month: Counts = attrs.field(factory=Counts, converter=_counts)
    partly_judged: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Audit:
    """What an audit found: the touches the policy would have refused, and the numbers.

    Attributes:
        account_id: the account audited.
        findings: the refused touches, in the order of the history (by instant).
        summary: the numbers (:class:`AuditSummary`).
        now: the instant the longest silence runs to, if one was given.

    ``str(audit)`` is the English text; ``render(locale)`` another language.

    Examples:
        >>> result = Audit(account_id="acme")
        >>> result.clean, result.summary.judged
        (True, 0)
        >>> print(result.render("en").splitlines()[1])
          the policy would have refused none of these touches
    """

    account_id: str
    findings: tuple[AuditFinding, ...] = ()
    summary: AuditSummary = attrs.field(factory=AuditSummary)
    now: pendulum.DateTime | None = None

    @property
    def clean(self) -> bool:
        """Whether the policy would have allowed every outbound touch."""
        return not self.findings

    def render(self, locale: str = "en") -> str:
        """The audit as text in ``locale`` (``en``, ``fr``): findings, then the summary."""
        return speaker("audit")(self, locale)

    def __str__(self) -> str:
        return self.render("en")


def audit(
    *,
    account: Account,
    history: History | Iterable[Touch],
    ideas: Iterable[Idea] | Mapping[str, Idea],
    policy: Policy,
    now: datetime | None = None,
) -> Audit:
    """Replay a history through a policy: which outbound touches would it have refused?

    Each outbound touch is checked with :meth:`Policy.check` at its own
    instant, against the touches before it in the history's order (by
    instant; at one instant an inbound message comes first), as the
    proposal it was: same contact, channel, idea, checkpoint and text, and a
    reply when an inbound message of that contact awaited our answer and it
    kept no checkpoint.  The account as given is the yardstick: its working
    hours, channels, quiet periods and do-not-contact flags are today's.

    Past touches often carry ideas the backlog no longer holds: each is
    taken as an idea carried (addressing the account's needs, always
    available), so the audit still judges whether it was shared already,
    too soon, over the cap, outside working time…, and lists it in
    ``summary.partly_judged``: its relevance, readiness, expiry, and whether it
    was a repair action (``tension-open``) were not
    judged.  Anything else is refused as ``plan`` and ``check`` refuse it.

    Args:
        account: the account, with its contacts, needs and checkpoints.
        history: its touches (a :class:`~relance.History` or a sequence).
        ideas: the idea backlog (ideas no longer in it may be left out).
        policy: the rules to judge by.
        now: optional: the longest silence then runs to it when no outbound
            touch came since the last one (the core reads no clock).  A
            touch after it is refused, as ``plan`` refuses it.

    Raises:
        UnknownIdError: a touch names a contact or checkpoint the account
            does not have, or an idea of the backlog is meant for an unknown
            contact.
        InvalidValueError: an argument is not of the expected type, ``now``
            is naive, a touch is after ``now``, or two ideas share an id.

    Examples:
        >>> import pendulum
        >>> from relance import Account, Contact, Policy, Touch
        >>> marc = Contact(id="marc", name="Marc", role="decision_maker",
        ...                timezone="Europe/Paris", country="FR")
        >>> acme = Account(id="acme", name="Acme", needs={"training"}, contacts=[marc])
        >>> any_news = Touch(at=pendulum.datetime(2026, 11, 4, 10, tz="Europe/Paris"),
        ...                  contact_id="marc", channel="email", direction="outbound",
        ...                  outcome="no_answer")
        >>> result = audit(account=acme, history=[any_news], ideas=[], policy=Policy())
        >>> [(f.index, f.codes) for f in result.findings]
        [(0, ('no-new-idea',))]
        >>> result.summary.judged, result.summary.empty_check_ins, result.clean
        (1, 1, False)
    """
    require(account, Account, "account")
    require(policy, Policy, "policy")
    backlog = backlog_of(ideas)
    if isinstance(history, History):
        given: tuple[Touch, ...] = tuple(history)  # built here, not kept by the history
        hist = checked_history(history, account, backlog, ideas)
        touches = given  # sorted
    else:
        given = require_items(history, Touch, "history")
        hist = checked_history(given, account, backlog, ideas)
        touches = tuple(hist)
    until = None if now is None else to_us(require_instant(now, "now"))
    if until is not None:
        assert now is not None
        refuse_future_touches(given, hist, until, now, "an audit judges the past, and a "
                              "touch after now has not happened yet")
    # Positions as given: History sorts stably with the same key.
    order = sorted(range(len(given)), key=lambda i: _sort_key(given[i]))
    carried = dict(backlog)
    missing = sorted({
        t.idea_id for t in touches
        if t.direction is Direction.OUTBOUND and t.idea_id is not None
        and t.idea_id not in backlog
    })
    for idea_id in missing:
        carried[idea_id] = Idea(id=idea_id, summary=idea_id, addresses=account.needs)
    stand_ins = frozenset(missing)
    findings: list[AuditFinding] = []
    # One backlog, indexed once; each history before a touch is a prefix of
    # the history checked above, so it is consistent with the account and
    # that backlog: it says so, and ``check`` does not verify it again (which
    # would cost the backlog's size at every touch).
    judged_with = tuple(carried.values())
    index = backlog_of(judged_with)
    before = History()
    for position, touch in enumerate(touches):
        if touch.direction is Direction.OUTBOUND:
            before._checked = (account, index)
            found = _judge(touch, order[position], before, account, judged_with, policy,
                           stand_ins)
            if found is not None:
                findings.append(found)
        before._extend(touch)  # ours alone: extended in place, not copied
    summary = _summary(hist, account, findings, until, stand_ins)
    return Audit(account_id=account.id, findings=tuple(findings), summary=summary,
                 now=None if now is None else pendulum.instance(now))


def _judge(
    touch: Touch,
    index: int,
    before: History,
    account: Account,
    ideas: tuple[Idea, ...],
    policy: Policy,
    stand_ins: frozenset[str],
) -> AuditFinding | None:
    """The finding of one outbound touch, or ``None`` when the policy allows it."""
    reply = touch.checkpoint_id is None and before.facts(touch.contact_id).awaiting is not None
    proposal = Proposal(at=touch.at, contact_id=touch.contact_id, channel=touch.channel,
                        idea_id=touch.idea_id, checkpoint_id=touch.checkpoint_id, reply=reply,
                        text=touch.text)
    verdict = policy.check(proposal, account=account, history=before, ideas=ideas)
    reasons = verdict.reasons
    if touch.idea_id in stand_ins:
        reasons = tuple(r for r in reasons if r.code not in NOT_JUDGED)
    if not reasons:
        return None
    return AuditFinding(index=index, touch=touch, reasons=reasons, reply=reply,
                        explanation=_what(touch, account, reply))


def _what(touch: Touch, account: Account, reply: bool) -> Explanation:
    """What the touch was, as data: when, to whom, how, carrying what."""
    contact = account._by_id[touch.contact_id]
    if touch.checkpoint_id is not None:
        case = "checkpoint"
    elif touch.idea_id is not None:
        case = "idea"
    else:
        case = "reply" if reply else "none"
    params: dict[str, object] = {
        "case": case, "at": to_datetime(touch._us, contact.zone), "contact": contact.name,
        "channel": touch.channel.value, "zone": contact.timezone,
    }
    if touch.idea_id is not None and case == "idea":
        params["idea"] = touch.idea_id
    if touch.checkpoint_id is not None:
        params["checkpoint"] = touch.checkpoint_id
    return Explanation(code="audit.finding", params=params)


def _summary(
    hist: History,
    account: Account,
    findings: list[AuditFinding],
    until: int | None,
    stand_ins: frozenset[str],
) -> AuditSummary:
    outbound = [t for t in hist if t.direction is Direction.OUTBOUND]
    by_code: Counter[str] = Counter()
    for finding in findings:
        by_code.update(set(finding.codes))

    def refused_by(codes: frozenset[str]) -> int:
        return sum(1 for f in findings if not codes.isdisjoint(f.codes))

    return AuditSummary(
        judged=len(outbound),
        refused=len(findings),
        by_code=Counts(dict(by_code)),
        empty_check_ins=refused_by(EMPTY_CHECK_IN),
        too_soon=refused_by(frozenset({Code.TOO_SOON.value})),
        over_cap=refused_by(frozenset({Code.FREQUENCY_CAP.value})),
        outside_working_time=refused_by(OUTSIDE_WORKING_TIME),
        longest_silence=_longest_silence(outbound, account, until),
        per_month=_per_month(outbound, account),
        partly_judged=tuple(sorted(stand_ins)),
    )


def _longest_silence(
    outbound: list[Touch], account: Account, until: int | None
) -> SilentStretch | None:
    """The longest stretch between touches that got through (the first one on a tie)."""
    reached = [t for t in outbound if t.outcome is not Outcome.BOUNCED]
    best: tuple[int, Touch, Touch | None] | None = None
    for earlier, later in itertools.pairwise(reached):
        if best is None or later._us - earlier._us > best[0]:
            best = (later._us - earlier._us, earlier, later)
    if reached and until is not None and (best is None or until - reached[-1]._us > best[0]):
        best = (until - reached[-1]._us, reached[-1], None)
    if best is None:
        return None
    _, start, closing = best
    zone = account._by_id[start.contact_id].zone
    if closing is None:
        assert until is not None
        return SilentStretch(start=to_datetime(start._us, zone), end=to_datetime(until, zone),
                       ongoing=True)
    return SilentStretch(start=to_datetime(start._us, zone),
                   end=to_datetime(closing._us, account._by_id[closing.contact_id].zone))


def _per_month(outbound: list[Touch], account: Account) -> Counts:
    """Outbound touches per calendar month of their contact's zone, gaps at 0."""
    counted: Counter[str] = Counter()
    months: list[tuple[int, int]] = []
    for touch in outbound:
        local = to_datetime(touch._us, account._by_id[touch.contact_id].zone)
        counted[f"{local.year:04d}-{local.month:02d}"] += 1
        months.append((local.year, local.month))
    if not months:
        return Counts()
    (year, month), last = min(months), max(months)
    found: dict[str, int] = {}
    while (year, month) <= last:
        key = f"{year:04d}-{month:02d}"
        found[key] = counted.get(key, 0)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return Counts(found)
