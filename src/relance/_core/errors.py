"""The library's exceptions: one base class, subclasses that match a built-in.

Every error says *where* (``field``, a path), *what* (``value``, the offending
value only, trimmed when huge) and lists *every* problem found
(``problems``), so that a CRM can show them all at once.  See
``docs/errors.md`` for the path convention.
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Iterable, Mapping, Sized
from typing import Final

import attrs

__all__ = [
    "DuplicateIdError",
    "InvalidValueError",
    "NaiveDatetimeError",
    "Problem",
    "RelanceError",
    "UnknownCountryError",
    "UnknownIdError",
    "UnknownTimezoneError",
    "quote_key",
    "short_repr",
    "shorten",
    "trim",
]

#: A string value longer than this is cut (and ends with "…").
MAX_TEXT: Final = 200
#: A collection value with more items than this is replaced by a description.
MAX_ITEMS: Final = 20
#: ``str()`` of an error lists at most this many problems, then "… and N more".
SHOWN_PROBLEMS: Final = 5
#: ... and stops earlier when its message would grow past this many characters.
MESSAGE_BUDGET: Final = 700
#: A run of characters without a space longer than this is cut in messages.
MAX_WORD: Final = 80

_LONG_WORD = re.compile(r"\S{" + str(MAX_WORD + 1) + ",}")


def shorten(message: str) -> str:
    """A message on one line, with any huge value in it cut (``…``).

    Examples:
        >>> shorten("unknown id '" + "Z" * 500 + "'")[-5:]
        'ZZZZ…'
    """
    flat = " ".join(message.split("\n"))
    return _LONG_WORD.sub(lambda m: m.group()[:MAX_WORD] + "…", flat)


_REPR = reprlib.Repr()
_REPR.maxstring = 80
_REPR.maxother = 80
_REPR.maxlist = _REPR.maxtuple = _REPR.maxset = _REPR.maxfrozenset = _REPR.maxdict = 6
_REPR.maxlevel = 3


def short_repr(value: object) -> str:
    """A repr for messages: huge strings, lists and mappings cut with ``...``.

    Examples:
        >>> short_repr(list(range(1000)))
        '[0, 1, 2, 3, 4, 5, ...]'
    """
    try:
        return _REPR.repr(value)
    except Exception:  # a repr of the user's that fails: say what it is
        return f"<{type(value).__name__}>"


def quote_key(key: str) -> str:
    """A mapping key as a path step: ``["pilot"]`` (JSON string quoting).

    Examples:
        >>> print(quote_key("pilot"), quote_key("a b"))
        ["pilot"] ["a b"]
    """
    escaped = key.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c >= " " else f"\\u{ord(c):04x}" for c in escaped)
    return f'["{escaped}"]'


def trim(value: object) -> object:
    """The value as an error keeps it: itself, or a short stand-in when huge.

    Examples:
        >>> trim("x" * 300)[-3:]
        'xx…'
        >>> trim(list(range(5000)))
        '<list of 5000 items>'
        >>> trim([{"account": "x" * 1000}])
        '<list of 1 item>'
        >>> trim(42)
        42
    """
    if isinstance(value, str):
        return value if len(value) <= MAX_TEXT else value[:MAX_TEXT] + "…"
    if isinstance(value, bytes):
        return value if len(value) <= MAX_TEXT else value[:MAX_TEXT] + b"..."
    if (
        isinstance(value, (Mapping, list, tuple, set, frozenset))
        and isinstance(value, Sized)
        and (len(value) > MAX_ITEMS or _size(value, MAX_TEXT) > MAX_TEXT)
    ):
        return f"<{type(value).__name__} of {len(value)} item{'s' * (len(value) != 1)}>"
    return value


def _size(value: object, budget: int) -> int:
    """A rough size of a value's text, counted up to ``budget`` (a huge one stops early)."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, Mapping):
        items: Iterable[object] = (x for pair in value.items() for x in pair)
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = value
    else:
        return 8
    total = 2
    for item in items:
        total += _size(item, budget - total) + 2
        if total > budget:
            break
    return total


@attrs.frozen(kw_only=True)
class Problem:
    """One problem of a bad input: where, what is wrong, and the offending value.

    Attributes:
        field: the path of the bad value (see ``docs/errors.md``), e.g.
            ``history[3].at`` in a document or ``Contact.timezone`` in Python.
        message: what is wrong, in a sentence, without the path.
        value: the offending value (trimmed when huge).

    Examples:
        >>> str(Problem(field="history[3].at", message="naive datetime", value="2026-11-02"))
        'history[3].at: naive datetime'
    """

    field: str
    message: str = attrs.field(converter=shorten)
    value: object = attrs.field(default=None, converter=trim)

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class RelanceError(Exception):
    """Base class of every error raised by relance.

    Attributes:
        message: one line saying what is wrong (also ``str(error)``).
        field: where the (first) problem is, as a path: ``Policy.backoff`` for
            a constructor, ``history[3].at`` in a document, ``$`` for a
            document as a whole, ``horizon`` for an argument.
        value: the offending value (never the whole document; trimmed when huge).
        problems: every problem found, as :class:`Problem` records; the
            first is ``field``/``value``.

    Examples:
        >>> import relance
        >>> try:
        ...     relance.Policy(backoff=0.5)
        ... except relance.RelanceError as exc:
        ...     print(exc.field, exc.value, len(exc.problems))
        Policy.backoff 0.5 1
    """

    def __init__(
        self,
        message: str,
        *,
        field: str = "",
        value: object = None,
        problems: Iterable[Problem] = (),
    ) -> None:
        found = tuple(problems)
        if not found:
            text = message
            if field and text.startswith(field):
                text = text[len(field):].lstrip(":").lstrip()
            found = (Problem(field=field, message=text, value=value),)
        message = shorten(message)
        super().__init__(message)
        self.message = message
        self.problems: tuple[Problem, ...] = found
        self.field = found[0].field
        self.value = found[0].value

    def __str__(self) -> str:
        return self.message

    @classmethod
    def of(cls, problems: Iterable[Problem], *, what: str) -> RelanceError:
        """One error for a list of problems (internal).

        ``what`` names the input (``Document``, ``Policy``); the message lists
        the first few problems, then "… and N more".
        """
        found = tuple(problems)
        parts: list[str] = []
        for problem in found[:SHOWN_PROBLEMS]:
            if parts and sum(len(p) + 2 for p in parts) + len(str(problem)) > MESSAGE_BUDGET:
                break
            parts.append(str(problem))
        shown = "; ".join(parts)
        more = len(found) - len(parts)
        tail = f"; … and {more} more" if more > 0 else ""
        count = f"{len(found)} problems: " if len(found) > 1 else ""
        return cls(f"invalid {what}: {count}{shown}{tail}", problems=found)


class InvalidValueError(RelanceError, ValueError):
    """A value is of the wrong type, shape or range (or several problems at once)."""


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
