"""Converters and validators shared by the models.

Converters only *convert* what is unambiguous (an aware stdlib datetime to a
pendulum ``DateTime``, ``"email"`` to ``Channel.EMAIL``); anything else is left
as it is, and the validator that follows raises one clear error naming the
field and the value.  Nothing is silently fixed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime, time, timedelta
from enum import Enum
from typing import Any, TypeVar

import attrs
import pendulum

from .errors import DuplicateIdError, InvalidValueError, NaiveDatetimeError, short_repr
from .instants import (
    MAX_DURATION,
    MAX_INSTANT,
    MIN_INSTANT,
    Elapsed,
    format_duration,
    in_range,
    show,
)

__all__ = [
    "check_aware",
    "check_bool",
    "check_duration_range",
    "check_enum",
    "check_fixed_length",
    "check_id",
    "check_instant_range",
    "check_int",
    "check_optional_aware",
    "check_str",
    "check_str_set",
    "field_name",
    "index_by_id",
    "require",
    "require_instant",
    "to_enum",
    "to_instant",
    "to_optional_instant",
    "to_str_set",
]

E = TypeVar("E", bound=Enum)


def field_name(instance: object, attribute: attrs.Attribute[Any]) -> str:
    """``Class.field``, the name errors use."""
    return f"{type(instance).__name__}.{attribute.name}"


# Type names people read, whether they write Python or JSON.
_TYPE_NAMES = {"str": "string", "int": "integer", "float": "number", "bool": "boolean",
               "NoneType": "None", "dict": "mapping"}


def got(value: object) -> str:
    """``got 'x', a string``: the offending value and its kind, for messages."""
    if value is None:
        return "got None"
    kind = type(value).__name__
    return f"got {short_repr(value)}, {a(_TYPE_NAMES.get(kind, kind))}"


def _offset(value: datetime) -> timedelta | None:
    """The UTC offset of a datetime, or ``None`` when naive or when its tzinfo fails."""
    try:
        return value.utcoffset()
    except (ValueError, TypeError, OverflowError):  # a tzinfo of 24 h or more, a broken one
        return None


def to_instant(value: datetime) -> pendulum.DateTime:
    """An aware datetime as a pendulum ``DateTime``; other values unchanged."""
    if isinstance(value, pendulum.DateTime) or not isinstance(value, datetime):
        return value  # the validator decides
    offset = _offset(value)
    if offset is None or offset.microseconds:
        return value  # type: ignore[return-value]  # naive, broken, sub-second: refused
    return pendulum.instance(value)


def to_optional_instant(value: datetime | None) -> pendulum.DateTime | None:
    """Like :func:`to_instant`, letting ``None`` through."""
    return None if value is None else to_instant(value)


def check_aware(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse anything but an aware datetime (see :func:`require_instant`)."""
    require_instant(value, field_name(instance, attribute))


def require_instant(value: object, name: str) -> datetime:
    """``value`` if it is an aware datetime in the supported range, else one clear error.

    Refused: a non-datetime, a tzinfo that gives no valid offset, a naive
    datetime, an offset with a fraction of a second (it would be lost), an
    instant out of range.  ``name`` is the field or argument.
    """
    if not isinstance(value, datetime):
        raise InvalidValueError(
            f"{name} must be an aware datetime ({got(value)})", field=name, value=value
        )
    if value.tzinfo is not None and _offset(value) is None:
        raise InvalidValueError(
            f"{name}: its tzinfo {short_repr(value.tzinfo)} gives no valid UTC offset",
            field=name,
            value=value,
        )
    offset = value.utcoffset()
    if offset is None:
        raise NaiveDatetimeError(
            f"{name}: naive datetime {value.isoformat()!r}; give it a time zone, "
            "e.g. pendulum.datetime(2026, 11, 2, 10, tz='Europe/Paris')",
            field=name,
            value=value,
        )
    if offset.microseconds:
        raise InvalidValueError(
            f"{name}: its UTC offset {offset} has a fraction of a second, which instants "
            "would lose; give a whole-second offset or a zone",
            field=name,
            value=value,
        )
    check_instant_range(value, name)
    return value


def check_fixed_length(value: timedelta, name: str, *, hint: str) -> None:
    """Refuse a duration in months or years (a pendulum ``Duration``): no fixed length."""
    if getattr(value, "months", 0) or getattr(value, "years", 0):
        raise InvalidValueError(
            f"{name}: months and years have no fixed length (got {value!r}); {hint}",
            field=name,
            value=value,
        )


RANGE_TEXT = (
    f"the supported range is {MIN_INSTANT.isoformat().replace('+00:00', 'Z')} "
    f"to before {MAX_INSTANT.isoformat().replace('+00:00', 'Z')}"
)


def check_instant_range(value: datetime, name: str) -> None:
    """Refuse an aware instant outside the supported range (``field`` is ``name``)."""
    if not in_range(value):
        raise InvalidValueError(
            f"{name}: {show(value)} is out of range: {RANGE_TEXT}", field=name, value=value
        )


def check_duration_range(value: object, name: str, *, positive: bool = False) -> None:
    """Refuse a duration that is negative (or zero) or longer than the supported maximum."""
    assert isinstance(value, timedelta)
    if value < timedelta(0) or (positive and value == timedelta(0)):
        bound = "positive" if positive else "zero or more"
        shown = repr(value) if value < timedelta(0) else show(value)
        raise InvalidValueError(f"{name} must be {bound} (got {shown})", field=name, value=value)
    if value > MAX_DURATION:
        raise InvalidValueError(
            f"{name}: {show(value)} is out of range: the longest supported duration is "
            f"{format_duration(MAX_DURATION)} (100 years)",
            field=name,
            value=value,
        )


def check_optional_aware(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse anything but ``None`` or an aware datetime."""
    if value is not None:
        check_aware(instance, attribute, value)


def check_str(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse anything but a string of text (no lone surrogate: it cannot be written)."""
    if not isinstance(value, str):
        name = field_name(instance, attribute)
        raise InvalidValueError(f"{name} must be a str ({got(value)})", field=name, value=value)
    if not value.isascii() and not encodable(value):
        name = field_name(instance, attribute)
        raise InvalidValueError(
            f"{name}: a lone surrogate (\\ud800-\\udfff) is not text (got {value!r})",
            field=name,
            value=value,
        )


def check_optional_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``None``, or a string of text that is not blank (say ``None`` when there is none)."""
    if value is not None:
        check_str(instance, attribute, value)
        assert isinstance(value, str)
        if not value.strip():
            name = field_name(instance, attribute)
            raise InvalidValueError(
                f"{name} is blank: give the drafted message, or None when there is none "
                f"(got {value!r})", field=name, value=value,
            )


def encodable(text: str) -> bool:
    """Whether a string is text that UTF-8 can carry (no lone surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_id(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse anything but a non-blank string."""
    check_str(instance, attribute, value)
    if not str(value).strip():
        name = field_name(instance, attribute)
        raise InvalidValueError(
            f"{name} must be a non-blank id (got {value!r})", field=name, value=value
        )


def check_optional_id(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse anything but ``None`` or a non-blank string."""
    if value is not None:
        check_id(instance, attribute, value)


def check_bool(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse anything but ``True`` or ``False``."""
    if not isinstance(value, bool):
        name = field_name(instance, attribute)
        raise InvalidValueError(f"{name} must be a bool ({got(value)})", field=name, value=value)


#: Integers of the models have at most 18 digits (what JSON readers keep exactly).
MAX_INT = 10**18 - 1


def digits(value: int) -> str:
    """A huge integer as a message shows it: its first 40 digits, then ``…``.

    Examples:
        >>> digits(10**50)
        '1000000000000000000000000000000000000000…'
        >>> digits(-3)
        '-3'
    """
    if value.bit_length() > 10_000:  # str() refuses integers of more than 4,300 digits
        return f"an integer of about {int(value.bit_length() * 0.30103)} digits"
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def check_int(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse anything but an int of at most 18 digits (a bool is not an int here)."""
    if isinstance(value, bool) or not isinstance(value, int):
        name = field_name(instance, attribute)
        raise InvalidValueError(f"{name} must be an int ({got(value)})", field=name, value=value)
    if abs(value) > MAX_INT:
        name = field_name(instance, attribute)
        raise InvalidValueError(
            f"{name} must have at most 18 digits (got {digits(value)})", field=name,
            value=value,
        )


def to_enum(enum: type[E]) -> Any:
    """A converter from an enum's value to its member; other values unchanged."""

    def convert(value: object) -> object:
        if isinstance(value, enum):
            return value
        try:
            return enum(value)
        except ValueError:
            return value

    return convert


def check_enum(enum: type[Enum]) -> Any:
    """A validator refusing anything but a member of ``enum``."""

    def validate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, enum):
            name = field_name(instance, attribute)
            allowed = ", ".join(repr(m.value) for m in enum)
            raise InvalidValueError(
                f"{name} must be one of {allowed} (got {value!r})", field=name, value=value
            )

    return validate


def to_str_set(value: Iterable[str]) -> frozenset[str]:
    """An iterable of strings as a frozenset; a lone string is left unchanged.

    ``frozenset("budget")`` would silently become six letters, so a string is
    passed on for the validator to refuse.
    """
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        return value  # type: ignore[return-value]  # the validator refuses
    return frozenset(value)


def check_str_set(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse anything but a frozenset of non-blank strings."""
    name = field_name(instance, attribute)
    if not isinstance(value, frozenset):
        raise InvalidValueError(
            f"{name} must be a collection of strings, not a single value ({got(value)})",
            field=name,
            value=value,
        )
    for item in value:
        if not isinstance(item, str) or not item.strip() or not encodable(item):
            raise InvalidValueError(
                f"{name} must hold non-blank strings of text (got {item!r})",
                field=name,
                value=item,
            )


# HH:MM or HH:MM:SS; an offset is read only to be refused by name.
_HH_MM = re.compile(r"[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2})?", re.ASCII)


def to_time(value: time | str) -> time:
    """A ``"HH:MM"`` (or ``"HH:MM:SS"``) string as a ``time``; other values unchanged.

    Nothing else is read: ``fromisoformat`` would take ``"00000000"`` as
    midnight or ``"08.5"`` as half a second past eight.
    """
    if isinstance(value, str):
        if not _HH_MM.fullmatch(value):
            return value  # type: ignore[return-value]  # the validator refuses
        try:
            return time.fromisoformat(value)
        except ValueError:
            return value  # type: ignore[return-value]  # the validator refuses
    return value


def check_time(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse anything but a local (naive) time of day."""
    name = field_name(instance, attribute)
    if not isinstance(value, time):
        raise InvalidValueError(
            f"{name} must be a time of day such as '09:00' ({got(value)})",
            field=name,
            value=value,
        )
    if value.microsecond:
        raise InvalidValueError(
            f"{name} must be a time of day to the second, such as '09:00' or '09:00:30' "
            f"(got {value.isoformat()!r}: a fraction of a second)",
            field=name,
            value=value,
        )
    if value.tzinfo is not None:
        raise InvalidValueError(
            f"{name} must be a local time without an offset (got {value.isoformat()!r}); "
            "working hours are read in each contact's own zone",
            field=name,
            value=value,
        )


T = TypeVar("T")


def index_by_id(items: Iterable[object], kind: type[T], name: str) -> dict[str, T]:
    """Index models by id, refusing foreign items and duplicate ids.

    ``name`` is how errors call the collection, e.g. ``Account.contacts`` or
    ``ideas``: ``ideas[3]: duplicate id 'pilot'``.
    """
    found: dict[str, T] = {}
    for index, item in enumerate(require_items(items, kind, name)):
        item_id: str = item.id  # type: ignore[attr-defined]
        if item_id in found:
            raise DuplicateIdError(
                f"{name}[{index}].id: duplicate id {item_id!r}",
                field=f"{name}[{index}].id",
                value=item_id,
            )
        found[item_id] = item
    return found


def a(name: str) -> str:
    """``name`` with its indefinite article: ``an Idea``, ``a Touch``."""
    return f"{'an' if name[:1].upper() in 'AEIOU' else 'a'} {name}"


def require(value: object, kind: type[T], name: str) -> T:
    """``value`` if it is a ``kind``, else one clear error naming the argument."""
    if not isinstance(value, kind):
        raise InvalidValueError(
            f"{name} must be {a(kind.__name__)} ({got(value)})", field=name, value=value
        )
    return value


def instance_of(kind: type[Any], *, optional: bool = False) -> Any:
    """A validator refusing anything but a ``kind`` (or ``None``, when optional)."""

    def validate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not (optional and value is None):
            require(value, kind, field_name(instance, attribute))

    return validate


class StrEnum(str, Enum):
    """A string enum whose ``str()`` is its value (as ``enum.StrEnum`` in 3.11)."""

    def __str__(self) -> str:
        return str(self.value)


def require_items(value: object, kind: type[T], name: str) -> tuple[T, ...]:
    """A sequence (or other collection) of ``kind`` as a tuple; one clear error otherwise.

    A string, a mapping, ``None`` or a lone ``kind`` is not a collection of
    them: ``history=touch`` must be ``history=[touch]``.
    """
    if isinstance(value, kind):
        raise InvalidValueError(
            f"{name} must be a sequence of {kind.__name__} objects, not a single "
            f"{kind.__name__} (wrap it in a list)",
            field=name,
            value=value,
        )
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise InvalidValueError(
            f"{name} must be a sequence of {kind.__name__} objects ({got(value)})",
            field=name,
            value=value,
        )
    items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            raise InvalidValueError(
                f"{name}[{index}] must be {a(kind.__name__)} ({got(item)})",
                field=f"{name}[{index}]",
                value=item,
            )
    return items


def check_duration(
    instance: object, attribute: attrs.Attribute[Any], value: object, *, positive: bool
) -> None:
    """Refuse anything but a duration of fixed length in the supported range."""
    name = field_name(instance, attribute)
    if not isinstance(value, timedelta):
        raise InvalidValueError(
            f"{name} must be a timedelta such as timedelta(days=7) "
            f"({got(value)})",
            field=name,
            value=value,
        )
    check_fixed_length(value, name, hint="give days, hours or minutes")
    check_duration_range(value, name, positive=positive)


def plain_duration(value: Any) -> Any:
    """A duration as a plain ``timedelta``, or an :class:`Elapsed` as it is.

    ``pendulum.duration(days=2)`` means what ``timedelta(days=2)`` means; kept
    as a pendulum ``Duration`` it would compare equal to ``Elapsed(hours=48)``
    from one side only.  Months and years are left for the validator to refuse.
    """
    if (
        isinstance(value, timedelta)
        and type(value) not in (timedelta, Elapsed)
        and not getattr(value, "months", 0)
        and not getattr(value, "years", 0)
    ):
        return timedelta(value.days, value.seconds, value.microseconds)
    return value


def check_non_negative_duration(
    instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    """A validator: a duration of zero or more."""
    check_duration(instance, attribute, value, positive=False)


def check_positive_duration(
    instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    """A validator: a positive duration."""
    check_duration(instance, attribute, value, positive=True)
