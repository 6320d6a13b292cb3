"""DataFrames both ways, for pandas and polars (needs the ``frames`` extra).

``pip install 'relance[frames]'`` (``-e '.[frames]'`` from a checkout)
brings pyarrow and pandas; polars works too when it is installed
(``relance[polars]``).  ``import relance`` never imports any of them.

**In**: :func:`touches_from_frame`, :func:`history_from_frame`,
:func:`contacts_from_frame` and :func:`ideas_from_frame` read a pandas or
polars DataFrame, one row per model, one column per field (the names of the
JSON form).  Each row is read as the JSON reader reads an object, so it
accepts and refuses what ``from_json`` does, and more that a frame holds:

- missing values (``None``, ``NaN``, ``NaT``, ``pd.NA``, polars ``null``)
  mean "not given": the field's default, or an error when it has none;
- numpy and pandas scalars (``np.int64``, ``np.bool_``, ``pd.Timestamp``)
  are the Python values they stand for; a list, tuple or array cell is a
  collection (a lone string is refused where a set is meant, as in JSON);
- instant columns hold aware datetimes (any zone) or ISO 8601 text; a naive
  one is refused with :class:`~relance.NaiveDatetimeError`, an instant finer
  than a microsecond with :class:`~relance.InvalidValueError`; a datetime in
  any other column is refused, not turned into text.

A bad frame is refused whole with one error listing every problem, each
named by the frame, the row's position and the column:
``touches[3].at``.  An unknown column is refused too: a typo must not
silently lose a field.

**Out**: :func:`touches_frame`, :func:`contacts_frame`, :func:`ideas_frame`,
:func:`plan_frames` (relances, needs, advice, skipped, waiting, flags) and
:func:`verdicts_frame` write frames through Arrow, for ``library="pandas"``
(the default) or ``"polars"``.  Every instant comes out three ways: a
timezone-aware UTC column (``at``), the local time with its offset as ISO
text (``local``) and the IANA zone (``zone``, the contact's); names, roles
and summaries stand beside the ids.  Integer and boolean columns are
nullable (``Int64``, ``boolean`` in pandas).

A frame written here reads back to the same models, and writing them again
gives the same frame (the tests check it on generated data).
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any, Final, Literal, TypeVar, cast

try:
    import pyarrow as pa
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        f"relance.frames needs pyarrow ({exc}): install relance with its 'frames' extra, "
        "relance[frames] (pip install -e '.[frames]' from a checkout)",
        name=exc.name,
    ) from exc

import attrs

from ._core.audit import Audit
from ._core.errors import (
    InvalidValueError,
    NaiveDatetimeError,
    Problem,
    RelanceError,
    UnknownTimezoneError,
)
from ._core.explain import Explanation
from ._core.history import History
from ._core.inputs import one_class
from ._core.models import Account, Channel, Contact, Direction, Idea, Outcome, Touch, known_zone
from ._core.plan import Plan
from ._core.validation import require_items
from ._core.verdict import Verdict
from ._io.explanations import locale_of
from ._io.serialization import format_instant, from_dict, to_dict

__all__ = [
    "AuditFrames",
    "PlanFrames",
    "audit_frames",
    "contacts_frame",
    "contacts_from_frame",
    "history_from_frame",
    "ideas_frame",
    "ideas_from_frame",
    "plan_frames",
    "touches_frame",
    "touches_from_frame",
    "verdicts_frame",
]

Library = Literal["pandas", "polars"]
T = TypeVar("T")

_MISSING: Final = object()
#: Columns that ``touches_frame`` writes beside the fields, read back as the
#: instant's zone (``zone``), checked against ``at`` (``local``), or ignored
#: as what they are: names for people to read.
_TOUCH_DERIVED: Final = ("local", "zone", "contact", "role")
#: The columns of instants, per model: only they take datetimes.
_INSTANTS: Final = {
    "Touch": frozenset({"at", "returns_at"}),
    "Idea": frozenset({"available_from", "expires_at"}),
    "Contact": frozenset(),
}


class _Refused(Exception):
    """The problems of a frame found so far (internal: one error is raised at the end)."""

    def __init__(self, found: list[tuple[Problem, type[RelanceError]]]) -> None:
        super().__init__(found)
        self.found = found


def _problem(exc: RelanceError) -> list[tuple[Problem, type[RelanceError]]]:
    return [(p, type(exc)) for p in exc.problems]


def _raise(found: list[tuple[Problem, type[RelanceError]]]) -> None:
    if found:
        raise one_class(found).of([p for p, _ in found], what="frame")


# -- reading -------------------------------------------------------------------


def _library_of(frame: object, name: str) -> str:
    """``pandas`` or ``polars``: which library the frame is of (without importing either)."""
    for library in ("pandas", "polars"):
        module = sys.modules.get(library)
        if module is not None and isinstance(frame, module.DataFrame):
            return library
    raise InvalidValueError(
        f"{name}: expected a pandas or polars DataFrame (got {type(frame).__name__})",
        field=name,
        value=type(frame).__name__,
    )


def _names(frame: Any, name: str) -> list[str]:
    """The frame's column names: text, each once."""
    names = list(frame.columns)
    found = [
        Problem(field=name, message=f"column names must be text (got {column!r})", value=column)
        for column in names
        if not isinstance(column, str)
    ]
    seen: set[object] = set()
    for column in names:
        if column in seen:
            found.append(Problem(field=f"{name}.{column}",
                                 message="two columns have this name", value=column))
        seen.add(column)
    if found:
        raise InvalidValueError.of(found, what="frame")
    return names


def _columns(frame: Any, name: str) -> tuple[
        int, dict[str, list[object]], list[tuple[Problem, type[RelanceError]]]]:
    """The number of rows, each column's cells as Python objects, and nanosecond problems."""
    library = _library_of(frame, name)
    names = _names(frame, name)
    cells: dict[str, list[object]] = {}
    found: list[tuple[Problem, type[RelanceError]]] = []
    if library == "pandas":
        for column in names:
            cells[column] = frame[column].tolist()
        return len(frame), cells, found
    for column in names:
        series = frame.get_column(column)
        if getattr(series.dtype, "time_unit", None) == "ns":
            found += _nanoseconds(series, name, column)
        cells[column] = series.to_list()
    return frame.height, cells, found


def _nanoseconds(series: Any, name: str, column: str) -> list[
        tuple[Problem, type[RelanceError]]]:
    """A problem for each instant of a polars ns column finer than a microsecond."""
    import polars as pl

    ticks = series.cast(pl.Int64).to_list()
    found: list[tuple[Problem, type[RelanceError]]] = []
    for row, tick in enumerate(ticks):
        if tick is not None and tick % 1000:
            text = (datetime(1970, 1, 1, tzinfo=timezone.utc)
                    + timedelta(microseconds=tick // 1000)).strftime("%Y-%m-%dT%H:%M:%S.%f")
            where = f"{name}[{row}].{column}"
            found.append((Problem(
                field=where,
                message=f"instants are kept to the microsecond (got {text}{tick % 1000:03d} "
                        "UTC, with nanoseconds)",
                value=tick), InvalidValueError))
    return found


def _zone_name(value: datetime) -> str | None:
    """The IANA name of an aware datetime's zone (``UTC`` for offset 0; else None)."""
    tz = value.tzinfo
    for attribute in ("key", "zone", "_filename"):  # zoneinfo and pendulum, pytz, dateutil
        found = getattr(tz, attribute, None)
        if isinstance(found, str):
            found = found.split("zoneinfo/", 1)[-1]  # dateutil's path of the zone file
            try:
                known_zone(found)
            except RelanceError:
                return None
            return found
    return "UTC" if value.utcoffset() == timedelta(0) else None


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    pandas = sys.modules.get("pandas")
    if pandas is not None and (value is pandas.NA or value is pandas.NaT):
        return True
    numpy = sys.modules.get("numpy")
    return (
        numpy is not None
        and isinstance(value, (numpy.floating, numpy.datetime64, numpy.timedelta64))
        and bool(numpy.isnat(value) if not isinstance(value, numpy.floating)
                 else numpy.isnan(value))
    )


def _plain(value: object, where: str, instant: bool) -> object:
    """A cell as the JSON reader would see it (``_MISSING`` for a missing value).

    Only an instant column (``instant``) reads datetimes, as ISO text with
    their zone; elsewhere a datetime stays what it is, for the reader to refuse.
    """
    if _is_missing(value):
        return _MISSING
    kind = type(value)
    if kind is str or kind is bool or kind is int or kind is float:
        return value
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        if isinstance(value, numpy.bool_):
            return bool(value)
        if isinstance(value, numpy.integer):
            return int(value)
        if isinstance(value, numpy.floating):
            return float(value)
        if isinstance(value, numpy.str_):
            return str(value)
        if isinstance(value, numpy.datetime64):  # no zone: naive ISO text, refused as such
            return str(value) if instant else value
        if isinstance(value, numpy.ndarray):
            return [_item(item, where) for item in value.tolist()]
    if isinstance(value, datetime):
        return _instant_text(value, where) if instant else value
    if isinstance(value, (list, tuple)):
        return [_item(item, where) for item in value]
    return value  # the reader refuses what it does not know, naming it


def _item(value: object, where: str) -> object:
    """An item of a collection cell: a missing one is a JSON null."""
    found = _plain(value, where, instant=False)
    return None if found is _MISSING else found


def _instant_text(value: datetime, where: str) -> str:
    """An aware datetime (or pandas Timestamp) as ISO text with its zone; naive refused."""
    if getattr(value, "nanosecond", 0):
        raise InvalidValueError(
            f"{where}: instants are kept to the microsecond (got {value} with nanoseconds)",
            field=where,
            value=str(value),
        )
    to_py = getattr(value, "to_pydatetime", None)  # a pandas Timestamp
    if callable(to_py):
        value = to_py()
    if value.utcoffset() is None:
        raise NaiveDatetimeError(
            f"{where}: naive datetime {value.isoformat()!r}; give the column a time zone "
            "(pandas: .dt.tz_localize, polars: .dt.replace_time_zone)",
            field=where,
            value=value,
        )
    text = value.isoformat()
    zone = _zone_name(value)
    return f"{text}[{zone}]" if zone is not None else text


def _read(
    frame: object,
    name: str,
    cls: type[T],
    derived: Sequence[str] = (),
    prepare: Callable[[dict[str, object], str], None] | None = None,
) -> tuple[T, ...]:
    """The models of a frame's rows, every problem of every row in one error.

    A cell that cannot be read is one problem, and the reader's own checks of
    the row say nothing more about that column (no "missing" for a cell
    already refused); ``prepare`` reads the derived columns of a row (its
    problems raised as ``_Refused``).
    """
    fields = [f.alias for f in attrs.fields(cls) if f.init]  # type: ignore[arg-type]
    instants = _INSTANTS[cls.__name__]
    count, cells, found = _columns(frame, name)
    known = set(fields) | set(derived)
    for column in cells:
        if column not in known:
            found.append((Problem(
                field=f"{name}.{column}",
                message=f"unknown column {column!r} (the columns are: {', '.join(fields)}"
                        f"{', and derived ' + ', '.join(derived) if derived else ''})",
                value=column), InvalidValueError))
    bad = {p.field for p, _ in found}
    models: list[T] = []
    for row in range(count):
        where = f"{name}[{row}]"
        data: dict[str, object] = {}
        said: set[str] = set()
        for column, values in cells.items():
            if column not in known:
                continue
            path = f"{where}.{column}"
            if path in bad:
                said.add(column)
                continue
            try:
                value = _plain(values[row], path, column in instants)
            except RelanceError as exc:
                found += _problem(exc)
                said.add(column)
                continue
            if value is not _MISSING:
                data[column] = value
        if prepare is not None:
            try:
                prepare(data, where)
            except _Refused as refused:
                found += refused.found
                continue
        try:
            models.append(from_dict(cls, data))
        except RelanceError as exc:
            found += [(_within(p, where), kind) for p, kind in _problem(exc)
                      if p.field.split(".")[0].split("[")[0] not in said]
    _raise(found)
    return tuple(models)


def _within(problem: Problem, where: str) -> Problem:
    """A row's problem with its path read from the frame: ``touches[3].at``."""
    field = problem.field
    path = where if field in ("", "$") else f"{where}.{field}"
    return Problem(field=path, message=problem.message, value=problem.value)


def _touch_row(data: dict[str, object], where: str) -> None:
    """A touch row's derived columns: ``at`` in the row's ``zone`` and at ``local``'s offset.

    ``local`` must name the instant of ``at`` (in any ISO form), at the
    offset of ``zone`` when both are given; a row without ``zone`` keeps the
    offset of ``local`` (a fixed offset round-trips).  ``contact`` and
    ``role`` are names for people: read, not checked.
    """
    from ._io.serialization import parse_instant

    zone = data.pop("zone", None)
    local = data.pop("local", None)
    for column in ("contact", "role"):
        data.pop(column, None)
    at = data.get("at")
    if not isinstance(at, str) or (zone is None and local is None):
        return
    found: list[tuple[Problem, type[RelanceError]]] = []
    tz = None
    if zone is not None:
        try:
            if not isinstance(zone, str):
                raise InvalidValueError(f"{where}.zone: a zone is an IANA name (got {zone!r})",
                                        field=f"{where}.zone", value=zone)
            try:
                tz = known_zone(zone)
            except RelanceError:
                raise UnknownTimezoneError(f"{where}.zone: unknown time zone {zone!r}",
                                           field=f"{where}.zone", value=zone) from None
        except RelanceError as exc:
            found += _problem(exc)
    try:
        instant = parse_instant(at, f"{where}.at")
    except RelanceError:
        _raise_refused(found)
        return  # the reader says what is wrong with at
    text = None
    if local is not None:
        try:
            if not isinstance(local, str):
                raise InvalidValueError(f"{where}.local: local time as ISO text (got {local!r})",
                                        field=f"{where}.local", value=local)
            said = parse_instant(local, f"{where}.local", supported=False)
            if said.timestamp() != instant.timestamp() or (
                    tz is not None and said.utcoffset() != instant.astimezone(tz).utcoffset()):
                raise InvalidValueError(
                    f"{where}.local: {local!r} is not the local time of at "
                    f"({instant.astimezone(tz).isoformat() if tz else instant.isoformat()!r}); "
                    "drop the column or correct it",
                    field=f"{where}.local", value=local)
            text = said.isoformat()
        except RelanceError as exc:
            found += _problem(exc)
    _raise_refused(found)
    if tz is not None:
        data["at"] = format_instant(_located_in(instant, tz))
    elif text is not None:
        data["at"] = text


def _raise_refused(found: list[tuple[Problem, type[RelanceError]]]) -> None:
    if found:
        raise _Refused(found)


def _located_in(instant: datetime, tz: Any) -> datetime:
    """The instant in ``tz`` as a pendulum DateTime (the second pass of a fold included)."""
    from ._core.instants import to_datetime, to_us

    return to_datetime(to_us(instant), tz)


def touches_from_frame(frame: object, *, name: str = "touches") -> tuple[Touch, ...]:
    """The touches of a frame, one per row (see the module's notes on reading).

    The columns are :class:`~relance.Touch`'s fields: ``at``, ``contact_id``,
    ``channel``, ``direction``, ``outcome`` and the optional ``idea_id``,
    ``checkpoint_id``, ``text``, ``returns_at``.  The columns
    :func:`touches_frame` adds are accepted: ``zone`` expresses ``at`` in that
    zone, ``local`` must agree with ``at``, and ``contact`` and ``role`` are
    names for people.

    Args:
        frame: a pandas or polars DataFrame.
        name: how errors name the frame (``touches[3].at``).

    Raises:
        RelanceError: the frame is refused whole, every problem listed.

    Examples:
        >>> import pandas as pd
        >>> frame = pd.DataFrame({
        ...     "at": pd.to_datetime(["2026-11-02 10:00"]).tz_localize("Europe/Paris"),
        ...     "contact_id": ["ana"], "channel": ["email"],
        ...     "direction": ["outbound"], "outcome": ["no_answer"],
        ...     "idea_id": ["pilot"]})
        >>> [t.at.isoformat() for t in touches_from_frame(frame)]
        ['2026-11-02T10:00:00+01:00']
        >>> frame.loc[0, "channel"] = "fax"
        >>> touches_from_frame(frame)
        Traceback (most recent call last):
        ...
        relance._core.errors.InvalidValueError: invalid frame: touches[0].channel: ...
    """
    return _read(frame, name, Touch, _TOUCH_DERIVED, _touch_row)


_PLAIN_COLUMNS: Final = frozenset(
    {"at", "contact_id", "channel", "direction", "outcome", "idea_id", "checkpoint_id",
     "text", "returns_at"})
_REQUIRED_COLUMNS: Final = frozenset({"at", "contact_id", "channel", "direction", "outcome"})


def _arrow(frame: Any, library: str, column: str) -> Any:
    """A column as an Arrow array (``None`` when Arrow cannot hold it as one type)."""
    try:
        if library == "pandas":
            return pa.array(frame[column], from_pandas=True)
        return frame.get_column(column).to_arrow()
    except (pa.ArrowException, TypeError, ValueError):
        return None


def _typed_zone(frame: Any, library: str) -> str | None:
    """The IANA zone of a typed aware ``at`` column (``None``: not one, go the strict way).

    Only a column typed aware holds one zone for sure: an object column of
    datetimes may mix zones, or naive values Arrow would take for UTC.
    """
    if library == "polars":
        zone = getattr(frame.get_column("at").dtype, "time_zone", None)
        return zone if isinstance(zone, str) else None
    import pandas as pd

    dtype = frame["at"].dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        return _zone_name(pd.Timestamp(0, tz=dtype.tz).to_pydatetime())
    if isinstance(dtype, pd.ArrowDtype) and pa.types.is_timestamp(dtype.pyarrow_dtype):
        zone = dtype.pyarrow_dtype.tz
        return zone if isinstance(zone, str) else None
    return None


def _fast_history(frame: Any, name: str) -> History | None:
    """The history of a frame of plain touches, read column by column (``None``: not sure).

    Only a frame the strict reader would accept as it is takes this way: the
    required columns and no other than a touch's fields, ``at`` an aware
    column of one IANA zone, no missing value where one is required, every
    value what :class:`Touch` accepts, no text and no return date.  Anything
    else (a bad value, a derived column, a naive or nanosecond instant) goes
    the strict way, which refuses it with its usual error.
    """
    from ._core.instants import MAX_INSTANT, MIN_INSTANT, _pendulum_zone, to_us
    from ._core.models import INBOUND_OUTCOMES
    from ._io.fast import _CHANNELS, _DIRECTIONS, _OUTCOMES, _id

    library = _library_of(frame, name)
    columns = list(frame.columns)
    if (len(set(columns)) != len(columns) or not all(isinstance(c, str) for c in columns)
            or not _REQUIRED_COLUMNS <= set(columns) <= _PLAIN_COLUMNS):
        return None
    arrays = {column: _arrow(frame, library, column) for column in columns}
    if any(a is None for a in arrays.values()):
        return None
    if any(arrays[c].null_count != len(arrays[c]) for c in ("text", "returns_at") if c in arrays):
        return None
    at = arrays["at"]
    kind = at.type
    name_of_zone = _typed_zone(frame, library)
    if (name_of_zone is None or not (pa.types.is_timestamp(kind) and kind.tz is not None)
            or at.null_count):
        return None
    try:
        known_zone(name_of_zone)  # an IANA name (else the strict way says what is wrong)
        instants = at.cast(pa.timestamp("us", tz=kind.tz), safe=True).cast(pa.int64())
    except (RelanceError, pa.ArrowException):
        return None
    zone = _pendulum_zone(name_of_zone)
    us = instants.to_pylist()
    if us and not (to_us(MIN_INSTANT) <= min(us) and max(us) < to_us(MAX_INSTANT)):
        return None
    text = {c: arrays[c].to_pylist() for c in columns if c not in ("at", "text", "returns_at")}
    channel = [_CHANNELS.get(v) if type(v) is str else None for v in text["channel"]]
    direction = [_DIRECTIONS.get(v) if type(v) is str else None for v in text["direction"]]
    outcome = [_OUTCOMES.get(v) if type(v) is str else None for v in text["outcome"]]
    if None in channel or None in direction or None in outcome:
        return None
    if any(d is Direction.INBOUND and o not in INBOUND_OUTCOMES
           for d, o in zip(direction, outcome, strict=True)):
        return None
    count = len(us)
    optional = {c: text.get(c, [None] * count) for c in ("idea_id", "checkpoint_id")}
    if not all(_id(v) for v in set(text["contact_id"])) or not all(
            v is None or _id(v) for values in optional.values() for v in set(values)):
        return None
    return History._of_columns(
        us, zone, text["contact_id"], cast("list[Channel]", channel),
        cast("list[Direction]", direction), cast("list[Outcome]", outcome),
        optional["idea_id"], optional["checkpoint_id"])


def history_from_frame(frame: object, *, name: str = "touches") -> History:
    """A :class:`~relance.History` of a touches frame (see :func:`touches_from_frame`).

    A frame of plain touches (the fields only, ``at`` a column typed aware in
    an IANA zone, no text or return date) is read column by column, without a
    :class:`~relance.Touch` per row; any other frame as
    :func:`touches_from_frame` reads it.  Both give the same history and
    refuse the same frames.

    Examples:
        >>> import pandas as pd
        >>> frame = pd.DataFrame({"at": [pd.Timestamp("2026-11-02 09:00", tz="UTC")],
        ...                       "contact_id": ["ana"], "channel": ["phone"],
        ...                       "direction": ["inbound"], "outcome": ["replied"]})
        >>> len(history_from_frame(frame))
        1
    """
    fast = _fast_history(frame, name)
    return fast if fast is not None else History(touches_from_frame(frame, name=name))


def _contact_row(data: dict[str, object], where: str) -> None:
    """A contact row: ``working_hours`` is its JSON form, as text, read as JSON is."""
    from ._io.serialization import load_json

    hours = data.get("working_hours")
    if isinstance(hours, str):
        try:
            data["working_hours"] = load_json(hours, what="working hours")
        except RelanceError as exc:
            raise _Refused([(Problem(
                field=f"{where}.working_hours",
                message="the JSON form of working hours, such as "
                        f"'{{\"start\": \"08:30\", \"end\": \"17:00\"}}' ({exc.message})",
                value=hours), type(exc))]) from None


def contacts_from_frame(frame: object, *, name: str = "contacts") -> tuple[Contact, ...]:
    """The contacts of a frame, one per row.

    The columns are :class:`~relance.Contact`'s fields; ``channels`` holds
    lists of channel names, ``working_hours`` the JSON form of the hours as
    text (``'{"start": "08:30", "end": "17:00"}'`` or a weekly schedule's
    mapping such as ``'{"mon-thu": ["09:00-12:00", "14:00-18:00"]}'``), or
    nothing for the policy's.

    Examples:
        >>> import pandas as pd
        >>> frame = pd.DataFrame({"id": ["ana"], "name": ["Ana"], "role": ["decision_maker"],
        ...                       "timezone": ["Europe/Paris"], "country": ["FR"]})
        >>> contacts_from_frame(frame)[0].zone.key
        'Europe/Paris'
    """
    return _read(frame, name, Contact, (), _contact_row)


def ideas_from_frame(frame: object, *, name: str = "ideas") -> tuple[Idea, ...]:
    """The ideas of a frame, one per row; ``addresses`` holds lists of needs.

    Examples:
        >>> import pandas as pd
        >>> frame = pd.DataFrame({"id": ["pilot"], "summary": ["A pilot"],
        ...                       "addresses": [["training"]], "priority": [2]})
        >>> ideas_from_frame(frame)[0].addresses
        frozenset({'training'})
    """
    return _read(frame, name, Idea)


# -- writing -------------------------------------------------------------------

_UTC: Final = pa.timestamp("us", tz="UTC")


def _us(value: datetime | None) -> int | None:
    if value is None:
        return None
    from ._core.instants import to_us

    return to_us(value)


def _frame(columns: Mapping[str, tuple[pa.DataType, list[Any]]], library: str) -> Any:
    """A frame of typed columns, through Arrow."""
    table = pa.table({name: pa.array(values, type=kind)
                      for name, (kind, values) in columns.items()})
    if library == "polars":
        import polars as pl

        return pl.from_arrow(table)
    import pandas as pd

    mapping = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
    frame = table.to_pandas(types_mapper=mapping.get)
    for name, (kind, _) in columns.items():
        if pa.types.is_list(kind):  # Python lists, not numpy arrays, in the cells
            frame[name] = pd.Series([None if v is None else list(v) for v in frame[name]],
                                    index=frame.index, dtype=object)
    return frame


def _library(library: object) -> str:
    if library not in ("pandas", "polars"):
        raise InvalidValueError(
            f"library must be 'pandas' or 'polars' (got {library!r})",
            field="library", value=library,
        )
    extra = "frames" if library == "pandas" else "polars"
    try:
        __import__(str(library))
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            f"library={library!r} needs {library} ({exc}): install relance with its "
            f"{extra!r} extra, relance[{extra}] (pip install -e '.[{extra}]' from a checkout)",
            name=str(library),
        ) from exc
    return str(library)


def _instants(values: Sequence[datetime | None]) -> dict[str, tuple[pa.DataType, list[Any]]]:
    """An instant column three ways: UTC, local ISO text, IANA zone."""
    return {
        "": (_UTC, [_us(v) for v in values]),
        "local": (pa.string(), [None if v is None else v.isoformat() for v in values]),
        "zone": (pa.string(), [None if v is None else _zone_name(v) for v in values]),
    }


def _with_instant(
    columns: dict[str, tuple[pa.DataType, list[Any]]],
    name: str,
    values: Sequence[datetime | None],
    *,
    local: bool = True,
) -> None:
    three = _instants(values)
    columns[name] = three[""]
    if local:
        prefix = "" if name == "at" else f"{name}_"
        columns[f"{prefix}local"] = three["local"]
        columns[f"{prefix}zone"] = three["zone"]


def _ids(values: Iterable[object]) -> tuple[pa.DataType, list[Any]]:
    return pa.string(), [None if v is None else str(getattr(v, "value", v)) for v in values]


def _text(values: Iterable[object]) -> tuple[pa.DataType, list[Any]]:
    return pa.string(), list(values)


def _bools(values: Iterable[bool]) -> tuple[pa.DataType, list[Any]]:
    return pa.bool_(), list(values)


def _ints(values: Iterable[int | None]) -> tuple[pa.DataType, list[Any]]:
    return pa.int64(), list(values)


def _lists(values: Iterable[Iterable[object]]) -> tuple[pa.DataType, list[Any]]:
    return pa.list_(pa.string()), [
        sorted(str(getattr(v, "value", v)) for v in items) for items in values
    ]


def _located(at: datetime, contact: Contact | None) -> datetime:
    """``at`` expressed in the contact's zone (as it is without a contact)."""
    if contact is None:
        return at
    import pendulum

    return pendulum.instance(at).in_timezone(contact.timezone)


def touches_frame(
    history: History | Iterable[Touch],
    *,
    account: Account | None = None,
    library: Library = "pandas",
) -> Any:
    """One row per touch, in the history's order.

    Columns: ``at`` (UTC), ``local`` and ``zone`` (the contact's when the
    account is given, else the instant's own), ``contact_id``, ``contact``
    and ``role`` (with the account), ``channel``, ``direction``, ``outcome``,
    ``idea_id``, ``checkpoint_id``, ``text``, ``returns_at`` (UTC).

    Examples:
        >>> import pendulum
        >>> from relance import Touch
        >>> touch = Touch(at=pendulum.datetime(2026, 11, 2, 10, tz="Europe/Paris"),
        ...               contact_id="ana", channel="email", direction="outbound",
        ...               outcome="no_answer", idea_id="pilot")
        >>> frame = touches_frame([touch])
        >>> frame.loc[0, ["local", "zone", "outcome"]].tolist()
        ['2026-11-02T10:00:00+01:00', 'Europe/Paris', 'no_answer']
        >>> str(frame["at"].dtype)
        'datetime64[us, UTC]'
    """
    kind = _library(library)
    if account is not None and not isinstance(account, Account):
        raise InvalidValueError(f"account: expected an Account or None (got "
                                f"{type(account).__name__})", field="account",
                                value=type(account).__name__)
    touches = (list(history.touches) if isinstance(history, History)
               else require_items(history, Touch, "history"))
    people = {} if account is None else account._by_id
    where = [_located(t.at, people.get(t.contact_id)) for t in touches]
    columns: dict[str, tuple[pa.DataType, list[Any]]] = {}
    _with_instant(columns, "at", where)
    columns["contact_id"] = _ids(t.contact_id for t in touches)
    if account is not None:
        found = [people.get(t.contact_id) for t in touches]
        columns["contact"] = _text(None if c is None else c.name for c in found)
        columns["role"] = _ids(None if c is None else c.role for c in found)
    columns["channel"] = _ids(t.channel for t in touches)
    columns["direction"] = _ids(t.direction for t in touches)
    columns["outcome"] = _ids(t.outcome for t in touches)
    columns["idea_id"] = _ids(t.idea_id for t in touches)
    columns["checkpoint_id"] = _ids(t.checkpoint_id for t in touches)
    columns["text"] = _text(t.text for t in touches)
    _with_instant(columns, "returns_at", [t.returns_at for t in touches], local=False)
    return _frame(columns, kind)


def contacts_frame(account: Account, *, library: Library = "pandas") -> Any:
    """One row per contact of the account (see :func:`contacts_from_frame`).

    Examples:
        >>> from relance import Account, Contact
        >>> ana = Contact(id="ana", name="Ana", role="decision_maker",
        ...               timezone="Europe/Paris", country="FR", channels={"email"})
        >>> contacts_frame(Account(id="acme", name="Acme", needs={"x"}, contacts=[ana]))[
        ...     ["id", "role", "channels"]].values.tolist()
        [['ana', 'decision_maker', ['email']]]
    """
    kind = _library(library)
    if not isinstance(account, Account):
        raise InvalidValueError(f"account: expected an Account (got {type(account).__name__})",
                                field="account", value=type(account).__name__)
    people = account.contacts
    columns: dict[str, tuple[pa.DataType, list[Any]]] = {
        "id": _ids(c.id for c in people),
        "name": _text(c.name for c in people),
        "role": _ids(c.role for c in people),
        "timezone": _text(c.timezone for c in people),
        "country": _text(c.country for c in people),
        "subdivision": _text(c.subdivision for c in people),
        "channels": _lists(c.channels for c in people),
        "do_not_contact": _bools(c.do_not_contact for c in people),
        "working_hours": _text(
            None if c.working_hours is None
            else json.dumps(to_dict(c)["working_hours"], ensure_ascii=False)
            for c in people),
        "allocates_budget": _bools(c.allocates_budget for c in people),
    }
    return _frame(columns, kind)


def ideas_frame(ideas: Iterable[Idea], *, library: Library = "pandas") -> Any:
    """One row per idea (see :func:`ideas_from_frame`); instants in UTC.

    Examples:
        >>> from relance import Idea
        >>> ideas_frame([Idea(id="pilot", summary="A pilot", addresses={"b", "a"})])[
        ...     ["id", "addresses", "priority"]].values.tolist()
        [['pilot', ['a', 'b'], 0]]
    """
    kind = _library(library)
    items = require_items(ideas, Idea, "ideas")
    columns: dict[str, tuple[pa.DataType, list[Any]]] = {
        "id": _ids(i.id for i in items),
        "summary": _text(i.summary for i in items),
        "addresses": _lists(i.addresses for i in items),
    }
    _with_instant(columns, "available_from", [i.available_from for i in items], local=False)
    _with_instant(columns, "expires_at", [i.expires_at for i in items], local=False)
    columns.update({
        "priority": _ints(i.priority for i in items),
        "contact_id": _ids(i.contact_id for i in items),
        "role": _ids(i.role for i in items),
        "first_step": _bools(i.first_step for i in items),
        "repair": _bools(i.repair for i in items),
        "proof": _bools(i.proof for i in items),
        "differentiates": _bools(i.differentiates for i in items),
    })
    return _frame(columns, kind)


@attrs.frozen(kw_only=True)
class PlanFrames:
    """The frames of one or many plans, one row per item, each with ``account_id``.

    Attributes:
        relances: the planned follow-ups.
        needs: the new ideas needed, and by when.
        advice: contacts to approach differently.
        skipped: backlog ideas that cannot be used, with their code.
        waiting: usable ideas the plans do not place, and what holds them.
        flags: the red flags of each account's qualification.
    """

    relances: Any
    needs: Any
    advice: Any
    skipped: Any
    waiting: Any
    flags: Any


def _named(
    plans: Sequence[Plan],
    accounts: Iterable[Account],
    ideas: Iterable[Idea] | Mapping[str, Iterable[Idea]],
) -> tuple[dict[str, Account], dict[tuple[str, str], Idea]]:
    """The accounts by id, and the ideas by (account id, idea id)."""
    found = {account.id: account for account in accounts}
    by_idea: dict[tuple[str, str], Idea] = {}
    if isinstance(ideas, Mapping):
        groups: Iterable[tuple[str | None, tuple[Idea, ...]]] = [
            (owner, require_items(items, Idea, f"ideas[{owner!r}]"))
            for owner, items in ideas.items()]
    else:
        groups = [(None, require_items(ideas, Idea, "ideas"))]
    for owner, items in groups:
        for idea in items:
            targets = [owner] if owner is not None else [p.account_id for p in plans]
            for account_id in targets:
                by_idea[(account_id, idea.id)] = idea
    return found, by_idea


def plan_frames(
    plans: Plan | Iterable[Plan],
    *,
    accounts: Account | Iterable[Account] = (),
    ideas: Iterable[Idea] | Mapping[str, Iterable[Idea]] = (),
    library: Library = "pandas",
    locale: str = "en",
) -> PlanFrames:
    """The frames of one plan or a portfolio's plans (:class:`PlanFrames`).

    Every frame starts with ``account_id`` and ``account`` (its name);
    instants come as UTC, ``local`` and ``zone``; ``contact`` and ``role``
    stand beside ``contact_id``, and ``idea`` (the summary) beside
    ``idea_id``; ``why`` is the explanation in ``locale``.  The names come
    from ``accounts`` and ``ideas`` (one backlog for one plan, or a mapping
    from account id to its backlog) and are null where not given: the columns
    are the same whatever is known, so frames of several runs concatenate.

    Examples:
        >>> import pendulum
        >>> from relance import Account, Contact, Idea, Policy, plan
        >>> ana = Contact(id="ana", name="Ana", role="decision_maker",
        ...               timezone="Europe/Paris", country="FR")
        >>> acme = Account(id="acme", name="Acme", needs={"training"}, contacts=[ana])
        >>> pilot = Idea(id="pilot", summary="A two-week pilot", addresses={"training"})
        >>> p = plan(account=acme, history=[], ideas=[pilot], policy=Policy(),
        ...          now=pendulum.datetime(2026, 11, 23, 9, tz="Europe/Paris"),
        ...          horizon=pendulum.duration(weeks=4))
        >>> frames = plan_frames(p, accounts=acme, ideas=[pilot])
        >>> frames.relances[["account", "contact", "idea", "local"]].values.tolist()
        [['Acme', 'Ana', 'A two-week pilot', '2026-11-23T09:00:00+01:00']]
    """
    kind = _library(library)
    language = locale_of(locale)
    items = (plans,) if isinstance(plans, Plan) else require_items(plans, Plan, "plans")
    known, by_idea = _named(items, (accounts,) if isinstance(accounts, Account)
                            else require_items(accounts, Account, "accounts"),
                            ideas)

    def why(explanation: Explanation | None, text: str | None) -> str | None:
        if text is not None and explanation is None:
            return text
        return None if explanation is None else explanation.render(language)

    def table(
        rows: list[tuple[Plan, Any]],
        instant: str | None,
        extra: Callable[[dict[str, tuple[pa.DataType, list[Any]]], list[Any]], None],
        contact: str | None = "contact_id",
        idea: str | None = None,
    ) -> Any:
        owners = [p.account_id for p, _ in rows]
        things = [x for _, x in rows]
        # The same columns whatever is known: names are null where not given.
        columns: dict[str, tuple[pa.DataType, list[Any]]] = {"account_id": _ids(owners)}
        columns["account"] = _text(known[a].name if a in known else None for a in owners)
        if instant is not None:
            _with_instant(columns, "at", [getattr(x, instant) for x in things])
            if instant != "at":
                columns[instant] = columns.pop("at")
        if contact is not None:
            ids = [getattr(x, contact) for x in things]
            columns[contact] = _ids(ids)
            people = [None if i is None or a not in known else known[a]._by_id.get(i)
                      for a, i in zip(owners, ids, strict=True)]
            columns["contact"] = _text(None if c is None else c.name for c in people)
            columns["role"] = _ids(None if c is None else c.role for c in people)
        if idea is not None:
            ids = [getattr(x, idea) for x in things]
            columns[idea] = _ids(ids)
            columns["idea"] = _text(
                None if i is None or (a, i) not in by_idea else by_idea[(a, i)].summary
                for a, i in zip(owners, ids, strict=True))
        extra(columns, things)
        columns["why"] = _text(why(x.explanation, x._text) for x in things)
        return _frame(columns, kind)

    def rows(part: str) -> list[tuple[Plan, Any]]:
        return [(p, x) for p in items for x in getattr(p, part)]

    def relances(columns: dict[str, tuple[pa.DataType, list[Any]]], xs: list[Any]) -> None:
        columns["channel"] = _ids(x.channel for x in xs)
        columns["kind"] = _ids(x.kind for x in xs)
        columns["checkpoint_id"] = _ids(x.checkpoint_id for x in xs)

    def needs(columns: dict[str, tuple[pa.DataType, list[Any]]], xs: list[Any]) -> None:
        columns["need"] = _ids(x.need for x in xs)

    def advice(columns: dict[str, tuple[pa.DataType, list[Any]]], xs: list[Any]) -> None:
        columns["code"] = _ids(x.code for x in xs)
        columns["suggest_contact_id"] = _ids(x.suggest_contact_id for x in xs)
        columns["suggest_channels"] = _lists(x.suggest_channels for x in xs)
        columns["suggest_idea_id"] = _ids(x.suggest_idea_id for x in xs)

    def coded(columns: dict[str, tuple[pa.DataType, list[Any]]], xs: list[Any]) -> None:
        columns["code"] = _ids(x.code for x in xs)

    # The relances and advice keep their instant's zone; a need's deadline too.
    return PlanFrames(
        relances=table(rows("relances"), "at", relances, idea="idea_id"),
        needs=table(rows("needs"), "by", needs),
        advice=table(rows("advice"), "at", advice),
        skipped=table(rows("skipped"), None, coded, contact=None, idea="idea_id"),
        waiting=table(rows("waiting"), "until", coded, idea="idea_id"),
        flags=table(rows("flags"), None, coded, contact=None),
    )


def verdicts_frame(
    verdicts: Iterable[Verdict],
    *,
    locale: str = "en",
    library: Library = "pandas",
) -> Any:
    """One row per verdict: ``allowed``, ``codes`` (a list), ``earliest`` three ways, ``why``.

    ``why`` joins the reasons' sentences in ``locale``; an allowed verdict has
    none (and its ``earliest`` is its own instant).

    Examples:
        >>> import pendulum
        >>> from relance import Account, Contact, Idea, Policy, Proposal
        >>> ana = Contact(id="ana", name="Ana", role="decision_maker",
        ...               timezone="Europe/Paris", country="FR")
        >>> acme = Account(id="acme", name="Acme", needs={"training"}, contacts=[ana])
        >>> pilot = Idea(id="pilot", summary="A pilot", addresses={"training"})
        >>> sunday = pendulum.datetime(2026, 11, 22, 10, tz="Europe/Paris")
        >>> v = Policy().check(Proposal(at=sunday, contact_id="ana", channel="phone",
        ...                             idea_id="pilot"), account=acme, history=[], ideas=[pilot])
        >>> verdicts_frame([v])[["allowed", "codes", "earliest_local"]].values.tolist()
        [[False, ['non-working-day'], '2026-11-23T09:00:00+01:00']]
    """
    kind = _library(library)
    language = locale_of(locale)
    items = require_items(verdicts, Verdict, "verdicts")
    columns: dict[str, tuple[pa.DataType, list[Any]]] = {
        "allowed": _bools(v.allowed for v in items),
        "codes": (pa.list_(pa.string()), [list(v.codes) for v in items]),
    }
    _with_instant(columns, "earliest", [v.earliest for v in items])
    columns["why"] = _text(
        "; ".join(r.render(language) for r in v.reasons) or None for v in items)
    return _frame(columns, kind)



@attrs.frozen(kw_only=True)
class AuditFrames:
    """The frames of one or many audits, each row with ``account_id``.

    Attributes:
        findings: one row per past touch the policy would have refused.
        summary: one row per audit: how pushy the account's history has been.
    """

    findings: Any
    summary: Any


def audit_frames(
    audits: Audit | Iterable[Audit],
    *,
    locale: str = "en",
    library: Library = "pandas",
) -> AuditFrames:
    """The frames of one audit or a portfolio's (:class:`AuditFrames`).

    ``findings``: ``account_id``, ``index`` (the touch's position in the
    history given), the touch's instant three ways (``at``, ``local``,
    ``zone``), ``contact_id``, ``channel``, ``idea_id``, ``checkpoint_id``,
    ``reply``, ``codes`` (a list) and ``why`` (every reason's sentence in
    ``locale``).  ``summary``: ``account_id``, ``judged``, ``refused``,
    ``empty_check_ins``, ``too_soon``, ``over_cap``, ``outside_working_time``,
    and the longest silence (``longest_silence_days``, its ``start`` and
    ``end`` in UTC, ``ongoing``).

    Examples:
        >>> import pendulum
        >>> from relance import Account, Contact, Policy, Touch, audit
        >>> ana = Contact(id="ana", name="Ana", role="decision_maker",
        ...               timezone="Europe/Paris", country="FR")
        >>> acme = Account(id="acme", name="Acme", needs={"x"}, contacts=[ana])
        >>> nudge = Touch(at=pendulum.datetime(2026, 11, 4, 10, tz="Europe/Paris"),
        ...               contact_id="ana", channel="email", direction="outbound",
        ...               outcome="no_answer")
        >>> frames = audit_frames(audit(account=acme, history=[nudge], ideas=[], policy=Policy()))
        >>> frames.findings[["index", "local", "codes"]].values.tolist()
        [[0, '2026-11-04T10:00:00+01:00', ['no-new-idea']]]
        >>> frames.summary[["judged", "refused", "empty_check_ins"]].values.tolist()
        [[1, 1, 1]]
    """
    kind = _library(library)
    language = locale_of(locale)
    items = (audits,) if isinstance(audits, Audit) else require_items(audits, Audit, "audits")
    rows = [(a, f) for a in items for f in a.findings]
    found = [f for _, f in rows]
    columns: dict[str, tuple[pa.DataType, list[Any]]] = {
        "account_id": _ids(a.account_id for a, _ in rows),
        "index": _ints(f.index for f in found),
    }
    _with_instant(columns, "at", [f.touch.at for f in found])
    columns.update({
        "contact_id": _ids(f.touch.contact_id for f in found),
        "channel": _ids(f.touch.channel for f in found),
        "idea_id": _ids(f.touch.idea_id for f in found),
        "checkpoint_id": _ids(f.touch.checkpoint_id for f in found),
        "reply": _bools(f.reply for f in found),
        "codes": (pa.list_(pa.string()), [list(f.codes) for f in found]),
        "why": _text("; ".join(r.render(language) for r in f.reasons) for f in found),
    })
    findings = _frame(columns, kind)
    sums = [a.summary for a in items]
    silences = [s.longest_silence for s in sums]
    columns = {
        "account_id": _ids(a.account_id for a in items),
        "judged": _ints(s.judged for s in sums),
        "refused": _ints(s.refused for s in sums),
        "empty_check_ins": _ints(s.empty_check_ins for s in sums),
        "too_soon": _ints(s.too_soon for s in sums),
        "over_cap": _ints(s.over_cap for s in sums),
        "outside_working_time": _ints(s.outside_working_time for s in sums),
        "longest_silence_days": (pa.float64(), [
            None if x is None else (x.end.timestamp() - x.start.timestamp()) / 86_400
            for x in silences]),
    }
    _with_instant(columns, "longest_silence_start",
                  [None if x is None else x.start for x in silences], local=False)
    _with_instant(columns, "longest_silence_end",
                  [None if x is None else x.end for x in silences], local=False)
    columns["ongoing"] = (pa.bool_(), [None if x is None else x.ongoing for x in silences])
    return AuditFrames(findings=findings, summary=_frame(columns, kind))
