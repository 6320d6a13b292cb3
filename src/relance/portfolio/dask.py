"""A portfolio on a Dask cluster: a bag or a frame of documents, planned in the workers.

Needs the ``dask`` extra, ``relance[dask]`` (``pip install -e '.[dask]'``
from a checkout): Dask, its ``distributed`` scheduler, pandas, and pyarrow
for Parquet; ``relance`` and ``relance.portfolio`` never import it.

:func:`plan_bag` plans a :class:`dask.bag.Bag` of documents (JSON text such
as the lines ``dask.bag.read_text`` reads from JSON Lines files, UTF-8 bytes,
or dicts) into a bag of records: the dicts that ``relance portfolio plan``
writes, one JSON line each.  :func:`plan_frame` plans a column of documents
of a :class:`dask.dataframe.DataFrame` into one row per account with flat,
typed columns, ready for ``to_parquet``.

A worker plans its partitions with the code that plans one document in
:func:`~relance.portfolio.plan_portfolio` (in the worker's own process: no
pool inside a worker), so a record or row here says what the batch says,
account by account and in order.  A bad document is an error record or row,
never the end of the job; bad options are refused before anything is built.
Nothing is computed until asked (``compute``, ``to_parquet``,
``to_textfiles``…), by the current scheduler: the cluster of a
``distributed.Client`` when one is open.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

try:
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd
    from dask import delayed
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        f"relance.portfolio.dask needs Dask ({exc}): install relance with its 'dask' "
        "extra, relance[dask] (pip install -e '.[dask]' from a checkout)",
        name=exc.name,
    ) from exc

from .._core.errors import InvalidValueError
from .._core.policy import Policy
from .._io.explanations import locale_of
from .._io.serialization import to_json
from ._batch import Planned, _options, _plan_one, record_dict

__all__ = ["plan_bag", "plan_frame"]

# The columns of plan_frame's rows and their pandas dtypes (nullable: <NA> where none applies).
_COLUMNS = {
    "account_id": "string",
    "plan": "string",
    "relances": "Int64",
    "needs": "Int64",
    "error_kind": "string",
    "error_field": "string",
    "error_message": "string",
}


def _settings(
    now: datetime, horizon: timedelta, policy: Policy | None, locale: str
) -> tuple[datetime, timedelta, Policy | None, str]:
    """The options, checked as :func:`plan_portfolio` checks them (same fields), and locale."""
    when, span, _ = _options(now, horizon, policy, 1)
    return when, span, policy, locale_of(locale)


# -- what a worker runs on one partition ------------------------------------------------------


def _blank(document: object) -> bool:
    return isinstance(document, (str, bytes)) and not document.strip()


def _plan_partition(
    documents: Iterable[object], now: datetime, horizon: timedelta, policy: Policy | None,
    locale: str,
) -> list[dict[str, Any]]:
    """The records of one partition's documents, indexed from 0; blank lines skipped."""
    kept = (document for document in documents if not _blank(document))
    return [record_dict(_plan_one(index, document, now, horizon, policy), locale=locale)
            for index, document in enumerate(kept)]


def _shifted(records: list[dict[str, Any]], start: int) -> list[dict[str, Any]]:
    """The records indexed from ``start`` (new dicts: a task never changes its inputs)."""
    return [{**found, "index": found["index"] + start} for found in records] if start else records


def _after(records: list[dict[str, Any]], start: int) -> int:
    return start + len(records)


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _rows(items: list[Planned], index: pd.Index, locale: str) -> pd.DataFrame:
    """One row per planned document, with the dtypes of ``_COLUMNS``."""
    data: dict[str, list[object]] = {name: [] for name in _COLUMNS}
    for item in items:
        data["account_id"].append(item.account_id)
        if item.plan is not None:
            data["plan"].append(to_json(item.plan, indent=None, locale=locale))
            data["relances"].append(len(item.plan.relances))
            data["needs"].append(len(item.plan.needs))
        else:
            data["plan"].append(None)
            data["relances"].append(None)
            data["needs"].append(None)
        error = item.error
        data["error_kind"].append(None if error is None else error.kind)
        data["error_field"].append(None if error is None else error.field)
        data["error_message"].append(None if error is None else error.message)
    return pd.DataFrame({name: pd.array(values, dtype=_COLUMNS[name])
                         for name, values in data.items()}, index=index)


def _plan_rows(
    documents: pd.Series, now: datetime, horizon: timedelta, policy: Policy | None, locale: str
) -> pd.DataFrame:
    """The rows of one partition's documents, on the partition's index."""
    items = [_plan_one(index, None if _missing(document) else document, now, horizon, policy)
             for index, document in enumerate(documents)]
    return _rows(items, documents.index, locale)


# -- the public functions: checked options, then a lazy graph ---------------------------------


def plan_bag(
    bag: db.Bag,
    *,
    now: datetime,
    horizon: timedelta = timedelta(weeks=12),
    policy: Policy | None = None,
    locale: str = "en",
) -> db.Bag:
    """Plan a bag of documents into a bag of records, one per document, in order.

    A record is the dict that ``relance portfolio plan`` writes as a JSON
    line: ``{"index", "account_id", "plan"}`` or ``{"index", "account_id",
    "error": {"kind", "field", "message"}}``; ``index`` counts the documents
    across partitions, from 0.  Blank lines are skipped (they are not
    documents), as in a JSON Lines file.  Write the records with
    ``records.map(json.dumps).to_textfiles(...)``, or plan a frame for
    Parquet (:func:`plan_frame`).

    Args:
        bag: documents: JSON text (str or UTF-8 bytes), their ``to_dict``
            form, or :class:`~relance.Document` objects.
        now: the instant every plan starts from (aware).
        horizon: how far every plan looks.
        policy: a policy for every account, replacing the documents' own.
        locale: the language of the records' sentences (``en``, ``fr``).

    Returns:
        A lazy bag of records; each partition is planned by one task.

    Raises:
        InvalidValueError: ``bag``, ``now``, ``horizon``, ``policy`` or
            ``locale`` is bad (nothing is built).  A bad document is a
            record with an ``error``, never an exception.

    Examples:
        >>> import dask.bag as db
        >>> import pendulum
        >>> line = ('{"account": {"id": "acme", "name": "Acme", "needs": ["x"], '
        ...         '"contacts": [{"id": "ana", "name": "Ana", "role": "decision_maker", '
        ...         '"timezone": "Europe/Paris", "country": "FR"}]}, '
        ...         '"ideas": [{"id": "pilot", "summary": "A pilot", "addresses": ["x"]}]}')
        >>> documents = db.from_sequence([line, "{}", line], npartitions=2)
        >>> records = plan_bag(documents, now=pendulum.datetime(2027, 3, 1, tz="UTC"))
        >>> found = records.compute(scheduler="sync")  # a Client's cluster when one is open
        >>> [(r["index"], r["account_id"], "plan" in r) for r in found]
        [(0, 'acme', True), (1, None, False), (2, 'acme', True)]
        >>> found[1]["error"]["field"]
        'account'
    """
    if not isinstance(bag, db.Bag):
        raise InvalidValueError(f"bag must be a dask.bag.Bag (got {type(bag).__name__})",
                                field="bag", value=bag)
    options = _settings(now, horizon, policy, locale)
    parts = bag.map_partitions(_plan_partition, *options).to_delayed()
    # Partitions are planned side by side; then each one's records are numbered on from
    # the previous ones' (a task that only counts, and one that renumbers).
    numbered = []
    start: Any = 0
    for part in parts:
        numbered.append(delayed(_shifted, pure=True)(part, start))
        start = delayed(_after, pure=True)(part, start)
    return db.from_delayed(numbered)


def plan_frame(
    frame: dd.DataFrame,
    *,
    now: datetime,
    column: str = "document",
    horizon: timedelta = timedelta(weeks=12),
    policy: Policy | None = None,
    locale: str = "en",
) -> dd.DataFrame:
    """Plan a column of documents into one row per account, on the frame's index.

    The rows have these columns, nullable: ``account_id`` (a string, when
    the document got that far), ``plan`` (the plan's JSON text, as
    :func:`~relance.to_json` writes it on one line), ``relances`` and
    ``needs`` (``Int64``: how many the plan has), and ``error_kind``,
    ``error_field``, ``error_message`` (the error's, as in
    :class:`~relance.portfolio.BatchError`), missing (``<NA>``) where they
    do not apply.  The frame's partitions, divisions and index are kept,
    and its other columns are left behind (join them back on the index).
    Dask is told the rows' types: it never runs the planner on made-up data
    to guess them.

    Args:
        frame: a frame with a column of documents: JSON text, UTF-8 bytes or
            dicts; a missing value is an error row (field ``$``).
        now: the instant every plan starts from (aware).
        column: the column of documents.
        horizon: how far every plan looks.
        policy: a policy for every account, replacing the documents' own.
        locale: the language of the plans' sentences (``en``, ``fr``).

    Returns:
        A lazy frame of rows, ready for ``to_parquet``.

    Raises:
        InvalidValueError: ``frame``, ``column``, ``now``, ``horizon``,
            ``policy`` or ``locale`` is bad (nothing is built).  A bad
            document is a row with an error, never an exception.

    Examples:
        >>> import dask.dataframe as dd
        >>> import pandas as pd
        >>> import pendulum
        >>> line = ('{"account": {"id": "acme", "name": "Acme", "needs": ["x"], '
        ...         '"contacts": [{"id": "ana", "name": "Ana", "role": "decision_maker", '
        ...         '"timezone": "Europe/Paris", "country": "FR"}]}, '
        ...         '"ideas": [{"id": "pilot", "summary": "A pilot", "addresses": ["x"]}]}')
        >>> frame = dd.from_pandas(pd.DataFrame({"document": [line, "{}"]}), npartitions=2)
        >>> rows = plan_frame(frame, now=pendulum.datetime(2027, 3, 1, tz="UTC"))
        >>> rows.compute(scheduler="sync")[["account_id", "relances", "error_field"]]
          account_id  relances error_field
        0       acme         1        <NA>
        1       <NA>      <NA>     account
    """
    if not isinstance(frame, dd.DataFrame):
        raise InvalidValueError(
            f"frame must be a dask.dataframe.DataFrame (got {type(frame).__name__})",
            field="frame", value=frame)
    if not isinstance(column, str) or column not in frame.columns:
        raise InvalidValueError(
            f"column {column!r} is not a column of the frame "
            f"(its columns: {', '.join(map(str, frame.columns))})",
            field="column", value=column)
    options = _settings(now, horizon, policy, locale)
    documents = frame[column]
    meta = _rows([], documents._meta.index, options[3])
    return documents.map_partitions(_plan_rows, *options, meta=meta)
