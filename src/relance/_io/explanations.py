"""Explanations in JSON: code, typed parameters, and the rendered sentence.

An explanation's parameters are written by kind (:data:`~relance._core.explain.PARAMS`):
instants in ISO 8601 with their zone (``2026-11-24T09:00:00+01:00[Europe/Paris]``),
dates ``2026-12-25``, times ``09:00``, durations ``P7D``/``PT36H``, lists as
arrays, nested explanations as ``{"code": ..., "params": {...}}``.  Reading
them back gives the same values, so a CRM can store code and parameters and
render them later in any language.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from .._core.errors import InvalidValueError, Problem, RelanceError, short_repr
from .._core.explain import CASES, PARAMS, Explanation, ParamKind, Params
from .._core.instants import format_duration
from .._core.models import Channel, Role, _iana_names
from .._core.validation import to_time
from .._words.render import language_of, needed

__all__ = ["LOCALE", "explanation_data", "explanation_from", "params_data", "params_from"]

#: The language messages are rendered in while writing JSON (``to_dict(locale=...)``).
LOCALE: contextvars.ContextVar[str] = contextvars.ContextVar("relance_json_locale", default="en")


def _format_time(value: time) -> str:
    return value.isoformat(timespec="minutes" if not value.second else "seconds")


def params_data(
    code: str, params: Mapping[str, object], instant: Callable[[datetime], str]
) -> dict[str, Any]:
    """Parameters as JSON-ready values (``instant`` writes an instant)."""
    kinds = PARAMS.get(code, {})
    found: dict[str, Any] = {}
    for name, value in params.items():
        found[name] = _value_data(kinds.get(name), value, instant)
    return found


def _value_data(
    kind: ParamKind | None, value: object, instant: Callable[[datetime], str]
) -> Any:
    if isinstance(value, Explanation):
        return explanation_data(value, instant)
    if isinstance(value, datetime):
        return instant(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return _format_time(value)
    if isinstance(value, timedelta):
        return format_duration(value)
    if isinstance(value, (tuple, list)):
        return [_value_data(None, item, instant) for item in value]
    return value


def explanation_data(
    explanation: Explanation, instant: Callable[[datetime], str]
) -> dict[str, Any]:
    """``{"code", "params"[, "text"]}`` of a (nested) explanation."""
    data: dict[str, Any] = {
        "code": explanation.code,
        "params": params_data(explanation.code, explanation.params, instant),
    }
    if explanation.text is not None:
        data["text"] = explanation.text
    return data


def params_from(
    code: str, data: object, parse_instant: Callable[[object, str], datetime],
    parse_duration: Callable[[object, str], timedelta], path: str = "params",
) -> Params:
    """Typed parameters of ``code`` from JSON values (unknown codes keep them as read).

    Raises:
        InvalidValueError: not an object, a parameter the code does not have,
            or a value of the wrong kind (field ``params.<name>``).
    """
    if not isinstance(data, dict):
        raise InvalidValueError(
            f"{path}: expected an object (got {short_repr(data)})", field=path, value=data
        )
    kinds = PARAMS.get(code)
    found: dict[str, object] = {}
    problems: list[Problem] = []
    for name, value in data.items():
        where = f"{path}.{name}"
        try:
            if kinds is None:
                found[name] = _plain(value, where)
            elif name not in kinds:
                raise InvalidValueError(
                    f"{where}: code {code!r} has no parameter {name!r} (it has: "
                    f"{', '.join(sorted(kinds)) or 'none'})", field=where, value=name,
                )
            else:
                found[name] = _value_from(kinds[name], value, where, parse_instant,
                                          parse_duration)
        except RelanceError as exc:
            problems.extend(exc.problems)
    if problems:
        raise RelanceError.of(problems, what="params") if len(problems) > 1 else \
            InvalidValueError(f"{problems[0].field}: {problems[0].message}",
                              field=problems[0].field, value=problems[0].value)
    return Params(found)


def _plain(value: object, where: str) -> object:
    if isinstance(value, list):
        return tuple(_plain(v, f"{where}[{i}]") for i, v in enumerate(value))
    if isinstance(value, dict):
        raise InvalidValueError(
            f"{where}: a custom code's parameters are plain values (got an object)",
            field=where, value=value,
        )
    return value


def _value_from(
    kind: ParamKind, value: object, where: str,
    parse_instant: Callable[[object, str], datetime],
    parse_duration: Callable[[object, str], timedelta],
) -> object:
    def wrong(what: str) -> InvalidValueError:
        return InvalidValueError(f"{where}: expected {what} (got {short_repr(value)})",
                                 field=where, value=value)

    if kind == "instant":
        return parse_instant(value, where)
    if kind == "duration":
        return parse_duration(value, where)
    if kind == "date":
        if not isinstance(value, str):
            raise wrong("a date such as \"2026-12-25\"")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise wrong("a date such as \"2026-12-25\"") from None
    if kind == "time":
        if not isinstance(value, str):
            raise wrong("a time such as \"09:00\"")
        found = to_time(value)
        if not isinstance(found, time):
            raise wrong("a time such as \"09:00\"")
        return found
    if kind == "count":
        if isinstance(value, bool) or not isinstance(value, int):
            raise wrong("a whole number")
        return value
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise wrong("a number")
        return value
    if kind in ("ids", "channels", "quotes", "hours"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise wrong("an array of strings")
        if kind == "hours" and not all(_HOURS.fullmatch(v) for v in value):
            raise wrong("intervals such as \"09:00-12:00\"")
        if kind == "channels" and not all(v in _CHANNELS for v in value):
            raise wrong(f"channels among {', '.join(sorted(_CHANNELS))}")
        return tuple(value)
    if kind == "channel" and value not in _CHANNELS:
        raise wrong(f"one of {', '.join(sorted(_CHANNELS))}")
    if kind == "role" and value not in _ROLES:
        raise wrong(f"one of {', '.join(sorted(_ROLES))}")
    if kind == "zone":
        if not isinstance(value, str) or not _is_zone(value):
            raise wrong("an IANA time zone such as \"Europe/Paris\"")
        return value
    if kind == "explanation":
        return explanation_from(value, parse_instant, parse_duration, where)
    if kind == "explanations":
        if not isinstance(value, list):
            raise wrong("an array of explanations")
        return tuple(explanation_from(v, parse_instant, parse_duration, f"{where}[{i}]")
                     for i, v in enumerate(value))
    if not isinstance(value, str):
        raise wrong("a string")
    return value


def _at(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def explanation_from(
    data: object, parse_instant: Callable[[object, str], datetime],
    parse_duration: Callable[[object, str], timedelta], path: str = "explanation",
) -> Explanation:
    """An :class:`~relance.Explanation` from ``{"code", "params"[, "text"]}``.

    A library code is refused unless its sentence can be said: every
    parameter its sentence needs present, a known ``case``, role and channel.
    """
    if not isinstance(data, dict):
        raise InvalidValueError(
            f"{path}: expected an object (got {short_repr(data)})", field=path, value=data
        )
    extra = sorted(set(data) - {"code", "params", "text"})
    if extra:
        raise InvalidValueError(f"{_at(path, extra[0])}: unknown field (a typo?)",
                                field=_at(path, extra[0]), value=extra[0])
    code = data.get("code")
    if not isinstance(code, str) or not code:
        raise InvalidValueError(f"{_at(path, 'code')}: expected a code (got {short_repr(code)})",
                                field=_at(path, "code"), value=code)
    text = data.get("text")
    if text is not None and not isinstance(text, str):
        raise InvalidValueError(f"{_at(path, 'text')}: expected a string (got {short_repr(text)})",
                                field=_at(path, "text"), value=text)
    if code not in PARAMS and text is None:
        raise InvalidValueError(
            f"{_at(path, 'code')}: unknown code {code!r} without a text to say it",
            field=_at(path, "code"), value=code,
        )
    params = params_from(code, data.get("params", {}), parse_instant, parse_duration,
                         _at(path, "params"))
    found = Explanation(code=code, params=params, text=text)
    sayable(found, path)
    return found


def sayable(explanation: Explanation, path: str = "") -> None:
    """Refuse, with its path, an explanation of a library code that cannot be said.

    Raises:
        InvalidValueError: a ``case`` the code does not have, or a parameter its
            sentence needs that is missing (field ``<path>.params.<name>``).
    """
    code, params = explanation.code, explanation.params
    if code not in PARAMS or explanation.text is not None:
        return
    cases = CASES.get(code)
    case = params.get("case")
    # The case "" is a code's sentence without a case parameter (frequency-cap's own).
    if cases is not None and case not in cases and not (case is None and "" in cases):
        where = _at(path, "params.case")
        raise InvalidValueError(
            f"{where}: code {code!r} has the cases {', '.join(map(repr, cases))} "
            f"(got {short_repr(case)})", field=where, value=case,
        )
    for name in needed(code, case if isinstance(case, str) else None):
        if name not in params:
            where = _at(path, f"params.{name}")
            raise InvalidValueError(f"{where}: required by code {code!r}", field=where,
                                    value=None)


def locale_of(locale: object) -> str:
    """``locale`` checked (field ``locale``)."""
    language_of(locale)
    assert isinstance(locale, str)
    return locale


def iter_codes() -> Iterator[str]:
    """Every code with parameters (for the schema)."""
    return iter(PARAMS)


_CHANNELS = frozenset(c.value for c in Channel)
_HOURS = re.compile(r"\d\d:\d\d(:\d\d)?-\d\d:\d\d(:\d\d)?")
_ROLES = frozenset(r.value for r in Role)


def _is_zone(name: str) -> bool:
    return name in _iana_names()
