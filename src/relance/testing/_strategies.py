"""Hypothesis strategies for relance's own tests: zones, worlds, proposals.

They favour what breaks schedulers: DST transitions (gaps, folds, zones whose
day starts at 01:00, 30- and 45-minute offsets), weekends that are not
Saturday-Sunday, and histories dense enough to trigger every rule.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import zoneinfo
from datetime import datetime, time, timedelta, timezone
from typing import Any, Final

import attrs
import pendulum
from hypothesis import strategies as st

from relance import (
    Absence,
    Account,
    Channel,
    Checkpoint,
    Contact,
    Direction,
    Elapsed,
    Idea,
    Leave,
    Outcome,
    Owner,
    Policy,
    Proposal,
    QuietPeriod,
    Role,
    Schedule,
    Tension,
    Touch,
    Verdict,
    WorkingHours,
)
from relance._core.caps import Cap, Period, Scope
from relance._core.instants import span_of
from relance._core.qualification import (
    DIMENSIONS,
    Assessment,
    Budget,
    Incumbent,
    Knowledge,
    Process,
    Qualification,
)
from relance._core.schedule import DAYS

UTC = timezone.utc
MINUTE = 60_000_000
HOUR = 60 * MINUTE
DAY = 24 * HOUR

#: Zones chosen for their DST quirks.
DST_ZONES = (
    "Europe/Paris",  # spring-forward 02:00 -> 03:00, fall-back 03:00 -> 02:00
    "America/New_York",
    "America/Santiago",  # southern hemisphere; the day starts at 01:00 in September
    "Asia/Beirut",  # DST starts at midnight: 00:00 -> 01:00
    "Africa/Cairo",  # DST starts at midnight, on a Friday
    "America/Havana",  # DST at midnight
    "Australia/Lord_Howe",  # a 30-minute DST shift
    "Australia/Sydney",
    "Pacific/Chatham",  # +12:45 / +13:45
    "Pacific/Auckland",
    "Europe/Dublin",  # "negative" DST in the tz database
    "Africa/Casablanca",  # DST suspended during Ramadan: two changes a month apart
    "Asia/Gaza",
    "America/St_Johns",  # -03:30 with DST
    "America/Nuuk",
    "Europe/London",
)
#: Zones without DST but with unusual offsets.
ODD_ZONES = (
    "UTC",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Tokyo",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "Asia/Tehran",
    "America/Sao_Paulo",
)


@functools.cache
def all_zones() -> tuple[str, ...]:
    """Every IANA zone name pendulum accepts, sorted (for reproducibility)."""
    names = []
    for name in sorted(zoneinfo.available_timezones()):
        try:
            tz = pendulum.timezone(name)
        except Exception:
            continue
        if isinstance(tz, zoneinfo.ZoneInfo) and name not in {"Factory", "localtime"}:
            names.append(name)
    return tuple(names)


#: (country, subdivision) pairs with varied weekends and holiday calendars.
COUNTRIES = (
    ("FR", None),
    ("US", "CA"),
    ("US", "NY"),
    ("GB", None),
    ("DE", "BY"),
    ("IL", None),  # Friday-Saturday weekend
    ("AE", None),
    ("SA", None),  # Friday-Saturday
    ("EG", None),  # Friday-Saturday
    ("IR", None),  # Friday only
    ("JP", None),
    ("CN", None),  # working Saturdays after long holidays
    ("BR", None),
    ("CL", None),
    ("AU", "NSW"),
    ("IN", None),
    ("LB", None),
    ("NZ", None),
    ("CA", "QC"),
    ("ES", None),
)

NEEDS = ("budget", "onboarding", "retention", "compliance")


@functools.cache
def zones() -> st.SearchStrategy[str]:
    """IANA zones, favouring DST quirks, drawing from the whole database too."""
    return st.one_of(
        st.sampled_from(DST_ZONES), st.sampled_from(ODD_ZONES), st.sampled_from(all_zones())
    )


def to_us(value: datetime) -> int:
    """Microseconds since the epoch (stdlib arithmetic, whatever the subclass)."""
    delta = datetime.__sub__(value, datetime(1970, 1, 1, tzinfo=UTC))
    return delta // timedelta(microseconds=1)


def from_us(us: int, zone: str = "UTC") -> pendulum.DateTime:
    """The instant ``us`` expressed in ``zone``."""
    utc = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=us)
    return pendulum.instance(utc).in_tz(zone)


@functools.cache
def transitions(zone: str) -> tuple[int, ...]:
    """The instants (µs) at which ``zone`` changes offset, 2024-2031."""
    tz = zoneinfo.ZoneInfo(zone)

    def offset(us: int) -> timedelta | None:
        return (
            (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=us))
            .astimezone(tz)
            .utcoffset()
        )

    found = []
    start = to_us(datetime(2024, 1, 1, tzinfo=UTC))
    end = to_us(datetime(2031, 1, 1, tzinfo=UTC))
    step = DAY
    at, before = start, offset(start)
    while at < end:
        nxt = at + step
        after = offset(nxt)
        if after != before:
            lo, hi = at, nxt
            while hi - lo > 1_000_000:
                mid = (lo + hi) // 2
                if offset(mid) == before:
                    lo = mid
                else:
                    hi = mid
            found.append(hi // 1_000_000 * 1_000_000)
        at, before = nxt, after
    return tuple(found)


@st.composite
def instants_near(draw: st.DrawFn, zone: str, base: int | None = None) -> int:
    """An instant (µs), often close to one of ``zone``'s DST transitions."""
    marks = transitions(zone)
    if base is None:
        base = draw(
            st.integers(
                to_us(datetime(2025, 1, 1, tzinfo=UTC)), to_us(datetime(2029, 12, 31, tzinfo=UTC))
            )
        )
    if bool(marks) and draw(st.booleans()):
        index = min(bisect.bisect_left(marks, base), len(marks) - 1)
        mark = marks[draw(st.sampled_from(sorted({max(0, index - 1), index})))]
        return mark + draw(st.integers(-4 * HOUR, 4 * HOUR)) // MINUTE * MINUTE
    return base // MINUTE * MINUTE


#: Minutes of the day a generated interval starts or ends at: DST-prone edges
#: (00:00, 01:00-03:00 where clocks change), office hours, the last minute.
_MARKS: Final = (0, 60, 90, 120, 150, 180, 480, 540, 600, 720, 840, 1020, 1080, 1380, 1439)


@functools.cache
def working_hours() -> st.SearchStrategy[WorkingHours | Schedule | None]:
    """None (the policy's), daily hours, or a weekly schedule, with DST-prone edges."""
    minutes = st.sampled_from(_MARKS)
    daily = (
        st.tuples(minutes, minutes)
        .filter(lambda p: p[0] < p[1])
        .map(lambda p: WorkingHours(start=_clock(p[0]), end=_clock(p[1])))
    )
    return st.one_of(st.none(), daily, schedules())


@functools.cache
def schedules() -> st.SearchStrategy[Schedule]:
    """Weekly schedules: 0-2 intervals a weekday (some touching), at least one in the week.

    Edges include the hours DST changes skip or repeat, midnight and 23:59.

    Examples:
        >>> from hypothesis import find
        >>> week = find(schedules(), lambda s: len(s.tue) == 2)
        >>> len(week.tue)
        2
    """
    day = st.lists(st.sampled_from(_MARKS), max_size=4, unique=True).map(sorted).map(
        lambda marks: [(_clock(a), _clock(b)) for a, b in itertools.pairwise(marks)][::2]
    )
    return st.fixed_dictionaries(dict.fromkeys(DAYS, day)).filter(
        lambda days: any(days.values())
    ).map(lambda days: Schedule(**days))


def _clock(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


_CHANNEL_SETS = st.frozensets(st.sampled_from(Channel), min_size=1)
_COUNTRY = st.sampled_from(COUNTRIES)
_ROLE = st.sampled_from(Role)


@st.composite
def contacts(
    draw: st.DrawFn,
    contact_id: str,
    *,
    healthy: bool = False,
    zone_names: tuple[str, ...] | None = None,
    countries: tuple[tuple[str, str | None], ...] | None = None,
) -> Contact:
    """A contact with a drawn zone, country, role, channels and hours."""
    country, subdivision = draw(_COUNTRY if countries is None else st.sampled_from(countries))
    return Contact(
        id=contact_id,
        name=contact_id.title(),
        role=draw(_ROLE),
        timezone=draw(zones() if zone_names is None else st.sampled_from(zone_names)),
        country=country,
        subdivision=subdivision,
        channels=draw(_CHANNEL_SETS),
        do_not_contact=False if healthy else draw(st.sampled_from([False, False, False, True])),
        working_hours=draw(working_hours()),
    )


@functools.cache
def durations(max_days: int, *, zero: bool = True) -> st.SearchStrategy[timedelta]:
    """Whole days (calendar), hours (elapsed), elapsed whole days, to the microsecond."""
    low = 0 if zero else 1
    return st.one_of(
        st.integers(low, max_days).map(lambda d: timedelta(days=d)),
        st.integers(low, max_days * 24).map(lambda h: timedelta(hours=h)),
        st.integers(low, max_days).map(lambda d: Elapsed(days=d)),
        st.integers(low, max_days * DAY // 1_000).map(
            lambda ms: Elapsed(microseconds=ms * 1_000 + ms % 997)
        ),
    )


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """Valid policies over their whole parameter space."""
    min_gap = draw(durations(14))
    if span_of(min_gap).days:
        max_gap = min_gap + timedelta(days=draw(st.integers(0, 40)))
    else:
        max_gap = min_gap + draw(durations(40))
    return Policy(
        min_gap=min_gap,
        backoff=draw(st.one_of(st.just(1.0), st.just(2.0), st.floats(1.0, 3.0))),
        max_gap=max_gap,
        max_unanswered=draw(st.integers(1, 5)),
        cool_off=draw(durations(40)),
        cap=draw(st.integers(1, 5)),
        cap_window=draw(durations(40, zero=False)),
        working_hours=draw(working_hours().filter(lambda h: h is not None))
        if draw(st.booleans())
        else WorkingHours(start="09:00", end="18:00"),
        schedules=draw(st.dictionaries(st.sampled_from([Channel.PHONE, Channel.MEETING]),
                                       working_hours().filter(lambda h: h is not None),
                                       max_size=1)),
        max_silence=timedelta(days=45),
        spacing=draw(st.one_of(st.just(timedelta(hours=4)), durations(2, zero=False))),
        settle_in=draw(durations(3)),
        presumed_away=draw(durations(14, zero=False)),
        caps=draw(st.lists(caps(), max_size=2, unique=True)),
    )


@functools.cache
def caps() -> st.SearchStrategy[Cap]:
    """Caps of every kind: rolling or by calendar period, per account or contact, per channel.

    Examples:
        >>> from hypothesis import find
        >>> find(caps(), lambda c: c.period is not None).count
        1
    """
    common = {
        "count": st.integers(1, 3),
        "scope": st.sampled_from(list(Scope)),
        "channel": st.sampled_from([None, Channel.EMAIL, Channel.PHONE]),
    }
    return st.one_of(
        st.builds(Cap, period=st.sampled_from(list(Period)), **common),
        st.builds(Cap, window=durations(30, zero=False), **common),
    )


@attrs.frozen(kw_only=True)
class World:
    """Everything ``Policy.check`` needs, and the proposal to check."""

    account: Account
    history: tuple[Touch, ...]
    ideas: tuple[Idea, ...]
    policy: Policy
    proposal: Proposal

    def check(self, **changes: Any) -> Verdict:
        """The verdict on the proposal, with ``changes`` applied to it."""
        proposal = attrs.evolve(self.proposal, **changes) if changes else self.proposal
        return self.policy.check(
            proposal, account=self.account, history=self.history, ideas=self.ideas
        )

    @property
    def now(self) -> pendulum.DateTime:
        """An instant to plan from: the proposal's, or the last touch's when later.

        ``plan`` refuses a history with touches after ``now`` (they have not
        happened), while a proposal may be checked before some touches.
        """
        latest = max(self.history, key=lambda t: t.at.timestamp(), default=None)
        if latest is not None and latest.at > self.proposal.at:
            return latest.at
        return self.proposal.at

    @property
    def contact(self) -> Contact:
        """The contact the proposal is for."""
        return self.account.contact(self.proposal.contact_id)


# Weighted so that opt-outs and bounces happen, but not in most worlds.
_INBOUND = [
    Outcome.REPLIED,
    Outcome.PENDING,
    Outcome.MEETING,
    Outcome.REPLIED,
    Outcome.DECLINED,
    Outcome.OUT_OF_OFFICE,
    Outcome.COMPLAINT,
    Outcome.RESOLVED,
    Outcome.OPTED_OUT,
]
_OUTBOUND = [
    Outcome.OUT_OF_OFFICE,
    Outcome.COMPLAINT,
    Outcome.NO_ANSWER,
    Outcome.PENDING,
    Outcome.NO_ANSWER,
    Outcome.REPLIED,
    Outcome.MEETING,
    Outcome.NO_ANSWER,
    Outcome.DECLINED,
    Outcome.BOUNCED,
    Outcome.OPTED_OUT,
    Outcome.PENDING,
]
_HEALTHY_OUTBOUND = [
    Outcome.REPLIED,
    Outcome.NO_ANSWER,
    Outcome.MEETING,
    Outcome.PENDING,
    Outcome.REPLIED,
    Outcome.DECLINED,
]


@st.composite
def idea_backlogs(
    draw: st.DrawFn, *, needs: frozenset[str], base: int, healthy: bool = False
) -> list[Idea]:
    """Ideas around ``base``: mostly relevant to ``needs``, some not ready, some stale."""
    backlog = []
    for i in range(draw(st.integers(1 if healthy else 0, 5))):
        available = draw(st.one_of(st.none(), st.integers(-20 * DAY, 40 * DAY)))
        expires = draw(st.one_of(st.none(), st.integers(-10 * DAY, 90 * DAY)))
        if available is not None and expires is not None and expires <= available:
            expires = None
        relevant = st.frozensets(st.sampled_from(sorted(needs)), min_size=1)
        backlog.append(
            Idea(
                id=f"idea{i}",
                summary=f"idea{i} summary",
                addresses=draw(
                    relevant
                    if healthy
                    else st.one_of(
                        relevant, st.frozensets(st.sampled_from((*NEEDS, "other")), max_size=2)
                    )
                ),
                available_from=None if available is None else from_us(base + available),
                expires_at=None if expires is None else from_us(base + expires),
                priority=draw(st.integers(0, 3)),
                repair=draw(st.integers(0, 4)) == 0,
                first_step=draw(st.integers(0, 2)) == 0,
                proof=draw(st.integers(0, 3)) == 0,
                differentiates=draw(st.integers(0, 4)) == 0,
            )
        )
    return backlog


@st.composite
def touch_histories(
    draw: st.DrawFn,
    *,
    account: Account,
    base: int,
    idea_ids: list[str],
    healthy: bool = False,
) -> list[Touch]:
    """Up to ten touches in the 90 days before ``base``, never two at one instant."""
    ids = [c.id for c in account.contacts]
    checkpoints = [c.id for c in account.agreed_checkpoints]
    offsets = draw(st.lists(st.integers(1, 90 * 24 * 60), max_size=10, unique=True))
    touches = []
    for minutes in offsets:
        direction = draw(st.sampled_from(Direction))
        outcome = draw(
            st.sampled_from(_INBOUND[:-1] if healthy else _INBOUND)
            if direction is Direction.INBOUND
            else st.sampled_from(_HEALTHY_OUTBOUND if healthy else _OUTBOUND)
        )
        at = base - minutes * MINUTE
        back = (
            draw(st.one_of(st.none(), st.integers(1, 30 * 24 * 60)))
            if outcome is Outcome.OUT_OF_OFFICE
            else None
        )
        touches.append(
            Touch(
                returns_at=None if back is None else from_us(at + back * MINUTE),
                at=from_us(at, draw(zones())),
                contact_id=draw(st.sampled_from(ids)),
                channel=draw(st.sampled_from(Channel)),
                direction=direction,
                outcome=outcome,
                idea_id=draw(
                    st.sampled_from([None, "old0", "old1", *idea_ids[:1]] if healthy else idea_ids)
                    | st.none()
                )
                if idea_ids
                else None,
                checkpoint_id=draw(st.one_of(st.none(), st.sampled_from(checkpoints)))
                if bool(checkpoints) and draw(st.booleans())
                else None,
            )
        )
    return touches


@st.composite
def proposals_for(
    draw: st.DrawFn,
    *,
    account: Account,
    base: int,
    idea_ids: list[str],
    healthy: bool = False,
) -> Proposal:
    """A proposal to one of the account's contacts, near ``base`` or a DST change."""
    target = draw(st.sampled_from(account.contacts))
    at = draw(
        st.one_of(
            st.integers(-2 * DAY, 60 * DAY).map(lambda d: base + d // MINUTE * MINUTE),
            instants_near(target.timezone, base),
        )
    )
    checkpoints = [c.id for c in account.agreed_checkpoints]
    return Proposal(
        at=from_us(at, target.timezone),
        contact_id=target.id,
        channel=draw(st.sampled_from(sorted(target.channels))),
        idea_id=draw(st.sampled_from(idea_ids if healthy else [None, *idea_ids, *idea_ids]))
        if idea_ids
        else None,
        checkpoint_id=draw(st.sampled_from([None, None, *checkpoints])) if checkpoints else None,
        reply=False if healthy else draw(st.sampled_from([False, False, True])),
    )


@st.composite
def account_of(
    draw: st.DrawFn,
    *,
    base: int | None = None,
    healthy: bool = False,
    zone_names: tuple[str, ...] | None = None,
    countries: tuple[tuple[str, str | None], ...] | None = None,
) -> tuple[Account, int]:
    """An account of one to three contacts, and an instant (µs) to build around."""
    ids = ["ana", "bob", "chloe"][: draw(st.integers(1, 3))]
    people = [
        draw(contacts(i, healthy=healthy, zone_names=zone_names, countries=countries)) for i in ids
    ]
    needs = draw(st.frozensets(st.sampled_from(NEEDS), min_size=1))
    if base is None:
        base = draw(instants_near(people[0].timezone))
    checkpoints = [
        Checkpoint(
            id=f"cp{i}",
            contact_id=draw(st.sampled_from(ids)),
            at=from_us(base + draw(st.integers(-10 * DAY, 40 * DAY)) // MINUTE * MINUTE),
            hold=draw(st.booleans()),
        )
        for i in range(draw(st.integers(0, 2)))
    ]
    if draw(st.integers(0, 3)) == 0:  # a series: a review the client agreed to
        checkpoints.append(Checkpoint(
            id="review",
            contact_id=draw(st.sampled_from(ids)),
            at=from_us(base + draw(st.integers(-60 * DAY, 20 * DAY)) // MINUTE * MINUTE),
            recurrence=f"FREQ={draw(st.sampled_from(['DAILY', 'WEEKLY', 'MONTHLY']))};"
                       f"INTERVAL={draw(st.integers(1, 3))};COUNT={draw(st.integers(1, 6))}",
        ))
    quiet = []
    for i in range(draw(st.integers(0, 1 if healthy else 2))):
        offset = draw(st.one_of(st.none(), st.integers(-20 * DAY, 30 * DAY)))
        start = None if offset is None else base + offset // MINUTE * MINUTE
        length = draw(st.integers(1, 40 * DAY // MINUTE)) * MINUTE
        quiet.append(QuietPeriod(
            id=f"quiet{i}",
            start=None if start is None else from_us(start),
            end=from_us((base if start is None else start) + length),
            contact_id=draw(st.one_of(st.none(), st.sampled_from(ids))),
        ))
    absences = []
    for i in range(draw(st.integers(0, 1))):
        start = base + draw(st.integers(-20 * DAY, 30 * DAY)) // MINUTE * MINUTE
        length = draw(st.integers(1, 30 * DAY // MINUTE)) * MINUTE
        absences.append(Absence(id=f"away{i}", contact_id=draw(st.sampled_from(ids)),
                                start=from_us(start), end=from_us(start + length)))
    tensions = []
    for i in range(draw(st.integers(0, 1))):
        opened = base + draw(st.integers(-30 * DAY, 20 * DAY)) // MINUTE * MINUTE
        lasts = draw(st.one_of(st.none(), st.integers(1, 30 * DAY // MINUTE)))
        tensions.append(Tension(
            id=f"tension{i}", opened_at=from_us(opened),
            resolved_at=None if lasts is None else from_us(opened + lasts * MINUTE),
            contact_id=draw(st.one_of(st.none(), st.sampled_from(ids)))))
    leaves = []
    for i in range(draw(st.integers(0, 2))):
        start = base + draw(st.integers(-20 * DAY, 30 * DAY)) // MINUTE * MINUTE
        length = draw(st.integers(1, 21 * DAY // MINUTE)) * MINUTE
        leaves.append(Leave(id=f"leave{i}", start=from_us(start), end=from_us(start + length),
                            covered_by=draw(st.sampled_from([None, None, "marc"]))))
    owner = Owner(id="julie", name="Julie", leaves=leaves) if draw(st.booleans()) else None
    account = Account(id="acme", name="Acme", needs=needs, contacts=people,
                      checkpoints=checkpoints, quiet_periods=quiet, absences=absences,
                      tensions=tensions, owner=owner,
                      qualification=draw(st.one_of(st.none(), qualifications(base=base))))
    return account, base


def assessments() -> st.SearchStrategy[Assessment]:
    """What is known of one V-E-N-D-U-E dimension."""
    return st.builds(Assessment, state=st.sampled_from(list(Knowledge)),
                     notes=st.sampled_from(["", "in their words"]))


@st.composite
def qualifications(draw: st.DrawFn, *, base: int) -> Qualification:
    """A qualification whose facts raise any subset of the red flags around ``base``."""
    lead = draw(st.one_of(st.none(), st.integers(1, 120).map(lambda d: timedelta(days=d))))
    deadline = draw(st.one_of(st.none(), st.integers(-10, 150)))
    return Qualification(
        **{name: draw(assessments()) for name in DIMENSIONS},
        budget=draw(st.sampled_from(list(Budget))),
        budget_notes=draw(st.sampled_from(["", "not so much a question of cost"])),
        incumbents=[Incumbent(name=f"provider{i}", scope=draw(st.sampled_from(["", "trainers"])))
                    for i in range(draw(st.integers(0, 2)))],
        process=draw(st.sampled_from(list(Process))),
        process_lead_time=lead,
        deadline=None if deadline is None else from_us(base + deadline * DAY),
    )


@st.composite
def worlds(draw: st.DrawFn, *, policy: Policy | None = None) -> World:
    """An account, its history, a backlog, a policy and a proposal near them.

    Half the worlds are *healthy*: nobody opted out, the proposal carries a
    relevant idea and is no reply, so that allowed verdicts are common; the
    other half go looking for trouble.
    """
    healthy = draw(st.sampled_from([True, False]))
    account, base = draw(account_of(healthy=healthy))
    ideas = draw(idea_backlogs(needs=account.needs, base=base, healthy=healthy))
    idea_ids = [i.id for i in ideas]
    history = draw(touch_histories(account=account, base=base, idea_ids=idea_ids, healthy=healthy))
    proposal = draw(proposals_for(account=account, base=base, idea_ids=idea_ids, healthy=healthy))
    return World(
        account=account,
        history=tuple(history),
        ideas=tuple(ideas),
        policy=policy if policy is not None else draw(policies()),
        proposal=proposal,
    )
