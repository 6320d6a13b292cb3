"""The domain model: accounts, contacts, ideas, touches, proposals, agreed dates.

Agreed dates are the relationship's: checkpoints the client agreed to, quiet
periods it asked for, absences of its contacts.

Every model is a frozen, slotted, keyword-only attrs class, validated at
construction: a bad value raises one :class:`~relance.RelanceError` naming
the field and the value.  Change a model with :func:`attrs.evolve`.

All instants are aware :class:`pendulum.DateTime` objects (an aware stdlib
``datetime`` is accepted and converted); a naive datetime is refused.
"""

from __future__ import annotations

import functools
import itertools
import re
import zoneinfo
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Final, NamedTuple
from zoneinfo import ZoneInfo

import attrs
import dateutil.rrule
import pendulum

if TYPE_CHECKING:
    import holidays

from .errors import (
    InvalidValueError,
    UnknownCountryError,
    UnknownIdError,
    UnknownTimezoneError,
    trim,
)
from .instants import MIN_US, NEVER, in_range, to_datetime, to_us
from .qualification import Qualification
from .schedule import Schedule, WorkingHours, rehome, to_hours
from .validation import (
    RANGE_TEXT,
    StrEnum,
    check_aware,
    check_bool,
    check_enum,
    check_id,
    check_int,
    check_optional_aware,
    check_optional_id,
    check_optional_text,
    check_str,
    check_str_set,
    field_name,
    got,
    index_by_id,
    instance_of,
    to_enum,
    to_instant,
    to_optional_instant,
    to_str_set,
)

__all__ = [
    "Absence",
    "Account",
    "Channel",
    "Checkpoint",
    "Contact",
    "Direction",
    "Idea",
    "Leave",
    "Outcome",
    "Owner",
    "Proposal",
    "QuietPeriod",
    "Role",
    "Schedule",
    "Tension",
    "Touch",
    "WorkingHours",
]


_StrEnum = StrEnum


class Role(_StrEnum):
    """A contact's part in the buying decision.

    Examples:
        >>> Role("decision_maker")
        <Role.DECISION_MAKER: 'decision_maker'>
    """

    DECISION_MAKER = "decision_maker"
    CHAMPION = "champion"
    INFLUENCER = "influencer"
    GATEKEEPER = "gatekeeper"
    USER = "user"


class Channel(_StrEnum):
    """How a touch reaches a contact.

    Examples:
        >>> str(Channel.EMAIL)
        'email'
    """

    EMAIL = "email"
    PHONE = "phone"
    MEETING = "meeting"
    VIDEO = "video"
    MESSAGE = "message"


class Direction(_StrEnum):
    """Who started a touch: we (outbound) or the contact (inbound).

    Examples:
        >>> Direction.INBOUND.value
        'inbound'
    """

    OUTBOUND = "outbound"
    INBOUND = "inbound"


class Outcome(_StrEnum):
    """What came of a touch.

    For an outbound touch: ``pending`` (no answer yet) and ``no_answer`` count
    as unanswered; ``replied``, ``meeting``, ``declined`` and ``opted_out`` are
    answers; ``bounced`` means it never reached the contact on that channel.
    An inbound touch is always an answer from the contact; it cannot be
    ``no_answer`` or ``bounced``.

    ``complaint`` opens a tension (a complaint, an escalation, "if this is not
    fixed we will end the collaboration") and ``resolved`` closes the tensions
    open before it: both are answers from the contact (see ``tension-open``).

    ``out_of_office`` is an automatic out-of-office reply, to an outbound
    touch or recorded as an inbound one: neither an answer nor a silence.  It
    does not reset nor grow the backoff, does not count toward the unanswered
    limit, and awaits no answer; the contact is away until
    :attr:`Touch.returns_at` (see ``contact-away``).

    Examples:
        >>> Outcome.NO_ANSWER == "no_answer"
        True
    """

    PENDING = "pending"
    NO_ANSWER = "no_answer"
    REPLIED = "replied"
    MEETING = "meeting"
    DECLINED = "declined"
    BOUNCED = "bounced"
    OPTED_OUT = "opted_out"
    OUT_OF_OFFICE = "out_of_office"
    COMPLAINT = "complaint"
    RESOLVED = "resolved"


ALL_CHANNELS = frozenset(Channel)


def _to_role(value: Role | str) -> Role:
    return to_enum(Role)(value)  # type: ignore[no-any-return]


def _to_optional_role(value: Role | str | None) -> Role | None:
    if value is None:
        return None
    role = to_enum(Role)(value)
    if not isinstance(role, Role):
        allowed = ", ".join(repr(m.value) for m in Role)
        raise InvalidValueError(
            f"Idea.role must be None or one of {allowed} (got {value!r})",
            field="Idea.role",
            value=value,
        )
    return role


def _to_channel(value: Channel | str) -> Channel:
    return to_enum(Channel)(value)  # type: ignore[no-any-return]


def _to_direction(value: Direction | str) -> Direction:
    return to_enum(Direction)(value)  # type: ignore[no-any-return]


def _to_outcome(value: Outcome | str) -> Outcome:
    return to_enum(Outcome)(value)  # type: ignore[no-any-return]


@functools.cache
def _iana_names() -> frozenset[str]:
    # The IANA names, not the files around them: "localtime", "posixrules",
    # "posix/…" or "right/…" (leap seconds) depend on the machine.  The tzdata
    # package lists them (a quarter of a millisecond); walking the system's
    # zone files, as available_timezones() does, takes some 60 ms.
    try:
        import importlib.resources

        listed = importlib.resources.files("tzdata").joinpath("zones").read_text("utf-8")
        names = frozenset(listed.split())
    except (ImportError, OSError):  # pragma: no cover - no tzdata package: the system's
        names = frozenset(zoneinfo.available_timezones())
    return names - {"localtime", "posixrules", "Factory"}


def known_zone(name: str) -> ZoneInfo:
    """The zone of an IANA name, or :class:`~relance.UnknownTimezoneError` (field ``timezone``)."""
    return _zone(name)


@functools.cache
def _zone(name: str) -> ZoneInfo:
    try:
        if name not in _iana_names():
            raise ValueError(name)
        tz = pendulum.timezone(name)
    except (ValueError, LookupError, OSError) as exc:
        raise UnknownTimezoneError(
            f"unknown time zone {trim(name)!r}: give an IANA name such as 'Europe/Paris'",
            field="timezone",
            value=name,
        ) from exc
    assert isinstance(tz, ZoneInfo)  # a name never gives a fixed offset
    return ZoneInfo(name)


@functools.cache
def _country_codes() -> frozenset[str]:
    """The country codes the holidays package knows, without loading every country.

    ``holidays.list_supported_countries`` imports each country's module to
    list its subdivisions (some 70 ms); the registry has the codes.
    """
    import holidays  # on the first contact: importing it costs some 40 ms

    try:
        from holidays.registry import EntityLoader

        return frozenset(EntityLoader.get_country_codes(True))
    except (ImportError, AttributeError, TypeError):  # pragma: no cover - another holidays
        return frozenset(holidays.list_supported_countries())


@functools.lru_cache(maxsize=1024)
def country_holidays(country: str, subdivision: str | None) -> holidays.HolidayBase:
    """The (lazily expanded) public holidays of a country and subdivision.

    One object per country and subdivision, shared by every contact and
    calendar there: building one costs a millisecond (its translations are
    loaded), and it only ever grows by the years asked of it.
    """
    if not (len(country) == 2 and country.isascii() and country.isupper()) or (
        country not in _country_codes()
    ):
        raise UnknownCountryError(
            f"unknown country {trim(country)!r}: give an ISO 3166-1 alpha-2 code that the "
            "holidays package knows, such as 'FR'",
            field="country",
            value=country,
        )
    import holidays

    try:
        found = holidays.country_holidays(country, subdiv=subdivision)
        # Holiday names are data (a reason's parameter, written to JSON): in
        # the country's own language, never in whatever the environment's
        # locale variables pick (the holidays package reads them otherwise).
        language = getattr(found, "default_language", None)
        if language:
            found = holidays.country_holidays(country, subdiv=subdivision, language=language)
        return found
    except NotImplementedError:
        raise UnknownCountryError(
            f"unknown subdivision {trim(subdivision)!r} of {country!r}: give a subdivision "
            "code that the holidays package knows",
            field="subdivision",
            value=subdivision,
        ) from None


def _set_hidden(instance: object, name: str, value: object) -> None:
    object.__setattr__(instance, name, value)


def _check_timezone(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_str(instance, attribute, value)
    try:
        _zone(str(value))
    except UnknownTimezoneError as exc:
        name = field_name(instance, attribute)
        raise UnknownTimezoneError(f"{name}: {exc.message}", field=name, value=value) from None


def _check_channels(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    name = field_name(instance, attribute)
    if not isinstance(value, frozenset) or not value:
        got = "an empty collection" if isinstance(value, frozenset) else repr(value)
        raise InvalidValueError(
            f"{name} must be a non-empty collection of channels (got {got})",
            field=name,
            value=value,
        )
    for item in value:
        check_enum(Channel)(instance, attribute, item)


def _to_channels(value: Any) -> Any:
    if isinstance(value, (str, bytes, Mapping)) or not hasattr(value, "__iter__"):
        return value
    return frozenset(to_enum(Channel)(item) for item in value)


def hours_at(where: str) -> Any:
    """A converter of working time for the field ``where``, naming it in errors.

    ``("09:00", "18:00")`` becomes ``WorkingHours``, ``{"mon-fri": [...]}`` a
    ``Schedule``; ``None`` stays ``None`` (the field's validator decides).
    """

    def convert(value: object) -> Any:
        if value is None:
            return None
        try:
            return to_hours(value)
        except InvalidValueError as exc:
            raise rehome(exc, where) from None

    return convert


def to_working_hours(value: object) -> Any:
    """``("09:00", "18:00")`` as ``WorkingHours``, ``{"mon-fri": [...]}`` as ``Schedule``."""
    return hours_at("Policy.working_hours")(value)


def _contact_hours(value: object) -> Any:
    return hours_at("Contact.working_hours")(value)


def check_hours(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse anything but ``WorkingHours`` or a ``Schedule``."""
    if not isinstance(value, (WorkingHours, Schedule)):
        name = field_name(instance, attribute)
        raise InvalidValueError(
            f"{name} must be working hours such as ('09:00', '18:00') or a weekly schedule "
            f"such as {{'mon-fri': ['09:00-12:00', '14:00-18:00']}} ({got(value)})",
            field=name, value=value,
        )


def _check_working_hours(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        check_hours(instance, attribute, value)


@attrs.frozen(kw_only=True)
class Contact:
    """A person at the account.

    Attributes:
        id: unique within the account.
        name: for people to read.
        role: their part in the decision (:class:`Role` or its value).
        timezone: an IANA zone name; every local rule is computed in it.
        country: ISO 3166-1 alpha-2 code, for weekends and public holidays.
        subdivision: a state or region code the ``holidays`` package knows.
        channels: the channels this contact uses (all by default).
        do_not_contact: set when the contact must never be contacted.
        working_hours: their working time: ``WorkingHours`` (or a pair such
            as ``("08:30", "17:00")``), or a weekly :class:`Schedule` (or its
            mapping form ``{"mon-thu": ["09:00-12:00", "14:00-18:00"]}``);
            the policy's when ``None``.
        allocates_budget: set for the person who allocates the budget, whatever
            their role (a finance director who is not the decision maker).
            Who decides and who allocates the budget are the people the
            planner turns to after a refusal by someone without authority.

    Examples:
        >>> ana = Contact(id="ana", name="Ana Diaz", role="decision_maker",
        ...               timezone="Europe/Madrid", country="ES")
        >>> ana.role
        <Role.DECISION_MAKER: 'decision_maker'>
        >>> Contact(id="x", name="X", role="user", timezone="Mars/Olympus", country="FR")
        Traceback (most recent call last):
        ...
        relance._core.errors.UnknownTimezoneError: Contact.timezone: unknown time zone...
    """

    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_str)
    role: Role = attrs.field(converter=_to_role, validator=check_enum(Role))
    timezone: str = attrs.field(validator=_check_timezone)
    country: str = attrs.field(validator=check_id)
    subdivision: str | None = attrs.field(default=None, validator=check_optional_id)
    channels: frozenset[Channel] = attrs.field(
        default=ALL_CHANNELS, converter=_to_channels, validator=_check_channels
    )
    do_not_contact: bool = attrs.field(default=False, validator=check_bool)
    working_hours: WorkingHours | Schedule | None = attrs.field(
        default=None, converter=_contact_hours, validator=_check_working_hours
    )
    allocates_budget: bool = attrs.field(default=False, validator=check_bool)
    _zone: ZoneInfo = attrs.field(init=False, repr=False, eq=False, hash=False)
    # Working calendars by ids of the hours they use (see calendar_of).
    _calendars: dict[tuple[int, int], tuple[Any, Any, Any]] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        _set_hidden(self, "_calendars", {})
        try:
            country_holidays(self.country, self.subdivision)
        except UnknownCountryError as exc:
            field = "Contact.country" if self.subdivision is None else "Contact.subdivision"
            raise UnknownCountryError(
                f"{field}: {exc.message}", field=field, value=exc.value
            ) from None
        _set_hidden(self, "_zone", _zone(self.timezone))

    @property
    def zone(self) -> ZoneInfo:
        """The contact's zone as a ``zoneinfo.ZoneInfo``."""
        return self._zone

    @property
    def has_authority(self) -> bool:
        """Whether they decide (role ``decision_maker``) or allocate the budget."""
        return self.role is Role.DECISION_MAKER or self.allocates_budget


def _check_recurrence(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not value.strip():
        name = field_name(instance, attribute)
        raise InvalidValueError(
            f"{name} must be an RFC 5545 recurrence rule such as "
            f"'FREQ=MONTHLY;INTERVAL=3;COUNT=4', or None ({got(value)})",
            field=name, value=value,
        )


@attrs.frozen(kw_only=True)
class Checkpoint:
    """A moment the client agreed to ("call me after the committee on 15 January").

    A proposal at a checkpoint (at or after its time, to its contact, once)
    needs no new idea, and is allowed whatever quiet periods say: the client
    agreed to it.  ``hold=True`` is shorthand for a :class:`QuietPeriod` of the
    whole account that ends at ``at`` and has no start (the client asked for
    no contact *before* the checkpoint): ``before-agreed-date`` then applies to
    every other proposal at the account until ``at``.  A quiet period that
    does not start now (or that concerns one contact) is a ``QuietPeriod``.

    ``recurrence`` makes it a series: an RFC 5545 recurrence rule
    (``"FREQ=MONTHLY;INTERVAL=3;COUNT=4"``, with ``COUNT`` or ``UNTIL``;
    ``UNTIL`` floating, or in UTC with ``Z``) expanded from ``at`` in the
    contact's zone, so every occurrence keeps the local time of ``at`` across
    DST changes.  Each occurrence is a checkpoint of its own, with the stable id
    ``"<id>@<local date>"`` (``"review@2027-04-15"``): proposals and touches
    name occurrences, and :attr:`Account.agreed_checkpoints` lists them.  A
    series cannot hold (give a :class:`QuietPeriod`), and has at most
    1,000 occurrences.

    Examples:
        >>> import pendulum
        >>> Checkpoint(id="budget", contact_id="ana", hold=True,
        ...            at=pendulum.datetime(2027, 1, 15, 10, tz="Europe/Madrid")).hold
        True
        >>> Checkpoint(id="review", contact_id="ana", recurrence="FREQ=MONTHLY;INTERVAL=3;COUNT=4",
        ...            at=pendulum.datetime(2027, 1, 15, 10, tz="Europe/Madrid")).recurrence
        'FREQ=MONTHLY;INTERVAL=3;COUNT=4'
    """

    id: str = attrs.field(validator=check_id)
    contact_id: str = attrs.field(validator=check_id)
    at: pendulum.DateTime = attrs.field(converter=to_instant, validator=check_aware)
    hold: bool = attrs.field(default=False, validator=check_bool)
    note: str = attrs.field(default="", validator=check_str)
    recurrence: str | None = attrs.field(default=None, validator=_check_recurrence)
    _us: int = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        _set_hidden(self, "_us", to_us(self.at))
        if self.recurrence is not None:
            if self.hold:
                raise InvalidValueError(
                    "Checkpoint.hold: a recurring checkpoint cannot hold (give the client's "
                    "quiet period as a QuietPeriod)",
                    field="Checkpoint.hold",
                    value=self.hold,
                )
            occurrences(self, self.at.tzinfo)  # refuses a rule it cannot expand

    def occurrences_in(self, zone: ZoneInfo) -> tuple[Checkpoint, ...]:
        """The series' occurrences in ``zone`` (the contact's), or itself when not recurring."""
        if self.recurrence is None:
            return (self,)
        return tuple(
            Checkpoint(id=f"{self.id}@{wall.date().isoformat()}", contact_id=self.contact_id,
                       at=to_datetime(to_us(_aware(wall, zone)), zone), note=self.note)
            for wall in occurrences(self, zone)
        )


#: The most occurrences a recurring checkpoint may have.
MAX_OCCURRENCES: Final = 1000
_UNTIL_UTC = re.compile(r"UNTIL=(\d{8}T\d{6})Z", re.IGNORECASE)
_BOUNDED = re.compile(r"(^|;)\s*(COUNT|UNTIL)\s*=", re.IGNORECASE)


def _aware(wall: datetime, zone: Any) -> datetime:
    """A local wall time as an instant: in a gap, shifted forward; in a fold, the first.

    (With ``fold=0`` a wall time a gap skips is read with the offset before
    the change: 02:30 on a spring-forward night is 03:30 after it.  Read the
    instant with ``to_us``; re-reading the wall time would move it back.)
    """
    return wall.replace(tzinfo=zone, fold=0)


def occurrences(checkpoint: Checkpoint, zone: Any) -> list[datetime]:
    """The local wall times (naive) of a recurring checkpoint's occurrences in ``zone``.

    The rule is expanded by ``dateutil.rrule`` from the checkpoint's wall time
    in ``zone``; an ``UNTIL`` in UTC is read as the same instant's wall time.
    """
    rule = checkpoint.recurrence
    assert rule is not None
    name = "Checkpoint.recurrence"
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[len("RRULE:"):]
    start = checkpoint.at.astimezone(zone).replace(tzinfo=None)
    if "\n" in text or ":" in text or "DTSTART" in text.upper():
        raise InvalidValueError(
            f"{name}: give one RFC 5545 recurrence rule such as 'FREQ=MONTHLY;INTERVAL=3;"
            f"COUNT=4', without DTSTART (it is the checkpoint's 'at') (got {trim(rule)!r})",
            field=name, value=rule,
        )

    bounded = bool(_BOUNDED.search(text))
    # An UNTIL in UTC is an instant: compared with each occurrence's instant
    # (not its wall time, which a DST change shifts), after the expansion.
    until: int | None = None
    found_until = _UNTIL_UTC.search(text)
    try:
        if found_until is not None:
            until = to_us(datetime.strptime(found_until.group(1), "%Y%m%dT%H%M%S").replace(
                tzinfo=timezone.utc))
            text = _UNTIL_UTC.sub("", text).replace(";;", ";").strip(";")
        parsed = dateutil.rrule.rrulestr(text, dtstart=start)
    except (ValueError, TypeError, OverflowError) as exc:
        raise InvalidValueError(
            f"{name}: not an RFC 5545 recurrence rule ({exc}) (got {trim(rule)!r})",
            field=name, value=rule,
        ) from None
    if not isinstance(parsed, dateutil.rrule.rrule) or not bounded:
        raise InvalidValueError(
            f"{name}: give COUNT or UNTIL: an endless series cannot be planned "
            f"(got {trim(rule)!r})",
            field=name, value=rule,
        )
    try:
        walls: Any = iter(parsed)
        if until is not None:
            end = until
            walls = itertools.takewhile(lambda wall: to_us(_aware(wall, zone)) <= end, walls)
        found = list(itertools.islice(walls, MAX_OCCURRENCES + 1))
    except (ValueError, OverflowError) as exc:
        raise InvalidValueError(
            f"{name}: cannot expand {trim(rule)!r} ({exc})", field=name, value=rule
        ) from None
    if len(found) > MAX_OCCURRENCES:
        raise InvalidValueError(
            f"{name}: more than {MAX_OCCURRENCES} occurrences (got {trim(rule)!r})",
            field=name, value=rule,
        )
    if not found:
        raise InvalidValueError(
            f"{name}: no occurrence from 'at' on (got {trim(rule)!r})", field=name, value=rule
        )
    days = [wall.date() for wall in found]
    # A date the zone skipped (Pacific/Apia, 30 December 2011) has no occurrence:
    # its wall time, shifted forward, is the next day's.
    instants = [to_us(_aware(wall, zone)) for wall in found]
    found = [wall for k, wall in enumerate(found) if k == 0 or instants[k] > instants[k - 1]]
    if len(set(days)) < len(days):
        raise InvalidValueError(
            f"{name}: at most one occurrence a day (an agreed contact, not an hourly "
            f"reminder) (got {trim(rule)!r})", field=name, value=rule,
        )
    for wall in found:
        if not in_range(_aware(wall, zone)):
            raise InvalidValueError(
                f"{name}: an occurrence on {wall.date().isoformat()} is beyond the "
                f"supported range ({RANGE_TEXT})", field=name, value=rule,
            )
    return found


def _check_window(owner: str, item: Any) -> None:
    """``start`` (when given) comes before ``end``."""
    if item.start is not None and item._start_us >= item._end_us:
        raise InvalidValueError(
            f"{owner}.end {item.end.isoformat()!r} must be after start "
            f"{item.start.isoformat()!r}",
            field=f"{owner}.end",
            value=item.end,
        )


def _set_window(kind: str, item: Any) -> None:
    """A window's bounds in µs, from its ``start`` and ``end``, checked in order."""
    _set_hidden(item, "_start_us", to_us(item.start))
    _set_hidden(item, "_end_us", to_us(item.end))
    _check_window(kind, item)


@attrs.frozen(kw_only=True)
class QuietPeriod:
    """A window in which the client asked not to be contacted.

    ``contact_id`` names the person who asked ("not before the 15th, I am
    closing the quarter"); without it the whole account did ("talk again in
    September").  The window is ``[start, end)``: ``end`` is the first instant
    contact is welcome again; without ``start`` it runs from any earlier
    instant.  Each quiet period blocks its own window only (the
    ``before-agreed-date`` rule), and never an agreed checkpoint nor a reply.

    Examples:
        >>> import pendulum
        >>> q = QuietPeriod(id="summer", note="talk again in September",
        ...                 start=pendulum.datetime(2027, 7, 1, tz="Europe/Paris"),
        ...                 end=pendulum.datetime(2027, 9, 1, tz="Europe/Paris"))
        >>> q.contact_id is None, q.end.month
        (True, 9)
    """

    id: str = attrs.field(validator=check_id)
    end: pendulum.DateTime = attrs.field(converter=to_instant, validator=check_aware)
    start: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_optional_instant, validator=check_optional_aware
    )
    contact_id: str | None = attrs.field(default=None, validator=check_optional_id)
    note: str = attrs.field(default="", validator=check_str)
    _start_us: int = attrs.field(init=False, repr=False, eq=False, hash=False)
    _end_us: int = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        _set_hidden(self, "_end_us", to_us(self.end))
        _set_hidden(self, "_start_us", MIN_US if self.start is None else to_us(self.start))
        _check_window("QuietPeriod", self)


@attrs.frozen(kw_only=True)
class Absence:
    """A window in which a contact is away (leave, travel, out of office).

    The window is ``[start, end)``: ``end`` is when they are back.  While a
    contact is away, proposals to them are refused (``contact-away``) until
    ``end`` plus the policy's ``settle_in`` delay; their colleagues are not
    concerned.  An out-of-office reply in the history
    (:attr:`Outcome.OUT_OF_OFFICE`) says the same without an ``Absence``.

    Examples:
        >>> import pendulum
        >>> a = Absence(id="ana-leave", contact_id="ana",
        ...             start=pendulum.datetime(2026, 12, 21, tz="Europe/Paris"),
        ...             end=pendulum.datetime(2027, 1, 4, tz="Europe/Paris"))
        >>> (a.end - a.start).days
        14
    """

    id: str = attrs.field(validator=check_id)
    contact_id: str = attrs.field(validator=check_id)
    start: pendulum.DateTime = attrs.field(converter=to_instant, validator=check_aware)
    end: pendulum.DateTime = attrs.field(converter=to_instant, validator=check_aware)
    note: str = attrs.field(default="", validator=check_str)
    _start_us: int = attrs.field(init=False, repr=False, eq=False, hash=False)
    _end_us: int = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        _set_window("Absence", self)


@attrs.frozen(kw_only=True)
class Tension:
    """A tension with the client: a complaint, an escalation, a threat to end it.

    While it is open (``[opened_at, resolved_at)``; unresolved: open from
    ``opened_at`` on), selling stops: proposals carrying an idea that is not a
    repair action are refused (``tension-open``); repair actions
    (:attr:`Idea.repair`), replies and agreed checkpoints are not, and repair
    comes first, even during a cool-off.  A touch with the outcome
    ``complaint`` opens one too, and one with ``resolved`` closes it.

    Examples:
        >>> import pendulum
        >>> t = Tension(id="outage", opened_at=pendulum.datetime(2026, 11, 2, tz="UTC"),
        ...             note="three days of outage; they threaten to leave")
        >>> t.resolved_at is None
        True
    """

    id: str = attrs.field(validator=check_id)
    opened_at: pendulum.DateTime = attrs.field(converter=to_instant, validator=check_aware)
    resolved_at: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_optional_instant, validator=check_optional_aware
    )
    contact_id: str | None = attrs.field(default=None, validator=check_optional_id)
    note: str = attrs.field(default="", validator=check_str)
    _start_us: int = attrs.field(init=False, repr=False, eq=False, hash=False)
    _end_us: int = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        _set_hidden(self, "_start_us", to_us(self.opened_at))
        _set_hidden(self, "_end_us", NEVER if self.resolved_at is None else to_us(
            self.resolved_at))
        if self._end_us <= self._start_us:
            raise InvalidValueError(
                f"Tension.resolved_at {self.resolved_at.isoformat()!r} must be after "  # type: ignore[union-attr]
                f"opened_at {self.opened_at.isoformat()!r}",
                field="Tension.resolved_at",
                value=self.resolved_at,
            )


def _check_contacts(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_items(instance, attribute, value, Contact)


def _check_checkpoints(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_items(instance, attribute, value, Checkpoint)


def _check_quiet_periods(
    instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    _check_items(instance, attribute, value, QuietPeriod)


def _check_absences(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_items(instance, attribute, value, Absence)


def _check_tensions(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_items(instance, attribute, value, Tension)


def _check_items(
    instance: object, attribute: attrs.Attribute[Any], value: object, kind: type[Any]
) -> None:
    name = field_name(instance, attribute)
    if not isinstance(value, tuple):
        raise InvalidValueError(
            f"{name} must be a sequence of {kind.__name__} (got {value!r})", field=name, value=value
        )
    index_by_id(value, kind, name)


def _to_tuple(value: Any) -> Any:
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        return value
    return tuple(value)


@attrs.frozen(kw_only=True)
class Leave:
    """A window in which the account's owner, the seller, is away.

    The window is ``[start, end)``: ``end`` is when they are back.  While the
    owner is on leave and no colleague covers (``covered_by``), proposals are
    refused (``owner-away``) until ``end``: a plan pauses around the leave
    instead of placing calls nobody will make, and resumes by itself.

    Examples:
        >>> import pendulum
        >>> Leave(id="summer", start=pendulum.datetime(2027, 8, 2, tz="Europe/Paris"),
        ...       end=pendulum.datetime(2027, 8, 16, tz="Europe/Paris")).covered_by is None
        True
    """

    id: str = attrs.field(validator=check_id)
    start: pendulum.DateTime = attrs.field(converter=to_instant, validator=check_aware)
    end: pendulum.DateTime = attrs.field(converter=to_instant, validator=check_aware)
    covered_by: str | None = attrs.field(default=None, validator=check_optional_id)
    note: str = attrs.field(default="", validator=check_str)
    _start_us: int = attrs.field(init=False, repr=False, eq=False, hash=False)
    _end_us: int = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        _set_window("Leave", self)


def _check_leaves(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_items(instance, attribute, value, Leave)


@attrs.frozen(kw_only=True)
class Owner:
    """The seller who owns the account, and their leaves.

    Attributes:
        id: the seller's id in your CRM.
        name: their name, as the explanations say it.
        leaves: when they are away; a leave a colleague covers
            (``covered_by``) pauses nothing.

    Examples:
        >>> import pendulum
        >>> owner = Owner(id="julie", name="Julie Moreau", leaves=[Leave(
        ...     id="ski", start=pendulum.datetime(2027, 2, 8, tz="Europe/Paris"),
        ...     end=pendulum.datetime(2027, 2, 22, tz="Europe/Paris"))])
        >>> [leave.id for leave in owner.leaves]
        ['ski']
    """

    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_str)
    leaves: tuple[Leave, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_check_leaves
    )

    def __attrs_post_init__(self) -> None:
        for index, leave in enumerate(self.leaves):
            if leave.covered_by == self.id:
                field = f"Owner.leaves[{index}].covered_by"
                raise InvalidValueError(
                    f"{field}: {self.id!r} is the owner on leave; name the colleague who "
                    "covers, or None", field=field, value=leave.covered_by,
                )


class QuietWindow(NamedTuple):
    """A quiet period as the rules read it (internal): held checkpoints included."""

    start: int
    end: int
    contact_id: str | None
    id: str
    note: str
    hold: bool


def _window_order(window: QuietWindow) -> tuple[int, int, str, str]:
    return window.start, window.end, window.id, window.contact_id or ""


@attrs.frozen(kw_only=True)
class Account:
    """The organisation being sold to: its stated needs, contacts and agreed dates.

    ``checkpoints`` are the contacts the client agreed to, ``quiet_periods``
    the windows it asked to be left alone, ``absences`` the windows a contact
    is away, ``tensions`` the complaints that suspend selling.  Ids are unique
    within each collection; every checkpoint and absence names a contact of
    the account, and so do a quiet period and a tension that concern one
    person.  ``owner`` is the seller who owns the account: while they are on
    leave and nobody covers, nothing goes out (``owner-away``).
    ``qualification`` is what is known of the deal (V-E-N-D-U-E),
    from which the red flags are read (``relance.red_flags``).

    Examples:
        >>> ana = Contact(id="ana", name="Ana", role="decision_maker",
        ...               timezone="Europe/Madrid", country="ES")
        >>> acme = Account(id="acme", name="Acme", needs={"training"}, contacts=[ana])
        >>> acme.contact("ana").name
        'Ana'
        >>> acme.contact("bob")
        Traceback (most recent call last):
        ...
        relance._core.errors.UnknownIdError: unknown contact id 'bob' (account 'acme' has: 'ana')
    """

    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_str)
    needs: frozenset[str] = attrs.field(converter=to_str_set, validator=check_str_set)
    contacts: tuple[Contact, ...] = attrs.field(converter=_to_tuple, validator=_check_contacts)
    checkpoints: tuple[Checkpoint, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_check_checkpoints
    )
    quiet_periods: tuple[QuietPeriod, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_check_quiet_periods
    )
    absences: tuple[Absence, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_check_absences
    )
    tensions: tuple[Tension, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_check_tensions
    )
    qualification: Qualification | None = attrs.field(
        default=None, validator=instance_of(Qualification, optional=True)
    )
    owner: Owner | None = attrs.field(default=None, validator=instance_of(Owner, optional=True))
    _by_id: dict[str, Contact] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _checkpoint_by_id: dict[str, Checkpoint] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )
    _holds: tuple[Checkpoint, ...] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _agreed: tuple[Checkpoint, ...] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _quiet: tuple[QuietWindow, ...] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _owner_away: tuple[QuietWindow, ...] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        by_id = {c.id: c for c in self.contacts}
        Dated = Checkpoint | QuietPeriod | Absence | Tension
        named: tuple[tuple[str, tuple[Dated, ...]], ...] = (
            ("checkpoints", self.checkpoints),
            ("quiet_periods", self.quiet_periods),
            ("absences", self.absences),
            ("tensions", self.tensions),
        )
        for name, items in named:
            for index, item in enumerate(items):
                if item.contact_id is not None and item.contact_id not in by_id:
                    raise UnknownIdError(
                        f"Account.{name}[{index}].contact_id: unknown contact id "
                        f"{item.contact_id!r} (account {self.id!r} has: {_ids(by_id)})",
                        field=f"Account.{name}[{index}].contact_id",
                        value=item.contact_id,
                    )
        _set_hidden(self, "_by_id", by_id)
        agreed = tuple(
            occurrence for cp in self.checkpoints
            for occurrence in cp.occurrences_in(by_id[cp.contact_id].zone)
        )
        by_checkpoint_id = index_by_id(agreed, Checkpoint, "Account.checkpoints")
        _set_hidden(self, "_agreed", agreed)
        _set_hidden(self, "_checkpoint_by_id", by_checkpoint_id)
        _set_hidden(self, "_holds", tuple(cp for cp in self.checkpoints if cp.hold))
        quiet = [
            QuietWindow(q._start_us, q._end_us, q.contact_id, q.id, q.note, False)
            for q in self.quiet_periods
        ] + [QuietWindow(MIN_US, cp._us, None, cp.id, cp.note, True) for cp in self._holds]
        _set_hidden(self, "_quiet", tuple(sorted(quiet, key=_window_order)))
        leaves = [] if self.owner is None else [
            QuietWindow(leave._start_us, leave._end_us, None, leave.id, leave.note, False)
            for leave in self.owner.leaves if leave.covered_by is None
        ]
        _set_hidden(self, "_owner_away", tuple(sorted(leaves, key=_window_order)))

    def contact(self, contact_id: str) -> Contact:
        """The contact with this id, or :class:`~relance.UnknownIdError`."""
        try:
            return self._by_id[contact_id]
        except KeyError:
            raise UnknownIdError(
                f"unknown contact id {contact_id!r} (account {self.id!r} has: {_ids(self._by_id)})",
                field="contact_id",
                value=contact_id,
            ) from None

    @property
    def agreed_checkpoints(self) -> tuple[Checkpoint, ...]:
        """Every agreed contact: one-off checkpoints, and each occurrence of a series.

        Examples:
            >>> import pendulum
            >>> ana = Contact(id="ana", name="Ana", role="decision_maker",
            ...               timezone="Europe/Paris", country="FR")
            >>> review = Checkpoint(id="review", contact_id="ana",
            ...                     at=pendulum.datetime(2027, 1, 15, 10, tz="Europe/Paris"),
            ...                     recurrence="FREQ=MONTHLY;INTERVAL=3;COUNT=3")
            >>> acme = Account(id="acme", name="Acme", needs={"x"}, contacts=[ana],
            ...                checkpoints=[review])
            >>> for c in acme.agreed_checkpoints:
            ...     print(c.id, c.at.isoformat())
            review@2027-01-15 2027-01-15T10:00:00+01:00
            review@2027-04-15 2027-04-15T10:00:00+02:00
            review@2027-07-15 2027-07-15T10:00:00+02:00
        """
        return self._agreed

    def checkpoint(self, checkpoint_id: str) -> Checkpoint:
        """The checkpoint (or occurrence) with this id, or :class:`~relance.UnknownIdError`."""
        try:
            return self._checkpoint_by_id[checkpoint_id]
        except KeyError:
            raise UnknownIdError(
                f"unknown checkpoint id {checkpoint_id!r} (account {self.id!r} has: "
                f"{_ids(self._checkpoint_by_id)})",
                field="checkpoint_id",
                value=checkpoint_id,
            ) from None


def _ids(mapping: dict[str, Any]) -> str:
    return ", ".join(repr(k) for k in sorted(mapping)) or "none"


@attrs.frozen(kw_only=True)
class Idea:
    """A value-bearing reason to get in touch.

    Attributes:
        id: unique within the backlog.
        summary: what it is, in a sentence.
        addresses: the account needs it speaks to; it must meet at least one.
        available_from: not usable before this instant (``None``: now).
        expires_at: stale from this instant on (``None``: never).
        priority: higher goes first.
        contact_id: the contact it is meant for, if any (the planner sends it
            to them).
        role: the role it is meant for, if any (e.g. a budget argument for the
            decision maker).
        first_step: it is a lighter first step (a pilot, a short workshop):
            what the planner suggests when a contact stops answering, and
            sends first when a red flag concerns the budget or the scope.
        proof: it is a proof (a case, figures, a reference): what a silence
            that may need more proof calls for.
        differentiates: it sets us apart from a provider already engaged at
            the account (the ``incumbent-provider`` flag asks for one).
        repair: it is a repair action, not selling: acknowledging a problem,
            a working session to build the fix together, a neutral person, a
            gesture beyond expectations.  While a tension is open only repair
            actions go out, first, even during a cool-off.

    Examples:
        >>> import pendulum
        >>> Idea(id="pilot", summary="A two-week pilot with one team",
        ...      addresses={"training"}, priority=2).priority
        2
        >>> Idea(id="late", summary="x", addresses={"training"},
        ...      available_from=pendulum.datetime(2027, 2, 1, tz="UTC"),
        ...      expires_at=pendulum.datetime(2027, 1, 1, tz="UTC"))
        Traceback (most recent call last):
        ...
        relance._core.errors.InvalidValueError: Idea.expires_at: '2027-01-01T00:00:00+00:00' must...
    """

    id: str = attrs.field(validator=check_id)
    summary: str = attrs.field(validator=check_str)
    addresses: frozenset[str] = attrs.field(converter=to_str_set, validator=check_str_set)
    available_from: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_optional_instant, validator=check_optional_aware
    )
    expires_at: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_optional_instant, validator=check_optional_aware
    )
    priority: int = attrs.field(default=0, validator=check_int)
    contact_id: str | None = attrs.field(default=None, validator=check_optional_id)
    role: Role | None = attrs.field(default=None, converter=_to_optional_role)
    first_step: bool = attrs.field(default=False, validator=check_bool)
    repair: bool = attrs.field(default=False, validator=check_bool)
    proof: bool = attrs.field(default=False, validator=check_bool)
    differentiates: bool = attrs.field(default=False, validator=check_bool)
    _from_us: int | None = attrs.field(init=False, repr=False, eq=False, hash=False)
    _until_us: int | None = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        start = None if self.available_from is None else to_us(self.available_from)
        until = None if self.expires_at is None else to_us(self.expires_at)
        if start is not None and until is not None and until <= start:
            assert self.expires_at is not None
            assert self.available_from is not None
            raise InvalidValueError(
                f"Idea.expires_at: {self.expires_at.isoformat()!r} must be after "
                f"available_from {self.available_from.isoformat()!r} (idea {self.id!r})",
                field="Idea.expires_at",
                value=self.expires_at,
            )
        _set_hidden(self, "_from_us", start)
        _set_hidden(self, "_until_us", until)


INBOUND_OUTCOMES = frozenset(
    {Outcome.PENDING, Outcome.REPLIED, Outcome.MEETING, Outcome.DECLINED, Outcome.OPTED_OUT,
     Outcome.OUT_OF_OFFICE, Outcome.COMPLAINT, Outcome.RESOLVED}
)


@attrs.frozen(kw_only=True)
class Touch:
    """Something that happened: an outbound contact or an inbound message.

    An out-of-office reply (outcome ``out_of_office``) may say when the
    contact is back: ``returns_at``, an aware instant (for a return date such
    as "back on 4 January", give the start of that day in the contact's zone);
    only such a touch carries it.

    Examples:
        >>> import pendulum
        >>> Touch(at=pendulum.datetime(2026, 11, 2, 10, tz="Europe/Paris"),
        ...       contact_id="ana", channel="email", direction="outbound",
        ...       outcome="no_answer", idea_id="pilot").outcome
        <Outcome.NO_ANSWER: 'no_answer'>
    """

    at: pendulum.DateTime = attrs.field(converter=to_instant, validator=check_aware)
    contact_id: str = attrs.field(validator=check_id)
    channel: Channel = attrs.field(converter=_to_channel, validator=check_enum(Channel))
    direction: Direction = attrs.field(converter=_to_direction, validator=check_enum(Direction))
    outcome: Outcome = attrs.field(converter=_to_outcome, validator=check_enum(Outcome))
    idea_id: str | None = attrs.field(default=None, validator=check_optional_id)
    checkpoint_id: str | None = attrs.field(default=None, validator=check_optional_id)
    text: str | None = attrs.field(default=None, validator=check_optional_text)
    returns_at: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_optional_instant, validator=check_optional_aware
    )
    _us: int = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        if self.direction is Direction.INBOUND and self.outcome not in INBOUND_OUTCOMES:
            raise InvalidValueError(
                f"Touch.outcome: an inbound touch cannot be {self.outcome.value!r} "
                "(it is the contact's own message)",
                field="Touch.outcome",
                value=self.outcome,
            )
        _set_hidden(self, "_us", to_us(self.at))
        if self.returns_at is not None:
            if self.outcome is not Outcome.OUT_OF_OFFICE:
                raise InvalidValueError(
                    f"Touch.returns_at: only an out-of-office reply says when the contact is "
                    f"back (outcome is {self.outcome.value!r})",
                    field="Touch.returns_at",
                    value=self.returns_at,
                )
            if to_us(self.returns_at) <= self._us:
                raise InvalidValueError(
                    f"Touch.returns_at {self.returns_at.isoformat()!r} must be after the "
                    f"touch's own instant {self.at.isoformat()!r}",
                    field="Touch.returns_at",
                    value=self.returns_at,
                )


def plain_touch(
    at: pendulum.DateTime,
    contact_id: str,
    channel: Channel,
    direction: Direction,
    outcome: Outcome,
    idea_id: str | None,
    checkpoint_id: str | None,
) -> Touch:
    """A touch without text or return date, from fields its validators have already passed.

    For the fast ingestion path, which checks exactly what the constructor
    checks before calling this (and asks the constructor whenever in doubt);
    nothing here checks anything.
    """
    touch = object.__new__(Touch)
    put = object.__setattr__
    put(touch, "at", at)
    put(touch, "contact_id", contact_id)
    put(touch, "channel", channel)
    put(touch, "direction", direction)
    put(touch, "outcome", outcome)
    put(touch, "idea_id", idea_id)
    put(touch, "checkpoint_id", checkpoint_id)
    put(touch, "text", None)
    put(touch, "returns_at", None)
    put(touch, "_us", to_us(at))
    return touch


def plain_idea(**fields: Any) -> Idea:
    """An idea from fields its validators have already passed (the fast ingestion path).

    ``fields`` are every field of :class:`Idea`; nothing here checks anything.
    """
    idea = object.__new__(Idea)
    put = object.__setattr__
    for name, value in fields.items():
        put(idea, name, value)
    start, until = fields["available_from"], fields["expires_at"]
    put(idea, "_from_us", None if start is None else to_us(start))
    put(idea, "_until_us", None if until is None else to_us(until))
    return idea


@attrs.frozen(kw_only=True)
class Proposal:
    """A contact someone wants to make: to whom, how, when, carrying what.

    Attributes:
        at: when the contact would be made.
        contact_id: to whom.
        channel: how.
        idea_id: the new idea it carries, if any.
        checkpoint_id: the agreed checkpoint it keeps, if any.
        reply: it answers an inbound message that awaits our answer.
        text: the drafted message, if any: an outbound follow-up whose text
            only asks for news is refused (``empty-check-in``), idea or not.

    Examples:
        >>> import pendulum
        >>> Proposal(at=pendulum.datetime(2026, 11, 24, 10, tz="Europe/Madrid"),
        ...          contact_id="ana", channel="phone", idea_id="pilot").channel
        <Channel.PHONE: 'phone'>
    """

    at: pendulum.DateTime = attrs.field(converter=to_instant, validator=check_aware)
    contact_id: str = attrs.field(validator=check_id)
    channel: Channel = attrs.field(converter=_to_channel, validator=check_enum(Channel))
    idea_id: str | None = attrs.field(default=None, validator=check_optional_id)
    checkpoint_id: str | None = attrs.field(default=None, validator=check_optional_id)
    reply: bool = attrs.field(default=False, validator=check_bool)
    text: str | None = attrs.field(default=None, validator=check_optional_text)
    _us: int = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        _set_hidden(self, "_us", to_us(self.at))
