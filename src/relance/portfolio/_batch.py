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

from .._core.errors import InvalidValueError, RelanceError, short_repr
from .._core.models import Proposal
from .._core.plan import Plan
from .._core.planner import plan, plan_window
from .._core.policy import Policy
from .._core.validation import require_instant
from .._core.verdict import Verdict
from .._io.explanations import locale_of
from .._io.serialization import Document, from_dict, load_json, to_dict

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
class Checked:
    """One account of a batch check: a verdict per proposal, or why there are none.

    Attributes:
        index: its position in the input, from 0.
        account_id: the account's id, when the document got that far.
        verdicts: the verdicts, in the order of the proposals; ``None`` on bad input.
        error: why there are none (a bad document, or a bad proposal: every
            proposal of the account is checked, or none), or ``None``.
    """

    index: int
    account_id: str | None
    verdicts: tuple[Verdict, ...] | None
    error: BatchError | None


@attrs.frozen(kw_only=True)
class CheckSummary:
    """What a batch check did: accounts read, checked, proposals allowed and refused, errors."""

    accounts: int
    checked: int
    allowed: int
    refused: int
    errors: int


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
        data, account_id = _parsed(item)
        doc = _document(data)
        result = plan(account=doc.account, history=doc.history, ideas=doc.ideas,
                      policy=policy or doc.the_policy, now=now, horizon=horizon)
    except RelanceError as exc:
        return Planned(index=index, account_id=account_id, plan=None, error=_error(exc))
    return Planned(index=index, account_id=account_id, plan=result, error=None)


def _parsed(item: object) -> tuple[object, str | None]:
    """A document, its data, or its JSON text parsed; and its account's id when it says."""
    if isinstance(item, Document):
        return item, item.account.id
    if isinstance(item, (str, bytes)):
        item = load_json(item, what="Document")  # decoded and parsed once, strictly
    return item, _account_id(item)


def _document(data: object) -> Document:
    return data if isinstance(data, Document) else from_dict(Document, data)


def _within(exc: RelanceError, prefix: str) -> RelanceError:
    """The error, its path read from inside ``prefix`` (``document``, ``proposals[2]``)."""
    field = exc.field or "$"
    field = prefix if field == "$" else f"{prefix}{'' if field[0] == '[' else '.'}{field}"
    return type(exc)(f"{prefix}: {exc}", field=field, value=exc.value)


def _check_one(index: int, item: object, policy: Policy | None) -> Checked:
    """Parse and validate one account's proposals and check each (in whichever process)."""
    account_id = None
    try:
        if isinstance(item, tuple) and len(item) == 2:
            given, raw = item
        else:
            data = load_json(item, what="check") if isinstance(item, (str, bytes)) else item
            if not isinstance(data, Mapping) or set(data) != {"document", "proposals"}:
                raise InvalidValueError(
                    "a check is an object with exactly the keys 'document' and 'proposals' "
                    f"(got {short_repr(data)})", field="$", value=data)
            given, raw = data["document"], data["proposals"]
            if not isinstance(given, Mapping):
                raise InvalidValueError(f"document: expected an object (got {short_repr(given)})",
                                        field="document", value=given)
        try:
            data, account_id = _parsed(given)
            doc = _document(data)
        except RelanceError as exc:
            raise _within(exc, "document") from None
        if isinstance(raw, (str, bytes, Mapping)) or not isinstance(raw, Iterable):
            raise InvalidValueError(f"proposals: expected an array (got {short_repr(raw)})",
                                    field="proposals", value=raw)
        history = doc.the_history  # the facts once, for every proposal
        rules = policy or doc.the_policy
        verdicts = []
        for number, proposal in enumerate(raw):
            try:
                found = proposal if isinstance(proposal, Proposal) else from_dict(Proposal,
                                                                                  proposal)
                verdicts.append(rules.check(found, account=doc.account, history=history,
                                            ideas=doc.ideas))
            except RelanceError as exc:
                if exc.field.startswith("proposal."):  # check's own: proposal.contact_id
                    exc = type(exc)(str(exc).removeprefix("proposal."),
                                    field=exc.field.removeprefix("proposal."), value=exc.value)
                raise _within(exc, f"proposals[{number}]") from None
    except RelanceError as exc:
        return Checked(index=index, account_id=account_id, verdicts=None, error=_error(exc))
    return Checked(index=index, account_id=account_id, verdicts=tuple(verdicts), error=None)


# -- worker processes: the task once, then chunks of (index, text) ----------------------------

_SETTINGS: dict[str, Any] = {}


def _init_worker(task: Callable[[int, object], Any]) -> None:
    _SETTINGS["task"] = task


def _work(chunk: list[tuple[int, object]], finish: Callable[[Any], Any]) -> list[Any]:
    task = _SETTINGS["task"]
    return [finish(task(index, item)) for index, item in chunk]


def _keep(item: T) -> T:
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
    task = functools.partial(_plan_one, now=when, horizon=span, policy=policy)
    return _generate(documents, task, workers)


def _options(
    now: object, horizon: object, policy: object, jobs: object
) -> tuple[datetime, timedelta, int]:
    """The batch's options, checked before anything is read: (now, horizon, workers)."""
    when = require_instant(now, "now")
    if not isinstance(horizon, timedelta) or horizon <= timedelta(0):
        raise InvalidValueError(f"horizon must be a positive duration (got {horizon!r})",
                                field="horizon", value=horizon)
    plan_window(when, horizon)  # beyond 100 years or the supported range: said once, here
    return when, horizon, _workers(policy, jobs)


def _workers(policy: object, jobs: object) -> int:
    """The options every batch has, checked: the worker processes to start."""
    if policy is not None and not isinstance(policy, Policy):
        raise InvalidValueError(f"policy must be a Policy or None (got {policy!r})",
                                field="policy", value=policy)
    return _jobs(jobs)


def _generate(
    items: Iterable[object], task: Callable[[int, object], Any], workers: int,
    finish: Callable[[Any], T] = _keep,
) -> Iterator[T]:
    """``finish(task(index, item))`` for each item, in order; both run where the work is done.

    With workers, a result is turned into what the caller keeps (a record's
    text, say) in the worker, so that only that crosses back: pickling plans
    home and rendering them here would make this process the bottleneck.
    """
    if workers == 1:
        for index, item in enumerate(items):
            yield finish(task(index, item))
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                             initargs=(task,)) as pool:
        chunks = _chunks(items)
        # A bounded window of chunks in flight: constant memory, order kept.
        pending = [pool.submit(_work, chunk, finish)
                   for chunk in itertools.islice(chunks, workers * WINDOWS)]
        while pending:
            done = pending.pop(0).result()
            following = next(chunks, None)
            if following is not None:
                pending.append(pool.submit(_work, following, finish))
            yield from done


def _cores() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)


def max_jobs() -> int:
    """The most worker processes a batch starts: 8 per core available (at least 8)."""
    return 8 * max(1, _cores())


def _jobs(jobs: object) -> int:
    if jobs is None:
        return _cores()
    if isinstance(jobs, bool) or not isinstance(jobs, int) or not 1 <= jobs <= max_jobs():
        raise InvalidValueError(
            f"jobs must be a whole number from 1 to {max_jobs()} (8 per core available; got "
            f"{short_repr(jobs)})", field="jobs", value=jobs)
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
    locale = locale_of(locale)
    when, span, workers = _options(now, horizon, policy, jobs)
    accounts = planned = relances = needs = errors = 0
    documents = (line for line in lines if line.strip())
    task = functools.partial(_plan_one, now=when, horizon=span, policy=policy)
    finish = functools.partial(_line, locale=locale)
    for line in _generate(documents, task, workers, finish):
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


def check_portfolio(
    items: Iterable[Any],
    *,
    policy: Policy | None = None,
    jobs: int | None = None,
) -> Iterator[Checked]:
    """Check many accounts' proposals, yielding one :class:`Checked` per account, in order.

    Each account's history is read and its facts derived once, then every
    proposal of the account is checked against it.

    Args:
        items: ``(document, proposals)`` pairs (a document as for
            :func:`plan_portfolio`, proposals as :class:`~relance.Proposal` or
            their data), or ``{"document": ..., "proposals": [...]}`` objects,
            or their JSON text (a line of a JSON Lines file); read lazily.
        policy: a policy for every account, replacing the documents' own.
        jobs: worker processes; the cores available when ``None``, in this
            process when 1.

    Raises:
        InvalidValueError: ``policy`` or ``jobs`` is bad (nothing is checked).
            A bad document or proposal is an item with an ``error`` (its field
            inside the item: ``document.history[3].at``, ``proposals[0].at``).

    Examples:
        >>> import pendulum
        >>> from relance import Proposal, from_json, Document
        >>> doc = from_json(Document, '{"account": {"id": "acme", "name": "Acme", '
        ...     '"needs": ["x"], "contacts": [{"id": "ana", "name": "Ana", '
        ...     '"role": "decision_maker", "timezone": "Europe/Paris", "country": "FR"}]}, '
        ...     '"ideas": [{"id": "pilot", "summary": "A pilot", "addresses": ["x"]}]}')
        >>> monday = pendulum.datetime(2027, 3, 1, 10, tz="Europe/Paris")
        >>> asks = [Proposal(at=monday, contact_id="ana", channel="email", idea_id="pilot"),
        ...         Proposal(at=monday, contact_id="ana", channel="email")]
        >>> [item] = check_portfolio([(doc, asks)], jobs=1)
        >>> [v.allowed for v in item.verdicts], item.verdicts[1].codes
        ([True, False], ('no-new-idea',))
    """
    workers = _workers(policy, jobs)
    return _generate(items, functools.partial(_check_one, policy=policy), workers)


def check_record(item: Checked, *, locale: str = "en") -> str:
    """One line of a batch check's output: the verdicts, or the error, with index and account."""
    found: dict[str, Any] = {"index": item.index, "account_id": item.account_id}
    if item.verdicts is not None:
        found["verdicts"] = [to_dict(v, locale=locale) for v in item.verdicts]
    else:
        found["error"] = to_dict(item.error)
    return json.dumps(found, ensure_ascii=False, separators=(",", ":"))


class _Checks(NamedTuple):
    allowed: int
    refused: int
    failed: bool
    text: str


def _check_line(item: Checked, *, locale: str) -> _Checks:
    verdicts = item.verdicts or ()
    allowed = sum(v.allowed for v in verdicts)
    return _Checks(allowed=allowed, refused=len(verdicts) - allowed,
                   failed=item.verdicts is None, text=check_record(item, locale=locale))


def write_checks(
    lines: Iterable[str | bytes],
    output: IO[str],
    *,
    policy: Policy | None = None,
    jobs: int | None = None,
    locale: str = "en",
    progress: Callable[[CheckSummary], None] | None = None,
) -> CheckSummary:
    """Check a JSON Lines file of ``{"document", "proposals"}`` lines into JSON Lines, in order.

    Each output line is ``{"index", "account_id", "verdicts"}`` or
    ``{"index", "account_id", "error": {"kind", "field", "message"}}``; blank
    lines are skipped.  ``progress`` is called after each account with the
    summary so far.
    """
    locale = locale_of(locale)
    workers = _workers(policy, jobs)
    counts = {"accounts": 0, "checked": 0, "allowed": 0, "refused": 0, "errors": 0}
    items = (line for line in lines if line.strip())
    finish = functools.partial(_check_line, locale=locale)
    for line in _generate(items, functools.partial(_check_one, policy=policy), workers, finish):
        counts["accounts"] += 1
        counts["errors" if line.failed else "checked"] += 1
        counts["allowed"] += line.allowed
        counts["refused"] += line.refused
        output.write(line.text + "\n")
        if progress is not None:
            progress(CheckSummary(**counts))
    return CheckSummary(**counts)
