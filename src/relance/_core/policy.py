"""The policy: the rules' parameters, and ``check``."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any, NoReturn, cast

import attrs
import pendulum

from .calendar import WorkCalendar, calendar_of
from .caps import Cap
from .custom import Adapted, CustomRule
from .errors import (
    InvalidValueError,
    RelanceError,
    UnknownIdError,
    trim,
)
from .explain import PARAMS, Explanation, load_edges
from .frozen import SortedMap
from .history import History
from .inputs import backlog_of, checked_history, known_ids
from .instants import NEVER, micros, show, span_of, to_datetime
from .models import (
    Account,
    Channel,
    Contact,
    Idea,
    Proposal,
    Schedule,
    Touch,
    WorkingHours,
    check_hours,
    hours_at,
    to_working_hours,
)
from .rules import (
    BUILTIN_RULES,
    BeforeAgreedDate,
    CapRule,
    CheckpointMissed,
    ContactAway,
    Context,
    CoolingOff,
    FrequencyCap,
    NonWorkingDay,
    OutsideHours,
    OwnerAway,
    Rule,
    TensionOpen,
    TooSoon,
    UnansweredLimit,
    WorkingTime,
)
from .validation import (
    MAX_INT,
    check_str_set,
    digits,
    field_name,
    got,
    require,
    to_enum,
    to_str_set,
)
from .validation import (
    check_non_negative_duration as _non_negative,
)
from .validation import (
    check_positive_duration as _positive,
)
from .validation import (
    plain_duration as _plain,
)
from .verdict import Code, Reason, Verdict

if TYPE_CHECKING:  # only a type: the core reads no file
    from os import PathLike

__all__ = ["Policy"]

_REACH = frozenset({Code.BEFORE_AGREED_DATE.value, Code.CONTACT_AWAY.value,
                    Code.OWNER_AWAY.value, Code.OUTSIDE_HOURS.value,
                    Code.NON_WORKING_DAY.value})

# Enough for any real combination of rules; reaching it means a rule
# returned inconsistent lift instants.
_MAX_JUMPS = 10_000


def _check_caps(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        raise InvalidValueError(f"Policy.caps must be a sequence of Cap (got {value!r})",
                                field="Policy.caps", value=value)
    seen: dict[Cap, int] = {}
    for index, cap in enumerate(value):
        require(cap, Cap, f"Policy.caps[{index}]")
        if cap in seen:
            # Said twice, it would refuse twice with the same reason: a slip.
            raise InvalidValueError(
                f"Policy.caps[{index}] is the same cap as caps[{seen[cap]}]: give each cap once",
                field=f"Policy.caps[{index}]", value=cap)
        seen[cap] = index


#: How strongly red flags weigh on a plan, weakest first.
FLAG_WEIGHTS = ("report", "steer", "hold")


def _check_flag_weight(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in FLAG_WEIGHTS or not isinstance(value, str):
        raise InvalidValueError(
            f"Policy.flag_weight must be one of {', '.join(map(repr, FLAG_WEIGHTS))} "
            f"(got {trim(repr(value))})",
            field="Policy.flag_weight",
            value=value,
        )


def _at_least_one(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    name = field_name(instance, attribute)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        shown = digits(value) if isinstance(value, int) else repr(value)
        raise InvalidValueError(
            f"{name} must be an int of at least 1 (got {shown})", field=name, value=value
        )
    if value > MAX_INT:
        raise InvalidValueError(
            f"{name} must have at most 18 digits (got {digits(value)})", field=name,
            value=value,
        )


def _check_backoff(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    name = field_name(instance, attribute)
    huge = isinstance(value, int) and abs(value) > MAX_INT
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or huge
        or not math.isfinite(value)
        or value < 1
    ):
        shown = digits(value) if isinstance(value, int) else repr(value)
        raise InvalidValueError(
            f"{name} must be a finite number of at least 1 (and of at most 18 digits): the "
            "gap may grow, never "
            f"shrink (got {shown})",
            field=name,
            value=value,
        )


class ChannelHours(SortedMap[Channel, "WorkingHours | Schedule"]):
    """Working time by channel (``Policy.schedules``): read-only, hashable, picklable.

    Examples:
        >>> from relance import Policy
        >>> phone = Policy(schedules={"phone": ("10:00", "12:00")}).schedules
        >>> [c.value for c in phone], hash(phone) == hash(ChannelHours(dict(phone)))
        (['phone'], True)
    """

    __slots__ = ()

    @staticmethod
    def order(key: Any) -> Any:
        """Channels sort by their value."""
        return key.value


def _to_schedules(value: Any) -> Any:
    if not isinstance(value, Mapping):
        return value  # the validator refuses
    found: dict[Channel, WorkingHours | Schedule] = {}
    for key, hours in value.items():
        channel = to_enum(Channel)(key)
        if not isinstance(channel, Channel):
            raise InvalidValueError(
                f"Policy.schedules: unknown channel {trim(str(key))!r} (one of "
                f"{', '.join(c.value for c in Channel)})", field="Policy.schedules", value=key,
            )
        found[channel] = hours_at(f"Policy.schedules.{channel.value}")(hours)
    return ChannelHours(found)


def _check_schedules(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Mapping):
        raise InvalidValueError(
            "Policy.schedules must map channels to working hours or schedules, such as "
            f"{{'phone': {{'mon-fri': ['10:00-12:00', '14:00-17:00']}}}} ({got(value)})",
            field="Policy.schedules", value=value,
        )
    for hours in value.values():
        check_hours(instance, attribute, hours)


def _to_tuple(value: Any) -> Any:
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        return value
    return tuple(value)


def _check_custom(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    name = field_name(instance, attribute)
    items: tuple[object, ...] = require(value, tuple, name)
    seen: set[str] = set()
    for index, item in enumerate(items):
        rule = require(item, CustomRule, f"{name}[{index}]")
        if type(rule).refuses is CustomRule.refuses:
            raise InvalidValueError(
                f"{name}[{index}]: custom rule {rule.code!r} ({type(rule).__name__}) does "
                "not implement refuses(); a custom rule says when it refuses",
                field=f"{name}[{index}]",
                value=rule,
            )
        code = rule.code
        if not isinstance(code, str) or not code.strip():
            raise InvalidValueError(
                f"{name}[{index}].code: a custom rule needs a non-blank code (got {code!r})",
                field=f"{name}[{index}].code",
                value=code,
            )
        builtin = {c.value for c in Code}
        dropped: frozenset[str] = getattr(instance, "without", frozenset())
        if code in seen or (code in builtin and code not in dropped):
            raise InvalidValueError(
                f"{name}[{index}].code: {code!r} is already taken (drop the built-in rule "
                "with `without` to replace it)",
                field=f"{name}[{index}].code",
                value=code,
            )
        if code in PARAMS and code not in builtin:
            raise InvalidValueError(
                f"{name}[{index}].code: {code!r} is one of the library's explanation codes "
                "(see docs/explanations.md): choose another",
                field=f"{name}[{index}].code",
                value=code,
            )
        if rule.needs not in (None, "idea", "checkpoint", "reply"):
            raise InvalidValueError(
                f"{name}[{index}].needs must be None, 'idea', 'checkpoint' or 'reply' "
                f"(got {rule.needs!r})",
                field=f"{name}[{index}].needs",
                value=rule.needs,
            )
        seen.add(code)


def _check_without(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_str_set(instance, attribute, value)
    assert isinstance(value, frozenset)
    unknown = sorted(value - {c.value for c in Code})
    if unknown:
        raise InvalidValueError(
            f"Policy.without: unknown reason code{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(repr(trim(u)) for u in unknown)} (see relance.Code)",
            field="Policy.without",
            value=unknown[0],
        )


@attrs.frozen(kw_only=True)
class Policy:
    """The rules of presence without pressure, with their parameters.

    Attributes:
        min_gap: the gap between two outbound touches at an account when the
            last one was answered (default 7 days).
        backoff: the factor by which the gap grows with each consecutive
            unanswered outbound touch (default 2: 7, 14, 28 days…).
        max_gap: the cap of that growth (default 42 days).
        max_unanswered: unanswered outbound touches in a row after which a
            contact is paused until they answer (default 3).
        cool_off: how long to leave an account alone after it declined
            (default 30 days).
        cap: outbound touches allowed at an account in ``cap_window``
            (default 3).
        cap_window: the rolling window of the cap (default 30 days).
        working_hours: the contacts' working time unless a contact has its
            own: :class:`WorkingHours` (default 09:00-18:00; a pair such as
            ``("08:30", "17:00")`` is accepted) or a weekly
            :class:`~relance.Schedule` (or its mapping form, such as
            ``{"mon-thu": ["09:00-12:00", "14:00-18:00"], "fri": ["09:00-12:00"]}``).
        max_silence: the longest silence the planner tolerates before it
            asks for a new idea (default 45 days).
        spacing: the least time between two outbound touches to one
            contact, whatever they carry, checkpoints included (a reply
            excepted), counted in elapsed time (default 4 hours): never two at
            one instant, and an agreed call is not stacked on an email of the
            same morning.  Ideas keep the larger gap of ``min_gap`` anyway.
        settle_in: how long after a contact is back from an absence before
            they are contacted (default 1 day).
        presumed_away: how long an out-of-office reply that names no return
            date keeps the contact away (default 7 days).
        checkpoint_grace: how long after its agreed time a checkpoint not kept
            is still kept, at the next allowed slot (default 7 days); later it
            is missed (``checkpoint-missed``) and the plan advises agreeing a
            new date.
        caps: more caps, besides ``cap``/``cap_window`` (which stay one
            account-wide rolling cap): per channel, per contact, by rolling
            window or calendar period (:class:`~relance.Cap`).  Every cap
            holds; each that refuses is its own ``frequency-cap`` reason.  A
            cap given twice is refused.
        schedules: working time of one channel, by channel (for example calls
            only ``{"mon-fri": ["10:00-12:00", "14:00-17:00"]}``): a proposal
            on that channel must also fall in it, on top of the contact's own
            working time (both hold: the times they share).
        flag_weight: how strongly the red flags of the account's
            qualification weigh on the plan: ``report`` (listed in
            :attr:`Plan.flags`, nothing else), ``steer`` (the default: also
            lighter first steps first with a budget or scope flag, advice to
            map who decides before the next selling idea, to differentiate
            from an incumbent) or ``hold`` (also: while a budget, scope or
            decision-map flag stands, only lighter first steps go out).
            Whatever the weight, flags never make a plan more pressing: no
            more relances than without them, none sooner.
        silence_tolerance: how long outbound touches may stay unanswered
            before the account counts as silent and the plan offers readings
            of that silence (:attr:`Plan.hypotheses`; default 21 days).
        rules: rules of your own (:class:`~relance.CustomRule`), checked after
            the built-in ones; code, not data (left out of JSON).
        without: codes of built-in rules to drop (to replace them with your
            own; a policy without ``no-new-idea`` is no longer "never pushy").

    A duration that is a whole number of days counts **calendar days in the
    contact's zone** (seven days after Monday 10:00 is the next Monday 10:00,
    across DST changes); any other duration counts **elapsed time**.  A gap
    that starts in days grows in whole days, so ``max_gap`` must then be
    whole days too.

    Examples:
        >>> from datetime import timedelta
        >>> Policy().min_gap
        datetime.timedelta(days=7)
        >>> Policy(min_gap=timedelta(days=-1))
        Traceback (most recent call last):
        ...
        relance._core.errors.InvalidValueError: Policy.min_gap must be zero or more (got ...)
    """

    min_gap: timedelta = attrs.field(
        default=timedelta(days=7), converter=_plain, validator=_non_negative
    )
    backoff: float = attrs.field(default=2.0, validator=_check_backoff)
    max_gap: timedelta = attrs.field(
        default=timedelta(days=42), converter=_plain, validator=_non_negative
    )
    max_unanswered: int = attrs.field(default=3, validator=_at_least_one)
    cool_off: timedelta = attrs.field(
        default=timedelta(days=30), converter=_plain, validator=_non_negative
    )
    cap: int = attrs.field(default=3, validator=_at_least_one)
    cap_window: timedelta = attrs.field(
        default=timedelta(days=30), converter=_plain, validator=_positive
    )
    working_hours: WorkingHours | Schedule = attrs.field(
        default=WorkingHours(start="09:00", end="18:00"),
        converter=to_working_hours,
        validator=check_hours,
    )
    max_silence: timedelta = attrs.field(
        default=timedelta(days=45), converter=_plain, validator=_positive
    )
    spacing: timedelta = attrs.field(
        default=timedelta(hours=4), converter=_plain, validator=_positive
    )
    settle_in: timedelta = attrs.field(
        default=timedelta(days=1), converter=_plain, validator=_non_negative
    )
    presumed_away: timedelta = attrs.field(
        default=timedelta(days=7), converter=_plain, validator=_positive
    )
    checkpoint_grace: timedelta = attrs.field(
        default=timedelta(days=7), converter=_plain, validator=_positive
    )
    caps: tuple[Cap, ...] = attrs.field(default=(), converter=_to_tuple, validator=_check_caps)
    schedules: Mapping[Channel, WorkingHours | Schedule] = attrs.field(
        factory=ChannelHours, converter=_to_schedules,
        validator=_check_schedules,
    )
    flag_weight: str = attrs.field(default="steer", validator=_check_flag_weight)
    silence_tolerance: timedelta = attrs.field(
        default=timedelta(days=21), converter=_plain, validator=_positive
    )
    rules: tuple[CustomRule, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_check_custom, metadata={"json": False}
    )
    without: frozenset[str] = attrs.field(
        factory=frozenset, converter=to_str_set, validator=_check_without
    )
    _rules: tuple[Rule, ...] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _gap_rule: TooSoon = attrs.field(init=False, repr=False, eq=False, hash=False)
    # The rules that apply, by what a proposal carries (idea, checkpoint, reply).
    _applicable: dict[tuple[bool, bool, bool], tuple[Rule, ...]] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        if self.max_gap < self.min_gap:
            raise InvalidValueError(
                f"Policy.max_gap {show(self.max_gap)} must be at least min_gap "
                f"{show(self.min_gap)}",
                field="Policy.max_gap",
                value=self.max_gap,
            )
        min_gap, max_gap = span_of(self.min_gap), span_of(self.max_gap)
        if min_gap.days and not max_gap.days:
            raise InvalidValueError(
                f"Policy.max_gap must be whole days when min_gap is (got {show(self.max_gap)}): "
                "a gap counted in calendar days cannot be capped in hours",
                field="Policy.max_gap",
                value=self.max_gap,
            )
        gap_rule = TooSoon(min_gap, float(self.backoff), max_gap, micros(self.spacing))
        builtin = (
            *BUILTIN_RULES,
            CheckpointMissed(span_of(self.checkpoint_grace)),
            gap_rule,
            UnansweredLimit(self.max_unanswered),
            CoolingOff(span_of(self.cool_off)),
            FrequencyCap(self.cap, span_of(self.cap_window)),
            *(CapRule(cap) for cap in self.caps),
            BeforeAgreedDate(),
            ContactAway(span_of(self.settle_in), span_of(self.presumed_away)),
            OwnerAway(),
            TensionOpen(),
            OutsideHours(),
            NonWorkingDay(),
        )
        rules = (
            *(r for r in builtin if r.code not in self.without),
            *(Adapted(custom, index) for index, custom in enumerate(self.rules)),
        )
        object.__setattr__(self, "_rules", rules)
        object.__setattr__(self, "_gap_rule", gap_rule)
        applicable = {}
        for idea in (False, True):
            for checkpoint in (False, True):
                for reply in (False, True):
                    carried = {"idea": idea, "checkpoint": checkpoint, "reply": reply}
                    applicable[idea, checkpoint, reply] = tuple(
                        r for r in rules if r.needs is None or carried[r.needs]
                    )
        object.__setattr__(self, "_applicable", applicable)

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Policy:
        """A policy from plain data, as stored in a file or sent by an API.

        Durations are ISO 8601 strings (``"P7D"``, ``"PT36H"``); working hours
        ``{"start": "09:00", "end": "18:00"}``.  Missing keys take their
        default; an unknown key is refused, since a typo must not silently
        fall back to a default.

        Examples:
            >>> Policy.from_dict({"min_gap": "P5D", "cap": 4}).min_gap.days
            5
            >>> Policy.from_dict({"min_gapp": "P5D"})
            Traceback (most recent call last):
            ...
            relance._core.errors.InvalidValueError: invalid Policy: min_gapp: unknown field...
        """
        return cast("Policy", _edge("from_dict")(data))

    @classmethod
    def from_toml(cls, path: str | PathLike[str]) -> Policy:
        """A policy from a TOML file: its top-level keys, or its ``[policy]`` table."""
        return cast("Policy", _edge("from_toml")(path))

    def to_dict(self) -> dict[str, object]:
        """The policy as plain data (the inverse of :meth:`from_dict`).

        Examples:
            >>> Policy().to_dict()["min_gap"]
            'P7D'
        """
        return cast("dict[str, object]", _edge("to_dict")(self))

    @property
    def enforced_rules(self) -> tuple[Rule, ...]:
        """Every rule this policy enforces, built-in then custom, in the order of reasons."""
        return self._rules

    def required_gap(self, unanswered: int) -> timedelta:
        """The gap required after ``unanswered`` consecutive unanswered touches.

        Examples:
            >>> [Policy().required_gap(n).days for n in range(5)]
            [7, 14, 28, 42, 42]
        """
        if isinstance(unanswered, bool) or not isinstance(unanswered, int) or unanswered < 0:
            raise InvalidValueError(
                f"unanswered must be an int of at least 0 (got {unanswered!r})",
                field="unanswered",
                value=unanswered,
            )
        return self._gap_rule.gap(unanswered).to_timedelta()

    def check(
        self,
        proposal: Proposal,
        *,
        account: Account,
        history: History | Iterable[Touch],
        ideas: Iterable[Idea] | Mapping[str, Idea],
    ) -> Verdict:
        """Whether a proposed follow-up may happen, why not, and from when.

        Every rule is asked; the verdict lists every refusal with its code,
        message and lift instant.  ``earliest`` is exact: the same proposal is
        allowed at ``earliest`` and at no instant from ``proposal.at`` up to
        it; ``None`` means no passage of time helps (no idea, an idea already
        shared, an opted-out contact, a contact paused until they answer…).

        Args:
            proposal: the contact to make.
            account: the account, with its contacts, needs and checkpoints.
            history: the account's touches, as a prebuilt :class:`History`
                (fastest when checking many proposals) or any sequence.
            ideas: the idea backlog (ideas already shared may be left out);
                fastest as a mapping by id or a tuple, whose index is kept.

        Raises:
            UnknownIdError: the proposal names a contact, idea or checkpoint
                the account or backlog does not have, a touch names a contact or
                checkpoint the account does not have, or an idea is meant for an
                unknown contact (a touch may name an idea already shared that
                the backlog left out).
            InvalidValueError: an argument is not of the expected type, or
                two ideas share an id.

        Examples:
            >>> import pendulum
            >>> from relance import Account, Contact, Idea, Proposal
            >>> ana = Contact(id="ana", name="Ana", role="decision_maker",
            ...               timezone="Europe/Paris", country="FR")
            >>> acme = Account(id="acme", name="Acme", needs={"onboarding"}, contacts=[ana])
            >>> pilot = Idea(id="pilot", summary="A two-week pilot", addresses={"onboarding"})
            >>> sunday = pendulum.datetime(2026, 11, 22, 10, tz="Europe/Paris")
            >>> verdict = Policy().check(
            ...     Proposal(at=sunday, contact_id="ana", channel="phone", idea_id="pilot"),
            ...     account=acme, history=[], ideas=[pilot])
            >>> verdict.allowed, verdict.codes
            (False, ('non-working-day',))
            >>> verdict.earliest.isoformat()
            '2026-11-23T09:00:00+01:00'
        """
        if not isinstance(proposal, Proposal):  # inline: this is the hot path
            require(proposal, Proposal, "proposal")
        if not isinstance(account, Account):
            require(account, Account, "account")
        backlog = backlog_of(ideas)
        hist = checked_history(history, account, backlog, ideas)
        contact = account._by_id.get(proposal.contact_id)
        if contact is None:
            _unknown(account, "contact", proposal.contact_id)
        idea = None if proposal.idea_id is None else _find_idea(backlog, proposal.idea_id)
        checkpoint = None
        if proposal.checkpoint_id is not None:
            checkpoint = account._checkpoint_by_id.get(proposal.checkpoint_id)
            if checkpoint is None:
                _unknown(account, "checkpoint", proposal.checkpoint_id)
        ctx = Context(
            account=account,
            history=hist,
            contact=contact,
            channel=proposal.channel,
            idea=idea,
            checkpoint=checkpoint,
            reply=proposal.reply,
            calendar=self.calendar(contact, proposal.channel),
            text=proposal.text,
        )
        rules = self._applicable[idea is not None, checkpoint is not None, proposal.reply]
        return _evaluate(rules, ctx, proposal)

    def calendar(self, contact: Contact, channel: Channel) -> WorkCalendar:
        """The working calendar of a contact on a channel (internal).

        The contact's own working time (the policy's when they have none),
        narrowed by the channel's schedule when the policy gives one.
        """
        return calendar_of(contact, self.working_hours, self.schedules.get(channel))

    @property
    def reach_rules(self) -> tuple[Rule, ...]:
        """The rules that say when a contact can be reached at all (internal).

        Quiet periods, absences (the contact's, and the owner's leaves nobody
        covers) and working time: what an ``IdeaNeeded``'s date must respect.
        """
        return tuple(r for r in self._rules if r.code in _REACH)

    def applicable_rules(self, *, idea: bool, checkpoint: bool, reply: bool) -> tuple[Rule, ...]:
        """The rules that have something to say about such a proposal (internal)."""
        return self._applicable[idea, checkpoint, reply]


# Reading and writing policies as data is an edge's work (serialization);
# the edge registers itself here when it is imported (``import relance`` does
# it), so the core never imports an edge.
_EDGES: dict[str, Callable[..., object]] = {}


def register_edge(name: str, function: Callable[..., object]) -> None:
    """Register the edge that implements ``Policy.from_dict``/``from_toml``/``to_dict``."""
    _EDGES[name] = function


def _edge(name: str) -> Callable[..., object]:
    if name not in _EDGES:
        load_edges()
    try:
        return _EDGES[name]
    except KeyError:  # pragma: no cover - ``import relance`` registers them
        raise RelanceError(
            f"Policy.{name} needs relance's serialization: import relance first",
            field=f"Policy.{name}",
        ) from None


def _unknown(account: Account, what: str, given: str) -> NoReturn:
    known = account._by_id if what == "contact" else account._checkpoint_by_id
    raise UnknownIdError(
        f"proposal.{what}_id: unknown {what} id {given!r} (account {account.id!r} has: "
        f"{known_ids(known)})",
        field=f"proposal.{what}_id",
        value=given,
    )


def _find_idea(backlog: Mapping[str, Idea], idea_id: str) -> Idea:
    found = backlog.get(idea_id)
    if found is None:
        raise UnknownIdError(
            f"proposal.idea_id: unknown idea id {idea_id!r} (the backlog has: "
            f"{known_ids(backlog)})",
            field="proposal.idea_id",
            value=idea_id,
        )
    # checked_history has refused a backlog whose values are not its ideas under their ids.
    return found


def settle(rules: tuple[Rule, ...], ctx: Context, at: int) -> tuple[int, list[Rule]]:
    """The earliest instant from ``at`` on at which every rule allows (NEVER if none).

    Also returns the rules that moved it, in order: the chain that explains
    the instant ("after the gap, then the next working slot").
    """
    chain: list[Rule] = []
    promised: dict[Rule, int] = {}  # custom rules: the lift each one last gave
    for _ in range(_MAX_JUMPS):
        worst: int | None = None
        worst_rule: Rule | None = None
        for rule in rules:
            lift = rule.refuses(ctx, at)
            if lift is not None and promised.get(rule) == at and isinstance(rule, Adapted):
                raise InvalidValueError(
                    f"{rule.field}: custom rule {rule.code!r} refuses at the very instant it "
                    f"said it would lift ({to_datetime(at, ctx.contact.zone).isoformat()}): "
                    "refuses() must return when the refusal ends, or NEVER",
                    field=rule.field,
                    value=rule.custom,
                )
            if lift is not None:
                if isinstance(rule, Adapted):
                    promised[rule] = lift
                # Built-in rules lift later than they refuse; custom ones are
                # held to it by Adapted.refuses (an InvalidValueError naming them).
                assert lift > at, f"rule {rule!r} refused at {at} and lifted no later"
                if worst is None or lift > worst:
                    worst, worst_rule = lift, rule
                    if worst >= NEVER:
                        chain.append(rule)
                        return NEVER, chain
        if worst is None:
            return at, chain
        assert worst_rule is not None
        # A timeless rule that allowed once allows at every instant: not asked again.
        rules = _timed(rules)
        if isinstance(worst_rule, WorkingTime) and _both_working_time(rules):
            # Working time is the calendar's: jump to its next opening at once
            # (the two working-time rules alone could take turns for ever when a
            # schedule only opens on the country's days off).  Only when both
            # hold: without one of them, the calendar's opening is not the rule.
            worst = max(worst, ctx.opening(at))
            if worst >= NEVER:
                chain.append(worst_rule)
                return NEVER, chain
        chain.append(worst_rule)
        at = worst
    raise RelanceError(  # pragma: no cover - a safety net, not a behaviour
        f"no settled earliest instant after {_MAX_JUMPS} jumps", field="earliest", value=at
    )


@functools.lru_cache(maxsize=256)
def _timed(rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
    """The rules whose answer may change with the instant."""
    return tuple(r for r in rules if not r.timeless)


@functools.lru_cache(maxsize=256)
def _both_working_time(rules: tuple[Rule, ...]) -> bool:
    """Whether both working-time rules are among ``rules`` (neither dropped with ``without``)."""
    return {Code.OUTSIDE_HOURS.value, Code.NON_WORKING_DAY.value} <= {
        r.code for r in rules if isinstance(r, WorkingTime)}


def _reason(why: Explanation, lifts_at: pendulum.DateTime | None) -> Reason:
    return Reason(code=why.code, params=why.params, message=why.text, lifts_at=lifts_at)


def _evaluate(rules: tuple[Rule, ...], ctx: Context, proposal: Proposal) -> Verdict:
    start = proposal._us
    zone = ctx.contact.zone
    refusals = [(rule, lift) for rule in rules if (lift := rule.refuses(ctx, start)) is not None]
    if not refusals:
        return Verdict(allowed=True, earliest=to_datetime(start, zone, proposal.at))
    reasons = tuple(
        _reason(rule.explain(ctx, start, lift), None if lift >= NEVER else to_datetime(lift, zone))
        for rule, lift in refusals
    )
    at = max(lift for _, lift in refusals)
    if at < NEVER:  # every timeless rule allowed (one that refuses, refuses for ever)
        at, _ = settle(_timed(rules), ctx, at)
    earliest = None if at >= NEVER else to_datetime(at, zone)
    return Verdict(allowed=False, reasons=reasons, earliest=earliest)
