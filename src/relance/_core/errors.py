"""The library's exceptions: one base class, subclasses that match a built-in."""

from __future__ import annotations

__all__ = [
    "DuplicateIdError",
    "InvalidValueError",
    "NaiveDatetimeError",
    "RelanceError",
    "UnknownCountryError",
    "UnknownIdError",
    "UnknownTimezoneError",
]


class RelanceError(Exception):
    """Base class of every error raised by relance.

    Every error names the offending ``field`` and ``value`` so an integration
    can point at the bad input without parsing the message.

    Examples:
        >>> import relance
        >>> try:
        ...     relance.Policy(backoff=0.5)
        ... except relance.RelanceError as exc:
        ...     print(exc.field, exc.value)
        Policy.backoff 0.5
    """

    def __init__(self, message: str, *, field: str = "", value: object = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.value = value

    def __str__(self) -> str:
        return self.message


class InvalidValueError(RelanceError, ValueError):
    """A value is of the wrong type or out of its allowed range."""


class NaiveDatetimeError(InvalidValueError):
    """A datetime without a time zone was given where an instant is needed."""


class UnknownTimezoneError(InvalidValueError):
    """A time zone name is not a known IANA zone."""


class UnknownCountryError(InvalidValueError):
    """A country or subdivision code is not known to the ``holidays`` package."""


class DuplicateIdError(InvalidValueError):
    """Two items of one collection share an id."""


class UnknownIdError(RelanceError, KeyError):
    """An id refers to no contact, idea or checkpoint of the account."""

    def __str__(self) -> str:  # KeyError would quote the message
        return self.message
