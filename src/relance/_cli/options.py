"""Option values the command line reads itself: instants (``--now``, ``--at``), ``--horizon``.

Every bad value is an :class:`~relance.InvalidValueError` whose field is the
option and whose message names it and quotes the value as it was typed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import timedelta

import pendulum

from .._core.errors import InvalidValueError, RelanceError
from .._core.instants import MAX_DURATION, Elapsed
from .._io.serialization import parse_duration, parse_instant

__all__ = ["clock_or", "language_from", "parse_horizon", "parse_option_instant"]

_SHORT = re.compile(r"^([0-9]+)([wdh])$", re.ASCII)  # ASCII digits only: not full-width ones
# A unit's length in hours, to compare with the supported range before building anything.
_HOURS = {"w": 7 * 24, "d": 24, "h": 1}
_HINT = "expected 12w, 30d, 36h or an ISO 8601 duration such as P12W or PT36H, up to 100 years"
_RANGE = f"out of range: the longest horizon is {MAX_DURATION.days} days (100 years)"


def _bad(option: str, text: str, why: str) -> InvalidValueError:
    shown = text if len(text) <= 60 else text[:60] + "…"
    return InvalidValueError(f"{option}: {why} (got {shown!r})", field=option, value=text)


def parse_horizon(text: str, option: str = "--horizon") -> timedelta:
    """``12w``, ``30d``, ``36h`` or an ISO 8601 duration, from zero (excluded) to 100 years.

    ``12w`` and ``30d`` are calendar days, ``36h`` and ``PT36H`` elapsed time.

    Examples:
        >>> parse_horizon("12w") == timedelta(weeks=12), parse_horizon("PT36H").total_seconds()
        (True, 129600.0)
        >>> parse_horizon("99999999w")
        Traceback (most recent call last):
        ...
        relance._core.errors.InvalidValueError: --horizon: out of range: the longest \
horizon is 36525 days (100 years) (got '99999999w')

    Raises:
        InvalidValueError: not one of those shapes, zero, or beyond 100 years
            (field ``--horizon``), never an ``OverflowError``.
    """
    value = text.strip()
    match = _SHORT.match(value)
    if match is None:
        try:
            horizon = parse_duration(value, option)
        except RelanceError as exc:
            if "out of range" in exc.message:
                raise _bad(option, text, _RANGE) from None
            raise _bad(option, text, _HINT) from None
    else:
        digits, unit = match.group(1), match.group(2)
        amount = int(digits) if len(digits) <= 12 else MAX_DURATION.days * 24 + 1
        if amount * _HOURS[unit] > MAX_DURATION.days * 24:
            raise _bad(option, text, _RANGE)
        horizon = Elapsed(hours=amount) if unit == "h" else timedelta(
            days=amount * _HOURS[unit] // 24
        )
    if horizon <= timedelta(0):
        raise _bad(option, text, "a horizon must be longer than zero")
    return horizon


def parse_option_instant(text: str, option: str) -> pendulum.DateTime:
    """An aware instant typed as an option (``--now``, ``--at``), within the supported range.

    Examples:
        >>> parse_option_instant("2026-11-23T08:00+01:00", "--now").isoformat()
        '2026-11-23T08:00:00+01:00'
        >>> parse_option_instant("2026-11-23T08:00", "--at")
        Traceback (most recent call last):
        ...
        relance._core.errors.NaiveDatetimeError: --at: naive datetime '2026-11-23T08:00'; \
give its offset, e.g. '2026-11-02T10:00+01:00'

    Raises:
        InvalidValueError: not ISO 8601, without an offset, with an unknown
            zone, or outside 1900–2200 (field: the option).
    """
    return parse_instant(text.strip(), option)


def clock_or(text: str | None, option: str) -> pendulum.DateTime:
    """The instant given as an option, or the current one (the only read of the clock)."""
    if text is None:
        return pendulum.now("UTC")
    return parse_option_instant(text, option)


def language_from(environ: Mapping[str, str]) -> str:
    """The explanations' language from the environment: ``LC_ALL``, ``LC_MESSAGES``, ``LANG``.

    The first one set (as POSIX says) gives the language when it has a
    catalog; otherwise English.  Only the command line reads the environment.

    Examples:
        >>> language_from({"LANG": "fr_FR.UTF-8"}), language_from({"LC_ALL": "C"})
        ('fr', 'en')
        >>> language_from({"LC_ALL": "", "LC_MESSAGES": "de_DE", "LANG": "fr_FR"})
        'en'
    """
    from .._words.render import LOCALES

    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            language = value.split(".")[0].split("@")[0].split("_")[0].lower()
            return language if language in LOCALES else "en"
    return "en"
