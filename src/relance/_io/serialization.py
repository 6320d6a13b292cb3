"""JSON in and out, through one cattrs converter (an edge: the core never imports it).

* Instants are ISO 8601 with their offset and, when they have one, their
  IANA zone in brackets (RFC 9557): ``"2026-11-02T10:00:00+01:00[Europe/Paris]"``.
  On input the bracket is optional; an offset is not.
* Durations are ISO 8601 durations that say what they mean: ``"P7D"``
  (calendar days), ``"PT36H"`` (elapsed time, :class:`~relance.Elapsed`).
* Enums are their values, sets sorted arrays, times ``"HH:MM"``.

Bad input is refused as a whole: one :class:`~relance.RelanceError` whose
``problems`` list the JSON path of every bad field, e.g.
``history[3].at: naive datetime '2026-11-02T10:00'`` (see ``docs/errors.md``).
The JSON text itself is read strictly: no duplicate keys, no ``NaN``, no
integer of more than 18 digits, no lone surrogate, at most 64 levels deep.
"""

from __future__ import annotations

import contextvars
import json
import os
import re
import sys
import typing
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, time, timedelta, timezone
from enum import Enum
from typing import Any, Final, TypeVar

import attrs
import cattrs
import pendulum
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from .._core.audit import AuditFinding, Counts
from .._core.caps import Cap, Period, Scope
from .._core.errors import (
    InvalidValueError,
    NaiveDatetimeError,
    Problem,
    RelanceError,
    UnknownIdError,
    UnknownTimezoneError,
    quote_key,
    trim,
)
from .._core.explain import PARAMS, Explanation
from .._core.history import History
from .._core.inputs import one_class, problems_of, raise_problems
from .._core.instants import (
    MAX_DURATION,
    Elapsed,
    format_duration,
    in_range,
    show,
    to_datetime,
    to_us,
)
from .._core.models import (
    Account,
    Channel,
    Direction,
    Idea,
    Outcome,
    Role,
    Schedule,
    Touch,
    WorkingHours,
    known_zone,
)
from .._core.plan import (
    Advice,
    Hypothesis,
    IdeaNeeded,
    Kind,
    RedFlag,
    Relance,
    Skipped,
    Waiting,
)
from .._core.policy import Policy, register_edge
from .._core.qualification import Budget, Knowledge, Process
from .._core.schedule import rehome
from .._core.validation import RANGE_TEXT, digits, encodable, got, require, require_items
from .._core.verdict import Code, Reason
from .explanations import (
    LOCALE,
    explanation_data,
    explanation_from,
    locale_of,
    params_data,
    params_from,
    sayable,
)
from .fast import fast_idea, fast_touch

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = [
    "Document",
    "converter",
    "format_duration",
    "format_instant",
    "from_dict",
    "from_json",
    "parse_duration",
    "parse_instant",
    "to_dict",
    "to_json",
]

T = TypeVar("T")

#: How deep a JSON document may nest.
MAX_DEPTH: Final = 64
#: The most digits an integer of a JSON document may have.
MAX_DIGITS: Final = 18


#: Whether a document read now may have touches naming ideas its backlog no
#: longer holds: an audit's input (``load_document(..., partial_backlog=True)``).
PARTIAL_BACKLOG: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "relance_partial_backlog", default=False
)


def _to_touches(value: Any) -> Any:
    return require_items(value, Touch, "Document.history")


def _to_ideas(value: Any) -> Any:
    return require_items(value, Idea, "Document.ideas")


def _check_account(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    require(value, Account, "Document.account")


def _check_policy(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        require(value, Policy, "Document.policy")


@attrs.frozen(kw_only=True)
class Document:
    """The one input document of files and APIs: an account, its history, its ideas.

    ``policy`` is optional (the default policy when absent).  A document is
    consistent, or refused whole: every contact, idea and checkpoint a touch
    or an idea names exists, idea ids are unique — so a document that loads
    is one that ``check`` and ``plan`` accept.  (Read for an audit, whose
    history outlives the backlog, its touches may name ideas the backlog no
    longer holds: ``relance audit`` reads it so.)

    Examples:
        >>> doc = from_json(Document, '''{"account": {"id": "acme", "name": "Acme",
        ...   "needs": ["training"], "contacts": [{"id": "ana", "name": "Ana",
        ...   "role": "decision_maker", "timezone": "Europe/Paris", "country": "FR"}]},
        ...   "history": [], "ideas": []}''')
        >>> doc.account.contact("ana").timezone
        'Europe/Paris'
    """

    account: Account = attrs.field(validator=_check_account)
    history: tuple[Touch, ...] = attrs.field(default=(), converter=_to_touches)
    ideas: tuple[Idea, ...] = attrs.field(default=(), converter=_to_ideas)
    policy: Policy | None = attrs.field(default=None, validator=_check_policy)

    def __attrs_post_init__(self) -> None:
        raise_problems(
            problems_of(
                self.account,
                self.history,
                self.ideas,
                history_name="Document.history",
                ideas_name="Document.ideas",
                shared_in_backlog=not PARTIAL_BACKLOG.get(),
            ),
            what="Document",
        )

    @property
    def the_policy(self) -> Policy:
        """The document's policy, or the default one."""
        return self.policy if self.policy is not None else Policy()

    @property
    def the_history(self) -> History:
        """The history, as a :class:`~relance.History`."""
        return History(self.history)


# -- durations and instants --------------------------------------------------

# ASCII digits only (``\d`` would take Arabic-Indic or full-width digits);
# either calendar days (and weeks) or a time part, never both: "P1DT2H" would
# mix a calendar day with elapsed hours.
_DURATION = re.compile(
    r"P(?:(?:(?P<weeks>[0-9]{1,9})W)?(?:(?P<days>[0-9]{1,9})D)?"
    r"|T(?:(?P<hours>[0-9]{1,12})H)?(?:(?P<minutes>[0-9]{1,12})M)?"
    r"(?:(?P<seconds>[0-9]{1,15})(?:\.(?P<fraction>[0-9]{1,6}))?S)?)",
    re.ASCII,
)


def parse_duration(text: object, field: str = "duration") -> timedelta:
    """An ISO 8601 duration: ``P7D``/``P2W`` (calendar days) or ``PT36H`` (elapsed).

    A time part (``PT…``) is read as :class:`~relance.Elapsed`, whole days
    included (``PT48H`` is 48 hours, not two calendar days); a day part as a
    plain ``timedelta`` of calendar days.  Every microsecond is kept; more
    precision, months, years, a mix of days and hours, or more than 100
    years are refused.

    Examples:
        >>> parse_duration("PT48H"), parse_duration("P2D")
        (Elapsed(hours=48), datetime.timedelta(days=2))
    """
    match = _DURATION.fullmatch(text) if isinstance(text, str) else None
    if match is None or not any(match.groupdict().values()):
        raise InvalidValueError(
            f"{_at(field)}not an ISO 8601 duration such as 'P7D' (calendar days) or 'PT36H' "
            f"(elapsed time) (got {_json_repr(text)}); months and years have no fixed length, and "
            "days and hours do not mix",
            field=field,
            value=text,
        )
    parts = {k: int(v) for k, v in match.groupdict().items() if v is not None and k != "fraction"}
    if match["fraction"] is not None:
        parts["microseconds"] = int(match["fraction"].ljust(6, "0"))
    try:
        if match["hours"] is None and match["minutes"] is None and match["seconds"] is None:
            value: timedelta = timedelta(**parts)
        else:
            value = Elapsed(**parts)
    except OverflowError:
        value = MAX_DURATION * 2  # out of range: refused just below
    if value > MAX_DURATION:
        raise InvalidValueError(
            f"{_at(field)}{text!r} is out of range: the longest supported duration is "
            f"{format_duration(MAX_DURATION)!r} (100 years)",
            field=field,
            value=text,
        )
    return value


# RFC 3339 with an optional seconds part and at most six decimals; an offset
# may carry seconds (local mean times before 1911 do).  Not the other shapes
# fromisoformat takes (a space, week dates, basic format): what is read is
# what the schema says and what is written back.  A lone date or time
# without an offset is read, to be refused as naive.
_RFC3339 = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2}(:[0-9]{2})?)?)?"
)


def format_instant(value: datetime) -> str:
    """ISO 8601 with offset, and the IANA zone in brackets when there is one."""
    name = getattr(value.tzinfo, "key", None)  # IANA zones only, not fixed offsets
    text = value.isoformat()
    return f"{text}[{name}]" if isinstance(name, str) else text


# What can be read at all (outputs such as a verdict's lift may pass 2200);
# inputs are held to the supported range by the models and by ``supported``.
_READABLE = (datetime(2, 1, 1, tzinfo=timezone.utc), datetime(9998, 1, 1, tzinfo=timezone.utc))


def parse_instant(text: object, field: str = "at", *, supported: bool = True) -> pendulum.DateTime:
    """An aware instant from ISO 8601 (with an offset, optionally ``[Zone/Name]``).

    Examples:
        >>> parse_instant("2026-11-02T10:00:00+01:00[Europe/Paris]").timezone_name
        'Europe/Paris'
    """
    if not isinstance(text, str):
        raise InvalidValueError(
            f"{_at(field)}an instant must be an ISO 8601 string (got {_json_repr(text)})",
            field=field,
            value=text,
        )
    stamp, zone = text, None
    if text.endswith("]") and "[" in text:
        stamp, zone = text[:-1].split("[", 1)
    try:
        if not _RFC3339.fullmatch(stamp):  # also refuses a 7th decimal fromisoformat drops
            raise ValueError(stamp)
        parsed = datetime.fromisoformat(stamp)
    except ValueError:
        raise InvalidValueError(
            f"{_at(field)}not an ISO 8601 instant such as '2026-11-02T10:00:00+01:00' "
            f"(got {text!r})",
            field=field,
            value=text,
        ) from None
    if parsed.utcoffset() is None:
        raise NaiveDatetimeError(
            f"{_at(field)}naive datetime {text!r}; give its offset, e.g. "
            "'2026-11-02T10:00+01:00'",
            field=field,
            value=text,
        )
    if not (in_range(parsed) if supported else _READABLE[0] <= parsed < _READABLE[1]):
        raise InvalidValueError(
            f"{_at(field)}{text!r} is out of range: {RANGE_TEXT}", field=field, value=text
        )
    if zone is None:
        return pendulum.instance(parsed)
    try:
        where = known_zone(zone)
    except RelanceError:
        raise UnknownTimezoneError(
            f"{_at(field)}unknown time zone {trim(zone)!r} in {text!r}", field=field, value=text
        ) from None
    located = to_datetime(to_us(parsed), where)
    if located.utcoffset() != parsed.utcoffset():
        raise InvalidValueError(
            f"{_at(field)}offset and zone disagree in {text!r}: {zone} is at "
            f"{located.isoformat()} then",
            field=field,
            value=text,
        )
    return located


def _at(field: str) -> str:
    """``"field: "`` to start a message, or nothing when the path is given later."""
    return f"{field}: " if field else ""


# -- reading JSON text strictly ------------------------------------------------


#: How many suspect leaves and objects with duplicate keys were ever read: a
#: parse that leaves it unchanged had none (another thread's can only make
#: it change, which costs a walk, never a miss).
_MARKS = [0]


class _Suspect:
    """A JSON leaf that cannot be taken as it is; the walk reports it with its path."""

    __slots__ = ("text", "why")

    def __init__(self, text: str, why: str) -> None:
        self.text = text
        self.why = why
        _MARKS[0] += 1


class _Duplicates(dict):  # type: ignore[type-arg]
    """An object that had duplicate keys (the walk reports them)."""

    __slots__ = ("duplicates",)


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = dict(pairs)
    if len(result) == len(pairs):
        return result
    seen: set[str] = set()
    repeated = []
    for key, _ in pairs:
        if key in seen and key not in repeated:
            repeated.append(key)
        seen.add(key)
    _MARKS[0] += 1
    marked = _Duplicates(result)
    marked.duplicates = repeated  # type: ignore[attr-defined]
    return marked


def _int(text: str) -> object:
    if len(text.lstrip("-")) > MAX_DIGITS:
        return _Suspect(text, f"an integer of more than {MAX_DIGITS} digits")
    return int(text)


def _float(text: str) -> object:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        return _Suspect(text, "a number too large for a double")
    return value


def _constant(text: str) -> object:
    return _Suspect(text, f"{text} (not JSON: numbers must be finite)")


def _walk(value: Any, path: str, depth: int, found: list[Problem]) -> None:
    if depth > MAX_DEPTH:
        found.append(Problem(field=path or "$", message=f"nested more than {MAX_DEPTH} levels "
                             "deep", value="…"))
        return
    if isinstance(value, _Suspect):
        found.append(Problem(field=path or "$", message=f"{value.why} (got {value.text[:40]}"
                             f"{'…' if len(value.text) > 40 else ''})", value=value.text))
    elif isinstance(value, str):
        if not value.isascii() and not encodable(value):
            found.append(Problem(field=path or "$", message="a lone surrogate (\\ud800-\\udfff) "
                                 "is not text", value=value))
    elif isinstance(value, dict):
        for key in getattr(value, "duplicates", ()):
            found.append(Problem(field=_join(path, key) or "$",
                                 message="duplicate key (which one is meant?)", value=key))
        for key, item in value.items():
            if not key.isascii() and not encodable(key):
                found.append(Problem(field=path or "$", message="a key holds a lone surrogate",
                                     value=key))
                continue
            _walk(item, _join(path, key), depth + 1, found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, f"{path}[{index}]", depth + 1, found)


def _join(path: str, key: str) -> str:
    if len(key) > 40:
        key = key[:40] + "…"
    if not key.isidentifier():
        return f"{path}{quote_key(key)}"
    return f"{path}.{key}" if path else key


def _position(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line} column {column}"


def load_json(text: str | bytes | bytearray, *, what: str = "JSON") -> Any:
    """Parse JSON text strictly (see the module's docstring); one error, field ``$``."""
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidValueError(
                f"invalid {what}: $: not UTF-8 text: byte {exc.start} "
                f"({exc.object[exc.start:exc.start + 1]!r}) cannot be decoded",
                field="$",
                value=exc.object[max(0, exc.start - 20) : exc.start + 20],
            ) from None
    if not isinstance(text, str):
        raise InvalidValueError(
            f"$: JSON text must be str or bytes (got {type(text).__name__})", field="$",
            value=text,
        )
    if text.startswith("\ufeff"):
        raise InvalidValueError(
            f"invalid {what}: $: starts with a byte order mark; save it as UTF-8 without a BOM",
            field="$",
            value=text[:20],
        )
    # A lone surrogate in the text itself (-1): the walk says where.
    marks = _MARKS[0] if text.isascii() or encodable(text) else -1
    try:
        data = json.loads(
            text, object_pairs_hook=_pairs, parse_int=_int, parse_float=_float,
            parse_constant=_constant,
        )
    except json.JSONDecodeError as exc:
        raise InvalidValueError(
            f"invalid {what}: $: not valid JSON: {exc.msg} at {_position(text, exc.pos)}",
            field="$",
            value=text[max(0, exc.pos - 20) : exc.pos + 20],
        ) from None
    except RecursionError:
        raise InvalidValueError(
            f"invalid {what}: $: nested more than {MAX_DEPTH} levels deep", field="$",
            value="…",
        ) from None
    if marks == _MARKS[0] and not _SURROGATE.search(text) and not _too_deep(text, data):
        return data  # nothing the walk could find (it costs more than the parse)
    found: list[Problem] = []
    _walk(data, "", 0, found)
    if found:
        raise InvalidValueError.of(found, what=what)
    return data


#: Where a lone surrogate can come from in text that encodes: an escape.
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


def _too_deep(text: str, data: object) -> bool:
    """Whether valid JSON text nests more than ``MAX_DEPTH`` levels.

    Counted on the parsed value, level by level (each container is one pair
    of brackets in the text); only when the text has enough brackets to nest
    that deep.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return False
    level: list[dict[str, Any] | list[Any]] = (
        [data] if isinstance(data, (dict, list)) else [])
    depth = 0
    while level:
        depth += 1
        if depth > MAX_DEPTH:
            return True
        deeper: list[dict[str, Any] | list[Any]] = []
        for value in level:
            items = value.values() if isinstance(value, dict) else value
            deeper.extend(item for item in items if isinstance(item, (dict, list)))
        level = deeper
    return False


# -- the converter ------------------------------------------------------------

_JSON_TYPES = {
    str: "a string",
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    list: "an array",
    dict: "an object",
    type(None): "null",
}


def _json_type(value: object) -> str:
    for kind, name in _JSON_TYPES.items():
        if type(value) is kind:
            return name
    return f"a {type(value).__name__}"


def _json_repr(value: object) -> str:
    """A value as a data author would recognise it."""
    if isinstance(value, (dict, list)):
        size = len(value)
        return f"{_json_type(value)} of {size} item{'s' if size != 1 else ''}"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return digits(value)
    text = show(value)
    if not isinstance(value, (str, float)):  # a Python object, not JSON: say what it is
        text = f"a {type(value).__name__} {text}"
    return text if len(text) <= 60 else text[:60] + "…"


def _strict(kind: type[Any], *, also: tuple[type[Any], ...] = ()) -> Any:
    """A structure hook that accepts only ``kind`` (never ``bool`` for numbers).

    cattrs would call ``bool("false")`` (True!) or ``int("3")``: JSON input is
    taken as it is or refused, never silently coerced.
    """
    accepted = (kind, *also)
    expected = _JSON_TYPES[kind]

    def structure(value: object, _: object) -> Any:
        if (isinstance(value, bool) and kind is not bool) or not isinstance(value, accepted):
            raise InvalidValueError(
                f"expected {expected} (got {_json_repr(value)})", field="", value=value
            )
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**MAX_DIGITS:
            raise InvalidValueError(
                f"an integer of more than {MAX_DIGITS} digits (got {digits(value)})",
                field="",
                value=value,
            )
        return value

    return structure


def _enum_hook(enum: type[Enum]) -> Callable[[Any, Any], Any]:
    values = ", ".join(repr(m.value) for m in enum)

    def structure(value: Any, _: Any) -> Any:
        if isinstance(value, enum):
            return value
        for member in enum:
            if type(value) is type(member.value) and member.value == value:
                return member
        raise InvalidValueError(
            f"expected one of {values} (got {_json_repr(value)})", field="", value=value
        )

    return structure


def _is_collection(type_: Any) -> bool:
    origin = typing.get_origin(type_)
    return origin in (tuple, frozenset, set, list) and type_ is not History


def _collection_hook(conv: cattrs.Converter) -> Callable[[Any], Callable[[Any, Any], Any]]:
    """Arrays only: a string is not a list of letters, an object not a list of keys."""

    def factory(type_: Any) -> Callable[[Any, Any], Any]:
        origin = typing.get_origin(type_)
        item_type = typing.get_args(type_)[0]
        is_set = origin in (frozenset, set)

        # JSON gives lists; a Python caller of from_dict may give a tuple (or a
        # set where a set is meant), never a string or a mapping.
        accepted: tuple[type[Any], ...] = (list, tuple, set, frozenset) if is_set else (list, tuple)

        def structure(value: Any, _: Any) -> Any:
            if not isinstance(value, accepted):
                raise InvalidValueError(
                    f"expected an array (got {_json_repr(value)})", field="", value=value
                )
            items: list[Any] = []
            errors: list[Exception] = []
            seen: set[Any] = set()
            for index, raw in enumerate(value):
                try:
                    item = conv.structure(raw, item_type)
                    if is_set:
                        if item in seen:
                            raise InvalidValueError(
                                f"duplicate item {_json_repr(raw)} in a set", field="",
                                value=raw,
                            )
                        seen.add(item)
                    items.append(item)
                except Exception as exc:  # collected, reported with its index
                    notes = [
                        *getattr(exc, "__notes__", []),
                        IterableValidationNote(f"@ index {index}", index, item_type),
                    ]
                    exc.__notes__ = notes  # type: ignore[attr-defined]  # 3.11's add_note
                    errors.append(exc)
            if errors:
                raise IterableValidationError(f"while structuring {type_}", errors, type_)
            return frozenset(items) if is_set else tuple(items) if origin is tuple else items

        return structure

    return factory


def _object_hook(conv: cattrs.Converter) -> Callable[[Any], Callable[[Any, Any], Any]]:
    """Objects only, for models: a list or a string is not a model."""

    def factory(cls: Any) -> Callable[[Any, Any], Any]:
        if cls is Policy:
            inner = make_dict_structure_fn(
                Policy, conv, rules=override(omit=True), _cattrs_forbid_extra_keys=True
            )
        else:
            inner = make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True)

        def structure(value: Any, type_: Any) -> Any:
            if not isinstance(value, dict):
                raise InvalidValueError(
                    f"expected an object (got {_json_repr(value)})", field="", value=value
                )
            odd = next((key for key in value if not isinstance(key, str)), None)
            if odd is not None:
                raise InvalidValueError(
                    f"keys must be strings (got {odd!r})", field="", value=odd
                )
            try:
                return inner(value, type_)
            except ClassValidationError as exc:
                failed = {_attribute(e) for e in exc.exceptions}
                more = _field_errors(conv, cls, value, skip=failed)
                if more:
                    raise ClassValidationError(exc.message, [*exc.exceptions, *more], cls) from None
                raise
            except RelanceError as exc:
                # A validator of the constructor: the others may have more to say.
                more = _field_errors(conv, cls, value, skip={_attribute(exc)})
                if not more:
                    raise
                raise ClassValidationError(
                    f"while structuring {cls.__name__}", [exc, *more], cls
                ) from None

        return structure

    return factory


def _attribute(exc: BaseException) -> str | None:
    """The attribute an error is about: from cattrs' note, or a "Class.attribute" field."""
    for note in getattr(exc, "__notes__", []):
        if isinstance(note, AttributeValidationNote):
            return note.name
    if isinstance(exc, RelanceError) and _CLASS_NAME.match(exc.field) and "." in exc.field:
        return re.split(r"[.\[]", exc.field.split(".", 1)[1])[0]
    return None


def _noted(exc: Exception, name: str, type_: Any) -> Exception:
    if isinstance(exc, RelanceError) and _CLASS_NAME.match(exc.field):
        return exc  # it names its own attribute ("Policy.cap")
    notes = [*getattr(exc, "__notes__", []), AttributeValidationNote(f"@ {name}", name, type_)]
    exc.__notes__ = notes  # type: ignore[attr-defined]  # 3.11's add_note
    return exc


def _field_errors(
    conv: cattrs.Converter, cls: Any, value: dict[str, Any], *, skip: set[str | None]
) -> list[Exception]:
    """The problems of each field taken alone (structure, convert, validate).

    attrs stops at the first failing validator, cattrs builds nothing when a
    field fails: to list every problem at once, each other field is checked
    on its own, against a blank instance (validators only read its class).
    """
    blank = object.__new__(cls)
    found: list[Exception] = []
    for field in attrs.fields(attrs.resolve_types(cls)):
        if not field.init or field.name in skip or field.name not in value:
            continue
        if cls is Policy and field.name == "rules":
            continue
        try:
            item = conv.structure(value[field.name], field.type)
            if field.converter is not None:
                item = field.converter(item)
            if field.validator is not None:
                field.validator(blank, field, item)
        except (BaseValidationError, RelanceError) as exc:
            found.append(_noted(exc, field.name, field.type))
    return found


def _make_converter(*, fast: bool = True) -> cattrs.Converter:
    """The converter of every edge; ``fast=False`` leaves out the fast ingestion path.

    The strict converter is what the fast path is tested against: both
    accept and refuse the same input, with the same errors.
    """
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_structure_hook(bool, _strict(bool))
    conv.register_structure_hook(int, _strict(int))
    conv.register_structure_hook(float, _strict(float, also=(int,)))
    conv.register_structure_hook(str, _strict(str))
    conv.register_unstructure_hook(pendulum.DateTime, format_instant)
    # The models hold their instants to the supported range; a verdict or a
    # plan may say "not before 2231", which reads back.
    conv.register_structure_hook(
        pendulum.DateTime, lambda v, _: parse_instant(v, "", supported=False)
    )
    conv.register_unstructure_hook(datetime, format_instant)
    conv.register_structure_hook(datetime, lambda v, _: parse_instant(v, "", supported=False))
    conv.register_unstructure_hook(timedelta, format_duration)
    conv.register_structure_hook(timedelta, lambda v, _: parse_duration(v, ""))
    conv.register_unstructure_hook(time, lambda t: t.isoformat(timespec="minutes")
                                   if not t.second and not t.microsecond else t.isoformat())
    # A string (WorkingHours parses and validates it), or a TOML local time.
    conv.register_structure_hook(time, _strict(str, also=(time,)))
    conv.register_unstructure_hook_func(
        lambda t: getattr(t, "__origin__", t) in (frozenset, set),
        lambda s: sorted(conv.unstructure(x) for x in s),
    )
    conv.register_unstructure_hook(History, lambda h: [conv.unstructure(t) for t in h])
    # Explicitly: these enums are str subclasses, which the str hook would catch.
    for enum in (Role, Channel, Direction, Outcome, Kind, Code, Knowledge, Budget, Process,
                 Period, Scope):
        conv.register_structure_hook(enum, _enum_hook(enum))
    conv.register_structure_hook_factory(_is_collection, _collection_hook(conv))
    conv.register_structure_hook_factory(attrs.has, _object_hook(conv))
    if fast:
        conv.register_structure_hook(Touch, fast_touch(
            _object_hook(conv)(Touch), lambda v: parse_instant(v, "", supported=False)
        ))
        conv.register_structure_hook(Idea, fast_idea(
            _object_hook(conv)(Idea), lambda v: parse_instant(v, "", supported=False)
        ))
    conv.register_structure_hook(
        History, lambda v, _: History(conv.structure(v, tuple[Touch, ...]))
    )
    # An audit's counts (by reason code, by month): a JSON object of integers.
    conv.register_unstructure_hook(Counts, dict)
    conv.register_structure_hook(Counts, lambda v, _: _counts_from(v))
    # A cap writes what it says (TOML has no null): a window or a period, a
    # channel only when it has one.
    cap_fields = make_dict_unstructure_fn(Cap, conv)
    conv.register_unstructure_hook(
        Cap, lambda cap: {k: (v.value if isinstance(v, Enum) else v)
                          for k, v in cap_fields(cap).items() if v is not None})
    _hours_hooks(conv)
    # Custom rules are code, not data: never read from JSON, refused on write.
    plain = make_dict_unstructure_fn(Policy, conv, rules=override(omit=True))

    def unstructure_policy(policy: Policy) -> dict[str, Any]:
        if policy.rules:
            raise InvalidValueError(
                "Policy.rules: a policy with custom rules cannot be written as data: custom "
                "rules are code (write the policy without them and add them when loading)",
                field="Policy.rules",
                value=policy.rules,
            )
        data: dict[str, Any] = plain(policy)
        return data

    conv.register_unstructure_hook(Policy, unstructure_policy)
    _explained_hooks(conv)
    return conv


def _is_hours(type_: Any) -> bool:
    """``WorkingHours | Schedule`` (optional or not): working time as data."""
    args = set(typing.get_args(type_))
    return bool(args) and Schedule in args and args <= {WorkingHours, Schedule, type(None)}


def _is_schedules(type_: Any) -> bool:
    """``Policy.schedules``: a mapping of channels to working time."""
    return typing.get_origin(type_) is Mapping and typing.get_args(type_)[0] is Channel


def _hours_hooks(conv: cattrs.Converter) -> None:
    """Working time: ``{"start", "end"}`` hours, or a schedule keyed by days.

    A schedule is written in its data form (``{"mon-thu": ["09:00-12:00",
    "14:00-18:00"], "fri": ["09:00-12:00"]}``) and read from it.
    """

    def hours_from(value: Any, type_: Any) -> Any:
        if value is None and type(None) in typing.get_args(type_):
            return None
        if isinstance(value, dict) and value and set(value) <= {"start", "end"}:
            missing = sorted({"start", "end"} - set(value))
            if missing:
                raise InvalidValueError(f"WorkingHours.{missing[0]}: required field missing",
                                        field=f"WorkingHours.{missing[0]}", value=None)
            for name in ("start", "end"):
                if not isinstance(value[name], (str, time)):
                    raise InvalidValueError(
                        f"WorkingHours.{name} must be a time of day such as \"09:00\" "
                        f"(got {_json_repr(value[name])})", field=f"WorkingHours.{name}",
                        value=value[name],
                    )
            return WorkingHours(start=value["start"], end=value["end"])
        if isinstance(value, dict):
            for key, day in value.items():  # as data, intervals are "09:00-12:00" strings
                odd = next((i for i, v in enumerate(day) if not isinstance(v, str)), None) \
                    if isinstance(day, list) else None
                if odd is not None:
                    where = f"Schedule[{json.dumps(key)}][{odd}]"
                    raise InvalidValueError(
                        f"{where} must be an interval of local time such as \"09:00-12:00\" "
                        f"(got {_json_repr(day[odd])})", field=where, value=day[odd],
                    )
            return Schedule.of(value)
        raise InvalidValueError(
            "expected working hours such as {\"start\": \"09:00\", \"end\": \"18:00\"} or a "
            "weekly schedule such as {\"mon-fri\": [\"09:00-12:00\", \"14:00-18:00\"]} "
            f"(got {_json_repr(value)})", field="", value=value,
        )

    def schedules_from(value: Any, type_: Any) -> Any:
        if not isinstance(value, dict):
            raise InvalidValueError(
                "expected an object of channels to working time, such as "
                "{\"phone\": {\"mon-fri\": [\"10:00-12:00\"]}} "
                f"(got {_json_repr(value)})", field="", value=value,
            )
        hours_type = typing.get_args(type_)[1]
        found = {}
        for key, hours in value.items():
            try:
                found[key] = hours_from(hours, hours_type)
            except InvalidValueError as exc:
                raise rehome(exc, str(key)) from None
        return found

    conv.register_structure_hook_func(_is_hours, hours_from)
    conv.register_structure_hook_func(_is_schedules, schedules_from)
    conv.register_structure_hook(Schedule, lambda v, _: hours_from(v, WorkingHours | Schedule))
    conv.register_unstructure_hook(Schedule, Schedule.to_data)
    conv.register_unstructure_hook_func(
        _is_schedules, lambda m: {k.value: conv.unstructure(v) for k, v in m.items()}
    )


def _explained_hooks(conv: cattrs.Converter) -> None:
    """Reasons and plan items: code and typed parameters, plus the rendered sentence.

    The sentence is written in the language of ``to_dict(..., locale=...)``;
    reading ignores it for the library's own codes (the parameters are the
    data) and keeps it as the text of codes it does not know (custom rules).
    """

    def read_instant(value: object, field: str) -> datetime:
        return parse_instant(value, field, supported=False)

    def read_duration(value: object, field: str) -> timedelta:
        return parse_duration(value, field)

    conv.register_unstructure_hook(
        Explanation, lambda e: explanation_data(e, format_instant)
    )
    conv.register_structure_hook(
        Explanation, lambda v, _: explanation_from(v, read_instant, read_duration, "")
    )

    reason_fields = make_dict_unstructure_fn(
        Reason, conv, params=override(omit=True), _text=override(omit=True)
    )

    def unstructure_reason(reason: Reason) -> dict[str, Any]:
        data: dict[str, Any] = {"code": reason.code,
                                "params": params_data(reason.code, reason.params,
                                                      format_instant),
                                "message": reason.render(LOCALE.get())}
        data.update(reason_fields(reason))
        if reason._text is not None:  # its own words (a custom rule's): kept as they are
            data["text"] = reason._text
        return data

    conv.register_unstructure_hook(Reason, unstructure_reason)
    reason_rest = make_dict_structure_fn(
        Reason, conv, params=override(omit=True), _text=override(omit=True),
        _cattrs_forbid_extra_keys=True,
    )

    def structure_reason(value: Any, _: Any) -> Reason:
        if not isinstance(value, dict):
            raise InvalidValueError(
                f"expected an object (got {_json_repr(value)})", field="", value=value
            )
        rest = {k: v for k, v in value.items() if k not in ("params", "message", "text")}
        reason: Reason = reason_rest(rest, Reason)
        known = reason.code in PARAMS
        for key in ("message", "text"):
            if value.get(key) is not None and not isinstance(value[key], str):
                raise InvalidValueError(
                    f"{key}: expected a string (got {_json_repr(value[key])})",
                    field=key, value=value[key])
        # Its own words (``text``) are kept; so is the message of a code the
        # library does not know; a library code's sentence is said again.
        words = value.get("text")
        if words is None and not known:
            words = value.get("message")
            if words is None:
                raise InvalidValueError(
                    f"message: required for code {reason.code!r}, which has no sentence of "
                    "its own", field="message", value=None,
                )
        params = params_from(reason.code, value.get("params", {}), read_instant, read_duration)
        found = attrs.evolve(reason, params=params, message=words)
        sayable(found.explanation)
        return found

    conv.register_structure_hook(Reason, structure_reason)

    for cls in (Relance, IdeaNeeded, Advice, Skipped, Waiting, RedFlag, Hypothesis):
        _explained_item(conv, cls)
    _audit_finding(conv)


def _counts_from(value: object) -> Counts:
    """An audit's counts from a JSON object of non-negative integers."""
    if not isinstance(value, dict):
        raise InvalidValueError(f"expected an object (got {_json_repr(value)})", field="",
                                value=value)
    for key, count in value.items():
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise InvalidValueError(
                f"{quote_key(key).lstrip('.')}: expected a count, an integer of at least 0 "
                f"(got {_json_repr(count)})", field=quote_key(key).lstrip("."), value=count)
    return Counts(value)


def _audit_finding(conv: cattrs.Converter) -> None:
    """A finding: its fields, plus ``what``, the touch said in the locale (ignored on read)."""
    fields = make_dict_unstructure_fn(AuditFinding, conv)

    def unstructure(item: AuditFinding) -> dict[str, Any]:
        data: dict[str, Any] = fields(item)
        if item.explanation is not None:
            data["what"] = item.explanation.render(LOCALE.get())
        return data

    conv.register_unstructure_hook(AuditFinding, unstructure)
    rest_fn = make_dict_structure_fn(AuditFinding, conv, _cattrs_forbid_extra_keys=True)

    def structure(value: Any, _: Any) -> AuditFinding:
        if not isinstance(value, dict):
            raise InvalidValueError(
                f"expected an object (got {_json_repr(value)})", field="", value=value
            )
        found: AuditFinding = rest_fn({k: v for k, v in value.items() if k != "what"},
                                      AuditFinding)
        return found

    conv.register_structure_hook(AuditFinding, structure)


def _explained_item(conv: cattrs.Converter, cls: type[Any]) -> None:
    fields = make_dict_unstructure_fn(cls, conv, _text=override(omit=True))

    def unstructure(item: Any) -> dict[str, Any]:
        data: dict[str, Any] = fields(item)
        data["why"] = item.render(LOCALE.get())
        return data

    conv.register_unstructure_hook(cls, unstructure)
    rest_fn = make_dict_structure_fn(cls, conv, _text=override(omit=True),
                                     _cattrs_forbid_extra_keys=True)

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, dict):
            raise InvalidValueError(
                f"expected an object (got {_json_repr(value)})", field="", value=value
            )
        why = value.get("why")
        if why is not None and not isinstance(why, str):
            raise InvalidValueError(f"why: expected a string (got {_json_repr(why)})",
                                    field="why", value=why)
        item = rest_fn({k: v for k, v in value.items() if k != "why"}, cls)
        if item.explanation is None or item.explanation.code not in PARAMS:
            item = attrs.evolve(item, why=why)
        return item

    conv.register_structure_hook(cls, structure)


#: The converter behind :func:`to_dict` and :func:`from_dict`, for custom hooks.
converter = _make_converter()


def to_dict(value: object, *, locale: str = "en") -> Any:
    """Any model, verdict, plan or document as plain JSON-ready data.

    Explanations are written as data (``code``, ``params``) with their
    sentence (``message``, ``why``) rendered in ``locale`` (``en``, ``fr``).

    Examples:
        >>> from relance import WorkingHours
        >>> to_dict(WorkingHours(start="09:00", end="18:00"))
        {'start': '09:00', 'end': '18:00'}
    """
    token = LOCALE.set(locale_of(locale))
    try:
        return converter.unstructure(value)
    finally:
        LOCALE.reset(token)


def from_dict(cls: type[T], data: object) -> T:
    """A model (or ``Document``) from plain data, refused whole on any bad field.

    Raises:
        RelanceError: one error whose ``problems`` give the path of every bad
            field (its class is the problem's when there is one, else
            :class:`~relance.InvalidValueError`).

    Examples:
        >>> from relance import Touch
        >>> try:
        ...     from_dict(Touch, {"at": "2026-11-02T10:00", "contact_id": "ana",
        ...                       "channel": "fax", "direction": "outbound",
        ...                       "outcome": "no_answer"})
        ... except RelanceError as exc:
        ...     print([p.field for p in exc.problems], exc.value)
        ['at', 'channel'] 2026-11-02T10:00
    """
    try:
        return converter.structure(data, cls)
    except (BaseValidationError, RelanceError, TypeError, ValueError, KeyError,
            OverflowError) as exc:
        found = list(_problems(exc, "", data))
        if cls is Document and isinstance(exc, BaseValidationError):
            # Structuring stopped before the document's own checks: read the
            # ids from the raw data, so that unknown ids come in the same list.
            seen = {p.field for p, _ in found}
            found += [f for f in _raw_references(data) if f[0].field not in seen]
        order = _positions(data)
        found.sort(key=lambda item: _position_of(item[0].field, order))
        raise one_class(found).of([p for p, _ in found], what=cls.__name__) from None


def _raw_references(data: object) -> list[tuple[Problem, type[RelanceError]]]:
    """Unknown ids in a raw document whose other parts may not have structured."""
    if not isinstance(data, dict) or not isinstance(data.get("account"), dict):
        return []

    def ids(items: object) -> set[str] | None:
        if not isinstance(items, list) or not all(
            isinstance(i, dict) and isinstance(i.get("id"), str) for i in items
        ):
            return None  # not readable: its own problems are reported
        return {i["id"] for i in items}

    account = data["account"]
    known = {
        "contact_id": ids(account.get("contacts")),
        "checkpoint_id": ids(account.get("checkpoints", [])),
        "idea_id": ids(data.get("ideas", [])),
    }
    found: list[tuple[Problem, type[RelanceError]]] = []
    shared = () if PARTIAL_BACKLOG.get() else ("idea_id",)
    for where, items, names in (
        ("history", data.get("history"), ("contact_id", *shared, "checkpoint_id")),
        ("ideas", data.get("ideas"), ("contact_id",)),
    ):
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            for name in names:
                value = item.get(name) if isinstance(item, dict) else None
                pool = known[name]
                if name == "checkpoint_id" and isinstance(value, str) and "@" in value:
                    # An occurrence of a series ("review@2027-04-15"): its series is
                    # named here; the date is checked when the account structures.
                    value_in_pool: object = value.rpartition("@")[0]
                else:
                    value_in_pool = value
                if isinstance(value, str) and pool is not None and value_in_pool not in pool:
                    what = name.removesuffix("_id")
                    found.append((
                        Problem(field=f"{where}[{index}].{name}",
                                message=f"unknown {what} id {value!r}", value=value),
                        UnknownIdError,
                    ))
    return found


def _positions(data: object) -> dict[str, int]:
    """Every path of the raw input, numbered in reading order."""
    order: dict[str, int] = {}
    stack: list[tuple[str, object, int]] = [("", data, 0)]
    while stack:
        path, value, depth = stack.pop()
        order.setdefault(path or "$", len(order))
        if depth > MAX_DEPTH:
            continue
        if isinstance(value, dict):
            children = [(_join(path, k) if isinstance(k, str) else path, v)
                        for k, v in value.items()]
        elif isinstance(value, list):
            children = [(f"{path}[{i}]", v) for i, v in enumerate(value)]
        else:
            continue
        stack.extend((p, v, depth + 1) for p, v in reversed(children))
    return order


def _position_of(field: str, order: dict[str, int]) -> int:
    """The reading position of a path, or of its nearest ancestor in the input."""
    path = field
    while path:
        if path in order:
            return order[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return order.get("$", 0)


def to_json(value: object, *, indent: int | None = 2, locale: str = "en") -> str:
    """JSON text of any model, verdict, plan or document (sentences in ``locale``)."""
    return json.dumps(to_dict(value, locale=locale), indent=indent, ensure_ascii=False)


def from_json(cls: type[T], text: str | bytes) -> T:
    """A model (or ``Document``) from JSON text (str, or UTF-8 bytes); see :func:`from_dict`.

    The text is read strictly: duplicate keys, ``NaN``, integers of more than
    18 digits, lone surrogates and nesting deeper than 64 levels are refused
    (field ``$`` or the path of the bad value).
    """
    return from_dict(cls, load_json(text, what=cls.__name__))


_CLASS_NAME = re.compile(r"[A-Z][A-Za-z]*")


def _problems(
    exc: BaseException, path: str, data: object
) -> Iterator[tuple[Problem, type[RelanceError]]]:
    """(problem, error class) for every leaf of a cattrs error tree, paths from the root."""
    if isinstance(exc, BaseValidationError):
        for sub in exc.exceptions:
            yield from _problems(sub, path + _step(sub), data)
    elif isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields):
            where = _join(path.lstrip("."), key)
            yield (
                Problem(field=where, message="unknown field (a typo?)", value=key),
                InvalidValueError,
            )
    elif isinstance(exc, RelanceError):
        for problem in exc.problems:
            # A model's own validator names "Class.field..."; the path already
            # names the object, so only what follows the class is added.
            head, _, tail = problem.field.partition(".")
            bracket = head.find("[")
            name = head if bracket < 0 else head[:bracket]
            if _CLASS_NAME.fullmatch(name):
                rest = (head[bracket:] if bracket >= 0 else "") + ("." + tail if tail else "")
            else:
                rest = "." + problem.field if problem.field else ""
            where = (path + rest).lstrip(".") or "$"
            raw = _lookup(data, where)
            value: object = problem.value
            if isinstance(raw, list) and not isinstance(problem.value, (list, tuple)):
                # A bad item of an array (a set of needs, of codes): name its position.
                position = next(
                    (i for i, item in enumerate(raw) if problem.value in (item, trim(item))), None
                )
                if position is not None:
                    where, raw = f"{where}[{position}]", raw[position]
            if raw is not _MISSING:
                value = raw
            kind = type(exc) if len(exc.problems) == 1 else InvalidValueError
            yield Problem(field=where, message=problem.message, value=value), kind
    elif isinstance(exc, KeyError):
        yield (
            Problem(field=path.lstrip(".") or "$", message="required field missing"),
            InvalidValueError,
        )
    else:
        where = path.lstrip(".") or "$"
        yield Problem(field=where, message=str(exc), value=_lookup(data, where)), InvalidValueError


_MISSING: Final = object()
_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[(\"(?:[^\"\\]|\\.)*\")\]")


def _lookup(data: object, path: str) -> object:
    """The raw value at a path of the input, or ``_MISSING``."""
    if path == "$":
        return data
    here = data
    for match in _STEP.finditer("." + path if not path.startswith("[") else path):
        name, index, quoted = match.groups()
        if name is not None and isinstance(here, dict) and name in here:
            here = here[name]
        elif index is not None and isinstance(here, list) and int(index) < len(here):
            here = here[int(index)]
        elif quoted is not None and isinstance(here, dict):
            key = json.loads(quoted)
            if key not in here:
                return _MISSING
            here = here[key]
        else:
            return _MISSING
    return here


def _step(exc: BaseException) -> str:
    for note in getattr(exc, "__notes__", []):
        if isinstance(note, AttributeValidationNote):
            return f".{note.name}"
        if isinstance(note, IterableValidationNote):
            index = note.index
            return f"[{index}]" if isinstance(index, int) else f"[{json.dumps(index)}]"
    return ""


def policy_from_dict(data: Mapping[str, object]) -> Policy:
    """A policy from plain data (durations as ISO 8601 strings); unknown keys refused."""
    return from_dict(Policy, data)


def policy_from_toml(path: str | os.PathLike[str]) -> Policy:
    """A policy from a TOML file (its top-level keys, or its ``[policy]`` table)."""
    if not isinstance(path, (str, os.PathLike)):
        raise InvalidValueError(
            f"path must be a str or os.PathLike ({got(path)})",
            field="path",
            value=path,
        )
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise InvalidValueError(f"path: cannot read {os.fspath(path)!r}: {exc.strerror}",
                                field="path", value=os.fspath(path)) from None
    return policy_from_toml_text(raw, name=os.fspath(path))


def policy_from_toml_text(raw: bytes | str, *, name: str = "policy") -> Policy:
    """A policy from TOML text (its top-level keys, or its ``[policy]`` table)."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        raise InvalidValueError(
            f"$: {name!r} is not UTF-8 text: byte {exc.start} cannot be decoded",
            field="$", value=exc.object[max(0, exc.start - 20) : exc.start + 20],
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc).replace("\n", " ")
        raise InvalidValueError(f"$: {name!r} is not TOML: {message}", field="$",
                                value=name) from None
    table: dict[str, Any] = data
    if "policy" in data and not isinstance(data["policy"], dict):
        raise InvalidValueError(
            f"policy: must be a table, [policy] (got {_json_repr(data['policy'])})",
            field="policy",
            value=data["policy"],
        )
    if isinstance(data.get("policy"), dict):
        extra = sorted(set(data) - {"policy"})
        if extra:
            raise InvalidValueError(
                f"{extra[0]}: unknown top-level key beside [policy] (got "
                f"{', '.join(extra)})",
                field=extra[0],
                value=extra[0],
            )
        table = data["policy"]
    return policy_from_dict(table)


register_edge("from_dict", policy_from_dict)
register_edge("from_toml", policy_from_toml)
register_edge("to_dict", to_dict)
