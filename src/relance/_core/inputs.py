"""What ``check``, ``plan`` and a loaded document all require of their inputs.

One set of checks, so that a document that loads is one that ``check`` and
``plan`` accept, and ``check`` never allows what ``plan`` refuses: the
contacts and checkpoints a touch names exist, the contact an idea is meant
for exists, idea ids are unique.  A document (a complete record) must also
hold every idea its touches name; in Python, ``check`` and ``plan`` let the
ideas already shared be left out of the backlog.  Every problem is
collected, then raised as one error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from .errors import (
    DuplicateIdError,
    InvalidValueError,
    Problem,
    RelanceError,
    UnknownIdError,
    quote_key,
    short_repr,
)
from .history import History
from .models import Account, Idea, Touch
from .validation import a, require_items

__all__ = [
    "Found",
    "backlog_of",
    "checked_history",
    "problems_of",
    "raise_problems",
    "refuse_future_touches",
]

#: A problem and the class of error it is.
Found = tuple[Problem, type[RelanceError]]

# Backlogs given as tuples are immutable: their index is kept (the tuple is
# held, so its id cannot be reused while cached).
_BACKLOGS: dict[int, tuple[tuple[Idea, ...], dict[str, Idea]]] = {}


def known_ids(ids: Iterable[object]) -> str:
    """The ids an unknown one could have been: at most ten, then "… and N more"."""
    names = sorted(short_repr(k) for k in ids)
    more = f", … and {len(names) - 10} more" if len(names) > 10 else ""
    return (", ".join(names[:10]) + more) or "none"


_known = known_ids


def _index(ideas: Sequence[Idea], name: str) -> tuple[dict[str, Idea], list[Found]]:
    found: dict[str, Idea] = {}
    problems: list[Found] = []
    for index, idea in enumerate(ideas):
        if idea.id in found:
            problems.append((
                Problem(field=f"{name}[{index}].id", message=f"duplicate id {idea.id!r}",
                        value=idea.id),
                DuplicateIdError,
            ))
        else:
            found[idea.id] = idea
    return found, problems


def backlog_of(ideas: object, name: str = "ideas") -> Mapping[str, Idea]:
    """The backlog indexed by id: a mapping as it is, a sequence indexed once.

    Raises:
        InvalidValueError: ``ideas`` is not a collection of :class:`~relance.Idea`
            (``None``, a string, a lone idea…), or two ideas share an id.
    """
    if isinstance(ideas, Mapping):
        return ideas
    if isinstance(ideas, tuple):
        cached = _BACKLOGS.get(id(ideas))
        if cached is not None and cached[0] is ideas:
            return cached[1]
    items = require_items(ideas, Idea, name)
    index, problems = _index(items, name)
    raise_problems(problems, what="ideas")
    if isinstance(ideas, tuple):
        if len(_BACKLOGS) >= 256:
            _BACKLOGS.clear()
        _BACKLOGS[id(ideas)] = (ideas, index)
    return index


def problems_of(
    account: Account,
    touches: Sequence[Touch],
    ideas: Sequence[Idea] | Mapping[str, Idea],
    *,
    history_name: str = "history",
    ideas_name: str = "ideas",
    shared_in_backlog: bool = True,
) -> list[Found]:
    """Every inconsistency between an account, its touches and its backlog.

    Positions in paths are those of the sequences given.  With
    ``shared_in_backlog`` (a document: a complete record), every idea a touch
    names must be in the backlog; ``check`` and ``plan`` let a caller leave
    out the ideas already shared.  Checkpoints are the account's own: a touch
    naming one it does not have is refused everywhere.
    """
    problems: list[Found] = []
    if isinstance(ideas, Mapping):
        backlog: Mapping[str, Idea] = ideas
        listed: Iterable[tuple[str, Idea]] = (
            (f"{ideas_name}{quote_key(key)}", idea) for key, idea in ideas.items()
            if isinstance(key, str)
        )
        for key, idea in ideas.items():
            if not isinstance(key, str):
                problems.append((
                    Problem(field=f"{ideas_name}[{short_repr(key)}]",
                            message="keys must be the ideas' ids (strings)", value=key),
                    InvalidValueError,
                ))
            elif isinstance(idea, Idea) and idea.id != key:
                problems.append((
                    Problem(field=f"{ideas_name}{quote_key(key)}",
                            message=f"holds idea {idea.id!r}: keys must be the ideas' ids",
                            value=idea.id),
                    InvalidValueError,
                ))
    else:
        backlog, duplicates = _index(ideas, ideas_name)
        problems.extend(duplicates)
        listed = ((f"{ideas_name}[{i}]", idea) for i, idea in enumerate(ideas))
    contacts = account._by_id
    owner = f"account {account.id!r}"
    for path, idea in listed:
        if not isinstance(idea, Idea):
            problems.append((
                Problem(field=path, message=f"must be {a('Idea')} (got {short_repr(idea)})",
                        value=idea),
                InvalidValueError,
            ))
        elif idea.contact_id is not None and idea.contact_id not in contacts:
            problems.append(_unknown(f"{path}.contact_id", idea.contact_id, contacts, owner))
    checkpoints = account._checkpoint_by_id
    for index, touch in enumerate(touches):
        path = f"{history_name}[{index}]"
        if touch.contact_id not in contacts:
            problems.append(_unknown(f"{path}.contact_id", touch.contact_id, contacts, owner))
        if shared_in_backlog and touch.idea_id is not None and touch.idea_id not in backlog:
            problems.append(_unknown(f"{path}.idea_id", touch.idea_id, backlog,
                                     "the backlog (keep shared ideas in it)"))
        if touch.checkpoint_id is not None and touch.checkpoint_id not in checkpoints:
            problems.append(
                _unknown(f"{path}.checkpoint_id", touch.checkpoint_id, checkpoints, owner)
            )
    return problems


def _unknown(path: str, given: str, known: Iterable[str], owner: str) -> Found:
    """An id that names nothing: ``unknown idea id 'x' (the backlog has: 'a', 'b')``."""
    what = path.rsplit(".", 1)[-1].removesuffix("_id")
    return (
        Problem(field=path, message=f"unknown {what} id {given!r} ({owner} has: "
                f"{_known(known)})", value=given),
        UnknownIdError,
    )


def raise_problems(problems: Sequence[Found], *, what: str) -> None:
    """Raise one error for the problems found, if any.

    One problem raises its own class, with ``"path: message"``; several of one
    class raise that class, listing them all; several of different classes an
    :class:`~relance.InvalidValueError`.
    """
    if not problems:
        return
    if len(problems) == 1:
        problem, kind = problems[0]
        raise kind(str(problem), problems=(problem,))
    raise one_class(problems).of((p for p, _ in problems), what=what)


def one_class(problems: Sequence[Found]) -> type[RelanceError]:
    """The class of an error for these problems: theirs if they share one."""
    kinds = {kind for _, kind in problems}
    return kinds.pop() if len(kinds) == 1 else InvalidValueError


def checked_history(
    history: object,
    account: Account,
    backlog: Mapping[str, Idea],
    ideas: object = None,
) -> History:
    """The history as a :class:`History`, consistent with the account and backlog.

    A prebuilt ``History`` remembers the last account and backlog it was
    found consistent with, so that checking many proposals against it costs
    nothing more.  ``ideas``, the backlog as the caller gave it, names the
    positions in errors.
    """
    # Only a backlog given as a tuple (indexed once, immutable) is remembered:
    # a mapping may change between two calls.
    remember = isinstance(ideas, tuple)
    if isinstance(history, History):
        memo = history._checked
        if remember and memo is not None and memo[0] is account and memo[1] is backlog:
            return history
        given_touches: Sequence[Touch] | None = None  # built only to name a problem
        hist = history._ready()
    else:
        given_touches = require_items(history, Touch, "history")
        hist = History(given_touches)
    contacts = account._by_id
    if (
        not hist._contacts.keys() <= contacts.keys()
        or not hist._named_checkpoints.keys() <= account._checkpoint_by_id.keys()
        or not all(
            isinstance(idea, Idea)
            and idea.id == key
            and (idea.contact_id is None or idea.contact_id in contacts)
            for key, idea in backlog.items()
        )
    ):
        given = ideas if isinstance(ideas, (Mapping, tuple, list)) else backlog
        raise_problems(
            problems_of(account, hist.touches if given_touches is None else given_touches,
                        given, shared_in_backlog=False),
            what="input",
        )
    if remember:
        hist._checked = (account, backlog)
    return hist


def refuse_future_touches(
    given: Iterable[Touch], hist: History, until: int, now: datetime, why: str
) -> None:
    """Refuse a history with a touch after ``now`` (``until``, in µs), naming the first one.

    ``why`` ends the message: what the history is for, and why a later touch
    cannot be in it.
    """
    last = hist.last_us
    if last is None or last <= until:
        return
    index, late = next((i, t) for i, t in enumerate(given) if t._us > until)
    raise InvalidValueError(
        f"history[{index}].at: {late.at.isoformat()!r} is after now ({now.isoformat()!r}): "
        f"{why}",
        field=f"history[{index}].at",
        value=late.at,
    )
