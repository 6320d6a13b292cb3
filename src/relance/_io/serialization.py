"""JSON in and out, through one cattrs converter (an edge: the core never imports it).

* Instants are ISO 8601 with their offset and, when they have one, their IANA
  zone in brackets (RFC 9557): ``"2026-11-02T10:00:00+01:00[Europe/Paris]"``.
  On input the bracket is optional; an offset is not.
* Durations are ISO 8601 durations: ``"P7D"`` (calendar days), ``"PT36H"``.
* Enums are their values, sets sorted lists, times ``"HH:MM"``.

Bad input is refused as a whole: one :class:`~relance.InvalidValueError`
listing the JSON path of every bad field, e.g.
``history[3].at: naive datetime '2026-11-02T10:00'``.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator, Mapping
from datetime import datetime, time, timedelta
from typing import Any, TypeVar

import attrs
import cattrs
import pendulum
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ForbiddenExtraKeysError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from .._core.errors import InvalidValueError, NaiveDatetimeError, RelanceError
from .._core.history import History
from .._core.models import Account, Idea, Touch
from .._core.policy import Policy

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["Document", "converter", "from_dict", "from_json", "to_dict", "to_json"]

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class Document:
    """The one input document of files and APIs: an account, its history, its ideas.

    ``policy`` is optional (the default policy when absent).

    Examples:
        >>> doc = from_json(Document, '''{"account": {"id": "acme", "name": "Acme",
        ...   "needs": ["training"], "contacts": [{"id": "ana", "name": "Ana",
        ...   "role": "decision_maker", "timezone": "Europe/Paris", "country": "FR"}]},
        ...   "history": [], "ideas": []}''')
        >>> doc.account.contact("ana").timezone
        'Europe/Paris'
    """

    account: Account
    history: tuple[Touch, ...] = ()
    ideas: tuple[Idea, ...] = ()
    policy: Policy | None = None

    @property
    def the_policy(self) -> Policy:
        """The document's policy, or the default one."""
        return self.policy if self.policy is not None else Policy()

    @property
    def the_history(self) -> History:
        """The history, as a :class:`~relance.History`."""
        return History(self.history)


_DURATION = re.compile(
    r"^P(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)


def format_duration(value: timedelta) -> str:
    """An ISO 8601 duration: ``P7D``, ``PT36H``, ``P1DT2H30M``, ``PT0S``."""
    if value < timedelta(0):
        raise InvalidValueError(f"negative duration {value!r}", field="duration", value=value)
    days = value.days
    seconds = value.seconds + value.microseconds / 1_000_000
    hours, rest = divmod(value.seconds, 3600)
    minutes, secs = divmod(rest, 60)
    clock = ""
    if hours:
        clock += f"{hours}H"
    if minutes:
        clock += f"{minutes}M"
    if secs or value.microseconds:
        clock += f"{secs + value.microseconds / 1_000_000:g}S"
    text = "P" + (f"{days}D" if days else "") + (f"T{clock}" if clock else "")
    return text if text != "P" else ("PT0S" if not seconds else text)


def parse_duration(text: object) -> timedelta:
    """An ISO 8601 duration in weeks, days, hours, minutes and seconds."""
    match = _DURATION.match(text) if isinstance(text, str) else None
    if match is None or text in ("P", "PT"):
        raise InvalidValueError(
            f"not an ISO 8601 duration such as 'P7D' or 'PT36H' (got {text!r}); "
            "months and years have no fixed length",
            field="duration",
            value=text,
        )
    parts = {k: float(v) for k, v in match.groupdict().items() if v is not None}
    return timedelta(**parts)


def format_instant(value: datetime) -> str:
    """ISO 8601 with offset, and the IANA zone in brackets when there is one."""
    name = getattr(value.tzinfo, "key", None)  # IANA zones only, not fixed offsets
    text = value.isoformat()
    return f"{text}[{name}]" if isinstance(name, str) else text


def parse_instant(text: object) -> pendulum.DateTime:
    """An aware instant from ISO 8601 (with an offset, optionally ``[Zone/Name]``)."""
    if not isinstance(text, str):
        raise InvalidValueError(
            f"an instant must be an ISO 8601 string (got {text!r})", field="at", value=text
        )
    stamp, zone = text, None
    if text.endswith("]") and "[" in text:
        stamp, zone = text[:-1].split("[", 1)
    try:
        parsed = datetime.fromisoformat(stamp)
    except ValueError:
        raise InvalidValueError(
            f"not an ISO 8601 instant (got {text!r})", field="at", value=text
        ) from None
    if parsed.utcoffset() is None:
        raise NaiveDatetimeError(
            f"naive datetime {text!r}; give its offset, e.g. '2026-11-02T10:00+01:00'",
            field="at",
            value=text,
        )
    instant = pendulum.instance(parsed)
    if zone is None:
        return instant
    try:
        located = instant.in_tz(zone)
    except (ValueError, LookupError):
        raise InvalidValueError(f"unknown time zone {zone!r} in {text!r}", field="at",
                                value=text) from None
    if located.utcoffset() != parsed.utcoffset():
        raise InvalidValueError(
            f"offset and zone disagree in {text!r}: {zone} is at "
            f"{located.isoformat()} then",
            field="at",
            value=text,
        )
    return located


def _strict(kind: type[Any], *, also: tuple[type[Any], ...] = ()) -> Any:
    """A structure hook that accepts only ``kind`` (never ``bool`` for numbers).

    cattrs would call ``bool("false")`` (True!) or ``int("3")``: JSON input is
    taken as it is or refused, never silently coerced.
    """
    accepted = (kind, *also)

    def structure(value: object, _: object) -> Any:
        if (isinstance(value, bool) and kind is not bool) or not isinstance(value, accepted):
            names = " or ".join(a.__name__ for a in accepted)
            raise InvalidValueError(
                f"expected {names} (got {value!r})", field="value", value=value
            )
        return value

    return structure


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_structure_hook(bool, _strict(bool))
    conv.register_structure_hook(int, _strict(int))
    conv.register_structure_hook(float, _strict(float, also=(int,)))
    conv.register_structure_hook(str, _strict(str))
    conv.register_unstructure_hook(pendulum.DateTime, format_instant)
    conv.register_structure_hook(pendulum.DateTime, lambda v, _: parse_instant(v))
    conv.register_unstructure_hook(datetime, format_instant)
    conv.register_structure_hook(datetime, lambda v, _: parse_instant(v))
    conv.register_unstructure_hook(timedelta, format_duration)
    conv.register_structure_hook(timedelta, lambda v, _: parse_duration(v))
    conv.register_unstructure_hook(time, lambda t: t.isoformat(timespec="minutes")
                                   if not t.second and not t.microsecond else t.isoformat())
    conv.register_structure_hook(time, lambda v, _: v)  # WorkingHours validates it
    conv.register_unstructure_hook_func(
        lambda t: getattr(t, "__origin__", t) in (frozenset, set),
        lambda s: sorted(conv.unstructure(x) for x in s),
    )
    conv.register_unstructure_hook(History, lambda h: [conv.unstructure(t) for t in h])
    conv.register_structure_hook(
        History, lambda v, _: History(conv.structure(v, tuple[Touch, ...]))
    )
    # Custom rules are code, not data: never read from JSON, refused on write.
    plain = make_dict_unstructure_fn(Policy, conv, rules=override(omit=True))

    def unstructure_policy(policy: Policy) -> dict[str, Any]:
        if policy.rules:
            raise InvalidValueError(
                "a policy with custom rules cannot be written as data: custom rules are "
                "code (write the policy without them and add them when loading)",
                field="Policy.rules",
                value=policy.rules,
            )
        data: dict[str, Any] = plain(policy)
        return data

    conv.register_unstructure_hook(Policy, unstructure_policy)
    conv.register_structure_hook(
        Policy,
        make_dict_structure_fn(
            Policy, conv, rules=override(omit=True), _cattrs_forbid_extra_keys=True
        ),
    )
    return conv


#: The converter behind :func:`to_dict` and :func:`from_dict`, for custom hooks.
converter = _make_converter()


def to_dict(value: object) -> Any:
    """Any model, verdict, plan or document as plain JSON-ready data.

    Examples:
        >>> from relance import WorkingHours
        >>> to_dict(WorkingHours(start="09:00", end="18:00"))
        {'start': '09:00', 'end': '18:00'}
    """
    return converter.unstructure(value)


def from_dict(cls: type[T], data: object) -> T:
    """A model (or ``Document``) from plain data, refused whole on any bad field.

    Raises:
        InvalidValueError: listing the path of every bad field.
    """
    try:
        return converter.structure(data, cls)
    except (BaseValidationError, RelanceError, TypeError, ValueError, KeyError) as exc:
        problems = list(_problems(exc, ""))
        message = "; ".join(f"{path or '$'}: {text}" for path, text in problems)
        first_path = problems[0][0] if problems else ""
        raise InvalidValueError(
            f"invalid {cls.__name__}: {message}", field=first_path, value=data
        ) from exc


def to_json(value: object, *, indent: int | None = 2) -> str:
    """JSON text of any model, verdict, plan or document."""
    return json.dumps(to_dict(value), indent=indent, ensure_ascii=False)


def from_json(cls: type[T], text: str | bytes) -> T:
    """A model (or ``Document``) from JSON text; see :func:`from_dict`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidValueError(f"not JSON: {exc}", field="$", value=text) from None
    return from_dict(cls, data)


def _problems(exc: BaseException, path: str) -> Iterator[tuple[str, str]]:
    """(JSON path, message) for every leaf of a cattrs error tree."""
    if isinstance(exc, BaseValidationError):
        for sub in exc.exceptions:
            yield from _problems(sub, path + _step(sub))
    elif isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields):
            yield f"{path}.{key}".lstrip("."), "unknown field (a typo?)"
    elif isinstance(exc, RelanceError):
        # A model's own validator names "Class.field"; the path already names
        # the object, so only the attribute is added.
        tail = exc.field.split(".", 1)[1] if "." in exc.field else ""
        if tail and not tail.startswith("[") and path and exc.field.split(".")[0][:1].isupper():
            full = f"{path}.{tail}"
        else:
            full = path
        text = exc.message
        if exc.field and text.startswith(exc.field):
            text = text[len(exc.field):].lstrip(": ")
        yield full.lstrip("."), text
    elif isinstance(exc, KeyError):
        yield path.lstrip("."), "required field missing"
    else:
        yield path.lstrip("."), str(exc)


def _step(exc: BaseException) -> str:
    for note in getattr(exc, "__notes__", []):
        if isinstance(note, AttributeValidationNote):
            return f".{note.name}"
        if isinstance(note, IterableValidationNote):
            return f"[{note.index!r}]" if not isinstance(note.index, int) else f"[{note.index}]"
    return ""


def policy_from_dict(data: Mapping[str, object]) -> Policy:
    """A policy from plain data (durations as ISO 8601 strings); unknown keys refused."""
    return from_dict(Policy, data)


def policy_from_toml(path: str | os.PathLike[str]) -> Policy:
    """A policy from a TOML file (its top-level keys, or its ``[policy]`` table)."""
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise InvalidValueError(f"cannot read {os.fspath(path)!r}: {exc.strerror}",
                                field="path", value=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidValueError(f"{os.fspath(path)!r} is not TOML: {exc}", field="path",
                                value=path) from None
    table = data.get("policy", data) if isinstance(data.get("policy"), dict) else data
    if table is not data and set(data) - {"policy"}:
        extra = ", ".join(sorted(set(data) - {"policy"}))
        raise InvalidValueError(f"{os.fspath(path)!r}: unknown top-level keys: {extra}",
                                field="path", value=path)
    return policy_from_dict(table)
