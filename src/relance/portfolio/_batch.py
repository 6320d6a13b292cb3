"""The streaming batch: documents in, plans (or error records) out, in order."""

from __future__ import annotations

import functools
import itertools
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timedelta
from typing import IO, Any, NamedTuple, TypeVar

import attrs

from .._core.errors import InvalidValueError, RelanceError
from .._core.plan import Plan
from .._core.planner import plan
from .._core.policy import Policy
from .._core.validation import require_instant
from .._io.serialization import Document, from_dict, load_json, to_dict

__all__ = ["BatchError", "Planned", "PortfolioSummary", "plan_portfolio", "write_plans"]

#: Documents handed to a worker at a time, and windows in flight per worker.
CHUNK = 32
WINDOWS = 4

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class BatchError:
    """Why one document of a batch was not planned: the library error's fields.

    Attributes:
        kind: the error's class name (``InvalidValueError``, ``UnknownIdError``…).
        field: the path of the bad value in the document (``$`` for the whole).
        message: the error's one-line message.
    """

    kind: str
    field: str
    message: str


@attrs.frozen(kw_only=True)
class Planned:
    """One document of a batch: its plan, or why it has none.

    Attributes:
        index: its position in the input, from 0.
        account_id: the account's id, when the document got that far.
        plan: the plan, or ``None`` on bad input.
        error: why there is no plan, or ``None``.
    """

    index: int
    account_id: str | None
    plan: Plan | None
    error: BatchError | None


@attrs.frozen(kw_only=True)
class PortfolioSummary:
    """What a batch did: accounts read, planned, relances, needs, errors."""

    accounts: int
    planned: int
    relances: int
    needs: int
    errors: int


def _account_id(data: object) -> str | None:
    if isinstance(data, Mapping):
        account = data.get("account")
        if isinstance(account, Mapping) and isinstance(account.get("id"), str):
            return str(account["id"])
    return None


def _error(exc: RelanceError) -> BatchError:
    return BatchError(kind=type(exc).__name__, field=exc.field or "$", message=str(exc))


def _plan_one(
    index: int, item: object, now: datetime, horizon: timedelta, policy: Policy | None
) -> Planned:
    """Parse, validate and plan one document (in whichever process runs it)."""
    account_id = None
    try:
        if isinstance(item, Document):
            doc = item
        elif isinstance(item, (str, bytes)):
            data = load_json(item, what="Document")  # decoded and parsed once, strictly
            account_id = _account_id(data)
            doc = from_dict(Document, data)
        else:
            account_id = _account_id(item)
            doc = from_dict(Document, item)
        account_id = doc.account.id
        result = plan(account=doc.account, history=doc.history, ideas=doc.ideas,
                      policy=policy or doc.the_policy, now=now, horizon=horizon)
    except RelanceError as exc:
        return Planned(index=index, account_id=account_id, plan=None, error=_error(exc))
    return Planned(index=index, account_id=account_id, plan=result, error=None)


# -- worker processes: the settings once, then chunks of (index, text) ----------------------

_SETTINGS: dict[str, Any] = {}


def _init_worker(now: datetime, horizon: timedelta, policy: Policy | None) -> None:
    _SETTINGS.update(now=now, horizon=horizon, policy=policy)


def _work(chunk: list[tuple[int, object]], finish: Callable[[Planned], Any]) -> list[Any]:
    return [
        finish(_plan_one(index, item, _SETTINGS["now"], _SETTINGS["horizon"], _SETTINGS["policy"]))
        for index, item in chunk
    ]


def _keep(item: Planned) -> Planned:
    return item


def _chunks(items: Iterable[object]) -> Iterator[list[tuple[int, object]]]:
    numbered = enumerate(items)
    while chunk := list(itertools.islice(numbered, CHUNK)):
        yield chunk


def plan_portfolio(
    documents: Iterable[Document | Mapping[str, Any] | str | bytes],
    *,
    now: datetime,
    horizon: timedelta = timedelta(weeks=12),
    policy: Policy | None = None,
    jobs: int | None = None,
) -> Iterator[Planned]:
    """Plan every document, yielding one :class:`Planned` per document, in order.

    Args:
        documents: documents, their ``to_dict`` form, or their JSON text (a
            line of a JSON Lines file); read lazily.
        now: the instant every plan starts from (aware).
        horizon: how far every plan looks.
        policy: a policy for every account, replacing the documents' own.
        jobs: worker processes; the cores available when ``None``, in this
            process when 1.

    Raises:
        InvalidValueError: ``now``, ``horizon``, ``policy`` or ``jobs`` is bad
            (nothing is planned).  A bad document is an item with an
            ``error``, never an exception.
    """
    when, span, workers = _options(now, horizon, policy, jobs)
    return _generate(documents, when, span, policy, workers)


def _options(
    now: object, horizon: object, policy: object, jobs: object
) -> tuple[datetime, timedelta, int]:
    """The batch's options, checked before anything is read: (now, horizon, workers)."""
    when = require_instant(now, "now")
    if not isinstance(horizon, timedelta) or horizon <= timedelta(0):
        raise InvalidValueError(f"horizon must be a positive duration (got {horizon!r})",
                                field="horizon", value=horizon)
    if policy is not None and not isinstance(policy, Policy):
        raise InvalidValueError(f"policy must be a Policy or None (got {policy!r})",
                                field="policy", value=policy)
    return when, horizon, _jobs(jobs)


def _generate(
    documents: Iterable[object], when: datetime, horizon: timedelta, policy: Policy | None,
    workers: int, finish: Callable[[Planned], T] = _keep,  # type: ignore[assignment]
) -> Iterator[T]:
    """``finish`` of each document's item, in order; ``finish`` runs where the plan is made.

    With workers, a plan is turned into what the caller keeps (a record's
    text, say) in the worker, so that only that crosses back: pickling plans
    home and rendering them here would make this process the bottleneck.
    """
    if workers == 1:
        for index, item in enumerate(documents):
            yield finish(_plan_one(index, item, when, horizon, policy))
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                             initargs=(when, horizon, policy)) as pool:
        chunks = _chunks(documents)
        # A bounded window of chunks in flight: constant memory, order kept.
        pending = [pool.submit(_work, chunk, finish)
                   for chunk in itertools.islice(chunks, workers * WINDOWS)]
        while pending:
            done = pending.pop(0).result()
            following = next(chunks, None)
            if following is not None:
                pending.append(pool.submit(_work, following, finish))
            yield from done


def _jobs(jobs: object) -> int:
    if jobs is None:
        return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                   else os.cpu_count() or 1)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise InvalidValueError(f"jobs must be a whole number of at least 1 (got {jobs!r})",
                                field="jobs", value=jobs)
    return jobs


def record_dict(item: Planned, *, locale: str = "en") -> dict[str, Any]:
    """The record of one document as data: the index, the account, the plan or the error."""
    found: dict[str, Any] = {"index": item.index, "account_id": item.account_id}
    if item.plan is not None:
        found["plan"] = to_dict(item.plan, locale=locale)
    else:
        found["error"] = to_dict(item.error)
    return found


def record(item: Planned, *, locale: str = "en") -> str:
    """One line of the output: the plan, or the error, with the index and account."""
    return json.dumps(record_dict(item, locale=locale), ensure_ascii=False, separators=(",", ":"))


class _Line(NamedTuple):
    """What a worker sends back for one document of a file: its record, and what it counts."""

    relances: int
    needs: int
    failed: bool
    text: str


def _line(item: Planned, *, locale: str) -> _Line:
    plan_ = item.plan
    return _Line(relances=0 if plan_ is None else len(plan_.relances),
                 needs=0 if plan_ is None else len(plan_.needs),
                 failed=plan_ is None, text=record(item, locale=locale))


def write_plans(
    lines: Iterable[str | bytes],
    output: IO[str],
    *,
    now: datetime,
    horizon: timedelta = timedelta(weeks=12),
    policy: Policy | None = None,
    jobs: int | None = None,
    locale: str = "en",
    progress: Callable[[PortfolioSummary], None] | None = None,
) -> PortfolioSummary:
    """Plan a JSON Lines portfolio into JSON Lines: one record a document, in order.

    Blank lines are skipped (they are not documents).  Each output line is
    ``{"index", "account_id", "plan"}`` or ``{"index", "account_id",
    "error": {"kind", "field", "message"}}``; worker processes write each
    record's text themselves.  ``progress`` is called after each document
    with the summary so far.

    Raises:
        InvalidValueError: as :func:`plan_portfolio`, for a bad option or
            ``locale`` (nothing is planned).
    """
    if not isinstance(locale, str):
        raise InvalidValueError(f"locale must be a str (got {locale!r})", field="locale",
                                value=locale)
    when, span, workers = _options(now, horizon, policy, jobs)
    accounts = planned = relances = needs = errors = 0
    documents = (line for line in lines if line.strip())
    finish = functools.partial(_line, locale=locale)
    for line in _generate(documents, when, span, policy, workers, finish):
        accounts += 1
        if line.failed:
            errors += 1
        else:
            planned += 1
            relances += line.relances
            needs += line.needs
        output.write(line.text + "\n")
        if progress is not None:
            progress(PortfolioSummary(accounts=accounts, planned=planned, relances=relances,
                                      needs=needs, errors=errors))
    return PortfolioSummary(accounts=accounts, planned=planned, relances=relances, needs=needs,
                            errors=errors)
